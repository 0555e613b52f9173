import type { NodeKind, NodeStatus, TreeNode } from '../../lib/api';

export interface OutlineRow {
  node: TreeNode;
  depth: number;
}

/** Nodes in outline order (depth first, by position then creation), with their depth. Orphans whose parent is gone sit at the top level. */
export function outline(nodes: readonly TreeNode[]): OutlineRow[] {
  const ids = new Set(nodes.map((n) => n.id));
  const children = new Map<string | null, TreeNode[]>();
  for (const n of nodes) {
    const p = n.parent_id && ids.has(n.parent_id) ? n.parent_id : null;
    const list = children.get(p) ?? [];
    list.push(n);
    children.set(p, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.position - b.position || a.created_at.localeCompare(b.created_at));
  const out: OutlineRow[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const n of children.get(parent) ?? []) {
      if (seen.has(n.id)) continue; // a cycle would otherwise never end
      seen.add(n.id);
      out.push({ node: n, depth });
      walk(n.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
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
