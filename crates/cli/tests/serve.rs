//! `groundwork serve` as Playwright and scripts use it: one line on stdout with the link,
//! the token required, and a clean stop on SIGTERM that leaves the index caught up.

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

mod common;
use common::{Serving, groundwork, start_serving};

fn init(ws: &Path) {
    let out = groundwork(ws).arg("init").output().unwrap();
    assert!(out.status.success(), "{out:?}");
}

/// One HTTP/1.1 request from the server's own origin, as the UI sends it; (status, body).
fn http(addr: &str, method: &str, path: &str, auth: Option<&str>, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    let auth = auth
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n{auth}\
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
    let (status, _) = http(addr, "GET", "/api/attachments/x", None, "");
    assert_eq!(status, 401);

    let note = r#"{"cmd":"create_note","args":{"input":{"title":"Pricing page confusion","body":"Ana could not find the annual plan."}}}"#;
    let (status, body) = http(addr, "POST", "/api", Some(token), note);
    assert_eq!(status, 200, "{body}");
    let (status, page) = http(addr, "GET", "/", Some(token), "");
    assert_eq!(status, 503);
    assert!(page.contains("npm --prefix ui run build"), "{page}");

    let status = server.terminate();
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

/// `groundwork serve` on a new workspace with `args` after `serve`; the running child, the
/// address and the token from the line it prints.
fn serving(
    ws: &Path,
    args: &[&str],
    envs: &[(&str, &std::ffi::OsStr)],
) -> (Serving, String, String) {
    let mut cmd = groundwork(ws);
    cmd.args(["serve", "--addr", "127.0.0.1:0"]).args(args);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    start_serving(cmd)
}

/// Item 3 of issue 13: `serve --open` passed the link with the token on the browser's
/// command line, which any user of the computer can read with `ps`. The browser gets a
/// page only this user can read, which sends it on to the link.
#[cfg(unix)]
#[test]
fn serve_open_keeps_the_token_off_the_browsers_command_line() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    init(&ws);
    // A stand-in for xdg-open that writes down how it was called.
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let record = dir.path().join("opened.txt");
    let opener = bin.join(if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    });
    std::fs::write(
        &opener,
        "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$RECORD.tmp\" && mv \"$RECORD.tmp\" \"$RECORD\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = std::env::join_paths(std::iter::once(bin.clone()).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let runtime = dir.path().join("runtime");
    std::fs::create_dir(&runtime).unwrap();
    let (_server, addr, token) = serving(
        &ws,
        &["--open"],
        &[
            ("PATH", path.as_os_str()),
            ("RECORD", record.as_os_str()),
            ("XDG_RUNTIME_DIR", runtime.as_os_str()),
        ],
    );
    let started = Instant::now();
    while !record.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the browser was never opened"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let args = std::fs::read_to_string(&record).unwrap();
    assert!(
        !args.contains(&token),
        "the token is on the command line: {args}"
    );
    let page = Path::new(args.trim());
    assert!(page.is_absolute() && page.starts_with(&runtime), "{args}");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(page), 0o600, "only this user can read the page");
    assert_eq!(mode(page.parent().unwrap()), 0o700, "or enter its folder");
    let html = std::fs::read_to_string(page).unwrap();
    assert!(
        html.contains(&format!("url=http://{addr}/?token={token}")),
        "it sends the browser on to the link: {html}"
    );
}

/// The peak resident memory of process `pid`, in bytes (Linux).
#[cfg(target_os = "linux")]
fn peak_memory(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    kb * 1024
}

/// Item 4 of issue 13: an attachment's GET without a Range header read the whole file into
/// memory (recordings may be 4 GB), and so did HEAD. Both are streamed now: serving a 2 GB
/// attachment leaves the server's peak memory where it was.
#[cfg(target_os = "linux")]
#[test]
fn serving_a_whole_recording_does_not_read_it_into_memory() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    init(&ws);
    let (server, addr, token) = serving(&ws, &["--ui", "/nonexistent"], &[]);
    let create = r#"{"cmd":"create_interview","args":{"input":{"title":"Call"}}}"#;
    let (status, body) = http(&addr, "POST", "/api", Some(&token), create);
    assert_eq!(status, 200, "{body}");
    let iv: Value = serde_json::from_str(&body).unwrap();
    // Attach a small file, then make the copy a 2 GB recording (sparse: nothing on disk).
    let mut stream = TcpStream::connect(&addr).unwrap();
    write!(
        stream,
        "POST /api/attachments?interview={}&name=call.mp4 HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\
         Authorization: Bearer {token}\r\nContent-Type: application/octet-stream\r\nContent-Length: 4\r\n\
         Connection: close\r\n\r\nmoov",
        iv["id"].as_str().unwrap()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let attachment: Value = serde_json::from_str(answer.split_once("\r\n\r\n").unwrap().1).unwrap();
    let copy = std::fs::read_dir(ws.join("attachments"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.is_file())
        .unwrap();
    const SIZE: u64 = 2 * 1024 * 1024 * 1024;
    std::fs::OpenOptions::new()
        .write(true)
        .open(&copy)
        .unwrap()
        .set_len(SIZE)
        .unwrap();

    let pid = server.0.id();
    let before = peak_memory(pid);
    let mut heads = Vec::new();
    for method in ["HEAD", "GET"] {
        let mut stream = TcpStream::connect(&addr).unwrap();
        write!(
            stream,
            "{method} /api/attachments/{} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\r\n",
            attachment["id"].as_str().unwrap()
        )
        .unwrap();
        // The headers, and (for GET) the first 8 MB of the body; then hang up.
        let mut got = vec![0u8; 8 * 1024 * 1024];
        let mut filled = 0;
        let started = Instant::now();
        while filled < got.len() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "{method}: the bytes never came"
            );
            let n = stream.read(&mut got[filled..]).unwrap();
            if n == 0 {
                break;
            }
            filled += n;
            if method == "HEAD" && got[..filled].windows(4).any(|w| w == b"\r\n\r\n") {
                break;
            }
        }
        heads.push((
            method,
            String::from_utf8_lossy(&got[..filled.min(400)]).into_owned(),
        ));
        drop(stream);
    }
    let grown = peak_memory(pid).saturating_sub(before);
    assert!(
        grown < 256 * 1024 * 1024,
        "serving a 2 GB attachment grew the server's peak memory by {} MB",
        grown / 1024 / 1024
    );
    for (method, head) in heads {
        assert!(head.starts_with("HTTP/1.1 200"), "{method}: {head}");
        assert!(
            head.to_ascii_lowercase()
                .contains(&format!("content-length: {SIZE}")),
            "{method}: {head}"
        );
    }
}
