//! Undo: every write transaction keeps a journal of the rows it changed,
//! before and after. Undoing replays the journal backwards — but only if
//! each row is still as that write left it, so an undo never overwrites a
//! change made since (by another terminal, say).

use super::Writer;
use super::codec::encode;
use super::error::{Result, StoreError};
use super::rows::Rows;
use super::tables::LAST_WRITE;
use crate::domain::*;

/// One row a write changed: its state before (`None`: it was created) and after.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
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
        before: Option<Box<Interaction>>,
        after: Option<Box<Interaction>>,
    },
    Deal {
        id: DealId,
        before: Option<Box<Deal>>,
        after: Option<Box<Deal>>,
    },
    Case {
        id: CaseId,
        before: Option<Box<Case>>,
        after: Option<Box<Case>>,
    },
}

/// What one write changed, in order: enough to take it back.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Undo {
    pub changes: Vec<Change>,
}

impl Undo {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The customers whose rows this journal holds, each once, by id.
    pub fn customers(&self) -> Vec<CustomerId> {
        let mut ids: Vec<CustomerId> = self.changes.iter().flat_map(Change::customers).collect();
        ids.sort();
        ids.dedup();
        ids
    }
}

impl Change {
    /// The customer (or two, when a row moved between them) a change is about.
    fn customers(&self) -> Vec<CustomerId> {
        fn both<T>(
            before: &Option<Box<T>>,
            after: &Option<Box<T>>,
            of: impl Fn(&T) -> Option<CustomerId>,
        ) -> Vec<CustomerId> {
            [before, after]
                .into_iter()
                .flatten()
                .filter_map(|row| of(row))
                .collect()
        }
        match self {
            Change::Customer { id, .. } => vec![*id],
            Change::Interaction { before, after, .. } => both(before, after, |i| Some(i.customer)),
            Change::Task { before, after, .. } => both(before, after, |t| t.customer),
            Change::Deal { before, after, .. } => both(before, after, |d| Some(d.customer)),
            Change::Case { before, after, .. } => both(before, after, |c| Some(c.customer)),
        }
    }
}

impl Writer {
    /// Remember this write's journal as the actor's last write, so `rolo
    /// undo` in another process can take it back. A bulk write leaves an
    /// empty journal: undo then says why it cannot.
    pub(super) fn keep_last_write(&mut self) -> Result<()> {
        if self.undoable && self.journal.is_empty() {
            return Ok(()); // a write that changed nothing: keep the last one
        }
        let bytes = if self.undoable {
            encode(&self.journal)?
        } else {
            encode(&Undo::default())?
        };
        self.txn
            .open_table(LAST_WRITE)?
            .insert(self.actor.as_str(), bytes.as_slice())?;
        Ok(())
    }

    /// Bulk writes (demo, import) are not undone row by row: skip the
    /// journal — unless the write is shipped to a team database, which
    /// needs every change (it is still not kept for undo).
    pub fn skip_journal(&mut self) {
        self.undoable = false;
        if !self.shipping {
            self.journaling = false;
            self.journal = Undo::default();
        }
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
        let what = if entities == 1 {
            "1 change".to_string()
        } else {
            format!("{entities} changes")
        };
        // One entry per customer touched, so each one's history shows it.
        let mut customers: Vec<CustomerId> =
            undo.changes.iter().filter_map(Change::customer).collect();
        customers.sort();
        customers.dedup();
        if customers.is_empty() {
            self.audit("undo", what.clone(), None, vec![])?;
        }
        for id in customers {
            self.audit("undo", what.clone(), Some(id), vec![])?;
        }
        Ok(entities)
    }
}

impl Change {
    /// The customer the changed row belongs to, if any.
    fn customer(&self) -> Option<CustomerId> {
        match self {
            Change::Customer { id, .. } => Some(*id),
            Change::Task { before, after, .. } => {
                after.as_ref().or(before.as_ref()).and_then(|t| t.customer)
            }
            Change::Interaction { before, after, .. } => {
                after.as_ref().or(before.as_ref()).map(|i| i.customer)
            }
            Change::Deal { before, after, .. } => {
                after.as_ref().or(before.as_ref()).map(|d| d.customer)
            }
            Change::Case { before, after, .. } => {
                after.as_ref().or(before.as_ref()).map(|c| c.customer)
            }
        }
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
        Change::Interaction { id, before, after } => {
            let current = r.interaction(*id)?;
            if current.as_ref() != after.as_deref() {
                return Err(StoreError::Changed(format!("interaction {id}")));
            }
            match (current, before) {
                (Some(now), Some(before)) => r.replace_interaction(&now, before),
                (Some(now), None) => r.delete_interaction(&now),
                (None, Some(before)) => r.put_interaction(before),
                (None, None) => Ok(()),
            }
        }
        Change::Deal { id, before, after } => {
            let current = r.deal(*id)?;
            if current.as_ref() != after.as_deref() {
                return Err(StoreError::Changed(format!("deal {id}")));
            }
            match (current, before) {
                (Some(now), Some(before)) => r.put_deal(Some(&now), before),
                (Some(now), None) => r.delete_deal(&now),
                (None, Some(before)) => r.put_deal(None, before),
                (None, None) => Ok(()),
            }
        }
        Change::Case { id, before, after } => {
            let current = r.case(*id)?;
            if current.as_ref() != after.as_deref() {
                return Err(StoreError::Changed(format!("case {id}")));
            }
            match (current, before) {
                (Some(now), Some(before)) => r.put_case(Some(&now), before),
                (Some(now), None) => r.delete_case(&now),
                (None, Some(before)) => r.put_case(None, before),
                (None, None) => Ok(()),
            }
        }
    }
}
