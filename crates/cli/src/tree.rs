//! `groundwork tree …`: opportunity solution trees in and out as files.

use crate::output::{Out, error_json};
use crate::target::Target;
use groundwork_api::Request;
use groundwork_core::Error;
use groundwork_core::model::{NodeKind, Tree, TreeNode};
use groundwork_core::trees::ExportFormat;
use serde_json::json;
use std::path::Path;
use std::process::ExitCode;

fn read_file(path: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::from(e).context(format!("cannot read {}", path.display())))?;
    String::from_utf8(bytes).map_err(|_| {
        Error::unsupported(format!(
            "{} is not UTF-8 text; save the outline as UTF-8 Markdown",
            path.display()
        ))
    })
}

/// Import one Markdown outline as a new tree.
pub fn import(target: &Target, path: &Path, json: bool) -> Result<ExitCode, Error> {
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let result = read_file(path).and_then(|md| {
        // Name the file in front of the line the error names.
        target
            .ask::<Tree>(Request::ImportTree {
                markdown: md,
                name: Some(name),
                title: None,
            })
            .map_err(|e| e.context(path.display()))
    });
    let tree = match result {
        Ok(t) => t,
        Err(e) => {
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(
                        &json!({"path": path.display().to_string(), "error": error_json(&e)})
                    )
                    .unwrap_or_default()
                );
            }
            return Err(e);
        }
    };
    let nodes = nodes(target, &tree.id)?;
    let count = |k: NodeKind| nodes.iter().filter(|n| n.input.kind == k).count();
    let (o, s, t) = (
        count(NodeKind::Opportunity),
        count(NodeKind::Solution),
        count(NodeKind::AssumptionTest),
    );
    if json {
        let v = json!({
            "path": path.display().to_string(),
            "id": tree.id,
            "title": tree.input.title,
            "nodes": nodes.len(),
            "counts": {"opportunity": o, "solution": s, "assumption_test": t},
        });
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    } else {
        println!(
            "Imported “{}” from {}: {o} opportunities, {s} solutions, {t} assumption tests\n{}",
            tree.input.title,
            path.display(),
            tree.id
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn nodes(target: &Target, tree_id: &str) -> Result<Vec<TreeNode>, Error> {
    target.ask(Request::ListTreeNodes {
        tree_id: tree_id.to_string(),
    })
}

pub fn list(target: &Target, json: bool, out: &Out) -> Result<ExitCode, Error> {
    let trees: Vec<Tree> = target.ask(Request::ListTrees {})?;
    let mut rows = Vec::with_capacity(trees.len());
    for t in &trees {
        rows.push((t, nodes(target, &t.id)?.len()));
    }
    if json {
        let v: Vec<_> = rows
            .iter()
            .map(|(t, n)| {
                json!({
                    "id": t.id,
                    "title": t.input.title,
                    "metric": t.input.metric,
                    "baseline": t.input.baseline,
                    "target": t.input.target,
                    "target_date": t.input.target_date,
                    "nodes": n,
                    "updated_at": t.updated_at,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        return Ok(ExitCode::SUCCESS);
    }
    if rows.is_empty() {
        println!("No trees yet. Make one with `groundwork tree import OUTLINE.md`.");
        return Ok(ExitCode::SUCCESS);
    }
    for (t, n) in rows {
        let title = if out.stdout_tty {
            format!("\x1b[1m{}\x1b[0m", t.input.title)
        } else {
            t.input.title.clone()
        };
        println!("{}  {title}  ({n} nodes)", t.id);
    }
    Ok(ExitCode::SUCCESS)
}

/// Write a tree as Markdown, JSON or SVG to `out_path` (or stdout for `-`/none).
pub fn export(
    target: &Target,
    tree_id: &str,
    format: ExportFormat,
    out_path: Option<&Path>,
) -> Result<ExitCode, Error> {
    let text: String = target.ask(Request::ExportTree {
        tree_id: tree_id.to_string(),
        format,
    })?;
    match out_path {
        Some(p) if p != Path::new("-") => {
            std::fs::write(p, &text)
                .map_err(|e| Error::from(e).context(format!("cannot write {}", p.display())))?;
            eprintln!("Wrote {}", p.display());
        }
        _ => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
