// Moving to the trash always offers Undo (the toast's button, or Ctrl+Z) and never asks
// first: the trash is the safety net. Only emptying the trash asks.
import * as api from '../../lib/api';
import { app } from '../../lib/app.svelte';
import { kindLabel } from '../../lib/format';
import { announce } from '../../lib/undo';

export async function moveToTrash(
  kind: api.ObjectKind,
  id: string,
  title: string,
  afterUndo?: () => void,
): Promise<boolean> {
  try {
    await api.trash(kind, id);
  } catch (e) {
    app.error(e, `Could not move “${title}” to the trash`);
    return false;
  }
  app.changed();
  await announce(`${kindLabel(kind)} “${title}” moved to the trash`, { kind, id }, { afterUndo });
  return true;
}
