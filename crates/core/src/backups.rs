//! Backups of the workspace database in `backups/`, and restoring one.
//!
//! A backup is made with `VACUUM INTO` from a reader connection: a consistent snapshot of the
//! live database, never a file copy of it. It is written to a `.partial` file, checked
//! (`quick_check`), switched out of WAL mode so it is one self-contained file, synced, and
//! only then renamed to its final name, so a file in `backups/` without `.partial` is whole.
//!
//! Automatic backups are made before every migration, before destructive actions (emptying
//! the trash, merging or deleting a tag, restoring) and once a day while the workspace is
//! used; they are rotated (the newest of each of the last 7 days and of the last 4 weeks are
//! kept). Backups asked for by name (`groundwork backup`, "Back up now") are never rotated.
//!
//! Restoring checks the backup whole (`integrity_check`, foreign keys, that it is a
//! Groundwork database of a schema this build knows), keeps the current database as a
//! backup, brings a copy of the backup to the current schema, and copies it into the live
//! database through SQLite's backup API on the writer connection: one transaction, so the
//! running engine (the app, `groundwork serve`) never sees half of it and a crash leaves the
//! database as it was. The search index is then rebuilt.

use crate::error::{Error, ErrorCode, Result};
use crate::model::KindCounts;
use crate::store::{self, migrations};
use crate::workspace::Workspace;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const BACKUPS_DIR: &str = "backups";
const PREFIX: &str = "groundwork-";
const SUFFIX: &str = ".sqlite";
const PARTIAL: &str = ".partial";
/// A backup of a database that failed its check: kept for the record, never restored.
const DAMAGED: &str = "-damaged";
const STAGING: &str = ".restore-staging.sqlite";

/// How many days and weeks of automatic backups rotation keeps (the newest of each).
pub const KEEP_DAILY: usize = 7;
pub const KEEP_WEEKLY: usize = 4;
/// Besides those, up to this many automatic backups of the last 24 hours stay, so the
/// backup before one destructive action is not rotated away by the next one's.
pub const KEEP_RECENT: usize = 10;

/// Why a backup was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum BackupReason {
    /// Asked for by the user; never rotated away.
    Manual,
    /// The first use of the workspace on a day.
    Daily,
    BeforeMigration,
    BeforeEmptyTrash,
    BeforeTagMerge,
    BeforeTagDelete,
    BeforeRestore,
}

impl BackupReason {
    const ALL: [BackupReason; 7] = [
        BackupReason::Manual,
        BackupReason::Daily,
        BackupReason::BeforeMigration,
        BackupReason::BeforeEmptyTrash,
        BackupReason::BeforeTagMerge,
        BackupReason::BeforeTagDelete,
        BackupReason::BeforeRestore,
    ];

    fn slug(self) -> &'static str {
        match self {
            BackupReason::Manual => "manual",
            BackupReason::Daily => "daily",
            BackupReason::BeforeMigration => "before-migration",
            BackupReason::BeforeEmptyTrash => "before-empty-trash",
            BackupReason::BeforeTagMerge => "before-tag-merge",
            BackupReason::BeforeTagDelete => "before-tag-delete",
            BackupReason::BeforeRestore => "before-restore",
        }
    }

    /// Rotated automatically (everything but what the user asked for).
    pub fn is_automatic(self) -> bool {
        self != BackupReason::Manual
    }
}

/// One backup in `backups/`, as listed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupInfo {
    /// The file name in `backups/`; what `restore_backup` takes.
    pub name: String,
    pub path: String,
    /// When it was made (RFC 3339 UTC).
    pub created_at: String,
    pub reason: BackupReason,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: u64,
    /// The schema version it was written with (older ones are migrated when restored).
    pub schema_version: usize,
    /// Live objects per kind in it; empty when it cannot be read.
    pub counts: KindCounts,
    /// Why it cannot be restored (damaged, unreadable, from a newer Groundwork), if so.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub problem: Option<String>,
}

