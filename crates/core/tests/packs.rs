//! Research packs (Markdown vault and CSV) from the demo project: what goes in, what consent
//! leaves out, what redaction replaces — in every byte of every file — and that the workspace
//! is never changed.

mod common;

use common::new_ws;
use groundwork_core::Workspace;
use groundwork_core::model::{Consent, FeedbackInput, HighlightInput};
use groundwork_core::pack::redact::RedactOptions;
use groundwork_core::pack::{PackFormat, PackRequest, PackScope};
use std::path::{Path, PathBuf};

const ALL: [PackFormat; 7] = [
    PackFormat::Md,
    PackFormat::Csv,
    PackFormat::Html,
    PackFormat::HtmlFile,
    PackFormat::Qdpx,
    PackFormat::Qdc,
    PackFormat::Gwpack,
];

fn demo() -> (tempfile::TempDir, Workspace) {
    let (dir, ws) = new_ws();
    groundwork_core::demo::seed_demo(&ws).unwrap();
    (dir, ws)
}

fn request(format: PackFormat) -> PackRequest {
    PackRequest {
        format,
        scope: PackScope::default(),
        redact: RedactOptions::default(),
    }
}

/// Every file under `dir`, with its bytes; a pack that is one file (a .qdpx or .qdc) is
/// that file, a .qdpx's entries inflated.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    if dir.is_file() {
        let bytes = std::fs::read(dir).unwrap();
        if !bytes.starts_with(b"PK") {
            return vec![(dir.to_path_buf(), bytes)];
        }
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
            out.push((dir.join(entry.name()), bytes));
        }
        return out;
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap();
                out.push((p, bytes));
            }
        }
    }
    out.sort();
    out
}

fn text(files: &[(PathBuf, Vec<u8>)]) -> String {
    files
        .iter()
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_markdown_vault_holds_every_interview_insight_persona_and_tree() {
    let (dir, ws) = demo();
    let out = dir.path().join("vault");
    let report = ws.export_pack(&request(PackFormat::Md), &out).unwrap();
    let files = files(&out);
    assert_eq!(report.preview.files as usize, files.len());
    let count = |folder: &str| {
        files
            .iter()
            .filter(|(p, _)| p.parent().unwrap().ends_with(folder))
            .count()
    };
    assert_eq!(count("interviews"), ws.interviews().unwrap().len());
    assert_eq!(count("insights"), ws.insights().unwrap().len());
    assert_eq!(count("personas"), ws.personas().unwrap().len());
    assert_eq!(count("trees"), ws.trees().unwrap().len());
    assert!(out.join("README.md").is_file() && out.join("codebook.md").is_file());

    // Every highlight is quoted in its interview, with a block id that links land on, and
    // every link of the vault names a file that exists.
    let all = text(&files);
    for h in ws.highlights().unwrap() {
        assert!(
            all.contains(&format!("^h-{}", h.id)),
            "highlight {} has no block",
            h.id
        );
    }
    let mut links = 0;
    for (_, bytes) in &files {
        let md = String::from_utf8(bytes.clone()).unwrap();
        for part in md.split("[[").skip(1) {
            let target = part.split([']', '|', '#']).next().unwrap();
            if target.is_empty() {
                continue; // a link within the same file
            }
            links += 1;
            assert!(
                out.join(format!("{target}.md")).is_file(),
                "dangling link [[{target}]]"
            );
        }
    }
    assert!(links > 50, "only {links} links");
    // Front matter first, with the interview's participants.
    let interview = files
        .iter()
        .find(|(p, _)| p.parent().unwrap().ends_with("interviews"))
        .unwrap();
    let md = String::from_utf8(interview.1.clone()).unwrap();
    assert!(md.starts_with("---\nid: \""), "{md}");
    assert!(md.contains("\nparticipants: [\""), "{md}");
}

#[test]
fn a_redacted_pack_names_no_participant_and_holds_no_email_in_any_file() {
    let (dir, ws) = demo();
    let participants = ws.participants().unwrap();
    assert!(participants.len() >= 5);
    for format in ALL {
        let out = dir.path().join(format!("{format:?}"));
        let mut req = request(format);
        req.redact = RedactOptions {
            names: true,
            emails: true,
            phones: true,
            urls: true,
            words: vec![],
        };
        let report = ws.export_pack(&req, &out).unwrap();
        let files = files(&out);
        for (path, bytes) in &files {
            let file = String::from_utf8_lossy(bytes);
            let name = path.to_string_lossy();
            for p in &participants {
                let full = &p.input.name;
                assert!(!file.contains(full.as_str()), "{name} names {full}");
                assert!(
                    !name.contains(&full.to_lowercase().replace(' ', "-")),
                    "file name {name}"
                );
                let first = full.split(' ').next().unwrap();
                let words: Vec<&str> = file.split(|c: char| !c.is_alphanumeric()).collect();
                assert!(!words.contains(&first), "{name} names {first}");
                if !p.input.email.is_empty() {
                    assert!(
                        !file.contains(p.input.email.as_str()),
                        "{name} holds {}",
                        p.input.email
                    );
                }
            }
            assert!(!file.contains("@example.com"), "{name} holds an email");
        }
        // The preview listed what was replaced.
        let names: Vec<_> = report
            .preview
            .replacements
            .iter()
            .filter(|r| r.kind == "name")
            .collect();
        assert!(
            names.iter().any(|r| r.from == participants[0].input.name),
            "{names:?}"
        );
        if format != PackFormat::Qdc {
            assert!(text(&files).contains("P01"), "{format:?}");
        }
    }
}

#[test]
fn what_a_participant_withdrew_is_left_out_and_the_preview_says_how_much() {
    let (dir, ws) = demo();
    // The participant with the most passages withdraws consent.
    let mut p = ws
        .participants()
        .unwrap()
        .into_iter()
        .max_by_key(|p| ws.participant_profile(&p.id).unwrap().highlights.len())
        .unwrap();
    let theirs: Vec<String> = ws
        .interviews()
        .unwrap()
        .iter()
        .flat_map(|i| ws.segments(&i.id).unwrap())
        .filter(|s| s.participant_id.as_deref() == Some(p.id.as_str()) && s.text.len() > 40)
        .map(|s| s.text)
        .collect();
    assert!(!theirs.is_empty());
    p.input.consent = Consent::Withdrawn;
    ws.update_participant(&p.id, &p.input).unwrap();

    let before = ws.counts().unwrap();
    let preview = ws.preview_pack(&request(PackFormat::Md)).unwrap();
    let left = &preview.left_out;
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0].reason, "consent_withdrawn");
    assert_eq!(left[0].participants, 1);
    assert!(left[0].passages as usize >= theirs.len(), "{left:?}");
    assert!(left[0].highlights > 0);

    for format in ALL {
        let out = dir.path().join(format!("c{format:?}"));
        ws.export_pack(&request(format), &out).unwrap();
        let all = text(&files(&out));
        assert!(!all.contains(&p.input.name), "{format:?} names them");
        for t in &theirs {
            assert!(!all.contains(t.as_str()), "{format:?} holds {t:?}");
        }
    }
    // "Consented only" also leaves out those whose consent is unknown.
    let mut req = request(PackFormat::Csv);
    req.scope.consented_only = true;
    let strict = ws.preview_pack(&req).unwrap();
    assert!(strict.counts["segment"] <= preview.counts["segment"]);
    assert_eq!(ws.counts().unwrap(), before, "the workspace changed");
}

