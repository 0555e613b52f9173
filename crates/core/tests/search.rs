//! Search finds what users type (issue 12): tags and participants by name, kept in step
//! with the store; a misspelt word corrected when nothing matches; the very word typed
//! ranked above words that only share its stem; the searched words marked in any text.

use groundwork_core::Workspace;
use groundwork_core::model::*;
use groundwork_core::search::{SearchRequest, SearchResults};

mod common;
use common::{new_ws, note, tag};

fn search(ws: &Workspace, q: &str) -> SearchResults {
    ws.flush_index().unwrap();
    ws.search(&SearchRequest {
        query: q.into(),
        ..Default::default()
    })
    .unwrap()
}

/// As the palette asks: the last word may still be being typed.
fn palette(ws: &Workspace, q: &str) -> SearchResults {
    ws.flush_index().unwrap();
    ws.search(&SearchRequest {
        query: q.into(),
        as_you_type: true,
        ..Default::default()
    })
    .unwrap()
}

fn of_kind(r: &SearchResults, kind: ObjectKind) -> Vec<(String, String)> {
    r.hits
        .iter()
        .filter(|h| h.kind == kind)
        .map(|h| (h.id.clone(), h.title.clone()))
        .collect()
}

#[test]
fn a_tag_is_found_by_its_name_and_follows_renames_moves_trash_and_merges() {
    let (_d, ws) = new_ws();
    let pains = tag(&ws, "Pains", None);
    let burnout = tag(&ws, "Burnout", Some(&pains));
    let t = |q: &str| of_kind(&palette(&ws, q), ObjectKind::Tag);

    // Found by its name, as typed and while typing; shown by its place in the codebook.
    assert_eq!(
        t("burnout"),
        [(burnout.id.clone(), "Pains / Burnout".into())]
    );
    assert_eq!(t("Burn"), [(burnout.id.clone(), "Pains / Burnout".into())]);
    let hit = palette(&ws, "burnout").hits.remove(0);
    assert_eq!(hit.parent.as_deref(), Some(pains.id.as_str()));

    // Renaming the parent changes the child's path; renaming the tag, its name.
    let mut input = pains.input.clone();
    input.name = "Pain points".into();
    ws.update_tag(&pains.id, &input).unwrap();
    assert_eq!(
        t("burnout"),
        [(burnout.id.clone(), "Pain points / Burnout".into())]
    );
    let mut input = burnout.input.clone();
    input.name = "Exhaustion".into();
    ws.update_tag(&burnout.id, &input).unwrap();
    assert!(t("burnout").is_empty());
    assert_eq!(t("exhaustion")[0].0, burnout.id);

    // Moved to the top level, it is no one's child.
    ws.move_tag(&burnout.id, None).unwrap();
    assert_eq!(t("exhaustion"), [(burnout.id.clone(), "Exhaustion".into())]);

    // Trashed it is gone; restored it is back.
    ws.trash(ObjectKind::Tag, &burnout.id).unwrap();
    assert!(t("exhaustion").is_empty());
    ws.restore(ObjectKind::Tag, &burnout.id).unwrap();
    assert_eq!(t("exhaustion").len(), 1);

    // Merged into another, only the one merged into remains.
    ws.merge_tags(&burnout.id, &pains.id).unwrap();
    assert!(t("exhaustion").is_empty());
    assert_eq!(t("pain"), [(pains.id.clone(), "Pain points".into())]);
    assert!(ws.check().unwrap().ok);
}

#[test]
fn a_participant_is_found_by_name_above_the_passages_that_mention_them() {
    let (_d, ws) = new_ws();
    let p = ws
        .create_participant(&ParticipantInput {
            name: "Jackie Kazil".into(),
            role: "Maintainer".into(),
            ..Default::default()
        })
        .unwrap();
    let iv = ws
        .create_interview(&InterviewInput {
            title: "Round 1".into(),
            participant_ids: vec![p.id.clone()],
            ..Default::default()
        })
        .unwrap();
    ws.add_segments(
        &iv.id,
        &(0..5)
            .map(|i| SegmentInput {
                speaker: Some("Mel".into()),
                text: format!("Jackie, tell me about project {i}."),
                ..Default::default()
            })
            .collect::<Vec<_>>(),
    )
    .unwrap();
    for q in ["jackie", "Jackie Kaz", "kazil"] {
        let r = palette(&ws, q);
        assert_eq!(r.hits[0].kind, ObjectKind::Participant, "{q}");
        assert_eq!(r.hits[0].id, p.id, "{q}");
    }
    let mut input = p.input.clone();
    input.name = "Jackie Smith".into();
    ws.update_participant(&p.id, &input).unwrap();
    assert!(of_kind(&palette(&ws, "kazil"), ObjectKind::Participant).is_empty());
    assert_eq!(
        of_kind(&palette(&ws, "smith"), ObjectKind::Participant).len(),
        1
    );
}

