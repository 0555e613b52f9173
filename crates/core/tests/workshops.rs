//! Workshops in the engine (issue 17): the steps of a recipe, what each phone may see (no
//! one else's notes while writing, no totals before the reveal, never who), the vote rules,
//! idempotent writes a phone that slept can resend, results into a tree as one undoable
//! change, the participants' changes out of the facilitator's undo, and the end.

mod common;

use common::new_ws;
use groundwork_core::Workspace;
use groundwork_core::changes::{Origin, UndoScope};
use groundwork_core::model::workshop::*;
use groundwork_core::model::{NodeKind, ObjectKind, ObjectRef, TreeInput};
use groundwork_core::search::SearchRequest;

fn ldj(ws: &Workspace) -> Workshop {
    ws.create_workshop(&WorkshopInput {
        title: "Checkout jam".into(),
        recipe: Recipe::Ldj,
        settings: None,
        seed: WorkshopSeed::default(),
    })
    .unwrap()
}

fn seat(ws: &Workspace, w: &Workshop, n: usize) -> SeatKey {
    ws.join_workshop(&w.id, Some(&format!("P{n}")), &format!("{n:064}"))
        .unwrap()
}

fn act(ws: &Workspace, s: &SeatKey, r: ParticipantRequest) -> ParticipantView {
    ws.participant_request(s, r).unwrap()
}

fn note(ws: &Workspace, s: &SeatKey, key: &str, text: &str) -> ParticipantView {
    act(
        ws,
        s,
        ParticipantRequest::PutNote {
            client_key: key.into(),
            text: text.into(),
        },
    )
}

fn vote(
    ws: &Workspace,
    s: &SeatKey,
    group: &str,
    count: u32,
) -> groundwork_core::Result<ParticipantView> {
    ws.participant_request(
        s,
        ParticipantRequest::SetVote {
            group_id: group.into(),
            count,
            supervote: false,
        },
    )
}

fn advance_to(ws: &Workspace, id: &str, activity: Activity) -> Workshop {
    loop {
        let w = ws.workshop(id).unwrap();
        if w.current().activity == activity {
            return w;
        }
        ws.advance_workshop(id, w.step + 1).unwrap();
    }
}

/// A jam with three people who wrote five problems, now voting.
fn voting() -> (tempfile::TempDir, Workspace, Workshop, Vec<SeatKey>) {
    let (d, ws) = new_ws();
    let w = ldj(&ws);
    let seats: Vec<SeatKey> = (1..=3).map(|n| seat(&ws, &w, n)).collect();
    note(&ws, &seats[0], "a1", "Slow exports");
    note(&ws, &seats[0], "a2", "Nobody reads the onboarding email");
    note(&ws, &seats[1], "b1", "Exports time out on big projects");
    note(&ws, &seats[2], "c1", "Pricing page confuses teams");
    note(&ws, &seats[2], "c2", "Search misses old interviews");
    let w = advance_to(&ws, &w.id, Activity::Vote);
    (d, ws, w, seats)
}

#[test]
fn while_writing_nobody_sees_anyone_elses_notes() {
    let (_d, ws) = new_ws();
    let w = ldj(&ws);
    assert_eq!(w.current().activity, Activity::Write);
    let a = seat(&ws, &w, 1);
    let b = seat(&ws, &w, 2);
    note(&ws, &a, "k1", "Slow exports");
    let view = note(&ws, &b, "k1", "Pricing page confuses teams");
    assert_eq!(view.my_notes.len(), 1);
    assert_eq!(view.my_notes[0].text, "Pricing page confuses teams");
    assert!(
        view.groups.as_ref().unwrap().is_empty(),
        "{:?}",
        view.groups
    );
    let json = serde_json::to_string(&view).unwrap();
    assert!(!json.contains("Slow exports"), "{json}");
    assert!(!json.contains(&a.participant_id), "{json}");
    // The facilitator sees both.
    assert_eq!(ws.workshop_board(&w.id).unwrap().groups.len(), 2);
    // Grouping shows everyone's notes, still without who wrote them.
    let w = advance_to(&ws, &w.id, Activity::Group);
    let view = act(&ws, &b, ParticipantRequest::State {});
    assert_eq!(view.groups.as_ref().unwrap().len(), 2);
    let json = serde_json::to_string(&view).unwrap();
    assert!(json.contains("Slow exports"));
    assert!(!json.contains(&a.participant_id), "{json}");
    assert!(
        !json.contains("P1"),
        "nicknames never reach other phones: {json}"
    );
    assert_eq!(w.current().board, "problems");
}

