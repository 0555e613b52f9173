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
