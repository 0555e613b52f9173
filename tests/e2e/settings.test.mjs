// Settings on a workspace seeded with the demo project, as a first-time user meets it: the
// demo shows, the search language can be changed (the index is rebuilt and search still
// finds things), and the demo goes with one confirmed action while the user's own work stays.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { api, goto, useApp } from './helpers.mjs';

describe('settings and the demo project', () => {
  const app = useApp({ server: { demo: true } });

  it('shows the demo project on a new workspace', async () => {
    const { page } = app;
    await goto(page, '#/interviews');
    await page.getByTestId('list-row').filter({ hasText: 'Demo:' }).first().waitFor();
    assert.ok((await api(page, 'list_interviews')).length >= 6);
  });

  it('changes the search language and search still finds the demo', async () => {
    const { page } = app;
    await goto(page, '#/settings');
    const select = page.getByLabel('Search language');
    assert.equal(await select.inputValue(), 'en');
    await select.selectOption('de');
    await page.getByTestId('search-language-status').filter({ hasText: /Search now matches words as/ }).waitFor();
    assert.equal((await api(page, 'workspace_info')).search_language, 'de');
    const found = await api(page, 'search', { request: { query: 'login', kinds: [], tags: [], participants: [], personas: [], date_from: null, date_to: null, limit: 5, offset: 0, as_you_type: false } });
    assert.ok(found.total > 0, 'the rebuilt index still finds demo text');

    // An unknown code is refused with a message naming the choices, not a crash.
    await assert.rejects(api(page, 'set_search_language', { language: 'xx' }), /unknown search language 'xx'/);

    await select.selectOption('en');
    await page.getByTestId('search-language-status').filter({ hasText: /English/ }).waitFor();
  });

  it('removes the demo project after confirmation and keeps the user’s own work', async () => {
    const { page } = app;
    await api(page, 'create_note', { input: { title: 'My own synthesis', body: 'Keep me.' } });
    await goto(page, '#/settings');

    // Cancelling changes nothing.
    await page.getByTestId('remove-demo').click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.ok((await api(page, 'list_interviews')).length >= 6);

    await page.getByTestId('remove-demo').click();
    await dialog.getByRole('button', { name: 'Remove demo' }).click();
    await page.getByRole('status').filter({ hasText: /Removed the demo project \(\d+ objects\)/ }).waitFor();
    assert.equal((await api(page, 'list_interviews')).length, 0);
    assert.equal(await api(page, 'has_demo'), false);
    const notes = await api(page, 'list_notes');
    assert.deepEqual(notes.map((n) => n.title), ['My own synthesis']);
    await goto(page, '#/interviews');
    await page.getByRole('heading', { name: 'No interviews yet' }).waitFor();
  });
});
