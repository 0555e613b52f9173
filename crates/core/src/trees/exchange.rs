//! Trees in and out: a Markdown outline read (previewed, then imported whole or not at all),
//! and a tree written as Markdown, JSON or SVG.

use super::evidence::node_evidence;
use super::{MAX_DEPTH, OutlineNode, TreeOutline};
use super::{layout, markdown, quoted, svg};
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::{evidence, trees};
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

impl Workspace {
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
