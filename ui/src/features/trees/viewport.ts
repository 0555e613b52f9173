// Pan and zoom of the canvas as one affine transform (screen = world × k + (x, y)) applied to a
// single SVG group, so panning never re-lays out or re-renders the nodes. Pure maths, tested.

export interface View {
  /** Screen offset of the world origin, in CSS pixels. */
  x: number;
  y: number;
  /** Scale: screen pixels per layout unit. */
  k: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const MIN_ZOOM = 0.02;
export const MAX_ZOOM = 3;
/** Below this, card titles (13 px) are too small to read: Fit pans a small tree rather than go under it. */
export const READABLE_ZOOM = 0.6;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** The view moved by a screen-space delta. */
export function pan(v: View, dx: number, dy: number): View {
  return { x: v.x + dx, y: v.y + dy, k: v.k };
}

/** The view scaled by `factor` about a screen point, which stays put under the pointer. */
export function zoomAt(v: View, factor: number, sx: number, sy: number): View {
  const k = clamp(v.k * factor, MIN_ZOOM, MAX_ZOOM);
  const f = k / v.k;
  return { k, x: sx - (sx - v.x) * f, y: sy - (sy - v.y) * f };
}

/** The zoom factor for a wheel delta (pixels): smooth for trackpads, one notch ≈ 10 %. */
export function wheelFactor(deltaY: number, deltaMode = 0): number {
  const px = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY;
  return Math.exp(-clamp(px, -100, 100) * 0.002);
}

/**
 * The view that shows all of `content` inside a `width` × `height` viewport with a margin,
 * centred, no larger than 1:1 — and no smaller than `floor`: content too big to show whole at
 * that zoom stays centred across with its top in view, to be panned.
 */
export function fit(content: Rect, width: number, height: number, margin = 24, floor = MIN_ZOOM): View {
  if (content.width <= 0 || content.height <= 0 || width <= 0 || height <= 0) return { x: margin, y: margin, k: 1 };
  const whole = Math.min((width - 2 * margin) / content.width, (height - 2 * margin) / content.height, 1);
  const k = clamp(Math.max(whole, Math.min(floor, 1)), MIN_ZOOM, MAX_ZOOM);
  const tall = content.height * k > height - 2 * margin;
  return {
    k,
    x: (width - content.width * k) / 2 - content.x * k,
    y: tall ? margin - content.y * k : (height - content.height * k) / 2 - content.y * k,
  };
}

/** The view that puts a world rect at the centre of the viewport, keeping the zoom. */
export function centreOn(v: View, r: Rect, width: number, height: number): View {
  return { k: v.k, x: width / 2 - (r.x + r.width / 2) * v.k, y: height / 2 - (r.y + r.height / 2) * v.k };
}

/**
 * The view panned just enough that a world rect shows whole, keeping the zoom: unchanged
 * when it shows already, else moved in to `margin` from the edge it was cut by; a rect too
 * big to show whole shows its top-left corner.
 */
export function reveal(v: View, r: Rect, width: number, height: number, margin = 24): View {
  const axis = (offset: number, start: number, size: number, extent: number) => {
    const lo = offset + start * v.k;
    const hi = lo + size * v.k;
    if (lo >= 0 && hi <= extent) return offset;
    if (hi - lo > extent - 2 * margin || lo < 0) return offset + margin - lo;
    return offset - (hi - (extent - margin));
  };
  return { k: v.k, x: axis(v.x, r.x, r.width, width), y: axis(v.y, r.y, r.height, height) };
}

/** A screen point in world (layout) coordinates. */
export function toWorld(v: View, sx: number, sy: number): { x: number; y: number } {
  return { x: (sx - v.x) / v.k, y: (sy - v.y) / v.k };
}

/** The world rect the viewport shows. */
export function visibleWorld(v: View, width: number, height: number): Rect {
  const a = toWorld(v, 0, 0);
  return { x: a.x, y: a.y, width: width / v.k, height: height / v.k };
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The CSS transform for the world group. */
export function transform(v: View): string {
  return `translate(${v.x}px, ${v.y}px) scale(${v.k})`;
}
