// Coding a feedback item's text: which of its words each highlight marks, so the passage can
// be drawn as plain text and <mark>s (never HTML) and a click on a mark finds its highlights.
import type { Highlight } from '../../lib/api';
import { findQuote } from '../highlights/coding';

export interface QuotePart {
  text: string;
  /** The highlights marking these characters (none: plain text), in text order. */
  ids: string[];
}

/**
 * Where each highlight sits in `text`, in characters: its quote found nearest to where the
 * engine anchored it (the text may have been edited since), or left out when it is lost.
 */
export function quoteRanges(text: string, highlights: readonly Pick<Highlight, 'id' | 'quote' | 'start' | 'anchor'>[]): { id: string; start: number; end: number }[] {
  const out: { id: string; start: number; end: number }[] = [];
  for (const h of highlights) {
    if (h.anchor === 'lost' || !h.quote) continue;
    const at = findQuote(text, h.quote, h.start);
    if (at === null) continue;
    out.push({ id: h.id, start: at, end: at + Array.from(h.quote).length });
  }
  return out;
}

/**
 * `text` cut where any highlight starts or ends, each part saying which highlights cover it.
 * Offsets count characters (Unicode scalar values, as the engine does), not UTF-16 units.
 */
export function quoteParts(text: string, ranges: readonly { id: string; start: number; end: number }[]): QuotePart[] {
  const chars = Array.from(text);
  const n = chars.length;
  const kept = ranges.map((r) => ({ id: r.id, start: Math.max(0, Math.min(n, r.start)), end: Math.max(0, Math.min(n, r.end)) })).filter((r) => r.end > r.start);
  const cuts = [...new Set([0, n, ...kept.flatMap((r) => [r.start, r.end])])].sort((a, b) => a - b);
  const parts: QuotePart[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [s, e] = [cuts[i], cuts[i + 1]];
    const ids = kept.filter((r) => r.start <= s && r.end >= e).map((r) => r.id);
    const last = parts[parts.length - 1];
    const piece = chars.slice(s, e).join('');
    // Neighbours with the same highlights are one part: fewer <mark>s to read.
    if (last && last.ids.join() === ids.join()) last.text += piece;
    else parts.push({ text: piece, ids });
  }
  return parts;
}
