//! `groundwork workshop start | list | export`: run a workshop from a laptop without the
//! window (the room's listener and the loopback app for the facilitator), and read its
//! results. `start` prints exactly one line on stdout (or one JSON object with `--json`):
//! what scripts and the browser tests read; everything else goes to stderr.

use crate::target::Target;
use groundwork_core::model::NodeKind;
use groundwork_core::model::workshop::{
    Recipe, Workshop, WorkshopFormat, WorkshopInput, WorkshopSeed,
};
use groundwork_core::{Error, Workspace};
use std::io::{IsTerminal, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

pub struct Start {
    pub recipe: Option<Recipe>,
    pub title: Option<String>,
    pub tree: Option<String>,
    pub nodes: Vec<String>,
    /// Where the room listens; an address other machines reach is the facilitator's yes.
    pub addr: Option<SocketAddr>,
    pub json: bool,
    pub resume: Option<String>,
    pub ui: Option<PathBuf>,
}

/// Make (or resume) the workshop, open its room, and serve until Ctrl+C or SIGTERM, or
/// until the workshop is ended from the app. Its state is kept either way.
pub fn start(ws: Workspace, s: Start) -> Result<ExitCode, Error> {
    let workshop = match &s.resume {
        Some(id) => {
            let w = ws.workshop(id)?;
            if w.ended_at.is_some() {
                return Err(Error::conflict(format!(
                    "“{}” has ended and cannot be resumed; start a new workshop",
                    w.title
                )));
            }
            w
        }
        None => create(&ws, &s)?,
    };
    let ws = Arc::new(ws);
    let handoff = groundwork_api::handoff::listen(ws.clone()).ok();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let room = s
        .addr
        .unwrap_or(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0));
    let served = runtime.block_on(async {
        let server = crate::serve::start(ws.clone(), None, s.ui.clone()).await?;
        let _ = ws.set_served_at(Some(server.addr().to_string()));
        let host = server.host();
        let port = (room.port() != 0).then_some(room.port());
        let opened = match host
            .open(&workshop.id, room.ip(), port, !room.ip().is_loopback())
            .await
        {
            Ok(o) => o,
            Err(e) => {
                let _ = server.shutdown().await;
                return Err(e);
            }
        };
        let join_url = opened.join_url.clone().unwrap_or_default();
        let code = opened.code.clone().unwrap_or_default();
        let facilitator_url = format!("{}#/workshops/{}", server.url(), workshop.id);
        let mut stdout = std::io::stdout().lock();
        if s.json {
            writeln!(
                stdout,
                "{}",
                serde_json::json!({
                    "id": workshop.id,
                    "join_url": join_url,
                    "code": code,
                    "facilitator_url": facilitator_url,
                })
            )?;
        } else {
            writeln!(
                stdout,
                "Workshop “{}” ({}) is open: join at {join_url} or type the code {code} at http://{}/ — facilitate at {facilitator_url}",
                workshop.title,
                workshop.id,
                opened.addr.clone().unwrap_or_default()
            )?;
        }
        stdout.flush()?;
        drop(stdout);
        if std::io::stderr().is_terminal()
            && let Some(qr) = groundwork_server::workshop::qr_text(&join_url)
        {
            eprintln!("{qr}");
        }
        eprintln!("Press Ctrl+C to stop; the workshop is kept (groundwork workshop start --resume {}).", workshop.id);
        let id = workshop.id.clone();
        tokio::select! {
            _ = crate::serve::stop_requested() => {}
            _ = ended(ws.clone(), id) => eprintln!("The workshop was ended."),
        }
        eprintln!("Stopping…");
        server.shutdown().await.map_err(Error::from)
    });
    drop(handoff);
    drop(runtime);
    drop(ws);
    served.map(|()| ExitCode::SUCCESS)
}

/// Resolves when the workshop has been ended (from the app, or the hand-off).
async fn ended(ws: Arc<Workspace>, id: String) {
    loop {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        let ws = ws.clone();
        let id = id.clone();
        let over = tokio::task::spawn_blocking(move || {
            ws.workshop(&id)
                .map(|w| w.ended_at.is_some())
                .unwrap_or(true)
        })
        .await
        .unwrap_or(true);
        if over {
            return;
        }
    }
}

fn create(ws: &Workspace, s: &Start) -> Result<Workshop, Error> {
    let recipe = s.recipe.ok_or_else(|| {
        Error::invalid(
            "recipe",
            "say which workshop: --recipe hmw|note-and-vote|ldj|prioritise-tree (or --resume ID)",
        )
    })?;
    let mut seed = WorkshopSeed {
        tree_id: s.tree.clone(),
        node_ids: s.nodes.clone(),
        ..Default::default()
    };
    if let (Some(tree), true) = (&s.tree, s.nodes.is_empty()) {
        let nodes = ws.tree_nodes(tree)?;
        seed.node_ids = match recipe {
            // The opportunity the team targets, else the first one.
            Recipe::Hmw => nodes
                .iter()
                .filter(|n| n.input.kind == NodeKind::Opportunity)
                .max_by_key(|n| n.input.details.target)
                .map(|n| vec![n.id.clone()])
                .unwrap_or_default(),
            Recipe::PrioritiseTree => nodes
                .iter()
                .filter(|n| n.input.kind == NodeKind::Opportunity)
                .map(|n| n.id.clone())
                .collect(),
            _ => Vec::new(),
        };
    }
    if matches!(recipe, Recipe::Hmw | Recipe::PrioritiseTree) && seed.tree_id.is_none() {
        return Err(Error::invalid(
            "tree",
            format!(
                "{} works on a tree: add --tree ID (groundwork tree list)",
                recipe.label()
            ),
        ));
    }
    let title = s
        .title
        .clone()
        .unwrap_or_else(|| recipe.label().to_string());
    ws.create_workshop(&WorkshopInput {
        title,
        recipe,
        settings: None,
        seed,
    })
}

pub fn list(target: &Target, json: bool) -> Result<ExitCode, Error> {
    let list: Vec<serde_json::Value> = target.ask(groundwork_api::Request::ListWorkshops {})?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&list).unwrap_or_default()
        );
        return Ok(ExitCode::SUCCESS);
    }
    if list.is_empty() {
        println!("No workshops yet: groundwork workshop start --recipe ldj");
    }
    for w in &list {
        let state = if !w["ended_at"].is_null() {
            "ended"
        } else if w["started_at"].is_null() {
            "not started"
        } else {
            "under way"
        };
        println!(
            "{}  {}  ({}, {state}; {} people, {} notes)",
            w["id"].as_str().unwrap_or(""),
            w["title"].as_str().unwrap_or(""),
            w["recipe"].as_str().unwrap_or("").replace('_', "-"),
            w["participants"],
            w["notes"]
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn export(
    target: &Target,
    id: &str,
    format: WorkshopFormat,
    out: Option<PathBuf>,
) -> Result<ExitCode, Error> {
    let text: String = target.ask(groundwork_api::Request::ExportWorkshop {
        id: id.to_string(),
        format,
    })?;
    match out {
        Some(path) => {
            std::fs::write(&path, text.as_bytes()).map_err(|e| {
                Error::new(
                    groundwork_core::ErrorCode::Io,
                    format!("cannot write {}: {e}", path.display()),
                )
            })?;
            eprintln!("Wrote {}", path.display());
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
