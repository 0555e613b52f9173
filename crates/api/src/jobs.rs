//! Long jobs: work over many files that reports progress as it goes and can be cancelled
//! between files. The transport decides how progress travels (the desktop shell emits it as
//! `job-progress` events); the work and its report are the same everywhere.

use groundwork_core::import::{FeedbackMapping, ImportAs, KNOWN_EXTENSIONS, Parsed};
use groundwork_core::speakers::{FileSpeakers, PreviousImport, SpeakerMap, SpeakerMode};
use groundwork_core::workspace::{read_import_file, speaker_turns};
use groundwork_core::{ErrorBody, Imported, Workspace};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// How far a job has got: `done` of `total` steps, and what it is doing now.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JobProgress {
    pub job_id: String,
    pub done: usize,
    pub total: usize,
    pub message: String,
}

/// Import files and folders (recursively) that are on this machine, e.g. dropped onto the
/// desktop window. `job_id` is chosen by the caller so it can follow and cancel the job.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportPaths {
    pub job_id: String,
    pub paths: Vec<PathBuf>,
    #[serde(default, rename = "as")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub as_: Option<ImportAs>,
    /// Speakers mapped to participants or the interviewer (from the preview), for every file.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<SpeakerMap>", optional))]
    pub speakers: SpeakerMap,
    /// Import files that were imported before too (otherwise they are skipped).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
    pub again: bool,
    /// The column mapping for feedback exports (else the remembered or guessed one).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub mapping: Option<FeedbackMapping>,
}

/// A file the job did not import, and why.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SkippedFile {
    pub path: String,
    /// A sentence for the user.
    pub reason: String,
    /// Set when the file was imported before and what it made is still there.
    pub previous: Option<PreviousImport>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportFailure {
    pub path: String,
    pub error: ErrorBody,
}

/// What an import of many files did: each file imports completely or not at all.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportReport {
    pub imported: Vec<Imported>,
    pub failed: Vec<ImportFailure>,
    /// Files inside dropped folders that no importer reads (by extension), hidden files,
    /// what is not a regular file (devices, pipes, broken links), and files imported before
    /// (unless `again`).
    pub skipped: Vec<String>,
    /// The same files with the reason each was skipped.
    pub skipped_details: Vec<SkippedFile>,
    /// True when the job was cancelled; files not reached are neither imported nor failed.
    pub cancelled: bool,
}

fn is_hidden(p: &Path) -> bool {
    p.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// Files inside folders are picked when an importer reads their extension; a file named
/// directly is tried whatever its extension, so the user hears why it cannot be read.
fn has_known_extension(p: &Path) -> bool {
    p.extension()
        .is_some_and(|e| KNOWN_EXTENSIONS.contains(&e.to_string_lossy().to_lowercase().as_str()))
}

/// Files to import, in a stable order, and files skipped while walking folders.
///
/// A dropped folder is someone's folder, not a trusted one: each folder is walked once
/// however many symlinks lead to it (`ln -s . loop` once walked forever), and only
/// regular files are picked (a device or pipe named `notes.txt` is skipped, never opened).
pub fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let (mut files, mut skipped) = (Vec::new(), Vec::new());
    let mut stack: Vec<PathBuf> = Vec::new();
    let mut walked: HashSet<PathBuf> = HashSet::new();
    for p in paths {
        if p.is_dir() {
            stack.push(p.clone());
        } else {
            files.push(p.clone());
        }
    }
    while let Some(dir) = stack.pop() {
        let Ok(real) = std::fs::canonicalize(&dir) else {
            // An unreadable folder is reported by trying it as a file.
            files.push(dir);
            continue;
        };
        if !walked.insert(real) {
            continue;
        }
        let Ok(entries) = std::fs::read_dir(&dir) else {
            files.push(dir);
            continue;
        };
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for p in entries {
            // Following symlinks, as the import will: what the name leads to counts.
            match std::fs::metadata(&p) {
                Ok(m) if m.is_dir() => {
                    if !is_hidden(&p) {
                        stack.push(p);
                    }
                }
                Ok(m) if m.is_file() && has_known_extension(&p) && !is_hidden(&p) => files.push(p),
                _ => skipped.push(p),
            }
        }
    }
    files.sort();
    files.dedup();
    (files, skipped)
}

/// How an import job goes, step by step, for whoever shows it (a progress event, a line on
/// a terminal).
pub enum Step<'a> {
    /// The folders are walked: this many files to import.
    Start { total: usize },
    /// One more file is done: imported completely, or refused with nothing saved.
    File {
        done: usize,
        total: usize,
        path: &'a Path,
        outcome: Result<&'a Imported, &'a ImportFailure>,
    },
    /// One more file is done: skipped, with the reason (imported before).
    Skipped {
        done: usize,
        total: usize,
        path: &'a Path,
        skipped: &'a SkippedFile,
    },
    /// Cancelled after `done` files.
    Cancelled { done: usize, total: usize },
}

