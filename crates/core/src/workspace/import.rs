//! Importing a file: read it (never past the size limit), parse it, and store what it holds
//! in one transaction logged as one change by the import.

use super::Workspace;
use crate::error::Result;
use crate::import::{self, FeedbackMapping, FeedbackTable, ImportAs, ImportWarning, Parsed};
use crate::model::*;
use crate::speakers::{SpeakerLink, SpeakerMap};
use crate::store::{self, changes::Origin};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::path::Path;

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
    /// For a feedback export: the mapping used and what it added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub feedback: Option<Box<FeedbackImport>>,
}

/// What importing a feedback export did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FeedbackImport {
    pub mapping: FeedbackMapping,
    /// Whether the mapping was the one remembered for files with these columns.
    pub remembered: bool,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub added: usize,
    /// Items an earlier import of this or an overlapping export already made.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub already_present: usize,
    /// Rows with no text in any text column.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub skipped_no_text: usize,
    pub warnings: Vec<ImportWarning>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub warning_count: usize,
}

/// What importing a feedback export would do, before anything is written: the columns,
/// the mapping (remembered for files with these columns, or guessed) and the first rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FeedbackPreview {
    pub name: String,
    /// "csv" or "jsonl".
    pub format: String,
    pub headers: Vec<String>,
    pub mapping: FeedbackMapping,
    pub remembered: bool,
    /// The first rows, cells in header order.
    pub sample: Vec<Vec<String>>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub rows: usize,
    /// Items the import would add; `None` while the mapping has no text column.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub items: Option<usize>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub already_present: usize,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub skipped_no_text: usize,
    pub warnings: Vec<ImportWarning>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub warning_count: usize,
    /// Why this mapping cannot import the file, if it cannot.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SpeakerTurns {
    pub name: String,
    pub turns: usize,
}

