//! A workshop's results as Markdown, CSV and an SVG image of the board. Only what the room
//! saw: notes (hidden ones left out), groups and totals — never who wrote or voted what.

use crate::error::Result;
use crate::model::workshop::{BoardGroup, WorkshopBoard, WorkshopFormat};
use crate::pack::csv::{Cell, Table};
use crate::trees::svg::escape;
use std::fmt::Write;

pub(crate) fn export(
    board: &WorkshopBoard,
    times: &[(u32, String, Option<String>)],
    format: WorkshopFormat,
) -> Result<String> {
    Ok(match format {
        WorkshopFormat::Md => markdown(board, times),
        WorkshopFormat::Csv => csv(board)?,
        WorkshopFormat::Svg => svg(board),
    })
}

/// Boards in the order the recipe first uses them.
pub(crate) fn boards(board: &WorkshopBoard) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in &board.workshop.steps {
        if !out.contains(&s.board) {
            out.push(s.board.clone());
        }
    }
    for g in &board.groups {
        if !out.contains(&g.board) {
            out.push(g.board.clone());
        }
    }
    out
}

/// A board's groups that show something, best first.
pub(crate) fn ranked<'a>(board: &'a WorkshopBoard, name: &str) -> Vec<&'a BoardGroup> {
    let mut gs: Vec<&BoardGroup> = board
        .groups
        .iter()
        .filter(|g| g.board == name && g.notes.iter().any(|n| !n.hidden))
        .collect();
    gs.sort_by_key(|g| {
        (
            std::cmp::Reverse(g.supervotes),
            std::cmp::Reverse(g.votes),
            g.position,
        )
    });
    gs
}

/// Markdown text: characters that would start markup are escaped.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '#' | '|' | '!'
        ) {
            out.push('\\');
        }
        if c == '\n' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

pub(crate) fn board_title(name: &str) -> String {
    match name {
        "hmw" => "How might we".into(),
        other => {
            let mut c = other.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        }
    }
}

pub(crate) fn markdown(board: &WorkshopBoard, times: &[(u32, String, Option<String>)]) -> String {
    let w = &board.workshop;
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", md(&w.title));
    let present = board.seats.iter().filter(|s| !s.removed).count();
    let _ = writeln!(
        s,
        "{} · {} participant{} · {} note{}{}\n",
        w.recipe.label(),
        present,
        if present == 1 { "" } else { "s" },
        w.notes,
        if w.notes == 1 { "" } else { "s" },
        w.ended_at
            .as_deref()
            .map(|e| format!(" · ended {}", &e[..e.len().min(16)].replace('T', " ")))
            .unwrap_or_default()
    );
    if !times.is_empty() {
        let _ = writeln!(s, "## Steps\n");
        for (i, st) in w.steps.iter().enumerate() {
            let when = times
                .iter()
                .find(|t| t.0 as usize == i)
                .map(|t| {
                    format!(
                        " — started {}{}",
                        &t.1[..t.1.len().min(16)].replace('T', " "),
                        t.2.as_deref()
                            .map(|e| format!(", ended {}", &e[11.min(e.len())..e.len().min(16)]))
                            .unwrap_or_default()
                    )
                })
                .unwrap_or_default();
            let _ = writeln!(s, "{}. {}{}", i + 1, md(&st.prompt), when);
        }
        s.push('\n');
    }
    for name in boards(board) {
        let groups = ranked(board, &name);
        if groups.is_empty() {
            continue;
        }
        let _ = writeln!(s, "## {}\n", board_title(&name));
        for (i, g) in groups.iter().enumerate() {
            let mut score = format!("{} vote{}", g.votes, if g.votes == 1 { "" } else { "s" });
            if g.supervotes > 0 {
                let _ = write!(
                    score,
                    ", {} supervote{}",
                    g.supervotes,
                    if g.supervotes == 1 { "" } else { "s" }
                );
            }
            if let (Some(e), Some(im)) = (g.effort, g.impact) {
                let _ = write!(score, ", effort {e}/5, impact {im}/5");
            }
            let _ = writeln!(s, "{}. **{}** ({score})", i + 1, md(&g.name()));
            for n in g.notes.iter().filter(|n| !n.hidden) {
                if n.text != g.name() {
                    let _ = writeln!(s, "   - {}", md(&n.text));
                }
            }
        }
        s.push('\n');
    }
    s
}

