//! Workshops (issue 17): design sprints run from this laptop, with the people in the room
//! on their phones. The facilitator's use cases are methods on `Workspace`; a participant's
//! requests come in as `ParticipantRequest`s with the seat their credential stands for, and
//! what a phone sees is `Snapshot::view_for` — the one place that decides it.
//!
//! Participants' writes are logged with origin `workshop` (the facilitator's Ctrl+Z skips
//! them); what the workshop puts into the workspace (promoted notes, written-back votes) is
//! the facilitator's, one undoable change each.

mod export;
mod view;

pub(crate) use export::{board_title, boards, markdown, ranked};
pub use view::Snapshot;

use crate::error::{Error, ErrorCode, Result};
use crate::model::workshop::*;
use crate::model::{
    Consent, InsightInput, NodeKind, NodeStatus, ObjectKind, ObjectRef, TreeNodeInput,
};
use crate::pack::redact::{RedactOptions, Redactor};
use crate::store::changes::Origin;
use crate::store::{self, workshops as rows};
use crate::workspace::Workspace;
use rusqlite::Connection;

/// Most characters a note may have (a sticky note, not an essay).
pub const MAX_NOTE_CHARS: usize = 280;
/// Most lines a note may have.
pub const MAX_NOTE_LINES: usize = 10;
/// Most notes one workshop may hold, whoever wrote them.
pub const MAX_WORKSHOP_NOTES: u32 = 2_000;
/// Most people one workshop may seat.
pub const MAX_SEATS: usize = 200;

/// The SHA-256 of a participant credential, as stored: the credential itself never is.
pub fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What a note may say: its text trimmed, with control characters and the invisible marks
/// that reorder text (bidi overrides, isolates) taken out — a note is shown on a projector
/// and every phone, and must read as what it is.
pub fn clean_note(text: &str, field: &str) -> Result<String> {
    let kept = shown_text(text, true).trim().to_string();
    if kept.is_empty() {
        return Err(Error::invalid(field, "a note needs some text"));
    }
    let chars = kept.chars().count();
    if chars > MAX_NOTE_CHARS {
        return Err(Error::invalid(
            field,
            format!(
                "a note holds at most {MAX_NOTE_CHARS} characters (this one has {chars}); split it in two"
            ),
        ));
    }
    if kept.lines().count() > MAX_NOTE_LINES {
        return Err(Error::invalid(
            field,
            format!("a note holds at most {MAX_NOTE_LINES} lines"),
        ));
    }
    Ok(kept)
}

/// Unicode's format characters that change how text around them is shown: bidi embeddings,
/// overrides and isolates, marks, and zero-width characters other than the joiners that
/// emoji and some scripts need.
fn is_format_char(c: char) -> bool {
    matches!(c,
        '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{206A}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}'
        | '\u{061C}')
}

/// Text without control characters (line breaks kept only when asked) and without the
/// format characters above: what a room shows of what someone typed.
fn shown_text(text: &str, newlines: bool) -> String {
    text.chars()
        .filter(|c| (newlines && *c == '\n') || !(c.is_control() || is_format_char(*c)))
        .collect()
}

fn clean_nickname(nickname: &str) -> Result<Option<String>> {
    let n = shown_text(nickname, false);
    let n = n.trim();
    if n.chars().count() > 40 {
        return Err(Error::invalid(
            "nickname",
            "a nickname holds at most 40 characters",
        ));
    }
    Ok((!n.is_empty()).then(|| n.to_string()))
}

fn not_now(message: impl Into<String>) -> Error {
    Error::conflict(message.into())
}

fn ended_check(w: &Workshop) -> Result<()> {
    if w.ended_at.is_some() {
        return Err(not_now(format!("“{}” has ended", w.title)));
    }
    Ok(())
}

