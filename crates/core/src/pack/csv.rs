//! The pack as CSV tables for a spreadsheet: UTF-8 with a byte order mark (so Excel reads the
//! accents right), CRLF rows, and every text cell that a spreadsheet would run as a formula
//! (`=`, `+`, `-`, `@`, a tab or a carriage return first) prefixed with `'`.

use super::contents::Contents;
use super::redact::Redactor;
use super::{PackFile, Pages, clock};
use crate::error::{Error, Result};

pub(super) fn write(c: &Contents, r: &Redactor, pages: &Pages) -> Result<Vec<PackFile>> {
    let mut files = Vec::new();
    let mut highlights = Table::new(&[
        "id",
        "quote",
        "tags",
        "participant",
        "interview",
        "interview_id",
        "note_id",
        "start",
        "start_ms",
        "comment",
    ]);
    for h in &c.highlights {
        let tags: Vec<String> = c.tag_paths(h).map(|p| r.text(p)).collect();
        let source = h
            .input
            .interview_id
            .as_deref()
            .or(h.input.note_id.as_deref())
            .unwrap_or("");
        highlights.row(&[
            Cell::Id(&h.id),
            Cell::Text(r.text(&h.input.quote)),
            Cell::Text(tags.join("; ")),
            Cell::Text(
                h.participant_id
                    .as_deref()
                    .map(|p| c.participant_name(r, p))
                    .unwrap_or_default(),
            ),
            Cell::Text(pages.title(source).to_string()),
            Cell::Id(h.input.interview_id.as_deref().unwrap_or("")),
            Cell::Id(h.input.note_id.as_deref().unwrap_or("")),
            Cell::Plain(h.start_ms.map(clock).unwrap_or_default()),
            Cell::Plain(h.start_ms.map(|ms| ms.to_string()).unwrap_or_default()),
            Cell::Text(r.text(&h.input.comment)),
        ]);
    }
    files.push(highlights.file("highlights.csv")?);

    let mut insights = Table::new(&[
        "id",
        "title",
        "body",
        "evidence",
        "people",
        "created_at",
        "updated_at",
    ]);
    for i in &c.insights {
        insights.row(&[
            Cell::Id(&i.id),
            Cell::Text(r.text(&i.input.title)),
            Cell::Text(r.text(&i.input.body)),
            Cell::Plain(i.input.highlight_ids.len().to_string()),
            Cell::Plain(i.strength.to_string()),
            Cell::Plain(i.created_at.clone()),
            Cell::Plain(i.updated_at.clone()),
        ]);
    }
    files.push(insights.file("insights.csv")?);

    let mut codebook = Table::new(&[
        "id",
        "path",
        "name",
        "parent_id",
        "color",
        "description",
        "highlights",
    ]);
    for t in &c.tags {
        let used = c
            .highlights
            .iter()
            .filter(|h| h.input.tag_ids.contains(&t.id))
            .count();
        codebook.row(&[
            Cell::Id(&t.id),
            Cell::Text(r.text(&t.path)),
            Cell::Text(r.text(&t.input.name)),
            Cell::Id(t.input.parent_id.as_deref().unwrap_or("")),
            Cell::Text(t.input.color.clone()),
            Cell::Text(r.text(&t.input.description)),
            Cell::Plain(used.to_string()),
        ]);
    }
    files.push(codebook.file("codebook.csv")?);

    let mut participants = Table::new(&[
        "id", "name", "role", "company", "segment", "email", "phone", "consent",
    ]);
    let masked = |value: &str, on: bool, token: &str| {
        if on && !value.trim().is_empty() {
            token.to_string()
        } else {
            r.text(value)
        }
    };
    for p in &c.participants {
        participants.row(&[
            Cell::Id(&p.id),
            Cell::Text(c.participant_name(r, &p.id)),
            Cell::Text(r.text(&p.input.role)),
            Cell::Text(r.text(&p.input.company)),
            Cell::Text(r.text(&p.input.segment)),
            Cell::Text(masked(&p.input.email, r.options().emails, "[email]")),
            Cell::Text(masked(&p.input.phone, r.options().phones, "[phone]")),
            Cell::Plain(p.input.consent.as_str().to_string()),
        ]);
    }
    files.push(participants.file("participants.csv")?);

    let mut feedback = Table::new(&["id", "source", "customer", "score", "received_at", "text"]);
    for f in &c.feedback {
        feedback.row(&[
            Cell::Id(&f.id),
            Cell::Text(r.text(&f.input.source)),
            Cell::Text(c.customer(r, &f.input.customer)),
            Cell::Plain(f.input.score.map(|s| s.to_string()).unwrap_or_default()),
            Cell::Plain(f.input.received_at.clone().unwrap_or_default()),
            Cell::Text(r.text(&f.input.text)),
        ]);
    }
    files.push(feedback.file("feedback.csv")?);

    let mut workshops = Table::new(&[
        "workshop",
        "board",
        "rank",
        "group",
        "note",
        "votes",
        "supervotes",
    ]);
    for b in &c.workshops {
        for name in crate::workshops::boards(b) {
            for (i, g) in crate::workshops::ranked(b, &name).iter().enumerate() {
                for n in g.notes.iter().filter(|n| !n.hidden) {
                    workshops.row(&[
                        Cell::Text(r.text(&b.workshop.title)),
                        Cell::Text(name.clone()),
                        Cell::Plain((i + 1).to_string()),
                        Cell::Text(r.text(&g.name())),
                        Cell::Text(r.text(&n.text)),
                        Cell::Plain(g.votes.to_string()),
                        Cell::Plain(g.supervotes.to_string()),
                    ]);
                }
            }
        }
    }
    if !c.workshops.is_empty() {
        files.push(workshops.file("workshop_notes.csv")?);
    }
    Ok(files)
}

pub(crate) enum Cell<'a> {
    /// Text that came from a user or a file: neutralised.
    Text(String),
    /// What Groundwork wrote itself (numbers, times, dates).
    Plain(String),
    Id(&'a str),
}

pub(crate) struct Table {
    writer: csv::Writer<Vec<u8>>,
}

impl Table {
    pub(crate) fn new(header: &[&str]) -> Table {
        let mut buf = Vec::new();
        buf.extend_from_slice("\u{feff}".as_bytes());
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(buf);
        // Writing to memory cannot fail.
        let _ = writer.write_record(header);
        Table { writer }
    }

    pub(crate) fn row(&mut self, cells: &[Cell]) {
        let record = cells.iter().map(|c| match c {
            Cell::Text(t) => neutralise(t),
            Cell::Plain(t) => t.clone(),
            Cell::Id(t) => neutralise(t),
        });
        let _ = self.writer.write_record(record);
    }

    fn file(self, path: &str) -> Result<PackFile> {
        Ok(PackFile {
            path: path.to_string(),
            bytes: self.bytes()?,
        })
    }

    /// The table as UTF-8 with a BOM (so spreadsheets read it as UTF-8), CRLF line ends.
    pub(crate) fn bytes(self) -> Result<Vec<u8>> {
        self.writer
            .into_inner()
            .map_err(|e| Error::new(crate::ErrorCode::Internal, e.to_string()))
    }
}

/// A cell a spreadsheet would read as a formula gets a leading `'` (OWASP's advice for CSV
/// injection): `=HYPERLINK(…)` in a quote stays a quote.
pub(crate) fn neutralise(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formulas_are_neutralised_and_text_is_not() {
        for f in ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x"] {
            assert!(neutralise(f).starts_with('\''), "{f:?}");
        }
        for t in ["plain", "it's = fine", " =x", "émile"] {
            assert_eq!(neutralise(t), t);
        }
    }
}
