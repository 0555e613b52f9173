// A colleague's research arriving, as a PM takes it in: a REFI-QDA project and a Groundwork
// pack from another workspace are dropped into the import dialog, asked about first (what
// they add, what is already here), imported or merged as one step, and undone with one click.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { api, BIN, tempDir, useApp } from './helpers.mjs';

function groundwork(ws, ...args) {
  const run = spawnSync(BIN, ['--workspace', ws, ...args], { encoding: 'utf8' });
  assert.equal(run.status, 0, `groundwork ${args.join(' ')}: ${run.stderr}`);
}

describe('importing packs', () => {
  const app = useApp();
  const files = {};

  before(() => {
    const dir = tempDir('gw-packs-in-');
    const other = join(dir, 'colleague');
    groundwork(other, 'init', '--demo');
    files.qdpx = join(dir, 'study.qdpx');
    files.gwpack = join(dir, 'colleague.gwpack');
    groundwork(other, 'pack', 'export', '--format', 'qdpx', '--out', files.qdpx);
    groundwork(other, 'pack', 'export', '--format', 'gwpack', '--out', files.gwpack);
  });

  async function choose(file) {
    const { page } = app;
    await page.keyboard.press(process.platform === 'darwin' ? 'Meta+i' : 'Control+i');
    const dialog = page.getByRole('dialog', { name: 'Import files' });
    await dialog.getByRole('button', { name: 'Choose files…' }).waitFor();
    await page.setInputFiles('[data-testid=import-input]', [file]);
    await dialog.locator('[data-testid=refi-import][data-state=asking]').waitFor();
    return dialog;
  }

  it('asks before importing a REFI-QDA project, imports it as one step, and undoes it', async () => {
    const { page } = app;
    const dialog = await choose(files.qdpx);
    assert.match(await dialog.getByTestId('refi-adds').innerText(), /7 interviews/);
    assert.equal((await api(page, 'list_interviews')).length, 0, 'nothing is imported before the answer');
    await dialog.getByTestId('refi-confirm').click();
    await dialog.getByTestId('refi-report').filter({ hasText: 'study.qdpx' }).waitFor();
    assert.equal((await api(page, 'list_interviews')).length, 7);
    assert.equal((await api(page, 'list_highlights', {})).length > 50, true);
    // One Undo, in the dialog (the toast's sits behind it), takes the whole import back.
    await dialog.getByTestId('refi-undo').click();
    await dialog.getByTestId('refi-report').filter({ hasText: 'Undone' }).waitFor();
    assert.equal((await api(page, 'list_interviews')).length, 0, 'one Undo takes the whole import back');
    await dialog.getByRole('button', { name: 'Close' }).last().click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('merges a Groundwork pack, and the same pack again changes nothing', async () => {
    const { page } = app;
    let dialog = await choose(files.gwpack);
    assert.match(await dialog.getByTestId('refi-confirm').innerText(), /Merge/);
    await dialog.getByTestId('refi-confirm').click();
    await dialog.getByTestId('refi-report').filter({ hasText: 'colleague.gwpack' }).waitFor();
    assert.equal((await api(page, 'list_insights')).length, 5);
    assert.equal((await api(page, 'list_personas')).length, 3);
    await dialog.getByRole('button', { name: 'Close' }).last().click();

    dialog = await choose(files.gwpack);
    assert.equal(await dialog.getByTestId('refi-confirm').count(), 0, 'nothing to merge: only OK');
    await dialog.getByRole('button', { name: 'OK' }).click();
    assert.equal((await api(page, 'list_insights')).length, 5);
  });

  it('ran no injected script and broke no policy on the way', () => {
    assert.deepEqual(app.problems.dialogs, []);
    assert.deepEqual(app.problems.pageErrors, []);
    assert.deepEqual(app.problems.csp, []);
    assert.deepEqual(app.problems.consoleErrors, []);
  });
});
