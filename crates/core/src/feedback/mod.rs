//! The feedback loop in use: its numbers (NPS and CSAT, per segment, source or month), the
//! triage overview and the inbox's pages. The types are in `model::feedback`, the queries in
//! `store::feedback`.

mod tell;

use crate::error::{Error, Result};
pub use crate::model::feedback::*;
use crate::model::{FeedbackItem, FeedbackState, Highlight, HighlightInput};
use crate::store;
use crate::workspace::Workspace;
pub use tell::DEFAULT_TEMPLATE;
pub(crate) use tell::tree_people;

impl Workspace {
    pub fn feedback_stats(&self, by: Option<StatsBy>) -> Result<FeedbackStats> {
        crate::store::feedback::stats(&*self.read()?, by)
    }

    pub fn feedback_overview(&self) -> Result<FeedbackOverview> {
        crate::store::feedback::overview(&*self.read()?)
    }

    pub fn query_feedback(
        &self,
        query: &FeedbackQuery,
        offset: u32,
        limit: u32,
    ) -> Result<FeedbackPage> {
        crate::store::feedback::query(&*self.read()?, query, offset, limit)
    }

    pub fn feedback_tag_trend(&self) -> Result<TagTrend> {
        store::feedback::tag_trend(&*self.read()?)
    }

    /// The highlights coded in one feedback item.
    pub fn feedback_highlights(&self, feedback_id: &str) -> Result<Vec<Highlight>> {
        let conn = self.read()?;
        store::feedback::get(&conn, feedback_id)?;
        store::highlights::list_of_feedback(&conn, feedback_id)
    }

    /// Tag whole items (a selection in the inbox), as one undoable change: each item's text
    /// becomes one highlight with these tags, or the highlight that already quotes all of it
    /// gains them.
    pub fn tag_feedback(&self, ids: &[String], tag_ids: &[String]) -> Result<Vec<Highlight>> {
        if ids.is_empty() {
            return Err(Error::invalid("ids", "choose at least one feedback item"));
        }
        if tag_ids.is_empty() {
            return Err(Error::invalid("tag_ids", "choose at least one tag"));
        }
        self.write("tag_feedback", |c| {
            let mut out = Vec::with_capacity(ids.len());
            for id in ids {
                let item = store::feedback::get(c, id)?;
                let text = item.input.text;
                if text.trim().is_empty() {
                    return Err(Error::invalid(
                        "ids",
                        format!(
                            "“{}” has no text to tag; add its text first",
                            item.input.title
                        ),
                    ));
                }
                let len = text.chars().count() as i64;
                let hid = match store::highlights::whole_feedback(c, id, len)? {
                    Some(hid) => {
                        let mut h = store::highlights::get(c, &hid)?;
                        for t in tag_ids {
                            if !h.input.tag_ids.contains(t) {
                                h.input.tag_ids.push(t.clone());
                            }
                        }
                        store::highlights::update(c, &hid, &h.input)?;
                        hid
                    }
                    None => store::highlights::insert(
                        c,
                        &HighlightInput {
                            feedback_id: Some(id.clone()),
                            start: 0,
                            end: len,
                            quote: text,
                            tag_ids: tag_ids.to_vec(),
                            ..HighlightInput::default()
                        },
                    )?,
                };
                out.push(store::highlights::get(c, &hid)?);
            }
            Ok(out)
        })
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
