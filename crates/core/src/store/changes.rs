//! The change log (docs/ARCHITECTURE.md, "The change log"). Every write transaction runs
//! under a SQLite session (`Session`), which records the before and after of every row it
//! changes, cascades included; when the use case is done, `record` turns that changeset into
//! one entry — what changed, the objects it touched, who did it, when — in the same
//! transaction, and feeds the index outbox from it. No store function has to remember to log
//! or to mark its change for the index: a write that SQLite sees is a logged write.
//!
//! Undo applies the inverse of an entry's changeset. SQLite's own conflict checks make it
//! refuse to replay onto a state the entry did not leave (a field changed since, a row gone),
//! and a second session around the undo catches what the inverse would take with it
//! unasked (a highlight made since on an interview whose import is undone): either way the
//! undo says why and changes nothing. Undo and redo are entries themselves, so the log reads
//! as the sequence of what happened.

use super::{now, outbox, participants, tags};
use crate::error::{Error, ErrorCode, Result};
use crate::model::{ObjectKind, ObjectRef};
use rusqlite::fallible_streaming_iterator::FallibleStreamingIterator;
use rusqlite::hooks::Action;
use rusqlite::session::{ChangesetItem, ChangesetIter, ConflictAction, ConflictType, Session};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// Where a change came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Someone using this app (the window, the browser UI, the CLI).
    App,
    /// An import job: files, the demo project.
    Import,
    /// A research pack merged into this workspace.
    Pack,
    /// A workshop's participants.
    Workshop,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::App => "app",
            Origin::Import => "import",
            Origin::Pack => "pack",
            Origin::Workshop => "workshop",
        }
    }
    fn parse(s: &str) -> Origin {
        match s {
            "import" => Origin::Import,
            "pack" => Origin::Pack,
            "workshop" => Origin::Workshop,
            _ => Origin::App,
        }
    }
}

/// Which entries an undo or redo may pick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "scope", rename_all = "snake_case")]
pub enum UndoScope {
    /// The user's own changes: the app's, their imports and the packs they merged (not a
    /// workshop's participants').
    Mine,
    /// Changes to one tree: its outcome, nodes and their evidence.
    Tree { id: String },
    /// Changes that touched one object.
    Object { object: ObjectRef },
    /// Exactly one entry, by its `seq`: a toast's Undo takes back the change it announced,
    /// not whatever was changed last (newer changes to the same rows make it a conflict).
    Change { seq: i64 },
}

/// One entry of the log, as history lists and live updates show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Change {
    pub seq: i64,
    /// When (RFC 3339 UTC).
    pub at: String,
    pub origin: Origin,
    /// The use case that made it: `update_interview`, `import_file`, `undo`, …
    pub op: String,
    /// For people: `Edited interview “Dana, onboarding”`.
    pub summary: String,
    /// Undone and not redone since.
    pub undone: bool,
    /// Whether undo can take it back (false for what was deleted for good, and for history
    /// from before the log).
    pub undoable: bool,
    /// The objects it touched.
    pub objects: Vec<ObjectRef>,
}

// ---- what a row belongs to ----

