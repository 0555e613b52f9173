// The real desktop binary under WebDriver: tauri-driver in front of Debian's WebKitWebDriver,
// spoken to with plain W3C WebDriver calls over fetch. Everything the app writes (window
// state, WebKit data) goes to a temp folder; the workspace is a temp folder too.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const APP = process.env.GROUNDWORK_DESKTOP_BIN ?? join(ROOT, 'target/debug/groundwork-desktop');
export const NATIVE_DRIVER = process.env.WEBKIT_WEBDRIVER ?? '/usr/bin/WebKitWebDriver';

function which(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* not here */
    }
  }
  return null;
}

export const TAURI_DRIVER = process.env.TAURI_DRIVER ?? which('tauri-driver');

/** Fail (never skip) with what is missing and how to get it. */
export function requirePrerequisites() {
  const missing = [];
  if (!existsSync(APP)) missing.push(`${APP} (run: npm --prefix ui run build && cargo build -p groundwork-desktop)`);
  if (!TAURI_DRIVER) missing.push('tauri-driver (run: cargo install tauri-driver --locked --version 2.1.0)');
  if (!existsSync(NATIVE_DRIVER)) missing.push(`${NATIVE_DRIVER} (run: apt-get install -y webkit2gtk-driver)`);
  if (!process.env.DISPLAY) missing.push('an X display (run the test through `npm test`, which uses xvfb-run)');
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) missing.push('a D-Bus session bus (run the test through `npm test`, which uses dbus-run-session)');
  if (missing.length) throw new Error(`the desktop smoke test needs:\n  ${missing.join('\n  ')}`);
}

async function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

export const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** Poll `check` until it returns something truthy; fail with `what` and the last value. */
export async function waitFor(what, check, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await check();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${last?.stack ?? JSON.stringify(last)}`);
    await sleep(150);
  }
}

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf'; // W3C WebDriver's element reference key

/** A folder for one run: the workspace and the app's config/data/cache homes. */
export function tempHome() {
  const dir = mkdtempSync(join(tmpdir(), 'gw-desktop-'));
  const env = {
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_CACHE_HOME: join(dir, 'cache'),
  };
  // WebKit's helper processes may still be writing their caches as they exit: retry.
  const remove = () => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  return { dir, workspace: join(dir, 'workspace'), env, remove };
}

/** The environment the app runs with: no workspace override leaking in from outside. */
export function appEnv(home, extra = {}) {
  const env = { ...process.env, ...home.env, RUST_BACKTRACE: '1', ...extra };
  delete env.GROUNDWORK_WORKSPACE;
  return env;
}

/** Pids of the processes running with this home: the app and its WebKit helpers (`appOnly`: just the app). */
export function homePids(home, { appOnly = false } = {}) {
  const exe = realpathSync(APP);
  const marker = `XDG_CONFIG_HOME=${home.env.XDG_CONFIG_HOME}`;
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((pid) => {
      try {
        if (appOnly && realpathSync(`/proc/${pid}/exe`) !== exe) return false;
        return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Pids of the app processes running with this home (WebKitWebDriver starts them, not us). */
export const appPids = (home) => homePids(home, { appOnly: true });

/**
 * After the session is closed and the driver stopped: wait for the app and its helpers to
 * exit, then let the temp home go. Whatever is still running after 20 s is named on stderr
 * (so a run says which process outlived its window) and killed, so it cannot hold the run.
 */
export async function endRun(home) {
  if (!home) return;
  try {
    await waitFor('the app and its helpers to exit', () => homePids(home).length === 0, 20_000);
  } catch {
    for (const pid of homePids(home)) {
      let cmd = '?';
      try {
        cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      } catch {
        /* it exited meanwhile */
      }
      console.error(`still running 20 s after the session closed, killed: ${pid} ${cmd}`);
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* it exited meanwhile */
      }
    }
  }
  home.remove();
}

/** Start tauri-driver; resolves once it answers /status. */
export async function startDriver(env) {
  const port = await freePort();
  const nativePort = await freePort();
  const proc = spawn(TAURI_DRIVER, ['--port', String(port), '--native-port', String(nativePort), '--native-driver', NATIVE_DRIVER], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  proc.stdout.on('data', (d) => (log += d));
  proc.stderr.on('data', (d) => (log += d));
  const exited = new Promise((ok) => proc.on('exit', (code) => ok(code)));
  const base = `http://127.0.0.1:${port}`;
  await waitFor(
    'tauri-driver to listen',
    async () => {
      if (proc.exitCode !== null) throw new Error(`tauri-driver exited with ${proc.exitCode}:\n${log}`);
      const res = await fetch(`${base}/status`).catch(() => null);
      return res?.ok;
    },
    20_000,
  );
  return {
    base,
    log: () => log,
    async stop() {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await Promise.race([exited, sleep(5_000).then(() => proc.kill('SIGKILL'))]);
      }
      // WebKitWebDriver and the app inherit these pipes: one of them still running would
      // otherwise keep this test process alive until the runner's timeout.
      proc.stdout.destroy();
      proc.stderr.destroy();
    },
  };
}

