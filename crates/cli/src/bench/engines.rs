//! The three engines measured side by side on the same documents: Groundwork itself, SQLite
//! FTS5 (bm25 + snippet(), through the same bundled SQLite), and a brute-force scan of all
//! text in memory (what a folder of Markdown and grep gives a user).

use super::Progress;
use super::synth::{Corpus, FEEDBACK_BATCH, SEGMENTS_PER_INTERVIEW, TAGS, batches};
use groundwork_core::import::{
    Parsed, ParsedFeedback, ParsedFeedbackItem, ParsedInterview, ParsedSegment,
};
use groundwork_core::model::*;
use groundwork_core::search::SearchRequest;
use groundwork_core::{Error, Workspace};
use std::path::Path;
use std::time::{Duration, Instant};

/// One query as the UI sends it: top 20 with snippets.
#[derive(Clone, Debug)]
pub struct Query {
    pub class: String,
    pub text: String,
    pub kind: Option<&'static str>,
    pub tag: Option<String>,
    /// The last word is still being typed.
    pub prefix: bool,
}

impl Query {
    /// Just these words: no class, filter or prefix.
    pub fn plain(text: &str) -> Query {
        Query {
            class: String::new(),
            text: text.to_string(),
            kind: None,
            tag: None,
            prefix: false,
        }
    }
}

pub const TOP: usize = 20;

pub trait Engine {
    fn name(&self) -> &'static str;
    /// Store and index everything, as the corpus streams by (ticking `progress` per
    /// document); returns when all of it is searchable.
    fn load(&mut self, corpus: &Corpus, progress: &mut Progress) -> Result<(), Error>;
    /// Run the query; returns the number of hits returned (snippets included).
    fn search(&mut self, q: &Query) -> Result<usize, Error>;
    /// Change one document and wait until a search finds the change.
    fn edit_to_searchable(&mut self, rep: usize) -> Result<Duration, Error>;
    /// Rebuild the index from stored text, if the engine has one.
    fn reindex(&mut self) -> Result<Option<Duration>, Error>;
    /// The change log's size in MB and entries, for an engine that keeps one.
    fn change_log(&self) -> Result<Option<(f64, u64)>, Error> {
        Ok(None)
    }
}

fn wait_until(mut found: impl FnMut() -> Result<bool, Error>) -> Result<Duration, Error> {
    let started = Instant::now();
    while !found()? {
        if started.elapsed() > Duration::from_secs(10) {
            return Err(Error::index("an edit was not searchable after 10 s"));
        }
        // Poll the way a UI would, without starving the indexer of the CPU it needs.
        std::thread::sleep(Duration::from_micros(250));
    }
    Ok(started.elapsed())
}

// ---------------------------------------------------------------------------------------

pub struct Groundwork {
    pub ws: Workspace,
    edit_note: Option<String>,
}

impl Groundwork {
    pub fn init(dir: &Path) -> Result<Groundwork, Error> {
        Ok(Groundwork {
            ws: Workspace::init(dir)?,
            edit_note: None,
        })
    }
}

