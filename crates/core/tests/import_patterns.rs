//! What files say that imports used to miss (issue 12), each on a small file written for
//! this test (tests/fixtures/patterns; the Teams Word files are in fixtures/transcripts):
//! Zoom chat reactions, `Name [org]:` speakers, caption cues merged into turns that keep
//! each cue's time, block quotes in interview notes, dates in names and text, two files of
//! one name, and a file imported twice.

use groundwork_core::Workspace;
use groundwork_core::import::{Parsed, ParsedInterview, parse};
use std::path::{Path, PathBuf};

fn path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/patterns")
        .join(name)
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
}
