//! REFI-QDA (www.qdasoftware.org), the exchange format of ATLAS.ti, MAXQDA, NVivo and
//! QualCoder: a project (`.qdpx`: a zip of `project.qde` and `sources/*.txt`) and a codebook
//! (`.qdc`). Written to validate against the standard's Project.xsd and Codebook.xsd
//! (tests/refiqda holds both and an independent reader).
//!
//! The mapping: tags are codes (hierarchy, colours, descriptions); each interview is a text
//! source whose plain text is its passages, one per line as `[m:ss] Speaker: text`; each
//! highlight is a plain-text selection over that text with one coding per tag; participants
//! are cases that refer to their interviews; insights and notes are notes, and an insight is
//! attached (a NoteRef) to each selection that is its evidence. Positions are Unicode code
//! points over the exported text, counted after redaction.

use super::contents::Contents;
use super::redact::Redactor;
use super::{PackFile, Pages, clock};
use crate::model::*;
use std::collections::HashMap;
use std::fmt::Write;

pub(crate) const PROJECT_NS: &str = "urn:QDA-XML:project:1.0";
pub(crate) const CODEBOOK_NS: &str = "urn:QDA-XML:codebook:1.0";

fn origin() -> String {
    format!("Groundwork {}", env!("CARGO_PKG_VERSION"))
}

/// A `.qdc` codebook: the pack's tags as codes.
pub(super) fn codebook(c: &Contents, r: &Redactor) -> crate::Result<PackFile> {
    if c.tags.is_empty() {
        return Err(crate::Error::invalid(
            "scope",
            "there are no tags to export: a codebook needs at least one",
        ));
    }
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        xml,
        "<CodeBook xmlns=\"{CODEBOOK_NS}\" origin=\"{}\">",
        esc(&origin())
    );
    codes(&mut xml, c, r);
    xml.push_str("</CodeBook>\n");
    Ok(PackFile {
        path: "codebook.qdc".into(),
        bytes: xml.into_bytes(),
    })
}

