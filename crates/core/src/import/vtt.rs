//! WebVTT (.vtt): Zoom, Teams, YouTube and oral-history exports.
//!
//! Handled: BOM, CRLF, text after "WEBVTT", header metadata (Kind:, Language:, YouTube's
//! Style: block), NOTE / STYLE / REGION blocks, cue ids, cue settings, timestamps without
//! hours or padding, cues not separated by blank lines, karaoke timestamps and class spans,
//! voice tags, "Name: text" speaker prefixes and rolling YouTube captions.

use super::cue::{self, Flavour, Lines};
use super::passages::Piece;
use crate::error::{Error, Result};

pub(crate) fn parse(name: &str, text: &str) -> Result<Vec<Piece>> {
    let lines: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
    let body = skip_header(&lines);
    let cues = cue::scan_cues(name, body, Flavour::Vtt, cue::split_arrow, is_meta_block)?;
    let segments = cue::pieces(cues, Flavour::Vtt);
    if segments.is_empty() {
        return Err(Error::unsupported(format!(
            "{name}: contains no cues (no timed caption text was found)"
        )));
    }
    Ok(segments)
}

/// True when `text` starts like a WebVTT file.
pub(crate) fn is_vtt(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .lines()
        .next()
        .is_some_and(is_signature)
}

fn is_signature(line: &str) -> bool {
    match line.strip_prefix("WEBVTT") {
        Some(rest) => rest.is_empty() || rest.starts_with([' ', '\t']) || rest.starts_with(" -"),
        None => false,
    }
}

/// The header runs from "WEBVTT" to the first blank line (it may hold text such as
/// "WEBVTT - Translation…" and metadata lines). A file without the signature is read
/// leniently from the top.
fn skip_header<'a, 'b>(lines: &'b Lines<'a>) -> &'b Lines<'a> {
    let Some((_, first)) = lines.first() else {
        return lines;
    };
    if !is_signature(first) {
        return lines;
    }
    let rest = lines.get(1..).unwrap_or_default();
    // A cue timing line right after the header (no blank line) starts the body too.
    let end = rest
        .iter()
        .position(|(_, l)| l.trim().is_empty() || cue::split_arrow(l).is_some())
        .unwrap_or(rest.len());
    rest.get(end..).unwrap_or_default()
}