/// How a logged table's rows map to objects: each `(kind, id column)` is an object a change
/// to the row is a change of. `Primary` objects are re-indexed (with what shows them);
/// `Context` ones are only named (the tree a node is in, the interview of an attachment).
#[derive(Clone, Copy)]
enum Of {
    Primary(ObjectKind, &'static str),
    Context(ObjectKind, &'static str),
    /// Named like `Context`, and re-indexed: the object whose search document holds the
    /// row (a persona holds its statements). Its id is read from the row as changed, so a
    /// deleted statement still finds the persona to take it out of.
    IndexedWith(ObjectKind, &'static str),
    /// The kind is in a column too (evidence ends, trash rows): (kind column, id column).
    PrimaryAny(&'static str, &'static str),
    ContextAny(&'static str, &'static str),
}

use ObjectKind as K;
use Of::*;

/// Every table of the schema is either here or in `UNLOGGED` (a test checks it), so a new
/// table cannot be written without its changes being logged, indexed and announced.
const LOGGED: &[(&str, &[Of])] = &[
    ("participants", &[Primary(K::Participant, "id")]),
    ("interviews", &[Primary(K::Interview, "id")]),
    (
        "interview_participants",
        &[
            Primary(K::Interview, "interview_id"),
            Primary(K::Participant, "participant_id"),
        ],
    ),
    // Passages are indexed with their interview.
    (
        "transcript_segments",
        &[Primary(K::Interview, "interview_id")],
    ),
    ("notes", &[Primary(K::Note, "id")]),
    ("tags", &[Primary(K::Tag, "id")]),
    ("highlights", &[Primary(K::Highlight, "id")]),
    ("highlight_tags", &[Primary(K::Highlight, "highlight_id")]),
    ("insights", &[Primary(K::Insight, "id")]),
    ("personas", &[Primary(K::Persona, "id")]),
    (
        "persona_statements",
        &[
            Primary(K::PersonaStatement, "id"),
            IndexedWith(K::Persona, "persona_id"),
        ],
    ),
    (
        "persona_participants",
        &[
            Primary(K::Persona, "persona_id"),
            Primary(K::Participant, "participant_id"),
        ],
    ),
    (
        "persona_suggestion_dismissals",
        &[Context(K::PersonaStatement, "statement_id")],
    ),
    ("trees", &[Primary(K::Tree, "id")]),
    (
        "tree_nodes",
        &[Primary(K::TreeNode, "id"), Context(K::Tree, "tree_id")],
    ),
    ("feedback_items", &[Primary(K::Feedback, "id")]),
    ("feedback_told", &[Context(K::TreeNode, "node_id")]),
    ("workshops", &[Primary(K::Workshop, "id")]),
    // A workshop's search document holds its groups' titles and its notes.
    (
        "workshop_groups",
        &[IndexedWith(K::Workshop, "workshop_id")],
    ),
    ("workshop_notes", &[IndexedWith(K::Workshop, "workshop_id")]),
    // Who is in the room, their dots and the steps' timings are not searched.
    (
        "workshop_participants",
        &[Context(K::Workshop, "workshop_id")],
    ),
    ("workshop_votes", &[Context(K::Workshop, "workshop_id")]),
    ("workshop_steps", &[Context(K::Workshop, "workshop_id")]),
    (
        "evidence",
        &[
            PrimaryAny("from_kind", "from_id"),
            ContextAny("to_kind", "to_id"),
        ],
    ),
    ("trash", &[ContextAny("kind", "id")]),
    (
        "speaker_mappings",
        &[Context(K::Participant, "participant_id")],
    ),
    ("attachments", &[Context(K::Interview, "interview_id")]),
    // Which file made an object (re-import detection); follows that object.
    ("import_files", &[ContextAny("kind", "object_id")]),
];

/// Tables whose rows are bookkeeping, not anyone's work (never in the log).
#[cfg(test)]
const UNLOGGED: &[&str] = &[
    "settings",
    "index_outbox",
    "changes",
    "change_objects",
    "schema_migrations",
];

/// Rows that belong to another object and follow it when it goes: an undo may take them
/// with it (the passages of an imported interview) without that being a conflict.
const FOLLOWERS: &[&str] = &[
    "transcript_segments",
    "interview_participants",
    "highlight_tags",
    "persona_participants",
    "persona_suggestion_dismissals",
    "speaker_mappings",
    "import_files",
    "feedback_told",
    "workshop_participants",
    "workshop_groups",
    "workshop_notes",
    "workshop_votes",
    "workshop_steps",
];

/// Passages are what makes an import large; an import entry names the interview it made and
/// leaves them out (they go and come back with it).
const BULK: &str = "transcript_segments";

fn logged(table: &str) -> Option<&'static [Of]> {
    LOGGED.iter().find(|(t, _)| *t == table).map(|(_, of)| *of)
}

/// Start recording a write transaction. `lean` leaves passages out.
pub(crate) fn session(conn: &Connection, lean: bool) -> Result<Session<'_>> {
    let mut s = Session::new(conn)?;
    if lean {
        s.table_filter(Some(|t: &str| t != BULK && logged(t).is_some()));
    } else {
        s.table_filter(Some(|t: &str| logged(t).is_some()));
    }
    s.attach::<&str>(None)?;
    Ok(s)
}

pub(crate) fn changeset_of(session: &mut Session<'_>) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    session.changeset_strm(&mut out)?;
    Ok(out)
}

// ---- reading a changeset ----

/// One row change of a changeset, with the values it carries.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct RowChange {
    table: String,
    /// Primary key values, in column order.
    pk: Vec<Option<String>>,
    op: i32,
    indirect: bool,
    /// Column name → value, for the columns the change carries (all of them for inserts
    /// and deletes; the key and the changed ones for updates).
    values: Vec<(usize, Option<String>)>,
}

fn text(v: ValueRef<'_>) -> Option<String> {
    match v {
        ValueRef::Null => None,
        ValueRef::Integer(i) => Some(i.to_string()),
        ValueRef::Real(f) => Some(f.to_string()),
        ValueRef::Text(t) | ValueRef::Blob(t) => Some(String::from_utf8_lossy(t).into_owned()),
    }
}

fn action_code(a: Action) -> i32 {
    match a {
        Action::SQLITE_INSERT => 18,
        Action::SQLITE_DELETE => 9,
        Action::SQLITE_UPDATE => 23,
        _ => 0,
    }
}
const INSERT: i32 = 18;
const DELETE: i32 = 9;
const UPDATE: i32 = 23;

fn row_change(item: &ChangesetItem) -> Result<RowChange> {
    let op = item.op()?;
    let (table, columns, code, indirect) = (
        op.table_name().to_string(),
        op.number_of_columns() as usize,
        action_code(op.code()),
        op.indirect(),
    );
    let pk_flags = item.pk()?.to_vec();
    let mut pk = Vec::new();
    let mut values = Vec::new();
    for col in 0..columns {
        // Inserts carry new values; deletes old ones; updates old values for the key and
        // both for changed columns (the new one is what the row holds now).
        let v = match code {
            INSERT => item.new_value(col).ok().map(text),
            DELETE => item.old_value(col).ok().map(text),
            _ => item
                .new_value(col)
                .ok()
                .map(text)
                .or_else(|| item.old_value(col).ok().map(text)),
        };
        if pk_flags.get(col).copied().unwrap_or(0) != 0 {
            pk.push(v.clone().flatten());
        }
        if let Some(v) = v {
            values.push((col, v));
        }
    }
    Ok(RowChange {
        table,
        pk,
        op: code,
        indirect,
        values,
    })
}

fn rows_of(changeset: &[u8]) -> Result<Vec<RowChange>> {
    let mut input: &[u8] = changeset;
    let reader: &mut dyn std::io::Read = &mut input;
    let mut it = ChangesetIter::start_strm(&reader)?;
    let mut out = Vec::new();
    while let Some(item) = it.next()? {
        out.push(row_change(item)?);
    }
    Ok(out)
}

/// Column names of a table, by position.
struct Columns(HashMap<String, Vec<String>>);

