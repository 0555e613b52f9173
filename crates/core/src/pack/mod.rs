//! Research packs: what customers said, written out for people who do not run Groundwork (a
//! Markdown vault, CSV tables) — chosen by a scope, with what a participant withdrew left out
//! and personal data redacted on request. The workspace is only read; a pack is built whole
//! in memory, so the preview counts exactly what the export writes, and the export appears at
//! its path only once every file is written.

mod contents;
pub(crate) mod csv;
mod gwpack;
mod html;
mod import;
mod markdown;
pub mod redact;
mod refi;
mod refi_read;

use crate::error::{Error, Result};
use crate::model::{KindCounts, ObjectKind};
use crate::workspace::Workspace;
use contents::Contents;
pub use contents::LeftOut;
pub use import::PackImport;
use redact::{RedactOptions, Redactor, Replacement};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// What a pack is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PackFormat {
    /// A folder a note tool such as Obsidian opens as a vault: a file per interview, insight,
    /// persona and tree, with front matter and wiki links.
    Md,
    /// Tables for a spreadsheet: highlights, insights, feedback, participants, the codebook.
    Csv,
    /// A static site that opens from the file system with no server or network: pages per
    /// interview, insight, persona and tree, the codebook, feedback, and search.
    Html,
    /// The same site as one HTML file, for a small scope: opens by double-click or as an
    /// email attachment; the browser's find instead of search.
    HtmlFile,
    /// A REFI-QDA project for ATLAS.ti, MAXQDA, NVivo or QualCoder: interviews as text
    /// sources with their codings, the codebook, participants as cases, insights and notes.
    Qdpx,
    /// A REFI-QDA codebook: the tags, their hierarchy, colours and descriptions.
    Qdc,
    /// A Groundwork pack: the objects themselves, for a colleague's Groundwork to merge by
    /// identity (`import_pack`).
    Gwpack,
}

impl PackFormat {
    /// A short name for files and folders of this format.
    pub fn extension(self) -> &'static str {
        match self {
            PackFormat::Md => "md",
            PackFormat::Csv => "csv",
            PackFormat::Html | PackFormat::HtmlFile => "html",
            PackFormat::Qdpx => "qdpx",
            PackFormat::Qdc => "qdc",
            PackFormat::Gwpack => "gwpack",
        }
    }

    /// Whether a pack of this format is one file (written as it is) rather than a folder
    /// (written as a folder, or zipped).
    pub fn single_file(self) -> bool {
        matches!(
            self,
            PackFormat::HtmlFile | PackFormat::Qdpx | PackFormat::Qdc | PackFormat::Gwpack
        )
    }
}

/// What goes into a pack. Empty lists mean "all"; a list names the objects to take.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct PackScope {
    /// Interviews (with their transcripts and highlights); empty: all.
    pub interview_ids: Vec<String>,
    /// Only highlights carrying these tags or tags below them; empty: all.
    pub tag_ids: Vec<String>,
    /// Only what these participants said; empty: everyone.
    pub participant_ids: Vec<String>,
    pub insight_ids: Vec<String>,
    pub persona_ids: Vec<String>,
    pub tree_ids: Vec<String>,
    /// Whether feedback items go in.
    pub feedback: bool,
    /// Whether workshops' results go in: each board's groups ranked by votes, with their
    /// notes (never who wrote or voted what).
    pub workshops: bool,
    /// Interviews on or after this date, feedback received on or after it (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// … and up to this date, inclusive.
    pub to: Option<String>,
    /// Leave out what participants whose consent is unknown said, as well as what those
    /// who withdrew it said (which is always left out).
    pub consented_only: bool,
    /// Only what is published for stakeholders: the insights and personas marked published
    /// (of those chosen), the highlights behind them and the interviews those come from; no
    /// notes, trees, feedback or workshops.
    pub published_only: bool,
}