/// The sentence a file imported before is skipped with.
pub fn already_imported(before: &PreviousImport) -> String {
    format!(
        "already imported on {} as {} “{}”; import it again to make a second copy",
        before.imported_at.get(..10).unwrap_or(&before.imported_at),
        before.kind,
        before.title
    )
}

impl ImportReport {
    fn skip(&mut self, path: String, reason: String, previous: Option<PreviousImport>) {
        self.skipped.push(path.clone());
        self.skipped_details.push(SkippedFile {
            path,
            reason,
            previous,
        });
    }
}

/// The speakers of every file the import would read, for proposing one mapping across
/// them (`Workspace::speaker_map`). Files that cannot be read, and files imported before
/// (unless `again`), are left out: their import reports them.
pub fn speaker_files(
    ws: &Workspace,
    files: &[PathBuf],
    as_: Option<ImportAs>,
    again: bool,
) -> Vec<FileSpeakers> {
    files
        .iter()
        .filter_map(|f| {
            // A feedback export has no speakers: not reading it (twice) saved a 100,000-row
            // import a second.
            if groundwork_core::import::is_feedback_file(&f.to_string_lossy(), as_) {
                return None;
            }
            let (name, bytes) = read_import_file(f).ok()?;
            if !again && ws.imported_before(&bytes).ok()?.is_some() {
                return None;
            }
            match groundwork_core::import::parse(&name, &bytes, as_).ok()? {
                Parsed::Interview(i) => Some(FileSpeakers {
                    speakers: speaker_turns(&i.segments)
                        .into_iter()
                        .map(|t| t.name)
                        .collect(),
                    host: i.host,
                }),
                _ => None,
            }
        })
        .collect()
}

/// Import every file under `request.paths` (walked by `collect`), telling `step` as it goes;
/// stops between files once `cancel` is set. The one import loop of the desktop's jobs and
/// the `groundwork import` command.
pub fn run_import(
    ws: &Workspace,
    request: &ImportPaths,
    cancel: &AtomicBool,
    step: &mut dyn FnMut(Step),
) -> ImportReport {
    let (files, skipped) = collect(&request.paths);
    let total = files.len();
    let mut report = ImportReport::default();
    for p in skipped {
        report.skip(
            p.display().to_string(),
            if is_hidden(&p) {
                "a hidden file".to_string()
            } else {
                "not a file type Groundwork imports".to_string()
            },
            None,
        );
    }
    step(Step::Start { total });
    for (i, path) in files.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            report.cancelled = true;
            step(Step::Cancelled { done: i, total });
            return report;
        }
        // `Ok(Err((reason, previous)))`: the file is skipped, and why.
        let imported = read_import_file(path).and_then(|(name, bytes)| {
            // A feedback export adds only the items that are new, so it is never skipped
            // whole; with nothing new it is reported like a file imported before.
            if groundwork_core::import::is_feedback_file(&name, request.as_) {
                let made = ws.import_feedback(&name, &bytes, request.mapping.as_ref())?;
                return Ok(
                    match made
                        .feedback
                        .as_ref()
                        .filter(|f| f.added == 0 && f.already_present > 0)
                    {
                        Some(f) => Err((
                            format!(
                                "nothing new: all {} feedback items were imported before",
                                f.already_present
                            ),
                            None,
                        )),
                        None => Ok(made),
                    },
                );
            }
            if !request.again
                && let Some(before) = ws.imported_before(&bytes)?
            {
                return Ok(Err((already_imported(&before), Some(before))));
            }
            ws.import_bytes_with(&name, &bytes, request.as_, &request.speakers)
                .map(Ok)
        });
        let imported = match imported {
            Ok(Err((reason, previous))) => {
                report.skip(path.display().to_string(), reason, previous);
                step(Step::Skipped {
                    done: i + 1,
                    total,
                    path,
                    skipped: report.skipped_details.last().expect("just pushed"),
                });
                continue;
            }
            Ok(Ok(i)) => Ok(i),
            Err(e) => Err(e),
        };
        let outcome = match imported {
            Ok(imported) => {
                report.imported.push(imported);
                Ok(report.imported.last().expect("just pushed"))
            }
            Err(e) => {
                report.failed.push(ImportFailure {
                    path: path.display().to_string(),
                    error: ErrorBody::from(&e),
                });
                Err(report.failed.last().expect("just pushed"))
            }
        };
        step(Step::File {
            done: i + 1,
            total,
            path,
            outcome,
        });
    }
    report
}