/// What a restore did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RestoreReport {
    /// The backup restored (its file name, or the path given).
    pub restored: String,
    /// Live objects per kind before and after.
    pub before: KindCounts,
    pub after: KindCounts,
    /// The backup the database as it was is kept in.
    pub kept_as: String,
    /// The schema version of the backup, before it was brought to the current one.
    pub schema_from: usize,
}

fn stamp_now() -> String {
    // 2026-12-02T03:30:04.123Z → 20261202T033004123Z: sortable and valid in every file system.
    store::now().replace(['-', ':', '.'], "")
}

fn stamp_to_rfc3339(stamp: &str) -> Option<String> {
    let b = stamp.as_bytes();
    if b.len() != 19
        || b[8] != b'T'
        || b[18] != b'Z'
        || !stamp[..8].bytes().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    Some(format!(
        "{}-{}-{}T{}:{}:{}.{}Z",
        &stamp[0..4],
        &stamp[4..6],
        &stamp[6..8],
        &stamp[9..11],
        &stamp[11..13],
        &stamp[13..15],
        &stamp[15..18]
    ))
}

/// A backup file's name taken apart: (stamp, reason, damaged).
fn parse_name(name: &str) -> Option<(String, BackupReason, bool)> {
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let (rest, damaged) = match rest.strip_suffix(DAMAGED) {
        Some(r) => (r, true),
        None => (rest, false),
    };
    let (stamp, slug) = rest.split_once('-')?;
    let reason = BackupReason::ALL
        .into_iter()
        .find(|r| slug == r.slug() || slug.starts_with(&format!("{}-v", r.slug())))?;
    stamp_to_rfc3339(stamp)?;
    Some((stamp.to_string(), reason, damaged))
}

pub(crate) fn backups_dir(root: &Path) -> PathBuf {
    root.join(BACKUPS_DIR)
}

/// A new backup's path in `dir` (the name carries the time and reason; `detail` such as
/// `v3` is appended to the reason).
fn new_path(dir: &Path, reason: BackupReason, detail: Option<&str>) -> PathBuf {
    let slug = match detail {
        Some(d) => format!("{}-{d}", reason.slug()),
        None => reason.slug().to_string(),
    };
    let mut path = dir.join(format!("{PREFIX}{}-{slug}{SUFFIX}", stamp_now()));
    // Two backups in the same millisecond (tests, scripts) must not collide.
    let mut n = 1;
    while path.exists() {
        path = dir.join(format!("{PREFIX}{}-{slug}-{n}{SUFFIX}", stamp_now()));
        n += 1;
    }
    path
}

fn partial_of(dest: &Path) -> PathBuf {
    let mut p = dest.as_os_str().to_owned();
    p.push(PARTIAL);
    PathBuf::from(p)
}

/// Write a consistent, checked copy of the database `conn` reads into `dest` (which must not
/// exist). On any failure nothing is left at `dest`.
pub(crate) fn write_backup(conn: &Connection, dest: &Path) -> Result<()> {
    if dest.exists() {
        return Err(Error::conflict(format!(
            "{} already exists; choose another file name",
            dest.display()
        )));
    }
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::from(e).context(format!("cannot create {}", dir.display())))?;
    }
    let partial = partial_of(dest);
    let _ = std::fs::remove_file(&partial);
    let result = (|| -> Result<()> {
        store::backups::vacuum_into(conn, &partial).map_err(|e| {
            Error::from(e).context(format!("cannot write the backup {}", dest.display()))
        })?;
        {
            let copy = store::backups::open_single_file(&partial)?;
            let problems = store::backups::quick_check(&copy)?;
            if !problems.is_empty() {
                return Err(Error::new(
                    ErrorCode::Storage,
                    format!(
                        "the database failed its check while being backed up ({}); no backup was made. \
                         Restore the last good backup (Settings → Backups, or `groundwork restore`).",
                        problems.join("; ")
                    ),
                ));
            }
        }
        std::fs::File::open(&partial)?.sync_all()?;
        std::fs::rename(&partial, dest)?;
        sync_dir(dest);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
        let _ = std::fs::remove_file(partial_of(&partial).with_extension("partial-journal"));
    }
    result
}

fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent()
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// The schema version of a Groundwork database file, or why it is not one we can restore.
fn schema_of(path: &Path) -> Result<usize> {
    let (app_id, version) = store::stored_versions(path)?;
    if app_id != store::APPLICATION_ID {
        return Err(Error::unsupported(format!(
            "{} is not a Groundwork database",
            path.display()
        )));
    }
    if version > migrations::latest_version() {
        return Err(Error::unsupported(format!(
            "{} was written by a newer version of Groundwork (schema {version}; this one knows up to {}); update Groundwork to restore it",
            path.display(),
            migrations::latest_version()
        )));
    }
    Ok(version)
}

/// Read a backup's facts for the list: its schema and counts (a quick look, not a full check).
fn describe(
    path: &Path,
    name: &str,
    stamp: &str,
    reason: BackupReason,
    damaged: bool,
) -> BackupInfo {
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let mut info = BackupInfo {
        name: name.to_string(),
        path: path.display().to_string(),
        created_at: stamp_to_rfc3339(stamp).unwrap_or_default(),
        reason,
        bytes,
        schema_version: 0,
        counts: KindCounts::new(),
        problem: None,
    };
    if damaged {
        info.problem = Some("a copy of a damaged database, kept for the record".into());
        return info;
    }
    let read = (|| -> Result<(usize, Connection)> {
        let version = schema_of(path)?;
        Ok((version, store::backups::open_read_only(path)?))
    })();
    match read {
        Ok((version, conn)) => {
            info.schema_version = version;
            // An older schema may lack a kind a later one added: those are left out.
            info.counts = store::counts(&conn).unwrap_or_default();
        }
        Err(e) => info.problem = Some(e.message),
    }
    info
}

/// Every backup in `dir`, newest first. Files that are not ours are left out.
pub(crate) fn list(dir: &Path) -> Result<Vec<BackupInfo>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::from(e).context(format!("cannot read {}", dir.display()))),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some((stamp, reason, damaged)) = parse_name(&name) {
            out.push(describe(&entry.path(), &name, &stamp, reason, damaged));
        }
    }
    out.sort_by(|a, b| b.name.cmp(&a.name));
    Ok(out)
}

/// Names of the backups in `dir` with their parsed facts, newest first, without opening them.
fn names(dir: &Path) -> Vec<(String, String, BackupReason, bool)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            parse_name(&name).map(|(s, r, d)| (name, s, r, d))
        })
        .collect();
    out.sort_by(|a, b| b.0.cmp(&a.0));
    out
}

/// Whether a backup was made today (UTC): the daily backup is then not needed.
pub(crate) fn has_backup_today(dir: &Path) -> bool {
    let today = stamp_now()[..8].to_string();
    names(dir)
        .iter()
        .any(|(_, stamp, _, damaged)| !damaged && stamp.starts_with(&today))
}

/// The day and ISO week of a stamp.
fn day_and_week(stamp: &str) -> Option<(String, (i32, u8))> {
    let y: i32 = stamp[0..4].parse().ok()?;
    let m: u8 = stamp[4..6].parse().ok()?;
    let d: u8 = stamp[6..8].parse().ok()?;
    let date = time::Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d).ok()?;
    let (wy, w, _) = date.to_iso_week_date();
    Some((stamp[..8].to_string(), (wy, w)))
}

/// The stamp 24 hours before `stamp`.
fn stamp_minus_a_day(stamp: &str) -> Option<String> {
    let (day, _) = day_and_week(stamp)?;
    let y: i32 = day[0..4].parse().ok()?;
    let m: u8 = day[4..6].parse().ok()?;
    let d: u8 = day[6..8].parse().ok()?;
    let date = time::Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d).ok()?
        - time::Duration::days(1);
    Some(format!(
        "{:04}{:02}{:02}{}",
        date.year(),
        u8::from(date.month()),
        date.day(),
        &stamp[8..]
    ))
}

