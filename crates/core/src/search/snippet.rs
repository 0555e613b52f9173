//! Snippets: the passage of a hit's text that holds the most matched words, with the words
//! marked. The matched terms are stems (what the index holds), so a word of the text matches
//! when its stem is one of them. Stemming every word of 20 texts on every keystroke cost more
//! than the search itself (≈ 0.1 ms of 0.4 at 100k documents), and people say the same few
//! thousand words over and over, so stems are remembered across searches (`Stems`).

use super::Snippet;
use super::schema::{PREFIX_ANALYZER, TEXT_ANALYZER};
use rustc_hash::FxHashMap;
use tantivy::Index;
use tantivy::tokenizer::TextAnalyzer;

/// Stems of the words met in snippets, for one language. Bounded: emptied when it reaches
/// `STEMS_MAX` words (≈ 10 MB), far more than a workspace's everyday vocabulary.
#[derive(Default)]
pub(crate) struct Stems(FxHashMap<String, String>);

const STEMS_MAX: usize = 100_000;

impl Stems {
    pub(crate) fn clear(&mut self) {
        self.0.clear();
    }
}

pub(crate) struct Snippets<'a> {
    /// Words as typed, lower-cased and folded (no stemming): their offsets place the marks.
    words: TextAnalyzer,
    stemmer: TextAnalyzer,
    stems: &'a mut Stems,
    terms: Vec<String>,
    max_chars: usize,
}

struct Fragment {
    start: usize,
    stop: usize,
    marks: Vec<std::ops::Range<usize>>,
}

fn stem<'s>(stems: &'s mut Stems, stemmer: &mut TextAnalyzer, word: &str) -> &'s str {
    if !stems.0.contains_key(word) {
        if stems.0.len() >= STEMS_MAX {
            stems.0.clear();
        }
        let mut stream = stemmer.token_stream(word);
        let stem = stream.next().map(|t| t.text.clone()).unwrap_or_default();
        stems.0.insert(word.to_string(), stem);
    }
    stems.0.get(word).map_or("", String::as_str)
}

impl<'a> Snippets<'a> {
    pub(crate) fn new(
        index: &Index,
        stems: &'a mut Stems,
        terms: Vec<String>,
        max_chars: usize,
    ) -> Option<Snippets<'a>> {
        let tokenizers = index.tokenizers();
        Some(Snippets {
            words: tokenizers.get(PREFIX_ANALYZER)?,
            stemmer: tokenizers.get(TEXT_ANALYZER)?,
            stems,
            terms,
            max_chars,
        })
    }

    /// The window of at most `max_chars` bytes with the most marked words (the first of
    /// equals), or the start of the text when no word matches.
    pub(crate) fn snippet(&mut self, text: &str) -> Snippet {
        let mut best: Option<Fragment> = None;
        let mut current = Fragment {
            start: 0,
            stop: 0,
            marks: Vec::new(),
        };
        let mut stream = self.words.token_stream(text);
        while let Some(t) = stream.next() {
            let (from, to) = (t.offset_from, t.offset_to);
            if to - current.start > self.max_chars {
                let next = Fragment {
                    start: from,
                    stop: from,
                    marks: Vec::new(),
                };
                let done = std::mem::replace(&mut current, next);
                if done.marks.len() > best.as_ref().map_or(0, |b| b.marks.len()) {
                    best = Some(done);
                }
            }
            current.stop = to;
            let stem = stem(self.stems, &mut self.stemmer, &t.text);
            if self.terms.iter().any(|term| term == stem) {
                current.marks.push(from..to);
            }
        }
        if current.marks.len() > best.as_ref().map_or(0, |b| b.marks.len()) {
            best = Some(current);
        }
        match best {
            Some(f) => {
                let fragment = &text[f.start..f.stop];
                let ranges: Vec<_> = f
                    .marks
                    .iter()
                    .map(|r| r.start - f.start..r.end - f.start)
                    .collect();
                Snippet {
                    text: fragment.to_string(),
                    highlights: char_ranges(fragment, &ranges),
                }
            }
            None => Snippet {
                text: leading_chars(text, self.max_chars),
                highlights: Vec::new(),
            },
        }
    }
}

