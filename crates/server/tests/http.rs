//! A real server on 127.0.0.1:0 over a temp workspace, driven over HTTP as a browser or a
//! script would.

mod common;

use common::{Running, header, raw, read_json};
use groundwork_core::Workspace;
use groundwork_server::{Options, serve_with};
use serde_json::json;
use std::sync::Arc;

#[test]
fn requests_without_the_token_are_refused() {
    let s = Running::start();
    let res = s
        .agent
        .post(format!("{}/api", s.base))
        .header("Origin", &s.base)
        .header("Content-Type", "application/json")
        .send(json!({"cmd": "stats"}).to_string())
        .unwrap();
    assert_eq!(res.status().as_u16(), 401);
    assert!(header(&res, "content-security-policy").contains("default-src 'self'"));
    let (_, body) = read_json(res);
    assert_eq!(body["code"], "unauthorized");
    assert!(body["message"].as_str().unwrap().contains("token"));

    let res = s
        .agent
        .post(format!("{}/api/import?name=a.vtt", s.base))
        .header("Origin", &s.base)
        .header("Content-Type", "application/octet-stream")
        .send("WEBVTT")
        .unwrap();
    let (status, body) = read_json(res);
    assert_eq!((status, body["code"].as_str()), (401, Some("unauthorized")));
    for path in ["/api/attachments/x", "/api/nope"] {
        assert_eq!(s.get(path, None).status().as_u16(), 401, "{path}");
    }
    assert_eq!(
        s.ws().interviews().unwrap().len(),
        0,
        "nothing was imported"
    );
}

/// The built UI holds no data: it loads without the token, and is what tells a tab that
/// has none to open the printed link.
#[test]
fn the_ui_loads_without_the_token_and_the_api_does_not() {
    let s = Running::start();
    for path in ["/", "/interviews", "/assets/app-1234.js"] {
        let res = s.get(path, None);
        assert_eq!(res.status().as_u16(), 200, "{path}");
        assert_eq!(header(&res, "set-cookie"), "", "{path}");
    }
}

#[test]
fn a_wrong_token_is_refused_wherever_it_is() {
    let s = Running::start();
    let wrong = "0".repeat(64);
    let res = s.get(&format!("/?token={wrong}"), None);
    assert_eq!(res.status().as_u16(), 401);
    assert!(header(&res, "set-cookie").is_empty());

    let prefix = &s.token[..63];
    let res = s.get(&format!("/?token={prefix}"), None);
    assert_eq!(
        res.status().as_u16(),
        401,
        "a prefix of the token is not the token"
    );
    assert_eq!(
        s.get(
            "/api/attachments/x",
            Some(("Authorization", &format!("Bearer {wrong}")))
        )
        .status()
        .as_u16(),
        401
    );

    let res = s
        .agent
        .post(format!("{}/api", s.base))
        .header("Authorization", format!("Bearer {wrong}"))
        .header("Origin", &s.base)
        .header("Content-Type", "application/json")
        .send(json!({"cmd": "stats"}).to_string())
        .unwrap();
    assert_eq!(read_json(res).0, 401);
}

#[test]
fn the_printed_link_opens_the_ui_and_the_token_works_only_as_a_header() {
    let s = Running::start();
    let res = s.get(
        &format!("/interviews/42?tab=notes&token={}&q=a", s.token),
        None,
    );
    assert_eq!(
        res.status().as_u16(),
        200,
        "the UI, which takes the token from its URL"
    );
    assert_eq!(header(&res, "set-cookie"), "");
    assert_eq!(header(&res, "cache-control"), "no-cache");
    assert!(
        res.into_body()
            .read_to_string()
            .unwrap()
            .contains("Groundwork UI")
    );

    let (status, info) = s.call(json!({"cmd": "workspace_info"}));
    assert_eq!(status, 200, "{info}");
    assert!(info["path"].as_str().unwrap().ends_with("ws"), "{info}");
    assert!(info["schema_version"].as_u64().unwrap() >= 1);

    // Not in the URL of a POST: only the header counts there.
    let res = s
        .agent
        .post(format!("{}/api?token={}", s.base, s.token))
        .header("Origin", &s.base)
        .header("Content-Type", "application/json")
        .send(json!({"cmd": "stats"}).to_string())
        .unwrap();
    assert_eq!(read_json(res).0, 401);
}

