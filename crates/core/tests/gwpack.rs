//! Groundwork packs (.gwpack): export from one workspace, merge into a second by identity,
//! edit on both, export and merge again — the preview and the result follow the rule (the
//! version changed last is kept; the other stays in the history), the same pack twice changes
//! nothing, a merge undoes as one step, and every hostile archive is refused with the
//! workspace unchanged.

mod common;

use common::new_ws;
use groundwork_core::Workspace;
use groundwork_core::changes::UndoScope;
use groundwork_core::model::{InsightInput, NoteInput};
use groundwork_core::pack::{PackFormat, PackRequest};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

fn export(ws: &Workspace, dir: &Path, name: &str) -> PathBuf {
    let out = dir.join(name);
    ws.export_pack(
        &PackRequest {
            format: PackFormat::Gwpack,
            scope: Default::default(),
            redact: Default::default(),
        },
        &out,
    )
    .unwrap();
    out
}

fn pause() {
    // Times are kept to the millisecond: let each edit have its own.
    std::thread::sleep(std::time::Duration::from_millis(5));
}

#[test]
fn two_workspaces_merge_by_identity_and_the_newer_version_wins() {
    let dir = tempfile::tempdir().unwrap();
    let (_a_dir, a) = new_ws();
    groundwork_core::demo::seed_demo(&a).unwrap();
    let (_b_dir, b) = new_ws();

    // A → B: everything arrives with its own ids.
    let first = export(&a, dir.path(), "first.gwpack");
    let report = b.import_pack_file(&first, false).unwrap();
    let counts = a.counts().unwrap();
    assert_eq!(b.counts().unwrap(), counts, "{report:?}");
    let ids = |ws: &Workspace| {
        let mut v: Vec<String> = ws.insights().unwrap().into_iter().map(|i| i.id).collect();
        v.sort();
        v
    };
    assert_eq!(ids(&a), ids(&b));
    assert!(b.check().unwrap().ok);

    // The same pack again changes nothing and leaves no step in the history.
    let history = b.history(&UndoScope::Mine, 1000).unwrap().len();
    let again = b.import_pack_file(&first, false).unwrap();
    assert!(again.added.values().all(|n| *n == 0), "{:?}", again.added);
    assert!(again.conflicts.is_empty(), "{:?}", again.conflicts);
    assert_eq!(b.history(&UndoScope::Mine, 1000).unwrap().len(), history);

    // Edit on both. Insight 0: B first, then A (A's is newer). Note: A first, then B (B's is
    // newer). Insight 1: only A. A also adds a note.
    let insights = a.insights().unwrap();
    let (i0, i1) = (&insights[0], &insights[1]);
    let note = a.notes().unwrap()[0].clone();
    let edit_insight = |ws: &Workspace, id: &str, title: &str| {
        let mut input: InsightInput = ws.insight(id).unwrap().input;
        input.title = title.into();
        ws.update_insight(id, &input).unwrap();
        pause();
    };
    let edit_note = |ws: &Workspace, title: &str| {
        ws.update_note(
            &note.id,
            &NoteInput {
                title: title.into(),
                body: note.input.body.clone(),
            },
        )
        .unwrap();
        pause();
    };
    pause();
    edit_insight(&b, &i0.id, "B's title");
    edit_note(&a, "A's note title");
    edit_insight(&a, &i0.id, "A's title");
    edit_note(&b, "B's note title");
    edit_insight(&a, &i1.id, "Only A changed this");
    let new_note = a
        .create_note(&NoteInput {
            title: "Added in A".into(),
            body: "After the first pack".into(),
        })
        .unwrap();

    let second = export(&a, dir.path(), "second.gwpack");
    let before = b.counts().unwrap();
    let preview = b.import_pack_file(&second, true).unwrap();
    assert_eq!(
        b.counts().unwrap(),
        before,
        "the dry run changed the workspace"
    );
    let kept = |id: &str| {
        preview
            .conflicts
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.kept.as_str())
    };
    assert_eq!(kept(&i0.id), Some("pack"), "{:?}", preview.conflicts);
    assert_eq!(kept(&note.id), Some("workspace"), "{:?}", preview.conflicts);
    assert_eq!(kept(&i1.id), Some("pack"));
    assert_eq!(preview.conflicts.len(), 3, "{:?}", preview.conflicts);
    assert_eq!(preview.added.get("note"), Some(&1));
    assert_eq!(preview.updated.get("insight"), Some(&2));

    let done = b.import_pack_file(&second, false).unwrap();
    assert_eq!(
        done.conflicts, preview.conflicts,
        "the preview said something else"
    );
    assert_eq!(b.insight(&i0.id).unwrap().input.title, "A's title");
    assert_eq!(
        b.insight(&i1.id).unwrap().input.title,
        "Only A changed this"
    );
    assert_eq!(b.note(&note.id).unwrap().input.title, "B's note title");
    assert_eq!(b.note(&new_note.id).unwrap().input.title, "Added in A");
    assert!(b.check().unwrap().ok);

    // Merged again: nothing left to do.
    let third = b.import_pack_file(&second, true).unwrap();
    assert!(third.added.values().all(|n| *n == 0), "{:?}", third.added);
    assert!(
        third.conflicts.iter().all(|c| c.kept == "workspace"),
        "{:?}",
        third.conflicts
    );

    // The merge is one step: undo brings B's version of insight 0 back and drops A's note.
    let undone = b.undo(&UndoScope::Mine).unwrap();
    assert!(
        undone.summary.contains("second.gwpack"),
        "{}",
        undone.summary
    );
    assert_eq!(b.insight(&i0.id).unwrap().input.title, "B's title");
    assert!(b.note(&new_note.id).is_err());
}

