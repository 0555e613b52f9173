use super::{new_id, now, outbox};
use crate::error::{Error, Result};
use crate::model::{NodeKind, ObjectKind, Tree, TreeInput, TreeNode, TreeNodeInput};
use rusqlite::{Connection, OptionalExtension, Row, params};

const COLUMNS: &str =
    "id, title, metric, baseline, target, target_date, description, created_at, updated_at";

fn from_row(r: &Row) -> rusqlite::Result<Tree> {
    Ok(Tree {
        id: r.get(0)?,
        input: TreeInput {
            title: r.get(1)?,
            metric: r.get(2)?,
            baseline: r.get(3)?,
            target: r.get(4)?,
            target_date: r.get(5)?,
            description: r.get(6)?,
        },
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
    })
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Tree> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM trees WHERE id = ?1 AND deleted_at IS NULL"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found("tree", id))
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<Tree>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM trees WHERE deleted_at IS NULL ORDER BY updated_at DESC, id"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn insert(conn: &Connection, input: &TreeInput) -> Result<String> {
    let id = new_id();
    let i = input;
    conn.execute(
        "INSERT INTO trees (id, title, metric, baseline, target, target_date, description, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![id, i.title.trim(), i.metric, i.baseline, i.target, i.target_date, i.description, now()],
    )?;
    outbox::push(conn, ObjectKind::Tree, &id)?;
    Ok(id)
}

pub(crate) fn update(conn: &Connection, id: &str, input: &TreeInput) -> Result<()> {
    get(conn, id)?;
    let i = input;
    conn.execute(
        "UPDATE trees SET title = ?2, metric = ?3, baseline = ?4, target = ?5, target_date = ?6, description = ?7, updated_at = ?8 WHERE id = ?1",
        params![id, i.title.trim(), i.metric, i.baseline, i.target, i.target_date, i.description, now()],
    )?;
    outbox::push(conn, ObjectKind::Tree, id)?;
    // Nodes show their tree's title in search results.
    outbox::push_query(
        conn,
        ObjectKind::TreeNode,
        "SELECT id FROM tree_nodes WHERE tree_id = ?1 AND deleted_at IS NULL",
        id,
    )
}

const NODE_COLUMNS: &str = "id, tree_id, parent_id, kind, title, description, position, status, details, created_at, updated_at";

fn node_from_row(r: &Row) -> rusqlite::Result<(TreeNode, String)> {
    Ok((
        TreeNode {
            id: r.get(0)?,
            tree_id: r.get(1)?,
            input: TreeNodeInput {
                parent_id: r.get(2)?,
                kind: r.get(3)?,
                title: r.get(4)?,
                description: r.get(5)?,
                position: r.get(6)?,
                status: r.get(7)?,
                details: Default::default(),
            },
            created_at: r.get(9)?,
            updated_at: r.get(10)?,
        },
        r.get(8)?,
    ))
}

fn with_details((mut n, details): (TreeNode, String)) -> Result<TreeNode> {
    n.input.details = serde_json::from_str(&details)?;
    Ok(n)
}

// A node is live while it, its tree and all its ancestors are.
pub(crate) fn node(conn: &Connection, id: &str) -> Result<TreeNode> {
    let n = conn
        .query_row(
            &format!("SELECT {NODE_COLUMNS} FROM tree_nodes WHERE id = ?1 AND deleted_at IS NULL"),
            [id],
            node_from_row,
        )
        .optional()?
        .ok_or_else(|| Error::not_found("tree node", id))
        .and_then(with_details)?;
    get(conn, &n.tree_id).map_err(|_| Error::not_found("tree node", id))?;
    if let Some(p) = &n.input.parent_id {
        node(conn, p).map_err(|_| Error::not_found("tree node", id))?;
    }
    Ok(n)
}

/// The live nodes of a tree: nodes under a trashed node are left out with it.
pub(crate) fn nodes(conn: &Connection, tree_id: &str) -> Result<Vec<TreeNode>> {
    get(conn, tree_id)?;
    let mut stmt = conn.prepare_cached(&format!(
        "WITH RECURSIVE live(id, depth) AS (
             SELECT id, 0 FROM tree_nodes WHERE tree_id = ?1 AND parent_id IS NULL AND deleted_at IS NULL
             UNION ALL SELECT n.id, live.depth + 1 FROM tree_nodes n JOIN live ON n.parent_id = live.id WHERE n.deleted_at IS NULL AND live.depth < 1000
         )
         SELECT {NODE_COLUMNS} FROM tree_nodes WHERE id IN (SELECT id FROM live) ORDER BY position, created_at"
    ))?;
    let rows: Vec<_> = stmt
        .query_map([tree_id], node_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter().map(with_details).collect()
}

