//! The TypeScript side of the API, generated with ts-rs into `ui/src/lib/api/generated/`:
//! one file per type, `responses.ts` saying what each command answers, and an `index.ts`
//! re-exporting them all. Regenerate with
//! `cargo test -p groundwork_api --features ts export_bindings`; scripts/test.sh fails when
//! the committed files differ from what this writes.

use crate::jobs::{ImportFailure, ImportPaths, ImportReport, JobProgress, SkippedFile};
use crate::local::LocalRequest;
use crate::use_case::{UseCase, camel_case, snake_case};
use crate::{Request, UndoState, WorkspaceInfo};
use groundwork_core::attachments::Attachment;
use groundwork_core::changes::{Change, Origin, UndoScope};
use groundwork_core::coding::{
    CodedHighlight, HighlightQuery, HighlightReport, InterviewSnapshot, MatrixCell, NamedRef,
    ParticipantCount, ParticipantProfile, SnapshotOpportunity, TagCount,
};
use groundwork_core::import::ImportAs;
use groundwork_core::model::*;
use groundwork_core::overview::{Overview, ToDo, ToDoList};
use groundwork_core::personas::*;
use groundwork_core::search::{
    Agreement, IndexStatus, SearchHit, SearchRequest, SearchResults, Snippet,
};
use groundwork_core::speakers::remap::InterviewSpeaker;
use groundwork_core::speakers::{
    FileSpeakers, ImportPreview, PreviousImport, ProposalReason, SpeakerLink, SpeakerPreview,
    SpeakerProposal, SpeakerTarget,
};
use groundwork_core::trees::layout::BoxKind;
use groundwork_core::trees::{
    ExportFormat, LayoutEdge, LayoutNode, NodeEvidence, OutlineNode, TreeAction, TreeChange,
    TreeHistory, TreeLayout, TreeOutline,
};
use groundwork_core::workspace::{CheckReport, SpeakerTurns, Stats};
use groundwork_core::{
    BackupInfo, BackupReason, ErrorBody, ErrorCode, Imported, LocationWarning, Progress,
    RestoreReport,
};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use ts_rs::{Config, TS};

/// Where the UI keeps the generated types, from this crate's folder.
pub fn default_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/api/generated")
}

