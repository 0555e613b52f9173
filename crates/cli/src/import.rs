//! `groundwork import`: files and folders in, a line per file out as soon as it is committed
//! (so a crash never hides what landed), a JSON report at the end with `--json`. The walk and
//! the import loop are the desktop's import job (`groundwork_api::jobs::run_import`).

use crate::output::Out;
use groundwork_api::jobs::{self, ImportPaths, ImportReport, Step};
use groundwork_core::import::ImportAs;
use groundwork_core::speakers::SpeakerMap;
use groundwork_core::{Error, Imported, Workspace};
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

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

/// What a file became, in brackets after its title; nothing for a plain note.
fn describe(i: &Imported) -> String {
    match i.kind {
        groundwork_core::model::ObjectKind::Interview if i.count > 0 => {
            format!("  ({} segments, {} speakers)", i.count, i.speakers.len())
        }
        groundwork_core::model::ObjectKind::Feedback => format!("  ({} items)", i.count),
        groundwork_core::model::ObjectKind::Persona => format!("  ({} personas)", i.count),
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
    let request = ImportPaths {
        job_id: String::new(),
        paths: paths.to_vec(),
        as_,
        speakers: SpeakerMap::new(),
    };
    let mut bar = None;
    let report = jobs::run_import(ws, &request, &AtomicBool::new(false), &mut |step| {
        let outcome = match step {
            Step::Start { total } => {
                bar = out.progress(total as u64, "Importing");
                return;
            }
            Step::File { outcome, .. } => outcome,
            Step::Cancelled { .. } => return,
        };
        if !json {
            let line = match outcome {
                Ok(i) => format!(
                    "imported  {:<9} {}{}  {}",
                    i.kind.as_str(),
                    i.title,
                    describe(i),
                    i.path
                ),
                Err(f) => format!("failed    {}", f.error.message),
            };
            match &bar {
                Some(b) => b.println(line),
                None => {
                    let mut stdout = std::io::stdout().lock();
                    let _ = writeln!(stdout, "{line}");
                    let _ = stdout.flush();
                }
            }
        }
        if let Some(b) = &bar {
            b.inc(1);
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let ImportReport {
        imported,
        failed,
        skipped,
        ..
    } = report;
    // Make everything just imported searchable before the process ends.
    ws.flush_index()?;
    if json {
        let report = json!({
            "imported": imported.iter().map(imported_json).collect::<Vec<_>>(),
            "failed": failed.iter().map(|f| json!({"path": f.path, "error": f.error})).collect::<Vec<_>>(),
            "skipped": skipped,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
    } else {
        for p in &skipped {
            println!("skipped   {p} (not a file type Groundwork imports)");
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
