//! groundwork_server: the same API the desktop window uses, over HTTP, plus the built UI —
//! for a browser (`groundwork serve`), workshops and end-to-end tests.
//!
//! The contract the UI relies on:
//! - `POST /api` with a `groundwork_api::Request` as JSON → 200 and the result as JSON, or an
//!   error status with `{code, message, field?}` (see [`status_for`]).
//! - `POST /api/import?name=FILE[&as=interview|note|feedback|persona][&speakers=JSON][&preview=1][&again=1]`
//!   with the file's raw bytes → 200 and the `Imported` report (`preview=1`: the
//!   `ImportPreview`, nothing saved), or the error. A file whose bytes were imported before
//!   (and what they made still exists) gets 409 `conflict` unless `again=1`. Bodies above
//!   `groundwork_core::import::MAX_FILE_BYTES` get 413 `too_large`.
//! - Any other path: the built UI (`index.html` for paths that are not files, so client-side
//!   routes work), or a page saying how to build it.
//! - `POST /api/attachments?interview=ID&name=FILE` with the file's bytes → the `Attachment`
//!   (written inside the workspace as it arrives, never held whole in memory); `GET` or
//!   `HEAD /api/attachments/{id}` → its bytes, streamed, with byte ranges.
//! - Every `/api` request needs the per-run token in `Authorization: Bearer <token>` (an
//!   attachment's GET may carry it as `?token=` instead, for media players). Every request
//!   that is not a GET or HEAD must also come from the server's own origin and carry its
//!   route's content type (`application/json`; `application/octet-stream` for uploads).
//!   No cookie is ever set. Otherwise 401/403/415 with `{code, message}` (see `auth`).
//!   The printed link opens the UI with `?token=`; the UI keeps it and sends the header.
//! - `POST /api/pack` with `{"request": PackRequest}` → the research pack as a zip
//!   (`Content-Disposition: attachment`), or the error.
//! - `GET /api/changes` → the workspace's committed changes as server-sent events, for
//!   live updates (see `changes`); same token, and it must come from the server's origin.
//! - `POST /api/workshops/host` with a `groundwork_api::workshop::HostRequest` → the
//!   `HostStatus`: open, close and look at a workshop's room (see `workshop`).
//! - The server listens on loopback only, always. A workshop's room is a second listener
//!   of its own, on the address the facilitator chose, that serves only the participant page
//!   and `/w/*`: nothing that reaches the room reaches `/api`.

mod attachments;
mod auth;
mod changes;
mod routes;
mod ui;
pub mod workshop;

use axum::Router;
use groundwork_core::{Error, ErrorCode, Workspace};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use routes::status_for;

/// The variable naming the built UI's folder when `--ui` is not given.
pub const UI_DIR_VAR: &str = "GROUNDWORK_UI_DIR";

/// How long a shutdown waits for requests in flight before it stops waiting.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// How to serve.
#[derive(Debug, Clone)]
pub struct Options {
    pub addr: SocketAddr,
    /// The built UI (`ui/dist`); `None` looks where [`default_ui_dir`] does.
    pub ui_dir: Option<PathBuf>,
}

/// A running server. Dropping it leaves the server running until the runtime stops; call
/// [`Server::shutdown`] to stop it and release the workspace.
pub struct Server {
    addr: SocketAddr,
    token: String,
    url: String,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
    host: Arc<workshop::Host>,
}

impl Server {
    /// Opens and closes workshops' rooms for this server's workspace.
    pub fn host(&self) -> Arc<workshop::Host> {
        self.host.clone()
    }

    /// The address it listens on (with the port the OS chose, if asked for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR/?token=TOKEN`: the link to open.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The per-run token (64 hex digits).
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Stop accepting connections, let requests in flight finish (up to a grace period),
    /// and return once the server has let go of the workspace.
    pub async fn shutdown(mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match tokio::time::timeout(SHUTDOWN_GRACE, &mut self.task).await {
            Ok(Ok(result)) => result,
            Ok(Err(join)) => Err(std::io::Error::other(join)),
            Err(_) => {
                self.task.abort();
                Ok(())
            }
        }
    }
}