/// Which automatic backups rotation removes: all but the newest of each of the last
/// `KEEP_DAILY` days and `KEEP_WEEKLY` weeks that have one. Backups the user asked for and
/// damaged copies are never removed. `good` says whether a file still looks like a
/// Groundwork database; if none of those kept does, the newest good one is kept as well, so
/// rotation never deletes the only good backup.
fn to_remove(
    backups: &[(String, String, BackupReason, bool)],
    now: &str,
    good: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    use std::collections::BTreeSet;
    let automatic: Vec<&(String, String, BackupReason, bool)> = backups
        .iter()
        .filter(|(_, _, r, damaged)| r.is_automatic() && !damaged)
        .collect(); // newest first
    let mut keep = BTreeSet::new();
    let mut days = Vec::new();
    let mut weeks = Vec::new();
    let day_ago = stamp_minus_a_day(now);
    for (name, stamp, _, _) in automatic.iter().take(KEEP_RECENT) {
        if day_ago.as_deref().is_some_and(|d| stamp.as_str() > d) {
            keep.insert(name.clone());
        }
    }
    for (name, stamp, _, _) in &automatic {
        let Some((day, week)) = day_and_week(stamp) else {
            keep.insert(name.clone()); // not ours to judge
            continue;
        };
        if !days.contains(&day) && days.len() < KEEP_DAILY {
            days.push(day);
            keep.insert(name.clone());
        }
        if !weeks.contains(&week) && weeks.len() < KEEP_WEEKLY {
            weeks.push(week);
            keep.insert(name.clone());
        }
    }
    if !keep.iter().any(|n| good(n))
        && let Some((name, ..)) = automatic.iter().find(|(n, ..)| good(n))
    {
        keep.insert(name.clone());
    }
    automatic
        .into_iter()
        .filter(|(n, ..)| !keep.contains(n))
        .map(|(n, ..)| n.clone())
        .collect()
}

/// Remove the automatic backups rotation no longer keeps; returns their names.
pub(crate) fn rotate(dir: &Path) -> Result<Vec<String>> {
    let all = names(dir);
    // The only good backup is never deleted: "good" here is the cheap look (a Groundwork
    // database of a schema we know); a full check is made when one is restored.
    let good = |name: &str| schema_of(&dir.join(name)).is_ok();
    let gone = to_remove(&all, &stamp_now(), &good);
    for name in &gone {
        std::fs::remove_file(dir.join(name))
            .map_err(|e| Error::from(e).context(format!("cannot remove the old backup {name}")))?;
    }
    Ok(gone)
}

/// Remove what a backup or restore cut off by a crash left behind (never whole). Only when
/// the workspace is opened, when no backup of this process can be running.
pub(crate) fn clean_leftovers(dir: &Path) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if (name.starts_with(PREFIX) && name.contains(PARTIAL)) || name.starts_with(STAGING) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// One backup (and rotation) at a time in this process: the daily one runs in the
/// background while a user's action may want its own.
static BACKING_UP: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Make an automatic or manual backup in `dir` from `conn`, then rotate.
pub(crate) fn backup_into(
    conn: &Connection,
    dir: &Path,
    reason: BackupReason,
    detail: Option<&str>,
) -> Result<PathBuf> {
    let _one = BACKING_UP.lock().unwrap_or_else(|e| e.into_inner());
    let dest = new_path(dir, reason, detail);
    write_backup(conn, &dest)?;
    if reason.is_automatic() {
        rotate(dir)?;
    }
    Ok(dest)
}

