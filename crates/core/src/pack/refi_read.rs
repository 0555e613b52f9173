//! Reading REFI-QDA files from other tools (`.qdpx` projects and `.qdc` codebooks) into plain
//! structures, as hostile input: the archive through `crate::archive`, the XML with no
//! document type (so no entities to expand), at most `MAX_DEPTH` levels deep and
//! `MAX_ELEMENTS` elements, only the five predefined entities and character references, and
//! every reference between objects checked. An error names the file and the line.

use crate::archive::Archive;
use crate::error::{Error, Result};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::{HashMap, HashSet};

const MAX_DEPTH: usize = 100;
const MAX_ELEMENTS: usize = 2_000_000;

/// An element: its local name, attributes (local names), text and children.
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
    children: Vec<Element>,
    line: usize,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn first(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    fn child_text(&self, name: &str) -> String {
        self.first(name).map(|e| e.text.clone()).unwrap_or_default()
    }
}

/// A code of a codebook; `parent` is the position of its parent code.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Code {
    pub guid: String,
    pub name: String,
    pub color: Option<String>,
    pub description: String,
    pub parent: Option<usize>,
}

/// A coded stretch of a source's plain text, in code points.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Selection {
    pub start: usize,
    pub end: usize,
    /// Positions in `Project::codes`.
    pub codes: Vec<usize>,
    pub description: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Source {
    pub guid: String,
    pub name: String,
    pub description: String,
    pub text: String,
    pub selections: Vec<Selection>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Case {
    pub name: String,
    pub description: String,
    /// Positions in `Project::sources`.
    pub sources: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Memo {
    pub name: String,
    pub text: String,
}

#[derive(Debug, Default)]
pub(crate) struct Project {
    pub codes: Vec<Code>,
    pub sources: Vec<Source>,
    pub cases: Vec<Case>,
    pub notes: Vec<Memo>,
    /// Sources Groundwork does not hold (pictures, PDFs, audio, video, text with no plain
    /// text), with why: they are left out and the preview says so.
    pub left_out: Vec<String>,
}

/// A `.qdc` codebook.
pub(crate) fn codebook(name: &str, bytes: &[u8]) -> Result<Vec<Code>> {
    let root = parse(name, bytes)?;
    if root.name != "CodeBook" {
        return Err(Error::unsupported(format!(
            "{name}: not a REFI-QDA codebook (its root element is <{}>, not <CodeBook>)",
            root.name
        )));
    }
    let mut codes = Vec::new();
    if let Some(c) = root.first("Codes") {
        read_codes(name, c, None, &mut codes)?;
    }
    Ok(codes)
}

/// A `.qdpx` project: `project.qde` and the plain text of its sources.
pub(crate) fn project(name: &str, bytes: &[u8]) -> Result<Project> {
    let mut archive = Archive::open(name, bytes)?;
    let qde = archive
        .files()
        .iter()
        .find(|f| !f.contains('/') && f.to_ascii_lowercase().ends_with(".qde"))
        .cloned()
        .ok_or_else(|| {
            Error::unsupported(format!(
                "{name}: not a REFI-QDA project: it holds no .qde file at its top"
            ))
        })?;
    let xml = archive.read(&qde)?;
    let at = format!("{name}: {qde}");
    let root = parse(&at, &xml)?;
    if root.name != "Project" {
        return Err(Error::unsupported(format!(
            "{at}: not a REFI-QDA project (its root element is <{}>)",
            root.name
        )));
    }
    let mut p = Project::default();
    if let Some(c) = root.first("CodeBook").and_then(|b| b.first("Codes")) {
        read_codes(&at, c, None, &mut p.codes)?;
    }
    let code_at: HashMap<String, usize> = p
        .codes
        .iter()
        .enumerate()
        .map(|(i, c)| (key(&c.guid), i))
        .collect();
    let dangling = |line: usize, what: &str, guid: &str| {
        Error::unsupported(format!(
            "{at}, line {line}: {what} refers to {guid}, which the project does not hold"
        ))
    };
    if let Some(sources) = root.first("Sources") {
        for s in &sources.children {
            let label = s.attr("name").unwrap_or("(unnamed)").to_string();
            if s.name != "TextSource" {
                p.left_out.push(format!(
                    "{label}: a {} source",
                    s.name.trim_end_matches("Source").to_lowercase()
                ));
                continue;
            }
            let guid = required(&at, s, "guid")?;
            let text = if let Some(content) = s.first("PlainTextContent") {
                content.text.clone()
            } else if let Some(path) = s.attr("plainTextPath") {
                let Some(file) = path.strip_prefix("internal://") else {
                    p.left_out.push(format!(
                        "{label}: its text is in {path}, outside the project file"
                    ));
                    continue;
                };
                let entry = format!("sources/{file}");
                let Some(entry) = archive.find(&entry).map(str::to_string) else {
                    return Err(Error::unsupported(format!(
                        "{at}, line {}: source “{label}” names {entry}, which the archive does not hold",
                        s.line
                    )));
                };
                archive.read_text(&entry)?
            } else {
                p.left_out
                    .push(format!("{label}: it has no plain text (only rich text)"));
                continue;
            };
            let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text).to_string();
            let chars = text.chars().count();
            let mut selections = Vec::new();
            for sel in s.all("PlainTextSelection") {
                let number = |attr: &str| -> Result<usize> {
                    required(&at, sel, attr)?
                        .trim()
                        .parse::<usize>()
                        .map_err(|_| {
                            Error::unsupported(format!(
                                "{at}, line {}: {attr} is not a whole number",
                                sel.line
                            ))
                        })
                };
                let (start, end) = (number("startPosition")?, number("endPosition")?);
                if start > end || end > chars {
                    return Err(Error::unsupported(format!(
                        "{at}, line {}: a selection of “{label}” runs from {start} to {end}, outside its text of {chars} characters",
                        sel.line
                    )));
                }
                let mut codes = Vec::new();
                for coding in sel.all("Coding") {
                    let target = coding
                        .first("CodeRef")
                        .and_then(|r| r.attr("targetGUID"))
                        .unwrap_or("");
                    let at_code = code_at
                        .get(&key(target))
                        .ok_or_else(|| dangling(coding.line, "a coding", target))?;
                    codes.push(*at_code);
                }
                selections.push(Selection {
                    start,
                    end,
                    codes,
                    description: sel.child_text("Description"),
                    line: sel.line,
                });
            }
            p.sources.push(Source {
                guid: guid.to_string(),
                name: label,
                description: s.child_text("Description"),
                text,
                selections,
            });
        }
    }
    let source_at: HashMap<String, usize> = p
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| (key(&s.guid), i))
        .collect();
    if let Some(cases) = root.first("Cases") {
        for c in cases.all("Case") {
            let mut sources = Vec::new();
            for r in c.all("SourceRef") {
                let target = r.attr("targetGUID").unwrap_or("");
                match source_at.get(&key(target)) {
                    Some(i) => sources.push(*i),
                    // A source left out (a PDF, say) is not an error; one never declared is.
                    None if declared(&root, target) => {}
                    None => return Err(dangling(r.line, "a case", target)),
                }
            }
            p.cases.push(Case {
                name: c.attr("name").unwrap_or("").trim().to_string(),
                description: c.child_text("Description"),
                sources,
            });
        }
    }
    if let Some(notes) = root.first("Notes") {
        for n in notes.all("Note") {
            p.notes.push(Memo {
                name: n.attr("name").unwrap_or("").trim().to_string(),
                text: n.child_text("PlainTextContent"),
            });
        }
    }
    Ok(p)
}

