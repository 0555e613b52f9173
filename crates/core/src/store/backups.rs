//! Database files as whole files: consistent snapshots (`VACUUM INTO`), SQLite's checks, and
//! copying pages with the backup API. Where the files go and when is `backups.rs`'s business.

use super::migrations;
use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// Write a consistent snapshot of the database `conn` reads into `dest` (which must not
/// exist).
pub(crate) fn vacuum_into(conn: &Connection, dest: &Path) -> rusqlite::Result<()> {
    conn.execute("VACUUM INTO ?1", [dest.to_string_lossy().as_ref()])?;
    Ok(())
}

/// Open a backup (or any database file) to read, without changing or locking it.
pub(crate) fn open_read_only(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| Error::from(e).context(format!("cannot open {}", path.display())))?;
    Ok(conn)
}

/// Open a snapshot just written, as one self-contained file: a backup never needs a -wal
/// beside it.
pub(crate) fn open_single_file(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    Ok(conn)
}

/// Bring a copy (opened with `open_single_file`) to the current schema.
pub(crate) fn migrate_copy(conn: &mut Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrations::MIGRATIONS.to_latest(conn)?;
    Ok(())
}

/// Rows of a check pragma other than "ok".
fn check_rows(conn: &Connection, sql: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, rusqlite::types::Value>(0))?;
    let mut out = Vec::new();
    for row in rows {
        match row? {
            rusqlite::types::Value::Text(s) if s == "ok" => {}
            rusqlite::types::Value::Text(s) => out.push(s),
            other => out.push(format!("{other:?}")),
        }
        if out.len() >= 10 {
            break;
        }
    }
    Ok(out)
}

/// What `quick_check` finds wrong (up to 10 problems); empty when the database is sound.
pub(crate) fn quick_check(conn: &Connection) -> Result<Vec<String>> {
    check_rows(conn, "PRAGMA quick_check")
}

/// What `integrity_check` finds wrong (up to 10 problems); empty when the database is sound.
pub(crate) fn integrity_check(conn: &Connection) -> Result<Vec<String>> {
    check_rows(conn, "PRAGMA integrity_check")
}

/// Tables with rows whose references are broken (up to 10); empty when there are none.
pub(crate) fn foreign_key_check(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let fk = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .take(10)
        .collect::<rusqlite::Result<_>>()?;
    Ok(fk)
}

pub(crate) fn page_size(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "page_size", |r| r.get(0))?)
}

/// Copy every page of `from` over the database behind `to` in one step, so in one write
/// transaction on `to` (SQLite's backup API, which does not read the tables, so it works on
/// a damaged database too).
pub(crate) fn copy_pages(from: &Connection, to: &mut Connection) -> Result<()> {
    let backup = rusqlite::backup::Backup::new(from, to)?;
    backup.step(-1)?;
    Ok(())
}

/// Copy every page of `from` into a new database file at `dest`.
pub(crate) fn copy_pages_to(from: &Connection, dest: &Path) -> Result<()> {
    let mut out = Connection::open(dest)?;
    copy_pages(from, &mut out)
}
