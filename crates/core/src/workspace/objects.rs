//! One method per object use case: create, read, update, trash and restore participants,
//! interviews, notes, tags, highlights, insights, personas, trees, evidence and feedback.

use super::Workspace;
use crate::error::{Error, ErrorCode, Result};
use crate::model::*;
use crate::store;

impl Workspace {
    // ---- participants ----

    pub fn create_participant(&self, input: &ParticipantInput) -> Result<Participant> {
        input.validate()?;
        self.write("create_participant", |c| {
            store::participants::insert(c, input).and_then(|id| store::participants::get(c, &id))
        })
    }
    pub fn participant(&self, id: &str) -> Result<Participant> {
        store::participants::get(&*self.read()?, id)
    }
    pub fn participants(&self) -> Result<Vec<Participant>> {
        store::participants::list(&*self.read()?)
    }
    pub fn update_participant(&self, id: &str, input: &ParticipantInput) -> Result<Participant> {
        input.validate()?;
        self.write("update_participant", |c| {
            store::participants::update(c, id, input).and_then(|_| store::participants::get(c, id))
        })
    }

    // ---- interviews and transcripts ----

    pub fn create_interview(&self, input: &InterviewInput) -> Result<Interview> {
        input.validate()?;
        self.write("create_interview", |c| {
            store::interviews::insert(c, input, None).and_then(|id| store::interviews::get(c, &id))
        })
    }
    pub fn interview(&self, id: &str) -> Result<Interview> {
        store::interviews::get(&*self.read()?, id)
    }
    pub fn interviews(&self) -> Result<Vec<Interview>> {
        store::interviews::list(&*self.read()?)
    }
    pub fn update_interview(&self, id: &str, input: &InterviewInput) -> Result<Interview> {
        input.validate()?;
        self.write("update_interview", |c| {
            store::interviews::update(c, id, input).and_then(|_| store::interviews::get(c, id))
        })
    }
    pub fn segments(&self, interview_id: &str) -> Result<Vec<Segment>> {
        let conn = self.read()?;
        store::interviews::get(&conn, interview_id)?;
        store::interviews::segments(&conn, interview_id)
    }
    /// Append segments to an interview's transcript.
    pub fn add_segments(
        &self,
        interview_id: &str,
        segments: &[SegmentInput],
    ) -> Result<Vec<Segment>> {
        for s in segments {
            s.validate()?;
        }
        self.write("add_segments", |c| {
            store::interviews::get(c, interview_id)?;
            store::interviews::append_segments(c, interview_id, segments)?;
            store::outbox::push(c, ObjectKind::Interview, interview_id)?;
            store::interviews::segments(c, interview_id)
        })
    }
    pub fn update_segment(&self, id: &str, input: &SegmentInput) -> Result<Segment> {
        input.validate()?;
        self.write("update_segment", |c| {
            store::interviews::update_segment(c, id, input)?;
            store::interviews::segment(c, id)
        })
    }

    // ---- notes ----

    pub fn create_note(&self, input: &NoteInput) -> Result<Note> {
        input.validate()?;
        self.write("create_note", |c| {
            store::notes::insert(c, input).and_then(|id| store::notes::get(c, &id))
        })
    }
    pub fn note(&self, id: &str) -> Result<Note> {
        store::notes::get(&*self.read()?, id)
    }
    pub fn notes(&self) -> Result<Vec<Note>> {
        store::notes::list(&*self.read()?)
    }
    pub fn update_note(&self, id: &str, input: &NoteInput) -> Result<Note> {
        input.validate()?;
        self.write("update_note", |c| {
            store::notes::update(c, id, input).and_then(|_| store::notes::get(c, id))
        })
    }

    // ---- tags ----

    pub fn create_tag(&self, input: &TagInput) -> Result<Tag> {
        input.validate()?;
        self.write("create_tag", |c| {
            store::tags::insert(c, input).and_then(|id| store::tags::get(c, &id))
        })
    }
    pub fn tag(&self, id: &str) -> Result<Tag> {
        store::tags::get(&*self.read()?, id)
    }
    pub fn tags(&self) -> Result<Vec<Tag>> {
        store::tags::list(&*self.read()?)
    }
    pub fn update_tag(&self, id: &str, input: &TagInput) -> Result<Tag> {
        input.validate()?;
        self.write("update_tag", |c| {
            store::tags::update(c, id, input).and_then(|_| store::tags::get(c, id))
        })
    }

    // ---- highlights ----

