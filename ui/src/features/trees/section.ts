import * as api from '../../lib/api';
import type { Tree, TreeInput } from '../../lib/api';
import { formatDate } from '../../lib/format';
import type { SectionDef } from '../section';
import ImportTree from './ImportTree.svelte';
import TreeView from './TreeView.svelte';

export const trees: SectionDef<Tree, TreeInput> = {
  id: 'trees',
  kind: 'tree',
  label: 'Opportunity trees',
  one: 'opportunity tree',
  icon: 'trees',
  list: api.listTrees,
  get: api.getTree,
  create: api.createTree,
  update: api.updateTree,
  blank: () => ({ title: '', metric: '', baseline: '', target: '', target_date: null, description: '' }),
  toInput: (o) => ({
    title: o.title,
    metric: o.metric,
    baseline: o.baseline,
    target: o.target,
    target_date: o.target_date,
    description: o.description,
  }),
  title: (o) => o.title,
  subtitle: (o) => [o.metric, o.baseline || o.target ? `${o.baseline || '?'} → ${o.target || '?'}` : ''].filter(Boolean).join(' · '),
  meta: (o) => (o.target_date ? `by ${formatDate(o.target_date)}` : ''),
  filterText: (o) => `${o.title} ${o.metric} ${o.description}`,
  sorts: [
    { key: 'updated', label: 'Last edited', value: (o) => o.updated_at, desc: true },
    { key: 'title', label: 'Title', value: (o) => o.title.toLowerCase() },
    { key: 'target_date', label: 'Target date', value: (o) => o.target_date ?? '9999' },
  ],
  titleField: 'title',
  fields: [
    { key: 'title', label: 'Desired outcome', type: 'text', required: true, wide: true, placeholder: 'e.g. More teams finish setup in their first week' },
    { key: 'metric', label: 'Metric', type: 'text', placeholder: 'e.g. week-1 activation' },
    { key: 'target_date', label: 'Target date', type: 'date' },
    { key: 'baseline', label: 'Baseline', type: 'text', placeholder: 'e.g. 34%' },
    { key: 'target', label: 'Target', type: 'text', placeholder: 'e.g. 50%' },
    { key: 'description', label: 'Description', type: 'markdown', wide: true },
  ],
  empty: {
    title: 'No opportunity trees yet',
    body: 'Start from a desired outcome, then map the opportunities customers revealed, the solutions you could try and the tests that prove them.',
  },
  passage: (o, params) => (params.node ? '' : o.description),
  extra: TreeView,
  extraLabel: 'Tree',
  extraFirst: () => true,
  wide: true,
  importer: { label: 'Import Markdown…', dialog: ImportTree },
};
