//! REFI-QDA: the demo's project (.qdpx) and codebook (.qdc) validate against the standard's
//! schemas and are read by an independent parser (tests/refiqda/check.py: lxml + pyrefiqda);
//! a project exported and imported into an empty workspace keeps every source, code and
//! coding; projects "from another tool" (emoji, accents, CRLF, a BOM, braced GUIDs) import
//! at the right characters; hostile archives and XML are refused with the workspace unchanged.

mod common;

use common::new_ws;
use groundwork_core::Workspace;
use groundwork_core::changes::UndoScope;
use groundwork_core::model::{HighlightInput, InterviewInput, SegmentInput, TagInput};
use groundwork_core::pack::{PackFormat, PackRequest};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

fn request(format: PackFormat) -> PackRequest {
    PackRequest {
        format,
        scope: Default::default(),
        redact: Default::default(),
    }
}

/// The Python of tests/refiqda/.venv (scripts/setup.sh test makes it), or
/// GROUNDWORK_REFIQDA_PYTHON. Missing, the checks that need it are skipped, except with
/// CI=true, where they fail.
fn python() -> Option<PathBuf> {
    let path = std::env::var("GROUNDWORK_REFIQDA_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/refiqda/.venv/bin/python")
        });
    if path.exists() {
        return Some(path);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "the REFI-QDA checker's Python is missing at {} (scripts/setup.sh test makes it)",
            path.display()
        );
    }
    eprintln!(
        "notice: {} is missing; skipping the independent REFI-QDA checks",
        path.display()
    );
    None
}

