// The tree canvas opens readable: "Fit" on a 20-node tree, with the node panel open beside
// it, keeps the cards readable (zoom ≥ 60 %, panning rather than shrinking them) and centres
// the tree in the canvas — the space the list and the panel leave. Cards keep their text
// inside them; the panel shows a node's full title. A screenshot is saved to look at.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { api, goto, tempDir, useApp } from './helpers.mjs';

const SHOTS = process.env.GROUNDWORK_SHOTS ?? tempDir('gw-canvas-shots-');
const LONG = 'Coordinators cannot see who can swap a shift on short notice, so every change turns into an evening of phone calls and reminders';

// 20 nodes: 4 opportunities, 2 solutions under each but the last (which has 3), and 7
// assumption tests under solutions.
const OUTLINE = `# Keep volunteers for a second winter

- Opportunity: Volunteers burn out by February
  - Solution: Shorter shifts in the coldest weeks
    - Test: Half of the volunteers pick a short shift
  - Solution: A winter break rota
    - Test: Fewer people call in sick
- Opportunity: ${LONG}
  - Solution: Shared calendar with swap requests
    - Test: Swaps happen without a call
  - Solution: Text message reminders
    - Test: Reminders cut no-shows
- Opportunity: New volunteers do not come back after their first shift
  - Solution: A buddy for the first three shifts
    - Test: Second shifts double
  - Solution: Welcome pack at the door
- Opportunity: Nobody knows what the food bank needs this week
  - Solution: A needs board in the hall
  - Solution: Weekly email to regulars
    - Test: Donations match the list
  - Solution: Stock counts on a shared sheet
    - Test: The sheet is updated weekly
`;

