import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../lib/api';
import { applyProposals, combineSpeakers, fileSpeakers, newName, speakerMap } from './speakers';

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

describe('one proposal across the import', () => {
  it('takes the engine proposal over the per-file suggestion and says why', () => {
    const rows = combineSpeakers([
      preview([
        { name: 'Mel', turns: 4, suggestion: { to: 'new_participant', name: 'Mel' } },
        { name: 'Dana | Acme', turns: 3, suggestion: null },
      ]),
    ]);
    const out = applyProposals(rows, [
      { name: 'Mel', target: { to: 'interviewer' }, reason: 'most_files', files: 3, of: 4 },
      { name: 'Dana | Acme', target: { to: 'new_participant', name: 'Dana', company: 'Acme' }, reason: 'new', files: 1, of: 4 },
    ]);
    expect(out.map((r) => [r.name, r.choice, r.why])).toEqual([
      ['Mel', 'interviewer', 'speaks in 3 of 4 files'],
      ['Dana | Acme', 'new', 'nobody of this name yet'],
    ]);
    expect(newName(out[1])).toBe('Dana');
    expect(speakerMap(out)['Dana | Acme']).toEqual({ to: 'new_participant', name: 'Dana', company: 'Acme' });
    expect(fileSpeakers([preview([{ name: 'Mel', turns: 1, suggestion: null }])])).toEqual([{ speakers: ['Mel'], host: undefined }]);
  });
});
