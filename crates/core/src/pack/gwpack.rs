//! The Groundwork archive (`.gwpack`): a colleague's research, merged into this workspace by
//! object identity.
//!
//! A zip of `manifest.json` (format and schema version, the workspace it came from, when, and
//! the SHA-256 of every other entry) and `objects/<kind>.json`. Read as hostile input: the
//! archive through `crate::archive`, then the manifest (a newer format or schema is refused,
//! every entry must be listed with a matching checksum and nothing unlisted may be there),
//! then each object (a UUID id, an input that passes the checks typed ones do).
//!
//! The merge rule, per object, by id:
//! - not here: added, with its own id and times;
//! - here and the same: nothing to do;
//! - here and different: the version changed last (`updated_at`) is kept. When the pack's is
//!   newer it replaces ours, and ours stays in the change log (undo brings it back); when ours
//!   is newer or as new, ours stays. Each such object is listed in the preview with which won;
//! - in the trash here: left there (deleting won), and listed;
//! - a tag whose name is taken under the same parent by another tag here: merged into that
//!   tag (the pack's highlights take it).
//!
//! Passages and persona statements follow their interview's and persona's outcome; tree
//! nodes and evidence links are added when missing (trees last: their evidence may be any
//! object). Nothing is ever deleted by a merge.

use super::contents::Contents;
use super::import::PackImport;
use super::{PackConflict, PackFile};
use crate::archive::Archive;
use crate::error::{Error, ErrorCode, Result};
use crate::model::*;
use crate::store::{self, Stamp};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};

pub(crate) const FORMAT: &str = "groundwork-pack";
/// The pack format this build writes and reads (and every older one).
pub(crate) const FORMAT_VERSION: u32 = 1;
const MANIFEST: &str = "manifest.json";

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format: String,
    format_version: u32,
    /// The schema version of the workspace it came from.
    schema_version: usize,
    workspace_id: String,
    created_at: String,
    made_by: String,
    entries: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    path: String,
    sha256: String,
    bytes: u64,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Passages {
    interview: Option<Interview>,
    segments: Vec<Segment>,
}

#[derive(Debug, Serialize, Deserialize)]
struct TreeEntry {
    tree: Tree,
    nodes: Vec<TreeNode>,
    /// (node id, evidence) per link.
    evidence: Vec<(String, ObjectRef)>,
}

/// Everything a pack carries, as it is read back.
#[derive(Default)]
pub(crate) struct Objects {
    participants: Vec<Participant>,
    tags: Vec<Tag>,
    interviews: Vec<(Interview, Vec<Segment>)>,
    notes: Vec<Note>,
    highlights: Vec<Highlight>,
    insights: Vec<Insight>,
    personas: Vec<Persona>,
    trees: Vec<TreeEntry>,
    feedback: Vec<FeedbackItem>,
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The pack of `c` as one `.gwpack` file, every text through `r`: the names of people whose
/// words are left out (consent) are always replaced, and what the user chose to redact is. A
/// redacted pack merges like any other; its objects keep their ids, so merged back into the
/// workspace it came from, the originals (changed as late or later) stay.
pub(super) fn write(
    c: &Contents,
    r: &super::redact::Redactor,
    workspace_id: &str,
    created: &str,
) -> Result<PackFile> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut put = |kind: &str, mut value: serde_json::Value| -> Result<()> {
        left_out_names(&mut value, r, "");
        files.push((
            format!("objects/{kind}.json"),
            serde_json::to_vec_pretty(&value)?,
        ));
        Ok(())
    };
    put("participants", serde_json::to_value(&c.participants)?)?;
    put("tags", serde_json::to_value(&c.tags)?)?;
    let interviews: Vec<serde_json::Value> = c
        .interviews
        .iter()
        .map(|(i, s)| serde_json::json!({"interview": i, "segments": s}))
        .collect();
    put("interviews", serde_json::Value::Array(interviews))?;
    put("notes", serde_json::to_value(&c.notes)?)?;
    put("highlights", serde_json::to_value(&c.highlights)?)?;
    put("insights", serde_json::to_value(&c.insights)?)?;
    put("personas", serde_json::to_value(&c.personas)?)?;
    let trees: Vec<TreeEntry> = c
        .trees
        .iter()
        .map(|(t, nodes, ev)| {
            let mut evidence: Vec<(String, ObjectRef)> = nodes
                .iter()
                .flat_map(|n| {
                    ev.get(&n.id)
                        .into_iter()
                        .flatten()
                        .map(|r| (n.id.clone(), r.clone()))
                })
                .collect();
            evidence.sort_by(|a, b| (&a.0, &a.1.id).cmp(&(&b.0, &b.1.id)));
            TreeEntry {
                tree: t.clone(),
                nodes: nodes.clone(),
                evidence,
            }
        })
        .collect();
    put("trees", serde_json::to_value(&trees)?)?;
    put("feedback", serde_json::to_value(&c.feedback)?)?;
    let manifest = Manifest {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        schema_version: crate::schema_version(),
        workspace_id: workspace_id.into(),
        created_at: created.into(),
        made_by: format!("Groundwork {}", env!("CARGO_PKG_VERSION")),
        entries: files
            .iter()
            .map(|(path, bytes)| Entry {
                path: path.clone(),
                sha256: hex(bytes),
                bytes: bytes.len() as u64,
            })
            .collect(),
    };
    let manifest = serde_json::to_vec_pretty(&manifest)?;
    let mut entries: Vec<(&str, &[u8])> = vec![(MANIFEST, manifest.as_slice())];
    entries.extend(files.iter().map(|(p, b)| (p.as_str(), b.as_slice())));
    Ok(PackFile {
        path: "research.gwpack".into(),
        bytes: crate::archive::zip_files(entries)?,
    })
}

