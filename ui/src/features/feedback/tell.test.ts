import { afterEach, describe, expect, it, vi } from 'vitest';
import { copyText, notToldKeys, youSaidText } from './tell';

describe('notToldKeys', () => {
  it('picks the people not told yet, in order', () => {
    expect(
      notToldKeys([
        { key: 'email:a@x', told_at: null },
        { key: 'customer:B', told_at: '2026-12-01T10:00:00Z' },
        { key: 'item:c', told_at: null },
      ]),
    ).toEqual(['email:a@x', 'item:c']);
    expect(notToldKeys([])).toEqual([]);
  });
});

describe('copyText', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('uses the clipboard API when there is one', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    expect(await copyText('Hi Dana')).toBe(true);
    expect(writeText).toHaveBeenCalledWith('Hi Dana');
  });

  it('falls back to selecting a textarea when the clipboard refuses', async () => {
    vi.stubGlobal('navigator', { clipboard: { writeText: vi.fn().mockRejectedValue(new Error('denied')) } });
    let copied = '';
    const exec = vi.fn(() => {
      copied = (document.activeElement as HTMLTextAreaElement | null)?.value ?? '';
      return true;
    });
    Object.defineProperty(document, 'execCommand', { value: exec, configurable: true });
    expect(await copyText('Hi Sam')).toBe(true);
    expect(exec).toHaveBeenCalledWith('copy');
    expect(copied).toBe('Hi Sam');
    expect(document.querySelector('textarea')).toBeNull();
  });
});

describe('youSaidText', () => {
  it('writes each change with its quotes, ready to paste', () => {
    const text = youSaidText(
      [
        { title: 'CSV export', description: 'From every list. ', shipped_at: '2026-12-03', customers: 2, said: [{ text: 'I need my data out', who: 'a Pro customer' }] },
        { title: 'Dark mode', description: '', shipped_at: '2026-11-01', customers: 1, said: [] },
      ],
      (at) => at,
    );
    expect(text).toBe(
      'You said:\n  “I need my data out” — a Pro customer\nWe did: CSV export (2026-12-03)\n  From every list.\n\nYou said:\n  (1 customer asked for it)\nWe did: Dark mode (2026-11-01)',
    );
    expect(youSaidText([], (at) => at)).toBe('');
  });
});
