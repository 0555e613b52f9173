// Issue 4's journey in one go, as a PM does it after a customer call: import the call's
// WebVTT through the import dialog, say who is who (the customer becomes a participant, the
// PM the interviewer), highlight a sentence with a tag made on the spot, then find that
// highlight by search and by the tag filter, and open it at its moment in the transcript.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { api, goto, selectInTranscript, tempDir, useApp, writeFile } from './helpers.mjs';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
const SENTENCE = 'I copy every invoice into the spreadsheet by hand.';
const VTT = `WEBVTT

00:00:01.000 --> 00:00:04.000
<v Priya Shah>Thanks for making time. How do you close the month today?

00:00:04.500 --> 00:00:11.000
<v Dana Ruiz>Honestly? ${SENTENCE} It takes most of a Friday.

00:00:11.500 --> 00:00:14.000
<v Priya Shah>What happens when a number does not match?

00:12:30.000 --> 00:12:36.000
<v Dana Ruiz>Then I ring the client and we both stare at PDFs.
`;

describe('import a call, code it, find it again', () => {
  const app = useApp();
  let file;

  before(async () => {
    file = writeFile(tempDir('gw-journey-'), 'acme-month-end.vtt', VTT);
  });

  it('imports the VTT with its speakers mapped', async () => {
    const { page } = app;
    await page.keyboard.press(`${mod}+i`);
    const dialog = page.getByRole('dialog', { name: 'Import files' });
    await dialog.getByRole('button', { name: 'Choose files…' }).waitFor();
    await page.setInputFiles('[data-testid=import-input]', [file]);
    const preview = dialog.getByTestId('speaker-preview');
    await preview.waitFor();
    await preview.getByLabel('What Dana Ruiz becomes').selectOption('new');
    await preview.getByLabel('What Priya Shah becomes').selectOption('interviewer');
    await dialog.getByRole('button', { name: 'Import 1 file' }).click();
    await dialog.getByText(/Finished: 1 imported/).waitFor();
    await dialog.locator('[data-testid=import-row][data-state=done]').getByRole('button').click();
    await page.getByTestId('segment').first().waitFor();
    if (await dialog.isVisible()) {
      await dialog.getByRole('button', { name: 'Close' }).last().click();
      await dialog.waitFor({ state: 'hidden' });
    }
    assert.equal(await page.getByTestId('segment').count(), 4);
    assert.equal(await page.getByTestId('segment-participant').count(), 2, "Dana's passages link to her");
    const [iv] = await api(page, 'list_interviews');
    assert.equal(iv.interviewer, 'Priya Shah');
  });

  it('highlights a sentence with a new tag from the popover', async () => {
    const { page } = app;
    await selectInTranscript(page, SENTENCE);
    const input = page.getByTestId('tag-input');
    await input.waitFor();
    await input.pressSequentially('Manual month-end', { delay: 15 });
    await page.getByRole('option', { name: 'Create tag “Manual month-end”' }).waitFor();
    await page.keyboard.press('Enter'); // creates the tag and adds it
    await page.getByTestId('tag-popover').locator('.chip', { hasText: 'Manual month-end' }).waitFor();
    await page.keyboard.press('Enter'); // empty field: save
    await page.getByTestId('toast').filter({ hasText: 'Highlight saved with 1 tag' }).waitFor();
    const [h] = await api(page, 'list_highlights');
    const [dana] = await api(page, 'list_participants');
    assert.equal(h.quote, SENTENCE);
    assert.equal(h.participant_id, dana.id);
    assert.equal(h.start_ms, 4500);
  });

  it('finds it by search and opens it at its timestamp', async () => {
    const { page } = app;
    await goto(page, '#/notes');
    await page.keyboard.press(`${mod}+k`);
    await page.getByRole('combobox', { name: 'Search everything' }).pressSequentially('spreadsheet by hand', { delay: 20 });
    await page.getByRole('group', { name: 'Only show' }).getByRole('button', { name: /^\d+ highlights?$/ }).click();
    await page.getByTestId('search-hit').filter({ hasText: 'spreadsheet' }).first().click();
    const marked = page.getByTestId('target-highlight');
    await marked.waitFor();
    assert.equal(await marked.innerText(), SENTENCE);
    const passage = page.locator('[data-testid=segment]').filter({ has: marked });
    assert.match(await passage.innerText(), /0:04/);
  });

  it('finds it by the tag filter and opens it at its timestamp', async () => {
    const { page } = app;
    await goto(page, '#/highlights');
    await page.getByRole('heading', { name: 'Highlights view' }).waitFor();
    const [tag] = await api(page, 'list_tags');
    await page.getByTestId('filter-tag').selectOption(tag.id);
    const result = page.getByTestId('highlight-result').filter({ hasText: 'spreadsheet by hand' });
    await result.waitFor();
    assert.equal(await page.getByTestId('highlight-result').count(), 1);
    await result.click();
    const marked = page.getByTestId('target-highlight');
    await marked.waitFor();
    const passage = page.locator('[data-testid=segment]').filter({ has: marked });
    assert.match(await passage.innerText(), /Dana Ruiz[\s\S]*0:04/);
  });
});
