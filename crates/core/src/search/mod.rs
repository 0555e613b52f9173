//! tantivy: a rebuildable copy of the store for search (ARCHITECTURE.md §6). The one `IndexWriter`
//! lives in `SearchIndex::core`; the workspace's indexer thread and explicit calls (flush,
//! rebuild) take turns on it. Every commit carries the last applied outbox seq as its payload.

pub(crate) mod documents;
mod query;
mod related;
pub mod schema;
mod snippet;
mod spelling;

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
/// A rebuild indexes everything in one go, where one indexing thread is the bottleneck (the
/// store is read faster than one thread tokenizes and stems): it gets a writer with a thread
/// per core, up to this many, each with the usual arena, and the lean writer comes back after.
const BULK_THREADS_MAX: usize = 4;

fn bulk_threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(BULK_THREADS_MAX)
}
const BATCH: usize = 2000;
/// How many outbox rows of a backlog go into one commit.
const COMMIT_EVERY: usize = 25_000;
const VERSION_FILE: &str = "groundwork-index.json";
/// What one `mark_words` call takes: a long transcript's passages, with room to spare.
const MARK_TEXTS_MAX: usize = 20_000;
const MARK_BYTES_MAX: usize = 8 << 20;
/// Present while a full rebuild runs: an index found with it was cut off halfway (a crash, a
/// kill) and holds only part of the store, however valid its files look.
const REBUILDING_MARK: &str = "groundwork-rebuilding";

/// Why the index had to be rebuilt when the workspace opened.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RebuildReason {
    Missing,
    OtherVersion,
    Unreadable,
    Behind,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
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
    /// None only between dropping one writer and making the next (only one may hold the
    /// index): `SearchIndex::writer` makes a lean one when it is missing.
    writer: Option<IndexWriter>,
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

/// Say, durably, that the index in `dir` is being rebuilt (see `REBUILDING_MARK`).
fn mark_rebuilding(dir: &Path) -> Result<()> {
    std::fs::File::create(dir.join(REBUILDING_MARK))?.sync_all()?;
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    Ok(())
}

