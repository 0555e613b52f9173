//! Coding evidence: anchors that survive edits, the codebook's restructuring, the highlights
//! view's query, evidence strength, participant pages and interview snapshots.

use groundwork_core::coding::HighlightQuery;
use groundwork_core::model::*;
use groundwork_core::{ErrorCode, Workspace};

mod common;
use common::{new_ws, tag};

fn person(ws: &Workspace, name: &str) -> Participant {
    ws.create_participant(&ParticipantInput {
        name: name.into(),
        ..Default::default()
    })
    .unwrap()
}

/// An interview with one segment per (speaker participant, text).
fn interview(
    ws: &Workspace,
    title: &str,
    date: &str,
    lines: &[(&Participant, &str)],
) -> (Interview, Vec<Segment>) {
    let iv = ws
        .create_interview(&InterviewInput {
            title: title.into(),
            date: Some(date.into()),
            notes: "Ops lead. She said the export is slow.".into(),
            ..Default::default()
        })
        .unwrap();
    let segs = ws
        .add_segments(
            &iv.id,
            &lines
                .iter()
                .enumerate()
                .map(|(i, (p, text))| SegmentInput {
                    speaker: Some(p.input.name.clone()),
                    participant_id: Some(p.id.clone()),
                    start_ms: Some(i as i64 * 10_000),
                    end_ms: Some(i as i64 * 10_000 + 9_000),
                    text: text.to_string(),
                    cues: None,
                })
                .collect::<Vec<_>>(),
        )
        .unwrap();
    (iv, segs)
}

fn highlight(ws: &Workspace, seg: &Segment, quote: &str, tags: &[&Tag]) -> Highlight {
    let byte = seg.text.find(quote).expect("quote in segment");
    let start = seg.text[..byte].chars().count() as i64;
    ws.create_highlight(&HighlightInput {
        interview_id: Some(seg.interview_id.clone()),
        segment_id: Some(seg.id.clone()),
        start,
        end: start + quote.chars().count() as i64,
        quote: quote.into(),
        tag_ids: tags.iter().map(|t| t.id.clone()).collect(),
        ..Default::default()
    })
    .unwrap()
}

fn edit_segment(ws: &Workspace, seg: &Segment, text: &str) {
    ws.update_segment(
        &seg.id,
        &SegmentInput {
            speaker: seg.speaker.clone(),
            participant_id: seg.participant_id.clone(),
            start_ms: seg.start_ms,
            end_ms: seg.end_ms,
            text: text.into(),
            cues: None,
        },
    )
    .unwrap();
}

