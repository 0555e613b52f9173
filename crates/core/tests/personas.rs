//! Personas backed by evidence, end to end on a temp workspace: strength counts distinct
//! participants, "proto" until every statement meets the threshold, membership, the page,
//! suggested evidence with dismissals, undo of a deleted statement, Markdown export and
//! the import preview (on the real corpus too).

use groundwork_core::changes::UndoScope;
use groundwork_core::model::*;
use groundwork_core::search::SearchRequest;
use groundwork_core::{ErrorCode, Workspace};

mod common;
use common::{corpus, new_ws};

fn participant(ws: &Workspace, name: &str) -> Participant {
    ws.create_participant(&ParticipantInput {
        name: name.into(),
        ..Default::default()
    })
    .unwrap()
}

/// An interview in which each (participant, line) is one transcript segment; returns the
/// interview and one highlight per line (the whole line).
fn interview_with_highlights(
    ws: &Workspace,
    title: &str,
    lines: &[(Option<&Participant>, &str)],
) -> (Interview, Vec<Highlight>) {
    let iv = ws
        .create_interview(&InterviewInput {
            title: title.into(),
            participant_ids: lines
                .iter()
                .filter_map(|(p, _)| p.map(|p| p.id.clone()))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect(),
            ..Default::default()
        })
        .unwrap();
    let segs = ws
        .add_segments(
            &iv.id,
            &lines
                .iter()
                .map(|(p, text)| SegmentInput {
                    speaker: Some(p.map_or("Someone".into(), |p| p.input.name.clone())),
                    participant_id: p.map(|p| p.id.clone()),
                    text: (*text).into(),
                    ..Default::default()
                })
                .collect::<Vec<_>>(),
        )
        .unwrap();
    let hs = segs
        .iter()
        .map(|s| {
            ws.create_highlight(&HighlightInput {
                interview_id: Some(iv.id.clone()),
                segment_id: Some(s.id.clone()),
                quote: s.text.clone(),
                ..Default::default()
            })
            .unwrap()
        })
        .collect();
    (iv, hs)
}

fn persona(ws: &Workspace, name: &str) -> Persona {
    ws.create_persona(&PersonaInput {
        name: name.into(),
        role: "Finance lead".into(),
        ..Default::default()
    })
    .unwrap()
}

fn statement(ws: &Workspace, persona_id: &str, kind: StatementKind, text: &str) -> String {
    let p = ws
        .add_persona_statement(
            persona_id,
            &PersonaStatementInput {
                kind,
                text: text.into(),
            },
        )
        .unwrap();
    p.statements
        .iter()
        .find(|s| s.text == text)
        .unwrap()
        .id
        .clone()
}

fn link(ws: &Workspace, statement_id: &str, highlight_id: &str) {
    ws.link_evidence(
        &ObjectRef {
            kind: ObjectKind::PersonaStatement,
            id: statement_id.into(),
        },
        &ObjectRef {
            kind: ObjectKind::Highlight,
            id: highlight_id.into(),
        },
        "",
    )
    .unwrap();
}

fn strength(ws: &Workspace, persona_id: &str, statement_id: &str) -> i64 {
    ws.persona(persona_id)
        .unwrap()
        .statements
        .iter()
        .find(|s| s.id == statement_id)
        .unwrap()
        .strength
}

