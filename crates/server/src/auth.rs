//! Every request must carry the per-run token: in the URL once (then as a cookie), or as a
//! bearer token. The token is what keeps other users of this machine, and web pages in the
//! browser, out of the workspace.

use crate::App;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

pub(crate) async fn require_token(State(app): State<App>, req: Request, next: Next) -> Response {
    let api = is_api(req.uri().path());
    if !app.allow_network && !host_is_loopback(req.headers()) {
        // A page on another site that resolved its own name to 127.0.0.1 (DNS rebinding).
        return refuse(
            api,
            StatusCode::FORBIDDEN,
            "This Groundwork server answers only to localhost addresses.",
        );
    }
    if let Some(given) = query_token(req.uri().query()) {
        if !same(given.as_bytes(), app.token.as_bytes()) {
            return unauthorized(api);
        }
        if req.method() == Method::GET || req.method() == Method::HEAD {
            // Trade the token in the address bar for a cookie, and take it out of the URL
            // so it does not linger in history or get copied along with the link.
            return redirect_with_cookie(&app, req.uri());
        }
        return next.run(req).await;
    }
    if cookie_token(req.headers(), &app.cookie)
        .is_some_and(|t| same(t.as_bytes(), app.token.as_bytes()))
        || bearer_token(req.headers()).is_some_and(|t| same(t.as_bytes(), app.token.as_bytes()))
    {
        return next.run(req).await;
    }
    unauthorized(api)
}

pub(crate) fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// Compares in time that depends only on the lengths, not on where the first difference is.
fn same(a: &[u8], b: &[u8]) -> bool {
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

fn cookie_token<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
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

fn redirect_with_cookie(app: &App, uri: &axum::http::Uri) -> Response {
    let rest: Vec<&str> = uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty() && p.split('=').next() != Some("token"))
        .collect();
    let mut location = uri.path().to_string();
    if !rest.is_empty() {
        location.push('?');
        location.push_str(&rest.join("&"));
    }
    let cookie = format!(
        "{}={}; HttpOnly; SameSite=Strict; Path=/",
        app.cookie, app.token
    );
    let mut res = Response::new(Body::empty());
    *res.status_mut() = StatusCode::SEE_OTHER;
    let h = res.headers_mut();
    // The path came from a parsed URI, so it is a valid header value; fall back to the root.
    h.insert(
        header::LOCATION,
        HeaderValue::from_str(&location).unwrap_or(HeaderValue::from_static("/")),
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        h.insert(header::SET_COOKIE, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
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
        "unauthorized"
    } else {
        "forbidden"
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
    fn the_token_is_found_in_query_cookie_and_header() {
        assert_eq!(query_token(Some("a=1&token=xyz&b")), Some("xyz"));
        assert_eq!(query_token(Some("tokens=xyz")), None);
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("other=1; groundwork_token_80=t0k"),
        );
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer   b3"),
        );
        assert_eq!(cookie_token(&h, "groundwork_token_80"), Some("t0k"));
        assert_eq!(cookie_token(&h, "groundwork_token_81"), None);
        assert_eq!(bearer_token(&h), Some("b3"));
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