fn validate_settings(s: &WorkshopSettings) -> Result<()> {
    if !(1..=100).contains(&s.votes_per_person) {
        return Err(Error::invalid(
            "settings.votes_per_person",
            "votes per person: 1 to 100",
        ));
    }
    if !(1..=100).contains(&s.per_item_cap) {
        return Err(Error::invalid(
            "settings.per_item_cap",
            "votes per item: 1 to 100",
        ));
    }
    if s.decider_votes > 20 {
        return Err(Error::invalid(
            "settings.decider_votes",
            "the decider's extra votes: 0 to 20",
        ));
    }
    if s.supervotes > 10 {
        return Err(Error::invalid("settings.supervotes", "supervotes: 0 to 10"));
    }
    if !(1..=200).contains(&s.max_notes) {
        return Err(Error::invalid(
            "settings.max_notes",
            "notes per person: 1 to 200",
        ));
    }
    Ok(())
}

fn validate_title(title: &str) -> Result<String> {
    let t = title.trim();
    if t.is_empty() {
        return Err(Error::invalid("title", "a workshop needs a title"));
    }
    if t.chars().count() > 200 {
        return Err(Error::invalid(
            "title",
            "a title holds at most 200 characters",
        ));
    }
    Ok(t.to_string())
}

impl Workspace {
    pub fn workshops(&self) -> Result<Vec<Workshop>> {
        rows::list(&*self.read()?)
    }

    pub fn workshop(&self, id: &str) -> Result<Workshop> {
        rows::get(&*self.read()?, id)
    }

    /// Everything the workshop holds now, read once; boards and phones' views are made from it.
    pub fn workshop_snapshot(&self, id: &str) -> Result<Snapshot> {
        Snapshot::load(&*self.read()?, id)
    }

    pub fn workshop_board(&self, id: &str) -> Result<WorkshopBoard> {
        Ok(self.workshop_snapshot(id)?.board())
    }

    /// Make a workshop from a recipe, its board seeded with what was chosen.
    pub fn create_workshop(&self, input: &WorkshopInput) -> Result<Workshop> {
        let title = validate_title(&input.title)?;
        let settings = input.settings.clone().unwrap_or_default();
        validate_settings(&settings)?;
        let seeds = self.seed_notes(input)?;
        let focus = seeds.focus.clone();
        let steps = input.recipe.steps(focus.as_deref());
        let input = WorkshopInput {
            title,
            ..input.clone()
        };
        let s = store::Stamp::fresh();
        self.write("create_workshop", |c| {
            rows::insert(c, &s, &input, &settings, &steps)?;
            let board = &seeds.board_for(&steps);
            for seed in &seeds.notes {
                let group = rows::new_group(c, &s.id, board, "", seed.node_id.as_deref())?;
                rows::insert_note(
                    c,
                    &rows::NewNote {
                        workshop_id: &s.id,
                        group_id: &group,
                        board,
                        author_id: None,
                        client_key: None,
                        text: &seed.text,
                        seed: Some((seed.kind.as_str(), &seed.id)),
                        by_facilitator: true,
                    },
                )?;
            }
            rows::get(c, &s.id)
        })
    }