impl Engine for Groundwork {
    fn name(&self) -> &'static str {
        "groundwork"
    }

    fn change_log(&self) -> Result<Option<(f64, u64)>, Error> {
        let size = self.ws.change_log_size()?;
        Ok(Some((size.bytes as f64 / 1e6, size.entries)))
    }

    fn load(&mut self, corpus: &Corpus, progress: &mut Progress) -> Result<(), Error> {
        let ws = &self.ws;
        let tags: Vec<String> = TAGS
            .iter()
            .map(|t| {
                ws.create_tag(&TagInput {
                    name: t.to_string(),
                    ..Default::default()
                })
                .map(|t| t.id)
            })
            .collect::<Result<_, _>>()?;
        for iv in corpus.interviews() {
            let parsed = Parsed::Interview(ParsedInterview {
                title: iv.title,
                format: "vtt",
                notes: iv.notes,
                segments: iv
                    .segments
                    .into_iter()
                    .map(|s| ParsedSegment {
                        speaker: Some(s.speaker.to_string()),
                        start_ms: Some(s.start_ms),
                        end_ms: Some(s.start_ms + 8_000),
                        text: s.text,
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            });
            let interview_id = ws
                .import_parsed(&format!("interview-{}.vtt", iv.index), parsed)?
                .id;
            // Highlights are made on the segments as stored, read back the way the UI reads
            // them, one interview at a time so nothing grows with the corpus.
            let segments = ws.segments(&interview_id)?;
            for h in &iv.highlights {
                let segment = &segments[h.segment];
                let quote: String = segment
                    .text
                    .split(' ')
                    .take(6)
                    .collect::<Vec<_>>()
                    .join(" ");
                ws.create_highlight(&HighlightInput {
                    interview_id: Some(interview_id.clone()),
                    segment_id: Some(segment.id.clone()),
                    quote,
                    tag_ids: vec![tags[h.tag].clone()],
                    ..Default::default()
                })?;
            }
            progress.tick(1 + SEGMENTS_PER_INTERVIEW + iv.highlights.len());
        }
        for (title, body) in corpus.notes() {
            ws.create_note(&NoteInput { title, body })?;
            progress.tick(1);
        }
        for (b, batch) in batches(corpus.feedback(), FEEDBACK_BATCH).enumerate() {
            let len = batch.len();
            let items = batch
                .into_iter()
                .enumerate()
                .map(|(i, text)| ParsedFeedbackItem {
                    input: FeedbackInput {
                        source: "survey".into(),
                        text,
                        ..Default::default()
                    },
                    key: format!("bench:{b}:{i}"),
                    line: i + 2,
                })
                .collect();
            ws.import_parsed(
                &format!("survey-{b}.csv"),
                Parsed::Feedback(ParsedFeedback {
                    source: "survey".into(),
                    items,
                    format: "csv",
                    layout: String::new(),
                    mapping: Default::default(),
                    skipped_no_text: 0,
                    warnings: Vec::new(),
                    warning_count: 0,
                }),
            )?;
            progress.tick(len);
        }
        let mut tree_nodes = corpus.tree_nodes().peekable();
        if tree_nodes.peek().is_some() {
            let tree = ws.create_tree(&TreeInput {
                title: "Benchmark outcome".into(),
                ..Default::default()
            })?;
            for (i, (title, description)) in tree_nodes.enumerate() {
                // Appended in order, as a PM adds them (position is the index among siblings;
                // the default 0 would put each new node first and renumber all the others).
                ws.create_tree_node(
                    &tree.id,
                    &TreeNodeInput {
                        title,
                        description,
                        position: i as i64,
                        ..Default::default()
                    },
                )?;
                progress.tick(1);
            }
        }
        ws.flush_index()
    }

    fn search(&mut self, q: &Query) -> Result<usize, Error> {
        let req = SearchRequest {
            query: q.text.clone(),
            kinds: q.kind.and_then(ObjectKind::parse).into_iter().collect(),
            tags: q.tag.iter().cloned().collect(),
            limit: TOP,
            as_you_type: q.prefix,
            ..Default::default()
        };
        Ok(self.ws.search(&req)?.hits.len())
    }

    fn edit_to_searchable(&mut self, rep: usize) -> Result<Duration, Error> {
        let id = match &self.edit_note {
            Some(id) => id.clone(),
            None => {
                let id = self
                    .ws
                    .create_note(&NoteInput {
                        title: "Edited".into(),
                        body: String::new(),
                    })?
                    .id;
                self.edit_note = Some(id.clone());
                id
            }
        };
        let token = format!("editmarker{rep}zq");
        let req = SearchRequest {
            query: token.clone(),
            limit: TOP,
            ..Default::default()
        };
        let started = Instant::now();
        self.ws.update_note(
            &id,
            &NoteInput {
                title: "Edited".into(),
                body: format!("now it says {token}"),
            },
        )?;
        // No flush: the indexer thread must pick the change up by itself.
        let waited = wait_until(|| Ok(self.ws.search(&req)?.total > 0))?;
        Ok(waited.max(started.elapsed()))
    }

    fn reindex(&mut self) -> Result<Option<Duration>, Error> {
        let started = Instant::now();
        self.ws.reindex(&|_, _| {})?;
        Ok(Some(started.elapsed()))
    }
}

// ---------------------------------------------------------------------------------------

pub struct Fts5 {
    conn: rusqlite::Connection,
}

fn sql(e: rusqlite::Error) -> Error {
    Error::from(e)
}

impl Fts5 {
    pub fn open(path: &Path) -> Result<Fts5, Error> {
        let conn = rusqlite::Connection::open(path).map_err(sql)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sql)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(sql)?;
        Ok(Fts5 { conn })
    }

    /// An FTS5 table as one would set it up for this: porter stemming, diacritics folded,
    /// title weighted 2× in bm25, prefix indexes for 2 and 3 characters.
    pub fn create(path: &Path) -> Result<Fts5, Error> {
        let me = Fts5::open(path)?;
        me.conn
            .execute_batch(
                "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, kind UNINDEXED, tag, title, body,
                     tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3');
                 INSERT INTO docs(docs, rank) VALUES('rank', 'bm25(0.0, 0.0, 0.0, 2.0, 1.0)');",
            )
            .map_err(sql)?;
        Ok(me)
    }

    /// The user's text in FTS5 query syntax: each word quoted (so punctuation cannot break
    /// the syntax), phrases kept, the last word as a prefix while typing.
    fn match_expr(q: &Query) -> String {
        let mut parts = Vec::new();
        let mut rest = q.text.as_str();
        while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
            rest = &rest[start..];
            if let Some(r) = rest.strip_prefix('"') {
                let end = r.find('"').unwrap_or(r.len());
                parts.push(format!("\"{}\"", &r[..end]));
                rest = r.get(end + 1..).unwrap_or("");
            } else {
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                parts.push(format!("\"{}\"", rest[..end].replace('"', "")));
                rest = &rest[end..];
            }
        }
        if q.prefix
            && let Some(last) = parts.last_mut()
        {
            last.push('*');
        }
        let mut expr = parts.join(" AND ");
        if let Some(tag) = &q.tag {
            expr = format!("({expr}) AND tag:\"{tag}\"");
        }
        expr
    }

    pub fn query(&self, q: &Query) -> Result<usize, Error> {
        let base = "SELECT id, kind, title, snippet(docs, 4, char(2), char(3), '…', 24) FROM docs WHERE docs MATCH ?1";
        let sql_text = match q.kind {
            Some(_) => format!("{base} AND kind = ?2 ORDER BY rank LIMIT {TOP}"),
            None => format!("{base} ORDER BY rank LIMIT {TOP}"),
        };
        let mut stmt = self.conn.prepare_cached(&sql_text).map_err(sql)?;
        let expr = Fts5::match_expr(q);
        let mut rows = match q.kind {
            Some(k) => stmt.query(rusqlite::params![expr, k]),
            None => stmt.query(rusqlite::params![expr]),
        }
        .map_err(sql)?;
        let mut n = 0;
        while let Some(row) = rows.next().map_err(sql)? {
            let _snippet: String = row.get(3).map_err(sql)?;
            n += 1;
        }
        Ok(n)
    }
}

