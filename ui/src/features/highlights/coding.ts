// Coding logic the highlight popover, the transcript and the highlights view share; kept out
// of components so it is tested on its own.
import type { Highlight, HighlightInput, Tag } from '../../lib/api';
import type { Target } from '../search/targets';
import type { TextPoint } from './passages';

export interface TagChoice {
  /** An existing tag, or null for "create a tag with this name". */
  tag: Tag | null;
  label: string;
  /** The name to create when `tag` is null. */
  name: string;
}

/**
 * The type-ahead's options for what was typed: tags whose path contains every typed word
 * (names starting with the text first), leaving out those already chosen, then "Create …"
 * when no tag has exactly that name. A name with "/" is not offered: nesting is by parent.
 */
export function tagChoices(tags: readonly Tag[], typed: string, chosen: readonly string[], limit = 8): TagChoice[] {
  const text = typed.trim();
  const q = text.toLowerCase();
  const words = q.split(/\s+/).filter(Boolean);
  const rank = (t: Tag) => (t.name.toLowerCase().startsWith(q) ? 0 : 1);
  const found = tags
    .filter((t) => !chosen.includes(t.id))
    .filter((t) => {
      const hay = (t.path || t.name).toLowerCase();
      return words.every((w) => hay.includes(w));
    })
    .sort((a, b) => rank(a) - rank(b) || b.usage_count - a.usage_count || (a.path || a.name).localeCompare(b.path || b.name))
    .slice(0, limit)
    .map((t): TagChoice => ({ tag: t, label: t.path || t.name, name: t.name }));
  const exact = tags.some((t) => t.name.toLowerCase() === q);
  if (text && !exact && !text.includes('/')) found.push({ tag: null, label: `Create tag “${text}”`, name: text });
  return found;
}

const LAST_TAGS = 'groundwork.coding.lastTags';

