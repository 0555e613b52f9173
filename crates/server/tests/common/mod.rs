//! A real server on 127.0.0.1:0 over a temp workspace, driven over HTTP as the UI, a script
//! or another page would.
#![allow(dead_code)] // each test file uses part of it

use groundwork_core::Workspace;
use groundwork_server::{Server, serve};
use serde_json::Value;
use std::io::{Read, Write};
use std::sync::Arc;

pub struct Running {
    pub rt: tokio::runtime::Runtime,
    pub server: Option<Server>,
    pub ws: Option<Arc<Workspace>>,
    pub base: String,
    pub token: String,
    pub agent: ureq::Agent,
    pub dir: tempfile::TempDir,
    pub _ui: tempfile::TempDir,
}

impl Running {
    /// A server whose UI folder holds a small built app.
    pub fn start() -> Running {
        Running::start_with_ui(true)
    }

    pub fn start_with_ui(built: bool) -> Running {
        let dir = tempfile::tempdir().unwrap();
        let ws = Arc::new(Workspace::init(&dir.path().join("ws")).unwrap());
        Running::serve(dir, ws, built)
    }

    /// Serve a workspace already made in `dir/ws`.
    pub fn serve(dir: tempfile::TempDir, ws: Arc<Workspace>, built: bool) -> Running {
        let ui = tempfile::tempdir().unwrap();
        if built {
            std::fs::write(
                ui.path().join("index.html"),
                "<!doctype html><title>Groundwork UI</title>",
            )
            .unwrap();
            std::fs::create_dir(ui.path().join("assets")).unwrap();
            std::fs::write(ui.path().join("assets/app-1234.js"), "console.log('app')").unwrap();
            // The workshop's participant page, with a script and a shared chunk it loads.
            std::fs::write(
                ui.path().join("participant.html"),
                "<!doctype html><title>Join the workshop</title>\
                 <script type=\"module\" src=\"./assets/participant-1.js\"></script>",
            )
            .unwrap();
            std::fs::write(
                ui.path().join("assets/participant-1.js"),
                "import './shared-9.js'; console.log('phone')",
            )
            .unwrap();
            std::fs::write(ui.path().join("assets/shared-9.js"), "export {}").unwrap();
        }
        let rt = tokio::runtime::Runtime::new().unwrap();
        let server = rt
            .block_on(serve(
                ws.clone(),
                "127.0.0.1:0".parse().unwrap(),
                Some(ui.path().to_path_buf()),
            ))
            .unwrap();
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        Running {
            base: format!("http://{}", server.addr()),
            token: server.token().to_string(),
            server: Some(server),
            ws: Some(ws),
            rt,
            agent,
            dir,
            _ui: ui,
        }
    }

    pub fn ws(&self) -> &Workspace {
        self.ws.as_ref().unwrap()
    }

    pub fn addr(&self) -> String {
        self.server.as_ref().unwrap().addr().to_string()
    }

    pub fn bearer(&self) -> String {
        format!("Bearer {}", self.token)
    }

    /// POST /api as the UI does: the token, the server's own origin, JSON. (status, body)
    pub fn call(&self, request: Value) -> (u16, Value) {
        let res = self
            .agent
            .post(format!("{}/api", self.base))
            .header("Authorization", self.bearer())
            .header("Origin", &self.base)
            .header("Content-Type", "application/json")
            .send(request.to_string())
            .unwrap();
        read_json(res)
    }

    /// POST a file's bytes to `path?query` as the UI does.
    pub fn post_bytes(&self, path: &str, query: &str, bytes: &[u8]) -> (u16, Value) {
        let res = self
            .agent
            .post(format!("{}{path}?{query}", self.base))
            .header("Authorization", self.bearer())
            .header("Origin", &self.base)
            .header("Content-Type", "application/octet-stream")
            .send(bytes)
            .unwrap();
        read_json(res)
    }

    pub fn upload(&self, query: &str, bytes: &[u8]) -> (u16, Value) {
        self.post_bytes("/api/import", query, bytes)
    }

    pub fn get(
        &self,
        path: &str,
        header: Option<(&str, &str)>,
    ) -> ureq::http::Response<ureq::Body> {
        let mut req = self.agent.get(format!("{}{path}", self.base));
        if let Some((k, v)) = header {
            req = req.header(k, v);
        }
        req.call().unwrap()
    }

    /// How many objects of every kind the workspace holds, to compare before and after.
    pub fn counts(&self) -> String {
        format!("{:?}", self.ws().stats().unwrap().counts)
    }
}

pub fn read_json(res: ureq::http::Response<ureq::Body>) -> (u16, Value) {
    let status = res.status().as_u16();
    let text = res.into_body().read_to_string().unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}")),
    )
}

pub fn header(res: &ureq::http::Response<ureq::Body>, name: &str) -> String {
    res.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

/// A request written by hand, for headers a client library would set itself. Answers the
/// whole response as text.
pub fn raw(addr: &str, request: &str) -> String {
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut out = Vec::new();
    stream.read_to_end(&mut out).unwrap();
    String::from_utf8_lossy(&out).into_owned()
}

/// The status code of a raw response.
pub fn status(answer: &str) -> u16 {
    answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}
