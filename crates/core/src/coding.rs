//! Coding evidence (issue 4): the codebook's restructuring (move, merge, delete with
//! reassignment), the highlights view's one query (filters, tag × participant matrix, tag
//! frequencies), a participant's page and an interview's one-page snapshot.

use crate::error::{Error, Result};
use crate::model::*;
use crate::store::{self, highlights::Coded};
use crate::workspace::Workspace;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What the highlights view asks for. Within one list any value matches (a tag matches its
/// children too); across lists all must match. Empty lists and `None` do not filter.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct HighlightQuery {
    pub tag_ids: Vec<String>,
    pub participant_ids: Vec<String>,
    pub interview_ids: Vec<String>,
    /// Highlights of participants who belong to one of these personas.
    pub persona_ids: Vec<String>,
    /// `YYYY-MM-DD`, inclusive: the interview's date, else the day the highlight was made.
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    /// Words that must all appear in the quote, comment, speaker or source title.
    pub text: String,
}

/// A highlight with what the views show beside it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CodedHighlight {
    pub highlight: Highlight,
    /// Who said it: the segment's participant, else the interview's only participant.
    pub participant_id: Option<String>,
    pub participant_name: Option<String>,
    /// The interview's or note's title.
    pub source_title: String,
    /// `YYYY-MM-DD`: the interview's date, else the day the highlight was made.
    pub date: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TagCount {
    pub tag_id: String,
    pub path: String,
    pub color: String,
    /// Highlights found that carry this tag or one below it.
    pub count: i64,
}

