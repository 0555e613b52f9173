//! `groundwork import`: files and folders in, a line per file out as soon as it is committed
//! (so a crash never hides what landed), a JSON report at the end with `--json`. The walk and
//! the import loop are the desktop's import job (`groundwork_api::jobs::run_import`); speakers
//! are mapped once for the whole batch first (`--speakers`). The batch runs where the
//! workspace is open: here, or in the app or `groundwork serve`, which report each file as
//! it lands (`crate::target`).

use crate::output::Out;
use crate::target::{Target, answer};
use groundwork_api::handoff::Handed;
use groundwork_api::jobs::{ImportBatch, ImportReport, ImportStep, SkippedFile};
use groundwork_core::import::ImportAs;
use groundwork_core::model::ObjectKind;
use groundwork_core::speakers::{SpeakerMap, SpeakerMode};
use groundwork_core::{Error, Imported};
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

pub struct Options {
    pub paths: Vec<PathBuf>,
    pub as_: Option<ImportAs>,
    pub speakers: SpeakerMode,
    pub again: bool,
    pub mapping: Option<groundwork_core::import::FeedbackMapping>,
    pub json: bool,
}

/// `--speakers auto|keep|FILE.json`.
pub fn speaker_mode(arg: &str) -> Result<SpeakerMode, Error> {
    match arg {
        "auto" => Ok(SpeakerMode::Auto),
        "keep" => Ok(SpeakerMode::Keep),
        file => {
            let (name, bytes) =
                groundwork_core::workspace::read_import_file(std::path::Path::new(file))?;
            let map: SpeakerMap = serde_json::from_slice(&bytes).map_err(|e| {
                Error::invalid(
                    "speakers",
                    format!(
                        "{name}, line {}: not a speaker mapping ({e}); expected {{\"Name as written\": {{\"to\": \"participant\", \"id\": \"…\"}} | {{\"to\": \"new_participant\", \"name\": \"…\"}} | {{\"to\": \"interviewer\"}} | {{\"to\": \"keep\"}}, …}}",
                        e.line()
                    ),
                )
            })?;
            Ok(SpeakerMode::Map(map))
        }
    }
}

fn imported_json(i: &Imported) -> serde_json::Value {
    let mut v =
        json!({"path": i.path, "kind": i.kind, "id": i.id, "title": i.title, "format": i.format});
    match i.kind {
        ObjectKind::Interview => {
            v["speakers"] = json!(i.speakers);
            v["segments"] = json!(i.count);
            v["participants"] = json!(
                i.participants
                    .iter()
                    .map(|p| json!({"speaker": p.speaker, "id": p.participant_id, "name": p.name, "new": p.created}))
                    .collect::<Vec<_>>()
            );
            v["interviewers"] = json!(i.interviewers);
            v["date"] = json!(i.date);
        }
        ObjectKind::Feedback => {
            v["items"] = json!(i.count);
            if let Some(f) = &i.feedback {
                v["mapping"] = json!(f.mapping);
                v["remembered"] = json!(f.remembered);
                v["added"] = json!(f.added);
                v["already_present"] = json!(f.already_present);
                v["skipped_no_text"] = json!(f.skipped_no_text);
                v["warnings"] = json!(f.warnings);
                v["warning_count"] = json!(f.warning_count);
            }
        }
        ObjectKind::Persona => v["personas"] = json!(i.count),
        _ => {}
    }
    v
}

/// What a file became, in brackets after its title; nothing for a plain note.
fn describe(i: &Imported) -> String {
    match i.kind {
        ObjectKind::Interview if i.count > 0 => {
            let mut parts = vec![format!(
                "{} segments, {} speakers",
                i.count,
                i.speakers.len()
            )];
            if !i.participants.is_empty() {
                let people: Vec<String> = i
                    .participants
                    .iter()
                    .map(|p| {
                        if p.created {
                            format!("{} (new)", p.name)
                        } else {
                            p.name.clone()
                        }
                    })
                    .collect();
                parts.push(format!("participants: {}", people.join(", ")));
            }
            if !i.interviewers.is_empty() {
                parts.push(format!("interviewer: {}", i.interviewers.join(", ")));
            }
            if let Some(d) = &i.date {
                parts.push(d.clone());
            }
            format!("  ({})", parts.join("; "))
        }
        ObjectKind::Feedback => match &i.feedback {
            Some(f) => {
                let mut parts = Vec::new();
                if f.already_present > 0 {
                    parts.push(format!("{} already imported", f.already_present));
                }
                if f.skipped_no_text > 0 {
                    parts.push(format!("{} rows without text skipped", f.skipped_no_text));
                }
                if f.warning_count > 0 {
                    let first = f.warnings.first().map_or(String::new(), |w| {
                        format!(
                            ", e.g. line {}: {} '{}' {}",
                            w.line, w.column, w.value, w.message
                        )
                    });
                    parts.push(format!("{} warnings{first}", f.warning_count));
                }
                if parts.is_empty() {
                    String::new()
                } else {
                    format!("  ({})", parts.join("; "))
                }
            }
            None => String::new(),
        },
        ObjectKind::Persona => format!("  ({} personas)", i.count),
        _ => String::new(),
    }
}

fn skipped_line(s: &SkippedFile) -> String {
    let hint = if s.previous.is_some() {
        " (--again imports it anyway)"
    } else {
        ""
    };
    format!("skipped   {} ({}){hint}", s.path, s.reason)
}

pub fn run(target: &mut Target, o: &Options, out: &Out) -> Result<ExitCode, Error> {
    let batch = ImportBatch {
        paths: o.paths.iter().map(|p| target.path(p)).collect(),
        as_: o.as_,
        speakers: o.speakers.clone(),
        again: o.again,
        mapping: o.mapping.clone(),
    };
    let mut bar = None;
    let report = target.call_with(Handed::Import(batch), &mut |step| {
        let line = match step {
            ImportStep::Start { total } => {
                bar = out.progress(total as u64, "Importing");
                return;
            }
            ImportStep::Imported { imported: i, .. } => format!(
                "imported  {:<9} {}{}  {}",
                i.kind.as_str(),
                i.title,
                describe(&i),
                i.path
            ),
            ImportStep::Failed { failure: f, .. } => format!("failed    {}", f.error.message),
            ImportStep::Skipped { skipped, .. } => skipped_line(&skipped),
            ImportStep::Cancelled { .. } => return,
        };
        if !o.json {
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
    // (The batch leaves everything it imported searchable before it answers.)
    let ImportReport {
        imported,
        failed,
        skipped,
        skipped_details,
        ..
    } = answer(report?)?;
    if o.json {
        let report = json!({
            "imported": imported.iter().map(imported_json).collect::<Vec<_>>(),
            "failed": failed.iter().map(|f| json!({"path": f.path, "error": f.error})).collect::<Vec<_>>(),
            "skipped": skipped,
            "skipped_details": skipped_details,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
    } else {
        // Files imported before were reported as they came; the walk's leftovers now.
        for s in skipped_details.iter().filter(|s| s.previous.is_none()) {
            println!("{}", skipped_line(s));
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
