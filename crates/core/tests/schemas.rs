//! Every past schema migrates (issue 15, item 2). `tests/fixtures/schemas/vN.sqlite` is a
//! small workspace database at schema version N, for every version that has landed; each is
//! opened with today's code, which backs it up, migrates it and rebuilds its index, and then
//! `check` passes with every object still there.
//!
//! The fixtures are made by `scripts/make-schema-fixtures.sh` (the ignored test below): a
//! workspace filled by today's code (the demo project, plus the things the demo does not
//! touch: a tree move, a dismissed suggestion, a memorable quote, a remembered speaker, an
//! attachment, something in the trash), projected onto the tables and columns of schema N
//! as built from the first N migrations. Migrations so far only add, so that projection is
//! what a Groundwork of schema N would hold. A fixture, once committed, is never remade:
//! the script only makes the versions that have none.

use groundwork_core::backups::BackupReason;
use groundwork_core::model::*;
use groundwork_core::{Workspace, migration_sql, schema_version};
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schemas")
}

fn fixture(version: usize) -> PathBuf {
    fixtures_dir().join(format!("v{version}.sqlite"))
}

/// The tables that hold objects, with the column that names each.
const OBJECT_TABLES: &[&str] = &[
    "participants",
    "interviews",
    "transcript_segments",
    "notes",
    "tags",
    "highlights",
    "insights",
    "personas",
    "persona_statements",
    "trees",
    "tree_nodes",
    "evidence",
    "feedback_items",
];

/// Every table's rows, as the primary key or rowid of each: what "every object" means.
fn contents(conn: &Connection) -> BTreeMap<String, Vec<String>> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let mut out = BTreeMap::new();
    for t in tables {
        let key = if OBJECT_TABLES.contains(&t.as_str()) {
            "id"
        } else {
            "*"
        };
        let sql = if key == "id" {
            format!("SELECT id FROM \"{t}\" ORDER BY id")
        } else {
            format!("SELECT count(*) FROM \"{t}\"")
        };
        let rows: Vec<String> = conn
            .prepare(&sql)
            .unwrap()
            .query_map([], |r| r.get::<_, rusqlite::types::Value>(0))
            .unwrap()
            .map(|r| format!("{:?}", r.unwrap()))
            .collect();
        out.insert(t, rows);
    }
    out
}

