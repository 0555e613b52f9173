// Shared by the browser journeys: start `groundwork serve` on a fresh temp workspace, start
// Debian's Chromium through playwright-core, and watch for anything that should never happen
// (a script from user text running, an alert/confirm dialog, a CSP violation, an uncaught error).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = process.env.GROUNDWORK_BIN ?? join(ROOT, 'target/debug/groundwork');
export const UI_DIR = process.env.GROUNDWORK_UI_DIR ?? join(ROOT, 'ui/dist');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Fail (never skip) with a message that says what to do. */
export function requirePrerequisites() {
  const missing = [];
  if (!existsSync(BIN)) missing.push(`${BIN} (run: cargo build -p groundwork-cli)`);
  if (!existsSync(join(UI_DIR, 'index.html'))) missing.push(`${UI_DIR}/index.html (run: npm --prefix ui run build)`);
  if (!existsSync(CHROMIUM)) missing.push(`${CHROMIUM} (run: apt-get install -y chromium)`);
  if (missing.length) throw new Error(`the browser tests need:\n  ${missing.join('\n  ')}`);
}

export function tempDir(prefix = 'gw-e2e-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

const SERVING = /Groundwork is serving .* at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-zA-Z]+))/;

/**
 * `groundwork --workspace <tmp> serve --addr 127.0.0.1:0` on a new workspace: empty, or with
 * `{ demo: true }` seeded with the demo project the desktop app shows on first run; or, with
 * `{ workspace: DIR }`, an existing workspace (left in place when the server stops).
 * Resolves once it printed the URL to open.
 */
export async function startServer({ demo = false, workspace: existing = null } = {}) {
  requirePrerequisites();
  const dir = tempDir();
  const workspace = existing ?? join(dir, 'workspace');
  if (!existing) {
    const init = spawnSync(BIN, ['--workspace', workspace, 'init', ...(demo ? ['--demo'] : [])], { encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`groundwork init failed (${init.status}): ${init.stderr}`);
  }
  const proc = spawn(BIN, ['--workspace', workspace, 'serve', '--addr', '127.0.0.1:0'], {
    env: { ...process.env, GROUNDWORK_UI_DIR: UI_DIR, RUST_BACKTRACE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`groundwork serve printed no URL within 30 s; stderr:\n${stderr}`)), 30_000);
    const lines = createInterface({ input: proc.stdout });
    lines.on('line', (line) => {
      const m = SERVING.exec(line);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`groundwork serve exited with ${code} before serving; stderr:\n${stderr}`));
    });
  });
  const u = new URL(url);
  return {
    url,
    origin: u.origin,
    token: u.searchParams.get('token'),
    workspace,
    dir,
    async stop() {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await new Promise((ok) => {
          const t = setTimeout(() => {
            proc.kill('SIGKILL');
            ok();
          }, 10_000);
          proc.on('exit', () => {
            clearTimeout(t);
            ok();
          });
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

/**
 * Record on `page` what must not happen (into `problems`, new or shared with another page of
 * the same person): dialogs, which are dismissed; uncaught errors; CSP violations, apart from
 * other console errors.
 */
export function watchPage(page, problems = { dialogs: [], pageErrors: [], csp: [], consoleErrors: [] }) {
  page.on('dialog', async (d) => {
    problems.dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => problems.pageErrors.push(e.stack ?? String(e)));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    if (/Content Security Policy/i.test(text)) problems.csp.push(text);
    else problems.consoleErrors.push(text);
  });
  return problems;
}

/**
 * A page signed in through the printed URL, recording what must not happen: dialogs
 * (alert/confirm/prompt from injected script), page errors, CSP violations.
 */
export async function openApp(browser, server, { colorScheme = 'light', viewport = { width: 1360, height: 860 }, acceptDownloads = false } = {}) {
  const context = await browser.newContext({ colorScheme, viewport, acceptDownloads });
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(server.url);
  await page.waitForURL((u) => !u.searchParams.has('token'));
  await page.getByTestId('workspace-name').waitFor();
  return { context, page, problems };
}

/** A phone in the room: small, touch, mobile. */
export const PHONE = { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true };

/**
 * A participant of a workshop in a browser context of their own (their own localStorage, as
 * on their own phone): opens the room's `joinUrl` (http://IP:PORT/#k=SECRET), or with `code`
 * opens the room's page without the secret and types the code (and `nickname`) into the join
 * form. `phone`: a 360×740 touch screen. `capture`: keep a copy of every /w/events stream the
 * page reads (the page reads it with fetch, which a response listener cannot see until it
 * ends) in `window.__events`, read with `eventsOf(page)`. Records the same problems as
 * openApp; resolves once the page shows the workshop's step.
 */
export async function joinWorkshop(browser, joinUrl, { phone = false, code = null, nickname = '', colorScheme = 'light', capture = false, deviceScaleFactor = 1 } = {}) {
  const context = await browser.newContext({ colorScheme, deviceScaleFactor, ...(phone ? PHONE : { viewport: { width: 1024, height: 768 } }) });
  if (capture) await context.addInitScript(teeEvents);
  const page = await context.newPage();
  const problems = watchPage(page);
  if (code) {
    await page.goto(new URL('/', joinUrl).href);
    await page.getByLabel('Code').fill(code);
    if (nickname) await page.getByLabel(/Your name/).fill(nickname);
    await page.getByRole('button', { name: 'Join' }).click();
  } else {
    await page.goto(joinUrl);
  }
  await stepShown(page);
  // The page swapped the secret for a credential and took it out of the address bar.
  assert.equal(new URL(page.url()).hash, '', 'the join link’s secret stays in the address bar');
  return { context, page, problems };
}

/** The participant page shows a step ("Step 1 of 9 · Write"). */
export async function stepShown(page, step = null) {
  const text = step === null ? /^Step \d+ of \d+/ : new RegExp(`^Step ${step} of \\d+`);
  try {
    await page.getByText(text).waitFor({ timeout: 15_000 });
  } catch (e) {
    const shows = await page.locator('body').innerText().catch(() => '(closed)');
    throw new Error(`${page.url()} shows no step ${step ?? ''}; it shows:\n${shows.slice(0, 600)}`, { cause: e });
  }
}

/** Runs in the page before its own scripts: every /w/events body is copied as it arrives. */
function teeEvents() {
  const original = window.fetch;
  window.__events = [];
  window.fetch = async function (input, init) {
    const res = await original.call(this, input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.includes('/w/events') && res.body) {
      const copy = { text: '' };
      window.__events.push(copy);
      const reader = res.clone().body.getReader();
      const decoder = new TextDecoder();
      (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          copy.text += decoder.decode(value, { stream: true });
        }
      })().catch(() => {});
    }
    return res;
  };
}

/** What the page's /w/events streams carried so far: every `event: view` frame, parsed. */
export async function eventsOf(page) {
  const texts = await page.evaluate(() => (window.__events ?? []).map((e) => e.text));
  const frames = [];
  for (const text of texts) {
    for (const block of text.split(/\n\n/)) {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event:'))?.slice(6).trim();
      const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, '')).join('\n');
      if (event) frames.push({ event, data });
    }
  }
  return { raw: texts.join(''), frames };
}

