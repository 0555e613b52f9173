import { describe, expect, it } from 'vitest';
import type { FeedbackMapping } from '../../lib/api';
import {
  canImport,
  fitMapping,
  importedSentence,
  isFeedbackFile,
  previewCounts,
  ROLE_OPTIONS,
  roleLabel,
  sameMapping,
  sampleValues,
  SCORE_KIND_OPTIONS,
  warningList,
  withRole,
  withScoreKind,
} from './feedback';

const mapping: FeedbackMapping = {
  columns: [
    { name: 'Comment', role: 'text' },
    { name: 'NPS', role: 'score' },
  ],
  score_kind: 'nps',
};

describe('which files go through the mapping step', () => {
  it('takes feedback exports by extension, in any case, unless another kind is asked for', () => {
    for (const name of ['survey.csv', 'tickets.TSV', '/home/me/reviews.jsonl', 'C:\\x\\app.ndjson']) {
      expect(isFeedbackFile(name, '')).toBe(true);
      expect(isFeedbackFile(name, null)).toBe(true);
    }
    expect(isFeedbackFile('survey.csv', 'note')).toBe(false);
    expect(isFeedbackFile('call.vtt', '')).toBe(false);
    expect(isFeedbackFile('.csv', '')).toBe(false);
    expect(isFeedbackFile('csv', '')).toBe(false);
  });

  it('takes any file imported as feedback', () => {
    expect(isFeedbackFile('export.txt', 'feedback')).toBe(true);
  });
});

describe('roles', () => {
  it('lists every role once, in plain words', () => {
    const values = ROLE_OPTIONS.map((o) => o.value);
    expect(new Set(values).size).toBe(11);
    expect(values[0]).toBe('text');
    expect(roleLabel('text')).toBe('What they said');
    expect(roleLabel('id')).toBe('Row id (to recognise it next time)');
    expect(roleLabel('attribute')).toBe('Keep as detail');
    expect(SCORE_KIND_OPTIONS.map((o) => o.label)).toEqual(['NPS 0–10', 'CSAT 1–5', 'Other']);
  });
});

describe('the mapping as the user edits it', () => {
  it('has one column per header in file order, unnamed ones kept as detail, foreign ones dropped', () => {
    const fitted = fitMapping(['When', 'NPS', 'Comment'], {
      columns: [...mapping.columns, { name: 'Gone', role: 'email' }],
      score_kind: 'nps',
    });
    expect(fitted).toEqual({
      columns: [
        { name: 'When', role: 'attribute' },
        { name: 'NPS', role: 'score' },
        { name: 'Comment', role: 'text' },
      ],
      score_kind: 'nps',
    });
  });

  it('drops the score kind when no column is a score', () => {
    expect(fitMapping(['Comment'], mapping).score_kind).toBeNull();
    const noScore = withRole(mapping, 1, 'attribute');
    expect(noScore.columns[1]).toEqual({ name: 'NPS', role: 'attribute' });
    expect(noScore.score_kind).toBeNull();
    expect(mapping.columns[1].role).toBe('score');
  });

  it('keeps the score kind while a column is a score, and "Other" is no kind', () => {
    expect(withRole(mapping, 0, 'title').score_kind).toBe('nps');
    expect(withScoreKind(mapping, 'csat').score_kind).toBe('csat');
    expect(withScoreKind(mapping, '').score_kind).toBeNull();
  });

  it('knows when nothing changed', () => {
    expect(sameMapping(mapping, fitMapping(['Comment', 'NPS'], mapping))).toBe(true);
    expect(sameMapping(mapping, withRole(mapping, 0, 'title'))).toBe(false);
    expect(sameMapping(mapping, withScoreKind(mapping, 'csat'))).toBe(false);
  });
});

describe('sample values', () => {
  it('shows a few different, non-empty values, cut to a readable length', () => {
    const long = 'x'.repeat(200);
    const sample = [
      ['a', ''],
      ['a', '  two\n lines '],
      ['b', long],
      ['c', 'd'],
      ['e', 'f'],
    ];
    expect(sampleValues(sample, 0)).toEqual(['a', 'b', 'c']);
    const col = sampleValues(sample, 1);
    expect(col[0]).toBe('two lines');
    expect(col[1].endsWith('…')).toBe(true);
    expect(col[1].length).toBeLessThanOrEqual(60);
    expect(sampleValues([['only']], 3)).toEqual([]);
  });
});

describe('what the preview says', () => {
  const preview = { items: 1092, already_present: 0, skipped_no_text: 614, warning_count: 3, problem: null };

  it('counts what will be added, already there, skipped and warned about', () => {
    expect(previewCounts(preview)).toBe('1,092 items will be added · 0 already imported · 614 rows without text skipped · 3 warnings');
    expect(previewCounts({ ...preview, items: 1, skipped_no_text: 1, warning_count: 0 })).toBe(
      '1 item will be added · 0 already imported · 1 row without text skipped',
    );
  });

  it('asks for a text column when there is none, and only then blocks Import', () => {
    expect(previewCounts({ ...preview, items: null })).toMatch(/What they said/);
    expect(canImport({ ...preview, items: null })).toBe(false);
    expect(canImport({ ...preview, problem: 'two columns are the date' })).toBe(false);
    expect(canImport(preview)).toBe(true);
  });

  it('lists the first warnings by line, column and value, and how many more', () => {
    const warnings = Array.from({ length: 25 }, (_, i) => ({ line: i + 2, column: 'Score', value: 'ten', message: 'not a number' }));
    const list = warningList({ warnings, warning_count: 140 });
    expect(list.lines).toHaveLength(20);
    expect(list.lines[0]).toBe('Line 2, Score: “ten” — not a number');
    expect(list.more).toBe('and 120 more warnings');
    expect(warningList({ warnings: warnings.slice(0, 2), warning_count: 2 })).toEqual({ lines: expect.any(Array), more: '' });
    expect(warningList({ warnings: warnings.slice(0, 21), warning_count: 21 }).more).toBe('and 1 more warning');
  });
});

describe('what the import says', () => {
  it('counts what was added, with what was skipped', () => {
    expect(importedSentence('survey.csv', { added: 1092, already_present: 0, skipped_no_text: 614 })).toBe(
      'Imported 1,092 feedback items from survey.csv (614 rows without text skipped)',
    );
    expect(importedSentence('a.csv', { added: 1, already_present: 0, skipped_no_text: 0 })).toBe('Imported 1 feedback item from a.csv');
    expect(importedSentence('a.csv', { added: 5, already_present: 10, skipped_no_text: 1 })).toBe(
      'Imported 5 feedback items from a.csv (10 already imported, 1 row without text skipped)',
    );
  });

  it('says when there was nothing new', () => {
    expect(importedSentence('survey.csv', { added: 0, already_present: 1092, skipped_no_text: 0 })).toBe(
      'Nothing new in survey.csv: all 1,092 items were imported before',
    );
    expect(importedSentence('a.csv', { added: 0, already_present: 1, skipped_no_text: 0 })).toBe('Nothing new in a.csv: the 1 item was imported before');
    expect(importedSentence('a.csv', { added: 0, already_present: 0, skipped_no_text: 4 })).toBe(
      'Nothing imported from a.csv: 4 rows without text skipped',
    );
  });
});
