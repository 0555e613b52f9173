//! A workshop's room faces the people on the room's network: everything they send is
//! hostile. Each rule of SECURITY.md's "Workshops" section, proven against a real room on
//! loopback.

mod common;

use common::{Running, raw, read_json};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::time::{Duration, Instant};

struct Room {
    s: Running,
    id: String,
    /// `127.0.0.1:PORT`
    addr: String,
    base: String,
    secret: String,
    code: String,
}

impl Room {
    fn open(settings: Value) -> Room {
        let s = Running::start();
        let (status, w) = s.call(json!({"cmd": "create_workshop", "args": {"input": {
            "title": "Checkout jam", "recipe": "note_and_vote", "settings": settings, "seed": {}}}}));
        assert_eq!(status, 200, "{w}");
        let id = w["id"].as_str().unwrap().to_string();
        let st = host(&s, json!({"action": "open", "id": id, "ip": "127.0.0.1"}));
        assert_eq!(st.0, 200, "{}", st.1);
        let addr = st.1["addr"].as_str().unwrap().to_string();
        let url = st.1["join_url"].as_str().unwrap().to_string();
        Room {
            secret: url.split("#k=").nth(1).unwrap().to_string(),
            code: st.1["code"].as_str().unwrap().to_string(),
            base: format!("http://{addr}"),
            addr,
            id,
            s,
        }
    }

