// Issue 13, item 1: another web page on this computer cannot act as the user. A hostile page
// is served by a second, real HTTP server on another loopback port and opened in the same
// Chromium profile as a signed-in Groundwork tab. It tries what worked before the fix (a
// `no-cors` text/plain POST with credentials, `empty_trash` included), a form post, CORS
// requests, the `localhost` spelling, reading the token and reading data; counting every kind
// of object before and after shows it could neither read nor change anything.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { api, useApp } from './helpers.mjs';

/** The attacker's page: each attempt records what it could see. */
function hostilePage(target) {
  const attacks = String.raw`
const target = ${JSON.stringify(target)};
const targetLocalhost = target.replace('127.0.0.1', 'localhost');
const results = [];
const note = (what, outcome) => results.push({ what, outcome });
const bodies = {
  create: JSON.stringify({ cmd: 'create_note', args: { input: { title: 'pwned' } } }),
  empty: JSON.stringify({ cmd: 'empty_trash' }),
  list: JSON.stringify({ cmd: 'list_interviews' }),
};
async function attempt(what, run) {
  try {
    note(what, await run());
  } catch (e) {
    note(what, 'threw: ' + e.message);
  }
}
(async () => {
  for (const base of [target, targetLocalhost]) {
    for (const [name, body] of Object.entries(bodies)) {
      // What worked before the fix: an opaque request with the cookie attached.
      await attempt('no-cors text/plain ' + name + ' at ' + base, async () => {
        const res = await fetch(base + '/api', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body });
        return 'opaque ' + res.type;
      });
      // A CORS request that could read the answer: needs a preflight the server never grants.
      await attempt('cors json ' + name + ' at ' + base, async () => {
        const res = await fetch(base + '/api', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body });
        return 'READ ' + res.status + ' ' + (await res.text()).slice(0, 200);
      });
    }
    await attempt('no-cors upload at ' + base, async () => {
      const res = await fetch(base + '/api/import?name=pwned.txt', { method: 'POST', mode: 'no-cors', credentials: 'include', body: 'pwned' });
      return 'opaque ' + res.type;
    });
    await attempt('cors GET of the UI at ' + base, async () => {
      const res = await fetch(base + '/', { credentials: 'include' });
      return 'READ ' + res.status;
    });
  }
  // A form post (text/plain), the oldest cross-site write, into a hidden frame.
  await new Promise((done) => {
    const frame = document.createElement('iframe');
    frame.name = 'sink';
    frame.style.display = 'none';
    document.body.append(frame);
    const form = document.createElement('form');
    form.method = 'POST';
    form.action = target + '/api';
    form.enctype = 'text/plain';
    form.target = 'sink';
    const field = document.createElement('input');
    field.name = '{"cmd":"empty_trash","x":"';
    field.value = '"}';
    form.append(field);
    document.body.append(form);
    frame.addEventListener('load', () => done(), { once: true });
    setTimeout(done, 3000);
    form.submit();
  });
  note('form post empty_trash', 'submitted');
  // Groundwork's storage is its origin's: this page sees only its own.
  note('token in this page storage', String(localStorage.getItem('groundwork.token')));
  note('cookies this page sees', document.cookie);
  window.__done = true;
  window.__results = results;
})();`;
  return `<!doctype html><meta charset="utf-8"><title>Totally harmless</title><p>Nothing to see.</p><script>${attacks}</script>`;
}

describe('a page served on another local port', () => {
  const app = useApp({ server: { demo: true } });
  let evil;
  let evilOrigin;

  before(async () => {
    evil = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(hostilePage(app.server.origin));
    });
    await new Promise((ok) => evil.listen(0, '127.0.0.1', ok));
    evilOrigin = `http://127.0.0.1:${evil.address().port}`;
  });

  after(() => evil?.close());

  it('can neither read nor change anything, empty_trash included', async () => {
    const { page, context } = app;
    // Something in the trash, so that emptying it would show.
    const notes = await api(page, 'list_notes');
    assert.ok(notes.length > 0, 'the demo has notes');
    await api(page, 'trash', { kind: 'note', id: notes[0].id });
    const before = await api(page, 'stats');
    const trashBefore = await api(page, 'list_trash');
    assert.ok(trashBefore.length >= 1);

    // Opened in the same browser profile as the signed-in tab, as a link the user clicked.
    const attacker = await context.newPage();
    await attacker.goto(`${evilOrigin}/`);
    await attacker.waitForFunction(() => window.__done === true, null, { timeout: 60_000 });
    const results = await attacker.evaluate(() => window.__results);
    await attacker.close();

    for (const { what, outcome } of results) {
      assert.doesNotMatch(outcome, /^READ/, `${what}: the page read an answer: ${outcome}`);
    }
    assert.ok(results.some((r) => r.what.startsWith('no-cors text/plain empty') && r.outcome === 'opaque opaque'), 'the no-cors empty_trash was sent');
    const token = results.find((r) => r.what === 'token in this page storage');
    assert.equal(token.outcome, 'null', 'the token is not readable from another port');
    assert.equal(results.find((r) => r.what === 'cookies this page sees').outcome, '');

    // Nothing changed: every kind counted, and the trash still holds its note.
    assert.deepEqual((await api(page, 'stats')).counts, before.counts);
    assert.deepEqual(await api(page, 'list_trash'), trashBefore);
    const titles = (await api(page, 'list_notes')).map((n) => n.title);
    assert.ok(!titles.includes('pwned'), 'no note was created');
    // And the user's own tab still works.
    await api(page, 'list_interviews');
  });
});
