//! A workshop's room: a second listener, separate from the loopback server, bound to one
//! chosen address only while the workshop is open. It serves the participant page, its
//! own assets and `/w/*` — nothing else. A phone on the room's network cannot reach `/api`
//! because no socket it can reach routes there (SECURITY.md, "Workshops").
//!
//! - `POST /w/join` swaps the room's link secret (or its typed code) for a participant
//!   credential (32 random bytes; only its SHA-256 is stored).
//! - `POST /w/api` carries a `ParticipantRequest` with `Authorization: Bearer`; the seat
//!   comes from the credential, never from the body.
//! - `GET /w/events` streams the participant's own view (`Snapshot::view_for`) on every
//!   change, as server-sent events.
//!
//! Every request must name the room's own address as its `Host` (DNS rebinding); every
//! write and the event stream must come from the room's own origin.

mod limits;
mod routes;

use groundwork_api::workshop::{HostRequest, HostStatus, NetInterface};
use groundwork_core::model::ObjectKind;
use groundwork_core::workshops::Snapshot;
use groundwork_core::{Error, ErrorCode, Result, Workspace};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;

/// Where the participant page's files come from: the built UI folder (`groundwork serve`)
/// or the files embedded in the desktop app. Given a path relative to the UI's root
/// (`participant.html`, `assets/…`), the file's bytes.
pub type Files = Arc<dyn Fn(&str) -> Option<Vec<u8>> + Send + Sync>;

/// The page phones load.
pub(crate) const PAGE: &str = "participant.html";

/// Opens and closes workshops' rooms for one workspace.
pub struct Host {
    ws: Arc<Workspace>,
    files: Files,
    rooms: Mutex<HashMap<String, Room>>,
}

struct Room {
    state: Arc<RoomState>,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

/// What a room's requests share.
pub(crate) struct RoomState {
    pub ws: Arc<Workspace>,
    pub workshop_id: String,
    /// `ip:port` as phones write it in `Host`.
    pub authority: String,
    pub loopback: bool,
    pub port: u16,
    pub secret: String,
    pub code: Mutex<String>,
    /// The participant page and the assets it loads, read when the room opened.
    pub files: HashMap<String, Vec<u8>>,
    /// The workshop as last read; every stream makes its own view from it. (Set with
    /// `send_replace`: `send` keeps the old value when no stream is open yet.)
    pub snapshot: watch::Sender<Option<Arc<Snapshot>>>,
    pub closing: watch::Sender<bool>,
    pub limits: limits::Limits,
}

impl RoomState {
    /// Read the workshop again for every stream to make its view from; end the room when
    /// the workshop has ended or is gone. Blocks (a database read).
    pub(crate) fn reload(&self) {
        match self.ws.workshop_snapshot(&self.workshop_id) {
            Ok(s) => {
                let ended = s.workshop().ended_at.is_some();
                self.snapshot.send_replace(Some(Arc::new(s)));
                if ended {
                    self.closing.send_replace(true);
                }
            }
            // Deleted or in the trash: nothing more to show.
            Err(_) => {
                self.closing.send_replace(true);
            }
        }
    }

    fn join_url(&self) -> String {
        format!("http://{}/#k={}", self.authority, self.secret)
    }
}

impl Host {
    pub fn new(ws: Arc<Workspace>, files: Files) -> Host {
        Host {
            ws,
            files,
            rooms: Mutex::new(HashMap::new()),
        }
    }

    /// Files from a built UI folder.
    pub fn dir_files(dir: Option<std::path::PathBuf>) -> Files {
        Arc::new(move |path: &str| {
            let dir = dir.as_ref()?;
            if path
                .split('/')
                .any(|s| s.is_empty() || s == "." || s == "..")
            {
                return None;
            }
            std::fs::read(dir.join(path)).ok()
        })
    }

    /// The workspace whose workshops it hosts.
    pub fn workspace(&self) -> &Arc<Workspace> {
        &self.ws
    }

