//! Reading and writing caption timestamps.

/// Milliseconds from a caption timestamp: `hh:mm:ss.ttt`, `mm:ss.ttt`, SubRip's
/// `hh:mm:ss,ttt`, unpadded Teams ones (`0:0:0.570`), or without a fraction (`00:00:07`).
/// Minutes and seconds must be below 60; `None` when the text is not such a timestamp.
pub(crate) fn parse_timestamp(s: &str) -> Option<i64> {
    let (clock, fraction) = match s.find(['.', ',']) {
        Some(p) => (&s[..p], Some(&s[p + 1..])),
        None => (s, None),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    // Unpadded fields ("0:0:0.570", Teams) come with a fraction; without one, a short
    // field is more likely a line cut off mid-timestamp ("00:0").
    let padded = |f: &str| f.len() == 2 || fraction.is_some();
    let (h, m, sec) = match parts.as_slice() {
        [h, m, sec] if padded(m) && padded(sec) => (number(h, 6)?, number(m, 2)?, number(sec, 2)?),
        [m, sec] if sec.len() == 2 => (0, number(m, 2)?, number(sec, 2)?),
        _ => return None,
    };
    if m >= 60 || sec >= 60 {
        return None;
    }
    let ms = match fraction {
        None => 0,
        // "0.5" is half a second; digits beyond milliseconds are dropped.
        Some(f) if !f.is_empty() && f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()) => {
            let digits: String = f.chars().chain("00".chars()).take(3).collect();
            digits.parse::<i64>().ok()?
        }
        Some(_) => return None,
    };
    Some(((h * 60 + m) * 60 + sec) * 1000 + ms)
}

/// A run of 1..=max_len ASCII digits.
fn number(s: &str, max_len: usize) -> Option<i64> {
    if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// "mm:ss", or "h:mm:ss" past the first hour, as shown next to quotes in notes.
pub(crate) fn format_clock(ms: i64) -> String {
    let total = ms.max(0) / 1000;
    let (h, m, s) = (total / 3600, (total / 60) % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// True for a token made of digits, `:`, `.` and `,` that contains a colon after a digit:
/// what a timestamp looks like, valid or not.
pub(crate) fn is_time_like(token: &str) -> bool {
    token.starts_with(|c: char| c.is_ascii_digit())
        && token.contains(':')
        && token
            .chars()
            .all(|c| c.is_ascii_digit() || ":.,".contains(c))
}

/// A line that was meant to be a cue timing line but is not one we can read, e.g.
/// `00:00:01.000 -> 00:00:02` or a timing line cut off by truncation (`00:00:05.0`).
/// With `alone_counts`, a line holding nothing but time-like tokens also counts (used for
/// blocks with no timing line at all; inside cue text a bare "10:30" is just text).
pub(crate) fn looks_like_broken_timing(line: &str, alone_counts: bool) -> bool {
    let mut tokens = line.split_whitespace();
    let Some(first) = tokens.next() else {
        return false;
    };
    // SBV joins the two times with a comma; `0:00:01.0,0:00:0x` is still time-like.
    if !is_time_like(first) {
        return false;
    }
    let rest: Vec<&str> = tokens.collect();
    match rest.as_slice() {
        [] => alone_counts,
        // An arrow of the wrong shape: "->", "=>", "—>".
        [arrow, ..] if arrow.contains('>') => true,
        // "00:00:01.000 - 00:00:02.000"; a dash before words is just text ("10:30 - we met").
        [dash, t, ..] if ["-", "--", "–", "—"].contains(dash) => is_time_like(t),
        _ => alone_counts && rest.iter().all(|t| is_time_like(t)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert_eq!(parse_timestamp("00:00:07.000"), Some(7_000));
        assert_eq!(parse_timestamp("01:02:03.456"), Some(3_723_456));
        assert_eq!(parse_timestamp("00:16.500"), Some(16_500));
        assert_eq!(parse_timestamp("0:0:0.570"), Some(570));
        assert_eq!(parse_timestamp("0:0:0.0"), Some(0));
        assert_eq!(parse_timestamp("00:00:01,500"), Some(1_500));
        assert_eq!(parse_timestamp("0:00:00.378"), Some(378));
        assert_eq!(parse_timestamp("00:00:07"), Some(7_000));
        assert_eq!(parse_timestamp("0:07"), Some(7_000));
        assert_eq!(parse_timestamp("00:00:01.5"), Some(1_500));
        assert_eq!(parse_timestamp("100:00:00.000"), Some(360_000_000));
    }

    #[test]
    fn invalid_timestamps() {
        for bad in [
            "00:61:00.000",
            "00:00:60.000",
            "00:0",
            "",
            ":",
            "a:b:c",
            "00:00:01.",
            "00:00:01.x",
            "1:2:3:4",
            "00:00:02 ",
            "-1:00:00",
            "9999999:00:00",
            "00:00:01.0000000000",
            "00:00:0",
            "0:7",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn clocks() {
        assert_eq!(format_clock(65_000), "01:05");
        assert_eq!(format_clock(3_725_000), "1:02:05");
        assert_eq!(format_clock(-5), "00:00");
    }

    #[test]
    fn broken_timing_lines() {
        assert!(looks_like_broken_timing("00:00:01.000 -> 00:00:02", false));
        assert!(looks_like_broken_timing("00:00:01.000 => 00:00:02", false));
        assert!(looks_like_broken_timing("00:00:05.0", true));
        assert!(looks_like_broken_timing("0:00:01.0 0:00:02.0", true));
        assert!(!looks_like_broken_timing("00:00:05.0", false));
        assert!(!looks_like_broken_timing("10:30 is when we meet", true));
        assert!(looks_like_broken_timing(
            "00:00:01.000 - 00:00:02.000",
            false
        ));
        assert!(!looks_like_broken_timing("10:30 - we met", false));
        assert!(!looks_like_broken_timing("hello", true));
        assert!(!looks_like_broken_timing("", true));
    }
}
