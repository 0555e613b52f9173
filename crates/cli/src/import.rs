//! `groundwork import`: files and folders in, a line per file out as soon as it is committed
//! (so a crash never hides what landed), a JSON report at the end with `--json`.

use crate::output::{Out, error_json};
use groundwork_core::import::ImportAs;
use groundwork_core::{Error, Imported, Workspace};
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

fn imported_json(i: &Imported) -> serde_json::Value {
    let mut v =
        json!({"path": i.path, "kind": i.kind, "id": i.id, "title": i.title, "format": i.format});
    match i.kind {
        groundwork_core::model::ObjectKind::Interview => {
            v["speakers"] = json!(i.speakers);
            v["segments"] = json!(i.count);
        }
        groundwork_core::model::ObjectKind::Feedback => v["items"] = json!(i.count),
        groundwork_core::model::ObjectKind::Persona => v["personas"] = json!(i.count),
        _ => {}
    }
    v
}

fn describe(i: &Imported) -> String {
    match i.kind {
        groundwork_core::model::ObjectKind::Interview if i.count > 0 => {
            format!("{} segments, {} speakers", i.count, i.speakers.len())
        }
        groundwork_core::model::ObjectKind::Feedback => format!("{} items", i.count),
        groundwork_core::model::ObjectKind::Persona => format!("{} personas", i.count),
        _ => String::new(),
    }
}

pub fn run(
    ws: &Workspace,
    paths: &[PathBuf],
    as_: Option<ImportAs>,
    json: bool,
    out: &Out,
) -> Result<ExitCode, Error> {
    let (files, skipped) = groundwork_api::jobs::collect(paths);
    let bar = out.progress(files.len() as u64, "Importing");
    let say = |line: String| match &bar {
        Some(b) => b.println(line),
        None => {
            let mut stdout = std::io::stdout().lock();
            let _ = writeln!(stdout, "{line}");
            let _ = stdout.flush();
        }
    };
    let (mut imported, mut failed) = (Vec::new(), Vec::new());
    for path in &files {
        match ws.import_file(path, as_) {
            Ok(i) => {
                if !json {
                    say(format!(
                        "imported  {:<9} {}  ({})  {}",
                        i.kind.as_str(),
                        i.title,
                        describe(&i),
                        i.path
                    ));
                }
                imported.push(i);
            }
            Err(e) => {
                if !json {
                    say(format!("failed    {}", e.message));
                }
                failed.push((path.display().to_string(), e));
            }
        }
        if let Some(b) = &bar {
            b.inc(1);
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    // Make everything just imported searchable before the process ends.
    ws.flush_index()?;
    if json {
        let report = json!({
            "imported": imported.iter().map(imported_json).collect::<Vec<_>>(),
            "failed": failed.iter().map(|(p, e)| json!({"path": p, "error": error_json(e)})).collect::<Vec<_>>(),
            "skipped": skipped.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
    } else {
        for p in &skipped {
            println!(
                "skipped   {} (not a file type Groundwork imports)",
                p.display()
            );
        }
        println!(
            "\n{} imported, {} failed{}",
            imported.len(),
            failed.len(),
            if skipped.is_empty() {
                String::new()
            } else {
                format!(", {} skipped", skipped.len())
            }
        );
    }
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
