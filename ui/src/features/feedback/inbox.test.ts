import { describe, expect, it } from 'vitest';
import type { FeedbackItem } from '../../lib/api';
import { itemTitle, noFilters, pagesFor, PAGE, rowsOf, scoreLabel, targets, toQuery, triageMessage } from './inbox';

const it1 = { id: 'a' } as FeedbackItem;

describe('inbox rows', () => {
  it('titles an item by its title, else its clipped text', () => {
    expect(itemTitle({ title: '  Slow export ', text: 'long text' })).toBe('Slow export');
    expect(itemTitle({ title: '', text: 'It is\n slow' })).toBe('It is slow');
    expect(itemTitle({ title: '', text: 'x'.repeat(300) })).toHaveLength(140);
  });

  it('labels a score with its kind', () => {
    expect(scoreLabel({ score: 9, score_kind: 'nps' })).toBe('NPS 9');
    expect(scoreLabel({ score: 4, score_kind: 'csat' })).toBe('CSAT 4');
    expect(scoreLabel({ score: 4.5, score_kind: null })).toBe('★ 4.5');
    expect(scoreLabel({ score: null, score_kind: 'nps' })).toBe('');
  });
});

describe('inbox query', () => {
  it('matches everything without filters', () => {
    expect(toQuery(noFilters())).toEqual({ text: '', states: [], sources: [], segments: [], score_kind: null, score_min: null, score_max: null, from: null, to: null });
  });
  it('reads the filters', () => {
    const q = toQuery({ ...noFilters(), text: ' slow ', states: ['new'], source: 'app store', segment: 'SMB', scoreMin: '0', scoreMax: 'x', from: '2026-01-01' });
    expect(q).toMatchObject({ text: 'slow', states: ['new'], sources: ['app store'], segments: ['SMB'], score_min: 0, score_max: null, from: '2026-01-01', to: null });
  });
});

describe('inbox pages', () => {
  it('places loaded pages and leaves the rest as placeholders', () => {
    const rows = rowsOf(PAGE + 3, new Map([[1, [it1, it1, it1]]]));
    expect(rows).toHaveLength(PAGE + 3);
    expect(rows[0]).toBeNull();
    expect(rows[PAGE]).toBe(it1);
  });
  it('finds the pages rows fall on', () => {
    expect(pagesFor(0, 0)).toEqual([]);
    expect(pagesFor(0, 10)).toEqual([0]);
    expect(pagesFor(PAGE - 5, PAGE + 5)).toEqual([0, 1]);
  });
});

describe('triage', () => {
  it('acts on the selection, else the focused row', () => {
    expect(targets(new Set(['x', 'y']), it1)).toEqual(['x', 'y']);
    expect(targets(new Set(), it1)).toEqual(['a']);
    expect(targets(new Set(), null)).toEqual([]);
  });
  it('says what happened', () => {
    expect(triageMessage(1, 'closed')).toBe('Item closed');
    expect(triageMessage(3, 'reviewed')).toBe('3 items marked reviewed');
    expect(triageMessage(2, 'new')).toBe('2 items marked new');
  });
});