impl Columns {
    fn new() -> Self {
        Columns(HashMap::new())
    }
    fn of(&mut self, conn: &Connection, table: &str) -> Result<&[String]> {
        if !self.0.contains_key(table) {
            let names = conn
                .prepare_cached("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?
                .query_map([table], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            self.0.insert(table.to_string(), names);
        }
        Ok(&self.0[table])
    }
}

/// The value of `column` for a row change: from the change, or (an update that left it
/// alone) from the row as it is now.
fn value_of(
    conn: &Connection,
    cols: &mut Columns,
    row: &RowChange,
    column: &str,
) -> Result<Option<String>> {
    let names = cols.of(conn, &row.table)?.to_vec();
    let Some(index) = names.iter().position(|n| n == column) else {
        return Ok(None);
    };
    if let Some((_, v)) = row.values.iter().find(|(c, _)| *c == index) {
        return Ok(v.clone());
    }
    // An update that did not touch the column: read it by the row's key.
    let pk_names: Vec<String> = conn
        .prepare_cached("SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk")?
        .query_map([&row.table], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    if pk_names.len() != row.pk.len() {
        return Ok(None);
    }
    let filter: Vec<String> = pk_names
        .iter()
        .enumerate()
        .map(|(i, n)| format!("{n} = ?{}", i + 1))
        .collect();
    let sql = format!(
        "SELECT {column} FROM {} WHERE {}",
        row.table,
        filter.join(" AND ")
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(rusqlite::params_from_iter(row.pk.iter()), |r| {
            r.get::<_, Option<String>>(0)
        })
        .optional()?
        .flatten())
}

/// The objects a changeset touched: (object, primary?) in first-seen order, and the objects
/// to re-index besides the primary ones (`IndexedWith`).
type Touched = (Vec<(ObjectRef, bool)>, Vec<ObjectRef>);

fn objects_of(conn: &Connection, rows: &[RowChange]) -> Result<Touched> {
    let mut cols = Columns::new();
    let mut out: Vec<(ObjectRef, bool)> = Vec::new();
    // Where each object is in `out`: a search per row made a 100,000-item import quadratic
    // (two thirds of its time went comparing ids).
    let mut at: HashMap<(ObjectKind, String), usize> = HashMap::new();
    let mut holders: Vec<ObjectRef> = Vec::new();
    let mut held: HashSet<(ObjectKind, String)> = HashSet::new();
    let mut add = |kind: Option<ObjectKind>, id: Option<String>, primary: bool| {
        let (Some(kind), Some(id)) = (kind, id) else {
            return;
        };
        match at.get(&(kind, id.clone())) {
            Some(&i) => out[i].1 |= primary,
            None => {
                at.insert((kind, id.clone()), out.len());
                out.push((ObjectRef { kind, id }, primary));
            }
        }
    };
    for row in rows {
        let Some(of) = logged(&row.table) else {
            continue;
        };
        for o in of {
            match *o {
                Primary(kind, col) | Context(kind, col) => {
                    let id = value_of(conn, &mut cols, row, col)?;
                    add(Some(kind), id, matches!(o, Primary(..)));
                }
                IndexedWith(kind, col) => {
                    let id = value_of(conn, &mut cols, row, col)?;
                    if let Some(id) = &id
                        && held.insert((kind, id.clone()))
                    {
                        holders.push(ObjectRef {
                            kind,
                            id: id.clone(),
                        });
                    }
                    add(Some(kind), id, false);
                }
                PrimaryAny(kind_col, id_col) | ContextAny(kind_col, id_col) => {
                    let kind = value_of(conn, &mut cols, row, kind_col)?
                        .as_deref()
                        .and_then(ObjectKind::parse);
                    let id = value_of(conn, &mut cols, row, id_col)?;
                    // A tree node's evidence is part of its tree's history.
                    if kind == Some(K::TreeNode)
                        && let Some(node) = &id
                    {
                        let tree: Option<String> = conn
                            .prepare_cached("SELECT tree_id FROM tree_nodes WHERE id = ?1")?
                            .query_row([node], |r| r.get(0))
                            .optional()?;
                        add(Some(K::Tree), tree, false);
                    }
                    add(kind, id, matches!(o, PrimaryAny(..)));
                }
            }
        }
    }
    Ok((out, holders))
}

/// Tree nodes whose `deleted_at` changed: everything under them appears or disappears too.
fn nodes_trashed_or_restored(conn: &Connection, rows: &[RowChange]) -> Result<Vec<String>> {
    let mut cols = Columns::new();
    let mut out = Vec::new();
    for row in rows.iter().filter(|r| r.table == "tree_nodes") {
        let names = cols.of(conn, "tree_nodes")?.to_vec();
        let deleted_col = names.iter().position(|n| n == "deleted_at");
        if row.op != INSERT
            && row.op != DELETE
            && deleted_col.is_some_and(|d| row.values.iter().any(|(c, _)| *c == d))
            && let Some(Some(id)) = row.pk.first()
        {
            out.push(id.clone());
        }
    }
    Ok(out)
}

/// Queue an object and the search documents that show it for re-indexing.
pub(crate) fn reindex(conn: &Connection, kind: ObjectKind, id: &str) -> Result<()> {
    outbox::push(conn, kind, id)?;
    match kind {
        K::Interview => outbox::push_query(
            conn,
            K::Highlight,
            "SELECT id FROM highlights WHERE interview_id = ?1",
            id,
        ),
        K::Note => outbox::push_query(
            conn,
            K::Highlight,
            "SELECT id FROM highlights WHERE note_id = ?1",
            id,
        ),
        K::Feedback => outbox::push_query(
            conn,
            K::Highlight,
            "SELECT id FROM highlights WHERE feedback_id = ?1",
            id,
        ),
        K::Tag => {
            tags::reindex_tagged(conn, id)?;
            tags::reindex_subtree(conn, id)
        }
        K::Participant => participants::reindex_mentions(conn, id),
        K::Tree => outbox::push_query(
            conn,
            K::TreeNode,
            "SELECT id FROM tree_nodes WHERE tree_id = ?1",
            id,
        ),
        _ => Ok(()),
    }
}

// ---- recording ----

/// What a use case says about its write besides the rows it changed.
#[derive(Debug, Clone)]
pub(crate) struct Note {
    pub origin: Origin,
    pub op: &'static str,
    pub summary: Option<String>,
    /// Keep the changeset so the entry can be undone (false: deleted for good, seeding).
    pub undoable: bool,
    /// The entry an undo or redo acted on.
    pub target: Option<i64>,
}

/// Write the entry for a transaction's changeset, feed the index outbox from it, and answer
/// the entry (None when nothing changed).
pub(crate) fn record(conn: &Connection, note: &Note, changeset: &[u8]) -> Result<Option<Change>> {
    let rows = rows_of(changeset)?;
    if rows.is_empty() {
        return Ok(None);
    }
    let (objects, holders) = objects_of(conn, &rows)?;
    for o in &holders {
        reindex(conn, o.kind, &o.id)?;
    }
    for (o, primary) in &objects {
        if *primary {
            reindex(conn, o.kind, &o.id)?;
        }
    }
    for node in nodes_trashed_or_restored(conn, &rows)? {
        outbox::push_query(
            conn,
            K::TreeNode,
            "WITH RECURSIVE down(id, depth) AS (SELECT ?1, 0 UNION ALL SELECT n.id, down.depth + 1 FROM tree_nodes n JOIN down ON n.parent_id = down.id WHERE down.depth < 100000)
             SELECT id FROM down WHERE depth > 0",
            &node,
        )?;
    }
    let summary = match &note.summary {
        Some(s) => s.clone(),
        None => describe(conn, note.op, &objects)?,
    };
    let objects: Vec<ObjectRef> = objects.into_iter().map(|(o, _)| o).collect();
    let at = now();
    conn.prepare_cached(
        "INSERT INTO changes (at, origin, op, summary, changeset, target) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        at,
        note.origin.as_str(),
        note.op,
        summary,
        note.undoable.then_some(changeset),
        note.target
    ])?;
    let seq = conn.last_insert_rowid();
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO change_objects (kind, id, seq) VALUES (?1, ?2, ?3)",
    )?;
    for o in &objects {
        insert.execute(params![o.kind.as_str(), o.id, seq])?;
    }
    match (note.op, note.target) {
        ("undo", Some(t)) => {
            conn.prepare_cached(
                "UPDATE changes SET state = 'undone', undone_by = ?2 WHERE seq = ?1",
            )?
            .execute(params![t, seq])?;
        }
        ("redo", Some(t)) => {
            conn.prepare_cached(
                "UPDATE changes SET state = 'done', undone_by = NULL WHERE seq = ?1",
            )?
            .execute([t])?;
        }
        _ => {}
    }
    Ok(Some(Change {
        seq,
        at,
        origin: note.origin,
        op: note.op.to_string(),
        summary,
        undone: false,
        undoable: note.undoable,
        objects,
    }))
}

/// The newest entry's number (0 for an empty log): a version of everything, for clients
/// that must keep the newest of several answers.
pub(crate) fn newest_seq(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(seq), 0) FROM changes")?
        .query_row([], |r| r.get(0))?)
}

