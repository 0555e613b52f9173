//! Personas written in Markdown (only when the user imports a file "as persona").
//!
//! Each persona is a heading. Under it, sub-headings or bold labels ("**Goals:**") name
//! sections whose bullets become statements: goals, pains, jobs, behaviours, quotes.
//! "Role:" lines give the role and the first paragraph the summary. Tables of
//! "label | value" rows (Markdown pipes or HTML `<tr><td>`) are read the same way, with
//! `<br />`-separated items. When a heading called "Personas" exists, the personas are the
//! headings directly under it; otherwise any heading with persona sections counts.
//! Sections that are none of these ("Characteristics", "Demographics") are kept, by their
//! label, as the persona's custom fields (`attributes`); see `Workspace::import_bytes`.

use super::text::{collapse_ws, decode_entities};
use super::{ParsedPersona, StatementKind};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Section {
    Statement(StatementKind),
    Summary,
    Role,
    /// A section we do not map (demographics, sources, tools…): its content is skipped.
    Other,
}

const LABELS: &[(&str, Section)] = &[
    ("pain points", Section::Statement(StatementKind::Pain)),
    ("pain point", Section::Statement(StatementKind::Pain)),
    ("pains", Section::Statement(StatementKind::Pain)),
    ("frustrations", Section::Statement(StatementKind::Pain)),
    ("challenges", Section::Statement(StatementKind::Pain)),
    ("problems", Section::Statement(StatementKind::Pain)),
    ("jobs to be done", Section::Statement(StatementKind::Job)),
    ("jtbd", Section::Statement(StatementKind::Job)),
    ("jobs", Section::Statement(StatementKind::Job)),
    ("tasks", Section::Statement(StatementKind::Job)),
    ("workflows", Section::Statement(StatementKind::Job)),
    ("responsibilities", Section::Statement(StatementKind::Job)),
    ("activities", Section::Statement(StatementKind::Job)),
    ("goals", Section::Statement(StatementKind::Goal)),
    ("goal", Section::Statement(StatementKind::Goal)),
    ("needs", Section::Statement(StatementKind::Goal)),
    ("what they need", Section::Statement(StatementKind::Goal)),
    ("motivations", Section::Statement(StatementKind::Goal)),
    ("objectives", Section::Statement(StatementKind::Goal)),
    ("behaviours", Section::Statement(StatementKind::Behaviour)),
    ("behaviors", Section::Statement(StatementKind::Behaviour)),
    ("behaviour", Section::Statement(StatementKind::Behaviour)),
    ("behavior", Section::Statement(StatementKind::Behaviour)),
    ("habits", Section::Statement(StatementKind::Behaviour)),
    ("quotes", Section::Statement(StatementKind::Quote)),
    ("quote", Section::Statement(StatementKind::Quote)),
    ("in their words", Section::Statement(StatementKind::Quote)),
    ("who they are", Section::Summary),
    ("about", Section::Summary),
    ("background", Section::Summary),
    ("bio", Section::Summary),
    ("overview", Section::Summary),
    ("profile", Section::Summary),
    ("description", Section::Summary),
    ("summary", Section::Summary),
    ("role", Section::Role),
    ("job title", Section::Role),
    ("occupation", Section::Role),
];

/// What a short label ("Key Workflows", "Pain Points:") introduces.
fn classify(label: &str) -> Section {
    let words = label_words(label);
    if words.is_empty() || words.split(' ').count() > 5 {
        return Section::Other;
    }
    let padded = format!(" {words} ");
    LABELS
        .iter()
        .find(|(k, _)| padded.contains(&format!(" {k} ")))
        .map(|(_, s)| *s)
        .unwrap_or(Section::Other)
}

fn label_words(s: &str) -> String {
    let s = strip_html(
        &s.replace("<br />", " ")
            .replace("<br/>", " ")
            .replace("<br>", " "),
    );
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

struct Heading {
    line: usize,
    level: usize,
    text: String,
}

fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = line.get(level..)?;
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some((level, rest.trim().trim_end_matches('#').trim()))
}

