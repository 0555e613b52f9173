//! tantivy: a rebuildable copy of the store for search (ARCHITECTURE.md §6). The one `IndexWriter`
//! lives in `SearchIndex::core`; the workspace's indexer thread and explicit calls (flush,
//! rebuild) take turns on it. Every commit carries the last applied outbox seq as its payload.

pub(crate) mod documents;
mod query;
pub mod schema;
mod snippet;

pub use query::{SearchHit, SearchRequest, SearchResults, Snippet};

use crate::error::{Error, Result};
use crate::model::ObjectKind;
use crate::store::outbox;
use documents::IndexDoc;
use rusqlite::Connection;
use schema::Fields;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use tantivy::schema::Value;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// One indexing thread with a modest arena: each commit re-creates the writer's workers and
/// their arenas, so a smaller budget keeps edit-to-searchable short (measured: prepare_commit
/// 52 ms → 20 ms at 100k documents) and the desktop app's memory low; bulk imports still
/// index faster than they are written.
const WRITER_THREADS: usize = 1;
const WRITER_MEMORY: usize = 32 * 1024 * 1024;
const BATCH: usize = 2000;
const VERSION_FILE: &str = "groundwork-index.json";

/// Why the index had to be rebuilt when the workspace opened.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RebuildReason {
    Missing,
    OtherVersion,
    Unreadable,
    Behind,
}

#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IndexStatus {
    /// Outbox seq applied by the last commit.
    pub applied_seq: i64,
    /// Set while a full rebuild runs: (done, total) documents' owners.
    pub rebuilding: Option<(usize, usize)>,
    /// The last error the indexer met; cleared by the next successful apply.
    pub last_error: Option<String>,
}

#[derive(Serialize, Deserialize, PartialEq)]
struct VersionFile {
    version: u32,
    language: String,
}

struct Core {
    writer: IndexWriter,
    applied: i64,
    /// Set when opening found the index missing, stale or unreadable: whoever takes the
    /// writer next rebuilds before anything else, so no caller sees a half-empty index as done.
    needs_rebuild: bool,
}

/// Told (done, total) as a rebuild goes.
pub(crate) type RebuildProgress = Box<dyn Fn(usize, usize) + Send + Sync>;

pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    core: Mutex<Core>,
    status: Mutex<IndexStatus>,
    caches: query::Caches,
    on_rebuild: RebuildProgress,
    version_path: PathBuf,
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock leaves nothing half-written that we rely on: tantivy
    // keeps uncommitted work invisible, so carrying on is safe.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn payload_seq(index: &Index) -> Result<i64> {
    let metas = index.load_metas()?;
    Ok(metas
        .payload
        .as_deref()
        .and_then(|p| p.strip_prefix("outbox_seq="))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0))
}

fn move_aside(dir: &Path) -> Result<PathBuf> {
    let stamp = crate::store::now().replace([':', '.'], "-");
    let aside = dir.with_file_name(format!("index.broken-{stamp}"));
    std::fs::rename(dir, &aside).map_err(|e| {
        Error::from(e).context(format!(
            "cannot move the damaged search index {} aside",
            dir.display()
        ))
    })?;
    Ok(aside)
}

fn is_fatal_io(e: &tantivy::TantivyError) -> bool {
    // Locks and permissions are the user's to fix; wiping the index would not help.
    match e {
        tantivy::TantivyError::LockFailure(..) => true,
        tantivy::TantivyError::IoError(io) => io.kind() == std::io::ErrorKind::PermissionDenied,
        tantivy::TantivyError::OpenDirectoryError(
            tantivy::directory::error::OpenDirectoryError::IoError { io_error, .. },
        ) => io_error.kind() == std::io::ErrorKind::PermissionDenied,
        _ => false,
    }
}

