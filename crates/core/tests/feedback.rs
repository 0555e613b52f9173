//! The feedback loop in the engine: importing exports (again, overlapping, with a mapping),
//! NPS and CSAT against a calculation written apart from the product's, triage, and the
//! overview.

mod common;

use common::{corpus, fixture_path, new_ws};
use groundwork_core::feedback::{FeedbackQuery, StatsBy};
use groundwork_core::import::{ColumnRole, FeedbackMapping, ImportAs, MappedColumn};
use groundwork_core::model::{FeedbackState, ObjectKind, ObjectRef, TreeInput, TreeNodeInput};

fn nps_fixture() -> Vec<u8> {
    std::fs::read(fixture_path("feedback", "nps-survey.csv")).unwrap()
}

#[test]
fn importing_the_same_export_twice_adds_nothing() {
    let (_d, ws) = new_ws();
    let first = ws
        .import_bytes("nps-survey.csv", &nps_fixture(), None)
        .unwrap();
    let f = first.feedback.as_ref().unwrap();
    assert_eq!((f.added, f.already_present), (60, 0));
    assert_eq!(first.count, 60);
    let again = ws
        .import_bytes("nps-survey.csv", &nps_fixture(), None)
        .unwrap();
    let f = again.feedback.as_ref().unwrap();
    assert_eq!((f.added, f.already_present), (0, 60));
    assert_eq!(ws.feedback().unwrap().len(), 60);
    // The second import remembered the mapping the first one used.
    assert!(f.remembered);
}

#[test]
fn an_overlapping_export_adds_only_the_new_rows() {
    let (_d, ws) = new_ws();
    let text = String::from_utf8(nps_fixture()).unwrap();
    // The export as it was a month ago: the header and the first 40 records (records can
    // span lines, so cut by records, not lines).
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let write = |rs: &[csv::StringRecord]| {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&header).unwrap();
        for r in rs {
            w.write_record(r).unwrap();
        }
        w.into_inner().unwrap()
    };
    let older = write(&records[..40]);
    let added = ws.import_bytes("survey-october.csv", &older, None).unwrap();
    assert_eq!(added.feedback.unwrap().added, 40);
    // Today's export has everything: only the 20 new responses come in.
    let added = ws
        .import_bytes("survey-november.csv", &nps_fixture(), None)
        .unwrap();
    let f = added.feedback.unwrap();
    assert_eq!((f.added, f.already_present), (20, 40));

    // Without an id column the key is what was said, by whom and when.
    let (_d2, ws) = new_ws();
    let no_ids: Vec<csv::StringRecord> =
        records.iter().map(|r| r.iter().skip(1).collect()).collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header.iter().skip(1)).unwrap();
    for r in &no_ids[..30] {
        w.write_record(r).unwrap();
    }
    let older = w.into_inner().unwrap();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header.iter().skip(1)).unwrap();
    for r in &no_ids {
        w.write_record(r).unwrap();
    }
    let newer = w.into_inner().unwrap();
    assert_eq!(
        ws.import_bytes("a.csv", &older, None)
            .unwrap()
            .feedback
            .unwrap()
            .added,
        30
    );
    let f = ws
        .import_bytes("b.csv", &newer, None)
        .unwrap()
        .feedback
        .unwrap();
    assert_eq!((f.added, f.already_present), (30, 30));
}

/// The NPS of a survey export, counted from the raw file with the `csv` crate and integer
/// arithmetic, apart from the product's code: answers are the whole numbers 0–10 in the
/// column whose header asks about recommending; anything else is no answer.
fn independent_nps(bytes: &[u8]) -> (i64, i64, i64, i64) {
    let mut reader = csv::Reader::from_reader(bytes);
    let column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h.to_lowercase().contains("recommend"))
        .expect("a recommend column");
    let (mut promoters, mut passives, mut detractors) = (0, 0, 0);
    for r in reader.records() {
        match r.unwrap().get(column).unwrap().trim().parse::<i64>() {
            Ok(9..=10) => promoters += 1,
            Ok(7..=8) => passives += 1,
            Ok(0..=6) => detractors += 1,
            _ => {}
        }
    }
    (
        promoters,
        passives,
        detractors,
        promoters + passives + detractors,
    )
}

