import { describe, expect, it } from 'vitest';
import { noun, plural } from './format';

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
