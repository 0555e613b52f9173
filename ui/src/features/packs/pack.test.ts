import { describe, expect, it } from 'vitest';
import {
  blankForm,
  buildRequest,
  countsSummary,
  dateProblem,
  defaultPackName,
  downloadExtension,
  downloadName,
  FORMATS,
  formatBytes,
  isEmptyPack,
  isSingleFile,
  leftOutText,
  publishedHint,
  replacementKind,
  replacementsSummary,
  sizeSummary,
  sortReplacements,
  wordList,
} from './pack';

describe('the pack request from the form', () => {
  it('takes the whole workspace by default, feedback in, nothing redacted', () => {
    expect(buildRequest(blankForm())).toEqual({
      format: 'html',
      scope: {
        interview_ids: [],
        tag_ids: [],
        participant_ids: [],
        insight_ids: [],
        persona_ids: [],
        tree_ids: [],
        feedback: true,
        workshops: true,
        from: null,
        to: null,
        consented_only: false,
        published_only: false,
      },
      redact: { names: false, emails: false, phones: false, urls: false, words: [] },
    });
  });

  it('sends the chosen lists and dates only when the user chose a part', () => {
    const form = {
      ...blankForm(),
      format: 'csv' as const,
      interviews: ['iv1', 'iv2'],
      tags: ['t1'],
      participants: ['p1'],
      insights: ['in1'],
      personas: ['pe1'],
      trees: ['tr1'],
      from: '2026-01-01',
      to: ' 2026-03-31 ',
      feedback: false,
      consentedOnly: true,
    };
    // Chosen but then "everything" picked again: the lists stay in the form, not in the request.
    const all = buildRequest(form);
    expect(all.format).toBe('csv');
    expect(all.scope).toMatchObject({ interview_ids: [], tag_ids: [], from: null, to: null, feedback: false, consented_only: true });

    const chosen = buildRequest({ ...form, scope: 'chosen' });
    expect(chosen.scope).toEqual({
      interview_ids: ['iv1', 'iv2'],
      tag_ids: ['t1'],
      participant_ids: ['p1'],
      insight_ids: ['in1'],
      persona_ids: ['pe1'],
      tree_ids: ['tr1'],
      feedback: false,
      workshops: true,
      from: '2026-01-01',
      to: '2026-03-31',
      consented_only: true,
      published_only: false,
    });
    // The request is a copy: changing it does not change the form.
    chosen.scope.interview_ids.push('x');
    expect(form.interviews).toEqual(['iv1', 'iv2']);
  });

  it('takes only what is published when that is ticked, for the whole workspace or a chosen part', () => {
    const form = { ...blankForm(), publishedOnly: true };
    expect(buildRequest(form).scope).toMatchObject({ published_only: true, insight_ids: [], persona_ids: [] });
    // Of the insights and personas chosen, the published ones: both go to the engine.
    const chosen = buildRequest({ ...form, scope: 'chosen', insights: ['in1'], personas: ['pe1'] });
    expect(chosen.scope).toMatchObject({ published_only: true, insight_ids: ['in1'], persona_ids: ['pe1'] });
    // Unticked again: everything, as before.
    expect(buildRequest({ ...form, publishedOnly: false }).scope.published_only).toBe(false);
  });

  it('hints at publishing only when the pack takes only what is published and nothing is', () => {
    const on = { publishedOnly: true };
    expect(publishedHint(on, 0)).toBe('Nothing is published yet: mark insights or personas as published on their pages.');
    expect(publishedHint(on, 3)).toBeNull();
    // Not known yet (the lists are loading or failed): no hint rather than a wrong one.
    expect(publishedHint(on, null)).toBeNull();
    expect(publishedHint({ publishedOnly: false }, 0)).toBeNull();
  });

  it('redacts what is ticked, and the word list one entry a line', () => {
    const form = blankForm();
    form.redact.names = true;
    form.redact.urls = true;
    form.words = 'Ledgerly\n\n  Project Falcon  \r\n# client names\nledgerly\nACME';
    expect(buildRequest(form).redact).toEqual({
      names: true,
      emails: false,
      phones: false,
      urls: true,
      words: ['Ledgerly', 'Project Falcon', 'ACME'],
    });
  });

  it('skips blank lines, comments and repeats in the word list', () => {
    expect(wordList('')).toEqual([]);
    expect(wordList('\n  \n#x\n')).toEqual([]);
    expect(wordList('a\nA\nb')).toEqual(['a', 'b']);
  });

  it('says what is wrong with the dates, and what to do', () => {
    const chosen = { scope: 'chosen' as const, from: '', to: '' };
    expect(dateProblem(chosen)).toBeNull();
    expect(dateProblem({ ...chosen, from: '2026-03-01', to: '2026-03-01' })).toBeNull();
    expect(dateProblem({ ...chosen, from: '2026-04-01', to: '2026-03-01' })).toMatchObject({ field: 'to' });
    expect(dateProblem({ ...chosen, from: '1/2/2026' })?.message).toContain('YYYY-MM-DD');
    // Dates are not sent for the whole workspace, so they cannot be wrong then.
    expect(dateProblem({ scope: 'all', from: '2026-04-01', to: '2026-03-01' })).toBeNull();
  });

  it('offers every format once, the first being the default', () => {
    expect(FORMATS.map((f) => f.value)).toEqual(['html', 'html_file', 'md', 'csv', 'qdpx', 'qdc', 'gwpack']);
    expect(FORMATS.find((f) => f.value === 'qdpx')?.label).toBe('REFI-QDA project');
    expect(FORMATS.find((f) => f.value === 'qdc')?.label).toBe('REFI-QDA codebook');
    for (const f of FORMATS) expect(f.help).toMatch(/\S/);
    expect(blankForm().format).toBe(FORMATS[0].value);
  });
});

