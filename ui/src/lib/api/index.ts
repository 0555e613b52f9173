// Typed calls for every use case of groundwork_api::Request. Components import from here
// and never see the transport.
import { ApiError } from './errors';
import { onNativeFileDrop, pickPaths, selectTransport, startImportJob, type ApiRequest, type SpeakerMap, type Transport } from './transport';
export type { SpeakerMap } from './transport';
import type * as T from './types';

export * from './types';
export { ApiError, describeError, fieldError, sentence, toApiError } from './errors';
export type { ErrorText } from './errors';
export { onNativeFileDrop, pickPaths, startImportJob };
export type { ImportJob, ImportJobProgress, ImportJobReport } from './transport';

let transport: Transport | null = null;

function current(): Transport {
  transport ??= selectTransport();
  return transport;
}

/** For tests: talk through this transport instead of the detected one. */
export function useTransport(t: Transport | null): void {
  transport = t;
}

export function transportKind(): Transport['kind'] {
  return current().kind;
}

/** What this window can do with files: upload bytes (browser) or import by path (desktop). */
export function importCapabilities(): { bytes: boolean; paths: boolean } {
  const t = current();
  return { bytes: t.importsBytes, paths: t.importsPaths };
}

type Args<C extends T.Command> = T.RequestOf<C> extends { args: infer A } ? A : undefined;

/** Send one request; its arguments and answer are typed by the command. */
async function send<C extends T.Command>(cmd: C, ...rest: Args<C> extends undefined ? [] : [Args<C>]): Promise<T.ResponseOf[C]> {
  const args = rest[0] as Record<string, unknown> | undefined;
  const request: ApiRequest = args === undefined ? { cmd } : { cmd, args };
  return (await current().call(request)) as T.ResponseOf[C];
}

// ---- workspace ----
export const workspaceInfo = () => send('workspace_info');
export const stats = () => send('stats');
const SEARCH_DEFAULTS: T.SearchRequest = {
  query: '',
  kinds: [],
  tags: [],
  participants: [],
  personas: [],
  date_from: null,
  date_to: null,
  limit: 20,
  offset: 0,
  as_you_type: false,
};
export const search = (request: Partial<T.SearchRequest> & { query: string }) =>
  send('search', { request: { ...SEARCH_DEFAULTS, ...request } });

// ---- participants ----
export const listParticipants = () => send('list_participants');
export const getParticipant = (id: string) => send('get_participant', { id });
export const createParticipant = (input: T.ParticipantInput) => send('create_participant', { input });
export const updateParticipant = (id: string, input: T.ParticipantInput) =>
  send('update_participant', { id, input });

// ---- interviews and transcripts ----
export const listInterviews = () => send('list_interviews');
export const getInterview = (id: string) => send('get_interview', { id });
export const createInterview = (input: T.InterviewInput) => send('create_interview', { input });
export const updateInterview = (id: string, input: T.InterviewInput) =>
  send('update_interview', { id, input });
export const listSegments = (interviewId: string) => send('list_segments', { interview_id: interviewId });
export const addSegments = (interviewId: string, segments: T.SegmentInput[]) =>
  send('add_segments', { interview_id: interviewId, segments });
export const updateSegment = (id: string, input: T.SegmentInput) => send('update_segment', { id, input });

// ---- notes ----
export const listNotes = () => send('list_notes');
export const getNote = (id: string) => send('get_note', { id });
export const createNote = (input: T.NoteInput) => send('create_note', { input });
export const updateNote = (id: string, input: T.NoteInput) => send('update_note', { id, input });

// ---- codebook ----
export const listTags = () => send('list_tags');
export const getTag = (id: string) => send('get_tag', { id });
export const createTag = (input: T.TagInput) => send('create_tag', { input });
export const updateTag = (id: string, input: T.TagInput) => send('update_tag', { id, input });

// ---- highlights and insights ----
export const listHighlights = () => send('list_highlights');
export const getHighlight = (id: string) => send('get_highlight', { id });
export const createHighlight = (input: T.HighlightInput) => send('create_highlight', { input });
export const updateHighlight = (id: string, input: T.HighlightInput) =>
  send('update_highlight', { id, input });
