use super::{highlights, new_id, now, outbox, participants, require_ref};
use crate::error::{Error, Result};
use crate::model::{CueMark, Interview, InterviewInput, ObjectKind, Segment, SegmentInput};
use rusqlite::{Connection, OptionalExtension, Row, params};

const COLUMNS: &str = "id, title, date, interviewer, method, product_area, status, notes, source_file, created_at, updated_at,
    (SELECT count(*) FROM transcript_segments s WHERE s.interview_id = interviews.id)";

fn from_row(r: &Row) -> rusqlite::Result<Interview> {
    Ok(Interview {
        id: r.get(0)?,
        input: InterviewInput {
            title: r.get(1)?,
            date: r.get(2)?,
            interviewer: r.get(3)?,
            method: r.get(4)?,
            product_area: r.get(5)?,
            status: r.get(6)?,
            notes: r.get(7)?,
            participant_ids: Vec::new(),
        },
        source_file: r.get(8)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
        segment_count: r.get(11)?,
    })
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Interview> {
    let mut i = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM interviews WHERE id = ?1 AND deleted_at IS NULL"
        ))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("interview", id))?;
    i.input.participant_ids = participants::of_interview(conn, id)?;
    Ok(i)
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<Interview>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM interviews WHERE deleted_at IS NULL ORDER BY coalesce(date, created_at) DESC, id"
    ))?;
    let mut out: Vec<Interview> = stmt
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    for i in &mut out {
        i.input.participant_ids = participants::of_interview(conn, &i.id)?;
    }
    Ok(out)
}

/// The live interviews a participant takes part in, newest first.
pub(crate) fn of_participant(conn: &Connection, participant_id: &str) -> Result<Vec<String>> {
    super::ids(
        conn,
        "SELECT ip.interview_id FROM interview_participants ip JOIN interviews i ON i.id = ip.interview_id
         WHERE ip.participant_id = ?1 AND i.deleted_at IS NULL ORDER BY coalesce(i.date, i.created_at) DESC",
        participant_id,
    )
}

/// The interviews a participant takes part in or speaks in, trashed ones included.
pub(crate) fn mentioning(conn: &Connection, participant_id: &str) -> Result<Vec<String>> {
    super::ids(
        conn,
        "SELECT interview_id FROM interview_participants WHERE participant_id = ?1
         UNION SELECT interview_id FROM transcript_segments WHERE participant_id = ?1",
        participant_id,
    )
}

/// The highlight picked as the interview's memorable quote, if one was.
pub(crate) fn memorable_highlight(conn: &Connection, interview_id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT memorable_highlight_id FROM interviews WHERE id = ?1")?
        .query_row([interview_id], |r| r.get(0))
        .optional()?
        .flatten())
}

pub(crate) fn set_memorable_highlight(
    conn: &Connection,
    interview_id: &str,
    highlight_id: Option<&str>,
) -> Result<()> {
    conn.prepare_cached("UPDATE interviews SET memorable_highlight_id = ?2 WHERE id = ?1")?
        .execute(params![interview_id, highlight_id])?;
    Ok(())
}

fn set_participants(conn: &Connection, id: &str, participant_ids: &[String]) -> Result<()> {
    for p in participant_ids {
        require_ref(conn, "participant_ids", ObjectKind::Participant, p)?;
    }
    conn.prepare_cached("DELETE FROM interview_participants WHERE interview_id = ?1")?
        .execute([id])?;
    let mut stmt = conn.prepare_cached(
        "INSERT OR IGNORE INTO interview_participants (interview_id, participant_id) VALUES (?1, ?2)",
    )?;
    for p in participant_ids {
        stmt.execute(params![id, p])?;
    }
    Ok(())
}

/// A title no other live interview has: see `store::distinct_title`.
pub(crate) fn distinct_title(conn: &Connection, title: &str, path: &str) -> Result<String> {
    super::distinct_title(conn, "interviews", title, path)
}