/// What each command answers, as TypeScript: `ResponseOf['create_interview']` is `Interview`.
/// A test checks that every `Request` variant is here.
pub const RESPONSES: &[(&str, &str)] = &[
    ("workspace_info", "WorkspaceInfo"),
    ("set_search_language", "string"),
    ("stats", "Stats"),
    ("search", "SearchResults"),
    ("list_participants", "Array<Participant>"),
    ("get_participant", "Participant"),
    ("create_participant", "Participant"),
    ("update_participant", "Participant"),
    ("list_interviews", "Array<Interview>"),
    ("get_interview", "Interview"),
    ("create_interview", "Interview"),
    ("update_interview", "Interview"),
    ("list_segments", "Array<Segment>"),
    ("add_segments", "Array<Segment>"),
    ("update_segment", "Segment"),
    ("list_notes", "Array<Note>"),
    ("get_note", "Note"),
    ("create_note", "Note"),
    ("update_note", "Note"),
    ("list_tags", "Array<Tag>"),
    ("get_tag", "Tag"),
    ("create_tag", "Tag"),
    ("update_tag", "Tag"),
    ("list_highlights", "Array<Highlight>"),
    ("list_interview_highlights", "Array<Highlight>"),
    ("get_highlight", "Highlight"),
    ("create_highlight", "Highlight"),
    ("update_highlight", "Highlight"),
    ("list_insights", "Array<Insight>"),
    ("get_insight", "Insight"),
    ("create_insight", "Insight"),
    ("update_insight", "Insight"),
    ("list_personas", "Array<Persona>"),
    ("get_persona", "Persona"),
    ("create_persona", "Persona"),
    ("update_persona", "Persona"),
    ("add_persona_statement", "Persona"),
    ("update_persona_statement", "Persona"),
    ("delete_persona_statement", "Persona"),
    ("list_persona_summaries", "Array<PersonaSummary>"),
    ("get_persona_page", "PersonaPage"),
    ("persona_evidence_threshold", "number"),
    ("set_persona_evidence_threshold", "number"),
    ("assign_persona_participant", "PersonaSummary"),
    ("unassign_persona_participant", "PersonaSummary"),
    ("restore_persona_statement", "Persona"),
    ("suggest_persona_evidence", "Array<SuggestedEvidence>"),
    ("accept_persona_suggestion", "Persona"),
    (
        "dismiss_persona_suggestion",
        "{ statement_id: string; highlight_id: string }",
    ),
    ("persona_markdown", "string"),
    ("save_persona_markdown", "string"),
    ("preview_persona_import", "PersonaImportPreview"),
    ("preview_persona_import_file", "PersonaImportPreview"),
    ("import_personas", "Imported"),
    ("list_trees", "Array<Tree>"),
    ("get_tree", "Tree"),
    ("create_tree", "Tree"),
    ("update_tree", "Tree"),
    ("list_tree_nodes", "Array<TreeNode>"),
    ("create_tree_node", "TreeNode"),
    ("update_tree_node", "TreeNode"),
    ("move_tree_node", "TreeNode"),
    ("tree_layout", "TreeLayout"),
    ("evidence_summary", "Array<NodeEvidence>"),
    ("tree_history", "TreeHistory"),
    ("undo_tree", "TreeChange"),
    ("redo_tree", "TreeChange"),
    ("preview_tree_import", "TreeOutline"),
    ("import_tree", "Tree"),
    ("export_tree", "string"),
    ("list_evidence", "Array<Evidence>"),
    ("link_evidence", "Array<Evidence>"),
    ("unlink_evidence", "Array<Evidence>"),
    ("list_feedback", "Array<FeedbackItem>"),
    ("get_feedback", "FeedbackItem"),
    ("create_feedback", "FeedbackItem"),
    ("update_feedback", "FeedbackItem"),
    ("trash", "TrashEntry"),
    ("restore", "ObjectRef"),
    ("list_trash", "Array<TrashEntry>"),
    ("empty_trash", "number"),
    ("import_file", "Imported"),
    ("move_tag", "Tag"),
    ("merge_tags", "Tag"),
    ("delete_tag", "ObjectRef"),
    ("query_highlights", "HighlightReport"),
    ("participant_profile", "ParticipantProfile"),
    ("interview_snapshot", "InterviewSnapshot"),
    ("set_memorable_quote", "InterviewSnapshot"),
    ("preview_file", "ImportPreview"),
    ("preview_paths", "Array<ImportPreview>"),
    ("list_attachments", "Array<Attachment>"),
    ("attach_file", "Attachment"),
    ("remove_attachment", "Attachment"),
    ("list_backups", "Array<BackupInfo>"),
    ("back_up_now", "BackupInfo"),
    ("restore_backup", "RestoreReport"),
    ("acknowledge_location_warning", "{ code: string }"),
    ("has_demo", "boolean"),
    ("remove_demo", "number"),
];

const NOTE: &str =
    "// Generated by `cargo test -p groundwork_api --features ts export_bindings`. Do not edit.\n";

