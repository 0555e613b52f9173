//! The facade: one method per use case. The CLI, the HTTP server and the desktop shell call
//! only this. Every write is one SQLite transaction that also appends the index work to the
//! outbox; after it commits, the indexer thread is woken to make the change searchable.
//!
//! This file holds the workspace itself and its one write path (`write_as`); opening is in
//! `open`, the object use cases in `objects`, imports in `import`, search in `search`, the
//! change log's history, undo and redo in `history`, and `groundwork check` in `check`. Other
//! modules add their own use cases (`coding`, `personas`, `trees`, `backups`, ...).

mod check;
mod history;
mod import;
mod objects;
mod open;
mod search;

pub use check::{CheckReport, Stats};
pub use import::{
    FeedbackImport, FeedbackPreview, Imported, SpeakerTurns, read_import_file, speaker_turns,
};
pub use open::OpenOptions;

use crate::error::{Error, ErrorCode, Result};
use crate::indexer::{IndexSlot, Wake};
use crate::lock::WorkspaceLock;
use crate::search::SearchIndex;
use crate::store::changes::{Change, Origin, Tx};
use crate::store::{self, ReaderPool};
use rusqlite::{Connection, TransactionBehavior};
use serde::Serialize;
use std::path::Path;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

pub const DB_FILE: &str = "groundwork.sqlite";

/// A step of a long job, for progress bars.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Progress {
    pub job: &'static str,
    pub done: usize,
    pub total: usize,
    pub message: String,
}

pub type ProgressFn = Arc<dyn Fn(&Progress) + Send + Sync>;

pub struct Workspace {
    root: PathBuf,
    // Readers close before the writer, so the writer, last out, checkpoints the WAL.
    readers: ReaderPool,
    writer: Arc<Mutex<Connection>>,
    search: Arc<IndexSlot>,
    wake: Sender<Wake>,
    indexer: Option<JoinHandle<()>>,
    /// Who hears about committed changes (live updates).
    listeners: Mutex<Vec<Sender<Change>>>,
    /// Why the workspace cannot be written, when it cannot.
    read_only: Option<String>,
    /// The day (UTC, `YYYYMMDD`) the daily backup was last seen to, and the backup running.
    backup_day: Mutex<String>,
    daily_backup: Mutex<Option<JoinHandle<()>>>,
    /// Held until the workspace is dropped, after everything above has closed.
    lock: Mutex<Option<WorkspaceLock>>,
}

pub(crate) fn lock(m: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    // SQLite rolls back an unfinished transaction itself; the connection stays usable.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Workspace {
    pub fn root(&self) -> &Path {
        &self.root
    }

    pub(crate) fn read(
        &self,
    ) -> Result<r2d2::PooledConnection<r2d2_sqlite::SqliteConnectionManager>> {
        Ok(self.readers.get()?)
    }

    /// Why this workspace cannot be written, if it cannot: it is then open for reading.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Fail with a clear error when the workspace cannot be written.
    pub(crate) fn writable(&self) -> Result<()> {
        match &self.read_only {
            None => Ok(()),
            Some(why) => Err(Error::new(
                ErrorCode::Storage,
                format!(
                    "This workspace is open for reading only ({why}), so nothing can be changed. \
                     To work in it, make {} writable (or copy it somewhere you can write) and open it again.",
                    self.root.display()
                ),
            )),
        }
    }

    /// Who holds this workspace open (this process), as other processes are told.
    pub fn lock_owner(&self) -> Option<crate::lock::LockOwner> {
        self.lock
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map(|l| l.owner().clone())
    }

    /// Record where this process serves the workspace (`groundwork serve`'s address), for
    /// other processes that find it open.
    pub fn set_served_at(&self, address: Option<String>) -> Result<()> {
        match self.lock.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
            Some(l) => l.set_address(address),
            None => Ok(()),
        }
    }

    /// Record the socket where this process takes requests other processes hand it
    /// (`groundwork_api::handoff`), or that it stopped taking them.
    pub fn set_handoff(&self, socket: Option<String>) -> Result<()> {
        match self.lock.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
            Some(l) => l.set_handoff(socket),
            None => Ok(()),
        }
    }

    /// The writer connection, for the few use cases that must hold it beyond one
    /// transaction (a restore copies the backup over the live database through it).
    pub(crate) fn writer(&self) -> MutexGuard<'_, Connection> {
        lock(&self.writer)
    }

    pub(crate) fn reader_pool(&self) -> &ReaderPool {
        &self.readers
    }

    /// The daily backup's bookkeeping: the day last seen to and the backup running.
    pub(crate) fn daily_state(&self) -> (&Mutex<String>, &Mutex<Option<JoinHandle<()>>>) {
        (&self.backup_day, &self.daily_backup)
    }

    /// Wake the indexer (after a restore replaced what it indexes).
    pub(crate) fn wake_indexer(&self) {
        let _ = self.wake.send(Wake::Apply);
    }

    /// The search index in use (it is replaced when found damaged).
    pub(crate) fn index(&self) -> Arc<SearchIndex> {
        self.search.get()
    }

    /// Run use case `op` in one write transaction, logged as one change by this app; on
    /// commit, wake the indexer and tell the listeners.
    pub(crate) fn write<T>(&self, op: &'static str, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        self.write_as(Origin::App, op, false, f)
    }

    /// `write` on behalf of `origin`; `lean` leaves transcript passages out of the entry (an
    /// import names the interview it made, not every passage of it).
    pub(crate) fn write_as<T>(
        &self,
        origin: Origin,
        op: &'static str,
        lean: bool,
        f: impl FnOnce(&Tx) -> Result<T>,
    ) -> Result<T> {
        let note = store::changes::Note {
            origin,
            op,
            summary: None,
            undoable: true,
            target: None,
        };
        self.writable()?;
        self.daily_backup_if_due();
        let mut conn = lock(&self.writer);
        // An import is a bulk write: with SQLite's default 2 MB page cache, a 100,000-item
        // feedback import spilled and re-read index pages all the way (1.5 s of its 10.5).
        // The larger cache is given back when it is done.
        if lean {
            store::set_cache(&conn, store::BULK_CACHE_KB)?;
        }
        let result: Result<(T, Option<store::changes::Change>)> = (|| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let (out, change) = {
                let t = Tx::new(&tx, note, lean)?;
                let out = f(&t)?;
                (out, t.finish()?)
            };
            tx.commit()?;
            Ok((out, change))
        })();
        // The write's own error, if any, is the one to report.
        let given_back = if lean {
            store::set_cache(&conn, store::DEFAULT_CACHE_KB)
        } else {
            Ok(())
        };
        let (out, change) = result?;
        given_back?;
        drop(conn);
        let _ = self.wake.send(Wake::Apply);
        if let Some(change) = change {
            self.announce(change);
        }
        Ok(out)
    }

    /// Hear about every change committed from now on, in order (the desktop shell and the
    /// HTTP server forward them to the UI as live updates). Dropping the receiver ends it.
    pub fn subscribe(&self) -> Receiver<Change> {
        let (tx, rx) = channel();
        self.listeners
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(tx);
        rx
    }

    fn announce(&self, change: Change) {
        self.listeners
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|l| l.send(change.clone()).is_ok());
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = self.wake.send(Wake::Stop);
        if let Some(handle) = self.indexer.take() {
            let _ = handle.join();
        }
        let daily = self
            .daily_backup
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(handle) = daily {
            let _ = handle.join();
        }
    }
}
