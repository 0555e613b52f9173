//! What `groundwork check` and `stats` report: SQLite's own checks, dangling evidence, the
//! index agreeing with the store, and the counts.

use super::Workspace;
use crate::error::Result;
use crate::model::KindCounts;
use crate::search::{Agreement, IndexStatus};
use crate::store;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Stats {
    pub counts: KindCounts,
    pub index_docs: u64,
    /// Outbox rows written but not yet applied to the index.
    pub outbox_lag: i64,
    pub index: IndexStatus,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckReport {
    pub ok: bool,
    pub integrity: Vec<String>,
    pub foreign_keys: Vec<String>,
    pub dangling_evidence: usize,
    pub index: Agreement,
}

impl Workspace {
    pub fn stats(&self) -> Result<Stats> {
        let conn = self.read()?;
        let index = self.index();
        let applied = index.applied_seq();
        Ok(Stats {
            counts: store::counts(&conn)?,
            index_docs: index.num_docs(),
            outbox_lag: store::outbox::pending(&conn, applied)?,
            index: index.status(),
        })
    }

    /// SQLite's own checks, dangling evidence links, and index ↔ store agreement (after
    /// applying pending index work).
    pub fn check(&self) -> Result<CheckReport> {
        self.flush_index()?;
        let conn = self.read()?;
        let integrity = store::integrity_problems(&conn)?;
        let foreign_keys = store::foreign_key_problems(&conn)?;
        let dangling_evidence = store::evidence::dangling(&conn)?;
        let index = self.index().agreement(&conn)?;
        let ok =
            integrity.is_empty() && foreign_keys.is_empty() && dangling_evidence == 0 && index.ok();
        Ok(CheckReport {
            ok,
            integrity,
            foreign_keys,
            dangling_evidence,
            index,
        })
    }
}
