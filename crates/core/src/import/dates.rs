//! The day an interview took place, as its file says it: a date in the file's name or its
//! folder's ("2026-05-28 Dana.vtt", "acdc_2026-02-19_175/transcript.vtt", Teams'
//! "…-20260615_133555-Meeting Transcript"), else one written near the top of the text
//! ("recorded … on OCTOBER 24, 2019", "15 June 2026, 03:35am", "April 9th, 2015"). Only the
//! top is read: a date deep in a conversation is about something else.

use time::{Date, Month};

/// How much of the text is searched for a date.
const HEAD_CHARS: usize = 2_000;

const MONTHS: [(&str, Month); 12] = [
    ("january", Month::January),
    ("february", Month::February),
    ("march", Month::March),
    ("april", Month::April),
    ("may", Month::May),
    ("june", Month::June),
    ("july", Month::July),
    ("august", Month::August),
    ("september", Month::September),
    ("october", Month::October),
    ("november", Month::November),
    ("december", Month::December),
];

fn iso(y: i32, m: Month, d: u8) -> Option<String> {
    if !(1900..=2200).contains(&y) {
        return None;
    }
    let date = Date::from_calendar_date(y, m, d).ok()?;
    Some(format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    ))
}

fn month_of(word: &str) -> Option<Month> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .find(|(name, _)| {
            name.starts_with(&w) && (w.len() == 3 || w.len() == name.len() || w == "sept")
        })
        .map(|(_, m)| *m)
}

/// `YYYY-MM-DD`, `YYYY_MM_DD`, `YYYY.MM.DD` or `YYYYMMDD` inside a file or folder name,
/// not part of a longer number.
fn numeric_date(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    for start in 0..b.len() {
        if !digit(start) || (start > 0 && digit(start - 1)) {
            continue;
        }
        let num = |from: usize, len: usize| -> Option<u32> {
            let t = s.get(from..from + len)?;
            t.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| t.parse().ok())?
        };
        let Some(y) = num(start, 4) else { continue };
        let sep = b.get(start + 4).copied();
        let (m, d, end) = match sep {
            Some(b'-' | b'_' | b'.') if b.get(start + 7) == sep.as_ref() => {
                (num(start + 5, 2), num(start + 8, 2), start + 10)
            }
            _ => (num(start + 4, 2), num(start + 6, 2), start + 8),
        };
        let (Some(m), Some(d)) = (m, d) else { continue };
        if digit(end) {
            continue;
        }
        let Ok(month) = Month::try_from(m as u8) else {
            continue;
        };
        if let Some(date) = iso(y as i32, month, d as u8) {
            return Some(date);
        }
    }
    None
}

/// The date in the file's name, else in its folder's name.
pub(crate) fn from_name(name: &str) -> Option<String> {
    let mut parts = name.rsplit(['/', '\\']);
    let base = parts.next().unwrap_or(name);
    numeric_date(base).or_else(|| parts.next().and_then(numeric_date))
}

/// A day number such as "24", "9th", "1st,".
fn day_of(word: &str) -> Option<u8> {
    let w = word.trim_end_matches([',', '.']);
    let w = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| w.strip_suffix(s))
        .unwrap_or(w);
    (!w.is_empty() && w.len() <= 2 && w.bytes().all(|c| c.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
        .filter(|d| (1..=31).contains(d))
}

fn year_of(word: &str) -> Option<i32> {
    let w = word.trim_end_matches([',', '.', ';', ')']);
    (w.len() == 4 && w.bytes().all(|c| c.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
}

/// The first date written near the top of `text`: "October 24, 2019", "OCTOBER 24 2019",
/// "Oct. 24th, 2019", "24 October 2019", or ISO "2019-10-24".
pub(crate) fn from_text(text: &str) -> Option<String> {
    let head: String = text.chars().take(HEAD_CHARS).collect();
    let words: Vec<&str> = head
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '"' | '“' | '”'))
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        let at = |k: usize| words.get(i + k).copied().unwrap_or("");
        if let Some(m) = month_of(w) {
            // "October 24, 2019"
            if let (Some(d), Some(y)) = (day_of(at(1)), year_of(at(2)))
                && let Some(date) = iso(y, m, d)
            {
                return Some(date);
            }
        } else if let Some(d) = day_of(w)
            && let Some(m) = month_of(at(1).trim_end_matches(','))
            && let Some(y) = year_of(at(2))
            && let Some(date) = iso(y, m, d)
        {
            // "15 June 2026"
            return Some(date);
        } else if w.len() >= 10
            && w.as_bytes().get(4) == Some(&b'-')
            && let Some(date) = numeric_date(w)
        {
            return Some(date);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_names() {
        assert_eq!(
            from_name("calls/2026-05-28 Dana Reyes.vtt").as_deref(),
            Some("2026-05-28")
        );
        assert_eq!(
            from_name("zoom/acdc_2026-02-19_175/transcript.vtt").as_deref(),
            Some("2026-02-19")
        );
        assert_eq!(
            from_name("Web sync-20260615_133555-Meeting Transcript.docx").as_deref(),
            Some("2026-06-15")
        );
        assert_eq!(from_name("2024_03_01.md").as_deref(), Some("2024-03-01"));
        assert_eq!(from_name("notes/call-7.vtt"), None);
        assert_eq!(
            from_name("id 12026-05-28.vtt"),
            None,
            "part of a longer number"
        );
        assert_eq!(from_name("2026-13-01.vtt"), None, "no month 13");
        assert_eq!(from_name("2026-02-30.vtt"), None, "no 30 February");
        assert_eq!(from_name("order 20261399.txt"), None);
    }

    #[test]
    fn dates_in_text() {
        assert_eq!(
            from_text(
                "# Copyright\n\nthe interview recorded between us on OCTOBER 24, 2019 in A CHAT"
            )
            .as_deref(),
            Some("2019-10-24")
        );
        assert_eq!(
            from_text("Talk Python, recorded Thursday, April 9th, 2015.").as_deref(),
            Some("2015-04-09")
        );
        assert_eq!(
            from_text("Sync-Meeting Transcript\n15 June 2026, 03:35am\n27m 42s").as_deref(),
            Some("2026-06-15")
        );
        assert_eq!(
            from_text("Date: 2024-11-05\n").as_deref(),
            Some("2024-11-05")
        );
        assert_eq!(
            from_text("Sept. 3 2021 notes").as_deref(),
            Some("2021-09-03")
        );
        assert_eq!(from_text("We may 5 times a day try 2019 things"), None);
        assert_eq!(from_text("February 30, 2020"), None);
        let late = format!("{}June 29th, 1945", "x ".repeat(HEAD_CHARS));
        assert_eq!(from_text(&late), None, "only the top is read");
    }
}
