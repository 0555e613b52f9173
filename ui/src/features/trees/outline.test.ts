import { describe, expect, it } from 'vitest';
import type { NodeKind, TreeNode } from '../../lib/api';
import { emptyDetails, keyToOp, outline, planIndent, planKind, planMove, planOutdent, type KeyInput } from './outline';

let clock = 0;
function node(id: string, kind: NodeKind, parent: string | null, position: number): TreeNode {
  clock += 1;
  return {
    id,
    tree_id: 't',
    created_at: `2026-01-01T00:00:${String(clock).padStart(2, '0')}Z`,
    updated_at: '',
    parent_id: parent,
    kind,
    title: id,
    description: '',
    position,
    status: kind === 'assumption_test' ? 'planned' : 'open',
    details: emptyDetails(),
    score: null,
  };
}

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({ key: k, shiftKey: false, altKey: false, ctrlKey: false, metaKey: false, ...mods });
const plain = { empty: false, atStart: false, dirty: false };

describe('keyToOp', () => {
  it('maps the outline keys to operations', () => {
    expect(keyToOp(key('Enter'), plain)).toEqual({ op: 'sibling' });
    expect(keyToOp(key('Tab'), plain)).toEqual({ op: 'indent' });
    expect(keyToOp(key('Tab', { shiftKey: true }), plain)).toEqual({ op: 'outdent' });
    expect(keyToOp(key('ArrowUp', { altKey: true }), plain)).toEqual({ op: 'move', dir: -1 });
    expect(keyToOp(key('ArrowDown', { altKey: true }), plain)).toEqual({ op: 'move', dir: 1 });
    expect(keyToOp(key('ArrowRight', { altKey: true }), plain)).toEqual({ op: 'kind', dir: 1 });
    expect(keyToOp(key('ArrowDown'), plain)).toEqual({ op: 'focus', dir: 1 });
    expect(keyToOp(key('Enter', { ctrlKey: true }), plain)).toEqual({ op: 'select' });
    expect(keyToOp(key('Escape'), plain)).toEqual({ op: 'leave' });
    expect(keyToOp(key('z', { ctrlKey: true }), plain)).toEqual({ op: 'undo' });
    expect(keyToOp(key('Z', { metaKey: true, shiftKey: true }), plain)).toEqual({ op: 'redo' });
    expect(keyToOp(key('y', { ctrlKey: true }), plain)).toEqual({ op: 'redo' });
    expect(keyToOp(key('ArrowUp', { ctrlKey: true }), plain)).toEqual({ op: 'collapse', collapsed: true });
    expect(keyToOp(key('ArrowDown', { metaKey: true }), plain)).toEqual({ op: 'collapse', collapsed: false });
  });
  it('deletes only an empty row with the caret at its start', () => {
    expect(keyToOp(key('Backspace'), { empty: true, atStart: true, dirty: false })).toEqual({ op: 'delete' });
    expect(keyToOp(key('Backspace'), { empty: false, atStart: true, dirty: false })).toBeNull();
  });
  it('leaves typing and unsaved-text undo to the field', () => {
    expect(keyToOp(key('a'), plain)).toBeNull();
    expect(keyToOp(key('Backspace'), plain)).toBeNull();
    expect(keyToOp(key('z', { ctrlKey: true }), { ...plain, dirty: true })).toBeNull();
    expect(keyToOp(key('Enter', { shiftKey: true }), plain)).toBeNull();
  });
});

describe('outline plans', () => {
  const nodes = [
    node('o1', 'opportunity', null, 0),
    node('o2', 'opportunity', null, 1),
    node('s1', 'solution', 'o2', 0),
    node('t1', 'assumption_test', 's1', 0),
    node('s2', 'solution', 'o2', 1),
    node('o3', 'opportunity', null, 2),
  ];

  it('orders depth first and hides collapsed children', () => {
    expect(outline(nodes).map((r) => `${r.node.id}:${r.depth}`)).toEqual(['o1:0', 'o2:0', 's1:1', 't1:2', 's2:1', 'o3:0']);
    expect(outline(nodes, new Set(['o2'])).map((r) => r.node.id)).toEqual(['o1', 'o2', 'o3']);
  });

  it('indents under the sibling above, as the last child', () => {
    expect(planIndent(nodes, 'o3')).toEqual({ ok: true, to: { parent_id: 'o2', index: 2, kind: 'opportunity' } });
    expect(planIndent(nodes, 's2')).toEqual({ ok: true, to: { parent_id: 's1', index: 1, kind: 'assumption_test' } });
    expect(planIndent(nodes, 'o1')).toMatchObject({ ok: false });
    // o2 has solutions, which could not stay under o2 turned into a test... o2 under o1 stays an opportunity
    expect(planIndent(nodes, 'o2')).toEqual({ ok: true, to: { parent_id: 'o1', index: 0, kind: 'opportunity' } });
  });

  it('refuses to indent a solution with tests under another solution', () => {
    const n = [...nodes, node('s3', 'solution', 'o2', 2), node('t3', 'assumption_test', 's3', 0)];
    const plan = planIndent(n, 's3');
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.message).toMatch(/children that cannot go under an assumption test/);
  });

  it('outdents to right after the parent, and refuses what the structure forbids', () => {
    expect(planOutdent(nodes, 's2')).toMatchObject({ ok: false, message: 'A solution cannot go under the outcome.' });
    const n = [...nodes, node('o4', 'opportunity', 'o2', 2)];
    expect(planOutdent(n, 'o4')).toEqual({ ok: true, to: { parent_id: null, index: 2, kind: 'opportunity' } });
    expect(planOutdent(nodes, 'o1')).toMatchObject({ ok: false });
  });

  it('moves within its level only', () => {
    expect(planMove(nodes, 's2', -1)).toEqual({ ok: true, to: { parent_id: 'o2', index: 0, kind: 'solution' } });
    expect(planMove(nodes, 's2', 1)).toMatchObject({ ok: false, message: 'Already last in its level.' });
    expect(planMove(nodes, 'o1', -1)).toMatchObject({ ok: false });
  });

  it('changes kind where the structure allows', () => {
    const n = [...nodes, node('x', 'solution', 'o3', 0)];
    expect(planKind(n, 'x', 1)).toEqual({ ok: true, kind: 'opportunity' });
    expect(planKind(n, 'o1', 1)).toMatchObject({ ok: false });
    // s1 has a test under it: it cannot become an opportunity
    expect(planKind(nodes, 's1', 1)).toMatchObject({ ok: false });
  });
});