/// A `.qdpx` project: `project.qde` and one plain-text file per interview.
pub(super) fn project(
    c: &Contents,
    r: &Redactor,
    pages: &Pages,
    created: &str,
) -> crate::Result<PackFile> {
    let user = guid(&["groundwork-user"]);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        xml,
        "<Project xmlns=\"{PROJECT_NS}\" name=\"Groundwork research pack\" origin=\"{}\" creatingUserGUID=\"{user}\" creationDateTime=\"{}\">",
        esc(&origin()),
        esc(created)
    );
    let _ = writeln!(
        xml,
        "<Users><User guid=\"{user}\" name=\"Groundwork\"/></Users>"
    );
    if !c.tags.is_empty() {
        xml.push_str("<CodeBook>\n");
        codes(&mut xml, c, r);
        xml.push_str("</CodeBook>\n");
    }

    // Cases: the participants, each naming the interviews they took part in.
    let in_pack: std::collections::HashSet<&str> =
        c.interviews.iter().map(|(i, _)| i.id.as_str()).collect();
    let mut cases = String::new();
    for p in &c.participants {
        let _ = write!(
            cases,
            "<Case guid=\"{}\" name=\"{}\">",
            p.id,
            esc(&c.participant_name(r, &p.id))
        );
        let role = [p.input.role.trim(), p.input.segment.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        if !role.is_empty() {
            let _ = write!(cases, "<Description>{}</Description>", esc(&r.text(&role)));
        }
        for (i, _) in &c.interviews {
            if i.input.participant_ids.contains(&p.id) && in_pack.contains(i.id.as_str()) {
                let _ = write!(cases, "<SourceRef targetGUID=\"{}\"/>", i.id);
            }
        }
        cases.push_str("</Case>\n");
    }
    if !cases.is_empty() {
        let _ = write!(xml, "<Cases>\n{cases}</Cases>\n");
    }

    // Which insights each highlight is evidence for (their notes are attached to it).
    let mut insights_of: HashMap<&str, Vec<&str>> = HashMap::new();
    for i in &c.insights {
        for e in &i.input.highlight_ids {
            insights_of
                .entry(e.as_str())
                .or_default()
                .push(i.id.as_str());
        }
    }

    if !c.interviews.is_empty() {
        xml.push_str("<Sources>\n");
        for (interview, segments) in &c.interviews {
            let (text, selections) = source_text(c, r, interview, segments);
            let file = format!("{}.txt", interview.id);
            let _ = write!(
                xml,
                "<TextSource guid=\"{}\" name=\"{}\" plainTextPath=\"internal://{file}\" creatingUser=\"{user}\" creationDateTime=\"{}\">",
                interview.id,
                esc(pages.title(&interview.id)),
                esc(&interview.created_at)
            );
            let mut about = Vec::new();
            if let Some(d) = &interview.input.date {
                about.push(format!("Date: {d}"));
            }
            if !interview.input.notes.trim().is_empty() {
                about.push(r.text(&interview.input.notes));
            }
            if !about.is_empty() {
                let _ = write!(
                    xml,
                    "<Description>{}</Description>",
                    esc(&about.join("\n\n"))
                );
            }
            for (h, start, end) in selections {
                let _ = write!(
                    xml,
                    "\n<PlainTextSelection guid=\"{}\" name=\"{}\" startPosition=\"{start}\" endPosition=\"{end}\" creatingUser=\"{user}\" creationDateTime=\"{}\">",
                    h.id,
                    esc(&selection_name(&r.text(&h.input.quote))),
                    esc(&h.created_at)
                );
                if !h.input.comment.trim().is_empty() {
                    let _ = write!(
                        xml,
                        "<Description>{}</Description>",
                        esc(&r.text(&h.input.comment))
                    );
                }
                for t in h.input.tag_ids.iter().filter(|t| c.has_tag(t)) {
                    let _ = write!(
                        xml,
                        "<Coding guid=\"{}\" creatingUser=\"{user}\"><CodeRef targetGUID=\"{t}\"/></Coding>",
                        guid(&[&h.id, t])
                    );
                }
                for i in insights_of.get(h.id.as_str()).into_iter().flatten() {
                    let _ = write!(xml, "<NoteRef targetGUID=\"{i}\"/>");
                }
                xml.push_str("</PlainTextSelection>");
            }
            xml.push_str("</TextSource>\n");
            files.push((format!("sources/{file}"), text.into_bytes()));
        }
        xml.push_str("</Sources>\n");
    }

    let mut notes = String::new();
    for i in &c.insights {
        let mut body = r.text(&i.input.body);
        if !i.input.highlight_ids.is_empty() {
            let _ = write!(body, "\n\nEvidence:");
            for h in i.input.highlight_ids.iter().filter_map(|e| c.highlight(e)) {
                let _ = write!(body, "\n- “{}”", r.text(&h.input.quote));
            }
        }
        let _ = writeln!(
            notes,
            "<Note guid=\"{}\" name=\"Insight: {}\" creatingUser=\"{user}\" creationDateTime=\"{}\"><PlainTextContent>{}</PlainTextContent></Note>",
            i.id,
            esc(pages.title(&i.id)),
            esc(&i.created_at),
            esc(body.trim())
        );
    }
    for n in &c.notes {
        let _ = writeln!(
            notes,
            "<Note guid=\"{}\" name=\"{}\" creatingUser=\"{user}\" creationDateTime=\"{}\"><PlainTextContent>{}</PlainTextContent></Note>",
            n.id,
            esc(pages.title(&n.id)),
            esc(&n.created_at),
            esc(&r.text(&n.input.body))
        );
    }
    if !notes.is_empty() {
        let _ = write!(xml, "<Notes>\n{notes}</Notes>\n");
    }
    xml.push_str("</Project>\n");

    let mut entries: Vec<(&str, &[u8])> = vec![("project.qde", xml.as_bytes())];
    entries.extend(files.iter().map(|(p, b)| (p.as_str(), b.as_slice())));
    Ok(PackFile {
        path: "project.qdpx".into(),
        bytes: crate::archive::zip_files(entries)?,
    })
}

