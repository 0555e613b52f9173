import * as api from '../../lib/api';
import type { FeedbackInput, FeedbackItem } from '../../lib/api';
import { formatDate } from '../../lib/format';
import type { SectionDef } from '../section';

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export const feedback: SectionDef<FeedbackItem, FeedbackInput> = {
  id: 'feedback',
  kind: 'feedback',
  label: 'Feedback',
  one: 'feedback item',
  icon: 'feedback',
  list: api.listFeedback,
  get: api.getFeedback,
  create: api.createFeedback,
  update: api.updateFeedback,
  blank: () => ({ source: '', customer: '', score: null, text: '', received_at: null }),
  toInput: (o) => ({ source: o.source, customer: o.customer, score: o.score, text: o.text, received_at: o.received_at }),
  title: (o) => clip(o.text.replace(/\s+/g, ' '), 140),
  subtitle: (o) => [o.customer, o.source, o.score != null ? `score ${o.score}` : ''].filter(Boolean).join(' · '),
  meta: (o) => formatDate(o.received_at ?? o.created_at),
  filterText: (o) => `${o.text} ${o.customer} ${o.source}`,
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
    { key: 'customer', label: 'Customer', type: 'text' },
    { key: 'source', label: 'Source', type: 'text', placeholder: 'support, app store, NPS survey…' },
    { key: 'score', label: 'Score', type: 'number', step: 0.1, help: 'NPS, CSAT or star rating, if there is one.' },
    { key: 'received_at', label: 'Received', type: 'datetime' },
  ],
  empty: {
    title: 'No feedback yet',
    body: 'Bring in support tickets, survey answers and reviews by importing a CSV (Ctrl+I), or add one by hand.',
    canImport: true,
  },
};
