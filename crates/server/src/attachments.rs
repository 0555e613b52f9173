//! `/api/attachments`: upload a file to attach to an interview, and serve an attachment's
//! bytes — with byte ranges, which audio and video players need to seek. A recording can be
//! 4 GB, so neither direction ever holds a whole file in memory: an upload is written
//! inside the workspace as it arrives (readable only by its owner, removed on every path
//! that does not attach it), and a download is streamed from the file.

use crate::App;
use crate::routes::{decode, json_error, status_for};
use axum::body::{Body, Bytes};
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;
use groundwork_core::attachments::AttachmentBytes;
use groundwork_core::{ErrorBody, ErrorCode};
use http_body_util::BodyExt;
use std::io::Read;

/// How much of a file is read at a time while streaming it.
const CHUNK: usize = 256 * 1024;

fn fail(e: &groundwork_core::Error) -> Response {
    let body = ErrorBody::from(e);
    json_error(
        status_for(body.code),
        body.code,
        &body.message,
        body.field.as_deref(),
    )
}

fn io_fail(message: String) -> Response {
    json_error(
        StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::Io,
        &message,
        None,
    )
}

/// POST /api/attachments?interview=ID&name=FILE with the file's bytes as the body.
pub(crate) async fn upload(State(app): State<App>, uri: Uri, mut body: Body) -> Response {
    let (mut interview, mut name) = (String::new(), String::new());
    for (key, value) in uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter_map(|p| p.split_once('='))
    {
        match key {
            "interview" => interview = decode(value),
            "name" => name = decode(value),
            _ => {}
        }
    }
    if interview.is_empty() || name.trim().is_empty() {
        return json_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::Invalid,
            "say which interview and the file's name: /api/attachments?interview=ID&name=FILE",
            None,
        );
    }
    // Dropped on any early return, or with this future when the client goes away or the
    // server stops mid-upload: the half-written file is deleted then.
    let mut upload = match app.ws.start_upload() {
        Ok(u) => u,
        Err(e) => return fail(&e),
    };
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else {
            return io_fail("the upload was interrupted".into());
        };
        let Ok(data) = frame.into_data() else {
            continue;
        };
        if let Err(e) = upload.write(&data, name.trim()) {
            return fail(&e);
        }
    }
    let ws = app.ws.clone();
    let result =
        tokio::task::spawn_blocking(move || ws.attach_upload(&interview, upload, name.trim()))
            .await;
    match result {
        Ok(Ok(a)) => {
            let mut res = Response::new(Body::from(serde_json::to_vec(&a).unwrap_or_default()));
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            res
        }
        Ok(Err(e)) => fail(&e),
        Err(e) => io_fail(format!("the upload stopped: {e}")),
    }
}

/// GET (or HEAD) /api/attachments/{id}: the bytes as the media type Groundwork gives them,
/// streamed from the file.
pub(crate) async fn serve(
    State(app): State<App>,
    method: Method,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    let ws = app.ws.clone();
    let range = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let opened =
        tokio::task::spawn_blocking(move || ws.attachment_bytes(&id, range.as_deref())).await;
    let bytes = match opened {
        Ok(Ok(b)) => b,
        Ok(Err(e)) => return fail(&e),
        Err(e) => return io_fail(format!("serving the attachment stopped: {e}")),
    };
    let (media_type, total, range, length, file) = match bytes {
        AttachmentBytes::Bytes {
            media_type,
            total,
            range,
            length,
            file,
            ..
        } => (media_type, total, range, length, file),
        AttachmentBytes::Unsatisfiable { total } => {
            let mut res = Response::new(Body::empty());
            *res.status_mut() = StatusCode::RANGE_NOT_SATISFIABLE;
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{total}")) {
                res.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            return res;
        }
    };
    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        stream(file, length)
    };
    let mut res = Response::new(body);
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&media_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    // Bytes from a file, never a page: no script runs from here whatever the file holds.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    if let Some((start, end)) = range {
        *res.status_mut() = StatusCode::PARTIAL_CONTENT;
        if let Ok(v) = HeaderValue::from_str(&format!("bytes {start}-{end}/{total}")) {
            res.headers_mut().insert(header::CONTENT_RANGE, v);
        }
    }
    res
}

/// `length` bytes of `file` from where it is positioned, read a chunk at a time on a
/// blocking thread as the client takes them; a client that goes away stops the reading.
fn stream(mut file: std::fs::File, length: u64) -> Body {
    let (mut tx, body) = http_body_util::channel::Channel::<Bytes, std::io::Error>::new(2);
    let handle = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let mut left = length;
        let mut buf = vec![0u8; CHUNK];
        while left > 0 {
            let want = (left as usize).min(CHUNK);
            match file.read(&mut buf[..want]) {
                Ok(0) => {
                    tx.abort(std::io::Error::new(
                        std::io::ErrorKind::UnexpectedEof,
                        "the attachment is shorter than it was",
                    ));
                    return;
                }
                Ok(n) => {
                    if handle
                        .block_on(tx.send_data(Bytes::copy_from_slice(&buf[..n])))
                        .is_err()
                    {
                        return; // the client went away
                    }
                    left -= n as u64;
                }
                Err(e) => {
                    tx.abort(e);
                    return;
                }
            }
        }
    });
    Body::new(body)
}