#[test]
fn nps_matches_an_independent_calculation() {
    let (_d, ws) = new_ws();
    let bytes = nps_fixture();
    let imported = ws.import_bytes("nps-survey.csv", &bytes, None).unwrap();
    let f = imported.feedback.unwrap();
    // "N/A" and "11" are reported by line, never read as a score.
    let bad: Vec<&str> = f.warnings.iter().map(|w| w.value.as_str()).collect();
    assert_eq!(bad, ["N/A", "N/A", "11"]);
    let (p, pa, d, n) = independent_nps(&bytes);
    let stats = ws.feedback_stats(None).unwrap();
    assert_eq!(
        (
            stats.nps.promoters,
            stats.nps.passives,
            stats.nps.detractors,
            stats.nps.responses
        ),
        (p, pa, d, n)
    );
    let score = stats.nps.score.unwrap();
    let expected = 100.0 * (p - d) as f64 / n as f64;
    assert!((score - expected).abs() <= 0.05, "{score} vs {expected}");
    assert_eq!(stats.items, 60);
    assert_eq!(stats.csat.responses, 0);
}

/// The corpus has no 0–10 question; its star ratings (1–5) are satisfaction: CSAT is the
/// share of 4 and 5, counted here from the raw file.
#[test]
fn csat_of_the_corpus_reviews_matches_an_independent_calculation() {
    let Some(root) = corpus() else { return };
    let path = root
        .join("feedback/womens-ecommerce-clothing-reviews/Womens Clothing E-Commerce Reviews.csv");
    let bytes = std::fs::read(&path).unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "Rating")
        .unwrap();
    let (mut satisfied, mut responses) = (0i64, 0i64);
    for r in reader.records() {
        if let Ok(s) = r.unwrap().get(column).unwrap().parse::<i64>() {
            responses += 1;
            satisfied += i64::from(s >= 4);
        }
    }
    let (_d, ws) = new_ws();
    ws.import_file(&path, Some(ImportAs::Feedback)).unwrap();
    let stats = ws.feedback_stats(None).unwrap();
    assert_eq!(
        (stats.csat.satisfied, stats.csat.responses),
        (satisfied, responses)
    );
    assert_eq!(responses, 1000);
    let pct = 100.0 * satisfied as f64 / responses as f64;
    assert!((stats.csat.score.unwrap() - pct).abs() <= 0.05);
    // Per segment ("Division Name" is not one; nothing guessed): one group, all items.
    let by = ws.feedback_stats(Some(StatsBy::Month)).unwrap();
    assert_eq!(by.groups.iter().map(|g| g.items).sum::<i64>(), 1000);
}

#[test]
fn stats_per_segment_and_month_add_up() {
    let (_d, ws) = new_ws();
    ws.import_bytes("nps-survey.csv", &nps_fixture(), None)
        .unwrap();
    let all = ws.feedback_stats(None).unwrap();
    for by in [StatsBy::Segment, StatsBy::Month, StatsBy::Source] {
        let s = ws.feedback_stats(Some(by)).unwrap();
        assert_eq!(s.groups.iter().map(|g| g.items).sum::<i64>(), 60, "{by:?}");
        assert_eq!(
            s.groups.iter().map(|g| g.nps.responses).sum::<i64>(),
            all.nps.responses,
            "{by:?}"
        );
    }
    let plans: Vec<String> = ws
        .feedback_stats(Some(StatsBy::Segment))
        .unwrap()
        .groups
        .into_iter()
        .map(|g| g.key)
        .collect();
    let mut sorted = plans.clone();
    sorted.sort();
    assert_eq!(sorted, ["Enterprise", "Free", "Team"]);
    let months: Vec<String> = ws
        .feedback_stats(Some(StatsBy::Month))
        .unwrap()
        .groups
        .into_iter()
        .map(|g| g.key)
        .collect();
    assert_eq!(months, ["2026-09", "2026-10", "2026-11"]);
}

