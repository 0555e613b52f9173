// One tree as the views see it: its nodes, the evidence behind each, which node is selected and
// which subtrees are folded, and every edit as one call to the core (which checks the structure
// and records the change for undo). The outline, the canvas and the side panel share one model.
import * as api from '../../lib/api';
import type { Demand, Evidence, LayoutNode, NodeDetails, TreeHistory, TreeLayout, NodeKind, TreeNode, TreeNodeInput } from '../../lib/api';
import { app } from '../../lib/app.svelte';
import { upsertById } from '../../lib/merge';
import { emptyDetails, statusForKind, type Placement } from './outline';

export { emptyDetails };
export type Details = NodeDetails;

export const inputOf = (n: TreeNode): TreeNodeInput => ({
  parent_id: n.parent_id,
  kind: n.kind,
  title: n.title,
  description: n.description,
  position: n.position,
  status: n.status,
  details: { ...n.details },
});

/** The core's tidy layout, as the canvas draws it. */
export type CanvasLayout = TreeLayout;
export type CanvasBox = LayoutNode;

export class TreeModel {
  readonly treeId: string;
  nodes = $state.raw<TreeNode[]>([]);
  /** Evidence links per node id. */
  evidence = $state.raw<Map<string, Evidence[]>>(new Map());
  /** Distinct participants behind each node's evidence (from the core). */
  participants = $state.raw<Map<string, number>>(new Map());
  /** How much customers want each node (its evidence and everything under it), from the core. */
  demand = $state.raw<Map<string, Demand>>(new Map());
  loading = $state(true);
  loadError = $state<unknown>(null);
  /** What the last undo or redo did. */
  notice = $state<string | null>(null);
  /** The last refusal (a structure rule, a missing title), shown near the views. */
  message = $state<string | null>(null);
  selected = $state<string | null>(null);
  collapsed = $state.raw<Set<string>>(new Set());
  layout = $state.raw<CanvasLayout | null>(null);
  /** The change log, with what undo and redo would do next. */
  history = $state.raw<TreeHistory | null>(null);
  layoutError = $state<unknown>(null);
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
      const [nodes, summary, history] = await Promise.all([api.listTreeNodes(this.treeId), api.evidenceSummary(this.treeId), api.treeHistory(this.treeId)]);
      this.history = history;
      const lists = await Promise.all(nodes.map((n) => api.listEvidence({ kind: 'tree_node', id: n.id }).catch(() => [] as Evidence[])));
      this.nodes = nodes;
      this.evidence = new Map(nodes.map((n, i) => [n.id, lists[i]]));
      this.participants = new Map(summary.map((e) => [e.node_id, Number(e.participants)]));
      this.demand = new Map(summary.map((e) => [e.node_id, e.demand]));
      if (this.selected && !this.node(this.selected)) this.selected = null;
    } catch (e) {
      this.loadError = e;
    } finally {
      this.loading = false;
    }
  }

  /** The core's tidy layout of the unfolded tree, for the canvas. */
  async loadLayout(): Promise<void> {
    try {
      this.layout = await api.treeLayout(this.treeId, [...this.collapsed]);
      this.layoutError = null;
    } catch (e) {
      this.layoutError = e;
    }
  }

  /** Run one edit; a refusal becomes the model's message and the edit's result is null. */
  async run<T>(what: () => Promise<T>): Promise<T | null> {
    this.message = null;
    this.notice = null;
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
      // A reload set off by the live update of this node may already list it.
      this.nodes = upsertById(this.nodes, [made]);
      created?.(made);
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

  /** Put a node at a place (another parent and/or index), changing its kind if the place asks: one edit, one undo step. */
  async place(id: string, to: Placement): Promise<boolean> {
    const n = this.node(id);
    if (!n) return false;
    const details = to.kind === n.kind ? n.details : emptyDetails();
    const input = { ...inputOf(n), parent_id: to.parent_id, kind: to.kind, status: statusForKind(to.kind, n.status), position: to.index, details };
    return (await this.run(() => api.updateTreeNode(id, input))) !== null;
  }

  /** The opportunity the team pursues; the core unmarks any other. */
  async setTarget(id: string, on = true): Promise<void> {
    const n = this.node(id);
    if (!n) return;
    await this.update(id, { details: { ...n.details, target: on } });
  }

  /** Mark an opportunity or solution shipped (the core also sets it done) or not: one undoable change. */
  async markShipped(id: string, shipped: boolean): Promise<TreeNode | null> {
    return this.run(() => api.markNodeShipped(id, shipped));
  }

  /** Drag and drop: under `parent` at `index` with everything below it; the core refuses what the structure does not allow. */
  async move(id: string, parent: string | null, index: number): Promise<boolean> {
    return (await this.run(() => api.moveTreeNode(id, parent, index))) !== null;
  }

  /** Undo the tree's last edit in the core; says what was undone. */
  async undo(): Promise<void> {
    const change = await this.run(() => api.undoTree(this.treeId));
    if (change) this.notice = `Undone: ${change.summary}`;
  }

  async redo(): Promise<void> {
    const change = await this.run(() => api.redoTree(this.treeId));
    if (change) this.notice = `Redone: ${change.summary}`;
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
