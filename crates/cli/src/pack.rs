//! `groundwork pack export`: a research pack (Markdown vault or CSV tables) of the workspace
//! or a part of it, with consent respected and personal data redacted on request.

use crate::backup::{size, summary};
use crate::output::error_json;
use crate::target::Target;
use groundwork_api::Request;
use groundwork_api::local::LocalRequest;
use groundwork_core::Error;
use groundwork_core::model::Tag;
use groundwork_core::pack::redact::RedactOptions;
use groundwork_core::pack::{PackImport, PackPreview, PackReport, PackRequest};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub struct Options {
    pub request: PackRequest,
    pub out: PathBuf,
    /// Tags as the user named them (ids, names or paths); resolved against the codebook.
    pub tags: Vec<String>,
    pub redact_words: Option<PathBuf>,
    pub dry_run: bool,
    pub json: bool,
}

/// `--redact names,emails,phones,urls` (or `all`).
pub fn redact_options(list: &[String]) -> Result<RedactOptions, Error> {
    let mut o = RedactOptions::default();
    for item in list {
        match item.trim() {
            "names" => o.names = true,
            "emails" => o.emails = true,
            "phones" => o.phones = true,
            "urls" => o.urls = true,
            "all" => (o.names, o.emails, o.phones, o.urls) = (true, true, true, true),
            "" => {}
            other => {
                return Err(Error::invalid(
                    "redact",
                    format!(
                        "cannot redact “{other}”: choose from names, emails, phones, urls, all"
                    ),
                ));
            }
        }
    }
    Ok(o)
}

/// One word or phrase per line; blank lines and `#` comments are skipped.
fn read_words(path: &Path) -> Result<Vec<String>, Error> {
    // A word list is a few lines: read at most a megabyte, never a file named by mistake whole.
    const MAX: u64 = 1024 * 1024;
    let cannot =
        |e: std::io::Error| Error::from(e).context(format!("cannot read {}", path.display()));
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(std::fs::File::open(path).map_err(cannot)?, MAX + 1),
        &mut bytes,
    )
    .map_err(cannot)?;
    if bytes.len() as u64 > MAX {
        return Err(Error::new(
            groundwork_core::ErrorCode::TooLarge,
            format!(
                "{} is larger than a word list (1 MB): give one word or phrase per line",
                path.display()
            ),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        Error::unsupported(format!(
            "{} is not UTF-8 text: save the word list as UTF-8",
            path.display()
        ))
    })?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect())
}

fn resolve_tags(target: &Target, wanted: &[String]) -> Result<Vec<String>, Error> {
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let tags: Vec<Tag> = target.ask(Request::ListTags {})?;
    wanted
        .iter()
        .map(|w| {
            tags.iter()
                .find(|t| {
                    t.id == *w
                        || t.path.eq_ignore_ascii_case(w)
                        || t.input.name.eq_ignore_ascii_case(w)
                })
                .map(|t| t.id.clone())
                .ok_or_else(|| Error::invalid("tag", format!("no tag is called “{w}”")))
        })
        .collect()
}

