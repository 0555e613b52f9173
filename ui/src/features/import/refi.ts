// Packs from elsewhere are imported apart from other files: REFI-QDA projects (.qdpx) and
// codebooks (.qdc) from ATLAS.ti, MAXQDA, NVivo or QualCoder, and Groundwork packs (.gwpack)
// from a colleague's Groundwork, merged by every object's identity. A dry run first, whose
// report the user confirms, then the real import as one undoable change. Kept pure and
// tested: which files go that way, and the words for what a report says.
import type { PackConflict, PackImport } from '../../lib/api';
import { kindLabel, plural } from '../../lib/format';
import { countsSummary } from '../packs/pack';

export type PackFileFormat = 'qdpx' | 'qdc' | 'gwpack';

/** The pack format a file is by its name's extension (any case), or null. */
export function packFormat(name: string): PackFileFormat | null {
  const base = name.split(/[\\/]/).pop() ?? '';
  const m = /\.(qdpx|qdc|gwpack)$/i.exec(base);
  return m && m.index > 0 ? (m[1].toLowerCase() as PackFileFormat) : null;
}

/** The files for the pack flow and the rest (for the usual import), each in the given order. */
export function splitPacks<T>(items: T[], name: (item: T) => string): { packs: T[]; other: T[] } {
  const packs: T[] = [];
  const other: T[] = [];
  for (const item of items) (packFormat(name(item)) ? packs : other).push(item);
  return { packs, other };
}

/** "3 interviews, 40 highlights, 2 participants, 12 tags", or '' when nothing is counted: the
 * words the export dialog uses for the same kinds. */
export function kindCounts(counts: Record<string, number | undefined>): string {
  const known: Record<string, number> = {};
  for (const [k, n] of Object.entries(counts)) if (n !== undefined) known[k] = n;
  const words = countsSummary(known);
  return words === 'nothing' ? '' : words;
}

const any = (counts: Record<string, number | undefined> | undefined) => Object.values(counts ?? {}).some((n) => (n ?? 0) > 0);

/** Whether the import would add anything at all. */
export function addsAnything(r: Pick<PackImport, 'added'>): boolean {
  return any(r.added);
}

/**
 * Whether the import would change anything: add objects, or (a Groundwork pack) replace
 * ours with the pack's newer versions. Merging the same pack twice changes nothing.
 */
export function changesAnything(r: Pick<PackImport, 'added' | 'updated' | 'conflicts'>): boolean {
  return any(r.added) || any(r.updated) || (r.conflicts ?? []).some((c) => c.kept === 'pack');
}

/** What kind of file it is, for people: "REFI-QDA project", "Groundwork pack". */
export function packLabel(format: string): string {
  switch (format) {
    case 'gwpack':
      return 'Groundwork pack';
    case 'qdc':
      return 'REFI-QDA codebook';
    case 'qdpx':
      return 'REFI-QDA project';
    default:
      return `REFI-QDA file (${format})`;
  }
}

/** A Groundwork pack is merged into the workspace; a REFI-QDA file is imported. */
export function isMerge(format: string): boolean {
  return format === 'gwpack';
}

/** The file's last path part: what the question and the toast call it. */
export function baseName(name: string): string {
  return name.split(/[\\/]/).pop() || name;
}

/**
 * One object that differs between the pack and here, and which version the merge keeps:
 * `Insight “Pricing confusion”: keeps the pack’s version (changed later there)`.
 */
export function conflictLine(c: PackConflict): string {
  const what = c.title.trim() ? `${kindLabel(c.kind)} “${c.title.trim()}”` : `${kindLabel(c.kind)} without a title`;
  if (c.kept === 'pack') return `${what}: keeps the pack’s version (changed later there)`;
  const same = c.ours_updated_at !== '' && c.ours_updated_at === c.theirs_updated_at;
  return `${what}: keeps yours (${same ? 'both changed at the same time' : 'changed later here'})`;
}

/** How many conflicts the question lists before "and N more". */
export const CONFLICTS_SHOWN = 8;

