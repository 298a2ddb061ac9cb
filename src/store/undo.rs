//! Undo: every write transaction keeps a journal of the rows it changed,
//! before and after. Undoing replays the journal backwards — but only if
//! each row is still as that write left it, so an undo never overwrites a
//! change made since (by another terminal, say).

use super::Writer;
use super::error::{Result, StoreError};
use super::rows::Rows;
use crate::domain::*;

/// One row a write changed: its state before (`None`: it was created) and after.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Customer {
        id: CustomerId,
        before: Option<Box<Customer>>,
        after: Option<Box<Customer>>,
    },
    Task {
        id: TaskId,
        before: Option<Box<Task>>,
        after: Option<Box<Task>>,
    },
    Interaction {
        id: InteractionId,
        after: Box<Interaction>,
    },
}

/// What one write changed, in order: enough to take it back.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Undo {
    pub changes: Vec<Change>,
}

impl Undo {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

impl Writer {
    /// Bulk writes (demo, import) are not undone row by row: skip the journal.
    pub fn skip_journal(&mut self) {
        self.journaling = false;
        self.journal = Undo::default();
    }

    /// Revert `undo` (newest change first). Fails with `StoreError::Changed`,
    /// writing nothing, if any row was changed after that write.
    pub fn undo(&mut self, undo: &Undo) -> Result<usize> {
        self.rows(|r| {
            for change in undo.changes.iter().rev() {
                revert(r, change)?;
            }
            Ok::<_, StoreError>(())
        })?;
        let entities = undo.changes.len();
        self.audit("undo", format!("{entities} changes"), None, vec![])?;
        Ok(entities)
    }
}

/// Put one row back as it was before `change`, if it is still as `change` left it.
fn revert(r: &mut Rows, change: &Change) -> Result<()> {
    match change {
        Change::Customer { id, before, after } => {
            let current = r.customer(*id)?;
            if current.as_ref() != after.as_deref() {
                return Err(StoreError::Changed(format!("customer {id}")));
            }
            match (current, before) {
                (Some(now), Some(before)) => r.put_customer(Some(&now), before),
                (Some(now), None) => r.delete_customer(&now),
                (None, Some(before)) => r.put_customer(None, before),
                (None, None) => Ok(()),
            }
        }
        Change::Task { id, before, after } => {
            let current = r.task(*id)?;
            if current.as_ref() != after.as_deref() {
                return Err(StoreError::Changed(format!("task {id}")));
            }
            match (current, before) {
                (Some(now), Some(before)) => r.put_task(Some(&now), before),
                (Some(now), None) => r.delete_task(&now),
                (None, Some(before)) => r.put_task(None, before),
                (None, None) => Ok(()),
            }
        }
        Change::Interaction { id, after } => {
            if r.interaction(*id)?.as_ref() != Some(after.as_ref()) {
                return Err(StoreError::Changed(format!("interaction {id}")));
            }
            r.delete_interaction(after)
        }
    }
}
