//! What each person sees of a workshop, made from one read of it. `view_for` is the
//! boundary: it is the only way anything reaches a phone, and it leaves out everything about
//! other people — who they are, what they wrote (until the writing is over) and how they
//! voted (until the reveal; even then only totals).

use super::now_ms;
use crate::error::Result;
use crate::model::workshop::*;
use crate::store::workshops as rows;
use rusqlite::Connection;
use std::collections::HashMap;

/// A workshop as it was at one moment, indexed once: every phone's view is made from this
/// one read, so a view costs what its own board holds, not what the whole room did.
pub struct Snapshot {
    workshop: Workshop,
    seats: Vec<rows::SeatRow>,
    groups: Vec<rows::GroupRow>,
    notes: Vec<rows::NoteRow>,
    /// Votes, supervotes and voters per group.
    totals: HashMap<String, (u32, u32, u32)>,
    /// Each participant's (votes, supervotes) per group.
    dots: HashMap<String, HashMap<String, (u32, u32)>>,
    /// Indexes into `notes`, per group, in the order they were written.
    notes_of: HashMap<String, Vec<usize>>,
    /// The current step's board as every phone sees it, made on first use.
    shared: std::sync::OnceLock<Vec<SeenGroup>>,
    /// The change log's newest entry when it was read: phones keep the newest view.
    rev: i64,
}

