//! How results look on a terminal and as JSON.

use groundwork_core::search::SearchResults;
use groundwork_core::workspace::{CheckReport, Stats};
use groundwork_core::{Error, ErrorBody};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;
use std::io::IsTerminal;
use std::process::ExitCode;

pub struct Out {
    /// Colour and markers for people; plain text when piped.
    pub stdout_tty: bool,
    stderr_tty: bool,
}

impl Out {
    pub fn new() -> Out {
        Out {
            stdout_tty: std::io::stdout().is_terminal(),
            stderr_tty: std::io::stderr().is_terminal(),
        }
    }

    /// A progress bar on stderr, only when a person is watching.
    pub fn progress(&self, total: u64, message: &str) -> Option<ProgressBar> {
        if !self.stderr_tty {
            return None;
        }
        let bar = ProgressBar::new(total);
        bar.set_style(bar_style());
        bar.set_message(message.to_string());
        Some(bar)
    }

    /// A spinner on stderr for work whose size is not known yet, only when a person is
    /// watching; `bar_style` turns it into a bar once it is.
    pub fn spinner(&self, message: &str) -> Option<ProgressBar> {
        if !self.stderr_tty {
            return None;
        }
        let bar = ProgressBar::new_spinner();
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            bar.set_style(style);
        }
        bar.set_message(message.to_string());
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Some(bar)
    }
}

/// How a progress bar with a known length looks.
pub fn bar_style() -> ProgressStyle {
    ProgressStyle::with_template("{msg} [{bar:32}] {pos}/{len} ({eta})")
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
}

impl Out {}

pub fn fail(e: &Error, code: u8) -> ExitCode {
    let field = e
        .field
        .as_deref()
        .map(|f| format!(" (field: {f})"))
        .unwrap_or_default();
    eprintln!("error: {}{field}", e.message);
    ExitCode::from(code)
}

pub fn error_json(e: &Error) -> serde_json::Value {
    serde_json::to_value(ErrorBody::from(e)).unwrap_or_default()
}

fn print_json(value: &serde_json::Value) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_default()
    );
}

/// Mark highlight ranges (character offsets) for a terminal: bold when it is one, «» when not.
fn mark(text: &str, ranges: &[[usize; 2]], tty: bool) -> String {
    let (open, close) = if tty {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("«", "»")
    };
    let mut out = String::with_capacity(text.len() + ranges.len() * 8);
    let mut ranges = ranges.iter().peekable();
    for (i, c) in text.chars().enumerate() {
        if ranges.peek().is_some_and(|r| r[0] == i) {
            out.push_str(open);
        }
        out.push(c);
        if ranges.peek().is_some_and(|r| r[1] == i + 1) {
            out.push_str(close);
            ranges.next();
        }
    }
    out
}

fn clock(ms: i64) -> String {
    let s = ms / 1000;
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

pub fn search(results: &SearchResults, json: bool, out: &Out) {
    if json {
        let hits: Vec<_> = results
            .hits
            .iter()
            .map(|h| {
                json!({
                    "kind": h.kind, "id": h.id, "title": h.title, "snippet": h.snippet.text,
                    "highlights": h.snippet.highlights, "score": h.score, "parent": h.parent, "start_ms": h.start_ms,
                })
            })
            .collect();
        print_json(
            &json!({"total": results.total, "took_ms": results.took_ms, "counts": results.counts,
                "corrected_query": results.corrected_query, "hits": hits}),
        );
        return;
    }
    let counts: Vec<String> = results
        .counts
        .iter()
        .map(|(k, n)| format!("{k}: {n}"))
        .collect();
    if let Some(q) = &results.corrected_query {
        println!("Nothing matched as typed; showing results for: {q}");
    }
    println!(
        "{} result{} in {:.1} ms ({})",
        results.total,
        if results.total == 1 { "" } else { "s" },
        results.took_ms,
        counts.join(", ")
    );
    for h in &results.hits {
        let at = h
            .start_ms
            .map(|ms| format!(" @ {}", clock(ms)))
            .unwrap_or_default();
        println!("\n[{}] {}{at}  ({})", h.kind, h.title, h.id);
        println!(
            "    {}",
            mark(&h.snippet.text, &h.snippet.highlights, out.stdout_tty).replace('\n', " ")
        );
    }
}

pub fn stats(s: &Stats, json: bool) {
    if json {
        print_json(&json!({
            "counts": s.counts, "index_docs": s.index_docs, "outbox_lag": s.outbox_lag,
            "applied_seq": s.index.applied_seq, "index_error": s.index.last_error,
        }));
        return;
    }
    for (kind, n) in &s.counts {
        println!("{kind:<18} {n:>8}");
    }
    println!("{:<18} {:>8}", "index documents", s.index_docs);
    println!("{:<18} {:>8}", "outbox lag", s.outbox_lag);
    if let Some(e) = &s.index.last_error {
        println!("index error: {e}");
    }
}

pub fn check(r: &CheckReport, json: bool) {
    if json {
        print_json(&serde_json::to_value(r).unwrap_or_default());
        return;
    }
    let line = |ok: bool, what: &str| println!("{} {what}", if ok { "ok  " } else { "FAIL" });
    line(r.integrity.is_empty(), "SQLite integrity_check");
    for p in &r.integrity {
        println!("     {p}");
    }
    line(r.foreign_keys.is_empty(), "SQLite foreign_key_check");
    for p in &r.foreign_keys {
        println!("     {p}");
    }
    line(
        r.dangling_evidence == 0,
        &format!("evidence links ({} dangling)", r.dangling_evidence),
    );
    let i = &r.index;
    line(
        i.ok(),
        &format!(
            "search index agrees with the database ({} expected, {} indexed, {} missing, {} stale, {} duplicated)",
            i.expected,
            i.indexed,
            i.missing.len(),
            i.stale.len(),
            i.duplicated.len()
        ),
    );
    for id in i.missing.iter().take(10) {
        println!("     missing: {id}");
    }
    for id in i.stale.iter().take(10) {
        println!("     stale: {id}");
    }
}

/// `persona import`: with `--json`, `{"personas":[{"name","statements":{"goal":[…],…}}]}`.
pub fn persona_import(
    p: &groundwork_core::personas::PersonaImportPreview,
    dry_run: bool,
    json: bool,
) {
    if json {
        // A struct, not json!{}, so the kinds keep their order (goal, pain, job, …).
        #[derive(serde::Serialize)]
        struct Row<'a> {
            name: &'a str,
            statements: &'a groundwork_core::personas::StatementLists,
        }
        #[derive(serde::Serialize)]
        struct Report<'a> {
            personas: Vec<Row<'a>>,
        }
        let report = Report {
            personas: p
                .personas
                .iter()
                .map(|x| Row {
                    name: &x.name,
                    statements: &x.statements,
                })
                .collect(),
        };
        println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
        return;
    }
    for x in &p.personas {
        let s = &x.statements;
        let role = if x.role.is_empty() {
            String::new()
        } else {
            format!(" ({})", x.role)
        };
        println!(
            "{}{role}: {} goals, {} pains, {} jobs, {} behaviours, {} quotes",
            x.name,
            s.goal.len(),
            s.pain.len(),
            s.job.len(),
            s.behaviour.len(),
            s.quote.len()
        );
    }
    let n = p.personas.len();
    let personas = if n == 1 { "persona" } else { "personas" };
    if dry_run {
        println!("Dry run: {n} {personas} read, nothing saved.");
    } else {
        println!("Imported {n} {personas}.");
    }
}