describe('the preview in words', () => {
  it('counts what the pack holds, in reading order, leaving out what it has none of', () => {
    expect(
      countsSummary({ highlight: 56, interview: 7, segment: 412, tag: 30, note: 0, tree: 1, tree_node: 9, feedback: 3, participant: 1 }),
    ).toBe('7 interviews, 412 transcript passages, 56 highlights, 1 opportunity tree, 9 tree nodes, 3 feedback items, 1 participant, 30 tags');
    expect(countsSummary({ interview: 1 })).toBe('1 interview');
    expect(countsSummary({})).toBe('nothing');
    // A kind this UI does not know yet still shows.
    expect(countsSummary({ interview: 1, widget_thing: 2 })).toBe('1 interview, 2 widget things');
  });

  it('calls a pack with nothing but a codebook empty', () => {
    expect(isEmptyPack({ counts: {} })).toBe(true);
    expect(isEmptyPack({ counts: { tag: 12, interview: 0 } })).toBe(true);
    expect(isEmptyPack({ counts: { tag: 12, feedback: 1 } })).toBe(false);
    expect(isEmptyPack({ counts: { interview: 1 } })).toBe(false);
    // A REFI-QDA project counts the same kinds as the others.
    expect(isEmptyPack({ counts: { tag: 3 } }, 'qdpx')).toBe(true);
    expect(isEmptyPack({ counts: { tag: 3, interview: 1, segment: 9 } }, 'qdpx')).toBe(false);
  });

  it('calls a codebook empty only when it has no tag (the engine refuses to write one)', () => {
    expect(isEmptyPack({ counts: { tag: 12 } }, 'qdc')).toBe(false);
    expect(isEmptyPack({ counts: {} }, 'qdc')).toBe(true);
    expect(isEmptyPack({ counts: { tag: 0 } }, 'qdc')).toBe(true);
  });

  it('gives the size people read', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(1023)).toBe('1,023 bytes');
    expect(formatBytes(1024)).toBe('1 KB');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(84_000)).toBe('82 KB');
    expect(formatBytes(2_500_000)).toBe('2.4 MB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5 GB');
    expect(sizeSummary({ files: 1, bytes: 2048 })).toBe('1 file, 2 KB');
    expect(sizeSummary({ files: 24, bytes: 300 })).toBe('24 files, 300 bytes');
  });

  it('says what consent left out and why', () => {
    expect(leftOutText({ reason: 'consent_withdrawn', participants: 1, passages: 40, highlights: 5 })).toBe(
      'What 1 participant who withdrew consent said is left out: 40 passages, 5 highlights',
    );
    expect(leftOutText({ reason: 'consent_unknown', participants: 8, passages: 1, highlights: 0 })).toBe(
      'What 8 participants whose consent is not recorded as given said is left out: 1 passage',
    );
    expect(leftOutText({ reason: 'consent_withdrawn', participants: 2, passages: 0, highlights: 0 })).toBe(
      'What 2 participants who withdrew consent said is left out (none of it was in this scope)',
    );
  });

  it('lists replacements most frequent first, and sums them up', () => {
    const list = [
      { kind: 'email', from: 'a@x.io', to: '[email]', count: 2 },
      { kind: 'name', from: 'Aisha Rahman', to: 'P03', count: 14 },
      { kind: 'name', from: 'Aisha', to: 'P03', count: 2 },
    ];
    expect(sortReplacements(list).map((r) => r.from)).toEqual(['Aisha Rahman', 'a@x.io', 'Aisha']);
    expect(list[0].from).toBe('a@x.io');
    expect(replacementsSummary(list)).toBe('18 replacements of 3 different texts');
    expect(replacementsSummary([list[1]])).toBe('14 replacements of 1 different text');
    expect(replacementsSummary([])).toBe('Nothing to replace');
    expect(replacementKind('url')).toBe('Link');
    expect(replacementKind('face')).toBe('Face');
  });
});

