use super::{new_id, now, outbox};
use crate::error::{Error, Result};
use crate::model::{NodeDetails, NodeKind, ObjectKind, Tree, TreeInput, TreeNode, TreeNodeInput};
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
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM trees WHERE id = ?1 AND deleted_at IS NULL"
    ))?
    .query_row([id], from_row)
    .optional()?
    .ok_or_else(|| Error::not_found("tree", id))
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<Tree>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM trees WHERE deleted_at IS NULL ORDER BY updated_at DESC, id"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn insert(conn: &Connection, input: &TreeInput) -> Result<String> {
    insert_as(conn, &super::Stamp::fresh(), input)
}

pub(crate) fn insert_as(conn: &Connection, s: &super::Stamp, input: &TreeInput) -> Result<String> {
    let i = input;
    conn.prepare_cached("INSERT INTO trees (id, title, metric, baseline, target, target_date, description, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")?.execute(params![s.id, i.title.trim(), i.metric, i.baseline, i.target, i.target_date, i.description, s.created_at, s.updated_at],
    )?;
    outbox::push(conn, ObjectKind::Tree, &s.id)?;
    Ok(s.id.clone())
}

pub(crate) fn update(conn: &Connection, id: &str, input: &TreeInput) -> Result<()> {
    get(conn, id)?;
    let i = input;
    conn.prepare_cached("UPDATE trees SET title = ?2, metric = ?3, baseline = ?4, target = ?5, target_date = ?6, description = ?7, updated_at = ?8 WHERE id = ?1")?.execute(params![id, i.title.trim(), i.metric, i.baseline, i.target, i.target_date, i.description, now()],
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

fn node_from_row(r: &Row) -> rusqlite::Result<TreeNode> {
    let kind: NodeKind = r.get(3)?;
    let details = parse_details(&r.get::<_, String>(8)?);
    Ok(TreeNode {
        id: r.get(0)?,
        tree_id: r.get(1)?,
        score: details.score(kind),
        input: TreeNodeInput {
            parent_id: r.get(2)?,
            kind,
            title: r.get(4)?,
            description: r.get(5)?,
            position: r.get(6)?,
            status: r.get(7)?,
            details,
        },
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

/// Stored details as the current fields; keys an older build wrote that this one does not
/// know (or of the wrong type) are left out rather than making the whole tree unreadable.
fn parse_details(json: &str) -> NodeDetails {
    if let Ok(d) = serde_json::from_str(json) {
        return d;
    }
    let Ok(serde_json::Value::Object(all)) = serde_json::from_str(json) else {
        return NodeDetails::default();
    };
    let mut kept = serde_json::Map::new();
    for (k, v) in all {
        kept.insert(k.clone(), v);
        if serde_json::from_value::<NodeDetails>(serde_json::Value::Object(kept.clone())).is_err() {
            kept.remove(&k);
        }
    }
    serde_json::from_value(serde_json::Value::Object(kept)).unwrap_or_default()
}

/// The deepest a stored chain of parents is followed (the node list stops at this depth
/// too): a workspace prepared elsewhere may hold any chain, or a loop.
const MAX_STORED_DEPTH: usize = 1000;

// A node is live while it, its tree and all its ancestors are.
pub(crate) fn node(conn: &Connection, id: &str) -> Result<TreeNode> {
    let mut chain = chain(conn, id)?;
    Ok(chain.swap_remove(0))
}

/// A live node and its ancestors, nearest first. Walked in a loop, not by recursion (a
/// chain thousands deep overflowed the stack), and refused when it loops or is deeper
/// than any tree Groundwork keeps.
pub(crate) fn chain(conn: &Connection, id: &str) -> Result<Vec<TreeNode>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {NODE_COLUMNS} FROM tree_nodes WHERE id = ?1 AND deleted_at IS NULL"
    ))?;
    let mut out: Vec<TreeNode> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut next = Some(id.to_string());
    while let Some(at) = next {
        if !seen.insert(at.clone()) || out.len() >= MAX_STORED_DEPTH {
            return Err(Error::invalid(
                "parent_id",
                format!(
                    "tree node {id}: its parents loop or go deeper than {MAX_STORED_DEPTH} levels; the workspace was changed outside Groundwork"
                ),
            ));
        }
        let n = stmt
            .query_row([&at], node_from_row)
            .optional()?
            .ok_or_else(|| Error::not_found("tree node", id))?;
        next = n.input.parent_id.clone();
        out.push(n);
    }
    if let Some(first) = out.first() {
        get(conn, &first.tree_id).map_err(|_| Error::not_found("tree node", id))?;
    }
    Ok(out)
}

/// The live nodes of a tree, parents before children, siblings in order: nodes under a
/// trashed node are left out with it.
pub(crate) fn nodes(conn: &Connection, tree_id: &str) -> Result<Vec<TreeNode>> {
    get(conn, tree_id)?;
    let mut stmt = conn.prepare_cached(&format!(
        "WITH RECURSIVE live(id, depth) AS (
             SELECT id, 0 FROM tree_nodes WHERE tree_id = ?1 AND parent_id IS NULL AND deleted_at IS NULL
             UNION ALL SELECT n.id, live.depth + 1 FROM tree_nodes n JOIN live ON n.parent_id = live.id WHERE n.deleted_at IS NULL AND live.depth < 1000
         )
         SELECT {NODE_COLUMNS} FROM tree_nodes JOIN live USING (id) ORDER BY live.depth, position, created_at, id"
    ))?;
    let rows = stmt.query_map([tree_id], node_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The tree a live node belongs to.
pub(crate) fn tree_of(conn: &Connection, node_id: &str) -> Result<String> {
    Ok(node(conn, node_id)?.tree_id)
}

/// The tree of a node, trashed or not (None: no such node).
pub(crate) fn tree_of_any(conn: &Connection, node_id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT tree_id FROM tree_nodes WHERE id = ?1")?
        .query_row([node_id], |r| r.get(0))
        .optional()?)
}

/// What may hang under what (Teresa Torres' structure): opportunities under the outcome or
/// other opportunities, solutions under opportunities, assumption tests under solutions.
pub fn allowed_under(parent: Option<NodeKind>, child: NodeKind) -> bool {
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

/// What may go under a node of this kind, for error messages.
fn allowed_children(k: Option<NodeKind>) -> &'static str {
    match k {
        None => "only opportunities go under the outcome",
        Some(NodeKind::Opportunity) => "under an opportunity go opportunities and solutions",
        Some(NodeKind::Solution) => "under a solution go assumption tests",
        Some(NodeKind::AssumptionTest) => "nothing goes under an assumption test",
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
            let ancestors = chain(conn, p).map_err(|e| match e.code {
                crate::error::ErrorCode::Invalid => e,
                _ => Error::invalid("parent_id", format!("no tree node with id {p}")),
            })?;
            let parent = &ancestors[0];
            if parent.tree_id != tree_id {
                return Err(Error::invalid("parent_id", "the parent is in another tree"));
            }
            if let Some(id) = id
                && ancestors.iter().any(|n| n.id == id)
            {
                return Err(Error::invalid(
                    "parent_id",
                    "a node cannot be moved under itself or its own children",
                ));
            }
            // The node goes one level below its parent, and what hangs under it with it.
            let below = match id {
                Some(id) => height(conn, id)?,
                None => 0,
            };
            let deepest = ancestors.len() + 1 + below;
            if deepest > crate::model::MAX_DEPTH {
                return Err(Error::invalid(
                    "parent_id",
                    format!(
                        "a tree is at most {} levels deep; this would put a node at level {deepest}",
                        crate::model::MAX_DEPTH
                    ),
                ));
            }
            Some(parent.input.kind)
        }
    };
    if !allowed_under(parent_kind, input.kind) {
        return Err(Error::invalid(
            "parent_id",
            format!(
                "{} cannot go under {}: {}",
                kind_name(Some(input.kind)),
                kind_name(parent_kind),
                allowed_children(parent_kind)
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
                    "{} cannot have {} under it: {}",
                    kind_name(Some(input.kind)),
                    kind_name(Some(bad)),
                    allowed_children(Some(input.kind))
                ),
            ));
        }
    }
    Ok(())
}

