//! Redaction for research packs: participants' and personas' names become consistent
//! pseudonyms, emails, phone numbers and links are masked, and the user's own words are
//! struck, in every text of every file. The workspace is never changed: texts are redacted as
//! they are written out, and every replacement is counted for the preview.
//!
//! Offsets are Unicode scalar values (as highlight offsets are), so a highlight's range can
//! be carried over a redacted passage with [`Redacted::map`].

use aho_corasick::AhoCorasick;
use serde::{Deserialize, Serialize};
use std::cell::{OnceCell, RefCell};
use std::collections::BTreeMap;

/// What to redact.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct RedactOptions {
    /// Participants' names (and speakers' labels, feedback customers, personas' names)
    /// become pseudonyms: P01, P02 … for people, C01 … for customers, Persona A … .
    pub names: bool,
    pub emails: bool,
    pub phones: bool,
    /// Links keep their site and lose their path and query (where meeting ids and tokens are).
    pub urls: bool,
    /// Words and phrases of the user's own, matched whole and regardless of case.
    pub words: Vec<String>,
}

impl RedactOptions {
    pub fn any(&self) -> bool {
        self.names || self.emails || self.phones || self.urls || !self.words.is_empty()
    }
}

/// One kind of replacement as the preview lists it: what was found, what it became, how often.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Replacement {
    /// `name`, `email`, `phone`, `url` or `word`.
    pub kind: String,
    pub from: String,
    pub to: String,
    pub count: u64,
}

/// A text after redaction, with where its replacements sit, to carry offsets over.
pub struct Redacted {
    pub text: String,
    /// (start, end) in the original text → the replacement's length, in characters.
    edits: Vec<(usize, usize, usize)>,
}

impl Redacted {
    /// Where `offset` (characters into the original text) lands in the redacted text. An
    /// offset inside a replaced span goes to its start, or its end with `at_end` (so a
    /// highlight's end that falls inside a name still covers the whole pseudonym).
    pub fn map(&self, offset: usize, at_end: bool) -> usize {
        let mut shift: isize = 0;
        for &(start, end, len) in &self.edits {
            if offset <= start {
                break;
            }
            if offset < end {
                let base = (start as isize + shift) as usize;
                return if at_end { base + len } else { base };
            }
            shift += len as isize - (end - start) as isize;
        }
        (offset as isize + shift) as usize
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Name,
    Email,
    Phone,
    Url,
    Word,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Name => "name",
            Kind::Email => "email",
            Kind::Phone => "phone",
            Kind::Url => "url",
            Kind::Word => "word",
        }
    }
}

/// Redacts texts by one set of rules; the same name always gets the same pseudonym.
pub struct Redactor {
    options: RedactOptions,
    /// (as written, pseudonym).
    names: Vec<(String, String)>,
    /// Lower-cased.
    words: Vec<String>,
    /// Built from `names` and `words` on first use.
    matchers: OnceCell<Matchers>,
    counts: RefCell<BTreeMap<(Kind, String, String), u64>>,
}

impl Redactor {
    pub fn new(options: RedactOptions) -> Redactor {
        let words = options
            .words
            .iter()
            .map(|w| w.trim())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        Redactor {
            options,
            names: Vec::new(),
            words,
            matchers: OnceCell::new(),
            counts: RefCell::default(),
        }
    }

    pub fn options(&self) -> &RedactOptions {
        &self.options
    }

    /// Replace this name by `pseudonym` wherever it appears (whole words, as written or in
    /// capitals); with `parts`, each capitalised part of it of two letters or more too (a
    /// person is "Ana" as often as "Ana Lima"; a persona's descriptive name is only whole).
    pub fn add_name(&mut self, name: &str, pseudonym: &str, want_parts: bool) {
        if self.options.names {
            self.always_replace(name, pseudonym, want_parts);
        }
    }