    fn rooms(&self) -> std::sync::MutexGuard<'_, HashMap<String, Room>> {
        self.rooms.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Carry out what the facilitator's app asked for.
    pub async fn handle(&self, request: HostRequest) -> Result<HostStatus> {
        match request {
            HostRequest::Interfaces => Ok(HostStatus {
                interfaces: interfaces(),
                ..Default::default()
            }),
            HostRequest::Open {
                id,
                ip,
                port,
                allow_network,
            } => {
                let ip: IpAddr = ip
                    .trim()
                    .parse()
                    .map_err(|_| Error::invalid("ip", format!("“{ip}” is not an IP address")))?;
                self.open(&id, ip, port, allow_network).await
            }
            HostRequest::Status { id } => self.status(&id),
            HostRequest::Close { id } => {
                self.close(&id).await;
                self.status(&id)
            }
        }
    }

    /// Open the workshop's room on `ip`. Loopback unless `allow_network`; never a wildcard
    /// address (the `Host` check needs the one address phones use).
    pub async fn open(
        &self,
        id: &str,
        ip: IpAddr,
        port: Option<u16>,
        allow_network: bool,
    ) -> Result<HostStatus> {
        if ip.is_unspecified() {
            return Err(Error::invalid(
                "ip",
                "choose one network interface's address, not every interface",
            ));
        }
        if !ip.is_loopback() && !allow_network {
            return Err(Error::new(
                ErrorCode::Forbidden,
                format!(
                    "{ip} can be reached by other machines: say that people on this network may join \
                     (“Let people on this network join”) to open the workshop there"
                ),
            ));
        }
        if !interfaces().iter().any(|i| i.ip == ip.to_string()) && !ip.is_loopback() {
            return Err(Error::invalid(
                "ip",
                format!("{ip} is not an address of this computer"),
            ));
        }
        let workshop = {
            let ws = self.ws.clone();
            let id = id.to_string();
            tokio::task::spawn_blocking(move || ws.workshop(&id))
                .await
                .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))??
        };
        if workshop.ended_at.is_some() {
            return Err(Error::conflict(format!(
                "“{}” has ended and cannot be opened again",
                workshop.title
            )));
        }
        // Already open there: the same room (its link and code stay). The lock on the rooms
        // is let go before `status` takes it again.
        let open_there = self.rooms().get(id).is_some_and(|open| {
            open.state
                .authority
                .starts_with(&format!("{}:", host_ip(ip)))
        });
        if open_there {
            return self.status(id);
        }
        self.close(id).await;
        // The port the room used last, so phones that joined before keep their credential
        // (their browser keeps it per address).
        let last_port = workshop
            .listen_addr
            .as_deref()
            .and_then(|a| a.parse::<SocketAddr>().ok())
            .filter(|a| a.ip() == ip)
            .map(|a| a.port());
        let listener = match bind(ip, port.or(last_port)).await {
            Ok(l) => l,
            Err(_) if port.is_none() && last_port.is_some() => bind(ip, None).await?,
            Err(e) => return Err(e),
        };
        let addr = listener.local_addr()?;
        let files = participant_files(&self.files).ok_or_else(|| {
            Error::new(
                ErrorCode::Io,
                "the participant page is not built: run `npm --prefix ui run build`",
            )
        })?;
        let (snapshot, _) = watch::channel(None);
        let (closing, _) = watch::channel(false);
        let state = Arc::new(RoomState {
            ws: self.ws.clone(),
            workshop_id: id.to_string(),
            authority: addr_authority(addr),
            loopback: ip.is_loopback(),
            port: addr.port(),
            secret: routes::new_secret()?,
            code: Mutex::new(routes::new_code()?),
            files,
            snapshot,
            closing,
            limits: limits::Limits::default(),
        });
        {
            let ws = self.ws.clone();
            let id = id.to_string();
            let addr = addr.to_string();
            tokio::task::spawn_blocking(move || ws.set_workshop_listen_addr(&id, &addr))
                .await
                .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))??;
        }
        {
            // The first snapshot is read before the room answers anyone.
            let state = state.clone();
            tokio::task::spawn_blocking(move || state.reload())
                .await
                .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;
        }
        forward(&state);
        let app = routes::router(state.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let closing = state.clone();
        let task = tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(async move {
                let mut ended = closing.closing.subscribe();
                tokio::select! {
                    _ = stopped => {}
                    _ = ended.wait_for(|c| *c) => {}
                }
                let _ = closing.closing.send_replace(true);
            })
            .await
        });
        self.rooms().insert(
            id.to_string(),
            Room {
                state,
                stop: Some(stop),
                task,
            },
        );
        self.status(id)
    }

    pub fn status(&self, id: &str) -> Result<HostStatus> {
        let joined = self.ws.workshop(id)?.participants;
        let mut rooms = self.rooms();
        // A room whose workshop ended closed itself.
        if rooms
            .get(id)
            .is_some_and(|r| *r.state.closing.borrow() || r.task.is_finished())
        {
            rooms.remove(id);
        }
        Ok(match rooms.get(id) {
            None => HostStatus {
                interfaces: Vec::new(),
                joined,
                ..Default::default()
            },
            Some(room) => {
                let url = room.state.join_url();
                HostStatus {
                    interfaces: Vec::new(),
                    open: true,
                    addr: Some(room.state.authority.clone()),
                    qr_svg: qr_svg(&url),
                    join_url: Some(url),
                    code: Some(
                        room.state
                            .code
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .clone(),
                    ),
                    joined,
                }
            }
        })
    }

    /// Close the room: every stream ends and the socket is released.
    pub async fn close(&self, id: &str) {
        let room = self.rooms().remove(id);
        if let Some(mut room) = room {
            let _ = room.state.closing.send_replace(true);
            if let Some(stop) = room.stop.take() {
                let _ = stop.send(());
            }
            if tokio::time::timeout(Duration::from_secs(5), &mut room.task)
                .await
                .is_err()
            {
                room.task.abort();
            }
        }
    }

    pub async fn close_all(&self) {
        let ids: Vec<String> = self.rooms().keys().cloned().collect();
        for id in ids {
            self.close(&id).await;
        }
    }
}

