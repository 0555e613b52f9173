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

use groundwork_core::coding::HighlightQuery;
use groundwork_core::model::*;
use groundwork_core::search::SearchRequest;
use groundwork_core::{ErrorBody, Workspace};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

pub mod jobs;
pub mod local;
#[cfg(feature = "ts")]
pub mod typescript;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "cmd", content = "args", rename_all = "snake_case")]
pub enum Request {
    // workspace
    WorkspaceInfo,
    /// Change the language words are stemmed in (e.g. "en", "de"); rebuilds the index.
    SetSearchLanguage {
        language: String,
    },
    Stats,
    Search {
        request: SearchRequest,
    },

    // participants
    ListParticipants,
    GetParticipant {
        id: String,
    },
    CreateParticipant {
        input: ParticipantInput,
    },
    UpdateParticipant {
        id: String,
        input: ParticipantInput,
    },

    // interviews and transcripts
    ListInterviews,
    GetInterview {
        id: String,
    },
    CreateInterview {
        input: InterviewInput,
    },
    UpdateInterview {
        id: String,
        input: InterviewInput,
    },
    ListSegments {
        interview_id: String,
    },
    AddSegments {
        interview_id: String,
        segments: Vec<SegmentInput>,
    },
    UpdateSegment {
        id: String,
        input: SegmentInput,
    },

    // notes
    ListNotes,
    GetNote {
        id: String,
    },
    CreateNote {
        input: NoteInput,
    },
    UpdateNote {
        id: String,
        input: NoteInput,
    },

    // codebook
    ListTags,
    GetTag {
        id: String,
    },
    CreateTag {
        input: TagInput,
    },
    UpdateTag {
        id: String,
        input: TagInput,
    },

    // highlights and insights
    ListHighlights,
    ListInterviewHighlights {
        interview_id: String,
    },
    GetHighlight {
        id: String,
    },
    CreateHighlight {
        input: HighlightInput,
    },
    UpdateHighlight {
        id: String,
        input: HighlightInput,
    },
    ListInsights,
    GetInsight {
        id: String,
    },
    CreateInsight {
        input: InsightInput,
    },
    UpdateInsight {
        id: String,
        input: InsightInput,
    },

    // personas
    ListPersonas,
    GetPersona {
        id: String,
    },
    CreatePersona {
        input: PersonaInput,
    },
    UpdatePersona {
        id: String,
        input: PersonaInput,
    },
    AddPersonaStatement {
        persona_id: String,
        input: PersonaStatementInput,
    },
    UpdatePersonaStatement {
        id: String,
        input: PersonaStatementInput,
    },
    DeletePersonaStatement {
        id: String,
    },

    // personas backed by evidence (issue 5): verdicts, the page, membership, suggested
    // evidence, undo, export and the import preview
    ListPersonaSummaries,
    GetPersonaPage {
        id: String,
    },
    PersonaEvidenceThreshold,
    SetPersonaEvidenceThreshold {
        threshold: i64,
    },
    AssignPersonaParticipant {
        persona_id: String,
        participant_id: String,
    },
    UnassignPersonaParticipant {
        persona_id: String,
        participant_id: String,
    },
    /// Undo of `delete_persona_statement`: the statement as it was, with its evidence.
    RestorePersonaStatement {
        statement: PersonaStatement,
    },
    SuggestPersonaEvidence {
        statement_id: String,
        limit: usize,
    },
    AcceptPersonaSuggestion {
        statement_id: String,
        highlight_id: String,
    },
    DismissPersonaSuggestion {
        statement_id: String,
        highlight_id: String,
    },
    /// The persona as a Markdown document (a browser downloads it; the desktop app saves
    /// it with `LocalRequest::SavePersonaMarkdown`).
    PersonaMarkdown {
        id: String,
    },
    /// What importing this persona Markdown would make; saves nothing.
    PreviewPersonaImport {
        name: String,
        text: String,
    },
    /// Import persona Markdown (after the preview was confirmed).
    ImportPersonas {
        name: String,
        text: String,
    },