#[test]
fn a_resent_note_or_vote_counts_once() {
    let (_d, ws, w, seats) = voting();
    let board = ws.workshop_board(&w.id).unwrap();
    let g = &board.groups[0].id;
    for _ in 0..3 {
        vote(&ws, &seats[0], g, 2).unwrap();
    }
    let board = ws.workshop_board(&w.id).unwrap();
    assert_eq!(board.groups.iter().find(|x| &x.id == g).unwrap().votes, 2);
    // Writing again with the same key edits the note instead of adding one.
    let (_d2, ws2) = new_ws();
    let w2 = ldj(&ws2);
    let s = seat(&ws2, &w2, 1);
    note(&ws2, &s, "same", "first");
    let view = note(&ws2, &s, "same", "second");
    assert_eq!(view.my_notes.len(), 1);
    assert_eq!(view.my_notes[0].text, "second");
}

#[test]
fn votes_keep_to_the_budget_and_the_cap_and_totals_stay_hidden_until_the_reveal() {
    let (_d, ws, w, seats) = voting();
    let board = ws.workshop_board(&w.id).unwrap();
    let ids: Vec<String> = board.groups.iter().map(|g| g.id.clone()).collect();
    // Three votes each by default, at most three on one item.
    vote(&ws, &seats[0], &ids[0], 3).unwrap();
    let e = vote(&ws, &seats[0], &ids[1], 1).unwrap_err();
    assert!(e.message.contains("no votes left"), "{}", e.message);
    // Taking one back frees it.
    vote(&ws, &seats[0], &ids[0], 2).unwrap();
    let view = vote(&ws, &seats[0], &ids[1], 1).unwrap();
    assert_eq!(view.voting.as_ref().unwrap().votes_left, 0);
    let e = vote(&ws, &seats[1], &ids[0], 4).unwrap_err();
    assert!(e.message.contains("at most 3"), "{}", e.message);
    // The others' dots are nowhere in anyone's view.
    vote(&ws, &seats[1], &ids[2], 3).unwrap();
    let view = act(&ws, &seats[2], ParticipantRequest::State {});
    assert!(
        view.groups
            .as_ref()
            .unwrap()
            .iter()
            .all(|g| g.votes.is_none())
            && view.my_dots.is_empty()
    );
    assert!(view.ranked.is_none());
    let json = serde_json::to_string(&view).unwrap();
    for s in &seats[..2] {
        assert!(!json.contains(&s.participant_id), "{json}");
    }
    assert!(
        !json.contains("\"votes\":3") && !json.contains("\"votes\":2"),
        "{json}"
    );
    // Only a decider has supervotes, only when deciding.
    let e = ws
        .participant_request(
            &seats[2],
            ParticipantRequest::SetVote {
                group_id: ids[0].clone(),
                count: 1,
                supervote: true,
            },
        )
        .unwrap_err();
    assert!(e.message.contains("decider"), "{}", e.message);
    // The decider may get more dots.
    let board = ws.workshop_board(&w.id).unwrap();
    let mut settings = board.workshop.settings.clone();
    settings.decider_votes = 2;
    ws.update_workshop(&w.id, "Checkout jam", &settings)
        .unwrap();
    ws.set_workshop_role(&seats[2].participant_id, SeatRole::Decider)
        .unwrap();
    let view = vote(&ws, &seats[2], &ids[3], 3).unwrap();
    assert_eq!(view.voting.as_ref().unwrap().votes_left, 2);
    vote(&ws, &seats[2], &ids[4], 2).unwrap();
    assert!(
        vote(&ws, &seats[0], &ids[4], 1).is_err(),
        "the others keep three"
    );
    // The reveal shows totals and a ranking, still not who.
    let w = advance_to(&ws, &w.id, Activity::Reveal);
    let view = act(&ws, &seats[2], ParticipantRequest::State {});
    let top = view.ranked.as_ref().unwrap()[0].clone();
    let topg = view
        .groups
        .as_ref()
        .unwrap()
        .iter()
        .find(|g| g.id == top)
        .unwrap();
    assert_eq!(topg.votes, Some(3));
    assert_eq!(
        view.groups
            .as_ref()
            .unwrap()
            .iter()
            .filter_map(|g| g.votes)
            .sum::<u32>(),
        3 + 3 + 5
    );
    assert!(
        !serde_json::to_string(&view)
            .unwrap()
            .contains(&seats[0].participant_id)
    );
    // Going back keeps every vote.
    ws.advance_workshop(&w.id, w.step - 1).unwrap();
    let view = act(&ws, &seats[0], ParticipantRequest::State {});
    assert_eq!(view.voting.unwrap().votes_left, 0);
}