#[test]
fn an_edited_segment_moves_its_highlights_to_the_nearest_quote_or_flags_them_lost() {
    let (_d, ws) = new_ws();
    let ann = person(&ws, "Ann");
    let (_, segs) = interview(
        &ws,
        "Call",
        "2026-01-10",
        &[(&ann, "I export it. Then I export it again.")],
    );
    let first = highlight(&ws, &segs[0], "export it", &[]);
    assert_eq!(
        (first.input.start, first.input.end, first.anchor),
        (2, 11, AnchorState::Ok)
    );
    // The second occurrence, chosen by offset.
    let second = ws
        .create_highlight(&HighlightInput {
            interview_id: first.input.interview_id.clone(),
            segment_id: first.input.segment_id.clone(),
            start: 20,
            end: 29,
            quote: "export it".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(second.input.start, 20);

    // Text inserted before both: each follows its own occurrence (the nearest one).
    edit_segment(&ws, &segs[0], "Well, I export it. Then I export it again.");
    let a = ws.highlight(&first.id).unwrap();
    let b = ws.highlight(&second.id).unwrap();
    assert_eq!(
        (a.input.start, a.input.end, a.anchor),
        (8, 17, AnchorState::Moved)
    );
    assert_eq!((b.input.start, b.anchor), (26, AnchorState::Moved));

    // An edit elsewhere leaves the offsets alone and the anchor still says it moved once.
    edit_segment(&ws, &segs[0], "Well, I export it. Then I export it again!");
    assert_eq!(ws.highlight(&first.id).unwrap().input.start, 8);

    // The words are gone: lost, with the quote and old offsets kept.
    edit_segment(&ws, &segs[0], "Well, I send it. Then I print it.");
    let lost = ws.highlight(&first.id).unwrap();
    assert_eq!(lost.anchor, AnchorState::Lost);
    assert_eq!(
        (lost.input.start, lost.input.quote.as_str()),
        (8, "export it")
    );

    // They come back: found again.
    edit_segment(&ws, &segs[0], "I export it.");
    let back = ws.highlight(&first.id).unwrap();
    assert_eq!((back.input.start, back.anchor), (2, AnchorState::Moved));
}

#[test]
fn notes_edits_reanchor_highlights_in_interview_notes_and_in_notes() {
    let (_d, ws) = new_ws();
    let iv = ws
        .create_interview(&InterviewInput {
            title: "Call".into(),
            notes: "She said the export is slow.".into(),
            ..Default::default()
        })
        .unwrap();
    let h = ws
        .create_highlight(&HighlightInput {
            interview_id: Some(iv.id.clone()),
            start: 13,
            end: 27,
            quote: "export is slow".into(),
            ..Default::default()
        })
        .unwrap();
    let mut input = iv.input.clone();
    input.notes = "# Notes\n\nShe said the export is slow.".into();
    ws.update_interview(&iv.id, &input).unwrap();
    let moved = ws.highlight(&h.id).unwrap();
    assert_eq!((moved.input.start, moved.anchor), (22, AnchorState::Moved));

    let note = ws
        .create_note(&NoteInput {
            title: "Synthesis".into(),
            body: "Pricing confuses buyers.".into(),
        })
        .unwrap();
    let nh = ws
        .create_highlight(&HighlightInput {
            note_id: Some(note.id.clone()),
            end: 16,
            quote: "Pricing confuses".into(),
            ..Default::default()
        })
        .unwrap();
    ws.update_note(
        &note.id,
        &NoteInput {
            title: "Synthesis".into(),
            body: "Buyers understand pricing.".into(),
        },
    )
    .unwrap();
    assert_eq!(ws.highlight(&nh.id).unwrap().anchor, AnchorState::Lost);
}

/// Caption cues of one speaker-less transcript, as a VTT import makes them.
fn captions(ws: &Workspace, cues: &[&str]) -> (Interview, Vec<Segment>) {
    let iv = ws
        .create_interview(&InterviewInput {
            title: "Podcast".into(),
            ..Default::default()
        })
        .unwrap();
    let segs = ws
        .add_segments(
            &iv.id,
            &cues
                .iter()
                .enumerate()
                .map(|(i, text)| SegmentInput {
                    start_ms: Some(i as i64 * 2_000),
                    end_ms: Some(i as i64 * 2_000 + 1_900),
                    text: text.to_string(),
                    ..Default::default()
                })
                .collect::<Vec<_>>(),
        )
        .unwrap();
    (iv, segs)
}

/// A highlight from `first` over to `last`, starting at `start` in the first passage.
fn span_input(first: &Segment, last: &Segment, start: i64, quote: &str) -> HighlightInput {
    HighlightInput {
        interview_id: Some(first.interview_id.clone()),
        segment_id: Some(first.id.clone()),
        end_segment_id: Some(last.id.clone()),
        start,
        end: start + quote.chars().count() as i64,
        quote: quote.into(),
        ..Default::default()
    }
}

#[test]
fn a_quote_runs_over_several_passages_and_follows_their_edits() {
    let (_d, ws) = new_ws();
    let (_, segs) = captions(
        &ws,
        &[
            "So we started the food bank in 2019.",
            "Volunteers suffer",
            "a lot of burnout, honestly,",
            "every winter. Then",
            "things got better.",
        ],
    );
    let quote = "Volunteers suffer a lot of burnout, honestly, every winter.";
    let h = ws
        .create_highlight(&span_input(&segs[1], &segs[3], 0, quote))
        .unwrap();
    assert_eq!(h.input.quote, quote);
    assert_eq!(h.input.segment_id.as_deref(), Some(segs[1].id.as_str()));
    assert_eq!(h.input.end_segment_id.as_deref(), Some(segs[3].id.as_str()));
    // Starts at 0 of the first passage, takes all of it, ends after "every winter." in the last.
    assert_eq!((h.input.start, h.input.end), (0, 17));
    assert_eq!(h.end_offset, Some(13));
    assert_eq!(
        h.start_ms,
        Some(2_000),
        "it starts when its first passage does"
    );
    assert_eq!(h.anchor, AnchorState::Ok);
    assert_eq!(ws.highlight(&h.id).unwrap(), h, "read back as made");

    // Text added before the quote in its first passage: it moves with it.
    edit_segment(&ws, &segs[1], "Well, volunteers suffer");
    let lost = ws.highlight(&h.id).unwrap();
    assert_eq!(
        lost.anchor,
        AnchorState::Lost,
        "\"Volunteers\" is no longer there"
    );
    edit_segment(&ws, &segs[1], "Well, Volunteers suffer");
    let moved = ws.highlight(&h.id).unwrap();
    assert_eq!(
        (
            moved.input.start,
            moved.input.end,
            moved.end_offset,
            moved.anchor
        ),
        (6, 23, Some(13), AnchorState::Moved)
    );
    // An edit in a middle passage outside the quote's words cannot be: every word of it is
    // quoted, so changing it loses the quote, and putting it back finds it again.
    edit_segment(&ws, &segs[2], "a lot of burnout, truly,");
    assert_eq!(ws.highlight(&h.id).unwrap().anchor, AnchorState::Lost);
    edit_segment(&ws, &segs[2], "a lot of burnout, honestly,");
    assert_eq!(ws.highlight(&h.id).unwrap().anchor, AnchorState::Moved);
    // The last passage grows after the quote: its end offset stays.
    edit_segment(&ws, &segs[3], "every winter. Then spring");
    let after = ws.highlight(&h.id).unwrap();
    assert_eq!((after.input.start, after.end_offset), (6, Some(13)));
    // Editing a passage outside the span leaves it alone.
    edit_segment(&ws, &segs[4], "things got worse.");
    assert_eq!(ws.highlight(&h.id).unwrap(), after);

    // Updating its comment keeps its span; moving it to other passages is refused.
    let mut input = after.input.clone();
    input.comment = "the core pain".into();
    let updated = ws.update_highlight(&h.id, &input).unwrap();
    assert_eq!(updated.end_offset, Some(13));
    assert_eq!(updated.input.comment, "the core pain");
    input.end_segment_id = Some(segs[4].id.clone());
    let err = ws.update_highlight(&h.id, &input).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("segment_id"));

    // A quote within one passage has no end passage, as before.
    let one = highlight(&ws, &segs[0], "food bank", &[]);
    assert_eq!((one.input.end_segment_id, one.end_offset), (None, None));
    // One passage named as both ends is a quote within it.
    let same = ws
        .create_highlight(&span_input(&segs[0], &segs[0], 4, "started"))
        .unwrap();
    assert_eq!((same.input.end_segment_id, same.end_offset), (None, None));
}

#[test]
fn a_quote_over_passages_is_refused_when_it_cannot_be_one() {
    let (_d, ws) = new_ws();
    let ann = person(&ws, "Ann");
    let bob = person(&ws, "Bob");
    let (_, segs) = interview(
        &ws,
        "Call",
        "2026-01-10",
        &[
            (&ann, "The export"),
            (&ann, "is slow."),
            (&bob, "It really is."),
        ],
    );
    // One speaker over two passages: theirs.
    let h = ws
        .create_highlight(&span_input(&segs[0], &segs[1], 4, "export is slow"))
        .unwrap();
    assert_eq!(h.participant_id.as_deref(), Some(ann.id.as_str()));
    assert_eq!(h.speaker.as_deref(), Some("Ann"));

    let refused = |input: HighlightInput, field: &str, words: &str| {
        let before = ws.highlights().unwrap().len();
        let err = ws.create_highlight(&input).unwrap_err();
        assert_eq!(err.code, ErrorCode::Invalid);
        assert_eq!(err.field.as_deref(), Some(field), "{err}");
        assert!(err.to_string().contains(words), "{err}");
        assert_eq!(ws.highlights().unwrap().len(), before, "nothing saved");
    };
    // Two speakers: a clear message naming them.
    refused(
        span_input(&segs[1], &segs[2], 0, "is slow. It really is."),
        "end_segment_id",
        "Ann and Bob",
    );
    // Backwards.
    refused(
        span_input(&segs[1], &segs[0], 0, "is slow. The export"),
        "end_segment_id",
        "forwards",
    );
    // Words that are not there, or that do not reach the last passage.
    refused(
        span_input(&segs[0], &segs[1], 0, "The export is fast."),
        "quote",
        "does not appear",
    );
    refused(
        span_input(&segs[0], &segs[1], 0, "The export"),
        "quote",
        "first selected passage to the last",
    );
    // A passage of another interview.
    let (_, other) = captions(&ws, &["Elsewhere.", "Entirely."]);
    let mut input = span_input(&segs[0], &other[1], 0, "The export");
    input.end_segment_id = Some(other[1].id.clone());
    refused(input, "end_segment_id", "another interview");
    // An end passage without a first one.
    let mut input = span_input(&segs[0], &segs[1], 4, "export is slow");
    input.segment_id = None;
    refused(input, "end_segment_id", "starts in a transcript passage");
}

#[test]
fn moving_a_tag_under_its_own_child_is_refused_with_a_clear_error() {
    let (_d, ws) = new_ws();
    let pain = tag(&ws, "Pain", None);
    let billing = tag(&ws, "Billing", Some(&pain));
    let export = tag(&ws, "Export", Some(&billing));
    let err = ws.move_tag(&pain.id, Some(&export.id)).unwrap_err();
    assert_eq!(err.code, ErrorCode::Invalid);
    assert_eq!(err.field.as_deref(), Some("parent_id"));
    assert!(
        err.message.contains("under itself or its own children"),
        "{}",
        err.message
    );
    let err = ws.move_tag(&pain.id, Some(&pain.id)).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("parent_id"));
    // Nothing changed.
    assert_eq!(ws.tag(&pain.id).unwrap().input.parent_id, None);

    let moved = ws.move_tag(&export.id, None).unwrap();
    assert_eq!(
        (moved.path.as_str(), moved.input.parent_id.as_ref()),
        ("Export", None)
    );
    let back = ws.move_tag(&export.id, Some(&pain.id)).unwrap();
    assert_eq!(back.path, "Pain / Export");
}