impl Engine for Fts5 {
    fn name(&self) -> &'static str {
        "fts5"
    }

    fn load(&mut self, corpus: &Corpus, progress: &mut Progress) -> Result<(), Error> {
        // Committed in the same groups Groundwork commits them.
        for group in corpus.commit_groups() {
            let tx = self.conn.transaction().map_err(sql)?;
            {
                let mut stmt = tx
                    .prepare_cached(
                        "INSERT INTO docs (id, kind, tag, title, body) VALUES (?1, ?2, ?3, ?4, ?5)",
                    )
                    .map_err(sql)?;
                for d in &group {
                    stmt.execute(rusqlite::params![d.id, d.kind, d.tag, d.title, d.body])
                        .map_err(sql)?;
                }
            }
            tx.commit().map_err(sql)?;
            progress.tick(group.len());
        }
        Ok(())
    }

    fn search(&mut self, q: &Query) -> Result<usize, Error> {
        self.query(q)
    }

    fn edit_to_searchable(&mut self, rep: usize) -> Result<Duration, Error> {
        let token = format!("editmarker{rep}zq");
        let q = Query::plain(&token);
        let started = Instant::now();
        self.conn
            .execute(
                "UPDATE docs SET body = ?1 WHERE rowid = 1",
                [format!("now it says {token}")],
            )
            .map_err(sql)?;
        let waited = wait_until(|| Ok(self.query(&q)? > 0))?;
        Ok(waited.max(started.elapsed()))
    }

    fn reindex(&mut self) -> Result<Option<Duration>, Error> {
        let started = Instant::now();
        self.conn
            .execute("INSERT INTO docs(docs) VALUES('rebuild')", [])
            .map_err(sql)?;
        Ok(Some(started.elapsed()))
    }
}

