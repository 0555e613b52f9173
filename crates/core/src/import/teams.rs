//! Microsoft Teams transcripts, as Teams saves them to Word (.docx) or as copied from the
//! meeting's transcript pane. Speakers and times sit inside the paragraphs, between the
//! meeting's header and lines saying who started, stopped or saved the transcript:
//!
//! ```text
//! Release retro-20260528_140003-Meeting Transcript
//! May 28, 2026, 2:00PM
//! 32m 10s
//! Mel Chua started transcription
//! Dana Reyes   0:03
//! We moved to weekly releases.
//! Mel Chua   0:41
//! Why weekly?
//! Mel Chua stopped transcription
//! ```
//!
//! Older Teams wrote one cue per paragraph: `0:0:3.120 --> 0:0:8.400`, the speaker's name
//! on the next line, then the words. Either way each entry becomes a passage with its
//! speaker and time (consecutive entries of one speaker are one turn, `passages`); whoever
//! started the transcription is the meeting's host.

use super::ParsedSegment;
use super::cue::split_arrow;
use super::text::{is_name_like, is_strong_name};
use super::timecode::parse_timestamp;
use crate::error::{Error, Result};

/// What a file says about the meeting around its entries.
#[derive(Debug)]
pub(crate) struct Meeting {
    pub title: Option<String>,
    /// Who started the transcription: the meeting's host.
    pub host: Option<String>,
    /// The header lines (title, date, duration), for finding the date.
    pub header: String,
    pub segments: Vec<ParsedSegment>,
}

/// "Name started transcription" and the like: a line about the transcript, not speech.
/// Answers who started it, if that is what the line says.
fn event(line: &str) -> Option<Option<&str>> {
    let lower = line.to_lowercase();
    for (suffix, starts) in [
        (" started transcription", true),
        (" stopped transcription", false),
        (" saved this transcript", false),
        (" saved the transcript", false),
    ] {
        if lower.ends_with(suffix) {
            let who = line[..line.len() - suffix.len()].trim();
            return Some(starts.then_some(who));
        }
    }
    let saved_by = ["transcript saved by ", "saved by "]
        .iter()
        .any(|p| lower.starts_with(p));
    saved_by.then_some(None)
}

/// `(name, ms, words after the time)` when the line opens an entry: "Name   0:03" (Teams
/// puts several spaces or a tab between), possibly with the words on the same line.
fn header(line: &str) -> Option<(&str, i64, &str)> {
    // The time is the first time-like token after a gap of two or more spaces or a tab.
    let mut search = 0;
    while let Some(gap) = line[search..].find(['\t', ' ']).map(|g| g + search) {
        let after = &line[gap..];
        let ws = after.len() - after.trim_start().len();
        let rest = after.trim_start();
        let wide = ws >= 2 || after.starts_with('\t');
        let (token, words) = rest
            .split_once(char::is_whitespace)
            .map_or((rest, ""), |(t, w)| (t, w.trim()));
        let name = line[..gap].trim();
        // A single space before the time only counts for a capitalised name alone on its
        // line ("Dana Reyes 0:03"), so "Meeting at 10:30" stays words.
        if let Some(ms) = parse_timestamp(token)
            && (wide || (words.is_empty() && is_strong_name(name)))
            && is_name_like(name, 6)
        {
            return Some((name, ms, words));
        }
        search = gap + ws.max(1);
        if search >= line.len() {
            break;
        }
    }
    None
}

/// An old-layout timing line's start.
fn timing(line: &str) -> Option<i64> {
    let (start, end) = split_arrow(line)?;
    parse_timestamp(end)?;
    parse_timestamp(start)
}

/// True when the text is a Teams transcript: an entry layout plus Teams' own lines (who
/// started the transcription, "Meeting Transcript"), or, for a Word file, the old
/// one-cue-per-paragraph layout with a name on each cue's second line.
pub(crate) fn looks_like_teams(text: &str, from_word: bool) -> bool {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(2_000)
        .collect();
    let marked = lines
        .iter()
        .take(20)
        .any(|l| l.to_lowercase().contains("meeting transcript"))
        || lines.iter().any(|l| event(l).is_some());
    let headers = lines.iter().filter(|l| header(l).is_some()).count();
    let named_cues = lines
        .windows(3)
        .filter(|w| timing(w[0]).is_some() && is_name_like(w[1], 6) && timing(w[2]).is_none())
        .count();
    let cues = lines.iter().filter(|l| timing(l).is_some()).count();
    (marked && (headers >= 2 || named_cues >= 2))
        || (from_word && named_cues >= 2 && named_cues * 2 >= cues)
}

pub(crate) fn parse(name: &str, text: &str) -> Result<Meeting> {
    let mut segments: Vec<ParsedSegment> = Vec::new();
    let mut header_lines: Vec<&str> = Vec::new();
    let mut host: Option<String> = None;
    // Old layout: the start of a cue whose speaker line comes next.
    let mut cue_start: Option<i64> = None;
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(started_by) = event(line) {
            if host.is_none() {
                host = started_by.map(str::to_string);
            }
            cue_start = None;
            continue;
        }
        if let Some(start) = timing(line) {
            cue_start = Some(start);
            continue;
        }
        if let Some(start) = cue_start.take() {
            let (speaker, words) = if is_name_like(line, 6) {
                (Some(line.to_string()), String::new())
            } else {
                (None, line.to_string())
            };
            segments.push(ParsedSegment {
                speaker,
                start_ms: Some(start),
                text: words,
                ..Default::default()
            });
            continue;
        }
        if let Some((who, ms, words)) = header(line) {
            segments.push(ParsedSegment {
                speaker: Some(who.to_string()),
                start_ms: Some(ms),
                text: words.to_string(),
                ..Default::default()
            });
            continue;
        }
        match segments.last_mut() {
            Some(s) => {
                if !s.text.is_empty() {
                    s.text.push(' ');
                }
                s.text.push_str(line);
            }
            None => header_lines.push(line),
        }
    }
    segments.retain(|s| !s.text.trim().is_empty());
    if segments.is_empty() {
        return Err(Error::unsupported(format!(
            "{name}: contains no Teams transcript entries (a line 'Name   0:03' followed by what they said)"
        )));
    }
    // Each entry lasts until the next one starts.
    for k in 1..segments.len() {
        if let (Some(s), Some(n)) = (segments[k - 1].start_ms, segments[k].start_ms) {
            segments[k - 1].end_ms = Some(n.max(s));
        }
    }
    let title = header_lines.first().and_then(|t| meeting_title(t));
    Ok(Meeting {
        title,
        host,
        header: header_lines.join("\n"),
        segments,
    })
}

