// Coding evidence, keyboard first: select a sentence in a transcript, tag it with a new tag
// from the popover, repeat the last tags with the shortcut, then find the highlight through
// the search palette and through the tag filter of the highlights view, and open it at its
// place in the transcript (scrolled into view, the quote marked).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { api, audit, goto, selectInTranscript, selectWords, useApp } from './helpers.mjs';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
const SENTENCE = 'Reconciling the quarterly invoices takes me a whole afternoon.';
const SECOND = 'Exporting to the ledger breaks every month.';
const AT = 140; // far enough down that opening it must scroll

async function inView(locator) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
  });
}

describe('coding a transcript', () => {
  const app = useApp();
  let interview, dana;

  before(async () => {
    const { page } = app;
    dana = await api(page, 'create_participant', { input: { name: 'Dana Ruiz', role: 'Finance lead', company: 'Acme' } });
    interview = await api(page, 'create_interview', {
      input: { title: 'Acme finance call', date: '2026-03-02', participant_ids: [dana.id] },
    });
    const segments = Array.from({ length: 200 }, (_, i) => ({
      speaker: i % 2 ? 'Dana' : 'Interviewer',
      participant_id: i % 2 ? dana.id : null,
      start_ms: i * 6000,
      end_ms: i * 6000 + 5000,
      text: i === AT + 1 ? `Well. ${SENTENCE} Honestly.` : i === AT + 3 ? SECOND : `Passage number ${i} about nothing much.`,
    }));
    await api(page, 'add_segments', { interview_id: interview.id, segments });
  });

  it('highlights a selected sentence with a tag created in the popover', async () => {
    const { page } = app;
    await goto(page, `#/interviews/${interview.id}`);
    await page.locator('[data-testid=segment]').first().waitFor();
    await selectInTranscript(page, SENTENCE);

    const input = page.getByTestId('tag-input');
    await input.waitFor();
    assert.ok(await input.evaluate((el) => el === document.activeElement), 'the tag field has focus');
    await input.pressSequentially('Invoicing pain', { delay: 15 });
    await page.getByRole('option', { name: 'Create tag “Invoicing pain”' }).waitFor();
    await audit(page, 'coding popover');
    await page.keyboard.press('Enter'); // creates the tag and adds it
    await page.getByTestId('tag-popover').locator('.chip', { hasText: 'Invoicing pain' }).waitFor();
    await page.keyboard.press('Enter'); // empty field: save
    await page.getByTestId('toast').filter({ hasText: 'Highlight saved with 1 tag' }).waitFor();
    assert.equal(await page.getByTestId('tag-popover').count(), 0);

    const [tag] = await api(page, 'list_tags');
    assert.equal(tag.name, 'Invoicing pain');
    const [h] = await api(page, 'list_highlights');
    assert.equal(h.quote, SENTENCE);
    assert.deepEqual(h.tag_ids, [tag.id]);
    assert.equal(h.speaker, 'Dana');
    assert.equal(h.participant_id, dana.id);
    assert.equal(h.start_ms, (AT + 1) * 6000);
    assert.equal(h.anchor, 'ok');
    assert.equal(h.start, 'Well. '.length);
  });

  it('repeats the last tags on another selection with the shortcut', async () => {
    const { page } = app;
    await selectInTranscript(page, SECOND);
    await page.getByTestId('tag-input').waitFor();
    await page.keyboard.press(`${mod}+Shift+H`);
    await page.getByTestId('toast').filter({ hasText: 'Highlight saved with 1 tag' }).nth(0).waitFor();
    await page.waitForFunction(async () => {
      const res = await fetch('/api', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${localStorage.getItem('groundwork.token')}` }, body: JSON.stringify({ cmd: 'list_highlights' }) });
      return (await res.json()).length === 2;
    });
    const hs = await api(page, 'list_highlights');
    const second = hs.find((x) => x.quote === SECOND);
    const [tag] = await api(page, 'list_tags');
    assert.deepEqual(second.tag_ids, [tag.id]);
  });

  it('says why words of two speakers cannot be one highlight, and the letters typed next run no shortcut', async () => {
    const { page } = app;
    const before = (await api(page, 'list_highlights')).length;
    const url = page.url();
    // From "Honestly." (Dana) into the interviewer's next passage.
    await page.evaluate((at) => {
      const words = (i) => document.querySelector(`[data-index="${i}"] [data-hl-text]`);
      const textWith = (el, s) => {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.textContent.includes(s)) return n;
        throw new Error(`no "${s}"`);
      };
      const from = textWith(words(at + 1), 'Honestly');
      const to = textWith(words(at + 2), 'Passage number');
      const range = document.createRange();
      range.setStart(from, from.textContent.indexOf('Honestly'));
      range.setEnd(to, to.textContent.indexOf('Passage number') + 'Passage number'.length);
      document.getSelection().removeAllRanges();
      document.getSelection().addRange(range);
      words(at + 2).dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    }, AT);
    await page.getByTestId('toast').filter({ hasText: 'The selection runs over the words of Dana and Interviewer' }).waitFor();
    assert.equal(await page.getByTestId('tag-popover').count(), 0);
    // The words stay selected; typing does not make a new interview.
    await page.keyboard.type('n');
    assert.equal(page.url(), url);
    assert.equal((await api(page, 'list_highlights')).length, before);
    await page.evaluate(() => document.getSelection().removeAllRanges());
  });

  it('finds the highlight with the search palette and opens it at its timestamp', async () => {
    const { page } = app;
    await goto(page, '#/notes');
    await page.getByRole('heading', { name: 'No notes yet' }).waitFor();
    await page.keyboard.press(`${mod}+k`);
    await page.getByRole('combobox', { name: 'Search everything' }).pressSequentially('quarterly invoices', { delay: 20 });
    await page.getByRole('group', { name: 'Only show' }).getByRole('button', { name: /^\d+ highlights?$/ }).click();
    const hit = page.getByTestId('search-hit').filter({ hasText: 'Reconciling the quarterly invoices' }).first();
    await hit.waitFor();
    await hit.click();

    await page.waitForURL(new RegExp(`#/interviews/${interview.id}\\?.*hl=`));
    const marked = page.getByTestId('target-highlight');
    await marked.waitFor();
    assert.equal(await marked.innerText(), SENTENCE);
    const segment = page.locator('[data-testid=segment]').filter({ has: marked });
    assert.match(await segment.innerText(), /14:06/); // passage 141 × 6 s
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid=target-highlight]');
      const r = el?.getBoundingClientRect();
      return r && r.top >= 0 && r.bottom <= window.innerHeight;
    });
    assert.ok(await inView(marked), 'the quote is scrolled into view');
  });

  it('finds it by the tag filter in the highlights view, with the matrix and chart', async () => {
    const { page } = app;
    // Another tag on nothing yet, so the filter has something to leave out.
    const other = await api(page, 'create_tag', { input: { name: 'Delight', parent_id: null, color: '', description: '' } });
    const [iv2] = [await api(page, 'create_interview', { input: { title: 'Happy call', notes: 'I love the dashboards.' } })];
    await api(page, 'create_highlight', {
      input: { interview_id: iv2.id, note_id: null, segment_id: null, start: 2, end: 21, quote: 'love the dashboards', comment: '', tag_ids: [other.id] },
    });

    await goto(page, '#/highlights');
    await page.getByRole('heading', { name: 'Highlights view' }).waitFor();
    await page.getByTestId('highlight-result').nth(2).waitFor();
    const tags = await api(page, 'list_tags');
    const pain = tags.find((t) => t.name === 'Invoicing pain');
    await page.getByTestId('filter-tag').selectOption(pain.id);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=highlight-result]').length === 2);
    const quotes = await page.getByTestId('highlight-result').allInnerTexts();
    assert.ok(quotes.some((q) => q.includes('Reconciling the quarterly invoices')));
    assert.ok(!quotes.some((q) => q.includes('dashboards')));

    // The matrix: Invoicing pain × Dana Ruiz holds both; its cell filters to them.
    const cell = page.getByTestId('tag-matrix').getByRole('button', { name: '2 highlights tagged Invoicing pain from Dana Ruiz' });
    await cell.click();
    assert.equal(await page.getByTestId('filter-participant').inputValue(), dana.id);
    assert.ok(await page.getByRole('img', { name: 'How many highlights carry each tag' }).isVisible());
    await audit(page, 'highlights view');

    // Opening a result goes to its exact place in the transcript.
    await page.getByTestId('highlight-result').filter({ hasText: 'Reconciling' }).click();
    await page.waitForURL(new RegExp(`#/interviews/${interview.id}\\?`));
    const marked = page.getByTestId('target-highlight');
    await marked.waitFor();
    assert.equal(await marked.innerText(), SENTENCE);
    await page.waitForFunction(() => {
      const r = document.querySelector('[data-testid=target-highlight]')?.getBoundingClientRect();
      return r && r.top >= 0 && r.bottom <= window.innerHeight;
    });
  });

  it('keeps the highlight anchored when its passage is edited', async () => {
    const { page } = app;
    const segs = await api(page, 'list_segments', { interview_id: interview.id });
    const seg = segs[AT + 1];
    await api(page, 'update_segment', { id: seg.id, input: { ...seg, text: `Okay, so. ${SENTENCE}` } });
    const h = (await api(page, 'list_highlights')).find((x) => x.quote === SENTENCE);
    assert.equal(h.anchor, 'moved');
    assert.equal(h.start, 'Okay, so. '.length);
    await api(page, 'update_segment', { id: seg.id, input: { ...seg, text: 'Something else entirely.' } });
    assert.equal((await api(page, 'list_highlights')).find((x) => x.quote === SENTENCE).anchor, 'lost');
  });

  it('merges a tag into another after confirming, highlights following once', async () => {
    const { page } = app;
    const pain = (await api(page, 'list_tags')).find((t) => t.name === 'Invoicing pain');
    const dup = await api(page, 'create_tag', { input: { name: 'Invoices', parent_id: null, color: '#3366ff', description: '' } });
    const second = (await api(page, 'list_highlights')).find((x) => x.quote === SECOND);
    await api(page, 'update_highlight', { id: second.id, input: { ...second, tag_ids: [pain.id, dup.id] } });

    await goto(page, `#/tags/${dup.id}`);
    await page.getByRole('tab', { name: 'Codebook' }).click();
    await page.getByTestId('tag-usage').filter({ hasText: '1 highlight' }).waitFor();
    await audit(page, 'codebook panel');
    await page.getByLabel('Merge into').selectOption(pain.id);
    await page.getByRole('button', { name: 'Merge…' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Merge “Invoices” into “Invoicing pain”?' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Merge' }).click();
    await page.waitForURL(new RegExp(`#/tags/${pain.id}$`));
    assert.deepEqual(
      (await api(page, 'list_tags')).map((t) => t.name).sort(),
      ['Delight', 'Invoicing pain'],
    );
    const after = (await api(page, 'list_highlights')).find((x) => x.quote === SECOND);
    assert.deepEqual(after.tag_ids, [pain.id]);
  });

  it('shows the participant page with personal data marked', async () => {
    const { page } = app;
    await goto(page, `#/participants/${dana.id}`);
    const personal = page.getByTestId('personal-data');
    await personal.waitFor();
    assert.match(await personal.innerText(), /Personal data/);
    await page.getByRole('link', { name: 'Acme finance call' }).waitFor();
    await page.getByRole('link', { name: new RegExp(SECOND.slice(0, 20)) }).waitFor();
    await audit(page, 'participant page');
  });

  it('prints a one-page interview snapshot with a memorable quote', async () => {
    const { page } = app;
    await goto(page, `#/interviews/${interview.id}`);
    await page.getByTestId('open-snapshot').click();
    await page.getByRole('heading', { name: 'Acme finance call' }).waitFor();
    await page.getByTestId('mark-memorable').first().click();
    const quote = page.getByTestId('memorable-quote');
    await quote.waitFor();
    assert.match(await quote.innerText(), /Exporting to the ledger|Reconciling/);
    assert.match(await page.locator('.facts').innerText(), /Dana Ruiz[\s\S]*Finance lead[\s\S]*Acme/);
    await audit(page, 'interview snapshot');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('nav.sidebar').isVisible(), false);
    assert.equal(await page.getByRole('button', { name: 'Print' }).isVisible(), false);
    assert.ok(await quote.isVisible());
    await page.emulateMedia({ media: 'screen' });
  });

  it('highlights words in a Markdown note with an existing tag, and opens it marked', async () => {
    const { page } = app;
    const note = await api(page, 'create_note', {
      input: { title: 'Desk research', body: '# Competitors\n\nLedgerly users **love** the one-click bank sync.' },
    });
    await goto(page, `#/notes/${note.id}`);
    await page.getByRole('tab', { name: 'Read & highlight' }).click();
    const reader = page.getByTestId('notes-reader');
    await reader.waitFor();
    await selectWords(reader, 'the one-click bank sync');
    await page.getByTestId('tag-input').pressSequentially('deli', { delay: 15 });
    await page.getByRole('option', { name: 'Delight' }).waitFor();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.getByTestId('toast').filter({ hasText: 'Highlight saved with 1 tag' }).first().waitFor();
    await page.waitForFunction(async (id) => {
      const res = await fetch('/api', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${localStorage.getItem('groundwork.token')}` }, body: JSON.stringify({ cmd: 'list_highlights' }) });
      return (await res.json()).some((h) => h.note_id === id);
    }, note.id);
    const h = (await api(page, 'list_highlights')).find((x) => x.note_id === note.id);
    assert.equal(h.quote, 'the one-click bank sync');
    // Anchored in the Markdown source, past the heading and the bold markers.
    assert.equal(h.start, '# Competitors\n\nLedgerly users **love** '.length);
    const delight = (await api(page, 'list_tags')).find((t) => t.name === 'Delight');
    assert.deepEqual(h.tag_ids, [delight.id]);

    await goto(page, '#/notes');
    await goto(page, `#/notes/${note.id}?hl=${h.id}`);
    await page.getByTestId('notes-reader').waitFor();
    await page.waitForFunction(() => CSS.highlights.has('gw-target'));
    const marked = await page.evaluate(() => [...CSS.highlights.get('gw-target')][0].toString());
    assert.equal(marked, 'the one-click bank sync');
  });

  it('had nothing go wrong on the way', () => {
    const { problems } = app;
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.dialogs, []);
    assert.deepEqual(problems.csp, []);
  });
});
