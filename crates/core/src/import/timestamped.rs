//! Timestamped text transcripts (.txt): one line per utterance starting with a time,
//! `00:00:07 text`, `0:07 text` or `[00:00:07] text`, as podcast sites publish them.
//! Lines without a time continue the line above. There are usually no speakers; when most
//! lines read "Name: text" after the time, those names are taken as speakers.

use super::ParsedSegment;
use super::text::speaker_prefix;
use super::timecode::parse_timestamp;
use crate::error::{Error, Result};

/// `(start_ms, text)` when `line` starts with a time.
fn timed_line(line: &str) -> Option<(i64, &str)> {
    let line = line.trim_start();
    let (time, rest) = if let Some(inner) = line.strip_prefix('[') {
        inner.split_once(']')?
    } else if let Some(inner) = line.strip_prefix('(') {
        inner.split_once(')')?
    } else {
        match line.split_once(char::is_whitespace) {
            Some(pair) => pair,
            None => (line, ""),
        }
    };
    let start = parse_timestamp(time.trim())?;
    let rest = rest.trim();
    // "00:00:07 - text" and "00:00:07: text" separate the time with punctuation.
    let rest = rest
        .strip_prefix(['-', '–', ':'])
        .map(str::trim_start)
        .unwrap_or(rest);
    Some((start, rest))
}

/// True when most non-blank lines start with a time (and at least one does).
pub(crate) fn looks_like_timestamped(text: &str) -> bool {
    let (mut timed, mut total) = (0usize, 0usize);
    for l in text.lines().filter(|l| !l.trim().is_empty()) {
        total += 1;
        if timed_line(l).is_some() {
            timed += 1;
        }
    }
    timed > 0 && timed * 10 >= total * 6
}

pub(crate) fn parse(name: &str, text: &str) -> Result<Vec<ParsedSegment>> {
    let mut segments: Vec<ParsedSegment> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            continue;
        }
        match timed_line(line) {
            Some((start, rest)) => segments.push(ParsedSegment {
                speaker: None,
                start_ms: Some(start),
                end_ms: None,
                text: rest.to_string(),
                ..Default::default()
            }),
            None => {
                if let Some(last) = segments.last_mut() {
                    if !last.text.is_empty() {
                        last.text.push(' ');
                    }
                    last.text.push_str(line.trim());
                }
            }
        }
    }
    segments.retain(|s| !s.text.is_empty());
    if segments.is_empty() {
        return Err(Error::unsupported(format!(
            "{name}: contains no timestamped lines with text"
        )));
    }
    // Speakers only when most lines carry a name, so "Note: …" in one line stays text.
    let named = segments
        .iter()
        .filter(|s| speaker_prefix(&s.text, 6).is_some())
        .count();
    if named * 2 > segments.len() {
        for s in &mut segments {
            if let Some(p) = speaker_prefix(&s.text, 6) {
                let (who, rest) = (p.name, p.rest.to_string());
                s.speaker = Some(who);
                s.text = rest;
            }
        }
    }
    Ok(segments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn podcast_lines() {
        let src = "00:00:00 Talk Python To Me, episode number five.\n\n00:00:07 Hello and welcome\nto the show.\n\n[00:01:02] Bracketed.\n0:07 Short.\n01:02:41 .\n";
        assert!(looks_like_timestamped(src));
        let segs = parse("p.txt", src).unwrap();
        let texts: Vec<_> = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Talk Python To Me, episode number five.",
                "Hello and welcome to the show.",
                "Bracketed.",
                "Short.",
                "."
            ]
        );
        assert_eq!(segs[2].start_ms, Some(62_000));
        assert_eq!(segs[4].start_ms, Some(3_761_000));
        assert!(segs.iter().all(|s| s.speaker.is_none()));
    }

    #[test]
    fn speakers_when_most_lines_have_them() {
        let segs = parse("p.txt", "00:01 Ann: hi\n00:02 Bob: hello\n00:03 Ann: so\n").unwrap();
        assert_eq!(segs[1].speaker.as_deref(), Some("Bob"));
        assert_eq!(segs[1].text, "hello");
    }

    #[test]
    fn not_timestamped() {
        assert!(!looks_like_timestamped("MEL: hi\nDONALD: yo\n"));
        assert!(!looks_like_timestamped(
            "10:30 meeting\nnotes\nmore notes\nand more\n"
        ));
        assert!(parse("p.txt", "00:00:01\n").is_err());
    }
}
