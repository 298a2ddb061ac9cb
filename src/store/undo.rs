//! Undo: every write transaction keeps a journal of the rows it changed,
//! before and after. Undoing replays the journal backwards — but only if
//! each row is still as that write left it, so an undo never overwrites a
//! change made since (by another terminal, say).

use super::Writer;
use super::codec::encode;
use super::error::{Result, StoreError};
use super::record::RecordKind;
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
    Order {
        id: OrderId,
        before: Option<Box<Order>>,
        after: Option<Box<Order>>,
    },
}

/// Something done with one change, whatever the kind of its row:
/// [`Change::visit`] hands it the row's id and its two states.
pub trait VisitChange {
    type Out;
    fn visit<K: RecordKind>(self, id: K::Id, before: Option<&K>, after: Option<&K>) -> Self::Out;
}

impl Change {
    /// The one `match` over the kinds a journal holds (a new kind adds
    /// its variant above and its arm here).
    pub fn visit<V: VisitChange>(&self, v: V) -> V::Out {
        match self {
            Change::Customer { id, before, after } => {
                v.visit(*id, before.as_deref(), after.as_deref())
            }
            Change::Task { id, before, after } => v.visit(*id, before.as_deref(), after.as_deref()),
            Change::Interaction { id, before, after } => {
                v.visit(*id, before.as_deref(), after.as_deref())
            }
            Change::Deal { id, before, after } => v.visit(*id, before.as_deref(), after.as_deref()),
            Change::Case { id, before, after } => v.visit(*id, before.as_deref(), after.as_deref()),
            Change::Order { id, before, after } => {
                v.visit(*id, before.as_deref(), after.as_deref())
            }
        }
    }

    /// The customer (or two, when a row moved between them) a change is about.
    fn customers(&self) -> Vec<CustomerId> {
        struct Both;
        impl VisitChange for Both {
            type Out = Vec<CustomerId>;
            fn visit<K: RecordKind>(
                self,
                _: K::Id,
                before: Option<&K>,
                after: Option<&K>,
            ) -> Self::Out {
                [before, after]
                    .into_iter()
                    .flatten()
                    .filter_map(K::customer)
                    .collect()
            }
        }
        self.visit(Both)
    }

    /// The customer the changed row belongs to, if any: as it is after
    /// the change, else as it was.
    fn customer(&self) -> Option<CustomerId> {
        struct Now;
        impl VisitChange for Now {
            type Out = Option<CustomerId>;
            fn visit<K: RecordKind>(
                self,
                _: K::Id,
                before: Option<&K>,
                after: Option<&K>,
            ) -> Self::Out {
                after.or(before).and_then(K::customer)
            }
        }
        self.visit(Now)
    }
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

/// Put one row back as it was before `change`, if it is still as `change` left it.
fn revert(r: &mut Rows, change: &Change) -> Result<()> {
    struct Revert<'r, 't>(&'r mut Rows<'t>);
    impl VisitChange for Revert<'_, '_> {
        type Out = Result<()>;
        fn visit<K: RecordKind>(
            self,
            id: K::Id,
            before: Option<&K>,
            after: Option<&K>,
        ) -> Result<()> {
            let r = self.0;
            let current = r.get::<K>(id)?;
            if current.as_ref() != after {
                return Err(StoreError::Changed(format!("{} {id}", K::NAME)));
            }
            match (current, before) {
                (Some(now), Some(before)) => K::put(r, Some(&now), before),
                (Some(now), None) => K::delete(r, &now),
                (None, Some(before)) => K::put(r, None, before),
                (None, None) => Ok(()),
            }
        }
    }
    change.visit(Revert(r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::codec::decode;

    /// `last_write` (redb) and `rolo.last_write` (PostgreSQL) hold journals
    /// in this form: a journal written by any rolo so far must still decode.
    #[test]
    fn a_journal_keeps_the_form_it_is_stored_in() {
        let undo = Undo {
            changes: vec![
                Change::Customer {
                    id: CustomerId(1),
                    before: None,
                    after: None,
                },
                Change::Task {
                    id: TaskId(2),
                    before: None,
                    after: None,
                },
                Change::Interaction {
                    id: InteractionId(3),
                    before: None,
                    after: None,
                },
                Change::Deal {
                    id: DealId(4),
                    before: None,
                    after: None,
                },
                Change::Case {
                    id: CaseId(5),
                    before: None,
                    after: None,
                },
            ],
        };
        // The bytes the derives on `Change` and `Undo` give: what every
        // stored journal holds. Changing them strands those journals.
        let stored = "81a76368616e6765739581a8437573746f6d657283a2696401a66265666f7265c0a56166746572\
                      c081a45461736b83a2696402a66265666f7265c0a56166746572c081ab496e74657261637469\
                      6f6e83a2696403a66265666f7265c0a56166746572c081a44465616c83a2696404a662656\
                      66f7265c0a56166746572c081a44361736583a2696405a66265666f7265c0a56166746572c0";
        let hex: String = encode(&undo)
            .expect("encodes")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(hex, stored);
        let bytes: Vec<u8> = (0..stored.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&stored[i..i + 2], 16).expect("hex"))
            .collect();
        let back: Undo = decode("last write", 0, &bytes).expect("decodes");
        assert_eq!(back, undo);
    }
}
