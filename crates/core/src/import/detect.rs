//! Which parser reads a file: by extension first, then by content (a .txt may be a Zoom
//! chat, a timestamped transcript, speaker turns or just a note; an unknown extension is
//! accepted only when the content is unmistakably a transcript format).

use super::{otter, sbv, srt, timestamped, turns, vtt, zoom_chat};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Vtt,
    Srt,
    Sbv,
    ZoomChat,
    Otter,
    /// Microsoft Teams' transcript layout (see `teams`), found before `detect` runs.
    Teams,
    Timestamped,
    Turns,
    /// Markdown or plain text without a transcript structure: a note.
    Text,
    Csv,
}

/// Extensions with a parser of their own (lower case, no dot).
pub const KNOWN_EXTENSIONS: &[&str] = &[
    "vtt", "srt", "sbv", "txt", "text", "md", "markdown", "csv", "tsv", "jsonl", "ndjson", "docx",
];

/// The format for a file with extension `ext` (lower case) and content `text`, or `None`
/// for an unknown extension whose content we do not recognise.
pub(crate) fn detect(ext: &str, text: &str) -> Option<Format> {
    match ext {
        // A .vtt without the WEBVTT line is still read as WebVTT (leniently).
        "vtt" => Some(Format::Vtt),
        // Some tools save WebVTT with an .srt name; the parsers differ only in details.
        "srt" => Some(if vtt::is_vtt(text) {
            Format::Vtt
        } else {
            Format::Srt
        }),
        "sbv" => Some(Format::Sbv),
        "csv" => Some(Format::Csv),
        "md" | "markdown" => Some(if turns::looks_like_turns(text) {
            Format::Turns
        } else {
            Format::Text
        }),
        "txt" | "text" => Some(
            sniff_timed(text).unwrap_or(if turns::looks_like_turns(text) {
                Format::Turns
            } else {
                Format::Text
            }),
        ),
        _ => sniff_timed(text),
    }
}

/// Formats recognisable from their first lines.
fn sniff_timed(text: &str) -> Option<Format> {
    if vtt::is_vtt(text) {
        Some(Format::Vtt)
    } else if zoom_chat::looks_like_chat(text) {
        Some(Format::ZoomChat)
    } else if srt::looks_like_srt(text) {
        Some(Format::Srt)
    } else if sbv::looks_like_sbv(text) {
        Some(Format::Sbv)
    } else if otter::looks_like_otter(text) {
        Some(Format::Otter)
    } else if timestamped::looks_like_timestamped(text) {
        Some(Format::Timestamped)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_extension_and_content() {
        assert_eq!(detect("vtt", "garbage"), Some(Format::Vtt));
        assert_eq!(
            detect("srt", "WEBVTT\n\n00:01.000 --> 00:02.000\nx"),
            Some(Format::Vtt)
        );
        assert_eq!(
            detect("txt", "00:05:41\tSanggu Han:\tsounds great\n"),
            Some(Format::ZoomChat)
        );
        assert_eq!(
            detect("txt", "00:00:00 Talk Python\n\n00:00:07 Hello\n"),
            Some(Format::Timestamped)
        );
        assert_eq!(
            detect("txt", "MEL: hi\n\nDON: hello\n"),
            Some(Format::Turns)
        );
        assert_eq!(detect("txt", "Shopping list\n- eggs\n"), Some(Format::Text));
        assert_eq!(
            detect("md", "# Notes\n\nMEL: hi\n\nDON: yo\n"),
            Some(Format::Turns)
        );
        assert_eq!(detect("md", "# Notes\n\nplain\n"), Some(Format::Text));
        assert_eq!(detect("xyz", "WEBVTT\n\n"), Some(Format::Vtt));
        assert_eq!(
            detect("", "1\n00:00:01,000 --> 00:00:02,000\nhi\n"),
            Some(Format::Srt)
        );
        assert_eq!(
            detect("sub", "0:00:00.500,0:00:07.000\nhi\n"),
            Some(Format::Sbv)
        );
        assert_eq!(
            detect("txt", "Ann Lee  0:01\nHi.\n\nBo  0:04\nHello.\n"),
            Some(Format::Otter)
        );
        assert_eq!(detect("xyz", "hello"), None);
        assert_eq!(detect("json", "{\"a\": 1}"), None);
    }
}