#[test]
fn writing_closes_with_its_step_and_the_lock() {
    let (_d, ws, w, seats) = voting();
    let e = ws
        .participant_request(
            &seats[0],
            ParticipantRequest::PutNote {
                client_key: "late".into(),
                text: "one more".into(),
            },
        )
        .unwrap_err();
    assert_eq!(e.code, groundwork_core::ErrorCode::Conflict);
    ws.lock_workshop(&w.id, true).unwrap();
    let g = ws.workshop_board(&w.id).unwrap().groups[0].id.clone();
    let e = vote(&ws, &seats[0], &g, 1).unwrap_err();
    assert!(e.message.contains("locked"), "{}", e.message);
}

#[test]
fn hostile_note_text_is_kept_as_text_without_its_invisible_tricks() {
    let (_d, ws) = new_ws();
    let w = ldj(&ws);
    let s = seat(&ws, &w, 1);
    let view = note(
        &ws,
        &s,
        "x",
        "<img src=x onerror=alert(1)>\u{202E}gnp.exe\u{0007}",
    );
    assert_eq!(view.my_notes[0].text, "<img src=x onerror=alert(1)>gnp.exe");
    let long = "W".repeat(281);
    let e = ws
        .participant_request(
            &s,
            ParticipantRequest::PutNote {
                client_key: "y".into(),
                text: long,
            },
        )
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("text"));
    let e = ws
        .participant_request(
            &s,
            ParticipantRequest::PutNote {
                client_key: "../bad key".into(),
                text: "x".into(),
            },
        )
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("client_key"));
}

#[test]
fn the_top_groups_become_solutions_that_cite_the_workshop_in_one_undoable_step() {
    let (_d, ws, w, seats) = voting();
    let tree = ws
        .create_tree(&TreeInput {
            title: "Retention".into(),
            ..Default::default()
        })
        .unwrap();
    let board = ws.workshop_board(&w.id).unwrap();
    let ids: Vec<String> = board.groups.iter().map(|g| g.id.clone()).collect();
    vote(&ws, &seats[0], &ids[1], 3).unwrap();
    vote(&ws, &seats[1], &ids[3], 2).unwrap();
    advance_to(&ws, &w.id, Activity::Reveal);
    let made = ws
        .promote_workshop_items(
            &w.id,
            &[ids[1].clone(), ids[3].clone()],
            &PromoteTarget::TreeNode {
                tree_id: tree.id.clone(),
                parent_id: None,
                kind: NodeKind::Opportunity,
            },
        )
        .unwrap();
    assert_eq!(made.len(), 2);
    let nodes = ws.tree_nodes(&tree.id).unwrap();
    let titles: Vec<&str> = nodes.iter().map(|n| n.input.title.as_str()).collect();
    assert!(
        titles.contains(&"Nobody reads the onboarding email"),
        "{titles:?}"
    );
    for m in &made {
        let ev = ws.evidence(m).unwrap();
        assert!(
            ev.iter()
                .any(|e| e.to.kind == ObjectKind::Workshop && e.to.id == w.id),
            "{ev:?}"
        );
    }
    let ev = ws.evidence(&made[0]).unwrap();
    assert!(ev[0].comment.starts_with("3 votes"), "{}", ev[0].comment);
    // The facilitator's Ctrl+Z takes the whole promotion back, and never a participant's vote.
    let undone = ws.undo(&UndoScope::Mine).unwrap();
    assert_eq!(undone.op, "promote_workshop_items");
    assert!(ws.tree_nodes(&tree.id).unwrap().len() < nodes.len());
    let history = ws.history(&UndoScope::Mine, 200).unwrap();
    assert!(history.iter().all(|c| c.origin != Origin::Workshop));
    let all = ws
        .history(
            &UndoScope::Object {
                object: ObjectRef {
                    kind: ObjectKind::Workshop,
                    id: w.id.clone(),
                },
            },
            500,
        )
        .unwrap();
    assert!(
        all.iter()
            .any(|c| c.origin == Origin::Workshop && c.op == "set_workshop_vote")
    );
}