/// A column of the matrix: a participant, or (`participant_id` None) nobody known.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ParticipantCount {
    pub participant_id: Option<String>,
    pub name: String,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MatrixCell {
    pub tag_id: String,
    pub participant_id: Option<String>,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HighlightReport {
    /// Newest first.
    pub highlights: Vec<CodedHighlight>,
    /// Tags used by the highlights found (counting children), most used first.
    pub tag_counts: Vec<TagCount>,
    /// The matrix's columns, most highlights first.
    pub participants: Vec<ParticipantCount>,
    /// Non-zero cells only; a tag counts the highlights of its children too.
    pub matrix: Vec<MatrixCell>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NamedRef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ParticipantProfile {
    pub participant: Participant,
    pub interviews: Vec<Interview>,
    pub highlights: Vec<CodedHighlight>,
    pub personas: Vec<NamedRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SnapshotOpportunity {
    pub node: TreeNode,
    pub tree_title: String,
}

/// One page per interview (Teresa Torres' interview snapshot).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InterviewSnapshot {
    pub interview: Interview,
    pub participants: Vec<Participant>,
    /// The highlight picked as the memorable quote, if one was.
    pub memorable_quote: Option<Highlight>,
    pub highlights: Vec<CodedHighlight>,
    pub tag_counts: Vec<TagCount>,
    /// Insights resting on this interview's highlights.
    pub insights: Vec<Insight>,
    /// Opportunities linked to this interview or its highlights.
    pub opportunities: Vec<SnapshotOpportunity>,
}

fn check_refs(conn: &Connection, field: &str, kind: ObjectKind, ids: &[String]) -> Result<()> {
    for id in ids {
        store::require_ref(conn, field, kind, id)?;
    }
    Ok(())
}

/// Each tag with its ancestors (itself first), so a highlight counts toward every tag above
/// the ones it carries.
fn ancestor_map(tags: &[Tag]) -> HashMap<String, Vec<String>> {
    let parent: HashMap<&str, Option<&str>> = tags
        .iter()
        .map(|t| (t.id.as_str(), t.input.parent_id.as_deref()))
        .collect();
    tags.iter()
        .map(|t| {
            let mut chain = vec![t.id.clone()];
            let mut at = parent.get(t.id.as_str()).copied().flatten();
            while let Some(p) = at {
                if chain.iter().any(|c| c == p) || chain.len() > 64 {
                    break;
                }
                chain.push(p.to_string());
                at = parent.get(p).copied().flatten();
            }
            (t.id.clone(), chain)
        })
        .collect()
}

pub(crate) fn report(conn: &Connection, q: &HighlightQuery) -> Result<HighlightReport> {
    validate_query(q)?;
    check_refs(conn, "tag_ids", ObjectKind::Tag, &q.tag_ids)?;
    check_refs(
        conn,
        "participant_ids",
        ObjectKind::Participant,
        &q.participant_ids,
    )?;
    check_refs(
        conn,
        "interview_ids",
        ObjectKind::Interview,
        &q.interview_ids,
    )?;
    check_refs(conn, "persona_ids", ObjectKind::Persona, &q.persona_ids)?;
    let tags = store::tags::list(conn)?;
    let ancestors = ancestor_map(&tags);
    let mut persona_people = BTreeSet::new();
    for p in &q.persona_ids {
        persona_people.extend(store::personas::member_ids(conn, p)?);
    }
    let words: Vec<String> = q
        .text
        .to_lowercase()
        .split_whitespace()
        .map(String::from)
        .collect();
    let under_chosen = |tag_ids: &[String]| {
        tag_ids.iter().any(|t| {
            ancestors
                .get(t)
                .is_some_and(|chain| chain.iter().any(|a| q.tag_ids.contains(a)))
        })
    };
    let found: Vec<Coded> = store::highlights::list_coded(conn)?
        .into_iter()
        .filter(|c| {
            let h = &c.highlight;
            let who = c.participant_id.as_ref();
            (q.tag_ids.is_empty() || under_chosen(&h.input.tag_ids))
                && (q.participant_ids.is_empty()
                    || who.is_some_and(|p| q.participant_ids.contains(p)))
                && (q.interview_ids.is_empty()
                    || h.input
                        .interview_id
                        .as_ref()
                        .is_some_and(|i| q.interview_ids.contains(i)))
                && (q.persona_ids.is_empty() || who.is_some_and(|p| persona_people.contains(p)))
                && q.date_from
                    .as_ref()
                    .is_none_or(|d| c.date.as_str() >= d.as_str())
                && q.date_to
                    .as_ref()
                    .is_none_or(|d| c.date.as_str() <= d.as_str())
                && (words.is_empty() || {
                    let hay = format!(
                        "{} {} {} {}",
                        h.input.quote,
                        h.input.comment,
                        h.speaker.as_deref().unwrap_or(""),
                        c.source_title
                    )
                    .to_lowercase();
                    words.iter().all(|w| hay.contains(w.as_str()))
                })
        })
        .collect();

    let mut tag_totals: HashMap<&str, i64> = HashMap::new();
    let mut cells: BTreeMap<(String, Option<String>), i64> = BTreeMap::new();
    let mut people: HashMap<Option<String>, (String, i64)> = HashMap::new();
    for c in &found {
        let mut counted = BTreeSet::new();
        for t in &c.highlight.input.tag_ids {
            for a in ancestors.get(t).into_iter().flatten() {
                counted.insert(a.as_str());
            }
        }
        for a in counted {
            *tag_totals.entry(a).or_default() += 1;
            *cells
                .entry((a.to_string(), c.participant_id.clone()))
                .or_default() += 1;
        }
        let name = c
            .participant_name
            .clone()
            .unwrap_or_else(|| "Unattributed".to_string());
        people
            .entry(c.participant_id.clone())
            .or_insert((name, 0))
            .1 += 1;
    }
    let mut tag_counts: Vec<TagCount> = tags
        .iter()
        .filter_map(|t| {
            tag_totals.get(t.id.as_str()).map(|&count| TagCount {
                tag_id: t.id.clone(),
                path: t.path.clone(),
                color: t.input.color.clone(),
                count,
            })
        })
        .collect();
    tag_counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.path.cmp(&b.path)));
    let mut participants: Vec<ParticipantCount> = people
        .into_iter()
        .map(|(participant_id, (name, count))| ParticipantCount {
            participant_id,
            name,
            count,
        })
        .collect();
    participants.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.participant_id.is_none().cmp(&b.participant_id.is_none()))
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    let matrix = cells
        .into_iter()
        .map(|((tag_id, participant_id), count)| MatrixCell {
            tag_id,
            participant_id,
            count,
        })
        .collect();
    Ok(HighlightReport {
        highlights: found.into_iter().map(CodedHighlight::from).collect(),
        tag_counts,
        participants,
        matrix,
    })
}

fn validate_query(q: &HighlightQuery) -> Result<()> {
    crate::model::validate_date("date_from", &q.date_from)?;
    crate::model::validate_date("date_to", &q.date_to)?;
    if let (Some(f), Some(t)) = (&q.date_from, &q.date_to)
        && f > t
    {
        return Err(Error::invalid(
            "date_to",
            format!("the end date {t} is before the start date {f}"),
        ));
    }
    Ok(())
}

impl From<Coded> for CodedHighlight {
    fn from(c: Coded) -> Self {
        CodedHighlight {
            highlight: c.highlight,
            participant_id: c.participant_id,
            participant_name: c.participant_name,
            source_title: c.source_title,
            date: c.date,
        }
    }
}

impl Workspace {
    // ---- codebook ----

    /// Put a tag under another (or at the top with `None`); a tag cannot go under itself or
    /// its own children.
    pub fn move_tag(&self, id: &str, parent_id: Option<&str>) -> Result<Tag> {
        self.write("move_tag", |c| {
            let mut input = store::tags::get(c, id)?.input;
            input.parent_id = parent_id.map(String::from);
            store::tags::update(c, id, &input)?;
            store::tags::get(c, id)
        })
    }

