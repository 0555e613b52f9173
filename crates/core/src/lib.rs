//! groundwork_core: the engine behind Groundwork. A workspace is a folder holding a SQLite
//! database (the truth) and a tantivy index (a rebuildable copy for search); `Workspace` is
//! the one API over both. No UI and no HTTP here.

pub mod attachments;
pub mod coding;
pub mod demo;
pub mod error;
pub(crate) mod files;
pub mod import;
pub mod model;
pub mod overview;
pub mod personas;
pub mod search;
pub mod speakers;
pub(crate) mod store;
pub mod trees;
pub mod workspace;

pub use error::{Error, ErrorBody, ErrorCode, Result};

/// The change log every write goes through: its entries, where they came from, and what
/// undo and redo may pick.
pub mod changes {
    pub use crate::store::changes::{Change, Origin, UndoScope};
}
pub use workspace::{Imported, OpenOptions, Progress, ProgressFn, Workspace};

/// The schema version this build writes.
pub fn schema_version() -> usize {
    store::migrations::latest_version()
}
