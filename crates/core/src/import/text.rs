//! Small text helpers shared by the importers: HTML entities, whitespace, file names and
//! the "is this prefix a person's name?" heuristics used to find speakers.

/// The longest entity name looked for (`&#x1F600;` has 7 characters, `&hellip;` 6).
const MAX_ENTITY: usize = 10;

/// Decode the HTML entities that appear in caption files and survey exports
/// (`&amp;`, `&#39;`, `&nbsp;`, `&lrm;`, numeric ones…). Unknown entities are left as
/// they are, so text that merely contains `&` survives unchanged.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        // An entity name is short; a `;` far away belongs to ordinary text. Looking no
        // further than that keeps decoding linear (a text of nothing but `&` once made it
        // scan the rest of the text for every one).
        let near = after
            .as_bytes()
            .get(..=MAX_ENTITY)
            .unwrap_or(after.as_bytes());
        if let Some(end) = near.iter().position(|&b| b == b';').filter(|&e| e > 0)
            && let Some(replacement) = entity(&after[..end])
        {
            out.extend(replacement);
            rest = &after[end + 1..];
            continue;
        }
        out.push('&');
        rest = after;
    }
    out.push_str(rest);
    out
}

/// `Some(Some(c))`: the entity stands for `c`; `Some(None)`: it stands for nothing
/// (direction marks); `None`: not an entity we know.
fn entity(name: &str) -> Option<Option<char>> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        // NUL and other control characters have no business in imported text.
        return match char::from_u32(code) {
            Some(c) if c == '\n' || c == '\t' || !c.is_control() => Some(Some(c)),
            _ => Some(None),
        };
    }
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        // A non-breaking space is a space for search and display purposes.
        "nbsp" => ' ',
        "lrm" | "rlm" | "zwj" | "zwnj" => return Some(None),
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        _ => return None,
    };
    Some(Some(c))
}