    /// `add_name` whatever the options say: the name of someone whose words are left out
    /// of the pack is never in it.
    pub fn always_replace(&mut self, name: &str, pseudonym: &str, want_parts: bool) {
        let name = name.trim();
        if name.chars().count() < 2 {
            return;
        }
        let mut forms = vec![name.to_string()];
        let parts: Vec<&str> = name
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
            .filter(|p| p.chars().count() >= 2 && p.chars().next().is_some_and(char::is_uppercase))
            .collect();
        if want_parts && parts.len() > 1 {
            forms.extend(parts.iter().map(|p| p.to_string()));
        }
        for form in forms {
            for variant in [form.clone(), form.to_uppercase()] {
                if !self.names.iter().any(|(n, _)| *n == variant) {
                    self.names.push((variant, pseudonym.to_string()));
                }
            }
        }
        self.matchers = OnceCell::new();
    }

    /// The replacement for a name on its own (a speaker label, a customer field), counted.
    pub fn name(&self, name: &str, pseudonym: &str) -> String {
        if !self.options.names || name.trim().is_empty() {
            return self.text(name);
        }
        self.count(Kind::Name, name.trim(), pseudonym);
        pseudonym.to_string()
    }

    /// The text redacted.
    pub fn text(&self, text: &str) -> String {
        self.redact(text).text
    }

    /// The text redacted, with the edits to carry offsets over.
    pub fn redact(&self, text: &str) -> Redacted {
        if (!self.options.any() && self.names.is_empty()) || text.is_empty() {
            return Redacted {
                text: text.to_string(),
                edits: Vec::new(),
            };
        }
        let chars: Vec<char> = text.chars().collect();
        let mut spans = self.find(text, &chars);
        spans.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out = String::with_capacity(text.len());
        let mut edits = Vec::new();
        let mut at = 0;
        for (start, end, kind, to) in spans {
            if start < at {
                continue; // overlaps one already replaced
            }
            out.extend(&chars[at..start]);
            let from: String = chars[start..end].iter().collect();
            self.count(kind, &from, &to);
            out.push_str(&to);
            edits.push((start, end, to.chars().count()));
            at = end;
        }
        out.extend(&chars[at..]);
        Redacted { text: out, edits }
    }

    /// Every replacement made so far, by kind and text.
    pub fn replacements(&self) -> Vec<Replacement> {
        self.counts
            .borrow()
            .iter()
            .map(|((kind, from, to), count)| Replacement {
                kind: kind.as_str().to_string(),
                from: from.clone(),
                to: to.clone(),
                count: *count,
            })
            .collect()
    }

    fn count(&self, kind: Kind, from: &str, to: &str) {
        *self
            .counts
            .borrow_mut()
            .entry((kind, from.to_string(), to.to_string()))
            .or_default() += 1;
    }

    fn find(&self, text: &str, chars: &[char]) -> Vec<(usize, usize, Kind, String)> {
        let mut spans = Vec::new();
        // Character index of each byte offset the automata answer with.
        let starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        let at = |byte: usize| starts.partition_point(|b| *b < byte);
        let is_word = |i: usize| chars.get(i).is_some_and(|c| c.is_alphanumeric());
        let m = self
            .matchers
            .get_or_init(|| Matchers::new(&self.names, &self.words));
        for (ac, kind) in [(&m.names, Kind::Name), (&m.words, Kind::Word)] {
            let Some(ac) = ac else { continue };
            // Overlapping, so a name that fails at a word's edge does not hide a shorter one.
            for hit in ac.find_overlapping_iter(text) {
                let (s, e) = (at(hit.start()), at(hit.end()));
                if (s > 0 && is_word(s - 1)) || is_word(e) {
                    continue; // inside a longer word
                }
                let to = match kind {
                    Kind::Name => m.name_to[hit.pattern().as_usize()].clone(),
                    _ => "[redacted]".to_string(),
                };
                spans.push((s, e, kind, to));
            }
        }
        // Emails, links and phone numbers are found in whitespace-separated tokens, with
        // the punctuation around them (brackets, quotes, a full stop) left out.
        let mut i = 0;
        while i < chars.len() {
            if chars[i].is_whitespace() {
                i += 1;
                continue;
            }
            let mut end = i;
            while end < chars.len() && !chars[end].is_whitespace() {
                end += 1;
            }
            let (mut s, mut e) = (i, end);
            while s < e && "([{<\"'“‘«".contains(chars[s]) {
                s += 1;
            }
            while e > s && ".,;:!?)]}>\"'”’»".contains(chars[e - 1]) {
                e -= 1;
            }
            let token: String = chars[s..e].iter().collect();
            // A link inside Markdown (`[the call](https://…)`, `![](https://…)`) starts
            // after its brackets and ends before the closing one.
            let link = url_start(&chars[s..e]).map(|at| {
                let start = s + at;
                let mut end = e;
                while end > start && ")]>".contains(chars[end - 1]) {
                    end -= 1;
                }
                (start, end)
            });
            if let (true, Some((ls, le))) = (self.options.urls, link) {
                let url: String = chars[ls..le].iter().collect();
                let to = mask_url(&url);
                if to != url {
                    spans.push((ls, le, Kind::Url, to));
                }
            } else if self.options.emails && is_email(&token) {
                spans.push((s, e, Kind::Email, "[email]".to_string()));
            }
            i = end;
        }
        if self.options.phones {
            spans.extend(
                phones(chars)
                    .into_iter()
                    .map(|(s, e)| (s, e, Kind::Phone, "[phone]".to_string())),
            );
        }
        spans
    }
}

