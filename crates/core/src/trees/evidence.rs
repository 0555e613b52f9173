//! The evidence behind each node of a tree: link counts per kind, the distinct people behind
//! its evidence and under it (demand), and the personas (the canvas's badges and filters).

use crate::error::Result;
use crate::model::*;
use crate::store::{evidence, trees};
use crate::workspace::Workspace;
use rusqlite::Connection;
use serde::Serialize;

/// The evidence behind one node, for its badge.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NodeEvidence {
    pub node_id: String,
    /// Links per kind of evidence (`highlight`, `interview`, `insight`, `persona`, `feedback`).
    pub counts: KindCounts,
    /// All links.
    pub total: i64,
    /// Distinct people behind its own evidence: the participants who said the linked quotes,
    /// the customers of linked feedback (and of quotes coded in it), and those behind linked
    /// insights — each once (`feedback::tell` says who is one person).
    pub participants: i64,
    /// Ids of the personas linked to it (for filtering the canvas by persona).
    pub persona_ids: Vec<String>,
    /// How much customers want it: the distinct people behind its evidence and the evidence
    /// of everything under it, their segments and scores (sorting and colouring the tree).
    pub demand: crate::model::feedback::Demand,
}

impl Workspace {
    /// Evidence counts and distinct participants for every live node of a tree, in one call.
    pub fn tree_evidence(&self, tree_id: &str) -> Result<Vec<NodeEvidence>> {
        let conn = self.read()?;
        let nodes = trees::nodes(&conn, tree_id)?;
        node_evidence(&conn, &nodes)
    }
}

/// Evidence counts and distinct people per node (all of one tree).
pub(super) fn node_evidence(conn: &Connection, nodes: &[TreeNode]) -> Result<Vec<NodeEvidence>> {
    let Some(tree_id) = nodes.first().map(|n| n.tree_id.as_str()) else {
        return Ok(Vec::new());
    };
    let mut links = evidence::live_links_of_tree_nodes(conn, tree_id)?;
    let mut people = crate::feedback::tree_people(conn, nodes, &links)?;
    nodes
        .iter()
        .map(|n| {
            let (participants, demand) = people.remove(&n.id).unwrap_or_default();
            let refs = links.remove(&n.id).unwrap_or_default();
            let mut counts = KindCounts::new();
            for r in &refs {
                *counts.entry(r.kind.as_str().to_string()).or_default() += 1;
            }
            Ok(NodeEvidence {
                node_id: n.id.clone(),
                total: refs.len() as i64,
                counts,
                participants,
                persona_ids: refs
                    .iter()
                    .filter(|r| r.kind == ObjectKind::Persona)
                    .map(|r| r.id.clone())
                    .collect(),
                demand,
            })
        })
        .collect()
}
