import { describe, expect, it } from 'vitest';
import { computeWindow, scrollToReveal } from './virtual';

describe('virtual list windowing', () => {
  it('renders only the rows in view plus overscan, for 10k rows', () => {
    const w = computeWindow(0, 600, 50, 10_000, 5);
    expect(w.start).toBe(0);
    expect(w.end).toBe(18); // 12 visible + 1 partial + 5 overscan
    expect(w.offset).toBe(0);
    expect(w.total).toBe(500_000);
  });

  it('follows the scroll position', () => {
    const w = computeWindow(250_000, 600, 50, 10_000, 5);
    expect(w.start).toBe(4995);
    expect(w.end).toBe(5018);
    expect(w.offset).toBe(4995 * 50);
    expect(w.end - w.start).toBeLessThan(30);
  });

  it('clamps at the end and when scrolled past it', () => {
    const w = computeWindow(10_000_000, 600, 50, 10_000, 5);
    expect(w.end).toBe(10_000);
    expect(w.start).toBe(10_000 - 12 - 5);
  });

  it('handles empty and tiny lists', () => {
    expect(computeWindow(0, 600, 50, 0)).toEqual({ start: 0, end: 0, offset: 0, total: 0 });
    const w = computeWindow(0, 600, 50, 3);
    expect([w.start, w.end, w.total]).toEqual([0, 3, 150]);
  });

  it('scrolls just enough to reveal a row', () => {
    expect(scrollToReveal(10, 0, 600, 50)).toBeNull();
    expect(scrollToReveal(20, 0, 600, 50)).toBe(21 * 50 - 600);
    expect(scrollToReveal(2, 500, 600, 50)).toBe(100);
  });
});