pub fn export(target: &mut Target, mut o: Options) -> Result<ExitCode, Error> {
    o.request.scope.tag_ids = resolve_tags(target, &o.tags)?;
    if let Some(path) = &o.redact_words {
        o.request.redact.words = read_words(path)?;
    }
    let result: Result<(PackPreview, Option<String>), Error> = if o.dry_run {
        target
            .ask::<PackPreview>(Request::PreviewPack {
                request: Box::new(o.request.clone()),
            })
            .map(|p| (p, None))
    } else {
        let path = target.path(&o.out);
        // A bar on a terminal: phases first (a spinner), then the files saved. Handed to the
        // app that holds the workspace, the export runs there, so only a spinner shows.
        let bar = crate::output::Out::new().spinner("Making the pack");
        let report = match (&bar, &*target) {
            (Some(bar), Target::Open(ws)) => {
                let shown = bar.clone();
                let progress: groundwork_core::ProgressFn = std::sync::Arc::new(move |p| {
                    shown.set_message(p.message.clone());
                    if p.total > 0 {
                        if shown.length().is_none() {
                            shown.disable_steady_tick();
                            shown.set_style(crate::output::bar_style());
                        }
                        shown.set_length(p.total as u64);
                        shown.set_position(p.done as u64);
                    }
                });
                ws.export_pack_with(&o.request, &path, Some(&progress))
            }
            _ => target.ask::<PackReport>(LocalRequest::ExportPack {
                request: Box::new(o.request.clone()),
                path,
            }),
        };
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        report.map(|r| (r.preview, Some(o.out.display().to_string())))
    };
    let (preview, written) = match result {
        Ok(r) => r,
        Err(e) => {
            if o.json {
                println!(
                    "{}",
                    json!({"path": o.out.display().to_string(), "error": error_json(&e)})
                );
            }
            return Err(e);
        }
    };
    if o.json {
        let v = json!({"path": written, "dry_run": o.dry_run, "preview": preview});
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        return Ok(ExitCode::SUCCESS);
    }
    // Written whole and errors ignored: a reader that stops early (`| head`) is not a failure.
    let mut text = String::new();
    macro_rules! say {
        ($($arg:tt)*) => {{
            text.push_str(&format!($($arg)*));
            text.push('\n');
        }};
    }
    let what = what(&preview.counts);
    let single = o.request.format.single_file();
    match &written {
        Some(path) if single => say!("Wrote {path}: {} — {what}", size(preview.bytes)),
        None if single => say!(
            "Would write {}: {} — {what}",
            o.out.display(),
            size(preview.bytes)
        ),
        Some(path) => say!(
            "Wrote {path}: {} files, {} — {what}",
            preview.files,
            size(preview.bytes)
        ),
        None => say!(
            "Would write {}: {} files, {} — {what}",
            o.out.display(),
            preview.files,
            size(preview.bytes)
        ),
    }
    for l in &preview.left_out {
        let why = if l.reason == "consent_withdrawn" {
            "withdrew consent"
        } else {
            "have not given consent"
        };
        say!(
            "Left out: {} participant(s) who {why}: {} passages, {} highlights",
            l.participants,
            l.passages,
            l.highlights
        );
    }
    if !preview.replacements.is_empty() {
        say!("Redacted:");
        for r in &preview.replacements {
            say!("  {:<6} {} → {} ({}×)", r.kind, r.from, r.to, r.count);
        }
    }
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes());
    Ok(ExitCode::SUCCESS)
}

/// Counts as the backup list words them, with the tags (a codebook is only tags).
fn what(counts: &groundwork_core::model::KindCounts) -> String {
    let base = summary(counts);
    match counts.get("tag").copied().unwrap_or(0) {
        0 => base,
        n if base == "empty" => format!("{n} tags"),
        n => format!("{base}, {n} tags"),
    }
}

/// `groundwork pack import FILE [--dry-run]`: merge a REFI-QDA project or codebook.
pub fn import(
    target: &mut Target,
    file: &Path,
    dry_run: bool,
    json: bool,
) -> Result<ExitCode, Error> {
    let path = target.path(file);
    let report = match target.ask::<PackImport>(LocalRequest::ImportPack { path, dry_run }) {
        Ok(r) => r,
        Err(e) => {
            if json {
                println!(
                    "{}",
                    json!({"path": file.display().to_string(), "error": error_json(&e)})
                );
            }
            return Err(e);
        }
    };
    if json {
        let v = json!({"path": file.display().to_string(), "import": report});
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        return Ok(ExitCode::SUCCESS);
    }
    let mut text = format!(
        "{} {}: {}\n",
        if dry_run { "Would import" } else { "Imported" },
        file.display(),
        what(&report.added).replace("empty", "nothing new")
    );
    if report.updated.values().any(|n| *n > 0) {
        text.push_str(&format!(
            "Replaced by the pack's newer version: {}\n",
            what(&report.updated)
        ));
    }
    for c in report.conflicts.iter().filter(|c| c.kept == "workspace") {
        text.push_str(&format!(
            "Kept yours (changed later here): {} “{}”\n",
            c.kind, c.title
        ));
    }
    if report.matched.values().any(|n| *n > 0) {
        text.push_str(&format!(
            "Already here (kept as they are): {}\n",
            what(&report.matched)
        ));
    }
    for l in &report.left_out {
        text.push_str(&format!("Left out: {l}\n"));
    }
    let changed = report
        .added
        .values()
        .chain(report.updated.values())
        .any(|n| *n > 0);
    if !dry_run && changed {
        text.push_str("Undo it as one step from the app's history.\n");
    }
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes());
    Ok(ExitCode::SUCCESS)
}
