//! The home screen's counts and to-do lists, read across the table groups. A to-do row is
//! (id, title, detail, count); the caller turns rows into its to-dos.

use crate::error::Result;
use rusqlite::{Connection, params};

/// One to-do row: the object's id, its title, a detail, a count.
pub(crate) type Row = (String, String, String, i64);

/// A tree node to-do row: the node's id, its title, its tree's title, its tree's id.
pub(crate) type NodeRow = (String, String, String, String);

const LIVE_HIGHLIGHT: &str =
    "SELECT 1 FROM highlights h WHERE h.interview_id = i.id AND h.deleted_at IS NULL";

// Nodes count as live while they, every node above them and their tree are.
const LIVE_NODES: &str = "WITH RECURSIVE live(id, tree_id, kind, title, position, depth) AS (
        SELECT n.id, n.tree_id, n.kind, n.title, n.position, 0 FROM tree_nodes n
        JOIN trees t ON t.id = n.tree_id AND t.deleted_at IS NULL
        WHERE n.parent_id IS NULL AND n.deleted_at IS NULL
      UNION ALL
        SELECT n.id, n.tree_id, n.kind, n.title, n.position, live.depth + 1 FROM tree_nodes n
        JOIN live ON n.parent_id = live.id WHERE n.deleted_at IS NULL AND live.depth < 1000)";

/// Rows of `sql` (id, title, detail, count), the first `limit` of them, and how many there are.
fn rows(conn: &Connection, sql: &str, limit: usize) -> Result<(i64, Vec<Row>)> {
    let total: i64 = conn.query_row(&format!("SELECT count(*) FROM ({sql})"), [], |r| r.get(0))?;
    let items = conn
        .prepare(&format!("{sql} LIMIT ?1"))?
        .query_map(params![limit as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok((total, items))
}

/// Interviews with at least one highlight.
pub(crate) fn coded_interviews(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        &format!(
            "SELECT count(*) FROM interviews i WHERE i.deleted_at IS NULL AND EXISTS ({LIVE_HIGHLIGHT})"
        ),
        [],
        |r| r.get(0),
    )?)
}

/// Interviews with a transcript or notes and no highlight yet, newest first: (id, title,
/// date, passages), the first `limit`, and how many there are.
pub(crate) fn uncoded_interviews(conn: &Connection, limit: usize) -> Result<(i64, Vec<Row>)> {
    rows(
        conn,
        &format!(
            "SELECT i.id, i.title, coalesce(i.date, ''),
                (SELECT count(*) FROM transcript_segments s WHERE s.interview_id = i.id) AS passages
             FROM interviews i
             WHERE i.deleted_at IS NULL AND NOT EXISTS ({LIVE_HIGHLIGHT})
               AND (trim(i.notes) <> '' OR EXISTS (SELECT 1 FROM transcript_segments s WHERE s.interview_id = i.id))
             ORDER BY coalesce(i.date, substr(i.created_at, 1, 10)) DESC, i.created_at DESC, i.id"
        ),
        limit,
    )
}

/// The interviewers named on live interviews, lower-cased.
pub(crate) fn interviewers(conn: &Connection) -> Result<Vec<String>> {
    Ok(conn
        .prepare("SELECT DISTINCT lower(interviewer) FROM interviews WHERE deleted_at IS NULL AND trim(interviewer) <> ''")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Speaker labels linked to no participant, per live interview: (interview id, title, label,
/// passages), in no particular order. A passage's speaker is unmapped while it has a label,
/// no participant, and is not on the research team: remembered as the interviewer at import
/// (the caller also drops anyone named as the interviewer of any interview: a colleague
/// taking notes in one call runs others).
///
/// Passages are counted per exact label first and the team's labels dropped from those
/// counts, not passage by passage: 560 instead of 880 ms for 750,000 passages.
pub(crate) fn unmapped_speakers(conn: &Connection) -> Result<Vec<Row>> {
    Ok(conn
        .prepare(
            "WITH labels AS (
                SELECT s.interview_id AS interview_id, trim(s.speaker) AS speaker, count(*) AS passages
                FROM transcript_segments s
                WHERE s.participant_id IS NULL AND trim(coalesce(s.speaker, '')) <> ''
                GROUP BY s.interview_id, trim(s.speaker))
             SELECT i.id, i.title, min(l.speaker), sum(l.passages)
             FROM labels l JOIN interviews i ON i.id = l.interview_id
             WHERE i.deleted_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM speaker_mappings m WHERE m.speaker = l.speaker AND m.target = 'interviewer')
             GROUP BY i.id, l.speaker COLLATE NOCASE",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Live opportunities and solutions.
pub(crate) fn evidence_nodes(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        &format!(
            "{LIVE_NODES} SELECT count(*) FROM live WHERE kind IN ('opportunity', 'solution')"
        ),
        [],
        |r| r.get(0),
    )?)
}

/// Live opportunities and solutions with no evidence linked, by tree, opportunities first:
/// (node id, node title, tree title, tree id), the first `limit`, and how many there are.
pub(crate) fn bare_nodes(conn: &Connection, limit: usize) -> Result<(i64, Vec<NodeRow>)> {
    let bare = format!(
        "{LIVE_NODES}
         SELECT live.id, live.title, t.title, live.tree_id FROM live JOIN trees t ON t.id = live.tree_id
         WHERE live.kind IN ('opportunity', 'solution')
           AND NOT EXISTS (SELECT 1 FROM evidence e WHERE e.from_kind = 'tree_node' AND e.from_id = live.id)
         ORDER BY t.updated_at DESC, t.id, live.kind = 'solution', live.depth, live.position, live.id"
    );
    let total: i64 = conn.query_row(&format!("SELECT count(*) FROM ({bare})"), [], |r| r.get(0))?;
    let items = conn
        .prepare(&format!("{bare} LIMIT ?1"))?
        .query_map(params![limit as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok((total, items))
}
