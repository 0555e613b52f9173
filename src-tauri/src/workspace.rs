//! Which workspace the window works on, and opening it off the main thread so the window
//! paints at once: requests wait until the workspace is open (and, on first run, seeded
//! with the demo project).

use groundwork_core::{Error, ErrorBody, ErrorCode, OpenOptions, ProgressFn, Workspace};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};

/// Where the workspace is: `--workspace DIR`, else `GROUNDWORK_WORKSPACE`, else the default
/// one in the user's data folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Given(PathBuf),
    Default,
}

impl Location {
    /// Read `--workspace DIR` / `--workspace=DIR` from the arguments (without the program
    /// name), falling back to `env`. Other arguments are refused so a typo is not ignored.
    pub fn from_args(
        args: impl IntoIterator<Item = OsString>,
        env: Option<OsString>,
    ) -> Result<Location, String> {
        let mut args = args.into_iter();
        let mut given = None;
        while let Some(arg) = args.next() {
            let text = arg.to_string_lossy();
            if text == "--workspace" {
                let dir = args
                    .next()
                    .ok_or("--workspace needs a folder: --workspace DIR")?;
                given = Some(PathBuf::from(dir));
            } else if let Some(dir) = text.strip_prefix("--workspace=") {
                given = Some(PathBuf::from(dir));
            } else {
                return Err(format!(
                    "unknown argument {text:?}; usage: groundwork-desktop [--workspace DIR]"
                ));
            }
        }
        Ok(
            match given.or_else(|| env.filter(|v| !v.is_empty()).map(PathBuf::from)) {
                Some(dir) => Location::Given(dir),
                None => Location::Default,
            },
        )
    }

    /// The folder to open: the given one; else the one last opened from the menu (found
    /// in `config_dir`), else the default.
    pub fn path(&self, config_dir: Option<&Path>) -> groundwork_core::Result<PathBuf> {
        match self {
            Location::Given(dir) => Ok(dir.clone()),
            Location::Default => match config_dir.and_then(remembered) {
                Some(dir) => Ok(dir),
                None => Workspace::default_path(),
            },
        }
    }
}

/// Open the workspace at `path`; when there is none yet (the folder is absent or empty),
/// make it and seed the demo project so a first-time user sees every part of Groundwork.
pub fn open_or_create(
    path: &std::path::Path,
    progress: Option<ProgressFn>,
) -> groundwork_core::Result<Workspace> {
    let first_run = !Workspace::is_workspace(path);
    let ws = Workspace::open_with(
        path,
        OpenOptions {
            create: first_run,
            progress,
            purpose: Some("the Groundwork app".into()),
            ..Default::default()
        },
    )?;
    if first_run {
        groundwork_core::demo::seed_demo(&ws)?;
    }
    Ok(ws)
}

/// Open another workspace in the window. `create` makes a new, empty one (no demo: the user
/// asked for a place for their own research) in a folder that is absent or empty; otherwise
/// the folder must already be a workspace, so picking the wrong folder changes nothing.
pub fn open_other(path: &Path, create: bool) -> groundwork_core::Result<Workspace> {
    let is_workspace = Workspace::is_workspace(path);
    match (create, is_workspace) {
        (true, true) => Err(Error::new(
            ErrorCode::Conflict,
            format!(
                "{} is already a Groundwork workspace; open it with Open workspace instead",
                path.display()
            ),
        )),
        (true, false) => Workspace::init(path),
        (false, true) => Workspace::open(path),
        (false, false) => Err(Error::new(
            ErrorCode::NotFound,
            format!(
                "{} is not a Groundwork workspace (it has no {}); choose a folder made with New workspace",
                path.display(),
                groundwork_core::workspace::DB_FILE
            ),
        )),
    }
}

/// The file, in the app's config folder, that names the workspace last opened from the
/// menu, so the next start without `--workspace` returns to it.
const LAST_FILE: &str = "last-workspace";

pub fn remember(config_dir: &Path, workspace: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(config_dir)?;
    let tmp = config_dir.join(format!("{LAST_FILE}.tmp"));
    std::fs::write(&tmp, workspace.as_os_str().as_encoded_bytes())?;
    std::fs::rename(tmp, config_dir.join(LAST_FILE))?;
    know(config_dir, workspace)
}

