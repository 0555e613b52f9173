// Importing through the dialog: several files at once, a progress bar across them, and a
// report per file — what each became (kind, title, passages, speakers) or why it failed.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { api, tempDir, useApp, writeFile } from './helpers.mjs';

const VTT = `WEBVTT

00:00:01.000 --> 00:00:04.000
<v Alice>We export everything to spreadsheets every Friday.

00:00:04.500 --> 00:00:08.000
<v Bob>Why Friday?

00:00:08.500 --> 00:00:12.000
<v Alice>Because the weekly report is due Monday and the dashboard is always wrong.
`;

describe('import dialog', () => {
  const app = useApp();
  let files;

  before(async () => {
    const dir = tempDir('gw-import-');
    files = {
      vtt: writeFile(dir, 'friday-export-call.vtt', VTT),
      bad: writeFile(dir, 'broken.vtt', 'WEBVTT\n\n00:00:xx.000 --> 00:00:04.000\nhello\n'),
      binary: writeFile(dir, 'scan.pdf', '%PDF-1.7\n\u0000\u0001\u0002 binary junk'),
    };
  });

  it('imports files and reports each one', async () => {
    const { page } = app;
    await page.getByRole('button', { name: /Import/ }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Import files' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Choose files…' }).waitFor();
    await page.setInputFiles('[data-testid=import-input]', [files.vtt, files.binary]);

    // Transcripts are read first: who speaks, and how often; left as written here.
    const speakers = dialog.getByTestId('speaker-preview');
    await speakers.waitFor();
    assert.equal(await speakers.getByTestId('speaker-row').count(), 2);
    await dialog.getByRole('button', { name: 'Import 2 files' }).click();
    await dialog.getByText(/Finished: 1 imported, 1 failed/).waitFor();
    const progress = dialog.locator('progress');
    assert.equal(await progress.getAttribute('value'), '2');
    assert.equal(await progress.getAttribute('max'), '2');

    const ok = dialog.locator('[data-testid=import-row][data-state=done]');
    const text = await ok.innerText();
    assert.match(text, /friday-export-call\.vtt/);
    assert.match(text, /Interview/);
    assert.match(text, /3 transcript passages/);
    assert.match(text, /Alice \(2 turns\)/);
    assert.match(text, /Bob \(1 turn\)/);

    const failed = dialog.locator('[data-testid=import-row][data-state=failed]');
    const why = await failed.innerText();
    assert.match(why, /scan\.pdf/);
    assert.ok(why.split('\n').length >= 2, 'the failure says why');

    // The imported interview opens from the report, with its transcript.
    await ok.getByRole('button').click();
    await page.getByTestId('editor-title').waitFor();
    await page.getByTestId('segment').filter({ hasText: 'spreadsheets every Friday' }).waitFor();
    assert.equal(await page.getByTestId('segment').count(), 3);
    assert.match(await page.getByTestId('segment').first().textContent(), /Alice/);
    await page.getByTestId('nav-interviews').filter({ hasText: '1' }).waitFor();
  });

  it('names the file and line when a file cannot be read', async () => {
    const { page } = app;
    await page.keyboard.press(process.platform === 'darwin' ? 'Meta+i' : 'Control+i');
    const dialog = page.getByRole('dialog', { name: 'Import files' });
    await dialog.getByRole('button', { name: 'Choose files…' }).waitFor();
    await page.setInputFiles('[data-testid=import-input]', [files.bad]);
    await dialog.getByText(/Finished: 0 imported, 1 failed/).waitFor();
    const failed = await dialog.locator('[data-testid=import-row][data-state=failed]').innerText();
    assert.match(failed, /broken\.vtt/);
    assert.match(failed, /line \d+/i);
    assert.equal((await api(page, 'list_interviews')).length, 1, 'a failed file imports nothing');
    await dialog.getByRole('button', { name: 'Close' }).last().click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('imports files dropped anywhere on the window', async () => {
    const { page } = app;
    const before = (await api(page, 'list_interviews')).length;
    await page.evaluate((vtt) => {
      const dt = new DataTransfer();
      dt.items.add(new File([vtt], 'dropped-call.vtt', { type: 'text/vtt' }));
      dt.items.add(new File(['# Desk research\n\nCompetitors all ask for the bank first.'], 'desk-research.md', { type: 'text/markdown' }));
      window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, VTT.replace('every Friday', 'every Thursday')); // not the same bytes: that would be asked about
    const dialog = page.getByRole('dialog', { name: 'Import files' });
    await dialog.getByRole('button', { name: 'Import 2 files' }).click();
    await dialog.getByText(/Finished: 2 imported/).waitFor();
    const rows = await dialog.locator('[data-testid=import-row][data-state=done]').allInnerTexts();
    assert.match(rows.join('\n'), /dropped-call\.vtt[\s\S]*Interview/);
    assert.match(rows.join('\n'), /desk-research\.md[\s\S]*Note/);
    assert.equal((await api(page, 'list_interviews')).length, before + 1);
    await dialog.getByRole('button', { name: 'Close' }).last().click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('ran no injected script and broke no policy on the way', () => {
    assert.deepEqual(app.problems.dialogs, []);
    assert.deepEqual(app.problems.pageErrors, []);
    assert.deepEqual(app.problems.csp, []);
  });
});