fn csv(board: &WorkshopBoard) -> Result<String> {
    let mut t = Table::new(&[
        "board",
        "rank",
        "group",
        "note",
        "votes",
        "supervotes",
        "voters",
        "effort",
        "impact",
        "seeded",
        "created_at",
    ]);
    let num = |v: Option<u8>| v.map(|v| v.to_string()).unwrap_or_default();
    for name in boards(board) {
        for (i, g) in ranked(board, &name).iter().enumerate() {
            for n in g.notes.iter().filter(|n| !n.hidden) {
                t.row(&[
                    Cell::Text(name.clone()),
                    Cell::Plain((i + 1).to_string()),
                    Cell::Text(g.name()),
                    Cell::Text(n.text.clone()),
                    Cell::Plain(g.votes.to_string()),
                    Cell::Plain(g.supervotes.to_string()),
                    Cell::Plain(g.voters.to_string()),
                    Cell::Plain(num(g.effort)),
                    Cell::Plain(num(g.impact)),
                    Cell::Plain(if n.seeded { "yes" } else { "" }.into()),
                    Cell::Plain(n.created_at.clone()),
                ]);
            }
        }
    }
    Ok(String::from_utf8_lossy(&t.bytes()?).into_owned())
}

/// The board as a picture: one column per board, a card per group, best first, shaded by
/// its share of the votes. Every text is escaped and lives only in text nodes.
fn svg(board: &WorkshopBoard) -> String {
    const COL: f64 = 280.0;
    const GAP: f64 = 24.0;
    const LINE: f64 = 18.0;
    let names = boards(board);
    let mut body = String::new();
    let mut height: f64 = 120.0;
    for (ci, name) in names.iter().enumerate() {
        let x = GAP + ci as f64 * (COL + GAP);
        let groups = ranked(board, name);
        let most = groups.iter().map(|g| g.votes).max().unwrap_or(0).max(1);
        let _ = writeln!(
            body,
            r##"<text x="{x}" y="70" font-size="16" font-weight="600" fill="#111827">{}</text>"##,
            escape(&board_title(name))
        );
        let mut y = 86.0;
        for g in groups {
            let lines: Vec<String> = g
                .notes
                .iter()
                .filter(|n| !n.hidden)
                .flat_map(|n| wrap(&n.text, 40))
                .take(12)
                .collect();
            let h = 30.0 + lines.len() as f64 * LINE;
            let share = f64::from(g.votes) / f64::from(most);
            let fill = format!("rgba(250, 204, 21, {:.2})", 0.15 + 0.6 * share);
            let _ = writeln!(
                body,
                r##"<rect x="{x}" y="{y}" width="{COL}" height="{h}" rx="6" fill="{fill}" stroke="#ca8a04"/>"##
            );
            let title = if g.title.trim().is_empty() {
                format!("{} votes", g.votes)
            } else {
                format!("{} · {} votes", g.title.trim(), g.votes)
            };
            let _ = writeln!(
                body,
                r##"<text x="{}" y="{}" font-size="13" font-weight="600" fill="#111827">{}</text>"##,
                x + 10.0,
                y + 20.0,
                escape(&title)
            );
            for (li, l) in lines.iter().enumerate() {
                let _ = writeln!(
                    body,
                    r##"<text x="{}" y="{}" font-size="12" fill="#1f2937">{}</text>"##,
                    x + 10.0,
                    y + 38.0 + li as f64 * LINE,
                    escape(l)
                );
            }
            y += h + 10.0;
        }
        height = height.max(y + GAP);
    }
    let width = GAP + names.len().max(1) as f64 * (COL + GAP);
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif">"#
    );
    let _ = writeln!(s, r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
    let _ = writeln!(
        s,
        r##"<text x="{GAP}" y="36" font-size="20" font-weight="700" fill="#111827">{}</text>"##,
        escape(&board.workshop.title)
    );
    s.push_str(&body);
    s.push_str("</svg>\n");
    s
}

/// Lines of at most `width` characters, broken between words.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.lines() {
        let mut line = String::new();
        for word in para.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                out.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            out.push(line);
        }
    }
    out
}
