// The participant's session: joining, the live view, and the outbox that sends writes. The
// screens read its state and call its methods; only transport.ts touches the network.
import { Outbox, type Entry, type Outcome, type StorageLike } from './outbox';
import { loadSeat, saveDraft, loadDraft, saveSeat, secretFromHash } from './store';
import { BACKOFF_MS, join, live, post, WireError, type Live } from './transport';
import { assemble } from './assemble';
import type { Command, ParticipantView, Seat, Write, WireView } from './types';

export type Phase = 'starting' | 'join' | 'joining' | 'in' | 'ended' | 'removed';

const LINK_GONE = 'This workshop link no longer works — ask the facilitator for the code.';

export class Session {
  phase = $state<Phase>('starting');
  /** Shown on the join form: why we are there (a dead link, a wrong code, wait N seconds). */
  joinMessage = $state<string | null>(null);
  view = $state.raw<ParticipantView | null>(null);
  /** server clock − phone clock, measured when the view arrived. */
  offsetMs = $state(0);
  pending = $state.raw<readonly Entry[]>([]);
  connected = $state(false);
  /** Writes are waiting for the server (it failed or is unreachable): they will be resent. */
  waiting = $state(false);
  /** A refusal to show once (e.g. "Voting is closed"), politely announced. */
  notice = $state<string | null>(null);
  /** The composer's text: kept across reloads and phase changes until the person adds it. */
  draft = $state(loadDraft());

  private seat: Seat | null = null;
  private stream: Live | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryAttempt = 0;
  private reenterTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set by a 429: no resend before then. */
  private slowDownUntil = 0;
  readonly outbox: Outbox;

  constructor(storage: StorageLike | null = safeStorage()) {
    this.outbox = new Outbox(storage ?? memoryStorage(), (entries) => {
      this.pending = entries;
    });
    this.pending = this.outbox.entries;
  }

  async start(): Promise<void> {
    const secret = secretFromHash(location.hash);
    this.seat = loadSeat();
    if (secret && this.seat) {
      // Scanning the code again must not take a second seat: keep the one that still works.
      try {
        this.accept(await post(this.seat.token, { cmd: 'state', args: {} }), true);
        this.forgetFragment();
        this.enter();
        return;
      } catch (e) {
        if (!(e instanceof WireError && e.status === 401)) {
          this.forgetFragment();
          this.enter();
          return;
        }
        this.leaveSeat();
      }
    }
    if (secret) await this.join({ secret });
    else if (this.seat) this.enter();
    else this.phase = 'join';
  }

  /** Joins with the link's secret or a typed code. */
  async join(body: { secret?: string; code?: string; nickname?: string }): Promise<void> {
    this.phase = 'joining';
    this.joinMessage = null;
    try {
      const answer = await join(body);
      const previous = loadSeat();
      // A queue from another workshop (or another seat) must not be sent with this token.
      if (!previous || previous.workshop_id !== answer.workshop_id) this.outbox.clear();
      this.seat = { token: answer.token, workshop_id: answer.workshop_id };
      saveSeat(this.seat);
      this.forgetFragment();
      this.enter();
    } catch (e) {
      const err = e instanceof WireError ? e : new WireError(0, String(e));
      if (err.status !== 0) this.forgetFragment();
      this.phase = 'join';
      this.joinMessage = joinRefusal(err, body.secret !== undefined);
    }
  }

  /** Queues a write and sends it (optimistically shown from the queue meanwhile). */
  write(w: Write): void {
    this.notice = null;
    this.outbox.put(w);
    void this.flush();
  }

  /** Moves a note while grouping: not queued (a move only makes sense against the board the
   *  phone sees now), so a failure is said at once. */
  async move(noteId: string, groupId: string | null): Promise<boolean> {
    return this.direct({ cmd: 'move_note', args: { note_id: noteId, group_id: groupId } });
  }

  async rename(nickname: string): Promise<boolean> {
    return this.direct({ cmd: 'set_nickname', args: { nickname } });
  }

  setDraft(text: string): void {
    this.draft = text;
    saveDraft(text);
  }

  /** Back to the code form by choice (after being removed or after the end). */
  rejoin(): void {
    this.leaveSeat();
    this.joinMessage = null;
    this.phase = 'join';
  }

  private async direct(command: Command): Promise<boolean> {
    if (!this.seat) return false;
    this.notice = null;
    try {
      this.accept(await post(this.seat.token, command, this.view?.step), false);
      return true;
    } catch (e) {
      if (e instanceof WireError && e.status === 401) this.unauthorized();
      else if (e instanceof WireError && e.status === 429) {
        this.notice = `Too many changes at once — wait ${e.retryAfterS ?? 5} seconds, then try again.`;
      } else this.notice = e instanceof WireError ? e.message : String(e);
      return false;
    }
  }

  private enter(): void {
    this.phase = 'in';
    this.stream?.stop();
    const token = this.seat!.token;
    this.stream = live(token, {
      view: (v) => this.accept(v, true),
      ended: () => this.ended(),
      removed: () => void this.confirmRemoved(),
      unauthorized: () => this.unauthorized(),
      connected: (on) => (this.connected = on),
      opened: () => void this.flush(),
    });
  }

