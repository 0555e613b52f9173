//! The use cases that name a file on this machine by path: import, preview and attach a
//! file, save a persona's Markdown, back up to a file. A path is what a request must never
//! carry from just anyone: over HTTP it let whoever reached the server read any file (attach
//! `~/.ssh/id_rsa`, then download the attachment) or write one (a persona saved as Markdown
//! over `~/.bashrc`).
//!
//! So they are a type of their own. `crate::Request`, which both transports parse, holds
//! no path (a test below reads its declaration to keep it so), and the HTTP server parses
//! only `Request`: it cannot even deserialize these. The desktop shell parses
//! `LocalRequest`, and hands one on only after [`Grants::check`] finds every path among
//! those its user picked in this run (a dialog's answer or a drop), so one script injected
//! into the window cannot make up a path either.

use crate::jobs;
use groundwork_core::attachments::Attachment;
use groundwork_core::import::{FeedbackMapping, ImportAs};
use groundwork_core::personas::PersonaImportPreview;
use groundwork_core::speakers::{ImportPreview, SpeakerMap};
use groundwork_core::{BackupInfo, Error, ErrorBody, FeedbackPreview, Imported, Workspace};
use serde_json::Value;
use std::path::{Component, Path, PathBuf};

/// The `cmd` of every `LocalRequest`, for tests that try each (checked against the type).
pub const COMMANDS: &[&str] = &[
    "import_file",
    "preview_file",
    "import_feedback_file",
    "preview_feedback_file",
    "preview_paths",
    "attach_file",
    "save_persona_markdown",
    "preview_persona_import_file",
    "back_up_to",
    "export_pack",
    "import_pack",
];

