import type { Activity, ViewGroup } from './types';

export const ACTIVITY_LABEL: Record<Activity, string> = {
  write: 'Write',
  group: 'Group',
  vote: 'Vote',
  reveal: 'Results',
  decide: 'Decide',
  matrix: 'Effort and impact',
};

/** A group's name: its title, else its first note (a note written alone is a group of one). */
export function groupLabel(g: ViewGroup): string {
  const title = g.title.trim();
  if (title) return title;
  return g.notes[0]?.text ?? 'Empty group';
}

/** m:ss, rounding up so 0:00 shows only at the end. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A heat bar's class, 0–5 by the share of the top total: classes, not style attributes (CSP). */
export function heat(votes: number, max: number): string {
  if (max <= 0 || votes <= 0) return 'heat-0';
  return `heat-${Math.max(1, Math.ceil((votes / max) * 5))}`;
}