/// A title for an object, for summaries: `interview “Dana, onboarding”`.
pub(crate) fn object_phrase(conn: &Connection, o: &ObjectRef) -> Result<String> {
    let column = match o.kind {
        K::Participant | K::Tag | K::Persona => "name",
        K::Highlight => "quote",
        K::Feedback | K::Segment | K::PersonaStatement => "text",
        _ => "title",
    };
    let title: Option<String> = conn
        .prepare_cached(&format!(
            "SELECT substr({column}, 1, 80) FROM {} WHERE id = ?1",
            o.kind.table()
        ))?
        .query_row([&o.id], |r| r.get(0))
        .optional()?;
    let label = o.kind.as_str().replace('_', " ");
    Ok(match title {
        Some(t) if t.chars().count() >= 80 => {
            format!("{label} “{}…”", t.chars().take(60).collect::<String>())
        }
        Some(t) => format!("{label} “{t}”"),
        None => label,
    })
}

/// The summary a use case did not write itself: its verb, the object it acted on and how
/// many others of each kind it made or changed with it (objects it only touched in passing,
/// such as a highlight's interview, are left out).
fn describe(conn: &Connection, op: &str, objects: &[(ObjectRef, bool)]) -> Result<String> {
    let verb = match op.split('_').next().unwrap_or(op) {
        "create" | "add" => "Added",
        "update" | "set" | "edit" => "Edited",
        "trash" => "Moved to the trash",
        "restore" => "Restored",
        "delete" => "Deleted",
        "import" => "Imported",
        "link" => "Linked evidence to",
        "unlink" => "Unlinked evidence from",
        "merge" => "Merged",
        "move" => "Moved",
        "assign" => "Added a member to",
        "unassign" => "Removed a member from",
        "accept" => "Accepted a suggestion for",
        "dismiss" => "Dismissed a suggestion for",
        "remove" => "Removed",
        "attach" => "Attached a file to",
        "purge" | "empty" => "Deleted for good",
        _ => "Changed",
    };
    // Name the object the user acted on (an import's interview, not the participants it made
    // along the way), then count the rest by kind.
    let primary: Vec<&ObjectRef> = objects.iter().filter(|(_, p)| *p).map(|(o, _)| o).collect();
    let objects: Vec<&ObjectRef> = if primary.is_empty() {
        objects.iter().map(|(o, _)| o).collect()
    } else {
        primary
    };
    let Some(headline) = objects
        .iter()
        .copied()
        .min_by_key(|o| HEADLINE.iter().position(|k| *k == o.kind))
    else {
        return Ok(verb.to_string());
    };
    let mut rest: Vec<(ObjectKind, usize)> = Vec::new();
    for o in objects.iter().filter(|o| !std::ptr::eq(**o, headline)) {
        match rest.iter_mut().find(|(k, _)| *k == o.kind) {
            Some((_, n)) => *n += 1,
            None => rest.push((o.kind, 1)),
        }
    }
    let first = object_phrase(conn, headline)?;
    if rest.is_empty() {
        return Ok(format!("{verb} {first}"));
    }
    let rest: Vec<String> = rest
        .into_iter()
        .map(|(kind, n)| {
            let one = match kind {
                K::Feedback => "feedback item".to_string(),
                k => k.as_str().replace('_', " "),
            };
            let more = if kind == headline.kind { " more" } else { "" };
            match n {
                1 => format!("1{more} {one}"),
                n => format!("{n}{more} {one}s"),
            }
        })
        .collect();
    Ok(format!("{verb} {first} and {}", rest.join(", ")))
}

