//! Speaker labels as files write them ("Dana Reyes | Acme", "MEL", "José (M)", "Ana [Nubank]",
//! "Speaker 2", "EF Zoom Bot"), reduced to the person they name: a key that ignores case,
//! accents and decorations, so one person is one participant whatever file they came from.

use std::sync::LazyLock;
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, RawTokenizer, TextAnalyzer};

/// What a label says about who is speaking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The person's name without decorations, capitalised as a name ("MEL" → "Mel").
    pub name: String,
    /// An organisation written with the name ("| Acme", "[Acme]", "(Acme)").
    pub org: Option<String>,
    /// The label says this is the person running the session ("Interviewer", "Host",
    /// "Dana (Moderator)").
    pub host: bool,
}

/// Parenthesised words that say what someone's role in the call is, not who they are.
const HOST_MARKS: &[&str] = &[
    "facilitator",
    "host",
    "interviewer",
    "moderator",
    "organiser",
    "organizer",
    "researcher",
];

/// Parenthesised words that decorate a name without naming an organisation: Teams' and
/// Zoom's markers, single letters ("(M)") and pronouns.
const NOT_ORGS: &[&str] = &[
    "co-host",
    "cohost",
    "external",
    "guest",
    "me",
    "unverified",
    "you",
];

const PRONOUNS: &[&str] = &[
    "he", "him", "his", "she", "her", "hers", "they", "them", "theirs", "ze", "zir", "xe", "xem",
    "any", "all",
];

/// Labels that stand for whoever asks the questions: the interviewer.
const HOST_LABELS: &[&str] = &[
    "facilitator",
    "host",
    "interviewer",
    "moderator",
    "q",
    "question",
    "researcher",
];

/// Labels that name no one in particular: a participant made from them would merge
/// different people of different files ("Speaker 1" of one call is not that of another).
const ANONYMOUS: &[&str] = &[
    "a",
    "answer",
    "audience",
    "audience member",
    "caller",
    "crosstalk",
    "guest",
    "inaudible",
    "interviewee",
    "multiple speakers",
    "narrator",
    "other",
    "participant",
    "person",
    "respondent",
    "someone",
    "speaker",
    "unidentified",
    "unknown",
    "unknown speaker",
    "user",
    "voice",
];

impl Label {
    pub fn parse(label: &str) -> Label {
        let mut rest = label.trim().trim_end_matches(':').trim();
        let mut org: Option<String> = None;
        let mut host = false;
        // "Name | Org": what follows the bar is where they work.
        if let Some((name, after)) = rest.split_once('|') {
            let after = after.trim();
            if !after.is_empty() {
                org = Some(after.to_string());
            }
            rest = name.trim();
        }
        // Trailing "[Org]" / "(Org)" groups, innermost last: "Ana (she/her) [Nubank]".
        while let Some(close) = rest.chars().last().filter(|c| *c == ']' || *c == ')') {
            let open = if close == ']' { '[' } else { '(' };
            let Some(start) = rest.rfind(open) else {
                break;
            };
            let inner = rest[start + 1..rest.len() - 1].trim();
            let head = rest[..start].trim();
            if head.is_empty() {
                break;
            }
            let lower = inner.to_lowercase();
            if HOST_MARKS.contains(&lower.as_str()) {
                host = true;
            } else if is_decoration(&lower) {
                // Not an organisation: dropped.
            } else if org.is_none() && !inner.is_empty() {
                org = Some(inner.to_string());
            }
            rest = head;
        }
        let key = person_key(rest);
        if HOST_LABELS.contains(&key.as_str()) {
            host = true;
        }
        Label {
            name: display_name(rest),
            org,
            host,
        }
    }
}

fn is_decoration(lower: &str) -> bool {
    let letters = lower.chars().filter(|c| c.is_alphabetic()).count();
    letters <= 1
        || NOT_ORGS.contains(&lower)
        || lower
            .split(['/', ',', ' '])
            .filter(|w| !w.is_empty())
            .all(|w| PRONOUNS.contains(&w))
}

