// How fluid the tree canvas pans at 500 nodes (a measurement, not a test): builds a 500-node
// tree through the API, opens it on the canvas, then for ~3 s sends one trackpad-style wheel
// event per animation frame (the canvas's own pan handler) and reads the frame timestamps with
// the performance API. Prints frames per second and the slowest frames.
//
//   cargo build -p groundwork-cli && npm --prefix ui run build
//   node tests/e2e/bench-tree-pan.mjs
import { api, goto, launchBrowser, openApp, startServer } from './helpers.mjs';

const SECONDS = Number(process.env.SECONDS_TO_PAN ?? 3);

const server = await startServer();
const browser = await launchBrowser();
try {
  const { page } = await openApp(browser, server, { viewport: { width: 1440, height: 900 } });
  const tree = await api(page, 'create_tree', {
    input: { title: 'Five hundred nodes', metric: 'activation', baseline: '30%', target: '45%', target_date: null, description: '' },
  });
  // 50 opportunities × (1 + 3 solutions × (1 + 2 tests)) = 500 nodes, made in the page so the
  // calls share its connection.
  const made = await page.evaluate(async (treeId) => {
    const call = async (cmd, args) => {
      const res = await fetch('/api', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', authorization: `Bearer ${localStorage.getItem('groundwork.token')}` }, body: JSON.stringify({ cmd, args }) });
      const body = await res.json();
      if (!res.ok) throw new Error(`${cmd}: ${JSON.stringify(body)}`);
      return body;
    };
    const node = (parent_id, kind, title, position) =>
      call('create_tree_node', {
        tree_id: treeId,
        input: { parent_id, kind, title, description: '', position, status: kind === 'assumption_test' ? 'planned' : 'open', details: {} },
      });
    let count = 0;
    for (let o = 0; o < 50; o++) {
      const opp = await node(null, 'opportunity', `Opportunity ${o + 1}: customers cannot find what they need fast enough`, o);
      count++;
      for (let s = 0; s < 3; s++) {
        const sol = await node(opp.id, 'solution', `Solution ${o + 1}.${s + 1}: a guided path`, s);
        count++;
        for (let t = 0; t < 2; t++) {
          await node(sol.id, 'assumption_test', `Test ${o + 1}.${s + 1}.${t + 1}`, t);
          count++;
        }
      }
    }
    return count;
  }, tree.id);

  await page.evaluate(() => localStorage.setItem('groundwork.treeView', 'canvas'));
  await goto(page, `#/trees/${tree.id}`);
  await page.getByTestId('tree-canvas').waitFor();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=canvas-node]').length >= n, made, { timeout: 60_000 });
  const drawn = await page.getByTestId('canvas-node').count();
  if (process.env.BENCH_SCREENSHOT) await page.screenshot({ path: process.env.BENCH_SCREENSHOT });

  const measure = () => page.evaluate(async (seconds) => {
    const host = document.querySelector('[data-testid=tree-canvas]');
    const world = document.querySelector('[data-testid=canvas-world]');
    const r = host.getBoundingClientRect();
    const stamps = [];
    let changed = 0;
    let last = '';
    const start = performance.now();
    let dir = 1;
    await new Promise((done) => {
      const frame = (t) => {
        stamps.push(t);
        if (world.style.transform !== last) changed++;
        last = world.style.transform;
        if (t - start > seconds * 1000) return done();
        // Sweep left and right across the wide tree: 40 px a frame, reversing every 1.5 s.
        if (stamps.length % 90 === 0) dir = -dir;
        host.dispatchEvent(new WheelEvent('wheel', { deltaX: 40 * dir, deltaY: 0, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, bubbles: true, cancelable: true }));
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    const gaps = stamps.slice(1).map((t, i) => t - stamps[i]).sort((a, b) => a - b);
    const duration = stamps[stamps.length - 1] - stamps[0];
    return {
      frames: gaps.length,
      seconds: duration / 1000,
      fps: gaps.length / (duration / 1000),
      medianMs: gaps[Math.floor(gaps.length / 2)],
      p95Ms: gaps[Math.floor(gaps.length * 0.95)],
      maxMs: gaps[gaps.length - 1],
      transform: world.style.transform,
      // Each frame should show a new view (panned by the previous frame's event); the sweep
      // goes back over the same views, so compare each frame with the one before.
      moved: changed > stamps.length * 0.9,
    };
  }, SECONDS);

  // Twice: with the whole tree in view (fitted), and at 100 % where a PM works.
  const fitted = await measure();
  await page.getByTestId('tree-canvas').focus();
  for (let i = 0; i < 40; i++) {
    const pct = Number((await page.locator('.pct').innerText()).replace('%', ''));
    if (pct >= 100) break;
    await page.keyboard.press('+');
  }
  const zoom = await page.locator('.pct').innerText();
  const close = await measure();


  for (const [label, result] of [['fitted', fitted], [`at ${zoom}`, close]]) {
    if (!result.moved) throw new Error(`the canvas did not pan (transform: ${result.transform})`);
    console.log(
      `tree canvas pan, ${drawn} nodes drawn, ${label}: ${result.fps.toFixed(1)} fps over ${result.seconds.toFixed(2)} s ` +
        `(${result.frames} frames; median ${result.medianMs.toFixed(1)} ms, p95 ${result.p95Ms.toFixed(1)} ms, max ${result.maxMs.toFixed(1)} ms)`,
    );
  }
} finally {
  await browser.close();
  await server.stop();
}
