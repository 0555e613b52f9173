// Hostile text — from an imported file or typed into a form — must render as inert text or
// sanitised Markdown: no script runs, no dialog opens, no event handler or javascript: link
// reaches the DOM. Each payload would set window.__pwned and call alert() if it ever ran.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { api, goto, tempDir, useApp, writeFile } from './helpers.mjs';

const PAYLOADS = [
  `<img src=x onerror="window.__pwned='img';alert('img')">`,
  `<svg onload="window.__pwned='svg';alert('svg')"><circle r="4"/></svg>`,
  `<script>window.__pwned='script';alert('script')</script>`,
  `[click me](javascript:window.__pwned='mdlink';alert('mdlink'))`,
  `<a href="javascript:window.__pwned='alink';alert('alink')">open me</a>`,
  `<a href="jav&#x09;ascript:window.__pwned='entity'">entity link</a>`,
  `<iframe src="javascript:window.__pwned='iframe'"></iframe>`,
  `<details open ontoggle="window.__pwned='toggle'">x</details>`,
  `&lt;script&gt;window.__pwned='entities'&lt;/script&gt;`,
  `<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned='mxss'">`,
];
const WORD = 'pwnword';
const BODY = PAYLOADS.map((p) => `${WORD} ${p}`).join('\n\n');
const TITLE = `<img src=x onerror="window.__pwned='title';alert('title')"> ${WORD} title <script>window.__pwned='t2'</script>`;

const VTT = `WEBVTT

00:00:01.000 --> 00:00:03.000
<v Mallory><img src=x onerror="window.__pwned='vtt';alert('vtt')"> ${WORD} from a caption

00:00:03.500 --> 00:00:06.000
<v <script>alert(1)</script>>${WORD} <svg onload="window.__pwned='vtt2'"></svg> &lt;b&gt;bold?&lt;/b&gt; &amp; more

00:00:06.500 --> 00:00:09.000
<c.yellow>${WORD}</c> <i>styled</i> <b onmouseover="window.__pwned='vtt3'">hover me</b> [click](javascript:alert(1))
`;

async function assertInert(page, problems, where) {
  const report = await page.evaluate(() => ({
    pwned: window.__pwned,
    handlers: [...document.querySelectorAll('*')]
      .filter((el) => [...el.attributes].some((a) => a.name.toLowerCase().startsWith('on')))
      .map((el) => el.outerHTML.slice(0, 120)),
    jsLinks: [...document.querySelectorAll('a[href], iframe[src], [src], [action], [formaction]')]
      .map((el) => el.getAttribute('href') ?? el.getAttribute('src') ?? el.getAttribute('action') ?? el.getAttribute('formaction') ?? '')
      .filter((v) => /^\s*(javascript|vbscript|data:text)/i.test(v.replace(/[\u0000-\u001f]/g, ''))),
    inlineScripts: [...document.querySelectorAll('script')].filter((s) => !s.src).length,
    frames: document.querySelectorAll('iframe, object, embed').length,
  }));
  assert.equal(report.pwned, undefined, `${where}: a payload ran (${report.pwned})`);
  assert.deepEqual(report.handlers, [], `${where}: event handler attributes in the DOM`);
  assert.deepEqual(report.jsLinks, [], `${where}: script URLs in the DOM`);
  assert.equal(report.inlineScripts, 0, `${where}: inline <script> in the DOM`);
  assert.equal(report.frames, 0, `${where}: frames in the DOM`);
  assert.deepEqual(problems.dialogs, [], `${where}: a dialog opened`);
}

