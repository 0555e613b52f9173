// A Lightning Decision Jam run from this computer, as issue 17's "Done when" has it: the
// facilitator creates it, opens it to the room (loopback here) and shows the join screen; six
// people join from their own browsers (two phones; one types the code), write problems (one
// of them hostile text), the facilitator groups two and names the group, everyone dot-votes
// while nothing about the others reaches a phone, one phone votes offline and is closed and
// reopened before its votes are sent, the results are revealed, solutions are written and
// voted on, a participant made the decider places a supervote, and the top two solutions go
// into a tree as one undoable change that links them to the workshop. Last, one person is
// removed and their phone says so.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { api, audit, eventsOf, goto, joinWorkshop, stepShown, useApp, watchPage } from './helpers.mjs';

const TITLE = 'Export pains, March';
const TREE = 'More teams export every week';
const OPPORTUNITY = 'Exports are too slow to run before a meeting';
const NICK = 'Zed Quillfeather';
const HOSTILE = ['<img src=x onerror=alert(1)>', '</script><script>alert(2)</script>', '\u202Egnp.exe', 'W'.repeat(280)];
/** The room shows a note as it is: the engine takes out the marks that reorder text. */
const SHOWN = HOSTILE.map((t) => t.replace(/\u202E/g, ''));
const GROUPED = 'Slow exports';

/** Who joins, how, and the problems they write. */
const PEOPLE = [
  { name: 'p1', phone: true, writes: ['Exports are slow'] },
  { name: 'p2', writes: HOSTILE },
  { name: 'p3', phone: true, writes: ['Onboarding asks for the bank too early'] },
  { name: 'p4', code: true, nickname: NICK, writes: ['Nobody reads the release notes'] },
  { name: 'p5', writes: ['Exports time out on big projects', 'Search misses old notes'] },
  { name: 'p6', writes: ['Sharing a board needs an admin'] },
];
/** Each person's dots on the problems (by the group's label on the phones), 3 each. */
const PROBLEM_VOTES = {
  p1: { [GROUPED]: 3 },
  p2: { [GROUPED]: 2, [SHOWN[0]]: 1 },
  p3: { 'Onboarding asks for the bank too early': 2, 'Search misses old notes': 1 }, // offline
  p4: { [GROUPED]: 1, 'Onboarding asks for the bank too early': 2 },
  p5: { [GROUPED]: 1, 'Search misses old notes': 1, 'Nobody reads the release notes': 1 },
  p6: { 'Onboarding asks for the bank too early': 1, 'Sharing a board needs an admin': 2 },
};
const SOLUTIONS = {
  p1: 'Export in the background and notify',
  p2: 'Stream CSV rows as they are ready',
  p3: 'Ask for bank details after the first invoice',
  p4: 'Cache yesterday’s export',
};
const SOLUTION_VOTES = {
  p1: { [SOLUTIONS.p1]: 3 },
  p2: { [SOLUTIONS.p2]: 2, [SOLUTIONS.p1]: 1 },
  p3: { [SOLUTIONS.p3]: 3 },
  p4: { [SOLUTIONS.p2]: 1, [SOLUTIONS.p4]: 2 },
  p5: { [SOLUTIONS.p1]: 2, [SOLUTIONS.p2]: 1 },
  p6: { [SOLUTIONS.p2]: 3 },
};

/** Sum of everyone's dots per label. */
function totals(plan) {
  const t = {};
  for (const votes of Object.values(plan)) for (const [label, n] of Object.entries(votes)) t[label] = (t[label] ?? 0) + n;
  return t;
}

