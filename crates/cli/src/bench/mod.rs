//! `groundwork bench`: deterministic synthetic workspaces of several sizes, measured in one
//! run against SQLite FTS5 and a brute-force scan doing the same work. Figures are medians
//! and tail percentiles over many repetitions (`--reps` per query class, at most 100 above
//! 100k documents and a fifth of that for the scan above 10k; each engine's `search_reps` row
//! says how many it ran); see BENCHMARKS.md. The corpus is streamed, never held, so
//! `peak_rss_mb` is the engine's, and a million documents run in minutes with progress on
//! stderr.

mod engines;
mod synth;

use engines::{Engine, Fts5, Groundwork, Query, Scan};
use groundwork_core::Error;
use serde::Serialize;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use synth::{Corpus, Rng, SEGMENTS_PER_INTERVIEW, TAGS, Words};

const SEED: u64 = 0x6772_6f75_6e64; // "ground"
const EDIT_REPS: usize = 20;
const OPEN_REPS: usize = 10;
/// Repetitions per query class above 100k documents: FTS5's queries grow with the corpus, and
/// 200 of each would take the million-document run past 20 minutes; 100 samples still make
/// p99 the second slowest rather than the slowest.
const BIG_REPS: usize = 100;

pub struct Options {
    pub docs: Vec<usize>,
    pub json: Option<PathBuf>,
    pub markdown: Option<PathBuf>,
    /// Repetitions per query class (at most `BIG_REPS` above 100k documents; the scan does a
    /// fifth of them above 10k documents).
    pub reps: usize,
    /// Engines to measure: "groundwork", "fts5", "scan".
    pub engines: Vec<String>,
}

