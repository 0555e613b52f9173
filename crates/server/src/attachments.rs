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
use groundwork_core::{ErrorBody, ErrorCode};
use http_body_util::BodyExt;
use std::io::{Read, Seek, SeekFrom};

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

/// `bytes=a-b`, `bytes=a-` or `bytes=-n` (the first range only) for a file of `len` bytes:
/// the first and last byte, or Err when it lies outside the file; None when the header is
/// not a byte range.
fn parse_range(header: &str, len: u64) -> Option<Result<(u64, u64), ()>> {
    let spec = header.trim().strip_prefix("bytes=")?;
    let (a, b) = spec.split(',').next()?.trim().split_once('-')?;
    let parsed = match (a.parse::<u64>().ok(), b.parse::<u64>().ok()) {
        (Some(a), Some(b)) if a <= b && a < len => Ok((a, b.min(len - 1))),
        (Some(a), None) if b.is_empty() && a < len => Ok((a, len - 1)),
        (None, Some(n)) if a.is_empty() && n > 0 && len > 0 => Ok((len.saturating_sub(n), len - 1)),
        _ => Err(()),
    };
    Some(parsed)
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
    let opened = tokio::task::spawn_blocking(move || {
        let mut a = ws.open_attachment(&id)?;
        // A header that is not a byte range is ignored, as HTTP says.
        let wanted = match range.as_deref().and_then(|r| parse_range(r, a.total)) {
            Some(Ok((start, end))) => Some((start, end)),
            Some(Err(())) => return Ok(Err(a.total)),
            None => None,
        };
        let start = wanted.map_or(0, |(s, _)| s);
        a.file
            .seek(SeekFrom::Start(start))
            .map_err(|e| groundwork_core::Error::from(e).context(&a.file_name))?;
        Ok::<_, groundwork_core::Error>(Ok((a, wanted)))
    })
    .await;
    let (opened, range) = match opened {
        Ok(Ok(Ok(b))) => b,
        Ok(Ok(Err(total))) => {
            let mut res = Response::new(Body::empty());
            *res.status_mut() = StatusCode::RANGE_NOT_SATISFIABLE;
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{total}")) {
                res.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            return res;
        }
        Ok(Err(e)) => return fail(&e),
        Err(e) => return io_fail(format!("serving the attachment stopped: {e}")),
    };
    let (media_type, total, file) = (opened.media_type, opened.total, opened.file);
    let length = match range {
        Some((start, end)) => end - start + 1,
        None => total,
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

#[cfg(test)]
mod tests {
    use super::parse_range;

    #[test]
    fn byte_ranges_are_read_as_http_means_them() {
        assert_eq!(parse_range("bytes=0-99", 1000), Some(Ok((0, 99))));
        assert_eq!(parse_range("bytes=900-", 1000), Some(Ok((900, 999))));
        assert_eq!(parse_range("bytes=-100", 1000), Some(Ok((900, 999))));
        assert_eq!(parse_range("bytes=990-2000", 1000), Some(Ok((990, 999))));
        assert_eq!(parse_range("bytes=0-9, 20-29", 1000), Some(Ok((0, 9))));
        assert_eq!(parse_range("bytes=1000-", 1000), Some(Err(())));
        assert_eq!(parse_range("bytes=5-1", 1000), Some(Err(())));
        assert_eq!(
            parse_range("items=0-1", 1000),
            None,
            "not a byte range: ignored"
        );
    }
}