#[test]
fn merging_moves_every_highlight_once_and_children_along_then_removes_the_source() {
    let (_d, ws) = new_ws();
    let ann = person(&ws, "Ann");
    let (_, segs) = interview(
        &ws,
        "Call",
        "2026-01-10",
        &[(&ann, "Export is slow and pricing is odd.")],
    );
    let slow = tag(&ws, "Slow", None);
    let speed = tag(&ws, "Speed", None);
    let child = tag(&ws, "Export", Some(&slow));
    let twin = tag(&ws, "export", Some(&speed));
    let both = highlight(&ws, &segs[0], "Export is slow", &[&slow, &speed]);
    let only = highlight(&ws, &segs[0], "pricing is odd", &[&slow]);
    let in_child = highlight(&ws, &segs[0], "slow", &[&child]);

    let err = ws.merge_tags(&slow.id, &slow.id).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("target_id"));
    let err = ws.merge_tags(&slow.id, &child.id).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("target_id"));

    let target = ws.merge_tags(&slow.id, &speed.id).unwrap();
    assert_eq!(target.usage_count, 2);
    // The highlight that had both now has the target once.
    assert_eq!(
        ws.highlight(&both.id).unwrap().input.tag_ids,
        vec![speed.id.clone()]
    );
    assert_eq!(
        ws.highlight(&only.id).unwrap().input.tag_ids,
        vec![speed.id.clone()]
    );
    // The child named like one already under the target was merged into it.
    assert_eq!(
        ws.highlight(&in_child.id).unwrap().input.tag_ids,
        vec![twin.id.clone()]
    );
    assert_eq!(ws.tag(&slow.id).unwrap_err().code, ErrorCode::NotFound);
    assert_eq!(ws.tag(&child.id).unwrap_err().code, ErrorCode::NotFound);
    assert_eq!(ws.tags().unwrap().len(), 2);
    // Usage counts include children, each highlight once.
    assert_eq!(ws.tag(&speed.id).unwrap().total_count, 3);
    ws.flush_index().unwrap();
    assert!(ws.check().unwrap().ok);
}

