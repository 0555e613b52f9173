// Highlighting a caption-style transcript (speaker-less cues that break sentences): a sentence
// over three cues with the mouse, another with the keyboard only (arrow keys to the sentence,
// Shift+→ to select it, Enter, type a tag), words typed on a selection start a tag rather than
// a shortcut, and nothing but the two highlights and their tags is made.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { BIN, ROOT, api, audit, goto, selectWords, tempDir, useApp } from './helpers.mjs';

const FIXTURE = join(ROOT, 'tests/e2e/fixtures/captions-food-bank.vtt');
const MOUSE_SENTENCE = 'Honestly, the volunteers suffer a lot of burnout by the end of every winter.';
const KEYS_SENTENCE = 'We tried rotating the shifts, but the sign-up sheet on paper made every swap a phone call.';
const CUES = 10;

// The workspace, with the fixture imported by the CLI before the app starts.
const workspace = join(tempDir('gw-captions-'), 'workspace');
for (const args of [['init'], ['import', FIXTURE]]) {
  const run = spawnSync(BIN, ['--workspace', workspace, ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`groundwork ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
}

/** Every live object, by kind (groundwork stats). */
async function counts(page) {
  return (await api(page, 'stats')).counts;
}

/** The screen box of the first or last character of `words` in the transcript. */
async function charBox(page, words, which) {
  const box = await page.evaluate(
    ([words, which]) => {
      for (const el of document.querySelectorAll('[data-testid=segment] [data-hl-text]')) {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const at = n.textContent.indexOf(words);
          if (at < 0) continue;
          const i = which === 'first' ? at : at + words.length - 1;
          const r = document.createRange();
          r.setStart(n, i);
          r.setEnd(n, i + 1);
          const b = r.getBoundingClientRect();
          return { x: b.left, y: b.top, width: b.width, height: b.height };
        }
      }
      return null;
    },
    [words, which],
  );
  assert.ok(box, `"${words}" is in the transcript`);
  return box;
}

/** The words the keyboard cursor is on (the underlined sentence). */
const cursorWords = (page) =>
  page.evaluate(() => {
    const h = CSS.highlights.get('gw-caret');
    return h ? [...h].map((r) => r.toString()).join(' ') : '';
  });

const activePassage = (page) => page.evaluate(() => document.activeElement?.closest('[data-testid=segment]')?.textContent ?? null);
const activeIndex = (page) => page.evaluate(() => Number(document.activeElement?.closest('[data-index]')?.dataset.index ?? -1));

describe('highlighting captions whose sentences run over cues', () => {
  const app = useApp({ server: { workspace } });
  let interview, segments, before0;

  before(async () => {
    const { page } = app;
    [interview] = await api(page, 'list_interviews');
    segments = await api(page, 'list_segments', { interview_id: interview.id });
    before0 = await counts(page);
    await goto(page, `#/interviews/${interview.id}`);
    await page.getByTestId('segment').first().waitFor();
  });

  /** The passages (indexes) holding the first and last words of a sentence. */
  function passagesOf(sentence) {
    const words = sentence.split(' ');
    const first = segments.findIndex((s) => s.text.includes(`${words[0]} ${words[1]}`));
    const last = segments.findIndex((s, i) => i >= first && s.text.includes(words.slice(-2).join(' ')));
    return [first, last];
  }

  it('imports one passage per cue, with no speaker', () => {
    // Speaker-less captions stay one passage per cue (each keeps its time to seek to).
    assert.equal(segments.length, CUES);
    assert.ok(segments.every((s) => s.speaker === null && s.participant_id === null));
  });

  it('highlights a sentence dragged over three cues with the mouse', async () => {
    const { page } = app;
    const [first, last] = passagesOf(MOUSE_SENTENCE);
    assert.equal(last - first, 2, 'the sentence runs over three cues');

    const from = await charBox(page, 'Honestly', 'first');
    const to = await charBox(page, 'every winter.', 'last');
    await page.mouse.move(from.x + 1, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width - 1, to.y + to.height / 2, { steps: 12 });
    await page.mouse.up();

    const popover = page.getByTestId('tag-popover');
    await popover.waitFor();
    assert.equal(await popover.locator('.quote').innerText(), `“${MOUSE_SENTENCE}”`);
    // Marked in all three passages while it waits for its tags.
    assert.equal(await page.locator('[data-testid=segment] mark.pending').count(), 3);
    await audit(page, 'coding popover over three passages');

    await page.getByTestId('tag-input').pressSequentially('Burnout', { delay: 10 });
    await page.getByRole('option', { name: 'Create tag “Burnout”' }).waitFor();
    await page.keyboard.press('Enter');
    await popover.locator('.chip', { hasText: 'Burnout' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('toast').filter({ hasText: 'Highlight saved with 1 tag' }).waitFor();

    const [h] = await api(page, 'list_interview_highlights', { interview_id: interview.id });
    assert.equal(h.quote, MOUSE_SENTENCE);
    assert.equal(h.segment_id, segments[first].id);
    assert.equal(h.end_segment_id, segments[last].id);
    assert.equal(h.start, segments[first].text.indexOf('Honestly'));
    assert.equal(h.end_offset, segments[last].text.indexOf('every winter.') + 'every winter.'.length);
    assert.equal(h.start_ms, segments[first].start_ms, 'it starts when its first cue does');
    assert.equal(h.anchor, 'ok');
    // Marked as one highlight in each of its passages.
    await page.locator('[data-testid=segment].has-highlight').nth(2).waitFor();
    assert.equal(await page.locator('[data-testid=segment].has-highlight').count(), 3);
    assert.equal((await page.locator('[data-testid=segment] mark.hl').allInnerTexts()).join(' '), MOUSE_SENTENCE);

    // In context, it shows in all its passages.
    await goto(page, `#/highlights/${h.id}`);
    const context = page.getByTestId('highlight-context');
    await context.waitFor();
    assert.equal((await context.locator('mark').allInnerTexts()).join(' '), MOUSE_SENTENCE);
    assert.match(await context.innerText(), /every winter\. We tried$/, 'with the rest of its last passage');
    await goto(page, `#/interviews/${interview.id}`);
    await page.locator('[data-testid=segment].has-highlight').first().waitFor();
  });

  it('never runs a single-key shortcut while words are selected', async () => {
    const { page } = app;
    const url = page.url();
    // Words selected outside the transcript (the passage count above it), then "n" (new item).
    await selectWords(page.locator('.transcript .head .muted'), 'passages');
    await page.keyboard.press('n');
    await page.keyboard.press('/');
    assert.equal(page.url(), url, 'no new interview form, no filter');
    assert.deepEqual(await counts(page), { ...before0, highlight: 1, tag: 1 });
    await page.evaluate(() => document.getSelection().removeAllRanges());
  });

  it('highlights another sentence over cues with the keyboard only', async () => {
    const { page } = app;
    const [first, last] = passagesOf(KEYS_SENTENCE);
    assert.ok(last > first, 'the sentence runs over cues');

    // The interview opened afresh (nothing focused), then Tab into the transcript: one passage
    // takes the keyboard.
    await goto(page, '#/highlights');
    await goto(page, `#/interviews/${interview.id}`);
    await page.locator('[data-testid=segment].has-highlight').first().waitFor();
    assert.equal(await activePassage(page), null);
    for (let i = 0; i < 80 && !(await activePassage(page)); i++) await page.keyboard.press('Tab');
    assert.equal(await activeIndex(page), 0, 'Tab reaches the first passage');
    // ↓ to the passage the sentence starts in, → to the sentence.
    for (let i = 0; i < CUES && (await activeIndex(page)) < first; i++) await page.keyboard.press('ArrowDown');
    assert.equal(await activeIndex(page), first);
    for (let i = 0; i < 5 && !(await cursorWords(page)).startsWith('We tried'); i++) await page.keyboard.press('ArrowRight');
    assert.equal(await cursorWords(page), KEYS_SENTENCE, 'the cursor is on the sentence, over its cues');

    // Shift+→ selects the sentence; Enter opens the popover for it.
    await page.keyboard.press('Shift+ArrowRight');
    // The page's own selection, from its first word to its last (with the speaker column between
    // passages, as a mouse selection has).
    assert.match(await page.evaluate(() => document.getSelection().toString().trim()), /^We tried\s[^]*\sphone call\.$/);
    await page.keyboard.press('Enter');
    const popover = page.getByTestId('tag-popover');
    await popover.waitFor();
    assert.equal(await popover.locator('.quote').innerText(), `“${KEYS_SENTENCE}”`);
    await page.keyboard.type('Scheduling');
    await page.getByRole('option', { name: 'Create tag “Scheduling”' }).waitFor();
    await page.keyboard.press('Enter');
    await popover.locator('.chip', { hasText: 'Scheduling' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('toast').filter({ hasText: 'Highlight saved with 1 tag' }).first().waitFor();
    await popover.waitFor({ state: 'detached' });
    assert.ok(await activePassage(page), 'the keyboard is back in the transcript');
    assert.equal(await cursorWords(page), 'Then a student built us a shared calendar.', 'on the next sentence');

    const hs = await api(page, 'list_interview_highlights', { interview_id: interview.id });
    const h = hs.find((x) => x.quote === KEYS_SENTENCE);
    assert.ok(h, `a highlight of "${KEYS_SENTENCE}": ${hs.map((x) => x.quote)}`);
    assert.equal(h.segment_id, segments[first].id);
    assert.equal(h.end_segment_id, segments[last].id);
    assert.equal(h.start, segments[first].text.indexOf('We tried'));
  });

  it('extends by passage, clears with Esc, and takes typed words as a tag', async () => {
    const { page } = app;
    // The keyboard is after the last highlight: on "Then a student built us a shared calendar."
    await page.keyboard.press('Shift+ArrowDown');
    assert.ok((await page.evaluate(() => document.getSelection().toString())).trim(), 'a passage is selected');
    await page.keyboard.press('Escape');
    assert.equal(await page.evaluate(() => document.getSelection().isCollapsed), true);

    // Words selected, popover not open: typing starts a tag for them (the reported bug typed
    // "boarding pain" here and "n" made a new interview).
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('b');
    await page.getByTestId('tag-input').waitFor();
    await page.keyboard.type('oarding pain');
    assert.equal(await page.getByTestId('tag-input').inputValue(), 'boarding pain');
    assert.match(page.url(), new RegExp(`#/interviews/${interview.id}`));
    await page.keyboard.press('Escape');
    await page.getByTestId('tag-popover').waitFor({ state: 'detached' });

    await page.screenshot({ path: join(tempDir('gw-captions-shot-'), 'captions.png') });
    // Nothing stray: two highlights and their two tags, nothing else.
    assert.deepEqual(await counts(page), { ...before0, highlight: 2, tag: 2 });
    await audit(page, 'caption transcript after coding');
  });
});
