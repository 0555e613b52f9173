import { describe, expect, it } from 'vitest';
import { plural } from '../../lib/format';
import { countsByKind, fileName, hue, initials, KINDS, sourceHref } from './persona';

describe('persona helpers', () => {
  it('makes initials from the first and last word', () => {
    expect(initials('Ops Olivia')).toBe('OO');
    expect(initials('grace')).toBe('G');
    expect(initials('Data Scientist (End User)')).toBe('DU');
    expect(initials('👩‍💻 Émile Zola')).toBe('ÉZ');
    expect(initials('  ')).toBe('?');
  });

  it('gives a name the same hue every time', () => {
    expect(hue('Ops Olivia')).toBe(hue('Ops Olivia'));
    expect(hue('Ops Olivia')).toBeGreaterThanOrEqual(0);
    expect(hue('Ops Olivia')).toBeLessThan(360);
  });

  it('names export files after the persona', () => {
    expect(fileName('DevOps / SysAdmin', 'md')).toBe('DevOps-SysAdmin.md');
    expect(fileName('***', 'md')).toBe('persona.md');
  });

  it('counts statements per kind', () => {
    expect(countsByKind([{ kind: 'pain' }, { kind: 'pain' }, { kind: 'goal' }])).toEqual({ goal: 1, pain: 2, job: 0, behaviour: 0, quote: 0 });
  });

  it('opens a quote at its transcript passage, else its note or the highlight', () => {
    const base = { id: 'h', interview_id: null, note_id: null, segment_id: null } as never;
    expect(sourceHref({ ...(base as object), interview_id: 'i', segment_id: 's' } as never)).toBe('#/interviews/i?segment=s');
    expect(sourceHref({ ...(base as object), note_id: 'n' } as never)).toBe('#/notes/n');
    expect(sourceHref(base)).toBe('#/highlights/h');
  });
});

describe('statement counts', () => {
  it('say "1 pain" and "2 jobs to be done"', () => {
    const count = (kind: string, n: number) => {
      const k = KINDS.find((x) => x.kind === kind)!;
      return plural(n, k.one, k.label.toLowerCase());
    };
    expect(count('pain', 1)).toBe('1 pain');
    expect(count('pain', 3)).toBe('3 pains');
    expect(count('job', 1)).toBe('1 job to be done');
    expect(count('job', 2)).toBe('2 jobs to be done');
    expect(count('behaviour', 1)).toBe('1 behaviour');
  });
});
