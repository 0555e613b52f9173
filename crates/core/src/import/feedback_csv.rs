//! Feedback exports, read as a table: CSV (comma, `;` or tab), or JSON lines. Each row
//! becomes an item through a [`FeedbackMapping`]: the role of every column (text, title,
//! customer, score, …; any other column is kept as an attribute, so nothing of the export is
//! lost). The mapping is guessed from the headers and the values when none is given.
//!
//! The header row of a CSV is found by content (blank or title rows before it are skipped).
//! A survey export has many free-text columns: the row's most telling answer becomes the
//! item and the other answers stay as attributes. Rows without text are counted, cells that
//! do not read as what their column says (a score of "great") are reported with their line,
//! and every item gets a stable key so importing an overlapping export adds only what is new.

use super::format_error;
use super::text::{collapse_ws, decode_entities};
use crate::error::{Error, ErrorCode, Result};
use crate::model::{Attribute, FeedbackInput, ScoreKind};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// Rows searched for the header before giving up.
const HEADER_SEARCH_ROWS: usize = 20;
/// Columns a table may have (a JSON line's keys count as columns).
const MAX_COLUMNS: usize = 2_000;
/// Rows shown in a mapping preview.
const SAMPLE_ROWS: usize = 20;
/// Warnings kept in a report; the count says how many there were.
const MAX_WARNINGS: usize = 200;
/// Characters of a survey answer taken as its item's title.
const TITLE_CHARS: usize = 120;

/// What one column of a feedback export is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ColumnRole {
    /// What the customer said. Several text columns (a survey's questions): the longest
    /// answer of a row is the item, the others are kept as attributes.
    Text,
    Title,
    Customer,
    Email,
    Company,
    /// Plan, segment or tier.
    Segment,
    Score,
    Date,
    /// Where it came from (a channel, a store), when the export says per row.
    Source,
    /// The export's own id for the row: importing it again recognises the item by it.
    Id,
    /// Kept with the item as it is.
    Attribute,
}

impl ColumnRole {
    /// Roles a mapping may give to one column only.
    const SINGLE: [ColumnRole; 9] = [
        ColumnRole::Title,
        ColumnRole::Customer,
        ColumnRole::Email,
        ColumnRole::Company,
        ColumnRole::Segment,
        ColumnRole::Score,
        ColumnRole::Date,
        ColumnRole::Source,
        ColumnRole::Id,
    ];
    fn name(self) -> &'static str {
        match self {
            ColumnRole::Text => "text",
            ColumnRole::Title => "title",
            ColumnRole::Customer => "customer",
            ColumnRole::Email => "email",
            ColumnRole::Company => "company",
            ColumnRole::Segment => "segment",
            ColumnRole::Score => "score",
            ColumnRole::Date => "date",
            ColumnRole::Source => "source",
            ColumnRole::Id => "id",
            ColumnRole::Attribute => "attribute",
        }
    }
}

/// A column of the export and what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MappedColumn {
    /// The column's header, as the file names it.
    pub name: String,
    pub role: ColumnRole,
}

/// How the columns of an export become feedback items. A file of this shape can be given
/// to `groundwork import --mapping`; columns it does not name are kept as attributes.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct FeedbackMapping {
    pub columns: Vec<MappedColumn>,
    /// What the score column measures; guessed from its header and values when not given.
    pub score_kind: Option<ScoreKind>,
}

impl FeedbackMapping {
    fn role_of(&self, i: usize) -> ColumnRole {
        self.columns
            .get(i)
            .map_or(ColumnRole::Attribute, |c| c.role)
    }
    fn first(&self, role: ColumnRole) -> Option<usize> {
        self.columns.iter().position(|c| c.role == role)
    }
}

/// Something in a row that did not read as its column says; the row was imported without it
/// in that field (and the value kept as an attribute).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportWarning {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub line: usize,
    pub column: String,
    pub value: String,
    pub message: String,
}

/// One item a feedback export makes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParsedFeedbackItem {
    pub input: FeedbackInput,
    /// Stable across imports of the same or an overlapping export.
    pub key: String,
    /// 1-based line in the file where the record starts.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParsedFeedback {
    /// Where the items came from, e.g. the file name.
    pub source: String,
    pub items: Vec<ParsedFeedbackItem>,
    /// "csv" or "jsonl".
    pub format: &'static str,
    /// The headers' fingerprint: files with the same columns share it (and a remembered mapping).
    pub layout: String,
    pub mapping: FeedbackMapping,
    /// Rows with nothing in any text column and no score.
    pub skipped_no_text: usize,
    pub warnings: Vec<ImportWarning>,
    /// How many warnings there were (only the first `MAX_WARNINGS` are kept).
    pub warning_count: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Csv,
    JsonLines,
}

/// A feedback export, decoded, with its columns found and learnt; rows are read again for
/// each use rather than held (holding every cell cost ~22 times the file).
pub struct FeedbackTable {
    name: String,
    text: String,
    kind: Kind,
    /// Records before the first data row (title rows and the header of a CSV).
    skip: usize,
    pub(crate) header_line: usize,
    pub headers: Vec<String>,
    stats: Vec<ColumnStats>,
    /// Data rows.
    pub rows: usize,
}

struct Record {
    line: usize,
    cells: Vec<String>,
}

/// Whether a file of this name is read as JSON lines rather than CSV.
pub(crate) fn is_json_lines(name: &str) -> bool {
    matches!(super::text::extension(name).as_str(), "jsonl" | "ndjson")
}

impl FeedbackTable {
    /// Find the header (or, for JSON lines, every key) and learn what each column holds.
    pub fn read(name: &str, text: String) -> Result<FeedbackTable> {
        let kind = if is_json_lines(name) {
            Kind::JsonLines
        } else {
            Kind::Csv
        };
        let mut table = FeedbackTable {
            name: name.to_string(),
            text,
            kind,
            skip: 0,
            header_line: 1,
            headers: Vec::new(),
            stats: Vec::new(),
            rows: 0,
        };
        match kind {
            Kind::Csv => table.find_header()?,
            Kind::JsonLines => table.collect_keys()?,
        }
        let mut stats: Vec<ColumnStats> = table
            .headers
            .iter()
            .map(|h| ColumnStats::new(looks_like_id(h)))
            .collect();
        let mut rows = 0;
        for r in table.records() {
            let r = r?;
            rows += 1;
            for (stat, v) in stats.iter_mut().zip(&r.cells) {
                stat.add(v);
            }
        }
        if rows == 0 {
            return Err(Error::unsupported(format!(
                "{name}: has a header but no rows"
            )));
        }
        table.stats = stats;
        table.rows = rows;
        Ok(table)
    }