#[test]
fn ending_revokes_every_seat_and_the_workshop_is_found_by_what_was_written() {
    let (_d, ws, w, seats) = voting();
    ws.flush_index().unwrap();
    let hits = ws
        .search(&SearchRequest {
            query: "onboarding email".into(),
            ..Default::default()
        })
        .unwrap();
    assert!(
        hits.hits
            .iter()
            .any(|h| h.kind == ObjectKind::Workshop && h.id == w.id),
        "{:?}",
        hits.hits
    );
    assert!(ws.workshop_seat(&format!("{:064}", 1)).unwrap().is_some());
    ws.end_workshop(&w.id).unwrap();
    assert!(ws.workshop_seat(&format!("{:064}", 1)).unwrap().is_none());
    let e = ws
        .participant_request(&seats[0], ParticipantRequest::State {})
        .unwrap_err();
    assert_eq!(e.code, groundwork_core::ErrorCode::Unauthorized);
    assert!(
        ws.join_workshop(&w.id, None, &format!("{:064}", 9))
            .is_err()
    );
    assert!(ws.advance_workshop(&w.id, 1).is_err());
}

#[test]
fn a_removed_participant_loses_their_votes_and_their_seat_but_not_their_notes() {
    let (_d, ws, w, seats) = voting();
    let g = ws.workshop_board(&w.id).unwrap().groups[0].id.clone();
    vote(&ws, &seats[0], &g, 2).unwrap();
    ws.remove_workshop_participant(&seats[0].participant_id)
        .unwrap();
    let board = ws.workshop_board(&w.id).unwrap();
    assert_eq!(board.groups.iter().map(|g| g.votes).sum::<u32>(), 0);
    assert_eq!(board.workshop.notes, 5);
    assert!(ws.workshop_seat(&format!("{:064}", 1)).unwrap().is_none());
}

#[test]
fn grouping_merges_and_splits_and_the_exports_say_what_the_room_decided() {
    let (_d, ws) = new_ws();
    let w = ldj(&ws);
    let s = seat(&ws, &w, 1);
    note(&ws, &s, "a", "Slow exports");
    note(&ws, &s, "b", "Exports time out");
    note(&ws, &s, "c", "=HYPERLINK(\"http://evil\")");
    advance_to(&ws, &w.id, Activity::Group);
    let board = ws.workshop_board(&w.id).unwrap();
    let (g0, n1) = (
        board.groups[0].id.clone(),
        board.groups[1].notes[0].id.clone(),
    );
    ws.move_workshop_note(&n1, Some(&g0)).unwrap();
    ws.rename_workshop_group(&g0, "Exports").unwrap();
    let board = ws.workshop_board(&w.id).unwrap();
    assert_eq!(board.groups.len(), 2);
    // A participant may not group unless the facilitator lets everyone.
    let e = ws
        .participant_request(
            &s,
            ParticipantRequest::MoveNote {
                note_id: n1.clone(),
                group_id: None,
            },
        )
        .unwrap_err();
    assert!(e.message.contains("facilitator"), "{}", e.message);
    ws.move_workshop_note(&n1, None).unwrap();
    assert_eq!(ws.workshop_board(&w.id).unwrap().groups.len(), 3);
    ws.move_workshop_note(&n1, Some(&g0)).unwrap();
    let w2 = advance_to(&ws, &w.id, Activity::Vote);
    vote(&ws, &s, &g0, 2).unwrap();
    let md = ws.export_workshop(&w2.id, WorkshopFormat::Md).unwrap();
    assert!(md.contains("# Checkout jam"), "{md}");
    assert!(md.contains("1. **Exports** (2 votes)"), "{md}");
    let csv = ws.export_workshop(&w2.id, WorkshopFormat::Csv).unwrap();
    assert!(
        csv.contains("'=HYPERLINK"),
        "formulas are neutralised: {csv}"
    );
    assert!(!csv.contains("P1"), "no names in exports: {csv}");
    let svg = ws.export_workshop(&w2.id, WorkshopFormat::Svg).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("Exports"));
}

