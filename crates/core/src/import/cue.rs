//! What WebVTT, SubRip and SBV have in common: blocks of "timing line + text lines",
//! markup to strip from the text, and speakers to find in it. The format modules only
//! say how a timing line looks and which blocks to skip.

use super::ParsedSegment;
use super::format_error;
use super::passages::Piece;
use super::text::{collapse_ws, decode_entities, excerpt, is_all_caps, speaker_prefix};
use super::timecode::{looks_like_broken_timing, parse_timestamp};
use crate::error::Result;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavour {
    Vtt,
    Srt,
    Sbv,
}

impl Flavour {
    fn timing_example(self) -> &'static str {
        match self {
            Flavour::Vtt => "'00:00:01.000 --> 00:00:04.000'",
            Flavour::Srt => "'00:00:01,000 --> 00:00:04,000'",
            Flavour::Sbv => "'0:00:01.000,0:00:04.000'",
        }
    }
}

/// A cue as read from the file, before its text is cleaned.
#[derive(Debug, Clone)]
pub(crate) struct RawCue {
    pub start_ms: i64,
    pub end_ms: i64,
    pub lines: Vec<String>,
}

/// `(line number, text)` pairs; numbers are 1-based lines of the file.
pub(crate) type Lines<'a> = [(usize, &'a str)];

/// Split a timing line into its start and end timestamps (not yet parsed), or `None` when
/// the line is not a timing line.
pub(crate) type SplitTiming = fn(&str) -> Option<(&str, &str)>;

/// `start --> end [settings]`, as in WebVTT and SubRip. Only lines starting with a digit
/// count, so caption text that happens to contain "-->" is not mistaken for timing.
pub(crate) fn split_arrow(line: &str) -> Option<(&str, &str)> {
    let (left, right) = line.split_once("-->")?;
    let start = left.trim();
    if !start.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // Cue settings ("align:start position:0%") or SubRip coordinates ("X1:000") follow.
    let end = right.split_whitespace().next().unwrap_or("");
    Some((start, end))
}

/// Read all cues from the body of a caption file (after any header).
/// `skip_block` says whether a block without timing lines is metadata (WebVTT NOTE, STYLE…).
pub(crate) fn scan_cues(
    name: &str,
    body: &Lines<'_>,
    flavour: Flavour,
    split: SplitTiming,
    skip_block: fn(&str) -> bool,
) -> Result<Vec<RawCue>> {
    let mut cues: Vec<RawCue> = Vec::new();
    // Blocks are separated by blank lines; within one block every timing line starts a
    // new cue, which handles files whose cues are not separated by blank lines.
    for block in body
        .split(|(_, l)| l.trim().is_empty())
        .filter(|b| !b.is_empty())
    {
        let timings: Vec<(usize, &str, &str)> = block
            .iter()
            .enumerate()
            .filter_map(|(i, (_, l))| split(l).map(|(s, e)| (i, s, e)))
            .collect();
        let Some(&(first, _, _)) = timings.first() else {
            let first_line = block.first().map(|(_, l)| *l).unwrap_or("");
            if skip_block(first_line) {
                continue;
            }
            // A block that should have been a cue but whose timing we cannot read
            // (a typo or a file cut off in the middle of a timing line).
            for (n, l) in block.iter().take(2) {
                if looks_like_broken_timing(l, true) {
                    return Err(bad_timing(name, *n, l, flavour));
                }
            }
            // Otherwise text after a blank line inside a cue: keep it with that cue.
            if let Some(last) = cues.last_mut() {
                last.lines.extend(block.iter().map(|(_, l)| l.to_string()));
            }
            continue;
        };
        // Lines before the first timing line: the last is the cue id, any earlier ones
        // are text that lost its blank line and belongs to the previous cue.
        if first >= 2
            && let Some(last) = cues.last_mut()
        {
            let orphans = block.get(..first - 1).unwrap_or_default();
            last.lines
                .extend(orphans.iter().map(|(_, l)| l.to_string()));
        }
        for (k, &(at, start, end)) in timings.iter().enumerate() {
            let line_no = block.get(at).map(|(n, _)| *n).unwrap_or(0);
            let start_ms =
                parse_timestamp(start).ok_or_else(|| bad_timestamp(name, line_no, start))?;
            let end_ms = parse_timestamp(end).ok_or_else(|| bad_timestamp(name, line_no, end))?;
            let next = timings.get(k + 1).map(|t| t.0);
            let text = block
                .get(at + 1..next.unwrap_or(block.len()))
                .unwrap_or_default();
            let mut lines: Vec<String> = Vec::with_capacity(text.len());
            for (i, (n, l)) in text.iter().enumerate() {
                // With no blank line before the next cue, a number right before its timing
                // line is that cue's id, not text.
                let is_last = i + 1 == text.len();
                let digits = !l.trim().is_empty() && l.trim().bytes().all(|b| b.is_ascii_digit());
                if next.is_some()
                    && is_last
                    && digits
                    && (flavour == Flavour::Srt || !lines.is_empty())
                {
                    continue;
                }
                if looks_like_broken_timing(l, false) {
                    return Err(bad_timing(name, *n, l, flavour));
                }
                lines.push(l.to_string());
            }
            // End before start happens in real files (sample.sbv); keep the cue, clamp it.
            cues.push(RawCue {
                start_ms,
                end_ms: end_ms.max(start_ms),
                lines,
            });
        }
    }
    Ok(cues)
}

