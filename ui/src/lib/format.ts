import type { ObjectKind } from './api';

export const KIND_LABEL: Record<ObjectKind, { one: string; many: string }> = {
  participant: { one: 'Participant', many: 'Participants' },
  interview: { one: 'Interview', many: 'Interviews' },
  segment: { one: 'Transcript passage', many: 'Transcript passages' },
  note: { one: 'Note', many: 'Notes' },
  tag: { one: 'Tag', many: 'Tags' },
  highlight: { one: 'Highlight', many: 'Highlights' },
  insight: { one: 'Insight', many: 'Insights' },
  persona: { one: 'Persona', many: 'Personas' },
  persona_statement: { one: 'Persona statement', many: 'Persona statements' },
  tree: { one: 'Opportunity tree', many: 'Opportunity trees' },
  tree_node: { one: 'Tree node', many: 'Tree nodes' },
  feedback: { one: 'Feedback', many: 'Feedback' },
  workshop: { one: 'Workshop', many: 'Workshops' },
};

export function kindLabel(kind: ObjectKind | string, n = 1): string {
  const l = KIND_LABEL[kind as ObjectKind];
  if (!l) return kind;
  return n === 1 ? l.one : l.many;
}

/** `123456` ms → "2:03"; hours when needed. */
export function formatTimecode(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms) || ms < 0) return '';
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

const dateFmt = typeof Intl !== 'undefined' ? new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }) : null;

/** "2026-03-31" or an RFC 3339 time → a short local date; anything else as given. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00`) : new Date(value);
  if (Number.isNaN(d.getTime()) || !dateFmt) return value;
  return dateFmt.format(d);
}

const IRREGULAR: Record<string, string> = { person: 'people', child: 'children', criterion: 'criteria', analysis: 'analyses' };

/**
 * The word for `n` of something: `one` for exactly 1, else `many`, or else the English plural
 * of `one` ("passage" → "passages", "match" → "matches", "reply" → "replies", "person" →
 * "people"); for a phrase, its last word is made plural ("feedback item" → "feedback items").
 */
export function noun(n: number, one: string, many?: string): string {
  if (n === 1) return one;
  if (many !== undefined) return many;
  const m = /^(.*?)([A-Za-z]+)$/.exec(one);
  if (!m) return one;
  const [, head, word] = m;
  const lower = word.toLowerCase();
  let out: string;
  if (IRREGULAR[lower]) out = IRREGULAR[lower];
  else if (/(s|x|z|ch|sh)$/.test(lower)) out = `${word}es`;
  else if (/[^aeiou]y$/.test(lower)) out = `${word.slice(0, -1)}ies`;
  else out = `${word}s`;
  if (IRREGULAR[lower] && word[0] !== lower[0]) out = out[0].toUpperCase() + out.slice(1);
  return head + out;
}

/** A count with its word: "1 participant", "2 participants", "1,204 passages", "0 people". */
export function plural(n: number, one: string, many?: string): string {
  return `${n.toLocaleString()} ${noun(n, one, many)}`;
}

/** "usability_test" → "Usability test" */
export function humanize(s: string): string {
  const t = s.replace(/_/g, ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
export const MOD = isMac ? '⌘' : 'Ctrl';

const relativeFmt = typeof Intl !== 'undefined' && 'RelativeTimeFormat' in Intl ? new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }) : null;

/**
 * When something happened, as people say it: "just now", "5 minutes ago", "3 hours ago",
 * "yesterday", "4 days ago"; from a week back, the date ("on 2 Dec 2026").
 */
export function relativeTime(at: string, now: Date = new Date()): string {
  const then = new Date(at);
  if (Number.isNaN(then.getTime())) return at;
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  const hours = Math.round(seconds / 3600);
  const days = Math.round(seconds / 86400);
  if (!relativeFmt || days >= 7) return `on ${formatDate(at)}`;
  if (minutes < 60) return relativeFmt.format(-minutes, 'minute');
  if (hours < 24) return relativeFmt.format(-hours, 'hour');
  return relativeFmt.format(-days, 'day');
}
