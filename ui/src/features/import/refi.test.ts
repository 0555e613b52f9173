import { describe, expect, it } from 'vitest';
import type { PackConflict, PackImport } from '../../lib/api';
import {
  addsAnything,
  baseName,
  changesAnything,
  conflictLine,
  importedDetail,
  importedMessage,
  importQuestion,
  isMerge,
  kindCounts,
  packFormat,
  packLabel,
  splitPacks,
} from './refi';

function report(over: Partial<PackImport> = {}): PackImport {
  return { format: 'qdpx', dry_run: true, added: {}, matched: {}, left_out: [], interview_ids: [], updated: {}, conflicts: [], ...over };
}

describe('which files are packs', () => {
  it('knows projects and codebooks by their extension, whatever its case', () => {
    expect(packFormat('study.qdpx')).toBe('qdpx');
    expect(packFormat('Codes.QDC')).toBe('qdc');
    expect(packFormat('/home/me/exports/study.QdPx')).toBe('qdpx');
    expect(packFormat('C:\\Users\\me\\codes.qdc')).toBe('qdc');
    expect(packFormat('team.gwpack')).toBe('gwpack');
    expect(packFormat('/home/me/Downloads/Research-Pack.GWPACK')).toBe('gwpack');
  });

  it('leaves every other file to the usual import', () => {
    expect(packFormat('interview.vtt')).toBeNull();
    expect(packFormat('study.qdpx.zip')).toBeNull();
    expect(packFormat('notes.md')).toBeNull();
    expect(packFormat('qdpx')).toBeNull();
    // A hidden file named only by the extension is not a project.
    expect(packFormat('.qdpx')).toBeNull();
    expect(packFormat('folder.qdpx/readme.txt')).toBeNull();
    expect(packFormat('.gwpack')).toBeNull();
    expect(packFormat('team.gwpack.zip')).toBeNull();
  });

  it('splits what was picked or dropped, keeping the order of each part', () => {
    const files = ['a.vtt', 'study.qdpx', 'b.md', 'team.gwpack', 'codes.qdc', 'c.csv'];
    expect(splitPacks(files, (f) => f)).toEqual({ packs: ['study.qdpx', 'team.gwpack', 'codes.qdc'], other: ['a.vtt', 'b.md', 'c.csv'] });
    const objects = [{ name: 'x.QDC' }, { name: 'y.docx' }];
    expect(splitPacks(objects, (f) => f.name)).toEqual({ packs: [{ name: 'x.QDC' }], other: [{ name: 'y.docx' }] });
    expect(splitPacks([], (f: string) => f)).toEqual({ packs: [], other: [] });
  });
});

describe('what a dry run says, in words', () => {
  it('counts in reading order, leaving out kinds with none', () => {
    expect(kindCounts({ highlight: 40, tag: 12, interview: 3, participant: 2, note: 0 })).toBe('3 interviews, 40 highlights, 2 participants, 12 tags');
    expect(kindCounts({ segment: 1, interview: 1 })).toBe('1 interview, 1 transcript passage');
    expect(kindCounts({})).toBe('');
    // A kind this UI does not know yet still shows.
    expect(kindCounts({ tag: 1, memo_link: 2 })).toBe('1 tag, 2 memo links');
  });

  it('asks before importing, saying what it adds, what is already here and what is left out', () => {
    const q = importQuestion(
      '/home/me/study.qdpx',
      report({
        added: { interview: 3, segment: 120, tag: 12, highlight: 40, participant: 2 },
        matched: { tag: 5 },
        left_out: ['Survey.pdf: a pdf source', '  ', 'Audio.mp3: an audio source'],
      }),
    );
    expect(q).toEqual({
      title: 'Import “study.qdpx”?',
      action: 'Import',
      adds: 'It adds 3 interviews, 120 transcript passages, 40 highlights, 2 participants, 12 tags.',
      updated: null,
      matched: 'Already here, kept as they are: 5 tags.',
      conflictsTitle: null,
      conflicts: [],
      conflictsMore: null,
      leftOut: ['Survey.pdf: a pdf source', 'Audio.mp3: an audio source'],
      worthIt: true,
    });
  });

  it('does not offer an import that adds nothing, and says why', () => {
    const again = importQuestion('codes.qdc', report({ format: 'qdc', matched: { tag: 12 }, added: { tag: 0 } }));
    expect(again.worthIt).toBe(false);
    expect(again.adds).toBe('It adds nothing new: everything in it is already here.');
    expect(again.matched).toBe('Already here, kept as they are: 12 tags.');
    const empty = importQuestion('codes.qdc', report({ format: 'qdc' }));
    expect(empty.worthIt).toBe(false);
    expect(empty.adds).toBe('It adds nothing: Groundwork found nothing to import in this REFI-QDA codebook.');
    expect(empty.matched).toBeNull();
    expect(addsAnything(report({ added: { note: 1 } }))).toBe(true);
  });

  it('names the formats for people', () => {
    expect(packLabel('qdpx')).toBe('REFI-QDA project');
    expect(packLabel('qdc')).toBe('REFI-QDA codebook');
    expect(packLabel('xyz')).toBe('REFI-QDA file (xyz)');
    expect(packLabel('gwpack')).toBe('Groundwork pack');
    expect(isMerge('gwpack')).toBe(true);
    expect(isMerge('qdpx')).toBe(false);
    expect(baseName('a/b\\c.qdpx')).toBe('c.qdpx');
  });
});

