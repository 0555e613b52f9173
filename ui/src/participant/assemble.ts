import type { ParticipantView, ViewGroup, WireGroup, WireView } from './types';

/**
 * The view the screens use, from what the room sent: its board, or (when the room left the
 * board out because it had not changed) the board of the view shown before, with this
 * phone's own notes and dots marked on it. `null` when the room left the board out and there
 * is none to keep (ask for the whole `state`).
 */
export function assemble(w: WireView, previous: ParticipantView | null): ParticipantView | null {
  const shared: WireGroup[] | null =
    w.groups ??
    previous?.groups.map((g) => ({
      id: g.id,
      title: g.title,
      notes: g.notes.map((n) => ({ id: n.id, text: n.text })),
      votes: g.votes,
      supervotes: g.supervotes,
    })) ??
    null;
  if (shared === null) return null;
  const mine = new Set(w.my_notes.map((n) => n.id));
  const dots = new Map(w.my_dots.map((d) => [d.group_id, d]));
  const groups: ViewGroup[] = shared.map((g) => ({
    id: g.id,
    title: g.title,
    notes: g.notes.map((n) => ({ id: n.id, text: n.text, mine: mine.has(n.id) })),
    my_votes: dots.get(g.id)?.dots ?? 0,
    my_supervotes: dots.get(g.id)?.super_dots ?? 0,
    votes: g.votes,
    supervotes: g.supervotes,
  }));
  const { my_dots: _dots, groups: _groups, ...rest } = w;
  return { ...rest, groups };
}
