//! Importing what another tool exported: a REFI-QDA project (`.qdpx`) or codebook (`.qdc`).
//! Everything lands in one transaction, logged as one change (undone as one step); a dry run
//! makes the same writes in a transaction that is rolled back, so its preview is exact.
//!
//! How objects meet what is there: a code becomes the tag of the same name under the same
//! parent when there is one (the tag is kept as it is), else a new tag; a case becomes the
//! participant of the same name (person key) when there is one, else a new participant; every
//! text source becomes a new interview (titled apart from existing ones), its plain text
//! split into passages at line breaks, with `[m:ss]` times and `Name:` speakers read from the
//! start of a line; each selection becomes a highlight over the passages it covers, with its
//! codes as tags. Notes become notes.

use super::refi_read::{self, Code, Project, Source};
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::{self, changes::Origin};
use crate::workspace::Workspace;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What an import of a pack added, or would add.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PackImport {
    /// `qdpx` or `qdc`.
    pub format: String,
    pub dry_run: bool,
    /// New objects per kind (`interview`, `segment`, `tag`, `highlight`, …).
    pub added: KindCounts,
    /// Objects of the pack that were already here (tags and participants of the same name).
    pub matched: KindCounts,
    /// What the pack holds that was not imported, and why.
    pub left_out: Vec<String>,
    /// The interviews made (none on a dry run).
    pub interview_ids: Vec<String>,
    /// Objects here that the pack's newer version replaced, per kind (`.gwpack`).
    #[serde(default)]
    pub updated: KindCounts,
    /// Every object that differs between the pack and here, and which version was kept
    /// (`.gwpack`).
    #[serde(default)]
    pub conflicts: Vec<super::PackConflict>,
}

impl PackImport {
    pub(crate) fn empty(format: &str) -> PackImport {
        PackImport {
            format: format.into(),
            dry_run: false,
            added: KindCounts::new(),
            matched: KindCounts::new(),
            left_out: Vec::new(),
            interview_ids: Vec::new(),
            updated: KindCounts::new(),
            conflicts: Vec::new(),
        }
    }
}

enum Kind {
    Gwpack,
    Qdpx,
    Qdc,
}

fn kind_of(name: &str, bytes: &[u8]) -> Result<Kind> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".gwpack") {
        Ok(Kind::Gwpack)
    } else if lower.ends_with(".qdpx") || (!lower.ends_with(".qdc") && bytes.starts_with(b"PK")) {
        Ok(Kind::Qdpx)
    } else if lower.ends_with(".qdc") || lower.ends_with(".xml") {
        Ok(Kind::Qdc)
    } else {
        Err(Error::unsupported(format!(
            "{name}: not a pack Groundwork reads: choose a Groundwork pack (.gwpack), a REFI-QDA project (.qdpx) or codebook (.qdc)"
        )))
    }
}

impl Workspace {
    /// `import_pack` of the file at `path` (up to the import size limit).
    pub fn import_pack_file(&self, path: &std::path::Path, dry_run: bool) -> Result<PackImport> {
        let (name, bytes) = crate::workspace::read_import_file(path)?;
        self.import_pack(&name, &bytes, dry_run)
    }

    /// Merge a REFI-QDA project or codebook into this workspace, or (`dry_run`) say exactly
    /// what that would add and change nothing.
    pub fn import_pack(&self, name: &str, bytes: &[u8], dry_run: bool) -> Result<PackImport> {
        let file = std::path::Path::new(name)
            .file_name()
            .map_or(name.to_string(), |f| f.to_string_lossy().into_owned());
        let read = match kind_of(name, bytes)? {
            Kind::Gwpack => Read::Pack(super::gwpack::read(name, bytes)?),
            Kind::Qdpx => Read::Refi("qdpx", refi_read::project(name, bytes)?),
            Kind::Qdc => Read::Refi(
                "qdc",
                Project {
                    codes: refi_read::codebook(name, bytes)?,
                    ..Default::default()
                },
            ),
        };
        let run = |c: &Connection| -> Result<PackImport> {
            match &read {
                Read::Pack(objects) => super::gwpack::merge(c, objects),
                Read::Refi(format, project) => {
                    let mut report = merge(c, project, &file)?;
                    report.format = (*format).into();
                    Ok(report)
                }
            }
        };
        if dry_run {
            // The same writes, rolled back: the preview is exactly what the import does.
            self.writable()?;
            let mut conn = self.writer();
            let tx = conn.transaction()?;
            let mut report = run(&tx)?;
            tx.rollback()?;
            report.dry_run = true;
            report.interview_ids.clear();
            return Ok(report);
        }
        self.write_as(Origin::Pack, "import_pack", true, |tx| {
            let report = run(tx)?;
            let replaced: i64 = report.updated.values().sum();
            let verb = if report.format == "gwpack" {
                "Merged"
            } else {
                "Imported"
            };
            tx.summary(format!(
                "{verb} “{file}”: {}{}",
                summary(&report.added),
                if replaced > 0 {
                    format!("; {replaced} replaced by newer versions")
                } else {
                    String::new()
                }
            ));
            Ok(report)
        })
    }
}