/// `groundwork import`: files and folders, with one speaker mapping for the whole batch. It
/// is what the CLI runs on a workspace it opened, and what it hands to the process that has
/// the workspace open (`crate::handoff`), so both print the same.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImportBatch {
    pub paths: Vec<PathBuf>,
    #[serde(default, rename = "as")]
    pub as_: Option<ImportAs>,
    #[serde(default)]
    pub speakers: SpeakerMode,
    /// Import files that were imported before too (otherwise they are skipped).
    #[serde(default)]
    pub again: bool,
    /// The column mapping for feedback exports.
    #[serde(default)]
    pub mapping: Option<FeedbackMapping>,
}

/// A [`Step`] that can travel: each file's outcome of an [`ImportBatch`], as it lands.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum ImportStep {
    Start {
        total: usize,
    },
    Imported {
        done: usize,
        total: usize,
        imported: Imported,
    },
    Failed {
        done: usize,
        total: usize,
        failure: ImportFailure,
    },
    Skipped {
        done: usize,
        total: usize,
        skipped: SkippedFile,
    },
    Cancelled {
        done: usize,
        total: usize,
    },
}

impl From<Step<'_>> for ImportStep {
    fn from(step: Step<'_>) -> ImportStep {
        match step {
            Step::Start { total } => ImportStep::Start { total },
            Step::File {
                done,
                total,
                outcome: Ok(imported),
                ..
            } => ImportStep::Imported {
                done,
                total,
                imported: imported.clone(),
            },
            Step::File {
                done,
                total,
                outcome: Err(failure),
                ..
            } => ImportStep::Failed {
                done,
                total,
                failure: failure.clone(),
            },
            Step::Skipped {
                done,
                total,
                skipped,
                ..
            } => ImportStep::Skipped {
                done,
                total,
                skipped: skipped.clone(),
            },
            Step::Cancelled { done, total } => ImportStep::Cancelled { done, total },
        }
    }
}

/// Run an [`ImportBatch`]: map the speakers of all its files at once (who speaks in most
/// files is only known from all of them), import file by file telling `step`, and leave
/// everything imported searchable before answering.
pub fn import_batch(
    ws: &Workspace,
    batch: &ImportBatch,
    cancel: &AtomicBool,
    step: &mut dyn FnMut(ImportStep),
) -> groundwork_core::Result<ImportReport> {
    let speakers = match &batch.speakers {
        SpeakerMode::Keep => SpeakerMap::new(),
        mode => {
            let (files, _) = collect(&batch.paths);
            let found = speaker_files(ws, &files, batch.as_, batch.again);
            ws.speaker_map(mode, &found)?
        }
    };
    let request = ImportPaths {
        job_id: String::new(),
        paths: batch.paths.clone(),
        as_: batch.as_,
        speakers,
        again: batch.again,
        mapping: batch.mapping.clone(),
    };
    let report = run_import(ws, &request, cancel, &mut |s| step(s.into()));
    ws.flush_index()?;
    Ok(report)
}

