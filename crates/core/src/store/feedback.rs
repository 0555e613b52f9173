use super::{now, outbox};
use crate::error::{Error, Result};
use crate::model::feedback::{
    FeedbackOverview, FeedbackPage, FeedbackQuery, FeedbackStats, StatsBy, StatsGroup, TagSeries,
    TagTrend, Tally, WeekCount, one_decimal,
};
use crate::model::{Attribute, FeedbackInput, FeedbackItem, FeedbackState, ObjectKind, ScoreKind};
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter, types::Value};
use std::collections::BTreeMap;

const COLUMNS: &str = "f.id, f.source, f.customer, f.score, f.text, f.received_at, f.created_at, f.updated_at, \
     f.title, f.email, f.company, f.segment, f.attributes, f.score_kind, f.state, f.state_changed_at, f.closed_at, \
     (SELECT min(d.id) FROM feedback_items d WHERE f.customer <> '' AND d.customer = f.customer \
        AND d.text_key = f.text_key AND d.id <> f.id AND d.deleted_at IS NULL)";

fn from_row(r: &Row) -> rusqlite::Result<FeedbackItem> {
    let attributes: String = r.get(12)?;
    let score_kind: Option<String> = r.get(13)?;
    let state: String = r.get(14)?;
    Ok(FeedbackItem {
        id: r.get(0)?,
        input: FeedbackInput {
            source: r.get(1)?,
            customer: r.get(2)?,
            score: r.get(3)?,
            text: r.get(4)?,
            received_at: r.get(5)?,
            title: r.get(8)?,
            email: r.get(9)?,
            company: r.get(10)?,
            segment: r.get(11)?,
            attributes: attributes_from_json(&attributes),
            score_kind: score_kind.as_deref().and_then(ScoreKind::parse),
        },
        state: FeedbackState::parse(&state).unwrap_or_default(),
        state_changed_at: r.get(15)?,
        closed_at: r.get(16)?,
        duplicate_of: r.get(17)?,
        created_at: r.get(6)?,
        updated_at: r.get(7)?,
    })
}

/// Stored as `[[name, value], …]`: the file's order, and names may repeat.
fn attributes_json(a: &[Attribute]) -> String {
    let pairs: Vec<(&str, &str)> = a
        .iter()
        .map(|a| (a.name.as_str(), a.value.as_str()))
        .collect();
    serde_json::to_string(&pairs).unwrap_or_else(|_| "[]".into())
}

fn attributes_from_json(s: &str) -> Vec<Attribute> {
    serde_json::from_str::<Vec<(String, String)>>(s)
        .unwrap_or_default()
        .into_iter()
        .map(|(name, value)| Attribute { name, value })
        .collect()
}

/// What makes two items "the same text": case, spacing and punctuation do not count.
pub(crate) fn text_key(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let normal: String = text
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Sha256::digest(normal.as_bytes())
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<FeedbackItem> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM feedback_items f WHERE f.id = ?1 AND f.deleted_at IS NULL"
    ))?
    .query_row([id], from_row)
    .optional()?
    .ok_or_else(|| Error::not_found("feedback", id))
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<FeedbackItem>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM feedback_items f WHERE f.deleted_at IS NULL ORDER BY coalesce(f.received_at, f.created_at) DESC, f.id"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn insert(conn: &Connection, input: &FeedbackInput) -> Result<String> {
    insert_as(conn, &super::Stamp::fresh(), input)
}

pub(crate) fn insert_as(
    conn: &Connection,
    s: &super::Stamp,
    input: &FeedbackInput,
) -> Result<String> {
    insert_keyed(conn, s, input, None)?;
    Ok(s.id.clone())
}