impl Default for PackScope {
    fn default() -> Self {
        PackScope {
            interview_ids: Vec::new(),
            tag_ids: Vec::new(),
            participant_ids: Vec::new(),
            insight_ids: Vec::new(),
            persona_ids: Vec::new(),
            tree_ids: Vec::new(),
            feedback: true,
            workshops: true,
            from: None,
            to: None,
            consented_only: false,
            published_only: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PackRequest {
    pub format: PackFormat,
    #[serde(default)]
    pub scope: PackScope,
    #[serde(default)]
    pub redact: RedactOptions,
}

/// What a pack holds, shown before it is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PackPreview {
    pub format: PackFormat,
    /// Objects per kind in the pack (`interview`, `segment`, `highlight`, `tag`, …).
    pub counts: KindCounts,
    /// What was left out, and why.
    pub left_out: Vec<LeftOut>,
    /// Every replacement redaction makes, with how often.
    pub replacements: Vec<Replacement>,
    pub files: u64,
    /// The pack's size, exactly.
    pub bytes: u64,
}

/// An object that differs between a Groundwork pack and this workspace, and which version
/// the merge kept: the one changed last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PackConflict {
    pub kind: ObjectKind,
    pub id: String,
    pub title: String,
    /// `pack` (its version was newer and replaced ours) or `workspace` (ours was as new or
    /// newer and stays).
    pub kept: String,
    pub ours_updated_at: String,
    pub theirs_updated_at: String,
}

/// A pack written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PackReport {
    pub path: String,
    pub preview: PackPreview,
}

/// One file of a pack, by its path inside the pack (`/`-separated).
pub(crate) struct PackFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl Workspace {
    /// What a pack with this request would hold; writes nothing.
    pub fn preview_pack(&self, request: &PackRequest) -> Result<PackPreview> {
        Ok(self.build_pack(request)?.0)
    }

    /// Write a pack into a new folder at `out` (which must not exist, or be an empty folder),
    /// or, when `out` ends in `.zip`, into a new zip file holding that folder. Written beside
    /// it first and renamed into place, so a failure leaves nothing half-written.
    pub fn export_pack(&self, request: &PackRequest, out: &Path) -> Result<PackReport> {
        self.export_pack_with(request, out, None)
    }