/// Move a damaged index folder out of the way (kept beside it as `index.broken-…`).
pub(crate) fn discard(dir: &Path) -> Result<()> {
    if dir.exists() {
        move_aside(dir)?;
    }
    Ok(())
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
        } else if dir.join(REBUILDING_MARK).exists() {
            move_aside(dir)?;
            reason = Some(RebuildReason::Unreadable);
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
        let me = Self::assemble(
            index,
            fields,
            writer,
            applied,
            reason.is_some(),
            on_rebuild,
            version_path,
        )?;
        Ok((me, reason))
    }

    fn assemble(
        index: Index,
        fields: Fields,
        writer: IndexWriter,
        applied: i64,
        needs_rebuild: bool,
        on_rebuild: RebuildProgress,
        version_path: PathBuf,
    ) -> Result<SearchIndex> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let status = IndexStatus {
            applied_seq: applied,
            // Until the rebuild has run, searching would find only part of the workspace.
            rebuilding: needs_rebuild.then_some((0, 0)),
            ..Default::default()
        };
        Ok(SearchIndex {
            index,
            reader,
            fields,
            core: Mutex::new(Core {
                writer: Some(writer),
                applied,
                needs_rebuild,
            }),
            status: Mutex::new(status),
            caches: query::Caches::default(),
            on_rebuild,
            version_path,
        })
    }

    /// An index in memory, built from the store: for a workspace that cannot be written,
    /// where the index on disk can be neither locked nor repaired.
    pub(crate) fn open_in_ram(language: &str, on_rebuild: RebuildProgress) -> Result<SearchIndex> {
        let (schema, _) = schema::build();
        let index = Index::create_in_ram(schema);
        schema::register_analyzers(&index, language);
        let fields = schema::fields_of(&index.schema())?;
        let writer = index.writer_with_num_threads(WRITER_THREADS, WRITER_MEMORY)?;
        Self::assemble(index, fields, writer, 0, true, on_rebuild, PathBuf::new())
    }

    /// What is wrong with the index's files on disk, if anything: checked while the app runs,
    /// because the folder can be deleted, emptied or overwritten under it (a cleaner, a sync
    /// client, a person). Cheap: reads `meta.json` and looks at the files it names.
    pub(crate) fn damage(&self) -> Option<String> {
        // Our own commits and rebuilds are held off meanwhile. A background merge can still
        // finish between reading `meta.json` and looking for the files it names (and delete
        // them), so a problem counts only when a second look, from a fresh `meta.json`,
        // finds it too: real damage stays.
        let _core = lock(&self.core);
        self.damage_seen()?;
        self.damage_seen()
    }

    fn damage_seen(&self) -> Option<String> {
        let dir = self
            .version_path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())?;
        if !dir.join("meta.json").is_file() {
            return Some(format!("{} is missing or empty", dir.display()));
        }
        let metas = match self.index.load_metas() {
            Ok(m) => m,
            Err(e) => return Some(format!("{}: meta.json is unreadable ({e})", dir.display())),
        };
        use tantivy::index::SegmentComponent as C;
        for segment in &metas.segments {
            let mut components = vec![
                C::Postings,
                C::Terms,
                C::Store,
                C::FastFields,
                C::FieldNorms,
            ];
            if segment.delete_opstamp().is_some() {
                components.push(C::Delete);
            }
            for component in components {
                // Every file tantivy writes ends with a footer, so none is ever empty.
                let path = dir.join(segment.relative_path(component));
                match std::fs::metadata(&path) {
                    Ok(m) if m.len() > 0 => {}
                    Ok(_) => return Some(format!("{} is empty", path.display())),
                    Err(_) => return Some(format!("{} is missing", path.display())),
                }
            }
        }
        let found: Option<VersionFile> = std::fs::read(&self.version_path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok());
        if found.is_none_or(|f| f.version != schema::INDEX_VERSION) {
            return Some(format!(
                "{} is missing or unreadable",
                self.version_path.display()
            ));
        }
        None
    }

    /// Forget what the index holds: the next apply rebuilds it from the store (after a
    /// restore replaced the store under it). Searches say so until then.
    pub(crate) fn mark_stale(&self) -> Result<()> {
        let mut core = lock(&self.core);
        // Durably first: a crash before the rebuild must not leave an index that looks whole.
        if let Some(dir) = self
            .version_path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            mark_rebuilding(dir)?;
        }
        core.needs_rebuild = true;
        lock(&self.status).rebuilding = Some((0, 0));
        Ok(())
    }

    fn create(dir: &Path, version_path: &Path, wanted: &VersionFile) -> Result<Index> {
        std::fs::create_dir_all(dir)?;
        // A new index is incomplete until its first rebuild commits.
        mark_rebuilding(dir)?;
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
        crate::files::write_whole(version_path, &serde_json::to_vec(wanted)?)?;
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
        if !self.version_path.as_os_str().is_empty() {
            // Whole or not at all: the indexer reads it meanwhile (`damage`).
            crate::files::write_whole(&self.version_path, &serde_json::to_vec(&wanted)?)?;
        }
        core.needs_rebuild = true;
        self.rebuild_locked(&mut core, conn, &*self.on_rebuild)
    }

    /// Keep an error met outside indexing (recovering the index) for the status.
    pub(crate) fn note_error(&self, message: &str) {
        lock(&self.status).last_error = Some(message.to_string());
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
        doc.add_text(f.exact, &d.title);
        doc.add_text(f.exact, &d.body);
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

    /// The writer, made lean again if a rebuild took it away (or failed to give it back).
    fn writer<'c>(&self, core: &'c mut Core) -> tantivy::Result<&'c mut IndexWriter> {
        let writer = match core.writer.take() {
            Some(w) => w,
            None => self
                .index
                .writer_with_num_threads(WRITER_THREADS, WRITER_MEMORY)?,
        };
        Ok(core.writer.insert(writer))
    }

    /// A writer for a rebuild or a backlog: a thread per core (up to `BULK_THREADS_MAX`),
    /// each with the usual arena; on one core, the lean writer as it is. The lean writer
    /// comes back when the caller sets `core.writer` to None.
    fn bulk_writer(&self, core: &mut Core) -> tantivy::Result<()> {
        let threads = bulk_threads();
        if threads <= WRITER_THREADS {
            return Ok(());
        }
        if let Some(mut w) = core.writer.take() {
            // Nothing uncommitted is lost: the caller commits before it asks.
            let _ = w.rollback();
        }
        let writer = self
            .index
            .writer_with_num_threads(threads, WRITER_MEMORY * threads)?;
        core.writer = Some(writer);
        Ok(())
    }

    fn commit(&self, core: &mut Core, seq: i64) -> Result<()> {
        let committed = (|| -> tantivy::Result<()> {
            let mut prepared = self.writer(core)?.prepare_commit()?;
            prepared.set_payload(&format!("outbox_seq={seq}"));
            prepared.commit()?;
            Ok(())
        })();
        if let Err(tantivy::TantivyError::OpenWriteError(
            tantivy::directory::error::OpenWriteError::FileAlreadyExists(_),
        )) = &committed
        {
            // A process killed inside a commit left files it wrote but never named in
            // meta.json, and replaying the same operations writes files of the same names.
            // Rebuilding writes only new segments. (Collecting the leftovers on open instead
            // let the crash test find an object indexed twice.)
            core.needs_rebuild = true;
        }
        committed?;
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
        let mut result = self.apply_locked(&mut core, conn);
        if result.is_err() && core.needs_rebuild {
            // The commit found files left by a killed process: rebuild once, now.
            result = self.apply_locked(&mut core, conn);
        }
        result
    }

    fn apply_locked(&self, core: &mut Core, conn: &Connection) -> Result<i64> {
        if core.needs_rebuild {
            self.rebuild_locked(core, conn, &*self.on_rebuild)?;
        }
        let mut bulk = false;
        let result: Result<i64> = (|| {
            let mut read = core.applied;
            let mut uncommitted = 0;
            loop {
                let entries = outbox::after(conn, read, BATCH)?;
                let Some(last) = entries.last().map(|e| e.seq) else {
                    // A backlog that ended on a full batch still has its last rows to commit.
                    if uncommitted > 0 {
                        self.commit(core, read)?;
                    }
                    return Ok(core.applied);
                };
                if entries.len() == BATCH && !bulk {
                    // A backlog (a large import): index it as a rebuild does, with a
                    // thread per core, and in a few large commits rather than one per batch.
                    bulk = true;
                    self.bulk_writer(core)?;
                    crate::store::set_cache(conn, crate::store::BULK_CACHE_KB)?;
                }
                let mut seen = HashSet::new();
                for e in entries
                    .iter()
                    .filter(|e| seen.insert((e.kind, e.id.as_str())))
                {
                    self.replace(self.writer(core)?, conn, e.kind, &e.id)?;
                }
                read = last;
                uncommitted += entries.len();
                if entries.len() < BATCH || uncommitted >= COMMIT_EVERY {
                    self.commit(core, last)?;
                    uncommitted = 0;
                }
            }
        })();
        if bulk {
            // Back to the lean writer (made on the next use); the pooled connection gives
            // back the larger page cache the backlog's reads used.
            core.writer = None;
            let _ = crate::store::set_cache(conn, crate::store::DEFAULT_CACHE_KB);
        }
        if let Err(e) = &result {
            lock(&self.status).last_error = Some(e.message.clone());
            // Drop what this attempt added; the rows stay in the outbox for the next one.
            if let Some(w) = core.writer.as_mut() {
                let _ = w.rollback();
            }
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
        let mark = (!self.version_path.as_os_str().is_empty())
            .then(|| self.version_path.with_file_name(REBUILDING_MARK));
        if let Some(m) = &mark
            && let Some(dir) = m.parent()
        {
            mark_rebuilding(dir)?;
        }
        let tx = conn.unchecked_transaction()?;
        let result: Result<()> = (|| {
            self.bulk_writer(core)?;
            let writer = self.writer(core)?;
            let last = outbox::last_seq(&tx)?;
            let owners = documents::owners(&tx)?;
            let total = owners.len();
            writer.delete_all_documents()?;
            for (n, (kind, id)) in owners.iter().enumerate() {
                for d in documents::documents_for(&tx, *kind, id)? {
                    writer.add_document(self.to_tantivy(&d))?;
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
            lock(&self.status).rebuilding = None;
            if let Some(m) = &mark {
                let _ = std::fs::remove_file(m);
            }
        }
        if let Err(e) = &result {
            lock(&self.status).last_error = Some(e.message.clone());
            if let Some(w) = core.writer.as_mut() {
                let _ = w.rollback();
            }
        }
        // Edits commit often, and each commit restarts every indexing thread: back to the
        // lean writer (made on the next use).
        core.writer = None;
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

    /// The words of each text that `terms` (a search's `terms`) match, as [start, end)
    /// character ranges: the marks an opened hit shows in its passage, made as its snippet's
    /// were.
    pub fn mark_words(&self, terms: &[String], texts: &[String]) -> Result<Vec<Vec<[usize; 2]>>> {
        let bytes: usize = texts.iter().map(String::len).sum();
        if texts.len() > MARK_TEXTS_MAX || bytes > MARK_BYTES_MAX {
            return Err(Error::new(
                crate::error::ErrorCode::TooLarge,
                format!(
                    "marking searched words takes at most {MARK_TEXTS_MAX} texts of {} MB together",
                    MARK_BYTES_MAX >> 20
                ),
            ));
        }
        let mut stems = lock(&self.caches.stems);
        let mut snippets = snippet::Snippets::new(&self.index, &mut stems, terms.to_vec(), 0)
            .ok_or_else(|| Error::index("the search analyzers are not registered"))?;
        Ok(texts.iter().map(|t| snippets.marks(t)).collect())
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

#[derive(Debug, Clone, Serialize, Deserialize)]
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

#[cfg(test)]
mod tests {
    use crate::model::NoteInput;
    use std::sync::atomic::{AtomicBool, Ordering};

    /// The indexer looks at the index's files while the app writes them: changing the
    /// language (which rewrites the version file and rebuilds) must never look like damage,
    /// or the indexer throws the index away under the rebuild (a CI failure, one run in many).
    #[test]
    fn changing_the_language_never_looks_like_damage() {
        let dir = tempfile::tempdir().unwrap();
        let ws = crate::Workspace::init(&dir.path().join("ws")).unwrap();
        for n in 0..50 {
            ws.create_note(&NoteInput {
                title: format!("Note {n}"),
                body: "Die Kunden wollen schnellere Rechnungen".into(),
            })
            .unwrap();
        }
        let index = ws.index();
        let done = AtomicBool::new(false);
        let seen = std::thread::scope(|s| {
            let watcher = s.spawn(|| {
                while !done.load(Ordering::Relaxed) {
                    if let Some(why) = index.damage() {
                        return Some(why);
                    }
                }
                None
            });
            for language in ["de", "en"].iter().cycle().take(60) {
                ws.set_search_language(language).unwrap();
            }
            done.store(true, Ordering::Relaxed);
            watcher.join().unwrap()
        });
        assert_eq!(seen, None);
    }
}