impl SearchIndex {
    /// Open the index in `dir`, creating or replacing it when it is missing, of another
    /// version, or unreadable. Returns why it needs a full rebuild, if it does.
    pub(crate) fn open(
        dir: &Path,
        language: &str,
        conn: &Connection,
        on_rebuild: RebuildProgress,
    ) -> Result<(SearchIndex, Option<RebuildReason>)> {
        let wanted = VersionFile {
            version: schema::INDEX_VERSION,
            language: language.to_string(),
        };
        let version_path = dir.join(VERSION_FILE);
        let mut reason = None;
        if !dir.join("meta.json").exists() {
            reason = Some(RebuildReason::Missing);
        } else {
            let found: Option<VersionFile> = std::fs::read(&version_path)
                .ok()
                .and_then(|b| serde_json::from_slice(&b).ok());
            if found.as_ref() != Some(&wanted) {
                move_aside(dir)?;
                reason = Some(RebuildReason::OtherVersion);
            }
        }
        let index = match reason {
            None => match Index::open_in_dir(dir)
                .and_then(|i| schema::fields_of(&i.schema()).map(|_| i))
            {
                Ok(index) => index,
                Err(e) if is_fatal_io(&e) => return Err(e.into()),
                Err(_) => {
                    move_aside(dir)?;
                    reason = Some(RebuildReason::Unreadable);
                    Self::create(dir, &version_path, &wanted)?
                }
            },
            Some(_) => Self::create(dir, &version_path, &wanted)?,
        };
        schema::register_analyzers(&index, language);
        let fields = schema::fields_of(&index.schema())?;
        let writer = index.writer_with_num_threads(WRITER_THREADS, WRITER_MEMORY).map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => Error::conflict(
                "this workspace is in use by another Groundwork process (the app or a command); close it and try again",
            ),
            e => e.into(),
        })?;
        let applied = payload_seq(&index)?;
        if reason.is_none() && applied < outbox::trimmed_through(conn)? {
            reason = Some(RebuildReason::Behind);
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let status = IndexStatus {
            applied_seq: applied,
            ..Default::default()
        };
        let me = SearchIndex {
            index,
            reader,
            fields,
            core: Mutex::new(Core {
                writer,
                applied,
                needs_rebuild: reason.is_some(),
            }),
            status: Mutex::new(status),
            caches: query::Caches::default(),
            on_rebuild,
            version_path,
        };
        Ok((me, reason))
    }

    fn create(dir: &Path, version_path: &Path, wanted: &VersionFile) -> Result<Index> {
        std::fs::create_dir_all(dir)?;
        let (schema, _) = schema::build();
        // Every search reads 20 stored documents for their snippets, each from its own block:
        // 4 KB blocks instead of 16 KB cut that from 0.12 to about 0.06 ms at 100k documents.
        // Uncompressed blocks saved another 0.015 ms but made the index 50 MB instead of 30.
        let settings = tantivy::IndexSettings {
            docstore_compression: tantivy::store::Compressor::Lz4,
            docstore_blocksize: 4096,
            ..Default::default()
        };
        let index = Index::builder()
            .schema(schema)
            .settings(settings)
            .create_in_dir(dir)?;
        std::fs::write(version_path, serde_json::to_vec(wanted)?)?;
        Ok(index)
    }

    /// Analyse text for another language from now on, and re-index everything with it.
    pub(crate) fn set_language(&self, language: &str, conn: &Connection) -> Result<()> {
        let mut core = lock(&self.core);
        // Segment writers pick their analyzer up when they start, which is after the last
        // commit: with nothing pending, every document from here on uses the new one.
        schema::register_analyzers(&self.index, language);
        lock(&self.caches.stems).clear();
        let wanted = VersionFile {
            version: schema::INDEX_VERSION,
            language: language.to_string(),
        };
        std::fs::write(&self.version_path, serde_json::to_vec(&wanted)?)?;
        core.needs_rebuild = true;
        self.rebuild_locked(&mut core, conn, &*self.on_rebuild)
    }

    pub fn status(&self) -> IndexStatus {
        lock(&self.status).clone()
    }

    pub(crate) fn applied_seq(&self) -> i64 {
        lock(&self.core).applied
    }

    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn to_tantivy(&self, d: &IndexDoc) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, &d.id);
        if let Some(k) = d.kind {
            doc.add_u64(f.kind, schema::kind_code(k));
        }
        if let Some(p) = &d.parent {
            doc.add_text(f.parent, p);
        }
        doc.add_text(f.title, &d.title);
        if let Some(label) = &d.label {
            doc.add_text(f.label, label);
        }
        doc.add_text(f.body, &d.body);
        for t in &d.tags {
            doc.add_text(f.tags, t);
        }
        for p in &d.participants {
            doc.add_text(f.participants, p);
        }
        for p in &d.personas {
            doc.add_text(f.personas, p);
        }
        if let Some(date) = d.date.as_deref().and_then(query::parse_date) {
            doc.add_date(f.date, date);
        }
        if let Some(ms) = d.start_ms {
            doc.add_i64(f.start_ms, ms);
        }
        doc
    }

    fn replace(
        &self,
        writer: &IndexWriter,
        conn: &Connection,
        kind: ObjectKind,
        id: &str,
    ) -> Result<()> {
        writer.delete_term(Term::from_field_text(self.fields.id, id));
        // An interview's segments and a persona's statements are indexed with it. Only
        // those: highlights also name their interview as parent but are indexed on their
        // own, and deleting them here would lose them when the interview is reindexed
        // after them (a participant renamed or joining a persona).
        let child = match kind {
            ObjectKind::Interview => Some(ObjectKind::Segment),
            ObjectKind::Persona => Some(ObjectKind::PersonaStatement),
            _ => None,
        };
        if let Some(child) = child {
            use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
            use tantivy::schema::IndexRecordOption;
            let term = |t: Term| -> Box<dyn Query> {
                Box::new(TermQuery::new(t, IndexRecordOption::Basic))
            };
            writer.delete_query(Box::new(BooleanQuery::new(vec![
                (
                    Occur::Must,
                    term(Term::from_field_text(self.fields.parent, id)),
                ),
                (
                    Occur::Must,
                    term(Term::from_field_u64(
                        self.fields.kind,
                        schema::kind_code(child),
                    )),
                ),
            ])))?;
        }
        for d in documents::documents_for(conn, kind, id)? {
            writer.add_document(self.to_tantivy(&d))?;
        }
        Ok(())
    }

    fn commit(&self, core: &mut Core, seq: i64) -> Result<()> {
        let mut prepared = core.writer.prepare_commit()?;
        prepared.set_payload(&format!("outbox_seq={seq}"));
        prepared.commit()?;
        core.applied = seq;
        self.reader.reload()?;
        let mut status = lock(&self.status);
        status.applied_seq = seq;
        status.last_error = None;
        Ok(())
    }

    /// Apply every outbox row after the last applied one. Returns the applied seq.
    pub(crate) fn apply_pending(&self, conn: &Connection) -> Result<i64> {
        let mut core = lock(&self.core);
        if core.needs_rebuild {
            self.rebuild_locked(&mut core, conn, &*self.on_rebuild)?;
        }
        let result: Result<i64> = (|| loop {
            let entries = outbox::after(conn, core.applied, BATCH)?;
            let Some(last) = entries.last().map(|e| e.seq) else {
                return Ok(core.applied);
            };
            let mut seen = HashSet::new();
            for e in entries
                .iter()
                .filter(|e| seen.insert((e.kind, e.id.as_str())))
            {
                self.replace(&core.writer, conn, e.kind, &e.id)?;
            }
            self.commit(&mut core, last)?;
        })();
        if let Err(e) = &result {
            lock(&self.status).last_error = Some(e.message.clone());
            // Drop what this attempt added; the rows stay in the outbox for the next one.
            let _ = core.writer.rollback();
        }
        result
    }

    /// Throw the index's documents away and index everything in the store again, from one
    /// consistent read. `progress(done, total)` is called as it goes.
    pub(crate) fn rebuild(&self, conn: &Connection, progress: &dyn Fn(usize, usize)) -> Result<()> {
        let mut core = lock(&self.core);
        self.rebuild_locked(&mut core, conn, progress)
    }

    fn rebuild_locked(
        &self,
        core: &mut Core,
        conn: &Connection,
        progress: &dyn Fn(usize, usize),
    ) -> Result<()> {
        let tx = conn.unchecked_transaction()?;
        let result: Result<()> = (|| {
            let last = outbox::last_seq(&tx)?;
            let owners = documents::owners(&tx)?;
            let total = owners.len();
            core.writer.delete_all_documents()?;
            for (n, (kind, id)) in owners.iter().enumerate() {
                for d in documents::documents_for(&tx, *kind, id)? {
                    core.writer.add_document(self.to_tantivy(&d))?;
                }
                if n % 256 == 0 {
                    lock(&self.status).rebuilding = Some((n, total));
                    progress(n, total);
                }
            }
            progress(total, total);
            self.commit(core, last)
        })();
        if result.is_ok() {
            core.needs_rebuild = false;
        }
        lock(&self.status).rebuilding = None;
        if let Err(e) = &result {
            lock(&self.status).last_error = Some(e.message.clone());
            let _ = core.writer.rollback();
        }
        tx.finish()?;
        result
    }

    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        query::run(
            &self.index,
            &self.reader.searcher(),
            &self.fields,
            &self.caches,
            req,
        )
    }

    /// Every document's id, with how many times each occurs.
    pub(crate) fn all_ids(&self) -> Result<Vec<String>> {
        let searcher = self.reader.searcher();
        let mut out = Vec::new();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            for doc in segment.doc_ids_alive() {
                let d: TantivyDocument = searcher.doc(tantivy::DocAddress::new(ord as u32, doc))?;
                if let Some(id) = d.get_first(self.fields.id).and_then(|v| v.as_str()) {
                    out.push(id.to_string());
                }
            }
        }
        Ok(out)
    }

    /// Compare the index with the store: ids missing from the index, ids in it that should
    /// not be (stale), and ids present more than once.
    pub(crate) fn agreement(&self, conn: &Connection) -> Result<Agreement> {
        let tx = conn.unchecked_transaction()?;
        let mut expected = BTreeSet::new();
        for (kind, id) in documents::owners(&tx)? {
            for d in documents::documents_for(&tx, kind, &id)? {
                expected.insert(d.id);
            }
        }
        tx.finish()?;
        let mut seen = BTreeSet::new();
        let mut duplicated = BTreeSet::new();
        for id in self.all_ids()? {
            if !seen.insert(id.clone()) {
                duplicated.insert(id);
            }
        }
        Ok(Agreement {
            expected: expected.len(),
            indexed: seen.len(),
            missing: expected.difference(&seen).cloned().collect(),
            stale: seen.difference(&expected).cloned().collect(),
            duplicated: duplicated.into_iter().collect(),
        })
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Agreement {
    pub expected: usize,
    pub indexed: usize,
    pub missing: Vec<String>,
    pub stale: Vec<String>,
    pub duplicated: Vec<String>,
}

impl Agreement {
    pub fn ok(&self) -> bool {
        self.missing.is_empty() && self.stale.is_empty() && self.duplicated.is_empty()
    }
}
