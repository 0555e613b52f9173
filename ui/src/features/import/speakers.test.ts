import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../lib/api';
import { combineSpeakers, speakerMap } from './speakers';

const preview = (speakers: ImportPreview['speakers']): ImportPreview => ({
  path: 'x.vtt',
  kind: 'interview',
  title: 'x',
  format: 'vtt',
  speakers,
  segments: 3,
  count: 3,
  host: null,
  date: null,
  imported_before: null,
});

describe('speakers across files', () => {
  it('sums turns per name, counts files and keeps the first suggestion', () => {
    const rows = combineSpeakers([
      preview([
        { name: 'Mel', turns: 4, suggestion: { to: 'interviewer' } },
        { name: 'Dana', turns: 3, suggestion: null },
      ]),
      preview([{ name: 'Mel', turns: 2, suggestion: { to: 'interviewer' } }]),
      preview([{ name: 'Sam', turns: 1, suggestion: { to: 'participant', id: 'p1' } }]),
    ]);
    expect(rows).toEqual([
      { name: 'Mel', turns: 6, files: 2, choice: 'interviewer' },
      { name: 'Dana', turns: 3, files: 1, choice: 'keep' },
      { name: 'Sam', turns: 1, files: 1, choice: 'p:p1' },
    ]);
  });

  it('turns choices into the mapping the engine takes', () => {
    expect(
      speakerMap([
        { name: 'Mel', turns: 1, files: 1, choice: 'interviewer' },
        { name: 'Dana', turns: 1, files: 1, choice: 'new' },
        { name: 'Sam', turns: 1, files: 1, choice: 'p:p1' },
        { name: 'Bot', turns: 1, files: 1, choice: 'keep' },
      ]),
    ).toEqual({
      Mel: { to: 'interviewer' },
      Dana: { to: 'new_participant', name: 'Dana' },
      Sam: { to: 'participant', id: 'p1' },
      Bot: { to: 'keep' },
    });
  });
});
