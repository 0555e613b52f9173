//! A migration killed halfway (issue 15, item 2): a large workspace at schema 1 is generated
//! here, and `groundwork stats` (which backs it up, migrates it and rebuilds its index) is
//! killed with SIGKILL at random moments. After every kill the database is either exactly the
//! old schema with every row, or fully migrated with every row and a good backup of the old
//! one; and the next open migrates it.

use rusqlite::Connection;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

mod common;
use common::{Rng, groundwork};

const INTERVIEWS: usize = 500;
const SEGMENTS: usize = 20;
const NOTES: usize = 1000;
const MIN_EACH: usize = 3;
const MAX_ROUNDS: usize = 40;

/// A workspace database at schema 1 with thousands of interviews, segments and notes.
fn make_v1(path: &Path) {
    let conn = Connection::open(path).unwrap();
    conn.pragma_update(None, "application_id", 0x4757_4b31)
        .unwrap();
    conn.execute_batch(groundwork_core::migration_sql()[0])
        .unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    let t = "2026-01-01T00:00:00.000Z";
    conn.execute_batch("BEGIN").unwrap();
    {
        let mut iv = conn
            .prepare("INSERT INTO interviews (id, title, notes, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)")
            .unwrap();
        let mut seg = conn
            .prepare("INSERT INTO transcript_segments (id, interview_id, position, speaker, start_ms, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
            .unwrap();
        for i in 0..INTERVIEWS {
            let id = format!("iv-{i:05}");
            iv.execute(rusqlite::params![
                id,
                format!("Interview {i}"),
                "Notes on the call.",
                t
            ])
            .unwrap();
            for s in 0..SEGMENTS {
                seg.execute(rusqlite::params![
                    format!("seg-{i:05}-{s:02}"),
                    id,
                    s as i64,
                    if s % 2 == 0 { "Interviewer" } else { "Customer" },
                    (s * 4000) as i64,
                    format!("Segment {s} of interview {i}: the onboarding checklist and the pricing page, said at some length so the database grows.")
                ])
                .unwrap();
            }
        }
        let mut note = conn
            .prepare("INSERT INTO notes (id, title, body, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)")
            .unwrap();
        for n in 0..NOTES {
            note.execute(rusqlite::params![
                format!("note-{n:05}"),
                format!("Note {n}"),
                "Synthesis notes about onboarding. ".repeat(10),
                t
            ])
            .unwrap();
        }
    }
    conn.execute_batch("COMMIT").unwrap();
}

/// (schema version, objects per table, the schema's SQL), read without changing the file.
fn look(db: &Path) -> (usize, Vec<i64>, Vec<String>) {
    let conn = Connection::open(db).unwrap();
    let quick: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(quick, "ok");
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    let counts = ["interviews", "transcript_segments", "notes"]
        .iter()
        .map(|t| {
            conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                .unwrap()
        })
        .collect();
    let schema = conn
        .prepare(
            "SELECT type || ' ' || name || ' ' || ifnull(sql, '') FROM sqlite_master ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    (version as usize, counts, schema)
}

#[test]
fn a_migration_killed_at_random_moments_leaves_the_old_schema_or_the_new_one_never_half() {
    let dir = tempfile::tempdir().unwrap();
    let original = dir.path().join("v1.sqlite");
    make_v1(&original);
    let (_, expected, v1_schema) = look(&original);
    let latest = groundwork_core::schema_version();

    // How long an uninterrupted open takes, to spread the kills over it.
    let ws = dir.path().join("timing");
    std::fs::create_dir(&ws).unwrap();
    std::fs::copy(&original, ws.join("groundwork.sqlite")).unwrap();
    let started = Instant::now();
    assert!(
        groundwork(&ws)
            .arg("stats")
            .output()
            .unwrap()
            .status
            .success()
    );
    let full = started.elapsed();

    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let (mut old_kept, mut migrated) = (0, 0);
    // Kills are drawn from [0, hi]; hi shrinks after a kill that came too late to find the old
    // schema and grows after one that came too early, so they gather around the migration.
    let full_ms = (full.as_millis() as u64).max(10);
    let mut hi = full_ms;
    for round in 0..MAX_ROUNDS {
        if old_kept >= MIN_EACH && migrated >= MIN_EACH {
            break;
        }
        let ws = dir.path().join(format!("round-{round}"));
        std::fs::create_dir(&ws).unwrap();
        let db = ws.join("groundwork.sqlite");
        std::fs::copy(&original, &db).unwrap();
        let mut child = groundwork(&ws)
            .arg("stats")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let delay = rng.next() % hi.max(1);
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();

        let (version, counts, schema) = look(&db);
        assert_eq!(
            counts, expected,
            "round {round}: rows lost (killed after {delay} ms)"
        );
        if version == 1 {
            assert_eq!(
                schema, v1_schema,
                "round {round}: schema 1 changed, but not migrated"
            );
            old_kept += 1;
            hi = (hi * 5 / 4).min(full_ms);
        } else {
            assert_eq!(version, latest, "round {round}: half migrated?");
            // Migrated only after the old database was kept.
            let backup = std::fs::read_dir(ws.join("backups"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| {
                    p.to_string_lossy().contains("before-migration-v1")
                        && p.extension().is_some_and(|e| e == "sqlite")
                })
                .unwrap_or_else(|| panic!("round {round}: migrated without a backup"));
            let (bv, bcounts, bschema) = look(&backup);
            assert_eq!((bv, &bcounts, &bschema), (1, &expected, &v1_schema));
            migrated += 1;
            hi = (hi * 3 / 4).max(5);
        }
        // The next open finishes the job.
        let check = groundwork(&ws).arg("check").output().unwrap();
        assert!(check.status.success(), "round {round}: {check:?}");
        let (version, counts, _) = look(&db);
        assert_eq!((version, counts), (latest, expected.clone()));
    }
    println!("{old_kept} kills left schema 1, {migrated} left it migrated");
    assert!(
        old_kept >= MIN_EACH && migrated >= MIN_EACH,
        "kills landed {old_kept} times before and {migrated} times after the migration committed"
    );
}