/// Which kind a summary names first when a change touched several: what people work on
/// before what hangs off it.
const HEADLINE: &[ObjectKind] = &[
    K::Interview,
    K::Note,
    K::Persona,
    K::Feedback,
    K::Workshop,
    K::Tree,
    K::Insight,
    K::Highlight,
    K::TreeNode,
    K::Tag,
    K::Participant,
    K::PersonaStatement,
    K::Segment,
];

/// How big the change log is: its entries, and the bytes of their text, changesets and
/// object rows (ids as stored; SQLite's page overhead not counted).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LogSize {
    pub entries: u64,
    pub objects: u64,
    pub bytes: u64,
}

pub(crate) fn size(conn: &Connection) -> Result<LogSize> {
    let (entries, entry_bytes): (i64, i64) = conn.prepare_cached("SELECT count(*), coalesce(sum(length(at) + length(origin) + length(op) + length(summary) \
                + coalesce(length(changeset), 0) + 24), 0) FROM changes")?.query_row([],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let (objects, object_bytes): (i64, i64) = conn
        .prepare_cached(
            "SELECT count(*), coalesce(sum(length(kind) + length(id) + 8), 0) FROM change_objects",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(LogSize {
        entries: entries as u64,
        objects: objects as u64,
        bytes: (entry_bytes + object_bytes) as u64,
    })
}

/// The newest entry's seq (0 for an empty log).
pub(crate) fn last_seq(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(seq), 0) FROM changes")?
        .query_row([], |r| r.get(0))?)
}

/// Make the entries after `after` one entry that cannot be undone — a job made of many use
/// cases (seeding the demo) reads as one line, and Ctrl+Z on a new workspace does not take
/// the demo apart. The entry names every object they touched.
pub(crate) fn collapse(
    conn: &Connection,
    after: i64,
    origin: Origin,
    op: &str,
    summary: &str,
) -> Result<()> {
    if last_seq(conn)? <= after {
        return Ok(());
    }
    conn.prepare_cached(
        "INSERT INTO changes (at, origin, op, summary, changeset) VALUES (?1, ?2, ?3, ?4, NULL)",
    )?
    .execute(params![now(), origin.as_str(), op, summary])?;
    let seq = conn.last_insert_rowid();
    conn.prepare_cached(
        "INSERT OR IGNORE INTO change_objects (kind, id, seq)
         SELECT kind, id, ?2 FROM change_objects WHERE seq > ?1 AND seq < ?2",
    )?
    .execute(params![after, seq])?;
    conn.prepare_cached("DELETE FROM changes WHERE seq > ?1 AND seq < ?2")?
        .execute(params![after, seq])?;
    Ok(())
}

// ---- reading the log ----

const ENTRY: &str = "SELECT c.seq, c.at, c.origin, c.op, c.summary, c.state, c.changeset IS NOT NULL FROM changes c";

fn entry_from(conn: &Connection, r: &rusqlite::Row) -> rusqlite::Result<Change> {
    let seq: i64 = r.get(0)?;
    let origin: String = r.get(2)?;
    let state: String = r.get(5)?;
    let objects = conn
        .prepare_cached("SELECT kind, id FROM change_objects WHERE seq = ?1")?
        .query_map([seq], |o| {
            Ok((o.get::<_, String>(0)?, o.get::<_, String>(1)?))
        })?
        .filter_map(|o| match o {
            Ok((k, id)) => ObjectKind::parse(&k).map(|kind| Ok(ObjectRef { kind, id })),
            Err(e) => Some(Err(e)),
        })
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Change {
        seq,
        at: r.get(1)?,
        origin: Origin::parse(&origin),
        op: r.get(3)?,
        summary: r.get(4)?,
        undone: state == "undone",
        undoable: r.get(6)?,
        objects,
    })
}

/// The SQL condition (on `c`) for entries in a scope, and its parameters.
fn scope_filter(scope: &UndoScope) -> (String, Vec<String>) {
    match scope {
        UndoScope::Mine => ("c.origin IN ('app', 'import', 'pack')".into(), vec![]),
        UndoScope::Tree { id } => (
            "c.seq IN (SELECT seq FROM change_objects WHERE kind = 'tree' AND id = ?1)".into(),
            vec![id.clone()],
        ),
        UndoScope::Object { object } => (
            "c.seq IN (SELECT seq FROM change_objects WHERE kind = ?1 AND id = ?2)".into(),
            vec![object.kind.as_str().to_string(), object.id.clone()],
        ),
        UndoScope::Change { seq } => ("c.seq = CAST(?1 AS INTEGER)".into(), vec![seq.to_string()]),
    }
}

