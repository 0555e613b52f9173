use super::{evidence, highlights, now, outbox, participants, require_ref};
use crate::error::{Error, Result};
use crate::model::{
    ObjectKind, ObjectRef, Persona, PersonaInput, PersonaStatement, PersonaStatementInput,
};
use rusqlite::{Connection, OptionalExtension, Row, params};

const COLUMNS: &str =
    "id, name, role, summary, avatar, attributes, created_at, updated_at, published";

fn from_row(r: &Row) -> rusqlite::Result<(Persona, String)> {
    Ok((
        Persona {
            id: r.get(0)?,
            input: PersonaInput {
                name: r.get(1)?,
                role: r.get(2)?,
                summary: r.get(3)?,
                avatar: r.get(4)?,
                attributes: Default::default(),
                participant_ids: Vec::new(),
            },
            statements: Vec::new(),
            published: r.get(8)?,
            created_at: r.get(6)?,
            updated_at: r.get(7)?,
        },
        r.get(5)?,
    ))
}

fn complete(conn: &Connection, (mut p, attributes): (Persona, String)) -> Result<Persona> {
    p.input.attributes = serde_json::from_str(&attributes)?;
    p.input.participant_ids = super::ids(
        conn,
        "SELECT pp.participant_id FROM persona_participants pp JOIN participants x ON x.id = pp.participant_id
         WHERE pp.persona_id = ?1 AND x.deleted_at IS NULL ORDER BY x.name",
        &p.id,
    )?;
    p.statements = statements(conn, &p.id)?;
    Ok(p)
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Persona> {
    let row = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM personas WHERE id = ?1 AND deleted_at IS NULL"
        ))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("persona", id))?;
    complete(conn, row)
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<Persona>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM personas WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE, id"
    ))?;
    let rows: Vec<_> = stmt
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter().map(|r| complete(conn, r)).collect()
}

fn set_participants(conn: &Connection, id: &str, participant_ids: &[String]) -> Result<()> {
    for p in participant_ids {
        require_ref(conn, "participant_ids", ObjectKind::Participant, p)?;
    }
    // Interviews and highlights are filtered by their participants' personas: members who
    // come or go take those documents along.
    let before = member_ids(conn, id)?;
    for p in before.iter().chain(participant_ids) {
        if before.contains(p) != participant_ids.contains(p) {
            participants::reindex_mentions(conn, p)?;
        }
    }
    conn.prepare_cached("DELETE FROM persona_participants WHERE persona_id = ?1")?
        .execute([id])?;
    let mut stmt = conn.prepare_cached(
        "INSERT OR IGNORE INTO persona_participants (persona_id, participant_id) VALUES (?1, ?2)",
    )?;
    for p in participant_ids {
        stmt.execute(params![id, p])?;
    }
    Ok(())
}

/// The participants assigned to a persona, trashed ones included.
pub(crate) fn member_ids(conn: &Connection, persona_id: &str) -> Result<Vec<String>> {
    super::ids(
        conn,
        "SELECT participant_id FROM persona_participants WHERE persona_id = ?1",
        persona_id,
    )
}

