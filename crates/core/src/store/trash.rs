//! The trash: deleting sets `deleted_at` and records the object here, so it can be restored
//! exactly as it was; purging (after 30 days, or on request) deletes it for good.

use super::{evidence, now, outbox, participants, require_live, tags};
use crate::error::{Error, Result};
use crate::model::{ObjectKind, ObjectRef, TrashEntry};
use rusqlite::{Connection, OptionalExtension, params};

/// How long things stay in the trash before `purge_expired` removes them.
pub const TRASH_DAYS: i64 = 30;

fn title_column(kind: ObjectKind) -> &'static str {
    match kind {
        ObjectKind::Participant | ObjectKind::Tag | ObjectKind::Persona => "name",
        ObjectKind::Highlight => "quote",
        ObjectKind::Feedback => "text",
        _ => "title",
    }
}

/// Search documents that show or filter by this object and must follow it in and out.
fn reindex_dependents(conn: &Connection, kind: ObjectKind, id: &str) -> Result<()> {
    match kind {
        ObjectKind::Interview => outbox::push_query(conn, ObjectKind::Highlight, "SELECT id FROM highlights WHERE interview_id = ?1", id),
        ObjectKind::Note => outbox::push_query(conn, ObjectKind::Highlight, "SELECT id FROM highlights WHERE note_id = ?1", id),
        ObjectKind::Feedback => outbox::push_query(conn, ObjectKind::Highlight, "SELECT id FROM highlights WHERE feedback_id = ?1", id),
        ObjectKind::Tag => tags::reindex_tagged(conn, id),
        ObjectKind::Participant => participants::reindex_mentions(conn, id),
        ObjectKind::Tree => outbox::push_query(conn, ObjectKind::TreeNode, "SELECT id FROM tree_nodes WHERE tree_id = ?1", id),
        ObjectKind::TreeNode => outbox::push_query(
            conn,
            ObjectKind::TreeNode,
            "WITH RECURSIVE down(id, depth) AS (SELECT ?1, 0 UNION ALL SELECT n.id, down.depth + 1 FROM tree_nodes n JOIN down ON n.parent_id = down.id WHERE down.depth < 1000)
             SELECT id FROM down WHERE depth > 0",
            id,
        ),
        _ => Ok(()),
    }
}

/// Whether an object of `kind` still exists, and when it went to the trash: None when it is
/// gone, Some(None) while it is live.
pub(crate) fn trashed_at(
    conn: &Connection,
    kind: ObjectKind,
    id: &str,
) -> Result<Option<Option<String>>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT deleted_at FROM {} WHERE id = ?1",
            kind.table()
        ))?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

