//! SubRip (.srt): numbered cues, `00:00:01,500 --> 00:00:04,000`, HTML-ish tags and ASS
//! override blocks in the text. Overlapping and zero-length cues are kept as they are.

use super::cue::{self, Flavour};
use super::passages::Piece;
use crate::error::{Error, Result};

pub(crate) fn parse(name: &str, text: &str) -> Result<Vec<Piece>> {
    let lines: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
    let cues = cue::scan_cues(name, &lines, Flavour::Srt, cue::split_arrow, |_| false)?;
    let segments = cue::pieces(cues, Flavour::Srt);
    if segments.is_empty() {
        return Err(Error::unsupported(format!(
            "{name}: contains no cues (no timed subtitle text was found)"
        )));
    }
    Ok(segments)
}

/// True when the first non-blank lines have the shape of a SubRip cue (`1` then a timing
/// line, or a timing line straight away).
pub(crate) fn looks_like_srt(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    match lines.next() {
        Some(first) if first.bytes().all(|b| b.is_ascii_digit()) => {
            lines.next().and_then(cue::split_arrow).is_some()
        }
        Some(first) => cue::split_arrow(first).is_some(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::ParsedSegment;

    /// The cues as segments, one per cue (the importer merges them into passages).
    fn parse(name: &str, text: &str) -> Result<Vec<ParsedSegment>> {
        super::parse(name, text).map(|p| p.into_iter().map(|p| p.segment).collect())
    }

    #[test]
    fn tags_ass_overlaps_and_coordinates() {
        let src = "1\n00:00:00,000 --> 00:00:00,000\nDon't show this text\n\n2\n00:00:01,500 --> 00:00:04,500\n<b><i>Use VLC</i></b>\n<font color=\"#0000FF\">blue</font>\n\n10\n00:00:21,501 --> 00:00:22,500  X1:000 X2:000 Y1:050 Y2:100\nNot in the normal position\n\n11\n00:00:22,501 --> 00:00:24,500\n{\\an8}This text should be at the\ntop\n\n12\n00:00:22,501 --> 00:00:24,500\n<u>This text should be showed underlined: 2<3,5>1,4<6</u>";
        let segs = parse("c.srt", src).unwrap();
        let texts: Vec<_> = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Don't show this text",
                "Use VLC blue",
                "Not in the normal position",
                "This text should be at the top",
                "This text should be showed underlined: 2<3,5>1,4<6",
            ]
        );
        assert_eq!((segs[0].start_ms, segs[0].end_ms), (Some(0), Some(0)));
        assert_eq!(segs[1].start_ms, Some(1_500));
        assert!(segs.iter().all(|s| s.speaker.is_none()));
    }

    #[test]
    fn speakers_in_subtitle_text() {
        let src = "1\n00:00:01,000 --> 00:00:02,000\nALICE: Hello there.\n\n2\n00:00:02,000 --> 00:00:03,000\n>> BOB: Hi.\n\n3\n00:00:03,000 --> 00:00:04,000\n>> And you?\n";
        let segs = parse("d.srt", src).unwrap();
        assert_eq!(segs[0].speaker.as_deref(), Some("ALICE"));
        assert_eq!(segs[0].text, "Hello there.");
        assert_eq!(segs[1].speaker.as_deref(), Some("BOB"));
        assert_eq!(segs[2].speaker, None);
        assert_eq!(segs[2].text, "And you?");
    }

    #[test]
    fn no_trailing_blank_line_and_missing_separators() {
        let src = "1\n00:00:01,000 --> 00:00:02,000\none\n2\n00:00:02,000 --> 00:00:03,000\ntwo";
        let segs = parse("m.srt", src).unwrap();
        let texts: Vec<_> = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["one", "two"]);
    }

    #[test]
    fn malformed_timing_names_the_line() {
        let e = parse(
            "x.srt",
            "1\n00:00:01,000 --> 00:00:02,000\none\n\n2\n00:00:02,000 -> 00:00:03,000\ntwo\n",
        )
        .unwrap_err();
        assert!(e.message.starts_with("x.srt, line 6: "), "{}", e.message);
        let e = parse("x.srt", "1\n00:00:01,000 --> 00:99:02,000\none\n").unwrap_err();
        assert_eq!(
            e.message,
            "x.srt, line 2: timestamp '00:99:02,000' is not valid"
        );
    }

    #[test]
    fn sniffing() {
        assert!(looks_like_srt("\n1\n00:00:01,000 --> 00:00:02,000\nx"));
        assert!(!looks_like_srt("hello\n00:00:01,000 --> 00:00:02,000"));
        assert!(!looks_like_srt(""));
    }
}
