//! Opportunity solution trees beyond plain CRUD: editing and moving nodes (each edit one
//! change-log entry with a summary for the tree's history). The history with undo and redo is
//! in `history`, evidence per node in `evidence`, Markdown/JSON/SVG in and out in `exchange`,
//! the tidy layout shared by the canvas, the CLI and the SVG export in `layout`.

mod evidence;
mod exchange;
mod history;
pub mod layout;
pub mod markdown;
pub mod svg;

pub use evidence::NodeEvidence;
pub use exchange::{ExportFormat, outline_of};
pub use history::{TreeAction, TreeChange, TreeHistory};

use crate::error::{Error, Result};
use crate::model::*;
use crate::store::changes::Tx;
use crate::store::{self, evidence as links, trees};
use crate::workspace::Workspace;
use rusqlite::Connection;

pub use layout::{LayoutEdge, LayoutNode, TreeLayout};
pub use markdown::{OutlineNode, TreeOutline};

pub use crate::model::MAX_DEPTH;

fn kind_label(k: NodeKind) -> &'static str {
    match k {
        NodeKind::Opportunity => "opportunity",
        NodeKind::Solution => "solution",
        NodeKind::AssumptionTest => "assumption test",
    }
}

/// A node's title for a summary, cut to a readable length.
fn quoted(title: &str) -> String {
    let t = title.trim();
    if t.chars().count() > 60 {
        format!("“{}…”", t.chars().take(59).collect::<String>())
    } else {
        format!("“{t}”")
    }
}

fn with_article(k: ObjectKind) -> String {
    let name = k.as_str().replace('_', " ");
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}

fn node_phrase(n: &TreeNode) -> String {
    kind_and_title(n.input.kind, &n.input.title)
}

/// `opportunity “Billing is slow”`, for summaries.
pub(crate) fn kind_and_title(kind: NodeKind, title: &str) -> String {
    format!("{} {}", kind_label(kind), quoted(title))
}

fn parent_phrase(conn: &Connection, parent: Option<&str>) -> Result<String> {
    Ok(match parent {
        None => "the outcome".into(),
        Some(p) => quoted(&trees::node(conn, p)?.input.title),
    })
}

/// The fields an update changed, by name.
fn changed_fields(a: &TreeNodeInput, b: &TreeNodeInput) -> Vec<String> {
    let mut out = Vec::new();
    if a.kind != b.kind {
        out.push("kind".to_string());
    }
    if a.title.trim() != b.title.trim() {
        out.push("title".into());
    }
    if a.description != b.description {
        out.push("description".into());
    }
    if a.status != b.status {
        out.push(format!("status → {}", b.status.as_str()));
    }
    let (da, db) = (a.details.filled(), b.details.filled());
    for key in NodeDetails::KEYS {
        let va = da.iter().find(|(k, _)| k == key);
        let vb = db.iter().find(|(k, _)| k == key);
        if va != vb {
            out.push(key.replace('_', " "));
        }
    }
    out
}

impl Workspace {
    /// Run one tree edit in one transaction: it is logged like every write, with the action
    /// and the summary the tree's history shows.
    fn tree_edit<T>(&self, f: impl FnOnce(&Tx) -> Result<(T, TreeAction, String)>) -> Result<T> {
        self.write("update_node", |c| {
            let (out, action, summary) = f(c)?;
            c.op(action.as_str());
            c.summary(summary);
            Ok(out)
        })
    }

    fn tree_of_node(&self, id: &str) -> Result<String> {
        trees::tree_of(&*self.read()?, id)
    }

    pub fn update_tree(&self, id: &str, input: &TreeInput) -> Result<Tree> {
        input.validate()?;
        self.tree_edit(|c| {
            let before = trees::get(c, id)?.input;
            trees::update(c, id, input)?;
            let after = trees::get(c, id)?;
            let fields: Vec<&str> = [
                ("title", before.title != after.input.title),
                ("metric", before.metric != after.input.metric),
                ("baseline", before.baseline != after.input.baseline),
                ("target", before.target != after.input.target),
                ("target date", before.target_date != after.input.target_date),
                ("description", before.description != after.input.description),
            ]
            .into_iter()
            .filter_map(|(f, changed)| changed.then_some(f))
            .collect();
            let summary = format!("Edited the outcome: {}", fields.join(", "));
            Ok((after, TreeAction::UpdateTree, summary))
        })
    }

    /// Add a node; `input.position` is its index among its siblings (a large number appends).
    pub fn create_tree_node(&self, tree_id: &str, input: &TreeNodeInput) -> Result<TreeNode> {
        input.validate()?;
        let input = &under_outcome(tree_id, input);
        self.tree_edit(|c| {
            let id = trees::insert_node(c, tree_id, input)?;
            let n = trees::node(c, &id)?;
            let summary = format!(
                "Added {} under {}",
                node_phrase(&n),
                parent_phrase(c, n.input.parent_id.as_deref())?
            );
            Ok((n, TreeAction::CreateNode, summary))
        })
    }

    /// Change a node; a different `parent_id` or `position` moves it (see `move_tree_node`).
    pub fn update_tree_node(&self, id: &str, input: &TreeNodeInput) -> Result<TreeNode> {
        input.validate()?;
        let tree_id = self.tree_of_node(id)?;
        let input = &under_outcome(&tree_id, input);
        self.tree_edit(|c| {
            let before = trees::node(c, id)?;
            trees::update_node(c, id, input)?;
            let n = trees::node(c, id)?;
            let mut fields = changed_fields(&before.input, &n.input);
            let moved = before.input.parent_id != n.input.parent_id;
            if moved {
                fields.push(format!(
                    "moved under {}",
                    parent_phrase(c, n.input.parent_id.as_deref())?
                ));
            } else if before.input.position != n.input.position {
                fields.push("order".into());
            }
            let summary = format!("Edited {}: {}", node_phrase(&n), fields.join(", "));
            let action = if moved {
                TreeAction::MoveNode
            } else {
                TreeAction::UpdateNode
            };
            Ok((n, action, summary))
        })
    }