    fn post(&self, path: &str, token: Option<&str>, body: Value) -> (u16, Value) {
        let mut req = self
            .s
            .agent
            .post(format!("{}{path}", self.base))
            .header("Origin", &self.base)
            .header("Content-Type", "application/json");
        if let Some(t) = token {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        read_json(req.send(body.to_string()).unwrap())
    }

    fn join(&self, nickname: &str) -> (String, String) {
        let (status, j) = self.post(
            "/w/join",
            None,
            json!({"secret": self.secret, "nickname": nickname}),
        );
        assert_eq!(status, 200, "{j}");
        (
            j["token"].as_str().unwrap().to_string(),
            j["participant_id"].as_str().unwrap().to_string(),
        )
    }

    fn act(&self, token: &str, cmd: &str, args: Value) -> (u16, Value) {
        self.post("/w/api", Some(token), json!({"cmd": cmd, "args": args}))
    }

    fn get(&self, path: &str, token: Option<&str>) -> u16 {
        let mut req = self.s.agent.get(format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        req.call().unwrap().status().as_u16()
    }

    /// The facilitator's call over the loopback API.
    fn facilitate(&self, cmd: &str, args: Value) -> Value {
        let (status, v) = self.s.call(json!({"cmd": cmd, "args": args}));
        assert_eq!(status, 200, "{cmd}: {v}");
        v
    }

    fn advance(&self) {
        let w = self.facilitate("workshop_board", json!({"id": self.id}));
        let step = w["workshop"]["step"].as_u64().unwrap() + 1;
        self.facilitate("advance_workshop", json!({"id": self.id, "step": step}));
    }

    /// Read a participant's event stream for `for_ms`; the raw bytes.
    fn stream(&self, token: &str, for_ms: u64) -> String {
        let mut tcp = std::net::TcpStream::connect(&self.addr).unwrap();
        write!(
            tcp,
            "GET /w/events HTTP/1.1\r\nHost: {}\r\nOrigin: {}\r\nAuthorization: Bearer {token}\r\n\r\n",
            self.addr, self.base
        )
        .unwrap();
        read_for(&mut tcp, for_ms)
    }
}

fn read_for(tcp: &mut std::net::TcpStream, for_ms: u64) -> String {
    let end = Instant::now() + Duration::from_millis(for_ms);
    let mut out = Vec::new();
    let mut buf = [0u8; 8192];
    while Instant::now() < end {
        tcp.set_read_timeout(Some(Duration::from_millis(50)))
            .unwrap();
        match tcp.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(_) => {}
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn host(s: &Running, request: Value) -> (u16, Value) {
    let res = s
        .agent
        .post(format!("{}/api/workshops/host", s.base))
        .header("Authorization", s.bearer())
        .header("Origin", &s.base)
        .header("Content-Type", "application/json")
        .send(request.to_string())
        .unwrap();
    read_json(res)
}

#[test]
fn a_participant_credential_reaches_nothing_but_the_workshop() {
    let room = Room::open(Value::Null);
    let (token, _) = room.join("Ana");
    // The room serves the participant page and what it loads, nothing of the main app.
    assert_eq!(room.get("/", None), 200);
    assert_eq!(room.get("/assets/participant-1.js", None), 200);
    assert_eq!(room.get("/assets/shared-9.js", None), 200);
    for path in [
        "/index.html",
        "/assets/app-1234.js",
        "/api/changes",
        "/api/attachments/x",
        "/participant.html/../index.html",
        "/w/../api",
    ] {
        assert_eq!(room.get(path, Some(&token)), 404, "{path}");
    }
    let res = room
        .s
        .agent
        .post(format!("{}/api", room.base))
        .header("Authorization", format!("Bearer {token}"))
        .header("Origin", &room.base)
        .header("Content-Type", "application/json")
        .send(json!({"cmd": "stats"}).to_string())
        .unwrap();
    assert_eq!(res.status().as_u16(), 404);
    // The participant credential is not the workspace's token.
    let res = room
        .s
        .agent
        .post(format!("{}/api", room.s.base))
        .header("Authorization", format!("Bearer {token}"))
        .header("Origin", &room.s.base)
        .header("Content-Type", "application/json")
        .send(json!({"cmd": "stats"}).to_string())
        .unwrap();
    assert_eq!(res.status().as_u16(), 401);
}

#[test]
fn a_participant_cannot_act_as_the_facilitator() {
    let room = Room::open(Value::Null);
    let (token, me) = room.join("Ana");
    let before = room.s.counts();
    for cmd in [
        "stats",
        "list_interviews",
        "workshop_board",
        "advance_workshop",
        "lock_workshop",
        "end_workshop",
        "remove_workshop_participant",
        "set_workshop_role",
        "promote_workshop_items",
        "export_workshop",
        "add_workshop_note",
        "hide_workshop_note",
    ] {
        let (status, body) = room.act(&token, cmd, json!({"id": room.id, "participant_id": me}));
        assert_eq!(status, 422, "{cmd}: {body}");
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .contains("unknown variant"),
            "{cmd}: {body}"
        );
    }
    // The seat comes from the credential, never from the body.
    let (status, _) = room.act(
        &token,
        "set_done",
        json!({"done": true, "participant_id": "someone-else"}),
    );
    assert_eq!(status, 422);
    room.act(
        &token,
        "put_note",
        json!({"client_key": "k1", "text": "Slow exports"}),
    );
    room.advance();
    room.advance();
    let board = room.facilitate("workshop_board", json!({"id": room.id}));
    let group = board["groups"][0]["id"].as_str().unwrap().to_string();
    // No supervote without being the decider.
    let (status, body) = room.act(
        &token,
        "set_vote",
        json!({"group_id": group, "count": 1, "supervote": true}),
    );
    assert_eq!(status, 409, "{body}");
    // Nor a vote on another workshop's group.
    let other = room.facilitate(
        "create_workshop",
        json!({"input": {"title": "Other",
        "recipe": "note_and_vote", "settings": null, "seed": {}}}),
    );
    let fac_note = room.facilitate(
        "add_workshop_note",
        json!({"id": other["id"], "text": "Theirs"}),
    );
    let (status, _) = room.act(
        &token,
        "set_vote",
        json!({"group_id": fac_note["group_id"], "count": 1}),
    );
    assert_eq!(status, 404);
    let board2 = room.facilitate("workshop_board", json!({"id": other["id"]}));
    assert_eq!(board2["groups"][0]["votes"], 0);
    assert_ne!(before, "");
}

#[test]
fn a_wrong_removed_or_ended_credential_is_refused() {
    let room = Room::open(Value::Null);
    let (token, me) = room.join("Ana");
    let (other, _) = room.join("Ben");
    assert_eq!(room.act(&"0".repeat(64), "state", json!({})).0, 401);
    assert_eq!(room.act(&token[..63], "state", json!({})).0, 401);
    let answer = raw(
        &room.addr,
        &format!(
            "GET /w/events HTTP/1.1\r\nHost: {0}\r\nOrigin: http://{0}\r\nConnection: close\r\n\r\n",
            room.addr
        ),
    );
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    // Removed: the credential stops working and an open stream is told.
    let mut tcp = std::net::TcpStream::connect(&room.addr).unwrap();
    write!(
        tcp,
        "GET /w/events HTTP/1.1\r\nHost: {}\r\nOrigin: {}\r\nAuthorization: Bearer {token}\r\n\r\n",
        room.addr, room.base
    )
    .unwrap();
    let first = read_for(&mut tcp, 300);
    assert!(first.contains("event: view"), "{first}");
    room.facilitate("remove_workshop_participant", json!({"participant_id": me}));
    let after = read_for(&mut tcp, 1500);
    assert!(after.contains("event: removed"), "{after}");
    assert_eq!(room.act(&token, "state", json!({})).0, 401);
    // Ended: every credential goes.
    assert_eq!(room.act(&other, "state", json!({})).0, 200);
    room.facilitate("end_workshop", json!({"id": room.id}));
    let deadline = Instant::now() + Duration::from_secs(5);
    while std::net::TcpStream::connect(&room.addr).is_ok() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        std::net::TcpStream::connect(&room.addr).is_err(),
        "the room's listener closes when the workshop ends"
    );
    let conn = rusqlite::Connection::open(room.s.dir.path().join("ws/groundwork.sqlite")).unwrap();
    let held: i64 = conn
        .query_row(
            "SELECT count(*) FROM workshop_participants WHERE token_hash IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(held, 0, "no credential survives the end");
    let (status, body) = host(
        &room.s,
        json!({"action": "open", "id": room.id, "ip": "127.0.0.1"}),
    );
    assert_eq!(
        status, 409,
        "an ended workshop cannot be opened again: {body}"
    );
}

#[test]
fn writes_from_another_origin_are_refused() {
    let room = Room::open(Value::Null);
    let (token, _) = room.join("Ana");
    let other_port = format!(
        "http://127.0.0.1:{}",
        room.addr
            .rsplit(':')
            .next()
            .unwrap()
            .parse::<u16>()
            .unwrap()
            ^ 1
    );
    let note = json!({"cmd": "put_note", "args": {"client_key": "k", "text": "from elsewhere"}})
        .to_string();
    for origin in [
        "http://evil.example",
        "null",
        other_port.as_str(),
        "https://127.0.0.1",
    ] {
        let answer = raw(
            &room.addr,
            &format!(
                "POST /w/api HTTP/1.1\r\nHost: {}\r\nOrigin: {origin}\r\nContent-Type: application/json\r\n\
                 Authorization: Bearer {token}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{note}",
                room.addr,
                note.len()
            ),
        );
        assert!(answer.starts_with("HTTP/1.1 403"), "{origin}: {answer}");
    }
    // No Origin, and the browser says the page is on another site of this host.
    let answer = raw(
        &room.addr,
        &format!(
            "POST /w/join HTTP/1.1\r\nHost: {}\r\nSec-Fetch-Site: same-site\r\nContent-Type: application/json\r\n\
             Content-Length: 2\r\nConnection: close\r\n\r\n{{}}",
            room.addr
        ),
    );
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    // A form post (text/plain) from a page that guessed the origin right is still refused.
    let answer = raw(
        &room.addr,
        &format!(
            "POST /w/api HTTP/1.1\r\nHost: {0}\r\nOrigin: http://{0}\r\nContent-Type: text/plain\r\n\
             Authorization: Bearer {token}\r\nContent-Length: {1}\r\nConnection: close\r\n\r\n{note}",
            room.addr,
            note.len()
        ),
    );
    assert!(answer.starts_with("HTTP/1.1 415"), "{answer}");
    // The event stream, although a GET, needs the room's origin too.
    let answer = raw(
        &room.addr,
        &format!(
            "GET /w/events HTTP/1.1\r\nHost: {}\r\nOrigin: http://evil.example\r\n\
             Authorization: Bearer {token}\r\nConnection: close\r\n\r\n",
            room.addr
        ),
    );
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    let board = room.facilitate("workshop_board", json!({"id": room.id}));
    assert_eq!(board["workshop"]["notes"], 0, "nothing was written");
}

#[test]
fn other_host_names_are_refused_on_the_workshop_port() {
    let room = Room::open(Value::Null);
    let port = room.addr.rsplit(':').next().unwrap().to_string();
    for host in [
        format!("evil.example:{port}"),
        format!("[::1]:{port}"),
        format!("127.0.0.1:{}", port.parse::<u16>().unwrap() ^ 1),
        String::new(),
    ] {
        let host_line = if host.is_empty() {
            String::new()
        } else {
            format!("Host: {host}\r\n")
        };
        for request in [
            format!("GET / HTTP/1.1\r\n{host_line}Connection: close\r\n\r\n"),
            format!(
                "POST /w/join HTTP/1.1\r\n{host_line}Origin: http://{host}\r\nContent-Type: application/json\r\n\
                 Content-Length: 2\r\nConnection: close\r\n\r\n{{}}"
            ),
            format!(
                "GET /w/events HTTP/1.1\r\n{host_line}Origin: http://{host}\r\nConnection: close\r\n\r\n"
            ),
        ] {
            let answer = raw(&room.addr, &request);
            assert!(
                answer.starts_with("HTTP/1.1 403") || answer.starts_with("HTTP/1.1 400"),
                "Host {host:?}: {answer}"
            );
        }
    }
    // localhost names the same loopback room.
    let answer = raw(
        &room.addr,
        &format!("GET / HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n"),
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[test]
fn guessing_the_code_is_throttled() {
    let room = Room::open(Value::Null);
    for guess in ["AAAAAA", "BBBBBB", "CCCCCC", "DDDDDD", "EEEEEE"] {
        let (status, _) = room.post("/w/join", None, json!({"code": guess}));
        assert_eq!(status, 401, "{guess}");
    }
    // Even the right code waits now, from this address.
    let (status, body) = room.post("/w/join", None, json!({"code": room.code}));
    assert_eq!(status, 429, "{body}");
    assert!(body["message"].as_str().unwrap().contains("wait"), "{body}");
    // The link's secret is no way around it.
    let (status, _) = room.post("/w/join", None, json!({"secret": room.secret}));
    assert_eq!(status, 429);
}

#[test]
fn the_code_joins_in_any_case_with_spaces() {
    let room = Room::open(Value::Null);
    let typed = format!(" {} {} ", room.code[..3].to_lowercase(), &room.code[3..]);
    let (status, body) = room.post("/w/join", None, json!({"code": typed, "nickname": "Ana"}));
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token"].as_str().unwrap().len(), 64);
}

#[test]
fn oversized_and_flooding_requests_are_refused() {
    let room = Room::open(json!({"max_notes": 3}));
    let (token, _) = room.join("Ana");
    // A megabyte is refused before it is read.
    let big = "x".repeat(1024 * 1024);
    let answer = raw(
        &room.addr,
        &format!(
            "POST /w/api HTTP/1.1\r\nHost: {0}\r\nOrigin: http://{0}\r\nContent-Type: application/json\r\n\
             Authorization: Bearer {token}\r\nContent-Length: {1}\r\nConnection: close\r\n\r\n",
            room.addr,
            big.len()
        ),
    );
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    let (status, body) = room.act(
        &token,
        "put_note",
        json!({"client_key": "long", "text": "W".repeat(281)}),
    );
    assert_eq!(
        (status, body["field"].as_str()),
        (422, Some("text")),
        "{body}"
    );
    for k in ["a", "b", "c"] {
        assert_eq!(
            room.act(&token, "put_note", json!({"client_key": k, "text": k}))
                .0,
            200
        );
    }
    let (status, body) = room.act(
        &token,
        "put_note",
        json!({"client_key": "d", "text": "one too many"}),
    );
    assert_eq!(status, 409, "{body}");
    // A burst of writes is slowed down.
    let statuses: Vec<u16> = (0..30)
        .map(|_| room.act(&token, "set_done", json!({"done": true})).0)
        .collect();
    assert!(statuses.contains(&429), "{statuses:?}");
    // At most three open pages per person.
    let streams: Vec<std::net::TcpStream> = (0..3)
        .map(|_| {
            let mut tcp = std::net::TcpStream::connect(&room.addr).unwrap();
            write!(
                tcp,
                "GET /w/events HTTP/1.1\r\nHost: {}\r\nOrigin: {}\r\nAuthorization: Bearer {token}\r\n\r\n",
                room.addr, room.base
            )
            .unwrap();
            let _ = read_for(&mut tcp, 200);
            tcp
        })
        .collect();
    let fourth = room.stream(&token, 300);
    assert!(fourth.starts_with("HTTP/1.1 429"), "{fourth}");
    drop(streams);
}

#[test]
fn totals_and_voters_never_reach_a_participant_before_the_reveal() {
    let room = Room::open(Value::Null);
    let (a, a_id) = room.join("Ana");
    let (b, b_id) = room.join("Ben");
    let (c, c_id) = room.join("Cy");
    room.act(
        &a,
        "put_note",
        json!({"client_key": "a", "text": "Slow exports"}),
    );
    room.act(
        &b,
        "put_note",
        json!({"client_key": "b", "text": "Pricing confuses"}),
    );
    room.act(
        &c,
        "put_note",
        json!({"client_key": "c", "text": "Search misses"}),
    );
    room.advance(); // group
    room.advance(); // vote
    let board = room.facilitate("workshop_board", json!({"id": room.id}));
    let groups: Vec<String> = board["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap().to_string())
        .collect();
    // C watches their stream while A and B vote.
    let mut tcp = std::net::TcpStream::connect(&room.addr).unwrap();
    write!(
        tcp,
        "GET /w/events HTTP/1.1\r\nHost: {}\r\nOrigin: {}\r\nAuthorization: Bearer {c}\r\n\r\n",
        room.addr, room.base
    )
    .unwrap();
    let mut seen = read_for(&mut tcp, 300);
    // What each voter gets back names nobody else either.
    let a_said = room
        .act(&a, "set_vote", json!({"group_id": groups[0], "count": 3}))
        .1;
    let b_said = [
        room.act(&b, "set_vote", json!({"group_id": groups[0], "count": 2}))
            .1,
        room.act(&b, "set_vote", json!({"group_id": groups[1], "count": 1}))
            .1,
    ];
    let c_said = [
        room.act(&c, "set_vote", json!({"group_id": groups[2], "count": 1}))
            .1,
        room.act(&c, "state", json!({})).1,
    ];
    seen.push_str(&read_for(&mut tcp, 800));
    assert!(seen.contains("event: view"), "{seen}");
    let a_said = a_said.to_string();
    let b_said = serde_json::to_string(&b_said).unwrap();
    let c_said = serde_json::to_string(&c_said).unwrap();
    for (text, others) in [
        (&seen, [a_id.as_str(), b_id.as_str(), "Ana", "Ben"]),
        (&c_said, [a_id.as_str(), b_id.as_str(), "Ana", "Ben"]),
        (&a_said, [b_id.as_str(), c_id.as_str(), "Ben", "Cy\""]),
        (&b_said, [a_id.as_str(), c_id.as_str(), "Ana", "Cy\""]),
    ] {
        for secret in others {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
        for total in [
            "\"votes\":1",
            "\"votes\":2",
            "\"votes\":3",
            "\"votes\":5",
            "total",
            "voters",
        ] {
            assert!(!text.contains(total), "{total} before the reveal: {text}");
        }
    }
    // C's own vote is theirs to see.
    assert!(seen.contains("\"dots\":1"), "{seen}");
    room.advance(); // reveal
    let after = read_for(&mut tcp, 1000);
    assert!(
        after.contains("\"votes\":5"),
        "totals at the reveal: {after}"
    );
    assert!(!after.contains(&a_id) && !after.contains("Ana"), "{after}");
}

#[test]
fn the_network_needs_an_explicit_yes() {
    let s = Running::start();
    let (_, w) = s.call(json!({"cmd": "create_workshop", "args": {"input": {
        "title": "Jam", "recipe": "note_and_vote", "settings": null, "seed": {}}}}));
    let id = w["id"].as_str().unwrap();
    let (status, ifaces) = host(&s, json!({"action": "interfaces"}));
    assert_eq!(status, 200);
    assert_eq!(ifaces["interfaces"][0]["loopback"], true, "{ifaces}");
    let lan = ifaces["interfaces"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["loopback"] == false && !i["ip"].as_str().unwrap().contains(':'))
        .map(|i| i["ip"].as_str().unwrap().to_string())
        .unwrap_or_else(|| "192.0.2.1".into());
    let (status, body) = host(&s, json!({"action": "open", "id": id, "ip": lan}));
    assert_eq!(status, 403, "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("Let people on this network join")
    );
    for wildcard in ["0.0.0.0", "::"] {
        let (status, _) = host(
            &s,
            json!({"action": "open", "id": id, "ip": wildcard, "allow_network": true}),
        );
        assert_eq!(status, 422, "{wildcard}");
    }
    let (status, _) = host(
        &s,
        json!({"action": "open", "id": id, "ip": "192.0.2.1", "allow_network": true}),
    );
    assert_eq!(status, 422, "not an address of this computer");
    let (_, st) = host(&s, json!({"action": "status", "id": id}));
    assert_eq!(st["open"], false);
}

#[test]
fn reopening_uses_the_same_address_so_phones_keep_their_seat() {
    let room = Room::open(Value::Null);
    let (token, _) = room.join("Ana");
    // Opening again where it is open is the same room: same link and code.
    let (status, again) = host(
        &room.s,
        json!({"action": "open", "id": room.id, "ip": "127.0.0.1"}),
    );
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["code"].as_str(), Some(room.code.as_str()));
    let (status, _) = host(&room.s, json!({"action": "close", "id": room.id}));
    assert_eq!(status, 200);
    assert!(std::net::TcpStream::connect(&room.addr).is_err());
    let (_, st) = host(
        &room.s,
        json!({"action": "open", "id": room.id, "ip": "127.0.0.1"}),
    );
    assert_eq!(st["addr"].as_str(), Some(room.addr.as_str()));
    let (status, view) = room.act(&token, "state", json!({}));
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["me"]["nickname"], "Ana");
}

#[test]
fn a_phone_that_just_joined_is_never_told_it_was_removed() {
    // Its page opens the event stream the moment the join answers: the room's read of the
    // workshop must already know the seat.
    let room = Room::open(Value::Null);
    for i in 0..15 {
        let (token, _) = room.join(&format!("P{i}"));
        let seen = room.stream(&token, 250);
        assert!(seen.contains("event: view"), "{seen}");
        assert!(!seen.contains("event: removed"), "{seen}");
    }
}
