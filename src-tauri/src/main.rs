//! Groundwork's desktop window: a thin Tauri shell. Every command is a one-line call into
//! `groundwork_api`, run on a blocking thread; everything else here is window plumbing
//! (one instance, remembered geometry, first-run seeding, progress events) and the one
//! thing only the shell can know: which files its user picked. The webview is untrusted
//! (one injected script would otherwise be file access as the user), so requests naming a
//! file by path pass only for paths picked in this run's dialogs or dropped onto the window.

// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod picks;
mod workspace;

use groundwork_api::jobs::{self, ImportPaths, ImportReport, JobProgress};
use groundwork_api::local::{Grants, LocalRequest, not_picked};
use groundwork_core::{Error, ErrorBody, ErrorCode, Progress, ProgressFn, Workspace};
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Instant, SystemTime, UNIX_EPOCH};
use tauri::{AppHandle, DragDropEvent, Emitter, Manager, RunEvent, State, WebviewWindowBuilder};
use tauri_plugin_window_state::StateFlags;
use workspace::{Location, Opening};

/// The event long jobs report progress on; its payload is a [`JobProgress`]
/// (`{job_id, done, total, message}`).
const PROGRESS_EVENT: &str = "job-progress";
/// Live updates: each committed change, and "reload everything" after a workspace switch.
const CHANGE_EVENT: &str = "change";
const RESYNC_EVENT: &str = "changes-resync";

/// How long switching workspaces waits for the one left to close (requests under way on it
/// finish first).
const CLOSE_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Setting this variable makes the window report when it first painted (see `first_paint`).
const TRACE_VAR: &str = "GROUNDWORK_STARTUP_TRACE";

struct Shell {
    /// The workspace the window works on; replaced when the user opens another.
    workspace: Mutex<Arc<Opening>>,
    /// Running jobs by id, with the flag that cancels them.
    jobs: Arc<Mutex<HashMap<String, Arc<AtomicBool>>>>,
    /// What the user picked in this run's dialogs or dropped onto the window: the only
    /// paths a request may name.
    grants: Mutex<Grants>,
    /// Takes the `groundwork` commands run on the open workspace meanwhile (the CLI hands
    /// them to this window instead of refusing); replaced with the workspace.
    handoff: Mutex<Option<groundwork_api::handoff::Handle>>,
    /// Opens and closes the rooms of the open workspace's workshops; made on first use and
    /// replaced (its rooms closed) when the window opens another workspace.
    host: tokio::sync::Mutex<Option<Arc<groundwork_server::workshop::Host>>>,
    started: Instant,
}

impl Shell {
    /// Run `f` on the workspace on a blocking thread (the handlers do file and database
    /// work), once the workspace is open.
    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Workspace) -> Result<T, ErrorBody> + Send + 'static,
    ) -> Result<T, ErrorBody> {
        let opening = self.current();
        tauri::async_runtime::spawn_blocking(move || f(&*opening.wait()?))
            .await
            .unwrap_or_else(|e| {
                Err(error(
                    ErrorCode::Io,
                    format!("the request stopped unexpectedly: {e}"),
                ))
            })
    }
}

