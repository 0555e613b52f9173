//! Plain transcripts made of speaker turns: `NAME: paragraph` (or `**Name:** paragraph` in
//! Markdown). Lines up to the next label belong to the turn; anything before the first
//! turn (a title, a consent statement) is returned as notes.
//!
//! Google Meet transcripts (and Tactiq's copies of them) put a bare time on a line of its
//! own every few minutes ("00:05:00"); the turns after it start at that time. Otherwise
//! turns have no times.

use super::ParsedSegment;
use super::text::{is_name_like, is_strong_name};
use super::timecode::parse_timestamp;
use crate::error::{Error, Result};
use std::collections::HashMap;

/// Transcribers' notes on how something was said, not part of the name:
/// "MEL, TYPING:", "AMANDA (typed):".
const ANNOTATIONS: &[&str] = &[
    ", typing",
    ", typed",
    " (typing)",
    " (typed)",
    " (cont'd)",
    " (contd)",
    " (cont.)",
    " (continued)",
    " (continuing)",
];

/// `(speaker, rest of the line)` when the line starts with a speaker label.
pub(crate) fn turn_label(line: &str) -> Option<(String, &str)> {
    let (label, rest) =
        if let Some(inner) = line.strip_prefix("**").or_else(|| line.strip_prefix("__")) {
            let marker = if line.starts_with("**") { "**" } else { "__" };
            let (label, after) = inner.split_once(marker)?;
            // "**Name:** text" or "**Name**: text".
            match label.strip_suffix(':') {
                Some(l) => (l, after),
                None => (label, after.strip_prefix(':')?),
            }
        } else {
            let (label, after) = line.split_once(':')?;
            if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
                return None;
            }
            (label, after)
        };
    // A label starts the line: indented or quoted ("> MEL:") lines are part of a turn.
    if label.starts_with(char::is_whitespace) {
        return None;
    }
    let name = strip_annotation(label.trim());
    if !is_name_like(name, 4) || !is_strong_name(name) {
        return None;
    }
    Some((name.to_string(), rest.trim()))
}

fn strip_annotation(label: &str) -> &str {
    for a in ANNOTATIONS {
        let Some(cut) = label.len().checked_sub(a.len()) else {
            continue;
        };
        if let (Some(head), Some(tail)) = (label.get(..cut), label.get(cut..))
            && tail.eq_ignore_ascii_case(a)
        {
            return head.trim_end();
        }
    }
    label
}

/// True when the text is mostly speaker turns: at least two turns by at least two
/// speakers, hardly any headings after the first turn (a report quoting people has
/// sections; a transcript does not), and after the first turn at least as many turns as
/// other paragraphs. Long interviews where people speak in several paragraphs (or read
/// out quotes) also count when most turns belong to two recurring speakers.
pub(crate) fn looks_like_turns(text: &str) -> bool {
    let (mut turns, mut others, mut headings) = (0usize, 0usize, 0usize);
    let mut per_speaker: HashMap<String, usize> = HashMap::new();
    let mut prev_blank = true;
    for line in text.lines() {
        if line.trim().is_empty() {
            prev_blank = true;
            continue;
        }
        if let Some((who, _)) = turn_label(line) {
            turns += 1;
            *per_speaker.entry(who.to_uppercase()).or_default() += 1;
        } else if turns > 0 && prev_blank {
            others += 1;
            if line.starts_with('#') {
                headings += 1;
            }
        }
        prev_blank = false;
    }
    if turns < 2 || per_speaker.len() < 2 || headings * 10 > turns {
        return false;
    }
    if turns >= others {
        return true;
    }
    let mut counts: Vec<usize> = per_speaker.into_values().collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    let top_two: usize = counts.iter().take(2).sum();
    turns >= 10 && turns * 5 >= others && top_two * 5 >= turns * 4
}

/// A line holding only a time ("00:05:00", "[00:05]"): a Google Meet time marker.
fn time_marker(line: &str) -> Option<i64> {
    let t = line.trim();
    let t = t
        .strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .unwrap_or(t);
    parse_timestamp(t)
}

/// A Markdown block quote line: what follows the `>` (and one space), or None.
fn quoted(line: &str) -> Option<&str> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = line.get(indent..)?.strip_prefix('>')?;
    (indent <= 3).then(|| rest.strip_prefix(' ').unwrap_or(rest))
}

/// "_Source(s): Naomi-1_" (or "*Source:*  x", "Sources: x"): where a quote comes from, with
/// its emphasis markers dropped. None for anything else.
fn source_line(text: &str) -> Option<String> {
    let t = text.trim().trim_matches(['_', '*']).trim();
    let (label, rest) = t.split_once(':')?;
    let label = label.trim().trim_matches(['_', '*']).trim();
    let rest = rest.trim().trim_matches(['_', '*']).trim();
    matches!(
        label.to_lowercase().as_str(),
        "source" | "sources" | "source(s)"
    )
    .then(|| format!("{label}: {rest}"))
}

