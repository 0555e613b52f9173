// The view as the person expects it: the server's last view with the writes still waiting in
// the outbox laid over it, so a tap shows at once and the server's next view confirms it.
import type { Entry } from './outbox';
import type { ParticipantView } from './types';

export interface ShownNote {
  client_key: string;
  text: string;
  hidden: boolean;
  /** Not acknowledged yet. */
  sending: boolean;
}

export interface Shown {
  myNotes: ShownNote[];
  /** My dots (or supervotes) on a group, waiting ones included. */
  votes(groupId: string, supervote: boolean): number;
  votesLeft: number;
  supervotesLeft: number;
  done: boolean;
  doneCount: number;
}

export function shown(view: ParticipantView, pending: readonly Entry[]): Shown {
  const puts = new Map<string, string>();
  const deleted = new Set<string>();
  const votes = new Map<string, number>();
  let done: boolean | null = null;
  for (const { write } of pending) {
    switch (write.cmd) {
      case 'put_note':
        puts.set(write.args.client_key, write.args.text);
        deleted.delete(write.args.client_key);
        break;
      case 'delete_my_note':
        deleted.add(write.args.client_key);
        puts.delete(write.args.client_key);
        break;
      case 'set_vote':
        votes.set(voteKey(write.args.group_id, write.args.supervote), write.args.count);
        break;
      case 'set_done':
        done = write.args.done;
        break;
    }
  }

  const myNotes: ShownNote[] = [];
  for (const n of view.my_notes) {
    if (deleted.has(n.client_key)) continue;
    const text = puts.get(n.client_key);
    myNotes.push({ client_key: n.client_key, text: text ?? n.text, hidden: n.hidden, sending: text !== undefined });
    puts.delete(n.client_key);
  }
  // New notes only while writing: elsewhere a waiting note is about to be refused anyway.
  if (view.activity === 'write') {
    for (const [client_key, text] of puts) myNotes.push({ client_key, text, hidden: false, sending: true });
  }

  let dotDelta = 0;
  let superDelta = 0;
  for (const g of view.groups) {
    const dot = votes.get(voteKey(g.id, false));
    if (dot !== undefined) dotDelta += dot - g.my_votes;
    const sup = votes.get(voteKey(g.id, true));
    if (sup !== undefined) superDelta += sup - g.my_supervotes;
  }
  const serverVotes = new Map<string, number>();
  for (const g of view.groups) {
    serverVotes.set(voteKey(g.id, false), g.my_votes);
    serverVotes.set(voteKey(g.id, true), g.my_supervotes);
  }

  const isDone = done ?? view.me.done;
  return {
    myNotes,
    votes: (groupId, supervote) => {
      const key = voteKey(groupId, supervote);
      return votes.get(key) ?? serverVotes.get(key) ?? 0;
    },
    votesLeft: Math.max(0, (view.voting?.votes_left ?? 0) - dotDelta),
    supervotesLeft: Math.max(0, (view.voting?.supervotes_left ?? 0) - superDelta),
    done: isDone,
    doneCount: view.done_count + (isDone === view.me.done ? 0 : isDone ? 1 : -1),
  };
}

function voteKey(groupId: string, supervote: boolean): string {
  return `${groupId}:${supervote ? 's' : 'd'}`;
}
