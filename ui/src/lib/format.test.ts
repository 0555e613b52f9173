import { describe, expect, it } from 'vitest';
import { formatDate, noun, plural, relativeTime } from './format';

describe('plurals', () => {
  it('says one of a thing in the singular, and any other number in the plural', () => {
    expect(plural(1, 'participant')).toBe('1 participant');
    expect(plural(0, 'participant')).toBe('0 participants');
    expect(plural(2, 'pain')).toBe('2 pains');
    expect(plural(1, 'highlight')).toBe('1 highlight');
    expect(plural(1204, 'passage')).toBe(`${(1204).toLocaleString()} passages`);
  });

  it('knows the English endings and a few irregular words', () => {
    expect(noun(2, 'match')).toBe('matches');
    expect(noun(3, 'box')).toBe('boxes');
    expect(noun(2, 'reply')).toBe('replies');
    expect(noun(2, 'day')).toBe('days');
    expect(noun(2, 'person')).toBe('people');
    expect(noun(2, 'Person')).toBe('People');
    expect(noun(1, 'person')).toBe('person');
  });

  it('makes the last word of a phrase plural, or takes the plural given', () => {
    expect(plural(2, 'feedback item')).toBe('2 feedback items');
    expect(plural(2, 'transcript passage')).toBe('2 transcript passages');
    expect(plural(2, 'feedback', 'feedback')).toBe('2 feedback');
    expect(plural(1, 'insight', 'insights!')).toBe('1 insight');
    expect(noun(5, 'tree node')).toBe('tree nodes');
  });
});

describe('relative times for history', () => {
  const now = new Date('2026-12-02T12:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
  it('says how long ago, then the date', () => {
    expect(relativeTime(ago(10_000), now)).toBe('just now');
    expect(relativeTime(ago(5 * 60_000), now)).toBe('5 minutes ago');
    expect(relativeTime(ago(3 * 3600_000), now)).toBe('3 hours ago');
    expect(relativeTime(ago(30 * 3600_000), now)).toBe('yesterday');
    expect(relativeTime(ago(4 * 86400_000), now)).toBe('4 days ago');
    expect(relativeTime(ago(30 * 86400_000), now)).toBe(`on ${formatDate(ago(30 * 86400_000))}`);
    expect(relativeTime('not a time', now)).toBe('not a time');
  });
});
