//! Speakers become people: the preview says who speaks, a batch's proposal maps them to
//! participants or the interviewer, the choices come back as suggestions next time, and an
//! interview's speakers can be remapped, split and merged after the import with evidence
//! following. Also: the same file imported twice, and two files of one name.

use groundwork_core::model::*;
use groundwork_core::speakers::{
    FileSpeakers, ProposalReason, SpeakerMap, SpeakerMode, SpeakerProposal, SpeakerTarget,
};
use groundwork_core::{ErrorCode, Workspace};

mod common;
use common::new_ws;

const VTT: &[u8] = b"WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Mel Chua>How do you release?</v>\n\n00:00:03.000 --> 00:00:06.000\n<v Dana Reyes>Every Friday, by hand.</v>\n\n00:00:06.000 --> 00:00:08.000\n<v Dana Reyes>It takes all afternoon.</v>\n\n00:00:08.000 --> 00:00:09.000\n<v Mel Chua>Why?</v>\n\n00:00:09.000 --> 00:00:12.000\n<v Sam>Sorry, joining late.</v>\n";

/// Inside `mod import` so that `cargo test -p groundwork_core import` runs them.
mod import {
    use super::*;

    #[test]
    fn preview_saves_nothing_and_counts_turns() {
        let (_d, ws) = new_ws();
        let p = ws.preview_bytes("calls/dana.vtt", VTT, None).unwrap();
        assert_eq!(
            (p.kind, p.title.as_str(), p.format.as_str()),
            (ObjectKind::Interview, "dana", "vtt")
        );
        // Dana's two cues in a row read as one passage.
        assert_eq!(p.segments, 4);
        let turns: Vec<(&str, usize)> = p
            .speakers
            .iter()
            .map(|s| (s.name.as_str(), s.turns))
            .collect();
        assert_eq!(turns, [("Mel Chua", 2), ("Dana Reyes", 1), ("Sam", 1)]);
        // In an empty workspace every named speaker is proposed as a new participant.
        assert!(
            p.speakers.iter().all(|s| matches!(
                &s.suggestion,
                Some(SpeakerTarget::NewParticipant { name, .. }) if *name == s.name
            )),
            "{:?}",
            p.speakers
        );
        assert_eq!(p.imported_before, None);
        assert!(ws.interviews().unwrap().is_empty());
        let e = ws
            .preview_bytes(
                "x.vtt",
                b"WEBVTT\n\n00:61:00.000 --> 00:62:00.000\nx\n",
                None,
            )
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::UnsupportedFormat);
        assert!(e.message.starts_with("x.vtt, line 3"), "{}", e.message);
    }

    #[test]
    fn mapping_links_segments_and_is_remembered() {
        let (_d, ws) = new_ws();
        let sam = ws
            .create_participant(&ParticipantInput {
                name: "Sam Park".into(),
                ..Default::default()
            })
            .unwrap();
        let map: SpeakerMap = [
            ("Mel Chua".to_string(), SpeakerTarget::Interviewer),
            (
                "Dana Reyes".to_string(),
                SpeakerTarget::NewParticipant {
                    name: "Dana Reyes".into(),
                    company: None,
                },
            ),
            (
                "Sam".to_string(),
                SpeakerTarget::Participant { id: sam.id.clone() },
            ),
            (
                "Nobody in this file".to_string(),
                SpeakerTarget::Interviewer,
            ),
        ]
        .into_iter()
        .collect();
        let imported = ws.import_bytes_with("dana.vtt", VTT, None, &map).unwrap();
        let iv = ws.interview(&imported.id).unwrap();
        assert_eq!(iv.input.interviewer, "Mel Chua");
        let dana = ws
            .participants()
            .unwrap()
            .into_iter()
            .find(|p| p.input.name == "Dana Reyes")
            .unwrap();
        let mut linked = iv.input.participant_ids.clone();
        linked.sort();
        let mut want = vec![dana.id.clone(), sam.id.clone()];
        want.sort();
        assert_eq!(linked, want);
        let segs = ws.segments(&imported.id).unwrap();
        let pids: Vec<Option<&str>> = segs.iter().map(|s| s.participant_id.as_deref()).collect();
        assert_eq!(
            pids,
            [None, Some(dana.id.as_str()), None, Some(sam.id.as_str())]
        );
        // Speaker labels stay as written.
        assert_eq!(segs[1].speaker.as_deref(), Some("Dana Reyes"));

        // Next time the same names come preselected; a second import reuses Dana.
        let p = ws.preview_bytes("again.vtt", VTT, None).unwrap();
        let sugg: Vec<Option<SpeakerTarget>> =
            p.speakers.iter().map(|s| s.suggestion.clone()).collect();
        assert_eq!(
            sugg,
            [
                Some(SpeakerTarget::Interviewer),
                Some(SpeakerTarget::Participant {
                    id: dana.id.clone()
                }),
                Some(SpeakerTarget::Participant { id: sam.id.clone() })
            ]
        );
        ws.import_bytes_with("again.vtt", VTT, None, &map).unwrap();
        assert_eq!(ws.participants().unwrap().len(), 2, "no second Dana");

        // "Leave as is" forgets the choice.
        let keep: SpeakerMap = [("Sam".to_string(), SpeakerTarget::Keep)]
            .into_iter()
            .collect();
        ws.import_bytes_with("third.vtt", VTT, None, &keep).unwrap();
        let p = ws.preview_bytes("x.vtt", VTT, None).unwrap();
        assert_eq!(
            p.speakers[2].suggestion,
            Some(SpeakerTarget::NewParticipant {
                name: "Sam".into(),
                company: None
            }),
            "no longer remembered: Sam is nobody known yet"
        );
    }

    #[test]
    fn a_bad_mapping_imports_nothing() {
        let (_d, ws) = new_ws();
        let map: SpeakerMap = [
            (
                "Dana Reyes".to_string(),
                SpeakerTarget::NewParticipant {
                    name: "Dana".into(),
                    company: None,
                },
            ),
            (
                "Sam".to_string(),
                SpeakerTarget::Participant {
                    id: "no-such-id".into(),
                },
            ),
        ]
        .into_iter()
        .collect();
        let e = ws
            .import_bytes_with("dana.vtt", VTT, None, &map)
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::NotFound);
        assert!(e.message.contains("dana.vtt"), "{}", e.message);
        assert!(ws.interviews().unwrap().is_empty());
        assert!(
            ws.participants().unwrap().is_empty(),
            "Dana was not created"
        );
        let blank: SpeakerMap = [(
            "Sam".to_string(),
            SpeakerTarget::NewParticipant {
                name: "  ".into(),
                company: None,
            },
        )]
        .into_iter()
        .collect();
        let e = ws
            .import_bytes_with("dana.vtt", VTT, None, &blank)
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Invalid);
    }
}

