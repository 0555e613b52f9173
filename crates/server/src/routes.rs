//! `/api` and `/api/import`: thin wrappers that hand the request to `groundwork_api` on a
//! blocking thread and turn the answer into HTTP.

use crate::App;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::Response;
use groundwork_core::import::{ImportAs, MAX_FILE_BYTES};
use groundwork_core::speakers::SpeakerMap;
use groundwork_core::{ErrorBody, ErrorCode};
use http_body_util::BodyExt;

/// The HTTP status for an error code: `not_found` 404, `invalid` 422, `conflict` 409,
/// `unsupported_format` 415, `too_large` 413, anything else 500.
pub fn status_for(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::Conflict => StatusCode::CONFLICT,
        ErrorCode::UnsupportedFormat => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// How much of an oversized body is read (and dropped) before answering 413: clients that
/// write the whole body before reading the answer then see the 413 instead of a reset.
const DRAIN_LIMIT: usize = 1024 * 1024 * 1024;

pub(crate) async fn api(State(app): State<App>, body: Body) -> Response {
    let bytes = match read_body(body).await {
        Ok(b) => b,
        Err(res) => return res,
    };
    // `Request` holds no path on disk (those are `groundwork_api::local::LocalRequest`, which
    // only the desktop shell parses): a request naming a file is not even understood here.
    let request = match groundwork_api::parse(&bytes) {
        Ok(r) => r,
        Err(e) => return error(e),
    };
    let ws = app.ws.clone();
    answer(tokio::task::spawn_blocking(move || groundwork_api::handle(&ws, request)).await)
}

pub(crate) async fn import(State(app): State<App>, uri: Uri, body: Body) -> Response {
    let mut name = None;
    let mut as_ = None;
    let mut preview = false;
    let mut preview_mapping = false;
    let mut again = false;
    let mut speakers = SpeakerMap::new();
    let mut mapping: Option<groundwork_core::import::FeedbackMapping> = None;
    for (key, value) in uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter_map(|p| p.split_once('='))
    {
        let value = decode(value);
        match key {
            "name" => name = Some(value),
            "as" if !value.is_empty() => {
                match serde_json::from_value::<ImportAs>(value.clone().into()) {
                    Ok(a) => as_ = Some(a),
                    Err(_) => {
                        return error(invalid(
                            "as",
                            format!(
                                "'{value}' is not something a file can become; use interview, note, feedback or persona"
                            ),
                        ));
                    }
                }
            }
            // Parse and describe the file without saving it.
            // `preview=mapping`: a feedback export's columns and their mapping.
            "preview" => {
                preview = matches!(value.as_str(), "1" | "true" | "mapping");
                preview_mapping = value == "mapping";
            }
            // Import a file that was imported before (otherwise 409 conflict).
            "again" => again = value == "1" || value == "true",
            // JSON: speaker name → {"to": "participant", "id"} | {"to": "new_participant",
            // "name"} | {"to": "interviewer"} | {"to": "keep"}.
            "speakers" if !value.is_empty() => match serde_json::from_str(&value) {
                Ok(m) => speakers = m,
                Err(e) => {
                    return error(invalid(
                        "speakers",
                        format!("the speaker mapping is not valid: {e}"),
                    ));
                }
            },
            // JSON: a feedback export's column mapping (see `FeedbackMapping`).
            "mapping" if !value.is_empty() => match serde_json::from_str(&value) {
                Ok(m) => mapping = Some(m),
                Err(e) => {
                    return error(invalid(
                        "mapping",
                        format!("the column mapping is not valid: {e}"),
                    ));
                }
            },
            _ => {}
        }
    }
    let Some(name) = name.filter(|n| !n.trim().is_empty()) else {
        return error(invalid(
            "name",
            "say the file's name: /api/import?name=FILE".to_string(),
        ));
    };
    let bytes = match read_body(body).await {
        Ok(b) => b,
        Err(res) => return res,
    };
    let ws = app.ws.clone();
    answer(
        tokio::task::spawn_blocking(move || {
            // A feedback export: its preview is the column mapping, and importing it again
            // adds only the items that are new (no whole-file conflict).
            let feedback = groundwork_core::import::is_feedback_file(&name, as_);
            let answer = if preview && feedback && preview_mapping {
                ws.preview_feedback(&name, &bytes, mapping.as_ref())
                    .and_then(|p| serde_json::to_value(p).map_err(Into::into))
            } else if !preview && feedback {
                ws.import_feedback(&name, &bytes, mapping.as_ref())
                    .and_then(|i| serde_json::to_value(i).map_err(Into::into))
            } else if preview {
                ws.preview_bytes(&name, &bytes, as_)
                    .and_then(|p| serde_json::to_value(p).map_err(Into::into))
            } else if let (false, Ok(Some(before))) = (again, ws.imported_before(&bytes)) {
                Err(groundwork_core::Error::conflict(format!(
                    "{name} was {}",
                    groundwork_api::jobs::already_imported(&before)
                )))
            } else {
                ws.import_bytes_with(&name, &bytes, as_, &speakers)
                    .and_then(|i| serde_json::to_value(i).map_err(Into::into))
            };
            answer.map_err(|e| ErrorBody::from(&e))
        })
        .await,
    )
}

/// `POST /api/pack/import?name=FILE[&dry_run=1]` with the file as the body: merge a REFI-QDA
/// project or codebook (or, with `dry_run`, say what that would add).
pub(crate) async fn import_pack(State(app): State<App>, uri: Uri, body: Body) -> Response {
    let mut name = None;
    let mut dry_run = false;
    for (key, value) in uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter_map(|kv| kv.split_once('='))
    {
        match key {
            "name" => name = Some(decode(value)),
            "dry_run" => dry_run = value == "1" || value == "true",
            _ => {}
        }
    }
    let Some(name) = name.filter(|n| !n.trim().is_empty()) else {
        return error(invalid(
            "name",
            "say the file's name: /api/pack/import?name=FILE".to_string(),
        ));
    };
    let bytes = match read_body(body).await {
        Ok(b) => b,
        Err(res) => return res,
    };
    let ws = app.ws.clone();
    answer(
        tokio::task::spawn_blocking(move || {
            ws.import_pack(&name, &bytes, dry_run)
                .and_then(|r| serde_json::to_value(r).map_err(Into::into))
                .map_err(|e| ErrorBody::from(&e))
        })
        .await,
    )
}

/// `POST /api/pack` with `{"request": PackRequest}` → the research pack as a file to
/// download: a folder format as a zip (a browser cannot be handed a folder; the desktop shell
/// writes one with `export_pack`), a REFI-QDA project or codebook as it is.
/// Open, close or look at a workshop's room: the body is a `HostRequest`.
pub(crate) async fn host_workshop(State(app): State<App>, body: Body) -> Response {
    let bytes = match read_body(body).await {
        Ok(b) => b,
        Err(res) => return res,
    };
    let request = match serde_json::from_slice::<groundwork_api::workshop::HostRequest>(&bytes) {
        Ok(r) => r,
        Err(e) => {
            return error(invalid(
                "action",
                format!("not a workshop host request: {e}"),
            ));
        }
    };
    match app.host.handle(request).await {
        Ok(status) => match serde_json::to_vec(&status) {
            Ok(body) => {
                let mut res = Response::new(Body::from(body));
                res.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                res
            }
            Err(e) => error(ErrorBody {
                code: ErrorCode::Internal,
                message: e.to_string(),
                field: None,
            }),
        },
        Err(e) => error(ErrorBody::from(&e)),
    }
}

pub(crate) async fn pack(State(app): State<App>, body: Body) -> Response {
    let bytes = match read_body(body).await {
        Ok(b) => b,
        Err(res) => return res,
    };
    let request = serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|mut v| v.get_mut("request").map(serde_json::Value::take))
        .ok_or_else(|| "send {\"request\": {…}}".to_string())
        .and_then(|r| {
            serde_json::from_value::<groundwork_core::pack::PackRequest>(r)
                .map_err(|e| e.to_string())
        });
    let request = match request {
        Ok(r) => r,
        Err(e) => return error(invalid("request", format!("not a pack request: {e}"))),
    };
    let ws = app.ws.clone();
    let made = tokio::task::spawn_blocking(move || {
        ws.pack_download(&request, "research-pack")
            .map(|(_, name, bytes)| (name, bytes))
    })
    .await;
    match made {
        Ok(Ok((name, bytes))) => {
            let kind = match name.rsplit_once('.').map(|(_, e)| e) {
                Some("qdc") => "application/xml",
                Some("html") => "text/html; charset=utf-8",
                _ => "application/zip",
            };
            let mut res = Response::new(Body::from(bytes));
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
            if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
        Ok(Err(e)) => error(ErrorBody::from(&e)),
        Err(join) => json_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            &format!("the pack could not be made: {join}"),
            None,
        ),
    }
}

