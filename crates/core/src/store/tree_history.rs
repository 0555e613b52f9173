//! A tree's change log and its undo/redo. Every edit of a tree records, per row it touched
//! (node, the tree's outcome fields, an evidence link of one of its nodes), the state before
//! and after; undo puts the befores back and redo the afters. An entry is only replayed onto
//! exactly the state it left, so edits made around the log are refused with a conflict
//! rather than silently overwritten. Deleting nodes (or what they link to) for good drops the
//! edits that could only be replayed with them, and everything before, leaving one line that
//! says why undo stops there.

use super::{evidence, now, outbox, trash, trees};
use crate::error::{Error, Result};
use crate::model::{NodeKind, NodeStatus, ObjectKind, ObjectRef, TreeInput};
use crate::trees::{TreeAction, TreeChange, TreeHistory};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// How many entries a tree keeps; older ones drop off.
const KEEP: i64 = 500;

/// A node's row as undo restores it (timestamps are not part of the state).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct NodeRow {
    pub parent_id: Option<String>,
    pub kind: NodeKind,
    pub title: String,
    pub description: String,
    pub position: i64,
    pub status: NodeStatus,
    pub details: String,
    pub deleted: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "on", rename_all = "snake_case")]
enum Change {
    Node {
        id: String,
        before: Option<NodeRow>,
        after: Option<NodeRow>,
    },
    Tree {
        before: TreeInput,
        after: TreeInput,
    },
    Link {
        node_id: String,
        to: ObjectRef,
        /// The link's comment while it exists.
        before: Option<String>,
        after: Option<String>,
    },
}

pub(crate) fn node_row(conn: &Connection, id: &str) -> Result<Option<NodeRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT parent_id, kind, title, description, position, status, details, deleted_at IS NOT NULL FROM tree_nodes WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(NodeRow {
                parent_id: r.get(0)?,
                kind: r.get(1)?,
                title: r.get(2)?,
                description: r.get(3)?,
                position: r.get(4)?,
                status: r.get(5)?,
                details: r.get(6)?,
                deleted: r.get(7)?,
            })
        })
        .optional()?)
}

fn link_row(conn: &Connection, node_id: &str, to: &ObjectRef) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT comment FROM evidence WHERE from_kind = 'tree_node' AND from_id = ?1 AND to_kind = ?2 AND to_id = ?3",
        )?
        .query_row(params![node_id, to.kind.as_str(), to.id], |r| r.get(0))
        .optional()?)
}

fn tree_row(conn: &Connection, tree_id: &str) -> Result<TreeInput> {
    Ok(trees::get(conn, tree_id)?.input)
}

/// Collects the before-state of every row an edit touches; `finish` writes the entry.
/// Call `node`/`tree`/`link` before the first write to that row.
pub(crate) struct Recorder {
    tree_id: String,
    changes: Vec<Change>,
    /// Nodes recorded already (an edit among thousands of siblings records each once).
    nodes: HashSet<String>,
}

impl Recorder {
    pub(crate) fn new(tree_id: &str) -> Self {
        Recorder {
            tree_id: tree_id.to_string(),
            changes: Vec::new(),
            nodes: HashSet::new(),
        }
    }

    pub(crate) fn tree_id(&self) -> &str {
        &self.tree_id
    }

    pub(crate) fn node(&mut self, conn: &Connection, id: &str) -> Result<()> {
        if !self.nodes.insert(id.to_string()) {
            return Ok(());
        }
        let before = node_row(conn, id)?;
        self.changes.push(Change::Node {
            id: id.to_string(),
            after: before.clone(),
            before,
        });
        Ok(())
    }

    pub(crate) fn tree(&mut self, conn: &Connection) -> Result<()> {
        if self
            .changes
            .iter()
            .any(|c| matches!(c, Change::Tree { .. }))
        {
            return Ok(());
        }
        let before = tree_row(conn, &self.tree_id)?;
        self.changes.push(Change::Tree {
            after: before.clone(),
            before,
        });
        Ok(())
    }

    pub(crate) fn link(&mut self, conn: &Connection, node_id: &str, to: &ObjectRef) -> Result<()> {
        let before = link_row(conn, node_id, to)?;
        self.changes.push(Change::Link {
            node_id: node_id.to_string(),
            to: to.clone(),
            after: before.clone(),
            before,
        });
        Ok(())
    }