/// `run_import` telling `progress` after each file (the desktop's `job-progress` events).
pub fn import_paths(
    ws: &Workspace,
    request: &ImportPaths,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(JobProgress),
) -> ImportReport {
    let mut tell = |done: usize, total: usize, message: String| {
        progress(JobProgress {
            job_id: request.job_id.clone(),
            done,
            total,
            message,
        })
    };
    run_import(ws, request, cancel, &mut |step| match step {
        Step::Start { total } => tell(0, total, format!("Importing {total} files")),
        Step::File {
            done, total, path, ..
        } => {
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            tell(done, total, name)
        }
        Step::Skipped {
            done, total, path, ..
        } => tell(
            done,
            total,
            path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
        ),
        Step::Cancelled { done, total } => tell(done, total, "Cancelled".into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn request(paths: Vec<PathBuf>) -> ImportPaths {
        ImportPaths {
            job_id: "job-1".into(),
            paths,
            as_: None,
            speakers: SpeakerMap::new(),
            again: false,
            mapping: None,
        }
    }

    /// A folder is previewed file by file (nothing saved), and the mapping chosen from the
    /// preview applies to every file of the job.
    #[test]
    fn folders_preview_then_import_with_the_mapping() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::init(&dir.path().join("ws")).unwrap();
        let drop = dir.path().join("calls");
        fs::create_dir_all(&drop).unwrap();
        for (name, who) in [("a.vtt", "Ana"), ("b.vtt", "Ana")] {
            fs::write(
                drop.join(name),
                format!("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Mel>Why?\n\n00:00:02.000 --> 00:00:03.000\n<v {who}>Because of {name}.\n"),
            )
            .unwrap();
        }
        fs::write(drop.join("broken.vtt"), "not captions").unwrap();
        let previews = crate::local::handle_local(
            &ws,
            crate::local::LocalRequest::PreviewPaths {
                paths: vec![drop.clone()],
                r#as: None,
            },
        )
        .unwrap();
        assert_eq!(previews.as_array().unwrap().len(), 2);
        assert_eq!(previews[0]["speakers"][0]["name"], "Mel");
        assert!(ws.interviews().unwrap().is_empty());

        let mut req = request(vec![drop]);
        req.speakers = [
            (
                "Mel".to_string(),
                groundwork_core::speakers::SpeakerTarget::Interviewer,
            ),
            (
                "Ana".to_string(),
                groundwork_core::speakers::SpeakerTarget::NewParticipant {
                    name: "Ana".into(),
                    company: None,
                },
            ),
        ]
        .into_iter()
        .collect();
        let report = import_paths(&ws, &req, &AtomicBool::new(false), &mut |_| {});
        assert_eq!((report.imported.len(), report.failed.len()), (2, 1));
        let people = ws.participants().unwrap();
        assert_eq!(people.len(), 1, "one Ana for both files");
        for iv in ws.interviews().unwrap() {
            assert_eq!(iv.input.interviewer, "Mel");
            assert_eq!(iv.input.participant_ids, [people[0].id.clone()]);
        }

        // The same folder again: both files are skipped as imported before, with the reason;
        // asked to, the job imports them again.
        let mut skipped = Vec::new();
        let again = run_import(&ws, &req, &AtomicBool::new(false), &mut |s| {
            if let Step::Skipped { skipped: s, .. } = s {
                skipped.push(s.reason.clone());
            }
        });
        assert_eq!((again.imported.len(), again.failed.len()), (0, 1));
        assert_eq!(skipped.len(), 2);
        assert!(
            skipped[0].starts_with("already imported on "),
            "{skipped:?}"
        );
        let dup = again
            .skipped_details
            .iter()
            .find(|s| s.path.ends_with("a.vtt"))
            .unwrap();
        assert_eq!(dup.previous.as_ref().unwrap().title, "a");
        assert!(again.skipped.iter().any(|p| p.ends_with("a.vtt")));
        req.again = true;
        let forced = import_paths(&ws, &req, &AtomicBool::new(false), &mut |_| {});
        assert_eq!(forced.imported.len(), 2);
        assert_eq!(forced.imported[0].title, "calls a", "a distinct title");
    }

    #[test]
    fn a_folder_imports_what_it_can_read_and_reports_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::init(&dir.path().join("ws")).unwrap();
        let drop = dir.path().join("drop");
        fs::create_dir_all(drop.join("nested")).unwrap();
        fs::write(
            drop.join("a.md"),
            "# Call with Ana\n\nShe exports invoices by hand.\n",
        )
        .unwrap();
        fs::write(
            drop.join("nested/b.vtt"),
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>Hello there\n",
        )
        .unwrap();
        fs::write(drop.join("broken.vtt"), "not a caption file at all").unwrap();
        fs::write(drop.join("photo.jpg"), [0xff, 0xd8]).unwrap();
        fs::write(drop.join(".DS_Store"), "x").unwrap();

        let mut seen = Vec::new();
        let report = import_paths(
            &ws,
            &request(vec![drop.clone()]),
            &AtomicBool::new(false),
            &mut |p| seen.push(p),
        );

        let imported: Vec<&str> = report.imported.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(
            report.imported.len(),
            2,
            "imported {imported:?}, failed {:?}",
            report.failed
        );
        assert_eq!(report.failed.len(), 1);
        assert!(report.failed[0].path.ends_with("broken.vtt"));
        assert_eq!(report.skipped.len(), 2, "{:?}", report.skipped);
        assert!(!report.cancelled);
        // Progress starts at 0 and counts every file, ending at the total.
        assert_eq!(seen.first().map(|p| (p.done, p.total)), Some((0, 3)));
        assert_eq!(seen.last().map(|p| (p.done, p.total)), Some((3, 3)));
        assert!(seen.iter().all(|p| p.job_id == "job-1"));
        assert_eq!(
            ws.interviews().unwrap().len() + ws.notes().unwrap().len(),
            2
        );
    }

    #[test]
    fn a_cancelled_job_imports_nothing_more() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::init(&dir.path().join("ws")).unwrap();
        let file = dir.path().join("a.md");
        fs::write(&file, "# A note\n\ntext\n").unwrap();
        let report = import_paths(
            &ws,
            &request(vec![file]),
            &AtomicBool::new(true),
            &mut |_| {},
        );
        assert!(report.cancelled);
        assert!(report.imported.is_empty() && report.failed.is_empty());
        assert!(ws.notes().unwrap().is_empty() && ws.interviews().unwrap().is_empty());
    }
}
