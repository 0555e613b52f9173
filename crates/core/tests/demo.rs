//! The demo research project seeded on first run, and its removal: on a real temp
//! workspace (SQLite and tantivy), through the public API the app uses.

use groundwork_core::demo::{has_demo, remove_demo, seed_demo};
use groundwork_core::model::*;
use groundwork_core::search::SearchRequest;
use groundwork_core::{ErrorCode, Workspace};
use std::collections::HashSet;

mod common;
use common::new_ws;

fn count(ws: &Workspace, kind: &str) -> i64 {
    ws.counts().unwrap()[kind]
}

fn search_ids(ws: &Workspace, q: &str) -> Vec<(ObjectKind, String, Option<String>)> {
    ws.flush_index().unwrap();
    let r = ws
        .search(&SearchRequest {
            query: q.into(),
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    r.hits
        .into_iter()
        .map(|h| (h.kind, h.id, h.parent))
        .collect()
}

fn assert_check_ok(ws: &Workspace) {
    let report = ws.check().unwrap();
    assert!(report.ok, "check failed: {report:?}");
}

#[test]
fn the_demo_is_a_complete_research_project() {
    let (_dir, ws) = new_ws();
    assert!(!has_demo(&ws));
    let summary = seed_demo(&ws).unwrap();
    assert!(has_demo(&ws));

    // At least six interviews, each with a transcript and highlights, labelled as a demo.
    let interviews = ws.interviews().unwrap();
    assert!(interviews.len() >= 6, "{} interviews", interviews.len());
    assert_eq!(summary.interviews, interviews.len());
    let highlights = ws.highlights().unwrap();
    assert!(highlights.len() >= 25);
    let formats: HashSet<_> = interviews
        .iter()
        .filter_map(|i| i.source_file.as_deref())
        .map(|f| f.rsplit('.').next().unwrap())
        .collect();
    assert!(
        formats.is_superset(&["vtt", "srt", "md", "txt"].into()),
        "{formats:?}"
    );
    for i in &interviews {
        assert!(i.input.title.starts_with("Demo: "), "{}", i.input.title);
        assert!(
            i.input.date.is_some()
                && !i.input.interviewer.is_empty()
                && !i.input.product_area.is_empty()
        );
        assert!(!i.input.notes.is_empty() && !i.input.participant_ids.is_empty());
        let segments = ws.segments(&i.id).unwrap();
        // 15–40 turns (captions split long turns into several cues of one speaker).
        let turns = 1 + segments
            .windows(2)
            .filter(|w| w[0].speaker != w[1].speaker)
            .count();
        assert!(
            (15..=40).contains(&turns),
            "{}: {turns} turns",
            i.input.title
        );
        assert!(
            segments.iter().all(|s| s.speaker.is_some()),
            "{}: a segment without a speaker",
            i.input.title
        );
        // Participants' turns are attributed to them; the interviewer's are not.
        assert!(
            segments.iter().any(|s| s.participant_id.is_some()),
            "{}",
            i.input.title
        );
        assert!(
            segments
                .iter()
                .any(|s| s.speaker.is_some() && s.participant_id.is_none()),
            "{}",
            i.input.title
        );
        let own: Vec<_> = highlights
            .iter()
            .filter(|h| h.input.interview_id.as_deref() == Some(&i.id))
            .collect();
        assert!(!own.is_empty(), "{} has no highlights", i.input.title);
        for h in own {
            // Each highlight is the text at its anchor, said by a participant, with 1–3 tags.
            let seg = segments
                .iter()
                .find(|s| Some(&s.id) == h.input.segment_id.as_ref())
                .unwrap();
            let at: String = seg
                .text
                .chars()
                .skip(h.input.start as usize)
                .take((h.input.end - h.input.start) as usize)
                .collect();
            assert_eq!(at, h.input.quote);
            assert!(h.participant_id.is_some(), "{}", h.input.quote);
            assert!(
                (1..=3).contains(&h.input.tag_ids.len()),
                "{}",
                h.input.quote
            );
            assert_eq!(h.anchor, AnchorState::Ok);
        }
    }
    // Timestamps where the format has them.
    let timed = interviews
        .iter()
        .filter(|i| {
            ws.segments(&i.id)
                .unwrap()
                .iter()
                .all(|s| s.start_ms.is_some())
        })
        .count();
    assert!(timed >= 4, "{timed} timed transcripts");

    let participants = ws.participants().unwrap();
    assert!(participants.len() >= 6);
    assert!(
        participants
            .iter()
            .all(|p| p.input.email.ends_with("@example.com") && !p.input.segment.is_empty())
    );

    // A hierarchical codebook with colours and descriptions.
    let tags = ws.tags().unwrap();
    assert!((10..=16).contains(&tags.len()), "{} tags", tags.len());
    assert!(
        tags.iter().any(|t| t.path == "Pain / Onboarding"),
        "{:?}",
        tags.iter().map(|t| &t.path).collect::<Vec<_>>()
    );
    assert!(tags.iter().filter(|t| t.input.parent_id.is_some()).count() >= 4);
    assert!(
        tags.iter()
            .all(|t| t.input.color.starts_with('#') && !t.input.description.is_empty())
    );

    // Insights rest on at least two people each.
    let insights = ws.insights().unwrap();
    assert!(insights.len() >= 4);
    for i in &insights {
        assert!(
            i.strength >= 2,
            "{}: strength {}",
            i.input.title,
            i.strength
        );
    }

    // Three personas whose statements are backed by evidence.
    let personas = ws.personas().unwrap();
    assert_eq!(personas.len(), 3);
    for p in &personas {
        assert!(p.input.name.starts_with("Demo: "));
        assert!(
            !p.input.role.is_empty()
                && !p.input.summary.is_empty()
                && !p.input.attributes.is_empty()
        );
        assert!(!p.input.participant_ids.is_empty());
        let kinds: HashSet<_> = p.statements.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds.len(),
            StatementKind::ALL.len(),
            "{} lacks a kind of statement",
            p.input.name
        );
        let backed = p.statements.iter().filter(|s| s.strength >= 1).count();
        assert!(
            backed * 4 >= p.statements.len() * 3,
            "{}: {backed} of {} statements backed",
            p.input.name,
            p.statements.len()
        );
    }

    // One opportunity solution tree, every kind of node, nested, with evidence.
    let trees = ws.trees().unwrap();
    assert_eq!(trees.len(), 1);
    let tree = &trees[0];
    assert!(
        !tree.input.metric.is_empty()
            && !tree.input.baseline.is_empty()
            && !tree.input.target.is_empty()
    );
    assert!(tree.input.target_date.is_some());
    let nodes = ws.tree_nodes(&tree.id).unwrap();
    let of = |k: NodeKind| {
        nodes
            .iter()
            .filter(|n| n.input.kind == k)
            .collect::<Vec<_>>()
    };
    assert!((3..=5).contains(&of(NodeKind::Opportunity).len()));
    assert!(
        of(NodeKind::Opportunity)
            .iter()
            .any(|n| n.input.parent_id.is_some()),
        "no nested opportunity"
    );
    assert!((2..=3).contains(&of(NodeKind::Solution).len()));
    let tests = of(NodeKind::AssumptionTest);
    assert_eq!(tests.len(), 2);
    for t in &tests {
        let filled: Vec<_> = t
            .input
            .details
            .filled()
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        for k in ["assumption", "category", "method", "success_criteria"] {
            assert!(filled.contains(&k), "{} lacks {k}", t.input.title);
        }
    }
    let statuses: HashSet<_> = tests.iter().map(|t| t.input.status).collect();
    assert_eq!(statuses, [NodeStatus::Planned, NodeStatus::Running].into());
    let mut linked = HashSet::new();
    for n in &nodes {
        let evidence = ws
            .evidence(&ObjectRef {
                kind: ObjectKind::TreeNode,
                id: n.id.clone(),
            })
            .unwrap();
        assert!(!evidence.is_empty(), "{} has no evidence", n.input.title);
        linked.extend(evidence.iter().map(|e| e.to.kind));
    }
    for k in [
        ObjectKind::Highlight,
        ObjectKind::Interview,
        ObjectKind::Persona,
        ObjectKind::Feedback,
        ObjectKind::Insight,
    ] {
        assert!(linked.contains(&k), "no tree node rests on a {k}");
    }

    // Fifty feedback items from several sources, labelled as a demo.
    let feedback = ws.feedback().unwrap();
    assert_eq!(feedback.len(), 50);
    let sources: HashSet<_> = feedback.iter().map(|f| f.input.source.as_str()).collect();
    assert!(
        sources.len() >= 3 && sources.iter().all(|s| s.contains("demo")),
        "{sources:?}"
    );
    assert!(
        feedback
            .iter()
            .all(|f| f.input.received_at.is_some() && !f.input.customer.is_empty())
    );
    assert!(feedback.iter().filter(|f| f.input.score.is_some()).count() >= 25);

    let notes = ws.notes().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.input.title == "About this demo" && n.id == summary.about_note_id)
    );

    assert_eq!(summary.highlights, highlights.len());
    assert_eq!(summary.feedback, 50);
    assert_eq!(summary.personas, 3);
    assert_check_ok(&ws);

    // Words from a transcript are found, in the right interview.
    let priya = interviews
        .iter()
        .find(|i| i.input.title.contains("Priya Nair"))
        .unwrap();
    let hits = search_ids(&ws, "semicolon");
    assert!(
        hits.iter().any(|(k, _, parent)| *k == ObjectKind::Segment && parent.as_deref() == Some(&priya.id)),
        "{hits:?}"
    );
    assert!(!search_ids(&ws, "Xero").is_empty());
}