fn files(list: &[&[&str]]) -> Vec<FileSpeakers> {
    list.iter()
        .map(|names| FileSpeakers {
            speakers: names.iter().map(|n| n.to_string()).collect(),
            host: None,
        })
        .collect()
}

fn proposal(ps: &[SpeakerProposal], name: &str) -> (SpeakerTarget, ProposalReason) {
    let p = ps
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no proposal for {name}: {ps:?}"));
    (p.target.clone(), p.reason)
}

fn vtt(lines: &[(&str, &str)]) -> Vec<u8> {
    let mut out = String::from("WEBVTT\n");
    for (i, (who, text)) in lines.iter().enumerate() {
        out.push_str(&format!(
            "\n00:00:{:02}.000 --> 00:00:{:02}.500\n<v {who}>{text}</v>\n",
            i * 2,
            i * 2 + 1
        ));
    }
    out.into_bytes()
}

/// The proposal for a batch: who is the interviewer, who matches a participant, who is new.
mod propose {
    use super::*;

    #[test]
    fn the_person_in_most_files_is_the_interviewer_and_others_are_people() {
        let (_d, ws) = new_ws();
        ws.create_participant(&ParticipantInput {
            name: "José Núñez".into(),
            ..Default::default()
        })
        .unwrap();
        let ps = ws
            .propose_speakers(&files(&[
                &["MEL", "DONALD"],
                &["Mel", "NAOMI", "Speaker 2"],
                &["mel", "JOSE NUNEZ (M)", "Ana Souza | Nubank", "EF Zoom Bot"],
            ]))
            .unwrap();
        assert_eq!(
            proposal(&ps, "MEL"),
            (SpeakerTarget::Interviewer, ProposalReason::MostFiles)
        );
        assert_eq!(ps[0].files, 3);
        assert_eq!(ps[0].of, 3);
        assert_eq!(
            proposal(&ps, "DONALD"),
            (
                SpeakerTarget::NewParticipant {
                    name: "Donald".into(),
                    company: None
                },
                ProposalReason::New
            )
        );
        let jose = ws.participants().unwrap()[0].id.clone();
        assert_eq!(
            proposal(&ps, "JOSE NUNEZ (M)"),
            (
                SpeakerTarget::Participant { id: jose },
                ProposalReason::SameName
            ),
            "case, accents and decorations do not make another person"
        );
        assert_eq!(
            proposal(&ps, "Ana Souza | Nubank"),
            (
                SpeakerTarget::NewParticipant {
                    name: "Ana Souza".into(),
                    company: Some("Nubank".into())
                },
                ProposalReason::New
            )
        );
        for anonymous in ["Speaker 2", "EF Zoom Bot"] {
            assert_eq!(
                proposal(&ps, anonymous),
                (SpeakerTarget::Keep, ProposalReason::Unnamed)
            );
        }
    }