    // opportunity solution trees
    ListTrees,
    GetTree {
        id: String,
    },
    CreateTree {
        input: TreeInput,
    },
    UpdateTree {
        id: String,
        input: TreeInput,
    },
    ListTreeNodes {
        tree_id: String,
    },
    CreateTreeNode {
        tree_id: String,
        input: TreeNodeInput,
    },
    UpdateTreeNode {
        id: String,
        input: TreeNodeInput,
    },
    /// Re-parent and/or re-order: `parent_id` null = under the outcome; `position` = index
    /// among the new siblings (a large number appends).
    MoveTreeNode {
        id: String,
        parent_id: Option<String>,
        position: i64,
    },
    /// The tidy layout shared by the canvas, SVG export and CLI; `collapsed` folds subtrees.
    TreeLayout {
        tree_id: String,
        #[serde(default)]
        collapsed: Vec<String>,
    },
    /// Evidence counts and distinct participants of every node of a tree.
    EvidenceSummary {
        tree_id: String,
    },
    TreeHistory {
        tree_id: String,
    },
    UndoTree {
        tree_id: String,
    },
    RedoTree {
        tree_id: String,
    },
    /// Read a Markdown outline without storing anything; `name` (e.g. the file name) titles
    /// it when the outline does not. Errors name the line.
    PreviewTreeImport {
        markdown: String,
        name: Option<String>,
    },
    /// Make a new tree from a Markdown outline; `title` overrides the outline's.
    ImportTree {
        markdown: String,
        name: Option<String>,
        title: Option<String>,
    },
    /// The tree as text in `format`.
    ExportTree {
        tree_id: String,
        format: groundwork_core::trees::ExportFormat,
    },

    // evidence
    ListEvidence {
        from: ObjectRef,
    },
    LinkEvidence {
        from: ObjectRef,
        to: ObjectRef,
        comment: String,
    },
    UnlinkEvidence {
        from: ObjectRef,
        to: ObjectRef,
    },

    // feedback
    ListFeedback,
    GetFeedback {
        id: String,
    },
    CreateFeedback {
        input: FeedbackInput,
    },
    UpdateFeedback {
        id: String,
        input: FeedbackInput,
    },

    // trash
    Trash {
        kind: ObjectKind,
        id: String,
    },
    Restore {
        kind: ObjectKind,
        id: String,
    },
    ListTrash,
    EmptyTrash,

    // Importing a file's bytes goes through the transport (HTTP: POST /api/import); by path,
    // through `LocalRequest` (the desktop app).

    // attachments: recordings and documents copied into the workspace with an interview
    // (their bytes: HTTP POST /api/attachments, or `LocalRequest::AttachFile` by path)
    ListAttachments {
        interview_id: String,
    },
    RemoveAttachment {
        id: String,
    },

    // coding (issue 4): codebook restructuring, the highlights view, participant pages and
    // interview snapshots
    MoveTag {
        id: String,
        parent_id: Option<String>,
    },
    MergeTags {
        source_id: String,
        target_id: String,
    },
    DeleteTag {
        id: String,
        reassign_to: Option<String>,
    },
    QueryHighlights {
        query: HighlightQuery,
    },
    ParticipantProfile {
        id: String,
    },
    InterviewSnapshot {
        id: String,
    },
    SetMemorableQuote {
        interview_id: String,
        highlight_id: Option<String>,
    },

    /// The workspace's home: what it holds and what to do next.
    Overview,

    // the demo project a new default workspace is seeded with
    HasDemo,
    /// Remove every object the demo made (the user's own work stays); answers how many.
    RemoveDemo,
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
}

pub(crate) fn to_json<T: Serialize>(r: groundwork_core::Result<T>) -> Result<Value, ErrorBody> {
    match r {
        Ok(v) => serde_json::to_value(v).map_err(|e| ErrorBody {
            code: groundwork_core::ErrorCode::Storage,
            message: format!("cannot encode the answer: {e}"),
            field: None,
        }),
        Err(e) => Err(ErrorBody::from(&e)),
    }
}

