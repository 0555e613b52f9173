//! Helpers the engine's tests share: a workspace in a temp folder, the real corpus, the
//! fixtures in this folder, and the smallest objects many tests start from.
#![allow(dead_code)] // each test file uses part of it

use groundwork_core::Workspace;
use groundwork_core::model::{Note, NoteInput, Tag, TagInput};
use std::path::{Path, PathBuf};

/// A new, empty workspace in a temp folder; the folder goes when the `TempDir` is dropped.
pub fn new_ws() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::init(&dir.path().join("ws")).unwrap();
    (dir, ws)
}

/// The real corpus beside the repository (`GROUNDWORK_CORPUS` overrides). Missing, it skips the
/// tests that read it, except with CI=true, where it fails them.
pub fn corpus() -> Option<PathBuf> {
    let dir = match std::env::var("GROUNDWORK_CORPUS") {
        Ok(d) => PathBuf::from(d),
        Err(_) => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"),
    };
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "corpus not found at {} (set GROUNDWORK_CORPUS)",
            dir.display()
        );
    }
    eprintln!(
        "notice: corpus not found at {}; skipping the tests that read it",
        dir.display()
    );
    None
}

/// A file under `tests/fixtures/<folder>/`.
pub fn fixture_path(folder: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(folder)
        .join(name)
}

/// The bytes of a file under `tests/fixtures/<folder>/`, or a panic naming it.
pub fn fixture(folder: &str, name: &str) -> Vec<u8> {
    let path = fixture_path(folder, name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn note(ws: &Workspace, title: &str, body: &str) -> Note {
    ws.create_note(&NoteInput {
        title: title.into(),
        body: body.into(),
    })
    .unwrap()
}

pub fn tag(ws: &Workspace, name: &str, parent: Option<&Tag>) -> Tag {
    ws.create_tag(&TagInput {
        name: name.into(),
        parent_id: parent.map(|p| p.id.clone()),
        ..Default::default()
    })
    .unwrap()
}
