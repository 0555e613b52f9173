import * as api from '../../lib/api';
import type { Tag, TagInput } from '../../lib/api';
import { plural } from '../../lib/format';
import { routeHref } from '../../lib/route';
import { tagOptions } from '../options';
import type { SectionDef } from '../section';
import CodebookTree from './CodebookTree.svelte';
import TagCodebook from './TagCodebook.svelte';
import { MARK_PARAM } from '../search/marks';

export const tags: SectionDef<Tag, TagInput> = {
  id: 'tags',
  kind: 'tag',
  label: 'Tags',
  one: 'tag',
  icon: 'tags',
  list: api.listTags,
  get: api.getTag,
  create: api.createTag,
  update: api.updateTag,
  blank: () => ({ name: '', parent_id: null, color: '', description: '' }),
  toInput: (o) => ({ name: o.name, parent_id: o.parent_id, color: o.color, description: o.description }),
  title: (o) => o.path || o.name,
  subtitle: (o) => o.description,
  meta: (o) => plural(o.total_count, 'highlight'),
  filterText: (o) => `${o.path} ${o.description}`,
  sorts: [
    { key: 'path', label: 'Codebook order', value: (o) => (o.path || o.name).toLowerCase() },
    { key: 'usage', label: 'Most used', value: (o) => o.total_count, desc: true },
    { key: 'updated', label: 'Last edited', value: (o) => o.updated_at, desc: true },
  ],
  titleField: 'name',
  fields: [
    { key: 'name', label: 'Name', type: 'text', required: true, help: 'Nest tags with a parent instead of “/” in the name.' },
    {
      key: 'parent_id',
      label: 'Parent tag',
      type: 'ref',
      none: 'None (top level)',
      load: tagOptions,
      href: (id) => routeHref('tags', id),
    },
    { key: 'color', label: 'Colour', type: 'color' },
    { key: 'description', label: 'Description', type: 'textarea', wide: true, help: 'When to use this tag — helps everyone code consistently.' },
  ],
  overview: CodebookTree,
  extra: TagCodebook,
  extraLabel: 'Codebook',
  // Opened from a search, a tag shows its place in the codebook: its use, its children and
  // the way to its highlights.
  extraFirst: (_o, params) => MARK_PARAM in params,
  passage: (o) => o.description,
  empty: {
    title: 'Your codebook is empty',
    body: 'Tags code highlights by theme (“pricing”, “onboarding / setup”). Create a few to start coding your interviews.',
  },
};
