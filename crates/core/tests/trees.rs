//! Opportunity solution trees: structure rules, moves, the change log with undo/redo of
//! every kind of edit, evidence per node, the layout, and Markdown/JSON/SVG in and out.

use groundwork_core::model::*;
use groundwork_core::{ErrorCode, Workspace};

mod common;
use common::new_ws;

fn tree(ws: &Workspace) -> Tree {
    ws.create_tree(&TreeInput {
        title: "More trials send a first invoice".into(),
        metric: "first invoice within 14 days".into(),
        baseline: "41%".into(),
        target: "60%".into(),
        target_date: Some("2027-03-31".into()),
        ..Default::default()
    })
    .unwrap()
}

fn add(
    ws: &Workspace,
    t: &Tree,
    parent: Option<&TreeNode>,
    kind: NodeKind,
    title: &str,
) -> TreeNode {
    ws.create_tree_node(
        &t.id,
        &TreeNodeInput {
            parent_id: parent.map(|p| p.id.clone()),
            kind,
            title: title.into(),
            status: if kind == NodeKind::AssumptionTest {
                NodeStatus::Planned
            } else {
                NodeStatus::Open
            },
            position: i64::MAX,
            ..Default::default()
        },
    )
    .unwrap()
}

/// The tree as (depth, kind, title) in outline order: what undo must restore exactly.
fn outline(ws: &Workspace, t: &Tree) -> Vec<(usize, NodeKind, String, NodeStatus)> {
    let nodes = ws.tree_nodes(&t.id).unwrap();
    let mut out = Vec::new();
    fn walk(
        nodes: &[TreeNode],
        parent: Option<&str>,
        depth: usize,
        out: &mut Vec<(usize, NodeKind, String, NodeStatus)>,
    ) {
        let mut kids: Vec<&TreeNode> = nodes
            .iter()
            .filter(|n| n.input.parent_id.as_deref() == parent)
            .collect();
        kids.sort_by_key(|n| n.input.position);
        for k in kids {
            out.push((depth, k.input.kind, k.input.title.clone(), k.input.status));
            walk(nodes, Some(&k.id), depth + 1, out);
        }
    }
    walk(&nodes, None, 0, &mut out);
    out
}

#[test]
fn structure_is_enforced_with_messages_naming_the_kinds() {
    let (_d, ws) = new_ws();
    let t = tree(&ws);
    let o = add(&ws, &t, None, NodeKind::Opportunity, "Setup is long");
    let o2 = add(
        &ws,
        &t,
        Some(&o),
        NodeKind::Opportunity,
        "Bank step is scary",
    );
    let s = add(&ws, &t, Some(&o2), NodeKind::Solution, "Payment link first");
    let a = add(
        &ws,
        &t,
        Some(&s),
        NodeKind::AssumptionTest,
        "A/B test the order",
    );

    let refuse = |parent: Option<&TreeNode>, kind: NodeKind, expect: &str| {
        let e = ws
            .create_tree_node(
                &t.id,
                &TreeNodeInput {
                    parent_id: parent.map(|p| p.id.clone()),
                    kind,
                    title: "x".into(),
                    status: if kind == NodeKind::AssumptionTest {
                        NodeStatus::Planned
                    } else {
                        NodeStatus::Open
                    },
                    ..Default::default()
                },
            )
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Invalid);
        assert_eq!(e.field.as_deref(), Some("parent_id"));
        assert!(e.message.contains(expect), "{}", e.message);
    };
    refuse(
        None,
        NodeKind::Solution,
        "a solution cannot go under the outcome: only opportunities go under the outcome",
    );
    refuse(
        None,
        NodeKind::AssumptionTest,
        "an assumption test cannot go under the outcome",
    );
    refuse(
        Some(&o),
        NodeKind::AssumptionTest,
        "an assumption test cannot go under an opportunity",
    );
    refuse(
        Some(&s),
        NodeKind::Opportunity,
        "an opportunity cannot go under a solution",
    );
    refuse(
        Some(&s),
        NodeKind::Solution,
        "a solution cannot go under a solution",
    );
    refuse(
        Some(&a),
        NodeKind::AssumptionTest,
        "nothing goes under an assumption test",
    );

    // Changing a kind that would strand its children is refused too.
    let mut input = o2.input.clone();
    input.kind = NodeKind::Solution;
    let e = ws.update_tree_node(&o2.id, &input).unwrap_err();
    assert!(
        e.message.contains("cannot go under") || e.message.contains("cannot have"),
        "{}",
        e.message
    );

    // Details of another kind, and scores out of range, are refused naming the field.
    let mut input = s.input.clone();
    input.details.frequency = Some(3);
    let e = ws.update_tree_node(&s.id, &input).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("details.frequency"));
    assert!(
        e.message.contains("only opportunities have frequency"),
        "{}",
        e.message
    );
    let mut input = o.input.clone();
    input.details.severity = Some(6);
    let e = ws.update_tree_node(&o.id, &input).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("details.severity"));
    let mut input = a.input.clone();
    input.details.impact = Some(3);
    assert!(ws.update_tree_node(&a.id, &input).is_err());
    // Nothing of the refused edits stuck.
    assert_eq!(ws.tree_nodes(&t.id).unwrap().len(), 4);
}

