// Screenshots of the main screens, light and dark, into docs/screenshots/: headless
// Chromium against `groundwork serve` on a temp workspace holding the demo project.
// Run from tests/e2e after building the UI and the CLI: `npm run screenshots`.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, openApp, ROOT, startServer } from './helpers.mjs';

const OUT = join(ROOT, 'docs/screenshots');
mkdirSync(OUT, { recursive: true });

const server = await startServer({ demo: true });
// A client that is not a browser names the origin it acts for (writes need the server's own).
const auth = { authorization: `Bearer ${server.token}`, origin: server.origin };
const call = async (cmd, args) => {
  const res = await fetch(`${server.origin}/api`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(args === undefined ? { cmd } : { cmd, args }) });
  const body = await res.json();
  if (!res.ok) throw new Error(`${cmd}: ${JSON.stringify(body)}`);
  return body;
};

const browser = await launchBrowser();
try {
  const [firstInterview] = (await call('list_interviews')).map((i) => i.id);
  const demo = { tree: (await call('list_trees'))[0].id };
  const shots = [
    ['overview', '#/overview', async (page) => page.getByTestId('meter-text').first().waitFor()],
    ['interview', `#/interviews/${firstInterview}`, async (page) => page.getByTestId('segment').first().waitFor()],
    ['search', '#/interviews', async (page) => {
      await page.keyboard.press('Control+k');
      await page.getByRole('combobox', { name: 'Search everything' }).pressSequentially('bank login', { delay: 25 });
      await page.getByTestId('search-hit').first().waitFor();
      await page.keyboard.press('ArrowDown');
    }],
    ['tree', `#/trees/${demo.tree}`, async (page) => {
      await page.getByTestId('outline-row').first().waitFor();
      await page.getByTestId('outline-row').filter({ has: page.getByTestId('evidence-badge') }).first().locator('input').focus();
      await page.getByTestId('evidence-list').locator('a').first().waitFor();
    }],
    ['tree-canvas', `#/trees/${demo.tree}`, async (page) => {
      await page.getByRole('button', { name: 'Canvas', exact: true }).click();
      await page.getByTestId('canvas-node').first().waitFor();
    }],
    ['highlights-overview', '#/highlights', async (page) => {
      await page.getByTestId('tag-matrix').waitFor();
    }],
    ['personas', '#/personas', async (page) => {
      await page.getByTestId('persona-card').first().locator('a.open').click();
      await page.getByTestId('statement').first().waitFor();
    }],
    ['highlights', '#/highlights', async (page) => {
      await page.getByTestId('list-row').nth(2).click();
      await page.getByTestId('highlight-context').waitFor();
    }],
    ['insight', '#/insights', async (page) => {
      await page.getByTestId('list-row').first().click();
      await page.getByTestId('evidence-quote').first().waitFor();
    }],
    ['pack', '#/overview', async (page) => {
      await page.getByRole('button', { name: 'Export pack…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Export research pack' });
      await dialog.getByTestId('pack-counts').waitFor();
      await dialog.getByRole('checkbox', { name: /^Names/ }).check();
      await dialog.getByTestId('pack-replacement').first().waitFor();
    }],
    ['import', '#/feedback', async (page) => {
      await page.getByTestId('list-row').first().waitFor();
      await page.keyboard.press('Control+i');
      await page.getByRole('dialog', { name: 'Import files' }).waitFor();
    }],
  ];
  for (const scheme of ['light', 'dark']) {
    const { page, context } = await openApp(browser, server, { colorScheme: scheme, viewport: { width: 1440, height: 900 } });
    for (const [name, hash, ready] of shots) {
      await page.evaluate((h) => (location.hash = h), hash);
      await ready(page);
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(OUT, `${name}-${scheme}.png`) });
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
    }
    await context.close();
  }
  // A new user's first look: the empty workspace.
  const empty = await startServer();
  const { page } = await openApp(browser, empty, { viewport: { width: 1440, height: 900 } });
  await page.getByRole('heading', { name: 'Start with what customers said' }).waitFor();
  await page.screenshot({ path: join(OUT, 'empty-light.png') });
  await empty.stop();
  console.log(`screenshots written to ${OUT}`);
} finally {
  await browser.close();
  await server.stop();
}