describe('the tree canvas opens readable', () => {
  const app = useApp({ page: { viewport: { width: 1440, height: 900 } } });
  let tree;

  before(async () => {
    const { page } = app;
    tree = await api(page, 'import_tree', { markdown: OUTLINE, name: 'winter.md', title: null });
    const nodes = await api(page, 'list_tree_nodes', { tree_id: tree.id });
    assert.equal(nodes.length, 20);
    // One card with a score and a wide evidence badge ("◉ 12 · 12 people": twelve customers) on its bottom row.
    const burnout = nodes.find((n) => n.title === 'Volunteers burn out by February');
    await api(page, 'update_tree_node', {
      id: burnout.id,
      input: { parent_id: burnout.parent_id, kind: burnout.kind, title: burnout.title, description: '', position: burnout.position, status: 'open', details: { frequency: 5, severity: 5, reach: 4 } },
    });
    for (let i = 0; i < 12; i++) {
      const f = await api(page, 'create_feedback', { input: { source: 'Survey', customer: `Pantry ${i}`, text: `Winter shifts are too long (${i})` } });
      await api(page, 'link_evidence', { from: { kind: 'tree_node', id: burnout.id }, to: { kind: 'feedback', id: f.id }, comment: '' });
    }
    await page.evaluate(() => localStorage.setItem('groundwork.treeView', 'canvas'));
  });

  /** The canvas, the world's transform and the cards, as the page lays them out. */
  async function geometry(page) {
    return page.evaluate(() => {
      const canvas = document.querySelector('[data-testid=tree-canvas]').getBoundingClientRect();
      const cards = [...document.querySelectorAll('[data-testid=canvas-node] rect.bg')].map((r) => r.getBoundingClientRect());
      const world = getComputedStyle(document.querySelector('[data-testid=canvas-world]')).transform;
      const k = new DOMMatrix(world).a;
      const box = {
        left: Math.min(...cards.map((c) => c.left)),
        right: Math.max(...cards.map((c) => c.right)),
        top: Math.min(...cards.map((c) => c.top)),
        bottom: Math.max(...cards.map((c) => c.bottom)),
      };
      const panel = document.querySelector('[data-testid=node-panel]')?.getBoundingClientRect() ?? null;
      const pct = document.querySelector('[data-testid=tree-canvas] .pct')?.textContent;
      return { canvas: { left: canvas.left, right: canvas.right, top: canvas.top, bottom: canvas.bottom }, box, k, panel, pct };
    });
  }

  it('fits a 20-node tree readable and centred beside the node panel', async () => {
    const { page } = app;
    await goto(page, `#/trees/${tree.id}`);
    await page.getByTestId('canvas-node').first().waitFor();
    // Open the panel on the long-titled opportunity, then Fit.
    await page.locator(`[data-testid=canvas-node][data-title^="Coordinators cannot see"]`).click();
    const panel = page.getByTestId('node-panel');
    await panel.waitFor();
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await page.waitForTimeout(300);
    const g = await geometry(page);
    await page.screenshot({ path: join(SHOTS, 'canvas-fit.png') });
    console.log(`# screenshot: ${join(SHOTS, 'canvas-fit.png')}`);

    assert.ok(g.k >= 0.6, `zoom ${g.k} is readable`);
    assert.equal(g.pct, `${Math.round(g.k * 100)}%`);
    // The canvas is the space beside the panel: they do not overlap.
    assert.ok(g.panel && g.canvas.right <= g.panel.left + 1, `canvas ${JSON.stringify(g.canvas)} beside panel ${JSON.stringify(g.panel)}`);
    // Centred in the canvas: across, the tree's middle is the canvas's middle (it is wider
    // than the canvas at a readable zoom, so the rest is panned to, not shrunk); down, it fits
    // and is centred too.
    const mid = (a, b) => (a + b) / 2;
    assert.ok(g.box.right - g.box.left > g.canvas.right - g.canvas.left, 'wider than the canvas at this zoom');
    assert.ok(Math.abs(mid(g.box.left, g.box.right) - mid(g.canvas.left, g.canvas.right)) <= 2, `tree centre ${mid(g.box.left, g.box.right)} vs canvas centre ${mid(g.canvas.left, g.canvas.right)}`);
    assert.ok(g.box.top >= g.canvas.top && g.box.bottom <= g.canvas.bottom, 'all of its height shows');
    assert.ok(Math.abs(mid(g.box.top, g.box.bottom) - mid(g.canvas.top, g.canvas.bottom)) <= 2, `tree middle ${mid(g.box.top, g.box.bottom)} vs canvas middle ${mid(g.canvas.top, g.canvas.bottom)}`);
    // The outcome, at the top of the tree, is in view.
    const outcome = await page.locator('[data-testid=canvas-node].outcome rect.bg').boundingBox();
    assert.ok(outcome.x >= g.canvas.left && outcome.x + outcome.width <= g.canvas.right, 'the outcome shows');
  });

  it('keeps card text inside its card, and the panel shows the full title', async () => {
    const { page } = app;
    const overflow = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid=canvas-node]')].flatMap((card) => {
        const bg = card.querySelector('rect.bg').getBoundingClientRect();
        return [...card.querySelectorAll('text')]
          .filter((t) => {
            const r = t.getBoundingClientRect();
            return r.width > 0 && (r.left < bg.left - 0.5 || r.right > bg.right + 0.5);
          })
          .map((t) => `${card.dataset.title}: "${t.textContent}"`);
      }),
    );
    assert.deepEqual(overflow, [], 'text running out of its card');
    // The bottom row's status, score and evidence badge do not run into each other.
    const clashes = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid=canvas-node]')].flatMap((card) => {
        const parts = [...card.querySelectorAll('text.meta, [data-testid=canvas-badge] text')].map((t) => ({ text: t.textContent, r: t.getBoundingClientRect() }));
        const out = [];
        for (let i = 0; i < parts.length; i++)
          for (let j = i + 1; j < parts.length; j++)
            if (parts[i].r.left < parts[j].r.right && parts[j].r.left < parts[i].r.right) out.push(`${card.dataset.title}: "${parts[i].text}" × "${parts[j].text}"`);
        return out;
      }),
    );
    assert.deepEqual(clashes, [], 'the bottom row overlaps itself');
    const scored = page.locator('[data-testid=canvas-node][data-title="Volunteers burn out by February"]');
    assert.equal(await scored.locator('text.score').textContent(), 'Score 100');
    assert.match(await scored.getByTestId('canvas-badge').textContent(), /12 · 12 people/);
    const title = page.getByTestId('node-panel').getByLabel('Title');
    assert.equal(await title.inputValue(), LONG);
    // All of it shows: the field is as tall as its text, nothing scrolled away.
    assert.ok(await title.evaluate((el) => el.scrollHeight <= el.clientHeight + 1 && el.scrollWidth <= el.clientWidth + 1), 'the whole title shows');
  });

  it('fits a small tree whole and centred, without zooming past 1:1', async () => {
    const { page } = app;
    const small = await api(page, 'import_tree', { markdown: '# Fewer no-shows\n\n- Opportunity: People forget their shift\n  - Solution: Reminder the day before\n', name: 'small.md', title: null });
    await goto(page, `#/trees/${small.id}`);
    await page.getByTestId('canvas-node').nth(2).waitFor();
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await page.waitForTimeout(300);
    const g = await geometry(page);
    assert.ok(g.k <= 1 && g.k >= 0.6, `zoom ${g.k}`);
    assert.ok(g.box.left >= g.canvas.left && g.box.right <= g.canvas.right && g.box.top >= g.canvas.top && g.box.bottom <= g.canvas.bottom, 'all of it shows');
    const mid = (a, b) => (a + b) / 2;
    assert.ok(Math.abs(mid(g.box.left, g.box.right) - mid(g.canvas.left, g.canvas.right)) <= 2, 'centred across');
    assert.ok(Math.abs(mid(g.box.top, g.box.bottom) - mid(g.canvas.top, g.canvas.bottom)) <= 2, 'centred down');
  });
});
