//! Remembered speaker → participant / interviewer choices, so the next import preselects
//! them. Rows are keyed by the person key of the label (`speakers::person_key`: no case,
//! accents or decorations); rows written before that are keyed by the label as written and
//! are still found.

use super::now;
use crate::error::Result;
use crate::model::SpeakerTarget;
use crate::model::names::person_key;
use rusqlite::{Connection, OptionalExtension, params};

/// The remembered target for `speaker`, if its participant still exists (not in the trash).
pub(crate) fn get(conn: &Connection, speaker: &str) -> Result<Option<SpeakerTarget>> {
    let row: Option<(String, Option<String>)> = conn
        .prepare_cached(
            "SELECT m.target, m.participant_id FROM speaker_mappings m
             LEFT JOIN participants p ON p.id = m.participant_id
             WHERE m.speaker IN (?1, ?2) AND (m.participant_id IS NULL OR p.deleted_at IS NULL)
             ORDER BY m.speaker = ?1 DESC LIMIT 1",
        )?
        .query_row([person_key(speaker), speaker.trim().to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    Ok(row.and_then(|(target, pid)| match (target.as_str(), pid) {
        ("participant", Some(id)) => Some(SpeakerTarget::Participant { id }),
        ("interviewer", _) => Some(SpeakerTarget::Interviewer),
        _ => None,
    }))
}

/// Remember that the person `key` names is `participant_id`, or the interviewer (the user
/// or their team) when it is `None`.
pub(crate) fn remember(conn: &Connection, key: &str, participant_id: Option<&str>) -> Result<()> {
    let target = if participant_id.is_some() {
        "participant"
    } else {
        "interviewer"
    };
    conn.prepare_cached("INSERT INTO speaker_mappings (speaker, target, participant_id, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(speaker) DO UPDATE SET target = ?2, participant_id = ?3, updated_at = ?4")?.execute(params![key, target, participant_id, now()],
    )?;
    Ok(())
}

/// Forget what `speaker` was mapped to (the user chose to leave it as written).
pub(crate) fn forget(conn: &Connection, speaker: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM speaker_mappings WHERE speaker IN (?1, ?2)")?
        .execute([person_key(speaker), speaker.trim().to_string()])?;
    Ok(())
}

/// Point what was remembered for `from` at `to` (two participants merged into one).
pub(crate) fn repoint(conn: &Connection, from: &str, to: &str) -> Result<()> {
    conn.prepare_cached("UPDATE speaker_mappings SET participant_id = ?2, updated_at = ?3 WHERE participant_id = ?1")?.execute(params![from, to, now()],
    )?;
    Ok(())
}
