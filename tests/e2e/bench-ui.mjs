// UI figures for BENCHMARKS.md, measured in Debian's Chromium (playwright-core) against
// `groundwork serve` on a synthetic workspace (`groundwork bench-seed`: the bench's seed,
// mix and vocabulary), with the page's own clock (performance.now / event timestamps):
//
// - palette keystroke → results painted: from the keydown event to the first frame after
//   the results answering the new text are in the DOM (rAF, then a task: after paint);
// - opening an interview with a 2,500-cue transcript: from the route change to the first
//   frame with its segments painted; and scrolling that transcript (frames per second);
//
// Run from tests/e2e after building the UI and the CLI (a release CLI measures the engine
// as users get it):
//   GROUNDWORK_BIN=../../target/release/groundwork node bench-ui.mjs [--docs 100000] [--json out.json]
// The 500-node tree canvas is measured by bench-tree-pan.mjs.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { api, BIN, goto, launchBrowser, openApp, startServer, tempDir } from './helpers.mjs';

const { values: opts } = parseArgs({ options: { docs: { type: 'string', default: '100000' }, json: { type: 'string' } } });
const DOCS = Number(opts.docs);
const CUES = 2500;

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const rows = [];
const row = (metric, cls, value, unit) => rows.push({ docs: DOCS, engine: 'groundwork-ui', metric, class: cls, value: Number(value.toFixed(2)), unit });

const dir = tempDir('gw-bench-ui-');
const workspace = join(dir, 'workspace');
console.error(`seeding ${DOCS} documents…`);
const seeded = spawnSync(BIN, ['--workspace', workspace, 'bench-seed', '--docs', String(DOCS)], { encoding: 'utf8' });
if (seeded.status !== 0) throw new Error(`bench-seed failed: ${seeded.stderr}`);

const server = await startServer({ workspace });
const browser = await launchBrowser();
try {
  const { page } = await openApp(browser, server);

  // ---- palette: every keystroke of a few words, typed at 8 keys a second ----
  const words = ['python', 'notebooks', 'flexible', 'weekly', 'intuitive', 'dresses', 'simple size'];
  await page.evaluate(() => {
    window.__latencies = [];
    const input = () => document.querySelector('#palette-input');
    let pending = null;
    document.addEventListener('keydown', (e) => {
      if (e.target === input() && e.key.length === 1) pending = { t0: e.timeStamp };
    }, true);
    new MutationObserver(() => {
      const answered = document.querySelector('.results')?.getAttribute('data-answered');
      if (!pending || answered == null || answered !== input()?.value) return;
      const { t0 } = pending;
      pending = null;
      requestAnimationFrame(() => setTimeout(() => window.__latencies.push({ ms: performance.now() - t0, q: input().value })));
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-answered'] });
  });
  for (const word of words) {
    await page.keyboard.press('Control+k');
    const input = page.getByRole('combobox', { name: 'Search everything' });
    await input.waitFor();
    await input.fill('');
    for (const ch of word) {
      const before = await page.evaluate(() => window.__latencies.length);
      await page.keyboard.type(ch);
      await page.waitForFunction((n) => window.__latencies.length > n, before, { timeout: 10_000 });
      await page.waitForTimeout(125);
    }
    await page.keyboard.press('Escape');
  }
  const lat = await page.evaluate(() => window.__latencies);
  const ms = lat.map((l) => l.ms);
  console.log(`palette keystroke → painted, ${ms.length} keystrokes: p50 ${quantile(ms, 0.5).toFixed(1)} ms, p95 ${quantile(ms, 0.95).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms`);
  row('palette_keystroke_to_paint_ms', 'p50', quantile(ms, 0.5), 'ms');
  row('palette_keystroke_to_paint_ms', 'p95', quantile(ms, 0.95), 'ms');
  row('palette_keystroke_to_paint_ms', 'max', Math.max(...ms), 'ms');
  for (const n of [1, 2, 3]) {
    const sub = lat.filter((l) => l.q.length === n).map((l) => l.ms);
    if (sub.length) row('palette_keystroke_to_paint_ms', `prefix${n}_p50`, quantile(sub, 0.5), 'ms');
  }

  // ---- a 2,500-cue transcript: open it, then scroll it ----
  const interview = await api(page, 'create_interview', { input: { title: 'Bench: three-hour workshop recording', date: '2026-11-20', interviewer: 'Bench', method: 'interview', product_area: '', status: 'done', notes: '', participant_ids: [] } });
  const lines = ['So walk me through how you reconcile the invoices at the end of the month.', 'We export everything to a spreadsheet first, then someone checks each line by hand.', 'The bank feed is usually a day late, which is where most of the mismatches come from.'];
  for (let start = 0; start < CUES; start += 500) {
    const segments = Array.from({ length: Math.min(500, CUES - start) }, (_, k) => {
      const i = start + k;
      return { speaker: i % 2 ? 'Participant' : 'Interviewer', participant_id: null, start_ms: i * 4300, end_ms: i * 4300 + 4000, text: `${lines[i % 3]} (${i + 1})` };
    });
    await api(page, 'add_segments', { interview_id: interview.id, segments });
  }
  const opens = [];
  for (let rep = 0; rep < 11; rep++) {
    await goto(page, '#/notes');
    await page.waitForTimeout(150);
    opens.push(
      await page.evaluate(
        (id) =>
          new Promise((done) => {
            const t0 = performance.now();
            location.hash = `#/interviews/${id}`;
            const check = () => {
              if (document.querySelector('[data-testid="segment"]')) requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0)));
              else requestAnimationFrame(check);
            };
            check();
          }),
        interview.id,
      ),
    );
  }
  const warm = opens.slice(1);
  console.log(`open a ${CUES}-cue transcript: p50 ${quantile(warm, 0.5).toFixed(1)} ms, max ${Math.max(...warm).toFixed(1)} ms (first ${opens[0].toFixed(1)} ms)`);
  row('open_transcript_ms', `${CUES}_cues_p50`, quantile(warm, 0.5), 'ms');
  row('open_transcript_ms', `${CUES}_cues_first`, opens[0], 'ms');

  const fps = await page.evaluate(
    () =>
      new Promise((done) => {
        const seg = document.querySelector('[data-testid="segment"]');
        let el = seg;
        while (el && !(el.scrollHeight > el.clientHeight + 10 && /(auto|scroll)/.test(getComputedStyle(el).overflowY))) el = el.parentElement;
        const scroller = el ?? document.scrollingElement;
        const frames = [];
        const end = performance.now() + 3000;
        const step = (t) => {
          frames.push(t);
          scroller.scrollTop += 40;
          if (t < end) requestAnimationFrame(step);
          else {
            const gaps = frames.slice(1).map((f, i) => f - frames[i]);
            done({ fps: (frames.length - 1) / ((frames.at(-1) - frames[0]) / 1000), worst: Math.max(...gaps), top: scroller.scrollTop });
          }
        };
        requestAnimationFrame(step);
      }),
  );
  console.log(`scroll the transcript: ${fps.fps.toFixed(1)} fps, worst frame ${fps.worst.toFixed(1)} ms (scrolled to ${fps.top}px)`);
  row('transcript_scroll_fps', `${CUES}_cues`, fps.fps, 'fps');
  row('transcript_scroll_worst_frame_ms', `${CUES}_cues`, fps.worst, 'ms');
} finally {
  await browser.close();
  await server.stop();
  spawnSync('rm', ['-rf', dir]);
}
if (opts.json) writeFileSync(opts.json, JSON.stringify({ rows }, null, 2));
console.log(JSON.stringify(rows));
