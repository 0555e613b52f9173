// A PM builds a persona from evidence: create it, add a pain, accept highlights search
// suggests (seeded interviews with two participants), watch the strength rise and the
// "proto" mark go once two participants back every statement, then print the one-pager.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { api, goto, useApp } from './helpers.mjs';

describe('personas', () => {
  const app = useApp();
  const quotes = {
    ann: 'Reconciling invoices by hand takes me two days every month.',
    bo: 'Our invoices never reconcile with the bank statement.',
    cy: 'I love the new dashboard colours.',
  };

  before(async () => {
    const { page } = app;
    // Interviews with participants and highlights, through the API as an import would.
    for (const [name, quote] of [
      ['Ann', quotes.ann],
      ['Bo', quotes.bo],
      ['Cy', quotes.cy],
    ]) {
      const p = await api(page, 'create_participant', { input: { name } });
      const iv = await api(page, 'create_interview', { input: { title: `Interview with ${name}`, participant_ids: [p.id] } });
      const [seg] = await api(page, 'add_segments', {
        interview_id: iv.id,
        segments: [{ speaker: name, participant_id: p.id, text: quote }],
      });
      await api(page, 'create_highlight', { input: { interview_id: iv.id, segment_id: seg.id, quote, start: 0, end: quote.length } });
    }
  });

  it('builds an evidence-backed persona from suggested highlights and prints it', async () => {
    const { page, problems } = app;
    await goto(page, '#/personas');
    await page.getByRole('heading', { name: 'No personas yet' }).waitFor();

    // Create the persona.
    await page.getByRole('button', { name: '+ New' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Finance Fiona');
    await page.getByLabel('Role', { exact: true }).fill('Finance lead');
    await page.locator('button[type=submit][form=editor-form]').click();
    await page.getByRole('heading', { name: 'Finance Fiona', level: 2 }).waitFor();
    const badge = page.getByTestId('persona-badge');
    assert.equal(await badge.innerText(), 'PROTO');
    assert.match(await page.getByTestId('persona-verdict').innerText(), /no statements yet/i);

    // Add a pain; suggestions from search appear for it right away.
    await page.locator('#stmt-new-kind').selectOption('pain');
    await page.locator('#stmt-new-text').fill('Reconciling invoices is slow and manual');
    await page.getByRole('form', { name: 'Add a statement' }).getByRole('button', { name: 'Add' }).click();
    const statement = page.getByTestId('statement').filter({ hasText: 'Reconciling invoices is slow and manual' });
    await statement.waitFor();
    assert.equal(await statement.getAttribute('data-kind'), 'pain');
    assert.equal(await statement.getByTestId('strength').innerText(), '0 participants');
    const suggestions = statement.getByTestId('suggestion');
    await suggestions.first().waitFor();
    const offered = await suggestions.allInnerTexts();
    assert.equal(offered.length, 2, offered.join('\n'));
    assert.ok(offered.some((t) => t.includes(quotes.ann) && t.includes('Ann')));
    assert.ok(offered.some((t) => t.includes(quotes.bo)));
    assert.ok(!offered.some((t) => t.includes(quotes.cy)), 'an unrelated highlight is not suggested');
    await page.getByText('1 statement of 1 need evidence from more participants', { exact: false }).waitFor();

    // Accept Ann's highlight: strength 1, still proto (two participants needed).
    await suggestions.filter({ hasText: quotes.ann }).getByRole('button', { name: 'Accept' }).click();
    await statement.getByTestId('strength').filter({ hasText: '1 participant' }).waitFor();
    await statement.getByTestId('evidence-quote').filter({ hasText: quotes.ann }).waitFor();
    assert.equal(await badge.innerText(), 'PROTO');
    assert.match(await page.getByTestId('persona-verdict').innerText(), /needs 1 more/);

    // Accept Bo's: two participants, and the proto mark goes.
    await suggestions.filter({ hasText: quotes.bo }).getByRole('button', { name: 'Accept' }).click();
    await statement.getByTestId('strength').filter({ hasText: '2 participants' }).waitFor();
    await badge.filter({ hasText: 'Evidence-backed' }).waitFor();
    assert.match(await page.getByTestId('persona-verdict').innerText(), /every statement rests on at least 2 participants/);

    // The quote opens at its source: the interview, at the segment.
    const href = await statement.getByTestId('evidence-quote').filter({ hasText: quotes.bo }).locator('a').getAttribute('href');
    assert.match(href, /^#\/interviews\/[0-9a-f-]{36}\?segment=[0-9a-f-]{36}$/);

    // Members: add Ann; her interview and the linked highlights are listed on the page.
    await page.locator('#member-pick').selectOption({ label: 'Ann' });
    await page.getByRole('button', { name: 'Add participant' }).click();
    await page.getByTestId('member').filter({ hasText: 'Ann' }).waitFor();
    await page.getByRole('region', { name: /Their interviews \(1\)/ }).getByRole('link', { name: 'Interview with Ann' }).waitFor();
    assert.match(await page.getByRole('region', { name: /Highlights linked/ }).innerText(), /Highlights linked \(2\)/);
    // Removing her can be undone.
    await page.getByRole('button', { name: 'Remove Ann from this persona' }).click();
    await page.getByTestId('member').waitFor({ state: 'detached' });
    await page.getByTestId('toast').filter({ hasText: 'Ann removed from Finance Fiona' }).getByRole('button', { name: 'Undo' }).click();
    await page.getByTestId('member').filter({ hasText: 'Ann' }).waitFor();

    // Edit, then undo: the old wording is back.
    await statement.getByRole('button', { name: /^Edit statement/ }).click();
    await page.locator('textarea[id^=stmt-edit-]').fill('Reconciling is slow');
    await page.locator('[data-testid=statement] form.edit').getByRole('button', { name: 'Save' }).click();
    const edited = page.getByTestId('statement').filter({ hasText: 'Reconciling is slow' });
    await edited.waitFor();
    await page.getByTestId('toast').filter({ hasText: 'Statement saved' }).getByRole('button', { name: 'Undo' }).click();
    await statement.waitFor();

    // Delete, then undo: it comes back with its evidence, and the persona stays backed.
    await statement.getByRole('button', { name: /^Delete statement/ }).click();
    await statement.waitFor({ state: 'detached' });
    await badge.filter({ hasText: 'Proto' }).waitFor();
    await page.getByTestId('toast').filter({ hasText: 'Statement deleted' }).getByRole('button', { name: 'Undo' }).click();
    await statement.getByTestId('strength').filter({ hasText: '2 participants' }).waitFor();
    await badge.filter({ hasText: 'Evidence-backed' }).waitFor();

    // The card grid says the same.
    await goto(page, '#/personas');
    const card = page.getByTestId('persona-card').filter({ hasText: 'Finance Fiona' });
    await card.waitFor();
    assert.equal(await card.getByTestId('card-badge').innerText(), 'EVIDENCE-BACKED');
    assert.match(await card.innerText(), /\b1 pain\b/);

    // Print the one-pager: window.print is intercepted to count calls.
    await page.evaluate(() => {
      window.__printed = 0;
      window.print = () => {
        window.__printed += 1;
      };
    });
    await card.locator('a.open').click();
    await page.getByTestId('print-persona').click();
    const sheet = page.getByTestId('one-pager');
    await sheet.waitFor();
    await page.waitForFunction(() => window.__printed === 1);
    const text = await sheet.innerText();
    assert.match(text, /Finance Fiona/);
    assert.match(text, /Finance lead/);
    assert.match(text, /Evidence-backed/);
    assert.match(text, /Pains/);
    assert.match(text, /Reconciling invoices is slow and manual \(2 participants\)/);
    assert.ok(text.includes(quotes.ann) && text.includes(quotes.bo), text);
    // The app's chrome is not on the page that prints.
    assert.equal(await page.getByTestId('workspace-name').count(), 0);

    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.dialogs, []);
    assert.deepEqual(problems.csp, []);
  });

  it('saving the details form keeps members, picture and evidence added on the page meanwhile', async () => {
    const { page, problems } = app;
    const everyone = await api(page, 'list_participants');
    const cy = everyone.find((p) => p.name === 'Cy');
    const persona = await api(page, 'create_persona', { input: { name: 'Support Sam', role: 'Agent' } });
    await api(page, 'add_persona_statement', { persona_id: persona.id, input: { kind: 'pain', text: 'Invoices never reconcile with the bank' } });
    await goto(page, `#/personas/${persona.id}`);
    await page.getByRole('heading', { name: 'Support Sam', level: 2 }).waitFor();

    // An unsaved edit in the details form…
    await page.getByRole('tab', { name: 'Details' }).click();
    await page.getByLabel('Role', { exact: true }).fill('Support lead');
    await page.getByText('Unsaved changes').waitFor();

    // …while a member, a picture and evidence are added on the page.
    await page.getByRole('tab', { name: 'Goals, pains and jobs' }).click();
    await page.locator('#member-pick').selectOption({ label: 'Cy' });
    await page.getByRole('button', { name: 'Add participant' }).click();
    await page.getByTestId('member').filter({ hasText: 'Cy' }).waitFor();
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    await page.locator('.persona-page input[type=file]').setInputFiles({ name: 'sam.png', mimeType: 'image/png', buffer: png });
    await page.getByRole('button', { name: 'Change picture' }).waitFor();
    const statement = page.getByTestId('statement').filter({ hasText: 'Invoices never reconcile with the bank' });
    await statement.getByRole('button', { name: 'Suggest evidence' }).click();
    await statement.getByTestId('suggestion').filter({ hasText: quotes.bo }).getByRole('button', { name: 'Accept' }).click();
    await statement.getByTestId('strength').filter({ hasText: '1 participant' }).waitFor();

    // Saving the form writes the role and loses none of it.
    await page.getByRole('tab', { name: /^Details/ }).click();
    await page.locator('button[type=submit][form=editor-form]').click();
    await page.getByTestId('toast').filter({ hasText: 'Saved' }).waitFor();
    const saved = await api(page, 'get_persona', { id: persona.id });
    assert.equal(saved.role, 'Support lead');
    assert.deepEqual(saved.participant_ids, [cy.id]);
    assert.match(saved.avatar ?? '', /^data:image\/png;base64,/);
    assert.equal(saved.statements[0].highlight_ids.length, 1);
    // The page shows the same.
    await page.getByRole('tab', { name: 'Goals, pains and jobs' }).click();
    await page.getByTestId('member').filter({ hasText: 'Cy' }).waitFor();
    await statement.getByTestId('strength').filter({ hasText: '1 participant' }).waitFor();

    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.dialogs, []);
  });
});

describe('persona import', () => {
  const app = useApp();

  it('previews what a Markdown file holds and saves nothing until confirmed', async () => {
    const { page, problems } = app;
    await goto(page, '#/personas');
    await page.getByRole('heading', { name: 'No personas yet' }).waitFor();
    const md = [
      '# Personas',
      '',
      '## Ops Olivia',
      '',
      'Role: Operations manager',
      '',
      '### Goals',
      '- Fewer tickets',
      '',
      '### Pain points',
      '- Too many tools',
      '- Manual reports',
      '',
      '## Dev Dan',
      '',
      '**Goals:**',
      '- Ship on Fridays',
      '',
      '**Frustrations:**',
      '- Flaky CI',
    ].join('\n');
    await page.getByTestId('persona-import-input').setInputFiles({ name: 'team.md', mimeType: 'text/markdown', buffer: Buffer.from(md) });
    const preview = page.getByTestId('persona-import-preview');
    await preview.getByTestId('preview-persona').nth(1).waitFor();
    const seen = await preview.getByTestId('preview-persona').allInnerTexts();
    assert.match(seen[0], /Ops Olivia · Operations manager/);
    assert.match(seen[0], /Goals \(1\)\s+Fewer tickets/);
    assert.match(seen[0], /Pains \(2\)\s+Too many tools\s+Manual reports/);
    assert.match(seen[1], /Dev Dan/);
    assert.match(seen[1], /Pains \(1\)\s+Flaky CI/);
    // Nothing saved while the preview is open.
    assert.equal((await api(page, 'list_personas')).length, 0);

    await preview.getByRole('button', { name: 'Import 2 personas' }).click();
    await page.getByTestId('persona-card').filter({ hasText: 'Ops Olivia' }).waitFor();
    await page.getByTestId('persona-card').filter({ hasText: 'Dev Dan' }).waitFor();
    assert.equal((await api(page, 'list_personas')).length, 2);

    // Compare the two side by side.
    for (const name of ['Ops Olivia', 'Dev Dan']) {
      await page.getByTestId('persona-card').filter({ hasText: name }).getByRole('checkbox', { name: 'Compare' }).check();
    }
    await page.getByRole('link', { name: 'Compare (2)' }).click();
    const columns = page.getByTestId('compare-column');
    await columns.nth(1).waitFor();
    const cols = await columns.allInnerTexts();
    assert.equal(cols.length, 2);
    assert.match(cols.join('\n'), /Ops Olivia[\s\S]*Too many tools \(0 participants\)/);
    assert.match(cols.join('\n'), /Dev Dan[\s\S]*Flaky CI/);
    await goto(page, '#/personas');

    // Cancelling a preview saves nothing.
    await page.getByTestId('persona-import-input').setInputFiles({ name: 'again.md', mimeType: 'text/markdown', buffer: Buffer.from(md.replace(/Olivia/g, 'Oona').replace(/Dan/g, 'Dora')) });
    await preview.getByTestId('preview-persona').first().waitFor();
    await preview.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await api(page, 'list_personas')).length, 2);

    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.dialogs, []);
  });
});
