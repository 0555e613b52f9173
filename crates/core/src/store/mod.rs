//! SQLite, the source of truth: opening with the right pragmas, migrations, and one module per
//! table group. Store functions take a `&Connection`; writers pass their open transaction, so
//! a use case that touches several tables (and the index outbox) commits once.

pub(crate) mod backups;
pub(crate) mod changes;
pub(crate) mod migrations;
pub(crate) mod outbox;

pub(crate) mod attachments;
pub(crate) mod evidence;
pub(crate) mod feedback;
pub(crate) mod highlights;
pub(crate) mod import_files;
pub(crate) mod insights;
pub(crate) mod interviews;
pub(crate) mod notes;
pub(crate) mod overview;
pub(crate) mod participants;
pub(crate) mod personas;
pub(crate) mod speaker_mappings;
pub(crate) mod tags;
pub(crate) mod trash;
pub(crate) mod trees;
pub(crate) mod workshops;

use crate::error::{Error, ErrorCode, Result};
use crate::model::ObjectKind;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::path::Path;
use std::time::Duration;

/// Marks a SQLite file as a Groundwork workspace ("GWK1").
pub(crate) const APPLICATION_ID: i32 = 0x4757_4b31;
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// Prepared statements kept per connection. One write runs its use case's statements, then
/// the change log's, the outbox's and the summary's: rusqlite's default of 16 is outgrown by a
/// single import, and a statement compiled again on every write costs more than running it.
const STATEMENT_CACHE: usize = 256;

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

/// Who a new row is: its id and when it was made and last changed. A fresh one for what is
/// made here; an object's own, for one merged from a Groundwork pack (identity travels).
pub(crate) struct Stamp {
    pub id: String,
    pub created_at: String,
    pub updated_at: String,
}

impl Stamp {
    pub(crate) fn fresh() -> Stamp {
        let t = now();
        Stamp {
            id: new_id(),
            created_at: t.clone(),
            updated_at: t,
        }
    }
}

fn apply_pragmas(conn: &Connection) -> Result<()> {
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "wal_autocheckpoint", 10000)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// The page cache of a connection, in KiB: SQLite's default, and what a bulk write gets.
pub(crate) const DEFAULT_CACHE_KB: i64 = 2000;
pub(crate) const BULK_CACHE_KB: i64 = 64 * 1024;

/// Set a connection's page cache; shrinking it frees what the larger one held.
pub(crate) fn set_cache(conn: &Connection, kib: i64) -> Result<()> {
    conn.pragma_update(None, "cache_size", -kib)?;
    if kib <= DEFAULT_CACHE_KB {
        conn.pragma_update(None, "shrink_memory", 0)?;
    }
    Ok(())
}

