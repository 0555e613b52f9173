//! Personas backed by evidence: how strong each statement is, whether the persona is still
//! a "proto" persona and what it lacks, its members and what cites it, suggested evidence
//! from search, the Markdown export and the import preview.

use crate::error::{Error, Result};
use crate::import::{self, ImportAs, Parsed, ParsedPersona};
use crate::model::{
    Highlight, Interview, NodeKind, NodeStatus, ObjectKind, ObjectRef, Participant, Persona,
    PersonaStatement, StatementKind,
};
use crate::search::{SearchRequest, Snippet};
use crate::store;
use crate::workspace::{Imported, Workspace};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The setting that says from how many distinct participants every statement needs
/// evidence before a persona stops being "proto".
const THRESHOLD_SETTING: &str = "persona_evidence_threshold";
pub const DEFAULT_EVIDENCE_THRESHOLD: i64 = 2;
const MAX_EVIDENCE_THRESHOLD: i64 = 100;
const DEFAULT_SUGGESTIONS: usize = 5;

/// A statement that does not yet rest on enough participants.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MissingEvidence {
    pub statement_id: String,
    pub kind: StatementKind,
    pub text: String,
    /// Distinct participants behind it now.
    pub strength: i64,
    /// How many more participants it needs.
    pub short_by: i64,
}

/// A persona with its verdict: evidence-backed, or proto and exactly why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonaSummary {
    pub persona: Persona,
    /// True until there is at least one statement and every statement has evidence from
    /// `threshold` distinct participants.
    pub proto: bool,
    pub threshold: i64,
    /// The statements that fall short, in the persona's order.
    pub missing: Vec<MissingEvidence>,
    /// One sentence saying what is missing (or that nothing is).
    pub message: String,
}

/// A highlight shown on a persona page: who said it, where, and which statements it backs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonaEvidence {
    pub highlight: Highlight,
    pub participant_id: Option<String>,
    pub participant_name: Option<String>,
    pub source_title: String,
    pub statement_ids: Vec<String>,
}

/// A tree node that cites the persona or one of its statements.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CitingNode {
    pub tree_id: String,
    pub tree_title: String,
    pub node_id: String,
    pub title: String,
    pub kind: NodeKind,
    pub status: NodeStatus,
}

/// Everything a persona page shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonaPage {
    pub summary: PersonaSummary,
    pub members: Vec<Participant>,
    /// Interviews a member took part in or speaks in, newest first.
    pub interviews: Vec<Interview>,
    /// Highlights linked to the persona's statements.
    pub evidence: Vec<PersonaEvidence>,
    pub opportunities: Vec<CitingNode>,
}

/// A highlight offered as evidence for a statement.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SuggestedEvidence {
    pub highlight: Highlight,
    pub participant_name: Option<String>,
    pub source_title: String,
    pub snippet: Snippet,
    pub score: f32,
}

/// Statements of one persona by kind, as `groundwork persona import --json` prints them.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatementLists {
    pub goal: Vec<String>,
    pub pain: Vec<String>,
    pub job: Vec<String>,
    pub behaviour: Vec<String>,
    pub quote: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PreviewPersona {
    pub name: String,
    pub role: String,
    pub summary: String,
    pub statements: StatementLists,
    /// Sections that are not statements ("Characteristics"), kept as custom fields.
    pub attributes: BTreeMap<String, String>,
}

/// What a persona file's other sections ("Characteristics: …") become: custom fields
/// (`attributes`) when short enough for one, otherwise a paragraph of the summary, so
/// nothing the file says is dropped. Answers the attributes and the summary.
pub(crate) fn kept_sections(p: &ParsedPersona) -> (BTreeMap<String, String>, String) {
    let mut attributes = BTreeMap::new();
    let mut summary = p.summary.clone();
    for (label, text) in &p.sections {
        if text.chars().count() <= crate::model::MAX_ATTRIBUTE && !attributes.contains_key(label) {
            attributes.insert(label.clone(), text.clone());
        } else {
            if !summary.is_empty() {
                summary.push_str("\n\n");
            }
            summary.push_str(&format!("**{label}:** {text}"));
        }
    }
    (attributes, summary)
}

/// What an import would make, before anything is saved.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonaImportPreview {
    pub personas: Vec<PreviewPersona>,
}

