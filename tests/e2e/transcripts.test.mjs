// Transcripts: import a Teams-style WebVTT through the dialog, see who speaks and how often,
// map one speaker to a new participant and one to the interviewer, and find the participant
// on their passages of the imported interview.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { ROOT, api, tempDir, useApp, writeFile } from './helpers.mjs';

// A fixture written for the importer tests: cues out of order, an anonymous "@" speaker.
const VTT = readFileSync(join(ROOT, 'crates/core/tests/fixtures/transcripts/teams-release-retro.vtt'), 'utf8');

describe('transcript import with speaker mapping', () => {
  const app = useApp();
  let file;

  before(async () => {
    file = writeFile(tempDir('gw-transcripts-'), 'release-retro.vtt', VTT);
  });

  it('previews speakers, maps them, and links the passages', async () => {
    const { page } = app;
    await page.keyboard.press(process.platform === 'darwin' ? 'Meta+i' : 'Control+i');
    const dialog = page.getByRole('dialog', { name: 'Import files' });
    await dialog.getByRole('button', { name: 'Choose files…' }).waitFor();
    await page.setInputFiles('[data-testid=import-input]', [file]);

    const preview = dialog.getByTestId('speaker-preview');
    await preview.waitFor();
    const rows = preview.getByTestId('speaker-row');
    assert.deepEqual(
      (await rows.allInnerTexts()).map((t) => t.split('\t').slice(0, 2).join(' ').replace(/\s+/g, ' ').trim()),
      ['Ana Souza 3', 'Ben Carter 1'],
    );
    assert.equal((await api(page, 'list_interviews')).length, 0, 'the preview saved nothing');

    await preview.getByLabel('What Ana Souza becomes').selectOption('interviewer');
    await preview.getByLabel('What Ben Carter becomes').selectOption('new');
    await dialog.getByRole('button', { name: 'Import 1 file' }).click();
    await dialog.getByText(/Finished: 1 imported/).waitFor();

    const [iv] = await api(page, 'list_interviews');
    assert.equal(iv.interviewer, 'Ana Souza');
    const people = await api(page, 'list_participants');
    assert.deepEqual(people.map((p) => p.name), ['Ben Carter']);
    assert.deepEqual(iv.participant_ids, [people[0].id]);

    await dialog.locator('[data-testid=import-row][data-state=done]').getByRole('button').click();
    await page.getByTestId('segment').first().waitFor();
    // Six cues, five passages: Ben's two cues in a row are one turn that keeps both times.
    assert.equal(await page.getByTestId('segment').count(), 5);
    const ben = page.getByTestId('segment').filter({ hasText: 'hotfix process' });
    assert.equal(await ben.getByTestId('segment-participant').innerText(), 'Ben Carter');
    assert.equal(await page.getByTestId('segment-participant').count(), 1, "Ben's one turn");
    assert.deepEqual(await ben.getByTestId('cue-time').allInnerTexts(), ['0:11', '0:12']);
    // Ana is the interviewer: her passages keep the label, linked to no participant.
    assert.match(await page.getByTestId('segment').first().innerText(), /Ana Souza/);

    // The next import of the same speakers comes preselected.
    await page.keyboard.press(process.platform === 'darwin' ? 'Meta+i' : 'Control+i');
    await dialog.getByRole('button', { name: 'Choose files…' }).waitFor();
    await page.setInputFiles('[data-testid=import-input]', [file]);
    await preview.waitFor();
    assert.equal(await preview.getByLabel('What Ana Souza becomes').inputValue(), 'interviewer');
    assert.equal(await preview.getByLabel('What Ben Carter becomes').inputValue(), `p:${people[0].id}`);
    await preview.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await api(page, 'list_interviews')).length, 1);
    await dialog.getByRole('button', { name: 'Close' }).last().click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('attaches a recording, plays it from a passage and removes it', async () => {
    const { page } = app;
    // 20 s of silence as 8 kHz 8-bit mono WAV, which every Chromium plays.
    const seconds = 20;
    const data = Buffer.alloc(8000 * seconds, 0x80);
    const header = Buffer.alloc(44);
    header.write('RIFF', 0);
    header.writeUInt32LE(36 + data.length, 4);
    header.write('WAVEfmt ', 8);
    header.writeUInt32LE(16, 16);
    header.writeUInt16LE(1, 20);
    header.writeUInt16LE(1, 22);
    header.writeUInt32LE(8000, 24);
    header.writeUInt32LE(8000, 28);
    header.writeUInt16LE(1, 32);
    header.writeUInt16LE(8, 34);
    header.write('data', 36);
    header.writeUInt32LE(data.length, 40);
    const wav = join(tempDir('gw-wav-'), 'retro-recording.wav');
    writeFileSync(wav, Buffer.concat([header, data]));

    await page.setInputFiles('[data-testid=attach-input]', [wav]);
    await page.getByTestId('attachment').filter({ hasText: 'retro-recording.wav' }).waitFor();
    const playerEl = page.getByTestId('player');
    await playerEl.waitFor();
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid=player]');
      return el && el.readyState >= 1 && el.duration > 19;
    });
    // Served only with the token: a media element cannot send a header, so its URL carries
    // it; without it the bytes are refused.
    const src = new URL(await playerEl.getAttribute('src'), app.server.origin);
    assert.equal(src.searchParams.get('token'), app.server.token);
    src.searchParams.delete('token');
    const bare = await fetch(src);
    assert.equal(bare.status, 401);

    const ben = page.getByTestId('segment').filter({ hasText: 'hotfix process' });
    await ben.getByTestId('segment-time').click();
    await page.waitForFunction(() => Math.abs(document.querySelector('[data-testid=player]').currentTime - 11) < 0.5);
    // Ben's turn merged two cues: the second cue's time plays from its own second, and so
    // does a click on its words.
    await ben.getByTestId('cue-time').nth(1).click();
    await page.waitForFunction(() => Math.abs(document.querySelector('[data-testid=player]').currentTime - 12.4) < 0.3);
    await ben.getByTestId('cue-time').nth(0).click();
    await page.waitForFunction(() => Math.abs(document.querySelector('[data-testid=player]').currentTime - 11) < 0.3);
    const mhm = await ben.locator('[data-hl-text]').evaluate((el) => {
      const node = [...el.childNodes].find((n) => n.textContent.includes('Mhm'));
      const r = document.createRange();
      const at = node.textContent.indexOf('Mhm');
      r.setStart(node, at + 1);
      r.setEnd(node, at + 2);
      const b = r.getBoundingClientRect();
      return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
    });
    await page.mouse.click(mhm.x, mhm.y);
    await page.waitForFunction(() => Math.abs(document.querySelector('[data-testid=player]').currentTime - 12.4) < 0.3);

    await page.getByRole('button', { name: 'Remove retro-recording.wav' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
    await page.getByTestId('attachment').waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('player').count(), 0);
    assert.equal(await page.getByTestId('segment-time').count(), 0, 'no player, no seeking');
    const [iv] = await api(page, 'list_interviews');
    assert.deepEqual(await api(page, 'list_attachments', { interview_id: iv.id }), []);
  });

  it('ran no injected script and broke no policy on the way', () => {
    assert.deepEqual(app.problems.dialogs, []);
    assert.deepEqual(app.problems.pageErrors, []);
    assert.deepEqual(app.problems.csp, []);
  });
});
