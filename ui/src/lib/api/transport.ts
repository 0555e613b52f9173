// The only code that knows how requests travel: Tauri IPC in the desktop window, HTTP
// against `groundwork serve` in a browser. Both take `{cmd, args}` and answer with the
// result or `{code, message, field}`.
//
// Files on this machine by path (`LocalRequest`) go only through the desktop shell, which
// opens the file dialogs itself and accepts only paths its user picked or dropped; a
// browser uploads bytes and downloads files instead. Over HTTP the per-run token travels
// in an Authorization header, never a cookie (cookies reach every local port).
import { ApiError, codeForStatus, isErrorBody, toApiError } from './errors';
import type { Attachment, Change, FeedbackMapping, FeedbackPreview, HostRequest, HostStatus, ImportAs, Imported, ImportPreview, PackImport, PackRequest, SpeakerTarget } from './types';

/** Speaker name as written in a file → what it becomes on import. */
export type SpeakerMap = Record<string, SpeakerTarget>;

/** A file the server made for the browser to save: the name it suggested and the bytes. */
export interface Download {
  /** From `Content-Disposition`; null when the server named none. */
  name: string | null;
  blob: Blob;
}

export interface ApiRequest {
  cmd: string;
  args?: Record<string, unknown>;
}

/** What a live-update subscription hears (ARCHITECTURE.md §3, step 7). */
export interface ChangeListener {
  /** A change committed to the workspace, by this window or anyone else. */
  change(change: Change): void;
  /**
   * Changes may have been missed (the stream reconnected, or this window fell behind, or
   * the window switched workspace): reload whatever is shown.
   */
  resync(): void;
  /** Whether changes are arriving now; while not, the caller reloads after its own writes. */
  connected?(on: boolean): void;
}

export interface Transport {
  readonly kind: 'tauri' | 'http';
  /** Hear about every committed change until the returned function is called. */
  changes(listener: ChangeListener): () => void;
  call(request: ApiRequest): Promise<unknown>;
  /** A request naming files by path (`LocalRequest`): only the desktop shell takes them. */
  callLocal(request: ApiRequest): Promise<unknown>;
  /**
   * Import a file's bytes under its name (browser uploads); not every transport can. A
   * feedback export is read through `mapping` when given (else the remembered or guessed one).
   */
  upload(name: string, body: Blob, as?: ImportAs | null, speakers?: SpeakerMap, again?: boolean, mapping?: FeedbackMapping | null): Promise<Imported>;
  /** What uploading the file would make (speakers and their turns), without saving it. */
  preview(name: string, body: Blob, as?: ImportAs | null): Promise<ImportPreview>;
  /**
   * What importing a feedback export would add through `mapping` (else the remembered or
   * guessed one): columns, sample rows, counts and warnings, without saving anything.
   */
  previewFeedback(name: string, body: Blob, mapping?: FeedbackMapping | null): Promise<FeedbackPreview>;
  /** Copy a file's bytes into the workspace, attached to an interview (browser uploads). */
  attach(interviewId: string, name: string, body: Blob): Promise<Attachment>;
  /** Where the window can load an attachment's bytes from (a media player's src), or null. */
  attachmentUrl(id: string): string | null;
  /**
   * A research pack for a browser to save: a folder format as a zip, a single-file format
   * (.html, .qdpx, .qdc, .gwpack) as the file itself (the desktop writes packs by path).
   */
  downloadPack(request: PackRequest): Promise<Download>;
  /**
   * Merge a REFI-QDA project (.qdpx), codebook (.qdc) or Groundwork pack (.gwpack) from its
   * bytes (browser uploads); with `dryRun`, only say what it would change. The desktop
   * imports these by path.
   */
  importPack(file: Blob, name: string, dryRun: boolean): Promise<PackImport>;
  /**
   * Open, close or ask about a workshop's listener for the room (not a `Request`: it needs
   * the server or the shell, not only the workspace).
   */
  hostWorkshop(request: HostRequest): Promise<HostStatus>;
  /** Whether this transport can import files it only knows by path (desktop drops). */
  readonly importsPaths: boolean;
  /** Whether `upload` works. */
  readonly importsBytes: boolean;
}

type Invoke = (cmd: string, args: Record<string, unknown>) => Promise<unknown>;
type Fetch = typeof fetch;

