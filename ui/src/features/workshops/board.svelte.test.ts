// The facilitator's board mounted in jsdom with the engine's requests mocked: hostile note text
// shows literally, a note moves without a mouse, and totals stay hidden while the room votes.
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BoardGroup, Workshop, WorkshopStep } from '../../lib/api';
import BoardView from './BoardView.svelte';
import type { Run } from './workshop';

vi.mock('../../lib/api', () => ({
  moveWorkshopNote: vi.fn(async () => null),
  renameWorkshopGroup: vi.fn(async () => null),
  hideWorkshopNote: vi.fn(async () => null),
  deleteWorkshopNote: vi.fn(async () => null),
  addWorkshopNote: vi.fn(async () => ({})),
}));
import * as api from '../../lib/api';

const HOSTILE = '<img src=x onerror=alert(1)>';
const note = (id: string, group: string, text: string) => ({ id, group_id: group, board: 'ideas', text, hidden: false, seeded: false, by_facilitator: false, created_at: '' });
const groups: BoardGroup[] = [
  { id: 'g1', board: 'ideas', title: '', position: 0, notes: [note('n1', 'g1', HOSTILE)], votes: 4, supervotes: 0, voters: 2, effort: null, impact: null, node_id: null },
  { id: 'g2', board: 'ideas', title: 'Speed', position: 1, notes: [note('n2', 'g2', 'Slow exports')], votes: 1, supervotes: 0, voters: 1, effort: null, impact: null, node_id: null },
];
const workshop = { id: 'w1' } as Workshop;

const mounted: ReturnType<typeof mount>[] = [];
afterEach(() => {
  for (const c of mounted.splice(0)) void unmount(c);
  document.body.innerHTML = '';
  vi.clearAllMocks();
});

function setup(activity: WorkshopStep['activity']) {
  const target = document.createElement('div');
  document.body.append(target);
  const run: Run = (_what, fn) => fn();
  mounted.push(mount(BoardView, { target, props: { workshop, step: { board: 'ideas', activity, prompt: '' }, groups, run } }));
  flushSync();
  return { target };
}

describe('the facilitator’s board', () => {
  it('shows a note’s text as text, never as markup', () => {
    const { target } = setup('group');
    expect(target.querySelector('img')).toBeNull();
    expect(target.textContent).toContain(HOSTILE);
  });

  it('moves a selected note to another group from the keyboard path', async () => {
    const { target } = setup('group');
    const select = [...target.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.includes('Select to move'))!;
    select.click();
    flushSync();
    const mover = target.querySelector<HTMLSelectElement>('.mover select')!;
    mover.value = 'g2';
    mover.dispatchEvent(new Event('change', { bubbles: true }));
    await vi.waitFor(() => expect(api.moveWorkshopNote).toHaveBeenCalledWith('n1', 'g2'));
  });

  it('hides the totals while the room votes until asked', () => {
    const { target } = setup('vote');
    expect(target.textContent).not.toContain('4 votes');
    const toggle = [...target.querySelectorAll<HTMLLabelElement>('label')].find((l) => l.textContent?.includes('Show totals'))!.querySelector('input')!;
    toggle.click();
    flushSync();
    expect(target.textContent).toContain('4 votes');
  });
});
