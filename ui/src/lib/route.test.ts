import { describe, expect, it } from 'vitest';
import { hitTarget, groupHits } from '../features/search/targets';
import { outline, statusesFor, childKind } from '../features/trees/outline';
import { parseRoute, routeHref } from './route';
import { fromLocalDateTime, toLocalDateTime, emptyToNull, toNumberOrNull } from './fields';
import { formatTimecode } from './format';
import type { SearchHit, TreeNode } from './api';

describe('routes', () => {
  it('round-trip through the hash', () => {
    expect(parseRoute('#/interviews')).toEqual({ screen: 'interviews', id: null, params: {} });
    expect(parseRoute(routeHref('interviews', 'a/b', { segment: 's1', t: '1200' }))).toEqual({
      screen: 'interviews',
      id: 'a/b',
      params: { segment: 's1', t: '1200' },
    });
    // Anything else, and no route at all, is the workspace's home.
    expect(parseRoute('#/nonsense/1').screen).toBe('overview');
    expect(parseRoute('').screen).toBe('overview');
    expect(parseRoute('#/overview')).toEqual({ screen: 'overview', id: null, params: {} });
    expect(parseRoute('#/trash').screen).toBe('trash');
    expect(parseRoute('#/workshops/w1?view=join')).toEqual({ screen: 'workshops', id: 'w1', params: { view: 'join' } });
  });
});

const hit = (kind: SearchHit['kind'], id: string, score: number, parent: string | null = null, start_ms: number | null = null): SearchHit => ({
  kind,
  id,
  title: id,
  parent,
  start_ms,
  score,
  snippet: { text: '', highlights: [] },
});

describe('search hits', () => {
  it('open the object at the match', () => {
    expect(hitTarget(hit('segment', 's1', 1, 'iv1', 65000))).toEqual({ screen: 'interviews', id: 'iv1', params: { segment: 's1', t: '65000' } });
    expect(hitTarget(hit('tree_node', 'n1', 1, 't1'))).toEqual({ screen: 'trees', id: 't1', params: { node: 'n1' } });
    expect(hitTarget(hit('persona_statement', 'p1s', 1, 'p1'))?.id).toBe('p1');
    expect(hitTarget(hit('note', 'n1', 1))).toEqual({ screen: 'notes', id: 'n1', params: {} });
    expect(hitTarget(hit('segment', 's1', 1))).toBeNull();
  });

  it('group by kind, best group first', () => {
    const groups = groupHits([hit('note', 'a', 5), hit('segment', 'b', 9, 'iv'), hit('note', 'c', 4), hit('interview', 'd', 1)]);
    expect(groups.map((g) => g.kind)).toEqual(['segment', 'note', 'interview']);
    expect(groups[1].hits.map((h) => h.id)).toEqual(['a', 'c']);
  });

  it('put a person or tag named by the query first', () => {
    const jackie = { ...hit('participant', 'p', 3), title: 'Jackie Kazil' };
    const hits = [hit('interview', 'jackie-1-full', 9), hit('segment', 's', 8, 'iv'), jackie];
    expect(groupHits(hits, 'jackie').map((g) => g.kind)).toEqual(['participant', 'interview', 'segment']);
    // Found by other words than its name, it keeps its place.
    expect(groupHits(hits, 'maintainer').map((g) => g.kind)).toEqual(['interview', 'segment', 'participant']);
  });
});

const node = (id: string, parent: string | null, position: number): TreeNode => ({
  id,
  tree_id: 't',
  parent_id: parent,
  kind: 'opportunity',
  title: id,
  description: '',
  position,
  status: 'open',
  score: null,
  details: {
    frequency: null,
    severity: null,
    reach: null,
    score_note: '',
    target: false,
    impact: null,
    confidence: null,
    ease: null,
    assumption: '',
    category: null,
    method: '',
    success_criteria: '',
    result: '',
    shipped_at: null,
    votes: null,
  },
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
});

describe('tree outline', () => {
  it('orders depth first by position, with depths', () => {
    const rows = outline([node('b', null, 1), node('a', null, 0), node('a2', 'a', 1), node('a1', 'a', 0), node('x', 'gone', 0)]);
    // x's parent is gone, so it sits at the top level at its position (0, after a by creation).
    expect(rows.map((r) => `${r.node.id}:${r.depth}`)).toEqual(['a:0', 'a1:1', 'a2:1', 'x:0', 'b:0']);
  });

  it('never loops on a cycle', () => {
    expect(outline([node('a', 'b', 0), node('b', 'a', 0)])).toEqual([]);
  });

  it('offers the statuses the engine accepts for each kind', () => {
    expect(statusesFor('assumption_test')).toContain('planned');
    expect(statusesFor('solution')).toEqual(['open', 'done', 'dropped']);
    expect(childKind('opportunity')).toBe('solution');
    expect(childKind(null)).toBe('opportunity');
  });
});

describe('form conversions', () => {
  it('convert dates and numbers', () => {
    expect(emptyToNull('  ')).toBeNull();
    expect(emptyToNull('2026-03-31')).toBe('2026-03-31');
    expect(toNumberOrNull('')).toBeNull();
    expect(toNumberOrNull('4.5')).toBe(4.5);
    const local = toLocalDateTime('2026-03-31T09:30:00Z');
    expect(fromLocalDateTime(local)).toBe('2026-03-31T09:30:00Z');
    expect(fromLocalDateTime('')).toBeNull();
    expect(formatTimecode(3_723_000)).toBe('1:02:03');
    expect(formatTimecode(65_000)).toBe('1:05');
    expect(formatTimecode(null)).toBe('');
  });
});
