//! The workspace's home: what it holds and what to do next, each to-do naming what to open.

use groundwork_core::Workspace;
use groundwork_core::model::*;
use groundwork_core::overview::{LIST_LIMIT, Overview, ToDoList};

mod common;
use common::new_ws;

fn titles(l: &ToDoList) -> Vec<&str> {
    l.items.iter().map(|t| t.title.as_str()).collect()
}

fn segment(speaker: &str, participant: Option<&Participant>, text: &str) -> SegmentInput {
    SegmentInput {
        speaker: Some(speaker.into()),
        participant_id: participant.map(|p| p.id.clone()),
        text: text.into(),
        ..Default::default()
    }
}

fn node(
    ws: &Workspace,
    tree: &Tree,
    parent: Option<&TreeNode>,
    kind: NodeKind,
    title: &str,
) -> TreeNode {
    ws.create_tree_node(
        &tree.id,
        &TreeNodeInput {
            parent_id: parent.map(|p| p.id.clone()),
            kind,
            title: title.into(),
            status: if kind == NodeKind::AssumptionTest {
                NodeStatus::Planned
            } else {
                NodeStatus::Open
            },
            ..Default::default()
        },
    )
    .unwrap()
}

fn r(kind: ObjectKind, id: &str) -> ObjectRef {
    ObjectRef {
        kind,
        id: id.into(),
    }
}

#[test]
fn an_empty_workspace_has_nothing_to_do_yet() {
    let (_d, ws) = new_ws();
    let o: Overview = ws.overview().unwrap();
    assert!(o.counts.values().all(|n| *n == 0), "{:?}", o.counts);
    assert!(!o.demo);
    assert_eq!(o.threshold, 2);
    assert_eq!(o.coded_interviews, 0);
    assert_eq!(o.insight_strength, vec![0, 0, 0]);
    for l in [
        &o.uncoded_interviews,
        &o.unmapped_speakers,
        &o.weak_insights,
        &o.proto_personas,
        &o.bare_nodes,
    ] {
        assert_eq!((l.total, l.items.len()), (0, 0));
    }
}