#[test]
fn every_response_carries_the_security_headers() {
    let s = Running::start();
    let auth = s.bearer();
    for res in [
        s.get("/", None),
        s.get("/", Some(("Authorization", &auth))),
        s.get("/assets/app-1234.js", Some(("Authorization", &auth))),
        s.get("/nope.js", Some(("Authorization", &auth))),
    ] {
        assert_eq!(
            header(&res, "content-security-policy"),
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; \
             connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
        );
        assert_eq!(header(&res, "x-content-type-options"), "nosniff");
        assert_eq!(header(&res, "referrer-policy"), "no-referrer");
    }
}

#[test]
fn create_get_and_list_an_interview() {
    let s = Running::start();
    let input = json!({
        "title": "Onboarding call with Ana <script>alert(1)</script>",
        "date": "2026-03-31",
        "interviewer": "Sam",
        "method": "usability_test",
        "notes": "Exports to spreadsheets **every Friday**.",
    });
    let (status, created) = s.call(json!({"cmd": "create_interview", "args": {"input": input}}));
    assert_eq!(status, 200, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(
        created["title"], input["title"],
        "text is stored as it was typed"
    );
    assert_eq!(created["method"], "usability_test");
    assert_eq!(
        created["status"], "done",
        "unset fields take their defaults"
    );

    let (status, got) = s.call(json!({"cmd": "get_interview", "args": {"id": id}}));
    assert_eq!(status, 200);
    assert_eq!(got, created);

    let (status, updated) = s.call(
        json!({"cmd": "update_interview", "args": {"id": id, "input": {
        "title": "Onboarding call with Ana", "status": "synthesised"}}}),
    );
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["status"], "synthesised");

    let (status, list) = s.call(json!({"cmd": "list_interviews"}));
    assert_eq!(status, 200);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["title"], "Onboarding call with Ana");
}

#[test]
fn errors_come_back_with_their_code_status_and_field() {
    let s = Running::start();
    let (status, body) =
        s.call(json!({"cmd": "create_interview", "args": {"input": {"title": "  "}}}));
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["code"], "invalid");
    assert_eq!(body["field"], "title");
    assert!(body["message"].as_str().unwrap().contains("title"));

    let (status, body) = s.call(json!({"cmd": "get_interview", "args": {"id": "no-such-id"}}));
    assert_eq!(
        (status, body["code"].as_str()),
        (404, Some("not_found")),
        "{body}"
    );
    assert!(
        body.get("field").is_none(),
        "no field when none is at fault: {body}"
    );

    let (status, body) = s.call(json!({"cmd": "drop_all_tables"}));
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("invalid")),
        "{body}"
    );

    let res = s
        .agent
        .post(format!("{}/api", s.base))
        .header("Authorization", s.bearer())
        .header("Origin", &s.base)
        .header("Content-Type", "application/json")
        .send("{not json")
        .unwrap();
    let (status, body) = read_json(res);
    assert_eq!((status, body["code"].as_str()), (422, Some("invalid")));
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("malformed request"),
        "{body}"
    );

    let res = s.get("/api", Some(("Authorization", &s.bearer())));
    assert_eq!(read_json(res).0, 405);
    let res = s.get("/api/interviews", Some(("Authorization", &s.bearer())));
    let (status, body) = read_json(res);
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
}

const VTT: &str = "WEBVTT

00:00:01.000 --> 00:00:04.000
<v Ana>We export everything to spreadsheets every Friday.

00:00:05.000 --> 00:00:07.500
<v Sam>Why Friday?

00:00:08.000 --> 00:00:12.000
<v Ana>Because the board meets on Monday and the numbers have to be right.
";

#[test]
fn a_file_uploaded_to_api_import_becomes_an_interview() {
    let s = Running::start();
    let (status, imported) = s.upload("name=Ana%20onboarding.vtt", VTT.as_bytes());
    assert_eq!(status, 200, "{imported}");
    assert_eq!(imported["kind"], "interview");
    assert_eq!(imported["path"], "Ana onboarding.vtt");
    assert_eq!(imported["count"], 3);
    let speakers: Vec<&str> = imported["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        speakers.contains(&"Ana") && speakers.contains(&"Sam"),
        "{imported}"
    );

    let id = imported["id"].as_str().unwrap();
    let (status, segments) = s.call(json!({"cmd": "list_segments", "args": {"interview_id": id}}));
    assert_eq!(status, 200);
    assert_eq!(
        segments[2]["text"],
        "Because the board meets on Monday and the numbers have to be right."
    );

    // The same bytes again are refused until the client says to import them again.
    let (status, again) = s.upload("name=notes.vtt&as=note", VTT.as_bytes());
    assert_eq!(
        (status, again["code"].as_str()),
        (409, Some("conflict")),
        "{again}"
    );
    assert!(
        again["message"]
            .as_str()
            .unwrap()
            .starts_with("notes.vtt was already imported on "),
        "{again}"
    );
    let (status, note) = s.upload("name=notes.vtt&as=note&again=1", VTT.as_bytes());
    assert_eq!(
        (status, note["kind"].as_str()),
        (200, Some("note")),
        "{note}"
    );
}