/// Insert unless an item with the same `source_key` is already stored (live or in the
/// trash: what someone deleted does not come back with the next export). True when it went in.
pub(crate) fn insert_keyed(
    conn: &Connection,
    s: &super::Stamp,
    input: &FeedbackInput,
    source_key: Option<&str>,
) -> Result<bool> {
    let i = input;
    let added = conn
        .prepare_cached(
            "INSERT INTO feedback_items (id, source, customer, score, text, received_at, created_at, updated_at,
                 title, email, company, segment, attributes, score_kind, source_key, text_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
             ON CONFLICT (source_key) DO NOTHING",
        )?
        .execute(params![
            s.id,
            i.source,
            i.customer,
            i.score,
            i.text,
            i.received_at,
            s.created_at,
            s.updated_at,
            i.title,
            i.email,
            i.company,
            i.segment,
            attributes_json(&i.attributes),
            i.score_kind.map(ScoreKind::as_str),
            source_key,
            text_key(&i.text),
        ])?
        > 0;
    // Not queued for the index here: the change log queues every object a write changed
    // (`changes::record`), and queuing it twice indexed a 100,000-item import twice.
    Ok(added)
}

pub(crate) fn update(conn: &Connection, id: &str, input: &FeedbackInput) -> Result<()> {
    get(conn, id)?;
    let i = input;
    conn.prepare_cached(
        "UPDATE feedback_items SET source = ?2, customer = ?3, score = ?4, text = ?5, received_at = ?6, updated_at = ?7,
             title = ?8, email = ?9, company = ?10, segment = ?11, attributes = ?12, score_kind = ?13, text_key = ?14
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        i.source,
        i.customer,
        i.score,
        i.text,
        i.received_at,
        now(),
        i.title,
        i.email,
        i.company,
        i.segment,
        attributes_json(&i.attributes),
        i.score_kind.map(ScoreKind::as_str),
        text_key(&i.text),
    ])?;
    // Quotes coded in the text follow it (or are marked lost).
    super::highlights::reanchor(conn, super::highlights::Source::Feedback(id), &i.text)?;
    outbox::push(conn, ObjectKind::Feedback, id)
}

/// Move items to `state`; closing stamps `closed_at`, leaving closed clears it. Returns how
/// many changed.
pub(crate) fn set_state(conn: &Connection, ids: &[String], state: FeedbackState) -> Result<usize> {
    let at = now();
    let mut changed = 0;
    for id in ids {
        get(conn, id)?;
        changed += conn
            .prepare_cached(
                "UPDATE feedback_items SET state = ?2, state_changed_at = ?3, updated_at = ?3,
                     closed_at = CASE WHEN ?2 = 'closed' THEN coalesce(closed_at, ?3) ELSE NULL END
                 WHERE id = ?1 AND state <> ?2",
            )?
            .execute(params![id, state.as_str(), at])?;
    }
    Ok(changed)
}

/// Items that are evidence for a decision move from new or reviewed to linked.
pub(crate) fn mark_linked(conn: &Connection, id: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE feedback_items SET state = 'linked', state_changed_at = ?2, updated_at = ?2
         WHERE id = ?1 AND state IN ('new', 'reviewed') AND deleted_at IS NULL",
    )?
    .execute(params![id, now()])?;
    Ok(())
}

/// Whether an item with this key was imported before (live or in the trash).
pub(crate) fn key_exists(conn: &Connection, key: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM feedback_items WHERE source_key = ?1")?
        .query_row([key], |_| Ok(()))
        .optional()?
        .is_some())
}

