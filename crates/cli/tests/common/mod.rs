//! Helpers the `groundwork` command's tests share: the command on a workspace, its output
//! checked and read as JSON, a new workspace, the real corpus.
#![allow(dead_code)] // each test file uses part of it

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// The built `groundwork` on workspace `ws`, with the variables that would point it elsewhere
/// (another workspace, another UI folder) removed so the developer's own settings cannot leak in.
pub fn groundwork(ws: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_groundwork"));
    cmd.arg("--workspace")
        .arg(ws)
        .env_remove("GROUNDWORK_WORKSPACE")
        .env_remove("GROUNDWORK_UI_DIR");
    cmd
}

/// A running `groundwork serve`, killed if a test fails before it is stopped.
pub struct Serving(pub Child);

impl Serving {
    /// Send SIGTERM (as a service manager or a test harness does) and wait, at most 30 s,
    /// for the process to end; its exit status.
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        let pid = self.0.id().to_string();
        assert!(
            Command::new("kill")
                .args(["-TERM", &pid])
                .status()
                .unwrap()
                .success()
        );
        let started = std::time::Instant::now();
        loop {
            if let Some(status) = self.0.try_wait().unwrap() {
                return status;
            }
            assert!(
                started.elapsed() < std::time::Duration::from_secs(30),
                "it did not stop on SIGTERM"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Start `cmd` (a `groundwork … serve` command): the child, and the address and token from
/// the line it prints.
pub fn start_serving(mut cmd: Command) -> (Serving, String, String) {
    let mut server = Serving(
        cmd.stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut line = String::new();
    BufReader::new(server.0.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim_end().rsplit(' ').next().unwrap().to_string();
    let (addr, token) = url
        .trim_start_matches("http://")
        .split_once("/?token=")
        .map(|(a, t)| (a.to_string(), t.to_string()))
        .unwrap_or_else(|| panic!("no link in {line:?}"));
    (server, addr, token)
}

/// Run `groundwork ARGS…` on `ws` to the end.
pub fn run(ws: &Path, args: &[&str]) -> Output {
    groundwork(ws).args(args).output().unwrap()
}

/// The standard output of a run that must have succeeded (its standard error otherwise).
pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// The standard output of a run as JSON, or a panic showing both outputs.
pub fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// A new workspace made by `groundwork init` in a temp folder.
pub fn init() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    ok(&run(&ws, &["init"]));
    (dir, ws)
}

/// The real corpus beside the repository (`GROUNDWORK_CORPUS` overrides). Missing, it skips the
/// tests that read it, except with CI=true, where it fails them.
pub fn corpus() -> Option<PathBuf> {
    let path = std::env::var_os("GROUNDWORK_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    if path.join("SOURCES.md").is_file() {
        return Some(path);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "the corpus is missing at {} (set GROUNDWORK_CORPUS)",
            path.display()
        );
    }
    eprintln!("corpus not found at {}; skipping", path.display());
    None
}

/// xorshift64*: a fixed seed makes a failure reproducible.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}