    fn find_header(&mut self) -> Result<()> {
        let mut before: Vec<usize> = Vec::new();
        let mut found = None;
        for r in csv_records(&self.name, &self.text) {
            let r = r?;
            if is_header(&r.cells) {
                found = Some(r);
                break;
            }
            before.push(r.line);
            if before.len() >= HEADER_SEARCH_ROWS {
                break;
            }
        }
        let Some(header) = found else {
            return Err(match before.first() {
                None => Error::unsupported(format!("{}: contains no rows", self.name)),
                Some(&line) => format_error(
                    &self.name,
                    line,
                    "has no header row; the first row should name the columns, e.g. 'customer,rating,comment'",
                ),
            });
        };
        if header.cells.len() > MAX_COLUMNS {
            return Err(format_error(
                &self.name,
                header.line,
                format!(
                    "has {} columns; Groundwork reads up to {MAX_COLUMNS}",
                    header.cells.len()
                ),
            ));
        }
        self.skip = before.len() + 1;
        self.header_line = header.line;
        self.headers = header
            .cells
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let h = collapse_ws(h);
                if h.is_empty() {
                    format!("Column {}", i + 1)
                } else {
                    h
                }
            })
            .collect();
        Ok(())
    }

    fn collect_keys(&mut self) -> Result<()> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (line, l) in json_lines(&self.text) {
            let object = json_object(&self.name, line, l)?;
            for (k, _) in object {
                if !seen.contains_key(&k) {
                    if seen.len() >= MAX_COLUMNS {
                        return Err(format_error(
                            &self.name,
                            line,
                            format!(
                                "has more than {MAX_COLUMNS} different keys; Groundwork reads up to {MAX_COLUMNS} columns"
                            ),
                        ));
                    }
                    seen.insert(k.clone(), self.headers.len());
                    self.headers.push(k);
                }
            }
        }
        if self.headers.is_empty() {
            return Err(Error::unsupported(format!(
                "{}: contains no rows",
                self.name
            )));
        }
        Ok(())
    }

    /// The data rows, one at a time, cells in header order.
    fn records(&self) -> Box<dyn Iterator<Item = Result<Record>> + '_> {
        match self.kind {
            Kind::Csv => Box::new(csv_records(&self.name, &self.text).skip(self.skip)),
            Kind::JsonLines => {
                let index: HashMap<&str, usize> = self
                    .headers
                    .iter()
                    .enumerate()
                    .map(|(i, h)| (h.as_str(), i))
                    .collect();
                Box::new(json_lines(&self.text).map(move |(line, l)| {
                    let mut cells = vec![String::new(); index.len()];
                    for (k, v) in json_object(&self.name, line, l)? {
                        if let Some(&i) = index.get(k.as_str()) {
                            cells[i] = v;
                        }
                    }
                    Ok(Record { line, cells })
                }))
            }
        }
    }

    pub fn format(&self) -> &'static str {
        match self.kind {
            Kind::Csv => "csv",
            Kind::JsonLines => "jsonl",
        }
    }

    /// The headers' fingerprint, the same for any file with these columns in this order.
    pub fn layout(&self) -> String {
        let mut h = Sha256::new();
        for name in &self.headers {
            h.update(words(name).as_bytes());
            h.update([0]);
        }
        h.finalize()
            .iter()
            .take(12)
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The first rows, for a preview.
    pub fn sample(&self) -> Result<Vec<Vec<String>>> {
        self.records()
            .take(SAMPLE_ROWS)
            .map(|r| r.map(|r| r.cells))
            .collect()
    }

    /// A mapping for this table from its headers and what its columns hold.
    pub fn guess(&self) -> FeedbackMapping {
        guess(&self.headers, &self.stats)
    }

    /// `mapping` made to fit this table's columns: matched by header (the n-th column of a
    /// name to the n-th entry of that name); columns it does not name are attributes.
    /// Refused when it names a column the file does not have, gives a one-column role to two
    /// columns, or leaves no column for the text.
    pub fn fit(&self, mapping: &FeedbackMapping) -> Result<FeedbackMapping> {
        let (fitted, unknown) = self.align(mapping);
        if let Some(name) = unknown {
            return Err(Error::invalid(
                "mapping.columns",
                format!(
                    "the mapping names the column '{name}', which {} does not have",
                    self.name
                ),
            ));
        }
        for role in ColumnRole::SINGLE {
            let named: Vec<&str> = fitted
                .columns
                .iter()
                .filter(|c| c.role == role)
                .map(|c| c.name.as_str())
                .collect();
            if named.len() > 1 {
                return Err(Error::invalid(
                    "mapping.columns",
                    format!(
                        "only one column can be the {}; the mapping gives it to {}",
                        role.name(),
                        named.join(", ")
                    ),
                ));
            }
        }
        if fitted.first(ColumnRole::Text).is_none() {
            return Err(Error::invalid(
                "mapping.text",
                format!(
                    "{}: the mapping leaves no column for the feedback text; choose the column (or the survey questions) that hold what customers said",
                    self.name
                ),
            ));
        }
        Ok(fitted)
    }

    /// `mapping` laid over this table's columns, unchecked, and the first column it names
    /// that the table does not have.
    pub fn align(&self, mapping: &FeedbackMapping) -> (FeedbackMapping, Option<String>) {
        let mut used = vec![false; mapping.columns.len()];
        let columns: Vec<MappedColumn> = self
            .headers
            .iter()
            .map(|h| {
                let role = mapping
                    .columns
                    .iter()
                    .enumerate()
                    .find(|(j, c)| !used[*j] && (c.name == *h || words(&c.name) == words(h)))
                    .map_or(ColumnRole::Attribute, |(j, c)| {
                        used[j] = true;
                        c.role
                    });
                MappedColumn {
                    name: h.clone(),
                    role,
                }
            })
            .collect();
        let unknown = used
            .iter()
            .position(|u| !u)
            .map(|j| mapping.columns[j].name.clone());
        (
            FeedbackMapping {
                columns,
                score_kind: mapping.score_kind,
            },
            unknown,
        )
    }

    /// The items this table makes with `mapping` (already [`fit`](Self::fit)).
    pub fn parse(&self, mapping: &FeedbackMapping) -> Result<ParsedFeedback> {
        self.parse_within(mapping, super::MAX_FILE_BYTES)
    }

    fn parse_within(&self, mapping: &FeedbackMapping, limit: usize) -> Result<ParsedFeedback> {
        let source = super::text::base_name(&self.name).to_string();
        let score_kind = mapping.score_kind.or_else(|| {
            mapping
                .first(ColumnRole::Score)
                .and_then(|i| score_kind_of(&self.headers[i], &self.stats[i]))
        });
        let roles: Vec<ColumnRole> = (0..self.headers.len())
            .map(|i| mapping.role_of(i))
            .collect();
        let mut out = ParsedFeedback {
            source: source.clone(),
            items: Vec::new(),
            format: self.format(),
            layout: self.layout(),
            mapping: FeedbackMapping {
                columns: mapping.columns.clone(),
                score_kind,
            },
            skipped_no_text: 0,
            warnings: Vec::new(),
            warning_count: 0,
        };
        let warn =
            |out: &mut ParsedFeedback, line: usize, column: &str, value: &str, message: String| {
                out.warning_count += 1;
                if out.warnings.len() < MAX_WARNINGS {
                    out.warnings.push(ImportWarning {
                        line,
                        column: column.to_string(),
                        value: value.chars().take(200).collect(),
                        message,
                    });
                }
            };
        let id_header = mapping
            .first(ColumnRole::Id)
            .map(|i| words(&self.headers[i]));
        let mut occurrences: HashMap<String, usize> = HashMap::new();
        // What a file makes is bounded like a file itself, each item counted with what it
        // costs beyond its text (a column of one-letter "texts" would otherwise make
        // millions of items).
        let mut made = 0usize;
        for r in self.records() {
            let r = r?;
            let mut input = FeedbackInput {
                source: source.clone(),
                score_kind,
                ..Default::default()
            };
            let mut answers: Vec<(usize, &str)> = Vec::new();
            let mut id = None;
            for (i, value) in r.cells.iter().enumerate() {
                if value.is_empty() {
                    continue;
                }
                // A row may run past the header: those cells are kept too.
                let extra;
                let header: &str = match self.headers.get(i) {
                    Some(h) => h,
                    None => {
                        extra = format!("Column {}", i + 1);
                        &extra
                    }
                };
                let keep = |input: &mut FeedbackInput| {
                    input.attributes.push(Attribute {
                        name: header.to_string(),
                        value: value.clone(),
                    })
                };
                match roles.get(i).copied().unwrap_or(ColumnRole::Attribute) {
                    ColumnRole::Text => answers.push((i, value)),
                    ColumnRole::Title => input.title = collapse_ws(value),
                    ColumnRole::Customer => input.customer = value.clone(),
                    ColumnRole::Email => input.email = value.clone(),
                    ColumnRole::Company => input.company = value.clone(),
                    ColumnRole::Segment => input.segment = value.clone(),
                    ColumnRole::Source => input.source = value.clone(),
                    ColumnRole::Id => id = Some(value.clone()),
                    ColumnRole::Attribute => keep(&mut input),
                    ColumnRole::Score => match read_score(value, score_kind) {
                        Ok(s) => input.score = Some(s),
                        Err(why) => {
                            warn(&mut out, r.line, header, value, why);
                            keep(&mut input);
                        }
                    },
                    ColumnRole::Date => match parse_date(value) {
                        Some(d) => input.received_at = Some(d),
                        None => {
                            warn(&mut out, r.line, header, value, "is not a date Groundwork reads (e.g. 2024-03-31 or 31/03/2024 14:05); kept as an attribute".into());
                            keep(&mut input);
                        }
                    },
                }
            }
            // The most telling answer is the item: the longest answer to an open question
            // (one whose answers run long) before any pick from a list ("Daily"); on a tie,
            // the first column's.
            let telling = |(col, a): &(usize, &str)| {
                let open = self.stats.get(*col).is_some_and(|s| s.avg_len() >= 20.0);
                (open, a.chars().count())
            };
            let chosen = answers
                .iter()
                .enumerate()
                .max_by(|(ia, a), (ib, b)| telling(a).cmp(&telling(b)).then(ib.cmp(ia)))
                .map(|(k, _)| k);
            match chosen {
                Some(k) => {
                    input.text = answers[k].1.to_string();
                    if answers.len() > 1 {
                        for (j, (col, answer)) in answers.iter().enumerate() {
                            if j != k {
                                input.attributes.push(Attribute {
                                    name: self.headers[*col].clone(),
                                    value: answer.to_string(),
                                });
                            }
                        }
                        if input.title.is_empty() {
                            input.title = first_sentence(&input.text);
                        }
                    }
                }
                // A review with only a title says something.
                None if !input.title.is_empty() => input.text = input.title.clone(),
                // A score without a comment is still an answer: NPS and CSAT count it.
                None if input.score.is_some() => {}
                None => {
                    out.skipped_no_text += 1;
                    continue;
                }
            }
            made += ITEM_COST
                + input.text.len()
                + input.title.len()
                + input
                    .attributes
                    .iter()
                    .map(|a| a.name.len() + a.value.len() + ITEM_COST)
                    .sum::<usize>();
            if made > limit {
                return Err(Error::new(
                    ErrorCode::TooLarge,
                    format!(
                        "{}, line {}: the feedback this file makes is larger than {} MB; split the file",
                        self.name,
                        r.line,
                        limit / 1_000_000
                    ),
                ));
            }
            let base = match (&id, &id_header) {
                (Some(id), Some(h)) => format!("id:{h}:{id}"),
                _ => content_key(&input),
            };
            // Two identical rows are two responses: the n-th of them keeps its own key.
            let n = occurrences.entry(base.clone()).or_insert(0);
            *n += 1;
            let key = if *n == 1 { base } else { format!("{base}#{n}") };
            out.items.push(ParsedFeedbackItem {
                input,
                key,
                line: r.line,
            });
        }
        if out.items.is_empty() {
            return Err(Error::unsupported(format!(
                "{}: contains no rows with feedback text",
                self.name
            )));
        }
        Ok(out)
    }
}

