import { describe, expect, it } from 'vitest';
import { assemble } from './assemble';
import type { WireView } from './types';

const wire = (over: Partial<WireView> = {}): WireView => ({
  workshop_id: 'w', title: 'Jam', step: 2, steps: 5, activity: 'vote', board: 'ideas', prompt: 'Vote',
  locked: false, ended: false, timer: { ends_at_ms: null, paused_left_ms: null }, server_now_ms: 0,
  me: { id: 'me', nickname: null, role: 'participant', done: false },
  my_notes: [{ id: 'n1', client_key: 'k', text: 'Mine', hidden: false }],
  groups: [
    { id: 'g1', title: '', notes: [{ id: 'n1', text: 'Mine' }], votes: null, supervotes: null },
    { id: 'g2', title: 'Speed', notes: [{ id: 'n2', text: 'Theirs' }], votes: null, supervotes: null },
  ],
  my_dots: [{ group_id: 'g2', dots: 2, super_dots: 0 }],
  voting: { votes_per_person: 3, votes_left: 1, per_item_cap: 3, stacking: true, supervotes_left: 0 },
  ranked: null, done_count: 0, participant_count: 2, everyone_groups: false, rev: 7,
  ...over,
});

describe('assemble', () => {
  it('marks this phone’s notes and dots on the board', () => {
    const v = assemble(wire(), null)!;
    expect(v.groups.map((g) => [g.id, g.my_votes, g.notes[0].mine])).toEqual([['g1', 0, true], ['g2', 2, false]]);
    expect('my_dots' in v).toBe(false);
  });

  it('keeps the board it has when the room leaves it out, with the new dots', () => {
    const first = assemble(wire(), null)!;
    const next = assemble(wire({ groups: null, my_dots: [{ group_id: 'g1', dots: 3, super_dots: 0 }], rev: 8 }), first)!;
    expect(next.groups.map((g) => [g.id, g.my_votes])).toEqual([['g1', 3], ['g2', 0]]);
    expect(next.rev).toBe(8);
  });

  it('asks for the whole view when there is no board to keep', () => {
    expect(assemble(wire({ groups: null }), null)).toBeNull();
  });
});