#[test]
fn details_scores_and_the_single_target_opportunity() {
    let (_d, ws) = new_ws();
    let t = tree(&ws);
    let o1 = add(&ws, &t, None, NodeKind::Opportunity, "One");
    let o2 = add(&ws, &t, None, NodeKind::Opportunity, "Two");
    let s = add(&ws, &t, Some(&o1), NodeKind::Solution, "Sol");
    let a = add(&ws, &t, Some(&s), NodeKind::AssumptionTest, "Test");

    let mut i = o1.input.clone();
    i.details = NodeDetails {
        frequency: Some(4),
        severity: Some(5),
        reach: Some(3),
        score_note: "most trials".into(),
        target: true,
        ..Default::default()
    };
    let o1 = ws.update_tree_node(&o1.id, &i).unwrap();
    assert_eq!(o1.score, Some(60));
    let mut i = o2.input.clone();
    i.details.target = true;
    ws.update_tree_node(&o2.id, &i).unwrap();
    assert!(
        !ws.tree_node(&o1.id).unwrap().input.details.target,
        "marking a second target unmarks the first"
    );
    assert!(ws.tree_node(&o2.id).unwrap().input.details.target);
    // Undo puts the target back where it was, in one step.
    let undone = ws.undo_tree(&t.id).unwrap();
    assert_eq!(undone.summary, "Edited opportunity “Two”: target");
    assert!(ws.tree_node(&o1.id).unwrap().input.details.target);
    assert!(!ws.tree_node(&o2.id).unwrap().input.details.target);
    ws.redo_tree(&t.id).unwrap();
    assert!(!ws.tree_node(&o1.id).unwrap().input.details.target);

    let mut i = s.input.clone();
    i.details.impact = Some(8);
    i.details.confidence = Some(5);
    i.details.ease = Some(2);
    assert_eq!(ws.update_tree_node(&s.id, &i).unwrap().score, Some(80));

    let mut i = a.input.clone();
    i.status = NodeStatus::Passed;
    i.details = NodeDetails {
        assumption: "Owners send an invoice before connecting a bank".into(),
        category: Some(TestCategory::Desirability),
        method: "A/B test".into(),
        success_criteria: "≥ 50%".into(),
        result: "54%".into(),
        ..Default::default()
    };
    let a = ws.update_tree_node(&a.id, &i).unwrap();
    assert_eq!(a.input.details.category, Some(TestCategory::Desirability));
    assert_eq!(a.input.status, NodeStatus::Passed);
}

#[test]
fn move_reparents_reorders_and_refuses_cycles_and_bad_structure() {
    let (_d, ws) = new_ws();
    let t = tree(&ws);
    let o1 = add(&ws, &t, None, NodeKind::Opportunity, "O1");
    let o2 = add(&ws, &t, None, NodeKind::Opportunity, "O2");
    let o11 = add(&ws, &t, Some(&o1), NodeKind::Opportunity, "O1.1");
    let s1 = add(&ws, &t, Some(&o1), NodeKind::Solution, "S1");
    let s2 = add(&ws, &t, Some(&o1), NodeKind::Solution, "S2");

    // Re-order: S2 first under O1.
    ws.move_tree_node(&s2.id, Some(&o1.id), 0).unwrap();
    let titles: Vec<String> = outline(&ws, &t).into_iter().map(|r| r.2).collect();
    assert_eq!(titles, ["O1", "S2", "O1.1", "S1", "O2"]);
    // Re-parent: S1 under O2.
    let moved = ws.move_tree_node(&s1.id, Some(&o2.id), 0).unwrap();
    assert_eq!(moved.input.parent_id.as_deref(), Some(o2.id.as_str()));
    // O1 (with its subtree) under O2, at the end.
    ws.move_tree_node(&o1.id, Some(&o2.id), 99).unwrap();
    let rows = outline(&ws, &t);
    assert_eq!(
        rows.iter().map(|r| (r.0, r.2.as_str())).collect::<Vec<_>>(),
        [(0, "O2"), (1, "S1"), (1, "O1"), (2, "S2"), (2, "O1.1")]
    );

    // The layout's name for the outcome (the tree id) means "under the outcome".
    let back = ws.move_tree_node(&o1.id, Some(&t.id), 99).unwrap();
    assert_eq!(back.input.parent_id, None);
    ws.move_tree_node(&o1.id, Some(&o2.id), 99).unwrap();

    // Cycles.
    let e = ws.move_tree_node(&o2.id, Some(&o11.id), 0).unwrap_err();
    assert_eq!(e.code, ErrorCode::Invalid);
    assert!(
        e.message.contains("under itself or its own children"),
        "{}",
        e.message
    );
    let e = ws.move_tree_node(&o2.id, Some(&o2.id), 0).unwrap_err();
    assert!(e.message.contains("under itself"), "{}", e.message);
    // Structure.
    let e = ws.move_tree_node(&s1.id, None, 0).unwrap_err();
    assert!(
        e.message.contains("a solution cannot go under the outcome"),
        "{}",
        e.message
    );
    let e = ws.move_tree_node(&o11.id, Some(&s2.id), 0).unwrap_err();
    assert!(
        e.message
            .contains("an opportunity cannot go under a solution"),
        "{}",
        e.message
    );
    // Another tree.
    let t2 = tree(&ws);
    let other = add(&ws, &t2, None, NodeKind::Opportunity, "elsewhere");
    let e = ws.move_tree_node(&s1.id, Some(&other.id), 0).unwrap_err();
    assert!(e.message.contains("another tree"), "{}", e.message);
    // Refusals changed nothing.
    assert_eq!(outline(&ws, &t), rows);

    // Positions stay equal to indexes when a sibling leaves and comes back.
    let positions = |parent: &str| -> Vec<i64> {
        ws.tree_nodes(&t.id)
            .unwrap()
            .into_iter()
            .filter(|n| n.input.parent_id.as_deref() == Some(parent))
            .map(|n| n.input.position)
            .collect()
    };
    let s3 = add(&ws, &t, Some(&o2), NodeKind::Solution, "S3");
    assert_eq!(positions(&o2.id), [0, 1, 2]);
    ws.trash(ObjectKind::TreeNode, &s1.id).unwrap();
    assert_eq!(positions(&o2.id), [0, 1]);
    ws.restore(ObjectKind::TreeNode, &s1.id).unwrap();
    assert_eq!(positions(&o2.id), [0, 1, 2]);
    assert_eq!(ws.tree_node(&s3.id).unwrap().input.position, 2);
    assert_eq!(
        ws.tree_history(&t.id).unwrap().changes[0].summary,
        "Restored solution “S1”"
    );
}