/// What an item costs beyond its text, counted against the size bound.
const ITEM_COST: usize = 32;

/// An item's key when the export gives it no id: what it says, who said it, and when.
fn content_key(i: &FeedbackInput) -> String {
    let mut h = Sha256::new();
    for part in [
        i.customer.as_str(),
        i.email.as_str(),
        i.title.as_str(),
        i.text.as_str(),
        i.received_at.as_deref().unwrap_or(""),
        &i.score.map(|s| s.to_string()).unwrap_or_default(),
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    let hex: String = h
        .finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("text:{hex}")
}

/// The first sentence of an answer, at most `TITLE_CHARS` characters, on one line.
fn first_sentence(text: &str) -> String {
    let one_line = collapse_ws(text);
    let end = one_line
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, '.' | '?' | '!') && one_line[i + c.len_utf8()..].starts_with(' ')
        })
        .map_or(one_line.len(), |(i, c)| i + c.len_utf8());
    let sentence = &one_line[..end];
    if sentence.chars().count() <= TITLE_CHARS {
        sentence.to_string()
    } else {
        let cut: String = sentence.chars().take(TITLE_CHARS - 1).collect();
        let cut = cut
            .rsplit_once(' ')
            .map_or(cut.as_str(), |(a, _)| a)
            .to_string();
        format!("{cut}…")
    }
}