  /**
   * The stream said "removed". It may have spoken from the room's copy of the workshop read
   * just before this seat joined (a phone opens the stream milliseconds after joining), and
   * forgetting the seat cannot be taken back: ask the server itself first. Still seated:
   * listen again after a moment, by when the room's copy has caught up.
   */
  private async confirmRemoved(): Promise<void> {
    const seat = this.seat;
    if (!seat || this.phase !== 'in') return;
    try {
      this.accept(await post(seat.token, { cmd: 'state', args: {} }), false);
    } catch (e) {
      if (e instanceof WireError && e.status === 401) this.removed();
      else this.retryStream(seat);
      return;
    }
    this.retryStream(seat);
  }

  private retryStream(seat: Seat): void {
    this.connected = false;
    clearTimeout(this.reenterTimer);
    this.reenterTimer = setTimeout(() => {
      if (this.seat === seat && this.phase === 'in') this.enter();
    }, BACKOFF_MS[0]);
  }

  /** Wakes the stream and the queue: the phone woke up or came back online. */
  wake(): void {
    if (this.phase !== 'in') return;
    this.stream?.wake();
    void this.flush();
  }

  /** A view from the stream always wins (it comes in order, even after a server restart);
   *  an answer to a POST only when it is not older than the one shown. */
  private accept(w: WireView, fromStream: boolean): void {
    if (!fromStream && this.view && w.rev < this.view.rev) return;
    const v = assemble(w, this.view);
    if (!v) {
      // The room left the board out and this page has none yet: ask for all of it.
      void this.refresh();
      return;
    }
    this.view = v;
    this.offsetMs = v.server_now_ms - Date.now();
    if (v.ended) this.ended();
  }

  private async refresh(): Promise<void> {
    if (!this.seat) return;
    try {
      this.accept(await post(this.seat.token, { cmd: 'state', args: {} }), false);
    } catch {
      // The stream's next view, or the next write, tries again.
    }
  }

  private async flush(): Promise<void> {
    if (!this.seat || this.phase !== 'in') return;
    clearTimeout(this.retryTimer);
    const token = this.seat.token;
    const done = await this.outbox.flush(
      (w) => this.send(token, w),
      (w, status, message) => this.refused(w, status, message),
    );
    this.waiting = !done && this.phase === 'in' && this.outbox.entries.length > 0;
    if (done) this.retryAttempt = 0;
    else if (this.waiting) {
      const delay = Math.max(
        BACKOFF_MS[Math.min(this.retryAttempt++, BACKOFF_MS.length - 1)],
        this.slowDownUntil - Date.now(),
      );
      clearTimeout(this.retryTimer); // two callers may await the same flush
      this.retryTimer = setTimeout(() => void this.flush(), delay);
    }
  }

  private async send(token: string, w: Write): Promise<Outcome> {
    try {
      this.accept(await post(token, w, this.view?.step), false);
      return { outcome: 'ok' };
    } catch (e) {
      const err = e instanceof WireError ? e : new WireError(0, String(e));
      if (err.status === 401) {
        this.unauthorized();
        return { outcome: 'stop' };
      }
      if (err.status === 429) {
        // Slow down as told; the writes stay queued.
        const secs = err.retryAfterS ?? 5;
        this.slowDownUntil = Date.now() + secs * 1000;
        this.notice = `The workshop asks to slow down: your changes are sent again in ${secs} seconds.`;
        return { outcome: 'retry' };
      }
      if (err.status >= 400 && err.status < 500) {
        return { outcome: 'rejected', status: err.status, message: err.message };
      }
      return { outcome: 'retry' };
    }
  }

  private refused(w: Write, status: number, message: string): void {
    // A new note refused (writing closed meanwhile) goes back to the composer, not to waste.
    if (w.cmd === 'put_note' && !this.view?.my_notes.some((n) => n.client_key === w.args.client_key)) {
      this.setDraft(this.draft ? `${this.draft}\n${w.args.text}` : w.args.text);
      this.notice = `${message} Your note is back in the draft.`;
      return;
    }
    // 409 (not now: the step moved on, the board is locked) is normal; its message says why.
    this.notice = status === 413 || status === 422 ? `${message} (not saved)` : message;
  }

  private unauthorized(): void {
    this.leaveSeat();
    this.phase = 'join';
    this.joinMessage = LINK_GONE;
  }

  private ended(): void {
    this.leaveSeat();
    this.phase = 'ended';
  }

  private removed(): void {
    this.leaveSeat();
    this.phase = 'removed';
  }

  /** Forgets the credential and what waited to be sent with it; the draft stays. */
  private leaveSeat(): void {
    this.stream?.stop();
    this.stream = null;
    clearTimeout(this.retryTimer);
    clearTimeout(this.reenterTimer);
    this.seat = null;
    saveSeat(null);
    this.outbox.clear();
    this.connected = false;
    this.waiting = false;
  }

  private forgetFragment(): void {
    if (location.hash) history.replaceState(null, '', '/');
  }
}

function joinRefusal(err: WireError, byLink: boolean): string {
  switch (err.status) {
    case 0:
      return 'Can’t reach the workshop. Check you are on the room’s Wi-Fi, then try again.';
    case 401:
      return byLink ? LINK_GONE : 'That code doesn’t work. Check it with the facilitator and type it again.';
    case 403:
      return 'This workshop isn’t taking new people now — ask the facilitator.';
    case 429:
      return `Too many tries. Wait ${err.retryAfterS ?? 30} seconds, then try again.`;
    default:
      return err.message;
  }
}

function safeStorage(): StorageLike | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}

function memoryStorage(): StorageLike {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
  };
}
