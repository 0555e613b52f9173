//! `groundwork tree …` as scripts use it: exit codes, `--json` shapes, the Markdown round trip.

use serde_json::Value;
use std::path::{Path, PathBuf};

mod common;
use common::{init, json, ok, run};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tree-500.md")
}

#[test]
fn import_list_and_export_round_trip() {
    let (dir, ws) = init();
    let md = dir.path().join("activation.md");
    std::fs::write(
        &md,
        "* Outcome: Grow activation\n    * Setup is long\n        * Payment link first\n            * A/B test the order\n    * Imports fail\n",
    )
    .unwrap();
    let out = run(&ws, &["tree", "import", md.to_str().unwrap(), "--json"]);
    let v = json(&out);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(v["title"], "Grow activation");
    assert_eq!(v["nodes"], 4);
    assert_eq!(
        v["counts"],
        serde_json::json!({"opportunity": 2, "solution": 1, "assumption_test": 1})
    );
    let id = v["id"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 36);

    let list = json(&run(&ws, &["tree", "list", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["nodes"], 4);
    assert!(ok(&run(&ws, &["tree", "list"])).contains("Grow activation  (4 nodes)"));

    // Export as Markdown, import that, export again: the same text.
    let exported = dir.path().join("out.md");
    ok(&run(
        &ws,
        &[
            "tree",
            "export",
            &id,
            "--format",
            "md",
            "--out",
            exported.to_str().unwrap(),
        ],
    ));
    let text = std::fs::read_to_string(&exported).unwrap();
    assert_eq!(
        text,
        "# Grow activation\n\n- Opportunity: Setup is long\n  - Solution: Payment link first\n    - Test: A/B test the order\n- Opportunity: Imports fail\n"
    );
    let again = json(&run(
        &ws,
        &["tree", "import", exported.to_str().unwrap(), "--json"],
    ));
    let id2 = again["id"].as_str().unwrap();
    let text2 = ok(&run(&ws, &["tree", "export", id2, "--format", "md"]));
    assert_eq!(text2, text);

    let j: Value =
        serde_json::from_str(&ok(&run(&ws, &["tree", "export", &id, "--format", "json"]))).unwrap();
    assert_eq!(j["format"], "groundwork-tree");
    assert_eq!(j["nodes"][0]["children"][0]["kind"], "solution");

    let svg_path = dir.path().join("tree.svg");
    ok(&run(
        &ws,
        &[
            "tree",
            "export",
            &id,
            "--format",
            "svg",
            "--out",
            svg_path.to_str().unwrap(),
        ],
    ));
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("Payment link first"));
}

#[test]
fn errors_name_the_file_and_line_and_exit_nonzero() {
    let (dir, ws) = init();
    let bad = dir.path().join("bad.md");
    std::fs::write(
        &bad,
        "# Outcome\n- Opportunity: fine\n- Solution: misplaced\n",
    )
    .unwrap();
    let out = run(&ws, &["tree", "import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.md: line 3:") && err.contains("a solution cannot go under the outcome"),
        "{err}"
    );
    let out = run(&ws, &["tree", "import", bad.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["error"]["code"], "invalid");
    assert!(v["error"]["message"].as_str().unwrap().contains("line 3"));
    // Nothing was made.
    assert_eq!(
        json(&run(&ws, &["tree", "list", "--json"])),
        serde_json::json!([])
    );

    let out = run(
        &ws,
        &[
            "tree",
            "import",
            dir.path().join("missing.md").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.md"));
    let out = run(&ws, &["tree", "export", "no-such-tree", "--format", "md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no tree with id no-such-tree"));
    // Usage errors.
    assert_eq!(
        run(&ws, &["tree", "export", "x", "--format", "png"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(run(&ws, &["tree", "import"]).status.code(), Some(2));
    assert_eq!(run(&ws, &["tree"]).status.code(), Some(2));
}

/// The benchmark fixture: 500 nodes, imported in one go, and it reads back exactly.
#[test]
fn the_500_node_fixture_imports_quickly_and_round_trips() {
    let (_dir, ws) = init();
    let started = std::time::Instant::now();
    let v = json(&run(
        &ws,
        &["tree", "import", fixture().to_str().unwrap(), "--json"],
    ));
    let took = started.elapsed();
    assert_eq!(v["nodes"], 500);
    assert!(took.as_secs() < 30, "importing 500 nodes took {took:?}");
    let id = v["id"].as_str().unwrap();
    let md = ok(&run(&ws, &["tree", "export", id, "--format", "md"]));
    assert_eq!(md, std::fs::read_to_string(fixture()).unwrap());
}