#[derive(Serialize, Clone)]
pub struct Row {
    pub docs: usize,
    pub engine: &'static str,
    pub metric: String,
    pub class: String,
    pub value: f64,
    pub unit: &'static str,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A memory figure of this process from /proc/self/status, in MB (Linux).
fn status_mb(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Peak resident memory of this process since the last reset, in MB.
fn peak_rss_mb() -> f64 {
    status_mb("VmHWM:")
}

fn reset_peak_rss() {
    // "5" resets the peak RSS counter (Linux ≥ 4.0); elsewhere the figure is the process peak.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// How far a long phase has got, printed to stderr every tenth of the way once the phase has
/// run for a second (plain lines rather than a bar: a 15-minute run is usually read from a log).
pub struct Progress {
    what: String,
    unit: &'static str,
    total: usize,
    done: usize,
    tenths: usize,
    started: Instant,
}

impl Progress {
    fn new(what: String, total: usize, unit: &'static str) -> Progress {
        Progress {
            what,
            unit,
            total: total.max(1),
            done: 0,
            tenths: 0,
            started: Instant::now(),
        }
    }

    pub fn tick(&mut self, n: usize) {
        self.done += n;
        let tenths = self.done * 10 / self.total;
        if tenths <= self.tenths {
            return;
        }
        self.tenths = tenths;
        let secs = self.started.elapsed().as_secs_f64();
        if secs >= 1.0 {
            eprintln!(
                "    {}: {} of {} {} ({}0 %), {:.0} {}/s, RSS {:.0} MB",
                self.what,
                self.done,
                self.total,
                self.unit,
                tenths,
                self.done as f64 / secs,
                self.unit,
                status_mb("VmRSS:")
            );
        }
    }
}

/// Report on stderr how long a phase took: a long run says where its time went.
fn took(what: &str, started: Instant) -> f64 {
    let secs = started.elapsed().as_secs_f64();
    eprintln!("  {what}: {secs:.1} s");
    secs
}

/// The query classes of the issue, drawn from frequency bands of the vocabulary, the same
/// for every engine.
fn queries(words: &Words, corpus: &Corpus, n: usize) -> Vec<Query> {
    let mut rng = Rng::new(SEED ^ 0x51);
    let band = |rng: &mut Rng, lo: usize, hi: usize| {
        words.ranked[lo + rng.below(hi.min(words.ranked.len()) - lo)].to_string()
    };
    let long_word = |rng: &mut Rng| loop {
        let w = band(rng, 30, 1500);
        if w.len() >= 6 && w.chars().all(|c| c.is_ascii_alphabetic()) {
            return w;
        }
    };
    let mut out = Vec::new();
    let q = |class: &str, text: String| Query {
        class: class.into(),
        text,
        kind: None,
        tag: None,
        prefix: false,
    };
    for _ in 0..n {
        out.push(q("common", band(&mut rng, 30, 120)));
        out.push(q("rare", band(&mut rng, 4000, 8000)));
        out.push(q(
            "and2",
            format!("{} {}", band(&mut rng, 60, 600), band(&mut rng, 60, 600)),
        ));
        let segment = corpus.segment(
            rng.below(corpus.interview_count()),
            rng.below(SEGMENTS_PER_INTERVIEW),
        );
        let text = &segment.text;
        let words_in: Vec<&str> = text
            .split(' ')
            .filter(|w| w.chars().all(|c| c.is_alphabetic()))
            .collect();
        let at = rng.below(words_in.len().saturating_sub(1));
        let phrase = words_in
            .get(at..at + 2)
            .map_or("research plan".to_string(), |w| w.join(" ").to_lowercase());
        out.push(q("phrase", format!("\"{phrase}\"")));
        out.push(Query {
            kind: Some("highlight"),
            tag: Some(TAGS[rng.below(TAGS.len())].to_lowercase()),
            ..q("filtered", band(&mut rng, 30, 300))
        });
        let w = long_word(&mut rng);
        for k in 1..=5 {
            out.push(Query {
                prefix: true,
                ..q(&format!("prefix{k}"), w[..k].to_string())
            });
        }
    }
    out
}

struct Run<'a> {
    docs: usize,
    rows: &'a mut Vec<Row>,
}

impl Run<'_> {
    fn row(
        &mut self,
        engine: &'static str,
        metric: &str,
        class: &str,
        value: f64,
        unit: &'static str,
    ) {
        self.rows.push(Row {
            docs: self.docs,
            engine,
            metric: metric.into(),
            class: class.into(),
            value,
            unit,
        });
    }

    fn latencies(
        &mut self,
        engine: &'static str,
        metric: &str,
        class: &str,
        mut samples: Vec<f64>,
    ) {
        samples.sort_by(f64::total_cmp);
        self.row(
            engine,
            &format!("{metric}_p50_ms"),
            class,
            percentile(&samples, 0.50),
            "ms",
        );
        self.row(
            engine,
            &format!("{metric}_p95_ms"),
            class,
            percentile(&samples, 0.95),
            "ms",
        );
        self.row(
            engine,
            &format!("{metric}_p99_ms"),
            class,
            percentile(&samples, 0.99),
            "ms",
        );
    }
}

/// The corpus's size as the baselines index it: (documents, bytes of title and body).
struct Size {
    docs: usize,
    bytes: usize,
}

fn measure(
    engine: &mut dyn Engine,
    run: &mut Run,
    corpus: &Corpus,
    size: &Size,
    queries: &[Query],
    reps: usize,
) -> Result<(), Error> {
    let name = engine.name();
    eprintln!("  {name}: importing {} documents", size.docs);
    reset_peak_rss();
    let started = Instant::now();
    engine.load(
        corpus,
        &mut Progress::new(format!("{name} import"), size.docs, "docs"),
    )?;
    let secs = took(&format!("{name}: import"), started);
    let bytes = size.bytes;
    run.row(
        name,
        "import_docs_per_s",
        "all",
        size.docs as f64 / secs,
        "docs/s",
    );
    run.row(
        name,
        "import_mb_per_s",
        "all",
        bytes as f64 / 1e6 / secs,
        "MB/s",
    );
    run.row(name, "peak_rss_mb", "import", peak_rss_mb(), "MB");
    // The import is one log entry per file, naming what it made (ARCHITECTURE.md §4).
    if let Some((mb, entries)) = engine.change_log()? {
        run.row(name, "change_log_mb", "import", mb, "MB");
        run.row(
            name,
            "change_log_entries",
            "import",
            entries as f64,
            "entries",
        );
    }

    if let Some(d) = engine.reindex()? {
        eprintln!("  {name}: reindex: {:.1} s", d.as_secs_f64());
        run.row(name, "reindex_s", "all", d.as_secs_f64(), "s");
    }

    eprintln!("  {name}: searching ({reps} per class)");
    reset_peak_rss();
    let started = Instant::now();
    // One untimed pass warms caches the way a user's first keystrokes do.
    for q in queries.iter().take(queries.len().min(50)) {
        engine.search(q)?;
    }
    let mut by_class: std::collections::BTreeMap<String, Vec<f64>> = Default::default();
    let mut hits = 0usize;
    let mut progress = Progress::new(format!("{name} search"), reps * 10, "queries");
    for q in queries.iter().cycle().take(reps * 10) {
        let started = Instant::now();
        hits += engine.search(q)?;
        by_class
            .entry(q.class.clone())
            .or_default()
            .push(ms(started.elapsed()));
        progress.tick(1);
    }
    took(&format!("{name}: search"), started);
    run.row(name, "search_reps", "all", reps as f64, "reps");
    for (class, samples) in by_class {
        run.latencies(name, "search", &class, samples);
    }
    run.row(name, "peak_rss_mb", "search", peak_rss_mb(), "MB");
    if hits == 0 {
        return Err(Error::index(format!(
            "{name} found nothing for any query; the benchmark is broken"
        )));
    }

    let started = Instant::now();
    let edits = (0..EDIT_REPS)
        .map(|r| engine.edit_to_searchable(r).map(ms))
        .collect::<Result<Vec<_>, _>>()?;
    took(&format!("{name}: edits"), started);
    let mut sorted = edits;
    sorted.sort_by(f64::total_cmp);
    run.row(
        name,
        "edit_to_searchable_ms",
        "p50",
        percentile(&sorted, 0.5),
        "ms",
    );
    run.row(
        name,
        "edit_to_searchable_ms",
        "p95",
        percentile(&sorted, 0.95),
        "ms",
    );
    Ok(())
}

/// Time a cold process opening the store (no rebuild): this binary's hidden `bench-open`.
fn open_in_child(engine: &str, path: &Path) -> Result<f64, Error> {
    let exe = std::env::current_exe()?;
    let out = std::process::Command::new(exe)
        .args(["bench-open", engine])
        .arg(path)
        .output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.trim().parse::<f64>().map_err(|_| {
        Error::index(format!(
            "bench-open {engine} failed: {}{}",
            text,
            String::from_utf8_lossy(&out.stderr)
        ))
    })
}

/// The hidden `groundwork bench-open ENGINE PATH`: open and print milliseconds.
pub fn open_probe(engine: &str, path: &Path) -> Result<f64, Error> {
    let started = Instant::now();
    match engine {
        "groundwork" => {
            let ws = groundwork_core::Workspace::open(path)?;
            let took = ms(started.elapsed());
            // Leave without waiting on the indexer: nothing is pending.
            drop(ws);
            Ok(took)
        }
        "fts5" => {
            let fts = Fts5::open(path)?;
            fts.query(&Query::plain("the"))?;
            Ok(ms(started.elapsed()))
        }
        other => Err(Error::invalid("engine", format!("unknown engine {other}"))),
    }
}

fn machine() -> serde_json::Value {
    let read = |p: &str| std::fs::read_to_string(p).unwrap_or_default();
    let cpu = read("/proc/cpuinfo")
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .unwrap_or("")
        .trim()
        .to_string();
    let mem_gb = read("/proc/meminfo")
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| (kb / 1024.0 / 1024.0 * 10.0).round() / 10.0);
    let os = read("/etc/os-release")
        .lines()
        .find(|l| l.starts_with("PRETTY_NAME="))
        .map(|l| l[12..].trim_matches('"').to_string())
        .unwrap_or_default();
    json!({
        "cpu": cpu,
        "cpus": std::thread::available_parallelism().map_or(0, |n| n.get()),
        "memory_gb": mem_gb,
        "os": os,
        "groundwork": env!("CARGO_PKG_VERSION"),
    })
}