/// A score as its kind allows: NPS is a whole number 0–10, CSAT 1–5; otherwise the leading
/// number ("4.5", "9/10", "80%").
fn read_score(value: &str, kind: Option<ScoreKind>) -> std::result::Result<f64, String> {
    let n = parse_score(value)
        .ok_or_else(|| "is not a number; the item was imported without a score".to_string())?;
    let whole = n.fract() == 0.0;
    match kind {
        Some(ScoreKind::Nps) if !(whole && (0.0..=10.0).contains(&n)) => Err(
            "is not an NPS answer (a whole number from 0 to 10); the item was imported without a score".into(),
        ),
        Some(ScoreKind::Csat) if !(whole && (1.0..=5.0).contains(&n)) => Err(
            "is not a satisfaction score (a whole number from 1 to 5); the item was imported without a score".into(),
        ),
        _ => Ok(n),
    }
}

/// NPS when the header asks about recommending (or says NPS) or the answers run 0–10;
/// CSAT when it says satisfaction or the answers are 1–5.
fn score_kind_of(header: &str, stats: &ColumnStats) -> Option<ScoreKind> {
    let w = words(header);
    if has_word(&w, "nps") || w.contains("recommend") {
        return Some(ScoreKind::Nps);
    }
    if has_word(&w, "csat") || w.contains("satisf") {
        return Some(ScoreKind::Csat);
    }
    let (lo, hi) = (stats.min?, stats.max?);
    if !stats.whole || stats.numeric * 10 < stats.filled * 9 {
        return None;
    }
    if lo >= 0.0 && hi <= 10.0 && hi > 5.0 {
        Some(ScoreKind::Nps)
    } else if lo >= 1.0 && hi <= 5.0 {
        Some(ScoreKind::Csat)
    } else {
        None
    }
}

/// Non-blank lines of a JSON-lines file with their 1-based numbers.
fn json_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
}

/// One line's object, flattened to `key.sub` cells (three levels; deeper parts and arrays
/// of objects stay JSON text, arrays of values are joined with "; ").
fn json_object(name: &str, line: usize, l: &str) -> Result<Vec<(String, String)>> {
    let value: serde_json::Value = serde_json::from_str(l)
        .map_err(|e| format_error(name, line, format!("is not valid JSON: {e}")))?;
    let serde_json::Value::Object(map) = value else {
        return Err(format_error(
            name,
            line,
            "is not a JSON object; each line of a .jsonl file should be one {…} record",
        ));
    };
    let mut out = Vec::new();
    flatten("", &serde_json::Value::Object(map), 0, &mut out);
    Ok(out)
}

fn flatten(prefix: &str, v: &serde_json::Value, depth: usize, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    match v {
        Value::Object(map) if depth < 3 => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, depth + 1, out);
            }
        }
        Value::Null => out.push((prefix.to_string(), String::new())),
        Value::String(s) => out.push((prefix.to_string(), clean_cell(s))),
        Value::Bool(_) | Value::Number(_) => out.push((prefix.to_string(), v.to_string())),
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            let joined: Vec<String> = items
                .iter()
                .map(|i| match i {
                    Value::String(s) => clean_cell(s),
                    other => other.to_string(),
                })
                .filter(|s| !s.is_empty() && s != "null")
                .collect();
            out.push((prefix.to_string(), joined.join("; ")));
        }
        other => out.push((prefix.to_string(), other.to_string())),
    }
}

/// The file's non-empty CSV records, one at a time.
fn csv_records<'a>(name: &'a str, text: &'a str) -> impl Iterator<Item = Result<Record>> + 'a {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(text))
        .from_reader(text.as_bytes())
        .into_records()
        .filter_map(move |rec| {
            let rec = match rec {
                Ok(rec) => rec,
                Err(e) => {
                    let line = e.position().map(|p| p.line() as usize).unwrap_or(1);
                    return Some(Err(format_error(
                        name,
                        line,
                        format!("is not valid CSV: {e}"),
                    )));
                }
            };
            let line = rec.position().map(|p| p.line() as usize).unwrap_or(1);
            let mut cells: Vec<String> = rec.iter().map(clean_cell).collect();
            // Empty cells after the last value say nothing, and a row of separators is a
            // cell each.
            while cells.last().is_some_and(String::is_empty) {
                cells.pop();
            }
            (!cells.is_empty()).then_some(Ok(Record { line, cells }))
        })
}

/// Survey tools and scrapers export HTML entities ("&#39;"), sometimes encoded twice
/// ("&amp;#39;"), and non-breaking spaces.
fn clean_cell(c: &str) -> String {
    let once = decode_entities(c);
    let text = if once != c && once.contains('&') {
        decode_entities(&once)
    } else {
        once
    };
    text.replace('\u{a0}', " ").trim().to_string()
}

/// Comma unless the first non-blank line has more semicolons or tabs (European and
/// "tab-separated" exports).
fn sniff_delimiter(text: &str) -> u8 {
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.chars().all(|c| c == ',' || c == ';'))
        .unwrap_or("");
    let count = |c: char| first.matches(c).count();
    let (commas, semis, tabs) = (count(','), count(';'), count('\t'));
    if tabs > commas && tabs >= semis {
        b'\t'
    } else if semis > commas {
        b';'
    } else {
        b','
    }
}

/// At least two non-empty cells, all of them reading like column names (not numbers or
/// dates, not paragraphs).
fn is_header(cells: &[String]) -> bool {
    let filled: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
    filled.len() >= 2
        && filled
            .iter()
            .all(|c| c.chars().count() <= 400 && !is_number(c) && parse_date(c).is_none())
}

fn is_number(s: &str) -> bool {
    s.replace(',', "").parse::<f64>().is_ok_and(f64::is_finite)
}