#[test]
fn uploads_that_cannot_be_imported_say_why() {
    let s = Running::start();
    let (status, body) = s.upload("as=interview", VTT.as_bytes());
    assert_eq!(
        (status, body["field"].as_str()),
        (422, Some("name")),
        "{body}"
    );

    let (status, body) = s.upload("name=a.vtt&as=spreadsheet", VTT.as_bytes());
    assert_eq!(
        (status, body["field"].as_str()),
        (422, Some("as")),
        "{body}"
    );

    let png = [
        0x89u8, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff, 0xfe, 0,
    ];
    let (status, body) = s.upload("name=photo.png", &png);
    assert_eq!(
        (status, body["code"].as_str()),
        (415, Some("unsupported_format")),
        "{body}"
    );
    assert!(
        body["message"].as_str().unwrap().contains("photo.png"),
        "{body}"
    );

    let (status, body) = s.call(json!({"cmd": "list_interviews"}));
    assert_eq!(
        (status, body),
        (200, json!([])),
        "a failed upload changes nothing"
    );
}

#[test]
fn bodies_over_the_limit_get_413() {
    let s = Running::start();
    let big = vec![b'a'; groundwork_core::import::MAX_FILE_BYTES + 1];
    let (status, body) = s.upload("name=huge.vtt", &big);
    assert_eq!(
        (status, body["code"].as_str()),
        (413, Some("too_large")),
        "{body}"
    );
    assert!(
        body["message"].as_str().unwrap().contains("64 MB"),
        "{body}"
    );

    let res = s
        .agent
        .post(format!("{}/api", s.base))
        .header("Authorization", s.bearer())
        .header("Origin", &s.base)
        .header("Content-Type", "application/json")
        .send(&big[..])
        .unwrap();
    assert_eq!(read_json(res).0, 413);

    // The server is still fine afterwards.
    assert_eq!(s.call(json!({"cmd": "stats"})).0, 200);
}

#[test]
fn the_built_ui_is_served_with_client_side_routes() {
    let s = Running::start();
    let auth = s.bearer();
    let res = s.get("/assets/app-1234.js", Some(("Authorization", &auth)));
    assert_eq!(res.status().as_u16(), 200);
    assert!(header(&res, "content-type").starts_with("text/javascript"));
    assert!(header(&res, "cache-control").contains("immutable"));

    for route in [
        "/interviews/0193",
        "/search",
        "/interviews/0193/assets/app-1234.js",
    ] {
        let res = s.get(route, Some(("Authorization", &auth)));
        assert_eq!(res.status().as_u16(), 200, "{route}");
    }
    let res = s.get("/interviews/0193", Some(("Authorization", &auth)));
    assert!(
        res.into_body()
            .read_to_string()
            .unwrap()
            .contains("Groundwork UI")
    );

    assert_eq!(
        s.get("/assets/missing.js", Some(("Authorization", &auth)))
            .status()
            .as_u16(),
        404
    );
    assert_eq!(
        s.get("/%2e%2e/%2e%2e/etc/passwd", Some(("Authorization", &auth)))
            .status()
            .as_u16(),
        404
    );
}

#[test]
fn without_a_built_ui_a_page_says_how_to_build_it() {
    let s = Running::start_with_ui(false);
    let res = s.get("/", Some(("Authorization", &s.bearer())));
    assert_eq!(res.status().as_u16(), 503);
    assert!(header(&res, "content-security-policy").contains("script-src 'self'"));
    let page = res.into_body().read_to_string().unwrap();
    assert!(page.contains("npm --prefix ui run build"), "{page}");
    // The API works all the same.
    assert_eq!(s.call(json!({"cmd": "stats"})).0, 200);
}

