// The Paste feedback dialog mounted in jsdom, with the engine's request and the Undo toast mocked.
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import PasteFeedback from './PasteFeedback.svelte';

vi.mock('../../lib/api', () => ({
  createFeedback: vi.fn(async (input: Record<string, unknown>) => ({ ...input, id: 'fb1' })),
  toApiError: (e: unknown) => e,
  sentence: (s: string) => s,
}));
vi.mock('../../lib/undo', () => ({ lastChangeTo: vi.fn(async () => ({ seq: 7 })), offerUndo: vi.fn() }));

import * as api from '../../lib/api';
import { offerUndo } from '../../lib/undo';

const mounted: ReturnType<typeof mount>[] = [];
afterEach(() => {
  for (const c of mounted.splice(0)) void unmount(c);
  document.body.innerHTML = '';
  vi.clearAllMocks();
});

function setup() {
  const target = document.createElement('div');
  document.body.append(target);
  const onclose = vi.fn();
  const onsaved = vi.fn();
  mounted.push(mount(PasteFeedback, { target, props: { open: true, onclose, onsaved, onundone: vi.fn() } }));
  flushSync();
  const q = <T extends Element>(s: string) => target.querySelector<T>(s)!;
  const text = q<HTMLTextAreaElement>('textarea');
  const save = [...target.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Save')!;
  const field = (label: string) =>
    [...target.querySelectorAll('label')].find((l) => l.textContent?.trim().startsWith(label))!.querySelector('input')!;
  return { target, text, save, field, onclose, onsaved };
}

function type(el: HTMLTextAreaElement | HTMLInputElement, value: string) {
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}

describe('pasting feedback', () => {
  it('cannot save an empty item, and says why', () => {
    const { save, target } = setup();
    expect(save.disabled).toBe(true);
    expect(target.textContent).toContain('Paste or type what they said');
  });

  it('fills the fields from an email and saves the whole item with Ctrl+Enter', async () => {
    const { text, save, field, onclose, onsaved } = setup();
    expect(field('Source').value).toBe('pasted');
    type(text, 'From: Jane Doe <jane@acme.com>\nDate: Mon, 3 Mar 2025 14:02 +0000\nSubject: Re: Slow search\n\nSearch takes ages.');
    expect(field('Customer').value).toBe('Jane Doe');
    expect(field('Email').value).toBe('jane@acme.com');
    expect(field('Title').value).toBe('Slow search');
    expect(field('Received').value).toBe('2025-03-03');
    expect(save.disabled).toBe(false);
    text.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
    await vi.waitFor(() => expect(onsaved).toHaveBeenCalled());
    expect(api.createFeedback).toHaveBeenCalledWith({
      source: 'pasted',
      title: 'Slow search',
      customer: 'Jane Doe',
      email: 'jane@acme.com',
      company: '',
      segment: '',
      score: null,
      score_kind: null,
      text: 'Search takes ages.',
      received_at: '2025-03-03T14:02:00Z',
      attributes: [],
    });
    expect(onclose).toHaveBeenCalled();
    expect(offerUndo).toHaveBeenCalledWith('Feedback from Jane Doe added', { seq: 7 }, expect.anything());
  });

  it('keeps what the user typed over what a later paste says', () => {
    const { text, field } = setup();
    type(field('Customer'), 'Jane at Acme');
    type(text, 'From: Jane Doe <jane@acme.com>\nSubject: Hi\n\nBody');
    expect(field('Customer').value).toBe('Jane at Acme');
    expect(field('Email').value).toBe('jane@acme.com');
  });
});