/// GUIDs compared as the standard allows them written: any case, with or without braces.
fn key(guid: &str) -> String {
    guid.trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .to_ascii_lowercase()
}

/// Whether some source of the project (of any kind) has this GUID.
fn declared(root: &Element, guid: &str) -> bool {
    root.first("Sources").is_some_and(|s| {
        s.children
            .iter()
            .any(|c| c.attr("guid").is_some_and(|g| key(g) == key(guid)))
    })
}

fn required<'e>(at: &str, e: &'e Element, attr: &str) -> Result<&'e str> {
    e.attr(attr).ok_or_else(|| {
        Error::unsupported(format!("{at}, line {}: <{}> has no {attr}", e.line, e.name))
    })
}

fn read_codes(at: &str, codes: &Element, parent: Option<usize>, out: &mut Vec<Code>) -> Result<()> {
    let mut seen: HashSet<String> = out.iter().map(|c| key(&c.guid)).collect();
    for c in codes.all("Code") {
        let guid = required(at, c, "guid")?.to_string();
        if !seen.insert(key(&guid)) {
            return Err(Error::unsupported(format!(
                "{at}, line {}: two codes have the GUID {guid}",
                c.line
            )));
        }
        let name = required(at, c, "name")?.trim().to_string();
        let color = c.attr("color").map(|s| s.trim().to_string());
        out.push(Code {
            guid,
            name,
            color,
            description: c.child_text("Description"),
            parent,
        });
        let me = out.len() - 1;
        read_codes(at, c, Some(me), out)?;
        seen.extend(out[me..].iter().map(|c| key(&c.guid)));
    }
    Ok(())
}