    /// Record the entry (if anything changed) and forget what had been undone: a new edit
    /// ends the redo chain.
    pub(crate) fn finish(
        mut self,
        conn: &Connection,
        action: TreeAction,
        summary: &str,
    ) -> Result<Option<TreeChange>> {
        for c in &mut self.changes {
            match c {
                Change::Node { id, after, .. } => *after = node_row(conn, id)?,
                Change::Tree { after, .. } => *after = tree_row(conn, &self.tree_id)?,
                Change::Link {
                    node_id, to, after, ..
                } => *after = link_row(conn, node_id, to)?,
            }
        }
        self.changes.retain(|c| match c {
            Change::Node { before, after, .. } => before != after,
            Change::Tree { before, after } => before != after,
            Change::Link { before, after, .. } => before != after,
        });
        if self.changes.is_empty() {
            return Ok(None);
        }
        conn.execute(
            "DELETE FROM tree_history WHERE tree_id = ?1 AND undone = 1",
            [&self.tree_id],
        )?;
        let at = now();
        conn.execute(
            "INSERT INTO tree_history (tree_id, at, action, summary, changes) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![self.tree_id, at, action.as_str(), summary, serde_json::to_string(&self.changes)?],
        )?;
        let seq = conn.last_insert_rowid();
        conn.execute(
            "DELETE FROM tree_history WHERE tree_id = ?1 AND seq <= ?2 - ?3
               AND seq IN (SELECT seq FROM tree_history WHERE tree_id = ?1 ORDER BY seq DESC LIMIT -1 OFFSET ?3)",
            params![self.tree_id, seq, KEEP],
        )?;
        Ok(Some(TreeChange {
            seq,
            at,
            action,
            summary: summary.to_string(),
            undone: false,
        }))
    }
}

impl Change {
    /// Whether replaying it needs one of these objects (kind, id).
    fn needs(&self, gone: &HashSet<(ObjectKind, &str)>) -> bool {
        match self {
            Change::Node { id, .. } => gone.contains(&(ObjectKind::TreeNode, id.as_str())),
            Change::Tree { .. } => false,
            Change::Link { node_id, to, .. } => {
                gone.contains(&(ObjectKind::TreeNode, node_id.as_str()))
                    || gone.contains(&(to.kind, to.id.as_str()))
            }
        }
    }
}

/// Before `purged` are deleted for good: in each tree whose log has edits that need them,
/// drop those edits and everything before them (undo goes newest first, so none of it could
/// be undone any more) and the redo chain, and record why undo stops there. Logs of trees
/// purged themselves go with their tree.
pub(crate) fn forget_purged(conn: &Connection, purged: &[ObjectRef]) -> Result<()> {
    if purged.is_empty() {
        return Ok(());
    }
    let gone: HashSet<(ObjectKind, &str)> =
        purged.iter().map(|r| (r.kind, r.id.as_str())).collect();
    // Per tree: the newest edit on the undo side that needs them, and whether any does.
    let mut hit: BTreeMap<String, Option<i64>> = BTreeMap::new();
    let mut stmt =
        conn.prepare("SELECT seq, tree_id, undone, changes FROM tree_history ORDER BY seq")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, bool>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    for row in rows {
        let (seq, tree_id, undone, json) = row?;
        if gone.contains(&(ObjectKind::Tree, tree_id.as_str())) {
            continue;
        }
        let changes: Vec<Change> = serde_json::from_str(&json)?;
        if changes.iter().any(|c| c.needs(&gone)) {
            let newest = hit.entry(tree_id).or_default();
            if !undone {
                *newest = Some(seq);
            }
        }
    }
    for (tree_id, newest) in hit {
        conn.execute(
            "DELETE FROM tree_history WHERE tree_id = ?1 AND undone = 1",
            [&tree_id],
        )?;
        let Some(newest) = newest else { continue };
        conn.execute(
            "DELETE FROM tree_history WHERE tree_id = ?1 AND seq <= ?2",
            params![tree_id, newest],
        )?;
        let summary = format!(
            "Deleted for good from the trash: {}; earlier changes can no longer be undone",
            purged_phrase(conn, &tree_id, purged)?
        );
        // In the place of the newest edit dropped: edits made after it stay undoable.
        conn.execute(
            "INSERT INTO tree_history (seq, tree_id, at, action, summary, changes) VALUES (?1, ?2, ?3, ?4, ?5, '[]')",
            params![newest, tree_id, now(), TreeAction::Purge.as_str(), summary],
        )?;
    }
    Ok(())
}

