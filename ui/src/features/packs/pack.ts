// The "Export research pack" dialog's logic, kept pure and tested: the formats offered, the
// form's choices turned into the engine's PackRequest, and the words for what a preview says
// the pack will hold, leave out and replace.
import type { LeftOut, PackFormat, PackPreview, PackRequest, Replacement } from '../../lib/api';
import { noun, plural } from '../../lib/format';

export interface FormatChoice {
  value: PackFormat;
  label: string;
  /** One line on what the user gets. */
  help: string;
}

/** Every format a pack can be written as, in the order offered. A new format is one line. */
export const FORMATS: FormatChoice[] = [
  { value: 'html', label: 'Website', help: 'Pages anyone opens by double-click, offline, with search: for people who do not use Groundwork.' },
  {
    value: 'html_file',
    label: 'Single web page',
    help: 'The website as one .html file to send by email: for a small selection (up to 25 MB); the browser’s find instead of search.',
  },
  { value: 'md', label: 'Markdown vault', help: 'A folder of linked notes that Obsidian and other note apps open as a vault.' },
  { value: 'csv', label: 'CSV tables', help: 'Highlights, insights, feedback, participants and the codebook as tables for a spreadsheet.' },
  {
    value: 'qdpx',
    label: 'REFI-QDA project',
    help: 'One .qdpx file for ATLAS.ti, MAXQDA, NVivo or QualCoder: interviews with their coded highlights, the codebook, participants, insights and notes.',
  },
  { value: 'qdc', label: 'REFI-QDA codebook', help: 'One .qdc file with the tags only (their hierarchy, colours and descriptions), for another QDA tool.' },
  {
    value: 'gwpack',
    label: 'Groundwork pack',
    help: 'One .gwpack file a colleague imports into their Groundwork: everything keeps its identity, so later packs merge instead of duplicating.',
  },
];

/** Formats written as one file rather than a folder: their file extension. */
const SINGLE_FILE: Partial<Record<PackFormat, string>> = { html_file: 'html', qdpx: 'qdpx', qdc: 'qdc', gwpack: 'gwpack' };

/** Whether the format is written as one file (`.html`, `.qdpx`, `.qdc`, `.gwpack`) rather than a folder. */
export function isSingleFile(format: PackFormat): boolean {
  return SINGLE_FILE[format] !== undefined;
}

/**
 * The extension of what a browser downloads: the file itself for single-file formats, a
 * zip of the folder for the others.
 */
export function downloadExtension(format: PackFormat): string {
  return SINGLE_FILE[format] ?? 'zip';
}

/** What can be redacted, in the order offered (`words` is the list below them). */
export const REDACTIONS = [
  { key: 'names', label: 'Names', help: 'Participants become P01, P02 …, customers C01 …, personas Persona A …' },
  { key: 'emails', label: 'Email addresses', help: 'Become [email]' },
  { key: 'phones', label: 'Phone numbers', help: 'Become [phone]' },
  { key: 'urls', label: 'Links', help: 'Keep their site, lose their path (where meeting ids and tokens are)' },
] as const;

export type RedactKey = (typeof REDACTIONS)[number]['key'];

/** The dialog's choices, as the form holds them. */
export interface PackForm {
  format: PackFormat;
  /** Everything in the workspace, or only what the lists and dates below choose. */
  scope: 'all' | 'chosen';
  interviews: string[];
  tags: string[];
  participants: string[];
  insights: string[];
  personas: string[];
  trees: string[];
  /** `YYYY-MM-DD` or '' (an empty date input). */
  from: string;
  to: string;
  feedback: boolean;
  /** Workshops' ranked results (never who wrote or voted what). */
  workshops: boolean;
  consentedOnly: boolean;
  /**
   * Only what is marked published for stakeholders: the published insights and personas (of
   * those chosen), the highlights behind them and their interviews; no notes, trees, feedback or workshops.
   */
  publishedOnly: boolean;
  redact: Record<RedactKey, boolean>;
  /** One word or phrase per line. */
  words: string;
}

