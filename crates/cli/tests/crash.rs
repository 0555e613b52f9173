//! Crash safety: a bulk import killed with SIGKILL at random moments never leaves the
//! workspace inconsistent, and every file the import reported as committed survives and is
//! searchable once the workspace is reopened.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const KILLS: usize = 50;
const FILES: usize = 40;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_groundwork"));
    c.env_remove("GROUNDWORK_WORKSPACE");
    c
}

/// xorshift64*: a fixed seed makes a failure reproducible.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// Transcripts and notes, each with the shared word "quokka" and its own marker word.
fn write_files(dir: &Path, round: usize) {
    for n in 0..FILES {
        let marker = format!("mark{round}x{n}");
        if n % 3 == 0 {
            let body = format!(
                "# Crash note {round}-{n}\n\nThe quokka said {marker}.\n\n{}",
                "More words about research. ".repeat(200)
            );
            std::fs::write(dir.join(format!("note-{n:03}.md")), body).unwrap();
        } else {
            let mut vtt = String::from("WEBVTT\n\n");
            for cue in 0..120 {
                vtt.push_str(&format!(
                    "{cue}\n00:{:02}:{:02}.000 --> 00:{:02}:{:02}.500\n<v Speaker {}>quokka cue {cue} of {marker} talks about onboarding\n\n",
                    cue / 60,
                    cue % 60,
                    cue / 60,
                    cue % 60,
                    cue % 2
                ));
            }
            std::fs::write(dir.join(format!("call-{n:03}.vtt")), vtt).unwrap();
        }
    }
}

#[test]
fn kill_9_during_import_never_breaks_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    assert!(
        bin()
            .arg("--workspace")
            .arg(&ws)
            .arg("init")
            .status()
            .unwrap()
            .success()
    );
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut committed_total = 0;
    for round in 0..KILLS {
        let files = dir.path().join(format!("round-{round}"));
        std::fs::create_dir(&files).unwrap();
        write_files(&files, round);
        let mut child = bin()
            .arg("--workspace")
            .arg(&ws)
            .arg("import")
            .arg(&files)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.next() % 400));
        let _ = child.kill(); // SIGKILL on Unix
        let out = child.wait_with_output().unwrap();
        // A line is printed only after its file's transaction committed.
        let committed: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| l.starts_with("imported"))
            .filter_map(|l| l.rsplit(['/', '\\']).next().map(|f| f.trim().to_string()))
            .collect();
        committed_total += committed.len();

        let check = bin()
            .arg("--workspace")
            .arg(&ws)
            .args(["check", "--json"])
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&check.stdout).unwrap_or_else(|_| {
            panic!(
                "round {round}: check printed {}",
                String::from_utf8_lossy(&check.stderr)
            )
        });
        assert_eq!(check.status.code(), Some(0), "round {round}: {report}");

        // Exactly the reported files landed, give or take the one whose line the kill cut off.
        let stats: Value = serde_json::from_slice(
            &bin()
                .arg("--workspace")
                .arg(&ws)
                .args(["stats", "--json"])
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap();
        let stored = (stats["counts"]["interview"].as_u64().unwrap()
            + stats["counts"]["note"].as_u64().unwrap()) as usize;
        assert!(
            stored >= committed_total && stored <= committed_total + round + 1,
            "round {round}: {stored} stored, {committed_total} reported"
        );
        // And what was reported is searchable (a sample per round keeps the test quick).
        for file in committed.iter().step_by(committed.len() / 4 + 1) {
            let n: usize = file[5..8].parse().unwrap();
            let marker = format!("mark{round}x{n}");
            let found = bin()
                .arg("--workspace")
                .arg(&ws)
                .args(["search", &marker, "--json", "--limit", "1"])
                .output()
                .unwrap();
            let r: Value = serde_json::from_slice(&found.stdout).unwrap();
            assert!(
                r["total"].as_u64().unwrap() >= 1,
                "round {round}: {file} was reported committed but {marker} is not found"
            );
        }
    }
    // The kills must have landed both before and during the imports, not only after them.
    assert!(
        committed_total > 0,
        "no import ever committed before its kill"
    );
    assert!(
        committed_total < KILLS * FILES,
        "every import finished before its kill"
    );
}