/// Every text of `value` through `r`, except the values that are not text anyone wrote (ids,
/// times, kinds, colours, an avatar's data): what is not known to be structure is treated as
/// text, so a new field is covered before anyone thinks of it. A highlight's quote is taken
/// again from its redacted passages by the merge (`anchor`), which finds it near its start.
fn left_out_names(value: &mut serde_json::Value, r: &super::redact::Redactor, key: &str) {
    use serde_json::Value;
    let structural = key == "id"
        || key.ends_with("_id")
        || key.ends_with("_ids")
        || key.ends_with("_at")
        || key.ends_with("date")
        || matches!(
            key,
            "kind" | "method" | "status" | "consent" | "color" | "anchor" | "avatar"
        );
    // A contact field redacted is empty (a token is not an address and would not be taken).
    let contact = (key == "email" && r.options().emails) || (key == "phone" && r.options().phones);
    match value {
        Value::String(s) if contact => s.clear(),
        Value::String(s) if !structural => *s = r.text(s),
        Value::Array(items) if !structural => {
            for v in items {
                left_out_names(v, r, key);
            }
        }
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                left_out_names(v, r, k);
            }
        }
        _ => {}
    }
}

/// A `.gwpack` read and checked: its manifest, every checksum, every object.
pub(crate) fn read(name: &str, bytes: &[u8]) -> Result<Objects> {
    let mut archive = Archive::open(name, bytes)?;
    let bad = |why: String| Error::unsupported(format!("{name}: {why}"));
    if archive.find(MANIFEST).is_none() {
        return Err(bad("not a Groundwork pack: it has no manifest.json".into()));
    }
    let manifest: Manifest = serde_json::from_slice(&archive.read(MANIFEST)?)
        .map_err(|e| bad(format!("manifest.json is not a pack manifest ({e})")))?;
    if manifest.format != FORMAT {
        return Err(bad(format!(
            "manifest.json says this is a “{}”, not a Groundwork pack",
            manifest.format
        )));
    }
    if manifest.format_version > FORMAT_VERSION || manifest.schema_version > crate::schema_version()
    {
        return Err(bad(format!(
            "it was made by a newer Groundwork (pack format {}, schema {}; this one reads format {FORMAT_VERSION}, schema {}): update Groundwork to import it",
            manifest.format_version,
            manifest.schema_version,
            crate::schema_version()
        )));
    }
    let listed: HashSet<&str> = manifest.entries.iter().map(|e| e.path.as_str()).collect();
    if let Some(extra) = archive
        .files()
        .iter()
        .find(|f| f.as_str() != MANIFEST && !listed.contains(f.as_str()))
    {
        return Err(bad(format!(
            "entry \"{extra}\" is not in the manifest (the pack was changed after it was made)"
        )));
    }
    let mut content: HashMap<String, Vec<u8>> = HashMap::new();
    for e in &manifest.entries {
        let Some(path) = archive.find(&e.path).map(str::to_string) else {
            return Err(bad(format!(
                "entry \"{}\" is in the manifest but not in the archive",
                e.path
            )));
        };
        let bytes = archive.read(&path)?;
        if hex(&bytes) != e.sha256.to_ascii_lowercase() {
            return Err(bad(format!(
                "entry \"{}\": its checksum does not match the manifest (the pack was changed or damaged)",
                e.path
            )));
        }
        content.insert(e.path.clone(), bytes);
    }
    fn part<T: serde::de::DeserializeOwned + Default>(
        name: &str,
        content: &HashMap<String, Vec<u8>>,
        kind: &str,
    ) -> Result<T> {
        let path = format!("objects/{kind}.json");
        match content.get(&path) {
            None => Ok(T::default()),
            Some(bytes) => serde_json::from_slice(bytes).map_err(|e| {
                Error::unsupported(format!("{name}: entry \"{path}\", line {}: {e}", e.line()))
            }),
        }
    }
    let interviews: Vec<Passages> = part(name, &content, "interviews")?;
    let trees: Vec<TreeEntry> = {
        let path = "objects/trees.json";
        match content.get(path) {
            None => Vec::new(),
            Some(b) => serde_json::from_slice(b).map_err(|e| {
                Error::unsupported(format!("{name}: entry \"{path}\", line {}: {e}", e.line()))
            })?,
        }
    };
    let objects = Objects {
        participants: part(name, &content, "participants")?,
        tags: part(name, &content, "tags")?,
        interviews: interviews
            .into_iter()
            .filter_map(|p| p.interview.map(|i| (i, p.segments)))
            .collect(),
        notes: part(name, &content, "notes")?,
        highlights: part(name, &content, "highlights")?,
        insights: part(name, &content, "insights")?,
        personas: part(name, &content, "personas")?,
        trees,
        feedback: part(name, &content, "feedback")?,
    };
    check(name, &objects)?;
    Ok(objects)
}