#[test]
fn prioritising_a_tree_writes_the_votes_back_onto_its_nodes() {
    let (_d, ws) = new_ws();
    let tree = ws
        .create_tree(&TreeInput {
            title: "Activation".into(),
            ..Default::default()
        })
        .unwrap();
    let mut ids = Vec::new();
    for t in ["Setup is slow", "Invites get lost"] {
        let n = ws
            .create_tree_node(
                &tree.id,
                &groundwork_core::model::TreeNodeInput {
                    kind: NodeKind::Opportunity,
                    title: t.into(),
                    ..Default::default()
                },
            )
            .unwrap();
        ids.push(n.id);
    }
    let w = ws
        .create_workshop(&WorkshopInput {
            title: "What next".into(),
            recipe: Recipe::PrioritiseTree,
            settings: None,
            seed: WorkshopSeed {
                tree_id: Some(tree.id.clone()),
                node_ids: ids.clone(),
                ..Default::default()
            },
        })
        .unwrap();
    assert_eq!(w.current().activity, Activity::Vote);
    let s = seat(&ws, &w, 1);
    let view = act(&ws, &s, ParticipantRequest::State {});
    assert_eq!(view.groups.as_ref().unwrap().len(), 2);
    let invites = view
        .groups
        .as_ref()
        .unwrap()
        .iter()
        .find(|g| g.notes[0].text == "Invites get lost")
        .unwrap();
    vote(&ws, &s, &invites.id, 3).unwrap();
    assert_eq!(ws.write_back_workshop_votes(&w.id).unwrap(), 2);
    let nodes = ws.tree_nodes(&tree.id).unwrap();
    let n = nodes.iter().find(|n| n.id == ids[1]).unwrap();
    assert_eq!(n.input.details.votes, Some(3));
}

#[test]
fn research_packs_carry_the_results_and_never_who() {
    use groundwork_core::pack::redact::RedactOptions;
    use groundwork_core::pack::{PackFormat, PackRequest, PackScope};
    let (d, ws, w, seats) = voting();
    let g = ws.workshop_board(&w.id).unwrap().groups[1].id.clone();
    vote(&ws, &seats[0], &g, 3).unwrap();
    for (format, file) in [
        (PackFormat::Md, "workshops.md"),
        (PackFormat::Csv, "workshop_notes.csv"),
        (PackFormat::Html, "workshops.html"),
    ] {
        let out = d.path().join(format!("pack-{file}"));
        ws.export_pack(
            &PackRequest {
                format,
                scope: PackScope::default(),
                redact: RedactOptions::default(),
            },
            &out,
        )
        .unwrap();
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        assert!(
            text.contains("Nobody reads the onboarding email"),
            "{file}: {text}"
        );
        assert!(text.contains('3'), "{file}: {text}");
        for s in &seats {
            assert!(!text.contains(&s.participant_id), "{file}: {text}");
        }
        assert!(!text.contains("P1"), "{file}: nicknames stay out: {text}");
    }
    // Published-only packs are for stakeholders: no workshops.
    let out = d.path().join("published");
    ws.export_pack(
        &PackRequest {
            format: PackFormat::Md,
            scope: PackScope {
                published_only: true,
                ..Default::default()
            },
            redact: RedactOptions::default(),
        },
        &out,
    )
    .unwrap();
    assert!(!out.join("workshops.md").exists());
}

#[test]
fn a_trashed_workshop_takes_its_room_with_it_and_comes_back_whole() {
    let (_d, ws, w, seats) = voting();
    ws.trash(ObjectKind::Workshop, &w.id).unwrap();
    assert!(ws.workshops().unwrap().is_empty());
    assert!(
        ws.workshop_seat(&format!("{:064}", 1)).unwrap().is_none(),
        "no seat in a trashed workshop"
    );
    assert!(
        ws.participant_request(&seats[0], ParticipantRequest::State {})
            .is_err()
    );
    ws.restore(ObjectKind::Workshop, &w.id).unwrap();
    assert_eq!(ws.workshop(&w.id).unwrap().notes, 5);
    assert!(ws.workshop_seat(&format!("{:064}", 1)).unwrap().is_some());
    // Emptying the trash deletes it for good, with every note, seat and vote.
    ws.trash(ObjectKind::Workshop, &w.id).unwrap();
    ws.purge_trash(true).unwrap();
    assert!(ws.workshop(&w.id).is_err());
    assert!(ws.check().unwrap().ok);
}