#[test]
fn strength_counts_distinct_participants_not_highlights() {
    let (_d, ws) = new_ws();
    let ann = participant(&ws, "Ann");
    let bo = participant(&ws, "Bo");
    let (_, a) = interview_with_highlights(
        &ws,
        "Ann and Bo",
        &[
            (Some(&ann), "Exports take me two days every month."),
            (Some(&ann), "Again the export broke on Friday."),
            (Some(&bo), "I export to Excel and fix it by hand."),
            (None, "The moderator asks about exports."),
        ],
    );
    let p = persona(&ws, "Finance Fiona");
    let s = statement(&ws, &p.id, StatementKind::Pain, "Exports are slow");

    link(&ws, &s, &a[0].id);
    assert_eq!(strength(&ws, &p.id, &s), 1);
    // A second highlight from the same participant counts once.
    link(&ws, &s, &a[1].id);
    assert_eq!(strength(&ws, &p.id, &s), 1);
    // A highlight nobody can be named for (two people in the interview, no speaker id)
    // adds nothing.
    link(&ws, &s, &a[3].id);
    assert_eq!(strength(&ws, &p.id, &s), 1);
    // Another participant does.
    link(&ws, &s, &a[2].id);
    assert_eq!(strength(&ws, &p.id, &s), 2);
    assert_eq!(
        ws.persona(&p.id).unwrap().statements[0].highlight_ids.len(),
        4
    );

    // Unlinking Bo's highlight, or trashing it, takes the strength back down.
    ws.trash(ObjectKind::Highlight, &a[2].id).unwrap();
    assert_eq!(strength(&ws, &p.id, &s), 1);
    ws.restore(ObjectKind::Highlight, &a[2].id).unwrap();
    assert_eq!(strength(&ws, &p.id, &s), 2);
}

