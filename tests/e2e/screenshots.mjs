// Screenshots of the main screens, light and dark, into docs/screenshots/: headless
// Chromium against `groundwork serve` on a temp workspace holding the demo project.
// Run from tests/e2e after building the UI and the CLI: `npm run screenshots`.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { joinWorkshop, launchBrowser, openApp, ROOT, startServer } from './helpers.mjs';

const OUT = join(ROOT, 'docs/screenshots');
mkdirSync(OUT, { recursive: true });

const server = await startServer({ demo: true });
// A client that is not a browser names the origin it acts for (writes need the server's own).
const auth = { authorization: `Bearer ${server.token}`, origin: server.origin };
const call = async (cmd, args) => {
  const res = await fetch(`${server.origin}/api`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(args === undefined ? { cmd } : { cmd, args }) });
  const body = await res.json();
  if (!res.ok) throw new Error(`${cmd}: ${JSON.stringify(body)}`);
  return body;
};

const browser = await launchBrowser();
try {
  const [firstInterview] = (await call('list_interviews')).map((i) => i.id);
  const demo = { tree: (await call('list_trees'))[0].id };
  const shots = [
    ['overview', '#/overview', async (page) => page.getByTestId('meter-text').first().waitFor()],
    ['interview', `#/interviews/${firstInterview}`, async (page) => page.getByTestId('segment').first().waitFor()],
    ['search', '#/interviews', async (page) => {
      await page.keyboard.press('Control+k');
      await page.getByRole('combobox', { name: 'Search everything' }).pressSequentially('bank login', { delay: 25 });
      await page.getByTestId('search-hit').first().waitFor();
      await page.keyboard.press('ArrowDown');
    }],
    ['tree', `#/trees/${demo.tree}`, async (page) => {
      await page.getByTestId('outline-row').first().waitFor();
      await page.getByTestId('outline-row').filter({ has: page.getByTestId('evidence-badge') }).first().locator('input').focus();
      await page.getByTestId('evidence-list').locator('a').first().waitFor();
    }],
    ['tree-canvas', `#/trees/${demo.tree}`, async (page) => {
      await page.getByRole('button', { name: 'Canvas', exact: true }).click();
      await page.getByTestId('canvas-node').first().waitFor();
    }],
    ['highlights-overview', '#/highlights', async (page) => {
      await page.getByTestId('tag-matrix').waitFor();
    }],
    ['personas', '#/personas', async (page) => {
      await page.getByTestId('persona-card').first().locator('a.open').click();
      await page.getByTestId('statement').first().waitFor();
    }],
    ['highlights', '#/highlights', async (page) => {
      await page.getByTestId('list-row').nth(2).click();
      await page.getByTestId('highlight-context').waitFor();
    }],
    ['insight', '#/insights', async (page) => {
      await page.getByTestId('list-row').first().click();
      await page.getByTestId('evidence-quote').first().waitFor();
    }],
    ['pack', '#/overview', async (page) => {
      await page.getByRole('button', { name: 'Export pack…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Export research pack' });
      await dialog.getByTestId('pack-counts').waitFor();
      await dialog.getByRole('checkbox', { name: /^Names/ }).check();
      await dialog.getByTestId('pack-replacement').first().waitFor();
    }],
    ['import', '#/feedback', async (page) => {
      await page.getByTestId('list-row').first().waitFor();
      await page.keyboard.press('Control+i');
      await page.getByRole('dialog', { name: 'Import files' }).waitFor();
    }],
  ];
  for (const scheme of ['light', 'dark']) {
    const { page, context } = await openApp(browser, server, { colorScheme: scheme, viewport: { width: 1440, height: 900 } });
    for (const [name, hash, ready] of shots) {
      await page.evaluate((h) => (location.hash = h), hash);
      await ready(page);
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(OUT, `${name}-${scheme}.png`) });
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
    }
    await context.close();
  }
  await workshopShots(browser, server, call, auth);

  // A new user's first look: the empty workspace.
  const empty = await startServer();
  const { page } = await openApp(browser, empty, { viewport: { width: 1440, height: 900 } });
  await page.getByRole('heading', { name: 'Start with what customers said' }).waitFor();
  await page.screenshot({ path: join(OUT, 'empty-light.png') });
  await empty.stop();
  console.log(`screenshots written to ${OUT}`);
} finally {
  await browser.close();
  await server.stop();
}

/**
 * A workshop mid-way, seeded through the API and a few participants that are plain fetch
 * clients of the room (they name its origin, as a browser would): the projector's join
 * screen, the facilitator's board while the room votes, a 360 px phone voting, then the
 * revealed results with the heat map.
 */
