//! The demo research project: a fictional study (Ledgerly, invoicing for small agencies,
//! asking why new accounts stall in onboarding) seeded into a new default workspace so a
//! first-time user sees every part of Groundwork filled in, and the one action that removes
//! it again.
//!
//! The project lives in `assets/demo/` as the files a researcher would have (transcripts in
//! the formats Zoom, Teams and others export, feedback CSVs) plus JSON for what a
//! researcher would make in the app (codebook, highlights, insights, personas, the tree).
//! They are compiled into the binary, so a release build seeds without the repository.
//! Everything is built through the public `Workspace` API, and transcripts and feedback go
//! through the real importers, so the demo shows what the product does with real files.
//!
//! What the demo made is recorded in the `demo_project` setting (kind and id of every
//! object). `remove_demo` removes exactly those objects and nothing else: a user's own
//! objects stay, and demo tags the user has put to use (on their own highlights or as
//! parents of their own tags) are kept and become theirs.

use crate::error::{Error, ErrorCode, Result};
use crate::import::{self, ImportAs, Parsed};
use crate::model::*;
use crate::store;
use crate::store::changes::Origin;
use crate::workspace::Workspace;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The setting that records what the demo created.
const SETTING: &str = "demo_project";
const RECORD_VERSION: u32 = 1;

const PROJECT: &str = include_str!("../../../assets/demo/project.json");
const CODEBOOK: &str = include_str!("../../../assets/demo/codebook.json");
const HIGHLIGHTS: &str = include_str!("../../../assets/demo/highlights.json");
const SYNTHESIS: &str = include_str!("../../../assets/demo/synthesis.json");
const ABOUT: &str = include_str!("../../../assets/demo/about.md");

/// Files the manifest names, by file name.
const FILES: &[(&str, &[u8])] = &[
    (
        "01-priya-nair-zoom.vtt",
        include_bytes!("../../../assets/demo/transcripts/01-priya-nair-zoom.vtt"),
    ),
    (
        "02-daniel-kowalski.md",
        include_bytes!("../../../assets/demo/transcripts/02-daniel-kowalski.md"),
    ),
    (
        "03-aisha-rahman-teams.vtt",
        include_bytes!("../../../assets/demo/transcripts/03-aisha-rahman-teams.vtt"),
    ),
    (
        "04-marcus-bell.srt",
        include_bytes!("../../../assets/demo/transcripts/04-marcus-bell.srt"),
    ),
    (
        "05-sofia-lindqvist-support-call.txt",
        include_bytes!("../../../assets/demo/transcripts/05-sofia-lindqvist-support-call.txt"),
    ),
    (
        "06-pinecone-media-teams.vtt",
        include_bytes!("../../../assets/demo/transcripts/06-pinecone-media-teams.vtt"),
    ),
    (
        "07-hannah-osei-usability-test.md",
        include_bytes!("../../../assets/demo/transcripts/07-hannah-osei-usability-test.md"),
    ),
    (
        "support-tickets.csv",
        include_bytes!("../../../assets/demo/feedback/support-tickets.csv"),
    ),
    (
        "nps-survey.csv",
        include_bytes!("../../../assets/demo/feedback/nps-survey.csv"),
    ),
    (
        "app-store-reviews.csv",
        include_bytes!("../../../assets/demo/feedback/app-store-reviews.csv"),
    ),
];

/// What `seed_demo` made.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    pub notes: usize,
    pub participants: usize,
    pub interviews: usize,
    pub segments: usize,
    /// Tags created; a tag the workspace already had under the same name is reused instead.
    pub tags: usize,
    pub highlights: usize,
    pub insights: usize,
    pub personas: usize,
    pub persona_statements: usize,
    pub trees: usize,
    pub tree_nodes: usize,
    pub feedback: usize,
    /// Evidence links from persona statements and tree nodes (insights' highlights included).
    pub evidence_links: usize,
    /// The "About this demo" note, for the UI to open after seeding.
    pub about_note_id: String,
}