#[test]
fn a_highlight_without_a_speaker_counts_for_the_only_participant_of_its_interview() {
    let (_d, ws) = new_ws();
    let cy = participant(&ws, "Cy");
    let iv = ws
        .create_interview(&InterviewInput {
            title: "Cy's notes".into(),
            notes: "Cy said invoices pile up at month end.".into(),
            participant_ids: vec![cy.id.clone()],
            ..Default::default()
        })
        .unwrap();
    let h = ws
        .create_highlight(&HighlightInput {
            interview_id: Some(iv.id.clone()),
            quote: "invoices pile up at month end".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(h.participant_id, None);
    let p = persona(&ws, "P");
    let s = statement(&ws, &p.id, StatementKind::Pain, "Invoices pile up");
    link(&ws, &s, &h.id);
    assert_eq!(strength(&ws, &p.id, &s), 1);

    // With a second participant in the interview it is no longer clear who said it.
    let dee = participant(&ws, "Dee");
    ws.update_interview(
        &iv.id,
        &InterviewInput {
            participant_ids: vec![cy.id.clone(), dee.id.clone()],
            ..iv.input.clone()
        },
    )
    .unwrap();
    assert_eq!(strength(&ws, &p.id, &s), 0);
}

#[test]
fn proto_until_every_statement_meets_the_threshold_and_says_what_is_missing() {
    let (_d, ws) = new_ws();
    let ann = participant(&ws, "Ann");
    let bo = participant(&ws, "Bo");
    let (_, a) = interview_with_highlights(
        &ws,
        "one",
        &[
            (Some(&ann), "I want month end closed in a day."),
            (Some(&bo), "Closing the month faster is my goal."),
            (Some(&ann), "Reconciliation is manual and painful."),
        ],
    );
    let p = persona(&ws, "Finance Fiona");
    assert_eq!(ws.persona_evidence_threshold().unwrap(), 2);

    // No statements: proto, and it says so.
    let sum = ws.persona_summary(&p.id).unwrap();
    assert!(sum.proto);
    assert!(sum.missing.is_empty());
    assert!(sum.message.contains("no statements yet"), "{}", sum.message);

    let goal = statement(&ws, &p.id, StatementKind::Goal, "Close the month in a day");
    let pain = statement(&ws, &p.id, StatementKind::Pain, "Reconciliation is manual");
    link(&ws, &goal, &a[0].id);
    link(&ws, &goal, &a[1].id);
    link(&ws, &pain, &a[2].id);

    let sum = ws.persona_summary(&p.id).unwrap();
    assert!(sum.proto);
    assert_eq!(sum.threshold, 2);
    assert_eq!(sum.missing.len(), 1);
    let m = &sum.missing[0];
    assert_eq!(
        (m.statement_id.as_str(), m.kind, m.strength, m.short_by),
        (pain.as_str(), StatementKind::Pain, 1, 1)
    );
    assert!(sum.message.contains("1 statement of 2"), "{}", sum.message);

    // Lowering the threshold to one participant makes it evidence-backed …
    ws.set_persona_evidence_threshold(1).unwrap();
    let sum = ws.persona_summary(&p.id).unwrap();
    assert!(!sum.proto, "{}", sum.message);
    assert!(sum.message.starts_with("Evidence-backed"));
    // … raising it to three makes both statements short, by 1 and 2.
    ws.set_persona_evidence_threshold(3).unwrap();
    let sum = ws.persona_summaries().unwrap().remove(0);
    let short: Vec<i64> = sum.missing.iter().map(|m| m.short_by).collect();
    assert_eq!(short, [1, 2]);
    let e = ws.set_persona_evidence_threshold(0).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("threshold"));
    ws.set_persona_evidence_threshold(2).unwrap();

    // Bo backs the pain too: every statement has two participants.
    let (_, b) = interview_with_highlights(
        &ws,
        "two",
        &[(Some(&bo), "I reconcile by hand in a spreadsheet.")],
    );
    link(&ws, &pain, &b[0].id);
    let sum = ws.persona_summary(&p.id).unwrap();
    assert!(!sum.proto, "{}", sum.message);
    assert!(sum.missing.is_empty());
}

#[test]
fn membership_assign_unassign_and_the_persona_page() {
    let (_d, ws) = new_ws();
    let ann = participant(&ws, "Ann");
    let bo = participant(&ws, "Bo");
    let (iv1, a) = interview_with_highlights(
        &ws,
        "Ann's interview",
        &[(Some(&ann), "Exports take me two days.")],
    );
    let (iv2, _) =
        interview_with_highlights(&ws, "Bo's interview", &[(Some(&bo), "I like the app.")]);
    let p = persona(&ws, "Finance Fiona");
    let s = statement(&ws, &p.id, StatementKind::Pain, "Exports are slow");
    link(&ws, &s, &a[0].id);

    let sum = ws.assign_persona_participant(&p.id, &ann.id).unwrap();
    assert_eq!(
        sum.persona.input.participant_ids,
        std::slice::from_ref(&ann.id)
    );
    // Assigning twice changes nothing.
    ws.assign_persona_participant(&p.id, &ann.id).unwrap();
    ws.assign_persona_participant(&p.id, &bo.id).unwrap();

    let page = ws.persona_page(&p.id).unwrap();
    let members: Vec<&str> = page.members.iter().map(|m| m.input.name.as_str()).collect();
    assert_eq!(members, ["Ann", "Bo"]);
    let mut interviews: Vec<&str> = page.interviews.iter().map(|i| i.id.as_str()).collect();
    interviews.sort();
    let mut want = vec![iv1.id.as_str(), iv2.id.as_str()];
    want.sort();
    assert_eq!(interviews, want);
    assert_eq!(page.evidence.len(), 1);
    assert_eq!(page.evidence[0].highlight.id, a[0].id);
    assert_eq!(page.evidence[0].participant_name.as_deref(), Some("Ann"));
    assert_eq!(page.evidence[0].source_title, "Ann's interview");
    assert_eq!(page.evidence[0].statement_ids, std::slice::from_ref(&s));

    // Search by persona follows membership: Bo's interview is found under the persona
    // while Bo is a member, and not after.
    let by_persona = |ws: &Workspace| {
        ws.flush_index().unwrap();
        let r = ws
            .search(&SearchRequest {
                kinds: vec![ObjectKind::Interview],
                personas: vec!["Finance Fiona".into()],
                ..Default::default()
            })
            .unwrap();
        r.hits.into_iter().map(|h| h.id).collect::<Vec<_>>()
    };
    assert!(by_persona(&ws).contains(&iv2.id));
    // Reindexing the members' interviews keeps their highlights in the index.
    let report = ws.check().unwrap();
    assert!(report.ok, "{report:?}");
    let sum = ws.unassign_persona_participant(&p.id, &bo.id).unwrap();
    assert_eq!(
        sum.persona.input.participant_ids,
        std::slice::from_ref(&ann.id)
    );
    assert!(!by_persona(&ws).contains(&iv2.id));
    assert!(by_persona(&ws).contains(&iv1.id));
    let page = ws.persona_page(&p.id).unwrap();
    assert_eq!(page.interviews.len(), 1);

    // Removing someone who is not a member is an error that names the field.
    let e = ws.unassign_persona_participant(&p.id, &bo.id).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("participant_id"));
    let e = ws.assign_persona_participant(&p.id, "nope").unwrap_err();
    assert_eq!(e.field.as_deref(), Some("participant_id"));
    // A trashed participant drops out of the members.
    ws.trash(ObjectKind::Participant, &ann.id).unwrap();
    assert!(ws.persona_page(&p.id).unwrap().members.is_empty());
}

