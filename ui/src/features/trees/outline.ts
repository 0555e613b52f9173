import type { NodeDetails, NodeKind, NodeStatus, TreeNode } from '../../lib/api';

export interface OutlineRow {
  node: TreeNode;
  depth: number;
}

/**
 * Nodes in outline order (depth first, by position then creation), with their depth. Orphans
 * whose parent is gone sit at the top level. `order` re-orders each node's children for the
 * view (sort by demand) without touching their positions.
 */
export function outline(
  nodes: readonly TreeNode[],
  collapsed: ReadonlySet<string> = new Set(),
  order: (siblings: TreeNode[]) => TreeNode[] = (s) => s,
): OutlineRow[] {
  const ids = new Set(nodes.map((n) => n.id));
  const children = childrenOf(nodes, ids);
  const out: OutlineRow[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const n of order(children.get(parent) ?? [])) {
      if (seen.has(n.id)) continue; // a cycle would otherwise never end
      seen.add(n.id);
      out.push({ node: n, depth });
      if (!collapsed.has(n.id)) walk(n.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

function childrenOf(nodes: readonly TreeNode[], ids: ReadonlySet<string>): Map<string | null, TreeNode[]> {
  const children = new Map<string | null, TreeNode[]>();
  for (const n of nodes) {
    const p = n.parent_id && ids.has(n.parent_id) ? n.parent_id : null;
    const list = children.get(p) ?? [];
    list.push(n);
    children.set(p, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.position - b.position || a.created_at.localeCompare(b.created_at));
  return children;
}

/** The children of `parent` (null: the outcome) in order. */
export function siblings(nodes: readonly TreeNode[], parent: string | null): TreeNode[] {
  const ids = new Set(nodes.map((n) => n.id));
  return childrenOf(nodes, ids).get(parent) ?? [];
}

export const TEST_STATUSES: NodeStatus[] = ['planned', 'running', 'passed', 'failed', 'inconclusive'];
export const OTHER_STATUSES: NodeStatus[] = ['open', 'done', 'dropped'];

export function statusesFor(kind: NodeKind): NodeStatus[] {
  return kind === 'assumption_test' ? TEST_STATUSES : OTHER_STATUSES;
}

/** What usually goes under a node of this kind. */
export function childKind(parent: NodeKind | null): NodeKind {
  if (parent === 'opportunity') return 'solution';
  if (parent === 'solution' || parent === 'assumption_test') return 'assumption_test';
  return 'opportunity';
}

/** The kinds that may hang under a parent of this kind (null: the outcome); mirrors the core's rule. */
export function kindsUnder(parent: NodeKind | null): NodeKind[] {
  if (parent === null) return ['opportunity'];
  if (parent === 'opportunity') return ['opportunity', 'solution'];
  if (parent === 'solution') return ['assumption_test'];
  return [];
}

export const KIND_LABEL: Record<NodeKind, string> = {
  opportunity: 'Opportunity',
  solution: 'Solution',
  assumption_test: 'Assumption test',
};

// ---- the outline's keyboard ----

export type OutlineOp =
  | { op: 'sibling' }
  | { op: 'indent' }
  | { op: 'outdent' }
  | { op: 'move'; dir: -1 | 1 }
  | { op: 'kind'; dir: -1 | 1 }
  | { op: 'delete' }
  | { op: 'undo' }
  | { op: 'redo' }
  | { op: 'focus'; dir: -1 | 1 }
  | { op: 'collapse'; collapsed: boolean }
  | { op: 'select' }
  | { op: 'leave' };

export interface KeyInput {
  key: string;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

export interface KeyContext {
  /** The row's title field is empty. */
  empty: boolean;
  /** The caret sits at the very start of the field with nothing selected. */
  atStart: boolean;
  /** The field holds text not yet saved: the browser's own undo applies to it first. */
  dirty: boolean;
}

/** What a key press in an outline row asks for, or null to let the field have it. */
export function keyToOp(e: KeyInput, ctx: KeyContext): OutlineOp | null {
  const mod = e.ctrlKey || e.metaKey;
  if (mod && !e.altKey && (e.key === 'z' || e.key === 'Z')) {
    if (ctx.dirty) return null;
    return e.shiftKey ? { op: 'redo' } : { op: 'undo' };
  }
  if (mod && !e.altKey && (e.key === 'y' || e.key === 'Y') && !ctx.dirty) return { op: 'redo' };
  if (mod && e.key === 'Enter') return { op: 'select' };
  if (mod && !e.altKey && e.key === 'ArrowUp') return { op: 'collapse', collapsed: true };
  if (mod && !e.altKey && e.key === 'ArrowDown') return { op: 'collapse', collapsed: false };
  if (mod) return null;
  if (e.altKey) {
    if (e.key === 'ArrowUp') return { op: 'move', dir: -1 };
    if (e.key === 'ArrowDown') return { op: 'move', dir: 1 };
    if (e.key === 'ArrowLeft') return { op: 'kind', dir: -1 };
    if (e.key === 'ArrowRight') return { op: 'kind', dir: 1 };
    return null;
  }
  switch (e.key) {
    case 'Escape':
      return { op: 'leave' };
    case 'Enter':
      return e.shiftKey ? null : { op: 'sibling' };
    case 'Tab':
      return e.shiftKey ? { op: 'outdent' } : { op: 'indent' };
    case 'Backspace':
      return ctx.empty && ctx.atStart && !e.shiftKey ? { op: 'delete' } : null;
    case 'ArrowUp':
      return e.shiftKey ? null : { op: 'focus', dir: -1 };
    case 'ArrowDown':
      return e.shiftKey ? null : { op: 'focus', dir: 1 };
    default:
      return null;
  }
}

/** Where a node goes: under `parent` (null: the outcome) at `index` among the other children, as `kind`. */
export interface Placement {
  parent_id: string | null;
  index: number;
  kind: NodeKind;
}

export type Plan = { ok: true; to: Placement } | { ok: false; message: string };

const kindOf = (nodes: readonly TreeNode[], id: string | null): NodeKind | null =>
  id === null ? null : (nodes.find((n) => n.id === id)?.kind ?? null);

/** A kind the node may take under `parent`: its own if allowed, else the usual one there. */
function fitKind(node: TreeNode, parentKind: NodeKind | null): NodeKind | null {
  const allowed = kindsUnder(parentKind);
  if (allowed.includes(node.kind)) return node.kind;
  return allowed.length ? allowed[allowed.length - 1] : null;
}

/** Whether `node` has children the kind `kind` could not keep. */
function childrenBlock(nodes: readonly TreeNode[], node: TreeNode, kind: NodeKind): boolean {
  const allowed = kindsUnder(kind);
  return nodes.some((n) => n.parent_id === node.id && !allowed.includes(n.kind));
}

const article = (k: NodeKind | null) => (k === null ? 'the outcome' : k === 'opportunity' ? 'an opportunity' : k === 'solution' ? 'a solution' : 'an assumption test');

/** Tab: the node becomes the last child of the sibling above it. */
export function planIndent(nodes: readonly TreeNode[], id: string): Plan {
  const node = nodes.find((n) => n.id === id);
  if (!node) return { ok: false, message: 'That node is gone.' };
  const sibs = siblings(nodes, node.parent_id);
  const i = sibs.findIndex((n) => n.id === id);
  if (i <= 0) return { ok: false, message: 'Nothing above to indent under: the first item of a level stays where it is.' };
  const parent = sibs[i - 1];
  const kind = fitKind(node, parent.kind);
  if (!kind) return { ok: false, message: `Nothing can go under ${article(parent.kind)}.` };
  if (childrenBlock(nodes, node, kind)) return { ok: false, message: `${KIND_LABEL[node.kind]} “${node.title}” has children that cannot go under ${article(kind)}.` };
  return { ok: true, to: { parent_id: parent.id, index: siblings(nodes, parent.id).length, kind } };
}

/** Shift+Tab: the node moves out to sit right after its parent. */
export function planOutdent(nodes: readonly TreeNode[], id: string): Plan {
  const node = nodes.find((n) => n.id === id);
  if (!node) return { ok: false, message: 'That node is gone.' };
  if (node.parent_id === null) return { ok: false, message: 'Already at the top level, right under the outcome.' };
  const parent = nodes.find((n) => n.id === node.parent_id);
  if (!parent) return { ok: false, message: 'That node is gone.' };
  const grand = kindOf(nodes, parent.parent_id);
  if (!kindsUnder(grand).includes(node.kind)) {
    return { ok: false, message: `${article(node.kind).replace(/^a/, 'A')} cannot go under ${article(grand)}.` };
  }
  const outer = siblings(nodes, parent.parent_id).filter((n) => n.id !== id);
  return { ok: true, to: { parent_id: parent.parent_id, index: outer.findIndex((n) => n.id === parent.id) + 1, kind: node.kind } };
}

/** Alt+Up/Down: swap with the sibling above or below (never leaves its parent). */
export function planMove(nodes: readonly TreeNode[], id: string, dir: -1 | 1): Plan {
  const node = nodes.find((n) => n.id === id);
  if (!node) return { ok: false, message: 'That node is gone.' };
  const sibs = siblings(nodes, node.parent_id);
  const i = sibs.findIndex((n) => n.id === id);
  const j = i + dir;
  if (j < 0 || j >= sibs.length) return { ok: false, message: dir < 0 ? 'Already first in its level.' : 'Already last in its level.' };
  return { ok: true, to: { parent_id: node.parent_id, index: j, kind: node.kind } };
}

/** Alt+Left/Right: the next kind allowed where the node is, or why there is none. */
export function planKind(nodes: readonly TreeNode[], id: string, dir: -1 | 1): { ok: true; kind: NodeKind } | { ok: false; message: string } {
  const node = nodes.find((n) => n.id === id);
  if (!node) return { ok: false, message: 'That node is gone.' };
  const parentKind = kindOf(nodes, node.parent_id);
  const allowed = kindsUnder(parentKind).filter((k) => !childrenBlock(nodes, node, k));
  const i = allowed.indexOf(node.kind);
  const next = allowed[(i + dir + allowed.length) % allowed.length];
  if (!next || next === node.kind) {
    return { ok: false, message: `Only ${article(node.kind).replace(/^an? /, '')}s can go under ${article(parentKind)} here.` };
  }
  return { ok: true, kind: next };
}

/** The status a node keeps when its kind changes (tests have their own statuses). */
export function statusForKind(kind: NodeKind, status: NodeStatus): NodeStatus {
  const allowed = statusesFor(kind);
  return allowed.includes(status) ? status : allowed[0];
}

/** Every details field empty: what a new node starts with (the core refuses another kind's fields). */
export const emptyDetails = (): NodeDetails => ({
  frequency: null,
  severity: null,
  reach: null,
  score_note: '',
  target: false,
  impact: null,
  confidence: null,
  ease: null,
  assumption: '',
  category: null,
  method: '',
  success_criteria: '',
  result: '',
  shipped_at: null,
  votes: null,
});