/// "Release retro-20260528_140003-Meeting Transcript" → "Release retro".
fn meeting_title(line: &str) -> Option<String> {
    let lower = line.to_lowercase();
    let cut = lower
        .rfind("meeting transcript")
        .or_else(|| lower.rfind("transcript"))?;
    let mut title = line[..cut].trim_end_matches(['-', ' ', '_']).to_string();
    // Teams puts the recording's date and time before "Meeting Transcript".
    if let Some(dash) = title.rfind('-') {
        let stamp = &title[dash + 1..];
        if stamp.len() >= 8 && stamp.chars().all(|c| c.is_ascii_digit() || c == '_') {
            title.truncate(dash);
        }
    }
    let title = title.trim().to_string();
    (!title.is_empty()).then_some(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_with_words_on_the_same_line_or_the_next() {
        assert_eq!(header("Dana Reyes   0:03"), Some(("Dana Reyes", 3_000, "")));
        assert_eq!(
            header("Dana Reyes\t1:02:41"),
            Some(("Dana Reyes", 3_761_000, ""))
        );
        assert_eq!(
            header("Dana Reyes   0:03   We moved to weekly releases."),
            Some(("Dana Reyes", 3_000, "We moved to weekly releases."))
        );
        assert_eq!(
            header("Ana Souza [Nubank]   12:10"),
            Some(("Ana Souza [Nubank]", 730_000, ""))
        );
        assert_eq!(header("We met at 10:30 to talk."), None);
        assert_eq!(header("27m 42s"), None);
        assert_eq!(header("Meeting at 10:30"), None);
        assert_eq!(header("Dana Reyes 0:03"), Some(("Dana Reyes", 3_000, "")));
    }

    #[test]
    fn events_and_titles() {
        assert_eq!(
            event("Mel Chua started transcription"),
            Some(Some("Mel Chua"))
        );
        assert_eq!(event("Mel Chua stopped transcription"), Some(None));
        assert_eq!(event("Transcript saved by Mel Chua"), Some(None));
        assert_eq!(event("We started on time"), None);
        assert_eq!(
            meeting_title("Release retro-20260528_140003-Meeting Transcript").as_deref(),
            Some("Release retro")
        );
        assert_eq!(
            meeting_title("Weekly sync - Transcript").as_deref(),
            Some("Weekly sync")
        );
        assert_eq!(meeting_title("May 28, 2026"), None);
    }

    #[test]
    fn new_layout() {
        let src = "Release retro-20260528_140003-Meeting Transcript\nMay 28, 2026, 2:00PM\n32m 10s\nMel Chua started transcription\nDana Reyes   0:03\nWe moved to weekly releases.\nIn March.\nMel Chua   0:41\nWhy weekly?\nMel Chua stopped transcription\n";
        assert!(looks_like_teams(src, false));
        let m = parse("t.txt", src).unwrap();
        assert_eq!(m.title.as_deref(), Some("Release retro"));
        assert_eq!(m.host.as_deref(), Some("Mel Chua"));
        assert!(m.header.contains("May 28, 2026"));
        let got: Vec<(Option<&str>, Option<i64>, &str)> = m
            .segments
            .iter()
            .map(|s| (s.speaker.as_deref(), s.start_ms, s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Some("Dana Reyes"),
                    Some(3_000),
                    "We moved to weekly releases. In March."
                ),
                (Some("Mel Chua"), Some(41_000), "Why weekly?")
            ]
        );
    }

    #[test]
    fn old_layout_from_word() {
        let src = "0:0:3.120 --> 0:0:8.400\nDana Reyes\nWe moved to weekly releases.\n\n0:0:8.400 --> 0:0:9.000\nMel Chua\nWhy?\n";
        assert!(looks_like_teams(src, true));
        assert!(
            !looks_like_teams(src, false),
            "a .txt like this is read as captions"
        );
        let m = parse("t.docx", src).unwrap();
        assert_eq!(m.segments[0].speaker.as_deref(), Some("Dana Reyes"));
        assert_eq!(m.segments[0].text, "We moved to weekly releases.");
        assert_eq!(
            (m.segments[1].start_ms, m.segments[1].text.as_str()),
            (Some(8_400), "Why?")
        );
    }

    #[test]
    fn not_teams() {
        assert!(!looks_like_teams("MEL: hi\n\nDON: yo\n", true));
        assert!(!looks_like_teams(
            "Ann Lee  0:01\nHi.\n\nBo  0:04\nHello.\n",
            false
        ));
        let e = parse("t.docx", "Mel Chua started transcription\n").unwrap_err();
        assert!(
            e.message.starts_with("t.docx: contains no Teams"),
            "{}",
            e.message
        );
    }
}
