//! The API both transports expose: one `Request` variant per use case, handled by one
//! function over `Workspace`. The desktop shell and the HTTP server pass requests through
//! unchanged; the UI's `src/lib/api` is the only client.
//!
//! On the wire a request is `{"cmd": "create_interview", "args": {"input": {…}}}`; the answer
//! is the result as JSON, or `{code, message, field?}` with a stable code.
//!
//! `Request` never names a file on disk: what a transport may send is decided by the types.
//! The use cases that take a path (import, preview and attach a file by path, save a
//! persona's Markdown to a file) are `local::LocalRequest`, which only the desktop shell
//! parses, for paths its user picked; the HTTP server cannot even express them.

use groundwork_core::attachments::Attachment;
use groundwork_core::changes::{Change, UndoScope};
use groundwork_core::coding::HighlightQuery;
use groundwork_core::coding::{HighlightReport, InterviewSnapshot, ParticipantProfile};
use groundwork_core::feedback::{FeedbackPage, FeedbackQuery, StatsBy};
use groundwork_core::model::workshop::*;
use groundwork_core::model::*;
use groundwork_core::personas::*;
use groundwork_core::search::SearchRequest;
use groundwork_core::search::SearchResults;
use groundwork_core::speakers::remap::InterviewSpeaker;
use groundwork_core::speakers::{FileSpeakers, SpeakerProposal, SpeakerTarget};
use groundwork_core::trees::{
    ExportFormat, NodeEvidence, TreeChange, TreeHistory, TreeLayout, TreeOutline,
};
use groundwork_core::workspace::{CheckReport, Stats};
use groundwork_core::{BackupInfo, ErrorBody, Imported, RestoreReport, Workspace};
use serde::Serialize;
use serde_json::Value;

pub mod handoff;
pub mod jobs;
#[macro_use]
pub mod use_case;
// After use_case: LocalRequest is declared with its `use_cases!`.
pub mod local;
#[cfg(feature = "ts")]
pub mod typescript;
pub mod workshop;