/// Whether the demo project is in this workspace (seeded and not yet removed).
pub fn has_demo(ws: &Workspace) -> bool {
    ws.read()
        .ok()
        .and_then(|c| store::get_setting(&c, SETTING).ok().flatten())
        .is_some()
}

/// Seed the demo project. Fails with `conflict` if the workspace already has it; if
/// anything goes wrong half-way, what was made is removed again.
pub fn seed_demo(ws: &Workspace) -> Result<DemoSummary> {
    seed(ws, &Manifest::load()?)
}

fn seed(ws: &Workspace, manifest: &Manifest) -> Result<DemoSummary> {
    // Claim the setting first, so two seeds cannot both run.
    let before = store::changes::last_seq(&*ws.read()?)?;
    ws.write("seed_demo", |c| {
        if store::get_setting(c, SETTING)?.is_some() {
            return Err(Error::conflict(
                "this workspace already has the demo project; remove it before adding it again",
            ));
        }
        save_record(c, &Record::new(false, Vec::new()))
    })?;
    let mut seeder = Seeder {
        ws,
        created: Vec::new(),
        summary: DemoSummary::default(),
    };
    match seeder.run(manifest) {
        Ok(()) => {
            let record = Record::new(true, std::mem::take(&mut seeder.created));
            ws.write("seed_demo", |c| {
                save_record(c, &record)?;
                // The demo arrives built, like an import, as one line undo stops at.
                store::changes::collapse(
                    c,
                    before,
                    Origin::Import,
                    "seed_demo",
                    "Added the demo research project",
                )
            })?;
            Ok(seeder.summary)
        }
        Err(e) => {
            // Best effort: the error that stopped the seed is the one worth reporting.
            let created = std::mem::take(&mut seeder.created);
            let _ = ws.write("seed_demo", |c| {
                remove_objects(c, &created).and_then(|_| delete_record(c))
            });
            Err(e.context("adding the demo project"))
        }
    }
}

/// Remove the demo project: every object it created (also those the user has moved to the
/// trash), for good. Objects the user made stay, including their highlights, links and
/// tags, except what lived inside a demo object (a highlight the user made in a demo
/// interview goes with the interview). Returns how many objects were removed; 0 when the
/// workspace has no demo.
pub fn remove_demo(ws: &Workspace) -> Result<usize> {
    ws.write("remove_demo", |c| {
        c.final_();
        let Some(record) = load_record(c)? else {
            return Ok(0);
        };
        let n = remove_objects(c, &record.objects)?;
        delete_record(c)?;
        Ok(n)
    })
}

// ---- the record of what the demo made ----

#[derive(Debug, Serialize, Deserialize)]
struct Record {
    version: u32,
    /// False while seeding (or if seeding was interrupted): `objects` may be incomplete.
    complete: bool,
    /// In creation order: parents before children.
    objects: Vec<ObjectRef>,
}

impl Record {
    fn new(complete: bool, objects: Vec<ObjectRef>) -> Record {
        Record {
            version: RECORD_VERSION,
            complete,
            objects,
        }
    }
}

fn save_record(c: &Connection, record: &Record) -> Result<()> {
    store::set_setting(c, SETTING, &serde_json::to_string(record)?)
}

fn load_record(c: &Connection) -> Result<Option<Record>> {
    let Some(json) = store::get_setting(c, SETTING)? else {
        return Ok(None);
    };
    let record = serde_json::from_str(&json).map_err(|e| {
        Error::new(
            ErrorCode::Storage,
            format!("the record of the demo project is unreadable: {e}"),
        )
    })?;
    Ok(Some(record))
}

fn delete_record(c: &Connection) -> Result<()> {
    store::delete_setting(c, SETTING)
}

