// A PM builds an opportunity solution tree with the keyboard alone, links a quote as evidence,
// re-parents a solution by dragging it on the canvas, undoes that, and exports the tree (SVG,
// PNG, Markdown); then removes and restores an item, opens a node from search, and imports a
// tree from a Markdown outline after its preview.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { api, goto, useApp } from './helpers.mjs';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

describe('opportunity solution trees', () => {
  const app = useApp({ page: { viewport: { width: 1440, height: 900 }, acceptDownloads: true } });

  /** The saved nodes of the one tree, through the API. */
  async function nodes(page) {
    const [tree] = await api(page, 'list_trees');
    return api(page, 'list_tree_nodes', { tree_id: tree.id });
  }

  const row = (page, title) => page.locator(`[data-testid=outline-row][data-title="${title}"]`);

  it('builds a tree with the keyboard alone in the outline', async () => {
    const { page } = app;
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
  it('links a highlight as evidence from the side panel and the badge counts it', async () => {
    const { page } = app;
    // Seed a quote through the API: an interview with a participant and one highlighted segment.
    const person = await api(page, 'create_participant', { input: { name: 'Dana Okafor' } });
    const iv = await api(page, 'create_interview', { input: { title: 'Onboarding call with Dana' } });
    const [seg] = await api(page, 'add_segments', {
      interview_id: iv.id,
      segments: [{ speaker: 'Dana', participant_id: person.id, start_ms: 61000, end_ms: 65000, text: 'I had no idea which of the setup steps mattered first.' }],
    });
    const quote = 'no idea which of the setup steps mattered';
    const start = seg.text.indexOf(quote);
    await api(page, 'create_highlight', {
      input: { interview_id: iv.id, note_id: null, segment_id: seg.id, start, end: start + quote.length, quote, comment: '', tag_ids: [] },
    });

    // The search index catches up in the background; wait until the quote can be found.
    for (let i = 0; i < 100; i++) {
      const res = await api(page, 'search', { request: { query: 'setup steps', kinds: ['highlight'], tags: [], participants: [], personas: [], date_from: null, date_to: null, limit: 5, offset: 0, as_you_type: false } });
      if (res.hits.length) break;
      await page.waitForTimeout(100);
    }
    const target = row(page, 'Nobody knows what to do first');
    assert.equal(await target.getByTestId('evidence-badge').count(), 0);
    await target.locator('input').focus();
    const panel = page.getByTestId('node-panel');
    await panel.getByText('Nothing linked yet').waitFor();
    await panel.getByTestId('evidence-search').fill('setup steps');
    await panel.getByTestId('evidence-hit').filter({ hasText: 'mattered' }).first().click();
    await panel.getByTestId('evidence-list').getByRole('link', { name: /no idea which of the setup steps mattered/ }).waitFor();
    await target.getByTestId('evidence-badge').filter({ hasText: '1 · 1 person' }).waitFor();
    // The quote opens at its source: the interview, at that moment.
    const href = await panel.getByTestId('evidence-list').getByRole('link').first().getAttribute('href');
    assert.match(href, new RegExp(`#/interviews/${iv.id}\\?.*t=61000`));
  });

  it('drags a solution to another opportunity on the canvas, and undo puts it back', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Canvas', exact: true }).click();
    const card = (title) => page.locator(`[data-testid=canvas-node][data-title="${title}"]`);
    await card('Sample project').waitFor();
    // The badge shows on the canvas too.
    await card('Nobody knows what to do first').getByTestId('canvas-badge').filter({ hasText: '1 · 1 person' }).waitFor();

    const before = Object.fromEntries((await nodes(page)).map((n) => [n.title, n]));
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    const from = await card('Sample project').locator('rect.bg').boundingBox();
    const to = await card('Setup takes too long').locator('rect.bg').boundingBox();
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) {
      await page.mouse.move(from.x + from.width / 2 + ((to.x + to.width / 2 - from.x - from.width / 2) * i) / 12, from.y + from.height / 2 + ((to.y + to.height / 2 - from.y - from.height / 2) * i) / 12);
    }
    await page.locator('.card.drop-onto').waitFor();
    await page.mouse.up();

    const moved = async (parent) => {
      for (let i = 0; i < 100; i++) {
        const n = (await nodes(page)).find((x) => x.title === 'Sample project');
        if (n.parent_id === parent) return n;
        await page.waitForTimeout(100);
      }
      assert.fail(`Sample project never went under ${parent}`);
    };
    await moved(before['Setup takes too long'].id);
    // Its test went with it.
    const test = (await nodes(page)).find((x) => x.title === 'Teams open the sample within a day');
    assert.equal(test.parent_id, before['Sample project'].id);

    // Undo (Ctrl/⌘+Z on the canvas) restores the parent.
    await page.locator('body').click({ position: { x: 5, y: 5 } }).catch(() => {});
    await page.keyboard.press(`${mod}+z`);
    await moved(before['Nobody knows what to do first'].id);
    await page.getByRole('status').filter({ hasText: /^Undone: Moved/ }).waitFor();
    // The history lists the move, marked undone.
    await page.getByRole('button', { name: 'History' }).click();
    await page.getByTestId('tree-history').locator('li.undone').filter({ hasText: 'Sample project' }).waitFor();
  });

  it('folds and unfolds a subtree on the canvas from the keyboard', async () => {
    const { page } = app;
    const card = (title) => page.locator(`[data-testid=canvas-node][data-title="${title}"]`);
    const focused = (locator) => locator.evaluate((el) => el === document.activeElement);
    // Tab goes from a card to its fold button, named after the card.
    await card('Nobody knows what to do first').focus();
    await page.keyboard.press('Tab');
    const fold = page.getByRole('button', { name: "Fold 'Nobody knows what to do first'", exact: true });
    assert.ok(await focused(fold), 'Tab from the card reaches its fold button');
    // Enter folds: the three nodes below it go, the button says how many and keeps focus.
    await page.keyboard.press('Enter');
    await card('Sample project').waitFor({ state: 'detached' });
    const unfold = page.getByRole('button', { name: "Unfold 'Nobody knows what to do first' (3 hidden)", exact: true });
    await unfold.waitFor();
    assert.ok(await focused(unfold), 'the button keeps focus after folding');
    // Space unfolds.
    await page.keyboard.press(' ');
    await card('Sample project').waitFor();
    await fold.waitFor();
    // The outcome's fold is reachable too, after the outcome's card.
    await card('').first().focus();
    await page.keyboard.press('Tab');
    assert.ok(await focused(page.getByRole('button', { name: "Fold 'More teams finish setup in week one'", exact: true })));
  });

  it('exports the tree as SVG', async () => {
    const { page } = app;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as SVG' }).click()]);
    assert.equal(download.suggestedFilename(), 'more-teams-finish-setup-in-week-one.svg');
    const path = join(app.server.dir, 'tree.svg');
    await download.saveAs(path);
    const svg = readFileSync(path, 'utf8');
    assert.match(svg, /^(<\?xml[^>]*>\s*)?<svg[\s>]/);
    for (const title of ['More teams finish setup in week one', 'Setup takes too long', 'Guided checklist', 'Sample project']) {
      assert.ok(svg.includes(title), `the SVG shows “${title}”`);
    }
    assert.equal(app.problems.pageErrors.length, 0, app.problems.pageErrors.join('\n'));
    assert.deepEqual(app.problems.csp, []);
  });
  it('exports PNG rasterised in the browser, and Markdown', async () => {
    const { page } = app;
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as PNG' }).click()]);
    assert.equal(png.suggestedFilename(), 'more-teams-finish-setup-in-week-one.png');
    const pngPath = join(app.server.dir, 'tree.png');
    await png.saveAs(pngPath);
    const bytes = readFileSync(pngPath);
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
    assert.ok(bytes.length > 2000, `a real picture (${bytes.length} bytes)`);
    const [md] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as Markdown' }).click()]);
    const mdPath = join(app.server.dir, 'tree.md');
    await md.saveAs(mdPath);
    const text = readFileSync(mdPath, 'utf8');
    assert.match(text, /More teams finish setup in week one/);
    assert.match(text, /Guided checklist/);
  });

  it('removes an empty item with Backspace and Ctrl/⌘+Z brings it back', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Outline', exact: true }).click();
    const input = row(page, 'Invites get lost').locator('input');
    await input.focus();
    await input.press(`${mod}+a`);
    await input.press('Backspace'); // clears the text (still saved as “Invites get lost”)
    await input.press('Backspace'); // on the empty item: remove it
    await page.getByTestId('toast').filter({ hasText: 'moved to the trash' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid=outline-row][data-title="Invites get lost"]'));
    await page.keyboard.press(`${mod}+z`);
    await row(page, 'Invites get lost').waitFor();
    assert.ok((await nodes(page)).some((n) => n.title === 'Invites get lost'));
  });

  it('opens the tree focused on a node from search', async () => {
    const { page } = app;
    await goto(page, '#/interviews');
    await page.keyboard.press(`${mod}+k`);
    await page.getByRole('combobox', { name: 'Search everything' }).pressSequentially('Guided checklist', { delay: 20 });
    await page.getByTestId('search-hit').filter({ hasText: 'Guided checklist' }).first().waitFor();
    await page.getByTestId('search-hit').filter({ hasText: 'Guided checklist' }).first().click();
    await page.waitForFunction(() => document.activeElement?.closest('[data-testid=outline-row]')?.getAttribute('data-title') === 'Guided checklist');
    assert.equal(await page.getByTestId('node-panel').getByLabel('Title').inputValue(), 'Guided checklist');
  });

  it('imports a tree from a Markdown outline after a preview', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Import Markdown…' }).click();
    await page.getByTestId('tree-import-text').fill('# Fewer failed payments\n\n- Opportunity: Cards expire unnoticed\n  - Solution: Reminder e-mails\n    - Test: 20% update their card\n- Opportunity: Bank transfers bounce\n');
    const preview = page.getByTestId('tree-import-preview');
    await preview.getByText('Fewer failed payments').waitFor();
    await preview.getByText('Reminder e-mails').waitFor();
    await page.getByRole('button', { name: 'Import 4 nodes' }).click();
    await page.getByTestId('editor-title').filter({ hasText: 'Fewer failed payments' }).waitFor();
    await row(page, 'Reminder e-mails').waitFor();
    assert.equal(await row(page, '20% update their card').getAttribute('data-kind'), 'assumption_test');
    // A line the core cannot read is named in the preview, and nothing is imported.
    await page.getByRole('button', { name: 'Import Markdown…' }).click();
    await page.getByTestId('tree-import-text').fill('# Outcome\n\n- Solution: comes first\n');
    await preview.getByRole('alert').waitFor();
    assert.match(await preview.getByRole('alert').innerText(), /line \d/i);
    assert.ok(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled());
    await page.keyboard.press('Escape');
    assert.equal(app.problems.pageErrors.length, 0, app.problems.pageErrors.join('\n'));
  });

  it('keeps the selected card in view when the node panel opens or the window narrows', async () => {
    const { page } = app;
    // A wide tree: ten cards side by side are wider than the canvas at a readable zoom.
    const t = await api(page, 'create_tree', { input: { title: 'Wide outcome' } });
    for (let i = 1; i <= 9; i++) {
      await api(page, 'create_tree_node', { tree_id: t.id, input: { title: `Opportunity ${i}`, kind: 'opportunity', position: i - 1 } });
    }
    await goto(page, `#/trees/${t.id}`);
    await page.getByRole('button', { name: 'Canvas', exact: true }).click();
    const canvas = page.getByTestId('tree-canvas');
    const last = page.locator('[data-testid=canvas-node][data-title="Opportunity 9"]');
    await last.waitFor();
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    const zoom = await canvas.locator('.pct').innerText();
    const inside = async () => {
      const [c, b] = [await canvas.boundingBox(), await last.locator('rect.bg').boundingBox()];
      return { c, b, ok: b.x >= c.x - 0.5 && b.x + b.width <= c.x + c.width + 0.5 && b.y >= c.y - 0.5 && b.y + b.height <= c.y + c.height + 0.5 };
    };
    const stillInside = async (when) => {
      let seen;
      for (let i = 0; i < 30; i++) {
        seen = await inside();
        if (seen.ok) break;
        await page.waitForTimeout(100);
      }
      assert.ok(seen.ok, `${when}: the selected card (${JSON.stringify(seen.b)}) is outside the canvas (${JSON.stringify(seen.c)})`);
    };
    // Fitted readable, a tree this wide is panned rather than shrunk: the right-most card is
    // off to the side until it takes focus, which pans it into view (at the canvas's edge).
    assert.ok(!(await inside()).ok, 'fitted readable, the right-most card is panned to, not shrunk into view');
    await last.focus();
    await stillInside('focused');

    // Select the right-most card: the panel opens beside the canvas, which narrows.
    const before = (await canvas.boundingBox()).width;
    const card = await last.locator('rect.bg').boundingBox();
    await page.mouse.click(card.x + card.width / 2, card.y + card.height / 2);
    await page.getByTestId('node-panel').waitFor();
    for (let i = 0; i < 30 && (await canvas.boundingBox()).width >= before; i++) await page.waitForTimeout(100);
    assert.ok((await canvas.boundingBox()).width < before, 'the panel takes room from the canvas');
    await stillInside('panel open');
    assert.equal(await canvas.locator('.pct').innerText(), zoom, 'the zoom stays');

    // The window narrows: still in view.
    await page.setViewportSize({ width: 1100, height: 800 });
    await stillInside('window narrowed');
    assert.equal(await canvas.locator('.pct').innerText(), zoom, 'the zoom stays');
    await page.setViewportSize({ width: 1440, height: 900 });

    // Focus on a card off-screen (Tab, or from a script): the view pans to it; the canvas
    // itself never scrolls (the pointer and minimap maths would be off).
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Zoom in' }).click();
    const zoomed = await canvas.locator('.pct').innerText();
    await canvas.focus();
    for (let i = 0; i < 30 && (await inside()).ok; i++) await page.keyboard.press('Shift+ArrowLeft');
    assert.ok(!(await inside()).ok, 'panned away from the right-most card');
    await page.locator('[data-testid=canvas-node][data-title="Opportunity 8"]').focus();
    await page.keyboard.press('Tab');
    assert.ok(await last.evaluate((el) => el === document.activeElement), 'Tab reached the right-most card');
    await stillInside('tabbed to');
    assert.deepEqual(await canvas.evaluate((el) => [el.scrollLeft, el.scrollTop]), [0, 0]);
    assert.equal(await canvas.locator('.pct').innerText(), zoomed, 'the zoom stays');
  });

  it('says why a change deleted for good cannot be undone, and a trashed tree comes back with Undo', async () => {
    const { page } = app;
    const t = await api(page, 'create_tree', { input: { title: 'Retire the spreadsheet' } });
    await api(page, 'create_tree_node', { tree_id: t.id, input: { title: 'Keep', kind: 'opportunity', position: 0 } });
    const drop = await api(page, 'create_tree_node', { tree_id: t.id, input: { title: 'Drop', kind: 'opportunity', position: 1 } });
    await api(page, 'trash', { kind: 'tree_node', id: drop.id });
    await api(page, 'empty_trash');
    await goto(page, `#/trees/${t.id}`);
    await page.getByRole('button', { name: 'Outline', exact: true }).click();
    await row(page, 'Keep').waitFor();
    // The change log keeps every line; the delete of "Drop" cannot come back (it is gone for
    // good), and undo says why instead of changing anything.
    const undo = page.getByRole('group', { name: 'Undo and redo' }).getByRole('button', { name: 'Undo' });
    await undo.click();
    await page.getByText(/cannot be undone/).first().waitFor();
    await row(page, 'Keep').waitFor();
    assert.equal((await api(page, 'list_tree_nodes', { tree_id: t.id })).filter((n) => n.title === 'Drop').length, 0);

    // The whole tree to the trash, and back with the toast's Undo.
    await page.getByRole('button', { name: 'Move to trash' }).click();
    const toast = page.getByTestId('toast').filter({ hasText: '“Retire the spreadsheet” moved to the trash' });
    await toast.getByRole('button', { name: 'Undo' }).click();
    await page.getByTestId('toast').filter({ hasText: /Undid: .*“Retire the spreadsheet”/ }).waitFor();
    await row(page, 'Keep').waitFor();
    assert.ok((await api(page, 'list_trees')).some((x) => x.id === t.id));
    assert.equal(app.problems.pageErrors.length, 0, app.problems.pageErrors.join('\n'));
  });
});