fn bad_timestamp(name: &str, line: usize, ts: &str) -> crate::error::Error {
    if ts.is_empty() {
        format_error(name, line, "the cue timing has no end time")
    } else {
        format_error(
            name,
            line,
            format!("timestamp '{}' is not valid", excerpt(ts)),
        )
    }
}

fn bad_timing(name: &str, line: usize, text: &str, flavour: Flavour) -> crate::error::Error {
    format_error(
        name,
        line,
        format!(
            "'{}' is not a valid cue timing line; expected {}",
            excerpt(text),
            flavour.timing_example()
        ),
    )
}

/// How a cue marked who is talking.
#[derive(Debug, Clone, PartialEq)]
enum Mark {
    None,
    /// `<v Name>` voice tag: always trusted.
    Voice(String),
    /// `>> Name:`: the caption convention for a named speaker change.
    Chevron(String),
    /// Starts with "- " or ">>": another (unnamed) person speaks.
    Change,
}

struct Cleaned {
    start_ms: i64,
    end_ms: i64,
    mark: Mark,
    /// Text lines after markup removal, before joining (for rolling-caption overlap).
    lines: Vec<String>,
    text: String,
}

/// Clean cue text, find speakers and turn cues into segments, one per cue.
#[cfg(test)]
pub(crate) fn finish(cues: Vec<RawCue>, flavour: Flavour) -> Vec<ParsedSegment> {
    pieces(cues, flavour)
        .into_iter()
        .map(|p| p.segment)
        .collect()
}

/// One piece per cue, marked when the caption says another voice starts speaking; the
/// importer merges them into passages (`passages::merge`).
pub(crate) fn pieces(mut cues: Vec<RawCue>, flavour: Flavour) -> Vec<Piece> {
    // Teams writes cues out of order now and then; a transcript reads by time. The sort is
    // stable, so overlapping cues and cues with the same start keep the file's order.
    cues.sort_by_key(|c| c.start_ms);
    let mut cleaned: Vec<Cleaned> = cues
        .into_iter()
        .filter_map(|c| clean_cue(c, flavour))
        .collect();
    drop_rolling_repeats(&mut cleaned);
    let speakers = SpeakerPolicy::for_cues(&cleaned);
    cleaned
        .into_iter()
        .map(|c| {
            let change = matches!(c.mark, Mark::Change);
            let (speaker, text) = match c.mark {
                Mark::Voice(v) | Mark::Chevron(v) => (Some(v), c.text),
                Mark::Change => (None, c.text),
                Mark::None => match speakers.split(&c.text) {
                    Some((name, rest)) => (Some(name), rest),
                    None => (None, c.text),
                },
            };
            Piece {
                segment: ParsedSegment {
                    speaker,
                    start_ms: Some(c.start_ms),
                    end_ms: Some(c.end_ms),
                    text,
                    ..Default::default()
                },
                change,
            }
        })
        .collect()
}

