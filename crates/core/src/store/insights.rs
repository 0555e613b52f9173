use super::{evidence, highlights, now, outbox};
use crate::error::{Error, Result};
use crate::model::{Insight, InsightInput, ObjectKind, ObjectRef};
use rusqlite::{Connection, OptionalExtension, params};

fn me(id: &str) -> ObjectRef {
    ObjectRef {
        kind: ObjectKind::Insight,
        id: id.to_string(),
    }
}

fn complete(
    conn: &Connection,
    (id, title, body, created_at, updated_at, published): Row,
) -> Result<Insight> {
    let highlight_ids = evidence::targets(conn, &me(&id), ObjectKind::Highlight)?;
    let feedback_ids = evidence::targets(conn, &me(&id), ObjectKind::Feedback)?;
    let strength = highlights::distinct_people(conn, &highlight_ids, &feedback_ids)?;
    Ok(Insight {
        id,
        input: InsightInput {
            title,
            body,
            highlight_ids,
        },
        strength,
        published,
        created_at,
        updated_at,
    })
}

type Row = (String, String, String, String, String, bool);

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Row> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Insight> {
    let row = conn
        .prepare_cached("SELECT id, title, body, created_at, updated_at, published FROM insights WHERE id = ?1 AND deleted_at IS NULL")?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("insight", id))?;
    complete(conn, row)
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<Insight>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, body, created_at, updated_at, published FROM insights WHERE deleted_at IS NULL ORDER BY updated_at DESC, id",
    )?;
    let rows: Vec<Row> = stmt
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter().map(|row| complete(conn, row)).collect()
}

pub(crate) fn insert(conn: &Connection, input: &InsightInput) -> Result<String> {
    insert_as(conn, &super::Stamp::fresh(), input)
}

pub(crate) fn insert_as(
    conn: &Connection,
    s: &super::Stamp,
    input: &InsightInput,
) -> Result<String> {
    conn.prepare_cached("INSERT INTO insights (id, title, body, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)")?.execute(params![s.id, input.title.trim(), input.body, s.created_at, s.updated_at],
    )?;
    evidence::set_targets(
        conn,
        &me(&s.id),
        ObjectKind::Highlight,
        &input.highlight_ids,
    )?;
    outbox::push(conn, ObjectKind::Insight, &s.id)?;
    Ok(s.id.clone())
}

pub(crate) fn update(conn: &Connection, id: &str, input: &InsightInput) -> Result<()> {
    get(conn, id)?;
    conn.prepare_cached(
        "UPDATE insights SET title = ?2, body = ?3, updated_at = ?4 WHERE id = ?1",
    )?
    .execute(params![id, input.title.trim(), input.body, now()])?;
    evidence::set_targets(conn, &me(id), ObjectKind::Highlight, &input.highlight_ids)?;
    outbox::push(conn, ObjectKind::Insight, id)
}

/// Mark the insight published for stakeholders, or not.
pub(crate) fn set_published(conn: &Connection, id: &str, published: bool) -> Result<Insight> {
    get(conn, id)?;
    conn.prepare_cached("UPDATE insights SET published = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, published, now()])?;
    outbox::push(conn, ObjectKind::Insight, id)?;
    get(conn, id)
}