/// "MEL" → "Mel", "MEL CHUA" → "Mel Chua"; anything not all capitals is kept as written.
fn display_name(name: &str) -> String {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    let shouting = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if !shouting {
        return name;
    }
    name.split(' ')
        .map(|w| {
            let mut out = String::with_capacity(w.len());
            let mut start = true;
            for c in w.chars() {
                if start {
                    out.extend(c.to_uppercase());
                } else {
                    out.extend(c.to_lowercase());
                }
                // "O'BRIEN" → "O'Brien", "JEAN-LUC" → "Jean-Luc".
                start = !c.is_alphanumeric();
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

static FOLD: LazyLock<std::sync::Mutex<TextAnalyzer>> = LazyLock::new(|| {
    std::sync::Mutex::new(
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
    )
});

/// Lower case without accents ("Wahrstätter" → "wahrstatter", "Łukasz" → "lukasz").
fn fold(s: &str) -> String {
    let mut analyzer = match FOLD.lock() {
        Ok(a) => a,
        Err(poisoned) => poisoned.into_inner(),
    };
    let mut stream = analyzer.token_stream(s);
    let mut out = String::with_capacity(s.len());
    while stream.advance() {
        out.push_str(&stream.token().text);
    }
    out
}

/// The key that identifies the person a label or participant name names: folded case and
/// accents, decorations dropped, punctuation as spaces ("Dana  Reyes | Acme:" → "dana reyes").
pub fn person_key(label: &str) -> String {
    let mut s = label.trim().trim_end_matches(':').trim();
    if let Some((name, _)) = s.split_once('|') {
        s = name.trim();
    }
    // Trailing bracketed decorations never belong to the name.
    while let Some(close) = s.chars().last().filter(|c| *c == ']' || *c == ')') {
        let open = if close == ']' { '[' } else { '(' };
        match s.rfind(open) {
            Some(start) if !s[..start].trim().is_empty() => s = s[..start].trim(),
            _ => break,
        }
    }
    let folded = fold(s);
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A label that names no one in particular ("Speaker 2", "SPEAKER_S3", "Unknown", "Guest 4")
/// or a machine ("EF Zoom Bot", "Otter.ai"): left as written rather than made a participant.
pub fn is_anonymous(label: &str) -> bool {
    let key = person_key(label);
    if key.is_empty() {
        return true;
    }
    let words: Vec<&str> = key.split(' ').collect();
    // "speaker 2", "speaker s3", "guest 4", "participant b": a generic word and a number or code.
    let generic_head = ANONYMOUS.contains(&words[0])
        && words[1..]
            .iter()
            .all(|w| w.len() <= 3 && (w.chars().any(|c| c.is_ascii_digit()) || w.len() == 1));
    generic_head
        || ANONYMOUS.contains(&key.as_str())
        || words
            .iter()
            .any(|w| matches!(*w, "bot" | "notetaker" | "otter" | "fireflies"))
        || key.contains("note taker")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_accents_and_decorations() {
        for (label, key) in [
            ("Dana Reyes", "dana reyes"),
            ("DANA  REYES:", "dana reyes"),
            ("Dana Reyes | Acme", "dana reyes"),
            ("Dana Reyes|Acme Corp", "dana reyes"),
            ("José Núñez (M)", "jose nunez"),
            ("Ana Souza [Nubank]", "ana souza"),
            ("Ana Souza (she/her) [Nubank]", "ana souza"),
            ("Toni Wahrstätter", "toni wahrstatter"),
            ("Łukasz Rozmej", "lukasz rozmej"),
            ("dionysuz.eth", "dionysuz eth"),
            ("O'Brien", "o brien"),
        ] {
            assert_eq!(person_key(label), key, "{label}");
        }
    }

    #[test]
    fn labels_give_name_org_and_role() {
        let l = Label::parse("Dana Reyes | Acme");
        assert_eq!(
            (l.name.as_str(), l.org.as_deref(), l.host),
            ("Dana Reyes", Some("Acme"), false)
        );
        let l = Label::parse("Justin Florentine (Besu)");
        assert_eq!(
            (l.name.as_str(), l.org.as_deref()),
            ("Justin Florentine", Some("Besu"))
        );
        let l = Label::parse("Ana Souza (she/her) [Nubank]");
        assert_eq!(
            (l.name.as_str(), l.org.as_deref()),
            ("Ana Souza", Some("Nubank"))
        );
        let l = Label::parse("José (M)");
        assert_eq!((l.name.as_str(), l.org), ("José", None));
        let l = Label::parse("Priya Nair (Guest)");
        assert_eq!((l.name.as_str(), l.org), ("Priya Nair", None));
        let l = Label::parse("Mel Chua (Moderator)");
        assert_eq!((l.name.as_str(), l.host), ("Mel Chua", true));
        assert!(Label::parse("INTERVIEWER").host);
        assert!(Label::parse("Q").host);
        assert!(!Label::parse("Quinn").host);
        assert_eq!(Label::parse("MEL CHUA").name, "Mel Chua");
        assert_eq!(Label::parse("JEAN-LUC O'BRIEN").name, "Jean-Luc O'Brien");
        assert_eq!(Label::parse("stokes").name, "stokes");
        assert_eq!(Label::parse("(Besu)").name, "(Besu)");
    }

    #[test]
    fn anonymous_labels() {
        for l in [
            "Speaker 1",
            "SPEAKER_S3",
            "Speaker B",
            "UNKNOWN",
            "Unknown Speaker",
            "Guest 4",
            "EF Zoom Bot",
            "Otter.ai",
            "Interviewee",
            "",
        ] {
            assert!(is_anonymous(l), "{l}");
        }
        for l in [
            "Dana",
            "P1",
            "Speakerman",
            "Guest Lecturer Ann",
            "Abbot Lee",
            "stokes",
        ] {
            assert!(!is_anonymous(l), "{l}");
        }
    }
}