/// The file, in the app's config folder, listing the workspaces this app has opened: the
/// workspace menu may switch back to those without a dialog (any other folder must be
/// picked in one, so a script in the window cannot name a folder).
const KNOWN_FILE: &str = "known-workspaces";

/// How many known workspaces are kept (the most recent).
const MAX_KNOWN: usize = 50;

/// Workspaces this app has opened, most recent first.
pub fn known(config_dir: &Path) -> Vec<PathBuf> {
    let Ok(bytes) = std::fs::read(config_dir.join(KNOWN_FILE)) else {
        return Vec::new();
    };
    // On Unix every line is a path; elsewhere a line that is not UTF-8 is skipped.
    #[allow(clippy::unnecessary_filter_map)]
    bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .filter_map(|l| {
            #[cfg(unix)]
            return Some(PathBuf::from(
                <OsString as std::os::unix::ffi::OsStringExt>::from_vec(l.to_vec()),
            ));
            #[cfg(not(unix))]
            return String::from_utf8(l.to_vec()).ok().map(PathBuf::from);
        })
        .collect()
}

/// Add `workspace` to the known ones.
pub fn know(config_dir: &Path, workspace: &Path) -> std::io::Result<()> {
    let bytes = workspace.as_os_str().as_encoded_bytes();
    if bytes.contains(&b'\n') {
        return Ok(()); // cannot be listed one per line; the dialog still opens it
    }
    let mut list = known(config_dir);
    list.retain(|p| p != workspace);
    list.insert(0, workspace.to_path_buf());
    list.truncate(MAX_KNOWN);
    let mut out = Vec::new();
    for p in &list {
        out.extend_from_slice(p.as_os_str().as_encoded_bytes());
        out.push(b'\n');
    }
    std::fs::create_dir_all(config_dir)?;
    let tmp = config_dir.join(format!("{KNOWN_FILE}.tmp"));
    std::fs::write(&tmp, out)?;
    std::fs::rename(tmp, config_dir.join(KNOWN_FILE))
}

/// The workspace last opened from the menu, if it still is one.
pub fn remembered(config_dir: &Path) -> Option<PathBuf> {
    let bytes = std::fs::read(config_dir.join(LAST_FILE)).ok()?;
    #[cfg(unix)]
    let path = PathBuf::from(<OsString as std::os::unix::ffi::OsStringExt>::from_vec(
        bytes,
    ));
    #[cfg(not(unix))]
    let path = PathBuf::from(String::from_utf8(bytes).ok()?);
    Workspace::is_workspace(&path).then_some(path)
}

/// The workspace as it becomes available: requests made before it is open wait for it.
#[derive(Default)]
pub struct Opening {
    slot: Mutex<Option<Result<Arc<Workspace>, ErrorBody>>>,
    opened: Condvar,
}

impl Opening {
    pub fn finish(&self, result: groundwork_core::Result<Workspace>) {
        let result = result.map(Arc::new).map_err(|e| ErrorBody::from(&e));
        *self.slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
        self.opened.notify_all();
    }

    /// The open workspace, waiting until opening has finished; the error if it failed.
    /// Blocks: call from a blocking thread, never from the main (UI) thread.
    pub fn wait(&self) -> Result<Arc<Workspace>, ErrorBody> {
        let guard = self.slot.lock().unwrap_or_else(|e| e.into_inner());
        let guard = self
            .opened
            .wait_while(guard, |slot| slot.is_none())
            .unwrap_or_else(|e| e.into_inner());
        guard.clone().unwrap_or_else(|| {
            Err(ErrorBody::from(&Error::new(
                ErrorCode::Io,
                "the workspace is not open",
            )))
        })
    }