#[test]
fn the_page_lists_opportunities_citing_the_persona_or_its_statements() {
    let (_d, ws) = new_ws();
    let p = persona(&ws, "Finance Fiona");
    let s = statement(&ws, &p.id, StatementKind::Pain, "Exports are slow");
    let tree = ws
        .create_tree(&TreeInput {
            title: "Faster month end".into(),
            ..Default::default()
        })
        .unwrap();
    let node = |title: &str| {
        ws.create_tree_node(
            &tree.id,
            &TreeNodeInput {
                title: title.into(),
                ..Default::default()
            },
        )
        .unwrap()
    };
    let (n1, n2, _n3) = (
        node("Export in one click"),
        node("Fewer manual steps"),
        node("Other"),
    );
    let cite = |from: &TreeNode, kind: ObjectKind, id: &str| {
        ws.link_evidence(
            &ObjectRef {
                kind: ObjectKind::TreeNode,
                id: from.id.clone(),
            },
            &ObjectRef {
                kind,
                id: id.into(),
            },
            "",
        )
        .unwrap();
    };
    cite(&n1, ObjectKind::Persona, &p.id);
    cite(&n2, ObjectKind::PersonaStatement, &s);
    let page = ws.persona_page(&p.id).unwrap();
    let titles: Vec<(&str, &str)> = page
        .opportunities
        .iter()
        .map(|o| (o.tree_title.as_str(), o.title.as_str()))
        .collect();
    assert_eq!(
        titles,
        [
            ("Faster month end", "Export in one click"),
            ("Faster month end", "Fewer manual steps")
        ]
    );
    ws.trash(ObjectKind::TreeNode, &n1.id).unwrap();
    assert_eq!(ws.persona_page(&p.id).unwrap().opportunities.len(), 1);
}

#[test]
fn suggested_evidence_by_search_with_accept_and_remembered_dismissals() {
    let (_d, ws) = new_ws();
    let ann = participant(&ws, "Ann");
    let bo = participant(&ws, "Bo");
    let cy = participant(&ws, "Cy");
    let (_, h) = interview_with_highlights(
        &ws,
        "Month end",
        &[
            (Some(&ann), "Reconciling invoices by hand takes forever."),
            (Some(&bo), "Our invoices never match the bank statement."),
            (Some(&cy), "I love the new dashboard colours."),
            (
                Some(&ann),
                "The spreadsheet for reconciling invoices crashes.",
            ),
        ],
    );
    let p = persona(&ws, "Finance Fiona");
    let s = statement(
        &ws,
        &p.id,
        StatementKind::Pain,
        "Reconciling invoices is slow and manual",
    );
    ws.flush_index().unwrap();

    let ids = |ws: &Workspace| -> Vec<String> {
        ws.flush_index().unwrap();
        ws.suggest_persona_evidence(&s, 10)
            .unwrap()
            .into_iter()
            .map(|x| x.highlight.id)
            .collect()
    };
    let first = ws.suggest_persona_evidence(&s, 10).unwrap();
    let got: Vec<&str> = first.iter().map(|x| x.highlight.id.as_str()).collect();
    // Any significant word is enough ("invoices" alone for Bo's line); the line sharing
    // both "reconciling" and "invoices" ranks above it; the unrelated line is not offered.
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(got.contains(&h[1].id.as_str()));
    assert!(!got.contains(&h[2].id.as_str()));
    let pos = |id: &str| got.iter().position(|g| *g == id).unwrap();
    assert!(pos(&h[0].id) < pos(&h[1].id));
    assert_eq!(first[0].source_title, "Month end");
    assert!(first.iter().all(|x| x.participant_name.is_some()));
    assert!(!first[0].snippet.highlights.is_empty());

    // Accepting links the evidence; it is no longer suggested.
    let persona = ws.accept_persona_suggestion(&s, &h[0].id).unwrap();
    assert_eq!(persona.statements[0].highlight_ids, [h[0].id.clone()]);
    assert_eq!(persona.statements[0].strength, 1);
    assert!(!ids(&ws).contains(&h[0].id));
    // Accepting twice is a conflict, not a duplicate link.
    let e = ws.accept_persona_suggestion(&s, &h[0].id).unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);

    // Dismissing is remembered, across reopening the workspace.
    ws.dismiss_persona_suggestion(&s, &h[3].id).unwrap();
    assert_eq!(ids(&ws), [h[1].id.clone()]);
    let root = ws.root().to_path_buf();
    drop(ws);
    let ws = Workspace::open(&root).unwrap();
    assert_eq!(ids(&ws), [h[1].id.clone()]);

    let e = ws.dismiss_persona_suggestion(&s, "nope").unwrap_err();
    assert_eq!(e.field.as_deref(), Some("highlight_id"));
    let e = ws.suggest_persona_evidence("nope", 5).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
}

