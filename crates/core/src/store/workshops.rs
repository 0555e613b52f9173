//! Workshops' rows: the workshop, its participants (by credential hash), groups, notes,
//! votes and step timings. The rules (who may do what, when) live in `crate::workshops`.

use super::{Stamp, now};
use crate::error::{Error, Result};
use crate::model::workshop::{Recipe, WorkshopInput};
use crate::model::workshop::{SeatRole, Workshop, WorkshopSettings, WorkshopStep, WorkshopTimer};
use rusqlite::{Connection, OptionalExtension, Row, params};

const COLUMNS: &str = "w.id, w.title, w.recipe, w.settings, w.seed, w.steps, w.step, w.locked, \
     w.timer_ends_ms, w.timer_left_ms, w.listen_addr, w.started_at, w.ended_at, w.created_at, w.updated_at, \
     (SELECT count(*) FROM workshop_participants p WHERE p.workshop_id = w.id AND p.removed_at IS NULL), \
     (SELECT count(*) FROM workshop_notes n WHERE n.workshop_id = w.id)";

fn from_row(r: &Row) -> rusqlite::Result<Workshop> {
    let json = |i: usize| -> rusqlite::Result<String> { r.get(i) };
    let recipe: String = r.get(2)?;
    Ok(Workshop {
        id: r.get(0)?,
        title: r.get(1)?,
        recipe: Recipe::parse(&recipe).unwrap_or(Recipe::NoteAndVote),
        settings: serde_json::from_str(&json(3)?).unwrap_or_default(),
        seed: serde_json::from_str(&json(4)?).unwrap_or_default(),
        steps: serde_json::from_str::<Vec<WorkshopStep>>(&json(5)?)
            .ok()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| {
                Recipe::parse(&recipe)
                    .unwrap_or(Recipe::NoteAndVote)
                    .steps(None)
            }),
        step: r.get::<_, i64>(6)?.max(0) as u32,
        locked: r.get::<_, i64>(7)? != 0,
        timer: WorkshopTimer {
            ends_at_ms: r.get(8)?,
            paused_left_ms: r.get(9)?,
        },
        listen_addr: r.get(10)?,
        started_at: r.get(11)?,
        ended_at: r.get(12)?,
        created_at: r.get(13)?,
        updated_at: r.get(14)?,
        participants: r.get::<_, i64>(15)? as u32,
        notes: r.get::<_, i64>(16)? as u32,
    })
}

fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "{}".into())
}

pub(crate) fn insert(
    conn: &Connection,
    s: &Stamp,
    input: &WorkshopInput,
    settings: &WorkshopSettings,
    steps: &[WorkshopStep],
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO workshops (id, title, recipe, settings, seed, steps, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        s.id,
        input.title,
        input.recipe.as_str(),
        to_json(settings),
        to_json(&input.seed),
        to_json(&steps),
        s.created_at,
        s.updated_at
    ])?;
    Ok(())
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Workshop> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM workshops w WHERE w.id = ?1 AND w.deleted_at IS NULL"
    ))?
    .query_row([id], from_row)
    .optional()?
    .ok_or_else(|| Error::not_found("workshop", id))
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<Workshop>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM workshops w WHERE w.deleted_at IS NULL ORDER BY w.created_at DESC, w.id DESC"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn update(
    conn: &Connection,
    id: &str,
    title: &str,
    settings: &WorkshopSettings,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE workshops SET title = ?2, settings = ?3, updated_at = ?4 WHERE id = ?1",
    )?
    .execute(params![id, title, to_json(settings), now()])?;
    Ok(())
}

/// Move to `step`, ending the timings of the step it leaves and starting the new one's.
pub(crate) fn set_step(conn: &Connection, id: &str, from: u32, step: u32) -> Result<()> {
    let t = now();
    conn.prepare_cached(
        "UPDATE workshops SET step = ?2, timer_ends_ms = NULL, timer_left_ms = NULL, \
         started_at = coalesce(started_at, ?3), updated_at = ?3 WHERE id = ?1",
    )?
    .execute(params![id, step, t])?;
    conn.prepare_cached(
        "UPDATE workshop_steps SET ended_at = ?3 WHERE workshop_id = ?1 AND step = ?2",
    )?
    .execute(params![id, from, t])?;
    start_step(conn, id, step, &t)
}

