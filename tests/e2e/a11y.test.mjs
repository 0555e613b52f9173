// Accessibility of the main screens, by axe-core (the engine behind Lighthouse and most a11y
// linters) inside Chromium: no serious or critical violation in light or dark, and keyboard
// users can reach the palette, move through results and come back to where they were.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, audit, goto, launchBrowser, openApp, startServer } from './helpers.mjs';

describe('accessibility', () => {
  let server, browser;
  const ids = {};

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const { page, context } = await openApp(browser, server);
    const iv = await api(page, 'create_interview', { input: { title: 'Kick-off with Acme', notes: '# Notes\n\n- They **export** weekly' } });
    await api(page, 'add_segments', { interview_id: iv.id, segments: [{ speaker: 'Ana', start_ms: 1000, text: 'We export to spreadsheets every week.' }] });
    const p = await api(page, 'create_persona', { input: { name: 'Ops Olivia', role: 'Operations' } });
    await api(page, 'add_persona_statement', { persona_id: p.id, input: { kind: 'pain', text: 'Exports by hand every Friday' } });
    const t = await api(page, 'create_tree', { input: { title: 'More teams finish setup' } });
    await api(page, 'create_tree_node', { tree_id: t.id, input: { title: 'Setup asks for the bank too early' } });
    Object.assign(ids, { iv: iv.id, persona: p.id, tree: t.id });
    await context.close();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const scheme of ['light', 'dark']) {
    it(`has no serious violations on the main screens (${scheme})`, async () => {
      const { page, context, problems } = await openApp(browser, server, { colorScheme: scheme });
      const screens = [
        ['empty notes', '#/notes', () => page.getByRole('heading', { name: 'No notes yet' }).waitFor()],
        ['interview transcript', `#/interviews/${ids.iv}`, () => page.getByTestId('segment').first().waitFor()],
        ['interview details', `#/interviews/${ids.iv}`, async () => {
          await page.getByRole('tab', { name: 'Details' }).click();
          await page.getByTestId('markdown-preview').waitFor();
        }],
        ['persona', `#/personas/${ids.persona}`, () => page.getByTestId('statement').first().waitFor()],
        ['persona cards', '#/personas', () => page.getByTestId('persona-card').first().waitFor()],
        ['persona comparison', `#/personas/compare?ids=${ids.persona}`, () => page.getByTestId('compare-column').first().waitFor()],
        ['tree', `#/trees/${ids.tree}`, () => page.getByTestId('outline-row').first().waitFor()],
        ['tree canvas and node panel', `#/trees/${ids.tree}`, async () => {
          await page.getByRole('button', { name: 'Canvas', exact: true }).click();
          await page.getByTestId('canvas-node').nth(1).click();
          await page.getByTestId('node-panel').waitFor();
        }],
        ['tree outline again', `#/trees/${ids.tree}`, async () => {
          await page.getByRole('button', { name: 'Outline', exact: true }).click();
          await page.getByTestId('outline-row').first().waitFor();
        }],
        ['trash', '#/trash', () => page.getByRole('heading', { name: 'The trash is empty' }).waitFor()],
        ['settings', '#/settings', () => page.getByRole('heading', { name: 'Settings' }).waitFor()],
      ];
      for (const [where, hash, ready] of screens) {
        await goto(page, hash);
        await ready();
        await audit(page, `${where} (${scheme})`);
      }
      await page.keyboard.press('Control+k');
      await page.getByRole('combobox', { name: 'Search everything' }).pressSequentially('export', { delay: 20 });
      await page.getByTestId('search-hit').first().waitFor();
      await audit(page, `search palette (${scheme})`);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+i');
      await page.getByRole('dialog', { name: 'Import files' }).waitFor();
      await audit(page, `import dialog (${scheme})`);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Shift+E');
      const pack = page.getByRole('dialog', { name: 'Export research pack' });
      await pack.getByTestId('pack-counts').waitFor();
      // Everything it can show: the chosen-scope lists, and redaction's replacements.
      await pack.getByRole('radio', { name: 'Only what I choose' }).check();
      await pack.getByRole('checkbox', { name: /^Names/ }).check();
      await pack.getByTestId('pack-replacement').first().or(pack.getByTestId('pack-no-replacements')).waitFor();
      await pack.locator('[data-testid=pack-preview][data-current=true]').waitFor();
      await audit(page, `export research pack dialog (${scheme})`);
      await page.keyboard.press('Escape');
      await pack.waitFor({ state: 'hidden' });
      assert.deepEqual(problems.pageErrors, []);
      await context.close();
    });
  }

  it('works from the keyboard: palette, results, and focus back where it was', async () => {
    const { page, context } = await openApp(browser, server);
    await goto(page, '#/interviews');
    const list = page.getByRole('listbox', { name: 'Interviews' });
    await list.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByTestId('editor-title').filter({ hasText: 'Kick-off with Acme' }).waitFor();

    const before = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 60));
    await page.keyboard.press('Control+k');
    const box = page.getByRole('combobox', { name: 'Search everything' });
    await box.waitFor();
    assert.equal(await box.evaluate((el) => el === document.activeElement), true, 'the palette input has focus');
    await page.keyboard.type('spreadsh');
    await page.getByTestId('search-hit').first().waitFor();
    assert.equal(await box.getAttribute('aria-activedescendant'), 'palette-opt-0');
    // Tab stays inside the dialog.
    for (let i = 0; i < 6; i++) await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => !!document.activeElement?.closest('dialog[open]')), true, 'focus is trapped in the palette');
    await page.keyboard.press('Escape');
    await box.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 60)), before, 'focus returns');

    // A visible focus ring on keyboard focus.
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none');

    // ? lists the shortcuts.
    await page.locator('body').click({ position: { x: 600, y: 5 } });
    await page.keyboard.press('Shift+?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    await context.close();
  });
});
