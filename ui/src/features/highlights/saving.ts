// Saving a highlight made from a selection, the same from a transcript and from notes: the
// tags are remembered for "repeat last tags", the selection is cleared, and a toast offers
// to undo it.
import * as api from '../../lib/api';
import type { Highlight } from '../../lib/api';
import { app } from '../../lib/app.svelte';
import { plural } from '../../lib/format';
import { announce } from '../../lib/undo';
import { saveLastTags } from './coding';

/** The new highlight, or null when it could not be saved (the user was told why). */
export async function saveHighlight(
  source: { interview_id: string | null; note_id: string | null; feedback_id?: string | null; segment_id: string | null; end_segment_id: string | null },
  start: number,
  quote: string,
  tagIds: string[],
  undone: (h: Highlight) => void = () => {},
): Promise<Highlight | null> {
  try {
    const h = await api.createHighlight({
      feedback_id: null,
      ...source,
      start,
      // The engine anchors the quote from its start (and, over passages, finds where it ends).
      end: start + Array.from(quote).length,
      quote,
      comment: '',
      tag_ids: tagIds,
    });
    saveLastTags(tagIds);
    document.getSelection()?.removeAllRanges();
    app.changed();
    await announce(tagIds.length ? `Highlight saved with ${plural(tagIds.length, 'tag')}` : 'Highlight saved', { kind: 'highlight', id: h.id }, {
      afterUndo: () => undone(h),
    });
    return h;
  } catch (e) {
    app.error(e, 'Could not save the highlight');
    return null;
  }
}
