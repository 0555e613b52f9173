//! The change log under every write: random sequences of writes of every kind, undone all,
//! leave the database and the search index as they started; redone all, as they ended.

use groundwork_core::changes::{Origin, UndoScope};
use groundwork_core::model::*;
use groundwork_core::{ErrorCode, Workspace};
use proptest::prelude::*;
use rusqlite::{Connection, OpenFlags};

/// Every table that holds someone's work, as rows of text, in a stable order.
fn dump(ws: &Workspace) -> Vec<(String, Vec<String>)> {
    let conn = Connection::open_with_flags(
        ws.root().join("groundwork.sqlite"),
        OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
               AND name NOT IN ('settings', 'index_outbox', 'changes', 'change_objects', 'schema_migrations')
             ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    tables
        .into_iter()
        .map(|t| {
            let mut stmt = conn.prepare(&format!("SELECT * FROM {t}")).unwrap();
            let n = stmt.column_count();
            let mut rows: Vec<String> = stmt
                .query_map([], |r| {
                    Ok((0..n)
                        .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                        .collect::<Vec<_>>()
                        .join("|"))
                })
                .unwrap()
                .map(|r| r.unwrap())
                .collect();
            rows.sort();
            (t, rows)
        })
        .collect()
}

/// What the search index holds: every document's kind and id, from a search for each kind.
fn index_docs(ws: &Workspace) -> (u64, bool) {
    let check = ws.check().unwrap();
    (ws.stats().unwrap().index_docs, check.ok)
}

const VTT: &str = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Dana>Onboarding took us three weeks.\n\n00:00:04.000 --> 00:00:08.000\n<v Sam>Why was that?\n\n00:00:08.000 --> 00:00:12.000\n<v Dana>The bank feed kept failing.\n";

#[derive(Debug, Clone)]
enum Op {
    CreateParticipant(u8),
    UpdateParticipant(u8, u8),
    CreateInterview(u8),
    UpdateInterview(u8, u8),
    ImportTranscript,
    AddSegments(u8),
    UpdateSegment(u8, u8),
    CreateNote(u8),
    UpdateNote(u8, u8),
    CreateTag(u8),
    UpdateTag(u8, u8),
    MoveTag(u8, u8),
    MergeTags(u8, u8),
    DeleteTag(u8),
    CreateHighlight(u8, u8),
    UpdateHighlight(u8, u8),
    CreateInsight(u8),
    LinkEvidence(u8, u8),
    UnlinkEvidence(u8, u8),
    CreatePersona(u8),
    AddStatement(u8, u8),
    UpdateStatement(u8, u8),
    DeleteStatement(u8),
    AssignMember(u8, u8),
    CreateTree(u8),
    AddNode(u8, u8),
    UpdateNode(u8, u8),
    MoveNode(u8, u8),
    CreateFeedback(u8),
    UpdateFeedback(u8, u8),
    Trash(u8, u8),
    Restore(u8),
}

fn op() -> impl Strategy<Value = Op> {
    let a = any::<u8>;
    prop_oneof![
        a().prop_map(Op::CreateParticipant),
        (a(), a()).prop_map(|(x, y)| Op::UpdateParticipant(x, y)),
        a().prop_map(Op::CreateInterview),
        (a(), a()).prop_map(|(x, y)| Op::UpdateInterview(x, y)),
        Just(Op::ImportTranscript),
        a().prop_map(Op::AddSegments),
        (a(), a()).prop_map(|(x, y)| Op::UpdateSegment(x, y)),
        a().prop_map(Op::CreateNote),
        (a(), a()).prop_map(|(x, y)| Op::UpdateNote(x, y)),
        a().prop_map(Op::CreateTag),
        (a(), a()).prop_map(|(x, y)| Op::UpdateTag(x, y)),
        (a(), a()).prop_map(|(x, y)| Op::MoveTag(x, y)),
        (a(), a()).prop_map(|(x, y)| Op::MergeTags(x, y)),
        a().prop_map(Op::DeleteTag),
        (a(), a()).prop_map(|(x, y)| Op::CreateHighlight(x, y)),
        (a(), a()).prop_map(|(x, y)| Op::UpdateHighlight(x, y)),
        a().prop_map(Op::CreateInsight),
        (a(), a()).prop_map(|(x, y)| Op::LinkEvidence(x, y)),
        (a(), a()).prop_map(|(x, y)| Op::UnlinkEvidence(x, y)),
        a().prop_map(Op::CreatePersona),
        (a(), a()).prop_map(|(x, y)| Op::AddStatement(x, y)),
        (a(), a()).prop_map(|(x, y)| Op::UpdateStatement(x, y)),
        a().prop_map(Op::DeleteStatement),
        (a(), a()).prop_map(|(x, y)| Op::AssignMember(x, y)),
        a().prop_map(Op::CreateTree),
        (a(), a()).prop_map(|(x, y)| Op::AddNode(x, y)),
        (a(), a()).prop_map(|(x, y)| Op::UpdateNode(x, y)),
        (a(), a()).prop_map(|(x, y)| Op::MoveNode(x, y)),
        a().prop_map(Op::CreateFeedback),
        (a(), a()).prop_map(|(x, y)| Op::UpdateFeedback(x, y)),
        (a(), a()).prop_map(|(x, y)| Op::Trash(x, y)),
        a().prop_map(Op::Restore),
    ]
}

fn pick<T: Clone>(v: Vec<T>, i: u8) -> Option<T> {
    (!v.is_empty()).then(|| v[i as usize % v.len()].clone())
}

/// Apply one op; writes that the engine refuses (a rule, a missing object) are part of the
/// test too: they must leave no entry behind.
fn apply(ws: &Workspace, op: &Op) {
    let _ = try_apply(ws, op);
}

fn try_apply(ws: &Workspace, op: &Op) -> groundwork_core::Result<()> {
    match *op {
        Op::CreateParticipant(n) => {
            ws.create_participant(&ParticipantInput {
                name: format!("Person {n}"),
                email: format!("p{n}@example.com"),
                ..Default::default()
            })?;
        }
        Op::UpdateParticipant(i, n) => {
            if let Some(p) = pick(ws.participants()?, i) {
                let mut input = p.input.clone();
                input.role = format!("role {n}");
                ws.update_participant(&p.id, &input)?;
            }
        }
        Op::CreateInterview(n) => {
            let people: Vec<String> = ws
                .participants()?
                .into_iter()
                .map(|p| p.id)
                .take(1)
                .collect();
            ws.create_interview(&InterviewInput {
                title: format!("Interview {n}"),
                notes: format!("Notes about the bank feed {n}"),
                participant_ids: people,
                ..Default::default()
            })?;
        }
        Op::UpdateInterview(i, n) => {
            if let Some(iv) = pick(ws.interviews()?, i) {
                let mut input = iv.input.clone();
                input.title = format!("Renamed {n}");
                ws.update_interview(&iv.id, &input)?;
            }
        }
        Op::ImportTranscript => {
            ws.import_bytes("call.vtt", VTT.as_bytes(), None)?;
        }
        Op::AddSegments(i) => {
            if let Some(iv) = pick(ws.interviews()?, i) {
                ws.add_segments(
                    &iv.id,
                    &[SegmentInput {
                        speaker: Some("Dana".into()),
                        participant_id: None,
                        start_ms: Some(20_000),
                        end_ms: Some(21_000),
                        text: "One more thing about invoices.".into(),
                        cues: None,
                    }],
                )?;
            }
        }
        Op::UpdateSegment(i, n) => {
            if let Some(iv) = pick(ws.interviews()?, i)
                && let Some(s) = pick(ws.segments(&iv.id)?, n)
            {
                ws.update_segment(
                    &s.id,
                    &SegmentInput {
                        speaker: s.speaker.clone(),
                        participant_id: s.participant_id.clone(),
                        start_ms: s.start_ms,
                        end_ms: s.end_ms,
                        text: format!("{} (corrected {n})", s.text),
                        cues: None,
                    },
                )?;
            }
        }
        Op::CreateNote(n) => {
            ws.create_note(&NoteInput {
                title: format!("Note {n}"),
                body: "Invoices arrive late".into(),
            })?;
        }
        Op::UpdateNote(i, n) => {
            if let Some(note) = pick(ws.notes()?, i) {
                ws.update_note(
                    &note.id,
                    &NoteInput {
                        title: note.input.title.clone(),
                        body: format!("edited {n}"),
                    },
                )?;
            }
        }
        Op::CreateTag(n) => {
            ws.create_tag(&TagInput {
                name: format!("tag {n}"),
                color: "#336699".into(),
                ..Default::default()
            })?;
        }
        Op::UpdateTag(i, n) => {
            if let Some(t) = pick(ws.tags()?, i) {
                let mut input = t.input.clone();
                input.description = format!("about {n}");
                ws.update_tag(&t.id, &input)?;
            }
        }
        Op::MoveTag(i, j) => {
            let tags = ws.tags()?;
            if let (Some(a), Some(b)) = (pick(tags.clone(), i), pick(tags, j)) {
                ws.move_tag(&a.id, Some(&b.id))?;
            }
        }
        Op::MergeTags(i, j) => {
            let tags = ws.tags()?;
            if let (Some(a), Some(b)) = (pick(tags.clone(), i), pick(tags, j)) {
                ws.merge_tags(&a.id, &b.id)?;
            }
        }
        Op::DeleteTag(i) => {
            if let Some(t) = pick(ws.tags()?, i) {
                ws.delete_tag(&t.id, None)?;
            }
        }
        Op::CreateHighlight(i, t) => {
            if let Some(iv) = pick(ws.interviews()?, i)
                && let Some(s) = pick(ws.segments(&iv.id)?, t)
            {
                let end = s.text.chars().count().min(12) as i64;
                ws.create_highlight(&HighlightInput {
                    interview_id: Some(iv.id.clone()),
                    segment_id: Some(s.id.clone()),
                    start: 0,
                    end,
                    quote: s.text.chars().take(end as usize).collect(),
                    tag_ids: pick(ws.tags()?, t).map(|t| vec![t.id]).unwrap_or_default(),
                    ..Default::default()
                })?;
            }
        }
        Op::UpdateHighlight(i, n) => {
            if let Some(h) = pick(ws.highlights()?, i) {
                let mut input = h.input.clone();
                input.comment = format!("comment {n}");
                ws.update_highlight(&h.id, &input)?;
            }
        }
        Op::CreateInsight(n) => {
            let highlights: Vec<String> =
                ws.highlights()?.into_iter().map(|h| h.id).take(2).collect();
            ws.create_insight(&InsightInput {
                title: format!("Insight {n}"),
                body: "Bank feeds break onboarding".into(),
                highlight_ids: highlights,
            })?;
        }
        Op::LinkEvidence(i, h) | Op::UnlinkEvidence(i, h) => {
            if let (Some(ins), Some(hl)) = (pick(ws.insights()?, i), pick(ws.highlights()?, h)) {
                let from = ObjectRef {
                    kind: ObjectKind::Insight,
                    id: ins.id,
                };
                let to = ObjectRef {
                    kind: ObjectKind::Highlight,
                    id: hl.id,
                };
                if matches!(op, Op::LinkEvidence(..)) {
                    ws.link_evidence(&from, &to, "")?;
                } else {
                    ws.unlink_evidence(&from, &to)?;
                }
            }
        }
        Op::CreatePersona(n) => {
            ws.create_persona(&PersonaInput {
                name: format!("Persona {n}"),
                ..Default::default()
            })?;
        }
        Op::AddStatement(i, n) => {
            if let Some(p) = pick(ws.personas()?, i) {
                ws.add_persona_statement(
                    &p.id,
                    &PersonaStatementInput {
                        kind: StatementKind::Pain,
                        text: format!("Bank feeds fail {n}"),
                    },
                )?;
            }
        }
        Op::UpdateStatement(i, n) => {
            if let Some(p) = pick(ws.personas()?, i)
                && let Some(s) = pick(p.statements.clone(), n)
            {
                ws.update_persona_statement(
                    &s.id,
                    &PersonaStatementInput {
                        kind: StatementKind::Goal,
                        text: format!("Close the books {n}"),
                    },
                )?;
            }
        }
        Op::DeleteStatement(i) => {
            if let Some(p) = pick(ws.personas()?, i)
                && let Some(s) = pick(p.statements.clone(), i)
            {
                ws.delete_persona_statement(&s.id)?;
            }
        }
        Op::AssignMember(i, j) => {
            if let (Some(p), Some(m)) = (pick(ws.personas()?, i), pick(ws.participants()?, j)) {
                ws.assign_persona_participant(&p.id, &m.id)?;
            }
        }
        Op::CreateTree(n) => {
            ws.create_tree(&TreeInput {
                title: format!("Outcome {n}"),
                ..Default::default()
            })?;
        }
        Op::AddNode(i, n) => {
            if let Some(t) = pick(ws.trees()?, i) {
                let parent = pick(ws.tree_nodes(&t.id)?, n)
                    .filter(|p| p.input.kind == NodeKind::Opportunity)
                    .map(|p| p.id);
                ws.create_tree_node(
                    &t.id,
                    &TreeNodeInput {
                        kind: if parent.is_some() && n % 2 == 0 {
                            NodeKind::Solution
                        } else {
                            NodeKind::Opportunity
                        },
                        parent_id: parent,
                        title: format!("Node {n}"),
                        position: i64::from(n % 3),
                        ..Default::default()
                    },
                )?;
            }
        }
        Op::UpdateNode(i, n) => {
            if let Some(t) = pick(ws.trees()?, i)
                && let Some(node) = pick(ws.tree_nodes(&t.id)?, n)
            {
                let mut input = node.input.clone();
                input.title = format!("Node renamed {n}");
                ws.update_tree_node(&node.id, &input)?;
            }
        }
        Op::MoveNode(i, n) => {
            if let Some(t) = pick(ws.trees()?, i) {
                let nodes = ws.tree_nodes(&t.id)?;
                if let (Some(a), Some(b)) = (pick(nodes.clone(), n), pick(nodes, n / 2)) {
                    ws.move_tree_node(&a.id, Some(&b.id), 0)?;
                }
            }
        }
        Op::CreateFeedback(n) => {
            ws.create_feedback(&FeedbackInput {
                source: "survey".into(),
                customer: format!("c{n}"),
                score: Some(f64::from(n % 11)),
                text: format!("The export is slow {n}"),
                received_at: None,
                ..Default::default()
            })?;
        }
        Op::UpdateFeedback(i, n) => {
            if let Some(f) = pick(ws.feedback()?, i) {
                let mut input = f.input.clone();
                input.text = format!("edited {n}");
                ws.update_feedback(&f.id, &input)?;
            }
        }
        Op::Trash(k, i) => {
            let kinds = [
                ObjectKind::Participant,
                ObjectKind::Interview,
                ObjectKind::Note,
                ObjectKind::Highlight,
                ObjectKind::Insight,
                ObjectKind::Persona,
                ObjectKind::Tree,
                ObjectKind::TreeNode,
                ObjectKind::Feedback,
            ];
            let kind = kinds[k as usize % kinds.len()];
            let ids: Vec<String> = match kind {
                ObjectKind::Participant => ws.participants()?.into_iter().map(|x| x.id).collect(),
                ObjectKind::Interview => ws.interviews()?.into_iter().map(|x| x.id).collect(),
                ObjectKind::Note => ws.notes()?.into_iter().map(|x| x.id).collect(),
                ObjectKind::Highlight => ws.highlights()?.into_iter().map(|x| x.id).collect(),
                ObjectKind::Insight => ws.insights()?.into_iter().map(|x| x.id).collect(),
                ObjectKind::Persona => ws.personas()?.into_iter().map(|x| x.id).collect(),
                ObjectKind::Tree => ws.trees()?.into_iter().map(|x| x.id).collect(),
                ObjectKind::TreeNode => {
                    let mut v = Vec::new();
                    for t in ws.trees()? {
                        v.extend(ws.tree_nodes(&t.id)?.into_iter().map(|n| n.id));
                    }
                    v
                }
                _ => ws.feedback()?.into_iter().map(|x| x.id).collect(),
            };
            if let Some(id) = pick(ids, i) {
                ws.trash(kind, &id)?;
            }
        }
        Op::Restore(i) => {
            if let Some(e) = pick(ws.trash_entries()?, i) {
                ws.restore(e.kind, &e.id)?;
            }
        }
    }
    Ok(())
}

fn undo_all(ws: &Workspace) -> usize {
    let mut n = 0;
    loop {
        match ws.undo(&UndoScope::Mine) {
            Ok(_) => n += 1,
            Err(e) => {
                assert_eq!(e.code, ErrorCode::Conflict, "{}", e.message);
                assert_eq!(
                    e.message, "nothing to undo",
                    "undo stopped early: {}",
                    e.message
                );
                return n;
            }
        }
    }
}

fn redo_all(ws: &Workspace) -> usize {
    let mut n = 0;
    loop {
        match ws.redo(&UndoScope::Mine) {
            Ok(_) => n += 1,
            Err(e) => {
                assert_eq!(
                    e.message, "nothing to redo",
                    "redo stopped early: {}",
                    e.message
                );
                return n;
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn undoing_every_write_restores_the_start_and_redoing_them_the_end(ops in prop::collection::vec(op(), 1..40)) {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::init(&dir.path().join("ws")).unwrap();
        let start = dump(&ws);
        let start_index = index_docs(&ws);
        for op in &ops {
            apply(&ws, op);
        }
        let end = dump(&ws);
        let end_index = index_docs(&ws);
        prop_assert!(end_index.1, "the index agrees with the store after the writes");
        let undone = undo_all(&ws);
        prop_assert_eq!(&dump(&ws), &start, "after undoing {} changes", undone);
        prop_assert_eq!(index_docs(&ws), start_index);
        let redone = redo_all(&ws);
        prop_assert_eq!(redone, undone);
        prop_assert_eq!(&dump(&ws), &end, "after redoing {} changes", redone);
        prop_assert_eq!(index_docs(&ws), end_index);
    }
}

#[test]
fn an_import_is_one_undoable_entry_that_names_the_interview_not_every_passage() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::init(&dir.path().join("ws")).unwrap();
    let imported = ws.import_bytes("call.vtt", VTT.as_bytes(), None).unwrap();
    let history = ws.history(&UndoScope::Mine, 10).unwrap();
    assert_eq!(history.len(), 1);
    let entry = &history[0];
    assert_eq!(entry.origin, Origin::Import);
    assert_eq!(entry.op, "import_file");
    assert!(entry.objects.iter().any(|o| o.id == imported.id));
    // Ctrl+Z takes the whole import back, passages and all, and Ctrl+Shift+Z brings it back.
    ws.undo(&UndoScope::Mine).unwrap();
    assert!(ws.interviews().unwrap().is_empty());
    ws.redo(&UndoScope::Mine).unwrap();
    assert_eq!(ws.segments(&imported.id).unwrap().len(), 3);
    assert!(ws.check().unwrap().ok);
}

/// The history and the Undo toast name what the user did: an import that made people along
/// the way is "Imported interview …", not "Imported participant …".
#[test]
fn an_import_that_makes_participants_is_summed_up_by_its_interview() {
    use groundwork_core::speakers::{SpeakerMap, SpeakerTarget};
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::init(&dir.path().join("ws")).unwrap();
    let new = |name: &str| SpeakerTarget::NewParticipant {
        name: name.into(),
        company: None,
    };
    let map: SpeakerMap = [
        ("Dana".to_string(), new("Dana Reyes")),
        ("Sam".to_string(), new("Sam Park")),
    ]
    .into_iter()
    .collect();
    ws.import_bytes_with("call.vtt", VTT.as_bytes(), None, &map)
        .unwrap();
    assert_eq!(ws.participants().unwrap().len(), 2);
    let entry = ws.history(&UndoScope::Mine, 1).unwrap().remove(0);
    assert_eq!(
        entry.summary,
        "Imported interview “call” and 2 participants"
    );

    // A highlight is named by itself, not by the interview it only points into.
    let iv = ws.interviews().unwrap().remove(0);
    let seg = ws.segments(&iv.id).unwrap().remove(0);
    ws.create_highlight(&HighlightInput {
        interview_id: Some(iv.id.clone()),
        segment_id: Some(seg.id.clone()),
        start: 0,
        end: 10,
        quote: "Onboarding".into(),
        ..Default::default()
    })
    .unwrap();
    let entry = ws.history(&UndoScope::Mine, 1).unwrap().remove(0);
    assert_eq!(entry.summary, "Added highlight “Onboarding”");
}

#[test]
fn undo_refuses_to_take_with_it_what_was_made_since_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::init(&dir.path().join("ws")).unwrap();
    let imported = ws.import_bytes("call.vtt", VTT.as_bytes(), None).unwrap();
    let seg = ws.segments(&imported.id).unwrap().remove(0);
    let h = ws
        .create_highlight(&HighlightInput {
            interview_id: Some(imported.id.clone()),
            segment_id: Some(seg.id.clone()),
            start: 0,
            end: 10,
            quote: "Onboarding".into(),
            ..Default::default()
        })
        .unwrap();
    // Undo the import while the highlight exists: scoped to the interview's history.
    let scope = UndoScope::Object {
        object: ObjectRef {
            kind: ObjectKind::Interview,
            id: imported.id.clone(),
        },
    };
    let before = dump(&ws);
    let e = ws.undo(&scope).unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert!(e.message.contains("highlights"), "{}", e.message);
    assert_eq!(dump(&ws), before, "a refused undo changes nothing");
    assert_eq!(ws.highlight(&h.id).unwrap().input.quote, "Onboarding");
}

#[test]
fn an_undo_whose_after_no_longer_matches_says_why_and_stops() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::init(&dir.path().join("ws")).unwrap();
    let n = ws
        .create_note(&NoteInput {
            title: "Plan".into(),
            body: "v1".into(),
        })
        .unwrap();
    ws.update_note(
        &n.id,
        &NoteInput {
            title: "Plan".into(),
            body: "v2".into(),
        },
    )
    .unwrap();
    // Changed outside the log's view (another program on the file).
    Connection::open(ws.root().join("groundwork.sqlite"))
        .unwrap()
        .execute(
            "UPDATE notes SET body = 'edited elsewhere' WHERE id = ?1",
            [&n.id],
        )
        .unwrap();
    let before = dump(&ws);
    let e = ws.undo(&UndoScope::Mine).unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert_eq!(
        e.message,
        "“Edited note “Plan”” cannot be undone: note “Plan” was changed since"
    );
    assert_eq!(dump(&ws), before, "a refused undo changes nothing");
    // The history says what happened to the note, newest first.
    let history = ws
        .history(
            &UndoScope::Object {
                object: ObjectRef {
                    kind: ObjectKind::Note,
                    id: n.id.clone(),
                },
            },
            10,
        )
        .unwrap();
    let lines: Vec<(&str, Origin)> = history
        .iter()
        .map(|c| (c.summary.as_str(), c.origin))
        .collect();
    assert_eq!(
        lines,
        [
            ("Edited note “Plan”", Origin::App),
            ("Added note “Plan”", Origin::App)
        ]
    );
}

/// A toast's Undo takes back the change it announced, even when others came after it, and a
/// newer change to the same rows makes it a conflict that says why.
#[test]
fn one_entry_is_undone_and_redone_by_its_seq() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::init(&dir.path().join("ws")).unwrap();
    let note = |title: &str, body: &str| NoteInput {
        title: title.into(),
        body: body.into(),
    };
    let plan = ws.create_note(&note("Plan", "v1")).unwrap();
    let added = ws.history(&UndoScope::Mine, 1).unwrap().remove(0);
    let other = ws.create_note(&note("Other", "x")).unwrap();

    // The older entry goes; the newer one stays.
    let scope = UndoScope::Change { seq: added.seq };
    let undone = ws.undo(&scope).unwrap();
    assert_eq!(undone.summary, "Added note “Plan”");
    assert!(ws.note(&plan.id).is_err());
    assert!(ws.note(&other.id).is_ok());
    let e = ws.undo(&scope).unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert_eq!(e.message, "“Added note “Plan”” is already undone");
    ws.redo(&scope).unwrap();
    assert_eq!(ws.note(&plan.id).unwrap().input.body, "v1");
    let e = ws.redo(&scope).unwrap_err();
    assert_eq!(e.message, "“Added note “Plan”” is not undone");

    // An edit, then another edit of the same note: the first cannot be undone alone.
    ws.update_note(&plan.id, &note("Plan", "v2")).unwrap();
    let edited = ws.history(&UndoScope::Mine, 1).unwrap().remove(0);
    ws.update_note(&plan.id, &note("Plan", "v3")).unwrap();
    let before = dump(&ws);
    let e = ws.undo(&UndoScope::Change { seq: edited.seq }).unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert_eq!(
        e.message,
        "“Edited note “Plan”” cannot be undone: note “Plan” was changed since"
    );
    assert_eq!(dump(&ws), before, "a refused undo changes nothing");

    // An undo entry is not itself a target; an unknown seq is not found.
    let undo_entry = ws.undo(&UndoScope::Mine).unwrap();
    assert_eq!(undo_entry.summary, "Edited note “Plan”");
    let last = ws
        .undo_redo(&UndoScope::Mine)
        .unwrap()
        .1
        .expect("redo is offered");
    assert_eq!(last.seq, undo_entry.seq);
    let e = ws.undo(&UndoScope::Change { seq: 999_999 }).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
}