describe('hostile text renders inert', () => {
  const app = useApp();
  let ids;

  before(async () => {
    const { page } = app;
    const note = await api(page, 'create_note', { input: { title: TITLE, body: BODY } });
    const iv = await api(page, 'create_interview', { input: { title: TITLE, notes: BODY } });
    await api(page, 'add_segments', {
      interview_id: iv.id,
      segments: PAYLOADS.map((p, i) => ({ speaker: i === 0 ? `<b onclick="window.__pwned='speaker'">Eve</b>` : 'Eve', start_ms: i * 1000, text: `${WORD} ${p}` })),
    });
    await api(page, 'create_feedback', { input: { text: BODY, customer: TITLE, source: 'support' } });
    const persona = await api(page, 'create_persona', { input: { name: TITLE, summary: BODY } });
    await api(page, 'add_persona_statement', { persona_id: persona.id, input: { kind: 'pain', text: TITLE } });
    const tree = await api(page, 'create_tree', { input: { title: TITLE, description: BODY } });
    await api(page, 'create_tree_node', { tree_id: tree.id, input: { title: TITLE, description: BODY } });
    ids = { note: note.id, iv: iv.id, persona: persona.id, tree: tree.id };
  });

  it('in a note title and Markdown body', async () => {
    const { page, problems } = app;
    await goto(page, `#/notes/${ids.note}`);
    const title = page.getByTestId('editor-title');
    await title.waitFor();
    assert.match(await title.innerText(), /<img src=x onerror=/, 'the title shows as text');
    const preview = page.getByTestId('markdown-preview');
    await preview.waitFor();
    assert.match(await preview.innerText(), /<script>window.__pwned='entities'<\/script>/, 'entities stay text');
    await page.getByTestId('list-row').first().waitFor();
    // Clicking what used to be javascript: links does nothing.
    await preview.getByText('click me').click();
    await preview.getByText('open me').click();
    await page.waitForTimeout(300);
    await assertInert(page, problems, 'note');
  });

  it('in an interview title, notes and transcript (typed and imported)', async () => {
    const { page, problems } = app;
    await goto(page, `#/interviews/${ids.iv}`);
    await page.getByTestId('segment').first().waitFor();
    assert.equal(await page.getByTestId('segment').count(), PAYLOADS.length);
    assert.match(await page.getByTestId('segment').first().innerText(), /<img src=x onerror=/);
    await assertInert(page, problems, 'interview');

    // The same through the import dialog: a caption file full of markup.
    const dir = tempDir('gw-hostile-');
    const file = writeFile(dir, `<img src=x onerror=alert(1)>.vtt`, VTT);
    await page.keyboard.press(process.platform === 'darwin' ? 'Meta+i' : 'Control+i');
    const dialog = page.getByRole('dialog', { name: 'Import files' });
    await dialog.getByRole('button', { name: 'Choose files…' }).waitFor();
    await page.setInputFiles('[data-testid=import-input]', [file]);
    // Speakers named with markup are shown (as text) for mapping before the import.
    const speakers = dialog.getByTestId('speaker-preview');
    await Promise.race([speakers.waitFor(), dialog.getByText(/Finished:/).waitFor()]);
    if (await speakers.isVisible()) {
      await assertInert(page, problems, 'speaker preview');
      await dialog.getByRole('button', { name: /^Import \d+ files?$/ }).click();
    }
    await dialog.getByText(/Finished:/).waitFor();
    await assertInert(page, problems, 'import report');
    const done = dialog.locator('[data-testid=import-row][data-state=done]');
    if (await done.count()) {
      await done.getByRole('button').click();
      await page.getByTestId('segment').first().waitFor();
      await page.mouse.move(400, 400);
      for (const s of await page.getByTestId('segment').all()) await s.hover();
    } else {
      await dialog.getByRole('button', { name: 'Close' }).last().click();
    }
    await assertInert(page, problems, 'imported transcript');
  });

  it('in feedback, personas and trees', async () => {
    const { page, problems } = app;
    await goto(page, '#/feedback');
    await page.getByTestId('list-row').first().click();
    await page.getByTestId('editor-title').waitFor();
    await assertInert(page, problems, 'feedback');
    await goto(page, `#/personas/${ids.persona}`);
    await page.getByTestId('statement').first().waitFor();
    assert.match(await page.getByTestId('statement').first().innerText(), /<img src=x/);
    await assertInert(page, problems, 'persona');
    await goto(page, `#/trees/${ids.tree}`);
    await page.getByTestId('outline-row').first().waitFor();
    await assertInert(page, problems, 'tree');
    // The canvas draws the same titles as SVG text.
    await page.getByRole('button', { name: 'Canvas', exact: true }).click();
    await page.getByTestId('canvas-node').nth(1).waitFor();
    await assertInert(page, problems, 'tree canvas');
    await page.getByRole('button', { name: 'Outline', exact: true }).click();
  });

  it('in search results with highlighted snippets', async () => {
    const { page, problems } = app;
    await page.keyboard.press(process.platform === 'darwin' ? 'Meta+k' : 'Control+k');
    await page.getByRole('combobox', { name: 'Search everything' }).pressSequentially(WORD, { delay: 20 });
    await page.getByTestId('search-hit').first().waitFor();
    assert.ok((await page.getByTestId('search-hit').count()) > 3);
    assert.ok((await page.locator('[data-testid=search-hit] mark').count()) > 0, 'matches are marked');
    await assertInert(page, problems, 'palette');
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByTestId('editor-title').waitFor();
    await assertInert(page, problems, 'opened hit');
  });

  it('without a single CSP violation or page error', () => {
    assert.deepEqual(app.problems.csp, []);
    assert.deepEqual(app.problems.pageErrors, []);
  });
});
