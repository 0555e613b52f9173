//! The room's routes. Everything not listed here is 404: no `/api`, no attachments, no file
//! of the main app.

use super::RoomState;
use super::limits::{STREAMS_PER_SEAT, WRITE_BURST};
use crate::routes::{json_error, status_for};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use groundwork_core::model::workshop::{ParticipantRequest, ParticipantView, SeatKey, SeenGroup};
use groundwork_core::{Error, ErrorCode};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

type Room = Arc<RoomState>;

/// Largest request body a phone may send (a note is at most 280 characters).
const MAX_BODY: usize = 16 * 1024;
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The participant page's policy: its own scripts and styles only, and nothing it could
/// send anywhere but this room.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
                   img-src 'self' data:; font-src 'self'; manifest-src 'self'; base-uri 'none'; \
                   form-action 'none'; frame-ancestors 'none'";

pub(crate) fn router(room: Room) -> Router {
    use axum::middleware::{from_fn_with_state, map_response};
    use axum::routing::{get, post};
    Router::new()
        .route("/", get(page))
        .route("/assets/{name}", get(asset))
        .route("/w/join", post(join))
        .route("/w/api", post(api))
        .route("/w/events", get(events))
        .fallback(not_found)
        .layer(from_fn_with_state(room.clone(), guard))
        .layer(map_response(headers))
        .with_state(room)
}

async fn headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    crate::protect(h, CSP);
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    res
}

fn refuse(status: StatusCode, code: ErrorCode, message: &str) -> Response {
    json_error(status, code, message, None)
}

fn failed(e: &Error) -> Response {
    json_error(status_for(e.code), e.code, &e.message, e.field.as_deref())
}

/// Only requests sent to this room's own address (a page on another site that resolved its
/// name to this laptop is refused: DNS rebinding), and writes and the event stream only
/// from the room's own page.
async fn guard(State(room): State<Room>, req: Request, next: Next) -> Response {
    if !host_is_ours(&room, req.headers()) {
        return refuse(
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
            &format!("This workshop answers only at http://{}/", room.authority),
        );
    }
    let reads = req.method() == Method::GET || req.method() == Method::HEAD;
    if (!reads || req.uri().path() == "/w/events")
        && let Err(why) = crate::auth::same_origin(req.headers())
    {
        return refuse(StatusCode::FORBIDDEN, ErrorCode::Forbidden, why);
    }
    if !reads {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"));
        if !json {
            return refuse(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedFormat,
                "send this request with Content-Type: application/json",
            );
        }
    }
    next.run(req).await
}

fn host_is_ours(room: &RoomState, headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    host.eq_ignore_ascii_case(&room.authority)
        || (room.loopback && host.eq_ignore_ascii_case(&format!("localhost:{}", room.port)))
}

async fn not_found() -> Response {
    text(StatusCode::NOT_FOUND, "Not found.\n")
}

fn text(status: StatusCode, body: &'static str) -> Response {
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = status;
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    res
}

fn file(room: &RoomState, path: &str) -> Response {
    let Some(bytes) = room.files.get(path) else {
        return text(StatusCode::NOT_FOUND, "Not found.\n");
    };
    let kind = match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    };
    let mut res = Response::new(Body::from(bytes.clone()));
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    res
}

async fn page(State(room): State<Room>) -> Response {
    file(&room, super::PAGE)
}

async fn asset(State(room): State<Room>, Path(name): Path<String>) -> Response {
    file(&room, &format!("assets/{name}"))
}

/// Read a body of at most `MAX_BODY` bytes; a larger one is refused before it is read when
/// it says its length. Every handler reads the body before it answers, even to refuse: a
/// connection whose request body was left unread is closed, and a phone's browser does not
/// resend a POST whose connection went away.
async fn read_body(headers: &HeaderMap, body: Body) -> Result<Bytes, Response> {
    let too_large = || {
        refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::TooLarge,
            "this request is too large for a workshop (16 KB at most)",
        )
    };
    let said = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if said.is_some_and(|n| n > MAX_BODY) {
        return Err(too_large());
    }
    axum::body::to_bytes(body, MAX_BODY)
        .await
        .map_err(|_| too_large())
}

