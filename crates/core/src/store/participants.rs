use super::{ids, now, outbox};
use crate::error::{Error, Result};
use crate::model::{ObjectKind, Participant, ParticipantInput};
use rusqlite::{Connection, OptionalExtension, Row, params};

const COLUMNS: &str = "id, name, role, company, segment, email, phone, consent, consent_date, consent_scope, notes, created_at, updated_at";

fn from_row(r: &Row) -> rusqlite::Result<Participant> {
    Ok(Participant {
        id: r.get(0)?,
        input: ParticipantInput {
            name: r.get(1)?,
            role: r.get(2)?,
            company: r.get(3)?,
            segment: r.get(4)?,
            email: r.get(5)?,
            phone: r.get(6)?,
            consent: r.get(7)?,
            consent_date: r.get(8)?,
            consent_scope: r.get(9)?,
            notes: r.get(10)?,
        },
        created_at: r.get(11)?,
        updated_at: r.get(12)?,
    })
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Participant> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM participants WHERE id = ?1 AND deleted_at IS NULL"
    ))?
    .query_row([id], from_row)
    .optional()?
    .ok_or_else(|| Error::not_found("participant", id))
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<Participant>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM participants WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE, id"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every live participant by the person key of their name (the oldest when two share one).
pub(crate) fn keys(conn: &Connection) -> Result<std::collections::HashMap<String, String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name FROM participants WHERE deleted_at IS NULL ORDER BY created_at DESC, id DESC",
    )?;
    let mut out = std::collections::HashMap::new();
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (id, name) = row?;
        // Oldest last, so it wins.
        out.insert(crate::model::names::person_key(&name), id);
    }
    Ok(out)
}

/// The live participant whose name names the same person as `name` (same person key), with
/// their name: `(id, name)`.
pub(crate) fn find_by_key(conn: &Connection, name: &str) -> Result<Option<(String, String)>> {
    let key = crate::model::names::person_key(name);
    if key.is_empty() {
        return Ok(None);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT id, name FROM participants WHERE deleted_at IS NULL ORDER BY created_at, id",
    )?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (id, n) = row?;
        if crate::model::names::person_key(&n) == key {
            return Ok(Some((id, n)));
        }
    }
    Ok(None)
}

pub(crate) fn insert(conn: &Connection, input: &ParticipantInput) -> Result<String> {
    insert_as(conn, &super::Stamp::fresh(), input)
}

pub(crate) fn insert_as(
    conn: &Connection,
    s: &super::Stamp,
    input: &ParticipantInput,
) -> Result<String> {
    let i = input;
    conn.prepare_cached("INSERT INTO participants (id, name, role, company, segment, email, phone, consent, consent_date, consent_scope, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)")?.execute(params![s.id, i.name.trim(), i.role, i.company, i.segment, i.email, i.phone, i.consent, i.consent_date, i.consent_scope, i.notes, s.created_at, s.updated_at],
    )?;
    outbox::push(conn, ObjectKind::Participant, &s.id)?;
    Ok(s.id.clone())
}

pub(crate) fn update(conn: &Connection, id: &str, input: &ParticipantInput) -> Result<()> {
    let before = get(conn, id)?;
    let i = input;
    conn.prepare_cached("UPDATE participants SET name = ?2, role = ?3, company = ?4, segment = ?5, email = ?6, phone = ?7,
         consent = ?8, consent_date = ?9, consent_scope = ?10, notes = ?11, updated_at = ?12 WHERE id = ?1")?.execute(params![id, i.name.trim(), i.role, i.company, i.segment, i.email, i.phone, i.consent, i.consent_date, i.consent_scope, i.notes, now()],
    )?;
    outbox::push(conn, ObjectKind::Participant, id)?;
    if before.input.name != i.name.trim() {
        reindex_mentions(conn, id)?;
    }
    Ok(())
}

/// Documents that carry this participant's name as a filter value.
pub(crate) fn reindex_mentions(conn: &Connection, id: &str) -> Result<()> {
    outbox::push_query(
        conn,
        ObjectKind::Interview,
        "SELECT interview_id FROM interview_participants WHERE participant_id = ?1
         UNION SELECT interview_id FROM transcript_segments WHERE participant_id = ?1",
        id,
    )?;
    outbox::push_query(
        conn,
        ObjectKind::Highlight,
        "SELECT id FROM highlights WHERE participant_id = ?1",
        id,
    )?;
    outbox::push_query(
        conn,
        ObjectKind::Persona,
        "SELECT persona_id FROM persona_participants WHERE participant_id = ?1",
        id,
    )
}

pub(crate) fn names(conn: &Connection, participant_ids: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::with_capacity(participant_ids.len());
    let mut stmt = conn.prepare_cached("SELECT name FROM participants WHERE id = ?1")?;
    for id in participant_ids {
        if let Some(n) = stmt.query_row([id], |r| r.get(0)).optional()? {
            out.push(n);
        }
    }
    Ok(out)
}

pub(crate) fn of_interview(conn: &Connection, interview_id: &str) -> Result<Vec<String>> {
    ids(
        conn,
        "SELECT ip.participant_id FROM interview_participants ip JOIN participants p ON p.id = ip.participant_id WHERE ip.interview_id = ?1 AND p.deleted_at IS NULL ORDER BY p.name",
        interview_id,
    )
}

/// Move participant `from`'s interview and persona memberships to `to` (two participants
/// merged into one); where `to` already belongs, the membership is dropped.
pub(crate) fn repoint_memberships(conn: &Connection, from: &str, to: &str) -> Result<()> {
    for table in ["interview_participants", "persona_participants"] {
        let owner = if table == "interview_participants" {
            "interview_id"
        } else {
            "persona_id"
        };
        conn.prepare_cached(&format!(
            "INSERT OR IGNORE INTO {table} ({owner}, participant_id)
                 SELECT {owner}, ?2 FROM {table} WHERE participant_id = ?1"
        ))?
        .execute(params![from, to])?;
        conn.prepare_cached(&format!("DELETE FROM {table} WHERE participant_id = ?1"))?
            .execute([from])?;
    }
    Ok(())
}