impl Workspace {
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
        if import::is_feedback_file(name, as_) {
            return self.import_feedback(name, bytes, None);
        }
        let parsed = import::parse(name, bytes, as_)?;
        self.store_parsed(name, parsed, speakers, Some(bytes))
    }

    /// Import a feedback export with `mapping`, or else the mapping remembered for files
    /// with its columns, or else the guessed one. Items an earlier import made (the same
    /// export, or one that overlaps it) are not added again. The mapping used is remembered.
    pub fn import_feedback(
        &self,
        name: &str,
        bytes: &[u8],
        mapping: Option<&FeedbackMapping>,
    ) -> Result<Imported> {
        let table = import::feedback_table(name, bytes)?;
        let (mapping, remembered) = self.feedback_mapping(&table, mapping)?;
        let mapping = table.fit(&mapping)?;
        let parsed = table.parse(&mapping)?;
        let mut imported = self.store_parsed(
            name,
            Parsed::Feedback(parsed),
            &SpeakerMap::new(),
            Some(bytes),
        )?;
        if let Some(f) = &mut imported.feedback {
            f.remembered = remembered;
        }
        Ok(imported)
    }

    /// `import_feedback` for a file on disk.
    pub fn import_feedback_file(
        &self,
        path: &Path,
        mapping: Option<&FeedbackMapping>,
    ) -> Result<Imported> {
        let (name, bytes) = read_import_file(path)?;
        self.import_feedback(&name, &bytes, mapping)
    }

    /// `preview_feedback` for a file on disk.
    pub fn preview_feedback_file(
        &self,
        path: &Path,
        mapping: Option<&FeedbackMapping>,
    ) -> Result<FeedbackPreview> {
        let (name, bytes) = read_import_file(path)?;
        self.preview_feedback(&name, &bytes, mapping)
    }

    /// What `import_feedback` would do with `mapping` (or the remembered or guessed one).
    pub fn preview_feedback(
        &self,
        name: &str,
        bytes: &[u8],
        mapping: Option<&FeedbackMapping>,
    ) -> Result<FeedbackPreview> {
        let table = import::feedback_table(name, bytes)?;
        let (mapping, remembered) = self.feedback_mapping(&table, mapping)?;
        let mut preview = FeedbackPreview {
            name: name.to_string(),
            format: table.format().to_string(),
            headers: table.headers.clone(),
            mapping: mapping.clone(),
            remembered,
            sample: table.sample()?,
            rows: table.rows,
            items: None,
            already_present: 0,
            skipped_no_text: 0,
            warnings: Vec::new(),
            warning_count: 0,
            problem: None,
        };
        match table.fit(&mapping).and_then(|m| table.parse(&m)) {
            Ok(parsed) => {
                let present = {
                    let conn = self.read()?;
                    let mut n = 0;
                    for item in &parsed.items {
                        n += usize::from(store::feedback::key_exists(&conn, &item.key)?);
                    }
                    n
                };
                preview.mapping = parsed.mapping;
                preview.items = Some(parsed.items.len() - present);
                preview.already_present = present;
                preview.skipped_no_text = parsed.skipped_no_text;
                preview.warnings = parsed.warnings;
                preview.warning_count = parsed.warning_count;
            }
            Err(e) => preview.problem = Some(e.message),
        }
        Ok(preview)
    }

    /// The mapping to use for `table`: the one given, else the one remembered for its
    /// columns (when it still fits), else a guess. True when it was remembered.
    fn feedback_mapping(
        &self,
        table: &FeedbackTable,
        given: Option<&FeedbackMapping>,
    ) -> Result<(FeedbackMapping, bool)> {
        if let Some(m) = given {
            return Ok((table.align(m).0, false));
        }
        let remembered = store::get_setting(&*self.read()?, &mapping_key(&table.layout()))?
            .and_then(|json| serde_json::from_str::<FeedbackMapping>(&json).ok())
            .and_then(|m| table.fit(&m).ok());
        Ok(match remembered {
            Some(m) => (m, true),
            None => (table.guess(), false),
        })
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
                    feedback: None,
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
                    feedback: None,
                })
            }
            Parsed::Feedback(fb) => {
                for item in &fb.items {
                    item.input
                        .validate()
                        .map_err(|e| e.context(format!("{path}, line {}", item.line)))?;
                }
                let mapping_json = serde_json::to_string(&fb.mapping)?;
                let (ids, already_present) =
                    self.write_as(Origin::Import, "import_file", true, |c| {
                        let mut ids = Vec::new();
                        for item in &fb.items {
                            let stamp = store::Stamp::fresh();
                            if store::feedback::insert_keyed(
                                c,
                                &stamp,
                                &item.input,
                                Some(&item.key),
                            )? {
                                ids.push(stamp.id);
                            }
                        }
                        if let Some(first) = ids.first() {
                            record(c, ObjectKind::Feedback, first)?;
                        }
                        store::set_setting(c, &mapping_key(&fb.layout), &mapping_json)?;
                        let already = fb.items.len() - ids.len();
                        Ok((ids, already))
                    })?;
                Ok(Imported {
                    path: path.to_string(),
                    kind: ObjectKind::Feedback,
                    id: ids.first().cloned().unwrap_or_default(),
                    title: format!("{} ({} items)", fb.source, ids.len()),
                    format: fb.format.into(),
                    speakers: Vec::new(),
                    count: ids.len(),
                    participants: Vec::new(),
                    interviewers: Vec::new(),
                    date: None,
                    feedback: Some(Box::new(FeedbackImport {
                        mapping: fb.mapping,
                        remembered: false,
                        added: ids.len(),
                        already_present,
                        skipped_no_text: fb.skipped_no_text,
                        warnings: fb.warnings,
                        warning_count: fb.warning_count,
                    })),
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
                    feedback: None,
                })
            }
        }
    }
}

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

/// Speakers in order of first appearance with how many turns each took: consecutive
/// segments of the same speaker are one turn.
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

/// Where the mapping last used for files with these columns is kept.
fn mapping_key(layout: &str) -> String {
    format!("feedback_mapping:{layout}")
}
