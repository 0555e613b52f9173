// Pasting a block of text (an email, a chat thread) as one feedback item: what the email's
// header block says about who wrote it and when, and the item that saving the dialog writes.
// Pure, so the dialog only shows what this reads.
import type { FeedbackInput, ScoreKind } from '../../lib/api';

/** What a header block at the very top of a pasted email says; the body is the item's text. */
export interface PastedEmail {
  customer: string;
  email: string;
  /** The Subject, without "Re:" / "Fwd:" prefixes. */
  title: string;
  /** The date the Date: / Sent: line names, as written there ('YYYY-MM-DD'); null if none is readable. */
  date: string | null;
  /** That moment as RFC 3339 when the line also says the time (local time when it names no zone). */
  at: string | null;
  /** What follows the header block. */
  body: string;
  /** The header names read, in order ("From", "Sent", …): what the dialog says it took. */
  headers: string[];
}

const HEADER = /^(from|date|sent|to|cc|bcc|subject|reply-to):[ \t]*(.*)$/i;
/** The line a forwarded or quoted message starts with in Gmail and Outlook: not part of the feedback. */
const INTRO = /^(-{3,}\s*forwarded message\s*-{3,}|-{3,}\s*original message\s*-{3,}|begin forwarded message:)\s*$/i;

/**
 * The header block the pasted text starts with (blank lines and a "Forwarded message" line
 * before it are allowed), or null when it starts with anything else. A line that looks like a
 * header further down ("From: my side…" in the middle of a chat) is text, never read: only a
 * block at the top is. It must have a From: or Subject: line and at least two header lines, so
 * a message that merely opens with "To: the team" is not taken for an email.
 */
export function readEmail(pasted: string): PastedEmail | null {
  const lines = pasted.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length && lines[i].trim() === '') i++;
  if (i < lines.length && INTRO.test(lines[i].trim())) i++;
  const fields: { name: string; value: string }[] = [];
  for (; i < lines.length; i++) {
    const m = HEADER.exec(lines[i].trim());
    if (m) {
      fields.push({ name: m[1], value: m[2].trim() });
    } else if (fields.length && /^[ \t]+\S/.test(lines[i])) {
      // A folded header (an address list or a long subject wrapped onto the next line).
      fields[fields.length - 1].value += ` ${lines[i].trim()}`;
    } else {
      break;
    }
  }
  const get = (...names: string[]) => fields.find((f) => names.includes(f.name.toLowerCase()))?.value ?? '';
  if (fields.length < 2 || !fields.some((f) => /^(from|subject)$/i.test(f.name))) return null;
  // The block ends at a blank line or the first line of the body.
  const body = lines.slice(i).join('\n').trim();
  const from = readFrom(get('from'));
  const when = readDate(get('date', 'sent'));
  return {
    customer: from.name,
    email: from.email,
    title: get('subject').replace(/^((re|fwd?|aw|wg|sv)\s*(\[\d+\])?\s*:\s*)+/i, '').trim(),
    date: when?.date ?? null,
    at: when?.at ?? null,
    body,
    headers: fields.map((f) => capitalise(f.name)),
  };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();

/** "Jane Doe <jane@acme.com>", "\"Doe, Jane\" <…>", "Jane [mailto:jane@acme.com]", "jane@acme.com". */
export function readFrom(value: string): { name: string; email: string } {
  const v = value.trim();
  const bracketed = /^(.*?)\s*(?:<([^<>\s]+@[^<>\s]+)>|\[mailto:([^\]\s]+@[^\]\s]+)\])\s*$/i.exec(v);
  if (bracketed) {
    return { name: unquote(bracketed[1]), email: bracketed[2] ?? bracketed[3] };
  }
  if (/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(v)) return { name: '', email: v };
  return { name: unquote(v), email: '' };
}

