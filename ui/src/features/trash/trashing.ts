// Moving to the trash always offers Undo (the toast's button, or Ctrl+Z) and never asks
// first: the trash is the safety net. Only emptying the trash asks.
import * as api from '../../lib/api';
import { app } from '../../lib/app.svelte';
import { kindLabel } from '../../lib/format';
import { toasts } from '../../lib/toasts.svelte';

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
  toasts.push(`${kindLabel(kind)} “${title}” moved to the trash`, {
    tone: 'success',
    action: {
      label: 'Undo',
      run: async () => {
        try {
          await api.restore(kind, id);
          app.changed();
          toasts.push(`Restored “${title}”`, { tone: 'success' });
          afterUndo?.();
        } catch (e) {
          app.error(e, 'Could not restore');
        }
      },
    },
  });
  return true;
}