fn clean_cue(cue: RawCue, flavour: Flavour) -> Option<Cleaned> {
    let mut voice: Option<String> = None;
    let mut lines: Vec<String> = Vec::new();
    for line in &cue.lines {
        if voice.is_none() && flavour == Flavour::Vtt {
            voice = voice_name(line);
        }
        let l = collapse_ws(&decode_entities(&strip_markup(line, flavour)));
        if !l.is_empty() {
            lines.push(l);
        }
    }
    if lines.is_empty() {
        return None;
    }
    let dashed = lines.iter().filter(|l| is_dash_line(l)).count();
    let (mut text, mut mark) = if lines.len() >= 2 && dashed >= 2 {
        // Two people in one cue ("- Hi.\n- Hello."): keep one line each.
        (lines.join("\n"), Mark::Change)
    } else {
        let joined = lines.join(" ");
        match joined.strip_prefix("- ") {
            Some(rest) => (rest.trim().to_string(), Mark::Change),
            None => (joined, Mark::None),
        }
    };
    if let Some(rest) = text.strip_prefix(">>") {
        let rest = rest.trim_start().trim_start_matches('>').trim_start();
        // ">> Name: text" names the new speaker; a bare ">>" only marks a change.
        match speaker_prefix(rest, 6) {
            Some(p) => {
                mark = Mark::Chevron(p.name.clone());
                text = p.rest.to_string();
            }
            None => {
                mark = Mark::Change;
                text = rest.to_string();
            }
        }
    }
    if let Some(v) = voice {
        mark = Mark::Voice(v);
    }
    if text.trim().is_empty() {
        return None;
    }
    Some(Cleaned {
        start_ms: cue.start_ms,
        end_ms: cue.end_ms,
        mark,
        lines,
        text,
    })
}

fn is_dash_line(l: &str) -> bool {
    l.starts_with("- ") || l == "-"
}

/// The name in a WebVTT voice tag: `<v Name>`, `<v.loud Name>`, `<v Name:>` (the colon
/// some exporters add is dropped).
fn voice_name(line: &str) -> Option<String> {
    let start = line.find("<v")?;
    let tag = &line[start + 2..];
    let close = tag.find('>')?;
    let inner = &tag[..close];
    // "<v" must be followed by classes (".loud") or whitespace, not e.g. "<video>".
    let inner = if let Some(classes) = inner.strip_prefix('.') {
        let sp = classes.find(char::is_whitespace)?;
        &classes[sp..]
    } else if inner.starts_with(char::is_whitespace) {
        inner
    } else {
        return None;
    };
    let name = collapse_ws(&decode_entities(inner.trim().trim_end_matches(':')));
    // Teams labels people it could not name "<v @>": an anonymous speaker, not a name.
    if name.chars().any(char::is_alphanumeric) {
        Some(name)
    } else {
        None
    }
}