pub(crate) async fn no_such_route(uri: Uri) -> Response {
    json_error(
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
        &format!(
            "there is no {} in this API; send requests to POST /api",
            uri.path()
        ),
        None,
    )
}

pub(crate) async fn method_not_allowed() -> Response {
    let mut res = json_error(
        StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::Invalid,
        "use POST with a JSON request",
        None,
    );
    res.headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("POST"));
    res
}

/// The whole body, or the response refusing it: 413 past `MAX_FILE_BYTES`.
async fn read_body(mut body: Body) -> Result<Vec<u8>, Response> {
    let mut bytes = Vec::new();
    let mut seen = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            json_error(
                StatusCode::BAD_REQUEST,
                ErrorCode::Io,
                &format!("the request body could not be read: {e}"),
                None,
            )
        })?;
        let Ok(data) = frame.into_data() else {
            continue;
        };
        seen = seen.saturating_add(data.len());
        if seen <= MAX_FILE_BYTES {
            bytes.extend_from_slice(&data);
        } else {
            bytes = Vec::new();
            if seen > DRAIN_LIMIT {
                break;
            }
        }
    }
    if seen > MAX_FILE_BYTES {
        const MB: usize = 1024 * 1024;
        return Err(json_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::TooLarge,
            &format!(
                "the request is larger than {} MB, the most Groundwork takes in one file",
                MAX_FILE_BYTES / MB
            ),
            None,
        ));
    }
    Ok(bytes)
}

