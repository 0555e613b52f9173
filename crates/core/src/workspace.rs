//! The facade: one method per use case. The CLI, the HTTP server and the desktop shell call
//! only this. Every write is one SQLite transaction that also appends the index work to the
//! outbox; after it commits, the indexer thread is woken to make the change searchable.

use crate::error::{Error, ErrorCode, Result};
use crate::import::{self, ImportAs, Parsed};
use crate::indexer::{IndexSlot, Wake};
use crate::lock::{Locked, WorkspaceLock};
use crate::model::*;
use crate::search::{Agreement, IndexStatus, SearchIndex, SearchRequest, SearchResults};
use crate::speakers::{SpeakerLink, SpeakerMap};
use crate::store::changes::{Change, Origin, Tx, UndoScope};
use crate::store::{self, ReaderPool};
use rusqlite::{Connection, TransactionBehavior};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

pub const DB_FILE: &str = "groundwork.sqlite";
const SUBDIRS: [&str; 3] = ["index", "attachments", "backups"];

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

#[derive(Clone, Default)]
pub struct OpenOptions {
    /// Create the workspace if the folder has none (the folder must be empty or absent).
    pub create: bool,
    /// Told about index rebuilds that opening starts.
    pub progress: Option<ProgressFn>,
    /// Open for reading only, even when the folder could be written.
    pub read_only: bool,
    /// What this process does with the workspace, as another process refused it is told
    /// (e.g. "groundwork serve", "the Groundwork app"); default: the program's name.
    pub purpose: Option<String>,
}

