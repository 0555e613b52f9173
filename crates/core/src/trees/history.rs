//! A tree's history: the change log's entries that touched it, with undo and redo scoped to
//! the tree.

use crate::error::Result;
use crate::store::changes::{Change, UndoScope};
use crate::store::{self, trees};
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};

/// What kind of edit a change-log entry was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TreeAction {
    CreateNode,
    UpdateNode,
    MoveNode,
    DeleteNode,
    RestoreNode,
    UpdateTree,
    LinkEvidence,
    UnlinkEvidence,
    /// Nodes (or evidence) of the tree were deleted for good: undo stops here.
    Purge,
    /// The tree was made from a Markdown outline.
    ImportTree,
    /// Any other change that touched the tree (a use case of another area).
    Other,
}

impl TreeAction {
    const ALL: [TreeAction; 11] = [
        TreeAction::CreateNode,
        TreeAction::UpdateNode,
        TreeAction::MoveNode,
        TreeAction::DeleteNode,
        TreeAction::RestoreNode,
        TreeAction::UpdateTree,
        TreeAction::LinkEvidence,
        TreeAction::UnlinkEvidence,
        TreeAction::Purge,
        TreeAction::ImportTree,
        TreeAction::Other,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            TreeAction::CreateNode => "create_node",
            TreeAction::UpdateNode => "update_node",
            TreeAction::MoveNode => "move_node",
            TreeAction::DeleteNode => "delete_node",
            TreeAction::RestoreNode => "restore_node",
            TreeAction::UpdateTree => "update_tree",
            TreeAction::LinkEvidence => "link_evidence",
            TreeAction::UnlinkEvidence => "unlink_evidence",
            TreeAction::Purge => "purge",
            TreeAction::ImportTree => "import_tree",
            TreeAction::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// The action a change-log entry's use case was, as the tree's history shows it.
    fn of_op(op: &str) -> Self {
        match op {
            "trash" => TreeAction::DeleteNode,
            "restore" => TreeAction::RestoreNode,
            "purge_trash" | "remove_demo" => TreeAction::Purge,
            op => Self::parse(op).unwrap_or(TreeAction::Other),
        }
    }
}

/// How many entries the tree's history lists.
const HISTORY_LENGTH: usize = 500;

impl From<Change> for TreeChange {
    fn from(c: Change) -> Self {
        TreeChange {
            seq: c.seq,
            at: c.at,
            action: if c.undoable {
                TreeAction::of_op(&c.op)
            } else {
                TreeAction::Purge
            },
            summary: c.summary,
            undone: c.undone,
        }
    }
}

/// One entry of a tree's change log.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TreeChange {
    pub seq: i64,
    /// When (RFC 3339 UTC).
    pub at: String,
    pub action: TreeAction,
    /// What changed, for people: `Moved solution “Guided export” under “Billing is slow”`.
    pub summary: String,
    /// Undone and not yet redone.
    pub undone: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TreeHistory {
    /// Newest first.
    pub changes: Vec<TreeChange>,
    /// What `undo_tree` would undo next, if anything.
    pub undo: Option<TreeChange>,
    /// What `redo_tree` would redo next, if anything.
    pub redo: Option<TreeChange>,
}

impl Workspace {
    /// The tree's history: the change log's entries that touched it, newest first.
    pub fn tree_history(&self, tree_id: &str) -> Result<TreeHistory> {
        let conn = self.read()?;
        trees::get(&conn, tree_id)?;
        let scope = UndoScope::Tree {
            id: tree_id.to_string(),
        };
        let changes: Vec<TreeChange> = store::changes::list(&conn, &scope, HISTORY_LENGTH)?
            .into_iter()
            .map(TreeChange::from)
            .collect();
        let undo = store::changes::next_undo(&conn, &scope)?
            .filter(|c| c.undoable)
            .map(TreeChange::from);
        let redo = store::changes::next_redo(&conn, &scope)?.map(TreeChange::from);
        Ok(TreeHistory {
            changes,
            undo,
            redo,
        })
    }

    /// Undo the tree's latest edit not yet undone; answers what was undone.
    pub fn undo_tree(&self, tree_id: &str) -> Result<TreeChange> {
        self.tree(tree_id)?;
        self.undo(&UndoScope::Tree {
            id: tree_id.to_string(),
        })
        .map(TreeChange::from)
    }

    /// Redo the edit undone last; answers what was redone.
    pub fn redo_tree(&self, tree_id: &str) -> Result<TreeChange> {
        self.tree(tree_id)?;
        self.redo(&UndoScope::Tree {
            id: tree_id.to_string(),
        })
        .map(TreeChange::from)
    }
}