async function until(what, fn, ms = 20_000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${what} never happened (last: ${JSON.stringify(last)})`);
}

/** A group's name as the facilitator's screens give it: its title, else its first note. */
const label = (g) => g.title.trim() || g.notes[0]?.text || '';

/** Tap (on a touch screen) or click. */
const press = (person, locator) => (person.phone ? locator.tap() : locator.click());

describe('a workshop: from the join screen to solutions in the tree', () => {
  const app = useApp();
  const ctx = { people: [] };
  const board = () => api(app.page, 'workshop_board', { id: ctx.id });
  const groupsOn = async (name) => (await board()).groups.filter((g) => g.board === name);

  async function next(line) {
    const { page } = app;
    await page.getByRole('button', { name: 'Next →' }).click();
    await page.getByRole('navigation', { name: 'Steps' }).getByText(line).waitFor();
  }

  /** Every person taps their dots (supervote: the decider's stars) and waits for them to land. */
  async function vote(person, plan, { supervote = false } = {}) {
    const what = supervote ? 'supervote' : 'vote';
    for (const [name, n] of Object.entries(plan)) {
      const plus = person.page.getByRole('button', { name: `Give a ${what} to “${name}”`, exact: true });
      for (let i = 0; i < n; i++) await press(person, plus);
    }
  }

  it('creates a Lightning Decision Jam, opens it to the room and shows the join screen', async () => {
    const { page } = app;
    // Set up elsewhere: the tree the results go into.
    const tree = await api(page, 'create_tree', { input: { title: TREE } });
    const opp = await api(page, 'create_tree_node', { tree_id: tree.id, input: { title: OPPORTUNITY, kind: 'opportunity' } });
    ctx.tree = tree.id;
    ctx.opportunity = opp.id;

    await goto(page, '#/workshops');
    await page.getByRole('heading', { name: 'No workshops yet' }).waitFor();
    await page.getByTestId('new-workshop').click();
    const dialog = page.getByRole('dialog', { name: 'New workshop' });
    await dialog.getByLabel('Title').fill(TITLE);
    await dialog.getByRole('radio', { name: /Lightning Decision Jam/ }).check();
    await dialog.getByRole('button', { name: 'Create workshop' }).click();
    await page.getByTestId('workshop-screen').waitFor();
    ctx.id = /#\/workshops\/([^?/]+)/.exec(page.url())[1];
    await page.getByRole('navigation', { name: 'Steps' }).getByText('1 of 9 · Write problems').waitFor();

    // Loopback is chosen unless the facilitator lets the network in.
    const host = page.getByRole('region', { name: 'Open to the room' });
    const openButton = host.getByRole('button', { name: 'Open', exact: true });
    await openButton.waitFor();
    assert.equal(await host.locator('input[name=host-ip]:checked').inputValue(), '127.0.0.1');
    assert.equal(await host.getByRole('checkbox', { name: 'Let people on this network join' }).isChecked(), false);
    await openButton.click();
    const link = host.getByLabel('Join link');
    await link.waitFor();
    ctx.joinUrl = await link.inputValue();
    assert.match(ctx.joinUrl, /^http:\/\/127\.0\.0\.1:\d+\/#k=\S+$/);
    ctx.room = new URL(ctx.joinUrl).origin;

    await host.getByRole('button', { name: 'Show join screen' }).click();
    const join = page.getByTestId('join-screen');
    const qr = join.getByRole('img', { name: 'QR code that opens the workshop on a phone' });
    await qr.waitFor();
    assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR code is drawn');
    const code = join.locator('.code');
    await code.waitFor();
    ctx.code = (await code.innerText()).trim();
    assert.match(ctx.code, /^[A-HJ-NP-Z2-9]{6}$/);
    assert.ok((await join.innerText()).includes(ctx.room), 'the join screen shows the address to type');
    assert.ok(!(await join.innerText()).includes('#k='), 'the projected link carries no secret');
    await join.getByText('0 joined').waitFor();
    await audit(page, 'join screen');
  });

  it('lets six people join: five by the link, one by typing the code', async () => {
    const { browser, page } = app;
    for (const p of PEOPLE) {
      const joined = await joinWorkshop(browser, ctx.joinUrl, {
        phone: !!p.phone,
        code: p.code ? ctx.code : null,
        nickname: p.nickname ?? '',
        capture: true,
      });
      const person = { ...p, ...joined, api: [] };
      // Every answer to a write, as it came over the network.
      person.page.on('response', async (r) => {
        if (new URL(r.url()).pathname === '/w/api') person.api.push(await r.text().catch(() => ''));
      });
      ctx.people.push(person);
    }
    await page.getByTestId('join-screen').getByText('6 joined').waitFor();
    await page.getByRole('button', { name: '← Back to the workshop' }).click();
    const seats = (await board()).seats;
    assert.equal(seats.length, 6);
    assert.equal(seats.filter((s) => s.nickname === NICK).length, 1, 'the code join kept its nickname');
    ctx.seats = seats.map((s) => s.id);

    // A stream that says "removed" from the room's copy of the workshop read just before the
    // seat joined (a race on a busy laptop) must not make the phone forget its seat.
    const p6 = ctx.people.at(-1);
    let told = 0;
    await p6.page.route('**/w/events', async (route) => {
      if (told++) return route.fallback();
      await route.fulfill({ status: 200, contentType: 'text/event-stream', body: 'event: removed\ndata: {}\n\n' });
    });
    await p6.page.reload();
    await stepShown(p6.page, 1);
    await until('the phone listening again', async () => told >= 2);
    assert.ok(await p6.page.evaluate(() => localStorage.getItem('groundwork.seat')), 'the seat is kept');
    await p6.page.unrouteAll();
  });

  it('collects problems: each phone sees only its own; the facilitator sees all', async () => {
    const { page } = app;
    for (const p of ctx.people) {
      for (const text of p.writes) {
        await p.page.getByLabel('Your note', { exact: true }).fill(text);
        await press(p, p.page.getByRole('button', { name: 'Add', exact: true }));
      }
      await p.page.getByRole('heading', { name: `Your notes (${p.writes.length})` }).waitFor();
    }
    const all = ctx.people.flatMap((p) => p.writes);
    await until('every note on the board', async () => (await groupsOn('problems')).length === all.length);
    for (const p of ctx.people) await until(`${p.name}’s notes sent`, async () => (await p.page.getByText('Sending…').count()) === 0);

    // Nobody sees anybody else's notes while writing: not on the screen, not on the wire.
    for (const p of ctx.people) {
      const text = await p.page.locator('body').innerText();
      const wire = (await eventsOf(p.page)).raw + p.api.join('');
      for (const other of ctx.people.filter((o) => o !== p)) {
        for (const t of other.writes) {
          if (p.writes.includes(t)) continue;
          assert.ok(!text.includes(t), `${p.name}’s screen shows ${other.name}’s note “${t.slice(0, 30)}”`);
          assert.ok(!wire.includes(JSON.stringify(t).slice(1, -1)), `${p.name}’s traffic carries ${other.name}’s note “${t.slice(0, 30)}”`);
        }
      }
    }

    // The facilitator's board shows them all, hostile text as text.
    const groups = page.getByTestId('board-group');
    await until('the board shows every note', async () => (await groups.count()) === all.length);
    for (const t of all.map((t) => t.replace(/\u202E/g, ''))) await groups.locator('.text').filter({ hasText: t }).first().waitFor();
    const rlo = await groups.locator('.text').filter({ hasText: 'gnp.exe' }).innerText();
    assert.equal(rlo, 'gnp.exe', 'the right-to-left override is taken out: the note reads as what it is');
    assert.equal(await page.locator('img[src="x"]').count(), 0);
  });

  it('groups two notes from the keyboard and names the group', async () => {
    const { page } = app;
    await next('2 of 9 · Group problems');
    const onBoard = page.getByTestId('board-group');
    const note = onBoard.locator('li.note').filter({ hasText: 'Exports time out on big projects' });
    await note.getByRole('button', { name: 'Select to move' }).click();
    const mover = page.getByRole('group', { name: 'Move the selected note' });
    await mover.getByRole('combobox').selectOption({ label: 'Exports are slow' });
    await until('the two notes in one group', async () => (await groupsOn('problems')).some((g) => g.notes.length === 2));
    const both = onBoard.filter({ hasText: 'Exports time out on big projects' }).filter({ hasText: 'Exports are slow' });
    await both.waitFor();
    const name = both.getByRole('textbox', { name: /^Name of the group/ });
    await name.fill(GROUPED);
    await name.press('Enter');
    await until('the group named', async () => (await groupsOn('problems')).some((g) => g.title === GROUPED && g.notes.length === 2));
    // The phones see the named group with both notes.
    for (const p of ctx.people) await p.page.getByRole('heading', { name: GROUPED, exact: true }).waitFor();
  });

  it('votes with hidden totals; an offline phone’s votes land once after it is reopened', async () => {
    const { page } = app;
    await next('3 of 9 · Vote on problems');
    for (const p of ctx.people) await p.page.getByText('3 votes left').waitFor();

    const offline = ctx.people.find((p) => p.name === 'p3');
    const cut = (route) => route.abort('internetdisconnected');
    // The page says which step it shows (`/w/api?step=N`): match the query too.
    const WRITES = /\/w\/api(\?.*)?$/;
    await offline.context.route(WRITES, cut);
    for (const p of ctx.people) await vote(p, PROBLEM_VOTES[p.name]);
    for (const p of ctx.people) await p.page.getByText('0 votes left').waitFor();

    // The phone that cannot send says so and keeps its votes; closed, they wait in its storage.
    await offline.page.getByText(/Can’t send just now/).waitFor();
    const queued = JSON.parse(await offline.page.evaluate(() => localStorage.getItem('groundwork.outbox')));
    assert.deepEqual(queued.map((e) => e.write.cmd), ['set_vote', 'set_vote'], 'one queued write per group (the newest count)');
    offline.closedEvents = await eventsOf(offline.page);
    await offline.page.close();

    const expected = totals(PROBLEM_VOTES);
    const landed = async () => {
      const gs = await groupsOn('problems');
      return Object.fromEntries(gs.filter((g) => g.votes > 0).map((g) => [label(g), g.votes]));
    };
    await until('the five online phones’ votes', async () => {
      const t = await landed();
      return Object.values(t).reduce((a, b) => a + b, 0) === 15 && t;
    });

    // Reopened (same phone: same storage), with the network still down, then back.
    const reopened = await offline.context.newPage();
    watchPage(reopened, offline.problems);
    const sent = [];
    reopened.on('response', async (r) => {
      if (new URL(r.url()).pathname !== '/w/api') return;
      const body = r.request().postDataJSON();
      if (r.status() === 200 && body?.cmd === 'set_vote') sent.push(body.args);
      offline.api.push(await r.text().catch(() => ''));
    });
    await reopened.goto(`${ctx.room}/`);
    offline.page = reopened;
    await stepShown(reopened, 3);
    await offline.context.unroute(WRITES, cut);
    await until('the queued votes sent', async () => (await reopened.evaluate(() => localStorage.getItem('groundwork.outbox'))) === null);
    await reopened.getByText('0 votes left').waitFor();
    assert.deepEqual(await landed(), expected, 'every vote counted, the offline ones once');
    assert.equal(sent.length, 2, `each queued vote sent once: ${JSON.stringify(sent)}`);
    assert.deepEqual((await board()).seats.map((s) => s.votes_used), [3, 3, 3, 3, 3, 3], 'votes used, per seat');

    // Nothing about the others reached a phone: no totals, no ids, no names.
    for (const p of ctx.people) {
      const events = await eventsOf(p.page);
      const frames = [...(p.closedEvents?.frames ?? []), ...events.frames].filter((f) => f.event === 'view');
      const views = [...frames.map((f) => JSON.parse(f.data)), ...p.api.filter((b) => b.startsWith('{"')).map((b) => JSON.parse(b))].filter((v) => v.activity);
      assert.ok(views.length > 0, `${p.name}: views captured`);
      const mine = views[0].me.id;
      for (const v of views) {
        if (v.activity === 'write' || v.activity === 'group' || v.activity === 'vote') {
          for (const g of v.groups ?? []) {
            assert.equal(g.votes, null, `${p.name}: a total reached the phone during ${v.activity}`);
            assert.equal(g.supervotes, null, `${p.name}: a supervote total reached the phone during ${v.activity}`);
          }
        }
        assert.equal(v.me.id, mine);
      }
      const wire = [p.closedEvents?.raw ?? '', events.raw, ...p.api].join('\n');
      for (const other of ctx.seats.filter((id) => id !== mine)) assert.ok(!wire.includes(other), `${p.name}: another participant’s id reached the phone`);
      if (p.nickname !== NICK) assert.ok(!wire.includes('Quillfeather'), `${p.name}: another participant’s nickname reached the phone`);

      // On the screen: my dots only; the exports group took 7 in all, which no phone shows.
      const card = p.page.locator('li.card').filter({ has: p.page.getByRole('heading', { name: GROUPED, exact: true }) });
      const own = PROBLEM_VOTES[p.name][GROUPED] ?? 0;
      assert.equal(await card.getByRole('group').locator('.count').innerText().then((t) => parseInt(t, 10)), own);
      assert.ok(!(await card.innerText()).includes('7'), `${p.name}: the phone shows a total`);
      assert.equal(await p.page.locator('.total').count(), 0);
    }
    await audit(ctx.people[0].page, 'phone while voting');

    // The facilitator's board hides the totals until asked (it is often projected).
    assert.equal(await page.getByTestId('board-group').locator('.votes').count(), 0);
    await page.getByRole('checkbox', { name: 'Show totals' }).check();
    await page.getByTestId('board-group').filter({ hasText: 'Exports are slow' }).getByText('7 votes').waitFor();
  });

  it('reveals the ranking with totals on every phone', async () => {
    const { page } = app;
    await next('4 of 9 · Reveal problems');
    const rows = page.getByTestId('result-row');
    await rows.first().filter({ hasText: GROUPED }).filter({ hasText: '7 votes' }).waitFor();
    for (const p of ctx.people) {
      const first = p.page.locator('ol.list > li').first();
      await first.filter({ hasText: GROUPED }).filter({ hasText: '7 votes' }).waitFor();
      await p.page.locator('ol.list > li').nth(1).filter({ hasText: 'Onboarding asks for the bank too early' }).filter({ hasText: '5 votes' }).waitFor();
      // The hostile notes, as text.
      for (const t of SHOWN) assert.equal(await p.page.getByRole('heading', { name: t, exact: true }).innerText(), t);
      assert.equal(await p.page.locator('img[src="x"]').count(), 0);
      assert.ok(!(await p.page.locator('body').innerText()).includes('\u202E'));
    }
    // The facilitator's ranking shortens a long note to its first 59 characters.
    for (const t of SHOWN) await rows.filter({ hasText: t.length > 60 ? t.slice(0, 59) : t }).waitFor();
  });

  it('writes and votes on solutions; the decider places a supervote', async () => {
    const { page } = app;
    await next('5 of 9 · Write “How might we…”');
    await page.getByLabel('Your note', { exact: true }).fill('How might we make an export feel instant?');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByTestId('board-group').filter({ hasText: 'How might we make an export feel instant?' }).waitFor();

    await next('6 of 9 · Write solutions');
    const writers = ctx.people.filter((p) => SOLUTIONS[p.name]);
    for (const p of writers) {
      await stepShown(p.page, 6);
      await p.page.getByLabel('Your note', { exact: true }).fill(SOLUTIONS[p.name]);
      await press(p, p.page.getByRole('button', { name: 'Add', exact: true }));
      await p.page.getByRole('heading', { name: 'Your notes (1)' }).waitFor();
    }
    await until('the solutions on the board', async () => (await groupsOn('solutions')).length === writers.length);

    await next('7 of 9 · Vote on solutions');
    for (const p of ctx.people) await p.page.getByText('3 votes left').waitFor();
    for (const p of ctx.people) await vote(p, SOLUTION_VOTES[p.name]);
    const expected = totals(SOLUTION_VOTES);
    await until('every solution vote', async () => {
      const gs = await groupsOn('solutions');
      return gs.every((g) => g.votes === (expected[label(g)] ?? 0));
    });

    // The decider is chosen in the Participants panel (by the nickname they gave).
    const people = page.getByRole('region', { name: /^Participants/ });
    const seat = people.getByRole('listitem').filter({ hasText: NICK });
    await seat.getByRole('button', { name: 'Make decider' }).click();
    await seat.getByText('Decider', { exact: true }).waitFor();

    await next('8 of 9 · Decide on solutions');
    const decider = ctx.people.find((p) => p.nickname === NICK);
    await decider.page.getByText('You decide: 1 supervote left').waitFor();
    for (const p of ctx.people.filter((x) => x !== decider)) {
      await p.page.getByText('The decider is placing their supervotes.').waitFor();
      assert.equal(await p.page.getByRole('button', { name: /supervote/ }).count(), 0, `${p.name} may place a supervote`);
    }
    await vote(decider, { [SOLUTIONS.p1]: 1 }, { supervote: true });
    await decider.page.getByText('You decide: 0 supervotes left').waitFor();
    await page.getByTestId('result-row').filter({ hasText: SOLUTIONS.p1 }).getByText('1 supervote').waitFor();
    const sup = await groupsOn('solutions');
    assert.equal(sup.find((g) => label(g) === SOLUTIONS.p1).supervotes, 1);
    await ctx.people[0].page.locator('ol.list > li').filter({ hasText: SOLUTIONS.p1 }).getByText('★ 1').waitFor();
  });

  it('adds the top two solutions to the tree as one undoable change, linked to the workshop', async () => {
    const { page } = app;
    const before = (await api(page, 'list_tree_nodes', { tree_id: ctx.tree })).length;
    await page.getByRole('button', { name: 'Add to tree…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add to tree' });
    // The top two are chosen: 7 votes, then 6 votes and the supervote.
    assert.equal(await dialog.getByRole('checkbox', { name: new RegExp(SOLUTIONS.p2) }).isChecked(), true);
    assert.equal(await dialog.getByRole('checkbox', { name: new RegExp(SOLUTIONS.p1) }).isChecked(), true);
    assert.equal(await dialog.getByRole('checkbox', { name: new RegExp(SOLUTIONS.p3) }).isChecked(), false);
    await dialog.getByLabel(/^Tree/).selectOption({ label: TREE });
    await dialog.getByRole('radio', { name: new RegExp(OPPORTUNITY) }).check();
    await dialog.getByRole('radio', { name: 'Solution', exact: true }).check();
    await dialog.getByRole('button', { name: 'Add 2 items' }).click();
    await dialog.getByRole('heading', { name: 'Added 2 items' }).waitFor();

    const nodes = await api(page, 'list_tree_nodes', { tree_id: ctx.tree });
    const added = nodes.filter((n) => n.parent_id === ctx.opportunity);
    assert.equal(nodes.length, before + 2);
    assert.deepEqual(added.map((n) => n.kind), ['solution', 'solution']);
    assert.deepEqual(added.map((n) => n.title).sort(), [SOLUTIONS.p1, SOLUTIONS.p2].sort());
    for (const n of added) {
      const evidence = await api(page, 'list_evidence', { from: { kind: 'tree_node', id: n.id } });
      const link = evidence.find((e) => [e.from, e.to].some((r) => r.kind === 'workshop' && r.id === ctx.id));
      assert.ok(link, `${n.title}: linked to the workshop as evidence: ${JSON.stringify(evidence)}`);
      assert.match(link.comment, /\d+ votes?/);
    }

    await dialog.getByRole('button', { name: 'Done' }).click();
    const toast = page.getByTestId('toast').filter({ hasText: 'Added 2 solutions from the workshop' });
    await toast.getByRole('button', { name: 'Undo' }).click();
    await page.getByTestId('toast').filter({ hasText: /^Undid/ }).waitFor();
    const after = await api(page, 'list_tree_nodes', { tree_id: ctx.tree });
    assert.equal(after.length, before, 'the undo took both nodes back');
  });

  it('removes a participant: their phone says so', async () => {
    const { page } = app;
    const p6 = ctx.people.at(-1);
    const people = page.getByRole('region', { name: /^Participants/ });
    // Named on the facilitator's screen by their place in the room (no nickname given).
    const mine = (await eventsOf(p6.page)).frames.filter((f) => f.event === 'view').map((f) => JSON.parse(f.data).me.id)[0];
    const name = `Participant ${(await board()).seats.findIndex((s) => s.id === mine) + 1}`;
    await people.getByRole('button', { name: `Remove ${name}` }).click();
    await page.getByRole('alertdialog', { name: `Remove ${name}?` }).getByRole('button', { name: 'Remove' }).click();
    await p6.page.getByRole('heading', { name: 'You were removed from this workshop' }).waitFor();
    assert.equal(await p6.page.evaluate(() => localStorage.getItem('groundwork.seat')), null);
    const after = await board();
    assert.equal(after.seats.filter((s) => !s.removed).length, 5);
  });

  it('changes the voting rules while it runs, and the phones follow', async () => {
    const { page } = app;
    await page.getByTestId('workshop-settings').click();
    const dialog = page.getByRole('dialog', { name: 'Workshop settings' });
    await dialog.getByLabel('Votes per person').fill('5');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal((await board()).workshop.settings.votes_per_person, 5);
    // The engine's limits, said in words.
    await page.getByTestId('workshop-settings').click();
    await dialog.getByLabel('Votes per person').fill('0');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('alert').filter({ hasText: /1 to 100/ }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await board()).workshop.settings.votes_per_person, 5);
  });

  it('never ran hostile text, opened a dialog or broke the CSP on any page', async () => {
    for (const [who, problems, page] of [['facilitator', app.problems, app.page], ...ctx.people.map((p) => [p.name, p.problems, p.page])]) {
      assert.deepEqual(problems.dialogs, [], `${who}: dialogs`);
      assert.deepEqual(problems.pageErrors, [], `${who}: page errors`);
      assert.deepEqual(problems.csp, [], `${who}: CSP violations`);
      assert.equal(await page.locator('img[src="x"]').count(), 0, `${who}: an <img> from note text`);
    }
    for (const p of ctx.people) await p.context.close();
  });
});