/// One file's import, as `groundwork import` reports it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Imported {
    pub path: String,
    pub kind: ObjectKind,
    /// The interview or note; for feedback and personas, the first item made.
    pub id: String,
    pub title: String,
    /// Which parser read it.
    pub format: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<SpeakerTurns>>", optional))]
    pub speakers: Vec<SpeakerTurns>,
    /// Transcript segments, feedback items or personas made.
    pub count: usize,
    /// Speakers linked to participants: matched, or made by this import (`created`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<SpeakerLink>>", optional))]
    pub participants: Vec<SpeakerLink>,
    /// Speakers taken as the interviewer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
    pub interviewers: Vec<String>,
    /// `YYYY-MM-DD`: the interview's date, from the file's name or text.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SpeakerTurns {
    pub name: String,
    pub turns: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Stats {
    pub counts: KindCounts,
    pub index_docs: u64,
    /// Outbox rows written but not yet applied to the index.
    pub outbox_lag: i64,
    pub index: IndexStatus,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckReport {
    pub ok: bool,
    pub integrity: Vec<String>,
    pub foreign_keys: Vec<String>,
    pub dangling_evidence: usize,
    pub index: Agreement,
}

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
    /// `<OS data dir>/Groundwork/workspaces/default`.
    pub fn default_path() -> Result<PathBuf> {
        let dirs = directories::BaseDirs::new().ok_or_else(|| {
            Error::new(
                ErrorCode::Io,
                "cannot find your home folder to keep the default workspace in",
            )
        })?;
        Ok(dirs
            .data_dir()
            .join("Groundwork")
            .join("workspaces")
            .join("default"))
    }

    pub fn is_workspace(path: &Path) -> bool {
        path.join(DB_FILE).is_file()
    }

    /// Make a new workspace in `path` (absent or empty) and open it.
    pub fn init(path: &Path) -> Result<Workspace> {
        Self::open_with(
            path,
            OpenOptions {
                create: true,
                ..Default::default()
            },
        )
    }

    /// Open an existing workspace.
    pub fn open(path: &Path) -> Result<Workspace> {
        Self::open_with(path, OpenOptions::default())
    }

    pub fn open_with(path: &Path, options: OpenOptions) -> Result<Workspace> {
        let db = path.join(DB_FILE);
        let exists = db.is_file();
        if !exists {
            let empty = match std::fs::read_dir(path) {
                Ok(mut entries) => entries.next().is_none(),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
                Err(e) => {
                    return Err(Error::from(e).context(format!("cannot read {}", path.display())));
                }
            };
            if !options.create {
                return Err(Error::not_found("workspace", &path.display().to_string()).context(format!(
                    "{} is not a Groundwork workspace (it has no {DB_FILE}); run `groundwork --workspace {} init` to make one",
                    path.display(),
                    path.display()
                )));
            }
            if !empty {
                return Err(Error::conflict(format!(
                    "{} is not empty and is not a Groundwork workspace; choose an empty folder",
                    path.display()
                )));
            }
            std::fs::create_dir_all(path)
                .map_err(|e| Error::from(e).context(format!("cannot create {}", path.display())))?;
        }
        // One process at a time: taken before the database is touched (and before a
        // migration), released when the workspace is dropped or the process dies.
        let had_lock_file = path.join(crate::lock::LOCK_FILE).exists();
        let (held, mut read_only) = if options.read_only {
            (None, Some("it was opened for reading only".to_string()))
        } else {
            match crate::lock::acquire(path, options.purpose.as_deref()) {
                Ok(Locked::Held(l)) => (Some(l), None),
                Ok(Locked::ReadOnly) => (None, Some(read_only_reason(path))),
                Err(e) => return Err(e),
            }
        };
        if read_only.is_some() && !exists {
            return Err(Error::new(
                ErrorCode::Storage,
                format!(
                    "{} cannot be written, so no workspace can be made there; choose a folder you can write to",
                    path.display()
                ),
            ));
        }
        // The database is checked (and refused untouched if it is not ours or is newer)
        // before anything else in the folder is created.
        let backups_dir = crate::backups::backups_dir(path);
        let back_up = |conn: &rusqlite::Connection, stored: usize| {
            crate::backups::backup_into(
                conn,
                &backups_dir,
                crate::backups::BackupReason::BeforeMigration,
                Some(&format!("v{stored}")),
            )
            .map(|_| ())
        };
        let conn = match store::open_writer(&db, !exists, read_only.is_some(), &back_up) {
            Ok(c) => c,
            Err(e) => {
                // Leave the folder as it was found.
                drop(held);
                if !had_lock_file {
                    let _ = std::fs::remove_file(path.join(crate::lock::LOCK_FILE));
                }
                return Err(e);
            }
        };
        if read_only.is_none() && conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            read_only = Some(read_only_reason(path));
        }
        if read_only.is_none() {
            for sub in SUBDIRS {
                std::fs::create_dir_all(path.join(sub))?;
            }
            crate::backups::clean_leftovers(&backups_dir);
        }
        let language = store::get_setting(&conn, "search_language")?.unwrap_or_else(|| "en".into());
        let on_rebuild = crate::indexer::rebuild_progress(options.progress.clone());
        let slot = if read_only.is_some() {
            // Nothing may be written, the index folder included: search from memory.
            IndexSlot::new(
                SearchIndex::open_in_ram(&language, on_rebuild)?,
                None,
                options.progress.clone(),
            )
        } else {
            let dir = path.join("index");
            let (search, _) = SearchIndex::open(&dir, &language, &conn, on_rebuild)?;
            if exists && held.as_ref().is_some_and(|l| l.after_crash) {
                // The last process here was killed. Replaying the outbox mends what it had
                // not indexed yet, but not an object it left indexed twice (the crash test
                // meets that, rarely, after a kill in the middle of tree moves): look, and
                // rebuild when it is so.
                let twice = search.agreement(&conn)?.duplicated;
                if !twice.is_empty() {
                    eprintln!(
                        "Groundwork: the last process here was killed and left {} object(s) indexed twice; rebuilding the search index",
                        twice.len()
                    );
                    search.mark_stale()?;
                }
            }
            if !exists {
                // A new workspace has nothing to rebuild: its empty index is complete now.
                search.apply_pending(&conn)?;
            }
            IndexSlot::new(search, Some(&dir), options.progress.clone())
        };
        let readers = store::reader_pool(&db, read_only.is_some())?;
        let writer = Arc::new(Mutex::new(conn));
        let search = Arc::new(slot);
        let (wake, rx) = channel();
        let indexer = {
            let (search, readers, writer) = (search.clone(), readers.clone(), writer.clone());
            let read_only = read_only.is_some();
            std::thread::Builder::new()
                .name("groundwork-indexer".into())
                .spawn(move || crate::indexer::run(rx, &search, &readers, &writer, read_only))?
        };
        let ws = Workspace {
            root: path.to_path_buf(),
            writer,
            readers,
            search,
            wake,
            indexer: Some(indexer),
            listeners: Mutex::new(Vec::new()),
            read_only,
            backup_day: Mutex::new(String::new()),
            daily_backup: Mutex::new(None),
            lock: Mutex::new(held),
        };
        // A missing index is rebuilt and a gap in an intact one replayed, in the background.
        let _ = ws.wake.send(Wake::Apply);
        ws.daily_backup_if_due();
        Ok(ws)
    }

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
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (out, change) = {
            let t = Tx::new(&tx, note, lean)?;
            let out = f(&t)?;
            (out, t.finish()?)
        };
        tx.commit()?;
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

    // ---- the change log: history, undo and redo ----

    /// How big the change log has grown (the bench reports it after its import).
    pub fn change_log_size(&self) -> Result<store::changes::LogSize> {
        store::changes::size(&*self.read()?)
    }

    /// Changes in a scope, newest first.
    pub fn history(&self, scope: &UndoScope, limit: usize) -> Result<Vec<Change>> {
        store::changes::list(&*self.read()?, scope, limit)
    }

    /// What undo and redo would do next in a scope.
    pub fn undo_redo(&self, scope: &UndoScope) -> Result<(Option<Change>, Option<Change>)> {
        let conn = self.read()?;
        Ok((
            store::changes::next_undo(&conn, scope)?,
            store::changes::next_redo(&conn, scope)?,
        ))
    }

    /// Undo the newest change in `scope` not undone yet: its rows go back to their before
    /// state, unless something changed them since (then `conflict`, saying what, and
    /// nothing changes). Answers the change undone.
    pub fn undo(&self, scope: &UndoScope) -> Result<Change> {
        self.write("undo", |tx| {
            let Some(entry) = store::changes::next_undo(tx, scope)? else {
                return Err(store::changes::nothing_to(tx, scope, "undo")?);
            };
            let inverse = store::changes::undo_changeset(tx, &entry)?;
            store::changes::replay(tx, &inverse, &mut || tx.so_far(), &entry.summary, "undone")?;
            tx.summary(format!("Undid: {}", entry.summary));
            tx.target(entry.seq);
            Ok(Change {
                undone: true,
                ..entry
            })
        })
    }

    /// Redo the change undone last in `scope`, if nothing changed there since.
    pub fn redo(&self, scope: &UndoScope) -> Result<Change> {
        self.write("redo", |tx| {
            let Some(entry) = store::changes::next_redo(tx, scope)? else {
                return Err(store::changes::nothing_to(tx, scope, "redo")?);
            };
            let forward = store::changes::redo_changeset(tx, &entry)?;
            store::changes::replay(tx, &forward, &mut || tx.so_far(), &entry.summary, "redone")?;
            tx.summary(format!("Redid: {}", entry.summary));
            tx.target(entry.seq);
            Ok(Change {
                undone: false,
                ..entry
            })
        })
    }

    // ---- search and the index ----

    /// Search everything. While the index is being rebuilt (it was missing or damaged, or
    /// the database was restored) this is an `index` error saying so, never a partial answer.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        let index = self.index();
        if let Some((done, total)) = index.status().rebuilding {
            let progress = (done * 100)
                .checked_div(total)
                .map(|pct| format!(" ({pct}% done)"))
                .unwrap_or_default();
            return Err(Error::index(format!(
                "Search is unavailable while the search index is rebuilt{progress}; it comes back by \
                 itself in a moment. Everything you saved is safe."
            )));
        }
        index.search(req)
    }

    /// The words of each text that a search's `terms` match: the marks an opened hit shows.
    pub fn mark_words(&self, terms: &[String], texts: &[String]) -> Result<Vec<Vec<[usize; 2]>>> {
        self.index().mark_words(terms, texts)
    }

    /// Apply all pending index work now (the indexer thread would get to it shortly).
    pub fn flush_index(&self) -> Result<()> {
        self.index().apply_pending(&*self.read()?)?;
        Ok(())
    }

    /// Rebuild the whole index from the store.
    pub fn reindex(&self, progress: &dyn Fn(usize, usize)) -> Result<()> {
        self.index().rebuild(&*self.read()?, progress)
    }

    pub fn index_status(&self) -> IndexStatus {
        self.index().status()
    }

    pub fn stats(&self) -> Result<Stats> {
        let conn = self.read()?;
        let index = self.index();
        let applied = index.applied_seq();
        Ok(Stats {
            counts: store::counts(&conn)?,
            index_docs: index.num_docs(),
            outbox_lag: store::outbox::pending(&conn, applied)?,
            index: index.status(),
        })
    }

    /// SQLite's own checks, dangling evidence links, and index ↔ store agreement (after
    /// applying pending index work).
    pub fn check(&self) -> Result<CheckReport> {
        self.flush_index()?;
        let conn = self.read()?;
        let integrity: Vec<String> = conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter(|s| s != "ok")
            .collect();
        let foreign_keys: Vec<String> = conn
            .prepare("PRAGMA foreign_key_check")?
            .query_map([], |r| {
                Ok(format!(
                    "{} row {} → {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut dangling_evidence = 0;
        for e in conn
            .prepare("SELECT from_kind, from_id, to_kind, to_id FROM evidence")?
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?
        {
            let (fk, fi, tk, ti) = e?;
            let exists = |k: &str, id: &str| -> Result<bool> {
                let Some(kind) = ObjectKind::parse(k) else {
                    return Ok(false);
                };
                Ok(conn.query_row(
                    &format!("SELECT count(*) FROM {} WHERE id = ?1", kind.table()),
                    [id],
                    |r| r.get::<_, i64>(0),
                )? > 0)
            };
            if !exists(&fk, &fi)? || !exists(&tk, &ti)? {
                dangling_evidence += 1;
            }
        }
        let index = self.index().agreement(&conn)?;
        let ok =
            integrity.is_empty() && foreign_keys.is_empty() && dangling_evidence == 0 && index.ok();
        Ok(CheckReport {
            ok,
            integrity,
            foreign_keys,
            dangling_evidence,
            index,
        })
    }

    pub fn counts(&self) -> Result<KindCounts> {
        store::counts(&*self.read()?)
    }

    // ---- settings ----

    pub fn search_language(&self) -> Result<String> {
        Ok(store::get_setting(&*self.read()?, "search_language")?.unwrap_or_else(|| "en".into()))
    }

    /// Stem and fold words for another language (a code from
    /// `search::schema::LANGUAGES`); the index is rebuilt with it before this returns.
    pub fn set_search_language(&self, language: &str) -> Result<()> {
        if !crate::search::schema::LANGUAGES
            .iter()
            .any(|(code, _)| *code == language)
        {
            let codes: Vec<&str> = crate::search::schema::LANGUAGES
                .iter()
                .map(|(c, _)| *c)
                .collect();
            return Err(Error::invalid(
                "search_language",
                format!(
                    "unknown search language '{language}'; choose one of {}",
                    codes.join(", ")
                ),
            ));
        }
        self.write("set_search_language", |c| {
            store::set_setting(c, "search_language", language)
        })?;
        self.index().set_language(language, &*self.read()?)
    }

    // ---- participants ----

    pub fn create_participant(&self, input: &ParticipantInput) -> Result<Participant> {
        input.validate()?;
        self.write("create_participant", |c| {
            store::participants::insert(c, input).and_then(|id| store::participants::get(c, &id))
        })
    }
    pub fn participant(&self, id: &str) -> Result<Participant> {
        store::participants::get(&*self.read()?, id)
    }
    pub fn participants(&self) -> Result<Vec<Participant>> {
        store::participants::list(&*self.read()?)
    }
    pub fn update_participant(&self, id: &str, input: &ParticipantInput) -> Result<Participant> {
        input.validate()?;
        self.write("update_participant", |c| {
            store::participants::update(c, id, input).and_then(|_| store::participants::get(c, id))
        })
    }

    // ---- interviews and transcripts ----

    pub fn create_interview(&self, input: &InterviewInput) -> Result<Interview> {
        input.validate()?;
        self.write("create_interview", |c| {
            store::interviews::insert(c, input, None).and_then(|id| store::interviews::get(c, &id))
        })
    }
    pub fn interview(&self, id: &str) -> Result<Interview> {
        store::interviews::get(&*self.read()?, id)
    }
    pub fn interviews(&self) -> Result<Vec<Interview>> {
        store::interviews::list(&*self.read()?)
    }
    pub fn update_interview(&self, id: &str, input: &InterviewInput) -> Result<Interview> {
        input.validate()?;
        self.write("update_interview", |c| {
            store::interviews::update(c, id, input).and_then(|_| store::interviews::get(c, id))
        })
    }
    pub fn segments(&self, interview_id: &str) -> Result<Vec<Segment>> {
        let conn = self.read()?;
        store::interviews::get(&conn, interview_id)?;
        store::interviews::segments(&conn, interview_id)
    }
    /// Append segments to an interview's transcript.
    pub fn add_segments(
        &self,
        interview_id: &str,
        segments: &[SegmentInput],
    ) -> Result<Vec<Segment>> {
        for s in segments {
            s.validate()?;
        }
        self.write("add_segments", |c| {
            store::interviews::get(c, interview_id)?;
            store::interviews::append_segments(c, interview_id, segments)?;
            store::outbox::push(c, ObjectKind::Interview, interview_id)?;
            store::interviews::segments(c, interview_id)
        })
    }
    pub fn update_segment(&self, id: &str, input: &SegmentInput) -> Result<Segment> {
        input.validate()?;
        self.write("update_segment", |c| {
            store::interviews::update_segment(c, id, input)?;
            store::interviews::segment(c, id)
        })
    }

    // ---- notes ----

    pub fn create_note(&self, input: &NoteInput) -> Result<Note> {
        input.validate()?;
        self.write("create_note", |c| {
            store::notes::insert(c, input).and_then(|id| store::notes::get(c, &id))
        })
    }
    pub fn note(&self, id: &str) -> Result<Note> {
        store::notes::get(&*self.read()?, id)
    }
    pub fn notes(&self) -> Result<Vec<Note>> {
        store::notes::list(&*self.read()?)
    }
    pub fn update_note(&self, id: &str, input: &NoteInput) -> Result<Note> {
        input.validate()?;
        self.write("update_note", |c| {
            store::notes::update(c, id, input).and_then(|_| store::notes::get(c, id))
        })
    }

    // ---- tags ----

    pub fn create_tag(&self, input: &TagInput) -> Result<Tag> {
        input.validate()?;
        self.write("create_tag", |c| {
            store::tags::insert(c, input).and_then(|id| store::tags::get(c, &id))
        })
    }
    pub fn tag(&self, id: &str) -> Result<Tag> {
        store::tags::get(&*self.read()?, id)
    }
    pub fn tags(&self) -> Result<Vec<Tag>> {
        store::tags::list(&*self.read()?)
    }
    pub fn update_tag(&self, id: &str, input: &TagInput) -> Result<Tag> {
        input.validate()?;
        self.write("update_tag", |c| {
            store::tags::update(c, id, input).and_then(|_| store::tags::get(c, id))
        })
    }

    // ---- highlights ----

    pub fn create_highlight(&self, input: &HighlightInput) -> Result<Highlight> {
        input.validate()?;
        self.write("create_highlight", |c| {
            store::highlights::insert(c, input).and_then(|id| store::highlights::get(c, &id))
        })
    }
    pub fn highlight(&self, id: &str) -> Result<Highlight> {
        store::highlights::get(&*self.read()?, id)
    }
    pub fn highlights(&self) -> Result<Vec<Highlight>> {
        store::highlights::list(&*self.read()?, None)
    }
    /// The highlights made in one interview (its transcript and its notes).
    pub fn interview_highlights(&self, interview_id: &str) -> Result<Vec<Highlight>> {
        store::highlights::list(&*self.read()?, Some(interview_id))
    }
    pub fn update_highlight(&self, id: &str, input: &HighlightInput) -> Result<Highlight> {
        input.validate()?;
        self.write("update_highlight", |c| {
            store::highlights::update(c, id, input).and_then(|_| store::highlights::get(c, id))
        })
    }

    // ---- insights ----

    pub fn create_insight(&self, input: &InsightInput) -> Result<Insight> {
        input.validate()?;
        self.write("create_insight", |c| {
            store::insights::insert(c, input).and_then(|id| store::insights::get(c, &id))
        })
    }
    pub fn insight(&self, id: &str) -> Result<Insight> {
        store::insights::get(&*self.read()?, id)
    }
    pub fn insights(&self) -> Result<Vec<Insight>> {
        store::insights::list(&*self.read()?)
    }
    pub fn update_insight(&self, id: &str, input: &InsightInput) -> Result<Insight> {
        input.validate()?;
        self.write("update_insight", |c| {
            store::insights::update(c, id, input).and_then(|_| store::insights::get(c, id))
        })
    }

    // ---- personas ----

    pub fn create_persona(&self, input: &PersonaInput) -> Result<Persona> {
        input.validate()?;
        self.write("create_persona", |c| {
            store::personas::insert(c, input).and_then(|id| store::personas::get(c, &id))
        })
    }
    pub fn persona(&self, id: &str) -> Result<Persona> {
        store::personas::get(&*self.read()?, id)
    }
    pub fn personas(&self) -> Result<Vec<Persona>> {
        store::personas::list(&*self.read()?)
    }
    pub fn update_persona(&self, id: &str, input: &PersonaInput) -> Result<Persona> {
        input.validate()?;
        self.write("update_persona", |c| {
            store::personas::update(c, id, input).and_then(|_| store::personas::get(c, id))
        })
    }
    pub fn add_persona_statement(
        &self,
        persona_id: &str,
        input: &PersonaStatementInput,
    ) -> Result<Persona> {
        input.validate()?;
        self.write("add_persona_statement", |c| {
            store::personas::add_statement(c, persona_id, input)?;
            store::personas::get(c, persona_id)
        })
    }
    pub fn update_persona_statement(
        &self,
        id: &str,
        input: &PersonaStatementInput,
    ) -> Result<Persona> {
        input.validate()?;
        self.write("update_persona_statement", |c| {
            store::personas::update_statement(c, id, input)
                .and_then(|p| store::personas::get(c, &p))
        })
    }
    pub fn delete_persona_statement(&self, id: &str) -> Result<Persona> {
        self.write("delete_persona_statement", |c| {
            store::personas::delete_statement(c, id).and_then(|p| store::personas::get(c, &p))
        })
    }

    // ---- opportunity solution trees ----

    pub fn create_tree(&self, input: &TreeInput) -> Result<Tree> {
        input.validate()?;
        self.write("create_tree", |c| {
            store::trees::insert(c, input).and_then(|id| store::trees::get(c, &id))
        })
    }
    pub fn tree(&self, id: &str) -> Result<Tree> {
        store::trees::get(&*self.read()?, id)
    }
    pub fn trees(&self) -> Result<Vec<Tree>> {
        store::trees::list(&*self.read()?)
    }
    pub fn tree_node(&self, id: &str) -> Result<TreeNode> {
        store::trees::node(&*self.read()?, id)
    }
    pub fn tree_nodes(&self, tree_id: &str) -> Result<Vec<TreeNode>> {
        store::trees::nodes(&*self.read()?, tree_id)
    }
    // Edits of nodes live in trees/mod.rs, where they are logged for undo.

    // ---- evidence ----

    pub fn link_evidence(
        &self,
        from: &ObjectRef,
        to: &ObjectRef,
        comment: &str,
    ) -> Result<Vec<Evidence>> {
        if from.kind == ObjectKind::TreeNode {
            return self.link_node_evidence(&from.id, to, Some(comment));
        }
        self.write("link_evidence", |c| {
            store::evidence::link(c, from, to, comment)?;
            store::evidence::list_from(c, from)
        })
    }
    pub fn unlink_evidence(&self, from: &ObjectRef, to: &ObjectRef) -> Result<Vec<Evidence>> {
        if from.kind == ObjectKind::TreeNode {
            return self.link_node_evidence(&from.id, to, None);
        }
        self.write("unlink_evidence", |c| {
            store::evidence::unlink(c, from, to)?;
            store::evidence::list_from(c, from)
        })
    }
    pub fn evidence(&self, from: &ObjectRef) -> Result<Vec<Evidence>> {
        store::evidence::list_from(&*self.read()?, from)
    }

    // ---- feedback ----

    pub fn create_feedback(&self, input: &FeedbackInput) -> Result<FeedbackItem> {
        input.validate()?;
        self.write("create_feedback", |c| {
            store::feedback::insert(c, input).and_then(|id| store::feedback::get(c, &id))
        })
    }
    pub fn feedback_item(&self, id: &str) -> Result<FeedbackItem> {
        store::feedback::get(&*self.read()?, id)
    }
    pub fn feedback(&self) -> Result<Vec<FeedbackItem>> {
        store::feedback::list(&*self.read()?)
    }
    pub fn update_feedback(&self, id: &str, input: &FeedbackInput) -> Result<FeedbackItem> {
        input.validate()?;
        self.write("update_feedback", |c| {
            store::feedback::update(c, id, input).and_then(|_| store::feedback::get(c, id))
        })
    }

    // ---- trash ----

    /// Move an object to the trash; `restore` brings it back unchanged.
    pub fn trash(&self, kind: ObjectKind, id: &str) -> Result<TrashEntry> {
        if kind == ObjectKind::TreeNode {
            return self.trash_tree_node(id);
        }
        self.write("trash", |c| store::trash::trash(c, kind, id))
    }
    pub fn restore(&self, kind: ObjectKind, id: &str) -> Result<()> {
        if kind == ObjectKind::TreeNode {
            return self.restore_tree_node(id);
        }
        self.write("restore", |c| store::trash::restore(c, kind, id))
    }
    pub fn trash_entries(&self) -> Result<Vec<TrashEntry>> {
        store::trash::list(&*self.read()?)
    }
    /// Delete for good what has been in the trash longer than 30 days (or everything, with
    /// `everything`). Returns how many objects went.
    pub fn purge_trash(&self, everything: bool) -> Result<usize> {
        let cutoff = if everything {
            "9999".to_string()
        } else {
            let t =
                time::OffsetDateTime::now_utc() - time::Duration::days(store::trash::TRASH_DAYS);
            t.format(&time::format_description::well_known::Rfc3339)
                .map_err(|e| Error::new(ErrorCode::Storage, e.to_string()))?
        };
        self.writable()?;
        let due: i64 = self.read()?.query_row(
            "SELECT count(*) FROM trash WHERE deleted_at < ?1",
            [&cutoff],
            |r| r.get(0),
        )?;
        if due > 0 {
            self.backup_before(crate::backups::BackupReason::BeforeEmptyTrash)?;
        }
        // Purged interviews take their attachments' rows with them (ON DELETE CASCADE); the
        // copies in attachments/ go once the purge is committed.
        let (purged, gone) = self.write("purge_trash", |c| {
            c.final_();
            let going: Vec<TrashEntry> = store::trash::list(c)?
                .into_iter()
                .filter(|e| e.deleted_at.as_str() < cutoff.as_str())
                .collect();
            if let Some(first) = going.first() {
                let what = format!(
                    "{} “{}”",
                    first.kind.as_str().replace('_', " "),
                    first.title.chars().take(60).collect::<String>()
                );
                c.summary(match (everything, going.len()) {
                    (true, 1) => format!("Emptied the trash: {what}"),
                    (true, n) => format!("Emptied the trash: {what} and {} more", n - 1),
                    (false, 1) => format!("Deleted for good after 30 days in the trash: {what}"),
                    (false, n) => format!(
                        "Deleted for good after 30 days in the trash: {what} and {} more",
                        n - 1
                    ),
                });
            }
            let before = crate::attachments::stored_names(c)?;
            let purged = store::trash::purge_before(c, &cutoff)?;
            let after = crate::attachments::stored_names(c)?;
            Ok((
                purged,
                before.difference(&after).cloned().collect::<Vec<_>>(),
            ))
        })?;
        // Only names Groundwork gives: a workspace prepared elsewhere may record any path.
        for path in gone
            .iter()
            .filter_map(|name| crate::attachments::stored_path(self.root(), name))
        {
            let _ = std::fs::remove_file(path);
        }
        Ok(purged)
    }

    // ---- import ----

    /// Import one file completely or not at all.
    pub fn import_file(&self, path: &Path, as_: Option<ImportAs>) -> Result<Imported> {
        self.import_file_with(path, as_, &SpeakerMap::new())
    }

    /// `import_file` with speakers mapped to participants or the interviewer.
    pub fn import_file_with(
        &self,
        path: &Path,
        as_: Option<ImportAs>,
        speakers: &SpeakerMap,
    ) -> Result<Imported> {
        let (name, bytes) = read_import_file(path)?;
        self.import_bytes_with(&name, &bytes, as_, speakers)
    }

    /// Import a file's contents (an upload, a dropped file) under its name.
    pub fn import_bytes(
        &self,
        name: &str,
        bytes: &[u8],
        as_: Option<ImportAs>,
    ) -> Result<Imported> {
        self.import_bytes_with(name, bytes, as_, &SpeakerMap::new())
    }

    /// `import_bytes` with speakers mapped (see `preview_bytes` for who speaks). The file's
    /// hash is recorded with what it made, so importing it again can be noticed
    /// (`imported_before`); this call itself imports whatever it is given.
    pub fn import_bytes_with(
        &self,
        name: &str,
        bytes: &[u8],
        as_: Option<ImportAs>,
        speakers: &SpeakerMap,
    ) -> Result<Imported> {
        let parsed = import::parse(name, bytes, as_)?;
        self.store_parsed(name, parsed, speakers, Some(bytes))
    }

    /// The earlier import of these exact bytes, if what it made still exists.
    pub fn imported_before(&self, bytes: &[u8]) -> Result<Option<crate::speakers::PreviousImport>> {
        store::import_files::previous(&*self.read()?, bytes)
    }

    /// Store what an importer read, in one transaction.
    pub fn import_parsed(&self, path: &str, parsed: Parsed) -> Result<Imported> {
        self.import_parsed_with(path, parsed, &SpeakerMap::new())
    }

    /// `import_parsed` with speakers mapped; the participants it creates, the links and the
    /// remembered choices are part of the same transaction as the interview.
    pub fn import_parsed_with(
        &self,
        path: &str,
        parsed: Parsed,
        speakers: &SpeakerMap,
    ) -> Result<Imported> {
        self.store_parsed(path, parsed, speakers, None)
    }

    fn store_parsed(
        &self,
        path: &str,
        parsed: Parsed,
        speakers: &SpeakerMap,
        source: Option<&[u8]>,
    ) -> Result<Imported> {
        let file_name = Path::new(path)
            .file_name()
            .map_or(path.to_string(), |f| f.to_string_lossy().into_owned());
        let record = |c: &Connection, kind: ObjectKind, id: &str| match source {
            Some(bytes) => store::import_files::record(c, bytes, kind, id, &file_name),
            None => Ok(()),
        };
        match parsed {
            Parsed::Interview(iv) => {
                let input = InterviewInput {
                    title: iv.title.clone(),
                    notes: iv.notes.clone(),
                    date: iv.date.clone(),
                    ..Default::default()
                };
                input.validate().map_err(|e| e.context(path))?;
                let mut segments: Vec<SegmentInput> = iv
                    .segments
                    .iter()
                    .map(|s| SegmentInput {
                        speaker: s.speaker.clone(),
                        participant_id: None,
                        start_ms: s.start_ms,
                        end_ms: s.end_ms.map(|e| e.max(s.start_ms.unwrap_or(0))),
                        text: s.text.clone(),
                        cues: (!s.cues.is_empty()).then(|| s.cues.clone()),
                    })
                    .collect();
                // Imported passages pass the same checks as typed ones (a 10 MB caption
                // is refused, not stored).
                for (i, s) in segments.iter().enumerate() {
                    s.validate()
                        .map_err(|e| e.context(format!("{path}, passage {}", i + 1)))?;
                }
                let (id, title, applied) =
                    self.write_as(Origin::Import, "import_file", true, |c| {
                        let mut input = input;
                        input.title = store::interviews::distinct_title(c, &input.title, path)?;
                        let applied = crate::speakers::apply(
                            c,
                            speakers,
                            &mut segments,
                            &mut input.participant_ids,
                            &mut input.interviewer,
                        )
                        .map_err(|e| e.context(path))?;
                        let id = store::interviews::insert(c, &input, Some(&file_name))?;
                        store::interviews::append_segments(c, &id, &segments)?;
                        record(c, ObjectKind::Interview, &id)?;
                        Ok((id, input.title, applied))
                    })?;
                Ok(Imported {
                    path: path.to_string(),
                    kind: ObjectKind::Interview,
                    id,
                    title,
                    format: iv.format.to_string(),
                    speakers: speaker_turns(&iv.segments),
                    count: iv.segments.len(),
                    participants: applied.links,
                    interviewers: applied.interviewers,
                    date: iv.date,
                })
            }
            Parsed::Note(note) => {
                let input = NoteInput {
                    title: note.title.clone(),
                    body: note.body,
                };
                input.validate().map_err(|e| e.context(path))?;
                let (id, title) = self.write_as(Origin::Import, "import_file", true, |c| {
                    let mut input = input;
                    input.title = store::notes::distinct_title(c, &input.title, path)?;
                    let id = store::notes::insert(c, &input)?;
                    record(c, ObjectKind::Note, &id)?;
                    Ok((id, input.title))
                })?;
                Ok(Imported {
                    path: path.to_string(),
                    kind: ObjectKind::Note,
                    id,
                    title,
                    format: "markdown".into(),
                    speakers: Vec::new(),
                    count: 1,
                    participants: Vec::new(),
                    interviewers: Vec::new(),
                    date: None,
                })
            }
            Parsed::Feedback(fb) => {
                let inputs: Vec<FeedbackInput> = fb
                    .items
                    .iter()
                    .map(|i| FeedbackInput {
                        source: fb.source.clone(),
                        customer: i.customer.clone().unwrap_or_default(),
                        score: i.score,
                        text: i.text.clone(),
                        received_at: i.created_at.clone(),
                    })
                    .collect();
                for (input, item) in inputs.iter().zip(&fb.items) {
                    input
                        .validate()
                        .map_err(|e| e.context(format!("{path}, line {}", item.line)))?;
                }
                let ids = self.write_as(Origin::Import, "import_file", true, |c| {
                    let ids = inputs
                        .iter()
                        .map(|i| store::feedback::insert(c, i))
                        .collect::<Result<Vec<_>>>()?;
                    if let Some(first) = ids.first() {
                        record(c, ObjectKind::Feedback, first)?;
                    }
                    Ok(ids)
                })?;
                Ok(Imported {
                    path: path.to_string(),
                    kind: ObjectKind::Feedback,
                    id: ids.first().cloned().unwrap_or_default(),
                    title: format!("{} ({} items)", fb.source, ids.len()),
                    format: "csv".into(),
                    speakers: Vec::new(),
                    count: ids.len(),
                    participants: Vec::new(),
                    interviewers: Vec::new(),
                    date: None,
                })
            }
            Parsed::Personas(personas) => {
                let ids = self.write_as(Origin::Import, "import_file", true, |c| {
                    let mut ids = Vec::new();
                    for p in &personas {
                        let (attributes, summary) = crate::personas::kept_sections(p);
                        let input = PersonaInput {
                            name: p.name.clone(),
                            role: p.role.clone(),
                            summary,
                            attributes,
                            ..Default::default()
                        };
                        input
                            .validate()
                            .map_err(|e| e.context(format!("{path}: persona '{}'", p.name)))?;
                        let id = store::personas::insert(c, &input)?;
                        for (kind, text) in &p.statements {
                            let s = PersonaStatementInput {
                                kind: (*kind).into(),
                                text: text.clone(),
                            };
                            s.validate()
                                .map_err(|e| e.context(format!("{path}: persona '{}'", p.name)))?;
                            store::personas::add_statement(c, &id, &s)?;
                        }
                        ids.push(id);
                    }
                    if let Some(first) = ids.first() {
                        record(c, ObjectKind::Persona, first)?;
                    }
                    Ok(ids)
                })?;
                let names: Vec<&str> = personas.iter().map(|p| p.name.as_str()).collect();
                Ok(Imported {
                    path: path.to_string(),
                    kind: ObjectKind::Persona,
                    id: ids.first().cloned().unwrap_or_default(),
                    title: names.join(", "),
                    format: "markdown".into(),
                    speakers: Vec::new(),
                    count: ids.len(),
                    participants: Vec::new(),
                    interviewers: Vec::new(),
                    date: None,
                })
            }
        }
    }
}

/// Speakers in order of first appearance with how many turns each took: consecutive
/// segments of the same speaker are one turn.
/// A file to import: its name for messages and its bytes, refused when too large.
/// Only a regular file is read (not a device or a pipe named like a note), and never past
/// the limit.
pub fn read_import_file(path: &Path) -> Result<(String, Vec<u8>)> {
    let name = path.display().to_string();
    let bytes = crate::files::read_limited(path, import::MAX_FILE_BYTES as u64, |size| {
        crate::files::too_large(
            &name,
            size,
            &format!(
                "files up to {} MB can be imported",
                import::MAX_FILE_BYTES / 1_000_000
            ),
        )
    })?;
    Ok((name, bytes))
}

pub fn speaker_turns(segments: &[import::ParsedSegment]) -> Vec<SpeakerTurns> {
    let mut out: Vec<SpeakerTurns> = Vec::new();
    let mut previous: Option<&str> = None;
    for s in segments {
        let Some(name) = s.speaker.as_deref() else {
            previous = None;
            continue;
        };
        if previous == Some(name) {
            continue;
        }
        previous = Some(name);
        match out.iter_mut().find(|t| t.name == name) {
            Some(t) => t.turns += 1,
            None => out.push(SpeakerTurns {
                name: name.to_string(),
                turns: 1,
            }),
        }
    }
    out
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

/// Why a workspace that could not be locked for writing is read-only, for messages.
fn read_only_reason(path: &Path) -> String {
    format!(
        "{} cannot be written: its permissions or the disk it is on do not allow it",
        path.display()
    )
}
