//! The file dialogs, opened by the shell rather than by the webview, so the shell knows
//! which paths its user picked: only those (and files dropped onto the window) may be read
//! or written by path afterwards (`groundwork_api::local::Grants`). A script injected into
//! the window can ask for a dialog, but only the user can answer it.
//!
//! For the WebDriver tests, which cannot reach a native dialog, `GROUNDWORK_TEST_DIALOG`
//! names a file whose lines answer the next dialog (then it is deleted; no file: the
//! dialog was cancelled). It is read from the environment the app was started with, which
//! nothing in the webview can change.

use std::path::PathBuf;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

const TEST_DIALOG_VAR: &str = "GROUNDWORK_TEST_DIALOG";

/// What the open dialog is for.
#[derive(Debug, Clone, Copy)]
pub enum Open {
    /// Transcripts, notes and feedback to import (several).
    Import,
    /// Recordings and documents to attach (several).
    Attach,
    /// An existing workspace folder (one).
    Workspace,
}

/// The scripted answer, when the tests set one: `Some(paths)` (empty: cancelled).
fn scripted() -> Option<Vec<PathBuf>> {
    let file = std::env::var_os(TEST_DIALOG_VAR)?;
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    let _ = std::fs::remove_file(&file);
    Some(
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(PathBuf::from)
            .collect(),
    )
}

/// Show an open dialog (blocking: call from a blocking thread). Empty when cancelled.
pub fn open<R: Runtime>(app: &AppHandle<R>, what: Open) -> Vec<PathBuf> {
    if let Some(answer) = scripted() {
        return answer;
    }
    let dialog = app.dialog().file();
    // What `import_file` reads, and the packs `import_pack` reads.
    let importable: Vec<&str> = groundwork_core::import::KNOWN_EXTENSIONS
        .iter()
        .copied()
        .chain(["qdpx", "qdc", "gwpack"])
        .collect();
    let picked = match what {
        Open::Import => dialog
            .set_title("Import into Groundwork")
            .add_filter(
                "Transcripts, notes, feedback, REFI-QDA projects",
                &importable,
            )
            .blocking_pick_files(),
        Open::Attach => dialog
            .set_title("Attach recordings or documents")
            .blocking_pick_files(),
        Open::Workspace => dialog
            .set_title("Open a Groundwork workspace folder")
            .blocking_pick_folder()
            .map(|f| vec![f]),
    };
    picked
        .unwrap_or_default()
        .into_iter()
        .filter_map(|f| f.into_path().ok())
        .collect()
}

/// Show a save dialog (blocking) for a file named `default_name`, or for a new folder when
/// `filter` is None. None when cancelled.
pub fn save<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    default_name: Option<&str>,
    filter: Option<(&str, &[&str])>,
) -> Option<PathBuf> {
    if let Some(answer) = scripted() {
        return answer.into_iter().next();
    }
    let mut dialog = app.dialog().file().set_title(title);
    if let Some(name) = default_name {
        dialog = dialog.set_file_name(name);
    }
    if let Some((name, extensions)) = filter {
        dialog = dialog.add_filter(name, extensions);
    }
    dialog.blocking_save_file()?.into_path().ok()
}
