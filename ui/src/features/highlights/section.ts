import * as api from '../../lib/api';
import type { Highlight, HighlightInput } from '../../lib/api';
import { formatTimecode, plural } from '../../lib/format';
import { routeHref } from '../../lib/route';
import { interviewOptions, noteOptions, segmentOptions, tagOptions } from '../options';
import type { SectionDef } from '../section';
import { highlightInput } from './coding';
import HighlightContext from './HighlightContext.svelte';
import HighlightsView from './HighlightsView.svelte';

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export const highlights: SectionDef<Highlight, HighlightInput> = {
  id: 'highlights',
  kind: 'highlight',
  related: ['tag', 'interview', 'participant'],
  label: 'Highlights',
  one: 'highlight',
  icon: 'highlights',
  list: api.listHighlights,
  get: api.getHighlight,
  create: api.createHighlight,
  update: api.updateHighlight,
  blank: () => ({
    interview_id: null,
    note_id: null,
    feedback_id: null,
    segment_id: null,
    end_segment_id: null,
    start: 0,
    end: 0,
    quote: '',
    comment: '',
    tag_ids: [],
  }),
  toInput: highlightInput,
  title: (o) => `“${clip(o.quote.replace(/\s+/g, ' '), 140)}”`,
  subtitle: (o) =>
    [o.speaker, o.start_ms != null ? formatTimecode(o.start_ms) : '', o.tag_ids.length ? plural(o.tag_ids.length, 'tag') : 'untagged', o.anchor !== 'ok' ? `anchor ${o.anchor}` : '']
      .filter(Boolean)
      .join(' · '),
  filterText: (o) => `${o.quote} ${o.comment} ${o.speaker ?? ''}`,
  sorts: [
    { key: 'created', label: 'Newest', value: (o) => o.created_at, desc: true },
    { key: 'speaker', label: 'Speaker', value: (o) => (o.speaker ?? '').toLowerCase() },
    { key: 'tags', label: 'Most tags', value: (o) => o.tag_ids.length, desc: true },
  ],
  titleField: 'quote',
  fields: [
    {
      key: 'interview_id',
      label: 'Interview',
      type: 'ref',
      none: 'None — the quote is from a note',
      load: interviewOptions,
      href: (id) => routeHref('interviews', id),
    },
    {
      key: 'segment_id',
      label: 'Transcript passage',
      type: 'ref',
      none: 'None — the quote is from the interview notes',
      load: (d: HighlightInput) => segmentOptions(d.interview_id),
      depends: (d: HighlightInput) => d.interview_id ?? '',
      help: 'Choose the interview first.',
    },
    {
      key: 'note_id',
      label: 'Note',
      type: 'ref',
      none: 'None — the quote is from an interview',
      load: noteOptions,
      href: (id) => routeHref('notes', id),
    },
    {
      key: 'quote',
      label: 'Quote',
      type: 'textarea',
      required: true,
      wide: true,
      help: 'Exactly as it appears in the passage, note or interview notes.',
    },
    { key: 'comment', label: 'Comment', type: 'textarea', wide: true },
    { key: 'tag_ids', label: 'Tags', type: 'refs', load: tagOptions, wide: true, href: (id) => routeHref('tags', id) },
  ],
  overview: HighlightsView,
  extra: HighlightContext,
  extraLabel: 'In context',
  extraFirst: () => true,
  empty: {
    title: 'No highlights yet',
    body: 'Open an interview and select words in its transcript: a popover lets you tag them as you go — or create one here from a quote.',
  },
};
