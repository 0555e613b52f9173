// Evidence where the user wants it: one searchable picker (the palette's search, with the
// matched words marked and where each quote is from) on a persona statement, on an insight and
// on a tree node, driven by the keyboard: type, ↑/↓, Enter links; what is linked says so.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { join } from 'node:path';
import { api, audit, goto, tempDir, useApp } from './helpers.mjs';

const SHOTS = tempDir('gw-evidence-shots-');

const QUOTES = {
  rosa: 'Volunteers suffer a lot of burnout by February.',
  ken: 'Half our volunteers quit after one winter of double shifts.',
  ken2: 'The rota lives on a paper sheet in the church hall.',
};

async function searchable(page, query, kind) {
  for (let i = 0; i < 100; i++) {
    const res = await api(page, 'search', { request: { query, kinds: [kind], tags: [], participants: [], personas: [], date_from: null, date_to: null, limit: 5, offset: 0, as_you_type: false, any_word: false } });
    if (res.hits.length) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`"${query}" never became searchable`);
}

describe('the evidence picker', () => {
  const app = useApp();
  const ids = {};

  before(async () => {
    const { page } = app;
    const rosa = await api(page, 'create_participant', { input: { name: 'Rosa Diaz' } });
    const ken = await api(page, 'create_participant', { input: { name: 'Ken Abe' } });
    const iv = await api(page, 'create_interview', { input: { title: 'Food bank coordinators', participant_ids: [rosa.id, ken.id] } });
    const segs = await api(page, 'add_segments', {
      interview_id: iv.id,
      segments: [
        { speaker: 'Rosa Diaz', participant_id: rosa.id, start_ms: 75000, text: QUOTES.rosa },
        { speaker: 'Ken Abe', participant_id: ken.id, start_ms: 95000, text: QUOTES.ken },
        { speaker: 'Ken Abe', participant_id: ken.id, start_ms: 99000, text: QUOTES.ken2 },
      ],
    });
    for (const [key, seg] of [['rosa', segs[0]], ['ken', segs[1]], ['ken2', segs[2]]]) {
      const h = await api(page, 'create_highlight', {
        input: { interview_id: iv.id, note_id: null, segment_id: seg.id, end_segment_id: null, start: 0, end: seg.text.length, quote: seg.text, comment: '', tag_ids: [] },
      });
      ids[key] = h.id;
    }
    const fb = await api(page, 'create_feedback', { input: { source: 'Survey', customer: 'Northside Pantry', text: 'Our volunteers burn out every winter; we need a better rota.' } });
    ids.feedback = fb.id;
    const persona = await api(page, 'create_persona', { input: { name: 'Pantry coordinator' } });
    await api(page, 'add_persona_statement', { persona_id: persona.id, input: { kind: 'pain', text: 'Feeling burned out by the winter rota' } });
    ids.persona = persona.id;
    const tree = await api(page, 'create_tree', { input: { title: 'Keep volunteers for a second winter' } });
    const node = await api(page, 'create_tree_node', { tree_id: tree.id, input: { title: 'Shifts are hard to swap' } });
    Object.assign(ids, { tree: tree.id, node: node.id });
    await searchable(page, 'burnout', 'highlight');
    await searchable(page, 'rota', 'feedback');
  });

  it('links a highlight to a persona statement from the keyboard', async () => {
    const { page } = app;
    await goto(page, `#/personas/${ids.persona}`);
    const statement = page.getByTestId('statement').filter({ hasText: 'Feeling burned out' });
    await statement.waitFor();
    await statement.getByRole('button', { name: /Link evidence to/ }).focus();
    await page.keyboard.press('Enter');
    const picker = statement.getByTestId('evidence-picker');
    const input = picker.getByRole('combobox');
    await input.waitFor();
    assert.ok(await input.evaluate((el) => el === document.activeElement), 'the search has focus');
    await page.keyboard.type('burnout');
    const hit = picker.getByTestId('evidence-hit').filter({ hasText: 'Volunteers suffer' });
    await hit.waitFor();
    // The matched word is marked; where it was said is under it.
    assert.equal(await hit.locator('mark').first().innerText(), 'burnout');
    assert.match(await hit.innerText(), /Food bank coordinators · 1:15/);
    await audit(page, 'evidence picker on a statement');
    await page.screenshot({ path: join(SHOTS, 'statement.png') });
    await page.keyboard.press('Enter');
    await page.getByTestId('toast').filter({ hasText: 'Linked as evidence' }).waitFor();
    await statement.getByTestId('strength').filter({ hasText: '1 participant' }).waitFor();
    await statement.getByTestId('evidence-quote').filter({ hasText: 'Volunteers suffer' }).waitFor();
    await hit.filter({ hasText: 'Linked' }).waitFor();
    // Another, by its stem and the arrows: Ken's quote about volunteers quitting.
    await input.fill('');
    await page.keyboard.type('volunteer');
    await picker.getByTestId('evidence-hit').filter({ hasText: 'Half our volunteers' }).waitFor();
    const options = await picker.getByTestId('evidence-hit').allInnerTexts();
    const want = options.findIndex((t) => t.includes('Half our volunteers'));
    const at = await picker.locator('[aria-selected=true]').innerText();
    const from = options.indexOf(at);
    for (let i = from; i < want; i++) await page.keyboard.press('ArrowDown');
    for (let i = from; i > want; i--) await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await statement.getByTestId('strength').filter({ hasText: '2 participants' }).waitFor();
    const [s] = (await api(page, 'get_persona', { id: ids.persona })).statements;
    assert.deepEqual([...s.highlight_ids].sort(), [ids.rosa, ids.ken].sort());
  });

  it('adds highlights to a new insight by searching, then saves it', async () => {
    const { page } = app;
    await goto(page, '#/insights/new');
    await page.getByLabel('Insight', { exact: true }).fill('Winter burns volunteers out');
    const picker = page.locator('[data-field=highlight_ids]').getByTestId('evidence-picker');
    await picker.getByRole('combobox').click();
    await page.keyboard.type('winter');
    await picker.getByTestId('evidence-hit').first().waitFor();
    // Highlights only: an insight rests on what participants said.
    assert.deepEqual(await picker.getByTestId('evidence-hit').locator('.k').allInnerTexts(), (await picker.getByTestId('evidence-hit').allInnerTexts()).map(() => 'Highlight'));
    await picker.getByTestId('evidence-hit').filter({ hasText: 'Half our volunteers' }).click();
    await page.locator('[data-field=highlight_ids] .chip').first().waitFor();
    await picker.getByRole('combobox').fill('burnout');
    await picker.getByTestId('evidence-hit').filter({ hasText: 'Volunteers suffer' }).waitFor();
    await picker.getByRole('combobox').press('Enter'); // links, and does not submit the form
    await page.locator('[data-field=highlight_ids] .chip').nth(1).waitFor();
    assert.match(page.url(), /#\/insights\/new$/);
    await page.screenshot({ path: join(SHOTS, 'insight.png') });
    await audit(page, 'evidence picker on an insight');
    await page.keyboard.press(process.platform === 'darwin' ? 'Meta+s' : 'Control+s');
    await page.getByTestId('toast').filter({ hasText: 'Insight created' }).waitFor();
    const [insight] = await api(page, 'list_insights');
    assert.equal(insight.strength, 2);
    assert.deepEqual([...insight.highlight_ids].sort(), [ids.rosa, ids.ken].sort());
  });

  it('links feedback to a tree node, filtered to feedback', async () => {
    const { page } = app;
    await goto(page, `#/trees/${ids.tree}?node=${ids.node}`);
    const panel = page.getByTestId('node-panel');
    await panel.waitFor();
    const picker = panel.getByTestId('evidence-picker');
    await picker.getByRole('combobox').fill('rota');
    await picker.getByTestId('evidence-hit').first().waitFor();
    await picker.getByRole('button', { name: /^Feedback/ }).click();
    await picker.getByRole('button', { name: /^Feedback/, pressed: true }).waitFor();
    await page.waitForFunction(() => {
      const kinds = [...document.querySelectorAll('[data-testid=node-panel] [data-testid=evidence-hit] .k')].map((k) => k.textContent);
      return kinds.length > 0 && kinds.every((k) => k === 'Feedback');
    });
    await picker.getByTestId('evidence-hit').filter({ hasText: 'burn out every winter' }).waitFor();
    await picker.getByRole('combobox').press('Enter');
    await panel.getByTestId('evidence-list').getByRole('link', { name: /burn out every winter/ }).waitFor();
    const links = await api(page, 'list_evidence', { from: { kind: 'tree_node', id: ids.node } });
    assert.deepEqual(links.map((l) => l.to), [{ kind: 'feedback', id: ids.feedback }]);
    await audit(page, 'evidence picker on a tree node');
    await picker.getByRole('combobox').fill('winter');
    await picker.getByTestId('evidence-hit').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'node.png') });
  });
  // A workspace of 100,000 highlights is 51 MB of them: an insight, a note and a tree's persona
  // filter each read only the highlights they show, never the whole list (issue 19).
  it('reads only the highlights an insight, a note or a tree shows', async () => {
    const { page } = app;
    const sent = [];
    const record = (req) => {
      if (req.method() === 'POST' && new URL(req.url()).pathname === '/api') sent.push(JSON.parse(req.postData() ?? '{}').cmd);
    };
    page.on('request', record);
    try {
      const [insight] = await api(page, 'list_insights');
      await goto(page, `#/insights/${insight.id}`);
      await page.getByTestId('evidence-quote').nth(1).waitFor();
      assert.deepEqual(
        (await page.getByTestId('evidence-quote').locator('blockquote').allInnerTexts()).sort(),
        [`“${QUOTES.ken}”`, `“${QUOTES.rosa}”`].sort(),
      );
      // The form's chips name the quotes too.
      await page.locator('[data-field=highlight_ids] .chip', { hasText: 'Half our volunteers' }).waitFor({ state: 'attached' });

      const note = await api(page, 'create_note', { input: { title: 'Pantry visit', body: 'The rota sheet is taped to the fridge.' } });
      await api(page, 'create_highlight', {
        input: { interview_id: null, note_id: note.id, segment_id: null, end_segment_id: null, start: 4, end: 14, quote: 'rota sheet', comment: '', tag_ids: [] },
      });
      await goto(page, `#/notes/${note.id}?hl=`);
      await page.getByTestId('notes-reader').waitFor();
      await page.waitForFunction(() => [...(CSS.highlights.get('gw-hl') ?? [])].some((r) => r.toString() === 'rota sheet'));

      // Ken's quote backs one node, Rosa's another; the persona is Ken's.
      const persona = await api(page, 'get_persona', { id: ids.persona });
      const [ken] = (await api(page, 'list_participants')).filter((p) => p.name === 'Ken Abe');
      await api(page, 'update_persona', { id: persona.id, input: { name: persona.name, role: persona.role, summary: persona.summary, avatar: persona.avatar, attributes: persona.attributes, participant_ids: [ken.id] } });
      const kens = await api(page, 'create_tree_node', { tree_id: ids.tree, input: { title: 'Double shifts drive people away' } });
      const rosas = await api(page, 'create_tree_node', { tree_id: ids.tree, input: { title: 'Burnout peaks in February' } });
      await api(page, 'link_evidence', { from: { kind: 'tree_node', id: kens.id }, to: { kind: 'highlight', id: ids.ken }, comment: '' });
      await api(page, 'link_evidence', { from: { kind: 'tree_node', id: rosas.id }, to: { kind: 'highlight', id: ids.rosa }, comment: '' });
      await page.evaluate(() => localStorage.setItem('groundwork.treeView', 'canvas'));
      await goto(page, `#/trees/${ids.tree}`);
      await page.reload();
      const node = (title) => page.locator(`[data-testid=canvas-node][data-title="${title}"]`);
      await node('Burnout peaks in February').waitFor();
      await page.getByLabel('Show evidence from persona').selectOption({ label: 'Pantry coordinator' });
      await page.waitForFunction(() => document.querySelector('[data-testid=canvas-node][data-title="Burnout peaks in February"]')?.classList.contains('dim'));
      assert.equal(await node('Double shifts drive people away').evaluate((el) => el.classList.contains('dim')), false);
    } finally {
      page.off('request', record);
      await page.evaluate(() => localStorage.removeItem('groundwork.treeView'));
    }
    assert.ok(sent.includes('get_highlights') && sent.includes('list_note_highlights'), sent.join(' '));
    assert.ok(!sent.includes('list_highlights'), `the whole list was read: ${sent.join(' ')}`);
  });
});