/// Handle one request.
pub fn handle(ws: &Workspace, req: Request) -> Result<Value, ErrorBody> {
    use Request::*;
    match req {
        WorkspaceInfo => to_json(ws.search_language().map(|search_language| {
            crate::WorkspaceInfo {
                path: ws.root().display().to_string(),
                search_language,
                search_languages: groundwork_core::search::schema::LANGUAGES
                    .iter()
                    .map(|(code, _)| code.to_string())
                    .collect(),
                schema_version: groundwork_core::schema_version(),
            }
        })),
        SetSearchLanguage { language } => to_json(
            ws.set_search_language(&language)
                .and_then(|_| ws.search_language()),
        ),
        Stats => to_json(ws.stats()),
        Search { request } => to_json(ws.search(&request)),

        ListParticipants => to_json(ws.participants()),
        GetParticipant { id } => to_json(ws.participant(&id)),
        CreateParticipant { input } => to_json(ws.create_participant(&input)),
        UpdateParticipant { id, input } => to_json(ws.update_participant(&id, &input)),

        ListInterviews => to_json(ws.interviews()),
        GetInterview { id } => to_json(ws.interview(&id)),
        CreateInterview { input } => to_json(ws.create_interview(&input)),
        UpdateInterview { id, input } => to_json(ws.update_interview(&id, &input)),
        ListSegments { interview_id } => to_json(ws.segments(&interview_id)),
        AddSegments {
            interview_id,
            segments,
        } => to_json(ws.add_segments(&interview_id, &segments)),
        UpdateSegment { id, input } => to_json(ws.update_segment(&id, &input)),

        ListNotes => to_json(ws.notes()),
        GetNote { id } => to_json(ws.note(&id)),
        CreateNote { input } => to_json(ws.create_note(&input)),
        UpdateNote { id, input } => to_json(ws.update_note(&id, &input)),

        ListTags => to_json(ws.tags()),
        GetTag { id } => to_json(ws.tag(&id)),
        CreateTag { input } => to_json(ws.create_tag(&input)),
        UpdateTag { id, input } => to_json(ws.update_tag(&id, &input)),

        ListHighlights => to_json(ws.highlights()),
        ListInterviewHighlights { interview_id } => to_json(ws.interview_highlights(&interview_id)),
        GetHighlight { id } => to_json(ws.highlight(&id)),
        CreateHighlight { input } => to_json(ws.create_highlight(&input)),
        UpdateHighlight { id, input } => to_json(ws.update_highlight(&id, &input)),
        ListInsights => to_json(ws.insights()),
        GetInsight { id } => to_json(ws.insight(&id)),
        CreateInsight { input } => to_json(ws.create_insight(&input)),
        UpdateInsight { id, input } => to_json(ws.update_insight(&id, &input)),

        ListPersonas => to_json(ws.personas()),
        GetPersona { id } => to_json(ws.persona(&id)),
        CreatePersona { input } => to_json(ws.create_persona(&input)),
        UpdatePersona { id, input } => to_json(ws.update_persona(&id, &input)),
        AddPersonaStatement { persona_id, input } => {
            to_json(ws.add_persona_statement(&persona_id, &input))
        }
        UpdatePersonaStatement { id, input } => to_json(ws.update_persona_statement(&id, &input)),
        DeletePersonaStatement { id } => to_json(ws.delete_persona_statement(&id)),

        ListPersonaSummaries => to_json(ws.persona_summaries()),
        GetPersonaPage { id } => to_json(ws.persona_page(&id)),
        PersonaEvidenceThreshold => to_json(ws.persona_evidence_threshold()),
        SetPersonaEvidenceThreshold { threshold } => to_json(
            ws.set_persona_evidence_threshold(threshold)
                .map(|_| threshold),
        ),
        AssignPersonaParticipant {
            persona_id,
            participant_id,
        } => to_json(ws.assign_persona_participant(&persona_id, &participant_id)),
        UnassignPersonaParticipant {
            persona_id,
            participant_id,
        } => to_json(ws.unassign_persona_participant(&persona_id, &participant_id)),
        RestorePersonaStatement { statement } => to_json(ws.restore_persona_statement(&statement)),
        SuggestPersonaEvidence {
            statement_id,
            limit,
        } => to_json(ws.suggest_persona_evidence(&statement_id, limit)),
        AcceptPersonaSuggestion {
            statement_id,
            highlight_id,
        } => to_json(ws.accept_persona_suggestion(&statement_id, &highlight_id)),
        DismissPersonaSuggestion {
            statement_id,
            highlight_id,
        } => to_json(
            ws.dismiss_persona_suggestion(&statement_id, &highlight_id)
                .map(|_| json!({"statement_id": statement_id, "highlight_id": highlight_id})),
        ),
        PersonaMarkdown { id } => to_json(ws.persona_markdown(&id)),
        PreviewPersonaImport { name, text } => {
            to_json(ws.preview_persona_import(&name, text.as_bytes()))
        }
        ImportPersonas { name, text } => to_json(ws.import_personas(&name, text.as_bytes())),

        ListTrees => to_json(ws.trees()),
        GetTree { id } => to_json(ws.tree(&id)),
        CreateTree { input } => to_json(ws.create_tree(&input)),
        UpdateTree { id, input } => to_json(ws.update_tree(&id, &input)),
        ListTreeNodes { tree_id } => to_json(ws.tree_nodes(&tree_id)),
        CreateTreeNode { tree_id, input } => to_json(ws.create_tree_node(&tree_id, &input)),
        UpdateTreeNode { id, input } => to_json(ws.update_tree_node(&id, &input)),
        MoveTreeNode {
            id,
            parent_id,
            position,
        } => to_json(ws.move_tree_node(&id, parent_id.as_deref(), position)),
        TreeLayout { tree_id, collapsed } => to_json(ws.tree_layout(&tree_id, &collapsed)),
        EvidenceSummary { tree_id } => to_json(ws.tree_evidence(&tree_id)),
        TreeHistory { tree_id } => to_json(ws.tree_history(&tree_id)),
        UndoTree { tree_id } => to_json(ws.undo_tree(&tree_id)),
        RedoTree { tree_id } => to_json(ws.redo_tree(&tree_id)),
        PreviewTreeImport { markdown, name } => {
            to_json(ws.preview_tree_import(&markdown, name.as_deref().unwrap_or("")))
        }
        ImportTree {
            markdown,
            name,
            title,
        } => to_json(ws.import_tree(&markdown, name.as_deref().unwrap_or(""), title.as_deref())),
        ExportTree { tree_id, format } => to_json(ws.export_tree(&tree_id, format)),

        ListEvidence { from } => to_json(ws.evidence(&from)),
        LinkEvidence { from, to, comment } => to_json(ws.link_evidence(&from, &to, &comment)),
        UnlinkEvidence { from, to } => to_json(ws.unlink_evidence(&from, &to)),

        ListFeedback => to_json(ws.feedback()),
        GetFeedback { id } => to_json(ws.feedback_item(&id)),
        CreateFeedback { input } => to_json(ws.create_feedback(&input)),
        UpdateFeedback { id, input } => to_json(ws.update_feedback(&id, &input)),

        Trash { kind, id } => to_json(ws.trash(kind, &id)),
        Restore { kind, id } => to_json(
            ws.restore(kind, &id)
                .map(|_| json!({"kind": kind, "id": id})),
        ),
        ListTrash => to_json(ws.trash_entries()),
        EmptyTrash => to_json(ws.purge_trash(true)),

        ListAttachments { interview_id } => to_json(ws.attachments(&interview_id)),
        RemoveAttachment { id } => to_json(ws.remove_attachment(&id)),

        MoveTag { id, parent_id } => to_json(ws.move_tag(&id, parent_id.as_deref())),
        MergeTags {
            source_id,
            target_id,
        } => to_json(ws.merge_tags(&source_id, &target_id)),
        DeleteTag { id, reassign_to } => to_json(
            ws.delete_tag(&id, reassign_to.as_deref())
                .map(|_| json!({"kind": ObjectKind::Tag, "id": id})),
        ),
        QueryHighlights { query } => to_json(ws.query_highlights(&query)),
        ParticipantProfile { id } => to_json(ws.participant_profile(&id)),
        InterviewSnapshot { id } => to_json(ws.interview_snapshot(&id)),
        SetMemorableQuote {
            interview_id,
            highlight_id,
        } => to_json(ws.set_memorable_quote(&interview_id, highlight_id.as_deref())),

        Overview => to_json(ws.overview()),

        HasDemo => to_json(Ok(groundwork_core::demo::has_demo(ws))),
        RemoveDemo => to_json(groundwork_core::demo::remove_demo(ws)),
    }
}

/// Parse a request from JSON; a malformed one is an `invalid` error naming what was wrong.
pub fn parse(body: &[u8]) -> Result<Request, ErrorBody> {
    serde_json::from_slice(body).map_err(|e| ErrorBody {
        code: groundwork_core::ErrorCode::Invalid,
        message: format!("malformed request: {e}"),
        field: None,
    })
}
