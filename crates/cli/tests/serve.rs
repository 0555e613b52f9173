//! `groundwork serve` as Playwright and scripts use it: one line on stdout with the link,
//! the token required, and a clean stop on SIGTERM that leaves the index caught up.

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn groundwork(ws: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_groundwork"));
    cmd.arg("--workspace")
        .arg(ws)
        .env_remove("GROUNDWORK_WORKSPACE")
        .env_remove("GROUNDWORK_UI_DIR");
    cmd
}

fn init(ws: &Path) {
    let out = groundwork(ws).arg("init").output().unwrap();
    assert!(out.status.success(), "{out:?}");
}

/// Kills the server if a test fails before stopping it.
struct Serving(Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One HTTP/1.1 request; (status, body).
fn http(addr: &str, method: &str, path: &str, auth: Option<&str>, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    let auth = auth
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}Content-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
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
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn serve_prints_the_link_requires_the_token_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    init(&ws);
    let no_ui = dir.path().join("no-ui");

    let mut server = Serving(
        groundwork(&ws)
            .args(["serve", "--addr", "127.0.0.1:0", "--ui"])
            .arg(&no_ui)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut line = String::new();
    BufReader::new(server.0.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let prefix = format!(
        "Groundwork is serving {} at http://127.0.0.1:",
        ws.display()
    );
    assert!(line.starts_with(&prefix), "{line}");
    let url = line.trim_end().rsplit(' ').next().unwrap();
    let (addr, token) = url
        .trim_start_matches("http://")
        .split_once("/?token=")
        .unwrap();
    assert_eq!(token.len(), 64, "{line}");
    assert!(token.chars().all(|c| c.is_ascii_hexdigit()), "{line}");

    let (status, body) = http(addr, "POST", "/api", None, r#"{"cmd":"stats"}"#);
    assert_eq!(status, 401, "{body}");
    let (status, _) = http(addr, "GET", "/", None, "");
    assert_eq!(status, 401);

    let note = r#"{"cmd":"create_note","args":{"input":{"title":"Pricing page confusion","body":"Ana could not find the annual plan."}}}"#;
    let (status, body) = http(addr, "POST", "/api", Some(token), note);
    assert_eq!(status, 200, "{body}");
    let (status, page) = http(addr, "GET", "/", Some(token), "");
    assert_eq!(status, 503);
    assert!(page.contains("npm --prefix ui run build"), "{page}");

    let pid = server.0.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "serve did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    assert!(TcpStream::connect(addr).is_err(), "the port is closed");

    // The workspace was closed properly: the note is there, and database and index agree.
    let out = groundwork(&ws)
        .args(["search", "annual plan", "--json"])
        .output()
        .unwrap();
    let results: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        results["hits"][0]["title"], "Pricing page confusion",
        "{results}"
    );
    assert!(
        groundwork(&ws)
            .arg("check")
            .output()
            .unwrap()
            .status
            .success()
    );
}

#[test]
fn serve_refuses_addresses_other_computers_can_reach() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    init(&ws);
    let out = groundwork(&ws)
        .args(["serve", "--addr", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("loopback"), "{stderr}");
}