    /// Mark an opportunity or solution shipped (today) or not shipped; shipping also marks it
    /// done. One undoable change, whose history line says so ("Shipped solution “…”").
    pub fn mark_node_shipped(&self, id: &str, shipped: bool) -> Result<TreeNode> {
        let node = self.tree_node(id)?;
        if node.input.kind == NodeKind::AssumptionTest {
            return Err(Error::invalid(
                "id",
                "only opportunities and solutions ship; an assumption test passes or fails",
            ));
        }
        let mut input = node.input.clone();
        input.details.shipped_at = shipped.then(crate::store::now);
        if shipped {
            input.status = NodeStatus::Done;
        }
        input.validate()?;
        self.tree_edit(|c| {
            trees::update_node(c, id, &input)?;
            let n = trees::node(c, id)?;
            let summary = if shipped {
                format!("Shipped {}", node_phrase(&n))
            } else {
                format!("Marked {} not shipped", node_phrase(&n))
            };
            Ok((n, TreeAction::UpdateNode, summary))
        })
    }

    /// Re-parent and/or re-order a node with everything under it: `position` is its index
    /// among its new siblings. Refuses cycles and structure the tree does not allow.
    pub fn move_tree_node(
        &self,
        id: &str,
        parent_id: Option<&str>,
        position: i64,
    ) -> Result<TreeNode> {
        let tree_id = self.tree_of_node(id)?;
        // The layout names the outcome by the tree's id; accept that as "under the outcome".
        let parent_id = parent_id.filter(|p| *p != tree_id);
        self.tree_edit(|c| {
            let before = trees::node(c, id)?;
            trees::move_node(c, id, parent_id, position)?;
            let n = trees::node(c, id)?;
            let summary = if before.input.parent_id == n.input.parent_id {
                format!("Reordered {}", node_phrase(&n))
            } else {
                format!(
                    "Moved {} under {}",
                    node_phrase(&n),
                    parent_phrase(c, parent_id)?
                )
            };
            Ok((n, TreeAction::MoveNode, summary))
        })
    }

    /// Move a node (and what is under it) to the trash, logged so undo brings it back.
    pub(crate) fn trash_tree_node(&self, id: &str) -> Result<TrashEntry> {
        let tree_id = self.tree_of_node(id)?;
        self.tree_edit(|c| {
            let n = trees::node(c, id)?;
            let below = trees::descendants(c, id)?;
            let entry = store::trash::trash(c, ObjectKind::TreeNode, id)?;
            trees::compact(c, &tree_id, n.input.parent_id.as_deref())?;
            let summary = match below {
                0 => format!("Deleted {}", node_phrase(&n)),
                1 => format!("Deleted {} and 1 node under it", node_phrase(&n)),
                k => format!("Deleted {} and {k} nodes under it", node_phrase(&n)),
            };
            Ok((entry, TreeAction::DeleteNode, summary))
        })
    }

    pub(crate) fn restore_tree_node(&self, id: &str) -> Result<()> {
        let tree_id = trees::tree_of_any(&*self.read()?, id)?
            .ok_or_else(|| Error::not_found("tree_node in the trash", id))?;
        self.tree_edit(|c| {
            store::trash::restore(c, ObjectKind::TreeNode, id)?;
            let n = trees::node(c, id)?;
            trees::compact(c, &tree_id, n.input.parent_id.as_deref())?;
            Ok((
                (),
                TreeAction::RestoreNode,
                format!("Restored {}", node_phrase(&n)),
            ))
        })
    }

    /// Link or unlink evidence of a tree node, logged in its tree's history.
    pub(crate) fn link_node_evidence(
        &self,
        node_id: &str,
        to: &ObjectRef,
        comment: Option<&str>,
    ) -> Result<Vec<Evidence>> {
        let from = ObjectRef {
            kind: ObjectKind::TreeNode,
            id: node_id.to_string(),
        };
        self.tree_edit(|c| {
            let n = trees::node(c, node_id)?;
            let (action, summary) = match comment {
                Some(comment) => {
                    links::link(c, &from, to, comment)?;
                    (
                        TreeAction::LinkEvidence,
                        format!("Linked {} to {}", with_article(to.kind), node_phrase(&n)),
                    )
                }
                None => {
                    links::unlink(c, &from, to)?;
                    (
                        TreeAction::UnlinkEvidence,
                        format!(
                            "Unlinked {} from {}",
                            with_article(to.kind),
                            node_phrase(&n)
                        ),
                    )
                }
            };
            Ok((links::list_from(c, &from)?, action, summary))
        })
    }

    /// The tidy layout of a tree with the subtrees under `collapsed` folded away.
    pub fn tree_layout(&self, tree_id: &str, collapsed: &[String]) -> Result<TreeLayout> {
        let conn = self.read()?;
        let tree = trees::get(&conn, tree_id)?;
        let nodes = trees::nodes(&conn, tree_id)?;
        Ok(layout::layout(&tree, &nodes, collapsed))
    }
}

/// The layout names the outcome's box by the tree's id: a parent_id equal to it means "directly
/// under the outcome", which is stored as no parent.
fn under_outcome(tree_id: &str, input: &TreeNodeInput) -> TreeNodeInput {
    let mut input = input.clone();
    if input.parent_id.as_deref() == Some(tree_id) {
        input.parent_id = None;
    }
    input
}