/// `opportunity “Billing” and 2 more nodes`, or the evidence, for the line in the log.
fn purged_phrase(conn: &Connection, tree_id: &str, purged: &[ObjectRef]) -> Result<String> {
    let mut stmt =
        conn.prepare_cached("SELECT kind, title FROM tree_nodes WHERE id = ?1 AND tree_id = ?2")?;
    let mut first = None;
    let mut count = 0;
    for r in purged.iter().filter(|r| r.kind == ObjectKind::TreeNode) {
        if let Some((kind, title)) = stmt
            .query_row(params![r.id, tree_id], |row| {
                Ok((row.get::<_, NodeKind>(0)?, row.get::<_, String>(1)?))
            })
            .optional()?
        {
            count += 1;
            first.get_or_insert_with(|| crate::trees::kind_and_title(kind, &title));
        }
    }
    Ok(match (first, count) {
        (None, _) => "evidence linked in this tree".into(),
        (Some(f), 1) => f,
        (Some(f), 2) => format!("{f} and 1 more node"),
        (Some(f), n) => format!("{f} and {} more nodes", n - 1),
    })
}

fn change_from_row(r: &rusqlite::Row) -> rusqlite::Result<(TreeChange, String)> {
    let action: String = r.get(2)?;
    Ok((
        TreeChange {
            seq: r.get(0)?,
            at: r.get(1)?,
            action: TreeAction::parse(&action).unwrap_or(TreeAction::UpdateNode),
            summary: r.get(3)?,
            undone: r.get(4)?,
        },
        r.get(5)?,
    ))
}

const ENTRY: &str = "SELECT seq, at, action, summary, undone, changes FROM tree_history";

/// Newest first, with what undo and redo would do next.
pub(crate) fn history(conn: &Connection, tree_id: &str) -> Result<TreeHistory> {
    trees::get(conn, tree_id)?;
    let mut stmt = conn.prepare_cached(&format!("{ENTRY} WHERE tree_id = ?1 ORDER BY seq DESC"))?;
    let changes: Vec<TreeChange> = stmt
        .query_map([tree_id], change_from_row)?
        .map(|r| r.map(|(c, _)| c))
        .collect::<rusqlite::Result<_>>()?;
    let undo = changes
        .iter()
        .find(|c| !c.undone)
        .filter(|c| c.action != TreeAction::Purge)
        .cloned();
    let redo = changes.iter().rev().find(|c| c.undone).cloned();
    Ok(TreeHistory {
        changes,
        undo,
        redo,
    })
}

pub(crate) fn undo(conn: &Connection, tree_id: &str) -> Result<TreeChange> {
    trees::get(conn, tree_id)?;
    let entry = conn
        .prepare_cached(&format!(
            "{ENTRY} WHERE tree_id = ?1 AND undone = 0 ORDER BY seq DESC LIMIT 1"
        ))?
        .query_row([tree_id], change_from_row)
        .optional()?;
    let Some((mut change, json)) = entry else {
        return Err(Error::conflict("nothing to undo in this tree"));
    };
    if change.action == TreeAction::Purge {
        return Err(Error::conflict(format!(
            "nothing more to undo in this tree: {}",
            change.summary
        )));
    }
    let changes: Vec<Change> = serde_json::from_str(&json)?;
    for c in &changes {
        expect(conn, tree_id, c, false, &change.summary)?;
    }
    for c in changes.iter().rev() {
        apply(conn, tree_id, c, true)?;
    }
    conn.execute(
        "UPDATE tree_history SET undone = 1 WHERE seq = ?1",
        [change.seq],
    )?;
    change.undone = true;
    Ok(change)
}

pub(crate) fn redo(conn: &Connection, tree_id: &str) -> Result<TreeChange> {
    trees::get(conn, tree_id)?;
    let entry = conn
        .prepare_cached(&format!(
            "{ENTRY} WHERE tree_id = ?1 AND undone = 1 ORDER BY seq ASC LIMIT 1"
        ))?
        .query_row([tree_id], change_from_row)
        .optional()?;
    let Some((mut change, json)) = entry else {
        return Err(Error::conflict("nothing to redo in this tree"));
    };
    let changes: Vec<Change> = serde_json::from_str(&json)?;
    for c in &changes {
        expect(conn, tree_id, c, true, &change.summary)?;
    }
    for c in &changes {
        apply(conn, tree_id, c, false)?;
    }
    conn.execute(
        "UPDATE tree_history SET undone = 0 WHERE seq = ?1",
        [change.seq],
    )?;
    change.undone = false;
    Ok(change)
}

