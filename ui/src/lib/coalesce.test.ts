import { describe, expect, it } from 'vitest';
import { coalesced } from './coalesce';

describe('coalesced', () => {
  it('runs once at a time and once more for every burst of calls meanwhile', async () => {
    let runs = 0;
    const finish: (() => void)[] = [];
    const reload = coalesced(() => {
      runs++;
      return new Promise<void>((ok) => finish.push(ok));
    });
    reload();
    reload();
    reload();
    reload();
    expect(runs).toBe(1);
    finish.shift()!();
    await Promise.resolve();
    await Promise.resolve();
    expect(runs).toBe(2); // the three calls made meanwhile, as one
    finish.shift()!();
    await Promise.resolve();
    await Promise.resolve();
    expect(runs).toBe(2); // nothing was asked meanwhile
    reload();
    expect(runs).toBe(3);
  });

  it('goes on after a failed run', async () => {
    let runs = 0;
    const reload = coalesced(async () => {
      runs++;
      throw new Error('offline');
    });
    reload();
    reload();
    await new Promise((ok) => setTimeout(ok));
    expect(runs).toBe(2);
  });
});
