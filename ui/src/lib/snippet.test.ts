import { describe, expect, it } from 'vitest';
import { matchRanges, queryWords, snippetParts } from './snippet';

const render = (text: string, hl: [number, number][]) =>
  snippetParts(text, hl)
    .map((p) => (p.mark ? `[${p.text}]` : p.text))
    .join('');

describe('snippet highlighting', () => {
  it('marks the ranges and keeps the rest as text', () => {
    expect(render('we onboard new hires', [[3, 10]])).toBe('we [onboard] new hires');
    expect(render('a b c', [])).toBe('a b c');
    expect(render('', [])).toBe('');
  });

  it('counts characters as Rust does (scalar values), not UTF-16 units', () => {
    // "😀" is one char in Rust but two UTF-16 units in JS.
    expect(render('😀 onboarding 😀 onboarding', [[2, 12], [15, 25]])).toBe('😀 [onboarding] 😀 [onboarding]');
    expect(render('café naïve', [[5, 10]])).toBe('café [naïve]');
  });

  it('survives unsorted, overlapping, empty and out-of-range ranges', () => {
    expect(render('abcdefghij', [[6, 8], [1, 3], [2, 4], [5, 5], [9, 99], [-4, 0]])).toBe('a[bcd]ef[gh]i[j]');
  });

  it('keeps markup in the text as text', () => {
    const parts = snippetParts('<img src=x onerror=alert(1)> hello', [[29, 34]]);
    expect(parts[0]).toEqual({ text: '<img src=x onerror=alert(1)> ', mark: false });
    expect(parts[1]).toEqual({ text: 'hello', mark: true });
  });
});

describe('title matches', () => {
  it('marks words the query starts, in characters', () => {
    expect(render('Zebracorn onboarding call', matchRanges('Zebracorn onboarding call', 'zebraco'))).toBe('[Zebracorn] onboarding call');
    expect(render('😀 Onboarding', matchRanges('😀 Onboarding', 'onboard'))).toBe('😀 [Onboarding]');
    expect(render('Interview with Ana', matchRanges('Interview with Ana', 'interviews'))).toBe('[Interview] with Ana');
  });

  it('follows phrases and exclusions, and ignores short partial words', () => {
    expect(queryWords('"weekly report" -excel due')).toEqual(['weekly', 'report', 'due']);
    expect(render('a weekly report in excel', matchRanges('a weekly report in excel', '"weekly report" -excel'))).toBe('a [weekly] [report] in excel');
    expect(matchRanges('an answer', 'a')).toEqual([]);
    expect(matchRanges('anything', '')).toEqual([]);
  });
});