/// The ids "Suggest evidence" offers for a statement, after the index caught up.
fn suggested(ws: &Workspace, statement_id: &str) -> Vec<String> {
    ws.flush_index().unwrap();
    ws.suggest_persona_evidence(statement_id, 10)
        .unwrap()
        .into_iter()
        .map(|x| x.highlight.id)
        .collect()
}

#[test]
fn suggestions_find_a_word_by_its_stem_as_the_palette_does() {
    // Issue 12: the palette finds "burnout" for "burn", so the pain "Feeling burned out"
    // must be offered "Volunteers suffer a lot of burnout." (it was not: "burned" and
    // "burnout" share no stem, and "out" is a stop word).
    let (_d, ws) = new_ws();
    let ann = participant(&ws, "Ann");
    let (_, h) = interview_with_highlights(
        &ws,
        "Volunteer retention",
        &[
            (Some(&ann), "Volunteers suffer a lot of burnout."),
            (Some(&ann), "The sign-up form works well on phones."),
        ],
    );
    let p = persona(&ws, "Volunteer Val");
    let s = statement(
        &ws,
        &p.id,
        StatementKind::Pain,
        "Feeling burned out\u{2026}",
    );
    assert_eq!(suggested(&ws, &s), [h[0].id.clone()]);
}

#[test]
fn suggestions_use_the_codebook_a_tag_stands_for_its_children() {
    // A statement naming a tag ("fatigue") is offered what the codebook files under it:
    // the words of its child tags ("Exhaustion" finds "exhausted"), and highlights tagged
    // with the tag or a child, whatever their words.
    let (_d, ws) = new_ws();
    let ann = participant(&ws, "Ann");
    let bo = participant(&ws, "Bo");
    let fatigue = ws
        .create_tag(&TagInput {
            name: "Fatigue".into(),
            ..Default::default()
        })
        .unwrap();
    let exhaustion = ws
        .create_tag(&TagInput {
            name: "Exhaustion".into(),
            parent_id: Some(fatigue.id.clone()),
            ..Default::default()
        })
        .unwrap();
    let (_, h) = interview_with_highlights(
        &ws,
        "Shifts",
        &[
            (Some(&ann), "By Friday I am exhausted."),
            (Some(&bo), "I cannot keep going like this."),
            (Some(&bo), "The coffee machine is great."),
        ],
    );
    let mut tagged = h[1].input.clone();
    tagged.tag_ids = vec![exhaustion.id.clone()];
    ws.update_highlight(&h[1].id, &tagged).unwrap();
    let p = persona(&ws, "Nurse Nia");
    let s = statement(&ws, &p.id, StatementKind::Pain, "Fatigue after long shifts");
    let mut got = suggested(&ws, &s);
    got.sort();
    let mut want = vec![h[0].id.clone(), h[1].id.clone()];
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn a_deleted_statement_comes_back_with_its_evidence() {
    let (_d, ws) = new_ws();
    let ann = participant(&ws, "Ann");
    let (_, h) = interview_with_highlights(&ws, "i", &[(Some(&ann), "Exports are slow.")]);
    let p = persona(&ws, "P");
    let a = statement(&ws, &p.id, StatementKind::Goal, "First");
    let s = statement(&ws, &p.id, StatementKind::Pain, "Exports are slow");
    statement(&ws, &p.id, StatementKind::Job, "Third");
    link(&ws, &s, &h[0].id);
    let before = ws.persona(&p.id).unwrap();
    let gone = before.statements[1].clone();
    assert_eq!(gone.id, s);

    let after = ws.delete_persona_statement(&s).unwrap();
    assert_eq!(after.statements.len(), 2);
    // The change log's undo puts it back: same id, place and evidence.
    let deleted = ws.history(&UndoScope::Mine, 1).unwrap().remove(0);
    ws.undo(&UndoScope::Mine).unwrap();
    assert_eq!(ws.persona(&p.id).unwrap().statements, before.statements);
    // Undoing the same delete again is a conflict that says why.
    let e = ws
        .undo(&UndoScope::Change { seq: deleted.seq })
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert!(e.message.contains("already undone"), "{}", e.message);
    assert_eq!(ws.persona(&p.id).unwrap().statements[0].id, a);
}

#[test]
fn markdown_export_has_statements_strength_quotes_and_members() {
    let (_d, ws) = new_ws();
    let ann = participant(&ws, "Ann");
    let (_, h) = interview_with_highlights(
        &ws,
        "Ann's interview",
        &[(Some(&ann), "Exports take me two days.")],
    );
    let p = ws
        .create_persona(&PersonaInput {
            name: "Finance Fiona".into(),
            role: "Finance lead".into(),
            summary: "Runs month end at a 50-person company.".into(),
            attributes: [("Company size".to_string(), "50".to_string())].into(),
            participant_ids: vec![ann.id.clone()],
            ..Default::default()
        })
        .unwrap();
    let s = statement(&ws, &p.id, StatementKind::Pain, "Exports are slow");
    statement(&ws, &p.id, StatementKind::Goal, "Close the month in a day");
    link(&ws, &s, &h[0].id);
    let md = ws.persona_markdown(&p.id).unwrap();
    let want = "# Finance Fiona\n\n**Role:** Finance lead\n\nRuns month end at a 50-person company.\n\n\
> Proto persona: 2 statements of 2 need evidence from more participants (each needs 2 participants; 3 participants short in all).\n\n\
- **Company size:** 50\n\n\
## Goals\n\n- Close the month in a day _(0 participants)_\n\n\
## Pains\n\n- Exports are slow _(1 participant)_\n  - “Exports take me two days.” — Ann, Ann's interview\n\n\
## Participants\n\n- Ann\n";
    assert_eq!(md, want);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fiona.md");
    ws.save_persona_markdown(&p.id, &path).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), want);
    let e = ws
        .save_persona_markdown(&p.id, &dir.path().join("no/such/folder/x.md"))
        .unwrap_err();
    assert!(e.message.contains("x.md"), "{}", e.message);
}