#[test]
fn every_kind_of_edit_is_logged_and_undone_and_redone() {
    let (_d, ws) = new_ws();
    let t = tree(&ws);
    let interview = ws
        .create_interview(&InterviewInput {
            title: "Call with Priya".into(),
            ..Default::default()
        })
        .unwrap();
    let empty = outline(&ws, &t);

    let mut states = vec![empty];
    let o1 = add(&ws, &t, None, NodeKind::Opportunity, "O1");
    states.push(outline(&ws, &t));
    let o2 = add(&ws, &t, None, NodeKind::Opportunity, "O2");
    states.push(outline(&ws, &t));
    let s = add(&ws, &t, Some(&o1), NodeKind::Solution, "S");
    states.push(outline(&ws, &t));
    let mut i = s.input.clone();
    i.title = "S renamed".into();
    i.status = NodeStatus::Done;
    ws.update_tree_node(&s.id, &i).unwrap();
    states.push(outline(&ws, &t));
    ws.move_tree_node(&s.id, Some(&o2.id), 0).unwrap();
    states.push(outline(&ws, &t));
    let node_ref = ObjectRef {
        kind: ObjectKind::TreeNode,
        id: o1.id.clone(),
    };
    let ev = ObjectRef {
        kind: ObjectKind::Interview,
        id: interview.id.clone(),
    };
    ws.link_evidence(&node_ref, &ev, "").unwrap();
    states.push(outline(&ws, &t));
    ws.trash(ObjectKind::TreeNode, &o2.id).unwrap();
    states.push(outline(&ws, &t));
    ws.update_tree(
        &t.id,
        &TreeInput {
            target: "65%".into(),
            ..t.input.clone()
        },
    )
    .unwrap();
    states.push(outline(&ws, &t));

    let h = ws.tree_history(&t.id).unwrap();
    let actions: Vec<&str> = h.changes.iter().rev().map(|c| c.summary.as_str()).collect();
    assert_eq!(
        actions,
        [
            "Added tree “More trials send a first invoice”",
            "Added opportunity “O1” under the outcome",
            "Added opportunity “O2” under the outcome",
            "Added solution “S” under “O1”",
            "Edited solution “S renamed”: title, status → done",
            "Moved solution “S renamed” under “O2”",
            "Linked an interview to opportunity “O1”",
            "Deleted opportunity “O2” and 1 node under it",
            "Edited the outcome: target",
        ]
    );
    assert_eq!(
        h.undo.as_ref().unwrap().summary,
        "Edited the outcome: target"
    );
    assert!(h.redo.is_none());

    // Undo everything, checking each step lands on the state before that edit.
    assert_eq!(ws.tree(&t.id).unwrap().input.target, "65%");
    for k in (0..8).rev() {
        let undone = ws.undo_tree(&t.id).unwrap();
        assert!(undone.undone);
        assert_eq!(
            outline(&ws, &t),
            states[k],
            "after undoing {}",
            undone.summary
        );
        if k == 7 {
            assert_eq!(ws.tree(&t.id).unwrap().input.target, "60%");
        }
        if k == 5 {
            assert!(ws.evidence(&node_ref).unwrap().is_empty());
        }
    }
    assert!(
        ws.trash_entries().unwrap().is_empty(),
        "undoing the delete took it out of the trash"
    );
    // The next undo would take back the tree itself: the tree's creation is in its history.
    assert_eq!(
        ws.tree_history(&t.id).unwrap().undo.unwrap().summary,
        "Added tree “More trials send a first invoice”"
    );

    // Redo everything.
    for state in &states[1..] {
        let redone = ws.redo_tree(&t.id).unwrap();
        assert!(!redone.undone);
        assert_eq!(&outline(&ws, &t), state, "after redoing {}", redone.summary);
    }
    assert_eq!(ws.evidence(&node_ref).unwrap().len(), 1);
    assert_eq!(ws.tree(&t.id).unwrap().input.target, "65%");
    assert_eq!(ws.redo_tree(&t.id).unwrap_err().code, ErrorCode::Conflict);

    // A new edit after an undo ends the redo chain.
    ws.undo_tree(&t.id).unwrap();
    add(&ws, &t, Some(&o1), NodeKind::Solution, "New");
    let h = ws.tree_history(&t.id).unwrap();
    assert!(h.redo.is_none());
    // The undone edit stays in the history, marked undone; only the new one is on top.
    assert_eq!(h.changes.iter().filter(|c| c.undone).count(), 1);
    assert!(!h.changes[0].undone);
}

#[test]
fn the_history_lists_the_latest_500_edits_per_tree() {
    let (_d, ws) = new_ws();
    let t = tree(&ws);
    let other = tree(&ws);
    add(&ws, &other, None, NodeKind::Opportunity, "elsewhere");
    let o = add(&ws, &t, None, NodeKind::Opportunity, "v0");
    let mut input = o.input.clone();
    for i in 1..=505 {
        input.title = format!("v{i}");
        ws.update_tree_node(&o.id, &input).unwrap();
    }
    let h = ws.tree_history(&t.id).unwrap();
    assert_eq!(h.changes.len(), 500);
    assert!(h.changes[0].summary.contains("v505"));
    assert_eq!(ws.tree_history(&other.id).unwrap().changes.len(), 2);
    // Older edits are not listed but still undo, one by one, back to the start.
    for _ in 0..505 {
        ws.undo_tree(&t.id).unwrap();
    }
    assert_eq!(ws.tree_node(&o.id).unwrap().input.title, "v0");
}

#[test]
fn deleting_nodes_for_good_stops_undo_at_the_edits_that_needed_them_and_says_why() {
    let (_d, ws) = new_ws();
    let t = tree(&ws);
    let other = tree(&ws);
    add(&ws, &other, None, NodeKind::Opportunity, "elsewhere");
    let o1 = add(&ws, &t, None, NodeKind::Opportunity, "O1");
    let o2 = add(&ws, &t, None, NodeKind::Opportunity, "O2");
    add(&ws, &t, Some(&o2), NodeKind::Solution, "S");
    let mut i = o1.input.clone();
    i.title = "O1 renamed".into();
    ws.update_tree_node(&o1.id, &i).unwrap();
    ws.trash(ObjectKind::TreeNode, &o2.id).unwrap();
    // An edit after the delete, and one undone (the redo chain).
    i.title = "O1 again".into();
    ws.update_tree_node(&o1.id, &i).unwrap();
    add(&ws, &t, None, NodeKind::Opportunity, "O3");
    ws.undo_tree(&t.id).unwrap();
    ws.purge_trash(true).unwrap();

    // The purge is in the tree's history as a line undo cannot take back.
    let h = ws.tree_history(&t.id).unwrap();
    assert_eq!(
        h.changes[0].action,
        groundwork_core::trees::TreeAction::Purge
    );
    assert!(
        h.changes[0].summary.starts_with("Emptied the trash"),
        "{}",
        h.changes[0].summary
    );
    assert!(h.redo.is_none(), "the purge ended the redo chain");
    assert_eq!(
        h.undo.unwrap().summary,
        "Edited opportunity “O1 again”: title"
    );
    // The other tree's log is untouched.
    assert_eq!(ws.tree_history(&other.id).unwrap().changes.len(), 2);

    // The edit after the delete still undoes and redoes, with no conflict.
    ws.undo_tree(&t.id).unwrap();
    assert_eq!(ws.tree_node(&o1.id).unwrap().input.title, "O1 renamed");
    // The delete itself cannot come back: what it would restore is gone for good.
    let e = ws.undo_tree(&t.id).unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert!(
        e.message
            .starts_with("“Deleted opportunity “O2” and 1 node under it” cannot be undone:"),
        "{}",
        e.message
    );
    assert!(e.message.contains("no longer exists"), "{}", e.message);
    assert_eq!(
        ws.tree_node(&o1.id).unwrap().input.title,
        "O1 renamed",
        "a refused undo changes nothing"
    );
    ws.redo_tree(&t.id).unwrap();
    assert_eq!(ws.tree_node(&o1.id).unwrap().input.title, "O1 again");
    // New edits after it are logged and undone as usual.
    add(&ws, &t, None, NodeKind::Opportunity, "O4");
    assert_eq!(
        ws.undo_tree(&t.id).unwrap().summary,
        "Added opportunity “O4” under the outcome"
    );
    assert_eq!(outline(&ws, &t).len(), 1);
    assert!(ws.check().unwrap().ok);
}

