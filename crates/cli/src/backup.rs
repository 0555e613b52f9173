//! `groundwork backup`, `groundwork backups` and `groundwork restore`.

use crate::output::{Out, error_json};
use crate::target::Target;
use groundwork_api::Request;
use groundwork_api::local::LocalRequest;
use groundwork_core::{BackupInfo, Error, Workspace};
use serde_json::json;
use std::path::Path;
use std::process::ExitCode;

/// "12 interviews, 340 highlights, 2 trees" — the kinds a person counts, non-zero ones.
pub fn summary(counts: &groundwork_core::model::KindCounts) -> String {
    const SHOWN: [(&str, &str); 8] = [
        ("interview", "interviews"),
        ("note", "notes"),
        ("highlight", "highlights"),
        ("insight", "insights"),
        ("persona", "personas"),
        ("tree", "trees"),
        ("feedback", "feedback items"),
        ("participant", "participants"),
    ];
    let parts: Vec<String> = SHOWN
        .iter()
        .filter_map(|(k, label)| {
            counts
                .get(*k)
                .filter(|n| **n > 0)
                .map(|n| format!("{n} {label}"))
        })
        .collect();
    if parts.is_empty() {
        "empty".into()
    } else {
        parts.join(", ")
    }
}

pub fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / 1_048_576.0)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

pub fn backup(target: &mut Target, out: Option<&Path>, json: bool) -> Result<ExitCode, Error> {
    let started = std::time::Instant::now();
    let info: BackupInfo = match out {
        Some(path) => {
            let path = target.path(path);
            target.ask(LocalRequest::BackUpTo { path })?
        }
        None => target.ask(Request::BackUpNow {})?,
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&info).unwrap_or_default()
        );
    } else {
        println!(
            "Backed up to {} ({}, {}) in {:.2} s",
            info.path,
            size(info.bytes),
            summary(&info.counts),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn list(target: &Target, json: bool) -> Result<ExitCode, Error> {
    let backups: Vec<BackupInfo> = target.ask(Request::ListBackups {})?;
    let folder = target.backups_dir();
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "folder": folder.display().to_string(),
                "backups": backups,
            }))
            .unwrap_or_default()
        );
        return Ok(ExitCode::SUCCESS);
    }
    if backups.is_empty() {
        println!(
            "No backups in {} yet. Make one with `groundwork backup`; Groundwork also makes them \
             before upgrades and destructive actions, and once a day while the workspace is used.",
            folder.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!("Backups in {}, newest first:", folder.display());
    for b in &backups {
        println!("{}", line(b));
    }
    println!("Restore one with `groundwork restore NAME`.");
    Ok(ExitCode::SUCCESS)
}

fn line(b: &BackupInfo) -> String {
    let when = b
        .created_at
        .get(..19)
        .unwrap_or(&b.created_at)
        .replace('T', " ");
    let what = match &b.problem {
        Some(p) => format!("cannot be restored: {p}"),
        None => summary(&b.counts),
    };
    format!(
        "  {}  {when} UTC  {:>9}  {:<18}  {what}",
        b.name,
        size(b.bytes),
        serde_json::to_value(b.reason)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
            .replace('_', " ")
    )
}

/// Restore BACKUP: a name from `groundwork backups`, or a file's path. When the workspace
/// cannot even be opened (its database is too damaged), the backup is put in place without
/// opening it, and the workspace is opened afterwards.
pub fn restore(
    opened: Result<Workspace, Error>,
    root: &Path,
    backup: &str,
    json: bool,
    out: &Out,
) -> Result<ExitCode, Error> {
    use groundwork_core::ErrorCode;
    let started = std::time::Instant::now();
    let in_folder = root
        .join(groundwork_core::backups::BACKUPS_DIR)
        .join(backup);
    let source = if !backup.contains(['/', '\\']) && in_folder.is_file() {
        in_folder
    } else {
        Path::new(backup).to_path_buf()
    };
    let (restored, ws) = match opened {
        Ok(ws) => {
            let r = if source.starts_with(ws.backups_dir()) {
                ws.restore_backup(backup)
            } else {
                ws.restore_backup_file(&source)
            };
            (r, Some(ws))
        }
        Err(e) if matches!(e.code, ErrorCode::Storage | ErrorCode::UnsupportedFormat) => {
            eprintln!(
                "The workspace cannot be opened ({}); restoring without opening it.",
                e.message
            );
            if !source.is_file() {
                (Err(Error::not_found("backup", backup)), None)
            } else {
                (
                    groundwork_core::backups::restore_unopened(root, &source),
                    None,
                )
            }
        }
        Err(e) => return Err(e),
    };
    let report = match restored {
        Ok(r) => r,
        Err(e) => {
            if json {
                println!("{}", json!({ "restored": backup, "error": error_json(&e) }));
            }
            return Err(e);
        }
    };
    let ws = match ws {
        Some(ws) => ws,
        None => crate::open(Some(root.to_path_buf()), false)?,
    };
    // The index is rebuilt from the restored database before we say it is done.
    crate::catch_up_index(&ws, out)?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
    } else {
        println!(
            "Restored {} in {:.2} s.\n  before: {}\n  now:    {}\nThe database as it was is kept as {} (in {}).",
            report.restored,
            started.elapsed().as_secs_f64(),
            summary(&report.before),
            summary(&report.after),
            report.kept_as,
            ws.backups_dir().display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