#[test]
fn import_preview_saves_nothing_and_import_saves_all() {
    let (_d, ws) = new_ws();
    let md = b"# Personas\n\n## Ops Olivia\n\nRole: Operations manager\n\n### Goals\n- Fewer tickets\n\n### Pain points\n- Too many tools\n- Manual reports\n";
    let preview = ws.preview_persona_import("team.md", md).unwrap();
    assert_eq!(preview.personas.len(), 1);
    let o = &preview.personas[0];
    assert_eq!(
        (o.name.as_str(), o.role.as_str()),
        ("Ops Olivia", "Operations manager")
    );
    assert_eq!(o.statements.goal, ["Fewer tickets"]);
    assert_eq!(o.statements.pain, ["Too many tools", "Manual reports"]);
    assert!(ws.personas().unwrap().is_empty());

    let imported = ws.import_personas("team.md", md).unwrap();
    assert_eq!(imported.count, 1);
    let ps = ws.personas().unwrap();
    assert_eq!(ps[0].input.name, "Ops Olivia");
    assert_eq!(ps[0].statements.len(), 3);

    // By path, as the desktop app does: the same preview, and too large a file is refused.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("team.md");
    std::fs::write(&file, md).unwrap();
    assert_eq!(ws.preview_persona_import_file(&file).unwrap(), preview);
    let e = ws
        .preview_persona_import_file(&dir.path().join("missing.md"))
        .unwrap_err();
    assert!(e.message.contains("missing.md"), "{}", e.message);

    // Not personas: a clear error, nothing saved.
    let e = ws
        .preview_persona_import("x.md", b"just a paragraph\n")
        .unwrap_err();
    assert!(e.message.contains("x.md"), "{}", e.message);
    assert_eq!(ws.personas().unwrap().len(), 1);
}