export function isTauri(w: object = globalThis): boolean {
  return '__TAURI_INTERNALS__' in w;
}

async function readError(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const body: unknown = JSON.parse(text);
    if (isErrorBody(body)) return new ApiError(body.code, body.message, body.field ?? null);
  } catch {
    /* fall through: no JSON body */
  }
  const code = codeForStatus(res.status);
  const detail = text && text.length < 300 && !/^\s*</.test(text) ? `: ${text.trim()}` : '';
  return new ApiError(code, `The Groundwork server answered ${res.status} ${res.statusText}${detail}`.trim());
}

async function readJson(res: Response): Promise<unknown> {
  if (!res.ok) throw await readError(res);
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('io', 'The Groundwork server sent an answer that is not JSON.');
  }
}

const TOKEN_KEY = 'groundwork.token';

/**
 * The per-run token of `groundwork serve`: taken from the printed link's `?token=` (and
 * then removed from the address bar, so it is not left in history or copied with the
 * link), kept in this origin's storage, which pages on other ports cannot read.
 */
export function takeToken(w: { location?: Location; localStorage?: Storage; history?: History } = globalThis): string | null {
  let stored: string | null = null;
  try {
    stored = w.localStorage?.getItem(TOKEN_KEY) ?? null;
  } catch {
    /* storage disabled: the token lives as long as the page */
  }
  const loc = w.location;
  if (!loc) return stored;
  const params = new URLSearchParams(loc.search);
  const given = params.get('token');
  if (!given) return stored;
  try {
    w.localStorage?.setItem(TOKEN_KEY, given);
  } catch {
    /* as above */
  }
  params.delete('token');
  const search = params.toString();
  w.history?.replaceState(w.history.state, '', `${loc.pathname}${search ? `?${search}` : ''}${loc.hash}`);
  return given;
}

/**
 * The file name in a `Content-Disposition` header: `filename*=UTF-8''…` (RFC 6266) when
 * given, else `filename="…"`; only its last path part. Null when there is none.
 */
export function dispositionName(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*utf-8''([^;]+)/i.exec(header);
  let name: string | null = null;
  if (star) {
    try {
      name = decodeURIComponent(star[1].trim());
    } catch {
      name = null;
    }
  }
  if (name === null) {
    const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(header);
    if (plain) name = plain[1] !== undefined ? plain[1].replace(/\\(.)/g, '$1') : plain[2].trim();
  }
  const base = name?.split(/[\\/]/).pop()?.trim();
  return base ? base : null;
}