fn answer(
    result: Result<Result<serde_json::Value, ErrorBody>, tokio::task::JoinError>,
) -> Response {
    match result {
        Ok(Ok(value)) => json(StatusCode::OK, &value),
        Ok(Err(e)) => error(e),
        Err(join) => json_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            &format!("the request failed inside Groundwork: {join}"),
            None,
        ),
    }
}

fn invalid(field: &str, message: String) -> ErrorBody {
    ErrorBody {
        code: ErrorCode::Invalid,
        message,
        field: Some(field.to_string()),
    }
}

fn error(e: ErrorBody) -> Response {
    json(
        status_for(e.code),
        &serde_json::to_value(&e).unwrap_or_default(),
    )
}

/// An error answer with a code of the one wire enum (the engine's codes and the transport's
/// `unauthorized`, `forbidden`, `internal`), as the `ErrorBody` the UI reads.
pub(crate) fn json_error(
    status: StatusCode,
    code: ErrorCode,
    message: &str,
    field: Option<&str>,
) -> Response {
    let body = ErrorBody {
        code,
        message: message.to_string(),
        field: field.map(str::to_string),
    };
    json(status, &serde_json::to_value(&body).unwrap_or_default())
}

fn json(status: StatusCode, value: &serde_json::Value) -> Response {
    let mut res = Response::new(Body::from(serde_json::to_vec(value).unwrap_or_default()));
    *res.status_mut() = status;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Percent-decoding of a query value (`+` is a space); invalid UTF-8 is replaced.
pub(crate) fn decode(s: &str) -> String {
    percent_decode(s, true)
}

/// Percent-decoding of a path segment (`+` is itself).
pub(crate) fn decode_path(s: &str) -> String {
    percent_decode(s, false)
}

fn percent_decode(s: &str, plus_is_space: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' if plus_is_space => out.push(b' '),
            b'%' if i + 2 < bytes.len()
                && bytes[i + 1].is_ascii_hexdigit()
                && bytes[i + 2].is_ascii_hexdigit() =>
            {
                let hex = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
                out.push(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_decode() {
        assert_eq!(decode("a%20b+c.vtt"), "a b c.vtt");
        assert_eq!(decode("%E2%80%94"), "—");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz%4"), "%zz%4");
    }
}