/// Why there is nothing to undo or redo in `scope`: for one entry, what became of it.
pub(crate) fn nothing_to(conn: &Connection, scope: &UndoScope, verb: &str) -> Result<Error> {
    let UndoScope::Change { seq } = scope else {
        return Ok(Error::conflict(format!("nothing to {verb}")));
    };
    let entry = conn
        .prepare_cached(&format!("{ENTRY} WHERE c.seq = ?1"))?
        .query_row([seq], |r| entry_from(conn, r))
        .optional()?;
    Ok(match entry {
        None => Error::not_found("change", &seq.to_string()),
        Some(e) if e.op == "undo" || e.op == "redo" => Error::conflict(format!(
            "“{}” acted on another change; {verb} that one instead",
            e.summary
        )),
        // Deleted for good, or the demo's seeding.
        Some(e) if !e.undoable => Error::conflict(format!("“{}” cannot be undone", e.summary)),
        Some(e) if verb == "undo" => Error::conflict(format!("“{}” is already undone", e.summary)),
        Some(e) => Error::conflict(format!("“{}” is not undone", e.summary)),
    })
}

/// Entries of a scope, newest first (undo and redo entries left out: the entries they
/// acted on say `undone`).
pub(crate) fn list(conn: &Connection, scope: &UndoScope, limit: usize) -> Result<Vec<Change>> {
    let (filter, args) = scope_filter(scope);
    let sql = format!(
        "{ENTRY} WHERE {filter} AND c.op NOT IN ('undo', 'redo') ORDER BY c.seq DESC LIMIT {limit}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
        entry_from(conn, r)
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What undo would take back next in a scope: the newest entry not undone that can be.
/// Entries that cannot (what was deleted for good, seeding) are stepped over: an older entry
/// that needs what they deleted fails its own undo, saying so.
pub(crate) fn next_undo(conn: &Connection, scope: &UndoScope) -> Result<Option<Change>> {
    let (filter, args) = scope_filter(scope);
    let sql = format!(
        "{ENTRY} WHERE {filter} AND c.op NOT IN ('undo', 'redo') AND c.state = 'done'
           AND c.changeset IS NOT NULL
         ORDER BY c.seq DESC LIMIT 1"
    );
    let entry = conn
        .prepare_cached(&sql)?
        .query_row(rusqlite::params_from_iter(args.iter()), |r| {
            entry_from(conn, r)
        })
        .optional()?;
    Ok(entry)
}

/// What redo would bring back next: the entry undone last, unless something was changed in
/// the scope since (a new change ends the redo chain).
pub(crate) fn next_redo(conn: &Connection, scope: &UndoScope) -> Result<Option<Change>> {
    let (filter, args) = scope_filter(scope);
    let sql = format!(
        "{ENTRY} WHERE {filter} AND c.state = 'undone' AND c.undone_by IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM changes d WHERE d.seq > c.undone_by
                             AND d.op NOT IN ('undo', 'redo') AND d.seq IN (SELECT c2.seq FROM changes c2 WHERE {filter2}))
         ORDER BY c.undone_by DESC LIMIT 1",
        filter2 = filter.replace("c.", "c2."),
    );
    let entry = conn
        .prepare_cached(&sql)?
        .query_row(rusqlite::params_from_iter(args.iter()), |r| {
            entry_from(conn, r)
        })
        .optional()?;
    Ok(entry)
}

fn changeset(conn: &Connection, seq: i64) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT changeset FROM changes WHERE seq = ?1")?
        .query_row([seq], |r| r.get(0))
        .optional()?
        .flatten())
}

/// The undo entry that undid `seq` (its changeset is what redo inverts).
fn undone_by(conn: &Connection, seq: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT undone_by FROM changes WHERE seq = ?1")?
        .query_row([seq], |r| r.get(0))
        .optional()?
        .flatten())
}

// ---- undo and redo ----

fn invert(changeset: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut input: &[u8] = changeset;
    rusqlite::session::invert_strm(&mut input, &mut out)?;
    Ok(out)
}

/// What went wrong while replaying, for the message.
#[derive(Debug)]
struct Clash {
    table: String,
    pk: Vec<Option<String>>,
    kind: ConflictType,
    op: i32,
}

