//! Disk full (issue 15, item 3): a write that fails for lack of space is a clear `storage`
//! error saying what to do, loses nothing saved before, leaves the index consistent, and
//! succeeds once there is space again. Space runs out through SQLite's `max_page_count` on
//! the writer connection, which fails a write exactly as a full disk does (SQLITE_FULL).

use crate::error::{DISK_FULL, ErrorCode};
use crate::model::*;
use crate::search::SearchRequest;
use crate::store;
use crate::workspace::Workspace;

fn limit_pages(ws: &Workspace, extra: i64) {
    let conn = ws.writer();
    let used = store::page_count(&conn).unwrap();
    store::set_max_page_count(&conn, used + extra).unwrap();
}

fn hits(ws: &Workspace, q: &str) -> u64 {
    ws.flush_index().unwrap();
    ws.search(&SearchRequest {
        query: q.into(),
        ..Default::default()
    })
    .unwrap()
    .total as u64
}

#[test]
fn a_full_disk_fails_the_write_clearly_loses_nothing_and_the_same_write_succeeds_later() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::init(&dir.path().join("ws")).unwrap();
    let kept = ws
        .create_note(&NoteInput {
            title: "Saved before".into(),
            body: "the narwhal interview".into(),
        })
        .unwrap();
    // Let the day's backup finish, so it does not race the limit.
    for _ in 0..200 {
        if !ws.backups().unwrap().is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    limit_pages(&ws, 2);

    // A transcript far larger than two pages.
    let big = NoteInput {
        title: "Long transcript".into(),
        body: "the narwhal said something long ".repeat(20_000),
    };
    let err = ws.create_note(&big).unwrap_err();
    assert_eq!(err.code, ErrorCode::Storage);
    assert_eq!(err.message, DISK_FULL);
    assert!(err.message.contains("Free some space"), "{}", err.message);

    // An import is all or nothing there too.
    let md = format!("# Big import\n\n{}", "words ".repeat(50_000));
    let err = ws.import_bytes("big.md", md.as_bytes(), None).unwrap_err();
    assert_eq!(err.code, ErrorCode::Storage, "{err:?}");

    // Nothing saved before is lost, nothing half-saved is there, the index agrees.
    assert_eq!(ws.note(&kept.id).unwrap().input.title, "Saved before");
    assert_eq!(ws.notes().unwrap().len(), 1);
    assert_eq!(hits(&ws, "narwhal"), 1);
    let check = ws.check().unwrap();
    assert!(check.ok, "{check:?}");

    // Space is back: the same action succeeds.
    limit_pages(&ws, 1_000_000);
    ws.create_note(&big).unwrap();
    ws.import_bytes("big.md", md.as_bytes(), None).unwrap();
    assert_eq!(ws.notes().unwrap().len(), 3);
    assert_eq!(hits(&ws, "narwhal"), 2);
    assert!(ws.check().unwrap().ok);
}