    /// What a workshop starts with: tree nodes (prioritise-tree: one group each; How Might We:
    /// the opportunity is the focus), highlights and insights. Seeded text is shown to the
    /// whole room over plain HTTP, so people's names become pseudonyms and what a participant
    /// withdrew consent for is left out.
    fn seed_notes(&self, input: &WorkshopInput) -> Result<Seeds> {
        let conn = self.read()?;
        let seed = &input.seed;
        let mut out = Seeds::default();
        if let Some(tree_id) = &seed.tree_id {
            store::trees::get(&conn, tree_id)?;
            let nodes = store::trees::nodes(&conn, tree_id)?;
            for id in &seed.node_ids {
                let n = nodes.iter().find(|n| &n.id == id).ok_or_else(|| {
                    Error::invalid("seed.node_ids", format!("no node {id} in that tree"))
                })?;
                match input.recipe {
                    Recipe::Hmw if out.focus.is_none() => out.focus = Some(n.input.title.clone()),
                    Recipe::Hmw => {}
                    _ => out.notes.push(SeedNote {
                        kind: ObjectKind::TreeNode,
                        id: n.id.clone(),
                        text: n.input.title.chars().take(MAX_NOTE_CHARS).collect(),
                        node_id: Some(n.id.clone()),
                    }),
                }
            }
        } else if !seed.node_ids.is_empty() {
            return Err(Error::invalid(
                "seed.tree_id",
                "name the tree the nodes are in",
            ));
        }
        if input.recipe == Recipe::PrioritiseTree && out.notes.is_empty() {
            return Err(Error::invalid(
                "seed.node_ids",
                "choose the tree nodes the room should prioritise",
            ));
        }
        if seed.highlight_ids.is_empty() && seed.insight_ids.is_empty() {
            return Ok(out);
        }
        let people = store::participants::list(&conn)?;
        let mut redactor = Redactor::new(RedactOptions {
            names: true,
            emails: true,
            phones: true,
            urls: true,
            words: Vec::new(),
        });
        for (i, p) in people.iter().enumerate() {
            redactor.add_name(&p.input.name, &format!("P{:02}", i + 1), true);
        }
        for id in &seed.highlight_ids {
            let h = store::highlights::get(&conn, id)?;
            let withdrawn = h
                .participant_id
                .as_deref()
                .and_then(|p| people.iter().find(|x| x.id == p))
                .is_some_and(|p| p.input.consent == Consent::Withdrawn);
            if withdrawn {
                continue;
            }
            out.notes.push(SeedNote {
                kind: ObjectKind::Highlight,
                id: id.clone(),
                text: redactor
                    .text(&h.input.quote)
                    .chars()
                    .take(MAX_NOTE_CHARS)
                    .collect(),
                node_id: None,
            });
        }
        for id in &seed.insight_ids {
            let i = store::insights::get(&conn, id)?;
            out.notes.push(SeedNote {
                kind: ObjectKind::Insight,
                id: id.clone(),
                text: redactor
                    .text(&i.input.title)
                    .chars()
                    .take(MAX_NOTE_CHARS)
                    .collect(),
                node_id: None,
            });
        }
        Ok(out)
    }

    pub fn update_workshop(
        &self,
        id: &str,
        title: &str,
        settings: &WorkshopSettings,
    ) -> Result<Workshop> {
        let title = validate_title(title)?;
        validate_settings(settings)?;
        self.write("update_workshop", |c| {
            ended_check(&rows::get(c, id)?)?;
            rows::update(c, id, &title, settings)?;
            rows::get(c, id)
        })
    }

    /// Go to the next step or back one; nothing is lost either way.
    pub fn advance_workshop(&self, id: &str, step: u32) -> Result<Workshop> {
        self.write("advance_workshop", |c| {
            let w = rows::get(c, id)?;
            ended_check(&w)?;
            if step as usize >= w.steps.len() || step.abs_diff(w.step) != 1 {
                return Err(Error::invalid(
                    "step",
                    format!(
                        "go one step at a time: from step {} to {} or {}",
                        w.step + 1,
                        w.step.max(1),
                        (w.step + 2).min(w.steps.len() as u32)
                    ),
                ));
            }
            rows::set_step(c, id, w.step, step)?;
            let n = rows::get(c, id)?;
            c.summary(format!(
                "Moved workshop “{}” to step {}: {}",
                n.title,
                step + 1,
                n.current().prompt
            ));
            Ok(n)
        })
    }

