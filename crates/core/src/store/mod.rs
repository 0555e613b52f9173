//! SQLite, the source of truth: opening with the right pragmas, migrations, and one module per
//! table group. Store functions take a `&Connection`; writers pass their open transaction, so
//! a use case that touches several tables (and the index outbox) commits once.

pub(crate) mod changes;
pub(crate) mod migrations;
pub(crate) mod outbox;

pub(crate) mod evidence;
pub(crate) mod feedback;
pub(crate) mod highlights;
pub(crate) mod insights;
pub(crate) mod interviews;
pub(crate) mod notes;
pub(crate) mod participants;
pub(crate) mod personas;
pub(crate) mod speaker_mappings;
pub(crate) mod tags;
pub(crate) mod trash;
pub(crate) mod trees;

use crate::error::{Error, ErrorCode, Result};
use crate::model::ObjectKind;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::path::Path;
use std::time::Duration;

/// Marks a SQLite file as a Groundwork workspace ("GWK1").
const APPLICATION_ID: i32 = 0x4757_4b31;
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

pub(crate) type ReaderPool = r2d2::Pool<r2d2_sqlite::SqliteConnectionManager>;

/// Now, as stored: RFC 3339 UTC with milliseconds, so text order is time order.
pub(crate) fn now() -> String {
    let t = time::OffsetDateTime::now_utc();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

fn apply_pragmas(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// The application id and schema version of an existing database, read without changing
/// it: from the file header, where a clean close leaves them. Only when a WAL file is
/// present (a crash, or another process has it open) may newer values sit there, and then
/// SQLite is asked, read-only.
fn stored_versions(path: &Path) -> Result<(i32, usize)> {
    use std::io::Read;
    let mut header = [0u8; 100];
    let mut f = std::fs::File::open(path)
        .map_err(|e| Error::from(e).context(format!("cannot open {}", path.display())))?;
    let n = f.read(&mut header)?;
    if n < 100 || &header[..16] != b"SQLite format 3\0" {
        return Err(Error::unsupported(format!(
            "{} is not a SQLite database",
            path.display()
        )));
    }
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if !Path::new(&wal).exists() {
        let version = u32::from_be_bytes([header[60], header[61], header[62], header[63]]) as usize;
        let app_id = i32::from_be_bytes([header[68], header[69], header[70], header[71]]);
        return Ok((app_id, version));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| Error::from(e).context(format!("cannot open {}", path.display())))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let app_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    Ok((app_id, version.max(0) as usize))
}

/// Open (or, with `create`, make) the workspace database and bring it to the latest schema.
pub(crate) fn open_writer(path: &Path, create: bool) -> Result<Connection> {
    if !create || path.exists() {
        let (app_id, version) = stored_versions(path)?;
        if app_id != APPLICATION_ID {
            return Err(Error::unsupported(format!(
                "{} is not a Groundwork database",
                path.display()
            )));
        }
        if version > migrations::latest_version() {
            return Err(Error::unsupported(format!(
                "{} was written by a newer version of Groundwork (schema {version}; this one knows up to {}). Update Groundwork to open it; nothing was changed.",
                path.display(),
                migrations::latest_version()
            )));
        }
    }
    let mut conn = Connection::open(path)
        .map_err(|e| Error::from(e).context(format!("cannot open {}", path.display())))?;
    if create {
        // Before WAL is on, so the mark lands in the file header at once.
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    apply_pragmas(&conn)?;
    migrations::MIGRATIONS.to_latest(&mut conn)?;
    migrations::pin(&conn)?;
    Ok(conn)
}

pub(crate) fn reader_pool(path: &Path) -> Result<ReaderPool> {
    let manager = r2d2_sqlite::SqliteConnectionManager::file(path)
        .with_flags(OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .with_init(|c| {
            c.busy_timeout(BUSY_TIMEOUT)?;
            c.pragma_update(None, "foreign_keys", "ON")
        });
    Ok(r2d2::Pool::builder()
        .max_size(4)
        .min_idle(Some(1))
        .build(manager)?)
}

pub(crate) fn get_setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

pub(crate) fn set_setting(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// Fail with `not_found` unless a live object of `kind` has `id`.
pub(crate) fn require_live(conn: &Connection, kind: ObjectKind, id: &str) -> Result<()> {
    let sql = if kind.is_trashable() {
        format!(
            "SELECT 1 FROM {} WHERE id = ?1 AND deleted_at IS NULL",
            kind.table()
        )
    } else {
        format!("SELECT 1 FROM {} WHERE id = ?1", kind.table())
    };
    match conn.query_row(&sql, [id], |_| Ok(())).optional()? {
        Some(()) => Ok(()),
        None => Err(Error::not_found(kind.as_str(), id)),
    }
}

/// Like `require_live`, for an id the user picked as a reference in `field`: a missing one
/// is a field error, not a missing object.
pub(crate) fn require_ref(
    conn: &Connection,
    field: &str,
    kind: ObjectKind,
    id: &str,
) -> Result<()> {
    require_live(conn, kind, id).map_err(|e| match e.code {
        ErrorCode::NotFound => Error::invalid(field, format!("{field}: no {kind} with id {id}")),
        _ => e,
    })
}

/// Live object counts per kind.
pub(crate) fn counts(conn: &Connection) -> Result<crate::model::KindCounts> {
    let mut out = crate::model::KindCounts::new();
    for kind in ObjectKind::ALL {
        let sql = match kind {
            ObjectKind::Segment => "SELECT count(*) FROM transcript_segments s JOIN interviews i ON i.id = s.interview_id WHERE i.deleted_at IS NULL".to_string(),
            ObjectKind::PersonaStatement => "SELECT count(*) FROM persona_statements s JOIN personas p ON p.id = s.persona_id WHERE p.deleted_at IS NULL".to_string(),
            _ => format!("SELECT count(*) FROM {} WHERE deleted_at IS NULL", kind.table()),
        };
        out.insert(
            kind.as_str().to_string(),
            conn.query_row(&sql, [], |r| r.get(0))?,
        );
    }
    Ok(out)
}

/// Turn a UNIQUE violation into a `conflict` with a message for people.
pub(crate) fn unique_conflict(e: rusqlite::Error, message: impl FnOnce() -> String) -> Error {
    match &e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
        {
            Error::conflict(message())
        }
        _ => e.into(),
    }
}

/// Read a list of ids from a link table.
pub(crate) fn ids(conn: &Connection, sql: &str, id: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
