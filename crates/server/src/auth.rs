//! Who may talk to the server, checked before any route runs.
//!
//! Other web pages in the user's browser are the threat here, and a cookie cannot keep
//! them out: browsers send a cookie to every port of a host, and every `127.0.0.1` port is
//! the same *site*, so `SameSite` does not stop a page served by another local server from
//! posting to `/api` with the cookie attached. So:
//!
//! - The per-run token travels only in an `Authorization: Bearer` header, which a browser
//!   never adds by itself and a page on another origin cannot add without a CORS preflight
//!   this server never grants. The UI keeps it in its own origin's storage (other ports
//!   cannot read it). Only two GETs may carry it in the URL instead: the printed link (the
//!   UI takes it from there), and an attachment's URL, which a `<video>` element fetches
//!   without headers. No cookie is set, so nothing is sent to other ports.
//! - Every request that can change something (any method but GET and HEAD) must come from
//!   the server's own origin (`Origin`, or `Sec-Fetch-Site: same-origin` without it) and
//!   carry the content type of its route (`application/json`, or
//!   `application/octet-stream` for uploads): neither is something a cross-origin `no-cors`
//!   request can send.
//! - The `Host` must be a loopback name (DNS rebinding). A workshop's room is another
//!   listener with checks of its own (`workshop`).
//!
//! The built UI itself (HTML, scripts, styles) is public: it holds no data, and it is
//! what shows a tab without the token how to get it.

use crate::App;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use groundwork_core::ErrorCode;

pub(crate) async fn require_token(State(app): State<App>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let api = is_api(path);
    if !host_is_loopback(req.headers()) {
        // A page on another site that resolved its own name to 127.0.0.1 (DNS rebinding).
        return refuse(
            api,
            StatusCode::FORBIDDEN,
            "This Groundwork server answers only to localhost addresses.",
        );
    }
    let reads = req.method() == Method::GET || req.method() == Method::HEAD;
    let given = match (bearer_token(req.headers()), query_token(req.uri().query())) {
        (Some(t), _) => Some(t),
        // In the URL: only the printed link (any UI page) and an attachment's bytes.
        (None, Some(t)) if reads && (!api || path.starts_with("/api/attachments/")) => Some(t),
        _ => None,
    };
    match given {
        Some(t) if same(t.as_bytes(), app.token.as_bytes()) => {}
        Some(_) => return unauthorized(api),
        // The UI loads without the token and asks for it; nothing else does.
        None if reads && !api => return next.run(req).await,
        None => return unauthorized(api),
    }
    if !reads {
        if let Err(why) = same_origin(req.headers()) {
            return refuse(api, StatusCode::FORBIDDEN, why);
        }
        if let Err(wanted) = content_type_for(path, req.headers()) {
            return crate::routes::json_error(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedFormat,
                &format!("send this request with Content-Type: {wanted}"),
                None,
            );
        }
    }
    next.run(req).await
}

pub(crate) fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// Compares in time that depends only on the lengths, not on where the first difference is.
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn query_pairs(query: Option<&str>) -> impl Iterator<Item = (&str, &str)> {
    query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
}

fn query_token(query: Option<&str>) -> Option<&str> {
    query_pairs(query)
        .find(|(k, _)| *k == "token")
        .map(|(_, v)| v)
}

pub(crate) fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// A request that changes something must come from a page of this server: its `Origin` is
/// `http://` and the `Host` it was sent to. Browsers send `Origin` with every such request
/// (`no-cors` ones included); without it, `Sec-Fetch-Site` must say same-origin. A client
/// that is not a browser sends `Origin` itself.
pub(crate) fn same_origin(headers: &HeaderMap) -> Result<(), &'static str> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    match (text("origin"), text("sec-fetch-site")) {
        (Some(origin), _) => {
            let host = text("host").ok_or("This request names no Host.")?;
            let own = origin
                .strip_prefix("http://")
                .is_some_and(|rest| rest.eq_ignore_ascii_case(host));
            if own {
                Ok(())
            } else {
                Err(
                    "Only Groundwork's own pages may change this workspace; this request came from another page.",
                )
            }
        }
        (None, Some("same-origin")) => Ok(()),
        (None, _) => Err(
            "A request that changes the workspace must say where it comes from: send Origin: http://HOST:PORT.",
        ),
    }
}

/// The one content type each route takes from a request that changes something. Both are
/// types a page on another origin cannot send without a preflight.
fn content_type_for(path: &str, headers: &HeaderMap) -> Result<(), &'static str> {
    let wanted = match path {
        "/api/import" | "/api/pack/import" | "/api/attachments" => "application/octet-stream",
        _ => "application/json",
    };
    let given = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::trim);
    match given {
        Some(t) if t.eq_ignore_ascii_case(wanted) => Ok(()),
        _ => Err(wanted),
    }
}