impl From<&ParsedPersona> for PreviewPersona {
    fn from(p: &ParsedPersona) -> Self {
        let mut statements = StatementLists::default();
        for (kind, text) in &p.statements {
            use import::StatementKind as K;
            let list = match kind {
                K::Goal => &mut statements.goal,
                K::Pain => &mut statements.pain,
                K::Job => &mut statements.job,
                K::Behaviour => &mut statements.behaviour,
                K::Quote => &mut statements.quote,
            };
            list.push(text.clone());
        }
        let (attributes, summary) = kept_sections(p);
        PreviewPersona {
            name: p.name.clone(),
            role: p.role.clone(),
            summary,
            statements,
            attributes,
        }
    }
}

fn plural(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub(crate) fn summarize(persona: Persona, threshold: i64) -> PersonaSummary {
    let missing: Vec<MissingEvidence> = persona
        .statements
        .iter()
        .filter(|s| s.strength < threshold)
        .map(|s| MissingEvidence {
            statement_id: s.id.clone(),
            kind: s.kind,
            text: s.text.clone(),
            strength: s.strength,
            short_by: threshold - s.strength,
        })
        .collect();
    let total = persona.statements.len() as i64;
    let proto = total == 0 || !missing.is_empty();
    let needed = plural(threshold, "participant", "participants");
    let message = if total == 0 {
        format!(
            "Proto persona: no statements yet. Add goals, pains or jobs and back each with highlights from {needed}."
        )
    } else if missing.is_empty() {
        format!("Evidence-backed: every statement rests on at least {needed}.")
    } else {
        let short: i64 = missing.iter().map(|m| m.short_by).sum();
        format!(
            "Proto persona: {} of {} need evidence from more participants (each needs {needed}; {} short in all).",
            plural(missing.len() as i64, "statement", "statements"),
            total,
            plural(short, "participant", "participants"),
        )
    };
    PersonaSummary {
        persona,
        proto,
        threshold,
        missing,
        message,
    }
}

pub(crate) fn threshold(conn: &Connection) -> Result<i64> {
    Ok(store::get_setting(conn, THRESHOLD_SETTING)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_EVIDENCE_THRESHOLD))
}

/// The title a highlight's source shows under: its interview's or note's.
fn source_title(conn: &Connection, h: &Highlight) -> Result<String> {
    if let Some(i) = &h.input.interview_id {
        return Ok(store::interviews::get(conn, i)?.input.title);
    }
    if let Some(n) = &h.input.note_id {
        return Ok(store::notes::get(conn, n)?.input.title);
    }
    if let Some(f) = &h.input.feedback_id {
        return Ok(store::feedback::get(conn, f)?.input.label());
    }
    Ok(String::new())
}

fn participant_name(conn: &Connection, id: Option<&String>) -> Result<Option<String>> {
    Ok(match id {
        Some(p) => store::participants::names(conn, std::slice::from_ref(p))?
            .into_iter()
            .next(),
        None => None,
    })
}

/// The significant words of a statement, for a query that matches any of them: no short
/// words, no common English function words, each once.
fn significant_words(text: &str) -> Vec<String> {
    const STOP: &[&str] = &[
        "the", "and", "for", "are", "but", "not", "you", "your", "with", "that", "this", "they",
        "them", "their", "there", "then", "than", "have", "has", "had", "was", "were", "been",
        "being", "will", "would", "could", "should", "can", "into", "from", "onto", "about",
        "what", "when", "where", "which", "who", "whom", "why", "how", "all", "any", "each",
        "more", "most", "some", "such", "own", "same", "too", "very", "just", "also", "our", "out",
        "over", "under", "again", "once", "only", "does", "did", "doing", "its", "it's", "his",
        "her", "hers", "him", "she", "her", "want", "wants", "need", "needs", "able", "get",
        "gets", "lot", "lots", "like", "way", "without", "within", "via", "per", "one", "use",
        "using", "make", "makes",
    ];
    let mut seen = BTreeSet::new();
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|w| w.trim_matches('\'').to_lowercase())
        .filter(|w| w.chars().count() >= 3 && !STOP.contains(&w.as_str()))
        .filter(|w| seen.insert(w.clone()))
        .take(16)
        .collect()
}