/// The application id and schema version of an existing database, read without changing
/// it: from the file header, where a clean close leaves them. Only when a WAL file is
/// present (a crash, or another process has it open) may newer values sit there, and then
/// SQLite is asked, read-only.
pub(crate) fn stored_versions(path: &Path) -> Result<(i32, usize)> {
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

/// Open (or, with `create`, make) the workspace database and bring it to the latest schema,
/// first calling `before_migration` with the schema it has when it has to be migrated (the
/// workspace backs it up there: backups are files beside the database, not `store`'s to make). `read_only` opens it for
/// reading only (the workspace cannot be written): nothing is changed, so a database that
/// would need migrating is refused.
pub(crate) fn open_writer(
    path: &Path,
    create: bool,
    read_only: bool,
    before_migration: &dyn Fn(&Connection, usize) -> Result<()>,
) -> Result<Connection> {
    let mut stored = 0;
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
        stored = version;
    }
    if read_only {
        if stored < migrations::latest_version() {
            return Err(Error::new(
                ErrorCode::Storage,
                format!(
                    "{} cannot be written (read-only) and was made by an older Groundwork (schema {stored}; this one uses {}). \
                     It has to be upgraded once before this version can read it: make the folder writable and open it again.",
                    path.display(),
                    migrations::latest_version()
                ),
            ));
        }
        let (target, flags) = read_only_target(path);
        let conn = Connection::open_with_flags(&target, flags)
            .map_err(|e| Error::from(e).context(format!("cannot open {}", path.display())))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        return Ok(conn);
    }
    let mut conn = Connection::open(path)
        .map_err(|e| Error::from(e).context(format!("cannot open {}", path.display())))?;
    if create {
        // Before WAL is on, so the mark lands in the file header at once.
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    apply_pragmas(&conn)?;
    if stored > 0 && stored < migrations::latest_version() {
        // The migration is one transaction (a crash leaves the old schema), but a migration
        // that is wrong would be committed: keep the database as it was first.
        before_migration(&conn, stored).map_err(|e| {
            e.context(format!(
                "{} needs upgrading to schema {}, and the backup made first failed; nothing was changed",
                path.display(),
                migrations::latest_version()
            ))
        })?;
    }
    // Foreign keys are off while migrations run (a table rebuild must not cascade into the
    // rows that point at it; each migration checks them all before it commits). The pragma
    // does nothing inside a transaction, so it is set here, around them.
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let migrated = migrations::MIGRATIONS.to_latest(&mut conn);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrated?;
    migrations::pin(&conn)?;
    // Which workspace a Groundwork pack came from (a local setting: never synced or merged).
    if get_setting(&conn, WORKSPACE_ID)?.is_none() {
        set_setting(&conn, WORKSPACE_ID, &new_id())?;
    }
    Ok(conn)
}

/// Set when the row `id` of `table` (an object table, never a name from outside) last
/// changed: a version merged from a pack keeps the time it was made, so the newer of two
/// versions is still the newer when they meet again.
pub(crate) fn set_updated_at(
    conn: &Connection,
    table: &'static str,
    id: &str,
    at: &str,
) -> Result<()> {
    conn.prepare_cached(&format!("UPDATE {table} SET updated_at = ?2 WHERE id = ?1"))?
        .execute(params![id, at])?;
    Ok(())
}

/// The setting that names this workspace to the packs made from it.
pub(crate) const WORKSPACE_ID: &str = "workspace_id";

/// Whether the row `id` of `table` (one of the object tables, never a name from outside)
/// exists, and if so whether it is in the trash: None, Some(false) live, Some(true) deleted.
pub(crate) fn row_state(conn: &Connection, table: &'static str, id: &str) -> Result<Option<bool>> {
    let deleted = !matches!(table, "transcript_segments" | "persona_statements");
    let sql = if deleted {
        format!("SELECT deleted_at IS NOT NULL FROM {table} WHERE id = ?1")
    } else {
        format!("SELECT 0 FROM {table} WHERE id = ?1")
    };
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], |r| r.get::<_, bool>(0))
        .optional()?)
}

/// How to open a database that cannot be written. SQLite reads a WAL database read-only only
/// when its `-shm` file exists or can be made; in a folder nobody may write, it cannot. With
/// no `-wal` file there is nothing beyond the database file to read, so it is opened as
/// immutable (no locks, no `-shm`). A `-wal` left behind is read the ordinary way.
fn read_only_target(path: &Path) -> (String, OpenFlags) {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let wal_in_use = std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0);
    if wal_in_use || cannot_write_beside(path).is_none_or(|no| !no) {
        return (path.display().to_string(), flags);
    }
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '?' | '#' | '%' => uri.push_str(&format!("%{:02X}", c as u32)),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    (uri, flags | OpenFlags::SQLITE_OPEN_URI)
}

/// Whether nothing can be created beside `path` (Some(true)), as far as a try shows.
fn cannot_write_beside(path: &Path) -> Option<bool> {
    let dir = path.parent()?;
    let probe = dir.join(format!(".groundwork-probe-{}", std::process::id()));
    match std::fs::File::create(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            Some(false)
        }
        Err(e) => Some(crate::error::is_read_only_error(&e)),
    }
}

/// The pool of reader connections; `read_only` opens them as `open_writer` did.
pub(crate) fn reader_pool(path: &Path, read_only: bool) -> Result<ReaderPool> {
    let (target, flags) = if read_only {
        read_only_target(path)
    } else {
        (
            path.display().to_string(),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
    };
    let manager = r2d2_sqlite::SqliteConnectionManager::file(target)
        .with_flags(flags)
        .with_init(|c| {
            c.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
            c.busy_timeout(BUSY_TIMEOUT)?;
            c.pragma_update(None, "foreign_keys", "ON")
        });
    Ok(r2d2::Pool::builder()
        .max_size(4)
        .min_idle(Some(1))
        .build(manager)?)
}

/// Pages the database file holds now.
#[cfg(test)]
pub(crate) fn page_count(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "page_count", |r| r.get(0))?)
}

