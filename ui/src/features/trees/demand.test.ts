import { describe, expect, it } from 'vitest';
import type { Demand } from '../../lib/api';
import { byDemand, demandLabel, heatFill, heatLegend, heatLevel, HEAT_LEVELS, maxCustomers, shippedLabel, sortLayout, tellFileName } from './demand';

const nps = (score: number | null, responses: number) => ({ score, responses, promoters: 0, passives: 0, detractors: 0 });
const csat = { score: null, responses: 0, satisfied: 0 };
const demand = (customers: number, segments: [string, number][] = [], npsScore: number | null = null, answers = 0): Demand => ({
  customers,
  segments: segments.map(([segment, c]) => ({ segment, customers: c })),
  nps: nps(npsScore, answers),
  csat,
});

describe('demandLabel', () => {
  it('says customers, segments and NPS', () => {
    expect(demandLabel(demand(12, [['Pro', 7], ['Free', 5]], -20, 15))).toBe('12 customers · Pro 7, Free 5 · NPS −20 (15 answers)');
  });
  it('leaves out what is not known', () => {
    expect(demandLabel(demand(1))).toBe('1 customer');
    expect(demandLabel(demand(3, [['', 3]]))).toBe('3 customers');
    expect(demandLabel(demand(0))).toBe('');
    expect(demandLabel(undefined)).toBe('');
  });
  it('sums small segments and the unsegmented into "other"', () => {
    expect(demandLabel(demand(10, [['Pro', 4], ['Free', 2], ['', 2], ['Team', 1], ['Edu', 1]], 12.5, 1))).toBe(
      '10 customers · Pro 4, Free 2, Team 1, other 3 · NPS +12.5 (1 answer)',
    );
  });
});

describe('heat scale', () => {
  it('maps counts to levels against the most', () => {
    expect(heatLevel(0, 10)).toBe(0);
    expect(heatLevel(1, 10)).toBe(1);
    expect(heatLevel(10, 10)).toBe(HEAT_LEVELS);
    expect(heatLevel(6, 10)).toBe(3);
    expect(heatLevel(3, 0)).toBe(0);
  });
  it('gives a theme-following fill per level', () => {
    expect(heatFill(0)).toBe('var(--surface)');
    expect(heatFill(HEAT_LEVELS)).toContain('var(--accent) 45%');
  });
  it('has a legend whose ranges agree with the levels', () => {
    for (const max of [1, 2, 3, 7, 10, 123]) {
      const legend = heatLegend(max);
      expect(legend[0]).toEqual({ level: 0, label: 'none' });
      for (const step of legend.slice(1)) {
        const [from, to = from] = step.label.replace(/,/g, '').split('–').map(Number);
        expect(heatLevel(from, max)).toBe(step.level);
        expect(heatLevel(to, max)).toBe(step.level);
      }
      const last = legend.at(-1)!.label.replace(/,/g, '').split('–').at(-1);
      expect(Number(last)).toBe(max);
    }
    expect(heatLegend(8).map((s) => s.label)).toEqual(['none', '1–2', '3–4', '5–6', '7–8']);
    expect(heatLegend(0)).toEqual([{ level: 0, label: 'none' }]);
  });
  it('finds the top of the scale', () => {
    expect(maxCustomers(new Map([['a', demand(3)], ['b', demand(9)]]))).toBe(9);
    expect(maxCustomers(new Map())).toBe(0);
  });
});

describe('sort by demand', () => {
  const map = new Map([
    ['b', demand(5)],
    ['c', demand(9)],
    ['d', demand(5)],
  ]);
  it('puts the most wanted first and keeps ties in order', () => {
    expect(byDemand([{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }], map).map((n) => n.id)).toEqual(['c', 'b', 'd', 'a']);
  });

  it('moves whole sibling subtrees in the canvas layout, edges with them', () => {
    // Outcome T over a (narrow) and c (with two children); gaps of 20.
    const box = (id: string, parent_id: string | null, x: number, width = 100) => ({ id, parent_id, x, width });
    const layout = {
      nodes: [box('T', null, 110, 100), box('a', 'T', 0), box('c', 'T', 120, 220), box('c1', 'c', 120), box('c2', 'c', 240)],
      edges: [
        { from: 'T', to: 'a', x1: 160, x2: 50 },
        { from: 'T', to: 'c', x1: 160, x2: 230 },
        { from: 'c', to: 'c1', x1: 230, x2: 170 },
        { from: 'c', to: 'c2', x1: 230, x2: 290 },
      ],
    };
    const wanted = new Map([
      ['c', demand(4)],
      ['c2', demand(2)],
    ]);
    const out = sortLayout(layout, wanted);
    const x = Object.fromEntries(out.nodes.map((b) => [b.id, b.x]));
    // c's subtree (120–340, with c2 now first) takes the first slot, a follows after the same gap.
    expect(x).toEqual({ T: 110, c: 0, c2: 0, c1: 120, a: 240 });
    expect(out.edges.find((e) => e.to === 'a')).toMatchObject({ x1: 160, x2: 290 });
    expect(out.edges.find((e) => e.to === 'c1')).toMatchObject({ x1: 110, x2: 170 + 0 });
    expect(out.edges.find((e) => e.to === 'c2')).toMatchObject({ x1: 110, x2: 50 });
    // Nothing wanted: the core's layout as it was.
    expect(sortLayout(layout, new Map())).toEqual(layout);
  });
});

describe('labels and file names', () => {
  it('says when it shipped', () => {
    expect(shippedLabel(null)).toBe('');
    expect(shippedLabel('2026-12-03T10:00:00Z')).toMatch(/^Shipped .*2026/);
  });
  it('names the Tell them export after the node', () => {
    expect(tellFileName('Bulk export to CSV')).toBe('tell-them-bulk-export-to-csv.csv');
    expect(tellFileName('')).toBe('tell-them.csv');
  });
});