// ---------------------------------------------------------------------------------------

/// All text in memory, lower-cased once; every query looks at every document.
pub struct Scan {
    docs: Vec<(String, &'static str, String, String)>,
}

impl Scan {
    pub fn new() -> Scan {
        Scan { docs: Vec::new() }
    }
}

fn snippet_around(text: &str, at: usize) -> String {
    let start = text.floor_char_boundary(at.saturating_sub(80));
    let end = text.ceil_char_boundary((at + 100).min(text.len()));
    text[start..end].to_string()
}

impl Engine for Scan {
    fn name(&self) -> &'static str {
        "scan"
    }

    fn load(&mut self, corpus: &Corpus, progress: &mut Progress) -> Result<(), Error> {
        // The scan's own copy of all text is what it measures; only that is kept.
        self.docs = Vec::with_capacity(corpus.len());
        for group in corpus.commit_groups() {
            progress.tick(group.len());
            self.docs.extend(group.into_iter().map(|d| {
                (
                    d.id,
                    d.kind,
                    d.tag,
                    format!("{}\n{}", d.title, d.body).to_lowercase(),
                )
            }));
        }
        Ok(())
    }

    fn search(&mut self, q: &Query) -> Result<usize, Error> {
        let text = q.text.to_lowercase();
        let needles: Vec<String> = if text.starts_with('"') {
            vec![text.trim_matches('"').to_string()]
        } else {
            text.split_whitespace().map(str::to_string).collect()
        };
        let mut scored: Vec<(usize, usize, usize)> = Vec::new();
        for (i, (_, kind, tag, body)) in self.docs.iter().enumerate() {
            if q.kind.is_some_and(|k| k != *kind) || q.tag.as_ref().is_some_and(|t| t != tag) {
                continue;
            }
            let mut score = 0;
            let mut first = usize::MAX;
            for n in &needles {
                match body.find(n.as_str()) {
                    Some(at) => {
                        first = first.min(at);
                        score += body.matches(n.as_str()).count();
                    }
                    None => {
                        score = 0;
                        break;
                    }
                }
            }
            if score > 0 {
                scored.push((score, i, first));
            }
        }
        scored.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let snippets: Vec<String> = scored
            .iter()
            .take(TOP)
            .map(|(_, i, at)| snippet_around(&self.docs[*i].3, *at))
            .collect();
        Ok(snippets.len())
    }

    fn edit_to_searchable(&mut self, rep: usize) -> Result<Duration, Error> {
        let token = format!("editmarker{rep}zq");
        let q = Query::plain(&token);
        let started = Instant::now();
        if let Some(d) = self.docs.first_mut() {
            d.3 = format!("now it says {token}");
        }
        let waited = wait_until(|| Ok(self.search(&q)? > 0))?;
        Ok(waited.max(started.elapsed()))
    }

    fn reindex(&mut self) -> Result<Option<Duration>, Error> {
        Ok(None)
    }
}
