//! Speakers become people (issue 12): the shared corpus imported with the command as a new
//! user would, then evidence counted in people. Reads the corpus in place; fails, not skips,
//! when it is missing with CI=true.

use groundwork_core::Workspace;
use groundwork_core::coding::HighlightQuery;
use groundwork_core::model::*;
use groundwork_core::speakers::is_anonymous;
use serde_json::Value;

mod common;
use common::{corpus, run};

/// The first passage of `speaker` in the interview titled `title`.
fn passage(ws: &Workspace, title: &str, speaker: &str) -> (Interview, Segment) {
    let iv = ws
        .interviews()
        .unwrap()
        .into_iter()
        .find(|i| i.input.title == title)
        .unwrap_or_else(|| panic!("no interview titled {title}"));
    let seg = ws
        .segments(&iv.id)
        .unwrap()
        .into_iter()
        .find(|s| s.speaker.as_deref() == Some(speaker) && s.text.chars().count() > 40)
        .unwrap_or_else(|| panic!("{title}: no passage by {speaker}"));
    (iv, seg)
}

fn highlight(ws: &Workspace, iv: &Interview, seg: &Segment, tag: &str) -> Highlight {
    let quote: String = seg.text.chars().take(40).collect();
    ws.create_highlight(&HighlightInput {
        interview_id: Some(iv.id.clone()),
        segment_id: Some(seg.id.clone()),
        start: 0,
        end: 40,
        quote,
        tag_ids: vec![tag.to_string()],
        ..Default::default()
    })
    .unwrap()
}

#[test]
fn a_new_users_corpus_import_counts_evidence_in_people() {
    let Some(corpus) = corpus() else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws");
    assert!(run(&path, &["init"]).status.success());
    let out = run(&path, &["import", corpus.to_str().unwrap(), "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();

    // --json says who each speaker became: the Zoom call's speakers are people.
    let zoom = report["imported"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| {
            i["path"]
                .as_str()
                .unwrap()
                .ends_with("acdc_2026-02-19_175/transcript.vtt")
        })
        .expect("the Zoom transcript was imported");
    let people = zoom["participants"].as_array().unwrap();
    assert!(people.len() >= 5, "{zoom}");
    assert!(
        people
            .iter()
            .any(|p| p["speaker"] == "Justin Florentine (Besu)" && p["name"] == "Justin Florentine"),
        "decorations are not part of the name: {zoom}"
    );
    // Mel interviews everyone in the FOSSRIT study: the interviewer, not a participant.
    let donald = report["imported"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["path"].as_str().unwrap().ends_with("donald-1-full.md"))
        .unwrap();
    assert_eq!(
        donald["interviewers"],
        serde_json::json!(["MEL"]),
        "{donald}"
    );
    assert_eq!(donald["participants"][0]["name"], "Donald", "{donald}");
    assert_eq!(donald["participants"][0]["new"], true, "{donald}");

    let ws = Workspace::open(&path).unwrap();
    // Every interview with named speakers has participants.
    let mut with_names = 0;
    for iv in ws.interviews().unwrap() {
        let named = ws
            .segments(&iv.id)
            .unwrap()
            .iter()
            .any(|s| s.speaker.as_deref().is_some_and(|n| !is_anonymous(n)));
        if named {
            with_names += 1;
            assert!(
                !iv.input.participant_ids.is_empty(),
                "{} has named speakers but no participants",
                iv.input.title
            );
        }
    }
    assert!(with_names >= 25, "{with_names}");
    let names: Vec<String> = ws
        .participants()
        .unwrap()
        .into_iter()
        .map(|p| p.input.name)
        .collect();
    assert_eq!(
        names.iter().filter(|n| n.as_str() == "Donald").count(),
        1,
        "one Donald across files: {names:?}"
    );
    assert!(
        !names.iter().any(|n| n.eq_ignore_ascii_case("mel")),
        "{names:?}"
    );

    // Two highlights of two interviewees make an insight from 2 participants.
    let tag = ws
        .create_tag(&TagInput {
            name: "sustainability".into(),
            ..Default::default()
        })
        .unwrap();
    let (donald_iv, donald_seg) = passage(&ws, "donald-1-full", "DONALD");
    let (naomi_iv, naomi_seg) = passage(&ws, "naomi-1-full", "NAOMI");
    let a = highlight(&ws, &donald_iv, &donald_seg, &tag.id);
    let b = highlight(&ws, &naomi_iv, &naomi_seg, &tag.id);
    let insight = ws
        .create_insight(&InsightInput {
            title: "Maintainers feel alone".into(),
            highlight_ids: vec![a.id.clone(), b.id.clone()],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(insight.strength, 2, "backed by 2 participants");

    // The tag × participant matrix names both, and has no "Unattributed" column.
    let report = ws
        .query_highlights(&HighlightQuery {
            tag_ids: vec![tag.id.clone()],
            ..Default::default()
        })
        .unwrap();
    let columns: Vec<(Option<String>, String)> = report
        .participants
        .iter()
        .map(|p| (p.participant_id.clone(), p.name.clone()))
        .collect();
    assert_eq!(columns.len(), 2, "{columns:?}");
    assert!(columns.iter().all(|(id, _)| id.is_some()), "{columns:?}");
    let mut who: Vec<&str> = columns.iter().map(|(_, n)| n.as_str()).collect();
    who.sort_unstable();
    assert_eq!(who, ["Donald", "Naomi"]);

    // Importing the corpus again imports nothing and says why, file by file.
    drop(ws);
    let again = run(&path, &["import", corpus.to_str().unwrap(), "--json"]);
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let again: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(again["imported"].as_array().unwrap().len(), 0, "{again}");
    let details = again["skipped_details"].as_array().unwrap();
    let dup = details
        .iter()
        .find(|d| d["path"].as_str().unwrap().ends_with("donald-1-full.md"))
        .expect("donald-1-full.md is reported as skipped");
    assert!(
        dup["reason"]
            .as_str()
            .unwrap()
            .starts_with("already imported on "),
        "{dup}"
    );
    assert_eq!(dup["previous"]["title"], "donald-1-full");
    assert!(
        again["skipped"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p.as_str().unwrap().ends_with("donald-1-full.md"))
    );
}