async fn bind(ip: IpAddr, port: Option<u16>) -> Result<tokio::net::TcpListener> {
    let addr = SocketAddr::new(ip, port.unwrap_or(0));
    tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        Error::new(ErrorCode::Io, format!("cannot listen on {addr}: {e}")).with_source(e)
    })
}

fn host_ip(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

fn addr_authority(addr: SocketAddr) -> String {
    format!("{}:{}", host_ip(addr.ip()), addr.port())
}

/// This computer's interfaces with an address, loopback first.
pub fn interfaces() -> Vec<NetInterface> {
    let mut out: Vec<NetInterface> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .filter(|i| {
            let ip = i.ip();
            // Link-local IPv6 addresses need a zone id no phone's browser takes.
            !matches!(ip, IpAddr::V6(v6) if (v6.segments()[0] & 0xffc0) == 0xfe80)
        })
        .map(|i| NetInterface {
            loopback: i.is_loopback(),
            ip: i.ip().to_string(),
            name: i.name,
        })
        .collect();
    if !out.iter().any(|i| i.loopback) {
        out.push(NetInterface {
            name: "lo".into(),
            ip: "127.0.0.1".into(),
            loopback: true,
        });
    }
    out.sort_by_key(|i| (!i.loopback, i.ip.contains(':'), i.name.clone()));
    out
}

/// The participant page and every asset it loads, found by following the file names each
/// one mentions. Only these are served: the main app's scripts never reach a phone.
fn participant_files(files: &Files) -> Option<HashMap<String, Vec<u8>>> {
    let page = files(PAGE)?;
    let mut out = HashMap::new();
    let mut queue = vec![(PAGE.to_string(), page)];
    while let Some((path, bytes)) = queue.pop() {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        out.insert(path, bytes);
        for name in asset_names(&text) {
            let p = format!("assets/{name}");
            if out.contains_key(&p) || queue.iter().any(|(q, _)| q == &p) {
                continue;
            }
            if let Some(b) = files(&p) {
                queue.push((p, b));
            }
        }
    }
    Some(out)
}

/// File names a page, script or stylesheet refers to in Vite's `assets/` folder: names of
/// letters, digits, `-`, `_` and `.` ending in a known extension.
fn asset_names(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let ok = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.';
    for ext in [".js", ".css", ".woff2", ".svg", ".png"] {
        let mut from = 0;
        while let Some(i) = text[from..].find(ext) {
            let end = from + i + ext.len();
            let mut start = from + i;
            while start > 0 && ok(bytes[start - 1]) {
                start -= 1;
            }
            // Only a whole name: the next character must not continue it.
            if (end == bytes.len() || !ok(bytes[end])) && start < from + i {
                let name = &text[start..end];
                if !name.starts_with('.') && !out.iter().any(|n: &String| n == name) {
                    out.push(name.to_string());
                }
            }
            from = end;
        }
    }
    out
}

fn qr_svg(url: &str) -> Option<String> {
    let code = qrcode::QrCode::with_error_correction_level(url, qrcode::EcLevel::M).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color>()
            .min_dimensions(320, 320)
            .quiet_zone(true)
            .build(),
    )
}

