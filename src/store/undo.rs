//! Undo: every write transaction keeps a journal of the rows it changed,
//! before and after. Undoing replays the journal backwards — but only if
//! each row is still as that write left it, so an undo never overwrites a
//! change made since (by another terminal, say).

use super::Writer;
use super::error::{Result, StoreError};
use super::keys::{self, CustomerKeys};
use super::read::View;
use super::tables::*;
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
    pub(super) fn journal(&mut self, change: Change) {
        if self.journaling {
            self.journal.changes.push(change);
        }
    }

    /// Bulk writes (demo, import) are not undone row by row: skip the journal.
    pub fn skip_journal(&mut self) {
        self.journaling = false;
        self.journal = Undo::default();
    }

    /// Revert `undo` (newest change first). Fails with `StoreError::Changed`,
    /// writing nothing, if any row was changed after that write.
    pub fn undo(&mut self, undo: &Undo) -> Result<usize> {
        for change in undo.changes.iter().rev() {
            match change {
                Change::Customer { id, before, after } => {
                    let current = self.customer(*id)?;
                    if current.as_ref() != after.as_deref() {
                        return Err(StoreError::Changed(format!("customer {id}")));
                    }
                    match (current, before) {
                        (Some(now), Some(before)) => self.put_customer(Some(&now), before)?,
                        (Some(now), None) => self.delete_customer(&now)?,
                        (None, Some(before)) => self.put_customer(None, before)?,
                        (None, None) => {}
                    }
                }
                Change::Task { id, before, after } => {
                    let current = self.task(*id)?;
                    if current.as_ref() != after.as_deref() {
                        return Err(StoreError::Changed(format!("task {id}")));
                    }
                    match (current, before) {
                        (Some(now), Some(before)) => self.put_task(Some(&now), before)?,
                        (Some(now), None) => self.delete_task(&now)?,
                        (None, Some(before)) => self.put_task(None, before)?,
                        (None, None) => {}
                    }
                }
                Change::Interaction { id, after } => {
                    if self.interaction(*id)?.as_ref() != Some(after.as_ref()) {
                        return Err(StoreError::Changed(format!("interaction {id}")));
                    }
                    self.delete_interaction(after)?;
                }
            }
        }
        let entities = undo.changes.len();
        self.audit("undo", format!("{entities} changes"), None, vec![])?;
        Ok(entities)
    }

    fn delete_customer(&mut self, c: &Customer) -> Result<()> {
        let id = c.id.0;
        self.txn.open_table(CUSTOMERS)?.remove(id)?;
        self.txn.open_table(SEARCH_TEXT)?.remove(id)?;
        let keys = CustomerKeys::of(c);
        {
            let mut lookup = self.txn.open_table(IDX_LOOKUP)?;
            for key in &keys.lookup {
                lookup.remove((key.as_str(), id))?;
            }
        }
        if let Some(q) = keys.quiet {
            self.txn.open_table(IDX_QUIET)?.remove((q, id))?;
        }
        self.txn
            .open_table(IDX_LAST_TOUCH)?
            .remove((keys.last_touch, id))?;
        self.names_changed = true;
        self.journal(Change::Customer {
            id: c.id,
            before: Some(Box::new(c.clone())),
            after: None,
        });
        Ok(())
    }

    fn delete_task(&mut self, t: &Task) -> Result<()> {
        let id = t.id.0;
        self.txn.open_table(TASKS)?.remove(id)?;
        if let Some(c) = t.customer {
            self.txn.open_table(IDX_CUSTOMER_TASKS)?.remove((c.0, id))?;
        }
        if let Some(k) = keys::open_due_key(t) {
            self.txn.open_table(IDX_OPEN_DUE)?.remove((k, id))?;
        }
        self.journal(Change::Task {
            id: t.id,
            before: Some(Box::new(t.clone())),
            after: None,
        });
        Ok(())
    }

    fn delete_interaction(&mut self, i: &Interaction) -> Result<()> {
        self.txn.open_table(INTERACTIONS)?.remove(i.id.0)?;
        self.txn.open_table(IDX_TIMELINE)?.remove((
            i.customer.0,
            i.at.timestamp_millis(),
            i.id.0,
        ))?;
        Ok(())
    }
}
