// The switch mounted in jsdom with the engine's request, the toasts and the counts mocked.
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import PublishSwitch from './PublishSwitch.svelte';

vi.mock('../../lib/undo', () => ({ announce: vi.fn(async () => {}) }));
vi.mock('../../lib/app.svelte', () => ({ app: { changed: vi.fn(), error: vi.fn() } }));

import { announce } from '../../lib/undo';
import { app } from '../../lib/app.svelte';

type Obj = { id: string; published: boolean };

function setup(published: boolean, set: (id: string, p: boolean) => Promise<Obj>) {
  const target = document.createElement('div');
  document.body.append(target);
  const props = $state({ object: { id: 'in1', published } as Obj });
  const onchanged = vi.fn((o: Obj) => {
    props.object = o;
  });
  const c = mount(PublishSwitch, {
    target,
    props: {
      kind: 'insight',
      one: 'insight',
      get object() {
        return props.object;
      },
      set,
      onchanged,
    },
  });
  flushSync();
  const button = target.querySelector<HTMLButtonElement>('[role="switch"]')!;
  return { c, target, button, onchanged };
}

const mounted: ReturnType<typeof mount>[] = [];
afterEach(() => {
  for (const c of mounted.splice(0)) void unmount(c);
  document.body.innerHTML = '';
  vi.clearAllMocks();
});

describe('the Published switch', () => {
  it('is a switch that says whether the object is published, described by its help', () => {
    const { c, button, target } = setup(false, vi.fn());
    mounted.push(c);
    expect(button.getAttribute('aria-checked')).toBe('false');
    expect(button.textContent).toContain('Published for stakeholders');
    const help = target.querySelector(`#${button.getAttribute('aria-describedby')}`);
    expect(help?.textContent).toContain('Only what is published');
  });

  it('publishes on a click, shows the answer and offers undo', async () => {
    const set = vi.fn(async (id: string, published: boolean) => ({ id, published }));
    const { c, button, onchanged } = setup(false, set);
    mounted.push(c);
    button.click();
    await vi.waitFor(() => expect(announce).toHaveBeenCalled());
    flushSync();
    expect(set).toHaveBeenCalledWith('in1', true);
    expect(onchanged).toHaveBeenCalledWith({ id: 'in1', published: true });
    expect(app.changed).toHaveBeenCalled();
    expect(button.getAttribute('aria-checked')).toBe('true');
    expect(announce).toHaveBeenCalledWith('Published this insight for stakeholders', { kind: 'insight', id: 'in1' }, { timeout: 5000 });
  });

  it('unpublishes a published one, and says so when the engine refuses', async () => {
    const set = vi.fn(async () => {
      throw new Error('gone');
    });
    const { c, button, onchanged } = setup(true, set);
    mounted.push(c);
    button.click();
    await vi.waitFor(() => expect(app.error).toHaveBeenCalled());
    expect(set).toHaveBeenCalledWith('in1', false);
    expect(onchanged).not.toHaveBeenCalled();
    expect(app.error).toHaveBeenCalledWith(expect.any(Error), 'Could not unpublish this insight');
    expect(button.getAttribute('aria-checked')).toBe('true');
  });
});