#[test]
fn seeding_twice_is_refused_and_changes_nothing() {
    let (_dir, ws) = new_ws();
    seed_demo(&ws).unwrap();
    let before = ws.counts().unwrap();
    let err = seed_demo(&ws).unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(ws.counts().unwrap(), before);
    assert!(has_demo(&ws));
}

#[test]
fn removing_the_demo_keeps_what_the_user_made() {
    let (_dir, ws) = new_ws();
    // Made before the demo arrived.
    let early = ws
        .create_interview(&InterviewInput {
            title: "My first interview".into(),
            ..Default::default()
        })
        .unwrap();
    let early_seg = ws
        .add_segments(
            &early.id,
            &[SegmentInput {
                speaker: Some("Kim".into()),
                text: "The bank step confused me".into(),
                ..Default::default()
            }],
        )
        .unwrap()
        .remove(0);
    let trashed_note = ws
        .create_note(&NoteInput {
            title: "Old idea".into(),
            body: "x".into(),
        })
        .unwrap();
    ws.trash(ObjectKind::Note, &trashed_note.id).unwrap();

    let s = seed_demo(&ws).unwrap();
    let made = s.notes
        + s.participants
        + s.interviews
        + s.tags
        + s.highlights
        + s.insights
        + s.personas
        + s.trees
        + s.tree_nodes
        + s.feedback;
    let demo_interviews: Vec<String> = ws
        .interviews()
        .unwrap()
        .into_iter()
        .map(|i| i.id)
        .filter(|id| *id != early.id)
        .collect();
    let demo_feedback: Vec<String> = ws.feedback().unwrap().into_iter().map(|f| f.id).collect();
    let demo_persona = ws.personas().unwrap().remove(0);
    let demo_highlight = ws.highlights().unwrap().remove(0);
    let tags = ws.tags().unwrap();
    let tag = |path: &str| tags.iter().find(|t| t.path == path).unwrap().id.clone();

    // Made after: the user's own work, using some demo things.
    let mine = ws
        .create_feedback(&FeedbackInput {
            text: "Please add dark mode".into(),
            ..Default::default()
        })
        .unwrap();
    let my_highlight = ws
        .create_highlight(&HighlightInput {
            interview_id: Some(early.id.clone()),
            segment_id: Some(early_seg.id.clone()),
            start: 4,
            end: 13,
            quote: "bank step".into(),
            tag_ids: vec![tag("Pain / Onboarding")],
            ..Default::default()
        })
        .unwrap();
    let my_tag = ws
        .create_tag(&TagInput {
            name: "Pricing".into(),
            parent_id: Some(tag("Need")),
            ..Default::default()
        })
        .unwrap();
    let my_insight = ws
        .create_insight(&InsightInput {
            title: "Bank step confuses".into(),
            highlight_ids: vec![my_highlight.id.clone(), demo_highlight.id.clone()],
            ..Default::default()
        })
        .unwrap();
    // The user trashes a demo interview themselves; removal still takes it.
    ws.trash(ObjectKind::Interview, &demo_interviews[0])
        .unwrap();

    let removed = remove_demo(&ws).unwrap();
    // All it made but the three tags the user now relies on.
    assert_eq!(removed, made - 3);
    assert!(!has_demo(&ws));

    // Every demo object is gone, for good (not in the trash either).
    for id in &demo_interviews {
        assert_eq!(ws.interview(id).unwrap_err().code, ErrorCode::NotFound);
    }
    for id in &demo_feedback {
        assert_eq!(ws.feedback_item(id).unwrap_err().code, ErrorCode::NotFound);
    }
    assert_eq!(
        ws.persona(&demo_persona.id).unwrap_err().code,
        ErrorCode::NotFound
    );
    let trash = ws.trash_entries().unwrap();
    assert_eq!(trash.len(), 1, "{trash:?}");
    assert_eq!(trash[0].id, trashed_note.id);
    for kind in [
        "participant",
        "persona",
        "tree",
        "tree_node",
        "note",
        "segment",
        "persona_statement",
    ] {
        let expected = if kind == "segment" { 1 } else { 0 };
        assert_eq!(count(&ws, kind), expected, "{kind}");
    }
    assert_eq!(count(&ws, "interview"), 1);
    assert_eq!(count(&ws, "highlight"), 1);
    assert_eq!(count(&ws, "insight"), 1);
    assert_eq!(count(&ws, "feedback"), 1);
    assert!(search_ids(&ws, "semicolon").is_empty());

    // What the user made is untouched; the demo tags they use stay, with their parents.
    ws.feedback_item(&mine.id).unwrap();
    ws.interview(&early.id).unwrap();
    let h = ws.highlight(&my_highlight.id).unwrap();
    assert_eq!(h.input.tag_ids.len(), 1);
    let kept: Vec<String> = ws.tags().unwrap().into_iter().map(|t| t.path).collect();
    let mut sorted = kept.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        ["Need", "Need / Pricing", "Pain", "Pain / Onboarding"],
        "{kept:?}"
    );
    ws.tag(&my_tag.id).unwrap();
    // The user's insight lost only its link to the demo highlight.
    assert_eq!(
        ws.insight(&my_insight.id).unwrap().input.highlight_ids,
        vec![my_highlight.id.clone()]
    );
    ws.restore(ObjectKind::Note, &trashed_note.id).unwrap();
    assert_check_ok(&ws);

    // Removing again does nothing; the demo can be added back.
    assert_eq!(remove_demo(&ws).unwrap(), 0);
    seed_demo(&ws).unwrap();
    assert!(has_demo(&ws));
    assert_eq!(ws.feedback().unwrap().len(), 51);
    assert_check_ok(&ws);
}

#[test]
fn the_demo_survives_reopening_and_is_removed_after() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws");
    {
        let ws = Workspace::init(&path).unwrap();
        seed_demo(&ws).unwrap();
    }
    let ws = Workspace::open(&path).unwrap();
    assert!(has_demo(&ws));
    assert!(remove_demo(&ws).unwrap() > 0);
    assert_eq!(ws.counts().unwrap().values().sum::<i64>(), 0);
    assert_check_ok(&ws);
}