/// Put `id` at `index` (clamped) among its live siblings under `parent_id`, numbering the
/// siblings 0, 1, 2… so positions stay small and unique.
fn place(
    conn: &Connection,
    tree_id: &str,
    id: &str,
    parent_id: Option<&str>,
    index: i64,
) -> Result<()> {
    let mut siblings: Vec<(String, i64)> = conn
        .prepare_cached(
            "SELECT id, position FROM tree_nodes WHERE tree_id = ?1 AND parent_id IS ?2 AND deleted_at IS NULL AND id != ?3
             ORDER BY position, created_at, id",
        )?
        .query_map(params![tree_id, parent_id, id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let at = index.clamp(0, siblings.len() as i64) as usize;
    siblings.insert(at, (id.to_string(), -1));
    for (i, (sid, pos)) in siblings.iter().enumerate() {
        if sid == id {
            conn.prepare_cached(
                "UPDATE tree_nodes SET parent_id = ?2, position = ?3 WHERE id = ?1",
            )?
            .execute(params![id, parent_id, i as i64])?;
        } else if *pos != i as i64 {
            conn.prepare_cached("UPDATE tree_nodes SET position = ?2 WHERE id = ?1")?
                .execute(params![sid, i as i64])?;
        }
    }
    Ok(())
}

/// Put a new node `id` at `index` among its siblings: as `place` does, but appending (the
/// common case: a PM adding nodes one after another) needs only the last sibling, found from
/// the end of the index. Renumbering every sibling per node made adding n nodes under one
/// parent cost n² (20 ms a node at 18,000 siblings). Siblings are numbered 0, 1, 2…, so the
/// new last one is numbered as `place` would.
fn place_new(
    conn: &Connection,
    tree_id: &str,
    id: &str,
    parent_id: Option<&str>,
    index: i64,
) -> Result<()> {
    let last: Option<i64> = conn
        .prepare_cached(
            "SELECT position FROM tree_nodes WHERE tree_id = ?1 AND parent_id IS ?2 AND deleted_at IS NULL AND id != ?3
             ORDER BY position DESC LIMIT 1",
        )?
        .query_row(params![tree_id, parent_id, id], |r| r.get(0))
        .optional()?;
    let end = last.map_or(0, |p| p + 1);
    if index < end {
        return place(conn, tree_id, id, parent_id, index);
    }
    conn.prepare_cached("UPDATE tree_nodes SET parent_id = ?2, position = ?3 WHERE id = ?1")?
        .execute(params![id, parent_id, end])?;
    Ok(())
}

/// Number the live children of `parent_id` 0, 1, 2… in their current order, so positions
/// stay equal to indexes after a node leaves or comes back.
pub(crate) fn compact(conn: &Connection, tree_id: &str, parent_id: Option<&str>) -> Result<()> {
    let siblings: Vec<(String, i64)> = conn
        .prepare_cached(
            "SELECT id, position FROM tree_nodes WHERE tree_id = ?1 AND parent_id IS ?2 AND deleted_at IS NULL
             ORDER BY position, created_at, id",
        )?
        .query_map(params![tree_id, parent_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (i, (sid, pos)) in siblings.iter().enumerate() {
        if *pos != i as i64 {
            conn.prepare_cached("UPDATE tree_nodes SET position = ?2 WHERE id = ?1")?
                .execute(params![sid, i as i64])?;
        }
    }
    Ok(())
}

/// One target opportunity per tree: marking one unmarks the others.
fn single_target(conn: &Connection, tree_id: &str, id: &str, input: &TreeNodeInput) -> Result<()> {
    if !input.details.target {
        return Ok(());
    }
    let others = conn
        .prepare_cached(
            "SELECT id FROM tree_nodes WHERE tree_id = ?1 AND id != ?2 AND json_extract(details, '$.target') = 1",
        )?
        .query_map(params![tree_id, id], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for other in others {
        conn.prepare_cached("UPDATE tree_nodes SET details = json_set(details, '$.target', json('false')), updated_at = ?2 WHERE id = ?1")?.execute(params![other, now()],
        )?;
    }
    Ok(())
}

/// Add a node at `input.position` among its siblings (clamped: a large number appends).
pub(crate) fn insert_node(
    conn: &Connection,
    tree_id: &str,
    input: &TreeNodeInput,
) -> Result<String> {
    get(conn, tree_id)?;
    check_structure(conn, tree_id, None, input)?;
    let id = new_id();
    insert_row(
        conn,
        tree_id,
        &super::Stamp {
            id: id.clone(),
            created_at: now(),
            updated_at: now(),
        },
        input,
    )?;
    place_new(
        conn,
        tree_id,
        &id,
        input.parent_id.as_deref(),
        input.position,
    )?;
    single_target(conn, tree_id, &id, input)?;
    outbox::push(conn, ObjectKind::TreeNode, &id)?;
    Ok(id)
}

/// Add a node to a tree being built in order (an import): at exactly `input.position`, its
/// siblings left alone and nothing logged. Renumbering the siblings per node, as
/// `insert_node` does, would make a flat outline of n items cost n² row writes.
pub(crate) fn append_node(
    conn: &Connection,
    tree_id: &str,
    input: &TreeNodeInput,
) -> Result<String> {
    append_node_as(conn, &super::Stamp::fresh(), tree_id, input)
}

/// `append_node` with the node's id and times given (a node merged from a pack).
pub(crate) fn append_node_as(
    conn: &Connection,
    s: &super::Stamp,
    tree_id: &str,
    input: &TreeNodeInput,
) -> Result<String> {
    check_structure(conn, tree_id, None, input)?;
    insert_row(conn, tree_id, s, input)?;
    single_target(conn, tree_id, &s.id, input)?;
    outbox::push(conn, ObjectKind::TreeNode, &s.id)?;
    Ok(s.id.clone())
}

fn insert_row(conn: &Connection, tree_id: &str, s: &super::Stamp, i: &TreeNodeInput) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO tree_nodes (id, tree_id, parent_id, kind, title, description, position, status, details, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![s.id, tree_id, i.parent_id, i.kind, i.title.trim(), i.description, i.position, i.status, serde_json::to_string(&i.details)?, s.created_at, s.updated_at])?;
    Ok(())
}

/// Change a node's fields; a different parent or position moves it as `move_node` does.
pub(crate) fn update_node(conn: &Connection, id: &str, input: &TreeNodeInput) -> Result<()> {
    let before = node(conn, id)?;
    check_structure(conn, &before.tree_id, Some(id), input)?;
    let i = input;
    conn.prepare_cached("UPDATE tree_nodes SET kind = ?2, title = ?3, description = ?4, status = ?5, details = ?6, updated_at = ?7 WHERE id = ?1")?.execute(params![id, i.kind, i.title.trim(), i.description, i.status, serde_json::to_string(&i.details)?, now()],
    )?;
    if i.parent_id != before.input.parent_id || i.position != before.input.position {
        place(
            conn,
            &before.tree_id,
            id,
            i.parent_id.as_deref(),
            i.position,
        )?;
    }
    single_target(conn, &before.tree_id, id, input)?;
    outbox::push(conn, ObjectKind::TreeNode, id)
}

/// Re-parent and/or re-order a node (with everything under it).
pub(crate) fn move_node(
    conn: &Connection,
    id: &str,
    parent_id: Option<&str>,
    position: i64,
) -> Result<()> {
    let before = node(conn, id)?;
    let input = TreeNodeInput {
        parent_id: parent_id.map(str::to_string),
        position,
        ..before.input
    };
    check_structure(conn, &before.tree_id, Some(id), &input)?;
    place(conn, &before.tree_id, id, parent_id, position)?;
    conn.prepare_cached("UPDATE tree_nodes SET updated_at = ?2 WHERE id = ?1")?
        .execute(params![id, now()])?;
    outbox::push(conn, ObjectKind::TreeNode, id)
}

/// How many levels of live nodes hang below `id` (0 for a leaf).
fn height(conn: &Connection, id: &str) -> Result<usize> {
    let h: i64 = conn.prepare_cached("WITH RECURSIVE down(id, depth) AS (SELECT ?1, 0 UNION ALL SELECT n.id, down.depth + 1 FROM tree_nodes n JOIN down ON n.parent_id = down.id WHERE n.deleted_at IS NULL AND down.depth < 1000)
         SELECT max(depth) FROM down")?.query_row([id],
        |r| r.get(0),
    )?;
    Ok(h.max(0) as usize)
}

/// How many live nodes sit below `id`.
pub(crate) fn descendants(conn: &Connection, id: &str) -> Result<i64> {
    Ok(conn.prepare_cached("WITH RECURSIVE down(id, depth) AS (SELECT ?1, 0 UNION ALL SELECT n.id, down.depth + 1 FROM tree_nodes n JOIN down ON n.parent_id = down.id WHERE n.deleted_at IS NULL AND down.depth < 1000)
         SELECT count(*) - 1 FROM down")?.query_row([id],
        |r| r.get(0),
    )?)
}
