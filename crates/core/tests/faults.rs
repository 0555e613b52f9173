//! Faults (issue 15, item 3) in the engine: a second opener refused with the holder named,
//! a read-only workspace readable and every write refused, the index folder deleted or
//! overwritten while the workspace is open, and a workspace in a cloud-sync folder.
//! (Disk full is tested inside the crate, where the writer's page limit can be set:
//! src/disk_full_tests.rs; read-only by permissions with the real binary: crates/cli/tests/faults.rs.)

use groundwork_core::model::*;
use groundwork_core::search::SearchRequest;
use groundwork_core::{ErrorCode, OpenOptions, Workspace};
use std::time::{Duration, Instant};

mod common;
use common::{new_ws, note};

fn query(q: &str) -> SearchRequest {
    SearchRequest {
        query: q.into(),
        ..Default::default()
    }
}

#[test]
fn a_second_opener_is_refused_with_the_holder_named_and_can_open_once_it_is_gone() {
    let (dir, ws) = new_ws();
    let path = dir.path().join("ws");
    let err = Workspace::open_with(
        &path,
        OpenOptions {
            purpose: Some("groundwork stats".into()),
            ..Default::default()
        },
    )
    .err()
    .expect("a second opener got in");
    assert_eq!(err.code, ErrorCode::Conflict);
    let pid = std::process::id().to_string();
    assert!(err.message.contains(&pid), "{}", err.message);
    let owner = ws.lock_owner().unwrap();
    assert_eq!(owner.pid, std::process::id());
    assert!(err.message.contains(&owner.purpose), "{}", err.message);
    // The owner file says where to reach the holder, for handing it requests later.
    ws.set_served_at(Some("127.0.0.1:4820".into())).unwrap();
    assert_eq!(
        groundwork_core::lock::read_owner(&path)
            .unwrap()
            .address
            .as_deref(),
        Some("127.0.0.1:4820")
    );
    drop(ws);
    Workspace::open(&path).unwrap();
}