/// The names and words to find, each as one automaton (a pack names hundreds of people;
/// trying each at every character was quadratic).
struct Matchers {
    names: Option<AhoCorasick>,
    /// The pseudonym of each name pattern.
    name_to: Vec<String>,
    /// Regardless of case: ASCII by the automaton, other letters by trying the word lower-cased,
    /// capitalised and upper-cased.
    words: Option<AhoCorasick>,
}

impl Matchers {
    fn new(names: &[(String, String)], words: &[String]) -> Matchers {
        let build = |patterns: &[String], fold: bool| {
            (!patterns.is_empty())
                .then(|| {
                    AhoCorasick::builder()
                        .ascii_case_insensitive(fold)
                        .build(patterns)
                        .ok()
                })
                .flatten()
        };
        let name_patterns: Vec<String> = names.iter().map(|(n, _)| n.clone()).collect();
        let word_patterns: Vec<String> = words
            .iter()
            .flat_map(|w| {
                let mut c = w.chars();
                let capital: String = c
                    .next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default();
                [w.clone(), capital, w.to_uppercase()]
            })
            .collect();
        Matchers {
            names: build(&name_patterns, false),
            name_to: names.iter().map(|(_, to)| to.clone()).collect(),
            words: build(&word_patterns, true),
        }
    }
}

fn is_email(token: &str) -> bool {
    let Some((local, domain)) = token.split_once('@') else {
        return false;
    };
    let label =
        |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || "-_".contains(c));
    !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "._%+-'".contains(c))
        && domain.contains('.')
        && domain.split('.').all(label)
}

/// Where a link starts in a token: at its start, or after the brackets of Markdown link
/// syntax (`](`, `<`); `None` when the token holds none.
fn url_start(token: &[char]) -> Option<usize> {
    let lower: String = token.iter().collect::<String>().to_ascii_lowercase();
    let starts = |i: usize| {
        let rest = lower.get(i..).unwrap_or("");
        rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www.")
    };
    // Byte offsets of `lower` are char offsets only up to the first non-ASCII character:
    // walk characters instead.
    let mut byte = 0;
    for (i, c) in token.iter().enumerate() {
        if (i == 0 || matches!(token[i - 1], '(' | '<' | '[' | '!' | ']')) && starts(byte) {
            return Some(i);
        }
        byte += c.len_utf8();
    }
    None
}

/// A link down to its site: `https://zoom.us/j/123?pwd=…` → `https://zoom.us/…`.
fn mask_url(url: &str) -> String {
    let (scheme, rest) = match url.find("://") {
        Some(i) => (&url[..i + 3], &url[i + 3..]),
        None => ("", url),
    };
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..host_end];
    // Credentials before the host go too.
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let tail = &rest[host_end..];
    if tail.is_empty() || tail == "/" {
        format!("{scheme}{host}{tail}")
    } else {
        format!("{scheme}{host}/…")
    }
}

