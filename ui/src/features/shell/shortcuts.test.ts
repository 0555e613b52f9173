import { describe, expect, it } from 'vitest';
import { isTyping, SHORTCUTS, textSelected } from './shortcuts';

describe('when single-letter shortcuts may fire', () => {
  it('not while typing in a field', () => {
    document.body.innerHTML = '<input id="t" type="text"><input id="c" type="checkbox"><textarea id="a"></textarea><p id="p">x</p>';
    expect(isTyping(document.getElementById('t'))).toBe(true);
    expect(isTyping(document.getElementById('a'))).toBe(true);
    expect(isTyping(document.getElementById('c'))).toBe(false);
    expect(isTyping(document.getElementById('p'))).toBe(false);
  });

  it('not while words are selected', () => {
    document.body.innerHTML = '<p id="p">Volunteers suffer a lot</p><p id="q">   </p>';
    const sel = window.getSelection()!;
    sel.removeAllRanges();
    expect(textSelected()).toBe(false);
    const range = document.createRange();
    range.setStart(document.getElementById('p')!.firstChild!, 0);
    range.setEnd(document.getElementById('p')!.firstChild!, 10);
    sel.addRange(range);
    expect(textSelected()).toBe(true);
    // Only white space selected is no selection.
    const blank = document.createRange();
    blank.selectNodeContents(document.getElementById('q')!);
    sel.removeAllRanges();
    sel.addRange(blank);
    expect(textSelected()).toBe(false);
    sel.removeAllRanges();
  });

  it('lists the transcript keys in the shortcuts dialog', () => {
    const labels = SHORTCUTS.map((s) => s.label).join('\n');
    expect(labels).toMatch(/Transcript: select by sentence/);
    expect(labels).toMatch(/Transcript: highlight the selection/);
  });
});
