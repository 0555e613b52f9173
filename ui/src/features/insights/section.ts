import * as api from '../../lib/api';
import type { Insight, InsightInput } from '../../lib/api';
import { formatDate, plural } from '../../lib/format';
import { routeHref } from '../../lib/route';
import { highlightOptions } from '../options';
import type { SectionDef } from '../section';
import InsightEvidence from './InsightEvidence.svelte';

export const insights: SectionDef<Insight, InsightInput> = {
  id: 'insights',
  kind: 'insight',
  related: ['highlight'],
  label: 'Insights',
  one: 'insight',
  icon: 'insights',
  list: api.listInsights,
  get: api.getInsight,
  create: api.createInsight,
  update: api.updateInsight,
  publish: api.setInsightPublished,
  blank: () => ({ title: '', body: '', highlight_ids: [] }),
  toInput: (o) => ({ title: o.title, body: o.body, highlight_ids: [...o.highlight_ids] }),
  title: (o) => o.title,
  subtitle: (o) =>
    `${plural(o.highlight_ids.length, 'highlight')} · ${plural(o.strength, 'person')}`,
  meta: (o) => formatDate(o.updated_at),
  filterText: (o) => `${o.title} ${o.body}`,
  sorts: [
    { key: 'strength', label: 'Strongest evidence', value: (o) => o.strength, desc: true },
    { key: 'updated', label: 'Last edited', value: (o) => o.updated_at, desc: true },
    { key: 'title', label: 'Title', value: (o) => o.title.toLowerCase() },
  ],
  titleField: 'title',
  fields: [
    { key: 'title', label: 'Insight', type: 'text', required: true, wide: true, placeholder: 'e.g. Admins give up on setup when SSO fails' },
    { key: 'body', label: 'Explanation', type: 'markdown', wide: true },
    {
      key: 'highlight_ids',
      label: 'Evidence (highlights)',
      type: 'refs',
      load: (draft) => highlightOptions(draft.highlight_ids),
      depends: (draft) => draft.highlight_ids.join(),
      search: ['highlight'],
      wide: true,
      href: (id) => routeHref('highlights', id),
      help: 'Search for the quotes that back it. Strength counts the distinct people behind them: participants, and the customers behind feedback.',
    },
  ],
  passage: (o) => o.body,
  extra: InsightEvidence,
  extraLabel: 'Evidence',
  extraFirst: (o) => o.highlight_ids.length > 0,
  empty: {
    title: 'No insights yet',
    body: 'An insight is a finding backed by highlights. Code your interviews first, then write what you learnt here.',
  },
};
