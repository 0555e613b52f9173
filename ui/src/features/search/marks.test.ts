import { describe, expect, it } from 'vitest';
import { markParams, markTerms, unitOffsets } from './marks';

describe('search marks', () => {
  it('carries the terms through the route and back', () => {
    expect(markParams(['train', 'volunt'])).toEqual({ mark: 'train volunt' });
    expect(markParams([])).toEqual({});
    expect(markParams(undefined)).toEqual({});
    expect(markTerms({ mark: 'train volunt', segment: 'x' })).toEqual(['train', 'volunt']);
    expect(markTerms({ segment: 'x' })).toEqual([]);
    expect(markTerms({ mark: '  ' })).toEqual([]);
  });

  it('turns the engine’s character ranges into UTF-16 offsets for DOM ranges', () => {
    // "😀" is one character for the engine, two UTF-16 units for the DOM.
    const text = '😀 trainings 😀 train';
    const units = unitOffsets(text, [
      [2, 11],
      [14, 19],
    ]);
    expect(units.map(([s, e]) => text.slice(s, e))).toEqual(['trainings', 'train']);
    // Empty, reversed or out-of-bounds ranges (a text that changed) never throw.
    expect(unitOffsets('abc', [[2, 2], [3, 1]])).toEqual([]);
    expect(unitOffsets('abc', [[1, 99]])).toEqual([[1, 3]]);
  });
});
