// One tree as the views see it: its nodes, the evidence behind each, which node is selected and
// which subtrees are folded, and every edit as one call to the core (which checks the structure
// and records the change for undo). The outline, the canvas and the side panel share one model.
import * as api from '../../lib/api';
import type { Evidence, NodeKind, TreeNode, TreeNodeInput } from '../../lib/api';
import { app } from '../../lib/app.svelte';
import { siblings, statusForKind, type Placement } from './outline';

/** Every details field empty: what a new node starts with (the core refuses another kind's fields). */
export type Details = {
  frequency: number | null;
  severity: number | null;
  reach: number | null;
  score_note: string;
  target: boolean;
  impact: number | null;
  confidence: number | null;
  ease: number | null;
  assumption: string;
  category: string | null;
  method: string;
  success_criteria: string;
  result: string;
};

export const emptyDetails = (): Details => ({
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
});

export const inputOf = (n: TreeNode): TreeNodeInput => ({
  parent_id: n.parent_id,
  kind: n.kind,
  title: n.title,
  description: n.description,
  position: n.position,
  status: n.status,
  details: { ...n.details },
});

export class TreeModel {
  readonly treeId: string;
  nodes = $state.raw<TreeNode[]>([]);
  /** Evidence links per node id. */
  evidence = $state.raw<Map<string, Evidence[]>>(new Map());
  /** Distinct participants behind each node's evidence (from the core). */
  participants = $state.raw<Map<string, number>>(new Map());
  loading = $state(true);
  loadError = $state<unknown>(null);
  /** The last refusal (a structure rule, a missing title), shown near the views. */
  message = $state<string | null>(null);
  selected = $state<string | null>(null);
  collapsed = $state.raw<Set<string>>(new Set());
  /** Bumped after each change so panels that fetch more (history) reload. */
  version = $state(0);

  constructor(treeId: string) {
    this.treeId = treeId;
  }

  node(id: string | null): TreeNode | undefined {
    return id ? this.nodes.find((n) => n.id === id) : undefined;
  }

  async load(): Promise<void> {
    this.loadError = null;
    try {
      const nodes = await api.listTreeNodes(this.treeId);
      const lists = await Promise.all(nodes.map((n) => api.listEvidence({ kind: 'tree_node', id: n.id }).catch(() => [] as Evidence[])));
      this.nodes = nodes;
      this.evidence = new Map(nodes.map((n, i) => [n.id, lists[i]]));
      if (this.selected && !this.node(this.selected)) this.selected = null;
    } catch (e) {
      this.loadError = e;
    } finally {
      this.loading = false;
    }
  }

  /** Run one edit; a refusal becomes the model's message and the edit's result is null. */
  async run<T>(what: () => Promise<T>): Promise<T | null> {
    this.message = null;
    try {
      const out = await what();
      this.version += 1;
      app.changed();
      return out;
    } catch (e) {
      this.message = api.describeError(e).detail;
      return null;
    } finally {
      await this.load();
    }
  }

  fail(message: string): void {
    this.message = message;
  }

  /** A new node; `created` runs as soon as the core made it, before the tree reloads. */
  async create(parent: string | null, index: number, kind: NodeKind, title: string, created?: (n: TreeNode) => void): Promise<TreeNode | null> {
    return this.run(async () => {
      const made = await api.createTreeNode(this.treeId, {
        parent_id: parent,
        kind,
        title,
        description: '',
        position: index,
        status: statusForKind(kind, 'open'),
        details: emptyDetails(),
      });
      this.nodes = [...this.nodes, made];
      created?.(made);
      await this.#renumber(parent, made.id, index);
      return made;
    });
  }

  async update(id: string, change: Partial<TreeNodeInput>): Promise<TreeNode | null> {
    const n = this.node(id);
    if (!n) return null;
    const input = { ...inputOf(n), ...change };
    if (change.kind && change.kind !== n.kind) {
      input.status = statusForKind(change.kind, input.status);
      input.details = emptyDetails(); // another kind's fields would be refused
    }
    return this.run(() => api.updateTreeNode(id, input));
  }

  /** Put a node at a place (another parent and/or index), changing its kind if the place asks. */
  async place(id: string, to: Placement): Promise<boolean> {
    const n = this.node(id);
    if (!n) return false;
    const ok = await this.run(async () => {
      const details = to.kind === n.kind ? n.details : emptyDetails();
      await api.updateTreeNode(id, { ...inputOf(n), parent_id: to.parent_id, kind: to.kind, status: statusForKind(to.kind, n.status), position: to.index, details });
      await this.#renumber(to.parent_id, id, to.index);
      return true;
    });
    return ok === true;
  }

  /** Positions 0..n among the children of `parent`, with `id` at `index`. */
  async #renumber(parent: string | null, id: string, index: number): Promise<void> {
    const fresh = await api.listTreeNodes(this.treeId);
    const others = siblings(fresh, parent).filter((s) => s.id !== id);
    const me = fresh.find((s) => s.id === id);
    if (!me) return;
    const order = [...others.slice(0, index), me, ...others.slice(index)];
    for (const [i, s] of order.entries()) if (s.position !== i) await api.updateTreeNode(s.id, { ...inputOf(s), position: i });
  }

  async undo(): Promise<void> {
    this.message = 'Undo needs the tree history, which this build does not have yet.';
  }

  async redo(): Promise<void> {
    this.message = 'Redo needs the tree history, which this build does not have yet.';
  }

  toggle(id: string, collapse?: boolean): void {
    const next = new Set(this.collapsed);
    if (collapse ?? !next.has(id)) next.add(id);
    else next.delete(id);
    this.collapsed = next;
  }

  /** Unfold every ancestor of a node so it shows. */
  reveal(id: string): void {
    const next = new Set(this.collapsed);
    let cursor = this.node(id)?.parent_id ?? null;
    const seen = new Set<string>();
    while (cursor && !seen.has(cursor)) {
      seen.add(cursor);
      next.delete(cursor);
      cursor = this.node(cursor)?.parent_id ?? null;
    }
    this.collapsed = next;
  }

  hasChildren(id: string): boolean {
    return this.nodes.some((n) => n.parent_id === id);
  }
}