async function workshopShots(browser, server, call, auth) {
  const host = async (request) => {
    const res = await fetch(`${server.origin}/api/workshops/host`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(request) });
    const body = await res.json();
    if (!res.ok) throw new Error(`workshops/host: ${JSON.stringify(body)}`);
    return body;
  };
  const w = await call('create_workshop', {
    input: { title: 'Onboarding problems, March', recipe: 'ldj', settings: null, seed: { tree_id: null, node_ids: [], highlight_ids: [], insight_ids: [] } },
  });
  const room = await host({ action: 'open', id: w.id, ip: '127.0.0.1', port: null, allow_network: false });
  const origin = new URL(room.join_url).origin;
  const secret = new URL(room.join_url).hash.replace(/^#k=/, '');
  const send = async (path, body, token) => {
    const res = await fetch(`${origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const answer = await res.json();
    if (!res.ok) throw new Error(`${path}: ${JSON.stringify(answer)}`);
    return answer;
  };
  const writes = [
    ['Setup asks for the bank details before we have seen any value', 'Nobody knows who to invite first'],
    ['The import choked on our 4,000-row spreadsheet', 'Bank step too early in setup'],
    ['Invites land in spam', 'I could not find where to change the currency'],
    ['Sample data would have helped me explore', 'Import errors do not say which row'],
    ['Too many emails in the first week'],
  ];
  const people = [];
  for (const [i, notes] of writes.entries()) {
    const seat = await send('/w/join', { secret, ...(i < 2 ? { nickname: ['Ana', 'Bo'][i] } : {}) });
    for (const [n, text] of notes.entries()) await send('/w/api', { cmd: 'put_note', args: { client_key: `seed-${i}-${n}`, text } }, seat.token);
    people.push(seat);
  }
  await call('advance_workshop', { id: w.id, step: 1 });
  // Group what says the same, and name the groups, as the facilitator would.
  const byText = async () => {
    const board = await call('workshop_board', { id: w.id });
    return new Map(board.groups.flatMap((g) => g.notes.map((n) => [n.text, { note: n.id, group: g.id }])));
  };
  let at = await byText();
  const group = async (title, texts) => {
    const into = at.get(texts[0]).group;
    for (const t of texts.slice(1)) await call('move_workshop_note', { note_id: at.get(t).note, group_id: into });
    await call('rename_workshop_group', { group_id: into, title });
    at = await byText();
  };
  await group('Bank details asked too early', ['Setup asks for the bank details before we have seen any value', 'Bank step too early in setup']);
  await group('Imports fail on real data', ['The import choked on our 4,000-row spreadsheet', 'Import errors do not say which row']);
  await call('advance_workshop', { id: w.id, step: 2 });
  const g = (text) => at.get(text).group;
  const dots = [
    { [g('Bank step too early in setup')]: 2, [g('Invites land in spam')]: 1 },
    { [g('Bank step too early in setup')]: 1, [g('Import errors do not say which row')]: 2 },
    { [g('Import errors do not say which row')]: 1, [g('Sample data would have helped me explore')]: 2 },
    { [g('Bank step too early in setup')]: 3 },
  ];
  for (const [i, votes] of dots.entries()) {
    for (const [group_id, count] of Object.entries(votes)) await send('/w/api', { cmd: 'set_vote', args: { group_id, count, supervote: false } }, people[i].token);
    await send('/w/api', { cmd: 'set_done', args: { done: true } }, people[i].token);
  }
  await call('set_workshop_timer', { id: w.id, action: { action: 'start', secs: 240 } });

  const shoot = async (page, name, scheme) => {
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(OUT, `${name}-${scheme}.png`) });
  };
  const pages = {};
  for (const scheme of ['light', 'dark']) {
    const { page } = await openApp(browser, server, { colorScheme: scheme, viewport: { width: 1440, height: 900 } });
    pages[scheme] = page;
    await page.evaluate((h) => (location.hash = h), `#/workshops/${w.id}?view=join`);
    await page.getByRole('img', { name: /QR code/ }).waitFor();
    await shoot(page, 'workshop-join', scheme);
    await page.evaluate((h) => (location.hash = h), `#/workshops/${w.id}`);
    await page.getByTestId('board-group').first().waitFor();
    await shoot(page, 'workshop-board', scheme);

    const phone = await joinWorkshop(browser, room.join_url, { phone: true, colorScheme: scheme, deviceScaleFactor: 2 });
    await phone.page.getByRole('button', { name: 'Give a vote to “Bank details asked too early”' }).tap();
    await phone.page.getByText('2 votes left').waitFor();
    await shoot(phone.page, 'workshop-phone', scheme);
    await phone.context.close();
  }
  await call('advance_workshop', { id: w.id, step: 3 });
  for (const scheme of ['light', 'dark']) {
    const page = pages[scheme];
    await page.getByTestId('result-row').first().waitFor();
    await shoot(page, 'workshop-results', scheme);
    await page.context().close();
  }
  await host({ action: 'close', id: w.id });
}