/// A pack's entries, to tamper with.
fn entries(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut e = zip.by_index(i).unwrap();
            let mut b = Vec::new();
            e.read_to_end(&mut b).unwrap();
            (e.name().to_string(), b)
        })
        .collect()
}

fn zipped(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        w.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The entries with `path` changed by `f`; the manifest's checksum fixed when `fix`.
fn tampered(
    good: &[(String, Vec<u8>)],
    path: &str,
    fix: bool,
    f: impl Fn(&str) -> String,
) -> Vec<u8> {
    let mut e = good.to_vec();
    let at = e.iter().position(|(n, _)| n == path).unwrap();
    e[at].1 = f(std::str::from_utf8(&e[at].1).unwrap()).into_bytes();
    if fix {
        use sha2::Digest;
        let hash: String = sha2::Sha256::digest(&e[at].1)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let m = e.iter().position(|(n, _)| n == "manifest.json").unwrap();
        let mut manifest: serde_json::Value = serde_json::from_slice(&e[m].1).unwrap();
        for entry in manifest["entries"].as_array_mut().unwrap() {
            if entry["path"] == path {
                entry["sha256"] = hash.clone().into();
            }
        }
        e[m].1 = serde_json::to_vec(&manifest).unwrap();
    }
    zipped(&e)
}

#[test]
fn hostile_packs_are_refused_naming_the_entry_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_a, a) = new_ws();
    groundwork_core::demo::seed_demo(&a).unwrap();
    let good = entries(&export(&a, dir.path(), "good.gwpack"));
    let (_b, b) = new_ws();
    common::tag(&b, "Existing", None);
    let manifest = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut e = good.clone();
        let m = e.iter().position(|(n, _)| n == "manifest.json").unwrap();
        let mut v: serde_json::Value = serde_json::from_slice(&e[m].1).unwrap();
        f(&mut v);
        e[m].1 = serde_json::to_vec(&v).unwrap();
        zipped(&e)
    };
    let mut extra = good.clone();
    extra.push(("objects/evil.json".into(), b"[]".to_vec()));
    let mut slip = good.clone();
    slip.push(("../evil.json".into(), b"[]".to_vec()));
    let without = |path: &str| {
        zipped(
            &good
                .iter()
                .filter(|(n, _)| n != path)
                .cloned()
                .collect::<Vec<_>>(),
        )
    };
    let first_tag_id = {
        let tags: serde_json::Value = serde_json::from_slice(
            &good
                .iter()
                .find(|(n, _)| n == "objects/tags.json")
                .unwrap()
                .1,
        )
        .unwrap();
        tags[0]["id"].as_str().unwrap().to_string()
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "newer format",
            manifest(&|m| m["format_version"] = 99.into()),
            "newer Groundwork",
        ),
        (
            "newer schema",
            manifest(&|m| m["schema_version"] = 999.into()),
            "newer Groundwork",
        ),
        (
            "not a pack",
            manifest(&|m| m["format"] = "something-else".into()),
            "not a Groundwork pack",
        ),
        (
            "bad checksum",
            tampered(&good, "objects/notes.json", false, |s| {
                s.replace("\"title\"", "\"title\" ")
            }),
            "objects/notes.json\": its checksum",
        ),
        ("unlisted entry", zipped(&extra), "objects/evil.json"),
        ("zip-slip", zipped(&slip), "../evil.json"),
        (
            "missing entry",
            without("objects/tags.json"),
            "objects/tags.json",
        ),
        ("no manifest", without("manifest.json"), "no manifest.json"),
        (
            "not a uuid",
            tampered(&good, "objects/tags.json", true, |s| {
                s.replacen(&first_tag_id, "../../etc", 1)
            }),
            "not a UUID",
        ),
        (
            "invalid tag",
            tampered(&good, "objects/tags.json", true, |s| {
                s.replacen("\"name\": \"", "\"name\": \"a/b ", 1)
            }),
            "must not contain '/'",
        ),
        (
            "malformed json",
            tampered(&good, "objects/insights.json", true, |s| {
                s.replacen('{', "{{", 1)
            }),
            "objects/insights.json\", line",
        ),
    ];
    let before = b.counts().unwrap();
    let history = b.history(&UndoScope::Mine, 100).unwrap().len();
    for (what, bytes, says) in cases {
        let file = dir
            .path()
            .join(format!("{}.gwpack", what.replace(' ', "-")));
        std::fs::write(&file, &bytes).unwrap();
        for dry in [true, false] {
            let e = b
                .import_pack_file(&file, dry)
                .expect_err(&format!("{what} was accepted"));
            assert!(
                e.message.contains(says) && e.message.contains(".gwpack"),
                "{what}: {}",
                e.message
            );
        }
    }
    assert_eq!(b.counts().unwrap(), before);
    assert_eq!(b.history(&UndoScope::Mine, 100).unwrap().len(), history);
}