/// Trash, then purge, the objects in `objects` that still exist, inside the caller's
/// transaction. Returns how many were removed.
fn remove_objects(c: &Connection, objects: &[ObjectRef]) -> Result<usize> {
    let ours: HashSet<&ObjectRef> = objects.iter().collect();
    let kept = tags_in_use(c, objects, &ours)?;
    // Children before parents (tags refuse the trash while they have live children).
    let mut removed = Vec::new();
    for o in objects.iter().rev() {
        if !o.kind.is_trashable() || kept.contains(&o.id) {
            continue;
        }
        match store::trash::trashed_at(c, o.kind, &o.id)? {
            None => continue, // already purged by the user
            Some(None) => {
                store::trash::trash(c, o.kind, &o.id)?;
            }
            Some(Some(_)) => {} // in the trash already
        }
        removed.push(o);
    }
    let removed: Vec<ObjectRef> = removed.into_iter().cloned().collect();
    store::trash::purge(c, &removed)?;
    Ok(removed.len())
}

/// Demo tags the user has put to use: on a highlight that is not the demo's, or as the
/// parent of a tag that is not the demo's; with their ancestors. These stay.
fn tags_in_use(
    c: &Connection,
    objects: &[ObjectRef],
    ours: &HashSet<&ObjectRef>,
) -> Result<HashSet<String>> {
    let is_ours = |kind: ObjectKind, id: String| ours.contains(&ObjectRef { kind, id });
    let mut kept = HashSet::new();
    for t in objects.iter().filter(|o| o.kind == ObjectKind::Tag) {
        let used = store::tags::highlight_ids(c, &t.id)?
            .into_iter()
            .any(|h| !is_ours(ObjectKind::Highlight, h));
        let parent_of_theirs = store::tags::child_ids(c, &t.id)?
            .into_iter()
            .any(|child| !is_ours(ObjectKind::Tag, child));
        if used || parent_of_theirs {
            for (id, _) in store::tags::ancestors_and_self(c, &t.id)? {
                kept.insert(id);
            }
        }
    }
    Ok(kept)
}