const unquote = (s: string) => s.trim().replace(/^(["'])(.*)\1$/, '$2').trim();

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The date (and time) of a Date: or Sent: line as mail clients write it: RFC 2822
 * ("Mon, 3 Mar 2025 14:02:11 +0100"), Gmail ("Mon, Mar 3, 2025 at 2:02 PM"), Outlook
 * ("Monday, March 3, 2025 2:02 PM", "03 March 2025 14:02") or ISO ("2025-03-03 14:02").
 * Null for what cannot be read for sure, such as "3/4/2025" (3 April or March 4?): the
 * dialog then keeps its own date rather than guess.
 */
export function readDate(value: string): { date: string; at: string | null } | null {
  const v = value.trim();
  let y: number, mo: number, d: number;
  let rest: string;
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]|$)(.*)$/.exec(v);
  if (iso) {
    [y, mo, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    rest = iso[4];
  } else {
    const tokens = v.replace(/,/g, ' ').split(/\s+/).filter(Boolean);
    const month = tokens.findIndex((t) => monthOf(t) !== null);
    const year = tokens.findIndex((t) => /^\d{4}$/.test(t));
    const day = tokens.findIndex((t, i) => i !== year && /^\d{1,2}(st|nd|rd|th)?\.?$/i.test(t));
    if (month < 0 || year < 0 || day < 0) return null;
    [y, mo, d] = [Number(tokens[year]), monthOf(tokens[month])! + 1, parseInt(tokens[day], 10)];
    rest = tokens.filter((_, i) => i !== month && i !== year && i !== day).join(' ');
  }
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (mo < 1 || mo > 12 || probe.getUTCDate() !== d || probe.getUTCMonth() !== mo - 1) return null;
  const date = `${y}-${pad(mo)}-${pad(d)}`;
  return { date, at: readTime(rest, y, mo, d) };
}

function monthOf(token: string): number | null {
  const t = token.toLowerCase().replace(/\.$/, '');
  if (!/^[a-z]{3,}$/.test(t)) return null;
  const i = MONTHS.indexOf(t.slice(0, 3));
  // "Mar", "March", "Sept": a month's name or the start of it, not a word that begins like one.
  return i >= 0 && MONTH_NAMES[i].startsWith(t === 'sept' ? 'sep' : t) ? i : null;
}

/** The time in what follows the date ("at 2:02 PM", "14:02:11 +0100", "T14:02:11Z"), as RFC 3339. */
function readTime(rest: string, y: number, mo: number, d: number): string | null {
  const m = /(?:^|\s)(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(am|pm)?\s*(z|utc|gmt|[+-]\d{2}:?\d{2})?/i.exec(` ${rest}`);
  if (!m) return null;
  let h = Number(m[1]);
  const min = Number(m[2]);
  const s = Number(m[3] ?? 0);
  const half = m[4]?.toLowerCase();
  if (half) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (half === 'pm' ? 12 : 0);
  }
  if (h > 23 || min > 59 || s > 59) return null;
  const zone = m[5]?.toLowerCase();
  let t: number;
  if (zone) {
    const off = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
    const minutes = off ? (off[1] === '-' ? -1 : 1) * (Number(off[2]) * 60 + Number(off[3])) : 0;
    t = Date.UTC(y, mo - 1, d, h, min, s) - minutes * 60_000;
  } else {
    // No zone named: the reader's own clock is the best guess (a colleague's mail, mostly).
    t = new Date(y, mo - 1, d, h, min, s).getTime();
  }
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The dialog's fields, as typed (strings, as form inputs hold them). */
export interface PasteDraft {
  text: string;
  title: string;
  customer: string;
  email: string;
  company: string;
  source: string;
  /** 'YYYY-MM-DD' or '' for none. */
  received: string;
  score: string;
  /** '' for a score of no known kind (a rating). */
  scoreKind: '' | ScoreKind;
}

/** Today as an <input type="date"> value, in local time. */
export const localDate = (now: Date): string => `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;

export const emptyDraft = (now: Date): PasteDraft => ({
  text: '',
  title: '',
  customer: '',
  email: '',
  company: '',
  source: 'pasted',
  received: localDate(now),
  score: '',
  scoreKind: '',
});

/** The fields a header block fills in. */
export type Prefilled = Pick<PasteDraft, 'title' | 'customer' | 'email' | 'received'>;

/**
 * The draft once the headers of newly pasted text are read: a field takes the header's value
 * when it still holds what the dialog put there (the default, or the last header's value), never
 * over what the user typed. `auto` is what was filled in last time; the new one is returned.
 */
export function prefill(draft: PasteDraft, auto: Prefilled, email: PastedEmail | null, now: Date): { draft: PasteDraft; auto: Prefilled } {
  const next: Prefilled = {
    title: email?.title ?? '',
    customer: email?.customer ?? '',
    email: email?.email ?? '',
    received: email?.date ?? localDate(now),
  };
  const out = { ...draft };
  for (const k of ['title', 'customer', 'email', 'received'] as const) {
    if (draft[k] === auto[k] || draft[k] === '') out[k] = next[k];
  }
  return { draft: out, auto: next };
}

/** The score as typed ("4.5", "4,5"), or null when empty or not a number. */
export const readScore = (s: string): number | null => {
  if (s.trim() === '') return null;
  const n = Number(s.trim().replace(',', '.'));
  return Number.isFinite(n) ? n : null;
};

/** Why the item cannot be saved yet, or null when it can. */
export function whyNotSave(d: PasteDraft, email: PastedEmail | null): string | null {
  const text = email ? email.body : d.text.trim();
  const score = d.score.trim();
  if (score !== '' && readScore(score) === null) return `The score “${score}” is not a number: type one such as 9 or 4.5, or leave it empty.`;
  if (!text && score === '') {
    if (email) return 'The email has headers but no message under them: paste its text too, or give a score.';
    return 'Paste or type what they said (or give a score) to save.';
  }
  return null;
}

/**
 * The moment the item was received: the email's own time when the date field still says its
 * day; now, for today; else noon that day, local time, so the day reads the same in any time
 * zone within twelve hours of this one (midnight would show as the day before to the west).
 */
export function receivedAt(day: string, email: PastedEmail | null, now: Date): string | null {
  if (!day) return null;
  const iso = (t: Date) => t.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (email?.at && email.date === day) return email.at;
  if (day === localDate(now)) return iso(now);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  return iso(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
}

/**
 * The whole item saving writes: every field FeedbackInput has (the engine replaces the whole
 * item with it), the email's body as the text when headers were read.
 */
export function toFeedbackInput(d: PasteDraft, email: PastedEmail | null, now: Date): FeedbackInput {
  const score = readScore(d.score);
  return {
    source: d.source.trim() || 'pasted',
    title: d.title.trim(),
    customer: d.customer.trim(),
    email: d.email.trim(),
    company: d.company.trim(),
    segment: '',
    score,
    score_kind: score === null || d.scoreKind === '' ? null : d.scoreKind,
    text: email ? email.body : d.text.trim(),
    received_at: receivedAt(d.received, email, now),
    attributes: [],
  };
}
