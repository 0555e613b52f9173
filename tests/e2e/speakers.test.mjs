// Speakers become people (issue 12): the import dialog proposes one mapping for the whole
// import (whoever speaks in most files is the interviewer, everyone else a participant named
// without the label's decorations), asks before importing a file imported before, and the
// interview's Speakers panel remaps a speaker afterwards, passages following.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { api, goto, tempDir, useApp, writeFile } from './helpers.mjs';

const vtt = (lines) => `WEBVTT\n\n${lines.map(([who, words], i) => `00:00:${String(i * 5 + 1).padStart(2, '0')}.000 --> 00:00:${String(i * 5 + 4).padStart(2, '0')}.000\n<v ${who}>${words}\n`).join('\n')}`;

describe('speakers become people', () => {
  const app = useApp();
  let files;

  before(() => {
    const dir = tempDir('gw-speakers-');
    files = {
      acme: writeFile(dir, 'acme-call.vtt', vtt([['Mel', 'How do you close the month?'], ['Dana Reyes | Acme', 'By hand, in spreadsheets.'], ['Mel', 'How long?']])),
      globex: writeFile(dir, 'globex-call.vtt', vtt([['Mel', 'Who approves spend?'], ['Sam Ito', 'Forty people, sadly.']])),
    };
  });

  const open = async (page) => {
    await page.keyboard.press(process.platform === 'darwin' ? 'Meta+i' : 'Control+i');
    const dialog = page.getByRole('dialog', { name: 'Import files' });
    await dialog.getByRole('button', { name: 'Choose files…' }).waitFor();
    return dialog;
  };
  const choice = (dialog, speaker) => dialog.locator(`[data-testid=speaker-row][data-speaker="${speaker}"] select`);
  const chosenText = (select) => select.evaluate((s) => s.selectedOptions[0]?.textContent ?? '');

  it('proposes the interviewer and new participants, then imports them as people', async () => {
    const { page } = app;
    const dialog = await open(page);
    await page.setInputFiles('[data-testid=import-input]', [files.acme, files.globex]);
    await dialog.getByTestId('speaker-preview').waitFor();
    // Mel speaks in both files: the interviewer. Nobody is left as written.
    assert.equal(await choice(dialog, 'Mel').inputValue(), 'interviewer');
    assert.match(await dialog.locator('[data-speaker="Mel"]').innerText(), /speaks in 2 of 2 files/);
    assert.equal(await choice(dialog, 'Dana Reyes | Acme').inputValue(), 'new');
    assert.equal(await chosenText(choice(dialog, 'Dana Reyes | Acme')), 'New participant “Dana Reyes”');
    assert.equal(await choice(dialog, 'Sam Ito').inputValue(), 'new');
    await dialog.getByRole('button', { name: 'Import 2 files' }).click();
    await dialog.getByText(/Finished: 2 imported/).waitFor();

    const people = await api(page, 'list_participants');
    assert.deepEqual(people.map((p) => p.name).sort(), ['Dana Reyes', 'Sam Ito']);
    assert.equal(people.find((p) => p.name === 'Dana Reyes').company, 'Acme');
    const interviews = await api(page, 'list_interviews');
    assert.ok(interviews.every((i) => i.interviewer === 'Mel'), JSON.stringify(interviews.map((i) => i.interviewer)));
    await dialog.getByRole('button', { name: 'Close' }).last().click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('asks before importing a file imported before and skips it unless told', async () => {
    const { page } = app;
    const dialog = await open(page);
    await page.setInputFiles('[data-testid=import-input]', [files.acme]);
    const before = dialog.getByTestId('imported-before');
    await before.waitFor();
    assert.match(await before.innerText(), /acme-call\.vtt/);
    await dialog.getByRole('button', { name: 'Import 0 files' }).click();
    await dialog.getByText(/Finished: 0 imported.*1 skipped/).waitFor();
    assert.match(await dialog.locator('[data-testid=import-row][data-state=skipped]').innerText(), /already imported/);
    assert.equal((await api(page, 'list_interviews')).length, 2, 'no second copy');
    await dialog.getByRole('button', { name: 'Close' }).last().click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('remaps a speaker in the Speakers panel and the passages follow', async () => {
    const { page } = app;
    const acme = (await api(page, 'list_interviews')).find((i) => i.title.includes('acme'));
    const sam = (await api(page, 'list_participants')).find((p) => p.name === 'Sam Ito');
    await goto(page, `#/interviews/${acme.id}`);
    const panel = page.getByTestId('speakers-panel');
    await panel.waitFor();
    if (!(await panel.evaluate((d) => d.open))) await panel.locator('summary').click();
    const dana = panel.locator('[data-testid=speaker][data-speaker="Dana Reyes | Acme"]');
    assert.match(await dana.innerText(), /Dana Reyes/);
    // Only here: this label is Sam, not Dana (a wrong match to fix).
    await panel.getByLabel('Apply to the same person’s label in every interview').uncheck();
    await dana.locator('select').selectOption(`p:${sam.id}`);
    await page.getByTestId('toast').filter({ hasText: 'Dana Reyes | Acme is now Sam Ito' }).waitFor();
    const segments = await api(page, 'list_segments', { interview_id: acme.id });
    const hers = segments.filter((s) => s.speaker === 'Dana Reyes | Acme');
    assert.ok(hers.length > 0 && hers.every((s) => s.participant_id === sam.id));
    await page.getByTestId('segment').filter({ hasText: 'By hand, in spreadsheets.' }).getByTestId('segment-participant').filter({ hasText: 'Sam Ito' }).waitFor();
    const iv = await api(page, 'get_interview', { id: acme.id });
    assert.ok(iv.participant_ids.includes(sam.id));

    // Mark the interviewer as a person instead: a new participant "Mel".
    const mel = panel.locator('[data-testid=speaker][data-speaker="Mel"]');
    await mel.locator('select').selectOption('new');
    await page.getByTestId('toast').filter({ hasText: 'Mel is now Mel' }).waitFor();
    assert.ok((await api(page, 'list_participants')).some((p) => p.name === 'Mel'));
  });

  it('ran no injected script and broke no policy on the way', () => {
    assert.deepEqual(app.problems.dialogs, []);
    assert.deepEqual(app.problems.pageErrors, []);
    assert.deepEqual(app.problems.csp, []);
  });
});
