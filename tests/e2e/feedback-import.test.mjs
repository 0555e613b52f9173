// A survey export arriving, as a PM takes it in: the real Jupyter Notebook UX survey export
// (SurveyGizmo, dozens of question columns) is chosen in the import dialog, which stops at
// the column mapping; one column's role is changed, the counts follow, the import adds what
// the preview said, and the same export again adds nothing ("nothing new"), with the mapping
// remembered from the first time.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { api, audit, ROOT, useApp } from './helpers.mjs';

const CORPUS = process.env.GROUNDWORK_CORPUS ?? join(ROOT, '../shared/corpus');
const SURVEY = join(CORPUS, 'feedback/jupyter-surveys/2015-12-notebook-ux/20160115235816-SurveyExport.csv');
const NAME = '20160115235816-SurveyExport.csv';

/** The number before "items will be added" in the counts line. */
function toAdd(counts) {
  const m = /([\d,]+) items? will be added/.exec(counts);
  assert.ok(m, `counts say what will be added: ${counts}`);
  return Number(m[1].replace(/,/g, ''));
}

describe('importing a feedback export through its column mapping', { skip: existsSync(SURVEY) ? false : `no corpus at ${SURVEY}` }, () => {
  const app = useApp();

  async function choose() {
    const { page } = app;
    await page.keyboard.press(process.platform === 'darwin' ? 'Meta+i' : 'Control+i');
    const dialog = page.getByRole('dialog', { name: 'Import files' });
    await dialog.getByRole('button', { name: 'Choose files…' }).waitFor();
    await page.setInputFiles('[data-testid=import-input]', [SURVEY]);
    const step = dialog.locator('[data-testid=feedback-mapping][data-state=asking]');
    await step.waitFor();
    return { dialog, step };
  }

  /** The counts line once the preview for the shown mapping has answered. */
  async function settledCounts(step) {
    const counts = step.locator('[data-testid=feedback-counts][aria-busy=false]');
    await counts.waitFor();
    return counts.innerText();
  }

  it('shows the columns with samples, follows a changed role, and imports what it said', async () => {
    const { page } = app;
    const { dialog, step } = await choose();
    assert.equal((await api(page, 'feedback_stats', { by: null })).items, 0, 'nothing is imported before Import');
    const status = step.locator('[data-testid=feedback-column][data-column="Status"]');
    assert.match(await status.innerText(), /Complete|Partial/, 'sample values beside the column');
    const before = await settledCounts(step);
    toAdd(before);
    await audit(page, 'feedback column mapping');

    // The response status (Complete / Partial) is the kind of respondent: a segment.
    const role = status.getByRole('combobox', { name: 'What “Status” is' });
    await role.selectOption({ label: 'Segment / plan' });
    const after = await settledCounts(step);
    const adds = toAdd(after);
    assert.ok(adds > 0, after);
    assert.equal(await role.inputValue(), 'segment');

    await step.getByTestId('feedback-confirm').click();
    const report = dialog.getByTestId('refi-report').filter({ hasText: NAME });
    await report.waitFor();
    const text = await report.innerText();
    assert.match(text, new RegExp(`Imported ${adds.toLocaleString('en-US')} feedback items? from ${NAME.replace('.', '\\.')}`));
    assert.equal((await api(page, 'feedback_stats', { by: null })).items, adds);
    const segments = (await api(page, 'query_feedback', {
      query: { text: '', states: [], sources: [], segments: [], score_kind: null, score_min: null, score_max: null, from: null, to: null },
      offset: 0,
      limit: 5,
    })).segments;
    assert.ok(segments.includes('Complete'), `the Status column became the segment: ${JSON.stringify(segments)}`);
    await dialog.getByRole('button', { name: 'Close' }).last().click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('remembers the mapping, and the same export again adds nothing', async () => {
    const { page } = app;
    const items = (await api(page, 'feedback_stats', { by: null })).items;
    const { dialog, step } = await choose();
    await step.getByTestId('feedback-remembered').waitFor();
    const role = step.getByRole('combobox', { name: 'What “Status” is' });
    assert.equal(await role.inputValue(), 'segment', 'the changed role is remembered');
    const counts = await settledCounts(step);
    assert.equal(toAdd(counts), 0, counts);
    assert.match(counts, new RegExp(`${items.toLocaleString('en-US')} already imported`));

    await step.getByTestId('feedback-confirm').click();
    const report = dialog.getByTestId('refi-report').filter({ hasText: 'Nothing new' });
    await report.waitFor();
    assert.match(await report.innerText(), new RegExp(`Nothing new in ${NAME.replace('.', '\\.')}: all [\\d,]+ items were imported before`));
    assert.equal((await api(page, 'feedback_stats', { by: null })).items, items);
    await dialog.getByRole('button', { name: 'Close' }).last().click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('ran no injected script and broke no policy on the way', () => {
    assert.deepEqual(app.problems.dialogs, []);
    assert.deepEqual(app.problems.pageErrors, []);
    assert.deepEqual(app.problems.csp, []);
    assert.deepEqual(app.problems.consoleErrors, []);
  });
});
