// Does the desktop app give memory back? On a workspace of the bench's synthetic research
// (100,000 search documents by default), the memory of all the app's processes after it has
// idled, then after opening and closing a 2,500-cue interview, then after a run of searches,
// each measured after the same idle. Not a test (nothing is asserted); run it through
// `npm run measure:return` (Xvfb + D-Bus, WebDriver):
//
//   GROUNDWORK_BIN=target/release/groundwork GROUNDWORK_DESKTOP_BIN=target/release/groundwork-desktop \
//     npm run measure:return -- --docs 100000 --searches 100000
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { appEnv, appPids, endRun, launch, memoryOfTree, ROOT, sleep, startDriver, tempHome, waitFor } from './driver.mjs';

const arg = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const DOCS = arg('--docs', 100_000);
const SEARCHES = arg('--searches', 100_000);
const CUES = 2500;
const IDLE_MS = 12_000;
const BIN = process.env.GROUNDWORK_BIN ?? join(ROOT, 'target/release/groundwork');

const home = tempHome();
let driver;
let app;
try {
  const seeded = spawnSync(BIN, ['--workspace', home.workspace, 'bench-seed', '--docs', String(DOCS)], { encoding: 'utf8' });
  if (seeded.status !== 0) throw new Error(`bench-seed failed: ${seeded.stderr}`);
  console.log(`workspace: ${seeded.stdout.trim() || `${DOCS} documents`}`);

  driver = await startDriver(appEnv(home));
  app = await launch(driver, ['--workspace', home.workspace]);
  const api = (cmd, args) =>
    app.exec(`return window.__TAURI_INTERNALS__.invoke('api', { request: { cmd: arguments[0], args: arguments[1] } });`, cmd, args);
  await waitFor('the workspace to open', async () => (await api('list_interviews', {})).length > 0, 120_000);

  const rows = [];
  const measure = async (when) => {
    await sleep(IDLE_MS);
    const [pid] = appPids(home);
    const procs = memoryOfTree(pid);
    const app = procs.find((p) => p.pid === pid);
    const rss = procs.reduce((a, p) => a + p.rss, 0) / 1024;
    const pss = procs.reduce((a, p) => a + p.pss, 0) / 1024;
    rows.push({ when, appRss: app.rss / 1024, appAnon: app.anon / 1024, rss, pss });
    const detail = procs.map((p) => `${p.name} RSS ${(p.rss / 1024).toFixed(1)} (anon ${(p.anon / 1024).toFixed(1)}) PSS ${(p.pss / 1024).toFixed(1)}`);
    console.log(`${when}: all processes PSS ${pss.toFixed(1)} MiB, RSS ${rss.toFixed(1)} MiB; ${detail.join('; ')}`);
  };

  await measure('idle');

  const interview = await api('create_interview', {
    input: { title: 'A three-hour workshop recording', date: '2026-11-20', interviewer: 'Bench', method: 'interview', product_area: '', status: 'done', notes: '', participant_ids: [] },
  });
  const lines = [
    'So walk me through how you reconcile the invoices at the end of the month.',
    'We export everything to a spreadsheet first, then someone checks each line by hand.',
    'The bank feed is usually a day late, which is where most of the mismatches come from.',
  ];
  for (let start = 0; start < CUES; start += 500) {
    const segments = Array.from({ length: Math.min(500, CUES - start) }, (_, k) => {
      const i = start + k;
      return { speaker: i % 2 ? 'Participant' : 'Interviewer', participant_id: null, start_ms: i * 4300, end_ms: i * 4300 + 4000, text: `${lines[i % 3]} (${i + 1})` };
    });
    await api('add_segments', { interview_id: interview.id, segments });
  }
  await app.exec('location.hash = arguments[0]; return true;', `#/interviews/${interview.id}`);
  await waitFor('the transcript', () => app.exec('return document.querySelectorAll("[data-testid=segment]").length > 0;'));
  // Scroll to its end, as someone reading it would.
  await app.exec('document.querySelector("[data-testid=segment]").closest("[data-testid=transcript], main")?.scrollTo(0, 1e9); return true;');
  await sleep(1000);
  await app.exec('location.hash = "#/interviews"; return true;');
  await waitFor('the interview to close', () => app.exec('return document.querySelectorAll("[data-testid=segment]").length === 0;'));
  await measure(`after a ${CUES}-cue interview opened and closed`);

  // The searches run in the page, over IPC, as the palette sends them (words of the bench's vocabulary).
  const started = Date.now();
  for (let from = 0; from < SEARCHES; from += 5000) {
    await app.exec(
      `const words = ['invoice', 'export', 'team', 'report', 'customer', 'onboarding', 'price', 'data', 'sync', 'plan', 'tool', 'week'];
       return (async () => {
         for (let i = arguments[0]; i < arguments[1]; i++) {
           const w = words[i % words.length];
           const typing = i % 3 === 0;
           const query = typing ? w.slice(0, 1 + (i % 5)) : w + ' ' + words[(i * 7) % words.length];
           await window.__TAURI_INTERNALS__.invoke('api', { request: { cmd: 'search', args: { request: { query, limit: 20, as_you_type: typing } } } });
         }
         return true;
       })();`,
      from,
      Math.min(SEARCHES, from + 5000),
    );
  }
  console.log(`${SEARCHES} searches in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await measure(`after ${SEARCHES} searches`);

  const idle = rows[0];
  for (const r of rows) {
    console.log(
      `| ${r.when} | ${r.pss.toFixed(1)} | ${((r.pss / idle.pss - 1) * 100).toFixed(1)} % | ${r.rss.toFixed(1)} | ${r.appRss.toFixed(1)} | ${r.appAnon.toFixed(1)} |`,
    );
  }
} finally {
  await app?.close().catch(() => {});
  await driver?.stop();
  await endRun(home);
}