#[test]
fn a_redacted_pack_merges_into_an_empty_workspace_with_pseudonyms() {
    let dir = tempfile::tempdir().unwrap();
    let (_a, a) = new_ws();
    groundwork_core::demo::seed_demo(&a).unwrap();
    let out = dir.path().join("redacted.gwpack");
    a.export_pack(
        &PackRequest {
            format: PackFormat::Gwpack,
            scope: Default::default(),
            redact: groundwork_core::pack::redact::RedactOptions {
                names: true,
                emails: true,
                phones: true,
                urls: true,
                words: vec![],
            },
        },
        &out,
    )
    .unwrap();
    let (_b, b) = new_ws();
    let r = b.import_pack_file(&out, false).unwrap();
    let (ca, cb) = (a.counts().unwrap(), b.counts().unwrap());
    let unplaced = r
        .left_out
        .iter()
        .filter(|l| l.starts_with("highlight"))
        .count() as i64;
    assert_eq!(
        cb["highlight"] + unplaced,
        ca["highlight"],
        "{:?}",
        r.left_out
    );
    assert!(
        unplaced <= 2,
        "most quotes find their passage: {:?}",
        r.left_out
    );
    assert_eq!(cb["interview"], ca["interview"]);
    let names: Vec<String> = a
        .participants()
        .unwrap()
        .into_iter()
        .map(|p| p.input.name)
        .collect();
    for p in b.participants().unwrap() {
        assert!(
            !names.contains(&p.input.name),
            "{} came through",
            p.input.name
        );
        assert!(p.input.name.starts_with('P'), "{}", p.input.name);
    }
    assert!(b.check().unwrap().ok);
}

#[test]
fn a_tag_named_like_one_here_joins_it() {
    let dir = tempfile::tempdir().unwrap();
    let (_a, a) = new_ws();
    let pain_a = common::tag(&a, "Pain", None);
    let (_b, b) = new_ws();
    let pain_b = common::tag(&b, "pain", None);
    let pack = export(&a, dir.path(), "a.gwpack");
    let r = b.import_pack_file(&pack, false).unwrap();
    assert_eq!(r.matched.get("tag"), Some(&1), "{r:?}");
    let tags = b.tags().unwrap();
    assert_eq!(tags.len(), 1);
    assert_eq!(tags[0].id, pain_b.id);
    assert_ne!(pain_a.id, pain_b.id);
}

#[test]
fn consent_withdrawn_here_stays_withdrawn_and_their_words_stay_out() {
    use groundwork_core::model::{Consent, InterviewInput, SegmentInput};
    let dir = tempfile::tempdir().unwrap();
    let (_a, a) = new_ws();
    groundwork_core::demo::seed_demo(&a).unwrap();
    let (_b, b) = new_ws();
    b.import_pack_file(&export(&a, dir.path(), "first.gwpack"), false)
        .unwrap();

    // B's participant withdraws consent; later, A edits them and records a new call with them.
    let who = b.participants().unwrap()[0].clone();
    let mut withdrawn = who.input.clone();
    withdrawn.consent = Consent::Withdrawn;
    b.update_participant(&who.id, &withdrawn).unwrap();
    pause();
    let mut edited = a.participant(&who.id).unwrap().input;
    edited.role = "Head of finance".into();
    a.update_participant(&who.id, &edited).unwrap();
    let call = a
        .create_interview(&InterviewInput {
            title: "Follow-up call".into(),
            participant_ids: vec![who.id.clone()],
            ..Default::default()
        })
        .unwrap();
    a.add_segments(
        &call.id,
        &[
            SegmentInput {
                speaker: Some(who.input.name.clone()),
                participant_id: Some(who.id.clone()),
                text: "Something only they said.".into(),
                ..Default::default()
            },
            SegmentInput {
                speaker: Some("Interviewer".into()),
                text: "Thanks for your time.".into(),
                ..Default::default()
            },
        ],
    )
    .unwrap();

    let r = b
        .import_pack_file(&export(&a, dir.path(), "second.gwpack"), false)
        .unwrap();
    let them = b.participant(&who.id).unwrap();
    assert_eq!(them.input.consent, Consent::Withdrawn, "{r:?}");
    assert_eq!(
        them.input.role, "Head of finance",
        "the rest of the newer version is taken"
    );
    let follow = b
        .interviews()
        .unwrap()
        .into_iter()
        .find(|i| i.input.title == "Follow-up call")
        .unwrap();
    let texts: Vec<String> = b
        .segments(&follow.id)
        .unwrap()
        .into_iter()
        .map(|s| s.text)
        .collect();
    assert_eq!(texts, ["Thanks for your time."]);
    assert!(
        r.left_out.iter().any(|l| l.contains("withdrew consent")),
        "{:?}",
        r.left_out
    );
}