impl Snapshot {
    pub(crate) fn load(conn: &Connection, id: &str) -> Result<Snapshot> {
        let workshop = rows::get(conn, id)?;
        let notes = rows::notes(conn, id)?;
        let mut totals: HashMap<String, (u32, u32, u32)> = HashMap::new();
        let mut dots: HashMap<String, HashMap<String, (u32, u32)>> = HashMap::new();
        for (p, g, supervote, n) in rows::votes(conn, id)? {
            let t = totals.entry(g.clone()).or_default();
            let mine = dots.entry(p).or_default().entry(g).or_default();
            if supervote {
                t.1 += n;
                mine.1 += n;
            } else {
                t.0 += n;
                t.2 += 1;
                mine.0 += n;
            }
        }
        let mut notes_of: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, n) in notes.iter().enumerate() {
            notes_of.entry(n.group_id.clone()).or_default().push(i);
        }
        Ok(Snapshot {
            seats: rows::seats(conn, id)?,
            groups: rows::groups(conn, id)?,
            notes,
            totals,
            dots,
            notes_of,
            shared: std::sync::OnceLock::new(),
            rev: crate::store::changes::newest_seq(conn)?,
            workshop,
        })
    }

    pub fn workshop(&self) -> &Workshop {
        &self.workshop
    }

    pub fn rev(&self) -> i64 {
        self.rev
    }

    /// Whether a participant still has a seat (not removed; the workshop not ended).
    pub fn seated(&self, participant_id: &str) -> bool {
        self.workshop.ended_at.is_none()
            && self
                .seats
                .iter()
                .any(|s| s.id == participant_id && !s.removed)
    }

    /// Whether this read knows the participant at all: a seat made after it was read is
    /// not in it (and not removed).
    pub fn knows(&self, participant_id: &str) -> bool {
        self.seats.iter().any(|s| s.id == participant_id)
    }

    fn present(&self) -> impl Iterator<Item = &rows::SeatRow> {
        self.seats.iter().filter(|s| !s.removed)
    }

    fn done_count(&self) -> u32 {
        self.present()
            .filter(|s| s.done_step == Some(self.workshop.step))
            .count() as u32
    }

    pub(crate) fn note(&self, id: &str) -> Option<BoardNote> {
        self.notes.iter().find(|n| n.id == id).map(board_note)
    }

    /// Everything, for the facilitator.
    pub fn board(&self) -> WorkshopBoard {
        let groups = self
            .groups
            .iter()
            .map(|g| {
                let (votes, supervotes, voters) =
                    self.totals.get(&g.id).copied().unwrap_or_default();
                BoardGroup {
                    id: g.id.clone(),
                    board: g.board.clone(),
                    title: g.title.clone(),
                    position: g.position,
                    notes: self
                        .notes_of
                        .get(&g.id)
                        .map(|ix| ix.iter().map(|i| board_note(&self.notes[*i])).collect())
                        .unwrap_or_default(),
                    votes,
                    supervotes,
                    voters,
                    effort: g.effort,
                    impact: g.impact,
                    node_id: g.node_id.clone(),
                }
            })
            .collect();
        let used = |p: &str| -> u32 {
            self.dots
                .get(p)
                .map(|d| d.values().map(|v| v.0).sum())
                .unwrap_or(0)
        };
        let seats = self
            .seats
            .iter()
            .map(|s| Seat {
                id: s.id.clone(),
                nickname: s.nickname.clone(),
                role: s.role,
                done: s.done_step == Some(self.workshop.step),
                votes_used: used(&s.id),
                joined_at: s.joined_at.clone(),
                removed: s.removed,
            })
            .collect();
        WorkshopBoard {
            workshop: self.workshop.clone(),
            server_now_ms: now_ms(),
            groups,
            seats,
            done: self.done_count(),
        }
    }

    /// A board as every phone sees it: its groups that show a note, the hidden notes left
    /// out, totals only with the results. The same for every phone, so made once per read.
    fn shared_groups(&self, board: &str, results: bool) -> Vec<SeenGroup> {
        self.shared
            .get_or_init(|| {
                self.groups
                    .iter()
                    .filter(|g| g.board == board)
                    .filter_map(|g| {
                        let notes: Vec<SeenNote> = self
                            .notes_of
                            .get(&g.id)?
                            .iter()
                            .map(|i| &self.notes[*i])
                            .filter(|n| !n.hidden)
                            .map(|n| SeenNote {
                                id: n.id.clone(),
                                text: n.text.clone(),
                            })
                            .collect();
                        if notes.is_empty() {
                            return None;
                        }
                        let t =
                            results.then(|| self.totals.get(&g.id).copied().unwrap_or_default());
                        Some(SeenGroup {
                            id: g.id.clone(),
                            title: g.title.clone(),
                            notes,
                            votes: t.map(|t| t.0),
                            supervotes: t.map(|t| t.1),
                        })
                    })
                    .collect()
            })
            .clone()
    }

    /// What one participant's phone may show; `None` when they no longer have a seat.
    pub fn view_for(&self, participant_id: &str) -> Option<ParticipantView> {
        let me = self
            .seats
            .iter()
            .find(|s| s.id == participant_id && !s.removed)?;
        let w = &self.workshop;
        let step = w.current();
        let results = step.activity.shows_results();
        let mine = |n: &rows::NoteRow| n.author_id.as_deref() == Some(participant_id);
        let my_notes = self
            .notes
            .iter()
            .filter(|n| mine(n) && n.board == step.board)
            .map(|n| MyNote {
                id: n.id.clone(),
                client_key: n.client_key.clone().unwrap_or_default(),
                text: n.text.clone(),
                hidden: n.hidden,
            })
            .collect();
        let groups = if step.activity == Activity::Write {
            // While notes are being written, nobody sees anyone else's.
            Vec::new()
        } else {
            self.shared_groups(&step.board, results)
        };
        let my_dots: Vec<MyDots> = self
            .dots
            .get(participant_id)
            .map(|d| {
                groups
                    .iter()
                    .filter_map(|g| {
                        let (dots, super_dots) = d.get(&g.id).copied()?;
                        Some(MyDots {
                            group_id: g.id.clone(),
                            dots,
                            super_dots,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let ranked = results.then(|| {
            let mut r: Vec<&SeenGroup> = groups.iter().collect();
            r.sort_by_key(|g| {
                (
                    std::cmp::Reverse(g.supervotes.unwrap_or(0)),
                    std::cmp::Reverse(g.votes.unwrap_or(0)),
                )
            });
            r.into_iter().map(|g| g.id.clone()).collect()
        });
        let voting = matches!(step.activity, Activity::Vote | Activity::Decide).then(|| {
            let (used, used_super) = my_dots
                .iter()
                .fold((0, 0), |(a, b), d| (a + d.dots, b + d.super_dots));
            let s = &w.settings;
            let budget = s.votes_per_person
                + if me.role == SeatRole::Decider {
                    s.decider_votes
                } else {
                    0
                };
            Voting {
                votes_per_person: budget,
                votes_left: budget.saturating_sub(used),
                per_item_cap: if s.stacking { s.per_item_cap } else { 1 },
                stacking: s.stacking,
                supervotes_left: if me.role == SeatRole::Decider {
                    s.supervotes.saturating_sub(used_super)
                } else {
                    0
                },
            }
        });
        Some(ParticipantView {
            workshop_id: w.id.clone(),
            title: w.title.clone(),
            step: w.step,
            steps: w.steps.len() as u32,
            activity: step.activity,
            board: step.board.clone(),
            prompt: step.prompt.clone(),
            locked: w.locked,
            ended: w.ended_at.is_some(),
            timer: w.timer,
            server_now_ms: now_ms(),
            me: Me {
                id: me.id.clone(),
                nickname: me.nickname.clone(),
                role: me.role,
                done: me.done_step == Some(w.step),
            },
            my_notes,
            groups: Some(groups),
            my_dots,
            voting,
            ranked,
            done_count: self.done_count(),
            participant_count: self.present().count() as u32,
            everyone_groups: w.settings.everyone_groups,
            rev: self.rev,
        })
    }
}

fn board_note(n: &rows::NoteRow) -> BoardNote {
    BoardNote {
        id: n.id.clone(),
        group_id: n.group_id.clone(),
        board: n.board.clone(),
        text: n.text.clone(),
        hidden: n.hidden,
        seeded: n.seeded,
        by_facilitator: n.by_facilitator,
        created_at: n.created_at.clone(),
    }
}
