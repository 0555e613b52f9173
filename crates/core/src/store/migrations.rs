//! The schema, as append-only migrations. Never edit a migration once it has landed: add
//! a new one. `validate` in the tests below applies them all to an empty database.

use rusqlite_migration::{M, Migrations};

/// Every migration, oldest first; a database's schema version is how many it has applied.
pub(crate) const ALL: &[&str] = &[
    V1,
    V2_TREES,
    V3_PERSONAS,
    V4_CODING,
    V5_IMPORT,
    V6_HIGHLIGHT_SPANS,
    V7_CHANGE_LOG,
    V8_IMPORT_FILES,
    V9_SEGMENT_CUES,
    V10_PUBLISHED,
    V11_FEEDBACK_LOOP,
    V12_FEEDBACK_CODING,
    V13_WORKSHOPS,
];

pub(crate) static MIGRATIONS: std::sync::LazyLock<Migrations<'static>> =
    std::sync::LazyLock::new(|| {
        // Each migration ends by checking every foreign key: they run with enforcement off
        // (`store::open_writer`), so a table rebuild does not cascade, and a migration that
        // left a dangling reference is rolled back instead of committed.
        Migrations::new(
            ALL.iter()
                .map(|sql| M::up(sql).foreign_key_check())
                .collect(),
        )
    });