    pub fn set_workshop_timer(&self, id: &str, action: TimerAction) -> Result<Workshop> {
        let now = now_ms();
        self.write("set_workshop_timer", |c| {
            let w = rows::get(c, id)?;
            ended_check(&w)?;
            let t = w.timer;
            let left = t.ends_at_ms.map(|e| (e - now).max(0)).or(t.paused_left_ms);
            let timer = match action {
                TimerAction::Start { secs } => WorkshopTimer {
                    ends_at_ms: Some(now + i64::from(secs.clamp(1, 24 * 3600)) * 1000),
                    paused_left_ms: None,
                },
                TimerAction::Pause => WorkshopTimer {
                    ends_at_ms: None,
                    paused_left_ms: left,
                },
                TimerAction::Resume => WorkshopTimer {
                    ends_at_ms: t.paused_left_ms.map(|l| now + l).or(t.ends_at_ms),
                    paused_left_ms: None,
                },
                TimerAction::Add { secs } => {
                    let add = i64::from(secs.min(3600)) * 1000;
                    match (t.ends_at_ms, t.paused_left_ms) {
                        (Some(e), _) => WorkshopTimer {
                            ends_at_ms: Some(e.max(now) + add),
                            paused_left_ms: None,
                        },
                        (None, Some(l)) => WorkshopTimer {
                            ends_at_ms: None,
                            paused_left_ms: Some(l + add),
                        },
                        (None, None) => WorkshopTimer {
                            ends_at_ms: Some(now + add),
                            paused_left_ms: None,
                        },
                    }
                }
                TimerAction::Clear => WorkshopTimer::default(),
            };
            rows::set_timer(c, id, &timer)?;
            rows::get(c, id)
        })
    }

    pub fn lock_workshop(&self, id: &str, locked: bool) -> Result<Workshop> {
        self.write("set_workshop_lock", |c| {
            ended_check(&rows::get(c, id)?)?;
            rows::set_locked(c, id, locked)?;
            rows::get(c, id)
        })
    }

    /// The facilitator's own note, on the current step's board.
    pub fn add_workshop_note(&self, id: &str, text: &str) -> Result<BoardNote> {
        let text = clean_note(text, "text")?;
        let note_id = self.write("add_workshop_note", |c| {
            let w = rows::get(c, id)?;
            ended_check(&w)?;
            if rows::count_notes(c, id)? >= MAX_WORKSHOP_NOTES {
                return Err(not_now(format!(
                    "a workshop holds at most {MAX_WORKSHOP_NOTES} notes"
                )));
            }
            let board = &w.current().board;
            let group = rows::new_group(c, id, board, "", None)?;
            rows::insert_note(
                c,
                &rows::NewNote {
                    workshop_id: id,
                    group_id: &group,
                    board,
                    author_id: None,
                    client_key: None,
                    text: &text,
                    seed: None,
                    by_facilitator: true,
                },
            )
        })?;
        self.workshop_snapshot(id)?
            .note(&note_id)
            .ok_or_else(|| Error::not_found("workshop note", &note_id))
    }

    /// Hide a note from the room (the projector and every phone but its author's).
    pub fn hide_workshop_note(&self, note_id: &str, hidden: bool) -> Result<()> {
        self.write("set_workshop_note_hidden", |c| {
            let (_, w) = rows::note(c, note_id)?;
            ended_check(&rows::get(c, &w)?)?;
            rows::set_note_hidden(c, note_id, hidden)
        })
    }

    pub fn delete_workshop_note(&self, note_id: &str) -> Result<()> {
        self.write("delete_workshop_note", |c| {
            let (_, w) = rows::note(c, note_id)?;
            ended_check(&rows::get(c, &w)?)?;
            rows::delete_note(c, note_id)
        })
    }

    /// Put a note into another group of its board, or (`None`) into a group of its own.
    pub fn move_workshop_note(&self, note_id: &str, group_id: Option<&str>) -> Result<()> {
        self.write("move_workshop_note", |c| move_note(c, note_id, group_id))
    }

    pub fn rename_workshop_group(&self, group_id: &str, title: &str) -> Result<()> {
        let title = shown_text(title, false);
        if title.chars().count() > 120 {
            return Err(Error::invalid(
                "title",
                "a group's name holds at most 120 characters",
            ));
        }
        self.write("update_workshop_group", |c| {
            let (w, _) = rows::group_place(c, group_id)?;
            ended_check(&rows::get(c, &w)?)?;
            rows::rename_group(c, group_id, title.trim())
        })
    }

    pub fn set_workshop_matrix(
        &self,
        group_id: &str,
        effort: Option<u8>,
        impact: Option<u8>,
    ) -> Result<()> {
        for (field, v) in [("effort", effort), ("impact", impact)] {
            if v.is_some_and(|v| !(1..=5).contains(&v)) {
                return Err(Error::invalid(
                    field,
                    format!("{field}: 1 (low) to 5 (high)"),
                ));
            }
        }
        self.write("set_workshop_matrix", |c| {
            let (w, _) = rows::group_place(c, group_id)?;
            ended_check(&rows::get(c, &w)?)?;
            rows::set_matrix(c, group_id, effort, impact)
        })
    }

