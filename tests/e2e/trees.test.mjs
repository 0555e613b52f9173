// A PM builds an opportunity solution tree with the keyboard alone, links a quote as evidence,
// re-parents a solution by dragging it on the canvas, undoes that, and exports the tree as SVG.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { api, goto, launchBrowser, openApp, startServer } from './helpers.mjs';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

describe('opportunity solution trees', () => {
  let server, browser, ctx;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ctx = await openApp(browser, server);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** The saved nodes of the one tree, through the API. */
  async function nodes(page) {
    const [tree] = await api(page, 'list_trees');
    return api(page, 'list_tree_nodes', { tree_id: tree.id });
  }

  const row = (page, title) => page.locator(`[data-testid=outline-row][data-title="${title}"]`);

  it('builds a tree with the keyboard alone in the outline', async () => {
    const { page } = ctx;
    await goto(page, '#/trees');
    await page.getByRole('heading', { name: 'No opportunity trees yet' }).waitFor();
    // N: a new tree; its first field (the desired outcome) has focus.
    await page.keyboard.press('n');
    await page.getByRole('heading', { name: 'New opportunity tree' }).waitFor();
    await page.keyboard.type('More teams finish setup in week one');
    await page.keyboard.press(`${mod}+s`);
    await page.getByTestId('editor-title').filter({ hasText: 'More teams finish setup in week one' }).waitFor();

    // The empty tree offers one row to type into, focused.
    const first = page.getByRole('textbox', { name: 'Opportunity title' });
    await first.waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Opportunity title');
    const kb = page.keyboard;
    await kb.type('Setup takes too long');
    await kb.press('Enter');
    await kb.type('Invites get lost');
    await kb.press('Enter');
    await kb.type('Nobody knows what to do first');
    await kb.press('Enter');
    // Tab: the new row goes under "Nobody knows…" (still an opportunity); Alt+→ makes it a solution.
    await kb.press('Tab');
    await kb.press('Alt+ArrowRight');
    await kb.type('Guided checklist');
    await kb.press('Enter');
    await kb.type('Sample project');
    await kb.press('Enter');
    // Under a solution only an assumption test fits: Tab turns the row into one.
    await kb.press('Tab');
    await kb.type('Teams open the sample within a day');
    await kb.press('Enter');
    // Leave the empty draft behind with Backspace.
    await kb.press('Backspace');

    let saved = [];
    for (let i = 0; i < 100 && saved.length < 6; i++) {
      saved = await nodes(page);
      if (saved.length < 6) await page.waitForTimeout(100);
    }
    assert.equal(await page.getByTestId('outline-row').count(), 6);
    const byTitle = Object.fromEntries(saved.map((n) => [n.title, n]));
    assert.deepEqual(saved.map((n) => n.title).sort(), [
      'Guided checklist',
      'Invites get lost',
      'Nobody knows what to do first',
      'Sample project',
      'Setup takes too long',
      'Teams open the sample within a day',
    ]);
    assert.equal(byTitle['Setup takes too long'].kind, 'opportunity');
    assert.equal(byTitle['Setup takes too long'].parent_id, null);
    assert.equal(byTitle['Guided checklist'].kind, 'solution');
    assert.equal(byTitle['Guided checklist'].parent_id, byTitle['Nobody knows what to do first'].id);
    assert.equal(byTitle['Sample project'].parent_id, byTitle['Nobody knows what to do first'].id);
    assert.ok(byTitle['Guided checklist'].position < byTitle['Sample project'].position);
    assert.equal(byTitle['Teams open the sample within a day'].kind, 'assumption_test');
    assert.equal(byTitle['Teams open the sample within a day'].parent_id, byTitle['Sample project'].id);

    // The structure rule, readable: a solution cannot go to the top level.
    await row(page, 'Guided checklist').locator('input').focus();
    await kb.press('Shift+Tab');
    await page.getByTestId('tree-message').filter({ hasText: 'A solution cannot go under the outcome.' }).waitFor();
  });
});