/// Check a backup through and through before anything is changed for it: a Groundwork
/// database of a schema this build knows, passing SQLite's integrity and foreign key checks.
pub(crate) fn verify(path: &Path) -> Result<usize> {
    let version = schema_of(path).map_err(|e| e.context("cannot restore it"))?;
    let conn = store::backups::open_read_only(path)?;
    let damaged = |what: &str, problems: Vec<String>| {
        Error::new(
            ErrorCode::Storage,
            format!(
                "{} is damaged ({what}: {}); nothing was changed. Choose another backup.",
                path.display(),
                problems.join("; ")
            ),
        )
    };
    let problems = store::backups::integrity_check(&conn)
        .map_err(|e| damaged("unreadable", vec![e.message]))?;
    if !problems.is_empty() {
        return Err(damaged("integrity check", problems));
    }
    let fk = store::backups::foreign_key_check(&conn)?;
    if !fk.is_empty() {
        return Err(damaged("broken references in", fk));
    }
    Ok(version)
}

/// A copy of `source` at the current schema, in `dir`, ready to be copied into the live
/// database. The caller removes it.
pub(crate) fn stage(source: &Path, dir: &Path) -> Result<(PathBuf, Connection)> {
    std::fs::create_dir_all(dir)?;
    let staging = dir.join(STAGING);
    let _ = std::fs::remove_file(&staging);
    let _ = std::fs::remove_file(staging.with_extension("sqlite-journal"));
    let src = store::backups::open_read_only(source)?;
    store::backups::vacuum_into(&src, &staging)
        .map_err(|e| Error::from(e).context(format!("cannot read {}", source.display())))?;
    drop(src);
    let mut conn = store::backups::open_single_file(&staging)?;
    store::backups::migrate_copy(&mut conn)?;
    Ok((staging, conn))
}

/// Copy `from` over the live database behind `to` in one transaction (SQLite's backup API).
pub(crate) fn copy_over(from: &Connection, to: &mut Connection) -> Result<()> {
    let (a, b) = (
        store::backups::page_size(from)?,
        store::backups::page_size(to)?,
    );
    if a != b {
        return Err(Error::unsupported(format!(
            "the backup uses {a}-byte pages and this workspace {b}-byte pages; it cannot be copied in place"
        )));
    }
    // All pages in one step: one write transaction on the live database.
    store::backups::copy_pages(from, to)
}

/// The database file as it is on disk, copied page by page (SQLite's backup API, which does
/// not read the tables, so it works on a damaged database too); for keeping a database that
/// `VACUUM INTO` cannot read before it is replaced.
pub(crate) fn copy_damaged(conn: &Connection, dir: &Path, reason: BackupReason) -> Result<PathBuf> {
    let dest = new_path(dir, reason, None);
    let dest = dest.with_file_name(
        dest.file_name()
            .map(|f| {
                f.to_string_lossy()
                    .replace(SUFFIX, &format!("{DAMAGED}{SUFFIX}"))
            })
            .unwrap_or_default(),
    );
    store::backups::copy_pages_to(conn, &dest)?;
    Ok(dest)
}

impl Workspace {
    /// `backups/` in the workspace.
    pub fn backups_dir(&self) -> PathBuf {
        backups_dir(self.root())
    }

    /// The backups in `backups/`, newest first, with their date, size and counts.
    pub fn backups(&self) -> Result<Vec<BackupInfo>> {
        list(&self.backups_dir())
    }

    /// Back the database up into `backups/` now, as the user asked (never rotated away).
    pub fn backup(&self) -> Result<BackupInfo> {
        self.writable()?;
        let conn = self.read()?;
        let path = backup_into(&conn, &self.backups_dir(), BackupReason::Manual, None)?;
        self.describe_new(&path)
    }

    /// Back the database up into a file of the user's choosing (which must not exist).
    pub fn backup_to(&self, dest: &Path) -> Result<BackupInfo> {
        let conn = self.read()?;
        write_backup(&conn, dest)?;
        let mut info = describe(dest, "", &stamp_now(), BackupReason::Manual, false);
        info.name = dest
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(info)
    }

    fn describe_new(&self, path: &Path) -> Result<BackupInfo> {
        let name = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (stamp, reason, damaged) = parse_name(&name)
            .ok_or_else(|| Error::new(ErrorCode::Io, format!("{name} is not a backup name")))?;
        Ok(describe(path, &name, &stamp, reason, damaged))
    }