/// Let the database grow to `pages` at most: past that a write fails as on a full disk
/// (SQLITE_FULL), which is how the tests run out of space.
#[cfg(test)]
pub(crate) fn set_max_page_count(conn: &Connection, pages: i64) -> Result<()> {
    conn.pragma_update(None, "max_page_count", pages)?;
    Ok(())
}

pub(crate) fn get_setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

pub(crate) fn set_setting(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

pub(crate) fn delete_setting(conn: &Connection, key: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM settings WHERE key = ?1")?
        .execute([key])?;
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
    match conn
        .prepare_cached(&sql)?
        .query_row([id], |_| Ok(()))
        .optional()?
    {
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
/// What SQLite's `integrity_check` finds wrong (nothing when the file is sound).
pub(crate) fn integrity_problems(conn: &Connection) -> Result<Vec<String>> {
    Ok(conn
        .prepare("PRAGMA integrity_check")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter(|s| s != "ok")
        .collect())
}

/// Rows whose foreign key points nowhere: `table row N → parent`.
pub(crate) fn foreign_key_problems(conn: &Connection) -> Result<Vec<String>> {
    Ok(conn
        .prepare("PRAGMA foreign_key_check")?
        .query_map([], |r| {
            Ok(format!(
                "{} row {} → {}",
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?
            ))
        })?
        .collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn counts(conn: &Connection) -> Result<crate::model::KindCounts> {
    let mut out = crate::model::KindCounts::new();
    for kind in ObjectKind::ALL {
        // CROSS JOIN keeps SQLite on the live parents first, counting each one's range of
        // the child index; it chose to look every passage's interview up instead (5× slower:
        // 145 vs 30 ms for 750,000 passages).
        let sql = match kind {
            ObjectKind::Segment => "SELECT count(*) FROM interviews i CROSS JOIN transcript_segments s ON s.interview_id = i.id WHERE i.deleted_at IS NULL".to_string(),
            ObjectKind::PersonaStatement => "SELECT count(*) FROM personas p CROSS JOIN persona_statements s ON s.persona_id = p.id WHERE p.deleted_at IS NULL".to_string(),
            _ => format!("SELECT count(*) FROM {} WHERE deleted_at IS NULL", kind.table()),
        };
        // A backup made before a migration has the old schema: a kind that came later
        // (workshops) has no table there, and none of it.
        let table = match kind {
            ObjectKind::Segment => ObjectKind::Interview.table(),
            ObjectKind::PersonaStatement => ObjectKind::Persona.table(),
            k => k.table(),
        };
        let exists = conn
            .prepare_cached("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1")?
            .exists([table])?;
        let n = if exists {
            conn.prepare_cached(&sql)?.query_row([], |r| r.get(0))?
        } else {
            0
        };
        out.insert(kind.as_str().to_string(), n);
    }
    Ok(out)
}

/// The ids of every live object of `kind` (a kind with its own table), in id order.
pub(crate) fn live_ids(conn: &Connection, kind: ObjectKind) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT id FROM {} WHERE deleted_at IS NULL ORDER BY id",
        kind.table()
    ))?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
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

/// A title for an object imported from `path` that no live row of `table` has yet: the
/// title itself, else prefixed with the file's folder ("2024/ana.vtt" → "2024 ana"), else
/// numbered ("ana (2)"). Two files of the same name stay apart in every list.
pub(crate) fn distinct_title(
    conn: &Connection,
    table: &str,
    title: &str,
    path: &str,
) -> Result<String> {
    let taken = |t: &str| -> Result<bool> {
        Ok(conn
            .prepare_cached(&format!(
                "SELECT EXISTS (SELECT 1 FROM {table} WHERE title = ?1 COLLATE NOCASE AND deleted_at IS NULL)"
            ))?
            .query_row([t.trim()], |r| r.get(0))?)
    };
    if !taken(title)? {
        return Ok(title.to_string());
    }
    let folder = path
        .rsplit(['/', '\\'])
        .nth(1)
        .map(str::trim)
        .filter(|f| !f.is_empty() && *f != "." && *f != "..");
    if let Some(folder) = folder
        && !title.to_lowercase().starts_with(&folder.to_lowercase())
    {
        let with_folder = format!("{folder} {title}");
        if !taken(&with_folder)? {
            return Ok(with_folder);
        }
    }
    for n in 2.. {
        let numbered = format!("{title} ({n})");
        if !taken(&numbered)? {
            return Ok(numbered);
        }
    }
    unreachable!("some number is free")
}

/// Read a list of ids from a link table.
pub(crate) fn ids(conn: &Connection, sql: &str, id: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
