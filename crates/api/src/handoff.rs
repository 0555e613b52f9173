//! The hand-off channel: how the CLI works on a workspace that the app or `groundwork serve`
//! has open. One process at a time may open a workspace (`groundwork_core::lock`); instead of
//! refusing, the CLI hands its request to that process — as an editor's command line hands a
//! file to the open window — which runs it on its open `Workspace` exactly as its own UI
//! would, and answers the result. The CLI prints it with the same code it uses when it opens
//! the workspace itself.
//!
//! The holder listens on a Unix-domain socket in a folder only its user can enter (`0700`,
//! under `$XDG_RUNTIME_DIR`, else the temp folder), named by a hash of the workspace's
//! canonical path (a socket path must fit in about 100 bytes), made `0600`, and named in the
//! lock's owner file. Both ends check that the other is the same OS user (`SO_PEERCRED` /
//! `getpeereid`), and the CLI refuses a socket path that is not a socket of its own in a
//! private folder. A socket left by a killed holder is never trusted: its workspace is no
//! longer locked, so the CLI opens the workspace itself, and the next holder replaces the
//! file; a socket nobody answers on is reported, not waited for.
//!
//! On the wire (one JSON value per line): the CLI sends a [`Handed`]; the holder answers
//! `{"accepted": "<who>"}` at once, then `{"step": …}` for each file of an import, then
//! `{"ok": <answer>}` or `{"error": {code, message, field?}}`.
//!
//! Requests carry use cases, never shell text, and may name paths ([`LocalRequest`]): the
//! sender is the same user on the same machine, who could read those files anyway.
//!
//! On systems without Unix-domain sockets in Rust's standard library (Windows), nothing
//! listens and the CLI keeps refusing a workspace that is open elsewhere, saying why.

use crate::jobs::{self, ImportBatch, ImportStep};
use crate::local::LocalRequest;
use groundwork_core::{Error, ErrorBody, ErrorCode, LockOwner, Workspace};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

/// What one process hands another.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Handed {
    /// A use case any transport offers (boxed: it is much the largest).
    Request(Box<crate::Request>),
    /// A use case that names a file on this machine.
    Local(LocalRequest),
    /// `groundwork import`: every file's outcome is sent as it lands.
    Import(ImportBatch),
}

impl From<crate::Request> for Handed {
    fn from(r: crate::Request) -> Handed {
        Handed::Request(Box::new(r))
    }
}

impl From<LocalRequest> for Handed {
    fn from(r: LocalRequest) -> Handed {
        Handed::Local(r)
    }
}

/// Run a handed request on the workspace: the one dispatch the holder uses for what it is
/// handed and the CLI for a workspace it opened itself, so both answer alike. The index is
/// caught up before (so a search sees the holder's latest edits) and after (so what was
/// just written is searchable when the answer arrives), as the CLI does on its own.
pub fn run(
    ws: &Workspace,
    request: Handed,
    cancel: &AtomicBool,
    step: &mut dyn FnMut(ImportStep),
) -> Result<Value, ErrorBody> {
    let body = |e: Error| ErrorBody::from(&e);
    ws.flush_index().map_err(body)?;
    let answer = match request {
        Handed::Request(r) => (*r).handle(ws),
        Handed::Local(r) => r.handle(ws),
        Handed::Import(batch) => {
            crate::use_case::to_json(jobs::import_batch(ws, &batch, cancel, step))
        }
    }?;
    ws.flush_index().map_err(body)?;
    Ok(answer)
}

/// One line of the holder's answer.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Reply {
    /// The holder took the connection: who it is.
    Accepted(String),
    Step(ImportStep),
    Ok(Value),
    Error(ErrorBody),
}

/// The largest request line the holder reads (a tree outline or persona Markdown is sent
/// whole).
const MAX_REQUEST: u64 = 64 << 20;