/// `apply_strm` with foreign keys acting as NO ACTION while the changeset applies (SQLite's
/// `SQLITE_CHANGESETAPPLY_FKNOACTION`, which rusqlite does not expose; constraints are still
/// checked at the end). A changeset already holds every row its write changed, cascades
/// included, in an order of SQLite's choosing: a replayed DELETE that cascades again can take
/// a row that a later item of the same changeset updates (a merged tag's child, when the
/// merged tag's delete comes first), which the replay would then find missing. Same conflict
/// rules as `replay`'s first attempt: a row to delete that is gone is skipped, anything else
/// stops the whole apply, which SQLite rolls back.
fn apply_without_fk_actions(conn: &Connection, changeset: &[u8]) -> (i32, Vec<Clash>) {
    use rusqlite::ffi;
    use std::ffi::{CStr, c_char, c_int, c_uchar, c_void};

    unsafe fn value_text(v: *mut ffi::sqlite3_value) -> Option<String> {
        // SAFETY: `v` comes from the changeset iterator and lives until the callback returns.
        unsafe {
            match ffi::sqlite3_value_type(v) {
                ffi::SQLITE_NULL => None,
                ffi::SQLITE_INTEGER => Some(ffi::sqlite3_value_int64(v).to_string()),
                _ => {
                    let p = ffi::sqlite3_value_text(v);
                    let n = ffi::sqlite3_value_bytes(v) as usize;
                    (!p.is_null()).then(|| {
                        String::from_utf8_lossy(std::slice::from_raw_parts(p, n)).into_owned()
                    })
                }
            }
        }
    }

    unsafe extern "C" fn on_conflict(
        ctx: *mut c_void,
        kind: c_int,
        it: *mut ffi::sqlite3_changeset_iter,
    ) -> c_int {
        // SAFETY: `ctx` is the `Vec<Clash>` passed below, alive for the whole apply; `it` is
        // valid during the callback.
        unsafe {
            let clashes = &mut *(ctx as *mut Vec<Clash>);
            let (mut tab, mut ncol, mut op, mut indirect): (*const c_char, c_int, c_int, c_int) =
                (std::ptr::null(), 0, 0, 0);
            let read = kind != ffi::SQLITE_CHANGESET_FOREIGN_KEY
                && ffi::sqlite3changeset_op(it, &mut tab, &mut ncol, &mut op, &mut indirect)
                    == ffi::SQLITE_OK;
            if read && kind == ffi::SQLITE_CHANGESET_NOTFOUND && op == ffi::SQLITE_DELETE {
                return ffi::SQLITE_CHANGESET_OMIT;
            }
            let mut clash = Clash {
                table: String::new(),
                pk: Vec::new(),
                kind: ConflictType::from(kind),
                op,
            };
            if read {
                clash.table = CStr::from_ptr(tab).to_string_lossy().into_owned();
                let (mut flags, mut n): (*mut c_uchar, c_int) = (std::ptr::null_mut(), 0);
                if ffi::sqlite3changeset_pk(it, &mut flags, &mut n) == ffi::SQLITE_OK {
                    for i in 0..n {
                        if *flags.add(i as usize) == 0 {
                            continue;
                        }
                        let mut v: *mut ffi::sqlite3_value = std::ptr::null_mut();
                        let rc = if op == ffi::SQLITE_INSERT {
                            ffi::sqlite3changeset_new(it, i, &mut v)
                        } else {
                            ffi::sqlite3changeset_old(it, i, &mut v)
                        };
                        clash.pk.push(if rc == ffi::SQLITE_OK && !v.is_null() {
                            value_text(v)
                        } else {
                            None
                        });
                    }
                }
            }
            clashes.push(clash);
            ffi::SQLITE_CHANGESET_ABORT
        }
    }

    let mut clashes: Vec<Clash> = Vec::new();
    // SAFETY: the handle is this connection's, used on this thread while `conn` is borrowed;
    // SQLite only reads the changeset buffer.
    let rc = unsafe {
        ffi::sqlite3changeset_apply_v2(
            conn.handle(),
            changeset.len() as c_int,
            changeset.as_ptr() as *mut c_void,
            None,
            Some(on_conflict),
            &mut clashes as *mut Vec<Clash> as *mut c_void,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            ffi::SQLITE_CHANGESETAPPLY_FKNOACTION,
        )
    };
    (rc, clashes)
}

fn clash_text(conn: &Connection, c: &Clash) -> Result<String> {
    let object = logged(&c.table)
        .and_then(|of| of.first())
        .and_then(|o| match *o {
            Primary(kind, "id") | Context(kind, "id") | IndexedWith(kind, "id") => Some(kind),
            _ => None,
        })
        .zip(c.pk.first().cloned().flatten())
        .map(|(kind, id)| ObjectRef { kind, id });
    let what = match &object {
        Some(o) => object_phrase(conn, o)?,
        None => c.table.replace('_', " "),
    };
    Ok(match c.kind {
        ConflictType::SQLITE_CHANGESET_DATA => format!("{what} was changed since"),
        ConflictType::SQLITE_CHANGESET_NOTFOUND => format!("{what} no longer exists"),
        ConflictType::SQLITE_CHANGESET_CONFLICT => format!("{what} exists again"),
        ConflictType::SQLITE_CHANGESET_FOREIGN_KEY => {
            "it refers to something that was deleted for good".to_string()
        }
        _ => format!("{what} would break a rule of the workspace (a name already taken?)"),
    })
}

/// Apply `changeset` (an inverse for undo, an undo's inverse for redo) inside the open write
/// transaction, refusing to overwrite anything that changed since. `so_far` reads what the
/// transaction has changed until now (the write's own session), to catch rows the replay
/// takes with it that it was not about (cascades onto objects made since).
pub(crate) fn replay(
    conn: &Connection,
    changeset: &[u8],
    so_far: &mut dyn FnMut() -> Result<Vec<u8>>,
    what: &str,
    verb: &str,
) -> Result<()> {
    let clashes: Arc<Mutex<Vec<Clash>>> = Arc::default();
    let seen = clashes.clone();
    let mut input: &[u8] = changeset;
    let applied = conn.apply_strm(
        &mut input,
        None::<fn(&str) -> bool>,
        move |kind, item: ChangesetItem| {
            // A row to delete that is gone already is where the replay wants it.
            if kind == ConflictType::SQLITE_CHANGESET_NOTFOUND
                && item.op().is_ok_and(|op| action_code(op.code()) == DELETE)
            {
                return ConflictAction::SQLITE_CHANGESET_OMIT;
            }
            if let Ok(row) = row_change(&item) {
                seen.lock().unwrap_or_else(|e| e.into_inner()).push(Clash {
                    table: row.table,
                    pk: row.pk,
                    kind,
                    op: row.op,
                });
            }
            ConflictAction::SQLITE_CHANGESET_ABORT
        },
    );
    let mut clashes = std::mem::take(&mut *clashes.lock().unwrap_or_else(|e| e.into_inner()));
    let mut applied = applied.map_err(|e| e.to_string());
    // A row to update that is missing although nothing else clashed: a delete earlier in
    // the changeset cascaded onto it. Once more, without cascades.
    if clashes.len() == 1
        && clashes[0].kind == ConflictType::SQLITE_CHANGESET_NOTFOUND
        && clashes[0].op == UPDATE
    {
        let (rc, again) = apply_without_fk_actions(conn, changeset);
        clashes = again;
        applied = if rc == rusqlite::ffi::SQLITE_OK {
            Ok(())
        } else {
            Err(rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rc), None).to_string())
        };
    }
    if let Some(c) = clashes.first() {
        return Err(Error::conflict(format!(
            "“{what}” cannot be {verb}: {}",
            clash_text(conn, c)?
        )));
    }
    applied.map_err(|e| {
        Error::new(
            ErrorCode::Conflict,
            format!("“{what}” cannot be {verb}: {e}"),
        )
    })?;
    // Links carry no foreign keys (their ends are of any kind): a replayed link must not
    // point at something deleted for good.
    let mut cols = Columns::new();
    for row in rows_of(changeset)?.iter().filter(|r| r.op == INSERT) {
        for o in logged(&row.table).unwrap_or_default() {
            if let PrimaryAny(kind_col, id_col) | ContextAny(kind_col, id_col) = *o
                && let (Some(kind), Some(id)) = (
                    value_of(conn, &mut cols, row, kind_col)?
                        .as_deref()
                        .and_then(ObjectKind::parse),
                    value_of(conn, &mut cols, row, id_col)?,
                )
            {
                let exists: Option<i64> = conn
                    .prepare_cached(&format!("SELECT 1 FROM {} WHERE id = ?1", kind.table()))?
                    .query_row([&id], |r| r.get(0))
                    .optional()?;
                if exists.is_none() {
                    return Err(Error::conflict(format!(
                        "“{what}” cannot be {verb}: it links to a {} that was deleted for good",
                        kind.as_str().replace('_', " ")
                    )));
                }
            }
        }
    }
    // Rows the replay changed that it did not name: cascades. Passages and links follow
    // their object; anything else (a highlight made since on an interview whose import is
    // undone) would be lost with it.
    let expected: BTreeSet<(String, Vec<Option<String>>)> = rows_of(changeset)?
        .into_iter()
        .map(|r| (r.table, r.pk))
        .collect();
    let mut taken: BTreeMap<ObjectKindLabel, usize> = BTreeMap::new();
    for row in rows_of(&so_far()?)? {
        if expected.contains(&(row.table.clone(), row.pk.clone()))
            || FOLLOWERS.contains(&row.table.as_str())
        {
            continue;
        }
        *taken.entry(row.table.replace('_', " ")).or_default() += 1;
    }
    if !taken.is_empty() {
        let list: Vec<String> = taken
            .iter()
            .map(|(t, n)| format!("{n} row(s) of {t}"))
            .collect();
        return Err(Error::conflict(format!(
            "“{what}” cannot be {verb}: it would also change {} made since; remove them first",
            list.join(", ")
        )));
    }
    Ok(())
}