/// Record that `step` started now (the first step starts when the room is first opened).
pub(crate) fn start_step(conn: &Connection, id: &str, step: u32, at: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO workshop_steps (workshop_id, step, started_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (workshop_id, step) DO UPDATE SET started_at = excluded.started_at, ended_at = NULL",
    )?
    .execute(params![id, step, at])?;
    Ok(())
}

/// When each step started and ended: (step, started_at, ended_at).
pub(crate) fn step_times(
    conn: &Connection,
    id: &str,
) -> Result<Vec<(u32, String, Option<String>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT step, started_at, ended_at FROM workshop_steps WHERE workshop_id = ?1 ORDER BY step",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok((r.get::<_, i64>(0)? as u32, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn set_timer(conn: &Connection, id: &str, timer: &WorkshopTimer) -> Result<()> {
    conn.prepare_cached(
        "UPDATE workshops SET timer_ends_ms = ?2, timer_left_ms = ?3, updated_at = ?4 WHERE id = ?1",
    )?
    .execute(params![id, timer.ends_at_ms, timer.paused_left_ms, now()])?;
    Ok(())
}

pub(crate) fn set_locked(conn: &Connection, id: &str, locked: bool) -> Result<()> {
    conn.prepare_cached("UPDATE workshops SET locked = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, locked, now()])?;
    Ok(())
}

pub(crate) fn set_listen_addr(conn: &Connection, id: &str, addr: &str) -> Result<()> {
    let t = now();
    conn.prepare_cached(
        "UPDATE workshops SET listen_addr = ?2, started_at = coalesce(started_at, ?3) WHERE id = ?1",
    )?
    .execute(params![id, addr, t])?;
    conn.prepare_cached(
        "INSERT INTO workshop_steps (workshop_id, step, started_at) \
         SELECT id, step, ?2 FROM workshops WHERE id = ?1 ON CONFLICT DO NOTHING",
    )?
    .execute(params![id, t])?;
    Ok(())
}

/// End the workshop: every credential is forgotten, so no phone can act again.
pub(crate) fn end(conn: &Connection, id: &str) -> Result<()> {
    let t = now();
    conn.prepare_cached(
        "UPDATE workshops SET ended_at = ?2, updated_at = ?2, timer_ends_ms = NULL, timer_left_ms = NULL \
         WHERE id = ?1",
    )?
    .execute(params![id, t])?;
    conn.prepare_cached(
        "UPDATE workshop_participants SET token_hash = NULL WHERE workshop_id = ?1",
    )?
    .execute([id])?;
    conn.prepare_cached(
        "UPDATE workshop_steps SET ended_at = ?2 WHERE workshop_id = ?1 AND ended_at IS NULL",
    )?
    .execute(params![id, t])?;
    Ok(())
}

// ---- participants ----

pub(crate) fn add_participant(
    conn: &Connection,
    workshop_id: &str,
    nickname: Option<&str>,
    token_hash: &str,
) -> Result<String> {
    let id = super::new_id();
    conn.prepare_cached(
        "INSERT INTO workshop_participants (id, workshop_id, nickname, token_hash, joined_at) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, workshop_id, nickname, token_hash, now()])?;
    Ok(id)
}

/// The seat a credential's hash stands for: (workshop id, participant id), while it is
/// neither removed nor ended.
pub(crate) fn seat_by_token(
    conn: &Connection,
    token_hash: &str,
) -> Result<Option<(String, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT p.workshop_id, p.id FROM workshop_participants p JOIN workshops w ON w.id = p.workshop_id \
             WHERE p.token_hash = ?1 AND p.removed_at IS NULL AND w.ended_at IS NULL AND w.deleted_at IS NULL",
        )?
        .query_row([token_hash], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// A participant's row: (id, nickname, role, done_step, joined_at, removed).
pub(crate) struct SeatRow {
    pub id: String,
    pub nickname: Option<String>,
    pub role: SeatRole,
    pub done_step: Option<u32>,
    pub joined_at: String,
    pub removed: bool,
}

pub(crate) fn seats(conn: &Connection, workshop_id: &str) -> Result<Vec<SeatRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, nickname, role, done_step, joined_at, removed_at IS NOT NULL \
         FROM workshop_participants WHERE workshop_id = ?1 ORDER BY joined_at, id",
    )?;
    let rows = stmt.query_map([workshop_id], |r| {
        let role: String = r.get(2)?;
        Ok(SeatRow {
            id: r.get(0)?,
            nickname: r.get(1)?,
            role: if role == "decider" {
                SeatRole::Decider
            } else {
                SeatRole::Participant
            },
            done_step: r.get::<_, Option<i64>>(3)?.map(|s| s.max(0) as u32),
            joined_at: r.get(4)?,
            removed: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The workshop a participant is in.
pub(crate) fn workshop_of_participant(conn: &Connection, participant_id: &str) -> Result<String> {
    conn.prepare_cached("SELECT workshop_id FROM workshop_participants WHERE id = ?1")?
        .query_row([participant_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::not_found("workshop participant", participant_id))
}

pub(crate) fn set_done(conn: &Connection, participant_id: &str, step: Option<u32>) -> Result<()> {
    conn.prepare_cached("UPDATE workshop_participants SET done_step = ?2 WHERE id = ?1")?
        .execute(params![participant_id, step])?;
    Ok(())
}

pub(crate) fn set_nickname(
    conn: &Connection,
    participant_id: &str,
    nickname: Option<&str>,
) -> Result<()> {
    conn.prepare_cached("UPDATE workshop_participants SET nickname = ?2 WHERE id = ?1")?
        .execute(params![participant_id, nickname])?;
    Ok(())
}

pub(crate) fn set_role(conn: &Connection, participant_id: &str, role: SeatRole) -> Result<()> {
    let role = match role {
        SeatRole::Decider => "decider",
        SeatRole::Participant => "participant",
    };
    conn.prepare_cached("UPDATE workshop_participants SET role = ?2 WHERE id = ?1")?
        .execute(params![participant_id, role])?;
    Ok(())
}

/// Remove someone from the room: their credential stops working and their votes go; their
/// notes stay (they are anonymous).
pub(crate) fn remove_participant(conn: &Connection, participant_id: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE workshop_participants SET token_hash = NULL, removed_at = ?2 WHERE id = ?1",
    )?
    .execute(params![participant_id, now()])?;
    conn.prepare_cached("DELETE FROM workshop_votes WHERE participant_id = ?1")?
        .execute([participant_id])?;
    Ok(())
}

// ---- groups and notes ----

pub(crate) struct GroupRow {
    pub id: String,
    pub board: String,
    pub title: String,
    pub position: i64,
    pub effort: Option<u8>,
    pub impact: Option<u8>,
    pub node_id: Option<String>,
}

pub(crate) fn new_group(
    conn: &Connection,
    workshop_id: &str,
    board: &str,
    title: &str,
    node_id: Option<&str>,
) -> Result<String> {
    let id = super::new_id();
    conn.prepare_cached(
        "INSERT INTO workshop_groups (id, workshop_id, board, title, position, node_id) \
         VALUES (?1, ?2, ?3, ?4, (SELECT coalesce(max(position), 0) + 1 FROM workshop_groups \
         WHERE workshop_id = ?2 AND board = ?3), ?5)",
    )?
    .execute(params![id, workshop_id, board, title, node_id])?;
    Ok(id)
}

pub(crate) fn groups(conn: &Connection, workshop_id: &str) -> Result<Vec<GroupRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, board, title, position, effort, impact, node_id FROM workshop_groups \
         WHERE workshop_id = ?1 ORDER BY board, position, id",
    )?;
    let rows = stmt.query_map([workshop_id], |r| {
        Ok(GroupRow {
            id: r.get(0)?,
            board: r.get(1)?,
            title: r.get(2)?,
            position: r.get(3)?,
            effort: r.get::<_, Option<i64>>(4)?.map(|v| v as u8),
            impact: r.get::<_, Option<i64>>(5)?.map(|v| v as u8),
            node_id: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The workshop and board a group belongs to.
pub(crate) fn group_place(conn: &Connection, group_id: &str) -> Result<(String, String)> {
    conn.prepare_cached("SELECT workshop_id, board FROM workshop_groups WHERE id = ?1")?
        .query_row([group_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| Error::not_found("workshop group", group_id))
}

pub(crate) fn rename_group(conn: &Connection, group_id: &str, title: &str) -> Result<()> {
    conn.prepare_cached("UPDATE workshop_groups SET title = ?2 WHERE id = ?1")?
        .execute(params![group_id, title])?;
    Ok(())
}

pub(crate) fn set_matrix(
    conn: &Connection,
    group_id: &str,
    effort: Option<u8>,
    impact: Option<u8>,
) -> Result<()> {
    conn.prepare_cached("UPDATE workshop_groups SET effort = ?2, impact = ?3 WHERE id = ?1")?
        .execute(params![group_id, effort, impact])?;
    Ok(())
}

pub(crate) struct NoteRow {
    pub id: String,
    pub group_id: String,
    pub board: String,
    pub author_id: Option<String>,
    pub client_key: Option<String>,
    pub text: String,
    pub seeded: bool,
    pub by_facilitator: bool,
    pub hidden: bool,
    pub created_at: String,
}

const NOTE_COLUMNS: &str = "id, group_id, board, author_id, client_key, text, seed_kind IS NOT NULL, \
     by_facilitator, hidden, created_at, workshop_id";

fn note_row(r: &Row) -> rusqlite::Result<NoteRow> {
    Ok(NoteRow {
        id: r.get(0)?,
        group_id: r.get(1)?,
        board: r.get(2)?,
        author_id: r.get(3)?,
        client_key: r.get(4)?,
        text: r.get(5)?,
        seeded: r.get(6)?,
        by_facilitator: r.get::<_, i64>(7)? != 0,
        hidden: r.get::<_, i64>(8)? != 0,
        created_at: r.get(9)?,
    })
}

pub(crate) fn notes(conn: &Connection, workshop_id: &str) -> Result<Vec<NoteRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {NOTE_COLUMNS} FROM workshop_notes WHERE workshop_id = ?1 ORDER BY created_at, id"
    ))?;
    let rows = stmt.query_map([workshop_id], note_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A note and the workshop it is in.
pub(crate) fn note(conn: &Connection, note_id: &str) -> Result<(NoteRow, String)> {
    conn.prepare_cached(&format!(
        "SELECT {NOTE_COLUMNS} FROM workshop_notes WHERE id = ?1"
    ))?
    .query_row([note_id], |r| Ok((note_row(r)?, r.get(10)?)))
    .optional()?
    .ok_or_else(|| Error::not_found("workshop note", note_id))
}

/// A participant's note by the key their phone gave it.
pub(crate) fn note_by_key(
    conn: &Connection,
    author_id: &str,
    client_key: &str,
) -> Result<Option<NoteRow>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {NOTE_COLUMNS} FROM workshop_notes WHERE author_id = ?1 AND client_key = ?2"
        ))?
        .query_row([author_id, client_key], note_row)
        .optional()?)
}

pub(crate) struct NewNote<'a> {
    pub workshop_id: &'a str,
    pub group_id: &'a str,
    pub board: &'a str,
    pub author_id: Option<&'a str>,
    pub client_key: Option<&'a str>,
    pub text: &'a str,
    pub seed: Option<(&'a str, &'a str)>,
    pub by_facilitator: bool,
}

pub(crate) fn insert_note(conn: &Connection, n: &NewNote) -> Result<String> {
    let id = super::new_id();
    let t = now();
    conn.prepare_cached(
        "INSERT INTO workshop_notes (id, workshop_id, group_id, board, author_id, client_key, text, \
         seed_kind, seed_id, by_facilitator, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
    )?
    .execute(params![
        id,
        n.workshop_id,
        n.group_id,
        n.board,
        n.author_id,
        n.client_key,
        n.text,
        n.seed.map(|s| s.0),
        n.seed.map(|s| s.1),
        n.by_facilitator,
        t
    ])?;
    Ok(id)
}

pub(crate) fn set_note_text(conn: &Connection, note_id: &str, text: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE workshop_notes SET text = ?2, updated_at = ?3 WHERE id = ?1 AND text <> ?2",
    )?
    .execute(params![note_id, text, now()])?;
    Ok(())
}

pub(crate) fn set_note_hidden(conn: &Connection, note_id: &str, hidden: bool) -> Result<()> {
    conn.prepare_cached("UPDATE workshop_notes SET hidden = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![note_id, hidden, now()])?;
    Ok(())
}

pub(crate) fn count_notes_by(conn: &Connection, author_id: &str) -> Result<u32> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM workshop_notes WHERE author_id = ?1")?
        .query_row([author_id], |r| r.get::<_, i64>(0))? as u32)
}

pub(crate) fn count_notes(conn: &Connection, workshop_id: &str) -> Result<u32> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM workshop_notes WHERE workshop_id = ?1")?
        .query_row([workshop_id], |r| r.get::<_, i64>(0))? as u32)
}