#[test]
fn a_mapping_the_user_chose_is_used_and_remembered() {
    let (_d, ws) = new_ws();
    let bytes = nps_fixture();
    let preview = ws.preview_feedback("nps-survey.csv", &bytes, None).unwrap();
    assert!(!preview.remembered);
    assert_eq!(preview.items, Some(60));
    let role =
        |m: &FeedbackMapping, name: &str| m.columns.iter().find(|c| c.name == name).unwrap().role;
    assert_eq!(role(&preview.mapping, "Response ID"), ColumnRole::Id);
    assert_eq!(role(&preview.mapping, "Email"), ColumnRole::Email);
    assert_eq!(role(&preview.mapping, "Plan"), ColumnRole::Segment);
    assert_eq!(role(&preview.mapping, "Company"), ColumnRole::Company);
    assert_eq!(preview.sample.len(), 20);
    // The user says the feature column is a detail, not something they said.
    let mut mapping = preview.mapping.clone();
    for c in &mut mapping.columns {
        if c.name == "Which feature do you use most?" {
            c.role = ColumnRole::Attribute;
        }
    }
    let imported = ws.import_bytes_mapped(&bytes, &mapping);
    assert_eq!(imported, 60);
    let item = ws
        .query_feedback(
            &FeedbackQuery {
                text: "offline mode".into(),
                ..Default::default()
            },
            0,
            10,
        )
        .unwrap();
    assert!(item.total >= 1);
    let first = &item.items[0];
    assert!(
        first
            .input
            .attributes
            .iter()
            .any(|a| a.name == "Which feature do you use most?")
    );
    // Next time the file's columns bring the user's mapping back.
    let again = ws.preview_feedback("nps-survey.csv", &bytes, None).unwrap();
    assert!(again.remembered);
    assert_eq!(again.mapping, mapping);
    assert_eq!((again.items, again.already_present), (Some(0), 60));

    // A mapping with no text column is refused before anything is written.
    let none = FeedbackMapping {
        columns: vec![MappedColumn {
            name: "Email".into(),
            role: ColumnRole::Email,
        }],
        score_kind: None,
    };
    let before = ws.feedback().unwrap().len();
    let e = ws
        .import_feedback("nps-survey.csv", &bytes, Some(&none))
        .unwrap_err();
    assert!(
        e.message.contains("no column for the feedback text"),
        "{}",
        e.message
    );
    assert_eq!(ws.feedback().unwrap().len(), before);
    let p = ws
        .preview_feedback("nps-survey.csv", &bytes, Some(&none))
        .unwrap();
    assert_eq!(p.items, None);
    assert!(
        p.problem
            .unwrap()
            .contains("no column for the feedback text")
    );
}

trait ImportMapped {
    fn import_bytes_mapped(&self, bytes: &[u8], mapping: &FeedbackMapping) -> usize;
}
impl ImportMapped for groundwork_core::Workspace {
    fn import_bytes_mapped(&self, bytes: &[u8], mapping: &FeedbackMapping) -> usize {
        self.import_feedback("nps-survey.csv", bytes, Some(mapping))
            .unwrap()
            .feedback
            .unwrap()
            .added
    }
}

