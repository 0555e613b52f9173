// REFI-QDA projects (.qdpx) and codebooks (.qdc) from ATLAS.ti, MAXQDA, NVivo or QualCoder
// are imported apart from other files: a dry run first, whose report the user confirms, then
// the real import as one undoable change. Kept pure and tested: which files go that way, and
// the words for what a report says.
import type { PackImport } from '../../lib/api';
import { plural } from '../../lib/format';

export type RefiFormat = 'qdpx' | 'qdc';

/** The REFI-QDA format a file is by its name's extension (any case), or null. */
export function refiFormat(name: string): RefiFormat | null {
  const base = name.split(/[\\/]/).pop() ?? '';
  const m = /\.(qdpx|qdc)$/i.exec(base);
  return m && m.index > 0 ? (m[1].toLowerCase() as RefiFormat) : null;
}

/** The files for the REFI-QDA flow and the rest (for the usual import), each in the given order. */
export function splitRefi<T>(items: T[], name: (item: T) => string): { refi: T[]; other: T[] } {
  const refi: T[] = [];
  const other: T[] = [];
  for (const item of items) (refiFormat(name(item)) ? refi : other).push(item);
  return { refi, other };
}

/** The kinds an import adds or finds already here, in the order a person reads them. */
const KINDS: [kind: string, one: string][] = [
  ['interview', 'interview'],
  ['segment', 'transcript passage'],
  ['tag', 'tag'],
  ['highlight', 'highlight'],
  ['participant', 'participant'],
  ['note', 'note'],
];

/** "3 interviews, 12 tags, 40 highlights, 2 participants", or '' when nothing is counted. */
export function kindCounts(counts: Record<string, number | undefined>): string {
  const known = new Set(KINDS.map(([k]) => k));
  const parts = KINDS.filter(([k]) => (counts[k] ?? 0) > 0).map(([k, one]) => plural(counts[k] ?? 0, one));
  // A kind the engine counts that this list does not know yet still shows, by its name.
  for (const [k, n] of Object.entries(counts)) if (!known.has(k) && (n ?? 0) > 0) parts.push(plural(n ?? 0, k.replace(/_/g, ' ')));
  return parts.join(', ');
}

/** Whether the import would add anything at all. */
export function addsAnything(r: Pick<PackImport, 'added'>): boolean {
  return Object.values(r.added).some((n) => (n ?? 0) > 0);
}

/** What kind of file it is, for people: "REFI-QDA project". */
export function refiLabel(format: string): string {
  return format === 'qdc' ? 'REFI-QDA codebook' : format === 'qdpx' ? 'REFI-QDA project' : `REFI-QDA file (${format})`;
}

/** The file's last path part: what the question and the toast call it. */
export function baseName(name: string): string {
  return name.split(/[\\/]/).pop() || name;
}

export interface ImportQuestion {
  /** `Import “study.qdpx”?` */
  title: string;
  /** `It adds 3 interviews, 12 tags, 40 highlights, 2 participants.` or why it adds nothing. */
  adds: string;
  /** `Already here, kept as they are: 5 tags.` or null. */
  matched: string | null;
  /** What the file holds that is not imported, one sentence each. */
  leftOut: string[];
  /** Whether Import is worth offering (it would add something). */
  worthIt: boolean;
}

/** The confirmation a dry run's report asks before anything is imported. */
export function importQuestion(name: string, r: PackImport): ImportQuestion {
  const file = baseName(name);
  const added = kindCounts(r.added);
  const matched = kindCounts(r.matched);
  const worthIt = addsAnything(r);
  return {
    title: `Import “${file}”?`,
    adds: worthIt
      ? `It adds ${added}.`
      : matched
        ? 'It adds nothing new: everything in it is already here.'
        : `It adds nothing: Groundwork found nothing to import in this ${refiLabel(r.format)}.`,
    matched: matched ? `Already here, kept as they are: ${matched}.` : null,
    leftOut: r.left_out.map((l) => l.trim()).filter(Boolean),
    worthIt,
  };
}

/** The toast after the real import: `Imported “study.qdpx”: 3 interviews, 12 tags`. */
export function importedMessage(name: string, r: PackImport): string {
  const added = kindCounts(r.added);
  return `Imported “${baseName(name)}”${added ? `: ${added}` : ''}`;
}

/** The toast's second line: what was already here and what was left out, or undefined. */
export function importedDetail(r: PackImport): string | undefined {
  const matched = kindCounts(r.matched);
  const parts = [
    matched ? `Already here: ${matched}.` : '',
    leftOutLine(r.left_out),
  ].filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

/** "Left out: Survey.pdf: a pdf source." or "Left out: Survey.pdf: a pdf source, and 2 more." */
function leftOutLine(list: string[]): string {
  const items = list.map((l) => l.trim().replace(/\.$/, '')).filter(Boolean);
  if (items.length === 0) return '';
  return `Left out: ${items[0]}${items.length > 1 ? `, and ${(items.length - 1).toLocaleString()} more` : ''}.`;
}
