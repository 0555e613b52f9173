//! A tiny `groundwork bench` run, so the benchmark cannot rot. Times are not asserted
//! (speed lives in BENCHMARKS.md); the shape and completeness of the figures are.

use serde_json::Value;

#[test]
fn a_tiny_bench_reports_every_figure_for_every_engine() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("bench.json");
    let md = dir.path().join("bench.md");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_groundwork"))
        .args(["bench", "--docs", "1000", "--reps", "3", "--json"])
        .arg(&json)
        .arg("--markdown")
        .arg(&md)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert!(report["machine"]["cpus"].as_u64().unwrap() >= 1);
    let rows = report["rows"].as_array().unwrap();
    let has = |engine: &str, metric: &str, class: &str| {
        rows.iter().any(|r| {
            r["engine"] == engine
                && r["metric"] == metric
                && r["class"] == class
                && r["value"].as_f64().is_some_and(f64::is_finite)
        })
    };
    for engine in ["groundwork", "fts5", "scan"] {
        assert!(has(engine, "import_docs_per_s", "all"), "{engine} import");
        assert!(has(engine, "edit_to_searchable_ms", "p50"), "{engine} edit");
        assert!(has(engine, "peak_rss_mb", "search"), "{engine} rss");
        for class in [
            "common", "rare", "and2", "phrase", "filtered", "prefix1", "prefix2", "prefix3",
            "prefix4", "prefix5",
        ] {
            for p in ["search_p50_ms", "search_p95_ms", "search_p99_ms"] {
                assert!(has(engine, p, class), "{engine} {p} {class}");
            }
        }
    }
    for engine in ["groundwork", "fts5"] {
        assert!(has(engine, "reindex_s", "all"), "{engine} reindex");
        assert!(has(engine, "open_ms", "p50"), "{engine} open");
    }
    for r in rows {
        assert!(r["docs"].as_u64().unwrap() >= 1000);
        assert!(r["unit"].as_str().is_some());
    }
    let table = std::fs::read_to_string(&md).unwrap();
    assert!(table.contains("| gw/fts5 | gw/scan |"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("search_p99_ms"));
}
