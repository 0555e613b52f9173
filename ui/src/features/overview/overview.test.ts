import { describe, expect, it } from 'vitest';
import type { Overview, ToDo } from '../../lib/api';
import { isEmpty, meters, strengthBars, toDoHref } from './overview';

const none = { total: 0, items: [] };
const base = (): Overview => ({
  counts: { interview: 0, note: 0, feedback: 0, persona: 0, tree: 0, highlight: 0, insight: 0, participant: 0, segment: 0, tag: 0 },
  demo: false,
  threshold: 2,
  coded_interviews: 0,
  insight_strength: [0, 0, 0],
  evidence_nodes: 0,
  unmapped_passages: 0,
  uncoded_interviews: none,
  unmapped_speakers: none,
  weak_insights: none,
  proto_personas: none,
  bare_nodes: none,
});
const todo = (kind: ToDo['target']['kind'], id: string, parent: string | null = null): ToDo => ({ target: { kind, id }, parent, title: id, detail: '', count: 0 });

describe('the workspace home', () => {
  it('knows an empty workspace (tags alone do not make research)', () => {
    const o = base();
    expect(isEmpty(o)).toBe(true);
    o.counts.tag = 4;
    expect(isEmpty(o)).toBe(true);
    o.counts.feedback = 1;
    expect(isEmpty(o)).toBe(false);
  });

  it('opens each to-do where it is acted on', () => {
    expect(toDoHref(todo('interview', 'i1'))).toBe('#/interviews/i1');
    expect(toDoHref(todo('insight', 'n1'))).toBe('#/insights/n1');
    expect(toDoHref(todo('persona', 'p1'))).toBe('#/personas/p1');
    expect(toDoHref(todo('tree_node', 'x1', 't1'))).toBe('#/trees/t1?node=x1');
  });

  it('shows progress only for what there is, in words with plurals', () => {
    const o = base();
    expect(meters(o)).toEqual([]);
    o.counts.interview = 8;
    o.coded_interviews = 5;
    o.counts.insight = 1;
    o.insight_strength = [0, 0, 1];
    o.counts.persona = 3;
    o.proto_personas = { total: 1, items: [] };
    o.evidence_nodes = 1;
    const m = meters(o);
    expect(m.map((x) => x.text)).toEqual([
      '5 of 8 interviews coded',
      '1 of 1 insight backed by 2+ participants',
      '2 of 3 personas evidence-backed',
      '1 of 1 opportunity or solution with evidence',
    ]);
    expect(m[0]).toMatchObject({ done: 5, total: 8, href: '#/interviews' });
  });

  it('charts insights by strength, the last bar for the threshold and more', () => {
    const o = base();
    o.insight_strength = [3, 1, 6];
    const bars = strengthBars(o);
    expect(bars.map((b) => b.label)).toEqual(['0 participants', '1 participant', '2 participants or more']);
    expect(bars.map((b) => b.share)).toEqual([0.5, 1 / 6, 1]);
    expect(bars.map((b) => b.strong)).toEqual([false, false, true]);
  });
});
