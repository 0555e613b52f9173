use super::{new_id, now, outbox, require_ref, unique_conflict};
use crate::error::{Error, Result};
use crate::model::{Evidence, ObjectKind, ObjectRef};
use rusqlite::{Connection, Row, params};
use std::collections::BTreeMap;

/// Which links make sense: insights rest on highlights, feedback and workshops, persona statements on
/// highlights; tree nodes
/// on anything a customer said or that was concluded from it.
fn allowed(from: ObjectKind, to: ObjectKind) -> bool {
    use ObjectKind::*;
    match from {
        Insight => matches!(to, Highlight | Feedback | Workshop),
        PersonaStatement => to == Highlight,
        TreeNode => matches!(
            to,
            Highlight | Interview | Insight | Feedback | Persona | PersonaStatement | Workshop
        ),
        _ => false,
    }
}

fn from_row(r: &Row) -> rusqlite::Result<Evidence> {
    let kind = |i: usize| -> rusqlite::Result<ObjectKind> {
        let s: String = r.get(i)?;
        ObjectKind::parse(&s)
            .ok_or_else(|| rusqlite::Error::InvalidColumnType(i, s, rusqlite::types::Type::Text))
    };
    Ok(Evidence {
        id: r.get(0)?,
        from: ObjectRef {
            kind: kind(1)?,
            id: r.get(2)?,
        },
        to: ObjectRef {
            kind: kind(3)?,
            id: r.get(4)?,
        },
        comment: r.get(5)?,
        created_at: r.get(6)?,
    })
}

pub(crate) fn link(
    conn: &Connection,
    from: &ObjectRef,
    to: &ObjectRef,
    comment: &str,
) -> Result<String> {
    if !allowed(from.kind, to.kind) {
        return Err(Error::invalid(
            "to",
            format!("a {} cannot be evidence for a {}", to.kind, from.kind),
        ));
    }
    require_ref(conn, "from", from.kind, &from.id)?;
    require_ref(conn, "to", to.kind, &to.id)?;
    let id = new_id();
    conn.prepare_cached("INSERT INTO evidence (id, from_kind, from_id, to_kind, to_id, comment, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?.execute(params![id, from.kind.as_str(), from.id, to.kind.as_str(), to.id, comment, now()],
    )
    .map_err(|e| unique_conflict(e, || format!("that {} is already linked as evidence", to.kind)))?;
    outbox::push(conn, from.kind, &from.id)?;
    // Feedback that backs a decision has been triaged.
    if to.kind == ObjectKind::Feedback {
        super::feedback::mark_linked(conn, &to.id)?;
    }
    Ok(id)
}

pub(crate) fn unlink(conn: &Connection, from: &ObjectRef, to: &ObjectRef) -> Result<()> {
    conn.prepare_cached("DELETE FROM evidence WHERE from_kind = ?1 AND from_id = ?2 AND to_kind = ?3 AND to_id = ?4")?.execute(params![from.kind.as_str(), from.id, to.kind.as_str(), to.id],
    )?;
    outbox::push(conn, from.kind, &from.id)
}

/// Replace the targets of one kind linked from `from` (e.g. an insight's highlights).
pub(crate) fn set_targets(
    conn: &Connection,
    from: &ObjectRef,
    to_kind: ObjectKind,
    ids: &[String],
) -> Result<()> {
    conn.prepare_cached(
        "DELETE FROM evidence WHERE from_kind = ?1 AND from_id = ?2 AND to_kind = ?3",
    )?
    .execute(params![from.kind.as_str(), from.id, to_kind.as_str()])?;
    let mut seen = std::collections::HashSet::new();
    for id in ids.iter().filter(|id| seen.insert(*id)) {
        link(
            conn,
            from,
            &ObjectRef {
                kind: to_kind,
                id: id.clone(),
            },
            "",
        )?;
    }
    Ok(())
}

pub(crate) fn targets(
    conn: &Connection,
    from: &ObjectRef,
    to_kind: ObjectKind,
) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT to_id FROM evidence WHERE from_kind = ?1 AND from_id = ?2 AND to_kind = ?3 ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map(
        params![from.kind.as_str(), from.id, to_kind.as_str()],
        |r| r.get(0),
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn list_from(conn: &Connection, from: &ObjectRef) -> Result<Vec<Evidence>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, from_kind, from_id, to_kind, to_id, comment, created_at FROM evidence
         WHERE from_kind = ?1 AND from_id = ?2 ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map(params![from.kind.as_str(), from.id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Links at either end of an object, removed when it is purged.
pub(crate) fn delete_touching(conn: &Connection, kind: ObjectKind, id: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM evidence WHERE (from_kind = ?1 AND from_id = ?2) OR (to_kind = ?1 AND to_id = ?2)")?.execute(params![kind.as_str(), id],
    )?;
    Ok(())
}

/// How many links have an end that does not exist (evidence has no foreign keys: its ends
/// are of any kind), for `groundwork check`.
pub(crate) fn dangling(conn: &Connection) -> Result<usize> {
    let exists = |k: &str, id: &str| -> Result<bool> {
        let Some(kind) = ObjectKind::parse(k) else {
            return Ok(false);
        };
        Ok(conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM {} WHERE id = ?1",
                kind.table()
            ))?
            .query_row([id], |r| r.get::<_, i64>(0))?
            > 0)
    };
    let mut dangling = 0;
    for e in conn
        .prepare_cached("SELECT from_kind, from_id, to_kind, to_id FROM evidence")?
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?
    {
        let (fk, fi, tk, ti) = e?;
        if !exists(&fk, &fi)? || !exists(&tk, &ti)? {
            dangling += 1;
        }
    }
    Ok(dangling)
}

/// What each node of a tree links to, by node id in link order; links to trashed objects are
/// left out (they come back with the object).
pub(crate) fn live_links_of_tree_nodes(
    conn: &Connection,
    tree_id: &str,
) -> Result<BTreeMap<String, Vec<ObjectRef>>> {
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
            && super::require_live(conn, kind, &id).is_ok()
        {
            links.entry(from).or_default().push(ObjectRef { kind, id });
        }
    }
    Ok(links)
}

/// The tree nodes that cite `to`, trashed ones included.
pub(crate) fn citing_nodes(conn: &Connection, to: &ObjectRef) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT from_id FROM evidence WHERE from_kind = 'tree_node' AND to_kind = ?1 AND to_id = ?2",
    )?;
    let rows = stmt
        .query_map(params![to.kind.as_str(), to.id], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The tree nodes that cite an interview or one of its highlights, trashed ones included.
pub(crate) fn nodes_citing_interview(conn: &Connection, interview_id: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT from_id FROM evidence WHERE from_kind = 'tree_node'
         AND ((to_kind = 'interview' AND to_id = ?1)
           OR (to_kind = 'highlight' AND to_id IN (SELECT id FROM highlights WHERE interview_id = ?1)))",
    )?;
    let rows = stmt
        .query_map([interview_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