use_cases! {
    /// Every use case the UI can ask for, over either transport.
    pub enum Request;

    // workspace
    WorkspaceInfo {} -> WorkspaceInfo = |ws| ws.search_language().map(|search_language| WorkspaceInfo {
        path: ws.root().display().to_string(),
        search_language,
        search_languages: groundwork_core::search::schema::LANGUAGES
            .iter()
            .map(|(code, _)| code.to_string())
            .collect(),
        schema_version: groundwork_core::schema_version(),
        read_only: ws.read_only().map(str::to_string),
        warnings: ws.location_warnings(),
    });
    /// Change the language words are stemmed in (e.g. "en", "de"); rebuilds the index before
    /// answering with the language now in use.
    SetSearchLanguage { language: String } -> String =
        |ws| ws.set_search_language(&language).and_then(|_| ws.search_language());
    Stats {} -> Stats = |ws| ws.stats();
    /// Check the database (integrity, foreign keys, evidence links) and that the search
    /// index agrees with it.
    Check {} -> CheckReport = |ws| ws.check();
    /// Rebuild the search index from the database; answers how many documents it holds.
    RebuildIndex {} -> u64 = |ws| ws.reindex(&|_, _| {}).and_then(|_| ws.stats()).map(|s| s.index_docs);
    Search { request: SearchRequest } -> SearchResults = |ws| ws.search(&request);
    /// The words of each text that a search's `terms` match, as [start, end) character
    /// ranges: the marks the passage an opened hit shows.
    MarkWords { terms: Vec<String>, texts: Vec<String> } -> Vec<Vec<[usize; 2]>> =
        |ws| ws.mark_words(&terms, &texts);

    // the change log: undo and redo of any change, history per object
    /// Undo the newest change in the scope that is not undone yet; answers it.
    Undo { scope: UndoScope } -> Change = |ws| ws.undo(&scope);
    /// Redo the change undone last in the scope; answers it.
    Redo { scope: UndoScope } -> Change = |ws| ws.redo(&scope);
    /// What undo and redo would do next in the scope.
    UndoState { scope: UndoScope } -> UndoState = |ws| ws
        .undo_redo(&scope)
        .map(|(undo, redo)| UndoState { undo, redo });
    /// Changes in the scope, newest first.
    History { scope: UndoScope, limit: usize } -> Vec<Change> = |ws| ws.history(&scope, limit);

    // participants
    ListParticipants {} -> Vec<Participant> = |ws| ws.participants();
    GetParticipant { id: String } -> Participant = |ws| ws.participant(&id);
    CreateParticipant { input: ParticipantInput } -> Participant = |ws| ws.create_participant(&input);
    UpdateParticipant { id: String, input: ParticipantInput } -> Participant =
        |ws| ws.update_participant(&id, &input);

    // interviews and transcripts
    ListInterviews {} -> Vec<Interview> = |ws| ws.interviews();
    GetInterview { id: String } -> Interview = |ws| ws.interview(&id);
    CreateInterview { input: InterviewInput } -> Interview = |ws| ws.create_interview(&input);
    UpdateInterview { id: String, input: InterviewInput } -> Interview =
        |ws| ws.update_interview(&id, &input);
    ListSegments { interview_id: String } -> Vec<Segment> = |ws| ws.segments(&interview_id);
    AddSegments { interview_id: String, segments: Vec<SegmentInput> } -> Vec<Segment> =
        |ws| ws.add_segments(&interview_id, &segments);
    UpdateSegment { id: String, input: SegmentInput } -> Segment = |ws| ws.update_segment(&id, &input);

    // notes
    ListNotes {} -> Vec<Note> = |ws| ws.notes();
    GetNote { id: String } -> Note = |ws| ws.note(&id);
    CreateNote { input: NoteInput } -> Note = |ws| ws.create_note(&input);
    UpdateNote { id: String, input: NoteInput } -> Note = |ws| ws.update_note(&id, &input);

    // codebook
    ListTags {} -> Vec<Tag> = |ws| ws.tags();
    GetTag { id: String } -> Tag = |ws| ws.tag(&id);
    CreateTag { input: TagInput } -> Tag = |ws| ws.create_tag(&input);
    UpdateTag { id: String, input: TagInput } -> Tag = |ws| ws.update_tag(&id, &input);

    // highlights and insights
    ListHighlights {} -> Vec<Highlight> = |ws| ws.highlights();
    ListInterviewHighlights { interview_id: String } -> Vec<Highlight> =
        |ws| ws.interview_highlights(&interview_id);
    ListNoteHighlights { note_id: String } -> Vec<Highlight> = |ws| ws.note_highlights(&note_id);
    /// The live highlights among `ids`, in their order; trashed and unknown ones are left out.
    GetHighlights { ids: Vec<String> } -> Vec<Highlight> = |ws| ws.highlights_by_id(&ids);
    GetHighlight { id: String } -> Highlight = |ws| ws.highlight(&id);
    CreateHighlight { input: HighlightInput } -> Highlight = |ws| ws.create_highlight(&input);
    UpdateHighlight { id: String, input: HighlightInput } -> Highlight =
        |ws| ws.update_highlight(&id, &input);
    ListInsights {} -> Vec<Insight> = |ws| ws.insights();
    GetInsight { id: String } -> Insight = |ws| ws.insight(&id);
    CreateInsight { input: InsightInput } -> Insight = |ws| ws.create_insight(&input);
    UpdateInsight { id: String, input: InsightInput } -> Insight = |ws| ws.update_insight(&id, &input);
    /// Mark an insight published for stakeholders, or not; packs can take only those.
    SetInsightPublished { id: String, published: bool } -> Insight =
        |ws| ws.set_insight_published(&id, published);

    // personas
    ListPersonas {} -> Vec<Persona> = |ws| ws.personas();
    GetPersona { id: String } -> Persona = |ws| ws.persona(&id);
    CreatePersona { input: PersonaInput } -> Persona = |ws| ws.create_persona(&input);
    UpdatePersona { id: String, input: PersonaInput } -> Persona = |ws| ws.update_persona(&id, &input);
    /// Mark a persona published for stakeholders, or not; packs can take only those.
    SetPersonaPublished { id: String, published: bool } -> Persona =
        |ws| ws.set_persona_published(&id, published);
    AddPersonaStatement { persona_id: String, input: PersonaStatementInput } -> Persona =
        |ws| ws.add_persona_statement(&persona_id, &input);
    UpdatePersonaStatement { id: String, input: PersonaStatementInput } -> Persona =
        |ws| ws.update_persona_statement(&id, &input);
    DeletePersonaStatement { id: String } -> Persona = |ws| ws.delete_persona_statement(&id);

    // personas backed by evidence: verdicts, the page, membership, suggested evidence,
    // export and the import preview
    ListPersonaSummaries {} -> Vec<PersonaSummary> = |ws| ws.persona_summaries();
    GetPersonaPage { id: String } -> PersonaPage = |ws| ws.persona_page(&id);
    PersonaEvidenceThreshold {} -> i64 = |ws| ws.persona_evidence_threshold();
    SetPersonaEvidenceThreshold { threshold: i64 } -> i64 =
        |ws| ws.set_persona_evidence_threshold(threshold).map(|_| threshold);
    AssignPersonaParticipant { persona_id: String, participant_id: String } -> PersonaSummary =
        |ws| ws.assign_persona_participant(&persona_id, &participant_id);
    UnassignPersonaParticipant { persona_id: String, participant_id: String } -> PersonaSummary =
        |ws| ws.unassign_persona_participant(&persona_id, &participant_id);
    SuggestPersonaEvidence { statement_id: String, limit: usize } -> Vec<SuggestedEvidence> =
        |ws| ws.suggest_persona_evidence(&statement_id, limit);
    AcceptPersonaSuggestion { statement_id: String, highlight_id: String } -> Persona =
        |ws| ws.accept_persona_suggestion(&statement_id, &highlight_id);
    DismissPersonaSuggestion { statement_id: String, highlight_id: String } -> () =
        |ws| ws.dismiss_persona_suggestion(&statement_id, &highlight_id);
    /// The persona as a Markdown document (a browser downloads it; the desktop app saves it
    /// to the file its user picks, with `save_persona_markdown`).
    PersonaMarkdown { id: String } -> String = |ws| ws.persona_markdown(&id);
    /// What importing this persona Markdown would make; saves nothing.
    PreviewPersonaImport { name: String, text: String } -> PersonaImportPreview =
        |ws| ws.preview_persona_import(&name, text.as_bytes());
    /// Import persona Markdown (after the preview was confirmed).
    ImportPersonas { name: String, text: String } -> Imported =
        |ws| ws.import_personas(&name, text.as_bytes());

    // opportunity solution trees
    ListTrees {} -> Vec<Tree> = |ws| ws.trees();
    GetTree { id: String } -> Tree = |ws| ws.tree(&id);
    CreateTree { input: TreeInput } -> Tree = |ws| ws.create_tree(&input);
    UpdateTree { id: String, input: TreeInput } -> Tree = |ws| ws.update_tree(&id, &input);
    ListTreeNodes { tree_id: String } -> Vec<TreeNode> = |ws| ws.tree_nodes(&tree_id);
    CreateTreeNode { tree_id: String, input: TreeNodeInput } -> TreeNode =
        |ws| ws.create_tree_node(&tree_id, &input);
    UpdateTreeNode { id: String, input: TreeNodeInput } -> TreeNode =
        |ws| ws.update_tree_node(&id, &input);
    /// Re-parent and/or re-order: `parent_id` null = under the outcome; `position` = index
    /// among the new siblings (a large number appends).
    MoveTreeNode { id: String, parent_id: Option<String>, position: i64 } -> TreeNode =
        |ws| ws.move_tree_node(&id, parent_id.as_deref(), position);
    /// The tidy layout shared by the canvas, SVG export and CLI; `collapsed` folds subtrees.
    TreeLayout { tree_id: String, #[serde(default)] collapsed: Vec<String> } -> TreeLayout =
        |ws| ws.tree_layout(&tree_id, &collapsed);
    /// Evidence counts and distinct participants of every node of a tree.
    EvidenceSummary { tree_id: String } -> Vec<NodeEvidence> = |ws| ws.tree_evidence(&tree_id);
    TreeHistory { tree_id: String } -> TreeHistory = |ws| ws.tree_history(&tree_id);
    UndoTree { tree_id: String } -> TreeChange = |ws| ws.undo_tree(&tree_id);
    RedoTree { tree_id: String } -> TreeChange = |ws| ws.redo_tree(&tree_id);
    /// Read a Markdown outline without storing anything; `name` (e.g. the file name) titles
    /// it when the outline does not. Errors name the line.
    PreviewTreeImport { markdown: String, name: Option<String> } -> TreeOutline =
        |ws| ws.preview_tree_import(&markdown, name.as_deref().unwrap_or(""));
    /// Make a new tree from a Markdown outline; `title` overrides the outline's.
    ImportTree { markdown: String, name: Option<String>, title: Option<String> } -> Tree =
        |ws| ws.import_tree(&markdown, name.as_deref().unwrap_or(""), title.as_deref());
    /// The tree as text in `format`.
    ExportTree { tree_id: String, format: ExportFormat } -> String =
        |ws| ws.export_tree(&tree_id, format);

    // evidence
    ListEvidence { from: ObjectRef } -> Vec<Evidence> = |ws| ws.evidence(&from);
    LinkEvidence { from: ObjectRef, to: ObjectRef, comment: String } -> Vec<Evidence> =
        |ws| ws.link_evidence(&from, &to, &comment);
    UnlinkEvidence { from: ObjectRef, to: ObjectRef } -> Vec<Evidence> =
        |ws| ws.unlink_evidence(&from, &to);

    // feedback
    ListFeedback {} -> Vec<FeedbackItem> = |ws| ws.feedback();
    GetFeedback { id: String } -> FeedbackItem = |ws| ws.feedback_item(&id);
    CreateFeedback { input: FeedbackInput } -> FeedbackItem = |ws| ws.create_feedback(&input);
    UpdateFeedback { id: String, input: FeedbackInput } -> FeedbackItem =
        |ws| ws.update_feedback(&id, &input);
    /// A page of the feedback inbox: items matching `query`, newest first.
    QueryFeedback { query: FeedbackQuery, offset: u32, limit: u32 } -> FeedbackPage =
        |ws| ws.query_feedback(&query, offset, limit);
    /// Move items through triage (new → reviewed → linked → closed), as one undoable change.
    SetFeedbackState { ids: Vec<String>, state: FeedbackState } -> Vec<FeedbackItem> =
        |ws| ws.set_feedback_state(&ids, state);
    /// Items per state, NPS and CSAT overall and, with `by`, per segment, source or month.
    FeedbackStats { by: Option<StatsBy> } -> groundwork_core::feedback::FeedbackStats =
        |ws| ws.feedback_stats(by);
    /// What came in per week, the shares triaged, linked and closed, the time to close.
    FeedbackOverview {} -> groundwork_core::feedback::FeedbackOverview =
        |ws| ws.feedback_overview();
    FeedbackTagTrend {} -> groundwork_core::feedback::TagTrend = |ws| ws.feedback_tag_trend();
    ListFeedbackHighlights { feedback_id: String } -> Vec<Highlight> =
        |ws| ws.feedback_highlights(&feedback_id);
    TagFeedback { ids: Vec<String>, tag_ids: Vec<String> } -> Vec<Highlight> =
        |ws| ws.tag_feedback(&ids, &tag_ids);
    MarkNodeShipped { id: String, shipped: bool } -> TreeNode =
        |ws| ws.mark_node_shipped(&id, shipped);
    TellList { node_id: String } -> groundwork_core::feedback::TellList =
        |ws| ws.tell_list(&node_id);
    SetTellTemplate { template: String } -> String = |ws| ws.set_tell_template(&template);
    ExportTellCsv { node_id: String } -> String = |ws| ws.tell_csv(&node_id);
    MarkTold { node_id: String, person_keys: Vec<String> } -> groundwork_core::feedback::TellList =
        |ws| ws.mark_told(&node_id, &person_keys);
    YouSaidWeDid {} -> Vec<groundwork_core::feedback::ShippedChange> = |ws| ws.you_said_we_did();

    // trash
    Trash { kind: ObjectKind, id: String } -> TrashEntry = |ws| ws.trash(kind, &id);
    Restore { kind: ObjectKind, id: String } -> ObjectRef =
        |ws| ws.restore(kind, &id).map(|_| ObjectRef { kind, id });
    ListTrash {} -> Vec<TrashEntry> = |ws| ws.trash_entries();
    /// Deletes everything in the trash for good; answers how many objects went.
    EmptyTrash {} -> usize = |ws| ws.purge_trash(true);


    // Importing a file's bytes goes through the transport (HTTP: POST /api/import); by path,
    // through `LocalRequest` (the desktop app).

    // speakers become people (issue 12): one mapping proposed across the files of an
    // import, and an interview's speakers remapped after it
    /// What each speaker of these files should become; saves nothing.
    ProposeSpeakers { files: Vec<FileSpeakers> } -> Vec<SpeakerProposal> =
        |ws| ws.propose_speakers(&files);
    /// The speaker labels of an interview's transcript and who each is now.
    InterviewSpeakers { interview_id: String } -> Vec<InterviewSpeaker> =
        |ws| ws.interview_speakers(&interview_id);
    /// Remap a speaker of an interview (or, with `everywhere`, the same person's labels in
    /// every interview) to a participant, a new one, the interviewer, or nobody.
    MapSpeaker {
        interview_id: String,
        speaker: String,
        target: SpeakerTarget,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional))]
        everywhere: Option<bool>,
    } -> Vec<InterviewSpeaker> =
        |ws| ws.map_speaker(&interview_id, &speaker, &target, everywhere.unwrap_or(false));
    /// Two participants that are one person: everything of `source_id` moves to `target_id`
    /// and `source_id` goes to the trash.
    MergeParticipants { source_id: String, target_id: String } -> Participant =
        |ws| ws.merge_participants(&source_id, &target_id);

    // attachments: recordings and documents copied into the workspace with an interview
    // (their bytes: HTTP POST /api/attachments, or `LocalRequest::AttachFile` by path)
    ListAttachments { interview_id: String } -> Vec<Attachment> = |ws| ws.attachments(&interview_id);
    RemoveAttachment { id: String } -> Attachment = |ws| ws.remove_attachment(&id);

    // coding: codebook restructuring, the highlights view, participant pages and interview
    // snapshots
    MoveTag { id: String, parent_id: Option<String> } -> Tag = |ws| ws.move_tag(&id, parent_id.as_deref());
    MergeTags { source_id: String, target_id: String } -> Tag = |ws| ws.merge_tags(&source_id, &target_id);
    /// With `reassign_to`, the tag's highlights and children go to that tag; else it goes to
    /// the trash.
    DeleteTag { id: String, reassign_to: Option<String> } -> ObjectRef = |ws| ws
        .delete_tag(&id, reassign_to.as_deref())
        .map(|_| ObjectRef { kind: ObjectKind::Tag, id });
    QueryHighlights { query: HighlightQuery } -> HighlightReport = |ws| ws.query_highlights(&query);
    ParticipantProfile { id: String } -> ParticipantProfile = |ws| ws.participant_profile(&id);
    InterviewSnapshot { id: String } -> InterviewSnapshot = |ws| ws.interview_snapshot(&id);
    SetMemorableQuote { interview_id: String, highlight_id: Option<String> } -> InterviewSnapshot =
        |ws| ws.set_memorable_quote(&interview_id, highlight_id.as_deref());

    // workshops (issue 17): the facilitator's side. The room's phones never reach these: they
    // talk to the workshop's own listener, whose requests are `ParticipantRequest`s.
    ListWorkshops {} -> Vec<Workshop> = |ws| ws.workshops();
    /// A workshop from a recipe; its board seeded with the chosen nodes, highlights, insights.
    CreateWorkshop { input: WorkshopInput } -> Workshop = |ws| ws.create_workshop(&input);
    UpdateWorkshop { id: String, title: String, settings: WorkshopSettings } -> Workshop =
        |ws| ws.update_workshop(&id, &title, &settings);
    /// Everything: every board's groups with notes and totals, and who is in the room.
    WorkshopBoard { id: String } -> WorkshopBoard = |ws| ws.workshop_board(&id);
    /// Go to the next step, or back one (only ±1).
    AdvanceWorkshop { id: String, step: u32 } -> Workshop = |ws| ws.advance_workshop(&id, step);
    SetWorkshopTimer { id: String, action: TimerAction } -> Workshop =
        |ws| ws.set_workshop_timer(&id, action);
    /// Locked: participants can neither write nor vote.
    LockWorkshop { id: String, locked: bool } -> Workshop = |ws| ws.lock_workshop(&id, locked);
    /// The facilitator's own note, on the current step's board.
    AddWorkshopNote { id: String, text: String } -> BoardNote = |ws| ws.add_workshop_note(&id, &text);
    HideWorkshopNote { note_id: String, hidden: bool } -> () =
        |ws| ws.hide_workshop_note(&note_id, hidden);
    DeleteWorkshopNote { note_id: String } -> () = |ws| ws.delete_workshop_note(&note_id);
    /// Put a note into another group of its board; `group_id: null` splits it into its own.
    MoveWorkshopNote { note_id: String, group_id: Option<String> } -> () =
        |ws| ws.move_workshop_note(&note_id, group_id.as_deref());
    RenameWorkshopGroup { group_id: String, title: String } -> () =
        |ws| ws.rename_workshop_group(&group_id, &title);
    /// Effort and impact, 1 to 5 each, for the 2×2.
    SetWorkshopMatrix { group_id: String, effort: Option<u8>, impact: Option<u8> } -> () =
        |ws| ws.set_workshop_matrix(&group_id, effort, impact);
    SetWorkshopRole { participant_id: String, role: SeatRole } -> () =
        |ws| ws.set_workshop_role(&participant_id, role);
    /// Their link stops working and their votes go; their notes stay.
    RemoveWorkshopParticipant { participant_id: String } -> () =
        |ws| ws.remove_workshop_participant(&participant_id);
    /// End for good: the room's listener closes and every participant link stops working.
    EndWorkshop { id: String } -> Workshop = |ws| ws.end_workshop(&id);
    /// Chosen groups become tree nodes or insights with the workshop as their evidence (one
    /// undoable change).
    PromoteWorkshopItems { id: String, group_ids: Vec<String>, target: PromoteTarget } -> Vec<ObjectRef> =
        |ws| ws.promote_workshop_items(&id, &group_ids, &target);
    /// Prioritise-tree: each node's votes written onto it; answers how many nodes.
    WriteBackWorkshopVotes { id: String } -> u32 = |ws| ws.write_back_workshop_votes(&id);
    ExportWorkshop { id: String, format: WorkshopFormat } -> String =
        |ws| ws.export_workshop(&id, format);

    /// The workspace's home: what it holds and what to do next.
    Overview {} -> groundwork_core::overview::Overview = |ws| ws.overview();

    // backups (issue 15): the list, one made now, and restoring one by its name in backups/
    // (a name from the list, never a path)
    ListBackups {} -> Vec<BackupInfo> = |ws| ws.backups();
    BackUpNow {} -> BackupInfo = |ws| ws.backup();
    /// Replace the database with the backup named `name`, keeping the current one as a
    /// backup; the index is rebuilt in the background (searches say so until it is done).
    RestoreBackup { name: String } -> RestoreReport = |ws| ws.restore_backup(&name);
    /// The warning about where the workspace is (`code` from `WorkspaceInfo.warnings`) was
    /// shown: do not show it again for this place. Answers the code.
    AcknowledgeLocationWarning { code: String } -> String =
        |ws| ws.acknowledge_location_warning(&code).map(|_| code);

    // research packs: what an export would hold (counts, what consent leaves out, every
    // redaction), before `export_pack` (a path: the desktop shell and the CLI) writes it
    PreviewPack { request: Box<groundwork_core::pack::PackRequest> } -> groundwork_core::pack::PackPreview =
        |ws| ws.preview_pack(&request);

    // the demo project a new default workspace is seeded with
    HasDemo {} -> bool = |ws| Ok(groundwork_core::demo::has_demo(ws));
    /// Remove every object the demo made (the user's own work stays); answers how many.
    RemoveDemo {} -> usize = |ws| groundwork_core::demo::remove_demo(ws);
}