export function httpTransport(fetchImpl: Fetch = (...a) => fetch(...a), base = '', token: string | null = takeToken()): Transport {
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  /** POST a file's bytes to /api/import (import or preview, by the query), or to `path`. */
  async function sendFile(query: URLSearchParams, body: Blob, path = '/api/import'): Promise<unknown> {
    let res: Response;
    try {
      res = await fetchImpl(`${base}${path}?${query}`, {
        method: 'POST',
        credentials: 'omit',
        headers: { 'content-type': 'application/octet-stream', accept: 'application/json', ...auth },
        body,
      });
    } catch (e) {
      throw toApiError(e);
    }
    return readJson(res);
  }
  return {
    kind: 'http',
    importsPaths: false,
    importsBytes: true,
    changes: (listener) => followChangeStream(fetchImpl, `${base}/api/changes`, auth, listener),
    async call(request) {
      let res: Response;
      try {
        res = await fetchImpl(`${base}/api`, {
          method: 'POST',
          credentials: 'omit',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...auth },
          body: JSON.stringify(request),
        });
      } catch (e) {
        throw toApiError(e);
      }
      return readJson(res);
    },
    async callLocal(request) {
      throw new ApiError(
        'unsupported_format',
        `${request.cmd}: a browser cannot hand Groundwork a file by its path; upload the file or download it instead.`,
      );
    },
    async upload(name, body, as, speakers, again, mapping) {
      const query = new URLSearchParams({ name });
      if (as) query.set('as', as);
      if (again) query.set('again', '1');
      if (speakers && Object.keys(speakers).length) query.set('speakers', JSON.stringify(speakers));
      if (mapping) query.set('mapping', JSON.stringify(mapping));
      return (await sendFile(query, body)) as Imported;
    },
    async previewFeedback(name, body, mapping) {
      const query = new URLSearchParams({ name, preview: 'mapping' });
      if (mapping) query.set('mapping', JSON.stringify(mapping));
      return (await sendFile(query, body)) as FeedbackPreview;
    },
    async preview(name, body, as) {
      const query = new URLSearchParams({ name, preview: '1' });
      if (as) query.set('as', as);
      return (await sendFile(query, body)) as ImportPreview;
    },
    async importPack(file, name, dryRun) {
      const query = new URLSearchParams({ name, dry_run: dryRun ? '1' : '0' });
      return (await sendFile(query, file, '/api/pack/import')) as PackImport;
    },
    async attach(interviewId, name, body) {
      const query = new URLSearchParams({ interview: interviewId, name });
      return (await sendFile(query, body, '/api/attachments')) as Attachment;
    },
    // A media element cannot send a header: an attachment's URL may carry the token.
    attachmentUrl: (id) =>
      `${base}/api/attachments/${encodeURIComponent(id)}${token ? `?token=${encodeURIComponent(token)}` : ''}`,
    // POST, not a link: the token travels in a header, and the request is JSON (a type a
    // page on another origin cannot send without a preflight), as for /api.
    async downloadPack(request) {
      let res: Response;
      try {
        res = await fetchImpl(`${base}/api/pack`, {
          method: 'POST',
          credentials: 'omit',
          headers: { 'content-type': 'application/json', accept: 'application/zip, application/xml, text/html, application/json', ...auth },
          body: JSON.stringify({ request }),
        });
      } catch (e) {
        throw toApiError(e);
      }
      if (!res.ok) {
        const err = await readError(res);
        // A server from before packs could be downloaded answers that the route is unknown.
        if (res.status === 404 && /\/api\/pack/.test(err.message)) {
          throw new ApiError(
            'unsupported_format',
            'This groundwork serve cannot make packs for download: update Groundwork, or run `groundwork pack export --out FOLDER` in a terminal.',
          );
        }
        throw err;
      }
      const type = res.headers.get('content-type') ?? '';
      // A page where the pack should be is the UI's fallback, unless the pack is one page.
      if (/json/i.test(type) || (/html/i.test(type) && request.format !== 'html_file')) {
        throw new ApiError('io', 'The Groundwork server answered with a page instead of the pack. Try again; if it happens again, export from the desktop app or the command line.');
      }
      let blob: Blob;
      try {
        blob = await res.blob();
      } catch (e) {
        throw toApiError(e);
      }
      return { name: dispositionName(res.headers.get('content-disposition')), blob };
    },
    // JSON with the token in a header, as for /api/pack: a page on another origin cannot send it.
    async hostWorkshop(request) {
      let res: Response;
      try {
        res = await fetchImpl(`${base}/api/workshops/host`, {
          method: 'POST',
          credentials: 'omit',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...auth },
          body: JSON.stringify(request),
        });
      } catch (e) {
        throw toApiError(e);
      }
      return (await readJson(res)) as HostStatus;
    },
  };
}

/** How long to wait before reconnecting a dropped change stream: 0.5 s, doubling to 8 s. */
const RECONNECT_MS = [500, 1000, 2000, 4000, 8000];

/**
 * Follow `GET /api/changes` (server-sent events) with `fetch`, not `EventSource`: only
 * `fetch` can send the token in a header. Reconnects when the stream drops, and asks for a
 * resync after reconnecting, since changes made meanwhile were not heard. A 401 or 403 ends
 * it (the token is gone; the next request says so).
 */
export function followChangeStream(fetchImpl: Fetch, url: string, headers: Record<string, string>, listener: ChangeListener): () => void {
  const abort = new AbortController();
  let attempt = 0;
  let everConnected = false;
  const run = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      try {
        const res = await fetchImpl(url, {
          credentials: 'omit',
          headers: { accept: 'text/event-stream', ...headers },
          signal: abort.signal,
        });
        if (res.status === 401 || res.status === 403) return;
        if (!res.ok || !res.body) throw new Error(`change stream: ${res.status}`);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (block.startsWith(': connected')) {
              attempt = 0;
              listener.connected?.(true);
              if (everConnected) listener.resync();
              everConnected = true;
              continue;
            }
            const event = parseEvent(block);
            if (event?.type === 'change') listener.change(JSON.parse(event.data) as Change);
            else if (event?.type === 'resync') listener.resync();
          }
        }
      } catch {
        if (abort.signal.aborted) return;
      }
      listener.connected?.(false);
      const wait = RECONNECT_MS[Math.min(attempt++, RECONNECT_MS.length - 1)];
      await new Promise((ok) => setTimeout(ok, wait));
    }
  };
  void run();
  return () => abort.abort();
}

