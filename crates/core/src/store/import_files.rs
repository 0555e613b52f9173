//! Which files were imported: the SHA-256 of their bytes and the object each made, so the
//! same file imported again is noticed (and skipped, unless the user asks for a second copy).

use super::now;
use crate::error::Result;
use crate::model::ObjectKind;
use crate::model::PreviousImport;
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

pub(crate) fn hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Record that `bytes` (named `file_name`) made `kind`/`object_id`.
pub(crate) fn record(
    conn: &Connection,
    bytes: &[u8],
    kind: ObjectKind,
    object_id: &str,
    file_name: &str,
) -> Result<()> {
    conn.prepare_cached("INSERT INTO import_files (hash, kind, object_id, file_name, imported_at) VALUES (?1, ?2, ?3, ?4, ?5)")?.execute(params![hash(bytes), kind.as_str(), object_id, file_name, now()],
    )?;
    Ok(())
}

/// The latest earlier import of these bytes whose object is still live (not in the trash).
pub(crate) fn previous(conn: &Connection, bytes: &[u8]) -> Result<Option<PreviousImport>> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.kind, f.object_id, f.file_name, f.imported_at,
                coalesce(i.title, n.title, p.name, fb.source)
         FROM import_files f
         LEFT JOIN interviews i ON f.kind = 'interview' AND i.id = f.object_id AND i.deleted_at IS NULL
         LEFT JOIN notes n ON f.kind = 'note' AND n.id = f.object_id AND n.deleted_at IS NULL
         LEFT JOIN personas p ON f.kind = 'persona' AND p.id = f.object_id AND p.deleted_at IS NULL
         LEFT JOIN feedback_items fb ON f.kind = 'feedback' AND fb.id = f.object_id AND fb.deleted_at IS NULL
         WHERE f.hash = ?1 AND coalesce(i.id, n.id, p.id, fb.id) IS NOT NULL
         ORDER BY f.imported_at DESC LIMIT 1",
    )?;
    let row = stmt
        .query_row([hash(bytes)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })
        .optional()?;
    Ok(row.and_then(|(kind, id, file_name, imported_at, title)| {
        Some(PreviousImport {
            kind: ObjectKind::parse(&kind)?,
            id,
            title,
            file_name,
            imported_at,
        })
    }))
}
