//! `GET /api/changes`: live updates as server-sent events (ARCHITECTURE.md §3, step 7).
//!
//! Every change the workspace commits — made through this server, the CLI handing its
//! request over, or anything else in this process — is sent to every open stream as
//!
//! ```text
//! id: 42
//! event: change
//! data: {"seq":42,"op":"update_note","objects":[{"kind":"note","id":"…"}],…}
//! ```
//!
//! A stream starts with a `: connected` comment (the client then knows it will miss nothing
//! from here on) and carries a comment every [`KEEP_ALIVE`] so idle connections are not
//! dropped. A client too slow to keep up gets `event: resync` instead of what it missed and
//! should reload what it shows. The stream is an ordinary `/api` request behind the token
//! (an `Authorization` header: the UI reads it with `fetch`, not `EventSource`, which cannot
//! send one) and, although it is a GET, it must come from the server's own origin too.

use crate::App;
use crate::auth;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use groundwork_core::{ErrorCode, Workspace};
use std::time::Duration;
use tokio::sync::{broadcast, watch};

/// How often an idle stream says it is alive.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// How many changes a stream may fall behind before it is told to resync.
const BACKLOG: usize = 1024;

/// Fans the workspace's committed changes out to the open streams, and ends them all when
/// the server stops (a graceful shutdown waits for responses in flight, and a stream never
/// finishes by itself).
pub(crate) struct Changes {
    frames: broadcast::Sender<Bytes>,
    closing: watch::Sender<bool>,
}

impl Changes {
    /// Start forwarding `ws`'s changes. The forwarding thread ends when the workspace is
    /// dropped (its subscription closes).
    pub(crate) fn forward(ws: &Workspace) -> Changes {
        let (frames, _) = broadcast::channel(BACKLOG);
        let (closing, _) = watch::channel(false);
        let changes = ws.subscribe();
        let tx = frames.clone();
        std::thread::Builder::new()
            .name("groundwork-changes".into())
            .spawn(move || {
                for change in changes {
                    let Ok(json) = serde_json::to_string(&change) else {
                        continue;
                    };
                    // No receiver (no stream open) is fine: nobody is listening.
                    let _ = tx.send(Bytes::from(format!(
                        "id: {}\nevent: change\ndata: {json}\n\n",
                        change.seq
                    )));
                }
            })
            .expect("spawn the change forwarder");
        Changes { frames, closing }
    }

    /// End every open stream (the server is stopping).
    pub(crate) fn close(&self) {
        let _ = self.closing.send(true);
    }
}

pub(crate) async fn stream(State(app): State<App>, headers: HeaderMap) -> Response {
    if let Err(why) = auth::same_origin(&headers) {
        return crate::routes::json_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden, why, None);
    }
    let mut frames = app.changes.frames.subscribe();
    let mut closing = app.changes.closing.subscribe();
    let (mut tx, body) = http_body_util::channel::Channel::<Bytes, std::io::Error>::new(16);
    tokio::spawn(async move {
        if tx
            .send_data(Bytes::from_static(b": connected\n\n"))
            .await
            .is_err()
        {
            return;
        }
        loop {
            let frame = tokio::select! {
                _ = closing.wait_for(|c| *c) => return,
                next = tokio::time::timeout(KEEP_ALIVE, frames.recv()) => match next {
                    Ok(Ok(frame)) => frame,
                    Ok(Err(broadcast::error::RecvError::Lagged(_))) => {
                        Bytes::from_static(b"event: resync\ndata: {}\n\n")
                    }
                    Ok(Err(broadcast::error::RecvError::Closed)) => return,
                    Err(_) => Bytes::from_static(b": keep-alive\n\n"),
                },
            };
            if tx.send_data(frame).await.is_err() {
                return; // the client went away
            }
        }
    });
    let mut res = Response::new(Body::new(body));
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