    #[test]
    fn a_single_file_names_its_host_or_no_interviewer() {
        let (_d, ws) = new_ws();
        let one = ws.propose_speakers(&files(&[&["Dana", "Mel"]])).unwrap();
        assert!(
            one.iter().all(|p| p.reason == ProposalReason::New),
            "{one:?}"
        );
        // Equal counts across files say nothing: a batch of calls with recurring people.
        let calls = ws
            .propose_speakers(&files(&[
                &["Ann", "Bo", "Cy"],
                &["Ann", "Bo"],
                &["Bo", "Ann"],
            ]))
            .unwrap();
        assert!(
            calls.iter().all(|p| p.reason == ProposalReason::New),
            "{calls:?}"
        );
        let hosted = ws
            .propose_speakers(&[FileSpeakers {
                speakers: vec!["Priya Nair".into(), "Tom Okafor".into()],
                host: Some("Priya Nair".into()),
            }])
            .unwrap();
        assert_eq!(
            proposal(&hosted, "Priya Nair"),
            (SpeakerTarget::Interviewer, ProposalReason::Host)
        );
        let labelled = ws
            .propose_speakers(&files(&[&["INTERVIEWER", "KOFI"], &["Q", "A"]]))
            .unwrap();
        assert_eq!(proposal(&labelled, "INTERVIEWER").1, ProposalReason::Host);
        assert_eq!(proposal(&labelled, "Q").1, ProposalReason::Host);
        assert_eq!(proposal(&labelled, "A").1, ProposalReason::Unnamed);
    }

    #[test]
    fn me_and_my_team_are_remembered() {
        let (_d, ws) = new_ws();
        let map: SpeakerMap = [("Mel Chua".to_string(), SpeakerTarget::Interviewer)]
            .into_iter()
            .collect();
        ws.import_bytes_with("a.vtt", VTT, None, &map).unwrap();
        // Next time, in another spelling, alone in a file: still the user's team.
        let ps = ws
            .propose_speakers(&files(&[&["MEL CHUA", "Dana"]]))
            .unwrap();
        assert_eq!(
            proposal(&ps, "MEL CHUA"),
            (SpeakerTarget::Interviewer, ProposalReason::Team)
        );
    }

    #[test]
    fn auto_import_links_everyone_once_and_reports_it() {
        let (_d, ws) = new_ws();
        let a = vtt(&[("Mel", "How do you release?"), ("Dana Reyes", "By hand.")]);
        let b = vtt(&[
            ("MEL", "And you?"),
            ("Dana Reyes | Acme", "Same."),
            ("Sam", "Me too."),
        ]);
        // Mel in three files, Dana in two: Mel runs the interviews. (Two files each would
        // say nothing.)
        let batch = files(&[
            &["Mel", "Dana Reyes"],
            &["MEL", "Dana Reyes | Acme", "Sam"],
            &["mel", "Lee"],
        ]);
        let tie = ws.speaker_map(&SpeakerMode::Auto, &batch[..2]).unwrap();
        assert!(matches!(tie["Mel"], SpeakerTarget::NewParticipant { .. }));
        let map = ws.speaker_map(&SpeakerMode::Auto, &batch).unwrap();
        let first = ws.import_bytes_with("a.vtt", &a, None, &map).unwrap();
        let second = ws.import_bytes_with("b.vtt", &b, None, &map).unwrap();
        assert_eq!(first.interviewers, ["Mel"]);
        assert_eq!(second.interviewers, ["MEL"]);
        assert_eq!(first.participants.len(), 1);
        assert!(first.participants[0].created);
        let dana = &second.participants[0];
        assert_eq!(
            (dana.speaker.as_str(), dana.name.as_str(), dana.created),
            ("Dana Reyes | Acme", "Dana Reyes", false),
            "the same Dana, matched"
        );
        assert_eq!(ws.participants().unwrap().len(), 2, "Dana and Sam");
        let iv = ws.interview(&second.id).unwrap();
        assert_eq!(iv.input.participant_ids.len(), 2);
        assert_eq!(iv.input.interviewer, "MEL");
        // An explicit choice overrides the proposal; `Keep` mode maps nothing.
        let keep = ws
            .speaker_map(&SpeakerMode::Keep, &files(&[&["Mel"]]))
            .unwrap();
        assert!(keep.is_empty());
        let chosen: SpeakerMap = [("Sam".to_string(), SpeakerTarget::Keep)]
            .into_iter()
            .collect();
        let map = ws
            .speaker_map(&SpeakerMode::Map(chosen), &files(&[&["Sam", "Lee"]]))
            .unwrap();
        assert_eq!(map["Sam"], SpeakerTarget::Keep);
        assert!(matches!(map["Lee"], SpeakerTarget::NewParticipant { .. }));
    }
}