    /// The automatic backup before a destructive action; the action is refused when it fails.
    pub(crate) fn backup_before(&self, reason: BackupReason) -> Result<PathBuf> {
        self.writable()?;
        let conn = self.read()?;
        backup_into(&conn, &self.backups_dir(), reason, None).map_err(|e| {
            e.context("the backup made before this change failed, so nothing was changed")
        })
    }

    /// Start the day's backup in the background on the first write of a day (UTC) that has
    /// none yet. A workspace only read needs none: nothing changed.
    pub(crate) fn daily_backup_if_due(&self) {
        if self.read_only().is_some() {
            return;
        }
        let today = stamp_now()[..8].to_string();
        let (day, running) = self.daily_state();
        {
            let mut day = day.lock().unwrap_or_else(|e| e.into_inner());
            if *day == today {
                return;
            }
            *day = today;
        }
        let dir = self.backups_dir();
        if has_backup_today(&dir) {
            return;
        }
        let pool = self.reader_pool().clone();
        let spawned = std::thread::Builder::new()
            .name("groundwork-daily-backup".into())
            .spawn(move || {
                let made = pool
                    .get()
                    .map_err(Error::from)
                    .and_then(|conn| backup_into(&conn, &dir, BackupReason::Daily, None));
                if let Err(e) = made {
                    eprintln!("Groundwork: the daily backup failed: {}", e.message);
                }
            });
        if let Ok(handle) = spawned {
            let previous = running
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .replace(handle);
            if let Some(h) = previous {
                let _ = h.join();
            }
        }
    }

    /// Restore the backup named `name` (a file in `backups/`, as `backups()` lists it).
    pub fn restore_backup(&self, name: &str) -> Result<RestoreReport> {
        self.writable()?;
        let dir = self.backups_dir();
        // Only a name from the list: never a path that reaches elsewhere.
        let known = names(&dir).into_iter().find(|(n, ..)| n == name);
        let Some((_, _, _, damaged)) = known else {
            return Err(Error::not_found("backup", name));
        };
        if damaged {
            return Err(Error::invalid(
                "name",
                format!(
                    "{name} is a copy of a damaged database, kept for the record; choose another backup"
                ),
            ));
        }
        self.restore_from(&dir.join(name), name)
    }

    /// Restore a backup file from anywhere (`groundwork restore FILE`).
    pub fn restore_backup_file(&self, path: &Path) -> Result<RestoreReport> {
        self.writable()?;
        if !path.is_file() {
            return Err(Error::not_found("backup", &path.display().to_string()));
        }
        self.restore_from(path, &path.display().to_string())
    }

    /// Check, keep the current database, bring a copy of the backup to the current schema,
    /// copy it over the live database in one transaction, rebuild the index.
    fn restore_from(&self, source: &Path, shown: &str) -> Result<RestoreReport> {
        self.writable()?;
        let schema_from = verify(source)?;
        let dir = self.backups_dir();
        let before = self.counts().unwrap_or_default();
        let old_language = self.search_language().unwrap_or_else(|_| "en".into());
        let (staging, staged) = stage(source, &dir)?;
        let result = (|| -> Result<RestoreReport> {
            let after = store::counts(&staged)?;
            let kept = {
                let conn = self.read()?;
                match backup_into(&conn, &dir, BackupReason::BeforeRestore, None) {
                    Ok(p) => p,
                    // The database being replaced may be the damaged one: keep it as it is.
                    Err(e) => copy_damaged(&conn, &dir, BackupReason::BeforeRestore)
                        .map_err(|_| e.context("cannot keep the current database before restoring; nothing was changed"))?,
                }
            };
            // The index is marked for rebuilding before the database changes under it, so a
            // crash in between cannot leave it looking whole.
            let index = self.index();
            index.mark_stale()?;
            {
                let mut writer = self.writer();
                copy_over(&staged, &mut writer)
                    .map_err(|e| e.context("restoring failed; the database is as it was"))?;
            }
            // The restored database may search in another language.
            let language = store::get_setting(&*self.read()?, "search_language")?
                .unwrap_or_else(|| "en".into());
            if language != old_language {
                index.set_language(&language, &*self.read()?)?;
            }
            self.wake_indexer();
            Ok(RestoreReport {
                restored: shown.to_string(),
                before,
                after,
                kept_as: kept
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                schema_from,
            })
        })();
        drop(staged);
        let _ = std::fs::remove_file(&staging);
        result
    }
}