pub(crate) fn parse(name: &str, text: &str) -> Result<Vec<ParsedPersona>> {
    let lines = body_lines(text);
    let headings: Vec<Heading> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            heading(l).map(|(level, t)| Heading {
                line: i,
                level,
                text: t.to_string(),
            })
        })
        .collect();

    // The deepest "Personas" heading that has headings under it is the container.
    let container = headings
        .iter()
        .enumerate()
        .filter(|(_, h)| label_words(&h.text).contains("persona"))
        .filter(|(i, h)| headings.get(i + 1).is_some_and(|n| n.level > h.level))
        .max_by_key(|(_, h)| h.level)
        .map(|(i, _)| i);

    let candidates: Vec<usize> = match container {
        Some(c) => {
            let level = headings.get(c).map(|h| h.level).unwrap_or(1);
            let inside: Vec<usize> = (c + 1..headings.len())
                .take_while(|&i| headings.get(i).is_some_and(|h| h.level > level))
                .collect();
            let child = inside
                .iter()
                .filter_map(|&i| headings.get(i))
                .map(|h| h.level)
                .min()
                .unwrap_or(level + 1);
            inside
                .into_iter()
                .filter(|&i| headings.get(i).is_some_and(|h| h.level == child))
                .collect()
        }
        None => (0..headings.len()).collect(),
    };

    let mut personas = Vec::new();
    for i in candidates {
        let Some(h) = headings.get(i) else { continue };
        let end = headings
            .iter()
            .skip(i + 1)
            .find(|n| n.level <= h.level)
            .map(|n| n.line)
            .unwrap_or(lines.len());
        let content = lines.get(h.line + 1..end).unwrap_or_default();
        let p = read_persona(&h.text, h.level, content);
        // Without a container, only headings that actually describe someone count.
        let described = !p.statements.is_empty();
        if !p.name.is_empty() && (container.is_some() || described) {
            personas.push(p);
        }
    }
    if personas.is_empty() {
        return Err(Error::unsupported(format!(
            "{name}: contains no personas; expected a heading per persona with sections such as Goals or Pain points"
        )));
    }
    Ok(personas)
}

/// The lines of the document without YAML front matter; fenced code blocks are blanked
/// (a `# comment` in a shell example is not a heading, nor its `key: value` a role).
fn body_lines(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().collect();
    let start = super::markdown::front_matter_end(&lines);
    let mut fence: Option<&str> = None;
    lines
        .get(start..)
        .unwrap_or_default()
        .iter()
        .map(|l| {
            let t = l.trim_start();
            let marker = ["```", "~~~"].into_iter().find(|m| t.starts_with(m));
            match (fence, marker) {
                (None, Some(m)) => {
                    fence = Some(m);
                    ""
                }
                (Some(f), Some(m)) if f == m => {
                    fence = None;
                    ""
                }
                (Some(_), _) => "",
                (None, None) => l,
            }
        })
        .collect()
}