/// After the import: the Speakers panel remaps, merges and splits, and evidence follows.
mod remap {
    use super::*;

    fn tag(ws: &Workspace) -> Tag {
        ws.create_tag(&TagInput {
            name: "pain".into(),
            ..Default::default()
        })
        .unwrap()
    }

    fn highlight_of(ws: &Workspace, interview_id: &str, speaker: &str, tag: &Tag) -> Highlight {
        let seg = ws
            .segments(interview_id)
            .unwrap()
            .into_iter()
            .find(|s| s.speaker.as_deref() == Some(speaker))
            .unwrap();
        ws.create_highlight(&HighlightInput {
            interview_id: Some(interview_id.into()),
            segment_id: Some(seg.id.clone()),
            start: 0,
            end: seg.text.chars().count() as i64,
            quote: seg.text.clone(),
            tag_ids: vec![tag.id.clone()],
            ..Default::default()
        })
        .unwrap()
    }

    #[test]
    fn a_kept_label_becomes_a_person_and_evidence_follows() {
        let (_d, ws) = new_ws();
        // Imported with every label left as written.
        let a = ws
            .import_bytes(
                "a.vtt",
                &vtt(&[
                    ("Mel", "Why?"),
                    ("Dana", "Exports break."),
                    ("Sam", "Same here."),
                ]),
                None,
            )
            .unwrap();
        let t = tag(&ws);
        let h1 = highlight_of(&ws, &a.id, "Dana", &t);
        let h2 = highlight_of(&ws, &a.id, "Sam", &t);
        let insight = ws
            .create_insight(&InsightInput {
                title: "Exports break".into(),
                highlight_ids: vec![h1.id.clone(), h2.id.clone()],
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            insight.strength, 2,
            "known speakers count even before they are people"
        );
        let matrix = ws.query_highlights(&Default::default()).unwrap();
        assert!(
            matrix
                .participants
                .iter()
                .all(|p| p.participant_id.is_none())
        );

        let speakers = ws
            .map_speaker(
                &a.id,
                "Dana",
                &SpeakerTarget::NewParticipant {
                    name: "Dana Reyes".into(),
                    company: Some("Acme".into()),
                },
                false,
            )
            .unwrap();
        let dana = speakers.iter().find(|s| s.speaker == "Dana").unwrap();
        let dana_id = dana.participant.as_ref().unwrap().id.clone();
        assert_eq!(dana.highlights, 1);
        assert_eq!(ws.participant(&dana_id).unwrap().input.company, "Acme");
        assert_eq!(
            ws.highlight(&h1.id).unwrap().participant_id.as_deref(),
            Some(dana_id.as_str())
        );
        assert_eq!(
            ws.interview(&a.id).unwrap().input.participant_ids,
            std::slice::from_ref(&dana_id)
        );
        let matrix = ws.query_highlights(&Default::default()).unwrap();
        assert!(
            matrix
                .participants
                .iter()
                .any(|p| p.participant_id.as_deref() == Some(dana_id.as_str())),
            "{:?}",
            matrix.participants
        );
        assert_eq!(ws.insight(&insight.id).unwrap().strength, 2);

        // Mark Mel as the interviewer: the interview says so, and so does the next import.
        let speakers = ws
            .map_speaker(&a.id, "Mel", &SpeakerTarget::Interviewer, false)
            .unwrap();
        assert!(
            speakers
                .iter()
                .find(|s| s.speaker == "Mel")
                .unwrap()
                .interviewer
        );
        assert_eq!(ws.interview(&a.id).unwrap().input.interviewer, "Mel");
        let ps = ws.propose_speakers(&files(&[&["MEL"]])).unwrap();
        assert_eq!(ps[0].reason, ProposalReason::Team);
        // And back: leaving Mel as written takes the name out of the interviewer field.
        ws.map_speaker(&a.id, "Mel", &SpeakerTarget::Keep, false)
            .unwrap();
        assert_eq!(ws.interview(&a.id).unwrap().input.interviewer, "");

        let e = ws
            .map_speaker(&a.id, "Nobody", &SpeakerTarget::Keep, false)
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::NotFound);
    }

