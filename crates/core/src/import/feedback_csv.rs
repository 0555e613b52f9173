//! Feedback from CSV exports: review dumps, survey exports, support-ticket lists.
//!
//! The header row is found by content (blank or title rows before it are skipped). Columns
//! are mapped by name: text, customer, score, date and title. When no column is obviously
//! "the text" (a survey export with one column per question), every free-text column
//! counts and each answer becomes a "Question: answer" paragraph. Rows without text are
//! skipped; every item remembers the line its record starts on.

use super::text::{collapse_ws, decode_entities};
use super::{ParsedFeedback, ParsedFeedbackItem, format_error};
use crate::error::{Error, Result};
use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// Rows searched for the header before giving up.
const HEADER_SEARCH_ROWS: usize = 20;

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
    "customer email",
    "name",
    "full name",
    "your name",
    "user",
    "user name",
    "username",
    "user id",
    "email",
    "email address",
    "e mail",
    "respondent",
    "respondent id",
    "response id",
    "participant",
    "participant id",
    "code name",
    "author",
    "reviewer",
    "reviewer name",
    "requester",
    "company",
    "account",
];
/// Words that make a longer header a customer column ("Customer e-mail", "Respondent #").
const CUSTOMER_WORDS: &[&str] = &["customer", "respondent", "participant", "email", "username"];
const SCORE_NAMES: &[&str] = &[
    "rating",
    "score",
    "nps",
    "stars",
    "star rating",
    "overall rating",
    "nps score",
    "csat",
    "satisfaction",
];
const SCORE_WORDS: &[&str] = &["rating", "score", "nps", "stars"];
/// In order of preference: when a survey has both, the submission date wins.
const DATE_NAMES: &[&str] = &[
    "date submitted",
    "submitted",
    "submitted at",
    "submission date",
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

#[derive(Debug, Default)]
struct Columns {
    text: Option<usize>,
    /// Free-text columns used when there is no single text column.
    answers: Vec<usize>,
    customer: Option<usize>,
    score: Option<usize>,
    date: Option<usize>,
    title: Option<usize>,
}

struct Record {
    line: usize,
    cells: Vec<String>,
}

pub(crate) fn parse(name: &str, text: &str) -> Result<ParsedFeedback> {
    parse_within(name, text, super::MAX_FILE_BYTES)
}

/// [`parse`], refusing a file that makes more than `limit` bytes of feedback.
fn parse_within(name: &str, text: &str, limit: usize) -> Result<ParsedFeedback> {
    // Two passes over the records, neither holding them all: the first finds the header and
    // learns what each column holds, the second makes the items. Holding every cell at once
    // cost ~22 times the file (a 58 MB survey of one-letter answers peaked at 1.28 GB).
    let mut first_pass = records(name, text);
    let mut before_header: Vec<Record> = Vec::new();
    let header = loop {
        match first_pass.next().transpose()? {
            None => break None,
            Some(r) if is_header(&r.cells) => break Some(r),
            Some(r) => {
                before_header.push(r);
                if before_header.len() >= HEADER_SEARCH_ROWS {
                    break None;
                }
            }
        }
    };
    let Some(header) = header else {
        return Err(match before_header.first() {
            None => Error::unsupported(format!("{name}: contains no rows")),
            Some(r) => format_error(
                name,
                r.line,
                "has no header row; the first row should name the columns, e.g. 'customer,rating,comment'",
            ),
        });
    };
    let headers: Vec<String> = header.cells.iter().map(|h| collapse_ws(h)).collect();
    let mut stats: Vec<ColumnStats> = headers.iter().map(|_| ColumnStats::default()).collect();
    for r in first_pass {
        let r = r?;
        for (stat, v) in stats.iter_mut().zip(&r.cells) {
            stat.add(v);
        }
    }
    let columns = map_columns(&headers, &stats);
    if columns.text.is_none() && columns.answers.is_empty() && columns.title.is_none() {
        return Err(format_error(
            name,
            header.line,
            "no column holds feedback text; name one 'text', 'comment' or 'feedback'",
        ));
    }
    let cell = |r: &Record, col: Option<usize>| -> Option<String> {
        col.and_then(|c| r.cells.get(c))
            .filter(|v| !v.is_empty())
            .cloned()
    };
    let mut items = Vec::new();
    // Every answer of a survey becomes "question: answer", so long questions over short
    // answers multiply the text (a 60 MB export became ~12 GB and the process was killed).
    // What a file makes is bounded like a file itself, each item counted with what it costs
    // beyond its text (a column of one-letter "texts" would otherwise make millions of items).
    let mut made = 0usize;
    for r in records(name, text).skip(before_header.len() + 1) {
        let r = r?;
        let mut parts: Vec<String> = Vec::new();
        parts.extend(cell(&r, columns.title));
        parts.extend(cell(&r, columns.text));
        for &c in &columns.answers {
            if let (Some(q), Some(a)) = (headers.get(c), r.cells.get(c).filter(|v| !v.is_empty())) {
                parts.push(format!("{q}: {a}"));
            }
        }
        if parts.is_empty() {
            continue;
        }
        made += ITEM_COST + parts.iter().map(|p| p.len() + 2).sum::<usize>();
        if made > limit {
            return Err(Error::new(
                crate::error::ErrorCode::TooLarge,
                format!(
                    "{name}, line {}: the feedback this file makes is larger than {} MB (each answer is stored with its question); split the file or shorten the question headers",
                    r.line,
                    limit / 1_000_000
                ),
            ));
        }
        items.push(ParsedFeedbackItem {
            customer: cell(&r, columns.customer),
            score: cell(&r, columns.score).and_then(|s| parse_score(&s)),
            text: parts.join("\n\n"),
            created_at: cell(&r, columns.date).and_then(|s| parse_date(&s)),
            line: r.line,
        });
    }
    if items.is_empty() {
        return Err(Error::unsupported(format!(
            "{name}: contains no rows with feedback text"
        )));
    }
    Ok(ParsedFeedback {
        source: super::text::base_name(name).to_string(),
        items,
    })
}

/// What an item costs beyond its text, counted against the size bound.
const ITEM_COST: usize = 32;

/// The file's non-empty records, one at a time.
fn records<'a>(name: &'a str, text: &'a str) -> impl Iterator<Item = Result<Record>> + 'a {
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

fn map_columns(headers: &[String], stats: &[ColumnStats]) -> Columns {
    let mut cols = Columns::default();
    let mut taken = vec![false; headers.len()];
    let full: Vec<String> = headers.iter().map(|h| words(h)).collect();
    let labels: Vec<String> = headers.iter().map(|h| label(h)).collect();

    // Exact names first (whole header, then the part before a colon), in keyword order.
    let exact = |names: &[&str], taken: &mut Vec<bool>| -> Option<usize> {
        for n in names {
            for (i, (f, l)) in full.iter().zip(&labels).enumerate() {
                if !taken.get(i).copied().unwrap_or(true) && (f == n || l == n) {
                    if let Some(t) = taken.get_mut(i) {
                        *t = true;
                    }
                    return Some(i);
                }
            }
        }
        None
    };
    cols.customer = exact(CUSTOMER_NAMES, &mut taken);
    cols.score = exact(SCORE_NAMES, &mut taken);
    cols.date = exact(DATE_NAMES, &mut taken);
    cols.title = exact(TITLE_NAMES, &mut taken);
    cols.text = exact(TEXT_NAMES, &mut taken);

    let free = |i: usize, taken: &[bool]| !taken.get(i).copied().unwrap_or(true);
    // Then headers that merely contain a telling word, checked against the values.
    if cols.customer.is_none() {
        cols.customer = (0..headers.len()).find(|&i| {
            free(i, &taken)
                && CUSTOMER_WORDS.iter().any(|w| has_word(&full[i], w))
                && !has_word(&full[i], "count")
        });
        if let Some(i) = cols.customer {
            taken[i] = true;
        }
    }
    if cols.score.is_none() {
        cols.score = (0..headers.len()).find(|&i| {
            free(i, &taken)
                && SCORE_WORDS.iter().any(|w| has_word(&full[i], w))
                && stats[i].mostly_numeric()
        });
        if let Some(i) = cols.score {
            taken[i] = true;
        }
    }
    if cols.text.is_none() {
        cols.text = (0..headers.len()).find(|&i| {
            free(i, &taken)
                && TEXT_NAMES
                    .iter()
                    .any(|w| !w.contains(' ') && has_word(&full[i], w))
                && !stats[i].mostly_numeric()
                && stats[i].avg_len() >= 15.0
        });
        if let Some(i) = cols.text {
            taken[i] = true;
        }
    }
    if cols.text.is_none() {
        // A survey export: every question's answers are feedback. Short metadata columns
        // ("Status", IDs, dates) are not.
        cols.answers = (0..headers.len())
            .filter(|&i| {
                let h = &headers[i];
                let question = h.contains('?') || full[i].split(' ').count() >= 4;
                free(i, &taken)
                    && !full[i].is_empty()
                    && stats[i].filled > 0
                    && !stats[i].mostly_dates()
                    && (question || (stats[i].avg_len() >= 20.0 && !stats[i].mostly_numeric()))
            })
            .collect();
    }
    cols
}

/// What one column holds, learnt a value at a time.
#[derive(Default)]
struct ColumnStats {
    filled: usize,
    numeric: usize,
    dates: usize,
    chars: usize,
}

impl ColumnStats {
    fn add(&mut self, v: &str) {
        if v.is_empty() {
            return;
        }
        self.filled += 1;
        self.chars += v.chars().count();
        if is_number(v) {
            self.numeric += 1;
        }
        if parse_date(v).is_some() {
            self.dates += 1;
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
    use crate::error::ErrorCode;

    #[test]
    fn reviews_with_index_title_entities_and_quoted_newlines() {
        let src = ",Clothing ID,Age,Title,Review Text,Rating,Recommended IND,Positive Feedback Count,Division Name\n\
0,767,33,,Absolutely wonderful,4,1,0,Initmates\n\
1,1080,34,Love it,\"It&#39;s &quot;great&quot;,\nreally.\",5,1,4,General\n\
2,1081,35,,,3,1,0,General\n\
3,1082,36,Fit &amp; flare,i&amp;#39;m 5&amp;#39;2,2,1,0,General\n";
        let fb = parse("dir/reviews.csv", src).unwrap();
        assert_eq!(fb.source, "reviews.csv");
        assert_eq!(fb.items.len(), 3);
        assert_eq!(fb.items[0].text, "Absolutely wonderful");
        assert_eq!(fb.items[0].score, Some(4.0));
        assert_eq!(fb.items[0].customer, None);
        assert_eq!(fb.items[0].line, 2);
        assert_eq!(fb.items[1].text, "Love it\n\nIt's \"great\",\nreally.");
        assert_eq!(fb.items[1].line, 3);
        // The row with no text (line 5) is skipped; the next record starts on line 6.
        assert_eq!(fb.items[2].line, 6);
        assert_eq!(fb.items[2].text, "Fit & flare\n\ni'm 5'2");
    }

    #[test]
    fn blank_first_row_and_notes_column() {
        let src = ",,,,\nCode Name,Subtask #,Correct path,Time User Starts ST,\"Notes: where they got confused\"\n\
Crimple,1,Create a notebook,2:12,User did this after making a folder.\n\
Crimple,2,Rename,3:00,\n";
        let fb = parse("ux.csv", src).unwrap();
        assert_eq!(fb.items.len(), 1);
        assert_eq!(fb.items[0].customer.as_deref(), Some("Crimple"));
        assert_eq!(fb.items[0].text, "User did this after making a folder.");
        assert_eq!(fb.items[0].created_at, None);
        assert_eq!(fb.items[0].line, 3);
    }

    #[test]
    fn survey_export_uses_every_question() {
        let src = "\"Time Started\",\"Date Submitted\",\"Status\",\"How often do you use it?\",\"What hinders you?\",\"Years in role?\"\n\
\"2015-12-21 22:21:47\",\"2015-12-21 22:21:51\",\"Partial\",\"\",\"\",\"\"\n\
\"2015-12-22 00:03:36\",\"2015-12-22 00:26:01\",\"Complete\",\"Daily\",\"Hiding helper functions\",\"5\"\n";
        let fb = parse("survey.csv", src).unwrap();
        assert_eq!(fb.items.len(), 1);
        let item = &fb.items[0];
        assert_eq!(
            item.text,
            "How often do you use it?: Daily\n\nWhat hinders you?: Hiding helper functions\n\nYears in role?: 5"
        );
        assert_eq!(item.created_at.as_deref(), Some("2015-12-22T00:26:01Z"));
        assert_eq!(item.line, 3);
    }

    #[test]
    fn customers_scores_dates_and_semicolons() {
        let src = "Customer;NPS;Created;Comment\nACME;9;03/04/2021 2:05 PM;Love the export\nInitech;;2021-03-05T10:00:00+02:00;Slow search\n";
        let fb = parse("t.csv", src).unwrap();
        assert_eq!(fb.items[0].customer.as_deref(), Some("ACME"));
        assert_eq!(fb.items[0].score, Some(9.0));
        assert_eq!(
            fb.items[0].created_at.as_deref(),
            Some("2021-03-04T14:05:00Z")
        );
        assert_eq!(fb.items[1].score, None);
        assert_eq!(
            fb.items[1].created_at.as_deref(),
            Some("2021-03-05T08:00:00Z")
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
            e.message.starts_with("tiny.csv, line 28573"),
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