#[test]
fn deleting_a_tag_reassigns_its_highlights_or_keeps_them_restorable() {
    let (_d, ws) = new_ws();
    let ann = person(&ws, "Ann");
    let (_, segs) = interview(
        &ws,
        "Call",
        "2026-01-10",
        &[(&ann, "Export is slow and pricing is odd.")],
    );
    let old = tag(&ws, "Old", None);
    let new = tag(&ws, "New", None);
    let kid = tag(&ws, "Kid", Some(&old));
    let h = highlight(&ws, &segs[0], "Export is slow", &[&old]);

    ws.delete_tag(&old.id, Some(&new.id)).unwrap();
    assert_eq!(
        ws.highlight(&h.id).unwrap().input.tag_ids,
        vec![new.id.clone()]
    );
    assert_eq!(ws.tag(&kid.id).unwrap().path, "New / Kid");

    // Without reassignment: the children move up, the tag goes to the trash, and restoring
    // brings its highlights' tagging back.
    let h2 = highlight(&ws, &segs[0], "pricing is odd", &[&kid]);
    ws.delete_tag(&new.id, None).unwrap();
    assert_eq!(ws.tag(&kid.id).unwrap().path, "Kid");
    assert!(ws.highlight(&h.id).unwrap().input.tag_ids.is_empty());
    assert_eq!(
        ws.highlight(&h2.id).unwrap().input.tag_ids,
        vec![kid.id.clone()]
    );
    ws.restore(ObjectKind::Tag, &new.id).unwrap();
    assert_eq!(
        ws.highlight(&h.id).unwrap().input.tag_ids,
        vec![new.id.clone()]
    );

    let err = ws.delete_tag(&new.id, Some("nope")).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("target_id"));
    assert!(ws.tag(&new.id).is_ok());
}