/**
 * The app for the tests of one `describe`: a server on a fresh workspace (`server` options as
 * for startServer), Chromium and a signed-in page (`page` options as for openApp), started
 * before its tests and stopped after them. The returned object gains `server`, `browser`,
 * `context`, `page` and `problems` once its `before` hook has run.
 */
export function useApp({ server: serverOptions = {}, page: pageOptions = {} } = {}) {
  const app = {};
  before(async () => {
    app.server = await startServer(serverOptions);
    app.browser = await launchBrowser();
    Object.assign(app, await openApp(app.browser, app.server, pageOptions));
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.stop();
  });
  return app;
}

/**
 * Call the API from inside the page as the UI does: the per-run token, which the UI keeps in
 * its own origin's storage, travels in the Authorization header (never a cookie).
 */
export async function api(page, cmd, args) {
  return page.evaluate(
    async ([cmd, args]) => {
      const token = localStorage.getItem('groundwork.token');
      const res = await fetch('/api', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(args === undefined ? { cmd } : { cmd, args }),
      });
      const body = await res.json();
      if (!res.ok) throw new Error(`${cmd}: ${res.status} ${JSON.stringify(body)}`);
      return body;
    },
    [cmd, args],
  );
}

export function writeFile(dir, name, text) {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Navigate within the app by its hash routes. */
export async function goto(page, hash) {
  await page.evaluate((h) => (location.hash = h), hash);
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** No serious or critical axe-core violation on the page as it is now. */
export async function audit(page, where) {
  // Through the DevTools protocol, which the page's CSP (rightly) does not let a <script> do.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  assert.deepEqual(result, [], `${where}: accessibility violations`);
}

/** Select `words` inside `locator`'s text, as a mouse drag would (the coding popover opens). */
export async function selectWords(locator, words) {
  await locator.evaluate((el, words) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode()) && !node.textContent.includes(words));
    const at = node.textContent.indexOf(words);
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + words.length);
    document.getSelection().removeAllRanges();
    document.getSelection().addRange(range);
    el.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
  }, words);
}

/** Select `words` inside the transcript passage that contains them. */
export async function selectInTranscript(page, words) {
  const segment = page.locator('[data-testid=segment]').filter({ hasText: words });
  await segment.scrollIntoViewIfNeeded();
  await selectWords(segment.locator('[data-hl-text]'), words);
}
