import { describe, expect, it } from 'vitest';
import { applyFormat, type FormatKind } from './markdown-format';

/** Write the selection as « and » inside the text (a lone | is a cursor), so cases read at a glance. */
function run(marked: string, kind: FormatKind): string {
  const cursor = marked.indexOf('|');
  let text: string, s: number, e: number;
  if (cursor >= 0) {
    text = marked.replace('|', '');
    s = e = cursor;
  } else {
    s = marked.indexOf('«');
    e = marked.indexOf('»') - 1;
    text = marked.replace('«', '').replace('»', '');
  }
  const r = applyFormat(text, s, e, kind);
  if (r.selStart === r.selEnd) return r.text.slice(0, r.selStart) + '|' + r.text.slice(r.selStart);
  return r.text.slice(0, r.selStart) + '⟦' + r.text.slice(r.selStart, r.selEnd) + '⟧' + r.text.slice(r.selEnd);
}

describe('applyFormat: inline', () => {
  it('wraps the selection in bold, italic or code and keeps the words selected', () => {
    expect(run('a «word» b', 'bold')).toBe('a **⟦word⟧** b');
    expect(run('a «word» b', 'italic')).toBe('a _⟦word⟧_ b');
    expect(run('a «word» b', 'code')).toBe('a `⟦word⟧` b');
  });

  it('toggles off when the markers sit around the selection', () => {
    expect(run('a **«word»** b', 'bold')).toBe('a ⟦word⟧ b');
    expect(run('a _«word»_ b', 'italic')).toBe('a ⟦word⟧ b');
    expect(run('a `«word»` b', 'code')).toBe('a ⟦word⟧ b');
  });

  it('toggles off when the markers are inside the selection', () => {
    expect(run('a «**word**» b', 'bold')).toBe('a ⟦word⟧ b');
    expect(run('a «_word_» b', 'italic')).toBe('a ⟦word⟧ b');
  });

  it('round-trips: applying twice gives the original text', () => {
    for (const kind of ['bold', 'italic', 'code'] as const) {
      const once = applyFormat('x hello y', 2, 7, kind);
      const twice = applyFormat(once.text, once.selStart, once.selEnd, kind);
      expect(twice).toEqual({ text: 'x hello y', selStart: 2, selEnd: 7 });
    }
  });

  it('inserts empty markers with the cursor between them on an empty selection, and removes them again', () => {
    expect(run('a |b', 'bold')).toBe('a **|**b');
    expect(run('a **|**b', 'bold')).toBe('a |b');
    expect(run('|', 'code')).toBe('`|`');
  });

  it('leaves a trailing space outside the markers', () => {
    expect(run('«word »next', 'bold')).toBe('**⟦word⟧** next');
  });

  it('does not take italic underscores for bold', () => {
    expect(run('_«word»_', 'bold')).toBe('_**⟦word⟧**_');
  });
});

describe('applyFormat: link', () => {
  it('wraps the selection as a link text and selects the url placeholder', () => {
    expect(run('see «docs» now', 'link')).toBe('see [docs](⟦url⟧) now');
  });

  it('inserts a placeholder link on an empty selection', () => {
    expect(run('see |', 'link')).toBe('see [link](⟦url⟧)');
  });

  it('removes a link when applied to it again', () => {
    expect(run('see «[docs](https://x.y)» now', 'link')).toBe('see ⟦docs⟧ now');
    expect(run('see [«docs»](https://x.y) now', 'link')).toBe('see ⟦docs⟧ now');
  });
});

describe('applyFormat: lines', () => {
  it('toggles a heading on the line with the cursor, keeping the cursor on its word', () => {
    expect(run('one\ntw|o\nthree', 'heading')).toBe('one\n## tw|o\nthree');
    expect(run('one\n## tw|o\nthree', 'heading')).toBe('one\ntw|o\nthree');
  });

  it('turns another heading level into ##', () => {
    expect(run('# Ti|tle', 'heading')).toBe('## Ti|tle');
  });

  it('bullets every selected non-empty line and removes them when all have one', () => {
    expect(run('«a\n\nb»', 'bullet')).toBe('⟦- a\n\n- b⟧');
    expect(run('«- a\n\n- b»', 'bullet')).toBe('⟦a\n\nb⟧');
  });

  it('adds a bullet on an empty line so one can start a list', () => {
    expect(run('x\n|', 'bullet')).toBe('x\n- |');
  });

  it('bullets lines only partly selected, not the line a selection ends at the start of', () => {
    expect(run('al«pha\nbe»ta\ngamma', 'bullet')).toBe('- al⟦pha\n- be⟧ta\ngamma');
    expect(run('«alpha\n»beta', 'bullet')).toBe('⟦- alpha⟧\nbeta');
  });

  it('adds some where only some lines have it', () => {
    expect(run('«- a\nb»', 'bullet')).toBe('⟦- a\n- b⟧');
  });

  it('numbers the selected lines in order and removes the numbers', () => {
    expect(run('«a\nb\nc»', 'numbered')).toBe('⟦1. a\n2. b\n3. c⟧');
    expect(run('«1. a\n2. b»', 'numbered')).toBe('⟦a\nb⟧');
  });

  it('switches between bullets and numbers', () => {
    expect(run('«- a\n- b»', 'numbered')).toBe('⟦1. a\n2. b⟧');
    expect(run('«1. a\n2. b»', 'bullet')).toBe('⟦- a\n- b⟧');
  });

  it('toggles a quote', () => {
    expect(run('said |so', 'quote')).toBe('> said |so');
    expect(run('> said |so', 'quote')).toBe('said |so');
    expect(run('«one\ntwo»', 'quote')).toBe('⟦> one\n> two⟧');
  });

  it('keeps a cursor inside a removed prefix at the line start', () => {
    expect(run('#|# Title', 'heading')).toBe('|Title');
  });
});
