//! The attacks of issue 13 on `groundwork serve`, each against a real server on loopback and
//! named after the attack; each failed on the code before the fix. (The same page attacks
//! from a real second server in Chromium: tests/e2e/other-pages.test.mjs.)

mod common;

use common::{Running, header, raw, read_json, status};
use groundwork_core::Workspace;
use serde_json::json;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A POST as a browser sends it for a page at `origin` (a `no-cors` fetch or a form:
/// `text/plain`), with `credential` as the header line a browser would attach.
fn page_post(s: &Running, origin: &str, content_type: &str, credential: &str, body: &str) -> u16 {
    let port = s.server.as_ref().unwrap().addr().port();
    status(&raw(
        &s.addr(),
        &format!(
            "POST /api HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: {origin}\r\nSec-Fetch-Site: same-site\r\n\
             Sec-Fetch-Mode: no-cors\r\nContent-Type: {content_type}\r\n{credential}\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    ))
}

/// Item 1: browsers send a cookie to every port of 127.0.0.1 and count every port as the
/// same site, so a page served by any other local server could POST `text/plain` to /api
/// with the token cookie attached (`fetch(…, {mode: 'no-cors', credentials: 'include'})`)
/// and create, change or permanently delete data. No cookie is set any more, and writes
/// need the server's own Origin and a JSON body.
#[test]
fn a_page_on_another_local_port_cannot_change_anything() {
    let s = Running::start();
    let port = s.server.as_ref().unwrap().addr().port();
    let (_, note) =
        s.call(json!({"cmd": "create_note", "args": {"input": {"title": "Kept in the trash"}}}));
    s.call(json!({"cmd": "trash", "args": {"kind": "note", "id": note["id"]}}));
    let before = s.counts();
    let trash_before = s.call(json!({"cmd": "list_trash"})).1;

    // Whatever credential a browser could attach: yesterday's cookie, or even the header.
    let cookie = format!("Cookie: groundwork_token_{port}={}", s.token);
    let bearer = format!("Authorization: {}", s.bearer());
    let create = json!({"cmd": "create_note", "args": {"input": {"title": "pwned"}}}).to_string();
    let empty = json!({"cmd": "empty_trash"}).to_string();
    for credential in [&cookie, &bearer] {
        for body in [&create, &empty] {
            for (origin, content_type) in [
                ("http://127.0.0.1:8000", "text/plain;charset=UTF-8"),
                ("http://127.0.0.1:8000", "application/x-www-form-urlencoded"),
                ("http://localhost:8000", "application/json"),
                ("null", "text/plain"),
            ] {
                let code = page_post(&s, origin, content_type, credential, body);
                assert!(
                    [401, 403, 415].contains(&code),
                    "{origin} {content_type} {credential}: answered {code}"
                );
            }
        }
    }
    // Its own origin with a text/plain body is refused too (no form can send JSON).
    let own = format!("http://127.0.0.1:{port}");
    assert_eq!(page_post(&s, &own, "text/plain", &bearer, &create), 415);
    // Uploads: another origin, or a simple content type, is refused.
    for (origin, content_type) in [
        ("http://127.0.0.1:8000", "application/octet-stream"),
        (own.as_str(), "text/plain"),
        (own.as_str(), "multipart/form-data; boundary=x"),
    ] {
        for path in [
            "/api/import?name=pwned.md",
            "/api/attachments?interview=x&name=a.mp3",
        ] {
            let answer = raw(
                &s.addr(),
                &format!(
                    "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: {origin}\r\n\
                     Content-Type: {content_type}\r\n{bearer}\r\nContent-Length: 9\r\nConnection: close\r\n\r\n# pwned\n\n"
                ),
            );
            assert!(
                [403, 415].contains(&status(&answer)),
                "{path} {origin} {content_type}: {answer}"
            );
        }
    }
    assert_eq!(s.counts(), before, "nothing was created or deleted");
    assert_eq!(
        s.call(json!({"cmd": "list_trash"})).1,
        trash_before,
        "the trash was not emptied"
    );

    // The credential is never a cookie: the printed link sets none, and one is not accepted.
    let res = s.get(&format!("/?token={}", s.token), None);
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        header(&res, "set-cookie"),
        "",
        "no cookie: it would go to every port"
    );
    let res = s
        .agent
        .post(format!("{}/api", s.base))
        .header("Cookie", format!("groundwork_token_{port}={}", s.token))
        .header("Origin", &s.base)
        .header("Content-Type", "application/json")
        .send(json!({"cmd": "stats"}).to_string())
        .unwrap();
    assert_eq!(res.status().as_u16(), 401);
    // Reads need the token as well: a page cannot list anything.
    assert_eq!(
        page_post(
            &s,
            "http://127.0.0.1:8000",
            "text/plain",
            "",
            &json!({"cmd": "list_notes"}).to_string()
        ),
        401
    );
}

/// Item 2: requests that named a file on disk (attach_file, import_file, preview_file(s),
/// preview_paths, save_persona_markdown, preview_persona_import_file) let whoever reached
/// /api read any file (attach ~/.ssh/id_rsa, then GET the attachment) or write one (a
/// persona's Markdown over ~/.bashrc); a deny-list blocked some in network mode and none
/// on loopback. They are a type the server cannot even parse now.
#[test]
fn file_paths_over_http_cannot_read_or_write_files() {
    let s = Running::start();
    let secret = s.dir.path().join("id_rsa.txt");
    std::fs::write(&secret, "-----BEGIN OPENSSH PRIVATE KEY----- not really").unwrap();
    let bashrc = s.dir.path().join("bashrc.md");
    std::fs::write(&bashrc, "export PATH=$HOME/bin:$PATH\n").unwrap();
    let (_, iv) = s.call(json!({"cmd": "create_interview", "args": {"input": {"title": "Call"}}}));
    let iv = iv["id"].as_str().unwrap().to_string();
    let (_, persona) = s.call(json!({"cmd": "create_persona", "args": {"input": {"name": "Ann"}}}));
    let persona = persona["id"].as_str().unwrap().to_string();
    let before = s.counts();

    // As an attacker writes them; `LocalRequest` (which the server cannot parse) has each.
    let (secret_path, folder) = (secret.to_str().unwrap(), s.dir.path().to_str().unwrap());
    let every = [
        json!({"cmd": "attach_file", "args": {"interview_id": iv, "path": secret_path}}),
        json!({"cmd": "import_file", "args": {"path": secret_path, "as": "note"}}),
        json!({"cmd": "preview_file", "args": {"path": secret_path, "as": "note"}}),
        json!({"cmd": "preview_paths", "args": {"paths": [folder], "as": "note"}}),
        json!({"cmd": "save_persona_markdown", "args": {"id": persona, "path": bashrc.to_str().unwrap()}}),
        json!({"cmd": "preview_persona_import_file", "args": {"path": secret_path}}),
        json!({"cmd": "back_up_to", "args": {"path": bashrc.to_str().unwrap()}}),
        json!({"cmd": "export_pack", "args": {"request": {"format": "md"}, "path": s.dir.path().join("autostart").to_str().unwrap()}}),
        json!({"cmd": "import_pack", "args": {"path": secret_path, "dry_run": true}}),
        json!({"cmd": "import_feedback_file", "args": {"path": secret_path}}),
        json!({"cmd": "preview_feedback_file", "args": {"path": secret_path}}),
    ];
    let mut cmds: Vec<&str> = every.iter().map(|r| r["cmd"].as_str().unwrap()).collect();
    let mut all = groundwork_api::local::COMMANDS.to_vec();
    cmds.sort_unstable();
    all.sort_unstable();
    assert_eq!(cmds, all, "every request that takes a path is tried");
    for request in every {
        let (code, body) = s.call(request.clone());
        assert_eq!(code, 422, "{request}: {body}");
        assert_eq!(body["code"], "invalid");
        let message = body["message"].as_str().unwrap();
        assert!(message.contains("unknown variant"), "{request}: {message}");
        assert!(
            !message.contains("OPENSSH"),
            "nothing of the file comes back: {message}"
        );
    }
    let (_, attached) = s.call(json!({"cmd": "list_attachments", "args": {"interview_id": iv}}));
    assert_eq!(attached, json!([]), "nothing was attached");
    assert_eq!(
        std::fs::read_to_string(&bashrc).unwrap(),
        "export PATH=$HOME/bin:$PATH\n",
        "nothing was written"
    );
    assert!(
        !s.dir.path().join("autostart").exists(),
        "no pack was written"
    );
    assert_eq!(s.counts(), before);
}

/// Item 5: upload spool files were created world-readable in the shared temp folder and
/// left behind when the client or the server stopped mid-upload. They are written inside
/// the workspace, readable by its owner only, and removed on every path.
#[cfg(unix)]
#[test]
fn an_interrupted_upload_leaves_no_readable_file_behind() {
    use std::os::unix::fs::PermissionsExt;
    let mut s = Running::start();
    let (_, iv) = s.call(json!({"cmd": "create_interview", "args": {"input": {"title": "Call"}}}));
    let iv = iv["id"].as_str().unwrap().to_string();
    let incoming = s.ws().root().join("attachments/.incoming");
    let spooled = |dir: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(dir)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default()
    };
    let wait = |what: &str, check: &dyn Fn() -> bool| {
        let until = Instant::now() + Duration::from_secs(10);
        while !check() {
            assert!(Instant::now() < until, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    // Start an upload that promises 10 MB and sends 1 MB, then stop.
    let begin = |s: &Running| {
        let mut stream = std::net::TcpStream::connect(s.addr()).unwrap();
        write!(
            stream,
            "POST /api/attachments?interview={iv}&name=call.mp3 HTTP/1.1\r\nHost: {}\r\nOrigin: {}\r\n\
             Authorization: {}\r\nContent-Type: application/octet-stream\r\nContent-Length: 10000000\r\n\r\n",
            s.addr(),
            s.base,
            s.bearer()
        )
        .unwrap();
        stream.write_all(&vec![7u8; 1_000_000]).unwrap();
        stream.flush().unwrap();
        stream
    };
    let temp_before = spooled(&std::env::temp_dir())
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("groundwork-upload"))
        .count();
    let client = begin(&s);
    wait("the upload to be written inside the workspace", &|| {
        !spooled(&incoming).is_empty()
    });
    let files = spooled(&incoming);
    assert_eq!(files.len(), 1);
    let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777;
    assert_eq!(
        mode, 0o600,
        "only the workspace's owner can read an upload in progress"
    );
    assert_eq!(
        spooled(&std::env::temp_dir())
            .into_iter()
            .filter(|p| p.to_string_lossy().contains("groundwork-upload"))
            .count(),
        temp_before,
        "nothing is spooled in the shared temp folder"
    );
    // The client goes away: the partial file goes too.
    drop(client);
    wait("the abandoned upload to be removed", &|| {
        spooled(&incoming).is_empty()
    });

    // The server stops mid-upload: nothing is left either.
    let client = begin(&s);
    wait("the second upload to start", &|| {
        !spooled(&incoming).is_empty()
    });
    let server = s.server.take().unwrap();
    s.rt.block_on(server.shutdown()).unwrap();
    drop(client);
    let rt = std::mem::replace(&mut s.rt, tokio::runtime::Runtime::new().unwrap());
    drop(rt);
    wait("the upload cut off by the shutdown to be removed", &|| {
        spooled(&incoming).is_empty()
    });
    assert!(s.ws().attachments(&iv).unwrap().is_empty());
}

/// Item 4: an attachment's GET without a Range header read the whole file into memory
/// (recordings may be 4 GB), and HEAD did the same. The bytes are streamed from the file
/// now, and HEAD reads none. (Peak memory is measured against the real binary in
/// crates/cli/tests/serve.rs.)
#[test]
fn a_whole_attachment_is_streamed_and_head_reads_nothing() {
    let s = Running::start();
    let (_, iv) = s.call(json!({"cmd": "create_interview", "args": {"input": {"title": "Call"}}}));
    let iv = iv["id"].as_str().unwrap();
    let audio: Vec<u8> = (0..20_000_000u32).map(|i| (i % 251) as u8).collect();
    let (code, a) = s.post_bytes(
        "/api/attachments",
        &format!("interview={iv}&name=call.mp3"),
        &audio,
    );
    assert_eq!(code, 200, "{a}");
    let path = format!("/api/attachments/{}", a["id"].as_str().unwrap());
    let bearer = s.bearer();
    let res = s.get(&path, Some(("Authorization", &bearer)));
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(header(&res, "content-length"), "20000000");
    assert_eq!(header(&res, "content-type"), "audio/mpeg");
    assert!(header(&res, "content-security-policy").contains("sandbox"));
    assert!(
        res.into_body()
            .with_config()
            .limit(30_000_000)
            .read_to_vec()
            .unwrap()
            == audio
    );
    let res = s
        .agent
        .head(format!("{}{path}", s.base))
        .header("Authorization", &bearer)
        .call()
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(header(&res, "content-length"), "20000000");
    assert!(res.into_body().read_to_vec().unwrap().is_empty());
    // A media element cannot send a header: the token may ride in an attachment's URL.
    let res = s.get(
        &format!("{path}?token={}", s.token),
        Some(("Range", "bytes=100-199")),
    );
    assert_eq!(res.status().as_u16(), 206);
    assert_eq!(res.into_body().read_to_vec().unwrap(), &audio[100..200]);
    // …but nowhere else under /api.
    let res = s.get(&format!("/api?token={}", s.token), None);
    assert_eq!(res.status().as_u16(), 401);
}

/// Item 12: an attachment's stored name and media type came from the workspace's database
/// unchecked, and a workspace can come from someone else: `../` or an absolute stored name
/// served any file, and `text/html` ran script on the server's origin.
#[test]
fn a_prepared_workspaces_attachments_are_never_served_as_pages_or_from_outside() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ws");
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "private").unwrap();
    let iv = {
        let ws = Workspace::init(&root).unwrap();
        ws.create_interview(&groundwork_core::model::InterviewInput {
            title: "Call".into(),
            ..Default::default()
        })
        .unwrap()
        .id
    };
    {
        let db = rusqlite::Connection::open(root.join("groundwork.sqlite")).unwrap();
        for (id, stored, media) in [
            ("page", "page.html", "text/html"),
            ("svg", "image.svg", "image/svg+xml"),
            ("escape", "../../secret.txt", "text/plain; charset=utf-8"),
            (
                "absolute",
                secret.to_str().unwrap(),
                "text/plain; charset=utf-8",
            ),
        ] {
            db.execute(
                "INSERT INTO attachments (id, interview_id, file_name, stored_name, media_type, bytes, created_at)
                 VALUES (?1, ?2, ?1, ?3, ?4, 10, '2026-01-01T00:00:00Z')",
                rusqlite::params![id, iv, stored, media],
            )
            .unwrap();
        }
    }
    std::fs::write(
        root.join("attachments/page.html"),
        "<script>alert(1)</script>",
    )
    .unwrap();
    std::fs::write(root.join("attachments/image.svg"), "<svg onload=alert(1)/>").unwrap();
    let ws = Arc::new(Workspace::open(&root).unwrap());
    let s = Running::serve(dir, ws, true);
    let bearer = s.bearer();
    for id in ["page", "svg"] {
        let res = s.get(
            &format!("/api/attachments/{id}"),
            Some(("Authorization", &bearer)),
        );
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(
            header(&res, "content-type"),
            "application/octet-stream",
            "{id}"
        );
        assert!(
            header(&res, "content-security-policy").contains("sandbox"),
            "{id}"
        );
        assert_eq!(header(&res, "x-content-type-options"), "nosniff");
    }
    for id in ["escape", "absolute"] {
        let res = s.get(
            &format!("/api/attachments/{id}"),
            Some(("Authorization", &bearer)),
        );
        let (code, body) = read_json(res);
        assert_eq!(code, 422, "{id}: {body}");
        assert!(!body.to_string().contains("private"), "{body}");
    }
}
