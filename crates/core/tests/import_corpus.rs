//! Every real file in the shared corpus parses, as the kind a person would expect, with the
//! speakers and counts a person reading the file would find. The corpus is read in place
//! (some files are GPL/AGPL and must not be copied into the project).

use groundwork_core::import::{
    ImportAs, Parsed, ParsedFeedback, ParsedInterview, ParsedSegment, StatementKind, parse,
};
use groundwork_core::model::ScoreKind;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

mod common;
use common::corpus;

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Parse `rel` (relative to the corpus) with automatic detection.
fn parse_file(root: &Path, rel: &str) -> Parsed {
    parse_as(root, rel, None)
}

fn parse_as(root: &Path, rel: &str, as_: Option<ImportAs>) -> Parsed {
    let bytes = std::fs::read(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    parse(rel, &bytes, as_).unwrap_or_else(|e| panic!("{rel}: {} ({:?})", e.message, e.code))
}

fn interview(root: &Path, rel: &str) -> ParsedInterview {
    match parse_file(root, rel) {
        Parsed::Interview(i) => i,
        other => panic!("{rel}: expected an interview, got {}", kind(&other)),
    }
}

/// An interview's caption cues as the file has them: passages split back at their cue marks
/// (each merged cue keeps its start time and its text). Pins below count cues this way, so
/// merging cues into readable passages provably loses none of them.
fn as_cues(mut i: ParsedInterview) -> ParsedInterview {
    let mut out = Vec::new();
    for s in i.segments {
        if s.cues.is_empty() {
            out.push(s);
            continue;
        }
        let chars: Vec<char> = s.text.chars().collect();
        for (k, c) in s.cues.iter().enumerate() {
            let next = s.cues.get(k + 1);
            let end = next.map_or(chars.len(), |n| n.at as usize);
            out.push(ParsedSegment {
                speaker: s.speaker.clone(),
                start_ms: Some(c.ms),
                end_ms: next.map_or(s.end_ms, |n| Some(n.ms.max(c.ms))),
                text: chars[c.at as usize..end]
                    .iter()
                    .collect::<String>()
                    .trim()
                    .to_string(),
                cues: Vec::new(),
            });
        }
    }
    i.segments = out;
    i
}

/// A caption file read cue by cue (see `as_cues`).
fn captions(root: &Path, rel: &str) -> ParsedInterview {
    as_cues(interview(root, rel))
}

fn kind(p: &Parsed) -> &'static str {
    match p {
        Parsed::Interview(_) => "interview",
        Parsed::Note(_) => "note",
        Parsed::Feedback(_) => "feedback",
        Parsed::Personas(_) => "personas",
    }
}

fn speakers(i: &ParsedInterview) -> BTreeSet<&str> {
    i.segments
        .iter()
        .filter_map(|s| s.speaker.as_deref())
        .collect()
}

fn feedback(root: &Path, rel: &str) -> ParsedFeedback {
    match parse_file(root, rel) {
        Parsed::Feedback(f) => f,
        other => panic!("{rel}: expected feedback, got {}", kind(&other)),
    }
}

