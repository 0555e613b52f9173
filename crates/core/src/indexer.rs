//! The indexer thread, and the search index it keeps: it applies the outbox whenever a write
//! wakes it, and every few seconds looks at the index's files. When they have been deleted,
//! emptied or overwritten while the workspace is open, it moves what is left aside, starts a
//! new index and rebuilds it from the store in the background; searches say the index is
//! being rebuilt (with how far it got) instead of answering from a broken one, and come back
//! by themselves when it is done.

use crate::error::Result;
use crate::search::{self, SearchIndex};
use crate::store::{self, ReaderPool};
use crate::workspace::{Progress, ProgressFn};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

/// How often an idle indexer looks at the index's files (and retries work that failed).
const WATCH_INTERVAL: Duration = Duration::from_secs(2);

pub(crate) enum Wake {
    Apply,
    Stop,
}

/// The search index in use, replaced when it is found damaged.
pub(crate) struct IndexSlot {
    current: RwLock<Arc<SearchIndex>>,
    /// `None` for an index kept in memory (a read-only workspace): nothing on disk to watch.
    dir: Option<PathBuf>,
    progress: Option<ProgressFn>,
}

/// Progress of index rebuilds, as the workspace's progress callback wants it.
pub(crate) fn rebuild_progress(progress: Option<ProgressFn>) -> search::RebuildProgress {
    Box::new(move |done, total| {
        if let Some(p) = &progress {
            p(&Progress {
                job: "reindex",
                done,
                total,
                message: "Rebuilding the search index".into(),
            });
        }
    })
}

impl IndexSlot {
    pub(crate) fn new(
        index: SearchIndex,
        dir: Option<&Path>,
        progress: Option<ProgressFn>,
    ) -> IndexSlot {
        IndexSlot {
            current: RwLock::new(Arc::new(index)),
            dir: dir.map(Path::to_path_buf),
            progress,
        }
    }

    pub(crate) fn get(&self) -> Arc<SearchIndex> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Replace a damaged index with a new, empty one that the next apply rebuilds.
    fn recover(&self, conn: &Connection, why: &str) -> Result<()> {
        let Some(dir) = &self.dir else {
            return Ok(());
        };
        eprintln!("Groundwork: the search index is damaged ({why}); rebuilding it.");
        // Searches stop answering from the damaged one at once.
        let _ = self.get().mark_stale();
        search::discard(dir)?;
        let language = store::get_setting(conn, "search_language")?.unwrap_or_else(|| "en".into());
        let (fresh, _) = SearchIndex::open(
            dir,
            &language,
            conn,
            rebuild_progress(self.progress.clone()),
        )?;
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(fresh);
        Ok(())
    }
}

/// The indexer thread: applies outbox work whenever a write wakes it, coalescing wake-ups
/// that arrive while it is busy into one batch, trims what the index has committed, and
/// watches the index's files.
pub(crate) fn run(
    rx: Receiver<Wake>,
    slot: &IndexSlot,
    readers: &ReaderPool,
    writer: &Mutex<Connection>,
    read_only: bool,
) {
    loop {
        let first = match rx.recv_timeout(WATCH_INTERVAL) {
            Ok(w) => Some(w),
            Err(RecvTimeoutError::Timeout) => {
                give_back_memory();
                None
            }
            Err(RecvTimeoutError::Disconnected) => break,
        };
        let stop = first
            .into_iter()
            .chain(rx.try_iter())
            .any(|w| matches!(w, Wake::Stop));
        let Ok(conn) = readers.get() else {
            if stop {
                break;
            }
            continue;
        };
        let mut search = slot.get();
        if let Some(why) = search.damage() {
            match slot.recover(&conn, &why) {
                Ok(()) => search = slot.get(),
                Err(e) => {
                    search.note_error(&e.message);
                }
            }
        }
        // A panic inside tantivy (it can meet files overwritten with garbage) must not take
        // the indexer down with it: the next round looks at the files again.
        let applied =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| search.apply_pending(&conn)));
        drop(conn);
        // Errors are kept in the index status for `stats` and the UI; the rows stay queued
        // and are tried again on the next wake or watch.
        if let Ok(Ok(seq)) = applied
            && !read_only
        {
            let conn = crate::workspace::lock(writer);
            let _ = store::outbox::trim(&conn, seq);
        }
        if stop {
            break;
        }
    }
}

/// Hand the memory this process has freed back to the system, once it has been quiet for a
/// while (the indexer waited `WATCH_INTERVAL` for work). glibc keeps freed memory for reuse:
/// after an import, an index commit's arena or a long transcript's answer the app would stay
/// at its peak (BENCHMARKS.md, issue 19). Cheap when there is nothing to give back.
fn give_back_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks and trims the allocator's own free lists.
    unsafe {
        libc::malloc_trim(0);
    }
}