impl Workspace {
    /// From how many distinct participants each statement needs evidence (default 2).
    pub fn persona_evidence_threshold(&self) -> Result<i64> {
        threshold(&*self.read()?)
    }

    pub fn set_persona_evidence_threshold(&self, n: i64) -> Result<()> {
        if !(1..=MAX_EVIDENCE_THRESHOLD).contains(&n) {
            return Err(Error::invalid(
                "threshold",
                format!(
                    "the evidence threshold must be between 1 and {MAX_EVIDENCE_THRESHOLD} participants"
                ),
            ));
        }
        self.write("set_persona_evidence_threshold", |c| {
            store::set_setting(c, THRESHOLD_SETTING, &n.to_string())
        })
    }

    pub fn persona_summary(&self, id: &str) -> Result<PersonaSummary> {
        let conn = self.read()?;
        Ok(summarize(
            store::personas::get(&conn, id)?,
            threshold(&conn)?,
        ))
    }

    /// Every persona with its verdict, for the card grid.
    pub fn persona_summaries(&self) -> Result<Vec<PersonaSummary>> {
        let conn = self.read()?;
        let n = threshold(&conn)?;
        Ok(store::personas::list(&conn)?
            .into_iter()
            .map(|p| summarize(p, n))
            .collect())
    }

    pub fn assign_persona_participant(
        &self,
        persona_id: &str,
        participant_id: &str,
    ) -> Result<PersonaSummary> {
        self.write("assign_persona_participant", |c| {
            store::personas::assign(c, persona_id, participant_id)?;
            Ok(summarize(
                store::personas::get(c, persona_id)?,
                threshold(c)?,
            ))
        })
    }

    pub fn unassign_persona_participant(
        &self,
        persona_id: &str,
        participant_id: &str,
    ) -> Result<PersonaSummary> {
        self.write("unassign_persona_participant", |c| {
            store::personas::unassign(c, persona_id, participant_id)?;
            Ok(summarize(
                store::personas::get(c, persona_id)?,
                threshold(c)?,
            ))
        })
    }

    /// The persona page: its verdict, members, their interviews, the highlights behind its
    /// statements and the opportunities that cite it.
    pub fn persona_page(&self, id: &str) -> Result<PersonaPage> {
        let conn = self.read()?;
        let summary = summarize(store::personas::get(&conn, id)?, threshold(&conn)?);
        let persona = &summary.persona;

        let members = persona
            .input
            .participant_ids
            .iter()
            .map(|p| store::participants::get(&conn, p))
            .collect::<Result<Vec<_>>>()?;

        let mut interview_ids = BTreeSet::new();
        for p in &persona.input.participant_ids {
            interview_ids.extend(store::interviews::mentioning(&conn, p)?);
        }
        let mut interviews: Vec<Interview> = interview_ids
            .iter()
            .filter_map(|i| store::interviews::get(&conn, i).ok())
            .collect();
        interviews.sort_by(|a, b| {
            b.input
                .date
                .cmp(&a.input.date)
                .then_with(|| a.input.title.cmp(&b.input.title))
        });

        let mut backs: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut order = Vec::new();
        for s in &persona.statements {
            for h in &s.highlight_ids {
                let entry = backs.entry(h.clone()).or_default();
                if entry.is_empty() {
                    order.push(h.clone());
                }
                entry.push(s.id.clone());
            }
        }
        let mut evidence = Vec::new();
        for h in order {
            let Ok(highlight) = store::highlights::get(&conn, &h) else {
                continue;
            };
            let participant_id = store::highlights::participant_of(&conn, &h)?;
            evidence.push(PersonaEvidence {
                participant_name: participant_name(&conn, participant_id.as_ref())?,
                participant_id,
                source_title: source_title(&conn, &highlight)?,
                statement_ids: backs.remove(&h).unwrap_or_default(),
                highlight,
            });
        }

        let mut cited: Vec<ObjectRef> = vec![ObjectRef {
            kind: ObjectKind::Persona,
            id: persona.id.clone(),
        }];
        cited.extend(persona.statements.iter().map(|s| ObjectRef {
            kind: ObjectKind::PersonaStatement,
            id: s.id.clone(),
        }));
        let mut node_ids = BTreeSet::new();
        for r in &cited {
            node_ids.extend(store::evidence::citing_nodes(&conn, r)?);
        }
        let mut opportunities = Vec::new();
        for n in node_ids {
            let Ok(node) = store::trees::node(&conn, &n) else {
                continue;
            };
            let Ok(tree) = store::trees::get(&conn, &node.tree_id) else {
                continue;
            };
            opportunities.push(CitingNode {
                tree_id: tree.id,
                tree_title: tree.input.title,
                node_id: node.id,
                title: node.input.title,
                kind: node.input.kind,
                status: node.input.status,
            });
        }
        opportunities.sort_by(|a, b| (&a.tree_title, &a.title).cmp(&(&b.tree_title, &b.title)));

        Ok(PersonaPage {
            summary,
            members,
            interviews,
            evidence,
            opportunities,
        })
    }

