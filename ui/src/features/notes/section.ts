import * as api from '../../lib/api';
import type { Note, NoteInput } from '../../lib/api';
import { formatDate } from '../../lib/format';
import type { SectionDef } from '../section';
import NoteRead from './NoteRead.svelte';
import { MARK_PARAM } from '../search/marks';

const firstLine = (s: string) =>
  s
    .split('\n')
    .map((l) => l.replace(/^[#>*\-\s]+/, '').trim())
    .find(Boolean) ?? '';

export const notes: SectionDef<Note, NoteInput> = {
  id: 'notes',
  kind: 'note',
  label: 'Notes',
  one: 'note',
  icon: 'notes',
  list: api.listNotes,
  get: api.getNote,
  create: api.createNote,
  update: api.updateNote,
  blank: () => ({ title: '', body: '' }),
  toInput: (o) => ({ title: o.title, body: o.body }),
  title: (o) => o.title,
  subtitle: (o) => firstLine(o.body),
  meta: (o) => formatDate(o.updated_at),
  filterText: (o) => `${o.title} ${o.body.slice(0, 2000)}`,
  sorts: [
    { key: 'updated', label: 'Last edited', value: (o) => o.updated_at, desc: true },
    { key: 'title', label: 'Title', value: (o) => o.title.toLowerCase() },
    { key: 'created', label: 'Created', value: (o) => o.created_at, desc: true },
  ],
  titleField: 'title',
  fields: [
    { key: 'title', label: 'Title', type: 'text', required: true, wide: true },
    { key: 'body', label: 'Body', type: 'markdown', wide: true, help: 'Markdown: headings, lists, links, tables.' },
  ],
  extra: NoteRead,
  extraLabel: 'Read & highlight',
  extraFirst: (_o, params) => 'hl' in params || MARK_PARAM in params,
  empty: {
    title: 'No notes yet',
    body: 'Keep anything that isn’t an interview here: desk research, meeting notes, ideas. Create one, or import Markdown files (Ctrl+I).',
    canImport: true,
  },
};
