//! Files attached to an interview (a recording, a consent form, slides): copied into the
//! workspace's attachments/ folder under a new name, so the workspace stays whole when the
//! original moves, and listed with the interview. Removing one deletes the copy.
//!
//! A workspace may come from someone else (a shared pack, a copied folder), so what its
//! database says about a copy is checked whenever it is read: the stored name must be a
//! name this module makes (never a path), and the media type one it gives.

use crate::error::{Error, ErrorCode, Result};
use crate::files;
use crate::store::attachments::StoredAttachment;
use crate::store::{self, new_id, now};
use crate::workspace::Workspace;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The largest file that can be attached (a few hours of recording).
pub const MAX_ATTACHMENT_BYTES: u64 = 4 * 1024 * 1024 * 1024;

/// Where uploads are written while they arrive, inside the attachments folder.
const INCOMING: &str = ".incoming";

/// An attachment's file, opened for a transport to send (the server picks the byte range an
/// HTTP request asks for; nothing here knows HTTP).
#[derive(Debug)]
pub struct OpenAttachment {
    pub media_type: String,
    pub file_name: String,
    /// Its size in bytes; `file` is positioned at the start (read it in pieces: a recording
    /// can be 4 GB).
    pub total: u64,
    pub file: std::fs::File,
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

/// The media types Groundwork gives, by extension. Nothing here is a type a browser runs
/// script from (HTML, SVG, XML): whatever a file is called, it is never served as one.
const MEDIA_TYPES: &[(&[&str], &str)] = &[
    (&["mp3"], "audio/mpeg"),
    (&["m4a", "aac"], "audio/mp4"),
    (&["wav"], "audio/wav"),
    (&["ogg", "oga", "opus"], "audio/ogg"),
    (&["flac"], "audio/flac"),
    (&["mp4", "m4v"], "video/mp4"),
    (&["webm"], "video/webm"),
    (&["mov"], "video/quicktime"),
    (&["mkv"], "video/x-matroska"),
    (&["pdf"], "application/pdf"),
    (
        &["docx"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        &["pptx"],
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    (
        &["xlsx"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    (&["png"], "image/png"),
    (&["jpg", "jpeg"], "image/jpeg"),
    (
        &["txt", "vtt", "srt", "md", "csv"],
        "text/plain; charset=utf-8",
    ),
];

/// For everything else: bytes a browser only downloads.
const OPAQUE: &str = "application/octet-stream";

/// The media type for a file name, from its extension.
pub fn media_type(file_name: &str) -> &'static str {
    let ext = Path::new(file_name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    MEDIA_TYPES
        .iter()
        .find(|(exts, _)| exts.contains(&ext.as_str()))
        .map_or(OPAQUE, |(_, t)| t)
}

/// A stored media type as served: one of Groundwork's own, else opaque bytes.
fn checked_media_type(stored: &str) -> &'static str {
    MEDIA_TYPES
        .iter()
        .map(|(_, t)| *t)
        .find(|t| *t == stored)
        .unwrap_or(OPAQUE)
}

/// Whether `name` is a name `attach_with` makes: an id, maybe with a short extension. No
/// separators, no `..`, nothing hidden, so it can only name a file in attachments/.
fn is_stored_name(name: &str) -> bool {
    let (stem, ext) = name.split_once('.').unwrap_or((name, ""));
    let ok = |s: &str| s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    !stem.is_empty()
        && stem.len() <= 64
        && ok(stem)
        && ext.len() <= 8
        && ext.bytes().all(|b| b.is_ascii_alphanumeric())
        && !(name.contains('.') && ext.is_empty())
}

/// The copy's path for a stored name, when the name is one Groundwork makes.
pub(crate) fn stored_path(root: &Path, stored: &str) -> Option<PathBuf> {
    is_stored_name(stored).then(|| root.join("attachments").join(stored))
}

/// A row as stored, with the media type as served, and the copy's stored name.
fn from_stored(s: StoredAttachment) -> (Attachment, String) {
    (
        Attachment {
            id: s.id,
            interview_id: s.interview_id,
            file_name: s.file_name,
            media_type: checked_media_type(&s.media_type).to_string(),
            bytes: s.bytes,
            created_at: s.created_at,
        },
        s.stored_name,
    )
}

fn too_big(name: &str, size: u64) -> Error {
    files::too_large(name, size, "attachments can be up to 4 GB")
}

/// An upload being written, inside the workspace (attachments/.incoming/, readable only by
/// its owner), until `Workspace::attach_upload` moves it into place. Dropped before that —
/// the client went away, the upload was too large, the server stopped — it is deleted.
#[derive(Debug)]
pub struct Upload {
    file: Option<std::fs::File>,
    path: PathBuf,
    written: u64,
}

impl Upload {
    /// Append the next piece; refused past `MAX_ATTACHMENT_BYTES`.
    pub fn write(&mut self, bytes: &[u8], name: &str) -> Result<()> {
        self.written = self.written.saturating_add(bytes.len() as u64);
        if self.written > MAX_ATTACHMENT_BYTES {
            return Err(too_big(name, self.written));
        }
        let file = self
            .file
            .as_mut()
            .ok_or_else(|| Error::new(ErrorCode::Io, "the upload is already closed"))?;
        file.write_all(bytes)
            .map_err(|e| Error::from(e).context(format!("{name}: cannot save the upload")))
    }

    /// Where it is being written (for tests and messages).
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Upload {
    fn drop(&mut self) {
        self.file.take();
        let _ = std::fs::remove_file(&self.path);
    }
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
        if bytes.len() as u64 > MAX_ATTACHMENT_BYTES {
            return Err(too_big(file_name, bytes.len() as u64));
        }
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

    /// `attach_file`, recorded under `file_name` instead of the path's own name. Only a
    /// regular file is copied, its size is checked before a byte is, and the copy stops at
    /// the limit (a file can grow meanwhile).
    pub fn attach_file_named(
        &self,
        interview_id: &str,
        path: &Path,
        file_name: Option<&str>,
    ) -> Result<Attachment> {
        let shown = path.display().to_string();
        let (file, size) = files::open_regular(path)?;
        let name = match file_name {
            Some(n) => n.to_string(),
            None => path
                .file_name()
                .map_or(shown.clone(), |n| n.to_string_lossy().into_owned()),
        };
        if size > MAX_ATTACHMENT_BYTES {
            return Err(too_big(&shown, size));
        }
        self.attach_with(interview_id, &name, |dest| {
            files::copy_limited(file, dest, MAX_ATTACHMENT_BYTES, |n| too_big(&shown, n))
                .map_err(|e| e.context(&shown))
        })
    }

    /// A new upload to write an attachment's bytes into as they arrive.
    pub fn start_upload(&self) -> Result<Upload> {
        let dir = self.attachments_dir().join(INCOMING);
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(&dir)
            .map_err(|e| Error::from(e).context(dir.display()))?;
        let path = dir.join(new_id());
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options
            .open(&path)
            .map_err(|e| Error::from(e).context(path.display()))?;
        Ok(Upload {
            file: Some(file),
            path,
            written: 0,
        })
    }

    /// Attach a finished upload under `file_name`: moved into place, not copied.
    pub fn attach_upload(
        &self,
        interview_id: &str,
        mut upload: Upload,
        file_name: &str,
    ) -> Result<Attachment> {
        if let Some(f) = upload.file.take() {
            f.sync_all()
                .map_err(|e| Error::from(e).context(file_name))?;
        }
        let size = upload.written;
        let from = upload.path.clone();
        self.attach_with(interview_id, file_name, |dest| {
            std::fs::rename(&from, dest).map_err(|e| Error::from(e).context(file_name))?;
            Ok(size)
        })
        // `upload` drops here: nothing is left in .incoming whether it was moved or not.
    }

    /// Uploads left in .incoming by a process that was killed mid-upload (older than a day,
    /// so no upload still arriving is touched).
    pub fn remove_stale_uploads(&self) {
        let dir = self.attachments_dir().join(INCOMING);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return;
        };
        let day = std::time::Duration::from_secs(24 * 3600);
        for e in entries.flatten() {
            let old = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > day);
            if old {
                let _ = std::fs::remove_file(e.path());
            }
        }
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
            .filter(|e| {
                !e.is_empty() && e.len() <= 8 && e.chars().all(|c| c.is_ascii_alphanumeric())
            });
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
            return Err(too_big(file_name, size));
        }
        let media = media_type(file_name);
        let t = now();
        let recorded = self.write("attach_file", |c| {
            store::require_ref(
                c,
                "interview_id",
                crate::model::ObjectKind::Interview,
                interview_id,
            )?;
            store::attachments::insert(
                c,
                &StoredAttachment {
                    id: id.clone(),
                    interview_id: interview_id.to_string(),
                    file_name: file_name.to_string(),
                    media_type: media.to_string(),
                    bytes: size as i64,
                    created_at: t.clone(),
                    stored_name: stored.clone(),
                },
            )
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
        let rows = store::attachments::of_interview(&*self.read()?, interview_id)?;
        Ok(rows.into_iter().map(|s| from_stored(s).0).collect())
    }

    /// Attachment `id`'s file, opened (a regular file inside the workspace, never a link
    /// out of it), with the media type Groundwork gives it.
    pub fn open_attachment(&self, id: &str) -> Result<OpenAttachment> {
        let (a, path) = self.attachment_file(id)?;
        let (file, total) = files::open_regular(&path).map_err(|e| e.context(&a.file_name))?;
        Ok(OpenAttachment {
            media_type: a.media_type,
            file_name: a.file_name,
            total,
            file,
        })
    }

    fn attachment_row(&self, id: &str) -> Result<(Attachment, String)> {
        store::attachments::get(&*self.read()?, id).map(from_stored)
    }

    /// An attachment and where its copy is; refused when the workspace records a stored
    /// name that is not one Groundwork makes (it could point anywhere).
    pub fn attachment_file(&self, id: &str) -> Result<(Attachment, PathBuf)> {
        let (a, stored) = self.attachment_row(id)?;
        let path = stored_path(self.root(), &stored).ok_or_else(|| {
            Error::invalid(
                "stored_name",
                format!(
                    "{}: this workspace records its copy as {stored:?}, which is not a name Groundwork gives; it was changed outside Groundwork",
                    a.file_name
                ),
            )
        })?;
        Ok((a, path))
    }

    /// Remove an attachment and its copy in the workspace.
    pub fn remove_attachment(&self, id: &str) -> Result<Attachment> {
        let (a, stored) = self.attachment_row(id)?;
        self.write("remove_attachment", |c| store::attachments::delete(c, id))?;
        // The row is gone; a copy that cannot be deleted is only wasted space. A stored
        // name that is not ours names no copy of ours: nothing is deleted for it.
        if let Some(path) = stored_path(self.root(), &stored) {
            let _ = std::fs::remove_file(path);
        }
        Ok(a)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_names_and_media_types_groundwork_gives_are_trusted() {
        for ok in ["0193-abc", "0193-abc.mp3", "ABC123.docx"] {
            assert!(super::is_stored_name(ok), "{ok}");
        }
        for bad in [
            "",
            "../x",
            "a/b",
            "a\\b",
            "/etc/passwd",
            ".hidden",
            "..",
            "a.",
            "a.b.c",
            "a.toolongext",
            "C:x",
        ] {
            assert!(!super::is_stored_name(bad), "{bad}");
        }
        assert_eq!(super::checked_media_type("audio/mpeg"), "audio/mpeg");
        for bad in [
            "text/html",
            "image/svg+xml",
            "text/html; charset=utf-8",
            "text/xml",
            "",
        ] {
            assert_eq!(
                super::checked_media_type(bad),
                "application/octet-stream",
                "{bad}"
            );
        }
        assert_eq!(super::media_type("page.HTML"), "application/octet-stream");
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

    #[test]
    fn uploads_are_private_and_never_left_behind() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::init(&dir.path().join("ws")).unwrap();
        let iv = ws
            .create_interview(&InterviewInput {
                title: "Call".into(),
                ..Default::default()
            })
            .unwrap();
        let incoming = ws.root().join("attachments/.incoming");
        let mut up = ws.start_upload().unwrap();
        up.write(b"ID3 part one ", "call.mp3").unwrap();
        let spooled = up.path().to_path_buf();
        assert!(spooled.starts_with(&incoming));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode =
                |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&spooled), 0o600);
            assert_eq!(mode(&incoming), 0o700);
        }
        // Abandoned (the client went away): gone.
        drop(up);
        assert!(!spooled.exists());
        // Finished: moved into place, nothing left in .incoming.
        let mut up = ws.start_upload().unwrap();
        up.write(b"ID3 audio", "call.mp3").unwrap();
        let a = ws.attach_upload(&iv.id, up, "call.mp3").unwrap();
        assert_eq!((a.bytes, a.media_type.as_str()), (9, "audio/mpeg"));
        assert_eq!(std::fs::read_dir(&incoming).unwrap().count(), 0);
        // Refused (no such interview): the upload is removed too.
        let mut up = ws.start_upload().unwrap();
        up.write(b"x", "x.mp3").unwrap();
        assert!(ws.attach_upload("nope", up, "x.mp3").is_err());
        assert_eq!(std::fs::read_dir(&incoming).unwrap().count(), 0);
    }
}