/// The XML as a tree of elements, refusing what a REFI-QDA file never needs.
fn parse(at: &str, bytes: &[u8]) -> Result<Element> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let xml = std::str::from_utf8(bytes).map_err(|e| {
        Error::unsupported(format!("{at}: not UTF-8 (byte {})", e.valid_up_to() + 1))
    })?;
    // Lines counted on from the last position asked for (positions only grow, except for an
    // error's), so numbering every element costs one pass over the text, not one each.
    let counted = std::cell::Cell::new((0usize, 1usize));
    let line_of = |pos: u64| {
        let pos = (pos as usize).min(xml.len());
        let (mut at, mut line) = counted.get();
        if pos < at {
            (at, line) = (0, 1);
        }
        line += xml.as_bytes()[at..pos]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        counted.set((pos, line));
        line
    };
    let bad =
        |pos: u64, why: String| Error::unsupported(format!("{at}, line {}: {why}", line_of(pos)));
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Element> = Vec::new();
    let mut elements = 0usize;
    let open = |e: &BytesStart, pos: u64| -> Result<Element> {
        let mut attrs = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|err| bad(pos, format!("a malformed attribute ({err})")))?;
            let value = a
                .normalized_value(quick_xml::XmlVersion::default())
                .map_err(|err| bad(pos, format!("an attribute with an unknown entity ({err})")))?;
            attrs.push((
                a.key.local_name().into_inner().to_string(),
                value.into_owned(),
            ));
        }
        Ok(Element {
            name: e.local_name().into_inner().to_string(),
            attrs,
            text: String::new(),
            children: Vec::new(),
            line: line_of(pos),
        })
    };
    loop {
        let pos = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            bad(
                reader.error_position(),
                format!("not well-formed XML ({e})"),
            )
        })?;
        match event {
            Event::DocType(_) => {
                return Err(bad(
                    pos,
                    "a document type declaration (which could define entities) is not accepted"
                        .into(),
                ));
            }
            Event::Start(e) => {
                elements += 1;
                if stack.len() >= MAX_DEPTH || elements > MAX_ELEMENTS {
                    return Err(bad(
                        pos,
                        "the XML nests too deep or holds too many elements".into(),
                    ));
                }
                stack.push(open(&e, pos)?);
            }
            Event::Empty(e) => {
                elements += 1;
                if stack.len() >= MAX_DEPTH || elements > MAX_ELEMENTS {
                    return Err(bad(
                        pos,
                        "the XML nests too deep or holds too many elements".into(),
                    ));
                }
                let el = open(&e, pos)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => return Ok(el),
                }
            }
            Event::End(_) => {
                let el = stack
                    .pop()
                    .ok_or_else(|| bad(pos, "an end tag with no start".into()))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => return Ok(el),
                }
            }
            Event::Text(t) => {
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&t.xml_content(Default::default()));
                }
            }
            Event::CData(t) => {
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match r.xml_content(Default::default()).as_ref() {
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "amp" => "&".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => {
                            return Err(bad(pos, format!("the entity &{other}; is not defined")));
                        }
                    },
                };
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&c);
                }
            }
            Event::Eof => {
                return Err(bad(
                    pos,
                    "the XML ends before its root element closes".into(),
                ));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_doctypes_and_deep_nesting_are_refused() {
        let bomb = br#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><CodeBook><Codes><Code guid="a" name="&lol2;" isCodable="true"/></Codes></CodeBook>"#;
        let e = codebook("x.qdc", bomb).unwrap_err();
        assert!(e.message.contains("document type"), "{}", e.message);

        let undefined = br#"<CodeBook><Codes><Code guid="a" name="x" isCodable="true"><Description>&xxe;</Description></Code></Codes></CodeBook>"#;
        let e = codebook("x.qdc", undefined).unwrap_err();
        assert!(e.message.contains("&xxe;"), "{}", e.message);

        let deep = format!(
            "<CodeBook>{}{}</CodeBook>",
            "<a>".repeat(500),
            "</a>".repeat(500)
        );
        let e = codebook("x.qdc", deep.as_bytes()).unwrap_err();
        assert!(e.message.contains("too deep"), "{}", e.message);
        assert!(e.message.contains("line 1"), "{}", e.message);
    }

    #[test]
    fn a_codebook_keeps_its_hierarchy_colours_and_descriptions() {
        let xml = "\u{FEFF}<?xml version=\"1.0\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>\n<Code guid=\"{AAAAAAAA-0000-0000-0000-000000000001}\" name=\"Pain\" isCodable=\"true\" color=\"#F00\"><Description>It hurts &amp; more</Description>\n<Code guid=\"aaaaaaaa-0000-0000-0000-000000000002\" name=\"Onboarding\" isCodable=\"true\"/></Code>\n<Code guid=\"aaaaaaaa-0000-0000-0000-000000000003\" name=\"Need\" isCodable=\"false\"/></Codes></CodeBook>";
        let codes = codebook("x.qdc", xml.as_bytes()).unwrap();
        assert_eq!(codes.len(), 3);
        assert_eq!(codes[0].description, "It hurts & more");
        assert_eq!(codes[0].color.as_deref(), Some("#F00"));
        assert_eq!(codes[1].parent, Some(0));
        assert_eq!(codes[2].parent, None);
    }
}
