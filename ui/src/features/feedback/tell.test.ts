import { afterEach, describe, expect, it, vi } from 'vitest';
import { copyText, notToldKeys } from './tell';

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
