// The server refuses anything without the per-run token; the printed URL signs a browser in.
// The token is never a cookie (browsers send cookies to every port of 127.0.0.1): the page
// keeps it in its own origin's storage and sends it in the Authorization header.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, startServer } from './helpers.mjs';

describe('access token', () => {
  let server, browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const post = (headers = {}) =>
    fetch(`${server.origin}/api`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.origin, ...headers },
      body: JSON.stringify({ cmd: 'list_interviews' }),
    });

  it('refuses API requests without the token with 401 and a readable error', async () => {
    const res = await post();
    assert.equal(res.status, 401);
    const body = await res.json();
    assert.equal(body.code, 'unauthorized');
    assert.match(body.message, /token/);
  });

  it('takes the token only as a header: a wrong one, or the right one in a cookie or the URL, is refused', async () => {
    assert.equal((await post({ authorization: `Bearer ${'0'.repeat(64)}` })).status, 401);
    const link = await fetch(server.url, { redirect: 'manual' });
    assert.equal(link.headers.get('set-cookie'), null, 'the printed link sets no cookie');
    assert.equal((await post({ cookie: `groundwork_token=${server.token}` })).status, 401);
    const inUrl = await fetch(`${server.origin}/api?token=${server.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.origin },
      body: JSON.stringify({ cmd: 'list_interviews' }),
    });
    assert.equal(inUrl.status, 401);
    assert.equal((await post({ authorization: `Bearer ${server.token}` })).status, 200, 'the header works');
  });

  it('refuses imports without the token; the UI loads, holding no data', async () => {
    const imp = await fetch(`${server.origin}/api/import?name=a.vtt`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', origin: server.origin },
      body: 'WEBVTT\n',
    });
    assert.equal(imp.status, 401);
    const page = await fetch(`${server.origin}/`);
    assert.equal(page.status, 200, 'the built UI is public: it holds no data');
  });

  it('signs a browser in through the printed URL, and not without it', async () => {
    const stranger = await browser.newContext();
    const lost = await stranger.newPage();
    await lost.goto(`${server.origin}/`);
    await lost.getByText(/not signed in/i).first().waitFor();
    assert.equal(await lost.locator('[data-testid=workspace-name]').count(), 0);
    await stranger.close();

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForURL((u) => !u.searchParams.has('token'));
    await page.getByTestId('workspace-name').waitFor();
    assert.deepEqual(await context.cookies(), [], 'no cookie: it would be sent to every local port');
    assert.equal(await page.evaluate(() => localStorage.getItem('groundwork.token')), server.token);
    // A reload keeps the session (the token is in this origin's storage).
    await page.reload();
    await page.getByTestId('workspace-name').waitFor();
    await context.close();
  });
});
