// Choices for reference fields, loaded from the workspace.
import * as api from '../lib/api';
import { formatTimecode, humanize } from '../lib/format';
import type { Option } from './section';

const clip = (s: string, n = 90) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export const participantOptions = async (): Promise<Option[]> =>
  (await api.listParticipants()).map((p) => ({
    value: p.id,
    label: [p.name, p.role, p.company].filter(Boolean).join(' · '),
  }));

export const tagOptions = async (): Promise<Option[]> =>
  (await api.listTags()).map((t) => ({ value: t.id, label: t.path || t.name })).sort((a, b) => a.label.localeCompare(b.label));

/** Every highlight as a choice, or only those in `ids`: a field whose others are found by
 * searching needs labels for the chosen ones alone, not the workspace's every highlight. */
export const highlightOptions = async (ids?: string[]): Promise<Option[]> =>
  (ids ? (ids.length ? await api.getHighlights(ids) : []) : await api.listHighlights()).map((h) => ({
    value: h.id,
    label: clip(`“${h.quote}”${h.speaker ? ` — ${h.speaker}` : ''}`),
  }));

export const interviewOptions = async (): Promise<Option[]> =>
  (await api.listInterviews()).map((i) => ({ value: i.id, label: i.title }));

export const noteOptions = async (): Promise<Option[]> =>
  (await api.listNotes()).map((n) => ({ value: n.id, label: n.title }));

export const segmentOptions = async (interviewId: string | null): Promise<Option[]> => {
  if (!interviewId) return [];
  return (await api.listSegments(interviewId)).map((s) => ({
    value: s.id,
    label: clip(`${s.start_ms != null ? `${formatTimecode(s.start_ms)} ` : ''}${s.speaker ? `${s.speaker}: ` : ''}${s.text}`, 110),
  }));
};

export const enumOptions = (values: readonly string[]): Option[] => values.map((v) => ({ value: v, label: humanize(v) }));
