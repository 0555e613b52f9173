// The feedback numbers' pure parts: chart series from what the engine counted, their labels,
// and the sentences a screen reader hears instead of the canvas.
import type { FeedbackOverview, FeedbackStats, Nps, TagTrend } from '../../lib/api';
import { formatDate, plural } from '../../lib/format';

export interface Series {
  labels: string[];
  values: number[];
}

const monthFmt = typeof Intl !== 'undefined' ? new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' }) : null;

/** "2026-03" → "Mar 2026" (as given when it is not a month). */
export function monthLabel(key: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  if (!m || !monthFmt) return key;
  return monthFmt.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
}

/** Items received per week, oldest first, labelled by the week's Monday. */
export function weeklySeries(o: Pick<FeedbackOverview, 'weekly'>): Series {
  return { labels: o.weekly.map((w) => formatDate(w.week)), values: o.weekly.map((w) => w.received) };
}

/** NPS per month, in order; months without an NPS answer are left out (no score to draw). */
export function npsByMonth(s: Pick<FeedbackStats, 'groups'>): Series {
  const kept = s.groups.filter((g) => g.nps.score != null && g.nps.responses > 0);
  return { labels: kept.map((g) => monthLabel(g.key)), values: kept.map((g) => g.nps.score as number) };
}

/** "+32.5", "−10", "0"; "—" without answers. NPS is read with its sign. */
export function formatNps(score: number | null): string {
  if (score == null) return '—';
  const n = Math.abs(score) % 1 === 0 ? String(Math.abs(score)) : Math.abs(score).toFixed(1);
  return score > 0 ? `+${n}` : score < 0 ? `−${n}` : '0';
}

/** "84.2%"; "—" without answers. */
export function formatPercent(share: number | null, scale = 1): string {
  if (share == null) return '—';
  const p = share * scale;
  return `${p % 1 === 0 ? p : p.toFixed(1)}%`;
}

/** "4.5 days", "1 day", "under a day"; "—" when nothing is closed yet. */
export function formatDays(days: number | null): string {
  if (days == null) return '—';
  if (days < 1) return 'under a day';
  const n = days % 1 === 0 ? String(days) : days.toFixed(1);
  return `${n} ${days === 1 ? 'day' : 'days'}`;
}

/** The NPS breakdown in words: "12 promoters, 5 passives, 3 detractors of 20 responses". */
export function npsBreakdown(n: Nps): string {
  return `${plural(n.promoters, 'promoter')}, ${plural(n.passives, 'passive')}, ${plural(n.detractors, 'detractor')} of ${plural(n.responses, 'response')}`;
}

/** What a chart shows, said in full for a screen reader: "Items per week: 2 Mar 2026 4, …". */
export function describeSeries(title: string, s: Series, format: (v: number) => string = (v) => v.toLocaleString()): string {
  if (s.values.length === 0) return `${title}: no data`;
  return `${title}: ${s.labels.map((l, i) => `${l} ${format(s.values[i])}`).join(', ')}`;
}

export interface Share {
  label: string;
  share: number;
}

/** How far triage has come, as shares of all items. */
export function shares(o: Pick<FeedbackOverview, 'triaged_share' | 'linked_share' | 'closed_share'>): Share[] {
  return [
    { label: 'Triaged', share: o.triaged_share },
    { label: 'Linked', share: o.linked_share },
    { label: 'Closed', share: o.closed_share },
  ];
}

/** NPS per tag, the most coded tags first; tags without an NPS answer are left out. */
export function npsByTag(s: Pick<FeedbackStats, 'groups'>, limit = 12): Series {
  const kept = s.groups.filter((g) => g.nps.score != null && g.nps.responses > 0).slice(0, limit);
  return { labels: kept.map((g) => g.key), values: kept.map((g) => g.nps.score as number) };
}

/** One line of a chart with several: a tag's counts, drawn in its colour. */
export interface Line {
  label: string;
  color: string;
  values: number[];
}

/** Colours for tags that have none in the codebook: distinct from each other in both themes. */
export const LINE_COLOURS = ['#3f8f62', '#3b6fb6', '#b4552d', '#8a4fb0', '#b08a1e', '#1f8a8a', '#c0417a', '#6b7280'];

/**
 * How often the most used tags were coded in feedback, month by month: one line per tag (the
 * top `limit`, most used first), in the tag's colour or else a distinct one.
 */
export function tagTrendLines(t: Pick<TagTrend, 'months' | 'series'>, limit = 8): { labels: string[]; lines: Line[] } {
  const top = [...t.series].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name)).slice(0, limit);
  return {
    labels: t.months.map(monthLabel),
    lines: top.map((s, i) => ({
      label: s.name,
      color: /^#[0-9a-f]{6}$/i.test(s.color) ? s.color : LINE_COLOURS[i % LINE_COLOURS.length],
      values: t.months.map((_, m) => s.items[m] ?? 0),
    })),
  };
}

/** Several lines said in full for a screen reader: "Tag frequency: Pricing 3, 1, 0 (Jan 2026 to Mar 2026); …". */
export function describeLines(title: string, labels: readonly string[], lines: readonly Line[]): string {
  if (lines.length === 0 || labels.length === 0) return `${title}: no data`;
  const span = labels.length > 1 ? ` (${labels[0]} to ${labels[labels.length - 1]})` : ` (${labels[0]})`;
  return `${title}${span}: ${lines.map((l) => `${l.label} ${l.values.join(', ')}`).join('; ')}`;
}
