// Feedback exports (survey tools, support desks, app stores) go through a column-mapping
// step before anything is written: the user sees which column the engine took for what, with
// a few values of each, and what the import would add. Kept pure and tested: which files go
// that way, the words for the roles, the mapping as the user edits it, and the sentences for
// what a preview or an import says.
import type { ColumnRole, FeedbackImport, FeedbackMapping, FeedbackPreview, ImportAs, ImportWarning, ScoreKind } from '../../lib/api';
import { plural } from '../../lib/format';

/** Extensions the engine reads as feedback exports. */
const FEEDBACK_EXT = /\.(csv|tsv|jsonl|ndjson)$/i;

/**
 * Whether a file goes through the mapping step: a feedback export by its extension (unless
 * the user asked for another kind), or any file the user imports as feedback.
 */
export function isFeedbackFile(name: string, as: ImportAs | '' | null): boolean {
  if (as === 'feedback') return true;
  if (as) return false;
  const base = name.split(/[\\/]/).pop() ?? '';
  const m = FEEDBACK_EXT.exec(base);
  return !!m && m.index > 0;
}

/** The roles a column can have, in the order the select lists them, in plain words. */
export const ROLE_OPTIONS: readonly { value: ColumnRole; label: string }[] = [
  { value: 'text', label: 'What they said' },
  { value: 'title', label: 'Title' },
  { value: 'customer', label: 'Customer' },
  { value: 'email', label: 'Email' },
  { value: 'company', label: 'Company' },
  { value: 'segment', label: 'Segment / plan' },
  { value: 'score', label: 'Score' },
  { value: 'date', label: 'Date' },
  { value: 'source', label: 'Source / channel' },
  { value: 'id', label: 'Row id (to recognise it next time)' },
  { value: 'attribute', label: 'Keep as detail' },
];

export function roleLabel(role: ColumnRole): string {
  return ROLE_OPTIONS.find((o) => o.value === role)?.label ?? role;
}

/** What a score measures; '' is "Other" (the engine guesses from the header and values). */
export const SCORE_KIND_OPTIONS: readonly { value: ScoreKind | ''; label: string }[] = [
  { value: 'nps', label: 'NPS 0–10' },
  { value: 'csat', label: 'CSAT 1–5' },
  { value: '', label: 'Other' },
];

/**
 * The mapping with one column per header, in the file's order: roles from `mapping` where it
 * names the header, else "Keep as detail" (what the engine does with a column not named). A
 * remembered mapping may name columns this file does not have; those are dropped.
 */
export function fitMapping(headers: readonly string[], mapping: FeedbackMapping): FeedbackMapping {
  const roles = new Map<string, ColumnRole>();
  for (const c of mapping.columns) if (!roles.has(c.name)) roles.set(c.name, c.role);
  const columns = headers.map((name) => ({ name, role: roles.get(name) ?? ('attribute' as ColumnRole) }));
  const scored = columns.some((c) => c.role === 'score');
  return { columns, score_kind: scored ? mapping.score_kind : null };
}

/** The mapping with column `index` given `role`; the score kind goes when no column is a score. */
export function withRole(mapping: FeedbackMapping, index: number, role: ColumnRole): FeedbackMapping {
  const columns = mapping.columns.map((c, i) => (i === index ? { ...c, role } : c));
  const scored = columns.some((c) => c.role === 'score');
  return { columns, score_kind: scored ? mapping.score_kind : null };
}

export function withScoreKind(mapping: FeedbackMapping, kind: ScoreKind | ''): FeedbackMapping {
  return { ...mapping, score_kind: kind || null };
}

/** Whether two mappings read the file the same way (no need to ask the engine again). */
export function sameMapping(a: FeedbackMapping, b: FeedbackMapping): boolean {
  return (
    a.score_kind === b.score_kind &&
    a.columns.length === b.columns.length &&
    a.columns.every((c, i) => c.name === b.columns[i].name && c.role === b.columns[i].role)
  );
}

