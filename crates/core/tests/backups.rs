//! Backups and restore (issue 15, item 1): made with SQLite itself, listed with their counts,
//! made automatically before destructive actions and once a day, restored under a running
//! workspace; a bad backup is refused and changes nothing.

use groundwork_core::backups::BackupReason;
use groundwork_core::model::*;
use groundwork_core::search::SearchRequest;
use groundwork_core::{ErrorCode, Workspace};
use std::path::Path;

mod common;
use common::{new_ws, tag};

fn note(ws: &Workspace, title: &str) -> Note {
    ws.create_note(&NoteInput {
        title: title.into(),
        body: format!("{title} talks about the quokka onboarding flow"),
    })
    .unwrap()
}

fn hits(ws: &Workspace, q: &str) -> usize {
    ws.flush_index().unwrap();
    ws.search(&SearchRequest {
        query: q.into(),
        ..Default::default()
    })
    .unwrap()
    .total
}

fn backup_files(ws: &Workspace) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(ws.backups_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Wait for the daily backup the first write of a day starts in the background.
fn settle(ws: &Workspace) {
    for _ in 0..200 {
        if ws
            .backups()
            .unwrap()
            .iter()
            .any(|b| b.reason == BackupReason::Daily)
        {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
}

#[test]
fn a_backup_is_a_checked_sqlite_copy_listed_with_its_date_size_and_counts() {
    let (_dir, ws) = new_ws();
    note(&ws, "First note");
    note(&ws, "Second note");
    settle(&ws);
    let made = ws.backup().unwrap();
    assert_eq!(made.reason, BackupReason::Manual);
    assert!(made.bytes > 0);
    assert_eq!(made.counts["note"], 2);
    assert_eq!(made.schema_version, groundwork_core::schema_version());
    assert!(made.problem.is_none());
    // One self-contained file: no WAL beside it, readable on its own.
    let path = Path::new(&made.path);
    assert!(path.starts_with(ws.backups_dir()));
    assert!(!Path::new(&format!("{}-wal", made.path)).exists());
    let conn = rusqlite::Connection::open(path).unwrap();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
    drop(conn);

    let listed = ws.backups().unwrap();
    let found = listed.iter().find(|b| b.name == made.name).unwrap();
    assert_eq!(found.counts["note"], 2);
    assert!(found.created_at.starts_with("20"), "{}", found.created_at);

    // --out: anywhere, but never over an existing file.
    let out = ws.root().parent().unwrap().join("copy.sqlite");
    let info = ws.backup_to(&out).unwrap();
    assert_eq!(info.counts["note"], 2);
    let again = ws.backup_to(&out).unwrap_err();
    assert_eq!(again.code, ErrorCode::Conflict);
}

#[test]
fn restoring_under_a_running_workspace_brings_back_exactly_the_backup() {
    let (_dir, ws) = new_ws();
    let kept = note(&ws, "Kept note");
    let t = tag(&ws, "Pricing", None);
    let backup = ws.backup().unwrap();

    // Work after the backup: an edit, a new note, a deletion.
    ws.update_note(
        &kept.id,
        &NoteInput {
            title: "Kept note, renamed".into(),
            body: "zebra".into(),
        },
    )
    .unwrap();
    note(&ws, "Later note");
    ws.trash(ObjectKind::Tag, &t.id).unwrap();
    assert_eq!(hits(&ws, "zebra"), 1);

    let report = ws.restore_backup(&backup.name).unwrap();
    assert_eq!(report.before["note"], 2);
    assert_eq!(report.after["note"], 1);
    assert_eq!(report.after["tag"], 1);
    // The database as it was is kept as a backup, and it is listed.
    assert!(
        report.kept_as.contains("before-restore"),
        "{}",
        report.kept_as
    );
    let kept_backup = ws
        .backups()
        .unwrap()
        .into_iter()
        .find(|b| b.name == report.kept_as)
        .unwrap();
    assert_eq!(kept_backup.counts["note"], 2);

    // The same open workspace now reads and searches the restored data.
    assert_eq!(ws.note(&kept.id).unwrap().input.title, "Kept note");
    assert_eq!(ws.notes().unwrap().len(), 1);
    assert_eq!(ws.tags().unwrap().len(), 1);
    assert_eq!(hits(&ws, "zebra"), 0);
    assert_eq!(hits(&ws, "quokka"), 1);
    let check = ws.check().unwrap();
    assert!(check.ok, "{check:?}");
    // And it goes on working.
    note(&ws, "After restore");
    assert_eq!(hits(&ws, "quokka"), 2);
    drop(ws);

    // Reopened, it is still the restored data.
    let ws = Workspace::open(&_dir.path().join("ws")).unwrap();
    assert_eq!(ws.notes().unwrap().len(), 2);
    assert!(ws.check().unwrap().ok);
}

#[test]
fn restoring_undoes_the_damage_of_a_database_truncated_while_open() {
    let (dir, ws) = new_ws();
    for n in 0..200 {
        note(
            &ws,
            &format!("Note {n} {}", "with a longer body ".repeat(20)),
        );
    }
    let backup = ws.backup().unwrap();
    ws.flush_index().unwrap();
    // Something outside Groundwork cuts the database file short while the app runs.
    let db = dir.path().join("ws/groundwork.sqlite");
    let len = std::fs::metadata(&db).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&db)
        .unwrap()
        .set_len(len / 3)
        .unwrap();

    let report = ws.restore_backup(&backup.name).unwrap();
    assert_eq!(report.after["note"], 200);
    assert_eq!(ws.notes().unwrap().len(), 200);
    let check = ws.check().unwrap();
    assert!(check.ok, "{check:?}");
    drop(ws);
    let ws = Workspace::open(&dir.path().join("ws")).unwrap();
    assert!(ws.check().unwrap().ok);
    assert_eq!(ws.counts().unwrap()["note"], 200);
}

#[test]
fn a_bad_backup_is_refused_and_nothing_changes() {
    let (dir, ws) = new_ws();
    note(&ws, "The only note");
    settle(&ws);
    let good = ws.backup().unwrap();
    let before = backup_files(&ws);

    // Garbage, a cut-off backup, a database that is not ours, and one from the future.
    let garbage = dir.path().join("garbage.sqlite");
    std::fs::write(&garbage, b"not a database at all, just words").unwrap();
    let cut = dir.path().join("cut.sqlite");
    let bytes = std::fs::read(&good.path).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let foreign = dir.path().join("foreign.sqlite");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let future = dir.path().join("future.sqlite");
    std::fs::copy(&good.path, &future).unwrap();
    rusqlite::Connection::open(&future)
        .unwrap()
        .pragma_update(None, "user_version", 999)
        .unwrap();
    let damaged = dir.path().join("damaged.sqlite");
    std::fs::copy(&good.path, &damaged).unwrap();
    {
        // Overwrite a page in the middle of a table with noise, keeping the header intact.
        use std::io::{Seek, SeekFrom, Write};
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(&damaged)
            .unwrap();
        let len = f.metadata().unwrap().len();
        f.seek(SeekFrom::Start(4096.min(len - 4096))).unwrap();
        f.write_all(&vec![0xA5; 4096]).unwrap();
    }

    for bad in [&garbage, &cut, &foreign, &future, &damaged] {
        let err = ws.restore_backup_file(bad).unwrap_err();
        assert!(
            matches!(err.code, ErrorCode::Storage | ErrorCode::UnsupportedFormat),
            "{}: {err:?}",
            bad.display()
        );
        assert!(
            err.message.contains(&bad.display().to_string()),
            "the error names the file: {}",
            err.message
        );
        assert_eq!(ws.notes().unwrap().len(), 1);
        assert_eq!(
            backup_files(&ws),
            before,
            "a refused restore left files behind"
        );
    }
    // A name that is not in backups/ is not a path into the file system.
    let err = ws
        .restore_backup("groundwork-20261202T033004123Z-before-migration-v/../../garbage.sqlite")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert!(ws.check().unwrap().ok);
}

#[test]
fn destructive_actions_are_backed_up_first() {
    let (_dir, ws) = new_ws();
    let a = tag(&ws, "Onboarding", None);
    let b = tag(&ws, "Signup", None);
    let c = tag(&ws, "Billing", None);
    let n = note(&ws, "Trashed note");
    settle(&ws);
    let reasons = |ws: &Workspace| -> Vec<BackupReason> {
        ws.backups().unwrap().iter().map(|b| b.reason).collect()
    };
    ws.merge_tags(&b.id, &a.id).unwrap();
    assert!(reasons(&ws).contains(&BackupReason::BeforeTagMerge));
    ws.delete_tag(&c.id, None).unwrap();
    assert!(reasons(&ws).contains(&BackupReason::BeforeTagDelete));
    // The backup before a merge holds the tag the merge removed.
    let before_merge = ws
        .backups()
        .unwrap()
        .into_iter()
        .find(|b| b.reason == BackupReason::BeforeTagMerge)
        .unwrap();
    assert_eq!(before_merge.counts["tag"], 3);

    ws.trash(ObjectKind::Note, &n.id).unwrap();
    ws.purge_trash(true).unwrap();
    let before_purge = ws
        .backups()
        .unwrap()
        .into_iter()
        .find(|b| b.reason == BackupReason::BeforeEmptyTrash)
        .expect("no backup before emptying the trash");
    // It still has the note that is now gone for good; restoring it brings it back.
    ws.restore_backup(&before_purge.name).unwrap();
    assert!(ws.trash_entries().unwrap().iter().any(|e| e.id == n.id));
}

#[test]
fn the_first_write_of_a_day_starts_one_daily_backup() {
    let (_dir, ws) = new_ws();
    assert!(
        ws.backups().unwrap().is_empty(),
        "an untouched workspace needs no backup"
    );
    note(&ws, "One");
    settle(&ws);
    note(&ws, "Two");
    note(&ws, "Three");
    drop(ws);
    let ws = Workspace::open(&_dir.path().join("ws")).unwrap();
    note(&ws, "Four");
    drop(ws);
    let ws = Workspace::open(&_dir.path().join("ws")).unwrap();
    let daily: Vec<_> = ws
        .backups()
        .unwrap()
        .into_iter()
        .filter(|b| b.reason == BackupReason::Daily)
        .collect();
    assert_eq!(daily.len(), 1, "{daily:?}");
}

#[test]
fn a_migration_is_preceded_by_a_backup_of_the_old_schema() {
    // The newest past schema's fixture (tests/schemas.rs keeps one for every landed version).
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schemas");
    let version = (1..groundwork_core::schema_version())
        .rev()
        .find(|v| fixtures.join(format!("v{v}.sqlite")).exists())
        .expect("no fixture of a past schema in tests/fixtures/schemas");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws");
    std::fs::create_dir(&path).unwrap();
    std::fs::copy(
        fixtures.join(format!("v{version}.sqlite")),
        path.join("groundwork.sqlite"),
    )
    .unwrap();
    let ws = Workspace::open(&path).unwrap();
    let notes = ws.notes().unwrap().len();
    assert!(notes > 0, "the fixture holds notes");
    let pre = ws
        .backups()
        .unwrap()
        .into_iter()
        .find(|b| b.reason == BackupReason::BeforeMigration)
        .expect("no backup before the migration");
    assert_eq!(pre.schema_version, version);
    assert_eq!(pre.counts["note"], notes as i64);
    assert!(ws.check().unwrap().ok);
    // Restoring the old-schema backup brings it to today's schema again.
    let report = ws.restore_backup(&pre.name).unwrap();
    assert_eq!(report.schema_from, version);
    assert!(ws.check().unwrap().ok);
    assert_eq!(ws.notes().unwrap().len(), notes);
}
