use super::{highlights, now, outbox};
use crate::error::{Error, Result};
use crate::model::{Note, NoteInput, ObjectKind};
use rusqlite::{Connection, OptionalExtension, Row, params};

const COLUMNS: &str = "id, title, body, created_at, updated_at";

fn from_row(r: &Row) -> rusqlite::Result<Note> {
    Ok(Note {
        id: r.get(0)?,
        input: NoteInput {
            title: r.get(1)?,
            body: r.get(2)?,
        },
        created_at: r.get(3)?,
        updated_at: r.get(4)?,
    })
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Note> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM notes WHERE id = ?1 AND deleted_at IS NULL"
    ))?
    .query_row([id], from_row)
    .optional()?
    .ok_or_else(|| Error::not_found("note", id))
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<Note>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM notes WHERE deleted_at IS NULL ORDER BY updated_at DESC, id"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn insert(conn: &Connection, input: &NoteInput) -> Result<String> {
    insert_as(conn, &super::Stamp::fresh(), input)
}

pub(crate) fn insert_as(conn: &Connection, s: &super::Stamp, input: &NoteInput) -> Result<String> {
    conn.prepare_cached(
        "INSERT INTO notes (id, title, body, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        s.id,
        input.title.trim(),
        input.body,
        s.created_at,
        s.updated_at
    ])?;
    outbox::push(conn, ObjectKind::Note, &s.id)?;
    Ok(s.id.clone())
}

pub(crate) fn update(conn: &Connection, id: &str, input: &NoteInput) -> Result<()> {
    get(conn, id)?;
    conn.prepare_cached("UPDATE notes SET title = ?2, body = ?3, updated_at = ?4 WHERE id = ?1")?
        .execute(params![id, input.title.trim(), input.body, now()])?;
    highlights::reanchor(conn, highlights::Source::Note(id), &input.body)?;
    outbox::push(conn, ObjectKind::Note, id)
}

/// A title no other live note has: see `store::distinct_title`.
pub(crate) fn distinct_title(conn: &Connection, title: &str, path: &str) -> Result<String> {
    super::distinct_title(conn, "notes", title, path)
}
