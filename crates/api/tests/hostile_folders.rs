//! Item 7 of issue 13: a folder import (and its preview) walks a folder someone else made.
//! It followed symlinked folders without remembering where it had been, so `ln -s . loop`
//! walked forever, and it opened whatever had an importer's extension, so /dev/zero named
//! notes.txt was read forever. The folders come from the hostile corpus
//! (`crates/core/tests/fixtures/hostile/corpus.rs`).
#![cfg(unix)]

#[path = "../../core/tests/fixtures/hostile/corpus.rs"]
mod corpus;

use groundwork_api::jobs::{ImportPaths, run_import};
use groundwork_api::local::{LocalRequest, handle_local};
use groundwork_core::Workspace;
use groundwork_core::speakers::SpeakerMap;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

/// `f` on its own thread, failing the test if it has not ended after `limit` (a hang
/// detector: the walk takes milliseconds).
fn within<T: Send + 'static>(
    what: &str,
    limit: Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit)
        .unwrap_or_else(|_| panic!("{what} did not finish within {limit:?}: it hangs"))
}

#[test]
fn folder_import_survives_symlink_loops_and_special_files() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Arc::new(Workspace::init(&dir.path().join("ws")).unwrap());
    for (folder, attack) in corpus::folders(&dir.path().join("corpus")) {
        let before = ws.notes().unwrap().len();
        let previews = {
            let (ws, folder) = (ws.clone(), folder.clone());
            within(
                &format!("previewing {attack}"),
                Duration::from_secs(30),
                move || {
                    handle_local(
                        &ws,
                        LocalRequest::PreviewPaths {
                            paths: vec![folder],
                            r#as: None,
                        },
                    )
                },
            )
        }
        .unwrap_or_else(|e| panic!("{attack}: {e:?}"));
        assert_eq!(
            previews.as_array().map(Vec::len),
            Some(1),
            "{attack}: only the one real note is read: {previews}"
        );
        let report = {
            let (ws, folder) = (ws.clone(), folder.clone());
            within(
                &format!("importing {attack}"),
                Duration::from_secs(30),
                move || {
                    let request = ImportPaths {
                        job_id: "hostile".into(),
                        paths: vec![folder],
                        as_: None,
                        speakers: SpeakerMap::new(),
                        again: true, // each attack's folder holds the same real note
                        mapping: None,
                    };
                    run_import(&ws, &request, &AtomicBool::new(false), &mut |_| {})
                },
            )
        };
        assert_eq!(report.imported.len(), 1, "{attack}: {report:?}");
        assert!(
            report.failed.is_empty(),
            "{attack}: nothing is opened that is not a regular file: {report:?}"
        );
        assert_eq!(ws.notes().unwrap().len(), before + 1, "{attack}");
        if attack.contains("special") {
            for name in ["notes.txt", "random.vtt", "pipe.md"] {
                assert!(
                    report.skipped.iter().any(|s| s.ends_with(name)),
                    "{name} is reported as skipped: {:?}",
                    report.skipped
                );
            }
        }
    }
    // Named directly, a special file is refused with a clear error instead of being read.
    let special = dir.path().join("corpus/special-files/notes.txt");
    let e = {
        let ws = ws.clone();
        within(
            "importing /dev/zero named notes.txt",
            Duration::from_secs(30),
            move || {
                handle_local(
                    &ws,
                    LocalRequest::ImportFile {
                        path: special,
                        r#as: None,
                        speakers: None,
                    },
                )
            },
        )
    }
    .unwrap_err();
    assert!(e.message.contains("not a regular file"), "{}", e.message);
}