#[test]
fn encodings_separators_and_bad_files() {
    let (_d, ws) = new_ws();
    // UTF-16 with a BOM (Excel's "Unicode text") and tabs.
    let tsv =
        "Customer\tComment\tScore\r\nÅsa\tExport is slow\t3\r\nZoë\t\"Line one\nline two\"\t5\r\n";
    let mut utf16 = vec![0xFF, 0xFE];
    for u in tsv.encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    let i = ws.import_bytes("export.tsv", &utf16, None).unwrap();
    assert_eq!(i.count, 2);
    let page = ws.query_feedback(&FeedbackQuery::default(), 0, 10).unwrap();
    assert!(page.items.iter().any(|f| f.input.customer == "Åsa"));
    assert!(
        page.items
            .iter()
            .any(|f| f.input.text == "Line one\nline two")
    );
    // UTF-8 with a BOM and semicolons.
    let csv = "\u{feff}Kunde;Kommentar;Bewertung\nMüller;Zu langsam beim Export;2\n";
    let i = ws.import_bytes("de.csv", csv.as_bytes(), None).unwrap();
    assert_eq!(i.count, 1);
    // Latin-1 cannot be told apart from other 8-bit encodings: refused, naming the line.
    let latin1 = b"customer,comment\nAnn,ok\nJos\xe9,tr\xe8s lent\n";
    let before = ws.feedback().unwrap().len();
    let e = ws.import_bytes("latin1.csv", latin1, None).unwrap_err();
    assert!(e.message.starts_with("latin1.csv, line 3"), "{}", e.message);
    assert_eq!(ws.feedback().unwrap().len(), before);
}

#[test]
fn triage_moves_items_and_linking_marks_them_linked() {
    let (_d, ws) = new_ws();
    ws.import_bytes("nps-survey.csv", &nps_fixture(), None)
        .unwrap();
    let page = ws.query_feedback(&FeedbackQuery::default(), 0, 5).unwrap();
    assert_eq!(page.total, 60);
    let ids: Vec<String> = page.items.iter().map(|i| i.id.clone()).collect();
    let moved = ws
        .set_feedback_state(&ids[..2], FeedbackState::Reviewed)
        .unwrap();
    assert!(moved.iter().all(|i| i.state == FeedbackState::Reviewed));
    let closed = ws
        .set_feedback_state(&ids[2..3], FeedbackState::Closed)
        .unwrap();
    assert!(closed[0].closed_at.is_some());
    // Linking an item as evidence for an opportunity marks it linked.
    let tree = ws
        .create_tree(&TreeInput {
            title: "Retention".into(),
            ..Default::default()
        })
        .unwrap();
    let node = ws
        .create_tree_node(
            &tree.id,
            &TreeNodeInput {
                parent_id: None,
                kind: groundwork_core::model::NodeKind::Opportunity,
                title: "Exports are slow".into(),
                ..Default::default()
            },
        )
        .unwrap();
    ws.link_evidence(
        &ObjectRef {
            kind: ObjectKind::TreeNode,
            id: node.id.clone(),
        },
        &ObjectRef {
            kind: ObjectKind::Feedback,
            id: ids[0].clone(),
        },
        "",
    )
    .unwrap();
    assert_eq!(
        ws.feedback_item(&ids[0]).unwrap().state,
        FeedbackState::Linked
    );
    let stats = ws.feedback_stats(None).unwrap();
    assert_eq!(stats.states[&FeedbackState::Linked], 1);
    assert_eq!(stats.states[&FeedbackState::Reviewed], 1);
    assert_eq!(stats.states[&FeedbackState::Closed], 1);
    assert_eq!(stats.states[&FeedbackState::New], 57);
    let only_new = ws
        .query_feedback(
            &FeedbackQuery {
                states: vec![FeedbackState::New],
                segments: vec!["Team".into()],
                ..Default::default()
            },
            0,
            100,
        )
        .unwrap();
    assert!(
        only_new
            .items
            .iter()
            .all(|i| i.state == FeedbackState::New && i.input.segment == "Team")
    );
    let overview = ws.feedback_overview().unwrap();
    assert_eq!(overview.items, 60);
    assert!((overview.closed_share - 1.0 / 60.0).abs() < 1e-9);
    assert!((overview.triaged_share - 3.0 / 60.0).abs() < 1e-9);
    assert!(overview.median_days_to_close.is_some());
    // The last 12 weeks with items (the survey ran for 13).
    assert_eq!(overview.weekly.len(), 12);
    assert!(overview.weekly.windows(2).all(|w| w[0].week < w[1].week));
    let received: i64 = overview.weekly.iter().map(|w| w.received).sum();
    assert!(received > 50 && received < 60, "{received}");
    assert!(overview.oldest_untriaged.is_some());
    // Undoing the link takes the item back to where it was; undoing the close reopens it.
    let mine = groundwork_core::changes::UndoScope::Mine;
    ws.undo(&mine).unwrap();
    assert_eq!(
        ws.feedback_item(&ids[0]).unwrap().state,
        FeedbackState::Reviewed
    );
    ws.undo(&mine).unwrap(); // the node
    ws.undo(&mine).unwrap(); // the tree
    ws.undo(&mine).unwrap();
    let reopened = ws.feedback_item(&ids[2]).unwrap();
    assert_eq!(
        (reopened.state, reopened.closed_at),
        (FeedbackState::New, None)
    );
}