#[test]
fn evidence_deleted_for_good_cannot_be_linked_again_by_undo() {
    let (_d, ws) = new_ws();
    let t = tree(&ws);
    let o = add(&ws, &t, None, NodeKind::Opportunity, "O");
    let interview = ws
        .create_interview(&InterviewInput {
            title: "Call with Priya".into(),
            ..Default::default()
        })
        .unwrap();
    let node = ObjectRef {
        kind: ObjectKind::TreeNode,
        id: o.id.clone(),
    };
    let call = ObjectRef {
        kind: ObjectKind::Interview,
        id: interview.id.clone(),
    };
    ws.link_evidence(&node, &call, "").unwrap();
    ws.unlink_evidence(&node, &call).unwrap();
    ws.trash(ObjectKind::Interview, &interview.id).unwrap();
    ws.purge_trash(true).unwrap();
    // Undoing the unlink would point the node at an interview that no longer exists.
    let e = ws.undo_tree(&t.id).unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert!(e.message.contains("deleted for good"), "{}", e.message);
    assert!(ws.evidence(&node).unwrap().is_empty());
    assert_eq!(outline(&ws, &t).len(), 1, "the node stays");
    assert!(ws.check().unwrap().ok);
}

#[test]
fn a_trashed_tree_comes_back_with_its_nodes_and_undoable_history() {
    let (_d, ws) = new_ws();
    let t = tree(&ws);
    let o = add(&ws, &t, None, NodeKind::Opportunity, "O");
    add(&ws, &t, Some(&o), NodeKind::Solution, "S");
    let before = outline(&ws, &t);
    ws.trash(ObjectKind::Tree, &t.id).unwrap();
    assert!(ws.trees().unwrap().iter().all(|x| x.id != t.id));
    ws.restore(ObjectKind::Tree, &t.id).unwrap();
    assert_eq!(outline(&ws, &t), before);
    // Its history came back with it: the restore, the delete, and the edits before.
    let h = ws.tree_history(&t.id).unwrap();
    let summaries: Vec<&str> = h.changes.iter().map(|c| c.summary.as_str()).collect();
    assert_eq!(
        summaries[..3],
        [
            "Restored tree “More trials send a first invoice”",
            "Moved to the trash tree “More trials send a first invoice”",
            "Added solution “S” under “O”"
        ]
    );
    // Undo takes back the restore (the tree goes back to the trash), then the delete.
    ws.undo_tree(&t.id).unwrap();
    assert!(ws.trees().unwrap().iter().all(|x| x.id != t.id));
    ws.undo(&groundwork_core::changes::UndoScope::Mine).unwrap();
    assert_eq!(outline(&ws, &t), before);
    assert_eq!(
        ws.undo_tree(&t.id).unwrap().summary,
        "Added solution “S” under “O”"
    );
    // Deleted for good, its log goes with it.
    ws.trash(ObjectKind::Tree, &t.id).unwrap();
    ws.purge_trash(true).unwrap();
    assert_eq!(
        ws.tree_history(&t.id).unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[test]
fn evidence_summary_counts_links_and_distinct_participants() {
    let (_d, ws) = new_ws();
    let t = tree(&ws);
    let o = add(&ws, &t, None, NodeKind::Opportunity, "O");
    let bare = add(&ws, &t, None, NodeKind::Opportunity, "bare");
    let p1 = ws
        .create_participant(&ParticipantInput {
            name: "Priya".into(),
            ..Default::default()
        })
        .unwrap();
    let p2 = ws
        .create_participant(&ParticipantInput {
            name: "Daniel".into(),
            ..Default::default()
        })
        .unwrap();
    let iv = ws
        .create_interview(&InterviewInput {
            title: "Group call".into(),
            participant_ids: vec![p1.id.clone(), p2.id.clone()],
            ..Default::default()
        })
        .unwrap();
    let segs = ws
        .add_segments(
            &iv.id,
            &[("one", &p1), ("two", &p1), ("three", &p2)].map(|(q, p)| SegmentInput {
                participant_id: Some(p.id.clone()),
                text: format!("I said {q}"),
                ..Default::default()
            }),
        )
        .unwrap();
    let hs: Vec<Highlight> = segs
        .iter()
        .map(|seg| {
            ws.create_highlight(&HighlightInput {
                interview_id: Some(iv.id.clone()),
                segment_id: Some(seg.id.clone()),
                quote: seg.text.clone(),
                start: 0,
                end: seg.text.len() as i64,
                ..Default::default()
            })
            .unwrap()
        })
        .collect();
    let from = ObjectRef {
        kind: ObjectKind::TreeNode,
        id: o.id.clone(),
    };
    for h in &hs {
        ws.link_evidence(
            &from,
            &ObjectRef {
                kind: ObjectKind::Highlight,
                id: h.id.clone(),
            },
            "",
        )
        .unwrap();
    }
    let fb = ws
        .create_feedback(&FeedbackInput {
            text: "slow".into(),
            ..Default::default()
        })
        .unwrap();
    ws.link_evidence(
        &from,
        &ObjectRef {
            kind: ObjectKind::Feedback,
            id: fb.id.clone(),
        },
        "",
    )
    .unwrap();
    let persona = ws
        .create_persona(&PersonaInput {
            name: "Founder".into(),
            ..Default::default()
        })
        .unwrap();
    ws.link_evidence(
        &from,
        &ObjectRef {
            kind: ObjectKind::Persona,
            id: persona.id.clone(),
        },
        "",
    )
    .unwrap();
    let summary = ws.tree_evidence(&t.id).unwrap();
    assert_eq!(summary.len(), 2);
    let s = summary.iter().find(|s| s.node_id == o.id).unwrap();
    assert_eq!(s.persona_ids, std::slice::from_ref(&persona.id));
    assert_eq!(s.counts.get("persona"), Some(&1));
    assert_eq!(s.total, 5);
    assert_eq!(s.counts.get("highlight"), Some(&3));
    assert_eq!(s.counts.get("feedback"), Some(&1));
    // Priya, Daniel, and the customer (unnamed) who wrote the feedback item.
    assert_eq!(s.participants, 3);
    let b = summary.iter().find(|s| s.node_id == bare.id).unwrap();
    assert_eq!((b.total, b.participants), (0, 0));
    // Trashed evidence does not count.
    ws.trash(ObjectKind::Highlight, &hs[2].id).unwrap();
    let s = ws.tree_evidence(&t.id).unwrap();
    let s = s.iter().find(|s| s.node_id == o.id).unwrap();
    assert_eq!((s.total, s.participants), (4, 2));
}

fn overlaps(
    a: &groundwork_core::trees::LayoutNode,
    b: &groundwork_core::trees::LayoutNode,
) -> bool {
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

#[test]
fn layout_is_tidy_without_overlaps_and_folds_subtrees() {
    let (_d, ws) = new_ws();
    let t = tree(&ws);
    let mut opps = Vec::new();
    for i in 0..4 {
        let o = add(
            &ws,
            &t,
            None,
            NodeKind::Opportunity,
            &format!(
                "Opportunity number {i} with a rather long title that wraps over several lines"
            ),
        );
        for j in 0..i {
            let sub = add(
                &ws,
                &t,
                Some(&o),
                NodeKind::Opportunity,
                &format!("Sub {i}.{j}"),
            );
            let s = add(&ws, &t, Some(&sub), NodeKind::Solution, "Solution");
            add(&ws, &t, Some(&s), NodeKind::AssumptionTest, "Test");
        }
        opps.push(o);
    }
    let l = ws.tree_layout(&t.id, &[]).unwrap();
    let all = ws.tree_nodes(&t.id).unwrap().len();
    assert_eq!(l.nodes.len(), all + 1, "every node and the outcome");
    assert_eq!(l.edges.len(), all);
    for (i, a) in l.nodes.iter().enumerate() {
        assert!(a.x >= 0.0 && a.y >= 0.0 && a.x + a.width <= l.width && a.y + a.height <= l.height);
        for b in &l.nodes[i + 1..] {
            assert!(!overlaps(a, b), "{} overlaps {}", a.id, b.id);
        }
    }
    // Parents are centred over their children and above them.
    let by_id = |id: &str| l.nodes.iter().find(|n| n.id == id).unwrap();
    let root = by_id(&t.id);
    assert_eq!(root.kind, groundwork_core::trees::layout::BoxKind::Outcome);
    assert!(!root.detail_lines.is_empty());
    let kids: Vec<_> = l
        .nodes
        .iter()
        .filter(|n| n.parent_id.as_deref() == Some(t.id.as_str()))
        .collect();
    let centre = |n: &groundwork_core::trees::LayoutNode| n.x + n.width / 2.0;
    assert!((centre(root) - (centre(kids[0]) + centre(kids[kids.len() - 1])) / 2.0).abs() < 0.01);
    assert!(kids.iter().all(|k| k.y > root.y + root.height));
    assert!(by_id(&opps[0].id).lines.len() > 1);
    // Deterministic.
    assert_eq!(ws.tree_layout(&t.id, &[]).unwrap(), l);

    // Folding the biggest opportunity hides its 9 descendants.
    let folded = ws.tree_layout(&t.id, &[opps[3].id.clone()]).unwrap();
    assert_eq!(folded.nodes.len(), all + 1 - 9);
    let f = folded.nodes.iter().find(|n| n.id == opps[3].id).unwrap();
    assert!(f.collapsed);
    assert_eq!(f.hidden, 9);
    assert!(folded.width < l.width);
    // Folding the outcome leaves just the outcome.
    let only = ws.tree_layout(&t.id, std::slice::from_ref(&t.id)).unwrap();
    assert_eq!(only.nodes.len(), 1);
    assert_eq!(only.nodes[0].hidden as usize, all);
}

mod markdown {
    use super::*;
    use groundwork_core::trees::markdown::{parse, render};
    use groundwork_core::trees::{ExportFormat, TreeOutline};
    use proptest::prelude::*;

    fn shape(o: &TreeOutline) -> Vec<(usize, Option<usize>, NodeKind, String)> {
        o.nodes
            .iter()
            .map(|n| (n.depth, n.parent, n.kind, n.title.clone()))
            .collect()
    }

    #[test]
    fn reads_outlines_as_miro_notion_and_text_editors_write_them() {
        use NodeKind::*;
        let expect = |o: &TreeOutline| {
            assert_eq!(o.title, "Grow activation");
            assert_eq!(
                shape(o),
                [
                    (1, None, Opportunity, "Setup is long".to_string()),
                    (2, Some(0), Opportunity, "Bank step is scary".into()),
                    (3, Some(1), Solution, "Payment link first".into()),
                    (4, Some(2), AssumptionTest, "A/B test the order".into()),
                    (1, None, Opportunity, "Imports fail".into()),
                    (2, Some(4), Solution, "Import preview".into()),
                ]
            );
        };
        // Headings and prefixes, 2-space dashes.
        let o = parse(
            "# Grow activation\n\nMetric: activated accounts\nBaseline: 41%\nTarget: 60%\nTarget date: 2027-03-31\n\n\
             - Opportunity: Setup is long\n  - Opportunity: Bank step is scary\n    - Solution: Payment link first\n      - Test: A/B test the order\n\
             - Opportunity: Imports fail\n  - Solution: Import preview\n",
            "",
        )
        .unwrap();
        expect(&o);
        assert_eq!(
            (o.metric.as_str(), o.baseline.as_str(), o.target.as_str()),
            ("activated accounts", "41%", "60%")
        );
        assert_eq!(o.target_date.as_deref(), Some("2027-03-31"));
        // The outcome as the root item, 4-space stars, kinds inferred from depth where unprefixed.
        let o = parse(
            "* Outcome: Grow activation\n    * Setup is long\n        * Opportunity: Bank step is scary\n            * Payment link first\n                * A/B test the order\n    * Imports fail\n        * Import preview\n",
            "",
        )
        .unwrap();
        expect(&o);
        // Bullets pasted as characters (Miro, Google Docs).
        let o = parse(
            "Outcome: Grow activation\n\n• Setup is long\n\t◦ Opportunity: Bank step is scary\n\t\t▪ Payment link first\n\t\t\t• A/B test the order\n• Imports fail\n\t◦ Import preview\n",
            "",
        )
        .unwrap();
        expect(&o);
        // Tabs, numbered items, task boxes (Notion), CRLF, the title from the file name.
        let o = parse(
            "1. [ ] Setup is long\r\n\t1. Opportunity: Bank step is scary\r\n\t\t1. Solution: Payment link first\r\n\t\t\t- Assumption: A/B test the order\r\n2. Imports fail\r\n\t- [x] Import preview\r\n",
            "Grow activation",
        )
        .unwrap();
        expect(&o);
    }

    /// A heading and an "- Outcome:" item both: the heading stays the title (it was silently
    /// replaced by the outcome) and the outcome is kept in the description.
    #[test]
    fn a_heading_and_an_outcome_item_keep_both() {
        let md = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/trees/title-and-outcome.md"),
        )
        .unwrap();
        let o = parse(&md, "file-name").unwrap();
        assert_eq!(o.title, "Q3 activation tree");
        assert_eq!(
            o.description,
            "Outcome: More trials send a first invoice\nOwned by the growth squad."
        );
        assert_eq!(o.metric, "first invoice within 14 days");
        assert_eq!(o.nodes.len(), 3);
        assert_eq!(o.nodes[0].title, "Setup is long");
        assert_eq!(o.nodes[0].depth, 1);
    }

    #[test]
    fn a_bad_line_is_an_error_naming_the_line() {
        let bad = |md: &str, line: &str, what: &str| {
            let e = parse(md, "T").unwrap_err();
            assert_eq!(e.code, ErrorCode::Invalid, "{md}");
            assert!(
                e.message.starts_with(line) && e.message.contains(what),
                "{md}: {}",
                e.message
            );
        };
        bad(
            "# T\n- Solution: s\n",
            "line 2:",
            "a solution cannot go under the outcome",
        );
        bad(
            "# T\n- o\n  - s\n    - t\n      - deeper\n",
            "line 5:",
            "nothing goes under an assumption test",
        );
        bad(
            "# T\n- o\n  - Test: t\n",
            "line 3:",
            "a test cannot go under a opportunity",
        );
        bad(
            "# T\n- o\n    - s\n  - x\n",
            "line 4:",
            "indentation does not line up",
        );
        bad(
            "# T\n- o\nsome paragraph\n",
            "line 3:",
            "is not a list item",
        );
        bad("# T\n- o\n  - \n", "line 3:", "no text");
        bad("# T\nTarget date: soon\n- o\n", "line 2:", "not a date");
        bad(
            "- Outcome: a\n  - o\n- Outcome: b\n",
            "line 3:",
            "only one item can be the outcome",
        );
        let e = parse("just text\n", "").unwrap_err();
        assert!(e.message.contains("no list items"), "{}", e.message);
    }

    #[test]
    fn import_and_export_through_the_workspace() {
        let (_d, ws) = new_ws();
        let md = "# Grow activation\n\nMetric: activated\n\n- Setup is long\n  - Opportunity: Bank\n    - Link first\n      - Order test\n- Imports\n";
        let preview = ws.preview_tree_import(md, "file").unwrap();
        assert_eq!(preview.nodes.len(), 5);
        assert!(ws.trees().unwrap().is_empty(), "preview stores nothing");
        let t = ws.import_tree(md, "file", None).unwrap();
        assert_eq!(t.input.title, "Grow activation");
        let nodes = ws.tree_nodes(&t.id).unwrap();
        assert_eq!(nodes.len(), 5);
        // The import is one line of the new tree's history.
        let h = ws.tree_history(&t.id).unwrap();
        assert_eq!(h.changes.len(), 1);
        assert_eq!(
            h.changes[0].summary,
            "Imported tree “Grow activation” (5 nodes)"
        );
        let out = ws.export_tree(&t.id, ExportFormat::Md).unwrap();
        assert_eq!(
            out,
            "# Grow activation\n\nMetric: activated\n\n- Opportunity: Setup is long\n  - Opportunity: Bank\n    - Solution: Link first\n      - Test: Order test\n- Opportunity: Imports\n"
        );
        let again = ws.import_tree(&out, "x", Some("Renamed")).unwrap();
        assert_eq!(again.input.title, "Renamed");
        assert_eq!(super::outline(&ws, &again), super::outline(&ws, &t));

        let json: serde_json::Value =
            serde_json::from_str(&ws.export_tree(&t.id, ExportFormat::Json).unwrap()).unwrap();
        assert_eq!(json["format"], "groundwork-tree");
        assert_eq!(json["title"], "Grow activation");
        assert_eq!(
            json["nodes"][0]["children"][0]["children"][0]["kind"],
            "solution"
        );
        assert_eq!(json["nodes"][1]["title"], "Imports");

        // A bad line changes nothing.
        let before = ws.trees().unwrap().len();
        let e = ws
            .import_tree("# X\n- ok\n- Solution: no\n", "x", None)
            .unwrap_err();
        assert!(e.message.starts_with("line 3:"), "{}", e.message);
        assert_eq!(ws.trees().unwrap().len(), before);
    }

    /// A very flat outline (an export of sticky notes) imports in order, numbered 0..n, with
    /// the nodes under a sibling numbered among themselves.
    #[test]
    fn thousands_of_siblings_import_in_order() {
        let (_d, ws) = new_ws();
        let mut md = String::from("# Flat\n\n");
        for i in 0..5000 {
            md.push_str(&format!("- Note {i}\n"));
            if i == 2500 {
                md.push_str("  - Solution: under 2500 a\n  - Solution: under 2500 b\n");
            }
        }
        let t = ws.import_tree(&md, "flat", None).unwrap();
        let nodes = ws.tree_nodes(&t.id).unwrap();
        assert_eq!(nodes.len(), 5002);
        let mut top: Vec<&TreeNode> = nodes
            .iter()
            .filter(|n| n.input.parent_id.is_none())
            .collect();
        top.sort_by_key(|n| n.input.position);
        assert_eq!(top.len(), 5000);
        for (i, n) in top.iter().enumerate() {
            assert_eq!(n.input.position, i as i64);
            assert_eq!(n.input.title, format!("Note {i}"));
        }
        let under: Vec<(i64, &str)> = nodes
            .iter()
            .filter(|n| n.input.parent_id.as_deref() == Some(top[2500].id.as_str()))
            .map(|n| (n.input.position, n.input.title.as_str()))
            .collect();
        let mut under = under;
        under.sort();
        assert_eq!(under, [(0, "under 2500 a"), (1, "under 2500 b")]);
        // The canvas lays it out (the outcome's box and every node's).
        assert_eq!(ws.tree_layout(&t.id, &[]).unwrap().nodes.len(), 5003);
        // Added after the import, a node lands where it is put, among all of them.
        let added = super::add(&ws, &t, None, NodeKind::Opportunity, "last");
        assert_eq!(ws.tree_node(&added.id).unwrap().input.position, 5000);
    }

    /// Titles as people type them: words, Markdown punctuation, prefixes-lookalikes, unicode.
    fn title() -> impl Strategy<Value = String> {
        prop_oneof![
            "[A-Za-z0-9][A-Za-z0-9 ,.!?'()\\[\\]*_#:/&<>\"-]{0,60}",
            "(Test|Solution|Outcome|Goal|Opportunity|Metric|Target date|1\\.|- |\\[ \\]|#)(:| |: )?[a-z]{1,10}(: [a-z]{1,5})?",
            "[^\\p{C}\\s][^\\p{C}]{0,30}",
        ]
        .prop_map(|s| s.trim().to_string())
        .prop_filter("not empty", |s| !s.is_empty())
    }

    /// Any valid tree: each node picks a parent among the nodes before it (or the outcome)
    /// and a kind that may go there.
    fn outline() -> impl Strategy<Value = TreeOutline> {
        (
            title(),
            prop::option::of("[a-z ]{1,20}"),
            prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, title()), 0..40),
        )
            .prop_map(|(t, metric, picks)| {
                let mut o = TreeOutline {
                    title: t,
                    metric: metric.map(|m| m.trim().to_string()).unwrap_or_default(),
                    ..Default::default()
                };
                // Build as a list of (parent, kind, title), then order depth first.
                let mut flat: Vec<(Option<usize>, NodeKind, String)> = Vec::new();
                for (idx, k, title) in picks {
                    let candidates: Vec<Option<usize>> = std::iter::once(None)
                        .chain((0..flat.len()).map(Some))
                        .filter(|p| match p {
                            None => true,
                            Some(p) => flat[*p].1 != NodeKind::AssumptionTest,
                        })
                        .collect();
                    let parent = *idx.get(&candidates);
                    let kind = match parent.map(|p| flat[p].1) {
                        None => NodeKind::Opportunity,
                        Some(NodeKind::Opportunity) => {
                            if k == 0 {
                                NodeKind::Opportunity
                            } else {
                                NodeKind::Solution
                            }
                        }
                        _ => NodeKind::AssumptionTest,
                    };
                    flat.push((parent, kind, title));
                }
                fn emit(
                    flat: &[(Option<usize>, NodeKind, String)],
                    parent: Option<usize>,
                    out_parent: Option<usize>,
                    depth: usize,
                    o: &mut TreeOutline,
                ) {
                    for (i, (p, k, t)) in flat.iter().enumerate() {
                        if *p == parent {
                            o.nodes.push(groundwork_core::trees::OutlineNode {
                                line: 0,
                                depth,
                                kind: *k,
                                title: t.clone(),
                                parent: out_parent,
                            });
                            let me = o.nodes.len() - 1;
                            emit(flat, Some(i), Some(me), depth + 1, o);
                        }
                    }
                }
                emit(&flat, None, None, 1, &mut o);
                o
            })
    }

    #[test]
    fn titles_that_look_like_prefixes_survive_the_round_trip() {
        let o = TreeOutline {
            title: "Goal: more teams".into(),
            nodes: vec![groundwork_core::trees::OutlineNode {
                line: 0,
                depth: 1,
                kind: NodeKind::Opportunity,
                title: "Test: pricing page".into(),
                parent: None,
            }],
            ..Default::default()
        };
        let md = render(&o);
        assert_eq!(
            md,
            "# Outcome: Goal: more teams\n\n- Opportunity: Test: pricing page\n"
        );
        let back = parse(&md, "").unwrap();
        assert_eq!(back.title, o.title);
        assert_eq!(shape(&back), shape(&o));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn export_then_import_gives_the_same_tree(o in outline()) {
            let md = render(&o);
            let back = parse(&md, "fallback").map_err(|e| TestCaseError::fail(format!("{}\n{md}", e.message)))?;
            prop_assert_eq!(&back.title, &o.title);
            prop_assert_eq!(&back.metric, &o.metric);
            prop_assert_eq!(shape(&back), shape(&o), "{}", md);
            prop_assert_eq!(render(&back), md);
        }
    }
}

