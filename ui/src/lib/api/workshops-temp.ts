// TEMPORARY: the workshop wire types and client functions, written by hand from
// notes/workshop-spec.md until the generated ones land on main. Delete after merging main.
import { send } from './send';
import type { NodeKind, ObjectRef } from './types';

export type WorkshopRecipe = 'hmw' | 'note_and_vote' | 'ldj' | 'prioritise_tree';
export type WorkshopActivity = 'write' | 'group' | 'vote' | 'reveal' | 'decide' | 'matrix';
export type SeatRole = 'participant' | 'decider';

export type WorkshopSettings = {
  votes_per_person: number;
  per_item_cap: number;
  stacking: boolean;
  supervotes: number;
  everyone_groups: boolean;
  latecomers: boolean;
  max_notes: number;
};
export type WorkshopSeed = { tree_id: string | null; node_ids: string[]; highlight_ids: string[]; insight_ids: string[] };
export type WorkshopInput = { title: string; recipe: WorkshopRecipe; settings: WorkshopSettings | null; seed: WorkshopSeed };
export type WorkshopStep = { board: string; activity: WorkshopActivity; prompt: string };
export type WorkshopTimer = { ends_at_ms: number | null; paused_left_ms: number | null };
export type Workshop = {
  id: string;
  title: string;
  recipe: WorkshopRecipe;
  settings: WorkshopSettings;
  seed: WorkshopSeed;
  steps: WorkshopStep[];
  step: number;
  locked: boolean;
  timer: WorkshopTimer;
  listen_addr: string | null;
  participants: number;
  notes: number;
  started_at: string | null;
  ended_at: string | null;
  created_at: string;
  updated_at: string;
};
export type BoardNote = { id: string; group_id: string; board: string; text: string; hidden: boolean; seeded: boolean; by_facilitator: boolean; created_at: string };
export type BoardGroup = {
  id: string;
  board: string;
  title: string;
  position: number;
  notes: BoardNote[];
  votes: number;
  supervotes: number;
  voters: number;
  effort: number | null;
  impact: number | null;
  node_id: string | null;
};
export type Seat = { id: string; nickname: string | null; role: SeatRole; done: boolean; votes_used: number; joined_at: string; removed: boolean };
export type WorkshopBoard = { workshop: Workshop; server_now_ms: number; groups: BoardGroup[]; seats: Seat[]; done: number };
export type TimerAction =
  | { action: 'start'; secs: number }
  | { action: 'pause' }
  | { action: 'resume' }
  | { action: 'add'; secs: number }
  | { action: 'clear' };
export type PromoteTarget = { to: 'tree_node'; tree_id: string; parent_id: string | null; kind: NodeKind } | { to: 'insight' };
export type WorkshopFormat = 'md' | 'csv' | 'svg';

export type NetInterface = { name: string; ip: string; loopback: boolean };
export type HostRequest =
  | { action: 'interfaces' }
  | { action: 'open'; id: string; ip: string; port: number | null; allow_network: boolean }
  | { action: 'status'; id: string }
  | { action: 'close'; id: string };
export type HostStatus = {
  interfaces: NetInterface[];
  open: boolean;
  addr: string | null;
  join_url: string | null;
  code: string | null;
  qr_svg: string | null;
  joined: number;
};

export const listWorkshops = (): Promise<Workshop[]> => send('list_workshops', {}) as Promise<Workshop[]>;
export const createWorkshop = (input: WorkshopInput): Promise<Workshop> => send('create_workshop', { input }) as Promise<Workshop>;
export const updateWorkshop = (id: string, title: string, settings: WorkshopSettings): Promise<Workshop> =>
  send('update_workshop', { id, title, settings }) as Promise<Workshop>;
export const workshopBoard = (id: string): Promise<WorkshopBoard> => send('workshop_board', { id }) as Promise<WorkshopBoard>;
export const advanceWorkshop = (id: string, step: number): Promise<Workshop> => send('advance_workshop', { id, step }) as Promise<Workshop>;
export const setWorkshopTimer = (id: string, action: TimerAction): Promise<Workshop> => send('set_workshop_timer', { id, action }) as Promise<Workshop>;
export const lockWorkshop = (id: string, locked: boolean): Promise<Workshop> => send('lock_workshop', { id, locked }) as Promise<Workshop>;
export const addWorkshopNote = (id: string, text: string): Promise<BoardNote> => send('add_workshop_note', { id, text }) as Promise<BoardNote>;
export const hideWorkshopNote = (noteId: string, hidden: boolean): Promise<null> => send('hide_workshop_note', { note_id: noteId, hidden }) as Promise<null>;
export const deleteWorkshopNote = (noteId: string): Promise<null> => send('delete_workshop_note', { note_id: noteId }) as Promise<null>;
export const moveWorkshopNote = (noteId: string, groupId: string | null): Promise<null> =>
  send('move_workshop_note', { note_id: noteId, group_id: groupId }) as Promise<null>;
export const renameWorkshopGroup = (groupId: string, title: string): Promise<null> => send('rename_workshop_group', { group_id: groupId, title }) as Promise<null>;
export const setWorkshopMatrix = (groupId: string, effort: number | null, impact: number | null): Promise<null> =>
  send('set_workshop_matrix', { group_id: groupId, effort, impact }) as Promise<null>;
export const setWorkshopRole = (participantId: string, role: SeatRole): Promise<null> =>
  send('set_workshop_role', { participant_id: participantId, role }) as Promise<null>;
export const removeWorkshopParticipant = (participantId: string): Promise<null> =>
  send('remove_workshop_participant', { participant_id: participantId }) as Promise<null>;
export const endWorkshop = (id: string): Promise<Workshop> => send('end_workshop', { id }) as Promise<Workshop>;
export const promoteWorkshopItems = (id: string, groupIds: string[], target: PromoteTarget): Promise<ObjectRef[]> =>
  send('promote_workshop_items', { id, group_ids: groupIds, target }) as Promise<ObjectRef[]>;
export const writeBackWorkshopVotes = (id: string): Promise<number> => send('write_back_workshop_votes', { id }) as Promise<number>;
export const exportWorkshop = (id: string, format: WorkshopFormat): Promise<string> => send('export_workshop', { id, format }) as Promise<string>;