export function blankForm(): PackForm {
  return {
    format: FORMATS[0].value,
    scope: 'all',
    interviews: [],
    tags: [],
    participants: [],
    insights: [],
    personas: [],
    trees: [],
    from: '',
    to: '',
    feedback: true,
    workshops: true,
    consentedOnly: false,
    publishedOnly: false,
    redact: { names: false, emails: false, phones: false, urls: false },
    words: '',
  };
}

/**
 * The word list as the engine takes it: one entry per line, trimmed; blank lines and `#`
 * comments skipped (as `groundwork pack export --redact-words` reads a file); each entry
 * once, whatever its case (the engine matches regardless of case).
 */
export function wordList(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const w = line.trim();
    if (!w || w.startsWith('#')) continue;
    const key = w.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(w);
  }
  return out;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What is wrong with the date range, in words that say what to do; null when nothing is. */
export function dateProblem(form: Pick<PackForm, 'scope' | 'from' | 'to'>): { field: 'from' | 'to'; message: string } | null {
  if (form.scope !== 'chosen') return null;
  for (const field of ['from', 'to'] as const) {
    const v = form[field].trim();
    if (v && !DATE.test(v)) return { field, message: 'Enter the date as YYYY-MM-DD, or leave it empty.' };
  }
  if (form.from && form.to && form.from > form.to) {
    return { field: 'to', message: 'The “to” date is before the “from” date: swap them, or clear one.' };
  }
  return null;
}

/**
 * The engine's request for the form: lists and dates only when the user chose a part.
 */
export function buildRequest(form: PackForm): PackRequest {
  const chosen = form.scope === 'chosen';
  const ids = (list: string[]) => (chosen ? [...list] : []);
  const date = (d: string) => (chosen && d.trim() ? d.trim() : null);
  return {
    format: form.format,
    scope: {
      interview_ids: ids(form.interviews),
      tag_ids: ids(form.tags),
      participant_ids: ids(form.participants),
      insight_ids: ids(form.insights),
      persona_ids: ids(form.personas),
      tree_ids: ids(form.trees),
      feedback: form.feedback,
      workshops: form.workshops,
      from: date(form.from),
      to: date(form.to),
      consented_only: form.consentedOnly,
      published_only: form.publishedOnly,
    },
    redact: {
      names: form.redact.names,
      emails: form.redact.emails,
      phones: form.redact.phones,
      urls: form.redact.urls,
      words: wordList(form.words),
    },
  };
}

/** The "Only what is published" choice's words, shown under its checkbox. */
export const PUBLISHED_ONLY_HELP =
  'For stakeholders: only the insights and personas marked published (of those chosen), the highlights behind them and the interviews they come from. No notes, trees or feedback.';

/**
 * The hint for a pack of only what is published when nothing is: null while the choice is off,
 * while it is not known yet how much is published (`published` null), or when something is.
 */
export function publishedHint(form: Pick<PackForm, 'publishedOnly'>, published: number | null): string | null {
  if (!form.publishedOnly || published === null || published > 0) return null;
  return 'Nothing is published yet: mark insights or personas as published on their pages.';
}

/** The kinds a pack counts, in the order a person reads them, with their words. */
const KINDS: [kind: string, one: string][] = [
  ['interview', 'interview'],
  ['segment', 'transcript passage'],
  ['note', 'note'],
  ['highlight', 'highlight'],
  ['insight', 'insight'],
  ['persona', 'persona'],
  ['persona_statement', 'persona statement'],
  ['tree', 'opportunity tree'],
  ['tree_node', 'tree node'],
  ['feedback', 'feedback item'],
  ['participant', 'participant'],
  ['tag', 'tag'],
];

/** "7 interviews, 412 transcript passages, 56 highlights, …" or "nothing". */
export function countsSummary(counts: PackPreview['counts']): string {
  const known = new Set(KINDS.map(([k]) => k));
  const parts = KINDS.filter(([k]) => (counts[k] ?? 0) > 0).map(([k, one]) => plural(counts[k] ?? 0, one));
  // A kind the engine counts that this list does not know yet still shows, by its name.
  for (const [k, n] of Object.entries(counts)) if (!known.has(k) && n > 0) parts.push(plural(n, k.replace(/_/g, ' ')));
  return parts.length ? parts.join(', ') : 'nothing';
}

