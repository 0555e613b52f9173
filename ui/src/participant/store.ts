// What the page keeps in localStorage: the seat (to go straight back in after a reload) and
// the composer's draft (never cleared by a phase change). Storage can be disabled (private
// mode): everything then lives for the page's life only.
import type { Seat } from './types';

export const SEAT_KEY = 'groundwork.seat';
export const DRAFT_KEY = 'groundwork.draft';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null || value === '') localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Not kept across reloads; nothing else to do.
  }
}

export function loadSeat(): Seat | null {
  try {
    const seat = JSON.parse(read(SEAT_KEY) ?? 'null') as Partial<Seat> | null;
    if (seat && typeof seat.token === 'string' && typeof seat.workshop_id === 'string') {
      return { token: seat.token, workshop_id: seat.workshop_id };
    }
  } catch {
    // A damaged seat is no seat.
  }
  return null;
}

export function saveSeat(seat: Seat | null): void {
  write(SEAT_KEY, seat ? JSON.stringify(seat) : null);
}

export function loadDraft(): string {
  return read(DRAFT_KEY) ?? '';
}

export function saveDraft(text: string): void {
  write(DRAFT_KEY, text);
}

/** A note's client key: 128 random bits from getRandomValues, which (unlike randomUUID)
 *  works on a plain-HTTP LAN page. */
export function clientKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The secret from a join link's fragment (`#k=SECRET`), if any. */
export function secretFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const k = params.get('k');
  return k ? k : null;
}