    /// `export_pack`, telling `progress` what it is doing: reading the workspace and making
    /// the pages (no total yet), then saving each file (`done` of `total`).
    pub fn export_pack_with(
        &self,
        request: &PackRequest,
        out: &Path,
        progress: Option<&crate::ProgressFn>,
    ) -> Result<PackReport> {
        let tell = |done: usize, total: usize, message: &str| {
            if let Some(p) = progress {
                p(&crate::Progress {
                    job: "pack",
                    done,
                    total,
                    message: message.to_string(),
                });
            }
        };
        let name = out.display().to_string();
        let single = request.format.single_file();
        let zip = !single
            && out
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
        if out.exists() {
            let empty = out.is_dir()
                && std::fs::read_dir(out)
                    .map(|mut d| d.next().is_none())
                    .unwrap_or(false);
            if single || zip || !empty {
                return Err(Error::invalid(
                    "out",
                    format!("{name} already exists: choose a new name for the pack"),
                ));
            }
        }
        tell(0, 0, "Reading the workspace and making the pages");
        let (preview, files) = self.build_pack(request)?;
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let stem = out
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "research-pack".into());
        let tmp = parent.join(format!(".{stem}.partial-{}", std::process::id()));
        let write = || -> Result<()> {
            if single {
                tell(0, 1, "Saving");
                std::fs::write(&tmp, &files[0].bytes)?;
                tell(1, 1, "Saving");
                return Ok(std::fs::rename(&tmp, out)?);
            }
            if zip {
                tell(0, 1, "Compressing");
                std::fs::write(&tmp, zip_of(&stem, &files)?)?;
                tell(1, 1, "Compressing");
                return Ok(std::fs::rename(&tmp, out)?);
            }
            let _ = std::fs::remove_dir_all(&tmp);
            std::fs::create_dir_all(&tmp)?;
            for (n, f) in files.iter().enumerate() {
                let path = tmp.join(&f.path);
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                std::fs::write(&path, &f.bytes)?;
                if n % 64 == 0 || n + 1 == files.len() {
                    tell(n + 1, files.len(), "Saving");
                }
            }
            if out.exists() {
                std::fs::remove_dir(out)?;
            }
            Ok(std::fs::rename(&tmp, out)?)
        };
        write().map_err(|e| {
            let _ = std::fs::remove_dir_all(&tmp);
            let _ = std::fs::remove_file(&tmp);
            e.context(&name)
        })?;
        Ok(PackReport {
            path: name,
            preview,
        })
    }

    /// A pack as one file in memory, for a browser to download: a single-file format as it
    /// is (`name.qdpx`), a folder zipped (`name-html.zip`, its files in a folder of that
    /// name). Also the file's name.
    pub fn pack_download(
        &self,
        request: &PackRequest,
        name: &str,
    ) -> Result<(PackPreview, String, Vec<u8>)> {
        let (preview, mut files) = self.build_pack(request)?;
        let ext = request.format.extension();
        if request.format.single_file() {
            return Ok((preview, format!("{name}.{ext}"), files.remove(0).bytes));
        }
        let folder = format!("{name}-{ext}");
        let bytes = zip_of(&folder, &files)?;
        Ok((preview, format!("{folder}.zip"), bytes))
    }

    fn build_pack(&self, request: &PackRequest) -> Result<(PackPreview, Vec<PackFile>)> {
        for (field, date) in [("from", &request.scope.from), ("to", &request.scope.to)] {
            crate::model::validate_date(field, date)?;
        }
        let contents = Contents::gather(self, &request.scope)?;
        let redactor = contents.redactor(request.redact.clone());
        let pages = Pages::new(&contents, &redactor);
        let files = match request.format {
            PackFormat::Md => markdown::write(&contents, &redactor, &pages),
            PackFormat::Csv => csv::write(&contents, &redactor, &pages)?,
            PackFormat::Html => {
                html::write(&contents, &redactor, &pages, &crate::store::now()[..10])
            }
            PackFormat::HtmlFile => {
                let site = html::write(&contents, &redactor, &pages, &crate::store::now()[..10]);
                vec![html::one_page(&site, "Research pack")?]
            }
            PackFormat::Qdpx => vec![refi::project(
                &contents,
                &redactor,
                &pages,
                &crate::store::now(),
            )?],
            PackFormat::Qdc => vec![refi::codebook(&contents, &redactor)?],
            PackFormat::Gwpack => {
                let id = crate::store::get_setting(&*self.read()?, crate::store::WORKSPACE_ID)?
                    .unwrap_or_default();
                vec![gwpack::write(
                    &contents,
                    &redactor,
                    &id,
                    &crate::store::now(),
                )?]
            }
        };
        let mut counts = contents.counts();
        // What each REFI-QDA file can hold (personas, trees and feedback have no place there).
        let held: &[ObjectKind] = match request.format {
            PackFormat::Qdc => &[ObjectKind::Tag],
            PackFormat::Qdpx => &[
                ObjectKind::Participant,
                ObjectKind::Interview,
                ObjectKind::Segment,
                ObjectKind::Note,
                ObjectKind::Tag,
                ObjectKind::Highlight,
                ObjectKind::Insight,
            ],
            _ => &[],
        };
        if !held.is_empty() {
            counts.retain(|k, _| held.iter().any(|h| h.as_str() == k));
        }
        let preview = PackPreview {
            format: request.format,
            counts,
            left_out: contents.left_out.clone(),
            replacements: redactor.replacements(),
            files: files.len() as u64,
            bytes: files.iter().map(|f| f.bytes.len() as u64).sum(),
        };
        Ok((preview, files))
    }
}

/// The files in a zip, inside one folder (so unpacking makes one folder, not a mess).
fn zip_of(folder: &str, files: &[PackFile]) -> Result<Vec<u8>> {
    let paths: Vec<String> = files
        .iter()
        .map(|f| format!("{folder}/{}", f.path))
        .collect();
    crate::archive::zip_files(
        paths
            .iter()
            .zip(files)
            .map(|(p, f)| (p.as_str(), f.bytes.as_slice())),
    )
}