use_cases! {
    /// The use cases that name a file on this machine by path: only the desktop shell
    /// parses them, for paths its user picked in this run.
    pub enum LocalRequest;

    /// Import one file completely or not at all.
    ImportFile {
        path: PathBuf,
        r#as: Option<ImportAs>,
        /// Speakers mapped to participants or the interviewer (see `PreviewFile`).
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional))]
        speakers: Option<SpeakerMap>,
    } -> Imported = |ws| ws.import_file_with(&path, r#as, &speakers.unwrap_or_default());
    /// Import a feedback export with a column mapping (else the remembered or guessed one);
    /// items an earlier import made are not added again.
    ImportFeedbackFile {
        path: PathBuf,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional))]
        mapping: Option<FeedbackMapping>,
    } -> Imported = |ws| ws.import_feedback_file(&path, mapping.as_ref());
    /// A feedback export's columns, the mapping to use and its first rows; saves nothing.
    PreviewFeedbackFile {
        path: PathBuf,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional))]
        mapping: Option<FeedbackMapping>,
    } -> FeedbackPreview = |ws| ws.preview_feedback_file(&path, mapping.as_ref());
    /// What importing the file would make (kind, title, speakers and their turns); saves nothing.
    PreviewFile { path: PathBuf, r#as: Option<ImportAs> } -> ImportPreview =
        |ws| ws.preview_file(&path, r#as);
    /// `PreviewFile` for files and folders (walked as an import walks them); files that
    /// cannot be read are left out (their import says why).
    PreviewPaths { paths: Vec<PathBuf>, r#as: Option<ImportAs> } -> Vec<ImportPreview> = |ws| {
        let (files, _) = jobs::collect(&paths);
        Ok(files.iter().filter_map(|f| ws.preview_file(f, r#as).ok()).collect())
    };
    /// Copy a file into the workspace, attached to the interview.
    AttachFile { interview_id: String, path: PathBuf } -> Attachment =
        |ws| ws.attach_file(&interview_id, &path);
    /// Write a persona's Markdown export to the file the save dialog picked.
    SavePersonaMarkdown { id: String, path: PathBuf } -> String =
        |ws| ws.save_persona_markdown(&id, &path);
    /// What importing persona Markdown from this file would make; confirm with
    /// `import_file` as persona.
    PreviewPersonaImportFile { path: PathBuf } -> PersonaImportPreview =
        |ws| ws.preview_persona_import_file(&path);
    /// Back the database up to a new file (`groundwork backup --out FILE`).
    BackUpTo { path: PathBuf } -> BackupInfo = |ws| ws.backup_to(&path);
    /// Write a research pack into a new folder (`groundwork pack export --out DIR`).
    ExportPack { request: Box<groundwork_core::pack::PackRequest>, path: PathBuf } -> groundwork_core::pack::PackReport =
        |ws| ws.export_pack(&request, &path);
    /// Merge a REFI-QDA project or codebook into the workspace (`groundwork pack import`);
    /// with `dry_run`, say what it would add and change nothing.
    ImportPack { path: PathBuf, dry_run: bool } -> groundwork_core::pack::PackImport =
        |ws| ws.import_pack_file(&path, dry_run);
}

impl LocalRequest {
    /// The paths the request reads from.
    pub fn reads(&self) -> Vec<&Path> {
        use LocalRequest::*;
        match self {
            ImportFile { path, .. }
            | PreviewFile { path, .. }
            | ImportFeedbackFile { path, .. }
            | PreviewFeedbackFile { path, .. }
            | AttachFile { path, .. }
            | PreviewPersonaImportFile { path }
            | ImportPack { path, .. } => vec![path],
            PreviewPaths { paths, .. } => paths.iter().map(PathBuf::as_path).collect(),
            SavePersonaMarkdown { .. } | BackUpTo { .. } | ExportPack { .. } => vec![],
        }
    }

    /// The paths the request writes to.
    pub fn writes(&self) -> Vec<&Path> {
        match self {
            LocalRequest::SavePersonaMarkdown { path, .. }
            | LocalRequest::BackUpTo { path }
            | LocalRequest::ExportPack { path, .. } => vec![path],
            _ => vec![],
        }
    }
}

/// Handle one request whose paths the caller has checked (see [`Grants::check`]).
pub fn handle_local(ws: &Workspace, req: LocalRequest) -> Result<Value, ErrorBody> {
    req.handle(ws)
}

/// Parse a `LocalRequest` from JSON, as [`crate::parse`] parses a `Request`.
pub fn parse_local(body: &[u8]) -> Result<LocalRequest, ErrorBody> {
    serde_json::from_slice(body)
        .map_err(crate::malformed)
        .and_then(crate::parse_value)
}

/// The paths the user picked in this run, kept by the desktop shell: what an open dialog
/// answered or was dropped onto the window may be read (a folder with everything in it);
/// what a save dialog answered may be written (that file only). Anything else is refused,
/// however it is spelled: paths are compared as given, absolute, with no `..`.
#[derive(Debug, Default, Clone)]
pub struct Grants {
    read: Vec<PathBuf>,
    write: Vec<PathBuf>,
}

impl Grants {
    /// An open dialog's answer or a dropped file or folder.
    pub fn allow_read(&mut self, path: PathBuf) {
        if plain(&path) && !self.read.contains(&path) {
            self.read.push(path);
        }
    }

    /// A save dialog's answer.
    pub fn allow_write(&mut self, path: PathBuf) {
        if plain(&path) && !self.write.contains(&path) {
            self.write.push(path);
        }
    }

    /// Whether `path` was picked or dropped, or lies inside a folder that was.
    pub fn may_read(&self, path: &Path) -> bool {
        plain(path) && self.read.iter().any(|g| path.starts_with(g))
    }

    /// Whether `path` is what a save dialog answered.
    pub fn may_write(&self, path: &Path) -> bool {
        plain(path) && self.write.iter().any(|g| g == path)
    }

    /// Ok when every path the request reads and writes was picked; else why not.
    pub fn check(&self, req: &LocalRequest) -> Result<(), ErrorBody> {
        for p in req.reads() {
            if !self.may_read(p) {
                return Err(not_picked(p));
            }
        }
        for p in req.writes() {
            if !self.may_write(p) {
                return Err(not_picked(p));
            }
        }
        Ok(())
    }
}

/// Absolute, with no `..` (`.` components are dropped by `Path::components` already).
fn plain(path: &Path) -> bool {
    path.is_absolute()
        && path
            .components()
            .all(|c| !matches!(c, Component::ParentDir))
}

/// The refusal for a path the user did not pick.
pub fn not_picked(path: &Path) -> ErrorBody {
    ErrorBody::from(&Error::invalid(
        "path",
        format!(
            "{} was not chosen in this window: pick it with the file dialog or drop it onto the window",
            path.display()
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of each, as the desktop UI sends them.
    fn samples() -> Vec<LocalRequest> {
        let p = PathBuf::from("/home/pm/calls/ann.vtt");
        vec![
            LocalRequest::ImportFile {
                path: p.clone(),
                r#as: None,
                speakers: None,
            },
            LocalRequest::PreviewFile {
                path: p.clone(),
                r#as: None,
            },
            LocalRequest::ImportFeedbackFile {
                path: p.clone(),
                mapping: None,
            },
            LocalRequest::PreviewFeedbackFile {
                path: p.clone(),
                mapping: None,
            },
            LocalRequest::PreviewPaths {
                paths: vec![p.clone()],
                r#as: None,
            },
            LocalRequest::AttachFile {
                interview_id: "i".into(),
                path: p.clone(),
            },
            LocalRequest::SavePersonaMarkdown {
                id: "p".into(),
                path: p.clone(),
            },
            LocalRequest::PreviewPersonaImportFile { path: p },
            LocalRequest::BackUpTo {
                path: "/home/pm/out/research.sqlite".into(),
            },
            LocalRequest::ExportPack {
                request: Box::new(groundwork_core::pack::PackRequest {
                    format: groundwork_core::pack::PackFormat::Md,
                    scope: Default::default(),
                    redact: Default::default(),
                }),
                path: "/home/pm/out/pack".into(),
            },
            LocalRequest::ImportPack {
                path: "/home/pm/in/project.qdpx".into(),
                dry_run: true,
            },
        ]
    }

    /// What the HTTP server parses cannot hold any of them.
    #[test]
    fn no_local_request_parses_as_a_request() {
        let cmds: Vec<String> = samples()
            .iter()
            .map(|r| {
                serde_json::to_value(r).unwrap()["cmd"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(cmds, COMMANDS);
        for req in samples() {
            let json = serde_json::to_vec(&req).unwrap();
            let e = crate::parse(&json).unwrap_err();
            assert!(
                e.message.contains("unknown variant"),
                "{req:?}: {}",
                e.message
            );
            assert!(parse_local(&json).is_ok());
        }
    }

    /// `Request` names no file on disk. Read from its declaration, so a path-taking variant
    /// added to it later fails here: it belongs in `LocalRequest`.
    #[test]
    fn request_holds_no_path() {
        let source = include_str!("lib.rs");
        let start = source
            .find("pub enum Request;")
            .expect("Request is declared");
        let end = start + source[start..].find("\n}\n").expect("Request ends");
        let declaration = &source[start..end];
        // (`path:` may appear in a handler, e.g. the workspace's own folder as text; a field
        // that names a file is typed with `Path`/`PathBuf`.)
        for word in ["PathBuf", "Path>", ": Path", ": &Path", "std::path"] {
            assert!(
                !declaration.contains(word),
                "Request mentions `{word}`: requests that take a path belong in LocalRequest"
            );
        }
    }

    #[test]
    fn only_picked_paths_pass() {
        let mut g = Grants::default();
        g.allow_read("/home/pm/calls".into());
        g.allow_read("/home/pm/notes/plan.md".into());
        g.allow_write("/home/pm/out/ann.md".into());
        g.allow_read("relative/ignored".into());
        for ok in [
            "/home/pm/calls",
            "/home/pm/calls/ann.vtt",
            "/home/pm/calls/2026/bo.vtt",
            "/home/pm/notes/plan.md",
            "/home/pm/calls/./ann.vtt",
        ] {
            assert!(g.may_read(Path::new(ok)), "{ok}");
        }
        for bad in [
            "/home/pm/calls/../.ssh/id_rsa",
            "/home/pm/callsign.txt",
            "/home/pm/notes/plan.md.bak",
            "/home/pm/notes",
            "/etc/passwd",
            "relative/ignored",
            "/home/pm/out/ann.md",
        ] {
            assert!(!g.may_read(Path::new(bad)), "{bad}");
        }
        assert!(g.may_write(Path::new("/home/pm/out/ann.md")));
        assert!(
            !g.may_write(Path::new("/home/pm/calls/ann.vtt")),
            "a pick to read is not one to write"
        );
        assert!(!g.may_write(Path::new("/home/pm/.bashrc")));

        let attach = LocalRequest::AttachFile {
            interview_id: "i".into(),
            path: "/home/pm/.ssh/id_rsa".into(),
        };
        let e = g.check(&attach).unwrap_err();
        assert!(e.message.contains("/home/pm/.ssh/id_rsa"), "{}", e.message);
        let save = LocalRequest::SavePersonaMarkdown {
            id: "p".into(),
            path: "/home/pm/out/ann.md".into(),
        };
        assert!(g.check(&save).is_ok());
    }
}
