import { describe, expect, it } from 'vitest';
import { isTyping, SHORTCUTS, textSelected, undoKey } from './shortcuts';

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

describe('undo and redo keys', () => {
  const press = (key: string, target: EventTarget | null, mods: Partial<Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>> = {}) => {
    const e = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ctrlKey: false, ...mods });
    target?.dispatchEvent(e);
    return undoKey(e);
  };

  it('Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo, ⌘ as Ctrl', () => {
    document.body.innerHTML = '<button id="b">x</button><p id="p">y</p>';
    const b = document.getElementById('b');
    expect(press('z', b, { ctrlKey: true })).toBe('undo');
    expect(press('Z', b, { ctrlKey: true, shiftKey: true })).toBe('redo');
    expect(press('y', b, { ctrlKey: true })).toBe('redo');
    expect(press('z', document.getElementById('p'), { metaKey: true })).toBe('undo');
    expect(press('Z', document.body, { metaKey: true, shiftKey: true })).toBe('redo');
  });

  it('leaves other keys alone', () => {
    document.body.innerHTML = '<p id="p">y</p>';
    const p = document.getElementById('p');
    expect(press('z', p)).toBeNull();
    expect(press('z', p, { ctrlKey: true, altKey: true })).toBeNull();
    expect(press('Y', p, { ctrlKey: true, shiftKey: true })).toBeNull();
    expect(press('k', p, { ctrlKey: true })).toBeNull();
  });

  it('a text field or the Markdown editor (a textarea) keeps its own undo', () => {
    document.body.innerHTML = '<input id="t" type="text"><textarea id="a"></textarea><input id="c" type="checkbox">';
    for (const id of ['t', 'a']) {
      const el = document.getElementById(id);
      expect(press('z', el, { ctrlKey: true })).toBeNull();
      expect(press('z', el, { ctrlKey: true, shiftKey: true })).toBeNull();
      expect(press('y', el, { ctrlKey: true })).toBeNull();
    }
    // A checkbox holds no typing to undo: the change log's undo applies.
    expect(press('z', document.getElementById('c'), { ctrlKey: true })).toBe('undo');
  });

  it('lists the keys in the shortcuts dialog', () => {
    const undo = SHORTCUTS.find((s) => s.keys.join('+') === 'Mod+Z');
    expect(undo?.label).toMatch(/Undo your last change of any kind/);
    expect(SHORTCUTS.some((s) => s.keys.join('+') === 'Mod+Shift+Z' && /Redo/.test(s.label))).toBe(true);
    expect(SHORTCUTS.some((s) => s.keys.join('+') === 'Mod+Y' && /Redo/.test(s.label))).toBe(true);
  });
});
