// Issue 13, item 6: the desktop shell accepts only paths its user picked in this run (an
// open/save dialog's answer or a drop), kept by the shell, so one script injected into the
// webview cannot turn into reading or writing the user's files. Against the real binary:
// every request that names a path is tried with made-up paths (refused, nothing read or
// written), then with what the dialogs answered (works).
//
// WebDriver cannot reach a native dialog: the app is started with GROUNDWORK_TEST_DIALOG
// naming a file whose lines answer the next dialog (the shell reads it from its own start
// environment, which nothing in the webview can change).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { appEnv, endRun, launch, requirePrerequisites, startDriver, tempHome, waitFor } from './driver.mjs';

describe('the desktop shell and paths on disk', () => {
  let home, driver, app, answer, secret, calls, notes, bashrc;

  before(async () => {
    requirePrerequisites();
    home = tempHome();
    answer = join(home.dir, 'dialog-answer');
    driver = await startDriver(appEnv(home, { GROUNDWORK_TEST_DIALOG: answer }));
    app = await launch(driver, ['--workspace', home.workspace]);
    await waitFor('the window title to name Groundwork', async () => /Groundwork/.test(await app.title()));
    secret = join(home.dir, 'id_rsa.md');
    writeFileSync(secret, '# -----BEGIN OPENSSH PRIVATE KEY----- not really\n');
    calls = join(home.dir, 'calls');
    mkdirSync(calls);
    notes = join(calls, 'kickoff.md');
    writeFileSync(notes, '# Kickoff\n\nThe customer wants invoices exported weekly.\n');
    bashrc = join(home.dir, 'bashrc.md');
    writeFileSync(bashrc, 'export PATH=$HOME/bin:$PATH\n');
  });

  after(async () => {
    await app?.close().catch(() => {});
    await driver?.stop();
    if (process.exitCode && driver) console.error(`tauri-driver log:\n${driver.log()}`);
    await endRun(home);
  });

  /** invoke(cmd, args) from the webview, as an injected script could. */
  const invoke = (cmd, args) =>
    app.exec(
      `return window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])
         .then((value) => ({ value }), (e) => ({ refusal: typeof e === 'string' ? e : (e.message ?? JSON.stringify(e)) }));`,
      cmd,
      args,
    );
  const api = async (cmd, args) => {
    const r = await invoke('api', { request: { cmd, args: args ?? {} } }); // as the generated client sends it
    assert.ok('value' in r, `${cmd}: ${r.refusal}`);
    return r.value;
  };
  const local = (cmd, args) => invoke('api_local', { request: { cmd, args } });
  /** The next dialog answers these paths (none: cancelled). */
  const nextDialogAnswers = (...paths) => writeFileSync(answer, paths.join('\n'));

  it('refuses every request that names a made-up path, and reads or writes nothing', async () => {
    await waitFor('the demo to be seeded', async () => (await api('list_interviews')).length > 0);
    const [interview] = await api('list_interviews');
    const [persona] = await api('list_personas');
    const before = JSON.stringify((await api('stats')).counts);

    const attempts = [
      ['import_file', { path: secret, as: 'note' }],
      ['preview_file', { path: secret, as: 'note' }],
      ['preview_paths', { paths: [home.dir], as: 'note' }],
      ['attach_file', { interview_id: interview.id, path: secret }],
      ['save_persona_markdown', { id: persona.id, path: bashrc }],
      ['preview_persona_import_file', { path: secret }],
    ];
    for (const [cmd, args] of attempts) {
      // Through the general command, as the webview could before: not a request it takes.
      const general = await invoke('api', { request: { cmd, args } });
      assert.ok(general.refusal, `${cmd} through api was accepted: ${JSON.stringify(general.value)?.slice(0, 300)}`);
      assert.match(general.refusal, /unknown variant/, cmd);
      const r = await local(cmd, args);
      assert.ok(r.refusal, `${cmd} was accepted: ${JSON.stringify(r.value)?.slice(0, 300)}`);
      assert.match(r.refusal, /was not chosen in this window/, cmd);
      assert.doesNotMatch(r.refusal, /OPENSSH/, 'nothing of the file comes back');
    }
    const job = await invoke('import_paths', { request: { job_id: 'j1', paths: [secret] } });
    assert.match(job.refusal ?? '', /was not chosen in this window/, 'import_paths');
    const made = await invoke('switch_workspace', { path: join(home.dir, 'planted'), create: true });
    assert.match(made.refusal ?? '', /was not chosen in this window/, 'switch_workspace');
    assert.equal(existsSync(join(home.dir, 'planted')), false);

    // The webview cannot open a dialog itself and so cannot answer one: no dialog permission.
    const direct = await invoke('plugin:dialog|open', { options: {} });
    assert.ok(direct.refusal, 'the dialog plugin is not the webview’s to call');

    assert.equal(JSON.stringify((await api('stats')).counts), before, 'nothing was imported');
    assert.deepEqual(await api('list_attachments', { interview_id: interview.id }), []);
    assert.equal(readFileSync(bashrc, 'utf8'), 'export PATH=$HOME/bin:$PATH\n', 'nothing was written');
  });

  it('accepts what the user picked, and only that', async () => {
    const before = (await api('stats')).counts;
    nextDialogAnswers(calls);
    const picked = await invoke('pick_files', { purpose: 'import' });
    assert.deepEqual(picked.value, [calls]);
    // Inside the picked folder: yes. Climbing out of it, or a neighbour: no.
    const imported = await local('import_file', { path: notes, as: 'note' });
    assert.ok(imported.value, imported.refusal);
    assert.equal((await api('stats')).counts.note, before.note + 1);
    const climbed = await local('import_file', { path: join(calls, '..', 'id_rsa.md'), as: 'note' });
    assert.match(climbed.refusal ?? '', /was not chosen/);

    // A save dialog's answer may be written, that file only; a file picked to read may not.
    const [persona] = await api('list_personas');
    const out = join(home.dir, 'persona.md');
    nextDialogAnswers(out);
    const saveAs = await invoke('pick_save_path', { defaultName: 'persona.md' });
    assert.equal(saveAs.value, out);
    const saved = await local('save_persona_markdown', { id: persona.id, path: out });
    assert.ok('value' in saved, saved.refusal);
    assert.match(readFileSync(out, 'utf8'), new RegExp(persona.name));
    const overNotes = await local('save_persona_markdown', { id: persona.id, path: notes });
    assert.match(overNotes.refusal ?? '', /was not chosen/, 'a pick to read is not one to write');
    assert.match(readFileSync(notes, 'utf8'), /invoices exported weekly/);

    // A cancelled dialog grants nothing.
    nextDialogAnswers();
    assert.deepEqual((await invoke('pick_files', { purpose: 'attach' })).value, []);
    const [interview] = await api('list_interviews');
    const attach = await local('attach_file', { interview_id: interview.id, path: secret });
    assert.match(attach.refusal ?? '', /was not chosen/);
  });
});
