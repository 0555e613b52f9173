//! `groundwork`: the command line over `groundwork_core::Workspace`. Scripts depend on the
//! flags, exit codes and `--json` shapes here: change them only by adding.

mod backup;
mod bench;
mod feedback;
mod import;
mod output;
mod pack;
mod serve;
mod target;
mod tree;
mod workshop;

use clap::{Parser, Subcommand, ValueEnum};
use groundwork_core::model::ObjectKind;
use groundwork_core::search::SearchRequest;
use groundwork_core::{Error, OpenOptions, Workspace};
use output::{Out, fail};
use std::path::PathBuf;
use std::process::ExitCode;
use target::{Target, needs_it_alone};

#[derive(Parser)]
#[command(
    name = "groundwork",
    version,
    about = "Groundwork: customer interviews, personas and opportunity trees, searchable on your laptop"
)]
struct Cli {
    /// The workspace folder (default: your data folder's Groundwork/workspaces/default).
    #[arg(long, global = true, env = "GROUNDWORK_WORKSPACE", value_name = "DIR")]
    workspace: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum PersonaCommand {
    /// Import personas from a Markdown file: each persona a heading, with sections or
    /// lists for goals, pains, jobs, behaviours and quotes. All of the file or nothing.
    Import {
        #[arg(value_name = "FILE.md")]
        file: PathBuf,
        /// Show what would be imported and save nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print the personas read as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum Command {
    /// Make a new, empty workspace (or, with --demo, one seeded with the demo research project).
    Init {
        /// Seed the new workspace with the demo project the desktop app shows on first run.
        #[arg(long)]
        demo: bool,
    },
    /// Import interviews, transcripts, notes, feedback and personas from files or folders.
    Import {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// What the files are, instead of telling by extension and content.
        #[arg(long = "as", value_enum)]
        as_: Option<ImportKind>,
        /// Who the speakers of transcripts are: `auto` links each to a participant of the same
        /// name or a new one, and takes the interviewer (the host the file names, whoever
        /// speaks in most of the files, or someone mapped so before) apart; `keep` leaves
        /// labels as written; FILE.json maps names as written to
        /// {"to":"participant","id":…} | {"to":"new_participant","name":…} |
        /// {"to":"interviewer"} | {"to":"keep"}, the other speakers as `auto`.
        #[arg(long, default_value = "auto", value_name = "auto|keep|FILE.json")]
        speakers: String,
        /// Import files again that were imported before (otherwise they are skipped).
        /// Feedback exports are never skipped whole: they add only the items that are new.
        #[arg(long)]
        again: bool,
        /// For feedback exports: FILE.json maps columns to roles, as `--json` reports the
        /// mapping used ({"columns": [{"name": "Comment", "role": "text"}, …]}); without it,
        /// the mapping last used for files with the same columns, or a guess.
        #[arg(long, value_name = "FILE.json")]
        mapping: Option<PathBuf>,
        /// Print one JSON report at the end.
        #[arg(long)]
        json: bool,
    },
    /// Feedback: the numbers a team reviews.
    Feedback {
        #[command(subcommand)]
        command: FeedbackCommand,
    },
    /// Personas: import them from Markdown.
    Persona {
        #[command(subcommand)]
        command: PersonaCommand,
    },
    /// Workshops: run one from this laptop (the room joins from their phones), list them,
    /// export their results.
    Workshop {
        #[command(subcommand)]
        command: WorkshopCommand,
    },
    /// Search everything in the workspace.
    Search {
        query: String,
        /// Only this kind (interview, segment, note, highlight, insight, persona, tree_node, feedback, …); repeatable.
        #[arg(long = "kind", value_name = "K")]
        kinds: Vec<String>,
        /// Only things tagged with this tag or its children; repeatable.
        #[arg(long = "tag", value_name = "T")]
        tags: Vec<String>,
        /// Only things said by or about this participant; repeatable.
        #[arg(long = "participant", value_name = "P")]
        participants: Vec<String>,
        /// Only things linked to this persona; repeatable.
        #[arg(long = "persona", value_name = "P")]
        personas: Vec<String>,
        /// From this date (YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Up to this date (YYYY-MM-DD), inclusive.
        #[arg(long)]
        to: Option<String>,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Treat the last word as a prefix (as the search box does while you type).
        #[arg(long)]
        prefix: bool,
        #[arg(long)]
        json: bool,
    },
    /// Opportunity solution trees: import Markdown outlines, list, export.
    Tree {
        #[command(subcommand)]
        command: TreeCommand,
    },
    /// Research packs: export the workspace, or a part of it, to share.
    Pack {
        #[command(subcommand)]
        command: PackCommand,
    },
    /// Counts per kind, index size and indexing lag.
    Stats {
        #[arg(long)]
        json: bool,
    },
    /// Check the database and that the search index agrees with it; exit 1 if anything is wrong.
    Check {
        #[arg(long)]
        json: bool,
    },
    /// Rebuild the search index from the database.
    Reindex,
    /// Back the database up now, into the workspace's backups/ folder or to --out FILE.
    Backup {
        /// Write the backup here instead (a new file).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// List the backups in the workspace's backups/ folder: date, size and what each holds.
    Backups {
        #[arg(long)]
        json: bool,
    },
    /// Replace the database with a backup (a name from `groundwork backups`, or a file), after
    /// checking it and keeping the current database as a backup; the index is rebuilt.
    Restore {
        #[arg(value_name = "BACKUP")]
        backup: String,
        #[arg(long)]
        json: bool,
    },
    /// Serve the workspace and its UI to a browser on this computer, behind a one-time link;
    /// runs until Ctrl+C.
    Serve {
        /// Where to listen, on loopback [default: 127.0.0.1:4820, or a free port when taken].
        #[arg(long, value_name = "ADDR")]
        addr: Option<std::net::SocketAddr>,
        /// Open the link in the default browser.
        #[arg(long)]
        open: bool,
        /// The built UI [default: $GROUNDWORK_UI_DIR, else the repository's ui/dist].
        #[arg(long, value_name = "DIR")]
        ui: Option<PathBuf>,
    },
    /// Measure import, search, edit-to-searchable and open times against SQLite FTS5 and a
    /// brute-force scan on synthetic workspaces (uses temp folders; --workspace is ignored).
    Bench {
        /// Workspace sizes in documents, comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "1000,10000,100000")]
        docs: Vec<usize>,
        /// Write every figure as JSON here.
        #[arg(long, value_name = "PATH")]
        json: Option<PathBuf>,
        /// Write the side-by-side table as Markdown here.
        #[arg(long, value_name = "PATH")]
        markdown: Option<PathBuf>,
        /// Repetitions per query class (at most 100 above 100k documents; the scan does a
        /// fifth of them above 10k).
        #[arg(long, default_value_t = 200)]
        reps: usize,
        /// Which engines to measure, comma-separated (groundwork, fts5, scan).
        #[arg(long, value_delimiter = ',', default_value = "groundwork,fts5,scan")]
        engines: Vec<String>,
    },
    /// Time opening a store in a fresh process (used by `bench`).
    #[command(hide = true)]
    BenchOpen { engine: String, path: PathBuf },
    /// Fill a new workspace with the bench's synthetic research (for the UI benchmarks).
    #[command(hide = true)]
    BenchSeed {
        #[arg(long, default_value_t = 100_000)]
        docs: usize,
    },
}

#[derive(Subcommand)]
enum TreeCommand {
    /// Make a new tree from a Markdown nested list (`# Outcome`, then `- Opportunity: …`
    /// items, nested by indenting); nothing is stored if any line is wrong.
    Import {
        #[arg(value_name = "FILE.md")]
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// The trees in the workspace, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Write a tree as a Markdown outline, JSON or SVG.
    Export {
        #[arg(value_name = "TREE_ID")]
        id: String,
        #[arg(long, value_enum)]
        format: TreeFormat,
        /// Where to write it [default: standard output].
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
// Parsed once per run: the export's many flags make it larger than the import, which costs
// nothing worth an indirection.
#[allow(clippy::large_enum_variant)]
enum PackCommand {
    /// Write a research pack into a new folder (or, with --out NAME.zip, a zip of it): a
    /// static site that opens offline (html), a Markdown vault (md) or CSV tables (csv); or
    /// into a new file: a REFI-QDA project (qdpx) or codebook (qdc) for ATLAS.ti, MAXQDA,
    /// NVivo or QualCoder. What participants withdrew consent for is always left out.
    Export {
        #[arg(long, value_enum)]
        format: PackFormatArg,
        /// The new folder to write the pack into, or a new NAME.zip; for html-file, qdpx, qdc
        /// and gwpack, the new file.
        #[arg(long, value_name = "DIR|FILE")]
        out: PathBuf,
        /// Only these interviews (ids); repeatable [default: all].
        #[arg(long = "interview", value_name = "ID")]
        interviews: Vec<String>,
        /// Only highlights with these tags or tags below them (id, name or path); repeatable.
        #[arg(long = "tag", value_name = "T")]
        tags: Vec<String>,
        /// Only what these participants said (ids); repeatable.
        #[arg(long = "participant", value_name = "ID")]
        participants: Vec<String>,
        /// Only these insights (ids); repeatable [default: all].
        #[arg(long = "insight", value_name = "ID")]
        insights: Vec<String>,
        /// Only these personas (ids); repeatable [default: all].
        #[arg(long = "persona", value_name = "ID")]
        personas: Vec<String>,
        /// Only these trees (ids); repeatable [default: all].
        #[arg(long = "tree", value_name = "ID")]
        trees: Vec<String>,
        /// Leave feedback items out.
        #[arg(long)]
        no_feedback: bool,
        /// Leave workshops' results out.
        #[arg(long)]
        no_workshops: bool,
        /// Interviews and feedback from this date (YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// … up to this date, inclusive.
        #[arg(long)]
        to: Option<String>,
        /// Leave out what participants whose consent is unknown said, too.
        #[arg(long)]
        consented_only: bool,
        /// Only what is published for stakeholders: published insights and personas, their
        /// evidence and the interviews it comes from.
        #[arg(long)]
        published_only: bool,
        /// Redact names (pseudonyms P01, P02 …), emails, phones, urls, or all; comma-separated.
        #[arg(long, value_delimiter = ',', value_name = "WHAT")]
        redact: Vec<String>,
        /// Also replace the words and phrases in this file (one per line) with [redacted].
        #[arg(long, value_name = "FILE")]
        redact_words: Option<PathBuf>,
        /// Show what the pack would hold and every replacement; write nothing.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// Merge a Groundwork pack (.gwpack) from a colleague, or a REFI-QDA project (.qdpx) or
    /// codebook (.qdc) from ATLAS.ti, MAXQDA, NVivo or QualCoder, into the workspace, as one
    /// step undo takes back. A .gwpack merges by identity: new objects are added, identical
    /// ones skipped, and of an object changed on both sides the version changed last is kept
    /// (the other stays in the history). REFI-QDA: codes become tags (joining tags of the same
    /// name), text sources interviews, selections highlights, cases participants, notes notes.
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Say what would be added; change nothing.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum PackFormatArg {
    Md,
    Csv,
    Html,
    /// The website as one .html file (small scopes).
    HtmlFile,
    Qdpx,
    Qdc,
    /// A Groundwork pack a colleague merges with `groundwork pack import`.
    Gwpack,
}

#[derive(Clone, Copy, ValueEnum)]
enum TreeFormat {
    Md,
    Json,
    Svg,
}

impl From<TreeFormat> for groundwork_core::trees::ExportFormat {
    fn from(f: TreeFormat) -> Self {
        use groundwork_core::trees::ExportFormat;
        match f {
            TreeFormat::Md => ExportFormat::Md,
            TreeFormat::Json => ExportFormat::Json,
            TreeFormat::Svg => ExportFormat::Svg,
        }
    }
}

#[derive(Subcommand)]
enum FeedbackCommand {
    /// Items per triage state, NPS (0–10: promoters 9–10, detractors 0–6) and CSAT (1–5: the
    /// share of 4 and 5), overall and, with --by, per tag (of the quotes coded in the items),
    /// segment, source or month.
    Stats {
        #[arg(long, value_enum)]
        by: Option<StatsByArg>,
        /// Print JSON: {"items", "states", "nps", "csat", "groups"}.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum WorkshopCommand {
    /// Make a workshop (or resume one) and open its room: prints the join link, the code
    /// and the facilitator's link, then serves until Ctrl+C or SIGTERM (the workshop is kept).
    Start {
        #[arg(long, value_enum)]
        recipe: Option<RecipeArg>,
        #[arg(long)]
        title: Option<String>,
        /// The tree a How-Might-We or prioritise-tree workshop works on.
        #[arg(long, value_name = "ID")]
        tree: Option<String>,
        /// The tree's nodes to seed the board with [default: its target opportunity (hmw) or
        /// every opportunity (prioritise-tree)]; repeatable.
        #[arg(long = "node", value_name = "ID")]
        nodes: Vec<String>,
        /// Where the room listens [default: 127.0.0.1, a free port]. An address other machines
        /// reach (the laptop's Wi-Fi address) lets the people on that network join.
        #[arg(long, value_name = "IP:PORT")]
        addr: Option<std::net::SocketAddr>,
        /// Print one JSON object: {"id", "join_url", "code", "facilitator_url"}.
        #[arg(long)]
        json: bool,
        /// Continue a workshop that was stopped (notes, votes and phones' seats are kept).
        #[arg(long, value_name = "ID", conflicts_with_all = ["recipe", "title", "tree", "nodes"])]
        resume: Option<String>,
        /// The built UI [default: $GROUNDWORK_UI_DIR, else the repository's ui/dist].
        #[arg(long, value_name = "DIR")]
        ui: Option<PathBuf>,
    },
    /// The workspace's workshops, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// A workshop's results: its boards' groups ranked by votes, with their notes.
    Export {
        id: String,
        #[arg(long, value_enum, default_value = "md")]
        format: WorkshopFormatArg,
        /// Write to this file instead of stdout.
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum RecipeArg {
    Hmw,
    NoteAndVote,
    Ldj,
    PrioritiseTree,
}

#[derive(Clone, Copy, ValueEnum)]
enum WorkshopFormatArg {
    Md,
    Csv,
    Svg,
}

#[derive(Clone, Copy, ValueEnum)]
enum StatsByArg {
    Tag,
    Segment,
    Source,
    Month,
}

#[derive(Clone, Copy, ValueEnum)]
enum ImportKind {
    Interview,
    Note,
    Feedback,
    Persona,
}

impl From<ImportKind> for groundwork_core::import::ImportAs {
    fn from(k: ImportKind) -> Self {
        use groundwork_core::import::ImportAs;
        match k {
            ImportKind::Interview => ImportAs::Interview,
            ImportKind::Note => ImportAs::Note,
            ImportKind::Feedback => ImportAs::Feedback,
            ImportKind::Persona => ImportAs::Persona,
        }
    }
}

/// What this run does with the workspace, as another process that finds it busy is told.
fn purpose(command: &Command) -> String {
    let name = match command {
        Command::Init { .. } => "init",
        Command::Import { .. } => "import",
        Command::Persona { .. } => "persona import",
        Command::Search { .. } => "search",
        Command::Tree { .. } => "tree",
        Command::Pack { .. } => "pack",
        Command::Stats { .. } => "stats",
        Command::Feedback { .. } => "feedback stats",
        Command::Workshop { .. } => "workshop",
        Command::Check { .. } => "check",
        Command::Reindex => "reindex",
        Command::Backup { .. } => "backup",
        Command::Backups { .. } => "backups",
        Command::Restore { .. } => "restore",
        Command::Serve { .. } => "serve",
        Command::Bench { .. } => "bench",
        Command::BenchOpen { .. } => "bench-open",
        Command::BenchSeed { .. } => "bench-seed",
    };
    format!("groundwork {name}")
}

static PURPOSE: std::sync::OnceLock<String> = std::sync::OnceLock::new();

fn open(cli_path: Option<PathBuf>, create: bool) -> Result<Workspace, Error> {
    let (path, is_default) = match cli_path {
        Some(p) => (p, false),
        None => (Workspace::default_path()?, true),
    };
    // A rebuild of a missing or damaged index shows a progress bar when someone is watching.
    let progress: Option<groundwork_core::ProgressFn> = Out::new()
        .progress(0, "Rebuilding the search index")
        .map(|bar| {
            let f: groundwork_core::ProgressFn =
                std::sync::Arc::new(move |p: &groundwork_core::Progress| {
                    bar.set_length(p.total as u64);
                    bar.set_position(p.done as u64);
                    if p.done == p.total {
                        bar.finish_and_clear();
                    }
                });
            f
        });
    // The default workspace appears on first use; a named one must be made with `init`.
    let ws = Workspace::open_with(
        &path,
        OpenOptions {
            create: create || is_default,
            progress,
            purpose: PURPOSE.get().cloned(),
            ..Default::default()
        },
    )?;
    // Said once per workspace and place (the app shows the same warning as a banner).
    for w in ws.location_warnings() {
        eprintln!("warning: {}", w.message);
        let _ = ws.acknowledge_location_warning(&w.code);
    }
    if let Some(why) = ws.read_only() {
        eprintln!(
            "note: this workspace is open for reading only ({why}); changes will be refused."
        );
    }
    Ok(ws)
}

/// Open the workspace for a command that is not handed to a process that has it open; when
/// one has, say which and to close it first.
fn run_workshop(path: Option<PathBuf>, command: WorkshopCommand) -> Result<ExitCode, Error> {
    use groundwork_core::model::workshop::{Recipe, WorkshopFormat};
    match command {
        WorkshopCommand::Start {
            recipe,
            title,
            tree,
            nodes,
            addr,
            json,
            resume,
            ui,
        } => open_alone(path, "groundwork workshop start").and_then(|ws| {
            workshop::start(
                ws,
                workshop::Start {
                    recipe: recipe.map(|r| match r {
                        RecipeArg::Hmw => Recipe::Hmw,
                        RecipeArg::NoteAndVote => Recipe::NoteAndVote,
                        RecipeArg::Ldj => Recipe::Ldj,
                        RecipeArg::PrioritiseTree => Recipe::PrioritiseTree,
                    }),
                    title,
                    tree,
                    nodes,
                    addr,
                    json,
                    resume,
                    ui,
                },
            )
        }),
        WorkshopCommand::List { json } => {
            Target::open(path, "groundwork workshop list").and_then(|t| workshop::list(&t, json))
        }
        WorkshopCommand::Export { id, format, out } => {
            Target::open(path, "groundwork workshop export").and_then(|t| {
                let format = match format {
                    WorkshopFormatArg::Md => WorkshopFormat::Md,
                    WorkshopFormatArg::Csv => WorkshopFormat::Csv,
                    WorkshopFormatArg::Svg => WorkshopFormat::Svg,
                };
                workshop::export(&t, &id, format, out)
            })
        }
    }
}

fn open_alone(path: Option<PathBuf>, command: &str) -> Result<Workspace, Error> {
    let root = match &path {
        Some(p) => p.clone(),
        None => Workspace::default_path()?,
    };
    open(path, false).map_err(|e| needs_it_alone(e, &root, command))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let _ = PURPOSE.set(purpose(&cli.command));
    let out = Out::new();
    let result = match cli.command {
        Command::Init { demo } => init(cli.workspace, demo),
        Command::Import {
            paths,
            as_,
            speakers,
            again,
            mapping,
            json,
        } => import::speaker_mode(&speakers).and_then(|mode| {
            let mapping = mapping.as_deref().map(feedback::read_mapping).transpose()?;
            Target::open(cli.workspace, "groundwork import").and_then(|mut target| {
                import::run(
                    &mut target,
                    &import::Options {
                        paths,
                        as_: as_.map(Into::into),
                        speakers: mode,
                        again,
                        mapping,
                        json,
                    },
                    &out,
                )
            })
        }),
        Command::Feedback {
            command: FeedbackCommand::Stats { by, json },
        } => Target::open(cli.workspace, "groundwork feedback stats").and_then(|target| {
            let by = by.map(|b| match b {
                StatsByArg::Tag => groundwork_core::feedback::StatsBy::Tag,
                StatsByArg::Segment => groundwork_core::feedback::StatsBy::Segment,
                StatsByArg::Source => groundwork_core::feedback::StatsBy::Source,
                StatsByArg::Month => groundwork_core::feedback::StatsBy::Month,
            });
            feedback::stats(&target, by, json)
        }),
        Command::Workshop { command } => run_workshop(cli.workspace, command),
        Command::Persona {
            command:
                PersonaCommand::Import {
                    file,
                    dry_run,
                    json,
                },
        } => persona_import(cli.workspace, &file, dry_run, json),
        Command::Search {
            query,
            kinds,
            tags,
            participants,
            personas,
            from,
            to,
            limit,
            prefix,
            json,
        } => {
            let kinds = match kinds
                .iter()
                .map(|k| parse_kind(k))
                .collect::<Result<Vec<_>, _>>()
            {
                Ok(k) => k,
                Err(e) => return fail(&e, 2),
            };
            let req = SearchRequest {
                query,
                kinds,
                tags,
                participants,
                personas,
                date_from: from,
                date_to: to,
                limit,
                offset: 0,
                as_you_type: prefix,
                any_word: false,
            };
            Target::open(cli.workspace, "groundwork search").and_then(|target| {
                let results = target.ask(groundwork_api::Request::Search { request: req })?;
                output::search(&results, json, &out);
                Ok(ExitCode::SUCCESS)
            })
        }
        Command::Tree { command } => {
            Target::open(cli.workspace, "groundwork tree").and_then(|target| match command {
                TreeCommand::Import { file, json } => tree::import(&target, &file, json),
                TreeCommand::List { json } => tree::list(&target, json, &out),
                TreeCommand::Export { id, format, out } => {
                    tree::export(&target, &id, format.into(), out.as_deref())
                }
            })
        }
        Command::Pack {
            command:
                PackCommand::Import {
                    file,
                    dry_run,
                    json,
                },
        } => Target::open(cli.workspace, "groundwork pack import")
            .and_then(|mut target| pack::import(&mut target, &file, dry_run, json)),
        Command::Pack {
            command:
                PackCommand::Export {
                    format,
                    out: dir,
                    interviews,
                    tags,
                    participants,
                    insights,
                    personas,
                    trees,
                    no_feedback,
                    no_workshops,
                    from,
                    to,
                    consented_only,
                    published_only,
                    redact,
                    redact_words,
                    dry_run,
                    json,
                },
        } => {
            let redact = match pack::redact_options(&redact) {
                Ok(r) => r,
                Err(e) => return fail(&e, 2),
            };
            let request = groundwork_core::pack::PackRequest {
                format: match format {
                    PackFormatArg::Md => groundwork_core::pack::PackFormat::Md,
                    PackFormatArg::Csv => groundwork_core::pack::PackFormat::Csv,
                    PackFormatArg::Html => groundwork_core::pack::PackFormat::Html,
                    PackFormatArg::HtmlFile => groundwork_core::pack::PackFormat::HtmlFile,
                    PackFormatArg::Qdpx => groundwork_core::pack::PackFormat::Qdpx,
                    PackFormatArg::Qdc => groundwork_core::pack::PackFormat::Qdc,
                    PackFormatArg::Gwpack => groundwork_core::pack::PackFormat::Gwpack,
                },
                scope: groundwork_core::pack::PackScope {
                    interview_ids: interviews,
                    tag_ids: Vec::new(), // resolved from names by pack::export
                    participant_ids: participants,
                    insight_ids: insights,
                    persona_ids: personas,
                    tree_ids: trees,
                    feedback: !no_feedback,
                    workshops: !no_workshops,
                    from,
                    to,
                    consented_only,
                    published_only,
                },
                redact,
            };
            Target::open(cli.workspace, "groundwork pack export").and_then(|mut target| {
                pack::export(
                    &mut target,
                    pack::Options {
                        request,
                        out: dir,
                        tags,
                        redact_words,
                        dry_run,
                        json,
                    },
                )
            })
        }
        Command::Stats { json } => {
            Target::open(cli.workspace, "groundwork stats").and_then(|target| {
                output::stats(&target.ask(groundwork_api::Request::Stats {})?, json);
                Ok(ExitCode::SUCCESS)
            })
        }
        Command::Check { json } => {
            Target::open(cli.workspace, "groundwork check").and_then(|target| {
                let report: groundwork_core::workspace::CheckReport =
                    target.ask(groundwork_api::Request::Check {})?;
                output::check(&report, json);
                Ok(if report.ok {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                })
            })
        }
        Command::Reindex => Target::open(cli.workspace, "groundwork reindex")
            .and_then(|target| reindex(&target, &out)),
        Command::Backup { out: file, json } => Target::open(cli.workspace, "groundwork backup")
            .and_then(|mut target| backup::backup(&mut target, file.as_deref(), json)),
        Command::Backups { json } => Target::open(cli.workspace, "groundwork backups")
            .and_then(|target| backup::list(&target, json)),
        Command::Restore { backup, json } => {
            let root = match cli
                .workspace
                .clone()
                .map_or_else(Workspace::default_path, Ok)
            {
                Ok(r) => r,
                Err(e) => return fail(&e, 1),
            };
            let opened = open_alone(cli.workspace, "groundwork restore");
            backup::restore(opened, &root, &backup, json, &out)
        }
        Command::Serve {
            addr,
            open: browser,
            ui,
        } => open_alone(cli.workspace, "groundwork serve")
            .and_then(|ws| serve::run(ws, addr, browser, ui)),
        Command::Bench {
            docs,
            json,
            markdown,
            reps,
            engines,
        } => bench::run(&bench::Options {
            docs,
            json,
            markdown,
            reps,
            engines,
        })
        .map(|_| ExitCode::SUCCESS),
        Command::BenchSeed { docs } => match &cli.workspace {
            Some(path) => bench::seed(path, docs).map(|n| {
                println!("Seeded {} with {n} synthetic documents", path.display());
                ExitCode::SUCCESS
            }),
            None => Err(Error::invalid(
                "workspace",
                "bench-seed needs --workspace DIR (a new folder)",
            )),
        },
        Command::BenchOpen { engine, path } => bench::open_probe(&engine, &path).map(|ms| {
            println!("{ms}");
            ExitCode::SUCCESS
        }),
    };
    result.unwrap_or_else(|e| fail(&e, 1))
}

fn parse_kind(k: &str) -> Result<ObjectKind, Error> {
    ObjectKind::parse(k).ok_or_else(|| {
        let all: Vec<&str> = ObjectKind::ALL.iter().map(|k| k.as_str()).collect();
        Error::invalid(
            "kind",
            format!("unknown kind '{k}'; use one of: {}", all.join(", ")),
        )
    })
}

/// Read the file, say what it holds, and (unless a dry run) import it in one transaction.
/// A dry run does not open, let alone make, the workspace.
fn persona_import(
    workspace: Option<PathBuf>,
    file: &std::path::Path,
    dry_run: bool,
    json: bool,
) -> Result<ExitCode, Error> {
    let (name, bytes) = groundwork_core::workspace::read_import_file(file)?;
    let preview = groundwork_core::personas::preview_personas(&name, &bytes)?;
    if !dry_run {
        let mut target = Target::open(workspace, "groundwork persona import")?;
        let path = target.path(file);
        target.call(groundwork_api::local::LocalRequest::ImportFile {
            path,
            r#as: Some(groundwork_core::import::ImportAs::Persona),
            speakers: None,
        })?;
    }
    output::persona_import(&preview, dry_run, json);
    Ok(ExitCode::SUCCESS)
}

fn init(path: Option<PathBuf>, demo: bool) -> Result<ExitCode, Error> {
    let path = match path {
        Some(p) => p,
        None => Workspace::default_path()?,
    };
    if Workspace::is_workspace(&path) {
        // Seeding an existing workspace would mix the demo into someone's research.
        Workspace::open(&path).map_err(|e| needs_it_alone(e, &path, "groundwork init"))?;
        println!("{} is already a Groundwork workspace.", path.display());
        if demo {
            eprintln!(
                "The demo project is only added to a new workspace; this one was left as it was."
            );
            return Ok(ExitCode::from(1));
        }
    } else {
        let ws = Workspace::init(&path)?;
        if demo {
            groundwork_core::demo::seed_demo(&ws)?;
            ws.flush_index()?;
            println!(
                "Made a new workspace with the demo project in {}",
                path.display()
            );
        } else {
            println!("Made a new workspace in {}", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Rebuild the search index from the store, with a progress bar on a terminal.
pub(crate) fn rebuild_index(ws: &Workspace, out: &Out) -> Result<(), Error> {
    let bar = out.progress(0, "Rebuilding the search index");
    ws.reindex(&|done, total| {
        if let Some(b) = &bar {
            b.set_length(total as u64);
            b.set_position(done as u64);
        }
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Ok(())
}

/// Wait until the index has caught up with the database, showing a rebuild's progress when
/// one runs (a restore leaves the index to the indexer to rebuild: rebuilding it here as well
/// did the work twice, 12 of a restore's 15 s at 100k documents).
pub(crate) fn catch_up_index(ws: &Workspace, out: &Out) -> Result<(), Error> {
    let bar = out.progress(0, "Rebuilding the search index");
    let caught_up = std::thread::scope(|s| {
        let flush = s.spawn(|| ws.flush_index());
        while !flush.is_finished() {
            if let (Some(b), Some((done, total))) = (&bar, ws.index_status().rebuilding) {
                b.set_length(total as u64);
                b.set_position(done as u64);
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        flush.join()
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    caught_up.unwrap_or_else(|_| {
        Err(Error::new(
            groundwork_core::ErrorCode::Internal,
            "the search index could not be brought up to date; run `groundwork reindex`",
        ))
    })
}

/// Rebuild the index: here with a progress bar, or in the process that has the workspace
/// open (which reports no progress over the hand-off, only the end).
fn reindex(target: &Target, out: &Out) -> Result<ExitCode, Error> {
    let (started, docs) = match target {
        Target::Open(ws) => {
            // Let the indexer finish whatever opening started before timing our own rebuild.
            ws.flush_index()?;
            let started = std::time::Instant::now();
            rebuild_index(ws, out)?;
            (started, ws.stats()?.index_docs)
        }
        Target::Handed { .. } => {
            let started = std::time::Instant::now();
            let docs: u64 = target.ask(groundwork_api::Request::RebuildIndex {})?;
            (started, docs)
        }
    };
    println!(
        "Rebuilt the search index: {docs} documents in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