describe('the toast after importing', () => {
  it('says what was imported from which file', () => {
    const r = report({ dry_run: false, added: { interview: 1, tag: 4, highlight: 9 }, interview_ids: ['iv1'] });
    expect(importedMessage('C:\\data\\study.qdpx', r)).toBe('Imported “study.qdpx”: 1 interview, 9 highlights, 4 tags');
    expect(importedDetail(r)).toBeUndefined();
    expect(importedMessage('x.qdc', report())).toBe('Imported “x.qdc”');
  });

  it('adds what was already here and what was left out', () => {
    expect(importedDetail(report({ matched: { tag: 5, participant: 1 }, left_out: ['Survey.pdf: a pdf source.'] }))).toBe(
      'Already here: 1 participant, 5 tags. Left out: Survey.pdf: a pdf source.',
    );
    expect(importedDetail(report({ left_out: ['A.pdf: a pdf source', 'B.mp3: an audio source', 'C.png: a picture'] }))).toBe(
      'Left out: A.pdf: a pdf source, and 2 more.',
    );
  });
});

function conflict(over: Partial<PackConflict> = {}): PackConflict {
  return {
    kind: 'insight',
    id: 'in1',
    title: 'Pricing confusion',
    kept: 'pack',
    ours_updated_at: '2026-11-01T10:00:00Z',
    theirs_updated_at: '2026-11-20T10:00:00Z',
    ...over,
  };
}

function gwpack(over: Partial<PackImport> = {}): PackImport {
  return report({ format: 'gwpack', ...over });
}