fn read_persona(heading_text: &str, level: usize, content: &[&str]) -> ParsedPersona {
    let title = clean_inline(heading_text);
    // "Grace — OFA Data Portal User": a name and a role.
    let (name, mut role) = [" — ", " – ", " - ", ": "]
        .iter()
        .find_map(|sep| title.split_once(sep))
        .map(|(n, r)| (n.trim().to_string(), r.trim().to_string()))
        .unwrap_or((title.clone(), String::new()));
    let mut summary = String::new();
    let mut about: Vec<String> = Vec::new();
    let mut statements: Vec<(StatementKind, String)> = Vec::new();
    let mut section: Option<Section> = None;
    let mut paragraph: Vec<String> = Vec::new();
    let mut html_row = String::new();
    // The label of the section being read when it is not one we map, and what it says.
    let mut other: Option<String> = None;
    let mut sections: Vec<(String, Vec<String>)> = Vec::new();
    let keep = |label: &Option<String>, text: &str, sections: &mut Vec<(String, Vec<String>)>| {
        let (Some(label), text) = (label, clean_inline(text)) else {
            return;
        };
        if text.is_empty() {
            return;
        }
        match sections.iter_mut().find(|(l, _)| l == label) {
            Some((_, items)) => items.push(text),
            None => sections.push((label.clone(), vec![text])),
        }
    };

    let add = |section: Option<Section>,
               text: String,
               role: &mut String,
               about: &mut Vec<String>,
               statements: &mut Vec<(StatementKind, String)>| {
        let text = clean_inline(&text);
        if text.is_empty() {
            return;
        }
        match section {
            Some(Section::Statement(kind)) => statements.push((kind, text)),
            Some(Section::Role) if role.is_empty() => *role = text,
            Some(Section::Summary) => about.push(text),
            _ => {}
        }
    };

    for raw in content.iter().chain(std::iter::once(&"")) {
        let line = raw.trim();
        let para_ends =
            line.is_empty() || heading(line).is_some() || is_item(line) || line.starts_with('|');
        if para_ends && !paragraph.is_empty() {
            let text = paragraph.join(" ");
            paragraph.clear();
            match section {
                None if summary.is_empty() => summary = clean_inline(&text),
                Some(Section::Statement(_)) | Some(Section::Summary) => {
                    add(section, text, &mut role, &mut about, &mut statements)
                }
                _ => keep(&other, &text, &mut sections),
            }
        }
        if line.is_empty() || line == "---" || line == "***" {
            continue;
        }
        if let Some((l, t)) = heading(line) {
            if l > level {
                section = Some(classify(t));
                other = (section == Some(Section::Other)).then(|| clean_inline(t));
            }
            continue;
        }
        // HTML table rows may span lines: collect from <tr> to </tr>.
        if line.contains("<tr") || !html_row.is_empty() {
            html_row.push_str(line);
            html_row.push(' ');
            if line.contains("</tr>") {
                let cells = html_cells(&html_row);
                html_row.clear();
                if let Some((label, items)) =
                    table_row(&cells, &mut role, &mut statements, &mut about)
                {
                    keep(&Some(label), &items, &mut sections);
                }
            }
            continue;
        }
        if line.starts_with('|') {
            let cells: Vec<String> = line
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect();
            if let Some((label, items)) = table_row(&cells, &mut role, &mut statements, &mut about)
            {
                keep(&Some(label), &items, &mut sections);
            }
            continue;
        }
        if let Some(q) = line.strip_prefix('>') {
            add(
                Some(Section::Statement(StatementKind::Quote)),
                q.trim().to_string(),
                &mut role,
                &mut about,
                &mut statements,
            );
            continue;
        }
        if let Some((label, rest)) = bold_or_plain_label(line) {
            let s = classify(label);
            if s == Section::Role {
                if !rest.is_empty() {
                    role = clean_inline(rest);
                }
                continue;
            }
            if s != Section::Other || rest.is_empty() {
                // "**Goals:**" opens a section; "**Goals:** save time" is also an item.
                section = Some(s);
                other = (s == Section::Other).then(|| clean_inline(label));
                if !rest.is_empty() {
                    add(
                        section,
                        rest.to_string(),
                        &mut role,
                        &mut about,
                        &mut statements,
                    );
                }
                continue;
            }
        }
        if let Some(item) = is_item(line).then(|| strip_marker(line)) {
            if section == Some(Section::Other) {
                keep(&other, item, &mut sections);
                continue;
            }
            add(
                section,
                item.to_string(),
                &mut role,
                &mut about,
                &mut statements,
            );
            continue;
        }
        // A long lead-in ending with ":" ("…derived from the following sources:")
        // introduces a list we do not map.
        if line.ends_with(':') && section.is_some() {
            section = Some(Section::Other);
            continue;
        }
        paragraph.push(line.to_string());
    }
    if summary.is_empty() {
        summary = about.join(" ");
    }
    ParsedPersona {
        name,
        role,
        summary,
        statements,
        sections: sections
            .into_iter()
            .map(|(label, items)| (label, items.join("; ")))
            .collect(),
    }
}

/// "**Goals:**", "**Goals**", "Goals:" (a short line), with any text after it.
fn bold_or_plain_label(line: &str) -> Option<(&str, &str)> {
    if let Some(inner) = line.strip_prefix("**") {
        let (label, rest) = inner.split_once("**")?;
        let label = label.trim().trim_end_matches(':');
        let rest = rest.trim().trim_start_matches(':').trim();
        return Some((label, rest));
    }
    let (label, rest) = line.split_once(':')?;
    (label.split_whitespace().count() <= 4 && !label.contains('[') && !is_item(line))
        .then(|| (label.trim(), rest.trim()))
}

/// Reads one "label | value" row; a row whose label maps to nothing ("Age", "Tools") is
/// answered as `(label, items joined by "; ")` for the persona's other sections.
fn table_row(
    cells: &[String],
    role: &mut String,
    statements: &mut Vec<(StatementKind, String)>,
    about: &mut Vec<String>,
) -> Option<(String, String)> {
    let (Some(key), Some(value)) = (cells.first(), cells.get(1)) else {
        return None;
    };
    // The separator row ("| :--- | :--- |").
    if key.chars().all(|c| matches!(c, '-' | ':' | ' ')) {
        return None;
    }
    match classify(key) {
        Section::Role if role.is_empty() => *role = clean_inline(value),
        Section::Statement(kind) => {
            for item in split_cell(value) {
                statements.push((kind, item));
            }
        }
        Section::Summary => about.push(clean_inline(value)),
        Section::Other => {
            let label = clean_inline(key);
            let items = split_cell(value).join("; ");
            return (!label.is_empty() && !items.is_empty()).then_some((label, items));
        }
        Section::Role => {}
    }
    None
}

