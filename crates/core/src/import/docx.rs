//! Word documents (.docx): the paragraph text of `word/document.xml`, one paragraph per
//! line with a blank line between paragraphs, so the text importers (speaker turns, Otter,
//! timestamped lines, plain notes) read it as they read a .txt.
//!
//! A .docx is a ZIP archive. Only the one entry we need is located through the central
//! directory and inflated (stored or deflated, the two methods Word uses), with a size cap
//! so a crafted archive cannot exhaust memory.

use super::MAX_FILE_BYTES;
use crate::error::{Error, Result};
use quick_xml::Reader;
use quick_xml::events::Event;
use std::io::Read;

const DOCUMENT: &str = "word/document.xml";

/// The text of the document's paragraphs, or an error saying why the file is not a
/// Word document we can read.
pub(crate) fn text(name: &str, bytes: &[u8]) -> Result<String> {
    let not_docx = |why: &str| {
        Error::unsupported(format!(
            "{name}: not a readable Word document (.docx): {why}"
        ))
    };
    let xml = read_entry(bytes, DOCUMENT).map_err(|why| not_docx(&why))?;
    let xml = String::from_utf8(xml).map_err(|_| not_docx("word/document.xml is not UTF-8"))?;
    paragraphs(&xml).map_err(|why| not_docx(&why))
}

/// True when the bytes start like a ZIP archive (a .docx saved under another name).
pub(crate) fn looks_like_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    let s = b.get(at..at + 2)?;
    Some(u16::from_le_bytes([s[0], s[1]]) as usize)
}

fn u32_at(b: &[u8], at: usize) -> Option<usize> {
    let s = b.get(at..at + 4)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize)
}

/// The uncompressed bytes of entry `wanted`, or why they cannot be read.
fn read_entry(zip: &[u8], wanted: &str) -> std::result::Result<Vec<u8>, String> {
    const EOCD: &[u8] = b"PK\x05\x06";
    const CENTRAL: u32 = 0x0201_4b50;
    const LOCAL: u32 = 0x0403_4b50;
    if !looks_like_zip(zip) {
        return Err("it is not a ZIP archive".into());
    }
    // The end-of-central-directory record sits in the last 22 + 65,535 bytes.
    let tail_from = zip.len().saturating_sub(22 + 65_535);
    let eocd = zip
        .get(tail_from..)
        .and_then(|tail| tail.windows(4).rposition(|w| w == EOCD))
        .map(|p| tail_from + p)
        .ok_or("the archive is truncated (no central directory)")?;
    let entries = u16_at(zip, eocd + 10).ok_or("the archive is truncated")?;
    let mut at = u32_at(zip, eocd + 16).ok_or("the archive is truncated")?;
    for _ in 0..entries {
        if u32_at(zip, at) != Some(CENTRAL as usize) {
            return Err("the central directory is damaged".into());
        }
        let field = |off: usize| u16_at(zip, at + off).ok_or("the central directory is damaged");
        let method = field(10)?;
        let (name_len, extra_len, comment_len) = (field(28)?, field(30)?, field(32)?);
        let compressed = u32_at(zip, at + 20).ok_or("the central directory is damaged")?;
        let size = u32_at(zip, at + 24).ok_or("the central directory is damaged")?;
        let local = u32_at(zip, at + 42).ok_or("the central directory is damaged")?;
        let entry_name = zip
            .get(at + 46..at + 46 + name_len)
            .ok_or("the central directory is damaged")?;
        at += 46 + name_len + extra_len + comment_len;
        if entry_name != wanted.as_bytes() {
            continue;
        }
        if size > MAX_FILE_BYTES {
            return Err(format!("{wanted} is larger than {MAX_FILE_BYTES} bytes"));
        }
        if u32_at(zip, local) != Some(LOCAL as usize) {
            return Err(format!("the entry {wanted} is damaged"));
        }
        let data_at = local
            + 30
            + u16_at(zip, local + 26).ok_or("the archive is truncated")?
            + u16_at(zip, local + 28).ok_or("the archive is truncated")?;
        let data = zip
            .get(data_at..data_at.saturating_add(compressed))
            .ok_or("the archive is truncated")?;
        return match method {
            0 => Ok(data.to_vec()),
            8 => {
                let mut out = Vec::with_capacity(size.min(MAX_FILE_BYTES));
                flate2::read::DeflateDecoder::new(data)
                    .take(MAX_FILE_BYTES as u64 + 1)
                    .read_to_end(&mut out)
                    .map_err(|_| format!("the entry {wanted} is damaged"))?;
                if out.len() > MAX_FILE_BYTES {
                    return Err(format!("{wanted} is larger than {MAX_FILE_BYTES} bytes"));
                }
                Ok(out)
            }
            m => Err(format!(
                "{wanted} uses compression method {m}, which Word does not write"
            )),
        };
    }
    Err(format!("it has no {wanted} (is it a Word document?)"))
}

