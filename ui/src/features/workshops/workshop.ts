// What the facilitator's screens compute from a workshop and its board: recipe names, the
// step line, the status, the timer's remaining time on the server's clock, the ranking and
// its heat, and the matrix quadrant. Pure, so it is tested without a backend.
import type { BoardGroup, Workshop, WorkshopSettings, WorkshopStep, WorkshopTimer } from '../../lib/api';

export type Recipe = Workshop['recipe'];
export type Activity = WorkshopStep['activity'];

export const RECIPES: { value: Recipe; label: string; help: string }[] = [
  {
    value: 'ldj',
    label: 'Lightning Decision Jam',
    help: 'Write problems, vote on the worst, reframe them as “How might we…”, vote on solutions and place them on an effort/impact grid.',
  },
  { value: 'note_and_vote', label: 'Note-and-Vote', help: 'Everyone writes ideas alone, you group them, the room dot-votes and a decider picks.' },
  { value: 'hmw', label: 'How Might We on an opportunity', help: 'Reframe one opportunity of a tree as “How might we…” questions and vote on the best.' },
  { value: 'prioritise_tree', label: 'Prioritise a tree', help: 'The room dot-votes on nodes of a tree; the totals can be written back onto the nodes.' },
];

export const recipeLabel = (r: Recipe): string => RECIPES.find((x) => x.value === r)?.label ?? r;

/** The engine's defaults (notes/workshop-spec.md), shown in the form before anything is changed. */
export const DEFAULT_SETTINGS: WorkshopSettings = {
  votes_per_person: 3,
  decider_votes: 0,
  per_item_cap: 3,
  stacking: true,
  supervotes: 1,
  everyone_groups: false,
  latecomers: true,
  max_notes: 50,
};

const VERB: Record<Activity, string> = {
  write: 'Write',
  group: 'Group',
  vote: 'Vote on',
  reveal: 'Reveal',
  decide: 'Decide on',
  matrix: 'Place on the effort/impact grid:',
};

/** "Vote on problems", "Write hmw" reads as "Write How might we…". */
export function stepName(step: WorkshopStep): string {
  const board = step.board === 'hmw' ? '“How might we…”' : step.board;
  return `${VERB[step.activity]} ${board}`;
}

/** "3 of 9 · Vote on problems" */
export function stepLine(w: Pick<Workshop, 'steps' | 'step'>): string {
  const s = w.steps[w.step];
  return s ? `${w.step + 1} of ${w.steps.length} · ${stepName(s)}` : `${w.step + 1} of ${w.steps.length}`;
}

export type Status = 'draft' | 'running' | 'ended';

export function status(w: Pick<Workshop, 'started_at' | 'ended_at'>): Status {
  if (w.ended_at) return 'ended';
  return w.started_at ? 'running' : 'draft';
}

export const STATUS_LABEL: Record<Status, string> = { draft: 'Draft', running: 'Running', ended: 'Ended' };

/** Whether the step shows results (totals for everyone). */
export const showsResults = (a: Activity | undefined): boolean => a === 'reveal' || a === 'decide' || a === 'matrix';

/**
 * Milliseconds left on the timer, measured on the server's clock: `offset` is the server's
 * time minus this machine's when the board was read. Null: no timer.
 */
export function timeLeft(timer: WorkshopTimer, offset: number, now: number = Date.now()): number | null {
  if (timer.paused_left_ms != null) return Math.max(0, timer.paused_left_ms);
  if (timer.ends_at_ms != null) return Math.max(0, timer.ends_at_ms - (now + offset));
  return null;
}

export type TimerState = 'none' | 'running' | 'paused';

export function timerState(timer: WorkshopTimer): TimerState {
  if (timer.paused_left_ms != null) return 'paused';
  return timer.ends_at_ms != null ? 'running' : 'none';
}

/** 185000 → "3:05"; rounds up, so "0:00" shows only when time is up. */
export function clock(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Groups best first: votes, then supervotes, then board order. */
export function ranked(groups: BoardGroup[]): BoardGroup[] {
  return groups.slice().sort((a, b) => b.votes - a.votes || b.supervotes - a.supervotes || a.position - b.position);
}

/** Heat level 0–4 from a group's share of the most-voted group's votes (0: none). */
export function heat(votes: number, most: number): number {
  if (votes <= 0 || most <= 0) return 0;
  return Math.max(1, Math.min(4, Math.ceil((votes / most) * 4)));
}

/** The effort/impact quadrant a group falls in (3 counts as low), or null until both are set. */
export function quadrant(g: Pick<BoardGroup, 'effort' | 'impact'>): 'quick_wins' | 'big_bets' | 'fill_ins' | 'money_pits' | null {
  if (g.effort == null || g.impact == null) return null;
  const high = g.impact > 3;
  const hard = g.effort > 3;
  if (high) return hard ? 'big_bets' : 'quick_wins';
  return hard ? 'money_pits' : 'fill_ins';
}

export const QUADRANTS = [
  { key: 'quick_wins', label: 'Quick wins', hint: 'high impact, low effort' },
  { key: 'big_bets', label: 'Big bets', hint: 'high impact, high effort' },
  { key: 'fill_ins', label: 'Fill-ins', hint: 'low impact, low effort' },
  { key: 'money_pits', label: 'Money pits', hint: 'low impact, high effort' },
] as const;

/** A note's group title when nobody named it: its first note's words. */
export function groupTitle(g: BoardGroup): string {
  if (g.title.trim()) return g.title;
  const first = g.notes[0]?.text ?? '';
  return first.length > 60 ? `${first.slice(0, 59)}…` : first || 'Untitled group';
}

/**
 * Run `fn` at most once per `ms`: the first call at once, calls within the window once at its
 * end (a burst of participants' writes reloads the board ≤ 4 times a second, and the last
 * change is never missed).
 */
export function throttle(fn: () => void, ms: number): { (): void; cancel(): void } {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = () => {
    timer = null;
    last = Date.now();
    fn();
  };
  const call = () => {
    if (timer) return;
    const wait = last + ms - Date.now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  };
  call.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return call;
}

/** An SVG document as an <img> source (never parsed into the page). */
export const svgDataUrl = (svg: string): string => `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;

/** A seat's name on the facilitator's screen: its nickname, else "Participant 3". */
export const seatName = (nickname: string | null, index: number): string => nickname?.trim() || `Participant ${index + 1}`;

/** A write from the workshop screen: runs it, reloads the board, says in a toast what failed. */
export type Run = <T>(what: string, fn: () => Promise<T>) => Promise<T | undefined>;