    /// Merge `source` into `target`: every highlight of the source carries the target
    /// (once), the source's children move under the target, the source is gone.
    pub fn merge_tags(&self, source: &str, target: &str) -> Result<Tag> {
        // Checked first, so a mistyped id does not cost a backup.
        let (from, into) = (self.tag(source)?, self.tag(target)?);
        self.backup_before(crate::backups::BackupReason::BeforeTagMerge)?;
        self.write("merge_tags", |c| {
            // Named here: once merged, the tag is gone and the log could not name it.
            c.summary(format!(
                "Merged tag “{}” into “{}”",
                from.input.name, into.input.name
            ));
            store::tags::merge(c, source, target)?;
            store::tags::get(c, target)
        })
    }

    /// Delete a tag, moving its highlights and children to `reassign_to`; without one, its
    /// children move up a level and it goes to the trash (restorable with its tagging).
    pub fn delete_tag(&self, id: &str, reassign_to: Option<&str>) -> Result<()> {
        self.tag(id)?;
        self.backup_before(crate::backups::BackupReason::BeforeTagDelete)?;
        self.write("delete_tag", |c| store::tags::delete(c, id, reassign_to))
    }

    // ---- highlights view ----

    /// Every live highlight matching `query`, with the counts the view charts.
    pub fn query_highlights(&self, query: &HighlightQuery) -> Result<HighlightReport> {
        report(&*self.read()?, query)
    }

    // ---- participant page ----

    pub fn participant_profile(&self, id: &str) -> Result<ParticipantProfile> {
        let conn = self.read()?;
        let participant = store::participants::get(&conn, id)?;
        let interviews = store::interviews::of_participant(&conn, id)?
            .iter()
            .map(|i| store::interviews::get(&conn, i))
            .collect::<Result<_>>()?;
        let personas = store::personas::of_participant_by_name(&conn, id)?
            .into_iter()
            .map(|(id, name)| NamedRef { id, name })
            .collect();
        let highlights = report(
            &conn,
            &HighlightQuery {
                participant_ids: vec![id.to_string()],
                ..Default::default()
            },
        )?
        .highlights;
        Ok(ParticipantProfile {
            participant,
            interviews,
            highlights,
            personas,
        })
    }

    // ---- interview snapshot ----

    pub fn interview_snapshot(&self, id: &str) -> Result<InterviewSnapshot> {
        let conn = self.read()?;
        let interview = store::interviews::get(&conn, id)?;
        let participants = interview
            .input
            .participant_ids
            .iter()
            .map(|p| store::participants::get(&conn, p))
            .collect::<Result<_>>()?;
        let found = report(
            &conn,
            &HighlightQuery {
                interview_ids: vec![id.to_string()],
                ..Default::default()
            },
        )?;
        let mine: BTreeSet<&str> = found
            .highlights
            .iter()
            .map(|h| h.highlight.id.as_str())
            .collect();
        let memorable_quote = match store::interviews::memorable_highlight(&conn, id)? {
            Some(h) => store::highlights::get(&conn, &h).ok(),
            None => None,
        };
        let insights = store::insights::list(&conn)?
            .into_iter()
            .filter(|i| {
                i.input
                    .highlight_ids
                    .iter()
                    .any(|h| mine.contains(h.as_str()))
            })
            .collect();
        let mut opportunities = Vec::new();
        for n in store::evidence::nodes_citing_interview(&conn, id)? {
            // Nodes in the trash (or under a trashed node or tree) are left out.
            let Ok(node) = store::trees::node(&conn, &n) else {
                continue;
            };
            if node.input.kind != NodeKind::Opportunity {
                continue;
            }
            let tree_title = store::trees::get(&conn, &node.tree_id)?.input.title;
            opportunities.push(SnapshotOpportunity { node, tree_title });
        }
        opportunities.sort_by(|a, b| a.node.input.title.cmp(&b.node.input.title));
        Ok(InterviewSnapshot {
            interview,
            participants,
            memorable_quote,
            highlights: found.highlights,
            tag_counts: found.tag_counts,
            insights,
            opportunities,
        })
    }

    /// Mark one of the interview's highlights as its memorable quote (None clears it).
    pub fn set_memorable_quote(
        &self,
        interview_id: &str,
        highlight_id: Option<&str>,
    ) -> Result<InterviewSnapshot> {
        self.write("set_memorable_quote", |c| {
            store::interviews::get(c, interview_id)?;
            if let Some(h) = highlight_id {
                let hl = store::highlights::get(c, h).map_err(|_| {
                    Error::invalid("highlight_id", format!("no highlight with id {h}"))
                })?;
                if hl.input.interview_id.as_deref() != Some(interview_id) {
                    return Err(Error::invalid(
                        "highlight_id",
                        "the memorable quote must be a highlight from this interview",
                    ));
                }
            }
            store::interviews::set_memorable_highlight(c, interview_id, highlight_id)
        })?;
        self.interview_snapshot(interview_id)
    }
}
