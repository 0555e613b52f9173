// The HTML research pack, opened as a stakeholder would: by double-click, from file://, with
// the network off. Nothing may leave the pack's folder, nothing may log an error, hostile text
// from an imported file stays text, search answers, and an insight leads to its passage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BIN, launchBrowser, requirePrerequisites, tempDir, writeFile } from './helpers.mjs';

function groundwork(ws, ...args) {
  const run = spawnSync(BIN, ['--workspace', ws, ...args], { encoding: 'utf8' });
  assert.equal(run.status, 0, `groundwork ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

function size(dir) {
  return readdirSync(dir).reduce((n, f) => {
    const p = join(dir, f);
    const s = statSync(p);
    return n + (s.isDirectory() ? size(p) : s.size);
  }, 0);
}

test('the demo pack opens from file:// offline, searches, and an insight leads to its passage', async () => {
  requirePrerequisites();
  const dir = tempDir('gw-pack-');
  const ws = join(dir, 'ws');
  groundwork(ws, 'init', '--demo');
  // Hostile text in an imported note must be inert in the pack.
  const note = writeFile(dir, 'hostile.md', '# <img src=x onerror="alert(1)">\n\n<script>alert(2)</script> and ]]><!-- and </script>\n');
  groundwork(ws, 'import', note);
  const site = join(dir, 'site');
  groundwork(ws, 'pack', 'export', '--format', 'html', '--out', site);
  const bytes = size(site);
  assert.ok(bytes < 3 * 1024 * 1024, `the demo pack is ${bytes} bytes`);

  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    await context.setOffline(true);
    const outside = [];
    const root = pathToFileURL(site).href + '/';
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(root)) return route.continue();
      outside.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('dialog', (d) => {
      errors.push(`dialog: ${d.message()}`);
      d.dismiss();
    });

    await page.goto(root + 'index.html');
    assert.equal(await page.locator('main > h1').textContent(), 'Research pack');
    // Search: typed, answered (timed in the page, from submit to the list drawn).
    await page.fill('#q', 'invoice');
    const took = await page.evaluate(() => {
      const t = performance.now();
      document.getElementById('q').form.requestSubmit();
      return performance.now() - t;
    });
    const results = page.locator('#results li');
    assert.ok((await results.count()) > 3, 'search found too little');
    assert.ok(took < 50, `search took ${took} ms`);
    console.log(`pack search: ${took.toFixed(1)} ms over the demo pack (${bytes} bytes)`);

    // Insight → its first piece of evidence → the highlighted passage in the transcript.
    await page.locator('section:has(h2:text("Insights")) li a').first().click();
    await page.waitForURL(/insights\//);
    const evidence = page.locator('blockquote.quote footer a').first();
    await evidence.click();
    await page.waitForURL(/interviews\/.*#h-/);
    const id = decodeURIComponent(new URL(page.url()).hash.slice(1));
    const anchor = page.locator(`[id="${id}"]`);
    assert.equal(await anchor.count(), 1, `no anchor ${id}`);
    const marked = await anchor.evaluate((a) => a.nextElementSibling?.tagName);
    assert.equal(marked, 'MARK', 'the passage is not marked where the link lands');

    // The hostile note's page: its text is shown as text.
    await page.goto(root + 'index.html');
    await page.locator('section:has(h2:text("Notes")) li a', { hasText: 'onerror' }).click();
    assert.match(await page.locator('main > h1').textContent(), /<img src=x onerror/);
    assert.equal(await page.locator('main img, main script').count(), 0);

    assert.deepEqual(outside, [], 'requests left the pack');
    assert.deepEqual(errors, [], 'errors in the console');
  } finally {
    await browser.close();
  }
});

test('the demo pack as one .html file: styled by its own CSP, every link lands inside it', async () => {
  requirePrerequisites();
  const dir = tempDir('gw-page-');
  const ws = join(dir, 'ws');
  groundwork(ws, 'init', '--demo');
  const file = join(dir, 'pack.html');
  groundwork(ws, 'pack', 'export', '--format', 'html-file', '--out', file);

  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    await context.setOffline(true);
    const requests = [];
    const url = pathToFileURL(file).href;
    await context.route('**/*', (route) => {
      if (route.request().url() !== url) requests.push(route.request().url());
      return route.request().url() === url ? route.continue() : route.abort();
    });
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    // The inline stylesheet applied (its hash is in the CSP): the header is not the default.
    const styled = await page.evaluate(() => getComputedStyle(document.querySelector('header.top')).display);
    assert.notEqual(styled, 'inline', 'the stylesheet did not apply');
    // Every link to a place is to a place in this page.
    const dangling = await page.evaluate(() =>
      [...document.querySelectorAll('a[href]')]
        .map((a) => a.getAttribute('href'))
        .filter((h) => !/^(https?:|mailto:)/.test(h))
        .filter((h) => !h.startsWith('#') || !document.getElementById(decodeURIComponent(h.slice(1))))
    );
    assert.deepEqual([...new Set(dangling)], [], 'links that land nowhere');
    // An insight's evidence leads to its marked passage.
    await page.locator('[id^="insights/"] blockquote.quote footer a').first().click();
    const id = decodeURIComponent(new URL(page.url()).hash.slice(1));
    const marked = await page.locator(`[id="${id}"]`).evaluate((a) => a.nextElementSibling?.tagName);
    assert.equal(marked, 'MARK');
    assert.equal(await page.locator('script').count(), 0);
    assert.deepEqual(requests, [], 'requests left the file');
    assert.deepEqual(errors, [], 'errors in the console');
  } finally {
    await browser.close();
  }
});
