//! Caption cues into readable passages. Captions break what one person says into cues of a
//! few words; a transcript reads by turns. Consecutive cues of one speaker become one
//! passage, and captions without speakers (podcasts) become passages of a few sentences,
//! broken where a caption marks a new voice ("- "). Each merged cue's start is kept
//! (`cues`: where it starts in the text, and when), so a click on any word still finds
//! its second in the recording.

use super::ParsedSegment;
use crate::model::CueMark;

/// A labelled turn is split at the first sentence end past this many characters, and
/// anyway at the hard limit: a passage should fit on a screen.
const TURN_SOFT: usize = 1_500;
const TURN_HARD: usize = 3_000;
/// Unlabelled captions: passages of a few sentences.
const PLAIN_SOFT: usize = 320;
const PLAIN_HARD: usize = 1_000;
/// A pause this long (ms) starts a new passage even within one speaker's turn.
const PAUSE_MS: i64 = 30_000;

/// A cue after cleaning: its segment and whether the caption marked a change of speaker.
pub(crate) struct Piece {
    pub segment: ParsedSegment,
    pub change: bool,
}

fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(['"', '\'', '”', '’', ')', ']']);
    t.ends_with(['.', '?', '!', '…'])
}

/// `merge` for lines that mark no change of voice (timestamped text).
pub(crate) fn merge_lines(segments: Vec<ParsedSegment>) -> Vec<ParsedSegment> {
    merge(
        segments
            .into_iter()
            .map(|segment| Piece {
                segment,
                change: false,
            })
            .collect(),
    )
}

/// Merge consecutive pieces of one speaker (see the module comment).
pub(crate) fn merge(pieces: Vec<Piece>) -> Vec<ParsedSegment> {
    let mut out: Vec<ParsedSegment> = Vec::with_capacity(pieces.len() / 2 + 1);
    // Characters in the passage being built (`out.last()`), kept to avoid recounting.
    let mut chars = 0usize;
    let mut open = false;
    for Piece { segment, change } in pieces {
        let multi_voice = segment.text.contains('\n');
        let joins = open
            && !change
            && !multi_voice
            && out.last().is_some_and(|p| {
                let (soft, hard) = if p.speaker.is_some() {
                    (TURN_SOFT, TURN_HARD)
                } else {
                    (PLAIN_SOFT, PLAIN_HARD)
                };
                let full = chars >= hard || (chars >= soft && ends_sentence(&p.text));
                let pause = match (p.end_ms, segment.start_ms) {
                    (Some(end), Some(start)) => start - end > PAUSE_MS,
                    _ => false,
                };
                p.speaker == segment.speaker
                    && segment.start_ms.is_some()
                    && p.start_ms.is_some()
                    && !full
                    && !pause
            });
        if !joins {
            chars = segment.text.chars().count();
            out.push(segment);
            // A dialogue cue ("- Hi.\n- Hello.") stays a passage of its own.
            open = !multi_voice;
            continue;
        }
        let Some(p) = out.last_mut() else {
            continue;
        };
        if p.cues.is_empty() {
            p.cues.push(CueMark {
                at: 0,
                ms: p.start_ms.unwrap_or(0),
            });
        }
        p.text.push(' ');
        chars += 1;
        p.cues.push(CueMark {
            at: chars as i64,
            ms: segment.start_ms.unwrap_or(0),
        });
        p.text.push_str(&segment.text);
        chars += segment.text.chars().count();
        p.end_ms = match (p.end_ms, segment.end_ms) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(speaker: Option<&str>, start: i64, text: &str, change: bool) -> Piece {
        Piece {
            segment: ParsedSegment {
                speaker: speaker.map(str::to_string),
                start_ms: Some(start),
                end_ms: Some(start + 2_000),
                text: text.to_string(),
                ..Default::default()
            },
            change,
        }
    }

    #[test]
    fn one_speakers_cues_become_one_turn_with_each_cues_time() {
        let segs = merge(vec![
            piece(Some("Ana"), 1_000, "We export invoices", false),
            piece(Some("Ana"), 3_000, "by hand every Friday.", false),
            piece(Some("Ana"), 5_500, "It takes all afternoon.", false),
            piece(Some("Mel"), 8_000, "Why?", false),
            piece(Some("Ana"), 9_000, "No API.", false),
        ]);
        let texts: Vec<&str> = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "We export invoices by hand every Friday. It takes all afternoon.",
                "Why?",
                "No API."
            ]
        );
        assert_eq!(
            segs[0].cues,
            [
                CueMark { at: 0, ms: 1_000 },
                CueMark { at: 19, ms: 3_000 },
                CueMark { at: 41, ms: 5_500 }
            ]
        );
        // Every cue's offset points at the first word of that cue.
        let chars: Vec<char> = segs[0].text.chars().collect();
        assert_eq!(chars[19..21].iter().collect::<String>(), "by");
        assert_eq!(chars[41..43].iter().collect::<String>(), "It");
        assert_eq!(
            (segs[0].start_ms, segs[0].end_ms),
            (Some(1_000), Some(7_500))
        );
        assert!(segs[1].cues.is_empty(), "a single cue needs no cue list");
    }

    #[test]
    fn captions_without_speakers_become_passages_of_sentences() {
        let line = "and this is a caption line of some length";
        let mut pieces: Vec<Piece> = (0..32)
            .map(|i| {
                let text = if i % 4 == 3 {
                    format!("{line}.")
                } else {
                    line.to_string()
                };
                piece(None, i * 2_000, &text, false)
            })
            .collect();
        pieces.push(piece(None, 70_000, "Yeah, let's do it.", true));
        let segs = merge(pieces);
        assert!(segs.len() > 2 && segs.len() < 10, "{}", segs.len());
        for s in &segs {
            assert!(s.text.ends_with('.'), "{:?}", s.text);
            assert!(s.text.chars().count() <= PLAIN_HARD);
        }
        assert_eq!(
            segs.last().unwrap().text,
            "Yeah, let's do it.",
            "a '- ' cue starts a new voice"
        );
        let total: usize = segs.iter().map(|s| s.cues.len().max(1)).sum();
        assert_eq!(total, 33, "every cue's time is kept");
    }

    #[test]
    fn pauses_dialogue_cues_and_untimed_pieces_are_not_merged() {
        let segs = merge(vec![
            piece(Some("Ana"), 0, "First.", false),
            piece(Some("Ana"), 60_000, "After a long pause.", false),
            piece(None, 62_000, "- Hi.\n- Hello.", false),
            piece(None, 64_000, "Next.", false),
        ]);
        assert_eq!(segs.len(), 4);
    }

    #[test]
    fn long_turns_are_split_at_a_sentence_end() {
        let sentence = "This is one sentence that the speaker says in one cue. ";
        let pieces: Vec<Piece> = (0..80)
            .map(|i| piece(Some("Ana"), i * 1_000, sentence.trim(), false))
            .collect();
        let segs = merge(pieces);
        assert!(segs.len() >= 2);
        assert!(segs.iter().all(|s| s.text.chars().count() <= TURN_HARD));
        assert!(segs.iter().all(|s| s.speaker.as_deref() == Some("Ana")));
    }
}