    /// Highlights whose words are most like a statement's, by search, leaving out those
    /// already linked to it and those the PM dismissed for it.
    pub fn suggest_persona_evidence(
        &self,
        statement_id: &str,
        limit: usize,
    ) -> Result<Vec<SuggestedEvidence>> {
        let limit = if limit == 0 {
            DEFAULT_SUGGESTIONS
        } else {
            limit.min(50)
        };
        let (statement, excluded) = {
            let conn = self.read()?;
            let s = store::personas::statement(&conn, statement_id)?;
            let mut excluded: BTreeSet<String> = s.highlight_ids.iter().cloned().collect();
            excluded.extend(store::personas::dismissed(&conn, statement_id)?);
            (s, excluded)
        };
        let words = significant_words(&statement.text);
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let results = self.search(&SearchRequest {
            query: words.join(" "),
            kinds: vec![ObjectKind::Highlight],
            limit: limit + excluded.len(),
            any_word: true,
            ..Default::default()
        })?;
        let conn = self.read()?;
        let mut out = Vec::new();
        for hit in results.hits {
            if out.len() == limit {
                break;
            }
            if excluded.contains(&hit.id) {
                continue;
            }
            // The index can trail the store by a moment: skip what is gone.
            let Ok(highlight) = store::highlights::get(&conn, &hit.id) else {
                continue;
            };
            let participant_id = store::highlights::participant_of(&conn, &hit.id)?;
            out.push(SuggestedEvidence {
                participant_name: participant_name(&conn, participant_id.as_ref())?,
                source_title: source_title(&conn, &highlight)?,
                highlight,
                snippet: hit.snippet,
                score: hit.score,
            });
        }
        Ok(out)
    }

    /// Link a suggested highlight as evidence for the statement.
    pub fn accept_persona_suggestion(
        &self,
        statement_id: &str,
        highlight_id: &str,
    ) -> Result<Persona> {
        self.write("accept_persona_suggestion", |c| {
            let persona_id = store::personas::statement(c, statement_id)?.persona_id;
            store::evidence::link(
                c,
                &ObjectRef {
                    kind: ObjectKind::PersonaStatement,
                    id: statement_id.to_string(),
                },
                &ObjectRef {
                    kind: ObjectKind::Highlight,
                    id: highlight_id.to_string(),
                },
                "",
            )?;
            store::personas::get(c, &persona_id)
        })
    }

    /// Never suggest this highlight for this statement again.
    pub fn dismiss_persona_suggestion(&self, statement_id: &str, highlight_id: &str) -> Result<()> {
        self.write("dismiss_persona_suggestion", |c| {
            store::personas::dismiss(c, statement_id, highlight_id)
        })
    }

    /// The persona as a Markdown document: verdict, attributes, statements with their
    /// strength and the quotes behind them, members.
    pub fn persona_markdown(&self, id: &str) -> Result<String> {
        let page = self.persona_page(id)?;
        Ok(render_markdown(&page))
    }

    /// Write the Markdown export to a file the user picked (the desktop app, whose webview
    /// cannot write files). Written beside it first and renamed, so a failure leaves no
    /// half-written file.
    pub fn save_persona_markdown(&self, id: &str, path: &std::path::Path) -> Result<String> {
        let text = self.persona_markdown(id)?;
        crate::files::write_whole(path, text.as_bytes())?;
        Ok(path.display().to_string())
    }

