//! The feedback loop's numbers and its inbox: NPS and CSAT (overall, per segment, source or
//! month), where items are in triage, and pages of items that match a filter.
//!
//! NPS counts answers 0–10: promoters 9–10, passives 7–8, detractors 0–6; the score is
//! 100 × (promoters − detractors) / answers. CSAT counts answers 1–5: the share of 4 and 5.

use crate::error::{Error, Result};
use crate::model::{FeedbackItem, FeedbackState, ScoreKind};
use crate::workspace::Workspace;
use rusqlite::{Connection, params_from_iter, types::Value};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How `feedback stats` groups items besides the overall figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum StatsBy {
    Segment,
    Source,
    /// The month it was received (`YYYY-MM`), else the month it was imported.
    Month,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Nps {
    /// −100 to 100, to one decimal; `None` without answers.
    pub score: Option<f64>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub responses: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub promoters: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub passives: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub detractors: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Csat {
    /// The share of 4 and 5 answers, 0–100 to one decimal; `None` without answers.
    pub score: Option<f64>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub responses: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub satisfied: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatsGroup {
    pub key: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub items: i64,
    pub nps: Nps,
    pub csat: Csat,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FeedbackStats {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub items: i64,
    /// Items per triage state (every state, zero included).
    #[cfg_attr(feature = "ts", ts(type = "Record<FeedbackState, number>"))]
    pub states: BTreeMap<FeedbackState, i64>,
    pub nps: Nps,
    pub csat: Csat,
    /// Per segment, source or month when asked; months in order, the others largest first.
    pub groups: Vec<StatsGroup>,
}

/// A week of the overview: items received (by their date, else when imported).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WeekCount {
    /// The Monday the week starts on, `YYYY-MM-DD`.
    pub week: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub received: i64,
}

/// The numbers a team reviews: how much came in, how much was triaged, linked and closed,
/// how long closing takes, and what has waited longest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FeedbackOverview {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub items: i64,
    /// The last 12 weeks that have items, oldest first.
    pub weekly: Vec<WeekCount>,
    /// Shares of all items, 0–1: past `new`, linked or closed, and closed.
    pub triaged_share: f64,
    pub linked_share: f64,
    pub closed_share: f64,
    /// Median days from received (or imported) to closed, over closed items.
    pub median_days_to_close: Option<f64>,
    /// The item that has waited longest in `new`.
    pub oldest_untriaged: Option<FeedbackItem>,
}

/// Which items an inbox page shows. Empty lists and `None` match everything.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct FeedbackQuery {
    /// Words the text, title or customer contains (case-insensitive).
    pub text: String,
    pub states: Vec<FeedbackState>,
    pub sources: Vec<String>,
    pub segments: Vec<String>,
    pub score_kind: Option<ScoreKind>,
    pub score_min: Option<f64>,
    pub score_max: Option<f64>,
    /// Received on or after / before this day (`YYYY-MM-DD`).
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FeedbackPage {
    /// Items matching the query, of which `items` is one page (newest first).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total: i64,
    pub items: Vec<FeedbackItem>,
    /// The sources and segments there are, for the filter menus.
    pub sources: Vec<String>,
    pub segments: Vec<String>,
}

fn one_decimal(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

impl Nps {
    fn add(&mut self, score: f64) {
        self.responses += 1;
        if score >= 9.0 {
            self.promoters += 1;
        } else if score >= 7.0 {
            self.passives += 1;
        } else {
            self.detractors += 1;
        }
    }
    fn finish(&mut self) {
        self.score = (self.responses > 0).then(|| {
            one_decimal(
                100.0 * (self.promoters as f64 - self.detractors as f64) / self.responses as f64,
            )
        });
    }
}

impl Csat {
    fn add(&mut self, score: f64) {
        self.responses += 1;
        if score >= 4.0 {
            self.satisfied += 1;
        }
    }
    fn finish(&mut self) {
        self.score = (self.responses > 0)
            .then(|| one_decimal(100.0 * self.satisfied as f64 / self.responses as f64));
    }
}

#[derive(Default)]
struct Tally {
    items: i64,
    nps: Nps,
    csat: Csat,
}

impl Tally {
    fn add(&mut self, kind: Option<&str>, score: Option<f64>) {
        self.items += 1;
        match (kind.and_then(ScoreKind::parse), score) {
            (Some(ScoreKind::Nps), Some(s)) => self.nps.add(s),
            (Some(ScoreKind::Csat), Some(s)) => self.csat.add(s),
            _ => {}
        }
    }
    fn finish(mut self) -> (i64, Nps, Csat) {
        self.nps.finish();
        self.csat.finish();
        (self.items, self.nps, self.csat)
    }
}

pub(crate) fn stats(conn: &Connection, by: Option<StatsBy>) -> Result<FeedbackStats> {
    let group = match by {
        None => "''",
        Some(StatsBy::Segment) => "segment",
        Some(StatsBy::Source) => "source",
        Some(StatsBy::Month) => "substr(coalesce(received_at, created_at), 1, 7)",
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT {group}, state, score_kind, score FROM feedback_items WHERE deleted_at IS NULL"
    ))?;
    let mut rows = stmt.query([])?;
    let mut all = Tally::default();
    let mut states: BTreeMap<FeedbackState, i64> =
        FeedbackState::ALL.iter().map(|s| (*s, 0)).collect();
    let mut groups: BTreeMap<String, Tally> = BTreeMap::new();
    while let Some(r) = rows.next()? {
        let key: String = r.get(0)?;
        let state: String = r.get(1)?;
        let kind: Option<String> = r.get(2)?;
        let score: Option<f64> = r.get(3)?;
        all.add(kind.as_deref(), score);
        *states
            .entry(FeedbackState::parse(&state).unwrap_or_default())
            .or_default() += 1;
        if by.is_some() {
            groups.entry(key).or_default().add(kind.as_deref(), score);
        }
    }
    let mut groups: Vec<StatsGroup> = groups
        .into_iter()
        .map(|(key, t)| {
            let (items, nps, csat) = t.finish();
            StatsGroup {
                key,
                items,
                nps,
                csat,
            }
        })
        .collect();
    if by != Some(StatsBy::Month) {
        groups.sort_by(|a, b| b.items.cmp(&a.items).then(a.key.cmp(&b.key)));
    }
    let (items, nps, csat) = all.finish();
    Ok(FeedbackStats {
        items,
        states,
        nps,
        csat,
        groups,
    })
}

pub(crate) fn overview(conn: &Connection) -> Result<FeedbackOverview> {
    let (items, triaged, linked, closed): (i64, i64, i64, i64) = conn.query_row(
        "SELECT count(*), count(*) FILTER (WHERE state <> 'new'),
                count(*) FILTER (WHERE state IN ('linked', 'closed')), count(*) FILTER (WHERE state = 'closed')
         FROM feedback_items WHERE deleted_at IS NULL",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let share = |n: i64| {
        if items == 0 {
            0.0
        } else {
            n as f64 / items as f64
        }
    };
    // Weeks start on Monday: julianday of 2000-01-03 (a Monday) anchors the arithmetic.
    let mut stmt = conn.prepare(
        "SELECT date(julianday(date(coalesce(received_at, created_at)))
                     - ((julianday(date(coalesce(received_at, created_at))) - julianday('2000-01-03')) % 7)) AS week,
                count(*)
         FROM feedback_items WHERE deleted_at IS NULL
         GROUP BY week ORDER BY week DESC LIMIT 12",
    )?;
    let mut weekly: Vec<WeekCount> = stmt
        .query_map([], |r| {
            Ok(WeekCount {
                week: r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                received: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    weekly.reverse();
    let mut days: Vec<f64> = conn
        .prepare(
            "SELECT julianday(closed_at) - julianday(coalesce(received_at, created_at))
             FROM feedback_items WHERE deleted_at IS NULL AND state = 'closed' AND closed_at IS NOT NULL",
        )?
        .query_map([], |r| r.get::<_, Option<f64>>(0))?
        .filter_map(|d| d.ok().flatten())
        .map(|d| d.max(0.0))
        .collect();
    days.sort_by(f64::total_cmp);
    let median_days_to_close = match days.len() {
        0 => None,
        n if n % 2 == 1 => Some(days[n / 2]),
        n => Some((days[n / 2 - 1] + days[n / 2]) / 2.0),
    }
    .map(one_decimal);
    let oldest: Option<String> = rusqlite::OptionalExtension::optional(conn.query_row(
        "SELECT id FROM feedback_items WHERE deleted_at IS NULL AND state = 'new'
         ORDER BY coalesce(received_at, created_at), id LIMIT 1",
        [],
        |r| r.get(0),
    ))?;
    let oldest_untriaged = match oldest {
        Some(id) => Some(crate::store::feedback::get(conn, &id)?),
        None => None,
    };
    Ok(FeedbackOverview {
        items,
        weekly,
        triaged_share: share(triaged),
        linked_share: share(linked),
        closed_share: share(closed),
        median_days_to_close,
        oldest_untriaged,
    })
}

/// Items per page at most.
const MAX_PAGE: u32 = 500;

pub(crate) fn query(
    conn: &Connection,
    q: &FeedbackQuery,
    offset: u32,
    limit: u32,
) -> Result<FeedbackPage> {
    if limit > MAX_PAGE {
        return Err(Error::invalid(
            "limit",
            format!("a page holds at most {MAX_PAGE} items"),
        ));
    }
    let mut clauses = vec!["f.deleted_at IS NULL".to_string()];
    let mut args: Vec<Value> = Vec::new();
    let arg = |v: Value, args: &mut Vec<Value>| {
        args.push(v);
        format!("?{}", args.len())
    };
    let text = q.text.trim().to_lowercase();
    if !text.is_empty() {
        let p = arg(Value::Text(text), &mut args);
        clauses.push(format!(
            "(instr(lower(f.text), {p}) OR instr(lower(f.title), {p}) OR instr(lower(f.customer), {p}))"
        ));
    }
    let mut any_of = |column: &str, values: Vec<String>, args: &mut Vec<Value>| {
        if !values.is_empty() {
            let ps: Vec<String> = values
                .into_iter()
                .map(|v| arg(Value::Text(v), args))
                .collect();
            clauses.push(format!("{column} IN ({})", ps.join(", ")));
        }
    };
    any_of(
        "f.state",
        q.states.iter().map(|s| s.as_str().to_string()).collect(),
        &mut args,
    );
    any_of("f.source", q.sources.clone(), &mut args);
    any_of("f.segment", q.segments.clone(), &mut args);
    if let Some(k) = q.score_kind {
        let p = arg(Value::Text(k.as_str().into()), &mut args);
        clauses.push(format!("f.score_kind = {p}"));
    }
    if let Some(min) = q.score_min {
        let p = arg(Value::Real(min), &mut args);
        clauses.push(format!("f.score >= {p}"));
    }
    if let Some(max) = q.score_max {
        let p = arg(Value::Real(max), &mut args);
        clauses.push(format!("f.score <= {p}"));
    }
    for (day, op, field) in [(&q.from, ">=", "from"), (&q.to, "<", "to")] {
        crate::model::validate::date(field, day)?;
        if let Some(d) = day {
            let p = arg(Value::Text(d.clone()), &mut args);
            clauses.push(format!(
                "date(coalesce(f.received_at, f.created_at)) {op} {p}"
            ));
        }
    }
    let filter = clauses.join(" AND ");
    let total: i64 = conn.query_row(
        &format!("SELECT count(*) FROM feedback_items f WHERE {filter}"),
        params_from_iter(args.iter()),
        |r| r.get(0),
    )?;
    let ids: Vec<String> = conn
        .prepare(&format!(
            "SELECT f.id FROM feedback_items f WHERE {filter}
             ORDER BY coalesce(f.received_at, f.created_at) DESC, f.id LIMIT {limit} OFFSET {offset}"
        ))?
        .query_map(params_from_iter(args.iter()), |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let items = ids
        .iter()
        .map(|id| crate::store::feedback::get(conn, id))
        .collect::<Result<Vec<_>>>()?;
    let distinct = |column: &str| -> Result<Vec<String>> {
        Ok(conn
            .prepare(&format!(
                "SELECT DISTINCT {column} FROM feedback_items WHERE deleted_at IS NULL AND {column} <> '' ORDER BY {column} LIMIT 200"
            ))?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    };
    Ok(FeedbackPage {
        total,
        items,
        sources: distinct("source")?,
        segments: distinct("segment")?,
    })
}

impl Workspace {
    pub fn feedback_stats(&self, by: Option<StatsBy>) -> Result<FeedbackStats> {
        stats(&*self.read()?, by)
    }

    pub fn feedback_overview(&self) -> Result<FeedbackOverview> {
        overview(&*self.read()?)
    }

    pub fn query_feedback(
        &self,
        query: &FeedbackQuery,
        offset: u32,
        limit: u32,
    ) -> Result<FeedbackPage> {
        self::query(&*self.read()?, query, offset, limit)
    }

    /// Move items through triage, as one undoable change.
    pub fn set_feedback_state(
        &self,
        ids: &[String],
        state: FeedbackState,
    ) -> Result<Vec<FeedbackItem>> {
        if ids.is_empty() {
            return Err(Error::invalid("ids", "choose at least one feedback item"));
        }
        self.write("set_feedback_state", |c| {
            crate::store::feedback::set_state(c, ids, state)?;
            ids.iter()
                .map(|id| crate::store::feedback::get(c, id))
                .collect()
        })
    }
}
