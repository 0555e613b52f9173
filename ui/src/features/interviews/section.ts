import * as api from '../../lib/api';
import type { Interview, InterviewInput } from '../../lib/api';
import { formatDate, humanize, plural } from '../../lib/format';
import { routeHref } from '../../lib/route';
import { enumOptions, participantOptions } from '../options';
import type { SectionDef } from '../section';
import Transcript from './Transcript.svelte';

export const interviews: SectionDef<Interview, InterviewInput> = {
  id: 'interviews',
  kind: 'interview',
  related: ['participant'],
  label: 'Interviews',
  one: 'interview',
  icon: 'interviews',
  list: api.listInterviews,
  get: api.getInterview,
  create: api.createInterview,
  update: api.updateInterview,
  blank: () => ({
    title: '',
    date: null,
    interviewer: '',
    method: 'interview',
    product_area: '',
    status: 'done',
    notes: '',
    participant_ids: [],
  }),
  toInput: (o) => ({
    title: o.title,
    date: o.date,
    interviewer: o.interviewer,
    method: o.method,
    product_area: o.product_area,
    status: o.status,
    notes: o.notes,
    participant_ids: [...o.participant_ids],
  }),
  title: (o) => o.title,
  subtitle: (o) =>
    [humanize(o.method), o.product_area, o.segment_count ? plural(o.segment_count, 'passage') : 'no transcript']
      .filter(Boolean)
      .join(' · '),
  meta: (o) => formatDate(o.date ?? o.created_at),
  filterText: (o) => `${o.title} ${o.interviewer} ${o.product_area} ${o.method} ${o.status} ${o.source_file ?? ''}`,
  sorts: [
    { key: 'date', label: 'Date', value: (o) => o.date ?? o.created_at.slice(0, 10), desc: true },
    { key: 'title', label: 'Title', value: (o) => o.title.toLowerCase() },
    { key: 'updated', label: 'Last edited', value: (o) => o.updated_at, desc: true },
    { key: 'segments', label: 'Transcript length', value: (o) => o.segment_count, desc: true },
  ],
  titleField: 'title',
  fields: [
    { key: 'title', label: 'Title', type: 'text', required: true, wide: true, placeholder: 'e.g. Onboarding call with Acme’s ops lead' },
    { key: 'date', label: 'Date', type: 'date' },
    { key: 'interviewer', label: 'Interviewer', type: 'text' },
    { key: 'method', label: 'Method', type: 'select', options: enumOptions(['interview', 'usability_test', 'survey', 'support_call', 'sales_call']) },
    { key: 'status', label: 'Status', type: 'select', options: enumOptions(['planned', 'done', 'synthesised']) },
    { key: 'product_area', label: 'Product area', type: 'text', wide: true },
    {
      key: 'participant_ids',
      label: 'Participants',
      type: 'refs',
      load: participantOptions,
      wide: true,
      href: (id) => routeHref('participants', id),
      help: 'Who was interviewed. Add people under Participants first.',
    },
    { key: 'notes', label: 'Notes', type: 'markdown', wide: true, help: 'Markdown. Your own notes from the session.' },
  ],
  empty: {
    title: 'No interviews yet',
    body: 'Import a transcript (Ctrl+I) — Zoom, Teams, Meet, Otter, SRT or WebVTT — or create an interview and write your notes.',
    canImport: true,
  },
  extra: Transcript,
  extraLabel: 'Transcript',
  extraFirst: (o, params) => o.segment_count > 0 || 'segment' in params || 'hl' in params,
};
