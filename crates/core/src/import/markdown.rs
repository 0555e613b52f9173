//! Markdown and plain-text notes: the text is kept as it is; the title comes from the first
//! `# heading` (outside front matter and code blocks), else from the file name. Also renders
//! transcripts as Markdown when a caption file is imported as a note.

use super::text::title_from_name;
use super::timecode::format_clock;
use super::{ParsedNote, ParsedSegment};

pub(crate) fn note(name: &str, text: &str) -> ParsedNote {
    ParsedNote {
        title: title(name, text),
        body: text.trim().to_string(),
    }
}

/// The first level-1 heading (ATX `# Title` or setext `Title\n===`), or the file stem.
pub(crate) fn title(name: &str, text: &str) -> String {
    first_heading(text).unwrap_or_else(|| title_from_name(name))
}

fn first_heading(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    // YAML front matter: its "# comments" are not headings.
    let mut i = front_matter_end(&lines);
    let mut fence: Option<&str> = None;
    while let Some(line) = lines.get(i) {
        let t = line.trim_start();
        if let Some(open) = fence {
            if t.starts_with(open) {
                fence = None;
            }
        } else if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(if t.starts_with("```") { "```" } else { "~~~" });
        } else if let Some(h) = line
            .strip_prefix("# ")
            .or_else(|| (line.trim_end() == "#").then_some(""))
        {
            let h = clean_heading(h);
            if !h.is_empty() {
                return Some(h);
            }
        } else if !t.is_empty()
            && !t.starts_with('#')
            && lines.get(i + 1).is_some_and(|next| {
                let n = next.trim();
                n.len() >= 2 && n.bytes().all(|b| b == b'=')
            })
        {
            let h = clean_heading(t);
            if !h.is_empty() {
                return Some(h);
            }
        }
        i += 1;
    }
    None
}

/// The index of the first line after YAML front matter (`---` … `---`), or 0.
pub(crate) fn front_matter_end(lines: &[&str]) -> usize {
    if lines.first().is_none_or(|l| l.trim_end() != "---") {
        return 0;
    }
    lines
        .iter()
        .skip(1)
        .position(|l| matches!(l.trim_end(), "---" | "..."))
        .map_or(0, |end| end + 2)
}

/// Heading text without closing `#`s and emphasis markers.
fn clean_heading(h: &str) -> String {
    let h = h.trim().trim_end_matches('#').trim();
    let h: String = h.chars().filter(|c| !matches!(c, '*' | '`')).collect();
    let h = h.trim();
    // Keep titles reasonable; a whole paragraph as a heading is a formatting accident.
    if h.chars().count() > 200 {
        h.chars().take(200).collect()
    } else {
        h.to_string()
    }
}

/// A transcript as Markdown: one paragraph per segment, "**Speaker** (mm:ss): text".
pub(crate) fn transcript_markdown(segments: &[ParsedSegment]) -> String {
    let mut out = String::new();
    for s in segments {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        let time = s.start_ms.map(format_clock);
        match (&s.speaker, time) {
            (Some(who), Some(t)) => out.push_str(&format!("**{who}** ({t}): ")),
            (Some(who), None) => out.push_str(&format!("**{who}**: ")),
            (None, Some(t)) => out.push_str(&format!("({t}) ")),
            (None, None) => {}
        }
        out.push_str(&s.text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert_eq!(
            title(
                "a/notes.md",
                "Intro\n\n# Flat File Metadata Guide\n\n## Sub"
            ),
            "Flat File Metadata Guide"
        );
        assert_eq!(title("notes.md", "## Only a subheading\ntext"), "notes");
        assert_eq!(
            title(
                "notes.md",
                "---\n# Display h2 to h3 headings\ntoc: 2\n---\n\n# Personas\n"
            ),
            "Personas"
        );
        assert_eq!(
            title("n.md", "```\n# not a title\n```\n# **Real** title #\n"),
            "Real title"
        );
        assert_eq!(
            title("n.md", "Setext Title\n============\n\nbody"),
            "Setext Title"
        );
        assert_eq!(
            title("2022, Fall - X copy.md", "plain"),
            "2022, Fall - X copy"
        );
    }

    #[test]
    fn transcript_as_markdown() {
        let segs = vec![
            ParsedSegment {
                speaker: Some("Ann".into()),
                start_ms: Some(65_000),
                end_ms: None,
                text: "Hi".into(),
                ..Default::default()
            },
            ParsedSegment {
                speaker: None,
                start_ms: Some(3_725_000),
                end_ms: None,
                text: "Yo".into(),
                ..Default::default()
            },
            ParsedSegment {
                speaker: Some("Bo".into()),
                start_ms: None,
                end_ms: None,
                text: "Ok".into(),
                ..Default::default()
            },
        ];
        assert_eq!(
            transcript_markdown(&segs),
            "**Ann** (01:05): Hi\n\n(1:02:05) Yo\n\n**Bo**: Ok"
        );
    }
}