    /// What importing persona Markdown would make; saves nothing.
    pub fn preview_persona_import(&self, name: &str, bytes: &[u8]) -> Result<PersonaImportPreview> {
        preview_personas(name, bytes)
    }

    /// The same for a file on this machine (the desktop app picks files by path); the
    /// import itself is `import_file` with `ImportAs::Persona`.
    pub fn preview_persona_import_file(
        &self,
        path: &std::path::Path,
    ) -> Result<PersonaImportPreview> {
        let (name, bytes) = crate::workspace::read_import_file(path)?;
        preview_personas(&name, &bytes)
    }

    /// Import persona Markdown, all personas or none.
    pub fn import_personas(&self, name: &str, bytes: &[u8]) -> Result<Imported> {
        self.import_bytes(name, bytes, Some(ImportAs::Persona))
    }
}

/// Parse persona Markdown into what an import would make.
pub fn preview_personas(name: &str, bytes: &[u8]) -> Result<PersonaImportPreview> {
    let Parsed::Personas(ps) = import::parse(name, bytes, Some(ImportAs::Persona))? else {
        return Err(Error::invalid("as", "expected personas"));
    };
    Ok(PersonaImportPreview {
        personas: ps.iter().map(PreviewPersona::from).collect(),
    })
}

const KIND_HEADINGS: [(StatementKind, &str); 5] = [
    (StatementKind::Goal, "Goals"),
    (StatementKind::Pain, "Pains"),
    (StatementKind::Job, "Jobs to be done"),
    (StatementKind::Behaviour, "Behaviours"),
    (StatementKind::Quote, "Quotes"),
];

/// One line of Markdown text: no line breaks that would end a list item.
fn inline(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn render_markdown(page: &PersonaPage) -> String {
    use std::fmt::Write;
    let s = &page.summary;
    let p = &s.persona;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", inline(&p.input.name));
    if !p.input.role.trim().is_empty() {
        let _ = writeln!(out, "**Role:** {}\n", inline(&p.input.role));
    }
    if !p.input.summary.trim().is_empty() {
        let _ = writeln!(out, "{}\n", p.input.summary.trim());
    }
    // The message starts with the verdict ("Proto persona: …", "Evidence-backed: …").
    let _ = writeln!(out, "> {}\n", s.message);
    if !p.input.attributes.is_empty() {
        for (k, v) in &p.input.attributes {
            let _ = writeln!(out, "- **{}:** {}", inline(k), inline(v));
        }
        out.push('\n');
    }
    let quotes: BTreeMap<&str, &PersonaEvidence> = page
        .evidence
        .iter()
        .map(|e| (e.highlight.id.as_str(), e))
        .collect();
    for (kind, heading) in KIND_HEADINGS {
        let items: Vec<&PersonaStatement> =
            p.statements.iter().filter(|st| st.kind == kind).collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "## {heading}\n");
        for st in items {
            let _ = writeln!(
                out,
                "- {} _({})_",
                inline(&st.text),
                plural(st.strength, "participant", "participants")
            );
            for h in &st.highlight_ids {
                if let Some(e) = quotes.get(h.as_str()) {
                    let who = e
                        .participant_name
                        .as_deref()
                        .unwrap_or("unknown participant");
                    let _ = writeln!(
                        out,
                        "  - “{}” — {who}, {}",
                        inline(&e.highlight.input.quote),
                        inline(&e.source_title)
                    );
                }
            }
        }
        out.push('\n');
    }
    if !page.members.is_empty() {
        let _ = writeln!(out, "## Participants\n");
        for m in &page.members {
            let detail: Vec<&str> = [m.input.role.as_str(), m.input.company.as_str()]
                .into_iter()
                .filter(|x| !x.trim().is_empty())
                .collect();
            if detail.is_empty() {
                let _ = writeln!(out, "- {}", inline(&m.input.name));
            } else {
                let _ = writeln!(out, "- {} ({})", inline(&m.input.name), detail.join(", "));
            }
        }
        out.push('\n');
    }
    if !page.opportunities.is_empty() {
        let _ = writeln!(out, "## Opportunities citing this persona\n");
        for o in &page.opportunities {
            let _ = writeln!(out, "- {} ({})", inline(&o.title), inline(&o.tree_title));
        }
        out.push('\n');
    }
    out.trim_end().to_string() + "\n"
}
