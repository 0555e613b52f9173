// Closing the loop, as a PM does it after a survey: the NPS export is imported through the
// column mapping; three answers are coded with a new tag (words selected in one item, two
// more tagged in bulk from the inbox) and the numbers panel shows the tag's NPS; the three
// items are linked to an opportunity from its node panel, whose demand line counts the
// customers behind it; the solution under it ships, "Tell them" lists those people with a
// message from an edited template, exports them as CSV for a mail tool and marks them told;
// the overview's closed share moves and "You said, we did" shows the change with quotes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { api, audit, goto, launchBrowser, openApp, ROOT, selectWords, useApp } from './helpers.mjs';

const SURVEY = join(ROOT, 'crates/core/tests/fixtures/feedback/nps-survey.csv');
const NAME = 'nps-survey.csv';
const TAG = 'Workflow fit';
const OPPORTUNITY = 'Research does not flow into the tools we plan in';
const SOLUTION = 'Two-way Jira sync';
/** The one answer coded by selecting words (R_1045), and the two tagged in bulk (R_1017, R_1049). */
const PRAISE = 'Best research repository we tried; the evidence links save me hours.';
const WORDS = 'the evidence links save me hours';
const JIRA = 'Does the job. Would like Jira sync.';
const PEOPLE = ['user45@example.test', 'user17@example.test', 'user49@example.test'];
/** Starts with "+": a spreadsheet would run it as a formula unless the export neutralises it. */
const TEMPLATE = '+1 to you, {{name}}: you said “{{said}}”, and {{changed}} is live now.';
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

const noFilter = { text: '', states: [], sources: [], segments: [], score_kind: null, score_min: null, score_max: null, from: null, to: null };

/** RFC 4180 CSV (quoted cells may hold commas, quotes and line breaks) into rows of cells. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Wait until `fn` (run against the API) returns something truthy. */
async function until(page, what, fn) {
  for (let i = 0; i < 100; i++) {
    const v = await fn();
    if (v) return v;
    await page.waitForTimeout(100);
  }
  throw new Error(`${what} never happened`);
}

async function feedbackWith(page, text) {
  return (await api(page, 'query_feedback', { query: { ...noFilter, text }, offset: 0, limit: 10 })).items;
}

async function closedShareText(page) {
  await goto(page, '#/overview');
  const card = page.getByRole('region', { name: 'Feedback: NPS, CSAT and triage' });
  const closed = card.getByRole('img', { name: /^Closed: / });
  await closed.waitFor();
  return closed.getAttribute('aria-label');
}