/// Write every type that crosses the API into `dir`, replacing the `.ts` files there.
/// Returns the type names written.
pub fn export(dir: &Path) -> Result<Vec<String>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    // Start clean so a type that is gone leaves no file behind.
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|e| e == "ts") {
            std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    // JSON numbers: i64 ids, counts and milliseconds are plain numbers on the wire.
    let cfg = Config::new().with_out_dir(dir).with_large_int("number");

    macro_rules! export_all {
        ($($t:ty),* $(,)?) => {{
            let mut names = BTreeSet::new();
            $(
                <$t as TS>::export_all(&cfg).map_err(|e| format!("{}: {e}", stringify!($t)))?;
                names.insert(<$t as TS>::ident(&cfg));
            )*
            names
        }};
    }
    // Every type is named here, not only the ones reachable from `Request`: answers
    // (Interview, SearchResults, …) are types the UI needs too.
    let mut names = export_all!(
        Request,
        LocalRequest,
        WorkspaceInfo,
        Change,
        Origin,
        UndoScope,
        UndoState,
        BackupInfo,
        BackupReason,
        RestoreReport,
        LocationWarning,
        ImportPreview,
        Attachment,
        SpeakerPreview,
        SpeakerTarget,
        FileSpeakers,
        SpeakerProposal,
        ProposalReason,
        SpeakerLink,
        PreviousImport,
        InterviewSpeaker,
        CueMark,
        SkippedFile,
        ErrorBody,
        ErrorCode,
        ObjectKind,
        ObjectRef,
        Consent,
        InterviewMethod,
        InterviewStatus,
        AnchorState,
        StatementKind,
        NodeKind,
        NodeStatus,
        Participant,
        ParticipantInput,
        Interview,
        InterviewInput,
        Segment,
        SegmentInput,
        Note,
        NoteInput,
        Tag,
        TagInput,
        Highlight,
        HighlightInput,
        Insight,
        InsightInput,
        Persona,
        PersonaInput,
        PersonaStatement,
        PersonaStatementInput,
        PersonaSummary,
        MissingEvidence,
        PersonaPage,
        PersonaEvidence,
        CitingNode,
        SuggestedEvidence,
        StatementLists,
        PreviewPersona,
        PersonaImportPreview,
        Tree,
        TreeInput,
        TreeNode,
        TreeNodeInput,
        NodeDetails,
        TestCategory,
        TreeLayout,
        LayoutNode,
        LayoutEdge,
        BoxKind,
        NodeEvidence,
        TreeHistory,
        TreeChange,
        TreeAction,
        TreeOutline,
        OutlineNode,
        ExportFormat,
        Evidence,
        FeedbackItem,
        FeedbackInput,
        TrashEntry,
        SearchRequest,
        SearchResults,
        SearchHit,
        Snippet,
        IndexStatus,
        Agreement,
        Imported,
        SpeakerTurns,
        Stats,
        CheckReport,
        Progress,
        ImportAs,
        HighlightQuery,
        HighlightReport,
        CodedHighlight,
        TagCount,
        ParticipantCount,
        MatrixCell,
        NamedRef,
        ParticipantProfile,
        SnapshotOpportunity,
        InterviewSnapshot,
        Overview,
        ToDo,
        ToDoList,
        // The desktop shell's import job: its request, report and `job-progress` events.
        ImportPaths,
        ImportReport,
        ImportFailure,
        JobProgress,
    );

    // Dependencies ts-rs exported on its own count too.
    for entry in std::fs::read_dir(dir).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if let (Some(stem), Some("ts")) = (
            path.file_stem().and_then(|s| s.to_str()),
            path.extension().and_then(|s| s.to_str()),
        ) {
            names.insert(stem.to_string());
        }
    }

    let write = |name: &str, text: String| {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
    };
    let mut index = String::from(NOTE);
    for name in &names {
        index.push_str(&format!("export type * from './{name}';\n"));
    }
    write("index.ts", index)?;
    write(
        "client.ts",
        client(&cfg, Request::USE_CASES, &names, "send"),
    )?;
    // The requests that name files by path: only the desktop transport sends them.
    write(
        "local-client.ts",
        client(&cfg, LocalRequest::USE_CASES, &names, "sendLocal"),
    )?;
    names.insert("client".to_string());
    names.insert("local-client".to_string());
    Ok(names.into_iter().collect())
}

