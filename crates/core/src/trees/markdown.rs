//! Trees as Markdown outlines, the way Miro, Notion or a plain text outline gives them:
//!
//! ```text
//! # More trials send a first invoice        ← the outcome (or a single "- Outcome: …" item;
//!                                              with both, the heading titles the tree and
//!                                              the outcome item goes into its description)
//! Metric: first invoice within 14 days      ← optional outcome fields
//! Baseline: 41%
//!
//! - Opportunity: Setup is long              ← `-`, `*`, `+`, `•`, `1.` or `1)` bullets;
//!   - Solution: Payment link first             2 or 4 spaces or tabs to nest
//!     - Test: A/B test the order
//! ```
//!
//! An item without a kind prefix takes the next kind down from its parent (outcome →
//! opportunity → solution → assumption test); nested opportunities need their prefix.
//! Export always writes prefixes, so reading an export back gives the same tree.

use crate::error::{Error, Result};
use crate::model::NodeKind;
use crate::store::trees::allowed_under;
use serde::Serialize;

/// A Markdown file bigger than this is not an outline.
pub const MAX_BYTES: usize = 4 * 1024 * 1024;
pub const MAX_NODES: usize = 10_000;

/// A parsed outline, before anything is stored: what the import preview shows.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TreeOutline {
    pub title: String,
    pub metric: String,
    pub baseline: String,
    pub target: String,
    pub target_date: Option<String>,
    pub description: String,
    /// Parents before children, in outline order.
    pub nodes: Vec<OutlineNode>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OutlineNode {
    /// 1-based line in the file (0 for outlines not read from a file).
    pub line: usize,
    /// 1 = directly under the outcome.
    pub depth: usize,
    pub kind: NodeKind,
    pub title: String,
    /// Index in `nodes` of the parent; None = under the outcome.
    pub parent: Option<usize>,
}

fn err(line: usize, message: impl std::fmt::Display) -> Error {
    Error::invalid("markdown", format!("line {line}: {message}"))
}

/// `Opportunity: x` → (Some(opportunity), "x"); `Outcome: x` → (None, "x") flagged as outcome.
enum Prefix {
    Outcome,
    Kind(NodeKind),
}

fn split_prefix(text: &str) -> (Option<Prefix>, &str) {
    let Some((head, rest)) = text.split_once(':') else {
        return (None, text);
    };
    let p = match head.trim().to_lowercase().as_str() {
        "outcome" | "goal" | "desired outcome" => Prefix::Outcome,
        "opportunity" | "opp" | "problem" | "need" | "pain point" => {
            Prefix::Kind(NodeKind::Opportunity)
        }
        "solution" | "idea" => Prefix::Kind(NodeKind::Solution),
        "test" | "assumption" | "assumption test" | "experiment" => {
            Prefix::Kind(NodeKind::AssumptionTest)
        }
        _ => return (None, text),
    };
    (Some(p), rest.trim())
}

fn kind_label(k: NodeKind) -> &'static str {
    match k {
        NodeKind::Opportunity => "Opportunity",
        NodeKind::Solution => "Solution",
        NodeKind::AssumptionTest => "Test",
    }
}

fn next_kind(parent: Option<NodeKind>) -> Option<NodeKind> {
    match parent {
        None => Some(NodeKind::Opportunity),
        Some(NodeKind::Opportunity) => Some(NodeKind::Solution),
        Some(NodeKind::Solution) => Some(NodeKind::AssumptionTest),
        Some(NodeKind::AssumptionTest) => None,
    }
}

/// A list item: (indent in columns, text after the bullet), or None for other lines.
fn list_item(line: &str) -> Option<(usize, &str)> {
    let mut indent = 0;
    let mut rest = line;
    for (i, c) in line.char_indices() {
        match c {
            ' ' => indent += 1,
            '\t' => indent += 4 - indent % 4,
            _ => {
                rest = &line[i..];
                break;
            }
        }
    }
    // Rich-text copies (Miro, Google Docs) paste bullets as characters.
    let after = if let Some(r) = rest.strip_prefix(['-', '*', '+', '•', '◦', '▪', '‣']) {
        r
    } else {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 || digits > 9 {
            return None;
        }
        rest[digits..].strip_prefix(['.', ')'])?
    };
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let mut text = after.trim();
    // Task-list checkboxes (Notion, GitHub) carry no meaning here.
    for box_ in ["[ ] ", "[x] ", "[X] "] {
        if let Some(t) = text.strip_prefix(box_) {
            text = t.trim_start();
            break;
        }
    }
    Some((indent, text))
}