/** One server-sent event block: its `event:` type (default `message`) and joined `data:` lines. */
export function parseEvent(block: string): { type: string; data: string } | null {
  let type = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
  }
  return data.length ? { type, data: data.join('\n') } : null;
}

async function defaultInvoke(): Promise<Invoke> {
  const core = await import('@tauri-apps/api/core');
  return (cmd, args) => core.invoke(cmd, args);
}

export function tauriTransport(invokeImpl?: Invoke): Transport {
  let invoke: Promise<Invoke> | null = invokeImpl ? Promise.resolve(invokeImpl) : null;
  return {
    kind: 'tauri',
    importsPaths: true,
    importsBytes: false,
    changes(listener) {
      // The shell emits each committed change as a `change` event, and `changes-resync`
      // when the window's workspace is replaced.
      let stopped = false;
      const unlisten: (() => void)[] = [];
      void import('@tauri-apps/api/event').then(async ({ listen }) => {
        const a = await listen<Change>('change', (e) => listener.change(e.payload));
        const b = await listen('changes-resync', () => listener.resync());
        unlisten.push(a, b);
        if (stopped) for (const u of unlisten) u();
        else listener.connected?.(true);
      });
      return () => {
        stopped = true;
        for (const u of unlisten) u();
      };
    },
    async call(request) {
      invoke ??= defaultInvoke();
      try {
        return await (await invoke)('api', { request });
      } catch (e) {
        throw toApiError(e);
      }
    },
    async callLocal(request) {
      invoke ??= defaultInvoke();
      try {
        return await (await invoke)('api_local', { request });
      } catch (e) {
        throw toApiError(e);
      }
    },
    async upload(name) {
      throw new ApiError(
        'unsupported_format',
        `${name}: the desktop app imports files by path — drop them onto the window instead.`,
      );
    },
    async preview(name) {
      throw new ApiError(
        'unsupported_format',
        `${name}: the desktop app imports files by path — drop them onto the window instead.`,
      );
    },
    async previewFeedback(name) {
      throw new ApiError(
        'unsupported_format',
        `${name}: the desktop app reads feedback exports by path (preview_feedback_file) — drop them onto the window instead.`,
      );
    },
    async attach(_interviewId, name) {
      throw new ApiError('unsupported_format', `${name}: the desktop app attaches files by path.`);
    },
    async importPack(_file, name) {
      throw new ApiError('unsupported_format', `${name}: the desktop app imports REFI-QDA files by path (import_pack) — drop them onto the window instead.`);
    },
    async downloadPack() {
      throw new ApiError('unsupported_format', 'The desktop app writes a pack into a folder you pick (export_pack), not as a download.');
    },
    async hostWorkshop(request) {
      invoke ??= defaultInvoke();
      try {
        return (await (await invoke)('workshop_host', { request })) as HostStatus;
      } catch (e) {
        throw toApiError(e);
      }
    },
    // No player in the desktop window yet: WebKitGTK's media engine does not load from an
    // app-defined URI scheme (tried: FormatError before any byte is asked for).
    attachmentUrl: () => null,
  };
}

/** The transport for where this UI runs: Tauri's IPC inside the desktop window, else HTTP. */
export function selectTransport(w: object = globalThis): Transport {
  return isTauri(w) ? tauriTransport() : httpTransport();
}

/** Progress of a desktop import job (`job-progress` events from the shell). */
export interface ImportJobProgress {
  job_id: string;
  done: number;
  total: number;
  message: string;
}

/** What a desktop import job did (groundwork_api::jobs::ImportReport). */
export interface ImportJobReport {
  imported: Imported[];
  failed: { path: string; error: { code: string; message: string; field?: string } }[];
  /** Files inside dropped folders that no importer reads, and hidden files. */
  skipped: string[];
  cancelled: boolean;
}

export interface ImportJob {
  result: Promise<ImportJobReport>;
  /** Stop after the file being imported now. */
  cancel: () => Promise<void>;
}

/**
 * Import files and folders by path in the desktop shell (`import_paths`), following its
 * `job-progress` events; cancellable between files.
 */
