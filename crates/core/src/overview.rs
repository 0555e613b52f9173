//! The workspace's home: what is in it, and what to do next — interviews nobody has coded,
//! speakers nobody has mapped to a participant, insights and personas whose evidence is still
//! thin, tree nodes that rest on nothing. Each to-do names the object to open.

use crate::error::Result;
use crate::model::{KindCounts, ObjectKind, ObjectRef};
use crate::personas;
use crate::store;
use crate::workspace::Workspace;
use rusqlite::Connection;
use serde::Serialize;

/// How many items each to-do list carries; its `total` says how many there are.
pub const LIST_LIMIT: usize = 8;

/// One thing to act on.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ToDo {
    /// What to open: an interview, insight, persona or tree node.
    pub target: ObjectRef,
    /// The tree a node belongs to; None for the other kinds.
    pub parent: Option<String>,
    /// The interview's or insight's title, the persona's name, the node's title.
    pub title: String,
    /// The unmapped speaker's label, the tree's title, what a persona lacks; else empty.
    pub detail: String,
    /// Passages of an uncoded interview or of an unmapped speaker; participants behind a weak
    /// insight; statements of a proto persona short of evidence; 0 for nodes.
    pub count: i64,
}

/// A to-do list: the first `LIST_LIMIT` items, and how many there are in all.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ToDoList {
    pub total: i64,
    pub items: Vec<ToDo>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Overview {
    /// Live objects per kind.
    pub counts: KindCounts,
    /// Whether the demo research project is in this workspace.
    pub demo: bool,
    /// From how many distinct participants evidence counts as strong (the persona setting).
    pub threshold: i64,
    /// Interviews with at least one highlight.
    pub coded_interviews: i64,
    /// Insights by strength: `[i]` insights backed by `i` participants, the last entry
    /// (`threshold`) by that many or more.
    pub insight_strength: Vec<i64>,
    /// Opportunities and solutions: the nodes that should rest on what customers said.
    pub evidence_nodes: i64,
    /// Transcript passages with a speaker label but no participant (interviewers aside).
    pub unmapped_passages: i64,
    /// Interviews with a transcript or notes and no highlight yet, newest first.
    pub uncoded_interviews: ToDoList,
    /// Speaker labels of an interview linked to no participant, most passages first.
    pub unmapped_speakers: ToDoList,
    /// Insights backed by fewer than `threshold` participants, weakest first.
    pub weak_insights: ToDoList,
    /// Personas still proto, most statements short first.
    pub proto_personas: ToDoList,
    /// Opportunities and solutions with no evidence linked, by tree, opportunities first.
    pub bare_nodes: ToDoList,
}

fn list(total: i64, items: Vec<ToDo>) -> ToDoList {
    ToDoList { total, items }
}

fn to_do(kind: ObjectKind, id: String, title: String, detail: String, count: i64) -> ToDo {
    ToDo {
        target: ObjectRef { kind, id },
        parent: None,
        title,
        detail,
        count,
    }
}

/// Rows (id, title, detail, count) as to-dos of `kind`.
fn to_dos(kind: ObjectKind, rows: Vec<store::overview::Row>) -> Vec<ToDo> {
    rows.into_iter()
        .map(|(id, title, detail, count)| to_do(kind, id, title, detail, count))
        .collect()
}

/// Speakers linked to no participant, by interview, most passages first: how many passages
/// they have in all, and the first of them.
fn unmapped(conn: &Connection) -> Result<(i64, ToDoList)> {
    let team = store::overview::interviewers(conn)?;
    let mut rows = to_dos(
        ObjectKind::Interview,
        store::overview::unmapped_speakers(conn)?,
    );
    rows.retain(|t| {
        let name = t.detail.to_lowercase();
        !team.iter().any(|interviewer| interviewer.contains(&name))
    });
    rows.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.detail.cmp(&b.detail))
    });
    let passages = rows.iter().map(|t| t.count).sum();
    let total = rows.len() as i64;
    rows.truncate(LIST_LIMIT);
    Ok((passages, list(total, rows)))
}

impl Workspace {
    /// What the workspace holds and what to do next, for its home screen.
    pub fn overview(&self) -> Result<Overview> {
        let conn = self.read()?;
        let threshold = personas::threshold(&conn)?;
        let counts = store::counts(&conn)?;

        let coded_interviews = store::overview::coded_interviews(&conn)?;
        let (total, rows) = store::overview::uncoded_interviews(&conn, LIST_LIMIT)?;
        let uncoded_interviews = list(total, to_dos(ObjectKind::Interview, rows));

        let (unmapped_passages, unmapped_speakers) = unmapped(&conn)?;

        let mut insights: Vec<(String, String, i64)> = store::insights::list(&conn)?
            .into_iter()
            .map(|i| (i.id, i.input.title, i.strength))
            .collect();
        let mut insight_strength = vec![0; threshold.max(1) as usize + 1];
        for (_, _, strength) in &insights {
            let bucket = (*strength).clamp(0, threshold) as usize;
            insight_strength[bucket] += 1;
        }
        insights.retain(|(_, _, s)| *s < threshold);
        insights.sort_by(|a, b| a.2.cmp(&b.2).then_with(|| a.1.cmp(&b.1)));
        let weak_insights = list(
            insights.len() as i64,
            insights
                .into_iter()
                .take(LIST_LIMIT)
                .map(|(id, title, strength)| {
                    to_do(ObjectKind::Insight, id, title, String::new(), strength)
                })
                .collect(),
        );

        let mut proto: Vec<_> = store::personas::list(&conn)?
            .into_iter()
            .map(|p| personas::summarize(p, threshold))
            .filter(|s| s.proto)
            .collect();
        proto.sort_by(|a, b| {
            b.missing
                .len()
                .cmp(&a.missing.len())
                .then_with(|| a.persona.input.name.cmp(&b.persona.input.name))
        });
        let proto_personas = list(
            proto.len() as i64,
            proto
                .into_iter()
                .take(LIST_LIMIT)
                .map(|s| {
                    to_do(
                        ObjectKind::Persona,
                        s.persona.id,
                        s.persona.input.name,
                        s.message,
                        s.missing.len() as i64,
                    )
                })
                .collect(),
        );

        // Assumption tests are left out: what backs them is their result, not quotes.
        let evidence_nodes = store::overview::evidence_nodes(&conn)?;
        let (bare_total, bare) = store::overview::bare_nodes(&conn, LIST_LIMIT)?;
        let bare_nodes = list(
            bare_total,
            bare.into_iter()
                .map(|(id, title, tree_title, tree_id)| {
                    let mut t = to_do(ObjectKind::TreeNode, id, title, tree_title, 0);
                    t.parent = Some(tree_id);
                    t
                })
                .collect(),
        );

        drop(conn);
        Ok(Overview {
            counts,
            demo: crate::demo::has_demo(self),
            threshold,
            coded_interviews,
            insight_strength,
            evidence_nodes,
            unmapped_passages,
            uncoded_interviews,
            unmapped_speakers,
            weak_insights,
            proto_personas,
            bare_nodes,
        })
    }
}
