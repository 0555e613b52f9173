//! The change log seen from the facade: how big it is, the history of a scope, undo and redo.

use super::Workspace;
use crate::error::Result;
use crate::store::{
    self,
    changes::{Change, UndoScope},
};

impl Workspace {
    /// How big the change log has grown (the bench reports it after its import).
    pub fn change_log_size(&self) -> Result<store::changes::LogSize> {
        store::changes::size(&*self.read()?)
    }

    /// Changes in a scope, newest first.
    pub fn history(&self, scope: &UndoScope, limit: usize) -> Result<Vec<Change>> {
        store::changes::list(&*self.read()?, scope, limit)
    }

    /// What undo and redo would do next in a scope.
    pub fn undo_redo(&self, scope: &UndoScope) -> Result<(Option<Change>, Option<Change>)> {
        let conn = self.read()?;
        Ok((
            store::changes::next_undo(&conn, scope)?,
            store::changes::next_redo(&conn, scope)?,
        ))
    }

    /// Undo the newest change in `scope` not undone yet: its rows go back to their before
    /// state, unless something changed them since (then `conflict`, saying what, and
    /// nothing changes). Answers the change undone.
    pub fn undo(&self, scope: &UndoScope) -> Result<Change> {
        self.write("undo", |tx| {
            let Some(entry) = store::changes::next_undo(tx, scope)? else {
                return Err(store::changes::nothing_to(tx, scope, "undo")?);
            };
            let inverse = store::changes::undo_changeset(tx, &entry)?;
            store::changes::replay(tx, &inverse, &mut || tx.so_far(), &entry.summary, "undone")?;
            tx.summary(format!("Undid: {}", entry.summary));
            tx.target(entry.seq);
            Ok(Change {
                undone: true,
                ..entry
            })
        })
    }

    /// Redo the change undone last in `scope`, if nothing changed there since.
    pub fn redo(&self, scope: &UndoScope) -> Result<Change> {
        self.write("redo", |tx| {
            let Some(entry) = store::changes::next_redo(tx, scope)? else {
                return Err(store::changes::nothing_to(tx, scope, "redo")?);
            };
            let forward = store::changes::redo_changeset(tx, &entry)?;
            store::changes::replay(tx, &forward, &mut || tx.so_far(), &entry.summary, "redone")?;
            tx.summary(format!("Redid: {}", entry.summary));
            tx.target(entry.seq);
            Ok(Change {
                undone: false,
                ..entry
            })
        })
    }
}
