//! `groundwork import --as feedback` and `groundwork feedback stats` as scripts use them:
//! the mapping used and what was added in `--json`, nothing added the second time, a mapping
//! file honoured, and the stats' JSON shape.

mod common;
use common::{init, json, ok, run};
use std::path::PathBuf;

fn survey() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/feedback/nps-survey.csv")
}

#[test]
fn importing_an_export_twice_adds_nothing_the_second_time() {
    let (_dir, ws) = init();
    let file = survey();
    let f = file.to_str().unwrap();
    let v = json(&run(&ws, &["import", f, "--as", "feedback", "--json"]));
    let first = &v["imported"][0];
    assert_eq!(first["kind"], "feedback");
    assert_eq!(
        (first["added"].as_u64(), first["already_present"].as_u64()),
        (Some(60), Some(0))
    );
    assert_eq!(first["warning_count"], 3);
    assert_eq!(first["warnings"][0]["value"], "N/A");
    let roles: Vec<(String, String)> = first["mapping"]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_string(),
                c["role"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        roles.contains(&("Plan".into(), "segment".into())),
        "{roles:?}"
    );
    assert_eq!(first["mapping"]["score_kind"], "nps");

    // Again: nothing new, and said so (not refused as a file imported before).
    let v = json(&run(&ws, &["import", f, "--json"]));
    assert_eq!(v["imported"].as_array().unwrap().len(), 0, "{v}");
    assert_eq!(
        v["skipped_details"][0]["reason"],
        "nothing new: all 60 feedback items were imported before"
    );
    let text = ok(&run(&ws, &["import", f]));
    assert!(
        text.contains("nothing new: all 60 feedback items"),
        "{text}"
    );

    let stats = json(&run(&ws, &["feedback", "stats", "--by", "month", "--json"]));
    assert_eq!(stats["items"], 60);
    assert_eq!(stats["states"]["new"], 60);
    for key in ["score", "responses", "promoters", "passives", "detractors"] {
        assert!(stats["nps"].get(key).is_some(), "nps.{key}");
    }
    assert_eq!(stats["groups"].as_array().unwrap().len(), 3);
    assert_eq!(stats["groups"][0]["key"], "2026-09");
    let text = ok(&run(&ws, &["feedback", "stats", "--by", "segment"]));
    assert!(
        text.contains("60 feedback items") && text.contains("NPS "),
        "{text}"
    );
    assert!(text.contains("Enterprise"), "{text}");
    // Nothing is coded yet: no tag groups, the overall figures all the same.
    let by_tag = json(&run(&ws, &["feedback", "stats", "--by", "tag", "--json"]));
    assert_eq!(by_tag["groups"].as_array().unwrap().len(), 0);
    assert_eq!(by_tag["nps"], stats["nps"]);
}

#[test]
fn a_mapping_file_decides_the_columns() {
    let (dir, ws) = init();
    let mapping = dir.path().join("mapping.json");
    std::fs::write(
        &mapping,
        r#"{"columns": [{"name": "What is the main reason for your score?", "role": "text"},
                        {"name": "How likely are you to recommend Groundwork to a friend or colleague?", "role": "score"},
                        {"name": "Email", "role": "customer"}]}"#,
    )
    .unwrap();
    let file = survey();
    let v = json(&run(
        &ws,
        &[
            "import",
            file.to_str().unwrap(),
            "--mapping",
            mapping.to_str().unwrap(),
            "--json",
        ],
    ));
    let imported = &v["imported"][0];
    assert_eq!(imported["mapping"]["columns"][2]["role"], "customer");
    // Columns the file has that the mapping does not name are kept as details.
    assert_eq!(imported["mapping"]["columns"][7]["role"], "attribute");

    // A mapping that leaves no text column is refused, naming the problem; nothing is added.
    std::fs::write(
        &mapping,
        r#"{"columns": [{"name": "Email", "role": "email"}]}"#,
    )
    .unwrap();
    let out = run(
        &ws,
        &[
            "import",
            survey().to_str().unwrap(),
            "--mapping",
            mapping.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(all.contains("no column for the feedback text"), "{all}");
    std::fs::write(&mapping, "{not json").unwrap();
    let out = run(
        &ws,
        &[
            "import",
            survey().to_str().unwrap(),
            "--mapping",
            mapping.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("mapping.json, line 1: not a column mapping"),
        "{err}"
    );
}
