// The codebook as a tree, from the flat tag list the engine gives.
import type { Tag } from '../../lib/api';

/** Ids of the tags below `id` (not itself): where it may not be moved or merged. */
export function descendants(tags: readonly Tag[], id: string): Set<string> {
  const out = new Set<string>();
  let frontier = [id];
  while (frontier.length) {
    const next: string[] = [];
    for (const t of tags) {
      if (t.parent_id && frontier.includes(t.parent_id) && !out.has(t.id) && t.id !== id) {
        out.add(t.id);
        next.push(t.id);
      }
    }
    frontier = next;
  }
  return out;
}

export interface CodebookRow {
  tag: Tag;
  depth: number;
}

/** Depth-first, siblings by name: the order a codebook is read in. */
export function codebookRows(tags: readonly Tag[]): CodebookRow[] {
  const known = new Set(tags.map((t) => t.id));
  const kids = new Map<string | null, Tag[]>();
  for (const t of tags) {
    const p = t.parent_id && known.has(t.parent_id) ? t.parent_id : null;
    kids.set(p, [...(kids.get(p) ?? []), t]);
  }
  const out: CodebookRow[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const t of (kids.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name))) {
      if (seen.has(t.id)) continue;
      seen.add(t.id);
      out.push({ tag: t, depth });
      walk(t.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}