export interface ImportQuestion {
  /** `Import “study.qdpx”?` or `Merge “team.gwpack”?` */
  title: string;
  /** The main button's word: `Import`, or `Merge` for a Groundwork pack. */
  action: 'Import' | 'Merge';
  /** `It adds 3 interviews, 12 tags, 40 highlights, 2 participants.` or why it adds nothing. */
  adds: string;
  /** `It replaces 2 insights here with the pack’s newer versions.` or null. */
  updated: string | null;
  /** `Already here, kept as they are: 5 tags.` (a Groundwork pack: `Already here and the same, skipped: …`) or null. */
  matched: string | null;
  /** `Different here and in the pack (3): of each, the version changed last is kept.` or null. */
  conflictsTitle: string | null;
  /** The first few conflicts, one sentence each: the ones the pack's version wins first. */
  conflicts: string[];
  /** `and 4 more` when there are more conflicts than shown, else null. */
  conflictsMore: string | null;
  /** What the file holds that is not imported, one sentence each. */
  leftOut: string[];
  /** Whether Import (or Merge) is worth offering (it would change something); else only OK. */
  worthIt: boolean;
}

/** "tag “X” is in the trash here" → "Tag “X” is in the trash here". */
const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The confirmation a dry run's report asks before anything is imported. */
export function importQuestion(name: string, r: PackImport): ImportQuestion {
  const file = baseName(name);
  const merge = isMerge(r.format);
  const added = kindCounts(r.added);
  const updated = kindCounts(r.updated ?? {});
  const matched = kindCounts(r.matched);
  const all = r.conflicts ?? [];
  const worthIt = changesAnything(r);
  // The pack's versions that win first (they change something), each group in the engine's order.
  const ordered = [...all.filter((c) => c.kept === 'pack'), ...all.filter((c) => c.kept !== 'pack')];
  const shown = ordered.slice(0, CONFLICTS_SHOWN).map(conflictLine);
  const more = ordered.length - shown.length;
  let adds: string;
  if (added) adds = `It adds ${added}.`;
  else if (worthIt) adds = 'It adds nothing new.';
  else if (merge && all.length) adds = 'It changes nothing: everything in it is already here, or newer here.';
  else if (matched) adds = merge ? 'It changes nothing: everything in it is already here.' : 'It adds nothing new: everything in it is already here.';
  else adds = `It adds nothing: Groundwork found nothing to import in this ${packLabel(r.format)}.`;
  return {
    title: `${merge ? 'Merge' : 'Import'} “${file}”?`,
    action: merge ? 'Merge' : 'Import',
    adds,
    updated: updated ? `It replaces ${updated} here with the pack’s newer ${updatedNoun(r.updated ?? {})}.` : null,
    matched: matched ? `${merge ? 'Already here and the same, skipped' : 'Already here, kept as they are'}: ${matched}.` : null,
    conflictsTitle: all.length
      ? `Different here and in the pack (${all.length.toLocaleString()}): of each, the version changed last is kept.`
      : null,
    conflicts: shown,
    conflictsMore: more > 0 ? `and ${more.toLocaleString()} more` : null,
    leftOut: r.left_out.map((l) => sentence(l.trim())).filter(Boolean),
    worthIt,
  };
}

/** "version" for one object replaced, "versions" for more. */
function updatedNoun(counts: Record<string, number | undefined>): string {
  const n = Object.values(counts).reduce<number>((a, b) => a + (b ?? 0), 0);
  return n === 1 ? 'version' : 'versions';
}

/** The toast after the real import: `Imported “study.qdpx”: 3 interviews, 12 tags`, `Merged “team.gwpack”: 2 insights`. */
export function importedMessage(name: string, r: PackImport): string {
  const added = kindCounts(r.added);
  return `${isMerge(r.format) ? 'Merged' : 'Imported'} “${baseName(name)}”${added ? `: ${added}` : ''}`;
}

/**
 * The toast's second line: what was replaced with newer versions, where ours was kept, what
 * was already here and what was left out; or undefined.
 */
export function importedDetail(r: PackImport): string | undefined {
  const updated = kindCounts(r.updated ?? {});
  const ours = (r.conflicts ?? []).filter((c) => c.kept !== 'pack').length;
  const matched = kindCounts(r.matched);
  const parts = [
    updated ? `Replaced with the pack’s newer ${updatedNoun(r.updated ?? {})}: ${updated}.` : '',
    ours ? `Yours kept (changed later here): ${plural(ours, 'object')}.` : '',
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