/** The tags of the last highlight made, for "repeat last tags". */
export function loadLastTags(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): string[] {
  try {
    const v = JSON.parse(storage?.getItem(LAST_TAGS) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function saveLastTags(ids: readonly string[], storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(LAST_TAGS, JSON.stringify(ids));
  } catch {
    /* private mode: repeating is a convenience */
  }
}

/** Last tags that still exist, in the order they were used. */
export function liveTags(ids: readonly string[], tags: readonly Tag[]): string[] {
  const known = new Set(tags.map((t) => t.id));
  return ids.filter((id) => known.has(id));
}

/** Where a highlight is, exactly: its transcript passage (at its time) or its notes. */
export function highlightTarget(h: Pick<Highlight, 'id' | 'interview_id' | 'note_id' | 'segment_id' | 'start_ms'> & { feedback_id?: string | null }): Target {
  if (h.interview_id) {
    const params: Record<string, string> = { hl: h.id };
    if (h.segment_id) params.segment = h.segment_id;
    if (h.start_ms != null) params.t = String(h.start_ms);
    return { screen: 'interviews', id: h.interview_id, params };
  }
  if (h.note_id) return { screen: 'notes', id: h.note_id, params: { hl: h.id } };
  if (h.feedback_id) return { screen: 'feedback', id: h.feedback_id, params: { hl: h.id } };
  return { screen: 'highlights', id: h.id, params: {} };
}

/**
 * The selection inside one element marked `data-hl-text` under `root`, as the engine counts
 * it: character (not UTF-16) offsets from the start of that element's text. Null when the
 * selection is empty, blank, or spans more than one such element.
 */
export function selectionIn(root: Element, sel: Selection | null): { el: Element; start: number; quote: string } | null {
  if (!sel || sel.isCollapsed || sel.rangeCount === 0) return null;
  const range = sel.getRangeAt(0);
  const elOf = (n: Node) => (n.nodeType === Node.TEXT_NODE ? n.parentElement : (n as Element));
  const el = elOf(range.startContainer)?.closest('[data-hl-text]');
  if (!el || el !== elOf(range.endContainer)?.closest('[data-hl-text]') || !root.contains(el)) return null;
  const quote = sel.toString();
  if (!quote.trim()) return null;
  const pre = document.createRange();
  pre.setStart(el, 0);
  pre.setEnd(range.startContainer, range.startOffset);
  // Leading/trailing blanks of a sloppy drag are not part of the quote.
  const lead = quote.length - quote.trimStart().length;
  const start = Array.from(pre.toString()).length + Array.from(quote.slice(0, lead)).length;
  return { el, start, quote: quote.trim() };
}

/** Bars of a frequency chart: widths as fractions of the largest count. */
export function bars<T extends { count: number }>(rows: readonly T[]): (T & { share: number })[] {
  const max = Math.max(1, ...rows.map((r) => r.count));
  return rows.map((r) => ({ ...r, share: r.count / max }));
}

/** Where `quote` occurs in `text` nearest to character `near` (character offsets), or null. */
export function findQuote(text: string, quote: string, near: number): number | null {
  if (!quote) return null;
  let best: number | null = null;
  for (let at = text.indexOf(quote); at >= 0; at = text.indexOf(quote, at + 1)) {
    const c = Array.from(text.slice(0, at)).length;
    if (best === null || Math.abs(c - near) < Math.abs(best - near)) best = c;
  }
  return best;
}

/** A DOM range over characters [start, end) of `el`'s text, or null when out of bounds. */
export function rangeAt(el: Element, start: number, end: number): Range | null {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let seen = 0;
  let started = false;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const chars = Array.from(n.textContent ?? '');
    const unitsAt = (k: number) => chars.slice(0, k).join('').length;
    if (!started && start <= seen + chars.length) {
      range.setStart(n, unitsAt(start - seen));
      started = true;
    }
    if (started && end <= seen + chars.length) {
      range.setEnd(n, unitsAt(end - seen));
      return range;
    }
    seen += chars.length;
  }
  return null;
}

/**
 * Where a selection boundary falls in a transcript rendered as elements marked `data-index`
 * (the passage's index), each holding its words in a `[data-hl-text]` element after the
 * speaker and time. In a passage's words: that place, in characters. Before them (the
 * speaker column, or between passages): the passage's start when the selection starts there,
 * the end of the passage before when it ends there. Before or after the whole list: its start
 * or end. Null when the boundary leaves nothing of the transcript on its side.
 */
export function transcriptPoint(root: Element, node: Node, offset: number, edge: 'start' | 'end', lengths: readonly number[]): TextPoint | null {
  const n = lengths.length;
  if (n === 0) return null;
  const items = Array.from(root.querySelectorAll<HTMLElement>('[data-index]'));
  const contents = (el: Node) => {
    const r = document.createRange();
    r.selectNodeContents(el);
    return r;
  };
  const before = (i: number): TextPoint | null => (edge === 'start' ? { index: i, offset: 0 } : i > 0 ? { index: i - 1, offset: lengths[i - 1] } : null);
  // The first passage the boundary is not after (binary search: they are in order).
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (contents(items[mid]).comparePoint(node, offset) > 0) lo = mid + 1;
    else hi = mid;
  }
  if (lo === items.length) return edge === 'end' ? { index: n - 1, offset: lengths[n - 1] } : null;
  const item = items[lo];
  const index = Number(item.dataset.index);
  if (!(index >= 0 && index < n)) return null;
  if (contents(item).comparePoint(node, offset) < 0) return before(index);
  const words = item.querySelector('[data-hl-text]');
  if (!words) return before(index);
  const where = contents(words).comparePoint(node, offset);
  if (where < 0) return before(index);
  if (where > 0) return { index, offset: lengths[index] };
  const pre = document.createRange();
  pre.setStart(words, 0);
  pre.setEnd(node, offset);
  return { index, offset: Math.min(lengths[index], Array.from(pre.toString()).length) };
}

/** The DOM place of character `at` of `el`'s text (the end when past it). */
export function domPoint(el: Element, at: number): { node: Node; offset: number } {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let seen = 0;
  let last: Node | null = null;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const chars = Array.from(n.textContent ?? '');
    if (at <= seen + chars.length) return { node: n, offset: chars.slice(0, at - seen).join('').length };
    seen += chars.length;
    last = n;
  }
  return last ? { node: last, offset: (last.textContent ?? '').length } : { node: el, offset: el.childNodes.length };
}

/**
 * What saving a highlight writes: the engine replaces the WHOLE highlight, so every field is
 * carried (its feedback item too, or a retag would move the quote off it).
 */
export function highlightInput(o: Highlight): HighlightInput {
  return {
    interview_id: o.interview_id,
    note_id: o.note_id,
    feedback_id: o.feedback_id,
    segment_id: o.segment_id,
    end_segment_id: o.end_segment_id,
    start: o.start,
    end: o.end,
    quote: o.quote,
    comment: o.comment,
    tag_ids: [...o.tag_ids],
  };
}
