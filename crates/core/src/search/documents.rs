//! What goes into the index for each object: read from the store at the moment the indexer
//! applies an outbox row, so the index always follows the latest committed state.

use crate::error::{ErrorCode, Result};
use crate::model::{ObjectKind, ObjectRef};
use crate::store;
use rusqlite::Connection;

/// One search document, independent of tantivy.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct IndexDoc {
    pub id: String,
    pub kind: Option<ObjectKind>,
    pub parent: Option<String>,
    /// Its own title, searched.
    pub title: String,
    /// Shown instead of `title` and not searched: a segment is found by what was said, not
    /// by its interview's title.
    pub label: Option<String>,
    pub body: String,
    /// Filter values: ids and lower-cased names (tags include their ancestors).
    pub tags: Vec<String>,
    pub participants: Vec<String>,
    pub personas: Vec<String>,
    /// RFC 3339 or YYYY-MM-DD.
    pub date: Option<String>,
    pub start_ms: Option<i64>,
}

fn doc(kind: ObjectKind, id: &str, title: &str, body: String) -> IndexDoc {
    IndexDoc {
        id: id.to_string(),
        kind: Some(kind),
        title: title.to_string(),
        body,
        ..Default::default()
    }
}

fn join(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("\n")
}

/// Filter values for a set of participants: their ids and lower-cased names.
fn participant_values(conn: &Connection, ids: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = ids.to_vec();
    out.extend(
        store::participants::names(conn, ids)?
            .into_iter()
            .map(|n| n.to_lowercase()),
    );
    Ok(out)
}

fn persona_values_of_participants(conn: &Connection, ids: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for id in ids {
        for (pid, name) in store::personas::of_participant(conn, id)? {
            out.push(pid);
            out.push(name);
        }
    }
    Ok(out)
}