impl Shell {
    fn current(&self) -> Arc<Opening> {
        self.workspace
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn grants(&self) -> std::sync::MutexGuard<'_, Grants> {
        self.grants.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Take the commands handed over for `ws` (None: for no workspace), after stopping the
    /// listener of the workspace before, which waits for the commands it is running.
    /// Blocks: call from a blocking thread.
    fn hand_off_to(&self, ws: Option<Arc<Workspace>>) {
        let previous = self
            .handoff
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        drop(previous);
        let next = ws.and_then(|ws| {
            groundwork_api::handoff::listen(ws)
                .inspect_err(|e| {
                    eprintln!(
                        "groundwork-desktop: groundwork commands cannot use this workspace meanwhile: {}",
                        e.message
                    )
                })
                .ok()
        });
        *self.handoff.lock().unwrap_or_else(|e| e.into_inner()) = next;
    }
}

fn error(code: ErrorCode, message: impl Into<String>) -> ErrorBody {
    ErrorBody::from(&Error::new(code, message))
}

/// Every use case of `groundwork_api::Request`, exactly as the HTTP server exposes them.
#[tauri::command]
async fn api(request: Value, shell: State<'_, Shell>) -> Result<Value, ErrorBody> {
    let request: groundwork_api::Request = groundwork_api::parse_value(request)?;
    shell
        .run(move |ws| groundwork_api::handle(ws, request))
        .await
}

/// The use cases that name a file by path, for paths the user picked or dropped in this run.
#[tauri::command]
async fn api_local(request: Value, shell: State<'_, Shell>) -> Result<Value, ErrorBody> {
    let request: LocalRequest = groundwork_api::parse_value(request)?;
    shell.grants().check(&request)?;
    shell
        .run(move |ws| groundwork_api::local::handle_local(ws, request))
        .await
}

/// Import files and folders by path (dropped onto the window or picked in the open dialog),
/// emitting `job-progress` after each file. Cancel with `cancel_job`.
#[tauri::command]
async fn import_paths(
    request: ImportPaths,
    app: AppHandle,
    shell: State<'_, Shell>,
) -> Result<ImportReport, ErrorBody> {
    if let Some(p) = request.paths.iter().find(|p| !shell.grants().may_read(p)) {
        return Err(not_picked(p));
    }
    let cancel = Arc::new(AtomicBool::new(false));
    {
        let mut running = shell.jobs.lock().unwrap_or_else(|e| e.into_inner());
        if running.contains_key(&request.job_id) {
            return Err(ErrorBody {
                code: ErrorCode::Conflict,
                message: format!("a job with id {:?} is already running", request.job_id),
                field: Some("job_id".into()),
            });
        }
        running.insert(request.job_id.clone(), cancel.clone());
    }
    let id = request.job_id.clone();
    let result = shell
        .run(move |ws| {
            let tell = &mut |p: JobProgress| {
                let _ = app.emit(PROGRESS_EVENT, p);
            };
            Ok(jobs::import_paths(ws, &request, &cancel, tell))
        })
        .await;
    shell
        .jobs
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&id);
    result
}

/// The open dialog: files to import (`purpose` "import") or attach ("attach"). The paths
/// picked may then be read; empty when cancelled.
#[tauri::command]
async fn pick_files(
    purpose: String,
    app: AppHandle,
    shell: State<'_, Shell>,
) -> Result<Vec<String>, ErrorBody> {
    let what = match purpose.as_str() {
        "attach" => picks::Open::Attach,
        _ => picks::Open::Import,
    };
    let picked = blocking(move || picks::open(&app, what)).await?;
    let mut grants = shell.grants();
    for p in &picked {
        grants.allow_read(p.clone());
    }
    Ok(picked.iter().map(|p| p.display().to_string()).collect())
}

/// The save dialog: the path picked may then be written (that file, or the folder a research
/// pack makes there, only). The filter follows the default name: a Markdown file (`.md`), a
/// zip (`.zip`), or none for a new folder. None when cancelled.
#[tauri::command]
async fn pick_save_path(
    default_name: String,
    app: AppHandle,
    shell: State<'_, Shell>,
) -> Result<Option<String>, ErrorBody> {
    let filter: Option<(&str, &[&str])> = match default_name.rsplit_once('.').map(|(_, e)| e) {
        Some("md") => Some(("Markdown", &["md"])),
        Some("zip") => Some(("Zip archive", &["zip"])),
        Some("html") => Some(("Web page", &["html"])),
        Some("qdpx") => Some(("REFI-QDA project", &["qdpx"])),
        Some("qdc") => Some(("REFI-QDA codebook", &["qdc"])),
        _ => None,
    };
    let picked =
        blocking(move || picks::save(&app, "Save as", Some(&default_name), filter)).await?;
    Ok(picked.map(|p| {
        shell.grants().allow_write(p.clone());
        p.display().to_string()
    }))
}

/// The workspace menu's dialogs: an existing workspace folder (`mode` "open") or a new
/// folder to make one in ("new"). The folder picked may then be switched to. None when
/// cancelled.
#[tauri::command]
async fn pick_folder(
    mode: String,
    app: AppHandle,
    shell: State<'_, Shell>,
) -> Result<Option<String>, ErrorBody> {
    let create = mode == "new";
    let picked = blocking(move || {
        if create {
            picks::save(&app, "Name the folder for the new workspace", None, None)
        } else {
            picks::open(&app, picks::Open::Workspace).into_iter().next()
        }
    })
    .await?;
    Ok(picked.map(|p| {
        let mut grants = shell.grants();
        if create {
            grants.allow_write(p.clone());
        } else {
            grants.allow_read(p.clone());
        }
        p.display().to_string()
    }))
}