// ---- the manifest (assets/demo/*.json) ----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Project {
    about: AboutNote,
    participants: Vec<DemoParticipant>,
    interviews: Vec<DemoInterview>,
    feedback: Vec<DemoFeedbackFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AboutNote {
    title: String,
    #[allow(dead_code)] // documents where the body comes from; it is embedded as ABOUT
    file: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoParticipant {
    key: String,
    name: String,
    role: String,
    company: String,
    segment: String,
    email: String,
    consent_date: String,
    notes: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoInterview {
    key: String,
    file: String,
    title: String,
    date: String,
    interviewer: String,
    method: InterviewMethod,
    product_area: String,
    status: InterviewStatus,
    /// Speaker label in the transcript → participant key (interviewers are not listed).
    speakers: BTreeMap<String, String>,
    notes: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoFeedbackFile {
    key: String,
    file: String,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoTag {
    key: String,
    name: String,
    color: String,
    description: String,
    #[serde(default)]
    children: Vec<DemoTag>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoHighlight {
    key: String,
    interview: String,
    quote: String,
    tags: Vec<String>,
    #[serde(default)]
    comment: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Synthesis {
    insights: Vec<DemoInsight>,
    personas: Vec<DemoPersona>,
    tree: DemoTree,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoInsight {
    key: String,
    title: String,
    body: String,
    highlights: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoPersona {
    key: String,
    name: String,
    role: String,
    summary: String,
    attributes: BTreeMap<String, String>,
    participants: Vec<String>,
    statements: Vec<DemoStatement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoStatement {
    kind: StatementKind,
    text: String,
    highlights: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoTree {
    title: String,
    metric: String,
    baseline: String,
    target: String,
    target_date: String,
    description: String,
    nodes: Vec<DemoNode>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoNode {
    key: String,
    #[serde(default)]
    parent: Option<String>,
    kind: NodeKind,
    title: String,
    status: NodeStatus,
    description: String,
    #[serde(default)]
    details: NodeDetails,
    #[serde(default)]
    evidence: DemoEvidence,
}

/// What a tree node rests on, by manifest key; feedback as `file-key#n` (n from 1, in file order).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct DemoEvidence {
    highlights: Vec<String>,
    interviews: Vec<String>,
    insights: Vec<String>,
    personas: Vec<String>,
    feedback: Vec<String>,
}

struct Manifest {
    project: Project,
    codebook: Vec<DemoTag>,
    highlights: Vec<DemoHighlight>,
    synthesis: Synthesis,
}

impl Manifest {
    fn load() -> Result<Manifest> {
        fn parse<T: serde::de::DeserializeOwned>(name: &str, json: &str) -> Result<T> {
            serde_json::from_str(json)
                .map_err(|e| Error::new(ErrorCode::Invalid, format!("assets/demo/{name}: {e}")))
        }
        Ok(Manifest {
            project: parse("project.json", PROJECT)?,
            codebook: parse("codebook.json", CODEBOOK)?,
            highlights: parse("highlights.json", HIGHLIGHTS)?,
            synthesis: parse("synthesis.json", SYNTHESIS)?,
        })
    }
}

fn file(name: &str) -> Result<&'static [u8]> {
    FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, bytes)| *bytes)
        .ok_or_else(|| {
            Error::new(
                ErrorCode::Invalid,
                format!("assets/demo: no file '{name}' is embedded"),
            )
        })
}

/// A manifest key that names nothing: a mistake in assets/demo, reported as such.
fn unknown(what: &str, key: &str) -> Error {
    Error::new(
        ErrorCode::Invalid,
        format!("assets/demo: no {what} with key '{key}'"),
    )
}

fn lookup<'a>(map: &'a HashMap<String, String>, what: &str, key: &str) -> Result<&'a String> {
    map.get(key).ok_or_else(|| unknown(what, key))
}

// ---- seeding ----

struct Seeder<'w> {
    ws: &'w Workspace,
    created: Vec<ObjectRef>,
    summary: DemoSummary,
}

/// Ids by manifest key.
#[derive(Default)]
struct Keys {
    participants: HashMap<String, String>,
    interviews: HashMap<String, String>,
    tags: HashMap<String, String>,
    highlights: HashMap<String, String>,
    insights: HashMap<String, String>,
    personas: HashMap<String, String>,
    nodes: HashMap<String, String>,
    /// `file-key#n` → feedback item id.
    feedback: HashMap<String, String>,
}

impl Seeder<'_> {
    fn made(&mut self, kind: ObjectKind, id: &str) {
        self.created.push(ObjectRef {
            kind,
            id: id.to_string(),
        });
    }

    /// Save what has been made so far, so an interrupted seed can still be removed.
    fn checkpoint(&self) -> Result<()> {
        let record = Record::new(false, self.created.clone());
        self.ws.write("checkpoint", |c| save_record(c, &record))
    }

    fn run(&mut self, m: &Manifest) -> Result<()> {
        let mut keys = Keys::default();
        let ws = self.ws;

        let note = ws.create_note(&NoteInput {
            title: m.project.about.title.clone(),
            body: ABOUT.to_string(),
        })?;
        self.made(ObjectKind::Note, &note.id);
        self.summary.notes = 1;
        self.summary.about_note_id = note.id;

        for p in &m.project.participants {
            let input = ParticipantInput {
                name: p.name.clone(),
                role: p.role.clone(),
                company: p.company.clone(),
                segment: p.segment.clone(),
                email: p.email.clone(),
                consent: Consent::Given,
                consent_date: Some(p.consent_date.clone()),
                consent_scope: "Recording, transcript and quotes for internal product research"
                    .into(),
                notes: format!(
                    "Fictional participant from the Groundwork demo project. {}",
                    p.notes
                ),
                ..Default::default()
            };
            let made = ws.create_participant(&input)?;
            self.made(ObjectKind::Participant, &made.id);
            keys.participants.insert(p.key.clone(), made.id);
            self.summary.participants += 1;
        }
        self.checkpoint()?;

        for iv in &m.project.interviews {
            self.interview(iv, &mut keys)?;
        }
        self.checkpoint()?;

        let existing = ws.tags()?;
        for t in &m.codebook {
            self.tag(t, None, &existing, &mut keys)?;
        }
        self.checkpoint()?;

        let mut segments: HashMap<&str, Vec<Segment>> = HashMap::new();
        for h in &m.highlights {
            let interview_id = lookup(&keys.interviews, "interview", &h.interview)?.clone();
            if !segments.contains_key(h.interview.as_str()) {
                segments.insert(&h.interview, ws.segments(&interview_id)?);
            }
            let segs = &segments[h.interview.as_str()];
            let (seg, start) = segs
                .iter()
                .find_map(|s| {
                    s.text
                        .find(&h.quote)
                        .map(|byte| (s, s.text[..byte].chars().count() as i64))
                })
                .ok_or_else(|| {
                    Error::invalid(
                        "quote",
                        format!(
                            "assets/demo: highlight '{}' is not in the transcript of '{}'",
                            h.key, h.interview
                        ),
                    )
                })?;
            let tag_ids = h
                .tags
                .iter()
                .map(|t| lookup(&keys.tags, "tag", t).cloned())
                .collect::<Result<Vec<_>>>()?;
            let made = ws.create_highlight(&HighlightInput {
                interview_id: Some(interview_id),
                note_id: None,
                feedback_id: None,
                segment_id: Some(seg.id.clone()),
                end_segment_id: None,
                start,
                end: start + h.quote.chars().count() as i64,
                quote: h.quote.clone(),
                comment: h.comment.clone(),
                tag_ids,
            })?;
            self.made(ObjectKind::Highlight, &made.id);
            keys.highlights.insert(h.key.clone(), made.id);
            self.summary.highlights += 1;
        }
        self.checkpoint()?;

        for i in &m.synthesis.insights {
            let highlight_ids = i
                .highlights
                .iter()
                .map(|h| lookup(&keys.highlights, "highlight", h).cloned())
                .collect::<Result<Vec<_>>>()?;
            self.summary.evidence_links += highlight_ids.len();
            let made = ws.create_insight(&InsightInput {
                title: i.title.clone(),
                body: i.body.clone(),
                highlight_ids,
            })?;
            self.made(ObjectKind::Insight, &made.id);
            keys.insights.insert(i.key.clone(), made.id);
            self.summary.insights += 1;
        }
        self.checkpoint()?;

        for p in &m.synthesis.personas {
            self.persona(p, &mut keys)?;
        }
        self.checkpoint()?;

        for f in &m.project.feedback {
            self.feedback(f, &mut keys)?;
        }
        self.checkpoint()?;

        self.tree(&m.synthesis.tree, &mut keys)
    }

    fn interview(&mut self, iv: &DemoInterview, keys: &mut Keys) -> Result<()> {
        let ws = self.ws;
        let imported = ws.import_bytes(&iv.file, file(&iv.file)?, None)?;
        // Recorded before anything else can fail, so a failed seed removes it too.
        self.made(imported.kind, &imported.id);
        if imported.kind != ObjectKind::Interview {
            return Err(Error::new(
                ErrorCode::UnsupportedFormat,
                format!(
                    "assets/demo/{}: imported as a {}, not an interview",
                    iv.file, imported.kind
                ),
            ));
        }
        let id = imported.id;
        let before = ws.interview(&id)?;
        let mut participant_ids: Vec<String> = Vec::new();
        for p in iv.speakers.values() {
            let pid = lookup(&keys.participants, "participant", p)?;
            if !participant_ids.contains(pid) {
                participant_ids.push(pid.clone());
            }
        }
        // The file's own preamble (if any) follows the researcher's notes.
        let notes = match before.input.notes.trim() {
            "" => iv.notes.clone(),
            preamble => format!("{}\n\n---\n\n{preamble}", iv.notes),
        };
        ws.update_interview(
            &id,
            &InterviewInput {
                title: iv.title.clone(),
                date: Some(iv.date.clone()),
                interviewer: iv.interviewer.clone(),
                method: iv.method,
                product_area: iv.product_area.clone(),
                status: iv.status,
                notes,
                participant_ids,
            },
        )?;
        // Attribute each participant's turns to them, so evidence counts people, not files.
        let segments = ws.segments(&id)?;
        let mut seen: HashSet<&str> = HashSet::new();
        for s in &segments {
            let Some(speaker) = s.speaker.as_deref() else {
                continue;
            };
            let Some(key) = iv.speakers.get(speaker) else {
                continue;
            };
            seen.insert(speaker);
            ws.update_segment(
                &s.id,
                &SegmentInput {
                    speaker: s.speaker.clone(),
                    participant_id: Some(lookup(&keys.participants, "participant", key)?.clone()),
                    start_ms: s.start_ms,
                    end_ms: s.end_ms,
                    text: s.text.clone(),
                    cues: None,
                },
            )?;
        }
        if let Some(missing) = iv.speakers.keys().find(|k| !seen.contains(k.as_str())) {
            return Err(Error::new(
                ErrorCode::Invalid,
                format!(
                    "assets/demo/{}: no turns by speaker '{missing}' were found",
                    iv.file
                ),
            ));
        }
        keys.interviews.insert(iv.key.clone(), id);
        self.summary.interviews += 1;
        self.summary.segments += segments.len();
        Ok(())
    }

    fn tag(
        &mut self,
        t: &DemoTag,
        parent_id: Option<&String>,
        existing: &[Tag],
        keys: &mut Keys,
    ) -> Result<()> {
        // A workspace that already has this tag (same name, same place) keeps using its own.
        let theirs = existing.iter().find(|e| {
            e.input.name.eq_ignore_ascii_case(&t.name) && e.input.parent_id.as_ref() == parent_id
        });
        let id = match theirs {
            Some(e) => e.id.clone(),
            None => {
                let made = self.ws.create_tag(&TagInput {
                    name: t.name.clone(),
                    parent_id: parent_id.cloned(),
                    color: t.color.clone(),
                    description: t.description.clone(),
                })?;
                self.made(ObjectKind::Tag, &made.id);
                self.summary.tags += 1;
                made.id
            }
        };
        keys.tags.insert(t.key.clone(), id.clone());
        for child in &t.children {
            self.tag(child, Some(&id), existing, keys)?;
        }
        Ok(())
    }

    fn persona(&mut self, p: &DemoPersona, keys: &mut Keys) -> Result<()> {
        let ws = self.ws;
        let participant_ids = p
            .participants
            .iter()
            .map(|k| lookup(&keys.participants, "participant", k).cloned())
            .collect::<Result<Vec<_>>>()?;
        let persona = ws.create_persona(&PersonaInput {
            name: p.name.clone(),
            role: p.role.clone(),
            summary: p.summary.clone(),
            avatar: None,
            attributes: p.attributes.clone(),
            participant_ids,
        })?;
        self.made(ObjectKind::Persona, &persona.id);
        keys.personas.insert(p.key.clone(), persona.id.clone());
        self.summary.personas += 1;
        for s in &p.statements {
            let after = ws.add_persona_statement(
                &persona.id,
                &PersonaStatementInput {
                    kind: s.kind,
                    text: s.text.clone(),
                },
            )?;
            let statement = after
                .statements
                .iter()
                .max_by_key(|st| st.position)
                .ok_or_else(|| {
                    Error::new(
                        ErrorCode::Storage,
                        "a persona statement was added but is not there",
                    )
                })?;
            let from = ObjectRef {
                kind: ObjectKind::PersonaStatement,
                id: statement.id.clone(),
            };
            for h in &s.highlights {
                let to = ObjectRef {
                    kind: ObjectKind::Highlight,
                    id: lookup(&keys.highlights, "highlight", h)?.clone(),
                };
                ws.link_evidence(&from, &to, "")?;
                self.summary.evidence_links += 1;
            }
            self.summary.persona_statements += 1;
        }
        Ok(())
    }

    fn feedback(&mut self, f: &DemoFeedbackFile, keys: &mut Keys) -> Result<()> {
        let parsed = import::parse(&f.file, file(&f.file)?, Some(ImportAs::Feedback))?;
        let Parsed::Feedback(fb) = parsed else {
            return Err(Error::new(
                ErrorCode::UnsupportedFormat,
                format!("assets/demo/{}: not read as feedback", f.file),
            ));
        };
        // Item by item, through the API, so each id is known and the source says "demo".
        for (n, item) in fb.items.iter().enumerate() {
            let made = self.ws.create_feedback(&FeedbackInput {
                source: f.source.clone(),
                ..item.input.clone()
            })?;
            self.made(ObjectKind::Feedback, &made.id);
            keys.feedback
                .insert(format!("{}#{}", f.key, n + 1), made.id);
            self.summary.feedback += 1;
        }
        Ok(())
    }

    fn tree(&mut self, t: &DemoTree, keys: &mut Keys) -> Result<()> {
        let ws = self.ws;
        let tree = ws.create_tree(&TreeInput {
            title: t.title.clone(),
            metric: t.metric.clone(),
            baseline: t.baseline.clone(),
            target: t.target.clone(),
            target_date: Some(t.target_date.clone()),
            description: t.description.clone(),
        })?;
        self.made(ObjectKind::Tree, &tree.id);
        self.summary.trees = 1;
        let mut siblings: HashMap<Option<&str>, i64> = HashMap::new();
        for n in &t.nodes {
            let parent_id = n
                .parent
                .as_deref()
                .map(|p| lookup(&keys.nodes, "tree node", p).cloned())
                .transpose()?;
            let position = siblings.entry(n.parent.as_deref()).or_default();
            let node = ws.create_tree_node(
                &tree.id,
                &TreeNodeInput {
                    parent_id,
                    kind: n.kind,
                    title: n.title.clone(),
                    description: n.description.clone(),
                    position: *position,
                    status: n.status,
                    details: n.details.clone(),
                },
            )?;
            *position += 1;
            self.made(ObjectKind::TreeNode, &node.id);
            keys.nodes.insert(n.key.clone(), node.id.clone());
            self.summary.tree_nodes += 1;

            let from = ObjectRef {
                kind: ObjectKind::TreeNode,
                id: node.id,
            };
            let e = &n.evidence;
            for (refs, kind, map, what) in [
                (&e.insights, ObjectKind::Insight, &keys.insights, "insight"),
                (&e.personas, ObjectKind::Persona, &keys.personas, "persona"),
                (
                    &e.interviews,
                    ObjectKind::Interview,
                    &keys.interviews,
                    "interview",
                ),
                (
                    &e.highlights,
                    ObjectKind::Highlight,
                    &keys.highlights,
                    "highlight",
                ),
                (
                    &e.feedback,
                    ObjectKind::Feedback,
                    &keys.feedback,
                    "feedback item",
                ),
            ] {
                for key in refs {
                    let to = ObjectRef {
                        kind,
                        id: lookup(map, what, key)?.clone(),
                    };
                    ws.link_evidence(&from, &to, "")?;
                    self.summary.evidence_links += 1;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_that_fails_half_way_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::init(&dir.path().join("ws")).unwrap();
        let mine = ws
            .create_note(&NoteInput {
                title: "Mine".into(),
                body: String::new(),
            })
            .unwrap();
        let mut manifest = Manifest::load().unwrap();
        // Fails after notes, participants, interviews, tags and most highlights exist.
        manifest.highlights.last_mut().unwrap().quote = "words nobody said".into();
        let err = seed(&ws, &manifest).unwrap_err();
        assert_eq!(err.code, ErrorCode::Invalid);
        assert!(
            err.message.contains("is not in the transcript"),
            "{}",
            err.message
        );
        assert!(!has_demo(&ws));
        let left: i64 = ws.counts().unwrap().values().sum();
        assert_eq!(left, 1, "{:?}", ws.counts().unwrap());
        ws.note(&mine.id).unwrap();
        assert!(ws.trash_entries().unwrap().is_empty());
        // And the real thing still seeds.
        seed_demo(&ws).unwrap();
        assert!(ws.check().unwrap().ok);
    }
}