/// The live personas a participant belongs to, by name: (id, name as written), for the
/// participant's page.
pub(crate) fn of_participant_by_name(
    conn: &Connection,
    participant_id: &str,
) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.name FROM persona_participants pp JOIN personas p ON p.id = pp.persona_id
         WHERE pp.participant_id = ?1 AND p.deleted_at IS NULL ORDER BY p.name",
    )?;
    let rows = stmt
        .query_map([participant_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub(crate) fn insert(conn: &Connection, input: &PersonaInput) -> Result<String> {
    insert_as(conn, &super::Stamp::fresh(), input)
}

pub(crate) fn insert_as(
    conn: &Connection,
    s: &super::Stamp,
    input: &PersonaInput,
) -> Result<String> {
    let i = input;
    conn.prepare_cached("INSERT INTO personas (id, name, role, summary, avatar, attributes, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?.execute(params![s.id, i.name.trim(), i.role, i.summary, i.avatar, serde_json::to_string(&i.attributes)?, s.created_at, s.updated_at],
    )?;
    set_participants(conn, &s.id, &i.participant_ids)?;
    outbox::push(conn, ObjectKind::Persona, &s.id)?;
    Ok(s.id.clone())
}

pub(crate) fn update(conn: &Connection, id: &str, input: &PersonaInput) -> Result<()> {
    get(conn, id)?;
    let i = input;
    conn.prepare_cached("UPDATE personas SET name = ?2, role = ?3, summary = ?4, avatar = ?5, attributes = ?6, updated_at = ?7 WHERE id = ?1")?.execute(params![id, i.name.trim(), i.role, i.summary, i.avatar, serde_json::to_string(&i.attributes)?, now()],
    )?;
    set_participants(conn, id, &i.participant_ids)?;
    outbox::push(conn, ObjectKind::Persona, id)
}

fn statement_ref(id: &str) -> ObjectRef {
    ObjectRef {
        kind: ObjectKind::PersonaStatement,
        id: id.to_string(),
    }
}

pub(crate) fn statements(conn: &Connection, persona_id: &str) -> Result<Vec<PersonaStatement>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, persona_id, kind, text, position FROM persona_statements WHERE persona_id = ?1 ORDER BY position, id",
    )?;
    let rows: Vec<PersonaStatement> = stmt
        .query_map([persona_id], |r| {
            Ok(PersonaStatement {
                id: r.get(0)?,
                persona_id: r.get(1)?,
                kind: r.get(2)?,
                text: r.get(3)?,
                position: r.get(4)?,
                highlight_ids: Vec::new(),
                strength: 0,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|mut s| {
            s.highlight_ids =
                evidence::targets(conn, &statement_ref(&s.id), ObjectKind::Highlight)?;
            s.strength = highlights::distinct_participants(conn, &s.highlight_ids)?;
            Ok(s)
        })
        .collect()
}

pub(crate) fn add_statement(
    conn: &Connection,
    persona_id: &str,
    input: &PersonaStatementInput,
) -> Result<String> {
    add_statement_as(conn, &super::Stamp::fresh(), persona_id, input)
}

/// `add_statement` with the statement's id given (one merged from a pack), at the end.
pub(crate) fn add_statement_as(
    conn: &Connection,
    s: &super::Stamp,
    persona_id: &str,
    input: &PersonaStatementInput,
) -> Result<String> {
    get(conn, persona_id)?;
    conn.prepare_cached("INSERT INTO persona_statements (id, persona_id, kind, text, position, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, (SELECT coalesce(max(position) + 1, 0) FROM persona_statements WHERE persona_id = ?2), ?5, ?6)")?.execute(params![s.id, persona_id, input.kind, input.text.trim(), s.created_at, s.updated_at],
    )?;
    outbox::push(conn, ObjectKind::Persona, persona_id)?;
    Ok(s.id.clone())
}

fn statement_persona(conn: &Connection, id: &str) -> Result<String> {
    conn.prepare_cached("SELECT persona_id FROM persona_statements WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::not_found("persona statement", id))
}

pub(crate) fn update_statement(
    conn: &Connection,
    id: &str,
    input: &PersonaStatementInput,
) -> Result<String> {
    let persona_id = statement_persona(conn, id)?;
    conn.prepare_cached(
        "UPDATE persona_statements SET kind = ?2, text = ?3, updated_at = ?4 WHERE id = ?1",
    )?
    .execute(params![id, input.kind, input.text.trim(), now()])?;
    outbox::push(conn, ObjectKind::Persona, &persona_id)?;
    Ok(persona_id)
}

pub(crate) fn delete_statement(conn: &Connection, id: &str) -> Result<String> {
    let persona_id = statement_persona(conn, id)?;
    evidence::delete_touching(conn, ObjectKind::PersonaStatement, id)?;
    conn.prepare_cached("DELETE FROM persona_statements WHERE id = ?1")?
        .execute([id])?;
    outbox::push(conn, ObjectKind::Persona, &persona_id)?;
    Ok(persona_id)
}

/// Add one participant to a persona (nothing changes when they already belong).
pub(crate) fn assign(conn: &Connection, persona_id: &str, participant_id: &str) -> Result<()> {
    get(conn, persona_id)?;
    require_ref(
        conn,
        "participant_id",
        ObjectKind::Participant,
        participant_id,
    )?;
    let added = conn.prepare_cached("INSERT OR IGNORE INTO persona_participants (persona_id, participant_id) VALUES (?1, ?2)")?.execute(params![persona_id, participant_id],
    )?;
    if added > 0 {
        touch(conn, persona_id)?;
        participants::reindex_mentions(conn, participant_id)?;
        outbox::push(conn, ObjectKind::Persona, persona_id)?;
    }
    Ok(())
}

pub(crate) fn unassign(conn: &Connection, persona_id: &str, participant_id: &str) -> Result<()> {
    get(conn, persona_id)?;
    let removed = conn
        .prepare_cached(
            "DELETE FROM persona_participants WHERE persona_id = ?1 AND participant_id = ?2",
        )?
        .execute(params![persona_id, participant_id])?;
    if removed == 0 {
        return Err(Error::invalid(
            "participant_id",
            "that participant is not a member of this persona",
        ));
    }
    touch(conn, persona_id)?;
    // Reindexing the participant's documents after the row is gone drops the persona from them.
    participants::reindex_mentions(conn, participant_id)?;
    outbox::push(conn, ObjectKind::Persona, persona_id)
}

fn touch(conn: &Connection, persona_id: &str) -> Result<()> {
    conn.prepare_cached("UPDATE personas SET updated_at = ?2 WHERE id = ?1")?
        .execute(params![persona_id, now()])?;
    Ok(())
}

pub(crate) fn statement(conn: &Connection, id: &str) -> Result<PersonaStatement> {
    let persona_id = statement_persona(conn, id)?;
    statements(conn, &persona_id)?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or_else(|| Error::not_found("persona statement", id))
}

/// The live personas a participant belongs to: `(id, lower-cased name)`.
pub(crate) fn of_participant(
    conn: &Connection,
    participant_id: &str,
) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, lower(p.name) FROM persona_participants pp JOIN personas p ON p.id = pp.persona_id
         WHERE pp.participant_id = ?1 AND p.deleted_at IS NULL",
    )?;
    let rows = stmt.query_map([participant_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn dismiss(conn: &Connection, statement_id: &str, highlight_id: &str) -> Result<()> {
    statement_persona(conn, statement_id)?;
    require_ref(conn, "highlight_id", ObjectKind::Highlight, highlight_id)?;
    conn.prepare_cached("INSERT OR IGNORE INTO persona_suggestion_dismissals (statement_id, highlight_id, dismissed_at) VALUES (?1, ?2, ?3)")?.execute(params![statement_id, highlight_id, now()],
    )?;
    Ok(())
}

pub(crate) fn dismissed(conn: &Connection, statement_id: &str) -> Result<Vec<String>> {
    super::ids(
        conn,
        "SELECT highlight_id FROM persona_suggestion_dismissals WHERE statement_id = ?1",
        statement_id,
    )
}

/// Mark the persona published for stakeholders, or not.
pub(crate) fn set_published(conn: &Connection, id: &str, published: bool) -> Result<Persona> {
    get(conn, id)?;
    conn.prepare_cached("UPDATE personas SET published = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, published, now()])?;
    outbox::push(conn, ObjectKind::Persona, id)?;
    get(conn, id)
}