    #[test]
    fn the_panel_counts_each_labels_live_highlights_and_where_else_it_speaks() {
        let (_d, ws) = new_ws();
        let a = ws
            .import_bytes(
                "a.vtt",
                &vtt(&[("Dana", "Exports break."), ("Sam", "Same.")]),
                None,
            )
            .unwrap();
        let b = ws
            .import_bytes(
                "b.vtt",
                &vtt(&[("DANA", "Still broken."), ("Lee", "Hm.")]),
                None,
            )
            .unwrap();
        let t = tag(&ws);
        let kept = highlight_of(&ws, &a.id, "Dana", &t);
        let trashed = highlight_of(&ws, &a.id, "Dana", &t);
        highlight_of(&ws, &b.id, "DANA", &t);
        ws.trash(ObjectKind::Highlight, &trashed.id).unwrap();
        let speakers = ws.interview_speakers(&a.id).unwrap();
        let count = |name: &str| {
            let s = speakers.iter().find(|s| s.speaker == name).unwrap();
            (s.highlights, s.elsewhere)
        };
        // Dana's one live highlight here (not b's, not the trashed one); "DANA" in b is her.
        assert_eq!(count("Dana"), (1, 1));
        assert_eq!(count("Sam"), (0, 0));
        assert!(kept.input.segment_id.is_some());
    }

    #[test]
    fn split_a_wrongly_merged_person_then_merge_two_that_are_one() {
        let (_d, ws) = new_ws();
        // Two different Sams in two files were matched to one participant by name.
        let a = vtt(&[("Mel", "Hi"), ("Sam", "I run finance.")]);
        let b = vtt(&[("Mel", "Hi"), ("Sam", "I run the warehouse.")]);
        let fs = files(&[&["Mel", "Sam"], &["Mel", "Sam"], &["Mel", "Lee"]]);
        let map = ws.speaker_map(&SpeakerMode::Auto, &fs).unwrap();
        let a = ws.import_bytes_with("a.vtt", &a, None, &map).unwrap();
        let b = ws.import_bytes_with("b.vtt", &b, None, &map).unwrap();
        assert_eq!(a.interviewers, ["Mel"]);
        assert_eq!(ws.participants().unwrap().len(), 1, "one Sam");
        let t = tag(&ws);
        let ha = highlight_of(&ws, &a.id, "Sam", &t);
        let hb = highlight_of(&ws, &b.id, "Sam", &t);
        let insight = ws
            .create_insight(&InsightInput {
                title: "Sams".into(),
                highlight_ids: vec![ha.id.clone(), hb.id.clone()],
                ..Default::default()
            })
            .unwrap();
        assert_eq!(insight.strength, 1, "wrongly one person");
        let first_sam = ws.participants().unwrap()[0].id.clone();
        assert_eq!(
            ws.interview_speakers(&b.id).unwrap()[1].elsewhere,
            1,
            "Sam speaks in one other interview"
        );

        // Split: b's Sam is someone else, even with the same name.
        let after = ws
            .map_speaker(
                &b.id,
                "Sam",
                &SpeakerTarget::NewParticipant {
                    name: "Sam".into(),
                    company: None,
                },
                false,
            )
            .unwrap();
        let second_sam = after[1].participant.as_ref().unwrap().id.clone();
        assert_ne!(second_sam, first_sam);
        assert_eq!(ws.insight(&insight.id).unwrap().strength, 2);
        assert_eq!(
            ws.interview(&b.id).unwrap().input.participant_ids,
            std::slice::from_ref(&second_sam)
        );
        assert_eq!(
            ws.interview(&a.id).unwrap().input.participant_ids,
            std::slice::from_ref(&first_sam)
        );

        // Merge them back: everything moves to the first, the second goes to the trash.
        let merged = ws.merge_participants(&second_sam, &first_sam).unwrap();
        assert_eq!(merged.id, first_sam);
        assert_eq!(ws.insight(&insight.id).unwrap().strength, 1);
        assert_eq!(
            ws.highlight(&hb.id).unwrap().participant_id.as_deref(),
            Some(first_sam.as_str())
        );
        assert_eq!(
            ws.interview(&b.id).unwrap().input.participant_ids,
            std::slice::from_ref(&first_sam)
        );
        assert_eq!(ws.participants().unwrap().len(), 1);
        assert!(
            ws.trash_entries()
                .unwrap()
                .iter()
                .any(|e| e.id == second_sam)
        );
        assert_eq!(
            ws.merge_participants(&first_sam, &first_sam)
                .unwrap_err()
                .code,
            ErrorCode::Invalid
        );

        // Everywhere: Mel becomes a participant in both interviews at once.
        let after = ws
            .map_speaker(
                &a.id,
                "Mel",
                &SpeakerTarget::NewParticipant {
                    name: "Mel Chua".into(),
                    company: None,
                },
                true,
            )
            .unwrap();
        let mel = after[0].participant.as_ref().unwrap().id.clone();
        for id in [&a.id, &b.id] {
            let iv = ws.interview(id).unwrap();
            assert!(
                iv.input.participant_ids.contains(&mel),
                "{}",
                iv.input.title
            );
            assert_eq!(iv.input.interviewer, "");
        }
    }

