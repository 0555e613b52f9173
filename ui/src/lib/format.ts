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

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** "usability_test" → "Usability test" */
export function humanize(s: string): string {
  const t = s.replace(/_/g, ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
export const MOD = isMac ? '⌘' : 'Ctrl';
