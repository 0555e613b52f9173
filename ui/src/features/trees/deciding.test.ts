import { describe, expect, it } from 'vitest';
import type { Evidence, TreeNode } from '../../lib/api';
import { byScore, filteredOut, scoreOf, speaksFor } from './deciding';

const node = (id: string, kind: TreeNode['kind'], details: Record<string, unknown>, position = 0, status: TreeNode['status'] = 'open') =>
  ({ id, kind, details, position, status, score: undefined, parent_id: null, tree_id: 't', title: id, description: '', created_at: '', updated_at: '' }) as unknown as TreeNode;
const link = (kind: Evidence['to']['kind'], id: string): Evidence => ({ id: `${kind}${id}`, from: { kind: 'tree_node', id: 'n' }, to: { kind, id }, comment: '', created_at: '' });

describe('deciding', () => {
  it('scores opportunities and solutions only when all three parts are set', () => {
    expect(scoreOf(node('a', 'opportunity', { frequency: 2, severity: 3, reach: 4 }))).toBe(24);
    expect(scoreOf(node('a', 'opportunity', { frequency: 2, severity: 3 }))).toBeNull();
    expect(scoreOf(node('b', 'solution', { impact: 5, confidence: 2, ease: 10 }))).toBe(100);
    expect(scoreOf(node('c', 'assumption_test', {}))).toBeNull();
  });
  it('orders by ICE, unscored last in their place', () => {
    const list = [node('x', 'solution', {}, 0), node('y', 'solution', { impact: 1, confidence: 1, ease: 1 }, 1), node('z', 'solution', { impact: 9, confidence: 9, ease: 9 }, 2), node('w', 'solution', {}, 3)];
    expect(byScore(list).map((s) => s.id)).toEqual(['z', 'y', 'x', 'w']);
  });
  it('filters by status and by persona through highlights of its participants', () => {
    const persona = { id: 'p1', participant_ids: ['ann'] };
    const facts = new Map([['highlight:h1', 'ann'], ['highlight:h2', 'bob']]);
    expect(speaksFor([link('highlight', 'h1')], persona, facts)).toBe(true);
    expect(speaksFor([link('highlight', 'h2')], persona, facts)).toBe(false);
    expect(speaksFor([link('persona', 'p1')], persona, facts)).toBe(true);
    const nodes = [node('a', 'opportunity', {}, 0, 'open'), node('b', 'opportunity', {}, 1, 'done')];
    const ev = new Map([['a', [link('highlight', 'h1')]]]);
    expect([...filteredOut(nodes, ev, { status: '', persona: null }, facts)]).toEqual([]);
    expect([...filteredOut(nodes, ev, { status: 'done', persona: null }, facts)]).toEqual(['a']);
    expect([...filteredOut(nodes, ev, { status: '', persona }, facts)]).toEqual(['b']);
  });
});