pub(crate) fn insert(
    conn: &Connection,
    input: &InterviewInput,
    source_file: Option<&str>,
) -> Result<String> {
    insert_as(conn, &super::Stamp::fresh(), input, source_file)
}

pub(crate) fn insert_as(
    conn: &Connection,
    s: &super::Stamp,
    input: &InterviewInput,
    source_file: Option<&str>,
) -> Result<String> {
    let i = input;
    conn.prepare_cached("INSERT INTO interviews (id, title, date, interviewer, method, product_area, status, notes, source_file, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")?.execute(params![s.id, i.title.trim(), i.date, i.interviewer, i.method, i.product_area, i.status, i.notes, source_file, s.created_at, s.updated_at],
    )?;
    set_participants(conn, &s.id, &i.participant_ids)?;
    outbox::push(conn, ObjectKind::Interview, &s.id)?;
    Ok(s.id.clone())
}

pub(crate) fn update(conn: &Connection, id: &str, input: &InterviewInput) -> Result<()> {
    get(conn, id)?;
    let i = input;
    conn.prepare_cached("UPDATE interviews SET title = ?2, date = ?3, interviewer = ?4, method = ?5, product_area = ?6,
         status = ?7, notes = ?8, updated_at = ?9 WHERE id = ?1")?.execute(params![id, i.title.trim(), i.date, i.interviewer, i.method, i.product_area, i.status, i.notes, now()],
    )?;
    set_participants(conn, id, &i.participant_ids)?;
    highlights::reanchor(conn, highlights::Source::InterviewNotes(id), &i.notes)?;
    outbox::push(conn, ObjectKind::Interview, id)?;
    // Highlights show their interview's title and participants.
    outbox::push_query(
        conn,
        ObjectKind::Highlight,
        "SELECT id FROM highlights WHERE interview_id = ?1",
        id,
    )
}

const SEGMENT_COLUMNS: &str =
    "id, interview_id, position, speaker, participant_id, start_ms, end_ms, text, cues";

fn segment_from_row(r: &Row) -> rusqlite::Result<Segment> {
    let cues: Option<String> = r.get(8)?;
    Ok(Segment {
        id: r.get(0)?,
        interview_id: r.get(1)?,
        position: r.get(2)?,
        speaker: r.get(3)?,
        participant_id: r.get(4)?,
        start_ms: r.get(5)?,
        end_ms: r.get(6)?,
        text: r.get(7)?,
        cues: cues.as_deref().map(cues_from_json).unwrap_or_default(),
    })
}

/// Cue marks as stored: `[[at, ms], …]`.
fn cues_to_json(cues: Option<&[CueMark]>) -> Option<String> {
    let cues = cues.filter(|c| !c.is_empty())?;
    let pairs: Vec<(i64, i64)> = cues.iter().map(|c| (c.at, c.ms)).collect();
    serde_json::to_string(&pairs).ok()
}

fn cues_from_json(s: &str) -> Vec<CueMark> {
    serde_json::from_str::<Vec<(i64, i64)>>(s)
        .map(|v| v.into_iter().map(|(at, ms)| CueMark { at, ms }).collect())
        .unwrap_or_default()
}

