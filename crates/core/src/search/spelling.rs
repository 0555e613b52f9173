//! Typo tolerance: when nothing matches, a word of five letters or more that the index has
//! never seen is replaced by the written word nearest to it (one edit away, two for words of
//! eight letters or more; a swap of two letters is one edit), the most frequent of equals.
//! It costs nothing while something matches: the caller asks only when nothing did.

use super::query::{Clause, Parsed};
use super::schema::Fields;
use crate::error::Result;
use std::collections::HashMap;
use tantivy::query::FuzzyTermQuery;
use tantivy::{Searcher, Term};

const MIN_CHARS: usize = 5;

fn max_edits(word: &str) -> u8 {
    if word.chars().count() >= 8 { 2 } else { 1 }
}

/// The query with its unknown words corrected, or `None` when there is nothing to correct.
pub(super) fn correct(
    searcher: &Searcher,
    f: &Fields,
    parsed: &Parsed,
    text: &str,
) -> Result<Option<String>> {
    let mut replacements: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for clause in &parsed.must {
        let (written, stems, span, typing) = match clause {
            Clause::Words {
                exact: Some(w),
                stems,
                span,
            } => (w, stems, span, false),
            Clause::Prefix { prefix, full, span } => (prefix, full, span, true),
            _ => continue,
        };
        if written.chars().count() < MIN_CHARS || !written.chars().all(char::is_alphabetic) {
            continue;
        }
        if known(searcher, f, written, stems, typing)? {
            continue;
        }
        if let Some(better) = nearest(searcher, f, written, typing)? {
            replacements.push((span.clone(), better));
        }
    }
    if replacements.is_empty() {
        return Ok(None);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (span, word) in replacements {
        out.push_str(&text[at..span.start]);
        out.push_str(&word);
        at = span.end;
    }
    out.push_str(&text[at..]);
    Ok(Some(out))
}

/// Whether the index holds the word: as written, by its stem ("volunte" is no word, but
/// stems as "volunteers" does), or, while it is being typed, as the start of a word.
fn known(
    searcher: &Searcher,
    f: &Fields,
    written: &str,
    stems: &[String],
    typing: bool,
) -> Result<bool> {
    let mut terms = vec![Term::from_field_text(f.exact, written)];
    for stem in stems {
        terms.push(Term::from_field_text(f.body, stem));
        terms.push(Term::from_field_text(f.title, stem));
    }
    for term in &terms {
        if searcher.doc_freq(term)? > 0 {
            return Ok(true);
        }
    }
    if !typing {
        return Ok(false);
    }
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(f.exact)?;
        let mut stream = inverted
            .terms()
            .range()
            .ge(written.as_bytes())
            .into_stream()?;
        if stream.advance() && stream.key().starts_with(written.as_bytes()) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The written word nearest to `written`: fewest edits, then most documents. While it is
/// being typed, the edits are counted against the start of each word.
fn nearest(searcher: &Searcher, f: &Fields, written: &str, typing: bool) -> Result<Option<String>> {
    let term = Term::from_field_text(f.exact, written);
    let distance = max_edits(written);
    let query = if typing {
        FuzzyTermQuery::new_prefix(term, distance, true)
    } else {
        FuzzyTermQuery::new(term, distance, true)
    };
    let mut found: HashMap<String, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(f.exact)?;
        let mut stream = inverted.terms().search(query.automaton()?).into_stream()?;
        while stream.advance() {
            if let Ok(word) = std::str::from_utf8(stream.key()) {
                *found.entry(word.to_string()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    let wanted: Vec<char> = written.chars().collect();
    Ok(found
        .into_iter()
        .filter(|(word, _)| word.chars().all(char::is_alphabetic))
        .map(|(word, n)| (edits(&wanted, &word, typing), n, word))
        .min_by(|a, b| {
            a.0.cmp(&b.0)
                .then(b.1.cmp(&a.1))
                .then_with(|| a.2.cmp(&b.2))
        })
        .map(|(_, _, word)| word))
}

/// Edits (insert, delete, substitute, swap two neighbours) from `a` to `b`; with `prefix`,
/// to the nearest start of `b`.
fn edits(a: &[char], b: &str, prefix: bool) -> usize {
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    if prefix {
        d[n].iter().copied().min().unwrap_or(n)
    } else {
        d[n][m]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(a: &str, b: &str, prefix: bool) -> usize {
        edits(&a.chars().collect::<Vec<_>>(), b, prefix)
    }

    #[test]
    fn counts_a_swap_as_one_edit_and_a_prefix_against_the_start() {
        assert_eq!(e("burnuot", "burnout", false), 1);
        assert_eq!(e("onbaording", "onboarding", false), 1);
        assert_eq!(e("recieve", "receive", false), 1);
        assert_eq!(e("pricng", "pricing", false), 1);
        assert_eq!(e("burnuo", "burnout", true), 1);
        assert_eq!(e("burnuo", "burnout", false), 2);
        assert_eq!(e("café", "cafe", false), 1);
    }
}