/// Every id a UUID, every input as valid as a typed one.
fn check(name: &str, o: &Objects) -> Result<()> {
    let id = |kind: &str, id: &str| -> Result<()> {
        uuid::Uuid::parse_str(id).map(|_| ()).map_err(|_| {
            Error::unsupported(format!(
                "{name}: a {kind} has the id “{id}”, which is not a UUID"
            ))
        })
    };
    let valid = |kind: &str, i: &str, r: Result<()>| {
        r.map_err(|e| e.context(format!("{name}: {kind} {i}")))
    };
    for p in &o.participants {
        id("participant", &p.id)?;
        valid("participant", &p.id, p.input.validate())?;
    }
    for t in &o.tags {
        id("tag", &t.id)?;
        valid("tag", &t.id, t.input.validate())?;
    }
    for (i, segments) in &o.interviews {
        id("interview", &i.id)?;
        valid("interview", &i.id, i.input.validate())?;
        for s in segments {
            id("passage", &s.id)?;
            if s.interview_id != i.id {
                return Err(Error::unsupported(format!(
                    "{name}: passage {} is filed under interview {} but belongs to {}",
                    s.id, i.id, s.interview_id
                )));
            }
            valid("passage", &s.id, segment_input(s).validate())?;
        }
    }
    for n in &o.notes {
        id("note", &n.id)?;
        valid("note", &n.id, n.input.validate())?;
    }
    for h in &o.highlights {
        id("highlight", &h.id)?;
        valid("highlight", &h.id, h.input.validate())?;
    }
    for i in &o.insights {
        id("insight", &i.id)?;
        valid("insight", &i.id, i.input.validate())?;
    }
    for p in &o.personas {
        id("persona", &p.id)?;
        valid("persona", &p.id, p.input.validate())?;
        for s in &p.statements {
            id("persona statement", &s.id)?;
        }
    }
    for t in &o.trees {
        id("tree", &t.tree.id)?;
        valid("tree", &t.tree.id, t.tree.input.validate())?;
        for n in &t.nodes {
            id("tree node", &n.id)?;
            valid("tree node", &n.id, n.input.validate())?;
        }
    }
    for f in &o.feedback {
        id("feedback item", &f.id)?;
        valid("feedback item", &f.id, f.input.validate())?;
    }
    Ok(())
}

