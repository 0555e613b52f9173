// Smoke test of the real desktop app (the binary users run, in WebKitGTK, over Tauri IPC):
// launched on a workspace that does not exist yet, it opens its window, seeds the demo
// project, shows it, and finds it through the search palette; a second launch hands over
// to the first instead of opening another window; the window's size and position come back
// after the app is ended.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { APP, appEnv, appPids, endRun, launch, requirePrerequisites, ROOT, startDriver, tempHome, waitFor } from './driver.mjs';

describe('the desktop app', () => {
  let home;
  let driver;
  let app;
  let demoInterviews;

  before(async () => {
    requirePrerequisites();
    home = tempHome();
    // The shell's dialogs answer from this file (WebDriver cannot reach a native dialog).
    driver = await startDriver(appEnv(home, { GROUNDWORK_TEST_DIALOG: join(home.dir, 'dialog-answer') }));
    app = await launch(driver, ['--workspace', home.workspace]);
  });

  after(async () => {
    await app?.close().catch(() => {});
    await driver?.stop();
    // WebKit's helpers write their caches until they exit; then the temp home can go.
    if (process.exitCode && driver) console.error(`tauri-driver log:\n${driver.log()}`);
    await endRun(home);
  });

  it('opens its window on a new workspace, talking to the app over Tauri IPC', async () => {
    await waitFor('the window title to name Groundwork', async () => /Groundwork/.test(await app.title()));
    const rect = await app.rect();
    assert.ok(rect.width >= 880 && rect.height >= 560, `window is ${rect.width}×${rect.height}`);
    // The UI runs inside Tauri (not a browser against a server): its API goes over IPC.
    assert.equal(await app.exec('return "__TAURI_INTERNALS__" in window;'), true);
    assert.ok(existsSync(join(home.workspace, 'groundwork.sqlite')), 'the workspace was created on first run');
  });

  it('shows the demo project seeded on first run', async () => {
    // The sidebar counts the demo's seven interviews.
    const count = await waitFor('the Interviews count', async () => {
      const [el] = await app.find('[data-testid="nav-interviews"] .count');
      const text = el ? (await app.text(el)).trim() : '';
      return Number(text) > 0 ? Number(text) : null;
    });
    assert.ok(count >= 6, `the demo has at least 6 interviews; the sidebar says ${count}`);
    demoInterviews = count;

    const [nav] = await app.find('[data-testid="nav-interviews"]');
    await app.click(nav);
    await waitFor('the demo interviews in the list', () =>
      app.exec('return document.body.innerText.includes("Demo: Priya Nair, Brightline Studio");'),
    );
  });

  it('finds demo research through the search palette', async () => {
    await app.chord(['Control'], 'k');
    const [input] = await app.waitForElements('the search palette', 'input[role="combobox"][aria-label="Search everything"]');
    await app.type(input, 'invoice');
    const hits = await app.waitForElements('search results', '[data-testid="search-hit"]', 30_000);
    assert.ok(hits.length > 0);
    // Grouped by kind, with the matched word marked.
    const marked = await app.exec(
      'return Array.from(document.querySelectorAll("[data-testid=search-hit] mark")).map((m) => m.textContent.toLowerCase());',
    );
    assert.ok(
      marked.some((m) => m.startsWith('invoic')),
      `a hit marks the matched word; marks: ${JSON.stringify(marked.slice(0, 10))}`,
    );
    const groups = await app.find('#palette-results [role="group"]');
    assert.ok(groups.length >= 1);
  });

  it('exports research packs through the save dialog: a REFI-QDA project and a site', async () => {
    const exportAs = async (format, path) => {
      writeFileSync(join(home.dir, 'dialog-answer'), path);
      await app.exec('document.querySelector("[data-testid=open-pack]").click();');
      await app.waitForElements('the export dialog', '[data-testid="pack-dialog"]');
      await app.exec(`document.querySelector('input[name="pack-format"][value="${format}"]').click();`);
      await waitFor('the preview of the pack', () =>
        app.exec('const b = document.querySelector("[data-testid=pack-export]"); return !!b && !b.disabled && !!document.querySelector("[data-testid=pack-counts]");'),
      );
      await app.exec('document.querySelector("[data-testid=pack-export]").click();');
    };
    const qdpx = join(home.dir, 'demo.qdpx');
    await exportAs('qdpx', qdpx);
    await waitFor('the .qdpx file', () => existsSync(qdpx), 30_000);
    const bytes = readFileSync(qdpx);
    assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'a .qdpx is a zip');
    assert.ok(bytes.includes(Buffer.from('project.qde')), 'it holds project.qde');
    const site = join(home.dir, 'demo-site');
    await exportAs('html', site);
    await waitFor('the site folder', () => existsSync(join(site, 'index.html')), 30_000);
    assert.match(readFileSync(join(site, 'index.html'), 'utf8'), /Content-Security-Policy/);
  });

  it('runs the UI under the strict content security policy', async () => {
    const outcome = await app.exec(`
      window.__injected = false;
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.head.appendChild(s);
      let evaluated = false;
      try { eval('1'); evaluated = true; } catch (e) { /* refused by script-src */ }
      return { injected: window.__injected, evaluated };
    `);
    assert.deepEqual(outcome, { injected: false, evaluated: false }, 'inline script and eval are refused');
  });

  it('opens a workshop room that serves the phone page from the app and nothing else', async () => {
    const invoke = (cmd, args) =>
      app.exec(
        `return window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])
           .then((value) => ({ value }), (e) => ({ refusal: typeof e === 'string' ? e : (e.message ?? JSON.stringify(e)) }));`,
        cmd,
        args,
      );
    const made = await invoke('api', {
      request: { cmd: 'create_workshop', args: { input: { title: 'Desk jam', recipe: 'note_and_vote', settings: null, seed: {} } } },
    });
    assert.ok('value' in made, JSON.stringify(made));
    const id = made.value.id;
    const lan = await invoke('workshop_host', { request: { action: 'open', id, ip: '192.0.2.1', port: null, allow_network: false } });
    assert.ok('refusal' in lan, `a network address needs the facilitator's yes: ${JSON.stringify(lan)}`);
    const opened = await invoke('workshop_host', { request: { action: 'open', id, ip: '127.0.0.1', port: null, allow_network: false } });
    assert.ok('value' in opened && opened.value.open, JSON.stringify(opened));
    const origin = `http://${opened.value.addr}`;
    try {
      // The phone page comes from the files built into the app; the main app does not.
      const page = await fetch(`${origin}/`);
      assert.equal(page.status, 200);
      const html = await page.text();
      const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html);
      assert.ok(script, html);
      // Bodies are read to the end: a response left half-read holds its connection open.
      const bundle = await fetch(`${origin}/${script[1]}`);
      assert.equal(bundle.status, 200, script[1]);
      await bundle.arrayBuffer();
      const mainPage = await fetch(`${origin}/index.html`);
      assert.equal(mainPage.status, 404);
      await mainPage.arrayBuffer();
      const secret = opened.value.join_url.split('#k=')[1];
      const joined = await fetch(`${origin}/w/join`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify({ secret, nickname: 'Desk' }),
      });
      assert.equal(joined.status, 200, await joined.clone().text());
    } finally {
      const closed = await invoke('workshop_host', { request: { action: 'close', id } });
      assert.equal(closed.value?.open, false, JSON.stringify(closed));
    }
    await assert.rejects(fetch(`${origin}/`), 'the room is closed');
  });

  it('hands a second launch over to the running window', async () => {
    const second = spawn(APP, ['--workspace', home.workspace], { env: appEnv(home), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    second.stdout.on('data', (d) => (output += d));
    second.stderr.on('data', (d) => (output += d));
    const code = await new Promise((ok, fail) => {
      const timer = setTimeout(() => {
        second.kill('SIGKILL');
        fail(new Error(`the second launch was still running after 20 s (it should hand over and exit); output:\n${output}`));
      }, 20_000);
      second.on('exit', (c) => {
        clearTimeout(timer);
        ok(c);
      });
    });
    assert.equal(code, 0, `the second launch exits cleanly; output:\n${output}`);
    // The first window is still there and working.
    assert.match(await app.title(), /Groundwork/);
    assert.equal(await app.exec('return document.querySelectorAll("[data-testid=search-hit]").length > 0;'), true);
  });

  it('takes a command handed over by the CLI, and the window shows it live, without reloading', async () => {
    await app.exec('window.__notReloaded = true; location.hash = "#/notes";');
    await waitFor('the notes list', () => app.exec('return !!document.querySelector("[data-testid=list-row]") || /No notes/i.test(document.body.innerText);'));
    const file = join(home.dir, 'leeds.md');
    writeFileSync(file, '# Field notes from Leeds\n\nThey reconcile invoices by hand every Friday.\n');
    const cli = spawnSync(process.env.GROUNDWORK_BIN ?? join(ROOT, 'target/debug/groundwork'), ['--workspace', home.workspace, 'import', '--as', 'note', file], {
      env: appEnv(home),
      encoding: 'utf8',
    });
    assert.equal(cli.status, 0, `the CLI hands the import to the app; output:\n${cli.stdout}\n${cli.stderr}`);
    await waitFor('the imported note in the open list', () =>
      app.exec('return [...document.querySelectorAll("[data-testid=list-row]")].some((r) => r.textContent.includes("Field notes from Leeds"));'),
    );
    assert.equal(await app.exec('return window.__notReloaded === true;'), true, 'the window was not reloaded');
  });

  it('remembers its size and position after it is ended', async () => {
    const wanted = { x: 40, y: 30, width: 1000, height: 700 };
    await app.setRect(wanted);
    await waitFor('the window to take the new size', async () => {
      const r = await app.rect();
      return r.width === wanted.width && r.height === wanted.height;
    });
    // End it the way a logout does (SIGTERM): it exits as if its window were closed.
    const pids = appPids(home);
    assert.equal(pids.length, 1, `one app process runs: ${pids}`);
    process.kill(pids[0], 'SIGTERM');
    await waitFor('the app to exit', () => appPids(home).length === 0, 20_000);
    await app.close().catch(() => {});

    app = await launch(driver, ['--workspace', home.workspace]);
    await waitFor('the window title to name Groundwork', async () => /Groundwork/.test(await app.title()));
    // The window-state plugin puts the window back as it is created; allow it a moment.
    const restored = await waitFor('the window to come back at its last size and place', async () => {
      const r = await app.rect();
      return JSON.stringify(r) === JSON.stringify(wanted) ? r : null;
    }, 10_000).catch(async (e) => ({ failed: e.message, rect: await app.rect() }));
    assert.deepEqual(restored, wanted);
    // Reopened, not seeded again: the same interviews.
    const count = await waitFor('the Interviews count', async () => {
      const [el] = await app.find('[data-testid="nav-interviews"] .count');
      return el ? Number((await app.text(el)).trim()) || null : null;
    });
    assert.equal(count, demoInterviews);
  });

  it('switches to a new workspace and back through the workspace menu, and remembers the last one', async () => {
    const invoke = (path, create) =>
      app.exec(
        `return window.__TAURI_INTERNALS__.invoke('switch_workspace', { path: arguments[0], create: arguments[1] })
           .then((root) => ({ root }), (e) => ({ refusal: e.message ?? JSON.stringify(e) }));`,
        path,
        create,
      );
    // "New workspace…" asks the shell for a folder in its dialog (answered from the file the
    // app was started with), then makes this same call; the shell takes only that folder.
    const pick = (path, mode) => {
      writeFileSync(join(home.dir, 'dialog-answer'), path);
      return app.exec(`return window.__TAURI_INTERNALS__.invoke('pick_folder', { mode: arguments[0] });`, mode);
    };
    // A room open on this workspace closes when the window switches away from it.
    const host = (request) =>
      app.exec(`return window.__TAURI_INTERNALS__.invoke('workshop_host', { request: arguments[0] });`, request);
    const workshop = await app.exec(
      `return window.__TAURI_INTERNALS__.invoke('api', { request: { cmd: 'create_workshop', args: { input: { title: 'Before the switch', recipe: 'note_and_vote', settings: null, seed: {} } } } });`,
    );
    const room = await host({ action: 'open', id: workshop.id, ip: '127.0.0.1', port: null, allow_network: false });
    const page = await fetch(`http://${room.addr}/`);
    assert.equal(page.status, 200);
    await page.text();

    const second = join(home.dir, 'second');
    assert.match((await invoke(join(home.dir, 'made-up'), true)).refusal ?? '', /was not chosen/);
    assert.equal(await pick(second, 'new'), second);
    const made = await invoke(second, true);
    assert.ok(made.root, JSON.stringify(made));
    assert.ok(existsSync(join(second, 'groundwork.sqlite')), 'the new workspace was made');
    await app.exec('location.hash = "#/interviews"; location.reload(); return true;');
    await waitFor('the new, empty workspace', () => app.exec('return document.body.innerText.includes("No interviews yet");'));
    await assert.rejects(fetch(`http://${room.addr}/`), 'the room closed with the workspace it served');

    // A folder that is not a workspace is refused and left alone.
    assert.equal(await pick(home.env.XDG_CACHE_HOME, 'open'), home.env.XDG_CACHE_HOME);
    const refused = await invoke(home.env.XDG_CACHE_HOME, false);
    assert.match(refused.refusal ?? '', /not a Groundwork workspace/);

    // Back to the demo workspace through the menu's recent list.
    const [menu] = await app.find('button[aria-controls="workspace-menu"]');
    await app.click(menu);
    const recent = await app.waitForElements('the recent workspaces', '#workspace-menu button[role="menuitem"][title]');
    let back = null;
    for (const el of recent) if ((await app.text(el)).includes(home.workspace)) back = el;
    assert.ok(back, 'the demo workspace is listed as recent');
    await app.click(back);
    await waitFor('the demo workspace again', () =>
      app.exec('return document.body.innerText.includes("Demo: Priya Nair, Brightline Studio");'),
    );
    const remembered = readFileSync(join(home.env.XDG_CONFIG_HOME, 'app.groundwork.desktop', 'last-workspace'), 'utf8');
    assert.equal(remembered, home.workspace);
  });
});
