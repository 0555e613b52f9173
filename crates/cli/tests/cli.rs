//! The `groundwork` command as scripts use it: exit codes, `--json` shapes, the real corpus.

use std::path::Path;

mod common;
use common::{corpus, init, json, run};

#[test]
fn init_demo_seeds_a_new_workspace_and_refuses_an_existing_one() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("demo");
    let out = run(&ws, &["init", "--demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stats = json(&run(&ws, &["stats", "--json"]));
    assert!(
        stats["counts"]["interview"].as_u64().unwrap() >= 6,
        "{stats}"
    );
    let hits = json(&run(&ws, &["search", "login", "--json"]));
    assert!(
        hits["total"].as_u64().unwrap() > 0,
        "the demo is searchable: {hits}"
    );

    // Seeding again would mix a second copy into the workspace: refused, nothing changes.
    let out = run(&ws, &["init", "--demo"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        json(&run(&ws, &["stats", "--json"]))["counts"],
        stats["counts"]
    );
}

#[test]
fn usage_errors_exit_2() {
    let (_d, ws) = init();
    assert_eq!(run(&ws, &["import"]).status.code(), Some(2));
    assert_eq!(
        run(&ws, &["import", "x.vtt", "--as", "poem"]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&ws, &["search", "x", "--kind", "poem"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&ws, &["frobnicate"]).status.code(), Some(2));
}

#[test]
fn a_missing_workspace_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&dir.path().join("nope"), &["stats"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("not a Groundwork workspace") && err.contains("init"),
        "{err}"
    );
}

#[test]
fn a_failed_file_imports_nothing_while_the_others_proceed() {
    let (dir, ws) = init();
    let files = dir.path().join("files");
    std::fs::create_dir(&files).unwrap();
    std::fs::write(
        files.join("good.vtt"),
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ann>The capybara report was late again.\n\n00:00:05.000 --> 00:00:07.000\n<v Bo>Why late?\n",
    )
    .unwrap();
    // A broken timing line in the middle: nothing of this file may land.
    std::fs::write(
        files.join("broken.vtt"),
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfirst cue mentions axolotl\n\n00:00:03.000 -> 00:00:0x\nsecond\n",
    )
    .unwrap();
    let out = run(&ws, &["import", files.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let imported = report["imported"].as_array().unwrap();
    assert_eq!(imported.len(), 1);
    let good = &imported[0];
    assert_eq!(good["kind"], "interview");
    assert_eq!(good["title"], "good");
    assert_eq!(good["segments"], 2);
    assert_eq!(
        good["speakers"],
        serde_json::json!([{"name": "Ann", "turns": 1}, {"name": "Bo", "turns": 1}])
    );
    assert!(good["id"].as_str().is_some_and(|id| id.len() == 36));
    let failed = report["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1);
    assert!(failed[0]["path"].as_str().unwrap().ends_with("broken.vtt"));
    assert_eq!(failed[0]["error"]["code"], "unsupported_format");
    let message = failed[0]["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("broken.vtt") && message.contains("line 6"),
        "{message}"
    );

    let found = json(&run(&ws, &["search", "capybara", "--json"]));
    assert_eq!(found["total"], 1);
    assert_eq!(found["hits"][0]["kind"], "segment");
    let none = json(&run(&ws, &["search", "axolotl", "--json"]));
    assert_eq!(none["total"], 0, "the broken file left something behind");
    let stats = json(&run(&ws, &["stats", "--json"]));
    assert_eq!(stats["counts"]["interview"], 1);
    assert_eq!(stats["counts"]["segment"], 2);
    assert_eq!(stats["outbox_lag"], 0);
    assert_eq!(run(&ws, &["check"]).status.code(), Some(0));
}

/// What a folder walk picks, in which order, and what it says per file on a terminal (the
/// desktop's import job walks and imports the same way).
#[test]
fn a_folder_import_walks_in_order_and_says_what_became_of_each_file() {
    let (dir, ws) = init();
    let root = dir.path().join("calls");
    for sub in ["b-sub", ".hidden"] {
        std::fs::create_dir_all(root.join(sub)).unwrap();
    }
    let vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Mel>Why?\n";
    std::fs::write(root.join("c.vtt"), vtt).unwrap();
    std::fs::write(root.join("b-sub/a.md"), "# Kickoff\n\nNotes.").unwrap();
    std::fs::write(root.join("d.text"), "Plain words.").unwrap();
    std::fs::write(root.join("b-sub/broken.vtt"), "not captions").unwrap();
    std::fs::write(root.join("report.pdf"), "x").unwrap();
    std::fs::write(root.join(".hidden/z.md"), "# Hidden").unwrap();
    std::fs::write(root.join(".dot.md"), "# Dot").unwrap();
    let out = run(&ws, &["import", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "a file failed");
    let r = root.display();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "imported  note      Kickoff  {r}/b-sub/a.md\n\
             failed    {r}/b-sub/broken.vtt: contains no cues (no timed caption text was found)\n\
             imported  interview c  (1 segments, 1 speakers; participants: Mel (new))  {r}/c.vtt\n\
             imported  note      d  {r}/d.text\n\
             skipped   {r}/.dot.md (a hidden file)\n\
             skipped   {r}/report.pdf (not a file type Groundwork imports)\n\
             \n3 imported, 1 failed, 2 skipped\n"
        )
    );
}

#[test]
fn search_json_has_the_documented_shape() {
    let (dir, ws) = init();
    let note = dir.path().join("pricing.md");
    std::fs::write(
        &note,
        "# Pricing review\n\nCustomers find the annual plan confusing.\n",
    )
    .unwrap();
    assert!(
        run(&ws, &["import", note.to_str().unwrap()])
            .status
            .success()
    );
    let r = json(&run(
        &ws,
        &[
            "search",
            "annual plan",
            "--json",
            "--kind",
            "note",
            "--limit",
            "5",
        ],
    ));
    assert_eq!(r["total"], 1);
    assert!(r["took_ms"].as_f64().is_some());
    assert_eq!(r["counts"]["note"], 1);
    let hit = &r["hits"][0];
    assert_eq!(hit["kind"], "note");
    assert_eq!(hit["title"], "Pricing review");
    assert!(hit["snippet"].as_str().unwrap().contains("annual plan"));
    assert!(hit["score"].as_f64().unwrap() > 0.0);
    assert_eq!(hit["highlights"].as_array().unwrap().len(), 2);
    assert_eq!(r["corrected_query"], serde_json::Value::Null);

    // A misspelt word: the results for the corrected query, and the query they answer.
    let r = json(&run(&ws, &["search", "anual plan", "--json"]));
    assert_eq!(r["total"], 1);
    assert_eq!(r["corrected_query"], "annual plan");
    let out = run(&ws, &["search", "confusnig"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("Nothing matched as typed; showing results for: confusing\n1 result in "),
        "{text}"
    );
}

#[test]
fn reindex_rebuilds_and_check_agrees() {
    let (dir, ws) = init();
    let note = dir.path().join("n.md");
    std::fs::write(&note, "# Tapir\n\ntapirs everywhere\n").unwrap();
    assert!(
        run(&ws, &["import", note.to_str().unwrap()])
            .status
            .success()
    );
    let out = run(&ws, &["reindex"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 documents"));
    let check = json(&run(&ws, &["check", "--json"]));
    assert_eq!(check["ok"], true);
    assert_eq!(check["index"]["expected"], 1);
    assert_eq!(json(&run(&ws, &["search", "tapir", "--json"]))["total"], 1);
}

#[test]
fn the_corpus_imports_with_the_right_kinds_and_is_searchable() {
    let Some(corpus) = corpus() else { return };
    let (_d, ws) = init();
    let folders: Vec<String> = ["interviews", "transcripts", "feedback"]
        .iter()
        .map(|f| corpus.join(f).display().to_string())
        .collect();
    let mut args = vec!["import", "--json"];
    args.extend(folders.iter().map(String::as_str));
    let out = run(&ws, &args);
    let report = json(&out);
    assert_eq!(
        report["failed"],
        serde_json::json!([]),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0));
    let imported = report["imported"].as_array().unwrap();
    let kind_of = |needle: &str| -> String {
        let hit = imported
            .iter()
            .find(|i| i["path"].as_str().unwrap().contains(needle))
            .unwrap_or_else(|| panic!("{needle} not imported"));
        hit["kind"].as_str().unwrap().to_string()
    };
    // 56 files: 26 interview and research-synthesis Markdown files, 27 transcripts and chats, 3 CSVs.
    assert_eq!(imported.len(), 56);
    assert_eq!(kind_of("donald-1-full.md"), "interview");
    assert_eq!(kind_of("researchsummary.md"), "note");
    assert_eq!(kind_of("Flatfile Metadata Guide.md"), "note");
    assert_eq!(kind_of("karen-sandler.vtt"), "interview");
    assert_eq!(kind_of("acdc_2026-02-19_175/chat.txt"), "interview");
    assert_eq!(kind_of("sample.sbv"), "interview");
    assert_eq!(
        kind_of("Womens Clothing E-Commerce Reviews.csv"),
        "feedback"
    );
    for i in imported.iter().filter(|i| i["kind"] == "interview") {
        assert!(i["segments"].as_u64().unwrap() > 0, "{i}");
    }
    let donald = imported
        .iter()
        .find(|i| i["path"].as_str().unwrap().ends_with("donald-1-full.md"))
        .unwrap();
    let names: Vec<&str> = donald["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    // A third voice thanks them at the very end.
    assert_eq!(names, vec!["MEL", "DONALD", "MIRABAI"]);

    // Words one can read in those files find them, with snippets around the words.
    for (query, expected_title) in [
        ("\"Software Freedom Conservancy\"", "karen-sandler"),
        (
            "SQLAlchemy",
            "005_mike_bayer_SQLAlchemy_and_data_access_in_Python",
        ),
        ("Kurtosis", "chat"),
        ("PyPI", "donald-1-full"),
    ] {
        let r = json(&run(&ws, &["search", query, "--json", "--limit", "50"]));
        assert!(r["total"].as_u64().unwrap() > 0, "{query}: no hits");
        let hits = r["hits"].as_array().unwrap();
        assert!(
            hits.iter()
                .any(|h| h["title"].as_str().unwrap().contains(expected_title)),
            "{query}: no hit from {expected_title}: {hits:?}"
        );
        // Every hit shows the words around the match; an interview found by its title alone
        // (the podcast's file name says "SQLAlchemy") has no body text to cut one from.
        assert!(
            hits.iter()
                .all(|h| !h["snippet"].as_str().unwrap().is_empty() || h["kind"] == "interview"),
            "{query}: {hits:?}"
        );
    }
    let fb = json(&run(
        &ws,
        &["search", "dress", "--kind", "feedback", "--json"],
    ));
    assert!(fb["total"].as_u64().unwrap() > 10);
    assert_eq!(run(&ws, &["check"]).status.code(), Some(0));
}

#[test]
fn persona_import_json_dry_run_and_errors() {
    let (dir, ws) = init();
    let file = dir.path().join("team.md");
    std::fs::write(
        &file,
        "# Personas\n\n## Ops Olivia\n\nRole: Operations manager\n\n### Goals\n- Fewer tickets\n\n### Pain points\n- Too many tools\n\n### Quotes\n- \"I live in spreadsheets.\"\n",
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let want = serde_json::json!({"personas": [{"name": "Ops Olivia", "statements": {
        "goal": ["Fewer tickets"], "pain": ["Too many tools"], "job": [], "behaviour": [],
        "quote": ["\"I live in spreadsheets.\""]}}]});

    // A dry run reports the same and saves nothing.
    let out = run(&ws, &["persona", "import", f, "--dry-run", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out), want);
    let count = |ws: &Path| json(&run(ws, &["stats", "--json"]))["counts"]["persona"].clone();
    assert_eq!(count(&ws), 0);
    // A dry run does not even make a workspace.
    let elsewhere = dir.path().join("never");
    let out = run(&elsewhere, &["persona", "import", f, "--dry-run"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing saved"));
    assert!(!elsewhere.exists());

    let out = run(&ws, &["persona", "import", f, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out), want);
    assert_eq!(count(&ws), 1);

    // Not personas: exit 1, the file named, nothing saved.
    let bad = dir.path().join("notes.md");
    std::fs::write(&bad, "# Notes\n\nJust text.\n").unwrap();
    let out = run(&ws, &["persona", "import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("notes.md"));
    assert_eq!(count(&ws), 1);
}

#[test]
fn persona_import_reads_the_corpus_persona_documents() {
    let Some(corpus) = corpus() else { return };
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let file = corpus.join("personas/nebari/personas.md");
    let out = run(
        &ws,
        &[
            "persona",
            "import",
            file.to_str().unwrap(),
            "--dry-run",
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    let names: Vec<&str> = v["personas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Data Scientist (End User)",
            "Platform Manager (Admin)",
            "DevOps / SysAdmin"
        ]
    );
    for p in v["personas"].as_array().unwrap() {
        assert!(!p["statements"]["goal"].as_array().unwrap().is_empty());
        assert!(!p["statements"]["pain"].as_array().unwrap().is_empty());
    }
}

/// The issue-12 pattern files (crates/core/tests/fixtures/patterns) through the command:
/// dates, distinct titles, speakers as people; importing the folder again imports nothing
/// and says, file by file, that it was imported before (`--again` imports anyway).
#[test]
fn a_second_import_of_the_same_files_is_reported_as_skipped() {
    let (_dir, ws) = init();
    let patterns = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/patterns");
    let first = json(&run(&ws, &["import", patterns.to_str().unwrap(), "--json"]));
    let imported = first["imported"].as_array().unwrap();
    assert_eq!(imported.len(), 6, "{first}");
    let by_file = |name: &str| {
        imported
            .iter()
            .find(|i| i["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} not imported: {first}"))
    };
    assert_eq!(
        by_file("2026-05-28 zoom-pricing-call.vtt")["date"],
        "2026-05-28"
    );
    assert_eq!(by_file("interview-notes-round-2.md")["date"], "2019-10-24");
    let mut titles: Vec<&str> = imported
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    titles.sort_unstable();
    assert!(
        titles.contains(&"interview") && titles.contains(&"round-2 interview"),
        "{titles:?}"
    );
    // Priya Nair, Tom and Lena each speak in two of these files: nobody stands out as the
    // interviewer, so all three become participants; Tom is one person whatever his label
    // says ("Tom Okafor [Northwind]").
    let zoom = by_file("zoom-pricing-call.vtt");
    assert_eq!(zoom["interviewers"], serde_json::json!([]), "{zoom}");
    assert_eq!(zoom["participants"].as_array().unwrap().len(), 3, "{zoom}");
    let tom = zoom["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["speaker"] == "Tom Okafor [Northwind]")
        .unwrap();
    assert_eq!(tom["name"], "Tom Okafor");

    let again = run(&ws, &["import", patterns.to_str().unwrap(), "--json"]);
    assert_eq!(again.status.code(), Some(0), "skipping is not failing");
    let again = json(&again);
    assert_eq!(again["imported"].as_array().unwrap().len(), 0, "{again}");
    let details = again["skipped_details"].as_array().unwrap();
    assert_eq!(details.len(), 6, "{again}");
    for d in details {
        assert!(
            d["reason"]
                .as_str()
                .unwrap()
                .starts_with("already imported on "),
            "{d}"
        );
        assert!(d["previous"]["id"].is_string(), "{d}");
    }
    let text = run(&ws, &["import", patterns.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&text.stdout);
    assert!(
        out.contains("skipped   ") && out.contains("(--again imports it anyway)"),
        "{out}"
    );
    assert!(out.ends_with("0 imported, 0 failed, 6 skipped\n"), "{out}");
    let forced = json(&run(
        &ws,
        &["import", patterns.to_str().unwrap(), "--again", "--json"],
    ));
    assert_eq!(forced["imported"].as_array().unwrap().len(), 6);
}
