//! The index outbox: every write appends "(kind, id) changed" in its own transaction; the
//! indexer reads the object's current state when it applies the row, so the row needs no
//! payload and replaying it twice is harmless.

use super::{get_setting, set_setting};
use crate::error::Result;
use crate::model::ObjectKind;
use rusqlite::{Connection, OptionalExtension, params};

/// The object that owns the search documents of `kind`/`id`: segments are indexed with
/// their interview and statements with their persona.
fn index_owner(
    conn: &Connection,
    kind: ObjectKind,
    id: &str,
) -> Result<Option<(ObjectKind, String)>> {
    let (owner, sql) = match kind {
        ObjectKind::Segment => (
            ObjectKind::Interview,
            "SELECT interview_id FROM transcript_segments WHERE id = ?1",
        ),
        ObjectKind::PersonaStatement => (
            ObjectKind::Persona,
            "SELECT persona_id FROM persona_statements WHERE id = ?1",
        ),
        k => return Ok(Some((k, id.to_string()))),
    };
    let owner_id: Option<String> = conn
        .prepare_cached(sql)?
        .query_row([id], |r| r.get(0))
        .optional()?;
    Ok(owner_id.map(|o| (owner, o)))
}

pub(crate) fn push(conn: &Connection, kind: ObjectKind, id: &str) -> Result<()> {
    // A child already gone was removed with its owner, which is queued itself.
    if let Some((kind, id)) = index_owner(conn, kind, id)? {
        conn.prepare_cached("INSERT INTO index_outbox (kind, id) VALUES (?1, ?2)")?
            .execute(params![kind.as_str(), id])?;
    }
    Ok(())
}

/// Push every id that `sql` (taking one parameter) selects.
pub(crate) fn push_query(
    conn: &Connection,
    kind: ObjectKind,
    sql: &str,
    param: &str,
) -> Result<()> {
    for id in super::ids(conn, sql, param)? {
        push(conn, kind, &id)?;
    }
    Ok(())
}

pub(crate) struct Entry {
    pub seq: i64,
    pub kind: ObjectKind,
    pub id: String,
}

/// Up to `limit` rows after `after`, oldest first. Rows of unknown kinds (from a newer
/// build) are skipped rather than stopping the indexer.
pub(crate) fn after(conn: &Connection, after: i64, limit: usize) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, kind, id FROM index_outbox WHERE seq > ?1 ORDER BY seq LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![after, limit as i64], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (seq, kind, id) = row?;
        if let Some(kind) = ObjectKind::parse(&kind) {
            out.push(Entry { seq, kind, id });
        }
    }
    Ok(out)
}

/// The newest seq ever handed out (0 when none), which survives trimming.
pub(crate) fn last_seq(conn: &Connection) -> Result<i64> {
    let seq: Option<i64> = conn
        .prepare_cached("SELECT seq FROM sqlite_sequence WHERE name = 'index_outbox'")?
        .query_row([], |r| r.get(0))
        .ok();
    Ok(seq.unwrap_or(0))
}

/// Rows up to this seq have been deleted; an index older than this cannot be caught up by
/// replay and must be rebuilt.
pub(crate) fn trimmed_through(conn: &Connection) -> Result<i64> {
    Ok(get_setting(conn, "outbox_trimmed_through")?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0))
}

/// Forget rows the index has durably applied.
pub(crate) fn trim(conn: &Connection, through: i64) -> Result<()> {
    if through <= trimmed_through(conn)? {
        return Ok(());
    }
    conn.prepare_cached("DELETE FROM index_outbox WHERE seq <= ?1")?
        .execute([through])?;
    set_setting(conn, "outbox_trimmed_through", &through.to_string())
}

pub(crate) fn pending(conn: &Connection, applied: i64) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM index_outbox WHERE seq > ?1")?
        .query_row([applied], |r| r.get(0))?)
}
