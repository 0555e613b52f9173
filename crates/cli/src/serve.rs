//! `groundwork serve`: the workspace and the UI over loopback HTTP until Ctrl+C or SIGTERM.
//! Stdout gets exactly one line, the link with the token, which scripts and the browser
//! tests read; everything else goes to stderr.

use groundwork_core::{Error, ErrorCode, Workspace};
use groundwork_server::Server;
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// Where `serve` listens without `--addr`; when that port is taken the OS picks a free one.
pub const DEFAULT_ADDR: SocketAddr = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 4820);

pub fn run(
    ws: Workspace,
    addr: Option<SocketAddr>,
    open_browser: bool,
    ui: Option<PathBuf>,
) -> Result<ExitCode, Error> {
    let root = ws.root().display().to_string();
    let ws = Arc::new(ws);
    // While it serves, `groundwork` commands on this workspace are handed to this process.
    let handoff = groundwork_api::handoff::listen(ws.clone())
        .inspect_err(|e| {
            eprintln!("Other groundwork commands cannot use this workspace meanwhile: {e}")
        })
        .ok();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let served = runtime.block_on(async {
        let server = start(ws.clone(), addr, ui).await?;
        // Another process that finds the workspace busy is told where it is served.
        let _ = ws.set_served_at(Some(server.addr().to_string()));
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "Groundwork is serving {root} at {}", server.url())?;
        stdout.flush()?;
        drop(stdout);
        eprintln!("Press Ctrl+C to stop.");
        if open_browser && let Some(page) = open_in_browser(server.url()) {
            // The browser reads the page as it starts; then it goes (or with the server).
            tokio::spawn(async move {
                tokio::time::sleep(OPEN_PAGE_LIFETIME).await;
                drop(page);
            });
        }
        stop_requested().await;
        eprintln!("Stopping…");
        server.shutdown().await.map_err(Error::from)
    });
    // Stopping the hand-off waits for the commands it is running (an import stops after its
    // current file); dropping the runtime waits for requests still running on blocking
    // threads; after that this is the last reference, and dropping it lets the indexer
    // apply what is queued.
    drop(handoff);
    drop(runtime);
    drop(ws);
    served.map(|()| ExitCode::SUCCESS)
}

pub(crate) async fn start(
    ws: Arc<Workspace>,
    addr: Option<SocketAddr>,
    ui: Option<PathBuf>,
) -> Result<Server, Error> {
    if let Some(addr) = addr {
        return groundwork_server::serve(ws, addr, ui).await;
    }
    match groundwork_server::serve(ws.clone(), DEFAULT_ADDR, ui.clone()).await {
        Err(e) if e.code == ErrorCode::Io && in_use(&e) => {
            groundwork_server::serve(ws, SocketAddr::new(DEFAULT_ADDR.ip(), 0), ui).await
        }
        result => result,
    }
}

fn in_use(e: &Error) -> bool {
    std::error::Error::source(e)
        .and_then(|s| s.downcast_ref::<std::io::Error>())
        .is_some_and(|io| io.kind() == std::io::ErrorKind::AddrInUse)
}

/// Ctrl+C, SIGTERM (service managers, test harnesses) or SIGHUP (the terminal closed).
pub(crate) async fn stop_requested() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let (Ok(mut term), Ok(mut hup)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
        ) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
                _ = hup.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// How long the page `--open` hands the browser is kept.
const OPEN_PAGE_LIFETIME: std::time::Duration = std::time::Duration::from_secs(120);

/// Open the link in the user's browser without putting it on the browser's command line,
/// which any user of the computer can read (`ps`): the browser gets a page that only this
/// user can read, in a folder only they can enter, which sends it on to the link. Answers
/// the folder; dropping it deletes the page.
fn open_in_browser(url: &str) -> Option<tempfile::TempDir> {
    match redirect_page(url) {
        Ok((dir, page)) => {
            launch(page.as_os_str());
            Some(dir)
        }
        Err(e) => {
            eprintln!("Could not open a browser ({e}); open the link above yourself.");
            None
        }
    }
}

/// A private folder (0700) holding `open.html` (0600), which redirects to `url`. In the
/// per-user runtime folder when there is one, else the temp folder.
fn redirect_page(url: &str) -> std::io::Result<(tempfile::TempDir, PathBuf)> {
    let base = std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|d| d.is_dir())
        .unwrap_or_else(std::env::temp_dir);
    let mut builder = tempfile::Builder::new();
    builder.prefix("groundwork-open-");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
    let dir = builder.tempdir_in(base)?;
    let page = dir.path().join("open.html");
    let escaped = url
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&page)?;
    write!(
        file,
        "<!doctype html>\n<meta charset=\"utf-8\">\n<meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta http-equiv=\"refresh\" content=\"0;url={escaped}\">\n<title>Groundwork</title>\n\
         <p><a href=\"{escaped}\">Open Groundwork</a></p>\n"
    )?;
    Ok((dir, page))
}

fn launch(target: &std::ffi::OsStr) {
    use std::process::{Command, Stdio};
    let mut cmd = if cfg!(target_os = "macos") {
        Command::new("open")
    } else if cfg!(windows) {
        let mut c = Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        Command::new("xdg-open")
    };
    cmd.arg(target)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    match cmd.spawn() {
        // Reap it so no zombie stays behind while the server runs.
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => eprintln!("Could not open a browser ({e}); open the link above yourself."),
    }
}