/// Make a new workspace at `path` holding the synthetic research of a `docs`-document run
/// (the same seed and mix `run` measures), for measuring the UI on it; answers how many
/// search documents it holds.
pub fn seed(path: &Path, docs: usize) -> Result<usize, Error> {
    let words = Words::load();
    let corpus = Corpus::new(&words, docs, SEED);
    let mut gw = Groundwork::init(path)?;
    gw.load(
        &corpus,
        &mut Progress::new("bench-seed".into(), corpus.len(), "docs"),
    )?;
    gw.ws.flush_index()?;
    Ok(corpus.len())
}

pub fn run(opts: &Options) -> Result<Vec<Row>, Error> {
    if let Some(other) = opts
        .engines
        .iter()
        .find(|e| !["groundwork", "fts5", "scan"].contains(&e.as_str()))
    {
        return Err(Error::invalid(
            "engines",
            format!("unknown engine '{other}': choose from groundwork, fts5, scan"),
        ));
    }
    let wants = |engine: &str| opts.engines.iter().any(|e| e == engine);
    let words = Words::load();
    let mut rows = Vec::new();
    for &docs in &opts.docs {
        eprintln!("bench: {docs} documents");
        let size_started = Instant::now();
        let corpus = Corpus::new(&words, docs, SEED);
        // One pass to size the corpus, which also shows what generating it costs every engine.
        let started = Instant::now();
        let size = corpus
            .commit_groups()
            .flatten()
            .fold(Size { docs: 0, bytes: 0 }, |size, d| Size {
                docs: size.docs + 1,
                bytes: size.bytes + d.title.len() + d.body.len(),
            });
        took(
            &format!(
                "corpus: {} documents, {:.1} MB generated",
                size.docs,
                size.bytes as f64 / 1e6
            ),
            started,
        );
        let qs = queries(&words, &corpus, 40);
        let reps = if docs > 100_000 {
            opts.reps.min(BIG_REPS)
        } else {
            opts.reps
        };
        let dir = tempfile::tempdir()?;
        let mut run = Run {
            docs: size.docs,
            rows: &mut rows,
        };
        if wants("groundwork") {
            let mut gw = Groundwork::init(&dir.path().join("groundwork"))?;
            measure(&mut gw, &mut run, &corpus, &size, &qs, reps)?;
        }
        if wants("fts5") {
            let mut fts = Fts5::create(&dir.path().join("fts5.sqlite"))?;
            measure(&mut fts, &mut run, &corpus, &size, &qs, reps)?;
        }
        if wants("scan") {
            let mut scan = Scan::new();
            let reps = if docs > 10_000 {
                (reps / 5).max(10)
            } else {
                reps
            };
            measure(&mut scan, &mut run, &corpus, &size, &qs, reps)?;
        }
        for (engine, path) in [
            ("groundwork", dir.path().join("groundwork")),
            ("fts5", dir.path().join("fts5.sqlite")),
        ] {
            if !wants(engine) {
                continue;
            }
            let started = Instant::now();
            let mut samples = (0..OPEN_REPS)
                .map(|_| open_in_child(engine, &path))
                .collect::<Result<Vec<_>, _>>()?;
            took(&format!("{engine}: open"), started);
            samples.sort_by(f64::total_cmp);
            let engine = if engine == "fts5" {
                "fts5"
            } else {
                "groundwork"
            };
            run.row(engine, "open_ms", "p50", percentile(&samples, 0.5), "ms");
        }
        took(&format!("bench: {docs} documents"), size_started);
    }
    let table = markdown(&rows);
    println!("{table}");
    if let Some(path) = &opts.json {
        let body = json!({"machine": machine(), "rows": rows});
        std::fs::write(path, serde_json::to_string_pretty(&body)?)?;
    }
    if let Some(path) = &opts.markdown {
        std::fs::write(path, &table)?;
    }
    Ok(rows)
}