/// Refuse to replay an entry onto a state it did not leave (undo: `before == false` checks
/// the after-state is current; redo checks the before-state).
fn expect(conn: &Connection, tree_id: &str, c: &Change, before: bool, summary: &str) -> Result<()> {
    let same = match c {
        Change::Node {
            id,
            before: b,
            after: a,
        } => node_row(conn, id)? == *(if before { b } else { a }),
        Change::Tree {
            before: b,
            after: a,
        } => tree_row(conn, tree_id)? == *(if before { b } else { a }),
        Change::Link {
            node_id,
            to,
            before: b,
            after: a,
        } => link_row(conn, node_id, to)? == *(if before { b } else { a }),
    };
    if !same {
        return Err(Error::conflict(format!(
            "“{summary}” cannot be {}: the tree was changed outside its history since",
            if before { "redone" } else { "undone" }
        )));
    }
    Ok(())
}

/// Put one row into its before (`undo`) or after state.
fn apply(conn: &Connection, tree_id: &str, c: &Change, undo: bool) -> Result<()> {
    match c {
        Change::Node { id, before, after } => {
            let target = if undo { before } else { after };
            let current = node_row(conn, id)?;
            match (&current, target) {
                (None, None) => {}
                (Some(_), None) => {
                    evidence::delete_touching(conn, ObjectKind::TreeNode, id)?;
                    conn.execute(
                        "DELETE FROM trash WHERE kind = 'tree_node' AND id = ?1",
                        [id],
                    )?;
                    conn.execute("DELETE FROM tree_nodes WHERE id = ?1", [id])?;
                    outbox::push(conn, ObjectKind::TreeNode, id)?;
                }
                (_, Some(t)) => {
                    if current.is_none() {
                        conn.execute(
                            "INSERT INTO tree_nodes (id, tree_id, parent_id, kind, title, description, position, status, details, created_at, updated_at)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
                            params![id, tree_id, t.parent_id, t.kind, t.title, t.description, t.position, t.status, t.details, now()],
                        )?;
                    } else {
                        conn.execute(
                            "UPDATE tree_nodes SET parent_id = ?2, kind = ?3, title = ?4, description = ?5, position = ?6, status = ?7, details = ?8, updated_at = ?9 WHERE id = ?1",
                            params![id, t.parent_id, t.kind, t.title, t.description, t.position, t.status, t.details, now()],
                        )?;
                    }
                    let was_deleted = current.as_ref().is_some_and(|c| c.deleted);
                    if t.deleted && !was_deleted {
                        trash::trash(conn, ObjectKind::TreeNode, id)?;
                    } else if !t.deleted && was_deleted {
                        trash::restore(conn, ObjectKind::TreeNode, id)?;
                    }
                    outbox::push(conn, ObjectKind::TreeNode, id)?;
                }
            }
        }
        Change::Tree { before, after } => {
            trees::update(conn, tree_id, if undo { before } else { after })?;
        }
        Change::Link {
            node_id,
            to,
            before,
            after,
        } => {
            match if undo { before } else { after } {
                // Put back as it was, even if what it points at is in the trash now: the
                // link hides with it and comes back on restore.
                Some(comment) => {
                    conn.execute(
                        "INSERT INTO evidence (id, from_kind, from_id, to_kind, to_id, comment, created_at) VALUES (?1, 'tree_node', ?2, ?3, ?4, ?5, ?6)
                         ON CONFLICT (from_kind, from_id, to_kind, to_id) DO UPDATE SET comment = excluded.comment",
                        params![super::new_id(), node_id, to.kind.as_str(), to.id, comment, now()],
                    )?;
                }
                None => {
                    conn.execute(
                        "DELETE FROM evidence WHERE from_kind = 'tree_node' AND from_id = ?1 AND to_kind = ?2 AND to_id = ?3",
                        params![node_id, to.kind.as_str(), to.id],
                    )?;
                }
            }
            outbox::push(conn, ObjectKind::TreeNode, node_id)?;
        }
    }
    Ok(())
}