fn segment_input(s: &Segment) -> SegmentInput {
    SegmentInput {
        speaker: s.speaker.clone(),
        participant_id: s.participant_id.clone(),
        start_ms: s.start_ms,
        end_ms: s.end_ms,
        text: s.text.clone(),
        cues: (!s.cues.is_empty()).then(|| s.cues.clone()),
    }
}

fn stamp(id: &str, created_at: &str, updated_at: &str) -> Stamp {
    Stamp {
        id: id.into(),
        created_at: created_at.into(),
        updated_at: updated_at.into(),
    }
}

/// What the merge does with one object.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Take {
    /// Not here: add it.
    New,
    /// Here and the same.
    Same,
    /// Here, different, and the pack's is newer: it replaces ours.
    Theirs,
    /// Here, different, and ours is as new or newer: ours stays.
    Ours,
    /// In the trash here: it stays there.
    Trashed,
}

struct Merge<'a> {
    c: &'a Connection,
    report: PackImport,
}

impl Merge<'_> {
    /// Decide for one object: `local` is ours (None when not here, or only in the trash).
    fn take(
        &mut self,
        kind: ObjectKind,
        table: &'static str,
        id: &str,
        title: &str,
        local: Option<(&str, bool)>,
        theirs_updated: &str,
    ) -> Result<Take> {
        let take = match local {
            Some((_, true)) => Take::Same,
            Some((ours, false)) if theirs_updated > ours => Take::Theirs,
            Some(_) => Take::Ours,
            None if store::row_state(self.c, table, id)?.is_some() => Take::Trashed,
            None => Take::New,
        };
        let count = |m: &mut KindCounts| *m.entry(kind.as_str().to_string()).or_default() += 1;
        match take {
            Take::New => count(&mut self.report.added),
            Take::Same => count(&mut self.report.matched),
            Take::Theirs | Take::Ours => {
                if take == Take::Theirs {
                    count(&mut self.report.updated);
                }
                self.report.conflicts.push(PackConflict {
                    kind,
                    id: id.to_string(),
                    title: title.to_string(),
                    kept: if take == Take::Theirs {
                        "pack"
                    } else {
                        "workspace"
                    }
                    .into(),
                    ours_updated_at: local.map(|l| l.0.to_string()).unwrap_or_default(),
                    theirs_updated_at: theirs_updated.to_string(),
                });
            }
            Take::Trashed => self.report.left_out.push(format!(
                "{kind} “{title}” is in the trash here: it stays there"
            )),
        }
        Ok(take)
    }
}

/// Our live copy of object `id` of `table`, if there is one (None when it is not here, or
/// only in the trash).
fn live<T>(
    c: &Connection,
    table: &'static str,
    id: &str,
    get: impl Fn(&Connection, &str) -> Result<T>,
) -> Result<Option<T>> {
    match store::row_state(c, table, id)? {
        Some(false) => get(c, id).map(Some),
        _ => Ok(None),
    }
}

