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
