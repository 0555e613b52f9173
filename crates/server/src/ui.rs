//! The built UI (`ui/dist`): its files as they are, `index.html` for any other path so the
//! app's own routes load, and a page saying how to build it when it is not there.

use crate::App;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;
use std::path::{Path, PathBuf};

const NOT_BUILT: &str = "<!doctype html>
<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Groundwork</title></head>
<body style=\"font-family: system-ui, sans-serif; max-width: 40em; margin: 4em auto; line-height: 1.5\">
<h1>Groundwork</h1>
<p>The UI is not built: run <code>npm --prefix ui run build</code>, then reload this page.</p>
<p>The API is up: <code>POST /api</code>.</p>
</body></html>
";

pub(crate) async fn serve(State(app): State<App>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut res = text(StatusCode::METHOD_NOT_ALLOWED, "Only GET works here.\n");
        res.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return res;
    }
    let Some(dir) = app
        .ui_dir
        .clone()
        .filter(|d| d.join("index.html").is_file())
    else {
        let mut res = text(StatusCode::SERVICE_UNAVAILABLE, NOT_BUILT);
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        return res;
    };
    let Some(segments) = segments(uri.path()) else {
        return text(StatusCode::NOT_FOUND, "Not found.\n");
    };
    let file = match resolve(&dir, &segments) {
        Some(f) => f,
        None => return text(StatusCode::NOT_FOUND, "Not found.\n"),
    };
    let read = {
        let file = file.clone();
        tokio::task::spawn_blocking(move || std::fs::read(file)).await
    };
    match read {
        Ok(Ok(bytes)) => {
            let mut res = Response::new(Body::from(bytes));
            let h = res.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(content_type(&file)),
            );
            // Vite puts content-hashed names under assets/: those never change.
            let immutable = file
                .strip_prefix(&dir)
                .is_ok_and(|p| p.starts_with("assets"));
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static(if immutable {
                    "public, max-age=31536000, immutable"
                } else {
                    "no-cache"
                }),
            );
            res
        }
        _ => text(StatusCode::NOT_FOUND, "Not found.\n"),
    }
}

/// The path's segments, decoded; `None` when one would leave the folder.
fn segments(path: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for raw in path.split('/').filter(|s| !s.is_empty()) {
        let seg = crate::routes::decode_path(raw);
        if seg == "." || seg == ".." || seg.contains(['/', '\\', '\0', ':']) {
            return None;
        }
        out.push(seg);
    }
    Some(out)
}

/// The file for a request path. A path that names no file and has no extension is a route
/// of the app: `index.html`. A missing file under a route (`/interviews/assets/x.js`, which a
/// relative asset link asks for on a deep link) is looked up without the leading segments.
fn resolve(dir: &Path, segments: &[String]) -> Option<PathBuf> {
    let index = dir.join("index.html");
    let Some(last) = segments.last() else {
        return Some(index);
    };
    for skip in 0..segments.len() {
        let candidate = segments[skip..]
            .iter()
            .fold(dir.to_path_buf(), |p, s| p.join(s));
        if candidate.is_file() {
            return Some(candidate);
        }
        if !last.contains('.') {
            break;
        }
    }
    (!last.contains('.')).then_some(index)
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json" | "map") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("ttf") => "font/ttf",
        Some("wasm") => "application/wasm",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_folder() {
        assert_eq!(segments("/a/b.js"), Some(vec!["a".into(), "b.js".into()]));
        assert_eq!(segments("/a/%2e%2e/b"), None);
        assert_eq!(segments("/../etc/passwd"), None);
        assert_eq!(segments("/a%2fb"), None);
        assert_eq!(segments("/a%5c..%5cb"), None);
    }

    #[test]
    fn routes_get_the_index_and_deep_asset_links_resolve() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "i").unwrap();
        std::fs::create_dir(dir.path().join("assets")).unwrap();
        std::fs::write(dir.path().join("assets/app.js"), "j").unwrap();
        let r = |p: &str| resolve(dir.path(), &segments(p).unwrap());
        assert_eq!(r("/"), Some(dir.path().join("index.html")));
        assert_eq!(r("/interviews/123"), Some(dir.path().join("index.html")));
        assert_eq!(r("/assets/app.js"), Some(dir.path().join("assets/app.js")));
        assert_eq!(
            r("/interviews/assets/app.js"),
            Some(dir.path().join("assets/app.js"))
        );
        assert_eq!(r("/assets/missing.js"), None);
    }
}