/** Kinds that make a pack worth writing: a codebook alone is not research (as the overview counts). */
const CONTENT = ['interview', 'segment', 'note', 'highlight', 'insight', 'persona', 'tree', 'feedback', 'participant'];

/**
 * Whether the pack would hold nothing worth writing: nothing of the research, or for a
 * codebook (which holds only tags, and which the engine refuses to write without any) no tag.
 */
export function isEmptyPack(preview: Pick<PackPreview, 'counts'>, format: PackFormat = 'html'): boolean {
  if (format === 'qdc') return (preview.counts.tag ?? 0) === 0;
  return CONTENT.every((k) => (preview.counts[k] ?? 0) === 0);
}

/** 812 → "812 bytes", 1536 → "1.5 KB", 2_500_000 → "2.4 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return plural(bytes, 'byte');
  const units = ['KB', 'MB', 'GB', 'TB'];
  let n = bytes / 1024;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  const shown = n < 10 ? n.toFixed(1).replace(/\.0$/, '') : Math.round(n).toLocaleString();
  return `${shown} ${units[u]}`;
}

/** "12 files, 84 KB". */
export function sizeSummary(preview: Pick<PackPreview, 'files' | 'bytes'>): string {
  return `${plural(preview.files, 'file')}, ${formatBytes(preview.bytes)}`;
}

/**
 * Why part of the workspace is not in the pack: "What 1 participant who withdrew consent said
 * is left out: 40 passages, 5 highlights".
 */
export function leftOutText(l: LeftOut): string {
  const n = l.participants;
  const who =
    l.reason === 'consent_withdrawn'
      ? `${plural(n, 'participant')} who withdrew consent`
      : l.reason === 'consent_unknown'
        ? `${plural(n, 'participant')} whose consent is not recorded as given`
        : `${plural(n, 'participant')} (${l.reason.replace(/_/g, ' ')})`;
  const parts = [
    l.passages > 0 ? plural(l.passages, 'passage') : '',
    l.highlights > 0 ? plural(l.highlights, 'highlight') : '',
  ].filter(Boolean);
  return parts.length
    ? `What ${who} said is left out: ${parts.join(', ')}`
    : `What ${who} said is left out (none of it was in this scope)`;
}

const REPLACEMENT_KIND: Record<string, string> = {
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  url: 'Link',
  word: 'Word',
};

export function replacementKind(kind: string): string {
  return REPLACEMENT_KIND[kind] ?? kind.charAt(0).toUpperCase() + kind.slice(1);
}

/** Most frequent first, then by kind and text, so the list reads the same every time. */
export function sortReplacements(list: Replacement[]): Replacement[] {
  return [...list].sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind) || a.from.localeCompare(b.from));
}

/** "41 replacements of 3 different texts", for the heading above the list. */
export function replacementsSummary(list: Replacement[]): string {
  const total = list.reduce((n, r) => n + r.count, 0);
  if (list.length === 0) return 'Nothing to replace';
  return `${plural(total, 'replacement')} of ${list.length.toLocaleString()} different ${noun(list.length, 'text')}`;
}

/**
 * The pack's default name: the folder "research-pack-2026-12-03" (the local date), or for a
 * format written as one file that name with its extension ("research-pack-2026-12-03.qdpx").
 */
export function defaultPackName(format: PackFormat = 'html', now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const base = `research-pack-${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
  const ext = SINGLE_FILE[format];
  return ext ? `${base}.${ext}` : base;
}

/**
 * The name a browser saves a downloaded pack under: the one the server suggested in
 * `Content-Disposition` (only its last part), else `fallback`, ending in the format's
 * extension (`.zip` for folder formats, `.qdpx`, `.qdc`, `.gwpack` … for the single files).
 */
export function downloadName(name: string | null | undefined, fallback: string, format: PackFormat = 'html'): string {
  const ext = downloadExtension(format);
  const withExt = (n: string) => (n.toLowerCase().endsWith(`.${ext}`) ? n : `${n}.${ext}`);
  const base = (name ?? '').split(/[\\/]/).pop()?.trim() ?? '';
  return withExt(!base || base.startsWith('.') ? fallback : base);
}