/// Runs that read as phone numbers: an optional `+`, then digits with spaces, dots, dashes
/// or brackets between them, seven digits or more, not a date (2024-05-01) and not glued to
/// letters or other digits.
fn phones(chars: &[char]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let starts = (c == '+' || c == '(' || c.is_ascii_digit())
            && (i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '+'));
        if !starts {
            i += 1;
            continue;
        }
        let mut end = i;
        let mut digits = 0;
        let mut last_digit = i;
        while end < chars.len() {
            let d = chars[end];
            if d.is_ascii_digit() {
                digits += 1;
                last_digit = end + 1;
            } else {
                let separator = " .-()/+".contains(d) && (d != '+' || end == i);
                // A space goes on only into more of the number.
                let next_is_number = chars
                    .get(end + 1)
                    .is_some_and(|n| n.is_ascii_digit() || *n == '(');
                if !separator || (d == ' ' && !next_is_number) {
                    break;
                }
            }
            end += 1;
        }
        let glued = last_digit < chars.len() && chars[last_digit].is_alphanumeric();
        let run: String = chars[i..last_digit].iter().collect();
        if (7..=15).contains(&digits) && !glued && !is_date(&run) {
            found.push((i, last_digit));
            i = last_digit;
        } else {
            i = last_digit.max(i + 1);
        }
    }
    found
}

fn is_date(run: &str) -> bool {
    let parts: Vec<&str> = run.split(['-', '.', '/']).collect();
    parts.len() == 3
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
        && (parts[0].len() == 4 || parts[2].len() == 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Redactor {
        let mut r = Redactor::new(RedactOptions {
            names: true,
            emails: true,
            phones: true,
            urls: true,
            words: vec!["Project Falcon".into()],
        });
        r.add_name("Ana Lima", "P01", true);
        r.add_name("Tom O'Neil", "P02", true);
        r.add_name("Demo: Dana, the founder", "Persona A", false);
        r
    }

    #[test]
    fn names_emails_phones_links_and_words_are_replaced() {
        let r = all();
        let out = r.text(
            "Ana Lima (ana.lima@acme.io, +44 20 7946 0958) said Ana will ask TOM about \
             project falcon: https://zoom.us/j/123?pwd=abc. Demo: Dana, the founder.",
        );
        assert_eq!(
            out,
            "P01 ([email], [phone]) said P01 will ask P02 about [redacted]: https://zoom.us/…. Persona A."
        );
        let kinds: Vec<_> = r.replacements().into_iter().map(|x| x.kind).collect();
        for k in ["name", "email", "phone", "url", "word"] {
            assert!(kinds.iter().any(|x| x == k), "{k} missing from {kinds:?}");
        }
    }

    #[test]
    fn links_inside_markdown_syntax_lose_their_path_too() {
        let r = all();
        assert_eq!(
            r.text("See ![](https://i.imgur.com/97AAhQa.png) and [the call](https://zoom.us/j/1?pwd=x)."),
            "See ![](https://i.imgur.com/…) and [the call](https://zoom.us/…)."
        );
    }

    #[test]
    fn dates_times_and_words_inside_words_are_left_alone() {
        let r = all();
        let text =
            "On 2024-05-01 at 10:30 Anarchy and Tomato cost 1,000,000; Analima. Demo, the founder.";
        assert_eq!(r.text(text), text);
    }

    #[test]
    fn offsets_are_carried_over_a_redacted_passage() {
        let r = all();
        let text = "I told Ana Lima: it breaks 😤 every day";
        let red = r.redact(text);
        assert_eq!(red.text, "I told P01: it breaks 😤 every day");
        let find = |s: &str, t: &str| t[..t.find(s).unwrap()].chars().count();
        let (s, e) = (find("it breaks", text), find(" every", text));
        let (s2, e2) = (red.map(s, false), red.map(e, true));
        let got: String = red.text.chars().skip(s2).take(e2 - s2).collect();
        assert_eq!(got, "it breaks 😤");
        // A highlight ending inside the name covers the whole pseudonym.
        let inside = find("Lima", text) + 2;
        assert_eq!(red.map(inside, true), find(":", &red.text));
    }

    #[test]
    fn nothing_asked_changes_nothing() {
        let r = Redactor::new(RedactOptions::default());
        let text = "Ana Lima, ana@acme.io, +44 20 7946 0958";
        assert_eq!(r.text(text), text);
        assert!(r.replacements().is_empty());
    }
}
