//! The tidy layout of a tree (Reingold–Tilford style): parents centred over their children,
//! each subtree pushed right just far enough that its contour clears its left siblings' at
//! every depth, rows top-aligned. Computed here so the canvas, the SVG export and the CLI
//! draw the same picture; deterministic for a given tree and set of folded nodes.

use crate::model::{NodeKind, Tree, TreeNode};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

pub const NODE_WIDTH: f64 = 240.0;
const PAD: f64 = 10.0;
/// The kind label above the title.
const LABEL_HEIGHT: f64 = 16.0;
pub const LINE_HEIGHT: f64 = 18.0;
/// The strip at the bottom for evidence and score badges.
const BADGE_HEIGHT: f64 = 20.0;
/// Title characters per line: what fits 240 px at 13 px sans-serif.
pub const CHARS_PER_LINE: usize = 30;
const MAX_LINES: usize = 4;
const SIBLING_GAP: f64 = 24.0;
const LEVEL_GAP: f64 = 56.0;
const MARGIN: f64 = 24.0;

/// What a box on the canvas is: the tree's outcome or one of its nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum BoxKind {
    Outcome,
    Opportunity,
    Solution,
    AssumptionTest,
}

impl From<NodeKind> for BoxKind {
    fn from(k: NodeKind) -> Self {
        match k {
            NodeKind::Opportunity => BoxKind::Opportunity,
            NodeKind::Solution => BoxKind::Solution,
            NodeKind::AssumptionTest => BoxKind::AssumptionTest,
        }
    }
}

