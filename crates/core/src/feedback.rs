//! The feedback loop in use: its numbers (NPS and CSAT, per segment, source or month), the
//! triage overview and the inbox's pages. The types are in `model::feedback`, the queries in
//! `store::feedback`.

use crate::error::{Error, Result};
pub use crate::model::feedback::*;
use crate::model::{FeedbackItem, FeedbackState};
use crate::workspace::Workspace;

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
