//! The API both transports expose: one `Request` variant per use case, handled by one
//! function over `Workspace`. The desktop shell and the HTTP server pass requests through
//! unchanged; the UI's `src/lib/api` is the only client.
//!
//! On the wire a request is `{"cmd": "create_interview", "args": {"input": {…}}}`; the answer
//! is the result as JSON, or `{code, message, field?}` with a stable code.

use groundwork_core::import::ImportAs;
use groundwork_core::model::*;
use groundwork_core::search::SearchRequest;
use groundwork_core::speakers::SpeakerMap;
use groundwork_core::{ErrorBody, Workspace};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::path::PathBuf;

pub mod jobs;
#[cfg(feature = "ts")]
pub mod typescript;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "cmd", content = "args", rename_all = "snake_case")]
pub enum Request {
    // workspace
    WorkspaceInfo,
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

    // import (files on this machine, by path)
    ImportFile {
        path: PathBuf,
        r#as: Option<ImportAs>,
        /// Speakers mapped to participants or the interviewer (see `PreviewFile`).
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional))]
        speakers: Option<SpeakerMap>,
    },
    /// What importing the file would make (kind, title, speakers and their turns); saves nothing.
    PreviewFile {
        path: PathBuf,
        r#as: Option<ImportAs>,
    },
    /// `PreviewFile` for files and folders (walked as an import walks them); files that
    /// cannot be read are left out (their import says why).
    PreviewPaths {
        paths: Vec<PathBuf>,
        r#as: Option<ImportAs>,
    },

    // attachments: recordings and documents copied into the workspace with an interview
    ListAttachments {
        interview_id: String,
    },
    /// Copy a file on this machine into the workspace, attached to the interview.
    AttachFile {
        interview_id: String,
        path: PathBuf,
    },
    RemoveAttachment {
        id: String,
    },

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
    pub schema_version: usize,
}

fn to_json<T: Serialize>(r: groundwork_core::Result<T>) -> Result<Value, ErrorBody> {
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
        WorkspaceInfo => {
            to_json(
                ws.search_language()
                    .map(|search_language| crate::WorkspaceInfo {
                        path: ws.root().display().to_string(),
                        search_language,
                        schema_version: groundwork_core::schema_version(),
                    }),
            )
        }
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

        ListTrees => to_json(ws.trees()),
        GetTree { id } => to_json(ws.tree(&id)),
        CreateTree { input } => to_json(ws.create_tree(&input)),
        UpdateTree { id, input } => to_json(ws.update_tree(&id, &input)),
        ListTreeNodes { tree_id } => to_json(ws.tree_nodes(&tree_id)),
        CreateTreeNode { tree_id, input } => to_json(ws.create_tree_node(&tree_id, &input)),
        UpdateTreeNode { id, input } => to_json(ws.update_tree_node(&id, &input)),

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

        ImportFile {
            path,
            r#as,
            speakers,
        } => to_json(ws.import_file_with(&path, r#as, &speakers.unwrap_or_default())),
        PreviewFile { path, r#as } => to_json(ws.preview_file(&path, r#as)),
        PreviewPaths { paths, r#as } => {
            let (files, _) = jobs::collect(&paths);
            to_json(Ok(files
                .iter()
                .filter_map(|f| ws.preview_file(f, r#as).ok())
                .collect::<Vec<_>>()))
        }

        ListAttachments { interview_id } => to_json(ws.attachments(&interview_id)),
        AttachFile { interview_id, path } => to_json(ws.attach_file(&interview_id, &path)),
        RemoveAttachment { id } => to_json(ws.remove_attachment(&id)),

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