pub(crate) fn segments(conn: &Connection, interview_id: &str) -> Result<Vec<Segment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SEGMENT_COLUMNS} FROM transcript_segments WHERE interview_id = ?1 ORDER BY position"
    ))?;
    let rows = stmt.query_map([interview_id], segment_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The passages of an interview at positions `from..=to`, in order.
pub(crate) fn segments_between(
    conn: &Connection,
    interview_id: &str,
    from: i64,
    to: i64,
) -> Result<Vec<Segment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SEGMENT_COLUMNS} FROM transcript_segments
         WHERE interview_id = ?1 AND position BETWEEN ?2 AND ?3 ORDER BY position"
    ))?;
    let rows = stmt.query_map(params![interview_id, from, to], segment_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn segment(conn: &Connection, id: &str) -> Result<Segment> {
    conn.prepare_cached(&format!(
        "SELECT {SEGMENT_COLUMNS} FROM transcript_segments WHERE id = ?1"
    ))?
    .query_row([id], segment_from_row)
    .optional()?
    .ok_or_else(|| Error::not_found("segment", id))
}

/// Append segments after the last one. Callers push the interview to the outbox.
pub(crate) fn append_segments(
    conn: &Connection,
    interview_id: &str,
    segments: &[SegmentInput],
) -> Result<()> {
    let ids: Vec<String> = segments.iter().map(|_| new_id()).collect();
    append_segments_as(conn, interview_id, &ids, segments)
}

/// `append_segments` with each passage's id given (a passage merged from a pack).
pub(crate) fn append_segments_as(
    conn: &Connection,
    interview_id: &str,
    ids: &[String],
    segments: &[SegmentInput],
) -> Result<()> {
    let first: i64 = conn.prepare_cached("SELECT coalesce(max(position) + 1, 0) FROM transcript_segments WHERE interview_id = ?1")?.query_row([interview_id],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO transcript_segments (id, interview_id, position, speaker, participant_id, start_ms, end_ms, text, cues)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for ((position, s), id) in (first..).zip(segments).zip(ids) {
        if let Some(p) = &s.participant_id {
            require_ref(conn, "participant_id", ObjectKind::Participant, p)?;
        }
        stmt.execute(params![
            id,
            interview_id,
            position,
            s.speaker,
            s.participant_id,
            s.start_ms,
            s.end_ms,
            s.text,
            cues_to_json(s.cues.as_deref())
        ])?;
    }
    Ok(())
}

pub(crate) fn update_segment(conn: &Connection, id: &str, input: &SegmentInput) -> Result<String> {
    let seg = segment(conn, id)?;
    get(conn, &seg.interview_id)?;
    if let Some(p) = &input.participant_id {
        require_ref(conn, "participant_id", ObjectKind::Participant, p)?;
    }
    // Cue times stay with the passage unless new ones are given; a shortened text keeps
    // those that still start inside it.
    let len = input.text.chars().count() as i64;
    let kept: Vec<CueMark> = match &input.cues {
        Some(c) => c.clone(),
        None => seg.cues.into_iter().filter(|c| c.at < len).collect(),
    };
    conn.prepare_cached("UPDATE transcript_segments SET speaker = ?2, participant_id = ?3, start_ms = ?4, end_ms = ?5, text = ?6, cues = ?7 WHERE id = ?1")?.execute(params![id, input.speaker, input.participant_id, input.start_ms, input.end_ms, input.text, cues_to_json(Some(&kept))],
    )?;
    highlights::reanchor(conn, highlights::Source::Segment(id), &input.text)?;
    conn.prepare_cached("UPDATE interviews SET updated_at = ?2 WHERE id = ?1")?
        .execute(params![seg.interview_id, now()])?;
    outbox::push(conn, ObjectKind::Interview, &seg.interview_id)?;
    Ok(seg.interview_id)
}

/// Every live interview's distinct speaker labels: `(interview_id, label)`.
pub(crate) fn speaker_labels(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT s.interview_id, s.speaker FROM transcript_segments s
         JOIN interviews i ON i.id = s.interview_id
         WHERE i.deleted_at IS NULL AND s.speaker IS NOT NULL",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One passage of an interview as the Speakers panel counts it.
pub(crate) struct SpeakerPassage {
    pub speaker: Option<String>,
    /// The participant it is linked to, with their name when they are not in the trash.
    pub participant_id: Option<String>,
    pub participant_name: Option<String>,
    /// Live highlights made on it.
    pub highlights: i64,
}

/// An interview's passages in transcript order, with who each is linked to.
pub(crate) fn speaker_passages(
    conn: &Connection,
    interview_id: &str,
) -> Result<Vec<SpeakerPassage>> {
    // Highlights are counted from the interview's own (highlights_by_interview): a highlight's
    // passage is always in its interview. Counted per passage there is no index to use, and
    // each of an interview's passages scanned every highlight (1.4 s at 100,000 highlights,
    // for every transcript opened).
    let mut stmt = conn.prepare_cached(
        "SELECT s.speaker, s.participant_id, p.name, coalesce(hc.n, 0)
         FROM transcript_segments s
         LEFT JOIN participants p ON p.id = s.participant_id AND p.deleted_at IS NULL
         LEFT JOIN (SELECT h.segment_id, count(*) AS n FROM highlights h
                    WHERE h.interview_id = ?1 AND h.deleted_at IS NULL AND h.segment_id IS NOT NULL
                    GROUP BY h.segment_id) hc ON hc.segment_id = s.id
         WHERE s.interview_id = ?1 ORDER BY s.position",
    )?;
    let rows = stmt.query_map([interview_id], |r| {
        Ok(SpeakerPassage {
            speaker: r.get(0)?,
            participant_id: r.get(1)?,
            participant_name: r.get(2)?,
            highlights: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether some passage of the interview is labelled `speaker`.
pub(crate) fn has_speaker(conn: &Connection, interview_id: &str, speaker: &str) -> Result<bool> {
    Ok(conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM transcript_segments WHERE interview_id = ?1 AND speaker = ?2)")?.query_row(params![interview_id, speaker],
        |r| r.get(0),
    )?)
}

/// The participants the passages labelled `label` are linked to now.
pub(crate) fn label_participants(
    conn: &Connection,
    interview_id: &str,
    label: &str,
) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT participant_id FROM transcript_segments
         WHERE interview_id = ?1 AND speaker = ?2 AND participant_id IS NOT NULL",
    )?;
    let rows = stmt.query_map(params![interview_id, label], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Link every passage labelled `label` to `participant` (or nobody).
pub(crate) fn link_label(
    conn: &Connection,
    interview_id: &str,
    label: &str,
    participant: Option<&str>,
) -> Result<()> {
    conn.prepare_cached("UPDATE transcript_segments SET participant_id = ?3 WHERE interview_id = ?1 AND speaker = ?2")?.execute(params![interview_id, label, participant],
    )?;
    Ok(())
}

/// Add a participant to an interview (nothing changes when they are in it already).
pub(crate) fn add_participant(
    conn: &Connection,
    interview_id: &str,
    participant_id: &str,
) -> Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO interview_participants (interview_id, participant_id) VALUES (?1, ?2)")?.execute(params![interview_id, participant_id],
    )?;
    Ok(())
}

/// Take a participant off an interview unless some passage of it is still linked to them.
pub(crate) fn remove_participant_unless_speaking(
    conn: &Connection,
    interview_id: &str,
    participant_id: &str,
) -> Result<()> {
    conn.prepare_cached("DELETE FROM interview_participants WHERE interview_id = ?1 AND participant_id = ?2
         AND NOT EXISTS (SELECT 1 FROM transcript_segments WHERE interview_id = ?1 AND participant_id = ?2)")?.execute(params![interview_id, participant_id],
    )?;
    Ok(())
}

/// Set the interviewer field alone, at `updated_at`. Callers push the interview to the outbox.
pub(crate) fn set_interviewer(
    conn: &Connection,
    interview_id: &str,
    interviewer: &str,
    updated_at: &str,
) -> Result<()> {
    conn.prepare_cached("UPDATE interviews SET interviewer = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![interview_id, interviewer, updated_at])?;
    Ok(())
}

/// Link the passages linked to participant `from` to `to` instead.
pub(crate) fn repoint_segments(conn: &Connection, from: &str, to: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE transcript_segments SET participant_id = ?2 WHERE participant_id = ?1",
    )?
    .execute(params![from, to])?;
    Ok(())
}
