//! The attachments table: which file copy in attachments/ belongs to which interview. What a
//! row says is taken as stored; `crate::attachments` checks its name and media type before
//! trusting them (a workspace may come from someone else).

use crate::error::{Error, Result};
use rusqlite::{Connection, OptionalExtension, Row, params};
use std::collections::BTreeSet;

/// An attachments row as stored.
pub(crate) struct StoredAttachment {
    pub id: String,
    pub interview_id: String,
    pub file_name: String,
    pub media_type: String,
    pub bytes: i64,
    pub created_at: String,
    /// The copy's file name in attachments/.
    pub stored_name: String,
}

const COLUMNS: &str = "id, interview_id, file_name, media_type, bytes, created_at, stored_name";

fn from_row(r: &Row) -> rusqlite::Result<StoredAttachment> {
    Ok(StoredAttachment {
        id: r.get(0)?,
        interview_id: r.get(1)?,
        file_name: r.get(2)?,
        media_type: r.get(3)?,
        bytes: r.get(4)?,
        created_at: r.get(5)?,
        stored_name: r.get(6)?,
    })
}

pub(crate) fn insert(conn: &Connection, a: &StoredAttachment) -> Result<()> {
    conn.execute(
        "INSERT INTO attachments (id, interview_id, file_name, stored_name, media_type, bytes, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![a.id, a.interview_id, a.file_name, a.stored_name, a.media_type, a.bytes, a.created_at],
    )?;
    Ok(())
}

/// An interview's attachments, oldest first.
pub(crate) fn of_interview(conn: &Connection, interview_id: &str) -> Result<Vec<StoredAttachment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM attachments WHERE interview_id = ?1 ORDER BY created_at, id"
    ))?;
    let rows = stmt.query_map([interview_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<StoredAttachment> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM attachments WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found("attachment", id))
}

pub(crate) fn delete(conn: &Connection, id: &str) -> Result<()> {
    conn.execute("DELETE FROM attachments WHERE id = ?1", [id])?;
    Ok(())
}

/// The stored file names of every attachment.
pub(crate) fn stored_names(conn: &Connection) -> Result<BTreeSet<String>> {
    let mut stmt = conn.prepare_cached("SELECT stored_name FROM attachments")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
