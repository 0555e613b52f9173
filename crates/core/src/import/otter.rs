//! Otter.ai text exports: a header line with the speaker and the time, then what they
//! said, up to the next header:
//!
//! ```text
//! Speaker 1  0:03
//! Thanks for making the time.
//!
//! Dana Whitfield  00:01:12
//! Sure. So the export runs every Friday.
//! ```
//!
//! Otter ends the file with "Transcribed by https://otter.ai", which is not speech.

use super::ParsedSegment;
use super::format_error;
use super::text::is_name_like;
use super::timecode::parse_timestamp;
use crate::error::Result;

/// `(speaker, start_ms)` when the whole line is "Name  time".
fn header(line: &str) -> Option<(String, i64)> {
    let line = line.trim();
    let (name, time) = line.rsplit_once(char::is_whitespace)?;
    let start = parse_timestamp(time)?;
    let name = name.trim();
    is_name_like(name, 6).then(|| (name.to_string(), start))
}

fn is_footer(line: &str) -> bool {
    let l = line.trim().to_ascii_lowercase();
    l.starts_with("transcribed by") && l.contains("otter.ai")
}

/// True when at least two lines are headers and headers make up a good share of the text
/// (each turn is a header and at least one line of speech).
pub(crate) fn looks_like_otter(text: &str) -> bool {
    let (mut headers, mut total) = (0usize, 0usize);
    for l in text.lines().filter(|l| !l.trim().is_empty()) {
        total += 1;
        if header(l).is_some() {
            headers += 1;
        }
    }
    headers >= 2 && headers * 3 >= total
}

pub(crate) fn parse(name: &str, text: &str) -> Result<Vec<ParsedSegment>> {
    let mut segments: Vec<ParsedSegment> = Vec::new();
    let mut pending_header: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || is_footer(line) {
            continue;
        }
        if let Some((who, start)) = header(line) {
            if let Some(prev) = segments.last()
                && prev.text.is_empty()
                && let Some(at) = pending_header
            {
                return Err(format_error(
                    name,
                    at,
                    format!(
                        "the turn of '{}' has no text",
                        prev.speaker.as_deref().unwrap_or("")
                    ),
                ));
            }
            pending_header = Some(i + 1);
            segments.push(ParsedSegment {
                speaker: Some(who),
                start_ms: Some(start),
                end_ms: None,
                text: String::new(),
                ..Default::default()
            });
            continue;
        }
        // Lines above the first turn are a title (Otter puts the conversation name there).
        if let Some(s) = segments.last_mut() {
            if !s.text.is_empty() {
                s.text.push('\n');
            }
            s.text.push_str(line.trim());
        }
    }
    // A trailing header without text (an export cut short) is dropped, not an error.
    if segments.last().is_some_and(|s| s.text.is_empty()) {
        segments.pop();
    }
    if segments.is_empty() {
        return Err(format_error(
            name,
            1,
            "contains no Otter turns (a line 'Name  0:00' followed by what they said)",
        ));
    }
    // Each turn lasts until the next one starts.
    for k in 1..segments.len() {
        let next = segments[k].start_ms;
        if let (Some(s), Some(n)) = (segments[k - 1].start_ms, next) {
            segments[k - 1].end_ms = Some(n.max(s));
        }
    }
    Ok(segments)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Onboarding call with Dana\n\nSpeaker 1  0:03\nThanks for making the time.\nShall we start?\n\nDana Whitfield  1:12\nSure. So the export runs every Friday.\n\nSpeaker 1  1:02:41\nGot it.\n\nTranscribed by https://otter.ai\n";

    #[test]
    fn headers_and_turns() {
        assert!(looks_like_otter(SAMPLE));
        let segs = parse("o.txt", SAMPLE).unwrap();
        let who: Vec<_> = segs.iter().map(|s| s.speaker.as_deref().unwrap()).collect();
        assert_eq!(who, ["Speaker 1", "Dana Whitfield", "Speaker 1"]);
        assert_eq!(segs[0].text, "Thanks for making the time.\nShall we start?");
        assert_eq!(
            (segs[0].start_ms, segs[0].end_ms),
            (Some(3_000), Some(72_000))
        );
        assert_eq!((segs[2].start_ms, segs[2].end_ms), (Some(3_761_000), None));
        assert_eq!(segs[2].text, "Got it.");
    }

    #[test]
    fn not_otter() {
        assert!(!looks_like_otter("MEL: hi\n\nDON: yo\n"));
        assert!(!looks_like_otter("00:00:01 hello\n00:00:02 there\n"));
        assert!(!looks_like_otter(
            "Meeting at 10:30\nnotes\nmore\nmore\nmore\nmore\n"
        ));
    }

    #[test]
    fn a_header_without_text_names_its_line() {
        let e = parse("o.txt", "Ann  0:01\n\nBob  0:02\nhello\n").unwrap_err();
        assert_eq!(e.message, "o.txt, line 1: the turn of 'Ann' has no text");
    }
}
