//! Crash safety (issue 15, item 4): kill -9 at random moments across import, edits, tree
//! moves, trash, reindex and migration, `groundwork check` after every kill, and the stored
//! objects compared with what was acknowledged before the kill: every acknowledged write is
//! there, and the one write in flight either landed whole or not at all.
//!
//! CI runs 50 kills. `scripts/crash-test.sh` runs 1,000 (GROUNDWORK_CRASH_KILLS) and prints the
//! figures BENCHMARKS.md quotes.
//!
//! Edits, tree moves and trash run in a child process that is this test binary itself (the
//! ignored test `crash_child`), using the engine directly: it prints `begin <op>` before each
//! write and `ack <op>` once it committed, and is killed at a random moment.

use groundwork_core::model::*;
use groundwork_core::{OpenOptions, Workspace};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::Rng;

const FILES: usize = 40;

fn kills() -> usize {
    std::env::var("GROUNDWORK_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50)
}

/// The CLI under test; `scripts/crash-test.sh` runs a copy (GROUNDWORK_BIN) so that an
/// hour-long run is not changed under it by a rebuild.
fn bin() -> Command {
    let path = std::env::var_os("GROUNDWORK_BIN")
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_groundwork").into());
    let mut c = Command::new(path);
    c.env_remove("GROUNDWORK_WORKSPACE");
    c
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

/// What the tests compare: notes (title, in the trash) and the tree's shape (children of
/// each parent, in order; "" is the outcome).
#[derive(Debug, Clone, PartialEq, Default)]
struct State {
    notes: BTreeMap<String, (String, bool)>,
    tree: BTreeMap<String, Vec<String>>,
}

impl State {
    /// Read straight from the database (a trashed note is not a live note to the engine).
    fn read(ws: &Path, tree_id: &str) -> State {
        let c = rusqlite::Connection::open_with_flags(
            ws.join("groundwork.sqlite"),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .unwrap();
        let mut s = State::default();
        let mut q = c
            .prepare(
                "SELECT id, title, deleted_at IS NOT NULL FROM notes WHERE title LIKE 'edit-%'",
            )
            .unwrap();
        for row in q
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, bool>(2)?,
                ))
            })
            .unwrap()
        {
            let (id, title, trashed) = row.unwrap();
            s.notes.insert(id, (title, trashed));
        }
        let mut q = c
            .prepare("SELECT id, ifnull(parent_id, '') FROM tree_nodes WHERE tree_id = ?1 AND deleted_at IS NULL ORDER BY position")
            .unwrap();
        for row in q
            .query_map([tree_id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .unwrap()
        {
            let (id, parent) = row.unwrap();
            s.tree.entry(parent).or_default().push(id);
        }
        s
    }

    /// The state after `op`, as the engine defines it. A create's id is unknown before it
    /// commits: `None` then means "any one new note with this title".
    fn apply(&mut self, op: &Value) -> Option<(String, String)> {
        let id = op["id"].as_str().unwrap_or_default().to_string();
        match op["op"].as_str().unwrap() {
            "create" if id.is_empty() => {
                return Some(("new".into(), op["title"].as_str().unwrap().to_string()));
            }
            "create" => {
                self.notes
                    .insert(id, (op["title"].as_str().unwrap().to_string(), false));
            }
            "update" => {
                if let Some(n) = self.notes.get_mut(&id) {
                    n.0 = op["title"].as_str().unwrap().to_string();
                }
            }
            "trash" => {
                if let Some(n) = self.notes.get_mut(&id) {
                    n.1 = true;
                }
            }
            "restore" => {
                if let Some(n) = self.notes.get_mut(&id) {
                    n.1 = false;
                }
            }
            "purge" => self.notes.retain(|_, n| !n.1),
            "move" => {
                let parent = op["parent"].as_str().unwrap_or_default().to_string();
                for list in self.tree.values_mut() {
                    list.retain(|n| *n != id);
                }
                let list = self.tree.entry(parent).or_default();
                let at = (op["position"].as_u64().unwrap() as usize).min(list.len());
                list.insert(at, id);
                self.tree.retain(|_, v| !v.is_empty());
            }
            other => panic!("unknown op {other}"),
        }
        None
    }
}

/// The ops a child acknowledged, and the one it began but did not acknowledge.
fn parse_child(stdout: &str) -> (Vec<Value>, Option<Value>) {
    let mut acked = Vec::new();
    let mut open = None;
    for line in stdout.lines() {
        if let Some(op) = line.strip_prefix("begin ") {
            open = serde_json::from_str(op).ok();
        } else if let Some(op) = line.strip_prefix("ack ") {
            let v: Value = serde_json::from_str(op).unwrap();
            acked.push(v);
            open = None;
        } else {
            // An op glued to other output would be missed: a write in flight unseen.
            assert!(
                !line.contains("\"op\":"),
                "unparsed line from the child: {line}"
            );
        }
    }
    (acked, open)
}

/// `groundwork check` after a kill (always the first open after it); true when that open
/// found an object indexed twice and rebuilt the index.
fn check(ws: &Path, round: usize, what: &str) -> bool {
    let out = bin()
        .arg("--workspace")
        .arg(ws)
        .args(["check", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "round {round} ({what}): check failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).contains("indexed twice")
}

fn stats(ws: &Path) -> Value {
    serde_json::from_slice(
        &bin()
            .arg("--workspace")
            .arg(ws)
            .args(["stats", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap()
}

/// Spawn, wait `delay`, SIGKILL, and return what it printed.
fn kill_after(mut cmd: Command, delay: Duration) -> String {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    let _ = child.kill(); // SIGKILL on Unix
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[derive(Default, Debug)]
struct Tally {
    kills: usize,
    acknowledged: usize,
    by_kind: BTreeMap<&'static str, usize>,
    /// Opens after a kill that found an object indexed twice and rebuilt the index.
    indexed_twice: usize,
}

#[test]
fn kill_9_at_random_moments_never_loses_an_acknowledged_write() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let tree_id = {
        let w = Workspace::init(&ws).unwrap();
        let tree = w
            .create_tree(&TreeInput {
                title: "Grow activation".into(),
                ..Default::default()
            })
            .unwrap();
        for n in 0..10 {
            w.create_tree_node(
                &tree.id,
                &TreeNodeInput {
                    kind: NodeKind::Opportunity,
                    title: format!("Opportunity {n}"),
                    ..Default::default()
                },
            )
            .unwrap();
        }
        tree.id
    };
    let mut model = State::read(&ws, &tree_id);
    let v1 = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/schemas/v1.sqlite");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut tally = Tally::default();
    let mut imported_total = 0;
    for round in 0..kills() {
        let kind = ["import", "edits", "tree", "trash", "reindex", "migration"][round % 6];
        *tally.by_kind.entry(kind).or_default() += 1;
        tally.kills += 1;
        match kind {
            "import" => {
                let files = dir.path().join(format!("round-{round}"));
                std::fs::create_dir(&files).unwrap();
                write_files(&files, round);
                let mut cmd = bin();
                cmd.arg("--workspace").arg(&ws).arg("import").arg(&files);
                let out = kill_after(cmd, Duration::from_millis(rng.next() % 400));
                // A line is printed only after its file's transaction committed.
                let committed: Vec<String> = out
                    .lines()
                    .filter(|l| l.starts_with("imported"))
                    .filter_map(|l| l.rsplit(['/', '\\']).next().map(|f| f.trim().to_string()))
                    .collect();
                imported_total += committed.len();
                tally.acknowledged += committed.len();
                tally.indexed_twice += usize::from(check(&ws, round, kind));
                let s = stats(&ws);
                let stored = (s["counts"]["interview"].as_u64().unwrap()
                    + s["counts"]["note"].as_u64().unwrap()) as usize
                    - model.notes.values().filter(|n| !n.1).count();
                assert!(
                    stored >= imported_total,
                    "round {round}: {stored} imported files stored, {imported_total} acknowledged"
                );
                imported_total = stored;
                // What was acknowledged is searchable (a sample keeps the test quick).
                for file in committed.iter().step_by(committed.len() / 3 + 1) {
                    let n: usize = file[5..8].parse().unwrap();
                    let found = bin()
                        .arg("--workspace")
                        .arg(&ws)
                        .args([
                            "search",
                            &format!("mark{round}x{n}"),
                            "--json",
                            "--limit",
                            "1",
                        ])
                        .output()
                        .unwrap();
                    let r: Value = serde_json::from_slice(&found.stdout).unwrap();
                    assert!(
                        r["total"].as_u64().unwrap() >= 1,
                        "round {round}: {file} was acknowledged but is not found"
                    );
                }
            }
            "edits" | "tree" | "trash" => {
                let mut cmd = Command::new(std::env::current_exe().unwrap());
                cmd.args([
                    "--ignored",
                    "--exact",
                    "crash_child",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env("GROUNDWORK_CRASH_CHILD", &ws)
                .env("GROUNDWORK_CRASH_OPS", kind)
                .env("GROUNDWORK_CRASH_SEED", (rng.next() | 1).to_string())
                .env("GROUNDWORK_CRASH_TREE", &tree_id);
                let out = kill_after(cmd, Duration::from_millis(50 + rng.next() % 400));
                let (acked, in_flight) = parse_child(&out);
                tally.acknowledged += acked.len();
                tally.indexed_twice += usize::from(check(&ws, round, kind));
                for op in &acked {
                    model.apply(op);
                }
                let stored = State::read(&ws, &tree_id);
                let mut with_flight = model.clone();
                let new_note = in_flight.as_ref().and_then(|op| with_flight.apply(op));
                let matches_flight = match new_note {
                    // A create in flight: at most one more note, with its title.
                    Some((_, title)) => {
                        let extra: Vec<_> = stored
                            .notes
                            .iter()
                            .filter(|(id, _)| !model.notes.contains_key(*id))
                            .collect();
                        let mut rest = stored.clone();
                        for (id, _) in &extra {
                            rest.notes.remove(*id);
                        }
                        extra.len() == 1 && extra[0].1.0 == title && rest == model
                    }
                    None => stored == with_flight,
                };
                assert!(
                    stored == model || matches_flight,
                    "round {round} ({kind}): stored state is neither what was acknowledged nor that plus the write in flight\n\
                     in flight: {in_flight:?}\nacknowledged: {model:?}\nstored: {stored:?}"
                );
                model = stored;
            }
            "reindex" => {
                let mut cmd = bin();
                cmd.arg("--workspace").arg(&ws).arg("reindex");
                kill_after(cmd, Duration::from_millis(rng.next() % 800));
                tally.indexed_twice += usize::from(check(&ws, round, kind));
            }
            "migration" => {
                let old = dir.path().join(format!("old-{round}"));
                std::fs::create_dir(&old).unwrap();
                std::fs::copy(&v1, old.join("groundwork.sqlite")).unwrap();
                let expected = {
                    let c = rusqlite::Connection::open(&v1).unwrap();
                    let n: i64 = c
                        .query_row("SELECT count(*) FROM transcript_segments", [], |r| r.get(0))
                        .unwrap();
                    n
                };
                let mut cmd = bin();
                cmd.arg("--workspace").arg(&old).arg("stats");
                kill_after(cmd, Duration::from_millis(rng.next() % 600));
                let version: i64 = rusqlite::Connection::open(old.join("groundwork.sqlite"))
                    .unwrap()
                    .pragma_query_value(None, "user_version", |r| r.get(0))
                    .unwrap();
                assert!(
                    version == 1 || version as usize == groundwork_core::schema_version(),
                    "round {round}: schema {version} after a kill during migration"
                );
                tally.indexed_twice += usize::from(check(&old, round, kind));
                let s = stats(&old);
                assert_eq!(
                    s["counts"]["segment"].as_i64().unwrap(),
                    expected,
                    "round {round}: segments lost"
                );
                std::fs::remove_dir_all(&old).unwrap();
            }
            _ => unreachable!(),
        }
        if (round + 1) % 100 == 0 {
            println!(
                "round {} of {}: {} acknowledged writes so far, {:.0} s",
                round + 1,
                kills(),
                tally.acknowledged,
                started.elapsed().as_secs_f64()
            );
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "crash test: {} kills ({:?}), {} acknowledged writes, 0 lost, 0 failed checks, {} rebuilds of an index left with an object indexed twice, {:.0} s",
        tally.kills, tally.by_kind, tally.acknowledged, tally.indexed_twice, secs
    );
    assert!(
        tally.acknowledged > 0,
        "no write was ever acknowledged before its kill"
    );
}

/// The child of the edits, tree and trash rounds (see the module comment): writes until it is
/// killed, saying `begin` before and `ack` after each.
#[test]
#[ignore = "run by kill_9_at_random_moments_never_loses_an_acknowledged_write"]
fn crash_child() {
    let Some(path) = std::env::var_os("GROUNDWORK_CRASH_CHILD").map(PathBuf::from) else {
        return;
    };
    let ops = std::env::var("GROUNDWORK_CRASH_OPS").unwrap();
    let tree_id = std::env::var("GROUNDWORK_CRASH_TREE").unwrap();
    let mut rng = Rng(std::env::var("GROUNDWORK_CRASH_SEED")
        .unwrap()
        .parse()
        .unwrap());
    let ws = Workspace::open_with(&path, OpenOptions::default()).unwrap();
    let mut out = std::io::stdout().lock();
    // libtest has printed "test crash_child ... " without a newline: end that line, or the
    // first `begin` would be glued to it and a first write in flight would go unseen.
    writeln!(out).unwrap();
    let mut say = |word: &str, op: &Value| {
        writeln!(out, "{word} {op}").unwrap();
        out.flush().unwrap();
    };
    for step in 0.. {
        let state = State::read(&path, &tree_id);
        let live: Vec<&String> = state.notes.iter().filter(|n| !n.1.1).map(|n| n.0).collect();
        let trashed: Vec<&String> = state.notes.iter().filter(|n| n.1.1).map(|n| n.0).collect();
        let title = format!("edit-{}-{step}", rng.next() % 1_000_000);
        let op = match ops.as_str() {
            "edits" if live.is_empty() || rng.below(3) == 0 => {
                json!({"op": "create", "title": title})
            }
            "edits" => json!({"op": "update", "id": live[rng.below(live.len())], "title": title}),
            "trash" if !trashed.is_empty() && rng.below(6) == 0 => json!({"op": "purge"}),
            "trash" if !trashed.is_empty() && rng.below(2) == 0 => {
                json!({"op": "restore", "id": trashed[rng.below(trashed.len())]})
            }
            "trash" if !live.is_empty() => {
                json!({"op": "trash", "id": live[rng.below(live.len())]})
            }
            "trash" => json!({"op": "create", "title": title}),
            "tree" => {
                // An opportunity under the outcome or under another opportunity that is not
                // below it, at a random place among its new siblings.
                let all: Vec<&String> = state.tree.values().flatten().collect();
                let node = all[rng.below(all.len())].clone();
                let mut below = vec![node.clone()];
                let mut i = 0;
                while i < below.len() {
                    below.extend(state.tree.get(&below[i]).cloned().unwrap_or_default());
                    i += 1;
                }
                let parents: Vec<String> = std::iter::once(String::new())
                    .chain(all.iter().map(|n| n.to_string()))
                    .filter(|p| !below.contains(p))
                    .collect();
                let parent = parents[rng.below(parents.len())].clone();
                let siblings = state.tree.get(&parent).map_or(0, |l| l.len());
                json!({"op": "move", "id": node, "parent": parent, "position": rng.below(siblings + 1)})
            }
            other => panic!("unknown ops {other}"),
        };
        say("begin", &op);
        let id = op["id"].as_str().unwrap_or_default();
        let done = match op["op"].as_str().unwrap() {
            "create" => ws
                .create_note(&NoteInput {
                    title: title.clone(),
                    body: "quokka edit".into(),
                })
                .map(|n| json!({"op": "create", "id": n.id, "title": title})),
            "update" => ws
                .update_note(
                    id,
                    &NoteInput {
                        title: title.clone(),
                        body: "quokka edited".into(),
                    },
                )
                .map(|_| op.clone()),
            "trash" => ws.trash(ObjectKind::Note, id).map(|_| op.clone()),
            "restore" => ws.restore(ObjectKind::Note, id).map(|_| op.clone()),
            "purge" => ws.purge_trash(true).map(|_| op.clone()),
            "move" => {
                let parent = op["parent"].as_str().filter(|p| !p.is_empty());
                ws.move_tree_node(id, parent, op["position"].as_i64().unwrap())
                    .map(|_| op.clone())
            }
            _ => unreachable!(),
        };
        say("ack", &done.unwrap());
    }
}