#[test]
fn a_read_only_workspace_opens_for_reading_and_refuses_every_write() {
    let (dir, ws) = new_ws();
    let path = dir.path().join("ws");
    let n = note(&ws, "Pricing call", "the wombat pricing page confused them");
    ws.flush_index().unwrap();
    drop(ws);
    let files_before: Vec<_> = walk(&path);

    let ws = Workspace::open_with(
        &path,
        OpenOptions {
            read_only: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(ws.read_only().is_some());
    assert_eq!(ws.note(&n.id).unwrap().input.title, "Pricing call");
    // Search works (from an index built in memory), once it is built.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        match ws.search(&query("wombat")) {
            Ok(r) => {
                assert_eq!(r.total, 1);
                break;
            }
            Err(e) => {
                assert_eq!(e.code, ErrorCode::Index, "{e:?}");
                assert!(Instant::now() < deadline, "search never came back: {e:?}");
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
    let refused = [
        ws.create_note(&NoteInput {
            title: "New".into(),
            body: String::new(),
        })
        .map(|_| ()),
        ws.update_note(
            &n.id,
            &NoteInput {
                title: "Renamed".into(),
                body: String::new(),
            },
        )
        .map(|_| ()),
        ws.trash(ObjectKind::Note, &n.id).map(|_| ()),
        ws.purge_trash(true).map(|_| ()),
        ws.backup().map(|_| ()),
        ws.restore_backup("groundwork-20261202T033004123Z-daily.sqlite")
            .map(|_| ()),
        ws.import_bytes("call.md", b"# A call\n\nWords.", None)
            .map(|_| ()),
    ];
    for r in refused {
        let e = r.expect_err("a write got through on a read-only workspace");
        assert!(
            matches!(e.code, ErrorCode::Storage | ErrorCode::NotFound),
            "{e:?}"
        );
        if e.code == ErrorCode::Storage {
            assert!(e.message.contains("reading only"), "{}", e.message);
        }
    }
    assert!(ws.check().unwrap().ok);
    drop(ws);
    assert_eq!(walk(&path), files_before, "a read-only open changed files");
}

/// Every file under `dir` with its size and modification time, but SQLite's `-wal` and `-shm`
/// (a reader makes them where it can; on a read-only disk it cannot, and reads without).
fn walk(dir: &std::path::Path) -> Vec<(String, u64, std::time::SystemTime)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let m = e.metadata().unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            if m.is_dir() {
                stack.push(e.path());
            } else if !name.ends_with("-wal") && !name.ends_with("-shm") {
                out.push((
                    e.path().display().to_string(),
                    m.len(),
                    m.modified().unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

/// Search until it answers: every answer on the way is either complete or the `index` error
/// that says the index is being rebuilt — never a partial result.
fn search_comes_back(ws: &Workspace, q: &str, expected: usize) -> bool {
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut degraded = false;
    while Instant::now() < deadline {
        match ws.search(&query(q)) {
            Ok(r) if r.total == expected => return degraded,
            Ok(r) => assert!(
                r.total <= expected,
                "{} hits for {q}, expected {expected}",
                r.total
            ),
            Err(e) => {
                assert_eq!(e.code, ErrorCode::Index, "{e:?}");
                assert!(e.message.contains("rebuilt"), "{}", e.message);
                degraded = true;
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("search for {q} did not come back");
}

#[test]
fn the_index_folder_deleted_while_open_is_rebuilt_without_a_restart() {
    let (dir, ws) = new_ws();
    for n in 0..50 {
        note(&ws, &format!("Note {n}"), "the platypus onboarding flow");
    }
    ws.flush_index().unwrap();
    assert_eq!(ws.search(&query("platypus")).unwrap().total, 50);

    // tantivy may still be writing into the folder (a merge after the commit), which makes one
    // pass of remove_dir_all find it not empty; delete until it is gone, as a user would.
    let index = dir.path().join("ws/index");
    for attempt in 0.. {
        match std::fs::remove_dir_all(&index) {
            Ok(()) => break,
            Err(e) if e.kind() == std::io::ErrorKind::DirectoryNotEmpty && attempt < 50 => {
                std::thread::sleep(Duration::from_millis(20))
            }
            Err(e) => panic!("cannot delete {}: {e}", index.display()),
        }
    }
    // An edit made meanwhile is searchable once the index is back.
    note(&ws, "Note after", "the platypus came back");
    search_comes_back(&ws, "platypus", 51);
    assert!(dir.path().join("ws/index/meta.json").is_file());
    assert!(ws.index_status().last_error.is_none() || ws.check().unwrap().ok);
    let check = ws.check().unwrap();
    assert!(check.ok, "{check:?}");
}

#[test]
fn an_index_overwritten_with_garbage_while_open_is_rebuilt_without_a_restart() {
    let (dir, ws) = new_ws();
    for n in 0..50 {
        note(&ws, &format!("Note {n}"), "the echidna pricing page");
    }
    ws.flush_index().unwrap();
    // Replace every file in the folder with garbage (new files, as a sync client or a
    // careless script would), and empty some.
    let index = dir.path().join("ws/index");
    let files: Vec<_> = std::fs::read_dir(&index)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    for (i, p) in files.iter().enumerate() {
        let garbage: Vec<u8> = if i % 3 == 0 {
            Vec::new()
        } else {
            (0..4096u32)
                .map(|x| (x.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect()
        };
        // The indexer may notice the first damaged files and move the folder aside before
        // this loop ends (CI saw it): that is what is tested, so a vanished file ends it.
        if std::fs::remove_file(p).is_err() || std::fs::write(p, garbage).is_err() {
            break;
        }
    }
    // The indexer notices within its watch interval, keeping what was there aside.
    let noticed = Instant::now() + Duration::from_secs(30);
    while !std::fs::read_dir(dir.path().join("ws")).unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with("index.broken-")
    }) {
        assert!(
            Instant::now() < noticed,
            "the damaged index was never noticed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    search_comes_back(&ws, "echidna", 50);
    note(&ws, "Later", "one more echidna");
    ws.flush_index().unwrap();
    assert_eq!(ws.search(&query("echidna")).unwrap().total, 51);
    assert!(ws.check().unwrap().ok);
}

#[test]
fn a_workspace_in_a_sync_folder_is_warned_about_once() {
    let dir = tempfile::tempdir().unwrap();
    let synced = dir.path().join("Dropbox");
    let path = synced.join("research");
    let ws = Workspace::init(&path).unwrap();
    let warnings = ws.location_warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].code, "cloud_sync");
    assert_eq!(warnings[0].found, "Dropbox");
    assert!(
        warnings[0].message.contains("WAL"),
        "{}",
        warnings[0].message
    );
    ws.acknowledge_location_warning("cloud_sync").unwrap();
    assert!(ws.location_warnings().is_empty());
    drop(ws);
    let ws = Workspace::open(&path).unwrap();
    assert!(ws.location_warnings().is_empty(), "warned twice");
    drop(ws);

    // Moved to another synced place, it is warned about again.
    let moved = dir.path().join("elsewhere");
    std::fs::create_dir_all(&moved).unwrap();
    std::fs::create_dir(moved.join(".stfolder")).unwrap();
    std::fs::rename(&path, moved.join("research")).unwrap();
    let ws = Workspace::open(&moved.join("research")).unwrap();
    assert_eq!(ws.location_warnings()[0].found, "Syncthing");

    // A workspace in an ordinary folder has nothing to warn about.
    let (_d, plain) = new_ws();
    assert!(plain.location_warnings().is_empty());
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// A process killed inside an index commit (found by the 1,000-kill crash test) leaves the
/// files it wrote, registered as the index's own, while meta.json still names the commit
/// before. The next process replays the same writes, which name their files the same: they
/// must not collide with the leftovers (FileAlreadyExists, and no write indexed again).
#[test]
fn files_left_by_an_index_commit_killed_halfway_do_not_block_the_next_process() {
    let dir = tempfile::tempdir().unwrap();
    let killed = dir.path().join("killed");
    let id = {
        let ws = Workspace::init(&killed).unwrap();
        let first = note(&ws, "Note 0", "the wombat interview");
        for n in 1..20 {
            note(&ws, &format!("Note {n}"), "the wombat interview");
        }
        ws.flush_index().unwrap();
        first.id
    };
    // The same workspace as the killed process found it.
    let next = dir.path().join("next");
    copy_dir(&killed, &next);
    let edit = NoteInput {
        title: "Note 0 renamed".into(),
        body: "the wombat interview, edited".into(),
    };
    {
        let ws = Workspace::open(&killed).unwrap();
        ws.update_note(&id, &edit).unwrap();
        ws.flush_index().unwrap();
    }
    // What the killed process had written before it could replace meta.json: its files and
    // its list of them, but not meta.json.
    for e in std::fs::read_dir(killed.join("index")).unwrap() {
        let e = e.unwrap();
        let name = e.file_name();
        let ours = next.join("index").join(&name);
        if name != "meta.json" && (!ours.exists() || name == ".managed.json") {
            std::fs::copy(e.path(), ours).unwrap();
        }
    }
    let ws = Workspace::open(&next).unwrap();
    ws.update_note(&id, &edit).unwrap();
    ws.flush_index().unwrap();
    assert_eq!(ws.search(&query("renamed")).unwrap().total, 1);
    assert_eq!(ws.search(&query("wombat")).unwrap().total, 20);
    let check = ws.check().unwrap();
    assert!(check.ok, "{check:?}");
}
