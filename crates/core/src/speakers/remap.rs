//! An interview's speakers after the import: who each label is now, and remapping them at
//! any time (to a participant, a new participant split off, the interviewer, or nobody),
//! here or in every interview where the same person speaks; and merging two participants
//! that are one person. Passages, the highlights made on them and the interview's
//! participants follow in the same transaction, so evidence strength, the tag ×
//! participant matrix and persona verdicts (all read from those links) follow too.

use super::{Label, SpeakerTarget, participant_for, person_key};
use crate::coding::NamedRef;
use crate::error::{Error, Result};
use crate::model::{Consent, ObjectKind, Participant};
use crate::store::{self, now, outbox};
use crate::workspace::Workspace;
use rusqlite::Connection;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// One speaker label of an interview, as the Speakers panel shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InterviewSpeaker {
    /// The label as the transcript writes it.
    pub speaker: String,
    /// Runs of consecutive passages by this speaker.
    pub turns: usize,
    pub passages: usize,
    /// The participant its passages are linked to (the first, when `mixed`).
    pub participant: Option<NamedRef>,
    /// Its passages are linked to more than one participant (edited one by one).
    pub mixed: bool,
    /// Named in the interview's interviewer field.
    pub interviewer: bool,
    /// Highlights made on its passages.
    pub highlights: usize,
    /// Other interviews where a label naming the same person speaks.
    pub elsewhere: usize,
}

