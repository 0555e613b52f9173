//! The engine end to end on a real temp folder: real SQLite, real tantivy.

use groundwork_core::model::*;
use groundwork_core::search::{SearchRequest, SearchResults};
use groundwork_core::{ErrorCode, Workspace};
use std::path::Path;
use std::time::{Duration, Instant};

mod common;
use common::new_ws;

fn search(ws: &Workspace, q: &str) -> SearchResults {
    ws.flush_index().unwrap();
    ws.search(&SearchRequest {
        query: q.into(),
        ..Default::default()
    })
    .unwrap()
}

/// A search while the user is still typing its last word.
fn typing(ws: &Workspace, q: &str) -> SearchResults {
    ws.search(&SearchRequest {
        query: q.into(),
        as_you_type: true,
        ..Default::default()
    })
    .unwrap()
}

fn ids(r: &SearchResults) -> Vec<&str> {
    r.hits.iter().map(|h| h.id.as_str()).collect()
}

fn interview(ws: &Workspace, title: &str, notes: &str) -> Interview {
    ws.create_interview(&InterviewInput {
        title: title.into(),
        notes: notes.into(),
        ..Default::default()
    })
    .unwrap()
}

#[test]
fn a_new_folder_becomes_a_workspace_with_its_layout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("research");
    drop(Workspace::init(&path).unwrap());
    for p in ["groundwork.sqlite", "index", "attachments", "backups"] {
        assert!(path.join(p).exists(), "{p} missing");
    }
    // A clean close leaves no WAL behind.
    assert!(!path.join("groundwork.sqlite-wal").exists());
    Workspace::open(&path).unwrap();
}

#[test]
fn opening_a_folder_that_is_not_a_workspace_fails_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let err = Workspace::open(dir.path()).err().unwrap();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert!(
        err.message.contains("not a Groundwork workspace"),
        "{}",
        err.message
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);

    // A folder with other files in it is not taken over by init.
    std::fs::write(dir.path().join("thesis.docx"), b"x").unwrap();
    let err = Workspace::init(dir.path()).err().unwrap();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    // A file named like our database that is not one.
    let fake = tempfile::tempdir().unwrap();
    std::fs::write(
        fake.path().join("groundwork.sqlite"),
        b"hello, not sqlite at all",
    )
    .unwrap();
    let err = Workspace::open(fake.path()).err().unwrap();
    assert_eq!(err.code, ErrorCode::UnsupportedFormat);
    assert_eq!(std::fs::read_dir(fake.path()).unwrap().count(), 1);
}

