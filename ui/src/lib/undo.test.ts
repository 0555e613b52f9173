import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, useTransport } from './api';
import type { Transport } from './api/transport';
import { toasts } from './toasts.svelte';
import { announce, lastOwnChange, offerUndo, redo, undo } from './undo';

// The engine, faked at the transport: what the UI asks of the change log, and its answers.
const sent: { cmd: string; args: Record<string, unknown> }[] = [];
let answer: (cmd: string, args: Record<string, unknown>) => unknown;

const change = (seq: number, summary: string, undone = false) => ({
  seq,
  at: '2026-12-02T12:00:00Z',
  origin: 'app',
  op: 'update_note',
  summary,
  undone,
  undoable: true,
  objects: [{ kind: 'note', id: 'n1' }],
});

beforeEach(() => {
  sent.length = 0;
  toasts.items = [];
  useTransport({
    kind: 'http',
    call: async ({ cmd, args }: { cmd: string; args: Record<string, unknown> }) => {
      sent.push({ cmd, args });
      if (cmd === 'stats') return null;
      return answer(cmd, args);
    },
  } as unknown as Transport);
});
afterEach(() => useTransport(null));

const last = () => toasts.items[toasts.items.length - 1];

describe('undo and redo through the change log', () => {
  it('Ctrl+Z undoes the user’s newest change; the toast’s Redo brings back exactly that one', async () => {
    answer = (cmd) => (cmd === 'undo' ? change(7, 'Edited note “Plan”', true) : change(7, 'Edited note “Plan”'));
    expect(await undo()).toBe(true);
    expect(sent[0]).toEqual({ cmd: 'undo', args: { scope: { scope: 'mine' } } });
    // The views hear of it (app.changed: the counts at once, the rest by live updates).
    expect(sent.some((s) => s.cmd === 'stats')).toBe(true);
    expect(last().message).toBe('Undid: Edited note “Plan”');
    expect(last().action?.label).toBe('Redo');
    await last().action!.run();
    expect(sent.find((s) => s.cmd === 'redo')).toEqual({ cmd: 'redo', args: { scope: { scope: 'change', seq: 7 } } });
    expect(last().message).toBe('Redid: Edited note “Plan”');
    expect(last().action?.label).toBe('Undo');
  });

  it('Ctrl+Shift+Z redoes what was undone last', async () => {
    answer = () => change(3, 'Added tag “Billing”');
    await redo();
    expect(sent[0]).toEqual({ cmd: 'redo', args: { scope: { scope: 'mine' } } });
    expect(last().message).toBe('Redid: Added tag “Billing”');
  });

  it('a conflict shows why the engine stopped, and nothing is refreshed', async () => {
    answer = () => {
      throw new ApiError('conflict', '“Edited note “Plan”” cannot be undone: note “Plan” was changed since');
    };
    expect(await undo()).toBe(false);
    expect(last().tone).toBe('error');
    expect(last().message).toBe('“Edited note “Plan”” cannot be undone: note “Plan” was changed since.');
    expect(sent.some((s) => s.cmd === 'stats')).toBe(false);
  });

  it('with nothing to undo, says so quietly', async () => {
    answer = () => {
      throw new ApiError('conflict', 'nothing to undo');
    };
    await undo();
    expect(last().message).toBe('Nothing to undo');
    expect(last().tone).toBe('info');
  });

  it('a write’s toast undoes the entry that write made, found in the object’s history', async () => {
    answer = (cmd) => (cmd === 'history' ? [change(12, 'Moved to the trash note “Plan”')] : change(12, 'Moved to the trash note “Plan”', true));
    let after = 0;
    await announce('Note “Plan” moved to the trash', { kind: 'note', id: 'n1' }, { afterUndo: () => after++ });
    expect(sent[0]).toEqual({ cmd: 'history', args: { scope: { scope: 'object', object: { kind: 'note', id: 'n1' } }, limit: 1 } });
    expect(last().message).toBe('Note “Plan” moved to the trash');
    await last().action!.run();
    expect(sent.find((s) => s.cmd === 'undo')).toEqual({ cmd: 'undo', args: { scope: { scope: 'change', seq: 12 } } });
    expect(after).toBe(1);
    expect(last().message).toBe('Undid: Moved to the trash note “Plan”');
  });

  it('offers no Undo when the log holds nothing undoable for the write', async () => {
    answer = () => [];
    await announce('Saved', { kind: 'note', id: 'n1' });
    expect(last().action).toBeUndefined();
  });

  it('finds the entry of a write that touched many objects by the user’s newest change and its origin', async () => {
    const pack = { ...change(20, 'Imported “study.qdpx”: 3 interviews and 12 tags'), origin: 'pack', op: 'import_pack' };
    answer = (cmd) => (cmd === 'history' ? [pack] : { ...pack, undone: true });
    const entry = await lastOwnChange('pack');
    expect(sent[0]).toEqual({ cmd: 'history', args: { scope: { scope: 'mine' }, limit: 1 } });
    expect(entry?.seq).toBe(20);
    offerUndo('Imported “study.qdpx”', entry, { detail: 'Already here: 5 tags.' });
    expect(last().detail).toBe('Already here: 5 tags.');
    await last().action!.run();
    expect(sent.find((s) => s.cmd === 'undo')).toEqual({ cmd: 'undo', args: { scope: { scope: 'change', seq: 20 } } });
    expect(last().message).toBe('Undid: Imported “study.qdpx”: 3 interviews and 12 tags');
  });

  it('offers no Undo when the newest change came from elsewhere or cannot be undone', async () => {
    answer = () => [change(21, 'Edited note “Plan”')];
    expect(await lastOwnChange('pack')).toBeNull();
    answer = () => [{ ...change(22, 'x'), origin: 'pack', undoable: false }];
    expect(await lastOwnChange('pack')).toBeNull();
    answer = () => {
      throw new ApiError('io', 'gone');
    };
    expect(await lastOwnChange('pack')).toBeNull();
    offerUndo('Imported', null);
    expect(last().action).toBeUndefined();
  });
});