fn host_is_loopback(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST) else {
        // HTTP/1.0 clients may send none; a browser always does.
        return true;
    };
    let Ok(host) = host.to_str() else {
        return false;
    };
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(name, _port)| name)
    };
    let name = name.trim_end_matches('.');
    name.eq_ignore_ascii_case("localhost")
        || name.to_ascii_lowercase().ends_with(".localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn unauthorized(api: bool) -> Response {
    let mut res = refuse(
        api,
        StatusCode::UNAUTHORIZED,
        "This Groundwork server needs its access token: open the link `groundwork serve` printed \
         (it ends in ?token=…).",
    );
    res.headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    res
}

fn refuse(api: bool, status: StatusCode, message: &str) -> Response {
    let code = if status == StatusCode::UNAUTHORIZED {
        ErrorCode::Unauthorized
    } else {
        ErrorCode::Forbidden
    };
    if api {
        crate::routes::json_error(status, code, message, None)
    } else {
        let mut res = Response::new(Body::from(format!("{message}\n")));
        *res.status_mut() = status;
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_whole() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"ab"));
        assert!(!same(b"", b"a"));
    }

    #[test]
    fn the_token_is_found_in_the_query_and_the_header() {
        assert_eq!(query_token(Some("a=1&token=xyz&b")), Some("xyz"));
        assert_eq!(query_token(Some("tokens=xyz")), None);
        let mut h = HeaderMap::new();
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer   b3"),
        );
        assert_eq!(bearer_token(&h), Some("b3"));
    }

    #[test]
    fn writes_must_come_from_the_servers_own_origin() {
        let check = |pairs: &[(&'static str, &'static str)]| {
            let mut h = HeaderMap::new();
            for (k, v) in pairs {
                h.insert(*k, HeaderValue::from_static(v));
            }
            same_origin(&h).is_ok()
        };
        assert!(check(&[
            ("host", "127.0.0.1:4820"),
            ("origin", "http://127.0.0.1:4820")
        ]));
        assert!(check(&[
            ("host", "localhost:4820"),
            ("origin", "http://LOCALHOST:4820")
        ]));
        assert!(check(&[
            ("host", "127.0.0.1:4820"),
            ("sec-fetch-site", "same-origin")
        ]));
        for bad in [
            &[
                ("host", "127.0.0.1:4820"),
                ("origin", "http://127.0.0.1:8000"),
            ][..],
            &[
                ("host", "127.0.0.1:4820"),
                ("origin", "http://localhost:4820"),
            ],
            &[("host", "127.0.0.1:4820"), ("origin", "null")],
            &[
                ("host", "127.0.0.1:4820"),
                ("origin", "https://127.0.0.1:4820"),
            ],
            &[
                ("host", "127.0.0.1:4820"),
                ("origin", "http://127.0.0.1:4820.evil.example"),
            ],
            &[("host", "127.0.0.1:4820"), ("sec-fetch-site", "same-site")],
            &[("host", "127.0.0.1:4820")],
        ] {
            assert!(!check(bad), "{bad:?}");
        }
    }

    #[test]
    fn each_route_takes_one_content_type() {
        let with = |t: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(t));
            h
        };
        assert!(content_type_for("/api", &with("application/json")).is_ok());
        assert!(content_type_for("/api", &with("application/json; charset=utf-8")).is_ok());
        for simple in [
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ] {
            assert!(content_type_for("/api", &with(simple)).is_err(), "{simple}");
            assert!(
                content_type_for("/api/import", &with(simple)).is_err(),
                "{simple}"
            );
        }
        assert!(content_type_for("/api", &HeaderMap::new()).is_err());
        assert!(content_type_for("/api/import", &with("application/octet-stream")).is_ok());
        assert!(content_type_for("/api/attachments", &with("application/octet-stream")).is_ok());
        assert!(content_type_for("/api/pack/import", &with("application/octet-stream")).is_ok());
        assert!(content_type_for("/api/attachments", &with("application/json")).is_err());
    }

    #[test]
    fn only_loopback_host_names_pass() {
        let check = |host: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(header::HOST, HeaderValue::from_static(host));
            host_is_loopback(&h)
        };
        for ok in [
            "127.0.0.1:4820",
            "localhost:1",
            "LOCALHOST",
            "[::1]:80",
            "127.1.2.3",
            "app.localhost:9",
        ] {
            assert!(check(ok), "{ok}");
        }
        for bad in [
            "evil.example:4820",
            "192.168.1.2:80",
            "[fe80::1]:80",
            "localhost.evil.example",
        ] {
            assert!(!check(bad), "{bad}");
        }
    }
}
