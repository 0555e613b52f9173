//! What import and remapping say about speakers: where a speaker label goes, and the earlier
//! import of the same file.

use super::ObjectKind;
use serde::{Deserialize, Serialize};

/// What a speaker becomes when the transcript is imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "to", rename_all = "snake_case")]
pub enum SpeakerTarget {
    /// An existing participant.
    Participant { id: String },
    /// A participant created with this name (or, at import, the one already called so).
    NewParticipant {
        name: String,
        /// The organisation the label wrote with the name ("Dana | Acme").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        company: Option<String>,
    },
    /// The person running the interview ("me / my team"): their name goes into the
    /// interview's interviewer, and the choice is remembered for the next import.
    Interviewer,
    /// Leave the speaker label as written, linked to no one.
    Keep,
}

/// An earlier import of the same bytes whose object still exists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PreviousImport {
    pub kind: ObjectKind,
    pub id: String,
    pub title: String,
    /// The file name it was imported under.
    pub file_name: String,
    /// RFC 3339.
    pub imported_at: String,
}