// ---- the loop: coding, acting, telling ----

use groundwork_core::changes::UndoScope;
use groundwork_core::model::{
    FeedbackInput, HighlightInput, InterviewInput, NodeKind, ParticipantInput, TagInput,
};

fn item(
    ws: &groundwork_core::Workspace,
    customer: &str,
    email: &str,
    text: &str,
    score: f64,
) -> String {
    ws.create_feedback(&FeedbackInput {
        source: "survey".into(),
        customer: customer.into(),
        email: email.into(),
        segment: "Pro".into(),
        score: Some(score),
        score_kind: Some(groundwork_core::model::ScoreKind::Nps),
        text: text.into(),
        received_at: Some("2026-10-05T10:00:00Z".into()),
        ..Default::default()
    })
    .unwrap()
    .id
}

fn node(
    ws: &groundwork_core::Workspace,
    tree: &str,
    parent: Option<&str>,
    kind: NodeKind,
    title: &str,
) -> String {
    ws.create_tree_node(
        tree,
        &TreeNodeInput {
            parent_id: parent.map(String::from),
            kind,
            title: title.into(),
            description: "Exports now finish in seconds.".into(),
            status: if kind == NodeKind::AssumptionTest {
                groundwork_core::model::NodeStatus::Planned
            } else {
                Default::default()
            },
            ..Default::default()
        },
    )
    .unwrap()
    .id
}

fn link(ws: &groundwork_core::Workspace, node: &str, kind: ObjectKind, id: &str) {
    ws.link_evidence(
        &ObjectRef {
            kind: ObjectKind::TreeNode,
            id: node.into(),
        },
        &ObjectRef {
            kind,
            id: id.into(),
        },
        "",
    )
    .unwrap();
}

