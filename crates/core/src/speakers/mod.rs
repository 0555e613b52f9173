//! Speakers become people. Importing a transcript proposes, for every speaker label, what it
//! becomes: an existing participant of the same name (ignoring case, accents and decorations
//! such as "| Acme" or "(M)"), a new participant, the interviewer (the host the file names,
//! whoever speaks in most files of one import, or someone remembered as "me / my team"), or
//! nothing (labels that name no one: "Speaker 2", bots). The import applies the mapping in
//! its transaction and remembers it; an interview's speakers can be remapped at any time
//! (`remap`), and evidence strength, the tag × participant matrix and persona verdicts follow.

use crate::error::Result;
use crate::import::{self, ImportAs, Parsed};
use crate::model::{ObjectKind, ParticipantInput, SegmentInput, Validate};
use crate::store;
use crate::workspace::{SpeakerTurns, Workspace, speaker_turns};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

pub mod remap;

// Label parsing and name keys, and the speaker DTOs, live in `model` so `store` can use them
// without reaching up into this module; they are still named from here.
pub use crate::model::names::{self, Label, is_anonymous, person_key};
pub use crate::model::{PreviousImport, SpeakerTarget};

/// Speaker name as written in the file → what it becomes. Names not in a file are ignored,
/// so one map can serve every file of a folder import.
pub type SpeakerMap = BTreeMap<String, SpeakerTarget>;

/// How `groundwork import --speakers` maps speakers (sent as JSON when the CLI hands its
/// import to the process that has the workspace open).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeakerMode {
    /// Propose a mapping for the whole batch (`propose_speakers`) and apply it.
    #[default]
    Auto,
    /// Leave every label as written.
    Keep,
    /// These choices; speakers they do not name are proposed as in `Auto`.
    Map(SpeakerMap),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SpeakerPreview {
    pub name: String,
    pub turns: usize,
    /// What importing this file alone would map the name to (see `propose_speakers`).
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
    /// The speaker the file names as the meeting's host, if it does.
    pub host: Option<String>,
    /// `YYYY-MM-DD`: the interview's date as the file name or text gives it.
    pub date: Option<String>,
    /// The same file was imported before and what it made is still there.
    pub imported_before: Option<PreviousImport>,
}

/// The speakers of one file of an import, for proposing a mapping across all of them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FileSpeakers {
    pub speakers: Vec<String>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub host: Option<String>,
}

/// Why a speaker is proposed as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ProposalReason {
    /// An earlier import or remap mapped this name to that participant.
    Remembered,
    /// Marked as the user or their team before.
    Team,
    /// The file says this is the host ("X started transcription", "Interviewer:").
    Host,
    /// Speaks in most files of this import: whoever runs the interviews.
    MostFiles,
    /// A participant of the same name exists.
    SameName,
    /// Nobody of this name yet: a new participant.
    New,
    /// The label names no one in particular ("Speaker 2", a bot): left as written.
    Unnamed,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SpeakerProposal {
    pub name: String,
    pub target: SpeakerTarget,
    pub reason: ProposalReason,
    /// In how many of the files this name speaks, of `of`.
    pub files: usize,
    pub of: usize,
}

/// A speaker an import linked to a participant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SpeakerLink {
    pub speaker: String,
    pub participant_id: String,
    pub name: String,
    /// Made by this import (otherwise an existing participant was matched).
    pub created: bool,
}