describe('a Groundwork pack’s merge, in words', () => {
  it('says which version each differing object keeps, and why', () => {
    expect(conflictLine(conflict())).toBe('Insight “Pricing confusion”: keeps the pack’s version (changed later there)');
    expect(
      conflictLine(conflict({ kind: 'persona_statement', title: 'Pays yearly', kept: 'workspace', ours_updated_at: '2026-11-21T00:00:00Z' })),
    ).toBe('Persona statement “Pays yearly”: keeps yours (changed later here)');
    // As new on both sides: ours stays, and the reason says so.
    expect(conflictLine(conflict({ kept: 'workspace', ours_updated_at: 'T', theirs_updated_at: 'T' }))).toBe(
      'Insight “Pricing confusion”: keeps yours (both changed at the same time)',
    );
    expect(conflictLine(conflict({ kind: 'note', title: '  ' }))).toBe('Note without a title: keeps the pack’s version (changed later there)');
  });

  it('asks to merge, saying what it adds, what it replaces and every conflict', () => {
    const q = gwpack({
      added: { insight: 2, highlight: 5, persona_statement: 1 },
      updated: { insight: 1 },
      matched: { interview: 3, tag: 12 },
      conflicts: [
        conflict({ kind: 'tag', title: 'Billing', kept: 'workspace', ours_updated_at: '2026-11-30T00:00:00Z' }),
        conflict(),
      ],
      left_out: ['tag “Old” is in the trash here: it stays there'],
    });
    expect(importQuestion('/home/me/team.gwpack', q)).toEqual({
      title: 'Merge “team.gwpack”?',
      action: 'Merge',
      adds: 'It adds 5 highlights, 2 insights, 1 persona statement.',
      updated: 'It replaces 1 insight here with the pack’s newer version.',
      matched: 'Already here and the same, skipped: 3 interviews, 12 tags.',
      conflictsTitle: 'Different here and in the pack (2): of each, the version changed last is kept.',
      // What the pack's version replaces comes first.
      conflicts: [
        'Insight “Pricing confusion”: keeps the pack’s version (changed later there)',
        'Tag “Billing”: keeps yours (changed later here)',
      ],
      conflictsMore: null,
      leftOut: ['Tag “Old” is in the trash here: it stays there'],
      worthIt: true,
    });
  });

  it('offers the merge when it only replaces, saying it adds nothing new', () => {
    const q = importQuestion('team.gwpack', gwpack({ updated: { note: 2, tree_node: 1 }, conflicts: [conflict({ kind: 'note' })] }));
    expect(q.worthIt).toBe(true);
    expect(q.adds).toBe('It adds nothing new.');
    expect(q.updated).toBe('It replaces 2 notes, 1 tree node here with the pack’s newer versions.');
  });

  it('lists at most 8 conflicts, then how many more', () => {
    const many = Array.from({ length: 11 }, (_, i) => conflict({ id: `in${i}`, title: `Insight ${i + 1}` }));
    const q = importQuestion('team.gwpack', gwpack({ updated: { insight: 11 }, conflicts: many }));
    expect(q.conflicts).toHaveLength(8);
    expect(q.conflicts[7]).toBe('Insight “Insight 8”: keeps the pack’s version (changed later there)');
    expect(q.conflictsMore).toBe('and 3 more');
    expect(q.conflictsTitle).toBe('Different here and in the pack (11): of each, the version changed last is kept.');
  });

  it('offers only OK when merging again would change nothing', () => {
    // The same pack a second time: everything identical.
    const again = importQuestion('team.gwpack', gwpack({ matched: { interview: 3, insight: 4 } }));
    expect(again.worthIt).toBe(false);
    expect(again.adds).toBe('It changes nothing: everything in it is already here.');
    // Ours changed since: every difference keeps ours.
    const ours = gwpack({ matched: { interview: 3 }, conflicts: [conflict({ kept: 'workspace', ours_updated_at: '2026-12-01T00:00:00Z' })] });
    expect(changesAnything(ours)).toBe(false);
    const q = importQuestion('team.gwpack', ours);
    expect(q.worthIt).toBe(false);
    expect(q.adds).toBe('It changes nothing: everything in it is already here, or newer here.');
    expect(q.conflicts).toEqual(['Insight “Pricing confusion”: keeps yours (changed later here)']);
    expect(importQuestion('empty.gwpack', gwpack()).adds).toBe('It adds nothing: Groundwork found nothing to import in this Groundwork pack.');
    expect(changesAnything(gwpack({ updated: { tag: 1 } }))).toBe(true);
  });

  it('toasts “Merged”, with what was replaced and where yours was kept', () => {
    const done = gwpack({
      dry_run: false,
      added: { insight: 2 },
      updated: { insight: 1, note: 1 },
      matched: { tag: 3 },
      conflicts: [conflict(), conflict({ kind: 'note' }), conflict({ kind: 'tag', kept: 'workspace' })],
    });
    expect(importedMessage('/home/me/team.gwpack', done)).toBe('Merged “team.gwpack”: 2 insights');
    expect(importedDetail(done)).toBe(
      'Replaced with the pack’s newer versions: 1 note, 1 insight. Yours kept (changed later here): 1 object. Already here: 3 tags.',
    );
    expect(importedMessage('team.gwpack', gwpack({ updated: { insight: 1 } }))).toBe('Merged “team.gwpack”');
  });
});
