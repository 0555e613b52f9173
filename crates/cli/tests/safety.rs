//! Data safety through the `groundwork` command (issue 15): backup, backups and restore with
//! their `--json` shapes; a bad backup refused with a non-zero exit and nothing changed; a
//! second process refused with the holder named, and a killed holder's lock never blocking;
//! a read-only workspace (file permissions) readable and every write refused; a workspace in
//! a sync folder warned about once.

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

mod common;
use common::{groundwork, run};

fn ok(ws: &Path, args: &[&str]) -> String {
    let out = run(ws, args);
    assert!(
        out.status.success(),
        "groundwork {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn json(ws: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(ws, args)).unwrap()
}

fn notes(dir: &Path, names: &[&str]) -> Vec<std::path::PathBuf> {
    names
        .iter()
        .map(|n| {
            let p = dir.join(format!("{n}.md"));
            std::fs::write(
                &p,
                format!("# {n}\n\nThe {n} interview about the quokka.\n"),
            )
            .unwrap();
            p
        })
        .collect()
}

fn import(ws: &Path, files: &[std::path::PathBuf]) {
    let out = groundwork(ws).arg("import").args(files).output().unwrap();
    assert!(out.status.success(), "{out:?}");
}

fn note_count(ws: &Path) -> u64 {
    json(ws, &["stats", "--json"])["counts"]["note"]
        .as_u64()
        .unwrap()
}

#[test]
fn backup_backups_and_restore_round_trip_with_json() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    ok(&ws, &["init"]);
    import(&ws, &notes(dir.path(), &["alpha", "beta"]));

    let made = json(&ws, &["backup", "--json"]);
    let name = made["name"].as_str().unwrap().to_string();
    assert_eq!(made["reason"], "manual");
    assert_eq!(made["counts"]["note"], 2);
    assert!(made["bytes"].as_u64().unwrap() > 0);

    let out_file = dir.path().join("offsite.sqlite");
    let copy = json(
        &ws,
        &["backup", "--out", out_file.to_str().unwrap(), "--json"],
    );
    assert_eq!(copy["counts"]["note"], 2);
    assert!(out_file.is_file());

    import(&ws, &notes(dir.path(), &["gamma"]));
    assert_eq!(note_count(&ws), 3);

    let listed = json(&ws, &["backups", "--json"]);
    let backups = listed["backups"].as_array().unwrap();
    let entry = backups.iter().find(|b| b["name"] == name.as_str()).unwrap();
    for field in [
        "name",
        "path",
        "created_at",
        "reason",
        "bytes",
        "schema_version",
        "counts",
    ] {
        assert!(entry.get(field).is_some(), "{field} missing from {entry}");
    }
    let text = ok(&ws, &["backups"]);
    assert!(text.contains(&name) && text.contains("2 notes"), "{text}");

    let report = json(&ws, &["restore", &name, "--json"]);
    assert_eq!(report["before"]["note"], 3);
    assert_eq!(report["after"]["note"], 2);
    let kept = report["kept_as"].as_str().unwrap();
    assert!(ws.join("backups").join(kept).is_file());
    assert_eq!(note_count(&ws), 2);
    ok(&ws, &["check"]);
    let found = json(&ws, &["search", "gamma", "--json"]);
    assert_eq!(
        found["total"], 0,
        "the index still has what the restore removed"
    );

    // A backup file from anywhere restores too.
    let report = json(&ws, &["restore", out_file.to_str().unwrap(), "--json"]);
    assert_eq!(report["after"]["note"], 2);
    ok(&ws, &["check"]);
}

#[test]
fn restoring_a_bad_file_exits_non_zero_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    ok(&ws, &["init"]);
    import(&ws, &notes(dir.path(), &["alpha"]));
    let good = json(&ws, &["backup", "--json"]);
    let bytes = std::fs::read(good["path"].as_str().unwrap()).unwrap();
    let cut = dir.path().join("cut.sqlite");
    std::fs::write(&cut, &bytes[..bytes.len() / 3]).unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "hello").unwrap();
    let backups_before = std::fs::read_dir(ws.join("backups")).unwrap().count();

    for bad in [&cut, &text, &dir.path().join("missing.sqlite")] {
        let out = run(&ws, &["restore", bad.to_str().unwrap(), "--json"]);
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("error:"), "{stderr}");
        let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(answer["error"]["code"].is_string(), "{answer}");
        assert_eq!(note_count(&ws), 1);
        assert_eq!(
            std::fs::read_dir(ws.join("backups")).unwrap().count(),
            backups_before
        );
    }
    ok(&ws, &["check"]);
}

/// Start `groundwork serve` on a free port; returns it once it is listening.
fn serve(ws: &Path) -> std::process::Child {
    let mut child = groundwork(ws)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.contains("http://127.0.0.1:"), "{line}");
    child
}

#[test]
fn a_second_process_is_refused_naming_the_holder_and_a_killed_holder_never_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    ok(&ws, &["init"]);
    for round in 0..3 {
        let mut server = serve(&ws);
        // (Most commands are handed to the server now: tests/handoff.rs. A restore still
        // needs the workspace to itself.)
        let out = run(&ws, &["restore", "nothing.sqlite"]);
        assert_eq!(out.status.code(), Some(1), "round {round}: {out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("groundwork serve"), "{stderr}");
        assert!(
            stderr.contains(&format!("process {}", server.id())),
            "the holder's pid is named: {stderr}"
        );
        assert!(stderr.contains("127.0.0.1:"), "where it serves: {stderr}");
        // kill -9: no chance to clean up; the next process gets in all the same.
        server.kill().unwrap();
        server.wait().unwrap();
        ok(&ws, &["check"]);
    }
}