/// Record the text of each migration the database has applied, or refuse to go on when a
/// recorded one differs from this build's (someone edited a landed migration).
pub(crate) fn pin(conn: &rusqlite::Connection) -> crate::error::Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (i, sql) in ALL.iter().enumerate().take(version.max(0) as usize) {
        let n = i as i64 + 1;
        let stored: Option<String> = rusqlite::OptionalExtension::optional(conn.query_row(
            "SELECT sql FROM schema_migrations WHERE version = ?1",
            [n],
            |r| r.get(0),
        ))?;
        match stored {
            None => {
                conn.execute(
                    "INSERT INTO schema_migrations (version, sql) VALUES (?1, ?2)",
                    rusqlite::params![n, sql],
                )?;
            }
            Some(s) if s == *sql => {}
            Some(_) => {
                return Err(crate::error::Error::new(
                    crate::error::ErrorCode::Storage,
                    format!(
                        "migration {n} of this build differs from the one that made this workspace's database; \
                         landed migrations must never change (add a new one instead)"
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The schema version this build writes; a database with a higher one is refused.
pub fn latest_version() -> usize {
    ALL.len()
}

// Conventions: ids are UUIDv7 text; times are RFC 3339 UTC text; `deleted_at` set means in the
// trash. Evidence links are polymorphic (kind + id at each end), so they carry no foreign keys:
// purging an object deletes its links in the same transaction.
const V1: &str = r#"
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE participants (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL DEFAULT '',
    company       TEXT NOT NULL DEFAULT '',
    segment       TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    consent       TEXT NOT NULL DEFAULT 'unknown' CHECK (consent IN ('unknown', 'given', 'withdrawn')),
    consent_date  TEXT,
    consent_scope TEXT NOT NULL DEFAULT '',
    notes         TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT
) STRICT;

CREATE TABLE interviews (
    id           TEXT PRIMARY KEY,
    title        TEXT NOT NULL,
    date         TEXT,
    interviewer  TEXT NOT NULL DEFAULT '',
    method       TEXT NOT NULL DEFAULT 'interview'
                 CHECK (method IN ('interview', 'usability_test', 'survey', 'support_call', 'sales_call')),
    product_area TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'done' CHECK (status IN ('planned', 'done', 'synthesised')),
    notes        TEXT NOT NULL DEFAULT '',
    source_file  TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT
) STRICT;

CREATE TABLE interview_participants (
    interview_id   TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    PRIMARY KEY (interview_id, participant_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX interview_participants_by_participant ON interview_participants(participant_id);

CREATE TABLE transcript_segments (
    id             TEXT PRIMARY KEY,
    interview_id   TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    speaker        TEXT,
    participant_id TEXT REFERENCES participants(id) ON DELETE SET NULL,
    start_ms       INTEGER,
    end_ms         INTEGER,
    text           TEXT NOT NULL,
    UNIQUE (interview_id, position)
) STRICT;

CREATE TABLE notes (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;

CREATE TABLE tags (
    id          TEXT PRIMARY KEY,
    parent_id   TEXT REFERENCES tags(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    color       TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
) STRICT;
-- Siblings have distinct names (ignoring case) among live tags.
CREATE UNIQUE INDEX tags_unique_name ON tags(ifnull(parent_id, ''), name COLLATE NOCASE)
    WHERE deleted_at IS NULL;

CREATE TABLE highlights (
    id             TEXT PRIMARY KEY,
    interview_id   TEXT REFERENCES interviews(id) ON DELETE CASCADE,
    note_id        TEXT REFERENCES notes(id) ON DELETE CASCADE,
    segment_id     TEXT REFERENCES transcript_segments(id) ON DELETE SET NULL,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    quote          TEXT NOT NULL,
    comment        TEXT NOT NULL DEFAULT '',
    speaker        TEXT,
    participant_id TEXT REFERENCES participants(id) ON DELETE SET NULL,
    start_ms       INTEGER,
    anchor         TEXT NOT NULL DEFAULT 'ok' CHECK (anchor IN ('ok', 'moved', 'lost')),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    deleted_at     TEXT,
    CHECK ((interview_id IS NULL) <> (note_id IS NULL)),
    CHECK (start >= 0 AND end >= start)
) STRICT;
CREATE INDEX highlights_by_interview ON highlights(interview_id);
CREATE INDEX highlights_by_note ON highlights(note_id);

CREATE TABLE highlight_tags (
    highlight_id TEXT NOT NULL REFERENCES highlights(id) ON DELETE CASCADE,
    tag_id       TEXT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (highlight_id, tag_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX highlight_tags_by_tag ON highlight_tags(tag_id);

CREATE TABLE insights (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;

CREATE TABLE personas (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL DEFAULT '',
    summary    TEXT NOT NULL DEFAULT '',
    avatar     TEXT,
    attributes TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;

CREATE TABLE persona_statements (
    id         TEXT PRIMARY KEY,
    persona_id TEXT NOT NULL REFERENCES personas(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('goal', 'pain', 'job', 'behaviour', 'quote')),
    text       TEXT NOT NULL,
    position   INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX persona_statements_by_persona ON persona_statements(persona_id, position);

CREATE TABLE persona_participants (
    persona_id     TEXT NOT NULL REFERENCES personas(id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    PRIMARY KEY (persona_id, participant_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX persona_participants_by_participant ON persona_participants(participant_id);

CREATE TABLE trees (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    metric      TEXT NOT NULL DEFAULT '',
    baseline    TEXT NOT NULL DEFAULT '',
    target      TEXT NOT NULL DEFAULT '',
    target_date TEXT,
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
) STRICT;

CREATE TABLE tree_nodes (
    id          TEXT PRIMARY KEY,
    tree_id     TEXT NOT NULL REFERENCES trees(id) ON DELETE CASCADE,
    parent_id   TEXT REFERENCES tree_nodes(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('opportunity', 'solution', 'assumption_test')),
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN
                ('open', 'planned', 'running', 'passed', 'failed', 'inconclusive', 'done', 'dropped')),
    details     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
) STRICT;
CREATE INDEX tree_nodes_by_tree ON tree_nodes(tree_id, parent_id, position);

CREATE TABLE evidence (
    id         TEXT PRIMARY KEY,
    from_kind  TEXT NOT NULL,
    from_id    TEXT NOT NULL,
    to_kind    TEXT NOT NULL,
    to_id      TEXT NOT NULL,
    comment    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (from_kind, from_id, to_kind, to_id)
) STRICT;
CREATE INDEX evidence_by_target ON evidence(to_kind, to_id);

CREATE TABLE feedback_items (
    id          TEXT PRIMARY KEY,
    source      TEXT NOT NULL DEFAULT '',
    customer    TEXT NOT NULL DEFAULT '',
    score       REAL,
    text        TEXT NOT NULL,
    received_at TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
) STRICT;

-- What is in the trash, across kinds: one row per object the user deleted. The object keeps
-- its row (with deleted_at set) until it is purged, so restoring loses nothing.
CREATE TABLE trash (
    kind       TEXT NOT NULL,
    id         TEXT NOT NULL,
    title      TEXT NOT NULL,
    deleted_at TEXT NOT NULL,
    PRIMARY KEY (kind, id)
) STRICT, WITHOUT ROWID;

-- Index work, written in the same transaction as the change it follows. The indexer applies
-- rows in `seq` order and records the last applied seq in the tantivy commit payload.
CREATE TABLE index_outbox (
    seq  INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    id   TEXT NOT NULL
) STRICT;
"#;

// Opportunity solution trees: each tree's change log, for its history view and undo/redo.
// `changes` is the JSON list of rows the edit touched with their before and after states.
const V2_TREES: &str = r#"
CREATE TABLE tree_history (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    tree_id TEXT NOT NULL REFERENCES trees(id) ON DELETE CASCADE,
    at      TEXT NOT NULL,
    action  TEXT NOT NULL,
    summary TEXT NOT NULL,
    changes TEXT NOT NULL CHECK (json_valid(changes)),
    undone  INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1))
) STRICT;
CREATE INDEX tree_history_by_tree ON tree_history(tree_id, seq);
"#;

// Suggested evidence the PM turned down for a statement: never offered again for it.
const V3_PERSONAS: &str = r#"
CREATE TABLE persona_suggestion_dismissals (
    statement_id TEXT NOT NULL REFERENCES persona_statements(id) ON DELETE CASCADE,
    highlight_id TEXT NOT NULL REFERENCES highlights(id) ON DELETE CASCADE,
    dismissed_at TEXT NOT NULL,
    PRIMARY KEY (statement_id, highlight_id)
) STRICT, WITHOUT ROWID;
"#;

// Coding (issue 4): the highlight an interview snapshot shows as its memorable quote.
const V4_CODING: &str = r#"
ALTER TABLE interviews ADD COLUMN memorable_highlight_id TEXT REFERENCES highlights(id) ON DELETE SET NULL;
"#;

// Transcript import: the speaker → participant choices remembered for the next import,
// and files (recordings, documents) attached to interviews, stored under attachments/.
const V5_IMPORT: &str = r#"
CREATE TABLE speaker_mappings (
    speaker        TEXT PRIMARY KEY COLLATE NOCASE,
    target         TEXT NOT NULL CHECK (target IN ('participant', 'interviewer')),
    participant_id TEXT REFERENCES participants(id) ON DELETE CASCADE,
    updated_at     TEXT NOT NULL,
    CHECK ((target = 'participant') = (participant_id IS NOT NULL))
) STRICT;

CREATE TABLE attachments (
    id           TEXT PRIMARY KEY,
    interview_id TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    file_name    TEXT NOT NULL,
    stored_name  TEXT NOT NULL UNIQUE,
    media_type   TEXT NOT NULL,
    bytes        INTEGER NOT NULL,
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX attachments_by_interview ON attachments(interview_id);
"#;

// Highlights over several transcript passages (a sentence broken over caption cues): the last
// passage and where the quote ends in it. NULL for every highlight made before, which stay
// quotes within one passage.
const V6_HIGHLIGHT_SPANS: &str = r#"
ALTER TABLE highlights ADD COLUMN end_segment_id TEXT REFERENCES transcript_segments(id) ON DELETE SET NULL;
ALTER TABLE highlights ADD COLUMN end_offset INTEGER CHECK (end_offset IS NULL OR end_offset >= 0);
"#;

// One change log under every write (docs/ARCHITECTURE.md, "The change log"): each write
// transaction is one entry holding SQLite's session changeset of the rows it changed (before
// and after of the changed fields), which undo inverts; `change_objects` says which objects an
// entry touched, for per-object history, the index outbox and live updates. The trees' own
// history becomes a view of it: its entries come across as lines that can no longer be
// undone (their before/after were kept in another shape), and its table goes.
const V7_CHANGE_LOG: &str = r#"
CREATE TABLE changes (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    origin    TEXT NOT NULL CHECK (origin IN ('app', 'import', 'pack', 'workshop')),
    op        TEXT NOT NULL,
    summary   TEXT NOT NULL,
    -- NULL: not undoable (deleted for good, or history from before the log).
    changeset BLOB,
    -- Undo and redo are entries of their own that name the entry they undid or redid.
    target    INTEGER REFERENCES changes(seq) ON DELETE SET NULL,
    state     TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone')),
    -- The undo entry that undid this one, while it stays undone.
    undone_by INTEGER
) STRICT;

CREATE TABLE change_objects (
    kind TEXT NOT NULL,
    id   TEXT NOT NULL,
    seq  INTEGER NOT NULL REFERENCES changes(seq) ON DELETE CASCADE,
    PRIMARY KEY (kind, id, seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX change_objects_by_seq ON change_objects(seq);

-- The text of every migration this database has applied, compared with the build's on each
-- open: a landed migration edited afterwards is refused instead of drifting silently.
CREATE TABLE schema_migrations (
    version INTEGER PRIMARY KEY,
    sql     TEXT NOT NULL
) STRICT;

INSERT INTO changes (seq, at, origin, op, summary, changeset)
    SELECT row_number() OVER (ORDER BY seq), at, 'app', action,
           summary || ' (before the change log: cannot be undone)', NULL
    FROM tree_history WHERE undone = 0;
INSERT INTO change_objects (kind, id, seq)
    SELECT 'tree', tree_id, row_number() OVER (ORDER BY seq) FROM tree_history WHERE undone = 0;
DROP TABLE tree_history;
"#;

// Re-import detection (issue 12): the SHA-256 of every imported file's bytes and what it
// made, so importing the same file again is noticed while that object lives. No foreign
// key: the object may be any kind; a trashed or purged one no longer counts. The integer
// key is for the change log (SQLite sessions record only tables with a primary key), so
// undoing an import takes its row with it.
const V8_IMPORT_FILES: &str = r#"
CREATE TABLE import_files (
    id          INTEGER PRIMARY KEY,
    hash        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    imported_at TEXT NOT NULL
) STRICT;
CREATE INDEX import_files_by_hash ON import_files(hash);
"#;

// Merged caption turns (issue 12): consecutive cues of one speaker are one passage; the
// time of each cue is kept as a JSON list of [character offset, start ms] so a click on a
// word still finds its second. NULL for passages that were one cue or had no times.
const V9_SEGMENT_CUES: &str = r#"
ALTER TABLE transcript_segments ADD COLUMN cues TEXT CHECK (cues IS NULL OR json_valid(cues));
"#;

// Research packs (issue 16): an insight or persona marked published is ready for
// stakeholders, and a pack can take only those.
const V10_PUBLISHED: &str = r#"
ALTER TABLE insights ADD COLUMN published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1));
ALTER TABLE personas ADD COLUMN published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1));
"#;

// The feedback loop (issue 18): what an export says about an item beyond its text, where it
// is in triage, and a stable key so importing an overlapping export adds only what is new.
const V11_FEEDBACK_LOOP: &str = r#"
ALTER TABLE feedback_items ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE feedback_items ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE feedback_items ADD COLUMN company TEXT NOT NULL DEFAULT '';
ALTER TABLE feedback_items ADD COLUMN segment TEXT NOT NULL DEFAULT '';
ALTER TABLE feedback_items ADD COLUMN attributes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(attributes));
ALTER TABLE feedback_items ADD COLUMN score_kind TEXT CHECK (score_kind IS NULL OR score_kind IN ('nps', 'csat'));
ALTER TABLE feedback_items ADD COLUMN state TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'reviewed', 'linked', 'closed'));
ALTER TABLE feedback_items ADD COLUMN state_changed_at TEXT;
ALTER TABLE feedback_items ADD COLUMN closed_at TEXT;
ALTER TABLE feedback_items ADD COLUMN source_key TEXT;
ALTER TABLE feedback_items ADD COLUMN text_key TEXT;
CREATE UNIQUE INDEX feedback_by_source_key ON feedback_items(source_key);
CREATE INDEX feedback_by_customer_text ON feedback_items(customer, text_key);
CREATE INDEX feedback_by_state ON feedback_items(state, received_at);
"#;

// Feedback is coded like interviews (issue 18): a highlight may quote a feedback item, and
// the people behind a shipped change are marked as told. SQLite cannot change a CHECK, so
// `highlights` is rebuilt with the same columns in the same order plus `feedback_id`. This
// runs with foreign keys off (`store::open_writer`): with them on, dropping the old table
// would delete every tag, dismissal and memorable quote that points at a highlight.
const V12_FEEDBACK_CODING: &str = r#"
CREATE TABLE highlights_v12 (
    id             TEXT PRIMARY KEY,
    interview_id   TEXT REFERENCES interviews(id) ON DELETE CASCADE,
    note_id        TEXT REFERENCES notes(id) ON DELETE CASCADE,
    segment_id     TEXT REFERENCES transcript_segments(id) ON DELETE SET NULL,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    quote          TEXT NOT NULL,
    comment        TEXT NOT NULL DEFAULT '',
    speaker        TEXT,
    participant_id TEXT REFERENCES participants(id) ON DELETE SET NULL,
    start_ms       INTEGER,
    anchor         TEXT NOT NULL DEFAULT 'ok' CHECK (anchor IN ('ok', 'moved', 'lost')),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    deleted_at     TEXT,
    end_segment_id TEXT REFERENCES transcript_segments(id) ON DELETE SET NULL,
    end_offset     INTEGER CHECK (end_offset IS NULL OR end_offset >= 0),
    feedback_id    TEXT REFERENCES feedback_items(id) ON DELETE CASCADE,
    CHECK ((interview_id IS NOT NULL) + (note_id IS NOT NULL) + (feedback_id IS NOT NULL) = 1),
    CHECK (start >= 0 AND end >= start)
) STRICT;
INSERT INTO highlights_v12 (id, interview_id, note_id, segment_id, start, end, quote, comment,
        speaker, participant_id, start_ms, anchor, created_at, updated_at, deleted_at,
        end_segment_id, end_offset)
    SELECT id, interview_id, note_id, segment_id, start, end, quote, comment,
        speaker, participant_id, start_ms, anchor, created_at, updated_at, deleted_at,
        end_segment_id, end_offset
    FROM highlights;
DROP TABLE highlights;
ALTER TABLE highlights_v12 RENAME TO highlights;
CREATE INDEX highlights_by_interview ON highlights(interview_id);
CREATE INDEX highlights_by_note ON highlights(note_id);
CREATE INDEX highlights_by_feedback ON highlights(feedback_id);
CREATE INDEX highlights_by_participant ON highlights(participant_id);

-- What the feedback numbers read of every item, so counting 100,000 items reads this index
-- and not every item's text (the numbers panel's wait at that size).
CREATE INDEX feedback_numbers ON feedback_items(state, score_kind, score, received_at, created_at, segment)
    WHERE deleted_at IS NULL;

-- Who has been told that a shipped node changed what they asked about: one row per node and
-- person (a participant's id, else their e-mail address, else their name, lower-cased).
CREATE TABLE feedback_told (
    node_id    TEXT NOT NULL REFERENCES tree_nodes(id) ON DELETE CASCADE,
    person_key TEXT NOT NULL,
    told_at    TEXT NOT NULL,
    PRIMARY KEY (node_id, person_key)
) STRICT;
"#;

// Workshops (issue 17): a design sprint run from this laptop. Participants are the people
// in the room, known only by a credential's SHA-256 (the credential itself is never
// stored) and an optional nickname. Every note sits in a group (a note alone is a group of
// one); votes go to groups. `steps` is the recipe as the workshop was made (JSON), so a
// recipe that changes later does not change a workshop that ran.
const V13_WORKSHOPS: &str = r#"
CREATE TABLE workshops (
    id              TEXT PRIMARY KEY,
    title           TEXT NOT NULL,
    recipe          TEXT NOT NULL CHECK (recipe IN ('hmw', 'note_and_vote', 'ldj', 'prioritise_tree')),
    settings        TEXT NOT NULL CHECK (json_valid(settings)),
    seed            TEXT NOT NULL CHECK (json_valid(seed)),
    steps           TEXT NOT NULL CHECK (json_valid(steps)),
    step            INTEGER NOT NULL DEFAULT 0 CHECK (step >= 0),
    locked          INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    timer_ends_ms   INTEGER,
    timer_left_ms   INTEGER,
    listen_addr     TEXT,
    started_at      TEXT,
    ended_at        TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT
) STRICT;

CREATE TABLE workshop_participants (
    id          TEXT PRIMARY KEY,
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    nickname    TEXT,
    role        TEXT NOT NULL DEFAULT 'participant' CHECK (role IN ('participant', 'decider')),
    token_hash  TEXT UNIQUE,
    done_step   INTEGER,
    joined_at   TEXT NOT NULL,
    removed_at  TEXT
) STRICT;
CREATE INDEX workshop_participants_by_workshop ON workshop_participants(workshop_id);

CREATE TABLE workshop_groups (
    id          TEXT PRIMARY KEY,
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    board       TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL,
    effort      INTEGER CHECK (effort IS NULL OR effort BETWEEN 1 AND 5),
    impact      INTEGER CHECK (impact IS NULL OR impact BETWEEN 1 AND 5),
    node_id     TEXT
) STRICT;
CREATE INDEX workshop_groups_by_workshop ON workshop_groups(workshop_id, board, position);

CREATE TABLE workshop_notes (
    id          TEXT PRIMARY KEY,
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    group_id    TEXT NOT NULL REFERENCES workshop_groups(id) ON DELETE CASCADE,
    board       TEXT NOT NULL,
    author_id   TEXT REFERENCES workshop_participants(id) ON DELETE SET NULL,
    client_key  TEXT,
    text        TEXT NOT NULL,
    seed_kind   TEXT,
    seed_id     TEXT,
    by_facilitator INTEGER NOT NULL DEFAULT 0 CHECK (by_facilitator IN (0, 1)),
    hidden      INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX workshop_notes_by_author_key ON workshop_notes(author_id, client_key)
    WHERE client_key IS NOT NULL;
CREATE INDEX workshop_notes_by_workshop ON workshop_notes(workshop_id);
CREATE INDEX workshop_notes_by_group ON workshop_notes(group_id);

CREATE TABLE workshop_votes (
    participant_id TEXT NOT NULL REFERENCES workshop_participants(id) ON DELETE CASCADE,
    group_id       TEXT NOT NULL REFERENCES workshop_groups(id) ON DELETE CASCADE,
    supervote      INTEGER NOT NULL CHECK (supervote IN (0, 1)),
    workshop_id    TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    count          INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (participant_id, group_id, supervote)
) STRICT, WITHOUT ROWID;
CREATE INDEX workshop_votes_by_workshop ON workshop_votes(workshop_id);
CREATE INDEX workshop_votes_by_group ON workshop_votes(group_id);

-- When each step ran: the workshop's timings.
CREATE TABLE workshop_steps (
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    step        INTEGER NOT NULL,
    started_at  TEXT NOT NULL,
    ended_at    TEXT,
    PRIMARY KEY (workshop_id, step)
) STRICT, WITHOUT ROWID;
"#;

#[cfg(test)]
mod tests {
    use super::*;

    /// Landed migrations never change: each one's SHA-256 is pinned in a file that only
    /// grows. Editing a past migration fails here (and on open, against the text a database
    /// recorded); a new migration adds its line.
    #[test]
    fn landed_migrations_are_pinned() {
        use sha2::{Digest, Sha256};
        let pins = include_str!("migrations.sha256");
        let pinned: Vec<&str> = pins
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .collect();
        let actual: Vec<String> = ALL
            .iter()
            .enumerate()
            .map(|(i, sql)| {
                let hash: String = Sha256::digest(sql.as_bytes())
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                format!("{} {hash}", i + 1)
            })
            .collect();
        for (i, pin) in pinned.iter().enumerate() {
            assert_eq!(
                actual.get(i).map(String::as_str),
                Some(*pin),
                "migration {} was edited after it landed; put it back and add a new one",
                i + 1
            );
        }
        assert_eq!(
            pinned.len(),
            actual.len(),
            "pin the new migrations: add these lines to crates/core/src/store/migrations.sha256:\n{}",
            actual[pinned.len().min(actual.len())..].join("\n")
        );
    }

    #[test]
    fn an_edited_landed_migration_is_refused_on_open() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        MIGRATIONS.to_latest(&mut conn).unwrap();
        pin(&conn).unwrap();
        pin(&conn).unwrap();
        conn.execute(
            "UPDATE schema_migrations SET sql = sql || ' ' WHERE version = 1",
            [],
        )
        .unwrap();
        let e = pin(&conn).unwrap_err();
        assert!(e.message.contains("migration 1"), "{}", e.message);
    }

    #[test]
    fn migrations_are_valid() {
        MIGRATIONS.validate().unwrap();
    }

    #[test]
    fn latest_version_matches_the_migrations() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        MIGRATIONS.to_latest(&mut conn).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v as usize, latest_version());
    }

    #[test]
    fn highlights_made_before_spans_stay_quotes_within_one_passage() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        let before = ALL.iter().position(|m| *m == V6_HIGHLIGHT_SPANS).unwrap();
        MIGRATIONS.to_version(&mut conn, before).unwrap();
        conn.execute_batch(
            "INSERT INTO interviews (id, title, created_at, updated_at) VALUES ('i', 'Call', 't', 't');
             INSERT INTO transcript_segments (id, interview_id, position, text) VALUES ('s', 'i', 0, 'The export is slow.');
             INSERT INTO highlights (id, interview_id, segment_id, start, end, quote, created_at, updated_at)
                 VALUES ('h', 'i', 's', 4, 10, 'export', 't', 't');",
        )
        .unwrap();
        MIGRATIONS.to_latest(&mut conn).unwrap();
        let h = crate::store::highlights::get(&conn, "h").unwrap();
        assert_eq!(
            (h.input.segment_id.as_deref(), h.input.start, h.input.end),
            (Some("s"), 4, 10)
        );
        assert_eq!((h.input.end_segment_id, h.end_offset), (None, None));
        // And it follows an edit of its passage as before.
        conn.execute(
            "UPDATE transcript_segments SET text = 'So the export is slow.' WHERE id = 's'",
            [],
        )
        .unwrap();
        crate::store::highlights::reanchor(
            &conn,
            crate::store::highlights::Source::Segment("s"),
            "So the export is slow.",
        )
        .unwrap();
        let h = crate::store::highlights::get(&conn, "h").unwrap();
        assert_eq!((h.input.start, h.input.end), (7, 13));
    }

    #[test]
    fn every_table_is_strict() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        MIGRATIONS.to_latest(&mut conn).unwrap();
        let mut stmt = conn
            .prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'")
            .unwrap();
        let tables: Vec<(String, bool)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert!(tables.len() >= 18, "{tables:?}");
        for (name, strict) in tables {
            assert!(strict, "table {name} is not STRICT");
        }
    }
}
