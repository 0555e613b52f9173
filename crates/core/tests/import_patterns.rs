//! What files say that imports used to miss (issue 12), each on a small file written for
//! this test (tests/fixtures/patterns; the Teams Word files are in fixtures/transcripts):
//! Zoom chat reactions, `Name [org]:` speakers, caption cues merged into turns that keep
//! each cue's time, block quotes in interview notes, dates in names and text, two files of
//! one name, and a file imported twice.

use groundwork_core::Workspace;
use groundwork_core::import::{Parsed, ParsedInterview, parse};
use std::path::PathBuf;

mod common;

fn path(name: &str) -> PathBuf {
    common::fixture_path("patterns", name)
}

fn interview(name: &str) -> ParsedInterview {
    let bytes = std::fs::read(path(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    match parse(name, &bytes, None) {
        Ok(Parsed::Interview(i)) => i,
        Ok(other) => panic!("{name}: expected an interview, got {other:?}"),
        Err(e) => panic!("{name}: {}", e.message),
    }
}

fn lines(i: &ParsedInterview) -> Vec<(&str, &str)> {
    i.segments
        .iter()
        .map(|s| (s.speaker.as_deref().unwrap_or("-"), s.text.as_str()))
        .collect()
}

/// Inside `mod import` so that `cargo test -p groundwork_core import` runs them.
mod import {
    use super::*;

    #[test]
    fn zoom_chat_reactions_are_not_passages() {
        let i = interview("zoom-chat-with-reactions.txt");
        assert_eq!(i.format, "zoom_chat");
        assert_eq!(
            lines(&i),
            [
                ("Priya Nair", "gm everyone"),
                (
                    "Tom Okafor [Northwind]",
                    "Can you share the pricing page link?"
                ),
                ("Priya Nair", "https://example.org/pricing"),
                (
                    "Tom Okafor [Northwind]",
                    "Replying to \"https://example.org/pricing\"\n\nThanks, the viewer seat is what we need."
                ),
                (
                    "Lena Fischer",
                    "I reacted to the viewer seat idea with surprise: we never asked for it."
                ),
            ]
        );
    }

    #[test]
    fn zoom_org_speakers_and_one_turn_per_speaker_with_each_cues_time() {
        let i = interview("2026-05-28 zoom-pricing-call.vtt");
        assert_eq!(i.date.as_deref(), Some("2026-05-28"));
        assert_eq!(
            lines(&i),
            [
                ("Priya Nair", "Thanks for joining, Tom."),
                (
                    "Tom Okafor [Northwind]",
                    "Happy to. So today we count everyone who approves spend, which is about forty people."
                ),
                ("Priya Nair", "And how many log in?"),
                ("Lena Fischer | Northwind", "Ten, maybe twelve, every week."),
            ]
        );
        let tom = &i.segments[1];
        let cues: Vec<(i64, i64)> = tom.cues.iter().map(|c| (c.at, c.ms)).collect();
        assert_eq!(cues, [(0, 7_200), (28, 9_800), (57, 12_400)]);
        let words: String = tom.text.chars().skip(57).take(5).collect();
        assert_eq!(words, "which", "the third cue starts at its own words");
    }

    /// A highlight in a merged turn starts at the second of the cue its first word is in,
    /// not at the turn's start.
    #[test]
    fn a_highlight_in_a_merged_turn_starts_at_its_cues_second() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::init(&dir.path().join("ws")).unwrap();
        let iv = ws
            .import_file(&path("2026-05-28 zoom-pricing-call.vtt"), None)
            .unwrap();
        let tom = ws.segments(&iv.id).unwrap().swap_remove(1);
        assert_eq!(tom.cues.len(), 3, "{tom:?}");
        let at = tom.text.find("which").unwrap();
        let start = tom.text[..at].chars().count() as i64;
        let quote = "which is about forty people.";
        let h = ws
            .create_highlight(&groundwork_core::model::HighlightInput {
                interview_id: Some(iv.id.clone()),
                segment_id: Some(tom.id.clone()),
                start,
                end: start + quote.chars().count() as i64,
                quote: quote.into(),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(h.start_ms, Some(12_400));
    }

    #[test]
    fn captions_without_speakers_read_as_passages() {
        let i = interview("podcast-no-speakers.srt");
        assert_eq!(
            lines(&i),
            [
                (
                    "-",
                    "Welcome back to the show. Today we talk about pricing for small teams, and why seats are the wrong unit for most of them."
                ),
                (
                    "-",
                    "Thanks for having me. It is a topic I care about a lot."
                ),
            ]
        );
        assert_eq!(i.segments[0].cues.len(), 3);
        assert_eq!(i.segments[1].start_ms, Some(9_300));
        assert_eq!(i.segments[1].cues[1].ms, 12_000);
    }

    #[test]
    fn block_quotes_in_interview_notes_are_the_quoted_speakers_words() {
        let i = interview("interview-notes-round-2.md");
        assert_eq!(i.format, "turns");
        assert_eq!(
            i.date.as_deref(),
            Some("2019-10-24"),
            "the date in the text"
        );
        assert_eq!(
            lines(&i),
            [
                (
                    "PRIYA",
                    "Thanks for coming back. Last time, two of you said this about the handheld scanners.\n\nSource(s): Kofi-1, Ama-1"
                ),
                (
                    "KOFI",
                    "The scanner drops the connection at dock two, so I type the codes by hand.\n\n[and] that takes ages on a full morning."
                ),
                ("AMA", "We keep a paper list for when it freezes."),
                ("PRIYA", "Does that still happen?"),
                (
                    "KOFI",
                    "Less since the new access point. Maybe once a week."
                ),
                ("PRIYA", "And the paper list?"),
                ("AMA", "Still there. Nobody trusts the scanner yet."),
            ]
        );
    }

    #[test]
    fn same_names_distinct_titles_and_a_second_import_is_noticed() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::init(&dir.path().join("ws")).unwrap();
        let one = ws.import_file(&path("round-1/interview.md"), None).unwrap();
        let two = ws.import_file(&path("round-2/interview.md"), None).unwrap();
        assert_eq!(one.title, "interview");
        assert_eq!(two.title, "round-2 interview");
        let bytes = std::fs::read(path("round-1/interview.md")).unwrap();
        let before = ws.imported_before(&bytes).unwrap().expect("seen before");
        assert_eq!(
            (before.id.as_str(), before.title.as_str()),
            (one.id.as_str(), "interview")
        );
    }

    /// A persona file's sections that are not statements ("Characteristics", "Tools") are
    /// kept as the persona's custom fields, in the preview and after the import; the role
    /// comes from the heading and the summary from the first paragraph.
    #[test]
    fn persona_sections_are_kept_as_custom_fields() {
        let bytes = std::fs::read(path("../personas/warehouse-lead.md")).unwrap();
        let preview =
            groundwork_core::personas::preview_personas("warehouse-lead.md", &bytes).unwrap();
        let p = &preview.personas[0];
        assert_eq!(
            (p.name.as_str(), p.role.as_str()),
            ("Kofi", "Warehouse shift lead")
        );
        assert!(
            p.summary.starts_with("Kofi runs the morning shift"),
            "{}",
            p.summary
        );
        assert_eq!(
            p.attributes.get("Characteristics").map(String::as_str),
            Some(
                "Twelve years on the floor; Prefers paper lists when the scanner freezes; Works 6:00–14:00"
            )
        );
        assert_eq!(
            p.attributes.get("Tools").map(String::as_str),
            Some("Handheld scanner; A clipboard")
        );
        assert_eq!(p.statements.goal.len(), 1);
        assert_eq!(p.statements.pain.len(), 1);

        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::init(&dir.path().join("ws")).unwrap();
        let made = ws.import_personas("warehouse-lead.md", &bytes).unwrap();
        let persona = ws.persona(&made.id).unwrap();
        assert_eq!(persona.input.attributes, p.attributes);
        assert_eq!(persona.input.role, "Warehouse shift lead");
    }
}
