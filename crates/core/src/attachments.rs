//! Files attached to an interview (a recording, a consent form, slides): copied into the
//! workspace's attachments/ folder under a new name, so the workspace stays whole when the
//! original moves, and listed with the interview. Removing one deletes the copy.

use crate::error::{Error, ErrorCode, Result};
use crate::store::{self, new_id, now};
use crate::workspace::Workspace;
use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The largest file that can be attached (a few hours of recording).
pub const MAX_ATTACHMENT_BYTES: u64 = 4 * 1024 * 1024 * 1024;

/// The most bytes one range answer carries; players ask again for the rest.
pub const RANGE_CHUNK: u64 = 4 * 1024 * 1024;

/// What a request for an attachment's bytes gets, for any transport to turn into HTTP.
#[derive(Debug, PartialEq)]
pub enum AttachmentBytes {
    /// `range` is the first and last byte sent when a range was asked for (206), None for
    /// the whole file (200).
    Bytes {
        media_type: String,
        file_name: String,
        total: u64,
        range: Option<(u64, u64)>,
        bytes: Vec<u8>,
    },
    /// The range asked for lies outside the file (416).
    Unsatisfiable { total: u64 },
}

/// `bytes=a-b`, `bytes=a-` or `bytes=-n` (the first range only) for a file of `len` bytes:
/// the first and last byte, or Err when it lies outside the file.
pub fn parse_range(header: &str, len: u64) -> Option<std::result::Result<(u64, u64), ()>> {
    let spec = header.trim().strip_prefix("bytes=")?;
    let (a, b) = spec.split(',').next()?.trim().split_once('-')?;
    let parsed = match (a.parse::<u64>().ok(), b.parse::<u64>().ok()) {
        (Some(a), Some(b)) if a <= b && a < len => Ok((a, b.min(len - 1))),
        (Some(a), None) if b.is_empty() && a < len => Ok((a, len - 1)),
        (None, Some(n)) if a.is_empty() && n > 0 && len > 0 => Ok((len.saturating_sub(n), len - 1)),
        _ => Err(()),
    };
    Some(parsed)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Attachment {
    pub id: String,
    pub interview_id: String,
    /// The name the file had when it was attached.
    pub file_name: String,
    /// From the extension: `audio/mpeg`, `video/mp4`, `application/pdf`…
    pub media_type: String,
    pub bytes: i64,
    pub created_at: String,
}

/// The media type for a file name, from its extension.
pub fn media_type(file_name: &str) -> &'static str {
    let ext = Path::new(file_name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "mp3" => "audio/mpeg",
        "m4a" | "aac" => "audio/mp4",
        "wav" => "audio/wav",
        "ogg" | "oga" | "opus" => "audio/ogg",
        "flac" => "audio/flac",
        "mp4" | "m4v" => "video/mp4",
        "webm" => "video/webm",
        "mov" => "video/quicktime",
        "mkv" => "video/x-matroska",
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "txt" | "vtt" | "srt" | "md" | "csv" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

const COLUMNS: &str = "id, interview_id, file_name, media_type, bytes, created_at, stored_name";

fn from_row(r: &Row) -> rusqlite::Result<(Attachment, String)> {
    Ok((
        Attachment {
            id: r.get(0)?,
            interview_id: r.get(1)?,
            file_name: r.get(2)?,
            media_type: r.get(3)?,
            bytes: r.get(4)?,
            created_at: r.get(5)?,
        },
        r.get(6)?,
    ))
}

/// The stored file names of every attachment.
pub(crate) fn stored_names(
    conn: &rusqlite::Connection,
) -> Result<std::collections::BTreeSet<String>> {
    let mut stmt = conn.prepare_cached("SELECT stored_name FROM attachments")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Workspace {
    fn attachments_dir(&self) -> PathBuf {
        self.root().join("attachments")
    }

    /// Attach a file's bytes (an upload) to an interview.
    pub fn attach_bytes(
        &self,
        interview_id: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<Attachment> {
        self.attach_with(interview_id, file_name, |dest| {
            let mut f = std::fs::File::create_new(dest)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            Ok(bytes.len() as u64)
        })
    }

    /// Attach a file on this machine to an interview (copied; the original stays).
    pub fn attach_file(&self, interview_id: &str, path: &Path) -> Result<Attachment> {
        self.attach_file_named(interview_id, path, None)
    }

    /// `attach_file`, recorded under `file_name` instead of the path's own name (an upload
    /// the server spooled to a temporary file).
    pub fn attach_file_named(
        &self,
        interview_id: &str,
        path: &Path,
        file_name: Option<&str>,
    ) -> Result<Attachment> {
        let shown = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|e| Error::from(e).context(&shown))?;
        if !meta.is_file() {
            return Err(Error::invalid("path", format!("{shown} is not a file")));
        }
        let name = match file_name {
            Some(n) => n.to_string(),
            None => path
                .file_name()
                .map_or(shown.clone(), |n| n.to_string_lossy().into_owned()),
        };
        self.attach_with(interview_id, &name, |dest| {
            std::fs::copy(path, dest).map_err(|e| Error::from(e).context(&shown))
        })
    }

    /// Write the copy with `write`, then record it; the copy is removed if recording fails.
    fn attach_with(
        &self,
        interview_id: &str,
        file_name: &str,
        write: impl FnOnce(&Path) -> Result<u64>,
    ) -> Result<Attachment> {
        let file_name = file_name.trim();
        if file_name.is_empty() {
            return Err(Error::invalid("file_name", "say the file's name"));
        }
        self.interview(interview_id)?;
        let id = new_id();
        let ext = Path::new(file_name)
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .filter(|e| e.len() <= 8 && e.chars().all(|c| c.is_ascii_alphanumeric()));
        let stored = match ext {
            Some(e) => format!("{id}.{e}"),
            None => id.clone(),
        };
        let dir = self.attachments_dir();
        std::fs::create_dir_all(&dir).map_err(|e| Error::from(e).context(dir.display()))?;
        let dest = dir.join(&stored);
        let size = write(&dest)?;
        if size > MAX_ATTACHMENT_BYTES {
            let _ = std::fs::remove_file(&dest);
            return Err(Error::new(
                ErrorCode::TooLarge,
                format!("{file_name}: attachments can be up to 4 GB"),
            ));
        }
        let media = media_type(file_name);
        let t = now();
        let recorded = self.write("attach_file", |c| {
            store::require_ref(c, "interview_id", crate::model::ObjectKind::Interview, interview_id)?;
            c.execute(
                "INSERT INTO attachments (id, interview_id, file_name, stored_name, media_type, bytes, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![id, interview_id, file_name, stored, media, size as i64, t],
            )?;
            Ok(())
        });
        if let Err(e) = recorded {
            let _ = std::fs::remove_file(&dest);
            return Err(e);
        }
        Ok(Attachment {
            id,
            interview_id: interview_id.to_string(),
            file_name: file_name.to_string(),
            media_type: media.to_string(),
            bytes: size as i64,
            created_at: t,
        })
    }

    /// An interview's attachments, oldest first.
    pub fn attachments(&self, interview_id: &str) -> Result<Vec<Attachment>> {
        let conn = self.read()?;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM attachments WHERE interview_id = ?1 ORDER BY created_at, id"
        ))?;
        let rows = stmt.query_map([interview_id], from_row)?;
        Ok(rows
            .map(|r| r.map(|(a, _)| a))
            .collect::<rusqlite::Result<_>>()?)
    }

    /// An attachment and where its copy is, for serving its bytes.
    /// The bytes of attachment `id` for an HTTP `Range` header value: at most
    /// `RANGE_CHUNK` of them when a range is asked for (media players ask range by range),
    /// the whole file otherwise. A header that is not a byte range is ignored, as HTTP says.
    pub fn attachment_bytes(&self, id: &str, range: Option<&str>) -> Result<AttachmentBytes> {
        let (a, path) = self.attachment_file(id)?;
        let mut f = std::fs::File::open(&path).map_err(|e| Error::from(e).context(&a.file_name))?;
        let total = f
            .metadata()
            .map_err(|e| Error::from(e).context(&a.file_name))?
            .len();
        let (start, end, partial) = match range.and_then(|r| parse_range(r, total)) {
            Some(Ok((s, e))) => (s, e.min(s + RANGE_CHUNK - 1), true),
            Some(Err(())) => return Ok(AttachmentBytes::Unsatisfiable { total }),
            None => (0, total.saturating_sub(1), false),
        };
        let count = if total == 0 { 0 } else { end - start + 1 };
        let mut bytes = vec![0u8; count as usize];
        f.seek(SeekFrom::Start(start))
            .and_then(|_| f.read_exact(&mut bytes))
            .map_err(|e| Error::from(e).context(&a.file_name))?;
        Ok(AttachmentBytes::Bytes {
            media_type: a.media_type,
            file_name: a.file_name,
            total,
            range: partial.then_some((start, end)),
            bytes,
        })
    }

    pub fn attachment_file(&self, id: &str) -> Result<(Attachment, PathBuf)> {
        let conn = self.read()?;
        let (a, stored) = conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM attachments WHERE id = ?1"),
                [id],
                from_row,
            )
            .optional()?
            .ok_or_else(|| Error::not_found("attachment", id))?;
        Ok((a, self.attachments_dir().join(stored)))
    }

    /// Remove an attachment and its copy in the workspace.
    pub fn remove_attachment(&self, id: &str) -> Result<Attachment> {
        let (a, path) = self.attachment_file(id)?;
        self.write("remove_attachment", |c| {
            c.execute("DELETE FROM attachments WHERE id = ?1", [id])?;
            Ok(())
        })?;
        // The row is gone; a copy that cannot be deleted is only wasted space.
        let _ = std::fs::remove_file(path);
        Ok(a)
    }
}