fn malformed(e: serde_json::Error) -> Response {
    refuse(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::Invalid,
        &format!("malformed request: {e}"),
    )
}

fn json(value: &impl serde::Serialize) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => {
            let mut res = Response::new(Body::from(bytes));
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            res
        }
        Err(e) => refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            &e.to_string(),
        ),
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Join {
    secret: Option<String>,
    code: Option<String>,
    nickname: Option<String>,
}

#[derive(serde::Serialize)]
struct Joined {
    token: String,
    participant_id: String,
    workshop_id: String,
}

async fn join(
    State(room): State<Room>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let body = match read_body(&headers, body).await {
        Ok(b) => b,
        Err(res) => return res,
    };
    let wait = room.limits.join_wait(peer.ip());
    if wait > 0 {
        let mut res = json_error(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Forbidden,
            &format!("too many tries: wait {wait} seconds, then type the code again"),
            None,
        );
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(wait));
        return res;
    }
    let j: Join = match serde_json::from_slice(&body) {
        Ok(j) => j,
        Err(e) => return malformed(e),
    };
    let by_secret = j
        .secret
        .as_deref()
        .is_some_and(|s| crate::auth::same(s.as_bytes(), room.secret.as_bytes()));
    let by_code = j.code.as_deref().is_some_and(|c| {
        let code = room.code.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let typed: String = c
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_ascii_uppercase();
        crate::auth::same(typed.as_bytes(), code.as_bytes())
    });
    if !by_secret && !by_code {
        if room.limits.join_failed(peer.ip())
            && let Ok(fresh) = new_code()
        {
            *room.code.lock().unwrap_or_else(|e| e.into_inner()) = fresh;
        }
        return refuse(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            "that code or link does not open this workshop: check the code on the screen",
        );
    }
    let token = match new_secret() {
        Ok(t) => t,
        Err(e) => return failed(&e),
    };
    let ws = room.ws.clone();
    let id = room.workshop_id.clone();
    let t = token.clone();
    let seated =
        tokio::task::spawn_blocking(move || ws.join_workshop(&id, j.nickname.as_deref(), &t)).await;
    match seated {
        Ok(Ok(seat)) => {
            // The room's read of the workshop must know the new seat before its page opens
            // the event stream (else that stream waits for the next change to see it).
            let state = room.clone();
            let _ = tokio::task::spawn_blocking(move || state.reload()).await;
            json(&Joined {
                token,
                participant_id: seat.participant_id,
                workshop_id: seat.workshop_id,
            })
        }
        Ok(Err(e)) => failed(&e),
        Err(e) => refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            &e.to_string(),
        ),
    }
}

/// The seat the request's credential stands for, in this room; otherwise the 401 to send.
async fn seat(room: &Room, headers: &HeaderMap) -> Result<SeatKey, Response> {
    let unauthorized = || {
        refuse(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            "this workshop link no longer works: ask the facilitator for the code",
        )
    };
    let Some(token) = crate::auth::bearer_token(headers).map(str::to_string) else {
        return Err(unauthorized());
    };
    if token.len() != 64 {
        return Err(unauthorized());
    }
    let ws = room.ws.clone();
    match tokio::task::spawn_blocking(move || ws.workshop_seat(&token)).await {
        Ok(Ok(Some(seat))) if seat.workshop_id == room.workshop_id => Ok(seat),
        Ok(Err(e)) => Err(failed(&e)),
        _ => Err(unauthorized()),
    }
}

/// `POST /w/api[?step=N]`: `step` is the step the phone shows; when the answer is for the
/// same step, its board is left out (`groups: null`): the phone has it, and the event
/// stream sends it whenever it changes.
async fn api(
    State(room): State<Room>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let shown_step: Option<u32> = uri
        .query()
        .unwrap_or("")
        .split('&')
        .find_map(|p| p.strip_prefix("step="))
        .and_then(|v| v.parse().ok());
    let body = match read_body(&headers, body).await {
        Ok(b) => b,
        Err(res) => return res,
    };
    let seat = match seat(&room, &headers).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    if !room.limits.write(&seat.participant_id) {
        let mut res = json_error(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Conflict,
            &format!("slow down: at most {WRITE_BURST} changes at once"),
            None,
        );
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return res;
    }
    let request: ParticipantRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => return malformed(e),
    };
    let ws = room.ws.clone();
    let whole = matches!(request, ParticipantRequest::State {});
    match tokio::task::spawn_blocking(move || ws.participant_request(&seat, request)).await {
        Ok(Ok(mut view)) => {
            if !whole && shown_step == Some(view.step) {
                view.groups = None;
            }
            json(&view)
        }
        Ok(Err(e)) => failed(&e),
        Err(e) => refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            &e.to_string(),
        ),
    }
}

