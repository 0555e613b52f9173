// The workspace home, a new user's first screen: an empty workspace says to import files (and
// the button does); with research in it, the counts match the workspace, and each next step
// (speakers to map, interviews to code, weak insights, proto personas, bare tree nodes) links
// to the place to act. The demo project keeps its label.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { api, audit, goto, tempDir, useApp } from './helpers.mjs';

const SHOTS = tempDir('gw-overview-shots-');

describe('workspace home on a new workspace', () => {
  const app = useApp();

  it('is the first screen and says how to start', async () => {
    const { page } = app;
    const home = page.getByTestId('overview');
    await home.waitFor();
    assert.match(page.url(), /#\/overview$|\/$|#\/?$/);
    assert.equal(await page.getByTestId('nav-overview').getAttribute('aria-current'), 'page');
    await page.getByRole('heading', { name: 'Start with what customers said' }).waitFor();
    await audit(page, 'empty overview');
    await page.screenshot({ path: join(SHOTS, 'overview-empty.png') });
    await page.getByTestId('overview-import').click();
    await page.getByRole('dialog', { name: 'Import files' }).waitFor();
    await page.keyboard.press('Escape');
  });

  it('lists what to do next once there is research, each a link to act on it', async () => {
    const { page } = app;
    const ann = await api(page, 'create_participant', { input: { name: 'Ann Lee' } });
    const coded = await api(page, 'create_interview', { input: { title: 'Call with Ann', date: '2026-03-02', participant_ids: [ann.id] } });
    const segs = await api(page, 'add_segments', {
      interview_id: coded.id,
      segments: [
        { speaker: 'Ann Lee', participant_id: ann.id, text: 'Exporting takes me a whole afternoon.' },
        { speaker: 'Sam (guest)', text: 'Same for our team.' },
        { speaker: 'Sam (guest)', text: 'Every single month.' },
      ],
    });
    const h = await api(page, 'create_highlight', {
      input: { interview_id: coded.id, segment_id: segs[0].id, start: 0, end: 9, quote: 'Exporting', comment: '', tag_ids: [] },
    });
    const uncoded = await api(page, 'create_interview', { input: { title: 'Notes from the Boston visit', notes: 'They print every invoice.' } });
    const insight = await api(page, 'create_insight', { input: { title: 'Exports eat afternoons', body: '', highlight_ids: [h.id] } });
    const persona = await api(page, 'create_persona', { input: { name: 'Finance lead' } });
    await api(page, 'add_persona_statement', { persona_id: persona.id, input: { kind: 'pain', text: 'Month end takes days' } });
    const tree = await api(page, 'create_tree', { input: { title: 'Faster month end' } });
    const node = await api(page, 'create_tree_node', { tree_id: tree.id, input: { title: 'Exports are slow' } });

    await goto(page, '#/interviews');
    await page.getByTestId('nav-overview').click();
    await page.getByTestId('next-step').first().waitFor();
    const stats = await api(page, 'stats');
    for (const kind of ['interview', 'highlight', 'insight', 'persona', 'tree', 'participant']) {
      const tile = page.locator(`[data-testid=overview-count][data-kind=${kind}]`);
      assert.equal(Number((await tile.locator('.n').innerText()).replace(/\D/g, '')), stats.counts[kind], kind);
    }
    assert.equal(await page.locator('[data-testid=overview-count][data-kind=interview] .what').innerText(), 'interviews');
    assert.equal(await page.locator('[data-testid=overview-count][data-kind=insight] .what').innerText(), 'insight');
    assert.deepEqual(await page.getByTestId('meter-text').allInnerTexts(), [
      '1 of 2 interviews coded',
      '0 of 1 insight backed by 2+ participants',
      '0 of 1 persona evidence-backed',
      '0 of 1 opportunity or solution with evidence',
    ]);
    assert.deepEqual(await page.getByTestId('strength-count').allInnerTexts(), ['0', '1', '0']);

    const step = (id) => page.locator(`[data-testid=next-step][data-step=${id}]`);
    assert.deepEqual(await page.getByTestId('next-step').evaluateAll((els) => els.map((e) => e.dataset.step)), ['speakers', 'uncoded', 'insights', 'personas', 'nodes']);
    assert.match(await step('speakers').innerText(), /Sam \(guest\)\s+in Call with Ann · 2 passages/);
    assert.match(await step('speakers').innerText(), /2 passages by a speaker linked to no participant/);
    assert.match(await step('insights').innerText(), /Exports eat afternoons\s+1 participant/);
    assert.match(await step('personas').innerText(), /Finance lead\s+1 statement short of evidence/);
    assert.match(await step('nodes').innerText(), /Exports are slow\s+Faster month end/);
    await audit(page, 'overview with next steps');
    await page.screenshot({ path: join(SHOTS, 'overview-steps.png'), fullPage: true });

    // Each links to where to act.
    await step('uncoded').getByRole('link', { name: 'Notes from the Boston visit' }).click();
    await page.getByTestId('editor-title').filter({ hasText: 'Notes from the Boston visit' }).waitFor();
    assert.match(page.url(), new RegExp(`#/interviews/${uncoded.id}$`));
    await page.getByTestId('nav-overview').click();
    await step('nodes').getByRole('link', { name: 'Exports are slow' }).click();
    await page.getByTestId('node-panel').waitFor();
    assert.match(page.url(), new RegExp(`#/trees/${tree.id}\\?node=${node.id}$`));
    await page.getByTestId('nav-overview').click();
    await step('insights').getByRole('link', { name: 'Exports eat afternoons' }).click();
    await page.getByTestId('editor-title').filter({ hasText: 'Exports eat afternoons' }).waitFor();
    assert.match(page.url(), new RegExp(`#/insights/${insight.id}$`));
  });
});

describe('workspace home on the demo project', () => {
  const app = useApp({ server: { demo: true } });

  before(async () => {
    await app.page.getByTestId('overview').waitFor();
  });

  it('keeps the demo label, with where to remove it', async () => {
    const { page } = app;
    const label = page.getByTestId('demo-label');
    await label.waitFor();
    assert.match(await label.innerText(), /Demo project/i);
    assert.equal(await label.getByRole('link', { name: 'Settings' }).getAttribute('href'), '#/settings');
    await page.getByTestId('meter-text').first().waitFor();
    // The demo's note-taker runs the other interviews: on the team, not a speaker to map.
    assert.deepEqual((await page.getByTestId('done-step').allInnerTexts()).map((t) => t.trim()), [
      'Every speaker mapped',
      'Every interview coded',
      'Every insight well backed',
      'Every opportunity and solution has evidence',
    ]);
    await page.screenshot({ path: join(SHOTS, 'overview-demo.png'), fullPage: true });
    await audit(page, 'demo overview');
  });
});