#[cfg(test)]
mod tests {
    use super::parse_range;

    #[test]
    fn byte_ranges_are_read_as_http_means_them() {
        assert_eq!(parse_range("bytes=0-99", 1000), Some(Ok((0, 99))));
        assert_eq!(parse_range("bytes=900-", 1000), Some(Ok((900, 999))));
        assert_eq!(parse_range("bytes=-100", 1000), Some(Ok((900, 999))));
        assert_eq!(parse_range("bytes=990-2000", 1000), Some(Ok((990, 999))));
        assert_eq!(parse_range("bytes=0-9, 20-29", 1000), Some(Ok((0, 9))));
        assert_eq!(parse_range("bytes=1000-", 1000), Some(Err(())));
        assert_eq!(parse_range("bytes=5-1", 1000), Some(Err(())));
        assert_eq!(
            parse_range("items=0-1", 1000),
            None,
            "not a byte range: ignored"
        );
    }

    use super::*;
    use crate::model::InterviewInput;

    #[test]
    fn attach_list_serve_and_remove() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::init(&dir.path().join("ws")).unwrap();
        let iv = ws
            .create_interview(&InterviewInput {
                title: "Call".into(),
                ..Default::default()
            })
            .unwrap();
        let src = dir.path().join("call recording.MP3");
        std::fs::write(&src, b"ID3 not really audio").unwrap();
        let a = ws.attach_file(&iv.id, &src).unwrap();
        assert_eq!(
            (a.file_name.as_str(), a.media_type.as_str(), a.bytes),
            ("call recording.MP3", "audio/mpeg", 20)
        );
        let b = ws.attach_bytes(&iv.id, "consent.pdf", b"%PDF-1.7").unwrap();
        let list = ws.attachments(&iv.id).unwrap();
        assert_eq!(list, vec![a.clone(), b.clone()]);
        let (_, path) = ws.attachment_file(&a.id).unwrap();
        assert!(path.starts_with(ws.root().join("attachments")));
        assert_eq!(std::fs::read(&path).unwrap(), b"ID3 not really audio");
        ws.remove_attachment(&a.id).unwrap();
        assert!(!path.exists());
        assert_eq!(ws.attachments(&iv.id).unwrap(), vec![b.clone()]);
        assert_eq!(
            ws.remove_attachment(&a.id).unwrap_err().code,
            ErrorCode::NotFound
        );
        // Purging the interview from the trash deletes the copies too.
        let (_, kept) = ws.attachment_file(&b.id).unwrap();
        assert!(kept.exists());
        ws.trash(crate::model::ObjectKind::Interview, &iv.id)
            .unwrap();
        assert!(
            kept.exists(),
            "in the trash, the interview can come back with its files"
        );
        ws.purge_trash(true).unwrap();
        assert!(!kept.exists());
        // Unknown interview: nothing is left behind.
        let e = ws.attach_bytes("nope", "x.mp3", b"x").unwrap_err();
        assert_eq!(e.code, ErrorCode::NotFound);
        assert_eq!(
            std::fs::read_dir(ws.root().join("attachments"))
                .unwrap()
                .count(),
            0
        );
    }
}
