//! Importers: bytes of one file in, one parsed document out, or an error naming the file
//! and line. Parsers are pure (no I/O, no database): `Workspace::import_file` stores what
//! they return in one transaction, so a file imports completely or not at all.

use crate::error::{Error, ErrorCode, Result};
use serde::Serialize;

/// Files larger than this are refused before parsing (`too_large`).
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// What the user asked a file to become (`groundwork import --as`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportAs {
    Interview,
    Note,
    Feedback,
    Persona,
}

/// One speaker turn or caption cue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParsedSegment {
    pub speaker: Option<String>,
    pub start_ms: Option<i64>,
    pub end_ms: Option<i64>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParsedInterview {
    pub title: String,
    /// Which parser read it: "vtt", "srt", "sbv", "zoom_chat", "timestamped_text", "turns", "markdown".
    pub format: &'static str,
    /// Markdown notes that came with the file (e.g. a preamble before the turns).
    pub notes: String,
    pub segments: Vec<ParsedSegment>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParsedNote {
    pub title: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParsedFeedbackItem {
    pub customer: Option<String>,
    pub score: Option<f64>,
    pub text: String,
    /// RFC 3339 when the file had a parseable date.
    pub created_at: Option<String>,
    /// 1-based line in the file where the record starts.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParsedFeedback {
    /// Where the items came from, e.g. the file name.
    pub source: String,
    pub items: Vec<ParsedFeedbackItem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementKind {
    Goal,
    Pain,
    Job,
    Behaviour,
    Quote,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParsedPersona {
    pub name: String,
    pub role: String,
    pub summary: String,
    pub statements: Vec<(StatementKind, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Parsed {
    Interview(ParsedInterview),
    Note(ParsedNote),
    Feedback(ParsedFeedback),
    Personas(Vec<ParsedPersona>),
}

/// An error in `file` at `line` (1-based), coded `unsupported_format`.
pub(crate) fn format_error(file: &str, line: usize, message: impl std::fmt::Display) -> Error {
    Error::new(ErrorCode::UnsupportedFormat, format!("{file}, line {line}: {message}"))
}

// PLACEHOLDER until the importers land (helper is writing them).
pub fn parse(name: &str, _bytes: &[u8], _as_: Option<ImportAs>) -> Result<Parsed> {
    Err(format_error(name, 1, "importers not built yet"))
}
