//! Files that must be refused, with a message that tells the user which file and which
//! line to fix. Fixtures are small files written for these tests (tests/fixtures/import).

use groundwork_core::ErrorCode;
use groundwork_core::import::{ImportAs, MAX_FILE_BYTES, parse};

mod common;

fn fixture(name: &str) -> Vec<u8> {
    common::fixture("import", name)
}

/// Parse fixture `file` as if it lived at `shown` and return the error message, checking
/// that the code is `expected`.
fn refused(file: &str, shown: &str, expected: ErrorCode) -> String {
    match parse(shown, &fixture(file), None) {
        Ok(p) => panic!("{file} should be refused, parsed as {p:?}"),
        Err(e) => {
            assert_eq!(e.code, expected, "{file}: {}", e.message);
            e.message
        }
    }
}

/// Inside `mod import` so that `cargo test -p groundwork_core import` runs them.
mod import {
    use super::*;

    #[test]
    fn malformed_timing_line_is_named() {
        let m = refused(
            "malformed_timing.vtt",
            "interviews/malformed_timing.vtt",
            ErrorCode::UnsupportedFormat,
        );
        assert_eq!(
            m,
            "interviews/malformed_timing.vtt, line 8: '00:00:01.000 -> 00:00:02' is not a valid cue timing line; \
             expected '00:00:01.000 --> 00:00:04.000'"
        );
    }

    #[test]
    fn out_of_range_timestamp_is_named() {
        let m = refused(
            "minutes_out_of_range.vtt",
            "interviews/x.vtt",
            ErrorCode::UnsupportedFormat,
        );
        assert_eq!(
            m,
            "interviews/x.vtt, line 9: timestamp '00:61:00.000' is not valid"
        );
    }

    #[test]
    fn truncated_file_is_refused_at_the_cut() {
        let m = refused(
            "truncated.srt",
            "truncated.srt",
            ErrorCode::UnsupportedFormat,
        );
        assert!(
            m.starts_with("truncated.srt, line 10: '00:00:04,5' is not a valid cue timing line"),
            "{m}"
        );
    }

    #[test]
    fn latin1_is_not_utf8() {
        let m = refused("latin1.vtt", "latin1.vtt", ErrorCode::UnsupportedFormat);
        assert_eq!(
            m,
            "latin1.vtt, line 4: is not UTF-8 text; save it as UTF-8 and import again"
        );
    }

    #[test]
    fn binary_file_with_subtitle_extension() {
        let m = refused(
            "binary.srt",
            "media/binary.srt",
            ErrorCode::UnsupportedFormat,
        );
        assert!(
            m.starts_with("media/binary.srt, line 3: contains binary data"),
            "{m}"
        );
    }

    #[test]
    fn csv_without_header() {
        let m = refused(
            "no_header.csv",
            "feedback/no_header.csv",
            ErrorCode::UnsupportedFormat,
        );
        assert!(
            m.starts_with("feedback/no_header.csv, line 1: has no header row"),
            "{m}"
        );
    }

    #[test]
    fn empty_file() {
        let m = refused("empty.vtt", "empty.vtt", ErrorCode::UnsupportedFormat);
        assert_eq!(
            m,
            "empty.vtt, line 1: the file is empty; there is nothing to import"
        );
        // Whitespace only is just as empty.
        let e = parse("blank.md", b" \n\r\n\t\n", None).unwrap_err();
        assert_eq!(e.code, ErrorCode::UnsupportedFormat);
        assert!(e.message.starts_with("blank.md, line 1: the file is empty"));
    }

    #[test]
    fn header_without_cues() {
        let m = refused(
            "only_header.vtt",
            "only_header.vtt",
            ErrorCode::UnsupportedFormat,
        );
        assert!(m.starts_with("only_header.vtt: contains no cues"), "{m}");
    }

    #[test]
    fn too_large_is_refused_before_reading() {
        let big = vec![b'a'; MAX_FILE_BYTES + 1];
        let e = parse("huge.txt", &big, None).unwrap_err();
        assert_eq!(e.code, ErrorCode::TooLarge);
        assert_eq!(
            e.message,
            "huge.txt: the file is 65 MB; Groundwork imports files of up to 64 MB"
        );
    }

    #[test]
    fn unknown_types() {
        let e = parse("deck.key", b"some bytes", None).unwrap_err();
        assert_eq!(e.code, ErrorCode::UnsupportedFormat);
        assert_eq!(
            e.message,
            "deck.key: unknown file type '.key'; Groundwork imports .vtt, .srt, .sbv, .txt, .md, .csv, .docx"
        );
        // Binary content under a foreign extension is an unknown type, not an encoding problem.
        let e = parse("photo.png", &fixture("binary.srt"), None).unwrap_err();
        assert!(
            e.message.starts_with("photo.png: unknown file type '.png'"),
            "{}",
            e.message
        );
        let e = parse("README", b"hello", None).unwrap_err();
        assert!(
            e.message
                .starts_with("README: unknown file type (no extension)"),
            "{}",
            e.message
        );
        // ...but a recognisable transcript under another name is read.
        assert!(
            parse(
                "captions.txt.bak",
                b"WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n",
                None
            )
            .is_ok()
        );
    }

    #[test]
    fn forced_kinds_that_cannot_apply() {
        let e = parse("notes.md", b"# Notes\n\ntext\n", Some(ImportAs::Feedback)).unwrap_err();
        assert_eq!(e.code, ErrorCode::UnsupportedFormat);
        assert_eq!(
            e.message,
            "notes.md: feedback is imported from .csv, .tsv or .jsonl files"
        );
        let e = parse(
            "f.csv",
            b"name,comment\nann,great\n",
            Some(ImportAs::Interview),
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::UnsupportedFormat);
        let e = parse("notes.md", b"# Notes\n\ntext\n", Some(ImportAs::Persona)).unwrap_err();
        assert!(
            e.message.starts_with("notes.md: contains no personas"),
            "{}",
            e.message
        );
    }
}