/// NOTE, STYLE and REGION blocks carry no caption text.
fn is_meta_block(first_line: &str) -> bool {
    ["NOTE", "STYLE", "REGION"]
        .iter()
        .any(|kw| match first_line.strip_prefix(kw) {
            Some(rest) => rest.is_empty() || rest.starts_with([' ', '\t']),
            None => false,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::ParsedSegment;

    /// The cues as segments, one per cue (the importer merges them into passages).
    fn parse(name: &str, text: &str) -> Result<Vec<ParsedSegment>> {
        super::parse(name, text).map(|p| p.into_iter().map(|p| p.segment).collect())
    }
    use crate::error::ErrorCode;

    fn texts(segs: &[ParsedSegment]) -> Vec<&str> {
        segs.iter().map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn header_notes_and_ids() {
        let src = "WEBVTT - Translation of that film I like\n\nNOTE\nThis translation was done by Kyle\nsome friends\n\n1\n00:02:15.000 --> 00:02:20.000\n- Ta en kopp varmt te.\n- Det är inte varmt.\n\nNOTE This last line may not translate well.\n\nintro\n00:02:25.000 --> 00:02:30.000\n- Ta en kopp";
        let segs = parse("c.vtt", src).unwrap();
        assert_eq!(
            texts(&segs),
            ["- Ta en kopp varmt te.\n- Det är inte varmt.", "Ta en kopp"]
        );
        assert_eq!(segs[0].start_ms, Some(135_000));
        assert_eq!(segs[1].end_ms, Some(150_000));
    }

    #[test]
    fn metadata_header_and_style_blocks() {
        let src = "WEBVTT\nKind: captions\nLanguage: en\nStyle:\n::cue(c.colorCCCCCC) { color: rgb(204,204,204);\n }\n##\n\n\nSTYLE\n::cue {\n  color: papayawhip;\n}\n\nREGION\nid:fred\n\n00:00:00.000 --> 00:00:10.000 align:start position:0%\n- Hello <b>world</b>.";
        let segs = parse("s.vtt", src).unwrap();
        assert_eq!(texts(&segs), ["Hello world."]);
    }

    #[test]
    fn short_and_unpadded_timestamps() {
        let src = "WEBVTT\n\n00:16.500 --> 00:18.500\nWhen the moon <00:17.500>hits your eye\n\n0:0:0.0 --> 0:0:0.570\n<v Yuri Bakulin>There you go.</v>\n";
        let segs = parse("t.vtt", src).unwrap();
        // Read in time order: the Teams cue at 0:00 comes first.
        assert_eq!(segs[1].start_ms, Some(16_500));
        assert_eq!(segs[1].text, "When the moon hits your eye");
        assert_eq!(segs[0].speaker.as_deref(), Some("Yuri Bakulin"));
        assert_eq!((segs[0].start_ms, segs[0].end_ms), (Some(0), Some(570)));
    }

    #[test]
    fn voice_variants_and_entities() {
        let src = "WEBVTT\n\n00:00.000 --> 00:01.000\n<v Elisabetta Mori:>It&#39;s the 8th &amp; <i>May</i>&nbsp;2024.\n\n00:01.000 --> 00:02.000\n<v.loud Esme>Hi&lrm;!</v>\n\n00:02.000 --> 00:03.000\n<v Zack>Hi, I'm Zack Ellis interviewing\nHeather Meeker for FOSSDA, the\n";
        let segs = parse("v.vtt", src).unwrap();
        assert_eq!(segs[0].speaker.as_deref(), Some("Elisabetta Mori"));
        assert_eq!(segs[0].text, "It's the 8th & May 2024.");
        assert_eq!(segs[1].speaker.as_deref(), Some("Esme"));
        assert_eq!(segs[1].text, "Hi!");
        assert_eq!(
            segs[2].text,
            "Hi, I'm Zack Ellis interviewing Heather Meeker for FOSSDA, the"
        );
    }

    #[test]
    fn zoom_cues_with_crlf_and_bom() {
        let src = "WEBVTT\n\n1\n00:05:31.760 --> 00:05:34.100\nJosh Davis: Can I get a quick mic check, please?\n\n2\n00:05:35.430 --> 00:05:36.770\nJustin Florentine (Besu): You sound great.\n\n3\n00:05:55.550 --> 00:05:56.650\nstokes: Hello.\n";
        let segs = parse("z.vtt", src).unwrap();
        let who: Vec<_> = segs
            .iter()
            .map(|s| s.speaker.as_deref().unwrap_or(""))
            .collect();
        assert_eq!(who, ["Josh Davis", "Justin Florentine (Besu)", "stokes"]);
        assert_eq!(segs[2].text, "Hello.");
    }

    #[test]
    fn cues_without_blank_lines_and_double_blank_lines() {
        let src = "WEBVTT\n\n\n00:00:01.000 --> 00:00:02.000\nfirst\n00:00:03.000 --> 00:00:04.000\nsecond\n\n\n00:00:05.000 --> 00:00:06.000\nthird\n";
        assert_eq!(
            texts(&parse("b.vtt", src).unwrap()),
            ["first", "second", "third"]
        );
    }

    #[test]
    fn teams_guid_cue_ids_and_multi_line_voices() {
        let src = "WEBVTT\r\n\r\n0b4f3f1e-8c1a-4d3b-9a77-1d2c3e4f5a6b/17-0\r\n00:00:03.320 --> 00:00:05.120\r\n<v Ana Souza>Good morning,\r\neveryone.</v>\r\n\r\n0b4f3f1e-8c1a-4d3b-9a77-1d2c3e4f5a6b/18-0\r\n00:00:05.500 --> 00:00:06.000\r\n<v Ben Carter>Hi.</v>\r\n";
        let segs = parse("teams.vtt", src).unwrap();
        let got: Vec<(&str, &str)> = segs
            .iter()
            .map(|s| (s.speaker.as_deref().unwrap_or(""), s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("Ana Souza", "Good morning, everyone."),
                ("Ben Carter", "Hi.")
            ]
        );
    }

    #[test]
    fn end_before_start_is_clamped() {
        let segs = parse("e.vtt", "WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nx\n").unwrap();
        assert_eq!((segs[0].start_ms, segs[0].end_ms), (Some(5000), Some(5000)));
    }

    #[test]
    fn bad_timestamps_name_the_line() {
        let e = parse(
            "interviews/x.vtt",
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\n00:61:00.000 --> 00:62:00.000\nno\n",
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::UnsupportedFormat);
        assert_eq!(
            e.message,
            "interviews/x.vtt, line 6: timestamp '00:61:00.000' is not valid"
        );
        let e = parse("x.vtt", "WEBVTT\n\n00:00:01.000 -> 00:00:02\nhi\n").unwrap_err();
        assert!(
            e.message.starts_with(
                "x.vtt, line 3: '00:00:01.000 -> 00:00:02' is not a valid cue timing line"
            ),
            "{}",
            e.message
        );
        // Cut off in the middle of a timing line.
        let e = parse(
            "x.vtt",
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhi\n\n00:00:03.0",
        )
        .unwrap_err();
        assert!(e.message.starts_with("x.vtt, line 6:"), "{}", e.message);
        let e = parse(
            "x.vtt",
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhi\n\n00:00:03.000 --> 00:0",
        )
        .unwrap_err();
        assert_eq!(e.message, "x.vtt, line 6: timestamp '00:0' is not valid");
        let e = parse("x.vtt", "WEBVTT\n\n00:00:01.000 -->\nhi\n").unwrap_err();
        assert_eq!(e.message, "x.vtt, line 3: the cue timing has no end time");
    }

    #[test]
    fn header_only_or_trailing_empty_cue() {
        let e = parse("h.vtt", "WEBVTT\nKind: captions\n\nNOTE nothing here\n").unwrap_err();
        assert!(e.message.contains("contains no cues"));
        // A cue header with no text at the end of the file is dropped, not an error.
        let segs = parse(
            "t.vtt",
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhi\n\n2\n00:00:03.000 --> 00:00:04.000\n",
        )
        .unwrap();
        assert_eq!(segs.len(), 1);
    }

    #[test]
    fn text_arrow_is_not_timing() {
        let segs = parse(
            "a.vtt",
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nuse a --> b here\n",
        )
        .unwrap();
        assert_eq!(segs[0].text, "use a --> b here");
    }
}
