// How much customers want a node, as the panel, the outline and the canvas show it: one line of
// text, a heat level for "Colour by demand" (with its legend), and siblings in demand order for
// "Sort by demand". All view-side: nothing here writes.
import type { Demand, TreeNode } from '../../lib/api';
import { fileName } from '../../lib/download';
import { formatDate, plural } from '../../lib/format';
import { formatNps } from '../feedback/numbers';

/** Segments named on the line before the rest are summed into "others". */
const SEGMENTS_SHOWN = 3;

/**
 * "12 customers · Pro 7, Free 5 · NPS −20 (15 answers)"; segments and NPS only when known,
 * "" when nobody is behind the node (the panel shows its own hint then).
 */
export function demandLabel(d: Demand | undefined): string {
  if (!d || d.customers === 0) return '';
  const parts = [plural(d.customers, 'customer')];
  const named = d.segments.filter((s) => s.segment !== '');
  if (named.length) {
    const first = named.slice(0, SEGMENTS_SHOWN);
    const shown = first.map((s) => `${s.segment} ${s.customers.toLocaleString()}`);
    // Smaller segments and people without one, together.
    const rest = d.segments.filter((s) => !first.includes(s)).reduce((n, s) => n + s.customers, 0);
    if (rest) shown.push(`other ${rest.toLocaleString()}`);
    parts.push(shown.join(', '));
  }
  if (d.nps.responses) parts.push(`NPS ${formatNps(d.nps.score)} (${plural(d.nps.responses, 'answer')})`);
  return parts.join(' · ');
}

/** Heat levels 0 (nobody) to HEAT_LEVELS, each a step darker on the canvas and the outline. */
export const HEAT_LEVELS = 4;

/** The level of `customers` against the most any node in the tree has. */
export function heatLevel(customers: number, max: number): number {
  if (customers <= 0 || max <= 0) return 0;
  return Math.min(HEAT_LEVELS, Math.max(1, Math.ceil((customers / max) * HEAT_LEVELS)));
}

/**
 * A level's fill: the accent mixed into the card's surface, so it follows the light and dark
 * themes; capped at 45% so the title on it keeps its contrast.
 */
export function heatFill(level: number): string {
  if (level <= 0) return 'var(--surface)';
  const pct = Math.round((level / HEAT_LEVELS) * 45);
  return `color-mix(in srgb, var(--accent) ${pct}%, var(--surface))`;
}

export interface LegendStep {
  level: number;
  /** "1–3 customers", "0 customers". */
  label: string;
}

/** The legend: what customer counts each level stands for, given the tree's most. */
export function heatLegend(max: number): LegendStep[] {
  const steps: LegendStep[] = [{ level: 0, label: 'none' }];
  for (let level = 1; level <= HEAT_LEVELS; level++) {
    // The counts that land on this level: from just above the previous level's top to this one's.
    const from = Math.floor(((level - 1) * max) / HEAT_LEVELS) + 1;
    const to = Math.floor((level * max) / HEAT_LEVELS);
    if (to < from) continue;
    steps.push({ level, label: from === to ? from.toLocaleString() : `${from.toLocaleString()}–${to.toLocaleString()}` });
  }
  return steps;
}

/** The most customers behind any node (the top of the heat scale). */
export function maxCustomers(demand: ReadonlyMap<string, Demand>): number {
  let max = 0;
  for (const d of demand.values()) max = Math.max(max, d.customers);
  return max;
}

/** Siblings with the most customers first; ties (and nodes nobody asked for) keep their order. */
export function byDemand<T extends Pick<TreeNode, 'id'>>(siblings: readonly T[], demand: ReadonlyMap<string, Demand>): T[] {
  const customers = (n: T) => demand.get(n.id)?.customers ?? 0;
  return siblings
    .map((n, i) => ({ n, i }))
    .sort((a, b) => customers(b.n) - customers(a.n) || a.i - b.i)
    .map((x) => x.n);
}

interface Placed {
  id: string;
  parent_id: string | null;
  x: number;
  width: number;
}
interface Edge {
  from: string;
  to: string;
  x1: number;
  x2: number;
}

/**
 * The core's layout with each node's children re-ordered by demand: every sibling subtree
 * keeps its shape and the gaps between neighbours stay where they were; only which subtree
 * sits in which slot changes. Parents keep their place (the row's span is the same).
 */
export function sortLayout<B extends Placed, E extends Edge, L extends { nodes: B[]; edges: E[] }>(layout: L, demand: ReadonlyMap<string, Demand>): L {
  const kids = new Map<string | null, B[]>();
  for (const b of layout.nodes) {
    const list = kids.get(b.parent_id) ?? [];
    list.push(b);
    kids.set(b.parent_id, list);
  }
  // Each subtree's horizontal extent, children first (the list has parents before children).
  const extent = new Map<string, [number, number]>();
  for (const b of [...layout.nodes].reverse()) {
    let lo = b.x;
    let hi = b.x + b.width;
    for (const c of kids.get(b.id) ?? []) {
      const [clo, chi] = extent.get(c.id)!;
      lo = Math.min(lo, clo);
      hi = Math.max(hi, chi);
    }
    extent.set(b.id, [lo, hi]);
  }
  const shift = new Map<string, number>();
  const arrange = (parent: string | null, offset: number) => {
    const children = kids.get(parent) ?? [];
    if (children.length === 0) return;
    const gaps = children.slice(1).map((c, i) => extent.get(c.id)![0] - extent.get(children[i].id)![1]);
    let at = extent.get(children[0].id)![0];
    byDemand(children, demand).forEach((c, i) => {
      const [lo, hi] = extent.get(c.id)!;
      const dx = offset + (at - lo);
      shift.set(c.id, dx);
      arrange(c.id, dx);
      at += hi - lo + (gaps[i] ?? 0);
    });
  };
  for (const root of kids.get(null) ?? []) {
    shift.set(root.id, 0);
    arrange(root.id, 0);
  }
  return {
    ...layout,
    nodes: layout.nodes.map((b) => (shift.get(b.id) ? { ...b, x: b.x + shift.get(b.id)! } : b)),
    edges: layout.edges.map((e) => ({ ...e, x1: e.x1 + (shift.get(e.from) ?? 0), x2: e.x2 + (shift.get(e.to) ?? 0) })),
  };
}

/** "Shipped 3 Dec 2026" (the date as the reader's locale writes it). */
export function shippedLabel(at: string | null): string {
  return at ? `Shipped ${formatDate(at)}` : '';
}

/** The "Tell them" export's file name: tell-them-<node title>.csv. */
export function tellFileName(title: string): string {
  return fileName(`tell them ${title}`, 'csv');
}
