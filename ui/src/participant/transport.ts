// The only code that talks to the workshop listener: POST /w/join, POST /w/api and the live
// view on GET /w/events. Everything is same-origin plain HTTP (no secure context).
import { SseParser } from './sse';
import type { Command, JoinAnswer, WireView } from './types';

/** A refused request, or `status` 0 when the network failed. */
export class WireError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string = '',
    readonly retryAfterS: number | null = null,
  ) {
    super(message);
  }
}

async function request(path: string, body: unknown, token?: string): Promise<unknown> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body), cache: 'no-store' });
  } catch {
    throw new WireError(0, 'Can’t reach the workshop. Check you are on the room’s Wi-Fi.');
  }
  if (res.ok) {
    try {
      return await res.json();
    } catch {
      throw new WireError(0, 'The answer was cut off. Trying again…');
    }
  }
  throw await errorOf(res);
}

async function errorOf(res: Response): Promise<WireError> {
  let code = '';
  let message = '';
  let retry: number | null = null;
  try {
    const body = (await res.json()) as { code?: unknown; message?: unknown; retry_after_s?: unknown };
    if (typeof body.code === 'string') code = body.code;
    if (typeof body.message === 'string') message = body.message;
    if (typeof body.retry_after_s === 'number') retry = body.retry_after_s;
  } catch {
    // Not JSON (a proxy's page): fall back to the status below.
  }
  if (retry === null) {
    const header = Number(res.headers.get('Retry-After'));
    if (Number.isFinite(header) && header > 0) retry = header;
  }
  return new WireError(res.status, message || `The workshop answered ${res.status}.`, code, retry);
}

export function join(body: { secret?: string; code?: string; nickname?: string }): Promise<JoinAnswer> {
  return request('/w/join', body) as Promise<JoinAnswer>;
}

/** A request to the room; `shownStep`, the step the page shows, lets the answer leave the
 *  board out when it has not moved on (the page keeps its own). `state` is always whole. */
export function post(token: string, command: Command, shownStep?: number): Promise<WireView> {
  const query = shownStep !== undefined && command.cmd !== 'state' ? `?step=${shownStep}` : '';
  return request(`/w/api${query}`, command, token) as Promise<WireView>;
}

export interface LiveHandlers {
  view(v: WireView): void;
  ended(): void;
  removed(): void;
  unauthorized(): void;
  connected(on: boolean): void;
  /** A new connection delivered its first view: a good time to send what waits. */
  opened(): void;
}

/** Waits after a dropped stream: 1 s, 2 s, then 5 s until it is back. */
export const BACKOFF_MS = [1000, 2000, 5000];
/** The server sends keep-alive comments; this long without a byte means the stream is dead
 *  even if the phone has not noticed (it slept, the Wi-Fi changed). */
const SILENCE_MS = 60_000;

export interface Live {
  /** Reconnects now (the phone woke up or came back online). */
  wake(): void;
  stop(): void;
}

export function live(token: string, on: LiveHandlers): Live {
  let generation = 0;
  let attempt = 0;
  let stopped = false;
  let abort: AbortController | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let lastByte = Date.now();

  const watchdog = setInterval(() => {
    if (abort && Date.now() - lastByte > SILENCE_MS) wake();
  }, 10_000);

  function stop(): void {
    stopped = true;
    generation++;
    clearTimeout(retry);
    clearInterval(watchdog);
    abort?.abort();
    abort = null;
  }

  function wake(): void {
    if (stopped) return;
    clearTimeout(retry);
    abort?.abort();
    attempt = 0;
    void connect();
  }

  function handle(event: string, data: string): void {
    if (event === 'view') {
      let view: WireView;
      try {
        view = JSON.parse(data) as WireView;
      } catch {
        return;
      }
      attempt = 0;
      on.view(view);
    } else if (event === 'ended') {
      stop();
      on.ended();
    } else if (event === 'removed') {
      stop();
      on.removed();
    }
  }

  async function connect(): Promise<void> {
    const mine = ++generation;
    const controller = new AbortController();
    abort = controller;
    lastByte = Date.now();
    let first = true;
    try {
      const res = await fetch('/w/events', {
        headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
        cache: 'no-store',
        signal: controller.signal,
      });
      if (res.status === 401) {
        stop();
        on.unauthorized();
        return;
      }
      if (!res.ok || !res.body) throw new Error(`events ${res.status}`);
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      const parser = new SseParser();
      on.connected(true);
      for (;;) {
        const { done, value } = await reader.read();
        if (done || mine !== generation) break;
        lastByte = Date.now();
        for (const ev of parser.push(decoder.decode(value, { stream: true }))) {
          if (mine !== generation) break;
          handle(ev.event, ev.data);
          if (first && ev.event === 'view') {
            first = false;
            on.opened();
          }
        }
      }
    } catch {
      // Dropped, aborted or unreachable: the same answer, try again below.
    }
    if (mine !== generation) return; // replaced by a newer connection, or stopped
    abort = null;
    on.connected(false);
    const delay = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
    attempt++;
    retry = setTimeout(() => void connect(), delay);
  }

  void connect();
  return { wake, stop };
}
