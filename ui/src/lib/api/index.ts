// Typed calls for every use case of groundwork_api::Request. Components import from here
// and never see the transport.
import { ApiError } from './errors';
import {
  onNativeFileDrop,
  pickPaths,
  pickSavePath,
  pickWorkspaceFolder,
  selectTransport,
  startImportJob,
  switchWorkspace,
  type ApiRequest,
  type SpeakerMap,
  type Transport,
} from './transport';
export type { SpeakerMap } from './transport';
import type * as T from './types';

export * from './types';
export { ApiError, describeError, fieldError, sentence, toApiError } from './errors';
export type { ErrorText } from './errors';
export { onNativeFileDrop, pickPaths, pickSavePath, pickWorkspaceFolder, startImportJob, switchWorkspace };
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

type LocalArgs<C extends T.LocalCommand> = T.LocalRequestOf<C> extends { args: infer A } ? A : never;

/** Send a request that names files on this machine by path: the desktop app only, for
 * paths its user picked in a dialog or dropped onto the window. */
async function sendLocal<C extends T.LocalCommand>(cmd: C, args: LocalArgs<C>): Promise<T.LocalResponseOf[C]> {
  return (await current().callLocal({ cmd, args: args as Record<string, unknown> })) as T.LocalResponseOf[C];
}

// ---- workspace ----
export const workspaceInfo = () => send('workspace_info');
export const stats = () => send('stats');
/** Re-stems the whole index in another language before answering with the language now in use. */
export const setSearchLanguage = (language: string) => send('set_search_language', { language });
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
  any_word: false,
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
export const listInterviewHighlights = (interviewId: string) => send('list_interview_highlights', { interview_id: interviewId });
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
export const listPersonaSummaries = () => send('list_persona_summaries');
export const getPersonaPage = (id: string) => send('get_persona_page', { id });
export const personaEvidenceThreshold = () => send('persona_evidence_threshold');
export const setPersonaEvidenceThreshold = (threshold: number) =>
  send('set_persona_evidence_threshold', { threshold });
export const assignPersonaParticipant = (personaId: string, participantId: string) =>
  send('assign_persona_participant', { persona_id: personaId, participant_id: participantId });
export const unassignPersonaParticipant = (personaId: string, participantId: string) =>
  send('unassign_persona_participant', { persona_id: personaId, participant_id: participantId });
/** Undo of deletePersonaStatement: the statement as it was, with its evidence. */
export const restorePersonaStatement = (statement: T.PersonaStatement) =>
  send('restore_persona_statement', { statement });
export const suggestPersonaEvidence = (statementId: string, limit = 5) =>
  send('suggest_persona_evidence', { statement_id: statementId, limit });
export const acceptPersonaSuggestion = (statementId: string, highlightId: string) =>
  send('accept_persona_suggestion', { statement_id: statementId, highlight_id: highlightId });
export const dismissPersonaSuggestion = (statementId: string, highlightId: string) =>
  send('dismiss_persona_suggestion', { statement_id: statementId, highlight_id: highlightId });
export const personaMarkdown = (id: string) => send('persona_markdown', { id });
/** Desktop: write the Markdown to the file the save dialog picked. */
export const savePersonaMarkdown = (id: string, path: string) => sendLocal('save_persona_markdown', { id, path });
/** What importing this persona Markdown would make; saves nothing. */
export const previewPersonaImport = (name: string, text: string) =>
  send('preview_persona_import', { name, text });
/** Desktop: what importing persona Markdown from a picked file would make. */
export const previewPersonaImportFile = (path: string) => sendLocal('preview_persona_import_file', { path });
export const importPersonas = (name: string, text: string) => send('import_personas', { name, text });

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

/** Re-parent and/or re-order: `position` is the index among the new siblings. */
export const moveTreeNode = (id: string, parentId: string | null, position: number) =>
  send('move_tree_node', { id, parent_id: parentId, position });
export const treeLayout = (treeId: string, collapsed: string[]) => send('tree_layout', { tree_id: treeId, collapsed });
export const evidenceSummary = (treeId: string) => send('evidence_summary', { tree_id: treeId });
export const treeHistory = (treeId: string) => send('tree_history', { tree_id: treeId });
export const undoTree = (treeId: string) => send('undo_tree', { tree_id: treeId });
export const redoTree = (treeId: string) => send('redo_tree', { tree_id: treeId });
/** The tree as text: a Markdown outline, JSON or SVG. */
export const exportTree = (treeId: string, format: T.ExportFormat) => send('export_tree', { tree_id: treeId, format });
/** What a Markdown outline would make, storing nothing; errors name the line. */
export const previewTreeImport = (markdown: string, name: string | null = null) => send('preview_tree_import', { markdown, name });
export const importTree = (markdown: string, name: string | null = null, title: string | null = null) =>
  send('import_tree', { markdown, name, title });

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
/** Desktop: import a file picked or dropped, by path. */
export const importPath = (path: string, as: T.ImportAs | null = null, speakers: SpeakerMap = {}) =>
  sendLocal('import_file', { path, as, speakers });
/** Desktop: what importing a picked file would make (speakers and their turns); saves nothing. */
export const previewPath = (path: string, as: T.ImportAs | null = null) => sendLocal('preview_file', { path, as });
/** Desktop: previews of every file under these files and folders (unreadable ones left out). */
export const previewPaths = (paths: string[], as: T.ImportAs | null = null) => sendLocal('preview_paths', { paths, as });

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
/** Desktop: copy a picked file into the workspace, attached to the interview. */
export const attachPath = (interviewId: string, path: string) => sendLocal('attach_file', { interview_id: interviewId, path });
export const removeAttachment = (id: string) => send('remove_attachment', { id });
/** Browser: upload a file to attach to the interview. */
export const attachUpload = (interviewId: string, file: File) => current().attach(interviewId, file.name, file);
export const attachmentUrl = (id: string) => current().attachmentUrl(id);

// ---- the workspace's home ----
/** What the workspace holds and what to do next (interviews to code, speakers to map, …). */
export const overview = () => send('overview');

// ---- the demo project seeded into a new default workspace ----
export const hasDemo = () => send('has_demo');
/** Removes every object the demo made (the user's own work stays); answers how many went. */
export const removeDemo = () => send('remove_demo');

// ---- coding: codebook restructuring, the highlights view, participant pages, snapshots ----
export const moveTag = (id: string, parentId: string | null) => send('move_tag', { id, parent_id: parentId });
export const mergeTags = (sourceId: string, targetId: string) =>
  send('merge_tags', { source_id: sourceId, target_id: targetId });
/** With `reassignTo`, the tag's highlights and children go to that tag; else it goes to the trash. */
export const deleteTag = (id: string, reassignTo: string | null) => send('delete_tag', { id, reassign_to: reassignTo });
export const EMPTY_HIGHLIGHT_QUERY: T.HighlightQuery = {
  tag_ids: [],
  participant_ids: [],
  interview_ids: [],
  persona_ids: [],
  date_from: null,
  date_to: null,
  text: '',
};
export const queryHighlights = (query: Partial<T.HighlightQuery> = {}) =>
  send('query_highlights', { query: { ...EMPTY_HIGHLIGHT_QUERY, ...query } });
export const participantProfile = (id: string) => send('participant_profile', { id });
export const interviewSnapshot = (id: string) => send('interview_snapshot', { id });
export const setMemorableQuote = (interviewId: string, highlightId: string | null) =>
  send('set_memorable_quote', { interview_id: interviewId, highlight_id: highlightId });