fn is_root() -> bool {
    // SAFETY: getuid has no preconditions.
    unsafe { libc_getuid() == 0 }
}

unsafe extern "C" {
    #[link_name = "getuid"]
    fn libc_getuid() -> u32;
}

/// `groundwork` as someone the workspace's permissions keep out of writing: this user when
/// not root (root writes anything), else `nobody` through setpriv.
fn as_reader(ws: &Path) -> Command {
    if is_root() {
        let mut cmd = Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(env!("CARGO_BIN_EXE_groundwork"))
            .arg("--workspace")
            .arg(ws)
            .env_remove("GROUNDWORK_WORKSPACE")
            .env("HOME", "/nonexistent");
        cmd
    } else {
        groundwork(ws)
    }
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn a_read_only_workspace_is_readable_and_every_write_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    ok(&ws, &["init"]);
    let files = notes(dir.path(), &["wombat"]);
    import(&ws, &files);
    ok(&ws, &["backup"]);
    // Readable by everyone, writable by no one but root.
    chmod(dir.path(), 0o755);
    for entry in walk(&ws) {
        chmod(&entry, if entry.is_dir() { 0o555 } else { 0o444 });
    }
    chmod(&files[0], 0o444);
    let db = std::fs::read(ws.join("groundwork.sqlite")).unwrap();

    let stats = as_reader(&ws).args(["stats", "--json"]).output().unwrap();
    assert!(stats.status.success(), "{stats:?}");
    let stderr = String::from_utf8_lossy(&stats.stderr);
    assert!(
        stderr.contains("reading only"),
        "the reader is told: {stderr}"
    );
    let counts: Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(counts["counts"]["note"], 1);
    let found = as_reader(&ws)
        .args(["search", "wombat", "--json"])
        .output()
        .unwrap();
    assert!(found.status.success(), "{found:?}");
    let found: Value = serde_json::from_slice(&found.stdout).unwrap();
    assert!(found["total"].as_u64().unwrap() >= 1, "{found}");
    let check = as_reader(&ws).arg("check").output().unwrap();
    assert!(check.status.success(), "{check:?}");

    let writes: [&[&str]; 3] = [
        // --again: the file was imported before, and a skip would change nothing.
        &["import", "--again", files[0].to_str().unwrap()],
        &["backup"],
        &["restore", "whatever.sqlite"],
    ];
    for args in writes {
        let out = as_reader(&ws).args(args).output().unwrap();
        assert_ne!(out.status.code(), Some(0), "{args:?} succeeded: {out:?}");
        let all = String::from_utf8_lossy(&out.stderr).to_string()
            + &String::from_utf8_lossy(&out.stdout);
        // The refusal itself says why, not only the note printed on opening.
        let refusal: Vec<&str> = all
            .lines()
            .filter(|l| l.starts_with("error:") || l.starts_with("failed"))
            .collect();
        assert!(
            !refusal.is_empty() && refusal.iter().all(|l| l.contains("reading only")),
            "{args:?}: {all}"
        );
        assert!(!all.contains("panicked"), "{args:?}: {all}");
    }
    assert_eq!(std::fs::read(ws.join("groundwork.sqlite")).unwrap(), db);
    for entry in walk(&ws) {
        chmod(&entry, if entry.is_dir() { 0o755 } else { 0o644 });
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = vec![dir.to_path_buf()];
    let mut i = 0;
    while i < out.len() {
        if out[i].is_dir() {
            for e in std::fs::read_dir(&out[i]).unwrap() {
                out.push(e.unwrap().path());
            }
        }
        i += 1;
    }
    out
}

#[test]
fn a_workspace_in_a_sync_folder_is_warned_about_once() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("OneDrive - Acme").join("research");
    let first = run(&ws, &["init"]);
    let first = run(&ws, &["stats"])
        .stderr
        .iter()
        .chain(first.stderr.iter())
        .copied()
        .collect::<Vec<u8>>();
    let text = String::from_utf8_lossy(&first);
    assert_eq!(text.matches("warning:").count(), 1, "{text}");
    assert!(text.contains("OneDrive") && text.contains("WAL"), "{text}");
    let again = run(&ws, &["stats"]);
    assert!(
        !String::from_utf8_lossy(&again.stderr).contains("warning:"),
        "warned twice"
    );
}

#[test]
fn a_database_too_damaged_to_open_is_restored_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    ok(&ws, &["init"]);
    import(&ws, &notes(dir.path(), &["alpha", "beta"]));
    let name = json(&ws, &["backup", "--json"])["name"]
        .as_str()
        .unwrap()
        .to_string();
    for damage in [0u64, 4096] {
        // Cut short while nothing had it open: the app and every command refuse it now.
        let db = ws.join("groundwork.sqlite");
        std::fs::OpenOptions::new()
            .write(true)
            .open(&db)
            .unwrap()
            .set_len(damage)
            .unwrap();
        let check = run(&ws, &["check"]);
        assert_ne!(check.status.code(), Some(0), "damage {damage}: {check:?}");

        let report = json(&ws, &["restore", &name, "--json"]);
        assert_eq!(report["after"]["note"], 2, "{report}");
        let kept = report["kept_as"].as_str().unwrap();
        assert!(ws.join("backups").join(kept).is_file(), "{report}");
        ok(&ws, &["check"]);
        assert_eq!(note_count(&ws), 2);
        let found = json(&ws, &["search", "alpha", "--json"]);
        assert!(found["total"].as_u64().unwrap() >= 1, "{found}");
    }
}
