import { describe, expect, it } from 'vitest';
import { upsertById } from './merge';

const o = (id: string, v = 0) => ({ id, v });

describe('upsertById', () => {
  it('appends what is new, in order', () => {
    expect(upsertById([o('a')], [o('b'), o('c')])).toEqual([o('a'), o('b'), o('c')]);
    expect(upsertById([], [o('a')])).toEqual([o('a')]);
  });

  it('keeps one copy of an object a reload already brought (the live update won the race)', () => {
    const reloaded = [o('a'), o('b', 1)];
    expect(upsertById(reloaded, [o('b', 2)])).toEqual([o('a'), o('b', 2)]);
  });

  it('replaces in place, so the list keeps its order', () => {
    expect(upsertById([o('a'), o('b'), o('c')], [o('a', 9)])).toEqual([o('a', 9), o('b'), o('c')]);
  });

  it('adds an object named twice in one answer once', () => {
    expect(upsertById([o('a')], [o('b', 1), o('b', 2)])).toEqual([o('a'), o('b', 2)]);
  });

  it('gives unique ids whatever order the answer and the reload come in', () => {
    const answer = [o('x')];
    for (const list of [[], [o('x')], [o('y'), o('x')]]) {
      const ids = upsertById(list, answer).map((i) => i.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toContain('x');
    }
  });

  it('leaves its inputs alone', () => {
    const list = [o('a')];
    const added = [o('a', 1), o('b')];
    upsertById(list, added);
    expect(list).toEqual([o('a')]);
    expect(added).toEqual([o('a', 1), o('b')]);
  });
});