export const listInsights = () => send('list_insights');
export const getInsight = (id: string) => send('get_insight', { id });
export const createInsight = (input: T.InsightInput) => send('create_insight', { input });
export const updateInsight = (id: string, input: T.InsightInput) => send('update_insight', { id, input });

// ---- personas ----
export const listPersonas = () => send('list_personas');
export const getPersona = (id: string) => send('get_persona', { id });
export const createPersona = (input: T.PersonaInput) => send('create_persona', { input });
export const updatePersona = (id: string, input: T.PersonaInput) => send('update_persona', { id, input });
export const addPersonaStatement = (personaId: string, input: T.PersonaStatementInput) =>
  send('add_persona_statement', { persona_id: personaId, input });
export const updatePersonaStatement = (id: string, input: T.PersonaStatementInput) =>
  send('update_persona_statement', { id, input });
export const deletePersonaStatement = (id: string) => send('delete_persona_statement', { id });

// ---- opportunity solution trees ----
export const listTrees = () => send('list_trees');
export const getTree = (id: string) => send('get_tree', { id });
export const createTree = (input: T.TreeInput) => send('create_tree', { input });
export const updateTree = (id: string, input: T.TreeInput) => send('update_tree', { id, input });
export const listTreeNodes = (treeId: string) => send('list_tree_nodes', { tree_id: treeId });
export const createTreeNode = (treeId: string, input: T.TreeNodeInput) =>
  send('create_tree_node', { tree_id: treeId, input });
export const updateTreeNode = (id: string, input: T.TreeNodeInput) =>
  send('update_tree_node', { id, input });

// ---- evidence ----
export const listEvidence = (from: T.ObjectRef) => send('list_evidence', { from });
export const linkEvidence = (from: T.ObjectRef, to: T.ObjectRef, comment = '') =>
  send('link_evidence', { from, to, comment });
export const unlinkEvidence = (from: T.ObjectRef, to: T.ObjectRef) =>
  send('unlink_evidence', { from, to });

// ---- feedback ----
export const listFeedback = () => send('list_feedback');
export const getFeedback = (id: string) => send('get_feedback', { id });
export const createFeedback = (input: T.FeedbackInput) => send('create_feedback', { input });
export const updateFeedback = (id: string, input: T.FeedbackInput) =>
  send('update_feedback', { id, input });

// ---- trash ----
export const trash = (kind: T.ObjectKind, id: string) => send('trash', { kind, id });
export const restore = (kind: T.ObjectKind, id: string) => send('restore', { kind, id });
export const listTrash = () => send('list_trash');
/** Deletes everything in the trash for good; answers how many objects went. */
export const emptyTrash = () => send('empty_trash');

// ---- import ----
/** Import a file this machine can open by path (desktop: dropped files). */
export const importPath = (path: string, as: T.ImportAs | null = null, speakers: SpeakerMap = {}) =>
  send('import_file', { path, as, speakers });
/** What importing a file on this machine would make (speakers and their turns); saves nothing. */
export const previewPath = (path: string, as: T.ImportAs | null = null) => send('preview_file', { path, as });
/** Desktop: previews of every file under these files and folders (unreadable ones left out). */
export const previewPaths = (paths: string[], as: T.ImportAs | null = null) => send('preview_paths', { paths, as });

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
): Promise<T.Imported> {
  const t = current();
  if (!t.importsBytes) {
    throw new ApiError('unsupported_format', `${name}: this window cannot upload files; drop them onto it instead.`);
  }
  return t.upload(name, body, as, speakers);
}

// ---- attachments ----
export const listAttachments = (interviewId: string) => send('list_attachments', { interview_id: interviewId });
/** Desktop: copy a file by path into the workspace, attached to the interview. */
export const attachPath = (interviewId: string, path: string) => send('attach_file', { interview_id: interviewId, path });
export const removeAttachment = (id: string) => send('remove_attachment', { id });
/** Browser: upload a file to attach to the interview. */
export const attachUpload = (interviewId: string, file: File) => current().attach(interviewId, file.name, file);
export const attachmentUrl = (id: string) => current().attachmentUrl(id);

// ---- the demo project seeded into a new default workspace ----
export const hasDemo = () => send('has_demo');
/** Removes every object the demo made (the user's own work stays); answers how many went. */
export const removeDemo = () => send('remove_demo');
