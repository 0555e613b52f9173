// The server refuses anything without the per-run token; the printed URL signs a browser in.
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
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ cmd: 'list_interviews' }),
    });

  it('refuses API requests without the token with 401 and a readable error', async () => {
    const res = await post();
    assert.equal(res.status, 401);
    const body = await res.json();
    assert.equal(body.code, 'unauthorized');
    assert.match(body.message, /token/);
  });

  it('refuses a wrong token, in a cookie or a header', async () => {
    assert.equal((await post({ authorization: `Bearer ${'0'.repeat(64)}` })).status, 401);
    const cookie = (await fetch(`${server.url}`, { redirect: 'manual' })).headers.get('set-cookie').split(';')[0];
    const [name] = cookie.split('=');
    assert.equal((await post({ cookie: `${name}=${'f'.repeat(64)}` })).status, 401);
    assert.equal((await post({ cookie })).status, 200, 'the real cookie works');
  });

  it('refuses imports and the UI itself without the token', async () => {
    const imp = await fetch(`${server.origin}/api/import?name=a.vtt`, { method: 'POST', body: 'WEBVTT\n' });
    assert.equal(imp.status, 401);
    const page = await fetch(`${server.origin}/`);
    assert.equal(page.status, 401);
    assert.doesNotMatch(await page.text(), /<script/);
  });

  it('signs a browser in through the printed URL, and not without it', async () => {
    const stranger = await browser.newPage();
    const res = await stranger.goto(`${server.origin}/`);
    assert.equal(res.status(), 401);
    assert.equal(await stranger.locator('[data-testid=workspace-name]').count(), 0);
    await stranger.close();

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForURL((u) => !u.searchParams.has('token'));
    await page.getByTestId('workspace-name').waitFor();
    const cookies = await context.cookies();
    assert.ok(cookies.some((c) => c.httpOnly && c.value === server.token), 'an HttpOnly cookie carries the token');
    assert.equal(await page.evaluate(() => document.cookie), '', 'script cannot read it');
    await context.close();
  });
});
