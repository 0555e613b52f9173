// Speakers across the files of one import: one row per name (turns summed, files counted),
// preselected from what the engine suggests, and the choice back as a SpeakerTarget.
import type { FileSpeakers, ImportPreview, ProposalReason, SpeakerMap, SpeakerProposal, SpeakerTarget } from '../../lib/api';

/** `choice` values: 'keep', 'interviewer', 'new', or 'p:' + a participant id. */
export type SpeakerRow = { name: string; turns: number; files: number; choice: string; why?: string; proposed?: SpeakerTarget };

export function choiceOf(t: SpeakerTarget | null): string {
  if (!t) return 'keep';
  if (t.to === 'participant') return `p:${t.id}`;
  return t.to === 'new_participant' ? 'new' : t.to;
}

export function targetOf(row: SpeakerRow): SpeakerTarget {
  if (row.choice.startsWith('p:')) return { to: 'participant', id: row.choice.slice(2) };
  if (row.choice === 'new') {
    // The engine's proposal names the person without the label's decorations ("Dana | Acme").
    return row.proposed?.to === 'new_participant' ? row.proposed : { to: 'new_participant', name: row.name };
  }
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

/** The speakers of each interview file, for proposing one mapping across the import. */
export function fileSpeakers(previews: ImportPreview[]): FileSpeakers[] {
  return previews
    .filter((p) => p.kind === 'interview' && p.speakers.length)
    .map((p) => ({ speakers: p.speakers.map((s) => s.name), host: p.host ?? undefined }));
}

const WHY: Record<ProposalReason, (p: SpeakerProposal) => string> = {
  remembered: () => 'as mapped before',
  team: () => 'marked as your team',
  host: () => 'the file names them the host',
  most_files: (p) => `speaks in ${p.files} of ${p.of} files`,
  same_name: () => 'a participant of this name',
  new: () => 'nobody of this name yet',
  unnamed: () => 'names no one in particular',
};

/** The engine's proposal for the whole import replaces each row's per-file suggestion. */
export function applyProposals(rows: SpeakerRow[], proposals: SpeakerProposal[]): SpeakerRow[] {
  const by = new Map(proposals.map((p) => [p.name, p]));
  return rows.map((r) => {
    const p = by.get(r.name);
    return p ? { ...r, choice: choiceOf(p.target), why: WHY[p.reason](p), proposed: p.target } : r;
  });
}

/** The name a new participant for this row would get. */
export const newName = (row: SpeakerRow) => (row.proposed?.to === 'new_participant' ? row.proposed.name : row.name);
