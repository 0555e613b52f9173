// The UI's API: the generated client (one typed function per use case, from the Rust
// declarations in crates/api) and what the transports add on top — uploads, downloads,
// native dialogs and jobs. Components import from here and never see the transport.
import { ApiError } from './errors';
import { current } from './send';
import {
  onNativeFileDrop,
  pickPaths,
  pickSavePath,
  pickWorkspaceFolder,
  startImportJob,
  switchWorkspace,
  type ChangeListener,
  type SpeakerMap,
  type Transport,
} from './transport';
export type { Download, SpeakerMap } from './transport';
import type * as T from './types';

export * from './types';
export * from './generated/client';
// Requests naming files by path: the desktop window only (a browser uploads and downloads).
export * from './generated/local-client';
export { useTransport } from './send';
export { ApiError, describeError, fieldError, sentence, toApiError } from './errors';
export type { ErrorText } from './errors';
export { onNativeFileDrop, pickPaths, pickSavePath, pickWorkspaceFolder, startImportJob, switchWorkspace };
export type { ImportJob, ImportJobProgress, ImportJobReport } from './transport';

export type { ChangeListener } from './transport';

/** Hear about every change committed to the workspace (live updates) until the returned function is called. */
export function followChanges(listener: ChangeListener): () => void {
  return current().changes(listener);
}

export function transportKind(): Transport['kind'] {
  return current().kind;
}

/** What this window can do with files: upload bytes (browser) or import by path (desktop). */
export function importCapabilities(): { bytes: boolean; paths: boolean } {
  const t = current();
  return { bytes: t.importsBytes, paths: t.importsPaths };
}

/** A full search request from the parts a caller cares about. */
export function searchRequest(request: Partial<T.SearchRequest> & { query: string }): T.SearchRequest {
  return {
    kinds: [],
    tags: [],
    participants: [],
    personas: [],
    date_from: null,
    date_to: null,
    limit: 20,
    offset: 0,
    as_you_type: false,
    any_word: false,
    ...request,
  };
}

/** A full highlights query from the filters a caller sets. */
export function highlightQuery(query: Partial<T.HighlightQuery> = {}): T.HighlightQuery {
  return {
    tag_ids: [],
    participant_ids: [],
    interview_ids: [],
    persona_ids: [],
    date_from: null,
    date_to: null,
    text: '',
    ...query,
  };
}

/** What uploading a file would make (speakers and their turns); saves nothing. */
export async function previewUpload(name: string, body: Blob, as: T.ImportAs | null = null): Promise<T.ImportPreview> {
  const t = current();
  if (!t.importsBytes) {
    throw new ApiError('unsupported_format', `${name}: this window cannot upload files; drop them onto it instead.`);
  }
  return t.preview(name, body, as);
}

/** Import a file's bytes (browser: picked or dropped files). */
export async function importUpload(
  name: string,
  body: Blob,
  as: T.ImportAs | null = null,
  speakers: SpeakerMap = {},
  again = false,
  mapping: T.FeedbackMapping | null = null,
): Promise<T.Imported> {
  const t = current();
  if (!t.importsBytes) {
    throw new ApiError('unsupported_format', `${name}: this window cannot upload files; drop them onto it instead.`);
  }
  return t.upload(name, body, as, speakers, again, mapping);
}

/**
 * Browser: what importing a feedback export would add through `mapping` (else the one
 * remembered for files with these columns, or guessed); saves nothing. The desktop uses
 * `previewFeedbackFile(path, mapping)` instead.
 */
export async function previewFeedback(name: string, body: Blob, mapping: T.FeedbackMapping | null = null): Promise<T.FeedbackPreview> {
  const t = current();
  if (!t.importsBytes) {
    throw new ApiError('unsupported_format', `${name}: this window cannot upload files; drop them onto it instead.`);
  }
  return t.previewFeedback(name, body, mapping);
}

/** Browser: upload a file to attach to the interview. */
export const attachUpload = (interviewId: string, file: File) => current().attach(interviewId, file.name, file);
export const attachmentUrl = (id: string) => current().attachmentUrl(id);

/**
 * Browser: a research pack (`POST /api/pack`) as a zip, or a single-file format (.html,
 * .qdpx, .qdc, .gwpack) as the file itself, with the file name the server gave it.
 */
export const downloadPack = (request: T.PackRequest) => current().downloadPack(request);

/**
 * A workshop's listener for the room: the network interfaces, open on one, its status
 * (joined count, link, code, QR), close. `POST /api/workshops/host` in a browser, the
 * `workshop_host` command in the desktop window.
 */
export const hostWorkshop = (request: T.HostRequest): Promise<T.HostStatus> => current().hostWorkshop(request);


/**
 * Browser: merge a REFI-QDA project or codebook, or a Groundwork pack, from a picked or
 * dropped file (`POST /api/pack/import`); with `dryRun`, only say what it would change. The desktop uses
 * `importPack(path, dryRun)` instead.
 */
export async function importPackUpload(file: Blob, name: string, dryRun: boolean): Promise<T.PackImport> {
  const t = current();
  if (!t.importsBytes) {
    throw new ApiError('unsupported_format', `${name}: this window cannot upload files; drop them onto it instead.`);
  }
  return t.importPack(file, name, dryRun);
}
