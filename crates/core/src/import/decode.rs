//! Bytes to text: UTF-8 (with or without BOM) or UTF-16 with a BOM; line endings
//! normalised to `\n`. Anything else is refused with the line where it went wrong, because
//! guessing an 8-bit encoding silently corrupts names and quotes.

use super::format_error;
use crate::error::Result;
use encoding_rs::{UTF_8, UTF_16BE, UTF_16LE};

pub(crate) fn decode(name: &str, bytes: &[u8]) -> Result<String> {
    let text = match encoding_rs::Encoding::for_bom(bytes) {
        Some((enc, bom_len)) if enc == UTF_16LE || enc == UTF_16BE => {
            let body = bytes.get(bom_len..).unwrap_or_default();
            let (text, had_errors) = enc.decode_without_bom_handling(body);
            if had_errors {
                return Err(format_error(
                    name,
                    1,
                    "is marked as UTF-16 text but is not valid UTF-16; save it as UTF-8 and import again",
                ));
            }
            text.into_owned()
        }
        Some((enc, bom_len)) if enc == UTF_8 => {
            utf8(name, bytes.get(bom_len..).unwrap_or_default())?
        }
        _ => utf8(name, bytes)?,
    };
    if let Some(pos) = text.find('\0') {
        return Err(format_error(
            name,
            line_of(text.as_bytes(), pos),
            "contains binary data (NUL bytes); this does not look like a text file",
        ));
    }
    Ok(normalise_newlines(&text))
}

fn utf8(name: &str, bytes: &[u8]) -> Result<String> {
    // A NUL byte means a binary file (or UTF-16 without a BOM); say so rather than
    // "not UTF-8", which would send the user hunting for an encoding setting.
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(format_error(
            name,
            line_of(bytes, pos),
            "contains binary data (NUL bytes); this does not look like a text file",
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(format_error(
            name,
            line_of(bytes, e.valid_up_to()),
            "is not UTF-8 text; save it as UTF-8 and import again",
        )),
    }
}

/// 1-based line number of byte offset `pos`, counting `\n`, `\r\n` and lone `\r` endings.
fn line_of(bytes: &[u8], pos: usize) -> usize {
    let upto = bytes.get(..pos).unwrap_or(bytes);
    let mut line = 1;
    let mut prev_cr = false;
    for &b in upto {
        match b {
            b'\n' if prev_cr => {}
            b'\n' | b'\r' => line += 1,
            _ => {}
        }
        prev_cr = b == b'\r';
    }
    line
}

/// CRLF and lone CR become LF; a stray BOM character at the start is dropped.
fn normalise_newlines(s: &str) -> String {
    let s = s.strip_prefix('\u{feff}').unwrap_or(s);
    if !s.contains('\r') {
        return s.to_string();
    }
    s.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode("a.vtt", b"\xEF\xBB\xBFWEBVTT\r\n\r\nx").unwrap(),
            "WEBVTT\n\nx"
        );
        assert_eq!(
            decode("a.vtt", "caf\u{e9}\rok".as_bytes()).unwrap(),
            "caf\u{e9}\nok"
        );
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        for u in "WEBVTT\r\nÄ".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode("a.vtt", &le).unwrap(), "WEBVTT\nÄ");
        let mut be = vec![0xFE, 0xFF];
        for u in "hi\nthere".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode("a.txt", &be).unwrap(), "hi\nthere");
    }

    #[test]
    fn latin1_names_the_line() {
        let e = decode(
            "interviews/x.vtt",
            b"WEBVTT\n\n00:00.000 --> 00:01.000\ncaf\xe9\n",
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::UnsupportedFormat);
        assert_eq!(
            e.message,
            "interviews/x.vtt, line 4: is not UTF-8 text; save it as UTF-8 and import again"
        );
    }

    #[test]
    fn nul_bytes_are_binary() {
        let e = decode("x.srt", b"1\r\n\x00\x01\x02").unwrap_err();
        assert_eq!(e.code, ErrorCode::UnsupportedFormat);
        assert!(
            e.message.starts_with("x.srt, line 2: contains binary data"),
            "{}",
            e.message
        );
        // UTF-16 with a BOM may legitimately contain NUL code units, but not NUL characters.
        let e = decode("x.txt", &[0xFF, 0xFE, 0x41, 0x00, 0x00, 0x00]).unwrap_err();
        assert!(e.message.contains("binary"));
    }

    #[test]
    fn line_counting() {
        assert_eq!(line_of(b"a\r\nb\rc\nd", 8), 4);
        assert_eq!(line_of(b"abc", 99), 1);
    }
}
