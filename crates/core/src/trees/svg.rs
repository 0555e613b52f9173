//! A tree as a standalone SVG, drawn from the same layout as the canvas. Every piece of user
//! text is escaped and goes only into text nodes, so a hostile title stays inert text.

use super::NodeEvidence;
use super::layout::{BoxKind, LINE_HEIGHT, TreeLayout};
use crate::model::{NodeKind, NodeStatus, TreeNode};
use std::collections::HashMap;
use std::fmt::Write;

/// (fill, stroke) per kind: the same hues as the canvas.
fn colours(kind: BoxKind) -> (&'static str, &'static str) {
    match kind {
        BoxKind::Outcome => ("#ede9fe", "#7c3aed"),
        BoxKind::Opportunity => ("#dbeafe", "#2563eb"),
        BoxKind::Solution => ("#dcfce7", "#16a34a"),
        BoxKind::AssumptionTest => ("#fef3c7", "#d97706"),
    }
}

/// Text for XML: the five special characters escaped, characters XML cannot hold dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn status_label(s: NodeStatus) -> &'static str {
    match s {
        NodeStatus::Open => "",
        NodeStatus::Planned => "planned",
        NodeStatus::Running => "running",
        NodeStatus::Passed => "passed",
        NodeStatus::Failed => "failed",
        NodeStatus::Inconclusive => "inconclusive",
        NodeStatus::Done => "done",
        NodeStatus::Dropped => "dropped",
    }
}

pub fn render(layout: &TreeLayout, nodes: &[TreeNode], evidence: &[NodeEvidence]) -> String {
    let by_id: HashMap<&str, &TreeNode> = nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let ev: HashMap<&str, &NodeEvidence> =
        evidence.iter().map(|e| (e.node_id.as_str(), e)).collect();
    let (w, h) = (layout.width.ceil(), layout.height.ceil());
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif">"#
    );
    let title = layout
        .nodes
        .first()
        .map(|n| n.lines.join(" "))
        .unwrap_or_default();
    let _ = writeln!(s, "<title>{}</title>", escape(&title));
    let _ = writeln!(s, r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
    let _ = writeln!(
        s,
        r##"<g fill="none" stroke="#94a3b8" stroke-width="1.5">"##
    );
    for e in &layout.edges {
        let my = (e.y1 + e.y2) / 2.0;
        let _ = writeln!(
            s,
            r#"<path d="M{} {} C{} {} {} {} {} {}"/>"#,
            e.x1, e.y1, e.x1, my, e.x2, my, e.x2, e.y2
        );
    }
    s.push_str("</g>\n");
    for n in &layout.nodes {
        let (fill, stroke) = colours(n.kind);
        let node = by_id.get(n.id.as_str());
        let dropped = node.is_some_and(|t| t.input.status == NodeStatus::Dropped);
        let target = node.is_some_and(|t| t.input.details.target);
        let _ = writeln!(
            s,
            r#"<g class="node {}" data-id="{}"{}>"#,
            match n.kind {
                BoxKind::Outcome => "outcome",
                BoxKind::Opportunity => "opportunity",
                BoxKind::Solution => "solution",
                BoxKind::AssumptionTest => "assumption_test",
            },
            escape(&n.id),
            if dropped { r#" opacity="0.55""# } else { "" }
        );
        let _ = writeln!(
            s,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="8" fill="{fill}" stroke="{stroke}" stroke-width="{}"/>"#,
            n.x,
            n.y,
            n.width,
            n.height,
            if target { "3" } else { "1.5" }
        );
        let mut label = n.kind.label().to_string();
        if target {
            label.push_str(" · ★ target");
        }
        if let Some(t) = node {
            let st = status_label(t.input.status);
            if !st.is_empty() {
                label.push_str(&format!(" · {st}"));
            }
        }
        let left = n.x + 10.0;
        let _ = writeln!(
            s,
            r##"<text x="{left}" y="{}" font-size="11" font-weight="600" fill="{stroke}">{}</text>"##,
            n.y + 22.0,
            escape(&label)
        );
        let mut y = n.y + 26.0;
        for line in &n.lines {
            y += LINE_HEIGHT;
            let _ = writeln!(
                s,
                r##"<text x="{left}" y="{}" font-size="13" fill="#0f172a">{}</text>"##,
                y - 4.0,
                escape(line)
            );
        }
        for line in &n.detail_lines {
            y += LINE_HEIGHT;
            let _ = writeln!(
                s,
                r##"<text x="{left}" y="{}" font-size="12" fill="#475569">{}</text>"##,
                y - 4.0,
                escape(line)
            );
        }
        // The badge strip: evidence on the left, the score on the right.
        let badge_y = n.y + n.height - 12.0;
        if let Some(e) = ev.get(n.id.as_str())
            && e.total > 0
        {
            let text = if e.participants > 0 {
                format!(
                    "{} evidence · {} {}",
                    e.total,
                    e.participants,
                    if e.participants == 1 {
                        "person"
                    } else {
                        "people"
                    }
                )
            } else {
                format!("{} evidence", e.total)
            };
            let _ = writeln!(
                s,
                r##"<text class="badge" x="{left}" y="{badge_y}" font-size="11" fill="#334155">{}</text>"##,
                escape(&text)
            );
        }
        if let Some(t) = node
            && let Some(score) = t.score
        {
            let name = if t.input.kind == NodeKind::Solution {
                "ICE"
            } else {
                "Score"
            };
            let _ = writeln!(
                s,
                r##"<text x="{}" y="{badge_y}" font-size="11" text-anchor="end" fill="#334155">{name} {score}</text>"##,
                n.x + n.width - 10.0
            );
        }
        s.push_str("</g>\n");
    }
    s.push_str("</svg>\n");
    s
}
