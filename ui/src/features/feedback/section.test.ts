import { describe, expect, it } from 'vitest';
import type { FeedbackInput, FeedbackItem } from '../../lib/api';
import { blank, clean, toInput } from './section';

const item = (): FeedbackItem => ({
  id: 'f1',
  state: 'reviewed',
  state_changed_at: '2026-03-02T10:00:00Z',
  closed_at: null,
  duplicate_of: null,
  created_at: '2026-03-01T10:00:00Z',
  updated_at: '2026-03-02T10:00:00Z',
  source: 'survey.csv',
  title: 'Exports are slow',
  customer: 'Ana',
  email: 'ana@example.com',
  company: 'Acme',
  segment: 'Enterprise',
  score: 6,
  score_kind: 'nps',
  text: 'Exporting takes minutes.',
  received_at: '2026-03-01T09:00:00Z',
  attributes: [
    { name: 'Plan seats', value: '40' },
    { name: 'Region', value: 'EU' },
  ],
});

describe('feedback toInput', () => {
  it('keeps every field FeedbackInput has, so saving wipes nothing', () => {
    const o = item();
    const input = toInput(o);
    const keys = Object.keys(blank()).sort();
    expect(Object.keys(input).sort()).toEqual(keys);
    for (const k of keys) expect(input[k as keyof FeedbackInput]).toEqual(o[k as keyof FeedbackItem]);
  });

  it('copies the attributes rather than sharing them with the item', () => {
    const o = item();
    const input = toInput(o);
    input.attributes[0].value = 'changed';
    expect(o.attributes[0].value).toBe('40');
  });

  it('reads the form’s "not known" score kind as null', () => {
    expect(clean({ ...blank(), score_kind: '' as never }).score_kind).toBeNull();
    expect(clean({ ...blank(), score_kind: 'csat' }).score_kind).toBe('csat');
  });
});
