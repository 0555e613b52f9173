// The feedback inbox's pure parts: how a row reads, which query the filters make, and how the
// pages of a long result are kept (loaded as the list scrolls to them, never all at once).
import type { FeedbackItem, FeedbackQuery, FeedbackState } from '../../lib/api';

export const PAGE = 200;

export const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The item's title when it has one, else what was said, on one line. */
export function itemTitle(o: Pick<FeedbackItem, 'title' | 'text'>): string {
  const t = o.title.trim();
  return t ? clip(t.replace(/\s+/g, ' '), 140) : clip(o.text.replace(/\s+/g, ' ').trim(), 140);
}

/** "NPS 9", "CSAT 4", "★ 4" (a score of no known kind reads as a rating); "" without one. */
export function scoreLabel(o: Pick<FeedbackItem, 'score' | 'score_kind'>): string {
  if (o.score == null) return '';
  const n = Number.isInteger(o.score) ? String(o.score) : o.score.toFixed(1);
  if (o.score_kind === 'nps') return `NPS ${n}`;
  if (o.score_kind === 'csat') return `CSAT ${n}`;
  return `★ ${n}`;
}

export const STATES: { value: FeedbackState; label: string }[] = [
  { value: 'new', label: 'New' },
  { value: 'reviewed', label: 'Reviewed' },
  { value: 'linked', label: 'Linked' },
  { value: 'closed', label: 'Closed' },
];

export const stateLabel = (s: FeedbackState) => STATES.find((x) => x.value === s)?.label ?? s;

export interface Filters {
  text: string;
  states: FeedbackState[];
  source: string;
  segment: string;
  scoreMin: string;
  scoreMax: string;
  from: string;
  to: string;
}

export const noFilters = (): Filters => ({ text: '', states: [], source: '', segment: '', scoreMin: '', scoreMax: '', from: '', to: '' });

const num = (s: string): number | null => {
  if (s.trim() === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
};

/** The engine's query for what the filters say (empty fields match everything). */
export function toQuery(f: Filters): FeedbackQuery {
  return {
    text: f.text.trim(),
    states: [...f.states],
    sources: f.source ? [f.source] : [],
    segments: f.segment ? [f.segment] : [],
    score_kind: null,
    score_min: num(f.scoreMin),
    score_max: num(f.scoreMax),
    from: f.from || null,
    to: f.to || null,
  };
}

export const isFiltered = (f: Filters) => JSON.stringify(f) !== JSON.stringify(noFilters());

/**
 * The rows of a result of `total` items, of which only some pages are loaded: a row not
 * loaded yet is null (shown as a placeholder until its page arrives).
 */
export function rowsOf(total: number, pages: ReadonlyMap<number, FeedbackItem[]>): (FeedbackItem | null)[] {
  const rows: (FeedbackItem | null)[] = new Array(total).fill(null);
  for (const [page, items] of pages) {
    items.forEach((it, i) => {
      const at = page * PAGE + i;
      if (at < total) rows[at] = it;
    });
  }
  return rows;
}

/** The pages that rows `start`..`end` (exclusive) fall on. */
export function pagesFor(start: number, end: number): number[] {
  if (end <= start) return [];
  const first = Math.floor(start / PAGE);
  const last = Math.floor((end - 1) / PAGE);
  const out: number[] = [];
  for (let p = first; p <= last; p++) out.push(p);
  return out;
}

/**
 * Which ids a triage key acts on: the selected rows when there are any, else the row the
 * cursor is on (none when it is on a row not loaded yet).
 */
export function targets(selected: ReadonlySet<string>, focused: FeedbackItem | null): string[] {
  if (selected.size) return [...selected];
  return focused ? [focused.id] : [];
}

/** What a toast says after a triage: "3 items marked reviewed", "Item closed". */
export function triageMessage(n: number, state: FeedbackState): string {
  const done = state === 'new' ? 'marked new' : state === 'closed' ? 'closed' : state === 'linked' ? 'marked linked' : 'marked reviewed';
  return n === 1 ? `Item ${done}` : `${n.toLocaleString()} items ${done}`;
}
