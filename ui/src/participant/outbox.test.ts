import { describe, expect, it } from 'vitest';
import { OUTBOX_KEY, Outbox, type Outcome, type StorageLike } from './outbox';
import type { Write } from './types';

function memory(): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

const vote = (group_id: string, count: number, supervote = false): Write => ({
  cmd: 'set_vote',
  args: { group_id, count, supervote },
});

describe('Outbox', () => {
  it('keeps only the newest wish per key, in the order the newest wishes were made', () => {
    const box = new Outbox(memory());
    box.put(vote('a', 1));
    box.put({ cmd: 'put_note', args: { client_key: 'k1', text: 'first' } });
    box.put(vote('a', 2));
    box.put({ cmd: 'put_note', args: { client_key: 'k1', text: 'second' } });
    box.put({ cmd: 'set_done', args: { done: true } });
    box.put({ cmd: 'set_done', args: { done: false } });
    box.put(vote('a', 1, true)); // a supervote is its own key
    expect(box.entries.map((e) => e.write)).toEqual([
      vote('a', 2),
      { cmd: 'put_note', args: { client_key: 'k1', text: 'second' } },
      { cmd: 'set_done', args: { done: false } },
      vote('a', 1, true),
    ]);
  });

  it('a delete supersedes an edit of the same note still waiting', () => {
    const box = new Outbox(memory());
    box.put({ cmd: 'put_note', args: { client_key: 'k1', text: 'x' } });
    box.put({ cmd: 'delete_my_note', args: { client_key: 'k1' } });
    expect(box.entries.map((e) => e.write)).toEqual([{ cmd: 'delete_my_note', args: { client_key: 'k1' } }]);
  });

  it('drops entries on 2xx and 4xx (reporting the 4xx), keeps them on network errors, 5xx and 429', async () => {
    const store = memory();
    const box = new Outbox(store);
    box.put(vote('a', 1));
    box.put(vote('b', 1));
    box.put(vote('c', 1));
    const answers: Outcome[] = [
      { outcome: 'ok' },
      { outcome: 'rejected', status: 422, message: 'Too many' },
      { outcome: 'retry' },
    ];
    const sent: Write[] = [];
    const refused: string[] = [];
    const flushed = await box.flush(
      async (w) => {
        sent.push(w);
        return answers.shift()!;
      },
      (_w, status, message) => refused.push(`${status} ${message}`),
    );
    expect(flushed).toBe(false);
    expect(sent).toEqual([vote('a', 1), vote('b', 1), vote('c', 1)]);
    expect(refused).toEqual(['422 Too many']);
    expect(box.entries.map((e) => e.write)).toEqual([vote('c', 1)]);
    expect(JSON.parse(store.data.get(OUTBOX_KEY)!)).toHaveLength(1);

    expect(await box.flush(async () => ({ outcome: 'ok' }))).toBe(true);
    expect(store.data.has(OUTBOX_KEY)).toBe(false);
  });

  it('stops at the first write that must wait, so later ones do not overtake it', async () => {
    const box = new Outbox(memory());
    box.put(vote('a', 0));
    box.put(vote('b', 3));
    const sent: Write[] = [];
    await box.flush(async (w) => {
      sent.push(w);
      return { outcome: 'retry' };
    });
    expect(sent).toEqual([vote('a', 0)]);
    expect(box.entries).toHaveLength(2);
  });

  it('killed mid-vote: reopened page flushes the queued votes once', async () => {
    const store = memory();
    // The first page queues three taps while the network is gone, then is killed.
    const first = new Outbox(store);
    first.put(vote('a', 1));
    first.put(vote('a', 2));
    first.put(vote('b', 1));
    await first.flush(async () => ({ outcome: 'retry' }));

    // The reopened page finds the queue and flushes it; a reconnect and a new tap ask for a
    // flush while the first one is still sending.
    const reopened = new Outbox(store);
    expect(reopened.entries.map((e) => e.write)).toEqual([vote('a', 2), vote('b', 1)]);
    const sent: Write[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const send = async (w: Write): Promise<Outcome> => {
      sent.push(w);
      await gate;
      return { outcome: 'ok' };
    };
    const one = reopened.flush(send);
    const two = reopened.flush(send);
    release();
    expect(await one).toBe(true);
    expect(await two).toBe(true);
    expect(sent).toEqual([vote('a', 2), vote('b', 1)]);
    expect(store.data.has(OUTBOX_KEY)).toBe(false);
    expect(new Outbox(store).entries).toEqual([]);
  });

  it('sends a newer wish made while the older one was in flight, and keeps it until acknowledged', async () => {
    const box = new Outbox(memory());
    box.put(vote('a', 1));
    const sent: Write[] = [];
    await box.flush(async (w) => {
      sent.push(w);
      if (sent.length === 1) box.put(vote('a', 2)); // tapped again while sending
      return { outcome: 'ok' };
    });
    expect(sent).toEqual([vote('a', 1), vote('a', 2)]);
    expect(box.entries).toEqual([]);
  });

  it('retries a vote the budget refused once the votes queued after it have gone', async () => {
    const box = new Outbox(memory());
    // Server: a=3 of 3. Offline the person moved one dot: a→2, b→1 (queued as b, then a).
    box.put(vote('a', 0));
    box.put(vote('b', 1));
    box.put(vote('a', 2));
    let a = 3;
    let b = 0;
    const refused: string[] = [];
    const ok = await box.flush(
      async (w) => {
        if (w.cmd !== 'set_vote') return { outcome: 'ok' };
        const na = w.args.group_id === 'a' ? w.args.count : a;
        const nb = w.args.group_id === 'b' ? w.args.count : b;
        if (na + nb > 3) return { outcome: 'rejected', status: 409, message: 'No votes left' };
        a = na;
        b = nb;
        return { outcome: 'ok' };
      },
      (_w, _s, m) => refused.push(m),
    );
    expect(ok).toBe(true);
    expect({ a, b, refused }).toEqual({ a: 2, b: 1, refused: [] });
  });

  it('ignores a damaged stored queue', () => {
    const store = memory();
    store.data.set(OUTBOX_KEY, '{not json');
    expect(new Outbox(store).entries).toEqual([]);
    store.data.set(OUTBOX_KEY, JSON.stringify([{ key: 'x' }, 3]));
    expect(new Outbox(store).entries).toEqual([]);
  });
});
