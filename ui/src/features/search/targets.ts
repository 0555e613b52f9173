// Where a search hit opens: the object itself, or — for the parts of bigger objects — the
// object it belongs to, at the place of the match.
import type { ObjectKind, SearchHit } from '../../lib/api';
import type { ScreenId } from '../../lib/route';
import { matchRanges } from '../../lib/snippet';

export interface Target {
  screen: ScreenId;
  id: string;
  params: Record<string, string>;
}

const SCREEN: Partial<Record<ObjectKind, ScreenId>> = {
  interview: 'interviews',
  note: 'notes',
  highlight: 'highlights',
  insight: 'insights',
  persona: 'personas',
  tree: 'trees',
  feedback: 'feedback',
  participant: 'participants',
  tag: 'tags',
};

export function hitTarget(hit: Pick<SearchHit, 'kind' | 'id' | 'parent' | 'start_ms'>): Target | null {
  switch (hit.kind) {
    case 'segment': {
      if (!hit.parent) return null;
      const params: Record<string, string> = { segment: hit.id };
      if (hit.start_ms != null) params.t = String(hit.start_ms);
      return { screen: 'interviews', id: hit.parent, params };
    }
    case 'persona_statement':
      return hit.parent ? { screen: 'personas', id: hit.parent, params: { statement: hit.id } } : null;
    case 'tree_node':
      return hit.parent ? { screen: 'trees', id: hit.parent, params: { node: hit.id } } : null;
    default: {
      const screen = SCREEN[hit.kind];
      return screen ? { screen, id: hit.id, params: {} } : null;
    }
  }
}

/** Display order of kinds in the palette when scores tie. */
export const KIND_ORDER: ObjectKind[] = [
  'interview',
  'segment',
  'highlight',
  'insight',
  'persona',
  'persona_statement',
  'tree',
  'tree_node',
  'feedback',
  'note',
  'participant',
  'tag',
];

export interface HitGroup {
  kind: ObjectKind;
  hits: SearchHit[];
}

/** Kinds whose title is a name (a person, a tag): typing it means going there. */
const NAMED: readonly ObjectKind[] = ['participant', 'tag'];

/**
 * Hits grouped by kind; groups ordered by their best hit, so the best match leads — except
 * people and tags whose name holds a word of `query`: they come first, as a name typed is
 * where the user wants to go (a name is rarer in passages than it is said).
 */
export function groupHits(hits: readonly SearchHit[], query = ''): HitGroup[] {
  const named = (g: HitGroup) => NAMED.includes(g.kind) && matchRanges(g.hits[0].title, query).length > 0;
  const groups = new Map<ObjectKind, SearchHit[]>();
  for (const h of hits) {
    const g = groups.get(h.kind) ?? [];
    g.push(h);
    groups.set(h.kind, g);
  }
  return [...groups.entries()]
    .map(([kind, hs]) => ({ kind, hits: hs }))
    .sort(
      (a, b) =>
        Number(named(b)) - Number(named(a)) || b.hits[0].score - a.hits[0].score || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind),
    );
}
