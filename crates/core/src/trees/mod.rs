//! Opportunity solution trees beyond plain CRUD: moving nodes, the change log with undo and
//! redo, evidence per node, the tidy layout shared by the canvas, the CLI and the SVG
//! export, and Markdown/JSON/SVG in and out.

pub mod layout;
pub mod markdown;
pub mod svg;

use crate::error::{Error, Result};
use crate::model::*;
use crate::store::changes::{Change, Tx, UndoScope};
use crate::store::{self, evidence, highlights, trees};
use crate::workspace::Workspace;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use layout::{LayoutEdge, LayoutNode, TreeLayout};
pub use markdown::{OutlineNode, TreeOutline};

pub use crate::model::MAX_DEPTH;

/// What `export_tree` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// A nested list with kind prefixes, readable back by `import_tree`.
    Md,
    /// Everything: outcome fields, nodes with details, scores and evidence links, nested.
    Json,
    /// The whole tree unfolded, drawn from the canvas layout with evidence badges.
    Svg,
}

impl ExportFormat {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "md" | "markdown" => Some(ExportFormat::Md),
            "json" => Some(ExportFormat::Json),
            "svg" => Some(ExportFormat::Svg),
            _ => None,
        }
    }
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Md => "md",
            ExportFormat::Json => "json",
            ExportFormat::Svg => "svg",
        }
    }
}

/// Each node's children in sibling order, by parent (None: under the outcome).
fn children_of(nodes: &[TreeNode]) -> BTreeMap<Option<&str>, Vec<&TreeNode>> {
    let mut children: BTreeMap<Option<&str>, Vec<&TreeNode>> = BTreeMap::new();
    for n in nodes {
        children
            .entry(n.input.parent_id.as_deref())
            .or_default()
            .push(n);
    }
    children
}

/// A tree's nodes as an outline, depth first in sibling order.
pub fn outline_of(tree: &Tree, nodes: &[TreeNode]) -> TreeOutline {
    let children = children_of(nodes);
    let mut out = TreeOutline {
        title: tree.input.title.clone(),
        metric: tree.input.metric.clone(),
        baseline: tree.input.baseline.clone(),
        target: tree.input.target.clone(),
        target_date: tree.input.target_date.clone(),
        description: tree.input.description.clone(),
        nodes: Vec::with_capacity(nodes.len()),
    };
    // (node, parent index), depth first: push children in reverse so the first pops first.
    let mut stack: Vec<(&TreeNode, Option<usize>, usize)> = children
        .get(&None)
        .map(|v| v.iter().rev().map(|n| (*n, None, 1)).collect())
        .unwrap_or_default();
    while let Some((n, parent, depth)) = stack.pop() {
        out.nodes.push(OutlineNode {
            line: 0,
            depth,
            kind: n.input.kind,
            title: n.input.title.clone(),
            parent,
        });
        let me = out.nodes.len() - 1;
        if let Some(kids) = children.get(&Some(n.id.as_str())) {
            stack.extend(kids.iter().rev().map(|k| (*k, Some(me), depth + 1)));
        }
    }
    out
}

#[derive(Serialize)]
struct JsonTree<'a> {
    format: &'static str,
    version: u32,
    #[serde(flatten)]
    tree: &'a Tree,
    nodes: Vec<JsonNode<'a>>,
}

#[derive(Serialize)]
struct JsonNode<'a> {
    id: &'a str,
    kind: NodeKind,
    title: &'a str,
    description: &'a str,
    status: NodeStatus,
    details: &'a NodeDetails,
    score: Option<i64>,
    evidence: Vec<ObjectRef>,
    children: Vec<JsonNode<'a>>,
}

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

