// Time to open the largest corpus transcript in the UI: headless Chromium against
// `groundwork serve`; performance.now() in the page from the route change to the frame after
// the transcript's passages are in the DOM. Prints one JSON line.
// Run from tests/e2e after building the UI and the CLI (release for the published figure):
//   GROUNDWORK_BIN=../../target/release/groundwork node measure-transcript.mjs [file]
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ROOT, launchBrowser, openApp, startServer } from './helpers.mjs';

const CORPUS = process.env.GROUNDWORK_CORPUS ?? join(ROOT, '../shared/corpus');
const file =
  process.argv[2] ?? join(CORPUS, 'transcripts/podcast-talkpython/youtube-301-deploying-and-running-django-web-apps-in-2021.vtt');
const RUNS = 7;

const server = await startServer();
const browser = await launchBrowser();
try {
  const res = await fetch(`${server.origin}/api/import?name=${encodeURIComponent(basename(file))}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, origin: server.origin, 'content-type': 'application/octet-stream' },
    body: readFileSync(file),
  });
  const imported = await res.json();
  if (!res.ok) throw new Error(JSON.stringify(imported));
  const { page } = await openApp(browser, server);
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    // Start from another screen so each run builds the transcript from nothing.
    await page.evaluate(() => (location.hash = '#/notes'));
    await page.waitForFunction(() => !document.querySelector('[data-testid=segment]'));
    const ms = await page.evaluate(async (id) => {
      const t0 = performance.now();
      location.hash = `#/interviews/${encodeURIComponent(id)}`;
      await new Promise((done) => {
        const check = () =>
          document.querySelector('[data-testid=segment]') ? requestAnimationFrame(() => done()) : requestAnimationFrame(check);
        check();
      });
      return performance.now() - t0;
    }, imported.id);
    times.push(ms);
  }
  const rows = await page.getByTestId('segment').count();
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      file: basename(file),
      segments: imported.count,
      rows_in_dom: rows,
      first_ms: Math.round(times[0]),
      median_ms: Math.round(sorted[Math.floor(sorted.length / 2)]),
      runs_ms: times.map(Math.round),
    }),
  );
} finally {
  await browser.close();
  await server.stop();
}