    pub fn set_workshop_role(&self, participant_id: &str, role: SeatRole) -> Result<()> {
        self.write("set_workshop_role", |c| {
            rows::workshop_of_participant(c, participant_id)?;
            rows::set_role(c, participant_id, role)
        })
    }

    /// Take someone out of the room: their link stops working and their votes go.
    pub fn remove_workshop_participant(&self, participant_id: &str) -> Result<()> {
        self.write("remove_workshop_participant", |c| {
            rows::workshop_of_participant(c, participant_id)?;
            rows::remove_participant(c, participant_id)
        })
    }

    /// End the workshop for good: every participant credential is revoked (a listener that
    /// serves it closes when it sees this change).
    pub fn end_workshop(&self, id: &str) -> Result<Workshop> {
        self.write("end_workshop", |c| {
            ended_check(&rows::get(c, id)?)?;
            rows::end(c, id)?;
            let w = rows::get(c, id)?;
            c.summary(format!("Ended workshop “{}”", w.title));
            Ok(w)
        })
    }

    /// Where the room joined, kept so that reopening uses the same address and phones keep
    /// their credential (their browser stores it per address).
    pub fn set_workshop_listen_addr(&self, id: &str, addr: &str) -> Result<()> {
        self.write("set_workshop_listen_addr", |c| {
            ended_check(&rows::get(c, id)?)?;
            rows::set_listen_addr(c, id, addr)
        })
    }

    // ---- participants ----

    /// Seat someone who joined with the room's link or code; `token` is the credential the
    /// transport made for them (only its hash is kept).
    pub fn join_workshop(&self, id: &str, nickname: Option<&str>, token: &str) -> Result<SeatKey> {
        let nickname = match nickname {
            Some(n) => clean_nickname(n)?,
            None => None,
        };
        self.write_as(Origin::Workshop, "join_workshop", false, |c| {
            let w = rows::get(c, id)?;
            ended_check(&w)?;
            let seats = rows::seats(c, id)?;
            if seats.iter().filter(|s| !s.removed).count() >= MAX_SEATS {
                return Err(not_now(format!(
                    "this workshop is full ({MAX_SEATS} people)"
                )));
            }
            if !w.settings.latecomers && w.step > 0 {
                return Err(Error::new(
                    ErrorCode::Forbidden,
                    "this workshop is under way and does not take latecomers; ask the facilitator",
                ));
            }
            let pid = rows::add_participant(c, id, nickname.as_deref(), &token_hash(token))?;
            Ok(SeatKey {
                workshop_id: id.to_string(),
                participant_id: pid,
            })
        })
    }

    /// The seat a participant credential stands for, while it is valid.
    pub fn workshop_seat(&self, token: &str) -> Result<Option<SeatKey>> {
        Ok(
            rows::seat_by_token(&*self.read()?, &token_hash(token))?.map(|(w, p)| SeatKey {
                workshop_id: w,
                participant_id: p,
            }),
        )
    }

