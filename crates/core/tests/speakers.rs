//! Speakers at import: the preview says who speaks, the commit maps them to participants
//! or the interviewer, and the choices come back as suggestions next time.

use groundwork_core::model::*;
use groundwork_core::speakers::{SpeakerMap, SpeakerTarget};
use groundwork_core::{ErrorCode, Workspace};

const VTT: &[u8] = b"WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Mel Chua>How do you release?</v>\n\n00:00:03.000 --> 00:00:06.000\n<v Dana Reyes>Every Friday, by hand.</v>\n\n00:00:06.000 --> 00:00:08.000\n<v Dana Reyes>It takes all afternoon.</v>\n\n00:00:08.000 --> 00:00:09.000\n<v Mel Chua>Why?</v>\n\n00:00:09.000 --> 00:00:12.000\n<v Sam>Sorry, joining late.</v>\n";

fn new_ws() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::init(&dir.path().join("ws")).unwrap();
    (dir, ws)
}

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
        assert_eq!(p.segments, 5);
        let turns: Vec<(&str, usize)> = p
            .speakers
            .iter()
            .map(|s| (s.name.as_str(), s.turns))
            .collect();
        assert_eq!(turns, [("Mel Chua", 2), ("Dana Reyes", 1), ("Sam", 1)]);
        assert!(p.speakers.iter().all(|s| s.suggestion.is_none()));
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
            [
                None,
                Some(dana.id.as_str()),
                Some(dana.id.as_str()),
                None,
                Some(sam.id.as_str())
            ]
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
        assert_eq!(p.speakers[2].suggestion, None);
    }

    #[test]
    fn a_bad_mapping_imports_nothing() {
        let (_d, ws) = new_ws();
        let map: SpeakerMap = [
            (
                "Dana Reyes".to_string(),
                SpeakerTarget::NewParticipant {
                    name: "Dana".into(),
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
            SpeakerTarget::NewParticipant { name: "  ".into() },
        )]
        .into_iter()
        .collect();
        let e = ws
            .import_bytes_with("dana.vtt", VTT, None, &blank)
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Invalid);
    }
}