impl Snippets<'_> {
    /// Every word of `text` with one of the terms as its stem, as [start, end) character
    /// ranges: what an opened hit marks in the passage it shows.
    pub(crate) fn marks(&mut self, text: &str) -> Vec<[usize; 2]> {
        let mut ranges = Vec::new();
        let mut stream = self.words.token_stream(text);
        while let Some(t) = stream.next() {
            let stem = stem(self.stems, &mut self.stemmer, &t.text);
            if self.terms.iter().any(|term| term == stem) {
                ranges.push(t.offset_from..t.offset_to);
            }
        }
        char_ranges(text, &ranges)
    }
}

/// Byte ranges in `text` → character ranges.
fn char_ranges(text: &str, ranges: &[std::ops::Range<usize>]) -> Vec<[usize; 2]> {
    ranges
        .iter()
        .filter_map(|r| {
            let start = text.get(..r.start)?.chars().count();
            let len = text.get(r.start..r.end)?.chars().count();
            Some([start, start + len])
        })
        .collect()
}

fn leading_chars(text: &str, n: usize) -> String {
    match text.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::schema;

    fn index(language: &str) -> Index {
        let (schema, _) = schema::build();
        let index = Index::create_in_ram(schema);
        schema::register_analyzers(&index, language);
        index
    }

    fn marked(s: &Snippet) -> Vec<String> {
        let chars: Vec<char> = s.text.chars().collect();
        s.highlights
            .iter()
            .map(|[a, b]| chars[*a..*b].iter().collect())
            .collect()
    }

    /// The snippet of `text` for `terms` (stems) in a fresh `language` index.
    fn snippet(language: &str, terms: &[&str], max_chars: usize, text: &str) -> Snippet {
        let index = index(language);
        let mut stems = Stems::default();
        let terms = terms.iter().map(|t| t.to_string()).collect();
        Snippets::new(&index, &mut stems, terms, max_chars)
            .unwrap()
            .snippet(text)
    }

    #[test]
    fn marks_every_form_of_a_stem_and_nothing_else() {
        let got = snippet(
            "en",
            &["price", "happi"],
            180,
            "Pricing was fine; the prices made us HAPPY, happiness is priceless.",
        );
        assert_eq!(marked(&got), ["Pricing", "prices", "HAPPY", "happiness"]);
    }

    #[test]
    fn counts_characters_not_bytes() {
        let got = snippet("en", &["price"], 180, "Café prices");
        assert_eq!(got.highlights, vec![[5, 11]]);
    }

    #[test]
    fn picks_the_window_with_the_most_matches() {
        let text = "One invoice here. Then a long stretch of other words follows. Invoices, invoicing and invoices at the end.";
        let got = snippet("en", &["invoic"], 40, text);
        assert_eq!(marked(&got), ["Invoices", "invoicing"], "{got:?}");
    }

    #[test]
    fn without_a_match_the_text_starts_the_snippet() {
        let got = snippet("en", &["zebra"], 10, "Nothing to see in this text at all");
        assert_eq!(got.text, "Nothing to…");
        assert!(got.highlights.is_empty());
    }

    #[test]
    fn marks_every_matching_word_of_a_whole_text() {
        let index = index("en");
        let mut stems = Stems::default();
        let mut s = Snippets::new(&index, &mut stems, vec!["train".into()], 10).unwrap();
        let text = "Trainings — we train. Then, much later in a long text: training again.";
        let got = s.marks(text);
        let chars: Vec<char> = text.chars().collect();
        let words: Vec<String> = got
            .iter()
            .map(|[a, b]| chars[*a..*b].iter().collect())
            .collect();
        assert_eq!(words, ["Trainings", "train", "training"]);
    }

    #[test]
    fn a_stemmer_that_rewrites_the_whole_word_still_marks_it() {
        // Dutch stems "gelopen" (walked) to "loop": no part of the word survives as typed.
        let got = snippet("nl", &["loop"], 180, "Wij zijn gelopen.");
        assert_eq!(marked(&got), ["gelopen"]);
    }
}