fn rel_path(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

fn count_by(i: &ParsedInterview, who: &str) -> usize {
    i.segments
        .iter()
        .filter(|s| s.speaker.as_deref() == Some(who))
        .count()
}

/// Inside `mod import` so that `cargo test -p groundwork_core import` runs them.
mod import {
    use super::*;

    /// Every file in interviews/, transcripts/ and feedback/ parses as the kind its folder and
    /// content say it is; nothing is silently empty.
    #[test]
    fn every_corpus_file_parses_with_the_right_kind() {
        let Some(root) = corpus() else { return };
        let mut seen = 0;
        for area in ["interviews", "transcripts", "feedback"] {
            for path in files_under(&root.join(area)) {
                let rel = rel_path(&root, &path);
                let parsed = parse_file(&root, &rel);
                let ext = path
                    .extension()
                    .map(|e| e.to_string_lossy().to_lowercase())
                    .unwrap_or_default();
                let expected = match (area, ext.as_str()) {
                    (_, "csv") => "feedback",
                    ("interviews", "md") if rel.contains("fossrit-mismatches") => "interview",
                    // Research plans and syntheses, not transcripts.
                    ("interviews", "md") => "note",
                    ("transcripts", _) => "interview",
                    _ => panic!("{rel}: no expectation for this file; add one"),
                };
                assert_eq!(kind(&parsed), expected, "{rel}");
                match &parsed {
                    Parsed::Interview(i) => {
                        assert!(!i.segments.is_empty(), "{rel}: no segments");
                        assert!(
                            i.segments.iter().all(|s| !s.text.trim().is_empty()),
                            "{rel}: empty segment text"
                        );
                        let timed = matches!(ext.as_str(), "vtt" | "srt" | "sbv" | "txt");
                        if timed {
                            assert!(
                                i.segments.iter().all(|s| s.start_ms.is_some()),
                                "{rel}: segment without a time"
                            );
                        }
                        for s in &i.segments {
                            if let (Some(a), Some(b)) = (s.start_ms, s.end_ms) {
                                assert!(a <= b, "{rel}: end before start");
                            }
                            // Markup never leaks into text.
                            for tag in [
                                "<v ", "</v>", "<c>", "<c.", "</c>", "<b>", "<i>", "<font", "{\\an",
                            ] {
                                assert!(
                                    !s.text.contains(tag),
                                    "{rel}: markup {tag:?} left in {:?}",
                                    s.text
                                );
                            }
                        }
                    }
                    Parsed::Note(n) => assert!(!n.body.is_empty() && !n.title.is_empty(), "{rel}"),
                    Parsed::Feedback(f) => assert!(!f.items.is_empty(), "{rel}"),
                    Parsed::Personas(_) => unreachable!(),
                }
                seen += 1;
            }
        }
        assert_eq!(
            seen, 56,
            "the corpus has 56 files under interviews/, transcripts/ and feedback/"
        );
    }

    /// The FOSSRIT interviews: Mel Chua and one interviewee, with the consent preamble as notes.
    /// Three files also have a brief third voice: the live captioner (Mirabai) thanking Mel, or
    /// Amanda checking the audio; those are real turns in the file and are kept.
    #[test]
    fn fossrit_interviews_have_mel_and_the_interviewee() {
        let Some(root) = corpus() else { return };
        // (file, interviewee, turns by MEL, turns by the interviewee, other voices and their
        // turns). Labels such as "MEL, TYPING:" and "AMANDA (typed):" are the same person;
        // nick-2 writes Amanda both as "AMANDA (typed):" (twice) and "Amanda:" (once).
        type Expect = (
            &'static str,
            &'static str,
            usize,
            usize,
            &'static [(&'static str, usize)],
        );
        let expected: &[Expect] = &[
            ("donald-1-full.md", "DONALD", 57, 56, &[("MIRABAI", 1)]),
            ("ernest-1-full.md", "ERNEST", 50, 49, &[("MIRABAI", 1)]),
            // Round 2: Mel reads out quotes from round 1 as block quotes ("> JACKIE: …");
            // those passages are the quoted people's, and Mel's words after a quote are a
            // passage of Mel's again.
            (
                "ernest-2-full.md",
                "ERNEST",
                26,
                25,
                &[("JACKIE", 5), ("NAOMI", 4), ("TERRI", 7)],
            ),
            ("jackie-1-full.md", "JACKIE", 38, 37, &[]),
            ("jackie-2-full.md", "JACKIE", 54, 53, &[]),
            ("naomi-1-full.md", "NAOMI", 42, 42, &[]),
            (
                "naomi-2-full.md",
                "NAOMI",
                61,
                49,
                &[("DONALD", 6), ("ERNEST", 7), ("NICK", 3)],
            ),
            ("nick-1-full.md", "NICK", 20, 20, &[]),
            (
                "nick-2-full.md",
                "NICK",
                38,
                38,
                &[("AMANDA", 3), ("JACKIE", 2), ("NAOMI", 3), ("TERRI", 4)],
            ),
            ("terri-1-full.md", "TERRI", 50, 49, &[]),
            (
                "terri-2-full.md",
                "TERRI",
                56,
                50,
                &[("DONALD", 12), ("ERNEST", 10), ("NICK", 2)],
            ),
        ];
        for (file, who, mel, theirs, extra) in expected {
            let rel = format!("interviews/fossrit-mismatches/{file}");
            let i = interview(&root, &rel);
            assert_eq!(i.format, "turns", "{rel}");
            assert_eq!(i.title, file.trim_end_matches(".md"));
            let mut want: BTreeSet<&str> = ["MEL", *who].into_iter().collect();
            want.extend(extra.iter().map(|(name, _)| *name));
            assert_eq!(speakers(&i), want, "{rel}");
            assert_eq!(count_by(&i, "MEL"), *mel, "{rel}: MEL's turns");
            assert_eq!(count_by(&i, who), *theirs, "{rel}: {who}'s turns");
            for (name, turns) in *extra {
                assert_eq!(count_by(&i, name), *turns, "{rel}: {name}'s turns");
            }
            let others: usize = extra.iter().map(|(_, n)| n).sum();
            assert_eq!(i.segments.len(), mel + theirs + others, "{rel}");
            assert!(
                i.notes.starts_with("# Copyright transfer statement"),
                "{rel}"
            );
            assert!(i.notes.trim_end().ends_with("# BEGIN TRANSCRIPT"), "{rel}");
            assert!(
                i.segments
                    .iter()
                    .all(|s| s.start_ms.is_none() && s.end_ms.is_none())
            );
        }
        let donald = interview(&root, "interviews/fossrit-mismatches/donald-1-full.md");
        assert_eq!(donald.segments[0].speaker.as_deref(), Some("MEL"));
        assert_eq!(
            donald.segments[0].text,
            "Okay. So is it okay to start the official recording mark here?"
        );
        assert_eq!(
            donald.segments[1].text,
            "Yep. Whenever you’re ready is fine."
        );
        // Quotes Mel pastes from other interviews are the quoted person's words, read
        // without the block quote and emphasis markup; the source stays in Mel's turn.
        let ernest2 = interview(&root, "interviews/fossrit-mismatches/ernest-2-full.md");
        assert!(
            ernest2
                .segments
                .iter()
                .any(|s| s.speaker.as_deref() == Some("JACKIE")
                    && s.text.starts_with("[PyPI now] feels like"))
        );
        assert!(
            ernest2
                .segments
                .iter()
                .any(|s| s.speaker.as_deref() == Some("MEL")
                    && s.text.ends_with("Source(s): Jackie-1, Naomi-1, Terri-1"))
        );
        for file in ["ernest-2-full.md", "naomi-2-full.md", "terri-2-full.md"] {
            let i = interview(&root, &format!("interviews/fossrit-mismatches/{file}"));
            for s in &i.segments {
                assert!(
                    s.text
                        .lines()
                        .all(|l| !l.starts_with('>') && !l.contains("_Source")),
                    "{file}: markup left in {:?}",
                    s.text
                );
            }
        }
    }

    #[test]
    fn research_syntheses_are_notes_titled_by_their_heading() {
        let Some(root) = corpus() else { return };
        let cases = [
            (
                "interviews/tanf-data-portal-research/2020, Fall - Flatfile Metadata Guide.md",
                "Flat File Metadata Guide",
            ),
            (
                "interviews/tanf-data-portal-research/2020, Fall - Understanding STT and OFA painpoints.md",
                "Winter 2021, Round 4 Synthesis",
            ),
            // No "# " heading in this one: the file name is the title.
            (
                "interviews/tanf-data-portal-research/2022, Fall - Understanding STT Error Message Interpretation copy.md",
                "2022, Fall - Understanding STT Error Message Interpretation copy",
            ),
            (
                "interviews/cloud-gov-research/researchplan.md",
                "Cloud.gov initial research plan: May 2016",
            ),
            (
                "interviews/cloud-gov-research/researchsummary.md",
                "May 2016 Draft research summary",
            ),
        ];
        for (rel, title) in cases {
            match parse_file(&root, rel) {
                Parsed::Note(n) => assert_eq!(n.title, title, "{rel}"),
                other => panic!("{rel}: expected a note, got {}", kind(&other)),
            }
        }
    }

    #[test]
    fn webvtt_edge_cases() {
        let Some(root) = corpus() else { return };
        let texts = |i: &ParsedInterview| {
            i.segments
                .iter()
                .map(|s| s.text.clone())
                .collect::<Vec<_>>()
        };

        let teams = captions(&root, "transcripts/teams/teams_timeframe.vtt");
        assert_eq!(teams.segments.len(), 2);
        assert_eq!(teams.segments[0].speaker.as_deref(), Some("Yuri Bakulin"));
        assert_eq!(teams.segments[0].text, "There you go.");
        assert_eq!(
            (teams.segments[0].start_ms, teams.segments[0].end_ms),
            (Some(0), Some(570))
        );
        assert_eq!(
            teams.segments[1].speaker.as_deref(),
            Some("Adrian Petrescu")
        );
        assert_eq!(teams.segments[1].text, "Why hello there, Yuri.");
        assert_eq!(
            (teams.segments[1].start_ms, teams.segments[1].end_ms),
            (Some(210), Some(1130))
        );

        let bom = captions(
            &root,
            "transcripts/edge-cases/webvtt-py/captions_with_bom.vtt",
        );
        assert_eq!(
            texts(&bom),
            [
                "Caption text #1",
                "Caption text #2",
                "Caption text #3",
                "Caption text #4"
            ]
        );
        assert_eq!(bom.segments[0].start_ms, Some(500));

        // NOTE blocks (one multi-line, one single-line) are not caption text.
        let comments = captions(&root, "transcripts/edge-cases/webvtt-py/comments.vtt");
        assert_eq!(
            texts(&comments),
            [
                "- Ta en kopp varmt te.\n- Det är inte varmt.",
                "- Har en kopp te.\n- Det smakar som te.",
                "Ta en kopp"
            ]
        );
        assert!(
            comments
                .segments
                .iter()
                .all(|s| !s.text.contains("Kyle") && !s.text.contains("translate well"))
        );
        assert_eq!(comments.segments[0].start_ms, Some(135_000));

        let tags = captions(&root, "transcripts/edge-cases/webvtt-py/cue_tags.vtt");
        assert_eq!(
            texts(&tags),
            [
                "When the moon hits your eye",
                "Like a big-a pizza pie",
                "That's amore"
            ]
        );
        assert_eq!(tags.segments[0].start_ms, Some(16_500));

        let styles = captions(&root, "transcripts/edge-cases/webvtt-py/styles.vtt");
        assert_eq!(texts(&styles), ["Hello world."]);

        // Four rolling cues without blank lines between some of them: the text reads once.
        let yt = captions(&root, "transcripts/edge-cases/webvtt-py/youtube_dl.vtt");
        assert_eq!(
            texts(&yt),
            ["yeah", "what", "this will happen is I'm telling"]
        );
        assert_eq!(yt.segments[2].end_ms, Some(305_400));
    }

    #[test]
    fn oral_history_voices() {
        let Some(root) = corpus() else { return };
        let cases: &[(&str, usize, &[&str])] = &[
            ("bruce-perens.vtt", 510, &["Bruce Perens", "Heather Meeker"]),
            ("heather-meeker.vtt", 1099, &["Heather", "UNKNOWN", "Zack"]),
            // Voice tags written "<v Karen Sandler:>": the colon is not part of the name.
            (
                "karen-sandler.vtt",
                1580,
                &["Elisabetta Mori", "Karen Sandler"],
            ),
            (
                "lawrence-rosen.vtt",
                1352,
                &["Karen Herman", "Larry Rosen", "SPEAKER_S3"],
            ),
            (
                "roger-dannenberg.vtt",
                519,
                &["Heather Meeker", "Roger Dannenberg"],
            ),
        ];
        for (file, cues, who) in cases {
            let rel = format!("transcripts/theirstory-fossda/{file}");
            let i = captions(&root, &rel);
            assert_eq!(i.segments.len(), *cues, "{rel}");
            assert_eq!(speakers(&i), who.iter().copied().collect(), "{rel}");
            assert!(i.segments.iter().all(|s| s.speaker.is_some()), "{rel}");
        }
        let karen = captions(&root, "transcripts/theirstory-fossda/karen-sandler.vtt");
        assert_eq!(count_by(&karen, "Elisabetta Mori"), 117);
        assert_eq!(count_by(&karen, "Karen Sandler"), 1463);
        assert_eq!(karen.segments[0].text, "It's the 8th of May, 2024.");
        // Multi-line cue text is joined with a space.
        let bruce = captions(&root, "transcripts/theirstory-fossda/bruce-perens.vtt");
        assert_eq!(
            bruce.segments[4].text,
            "talking to Bruce Perens, who is one of the founders of the Open"
        );
    }

    #[test]
    fn zoom_transcripts_and_chats() {
        let Some(root) = corpus() else { return };
        let acdc = captions(
            &root,
            "transcripts/zoom/ethereum-pm/acdc_2026-02-19_175/transcript.vtt",
        );
        assert_eq!(acdc.segments.len(), 139);
        // "transcript" says little; the meeting folder names it.
        assert_eq!(acdc.title, "acdc_2026-02-19_175 transcript");
        let want: BTreeSet<&str> = [
            "stokes",
            "pk910",
            "Parithosh Jayanthi",
            "Justin Traglia",
            "Justin Florentine (Besu)",
            "Josh Davis",
            "Trent",
        ]
        .into_iter()
        .collect();
        assert_eq!(speakers(&acdc), want);
        assert_eq!(count_by(&acdc, "stokes"), 120);
        assert_eq!(
            acdc.segments[0].text,
            "Can I get a quick mic check, please?"
        );
        assert_eq!(acdc.segments[0].start_ms, Some(331_760));
        // The corrected copy (LF endings) reads the same.
        let corrected = captions(
            &root,
            "transcripts/zoom/ethereum-pm/acdc_2026-02-19_175/transcript_corrected.vtt",
        );
        assert_eq!(speakers(&corrected), want);
        assert_eq!(corrected.segments.len(), 139);

        let focil = captions(
            &root,
            "transcripts/zoom/ethereum-pm/focil_2026-02-24_029/transcript.vtt",
        );
        assert_eq!(focil.segments.len(), 81);
        assert_eq!(
            speakers(&focil),
            ["Fabio Di Fabio", "Jihoon", "Pelle Krabbenhoeft", "nflaig"]
                .into_iter()
                .collect()
        );
        assert_eq!(count_by(&focil, "Jihoon"), 57);

        let pq = captions(
            &root,
            "transcripts/zoom/ethereum-pm/pqinterop_2026-03-04_029/transcript.vtt",
        );
        assert_eq!(pq.segments.len(), 420);
        assert_eq!(count_by(&pq, "T. Wambsgans"), 49);
        assert_eq!(count_by(&pq, "Pablo Deymo | Lambda"), 14);

        let acde = captions(
            &root,
            "transcripts/zoom/ethereum-pm/acde_2026-03-12_232/transcript.vtt",
        );
        assert_eq!(acde.segments.len(), 662);
        assert_eq!(speakers(&acde).len(), 24);
        assert_eq!(count_by(&acde, "Łukasz Rozmej"), 17);
        assert_eq!(count_by(&acde, "dionysuz.eth"), 6);

        // Chats: one message per timed line; replies continue on the following lines.
        // Emoji reactions ("Reacted to … with 🔥", `grep -c 'Reacted to'`: 92, 218 and 31
        // of the 130, 474 and 97 timed lines) are not messages.
        for (rel, messages) in [
            (
                "transcripts/zoom/ethereum-pm/acdc_2026-02-19_175/chat.txt",
                130 - 92,
            ),
            (
                "transcripts/zoom/ethereum-pm/acde_2026-03-12_232/chat.txt",
                474 - 218,
            ),
            (
                "transcripts/zoom/ethereum-pm/acdt_2026-03-02_072/chat.txt",
                97 - 31,
            ),
        ] {
            let chat = captions(&root, rel);
            assert_eq!(chat.format, "zoom_chat", "{rel}");
            assert_eq!(chat.segments.len(), messages, "{rel}");
            assert!(
                chat.segments
                    .iter()
                    .all(|s| s.speaker.is_some() && s.start_ms.is_some()),
                "{rel}"
            );
        }
        let chat = captions(
            &root,
            "transcripts/zoom/ethereum-pm/acdc_2026-02-19_175/chat.txt",
        );
        assert_eq!(chat.segments[0].speaker.as_deref(), Some("Sanggu Han"));
        assert_eq!(chat.segments[0].text, "sounds great");
        assert_eq!(chat.segments[0].start_ms, Some(341_000));
        let reply = chat
            .segments
            .iter()
            .find(|s| s.start_ms == Some(731_000))
            .unwrap();
        assert_eq!(reply.speaker.as_deref(), Some("Justin Traglia"));
        assert_eq!(
            reply.text,
            "Replying to \"Was there a decision...\"\n\nNo, the PR has not been merged yet."
        );
        assert!(
            chat.segments
                .iter()
                .all(|s| !s.text.starts_with("Reacted to "))
        );
    }

    /// The two ACDT calls not covered above, counted by hand: one cue per "-->" line
    /// (`grep -c -- '-->'`), speakers from the "Name: " prefix of each cue's first line.
    #[test]
    fn zoom_acdt_calls_counted_by_hand() {
        let Some(root) = corpus() else { return };
        /// (meeting folder, cues, distinct speakers, some speakers' cue counts)
        type Call = (&'static str, usize, usize, &'static [(&'static str, usize)]);
        let cases: &[Call] = &[
            (
                "acdt_2026-03-02_072",
                335,
                23,
                &[
                    ("Parithosh Jayanthi", 102),
                    ("jochem-brouwer", 43),
                    ("Toni Wahrstätter", 16),
                    ("Daniel Lehrner (Besu)", 5),
                    ("Saulius Grigaitis | Grandine", 2),
                    ("Justin Traglia", 1),
                ],
            ),
            (
                "acdt_2026-06-01_081",
                582,
                21,
                &[
                    ("danceratopz", 253),
                    ("Dragan Rakita", 53),
                    ("EF Zoom Bot", 5),
                    ("Sam | Nimbus", 2),
                    ("Etan (Nimbus)", 2),
                    ("Eitan Seri-Levi", 1),
                ],
            ),
        ];
        for (call, cues, people, counts) in cases {
            let rel = format!("transcripts/zoom/ethereum-pm/{call}/transcript.vtt");
            let i = captions(&root, &rel);
            assert_eq!(i.segments.len(), *cues, "{rel}");
            assert_eq!(speakers(&i).len(), *people, "{rel}");
            assert!(i.segments.iter().all(|s| s.speaker.is_some()), "{rel}");
            for (who, n) in *counts {
                assert_eq!(count_by(&i, who), *n, "{rel}: {who}");
            }
        }
    }

    /// What `groundwork import --json` reports as turns: runs of one speaker's cues
    /// (`awk` the speaker of each cue, `uniq`, count), here for the FOCIL call.
    #[test]
    fn speaker_turns_as_reported() {
        let Some(root) = corpus() else { return };
        let focil = interview(
            &root,
            "transcripts/zoom/ethereum-pm/focil_2026-02-24_029/transcript.vtt",
        );
        let turns: Vec<(String, usize)> =
            groundwork_core::workspace::speaker_turns(&focil.segments)
                .into_iter()
                .map(|t| (t.name, t.turns))
                .collect();
        let mut sorted = turns.clone();
        sorted.sort();
        assert_eq!(
            sorted,
            [
                ("Fabio Di Fabio".to_string(), 3),
                ("Jihoon".to_string(), 11),
                ("Pelle Krabbenhoeft".to_string(), 3),
                ("nflaig".to_string(), 4)
            ]
        );
    }

    #[test]
    fn subrip_sbv_and_podcast_transcripts() {
        let Some(root) = corpus() else { return };
        let srt = captions(&root, "transcripts/edge-cases/pysrt/capability_tester.srt");
        assert_eq!(srt.format, "srt");
        assert_eq!(srt.segments.len(), 37);
        assert!(
            srt.segments.iter().all(|s| s.speaker.is_none()),
            "no speaker labels in this file"
        );
        // Zero-length cues are kept (a passage keeps each cue's start; the next cue's start
        // stands for its end); coordinates after the timing are ignored; tags stripped.
        assert_eq!(srt.segments[2].start_ms, Some(4_500));
        assert_eq!(srt.segments[3].start_ms, Some(4_501));
        assert_eq!(srt.segments[2].text, "Hidden");
        assert_eq!(
            srt.segments[9].text,
            "This text should NOT be in the normal position"
        );
        assert_eq!(
            srt.segments[10].text,
            "Implementation is the same of the ASS tag This text should be at the top and horizontally centered"
        );
        assert_eq!(
            srt.segments[19].text,
            "This could be the most difficult thing to implement"
        );
        assert!(srt.segments[7].text.contains("2<3,5>1,4<6"));
        assert!(
            srt.segments[4]
                .text
                .starts_with("This should be an E with an accent: È 日本語")
        );

        let sample = captions(&root, "transcripts/edge-cases/webvtt-py/sample.srt");
        assert_eq!(sample.segments.len(), 5);
        assert_eq!(sample.segments[4].text, "Caption text #5");

        let sbv = captions(&root, "transcripts/edge-cases/webvtt-py/sample.sbv");
        assert_eq!(sbv.format, "sbv");
        assert_eq!(sbv.segments.len(), 5);
        assert_eq!(sbv.segments[0].start_ms, Some(378));
        assert_eq!(
            sbv.segments[2].text,
            "Caption text #3 (line 1) Caption text #3 (line 2)"
        );
        // The last cue ends before it starts in the file; it is kept with its end clamped.
        assert_eq!(
            (sbv.segments[4].start_ms, sbv.segments[4].end_ms),
            (Some(17_484), Some(17_484))
        );

        let txt = captions(
            &root,
            "transcripts/podcast-talkpython/005_mike_bayer_SQLAlchemy_and_data_access_in_Python.txt",
        );
        assert_eq!(txt.format, "timestamped_text");
        assert_eq!(txt.segments.len(), 946);
        assert!(txt.segments.iter().all(|s| s.speaker.is_none()));
        assert_eq!(txt.segments[1].start_ms, Some(7_000));
        assert!(
            txt.segments[1]
                .text
                .starts_with("Hello and welcome to Talk Python To Me")
        );
        assert_eq!(txt.segments.last().unwrap().start_ms, Some(3_761_000));

        let vtt = captions(
            &root,
            "transcripts/podcast-talkpython/005_mike_bayer_SQLAlchemy_and_data_access_in_Python.vtt",
        );
        assert_eq!(vtt.segments.len(), 953);
        assert!(vtt.segments.iter().all(|s| s.speaker.is_none()));

        // YouTube live captions: "- " and ">>" mark a change of (unnamed) speaker.
        let yt = captions(
            &root,
            "transcripts/podcast-talkpython/youtube-301-deploying-and-running-django-web-apps-in-2021.vtt",
        );
        assert_eq!(yt.segments.len(), 1813);
        assert!(yt.segments.iter().all(|s| s.speaker.is_none()));
        assert!(
            yt.segments
                .iter()
                .all(|s| !s.text.starts_with("- ") && !s.text.starts_with(">>"))
        );
        assert_eq!(
            yt.segments[0].text,
            "Hey, everyone out there on the live stream."
        );
    }

    /// Captions read as a transcript reads: one passage per speaker's turn (split only when
    /// very long or after a long pause), and captions without speakers in passages of a few
    /// sentences; every merged cue keeps its start, at the first character of its words.
    #[test]
    fn captions_become_passages_that_keep_every_cue() {
        let Some(root) = corpus() else { return };
        // (file, passages, cues)
        let cases: &[(&str, usize, usize)] = &[
            ("theirstory-fossda/bruce-perens.vtt", 34, 510),
            ("theirstory-fossda/karen-sandler.vtt", 52, 1580),
            (
                "zoom/ethereum-pm/acdc_2026-02-19_175/transcript.vtt",
                25,
                139,
            ),
            (
                "zoom/ethereum-pm/focil_2026-02-24_029/transcript.vtt",
                22,
                81,
            ),
            (
                "podcast-talkpython/005_mike_bayer_SQLAlchemy_and_data_access_in_Python.vtt",
                174,
                953,
            ),
            (
                "podcast-talkpython/005_mike_bayer_SQLAlchemy_and_data_access_in_Python.txt",
                174,
                946,
            ),
            (
                "podcast-talkpython/youtube-301-deploying-and-running-django-web-apps-in-2021.vtt",
                328,
                1813,
            ),
            ("teams/teams_timeframe.vtt", 2, 2),
        ];
        for (file, passages, cues) in cases {
            let rel = format!("transcripts/{file}");
            let i = interview(&root, &rel);
            assert_eq!(i.segments.len(), *passages, "{rel}: passages");
            assert_eq!(as_cues(i.clone()).segments.len(), *cues, "{rel}: cues");
            // Turns are never merged across speakers.
            let turns: usize = groundwork_core::workspace::speaker_turns(&i.segments)
                .iter()
                .map(|t| t.turns)
                .sum();
            let named = i.segments.iter().filter(|s| s.speaker.is_some()).count();
            assert!(named == 0 || named >= turns, "{rel}");
            for s in &i.segments {
                if s.cues.is_empty() {
                    continue;
                }
                let chars: Vec<char> = s.text.chars().collect();
                assert_eq!((s.cues[0].at, Some(s.cues[0].ms)), (0, s.start_ms), "{rel}");
                for w in s.cues.windows(2) {
                    assert!(
                        w[0].at < w[1].at && w[0].ms <= w[1].ms,
                        "{rel}: {:?}",
                        s.cues
                    );
                }
                for c in &s.cues[1..] {
                    let at = c.at as usize;
                    assert!(
                        at < chars.len() && chars[at - 1] == ' ',
                        "{rel}: cue at {at}"
                    );
                }
            }
        }
        // The first Zoom passage of stokes reads as one turn, and the second cue of it still
        // starts at its own second.
        let acdc = interview(
            &root,
            "transcripts/zoom/ethereum-pm/acdc_2026-02-19_175/transcript.vtt",
        );
        let stokes = &acdc.segments[2];
        assert_eq!(stokes.speaker.as_deref(), Some("stokes"));
        assert_eq!(
            stokes.text,
            "Hello. Let's see. Maybe one more minute, and then we'll get started."
        );
        assert_eq!(stokes.cues.len(), 2);
        assert!(stokes.cues[1].ms > stokes.cues[0].ms);
    }

    #[test]
    fn feedback_csvs() {
        let Some(root) = corpus() else { return };
        // 1,000 reviews; 42 have only a star rating: kept, as ratings without words.
        let reviews = feedback(
            &root,
            "feedback/womens-ecommerce-clothing-reviews/Womens Clothing E-Commerce Reviews.csv",
        );
        assert_eq!(reviews.source, "Womens Clothing E-Commerce Reviews.csv");
        assert_eq!(reviews.items.len(), 1000);
        assert_eq!(reviews.skipped_no_text, 0);
        assert_eq!(
            reviews
                .items
                .iter()
                .filter(|i| i.input.text.is_empty())
                .count(),
            42
        );
        let first = &reviews.items[0].input;
        assert_eq!(
            first.text,
            "Absolutely wonderful - silky and sexy and comfortable"
        );
        assert_eq!(
            (first.score, reviews.items[0].line, first.customer.as_str()),
            (Some(4.0), 2, "")
        );
        // Star ratings 1–5 are read as satisfaction.
        assert_eq!(reviews.mapping.score_kind, Some(ScoreKind::Csat));
        assert!(reviews.items.iter().all(|i| i.input.score.is_some()));
        assert!(reviews.warnings.is_empty(), "{:?}", reviews.warnings);
        // Entities, some of them encoded twice ("i&amp;#39;d").
        let jacket = reviews.items.iter().find(|i| i.line == 331).unwrap();
        assert_eq!(
            jacket.input.title,
            "Nice quality but too short for my tall frame"
        );
        assert!(jacket.input.text.starts_with("Love the look"));
        assert!(jacket.input.text.contains("i'd say it fits true to size"));
        let mehh = reviews.items.iter().find(|i| i.line == 46).unwrap();
        assert!(
            mehh.input.text.contains("wasn't so much the issue")
                && mehh.input.text.contains("\"felted wool\"")
        );
        assert!(
            reviews
                .items
                .iter()
                .all(|i| !i.input.text.contains("&#39;") && !i.input.text.contains("&quot;"))
        );

        // 1,706 responses; 614 (all "Partial") answered no question at all and are skipped.
        let survey = feedback(
            &root,
            "feedback/jupyter-surveys/2015-12-notebook-ux/20160115235816-SurveyExport.csv",
        );
        assert_eq!(survey.items.len(), 1092);
        assert_eq!(survey.skipped_no_text, 614);
        let first = &survey.items[0];
        assert_eq!(first.line, 3);
        assert_eq!(
            first.input.received_at.as_deref(),
            Some("2015-12-22T00:26:01Z")
        );
        // One response is one item: its most telling answer, titled by its first sentence;
        // every other answer stays under its question.
        assert!(
            first
                .input
                .text
                .starts_with("Ways to hide helper function definitions"),
            "{}",
            first.input.text
        );
        assert!(first.input.title.len() <= 130 && !first.input.title.is_empty());
        assert!(!first.input.text.contains("Daily"));
        let attr = |name: &str| {
            first
                .input
                .attributes
                .iter()
                .find(|a| a.name == name)
                .map(|a| a.value.as_str())
        };
        assert_eq!(
            attr("How often do you use Jupyter Notebook?"),
            Some("Daily")
        );
        assert_eq!(attr("Status"), Some("Complete"));
        assert!(survey.items.iter().all(|i| i.input.received_at.is_some()));
        // Titles differ from item to item (they used to share the first question).
        let titles: std::collections::HashSet<&str> = survey
            .items
            .iter()
            .map(|i| i.input.title.as_str())
            .collect();
        assert!(titles.len() > 800, "{}", titles.len());

        // A blank first row, then the header; 1,581 task rows of which 268 have observer notes.
        let ux = feedback(
            &root,
            "feedback/jupyter-surveys/2018-09-jupytercon-2018/jupyterlab-ux-data.csv",
        );
        assert_eq!(ux.items.len(), 268);
        assert_eq!(ux.items[0].input.customer, "CrimpleBackAntiqueCake");
        assert_eq!(
            ux.items[0].input.text,
            "User did this action after making a folder."
        );
        // The header has a quoted line break, so the first record starts on line 4.
        assert_eq!(ux.items[0].line, 4);
    }

    /// Every non-empty cell of every row that made an item is in the item: a mapped field
    /// or an attribute.
    #[test]
    fn no_column_of_a_feedback_export_is_lost() {
        let Some(root) = corpus() else { return };
        for rel in [
            "feedback/womens-ecommerce-clothing-reviews/Womens Clothing E-Commerce Reviews.csv",
            "feedback/jupyter-surveys/2015-12-notebook-ux/20160115235816-SurveyExport.csv",
            "feedback/jupyter-surveys/2018-09-jupytercon-2018/jupyterlab-ux-data.csv",
        ] {
            let fb = feedback(&root, rel);
            let bytes = std::fs::read(root.join(rel)).unwrap();
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(bytes.as_slice());
            let by_line: std::collections::HashMap<
                usize,
                &groundwork_core::import::ParsedFeedbackItem,
            > = fb.items.iter().map(|i| (i.line, i)).collect();
            let mut checked = 0;
            for rec in reader.records() {
                let rec = rec.unwrap();
                let line = rec.position().unwrap().line() as usize;
                let Some(item) = by_line.get(&line) else {
                    continue;
                };
                let i = &item.input;
                let mut held: Vec<&str> = vec![
                    &i.text,
                    &i.title,
                    &i.customer,
                    &i.email,
                    &i.company,
                    &i.segment,
                ];
                held.extend(i.attributes.iter().map(|a| a.value.as_str()));
                for cell in rec.iter() {
                    let cell = cell.trim();
                    if cell.is_empty() || cell.contains('&') || cell.contains('\u{a0}') {
                        continue; // entities and spaces are cleaned; checked above
                    }
                    let as_date = cell.chars().next().is_some_and(|c| c.is_ascii_digit())
                        && i.received_at.is_some();
                    let as_score = i
                        .score
                        .is_some_and(|s| cell.parse::<f64>().is_ok_and(|c| c == s));
                    assert!(
                        held.iter().any(|h| h.contains(cell)) || as_date || as_score,
                        "{rel}, line {line}: '{cell}' is in no field of the item"
                    );
                    checked += 1;
                }
            }
            assert!(checked > 1000, "{rel}: {checked}");
        }
    }

    #[test]
    fn persona_files() {
        let Some(root) = corpus() else { return };
        let Parsed::Personas(nebari) = parse_as(
            &root,
            "personas/nebari/personas.md",
            Some(ImportAs::Persona),
        ) else {
            panic!("expected personas")
        };
        let names: Vec<&str> = nebari.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Data Scientist (End User)",
                "Platform Manager (Admin)",
                "DevOps / SysAdmin"
            ]
        );
        let ds = &nebari[0];
        assert!(
            ds.summary
                .starts_with("Researchers / analysts / data scientists")
        );
        let count = |kind: StatementKind| ds.statements.iter().filter(|(k, _)| *k == kind).count();
        assert_eq!(
            (
                count(StatementKind::Job),
                count(StatementKind::Pain),
                count(StatementKind::Goal)
            ),
            (3, 6, 6)
        );
        // The list of sources under "Pain Points" is not a pain.
        assert!(
            ds.statements
                .iter()
                .all(|(_, s)| !s.contains("Jupyter Community Forum"))
        );

        let tanf = "personas/tanf-data-portal/2020, Summer - Understanding Stakeholders and creating personas.md";
        let Parsed::Personas(ps) = parse_as(&root, tanf, Some(ImportAs::Persona)) else {
            panic!("expected personas")
        };
        let names: Vec<(&str, &str)> = ps
            .iter()
            .map(|p| (p.name.as_str(), p.role.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("Grace", "OFA Data Portal User"),
                ("Awinita", "Grantee Data Analyst")
            ]
        );
        let grace_goals = ps[0]
            .statements
            .iter()
            .filter(|(k, _)| *k == StatementKind::Goal)
            .count();
        assert_eq!(grace_goals, 5);
    }

    #[test]
    fn forced_kinds_on_real_files() {
        let Some(root) = corpus() else { return };
        // A transcript as a note: Markdown lines with speaker and time.
        let Parsed::Note(n) = parse_as(
            &root,
            "transcripts/teams/teams_timeframe.vtt",
            Some(ImportAs::Note),
        ) else {
            panic!("expected a note")
        };
        assert_eq!(
            n.body,
            "**Yuri Bakulin** (00:00): There you go.\n\n**Adrian Petrescu** (00:00): Why hello there, Yuri."
        );
        // A synthesis as an interview: all of it becomes the notes.
        let rel = "interviews/cloud-gov-research/researchsummary.md";
        let Parsed::Interview(i) = parse_as(&root, rel, Some(ImportAs::Interview)) else {
            panic!("expected an interview")
        };
        assert!(i.segments.is_empty());
        assert!(i.notes.starts_with("# May 2016 Draft research summary"));
        // Feedback needs a CSV.
        let bytes = std::fs::read(root.join("transcripts/teams/teams_timeframe.vtt")).unwrap();
        let e = parse("teams_timeframe.vtt", &bytes, Some(ImportAs::Feedback)).unwrap_err();
        assert_eq!(e.code, groundwork_core::ErrorCode::UnsupportedFormat);
    }

    /// Files cut off anywhere (a partial download, a copy interrupted) either still parse
    /// or are refused with a message naming the file; they never panic.
    #[test]
    fn truncated_corpus_files_never_panic() {
        let Some(root) = corpus() else { return };
        for area in ["interviews", "transcripts", "feedback"] {
            for path in files_under(&root.join(area)) {
                let rel = rel_path(&root, &path);
                let bytes = std::fs::read(&path).unwrap();
                for k in 1..=16 {
                    let cut = bytes.len() * k / 17;
                    if let Err(e) = parse(&rel, &bytes[..cut], None) {
                        assert!(
                            e.message.starts_with(rel.as_str()),
                            "{rel} cut at {cut}: {}",
                            e.message
                        );
                    }
                }
            }
        }
    }
}