/// The participant's own view, now and after every change, until the room closes, they are
/// removed or the workshop ends.
async fn events(State(room): State<Room>, headers: HeaderMap) -> Response {
    let seat = match seat(&room, &headers).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    if !room.limits.open_stream(&seat.participant_id) {
        return refuse(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Conflict,
            &format!("at most {STREAMS_PER_SEAT} open pages per person"),
        );
    }
    let mut snapshots = room.snapshot.subscribe();
    let mut closing = room.closing.subscribe();
    let (mut tx, body) = http_body_util::channel::Channel::<Bytes, std::io::Error>::new(8);
    let pid = seat.participant_id.clone();
    let room2 = room.clone();
    tokio::spawn(async move {
        // What this stream last sent: the view without its board, and the board.
        let mut last: Option<ParticipantView> = None;
        let mut last_groups: Option<Vec<SeenGroup>> = None;
        snapshots.mark_changed();
        loop {
            let frame = tokio::select! {
                _ = closing.wait_for(|c| *c) => Some(Bytes::from_static(b"event: ended\ndata: {}\n\n")),
                changed = tokio::time::timeout(KEEP_ALIVE, snapshots.changed()) => match changed {
                    Ok(Ok(())) => {
                        let snap = snapshots.borrow_and_update().clone();
                        match snap {
                            None => None,
                            Some(s) if s.workshop().ended_at.is_some() => {
                                Some(Bytes::from_static(b"event: ended\ndata: {}\n\n"))
                            }
                            // A read from before this seat was made: the next one has it.
                            Some(s) if !s.knows(&pid) => None,
                            Some(s) => match s.view_for(&pid) {
                                None => Some(Bytes::from_static(b"event: removed\ndata: {}\n\n")),
                                Some(mut view) => {
                                    // The board goes only when it changed: most changes (a
                                    // dot, someone done) leave it as it was.
                                    let groups = view.groups.take();
                                    let same_board = groups == last_groups;
                                    let personal = ParticipantView { server_now_ms: 0, rev: 0, ..view.clone() };
                                    if same_board && last.as_ref() == Some(&personal) {
                                        None
                                    } else {
                                        if !same_board {
                                            view.groups.clone_from(&groups);
                                            last_groups = groups;
                                        }
                                        let json = serde_json::to_string(&view).unwrap_or_default();
                                        last = Some(personal);
                                        Some(Bytes::from(format!("event: view\ndata: {json}\n\n")))
                                    }
                                }
                            },
                        }
                    }
                    Ok(Err(_)) => Some(Bytes::from_static(b"event: ended\ndata: {}\n\n")),
                    Err(_) => Some(Bytes::from_static(b": keep-alive\n\n")),
                },
            };
            let Some(frame) = frame else { continue };
            let last_frame =
                frame.starts_with(b"event: ended") || frame.starts_with(b"event: removed");
            if tx.send_data(frame).await.is_err() || last_frame {
                break;
            }
        }
        room2.limits.close_stream(&pid);
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

fn random(n: usize) -> groundwork_core::Result<Vec<u8>> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).map_err(|e| {
        Error::new(
            ErrorCode::Io,
            format!("no randomness for the workshop: {e}"),
        )
    })?;
    Ok(bytes)
}

/// 32 random bytes as hex, as the API's token: a link's secret, a participant's credential.
pub(crate) fn new_secret() -> groundwork_core::Result<String> {
    crate::new_token()
}

/// Six characters that cannot be mistaken for each other (no I, O, 0 or 1).
pub(crate) fn new_code() -> groundwork_core::Result<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    // 32 letters: a byte's low five bits pick one with no bias.
    Ok(random(6)?
        .iter()
        .map(|b| ALPHABET[(b & 31) as usize] as char)
        .collect())
}