/// Lower-case words of a header: "Notes: where they got confused" → "notes where they got confused".
fn words(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The part of a header before ":" or "(": "Notes: where…" → "notes".
fn label(s: &str) -> String {
    words(s.split([':', '(']).next().unwrap_or(s))
}

fn has_word(header_words: &str, w: &str) -> bool {
    header_words.split(' ').any(|x| x == w)
}

const TEXT_NAMES: &[&str] = &[
    "review text",
    "text",
    "comment",
    "comments",
    "feedback",
    "message",
    "body",
    "notes",
    "note",
    "answer",
    "review",
    "response",
    "description",
    "content",
    "verbatim",
];
const CUSTOMER_NAMES: &[&str] = &[
    "customer",
    "customer name",
    "customer id",
    "name",
    "full name",
    "your name",
    "user",
    "user name",
    "username",
    "user id",
    "respondent",
    "respondent id",
    "participant",
    "participant id",
    "code name",
    "author",
    "reviewer",
    "reviewer name",
    "requester",
    "requester name",
];
/// Words that make a longer header a customer column ("Customer nickname", "Respondent #").
const CUSTOMER_WORDS: &[&str] = &["customer", "respondent", "participant", "username"];
const EMAIL_NAMES: &[&str] = &[
    "email",
    "email address",
    "e mail",
    "customer email",
    "requester email",
    "user email",
    "contact email",
];
const COMPANY_NAMES: &[&str] = &[
    "company",
    "company name",
    "organization",
    "organisation",
    "organization name",
    "account",
    "account name",
];
const SEGMENT_NAMES: &[&str] = &[
    "segment",
    "customer segment",
    "plan",
    "plan name",
    "tier",
    "subscription",
    "subscription plan",
    "pricing plan",
];
const SCORE_NAMES: &[&str] = &[
    "rating",
    "score",
    "nps",
    "stars",
    "star rating",
    "overall rating",
    "nps score",
    "csat",
    "csat score",
    "satisfaction",
    "likelihood to recommend",
];
const SCORE_WORDS: &[&str] = &["rating", "score", "nps", "stars", "recommend", "satisfied"];
/// In order of preference: when a survey has both, the submission date wins.
const DATE_NAMES: &[&str] = &[
    "date submitted",
    "submitted",
    "submitted at",
    "submission date",
    "review submit date",
    "review date",
    "response date",
    "created",
    "created at",
    "created date",
    "date created",
    "date",
    "timestamp",
    "time",
    "time started",
];
const TITLE_NAMES: &[&str] = &["title", "review title", "subject", "summary", "headline"];
const SOURCE_NAMES: &[&str] = &["source", "channel", "feedback source", "via"];
const ID_NAMES: &[&str] = &[
    "id",
    "response id",
    "review id",
    "ticket id",
    "ticket",
    "ticket number",
    "submission id",
    "feedback id",
    "record id",
];

/// Whether a header names the row's own id (its values are checked to be unique).
fn looks_like_id(header: &str) -> bool {
    let w = words(header);
    ID_NAMES.contains(&w.as_str())
}

fn guess(headers: &[String], stats: &[ColumnStats]) -> FeedbackMapping {
    let n = headers.len();
    let mut roles = vec![ColumnRole::Attribute; n];
    let full: Vec<String> = headers.iter().map(|h| words(h)).collect();
    let labels: Vec<String> = headers.iter().map(|h| label(h)).collect();
    let free = |i: usize, roles: &[ColumnRole]| roles[i] == ColumnRole::Attribute;

    // Exact names first (whole header, then the part before a colon), in keyword order.
    let exact =
        |names: &[&str], roles: &[ColumnRole], ok: &dyn Fn(usize) -> bool| -> Option<usize> {
            names.iter().find_map(|name| {
                (0..n)
                    .find(|&i| free(i, roles) && (full[i] == *name || labels[i] == *name) && ok(i))
            })
        };
    let any = |_: usize| true;
    let set = |role: ColumnRole, i: Option<usize>, roles: &mut Vec<ColumnRole>| {
        if let Some(i) = i {
            roles[i] = role;
        }
    };
    let id = exact(ID_NAMES, &roles, &|i| stats[i].unique());
    set(ColumnRole::Id, id, &mut roles);
    let email = exact(EMAIL_NAMES, &roles, &any);
    set(ColumnRole::Email, email, &mut roles);
    let customer = exact(CUSTOMER_NAMES, &roles, &any);
    set(ColumnRole::Customer, customer, &mut roles);
    let company = exact(COMPANY_NAMES, &roles, &any);
    set(ColumnRole::Company, company, &mut roles);
    let segment = exact(SEGMENT_NAMES, &roles, &any);
    set(ColumnRole::Segment, segment, &mut roles);
    let score = exact(SCORE_NAMES, &roles, &|i| stats[i].mostly_numeric());
    set(ColumnRole::Score, score, &mut roles);
    let date = exact(DATE_NAMES, &roles, &|i| stats[i].mostly_dates());
    set(ColumnRole::Date, date, &mut roles);
    let title = exact(TITLE_NAMES, &roles, &any);
    set(ColumnRole::Title, title, &mut roles);
    let source = exact(SOURCE_NAMES, &roles, &|i| !stats[i].mostly_numeric());
    set(ColumnRole::Source, source, &mut roles);
    let mut text = exact(TEXT_NAMES, &roles, &|i| !stats[i].mostly_numeric());
    set(ColumnRole::Text, text, &mut roles);

    // Then headers that merely contain a telling word, checked against the values.
    if customer.is_none() {
        let c = (0..n).find(|&i| {
            free(i, &roles)
                && CUSTOMER_WORDS.iter().any(|w| has_word(&full[i], w))
                && !has_word(&full[i], "count")
        });
        set(ColumnRole::Customer, c, &mut roles);
    }
    if score.is_none() {
        let s = (0..n).find(|&i| {
            free(i, &roles)
                && SCORE_WORDS.iter().any(|w| full[i].contains(w))
                && stats[i].mostly_numeric()
        });
        set(ColumnRole::Score, s, &mut roles);
    }
    if text.is_none() {
        text = (0..n).find(|&i| {
            free(i, &roles)
                && TEXT_NAMES
                    .iter()
                    .any(|w| !w.contains(' ') && has_word(&full[i], w))
                && !stats[i].mostly_numeric()
                && stats[i].avg_len() >= 15.0
        });
        set(ColumnRole::Text, text, &mut roles);
    }
    if text.is_none() {
        // A survey export: every question's answers are feedback. Short metadata columns
        // ("Status", IDs, dates) are not.
        for i in 0..n {
            let question = headers[i].contains('?') || full[i].split(' ').count() >= 4;
            if free(i, &roles)
                && !full[i].is_empty()
                && stats[i].filled > 0
                && !stats[i].mostly_dates()
                && !stats[i].mostly_numeric()
                && (question || stats[i].avg_len() >= 20.0)
            {
                roles[i] = ColumnRole::Text;
            }
        }
    }
    let score_kind = roles
        .iter()
        .position(|r| *r == ColumnRole::Score)
        .and_then(|i| score_kind_of(&headers[i], &stats[i]));
    FeedbackMapping {
        columns: headers
            .iter()
            .zip(roles)
            .map(|(h, role)| MappedColumn {
                name: h.clone(),
                role,
            })
            .collect(),
        score_kind,
    }
}

/// What one column holds, learnt a value at a time.
#[derive(Default)]
struct ColumnStats {
    filled: usize,
    numeric: usize,
    dates: usize,
    chars: usize,
    min: Option<f64>,
    max: Option<f64>,
    /// Every number seen is whole.
    whole: bool,
    /// Hashes of the values, kept only for a column that may be the rows' id.
    distinct: Option<HashSet<u64>>,
    repeated: bool,
}

impl ColumnStats {
    fn new(may_be_id: bool) -> ColumnStats {
        ColumnStats {
            whole: true,
            distinct: may_be_id.then(HashSet::new),
            ..Default::default()
        }
    }
    fn add(&mut self, v: &str) {
        if v.is_empty() {
            return;
        }
        self.filled += 1;
        self.chars += v.chars().count();
        if is_number(v) {
            self.numeric += 1;
            if let Ok(n) = v.replace(',', "").parse::<f64>() {
                self.min = Some(self.min.map_or(n, |m| m.min(n)));
                self.max = Some(self.max.map_or(n, |m| m.max(n)));
                self.whole &= n.fract() == 0.0;
            }
        }
        if parse_date(v).is_some() {
            self.dates += 1;
        }
        if let Some(seen) = &mut self.distinct {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            v.hash(&mut h);
            self.repeated |= !seen.insert(h.finish());
        }
    }
    fn avg_len(&self) -> f64 {
        if self.filled == 0 {
            0.0
        } else {
            self.chars as f64 / self.filled as f64
        }
    }
    fn mostly_numeric(&self) -> bool {
        self.filled > 0 && self.numeric * 2 > self.filled
    }
    fn mostly_dates(&self) -> bool {
        self.filled > 0 && self.dates * 2 > self.filled
    }
    /// Filled on every row it was asked about, never twice the same.
    fn unique(&self) -> bool {
        self.distinct.is_some() && self.filled > 0 && !self.repeated
    }
}

/// "4", "4.5", "9/10" or "80%" → the leading number.
fn parse_score(s: &str) -> Option<f64> {
    let s = s.trim();
    let end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .unwrap_or(s.len());
    s.get(..end)
        .and_then(|n| n.parse::<f64>().ok())
        .filter(|f| f.is_finite())
}

/// Common date formats to RFC 3339 UTC: RFC 3339 itself, `2015-12-21 22:21:51`,
/// `2015/12/21`, `12/21/2015 10:21 PM` (US order unless the first number is above 12),
/// `21.12.2015`. Times without an offset are taken as UTC.
pub(crate) fn parse_date(s: &str) -> Option<String> {
    let s = s.trim();
    if let Ok(dt) = OffsetDateTime::parse(s, &Rfc3339) {
        return dt.to_offset(UtcOffset::UTC).format(&Rfc3339).ok();
    }
    let (date_part, time_part) = match s.split_once(['T', ' ']) {
        Some((d, t)) => (d, t.trim()),
        None => (s, ""),
    };
    let date = parse_day(date_part)?;
    let (time, offset) = if time_part.is_empty() {
        (Time::MIDNIGHT, UtcOffset::UTC)
    } else {
        parse_time(time_part)?
    };
    let dt = PrimitiveDateTime::new(date, time)
        .assume_offset(offset)
        .to_offset(UtcOffset::UTC);
    dt.format(&Rfc3339).ok()
}

fn parse_day(s: &str) -> Option<Date> {
    let sep = ['-', '/', '.'].into_iter().find(|&c| s.contains(c))?;
    let parts: Vec<&str> = s.split(sep).collect();
    let nums: Vec<i32> = parts
        .iter()
        .map(|p| {
            if !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().ok()
            } else {
                None
            }
        })
        .collect::<Option<Vec<i32>>>()?;
    let (y, m, d) = match (parts.as_slice(), nums.as_slice()) {
        ([y, ..], [yy, mm, dd]) if y.len() == 4 => (*yy, *mm, *dd),
        ([_, _, y], [a, b, yy]) if y.len() == 4 || y.len() == 2 => {
            let year = if y.len() == 2 { 2000 + yy } else { *yy };
            // Day-first for dotted dates and when the first number cannot be a month.
            if sep == '.' || *a > 12 {
                (year, *b, *a)
            } else {
                (year, *a, *b)
            }
        }
        _ => return None,
    };
    let month = Month::try_from(u8::try_from(m).ok()?).ok()?;
    Date::from_calendar_date(y, month, u8::try_from(d).ok()?).ok()
}

