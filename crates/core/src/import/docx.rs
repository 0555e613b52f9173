//! Word documents (.docx): the paragraph text of `word/document.xml`, one paragraph per
//! line with a blank line between paragraphs, so the text importers (speaker turns, Otter,
//! timestamped lines, plain notes) read it as they read a .txt.
//!
//! A .docx is a ZIP archive, read with the `zip` crate. Only the one entry we need is
//! inflated (stored or deflated, the two methods Word uses), with a size cap so a crafted
//! archive cannot exhaust memory.

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

/// The uncompressed bytes of entry `wanted`, or why they cannot be read. The archive is
/// read by the `zip` crate (the one reader of every archive Groundwork opens; it checks
/// each entry's CRC), with the size capped before and while inflating.
fn read_entry(bytes: &[u8], wanted: &str) -> std::result::Result<Vec<u8>, String> {
    use zip::result::ZipError;
    if !looks_like_zip(bytes) {
        return Err("it is not a ZIP archive".into());
    }
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("the archive is damaged ({e})"))?;
    let mut entry = archive.by_name(wanted).map_err(|e| match e {
        ZipError::FileNotFound => format!("it has no {wanted} (is it a Word document?)"),
        other => format!("the entry {wanted} cannot be read ({other})"),
    })?;
    if entry.size() > MAX_FILE_BYTES as u64 {
        return Err(format!("{wanted} is larger than {MAX_FILE_BYTES} bytes"));
    }
    match entry.compression() {
        zip::CompressionMethod::Stored | zip::CompressionMethod::Deflated => {}
        m => {
            return Err(format!(
                "{wanted} uses compression {m}, which Word does not write"
            ));
        }
    }
    let mut out = Vec::with_capacity((entry.size() as usize).min(MAX_FILE_BYTES));
    (&mut entry)
        .take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|_| format!("the entry {wanted} is damaged"))?;
    if out.len() > MAX_FILE_BYTES {
        return Err(format!("{wanted} is larger than {MAX_FILE_BYTES} bytes"));
    }
    Ok(out)
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

    /// A stored (uncompressed) ZIP with the given entries.
    pub(crate) fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, data) in entries {
            zip.start_file(*name, options).unwrap();
            zip.write_all(data).unwrap();
        }
        zip.finish().unwrap().into_inner()
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