    /// Carry out a participant's request; answers their new view.
    pub fn participant_request(
        &self,
        seat: &SeatKey,
        request: ParticipantRequest,
    ) -> Result<ParticipantView> {
        if !matches!(request, ParticipantRequest::State {}) {
            self.write_as(Origin::Workshop, participant_op(&request), false, |c| {
                participant_write(c, seat, &request)
            })?;
        }
        let snapshot = self.workshop_snapshot(&seat.workshop_id)?;
        snapshot
            .view_for(&seat.participant_id)
            .filter(|_| snapshot.seated(&seat.participant_id))
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::Unauthorized,
                    "you are no longer in this workshop; ask the facilitator for the code",
                )
            })
    }

    // ---- results into the workspace ----

    /// Turn chosen groups into tree nodes or insights, each linked to the workshop as its
    /// evidence: one change, undone as one.
    pub fn promote_workshop_items(
        &self,
        id: &str,
        group_ids: &[String],
        target: &PromoteTarget,
    ) -> Result<Vec<ObjectRef>> {
        if group_ids.is_empty() {
            return Err(Error::invalid("group_ids", "choose at least one group"));
        }
        let board = self.workshop_board(id)?;
        let mut chosen = Vec::new();
        for gid in group_ids {
            let g = board.groups.iter().find(|g| &g.id == gid).ok_or_else(|| {
                Error::invalid("group_ids", format!("no group {gid} in this workshop"))
            })?;
            let name = g.name();
            if name.is_empty() {
                return Err(Error::invalid(
                    "group_ids",
                    "a chosen group has no visible note",
                ));
            }
            chosen.push((g.clone(), name));
        }
        let workshop = ObjectRef {
            kind: ObjectKind::Workshop,
            id: id.to_string(),
        };
        self.write("promote_workshop_items", |c| {
            let mut made = Vec::new();
            for (g, name) in &chosen {
                let title: String = name
                    .lines()
                    .next()
                    .unwrap_or("")
                    .chars()
                    .take(200)
                    .collect();
                let others: Vec<&str> = g
                    .notes
                    .iter()
                    .filter(|n| !n.hidden && n.text != *name)
                    .map(|n| n.text.as_str())
                    .collect();
                let description = others
                    .iter()
                    .map(|t| format!("- {t}"))
                    .collect::<Vec<_>>()
                    .join("\n");
                let from = match target {
                    PromoteTarget::TreeNode {
                        tree_id,
                        parent_id,
                        kind,
                    } => {
                        let parent = parent_id.clone().filter(|p| p != tree_id);
                        let input = TreeNodeInput {
                            parent_id: parent,
                            kind: *kind,
                            title: title.clone(),
                            description: description.clone(),
                            position: i64::MAX / 2,
                            status: NodeStatus::default(),
                            details: Default::default(),
                        };
                        ObjectRef {
                            kind: ObjectKind::TreeNode,
                            id: store::trees::insert_node(c, tree_id, &input)?,
                        }
                    }
                    PromoteTarget::Insight => ObjectRef {
                        kind: ObjectKind::Insight,
                        id: store::insights::insert(
                            c,
                            &InsightInput {
                                title: title.clone(),
                                body: description.clone(),
                                highlight_ids: Vec::new(),
                            },
                        )?,
                    },
                };
                let votes = match (g.votes, g.supervotes) {
                    (v, 0) => format!("{v} vote{}", if v == 1 { "" } else { "s" }),
                    (v, s) => format!("{v} votes, {s} supervote{}", if s == 1 { "" } else { "s" }),
                };
                let short: String = title.chars().take(60).collect();
                store::evidence::link(c, &from, &workshop, &format!("{votes} · “{short}”"))?;
                made.push(from);
            }
            let what = match target {
                PromoteTarget::TreeNode { kind, .. } => kind_plural(*kind, made.len()),
                PromoteTarget::Insight => {
                    if made.len() == 1 {
                        "1 insight".into()
                    } else {
                        format!("{} insights", made.len())
                    }
                }
            };
            c.summary(format!(
                "Added {what} from workshop “{}”",
                board.workshop.title
            ));
            Ok(made)
        })
    }

    /// Prioritise-tree: write each node's votes onto it (`NodeDetails.votes`).
    pub fn write_back_workshop_votes(&self, id: &str) -> Result<u32> {
        let board = self.workshop_board(id)?;
        if board.workshop.recipe != Recipe::PrioritiseTree {
            return Err(Error::invalid(
                "id",
                "only a prioritise-tree workshop has votes for tree nodes",
            ));
        }
        self.write("update_nodes_from_workshop", |c| {
            let mut n = 0;
            for g in &board.groups {
                let Some(node_id) = &g.node_id else { continue };
                let Ok(node) = store::trees::node(c, node_id) else {
                    continue;
                };
                if !crate::model::NodeDetails::owners("votes").contains(&node.input.kind) {
                    continue;
                }
                let mut input = node.input.clone();
                input.details.votes = Some(i64::from(g.votes + g.supervotes));
                store::trees::update_node(c, node_id, &input)?;
                n += 1;
            }
            c.summary(format!(
                "Wrote the votes of workshop “{}” onto {n} node{}",
                board.workshop.title,
                if n == 1 { "" } else { "s" }
            ));
            Ok(n)
        })
    }

    pub fn export_workshop(&self, id: &str, format: WorkshopFormat) -> Result<String> {
        let conn = self.read()?;
        let snapshot = Snapshot::load(&conn, id)?;
        let times = rows::step_times(&conn, id)?;
        export::export(&snapshot.board(), &times, format)
    }
}

