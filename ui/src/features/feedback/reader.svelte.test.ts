// The feedback reader mounted in jsdom, with the engine's requests and the Undo toast mocked.
import { flushSync, mount, tick, unmount } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';

const hl = (id: string, quote: string, start: number, tag_ids: string[] = []) => ({
  id,
  quote,
  start,
  end: start + quote.length,
  anchor: 'ok',
  interview_id: null,
  note_id: null,
  feedback_id: 'f1',
  segment_id: null,
  end_segment_id: null,
  end_offset: null,
  speaker: null,
  participant_id: null,
  start_ms: null,
  comment: '',
  tag_ids,
  created_at: '',
  updated_at: '',
});

vi.mock('../../lib/api', () => ({
  listFeedbackHighlights: vi.fn(async () => [hl('w', 'Export is slow. Please fix export.', 0, ['t1']), hl('a', 'slow', 10, ['t2'])]),
  listTags: vi.fn(async () => [
    { id: 't1', name: 'Performance', path: 'Performance', color: '', usage_count: 1, total_count: 1 },
    { id: 't2', name: 'Speed', path: 'Speed', color: '', usage_count: 1, total_count: 1 },
  ]),
  createHighlight: vi.fn(async (input: Record<string, unknown>) => ({ ...hl('n', String(input.quote), Number(input.start)), ...input, id: 'n' })),
  toApiError: (e: unknown) => e,
  sentence: (s: string) => s,
}));
vi.mock('../../lib/undo', () => ({ announce: vi.fn(async () => {}), lastOwnChange: vi.fn(async () => null), offerUndo: vi.fn(), lastChangeTo: vi.fn(async () => null) }));

import * as api from '../../lib/api';
import FeedbackReader from './FeedbackReader.svelte';

// jsdom does not scroll.
Element.prototype.scrollIntoView = vi.fn();
Range.prototype.getBoundingClientRect = () => ({ left: 0, bottom: 0, top: 0, right: 0, width: 0, height: 0, x: 0, y: 0, toJSON: () => ({}) });

const mounted: ReturnType<typeof mount>[] = [];
afterEach(() => {
  for (const c of mounted.splice(0)) void unmount(c);
  document.body.innerHTML = '';
  vi.clearAllMocks();
});

const item = { id: 'f1', text: 'Export is slow. Please fix export.', attributes: [] } as never;

async function setup(props: Record<string, unknown> = {}) {
  const target = document.createElement('div');
  document.body.append(target);
  mounted.push(mount(FeedbackReader, { target, props: { item, ...props } }));
  flushSync();
  await vi.waitFor(() => expect(target.querySelectorAll('[data-testid="feedback-highlights"] li')).toHaveLength(2));
  return target;
}

describe('coding a feedback item', () => {
  it('marks its quotes in the text, and lists a whole-item tag without marking every word', async () => {
    const target = await setup({ hl: 'a' });
    const marks = [...target.querySelectorAll('mark')];
    expect(marks.map((m) => m.textContent)).toEqual(['slow']);
    expect(marks[0].classList.contains('target')).toBe(true);
    // The passage's text is the item's, character for character: offsets count from it.
    expect(target.querySelector('[data-hl-text]')!.textContent).toBe('Export is slow. Please fix export.');
    const rows = [...target.querySelectorAll('[data-testid="feedback-highlights"] li')].map((li) => li.textContent);
    expect(rows[0]).toContain('The whole item');
    expect(rows[0]).toContain('Performance');
    expect(rows[1]).toContain('Speed');
  });

  it('saves selected words as a highlight of the item', async () => {
    const target = await setup();
    const passage = target.querySelector('[data-hl-text]')!;
    const walker = document.createTreeWalker(passage, NodeFilter.SHOW_TEXT);
    let text: Node | null = walker.nextNode();
    while (text && !text.textContent!.includes('Please')) text = walker.nextNode();
    const at = text!.textContent!.indexOf('Please');
    const range = document.createRange();
    range.setStart(text!, at);
    range.setEnd(text!, at + 6);
    const sel = document.getSelection()!;
    sel.removeAllRanges();
    sel.addRange(range);
    passage.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 0));
    flushSync();
    const save = target.ownerDocument.querySelector<HTMLButtonElement>('[data-testid="save-highlight"]');
    expect(save).not.toBeNull();
    save!.click();
    await tick();
    await vi.waitFor(() => expect(api.createHighlight).toHaveBeenCalled());
    expect(vi.mocked(api.createHighlight).mock.calls[0][0]).toMatchObject({ feedback_id: 'f1', interview_id: null, note_id: null, start: 16, end: 22, quote: 'Please' });
  });
});