/// Paragraph text from WordprocessingML: `<w:t>` runs, `<w:tab/>` as a tab, `<w:br/>` as
/// a line break; empty paragraphs are dropped. Deleted text (`<w:delText>`, tracked
/// changes) is not part of the document as read.
fn paragraphs(xml: &str) -> std::result::Result<String, String> {
    let mut reader = Reader::from_str(xml);
    let mut out: Vec<String> = Vec::new();
    let mut para = String::new();
    let mut in_text = false;
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "word/document.xml is not valid XML at byte {}: {e}",
                reader.error_position()
            )
        })?;
        match event {
            Event::Start(e) => in_text = e.local_name().as_ref() == "t",
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" => para.push('\t'),
                "br" | "cr" => para.push('\n'),
                "p" => {}
                _ => {}
            },
            Event::Text(t) if in_text => para.push_str(&t.xml_content(Default::default())),
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    para.push(c);
                } else {
                    let entity = r.xml_content(Default::default());
                    para.push_str(match entity.as_ref() {
                        "lt" => "<",
                        "gt" => ">",
                        "amp" => "&",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => {
                    let p = std::mem::take(&mut para);
                    if !p.trim().is_empty() {
                        out.push(p.trim_end().to_string());
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if !para.trim().is_empty() {
        out.push(para.trim_end().to_string());
    }
    Ok(out.join("\n\n"))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A minimal stored (uncompressed) ZIP with the given entries.
    pub(crate) fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (name, data) in entries {
            let offset = out.len() as u32;
            let crc = 0u32; // not checked by the reader
            let mut header = Vec::new();
            header.extend_from_slice(b"PK\x03\x04");
            header.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            header.extend_from_slice(&crc.to_le_bytes());
            header.extend_from_slice(&(data.len() as u32).to_le_bytes());
            header.extend_from_slice(&(data.len() as u32).to_le_bytes());
            header.extend_from_slice(&(name.len() as u16).to_le_bytes());
            header.extend_from_slice(&0u16.to_le_bytes());
            out.extend_from_slice(&header);
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(data);
            central.extend_from_slice(b"PK\x01\x02");
            central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            central.extend_from_slice(&crc.to_le_bytes());
            central.extend_from_slice(&(data.len() as u32).to_le_bytes());
            central.extend_from_slice(&(data.len() as u32).to_le_bytes());
            central.extend_from_slice(&(name.len() as u16).to_le_bytes());
            central.extend_from_slice(&[0; 12]);
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(name.as_bytes());
        }
        let cd_at = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&cd_at.to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out
    }

    #[test]
    fn paragraphs_runs_tabs_and_entities() {
        let xml = r#"<?xml version="1.0"?><w:document xmlns:w="x"><w:body>
<w:p><w:r><w:t>ANN:</w:t></w:r><w:r><w:t xml:space="preserve"> We &amp; they</w:t></w:r></w:p>
<w:p/><w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c&#233;</w:t></w:r><w:r><w:delText>gone</w:delText></w:r></w:p>
</w:body></w:document>"#;
        assert_eq!(paragraphs(xml).unwrap(), "ANN: We & they\n\na\tb\ncé");
    }

    #[test]
    fn reads_the_document_entry() {
        let xml = b"<w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>Hello</w:t></w:r></w:p></w:body></w:document>";
        let zip = stored_zip(&[("[Content_Types].xml", b"<Types/>"), (DOCUMENT, xml)]);
        assert_eq!(text("a.docx", &zip).unwrap(), "Hello");
    }

    #[test]
    fn clear_errors() {
        let e = text("notes/a.docx", b"just text").unwrap_err();
        assert_eq!(
            e.message,
            "notes/a.docx: not a readable Word document (.docx): it is not a ZIP archive"
        );
        let zip = stored_zip(&[("other.xml", b"<x/>")]);
        assert!(
            text("a.docx", &zip)
                .unwrap_err()
                .message
                .contains("has no word/document.xml")
        );
        let zip = stored_zip(&[(DOCUMENT, b"<w:p><w:t>x</w:p>")]);
        assert!(
            text("a.docx", &zip)
                .unwrap_err()
                .message
                .contains("not valid XML")
        );
        let full = stored_zip(&[(DOCUMENT, b"<w:p><w:t>x</w:t></w:p>")]);
        for cut in 4..full.len() {
            let _ = text("a.docx", &full[..cut]);
        }
    }
}