export function startImportJob(
  paths: string[],
  as: ImportAs | null,
  onProgress: (p: ImportJobProgress) => void,
  w: object = globalThis,
  speakers: SpeakerMap = {},
  again = false,
): ImportJob {
  if (!isTauri(w)) {
    const refused = Promise.reject(new ApiError('unsupported_format', 'Importing by path works only in the desktop app.'));
    return { result: refused, cancel: async () => {} };
  }
  const jobId = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `job-${Date.now()}-${Math.random()}`;
  const result = (async () => {
    const [{ invoke }, { listen }] = await Promise.all([import('@tauri-apps/api/core'), import('@tauri-apps/api/event')]);
    const unlisten = await listen<ImportJobProgress>('job-progress', (e) => {
      if (e.payload.job_id === jobId) onProgress(e.payload);
    });
    try {
      const request: Record<string, unknown> = { job_id: jobId, paths };
      if (as) request.as = as;
      if (Object.keys(speakers).length) request.speakers = speakers;
      if (again) request.again = true;
      return (await invoke('import_paths', { request })) as ImportJobReport;
    } catch (e) {
      throw toApiError(e);
    } finally {
      unlisten();
    }
  })();
  return {
    result,
    cancel: async () => {
      const { invoke } = await import('@tauri-apps/api/core');
      await invoke('cancel_job', { jobId }).catch(() => false);
    },
  };
}

/**
 * The desktop's open-file dialog (paths), or null in a browser, which uses <input type=file>.
 * The shell opens it and remembers what was picked: only those paths (and dropped ones) can
 * be read by path afterwards.
 */
export async function pickPaths(w: object = globalThis, purpose: 'import' | 'attach' = 'import'): Promise<string[] | null> {
  if (!isTauri(w)) return null;
  const { invoke } = await import('@tauri-apps/api/core');
  try {
    return (await invoke<string[]>('pick_files', { purpose })) ?? [];
  } catch (e) {
    throw toApiError(e);
  }
}

/** The desktop's save dialog: the path picked ('' when cancelled), or null in a browser,
 * which downloads the file instead. Only the picked path can then be written. */
export async function pickSavePath(defaultName: string, w: object = globalThis): Promise<string | null> {
  if (!isTauri(w)) return null;
  const { invoke } = await import('@tauri-apps/api/core');
  try {
    return (await invoke<string | null>('pick_save_path', { defaultName })) ?? '';
  } catch (e) {
    throw toApiError(e);
  }
}

/**
 * The desktop's folder dialogs for the workspace menu: choose an existing workspace folder
 * (`open`), or name a new folder to make one in (`new`). Null when cancelled; always null in
 * a browser, where a tab stays on the workspace `groundwork serve` was started on.
 */
export async function pickWorkspaceFolder(mode: 'new' | 'open', w: object = globalThis): Promise<string | null> {
  if (!isTauri(w)) return null;
  const { invoke } = await import('@tauri-apps/api/core');
  try {
    return await invoke<string | null>('pick_folder', { mode });
  } catch (e) {
    throw toApiError(e);
  }
}

/** Desktop only: the window's workspace becomes the one at `path` (made first if `create`). */
export async function switchWorkspace(path: string, create: boolean): Promise<string> {
  const { invoke } = await import('@tauri-apps/api/core');
  try {
    return await invoke<string>('switch_workspace', { path, create });
  } catch (e) {
    throw toApiError(e);
  }
}

/**
 * Files dropped onto the desktop window arrive as paths through Tauri's own drag-and-drop
 * events (the webview sees no File objects). In a browser this does nothing and returns
 * null: the UI handles HTML drag-and-drop itself.
 */
export async function onNativeFileDrop(
  handlers: { over?: (active: boolean) => void; drop: (paths: string[]) => void },
  w: object = globalThis,
): Promise<(() => void) | null> {
  if (!isTauri(w)) return null;
  const { getCurrentWebview } = await import('@tauri-apps/api/webview');
  return getCurrentWebview().onDragDropEvent((event) => {
    const p = event.payload;
    if (p.type === 'enter' || p.type === 'over') handlers.over?.(true);
    else if (p.type === 'leave') handlers.over?.(false);
    else if (p.type === 'drop') {
      handlers.over?.(false);
      handlers.drop(p.paths);
    }
  });
}
