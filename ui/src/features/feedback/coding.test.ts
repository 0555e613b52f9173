import { describe, expect, it } from 'vitest';
import { quoteParts, quoteRanges } from './coding';

const h = (id: string, quote: string, start: number, anchor: 'ok' | 'moved' | 'lost' = 'ok') => ({ id, quote, start, anchor });

describe('marking highlights in a feedback item', () => {
  it('finds each quote nearest where it was anchored, and leaves lost ones out', () => {
    const text = 'slow export. Really slow export.';
    expect(quoteRanges(text, [h('a', 'slow export', 20), h('b', 'gone', 0, 'lost'), h('c', 'not there', 0)])).toEqual([{ id: 'a', start: 20, end: 31 }]);
  });

  it('cuts the text where highlights start and end, overlaps naming both', () => {
    const parts = quoteParts('abcdefgh', [
      { id: 'a', start: 1, end: 4 },
      { id: 'b', start: 3, end: 6 },
    ]);
    expect(parts).toEqual([
      { text: 'a', ids: [] },
      { text: 'bc', ids: ['a'] },
      { text: 'd', ids: ['a', 'b'] },
      { text: 'ef', ids: ['b'] },
      { text: 'gh', ids: [] },
    ]);
  });

  it('counts characters, not UTF-16 units, and clamps ranges past the end', () => {
    const parts = quoteParts('😀 hi there', [{ id: 'a', start: 2, end: 4 }, { id: 'z', start: 50, end: 60 }]);
    expect(parts).toEqual([
      { text: '😀 ', ids: [] },
      { text: 'hi', ids: ['a'] },
      { text: ' there', ids: [] },
    ]);
    expect(quoteParts('', [])).toEqual([]);
    expect(quoteParts('plain', [])).toEqual([{ text: 'plain', ids: [] }]);
  });
});