fn header_field(text: &str) -> Option<(&'static str, &str)> {
    let (k, v) = text.split_once(':')?;
    let key = match k.trim().to_lowercase().as_str() {
        "metric" => "metric",
        "baseline" => "baseline",
        "target" => "target",
        "target date" | "date" | "by" => "target_date",
        "outcome" | "goal" | "desired outcome" => "title",
        _ => return None,
    };
    Some((key, v.trim()))
}

/// Read an outline. `fallback_title` names the tree when the file does not (e.g. its file name).
pub fn parse(text: &str, fallback_title: &str) -> Result<TreeOutline> {
    if text.len() > MAX_BYTES {
        return Err(Error::new(
            crate::error::ErrorCode::TooLarge,
            format!("the outline is larger than {} MiB", MAX_BYTES / 1024 / 1024),
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = TreeOutline::default();
    let mut description: Vec<&str> = Vec::new();
    // Items as (line, indent, text).
    let mut items: Vec<(usize, usize, &str)> = Vec::new();
    let mut in_code = false;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim_end();
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code || line.trim().is_empty() {
            continue;
        }
        if let Some(item) = list_item(line) {
            items.push((n, item.0, item.1));
            continue;
        }
        if !items.is_empty() {
            return Err(err(
                n,
                format!(
                    "“{}” is not a list item; each node is one line starting with -, * or 1.",
                    cut(line.trim())
                ),
            ));
        }
        let t = line.trim();
        if let Some(h) = t.strip_prefix('#') {
            let h = h.trim_start_matches('#');
            if (h.is_empty() || h.starts_with(' ')) && out.title.is_empty() {
                let (_, title) = split_prefix(h.trim());
                out.title = title.to_string();
                continue;
            }
        }
        match header_field(t) {
            Some(("title", v)) if out.title.is_empty() => out.title = v.to_string(),
            Some(("metric", v)) => out.metric = v.to_string(),
            Some(("baseline", v)) => out.baseline = v.to_string(),
            Some(("target", v)) => out.target = v.to_string(),
            Some(("target_date", v)) => {
                if !v.is_empty() {
                    crate::model::validate::date("target_date", &Some(v.to_string())).map_err(
                        |_| {
                            err(
                                n,
                                format!("the target date “{v}” is not a date like 2027-03-31"),
                            )
                        },
                    )?;
                    out.target_date = Some(v.to_string());
                }
            }
            _ => description.push(t),
        }
    }
    if in_code {
        return Err(err(
            text.lines().count(),
            "a ``` code block is never closed",
        ));
    }
    out.description = description.join("\n");
    if items.is_empty() {
        if out.title.trim().is_empty() {
            return Err(Error::invalid(
                "markdown",
                "no list items found: write the tree as a nested list (- Opportunity: …)",
            ));
        }
        // An outcome with nothing under it yet.
        return Ok(out);
    }

    // A single top-level "Outcome:" item (or, without a heading, a single unprefixed root
    // with children) is the outcome; its children are the top of the tree.
    let top_indent = items[0].1;
    let tops = items.iter().filter(|i| i.1 <= top_indent).count();
    let (first_prefix, first_title) = split_prefix(items[0].2);
    let root_is_outcome = tops == 1
        && (matches!(first_prefix, Some(Prefix::Outcome))
            || (first_prefix.is_none() && out.title.is_empty() && items.len() > 1));
    if matches!(first_prefix, Some(Prefix::Outcome))
        && let Some(second) = items[1..].iter().find(|i| i.1 <= top_indent)
    {
        return Err(err(
            second.0,
            "only one item can be the outcome; indent this under it",
        ));
    }
    let mut start = 0;
    if root_is_outcome {
        if out.title.is_empty() {
            out.title = first_title.to_string();
        } else if first_title != out.title {
            // A "# Title" heading and an "- Outcome: …" item: the heading names the tree (it
            // is what the author titled it), and the outcome's words stay in its
            // description rather than silently replacing the title.
            let line = format!("Outcome: {first_title}");
            out.description = if out.description.is_empty() {
                line
            } else {
                format!("{line}\n{}", out.description)
            };
        }
        start = 1;
    }
    if out.title.trim().is_empty() {
        out.title = fallback_title.trim().to_string();
    }

    // (indent, index in out.nodes) of the open items, outermost first.
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let base = if root_is_outcome {
        items.get(1).map(|i| i.1).unwrap_or(0)
    } else {
        top_indent
    };
    for &(n, indent, text) in &items[start..] {
        if root_is_outcome && indent <= top_indent {
            return Err(err(
                n,
                "only one item can be the outcome; indent this under it",
            ));
        }
        if indent < base {
            return Err(err(
                n,
                "this item is indented less than the first item of the list",
            ));
        }
        let mut popped_deeper = false;
        while stack.last().is_some_and(|&(i, _)| i > indent) {
            stack.pop();
            popped_deeper = true;
        }
        let misaligned = || err(n, "the indentation does not line up with any item above");
        let parent = match stack.last() {
            Some(&(i, _)) if i == indent => {
                stack.pop();
                stack.last().map(|&(_, p)| p)
            }
            Some(_) if popped_deeper => return Err(misaligned()),
            Some(&(_, p)) => Some(p),
            None if indent == base => None,
            None => return Err(misaligned()),
        };
        let parent_kind = parent.map(|p| out.nodes[p].kind);
        let (prefix, title) = split_prefix(text);
        let kind = match prefix {
            Some(Prefix::Kind(k)) => k,
            Some(Prefix::Outcome) => {
                return Err(err(n, "only the first item can be the outcome"));
            }
            None => next_kind(parent_kind)
                .ok_or_else(|| err(n, "nothing goes under an assumption test"))?,
        };
        if !allowed_under(parent_kind, kind) {
            let under = match parent_kind {
                None => "the outcome".to_string(),
                Some(k) => format!("a {}", kind_label(k).to_lowercase()),
            };
            return Err(err(
                n,
                format!(
                    "a {} cannot go under {under} (opportunities go under the outcome or opportunities, solutions under opportunities, tests under solutions)",
                    kind_label(kind).to_lowercase()
                ),
            ));
        }
        if title.is_empty() {
            return Err(err(n, "the item has no text"));
        }
        if title.chars().count() > 500 {
            return Err(err(n, "the item is longer than 500 characters"));
        }
        if out.nodes.len() >= MAX_NODES {
            return Err(err(n, format!("a tree holds at most {MAX_NODES} nodes")));
        }
        let depth = parent.map(|p| out.nodes[p].depth + 1).unwrap_or(1);
        if depth > super::MAX_DEPTH {
            return Err(err(
                n,
                format!(
                    "the outline is more than {} levels deep; a tree holds at most {} levels under the outcome",
                    super::MAX_DEPTH,
                    super::MAX_DEPTH
                ),
            ));
        }
        out.nodes.push(OutlineNode {
            line: n,
            depth,
            kind,
            title: title.to_string(),
            parent,
        });
        stack.push((indent, out.nodes.len() - 1));
    }
    if out.title.trim().is_empty() {
        return Err(Error::invalid(
            "markdown",
            "the outline names no outcome: start it with “# Outcome title” or “- Outcome: …”",
        ));
    }
    Ok(out)
}

fn cut(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(39).collect::<String>())
    } else {
        s.to_string()
    }
}

/// Write an outline; `parse` reads it back to the same outline.
pub fn render(o: &TreeOutline) -> String {
    // A title that itself starts like "Goal: …" keeps it behind an explicit prefix.
    let title = o.title.trim();
    let mut s = match split_prefix(title) {
        (Some(_), _) => format!("# Outcome: {title}\n"),
        (None, _) => format!("# {title}\n"),
    };
    let fields = [
        ("Metric", o.metric.as_str()),
        ("Baseline", o.baseline.as_str()),
        ("Target", o.target.as_str()),
        ("Target date", o.target_date.as_deref().unwrap_or("")),
    ];
    if fields.iter().any(|(_, v)| !v.trim().is_empty()) {
        s.push('\n');
    }
    for (k, v) in fields {
        if !v.trim().is_empty() {
            s.push_str(&format!("{k}: {}\n", v.trim()));
        }
    }
    s.push('\n');
    for n in &o.nodes {
        s.push_str(&"  ".repeat(n.depth.saturating_sub(1)));
        s.push_str(&format!("- {}: {}\n", kind_label(n.kind), n.title.trim()));
    }
    s
}