struct Turn {
    who: String,
    start_ms: Option<i64>,
    lines: Vec<String>,
    /// Words quoted inside another person's turn (a `> NAME: …` block quote).
    quoted: bool,
}

/// The notes before the first turn, and one segment per turn.
///
/// Interview notes paste quotes from other sessions as Markdown block quotes inside a turn
/// ("> _Source(s): Donald-1_", "> DONALD: …"). Those words are the quoted person's: each
/// quoted label starts a passage of its own, read without the `>` markers; the source line
/// stays with the turn that quotes it, without its emphasis markup; after the quote, words
/// without a label are the quoting speaker's again.
pub(crate) fn parse(name: &str, text: &str) -> Result<(String, Vec<ParsedSegment>)> {
    let mut notes: Vec<&str> = Vec::new();
    let mut turns: Vec<Turn> = Vec::new();
    // The same person may be written "AMANDA" and "Amanda": keep the first spelling.
    let mut spelling: HashMap<String, String> = HashMap::new();
    let mut clock: Option<i64> = None;
    // The turn a block quote sits in, to go back to after it.
    let mut quoting: Option<usize> = None;
    for line in text.lines() {
        if let Some(t) = time_marker(line) {
            clock = Some(t);
            continue;
        }
        if turns.is_empty() && turn_label(line).is_none() {
            notes.push(line);
            continue;
        }
        if let Some(inner) = quoted(line) {
            let host = *quoting.get_or_insert(turns.len().saturating_sub(1));
            if let Some(src) = source_line(inner) {
                if let Some(t) = turns.get_mut(host) {
                    t.lines.push(String::new());
                    t.lines.push(src);
                }
            } else if let Some((who, rest)) = turn_label(inner) {
                let who = spelling.entry(who.to_uppercase()).or_insert(who).clone();
                turns.push(Turn {
                    who,
                    start_ms: clock,
                    lines: vec![rest.to_string()],
                    quoted: true,
                });
            } else if let Some(t) = turns.last_mut() {
                // Quoted words without a label belong to the passage quoted last, or (before
                // any label) to the quoting turn, without the marker.
                t.lines.push(inner.trim_end().to_string());
            }
            continue;
        }
        match turn_label(line) {
            Some((who, rest)) => {
                quoting = None;
                let who = spelling.entry(who.to_uppercase()).or_insert(who).clone();
                turns.push(Turn {
                    who,
                    start_ms: clock,
                    lines: vec![quoted(rest).unwrap_or(rest).to_string()],
                    quoted: false,
                });
            }
            None => {
                let resume = match (quoting, turns.last()) {
                    (Some(host), Some(last)) if last.quoted && !line.trim().is_empty() => {
                        quoting = None;
                        Some(host)
                    }
                    _ => None,
                };
                if let Some(host) = resume
                    && let Some(h) = turns.get(host)
                {
                    let (who, start_ms) = (h.who.clone(), h.start_ms);
                    turns.push(Turn {
                        who,
                        start_ms,
                        lines: Vec::new(),
                        quoted: false,
                    });
                }
                if let Some(t) = turns.last_mut() {
                    t.lines.push(line.trim_end().to_string());
                }
            }
        }
    }
    let segments: Vec<ParsedSegment> = turns
        .into_iter()
        .filter_map(|t| {
            let lines: Vec<&str> = t.lines.iter().map(String::as_str).collect();
            let text = tidy_paragraphs(&lines);
            (!text.is_empty()).then_some(ParsedSegment {
                speaker: Some(t.who),
                start_ms: t.start_ms,
                end_ms: None,
                text,
                ..Default::default()
            })
        })
        .collect();
    if segments.is_empty() {
        return Err(Error::unsupported(format!(
            "{name}: contains no speaker turns (lines like 'NAME: what they said')"
        )));
    }
    Ok((notes.join("\n").trim().to_string(), segments))
}

