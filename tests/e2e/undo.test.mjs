// Undo and redo of any change through the engine's change log: a highlight, a tag merge, a
// move to the trash and an import job each go back with one Ctrl+Z, newest first, and
// Ctrl+Shift+Z brings one back; an undo whose change was overwritten since says why and stops;
// an object's page lists its history.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { api, goto, selectInTranscript, tempDir, useApp, writeFile } from './helpers.mjs';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
const SENTENCE = 'The bank feed breaks every single month.';
const VTT = `WEBVTT

00:00:01.000 --> 00:00:04.000
<v Alice>We export everything to spreadsheets every Friday.

00:00:04.500 --> 00:00:08.000
<v Bob>Why Friday?
`;

/** Press a key with nothing focused that keeps its own undo (no text field). */
async function pressOutsideFields(page, keys) {
  await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
  await page.keyboard.press(keys);
}

describe('undo and redo of any change', () => {
  const app = useApp();
  let interview, invoices, billing, plan, file;

  before(async () => {
    const { page } = app;
    interview = await api(page, 'create_interview', { input: { title: 'Acme finance call', date: '2026-03-02' } });
    await api(page, 'add_segments', {
      interview_id: interview.id,
      segments: [
        { speaker: 'Dana', participant_id: null, start_ms: 0, end_ms: 4000, text: `Well. ${SENTENCE} Honestly.` },
        { speaker: 'Sam', participant_id: null, start_ms: 4000, end_ms: 8000, text: 'Why is that?' },
      ],
    });
    billing = await api(page, 'create_tag', { input: { name: 'Billing', parent_id: null, color: '#3366ff', description: '' } });
    invoices = await api(page, 'create_tag', { input: { name: 'Invoices', parent_id: null, color: '#3366ff', description: '' } });
    plan = await api(page, 'create_note', { input: { title: 'Plan', body: 'Call Acme back.' } });
    file = writeFile(tempDir('gw-undo-'), 'friday-call.vtt', VTT);
  });

  it('undoes a highlight, a tag merge, a move to the trash and an import with Ctrl+Z, newest first', async () => {
    const { page } = app;
    const toast = (text) => page.getByTestId('toast').filter({ hasText: text });

    // 1. A highlight, saved from the transcript's popover.
    await goto(page, `#/interviews/${interview.id}`);
    await page.locator('[data-testid=segment]').first().waitFor();
    await selectInTranscript(page, SENTENCE);
    await page.getByTestId('tag-input').waitFor();
    await page.keyboard.press('Enter'); // empty field: save
    await toast('Highlight saved').waitFor();
    assert.equal((await api(page, 'list_highlights')).length, 1);

    // 2. Two tags merged.
    await goto(page, `#/tags/${invoices.id}`);
    await page.getByRole('tab', { name: 'Codebook' }).click();
    await page.getByLabel('Merge into').selectOption(billing.id);
    await page.getByRole('button', { name: 'Merge…' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Merge “Invoices” into “Billing”?' });
    await confirm.getByText(/Undo .*takes it all back/).waitFor();
    await confirm.getByRole('button', { name: 'Merge' }).click();
    await page.waitForURL(new RegExp(`#/tags/${billing.id}$`));
    await toast('Merged into “Billing”').waitFor();
    assert.deepEqual((await api(page, 'list_tags')).map((t) => t.name), ['Billing']);

    // 3. A note moved to the trash.
    await goto(page, `#/notes/${plan.id}`);
    await page.getByTestId('editor-title').filter({ hasText: 'Plan' }).waitFor();
    await page.getByRole('button', { name: 'Move to trash' }).click();
    await toast('Note “Plan” moved to the trash').waitFor();
    assert.equal((await api(page, 'list_notes')).length, 0);

    // 4. A file imported.
    await page.getByRole('button', { name: /Import/ }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Import files' });
    await dialog.waitFor();
    await page.setInputFiles('[data-testid=import-input]', [file]);
    await dialog.getByTestId('speaker-preview').waitFor();
    await dialog.getByRole('button', { name: 'Import 1 file' }).click();
    await dialog.getByText(/Finished: 1 imported/).waitFor();
    await dialog.getByText('Close', { exact: true }).click(); // the footer's button (the ✕ is labelled Close too)
    await dialog.waitFor({ state: 'hidden' });
    assert.equal((await api(page, 'list_interviews')).length, 2);

    // Ctrl+Z four times: each change goes back, newest first, and each undo says what it undid.
    await pressOutsideFields(page, `${mod}+z`);
    await toast(/Undid: Imported/).waitFor();
    assert.deepEqual((await api(page, 'list_interviews')).map((i) => i.id), [interview.id]);

    await pressOutsideFields(page, `${mod}+z`);
    await toast(/Undid: Moved to the trash note “Plan”/).waitFor();
    assert.deepEqual((await api(page, 'list_notes')).map((n) => n.title), ['Plan']);

    await pressOutsideFields(page, `${mod}+z`);
    await toast(/Undid: Merged/).waitFor();
    assert.deepEqual((await api(page, 'list_tags')).map((t) => t.name).sort(), ['Billing', 'Invoices']);

    await pressOutsideFields(page, `${mod}+z`);
    await toast(/Undid: Added highlight/).waitFor();
    assert.equal((await api(page, 'list_highlights')).length, 0);

    // The views follow: the sidebar counts the note again.
    await page.waitForFunction(() => document.querySelector('[data-testid=nav-notes] .count')?.textContent?.trim() === '1');

    // Ctrl+Shift+Z brings the last one undone back: the highlight.
    await pressOutsideFields(page, `${mod}+Shift+z`);
    await toast(/Redid: Added highlight/).waitFor();
    const [h] = await api(page, 'list_highlights');
    assert.equal(h.quote, SENTENCE);
    // Only that one: the merge stays undone.
    assert.equal((await api(page, 'list_tags')).length, 2);
  });

  it('keeps a text field’s own undo: Ctrl+Z there takes back typing, not a change', async () => {
    const { page } = app;
    await goto(page, `#/notes/${plan.id}`);
    await page.getByTestId('editor-title').filter({ hasText: 'Plan' }).waitFor();
    await page.getByRole('tab', { name: 'Details' }).click();
    const title = page.getByRole('textbox', { name: 'Title', exact: true });
    const before = (await api(page, 'history', { scope: { scope: 'mine' }, limit: 1 }))[0];
    await title.click();
    await title.press('End');
    await title.pressSequentially(' B', { delay: 20 });
    await title.press(`${mod}+z`);
    // The log did not move: nothing was undone through the engine.
    const after = (await api(page, 'history', { scope: { scope: 'mine' }, limit: 1 }))[0];
    assert.deepEqual(after, before);
    // Leave the form as it was saved (no unsaved-changes question on the next page).
    await title.fill('Plan');
  });

  it('says why an undo stops when the change was overwritten since, and changes nothing', async () => {
    const { page } = app;
    const draft = await api(page, 'create_note', { input: { title: 'Draft', body: 'v1' } });
    await goto(page, `#/notes/${draft.id}`);
    await page.getByTestId('editor-title').filter({ hasText: 'Draft' }).waitFor();
    await page.getByRole('tab', { name: 'Details' }).click();
    const title = page.getByRole('textbox', { name: 'Title', exact: true });
    await title.fill('Draft two');
    await title.press(`${mod}+s`);
    const saved = page.getByTestId('toast').filter({ hasText: 'Saved' });
    await saved.getByRole('button', { name: 'Undo' }).waitFor();

    // The same note is edited elsewhere (another window, the CLI) before Undo is clicked.
    await api(page, 'update_note', { id: draft.id, input: { title: 'Draft three', body: 'v1' } });
    await saved.getByRole('button', { name: 'Undo' }).click();
    const why = page.getByTestId('toast').filter({ hasText: 'cannot be undone: note “Draft three” was changed since' });
    await why.waitFor();
    assert.match(await why.innerText(), /“Edited note “Draft two”” cannot be undone/);
    assert.equal((await api(page, 'get_note', { id: draft.id })).title, 'Draft three');
  });

  it('lists an object’s history on its page, in people’s words', async () => {
    const { page } = app;
    const imported = (await api(page, 'list_interviews')).find((i) => i.id !== interview.id);
    assert.equal(imported, undefined, 'the import stays undone');
    const note = await api(page, 'create_note', { input: { title: 'Ideas', body: 'one' } });
    await api(page, 'update_note', { id: note.id, input: { title: 'Ideas', body: 'two' } });
    await goto(page, `#/notes/${note.id}`);
    const history = page.getByTestId('object-history');
    await history.getByTestId('history-entry').nth(1).waitFor();
    const lines = await history.getByTestId('history-entry').allInnerTexts();
    assert.match(lines[0], /^Edited note “Ideas”\s+just now$/);
    assert.match(lines[1], /^Added note “Ideas”\s+just now$/);

    // Undone entries say so.
    await pressOutsideFields(page, `${mod}+z`);
    await history.locator('li.undone').filter({ hasText: 'Edited note “Ideas”' }).getByText('Undone').waitFor();

    // A new object has no history yet... but one made elsewhere in the log does; the
    // imported transcript's says where it came from.
    await page.getByRole('button', { name: /Import/ }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Import files' });
    await page.setInputFiles('[data-testid=import-input]', [file]);
    await dialog.getByTestId('speaker-preview').waitFor();
    await dialog.getByRole('button', { name: 'Import 1 file' }).click();
    await dialog.getByText(/Finished: 1 imported/).waitFor();
    await dialog.locator('[data-testid=import-row][data-state=done]').getByRole('button').click();
    await page.getByTestId('editor-title').waitFor();
    await page.getByTestId('object-history').getByTestId('history-entry').filter({ hasText: /^Imported from friday-call\.vtt/ }).waitFor();
  });
});