/// Each page of a pack (an interview, note, insight, persona or tree) by object id: its file,
/// as `folder/slug` without an extension, and its title as shown, both redacted. The site,
/// the vault and the tables name things alike.
pub(crate) struct Pages {
    pub path: HashMap<String, String>,
    pub title: HashMap<String, String>,
}

impl Pages {
    fn new(c: &Contents, r: &Redactor) -> Pages {
        let mut names = Names::default();
        let mut pages = Pages {
            path: HashMap::new(),
            title: HashMap::new(),
        };
        let mut put = |folder: &str, id: &str, title: String| {
            pages
                .path
                .insert(id.to_string(), names.file(folder, &title, id));
            pages.title.insert(id.to_string(), title);
        };
        for (i, _) in &c.interviews {
            put("interviews", &i.id, r.text(&i.input.title));
        }
        for n in &c.notes {
            put("notes", &n.id, r.text(&n.input.title));
        }
        for i in &c.insights {
            put("insights", &i.id, r.text(&i.input.title));
        }
        for p in &c.personas {
            put("personas", &p.id, c.persona_name(r, p));
        }
        for (t, _, _) in &c.trees {
            put("trees", &t.id, r.text(&t.input.title));
        }
        pages
    }

    /// The title of the page `id`, or "" for one not in the pack.
    pub fn title(&self, id: &str) -> &str {
        self.title.get(id).map_or("", String::as_str)
    }
}

/// Unique file names (folder/slug, without an extension) from titles.
#[derive(Default)]
pub(crate) struct Names {
    taken: HashSet<String>,
}

impl Names {
    pub(crate) fn file(&mut self, folder: &str, title: &str, id: &str) -> String {
        let mut slug = String::new();
        for ch in title.chars() {
            if ch.is_alphanumeric() {
                slug.extend(ch.to_lowercase());
            } else if !slug.ends_with('-') && !slug.is_empty() {
                slug.push('-');
            }
            if slug.chars().count() >= 60 {
                break;
            }
        }
        let slug = slug.trim_end_matches('-');
        let base = if slug.is_empty() {
            format!(
                "{}-{}",
                folder.trim_end_matches('s'),
                &id[..id.len().min(8)]
            )
        } else {
            slug.to_string()
        };
        let mut name = format!("{folder}/{base}");
        let mut n = 1;
        while !self.taken.insert(name.to_lowercase()) {
            n += 1;
            name = format!("{folder}/{base}-{n}");
        }
        name
    }
}

/// A persona's statements of one kind, as a heading.
pub(crate) fn statement_heading(kind: crate::model::StatementKind) -> &'static str {
    use crate::model::StatementKind as K;
    match kind {
        K::Goal => "Goals",
        K::Pain => "Pains",
        K::Job => "Jobs to be done",
        K::Behaviour => "Behaviours",
        K::Quote => "Quotes",
    }
}

/// A tree node's kind as an outline shows it.
pub(crate) fn node_label(kind: crate::model::NodeKind) -> &'static str {
    use crate::model::NodeKind as K;
    match kind {
        K::Opportunity => "Opportunity",
        K::Solution => "Solution",
        K::AssumptionTest => "Test",
    }
}

/// `m:ss` or `h:mm:ss`, as transcripts show times.
pub(crate) fn clock(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Redactor names for everyone the pack names, in a fixed order so the same workspace and
/// scope always give the same pseudonyms.
impl Contents {
    fn redactor(&self, options: RedactOptions) -> Redactor {
        let mut r = Redactor::new(options);
        for a in &self.pseudonyms {
            if a.always {
                r.always_replace(&a.name, &a.pseudonym, a.parts);
            } else {
                r.add_name(&a.name, &a.pseudonym, a.parts);
            }
        }
        r
    }
}