/// Remove tags (`<b>`, `<c.color>`, `</v>`, `<00:05:04.199>`, `<font …>`) and, for SubRip
/// and SBV, ASS override blocks (`{\an8}`) and the `\N`/`\h` escapes. A `<` that does
/// not open a tag ("2<3,5>1") stays as text.
///
/// Linear: the end of a tag is looked for only up to the next `<` (a tag never holds
/// one), the end of a block up to the next `{`, so no character is scanned twice per
/// opening one. (Looking for `>` over the rest of the line made a line of `<` quadratic.)
fn strip_markup(line: &str, flavour: Flavour) -> String {
    let ass = flavour != Flavour::Vtt;
    let owned;
    let line = if ass && line.contains('\\') {
        owned = line
            .replace("\\N", " ")
            .replace("\\n", " ")
            .replace("\\h", " ");
        owned.as_str()
    } else {
        line
    };
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(p) = rest.find(|c| c == '<' || (ass && c == '{')) {
        out.push_str(&rest[..p]);
        let tail = &rest[p..];
        if let Some(after) = tail.strip_prefix('<') {
            if let Some(close) = after
                .find(['>', '<'])
                .filter(|&c| after[c..].starts_with('>'))
                && is_tag(&after[..close], flavour)
            {
                rest = &after[close + 1..];
                continue;
            }
            out.push('<');
            rest = after;
        } else {
            let after = &tail[1..];
            if after.starts_with('\\')
                && let Some(close) = after
                    .find(['}', '{'])
                    .filter(|&c| after[c..].starts_with('}'))
            {
                rest = &after[close + 1..];
                continue;
            }
            out.push('{');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn is_tag(inner: &str, flavour: Flavour) -> bool {
    if inner.contains('<') {
        return false;
    }
    let mut chars = inner.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() => true,
        Some('/') => matches!(chars.next(), Some(c) if c.is_ascii_alphabetic()),
        // WebVTT karaoke timestamps: "<00:05:04.199>".
        Some(c) if c.is_ascii_digit() => {
            flavour == Flavour::Vtt && parse_timestamp(inner).is_some()
        }
        _ => false,
    }
}

/// YouTube's automatic captions repeat the previous line at the top of each cue
/// ("yeah" / "yeah what"), and sometimes a whole cue for a few milliseconds. When a file
/// does that, drop the repeated lines so the transcript reads once.
fn drop_rolling_repeats(cues: &mut Vec<Cleaned>) {
    let rolling = cues.windows(2).any(|w| match w {
        [a, b] => b.lines.len() >= 2 && a.lines.last() == b.lines.first() && contiguous(a, b),
        _ => false,
    });
    if !rolling {
        return;
    }
    let mut out: Vec<Cleaned> = Vec::with_capacity(cues.len());
    let mut prev_lines: Vec<String> = Vec::new();
    for mut cue in cues.drain(..) {
        let full = cue.lines.clone();
        let overlap = match out.last() {
            Some(prev) if contiguous(prev, &cue) && prev.mark == cue.mark => {
                overlap(&prev_lines, &cue.lines)
            }
            _ => 0,
        };
        prev_lines = full;
        if overlap == 0 {
            out.push(cue);
            continue;
        }
        let remaining: Vec<String> = cue.lines.split_off(overlap);
        if remaining.is_empty() {
            // Nothing new: the previous segment simply lasts longer.
            if let Some(prev) = out.last_mut() {
                prev.end_ms = prev.end_ms.max(cue.end_ms);
            }
            continue;
        }
        cue.text = remaining.join(" ");
        cue.lines = remaining;
        out.push(cue);
    }
    *cues = out;
}

fn contiguous(a: &Cleaned, b: &Cleaned) -> bool {
    b.start_ms >= a.start_ms && b.start_ms <= a.end_ms + 50
}

/// The largest k such that the first k lines of `cur` are the last k lines of `prev`.
fn overlap(prev: &[String], cur: &[String]) -> usize {
    (1..=prev.len().min(cur.len()))
        .rev()
        .find(|&k| prev.get(prev.len() - k..) == cur.get(..k))
        .unwrap_or(0)
}

/// Which "Name: text" prefixes in cue text are speakers. Zoom puts one on every cue, so
/// when most cues have one, any name-like prefix is trusted (handles like "stokes" too);
/// otherwise only capitalised names that are ALL CAPS or recur, so a caption such as
/// "Hide these tags: …" keeps its text.
struct SpeakerPolicy {
    trust_all: bool,
    counts: HashMap<String, usize>,
}

impl SpeakerPolicy {
    fn for_cues(cues: &[Cleaned]) -> SpeakerPolicy {
        let unmarked: Vec<&Cleaned> = cues.iter().filter(|c| c.mark == Mark::None).collect();
        let mut counts: HashMap<String, usize> = HashMap::new();
        for c in &unmarked {
            if let Some(p) = speaker_prefix(&c.text, 6) {
                *counts.entry(p.name).or_default() += 1;
            }
        }
        let with_prefix: usize = counts.values().sum();
        let trust_all = with_prefix >= 2 && with_prefix * 2 >= unmarked.len();
        SpeakerPolicy { trust_all, counts }
    }

    fn split(&self, text: &str) -> Option<(String, String)> {
        let p = speaker_prefix(text, 6)?;
        let recurring = self.counts.get(&p.name).copied().unwrap_or(0) >= 2;
        let trusted = self.trust_all || (p.strong && (recurring || is_all_caps(&p.name)));
        trusted.then(|| (p.name, p.rest.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(start: i64, end: i64, lines: &[&str]) -> RawCue {
        RawCue {
            start_ms: start,
            end_ms: end,
            lines: lines.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn markup_is_stripped() {
        assert_eq!(
            strip_markup(
                "this<00:05:04.199><c> will</c><c.colorE5E5E5> happen</c>",
                Flavour::Vtt
            ),
            "this will happen"
        );
        assert_eq!(
            strip_markup("<b><i>bold</i></b> &amp; <u>u</u>", Flavour::Vtt),
            "bold &amp; u"
        );
        assert_eq!(strip_markup("{\\an8}top{\\an7}", Flavour::Srt), "top");
        assert_eq!(
            strip_markup("but show this: {normal text}", Flavour::Srt),
            "but show this: {normal text}"
        );
        assert_eq!(strip_markup("2<3,5>1,4<6", Flavour::Srt), "2<3,5>1,4<6");
        assert_eq!(
            strip_markup("<font color=\"red\">red</font>", Flavour::Srt),
            "red"
        );
        assert_eq!(strip_markup("a\\Nb\\hc", Flavour::Srt), "a b c");
        assert_eq!(strip_markup("<", Flavour::Srt), "<");
        assert_eq!(strip_markup("x < y > z", Flavour::Vtt), "x < y > z");
    }

    #[test]
    fn voice_tags() {
        assert_eq!(
            voice_name("<v Yuri Bakulin>There you go.</v>").as_deref(),
            Some("Yuri Bakulin")
        );
        assert_eq!(
            voice_name("<v Elisabetta Mori:>It's").as_deref(),
            Some("Elisabetta Mori")
        );
        assert_eq!(voice_name("<v.loud.x Esme>Hi").as_deref(), Some("Esme"));
        assert_eq!(voice_name("<video>"), None);
        assert_eq!(voice_name("<v>"), None);
        assert_eq!(voice_name("<v @>hi</v>"), None);
        assert_eq!(voice_name("<v "), None);
    }

    #[test]
    fn dialogue_and_change_marks() {
        let segs = finish(
            vec![
                raw(0, 1000, &["- Ta en kopp varmt te.", "- Det är inte varmt."]),
                raw(1000, 2000, &["- Hey, everyone."]),
                raw(2000, 3000, &[">>I think so"]),
                raw(3000, 4000, &[">> JOHN: yes"]),
            ],
            Flavour::Vtt,
        );
        assert_eq!(segs[0].text, "- Ta en kopp varmt te.\n- Det är inte varmt.");
        assert_eq!(segs[0].speaker, None);
        assert_eq!(segs[1].text, "Hey, everyone.");
        assert_eq!(segs[2].text, "I think so");
        assert_eq!(segs[3].speaker.as_deref(), Some("JOHN"));
        assert_eq!(segs[3].text, "yes");
    }

    #[test]
    fn zoom_prefixes_are_trusted_when_most_cues_have_them() {
        let segs = finish(
            vec![
                raw(0, 1, &["stokes: Hello."]),
                raw(1, 2, &["Josh Davis: Awesome. You are alive!"]),
                raw(2, 3, &["pk910: yes"]),
            ],
            Flavour::Vtt,
        );
        let names: Vec<_> = segs.iter().map(|s| s.speaker.as_deref()).collect();
        assert_eq!(names, [Some("stokes"), Some("Josh Davis"), Some("pk910")]);
        assert_eq!(segs[1].text, "Awesome. You are alive!");
    }

    #[test]
    fn stray_prefixes_in_ordinary_captions_stay_text() {
        let mut cues: Vec<RawCue> = (0..10)
            .map(|i| raw(i, i + 1, &["just words here"]))
            .collect();
        cues.push(raw(20, 21, &["Hide these tags: {x}"]));
        cues.push(raw(22, 23, &["Show This: y"]));
        cues.push(raw(24, 25, &["NARRATOR: Once upon a time"]));
        let segs = finish(cues, Flavour::Srt);
        assert_eq!(segs[10].speaker, None);
        assert_eq!(segs[10].text, "Hide these tags: {x}");
        assert_eq!(segs[11].speaker, None);
        assert_eq!(segs[12].speaker.as_deref(), Some("NARRATOR"));
    }

    #[test]
    fn rolling_captions_are_not_doubled() {
        let segs = finish(
            vec![
                raw(0, 400, &["yeah"]),
                raw(400, 1000, &["yeah", "<c.colorCCCCCC>what</c>"]),
                raw(1000, 2000, &["this<00:00:01.100><c> will</c>"]),
                raw(2000, 2300, &["this will", " </c>"]),
            ],
            Flavour::Vtt,
        );
        let texts: Vec<_> = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["yeah", "what", "this will"]);
        assert_eq!(segs[2].end_ms, Some(2300));
    }

    #[test]
    fn out_of_order_cues_are_sorted_and_overlaps_kept() {
        let segs = finish(
            vec![
                raw(5000, 6000, &["<v Ann>third</v>"]),
                raw(0, 2000, &["<v Bo>first</v>"]),
                raw(1000, 1000, &["<v @>second, zero length</v>"]),
            ],
            Flavour::Vtt,
        );
        let texts: Vec<_> = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["first", "second, zero length", "third"]);
        assert_eq!(segs[1].speaker, None);
        assert_eq!((segs[1].start_ms, segs[1].end_ms), (Some(1000), Some(1000)));
    }

    #[test]
    fn repeated_lines_in_ordinary_captions_are_kept() {
        let segs = finish(
            vec![raw(0, 400, &["No."]), raw(400, 800, &["No."])],
            Flavour::Srt,
        );
        assert_eq!(segs.len(), 2);
    }
}
