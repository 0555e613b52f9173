// A PM shares research with people who do not run Groundwork: on the demo project (one
// participant has withdrawn consent), the "Export research pack" dialog shows what the pack
// will hold, what consent leaves out and every name redaction replaces, before anything is
// written; Export downloads a zip (a browser on `groundwork serve`) that names no one. An
// empty workspace says there is nothing to export, and a refused download says why.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { api, useApp } from './helpers.mjs';

/** The names of the files in a zip, from its central directory (stored uncompressed). */
function zipEntries(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, 'the zip has an end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let n = 0; n < count; n++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50, 'a central directory entry');
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    names.push(buf.subarray(at + 46, at + 46 + nameLen).toString('utf8'));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

describe('research packs', () => {
  const app = useApp({ server: { demo: true }, page: { acceptDownloads: true } });

  it('previews what goes in, what consent leaves out and every replacement, then downloads a zip', async () => {
    const { page, problems } = app;
    // One participant withdraws consent: what they said must not leave the workspace.
    const marcus = (await api(page, 'list_participants')).find((p) => p.name === 'Marcus Bell');
    assert.ok(marcus, 'the demo has Marcus Bell');
    const { id, created_at: _c, updated_at: _u, ...input } = marcus;
    await api(page, 'update_participant', { id, input: { ...input, consent: 'withdrawn' } });

    await page.getByRole('button', { name: 'Export pack…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export research pack' });
    await dialog.waitFor();
    const counts = dialog.getByTestId('pack-counts');
    await counts.waitFor();
    assert.match(await counts.innerText(), /^7 interviews, \d+ transcript passages, .*\d+ highlights/);
    assert.match(await dialog.getByTestId('pack-size').innerText(), /^Website: \d+ files, [\d.]+ KB$/);
    assert.match(
      await dialog.getByTestId('pack-left-out').innerText(),
      /What 1 participant who withdrew consent said is left out: \d+ passages, \d+ highlights/,
    );
    // Nothing redacted yet, and the list says how to see what would be.
    await dialog.getByText('Nothing is redacted.').waitFor();

    // Redact names: every replacement is listed before anything is written.
    await dialog.getByRole('checkbox', { name: /^Names/ }).check();
    const rows = dialog.getByTestId('pack-replacement');
    await rows.filter({ hasText: 'Aisha Rahman → P' }).first().waitFor();
    const texts = await rows.allInnerTexts();
    assert.ok(texts.length > 3, texts.join('\n'));
    assert.match(await dialog.getByRole('region', { name: 'Replacements' }).innerText(), /Name\s+Aisha Rahman → P\d\d\s+\d+/);

    // Enter does not export by accident (on a checkbox, in the word list).
    await dialog.getByRole('checkbox', { name: /^Names/ }).focus();
    await page.keyboard.press('Enter');
    await dialog.getByLabel('Other words and phrases').fill('Ledgerly');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(400);
    assert.equal(await dialog.isVisible(), true, 'the dialog is still open');
    assert.equal(await page.getByTestId('toast').count(), 0, 'nothing was exported');
    await dialog.getByLabel('Other words and phrases').fill('');

    // Export: the browser downloads the pack as a zip.
    const button = dialog.getByTestId('pack-export');
    await page.waitForFunction(() => !document.querySelector('[data-testid=pack-export]')?.disabled);
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    assert.match(download.suggestedFilename(), /\.zip$/);
    const bytes = readFileSync(await download.path());
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'the download is a zip');
    const names = zipEntries(bytes);
    assert.ok(names.some((n) => n.endsWith('/index.html')), names.join('\n'));
    assert.ok(names.some((n) => /interviews\/.+\.html$/.test(n)), names.join('\n'));
    assert.ok(!names.some((n) => /aisha|rahman|marcus/i.test(n)), `a redacted pack names no one in its file names:\n${names.join('\n')}`);
    await page.getByTestId('toast').filter({ hasText: /^Exported to .+\.zip/ }).waitFor();
    await dialog.waitFor({ state: 'hidden' });

    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.csp, []);
  });

  it('checks the dates, says why a download was refused, and Escape closes', async () => {
    const { page } = app;
    await page.keyboard.press('Control+Shift+E');
    const dialog = page.getByRole('dialog', { name: 'Export research pack' });
    await dialog.waitFor();
    // The choices are kept from the last export.
    assert.equal(await dialog.getByRole('checkbox', { name: /^Names/ }).isChecked(), true);

    // A range that ends before it starts is caught before asking the engine.
    await dialog.getByRole('radio', { name: 'Only what I choose' }).check();
    await dialog.getByTestId('pack-from').fill('2026-06-01');
    await dialog.getByTestId('pack-to').fill('2026-01-01');
    await dialog.getByRole('alert').filter({ hasText: 'before the “from” date' }).waitFor();
    assert.equal(await dialog.getByTestId('pack-export').isDisabled(), true);

    // A future range holds no interviews or feedback, but the insights and trees still go.
    await dialog.getByTestId('pack-from').fill('2099-01-01');
    await dialog.getByTestId('pack-to').fill('2099-12-31');
    await dialog.getByTestId('pack-counts').filter({ hasNotText: 'interview' }).waitFor();
    assert.match(await dialog.getByTestId('pack-counts').innerText(), /insights/);
    await dialog.getByRole('button', { name: 'Any date' }).click();
    await dialog.getByTestId('pack-counts').filter({ hasText: '7 interviews' }).waitFor();
    await dialog.getByRole('radio', { name: 'Everything in the workspace' }).check();

    // The server refuses: the toast says so, with its reason, and the dialog stays for another try.
    await page.route('**/api/pack', (route) =>
      route.fulfill({
        status: 422,
        contentType: 'application/json',
        body: JSON.stringify({ code: 'invalid', message: 'to: use a date as YYYY-MM-DD', field: 'to' }),
      }),
    );
    await page.waitForFunction(() => !document.querySelector('[data-testid=pack-export]')?.disabled);
    await dialog.getByTestId('pack-export').click();
    const toast = page.getByTestId('toast').filter({ hasText: 'Could not export the research pack' });
    await toast.waitFor();
    assert.match(await toast.innerText(), /to: use a date as YYYY-MM-DD/);
    assert.equal(await dialog.isVisible(), true);
    await page.unroute('**/api/pack');

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });
});

describe('research packs of an empty workspace', () => {
  const app = useApp();

  it('says there is nothing to export and does not offer to', async () => {
    const { page } = app;
    await page.keyboard.press('Control+Shift+E');
    const dialog = page.getByRole('dialog', { name: 'Export research pack' });
    await dialog.waitFor();
    await dialog.getByTestId('pack-empty').filter({ hasText: 'Nothing to export' }).waitFor();
    assert.equal(await dialog.getByTestId('pack-export').isDisabled(), true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });
});
