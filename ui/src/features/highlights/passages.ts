// A transcript read as one text, so a selection can run over passages (a sentence broken over
// caption cues) and the keyboard can move and select by sentence or passage. Offsets are
// characters (code points), as the engine counts them; passages are joined by one space, as
// the engine joins them for a quote over several (`PASSAGE_JOIN`). Pure, tested.

/** What the transcript needs to know of a passage. */
export interface PassageLike {
  text: string;
  speaker: string | null;
  participant_id: string | null;
}

/** A place in a transcript: a passage (by index) and a character offset in its text. */
export interface TextPoint {
  index: number;
  offset: number;
}

/** A quote made from a selection: where it starts and ends, and its words. */
export interface PassageQuote {
  /** Index of the first and last passage (equal for a quote within one). */
  first: number;
  last: number;
  /** Where it starts in the first passage. */
  start: number;
  /** Where it ends in the last passage. */
  end: number;
  quote: string;
}

export const PASSAGE_JOIN = ' ';

const chars = (s: string) => Array.from(s);
// A sentence ends at . ! ? or … (after any closing quotes or brackets) before white space.
const SENTENCE_END = /[.!?…]+["'”’)\]]*\s+/gu;
const ENDS_SENTENCE = /[.!?…]+["'”’)\]]*\s*$/u;

/** Where sentences after the first start inside `text` (character offsets). */
export function sentenceStartsIn(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(SENTENCE_END)) {
    const at = (m.index ?? 0) + m[0].length;
    if (at < text.length) out.push(chars(text.slice(0, at)).length);
  }
  return out;
}

const sameSpeaker = (a: PassageLike, b: PassageLike) => a.speaker === b.speaker && a.participant_id === b.participant_id;

export class PassageText {
  readonly passages: readonly PassageLike[];
  /** Character length of each passage's text. */
  readonly lengths: number[];
  /** Where each passage starts in the joined text. */
  readonly starts: number[];
  readonly length: number;
  #sentences: number[] | null = null;

  constructor(passages: readonly PassageLike[]) {
    this.passages = passages;
    this.lengths = passages.map((p) => chars(p.text).length);
    this.starts = [];
    let at = 0;
    for (const len of this.lengths) {
      this.starts.push(at);
      at += len + PASSAGE_JOIN.length;
    }
    this.length = Math.max(0, at - PASSAGE_JOIN.length);
  }

  toGlobal(p: TextPoint): number {
    return this.starts[p.index] + Math.min(p.offset, this.lengths[p.index]);
  }

  /** The passage holding character `g` (a join belongs to the passage before it). */
  indexAt(g: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= g) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Where a selection starting at `g` starts: a join is the start of the next passage. */
  startPoint(g: number): TextPoint {
    const i = this.indexAt(g);
    const offset = g - this.starts[i];
    if (offset >= this.lengths[i] && i + 1 < this.starts.length) return { index: i + 1, offset: 0 };
    return { index: i, offset: Math.min(offset, this.lengths[i]) };
  }

  /** Where a selection ending (exclusive) at `g` ends: the start of a passage is the end of the one before. */
  endPoint(g: number): TextPoint {
    const i = this.indexAt(g);
    if (g === this.starts[i] && i > 0) return { index: i - 1, offset: this.lengths[i - 1] };
    return { index: i, offset: Math.min(g - this.starts[i], this.lengths[i]) };
  }

  /**
   * Where sentences start, in the joined text, ending with its length: after . ! ? …, at the
   * first passage, and where the speaker changes. Caption cues that break a sentence do not
   * start one.
   */
  sentenceStops(): number[] {
    if (this.#sentences) return this.#sentences;
    const out: number[] = [];
    this.passages.forEach((p, i) => {
      const prev = this.passages[i - 1];
      if (!prev || !sameSpeaker(prev, p) || ENDS_SENTENCE.test(prev.text) || !prev.text.trim()) out.push(this.starts[i]);
      for (const s of sentenceStartsIn(p.text)) out.push(this.starts[i] + s);
    });
    out.push(this.length);
    this.#sentences = out;
    return out;
  }

  /** Where passages start, ending with the text's length. */
  passageStops(): number[] {
    return [...this.starts, this.length];
  }

  /** The quote between two places (either order), trimmed of white space; null when blank. */
  quote(a: number, b: number): PassageQuote | null {
    let from = Math.max(0, Math.min(a, b));
    let to = Math.min(this.length, Math.max(a, b));
    if (to <= from) return null;
    const s = this.startPoint(from);
    const e = this.endPoint(to);
    const parts: string[] = [];
    for (let i = s.index; i <= e.index; i++) {
      const c = chars(this.passages[i].text);
      parts.push(c.slice(i === s.index ? s.offset : 0, i === e.index ? e.offset : c.length).join(''));
    }
    const raw = parts.join(PASSAGE_JOIN);
    const lead = chars(raw).length - chars(raw.trimStart()).length;
    const trail = chars(raw).length - chars(raw.trimEnd()).length;
    if (!raw.trim()) return null;
    from = this.toGlobal(s) + lead;
    to = this.toGlobal(e) - trail;
    const start = this.startPoint(from);
    const end = this.endPoint(to);
    return { first: start.index, last: end.index, start: start.offset, end: end.offset, quote: raw.trim() };
  }

  /** The speakers of passages `first..=last`, each once; one entry when one person said it all. */
  speakers(first: number, last: number): (string | null)[] {
    const seen: PassageLike[] = [];
    for (let i = first; i <= last; i++) if (!seen.some((p) => sameSpeaker(p, this.passages[i]))) seen.push(this.passages[i]);
    return seen.map((p) => p.speaker);
  }
}

/** The first stop after `g`, or the last stop. */
export function nextStop(stops: readonly number[], g: number): number {
  return stops.find((s) => s > g) ?? stops[stops.length - 1];
}

/** The last stop before `g`, or 0. */
export function previousStop(stops: readonly number[], g: number): number {
  let out = 0;
  for (const s of stops) {
    if (s >= g) break;
    out = s;
  }
  return out;
}

/** Why passages `first..=last` cannot be one highlight, or null when they can. */
export function spanProblem(text: PassageText, first: number, last: number): string | null {
  const who = text.speakers(first, last);
  if (who.length <= 1) return null;
  const names = who.map((s) => s ?? 'an unnamed speaker');
  return `The selection runs over the words of ${names.join(' and ')}. A highlight quotes one speaker: select what one of them said.`;
}

/**
 * Character ranges [start, end) a highlight marks in each passage, by passage index: the
 * rest of its first passage, all of those between, the start of its last.
 */
export function spanMarks(
  text: PassageText,
  first: number,
  last: number,
  start: number,
  end: number,
): Map<number, [number, number]> {
  const out = new Map<number, [number, number]>();
  if (first === last) {
    out.set(first, [start, end]);
    return out;
  }
  out.set(first, [start, text.lengths[first]]);
  for (let i = first + 1; i < last; i++) out.set(i, [0, text.lengths[i]]);
  out.set(last, [0, end]);
  return out;
}
