// Speakers across the files of one import: one row per name (turns summed, files counted),
// preselected from what the engine suggests, and the choice back as a SpeakerTarget.
import type { ImportPreview, SpeakerMap, SpeakerTarget } from '../../lib/api';

/** `choice` values: 'keep', 'interviewer', 'new', or 'p:' + a participant id. */
export type SpeakerRow = { name: string; turns: number; files: number; choice: string };

export function choiceOf(t: SpeakerTarget | null): string {
  if (!t) return 'keep';
  if (t.to === 'participant') return `p:${t.id}`;
  return t.to === 'new_participant' ? 'new' : t.to;
}

export function targetOf(row: SpeakerRow): SpeakerTarget {
  if (row.choice.startsWith('p:')) return { to: 'participant', id: row.choice.slice(2) };
  if (row.choice === 'new') return { to: 'new_participant', name: row.name };
  return row.choice === 'interviewer' ? { to: 'interviewer' } : { to: 'keep' };
}

/** One row per speaker name across the previews, in order of first appearance. */
export function combineSpeakers(previews: ImportPreview[]): SpeakerRow[] {
  const rows = new Map<string, SpeakerRow>();
  for (const p of previews) {
    for (const s of p.speakers) {
      const row = rows.get(s.name) ?? { name: s.name, turns: 0, files: 0, choice: choiceOf(s.suggestion) };
      row.turns += s.turns;
      row.files += 1;
      rows.set(s.name, row);
    }
  }
  return [...rows.values()];
}

export function speakerMap(rows: SpeakerRow[]): SpeakerMap {
  return Object.fromEntries(rows.map((r) => [r.name, targetOf(r)]));
}