pub(crate) fn stats(conn: &Connection, by: Option<StatsBy>) -> Result<FeedbackStats> {
    let group = match by {
        None | Some(StatsBy::Tag) => "''",
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
    // Cells are read as borrowed text, not copied into a String each.
    while let Some(r) = rows.next()? {
        let key = r.get_ref(0)?.as_str_or_null().ok().flatten().unwrap_or("");
        let state = r.get_ref(1)?.as_str().unwrap_or("");
        let kind = r.get_ref(2)?.as_str_or_null().ok().flatten();
        let score: Option<f64> = r.get(3)?;
        all.add(kind, score);
        *states
            .entry(FeedbackState::parse(state).unwrap_or_default())
            .or_default() += 1;
        if by.is_some() && by != Some(StatsBy::Tag) {
            match groups.get_mut(key) {
                Some(t) => t.add(kind, score),
                None => {
                    let mut t = Tally::default();
                    t.add(kind, score);
                    groups.insert(key.to_string(), t);
                }
            }
        }
    }
    if by == Some(StatsBy::Tag) {
        // Each item once per tag coded in it, however many of its quotes carry the tag.
        let mut stmt = conn.prepare(
            "SELECT DISTINCT t.id, t.name, f.id, f.score_kind, f.score
             FROM feedback_items f
             JOIN highlights h ON h.feedback_id = f.id AND h.deleted_at IS NULL
             JOIN highlight_tags ht ON ht.highlight_id = h.id
             JOIN tags t ON t.id = ht.tag_id AND t.deleted_at IS NULL
             WHERE f.deleted_at IS NULL",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let name: String = r.get(1)?;
            let kind: Option<String> = r.get(3)?;
            groups
                .entry(name)
                .or_default()
                .add(kind.as_deref(), r.get(4)?);
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
    // One pass over the items: how many are in each state, and how many came each day (read
    // as text and made into weeks here: date arithmetic per row in SQL was most of the
    // overview's 230 ms at 100,000 items). Weeks start on Monday.
    let (mut items, mut triaged, mut linked, mut closed) = (0i64, 0i64, 0i64, 0i64);
    let mut per_day: std::collections::HashMap<String, i64> = std::collections::HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT state, substr(coalesce(received_at, created_at), 1, 10) FROM feedback_items WHERE deleted_at IS NULL",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        items += 1;
        match r.get_ref(0)?.as_str().unwrap_or("") {
            "new" => {}
            "reviewed" => triaged += 1,
            "linked" => (triaged, linked) = (triaged + 1, linked + 1),
            _ => (triaged, linked, closed) = (triaged + 1, linked + 1, closed + 1),
        }
        if let Ok(Some(day)) = r.get_ref(1)?.as_str_or_null() {
            match per_day.get_mut(day) {
                Some(n) => *n += 1,
                None => {
                    per_day.insert(day.to_string(), 1);
                }
            }
        }
    }
    let share = |n: i64| {
        if items == 0 {
            0.0
        } else {
            n as f64 / items as f64
        }
    };
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let mut weeks: BTreeMap<time::Date, i64> = BTreeMap::new();
    for (day, n) in per_day {
        if let Ok(d) = time::Date::parse(&day, &format) {
            let monday = d - time::Duration::days(d.weekday().number_days_from_monday().into());
            *weeks.entry(monday).or_default() += n;
        }
    }
    let weekly: Vec<WeekCount> = weeks
        .iter()
        .rev()
        .take(12)
        .rev()
        .map(|(week, received)| WeekCount {
            week: week.format(&format).unwrap_or_default(),
            received: *received,
        })
        .collect();
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
    // The oldest by date received, and the oldest of those with no date by when they were
    // imported, each found through `feedback_by_state` (ordering every new item by the
    // coalesced date sorted all of them), and the older of the two.
    let first = |sql: &str| -> Result<Option<(String, String)>> {
        Ok(conn
            .prepare_cached(sql)?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    };
    let dated = first(
        "SELECT received_at, id FROM feedback_items INDEXED BY feedback_by_state
         WHERE state = 'new' AND received_at IS NOT NULL AND deleted_at IS NULL
         ORDER BY received_at, id LIMIT 1",
    )?;
    let undated = first(
        "SELECT created_at, id FROM feedback_items INDEXED BY feedback_by_state
         WHERE state = 'new' AND received_at IS NULL AND deleted_at IS NULL
         ORDER BY created_at, id LIMIT 1",
    )?;
    let oldest = match (dated, undated) {
        (Some(a), Some(b)) => Some(a.min(b).1),
        (a, b) => a.or(b).map(|(_, id)| id),
    };
    let oldest_untriaged = match oldest {
        Some(id) => Some(get(conn, &id)?),
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
    // The page's items in the same query as the filter (not one more query per item).
    let items: Vec<FeedbackItem> = conn
        .prepare(&format!(
            "SELECT {COLUMNS} FROM feedback_items f WHERE {filter}
             ORDER BY coalesce(f.received_at, f.created_at) DESC, f.id LIMIT {limit} OFFSET {offset}"
        ))?
        .query_map(params_from_iter(args.iter()), from_row)?
        .collect::<rusqlite::Result<_>>()?;
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

/// Items coded with each tag per month received (else imported), for `TagTrend`.
pub(crate) fn tag_trend(conn: &Connection) -> Result<TagTrend> {
    let mut stmt = conn.prepare(
        "SELECT t.id, t.name, t.color, substr(coalesce(f.received_at, f.created_at), 1, 7) AS month,
                count(DISTINCT f.id)
         FROM feedback_items f
         JOIN highlights h ON h.feedback_id = f.id AND h.deleted_at IS NULL
         JOIN highlight_tags ht ON ht.highlight_id = h.id
         JOIN tags t ON t.id = ht.tag_id AND t.deleted_at IS NULL
         WHERE f.deleted_at IS NULL
         GROUP BY t.id, month",
    )?;
    let mut rows = stmt.query([])?;
    let mut counts: Vec<(String, String, String, String, i64)> = Vec::new();
    while let Some(r) = rows.next()? {
        counts.push((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?));
    }
    let months = month_range(counts.iter().map(|c| c.3.as_str()));
    let month_at: std::collections::HashMap<&str, usize> = months
        .iter()
        .enumerate()
        .map(|(i, m)| (m.as_str(), i))
        .collect();
    let mut series: Vec<TagSeries> = Vec::new();
    let mut series_at: std::collections::HashMap<String, usize> = Default::default();
    for (id, name, color, month, n) in counts {
        // A date that is not one (or past the axis's cap) is on no month of the chart.
        let Some(&at) = month_at.get(month.as_str()) else {
            continue;
        };
        let i = *series_at.entry(id.clone()).or_insert_with(|| {
            series.push(TagSeries {
                tag_id: id,
                name,
                color,
                items: vec![0; months.len()],
                total: 0,
            });
            series.len() - 1
        });
        series[i].items[at] += n;
        series[i].total += n;
    }
    series.sort_by(|a, b| b.total.cmp(&a.total).then(a.name.cmp(&b.name)));
    Ok(TagTrend { months, series })
}

/// Every month from the earliest to the latest of `months` (`YYYY-MM`), gaps filled, so a
/// chart's axis does not skip the quiet months.
fn month_range<'a>(months: impl Iterator<Item = &'a str>) -> Vec<String> {
    let parse = |m: &str| -> Option<(i32, u32)> {
        let (y, mo) = m.split_once('-')?;
        let (y, mo) = (y.parse().ok()?, mo.parse().ok()?);
        (1..=12).contains(&mo).then_some((y, mo))
    };
    let mut parsed: Vec<(i32, u32)> = months.filter_map(parse).collect();
    parsed.sort_unstable();
    let (Some(&first), Some(&last)) = (parsed.first(), parsed.last()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let (mut y, mut m) = first;
    // A hostile date far apart from the rest cannot make the axis endless.
    while (y, m) <= last && out.len() < 1200 {
        out.push(format!("{y:04}-{m:02}"));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

/// Who has been told about a node, by person key, with when.
pub(crate) fn told(conn: &Connection, node_id: &str) -> Result<BTreeMap<String, String>> {
    let mut stmt =
        conn.prepare_cached("SELECT person_key, told_at FROM feedback_told WHERE node_id = ?1")?;
    let rows = stmt.query_map([node_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Mark people told about a node at `at` (again: the date moves on).
pub(crate) fn mark_told(conn: &Connection, node_id: &str, keys: &[String], at: &str) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO feedback_told (node_id, person_key, told_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (node_id, person_key) DO UPDATE SET told_at = excluded.told_at",
    )?;
    for k in keys {
        stmt.execute(params![node_id, k, at])?;
    }
    Ok(())
}
