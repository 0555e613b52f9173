// Measure the desktop app: time from spawning the process to the UI's first paint, and the
// memory of all its processes (the app, WebKitWebProcess, WebKitNetworkProcess) after 10 s idle.
// Not a test (speed is never asserted); run it through `npm run measure` (Xvfb + D-Bus).
//
//   GROUNDWORK_DESKTOP_BIN=target/release/groundwork-desktop npm run measure -- --runs 5
//
// First paint: the app, started with GROUNDWORK_STARTUP_TRACE=1, injects a script that waits
// for DOMContentLoaded (the Svelte UI has mounted by then) and two animation frames (the
// frame with the UI in it has been painted), then tells the app, which prints the wall clock.
// Run 1 is a first run (new workspace: created and seeded with the demo while the window
// comes up); later runs reopen that workspace.
import { spawn } from 'node:child_process';
import { APP, appEnv, memoryOfTree, sleep, tempHome } from './driver.mjs';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const IDLE_MS = 10_000;

async function launchOnce(home, { measureMemory }) {
  const spawnedAt = Date.now();
  const proc = spawn(APP, ['--workspace', home.workspace], {
    env: appEnv(home, { GROUNDWORK_STARTUP_TRACE: '1' }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const painted = new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no first paint within 60 s:\n${err}`)), 60_000);
    proc.stderr.on('data', (d) => {
      err += d;
      const m = /first paint (\d+) ms after main\(\) \(epoch_ms=(\d+)\)/.exec(err);
      if (m) {
        clearTimeout(timer);
        ok({ sinceSpawn: Number(m[2]) - spawnedAt, sinceMain: Number(m[1]) });
      }
    });
    proc.on('exit', (code) => fail(new Error(`the app exited with ${code}:\n${err}`)));
  });
  const paint = await painted;
  const ready = await (async () => {
    for (let i = 0; i < 600; i++) {
      const m = /ready (\d+) ms after main\(\)/.exec(err);
      if (m) return Number(m[1]);
      await sleep(100);
    }
    return null;
  })();
  let memory = null;
  if (measureMemory) {
    await sleep(IDLE_MS);
    memory = memoryOfTree(proc.pid);
  }
  proc.kill('SIGTERM');
  await new Promise((ok) => (proc.exitCode !== null ? ok() : proc.on('exit', ok)));
  return { ...paint, ready, memory };
}

const home = tempHome();
try {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const r = await launchOnce(home, { measureMemory: i === 0 || i === runs - 1 });
    results.push(r);
    console.log(
      `run ${i + 1}${i === 0 ? ' (first run: new workspace, demo seeded)' : ''}: first paint ${r.sinceSpawn} ms after spawn ` +
        `(${r.sinceMain} ms after main), workspace ready at ${r.ready} ms`,
    );
    if (r.memory) {
      for (const p of r.memory) console.log(`    ${p.name.padEnd(22)} pid ${p.pid}  RSS ${(p.rss / 1024).toFixed(1)} MiB (anonymous ${(p.anon / 1024).toFixed(1)})  PSS ${(p.pss / 1024).toFixed(1)} MiB`);
      const rss = r.memory.reduce((a, p) => a + p.rss, 0) / 1024;
      const pss = r.memory.reduce((a, p) => a + p.pss, 0) / 1024;
      console.log(`    total after ${IDLE_MS / 1000} s idle: RSS ${rss.toFixed(1)} MiB, PSS ${pss.toFixed(1)} MiB (${r.memory.length} processes)`);
    }
  }
  const later = results.slice(1).map((r) => r.sinceSpawn).sort((a, b) => a - b);
  if (later.length) console.log(`median first paint, reopening: ${later[Math.floor(later.length / 2)]} ms after spawn`);
} finally {
  home.remove();
}