fn kind_plural(kind: NodeKind, n: usize) -> String {
    let one = match kind {
        NodeKind::Opportunity => "opportunity",
        NodeKind::Solution => "solution",
        NodeKind::AssumptionTest => "assumption test",
    };
    match (n, kind) {
        (1, _) => format!("1 {one}"),
        (n, NodeKind::Opportunity) => format!("{n} opportunities"),
        (n, _) => format!("{n} {one}s"),
    }
}

#[derive(Default)]
struct Seeds {
    focus: Option<String>,
    notes: Vec<SeedNote>,
}

struct SeedNote {
    kind: ObjectKind,
    id: String,
    text: String,
    node_id: Option<String>,
}

impl Seeds {
    /// Seeds go on the board of the first step that has one to show.
    fn board_for(&self, steps: &[WorkshopStep]) -> String {
        steps
            .first()
            .map(|s| s.board.clone())
            .unwrap_or_else(|| "ideas".into())
    }
}

pub(crate) fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

fn participant_op(r: &ParticipantRequest) -> &'static str {
    match r {
        ParticipantRequest::State {} => "state",
        ParticipantRequest::PutNote { .. } => "set_workshop_note",
        ParticipantRequest::DeleteMyNote { .. } => "delete_workshop_note",
        ParticipantRequest::SetVote { .. } => "set_workshop_vote",
        ParticipantRequest::SetDone { .. } => "set_workshop_done",
        ParticipantRequest::MoveNote { .. } => "move_workshop_note",
        ParticipantRequest::SetNickname { .. } => "set_workshop_nickname",
    }
}

fn valid_key(key: &str) -> Result<()> {
    if key.is_empty()
        || key.len() > 64
        || !key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(Error::invalid(
            "client_key",
            "a note's key is 1 to 64 letters, digits, - or _",
        ));
    }
    Ok(())
}

fn move_note(c: &Connection, note_id: &str, group_id: Option<&str>) -> Result<()> {
    let (note, w) = rows::note(c, note_id)?;
    ended_check(&rows::get(c, &w)?)?;
    let to = match group_id {
        Some(g) => {
            let (gw, board) = rows::group_place(c, g)?;
            if gw != w || board != note.board {
                return Err(Error::invalid(
                    "group_id",
                    "a note can only join a group on its own board",
                ));
            }
            g.to_string()
        }
        None => rows::new_group(c, &w, &note.board, "", None)?,
    };
    rows::move_note(c, note_id, &to)
}