#[test]
fn other_host_names_are_refused() {
    let s = Running::start();
    let addr = s.server.as_ref().unwrap().addr().to_string();
    let answer = raw(
        &addr,
        &format!(
            "POST /api HTTP/1.1\r\nHost: rebound.example:{}\r\nAuthorization: Bearer {}\r\n\
             Content-Length: 15\r\nConnection: close\r\n\r\n{{\"cmd\":\"stats\"}}",
            s.server.as_ref().unwrap().addr().port(),
            s.token
        ),
    );
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    let answer = raw(
        &addr,
        &format!(
            "POST /api HTTP/1.1\r\nHost: localhost\r\nOrigin: http://localhost\r\n\
             Content-Type: application/json\r\nAuthorization: Bearer {}\r\n\
             Content-Length: 15\r\nConnection: close\r\n\r\n{{\"cmd\":\"stats\"}}",
            s.token
        ),
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[test]
fn only_loopback_addresses() {
    // The API never listens where other machines reach it: a workshop's room is a listener
    // of its own (tests/workshop_attacks.rs).
    let dir = tempfile::tempdir().unwrap();
    let ws = Arc::new(Workspace::init(dir.path()).unwrap());
    let rt = tokio::runtime::Runtime::new().unwrap();
    for addr in ["0.0.0.0:0", "[::]:0"] {
        let refused = rt.block_on(serve_with(
            ws.clone(),
            Options {
                addr: addr.parse().unwrap(),
                ui_dir: None,
            },
        ));
        let err = refused.err().expect("a wildcard address is refused");
        assert_eq!(err.field.as_deref(), Some("addr"));
        assert!(err.message.contains("loopback"), "{}", err.message);
    }
}

#[test]
fn shutting_down_lets_go_of_the_workspace() {
    let mut s = Running::start();
    assert_eq!(
        s.call(json!({"cmd": "create_note", "args": {"input": {"title": "kept"}}}))
            .0,
        200
    );
    let server = s.server.take().unwrap();
    s.rt.block_on(server.shutdown()).unwrap();
    // Connection tasks drop their handle on the workspace just after the server task ends.
    let mut ws = s.ws.take().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let ws = loop {
        match Arc::try_unwrap(ws) {
            Ok(ws) => break ws,
            Err(shared) if std::time::Instant::now() < deadline => {
                ws = shared;
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Err(_) => panic!("the server still holds the workspace 5 s after shutting down"),
        }
    };
    let root = ws.root().to_path_buf();
    drop(ws);
    let reopened = Workspace::open(&root).unwrap();
    assert_eq!(reopened.notes().unwrap().len(), 1);
    assert!(
        std::net::TcpStream::connect(&s.base["http://".len()..]).is_err(),
        "the port is closed"
    );
}

#[test]
fn preview_saves_nothing_and_the_mapping_links_speakers() {
    let s = Running::start();
    let (status, preview) = s.upload("name=ana.vtt&preview=1", VTT.as_bytes());
    assert_eq!(status, 200, "{preview}");
    assert_eq!(preview["kind"], "interview");
    assert_eq!(preview["segments"], 3);
    let (_, list) = s.call(json!({"cmd": "list_interviews"}));
    assert_eq!(
        list.as_array().unwrap().len(),
        0,
        "the preview saved nothing"
    );

    let map = r#"{"Ana":{"to":"new_participant","name":"Ana"},"Sam":{"to":"interviewer"}}"#;
    let query = format!(
        "name=ana.vtt&speakers={}",
        map.replace('"', "%22")
            .replace('{', "%7B")
            .replace('}', "%7D")
    );
    let (status, imported) = s.upload(&query, VTT.as_bytes());
    assert_eq!(status, 200, "{imported}");
    let id = imported["id"].as_str().unwrap();
    let (_, iv) = s.call(json!({"cmd": "get_interview", "args": {"id": id}}));
    assert_eq!(iv["interviewer"], "Sam");
    assert_eq!(iv["participant_ids"].as_array().unwrap().len(), 1);

    let (status, bad) = s.upload("name=ana.vtt&speakers=%7Bnope", VTT.as_bytes());
    assert_eq!(
        (status, bad["field"].as_str()),
        (422, Some("speakers")),
        "{bad}"
    );
}

#[test]
fn attachments_upload_and_serve_ranges_only_with_the_token() {
    let s = Running::start();
    let (_, iv) = s.call(json!({"cmd": "create_interview", "args": {"input": {"title": "Call"}}}));
    let iv = iv["id"].as_str().unwrap();
    let audio: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
    let (status, a) = s.post_bytes(
        "/api/attachments",
        &format!("interview={iv}&name=call%20audio.mp3"),
        &audio,
    );
    assert_eq!(status, 200, "{a}");
    assert_eq!(
        (
            a["file_name"].as_str(),
            a["media_type"].as_str(),
            a["bytes"].as_i64()
        ),
        (Some("call audio.mp3"), Some("audio/mpeg"), Some(10_000))
    );
    let path = format!("/api/attachments/{}", a["id"].as_str().unwrap());

    // No token: refused.
    assert_eq!(s.get(&path, None).status().as_u16(), 401);
    // Whole file, then a range (players seek with ranges).
    let bearer = s.bearer();
    let full = s.get(&path, Some(("Authorization", &bearer)));
    assert_eq!(full.status().as_u16(), 200);
    assert_eq!(header(&full, "content-type"), "audio/mpeg");
    assert_eq!(header(&full, "accept-ranges"), "bytes");
    assert_eq!(full.into_body().read_to_vec().unwrap(), audio);
    let mut req = s.agent.get(format!("{}{path}", s.base));
    req = req
        .header("Authorization", &bearer)
        .header("Range", "bytes=100-199");
    let part = req.call().unwrap();
    assert_eq!(part.status().as_u16(), 206);
    assert_eq!(header(&part, "content-range"), "bytes 100-199/10000");
    assert_eq!(part.into_body().read_to_vec().unwrap(), &audio[100..200]);
    let req = s
        .agent
        .get(format!("{}{path}", s.base))
        .header("Authorization", &bearer)
        .header("Range", "bytes=20000-");
    assert_eq!(req.call().unwrap().status().as_u16(), 416);

    // Unknown interview: nothing attached.
    let (status, _) = s.post_bytes(
        "/api/attachments",
        "interview=nope&name=x.mp3",
        &audio[..10],
    );
    assert_eq!(status, 404);
}

/// Reads server-sent events off a live-update stream.
struct Events(std::io::BufReader<ureq::BodyReader<'static>>);

impl Events {
    fn open(s: &Running, headers: &[(&str, &str)]) -> (u16, String, Option<Events>) {
        let mut req = s.agent.get(format!("{}/api/changes", s.base));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let res = req.call().unwrap();
        let status = res.status().as_u16();
        let kind = header(&res, "content-type");
        if status != 200 {
            return (status, res.into_body().read_to_string().unwrap(), None);
        }
        let mut events = Events(std::io::BufReader::new(res.into_body().into_reader()));
        assert_eq!(events.next_block(), ": connected");
        (status, kind, Some(events))
    }

    /// The next block of lines up to a blank line.
    fn next_block(&mut self) -> String {
        use std::io::BufRead;
        let mut block = String::new();
        loop {
            let mut line = String::new();
            assert!(self.0.read_line(&mut line).unwrap() > 0, "the stream ended");
            if line == "\n" {
                return block.trim_end().to_string();
            }
            block.push_str(&line);
        }
    }

    /// The next `change` event's data.
    fn next_change(&mut self) -> serde_json::Value {
        loop {
            let block = self.next_block();
            if let Some(data) = block
                .lines()
                .find_map(|l| l.strip_prefix("data: "))
                .filter(|_| block.contains("event: change"))
            {
                return serde_json::from_str(data).unwrap();
            }
        }
    }
}

/// Live updates: every page with a stream open hears about every committed change, with the
/// objects it touched, in order; the stream is behind the token and the same-origin check.
#[test]
fn committed_changes_stream_to_every_open_page() {
    let s = Running::start();
    let bearer = s.bearer();
    let page = [
        ("Authorization", bearer.as_str()),
        ("Sec-Fetch-Site", "same-origin"),
    ];
    let (status, kind, a) = Events::open(&s, &page);
    assert_eq!(
        (status, kind.as_str()),
        (200, "text/event-stream; charset=utf-8")
    );
    let (_, _, b) = Events::open(&s, &page);
    let (mut a, mut b) = (a.unwrap(), b.unwrap());

    let (status, note) =
        s.call(json!({"cmd": "create_note", "args": {"input": {"title": "Plan"}}}));
    assert_eq!(status, 200);
    let id = note["id"].as_str().unwrap();
    let (status, _) = s.call(json!({"cmd": "trash", "args": {"kind": "note", "id": id}}));
    assert_eq!(status, 200, "trash the note");
    for events in [&mut a, &mut b] {
        let created = events.next_change();
        assert_eq!(created["op"], "create_note");
        assert_eq!(created["objects"], json!([{"kind": "note", "id": id}]));
        let trashed = events.next_change();
        assert!(trashed["seq"].as_i64() > created["seq"].as_i64());
        assert!(
            trashed["objects"]
                .as_array()
                .unwrap()
                .contains(&json!({"kind": "note", "id": id})),
            "{trashed}"
        );
    }

    // Written in this process by something other than the server (the CLI handing a request
    // over, an import job): announced the same way.
    let other = s
        .ws()
        .create_note(&groundwork_core::model::NoteInput {
            title: "From elsewhere".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(a.next_change()["objects"][0]["id"], other.id.as_str());
}

#[test]
fn the_change_stream_needs_the_token_and_the_servers_own_origin() {
    let s = Running::start();
    let (status, body, _) = Events::open(&s, &[("Sec-Fetch-Site", "same-origin")]);
    assert_eq!(status, 401, "{body}");
    let bearer = s.bearer();
    for foreign in [
        [
            ("Authorization", bearer.as_str()),
            ("Origin", "http://127.0.0.1:1"),
        ],
        [
            ("Authorization", bearer.as_str()),
            ("Sec-Fetch-Site", "cross-site"),
        ],
    ] {
        let (status, body, _) = Events::open(&s, &foreign);
        assert_eq!(status, 403, "{body}");
        assert!(body.contains("forbidden"), "{body}");
    }
}

/// A server with streams open still stops at once: the streams end instead of holding the
/// shutdown until its grace period runs out.
#[test]
fn open_change_streams_do_not_hold_up_a_shutdown() {
    let mut s = Running::start();
    let bearer = s.bearer();
    let (_, _, events) = Events::open(
        &s,
        &[
            ("Authorization", bearer.as_str()),
            ("Sec-Fetch-Site", "same-origin"),
        ],
    );
    let mut events = events.unwrap();
    let started = std::time::Instant::now();
    let server = s.server.take().unwrap();
    s.rt.block_on(server.shutdown()).unwrap();
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "shutdown waited {:?} for an open stream",
        started.elapsed()
    );
    use std::io::Read;
    let mut rest = String::new();
    let _ = events.0.read_to_string(&mut rest);
}

/// A browser downloads a research pack as a zip: one folder inside, the pack's files in it;
/// a foreign page or a request without the token gets nothing.
#[test]
fn a_research_pack_downloads_as_a_zip() {
    let s = Running::start();
    groundwork_core::demo::seed_demo(s.ws()).unwrap();
    let body = json!({"request": {"format": "csv", "redact": {"names": true}}}).to_string();
    let post = |origin: &str, token: bool| {
        let mut req = s
            .agent
            .post(format!("{}/api/pack", s.base))
            .header("Origin", origin)
            .header("Content-Type", "application/json");
        if token {
            req = req.header("Authorization", s.bearer());
        }
        req.send(body.clone()).unwrap()
    };
    let mut res = post(&s.base, true);
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(header(&res, "content-type"), "application/zip");
    assert!(header(&res, "content-disposition").contains("research-pack-csv.zip"));
    let bytes = res.body_mut().read_to_vec().unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    assert!(
        names.contains(&"research-pack-csv/highlights.csv".to_string()),
        "{names:?}"
    );
    let mut csv = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("research-pack-csv/participants.csv").unwrap(),
        &mut csv,
    )
    .unwrap();
    assert!(
        csv.contains("P01") && !csv.contains("Aisha Rahman"),
        "{csv}"
    );

    assert_eq!(post(&s.base, false).status().as_u16(), 401);
    assert_eq!(post("http://evil.example", true).status().as_u16(), 403);
    let bad = s
        .agent
        .post(format!("{}/api/pack", s.base))
        .header("Authorization", s.bearer())
        .header("Origin", &s.base)
        .header("Content-Type", "application/json")
        .send(json!({"format": "md"}).to_string())
        .unwrap();
    let (status, body) = read_json(bad);
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("invalid")),
        "{body}"
    );
}
