//! Item 3 of issue 14: the CLI no longer refuses a workspace that `groundwork serve` (or the
//! app) has open; it hands its commands to that process and prints what it prints on a
//! workspace nothing else has open. A socket that cannot be trusted is never sent anything.
#![cfg(unix)]

mod common;
use common::{Serving, start_serving};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn groundwork(ws: &Path, runtime: &Path) -> Command {
    let mut cmd = common::groundwork(ws);
    // The hand-off sockets go here, not into the machine's runtime folder.
    cmd.env("XDG_RUNTIME_DIR", runtime);
    cmd
}

/// `groundwork serve` on `ws`: the child, the address and the token from its line.
fn serve(ws: &Path, runtime: &Path) -> (Serving, String, String) {
    let mut cmd = groundwork(ws, runtime);
    cmd.args(["serve", "--addr", "127.0.0.1:0", "--ui", "/nonexistent"]);
    start_serving(cmd)
}

fn api(addr: &str, token: &str, body: &str) -> Value {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "POST /api HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{answer}");
    serde_json::from_str(body).unwrap()
}

/// What differs between two workspaces given the same commands: the folder, the ids, when
/// a file was imported and how long a search took.
fn masked(text: &str, ws: &Path) -> String {
    let text = text.replace(&ws.display().to_string(), "<ws>");
    let chars: Vec<char> = text.chars().collect();
    let is_id = |w: &[char]| {
        w.len() == 36
            && w.iter().enumerate().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => *c == '-',
                _ => c.is_ascii_hexdigit(),
            })
    };
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if i + 36 <= chars.len() && is_id(&chars[i..i + 36]) {
            out.push_str("<id>");
            i += 36;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    // "3 results in 0.4 ms (…)" and "took_ms": 0.41
    out.lines()
        .map(|l| {
            if let Some((before, after)) = l.split_once(" ms (")
                && let Some((head, _)) = before.rsplit_once(" in ")
            {
                format!("{head} in <t> ms ({after}")
            } else if l.trim_start().starts_with("\"took_ms\"") {
                "  \"took_ms\": <t>,".to_string()
            } else if l.trim_start().starts_with("\"imported_at\"") {
                "<when>".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

const CALL: &str = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Mel>How do you send invoices today?\n\n\
    00:00:04.000 --> 00:00:09.000\n<v Ana>I export invoices by hand every Friday, it takes hours.\n";

/// The commands a script would run, from `folder` (the import names a file relative to it).
fn session(ws: &Path, runtime: &Path, folder: &Path) -> Vec<(String, Output)> {
    let commands: [&[&str]; 8] = [
        &["import", "call.vtt"],
        &["search", "invoices"],
        &["search", "invoices by hand", "--json"],
        &["stats", "--json"],
        &["check", "--json"],
        &["import", "call.vtt", "--json"],
        &["import", "missing.vtt"],
        &["search", "--kind", "nonsense", "x"],
    ];
    commands
        .iter()
        .map(|args| {
            let out = groundwork(ws, runtime)
                .args(*args)
                .current_dir(folder)
                .output()
                .unwrap();
            (args.join(" "), out)
        })
        .collect()
}

#[test]
fn commands_on_a_served_workspace_are_handed_to_serve_and_print_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = dir.path().join("runtime");
    std::fs::create_dir(&runtime).unwrap();
    std::fs::write(dir.path().join("call.vtt"), CALL).unwrap();
    let (served, alone) = (dir.path().join("served"), dir.path().join("alone"));
    for ws in [&served, &alone] {
        let out = groundwork(ws, &runtime).arg("init").output().unwrap();
        assert!(out.status.success(), "{out:?}");
    }
    let (server, addr, token) = serve(&served, &runtime);

    let handed = session(&served, &runtime, dir.path());
    let own = session(&alone, &runtime, dir.path());
    for ((command, there), (_, here)) in handed.iter().zip(&own) {
        let text = |o: &Output, ws: &Path| {
            (
                masked(&String::from_utf8_lossy(&o.stdout), ws),
                masked(&String::from_utf8_lossy(&o.stderr), ws),
            )
        };
        assert_eq!(
            there.status.code(),
            here.status.code(),
            "`groundwork {command}` exits alike: {there:?}"
        );
        assert_eq!(
            text(there, &served),
            text(here, &alone),
            "`groundwork {command}` prints alike"
        );
    }
    // Not trivially alike: the import landed, the search found it, the errors were errors.
    let stdout = |i: usize| String::from_utf8_lossy(&handed[i].1.stdout).into_owned();
    assert!(stdout(0).contains("imported  interview"), "{}", stdout(0));
    assert!(stdout(0).contains("call.vtt"), "as typed: {}", stdout(0));
    assert!(stdout(1).contains("invoices"), "{}", stdout(1));
    let stats: Value = serde_json::from_str(&stdout(3)).unwrap();
    assert_eq!(stats["counts"]["interview"], 1, "{stats}");
    assert_eq!(stats["outbox_lag"], 0, "{stats}");
    let check: Value = serde_json::from_str(&stdout(4)).unwrap();
    assert_eq!(check["ok"], true, "{check}");
    let again: Value = serde_json::from_str(&stdout(5)).unwrap();
    assert_eq!(again["skipped"].as_array().unwrap().len(), 1, "{again}");
    assert_eq!(handed[6].1.status.code(), Some(1));
    assert_eq!(handed[7].1.status.code(), Some(2));

    // It happened in the server's workspace: its API sees the import.
    let interviews = api(&addr, &token, r#"{"cmd":"list_interviews"}"#);
    assert_eq!(interviews[0]["title"], "call", "{interviews}");

    // A command that needs the workspace to itself says who has it and to close it first.
    let out = groundwork(&served, &runtime)
        .args(["restore", "nothing.sqlite"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is open in groundwork serve"), "{stderr}");
    assert!(stderr.contains("close that one first"), "{stderr}");
    drop(server);
}

/// `serve` killed with SIGKILL leaves its socket file and owner file behind. Neither hangs
/// nor misleads the next command: the workspace is no longer locked, so the command opens
/// it itself; the next `serve` replaces the socket.
#[test]
fn a_socket_left_by_a_killed_server_is_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = dir.path().join("runtime");
    std::fs::create_dir(&runtime).unwrap();
    let ws = dir.path().join("ws");
    assert!(
        groundwork(&ws, &runtime)
            .arg("init")
            .output()
            .unwrap()
            .status
            .success()
    );
    let (mut server, addr, token) = serve(&ws, &runtime);
    api(
        &addr,
        &token,
        r#"{"cmd":"create_note","args":{"input":{"title":"Annual plan","body":"Ana could not find it."}}}"#,
    );
    let owner = || -> Value {
        serde_json::from_slice(&std::fs::read(ws.join("groundwork.owner.json")).unwrap()).unwrap()
    };
    let socket = PathBuf::from(owner()["handoff"].as_str().unwrap());
    assert!(socket.starts_with(runtime.join("groundwork")), "{socket:?}");
    server.0.kill().unwrap();
    server.0.wait().unwrap();
    assert!(socket.exists(), "SIGKILL leaves the socket file behind");

    let started = Instant::now();
    let out = groundwork(&ws, &runtime)
        .args(["stats", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(started.elapsed() < Duration::from_secs(20));
    let stats: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["counts"]["note"], 1, "{stats}");

    // The next server listens on a fresh socket, and commands are handed to it again.
    let (_server, addr, token) = serve(&ws, &runtime);
    let out = groundwork(&ws, &runtime)
        .args(["search", "annual", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let found: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(found["hits"][0]["title"], "Annual plan", "{found}");
    let outline = dir.path().join("outline.md");
    std::fs::write(
        &outline,
        "# Fewer manual exports\n- Opportunity: invoices take hours\n",
    )
    .unwrap();
    let made = groundwork(&ws, &runtime)
        .args(["tree", "import"])
        .arg(&outline)
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    let trees = api(&addr, &token, r#"{"cmd":"list_trees"}"#);
    assert_eq!(trees[0]["title"], "Fewer manual exports", "{trees}");

    // A backup to a file and the list of backups are made by the server too.
    let copy = dir.path().join("copy.sqlite");
    let out = groundwork(&ws, &runtime)
        .args(["backup", "--json", "--out"])
        .arg(&copy)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let info: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(info["counts"]["note"], 1, "{info}");
    assert!(copy.is_file());
    let out = groundwork(&ws, &runtime)
        .args(["backups", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        list["folder"],
        ws.join("backups").display().to_string(),
        "{list}"
    );
    // So is a rebuild of the index (without a progress bar: only the end is reported).
    let out = groundwork(&ws, &runtime).arg("reindex").output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.starts_with("Rebuilt the search index: "), "{said}");
}

/// While a process holds the workspace (here: this test), the CLI sends nothing to a
/// socket path it cannot trust, and does not wait on one nobody answers.
#[test]
fn a_socket_path_that_is_not_a_private_socket_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::net::UnixListener;
    let dir = tempfile::tempdir().unwrap();
    let runtime = dir.path().join("runtime");
    std::fs::create_dir(&runtime).unwrap();
    let path = dir.path().join("ws");
    let ws = groundwork_core::Workspace::init(&path).unwrap();
    let private = dir.path().join("private");
    std::fs::create_dir(&private).unwrap();
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o700)).unwrap();
    let stats = || {
        let started = Instant::now();
        let out = groundwork(&path, &runtime).arg("stats").output().unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "it did not hang"
        );
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        assert!(out.stdout.is_empty());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };

    let file = private.join("file.sock");
    std::fs::write(&file, "").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    ws.set_handoff(Some(file.display().to_string())).unwrap();
    let said = stats();
    assert!(said.contains("is in use by"), "{said}");
    assert!(said.contains("is not a socket"), "{said}");
    assert!(said.contains("nothing was sent"), "{said}");

    let open = private.join("open.sock");
    let listener = UnixListener::bind(&open).unwrap();
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o666)).unwrap();
    ws.set_handoff(Some(open.display().to_string())).unwrap();
    let said = stats();
    assert!(said.contains("other users"), "{said}");
    listener.set_nonblocking(true).unwrap();
    assert!(listener.accept().is_err(), "nothing even connected to it");

    let stale = private.join("stale.sock");
    drop(UnixListener::bind(&stale).unwrap());
    std::fs::set_permissions(&stale, std::fs::Permissions::from_mode(0o600)).unwrap();
    ws.set_handoff(Some(stale.display().to_string())).unwrap();
    let said = stats();
    assert!(said.contains("nobody answers"), "{said}");
}