    pub fn create_highlight(&self, input: &HighlightInput) -> Result<Highlight> {
        input.validate()?;
        self.write("create_highlight", |c| {
            store::highlights::insert(c, input).and_then(|id| store::highlights::get(c, &id))
        })
    }
    pub fn highlight(&self, id: &str) -> Result<Highlight> {
        store::highlights::get(&*self.read()?, id)
    }
    pub fn highlights(&self) -> Result<Vec<Highlight>> {
        store::highlights::list(&*self.read()?, store::highlights::Of::All)
    }
    /// The highlights made in one interview (its transcript and its notes).
    pub fn interview_highlights(&self, interview_id: &str) -> Result<Vec<Highlight>> {
        store::highlights::list(
            &*self.read()?,
            store::highlights::Of::Interview(interview_id),
        )
    }
    /// The highlights made in one note.
    pub fn note_highlights(&self, note_id: &str) -> Result<Vec<Highlight>> {
        store::highlights::list(&*self.read()?, store::highlights::Of::Note(note_id))
    }
    /// The live highlights among `ids`, in their order (one read): what an insight or a tree
    /// cites, without listing the workspace's every highlight. Trashed and unknown ids are
    /// left out.
    pub fn highlights_by_id(&self, ids: &[String]) -> Result<Vec<Highlight>> {
        let conn = self.read()?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            match store::highlights::get(&conn, id) {
                Ok(h) => out.push(h),
                Err(e) if e.code == ErrorCode::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }
    pub fn update_highlight(&self, id: &str, input: &HighlightInput) -> Result<Highlight> {
        input.validate()?;
        self.write("update_highlight", |c| {
            store::highlights::update(c, id, input).and_then(|_| store::highlights::get(c, id))
        })
    }

    // ---- insights ----

    pub fn create_insight(&self, input: &InsightInput) -> Result<Insight> {
        input.validate()?;
        self.write("create_insight", |c| {
            store::insights::insert(c, input).and_then(|id| store::insights::get(c, &id))
        })
    }
    pub fn insight(&self, id: &str) -> Result<Insight> {
        store::insights::get(&*self.read()?, id)
    }
    pub fn insights(&self) -> Result<Vec<Insight>> {
        store::insights::list(&*self.read()?)
    }
    pub fn update_insight(&self, id: &str, input: &InsightInput) -> Result<Insight> {
        input.validate()?;
        self.write("update_insight", |c| {
            store::insights::update(c, id, input).and_then(|_| store::insights::get(c, id))
        })
    }

    /// Mark an insight published for stakeholders (a pack can take only those), or not.
    pub fn set_insight_published(&self, id: &str, published: bool) -> Result<Insight> {
        self.write("set_insight_published", |c| {
            let i = store::insights::set_published(c, id, published)?;
            let verb = if published {
                "Published"
            } else {
                "Unpublished"
            };
            c.summary(format!("{verb} insight “{}”", i.input.title));
            Ok(i)
        })
    }

    // ---- personas ----

    pub fn create_persona(&self, input: &PersonaInput) -> Result<Persona> {
        input.validate()?;
        self.write("create_persona", |c| {
            store::personas::insert(c, input).and_then(|id| store::personas::get(c, &id))
        })
    }
    pub fn persona(&self, id: &str) -> Result<Persona> {
        store::personas::get(&*self.read()?, id)
    }
    pub fn personas(&self) -> Result<Vec<Persona>> {
        store::personas::list(&*self.read()?)
    }
    pub fn update_persona(&self, id: &str, input: &PersonaInput) -> Result<Persona> {
        input.validate()?;
        self.write("update_persona", |c| {
            store::personas::update(c, id, input).and_then(|_| store::personas::get(c, id))
        })
    }

    /// Mark a persona published for stakeholders (a pack can take only those), or not.
    pub fn set_persona_published(&self, id: &str, published: bool) -> Result<Persona> {
        self.write("set_persona_published", |c| {
            let p = store::personas::set_published(c, id, published)?;
            let verb = if published {
                "Published"
            } else {
                "Unpublished"
            };
            c.summary(format!("{verb} persona “{}”", p.input.name));
            Ok(p)
        })
    }

    pub fn add_persona_statement(
        &self,
        persona_id: &str,
        input: &PersonaStatementInput,
    ) -> Result<Persona> {
        input.validate()?;
        self.write("add_persona_statement", |c| {
            store::personas::add_statement(c, persona_id, input)?;
            store::personas::get(c, persona_id)
        })
    }
    pub fn update_persona_statement(
        &self,
        id: &str,
        input: &PersonaStatementInput,
    ) -> Result<Persona> {
        input.validate()?;
        self.write("update_persona_statement", |c| {
            store::personas::update_statement(c, id, input)
                .and_then(|p| store::personas::get(c, &p))
        })
    }
    pub fn delete_persona_statement(&self, id: &str) -> Result<Persona> {
        self.write("delete_persona_statement", |c| {
            store::personas::delete_statement(c, id).and_then(|p| store::personas::get(c, &p))
        })
    }

    // ---- opportunity solution trees ----

    pub fn create_tree(&self, input: &TreeInput) -> Result<Tree> {
        input.validate()?;
        self.write("create_tree", |c| {
            store::trees::insert(c, input).and_then(|id| store::trees::get(c, &id))
        })
    }
    pub fn tree(&self, id: &str) -> Result<Tree> {
        store::trees::get(&*self.read()?, id)
    }
    pub fn trees(&self) -> Result<Vec<Tree>> {
        store::trees::list(&*self.read()?)
    }
    pub fn tree_node(&self, id: &str) -> Result<TreeNode> {
        store::trees::node(&*self.read()?, id)
    }
    pub fn tree_nodes(&self, tree_id: &str) -> Result<Vec<TreeNode>> {
        store::trees::nodes(&*self.read()?, tree_id)
    }
    // Edits of nodes live in trees/mod.rs, where they are logged for undo.

    // ---- evidence ----

    pub fn link_evidence(
        &self,
        from: &ObjectRef,
        to: &ObjectRef,
        comment: &str,
    ) -> Result<Vec<Evidence>> {
        if from.kind == ObjectKind::TreeNode {
            return self.link_node_evidence(&from.id, to, Some(comment));
        }
        self.write("link_evidence", |c| {
            store::evidence::link(c, from, to, comment)?;
            store::evidence::list_from(c, from)
        })
    }
    pub fn unlink_evidence(&self, from: &ObjectRef, to: &ObjectRef) -> Result<Vec<Evidence>> {
        if from.kind == ObjectKind::TreeNode {
            return self.link_node_evidence(&from.id, to, None);
        }
        self.write("unlink_evidence", |c| {
            store::evidence::unlink(c, from, to)?;
            store::evidence::list_from(c, from)
        })
    }
    pub fn evidence(&self, from: &ObjectRef) -> Result<Vec<Evidence>> {
        store::evidence::list_from(&*self.read()?, from)
    }

    // ---- feedback ----

    pub fn create_feedback(&self, input: &FeedbackInput) -> Result<FeedbackItem> {
        input.validate()?;
        self.write("create_feedback", |c| {
            store::feedback::insert(c, input).and_then(|id| store::feedback::get(c, &id))
        })
    }
    pub fn feedback_item(&self, id: &str) -> Result<FeedbackItem> {
        store::feedback::get(&*self.read()?, id)
    }
    pub fn feedback(&self) -> Result<Vec<FeedbackItem>> {
        store::feedback::list(&*self.read()?)
    }
    pub fn update_feedback(&self, id: &str, input: &FeedbackInput) -> Result<FeedbackItem> {
        input.validate()?;
        self.write("update_feedback", |c| {
            store::feedback::update(c, id, input).and_then(|_| store::feedback::get(c, id))
        })
    }

    // ---- trash ----

    /// Move an object to the trash; `restore` brings it back unchanged.
    pub fn trash(&self, kind: ObjectKind, id: &str) -> Result<TrashEntry> {
        if kind == ObjectKind::TreeNode {
            return self.trash_tree_node(id);
        }
        self.write("trash", |c| store::trash::trash(c, kind, id))
    }
    pub fn restore(&self, kind: ObjectKind, id: &str) -> Result<()> {
        if kind == ObjectKind::TreeNode {
            return self.restore_tree_node(id);
        }
        self.write("restore", |c| store::trash::restore(c, kind, id))
    }
    pub fn trash_entries(&self) -> Result<Vec<TrashEntry>> {
        store::trash::list(&*self.read()?)
    }
    /// Delete for good what has been in the trash longer than 30 days (or everything, with
    /// `everything`). Returns how many objects went.
    pub fn purge_trash(&self, everything: bool) -> Result<usize> {
        let cutoff = if everything {
            "9999".to_string()
        } else {
            let t =
                time::OffsetDateTime::now_utc() - time::Duration::days(store::trash::TRASH_DAYS);
            t.format(&time::format_description::well_known::Rfc3339)
                .map_err(|e| Error::new(ErrorCode::Storage, e.to_string()))?
        };
        self.writable()?;
        if store::trash::count_before(&*self.read()?, &cutoff)? > 0 {
            self.backup_before(crate::backups::BackupReason::BeforeEmptyTrash)?;
        }
        // Purged interviews take their attachments' rows with them (ON DELETE CASCADE); the
        // copies in attachments/ go once the purge is committed.
        let (purged, gone) = self.write("purge_trash", |c| {
            c.final_();
            let going: Vec<TrashEntry> = store::trash::list(c)?
                .into_iter()
                .filter(|e| e.deleted_at.as_str() < cutoff.as_str())
                .collect();
            if let Some(first) = going.first() {
                let what = format!(
                    "{} “{}”",
                    first.kind.as_str().replace('_', " "),
                    first.title.chars().take(60).collect::<String>()
                );
                c.summary(match (everything, going.len()) {
                    (true, 1) => format!("Emptied the trash: {what}"),
                    (true, n) => format!("Emptied the trash: {what} and {} more", n - 1),
                    (false, 1) => format!("Deleted for good after 30 days in the trash: {what}"),
                    (false, n) => format!(
                        "Deleted for good after 30 days in the trash: {what} and {} more",
                        n - 1
                    ),
                });
            }
            let before = store::attachments::stored_names(c)?;
            let purged = store::trash::purge_before(c, &cutoff)?;
            let after = store::attachments::stored_names(c)?;
            Ok((
                purged,
                before.difference(&after).cloned().collect::<Vec<_>>(),
            ))
        })?;
        // Only names Groundwork gives: a workspace prepared elsewhere may record any path.
        for path in gone
            .iter()
            .filter_map(|name| crate::attachments::stored_path(self.root(), name))
        {
            let _ = std::fs::remove_file(path);
        }
        Ok(purged)
    }
}
