import { describe, expect, it } from 'vitest';
import { descendantsOf, dropAt, type Box } from './drop';
import { centreOn, fit, intersects, MAX_ZOOM, pan, READABLE_ZOOM, reveal, toWorld, visibleWorld, wheelFactor, zoomAt } from './viewport';

describe('viewport maths', () => {
  it('pans by screen pixels whatever the zoom', () => {
    expect(pan({ x: 10, y: 20, k: 2 }, 5, -5)).toEqual({ x: 15, y: 15, k: 2 });
  });
  it('zooms about the pointer, which stays over the same world point', () => {
    const v = { x: 30, y: 40, k: 1 };
    const before = toWorld(v, 200, 100);
    const z = zoomAt(v, 2, 200, 100);
    expect(z.k).toBe(2);
    const after = toWorld(z, 200, 100);
    expect(after.x).toBeCloseTo(before.x);
    expect(after.y).toBeCloseTo(before.y);
  });
  it('clamps the zoom', () => {
    expect(zoomAt({ x: 0, y: 0, k: 2 }, 10, 0, 0).k).toBe(MAX_ZOOM);
  });
  it('turns wheel deltas into gentle factors, in for negative deltas', () => {
    expect(wheelFactor(-100)).toBeGreaterThan(1);
    expect(wheelFactor(100)).toBeLessThan(1);
    expect(wheelFactor(3, 1)).toBeCloseTo(wheelFactor(48));
  });
  it('fits content in the viewport, centred, never above 1:1', () => {
    const v = fit({ x: 0, y: 0, width: 1000, height: 500 }, 548, 400, 24);
    expect(v.k).toBeCloseTo(0.5);
    expect(v.x).toBeCloseTo(24);
    expect(v.y).toBeCloseTo(75);
    expect(fit({ x: 0, y: 0, width: 10, height: 10 }, 500, 500).k).toBe(1);
  });
  it('fits no smaller than a floor: centred across, its top in view, the rest to pan to', () => {
    // 3,000 × 800 in 600 × 500 would need 0.18; at the readable floor it is 0.6.
    const v = fit({ x: 0, y: 0, width: 3000, height: 800 }, 600, 500, 24, READABLE_ZOOM);
    expect(v.k).toBe(READABLE_ZOOM);
    // Its middle is the viewport's middle across…
    expect(v.x + 1500 * v.k).toBeCloseTo(300);
    // …and taller than the viewport at that zoom, its top sits at the margin.
    expect(v.y).toBeCloseTo(24);
    // A short one is centred down as well.
    const w = fit({ x: 0, y: 0, width: 3000, height: 300 }, 600, 500, 24, READABLE_ZOOM);
    expect(w.y + 150 * w.k).toBeCloseTo(250);
    // Content that fits above the floor is not enlarged to it, nor past 1:1.
    expect(fit({ x: 0, y: 0, width: 800, height: 400 }, 600, 500, 24, READABLE_ZOOM).k).toBeCloseTo(0.69);
    expect(fit({ x: 0, y: 0, width: 100, height: 100 }, 600, 500, 24, READABLE_ZOOM).k).toBe(1);
  });
  it('centres a rect and knows what is visible', () => {
    const v = centreOn({ x: 0, y: 0, k: 2 }, { x: 100, y: 100, width: 20, height: 10 }, 400, 300);
    expect(toWorld(v, 200, 150)).toEqual({ x: 110, y: 105 });
    const w = visibleWorld(v, 400, 300);
    expect(w.width).toBe(200);
    expect(intersects(w, { x: 100, y: 100, width: 20, height: 10 })).toBe(true);
    expect(intersects(w, { x: 1000, y: 100, width: 20, height: 10 })).toBe(false);
  });
  it('pans a rect just into view, keeping the zoom', () => {
    const v = { x: 0, y: 0, k: 2 };
    // Already in view, even close to an edge: nothing moves.
    expect(reveal(v, { x: 20, y: 20, width: 50, height: 20 }, 400, 300)).toEqual(v);
    expect(reveal(v, { x: 2, y: 140, width: 50, height: 10 }, 400, 300)).toEqual(v);
    // Past the right edge: its right side lands at the margin, and it shows whole.
    const r = { x: 180, y: 20, width: 50, height: 20 };
    const right = reveal(v, r, 400, 300, 24);
    expect(right.k).toBe(2);
    expect(right.y).toBe(0);
    expect(right.x + (r.x + r.width) * 2).toBe(400 - 24);
    expect(intersects(visibleWorld(right, 400, 300), r)).toBe(true);
    // Above the top: its top lands at the margin.
    const up = reveal({ x: 0, y: -100, k: 1 }, { x: 10, y: 20, width: 10, height: 10 }, 400, 300, 24);
    expect(up).toEqual({ x: 0, y: 4, k: 1 });
    // Wider than the viewport: its left edge shows.
    const wide = reveal({ x: -500, y: 0, k: 1 }, { x: 0, y: 0, width: 1000, height: 10 }, 400, 300, 24);
    expect(wide.x).toBe(24);
  });
});

describe('drop targets', () => {
  const boxes: Box[] = [
    { id: 'a', parent_id: null, x: 0, y: 0, width: 100, height: 40 },
    { id: 'b', parent_id: 'a', x: 150, y: 0, width: 100, height: 40 },
    { id: 'c', parent_id: 'a', x: 150, y: 60, width: 100, height: 40 },
  ];
  it('drops onto the middle of a card and beside it at its edges', () => {
    expect(dropAt(boxes, 'c', new Set(), 200, 20)).toEqual({ kind: 'onto', target: 'b' });
    expect(dropAt(boxes, 'c', new Set(), 200, 2)).toEqual({ kind: 'before', target: 'b', parent_id: 'a' });
    expect(dropAt(boxes, 'c', new Set(), 200, 38)).toEqual({ kind: 'after', target: 'b', parent_id: 'a' });
    expect(dropAt(boxes, 'c', new Set(), 120, 20)).toBeNull();
  });
  it('never drops onto the dragged node or its descendants', () => {
    const d = descendantsOf('a', boxes);
    expect([...d].sort()).toEqual(['b', 'c']);
    expect(dropAt(boxes, 'a', d, 200, 20)).toBeNull();
    expect(dropAt(boxes, 'a', d, 50, 20)).toBeNull();
  });
});
