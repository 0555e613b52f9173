import { describe, expect, it } from 'vitest';
import { backupSummary, countChanges } from './backups';

describe('backup wording', () => {
  it('says what a backup holds, leaving out what it has none of', () => {
    expect(backupSummary({ interview: 12, note: 0, highlight: 1, tree: 2, segment: 400 })).toBe('12 interviews, 1 highlight, 2 trees');
    expect(backupSummary({})).toBe('nothing yet');
  });

  it('says what restoring changes, kind by kind', () => {
    expect(countChanges({ interview: 5, highlight: 40, tag: 3 }, { interview: 3, highlight: 41, tag: 3, tree: 1 })).toEqual([
      '2 interviews fewer',
      '1 highlight more',
      '1 tree more',
    ]);
    expect(countChanges({ note: 1 }, { note: 1 })).toEqual([]);
  });
});
