// Search finds what users type (issue 12): a misspelt word is corrected and the palette says
// so; a tag and a person are found by name and open where they live; an opened hit marks the
// searched words in its passage (transcript, note, feedback); counters agree with their nouns.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { api, goto, useApp } from './helpers.mjs';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

/** Open the palette and type `text`; resolves when the shown results answer it. */
async function search(page, text) {
  if (!(await page.getByRole('combobox', { name: 'Search everything' }).count())) await page.keyboard.press(`${mod}+k`);
  const input = page.getByRole('combobox', { name: 'Search everything' });
  await input.fill('');
  await input.pressSequentially(text, { delay: 15 });
  await page.waitForFunction((t) => document.querySelector('[data-answered]')?.getAttribute('data-answered') === t, text);
  return input;
}

/** The words marked with the search's CSS highlight (transcripts and notes). */
function marked(page) {
  return page.evaluate(() => [...(CSS.highlights.get('gw-search') ?? [])].map((r) => r.toString()));
}

describe('search finds what users type', () => {
  const app = useApp();
  let burnout, jackie, interview, note, feedback;

  before(async () => {
    const { page } = app;
    const pains = await api(page, 'create_tag', { input: { name: 'Pains', parent_id: null, color: '', description: '' } });
    burnout = await api(page, 'create_tag', {
      input: { name: 'Burnout', parent_id: pains.id, color: '', description: 'Worn out by the work.' },
    });
    jackie = await api(page, 'create_participant', { input: { name: 'Jackie Kazil', role: 'Maintainer' } });
    interview = await api(page, 'create_interview', { input: { title: 'Volunteer call', participant_ids: [jackie.id] } });
    const segments = Array.from({ length: 80 }, (_, i) => ({
      speaker: i % 2 ? 'Jackie' : 'Mel',
      start_ms: i * 4000,
      text:
        i === 61
          ? 'Volunteers suffer a lot of burnout, and the trainings do not help.'
          : i % 10 === 3
            ? `Jackie, we train people every week (${i}).`
            : `Passage ${i} about the release calendar.`,
    }));
    await api(page, 'add_segments', { interview_id: interview.id, segments });
    note = await api(page, 'create_note', {
      input: { title: 'Fall synthesis', body: '# Findings\n\nStates asked for more **trainings** on the new format.\n\nNothing else.' },
    });
    feedback = await api(page, 'create_feedback', {
      input: { source: 'survey', customer: '', text: 'Onboarding was slow.\n\nThe trainings were the best part of the week.', score: null, received_at: null },
    });
  });

  it('corrects a misspelt word and says what it shows', async () => {
    const { page } = app;
    await goto(page, '#/interviews');
    await search(page, 'burnuot');
    const notice = page.getByTestId('corrected-query');
    await notice.waitFor();
    assert.match(await notice.innerText(), /Showing results for burnout/);
    assert.match(await notice.innerText(), /nothing matched “burnuot”/);
    const hit = page.getByTestId('search-hit').filter({ hasText: 'Volunteers suffer' });
    await hit.waitFor();
    assert.equal(await hit.locator('.snippet mark').innerText(), 'burnout');
    assert.match(await page.locator('#palette-status').innerText(), /^\d+ results?, showing results for “burnout”$/);

    // Typed right, there is nothing to correct.
    await search(page, 'burnout');
    assert.equal(await notice.count(), 0);
    await page.keyboard.press('Escape');
  });

  it('finds a tag by its name and opens its place in the codebook', async () => {
    const { page } = app;
    await search(page, 'Burnout');
    // The tag leads, named by its path; its counter agrees with its noun.
    const first = page.getByTestId('search-hit').first();
    assert.match(await first.innerText(), /^Tag\s+Pains \/ Burnout/);
    await page.getByRole('group', { name: 'Only show' }).getByRole('button', { name: '1 tag', exact: true }).waitFor();
    await page.locator('.group-head').filter({ hasText: /^1 tag$/i }).waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`#/tags/${burnout.id}`));
    assert.equal(await page.getByRole('tab', { name: 'Codebook' }).getAttribute('aria-selected'), 'true');
    await page.getByRole('link', { name: 'Show them in the highlights view' }).click();
    await page.waitForURL(new RegExp(`#/highlights\\?tag=${burnout.id}`));
  });

  it('finds a person by name above the passages that mention them, and opens their page', async () => {
    const { page } = app;
    await search(page, 'jackie');
    const first = page.getByTestId('search-hit').first();
    assert.match(await first.innerText(), /^Participant\s+Jackie Kazil/);
    assert.equal(await first.getAttribute('aria-selected'), 'true');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`#/participants/${jackie.id}`));
    await page.getByTestId('editor-title').filter({ hasText: 'Jackie Kazil' }).waitFor();
    assert.equal(await page.getByRole('tab', { name: 'Profile' }).getAttribute('aria-selected'), 'true');
  });

  it('marks the searched words in the transcript passage it opens', async () => {
    const { page } = app;
    await search(page, 'volunteers trainings');
    const hit = page.getByTestId('search-hit').filter({ hasText: 'Transcript passage' }).first();
    await hit.click();
    const target = page.locator('[data-testid=segment].target');
    await target.waitFor();
    assert.match(await target.innerText(), /Volunteers suffer a lot of burnout/);
    await page.waitForFunction(() => (CSS.highlights.get('gw-search')?.size ?? 0) > 0);
    assert.deepEqual(await marked(page), ['Volunteers', 'trainings']);
    // Only in that passage: the others saying "train" are not marked.
    const inTarget = await page.evaluate(() =>
      [...CSS.highlights.get('gw-search')].every((r) => r.startContainer.parentElement.closest('[data-testid=segment]')?.classList.contains('target')),
    );
    assert.ok(inTarget);
  });

  it('marks them in a note and in a feedback item it opens', async () => {
    const { page } = app;
    await search(page, 'trainings');
    await page.getByTestId('search-hit').filter({ hasText: 'Fall synthesis' }).click();
    await page.waitForURL(new RegExp(`#/notes/${note.id}\\?mark=`));
    await page.waitForFunction(() => (CSS.highlights.get('gw-search')?.size ?? 0) > 0);
    assert.deepEqual(await marked(page), ['trainings']);

    await search(page, 'trainings');
    await page.getByTestId('search-hit').filter({ hasText: 'best part of the week' }).click();
    await page.waitForURL(new RegExp(`#/feedback/${feedback.id}\\?mark=`));
    const passage = page.getByTestId('search-passage');
    await passage.waitFor();
    assert.match(await passage.innerText(), /Found in this feedback item/);
    assert.deepEqual(await passage.locator('mark').allInnerTexts(), ['trainings']);
    // Opened from the list instead, the form shows no passage.
    await goto(page, `#/feedback/${feedback.id}`);
    await page.waitForURL((u) => !u.hash.includes('mark='));
    await page.getByTestId('editor-title').waitFor();
    assert.equal(await passage.count(), 0);
    assert.deepEqual(await marked(page), []);
  });

  it('says "1 result" for one', async () => {
    const { page } = app;
    await search(page, 'calendar 42');
    assert.equal(await page.locator('#palette-status').innerText(), '1 result');
    await page.getByRole('group', { name: 'Only show' }).getByRole('button', { name: '1 transcript passage', exact: true }).waitFor();
    assert.match(await page.locator('.foot').innerText(), /^1 match in /);
    await page.keyboard.press('Escape');
  });
});
