//! `groundwork pack export` as scripts use it: exit codes, `--json`, nothing written on a
//! dry run or over a folder in the way, and a redacted pack of real transcripts that names
//! none of their speakers.

use std::path::Path;

mod common;
use common::{corpus, init, json, ok, run};

fn all_text(dir: &Path) -> String {
    let mut text = String::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p.clone());
            }
            text.push_str(&p.display().to_string());
            if p.is_file() {
                text.push_str(&String::from_utf8_lossy(&std::fs::read(&p).unwrap()));
            }
        }
    }
    text
}

#[test]
fn export_dry_run_json_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    ok(&run(&ws, &["init", "--demo"]));
    let out = dir.path().join("vault");
    let o = out.to_str().unwrap();

    let dry = run(
        &ws,
        &[
            "pack",
            "export",
            "--format",
            "md",
            "--out",
            o,
            "--redact",
            "names",
            "--dry-run",
        ],
    );
    let text = ok(&dry);
    assert!(text.starts_with("Would write"), "{text}");
    assert!(text.contains("Aisha Rahman → P"), "{text}");
    assert!(!out.exists(), "a dry run wrote the pack");

    let v = json(&run(
        &ws,
        &["pack", "export", "--format", "csv", "--out", o, "--json"],
    ));
    assert_eq!(v["path"], o);
    assert_eq!(v["preview"]["files"], 5);
    assert!(v["preview"]["counts"]["highlight"].as_i64().unwrap() > 0);
    assert!(out.join("highlights.csv").is_file());

    // The folder is taken now: exit 1, with the error as JSON, and nothing changed.
    let again = run(
        &ws,
        &["pack", "export", "--format", "md", "--out", o, "--json"],
    );
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(json(&again)["error"]["code"], "invalid");
    assert!(!out.join("README.md").exists());

    let bad = run(
        &ws,
        &[
            "pack", "export", "--format", "md", "--out", o, "--redact", "faces",
        ],
    );
    assert_eq!(
        bad.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
    let tag = run(
        &ws,
        &[
            "pack",
            "export",
            "--format",
            "md",
            "--out",
            o,
            "--tag",
            "No such tag",
        ],
    );
    assert_eq!(tag.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&tag.stderr).contains("No such tag"));

    // A tag by its name narrows the highlights; a word list strikes words.
    let words = dir.path().join("words.txt");
    std::fs::write(&words, "# client names\nLedgerly\n").unwrap();
    let narrow = dir.path().join("onboarding");
    let v = json(&run(
        &ws,
        &[
            "pack",
            "export",
            "--format",
            "md",
            "--out",
            narrow.to_str().unwrap(),
            "--tag",
            "Pain / Onboarding",
            "--redact-words",
            words.to_str().unwrap(),
            "--json",
        ],
    ));
    let all = v["preview"]["counts"]["highlight"].as_i64().unwrap();
    assert!(all > 0 && all < 56, "{all}");
    assert!(!all_text(&narrow).contains("Ledgerly"));
}

#[test]
fn a_redacted_pack_of_real_transcripts_names_none_of_their_speakers() {
    let Some(corpus) = corpus() else { return };
    let (dir, ws) = init();
    let zoom = corpus.join("transcripts/zoom");
    let teams = corpus.join("transcripts/teams");
    let v = json(&run(
        &ws,
        &[
            "import",
            zoom.to_str().unwrap(),
            teams.to_str().unwrap(),
            "--json",
        ],
    ));
    let mut names: Vec<String> = Vec::new();
    for i in v["imported"].as_array().unwrap() {
        for p in i["participants"].as_array().into_iter().flatten() {
            names.push(p["name"].as_str().unwrap().to_string());
        }
    }
    // Long enough not to be a common word by chance.
    names.retain(|n| n.contains(' ') && n.len() > 8);
    assert!(names.len() >= 5, "{names:?}");
    for format in ["md", "csv"] {
        let out = dir.path().join(format);
        ok(&run(
            &ws,
            &[
                "pack",
                "export",
                "--format",
                format,
                "--out",
                out.to_str().unwrap(),
                "--redact",
                "all",
            ],
        ));
        let text = all_text(&out);
        for n in &names {
            assert!(!text.contains(n.as_str()), "{format} names {n}");
        }
    }
}

#[test]
fn a_refi_qda_project_imports_with_a_dry_run_json_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo");
    ok(&run(&demo, &["init", "--demo"]));
    let qdpx = dir.path().join("demo.qdpx");
    let q = qdpx.to_str().unwrap();
    let v = json(&run(
        &demo,
        &["pack", "export", "--format", "qdpx", "--out", q, "--json"],
    ));
    assert_eq!(v["preview"]["files"], 1);
    assert!(v["preview"]["counts"].get("persona").is_none(), "{v}");
    assert!(qdpx.is_file());

    let (_d, ws) = init();
    let dry = json(&run(&ws, &["pack", "import", q, "--dry-run", "--json"]));
    assert_eq!(dry["import"]["dry_run"], true);
    assert_eq!(dry["import"]["added"]["interview"], 7);
    let stats = json(&run(&ws, &["stats", "--json"]));
    assert_eq!(stats["counts"]["interview"], 0, "{stats}");

    let text = ok(&run(&ws, &["pack", "import", q]));
    assert!(
        text.contains("Imported") && text.contains("7 interviews"),
        "{text}"
    );
    let stats = json(&run(&ws, &["stats", "--json"]));
    assert_eq!(stats["counts"]["interview"], 7, "{stats}");

    // Not a project: exit 1, the error as JSON naming the file, nothing changed.
    let bad = dir.path().join("notes.qdpx");
    std::fs::write(&bad, "just some text").unwrap();
    let out = run(&ws, &["pack", "import", bad.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let e = json(&out);
    assert_eq!(e["error"]["code"], "unsupported_format");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("notes.qdpx")
    );
    let after = json(&run(&ws, &["stats", "--json"]));
    assert_eq!(after["counts"], stats["counts"]);
}

#[test]
fn real_transcripts_survive_a_refi_qda_round_trip() {
    let Some(corpus) = corpus() else { return };
    let (dir, ws) = init();
    let mut folders: Vec<String> = Vec::new();
    for f in ["zoom", "teams", "podcast-talkpython", "theirstory-fossda"] {
        folders.push(corpus.join("transcripts").join(f).display().to_string());
    }
    let mut args = vec!["import"];
    args.extend(folders.iter().map(String::as_str));
    ok(&run(&ws, &args));
    let before = json(&run(&ws, &["stats", "--json"]));
    let qdpx = dir.path().join("corpus.qdpx");
    let q = qdpx.to_str().unwrap();
    ok(&run(
        &ws,
        &["pack", "export", "--format", "qdpx", "--out", q],
    ));

    let (_d, second) = init();
    ok(&run(&second, &["pack", "import", q]));
    let after = json(&run(&second, &["stats", "--json"]));
    for kind in ["interview", "segment"] {
        assert_eq!(
            after["counts"][kind], before["counts"][kind],
            "{kind}: {before} vs {after}"
        );
    }
}