/// The side-by-side table: one line per (docs, metric, class), the three engines and the
/// ratios Groundwork/FTS5 and Groundwork/scan (below 1.0 means Groundwork is faster for
/// times, above 1.0 means more for throughputs).
pub fn markdown(rows: &[Row]) -> String {
    let mut keys: Vec<(usize, String, String)> = Vec::new();
    for r in rows {
        let k = (r.docs, r.metric.clone(), r.class.clone());
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    let value = |docs: usize, engine: &str, metric: &str, class: &str| {
        rows.iter()
            .find(|r| {
                r.docs == docs && r.engine == engine && r.metric == metric && r.class == class
            })
            .map(|r| r.value)
    };
    let fmt = |v: Option<f64>| match v {
        Some(v) if v.is_finite() && v >= 100.0 => format!("{v:.0}"),
        Some(v) if v.is_finite() && v >= 1.0 => format!("{v:.2}"),
        Some(v) if v.is_finite() => format!("{v:.3}"),
        _ => "–".to_string(),
    };
    let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) if b > 0.0 && a.is_finite() && b.is_finite() => format!("{:.3}", a / b),
        _ => "–".to_string(),
    };
    let mut out = String::from(
        "| docs | metric | class | groundwork | fts5 | scan | gw/fts5 | gw/scan |\n|---:|---|---|---:|---:|---:|---:|---:|\n",
    );
    for (docs, metric, class) in keys {
        let unit = rows
            .iter()
            .find(|r| r.docs == docs && r.metric == metric)
            .map_or("", |r| r.unit);
        let (g, f, s) = (
            value(docs, "groundwork", &metric, &class),
            value(docs, "fts5", &metric, &class),
            value(docs, "scan", &metric, &class),
        );
        out.push_str(&format!(
            "| {docs} | {metric} ({unit}) | {class} | {} | {} | {} | {} | {} |\n",
            fmt(g),
            fmt(f),
            fmt(s),
            ratio(g, f),
            ratio(g, s)
        ));
    }
    out
}