/// The QR code as text for a terminal (a headless laptop's `workshop start`).
pub fn qr_text(url: &str) -> Option<String> {
    let code = qrcode::QrCode::with_error_correction_level(url, qrcode::EcLevel::L).ok()?;
    Some(
        code.render::<qrcode::render::unicode::Dense1x2>()
            .quiet_zone(true)
            .build(),
    )
}

/// Keep the room's snapshot current: on every change that names the workshop, read it once
/// (changes that come together are read together); end the room when the workshop ends.
/// The thread holds the room only while it reads: a closed room, and the workspace it served,
/// are let go as soon as its last connection ends, not at the thread's next look (the desktop
/// app reopens a workspace it has just switched away from; its lock must be free by then).
fn forward(state: &Arc<RoomState>) {
    let changes = state.ws.subscribe();
    let workshop_id = state.workshop_id.clone();
    let room = Arc::downgrade(state);
    let _ = std::thread::Builder::new()
        .name("groundwork-workshop".into())
        .spawn(move || {
            let ours = |c: &groundwork_core::changes::Change| {
                c.objects
                    .iter()
                    .any(|o| o.kind == ObjectKind::Workshop && o.id == workshop_id)
            };
            loop {
                match changes.recv_timeout(Duration::from_millis(500)) {
                    Ok(c) => {
                        let mut mine = ours(&c);
                        while let Ok(c) = changes.try_recv() {
                            mine |= ours(&c);
                        }
                        let Some(state) = room.upgrade() else { return };
                        if *state.closing.borrow() {
                            return;
                        }
                        if mine {
                            state.reload();
                        }
                    }
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                        if room.upgrade().is_none_or(|s| *s.closing.borrow()) {
                            return;
                        }
                    }
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
                }
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asset_names_are_whole_file_names() {
        let html = r#"<script type="module" crossorigin src="./assets/participant-Ab1_c.js"></script>
<link rel="stylesheet" href="./assets/participant-X9.css"><link rel="modulepreload" href="./assets/shared-1.js">"#;
        assert_eq!(
            asset_names(html),
            vec!["participant-Ab1_c.js", "shared-1.js", "participant-X9.css"]
        );
        assert_eq!(
            asset_names(r#"import"./chunk-9.js";x.json"#),
            vec!["chunk-9.js"]
        );
    }

    /// The desktop app switches back to a workspace right after leaving it, which needs the
    /// workspace's lock: a closed room must not keep the workspace open behind it (its change
    /// forwarder held it for up to half a second; the smoke test's switch back was refused).
    #[test]
    fn a_closed_room_lets_go_of_its_workspace_at_once() {
        use groundwork_core::model::workshop::{Recipe, WorkshopInput, WorkshopSeed};
        let dir = tempfile::tempdir().unwrap();
        let ws = Arc::new(Workspace::init(dir.path()).unwrap());
        let w = ws
            .create_workshop(&WorkshopInput {
                title: "Checkout jam".into(),
                recipe: Recipe::NoteAndVote,
                settings: None,
                seed: WorkshopSeed::default(),
            })
            .unwrap();
        let files: Files = Arc::new(|p: &str| (p == PAGE).then(|| b"<!doctype html>".to_vec()));
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let host = Host::new(ws.clone(), files);
            let status = host
                .open(&w.id, IpAddr::from([127, 0, 0, 1]), None, false)
                .await
                .unwrap();
            assert!(status.open);
            host.close_all().await;
        });
        assert_eq!(
            Arc::strong_count(&ws),
            1,
            "only this test holds the workspace once its room has closed"
        );
    }
}