/// Run a dialog (which blocks until the user answers) off the async runtime.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ErrorBody> {
    tauri::async_runtime::spawn_blocking(f).await.map_err(|e| {
        error(
            ErrorCode::Io,
            format!("the dialog stopped unexpectedly: {e}"),
        )
    })
}

/// Open another workspace (or create a new, empty one) in this window; answers its folder.
/// Requests already running finish on the previous workspace, which is caught up and closed
/// when the last of them lets go. The UI reloads afterwards. The folder must be one the user
/// picked for this in the menu's dialog, or (to open) a workspace this app has opened before.
#[tauri::command]
async fn switch_workspace(
    path: PathBuf,
    create: bool,
    app: AppHandle,
    shell: State<'_, Shell>,
) -> Result<String, ErrorBody> {
    let config_dir = app.path().app_config_dir().ok();
    let allowed = if create {
        shell.grants().may_write(&path)
    } else {
        shell.grants().may_read(&path)
            || config_dir
                .as_deref()
                .is_some_and(|dir| workspace::known(dir).contains(&path))
    };
    if !allowed {
        return Err(not_picked(&path));
    }
    if let Some(current) = shell.current().get()
        && same_folder(current.root(), &path)
    {
        return Ok(current.root().display().to_string());
    }
    let opened = tauri::async_runtime::spawn_blocking(move || workspace::open_other(&path, create))
        .await
        .map_err(|e| error(ErrorCode::Io, format!("opening stopped unexpectedly: {e}")))?
        .map_err(|e| ErrorBody::from(&e))?;
    let root = opened.root().to_path_buf();
    // Rooms serve the workspace they were opened on: they close with it (and let it go).
    if let Some(host) = shell.host.lock().await.take() {
        host.close_all().await;
    }
    forward_changes(&app, &opened);
    let next = Arc::new(Opening::default());
    next.finish(Ok(opened));
    let opened = next.get();
    let previous = std::mem::replace(
        &mut *shell.workspace.lock().unwrap_or_else(|e| e.into_inner()),
        next,
    );
    let handing = app.clone();
    let _ = tauri::async_runtime::spawn_blocking(move || {
        handing.state::<Shell>().hand_off_to(opened);
        let Some(ws) = previous.get() else { return };
        let _ = ws.flush_index();
        // The switch ends when the workspace left is closed: its lock is free for the
        // command line, or for switching straight back. Whatever still finishes with it (a
        // request under way) lets go on its own; a bounded wait, never a hang.
        let left = Arc::downgrade(&ws);
        drop((ws, previous));
        let until = Instant::now() + CLOSE_WAIT;
        while left.strong_count() > 0 && Instant::now() < until {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        if left.strong_count() > 0 {
            eprintln!(
                "groundwork-desktop: the workspace left is still in use after {} s; it closes when that ends",
                CLOSE_WAIT.as_secs()
            );
        }
    })
    .await;
    if let Some(dir) = config_dir
        && let Err(e) = workspace::remember(&dir, &root)
    {
        eprintln!("groundwork-desktop: cannot remember the last workspace: {e}");
    }
    // Everything the window shows is now of another workspace.
    let _ = app.emit(RESYNC_EVENT, ());
    Ok(root.display().to_string())
}

fn same_folder(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Open, close or look at a workshop's room: the listener phones join, on the address the
/// facilitator chose (`groundwork_server::workshop`). It serves the participant page from
/// the files embedded in this app, and only those the page loads.
#[tauri::command]
async fn workshop_host(
    request: groundwork_api::workshop::HostRequest,
    app: AppHandle,
    shell: State<'_, Shell>,
) -> Result<groundwork_api::workshop::HostStatus, ErrorBody> {
    let opening = shell.current();
    let ws = tauri::async_runtime::spawn_blocking(move || opening.wait())
        .await
        .map_err(|e| {
            error(
                ErrorCode::Io,
                format!("the request stopped unexpectedly: {e}"),
            )
        })??;
    let host = {
        let mut slot = shell.host.lock().await;
        let current = slot
            .as_ref()
            .filter(|h| Arc::ptr_eq(h.workspace(), &ws))
            .cloned();
        match current {
            Some(h) => h,
            None => {
                if let Some(old) = slot.take() {
                    old.close_all().await;
                }
                let embedded: std::collections::HashSet<String> = app
                    .asset_resolver()
                    .iter()
                    .map(|(k, _)| k.trim_start_matches('/').to_string())
                    .collect();
                let resolver = app.clone();
                let files: groundwork_server::workshop::Files = Arc::new(move |path: &str| {
                    // Only a file that is there: the resolver answers index.html for others.
                    embedded
                        .contains(path)
                        .then(|| resolver.asset_resolver().get(format!("/{path}")))
                        .flatten()
                        .map(|a| a.bytes)
                });
                let h = Arc::new(groundwork_server::workshop::Host::new(ws, files));
                *slot = Some(h.clone());
                h
            }
        }
    };
    host.handle(request).await.map_err(|e| ErrorBody::from(&e))
}

/// Ask a running job to stop after the file it is on; false when no such job is running.
#[tauri::command]
fn cancel_job(job_id: String, shell: State<'_, Shell>) -> bool {
    let running = shell.jobs.lock().unwrap_or_else(|e| e.into_inner());
    running
        .get(&job_id)
        .map(|flag| flag.store(true, Ordering::Relaxed))
        .is_some()
}

/// Told by the startup trace script once the UI's first frame is on screen.
#[tauri::command]
fn first_paint(shell: State<'_, Shell>) {
    if std::env::var_os(TRACE_VAR).is_some() {
        let epoch_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        eprintln!(
            "groundwork-desktop: first paint {} ms after main() (epoch_ms={epoch_ms})",
            shell.started.elapsed().as_millis()
        );
    }
}

/// With the trace variable set, the window reports the first frame painted after the UI has
/// mounted: the module scripts (and so the Svelte mount) have run by DOMContentLoaded, the
/// next animation frame paints them, and the one after that runs once it has.
const FIRST_PAINT_SCRIPT: &str = r#"
if (window.top === window) {
  document.addEventListener('DOMContentLoaded', () =>
    requestAnimationFrame(() => requestAnimationFrame(() => window.__TAURI_INTERNALS__.invoke('first_paint'))));
}
"#;

fn main() {
    let started = Instant::now();
    let location = match Location::from_args(
        std::env::args_os().skip(1),
        std::env::var_os("GROUNDWORK_WORKSPACE"),
    ) {
        Ok(l) => l,
        Err(message) => {
            eprintln!("groundwork-desktop: {message}");
            std::process::exit(2);
        }
    };
    let shell = Shell {
        workspace: Mutex::new(Arc::new(Opening::default())),
        jobs: Arc::default(),
        grants: Mutex::default(),
        handoff: Mutex::default(),
        host: tokio::sync::Mutex::new(None),
        started,
    };

    let app = tauri::Builder::default()
        // First, so a second launch hands over to the running app before doing anything else.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            focus_main(app)
        }))
        .plugin(
            tauri_plugin_window_state::Builder::default()
                .with_state_flags(StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED)
                .build(),
        )
        .plugin(tauri_plugin_dialog::init())
        .manage(shell)
        // What is dropped onto the window may be read, as a dialog's answer may.
        .on_webview_event(|webview, event| {
            if let tauri::WebviewEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event {
                let shell = webview.state::<Shell>();
                let mut grants = shell.grants();
                for p in paths {
                    grants.allow_read(p.clone());
                }
            }
        })
        .invoke_handler(tauri::generate_handler![
            api,
            api_local,
            import_paths,
            cancel_job,
            pick_files,
            pick_save_path,
            pick_folder,
            switch_workspace,
            workshop_host,
            first_paint
        ])
        .setup(move |app| {
            open_workspace(app.handle(), location);
            #[cfg(unix)]
            exit_on_terminate(app.handle().clone());
            let config = app
                .config()
                .app
                .windows
                .iter()
                .find(|w| w.label == "main")
                .cloned();
            let config = config.ok_or("tauri.conf.json has no window labelled \"main\"")?;
            let mut window = WebviewWindowBuilder::from_config(app.handle(), &config)?;
            if std::env::var_os(TRACE_VAR).is_some() {
                window = window.initialization_script(FIRST_PAINT_SCRIPT);
            }
            let window = window.build()?;
            paint_without_compositing(&window)?;
            Ok(())
        })
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(e) => {
            eprintln!("groundwork-desktop: cannot start: {e}");
            std::process::exit(1);
        }
    };
    app.run(|app, event| {
        if let RunEvent::Exit = event {
            // The rooms close with the window: phones see the workshop stop (it is kept).
            let host = tauri::async_runtime::block_on(async {
                app.state::<Shell>().host.lock().await.take()
            });
            if let Some(host) = host {
                tauri::async_runtime::block_on(host.close_all());
            }
            app.state::<Shell>().hand_off_to(None);
            // Leave the search index caught up with the database for the next start.
            if let Some(ws) = app.state::<Shell>().current().get() {
                let _ = ws.flush_index();
            }
        }
    });
}