/// Serve `ws` on `addr` (loopback only) with the UI from `ui_dir` or the default place.
pub async fn serve(
    ws: Arc<Workspace>,
    addr: SocketAddr,
    ui_dir: Option<PathBuf>,
) -> groundwork_core::Result<Server> {
    serve_with(ws, Options { addr, ui_dir }).await
}

pub async fn serve_with(ws: Arc<Workspace>, options: Options) -> groundwork_core::Result<Server> {
    let addr = options.addr;
    if !addr.ip().is_loopback() {
        return Err(Error::invalid(
            "addr",
            format!(
                "{addr} is not a loopback address; Groundwork serves only this computer \
                 (use 127.0.0.1 or [::1])"
            ),
        ));
    }
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        Error::new(ErrorCode::Io, format!("cannot listen on {addr}: {e}")).with_source(e)
    })?;
    let addr = listener.local_addr()?;
    let token = new_token()?;
    let ui_dir = options.ui_dir.or_else(default_ui_dir);

    // Uploads a killed process left half-written.
    ws.remove_stale_uploads();
    let changes = changes::Changes::forward(&ws);
    let host = Arc::new(workshop::Host::new(
        ws.clone(),
        workshop::Host::dir_files(ui_dir.clone()),
    ));
    let state = Arc::new(AppState {
        ws,
        changes,
        token: token.clone(),
        ui_dir,
        host: host.clone(),
    });
    let app = router(state.clone());

    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
                // Live-update streams never finish by themselves: end them, or the
                // shutdown would wait for them until its grace period ran out.
                state.changes.close();
                // The rooms close with the server that opened them.
                state.host.close_all().await;
            })
            .await
    });
    let url = format!("http://{addr}/?token={token}");
    Ok(Server {
        addr,
        token,
        url,
        stop: Some(stop),
        task,
        host,
    })
}

/// `GROUNDWORK_UI_DIR` when set, else this repository's `ui/dist` when it has been built.
pub fn default_ui_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(UI_DIR_VAR).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let repo_dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/dist");
    repo_dist.join("index.html").is_file().then_some(repo_dist)
}

pub(crate) struct AppState {
    pub ws: Arc<Workspace>,
    pub changes: changes::Changes,
    pub token: String,
    pub ui_dir: Option<PathBuf>,
    pub host: Arc<workshop::Host>,
}

pub(crate) type App = Arc<AppState>;

fn router(state: App) -> Router {
    use axum::middleware::{from_fn_with_state, map_response};
    use axum::routing::{any, get, post};
    Router::new()
        .route(
            "/api",
            post(routes::api).fallback(routes::method_not_allowed),
        )
        .route(
            "/api/changes",
            get(changes::stream).fallback(routes::method_not_allowed),
        )
        .route(
            "/api/import",
            post(routes::import).fallback(routes::method_not_allowed),
        )
        .route(
            "/api/pack",
            post(routes::pack).fallback(routes::method_not_allowed),
        )
        .route(
            "/api/workshops/host",
            post(routes::host_workshop).fallback(routes::method_not_allowed),
        )
        .route(
            "/api/pack/import",
            post(routes::import_pack).fallback(routes::method_not_allowed),
        )
        .route(
            "/api/attachments",
            post(attachments::upload).fallback(routes::method_not_allowed),
        )
        .route(
            "/api/attachments/{id}",
            get(attachments::serve)
                .head(attachments::serve)
                .fallback(routes::method_not_allowed),
        )
        .route("/api/{*rest}", any(routes::no_such_route))
        .fallback(ui::serve)
        .layer(from_fn_with_state(state.clone(), auth::require_token))
        .layer(map_response(security_headers))
        .with_state(state)
}

/// A fresh random token: 32 bytes from the OS, as hex.
pub(crate) fn new_token() -> groundwork_core::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| {
        Error::new(
            ErrorCode::Io,
            format!("no randomness for the access token: {e}"),
        )
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                   img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
                   frame-ancestors 'none'";

async fn security_headers(mut res: axum::response::Response) -> axum::response::Response {
    // A route may set a stricter policy of its own (attachments do).
    protect(res.headers_mut(), CSP);
    res
}

/// The headers every answer carries: its content policy (unless the route set a stricter
/// one), no sniffing, no referrer, no framing.
pub(crate) fn protect(h: &mut axum::http::HeaderMap, csp: &'static str) {
    use axum::http::{HeaderValue, header};
    h.entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(csp));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
}