/// Collapse runs of whitespace to one space and trim.
pub(crate) fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The last path component of `name` (paths may use `/` or `\`).
pub(crate) fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

/// The lower-cased extension of `name` without the dot, or "" when it has none.
pub(crate) fn extension(name: &str) -> String {
    let base = base_name(name);
    match base.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// A title from the file name: the base name without its extension, trimmed. Exports
/// often share a generic name ("transcript.vtt", "chat.txt") inside a folder named after
/// the meeting; then the folder's name comes first ("acdc_175 transcript").
pub(crate) fn title_from_name(name: &str) -> String {
    let base = base_name(name);
    let stem = match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => base,
    };
    let stem = stem.trim();
    if stem.is_empty() {
        return "Untitled".to_string();
    }
    let lower = stem.to_lowercase();
    let generic = lower.starts_with("transcript") || GENERIC_STEMS.contains(&lower.as_str());
    let parent = name
        .rsplit(['/', '\\'])
        .nth(1)
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != "." && *p != "..");
    match parent {
        Some(folder) if generic => format!("{folder} {stem}"),
        _ => stem.to_string(),
    }
}

const GENERIC_STEMS: &[&str] = &[
    "audio_transcript",
    "caption",
    "captions",
    "chat",
    "closed_caption",
    "meeting_saved_chat",
    "notes",
    "subtitle",
    "subtitles",
];

/// Shorten user text quoted in an error message so one bad line cannot flood it.
pub(crate) fn excerpt(s: &str) -> String {
    const MAX: usize = 60;
    let s = s.trim();
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(MAX).collect();
        t.push('…');
        t
    }
}

/// Labels that look like "Name:" but introduce fields of a document, not a person talking.
const NOT_SPEAKERS: &[&str] = &[
    "action items",
    "age",
    "agenda",
    "attendees",
    "attachments",
    "author",
    "background",
    "bcc",
    "cc",
    "context",
    "date",
    "duration",
    "email",
    "example",
    "from",
    "fw",
    "fwd",
    "goal",
    "goals",
    // Document titles ("Interview: warehouse app", "Meeting: weekly sync").
    "interview",
    "jump to",
    "key takeaways",
    "link",
    "links",
    "location",
    "meeting",
    "next steps",
    "note",
    "notes",
    "owner",
    "phone",
    "place",
    "project",
    "project impacts",
    "re",
    "related documentation",
    "role",
    "sent",
    "source",
    "sources",
    "status",
    "subject",
    "summary",
    "supporting documentation",
    "table of contents",
    "tags",
    "time",
    "title",
    "to",
    "tools",
    "topic",
    "transcript",
    "update",
    "url",
    "version",
    "warning",
];

/// First words of labels that number or classify parts of a document ("Step 1:",
/// "Option B:", "Finding 3:"), never people.
const NOT_SPEAKER_FIRST_WORDS: &[&str] = &[
    "assumption",
    "chapter",
    "day",
    "example",
    "figure",
    "finding",
    "goal",
    "hypothesis",
    "idea",
    "insight",
    "issue",
    "item",
    "level",
    "option",
    "part",
    "phase",
    "principle",
    "problem",
    "recommendation",
    "round",
    "rule",
    "section",
    "sprint",
    "stage",
    "step",
    "table",
    "task",
    "theme",
    "tip",
    "week",
];

/// Lower-case words that may appear inside a capitalised name ("Marius van der Wijden").
const NAME_PARTICLES: &[&str] = &[
    "al", "bin", "da", "das", "de", "del", "della", "den", "der", "di", "do", "dos", "du", "el",
    "ibn", "la", "le", "ter", "van", "von", "y", "zu",
];

/// Abbreviations that end with a dot but belong in a name ("Dr. Smith", "Jr.").
const NAME_ABBREVIATIONS: &[&str] = &["dr", "mr", "mrs", "ms", "jr", "sr", "st", "prof", "mx"];

/// A "Name:" prefix found at the start of a caption or line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SpeakerPrefix<'a> {
    pub name: String,
    pub rest: &'a str,
    /// Capitalised like a name ("Heather Meeker", "MEL") rather than merely short
    /// ("stokes", "dionysuz.eth").
    pub strong: bool,
}

/// Split "Name: text" when the part before the first `": "` could be a speaker's name:
/// at most `max_words` words, no sentence punctuation, not a URL or a time.
/// The caller decides whether a weak (uncapitalised) name is trusted.
pub(crate) fn speaker_prefix(text: &str, max_words: usize) -> Option<SpeakerPrefix<'_>> {
    let idx = text.find(':')?;
    let candidate = text[..idx].trim();
    let after = &text[idx + 1..];
    // "10:30" or "https://…" are not labels: a label's colon is followed by a space.
    if !after.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = after.trim_start();
    if rest.is_empty() || !is_name_like(candidate, max_words) {
        return None;
    }
    Some(SpeakerPrefix {
        name: candidate.to_string(),
        rest,
        strong: is_strong_name(candidate),
    })
}

/// Short, punctuation-free text that could be a person's or handle's name.
pub(crate) fn is_name_like(s: &str, max_words: usize) -> bool {
    let chars = s.chars().count();
    if chars == 0 || chars > 60 {
        return false;
    }
    if !s.chars().next().is_some_and(char::is_alphabetic) {
        return false;
    }
    if !s
        .chars()
        .all(|c| c.is_alphanumeric() || c == ' ' || ".-'’_()[]|&@#/".contains(c))
    {
        return false;
    }
    let lower = s.to_lowercase();
    if lower.contains("://") || lower.starts_with("www.") || lower.starts_with("http") {
        return false;
    }
    if NOT_SPEAKERS.contains(&lower.as_str()) {
        return false;
    }
    if lower
        .split_whitespace()
        .next()
        .is_some_and(|w| NOT_SPEAKER_FIRST_WORDS.contains(&w))
    {
        return false;
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > max_words {
        return false;
    }
    // A word ending in "." ends a sentence unless it is an initial ("T.") or a title.
    words.iter().all(|w| match w.strip_suffix('.') {
        Some(stem) => {
            let letters = stem.chars().filter(|c| c.is_alphabetic()).count();
            letters == 1 || NAME_ABBREVIATIONS.contains(&stem.to_lowercase().as_str())
        }
        None => true,
    })
}

/// Every word capitalised (or a name particle, a number, a parenthetical such as
/// "(Besu)" or a separator such as "|").
pub(crate) fn is_strong_name(s: &str) -> bool {
    let mut any_letter_word = false;
    for w in s.split_whitespace() {
        if w.starts_with(['(', '['])
            || w == "|"
            || w == "-"
            || w.chars().all(|c| c.is_ascii_digit())
        {
            continue;
        }
        if NAME_PARTICLES.contains(&w) {
            continue;
        }
        match w.chars().find(|c| c.is_alphabetic()) {
            Some(c) if c.is_uppercase() => any_letter_word = true,
            _ => return false,
        }
    }
    any_letter_word
}

/// True when every letter in `s` is upper case (and there are at least two letters):
/// transcripts write speaker labels like "MEL:" this way.
pub(crate) fn is_all_caps(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_are_decoded_and_unknown_ones_kept() {
        assert_eq!(decode_entities("Tom &amp; Jerry &lt;3"), "Tom & Jerry <3");
        assert_eq!(decode_entities("it&#39;s &quot;ok&quot;"), "it's \"ok\"");
        assert_eq!(decode_entities("a&nbsp;b&lrm;c&#x41;"), "a bcA");
        assert_eq!(decode_entities("AT&T & co; &bogus;"), "AT&T & co; &bogus;");
        assert_eq!(decode_entities("&#0;x&#99999999;"), "x");
        assert_eq!(decode_entities("&"), "&");
    }

    #[test]
    fn names_and_titles_from_paths() {
        assert_eq!(extension("interviews/x.VTT"), "vtt");
        assert_eq!(extension("README"), "");
        assert_eq!(extension(".hidden"), "");
        assert_eq!(title_from_name("a/b\\donald-1-full.md"), "donald-1-full");
        assert_eq!(title_from_name("notes"), "notes");
        assert_eq!(
            title_from_name("zoom/acdc_175/transcript.vtt"),
            "acdc_175 transcript"
        );
        assert_eq!(
            title_from_name("calls\\2024-03-01 ACME\\chat.txt"),
            "2024-03-01 ACME chat"
        );
        assert_eq!(title_from_name("transcript.vtt"), "transcript");
        assert_eq!(title_from_name("./captions.srt"), "captions");
        assert_eq!(title_from_name(".md"), ".md");
    }

    #[test]
    fn speaker_prefixes() {
        let p = speaker_prefix("Justin Florentine (Besu): You sound great.", 6).unwrap();
        assert_eq!(p.name, "Justin Florentine (Besu)");
        assert_eq!(p.rest, "You sound great.");
        assert!(p.strong);
        let p = speaker_prefix("dionysuz.eth: Hello", 6).unwrap();
        assert_eq!(p.name, "dionysuz.eth");
        assert!(!p.strong);
        assert!(speaker_prefix("T. Wambsgans: yes", 6).unwrap().strong);
        assert!(
            speaker_prefix("Marius van der Wijden: ok", 6)
                .unwrap()
                .strong
        );
        assert!(speaker_prefix("Łukasz Rozmej: ok", 6).unwrap().strong);
        assert!(
            speaker_prefix("Derek Chiang | ZeroDev: ok", 6)
                .unwrap()
                .strong
        );
        // Zoom writes the organisation in brackets too.
        let p = speaker_prefix("Ana Souza [Nubank]: We reconcile by hand.", 6).unwrap();
        assert_eq!(
            (p.name.as_str(), p.rest),
            ("Ana Souza [Nubank]", "We reconcile by hand.")
        );
        assert!(p.strong);
        // Not names: sentences, times, URLs, too many words, document labels.
        assert_eq!(speaker_prefix("Well, I think: yes", 6), None);
        assert_eq!(speaker_prefix("It ended. Then: more", 6), None);
        assert_eq!(speaker_prefix("at 10:30 we met", 6), None);
        assert_eq!(speaker_prefix("see https://x.org: ok", 6), None);
        assert_eq!(
            speaker_prefix("If somebody comes along and says: hi", 4),
            None
        );
        assert_eq!(speaker_prefix("Note: remember this", 6), None);
        assert_eq!(speaker_prefix("Step 2: open the file", 6), None);
        assert_eq!(speaker_prefix("From: Bob <bob@example.org>", 6), None);
        assert!(speaker_prefix("Speaker 2: yes", 6).unwrap().strong);
        assert_eq!(speaker_prefix("Name:", 6), None);
        assert!(!speaker_prefix("Hide these tags: {x}", 6).unwrap().strong);
    }
}