/// Every change committed to the window's workspace — by this window, by the command line
/// handing its request over, by anything else in this process — goes to the UI as a
/// `change` event, so it updates what it shows (ARCHITECTURE.md §3, step 7). The thread ends
/// when the workspace closes (its subscription ends with it).
fn forward_changes(app: &AppHandle, ws: &groundwork_core::Workspace) {
    let changes = ws.subscribe();
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("groundwork-changes".into())
        .spawn(move || {
            for change in changes {
                let _ = app.emit(CHANGE_EVENT, &change);
            }
        });
    if let Err(e) = spawned {
        eprintln!("groundwork-desktop: live updates are off: {e}");
    }
}

/// Open (on first run: create and seed) the workspace on its own thread; the window comes
/// up meanwhile and its first requests wait for it. An index rebuild on open reports
/// progress as job `open-workspace`.
fn open_workspace(app: &AppHandle, location: Location) {
    let shell = app.state::<Shell>();
    let (opening, started) = (shell.current(), shell.started);
    let config_dir = app.path().app_config_dir().ok();
    let emitter = app.clone();
    let handing = app.clone();
    let progress: ProgressFn = Arc::new(move |p: &Progress| {
        let payload = JobProgress {
            job_id: "open-workspace".into(),
            done: p.done,
            total: p.total,
            message: p.message.clone(),
        };
        let _ = emitter.emit(PROGRESS_EVENT, payload);
    });
    let announcer = app.clone();
    std::thread::spawn(move || {
        let result = location
            .path(config_dir.as_deref())
            .and_then(|path| workspace::open_or_create(&path, Some(progress)));
        // The workspace it opened on is one the menu may switch back to.
        if let (Ok(ws), Some(dir)) = (&result, &config_dir) {
            let _ = workspace::know(dir, ws.root());
        }
        if let Ok(ws) = &result {
            forward_changes(&announcer, ws);
        }
        match &result {
            Err(e) => eprintln!(
                "groundwork-desktop: cannot open the workspace: {}",
                e.message
            ),
            Ok(ws) if std::env::var_os(TRACE_VAR).is_some() => eprintln!(
                "groundwork-desktop: workspace {} ready {} ms after main(){}",
                ws.root().display(),
                started.elapsed().as_millis(),
                if groundwork_core::demo::has_demo(ws) {
                    " (has the demo project)"
                } else {
                    ""
                }
            ),
            Ok(_) => {}
        }
        opening.finish(result);
        // Unless the user switched to another workspace meanwhile.
        let shell = handing.state::<Shell>();
        if Arc::ptr_eq(&shell.current(), &opening) {
            shell.hand_off_to(opening.get());
        }
    });
}

/// Logging out, shutting down or `kill` send SIGTERM (a terminal's Ctrl+C, SIGINT): exit the
/// way closing the window does, so its size and position are saved and the index caught up.
#[cfg(unix)]
fn exit_on_terminate(app: AppHandle) {
    use tokio::signal::unix::{SignalKind, signal};
    tauri::async_runtime::spawn(async move {
        let (Ok(mut term), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) else {
            return;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
        app.exit(0);
    });
}

/// The window's content is documents, lists and boards: WebKit paints it on the CPU as well
/// as through GPU compositing, and compositing holds ~100 MB more in the web process at idle
/// (its layers' backing stores and GL state; BENCHMARKS.md, issue 19).
fn paint_without_compositing(window: &tauri::WebviewWindow) -> tauri::Result<()> {
    #[cfg(target_os = "linux")]
    window.with_webview(|webview| {
        use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
        if let Some(settings) = WebViewExt::settings(&webview.inner()) {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    })?;
    #[cfg(not(target_os = "linux"))]
    let _ = window;
    Ok(())
}

/// A second launch ends at once and brings the running window to the front instead.
fn focus_main(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}