fn tag_values(conn: &Connection, tag_ids: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for t in tag_ids {
        for (id, name) in store::tags::ancestors_and_self(conn, t)? {
            out.push(id);
            out.push(name.to_lowercase());
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// The documents of `kind`/`id` (an outbox owner kind), or none when it is gone or trashed.
pub(crate) fn documents_for(
    conn: &Connection,
    kind: ObjectKind,
    id: &str,
) -> Result<Vec<IndexDoc>> {
    match build(conn, kind, id) {
        Err(e) if e.code == ErrorCode::NotFound => Ok(Vec::new()),
        other => other,
    }
}

fn build(conn: &Connection, kind: ObjectKind, id: &str) -> Result<Vec<IndexDoc>> {
    Ok(match kind {
        ObjectKind::Participant => {
            let p = store::participants::get(conn, id)?;
            let i = &p.input;
            let mut d = doc(
                kind,
                id,
                &i.name,
                join(&[&i.role, &i.company, &i.segment, &i.notes]),
            );
            d.participants = participant_values(conn, std::slice::from_ref(&p.id))?;
            d.date = Some(p.created_at);
            vec![d]
        }
        ObjectKind::Interview => {
            let iv = store::interviews::get(conn, id)?;
            let i = &iv.input;
            let participants = participant_values(conn, &i.participant_ids)?;
            let date = i.date.clone().or(Some(iv.created_at.clone()));
            let mut d = doc(
                kind,
                id,
                &i.title,
                join(&[&i.notes, &i.interviewer, &i.product_area]),
            );
            d.participants = participants.clone();
            d.personas = persona_values_of_participants(conn, &i.participant_ids)?;
            d.date = date.clone();
            let mut out = vec![d];
            for s in store::interviews::segments(conn, id)? {
                let mut d = doc(ObjectKind::Segment, &s.id, "", s.text);
                d.label = Some(match &s.speaker {
                    Some(sp) => format!("{} — {sp}", i.title),
                    None => i.title.clone(),
                });
                d.parent = Some(id.to_string());
                d.start_ms = s.start_ms;
                d.date = date.clone();
                d.participants = match &s.participant_id {
                    Some(p) => participant_values(conn, std::slice::from_ref(p))?,
                    None => s.speaker.iter().map(|n| n.to_lowercase()).collect(),
                };
                out.push(d);
            }
            out
        }
        ObjectKind::Note => {
            let n = store::notes::get(conn, id)?;
            let mut d = doc(kind, id, &n.input.title, n.input.body);
            d.date = Some(n.updated_at);
            vec![d]
        }
        ObjectKind::Highlight => {
            let h = store::highlights::get(conn, id)?;
            let i = &h.input;
            let (title, parent) = match (&i.interview_id, &i.note_id, &i.feedback_id) {
                (Some(iv), _, _) => (store::interviews::get(conn, iv)?.input.title, iv.clone()),
                (_, Some(n), _) => (store::notes::get(conn, n)?.input.title, n.clone()),
                (_, _, Some(f)) => (store::feedback::get(conn, f)?.input.label(), f.clone()),
                _ => (String::new(), String::new()),
            };
            let mut d = doc(kind, id, "", join(&[&i.quote, &i.comment]));
            d.label = Some(title);
            d.parent = Some(parent);
            d.tags = tag_values(conn, &i.tag_ids)?;
            let people: Vec<String> = match (&h.participant_id, &i.interview_id) {
                (Some(p), _) => vec![p.clone()],
                (None, Some(iv)) => store::participants::of_interview(conn, iv)?,
                _ => Vec::new(),
            };
            d.participants = participant_values(conn, &people)?;
            if let (true, Some(s)) = (people.is_empty(), &h.speaker) {
                d.participants.push(s.to_lowercase());
            }
            d.personas = persona_values_of_participants(conn, &people)?;
            d.start_ms = h.start_ms;
            d.date = Some(h.created_at);
            vec![d]
        }
        ObjectKind::Insight => {
            let ins = store::insights::get(conn, id)?;
            let mut d = doc(kind, id, &ins.input.title, ins.input.body);
            let mut tags = Vec::new();
            let mut people = Vec::new();
            for h in &ins.input.highlight_ids {
                if let Ok(h) = store::highlights::get(conn, h) {
                    tags.extend(h.input.tag_ids);
                    people.extend(h.participant_id);
                }
            }
            d.tags = tag_values(conn, &tags)?;
            d.participants = participant_values(conn, &people)?;
            d.date = Some(ins.updated_at);
            vec![d]
        }
        ObjectKind::Persona => {
            let p = store::personas::get(conn, id)?;
            let i = &p.input;
            let attributes: Vec<String> = i
                .attributes
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect();
            let persona_values = vec![id.to_string(), i.name.to_lowercase()];
            let mut d = doc(
                kind,
                id,
                &i.name,
                join(&[&i.role, &i.summary, &attributes.join("\n")]),
            );
            d.personas = persona_values.clone();
            d.participants = participant_values(conn, &i.participant_ids)?;
            d.date = Some(p.updated_at.clone());
            let mut out = vec![d];
            for s in p.statements {
                let mut d = doc(ObjectKind::PersonaStatement, &s.id, "", s.text);
                d.label = Some(format!("{} — {}", i.name, s.kind.as_str()));
                d.parent = Some(id.to_string());
                d.personas = persona_values.clone();
                out.push(d);
            }
            out
        }
        ObjectKind::Tree => {
            let t = store::trees::get(conn, id)?;
            let i = &t.input;
            let mut d = doc(
                kind,
                id,
                &i.title,
                join(&[&i.metric, &i.baseline, &i.target, &i.description]),
            );
            d.date = Some(t.updated_at);
            vec![d]
        }
        ObjectKind::TreeNode => {
            let n = store::trees::node(conn, id)?;
            let details: Vec<String> = n
                .input
                .details
                .filled()
                .into_iter()
                // The words, not the scores.
                .filter(|(k, _)| {
                    matches!(
                        *k,
                        "score_note"
                            | "assumption"
                            | "category"
                            | "method"
                            | "success_criteria"
                            | "result"
                    )
                })
                .map(|(_, v)| v)
                .collect();
            let mut d = doc(
                kind,
                id,
                &n.input.title,
                join(&[&n.input.description, &details.join("\n")]),
            );
            d.parent = Some(n.tree_id.clone());
            let me = ObjectRef {
                kind,
                id: id.to_string(),
            };
            for p in store::evidence::targets(conn, &me, ObjectKind::Persona)? {
                if let Ok(persona) = store::personas::get(conn, &p) {
                    d.personas.push(persona.input.name.to_lowercase());
                    d.personas.push(p);
                }
            }
            d.date = Some(n.updated_at);
            vec![d]
        }
        ObjectKind::Feedback => {
            let f = store::feedback::get(conn, id)?;
            let i = &f.input;
            let title = if i.customer.is_empty() {
                i.source.clone()
            } else {
                format!("{} — {}", i.customer, i.source)
            };
            let mut d = doc(kind, id, &title, i.text.clone());
            d.participants = if i.customer.is_empty() {
                Vec::new()
            } else {
                vec![i.customer.to_lowercase()]
            };
            d.date = i.received_at.clone().or(Some(f.created_at));
            vec![d]
        }
        ObjectKind::Tag => {
            // Found by its name (and description), shown by its path: "Pains / Burnout".
            let t = store::tags::get(conn, id)?;
            let mut d = doc(kind, id, &t.input.name, t.input.description);
            if t.path != t.input.name {
                d.label = Some(t.path);
            }
            d.parent = t.input.parent_id;
            d.date = Some(t.updated_at);
            vec![d]
        }
        ObjectKind::Workshop => {
            // Found by its title, its groups' names and what the room wrote (not what the
            // facilitator hid).
            let w = store::workshops::get(conn, id)?;
            let mut body = vec![w.recipe.label().to_string()];
            body.extend(
                store::workshops::groups(conn, id)?
                    .into_iter()
                    .map(|g| g.title)
                    .filter(|t| !t.is_empty()),
            );
            body.extend(
                store::workshops::notes(conn, id)?
                    .into_iter()
                    .filter(|n| !n.hidden)
                    .map(|n| n.text),
            );
            let mut d = doc(kind, id, &w.title, body.join("\n"));
            d.date = Some(w.updated_at);
            vec![d]
        }
        ObjectKind::Segment | ObjectKind::PersonaStatement => Vec::new(),
    })
}

/// Every (kind, id) the index should hold, from one read of the store: what `check` and a
/// rebuild walk over. Owners come first with their child documents built alongside.
pub(crate) fn owners(conn: &Connection) -> Result<Vec<(ObjectKind, String)>> {
    let mut out = Vec::new();
    for kind in [
        ObjectKind::Participant,
        ObjectKind::Tag,
        ObjectKind::Interview,
        ObjectKind::Note,
        ObjectKind::Highlight,
        ObjectKind::Insight,
        ObjectKind::Persona,
        ObjectKind::Tree,
        ObjectKind::TreeNode,
        ObjectKind::Feedback,
        ObjectKind::Workshop,
    ] {
        for id in store::live_ids(conn, kind)? {
            out.push((kind, id));
        }
    }
    Ok(out)
}