fn parse_time(s: &str) -> Option<(Time, UtcOffset)> {
    let mut s = s.trim();
    let mut offset = UtcOffset::UTC;
    for z in ["Z", "UTC", "GMT"] {
        if let Some(rest) = s.strip_suffix(z) {
            s = rest.trim_end();
        }
    }
    // "+01:00" / "-0500" at the end.
    if let Some(p) = s.rfind(['+', '-']).filter(|&p| p > 0) {
        let (clock, off) = (&s[..p], &s[p..]);
        let sign: i8 = if off.starts_with('-') { -1 } else { 1 };
        let digits: String = off[1..].chars().filter(|c| c.is_ascii_digit()).collect();
        if digits.len() == 4 || digits.len() == 2 {
            let h: i8 = digits.get(..2)?.parse().ok()?;
            let m: i8 = digits
                .get(2..)
                .filter(|x| !x.is_empty())
                .map_or(Some(0), |x| x.parse().ok())?;
            offset = UtcOffset::from_hms(sign * h, sign * m, 0).ok()?;
            s = clock.trim_end();
        }
    }
    let lower = s.to_ascii_lowercase();
    let (clock, pm) = if let Some(c) = lower.strip_suffix("pm") {
        (c.trim_end().to_string(), Some(true))
    } else if let Some(c) = lower.strip_suffix("am") {
        (c.trim_end().to_string(), Some(false))
    } else {
        (lower, None)
    };
    let clock = clock.split(['.', ',']).next().unwrap_or("");
    let parts: Vec<u8> = clock
        .split(':')
        .map(|p| p.parse::<u8>().ok())
        .collect::<Option<Vec<u8>>>()?;
    let (mut h, m, sec) = match parts.as_slice() {
        [h, m] => (*h, *m, 0),
        [h, m, s] => (*h, *m, *s),
        _ => return None,
    };
    match pm {
        Some(true) if h < 12 => h += 12,
        Some(false) if h == 12 => h = 0,
        _ => {}
    }
    Some((Time::from_hms(h, m, sec).ok()?, offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(name: &str, src: &str) -> Result<ParsedFeedback> {
        super::super::parse_feedback(name, src.to_string(), None)
    }

    fn parse_within(name: &str, src: &str, limit: usize) -> Result<ParsedFeedback> {
        let table = FeedbackTable::read(name, src.to_string())?;
        let mapping = table.fit(&table.guess())?;
        table.parse_within(&mapping, limit)
    }

    fn attr<'a>(item: &'a ParsedFeedbackItem, name: &str) -> Option<&'a str> {
        item.input
            .attributes
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.value.as_str())
    }

    #[test]
    fn reviews_with_index_title_entities_and_quoted_newlines() {
        let src = ",Clothing ID,Age,Title,Review Text,Rating,Recommended IND,Positive Feedback Count,Division Name\n\
0,767,33,,Absolutely wonderful,4,1,0,Initmates\n\
1,1080,34,Love it,\"It&#39;s &quot;great&quot;,\nreally.\",5,1,4,General\n\
2,1081,35,,,3,1,0,General\n\
3,1082,36,Fit &amp; flare,i&amp;#39;m 5&amp;#39;2,2,1,0,General\n";
        let fb = parse("dir/reviews.csv", src).unwrap();
        assert_eq!(fb.source, "reviews.csv");
        assert_eq!(fb.items.len(), 4);
        assert_eq!(fb.skipped_no_text, 0);
        let first = &fb.items[0];
        assert_eq!(first.input.text, "Absolutely wonderful");
        assert_eq!(first.input.score, Some(4.0));
        assert_eq!(first.input.score_kind, Some(ScoreKind::Csat));
        assert_eq!(first.input.customer, "");
        assert_eq!(first.line, 2);
        // Every other column is kept, the unnamed index too.
        assert_eq!(attr(first, "Column 1"), Some("0"));
        assert_eq!(attr(first, "Clothing ID"), Some("767"));
        assert_eq!(attr(first, "Division Name"), Some("Initmates"));
        assert_eq!(fb.items[1].input.title, "Love it");
        assert_eq!(fb.items[1].input.text, "It's \"great\",\nreally.");
        assert_eq!(fb.items[1].line, 3);
        // A rating without words (line 5) is still an answer; the next record starts on line 6.
        assert_eq!((fb.items[2].line, fb.items[2].input.text.as_str()), (5, ""));
        assert_eq!(fb.items[2].input.score, Some(3.0));
        assert_eq!(fb.items[3].line, 6);
        assert_eq!(fb.items[3].input.title, "Fit & flare");
        assert_eq!(fb.items[3].input.text, "i'm 5'2");
    }

    #[test]
    fn blank_first_row_and_notes_column() {
        let src = ",,,,\nCode Name,Subtask #,Correct path,Time User Starts ST,\"Notes: where they got confused\"\n\
Crimple,1,Create a notebook,2:12,User did this after making a folder.\n\
Crimple,2,Rename,3:00,\n";
        let fb = parse("ux.csv", src).unwrap();
        assert_eq!(fb.items.len(), 1);
        assert_eq!(fb.skipped_no_text, 1);
        assert_eq!(fb.items[0].input.customer, "Crimple");
        assert_eq!(
            fb.items[0].input.text,
            "User did this after making a folder."
        );
        assert_eq!(fb.items[0].input.received_at, None);
        assert_eq!(
            attr(&fb.items[0], "Correct path"),
            Some("Create a notebook")
        );
        assert_eq!(fb.items[0].line, 3);
    }

    #[test]
    fn a_survey_response_is_one_item_titled_by_its_most_telling_answer() {
        let src = "\"Time Started\",\"Date Submitted\",\"Status\",\"How often do you use it?\",\"What hinders you?\",\"What would you change?\"\n\
\"2015-12-21 22:21:47\",\"2015-12-21 22:21:51\",\"Partial\",\"\",\"\",\"\"\n\
\"2015-12-22 00:03:36\",\"2015-12-22 00:26:01\",\"Complete\",\"Daily\",\"Hiding helper functions. Also imports.\",\"Diffs\"\n";
        let fb = parse("survey.csv", src).unwrap();
        assert_eq!(fb.items.len(), 1);
        assert_eq!(fb.skipped_no_text, 1);
        let item = &fb.items[0];
        assert_eq!(item.input.text, "Hiding helper functions. Also imports.");
        assert_eq!(item.input.title, "Hiding helper functions.");
        // The other answers stay, under their questions; so do the metadata columns.
        assert_eq!(attr(item, "How often do you use it?"), Some("Daily"));
        assert_eq!(attr(item, "What would you change?"), Some("Diffs"));
        assert_eq!(attr(item, "Status"), Some("Complete"));
        assert_eq!(attr(item, "Time Started"), Some("2015-12-22 00:03:36"));
        assert_eq!(
            item.input.received_at.as_deref(),
            Some("2015-12-22T00:26:01Z")
        );
        assert_eq!(item.line, 3);
    }

    #[test]
    fn customers_scores_dates_and_semicolons() {
        let src = "Customer;NPS;Created;Comment;Email;Plan\nACME;9;03/04/2021 2:05 PM;Love the export;a@acme.test;Pro\nInitech;;2021-03-05T10:00:00+02:00;Slow search;;\n";
        let fb = parse("t.csv", src).unwrap();
        let a = &fb.items[0].input;
        assert_eq!(
            (a.customer.as_str(), a.email.as_str(), a.segment.as_str()),
            ("ACME", "a@acme.test", "Pro")
        );
        assert_eq!((a.score, a.score_kind), (Some(9.0), Some(ScoreKind::Nps)));
        assert_eq!(a.received_at.as_deref(), Some("2021-03-04T14:05:00Z"));
        assert_eq!(fb.items[1].input.score, None);
        assert_eq!(
            fb.items[1].input.received_at.as_deref(),
            Some("2021-03-05T08:00:00Z")
        );
        assert!(fb.warnings.is_empty(), "{:?}", fb.warnings);
    }

    #[test]
    fn a_score_that_is_not_one_is_reported_not_read_as_zero() {
        let src = "How likely are you to recommend us?,Why?\n10,Fast\ngreat,Lovely\n11,Too many\n7,Fine\n";
        let fb = parse("nps.csv", src).unwrap();
        let scores: Vec<Option<f64>> = fb.items.iter().map(|i| i.input.score).collect();
        assert_eq!(scores, [Some(10.0), None, None, Some(7.0)]);
        assert_eq!(fb.mapping.score_kind, Some(ScoreKind::Nps));
        let lines: Vec<(usize, &str)> = fb
            .warnings
            .iter()
            .map(|w| (w.line, w.value.as_str()))
            .collect();
        assert_eq!(lines, [(3, "great"), (4, "11")]);
        assert_eq!(fb.warnings[0].column, "How likely are you to recommend us?");
        // The value is kept with the item.
        assert_eq!(
            attr(&fb.items[1], "How likely are you to recommend us?"),
            Some("great")
        );
    }

    #[test]
    fn an_id_column_keys_items_and_repeated_rows_keep_their_own_keys() {
        let src =
            "Ticket ID,Subject,Description\nT-1,Export,Export is slow\nT-2,Login,Cannot log in\n";
        let fb = parse("zendesk.csv", src).unwrap();
        assert_eq!(fb.items[0].key, "id:ticket id:T-1");
        assert_eq!(fb.items[0].input.title, "Export");
        let src = "customer,comment\n,Great!\n,Great!\n";
        let fb = parse("c.csv", src).unwrap();
        assert_eq!(fb.items.len(), 2);
        assert_ne!(fb.items[0].key, fb.items[1].key);
        assert_eq!(fb.items[1].key, format!("{}#2", fb.items[0].key));
    }

    #[test]
    fn json_lines_are_flattened_and_every_key_kept() {
        let src = "{\"id\": 1, \"text\": \"Slow export\", \"user\": {\"email\": \"a@b.test\", \"plan\": \"pro\"}, \"tags\": [\"perf\", \"export\"]}\n\n{\"id\": 2, \"text\": \"Love it\", \"extra\": null}\n";
        let table = FeedbackTable::read("f.jsonl", src.to_string()).unwrap();
        // Keys in the order first seen (within a line, in name order).
        assert_eq!(
            table.headers,
            ["id", "tags", "text", "user.email", "user.plan", "extra"]
        );
        let fb = table.parse(&table.fit(&table.guess()).unwrap()).unwrap();
        assert_eq!(fb.items.len(), 2);
        assert_eq!(fb.items[0].input.text, "Slow export");
        assert_eq!(attr(&fb.items[0], "tags"), Some("perf; export"));
        assert_eq!(fb.items[0].key, "id:id:1");
        assert_eq!(fb.items[1].line, 3);
        let e = FeedbackTable::read("f.jsonl", "{\"text\": \"a\"}\n[1, 2]\n".into())
            .err()
            .unwrap();
        assert!(
            e.message
                .starts_with("f.jsonl, line 2: is not a JSON object"),
            "{}",
            e.message
        );
        let e = FeedbackTable::read("f.jsonl", "{\"text\": \"a\"\n".into())
            .err()
            .unwrap();
        assert!(
            e.message.starts_with("f.jsonl, line 1: is not valid JSON"),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_mapping_is_fitted_to_the_file_or_refused_before_anything_is_read() {
        let src = "who,said,when\nAnn,Slow,2024-01-01\n";
        let table = FeedbackTable::read("m.csv", src.to_string()).unwrap();
        let m = |cols: &[(&str, ColumnRole)]| FeedbackMapping {
            columns: cols
                .iter()
                .map(|(n, r)| MappedColumn {
                    name: n.to_string(),
                    role: *r,
                })
                .collect(),
            score_kind: None,
        };
        let fitted = table
            .fit(&m(&[
                ("said", ColumnRole::Text),
                ("who", ColumnRole::Customer),
            ]))
            .unwrap();
        assert_eq!(
            fitted.columns.iter().map(|c| c.role).collect::<Vec<_>>(),
            [
                ColumnRole::Customer,
                ColumnRole::Text,
                ColumnRole::Attribute
            ]
        );
        let e = table.fit(&m(&[("who", ColumnRole::Customer)])).unwrap_err();
        assert_eq!(e.code, ErrorCode::Invalid);
        assert!(
            e.message.contains("no column for the feedback text"),
            "{}",
            e.message
        );
        let e = table
            .fit(&m(&[
                ("said", ColumnRole::Text),
                ("nope", ColumnRole::Title),
            ]))
            .unwrap_err();
        assert!(e.message.contains("'nope'"), "{}", e.message);
        let e = table
            .fit(&m(&[
                ("said", ColumnRole::Text),
                ("who", ColumnRole::Title),
                ("when", ColumnRole::Title),
            ]))
            .unwrap_err();
        assert!(
            e.message.contains("only one column can be the title"),
            "{}",
            e.message
        );
    }

    #[test]
    fn errors() {
        let e = parse("n.csv", "1,2021-01-01,5\n2,2021-01-02,3\n").unwrap_err();
        assert_eq!(e.code, ErrorCode::UnsupportedFormat);
        assert!(
            e.message.starts_with("n.csv, line 1: has no header row"),
            "{}",
            e.message
        );
        let e = parse("n.csv", "id,count\n1,2\n").unwrap_err();
        assert!(
            e.message
                .starts_with("n.csv, line 1: no column holds feedback text"),
            "{}",
            e.message
        );
        let e = parse("n.csv", "name,comment\nann,\n").unwrap_err();
        assert_eq!(e.message, "n.csv: contains no rows with feedback text");
        let e = parse("n.csv", ",,,\n").unwrap_err();
        assert_eq!(e.message, "n.csv: contains no rows");
    }

    #[test]
    fn a_column_of_one_letter_texts_cannot_make_millions_of_items() {
        // One-letter rows are items of ~150 bytes each in memory but 2 in the file: at the
        // real limit (64 MB) 8 MB of them made 2 million items. Here with a 1 MB limit.
        let src = format!("customer,text\n{}", "x,a\n".repeat(40_000));
        let e = parse_within("tiny.csv", &src, 1_000_000).unwrap_err();
        assert_eq!(e.code, ErrorCode::TooLarge);
        assert!(
            e.message.starts_with("tiny.csv, line 30305"),
            "{}",
            e.message
        );
        // Short reviews of the same total size still import.
        let src = format!("customer,text\n{}", "x,slow search again\n".repeat(5_000));
        assert_eq!(
            parse_within("reviews.csv", &src, 1_000_000)
                .unwrap()
                .items
                .len(),
            5_000
        );
    }

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("2015-12-21").as_deref(),
            Some("2015-12-21T00:00:00Z")
        );
        assert_eq!(
            parse_date("21.12.2015").as_deref(),
            Some("2015-12-21T00:00:00Z")
        );
        assert_eq!(
            parse_date("21/12/2015 08:00").as_deref(),
            Some("2015-12-21T08:00:00Z")
        );
        assert_eq!(
            parse_date("12/21/15").as_deref(),
            Some("2015-12-21T00:00:00Z")
        );
        assert_eq!(
            parse_date("2015-12-21 22:21:51 -0500").as_deref(),
            Some("2015-12-22T03:21:51Z")
        );
        assert_eq!(
            parse_date("2015-12-21T22:21:51Z").as_deref(),
            Some("2015-12-21T22:21:51Z")
        );
        for bad in [
            "2:12",
            "yesterday",
            "2015-13-01",
            "31/31/2015",
            "",
            "1.5",
            "N/A",
            "99999-1-1",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn scores() {
        assert_eq!(parse_score("4"), Some(4.0));
        assert_eq!(parse_score("9/10"), Some(9.0));
        assert_eq!(parse_score("80%"), Some(80.0));
        assert_eq!(parse_score("great"), None);
    }
}