#[test]
fn the_overview_lists_what_to_do_next_with_links() {
    let (_d, ws) = new_ws();
    let ann = ws
        .create_participant(&ParticipantInput {
            name: "Ann".into(),
            ..Default::default()
        })
        .unwrap();
    let bob = ws
        .create_participant(&ParticipantInput {
            name: "Bob".into(),
            ..Default::default()
        })
        .unwrap();

    // Coded: a highlight of Ann's. Its speaker "Sam" has no participant (2 passages); "Pat"
    // runs the interview, which is not a speaker to map.
    let coded = ws
        .create_interview(&InterviewInput {
            title: "Coded call".into(),
            date: Some("2026-02-01".into()),
            interviewer: "Pat".into(),
            ..Default::default()
        })
        .unwrap();
    let segs = ws
        .add_segments(
            &coded.id,
            &[
                segment("Pat", None, "How do you export?"),
                segment("Ann", Some(&ann), "Exporting is slow."),
                segment("Sam", None, "For me too."),
                segment("sam ", None, "Every month."),
                segment("PAT", None, "Thanks."),
            ],
        )
        .unwrap();
    let h = ws
        .create_highlight(&HighlightInput {
            interview_id: Some(coded.id.clone()),
            segment_id: Some(segs[1].id.clone()),
            start: 0,
            end: 9,
            quote: "Exporting".into(),
            ..Default::default()
        })
        .unwrap();
    // Not coded: one with notes (newer), one with a transcript; a planned one with nothing in it
    // is nothing to code yet; a trashed one is gone. Pat, who runs "Coded call", takes notes
    // in "Transcript": on the team, not a speaker to map.
    let notes_only = ws
        .create_interview(&InterviewInput {
            title: "Notes only".into(),
            date: Some("2026-03-01".into()),
            notes: "Bob hates the export.".into(),
            participant_ids: vec![bob.id.clone()],
            ..Default::default()
        })
        .unwrap();
    let transcript = ws
        .create_interview(&InterviewInput {
            title: "Transcript".into(),
            date: Some("2026-01-15".into()),
            ..Default::default()
        })
        .unwrap();
    ws.add_segments(
        &transcript.id,
        &[
            segment("Bob", Some(&bob), "Hello."),
            segment("Pat", None, "Noted."),
            segment("Bob", Some(&bob), "Bye."),
        ],
    )
    .unwrap();
    ws.create_interview(&InterviewInput {
        title: "Planned".into(),
        status: InterviewStatus::Planned,
        ..Default::default()
    })
    .unwrap();
    let trashed = ws
        .create_interview(&InterviewInput {
            title: "Trashed".into(),
            notes: "Something.".into(),
            ..Default::default()
        })
        .unwrap();
    ws.trash(ObjectKind::Interview, &trashed.id).unwrap();

    // Insights: one participant behind one (weak), none behind another (weaker).
    ws.create_insight(&InsightInput {
        title: "Exports are slow".into(),
        highlight_ids: vec![h.id.clone()],
        ..Default::default()
    })
    .unwrap();
    let empty = ws
        .create_insight(&InsightInput {
            title: "Nobody said it".into(),
            ..Default::default()
        })
        .unwrap();

    // A proto persona: one statement with no evidence.
    let persona = ws
        .create_persona(&PersonaInput {
            name: "Finance lead".into(),
            ..Default::default()
        })
        .unwrap();
    ws.add_persona_statement(
        &persona.id,
        &PersonaStatementInput {
            kind: StatementKind::Pain,
            text: "Exports take all afternoon".into(),
        },
    )
    .unwrap();

    // A tree: a bare opportunity, a solution with evidence, a bare solution under a trashed
    // opportunity (gone with it), and an assumption test (not counted: its result backs it).
    let tree = ws
        .create_tree(&TreeInput {
            title: "Faster month end".into(),
            ..Default::default()
        })
        .unwrap();
    let opp = node(&ws, &tree, None, NodeKind::Opportunity, "Exports are slow");
    let sol = node(
        &ws,
        &tree,
        Some(&opp),
        NodeKind::Solution,
        "Background export",
    );
    node(
        &ws,
        &tree,
        Some(&sol),
        NodeKind::AssumptionTest,
        "People wait",
    );
    ws.link_evidence(
        &r(ObjectKind::TreeNode, &sol.id),
        &r(ObjectKind::Highlight, &h.id),
        "",
    )
    .unwrap();
    let gone = node(&ws, &tree, None, NodeKind::Opportunity, "Trashed branch");
    node(
        &ws,
        &tree,
        Some(&gone),
        NodeKind::Solution,
        "Under the trashed one",
    );
    ws.trash(ObjectKind::TreeNode, &gone.id).unwrap();

    let o = ws.overview().unwrap();
    assert_eq!(o.counts["interview"], 4);
    assert_eq!(o.coded_interviews, 1);

    assert_eq!(o.uncoded_interviews.total, 2);
    assert_eq!(titles(&o.uncoded_interviews), ["Notes only", "Transcript"]);
    let first = &o.uncoded_interviews.items[0];
    assert_eq!(first.target, r(ObjectKind::Interview, &notes_only.id));
    assert_eq!(first.detail, "2026-03-01");
    assert_eq!(o.uncoded_interviews.items[1].count, 3, "its passages");

    // "Sam" and "sam " are one speaker; "Pat" and "PAT" are the interviewer, here and elsewhere.
    assert_eq!(o.unmapped_passages, 2);
    assert_eq!(o.unmapped_speakers.total, 1);
    let sam = &o.unmapped_speakers.items[0];
    assert_eq!(sam.target, r(ObjectKind::Interview, &coded.id));
    assert_eq!(
        (sam.title.as_str(), sam.detail.as_str(), sam.count),
        ("Coded call", "Sam", 2)
    );

    assert_eq!(o.weak_insights.total, 2);
    assert_eq!(
        titles(&o.weak_insights),
        ["Nobody said it", "Exports are slow"]
    );
    assert_eq!(
        o.weak_insights.items[0].target,
        r(ObjectKind::Insight, &empty.id)
    );
    assert_eq!(
        o.weak_insights
            .items
            .iter()
            .map(|t| t.count)
            .collect::<Vec<_>>(),
        [0, 1]
    );
    assert_eq!(o.insight_strength, vec![1, 1, 0]);

    assert_eq!(o.proto_personas.total, 1);
    let p = &o.proto_personas.items[0];
    assert_eq!(p.target, r(ObjectKind::Persona, &persona.id));
    assert_eq!(p.count, 1, "statements short of evidence");
    assert!(!p.detail.is_empty(), "says what it lacks");

    assert_eq!(o.evidence_nodes, 2);
    assert_eq!(o.bare_nodes.total, 1);
    let bare = &o.bare_nodes.items[0];
    assert_eq!(bare.target, r(ObjectKind::TreeNode, &opp.id));
    assert_eq!(bare.parent.as_deref(), Some(tree.id.as_str()));
    assert_eq!(bare.detail, "Faster month end");

    // Acting on the to-dos empties the lists: map Sam, code the rest, back the insights.
    ws.update_segment(
        &segs[2].id,
        &SegmentInput {
            participant_id: Some(bob.id.clone()),
            ..segment("Sam", None, "For me too.")
        },
    )
    .unwrap();
    ws.update_segment(
        &segs[3].id,
        &SegmentInput {
            participant_id: Some(bob.id.clone()),
            ..segment("sam ", None, "Every month.")
        },
    )
    .unwrap();
    let b = ws
        .create_highlight(&HighlightInput {
            interview_id: Some(notes_only.id.clone()),
            start: 0,
            end: 3,
            quote: "Bob".into(),
            ..Default::default()
        })
        .unwrap();
    ws.link_evidence(
        &r(ObjectKind::TreeNode, &opp.id),
        &r(ObjectKind::Highlight, &b.id),
        "",
    )
    .unwrap();
    let o = ws.overview().unwrap();
    assert_eq!((o.unmapped_passages, o.unmapped_speakers.total), (0, 0));
    assert_eq!(titles(&o.uncoded_interviews), ["Transcript"]);
    assert_eq!(o.coded_interviews, 2);
    assert_eq!(o.bare_nodes.total, 0);
}

#[test]
fn long_lists_carry_their_first_items_and_their_total() {
    let (_d, ws) = new_ws();
    for i in 0..LIST_LIMIT + 3 {
        ws.create_insight(&InsightInput {
            title: format!("Insight {i:02}"),
            ..Default::default()
        })
        .unwrap();
    }
    let o = ws.overview().unwrap();
    assert_eq!(o.weak_insights.total, LIST_LIMIT as i64 + 3);
    assert_eq!(o.weak_insights.items.len(), LIST_LIMIT);
    assert_eq!(o.weak_insights.items[0].title, "Insight 00");
}

#[test]
fn the_demo_project_is_labelled_and_has_work_left() {
    let (_d, ws) = new_ws();
    groundwork_core::demo::seed_demo(&ws).unwrap();
    let o = ws.overview().unwrap();
    assert!(o.demo);
    assert_eq!(o.counts, ws.counts().unwrap());
    assert!(o.coded_interviews > 0);
    assert_eq!(
        o.unmapped_speakers.total, 0,
        "the note-taker of one call interviews in the others: on the team"
    );
    assert_eq!(
        o.insight_strength.iter().sum::<i64>(),
        o.counts["insight"],
        "every insight in one bar"
    );
}