/// The evidence behind one node, for its badge.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NodeEvidence {
    pub node_id: String,
    /// Links per kind of evidence (`highlight`, `interview`, `insight`, `persona`, `feedback`).
    pub counts: KindCounts,
    /// All links.
    pub total: i64,
    /// Distinct participants behind the linked highlights.
    pub participants: i64,
    /// Ids of the personas linked to it (for filtering the canvas by persona).
    pub persona_ids: Vec<String>,
}

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
        let tree_id: String = self
            .read()?
            .query_row("SELECT tree_id FROM tree_nodes WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .map_err(|_| Error::not_found("tree_node in the trash", id))?;
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
                    evidence::link(c, &from, to, comment)?;
                    (
                        TreeAction::LinkEvidence,
                        format!("Linked {} to {}", with_article(to.kind), node_phrase(&n)),
                    )
                }
                None => {
                    evidence::unlink(c, &from, to)?;
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
            Ok((evidence::list_from(c, &from)?, action, summary))
        })
    }

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

    /// Evidence counts and distinct participants for every live node of a tree, in one call.
    pub fn tree_evidence(&self, tree_id: &str) -> Result<Vec<NodeEvidence>> {
        let conn = self.read()?;
        let nodes = trees::nodes(&conn, tree_id)?;
        node_evidence(&conn, &nodes)
    }

    /// Read a Markdown outline without storing anything: what the import preview shows.
    pub fn preview_tree_import(&self, markdown: &str, fallback_title: &str) -> Result<TreeOutline> {
        let outline = markdown::parse(markdown, fallback_title)?;
        check_outline(&outline)?;
        Ok(outline)
    }

    /// Make a new tree from a Markdown outline, all of it or nothing. `title` overrides the
    /// outline's own (the preview lets people rename it).
    pub fn import_tree(
        &self,
        markdown: &str,
        fallback_title: &str,
        title: Option<&str>,
    ) -> Result<Tree> {
        let mut outline = markdown::parse(markdown, fallback_title)?;
        if let Some(t) = title.filter(|t| !t.trim().is_empty()) {
            outline.title = t.trim().to_string();
        }
        let input = check_outline(&outline)?;
        self.write("import_tree", |c| {
            let tree_id = trees::insert(c, &input)?;
            // A new tree starts with an empty history: undo does not take the import apart.
            // Nodes come in outline order, so each one's position is how many siblings came
            // before it.
            let mut ids: Vec<String> = Vec::with_capacity(outline.nodes.len());
            let mut children = vec![0i64; outline.nodes.len()];
            let mut top = 0i64;
            for n in &outline.nodes {
                let slot = match n.parent {
                    Some(p) => &mut children[p],
                    None => &mut top,
                };
                let position = *slot;
                *slot += 1;
                let id = trees::append_node(
                    c,
                    &tree_id,
                    &TreeNodeInput {
                        parent_id: n.parent.map(|p| ids[p].clone()),
                        kind: n.kind,
                        title: n.title.clone(),
                        status: default_status(n.kind),
                        position,
                        ..Default::default()
                    },
                )
                .map_err(|e| line_error(n.line, e))?;
                ids.push(id);
            }
            c.summary(format!(
                "Imported tree {} ({} nodes)",
                quoted(&input.title),
                ids.len()
            ));
            trees::get(c, &tree_id)
        })
    }

    /// The tree as Markdown (the outline `import_tree` reads) or JSON (everything).
    pub fn export_tree(&self, tree_id: &str, format: ExportFormat) -> Result<String> {
        let conn = self.read()?;
        let tree = trees::get(&conn, tree_id)?;
        let nodes = trees::nodes(&conn, tree_id)?;
        Ok(match format {
            ExportFormat::Md => markdown::render(&outline_of(&tree, &nodes)),
            ExportFormat::Svg => svg::render(
                &layout::layout(&tree, &nodes, &[]),
                &nodes,
                &node_evidence(&conn, &nodes)?,
            ),
            ExportFormat::Json => {
                // Nested JSON is written (and read back) one level per call: only trees as
                // deep as Groundwork makes them, not any chain a workspace could hold.
                let deepest = deepest(&nodes);
                if deepest > MAX_DEPTH {
                    return Err(Error::invalid(
                        "tree_id",
                        format!(
                            "this tree is {deepest} levels deep, more than the {MAX_DEPTH} a tree holds (it was changed outside Groundwork); export it as Markdown instead"
                        ),
                    ));
                }
                let mut links: BTreeMap<String, Vec<ObjectRef>> = BTreeMap::new();
                for n in &nodes {
                    let from = ObjectRef {
                        kind: ObjectKind::TreeNode,
                        id: n.id.clone(),
                    };
                    links.insert(
                        n.id.clone(),
                        evidence::list_from(&conn, &from)?
                            .into_iter()
                            .map(|e| e.to)
                            .collect(),
                    );
                }
                let mut json = serde_json::to_string_pretty(&JsonTree {
                    format: "groundwork-tree",
                    version: 1,
                    tree: &tree,
                    nodes: json_children(&children_of(&nodes), None, &mut links),
                })?;
                json.push('\n');
                json
            }
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

fn default_status(kind: NodeKind) -> NodeStatus {
    if kind == NodeKind::AssumptionTest {
        NodeStatus::Planned
    } else {
        NodeStatus::Open
    }
}

fn line_error(line: usize, e: Error) -> Error {
    if e.code == crate::error::ErrorCode::Invalid && line > 0 {
        Error::invalid("markdown", format!("line {line}: {}", e.message))
    } else {
        e
    }
}

/// The outline's outcome and nodes pass the same checks as typed-in ones.
fn check_outline(o: &TreeOutline) -> Result<TreeInput> {
    let input = TreeInput {
        title: o.title.clone(),
        metric: o.metric.clone(),
        baseline: o.baseline.clone(),
        target: o.target.clone(),
        target_date: o.target_date.clone(),
        description: o.description.clone(),
    };
    input
        .validate()
        .map_err(|e| Error::invalid("markdown", format!("the outcome: {}", e.message)))?;
    for n in &o.nodes {
        TreeNodeInput {
            kind: n.kind,
            title: n.title.clone(),
            status: default_status(n.kind),
            ..Default::default()
        }
        .validate()
        .map_err(|e| line_error(n.line, e))?;
    }
    Ok(input)
}

/// How many levels of nodes there are (`nodes` lists parents before children).
fn deepest(nodes: &[TreeNode]) -> usize {
    let mut depth: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut max = 0;
    for n in nodes {
        let d = n
            .input
            .parent_id
            .as_deref()
            .and_then(|p| depth.get(p))
            .copied()
            .unwrap_or(0)
            + 1;
        depth.insert(&n.id, d);
        max = max.max(d);
    }
    max
}

fn json_children<'a>(
    kids: &BTreeMap<Option<&str>, Vec<&'a TreeNode>>,
    parent: Option<&str>,
    links: &mut BTreeMap<String, Vec<ObjectRef>>,
) -> Vec<JsonNode<'a>> {
    kids.get(&parent)
        .map(|v| v.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|n| JsonNode {
            id: &n.id,
            kind: n.input.kind,
            title: &n.input.title,
            description: &n.input.description,
            status: n.input.status,
            details: &n.input.details,
            score: n.score,
            evidence: links.remove(&n.id).unwrap_or_default(),
            children: json_children(kids, Some(&n.id), links),
        })
        .collect()
}

/// Evidence counts and distinct participants per node (all of one tree).
fn node_evidence(conn: &Connection, nodes: &[TreeNode]) -> Result<Vec<NodeEvidence>> {
    let Some(tree_id) = nodes.first().map(|n| n.tree_id.as_str()) else {
        return Ok(Vec::new());
    };
    // Links to trashed objects do not count: they come back with the object.
    let mut stmt = conn.prepare_cached(
        "SELECT e.from_id, e.to_kind, e.to_id FROM evidence e JOIN tree_nodes n ON n.id = e.from_id
         WHERE e.from_kind = 'tree_node' AND n.tree_id = ?1 ORDER BY e.created_at, e.id",
    )?;
    let mut links: BTreeMap<String, Vec<ObjectRef>> = BTreeMap::new();
    for row in stmt.query_map(params![tree_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })? {
        let (from, kind, id) = row?;
        if let Some(kind) = ObjectKind::parse(&kind)
            && store::require_live(conn, kind, &id).is_ok()
        {
            links.entry(from).or_default().push(ObjectRef { kind, id });
        }
    }
    nodes
        .iter()
        .map(|n| {
            let refs = links.remove(&n.id).unwrap_or_default();
            let mut counts = KindCounts::new();
            for r in &refs {
                *counts.entry(r.kind.as_str().to_string()).or_default() += 1;
            }
            let highlight_ids: Vec<String> = refs
                .iter()
                .filter(|r| r.kind == ObjectKind::Highlight)
                .map(|r| r.id.clone())
                .collect();
            Ok(NodeEvidence {
                node_id: n.id.clone(),
                total: refs.len() as i64,
                counts,
                participants: highlights::distinct_participants(conn, &highlight_ids)?,
                persona_ids: refs
                    .iter()
                    .filter(|r| r.kind == ObjectKind::Persona)
                    .map(|r| r.id.clone())
                    .collect(),
            })
        })
        .collect()
}
