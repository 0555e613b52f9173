// The participant's side of the workshop wire contract (notes/workshop-spec.md), written by
// hand: this bundle must not pull in the main app's generated client.

export type Activity = 'write' | 'group' | 'vote' | 'reveal' | 'decide' | 'matrix';
export type Role = 'participant' | 'decider';

/** Running: ends_at_ms set; paused: paused_left_ms set; neither: no timer. */
export interface WorkshopTimer {
  ends_at_ms: number | null;
  paused_left_ms: number | null;
}

export interface MyNote {
  id: string;
  client_key: string;
  text: string;
  hidden: boolean;
}

export interface ViewNote {
  id: string;
  text: string;
  mine: boolean;
}

export interface ViewGroup {
  id: string;
  title: string;
  notes: ViewNote[];
  my_votes: number;
  my_supervotes: number;
  /** null unless the activity is reveal/decide/matrix. */
  votes: number | null;
  supervotes: number | null;
}

export interface Voting {
  votes_per_person: number;
  votes_left: number;
  per_item_cap: number;
  stacking: boolean;
  supervotes_left: number;
}

export interface ParticipantView {
  workshop_id: string;
  title: string;
  step: number;
  steps: number;
  activity: Activity;
  board: string;
  prompt: string;
  locked: boolean;
  ended: boolean;
  timer: WorkshopTimer;
  server_now_ms: number;
  me: { id: string; nickname: string | null; role: Role; done: boolean };
  my_notes: MyNote[];
  groups: ViewGroup[];
  voting: Voting | null;
  ranked: string[] | null;
  done_count: number;
  participant_count: number;
  everyone_groups: boolean;
  rev: number;
}

/** A group as the wire carries it: the same for every phone. */
export interface WireGroup {
  id: string;
  title: string;
  notes: { id: string; text: string }[];
  votes: number | null;
  supervotes: number | null;
}

/** A view as the room sends it. `groups` is null when the board is the same as in the
 *  last view this phone was sent (the stream), or as the phone said it shows (`?step=`):
 *  the page keeps the board it has. Which notes are this phone's is `my_notes`; its dots
 *  are `my_dots`. `assemble` makes the `ParticipantView` the screens use. */
export type WireView = Omit<ParticipantView, 'groups'> & {
  groups: WireGroup[] | null;
  my_dots: { group_id: string; dots: number; super_dots: number }[];
};

export interface JoinAnswer {
  token: string;
  participant_id: string;
  workshop_id: string;
}

/** What `groundwork.seat` holds: enough to go straight back in after a reload. */
export interface Seat {
  token: string;
  workshop_id: string;
}

/** The writes the outbox keeps until the server acknowledges them. */
export type Write =
  | { cmd: 'put_note'; args: { client_key: string; text: string } }
  | { cmd: 'delete_my_note'; args: { client_key: string } }
  | { cmd: 'set_vote'; args: { group_id: string; count: number; supervote: boolean } }
  | { cmd: 'set_done'; args: { done: boolean } };

export type Command =
  | Write
  | { cmd: 'state'; args: Record<string, never> }
  | { cmd: 'move_note'; args: { note_id: string; group_id: string | null } }
  | { cmd: 'set_nickname'; args: { nickname: string } };