#[test]
fn every_past_schema_migrates_and_keeps_every_object() {
    let latest = schema_version();
    let missing: Vec<usize> = (1..=latest).filter(|v| !fixture(*v).is_file()).collect();
    assert!(
        missing.is_empty(),
        "no fixture for schema version(s) {missing:?}: run scripts/make-schema-fixtures.sh and commit \
         crates/core/tests/fixtures/schemas/"
    );
    for version in 1..=latest {
        let dir = tempfile::tempdir().unwrap();
        let ws_path = dir.path().join("ws");
        std::fs::create_dir(&ws_path).unwrap();
        let db = ws_path.join("groundwork.sqlite");
        std::fs::copy(fixture(version), &db).unwrap();
        let before = {
            let conn = Connection::open(&db).unwrap();
            let v: i64 = conn
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .unwrap();
            assert_eq!(v as usize, version, "v{version}.sqlite is at schema {v}");
            contents(&conn)
        };
        // The trees' history became lines of the change log (V7), which keeps every entry
        // that was not undone.
        let tree_history: i64 = if before.contains_key("tree_history") {
            let conn = Connection::open(&db).unwrap();
            conn.query_row(
                "SELECT count(*) FROM tree_history WHERE undone = 0",
                [],
                |r| r.get(0),
            )
            .unwrap()
        } else {
            0
        };
        assert!(
            OBJECT_TABLES.iter().all(|t| !before[*t].is_empty()),
            "v{version}.sqlite should hold every kind of object: {:?}",
            OBJECT_TABLES
                .iter()
                .filter(|t| before[**t].is_empty())
                .collect::<Vec<_>>()
        );

        let ws = Workspace::open(&ws_path)
            .unwrap_or_else(|e| panic!("schema v{version} does not open: {e:?}"));
        let check = ws.check().unwrap();
        assert!(check.ok, "schema v{version}: {check:?}");
        if version < latest {
            let backups = ws.backups().unwrap();
            let pre = backups
                .iter()
                .find(|b| b.reason == BackupReason::BeforeMigration)
                .unwrap_or_else(|| panic!("schema v{version}: no backup before migrating"));
            assert_eq!(pre.schema_version, version);
        }
        // Search finds the demo's words in the migrated workspace.
        ws.flush_index().unwrap();
        let found = ws
            .search(&groundwork_core::search::SearchRequest {
                query: "onboarding".into(),
                ..Default::default()
            })
            .unwrap();
        assert!(found.total > 0, "schema v{version}: search finds nothing");
        drop(ws);

        let conn = Connection::open(&db).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v as usize, latest);
        let after = contents(&conn);
        if before.contains_key("tree_history") {
            let lines: i64 = conn
                .query_row(
                    "SELECT count(*) FROM changes WHERE summary LIKE '%(before the change log: cannot be undone)'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(
                lines, tree_history,
                "schema v{version}: tree history lines lost"
            );
        }
        for (table, rows) in &before {
            if table == "tree_history" && !after.contains_key(table) {
                continue; // checked above
            }
            let now = after
                .get(table)
                .unwrap_or_else(|| panic!("schema v{version}: table {table} is gone"));
            if OBJECT_TABLES.contains(&table.as_str()) {
                let missing: Vec<&String> = rows.iter().filter(|r| !now.contains(r)).collect();
                assert!(
                    missing.is_empty(),
                    "schema v{version}: {table} lost {missing:?}"
                );
            }
            // What joins objects is kept whole too: a table rebuilt with foreign keys on
            // would have cascaded into the rows that point at it.
            if LINK_TABLES.contains(&table.as_str()) {
                assert_eq!(now, rows, "schema v{version}: {table} lost rows");
            }
        }
        let memorable = |conn: &Connection| -> Option<i64> {
            conn.query_row(
                "SELECT count(*) FROM interviews WHERE memorable_highlight_id IS NOT NULL",
                [],
                |r| r.get(0),
            )
            .ok()
        };
        if let Some(was) = memorable(&Connection::open(fixture(version)).unwrap()) {
            assert_eq!(
                memorable(&conn),
                Some(was),
                "schema v{version}: memorable quotes lost"
            );
        }
    }
}

/// Tables that link objects (counted, not named by id).
const LINK_TABLES: &[&str] = &[
    "highlight_tags",
    "interview_participants",
    "persona_participants",
    "persona_suggestion_dismissals",
    "speaker_mappings",
    "attachments",
];

/// Fill a workspace with today's code: the demo, and what the demo leaves untouched.
fn filled_workspace(path: &Path) {
    let ws = Workspace::init(path).unwrap();
    groundwork_core::demo::seed_demo(&ws).unwrap();
    // A tree move (its history, V2).
    let tree = ws.trees().unwrap().into_iter().next().unwrap();
    let nodes = ws.tree_nodes(&tree.id).unwrap();
    let last = &nodes[nodes.len() - 1];
    ws.move_tree_node(&last.id, last.input.parent_id.as_deref(), 0)
        .unwrap();
    // A dismissed suggestion (V3).
    let persona = ws.personas().unwrap().into_iter().next().unwrap();
    let statement = &persona.statements[0];
    let highlight = ws.highlights().unwrap().into_iter().next().unwrap();
    ws.dismiss_persona_suggestion(&statement.id, &highlight.id)
        .unwrap();
    // A memorable quote (V4), an attachment (V5), something in the trash.
    let interview_id = highlight.input.interview_id.clone().unwrap();
    ws.set_memorable_quote(&interview_id, Some(&highlight.id))
        .unwrap();
    ws.attach_bytes(
        &interview_id,
        "consent-form.txt",
        b"Consent given on the call.",
    )
    .unwrap();
    let note = ws
        .create_note(&NoteInput {
            title: "Thrown away".into(),
            body: "A note in the trash.".into(),
        })
        .unwrap();
    ws.trash(ObjectKind::Note, &note.id).unwrap();
    let participant = ws.participants().unwrap().into_iter().next().unwrap();
    drop(ws);
    // A remembered speaker (V5).
    let conn = Connection::open(path.join("groundwork.sqlite")).unwrap();
    conn.execute(
        "INSERT INTO speaker_mappings (speaker, target, participant_id, updated_at) VALUES ('Dana K.', 'participant', ?1, '2026-12-01T10:00:00.000Z')",
        [&participant.id],
    )
    .unwrap();
}