/// How long the CLI waits for a holder to accept: a stopped or wedged process must not hang
/// it. (The work itself may take as long as it takes.)
const ACCEPT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// How long the holder waits for the request after accepting.
const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// How long the holder waits for the sender to take a line of the answer.
const REPLY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// How long the CLI waits for a holder that has just opened the workspace to start
/// listening before it says the holder does not take requests.
const STARTING_GRACE: std::time::Duration = std::time::Duration::from_secs(1);

fn io_error(message: impl Into<String>) -> ErrorBody {
    ErrorBody {
        code: ErrorCode::Io,
        message: message.into(),
        field: None,
    }
}

fn forbidden(message: impl Into<String>) -> ErrorBody {
    ErrorBody {
        code: ErrorCode::Forbidden,
        message: message.into(),
        field: None,
    }
}

/// The process that holds a workspace open and takes requests handed to it.
#[derive(Debug, Clone)]
pub struct Holder {
    pub owner: LockOwner,
    pub socket: PathBuf,
}

/// Who to hand requests for the workspace in `root` to, once opening it was refused because
/// another process holds it. An error says why that process cannot be handed anything (it
/// does not listen, its socket is not one this user's Groundwork made, this system has no
/// Unix-domain sockets); the caller adds it to the refusal.
pub fn holder(root: &Path) -> Result<Holder, ErrorBody> {
    #[cfg(not(unix))]
    {
        let _ = root;
        Err(io_error(
            "handing a request to the process that has it open needs Unix-domain sockets, \
             which this build does not have on this system",
        ))
    }
    #[cfg(unix)]
    {
        let started = std::time::Instant::now();
        loop {
            let owner = groundwork_core::lock::read_owner(root);
            if let Some(owner) = &owner
                && let Some(socket) = &owner.handoff
            {
                let socket = PathBuf::from(socket);
                unix::check_socket(&socket)?;
                return Ok(Holder {
                    owner: owner.clone(),
                    socket,
                });
            }
            if started.elapsed() >= STARTING_GRACE {
                let who = owner.map_or_else(|| "it".to_string(), |o| o.purpose);
                return Err(io_error(format!(
                    "{who} does not take requests from other processes"
                )));
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}

impl Holder {
    /// Hand `request` over and wait for the answer, telling `step` about each file of an
    /// import as the holder reports it.
    pub fn send(
        &self,
        request: &Handed,
        step: &mut dyn FnMut(ImportStep),
    ) -> Result<Value, ErrorBody> {
        #[cfg(unix)]
        {
            unix::send(&self.socket, request, step)
        }
        #[cfg(not(unix))]
        {
            let _ = (request, step);
            Err(io_error("no Unix-domain sockets on this system"))
        }
    }
}

/// The listener a holder runs while it has a workspace open; dropping it stops listening,
/// waits for requests in flight (an import stops after the file it is on) and removes the
/// socket.
pub struct Handle {
    #[cfg(unix)]
    inner: Option<unix::Listening>,
}

impl Handle {
    /// Where it listens (None where nothing can listen).
    pub fn socket(&self) -> Option<&Path> {
        #[cfg(unix)]
        {
            self.inner.as_ref().map(|l| l.socket.as_path())
        }
        #[cfg(not(unix))]
        {
            None
        }
    }
}

/// Start taking requests for `ws` from other processes of the same user. An error (no
/// private folder for the socket) leaves the workspace working; the CLI then refuses as
/// before, so callers may just report it.
pub fn listen(ws: std::sync::Arc<Workspace>) -> Result<Handle, Error> {
    #[cfg(unix)]
    {
        Ok(Handle {
            inner: Some(unix::listen(ws)?),
        })
    }
    #[cfg(not(unix))]
    {
        let _ = ws;
        Ok(Handle {})
    }
}

#[cfg(unix)]
mod unix {
    use super::*;
    use sha2::{Digest, Sha256};
    use std::io::{BufRead, BufReader, Read, Write};
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt, PermissionsExt};
    use std::os::unix::net::{UnixListener, UnixStream};
    use std::sync::atomic::Ordering;
    use std::sync::{Arc, Mutex};
    use std::thread::JoinHandle;

    fn my_uid() -> u32 {
        // SAFETY: geteuid has no preconditions and cannot fail.
        unsafe { libc::geteuid() }
    }

    /// The user id of the process at the other end of a connected socket.
    fn peer_uid(stream: &UnixStream) -> std::io::Result<u32> {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        {
            let mut cred = libc::ucred {
                pid: 0,
                uid: u32::MAX,
                gid: u32::MAX,
            };
            let mut len = std::mem::size_of::<libc::ucred>() as libc::socklen_t;
            // SAFETY: `cred` and `len` are valid for writes of the size passed.
            let rc = unsafe {
                libc::getsockopt(
                    stream.as_raw_fd(),
                    libc::SOL_SOCKET,
                    libc::SO_PEERCRED,
                    (&mut cred as *mut libc::ucred).cast(),
                    &mut len,
                )
            };
            if rc != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(cred.uid)
        }
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        {
            let (mut uid, mut gid) = (u32::MAX, u32::MAX);
            // SAFETY: both out-pointers are valid for writes.
            if unsafe { libc::getpeereid(stream.as_raw_fd(), &mut uid, &mut gid) } != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(uid)
        }
    }

    /// Refuse what only looks like a place to talk to this user's Groundwork: something
    /// other than a socket, someone else's, or reachable by other users.
    fn private(meta: &std::fs::Metadata, what: &str, path: &Path) -> Result<(), ErrorBody> {
        if meta.uid() != my_uid() {
            return Err(forbidden(format!(
                "{what} {} belongs to another user",
                path.display()
            )));
        }
        if meta.mode() & 0o077 != 0 {
            return Err(forbidden(format!(
                "{what} {} can be reached by other users (mode {:o})",
                path.display(),
                meta.mode() & 0o777
            )));
        }
        Ok(())
    }

    pub(super) fn check_socket(socket: &Path) -> Result<(), ErrorBody> {
        let refuse = |why: String| {
            forbidden(format!(
                "{why}; nothing was sent to it (a stale or planted file is never trusted)"
            ))
        };
        let meta = std::fs::symlink_metadata(socket).map_err(|e| {
            io_error(format!(
                "its hand-off socket {} cannot be reached ({e})",
                socket.display()
            ))
        })?;
        if !meta.file_type().is_socket() {
            return Err(refuse(format!(
                "its hand-off socket {} is not a socket",
                socket.display()
            )));
        }
        private(&meta, "the hand-off socket", socket).map_err(|e| refuse(e.message))?;
        let dir = socket.parent().unwrap_or(Path::new("/"));
        let dir_meta = std::fs::symlink_metadata(dir)
            .map_err(|e| io_error(format!("cannot read {} ({e})", dir.display())))?;
        if !dir_meta.is_dir() {
            return Err(refuse(format!("{} is not a folder", dir.display())));
        }
        private(&dir_meta, "the folder", dir).map_err(|e| refuse(e.message))
    }

    pub(super) fn send(
        socket: &Path,
        request: &Handed,
        step: &mut dyn FnMut(ImportStep),
    ) -> Result<Value, ErrorBody> {
        let stream = UnixStream::connect(socket).map_err(|e| {
            io_error(format!(
                "nobody answers on its hand-off socket {} ({e})",
                socket.display()
            ))
        })?;
        match peer_uid(&stream) {
            Ok(uid) if uid == my_uid() => {}
            Ok(uid) => {
                return Err(forbidden(format!(
                    "the process on {} runs as user {uid}, not as you; nothing was sent to it",
                    socket.display()
                )));
            }
            Err(e) => {
                return Err(io_error(format!(
                    "cannot tell who listens on {} ({e})",
                    socket.display()
                )));
            }
        }
        let lost = |e: std::io::Error| io_error(format!("the hand-off was cut off ({e})"));
        let mut line = serde_json::to_vec(request).map_err(|e| io_error(e.to_string()))?;
        line.push(b'\n');
        (&stream).write_all(&line).map_err(lost)?;
        stream
            .set_read_timeout(Some(ACCEPT_TIMEOUT))
            .map_err(lost)?;
        let mut reader = BufReader::new(&stream);
        let mut accepted = false;
        loop {
            let mut buf = String::new();
            match reader.read_line(&mut buf) {
                Ok(0) => {
                    return Err(io_error(
                        "the process that has the workspace open closed the connection before answering",
                    ));
                }
                Ok(_) => {}
                Err(e)
                    if !accepted
                        && matches!(
                            e.kind(),
                            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                        ) =>
                {
                    return Err(io_error(format!(
                        "the process that has the workspace open did not answer within {} s",
                        ACCEPT_TIMEOUT.as_secs()
                    )));
                }
                Err(e) => return Err(lost(e)),
            }
            let reply: Reply = serde_json::from_str(&buf)
                .map_err(|e| io_error(format!("an answer Groundwork cannot read ({e})")))?;
            match reply {
                Reply::Accepted(_) => {
                    accepted = true;
                    // Accepted: the work itself may take as long as it takes.
                    stream.set_read_timeout(None).map_err(lost)?;
                }
                Reply::Step(s) => step(s),
                Reply::Ok(v) => return Ok(v),
                Reply::Error(e) => return Err(e),
            }
        }
    }

    /// The private folder the sockets live in: the user's runtime folder when there is
    /// one, else a `groundwork-UID` folder in the temp folder — made `0700`, and refused if
    /// it is someone else's or open to others.
    fn socket_dir() -> Result<PathBuf, Error> {
        let dir = match std::env::var_os("XDG_RUNTIME_DIR")
            .map(PathBuf::from)
            .filter(|d| d.is_absolute() && d.is_dir())
        {
            Some(runtime) => runtime.join("groundwork"),
            None => std::env::temp_dir().join(format!("groundwork-{}", my_uid())),
        };
        match std::fs::DirBuilder::new().mode(0o700).create(&dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => {
                return Err(Error::from(e).context(format!("cannot make {}", dir.display())));
            }
        }
        let meta = std::fs::symlink_metadata(&dir)?;
        if !meta.is_dir() {
            return Err(Error::new(
                ErrorCode::Forbidden,
                format!("{} is not a folder", dir.display()),
            ));
        }
        private(&meta, "the folder", &dir).map_err(|e| Error::new(e.code, e.message))?;
        Ok(dir)
    }

    /// `<dir>/<first 16 hex digits of SHA-256(canonical workspace path)>.sock`: short enough
    /// for `sun_path` wherever the workspace is.
    pub(super) fn socket_path(root: &Path) -> Result<PathBuf, Error> {
        let canonical = std::fs::canonicalize(root)?;
        let digest = Sha256::digest(canonical.as_os_str().as_encoded_bytes());
        let name: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        Ok(socket_dir()?.join(format!("{name}.sock")))
    }

    /// A connection being served: its thread, the stream (shut down to stop it) and the
    /// flag that cancels its import.
    struct Connection {
        thread: JoinHandle<()>,
        stream: UnixStream,
        cancel: Arc<AtomicBool>,
    }

    pub(super) struct Listening {
        pub(super) socket: PathBuf,
        ws: Arc<Workspace>,
        stop: Arc<AtomicBool>,
        accepting: Option<JoinHandle<()>>,
        connections: Arc<Mutex<Vec<Connection>>>,
    }

    pub(super) fn listen(ws: Arc<Workspace>) -> Result<Listening, Error> {
        let socket = socket_path(ws.root())?;
        // This process holds the workspace's lock, so whatever is at this name was left by an
        // earlier holder of the same workspace that is gone: replace it.
        match std::fs::remove_file(&socket) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(Error::from(e).context(format!("cannot replace {}", socket.display())));
            }
        }
        let listener = UnixListener::bind(&socket).map_err(|e| {
            Error::from(e).context(format!("cannot listen on {}", socket.display()))
        })?;
        std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(0o600))?;
        ws.set_handoff(Some(socket.display().to_string()))?;
        let stop = Arc::new(AtomicBool::new(false));
        let connections: Arc<Mutex<Vec<Connection>>> = Arc::default();
        let accepting = {
            let (ws, stop, connections) = (ws.clone(), stop.clone(), connections.clone());
            std::thread::Builder::new()
                .name("groundwork-handoff".into())
                .spawn(move || accept(listener, ws, stop, connections))?
        };
        Ok(Listening {
            socket,
            ws,
            stop,
            accepting: Some(accepting),
            connections,
        })
    }

    fn accept(
        listener: UnixListener,
        ws: Arc<Workspace>,
        stop: Arc<AtomicBool>,
        connections: Arc<Mutex<Vec<Connection>>>,
    ) {
        for stream in listener.incoming() {
            if stop.load(Ordering::SeqCst) {
                break;
            }
            let Ok(stream) = stream else { continue };
            // Only this user's processes may ask; anyone else is hung up on unanswered.
            if !matches!(peer_uid(&stream), Ok(uid) if uid == my_uid()) {
                continue;
            }
            let Ok(handle) = stream.try_clone() else {
                continue;
            };
            let cancel = Arc::new(AtomicBool::new(false));
            let thread = {
                let (ws, cancel) = (ws.clone(), cancel.clone());
                std::thread::Builder::new()
                    .name("groundwork-handoff-request".into())
                    .spawn(move || serve(&ws, stream, &cancel))
            };
            let Ok(thread) = thread else { continue };
            let mut running = connections.lock().unwrap_or_else(|e| e.into_inner());
            running.retain(|c| !c.thread.is_finished());
            running.push(Connection {
                thread,
                stream: handle,
                cancel,
            });
        }
    }

    fn write_reply(mut stream: &UnixStream, reply: &Reply) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(reply).map_err(std::io::Error::other)?;
        line.push(b'\n');
        stream.write_all(&line)
    }

    /// One connection: say who answers, read one request, run it, answer.
    fn serve(ws: &Workspace, stream: UnixStream, cancel: &AtomicBool) {
        let who = ws
            .lock_owner()
            .map_or_else(|| "Groundwork".to_string(), |o| o.describe());
        if write_reply(&stream, &Reply::Accepted(who)).is_err() {
            return;
        }
        let _ = stream.set_read_timeout(Some(REQUEST_TIMEOUT));
        // A sender that stops reading (suspended, say) must not hold this thread, and so
        // the holder's shutdown, for ever: its import is cancelled instead.
        let _ = stream.set_write_timeout(Some(REPLY_TIMEOUT));
        let mut line = Vec::new();
        let read = BufReader::new(&stream)
            .take(MAX_REQUEST)
            .read_until(b'\n', &mut line);
        let request = match read {
            Ok(0) => return,
            Ok(n) if n as u64 >= MAX_REQUEST => Err(ErrorBody {
                code: ErrorCode::TooLarge,
                message: format!("a handed request is limited to {} MiB", MAX_REQUEST >> 20),
                field: None,
            }),
            Ok(_) => serde_json::from_slice::<Handed>(&line).map_err(crate::malformed),
            Err(_) => return,
        };
        let answer = request.and_then(|request| {
            run(ws, request, cancel, &mut |step| {
                // The CLI went away (Ctrl+C): stop the import after this file.
                if write_reply(&stream, &Reply::Step(step)).is_err() {
                    cancel.store(true, Ordering::Relaxed);
                }
            })
        });
        let _ = write_reply(
            &stream,
            &match answer {
                Ok(v) => Reply::Ok(v),
                Err(e) => Reply::Error(e),
            },
        );
    }

    impl Drop for Listening {
        fn drop(&mut self) {
            self.stop.store(true, Ordering::SeqCst);
            // Wake the accept loop so it sees `stop`.
            let _ = UnixStream::connect(&self.socket);
            if let Some(t) = self.accepting.take() {
                let _ = t.join();
            }
            let running =
                std::mem::take(&mut *self.connections.lock().unwrap_or_else(|e| e.into_inner()));
            for c in &running {
                c.cancel.store(true, Ordering::Relaxed);
                // Unblocks a connection still waiting for its request; one at work goes on
                // to the end of its current file.
                let _ = c.stream.shutdown(std::net::Shutdown::Read);
            }
            for c in running {
                let _ = c.thread.join();
            }
            let _ = std::fs::remove_file(&self.socket);
            let _ = self.ws.set_handoff(None);
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::net::UnixListener;
    use std::sync::Arc;

    fn stats() -> Handed {
        crate::Request::Stats {}.into()
    }

    fn note(title: &str) -> Handed {
        serde_json::from_value::<crate::Request>(serde_json::json!({
            "cmd": "create_note",
            "args": {"input": {"title": title, "body": "Ana could not find the annual plan."}}
        }))
        .unwrap()
        .into()
    }

    #[test]
    fn a_handed_request_runs_on_the_holders_workspace_and_answers_as_it_would_here() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Arc::new(Workspace::init(&dir.path().join("ws")).unwrap());
        let listening = listen(ws.clone()).unwrap();
        let socket = listening.socket().unwrap().to_path_buf();
        assert_eq!(
            groundwork_core::lock::read_owner(ws.root())
                .unwrap()
                .handoff,
            Some(socket.display().to_string()),
            "the owner file names the socket"
        );
        let mode = std::fs::symlink_metadata(&socket)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);

        let holder = holder(ws.root()).unwrap();
        let made = holder
            .send(&note("Pricing page confusion"), &mut |_| {})
            .unwrap();
        assert_eq!(made["title"], "Pricing page confusion");
        assert_eq!(
            ws.notes().unwrap().len(),
            1,
            "written in the holder's workspace"
        );
        let there = holder.send(&stats(), &mut |_| {}).unwrap();
        let here = run(&ws, stats(), &AtomicBool::new(false), &mut |_| {}).unwrap();
        assert_eq!(there, here);
        assert_eq!(
            there["outbox_lag"], 0,
            "caught up before answering: {there}"
        );

        // Errors come back as the same body, code and all.
        let missing: Handed = crate::Request::GetNote { id: "nope".into() }.into();
        let e = holder.send(&missing, &mut |_| {}).unwrap_err();
        assert_eq!(e.code, ErrorCode::NotFound);

        // An import streams each file's outcome as it lands.
        let file = dir.path().join("call.md");
        std::fs::write(&file, "# Call with Bo\n\nBo exports invoices by hand.\n").unwrap();
        let mut steps = Vec::new();
        let report = holder
            .send(
                &Handed::Import(ImportBatch {
                    paths: vec![file],
                    as_: None,
                    speakers: Default::default(),
                    again: false,
                    mapping: None,
                }),
                &mut |s| steps.push(s),
            )
            .unwrap();
        assert_eq!(report["imported"].as_array().unwrap().len(), 1, "{report}");
        assert!(
            matches!(steps[0], ImportStep::Start { total: 1 }),
            "{steps:?}"
        );
        assert!(
            matches!(&steps[1], ImportStep::Imported { imported, .. } if imported.title == "Call with Bo"),
            "{steps:?}"
        );

        // Stopping removes the socket and the owner file stops naming it.
        drop(listening);
        assert!(!socket.exists());
        assert_eq!(
            groundwork_core::lock::read_owner(ws.root())
                .unwrap()
                .handoff,
            None
        );
        let e = holder.send(&stats(), &mut |_| {}).unwrap_err();
        assert_eq!(e.code, ErrorCode::Io);
    }

    /// What the owner file names is checked before anything is sent: a stale socket
    /// nobody listens on, a regular file, a socket or folder other users can reach.
    #[test]
    fn a_stale_or_untrustworthy_socket_is_refused_without_hanging() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::init(&dir.path().join("ws")).unwrap();
        let private = dir.path().join("private");
        std::fs::create_dir(&private).unwrap();
        std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o700)).unwrap();
        let name = |p: &Path| ws.set_handoff(Some(p.display().to_string())).unwrap();

        // Left by a holder that was killed: a socket file nobody listens on.
        let stale = private.join("stale.sock");
        drop(UnixListener::bind(&stale).unwrap());
        std::fs::set_permissions(&stale, std::fs::Permissions::from_mode(0o600)).unwrap();
        name(&stale);
        let started = std::time::Instant::now();
        let e = holder(ws.root())
            .unwrap()
            .send(&stats(), &mut |_| {})
            .unwrap_err();
        assert!(e.message.contains("nobody answers"), "{}", e.message);
        assert!(started.elapsed() < std::time::Duration::from_secs(2));

        let file = private.join("file.sock");
        std::fs::write(&file, "").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        name(&file);
        let e = holder(ws.root()).unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden);
        assert!(e.message.contains("is not a socket"), "{}", e.message);

        let open = private.join("open.sock");
        let _listening = UnixListener::bind(&open).unwrap();
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o666)).unwrap();
        name(&open);
        let e = holder(ws.root()).unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden);
        assert!(e.message.contains("other users"), "{}", e.message);

        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o600)).unwrap();
        std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o755)).unwrap();
        let e = holder(ws.root()).unwrap_err();
        assert!(e.message.contains("other users"), "{}", e.message);
        std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o700)).unwrap();

        // A socket that accepts connections but never answers (a stopped holder) is given
        // up on after a few seconds, not waited on for ever.
        let started = std::time::Instant::now();
        let e = holder(ws.root())
            .unwrap()
            .send(&stats(), &mut |_| {})
            .unwrap_err();
        assert!(e.message.contains("did not answer"), "{}", e.message);
        assert!(started.elapsed() < ACCEPT_TIMEOUT * 2);
    }

    /// A request line past the limit is refused as too large (not read into memory without
    /// end), nothing runs, and the holder goes on taking requests.
    #[test]
    fn an_oversized_request_is_refused_and_the_holder_goes_on() {
        use std::io::{BufRead, BufReader, Write};
        let dir = tempfile::tempdir().unwrap();
        let ws = Arc::new(Workspace::init(&dir.path().join("ws")).unwrap());
        let listening = listen(ws.clone()).unwrap();
        let socket = listening.socket().unwrap().to_path_buf();

        let stream = std::os::unix::net::UnixStream::connect(&socket).unwrap();
        let mut lines = BufReader::new(stream.try_clone().unwrap()).lines();
        let accepted: Reply = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
        assert!(matches!(accepted, Reply::Accepted(_)), "{accepted:?}");
        // A note whose body never ends: exactly the limit, with no newline.
        let mut writer = stream.try_clone().unwrap();
        let sending = std::thread::spawn(move || {
            let head = br#"{"cmd":"create_note","args":{"input":{"title":"big","body":""#;
            writer.write_all(head).unwrap();
            let chunk = vec![b'x'; 1 << 20];
            let mut left = MAX_REQUEST as usize - head.len();
            while left > 0 {
                let n = left.min(chunk.len());
                writer.write_all(&chunk[..n]).unwrap();
                left -= n;
            }
        });
        let answer: Reply = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
        sending.join().unwrap();
        match answer {
            Reply::Error(e) => {
                assert_eq!(e.code, ErrorCode::TooLarge);
                assert!(e.message.contains("64 MiB"), "{}", e.message);
            }
            other => panic!("expected too_large, got {other:?}"),
        }
        assert!(ws.notes().unwrap().is_empty(), "nothing was written");

        let made = holder(ws.root())
            .unwrap()
            .send(&note("After the big one"), &mut |_| {})
            .unwrap();
        assert_eq!(made["title"], "After the big one");
    }

    #[test]
    fn a_holder_that_does_not_listen_is_named_in_the_refusal() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::init(&dir.path().join("ws")).unwrap();
        let e = holder(ws.root()).unwrap_err();
        assert!(
            e.message.contains("does not take requests"),
            "{}",
            e.message
        );
    }
}