/// What applying a mapping did to one file.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Applied {
    pub links: Vec<SpeakerLink>,
    pub interviewers: Vec<String>,
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
        let imported_before = store::import_files::previous(&conn, bytes)?;
        let (kind, title, format, speakers, segments, count, host, date) = match &parsed {
            Parsed::Interview(i) => {
                let turns = speaker_turns(&i.segments);
                let file = FileSpeakers {
                    speakers: turns.iter().map(|t| t.name.clone()).collect(),
                    host: i.host.clone(),
                };
                let proposals = propose(&conn, std::slice::from_ref(&file))?;
                let speakers = turns
                    .into_iter()
                    .zip(proposals)
                    .map(|(SpeakerTurns { name, turns }, p)| SpeakerPreview {
                        name,
                        turns,
                        suggestion: Some(p.target),
                    })
                    .collect();
                let n = i.segments.len();
                (
                    ObjectKind::Interview,
                    i.title.clone(),
                    i.format.to_string(),
                    speakers,
                    n,
                    n,
                    i.host.clone(),
                    i.date.clone(),
                )
            }
            Parsed::Note(n) => (
                ObjectKind::Note,
                n.title.clone(),
                "markdown".into(),
                vec![],
                0,
                1,
                None,
                None,
            ),
            Parsed::Feedback(f) => (
                ObjectKind::Feedback,
                format!("{} ({} items)", f.source, f.items.len()),
                "csv".into(),
                vec![],
                0,
                f.items.len(),
                None,
                None,
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
                None,
                None,
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
            host,
            date,
            imported_before,
        })
    }

    /// `preview_bytes` for a file on this machine.
    pub fn preview_file(&self, path: &Path, as_: Option<ImportAs>) -> Result<ImportPreview> {
        let (name, bytes) = crate::workspace::read_import_file(path)?;
        self.preview_bytes(&name, &bytes, as_)
    }

    /// What each speaker of these files (one import) should become, one proposal per
    /// distinct name in order of first appearance. Nothing is saved.
    pub fn propose_speakers(&self, files: &[FileSpeakers]) -> Result<Vec<SpeakerProposal>> {
        propose(&*self.read()?, files)
    }

    /// The mapping `mode` means for these files: proposals, overridden by the choices a
    /// `Map` makes; empty (labels kept) for `Keep`.
    pub fn speaker_map(&self, mode: &SpeakerMode, files: &[FileSpeakers]) -> Result<SpeakerMap> {
        let chosen = match mode {
            SpeakerMode::Keep => return Ok(SpeakerMap::new()),
            SpeakerMode::Auto => SpeakerMap::new(),
            SpeakerMode::Map(m) => m.clone(),
        };
        let mut map: SpeakerMap = self
            .propose_speakers(files)?
            .into_iter()
            .map(|p| (p.name, p.target))
            .collect();
        map.extend(chosen);
        Ok(map)
    }
}

/// Speakers in most files of an import run them: a name counts as the interviewer when,
/// in some file, it speaks in at least two files of the import, in more than anyone else in
/// that file, and in at least half as many again (3 against 2, 2 against 1), so a batch of
/// calls where the same people recur names no one.
fn batch_interviewers(files: &[Vec<String>], per_key: &HashMap<String, usize>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for keys in files {
        let mut counts: Vec<(usize, &String)> = keys
            .iter()
            .map(|k| (per_key.get(k).copied().unwrap_or(0), k))
            .collect();
        counts.sort_by_key(|c| std::cmp::Reverse(c.0));
        if let [(top, key), rest @ ..] = counts.as_slice()
            && let Some((second, _)) = rest.first()
            && *top >= 2
            && *top > *second
            && 2 * *top >= 3 * *second
            && !out.contains(key)
        {
            out.push((*key).clone());
        }
    }
    out
}