/// Restore a backup into a workspace that cannot be opened (its database too damaged to
/// read): with the workspace locked and open nowhere, the database as it is is kept (a
/// checked backup if it can still be read, else a plain copy of its files, which is safe now
/// that nothing has them open), the backup brought to the current schema takes its place,
/// and the search index is set aside to be rebuilt on the next open.
pub fn restore_unopened(root: &Path, source: &Path) -> Result<RestoreReport> {
    let held = match crate::lock::acquire(root, Some("groundwork restore"))? {
        crate::lock::Locked::Held(l) => l,
        crate::lock::Locked::ReadOnly => {
            return Err(Error::new(
                ErrorCode::Storage,
                format!(
                    "{} cannot be written, so nothing can be restored into it",
                    root.display()
                ),
            ));
        }
    };
    let schema_from = verify(source)?;
    let dir = backups_dir(root);
    std::fs::create_dir_all(&dir)?;
    let db = root.join(crate::workspace::DB_FILE);
    let before = store::backups::open_read_only(&db)
        .ok()
        .and_then(|c| store::counts(&c).ok())
        .unwrap_or_default();
    let (staging, staged) = stage(source, &dir)?;
    let after = store::counts(&staged)?;
    drop(staged);
    let result = (|| -> Result<RestoreReport> {
        let kept = if db.exists() {
            let checked = store::backups::open_read_only(&db).and_then(|c| {
                let dest = new_path(&dir, BackupReason::BeforeRestore, None);
                write_backup(&c, &dest).map(|_| dest)
            });
            match checked {
                Ok(p) => p,
                Err(_) => {
                    let dest = new_path(&dir, BackupReason::BeforeRestore, None);
                    let name = dest
                        .file_name()
                        .map(|f| {
                            f.to_string_lossy()
                                .replace(SUFFIX, &format!("{DAMAGED}{SUFFIX}"))
                        })
                        .unwrap_or_default();
                    let dest = dir.join(name);
                    std::fs::copy(&db, &dest)?;
                    for ext in ["-wal", "-shm"] {
                        let mut side = db.as_os_str().to_owned();
                        side.push(ext);
                        let mut to = dest.as_os_str().to_owned();
                        to.push(ext);
                        if Path::new(&side).exists() {
                            std::fs::copy(&side, &to)?;
                        }
                    }
                    dest
                }
            }
        } else {
            PathBuf::new()
        };
        // The old database's WAL must go before the new file takes its name: SQLite would
        // replay its frames onto the restored database.
        for ext in ["-wal", "-shm"] {
            let mut side = db.as_os_str().to_owned();
            side.push(ext);
            match std::fs::remove_file(&side) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(Error::from(e).context("cannot remove the damaged database's WAL"));
                }
            }
        }
        std::fs::File::open(&staging)?.sync_all()?;
        std::fs::rename(&staging, &db)?;
        sync_dir(&db);
        crate::search::discard(&root.join("index"))?;
        Ok(RestoreReport {
            restored: source.display().to_string(),
            before,
            after,
            kept_as: kept
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default(),
            schema_from,
        })
    })();
    let _ = std::fs::remove_file(&staging);
    drop(held);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(stamp: &str, reason: BackupReason) -> (String, String, BackupReason, bool) {
        (
            format!("{PREFIX}{stamp}-{}{SUFFIX}", reason.slug()),
            stamp.to_string(),
            reason,
            false,
        )
    }

    #[test]
    fn names_round_trip() {
        let (s, r, d) =
            parse_name("groundwork-20261202T033004123Z-before-migration-v3.sqlite").unwrap();
        assert_eq!(
            (s.as_str(), r, d),
            ("20261202T033004123Z", BackupReason::BeforeMigration, false)
        );
        let (_, r, d) =
            parse_name("groundwork-20261202T033004123Z-before-restore-damaged.sqlite").unwrap();
        assert_eq!((r, d), (BackupReason::BeforeRestore, true));
        assert!(parse_name("groundwork-20261202T033004123Z-daily.sqlite.partial").is_none());
        assert!(parse_name("notes.sqlite").is_none());
        assert!(parse_name("groundwork-2026-daily.sqlite").is_none());
        assert_eq!(
            stamp_to_rfc3339("20261202T033004123Z").unwrap(),
            "2026-12-02T03:30:04.123Z"
        );
    }

    #[test]
    fn rotation_keeps_the_newest_of_7_days_and_4_weeks_and_never_manual_ones() {
        // Two automatic backups a day for 60 days, newest first, and one manual long ago.
        let mut all = Vec::new();
        let start = time::Date::from_calendar_date(2026, time::Month::December, 31).unwrap();
        for d in 0..60 {
            let date = start - time::Duration::days(d);
            let day = format!(
                "{:04}{:02}{:02}",
                date.year(),
                u8::from(date.month()),
                date.day()
            );
            all.push(entry(&format!("{day}T180000000Z"), BackupReason::Daily));
            all.push(entry(
                &format!("{day}T090000000Z"),
                BackupReason::BeforeTagMerge,
            ));
        }
        all.push(entry("20250101T000000000Z", BackupReason::Manual));
        let gone = to_remove(&all, "20270115T000000000Z", &|_| true);
        let kept: Vec<&String> = all
            .iter()
            .map(|e| &e.0)
            .filter(|n| !gone.contains(n))
            .collect();
        // 7 days (the evening one of each) + the newest of the 4 weeks not already among them
        // + the manual one (nothing is from the last 24 hours).
        assert!(
            kept.contains(&&all[0].0) && !kept.contains(&&all[1].0),
            "{kept:?}"
        );
        let automatic_kept = kept.iter().filter(|n| !n.contains("manual")).count();
        assert!((7..=7 + 4).contains(&automatic_kept), "{kept:?}");
        assert!(kept.iter().any(|n| n.contains("manual")));
        // The oldest of the 60 days is gone.
        assert!(gone.contains(&all[all.len() - 2].0));
    }

    #[test]
    fn rotation_never_deletes_the_only_good_backup() {
        // The newest backups are all unreadable; the one good one is old.
        let mut all = Vec::new();
        for d in 1..=20 {
            all.push(entry(
                &format!("202612{:02}T120000000Z", 21 - d + 10),
                BackupReason::Daily,
            ));
        }
        let good_one = all.last().unwrap().0.clone();
        let gone = to_remove(&all, "20270115T000000000Z", &|n| n == good_one);
        assert!(
            !gone.contains(&good_one),
            "the only good backup was rotated away"
        );
        // And when everything is good, the old one goes as usual.
        assert!(to_remove(&all, "20270115T000000000Z", &|_| true).contains(&good_one));
    }

    #[test]
    fn rotation_keeps_the_recent_backups_of_the_last_day() {
        // Twelve destructive actions this afternoon, and last week's daily.
        let mut all = Vec::new();
        for h in (1..=12).rev() {
            all.push(entry(
                &format!("20261210T{:02}0000000Z", 8 + h),
                BackupReason::BeforeTagMerge,
            ));
        }
        all.push(entry("20261203T090000000Z", BackupReason::Daily));
        let gone = to_remove(&all, "20261210T210000000Z", &|_| true);
        // The ten newest of the day stay; the two oldest of the day go; last week's stays.
        assert_eq!(gone.len(), 2, "{gone:?}");
        assert!(gone.contains(&all[11].0) && gone.contains(&all[10].0));
        // A day later, only the newest of that day is kept.
        let gone = to_remove(&all, "20261212T210000000Z", &|_| true);
        assert_eq!(gone.len(), 11, "{gone:?}");
    }
}
