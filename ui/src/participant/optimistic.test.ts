import { describe, expect, it } from 'vitest';
import type { Entry } from './outbox';
import { shown } from './optimistic';
import type { ParticipantView, Write } from './types';

function view(over: Partial<ParticipantView> = {}): ParticipantView {
  return {
    workshop_id: 'w',
    title: 'T',
    step: 2,
    steps: 5,
    activity: 'vote',
    board: 'ideas',
    prompt: '',
    locked: false,
    ended: false,
    timer: { ends_at_ms: null, paused_left_ms: null },
    server_now_ms: 0,
    me: { id: 'p', nickname: null, role: 'participant', done: false },
    my_notes: [],
    groups: [
      { id: 'a', title: 'A', notes: [], my_votes: 1, my_supervotes: 0, votes: null, supervotes: null },
      { id: 'b', title: 'B', notes: [], my_votes: 0, my_supervotes: 0, votes: null, supervotes: null },
    ],
    voting: { votes_per_person: 3, votes_left: 2, per_item_cap: 3, stacking: true, supervotes_left: 0 },
    ranked: null,
    done_count: 1,
    participant_count: 4,
    everyone_groups: false,
    rev: 1,
    ...over,
  };
}

const entries = (...writes: Write[]): Entry[] => writes.map((write, i) => ({ key: String(i), seq: i + 1, write }));

describe('shown (the view with waiting writes laid over it)', () => {
  it('a vote tap counts at once, and so do the votes left', () => {
    const s = shown(
      view(),
      entries(
        { cmd: 'set_vote', args: { group_id: 'a', count: 3, supervote: false } },
        { cmd: 'set_vote', args: { group_id: 'b', count: 0, supervote: false } },
      ),
    );
    expect([s.votes('a', false), s.votes('b', false), s.votesLeft]).toEqual([3, 0, 0]);
  });

  it('my notes: edits and deletes waiting show, new ones only while writing', () => {
    const v = view({
      activity: 'write',
      groups: [],
      my_notes: [
        { id: '1', client_key: 'k1', text: 'one', hidden: false },
        { id: '2', client_key: 'k2', text: 'two', hidden: true },
      ],
    });
    const pending = entries(
      { cmd: 'put_note', args: { client_key: 'k1', text: 'one!' } },
      { cmd: 'delete_my_note', args: { client_key: 'k2' } },
      { cmd: 'put_note', args: { client_key: 'k3', text: 'three' } },
    );
    expect(shown(v, pending).myNotes.map((n) => [n.text, n.sending])).toEqual([
      ['one!', true],
      ['three', true],
    ]);
    expect(shown({ ...v, activity: 'group' }, pending).myNotes.map((n) => n.text)).toEqual(['one!']);
  });

  it('I’m done shows at once, with the count', () => {
    const s = shown(view(), entries({ cmd: 'set_done', args: { done: true } }));
    expect([s.done, s.doneCount]).toEqual([true, 2]);
  });
});
