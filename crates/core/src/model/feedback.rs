//! The feedback loop's numbers and its inbox, as they cross the API: NPS and CSAT (overall, per segment, source or
//! month), where items are in triage, and pages of items that match a filter.
//!
//! NPS counts answers 0–10: promoters 9–10, passives 7–8, detractors 0–6; the score is
//! 100 × (promoters − detractors) / answers. CSAT counts answers 1–5: the share of 4 and 5.

use super::{FeedbackItem, FeedbackState, ScoreKind};
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
    /// The tags of the highlights coded in it (an item with two tags is in both groups; the
    /// key is the tag's name).
    Tag,
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

/// How often each tag was coded in feedback, month by month: the chart of what customers
/// talk about more or less over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TagTrend {
    /// Every month from the first coded item's to the last's (`YYYY-MM`), oldest first.
    pub months: Vec<String>,
    /// One series per tag used in feedback, the most used first.
    pub series: Vec<TagSeries>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TagSeries {
    pub tag_id: String,
    pub name: String,
    pub color: String,
    /// Items coded with the tag, per month of `months`.
    #[cfg_attr(feature = "ts", ts(type = "number[]"))]
    pub items: Vec<i64>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total: i64,
}

/// How much customers want a tree node: the distinct people behind its evidence and the
/// evidence under it, their segments and their scores.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Demand {
    /// Distinct people (customers and participants), each counted once however often they
    /// asked.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub customers: i64,
    /// People per segment (`""` for those without one), largest first.
    pub segments: Vec<SegmentCount>,
    /// Over the scored feedback items behind it.
    pub nps: Nps,
    pub csat: Csat,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SegmentCount {
    pub segment: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub customers: i64,
}

/// Something one person said behind a node: a feedback item or a quote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Said {
    pub text: String,
    pub feedback_id: Option<String>,
    pub highlight_id: Option<String>,
    /// The interview, note or feedback title it is from.
    pub source: String,
}

/// One person to tell that what they asked for has shipped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TellPerson {
    /// Who they are across sources: `email:…` when their address is known, else
    /// `participant:…`, `customer:…` (the name as given), `speaker:…` or `item:…` (an
    /// unnamed item).
    pub key: String,
    pub name: String,
    pub email: String,
    pub company: String,
    pub segment: String,
    pub said: Vec<Said>,
    /// Their feedback items behind the node: marking them told closes these.
    pub feedback_ids: Vec<String>,
    /// When they were marked told about this node.
    pub told_at: Option<String>,
    /// The message drafted for them from the template.
    pub message: String,
}

/// "Tell them": everyone behind a shipped node's evidence (its own, what is under it, and
/// the opportunities above it that it answers), one entry per person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TellList {
    pub node_id: String,
    pub tree_id: String,
    pub title: String,
    pub shipped_at: Option<String>,
    /// The message template (Markdown with `{{name}}`, `{{said}}`, `{{changed}}`,
    /// `{{details}}`).
    pub template: String,
    pub people: Vec<TellPerson>,
}

/// One shipped change with what customers said behind it, names left out: the "You said, we
/// did" page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ShippedChange {
    pub node_id: String,
    pub tree_id: String,
    pub tree_title: String,
    pub kind: super::NodeKind,
    pub title: String,
    pub description: String,
    pub shipped_at: String,
    /// Distinct people behind it.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub customers: i64,
    /// What they said, each with who said it by segment only ("a Pro customer").
    pub said: Vec<AnonymousQuote>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AnonymousQuote {
    pub text: String,
    pub who: String,
}

/// A person known by their e-mail address, whatever its case: `email:ana@example.com`.
pub fn email_key(email: &str) -> Option<String> {
    let email = email.trim();
    (!email.is_empty()).then(|| format!("email:{}", email.to_lowercase()))
}

/// Who said a feedback item, as one key across sources: their e-mail address when the export
/// gave one, else their name as given, else the item itself (someone unnamed).
pub fn customer_key(email: &str, customer: &str, item_id: &str) -> String {
    if let Some(key) = email_key(email) {
        key
    } else if !customer.trim().is_empty() {
        format!("customer:{}", super::names::person_key(customer))
    } else {
        format!("item:{item_id}")
    }
}

pub(crate) fn one_decimal(x: f64) -> f64 {
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
pub(crate) struct Tally {
    items: i64,
    nps: Nps,
    csat: Csat,
}

impl Tally {
    pub(crate) fn add(&mut self, kind: Option<&str>, score: Option<f64>) {
        self.items += 1;
        match (kind.and_then(ScoreKind::parse), score) {
            (Some(ScoreKind::Nps), Some(s)) => self.nps.add(s),
            (Some(ScoreKind::Csat), Some(s)) => self.csat.add(s),
            _ => {}
        }
    }
    pub(crate) fn finish(mut self) -> (i64, Nps, Csat) {
        self.nps.finish();
        self.csat.finish();
        (self.items, self.nps, self.csat)
    }
}