/// Items in a table cell: separated by `<br />`, each maybe numbered "1." or bulleted.
fn split_cell(value: &str) -> Vec<String> {
    let v = value
        .replace("<br />", "\n")
        .replace("<br/>", "\n")
        .replace("<br>", "\n");
    v.lines()
        .map(|l| clean_inline(strip_marker(l.trim())))
        .filter(|l| !l.is_empty())
        .collect()
}

/// Where the next `<td` or `<th` starts.
fn cell_start(s: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = s[from..].find("<t").map(|i| from + i) {
        if s[i + 2..].starts_with(['d', 'h']) {
            return Some(i);
        }
        from = i + 2;
    }
    None
}

fn html_cells(row: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut rest = row;
    // One scan for the next `<td` or `<th` (two separate searches scanned the rest of the
    // row for `<th` again after every `<td`).
    while let Some(p) = cell_start(rest) {
        let after = &rest[p..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let body = &after[open_end + 1..];
        let close = body.find("</t").unwrap_or(body.len());
        let cell = body.get(..close).unwrap_or("");
        cells.push(
            cell.replace("<br />", "\n")
                .replace("<br/>", "\n")
                .replace("<br>", "\n"),
        );
        rest = body.get(close..).unwrap_or("");
        if rest.starts_with("</t") {
            rest = rest.get(3..).unwrap_or("");
        }
    }
    cells.into_iter().map(|c| strip_html(&c)).collect()
}

fn is_item(line: &str) -> bool {
    line.starts_with("- ")
        || line.starts_with("* ")
        || line.starts_with("+ ")
        || numbered(line).is_some()
}

fn numbered(line: &str) -> Option<&str> {
    let digits = line.bytes().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let rest = line.get(digits..)?;
    rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") "))
}

fn strip_marker(line: &str) -> &str {
    if let Some(r) = line
        .strip_prefix("- ")
        .or_else(|| line.strip_prefix("* "))
        .or_else(|| line.strip_prefix("+ "))
    {
        return r.trim();
    }
    numbered(line).map(str::trim).unwrap_or(line)
}