#[test]
fn words_of_a_feedback_item_are_coded_and_follow_its_edits() {
    let (_d, ws) = new_ws();
    let slow = ws
        .create_tag(&TagInput {
            name: "Slow exports".into(),
            ..Default::default()
        })
        .unwrap();
    let id = item(
        &ws,
        "Ana Lima",
        "ana@example.com",
        "Love it. The CSV export is slow on big files.",
        6.0,
    );
    let h = ws
        .create_highlight(&HighlightInput {
            feedback_id: Some(id.clone()),
            start: 9,
            end: 30,
            quote: "The CSV export is slow".into(),
            tag_ids: vec![slow.id.clone()],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(h.input.start, 9);
    assert_eq!(ws.feedback_highlights(&id).unwrap().len(), 1);
    // A quote that is not in the item's text is refused.
    let err = ws
        .create_highlight(&HighlightInput {
            feedback_id: Some(id.clone()),
            start: 0,
            end: 5,
            quote: "Not said".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert!(err.message.contains("does not appear"), "{}", err.message);
    // Edit the item: the quote moves with its words.
    let mut input = ws.feedback_item(&id).unwrap().input;
    input.text = "Hello! Love it. The CSV export is slow on big files.".into();
    ws.update_feedback(&id, &input).unwrap();
    let moved = ws.highlight(&h.id).unwrap();
    assert_eq!(moved.input.start, 16);
    // Trashing the item takes its quotes out of the lists; restoring brings them back.
    ws.trash(ObjectKind::Feedback, &id).unwrap();
    assert!(ws.highlights().unwrap().iter().all(|x| x.id != h.id));
    ws.restore(ObjectKind::Feedback, &id).unwrap();
    assert!(ws.highlights().unwrap().iter().any(|x| x.id == h.id));
}

#[test]
fn tagging_items_in_bulk_gives_nps_per_tag_and_a_trend() {
    let (_d, ws) = new_ws();
    ws.import_bytes("nps-survey.csv", &nps_fixture(), None)
        .unwrap();
    let slow = ws
        .create_tag(&TagInput {
            name: "Slow".into(),
            ..Default::default()
        })
        .unwrap();
    let price = ws
        .create_tag(&TagInput {
            name: "Pricing".into(),
            ..Default::default()
        })
        .unwrap();
    let page = ws
        .query_feedback(&FeedbackQuery::default(), 0, 500)
        .unwrap();
    let with_text: Vec<_> = page
        .items
        .iter()
        .filter(|i| !i.input.text.trim().is_empty())
        .collect();
    let first: Vec<String> = with_text[..6].iter().map(|i| i.id.clone()).collect();
    let tagged = ws
        .tag_feedback(&first, std::slice::from_ref(&slow.id))
        .unwrap();
    assert_eq!(tagged.len(), 6);
    // Tagging again adds the tag to the same whole-item highlight, not a second one.
    let again = ws
        .tag_feedback(&first[..2], std::slice::from_ref(&price.id))
        .unwrap();
    assert_eq!(again[0].id, tagged[0].id);
    assert_eq!(ws.feedback_highlights(&first[0]).unwrap().len(), 1);
    // One entry: undo takes back the whole bulk tag.
    ws.undo(&UndoScope::Mine).unwrap();
    assert_eq!(
        ws.feedback_highlights(&first[0]).unwrap()[0].input.tag_ids,
        vec![slow.id.clone()]
    );
    ws.tag_feedback(&first[..2], std::slice::from_ref(&price.id))
        .unwrap();

    let stats = ws.feedback_stats(Some(StatsBy::Tag)).unwrap();
    let slow_group = stats.groups.iter().find(|g| g.key == "Slow").unwrap();
    assert_eq!(slow_group.items, 6);
    // NPS of the tagged items, counted here apart from the product's code.
    let scores: Vec<f64> = with_text[..6]
        .iter()
        .filter(|i| i.input.score_kind == Some(groundwork_core::model::ScoreKind::Nps))
        .filter_map(|i| i.input.score)
        .collect();
    let promoters = scores.iter().filter(|s| **s >= 9.0).count() as i64;
    let detractors = scores.iter().filter(|s| **s <= 6.0).count() as i64;
    assert_eq!(slow_group.nps.responses, scores.len() as i64);
    assert_eq!(slow_group.nps.promoters, promoters);
    assert_eq!(slow_group.nps.detractors, detractors);
    assert_eq!(
        stats
            .groups
            .iter()
            .find(|g| g.key == "Pricing")
            .unwrap()
            .items,
        2
    );

    let trend = ws.feedback_tag_trend().unwrap();
    assert_eq!(trend.series[0].name, "Slow");
    assert_eq!(trend.series[0].total, 6);
    assert_eq!(trend.series[0].items.len(), trend.months.len());
    assert!(trend.months.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn tell_them_finds_each_person_once_and_marking_told_closes_their_items() {
    let (_d, ws) = new_ws();
    let tree = ws
        .create_tree(&TreeInput {
            title: "Retention".into(),
            ..Default::default()
        })
        .unwrap();
    let opp = node(
        &ws,
        &tree.id,
        None,
        NodeKind::Opportunity,
        "Exports are slow",
    );
    let sol = node(
        &ws,
        &tree.id,
        Some(&opp),
        NodeKind::Solution,
        "Streamed CSV export",
    );
    // Ana reaches the opportunity three ways: her feedback item, a quote coded in it, and an
    // interview quote (she is a participant with the same address).
    let ana = item(
        &ws,
        "Ana Lima",
        "Ana@Example.com",
        "The CSV export is slow on big files.",
        3.0,
    );
    let bo = item(&ws, "Bo", "", "Exports time out.", 9.0);
    let anon = item(&ws, "", "", "export never finishes", 5.0);
    let quote = ws
        .create_highlight(&HighlightInput {
            feedback_id: Some(ana.clone()),
            start: 4,
            end: 14,
            quote: "CSV export".into(),
            ..Default::default()
        })
        .unwrap();
    let p = ws
        .create_participant(&ParticipantInput {
            name: "Ana Lima".into(),
            email: "ana@example.com".into(),
            segment: "Pro".into(),
            ..Default::default()
        })
        .unwrap();
    let iv = ws
        .create_interview(&InterviewInput {
            title: "Call with Ana".into(),
            notes: "Exporting takes forever.".into(),
            participant_ids: vec![p.id.clone()],
            ..Default::default()
        })
        .unwrap();
    let said = ws
        .create_highlight(&HighlightInput {
            interview_id: Some(iv.id.clone()),
            start: 0,
            end: 9,
            quote: "Exporting".into(),
            ..Default::default()
        })
        .unwrap();
    for (k, id) in [
        (ObjectKind::Feedback, &ana),
        (ObjectKind::Feedback, &bo),
        (ObjectKind::Highlight, &quote.id),
        (ObjectKind::Highlight, &said.id),
    ] {
        link(&ws, &opp, k, id);
    }
    link(&ws, &sol, ObjectKind::Feedback, &anon);

    // Demand: three people behind the opportunity (Ana once), their segment and scores.
    let evidence = ws.tree_evidence(&tree.id).unwrap();
    let demand = &evidence.iter().find(|e| e.node_id == opp).unwrap().demand;
    assert_eq!(demand.customers, 3);
    assert_eq!(demand.nps.responses, 3);
    assert_eq!((demand.nps.promoters, demand.nps.detractors), (1, 2));
    assert_eq!(demand.segments[0].segment, "Pro");

    // An insight resting on feedback is as strong as the people behind it: Ana's quote and
    // her item count once, Bo's item once, and the interview quote is Ana's too (by address,
    // in Tell them; as a participant here, who has an id of her own).
    let insight = ws
        .create_insight(&groundwork_core::model::InsightInput {
            title: "Exports are too slow for big accounts".into(),
            highlight_ids: vec![quote.id.clone()],
            ..Default::default()
        })
        .unwrap();
    let from = ObjectRef {
        kind: ObjectKind::Insight,
        id: insight.id.clone(),
    };
    for id in [&ana, &bo] {
        ws.link_evidence(
            &from,
            &ObjectRef {
                kind: ObjectKind::Feedback,
                id: id.clone(),
            },
            "",
        )
        .unwrap();
    }
    assert_eq!(ws.insight(&insight.id).unwrap().strength, 2);

    // Not shipped yet: telling is refused with what to do.
    let err = ws
        .mark_told(&sol, &["email:ana@example.com".into()])
        .unwrap_err();
    assert!(
        err.message.contains("mark it shipped first"),
        "{}",
        err.message
    );
    let shipped = ws.mark_node_shipped(&sol, true).unwrap();
    assert!(shipped.input.details.shipped_at.is_some());
    assert_eq!(
        shipped.input.status,
        groundwork_core::model::NodeStatus::Done
    );
    assert_eq!(
        ws.tree_history(&tree.id).unwrap().changes[0].summary,
        "Shipped solution “Streamed CSV export”"
    );

    let list = ws.tell_list(&sol).unwrap();
    let keys: Vec<&str> = list.people.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(keys.len(), 3, "{keys:?}");
    let ana_p = list
        .people
        .iter()
        .find(|p| p.key == "email:ana@example.com")
        .unwrap();
    assert_eq!(ana_p.name, "Ana Lima");
    assert_eq!(ana_p.said.len(), 3);
    assert_eq!(ana_p.feedback_ids, vec![ana.clone()]);
    assert!(ana_p.message.starts_with("Hi Ana,"), "{}", ana_p.message);
    assert!(ana_p.message.contains("Streamed CSV export"));
    // The nameless item is someone to thank too, greeted without a name.
    assert!(
        list.people
            .iter()
            .any(|p| p.key == format!("item:{anon}") && p.message.starts_with("Hi there,"))
    );

    // The template is the PM's; the CSV is safe for a spreadsheet.
    ws.set_tell_template("=HYPERLINK(\"x\") Dear {{full_name}}: {{changed}}")
        .unwrap();
    let csv = ws.tell_csv(&sol).unwrap();
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(csv.contains("Dear Ana Lima: Streamed CSV export"));

    let after = ws
        .mark_told(
            &sol,
            &["email:ana@example.com".into(), "customer:bo".into()],
        )
        .unwrap();
    assert!(after.people.iter().filter(|p| p.told_at.is_some()).count() == 2);
    assert_eq!(ws.feedback_item(&ana).unwrap().state, FeedbackState::Closed);
    assert_eq!(ws.feedback_item(&bo).unwrap().state, FeedbackState::Closed);
    assert_eq!(
        ws.feedback_item(&anon).unwrap().state,
        FeedbackState::Linked
    );
    assert!(ws.feedback_overview().unwrap().closed_share > 0.6);
    // One undoable change.
    ws.undo(&UndoScope::Mine).unwrap();
    assert_eq!(ws.feedback_item(&ana).unwrap().state, FeedbackState::Linked);
    assert!(
        ws.tell_list(&sol)
            .unwrap()
            .people
            .iter()
            .all(|p| p.told_at.is_none())
    );

    // You said, we did: what shipped, with what was said, and no names or addresses.
    let page = ws.you_said_we_did().unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].customers, 3);
    assert!(
        page[0]
            .said
            .iter()
            .all(|s| !s.text.contains("Ana") && !s.who.contains("Ana"))
    );
    assert!(page[0].said.iter().any(|s| s.who == "a Pro customer"));
    // And in a research pack that takes feedback, as a page of the site and of the vault.
    for (format, path) in [
        (
            groundwork_core::pack::PackFormat::Html,
            "you-said-we-did.html",
        ),
        (groundwork_core::pack::PackFormat::Md, "you-said-we-did.md"),
    ] {
        let out = _d.path().join(format!("pack-{path}"));
        let request = groundwork_core::pack::PackRequest {
            format,
            scope: groundwork_core::pack::PackScope {
                feedback: true,
                ..Default::default()
            },
            redact: Default::default(),
        };
        ws.export_pack(&request, &out).unwrap();
        let page = std::fs::read_to_string(out.join(path)).unwrap();
        assert!(page.contains("Streamed CSV export"), "{page}");
        assert!(page.contains("a Pro customer"));
        assert!(!page.contains("Ana"), "{page}");
    }
    // Assumption tests do not ship.
    let test = node(
        &ws,
        &tree.id,
        Some(&sol),
        NodeKind::AssumptionTest,
        "Ask five users",
    );
    assert!(ws.mark_node_shipped(&test, true).is_err());
}

/// The index catches up on a large import a few big commits at a time; a backlog that ends
/// exactly on a full batch (here 4,000 items: two batches of 2,000) once left its last rows
/// uncommitted, unsearchable, and indexed again on every open.
#[test]
fn an_import_that_ends_on_a_full_batch_is_all_searchable() {
    let (_d, ws) = new_ws();
    let mut csv = String::from("id,comment\n");
    for i in 0..4000 {
        csv.push_str(&format!("{i},Response number {i} mentions word{i}x\n"));
    }
    let imported = ws.import_bytes("big.csv", csv.as_bytes(), None).unwrap();
    assert_eq!(imported.feedback.unwrap().added, 4000);
    ws.flush_index().unwrap();
    for word in ["word0x", "word3999x"] {
        let found = ws
            .search(&groundwork_core::search::SearchRequest {
                query: word.into(),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(found.total, 1, "{word} is searchable");
    }
}
