// The searched words, marked in the passage an opened hit shows, as its snippet marked them.
// The palette passes the search's `terms` (the engine's indexed words: stems, and what a
// typed prefix stood for) in the route as `?mark=`; the view that opens asks the engine
// which of its words they match — the engine stems, so "trainings" is marked for "train" —
// and marks them with the CSS Custom Highlight API, which leaves the DOM (and selections
// made in it for coding) untouched.
import * as api from '../../lib/api';

/** The route parameter that carries the terms. */
export const MARK_PARAM = 'mark';
/** The CSS highlight the marks are drawn with (`::highlight(gw-search)` in app.css). */
const HIGHLIGHT = 'gw-search';

export function markParams(terms: readonly string[] | undefined): Record<string, string> {
  return terms && terms.length ? { [MARK_PARAM]: terms.join(' ') } : {};
}

export function markTerms(params: Record<string, string>): string[] {
  return (params[MARK_PARAM] ?? '').split(/\s+/).filter(Boolean);
}

export function canMark(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof globalThis.Highlight === 'function';
}

/** Characters [start, end) of `text` (counted in Unicode scalar values, like the engine) → UTF-16 offsets. */
export function unitOffsets(text: string, ranges: readonly (readonly [number, number])[]): [number, number][] {
  const starts: number[] = [];
  let units = 0;
  for (const ch of text) {
    starts.push(units);
    units += ch.length;
  }
  starts.push(units);
  const at = (k: number) => starts[Math.max(0, Math.min(starts.length - 1, k))];
  return ranges.filter(([s, e]) => e > s).map(([s, e]) => [at(s), at(e)]);
}

/**
 * Mark the words of `el`'s text that `terms` match. Each text node is asked about on its
 * own (a word is never split across the DOM's pieces of one passage in practice). Returns
 * how many words were marked; `clearSearchMarks` takes them away.
 */
export async function markSearchWords(el: Element, terms: readonly string[], still: () => boolean = () => true): Promise<number> {
  if (!terms.length || !canMark()) return 0;
  const nodes: Text[] = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if ((n.textContent ?? '').trim()) nodes.push(n as Text);
  }
  if (!nodes.length) return 0;
  const marks = await api.markWords([...terms], nodes.map((n) => n.data));
  if (!still()) return 0; // the view moved on while the engine answered
  const ranges: Range[] = [];
  nodes.forEach((node, i) => {
    for (const [s, e] of unitOffsets(node.data, marks[i] ?? [])) {
      if (e > node.data.length) continue; // the text changed meanwhile
      const r = document.createRange();
      r.setStart(node, s);
      r.setEnd(node, e);
      ranges.push(r);
    }
  });
  CSS.highlights.set(HIGHLIGHT, new globalThis.Highlight(...ranges));
  return ranges.length;
}

export function clearSearchMarks(): void {
  if (canMark()) CSS.highlights.delete(HIGHLIGHT);
}
