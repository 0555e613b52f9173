//! Opening a workspace: the folder made or checked, the lock taken, the database migrated,
//! the search index opened (rebuilt in the background when missing) and the indexer thread
//! started.

use super::{DB_FILE, ProgressFn, Workspace};
use crate::error::{Error, ErrorCode, Result};
use crate::indexer::{IndexSlot, Wake};
use crate::lock::Locked;
use crate::search::SearchIndex;
use crate::store;
use std::path::{Path, PathBuf};
use std::sync::mpsc::channel;
use std::sync::{Arc, Mutex};

const SUBDIRS: [&str; 3] = ["index", "attachments", "backups"];

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
}

/// Why a workspace that could not be locked for writing is read-only, for messages.
fn read_only_reason(path: &Path) -> String {
    format!(
        "{} cannot be written: its permissions or the disk it is on do not allow it",
        path.display()
    )
}
