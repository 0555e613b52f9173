import * as api from '../../lib/api';
import type { FeedbackInput, FeedbackItem } from '../../lib/api';
import { formatDate } from '../../lib/format';
import type { SectionDef } from '../section';
import FeedbackAnalysis from './FeedbackAnalysis.svelte';
import FeedbackInbox from './FeedbackInbox.svelte';
import { itemTitle, scoreLabel } from './inbox';

/** An empty item: every field FeedbackInput has, so none is missing when it is saved. */
export function blank(): FeedbackInput {
  return {
    source: '',
    title: '',
    customer: '',
    email: '',
    company: '',
    segment: '',
    score: null,
    score_kind: null,
    text: '',
    received_at: null,
    attributes: [],
  };
}

/**
 * What saving an item writes. The engine replaces the WHOLE item with it, so every field is
 * carried (the export's columns in `attributes` too): one left out would be wiped on save.
 */
export function toInput(o: FeedbackItem): FeedbackInput {
  return {
    source: o.source,
    title: o.title,
    customer: o.customer,
    email: o.email,
    company: o.company,
    segment: o.segment,
    score: o.score,
    score_kind: o.score_kind,
    text: o.text,
    received_at: o.received_at,
    attributes: o.attributes.map((a) => ({ ...a })),
  };
}

/** The form's score-kind menu says "" for "not known"; the engine says null. */
export function clean(input: FeedbackInput): FeedbackInput {
  const kind = input.score_kind as string | null;
  return { ...input, score_kind: kind === 'nps' || kind === 'csat' ? kind : null };
}

export const feedback: SectionDef<FeedbackItem, FeedbackInput> = {
  id: 'feedback',
  kind: 'feedback',
  label: 'Feedback',
  one: 'feedback item',
  icon: 'feedback',
  list: api.listFeedback,
  get: api.getFeedback,
  create: (input) => api.createFeedback(clean(input)),
  update: (id, input) => api.updateFeedback(id, clean(input)),
  blank,
  toInput,
  title: itemTitle,
  subtitle: (o) => [o.customer, o.company, o.segment, scoreLabel(o)].filter(Boolean).join(' · '),
  meta: (o) => formatDate(o.received_at ?? o.created_at),
  filterText: (o) => `${o.title} ${o.text} ${o.customer} ${o.company} ${o.segment} ${o.source}`,
  sorts: [
    { key: 'received', label: 'Received', value: (o) => o.received_at ?? o.created_at, desc: true },
    { key: 'score', label: 'Score', value: (o) => o.score ?? -Infinity, desc: true },
    { key: 'customer', label: 'Customer', value: (o) => o.customer.toLowerCase() },
    { key: 'source', label: 'Source', value: (o) => o.source.toLowerCase() },
  ],
  titleField: 'text',
  passage: (o) => o.text,
  fields: [
    { key: 'text', label: 'What they said', type: 'textarea', required: true, wide: true },
    { key: 'title', label: 'Title', type: 'text', wide: true, help: 'A one-line summary: the ticket subject or review title. The list shows it instead of the text.' },
    { key: 'customer', label: 'Customer', type: 'text' },
    { key: 'email', label: 'Email', type: 'email' },
    { key: 'company', label: 'Company', type: 'text' },
    { key: 'segment', label: 'Segment', type: 'text', placeholder: 'plan, tier or segment' },
    { key: 'source', label: 'Source', type: 'text', placeholder: 'support, app store, NPS survey…' },
    { key: 'score', label: 'Score', type: 'number', step: 0.1, help: 'NPS (0–10), CSAT (1–5) or a star rating, if there is one.' },
    {
      key: 'score_kind',
      label: 'Score kind',
      type: 'select',
      options: [
        { value: '', label: 'Not known (a rating)' },
        { value: 'nps', label: 'NPS (0–10)' },
        { value: 'csat', label: 'CSAT (1–5)' },
      ],
      help: 'Which survey the score answers: NPS and CSAT count toward the numbers.',
    },
    { key: 'received_at', label: 'Received', type: 'datetime' },
  ],
  extra: FeedbackAnalysis,
  extraLabel: 'Read and code',
  // An item is evidence to read and code like a transcript, so its text comes first (and a
  // link to one of its highlights shows it marked); the form is a tab away for correcting it.
  extraFirst: (o, params) => !!params.hl || o.text.trim() !== '',
  view: FeedbackInbox,
  empty: {
    title: 'No feedback yet',
    body: 'Bring in support tickets, survey answers and reviews by importing a CSV (Ctrl+I), or add one by hand.',
    canImport: true,
  },
};