#[test]
fn the_corpus_persona_documents_yield_the_personas_a_reader_would_list() {
    let Some(root) = corpus() else { return };
    let (_d, ws) = new_ws();
    let read = |rel: &str| std::fs::read(root.join(rel)).unwrap();

    let nebari = ws
        .preview_persona_import("personas.md", &read("personas/nebari/personas.md"))
        .unwrap();
    let names: Vec<&str> = nebari.personas.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Data Scientist (End User)",
            "Platform Manager (Admin)",
            "DevOps / SysAdmin"
        ]
    );
    for p in &nebari.personas {
        assert!(!p.statements.goal.is_empty(), "{} has no goals", p.name);
        assert!(!p.statements.pain.is_empty(), "{} has no pains", p.name);
    }
    let ds = &nebari.personas[0].statements;
    assert_eq!((ds.goal.len(), ds.pain.len(), ds.job.len()), (6, 6, 3));

    let tanf = "personas/tanf-data-portal/2020, Summer - Understanding Stakeholders and creating personas.md";
    let t = ws.preview_persona_import("tanf.md", &read(tanf)).unwrap();
    let names: Vec<(&str, &str)> = t
        .personas
        .iter()
        .map(|p| (p.name.as_str(), p.role.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("Grace", "OFA Data Portal User"),
            ("Awinita", "Grantee Data Analyst")
        ]
    );
    for p in &t.personas {
        assert!(!p.statements.goal.is_empty(), "{} has no goals", p.name);
        assert!(!p.statements.pain.is_empty(), "{} has no pains", p.name);
    }
    // Previewing saved nothing.
    assert!(ws.personas().unwrap().is_empty());
}

/// A statement is indexed inside its persona's documents: deleting it (or undoing its
/// addition) takes it out of search too, though the statement's own row is gone by the time
/// the index hears of it.
#[test]
fn a_deleted_statement_is_no_longer_found() {
    let (_d, ws) = new_ws();
    let fiona = persona(&ws, "Finance Fiona");
    let found = |ws: &Workspace| {
        ws.flush_index().unwrap();
        ws.search(&SearchRequest {
            query: "reconciliation".into(),
            kinds: vec![ObjectKind::PersonaStatement],
            ..Default::default()
        })
        .unwrap()
        .total
    };
    let id = statement(
        &ws,
        &fiona.id,
        StatementKind::Pain,
        "Month-end reconciliation takes nine days",
    );
    assert_eq!(found(&ws), 1);
    ws.delete_persona_statement(&id).unwrap();
    assert_eq!(found(&ws), 0, "the deleted statement is still found");
    assert!(ws.check().unwrap().ok);

    ws.undo(&UndoScope::Mine).unwrap();
    assert_eq!(found(&ws), 1, "undoing the delete brings it back");
    ws.undo(&UndoScope::Mine).unwrap();
    assert_eq!(found(&ws), 0, "undoing its addition takes it away");
    assert!(ws.check().unwrap().ok);
}
