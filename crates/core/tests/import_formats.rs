//! The transcript formats people bring from meeting tools, on small files written for
//! these tests (tests/fixtures/transcripts): Otter, Google Meet, Tactiq, Word, Teams as
//! WebVTT with the oddities real exports have and Teams as Word (made by
//! fixtures/make_teams_docx.py).

use groundwork_core::ErrorCode;
use groundwork_core::import::{Parsed, ParsedInterview, parse};

mod common;

fn fixture(name: &str) -> Vec<u8> {
    common::fixture("transcripts", name)
}

fn interview(name: &str) -> ParsedInterview {
    match parse(name, &fixture(name), None) {
        Ok(Parsed::Interview(i)) => i,
        Ok(other) => panic!("{name}: expected an interview, got {other:?}"),
        Err(e) => panic!("{name}: {}", e.message),
    }
}

fn who(i: &ParsedInterview) -> Vec<&str> {
    i.segments
        .iter()
        .map(|s| s.speaker.as_deref().unwrap_or("-"))
        .collect()
}

/// Inside `mod import` so that `cargo test -p groundwork_core import` runs them.
mod import {
    use super::*;

    #[test]
    fn otter_text_export() {
        let i = interview("otter-onboarding-dana.txt");
        assert_eq!(i.format, "otter");
        assert_eq!(
            who(&i),
            [
                "Speaker 1",
                "Dana Whitfield",
                "Speaker 1",
                "Dana Whitfield",
                "Speaker 1",
                "Dana Whitfield",
                "Unknown Speaker",
                "Dana Whitfield",
                "Speaker 1"
            ]
        );
        assert_eq!(i.segments[1].start_ms, Some(12_000));
        assert!(i.segments[1].text.ends_with("reconciling it by hand."));
        assert!(i.segments.iter().all(|s| !s.text.contains("otter.ai")));
    }

    #[test]
    fn google_meet_transcript() {
        let i = interview("google-meet-weekly-sync.txt");
        assert_eq!(i.format, "turns");
        assert_eq!(i.segments.len(), 9);
        assert_eq!(
            who(&i).iter().filter(|w| **w == "Priya Nair").count(),
            4,
            "Priya's turns"
        );
        assert_eq!(i.segments[5].start_ms, Some(300_000));
        assert_eq!(i.segments[4].start_ms, Some(0));
        assert!(i.notes.contains("Attendees"));
    }

    #[test]
    fn tactiq_transcript() {
        let i = interview("tactiq-pricing-call.txt");
        assert_eq!(i.format, "timestamped_text");
        // Sam's two lines in a row are one turn, each line's time kept.
        assert_eq!(
            who(&i),
            [
                "Marcus Lee",
                "Sam Ortiz",
                "Marcus Lee",
                "Sam Ortiz",
                "Marcus Lee",
                "Sam Ortiz"
            ]
        );
        assert_eq!(i.segments[0].start_ms, Some(4_120));
        assert_eq!(
            i.segments[3].text,
            "We count everyone who approves spend, which is about forty people. But only ten of them log in every week."
        );
        assert_eq!(
            i.segments[3]
                .cues
                .iter()
                .map(|c| (c.at, c.ms))
                .collect::<Vec<_>>(),
            [(0, 15_010), (67, 21_550)]
        );
        assert_eq!(
            i.segments[5].text,
            "Exactly. A viewer seat would fix it for us."
        );
    }

    #[test]
    fn word_document_with_speaker_turns() {
        let i = interview("warehouse-interview-kofi.docx");
        assert_eq!(i.format, "turns");
        assert_eq!(i.title, "warehouse-interview-kofi");
        assert_eq!(
            who(&i),
            [
                "INTERVIEWER",
                "KOFI",
                "INTERVIEWER",
                "KOFI",
                "INTERVIEWER",
                "KOFI",
                "INTERVIEWER",
                "KOFI"
            ]
        );
        assert_eq!(
            i.segments[1].text,
            "I start at six. First thing, I scan the inbound pallets at dock two.\n\nMost mornings that is about forty pallets."
        );
        assert!(i.segments[3].text.contains("by hand & that takes ages"));
        assert_eq!(
            i.segments[5].text,
            "Maybe one pallet in ten.\tOn rainy days more."
        );
        assert!(i.notes.starts_with("Interview: warehouse scanning app"));
    }