/// Names in an interviewer field ("Mel, Sam Lee").
fn interviewer_names(field: &str) -> Vec<String> {
    field
        .split([',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

pub(crate) fn speakers_of(conn: &Connection, interview_id: &str) -> Result<Vec<InterviewSpeaker>> {
    let interview = store::interviews::get(conn, interview_id)?;
    let interviewers: Vec<String> = interviewer_names(&interview.input.interviewer)
        .iter()
        .map(|n| person_key(n))
        .collect();
    let mut out: Vec<InterviewSpeaker> = Vec::new();
    let mut previous: Option<String> = None;
    for passage in store::interviews::speaker_passages(conn, interview_id)? {
        let store::interviews::SpeakerPassage {
            speaker,
            participant_id: pid,
            participant_name: pname,
            highlights,
        } = passage;
        let Some(speaker) = speaker else {
            previous = None;
            continue;
        };
        let new_turn = previous.as_deref() != Some(speaker.as_str());
        previous = Some(speaker.clone());
        let linked = pid.zip(pname).map(|(id, name)| NamedRef { id, name });
        let entry = match out.iter_mut().position(|s| s.speaker == speaker) {
            Some(i) => &mut out[i],
            None => {
                out.push(InterviewSpeaker {
                    interviewer: interviewers.contains(&person_key(&speaker)),
                    speaker,
                    turns: 0,
                    passages: 0,
                    participant: linked.clone(),
                    mixed: false,
                    highlights: 0,
                    elsewhere: 0,
                });
                out.last_mut().expect("just pushed")
            }
        };
        entry.turns += usize::from(new_turn);
        entry.passages += 1;
        entry.highlights += highlights as usize;
        if entry.participant.as_ref().map(|p| &p.id) != linked.as_ref().map(|p| &p.id) {
            entry.mixed = true;
        }
    }
    if !out.is_empty() {
        // Each label's person is worked out once, not once per speaker and label: with a
        // million documents (15,000 labelled interviews) that was 0.4 s of every interview
        // opened.
        let labels = store::interviews::speaker_labels(conn)?;
        let mut key_of: HashMap<&str, String> = HashMap::new();
        let mut interviews_of: HashMap<String, HashSet<&str>> = HashMap::new();
        for (iid, label) in labels.iter().filter(|(iid, _)| iid != interview_id) {
            let key = key_of
                .entry(label.as_str())
                .or_insert_with(|| person_key(label));
            interviews_of
                .entry(key.clone())
                .or_default()
                .insert(iid.as_str());
        }
        for s in &mut out {
            s.elsewhere = interviews_of
                .get(&person_key(&s.speaker))
                .map_or(0, HashSet::len);
        }
    }
    Ok(out)
}

/// Link the passages labelled `label` in `interview_id` to `participant` (or nobody), with
/// their highlights and the interview's participants and interviewer field.
fn relink(
    conn: &Connection,
    interview_id: &str,
    label: &str,
    participant: Option<&str>,
    interviewer: bool,
    touched: &mut Vec<String>,
) -> Result<()> {
    let old = store::interviews::label_participants(conn, interview_id, label)?;
    store::interviews::link_label(conn, interview_id, label, participant)?;
    let highlight_ids =
        store::highlights::on_label_not_linked_to(conn, interview_id, label, participant)?;
    let t = now();
    for h in &highlight_ids {
        store::highlights::set_participant(conn, h, participant, &t)?;
        outbox::push(conn, ObjectKind::Highlight, h)?;
    }
    if let Some(p) = participant {
        store::interviews::add_participant(conn, interview_id, p)?;
    }
    // Someone no passage speaks as any more was only linked through this label.
    for o in old.iter().filter(|o| Some(o.as_str()) != participant) {
        store::interviews::remove_participant_unless_speaking(conn, interview_id, o)?;
    }
    touched.extend(old);
    let iv = store::interviews::get(conn, interview_id)?;
    let key = person_key(label);
    let mut names = interviewer_names(&iv.input.interviewer);
    let had = names.iter().any(|n| person_key(n) == key);
    if interviewer && !had {
        names.push(label.to_string());
    } else if !interviewer && had {
        names.retain(|n| person_key(n) != key);
    }
    store::interviews::set_interviewer(conn, interview_id, &names.join(", "), &t)?;
    outbox::push(conn, ObjectKind::Interview, interview_id)?;
    Ok(())
}

impl Workspace {
    /// The speakers of an interview's transcript and who each is now.
    pub fn interview_speakers(&self, interview_id: &str) -> Result<Vec<InterviewSpeaker>> {
        speakers_of(&*self.read()?, interview_id)
    }

    /// Remap `speaker` of `interview_id` (and, with `everywhere`, the same person's labels
    /// in every interview): to an existing participant, a new participant (always new, so a
    /// wrongly merged person can be split off), the interviewer ("me / my team"), or nobody
    /// (`Keep`). The choice is remembered for the next import. Answers the interview's
    /// speakers as they are now.
    pub fn map_speaker(
        &self,
        interview_id: &str,
        speaker: &str,
        target: &SpeakerTarget,
        everywhere: bool,
    ) -> Result<Vec<InterviewSpeaker>> {
        self.write("map_speaker", |c| {
            store::interviews::get(c, interview_id)?;
            let key = person_key(speaker);
            if !store::interviews::has_speaker(c, interview_id, speaker)? {
                return Err(Error::not_found("speaker", speaker));
            }
            let scope: Vec<(String, String)> = if everywhere {
                store::interviews::speaker_labels(c)?
                    .into_iter()
                    .filter(|(_, label)| person_key(label) == key)
                    .collect()
            } else {
                vec![(interview_id.to_string(), speaker.to_string())]
            };
            let participant: Option<String> = match target {
                SpeakerTarget::Participant { id } => {
                    store::participants::get(c, id)?;
                    Some(id.clone())
                }
                SpeakerTarget::NewParticipant { name, company } => {
                    // A label given as the name ("Tom Okafor [Northwind]") is read as an
                    // import reads it: the person, and the organisation it names.
                    let label = Label::parse(name);
                    let company = company.clone().or(label.org);
                    let name = if label.name.is_empty() {
                        name.clone()
                    } else {
                        label.name
                    };
                    Some(participant_for(c, &name, company.as_deref(), false)?.0)
                }
                SpeakerTarget::Interviewer | SpeakerTarget::Keep => None,
            };
            let interviewer = matches!(target, SpeakerTarget::Interviewer);
            let mut touched: Vec<String> = participant.iter().cloned().collect();
            for (iid, label) in &scope {
                relink(
                    c,
                    iid,
                    label,
                    participant.as_deref(),
                    interviewer,
                    &mut touched,
                )?;
            }
            match (&participant, target) {
                (Some(p), _) => store::speaker_mappings::remember(c, &key, Some(p))?,
                (None, SpeakerTarget::Interviewer) => {
                    store::speaker_mappings::remember(c, &key, None)?
                }
                _ => store::speaker_mappings::forget(c, speaker)?,
            }
            touched.sort_unstable();
            touched.dedup();
            for p in &touched {
                store::participants::reindex_mentions(c, p)?;
            }
            speakers_of(c, interview_id)
        })
    }

    /// Merge `source` into `target`, two participants that are one person: every passage,
    /// highlight, interview, persona and remembered speaker of `source` moves to `target`,
    /// which keeps its own details and takes `source`'s where it has none; `source` goes to
    /// the trash. Answers `target` as it is now.
    pub fn merge_participants(&self, source_id: &str, target_id: &str) -> Result<Participant> {
        if source_id == target_id {
            return Err(Error::invalid(
                "target_id",
                "a participant cannot be merged into themselves",
            ));
        }
        self.write("merge_participants", |c| {
            let source = store::participants::get(c, source_id)?;
            let mut target = store::participants::get(c, target_id)?;
            let hl = store::highlights::of_participant(c, source_id)?;
            store::interviews::repoint_segments(c, source_id, target_id)?;
            store::highlights::repoint_participant(c, source_id, target_id, &now())?;
            for h in &hl {
                outbox::push(c, ObjectKind::Highlight, h)?;
            }
            store::participants::repoint_memberships(c, source_id, target_id)?;
            store::speaker_mappings::repoint(c, source_id, target_id)?;
            // Keep what the target knows; fill what it does not from the source.
            let (s, t_in) = (&source.input, &mut target.input);
            for (mine, theirs) in [
                (&mut t_in.role, &s.role),
                (&mut t_in.company, &s.company),
                (&mut t_in.segment, &s.segment),
                (&mut t_in.email, &s.email),
                (&mut t_in.phone, &s.phone),
                (&mut t_in.consent_scope, &s.consent_scope),
            ] {
                if mine.trim().is_empty() {
                    mine.clone_from(theirs);
                }
            }
            if t_in.consent == Consent::Unknown && s.consent != Consent::Unknown {
                t_in.consent = s.consent;
                t_in.consent_date.clone_from(&s.consent_date);
            }
            if !s.notes.trim().is_empty() && !t_in.notes.contains(s.notes.trim()) {
                if !t_in.notes.trim().is_empty() {
                    t_in.notes.push_str("\n\n");
                }
                t_in.notes.push_str(s.notes.trim());
            }
            store::participants::update(c, target_id, &target.input)?;
            store::trash::trash(c, ObjectKind::Participant, source_id)?;
            store::participants::reindex_mentions(c, target_id)?;
            store::participants::get(c, target_id)
        })
    }
}
