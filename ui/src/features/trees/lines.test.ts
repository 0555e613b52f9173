import { describe, expect, it } from 'vitest';
import { ellipsize, fitLines } from './lines';

// Every character 10 px wide, but W and M 20 px: wide letters make a character count lie.
const measure = (s: string) => Array.from(s).reduce((w, c) => w + (c === 'W' || c === 'M' ? 20 : 10), 0);

describe('card text that fits its card', () => {
  it('wraps by measured width, not by characters', () => {
    expect(fitLines('one two three four', 90, 4, measure)).toEqual(['one two', 'three', 'four']);
    // "WWW MMM" is 7 characters but 130 px: it breaks where a count would not.
    expect(fitLines('WWW MMM ok', 90, 4, measure)).toEqual(['WWW', 'MMM ok']);
  });

  it('never draws more lines than the card has room for, ending the last with …', () => {
    const lines = fitLines('alpha beta gamma delta epsilon zeta', 110, 2, measure);
    expect(lines.length).toBe(2);
    expect(lines[0]).toBe('alpha beta');
    expect(lines[1].endsWith('…')).toBe(true);
    expect(lines.every((l) => measure(l) <= 110)).toBe(true);
  });

  it('breaks a word longer than a line', () => {
    expect(fitLines('abcdefghijkl', 50, 4, measure)).toEqual(['abcde', 'fghij', 'kl']);
  });

  it('cuts at a word when it can', () => {
    expect(ellipsize('short', 100, measure)).toBe('short');
    expect(ellipsize('shared calendar swaps', 130, measure)).toBe('shared…');
    expect(measure(ellipsize('Supercalifragilistic', 80, measure))).toBeLessThanOrEqual(80);
  });
});
