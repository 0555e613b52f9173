use super::{now, outbox};
use crate::error::{Error, Result};
use crate::model::{FeedbackInput, FeedbackItem, ObjectKind};
use rusqlite::{Connection, OptionalExtension, Row, params};

const COLUMNS: &str = "id, source, customer, score, text, received_at, created_at, updated_at";

fn from_row(r: &Row) -> rusqlite::Result<FeedbackItem> {
    Ok(FeedbackItem {
        id: r.get(0)?,
        input: FeedbackInput {
            source: r.get(1)?,
            customer: r.get(2)?,
            score: r.get(3)?,
            text: r.get(4)?,
            received_at: r.get(5)?,
        },
        created_at: r.get(6)?,
        updated_at: r.get(7)?,
    })
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<FeedbackItem> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM feedback_items WHERE id = ?1 AND deleted_at IS NULL"
    ))?
    .query_row([id], from_row)
    .optional()?
    .ok_or_else(|| Error::not_found("feedback", id))
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<FeedbackItem>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM feedback_items WHERE deleted_at IS NULL ORDER BY coalesce(received_at, created_at) DESC, id"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn insert(conn: &Connection, input: &FeedbackInput) -> Result<String> {
    insert_as(conn, &super::Stamp::fresh(), input)
}

pub(crate) fn insert_as(
    conn: &Connection,
    s: &super::Stamp,
    input: &FeedbackInput,
) -> Result<String> {
    let i = input;
    conn.prepare_cached(
        "INSERT INTO feedback_items (id, source, customer, score, text, received_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![s.id, i.source, i.customer, i.score, i.text, i.received_at, s.created_at, s.updated_at])?;
    outbox::push(conn, ObjectKind::Feedback, &s.id)?;
    Ok(s.id.clone())
}

pub(crate) fn update(conn: &Connection, id: &str, input: &FeedbackInput) -> Result<()> {
    get(conn, id)?;
    let i = input;
    conn.prepare_cached("UPDATE feedback_items SET source = ?2, customer = ?3, score = ?4, text = ?5, received_at = ?6, updated_at = ?7 WHERE id = ?1")?.execute(params![id, i.source, i.customer, i.score, i.text, i.received_at, now()],
    )?;
    outbox::push(conn, ObjectKind::Feedback, id)
}