/// What undo and redo would do next.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UndoState {
    pub undo: Option<Change>,
    pub redo: Option<Change>,
}

/// What the client gets back about the workspace it is talking to.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WorkspaceInfo {
    pub path: String,
    pub search_language: String,
    /// The language codes `set_search_language` accepts.
    pub search_languages: Vec<String>,
    pub schema_version: usize,
    /// Why the workspace is open for reading only (nothing can be changed), when it is.
    pub read_only: Option<String>,
    /// What is worrying about where the workspace is (a sync folder, a network drive) that
    /// has not been shown yet.
    pub warnings: Vec<groundwork_core::LocationWarning>,
}

/// Handle one request.
pub fn handle(ws: &Workspace, req: Request) -> Result<Value, ErrorBody> {
    req.handle(ws)
}

/// Parse a request from JSON; a malformed one is an `invalid` error naming what was wrong.
/// A use case without input may leave `args` out (`{"cmd": "stats"}`).
pub fn parse(body: &[u8]) -> Result<Request, ErrorBody> {
    serde_json::from_slice(body)
        .map_err(malformed)
        .and_then(parse_value)
}

/// [`parse`] for a request already read as JSON (the desktop shell's IPC hands one over), so
/// every transport accepts exactly the same requests.
pub fn parse_value<R: serde::de::DeserializeOwned>(mut value: Value) -> Result<R, ErrorBody> {
    if let Some(request) = value.as_object_mut() {
        request
            .entry("args")
            .or_insert_with(|| Value::Object(Default::default()));
    }
    serde_json::from_value(value).map_err(malformed)
}

pub(crate) fn malformed(e: serde_json::Error) -> ErrorBody {
    ErrorBody {
        code: groundwork_core::ErrorCode::Invalid,
        message: format!("malformed request: {e}"),
        field: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_without_input_need_no_args() {
        assert!(matches!(
            parse(br#"{"cmd":"stats"}"#),
            Ok(Request::Stats {})
        ));
        assert!(matches!(
            parse(br#"{"cmd":"stats","args":{}}"#),
            Ok(Request::Stats {})
        ));
        let e = parse(br#"{"cmd":"no_such_thing"}"#).unwrap_err();
        assert_eq!(e.code, groundwork_core::ErrorCode::Invalid);
        // The desktop shell's IPC parses the same way.
        assert!(matches!(
            parse_value::<Request>(serde_json::json!({"cmd": "stats"})),
            Ok(Request::Stats {})
        ));
    }
}