/// Merge `o` into the workspace on `c` (a transaction the caller commits or rolls back).
pub(crate) fn merge(c: &Connection, o: &Objects) -> Result<PackImport> {
    let mut m = Merge {
        c,
        report: PackImport::empty("gwpack"),
    };

    for p in &o.participants {
        let local = live(c, "participants", &p.id, store::participants::get)?;
        let l = local
            .as_ref()
            .map(|l| (l.updated_at.as_str(), l.input == p.input));
        match m.take(
            ObjectKind::Participant,
            "participants",
            &p.id,
            &p.input.name,
            l,
            &p.updated_at,
        )? {
            Take::New => {
                store::participants::insert_as(
                    c,
                    &stamp(&p.id, &p.created_at, &p.updated_at),
                    &p.input,
                )?;
            }
            Take::Theirs => {
                // Consent withdrawn here stays withdrawn, whatever a colleague's copy says.
                let mut input = p.input.clone();
                if let Some(ours) = local
                    .as_ref()
                    .filter(|l| l.input.consent == Consent::Withdrawn)
                {
                    input.consent = Consent::Withdrawn;
                    input.consent_date = ours.input.consent_date.clone();
                    input.consent_scope = ours.input.consent_scope.clone();
                    if p.input.consent != Consent::Withdrawn {
                        m.report.left_out.push(format!(
                            "participant “{}” withdrew consent here: that stays",
                            p.input.name
                        ));
                    }
                }
                store::participants::update(c, &p.id, &input)?;
                store::set_updated_at(c, "participants", &p.id, &p.updated_at)?;
            }
            _ => {}
        }
    }
    // What people who withdrew consent here said does not come back through a pack.
    let withdrawn: HashSet<String> = store::participants::list(c)?
        .into_iter()
        .filter(|p| p.input.consent == Consent::Withdrawn)
        .map(|p| p.id)
        .collect();
    let theirs = |pid: &Option<String>| pid.as_ref().is_some_and(|p| withdrawn.contains(p));
    let mut held_back = 0usize;

    // Tags: parents before children; a name taken under the same parent joins that tag.
    let mut tag_alias: HashMap<String, String> = HashMap::new();
    // The live tags here by place (parent, name as the unique index compares it), kept current
    // as the merge adds and renames them.
    let place = |i: &TagInput| (i.parent_id.clone(), i.name.trim().to_ascii_lowercase());
    let mut by_place: HashMap<(Option<String>, String), String> = store::tags::list(c)?
        .into_iter()
        .map(|t| (place(&t.input), t.id))
        .collect();
    let mut tags: Vec<&Tag> = o.tags.iter().collect();
    tags.sort_by_key(|t| t.path.matches(" / ").count());
    for t in tags {
        let mut input = t.input.clone();
        input.parent_id = input
            .parent_id
            .map(|p| tag_alias.get(&p).cloned().unwrap_or(p));
        let local = live(c, "tags", &t.id, store::tags::get)?;
        if local.is_none()
            && let Some(twin) = by_place.get(&place(&input))
        {
            tag_alias.insert(t.id.clone(), twin.clone());
            *m.report.matched.entry("tag".into()).or_default() += 1;
            continue;
        }
        let l = local
            .as_ref()
            .map(|l| (l.updated_at.as_str(), l.input == input));
        match m.take(ObjectKind::Tag, "tags", &t.id, &t.path, l, &t.updated_at)? {
            Take::New => {
                store::tags::insert_as(c, &stamp(&t.id, &t.created_at, &t.updated_at), &input)?;
                by_place.insert(place(&input), t.id.clone());
            }
            Take::Theirs => match store::tags::update(c, &t.id, &input) {
                Ok(()) => {
                    store::set_updated_at(c, "tags", &t.id, &t.updated_at)?;
                    if let Some(ours) = &local {
                        by_place.remove(&place(&ours.input));
                    }
                    by_place.insert(place(&input), t.id.clone());
                }
                // Renamed in the pack to a name taken here: ours stays.
                Err(e) if e.code == ErrorCode::Conflict => m
                    .report
                    .left_out
                    .push(format!("tag “{}”: {} (ours is kept)", t.path, e.message)),
                Err(e) => return Err(e),
            },
            _ => {}
        }
    }

    for (i, segments) in &o.interviews {
        let all = segments.len();
        let segments: Vec<&Segment> = segments
            .iter()
            .filter(|s| !theirs(&s.participant_id))
            .collect();
        held_back += all - segments.len();
        let local = live(c, "interviews", &i.id, store::interviews::get)?;
        let ours: Vec<Segment> = match &local {
            Some(_) => store::interviews::segments(c, &i.id)?,
            None => Vec::new(),
        };
        let same = local.as_ref().is_some_and(|l| l.input == i.input)
            && segments.iter().all(|s| {
                ours.iter()
                    .any(|o| o.id == s.id && segment_input(o) == segment_input(s))
            });
        let l = local.as_ref().map(|l| (l.updated_at.as_str(), same));
        let take = m.take(
            ObjectKind::Interview,
            "interviews",
            &i.id,
            &i.input.title,
            l,
            &i.updated_at,
        )?;
        match take {
            Take::New => {
                store::interviews::insert_as(
                    c,
                    &stamp(&i.id, &i.created_at, &i.updated_at),
                    &i.input,
                    i.source_file.as_deref(),
                )?;
                let ids: Vec<String> = segments.iter().map(|s| s.id.clone()).collect();
                let inputs: Vec<SegmentInput> = segments.iter().map(|s| segment_input(s)).collect();
                store::interviews::append_segments_as(c, &i.id, &ids, &inputs)?;
                *m.report.added.entry("segment".into()).or_default() += segments.len() as i64;
            }
            Take::Theirs => {
                store::interviews::update(c, &i.id, &i.input)?;
                let mut new_ids = Vec::new();
                let mut new_inputs = Vec::new();
                for s in &segments {
                    match ours.iter().find(|o| o.id == s.id) {
                        Some(o) if segment_input(o) != segment_input(s) => {
                            store::interviews::update_segment(c, &s.id, &segment_input(s))?;
                        }
                        Some(_) => {}
                        None if store::row_state(c, "transcript_segments", &s.id)?.is_none() => {
                            new_ids.push(s.id.clone());
                            new_inputs.push(segment_input(s));
                        }
                        None => {}
                    }
                }
                store::interviews::append_segments_as(c, &i.id, &new_ids, &new_inputs)?;
                store::set_updated_at(c, "interviews", &i.id, &i.updated_at)?;
            }
            _ => {}
        }
    }

    for n in &o.notes {
        let local = live(c, "notes", &n.id, store::notes::get)?;
        let l = local
            .as_ref()
            .map(|l| (l.updated_at.as_str(), l.input == n.input));
        match m.take(
            ObjectKind::Note,
            "notes",
            &n.id,
            &n.input.title,
            l,
            &n.updated_at,
        )? {
            Take::New => {
                store::notes::insert_as(c, &stamp(&n.id, &n.created_at, &n.updated_at), &n.input)?;
            }
            Take::Theirs => {
                store::notes::update(c, &n.id, &n.input)?;
                store::set_updated_at(c, "notes", &n.id, &n.updated_at)?;
            }
            _ => {}
        }
    }

    let mut unplaced: HashSet<String> = HashSet::new();
    for h in &o.highlights {
        if theirs(&h.participant_id) {
            unplaced.insert(h.id.clone());
            held_back += 1;
            continue;
        }
        let mut input = h.input.clone();
        for t in &mut input.tag_ids {
            if let Some(a) = tag_alias.get(t) {
                *t = a.clone();
            }
        }
        input.tag_ids.dedup();
        let local = live(c, "highlights", &h.id, store::highlights::get)?;
        let same = |l: &Highlight| {
            let mut a = l.input.tag_ids.clone();
            let mut b = input.tag_ids.clone();
            a.sort();
            b.sort();
            a == b && l.input.quote == input.quote && l.input.comment == input.comment
        };
        let l = local.as_ref().map(|l| (l.updated_at.as_str(), same(l)));
        let title: String = h.input.quote.chars().take(60).collect();
        match m.take(
            ObjectKind::Highlight,
            "highlights",
            &h.id,
            &title,
            l,
            &h.updated_at,
        )? {
            Take::New => {
                // A quote that is not in its passage (a name redacted differently at its edge)
                // is left out, not the whole pack.
                let made = store::highlights::insert_as(
                    c,
                    &stamp(&h.id, &h.created_at, &h.updated_at),
                    &input,
                );
                match made {
                    Ok(_) => {}
                    Err(e) if e.code == ErrorCode::Invalid => {
                        unplaced.insert(h.id.clone());
                        m.report
                            .left_out
                            .push(format!("highlight “{title}”: {} (left out)", e.message));
                    }
                    Err(e) => return Err(e),
                }
            }
            Take::Theirs => {
                // A quote cannot move to other passages: then ours stays.
                match store::highlights::update(c, &h.id, &input) {
                    Ok(()) => store::set_updated_at(c, "highlights", &h.id, &h.updated_at)?,
                    Err(e) if e.code == ErrorCode::Invalid => m.report.left_out.push(format!(
                        "highlight “{title}” moved to other passages in the pack: ours is kept"
                    )),
                    Err(e) => return Err(e),
                }
            }
            _ => {}
        }
    }

    if held_back > 0 {
        m.report.left_out.push(format!(
            "{held_back} passages and highlights of participants who withdrew consent here: left out"
        ));
    }
    let placed = |ids: &[String]| -> Vec<String> {
        ids.iter()
            .filter(|id| !unplaced.contains(*id))
            .cloned()
            .collect()
    };
    for i in &o.insights {
        let mut i = i.clone();
        i.input.highlight_ids = placed(&i.input.highlight_ids);
        let i = &i;
        let local = live(c, "insights", &i.id, store::insights::get)?;
        let same = |l: &Insight| {
            let (mut a, mut b) = (l.input.highlight_ids.clone(), i.input.highlight_ids.clone());
            a.sort();
            b.sort();
            a == b
                && l.input.title == i.input.title
                && l.input.body == i.input.body
                && l.published == i.published
        };
        let l = local.as_ref().map(|l| (l.updated_at.as_str(), same(l)));
        match m.take(
            ObjectKind::Insight,
            "insights",
            &i.id,
            &i.input.title,
            l,
            &i.updated_at,
        )? {
            Take::New => {
                store::insights::insert_as(
                    c,
                    &stamp(&i.id, &i.created_at, &i.updated_at),
                    &i.input,
                )?;
                store::insights::set_published(c, &i.id, i.published)?;
                store::set_updated_at(c, "insights", &i.id, &i.updated_at)?;
            }
            Take::Theirs => {
                store::insights::update(c, &i.id, &i.input)?;
                store::insights::set_published(c, &i.id, i.published)?;
                store::set_updated_at(c, "insights", &i.id, &i.updated_at)?;
            }
            _ => {}
        }
    }

    for p in &o.personas {
        let local = live(c, "personas", &p.id, store::personas::get)?;
        let statements_same = |l: &Persona| {
            p.statements.iter().all(|s| {
                l.statements.iter().any(|o| {
                    let (mut a, mut b) = (o.highlight_ids.clone(), s.highlight_ids.clone());
                    a.sort();
                    b.sort();
                    o.id == s.id && o.kind == s.kind && o.text == s.text && a == b
                })
            })
        };
        let same =
            |l: &Persona| l.input == p.input && l.published == p.published && statements_same(l);
        let l = local.as_ref().map(|l| (l.updated_at.as_str(), same(l)));
        let take = m.take(
            ObjectKind::Persona,
            "personas",
            &p.id,
            &p.input.name,
            l,
            &p.updated_at,
        )?;
        if take == Take::New {
            store::personas::insert_as(c, &stamp(&p.id, &p.created_at, &p.updated_at), &p.input)?;
        } else if take == Take::Theirs {
            store::personas::update(c, &p.id, &p.input)?;
        }
        if matches!(take, Take::New | Take::Theirs) {
            store::personas::set_published(c, &p.id, p.published)?;
            for s in &p.statements {
                let input = PersonaStatementInput {
                    kind: s.kind,
                    text: s.text.clone(),
                };
                match store::row_state(c, "persona_statements", &s.id)? {
                    None => {
                        store::personas::add_statement_as(
                            c,
                            &stamp(&s.id, &p.updated_at, &p.updated_at),
                            &p.id,
                            &input,
                        )?;
                    }
                    Some(_) => {
                        store::personas::update_statement(c, &s.id, &input)?;
                    }
                }
                let me = ObjectRef {
                    kind: ObjectKind::PersonaStatement,
                    id: s.id.clone(),
                };
                crate::store::evidence::set_targets(
                    c,
                    &me,
                    ObjectKind::Highlight,
                    &placed(&s.highlight_ids),
                )?;
            }
            // The persona's own time is the pack's, after its statements touched it.
            store::set_updated_at(c, "personas", &p.id, &p.updated_at)?;
        }
    }

    for f in &o.feedback {
        let local = live(c, "feedback_items", &f.id, store::feedback::get)?;
        let l = local
            .as_ref()
            .map(|l| (l.updated_at.as_str(), l.input == f.input));
        let title: String = f.input.text.chars().take(60).collect();
        match m.take(
            ObjectKind::Feedback,
            "feedback_items",
            &f.id,
            &title,
            l,
            &f.updated_at,
        )? {
            Take::New => {
                store::feedback::insert_as(
                    c,
                    &stamp(&f.id, &f.created_at, &f.updated_at),
                    &f.input,
                )?;
            }
            Take::Theirs => {
                store::feedback::update(c, &f.id, &f.input)?;
                store::set_updated_at(c, "feedback_items", &f.id, &f.updated_at)?;
            }
            _ => {}
        }
    }
    for t in &o.trees {
        let local = live(c, "trees", &t.tree.id, store::trees::get)?;
        let l = local
            .as_ref()
            .map(|l| (l.updated_at.as_str(), l.input == t.tree.input));
        let take = m.take(
            ObjectKind::Tree,
            "trees",
            &t.tree.id,
            &t.tree.input.title,
            l,
            &t.tree.updated_at,
        )?;
        match take {
            Take::New => {
                store::trees::insert_as(
                    c,
                    &stamp(&t.tree.id, &t.tree.created_at, &t.tree.updated_at),
                    &t.tree.input,
                )?;
            }
            Take::Theirs => {
                store::trees::update(c, &t.tree.id, &t.tree.input)?;
                store::set_updated_at(c, "trees", &t.tree.id, &t.tree.updated_at)?;
            }
            _ => {}
        }
        if matches!(take, Take::Trashed) {
            continue;
        }
        // Nodes: missing ones added, parents first and in order; changed ones follow the
        // newer version, as objects do.
        let depth = |n: &TreeNode| {
            let mut d = 0;
            let mut at = n.input.parent_id.clone();
            while let Some(p) = at {
                d += 1;
                at = t
                    .nodes
                    .iter()
                    .find(|x| x.id == p)
                    .and_then(|x| x.input.parent_id.clone());
                if d > t.nodes.len() {
                    break;
                }
            }
            d
        };
        let mut nodes: Vec<&TreeNode> = t.nodes.iter().collect();
        nodes.sort_by_key(|n| (depth(n), n.input.position));
        for n in nodes {
            let local = live(c, "tree_nodes", &n.id, store::trees::node)?;
            let l = local
                .as_ref()
                .map(|l| (l.updated_at.as_str(), l.input == n.input));
            match m.take(
                ObjectKind::TreeNode,
                "tree_nodes",
                &n.id,
                &n.input.title,
                l,
                &n.updated_at,
            )? {
                Take::New => {
                    store::trees::append_node_as(
                        c,
                        &stamp(&n.id, &n.created_at, &n.updated_at),
                        &t.tree.id,
                        &n.input,
                    )?;
                }
                Take::Theirs => {
                    store::trees::update_node(c, &n.id, &n.input)?;
                    store::set_updated_at(c, "tree_nodes", &n.id, &n.updated_at)?;
                }
                _ => {}
            }
        }
        for (node, to) in &t.evidence {
            let from = ObjectRef {
                kind: ObjectKind::TreeNode,
                id: node.clone(),
            };
            if to.kind == ObjectKind::Highlight && unplaced.contains(&to.id) {
                continue;
            }
            let linked = store::evidence::targets(c, &from, to.kind)?.contains(&to.id);
            if !linked && store::row_state(c, "tree_nodes", node)? == Some(false) {
                store::evidence::link(c, &from, to, "")?;
            }
        }
    }

    Ok(m.report)
}