/// The UI's typed client: one function per use case, named in camelCase, taking the inputs
/// in declaration order and answering the output type. Requests go through `send` (or, for
/// `LocalRequest`, `sendLocal`, which only the desktop transport carries) in `../send.ts`,
/// the one place that knows the transport.
fn client(cfg: &Config, use_cases: &[UseCase], names: &BTreeSet<String>, send: &str) -> String {
    let mut body = String::new();
    for uc in use_cases {
        let cmd = snake_case(uc.variant);
        let args = (uc.args)(cfg);
        let output = (uc.output)(cfg);
        if !uc.docs.is_empty() {
            body.push_str("/**");
            for line in uc.docs {
                body.push_str(&format!("\n *{line}"));
            }
            body.push_str("\n */\n");
        }
        let params: Vec<String> = args
            .iter()
            .map(|(name, ty)| format!("{}: {ty}", param(name)))
            .collect();
        let fields: Vec<String> = args
            .iter()
            .map(|(name, _)| {
                let wire = name.trim_start_matches("r#");
                if param(name) == wire {
                    wire.to_string()
                } else {
                    format!("{wire}: {}", param(name))
                }
            })
            .collect();
        body.push_str(&format!(
            "export const {} = ({}): Promise<{output}> =>\n  {send}('{cmd}', {{ {} }}) as Promise<{output}>;\n",
            camel_case(&cmd),
            params.join(", "),
            fields.join(", "),
        ));
    }
    // Import exactly the generated types the functions name.
    let used: Vec<&String> = names
        .iter()
        .filter(|n| {
            body.split(|c: char| !c.is_alphanumeric() && c != '_')
                .any(|word| word == n.as_str())
        })
        .collect();
    let mut out = String::from(NOTE);
    out.push_str(&format!("import {{ {send} }} from '../send';\n"));
    for name in used {
        out.push_str(&format!("import type {{ {name} }} from './{name}';\n"));
    }
    out.push('\n');
    out.push_str(&body);
    out
}

/// A TypeScript parameter name for an input field (`r#as` → `as_`, which is reserved).
fn param(field: &str) -> String {
    match field.trim_start_matches("r#") {
        "as" => "as_".to_string(),
        f => camel_case(f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regenerates the committed TypeScript types (into `TS_RS_EXPORT_DIR` when set).
    #[test]
    fn export_bindings() {
        let dir = std::env::var_os("TS_RS_EXPORT_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(default_dir);
        let names = export(&dir).unwrap_or_else(|e| panic!("exporting TypeScript types: {e}"));
        for expected in [
            "Request",
            "Interview",
            "ErrorBody",
            "SearchResults",
            "Imported",
            "client",
        ] {
            assert!(
                names.iter().any(|n| n == expected),
                "{expected} was not exported: {names:?}"
            );
        }
        let request = std::fs::read_to_string(dir.join("Request.ts")).unwrap();
        assert!(
            request.contains("\"cmd\": \"create_interview\""),
            "{request}"
        );
        assert!(
            !request.contains("bigint"),
            "i64 must be a plain number on the wire"
        );
    }

    #[test]
    fn every_use_case_has_a_client_function() {
        let dir = tempfile::tempdir().unwrap();
        export(dir.path()).unwrap();
        let client = std::fs::read_to_string(dir.path().join("client.ts")).unwrap();
        for uc in Request::USE_CASES {
            let cmd = snake_case(uc.variant);
            assert!(
                client.contains(&format!("export const {} = (", camel_case(&cmd))),
                "no client function for {cmd}"
            );
            assert!(client.contains(&format!("send('{cmd}',")), "{cmd}");
        }
        assert!(client.contains(
            "export const createInterview = (input: InterviewInput): Promise<Interview> =>"
        ));
        assert!(client.contains("send('add_segments', { interview_id: interviewId, segments })"));
    }

    /// The path-taking requests get their own client, sent only through `sendLocal`; the
    /// general client has none of them.
    #[test]
    fn local_requests_have_only_a_desktop_client() {
        let dir = tempfile::tempdir().unwrap();
        export(dir.path()).unwrap();
        let client = std::fs::read_to_string(dir.path().join("client.ts")).unwrap();
        let local = std::fs::read_to_string(dir.path().join("local-client.ts")).unwrap();
        let cmds: Vec<String> = LocalRequest::USE_CASES
            .iter()
            .map(|uc| snake_case(uc.variant))
            .collect();
        assert_eq!(cmds, crate::local::COMMANDS);
        for cmd in &cmds {
            assert!(local.contains(&format!("sendLocal('{cmd}',")), "{cmd}");
            assert!(
                !client.contains(&format!("'{cmd}'")),
                "{cmd} in the general client"
            );
        }
    }
}