describe('closing the feedback loop', () => {
  const app = useApp({ page: { acceptDownloads: true } });
  const ids = {};

  it('imports the NPS survey through the column mapping it guessed', async () => {
    const { page } = app;
    await goto(page, '#/feedback');
    await page.keyboard.press(`${mod}+i`);
    const dialog = page.getByRole('dialog', { name: 'Import files' });
    await dialog.getByRole('button', { name: 'Choose files…' }).waitFor();
    await page.setInputFiles('[data-testid=import-input]', [SURVEY]);
    const step = dialog.locator('[data-testid=feedback-mapping][data-state=asking]');
    await step.waitFor();
    // The guess: the reason is what they said, the 0–10 answer an NPS score, the plan a segment.
    const role = (column) => step.getByRole('combobox', { name: `What “${column}” is` });
    assert.equal(await role('What is the main reason for your score?').inputValue(), 'text');
    assert.equal(await role('How likely are you to recommend Groundwork to a friend or colleague?').inputValue(), 'score');
    assert.equal(await role('Email').inputValue(), 'email');
    assert.equal(await role('Plan').inputValue(), 'segment');
    const counts = step.locator('[data-testid=feedback-counts][aria-busy=false]');
    await counts.waitFor();
    assert.match(await counts.innerText(), /60 items will be added/);

    await step.getByTestId('feedback-confirm').click();
    const report = dialog.getByTestId('refi-report').filter({ hasText: NAME });
    await report.waitFor();
    assert.match(await report.innerText(), /Imported 60 feedback items from nps-survey\.csv/);
    await dialog.getByRole('button', { name: 'Close' }).last().click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal((await api(page, 'feedback_stats', { by: null })).items, 60);
    await page.getByTestId('inbox-total').filter({ hasText: '60 items' }).waitFor();
    await audit(page, 'feedback inbox');
  });

  it('codes three answers with a new tag: words in one, two more in bulk', async () => {
    const { page } = app;
    const search = page.getByRole('searchbox', { name: 'Search feedback' });

    // Words of one answer, selected in its page, tagged with a tag made in the popover.
    await search.fill('evidence links');
    const praise = page.getByTestId('list-row').filter({ hasText: 'Best research repository' });
    await page.getByTestId('inbox-total').filter({ hasText: '1 of 60' }).waitFor();
    await praise.click();
    const passage = page.getByTestId('feedback-passage');
    await passage.filter({ hasText: PRAISE }).waitFor();
    await selectWords(passage, WORDS);
    const input = page.getByTestId('tag-input');
    await input.waitFor();
    await input.pressSequentially(TAG, { delay: 15 });
    await page.getByRole('option', { name: `Create tag “${TAG}”` }).waitFor();
    await page.keyboard.press('Enter'); // creates the tag and adds it
    await page.getByTestId('tag-popover').locator('.chip', { hasText: TAG }).waitFor();
    await page.keyboard.press('Enter'); // empty field: save
    await page.getByTestId('toast').filter({ hasText: 'Highlight saved with 1 tag' }).waitFor();
    await passage.locator('mark', { hasText: WORDS }).waitFor();
    const [praiseItem] = await feedbackWith(page, 'evidence links');
    ids.praise = praiseItem.id;

    // Two more from the inbox: x selects each, t tags the selection.
    await goto(page, '#/feedback');
    await search.fill('Jira sync');
    await page.getByTestId('inbox-total').filter({ hasText: '2 of 60' }).waitFor();
    await search.press('ArrowDown'); // into the list, its first row under the cursor
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    const bulk = page.getByTestId('bulk-bar');
    await bulk.filter({ hasText: '2 selected' }).waitFor();
    await page.keyboard.press('t');
    const popover = page.getByRole('dialog', { name: 'Tag 2 items' });
    await popover.getByTestId('tag-input').waitFor();
    await page.keyboard.type('Workflow');
    await popover.getByRole('option', { name: TAG, exact: true }).waitFor();
    await page.keyboard.press('Enter');
    await popover.locator('.chip', { hasText: TAG }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('toast').filter({ hasText: '2 items tagged with 1 tag' }).waitFor();
    await bulk.waitFor({ state: 'hidden' });
    ids.jira = (await feedbackWith(page, 'Jira sync')).map((f) => f.id);
    assert.equal(ids.jira.length, 2);

    const byTag = await api(page, 'feedback_stats', { by: 'tag' });
    const group = byTag.groups.find((g) => g.key === TAG);
    assert.ok(group, `a group for the tag: ${JSON.stringify(byTag.groups)}`);
    assert.equal(group.items, 3);
    assert.equal(group.nps.responses, 3);

    // The numbers panel above the inbox: NPS by tag names the tag, in its table too.
    await search.fill('');
    // Closed until asked for; opened, it shows the numbers.
    const numbers = page.locator('details').filter({ has: page.locator('summary', { hasText: /^Numbers/ }) });
    if (!(await numbers.evaluate((d) => d.open))) await numbers.locator('summary').click();
    const chart = numbers.locator('figure').filter({ hasText: 'NPS by tag' });
    await chart.waitFor();
    assert.match(await chart.getByRole('img').getAttribute('aria-label'), new RegExp(TAG));
    await chart.getByRole('button', { name: 'Show as table' }).click();
    const row = chart.getByRole('row').filter({ hasText: TAG });
    await row.waitFor();
    assert.match(await row.innerText(), /\+33\.3/, 'one promoter (10), two passives (8, 7): NPS +33');
    await audit(page, 'numbers panel (light)');
  });

  it('shows the numbers panel in the dark theme without accessibility problems', async () => {
    const browser = await launchBrowser();
    try {
      const dark = await openApp(browser, app.server, { colorScheme: 'dark' });
      await dark.page.evaluate(() => localStorage.setItem('groundwork.feedback.numbers', 'open'));
      await goto(dark.page, '#/feedback');
      await dark.page.reload();
      await dark.page.getByTestId('workspace-name').waitFor();
      const chart = dark.page.locator('figure').filter({ hasText: 'NPS by tag' });
      await chart.waitFor();
      await chart.getByRole('button', { name: 'Show as table' }).click();
      await chart.getByRole('row').filter({ hasText: TAG }).waitFor();
      await audit(dark.page, 'numbers panel (dark)');
      assert.deepEqual(dark.problems.pageErrors, []);
      assert.deepEqual(dark.problems.consoleErrors, []);
    } finally {
      await browser.close();
    }
  });

  it('links the three answers to the opportunity from its panel; demand counts the customers', async () => {
    const { page } = app;
    const tree = await api(page, 'create_tree', { input: { title: 'PMs plan from evidence' } });
    const opp = await api(page, 'create_tree_node', { tree_id: tree.id, input: { title: OPPORTUNITY, kind: 'opportunity' } });
    const sol = await api(page, 'create_tree_node', { tree_id: tree.id, input: { title: SOLUTION, kind: 'solution', parent_id: opp.id } });
    Object.assign(ids, { tree: tree.id, opportunity: opp.id, solution: sol.id });
    await until(page, 'the answers searchable', async () => {
      const res = await api(page, 'search', { request: { query: 'Jira sync', kinds: ['feedback'], tags: [], participants: [], personas: [], date_from: null, date_to: null, limit: 5, offset: 0, as_you_type: false, any_word: false } });
      return res.hits.length === 2;
    });

    await goto(page, `#/trees/${tree.id}?node=${opp.id}`);
    const panel = page.getByTestId('node-panel');
    await panel.waitFor();
    await panel.getByTestId('node-demand').filter({ hasText: 'No customers behind it yet' }).waitFor();
    const picker = panel.getByTestId('evidence-picker');
    const box = picker.getByRole('combobox');
    const feedbackHits = picker.getByTestId('evidence-hit').filter({ has: page.locator('.k', { hasText: /^Feedback$/ }) });

    // By words of each answer; the highlights of the same words are offered too, so
    // feedback only. Enter links the hit under the cursor (the first not linked yet).
    await box.fill('evidence links');
    await picker.getByTestId('evidence-hit').first().waitFor();
    await picker.getByRole('button', { name: /^Feedback/ }).click();
    await picker.getByRole('button', { name: /^Feedback/, pressed: true }).waitFor();
    // The filtered answer is in once no highlight is listed (the hits before it had one first).
    await page.waitForFunction(() => {
      const kinds = [...document.querySelectorAll('[data-testid=node-panel] [data-testid=evidence-hit] .k')].map((k) => k.textContent);
      return kinds.length === 1 && kinds[0] === 'Feedback';
    });
    await feedbackHits.filter({ hasText: 'Best research repository' }).waitFor();
    await box.press('Enter');
    await panel.getByTestId('evidence-list').getByRole('link', { name: /Best research repository/ }).waitFor();

    await box.fill('Jira sync');
    await page.waitForFunction(() => {
      const hits = [...document.querySelectorAll('[data-testid=node-panel] [data-testid=evidence-hit]')];
      return hits.length === 2 && hits.every((h) => h.textContent.includes('Jira sync') && h.querySelector('.k')?.textContent === 'Feedback');
    });
    await box.press('Enter');
    await picker.getByTestId('evidence-hit').filter({ hasText: 'Linked' }).waitFor();
    await picker.locator('[data-testid=evidence-hit][aria-disabled=false]').click();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=node-panel] [data-testid=evidence-hit]')].every((h) => h.getAttribute('aria-disabled') === 'true'));

    const links = await api(page, 'list_evidence', { from: { kind: 'tree_node', id: opp.id } });
    assert.deepEqual(links.map((l) => l.to.id).sort(), [ids.praise, ...ids.jira].sort());
    // Three answers from three addresses: three customers (two Enterprise, one Free).
    const demand = panel.getByTestId('node-demand');
    await demand.filter({ hasText: '3 customers' }).waitFor();
    assert.match(await demand.innerText(), /^Demand: 3 customers · Enterprise 2, Free 1 · NPS \+33\.3 \(3 answers\)$/);
    const [evidence] = (await api(page, 'evidence_summary', { tree_id: tree.id })).filter((e) => e.node_id === opp.id);
    assert.equal(evidence.demand.customers, 3);
  });

  it('ships the solution and tells the people behind it', async () => {
    const { page } = app;
    ids.closedBefore = await closedShareText(page);
    await goto(page, `#/trees/${ids.tree}?node=${ids.solution}`);
    const panel = page.getByTestId('node-panel');
    await panel.locator('.kind', { hasText: 'Solution' }).waitFor();
    await panel.getByTestId('shipped-toggle').click();
    await panel.getByTestId('shipped-toggle').filter({ hasText: '✓ Shipped' }).waitFor();
    await panel.getByTestId('shipped-at').waitFor();
    const shipped = (await api(page, 'list_tree_nodes', { tree_id: ids.tree })).find((n) => n.id === ids.solution);
    assert.ok(shipped.details.shipped_at, 'the solution is shipped');
    assert.equal(shipped.status, 'done');

    await panel.getByTestId('tell-them').click();
    const dialog = page.getByRole('dialog', { name: `Tell them: ${SOLUTION}` });
    const people = dialog.getByTestId('tell-people').locator(':scope > li');
    // The solution has no evidence of its own: its people come through the opportunity above it.
    await people.nth(2).waitFor();
    assert.equal(await people.count(), 3);
    const listed = (await people.allInnerTexts()).join('\n');
    for (const who of PEOPLE) assert.ok(listed.includes(who), `${who} is listed:\n${listed}`);
    assert.match(listed, /evidence links save me hours/);
    assert.equal((listed.match(/Not told yet/g) ?? []).length, 3);
    await audit(page, 'Tell them dialog');

    // The template, with the first name in it (these answers name nobody: "there").
    const editor = dialog.locator('details').filter({ has: page.locator('summary', { hasText: 'Message template' }) });
    if (!(await editor.evaluate((d) => d.open))) await editor.locator('summary').click();
    const template = editor.getByRole('textbox', { name: 'The message each person gets' });
    await template.fill(TEMPLATE);
    await dialog.getByRole('button', { name: 'Save template' }).click();
    await page.getByTestId('toast').filter({ hasText: 'Message template saved' }).waitFor({ state: 'attached' });
    const praiseMessage = dialog.getByRole('textbox', { name: 'Message for user45@example.test' });
    await page.waitForFunction(
      (want) => [...document.querySelectorAll('[data-testid=tell-people] textarea')].some((t) => t.value === want),
      `+1 to you, there: you said “${PRAISE}”, and ${SOLUTION} is live now.`,
    );
    assert.equal(await praiseMessage.inputValue(), `+1 to you, there: you said “${PRAISE}”, and ${SOLUTION} is live now.`);

    // The CSV for a mail tool: a header, one row per person, nothing a spreadsheet would run.
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('tell-export').click()]);
    assert.match(download.suggestedFilename(), /^tell-them-two-way-jira-sync\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const [header, ...rows] = parseCsv(csv).filter((r) => r.some((c) => c !== ''));
    assert.deepEqual(header, ['name', 'email', 'company', 'segment', 'said', 'message', 'told_at']);
    assert.equal(rows.length, 3, csv);
    assert.deepEqual(rows.map((r) => r[1]).sort(), [...PEOPLE].sort());
    for (const r of rows) {
      assert.equal(r.length, header.length, `a full row: ${JSON.stringify(r)}`);
      for (const c of r) assert.ok(!/^[=+\-@\t\r]/.test(c), `a cell a spreadsheet would run: ${JSON.stringify(c)}`);
      assert.match(r[5], /^'\+1 to you, there: you said “/, 'the message starting with + is neutralised');
      assert.equal(r[6], '', 'nobody told yet');
    }

    // Everyone not told yet, marked told: their answers are closed.
    await dialog.getByRole('button', { name: 'Select all not told' }).click();
    await dialog.getByTestId('mark-told').filter({ hasText: 'Mark 3 people told' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Marked 3 people told; their feedback is closed' }).waitFor();
    await page.waitForFunction(() => (document.querySelector('[data-testid=tell-people]')?.textContent.match(/Told /g) ?? []).length === 3);
    const list = await api(page, 'tell_list', { node_id: ids.solution });
    assert.ok(list.people.every((p) => p.told_at), 'everyone is told');
    for (const id of [ids.praise, ...ids.jira]) assert.equal((await api(page, 'get_feedback', { id })).state, 'closed');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('moves the closed share on the overview and shows the change in "You said, we did"', async () => {
    const { page } = app;
    const after = await closedShareText(page);
    assert.notEqual(after, ids.closedBefore);
    assert.match(ids.closedBefore, /^Closed: 0% of 60 items$/);
    assert.match(after, /^Closed: 5% of 60 items$/, 'three of sixty closed');
    const overview = await api(page, 'feedback_overview');
    assert.equal(overview.closed_share, 3 / 60);

    await page.getByRole('link', { name: 'You said, we did: what shipped' }).click();
    const pageView = page.getByTestId('you-said-we-did');
    const change = pageView.locator('article').filter({ has: page.getByRole('heading', { name: SOLUTION }) });
    await change.waitFor();
    const text = await change.innerText();
    assert.match(text, /Solution in PMs plan from evidence · shipped .* · 3 customers asked for it/);
    assert.match(text, new RegExp(`“${WORDS}”|“${PRAISE.replace(/[.;]/g, '\\$&')}”`));
    assert.match(text, /Would like Jira sync/);
    assert.match(text, /— a (Free|Enterprise) customer/);
    for (const who of PEOPLE) assert.ok(!text.includes(who), `no address on the page: ${who}`);
    await audit(page, 'You said, we did');
  });

  it('ran no injected script and broke no policy on the way', () => {
    assert.deepEqual(app.problems.dialogs, []);
    assert.deepEqual(app.problems.pageErrors, []);
    assert.deepEqual(app.problems.csp, []);
    assert.deepEqual(app.problems.consoleErrors, []);
  });
});