    /// The Speakers panel splits a label off as a new person by giving the label itself:
    /// the person gets the name without decorations and the organisation it names.
    #[test]
    fn a_label_given_as_a_new_name_is_read_like_an_import_reads_it() {
        let (_d, ws) = new_ws();
        let a = vtt(&[("Mel", "Hi"), ("Tom Okafor [Northwind]", "We count seats.")]);
        let a = ws
            .import_bytes_with("a.vtt", &a, None, &Default::default())
            .unwrap();
        let after = ws
            .map_speaker(
                &a.id,
                "Tom Okafor [Northwind]",
                &SpeakerTarget::NewParticipant {
                    name: "Tom Okafor [Northwind]".into(),
                    company: None,
                },
                false,
            )
            .unwrap();
        let tom = after[1].participant.as_ref().unwrap();
        assert_eq!(tom.name, "Tom Okafor");
        let p = ws.participant(&tom.id).unwrap();
        assert_eq!(p.input.company, "Northwind");
    }
}

/// The same file twice; two files of the same name.
mod files_again {
    use super::*;

    #[test]
    fn the_same_bytes_are_recognised_while_what_they_made_lives() {
        let (_d, ws) = new_ws();
        assert_eq!(ws.imported_before(VTT).unwrap(), None);
        let first = ws.import_bytes("calls/dana.vtt", VTT, None).unwrap();
        let before = ws.imported_before(VTT).unwrap().unwrap();
        assert_eq!(
            (
                before.kind,
                before.id.as_str(),
                before.title.as_str(),
                before.file_name.as_str()
            ),
            (ObjectKind::Interview, first.id.as_str(), "dana", "dana.vtt")
        );
        let p = ws
            .preview_bytes("elsewhere/renamed.vtt", VTT, None)
            .unwrap();
        assert_eq!(
            p.imported_before.as_ref().map(|b| b.id.as_str()),
            Some(first.id.as_str())
        );
        // Once in the trash, importing it again is no repeat.
        ws.trash(ObjectKind::Interview, &first.id).unwrap();
        assert_eq!(ws.imported_before(VTT).unwrap(), None);
    }

    #[test]
    fn two_files_of_the_same_name_get_distinct_titles() {
        let (_d, ws) = new_ws();
        let a = ws
            .import_bytes("2024/acme/interview.md", b"MEL: hi\n\nANA: yo\n", None)
            .unwrap();
        let b = ws
            .import_bytes("2025/globex/interview.md", b"MEL: so\n\nBO: ok\n", None)
            .unwrap();
        let c = ws
            .import_bytes("2025/globex/interview.md", b"MEL: and\n\nCY: eh\n", None)
            .unwrap();
        assert_eq!(a.title, "interview");
        assert_eq!(b.title, "globex interview");
        assert_eq!(c.title, "interview (2)");
        let n1 = ws
            .import_bytes("x/notes/plan.md", b"# Plan\n\ntext\n", None)
            .unwrap();
        let n2 = ws
            .import_bytes("y/plan.md", b"# Plan\n\nother\n", None)
            .unwrap();
        assert_eq!((n1.title.as_str(), n2.title.as_str()), ("Plan", "y Plan"));
    }
}