    #[test]
    fn corrupt_word_documents_are_refused_by_name() {
        let e = parse(
            "in/corrupt-truncated.docx",
            &fixture("corrupt-truncated.docx"),
            None,
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::UnsupportedFormat);
        assert!(
            e.message
                .starts_with("in/corrupt-truncated.docx: not a readable Word document"),
            "{}",
            e.message
        );
        let e = parse("notes.docx", b"Meeting notes, typed in a text editor", None).unwrap_err();
        assert_eq!(
            e.message,
            "notes.docx: not a readable Word document (.docx): it is not a ZIP archive"
        );
    }

    /// Teams: unpadded times, cues out of order, an overlap, a zero-length cue, an
    /// anonymous "@" speaker and <i>/<c> markup.
    #[test]
    fn teams_oddities() {
        let i = interview("teams-release-retro.vtt");
        let texts: Vec<&str> = i.segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Can everyone hear me?",
                "Yes, loud and clear.",
                "We moved to weekly releases in March.",
                "And the hotfix process, did that change? Mhm.",
                "It did. Hotfixes now go through the same pipeline, just with a fast lane."
            ]
        );
        assert_eq!(
            who(&i),
            ["Ana Souza", "-", "Ana Souza", "Ben Carter", "Ana Souza"]
        );
        // Ben's two cues are one turn; the zero-length "Mhm." keeps its own second.
        let ben = &i.segments[3];
        assert_eq!(ben.cues.len(), 2);
        assert_eq!(ben.cues[1].ms, 12_400);
        assert_eq!(
            ben.text
                .chars()
                .skip(ben.cues[1].at as usize)
                .collect::<String>(),
            "Mhm."
        );
        assert!(
            i.segments
                .windows(2)
                .all(|w| w[0].start_ms <= w[1].start_ms)
        );
    }

    /// Teams saves transcripts to Word with each entry's speaker and time inside the
    /// paragraph, and lines about the transcript (who started, stopped, saved it) among
    /// them: speakers, times and the host are read, the lines about the transcript are not
    /// speech, and the header gives the title and date.
    #[test]
    fn teams_word_transcript() {
        let i = interview("teams-pricing-call.docx");
        assert_eq!(i.format, "teams");
        assert_eq!(i.title, "Pricing call with Northwind");
        assert_eq!(i.date.as_deref(), Some("2026-05-28"));
        assert_eq!(i.host.as_deref(), Some("Priya Nair"));
        assert_eq!(
            who(&i),
            [
                "Priya Nair",
                "Tom Okafor | Northwind",
                "Priya Nair",
                "Tom Okafor | Northwind"
            ]
        );
        // Tom's two entries in a row are one turn; each keeps its time.
        assert_eq!(
            i.segments[1].text,
            "We count everyone who approves spend. That is about forty people. But only ten of them log in every week."
        );
        let times: Vec<i64> = i.segments[1].cues.iter().map(|c| c.ms).collect();
        assert_eq!(times, [11_000, 19_000]);
        assert_eq!(
            i.segments[2].start_ms,
            Some(27_000),
            "name and time split by a tab"
        );
        assert_eq!(
            i.segments[3].text,
            "Exactly. A viewer seat would fix it for us."
        );
        for s in &i.segments {
            assert!(
                !s.text.contains("transcription") && !s.text.contains("saved by"),
                "{s:?}"
            );
        }
    }

    /// Older Teams wrote one cue per paragraph with the name on its own line: the name is
    /// the speaker, not the first words of what was said.
    #[test]
    fn teams_word_legacy_cues() {
        let i = interview("teams-legacy-cues.docx");
        assert_eq!(i.format, "teams");
        assert_eq!(who(&i), ["Priya Nair", "Lena Fischer", "Priya Nair"]);
        assert_eq!(
            i.segments[1].text,
            "By hand, every Friday. It takes all afternoon."
        );
        assert_eq!(i.segments[1].start_ms, Some(5_100));
        assert_eq!(i.segments[2].text, "Why?");
        assert_eq!(i.host, None);
    }
}
