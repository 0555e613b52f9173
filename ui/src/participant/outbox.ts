// The outbox: writes the server has not acknowledged yet, kept in localStorage so a phone that
// sleeps, loses the Wi-Fi or is closed mid-vote sends them when it is back. Every write is
// idempotent server-side (client keys, absolute vote counts), so sending one twice is safe;
// one key per thing keeps only the newest wish (newest note text, newest vote count).
import type { Write } from './types';

export const OUTBOX_KEY = 'groundwork.outbox';

export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface Entry {
  key: string;
  /** Tells a write apart from a newer one with the same key sent while it was in flight. */
  seq: number;
  write: Write;
}

/** What became of one send: acknowledged, refused (4xx: dropped), or try again later. */
export type Outcome =
  | { outcome: 'ok' }
  | { outcome: 'rejected'; status: number; message: string }
  | { outcome: 'retry' }
  /** The credential is gone (401): stop; the caller clears the outbox. */
  | { outcome: 'stop' };

export function keyOf(w: Write): string {
  switch (w.cmd) {
    // A delete shares its note's key: it supersedes an edit still waiting.
    case 'put_note':
    case 'delete_my_note':
      return `note:${w.args.client_key}`;
    case 'set_vote':
      return `vote:${w.args.group_id}:${w.args.supervote ? 'super' : 'dot'}`;
    case 'set_done':
      return 'done';
  }
}

export class Outbox {
  private list: Entry[];
  private seq: number;
  private running: Promise<boolean> | null = null;
  private again = false;

  constructor(
    private readonly storage: StorageLike,
    private readonly onChange: (entries: readonly Entry[]) => void = () => {},
  ) {
    this.list = load(storage);
    this.seq = this.list.reduce((m, e) => Math.max(m, e.seq), 0);
  }

  get entries(): readonly Entry[] {
    return this.list;
  }

  /** Queues a write; a waiting one with the same key is replaced and the new one goes last,
   *  so the queue keeps the order in which the newest wishes were made. */
  put(write: Write): void {
    const key = keyOf(write);
    this.list = [...this.list.filter((e) => e.key !== key), { key, seq: ++this.seq, write }];
    this.save();
  }

  clear(): void {
    this.list = [];
    this.save();
  }

  /** Sends the queue in order, one at a time. A call while a flush runs makes that flush go
   *  round again rather than sending anything twice. Resolves true when the queue is empty. */
  flush(
    send: (w: Write) => Promise<Outcome>,
    onRejected: (w: Write, status: number, message: string) => void = () => {},
  ): Promise<boolean> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.run(send, onRejected).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(
    send: (w: Write) => Promise<Outcome>,
    onRejected: (w: Write, status: number, message: string) => void,
  ): Promise<boolean> {
    const tried = new Set<number>();
    const deferred = new Set<number>();
    for (;;) {
      this.again = false;
      const next = this.list.find((e) => !tried.has(e.seq));
      if (!next) {
        if (this.again) continue;
        return this.list.length === 0;
      }
      const result = await send(next.write);
      if (result.outcome === 'retry' || result.outcome === 'stop') return false;
      if (
        result.outcome === 'rejected' &&
        result.status === 409 &&
        next.write.cmd === 'set_vote' &&
        !deferred.has(next.seq) &&
        this.list.some((e) => e.seq > next.seq && e.write.cmd === 'set_vote')
      ) {
        // Votes queued offline can arrive in an order the budget refuses (a retraction queued
        // after a raise): try this one again once the later votes have gone.
        deferred.add(next.seq);
        this.list = [...this.list.filter((e) => e.seq !== next.seq), { ...next, seq: ++this.seq }];
        deferred.add(this.seq);
        this.save();
        continue;
      }
      tried.add(next.seq);
      // Drop it only if no newer wish replaced it while it was on the way.
      if (this.list.some((e) => e.seq === next.seq)) {
        this.list = this.list.filter((e) => e.seq !== next.seq);
        this.save();
      }
      if (result.outcome === 'rejected') onRejected(next.write, result.status, result.message);
    }
  }

  private save(): void {
    try {
      if (this.list.length) this.storage.setItem(OUTBOX_KEY, JSON.stringify(this.list));
      else this.storage.removeItem(OUTBOX_KEY);
    } catch {
      // Storage full or disabled (private mode): the queue still lives in memory.
    }
    this.onChange(this.list);
  }
}

function load(storage: StorageLike): Entry[] {
  try {
    const raw = storage.getItem(OUTBOX_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (e): e is Entry =>
        typeof e === 'object' && e !== null && typeof e.key === 'string' && typeof e.seq === 'number' && typeof e.write?.cmd === 'string',
    );
  } catch {
    return [];
  }
}
