// Search snippets arrive as plain text plus [start, end) ranges counted in Unicode scalar
// values (Rust chars), not UTF-16 units. They become a list of text parts that the
// component renders as text nodes and <mark>s — never as HTML.

export interface SnippetPart {
  text: string;
  mark: boolean;
}

/**
 * Split `text` at the highlight ranges. Ranges may arrive unsorted, overlapping, empty or
 * out of bounds (a stale index); they are clamped and merged rather than trusted.
 */
export function snippetParts(text: string, highlights: readonly (readonly [number, number])[]): SnippetPart[] {
  const chars = Array.from(text); // one entry per scalar value, like Rust's chars()
  const n = chars.length;
  const ranges = highlights
    .map(([s, e]) => [Math.max(0, Math.min(n, Math.floor(s))), Math.max(0, Math.min(n, Math.floor(e)))] as const)
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const [s, e] of ranges) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  const parts: SnippetPart[] = [];
  let at = 0;
  for (const [s, e] of merged) {
    if (s > at) parts.push({ text: chars.slice(at, s).join(''), mark: false });
    parts.push({ text: chars.slice(s, e).join(''), mark: true });
    at = e;
  }
  if (at < n || parts.length === 0) parts.push({ text: chars.slice(at).join(''), mark: false });
  return parts;
}

/** The words a query looks for: quoted phrases split into words, excluded (-word) ones dropped. */
export function queryWords(query: string): string[] {
  const words: string[] = [];
  for (const m of query.matchAll(/"([^"]*)"?|(\S+)/g)) {
    if (m[1] !== undefined) words.push(...m[1].split(/\s+/));
    else if (!m[2].startsWith('-')) words.push(m[2]);
  }
  return words.map((w) => w.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')).filter((w) => w.length > 0);
}

/**
 * Ranges (in characters, like the engine's) of the words in `text` that a query word
 * matches: the engine highlights only the snippet, so titles are marked here. A word
 * matches when one starts with the other (the last word is still being typed; "interviews"
 * finds "interview"), for words of three letters or more; shorter ones must be equal.
 */
export function matchRanges(text: string, query: string): [number, number][] {
  const wanted = queryWords(query);
  if (wanted.length === 0) return [];
  const chars = Array.from(text);
  const out: [number, number][] = [];
  let i = 0;
  while (i < chars.length) {
    if (!/[\p{L}\p{N}]/u.test(chars[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j < chars.length && /[\p{L}\p{N}]/u.test(chars[j])) j++;
    const word = chars.slice(i, j).join('').toLowerCase();
    const hit = wanted.some((w) =>
      w.length < 3 || word.length < 3 ? w === word : word.startsWith(w) || (w.startsWith(word) && word.length >= 4),
    );
    if (hit) out.push([i, j]);
    i = j;
  }
  return out;
}