#[test]
fn the_word_as_typed_ranks_above_twenty_passages_that_share_only_its_stem() {
    // Issue 12: "trainings" found in one synthesis sank below twenty passages that say
    // "train" — short passages where the stem is a larger share of the words.
    let (_d, ws) = new_ws();
    let filler = "The research team met the state partners to review the data portal and \
                  the reports they send each quarter. ";
    let synthesis = note(
        &ws,
        "Fall synthesis",
        &format!(
            "{}Partners asked for more trainings on the new file format. {}",
            filler.repeat(12),
            filler.repeat(12)
        ),
    );
    let iv = ws
        .create_interview(&InterviewInput {
            title: "Volunteer calls".into(),
            ..Default::default()
        })
        .unwrap();
    ws.add_segments(
        &iv.id,
        &(0..20)
            .map(|i| SegmentInput {
                speaker: Some("Ann".into()),
                text: format!("We train volunteers, call {i}."),
                ..Default::default()
            })
            .collect::<Vec<_>>(),
    )
    .unwrap();
    for r in [search(&ws, "trainings"), palette(&ws, "trainings")] {
        assert_eq!(r.total, 21, "the stem still finds every passage");
        assert_eq!(r.hits[0].id, synthesis.id);
        assert!(r.hits[1..].iter().all(|h| h.kind == ObjectKind::Segment));
    }
    // "train" is its own stem: no exact form to prefer, BM25 ranks the twenty short
    // passages saying it above the long synthesis.
    let r = search(&ws, "train");
    assert_eq!((r.total, r.hits.len()), (21, 20));
    assert!(r.hits.iter().all(|h| h.kind == ObjectKind::Segment));
}

#[test]
fn a_misspelt_word_finds_the_word_meant_when_nothing_matches_as_typed() {
    let (_d, ws) = new_ws();
    let burnout = note(&ws, "Retention", "Volunteers suffer a lot of burnout.");
    note(
        &ws,
        "Phones",
        "The sign up form works on phones; burnt toast.",
    );
    let sign_up = note(&ws, "Onboarding", "Sign up took ages and led to burnout.");
    let corrected = |r: &SearchResults| r.corrected_query.clone();

    // A swap, a missing and an extra letter; as typed and while still typing.
    for (typed, meant) in [
        ("Volnteers", "volunteers"),
        ("suffer a lot of burnuot", "suffer a lot of burnout"),
        ("burnoutt volunteers", "burnout volunteers"),
    ] {
        let r = search(&ws, typed);
        assert_eq!(corrected(&r).as_deref(), Some(meant), "{typed}");
        assert_eq!(r.hits[0].id, burnout.id, "{typed}");
        assert!(!r.hits[0].snippet.highlights.is_empty(), "{typed}");
    }
    let r = search(&ws, "burnuot");
    assert_eq!(corrected(&r).as_deref(), Some("burnout"));
    assert_eq!(r.total, 2);
    // While typing too, though "burn" is a stem "burnuot" starts.
    let r = palette(&ws, "burnuot");
    assert_eq!(corrected(&r).as_deref(), Some("burnout"));
    assert_eq!(r.total, 2);
    let r = palette(&ws, "volunte burnuo");
    assert_eq!(corrected(&r).as_deref(), Some("volunte burnout"));
    assert_eq!(r.hits[0].id, burnout.id);
    // Phrases and exclusions are kept as they were written.
    let r = search(&ws, "\"sign up\" burnuot -toast");
    assert_eq!(corrected(&r).as_deref(), Some("\"sign up\" burnout -toast"));
    assert_eq!(
        r.hits.iter().map(|h| &h.id).collect::<Vec<_>>(),
        [&sign_up.id]
    );
    // A correction that finds nothing either is not offered.
    let r = search(&ws, "burnuot zebracorn");
    assert_eq!((r.total, corrected(&r)), (0, None));

    // Nothing to correct: the word is there, a word under five letters, or nothing near.
    assert_eq!(corrected(&search(&ws, "burnout")), None);
    assert_eq!(corrected(&search(&ws, "burnt")), None);
    assert_eq!(search(&ws, "burnt").total, 1);
    assert_eq!(corrected(&search(&ws, "lto")), None);
    let r = search(&ws, "zebracorn");
    assert_eq!((r.total, corrected(&r)), (0, None));
    // Filters that leave nothing are not a spelling mistake.
    let r = ws
        .search(&SearchRequest {
            query: "burnout".into(),
            tags: vec!["no such tag".into()],
            ..Default::default()
        })
        .unwrap();
    assert_eq!((r.total, corrected(&r)), (0, None));
}

#[test]
fn a_word_typed_past_its_stem_still_matches_while_typing() {
    let (_d, ws) = new_ws();
    let n = note(&ws, "Month end", "Bank reconciliation takes hours");
    for typed in ["rec", "reconcil", "reconciliatio", "reconciliation"] {
        let r = palette(&ws, typed);
        assert_eq!(r.hits.len(), 1, "{typed}");
        assert_eq!(r.hits[0].id, n.id, "{typed}");
        assert_eq!(r.corrected_query, None, "{typed}");
    }
    assert_eq!(palette(&ws, "reconnect").total, 0);
}

#[test]
fn the_words_a_search_found_are_marked_in_any_text() {
    let (_d, ws) = new_ws();
    note(&ws, "Training plan", "Trainings for new volunteers.");
    let r = palette(&ws, "trainings");
    assert!(r.terms.contains(&"train".to_string()), "{:?}", r.terms);
    let texts = vec![
        "We train volunteers; the training went well.".to_string(),
        "Nothing here.".to_string(),
        "Café trainings".to_string(),
    ];
    let marks = ws.mark_words(&r.terms, &texts).unwrap();
    let words: Vec<Vec<String>> = marks
        .iter()
        .zip(&texts)
        .map(|(m, t)| {
            let chars: Vec<char> = t.chars().collect();
            m.iter()
                .map(|[a, b]| chars[*a..*b].iter().collect())
                .collect()
        })
        .collect();
    assert_eq!(
        words,
        vec![vec!["train", "training"], vec![], vec!["trainings"]]
    );
    let huge = vec!["x".repeat(9 << 20)];
    let e = ws.mark_words(&r.terms, &huge).unwrap_err();
    assert_eq!(e.code, groundwork_core::ErrorCode::TooLarge);
}