async function call(base, method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    // A driver that stopped answering fails the step instead of holding the run.
    signal: AbortSignal.timeout(120_000),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${method} ${path}: ${res.status} and not JSON: ${text.slice(0, 500)}`);
  }
  if (!res.ok || json?.value?.error) {
    throw new Error(`${method} ${path}: ${res.status} ${json?.value?.error ?? ''}: ${json?.value?.message ?? text.slice(0, 500)}`);
  }
  return json.value;
}

/** A WebDriver session on the desktop app, launched with `args`. */
export async function launch(driver, args) {
  const value = await call(driver.base, 'POST', '/session', {
    capabilities: { alwaysMatch: { 'tauri:options': { application: APP, args } } },
  });
  const s = `/session/${value.sessionId}`;
  const wd = (method, path, body) => call(driver.base, method, `${s}${path}`, body);
  const session = {
    id: value.sessionId,
    title: () => wd('GET', '/title'),
    rect: () => wd('GET', '/window/rect'),
    setRect: (rect) => wd('POST', '/window/rect', rect),
    /** Run a function body in the page; `arguments` are `args`. */
    exec: (script, ...args) => wd('POST', '/execute/sync', { script, args }),
    async find(css) {
      const found = await wd('POST', '/elements', { using: 'css selector', value: css });
      return found.map((e) => e[ELEMENT]);
    },
    text: (el) => wd('GET', `/element/${el}/text`),
    click: (el) => wd('POST', `/element/${el}/click`, {}),
    type: (el, text) => wd('POST', `/element/${el}/value`, { text }),
    /** Press a key with modifiers held, e.g. chord(['Control'], 'k'). */
    async chord(modifiers, key) {
      const code = { Control: '\uE009', Shift: '\uE008', Alt: '\uE00A', Meta: '\uE03D' };
      const down = modifiers.map((m) => ({ type: 'keyDown', value: code[m] }));
      const up = modifiers.map((m) => ({ type: 'keyUp', value: code[m] })).reverse();
      await wd('POST', '/actions', {
        actions: [{ type: 'key', id: 'keyboard', actions: [...down, { type: 'keyDown', value: key }, { type: 'keyUp', value: key }, ...up] }],
      });
      await wd('DELETE', '/actions');
    },
    /** Wait until `css` matches at least one element; returns them. */
    async waitForElements(what, css, timeoutMs) {
      return waitFor(what, async () => {
        const els = await session.find(css);
        return els.length ? els : null;
      }, timeoutMs);
    },
    close: () => call(driver.base, 'DELETE', s),
  };
  return session;
}

function children() {
  const byParent = new Map();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!byParent.has(ppid)) byParent.set(ppid, []);
      byParent.get(ppid).push(Number(pid));
    } catch {
      /* gone */
    }
  }
  return byParent;
}

/** The process and all its descendants, with RSS (and its anonymous part) and PSS in KiB. */
export function memoryOfTree(root) {
  const byParent = children();
  const out = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop();
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const name = /^Name:\s+(.*)$/m.exec(status)[1];
      const rss = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      const anon = Number(/^RssAnon:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      const pss = Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
      out.push({ pid, name, rss, anon, pss });
    } catch {
      /* gone */
    }
    stack.push(...(byParent.get(pid) ?? []));
  }
  return out;
}
