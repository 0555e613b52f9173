//! `groundwork workshop start | list | export` as a headless laptop and scripts use them: one
//! JSON object on stdout, a room phones can join, SIGTERM keeps the workshop, `--resume`
//! continues it on the same address with every seat, note and vote.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Stdio;

mod common;
use common::{Serving, groundwork};

/// A built UI with just the participant page (the room serves nothing else).
fn ui(dir: &Path) -> std::path::PathBuf {
    let ui = dir.join("ui");
    std::fs::create_dir_all(ui.join("assets")).unwrap();
    std::fs::write(ui.join("index.html"), "<!doctype html><title>app</title>").unwrap();
    std::fs::write(
        ui.join("participant.html"),
        "<!doctype html><title>phone</title><script src=\"./assets/p-1.js\"></script>",
    )
    .unwrap();
    std::fs::write(ui.join("assets/p-1.js"), "console.log(1)").unwrap();
    ui
}

fn start(ws: &Path, ui: &Path, args: &[&str]) -> (Serving, Value) {
    let mut child = Serving(
        groundwork(ws)
            .args(["workshop", "start"])
            .args(args)
            .args(["--json", "--ui"])
            .arg(ui)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut line = String::new();
    BufReader::new(child.0.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let v: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
    (child, v)
}

/// One request to the room as a phone's page sends it; (status, body).
fn room(addr: &str, path: &str, token: Option<&str>, body: &Value) -> (u16, Value) {
    let mut stream = TcpStream::connect(addr).unwrap();
    let body = body.to_string();
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n{auth}\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = answer.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

fn stop(mut child: Serving) {
    let status = child.terminate();
    assert!(status.success(), "{status:?}");
}

#[test]
fn a_workshop_runs_headless_survives_a_stop_and_exports_its_results() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    assert!(groundwork(&ws).arg("init").status().unwrap().success());
    let ui = ui(dir.path());

    let (child, started) = start(
        &ws,
        &ui,
        &["--recipe", "note-and-vote", "--title", "Roadmap jam"],
    );
    let keys: Vec<&str> = started
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["code", "facilitator_url", "id", "join_url"],
        "{started}"
    );
    let id = started["id"].as_str().unwrap().to_string();
    let join = started["join_url"].as_str().unwrap();
    assert_eq!(started["code"].as_str().unwrap().len(), 6);
    let addr = join
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_string();
    assert!(
        addr.starts_with("127.0.0.1:"),
        "loopback unless asked: {join}"
    );
    let secret = join.split("#k=").nth(1).unwrap();
    let (status, joined) = room(
        &addr,
        "/w/join",
        None,
        &json!({"secret": secret, "nickname": "Ana"}),
    );
    assert_eq!(status, 200, "{joined}");
    let token = joined["token"].as_str().unwrap().to_string();
    let (status, view) = room(
        &addr,
        "/w/api",
        Some(&token),
        &json!({"cmd": "put_note", "args": {"client_key": "n1", "text": "Exports are slow"}}),
    );
    assert_eq!(status, 200, "{view}");
    stop(child);

    // Stopped: the workshop and its notes are kept.
    let out = groundwork(&ws)
        .args(["workshop", "list", "--json"])
        .output()
        .unwrap();
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["notes"], 1);

    // Resumed on the same address: the phone's credential still works.
    let (child, again) = start(&ws, &ui, &["--resume", &id]);
    assert_eq!(again["id"], id.as_str());
    let join2 = again["join_url"].as_str().unwrap();
    assert!(join2.contains(&addr), "{join2} is not on {addr}");
    let (status, view) = room(
        &addr,
        "/w/api",
        Some(&token),
        &json!({"cmd": "state", "args": {}}),
    );
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["my_notes"][0]["text"], "Exports are slow");
    stop(child);

    let out = groundwork(&ws)
        .args(["workshop", "export", &id, "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.starts_with("\u{feff}board,rank,group,note"), "{csv}");
    assert!(csv.contains("Exports are slow"), "{csv}");
    assert!(!csv.contains("Ana"), "no names: {csv}");
    let md_path = dir.path().join("jam.md");
    let out = groundwork(&ws)
        .args(["workshop", "export", &id, "--format", "md", "--out"])
        .arg(&md_path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(
        std::fs::read_to_string(&md_path)
            .unwrap()
            .starts_with("# Roadmap jam")
    );
}

#[test]
fn start_says_what_it_needs() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    assert!(groundwork(&ws).arg("init").status().unwrap().success());
    let out = groundwork(&ws)
        .args(["workshop", "start"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--recipe"), "{err}");
    let out = groundwork(&ws)
        .args(["workshop", "start", "--recipe", "prioritise-tree"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--tree"),
        "{out:?}"
    );
    let out = groundwork(&ws)
        .args(["workshop", "start", "--resume", "nope"])
        .output()
        .unwrap();
    assert!(!out.status.success());
}