/// A database at schema `version` holding what `source` holds, as far as that schema has room.
fn project(source: &Path, version: usize, dest: &Path) {
    let _ = std::fs::remove_file(dest);
    let conn = Connection::open(dest).unwrap();
    conn.pragma_update(None, "application_id", 0x4757_4b31)
        .unwrap();
    for sql in &migration_sql()[..version] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", version as i64)
        .unwrap();
    conn.execute("ATTACH ?1 AS src", [source.to_str().unwrap()])
        .unwrap();
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let columns = |schema: &str, table: &str| -> Vec<String> {
        conn.prepare(&format!(
            "SELECT name FROM pragma_table_info('{table}', '{schema}')"
        ))
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
    };
    conn.execute_batch("PRAGMA foreign_keys = OFF; BEGIN;")
        .unwrap();
    for t in &tables {
        let theirs = columns("src", t);
        if theirs.is_empty() {
            continue; // a table today's schema no longer has (tree_history, gone in V7)
        }
        let shared: Vec<String> = columns("main", t)
            .into_iter()
            .filter(|c| theirs.contains(c))
            .map(|c| format!("\"{c}\""))
            .collect();
        let list = shared.join(", ");
        conn.execute(
            &format!("INSERT INTO main.\"{t}\" ({list}) SELECT {list} FROM src.\"{t}\""),
            [],
        )
        .unwrap();
    }
    conn.execute_batch("COMMIT; DETACH src;").unwrap();
    let fk: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0, "v{version}: the projection broke references");
    conn.execute_batch("VACUUM;").unwrap();
}

/// `scripts/make-schema-fixtures.sh`: make the fixtures that are missing (or the versions
/// named in GROUNDWORK_FIXTURE_VERSIONS, e.g. "6", even if present).
#[test]
#[ignore = "makes fixtures; run through scripts/make-schema-fixtures.sh"]
fn make_schema_fixtures() {
    let wanted: Vec<usize> = match std::env::var("GROUNDWORK_FIXTURE_VERSIONS") {
        Ok(list) if !list.trim().is_empty() => list
            .split(',')
            .map(|v| {
                v.trim()
                    .trim_start_matches('v')
                    .parse()
                    .expect("a version number")
            })
            .collect(),
        _ => (1..=schema_version())
            .filter(|v| !fixture(*v).is_file())
            .collect(),
    };
    if wanted.is_empty() {
        println!("every schema version has its fixture");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source");
    filled_workspace(&source);
    std::fs::create_dir_all(fixtures_dir()).unwrap();
    for version in wanted {
        assert!(
            (1..=schema_version()).contains(&version),
            "schema version {version} does not exist (this build knows 1 to {})",
            schema_version()
        );
        project(
            &source.join("groundwork.sqlite"),
            version,
            &fixture(version),
        );
        println!(
            "made {} ({} bytes)",
            fixture(version).display(),
            std::fs::metadata(fixture(version)).unwrap().len()
        );
    }
}