describe('names', () => {
  it('names the pack by the local date', () => {
    expect(defaultPackName('html', new Date(2026, 11, 3, 23, 59))).toBe('research-pack-2026-12-03');
    expect(defaultPackName('csv', new Date(2027, 0, 9))).toBe('research-pack-2027-01-09');
    expect(defaultPackName('md', new Date(2027, 0, 9))).toBe('research-pack-2027-01-09');
  });

  it('names a single-file pack with its extension, a folder pack without', () => {
    expect(defaultPackName('qdpx', new Date(2026, 11, 3))).toBe('research-pack-2026-12-03.qdpx');
    expect(defaultPackName('qdc', new Date(2026, 11, 3))).toBe('research-pack-2026-12-03.qdc');
    expect(defaultPackName('html_file', new Date(2026, 11, 3))).toBe('research-pack-2026-12-03.html');
    expect(defaultPackName('gwpack', new Date(2026, 11, 3))).toBe('research-pack-2026-12-03.gwpack');
    expect(FORMATS.filter((f) => isSingleFile(f.value)).map((f) => f.value)).toEqual(['html_file', 'qdpx', 'qdc', 'gwpack']);
    expect(downloadExtension('html')).toBe('zip');
    expect(downloadExtension('qdpx')).toBe('qdpx');
    expect(downloadExtension('gwpack')).toBe('gwpack');
  });

  it('saves a folder download as a .zip, under the server’s name when it gave one', () => {
    expect(downloadName('research-pack-2026-12-03.zip', 'x')).toBe('research-pack-2026-12-03.zip');
    expect(downloadName('pack', 'x')).toBe('pack.zip');
    expect(downloadName(null, 'research-pack-2026-12-03')).toBe('research-pack-2026-12-03.zip');
    expect(downloadName('.hidden', 'fallback')).toBe('fallback.zip');
    expect(downloadName('a/b/c.ZIP', 'x')).toBe('c.ZIP');
    expect(downloadName('research-pack-md.zip', 'x', 'md')).toBe('research-pack-md.zip');
  });

  it('saves a REFI-QDA download as the file itself, with its own extension', () => {
    expect(downloadName('research-pack.qdpx', 'x.qdpx', 'qdpx')).toBe('research-pack.qdpx');
    expect(downloadName('research-pack.qdc', 'x.qdc', 'qdc')).toBe('research-pack.qdc');
    expect(downloadName(null, defaultPackName('qdpx', new Date(2026, 11, 3)), 'qdpx')).toBe('research-pack-2026-12-03.qdpx');
    expect(downloadName('study', 'x', 'qdc')).toBe('study.qdc');
    expect(downloadName('a\\b\\study.QDPX', 'x', 'qdpx')).toBe('study.QDPX');
    expect(downloadName('dir/../.qdc', 'fallback.qdc', 'qdc')).toBe('fallback.qdc');
  });

  it('saves a Groundwork pack download as the .gwpack file itself', () => {
    expect(downloadName('research-pack.gwpack', 'x.gwpack', 'gwpack')).toBe('research-pack.gwpack');
    expect(downloadName(null, defaultPackName('gwpack', new Date(2026, 11, 3)), 'gwpack')).toBe('research-pack-2026-12-03.gwpack');
    // The server sends it as application/zip, but it is not a folder's zip: no .zip added.
    expect(downloadName('study', 'x', 'gwpack')).toBe('study.gwpack');
  });
});

describe('a Groundwork pack', () => {
  it('is offered as one .gwpack file that merges by identity', () => {
    const f = FORMATS.find((x) => x.value === 'gwpack');
    expect(f?.label).toBe('Groundwork pack');
    expect(f?.help).toBe(
      'One .gwpack file a colleague imports into their Groundwork: everything keeps its identity, so later packs merge instead of duplicating.',
    );
    expect(isSingleFile('gwpack')).toBe(true);
  });

  it('is redacted like every format', () => {
    const form = blankForm();
    form.redact = { names: true, emails: true, phones: true, urls: true };
    form.words = 'Ledgerly\nProject Falcon';
    form.format = 'gwpack';
    expect(buildRequest(form).redact).toEqual({ names: true, emails: true, phones: true, urls: true, words: ['Ledgerly', 'Project Falcon'] });
  });

  it('counts persona statements by their name', () => {
    expect(countsSummary({ persona: 2, persona_statement: 9, tag: 1 })).toBe('2 personas, 9 persona statements, 1 tag');
  });
});
