//! Speakers at import: parse a file without saving to show who speaks and how often, then
//! import it with each speaker mapped to a participant (existing or new), the interviewer,
//! or left as written. Choices are remembered so the next import preselects them.

use crate::error::Result;
use crate::import::{self, ImportAs, Parsed};
use crate::model::{ObjectKind, ParticipantInput, SegmentInput, Validate};
use crate::store;
use crate::workspace::{SpeakerTurns, Workspace, speaker_turns};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// What a speaker becomes when the transcript is imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "to", rename_all = "snake_case")]
pub enum SpeakerTarget {
    /// An existing participant.
    Participant { id: String },
    /// A participant created with this name (or the one already called so).
    NewParticipant { name: String },
    /// The person running the interview: their name goes into the interview's interviewer.
    Interviewer,
    /// Leave the speaker label as written, linked to no one.
    Keep,
}

/// Speaker name as written in the file → what it becomes. Names not in a file are ignored,
/// so one map can serve every file of a folder import.
pub type SpeakerMap = BTreeMap<String, SpeakerTarget>;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SpeakerPreview {
    pub name: String,
    pub turns: usize,
    /// What the last import mapped this name to, or the participant of the same name.
    pub suggestion: Option<SpeakerTarget>,
}

/// What importing a file would make, without saving anything.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportPreview {
    pub path: String,
    pub kind: ObjectKind,
    pub title: String,
    pub format: String,
    pub speakers: Vec<SpeakerPreview>,
    /// Transcript segments (0 for anything but an interview).
    pub segments: usize,
    /// Segments, feedback items or personas the import would make.
    pub count: usize,
}

impl Workspace {
    /// Parse a file's contents and say what importing it would make; nothing is saved.
    pub fn preview_bytes(
        &self,
        name: &str,
        bytes: &[u8],
        as_: Option<ImportAs>,
    ) -> Result<ImportPreview> {
        let parsed = import::parse(name, bytes, as_)?;
        let conn = self.read()?;
        let (kind, title, format, speakers, segments, count) = match &parsed {
            Parsed::Interview(i) => {
                let speakers = speaker_turns(&i.segments)
                    .into_iter()
                    .map(|SpeakerTurns { name, turns }| {
                        let suggestion = suggestion(&conn, &name)?;
                        Ok(SpeakerPreview {
                            name,
                            turns,
                            suggestion,
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                let n = i.segments.len();
                (
                    ObjectKind::Interview,
                    i.title.clone(),
                    i.format.to_string(),
                    speakers,
                    n,
                    n,
                )
            }
            Parsed::Note(n) => (
                ObjectKind::Note,
                n.title.clone(),
                "markdown".into(),
                vec![],
                0,
                1,
            ),
            Parsed::Feedback(f) => (
                ObjectKind::Feedback,
                format!("{} ({} items)", f.source, f.items.len()),
                "csv".into(),
                vec![],
                0,
                f.items.len(),
            ),
            Parsed::Personas(p) => (
                ObjectKind::Persona,
                p.iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                "markdown".into(),
                vec![],
                0,
                p.len(),
            ),
        };
        Ok(ImportPreview {
            path: name.to_string(),
            kind,
            title,
            format,
            speakers,
            segments,
            count,
        })
    }

    /// `preview_bytes` for a file on this machine.
    pub fn preview_file(&self, path: &Path, as_: Option<ImportAs>) -> Result<ImportPreview> {
        let (name, bytes) = crate::workspace::read_import_file(path)?;
        self.preview_bytes(&name, &bytes, as_)
    }
}

fn suggestion(conn: &Connection, speaker: &str) -> Result<Option<SpeakerTarget>> {
    if let Some(t) = store::speaker_mappings::get(conn, speaker)? {
        return Ok(Some(t));
    }
    Ok(store::participants::find_by_name(conn, speaker)?
        .map(|id| SpeakerTarget::Participant { id }))
}

/// Inside the import's transaction: resolve `map` for the speakers of `segments`, link the
/// segments to participants, fill the interview's participants and interviewer, and
/// remember the choices. A participant id that does not exist fails the whole import.
pub(crate) fn apply(
    conn: &Connection,
    map: &SpeakerMap,
    segments: &mut [SegmentInput],
    participant_ids: &mut Vec<String>,
    interviewer: &mut String,
) -> Result<()> {
    if map.is_empty() {
        return Ok(());
    }
    let mut interviewers: Vec<&str> = Vec::new();
    let mut resolved: BTreeMap<&str, String> = BTreeMap::new();
    let spoken: Vec<&str> = {
        let mut v: Vec<&str> = segments
            .iter()
            .filter_map(|s| s.speaker.as_deref())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    for (speaker, target) in map {
        if !spoken.contains(&speaker.as_str()) {
            continue;
        }
        match target {
            SpeakerTarget::Participant { id } => {
                store::participants::get(conn, id)
                    .map_err(|e| e.context(format!("speaker '{speaker}'")))?;
                store::speaker_mappings::remember(conn, speaker, Some(id))?;
                resolved.insert(speaker, id.clone());
            }
            SpeakerTarget::NewParticipant { name } => {
                let input = ParticipantInput {
                    name: name.trim().to_string(),
                    ..Default::default()
                };
                input
                    .validate()
                    .map_err(|e| e.context(format!("speaker '{speaker}'")))?;
                let id = match store::participants::find_by_name(conn, &input.name)? {
                    Some(id) => id,
                    None => store::participants::insert(conn, &input)?,
                };
                store::speaker_mappings::remember(conn, speaker, Some(&id))?;
                resolved.insert(speaker, id);
            }
            SpeakerTarget::Interviewer => {
                store::speaker_mappings::remember(conn, speaker, None)?;
                interviewers.push(speaker);
            }
            SpeakerTarget::Keep => store::speaker_mappings::forget(conn, speaker)?,
        }
    }
    for s in segments.iter_mut() {
        if let Some(id) = s.speaker.as_deref().and_then(|sp| resolved.get(sp)) {
            s.participant_id = Some(id.clone());
        }
    }
    for id in resolved.into_values() {
        if !participant_ids.contains(&id) {
            participant_ids.push(id);
        }
    }
    if !interviewers.is_empty() {
        *interviewer = interviewers.join(", ");
    }
    Ok(())
}