/// Redoing a merge of a tag that had children: the replayed delete of the merged tag must not
/// cascade onto the children the same change moved to the other tag. SQLite orders a
/// changeset's rows its own way (by a hash of their keys), so it is tried on many merges.
#[test]
fn a_merge_of_a_tag_with_children_is_undone_and_redone() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::init(&dir.path().join("ws")).unwrap();
    let tag = |name: String, parent: Option<&str>| {
        ws.create_tag(&TagInput {
            name,
            parent_id: parent.map(str::to_string),
            ..Default::default()
        })
        .unwrap()
    };
    for i in 0..24 {
        let source = tag(format!("Source {i}"), None);
        let child = tag(format!("Child {i}"), Some(&source.id));
        let target = tag(format!("Target {i}"), None);
        ws.merge_tags(&source.id, &target.id).unwrap();
        ws.undo(&UndoScope::Mine).unwrap();
        assert_eq!(
            ws.tag(&child.id).unwrap().input.parent_id.as_deref(),
            Some(source.id.as_str())
        );
        ws.redo(&UndoScope::Mine)
            .unwrap_or_else(|e| panic!("merge {i}: {}", e.message));
        assert_eq!(
            ws.tag(&child.id).unwrap().input.parent_id.as_deref(),
            Some(target.id.as_str())
        );
        assert!(ws.tag(&source.id).is_err());
    }
    assert!(ws.check().unwrap().ok);
}