    /// The workspace if it is open by now, without waiting.
    pub fn get(&self) -> Option<Arc<Workspace>> {
        self.slot
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .and_then(|r| r.as_ref().ok().cloned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_argument_wins_over_the_variable_and_the_default_is_last() {
        let env = Some(OsString::from("/from/env"));
        assert_eq!(
            Location::from_args(args(&["--workspace", "/a"]), env.clone()),
            Ok(Location::Given("/a".into()))
        );
        assert_eq!(
            Location::from_args(args(&["--workspace=/b"]), env.clone()),
            Ok(Location::Given("/b".into()))
        );
        assert_eq!(
            Location::from_args(args(&[]), env),
            Ok(Location::Given("/from/env".into()))
        );
        assert_eq!(
            Location::from_args(args(&[]), Some(OsString::new())),
            Ok(Location::Default)
        );
        assert_eq!(Location::from_args(args(&[]), None), Ok(Location::Default));
    }

    #[test]
    fn unknown_or_incomplete_arguments_are_refused() {
        assert!(Location::from_args(args(&["--workspace"]), None).is_err());
        assert!(
            Location::from_args(args(&["--worksapce", "/a"]), None)
                .unwrap_err()
                .contains("--worksapce")
        );
    }

    #[test]
    fn a_new_workspace_gets_the_demo_once_and_an_existing_one_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fresh");
        let ws = open_or_create(&path, None).unwrap();
        assert!(groundwork_core::demo::has_demo(&ws));
        let interviews = ws.interviews().unwrap().len();
        assert!(
            interviews >= 6,
            "the demo has at least 6 interviews, got {interviews}"
        );
        groundwork_core::demo::remove_demo(&ws).unwrap();
        drop(ws);

        // Opening it again must not bring the removed demo back.
        let ws = open_or_create(&path, None).unwrap();
        assert!(!groundwork_core::demo::has_demo(&ws));
        assert!(ws.interviews().unwrap().is_empty());
    }

    #[test]
    fn a_folder_with_other_files_is_not_turned_into_a_workspace() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("taxes.pdf"), "x").unwrap();
        assert!(open_or_create(dir.path(), None).is_err());
        assert!(!Workspace::is_workspace(dir.path()));
    }

    #[test]
    fn another_workspace_is_created_empty_or_opened_and_a_wrong_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("second");
        let ws = open_other(&new, true).unwrap();
        assert!(
            ws.interviews().unwrap().is_empty(),
            "no demo in a workspace the user made"
        );
        drop(ws);
        assert_eq!(
            open_other(&new, true).err().map(|e| e.code),
            Some(ErrorCode::Conflict)
        );
        assert!(open_other(&new, false).is_ok());

        let plain = dir.path().join("photos");
        std::fs::create_dir(&plain).unwrap();
        std::fs::write(plain.join("cat.jpg"), "x").unwrap();
        let e = open_other(&plain, false).err().unwrap();
        assert_eq!(e.code, ErrorCode::NotFound);
        assert!(
            e.message.contains("not a Groundwork workspace"),
            "{}",
            e.message
        );
        assert_eq!(
            std::fs::read_dir(&plain).unwrap().count(),
            1,
            "nothing was written"
        );
    }

    #[test]
    fn the_last_workspace_is_remembered_while_it_exists() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config");
        assert_eq!(remembered(&config), None);
        let ws_path = dir.path().join("research");
        drop(open_other(&ws_path, true).unwrap());
        remember(&config, &ws_path).unwrap();
        assert_eq!(remembered(&config), Some(ws_path.clone()));
        assert_eq!(
            Location::Default.path(Some(&config)).unwrap(),
            ws_path.clone()
        );
        assert_eq!(
            Location::Given("/x".into()).path(Some(&config)).unwrap(),
            PathBuf::from("/x")
        );
        std::fs::remove_dir_all(&ws_path).unwrap();
        assert_eq!(
            remembered(&config),
            None,
            "a workspace moved away is forgotten"
        );
    }

    #[test]
    fn workspaces_opened_before_are_known_most_recent_first() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config");
        assert!(known(&config).is_empty());
        know(&config, Path::new("/a")).unwrap();
        remember(&config, Path::new("/b")).unwrap();
        know(&config, Path::new("/a")).unwrap();
        know(&config, Path::new("/with\nnewline")).unwrap();
        assert_eq!(known(&config), [PathBuf::from("/a"), PathBuf::from("/b")]);
    }

    #[test]
    fn requests_wait_for_the_workspace_and_then_see_the_outcome() {
        let opening = Arc::new(Opening::default());
        let waiter = {
            let opening = opening.clone();
            std::thread::spawn(move || opening.wait().map(|_| ()).map_err(|e| e.code))
        };
        assert!(opening.get().is_none());
        opening.finish(Err(Error::new(ErrorCode::Storage, "disk on fire")));
        assert_eq!(waiter.join().unwrap(), Err(ErrorCode::Storage));
    }
}