/// Remove tags but keep their text. A tag ends before the next `<`: looking for `>` over
/// the rest of the text for every `<` made a line of `<` quadratic.
fn strip_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('<') {
        out.push_str(&rest[..p]);
        let after = &rest[p + 1..];
        match after
            .find(['>', '<'])
            .filter(|&e| after[e..].starts_with('>'))
        {
            Some(e) if after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') => {
                rest = &after[e + 1..]
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Where the text of a link that opened just before `s` ends: the `]` of the first `](`
/// before any further `[`.
fn link_text_end(s: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = s[from..].find(['[', ']']).map(|i| from + i) {
        if s[i..].starts_with('[') {
            return None;
        }
        if s[i + 1..].starts_with('(') {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

/// Plain text from inline Markdown: links keep their text, emphasis and code markers go,
/// a leading emoji or symbol ("👩‍💻 Data Scientist") is dropped, escapes are undone.
fn clean_inline(s: &str) -> String {
    let s = strip_html(&decode_entities(s));
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    // [text](url) → text. The `](` is looked for only up to the next `[` (link text holds
    // none): looking over the rest of the text for every `[` made a line of `[` quadratic.
    while let Some(p) = rest.find('[') {
        out.push_str(&rest[..p]);
        let after = &rest[p + 1..];
        match link_text_end(after) {
            Some(close) => {
                let text = &after[..close];
                let url_part = &after[close + 2..];
                out.push_str(text);
                rest = match url_part.find(')') {
                    Some(e) => &url_part[e + 1..],
                    None => "",
                };
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    let out = out
        .replace("**", "")
        .replace('`', "")
        .replace("\\-", "-")
        .replace("\\", "");
    let out = out.trim_start_matches(|c: char| !c.is_alphanumeric() && !"\"'“‘(".contains(c));
    collapse_ws(out.trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(p: &ParsedPersona, kind: StatementKind) -> Vec<&str> {
        p.statements
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, s)| s.as_str())
            .collect()
    }

    #[test]
    fn headings_with_subsections() {
        let src = "---\n# Display h2 to h3 headings\ntoc: 2\n---\n\n# Personas\n\nIntro text.\n\n## 👩‍💻 Data Scientist (End User)\n\n### Who They Are\n\n- Researchers working with data.\n- Focused on analysis.\n\n### Key Workflows\n\n- Explore data using notebooks.\n\n### Pain Points\n\n- Struggle to set up \\- environments.\n\nAside from internal discussions, these pain points are derived from the following sources:\n\n- [Forum thread](https://example.org)\n\n### What They Need\n\n- Easy compute.\n\n---\n\n## 🛠️ DevOps / SysAdmin\n\n### Pain Points\n\n- Deployment is complex.\n";
        let ps = parse("p.md", src).unwrap();
        assert_eq!(ps.len(), 2);
        let p = &ps[0];
        assert_eq!(p.name, "Data Scientist (End User)");
        assert_eq!(
            p.summary,
            "Researchers working with data. Focused on analysis."
        );
        assert_eq!(of(p, StatementKind::Job), ["Explore data using notebooks."]);
        assert_eq!(
            of(p, StatementKind::Pain),
            ["Struggle to set up - environments."]
        );
        assert_eq!(of(p, StatementKind::Goal), ["Easy compute."]);
        assert_eq!(ps[1].name, "DevOps / SysAdmin");
    }

    #[test]
    fn bold_labels_role_lines_and_quotes() {
        let src = "## Priya, the Ops Lead\n\nRole: Operations lead at a logistics firm\n\nPriya runs a team of twelve.\nShe is busy.\n\n**Goals:**\n- Ship on time\n- Fewer escalations\n\n**Frustrations**\n* Manual reports\n\n**Quote:** \"I live in spreadsheets.\"\n\n> Nobody reads the dashboard.\n\n## Background\n\nJust notes.\n";
        let ps = parse("p.md", src).unwrap();
        assert_eq!(ps.len(), 1);
        let p = &ps[0];
        assert_eq!(p.name, "Priya, the Ops Lead");
        assert_eq!(p.role, "Operations lead at a logistics firm");
        assert_eq!(p.summary, "Priya runs a team of twelve. She is busy.");
        assert_eq!(
            of(p, StatementKind::Goal),
            ["Ship on time", "Fewer escalations"]
        );
        assert_eq!(of(p, StatementKind::Pain), ["Manual reports"]);
        assert_eq!(
            of(p, StatementKind::Quote),
            ["\"I live in spreadsheets.\"", "Nobody reads the dashboard."]
        );
    }

    #[test]
    fn markdown_and_html_tables() {
        let src = "## Personas\n\n### Grace — OFA Data Portal User\n\n| Grace | |\n| :--- | :--- |\n| Role | OFA Data Portal User |\n| Goals<br /><br /> | 1. I've identified all states<br />2. I can contact grantees |\n| Pain Points<br /> | 1. Reports are confusing<br /> |\n| Tools | excel |\n\n### Awinita\n\n<table><tr><td>Role</td><td>STT Data Analyst</td></tr>\n<tr><td>Pain Points</td>\n<td>1. Security worries<br />2. Errors are hard</td></tr></table>\n";
        let ps = parse("p.md", src).unwrap();
        assert_eq!(ps.len(), 2);
        assert_eq!(ps[0].name, "Grace");
        assert_eq!(ps[0].role, "OFA Data Portal User");
        assert_eq!(
            of(&ps[0], StatementKind::Goal),
            ["I've identified all states", "I can contact grantees"]
        );
        assert_eq!(of(&ps[0], StatementKind::Pain), ["Reports are confusing"]);
        // Rows that are not statements are kept as the persona's other sections.
        assert_eq!(ps[0].sections, [("Tools".to_string(), "excel".to_string())]);
        assert_eq!(ps[1].name, "Awinita");
        assert_eq!(ps[1].role, "STT Data Analyst");
        assert_eq!(
            of(&ps[1], StatementKind::Pain),
            ["Security worries", "Errors are hard"]
        );
    }

    #[test]
    fn code_blocks_are_not_personas() {
        let md = "Intro\n\n```sh\n# install: run this\n- not a goal\n```\n\n## Ops Olivia\n\n### Goals\n- Fewer tickets\n";
        let ps = parse("x.md", md).unwrap();
        assert_eq!(ps.len(), 1);
        assert_eq!(ps[0].name, "Ops Olivia");
        assert!(parse("README.md", "# App\n\n```\n# Role: admin\n```\n").is_err());
    }

    #[test]
    fn no_personas() {
        assert!(parse("p.md", "# Notes\n\nJust text.\n").is_err());
        assert!(parse("p.md", "").is_err());
    }
}