/// Join lines, keeping paragraph breaks but no runs of blank lines.
fn tidy_paragraphs(lines: &[&str]) -> String {
    let mut out = String::new();
    let mut blank_run = false;
    for l in lines {
        if l.trim().is_empty() {
            blank_run = true;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run { "\n\n" } else { "\n" });
        }
        out.push_str(l);
        blank_run = false;
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(turn_label("MEL: Okay."), Some(("MEL".into(), "Okay.")));
        assert_eq!(
            turn_label("MEL, TYPING: Still here"),
            Some(("MEL".into(), "Still here"))
        );
        assert_eq!(
            turn_label("AMANDA (typed): Say more"),
            Some(("AMANDA".into(), "Say more"))
        );
        assert_eq!(
            turn_label("**Jane Doe:** We tried it"),
            Some(("Jane Doe".into(), "We tried it"))
        );
        assert_eq!(
            turn_label("**Jane Doe**: We tried it"),
            Some(("Jane Doe".into(), "We tried it"))
        );
        assert_eq!(turn_label("Interviewer:"), Some(("Interviewer".into(), "")));
        assert_eq!(turn_label("> DONALD: quoted"), None);
        assert_eq!(turn_label("  MEL: indented"), None);
        assert_eq!(turn_label("[Ed: note]"), None);
        assert_eq!(turn_label("Option number two is: Here"), None);
        assert_eq!(turn_label("If somebody comes along and says: hi"), None);
        assert_eq!(turn_label("**Table of Contents:**"), None);
        assert_eq!(turn_label("https://example.org"), None);
        assert_eq!(turn_label("**bold** text"), None);
    }

    #[test]
    fn detection() {
        assert!(looks_like_turns(
            "# Title\n\npreamble\n\nMEL: hi\n\nDON: yo\n\nMEL: so\nmore\n\nand more\n"
        ));
        assert!(!looks_like_turns("MEL: hi\n\nMEL: again\n"));
        assert!(!looks_like_turns(
            "# Notes\n\n**Related Documentation:**\n\nDate: today\n\nText.\n\nMore text.\n\nEven more.\n"
        ));
        // Long turns of several paragraphs each, alternating between two people.
        let long: String = (0..12)
            .map(|i| {
                format!(
                    "{}: turn {i}\n\nmore\n\nand more\n\n",
                    ["MEL", "NICK"][i % 2]
                )
            })
            .collect();
        assert!(looks_like_turns(&long));
        // A report quoting people between headings is not a transcript.
        let report: String = (0..12)
            .map(|i| format!("## Finding {i}\n\nText.\n\nAnn Lee: quote {i}\n\nBo Chan: quote\n\n"))
            .collect();
        assert!(!looks_like_turns(&report));
    }

    #[test]
    fn preamble_becomes_notes_and_turns_keep_their_paragraphs() {
        let src = "# Copyright\n\nMEL CHUA transfers…\n\n# BEGIN TRANSCRIPT\n\nMEL: Okay. So is it okay?\n\nDONALD: Yep.\nSecond line.\n\n> ERNEST: quoted\n\nAmanda: Yes!\n\nAMANDA (typed): Thanks.\n\n\n\nMEL:\nReady.\n";
        let (notes, segs) = parse("d.md", src).unwrap();
        assert_eq!(
            notes,
            "# Copyright\n\nMEL CHUA transfers…\n\n# BEGIN TRANSCRIPT"
        );
        let who: Vec<_> = segs.iter().map(|s| s.speaker.as_deref().unwrap()).collect();
        // Ernest's quoted words are his, not Donald's.
        assert_eq!(who, ["MEL", "DONALD", "ERNEST", "Amanda", "Amanda", "MEL"]);
        assert_eq!(segs[1].text, "Yep.\nSecond line.");
        assert_eq!(segs[2].text, "quoted");
        assert_eq!(segs[5].text, "Ready.");
        assert!(segs.iter().all(|s| s.start_ms.is_none()));
    }

    /// Interview notes that paste quotes from other sessions: the quoted words are the
    /// quoted person's, read without `>` and emphasis markup; the source stays with the
    /// quoting turn; unlabelled words after the quote are the quoting speaker's again.
    #[test]
    fn block_quotes_belong_to_the_quoted_speaker() {
        let src = "MEL: Here is what Dana said last time.\n\n> _Source(s): Dana-1, Sam-2_\n>\n> DANA: Exports take two days.\n>\n> [and] we check them twice.\n>\n> SAM: Same for us.\n\nSo what do you think?\n\nLEE: It matches.\n\nMEL: > a quote without a name\n> stays in the turn\n";
        assert!(looks_like_turns(src));
        let (_, segs) = parse("n.md", src).unwrap();
        let got: Vec<(&str, &str)> = segs
            .iter()
            .map(|s| (s.speaker.as_deref().unwrap(), s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "MEL",
                    "Here is what Dana said last time.\n\nSource(s): Dana-1, Sam-2"
                ),
                (
                    "DANA",
                    "Exports take two days.\n\n[and] we check them twice."
                ),
                ("SAM", "Same for us."),
                ("MEL", "So what do you think?"),
                ("LEE", "It matches."),
                ("MEL", "a quote without a name\nstays in the turn"),
            ]
        );
        assert_eq!(
            source_line("*Source:* interview 3").as_deref(),
            Some("Source: interview 3")
        );
        assert_eq!(source_line("Sourcing: x"), None);
    }

    #[test]
    fn google_meet_time_markers() {
        let src = "Weekly sync - Transcript\n00:00:00\n\nPriya Nair: Morning, everyone.\nTom Okafor: Hi Priya.\n00:05:00\n\nPriya Nair: Next topic.\n";
        assert!(looks_like_turns(src));
        let (notes, segs) = parse("m.txt", src).unwrap();
        assert_eq!(notes, "Weekly sync - Transcript");
        let starts: Vec<_> = segs.iter().map(|s| s.start_ms).collect();
        assert_eq!(starts, [Some(0), Some(0), Some(300_000)]);
        assert_eq!(segs[1].text, "Hi Priya.");
    }
}