/// What may hang under what (Teresa Torres' structure): opportunities under the outcome or
/// other opportunities, solutions under opportunities, assumption tests under solutions.
fn allowed_under(parent: Option<NodeKind>, child: NodeKind) -> bool {
    matches!(
        (parent, child),
        (None, NodeKind::Opportunity)
            | (
                Some(NodeKind::Opportunity),
                NodeKind::Opportunity | NodeKind::Solution
            )
            | (Some(NodeKind::Solution), NodeKind::AssumptionTest)
    )
}

fn kind_name(k: Option<NodeKind>) -> &'static str {
    match k {
        None => "the outcome",
        Some(NodeKind::Opportunity) => "an opportunity",
        Some(NodeKind::Solution) => "a solution",
        Some(NodeKind::AssumptionTest) => "an assumption test",
    }
}

fn check_structure(
    conn: &Connection,
    tree_id: &str,
    id: Option<&str>,
    input: &TreeNodeInput,
) -> Result<()> {
    let parent_kind = match &input.parent_id {
        None => None,
        Some(p) => {
            let parent = node(conn, p)
                .map_err(|_| Error::invalid("parent_id", format!("no tree node with id {p}")))?;
            if parent.tree_id != tree_id {
                return Err(Error::invalid("parent_id", "the parent is in another tree"));
            }
            let parent_kind = parent.input.kind;
            if let Some(id) = id {
                let mut cursor = Some(parent);
                while let Some(n) = cursor {
                    if n.id == id {
                        return Err(Error::invalid(
                            "parent_id",
                            "a node cannot be moved under itself or its own children",
                        ));
                    }
                    cursor = n
                        .input
                        .parent_id
                        .as_deref()
                        .map(|p| node(conn, p))
                        .transpose()?;
                }
            }
            Some(parent_kind)
        }
    };
    if !allowed_under(parent_kind, input.kind) {
        return Err(Error::invalid(
            "parent_id",
            format!(
                "{} cannot go under {}",
                kind_name(Some(input.kind)),
                kind_name(parent_kind)
            ),
        ));
    }
    if let Some(id) = id {
        let children: Vec<NodeKind> = conn
            .prepare_cached(
                "SELECT kind FROM tree_nodes WHERE parent_id = ?1 AND deleted_at IS NULL",
            )?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if let Some(bad) = children
            .into_iter()
            .find(|c| !allowed_under(Some(input.kind), *c))
        {
            return Err(Error::invalid(
                "kind",
                format!(
                    "{} cannot have {} under it",
                    kind_name(Some(input.kind)),
                    kind_name(Some(bad))
                ),
            ));
        }
    }
    Ok(())
}

pub(crate) fn insert_node(
    conn: &Connection,
    tree_id: &str,
    input: &TreeNodeInput,
) -> Result<String> {
    get(conn, tree_id)?;
    check_structure(conn, tree_id, None, input)?;
    let id = new_id();
    let i = input;
    conn.execute(
        "INSERT INTO tree_nodes (id, tree_id, parent_id, kind, title, description, position, status, details, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        params![id, tree_id, i.parent_id, i.kind, i.title.trim(), i.description, i.position, i.status, serde_json::to_string(&i.details)?, now()],
    )?;
    outbox::push(conn, ObjectKind::TreeNode, &id)?;
    Ok(id)
}

pub(crate) fn update_node(conn: &Connection, id: &str, input: &TreeNodeInput) -> Result<()> {
    let before = node(conn, id)?;
    check_structure(conn, &before.tree_id, Some(id), input)?;
    let i = input;
    conn.execute(
        "UPDATE tree_nodes SET parent_id = ?2, kind = ?3, title = ?4, description = ?5, position = ?6, status = ?7, details = ?8, updated_at = ?9 WHERE id = ?1",
        params![id, i.parent_id, i.kind, i.title.trim(), i.description, i.position, i.status, serde_json::to_string(&i.details)?, now()],
    )?;
    outbox::push(conn, ObjectKind::TreeNode, id)
}