const MAX_SAMPLE = 60;

/**
 * Up to `n` different, non-empty values of column `index` from the sample rows, each cut to a
 * readable length, so the user can tell what the column holds.
 */
export function sampleValues(sample: readonly (readonly string[])[], index: number, n = 3): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const row of sample) {
    const value = (row[index] ?? '').replace(/\s+/g, ' ').trim();
    if (!value || seen.has(value)) continue;
    seen.add(value);
    out.push(value.length > MAX_SAMPLE ? `${value.slice(0, MAX_SAMPLE - 1).trimEnd()}…` : value);
    if (out.length === n) break;
  }
  return out;
}

/**
 * What the preview says the import would do, as one line:
 * "1,092 items will be added · 0 already imported · 614 rows without text skipped · 3 warnings".
 */
export function previewCounts(p: Pick<FeedbackPreview, 'items' | 'already_present' | 'skipped_no_text' | 'warning_count'>): string {
  if (p.items === null) return 'Choose the column with what they said (“What they said”) to see what will be added.';
  const parts = [
    `${plural(p.items, 'item')} will be added`,
    `${p.already_present.toLocaleString()} already imported`,
    `${plural(p.skipped_no_text, 'row')} without text skipped`,
  ];
  if (p.warning_count) parts.push(plural(p.warning_count, 'warning'));
  return parts.join(' · ');
}

/** One warning, for the list under the counts: "Line 14, Score: “ten” — not a number". */
export function warningLine(w: ImportWarning): string {
  const value = w.value.length > MAX_SAMPLE ? `${w.value.slice(0, MAX_SAMPLE - 1)}…` : w.value;
  return `Line ${w.line.toLocaleString()}, ${w.column}: “${value}” — ${w.message}`;
}

/** The warnings to list (the first `limit`) and "and N more" for the rest ('' when none). */
export function warningList(
  p: Pick<FeedbackPreview, 'warnings' | 'warning_count'>,
  limit = 20,
): { lines: string[]; more: string } {
  const lines = p.warnings.slice(0, limit).map(warningLine);
  const rest = Math.max(p.warning_count, p.warnings.length) - lines.length;
  return { lines, more: rest > 0 ? `and ${plural(rest, 'more warning')}` : '' };
}

/** Whether Import can go: the engine named no problem and the mapping has a text column. */
export function canImport(p: Pick<FeedbackPreview, 'problem' | 'items'>): boolean {
  return !p.problem && p.items !== null;
}

/**
 * What an import did, for the toast and the report:
 * "Imported 1,092 feedback items from survey.csv (614 rows without text skipped)", or
 * "Nothing new in survey.csv: all 1,092 items were imported before".
 */
export function importedSentence(name: string, fb: Pick<FeedbackImport, 'added' | 'already_present' | 'skipped_no_text'>): string {
  const notes: string[] = [];
  if (fb.added === 0) {
    if (fb.already_present > 0) {
      const all = fb.already_present === 1 ? 'the 1 item was' : `all ${fb.already_present.toLocaleString()} items were`;
      const tail = fb.skipped_no_text ? ` (${plural(fb.skipped_no_text, 'row')} without text skipped)` : '';
      return `Nothing new in ${name}: ${all} imported before${tail}`;
    }
    return fb.skipped_no_text
      ? `Nothing imported from ${name}: ${plural(fb.skipped_no_text, 'row')} without text skipped`
      : `Nothing imported from ${name}: it has no feedback rows`;
  }
  if (fb.already_present) notes.push(`${fb.already_present.toLocaleString()} already imported`);
  if (fb.skipped_no_text) notes.push(`${plural(fb.skipped_no_text, 'row')} without text skipped`);
  return `Imported ${plural(fb.added, 'feedback item')} from ${name}${notes.length ? ` (${notes.join(', ')})` : ''}`;
}