impl BoxKind {
    pub fn label(self) -> &'static str {
        match self {
            BoxKind::Outcome => "Outcome",
            BoxKind::Opportunity => "Opportunity",
            BoxKind::Solution => "Solution",
            BoxKind::AssumptionTest => "Assumption test",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LayoutNode {
    /// The node's id; the outcome's box has the tree's id.
    pub id: String,
    pub kind: BoxKind,
    /// None for the outcome; the tree's id for nodes directly under it.
    pub parent_id: Option<String>,
    pub depth: u32,
    /// Top-left corner and size, in canvas pixels.
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// The title, wrapped as drawn (at most four lines, the last cut with "…").
    pub lines: Vec<String>,
    /// The outcome's metric, baseline, target and date, wrapped; empty for nodes.
    pub detail_lines: Vec<String>,
    /// Children it has (shown or not).
    pub children: u32,
    /// Folded: its children are not shown.
    pub collapsed: bool,
    /// How many nodes below it are hidden by folding it.
    pub hidden: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LayoutEdge {
    pub from: String,
    pub to: String,
    /// From the bottom centre of the parent to the top centre of the child.
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TreeLayout {
    pub tree_id: String,
    /// Visible boxes, parents before children, siblings in order.
    pub nodes: Vec<LayoutNode>,
    pub edges: Vec<LayoutEdge>,
    pub width: f64,
    pub height: f64,
}

/// Word-wrap `text` to `width` characters a line, at most `max` lines; a word longer than a
/// line is broken, and text that does not fit ends the last line with "…".
pub fn wrap(text: &str, width: usize, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut len = 0;
    let mut cut = false;
    'words: for word in text.split_whitespace() {
        let mut chars: Vec<char> = word.chars().collect();
        loop {
            let room = if len == 0 {
                width
            } else {
                width.saturating_sub(len + 1)
            };
            if chars.len() <= room {
                if len > 0 {
                    line.push(' ');
                    len += 1;
                }
                line.extend(chars.iter());
                len += chars.len();
                break;
            }
            if len > 0 && (chars.len() <= width || room == 0) {
                // Start the word on the next line.
            } else {
                let head: String = chars.drain(..room).collect();
                if len > 0 {
                    line.push(' ');
                }
                line.push_str(&head);
            }
            lines.push(std::mem::take(&mut line));
            len = 0;
            if lines.len() == max {
                cut = true;
                break 'words;
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if cut && let Some(last) = lines.last_mut() {
        let mut t: Vec<char> = last.chars().collect();
        t.truncate(width - 1);
        while t.last() == Some(&' ') {
            t.pop();
        }
        *last = t.into_iter().collect::<String>() + "…";
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

struct Item {
    id: String,
    kind: BoxKind,
    parent: Option<usize>,
    depth: u32,
    lines: Vec<String>,
    detail_lines: Vec<String>,
    children: Vec<usize>,
    collapsed: bool,
}

impl Item {
    fn height(&self) -> f64 {
        PAD * 2.0
            + LABEL_HEIGHT
            + LINE_HEIGHT * (self.lines.len() + self.detail_lines.len()) as f64
            + BADGE_HEIGHT
    }
}

/// The outcome's measurable part as one line of text.
pub fn outcome_detail(tree: &Tree) -> String {
    let i = &tree.input;
    let mut s = i.metric.trim().to_string();
    if !i.baseline.trim().is_empty() || !i.target.trim().is_empty() {
        if !s.is_empty() {
            s.push_str(": ");
        }
        s.push_str(&format!("{} → {}", i.baseline.trim(), i.target.trim()));
    }
    if let Some(d) = &i.target_date {
        s.push_str(&format!(" by {d}"));
    }
    s.trim().to_string()
}

pub fn layout(tree: &Tree, nodes: &[TreeNode], collapsed: &[String]) -> TreeLayout {
    let folded: HashSet<&str> = collapsed.iter().map(String::as_str).collect();
    let detail = outcome_detail(tree);
    let mut items = vec![Item {
        id: tree.id.clone(),
        kind: BoxKind::Outcome,
        parent: None,
        depth: 0,
        lines: wrap(&tree.input.title, CHARS_PER_LINE, MAX_LINES),
        detail_lines: if detail.is_empty() {
            vec![]
        } else {
            wrap(&detail, CHARS_PER_LINE, 2)
        },
        children: vec![],
        collapsed: folded.contains(tree.id.as_str()),
    }];
    let mut index: HashMap<&str, usize> = HashMap::new();
    // `nodes` lists parents before children and siblings in order.
    for n in nodes {
        let parent = match &n.input.parent_id {
            None => 0,
            Some(p) => match index.get(p.as_str()) {
                Some(&i) => i,
                None => continue,
            },
        };
        let i = items.len();
        items.push(Item {
            id: n.id.clone(),
            kind: n.input.kind.into(),
            parent: Some(parent),
            depth: items[parent].depth + 1,
            lines: wrap(&n.input.title, CHARS_PER_LINE, MAX_LINES),
            detail_lines: vec![],
            children: vec![],
            collapsed: folded.contains(n.id.as_str()),
        });
        items[parent].children.push(i);
        index.insert(&n.id, i);
    }

    let mut visible = vec![false; items.len()];
    let mut hidden = vec![0u32; items.len()];
    mark_visible(&items, 0, true, &mut visible);
    for i in (1..items.len()).rev() {
        let p = items[i].parent.unwrap_or(0);
        if !visible[i] {
            // Counted at the nearest visible ancestor.
            hidden[p] += 1 + hidden[i];
            hidden[i] = 0;
        }
    }

    let mut rel = vec![0.0; items.len()];
    tidy(&items, &mut rel);

    let max_depth = (0..items.len())
        .filter(|&i| visible[i])
        .map(|i| items[i].depth as usize)
        .max()
        .unwrap_or(0);
    let mut row_height = vec![0.0f64; max_depth + 1];
    for (i, it) in items.iter().enumerate().filter(|(i, _)| visible[*i]) {
        let _ = i;
        row_height[it.depth as usize] = row_height[it.depth as usize].max(it.height());
    }
    let mut row_y = vec![MARGIN; max_depth + 1];
    for d in 1..=max_depth {
        row_y[d] = row_y[d - 1] + row_height[d - 1] + LEVEL_GAP;
    }

    // Centres, from the root down (parents come before children in `items`).
    let mut centre = vec![0.0; items.len()];
    for i in 1..items.len() {
        if visible[i] {
            centre[i] = centre[items[i].parent.unwrap_or(0)] + rel[i];
        }
    }
    let min_left = (0..items.len())
        .filter(|&i| visible[i])
        .map(|i| centre[i] - NODE_WIDTH / 2.0)
        .fold(f64::INFINITY, f64::min);
    let shift = MARGIN - min_left;

    let mut out_nodes = Vec::new();
    let mut edges = Vec::new();
    let (mut width, mut height) = (0.0f64, 0.0f64);
    for (i, it) in items.iter().enumerate() {
        if !visible[i] {
            continue;
        }
        let x = centre[i] + shift - NODE_WIDTH / 2.0;
        let y = row_y[it.depth as usize];
        let h = it.height();
        width = width.max(x + NODE_WIDTH + MARGIN);
        height = height.max(y + h + MARGIN);
        if let Some(p) = it.parent {
            let px = centre[p] + shift;
            let py = row_y[items[p].depth as usize] + items[p].height();
            edges.push(LayoutEdge {
                from: items[p].id.clone(),
                to: it.id.clone(),
                x1: px,
                y1: py,
                x2: x + NODE_WIDTH / 2.0,
                y2: y,
            });
        }
        out_nodes.push(LayoutNode {
            id: it.id.clone(),
            kind: it.kind,
            parent_id: it.parent.map(|p| items[p].id.clone()),
            depth: it.depth,
            x,
            y,
            width: NODE_WIDTH,
            height: h,
            lines: it.lines.clone(),
            detail_lines: it.detail_lines.clone(),
            children: it.children.len() as u32,
            collapsed: it.collapsed && !it.children.is_empty(),
            hidden: hidden[i],
        });
    }
    TreeLayout {
        tree_id: tree.id.clone(),
        nodes: out_nodes,
        edges,
        width,
        height,
    }
}

fn mark_visible(items: &[Item], i: usize, shown: bool, visible: &mut [bool]) {
    // Iterative: trees may be deep.
    let mut stack = vec![(i, shown)];
    while let Some((i, shown)) = stack.pop() {
        visible[i] = shown;
        let open = shown && !items[i].collapsed;
        for &c in &items[i].children {
            stack.push((c, open));
        }
    }
}

/// Lay out the visible tree: fills `rel` (each child's centre relative to its parent's).
/// Children come after their parent in `items`, so going backwards every subtree is laid
/// out before its parent: no recursion, however deep the tree (recursing once per level
/// overflowed the stack on deep outlines).
fn tidy(items: &[Item], rel: &mut [f64]) {
    let mut contours: Vec<Vec<(f64, f64)>> = vec![Vec::new(); items.len()];
    for i in (0..items.len()).rev() {
        contours[i] = subtree(items, i, rel, &mut contours);
    }
}

/// The contour of the subtree at `i` from its children's (taken from `contours`): (left,
/// right) per depth relative to its root's centre. Fills `rel` for its children.
fn subtree(
    items: &[Item],
    i: usize,
    rel: &mut [f64],
    contours: &mut [Vec<(f64, f64)>],
) -> Vec<(f64, f64)> {
    let half = NODE_WIDTH / 2.0;
    let kids: &[usize] = if items[i].collapsed {
        &[]
    } else {
        &items[i].children
    };
    if kids.is_empty() {
        return vec![(-half, half)];
    }
    let mut acc: Vec<(f64, f64)> = Vec::new();
    let mut offsets = Vec::with_capacity(kids.len());
    for (k, &c) in kids.iter().enumerate() {
        let contour = std::mem::take(&mut contours[c]);
        let off = if k == 0 {
            0.0
        } else {
            acc.iter()
                .zip(&contour)
                .map(|(a, b)| a.1 - b.0 + SIBLING_GAP)
                .fold(f64::NEG_INFINITY, f64::max)
        };
        for (d, &(l, r)) in contour.iter().enumerate() {
            if d < acc.len() {
                acc[d].1 = r + off;
            } else {
                acc.push((l + off, r + off));
            }
        }
        offsets.push(off);
    }
    let mid = (offsets[0] + offsets[offsets.len() - 1]) / 2.0;
    for (&c, off) in kids.iter().zip(&offsets) {
        rel[c] = off - mid;
    }
    let mut out = Vec::with_capacity(acc.len() + 1);
    out.push((-half, half));
    out.extend(acc.into_iter().map(|(l, r)| (l - mid, r - mid)));
    out
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_words_and_cuts() {
        assert_eq!(wrap("a b c", 30, 4), vec!["a b c"]);
        assert_eq!(wrap("aaaa bbbb", 5, 4), vec!["aaaa", "bbbb"]);
        assert_eq!(wrap("abcdefghij", 4, 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("aa bb cc dd", 2, 2), vec!["aa", "b…"]);
        assert_eq!(wrap("", 10, 2), vec![""]);
    }
}
