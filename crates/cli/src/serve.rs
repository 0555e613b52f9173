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
        if open_browser {
            open_in_browser(server.url());
        }
        stop_requested().await;
        eprintln!("Stopping…");
        server.shutdown().await.map_err(Error::from)
    });
    // Dropping the runtime waits for requests still running on blocking threads; after
    // that this is the last reference, and dropping it lets the indexer apply what is queued.
    drop(runtime);
    drop(ws);
    served.map(|()| ExitCode::SUCCESS)
}

async fn start(
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
async fn stop_requested() {
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

fn open_in_browser(url: &str) {
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
    cmd.arg(url)
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