type ObjectKindLabel = String;

/// The changeset undo applies for an entry: its inverse.
pub(crate) fn undo_changeset(conn: &Connection, entry: &Change) -> Result<Vec<u8>> {
    match changeset(conn, entry.seq)? {
        Some(cs) => invert(&cs),
        None => Err(Error::conflict(format!(
            "nothing more to undo here: “{}” cannot be undone",
            entry.summary
        ))),
    }
}

/// The changeset redo applies for an undone entry: the inverse of its undo.
pub(crate) fn redo_changeset(conn: &Connection, entry: &Change) -> Result<Vec<u8>> {
    let by = undone_by(conn, entry.seq)?
        .ok_or_else(|| Error::conflict(format!("“{}” is not undone", entry.summary)))?;
    match changeset(conn, by)? {
        Some(cs) => invert(&cs),
        None => Err(Error::conflict(format!(
            "“{}” cannot be redone",
            entry.summary
        ))),
    }
}

// ---- the write transaction ----

/// An open write transaction under the log: use cases get one from `Workspace::write` and use
/// it as the `Connection` it derefs to; it records every row they change, and lets them say
/// what the change was for people (`summary`).
pub(crate) struct Tx<'c> {
    conn: &'c Connection,
    session: RefCell<Session<'c>>,
    note: RefCell<Note>,
}

impl std::ops::Deref for Tx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl<'c> Tx<'c> {
    pub(crate) fn new(conn: &'c Connection, note: Note, lean: bool) -> Result<Self> {
        Ok(Tx {
            conn,
            session: RefCell::new(session(conn, lean)?),
            note: RefCell::new(note),
        })
    }

    /// Say what the change was, for history lists: `Moved solution “Guided export” …`.
    pub(crate) fn summary(&self, summary: impl Into<String>) {
        self.note.borrow_mut().summary = Some(summary.into());
    }

    /// Name the use case when it is only known inside the transaction.
    pub(crate) fn op(&self, op: &'static str) {
        self.note.borrow_mut().op = op;
    }

    /// The change cannot be undone (deleted for good): undo stops at it.
    pub(crate) fn final_(&self) {
        self.note.borrow_mut().undoable = false;
    }

    /// The entry this undo or redo acted on.
    pub(crate) fn target(&self, seq: i64) {
        self.note.borrow_mut().target = Some(seq);
    }

    /// The rows changed so far in this transaction, as a changeset.
    pub(crate) fn so_far(&self) -> Result<Vec<u8>> {
        changeset_of(&mut self.session.borrow_mut())
    }

    /// Record the entry (before the transaction commits).
    pub(crate) fn finish(self) -> Result<Option<Change>> {
        let changeset = changeset_of(&mut self.session.borrow_mut())?;
        drop(self.session);
        record(self.conn, &self.note.into_inner(), &changeset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every table of the schema is logged or named as bookkeeping, so a table added later
    /// cannot escape the log.
    #[test]
    fn every_table_is_logged_or_bookkeeping() {
        let mut conn = Connection::open_in_memory().unwrap();
        super::super::migrations::MIGRATIONS
            .to_latest(&mut conn)
            .unwrap();
        let tables: Vec<String> = conn
            .prepare_cached(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        for t in &tables {
            assert!(
                logged(t).is_some() || UNLOGGED.contains(&t.as_str()),
                "table {t} is neither logged (store/changes.rs LOGGED) nor bookkeeping (UNLOGGED)"
            );
        }
        for (t, _) in LOGGED {
            assert!(
                tables.contains(&t.to_string()),
                "LOGGED names {t}, which is not a table"
            );
        }
    }
}
