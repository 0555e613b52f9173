// A PM's everyday journey with interviews: create one, edit it, find it with the palette,
// open a transcript passage from search, see validation next to the field, delete and undo.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { api, goto, selectWords, useApp } from './helpers.mjs';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

/** The form's own submit button (an empty list offers a "Create …" button too). */
async function submit(page, name) {
  const button = page.locator('button[type=submit][form=editor-form]');
  assert.equal(await button.innerText(), name);
  await button.click();
}

describe('interviews', () => {
  const app = useApp();

  it('shows a new user what to do when there are no interviews', async () => {
    const { page } = app;
    await goto(page, '#/interviews');
    await page.getByRole('heading', { name: 'No interviews yet' }).waitFor();
    assert.match(await page.getByRole('status').filter({ hasText: 'No interviews yet' }).innerText(), /import a transcript \(Ctrl\+I\)/i);
    assert.ok(await page.getByRole('button', { name: 'Create interview' }).isVisible());
  });

  it('creates an interview, edits it, and keeps the edit after a reload', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Create interview' }).click();
    await page.getByRole('heading', { name: 'New interview' }).waitFor();
    // The title field has focus on a new form.
    await page.keyboard.type('Zebracorn onboarding call');
    await page.getByLabel('Date', { exact: true }).fill('2026-03-31');
    await page.getByLabel('Interviewer', { exact: true }).fill('Priya');
    await page.getByLabel('Notes', { exact: true }).fill('She **struggled** with SSO setup.');
    await submit(page, 'Create interview');

    await page.getByTestId('editor-title').filter({ hasText: 'Zebracorn onboarding call' }).waitFor();
    await page.getByTestId('toast').filter({ hasText: 'Interview created' }).waitFor();
    assert.match(page.url(), /#\/interviews\/[0-9a-f-]{36}$/);
    await page.getByTestId('list-row').filter({ hasText: 'Zebracorn onboarding call' }).waitFor();
    await page.getByTestId('nav-interviews').filter({ hasText: '1' }).waitFor();

    // Edit: the title and the interviewer; Ctrl+S saves.
    await page.getByLabel('Title', { exact: true }).fill('Zebracorn onboarding call (Acme)');
    await page.getByLabel('Interviewer', { exact: true }).fill('Priya Shah');
    await page.getByText('Unsaved changes').waitFor();
    await page.keyboard.press(`${mod}+s`);
    await page.getByTestId('toast').filter({ hasText: 'Saved' }).waitFor();
    await page.getByTestId('editor-title').filter({ hasText: 'Zebracorn onboarding call (Acme)' }).waitFor();

    await page.reload();
    await page.getByTestId('editor-title').filter({ hasText: 'Zebracorn onboarding call (Acme)' }).waitFor();
    assert.equal(await page.getByLabel('Interviewer', { exact: true }).inputValue(), 'Priya Shah');
    assert.equal(await page.getByLabel('Date', { exact: true }).inputValue(), '2026-03-31');
    // Notes render as Markdown in the preview.
    assert.equal(await page.getByTestId('markdown-preview').locator('strong').innerText(), 'struggled');
  });

  it('finds the interview through the palette as you type and opens it', async () => {
    const { page } = app;
    await goto(page, '#/notes');
    await page.getByRole('heading', { name: 'No notes yet' }).waitFor();
    await page.keyboard.press(`${mod}+k`);
    const input = page.getByRole('combobox', { name: 'Search everything' });
    await input.waitFor();
    await input.pressSequentially('zebraco', { delay: 30 });
    const hit = page.getByTestId('search-hit').filter({ hasText: 'Zebracorn onboarding call (Acme)' }).first();
    await hit.waitFor();
    // Grouped by kind with a count that agrees with its noun, and the matched word marked.
    await page.locator('[role=group] .group-head').filter({ hasText: /^1 interview$/i }).first().waitFor();
    assert.match(await hit.locator('mark').first().innerText(), /zebracorn/i);
    assert.equal(await hit.getAttribute('aria-selected'), 'true');
    await page.keyboard.press('Enter');
    await page.getByTestId('editor-title').filter({ hasText: 'Zebracorn onboarding call (Acme)' }).waitFor();
    assert.equal(await page.getByRole('combobox', { name: 'Search everything' }).count(), 0, 'the palette closed');
    assert.match(page.url(), /#\/interviews\//);
  });

  it('opens a transcript passage from search, scrolled to it', async () => {
    const { page } = app;
    const iv = await api(page, 'create_interview', { input: { title: 'Long support call' } });
    const segments = Array.from({ length: 120 }, (_, i) => ({
      speaker: i % 2 ? 'Customer' : 'Agent',
      start_ms: i * 5000,
      end_ms: i * 5000 + 4000,
      text: i === 97 ? 'The quarterly invoice reconciliation is where I lose a whole afternoon.' : `Small talk number ${i}.`,
    }));
    await api(page, 'add_segments', { interview_id: iv.id, segments });
    await page.keyboard.press(`${mod}+k`);
    await page.getByRole('combobox', { name: 'Search everything' }).pressSequentially('invoice reconcil', { delay: 20 });
    const hit = page.getByTestId('search-hit').filter({ hasText: 'reconciliation' }).first();
    await hit.waitFor();
    await page.keyboard.press('Enter');
    const target = page.locator('[data-testid=segment].target');
    await target.waitFor();
    assert.match(await target.innerText(), /quarterly invoice reconciliation/);
    assert.match(await target.innerText(), /8:05/); // 97 × 5 s
    assert.ok(await target.isVisible());
    const inView = await target.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
    assert.ok(inView, 'the passage is scrolled into view');
  });

  it('turns words selected in the transcript into a highlight', async () => {
    const { page } = app;
    const target = page.locator('[data-testid=segment].target');
    await selectWords(target.locator('[data-hl-text]'), 'quarterly invoice reconciliation');
    // The coding popover opens on the selection; Enter on its empty field saves.
    await page.getByTestId('tag-input').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('toast').filter({ hasText: 'Highlight saved' }).waitFor();
    await target.locator('mark', { hasText: 'quarterly invoice reconciliation' }).waitFor();
    await page.getByTestId('nav-highlights').filter({ hasText: '1' }).waitFor();
    const [h] = await api(page, 'list_highlights');
    assert.equal(h.quote, 'quarterly invoice reconciliation');
    assert.equal(h.speaker, 'Customer');
    assert.equal(h.start_ms, 97 * 5000);
  });

  it('shows a validation error next to the field, and saves nothing', async () => {
    const { page } = app;
    const before = (await api(page, 'list_interviews')).length;
    await goto(page, '#/interviews/new');
    await page.getByRole('heading', { name: 'New interview' }).waitFor();
    await page.getByLabel('Interviewer', { exact: true }).fill('Nobody');
    await submit(page, 'Create interview');
    const error = page.locator('[data-field=title] [data-testid=field-error]');
    await error.waitFor();
    assert.equal(await error.innerText(), 'Title must not be empty.');
    assert.equal(await page.getByLabel('Title', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-interviews-title');
    assert.equal((await api(page, 'list_interviews')).length, before);

    // Leaving the unsaved form asks first.
    await goto(page, '#/tags/new');
    const guard = page.getByRole('alertdialog', { name: 'Discard unsaved changes?' });
    await guard.waitFor();
    await guard.getByRole('button', { name: 'Discard changes' }).click();

    // A bad colour on a tag: the engine's message, in words, beside the Colour field.
    await page.getByRole('heading', { name: 'New tag' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Pricing');
    await page.getByRole('textbox', { name: 'Colour', exact: true }).fill('blue');
    await submit(page, 'Create tag');
    const colourError = page.locator('[data-field=color] [data-testid=field-error]');
    await colourError.waitFor();
    assert.match(await colourError.innerText(), /Color 'blue' is not like #3366ff/);
    // Fixing it clears the error and saves.
    await page.getByRole('textbox', { name: 'Colour', exact: true }).fill('#3366ff');
    await submit(page, 'Create tag');
    await page.getByTestId('editor-title').filter({ hasText: 'Pricing' }).waitFor();
    assert.equal(await page.locator('[data-testid=field-error]').count(), 0);
  });

  it('moves an interview to the trash, undoes it, and restores from the Trash view', async () => {
    const { page } = app;
    await goto(page, '#/interviews');
    const row = page.getByTestId('list-row').filter({ hasText: 'Zebracorn onboarding call (Acme)' });
    await row.click();
    await page.getByTestId('editor-title').filter({ hasText: 'Zebracorn' }).waitFor();
    const count = async () => Number((await page.getByTestId('nav-interviews').locator('.count').innerText()).replace(/\D/g, ''));
    const sidebarSays = (n) =>
      page.waitForFunction((n) => document.querySelector('[data-testid=nav-interviews] .count')?.textContent?.trim() === String(n), n);
    const n = await count();

    await page.getByRole('button', { name: 'Move to trash' }).click();
    const toast = page.getByTestId('toast').filter({ hasText: 'moved to the trash' });
    await toast.waitFor();
    await row.waitFor({ state: 'detached' });
    await sidebarSays(n - 1);

    await toast.getByRole('button', { name: 'Undo' }).click();
    await page.getByTestId('toast').filter({ hasText: 'Undid: Moved to the trash interview “Zebracorn' }).waitFor();
    await row.waitFor();
    await sidebarSays(n);

    // Again, then Ctrl+Z outside a text field undoes too.
    await row.click();
    await page.getByRole('button', { name: 'Move to trash' }).click();
    await row.waitFor({ state: 'detached' });
    await page.locator('body').click({ position: { x: 5, y: 500 } });
    await page.keyboard.press(`${mod}+z`);
    await row.waitFor();

    // Trash view: restore one, and emptying asks first.
    await row.click();
    await page.getByRole('button', { name: 'Move to trash' }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByTestId('nav-trash').click();
    const trashRow = page.getByTestId('trash-row').filter({ hasText: 'Zebracorn' });
    await trashRow.waitFor();
    await trashRow.getByRole('button', { name: /Restore/ }).click();
    await trashRow.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'The trash is empty' }).waitFor();

    const tag = (await api(page, 'list_tags'))[0];
    await api(page, 'trash', { kind: 'tag', id: tag.id });
    await goto(page, '#/interviews');
    await goto(page, '#/trash');
    await page.getByTestId('trash-row').filter({ hasText: 'Pricing' }).waitFor();
    await page.getByRole('button', { name: 'Empty trash…' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText('cannot be undone').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await page.getByTestId('trash-row').count(), 1);
    await page.getByRole('button', { name: 'Empty trash…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Empty trash' }).click();
    await page.getByRole('heading', { name: 'The trash is empty' }).waitFor();
    assert.equal((await api(page, 'list_trash')).length, 0);
  });

  it('ran no injected script and broke no policy on the way', () => {
    assert.deepEqual(app.problems.dialogs, []);
    assert.deepEqual(app.problems.pageErrors, []);
    assert.deepEqual(app.problems.csp, []);
  });
});
