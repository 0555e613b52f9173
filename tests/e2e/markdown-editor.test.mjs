// The Markdown notes field formats like Notion: select a word, Ctrl+B bolds it, Ctrl+Z undoes
// the bolding through the browser's own undo, and Ctrl+I means italic there, not import.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goto, useApp } from './helpers.mjs';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

describe('markdown editor', () => {
  const app = useApp();

  it('bolds the selected word with Ctrl+B and undoes it with Ctrl+Z', async () => {
    const { page } = app;
    await goto(page, '#/interviews');
    await page.getByRole('button', { name: 'Create interview' }).click();
    await page.getByRole('heading', { name: 'New interview' }).waitFor();
    const notes = page.getByLabel('Notes', { exact: true });
    assert.ok(await page.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: 'Bold' }).isVisible());

    await notes.click();
    await page.keyboard.type('word');
    await notes.evaluate((el) => el.setSelectionRange(0, el.value.length));
    await page.keyboard.press(`${mod}+b`);
    assert.equal(await notes.inputValue(), '**word**');
    assert.deepEqual(await notes.evaluate((el) => [el.selectionStart, el.selectionEnd]), [2, 6]);

    await page.keyboard.press(`${mod}+z`);
    assert.equal(await notes.inputValue(), 'word');

    // Ctrl+I is italic inside the field; the import dialog stays closed.
    await notes.evaluate((el) => el.setSelectionRange(0, el.value.length));
    await page.keyboard.press(`${mod}+i`);
    assert.equal(await notes.inputValue(), '_word_');
    assert.equal(await page.getByRole('dialog').count(), 0);
  });
});