/// A pack read and checked, before anything is written.
enum Read {
    Pack(super::gwpack::Objects),
    Refi(&'static str, Project),
}

/// "3 interviews, 12 tags and 40 highlights".
fn summary(added: &KindCounts) -> String {
    let parts: Vec<String> = [
        (ObjectKind::Interview, "interview"),
        (ObjectKind::Tag, "tag"),
        (ObjectKind::Highlight, "highlight"),
        (ObjectKind::Participant, "participant"),
        (ObjectKind::Note, "note"),
    ]
    .iter()
    .filter_map(|(k, word)| {
        let n = *added.get(k.as_str())?;
        (n > 0).then(|| format!("{n} {word}{}", if n == 1 { "" } else { "s" }))
    })
    .collect();
    match parts.split_last() {
        None => "nothing new".into(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

fn merge(c: &Connection, p: &Project, file: &str) -> Result<PackImport> {
    let mut report = PackImport::empty("");
    report.left_out = p.left_out.clone();
    let add = |counts: &mut KindCounts, k: ObjectKind, n: usize| {
        *counts.entry(k.as_str().to_string()).or_default() += n as i64;
    };

    // Codes → tags, parents first (they come in document order).
    let existing = store::tags::list(c)?;
    let mut by_place: HashMap<(Option<String>, String), String> = existing
        .iter()
        .map(|t| {
            (
                (t.input.parent_id.clone(), t.input.name.to_lowercase()),
                t.id.clone(),
            )
        })
        .collect();
    let mut tag_of: Vec<String> = Vec::with_capacity(p.codes.len());
    for code in &p.codes {
        let parent = code.parent.map(|i| tag_of[i].clone());
        let name = tag_name(code);
        let place = (parent.clone(), name.to_lowercase());
        if let Some(id) = by_place.get(&place) {
            add(&mut report.matched, ObjectKind::Tag, 1);
            tag_of.push(id.clone());
            continue;
        }
        let input = TagInput {
            name,
            parent_id: parent,
            color: color(code.color.as_deref()),
            description: code.description.trim().to_string(),
        };
        input
            .validate()
            .map_err(|e| e.context(format!("{file}: code “{}”", code.name)))?;
        let id = store::tags::insert(c, &input)?;
        add(&mut report.added, ObjectKind::Tag, 1);
        by_place.insert(place, id.clone());
        tag_of.push(id);
    }

    // Cases → participants, and which interviews each took part in.
    let mut people_of: HashMap<usize, Vec<(String, String)>> = HashMap::new();
    for case in p.cases.iter().filter(|c| !c.name.is_empty()) {
        let id = match store::participants::find_by_key(c, &case.name)? {
            Some((id, _)) => {
                add(&mut report.matched, ObjectKind::Participant, 1);
                id
            }
            None => {
                let input = ParticipantInput {
                    name: case.name.clone(),
                    role: case
                        .description
                        .lines()
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_string(),
                    ..Default::default()
                };
                input
                    .validate()
                    .map_err(|e| e.context(format!("{file}: case “{}”", case.name)))?;
                add(&mut report.added, ObjectKind::Participant, 1);
                store::participants::insert(c, &input)?
            }
        };
        for s in &case.sources {
            people_of
                .entry(*s)
                .or_default()
                .push((id.clone(), case.name.clone()));
        }
    }

    for (n, source) in p.sources.iter().enumerate() {
        let people = people_of.remove(&n).unwrap_or_default();
        let made = interview(c, source, &people, &tag_of, file, &mut report.left_out)?;
        add(&mut report.added, ObjectKind::Interview, 1);
        add(&mut report.added, ObjectKind::Segment, made.1);
        add(&mut report.added, ObjectKind::Highlight, made.2);
        report.interview_ids.push(made.0);
    }

    for memo in &p.notes {
        let input = NoteInput {
            title: if memo.name.is_empty() {
                "Note".into()
            } else {
                memo.name.clone()
            },
            body: memo.text.clone(),
        };
        input
            .validate()
            .map_err(|e| e.context(format!("{file}: note “{}”", memo.name)))?;
        let mut input = input;
        input.title = store::notes::distinct_title(c, &input.title, file)?;
        store::notes::insert(c, &input)?;
        add(&mut report.added, ObjectKind::Note, 1);
    }
    Ok(report)
}

/// A tag name from a code's: a `/` (which nests tags here) becomes a division slash.
fn tag_name(code: &Code) -> String {
    let name = code.name.trim().replace('/', "∕");
    if name.is_empty() {
        "(unnamed code)".into()
    } else {
        name
    }
}

/// `#rgb` and `#rrggbb` as `#rrggbb`; anything else as no colour.
fn color(c: Option<&str>) -> String {
    let Some(c) = c.map(str::trim).and_then(|c| c.strip_prefix('#')) else {
        return String::new();
    };
    if !c.chars().all(|ch| ch.is_ascii_hexdigit()) {
        return String::new();
    }
    match c.len() {
        6 => format!("#{}", c.to_ascii_lowercase()),
        3 => c
            .chars()
            .flat_map(|ch| [ch, ch])
            .fold(String::from("#"), |mut s, ch| {
                s.push(ch.to_ascii_lowercase());
                s
            }),
        _ => String::new(),
    }
}

/// One line of a source's text as a passage: where its text starts and ends (code points
/// into the source), with the time and speaker read from its start.
struct Line {
    start: usize,
    end: usize,
    text: String,
    start_ms: Option<i64>,
    speaker: Option<String>,
}

/// A source's text as passages: a passage per non-empty line.
fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut at = 0usize;
    for raw in text.split('\n') {
        let len = raw.chars().count();
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let mut rest = line;
        let mut start_ms = None;
        if let Some(after) = rest.strip_prefix('[')
            && let Some((time, tail)) = after.split_once("] ")
            && let Some(ms) = clock_ms(time)
        {
            start_ms = Some(ms);
            rest = tail;
        }
        let mut speaker = None;
        if let Some((who, tail)) = rest.split_once(": ") {
            let who = who.trim();
            let plausible = !who.is_empty()
                && who.chars().count() <= 60
                && !who.contains(['[', ']', '"', '“'])
                && who.chars().next().is_some_and(|c| c.is_alphabetic());
            if plausible {
                speaker = Some(who.to_string());
                rest = tail;
            }
        }
        let lead = line.chars().count() - rest.chars().count();
        let trimmed_start = rest.chars().take_while(|c| c.is_whitespace()).count();
        let body = rest.trim();
        if !body.is_empty() {
            let start = at + lead + trimmed_start;
            out.push(Line {
                start,
                end: start + body.chars().count(),
                text: body.to_string(),
                start_ms,
                speaker,
            });
        }
        at += len + 1;
    }
    // A `Name:` counts as a speaker only when it speaks more than once, or the line has a
    // time: "Note: call back" in a memo is not a speaker.
    let mut turns: HashMap<String, usize> = HashMap::new();
    for l in &out {
        if let Some(s) = &l.speaker {
            *turns.entry(s.clone()).or_default() += 1;
        }
    }
    for l in &mut out {
        if let Some(s) = &l.speaker
            && turns[s] < 2
            && l.start_ms.is_none()
        {
            // Put the name back into the passage's text.
            let name = s.clone();
            l.text = format!("{name}: {}", l.text);
            l.start -= name.chars().count() + 2;
            l.speaker = None;
        }
    }
    out
}

/// `m:ss` or `h:mm:ss` in milliseconds.
fn clock_ms(s: &str) -> Option<i64> {
    let parts: Vec<&str> = s.split(':').collect();
    if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.is_empty() || p.len() > 3) {
        return None;
    }
    let mut secs = 0i64;
    for p in parts {
        secs = secs * 60 + p.parse::<i64>().ok()?;
    }
    Some(secs * 1000)
}

/// A source as a new interview with its passages and highlights: (id, passages, highlights).
fn interview(
    c: &Connection,
    source: &Source,
    people: &[(String, String)],
    tag_of: &[String],
    file: &str,
    left_out: &mut Vec<String>,
) -> Result<(String, usize, usize)> {
    let at = format!("{file}: source “{}”", source.name);
    let title = if source.name.trim().is_empty() {
        "Imported source".to_string()
    } else {
        source.name.trim().to_string()
    };
    let mut input = InterviewInput {
        title: store::interviews::distinct_title(c, &title, file)?,
        notes: source.description.trim().to_string(),
        participant_ids: people.iter().map(|(id, _)| id.clone()).collect(),
        ..Default::default()
    };
    if let Some(d) = input.notes.strip_prefix("Date: ").and_then(|d| d.get(..10))
        && crate::model::validate_date("date", &Some(d.to_string())).is_ok()
    {
        input.date = Some(d.to_string());
    }
    input.validate().map_err(|e| e.context(&at))?;
    let lines = lines(&source.text);
    let segments: Vec<SegmentInput> = lines
        .iter()
        .map(|l| SegmentInput {
            speaker: l.speaker.clone(),
            participant_id: l.speaker.as_ref().and_then(|s| {
                people
                    .iter()
                    .find(|(_, name)| name.eq_ignore_ascii_case(s))
                    .map(|(id, _)| id.clone())
            }),
            start_ms: l.start_ms,
            end_ms: None,
            text: l.text.clone(),
            cues: None,
        })
        .collect();
    for (n, s) in segments.iter().enumerate() {
        s.validate()
            .map_err(|e| e.context(format!("{at}, passage {}", n + 1)))?;
    }
    let id = store::interviews::insert(c, &input, Some(file))?;
    store::interviews::append_segments(c, &id, &segments)?;
    let stored = store::interviews::segments(c, &id)?;

    let mut highlights = 0;
    for sel in &source.selections {
        // The passages the selection overlaps: lines are in text order, so found by halving
        // (a selection at a time over every line would be quadratic in a large source).
        let first = lines.partition_point(|l| l.end <= sel.start);
        let after = first + lines[first..].partition_point(|l| l.start < sel.end);
        let covered: Vec<usize> = (first..after).collect();
        if covered.is_empty() {
            left_out.push(format!(
                "{}: a selection at line {} covers no passage text",
                source.name, sel.line
            ));
            continue;
        }
        let mut tag_ids: Vec<String> = sel.codes.iter().map(|i| tag_of[*i].clone()).collect();
        tag_ids.dedup();
        // A highlight quotes one speaker: a selection over several is a highlight per run of
        // one speaker's passages, each with the selection's codes.
        for run in covered.chunk_by(|a, b| {
            lines[*a].speaker == lines[*b].speaker && b - covered[0] < store::highlights::MAX_SPAN
        }) {
            let (first, last) = (run[0], run[run.len() - 1]);
            let start = sel.start.saturating_sub(lines[first].start);
            let len = |i: usize| lines[i].end - lines[i].start;
            let end_in_last = sel.end.saturating_sub(lines[last].start).min(len(last));
            let chars = |i: usize| lines[i].text.chars();
            let quote: String = if first == last {
                chars(first)
                    .skip(start)
                    .take(end_in_last.saturating_sub(start))
                    .collect()
            } else {
                let mut q: String = chars(first).skip(start).collect();
                for l in &lines[first + 1..last] {
                    q.push_str(PASSAGE_JOIN);
                    q.push_str(&l.text);
                }
                q.push_str(PASSAGE_JOIN);
                q.extend(chars(last).take(end_in_last));
                q
            };
            if quote.trim().is_empty() {
                continue;
            }
            let input = HighlightInput {
                interview_id: Some(id.clone()),
                note_id: None,
                feedback_id: None,
                segment_id: Some(stored[first].id.clone()),
                end_segment_id: (last != first).then(|| stored[last].id.clone()),
                start: start as i64,
                end: if first == last {
                    end_in_last
                } else {
                    len(first)
                } as i64,
                quote,
                comment: sel.description.trim().to_string(),
                tag_ids: tag_ids.clone(),
            };
            let at = || format!("{at}, selection at line {}", sel.line);
            input.validate().map_err(|e| e.context(at()))?;
            store::highlights::insert(c, &input).map_err(|e| e.context(at()))?;
            highlights += 1;
        }
    }
    Ok((id, segments.len(), highlights))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_read_times_and_speakers_that_speak_twice() {
        let text = "\u{1F469}\u{200D}\u{1F4BB} Intro\r\n[0:05] Ana: Café crème\n\n[1:02:03] Bo: ok\nAna: again\nNote: once\n";
        let l = lines(text);
        assert_eq!(l.len(), 5);
        assert_eq!(l[0].text, "\u{1F469}\u{200D}\u{1F4BB} Intro");
        assert_eq!((l[0].start, l[0].end), (0, 9));
        assert_eq!(l[1].speaker.as_deref(), Some("Ana"));
        assert_eq!(l[1].start_ms, Some(5000));
        // "👩‍💻 Intro\r\n" is 11 code points; then "[0:05] Ana: " is 12.
        assert_eq!(l[1].start, 23);
        assert_eq!(l[2].start_ms, Some(3_723_000));
        assert_eq!(l[2].speaker.as_deref(), Some("Bo"));
        assert_eq!(l[4].speaker, None);
        assert_eq!(l[4].text, "Note: once");
        let chars: Vec<char> = text.chars().collect();
        let at: String = chars[l[4].start..l[4].end].iter().collect();
        assert_eq!(at, "Note: once");
    }

    #[test]
    fn colours_are_normalised() {
        assert_eq!(color(Some("#F0a")), "#ff00aa");
        assert_eq!(color(Some("#00FF00")), "#00ff00");
        assert_eq!(color(Some("red")), "");
        assert_eq!(color(None), "");
    }
}