/// Every file under `dir` with a hash of its bytes.
fn snapshot(dir: &Path) -> Vec<(String, u64)> {
    use std::hash::{Hash, Hasher};
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                std::fs::read(&p).unwrap().hash(&mut h);
                out.push((p.display().to_string(), h.finish()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_workspace_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws");
    drop(Workspace::init(&path).unwrap());
    {
        let conn = rusqlite::Connection::open(path.join("groundwork.sqlite")).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    let before = snapshot(&path);
    let err = Workspace::open(&path).err().unwrap();
    assert_eq!(err.code, ErrorCode::UnsupportedFormat);
    assert!(err.message.contains("newer version"), "{}", err.message);
    assert_eq!(snapshot(&path), before);
}

#[test]
fn a_second_opener_is_told_the_workspace_is_in_use() {
    let (dir, _ws) = new_ws();
    let err = Workspace::open(&dir.path().join("ws")).err().unwrap();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert!(err.message.contains("in use"), "{}", err.message);
}

#[test]
fn validation_names_the_field() {
    let (_d, ws) = new_ws();
    let err = ws
        .create_interview(&InterviewInput {
            title: "  ".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::Invalid, Some("title"))
    );
    let err = ws
        .create_interview(&InterviewInput {
            title: "x".into(),
            date: Some("31/03/2026".into()),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("date"));
    let err = ws
        .create_interview(&InterviewInput {
            title: "x".into(),
            participant_ids: vec!["nope".into()],
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::Invalid, Some("participant_ids"))
    );
    let err = ws
        .create_tag(&TagInput {
            name: "a/b".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("name"));
    let err = ws
        .create_participant(&ParticipantInput {
            name: "Ann".into(),
            email: "ann".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("email"));
    // Nothing half-made is left behind.
    assert_eq!(ws.interviews().unwrap().len(), 0);
    assert_eq!(
        ws.interview("missing").unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[test]
fn every_kind_can_be_created_read_updated_and_listed() {
    let (_d, ws) = new_ws();
    let ann = ws
        .create_participant(&ParticipantInput {
            name: "Ann Lee".into(),
            company: "Acme".into(),
            ..Default::default()
        })
        .unwrap();
    let mut input = InterviewInput {
        title: "Onboarding call".into(),
        date: Some("2026-03-02".into()),
        participant_ids: vec![ann.id.clone()],
        ..Default::default()
    };
    let iv = ws.create_interview(&input).unwrap();
    assert_eq!(iv.input.participant_ids, vec![ann.id.clone()]);
    input.status = InterviewStatus::Synthesised;
    let iv2 = ws.update_interview(&iv.id, &input).unwrap();
    assert_eq!(iv2.input.status, InterviewStatus::Synthesised);
    assert!(iv2.updated_at >= iv.updated_at);

    let segs = ws
        .add_segments(
            &iv.id,
            &[
                SegmentInput {
                    speaker: Some("Ann".into()),
                    participant_id: Some(ann.id.clone()),
                    start_ms: Some(1000),
                    end_ms: Some(4000),
                    text: "Setting up the billing export took me two days.".into(),
                    cues: None,
                },
                SegmentInput {
                    speaker: Some("PM".into()),
                    start_ms: Some(4000),
                    end_ms: Some(5000),
                    text: "Why two days?".into(),
                    ..Default::default()
                },
            ],
        )
        .unwrap();
    assert_eq!(segs.len(), 2);
    assert_eq!(ws.interview(&iv.id).unwrap().segment_count, 2);

    let parent = ws
        .create_tag(&TagInput {
            name: "Pain".into(),
            color: "#ff0000".into(),
            ..Default::default()
        })
        .unwrap();
    let child = ws
        .create_tag(&TagInput {
            name: "Billing".into(),
            parent_id: Some(parent.id.clone()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(child.path, "Pain / Billing");
    let dup = ws
        .create_tag(&TagInput {
            name: "pain".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(dup.code, ErrorCode::Conflict);
    let cycle = ws
        .update_tag(
            &parent.id,
            &TagInput {
                name: "Pain".into(),
                parent_id: Some(child.id.clone()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(cycle.field.as_deref(), Some("parent_id"));

    let h = ws
        .create_highlight(&HighlightInput {
            interview_id: Some(iv.id.clone()),
            segment_id: Some(segs[0].id.clone()),
            start: 0,
            end: 0,
            quote: "billing export took me two days".into(),
            tag_ids: vec![child.id.clone()],
            ..Default::default()
        })
        .unwrap();
    // The anchor finds the quote where it is, and the highlight knows who said it and when.
    assert_eq!((h.input.start, h.input.end), (15, 46));
    assert_eq!(
        (
            h.speaker.as_deref(),
            h.participant_id.as_deref(),
            h.start_ms
        ),
        (Some("Ann"), Some(ann.id.as_str()), Some(1000))
    );
    assert_eq!(ws.tag(&child.id).unwrap().usage_count, 1);
    let bad = ws
        .create_highlight(&HighlightInput {
            interview_id: Some(iv.id.clone()),
            segment_id: Some(segs[1].id.clone()),
            quote: "not there".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(bad.field.as_deref(), Some("quote"));

    let insight = ws
        .create_insight(&InsightInput {
            title: "Billing export is slow to set up".into(),
            highlight_ids: vec![h.id.clone(), h.id.clone()],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(insight.input.highlight_ids, vec![h.id.clone()]);
    assert_eq!(insight.strength, 1);

    let persona = ws
        .create_persona(&PersonaInput {
            name: "Finance Fiona".into(),
            participant_ids: vec![ann.id.clone()],
            ..Default::default()
        })
        .unwrap();
    let persona = ws
        .add_persona_statement(
            &persona.id,
            &PersonaStatementInput {
                kind: StatementKind::Pain,
                text: "Exports take days".into(),
            },
        )
        .unwrap();
    let st = persona.statements[0].clone();
    ws.link_evidence(
        &ObjectRef {
            kind: ObjectKind::PersonaStatement,
            id: st.id.clone(),
        },
        &ObjectRef {
            kind: ObjectKind::Highlight,
            id: h.id.clone(),
        },
        "",
    )
    .unwrap();
    assert_eq!(ws.persona(&persona.id).unwrap().statements[0].strength, 1);

    let tree = ws
        .create_tree(&TreeInput {
            title: "Grow activation".into(),
            metric: "activated accounts".into(),
            ..Default::default()
        })
        .unwrap();
    let opp = ws
        .create_tree_node(
            &tree.id,
            &TreeNodeInput {
                title: "Billing setup is slow".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let sol = ws
        .create_tree_node(
            &tree.id,
            &TreeNodeInput {
                parent_id: Some(opp.id.clone()),
                kind: NodeKind::Solution,
                title: "Guided export wizard".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let bad = ws
        .create_tree_node(
            &tree.id,
            &TreeNodeInput {
                parent_id: Some(sol.id.clone()),
                kind: NodeKind::Opportunity,
                title: "x".into(),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(bad.field.as_deref(), Some("parent_id"));
    assert!(
        bad.message
            .contains("an opportunity cannot go under a solution"),
        "{}",
        bad.message
    );
    let bad = ws
        .create_tree_node(
            &tree.id,
            &TreeNodeInput {
                parent_id: Some(opp.id.clone()),
                kind: NodeKind::AssumptionTest,
                status: NodeStatus::Planned,
                title: "x".into(),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(bad.field.as_deref(), Some("parent_id"));
    ws.link_evidence(
        &ObjectRef {
            kind: ObjectKind::TreeNode,
            id: opp.id.clone(),
        },
        &ObjectRef {
            kind: ObjectKind::Highlight,
            id: h.id.clone(),
        },
        "",
    )
    .unwrap();
    assert_eq!(ws.tree_nodes(&tree.id).unwrap().len(), 2);

    let fb = ws
        .create_feedback(&FeedbackInput {
            source: "support".into(),
            text: "Export to CSV keeps timing out".into(),
            score: Some(2.0),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(ws.feedback_item(&fb.id).unwrap().input.score, Some(2.0));
    let note = ws
        .create_note(&NoteInput {
            title: "Kickoff".into(),
            body: "# Goals\nLearn about billing".into(),
        })
        .unwrap();
    ws.update_note(
        &note.id,
        &NoteInput {
            title: "Kickoff notes".into(),
            body: note.input.body.clone(),
        },
    )
    .unwrap();

    let counts = ws.counts().unwrap();
    for (k, n) in [
        ("participant", 1),
        ("interview", 1),
        ("segment", 2),
        ("tag", 2),
        ("highlight", 1),
        ("insight", 1),
        ("persona", 1),
        ("persona_statement", 1),
        ("tree", 1),
        ("tree_node", 2),
        ("feedback", 1),
        ("note", 1),
    ] {
        assert_eq!(counts[k], n, "{k}");
    }
    let report = ws.check().unwrap();
    assert!(
        report.ok,
        "{report:?} {:?}",
        [
            &ann.id,
            &iv.id,
            &segs[0].id,
            &segs[1].id,
            &h.id,
            &insight.id,
            &persona.id,
            &st.id,
            &tree.id,
            &opp.id,
            &sol.id,
            &fb.id,
            &note.id
        ]
    );
}

#[test]
fn trash_hides_restores_and_search_follows() {
    let (_d, ws) = new_ws();
    let iv = interview(&ws, "Churn interview", "They left because of pricing");
    assert_eq!(ids(&search(&ws, "pricing")), vec![iv.id.as_str()]);
    let entry = ws.trash(ObjectKind::Interview, &iv.id).unwrap();
    assert_eq!(entry.title, "Churn interview");
    assert_eq!(ws.interview(&iv.id).unwrap_err().code, ErrorCode::NotFound);
    assert!(search(&ws, "pricing").hits.is_empty());
    assert_eq!(ws.trash_entries().unwrap().len(), 1);
    ws.restore(ObjectKind::Interview, &iv.id).unwrap();
    assert_eq!(
        ws.interview(&iv.id).unwrap().input.notes,
        "They left because of pricing"
    );
    assert_eq!(ids(&search(&ws, "pricing")), vec![iv.id.as_str()]);
    assert!(ws.trash_entries().unwrap().is_empty());
    ws.trash(ObjectKind::Interview, &iv.id).unwrap();
    assert_eq!(ws.purge_trash(true).unwrap(), 1);
    assert_eq!(
        ws.restore(ObjectKind::Interview, &iv.id).unwrap_err().code,
        ErrorCode::NotFound
    );
    assert!(ws.check().unwrap().ok);
}

#[test]
fn search_ranks_across_kinds_with_counts_phrases_and_snippets() {
    let (_d, ws) = new_ws();
    let iv = interview(&ws, "Pricing interview", "We talked about the annual plan.");
    ws.add_segments(
        &iv.id,
        &[SegmentInput {
            speaker: Some("Ann".into()),
            start_ms: Some(65_000),
            text: "Honestly the pricing page confused me, the annual plan hides the monthly price."
                .into(),
            ..Default::default()
        }],
    )
    .unwrap();
    ws.create_note(&NoteInput {
        title: "Competitor notes".into(),
        body: "Their pricing is per seat.".into(),
    })
    .unwrap();
    ws.create_feedback(&FeedbackInput {
        source: "app store".into(),
        text: "Too expensive for a small team".into(),
        ..Default::default()
    })
    .unwrap();

    let r = search(&ws, "pricing");
    assert_eq!(r.total, 3);
    assert_eq!(r.counts.get("interview"), Some(&1));
    assert_eq!(r.counts.get("segment"), Some(&1));
    assert_eq!(r.counts.get("note"), Some(&1));
    // The title match ranks first.
    assert_eq!(r.hits[0].kind, ObjectKind::Interview);
    let seg = r
        .hits
        .iter()
        .find(|h| h.kind == ObjectKind::Segment)
        .unwrap();
    assert_eq!(seg.parent.as_deref(), Some(iv.id.as_str()));
    assert_eq!(seg.start_ms, Some(65_000));
    let [s, e] = seg.snippet.highlights[0];
    let marked: String = seg.snippet.text.chars().skip(s).take(e - s).collect();
    assert_eq!(marked, "pricing");

    // Phrases match words in order only.
    assert_eq!(search(&ws, "\"annual plan hides\"").total, 1);
    assert_eq!(search(&ws, "\"plan annual\"").total, 0);
    // Stemming: "prices" finds "price".
    assert!(search(&ws, "prices").total >= 1);
    // Exclusion.
    assert_eq!(search(&ws, "pricing -seat").counts.get("note"), None);
    // A kind filter narrows the hits but keeps the counts of every kind for the tabs.
    let r = ws
        .search(&SearchRequest {
            query: "pricing".into(),
            kinds: vec![ObjectKind::Note],
            ..Default::default()
        })
        .unwrap();
    assert_eq!((r.total, r.hits.len(), r.counts.len()), (1, 1, 3));
    // Hostile text comes back as text; the engine never returns markup.
    ws.create_note(&NoteInput {
        title: "<img src=x onerror=alert(1)>".into(),
        body: "<script>alert('pricing')</script>".into(),
    })
    .unwrap();
    let r = search(&ws, "alert");
    assert_eq!(r.hits[0].title, "<img src=x onerror=alert(1)>");
    assert!(r.hits[0].snippet.text.contains("<script>"));
}

#[test]
fn search_as_you_type_matches_the_word_being_typed() {
    let (_d, ws) = new_ws();
    let n = ws
        .create_note(&NoteInput {
            title: "Onboarding".into(),
            body: "The onboarding checklist was overwhelming".into(),
        })
        .unwrap();
    ws.flush_index().unwrap();
    for q in ["o", "onb", "onboard", "checklist overw", "overwhelm"] {
        assert_eq!(ids(&typing(&ws, q)), vec![n.id.as_str()], "query {q:?}");
    }
    let r = typing(&ws, "overw");
    assert!(!r.hits[0].snippet.highlights.is_empty());
    // Without as-you-type, a fragment is not a word.
    assert_eq!(search(&ws, "overw").total, 0);
    assert_eq!(typing(&ws, "zzz").total, 0);
}

#[test]
fn one_typed_letter_stands_for_its_likeliest_telling_word_as_the_workspace_changes() {
    let (_d, ws) = new_ws();
    let note = |body: &str| {
        ws.create_note(&NoteInput {
            title: "Note".into(),
            body: body.into(),
        })
        .unwrap()
        .id
    };
    // "the" is in every note: it says nothing about any of them, so "t" does not mean it.
    for i in 0..96 {
        note(&format!("the usual notes number {i}"));
    }
    let team: Vec<String> = (0..2).map(|_| note("the team was late")).collect();
    ws.flush_index().unwrap();
    fn sorted(mut v: Vec<&str>) -> Vec<&str> {
        v.sort();
        v
    }
    let r = typing(&ws, "t");
    assert_eq!(
        sorted(ids(&r)),
        sorted(team.iter().map(String::as_str).collect())
    );
    assert_eq!(r.hits[0].snippet.text, "the team was late");
    assert_eq!(
        r.hits[0].snippet.highlights,
        vec![[4, 8]],
        "only 'team' is marked"
    );

    // A word that becomes likelier after an edit is what the letter means from then on.
    let tiger: Vec<String> = (0..4).map(|_| note("a tiger in the office")).collect();
    ws.flush_index().unwrap();
    let r = typing(&ws, "t");
    assert_eq!(
        sorted(ids(&r)),
        sorted(tiger.iter().map(String::as_str).collect())
    );
}

#[test]
fn filters_by_tag_with_children_participant_persona_and_date() {
    let (_d, ws) = new_ws();
    let ann = ws
        .create_participant(&ParticipantInput {
            name: "Ann Lee".into(),
            ..Default::default()
        })
        .unwrap();
    let bob = ws
        .create_participant(&ParticipantInput {
            name: "Bob Roy".into(),
            ..Default::default()
        })
        .unwrap();
    ws.create_persona(&PersonaInput {
        name: "Admin Alex".into(),
        participant_ids: vec![ann.id.clone()],
        ..Default::default()
    })
    .unwrap();
    let pain = ws
        .create_tag(&TagInput {
            name: "Pain".into(),
            ..Default::default()
        })
        .unwrap();
    let billing = ws
        .create_tag(&TagInput {
            name: "Billing".into(),
            parent_id: Some(pain.id.clone()),
            ..Default::default()
        })
        .unwrap();
    let mk = |who: &Participant, date: &str, text: &str, tags: Vec<String>| {
        let iv = ws
            .create_interview(&InterviewInput {
                title: format!("Call with {}", who.input.name),
                date: Some(date.into()),
                participant_ids: vec![who.id.clone()],
                ..Default::default()
            })
            .unwrap();
        let seg = ws
            .add_segments(
                &iv.id,
                &[SegmentInput {
                    participant_id: Some(who.id.clone()),
                    text: text.into(),
                    ..Default::default()
                }],
            )
            .unwrap();
        ws.create_highlight(&HighlightInput {
            interview_id: Some(iv.id),
            segment_id: Some(seg[0].id.clone()),
            quote: text.into(),
            tag_ids: tags,
            ..Default::default()
        })
        .unwrap()
    };
    let h1 = mk(
        &ann,
        "2026-01-10",
        "invoices are confusing",
        vec![billing.id.clone()],
    );
    let h2 = mk(
        &bob,
        "2026-02-20",
        "invoices arrive late",
        vec![pain.id.clone()],
    );
    ws.flush_index().unwrap();
    let q = |f: &dyn Fn(&mut SearchRequest)| {
        let mut r = SearchRequest {
            query: "invoices".into(),
            kinds: vec![ObjectKind::Highlight],
            ..Default::default()
        };
        f(&mut r);
        let mut v: Vec<String> = ws
            .search(&r)
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.id)
            .collect();
        v.sort();
        v
    };
    let mut both = vec![h1.id.clone(), h2.id.clone()];
    both.sort();
    assert_eq!(
        q(&|r| r.tags = vec!["pain".into()]),
        both,
        "a parent tag includes its children"
    );
    assert_eq!(q(&|r| r.tags = vec!["Billing".into()]), vec![h1.id.clone()]);
    assert_eq!(
        q(&|r| r.participants = vec!["bob roy".into()]),
        vec![h2.id.clone()]
    );
    assert_eq!(
        q(&|r| r.participants = vec![ann.id.clone()]),
        vec![h1.id.clone()]
    );
    assert_eq!(
        q(&|r| r.personas = vec!["Admin Alex".into()]),
        vec![h1.id.clone()]
    );
    // Highlights are dated by creation; interviews by their date.
    let mut r = SearchRequest {
        query: "call".into(),
        kinds: vec![ObjectKind::Interview],
        date_from: Some("2026-02-01".into()),
        ..Default::default()
    };
    assert_eq!(ws.search(&r).unwrap().total, 1);
    r.date_from = None;
    r.date_to = Some("2026-01-10".into());
    assert_eq!(
        ws.search(&r).unwrap().total,
        1,
        "date_to includes the whole day"
    );
    r.date_to = Some("yesterday".into());
    assert_eq!(ws.search(&r).unwrap_err().field.as_deref(), Some("date_to"));
    // Only filters: browse everything with a tag.
    let r = ws
        .search(&SearchRequest {
            tags: vec!["pain".into()],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(r.total, 2);
    // Renaming a tag re-files its highlights under the new name.
    ws.update_tag(
        &billing.id,
        &TagInput {
            name: "Invoicing".into(),
            parent_id: Some(pain.id.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    ws.flush_index().unwrap();
    assert_eq!(
        q(&|r| r.tags = vec!["invoicing".into()]),
        vec![h1.id.clone()]
    );
    assert!(q(&|r| r.tags = vec!["billing".into()]).is_empty());
}

#[test]
fn an_edit_becomes_searchable_without_being_asked() {
    let (_d, ws) = new_ws();
    let n = ws
        .create_note(&NoteInput {
            title: "Draft".into(),
            body: "nothing yet".into(),
        })
        .unwrap();
    ws.update_note(
        &n.id,
        &NoteInput {
            title: "Draft".into(),
            body: "customers want zebra stripes".into(),
        },
    )
    .unwrap();
    // The indexer thread picks the change up by itself; no flush here.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let r = ws
            .search(&SearchRequest {
                query: "zebra".into(),
                ..Default::default()
            })
            .unwrap();
        if r.total == 1 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the edit never became searchable"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_missing_or_damaged_index_is_rebuilt_from_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws");
    {
        let ws = Workspace::init(&path).unwrap();
        interview(&ws, "Walrus research", "walruses like ice");
        ws.flush_index().unwrap();
    }
    std::fs::remove_dir_all(path.join("index")).unwrap();
    {
        let ws = Workspace::open(&path).unwrap();
        assert_eq!(search(&ws, "walrus").total, 1);
        assert!(ws.check().unwrap().ok);
    }
    // Garbage in the index's metadata: moved aside, rebuilt.
    std::fs::write(path.join("index").join("meta.json"), b"{not json").unwrap();
    {
        let ws = Workspace::open(&path).unwrap();
        assert_eq!(search(&ws, "walrus").total, 1);
    }
    let aside: Vec<_> = std::fs::read_dir(&path)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("index.broken-"))
        .collect();
    assert_eq!(aside.len(), 1);
    // An index of another version is replaced too.
    std::fs::write(
        path.join("index").join("groundwork-index.json"),
        br#"{"version":0,"language":"en"}"#,
    )
    .unwrap();
    let ws = Workspace::open(&path).unwrap();
    assert_eq!(search(&ws, "walrus").total, 1);
}

#[test]
fn writes_the_index_missed_are_replayed_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws");
    drop(Workspace::init(&path).unwrap());
    // Another writer (or a crash after commit, before indexing) leaves work in the outbox.
    {
        let conn = rusqlite::Connection::open(path.join("groundwork.sqlite")).unwrap();
        conn.execute_batch(
            "INSERT INTO notes (id, title, body, created_at, updated_at) VALUES ('n1', 'Narwhal', 'tusks', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
             INSERT INTO index_outbox (kind, id) VALUES ('note', 'n1');",
        )
        .unwrap();
    }
    let ws = Workspace::open(&path).unwrap();
    assert_eq!(ids(&search(&ws, "narwhal")), vec!["n1"]);
    assert_eq!(ws.stats().unwrap().outbox_lag, 0);
}

#[test]
fn check_finds_an_index_that_disagrees_with_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws");
    let id = {
        let ws = Workspace::init(&path).unwrap();
        let n = ws
            .create_note(&NoteInput {
                title: "Okapi".into(),
                body: String::new(),
            })
            .unwrap();
        ws.flush_index().unwrap();
        n.id
    };
    // Delete behind the outbox's back: the index now holds a stale document.
    {
        let conn = rusqlite::Connection::open(path.join("groundwork.sqlite")).unwrap();
        conn.execute("DELETE FROM notes WHERE id = ?1", [&id])
            .unwrap();
    }
    let ws = Workspace::open(&path).unwrap();
    let report = ws.check().unwrap();
    assert!(!report.ok);
    assert_eq!(report.index.stale, vec![id]);
    ws.reindex(&|_, _| {}).unwrap();
    assert!(ws.check().unwrap().ok);
}

#[test]
fn the_search_language_can_change_and_the_index_follows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws");
    {
        let ws = Workspace::init(&path).unwrap();
        ws.create_note(&NoteInput {
            title: "Interview".into(),
            body: "Die Kunden wollen schnellere Rechnungen".into(),
        })
        .unwrap();
        // English stemming does not know that "Kunde" and "Kunden" are one word: only the
        // spelling correction finds it.
        let r = search(&ws, "kunde");
        assert_eq!(r.corrected_query.as_deref(), Some("kunden"));
        let err = ws.set_search_language("klingon").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("search_language"));
        ws.set_search_language("de").unwrap();
        assert_eq!(ws.search_language().unwrap(), "de");
        let r = search(&ws, "kunde");
        assert_eq!((r.total, r.corrected_query), (1, None));
    }
    // Reopened, the index is German already: nothing to rebuild, still found.
    let ws = Workspace::open(&path).unwrap();
    assert_eq!(search(&ws, "kunde").total, 1);
    assert!(ws.check().unwrap().ok);
}
