// What the workspace home shows, worked out from the engine's overview: where each to-do
// opens, the progress meters and the evidence chart. Pure, tested.
import type { Overview, ToDo } from '../../lib/api';
import { noun, plural } from '../../lib/format';
import { routeHref } from '../../lib/route';

/** Where a to-do is acted on: the interview, insight, persona, or the node in its tree. */
export function toDoHref(t: ToDo): string {
  switch (t.target.kind) {
    case 'interview':
      return routeHref('interviews', t.target.id);
    case 'insight':
      return routeHref('insights', t.target.id);
    case 'persona':
      return routeHref('personas', t.target.id);
    case 'tree_node':
      return t.parent ? routeHref('trees', t.parent, { node: t.target.id }) : routeHref('trees');
    default:
      return routeHref('overview');
  }
}

/** Kinds whose counts say whether anything is in the workspace yet. */
const CONTENT = ['interview', 'note', 'feedback', 'persona', 'tree', 'highlight', 'insight', 'participant'];

export function isEmpty(o: Overview): boolean {
  return CONTENT.every((k) => (o.counts[k] ?? 0) === 0);
}

export interface Meter {
  label: string;
  done: number;
  total: number;
  /** "5 of 8 interviews coded" */
  text: string;
  href: string;
}

/** How far the research has come: interviews coded, evidence behind insights, personas and tree nodes. */
export function meters(o: Overview): Meter[] {
  const c = (k: string) => o.counts[k] ?? 0;
  const strong = o.insight_strength[o.insight_strength.length - 1] ?? 0;
  const backed = c('persona') - o.proto_personas.total;
  const rows: Meter[] = [
    { label: 'Interviews coded', done: o.coded_interviews, total: c('interview'), text: `${o.coded_interviews} of ${c('interview')} ${noun(c('interview'), 'interview')} coded`, href: routeHref('interviews') },
    {
      label: 'Insights with strong evidence',
      done: strong,
      total: c('insight'),
      text: `${strong} of ${c('insight')} ${noun(c('insight'), 'insight')} backed by ${o.threshold}+ ${noun(o.threshold, 'participant')}`,
      href: routeHref('insights'),
    },
    { label: 'Personas backed by evidence', done: backed, total: c('persona'), text: `${backed} of ${c('persona')} ${noun(c('persona'), 'persona')} evidence-backed`, href: routeHref('personas') },
    {
      label: 'Tree nodes with evidence',
      done: o.evidence_nodes - o.bare_nodes.total,
      total: o.evidence_nodes,
      text: `${o.evidence_nodes - o.bare_nodes.total} of ${o.evidence_nodes} ${noun(o.evidence_nodes, 'opportunity or solution', 'opportunities and solutions')} with evidence`,
      href: routeHref('trees'),
    },
  ];
  return rows.filter((m) => m.total > 0);
}

export interface Bar {
  label: string;
  count: number;
  /** Fraction of the largest bar. */
  share: number;
  strong: boolean;
}

/** Insights by how many participants back them: 0, 1, …, threshold or more. */
export function strengthBars(o: Overview): Bar[] {
  const max = Math.max(1, ...o.insight_strength);
  const last = o.insight_strength.length - 1;
  return o.insight_strength.map((count, i) => ({
    label: i === last ? `${plural(i, 'participant')} or more` : plural(i, 'participant'),
    count,
    share: count / max,
    strong: i >= o.threshold,
  }));
}
