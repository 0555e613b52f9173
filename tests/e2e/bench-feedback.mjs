// Feedback figures for BENCHMARKS.md (issue 18), in Debian's Chromium against `groundwork
// serve` on a workspace holding a synthetic 100,000-response NPS survey export
// (scripts/synth-feedback.py), with the page's own clock:
//
// - opening the inbox: from the route change to the first frame with its rows painted;
// - scrolling the inbox (its rows are read a page at a time as they come into view):
//   frames per second and the worst frame, over 3 s of scrolling 120 px a frame;
// - the numbers panel's charts: from opening the panel to the first frame with every chart
//   drawn (its figures are asked of the engine when it opens, so this is the whole wait).
//
// Run from tests/e2e after building the UI and the CLI (a release CLI measures the engine as
// users get it):
//   GROUNDWORK_BIN=../../target/release/groundwork node bench-feedback.mjs [--items 100000] [--json out.json]
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BIN, goto, launchBrowser, openApp, ROOT, startServer, tempDir } from './helpers.mjs';

const { values: opts } = parseArgs({ options: { items: { type: 'string', default: '100000' }, json: { type: 'string' } } });
const ITEMS = Number(opts.items);

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const rows = [];
const row = (metric, cls, value, unit) => rows.push({ items: ITEMS, engine: 'groundwork-ui', metric, class: cls, value: Number(value.toFixed(2)), unit });

const dir = tempDir('gw-bench-feedback-');
const workspace = join(dir, 'workspace');
const csv = join(dir, `survey-${ITEMS}.csv`);
console.error(`writing and importing ${ITEMS} survey responses…`);
const synth = spawnSync('sh', ['-c', `python3 "${join(ROOT, 'scripts/synth-feedback.py')}" ${ITEMS} > "${csv}"`], { encoding: 'utf8' });
if (synth.status !== 0) throw new Error(`synth-feedback.py failed: ${synth.stderr}`);
for (const args of [['init'], ['import', csv, '--as', 'feedback']]) {
  const run = spawnSync(BIN, ['--workspace', workspace, ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`groundwork ${args[0]} failed: ${run.stderr}`);
}

const server = await startServer({ workspace });
const browser = await launchBrowser();
try {
  const { page } = await openApp(browser, server);
  // The numbers panel starts closed, so opening the inbox measures the list alone.
  await page.evaluate(() => localStorage.clear());

  // ---- open the inbox ----
  const opens = [];
  for (let rep = 0; rep < 6; rep++) {
    await goto(page, '#/notes');
    await page.waitForTimeout(150);
    opens.push(
      await page.evaluate(
        () =>
          new Promise((done) => {
            const t0 = performance.now();
            location.hash = '#/feedback';
            const check = () => {
              if (document.querySelector('[data-testid="list-row"]')) requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0)));
              else requestAnimationFrame(check);
            };
            check();
          }),
      ),
    );
  }
  const warm = opens.slice(1);
  console.log(`open the inbox at ${ITEMS} items: p50 ${quantile(warm, 0.5).toFixed(1)} ms (first ${opens[0].toFixed(1)} ms)`);
  row('open_feedback_inbox_ms', 'p50', quantile(warm, 0.5), 'ms');
  row('open_feedback_inbox_ms', 'first', opens[0], 'ms');

  // ---- scroll it ----
  const scroll = await page.evaluate(
    () =>
      new Promise((done) => {
        let el = document.querySelector('[data-testid="list-row"]');
        while (el && !(el.scrollHeight > el.clientHeight + 10 && /(auto|scroll)/.test(getComputedStyle(el).overflowY))) el = el.parentElement;
        const scroller = el ?? document.scrollingElement;
        const frames = [];
        const end = performance.now() + 3000;
        const step = (t) => {
          frames.push(t);
          scroller.scrollTop += 120;
          if (t < end) requestAnimationFrame(step);
          else {
            const gaps = frames.slice(1).map((f, i) => f - frames[i]);
            const blank = [...document.querySelectorAll('[data-testid="list-row"]')].length === 0;
            done({ fps: (frames.length - 1) / ((frames.at(-1) - frames[0]) / 1000), worst: Math.max(...gaps), top: scroller.scrollTop, blank });
          }
        };
        requestAnimationFrame(step);
      }),
  );
  console.log(`scroll the inbox: ${scroll.fps.toFixed(1)} fps, worst frame ${scroll.worst.toFixed(1)} ms (scrolled to ${scroll.top}px${scroll.blank ? ', rows still loading' : ''})`);
  row('feedback_inbox_scroll_fps', String(ITEMS), scroll.fps, 'fps');
  row('feedback_inbox_scroll_worst_frame_ms', String(ITEMS), scroll.worst, 'ms');

  // ---- the numbers panel's charts ----
  const charts = [];
  for (let rep = 0; rep < 6; rep++) {
    charts.push(
      await page.evaluate(
        () =>
          new Promise((done) => {
            const details = document.querySelector('details.numbers');
            details.open = false;
            setTimeout(() => {
              const t0 = performance.now();
              details.open = true;
              const check = () => {
                const panel = document.querySelector('[data-testid="feedback-numbers"]');
                const canvases = panel ? [...panel.querySelectorAll('canvas')] : [];
                const loading = panel?.querySelector('[aria-busy="true"]');
                if (canvases.length >= 2 && !loading && canvases.every((c) => c.width > 0)) {
                  requestAnimationFrame(() => setTimeout(() => done({ ms: performance.now() - t0, charts: canvases.length })));
                } else requestAnimationFrame(check);
              };
              check();
            }, 300);
          }),
      ),
    );
  }
  const chartMs = charts.slice(1).map((c) => c.ms);
  console.log(`open the numbers panel (${charts[0].charts} charts drawn): p50 ${quantile(chartMs, 0.5).toFixed(1)} ms, max ${Math.max(...chartMs).toFixed(1)} ms (first ${charts[0].ms.toFixed(1)} ms)`);
  row('feedback_charts_ms', 'p50', quantile(chartMs, 0.5), 'ms');
  row('feedback_charts_ms', 'first', charts[0].ms, 'ms');
} finally {
  await browser.close();
  await server.stop();
  spawnSync('rm', ['-rf', dir]);
}
if (opts.json) writeFileSync(opts.json, JSON.stringify({ rows }, null, 2));
console.log(JSON.stringify(rows));
