// Backups in the app (issue 15): make a workspace, back it up from Settings → Backups,
// damage the database file while the app runs (truncate it), restore the backup from
// Settings → Backups after a confirmation that says what will change, and `groundwork check`
// passes afterwards with exactly the backed-up work there.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BIN, api, goto, launchBrowser, openApp, requirePrerequisites, startServer, tempDir } from './helpers.mjs';

describe('backups and restore from Settings', () => {
  const app = {};
  let dir;
  let workspace;

  before(async () => {
    requirePrerequisites();
    // Our own workspace folder, so it outlives the server for `groundwork check`.
    dir = tempDir('gw-e2e-backups-');
    workspace = join(dir, 'workspace');
    const init = spawnSync(BIN, ['--workspace', workspace, 'init', '--demo'], { encoding: 'utf8' });
    assert.equal(init.status, 0, init.stderr);
    app.server = await startServer({ workspace });
    app.browser = await launchBrowser();
    Object.assign(app, await openApp(app.browser, app.server));
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up, survives a truncated database, and restores from Settings → Backups', async () => {
    const { page, problems } = app;
    const interviews = (await api(page, 'list_interviews')).length;
    assert.ok(interviews >= 6);

    await goto(page, '#/settings');
    const backups = page.getByTestId('backups');
    await backups.getByTestId('backup-now').click();
    await backups.getByTestId('backup-status').filter({ hasText: /Backed up \(.*interviews/ }).waitFor();
    const rows = backups.getByTestId('backup-row');
    const manual = rows.filter({ hasText: 'Made by you' });
    await manual.first().waitFor();
    assert.equal(await manual.count(), 1);

    // Work after the backup, which the restore will take back.
    await api(page, 'create_note', { input: { title: 'Written after the backup', body: 'gone after the restore' } });

    // Something outside Groundwork cuts the database file short while the app runs.
    const db = join(workspace, 'groundwork.sqlite');
    truncateSync(db, Math.floor(statSync(db).size / 3));

    await goto(page, '#/interviews');
    await goto(page, '#/settings');
    const row = page.getByTestId('backups').getByTestId('backup-row').filter({ hasText: 'Made by you' });
    await row.getByTestId('restore-backup').click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    const body = await dialog.locator('#confirm-body').textContent();
    assert.match(body, /Now: .*After restoring: .*interviews/, body);
    assert.match(body, /kept as a backup first/, body);
    // Cancelling changes nothing.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await row.getByTestId('restore-backup').click();
    await dialog.getByRole('button', { name: 'Restore' }).click();
    await page.getByTestId('backup-status').filter({ hasText: /Restored the backup/ }).waitFor({ timeout: 60_000 });
    // The restored workspace is the one the app now shows, and the database as it was is
    // listed as a backup too.
    await page.getByTestId('backups').getByTestId('backup-row').filter({ hasText: 'Before a restore' }).first().waitFor();
    assert.equal((await api(page, 'list_interviews')).length, interviews);
    const notes = await api(page, 'list_notes');
    assert.ok(!notes.some((n) => n.title === 'Written after the backup'), 'the restore kept work made after the backup');

    // Search comes back once the index is rebuilt from the restored database.
    let found = null;
    for (let i = 0; i < 100 && !found; i++) {
      try {
        found = await api(page, 'search', { request: { query: 'onboarding', kinds: [], tags: [], participants: [], personas: [], date_from: null, date_to: null, limit: 5, offset: 0, as_you_type: false } });
      } catch (e) {
        assert.match(String(e.message ?? e), /rebuilt/);
        await page.waitForTimeout(100);
      }
    }
    assert.ok(found && found.total > 0, 'search did not come back after the restore');

    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.dialogs, []);

    // The app lets go of the workspace; the command line finds it whole.
    await app.server.stop();
    app.server = null;
    const check = spawnSync(BIN, ['--workspace', workspace, 'check'], { encoding: 'utf8' });
    assert.equal(check.status, 0, `groundwork check failed:\n${check.stdout}\n${check.stderr}`);
    const stats = JSON.parse(spawnSync(BIN, ['--workspace', workspace, 'stats', '--json'], { encoding: 'utf8' }).stdout);
    assert.equal(stats.counts.interview, interviews);
  });
});
