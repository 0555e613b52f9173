//! groundwork_core: the engine behind Groundwork. A workspace is a folder holding a SQLite
//! database (the truth) and a tantivy index (a rebuildable copy for search); `Workspace` is
//! the one API over both. No UI and no HTTP here.

pub mod archive;
pub mod attachments;
pub mod backups;
pub mod coding;
pub mod demo;
#[cfg(test)]
mod disk_full_tests;
pub mod error;
pub mod feedback;
pub(crate) mod files;
pub mod import;
pub(crate) mod indexer;
pub mod location;
pub mod lock;
pub mod model;
pub mod overview;
pub mod pack;
pub mod personas;
pub mod search;
pub mod speakers;
pub(crate) mod store;
pub mod trees;
pub mod workshops;
pub mod workspace;

pub use backups::{BackupInfo, BackupReason, RestoreReport};
pub use error::{Error, ErrorBody, ErrorCode, Result};
pub use location::LocationWarning;
pub use lock::LockOwner;

/// The change log every write goes through: its entries, where they came from, and what
/// undo and redo may pick.
pub mod changes {
    pub use crate::store::changes::{Change, Origin, UndoScope};
}
pub use workspace::{
    FeedbackImport, FeedbackPreview, Imported, OpenOptions, Progress, ProgressFn, Workspace,
};

/// The schema version this build writes.
pub fn schema_version() -> usize {
    store::migrations::latest_version()
}

/// Every migration's SQL, oldest first (schema version N is the first N applied). For the
/// tests and the script that rebuild a database of each past schema; not for the app.
#[doc(hidden)]
pub fn migration_sql() -> &'static [&'static str] {
    store::migrations::ALL
}