/// What the independent reader makes of a .qdpx or .qdc, after validating it.
fn check(file: &Path) -> Option<Value> {
    let python = python()?;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/refiqda/check.py");
    let out = Command::new(python).arg(script).arg(file).output().unwrap();
    assert!(
        out.status.success(),
        "{} did not pass the independent check:\n{}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

fn demo() -> (tempfile::TempDir, Workspace) {
    let (dir, ws) = new_ws();
    groundwork_core::demo::seed_demo(&ws).unwrap();
    (dir, ws)
}

/// (source, selected text, codes) of every selection the reader saw, sorted.
fn codings(v: &Value) -> Vec<(String, String, Vec<String>)> {
    let mut out: Vec<_> = v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| {
            s["selections"].as_array().unwrap().iter().map(|x| {
                let mut codes: Vec<String> = x["codes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c.as_str().unwrap().to_string())
                    .collect();
                codes.sort();
                (
                    s["name"].as_str().unwrap().to_string(),
                    x["text"].as_str().unwrap().to_string(),
                    codes,
                )
            })
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_demo_exports_a_project_and_codebook_the_standard_and_another_reader_accept() {
    let (dir, ws) = demo();
    let qdpx = dir.path().join("demo.qdpx");
    let report = ws.export_pack(&request(PackFormat::Qdpx), &qdpx).unwrap();
    assert_eq!(report.preview.files, 1);
    let qdc = dir.path().join("demo.qdc");
    ws.export_pack(&request(PackFormat::Qdc), &qdc).unwrap();

    let tags = ws.tags().unwrap();
    let Some(book) = check(&qdc) else { return };
    assert_eq!(book["codes"].as_array().unwrap().len(), tags.len());
    let paths: Vec<&str> = book["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    for t in &tags {
        assert!(paths.contains(&t.path.as_str()), "{} missing", t.path);
    }

    let project = check(&qdpx).unwrap();
    let interviews = ws.interviews().unwrap();
    let sources = project["sources"].as_array().unwrap();
    assert_eq!(sources.len(), interviews.len());
    let highlights = ws.highlights().unwrap();
    let found = codings(&project);
    assert_eq!(found.len(), highlights.len());
    // Each quote within one passage is exactly the text its selection covers.
    for h in highlights
        .iter()
        .filter(|h| h.input.end_segment_id.is_none())
    {
        assert!(
            found.iter().any(|(_, text, _)| *text == h.input.quote),
            "no selection covers {:?}",
            h.input.quote
        );
    }
    let codings: usize = found.iter().map(|(_, _, c)| c.len()).sum();
    let tagged: usize = highlights.iter().map(|h| h.input.tag_ids.len()).sum();
    assert_eq!(codings, tagged);
    assert_eq!(
        project["cases"].as_array().unwrap().len(),
        ws.participants().unwrap().len()
    );
}

#[test]
fn a_project_round_trip_keeps_every_source_code_and_coding_and_undoes_as_one_step() {
    let (dir, ws) = demo();
    let first = dir.path().join("first.qdpx");
    ws.export_pack(&request(PackFormat::Qdpx), &first).unwrap();

    let (_dir2, empty) = new_ws();
    let before = empty.counts().unwrap();
    let dry = empty
        .import_pack_file(&first, true)
        .expect("a dry run reads the project");
    assert_eq!(
        empty.counts().unwrap(),
        before,
        "a dry run changed the workspace"
    );
    let done = empty.import_pack_file(&first, false).unwrap();
    assert_eq!(dry.added, done.added, "the dry run said something else");
    assert_eq!(
        done.added["interview"],
        ws.interviews().unwrap().len() as i64
    );
    assert_eq!(
        done.added["highlight"],
        ws.highlights().unwrap().len() as i64
    );
    assert_eq!(done.added["tag"], ws.tags().unwrap().len() as i64);
    assert!(done.left_out.is_empty(), "{:?}", done.left_out);

    // Every passage keeps its speaker and time.
    for i in empty.interviews().unwrap() {
        let original = ws
            .interviews()
            .unwrap()
            .into_iter()
            .find(|o| o.input.title == i.input.title)
            .unwrap();
        let (a, b) = (
            ws.segments(&original.id).unwrap(),
            empty.segments(&i.id).unwrap(),
        );
        assert_eq!(a.len(), b.len(), "{}", i.input.title);
        for (x, y) in a.iter().zip(&b) {
            // A line break inside a passage is a space in REFI-QDA's one line per passage.
            assert_eq!(
                x.text.trim().replace('\n', " "),
                y.text,
                "{}",
                i.input.title
            );
            assert_eq!(x.start_ms.map(|m| m / 1000), y.start_ms.map(|m| m / 1000));
        }
        assert_eq!(
            i.input.participant_ids.len(),
            original.input.participant_ids.len()
        );
    }

    let second = dir.path().join("second.qdpx");
    empty
        .export_pack(&request(PackFormat::Qdpx), &second)
        .unwrap();
    if let (Some(a), Some(b)) = (check(&first), check(&second)) {
        assert_eq!(codings(&a), codings(&b));
        let names = |v: &Value| {
            let mut n: Vec<String> = v["sources"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["name"].as_str().unwrap().to_string())
                .collect();
            n.sort();
            n
        };
        assert_eq!(names(&a), names(&b));
    }

    // A codebook of codes that are all here adds nothing.
    let qdc = dir.path().join("book.qdc");
    ws.export_pack(&request(PackFormat::Qdc), &qdc).unwrap();
    let again = empty.import_pack_file(&qdc, false).unwrap();
    assert!(again.added.values().all(|n| *n == 0), "{:?}", again.added);
    assert_eq!(again.matched["tag"], ws.tags().unwrap().len() as i64);

    // The codebook changed nothing, so it left no step; the project's import is one step.
    let undone = empty.undo(&UndoScope::Mine).unwrap();
    assert!(undone.summary.contains("first.qdpx"), "{}", undone.summary);
    let after = empty.counts().unwrap();
    assert_eq!(after.get("interview"), Some(&0), "{after:?}");
    assert_eq!(after.get("tag"), Some(&0), "{after:?}");
    assert!(empty.undo(&UndoScope::Mine).is_err(), "more than one step");
}

/// A .qdpx as another tool writes one: braced upper-case GUIDs, a short colour, a source
/// file with a BOM and CRLF line ends, emoji and accents before the coded words.
fn foreign_project(extra: &[(&str, &[u8])], qde: &str) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default();
    w.start_file("project.qde", o).unwrap();
    w.write_all(qde.as_bytes()).unwrap();
    for (name, bytes) in extra {
        w.start_file(*name, o).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const SOURCE: &str = "\u{FEFF}Interviewer: Welcome 👋 to the café!\r\nRenée: I paid €40 — naïve, I know 🤦‍♀️. Then the export failed.\r\nRenée: It failed twice.\r\nInterviewer: Oh no.\r\n";

fn foreign_qde(source_ref: &str) -> String {
    // Positions count code points of the text after its BOM: "Renée: " starts at 36.
    let text: Vec<char> = SOURCE.trim_start_matches('\u{FEFF}').chars().collect();
    let find = |s: &str| {
        let s: Vec<char> = s.chars().collect();
        (0..text.len())
            .find(|i| text[*i..].starts_with(&s))
            .unwrap()
    };
    let a = find("naïve, I know 🤦‍♀️");
    let a_end = a + "naïve, I know 🤦‍♀️".chars().count();
    let b = find("the export failed");
    let b_end = find("It failed twice") + "It failed".chars().count();
    let c = find("twice.");
    let c_end = find("Oh no.") + "Oh no".chars().count();
    format!(
        r##"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Study" origin="Another tool">
<CodeBook><Codes>
<Code guid="{{1B4E28BA-2FA1-11D2-883F-0016D3CCA427}}" name="Pain" isCodable="true" color="#C00">
<Code guid="{{1B4E28BA-2FA1-11D2-883F-0016D3CCA428}}" name="Export / sync" isCodable="true"/>
</Code>
</Codes></CodeBook>
<Cases><Case guid="1B4E28BA-2FA1-11D2-883F-0016D3CCA430" name="Renée"><SourceRef targetGUID="{{6F9619FF-8B86-D011-B42D-00C04FC964FF}}"/></Case></Cases>
<Sources>
<TextSource guid="{{6F9619FF-8B86-D011-B42D-00C04FC964FF}}" name="Call with Renée" plainTextPath="{source_ref}">
<PlainTextSelection guid="{{6F9619FF-8B86-D011-B42D-00C04FC96500}}" startPosition="{a}" endPosition="{a_end}"><Coding guid="{{6F9619FF-8B86-D011-B42D-00C04FC96501}}"><CodeRef targetGUID="1b4e28ba-2fa1-11d2-883f-0016d3cca427"/></Coding></PlainTextSelection>
<PlainTextSelection guid="6F9619FF-8B86-D011-B42D-00C04FC96502" startPosition="{b}" endPosition="{b_end}"><Description>Both &amp; again</Description><Coding guid="6F9619FF-8B86-D011-B42D-00C04FC96503"><CodeRef targetGUID="{{1B4E28BA-2FA1-11D2-883F-0016D3CCA428}}"/></Coding></PlainTextSelection>
<PlainTextSelection guid="6F9619FF-8B86-D011-B42D-00C04FC96504" startPosition="{c}" endPosition="{c_end}"><Coding guid="6F9619FF-8B86-D011-B42D-00C04FC96505"><CodeRef targetGUID="{{1B4E28BA-2FA1-11D2-883F-0016D3CCA427}}"/></Coding></PlainTextSelection>
</TextSource>
<PDFSource guid="6F9619FF-8B86-D011-B42D-00C04FC96600" name="Survey.pdf" path="internal://x.pdf"/>
</Sources>
<Notes><Note guid="6F9619FF-8B86-D011-B42D-00C04FC96700" name="Memo"><PlainTextContent>Renée is a power user.</PlainTextContent></Note></Notes>
</Project>"##
    )
}

#[test]
fn a_project_from_another_tool_lands_on_the_right_characters() {
    let (dir, ws) = new_ws();
    let file = dir.path().join("study.qdpx");
    let bytes = foreign_project(
        &[("sources/source-1.txt", SOURCE.as_bytes())],
        &foreign_qde("internal://source-1.txt"),
    );
    std::fs::write(&file, &bytes).unwrap();
    let report = ws.import_pack_file(&file, false).unwrap();
    // The third selection runs from Renée's words into the interviewer's: a highlight each.
    assert_eq!(report.added["highlight"], 4, "{report:?}");
    assert_eq!(report.added["participant"], 1);
    assert_eq!(report.left_out.len(), 1, "the PDF: {:?}", report.left_out);
    assert!(report.left_out[0].contains("Survey.pdf"));

    let tags = ws.tags().unwrap();
    let pain = tags.iter().find(|t| t.input.name == "Pain").unwrap();
    assert_eq!(pain.input.color, "#cc0000");
    let sync = tags
        .iter()
        .find(|t| t.path == "Pain / Export ∕ sync")
        .unwrap();

    let interview = &ws.interviews().unwrap()[0];
    assert_eq!(interview.input.title, "Call with Renée");
    assert_eq!(interview.input.participant_ids.len(), 1);
    let segments = ws.segments(&interview.id).unwrap();
    assert_eq!(segments.len(), 4);
    assert_eq!(segments[1].speaker.as_deref(), Some("Renée"));
    assert_eq!(
        segments[1].participant_id,
        interview.input.participant_ids.first().cloned()
    );
    assert_eq!(segments[0].text, "Welcome 👋 to the café!");

    let highlights = ws.highlights().unwrap();
    let quoted = |q: &str| {
        highlights
            .iter()
            .find(|h| h.input.quote == q)
            .unwrap_or_else(|| panic!("no highlight quotes {q:?}: {highlights:#?}"))
    };
    assert_eq!(
        quoted("naïve, I know 🤦‍♀️").input.tag_ids,
        vec![pain.id.clone()]
    );
    assert_eq!(quoted("twice.").input.tag_ids, vec![pain.id.clone()]);
    assert_eq!(quoted("Oh no").speaker.as_deref(), Some("Interviewer"));
    // A selection over two passages of one speaker is one highlight over both.
    let long = quoted("the export failed. It failed");
    assert_eq!(long.input.end_segment_id.as_ref(), Some(&segments[2].id));
    assert_eq!(long.input.comment, "Both & again");
    assert_eq!(long.input.tag_ids, vec![sync.id.clone()]);
    assert_eq!(ws.notes().unwrap()[0].input.body, "Renée is a power user.");

    // Exported again, the same words are selected.
    let out = dir.path().join("again.qdpx");
    ws.export_pack(&request(PackFormat::Qdpx), &out).unwrap();
    if let Some(v) = check(&out) {
        let texts: Vec<String> = codings(&v).into_iter().map(|(_, t, _)| t).collect();
        assert!(texts.contains(&"naïve, I know 🤦‍♀️".to_string()), "{texts:?}");
    }
}

#[test]
fn emoji_and_accents_in_our_transcripts_export_at_the_right_code_points() {
    let (dir, ws) = new_ws();
    let i = ws
        .create_interview(&InterviewInput {
            title: "Émilie 🎧".into(),
            ..Default::default()
        })
        .unwrap();
    ws.add_segments(
        &i.id,
        &[
            SegmentInput {
                speaker: Some("Zoë".into()),
                start_ms: Some(65_000),
                text: "𝒜 first 👩‍👩‍👧 line, with Ünïcode".into(),
                ..Default::default()
            },
            SegmentInput {
                speaker: Some("Zoë".into()),
                text: "second 💥 line".into(),
                ..Default::default()
            },
        ],
    )
    .unwrap();
    let segments = ws.segments(&i.id).unwrap();
    let tag = ws
        .create_tag(&TagInput {
            name: "Ünïcode".into(),
            ..Default::default()
        })
        .unwrap();
    for (s, quote) in [(0, "line, with Ünïcode"), (1, "💥 line")] {
        let text = &segments[s].text;
        let start = text[..text.find(quote).unwrap()].chars().count() as i64;
        ws.create_highlight(&HighlightInput {
            interview_id: Some(i.id.clone()),
            segment_id: Some(segments[s].id.clone()),
            start,
            end: start + quote.chars().count() as i64,
            quote: quote.into(),
            tag_ids: vec![tag.id.clone()],
            ..Default::default()
        })
        .unwrap();
    }
    let out = dir.path().join("u.qdpx");
    ws.export_pack(&request(PackFormat::Qdpx), &out).unwrap();
    let Some(v) = check(&out) else { return };
    let texts: Vec<String> = codings(&v).into_iter().map(|(_, t, _)| t).collect();
    assert_eq!(texts, ["line, with Ünïcode", "💥 line"]);
}

#[test]
fn hostile_projects_are_refused_naming_the_entry_and_change_nothing() {
    let (dir, ws) = new_ws();
    common::tag(&ws, "Existing", None);
    let good_qde = foreign_qde("internal://s.txt");
    let source: (&str, &[u8]) = ("sources/s.txt", SOURCE.as_bytes());
    let with = |name: &str, bytes: &[u8]| {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default();
        w.start_file("project.qde", o).unwrap();
        w.write_all(good_qde.as_bytes()).unwrap();
        w.start_file("sources/s.txt", o).unwrap();
        w.write_all(SOURCE.as_bytes()).unwrap();
        w.start_file(name, o).unwrap();
        w.write_all(bytes).unwrap();
        w.finish().unwrap().into_inner()
    };
    let symlink = {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default();
        w.start_file("project.qde", o).unwrap();
        w.write_all(good_qde.as_bytes()).unwrap();
        w.add_symlink("sources/s.txt", "/etc/passwd", o).unwrap();
        w.finish().unwrap().into_inner()
    };
    let bomb = {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        w.start_file("project.qde", o).unwrap();
        w.write_all(&vec![b' '; 100 * 1024 * 1024]).unwrap();
        w.finish().unwrap().into_inner()
    };
    let entity = good_qde.replacen(
        "<Project",
        "<!DOCTYPE p [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<Project",
        1,
    );
    let dangling = good_qde.replace(
        "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
        "00000000-0000-0000-0000-000000000000",
    );
    let outside = good_qde.replace("startPosition=\"", "startPosition=\"9999");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("zip-slip", with("../../evil.txt", b"x"), "../../evil.txt"),
        ("absolute", with("/tmp/evil.txt", b"x"), "/tmp/evil.txt"),
        ("drive", with("C:/evil.txt", b"x"), "C:/evil.txt"),
        ("duplicate", with("SOURCES/S.TXT", b"x"), "twice"),
        ("symlink", symlink, "symbolic link"),
        ("bomb", bomb, "zip bomb"),
        ("entities", foreign_project(&[source], &entity), "line 2"),
        (
            "dangling",
            foreign_project(&[source], &dangling),
            "does not hold",
        ),
        (
            "outside",
            foreign_project(&[source], &outside),
            "outside its text",
        ),
        (
            "missing source",
            foreign_project(&[], &good_qde),
            "sources/s.txt",
        ),
        (
            "not utf-8",
            foreign_project(&[("sources/s.txt", b"caf\xE9")], &good_qde),
            "not UTF-8",
        ),
        ("empty project", foreign_project(&[], ""), "ends before"),
    ];
    let before = ws.counts().unwrap();
    let history = ws.history(&UndoScope::Mine, 100).unwrap().len();
    for (what, bytes, says) in cases {
        let file = dir.path().join(format!("{what}.qdpx"));
        std::fs::write(&file, &bytes).unwrap();
        for dry in [true, false] {
            let e = ws
                .import_pack_file(&file, dry)
                .expect_err(&format!("{what} was accepted"));
            assert!(
                e.message.contains(says) && e.message.contains(&format!("{what}.qdpx")),
                "{what}: {}",
                e.message
            );
        }
    }
    assert_eq!(ws.counts().unwrap(), before);
    assert_eq!(ws.history(&UndoScope::Mine, 100).unwrap().len(), history);
}