#[test]
fn csv_opens_right_in_a_spreadsheet_and_runs_no_formula() {
    let (dir, ws) = demo();
    let interview = &ws.interviews().unwrap()[0];
    let segment = &ws.segments(&interview.id).unwrap()[0];
    let hostile = "=HYPERLINK(\"http://evil.example\",\"click\")";
    ws.update_segment(
        &segment.id,
        &groundwork_core::model::SegmentInput {
            text: format!("{hostile} and more, naïve café"),
            ..Default::default()
        },
    )
    .unwrap();
    ws.create_highlight(&HighlightInput {
        interview_id: Some(interview.id.clone()),
        segment_id: Some(segment.id.clone()),
        start: 0,
        end: hostile.chars().count() as i64,
        quote: hostile.into(),
        ..Default::default()
    })
    .unwrap();
    ws.create_feedback(&FeedbackInput {
        source: "@import".into(),
        customer: "-1+1".into(),
        score: Some(3.0),
        text: "+cmd|' /C calc'!A0".into(),
        received_at: None,
        ..Default::default()
    })
    .unwrap();
    let out = dir.path().join("csv");
    ws.export_pack(&request(PackFormat::Csv), &out).unwrap();
    for name in [
        "highlights.csv",
        "insights.csv",
        "codebook.csv",
        "participants.csv",
        "feedback.csv",
    ] {
        let bytes = std::fs::read(out.join(name)).unwrap();
        assert!(
            bytes.starts_with("\u{feff}".as_bytes()),
            "{name} has no BOM"
        );
        let mut reader = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
        for row in reader.records() {
            for cell in row.unwrap().iter() {
                assert!(
                    !(cell.starts_with(['=', '+', '@'])
                        || (cell.starts_with('-') && cell.parse::<f64>().is_err())),
                    "{name}: {cell:?}"
                );
            }
        }
    }
    let highlights = std::fs::read_to_string(out.join("highlights.csv")).unwrap();
    assert!(highlights.contains("'=HYPERLINK"), "{highlights}");
    let feedback = std::fs::read_to_string(out.join("feedback.csv")).unwrap();
    assert!(
        feedback.contains("'+cmd") && feedback.contains("'@import") && feedback.contains("'-1+1")
    );
}

