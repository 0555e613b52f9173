// Errors from either transport become one ApiError with a stable `code`; the UI picks its
// wording by code (never by parsing the message) and shows `message` for the details.
import type { ApiErrorCode as ErrorCode } from './types';

const CODES: readonly ErrorCode[] = [
  'not_found',
  'invalid',
  'conflict',
  'unsupported_format',
  'too_large',
  'storage',
  'index',
  'io',
  'cancelled',
  'unauthorized',
  'forbidden',
  'internal',
];

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly field: string | null;

  constructor(code: ErrorCode, message: string, field: string | null = null) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.field = field;
  }
}

function isCode(v: unknown): v is ErrorCode {
  return typeof v === 'string' && (CODES as readonly string[]).includes(v);
}

/** Whether `v` looks like the `{code, message, field?}` body both transports send. */
export function isErrorBody(v: unknown): v is { code: ErrorCode; message: string; field?: string | null } {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return isCode(o.code) && typeof o.message === 'string';
}

/** An HTTP status with no usable body, as a code. */
export function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'too_large';
  if (status === 415) return 'unsupported_format';
  if (status === 400 || status === 422) return 'invalid';
  return 'io';
}

/** Anything thrown on the way (a rejected invoke, a failed fetch, a bug) as an ApiError. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (isErrorBody(e)) return new ApiError(e.code, e.message, e.field ?? null);
  if (typeof e === 'string') {
    // Tauri rejects with a string when the command itself could not run.
    try {
      const parsed: unknown = JSON.parse(e);
      if (isErrorBody(parsed)) return new ApiError(parsed.code, parsed.message, parsed.field ?? null);
    } catch {
      /* not JSON: a plain message */
    }
    return new ApiError('io', e);
  }
  if (e instanceof DOMException && e.name === 'AbortError') return new ApiError('cancelled', 'The request was cancelled.');
  if (e instanceof TypeError) {
    // fetch rejects with a TypeError when nothing answered at all.
    return new ApiError('io', `Groundwork could not be reached (${e.message}). Is \`groundwork serve\` still running?`);
  }
  if (e instanceof Error) return new ApiError('io', e.message);
  return new ApiError('io', 'Something went wrong, and it said nothing about what.');
}

export interface ErrorText {
  /** One short sentence for a toast or banner heading. */
  title: string;
  /** The engine's message: names the file, line or field. */
  detail: string;
}

const TITLES: Record<ErrorCode, string> = {
  not_found: 'This item no longer exists — it may have been moved to the trash.',
  invalid: 'Please check what you entered.',
  conflict: 'That clashes with something already in the workspace.',
  unsupported_format: 'Groundwork cannot read this file.',
  too_large: 'That is too large to take in.',
  storage: 'The workspace database could not save or read this.',
  index: 'The search index had a problem. Your data is safe: the index is rebuilt from the database.',
  io: 'A file or connection problem stopped this.',
  cancelled: 'Cancelled.',
  unauthorized: 'This browser tab is not signed in to Groundwork. Open the link that `groundwork serve` printed again.',
  forbidden: 'Groundwork refused this request: it answers only to its own pages, at localhost addresses. Open the link `groundwork serve` printed.',
  internal: 'Groundwork hit a fault of its own. Your data is safe; try again, and if it happens again, report it.',
};

/** Readable wording for an error, chosen by its code. */
export function describeError(e: unknown): ErrorText {
  const err = toApiError(e);
  return { title: TITLES[err.code], detail: err.message };
}

/** Field-level message for forms: `invalid` errors that name a field. */
export function fieldError(e: unknown): { field: string; message: string } | null {
  const err = toApiError(e);
  if (err.code === 'invalid' && err.field) return { field: err.field, message: sentence(err.message) };
  return null;
}

/** "title must not be empty" → "Title must not be empty." */
export function sentence(s: string): string {
  const t = s.trim().replace(/_/g, ' ');
  if (!t) return t;
  const first = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}
