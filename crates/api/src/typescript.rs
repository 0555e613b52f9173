//! The TypeScript side of the API, generated with ts-rs into `ui/src/lib/api/generated/`:
//! one file per type, `responses.ts` saying what each command answers, and an `index.ts`
//! re-exporting them all. Regenerate with
//! `cargo test -p groundwork_api --features ts export_bindings`; scripts/test.sh fails when
//! the committed files differ from what this writes.

use crate::jobs::{ImportFailure, ImportPaths, ImportReport, JobProgress};
use crate::local::LocalRequest;
use crate::{Request, WorkspaceInfo};
use groundwork_core::attachments::Attachment;
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
use groundwork_core::speakers::{ImportPreview, SpeakerPreview, SpeakerTarget};
use groundwork_core::trees::layout::BoxKind;
use groundwork_core::trees::{
    ExportFormat, LayoutEdge, LayoutNode, NodeEvidence, OutlineNode, TreeAction, TreeChange,
    TreeHistory, TreeLayout, TreeOutline,
};
use groundwork_core::workspace::{CheckReport, SpeakerTurns, Stats};
use groundwork_core::{ErrorBody, ErrorCode, Imported, Progress};
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
    ("preview_persona_import", "PersonaImportPreview"),
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
    ("move_tag", "Tag"),
    ("merge_tags", "Tag"),
    ("delete_tag", "ObjectRef"),
    ("query_highlights", "HighlightReport"),
    ("participant_profile", "ParticipantProfile"),
    ("interview_snapshot", "InterviewSnapshot"),
    ("set_memorable_quote", "InterviewSnapshot"),
    ("list_attachments", "Array<Attachment>"),
    ("remove_attachment", "Attachment"),
    ("overview", "Overview"),
    ("has_demo", "boolean"),
    ("remove_demo", "number"),
];

/// What each `LocalRequest` (the desktop app's requests that name files by path) answers.
pub const LOCAL_RESPONSES: &[(&str, &str)] = &[
    ("import_file", "Imported"),
    ("preview_file", "ImportPreview"),
    ("preview_paths", "Array<ImportPreview>"),
    ("attach_file", "Attachment"),
    ("save_persona_markdown", "string"),
    ("preview_persona_import_file", "PersonaImportPreview"),
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
        ImportPreview,
        Attachment,
        SpeakerPreview,
        SpeakerTarget,
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

    for (name, decl, table) in [
        ("Request", Request::decl(&cfg), RESPONSES),
        ("LocalRequest", LocalRequest::decl(&cfg), LOCAL_RESPONSES),
    ] {
        let cmds = commands(&decl);
        let mapped: BTreeSet<String> = table.iter().map(|(c, _)| c.to_string()).collect();
        if cmds != mapped {
            return Err(format!(
                "the responses table and {name} disagree: missing {:?}, unknown {:?}",
                cmds.difference(&mapped).collect::<Vec<_>>(),
                mapped.difference(&cmds).collect::<Vec<_>>()
            ));
        }
    }
    let listed: BTreeSet<String> = crate::local::COMMANDS
        .iter()
        .map(|c| c.to_string())
        .collect();
    if listed != commands(&LocalRequest::decl(&cfg)) {
        return Err("local::COMMANDS does not list every LocalRequest".into());
    }

    let write = |name: &str, text: String| {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
    };
    write("responses.ts", responses(&names))?;
    names.insert("responses".to_string());

    let mut index = String::from(NOTE);
    for name in &names {
        index.push_str(&format!("export type * from './{name}';\n"));
    }
    write("index.ts", index)?;
    Ok(names.into_iter().collect())
}

/// The `cmd` values of `Request`'s TypeScript declaration.
fn commands(decl: &str) -> BTreeSet<String> {
    decl.split("\"cmd\": \"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

fn responses(names: &BTreeSet<String>) -> String {
    let mut used = BTreeSet::new();
    for (_, ty) in RESPONSES.iter().chain(LOCAL_RESPONSES) {
        let inner = ty.trim_start_matches("Array<").trim_end_matches('>');
        if names.contains(inner) {
            used.insert(inner);
        }
    }
    let mut out = String::from(NOTE);
    for name in &used {
        out.push_str(&format!("import type {{ {name} }} from './{name}';\n"));
    }
    out.push_str("import type { LocalRequest } from './LocalRequest';\n");
    out.push_str("import type { Request } from './Request';\n\n");
    out.push_str(
        "/** What each command answers: `ResponseOf['create_interview']` is `Interview`. */\n",
    );
    out.push_str("export type ResponseOf = {\n");
    for (cmd, ty) in RESPONSES {
        out.push_str(&format!("  {cmd}: {ty};\n"));
    }
    out.push_str("};\n\n");
    out.push_str("/** A command's name: `Request['cmd']`. */\n");
    out.push_str("export type Command = Request['cmd'];\n\n");
    out.push_str("/** The request for one command, e.g. `RequestOf<'get_interview'>`. */\n");
    out.push_str("export type RequestOf<C extends Command> = Extract<Request, { cmd: C }>;\n\n");
    out.push_str("/** What each desktop-only command (a file named by path) answers. */\n");
    out.push_str("export type LocalResponseOf = {\n");
    for (cmd, ty) in LOCAL_RESPONSES {
        out.push_str(&format!("  {cmd}: {ty};\n"));
    }
    out.push_str("};\n\n");
    out.push_str("/** A desktop-only command's name: `LocalRequest['cmd']`. */\n");
    out.push_str("export type LocalCommand = LocalRequest['cmd'];\n\n");
    out.push_str("/** The request for one desktop-only command. */\n");
    out.push_str(
        "export type LocalRequestOf<C extends LocalCommand> = Extract<LocalRequest, { cmd: C }>;\n",
    );
    out
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
            "responses",
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
    fn commands_come_from_the_request_declaration() {
        let cfg = Config::new();
        let cmds = commands(&Request::decl(&cfg));
        assert!(
            cmds.contains("workspace_info") && !cmds.contains("import_file"),
            "{cmds:?}"
        );
        assert_eq!(cmds.len(), RESPONSES.len());
        let local = commands(&LocalRequest::decl(&cfg));
        assert!(local.contains("import_file"), "{local:?}");
        assert_eq!(local.len(), LOCAL_RESPONSES.len());
    }
}