#[test]
fn a_pack_is_never_written_over_something_and_a_scope_narrows_it() {
    let (dir, ws) = demo();
    let out = dir.path().join("taken");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("keep.txt"), "mine").unwrap();
    let e = ws.export_pack(&request(PackFormat::Md), &out).unwrap_err();
    assert_eq!(e.code.as_str(), "invalid", "{e}");
    assert_eq!(
        std::fs::read_to_string(out.join("keep.txt")).unwrap(),
        "mine"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "a partial folder was left"
    );

    // One interview and one tag: only its highlights with that tag.
    let interview = ws.interviews().unwrap().remove(0);
    let highlights = ws.interview_highlights(&interview.id).unwrap();
    let tag = highlights
        .iter()
        .find_map(|h| h.input.tag_ids.first().cloned())
        .unwrap();
    let mut req = request(PackFormat::Csv);
    req.scope.interview_ids = vec![interview.id.clone()];
    req.scope.tag_ids = vec![tag.clone()];
    req.scope.feedback = false;
    let preview = ws.preview_pack(&req).unwrap();
    assert_eq!(preview.counts["interview"], 1);
    let tagged = highlights
        .iter()
        .filter(|h| h.input.tag_ids.contains(&tag))
        .count();
    assert_eq!(preview.counts["highlight"] as usize, tagged);
    assert_eq!(preview.counts["feedback"], 0);
    // A bad date is refused before anything is read.
    req.scope.from = Some("last week".into());
    assert_eq!(ws.preview_pack(&req).unwrap_err().code.as_str(), "invalid");
}

#[test]
fn a_pack_named_zip_is_one_zip_file_holding_its_folder() {
    let (dir, ws) = demo();
    let out = dir.path().join("stakeholders.zip");
    let report = ws.export_pack(&request(PackFormat::Md), &out).unwrap();
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"));
    let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(zip.len() as u64, report.preview.files);
    assert!(zip.file_names().all(|n| n.starts_with("stakeholders/")));
    assert!(zip.file_names().any(|n| n == "stakeholders/README.md"));
    // Never over a file that is there.
    let e = ws.export_pack(&request(PackFormat::Md), &out).unwrap_err();
    assert_eq!(e.code.as_str(), "invalid");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "a partial file was left"
    );
}

#[test]
fn only_published_takes_the_published_insights_and_personas_and_what_backs_them() {
    let (_dir, ws) = demo();
    let insights = ws.insights().unwrap();
    assert!(
        insights.iter().all(|i| !i.published),
        "nothing is published at first"
    );
    let chosen = &insights[0];
    let published = ws.set_insight_published(&chosen.id, true).unwrap();
    assert!(published.published);
    let persona = &ws.personas().unwrap()[0];
    ws.set_persona_published(&persona.id, true).unwrap();

    let mut req = request(PackFormat::Md);
    req.scope.published_only = true;
    let preview = ws.preview_pack(&req).unwrap();
    let c = &preview.counts;
    assert_eq!(c["insight"], 1, "{c:?}");
    assert_eq!(c["persona"], 1, "{c:?}");
    assert_eq!((c["note"], c["tree"], c["feedback"]), (0, 0, 0), "{c:?}");
    let evidence: std::collections::HashSet<&String> = chosen
        .input
        .highlight_ids
        .iter()
        .chain(persona.statements.iter().flat_map(|s| &s.highlight_ids))
        .collect();
    assert_eq!(c["highlight"], evidence.len() as i64, "{c:?}");
    let sources: std::collections::HashSet<String> = ws
        .highlights()
        .unwrap()
        .into_iter()
        .filter(|h| evidence.contains(&h.id))
        .filter_map(|h| h.input.interview_id)
        .collect();
    assert_eq!(c["interview"], sources.len() as i64, "{c:?}");
    assert!(c["interview"] < ws.interviews().unwrap().len() as i64);

    // Unpublishing is a change like any other: undo brings the mark back.
    ws.set_insight_published(&chosen.id, false).unwrap();
    assert_eq!(ws.preview_pack(&req).unwrap().counts["insight"], 0);
    ws.undo(&groundwork_core::changes::UndoScope::Mine).unwrap();
    assert!(ws.insight(&chosen.id).unwrap().published);
}