#[test]
fn the_highlights_query_filters_and_counts_tags_by_participant() {
    let (_d, ws) = new_ws();
    let ann = person(&ws, "Ann");
    let bob = person(&ws, "Bob");
    let pain = tag(&ws, "Pain", None);
    let billing = tag(&ws, "Billing", Some(&pain));
    let delight = tag(&ws, "Delight", None);
    let (iv1, s1) = interview(
        &ws,
        "Ann call",
        "2026-01-10",
        &[
            (&ann, "Billing is a mess every month."),
            (&bob, "I love the reports."),
        ],
    );
    let (_iv2, s2) = interview(
        &ws,
        "Bob call",
        "2026-02-20",
        &[(&bob, "Invoices are wrong and billing support is slow.")],
    );
    let h1 = highlight(&ws, &s1[0], "Billing is a mess", &[&billing]);
    let h2 = highlight(&ws, &s1[1], "I love the reports", &[&delight]);
    let h3 = highlight(&ws, &s2[0], "Invoices are wrong", &[&pain]);
    let h4 = highlight(&ws, &s2[0], "billing support is slow", &[&billing, &pain]);
    let persona = ws
        .create_persona(&PersonaInput {
            name: "Ops lead".into(),
            participant_ids: vec![bob.id.clone()],
            ..Default::default()
        })
        .unwrap();

    let ids = |q: HighlightQuery| -> Vec<String> {
        let mut v: Vec<String> = ws
            .query_highlights(&q)
            .unwrap()
            .highlights
            .into_iter()
            .map(|h| h.highlight.id)
            .collect();
        v.sort();
        v
    };
    let sorted = |mut v: Vec<&Highlight>| {
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v.into_iter().map(|h| h.id.clone()).collect::<Vec<_>>()
    };
    // A tag takes its children along.
    assert_eq!(
        ids(HighlightQuery {
            tag_ids: vec![pain.id.clone()],
            ..Default::default()
        }),
        sorted(vec![&h1, &h3, &h4])
    );
    assert_eq!(
        ids(HighlightQuery {
            tag_ids: vec![billing.id.clone()],
            ..Default::default()
        }),
        sorted(vec![&h1, &h4])
    );
    assert_eq!(
        ids(HighlightQuery {
            participant_ids: vec![bob.id.clone()],
            ..Default::default()
        }),
        sorted(vec![&h2, &h3, &h4])
    );
    assert_eq!(
        ids(HighlightQuery {
            interview_ids: vec![iv1.id.clone()],
            ..Default::default()
        }),
        sorted(vec![&h1, &h2])
    );
    assert_eq!(
        ids(HighlightQuery {
            persona_ids: vec![persona.id.clone()],
            tag_ids: vec![pain.id.clone()],
            ..Default::default()
        }),
        sorted(vec![&h3, &h4])
    );
    assert_eq!(
        ids(HighlightQuery {
            date_from: Some("2026-02-01".into()),
            ..Default::default()
        }),
        sorted(vec![&h3, &h4])
    );
    assert_eq!(
        ids(HighlightQuery {
            date_to: Some("2026-01-10".into()),
            ..Default::default()
        }),
        sorted(vec![&h1, &h2])
    );
    assert_eq!(
        ids(HighlightQuery {
            text: "BILLING slow".into(),
            ..Default::default()
        }),
        sorted(vec![&h4])
    );

    let r = ws.query_highlights(&HighlightQuery::default()).unwrap();
    let count = |t: &Tag| {
        r.tag_counts
            .iter()
            .find(|c| c.tag_id == t.id)
            .map(|c| c.count)
    };
    // h4 carries Billing and Pain: Pain counts it once.
    assert_eq!(
        (count(&pain), count(&billing), count(&delight)),
        (Some(3), Some(2), Some(1))
    );
    assert_eq!(r.tag_counts[0].tag_id, pain.id);
    let cell = |t: &Tag, p: &Participant| {
        r.matrix
            .iter()
            .find(|c| c.tag_id == t.id && c.participant_id.as_deref() == Some(p.id.as_str()))
            .map(|c| c.count)
    };
    assert_eq!(
        (cell(&pain, &ann), cell(&pain, &bob), cell(&delight, &ann)),
        (Some(1), Some(2), None)
    );
    assert_eq!(r.participants[0].name, "Bob");
    assert_eq!(r.participants[0].count, 3);

    let bad = ws
        .query_highlights(&HighlightQuery {
            date_from: Some("2026-13-01".into()),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(bad.field.as_deref(), Some("date_from"));
    let bad = ws
        .query_highlights(&HighlightQuery {
            tag_ids: vec!["nope".into()],
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(bad.field.as_deref(), Some("tag_ids"));
}

#[test]
fn evidence_strength_counts_distinct_participants_once() {
    let (_d, ws) = new_ws();
    let ann = person(&ws, "Ann");
    let bob = person(&ws, "Bob");
    let (_, segs) = interview(
        &ws,
        "Call",
        "2026-01-10",
        &[
            (&ann, "Export is slow."),
            (&ann, "Really slow export."),
            (&bob, "Export hurts."),
        ],
    );
    let a1 = highlight(&ws, &segs[0], "Export is slow", &[]);
    let a2 = highlight(&ws, &segs[1], "slow export", &[]);
    let b1 = highlight(&ws, &segs[2], "Export hurts", &[]);
    let insight = ws
        .create_insight(&InsightInput {
            title: "Exports are too slow".into(),
            highlight_ids: vec![a1.id.clone(), a2.id.clone()],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        insight.strength, 1,
        "two highlights from one participant count once"
    );
    let mut input = insight.input.clone();
    input.highlight_ids.push(b1.id.clone());
    assert_eq!(ws.update_insight(&insight.id, &input).unwrap().strength, 2);
}

#[test]
fn a_participant_page_lists_interviews_highlights_and_personas() {
    let (_d, ws) = new_ws();
    let ann = person(&ws, "Ann");
    let bob = person(&ws, "Bob");
    let (iv, segs) = interview(
        &ws,
        "Call",
        "2026-01-10",
        &[(&ann, "Export is slow."), (&bob, "Fine by me.")],
    );
    let mut input = iv.input.clone();
    input.participant_ids = vec![ann.id.clone(), bob.id.clone()];
    ws.update_interview(&iv.id, &input).unwrap();
    let h = highlight(&ws, &segs[0], "Export is slow", &[]);
    highlight(&ws, &segs[1], "Fine by me", &[]);
    let persona = ws
        .create_persona(&PersonaInput {
            name: "Ops lead".into(),
            participant_ids: vec![ann.id.clone()],
            ..Default::default()
        })
        .unwrap();
    let p = ws.participant_profile(&ann.id).unwrap();
    assert_eq!(
        p.interviews
            .iter()
            .map(|i| i.id.as_str())
            .collect::<Vec<_>>(),
        vec![iv.id.as_str()]
    );
    assert_eq!(
        p.highlights
            .iter()
            .map(|h| h.highlight.id.as_str())
            .collect::<Vec<_>>(),
        vec![h.id.as_str()]
    );
    assert_eq!(
        p.personas
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        vec![persona.input.name.as_str()]
    );
    assert_eq!(
        ws.participant_profile("nope").unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[test]
fn an_interview_snapshot_gathers_quote_insights_and_opportunities() {
    let (_d, ws) = new_ws();
    let ann = person(&ws, "Ann");
    let (iv, segs) = interview(
        &ws,
        "Call",
        "2026-01-10",
        &[(&ann, "Export is slow and I hate it.")],
    );
    let (other, other_segs) = interview(&ws, "Other", "2026-01-11", &[(&ann, "All good.")]);
    let h = highlight(&ws, &segs[0], "Export is slow", &[]);
    let elsewhere = highlight(&ws, &other_segs[0], "All good", &[]);
    let insight = ws
        .create_insight(&InsightInput {
            title: "Exports are too slow".into(),
            highlight_ids: vec![h.id.clone()],
            ..Default::default()
        })
        .unwrap();
    let tree = ws
        .create_tree(&TreeInput {
            title: "Retention".into(),
            ..Default::default()
        })
        .unwrap();
    let opp = ws
        .create_tree_node(
            &tree.id,
            &TreeNodeInput {
                kind: NodeKind::Opportunity,
                title: "Exports take too long".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let unrelated = ws
        .create_tree_node(
            &tree.id,
            &TreeNodeInput {
                kind: NodeKind::Opportunity,
                title: "Unrelated".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let r = |kind, id: &str| ObjectRef {
        kind,
        id: id.to_string(),
    };
    ws.link_evidence(
        &r(ObjectKind::TreeNode, &opp.id),
        &r(ObjectKind::Highlight, &h.id),
        "",
    )
    .unwrap();
    ws.link_evidence(
        &r(ObjectKind::TreeNode, &unrelated.id),
        &r(ObjectKind::Interview, &other.id),
        "",
    )
    .unwrap();

    let snap = ws.interview_snapshot(&iv.id).unwrap();
    assert_eq!(snap.memorable_quote, None);
    assert_eq!(
        snap.insights
            .iter()
            .map(|i| i.id.as_str())
            .collect::<Vec<_>>(),
        vec![insight.id.as_str()]
    );
    assert_eq!(
        snap.opportunities
            .iter()
            .map(|o| o.node.id.as_str())
            .collect::<Vec<_>>(),
        vec![opp.id.as_str()]
    );
    assert_eq!(snap.opportunities[0].tree_title, "Retention");
    assert_eq!(snap.highlights.len(), 1);

    let snap = ws.set_memorable_quote(&iv.id, Some(&h.id)).unwrap();
    assert_eq!(snap.memorable_quote.map(|q| q.id), Some(h.id.clone()));
    let err = ws
        .set_memorable_quote(&iv.id, Some(&elsewhere.id))
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("highlight_id"));
    assert_eq!(
        ws.set_memorable_quote(&iv.id, None)
            .unwrap()
            .memorable_quote,
        None
    );
}

#[test]
fn a_transcript_loads_only_its_own_interviews_highlights() {
    let (_dir, ws) = new_ws();
    let ana = person(&ws, "Ana");
    let pain = tag(&ws, "Pain", None);
    let (a, a_segs) = interview(&ws, "A", "2026-01-01", &[(&ana, "The export is slow.")]);
    let (b, b_segs) = interview(&ws, "B", "2026-01-02", &[(&ana, "Search is great.")]);
    let mine = highlight(&ws, &a_segs[0], "export is slow", &[&pain]);
    highlight(&ws, &b_segs[0], "Search is great", &[]);

    let got = ws.interview_highlights(&a.id).unwrap();
    assert_eq!(
        got.iter().map(|h| &h.id).collect::<Vec<_>>(),
        vec![&mine.id]
    );
    assert_eq!(got[0].input.tag_ids, vec![pain.id.clone()], "with its tags");
    assert_eq!(ws.interview_highlights(&b.id).unwrap().len(), 1);
    assert_eq!(ws.highlights().unwrap().len(), 2);
}

#[test]
fn a_note_or_an_insight_reads_only_the_highlights_it_shows() {
    let (_dir, ws) = new_ws();
    let ana = person(&ws, "Ana");
    let (_, segs) = interview(&ws, "A", "2026-01-01", &[(&ana, "The export is slow.")]);
    let first = highlight(&ws, &segs[0], "export is slow", &[]);
    let second = highlight(&ws, &segs[0], "The export", &[]);
    let note = ws
        .create_note(&NoteInput {
            title: "Desk research".into(),
            body: "Competitors export in one click.".into(),
        })
        .unwrap();
    let in_note = ws
        .create_highlight(&HighlightInput {
            note_id: Some(note.id.clone()),
            start: 12,
            end: 18,
            quote: "export".into(),
            ..Default::default()
        })
        .unwrap();

    let got = ws.note_highlights(&note.id).unwrap();
    assert_eq!(
        got.iter().map(|h| &h.id).collect::<Vec<_>>(),
        vec![&in_note.id]
    );

    // In the order asked; trashed and unknown ids are left out, not an error.
    let ids = vec![
        second.id.clone(),
        "no-such-id".into(),
        first.id.clone(),
        in_note.id.clone(),
    ];
    ws.trash(ObjectKind::Highlight, &in_note.id).unwrap();
    let got = ws.highlights_by_id(&ids).unwrap();
    assert_eq!(
        got.iter().map(|h| &h.id).collect::<Vec<_>>(),
        vec![&second.id, &first.id]
    );
    assert!(ws.note_highlights(&note.id).unwrap().is_empty());
}
