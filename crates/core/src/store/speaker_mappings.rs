//! Remembered speaker → participant / interviewer choices, keyed by the speaker's name as
//! transcripts write it (case-insensitive), so the next import preselects them.

use super::now;
use crate::error::Result;
use crate::speakers::SpeakerTarget;
use rusqlite::{Connection, OptionalExtension, params};

/// The remembered target for `speaker`, if its participant still exists (not in the trash).
pub(crate) fn get(conn: &Connection, speaker: &str) -> Result<Option<SpeakerTarget>> {
    let row: Option<(String, Option<String>)> = conn
        .query_row(
            "SELECT m.target, m.participant_id FROM speaker_mappings m
             LEFT JOIN participants p ON p.id = m.participant_id
             WHERE m.speaker = ?1 AND (m.participant_id IS NULL OR p.deleted_at IS NULL)",
            [speaker.trim()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(row.and_then(|(target, pid)| match (target.as_str(), pid) {
        ("participant", Some(id)) => Some(SpeakerTarget::Participant { id }),
        ("interviewer", _) => Some(SpeakerTarget::Interviewer),
        _ => None,
    }))
}

/// Remember that `speaker` is `participant_id`, or the interviewer when it is `None`.
pub(crate) fn remember(
    conn: &Connection,
    speaker: &str,
    participant_id: Option<&str>,
) -> Result<()> {
    let target = if participant_id.is_some() {
        "participant"
    } else {
        "interviewer"
    };
    conn.execute(
        "INSERT INTO speaker_mappings (speaker, target, participant_id, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(speaker) DO UPDATE SET target = ?2, participant_id = ?3, updated_at = ?4",
        params![speaker.trim(), target, participant_id, now()],
    )?;
    Ok(())
}

/// Forget what `speaker` was mapped to (the user chose to leave it as written).
pub(crate) fn forget(conn: &Connection, speaker: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM speaker_mappings WHERE speaker = ?1",
        [speaker.trim()],
    )?;
    Ok(())
}
