//! One process at a time per workspace. Two processes writing the same workspace would each
//! keep their own search index writer and step on each other, so opening takes an OS lock on
//! `groundwork.lock` and says who holds it in `groundwork.owner.json`; a second process is
//! refused with a message naming that holder. The owner file also names the socket where a
//! holder that listens (the app, `groundwork serve`) takes requests handed to it, which is
//! how the CLI works on a workspace that is open elsewhere (`groundwork_api::handoff`).
//!
//! The lock is the operating system's (`flock` on Unix, `LockFile` on Windows): it goes when
//! the process does, however it ends, so a lock left by a killed process never blocks the
//! next start. The owner file is only read when the lock is held, so a stale one from a
//! killed process is never believed. It is kept apart from the locked file because Windows
//! does not let other processes read a locked file.

use crate::error::{Error, ErrorCode, Result, is_read_only_error};
use fs4::fs_std::FileExt;
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

pub(crate) const LOCK_FILE: &str = "groundwork.lock";
pub(crate) const OWNER_FILE: &str = "groundwork.owner.json";

/// Who holds a workspace open. Enough to name it to a person, and for the CLI to find it and
/// hand it a request instead of refusing (`handoff`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LockOwner {
    pub pid: u32,
    /// The program's file name (e.g. `groundwork`, `groundwork-desktop`).
    pub program: String,
    /// What it is doing with the workspace (e.g. `groundwork serve`, `the Groundwork app`).
    pub purpose: String,
    /// The Groundwork version that holds it.
    pub version: String,
    pub started_at: String,
    /// Where the holder can be reached, when it serves the workspace (`groundwork serve`'s
    /// address; never its token).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub address: Option<String>,
    /// The Unix-domain socket where the holder takes requests handed to it by the CLI
    /// (`groundwork_api::handoff`), when it listens for them. Only believed while the lock
    /// is held, and checked again before anything is sent to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub handoff: Option<String>,
}

impl LockOwner {
    fn this_process(purpose: Option<&str>) -> LockOwner {
        let program = std::env::current_exe()
            .ok()
            .and_then(|p| p.file_name().map(|f| f.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "groundwork".into());
        LockOwner {
            pid: std::process::id(),
            purpose: purpose.map_or_else(|| program.clone(), str::to_string),
            program,
            version: env!("CARGO_PKG_VERSION").to_string(),
            started_at: crate::store::now(),
            address: None,
            handoff: None,
        }
    }

    /// "groundwork serve (process 1234, program groundwork, since …)".
    pub fn describe(&self) -> String {
        let mut s = format!(
            "{} (process {}, program {}, since {}",
            self.purpose, self.pid, self.program, self.started_at
        );
        if let Some(a) = &self.address {
            s.push_str(&format!(", at {a}"));
        }
        s.push(')');
        s
    }
}

/// Held for as long as the workspace is open; dropping it lets the next process in.
pub(crate) struct WorkspaceLock {
    file: File,
    owner_path: PathBuf,
    owner: LockOwner,
    /// The last holder never let go cleanly (its owner file was still there): it was
    /// killed or crashed, so what it derived from the store deserves a look.
    pub(crate) after_crash: bool,
}

/// What trying to lock found.
pub(crate) enum Locked {
    Held(WorkspaceLock),
    /// The folder cannot be written (permissions, a read-only disk): nothing to protect
    /// against, since no process can write it either.
    ReadOnly,
}

/// Lock the workspace in `root` for this process, or say who has it.
pub(crate) fn acquire(root: &Path, purpose: Option<&str>) -> Result<Locked> {
    let path = root.join(LOCK_FILE);
    let file = match OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if is_read_only_error(&e) => return Ok(Locked::ReadOnly),
        Err(e) => {
            return Err(Error::from(e).context(format!("cannot open {}", path.display())));
        }
    };
    match file.try_lock_exclusive() {
        Ok(true) => {}
        Ok(false) => return Err(held_by(root)),
        Err(e) => {
            return Err(Error::from(e).context(format!("cannot lock {}", path.display())));
        }
    }
    let owner_path = root.join(OWNER_FILE);
    let lock = WorkspaceLock {
        file,
        after_crash: owner_path.exists(),
        owner_path,
        owner: LockOwner::this_process(purpose),
    };
    lock.write_owner()?;
    Ok(Locked::Held(lock))
}

/// The refusal: who holds the workspace, as far as its owner file says.
fn held_by(root: &Path) -> Error {
    // The holder writes its owner file just after taking the lock; give it a moment.
    let mut owner = None;
    for _ in 0..20 {
        owner = read_owner(root);
        if owner.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    let who = owner.map_or_else(
        || "another Groundwork process".to_string(),
        |o| o.describe(),
    );
    Error::new(
        ErrorCode::Conflict,
        format!(
            "{} is in use by {who}. One process at a time may use a workspace: close that one \
             (or stop it) and try again.",
            root.display()
        ),
    )
}

/// The owner recorded by whoever holds the lock now (None if unreadable).
pub fn read_owner(root: &Path) -> Option<LockOwner> {
    let bytes = std::fs::read(root.join(OWNER_FILE)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

impl WorkspaceLock {
    fn write_owner(&self) -> Result<()> {
        crate::files::write_whole(&self.owner_path, &serde_json::to_vec_pretty(&self.owner)?)
    }

    pub(crate) fn owner(&self) -> &LockOwner {
        &self.owner
    }

    /// Record where this process serves the workspace.
    pub(crate) fn set_address(&mut self, address: Option<String>) -> Result<()> {
        self.owner.address = address;
        self.write_owner()
    }

    /// Record where this process takes requests handed over by other processes.
    pub(crate) fn set_handoff(&mut self, socket: Option<String>) -> Result<()> {
        self.owner.handoff = socket;
        self.write_owner()
    }
}

impl Drop for WorkspaceLock {
    fn drop(&mut self) {
        // The owner file goes first, while the lock still guards it; the lock itself is
        // released by closing the file (and by the OS if we never get here).
        let _ = std::fs::remove_file(&self.owner_path);
        let _ = FileExt::unlock(&self.file);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_naming_the_holder_and_the_first_release_lets_it_in() {
        let dir = tempfile::tempdir().unwrap();
        let Locked::Held(first) = acquire(dir.path(), Some("groundwork serve")).unwrap() else {
            panic!("a temp folder is writable");
        };
        let Err(e) = acquire(dir.path(), Some("groundwork stats")) else {
            panic!("a second lock was granted");
        };
        assert_eq!(e.code, ErrorCode::Conflict);
        assert!(e.message.contains("groundwork serve"), "{}", e.message);
        assert!(
            e.message
                .contains(&format!("process {}", std::process::id())),
            "{}",
            e.message
        );
        drop(first);
        assert!(!dir.path().join(OWNER_FILE).exists());
        assert!(matches!(
            acquire(dir.path(), None).unwrap(),
            Locked::Held(_)
        ));
    }
}