/// A participant's write, checked against the step, the lock and the vote rules.
fn participant_write(c: &Connection, seat: &SeatKey, r: &ParticipantRequest) -> Result<()> {
    let w = rows::get(c, &seat.workshop_id)?;
    ended_check(&w)?;
    let step = w.current().clone();
    let pid = seat.participant_id.as_str();
    let locked = || -> Result<()> {
        if w.locked {
            return Err(not_now("the facilitator has locked the board for now"));
        }
        Ok(())
    };
    match r {
        ParticipantRequest::State {} => Ok(()),
        ParticipantRequest::SetDone { done } => rows::set_done(c, pid, done.then_some(w.step)),
        ParticipantRequest::SetNickname { nickname } => {
            rows::set_nickname(c, pid, clean_nickname(nickname)?.as_deref())
        }
        ParticipantRequest::PutNote { client_key, text } => {
            valid_key(client_key)?;
            let text = clean_note(text, "text")?;
            locked()?;
            if step.activity != Activity::Write {
                return Err(not_now(
                    "writing is closed for this step; your draft is kept",
                ));
            }
            match rows::note_by_key(c, pid, client_key)? {
                Some(n) if n.board != step.board => Err(not_now(
                    "that note belongs to an earlier step and can no longer be changed",
                )),
                Some(n) => rows::set_note_text(c, &n.id, &text),
                None => {
                    if rows::count_notes_by(c, pid)? >= w.settings.max_notes {
                        return Err(not_now(format!(
                            "you have written {} notes, the most this workshop takes",
                            w.settings.max_notes
                        )));
                    }
                    if rows::count_notes(c, &w.id)? >= MAX_WORKSHOP_NOTES {
                        return Err(not_now("the board is full"));
                    }
                    let group = rows::new_group(c, &w.id, &step.board, "", None)?;
                    rows::insert_note(
                        c,
                        &rows::NewNote {
                            workshop_id: &w.id,
                            group_id: &group,
                            board: &step.board,
                            author_id: Some(pid),
                            client_key: Some(client_key),
                            text: &text,
                            seed: None,
                            by_facilitator: false,
                        },
                    )
                    .map(|_| ())
                }
            }
        }
        ParticipantRequest::DeleteMyNote { client_key } => {
            valid_key(client_key)?;
            locked()?;
            match rows::note_by_key(c, pid, client_key)? {
                None => Ok(()),
                Some(n) if n.board != step.board || step.activity != Activity::Write => Err(
                    not_now("notes can be deleted only while they are being written"),
                ),
                Some(n) => rows::delete_note(c, &n.id),
            }
        }
        ParticipantRequest::MoveNote { note_id, group_id } => {
            locked()?;
            if step.activity != Activity::Group || !w.settings.everyone_groups {
                return Err(not_now("only the facilitator groups notes now"));
            }
            let (note, nw) = rows::note(c, note_id)?;
            if nw != w.id || note.board != step.board || note.hidden {
                return Err(Error::new(
                    ErrorCode::NotFound,
                    "no such note on this board",
                ));
            }
            move_note(c, note_id, group_id.as_deref())
        }
        ParticipantRequest::SetVote {
            group_id,
            count,
            supervote,
        } => {
            locked()?;
            let role = rows::role(c, pid)?.ok_or_else(|| {
                Error::new(ErrorCode::Unauthorized, "you are not in this workshop")
            })?;
            let (gw, board) = rows::group_place(c, group_id)
                .map_err(|_| Error::new(ErrorCode::NotFound, "no such group on this board"))?;
            if gw != w.id || board != step.board {
                return Err(Error::new(
                    ErrorCode::NotFound,
                    "no such group on this board",
                ));
            }
            let others = rows::dots_elsewhere(c, pid, &step.board, *supervote, group_id)?;
            if *supervote {
                if step.activity != Activity::Decide || role != SeatRole::Decider {
                    return Err(not_now(
                        "only the decider has supervotes, in the decide step",
                    ));
                }
                if *count > 1 {
                    return Err(Error::invalid("count", "one supervote per item"));
                }
                if others + count > w.settings.supervotes {
                    return Err(not_now("you have no supervotes left; take one back first"));
                }
            } else {
                if step.activity != Activity::Vote {
                    return Err(not_now("voting is closed for this step"));
                }
                let cap = if w.settings.stacking {
                    w.settings.per_item_cap
                } else {
                    1
                };
                if *count > cap {
                    return Err(not_now(format!(
                        "at most {cap} vote{} on one item",
                        if cap == 1 { "" } else { "s" }
                    )));
                }
                let budget = w.settings.votes_per_person
                    + if role == SeatRole::Decider {
                        w.settings.decider_votes
                    } else {
                        0
                    };
                if others + count > budget {
                    return Err(not_now("you have no votes left; take one back first"));
                }
            }
            rows::set_vote(c, &w.id, pid, group_id, *supervote, *count)
        }
    }
}
