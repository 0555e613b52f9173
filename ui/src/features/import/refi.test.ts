import { describe, expect, it } from 'vitest';
import type { PackImport } from '../../lib/api';
import { addsAnything, baseName, importedDetail, importedMessage, importQuestion, kindCounts, refiFormat, refiLabel, splitRefi } from './refi';

function report(over: Partial<PackImport> = {}): PackImport {
  return { format: 'qdpx', dry_run: true, added: {}, matched: {}, left_out: [], interview_ids: [], ...over };
}

describe('which files are REFI-QDA', () => {
  it('knows projects and codebooks by their extension, whatever its case', () => {
    expect(refiFormat('study.qdpx')).toBe('qdpx');
    expect(refiFormat('Codes.QDC')).toBe('qdc');
    expect(refiFormat('/home/me/exports/study.QdPx')).toBe('qdpx');
    expect(refiFormat('C:\\Users\\me\\codes.qdc')).toBe('qdc');
  });

  it('leaves every other file to the usual import', () => {
    expect(refiFormat('interview.vtt')).toBeNull();
    expect(refiFormat('study.qdpx.zip')).toBeNull();
    expect(refiFormat('notes.md')).toBeNull();
    expect(refiFormat('qdpx')).toBeNull();
    // A hidden file named only by the extension is not a project.
    expect(refiFormat('.qdpx')).toBeNull();
    expect(refiFormat('folder.qdpx/readme.txt')).toBeNull();
  });

  it('splits what was picked or dropped, keeping the order of each part', () => {
    const files = ['a.vtt', 'study.qdpx', 'b.md', 'codes.qdc', 'c.csv'];
    expect(splitRefi(files, (f) => f)).toEqual({ refi: ['study.qdpx', 'codes.qdc'], other: ['a.vtt', 'b.md', 'c.csv'] });
    const objects = [{ name: 'x.QDC' }, { name: 'y.docx' }];
    expect(splitRefi(objects, (f) => f.name)).toEqual({ refi: [{ name: 'x.QDC' }], other: [{ name: 'y.docx' }] });
    expect(splitRefi([], (f: string) => f)).toEqual({ refi: [], other: [] });
  });
});

describe('what a dry run says, in words', () => {
  it('counts in reading order, leaving out kinds with none', () => {
    expect(kindCounts({ highlight: 40, tag: 12, interview: 3, participant: 2, note: 0 })).toBe('3 interviews, 12 tags, 40 highlights, 2 participants');
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
      adds: 'It adds 3 interviews, 120 transcript passages, 12 tags, 40 highlights, 2 participants.',
      matched: 'Already here, kept as they are: 5 tags.',
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
    expect(refiLabel('qdpx')).toBe('REFI-QDA project');
    expect(refiLabel('qdc')).toBe('REFI-QDA codebook');
    expect(refiLabel('xyz')).toBe('REFI-QDA file (xyz)');
    expect(baseName('a/b\\c.qdpx')).toBe('c.qdpx');
  });
});

describe('the toast after importing', () => {
  it('says what was imported from which file', () => {
    const r = report({ dry_run: false, added: { interview: 1, tag: 4, highlight: 9 }, interview_ids: ['iv1'] });
    expect(importedMessage('C:\\data\\study.qdpx', r)).toBe('Imported “study.qdpx”: 1 interview, 4 tags, 9 highlights');
    expect(importedDetail(r)).toBeUndefined();
    expect(importedMessage('x.qdc', report())).toBe('Imported “x.qdc”');
  });

  it('adds what was already here and what was left out', () => {
    expect(importedDetail(report({ matched: { tag: 5, participant: 1 }, left_out: ['Survey.pdf: a pdf source.'] }))).toBe(
      'Already here: 5 tags, 1 participant. Left out: Survey.pdf: a pdf source.',
    );
    expect(importedDetail(report({ left_out: ['A.pdf: a pdf source', 'B.mp3: an audio source', 'C.png: a picture'] }))).toBe(
      'Left out: A.pdf: a pdf source, and 2 more.',
    );
  });
});
