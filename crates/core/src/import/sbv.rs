//! YouTube SubViewer (.sbv): `0:00:00.500,0:00:07.000` timing lines, text until a blank line.

use super::cue::{self, Flavour};
use super::passages::Piece;
use super::timecode::is_time_like;
use crate::error::{Error, Result};

pub(crate) fn parse(name: &str, text: &str) -> Result<Vec<Piece>> {
    let lines: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
    let cues = cue::scan_cues(name, &lines, Flavour::Sbv, split_comma, |_| false)?;
    let segments = cue::pieces(cues, Flavour::Sbv);
    if segments.is_empty() {
        return Err(Error::unsupported(format!(
            "{name}: contains no cues (no timed caption text was found)"
        )));
    }
    Ok(segments)
}

/// `start,end` where both sides look like timestamps (they are validated later, so a bad
/// one is reported with its line rather than read as text).
fn split_comma(line: &str) -> Option<(&str, &str)> {
    let (start, end) = line.trim().split_once(',')?;
    (is_time_like(start) && is_time_like(end)).then_some((start, end))
}

/// True when the first non-blank line is an SBV timing line.
pub(crate) fn looks_like_sbv(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .and_then(split_comma)
        .is_some()
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
    fn cues_and_reversed_times() {
        let src = "0:00:00.378,0:00:11.378\nCaption text #1\n\n0:00:13.489,0:00:15.489\nCaption text #3 (line 1)\nCaption text #3 (line 2)\n\n0:00:17.484,0:00:16.543\nCaption text #5";
        let segs = parse("s.sbv", src).unwrap();
        assert_eq!(segs.len(), 3);
        assert_eq!(segs[0].start_ms, Some(378));
        assert_eq!(
            segs[1].text,
            "Caption text #3 (line 1) Caption text #3 (line 2)"
        );
        assert_eq!(
            (segs[2].start_ms, segs[2].end_ms),
            (Some(17_484), Some(17_484))
        );
    }

    #[test]
    fn bad_timing() {
        let e = parse(
            "s.sbv",
            "0:00:00.378,0:00:11.378\nok\n\n0:00:13.489,0:70:15.489\nno\n",
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "s.sbv, line 4: timestamp '0:70:15.489' is not valid"
        );
        let e = parse(
            "s.sbv",
            "0:00:00.378,0:00:11.378\nok\n\n0:00:13.489 0:00:15.489\nno\n",
        )
        .unwrap_err();
        assert!(e.message.starts_with("s.sbv, line 4: "), "{}", e.message);
    }

    #[test]
    fn sniffing() {
        assert!(looks_like_sbv("0:00:00.378,0:00:11.378\nx"));
        assert!(!looks_like_sbv("a,b\n"));
    }
}
