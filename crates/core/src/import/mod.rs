//! Importers: bytes of one file in, one parsed document out, or an error naming the file
//! and line. Parsers are pure (no I/O, no database): `Workspace::import_file` stores what
//! they return in one transaction, so a file imports completely or not at all.

use crate::error::{Error, ErrorCode, Result};
use serde::Serialize;

mod cue;
mod dates;
mod decode;
mod detect;
mod docx;
mod feedback_csv;
pub use feedback_csv::{
    ColumnRole, FeedbackMapping, FeedbackTable, ImportWarning, MappedColumn, ParsedFeedback,
    ParsedFeedbackItem,
};
mod markdown;
mod otter;
mod passages;
mod persona_md;
mod sbv;
mod srt;
mod teams;
mod text;
mod timecode;
mod timestamped;
mod turns;
mod vtt;
mod zoom_chat;

use detect::Format;
pub use detect::KNOWN_EXTENSIONS;

/// Files larger than this are refused before parsing (`too_large`).
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// What the user asked a file to become (`groundwork import --as`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ImportAs {
    Interview,
    Note,
    Feedback,
    Persona,
}

/// One speaker turn, or a passage of caption cues.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ParsedSegment {
    pub speaker: Option<String>,
    pub start_ms: Option<i64>,
    pub end_ms: Option<i64>,
    pub text: String,
    /// Where each merged caption cue starts (see `passages`); empty for a single cue.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cues: Vec<crate::model::CueMark>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ParsedInterview {
    pub title: String,
    /// Which parser read it: "vtt", "srt", "sbv", "zoom_chat", "otter", "teams",
    /// "timestamped_text", "turns", "markdown".
    pub format: &'static str,
    /// Markdown notes that came with the file (e.g. a preamble before the turns).
    pub notes: String,
    pub segments: Vec<ParsedSegment>,
    /// The speaker the file names as the meeting's host (Teams: who started transcription).
    pub host: Option<String>,
    /// `YYYY-MM-DD`, from the file's name or the top of its text.
    pub date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParsedNote {
    pub title: String,
    pub body: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementKind {
    Goal,
    Pain,
    Job,
    Behaviour,
    Quote,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParsedPersona {
    pub name: String,
    pub role: String,
    pub summary: String,
    pub statements: Vec<(StatementKind, String)>,
    /// Sections that are not statements, role or summary ("Characteristics",
    /// "Demographics"): label → their items joined by "; ", in the order written.
    pub sections: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Parsed {
    Interview(ParsedInterview),
    Note(ParsedNote),
    Feedback(ParsedFeedback),
    Personas(Vec<ParsedPersona>),
}

/// An error in `file` at `line` (1-based), coded `unsupported_format`.
pub(crate) fn format_error(file: &str, line: usize, message: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorCode::UnsupportedFormat,
        format!("{file}, line {line}: {message}"),
    )
}

/// The file extensions `parse` reads (besides content it recognises under other names).
pub const SUPPORTED_EXTENSIONS: &[&str] = &[
    "vtt", "srt", "sbv", "txt", "md", "csv", "tsv", "jsonl", "ndjson", "docx",
];

/// Whether `name` is read as a feedback export when imported `as_`.
pub fn is_feedback_file(name: &str, as_: Option<ImportAs>) -> bool {
    matches!(as_, None | Some(ImportAs::Feedback))
        && FEEDBACK_EXTENSIONS.contains(&text::extension(name).as_str())
}

/// Extensions read as feedback tables.
const FEEDBACK_EXTENSIONS: &[&str] = &["csv", "tsv", "jsonl", "ndjson"];

/// A feedback export's text made into items with `mapping` (fitted to its columns), or
/// with the guessed mapping.
fn parse_feedback(
    name: &str,
    text: String,
    mapping: Option<&FeedbackMapping>,
) -> Result<ParsedFeedback> {
    let table = FeedbackTable::read(name, text)?;
    let mapping = match mapping {
        Some(m) => table.fit(m)?,
        None => table.fit(&table.guess()).map_err(|_| {
            format_error(
                name,
                table.header_line,
                "no column holds feedback text; name one 'text', 'comment' or 'feedback', or choose the columns in the mapping",
            )
        })?,
    };
    table.parse(&mapping)
}

/// A feedback export decoded and read as a table, for a mapping preview or an import
/// with a mapping.
pub fn feedback_table(name: &str, bytes: &[u8]) -> Result<FeedbackTable> {
    check_size(name, bytes)?;
    let ext = text::extension(name);
    if !FEEDBACK_EXTENSIONS.contains(&ext.as_str()) {
        return Err(Error::unsupported(format!(
            "{name}: feedback is imported from .csv, .tsv or .jsonl files"
        )));
    }
    let text = decode::decode(name, bytes)?;
    if text.trim().is_empty() {
        return Err(format_error(
            name,
            1,
            "the file is empty; there is nothing to import",
        ));
    }
    FeedbackTable::read(name, text)
}

fn check_size(name: &str, bytes: &[u8]) -> Result<()> {
    if bytes.len() > MAX_FILE_BYTES {
        const MB: usize = 1024 * 1024;
        return Err(Error::new(
            ErrorCode::TooLarge,
            format!(
                "{name}: the file is {} MB; Groundwork imports files of up to {} MB",
                bytes.len().div_ceil(MB),
                MAX_FILE_BYTES / MB
            ),
        ));
    }
    Ok(())
}

/// Parse one file. `name` is the file name or path shown in messages; errors read like
/// "interviews/x.vtt, line 12: timestamp '00:61:00.000' is not valid".
///
/// The format comes from the extension and the content (see `detect`); `as_` forces what
/// the file becomes: `Interview` keeps a text without turns as the interview's notes,
/// `Note` renders a transcript as Markdown, `Feedback` needs a CSV, `Persona` reads
/// persona Markdown. A file parses completely or not at all.
pub fn parse(name: &str, bytes: &[u8], as_: Option<ImportAs>) -> Result<Parsed> {
    check_size(name, bytes)?;
    let mut ext = text::extension(name);
    let known = detect::KNOWN_EXTENSIONS.contains(&ext.as_str());
    let from_word = ext == "docx";
    let text = if from_word {
        // Word's paragraphs, then read like a .txt (turns, Otter, timestamped or a note).
        let t = docx::text(name, bytes)?;
        ext = "txt".to_string();
        t
    } else {
        match decode::decode(name, bytes) {
            Ok(t) => t,
            // A binary file with a foreign extension (a .png, a .pdf) is simply not ours.
            Err(_) if !known && as_.is_none() => return Err(unknown_type(name, &ext)),
            Err(e) => return Err(e),
        }
    };
    if text.trim().is_empty() {
        return Err(format_error(
            name,
            1,
            "the file is empty; there is nothing to import",
        ));
    }
    match as_ {
        Some(ImportAs::Persona) => return persona_md::parse(name, &text).map(Parsed::Personas),
        Some(ImportAs::Feedback) | None if FEEDBACK_EXTENSIONS.contains(&ext.as_str()) => {
            return parse_feedback(name, text, None).map(Parsed::Feedback);
        }
        Some(ImportAs::Feedback) => {
            return Err(Error::unsupported(format!(
                "{name}: feedback is imported from .csv, .tsv or .jsonl files"
            )));
        }
        _ => {}
    }
    let teams = matches!(ext.as_str(), "txt" | "text") && teams::looks_like_teams(&text, from_word);
    let format = match detect::detect(&ext, &text) {
        _ if teams => Format::Teams,
        Some(f) => f,
        // The user said what the file is: take it as text.
        None if as_.is_some() => Format::Text,
        None => return Err(unknown_type(name, &ext)),
    };
    let title = text::title_from_name(name);
    let wants_note = as_ == Some(ImportAs::Note);
    match format {
        Format::Csv => match as_ {
            Some(ImportAs::Note) => Ok(Parsed::Note(ParsedNote {
                title,
                body: text.trim().to_string(),
            })),
            Some(ImportAs::Interview) => Err(Error::unsupported(format!(
                "{name}: a CSV file cannot be imported as an interview; import it as feedback"
            ))),
            _ => parse_feedback(name, text, None).map(Parsed::Feedback),
        },
        Format::Text if as_ == Some(ImportAs::Interview) => {
            Ok(Parsed::Interview(ParsedInterview {
                title: markdown::title(name, &text),
                format: "markdown",
                notes: text.trim().to_string(),
                segments: Vec::new(),
                host: None,
                date: dates::from_name(name).or_else(|| dates::from_text(&text)),
            }))
        }
        Format::Text => Ok(Parsed::Note(markdown::note(name, &text))),
        // Turns are already readable Markdown; as a note the text is kept as written.
        Format::Turns if wants_note => Ok(Parsed::Note(markdown::note(name, &text))),
        Format::Turns => {
            let (notes, segments) = turns::parse(name, &text)?;
            Ok(Parsed::Interview(ParsedInterview {
                title,
                format: "turns",
                notes,
                segments,
                host: None,
                date: dates::from_name(name).or_else(|| dates::from_text(&text)),
            }))
        }
        Format::Teams => {
            let meeting = teams::parse(name, &text)?;
            let segments = passages::merge_lines(meeting.segments);
            if wants_note {
                let body = markdown::transcript_markdown(&segments);
                return Ok(Parsed::Note(ParsedNote { title, body }));
            }
            Ok(Parsed::Interview(ParsedInterview {
                title: meeting.title.unwrap_or(title),
                format: "teams",
                notes: String::new(),
                date: dates::from_name(name)
                    .or_else(|| dates::from_name(&meeting.header))
                    .or_else(|| dates::from_text(&meeting.header)),
                host: meeting.host,
                segments,
            }))
        }
        Format::Vtt
        | Format::Srt
        | Format::Sbv
        | Format::ZoomChat
        | Format::Otter
        | Format::Timestamped => {
            let (format, segments) = match format {
                // Caption cues become readable passages that keep each cue's time.
                Format::Vtt => ("vtt", passages::merge(vtt::parse(name, &text)?)),
                Format::Otter => ("otter", otter::parse(name, &text)?),
                Format::Srt => ("srt", passages::merge(srt::parse(name, &text)?)),
                Format::Sbv => ("sbv", passages::merge(sbv::parse(name, &text)?)),
                Format::ZoomChat => ("zoom_chat", zoom_chat::parse(name, &text)?),
                _ => (
                    "timestamped_text",
                    passages::merge_lines(timestamped::parse(name, &text)?),
                ),
            };
            if wants_note {
                let body = markdown::transcript_markdown(&segments);
                Ok(Parsed::Note(ParsedNote { title, body }))
            } else {
                Ok(Parsed::Interview(ParsedInterview {
                    title,
                    format,
                    notes: String::new(),
                    segments,
                    host: None,
                    date: dates::from_name(name).or_else(|| dates::from_text(&text)),
                }))
            }
        }
    }
}

fn unknown_type(name: &str, ext: &str) -> Error {
    let what = if ext.is_empty() {
        "(no extension)".to_string()
    } else {
        format!("'.{ext}'")
    };
    Error::unsupported(format!(
        "{name}: unknown file type {what}; Groundwork imports .vtt, .srt, .sbv, .txt, .md, .csv, .docx"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const EXTENSIONS: [&str; 7] = ["vtt", "srt", "sbv", "txt", "md", "csv", "docx"];
    const KINDS: [Option<ImportAs>; 5] = [
        None,
        Some(ImportAs::Interview),
        Some(ImportAs::Note),
        Some(ImportAs::Feedback),
        Some(ImportAs::Persona),
    ];

    fn interview(p: Parsed) -> ParsedInterview {
        match p {
            Parsed::Interview(i) => i,
            other => panic!("expected an interview, got {other:?}"),
        }
    }

    fn note(p: Parsed) -> ParsedNote {
        match p {
            Parsed::Note(n) => n,
            other => panic!("expected a note, got {other:?}"),
        }
    }

    #[test]
    fn markdown_with_turns_is_an_interview_and_other_markdown_a_note() {
        let md = b"# Interview with Jo\n\nRecorded in May.\n\n**Mel:** How do you plan releases?\n\n**Jo Smith:** Mostly in a spreadsheet.\nIt works.\n\n**Mel:** Thanks!\n";
        let i = interview(parse("research/jo.md", md, None).unwrap());
        assert_eq!((i.title.as_str(), i.format), ("jo", "turns"));
        assert_eq!(i.notes, "# Interview with Jo\n\nRecorded in May.");
        assert_eq!(i.segments.len(), 3);
        assert_eq!(i.segments[1].speaker.as_deref(), Some("Jo Smith"));
        assert_eq!(i.segments[1].text, "Mostly in a spreadsheet.\nIt works.");

        let n = note(
            parse(
                "research/plan.md",
                b"Intro\n\n# Research plan\n\n- goals\n",
                None,
            )
            .unwrap(),
        );
        assert_eq!(n.title, "Research plan");
        assert_eq!(n.body, "Intro\n\n# Research plan\n\n- goals");
        let n = note(
            parse(
                "notes/call-notes.txt",
                b"Called ACME.\r\nThey want SSO.\r\n",
                None,
            )
            .unwrap(),
        );
        assert_eq!(
            (n.title.as_str(), n.body.as_str()),
            ("call-notes", "Called ACME.\nThey want SSO.")
        );
    }

    #[test]
    fn forced_interview_keeps_the_text_as_notes() {
        let i = interview(
            parse(
                "plan.md",
                b"# Plan\n\nAsk about onboarding.\n",
                Some(ImportAs::Interview),
            )
            .unwrap(),
        );
        assert_eq!((i.title.as_str(), i.format), ("Plan", "markdown"));
        assert_eq!(i.notes, "# Plan\n\nAsk about onboarding.");
        assert!(i.segments.is_empty());
    }

    #[test]
    fn forced_note_renders_a_transcript() {
        let vtt = b"WEBVTT\n\n00:01:05.000 --> 00:01:07.000\n<v Ann Lee>We export by hand.</v>\n\n00:01:07.000 --> 00:01:09.000\nEvery Friday.\n";
        let n = note(parse("calls/ann.vtt", vtt, Some(ImportAs::Note)).unwrap());
        assert_eq!(n.title, "ann");
        assert_eq!(
            n.body,
            "**Ann Lee** (01:05): We export by hand.\n\n(01:07) Every Friday."
        );
        // A turns transcript stays as written.
        let md = "MEL: hi\n\nDON: hello\n";
        let n = note(parse("t.md", md.as_bytes(), Some(ImportAs::Note)).unwrap());
        assert_eq!(n.body, md.trim());
    }

    #[test]
    fn feedback_and_personas_on_request() {
        let csv = b"name,comment\nAnn,Love it\n";
        assert!(matches!(
            parse("f.csv", csv, Some(ImportAs::Feedback)),
            Ok(Parsed::Feedback(_))
        ));
        assert!(matches!(parse("f.csv", csv, None), Ok(Parsed::Feedback(_))));
        let md = b"## Ann\n\n**Goals:**\n- Ship on time\n";
        match parse("p.md", md, Some(ImportAs::Persona)).unwrap() {
            Parsed::Personas(ps) => assert_eq!(
                ps[0].statements,
                [(StatementKind::Goal, "Ship on time".to_string())]
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn utf16_captions() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "WEBVTT\r\n\r\n00:00.000 --> 00:01.000\r\nZoë: hallo\r\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let i = interview(parse("z.vtt", &bytes, None).unwrap());
        assert_eq!(
            i.segments[0].text, "Zoë: hallo",
            "a single unconfirmed prefix stays text"
        );
    }

    #[test]
    fn formats_by_content_for_txt() {
        let chat =
            b"00:05:41\tSanggu Han:\tsounds great\r\n00:07:06\tstokes:\thttps://example.org\r\n";
        assert_eq!(
            interview(parse("chat.txt", chat, None).unwrap()).format,
            "zoom_chat"
        );
        let ts = b"00:00:00 Welcome.\n\n00:00:07 Hello.\n";
        assert_eq!(
            interview(parse("ep.txt", ts, None).unwrap()).format,
            "timestamped_text"
        );
        let srt = b"1\n00:00:01,000 --> 00:00:02,000\nHi\n";
        assert_eq!(interview(parse("x.txt", srt, None).unwrap()).format, "srt");
        let turns = b"INTERVIEWER: So?\n\nP1: Well.\n";
        assert_eq!(
            interview(parse("x.txt", turns, None).unwrap()).format,
            "turns"
        );
    }

    #[test]
    fn word_exports_read_like_their_text() {
        let para = |t: &str| format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>");
        let doc = |paras: &[&str]| {
            let body: String = paras.iter().map(|p| para(p)).collect();
            docx::tests::stored_zip(&[(
                "word/document.xml",
                format!("<w:document xmlns:w=\"x\"><w:body>{body}</w:body></w:document>")
                    .as_bytes(),
            )])
        };
        // Otter's Word export: header paragraph, then the turn's paragraph.
        let otter = doc(&[
            "Speaker 1  00:00:03",
            "How do you plan?",
            "Jo Park  00:00:09",
            "In a spreadsheet.",
        ]);
        let i = interview(parse("call.docx", &otter, None).unwrap());
        assert_eq!(i.format, "otter");
        assert_eq!(i.segments[1].speaker.as_deref(), Some("Jo Park"));
        assert_eq!(i.segments[1].start_ms, Some(9_000));
        // No turns: a note.
        let n = note(
            parse(
                "plan.docx",
                &doc(&["Research plan", "Ask about onboarding."]),
                None,
            )
            .unwrap(),
        );
        assert_eq!(n.body, "Research plan\n\nAsk about onboarding.");
    }

    /// Lines that look like pieces of the formats, to drive the parsers past their first checks.
    fn format_like() -> impl Strategy<Value = String> {
        let line = prop_oneof![
            Just("WEBVTT".to_string()),
            Just(String::new()),
            "(NOTE|STYLE|REGION)( [a-z]{0,6})?",
            "[0-9]{1,3}",
            "[0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2})?([.,][0-9]{0,4})? ?-?-?>? ?[0-9:.,]{0,12}( align:start)?",
            "[0-9]:[0-9]{2}:[0-9]{2}\\.[0-9]{3},[0-9:.]{0,11}",
            "<v(\\.[a-z]{1,4})? [A-Za-z :]{0,10}>[a-z ]{0,10}(</v>)?",
            "(>> ?)?(- )?[A-Za-z. ]{1,14}: [a-z ]{0,10}",
            "&[a-z#0-9x]{0,8};?",
            "<[0-9:.]{0,12}>|<c(\\.[a-z]{0,4})?>|</c>|<|>|\\{\\\\an[0-9]\\}|\\\\N|\\\\h",
            "[0-9]{1,2}:[0-9]{2}:[0-9]{2}\t[A-Za-z ]{0,8}:?\t[a-z ]{0,8}",
            "[A-Z][a-z]{0,6}( [0-9A-Z][a-z]{0,4})? {1,2}[0-9]{1,2}:[0-9]{2}(:[0-9]{2})? {0,2}",
            "Transcribed by https://otter\\.ai",
            "\\[?[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?\\]? [a-z ]{0,10}",
            "(\\*\\*)?[A-Z]{1,6}( \\(typed\\))?:(\\*\\*)? [a-z ]{0,10}",
            "#{1,4} [A-Za-z ]{0,10}",
            "(\\*\\*)?(Goals|Pain Points|Role|Quotes|Jobs)(:)?(\\*\\*)?( [a-z]{0,6})?",
            "[-*] [a-z ]{0,10}|[0-9]\\. [a-z]{0,6}|> [a-z]{0,6}",
            "\\| ?[A-Za-z<>/ ]{0,10} ?\\| ?[a-z0-9.<>/ ]{0,14} ?\\|?",
            "<tr>|<td>[A-Za-z ]{0,8}</td>|</tr>|<table>",
            "\"?[a-z, ]{0,8}\"?(,\"?[A-Za-z0-9 &#;]{0,8}\"?){0,4}",
            ",{1,4}|---|\\.\\.\\.",
            "[ \\t]{1,3}",
            "\\PC{0,16}",
        ];
        (prop::collection::vec(line, 0..40), any::<bool>())
            .prop_map(|(lines, crlf)| lines.join(if crlf { "\r\n" } else { "\n" }))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// No input can make the importers panic, whatever its name says it is.
        #[test]
        fn never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
            for ext in EXTENSIONS {
                let _ = parse(&format!("f.{ext}"), &bytes, None);
            }
        }

        /// Word documents whose paragraphs are anything, or whose XML is anything.
        #[test]
        fn docx_never_panics(text in format_like(), raw in prop::collection::vec(any::<u8>(), 0..512)) {
            use docx::tests::stored_zip;
            let paras: String = text
                .lines()
                .map(|l| format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", l.replace('&', "&amp;").replace('<', "&lt;")))
                .collect();
            let xml = format!("<w:document xmlns:w=\"x\"><w:body>{paras}</w:body></w:document>");
            for as_ in KINDS {
                let _ = parse("f.docx", &stored_zip(&[("word/document.xml", xml.as_bytes())]), as_);
                let _ = parse("f.docx", &stored_zip(&[("word/document.xml", &raw)]), as_);
            }
        }

        #[test]
        fn never_panics_on_format_like_text(text in format_like()) {
            for ext in EXTENSIONS.iter().chain(&["xyz", ""]) {
                for as_ in KINDS {
                    let name = if ext.is_empty() { "noext".to_string() } else { format!("f.{ext}") };
                    if let Ok(Parsed::Interview(i)) = parse(&name, text.as_bytes(), as_) {
                        for s in &i.segments {
                            prop_assert!(matches!((s.start_ms, s.end_ms), (Some(a), Some(b)) if a <= b) || s.end_ms.is_none());
                        }
                    }
                }
            }
        }
    }
}
