// Undo and redo through the engine's change log (docs/ARCHITECTURE.md, "The change log").
// Ctrl+Z takes back the user's own newest change of any kind; a toast's Undo takes back exactly
// the change it announced, by the log entry's seq, so a later change elsewhere is never undone
// by mistake. Either way the engine refuses when what the change left was changed since, and
// its message (why it stopped) is what the user sees. Nothing here re-sends old values.
import * as api from './api';
import type { Change, ObjectRef, Origin, UndoScope } from './api';
import { app } from './app.svelte';
import { toasts, type Tone } from './toasts.svelte';

const MINE: UndoScope = { scope: 'mine' };
const one = (seq: number): UndoScope => ({ scope: 'change', seq });

/** Show why an undo or redo did not happen: the engine says what changed since. */
function refused(e: unknown, verb: 'undo' | 'redo'): void {
  const err = api.toApiError(e);
  if (err.code === 'conflict' && /^nothing to (undo|redo)$/.test(err.message)) {
    toasts.push(verb === 'undo' ? 'Nothing to undo' : 'Nothing to redo', { timeout: 2500 });
  } else if (err.code === 'conflict') {
    toasts.push(api.sentence(err.message), { tone: 'error', detail: 'Nothing was changed.' });
  } else {
    app.error(e, verb === 'undo' ? 'Could not undo' : 'Could not redo');
  }
}

/** After an undo: say what went back, and offer to bring exactly that back. */
function undid(c: Change): void {
  app.changed();
  toasts.push(`Undid: ${c.summary}`, {
    tone: 'success',
    action: { label: 'Redo', run: () => redo(one(c.seq)) },
  });
}

function redid(c: Change): void {
  app.changed();
  toasts.push(`Redid: ${c.summary}`, {
    tone: 'success',
    action: { label: 'Undo', run: () => undo(one(c.seq)) },
  });
}

/** Undo in `scope` (the user's own newest change by default); false when it did not happen. */
export async function undo(scope: UndoScope = MINE): Promise<boolean> {
  try {
    undid(await api.undo(scope));
    return true;
  } catch (e) {
    refused(e, 'undo');
    return false;
  }
}

/** Redo in `scope` (what was undone last by default); false when it did not happen. */
export async function redo(scope: UndoScope = MINE): Promise<boolean> {
  try {
    redid(await api.redo(scope));
    return true;
  } catch (e) {
    refused(e, 'redo');
    return false;
  }
}

/**
 * The log entry a write just made to `object`: the newest one that touched it. Asked right
 * after the write answers, so it is that write's entry (null if the log has none, e.g. the
 * write changed nothing).
 */
export async function lastChangeTo(object: ObjectRef): Promise<Change | null> {
  try {
    const [newest] = await api.history({ scope: 'object', object }, 1);
    return newest && !newest.undone && newest.undoable ? newest : null;
  } catch {
    return null;
  }
}

/**
 * Announce a write that was just made to `object`, with an Undo button that takes back exactly
 * that write (and only offered when the engine can undo it).
 */
export async function announce(
  message: string,
  object: ObjectRef,
  opts: { tone?: Tone; timeout?: number; detail?: string; afterUndo?: () => void } = {},
): Promise<void> {
  offerUndo(message, await lastChangeTo(object), opts);
}

/**
 * The user's own newest log entry, when it came from `origin` (a write touching many objects
 * at once, such as a REFI-QDA import, origin `pack`): asked right after the write answers, so
 * it is that write's entry. Null if it is not there or cannot be undone.
 */
export async function lastOwnChange(origin: Origin): Promise<Change | null> {
  try {
    const [newest] = await api.history(MINE, 1);
    return newest && newest.origin === origin && !newest.undone && newest.undoable ? newest : null;
  } catch {
    return null;
  }
}

/** Undo exactly the log entry `seq`; false when it did not happen (the engine says why). */
export function undoChange(seq: number): Promise<boolean> {
  return undo(one(seq));
}

/** Announce a write whose log entry is `entry`, with an Undo of exactly it (none without an entry). */
export function offerUndo(
  message: string,
  entry: Change | null,
  opts: { tone?: Tone; timeout?: number; detail?: string; afterUndo?: () => void } = {},
): void {
  toasts.push(message, {
    tone: opts.tone ?? 'success',
    timeout: opts.timeout,
    detail: opts.detail,
    action: entry
      ? {
          label: 'Undo',
          run: async () => {
            if (await undoChange(entry.seq)) opts.afterUndo?.();
          },
        }
      : undefined,
  });
}
