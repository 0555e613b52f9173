//! `groundwork feedback stats`: items per triage state and NPS/CSAT, overall and per
//! tag, segment, source or month; and reading a `--mapping` file for `groundwork import`.

use crate::target::Target;
use groundwork_core::Error;
use groundwork_core::feedback::{Csat, FeedbackStats, Nps, StatsBy};
use groundwork_core::import::FeedbackMapping;
use std::path::Path;
use std::process::ExitCode;

/// `--mapping FILE.json`: a column mapping as `groundwork import --json` reports it.
pub fn read_mapping(file: &Path) -> Result<FeedbackMapping, Error> {
    let (name, bytes) = groundwork_core::workspace::read_import_file(file)?;
    serde_json::from_slice(&bytes).map_err(|e| {
        Error::invalid(
            "mapping",
            format!(
                "{name}, line {}: not a column mapping ({e}); expected {{\"columns\": [{{\"name\": \"Comment\", \"role\": \"text\"}}, …], \"score_kind\": \"nps\"}} with roles text, title, customer, email, company, segment, score, date, source, id or attribute",
                e.line()
            ),
        )
    })
}

pub fn stats(target: &Target, by: Option<StatsBy>, json: bool) -> Result<ExitCode, Error> {
    let s: FeedbackStats = target.ask(groundwork_api::Request::FeedbackStats { by })?;
    if json {
        println!("{}", serde_json::to_string_pretty(&s).unwrap_or_default());
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} feedback items", s.items);
    let states: Vec<String> = s
        .states
        .iter()
        .map(|(state, n)| format!("{n} {}", state.as_str()))
        .collect();
    println!("  {}", states.join(", "));
    println!("  {}", nps_line(&s.nps));
    println!("  {}", csat_line(&s.csat));
    if !s.groups.is_empty() {
        println!();
        let width = s
            .groups
            .iter()
            .map(|g| g.key.chars().count().max(6))
            .max()
            .unwrap_or(6)
            .min(40);
        for g in &s.groups {
            let key = if g.key.is_empty() { "(none)" } else { &g.key };
            println!(
                "{key:<width$}  {:>6} items  {}  {}",
                g.items,
                nps_line(&g.nps),
                csat_line(&g.csat)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn nps_line(n: &Nps) -> String {
    match n.score {
        Some(score) => format!(
            "NPS {score:+} ({} answers: {} promoters, {} passives, {} detractors)",
            n.responses, n.promoters, n.passives, n.detractors
        ),
        None => "NPS –".to_string(),
    }
}

fn csat_line(c: &Csat) -> String {
    match c.score {
        Some(score) => format!(
            "CSAT {score}% ({} of {} satisfied)",
            c.satisfied, c.responses
        ),
        None => "CSAT –".to_string(),
    }
}
