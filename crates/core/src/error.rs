//! One error type for the whole engine. Consumers branch on `code`, never on the message;
//! the message is for people and names the file, line or field that was wrong.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The stable codes the UI and CLI branch on (ARCHITECTURE.md §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    NotFound,
    Invalid,
    Conflict,
    UnsupportedFormat,
    TooLarge,
    Storage,
    Index,
    Io,
    Cancelled,
    /// The transport's: the request carried no valid credential (HTTP 401).
    Unauthorized,
    /// The transport's: this caller may not do this (a page from another origin, a host
    /// name that is not this server's, a workshop participant asking for the workspace).
    Forbidden,
    /// A fault in Groundwork itself, not in what was asked.
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "not_found",
            ErrorCode::Invalid => "invalid",
            ErrorCode::Conflict => "conflict",
            ErrorCode::UnsupportedFormat => "unsupported_format",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::Storage => "storage",
            ErrorCode::Index => "index",
            ErrorCode::Io => "io",
            ErrorCode::Cancelled => "cancelled",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::Internal => "internal",
        }
    }
}

#[derive(Debug)]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
    /// The input field at fault, for `invalid`.
    pub field: Option<String>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            field: None,
            source: None,
        }
    }
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Error {
            field: Some(field.to_string()),
            ..Error::new(ErrorCode::Invalid, message)
        }
    }
    pub fn not_found(kind: &str, id: &str) -> Self {
        Error::new(ErrorCode::NotFound, format!("no {kind} with id {id}"))
    }
    pub fn unsupported(message: impl Into<String>) -> Self {
        Error::new(ErrorCode::UnsupportedFormat, message)
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Error::new(ErrorCode::Conflict, message)
    }
    pub fn index(message: impl Into<String>) -> Self {
        Error::new(ErrorCode::Index, message)
    }
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }
    /// Prefix the message with where it happened; the code and field are kept.
    pub fn context(mut self, context: impl fmt::Display) -> Self {
        self.message = format!("{context}: {}", self.message);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// What crosses the boundary to the UI and `--json` output: `{code, message, field?}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub field: Option<String>,
}

impl From<&Error> for ErrorBody {
    fn from(e: &Error) -> Self {
        ErrorBody {
            code: e.code,
            message: e.message.clone(),
            field: e.field.clone(),
        }
    }
}

/// What to tell people when the disk is full: nothing was saved by this action, nothing
/// saved before is lost, and how to get going again.
pub const DISK_FULL: &str = "The disk is full, so this change was not saved (everything saved \
    before is safe). Free some space on the disk that holds the workspace, then do it again.";

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode as Sqlite;
        let message = match e.sqlite_error_code() {
            Some(Sqlite::DiskFull) => DISK_FULL.to_string(),
            Some(Sqlite::ReadOnly) => format!(
                "The workspace cannot be written (its files or disk are read-only), so this change \
                 was not saved. Make the workspace folder writable and try again. ({e})"
            ),
            Some(Sqlite::DatabaseCorrupt) | Some(Sqlite::NotADatabase) => format!(
                "The workspace database is damaged ({e}). Restore the last good backup: Settings → \
                 Backups in the app, or `groundwork backups` and `groundwork restore NAME`."
            ),
            _ => format!("database error: {e}"),
        };
        Error::new(ErrorCode::Storage, message).with_source(e)
    }
}

impl From<rusqlite_migration::Error> for Error {
    fn from(e: rusqlite_migration::Error) -> Self {
        Error::new(
            ErrorCode::Storage,
            format!("database migration failed: {e}"),
        )
        .with_source(e)
    }
}

impl From<r2d2::Error> for Error {
    fn from(e: r2d2::Error) -> Self {
        Error::new(ErrorCode::Storage, format!("database connection pool: {e}")).with_source(e)
    }
}

impl From<tantivy::TantivyError> for Error {
    fn from(e: tantivy::TantivyError) -> Self {
        Error::new(ErrorCode::Index, format!("search index error: {e}")).with_source(e)
    }
}

impl From<tantivy::directory::error::OpenDirectoryError> for Error {
    fn from(e: tantivy::directory::error::OpenDirectoryError) -> Self {
        Error::new(ErrorCode::Index, format!("search index folder: {e}")).with_source(e)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::StorageFull
            || e.kind() == std::io::ErrorKind::QuotaExceeded
        {
            return Error::new(ErrorCode::Storage, DISK_FULL).with_source(e);
        }
        Error::new(ErrorCode::Io, e.to_string()).with_source(e)
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::new(
            ErrorCode::Storage,
            format!("stored JSON is unreadable: {e}"),
        )
        .with_source(e)
    }
}

/// Whether an error means "this place cannot be written", as opposed to a real failure.
pub(crate) fn is_read_only_error(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
    )
}
