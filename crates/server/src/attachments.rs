//! `/api/attachments`: upload a file to attach to an interview (spooled to disk, never held
//! whole in memory), and serve an attachment's bytes — with byte ranges, which audio and
//! video players need to seek. Like every route, only with the token (cookie or bearer).

use crate::App;
use crate::routes::{decode, json_error, status_for};
use axum::body::Body;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::Response;
use groundwork_core::ErrorBody;
use groundwork_core::attachments::{AttachmentBytes, MAX_ATTACHMENT_BYTES};
use http_body_util::BodyExt;
use std::io::Write;

fn fail(e: &groundwork_core::Error) -> Response {
    let body = ErrorBody::from(e);
    json_error(
        status_for(body.code),
        body.code.as_str(),
        &body.message,
        body.field.as_deref(),
    )
}

fn io_fail(message: String) -> Response {
    json_error(StatusCode::INTERNAL_SERVER_ERROR, "io", &message, None)
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
            "invalid",
            "say which interview and the file's name: /api/attachments?interview=ID&name=FILE",
            None,
        );
    }
    let mut random = [0u8; 8];
    let _ = getrandom::fill(&mut random);
    let spool = std::env::temp_dir().join(format!(
        "groundwork-upload-{}",
        random
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    ));
    let mut file = match std::fs::File::create_new(&spool) {
        Ok(f) => f,
        Err(e) => return io_fail(format!("cannot spool the upload: {e}")),
    };
    let mut seen: u64 = 0;
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else {
            let _ = std::fs::remove_file(&spool);
            return io_fail("the upload was interrupted".into());
        };
        let Ok(data) = frame.into_data() else {
            continue;
        };
        seen += data.len() as u64;
        if seen > MAX_ATTACHMENT_BYTES {
            let _ = std::fs::remove_file(&spool);
            return json_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                &format!("{name}: attachments can be up to 4 GB"),
                None,
            );
        }
        if let Err(e) = file.write_all(&data) {
            let _ = std::fs::remove_file(&spool);
            return io_fail(format!("cannot spool the upload: {e}"));
        }
    }
    drop(file);
    let ws = app.ws.clone();
    let path = spool.clone();
    let result = tokio::task::spawn_blocking(move || {
        ws.attach_file_named(&interview, &path, Some(name.trim()))
    })
    .await;
    let _ = std::fs::remove_file(&spool);
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

/// GET /api/attachments/{id}: the bytes, as the stored media type.
pub(crate) async fn serve(
    State(app): State<App>,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    let ws = app.ws.clone();
    let answer = tokio::task::spawn_blocking(move || {
        read_attachment(&ws, &id, &headers).unwrap_or_else(|r| r)
    })
    .await;
    answer.unwrap_or_else(|e| io_fail(format!("serving the attachment stopped: {e}")))
}

/// The bytes (or the asked range) of attachment `id`; an error is already a response.
#[allow(clippy::result_large_err)] // both sides are responses, returned at once
fn read_attachment(
    ws: &groundwork_core::Workspace,
    id: &str,
    headers: &HeaderMap,
) -> Result<Response, Response> {
    let range = headers.get(header::RANGE).and_then(|v| v.to_str().ok());
    let (media_type, total, range, bytes) =
        match ws.attachment_bytes(id, range).map_err(|e| fail(&e))? {
            AttachmentBytes::Bytes {
                media_type,
                total,
                range,
                bytes,
                ..
            } => (media_type, total, range, bytes),
            AttachmentBytes::Unsatisfiable { total } => {
                let mut res = Response::new(Body::empty());
                *res.status_mut() = StatusCode::RANGE_NOT_SATISFIABLE;
                if let Ok(v) = HeaderValue::from_str(&format!("bytes */{total}")) {
                    res.headers_mut().insert(header::CONTENT_RANGE, v);
                }
                return Ok(res);
            }
        };
    let mut res = Response::new(Body::from(bytes));
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&media_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    if let Some((start, end)) = range {
        *res.status_mut() = StatusCode::PARTIAL_CONTENT;
        if let Ok(v) = HeaderValue::from_str(&format!("bytes {start}-{end}/{total}")) {
            res.headers_mut().insert(header::CONTENT_RANGE, v);
        }
    }
    Ok(res)
}