#[test]
fn svg_export_draws_the_layout_with_inert_text_and_badges() {
    use groundwork_core::trees::ExportFormat;
    let (_d, ws) = new_ws();
    let t = ws
        .create_tree(&TreeInput {
            title: "Grow </title><script>alert(1)</script>".into(),
            metric: "a & b".into(),
            ..Default::default()
        })
        .unwrap();
    let hostile = "\"><svg onload=alert(1)> <img src=x onerror=alert(2)> & ' ]]>";
    let o = add(&ws, &t, None, NodeKind::Opportunity, hostile);
    let s = add(&ws, &t, Some(&o), NodeKind::Solution, "Payment link first");
    let mut i = s.input.clone();
    i.details.impact = Some(5);
    i.details.confidence = Some(4);
    i.details.ease = Some(2);
    ws.update_tree_node(&s.id, &i).unwrap();
    let iv = ws
        .create_interview(&InterviewInput {
            title: "Call".into(),
            ..Default::default()
        })
        .unwrap();
    ws.link_evidence(
        &ObjectRef {
            kind: ObjectKind::TreeNode,
            id: o.id.clone(),
        },
        &ObjectRef {
            kind: ObjectKind::Interview,
            id: iv.id.clone(),
        },
        "",
    )
    .unwrap();
    let svg = ws.export_tree(&t.id, ExportFormat::Svg).unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.trim_end().ends_with("</svg>"));
    // Nothing the user typed became markup.
    for bad in ["<script", "<img", "<svg onload", "</title><"] {
        assert!(!svg.contains(bad), "{bad} leaked into {svg}");
    }
    assert_eq!(svg.matches("<svg").count(), 1);
    assert!(svg.contains("&lt;script&gt;alert(1)&lt;"));
    assert!(svg.contains("&quot;&gt;&lt;svg"));
    assert!(svg.contains("a &amp; b"));
    // A box per node, coloured by kind; an edge per parent link; badges.
    assert_eq!(svg.matches("<rect x=").count(), 3);
    assert!(svg.contains(r#"class="node outcome""#) && svg.contains(r#"class="node solution""#));
    assert!(svg.contains("#dbeafe") && svg.contains("#dcfce7"));
    assert_eq!(svg.matches("<path d=").count(), 2);
    assert!(svg.contains(">1 evidence<"), "{svg}");
    assert!(svg.contains(">ICE 40<"), "{svg}");
    // Well-formed: every opened element is closed (a cheap check without an XML parser).
    assert_eq!(svg.matches("<g").count(), svg.matches("</g>").count());
    assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
}

#[test]
fn nodes_are_searchable_and_follow_undo_redo_and_deletes() {
    use groundwork_core::search::SearchRequest;
    let (_d, ws) = new_ws();
    let search = |q: &str| {
        ws.flush_index().unwrap();
        ws.search(&SearchRequest {
            query: q.into(),
            kinds: vec![ObjectKind::TreeNode],
            ..Default::default()
        })
        .unwrap()
    };
    let t = tree(&ws);
    let o = add(
        &ws,
        &t,
        None,
        NodeKind::Opportunity,
        "Capybara onboarding stalls",
    );
    let s = add(&ws, &t, Some(&o), NodeKind::Solution, "Axolotl checklist");
    let a = add(
        &ws,
        &t,
        Some(&s),
        NodeKind::AssumptionTest,
        "Checklist test",
    );
    let mut i = a.input.clone();
    i.details.assumption = "Owners trust a quokka walkthrough".into();
    ws.update_tree_node(&a.id, &i).unwrap();

    // A hit names the node and its tree, so the UI can open the tree focused on the node.
    let r = search("capybara");
    assert_eq!(r.hits.len(), 1);
    assert_eq!(r.hits[0].kind, ObjectKind::TreeNode);
    assert_eq!(r.hits[0].id, o.id);
    assert_eq!(r.hits[0].parent.as_deref(), Some(t.id.as_str()));
    // Assumption-test fields are searchable too.
    assert_eq!(search("quokka").hits[0].id, a.id);

    // Deleting a node takes its subtree out of search; undo brings it back.
    ws.trash(ObjectKind::TreeNode, &o.id).unwrap();
    assert!(search("axolotl").hits.is_empty());
    assert!(search("quokka").hits.is_empty());
    ws.undo_tree(&t.id).unwrap();
    assert_eq!(search("axolotl").hits.len(), 1);
    assert_eq!(search("quokka").hits.len(), 1);

    // Undoing a creation removes the node's document; redo puts it back.
    let n = add(&ws, &t, Some(&o), NodeKind::Solution, "Wombat wizard");
    assert_eq!(search("wombat").hits[0].id, n.id);
    ws.undo_tree(&t.id).unwrap();
    assert!(search("wombat").hits.is_empty());
    ws.redo_tree(&t.id).unwrap();
    assert_eq!(search("wombat").hits[0].id, n.id);

    // Imported nodes are searchable.
    let imported = ws
        .import_tree("# Imported\n- Narwhal pricing confusion\n", "x", None)
        .unwrap();
    let r = search("narwhal");
    assert_eq!(r.hits.len(), 1);
    assert_eq!(r.hits[0].parent.as_deref(), Some(imported.id.as_str()));
}

mod layout_props {
    use groundwork_core::model::*;
    use groundwork_core::trees::layout::layout;
    use proptest::prelude::*;

    fn node(id: usize, parent: Option<usize>, title: &str) -> TreeNode {
        TreeNode {
            id: format!("n{id}"),
            tree_id: "t".into(),
            input: TreeNodeInput {
                parent_id: parent.map(|p| format!("n{p}")),
                kind: NodeKind::Opportunity,
                title: title.into(),
                ..Default::default()
            },
            created_at: String::new(),
            updated_at: String::new(),
            score: None,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        /// Any shape, any titles, any folded set: no two boxes overlap, every box is inside
        /// the canvas, parents sit above and centred over their visible children.
        #[test]
        fn boxes_never_overlap(
            picks in prop::collection::vec((any::<prop::sample::Index>(), "[a-z ]{1,120}", any::<bool>()), 1..80),
            fold_some in any::<bool>(),
        ) {
            let tree = Tree {
                id: "t".into(),
                input: TreeInput { title: "Outcome".into(), ..Default::default() },
                created_at: String::new(),
                updated_at: String::new(),
            };
            let mut nodes = Vec::new();
            let mut folded = Vec::new();
            for (i, (idx, title, fold)) in picks.iter().enumerate() {
                // Parent among earlier nodes (or the outcome): parents come before children.
                let parent = idx.index(i + 1).checked_sub(1);
                nodes.push(node(i, parent, title.trim()));
                if fold_some && *fold && i % 7 == 0 {
                    folded.push(format!("n{i}"));
                }
            }
            let l = layout(&tree, &nodes, &folded);
            for (i, a) in l.nodes.iter().enumerate() {
                prop_assert!(a.x >= 0.0 && a.y >= 0.0);
                prop_assert!(a.x + a.width <= l.width + 1e-6 && a.y + a.height <= l.height + 1e-6);
                for b in &l.nodes[i + 1..] {
                    let overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
                    prop_assert!(!overlap, "{} overlaps {}", a.id, b.id);
                }
            }
            for p in &l.nodes {
                let kids: Vec<_> = l.nodes.iter().filter(|n| n.parent_id.as_deref() == Some(p.id.as_str())).collect();
                if let (Some(first), Some(last)) = (kids.first(), kids.last()) {
                    let mid = (first.x + last.x) / 2.0;
                    prop_assert!((p.x - mid).abs() < 1e-6, "{} is not centred", p.id);
                    prop_assert!(kids.iter().all(|k| k.y > p.y + p.height));
                }
            }
            prop_assert_eq!(l.edges.len(), l.nodes.len() - 1);
            let hidden: u32 = l.nodes.iter().map(|n| n.hidden).sum();
            prop_assert_eq!(l.nodes.len() + hidden as usize, nodes.len() + 1);
        }
    }
}