/// The codes of the pack's tags, nested as the tags are.
fn codes(xml: &mut String, c: &Contents, r: &Redactor) {
    let mut children: HashMap<Option<&str>, Vec<&Tag>> = HashMap::new();
    for t in &c.tags {
        // A tag whose parent is not in the pack is a root of it.
        let parent = t.input.parent_id.as_deref().filter(|p| c.has_tag(p));
        children.entry(parent).or_default().push(t);
    }
    fn code(xml: &mut String, t: &Tag, children: &HashMap<Option<&str>, Vec<&Tag>>, r: &Redactor) {
        let color = if is_color(&t.input.color) {
            format!(" color=\"{}\"", t.input.color)
        } else {
            String::new()
        };
        let _ = write!(
            xml,
            "<Code guid=\"{}\" name=\"{}\" isCodable=\"true\"{color}>",
            t.id,
            esc(&r.text(&t.input.name))
        );
        if !t.input.description.trim().is_empty() {
            let _ = write!(
                xml,
                "<Description>{}</Description>",
                esc(&r.text(&t.input.description))
            );
        }
        for child in children.get(&Some(t.id.as_str())).into_iter().flatten() {
            code(xml, child, children, r);
        }
        xml.push_str("</Code>\n");
    }
    xml.push_str("<Codes>\n");
    for t in children.get(&None).into_iter().flatten() {
        code(xml, t, &children, r);
    }
    xml.push_str("</Codes>\n");
}

/// An interview's plain text, a passage per line, and where each highlight sits in it, in
/// code points.
fn source_text<'h>(
    c: &'h Contents,
    r: &Redactor,
    interview: &Interview,
    segments: &[Segment],
) -> (String, Vec<(&'h Highlight, usize, usize)>) {
    let highlights: Vec<&Highlight> = c
        .highlights
        .iter()
        .filter(|h| h.input.interview_id.as_deref() == Some(interview.id.as_str()))
        .collect();
    let ranges = c.passage_ranges(&highlights, segments);
    let mut text = String::new();
    let mut at = 0usize; // code points written so far
    let mut span: HashMap<&str, (usize, usize)> = HashMap::new();
    for (n, s) in segments.iter().enumerate() {
        let mut prefix = String::new();
        if let Some(ms) = s.start_ms {
            let _ = write!(prefix, "[{}] ", clock(ms));
        }
        let who = c.speaker(r, interview, s);
        if !who.is_empty() {
            let _ = write!(prefix, "{}: ", one_line(&who));
        }
        let red = r.redact(&s.text);
        let body = one_line(&red.text);
        let begins = at + prefix.chars().count();
        for (a, b, h) in ranges.get(&n).into_iter().flatten() {
            let (a, b) = (begins + red.map(*a, false), begins + red.map(*b, true));
            span.entry(h.id.as_str())
                .and_modify(|e| e.1 = b)
                .or_insert((a, b));
        }
        at = begins + body.chars().count() + 1;
        text.push_str(&prefix);
        text.push_str(&body);
        text.push('\n');
    }
    let selections = highlights
        .into_iter()
        .filter_map(|h| span.get(h.id.as_str()).map(|&(a, b)| (h, a, b)))
        .filter(|(_, a, b)| b > a)
        .collect();
    (text, selections)
}

/// A passage on one line: a line break inside it becomes a space (one character for one,
/// so positions hold).
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect()
}

/// A selection's name: the start of its quote.
fn selection_name(quote: &str) -> String {
    let mut name: String = quote.chars().take(60).collect();
    if quote.chars().count() > 60 {
        name.push('…');
    }
    name
}

/// Text for XML: markup escaped, and the characters XML 1.0 cannot hold at all (control
/// characters other than tab and line breaks) dropped.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A GUID made from `parts`, the same for the same parts, for objects that have no id of
/// their own here (a coding, the user).
pub(crate) fn guid(parts: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x80; // version 8: custom
    b[8] = (b[8] & 0x3f) | 0x80;
    uuid::Uuid::from_bytes(b).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_escaped_and_controls_dropped() {
        assert_eq!(
            esc("a<b>&\"c\"\u{1}\r\n"),
            "a&lt;b&gt;&amp;&quot;c&quot;&#13;\n"
        );
    }

    #[test]
    fn a_guid_is_stable_and_well_formed() {
        let g = guid(&["a", "b"]);
        assert_eq!(g, guid(&["a", "b"]));
        assert_ne!(g, guid(&["ab"]));
        assert_eq!(g.len(), 36);
        assert_eq!(uuid::Uuid::parse_str(&g).unwrap().get_version_num(), 8);
    }
}