pub(crate) fn trash(conn: &Connection, kind: ObjectKind, id: &str) -> Result<TrashEntry> {
    if !kind.is_trashable() {
        return Err(Error::invalid(
            "kind",
            format!("a {kind} is deleted with its parent, not on its own"),
        ));
    }
    require_live(conn, kind, id)?;
    if kind == ObjectKind::Tag {
        let children: i64 = conn
            .prepare_cached(
                "SELECT count(*) FROM tags WHERE parent_id = ?1 AND deleted_at IS NULL",
            )?
            .query_row([id], |r| r.get(0))?;
        if children > 0 {
            return Err(Error::conflict(format!(
                "this tag has {children} child tag(s); move or delete them first"
            )));
        }
    }
    let table = kind.table();
    let title: String = conn
        .prepare_cached(&format!(
            "SELECT substr({}, 1, 200) FROM {table} WHERE id = ?1",
            title_column(kind)
        ))?
        .query_row([id], |r| r.get(0))?;
    let deleted_at = now();
    conn.prepare_cached(&format!("UPDATE {table} SET deleted_at = ?2 WHERE id = ?1"))?
        .execute(params![id, deleted_at])?;
    conn.prepare_cached(
        "INSERT OR REPLACE INTO trash (kind, id, title, deleted_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![kind.as_str(), id, title, deleted_at])?;
    outbox::push(conn, kind, id)?;
    reindex_dependents(conn, kind, id)?;
    Ok(TrashEntry {
        kind,
        id: id.to_string(),
        title,
        deleted_at,
    })
}

pub(crate) fn restore(conn: &Connection, kind: ObjectKind, id: &str) -> Result<()> {
    let in_trash: Option<i64> = conn
        .prepare_cached("SELECT 1 FROM trash WHERE kind = ?1 AND id = ?2")?
        .query_row(params![kind.as_str(), id], |r| r.get(0))
        .optional()?;
    if in_trash.is_none() {
        return Err(Error::not_found(&format!("{kind} in the trash"), id));
    }
    conn.prepare_cached(&format!(
        "UPDATE {} SET deleted_at = NULL WHERE id = ?1",
        kind.table()
    ))?
    .execute([id])
    .map_err(|e| {
        super::unique_conflict(e, || {
            "a live object with the same name exists; rename it first".into()
        })
    })?;
    conn.prepare_cached("DELETE FROM trash WHERE kind = ?1 AND id = ?2")?
        .execute(params![kind.as_str(), id])?;
    outbox::push(conn, kind, id)?;
    reindex_dependents(conn, kind, id)
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<TrashEntry>> {
    let mut stmt = conn
        .prepare_cached("SELECT kind, id, title, deleted_at FROM trash ORDER BY deleted_at DESC")?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (kind, id, title, deleted_at) = row?;
        if let Some(kind) = ObjectKind::parse(&kind) {
            out.push(TrashEntry {
                kind,
                id,
                title,
                deleted_at,
            });
        }
    }
    Ok(out)
}

fn cascaded_children(kind: ObjectKind) -> Option<(ObjectKind, &'static str)> {
    Some(match kind {
        ObjectKind::Interview => (ObjectKind::Highlight, "SELECT id FROM highlights WHERE interview_id = ?1"),
        ObjectKind::Note => (ObjectKind::Highlight, "SELECT id FROM highlights WHERE note_id = ?1"),
        ObjectKind::Feedback => (ObjectKind::Highlight, "SELECT id FROM highlights WHERE feedback_id = ?1"),
        ObjectKind::Persona => (ObjectKind::PersonaStatement, "SELECT id FROM persona_statements WHERE persona_id = ?1"),
        ObjectKind::Tree => (ObjectKind::TreeNode, "SELECT id FROM tree_nodes WHERE tree_id = ?1"),
        ObjectKind::TreeNode => (
            ObjectKind::TreeNode,
            "WITH RECURSIVE down(id, depth) AS (SELECT ?1, 0 UNION ALL SELECT n.id, down.depth + 1 FROM tree_nodes n JOIN down ON n.parent_id = down.id WHERE down.depth < 1000)
             SELECT id FROM down WHERE depth > 0",
        ),
        _ => return None,
    })
}

/// How many objects went to the trash before `cutoff` (what `purge_before` would delete).
pub(crate) fn count_before(conn: &Connection, cutoff: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM trash WHERE deleted_at < ?1")?
        .query_row([cutoff], |r| r.get(0))?)
}

/// Delete for good everything trashed before `cutoff` (RFC 3339). Returns how many.
pub(crate) fn purge_before(conn: &Connection, cutoff: &str) -> Result<usize> {
    let entries: Vec<ObjectRef> = list(conn)?
        .into_iter()
        .filter(|e| e.deleted_at.as_str() < cutoff)
        .map(|e| ObjectRef {
            kind: e.kind,
            id: e.id,
        })
        .collect();
    purge(conn, &entries)
}

/// Delete these trashed objects for good, with what cascades from them (their links, the
/// trash rows and search documents of their children). Returns how many.
pub(crate) fn purge(conn: &Connection, entries: &[ObjectRef]) -> Result<usize> {
    for e in entries {
        // Rows that go with it by ON DELETE CASCADE take their links and trash rows along.
        if let Some((child_kind, sql)) = cascaded_children(e.kind) {
            for child in super::ids(conn, sql, &e.id)? {
                evidence::delete_touching(conn, child_kind, &child)?;
                conn.prepare_cached("DELETE FROM trash WHERE kind = ?1 AND id = ?2")?
                    .execute(params![child_kind.as_str(), child])?;
                outbox::push(conn, child_kind, &child)?;
            }
        }
        evidence::delete_touching(conn, e.kind, &e.id)?;
        conn.prepare_cached(&format!("DELETE FROM {} WHERE id = ?1", e.kind.table()))?
            .execute([&e.id])?;
        conn.prepare_cached("DELETE FROM trash WHERE kind = ?1 AND id = ?2")?
            .execute(params![e.kind.as_str(), e.id])?;
        outbox::push(conn, e.kind, &e.id)?;
    }
    Ok(entries.len())
}
