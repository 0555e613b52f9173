//! Where a workspace lives, and whether that place is safe for it. SQLite in WAL mode keeps
//! its database in three files (`groundwork.sqlite`, `-wal`, `-shm`) that must change
//! together and be locked together: a cloud-sync client (Dropbox, OneDrive, Google Drive,
//! iCloud, Syncthing) copies them one at a time and can put back a database without its WAL,
//! and network file systems do not honour the shared-memory locks WAL relies on. Either way
//! the database can be corrupted. We cannot prevent it, so we say so, once.

use serde::Serialize;
use std::path::Path;

/// A reason to worry about where the workspace is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LocationWarning {
    /// `cloud_sync` or `network_fs`: stable, for the UI and for remembering it was shown.
    pub code: String,
    /// What was found, e.g. "Dropbox" or "an NFS network drive".
    pub found: String,
    /// The whole warning for people: what, why, and what to do.
    pub message: String,
}

/// A cloud-sync folder is known by a marker file or folder it keeps at its top, or by the
/// folder name the client gives it. Checked on the workspace folder and every folder above.
const MARKERS: &[(&str, &str)] = &[
    (".dropbox", "Dropbox"),
    (".dropbox.cache", "Dropbox"),
    (".stfolder", "Syncthing"),
    (".stversions", "Syncthing"),
    (".tmp.drivedownload", "Google Drive"),
    (".tmp.driveupload", "Google Drive"),
    (".icloud", "iCloud Drive"),
];

/// Folder names the sync clients use for their folder (exactly, or followed by " - " and an
/// organisation for OneDrive and Dropbox business accounts).
const FOLDER_NAMES: &[(&str, &str)] = &[
    ("Dropbox", "Dropbox"),
    ("OneDrive", "OneDrive"),
    ("Google Drive", "Google Drive"),
    ("GoogleDrive", "Google Drive"),
    ("My Drive", "Google Drive"),
    ("iCloud Drive", "iCloud Drive"),
    ("iCloudDrive", "iCloud Drive"),
    ("Mobile Documents", "iCloud Drive"),
    ("com~apple~CloudDocs", "iCloud Drive"),
    ("CloudStorage", "a cloud storage provider"),
];

/// The sync client whose folder `path` is in, if any.
pub fn cloud_sync_of(path: &Path) -> Option<&'static str> {
    for dir in path.ancestors() {
        for (marker, client) in MARKERS {
            if dir.join(marker).exists() {
                return Some(client);
            }
        }
        let Some(name) = dir.file_name().map(|n| n.to_string_lossy()) else {
            continue;
        };
        for (folder, client) in FOLDER_NAMES {
            if name == *folder || name.starts_with(&format!("{folder} - ")) {
                return Some(client);
            }
        }
    }
    None
}

/// The network file system `path` is on, if it is on one.
pub fn network_fs_of(path: &Path) -> Option<&'static str> {
    let existing = path.ancestors().find(|p| p.exists())?;
    fs_kind(existing)
}

#[cfg(target_os = "linux")]
fn fs_kind(path: &Path) -> Option<&'static str> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
    let mut st = std::mem::MaybeUninit::<libc::statfs>::zeroed();
    // SAFETY: `c` is a valid NUL-terminated path and `st` a buffer of the right type.
    if unsafe { libc::statfs(c.as_ptr(), st.as_mut_ptr()) } != 0 {
        return None;
    }
    // SAFETY: statfs returned 0, so it filled `st`.
    let st = unsafe { st.assume_init() };
    // `f_type` is an i64 on x86_64 glibc but a 32-bit integer on other Linux targets.
    #[allow(clippy::unnecessary_cast)]
    network_fs_by_magic(st.f_type as i64)
}

#[cfg(target_os = "macos")]
fn fs_kind(path: &Path) -> Option<&'static str> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
    let mut st = std::mem::MaybeUninit::<libc::statfs>::zeroed();
    // SAFETY: as above.
    if unsafe { libc::statfs(c.as_ptr(), st.as_mut_ptr()) } != 0 {
        return None;
    }
    // SAFETY: statfs returned 0.
    let st = unsafe { st.assume_init() };
    let name: Vec<u8> = st
        .f_fstypename
        .iter()
        .take_while(|c| **c != 0)
        .map(|c| *c as u8)
        .collect();
    network_fs_by_name(&String::from_utf8_lossy(&name))
}

#[cfg(not(any(target_os = "linux", target_os = "macos")))]
fn fs_kind(path: &Path) -> Option<&'static str> {
    // Windows: a UNC path (\\server\share) is a network share; mapped drives are not told
    // apart here.
    let s = path.to_string_lossy();
    (s.starts_with(r"\\") && !s.starts_with(r"\\?\") || s.starts_with(r"\\?\UNC\"))
        .then_some("a network share")
}

/// Linux `statfs` magic numbers of network file systems (linux/magic.h and the file
/// systems' own sources).
pub fn network_fs_by_magic(magic: i64) -> Option<&'static str> {
    Some(match magic as u32 {
        0x6969 => "an NFS network drive",
        0x517B => "an SMB network drive",
        0xFF53_4D42 => "a CIFS (Windows) network share",
        0xFE53_4D42 => "an SMB2 (Windows) network share",
        0x5346_414F => "an AFS network drive",
        0x7365_7A6D | 0x7366_7A6D => "a Ceph network drive",
        0x0102_1997 => "a 9P network drive",
        _ => return None,
    })
}

