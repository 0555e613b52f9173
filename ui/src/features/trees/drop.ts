// Where a node dragged on the canvas lands: onto a node (becomes its last child), or beside a
// sibling (above or below it in the same parent: a re-order). Pure, tested.
import type { Rect } from './viewport';

export interface Box extends Rect {
  id: string;
  parent_id: string | null;
}

export type Drop =
  | { kind: 'onto'; target: string }
  | { kind: 'before' | 'after'; target: string; parent_id: string | null };

/** Pixels (world units) at a card's top and bottom edge that mean "beside", not "onto". */
export const EDGE = 0.25;

/**
 * The drop for a pointer at world point (x, y) while dragging `dragged`. Never onto the node
 * itself or anything under it (that would make a cycle). Siblings in the layout stack
 * vertically, so the top and bottom quarter of a card mean before/after it.
 */
export function dropAt(boxes: readonly Box[], dragged: string, descendants: ReadonlySet<string>, x: number, y: number): Drop | null {
  for (const b of boxes) {
    if (b.id === dragged || descendants.has(b.id)) continue;
    if (x < b.x || x > b.x + b.width || y < b.y || y > b.y + b.height) continue;
    const t = (y - b.y) / b.height;
    if (t < EDGE) return { kind: 'before', target: b.id, parent_id: b.parent_id };
    if (t > 1 - EDGE) return { kind: 'after', target: b.id, parent_id: b.parent_id };
    return { kind: 'onto', target: b.id };
  }
  return null;
}

/** Every node under `id` (not itself), from a parent map. */
export function descendantsOf(id: string, nodes: readonly { id: string; parent_id: string | null }[]): Set<string> {
  const kids = new Map<string, string[]>();
  for (const n of nodes) if (n.parent_id) kids.set(n.parent_id, [...(kids.get(n.parent_id) ?? []), n.id]);
  const out = new Set<string>();
  const stack = [...(kids.get(id) ?? [])];
  while (stack.length) {
    const n = stack.pop()!;
    if (out.has(n)) continue;
    out.add(n);
    stack.push(...(kids.get(n) ?? []));
  }
  return out;
}
