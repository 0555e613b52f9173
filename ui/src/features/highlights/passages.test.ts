import { describe, expect, it } from 'vitest';
import { nextStop, PassageText, previousStop, sentenceStartsIn, spanMarks, spanProblem, type PassageLike } from './passages';

const cue = (text: string, speaker: string | null = null, participant_id: string | null = null): PassageLike => ({ text, speaker, participant_id });

// Caption cues that break sentences, as a speaker-less VTT imports them.
const CUES = [cue('So we started the food bank in 2019.'), cue('Volunteers suffer'), cue('a lot of burnout, honestly,'), cue('every winter. Then'), cue('things got better.')];

describe('a transcript read as one text', () => {
  const t = new PassageText(CUES);

  it('joins passages with one space and maps places both ways', () => {
    expect(t.starts).toEqual([0, 37, 55, 83, 102]);
    expect(t.length).toBe(102 + 'things got better.'.length);
    expect(t.toGlobal({ index: 1, offset: 4 })).toBe(41);
    expect(t.indexAt(36)).toBe(0);
    expect(t.indexAt(37)).toBe(1);
    // The join between passages starts the next one and ends the one before.
    expect(t.startPoint(36)).toEqual({ index: 1, offset: 0 });
    expect(t.endPoint(37)).toEqual({ index: 0, offset: 36 });
    expect(t.endPoint(41)).toEqual({ index: 1, offset: 4 });
  });

  it('makes one quote over several passages, trimmed, from either direction', () => {
    const from = t.starts[1];
    const to = t.starts[3] + 'every winter.'.length;
    const q = t.quote(to, from);
    expect(q).toEqual({ first: 1, last: 3, start: 0, end: 13, quote: 'Volunteers suffer a lot of burnout, honestly, every winter.' });
    // A sloppy drag from the end of one passage to the start of another is trimmed into them.
    expect(t.quote(t.starts[1] - 1, t.starts[2] + 1)).toEqual({ first: 1, last: 2, start: 0, end: 1, quote: 'Volunteers suffer a' });
    expect(t.quote(36, 38)).toEqual({ first: 1, last: 1, start: 0, end: 1, quote: 'V' });
    expect(t.quote(36, 37)).toBeNull();
    expect(t.quote(5, 5)).toBeNull();
  });

  it('counts characters, not UTF-16 units, as the engine does', () => {
    const u = new PassageText([cue('Café 😀 ok'), cue('next')]);
    expect(u.lengths[0]).toBe(9);
    expect(u.starts[1]).toBe(10);
    expect(u.quote(5, 14)).toEqual({ first: 0, last: 1, start: 5, end: 4, quote: '😀 ok next' });
  });

  it('finds sentences over cues, at speaker changes and after end marks', () => {
    expect(sentenceStartsIn('One. Two? “Three!” Four')).toEqual([5, 10, 19]);
    expect(sentenceStartsIn('Dr. Who')).toEqual([4]);
    expect(sentenceStartsIn('no end')).toEqual([]);
    const stops = t.sentenceStops();
    // The food bank sentence, then "Volunteers … winter." over three cues, then "Then things got better."
    expect(stops).toEqual([0, 37, t.starts[3] + 'every winter. '.length, t.length]);
    const people = new PassageText([cue('I like it', 'Ann'), cue('and so do I', 'Bob'), cue('really', 'Bob')]);
    expect(people.sentenceStops()).toEqual([0, people.starts[1], people.length]);
  });

  it('steps between stops', () => {
    const stops = [0, 10, 20, 30];
    expect(nextStop(stops, 0)).toBe(10);
    expect(nextStop(stops, 15)).toBe(20);
    expect(nextStop(stops, 30)).toBe(30);
    expect(previousStop(stops, 20)).toBe(10);
    expect(previousStop(stops, 0)).toBe(0);
    expect(t.passageStops()).toEqual([...t.starts, t.length]);
  });

  it('says when a span cannot be one highlight: more than one speaker', () => {
    const mixed = new PassageText([cue('I like it', 'Ann', 'p1'), cue('and so do I', 'Bob', 'p2'), cue('yes', null)]);
    expect(spanProblem(mixed, 0, 0)).toBeNull();
    expect(spanProblem(mixed, 0, 1)).toMatch(/words of Ann and Bob/);
    expect(spanProblem(mixed, 1, 2)).toMatch(/Bob and an unnamed speaker/);
    expect(spanProblem(t, 0, 4)).toBeNull();
  });

  it('marks a span in each of its passages', () => {
    expect([...spanMarks(t, 1, 3, 2, 5)]).toEqual([
      [1, [2, 17]],
      [2, [0, 27]],
      [3, [0, 5]],
    ]);
    expect([...spanMarks(t, 0, 0, 3, 7)]).toEqual([[0, [3, 7]]]);
  });
});