#[cfg(target_os = "macos")]
fn network_fs_by_name(name: &str) -> Option<&'static str> {
    Some(match name {
        "nfs" => "an NFS network drive",
        "smbfs" => "an SMB network drive",
        "afpfs" => "an AFP network drive",
        "webdav" => "a WebDAV network drive",
        _ => return None,
    })
}

/// What is worrying about keeping a workspace at `path`.
pub fn warnings(path: &Path) -> Vec<LocationWarning> {
    let mut out = Vec::new();
    if let Some(client) = cloud_sync_of(path) {
        out.push(LocationWarning {
            code: "cloud_sync".into(),
            found: client.into(),
            message: format!(
                "This workspace is in a folder {client} syncs ({}). Groundwork keeps its database in \
                 SQLite's write-ahead log (WAL) mode, as three files that must change together; a sync \
                 client copies them one at a time and can corrupt the database, and two computers \
                 editing it at once will. Move the workspace to a folder that is not synced (for \
                 example your Documents folder, if that is not synced), and keep copies with \
                 `groundwork backup --out` in the synced folder instead.",
                path.display()
            ),
        });
    }
    if let Some(fs) = network_fs_of(path) {
        out.push(LocationWarning {
            code: "network_fs".into(),
            found: fs.into(),
            message: format!(
                "This workspace is on {fs} ({}). Groundwork keeps its database in SQLite's \
                 write-ahead log (WAL) mode, which needs the shared-memory locking only a local disk \
                 gives; on a network drive the database can be corrupted. Move the workspace to a \
                 folder on this computer's own disk, and keep copies with `groundwork backup --out` \
                 on the network drive instead.",
                path.display()
            ),
        });
    }
    out
}

impl crate::workspace::Workspace {
    /// What is worrying about where this workspace is, that has not been shown yet. Each
    /// warning is shown once per place: `acknowledge_location_warning` records it.
    pub fn location_warnings(&self) -> Vec<LocationWarning> {
        let shown = |code: &str| -> bool {
            self.read()
                .ok()
                .and_then(|c| {
                    crate::store::get_setting(&c, &format!("location_warning.{code}"))
                        .ok()
                        .flatten()
                })
                .is_some_and(|at| at == self.root().display().to_string())
        };
        warnings(self.root())
            .into_iter()
            .filter(|w| !shown(&w.code))
            .collect()
    }

    /// Remember that the warning `code` was shown for this place (a read-only workspace
    /// cannot remember, so it warns again next time).
    pub fn acknowledge_location_warning(&self, code: &str) -> crate::Result<()> {
        if self.read_only().is_some() {
            return Ok(());
        }
        let place = self.root().display().to_string();
        self.write("acknowledge_location_warning", |c| {
            crate::store::set_setting(c, &format!("location_warning.{code}"), &place)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_clients_are_known_by_marker_and_by_folder_name() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("research");
        std::fs::create_dir_all(&plain).unwrap();
        assert_eq!(cloud_sync_of(&plain), None);

        let synced = dir.path().join("shared");
        std::fs::create_dir_all(synced.join("deep/ws")).unwrap();
        std::fs::create_dir(synced.join(".stfolder")).unwrap();
        assert_eq!(cloud_sync_of(&synced.join("deep/ws")), Some("Syncthing"));

        assert_eq!(
            cloud_sync_of(Path::new("/home/pm/Dropbox/research/ws")),
            Some("Dropbox")
        );
        assert_eq!(
            cloud_sync_of(Path::new("/Users/pm/OneDrive - Acme Corp/ws")),
            Some("OneDrive")
        );
        assert_eq!(
            cloud_sync_of(Path::new(
                "/Users/pm/Library/Mobile Documents/com~apple~CloudDocs/ws"
            )),
            Some("iCloud Drive")
        );
        assert_eq!(
            cloud_sync_of(Path::new("/Users/pm/Google Drive/My Drive/ws")),
            Some("Google Drive")
        );
        // A folder merely containing the word is not a sync folder.
        assert_eq!(cloud_sync_of(Path::new("/home/pm/dropbox-notes/ws")), None);

        let w = warnings(&synced.join("deep/ws"));
        assert_eq!(w.len(), 1);
        assert!(w[0].message.contains("WAL") && w[0].message.contains("Move the workspace"));
    }

    #[test]
    fn network_file_systems_are_known_by_their_magic_number() {
        assert_eq!(network_fs_by_magic(0x6969), Some("an NFS network drive"));
        assert!(network_fs_by_magic(0xFF53_4D42).is_some());
        assert!(network_fs_by_magic(0xEF53).is_none()); // ext4
        assert!(network_fs_by_magic(0x0102_1994).is_none()); // tmpfs
        // This machine's temp folder is local.
        assert_eq!(network_fs_of(&std::env::temp_dir()), None);
    }
}