/// Delete a note, and its group when that leaves it empty.
pub(crate) fn delete_note(conn: &Connection, note_id: &str) -> Result<()> {
    let (note, _) = note(conn, note_id)?;
    conn.prepare_cached("DELETE FROM workshop_notes WHERE id = ?1")?
        .execute([note_id])?;
    drop_if_empty(conn, &note.group_id, None)
}

/// Put a note into another group. The group it leaves, if that empties it, goes; its
/// votes go with the note to the new group (grouping usually comes before voting, but a
/// facilitator who merges late must not lose the room's dots).
pub(crate) fn move_note(conn: &Connection, note_id: &str, to_group: &str) -> Result<()> {
    let (note, _) = note(conn, note_id)?;
    if note.group_id == to_group {
        return Ok(());
    }
    conn.prepare_cached("UPDATE workshop_notes SET group_id = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![note_id, to_group, now()])?;
    drop_if_empty(conn, &note.group_id, Some(to_group))
}

fn drop_if_empty(conn: &Connection, group_id: &str, votes_to: Option<&str>) -> Result<()> {
    let left: i64 = conn
        .prepare_cached("SELECT count(*) FROM workshop_notes WHERE group_id = ?1")?
        .query_row([group_id], |r| r.get(0))?;
    if left > 0 {
        return Ok(());
    }
    if let Some(to) = votes_to {
        conn.prepare_cached(
            "INSERT INTO workshop_votes (participant_id, group_id, supervote, workshop_id, count) \
             SELECT participant_id, ?2, supervote, workshop_id, count FROM workshop_votes WHERE group_id = ?1 \
             ON CONFLICT (participant_id, group_id, supervote) DO UPDATE SET count = count + excluded.count",
        )?
        .execute([group_id, to])?;
    }
    conn.prepare_cached("DELETE FROM workshop_groups WHERE id = ?1")?
        .execute([group_id])?;
    Ok(())
}

// ---- votes ----

/// (participant, group, supervote, count) of every vote in the workshop.
pub(crate) fn votes(
    conn: &Connection,
    workshop_id: &str,
) -> Result<Vec<(String, String, bool, u32)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT participant_id, group_id, supervote, count FROM workshop_votes WHERE workshop_id = ?1",
    )?;
    let rows = stmt.query_map([workshop_id], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get::<_, i64>(2)? != 0,
            r.get::<_, i64>(3)? as u32,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A participant's role, while they have a seat.
pub(crate) fn role(conn: &Connection, participant_id: &str) -> Result<Option<SeatRole>> {
    let role: Option<String> = conn
        .prepare_cached(
            "SELECT role FROM workshop_participants WHERE id = ?1 AND removed_at IS NULL",
        )?
        .query_row([participant_id], |r| r.get(0))
        .optional()?;
    Ok(role.map(|r| {
        if r == "decider" {
            SeatRole::Decider
        } else {
            SeatRole::Participant
        }
    }))
}

/// The dots (or supervotes) a participant has on a board's other groups.
pub(crate) fn dots_elsewhere(
    conn: &Connection,
    participant_id: &str,
    board: &str,
    supervote: bool,
    except_group: &str,
) -> Result<u32> {
    Ok(conn
        .prepare_cached(
            "SELECT coalesce(sum(v.count), 0) FROM workshop_votes v JOIN workshop_groups g ON g.id = v.group_id \
             WHERE v.participant_id = ?1 AND v.supervote = ?2 AND v.group_id <> ?3 AND g.board = ?4",
        )?
        .query_row(params![participant_id, supervote, except_group, board], |r| {
            r.get::<_, i64>(0)
        })? as u32)
}

/// Set how many dots a participant has on a group (0 takes them all back).
pub(crate) fn set_vote(
    conn: &Connection,
    workshop_id: &str,
    participant_id: &str,
    group_id: &str,
    supervote: bool,
    count: u32,
) -> Result<()> {
    if count == 0 {
        conn.prepare_cached(
            "DELETE FROM workshop_votes WHERE participant_id = ?1 AND group_id = ?2 AND supervote = ?3",
        )?
        .execute(params![participant_id, group_id, supervote])?;
    } else {
        conn.prepare_cached(
            "INSERT INTO workshop_votes (participant_id, group_id, supervote, workshop_id, count) \
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (participant_id, group_id, supervote) \
             DO UPDATE SET count = excluded.count WHERE count <> excluded.count",
        )?
        .execute(params![
            participant_id,
            group_id,
            supervote,
            workshop_id,
            count
        ])?;
    }
    Ok(())
}