pub(crate) fn propose(conn: &Connection, files: &[FileSpeakers]) -> Result<Vec<SpeakerProposal>> {
    let people = store::participants::keys(conn)?;
    // Distinct named keys per file, and in how many files each key speaks.
    let file_keys: Vec<Vec<String>> = files
        .iter()
        .map(|f| {
            let mut keys: Vec<String> = f
                .speakers
                .iter()
                .filter(|s| !is_anonymous(s))
                .map(|s| person_key(s))
                .collect();
            keys.sort();
            keys.dedup();
            keys
        })
        .collect();
    let mut per_key: HashMap<String, usize> = HashMap::new();
    for keys in &file_keys {
        for k in keys {
            *per_key.entry(k.clone()).or_default() += 1;
        }
    }
    let interviewers = batch_interviewers(&file_keys, &per_key);
    let hosts: Vec<String> = files
        .iter()
        .filter_map(|f| f.host.as_deref().map(person_key))
        .collect();
    let mut out: Vec<SpeakerProposal> = Vec::new();
    for name in files.iter().flat_map(|f| &f.speakers) {
        if out.iter().any(|p| &p.name == name) {
            continue;
        }
        let key = person_key(name);
        let label = Label::parse(name);
        let (target, reason) = if is_anonymous(name) {
            (SpeakerTarget::Keep, ProposalReason::Unnamed)
        } else if let Some(t) = store::speaker_mappings::get(conn, name)? {
            let reason = match t {
                SpeakerTarget::Interviewer => ProposalReason::Team,
                _ => ProposalReason::Remembered,
            };
            (t, reason)
        } else if label.host || hosts.contains(&key) {
            (SpeakerTarget::Interviewer, ProposalReason::Host)
        } else if interviewers.contains(&key) {
            (SpeakerTarget::Interviewer, ProposalReason::MostFiles)
        } else if let Some(id) = people.get(&key) {
            (
                SpeakerTarget::Participant { id: id.clone() },
                ProposalReason::SameName,
            )
        } else {
            (
                SpeakerTarget::NewParticipant {
                    name: label.name,
                    company: label.org,
                },
                ProposalReason::New,
            )
        };
        out.push(SpeakerProposal {
            name: name.clone(),
            target,
            reason,
            files: per_key.get(&key).copied().unwrap_or(1),
            of: files.len(),
        });
    }
    Ok(out)
}

/// The participant a new-participant choice means: one whose name has the same key, or a
/// new one. `(id, name, created)`.
pub(crate) fn participant_for(
    conn: &Connection,
    name: &str,
    company: Option<&str>,
    reuse: bool,
) -> Result<(String, String, bool)> {
    let input = ParticipantInput {
        name: name.trim().to_string(),
        company: company.map(str::trim).unwrap_or_default().to_string(),
        ..Default::default()
    };
    input.validate()?;
    if reuse && let Some((id, name)) = store::participants::find_by_key(conn, &input.name)? {
        return Ok((id, name, false));
    }
    let id = store::participants::insert(conn, &input)?;
    Ok((id, input.name, true))
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
) -> Result<Applied> {
    let mut applied = Applied::default();
    if map.is_empty() {
        return Ok(applied);
    }
    let mut resolved: BTreeMap<String, String> = BTreeMap::new();
    let mut spoken: Vec<String> = Vec::new();
    for s in segments.iter().filter_map(|s| s.speaker.as_deref()) {
        if !spoken.iter().any(|x| x == s) {
            spoken.push(s.to_string());
        }
    }
    for speaker in &spoken {
        let Some(target) = map.get(speaker) else {
            continue;
        };
        let key = person_key(speaker);
        match target {
            SpeakerTarget::Participant { id } => {
                let p = store::participants::get(conn, id)
                    .map_err(|e| e.context(format!("speaker '{speaker}'")))?;
                store::speaker_mappings::remember(conn, &key, Some(id))?;
                applied.links.push(SpeakerLink {
                    speaker: speaker.to_string(),
                    participant_id: id.clone(),
                    name: p.input.name,
                    created: false,
                });
                resolved.insert(speaker.clone(), id.clone());
            }
            SpeakerTarget::NewParticipant { name, company } => {
                let (id, name, created) = participant_for(conn, name, company.as_deref(), true)
                    .map_err(|e| e.context(format!("speaker '{speaker}'")))?;
                store::speaker_mappings::remember(conn, &key, Some(&id))?;
                applied.links.push(SpeakerLink {
                    speaker: speaker.to_string(),
                    participant_id: id.clone(),
                    name,
                    created,
                });
                resolved.insert(speaker.clone(), id);
            }
            SpeakerTarget::Interviewer => {
                store::speaker_mappings::remember(conn, &key, None)?;
                applied.interviewers.push(speaker.clone());
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
    if !applied.interviewers.is_empty() {
        *interviewer = applied.interviewers.join(", ");
    }
    Ok(applied)
}
