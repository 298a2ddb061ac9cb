//! What an import asks of the database, so one pass serves both runs: the
//! real one writes through [`Rows`] inside a write transaction; a dry run
//! reads through a [`Reads`] and keeps what it would have written in memory
//! ([`DryRun`]), opening no write transaction and touching no file.

use crate::domain::*;
use crate::store::{Reads, Rows, StoreError};
use chrono::{DateTime, FixedOffset};
use std::collections::HashMap;

type Result<T> = std::result::Result<T, StoreError>;

pub(super) trait Db {
    fn customer_count(&self) -> Result<u64>;
    fn find_duplicate(&self, draft: &CustomerDraft) -> Result<Option<CustomerId>>;
    fn get_customer(&self, id: CustomerId) -> Result<Customer>;
    fn find_exact(&self, text: &str) -> Result<Vec<CustomerId>>;
    fn interactions_at(
        &self,
        customer: CustomerId,
        at: DateTime<FixedOffset>,
    ) -> Result<Vec<Interaction>>;
    fn put_customer(&mut self, old: Option<&Customer>, new: &Customer) -> Result<()>;
    /// Store new customers, assigning their ids: those ids, in order.
    fn insert_customers(&mut self, customers: Vec<Customer>) -> Result<Vec<CustomerId>>;
    /// A new customer's next action, as an open task.
    fn insert_next_action(&mut self, customer: CustomerId, title: String) -> Result<()>;
    /// Log an interaction (and its next task); whether a task was made.
    fn log(&mut self, new: NewInteraction, next: Option<NewTask>) -> Result<bool>;
    /// Store a checked order (`OrderDraft::into_order`) for a customer found.
    fn insert_order(&mut self, order: Order) -> Result<()>;
}

impl Db for Rows<'_> {
    fn customer_count(&self) -> Result<u64> {
        Rows::customer_count(self)
    }
    fn find_duplicate(&self, draft: &CustomerDraft) -> Result<Option<CustomerId>> {
        Rows::find_duplicate(self, draft)
    }
    fn get_customer(&self, id: CustomerId) -> Result<Customer> {
        Rows::get_customer(self, id)
    }
    fn find_exact(&self, text: &str) -> Result<Vec<CustomerId>> {
        Rows::find_exact(self, text)
    }
    fn interactions_at(
        &self,
        customer: CustomerId,
        at: DateTime<FixedOffset>,
    ) -> Result<Vec<Interaction>> {
        Rows::interactions_at(self, customer, at)
    }
    fn put_customer(&mut self, old: Option<&Customer>, new: &Customer) -> Result<()> {
        Rows::put_customer(self, old, new)
    }
    fn insert_customers(&mut self, mut customers: Vec<Customer>) -> Result<Vec<CustomerId>> {
        Rows::insert_customers(self, &mut customers)?;
        Ok(customers.iter().map(|c| c.id).collect())
    }
    fn insert_next_action(&mut self, customer: CustomerId, title: String) -> Result<()> {
        let task = self.task_from(NewTask {
            customer: Some(customer),
            title,
            due: None,
            priority: Priority::Normal,
            recurrence: None,
        });
        self.insert(task).map(drop)
    }
    fn log(&mut self, new: NewInteraction, next: Option<NewTask>) -> Result<bool> {
        Ok(Rows::log(self, new, next)?.task.is_some())
    }
    fn insert_order(&mut self, order: Order) -> Result<()> {
        self.insert(order).map(drop)
    }
}

/// A dry run's database: the store as it is, read through `view`, under
/// the customers this run would have written or changed (held in memory,
/// so a later row merging into one sees it as the real run would). New
/// customers get ids from [`FIRST_NEW_ID`] up; the ids are never shown.
pub(super) struct DryRun<'v, V> {
    view: &'v V,
    /// Stored customers this run changed.
    changed: HashMap<CustomerId, Customer>,
    /// New customers, the one with id `FIRST_NEW_ID + i` at `i`: kept as
    /// the batch came, so holding 100k of them costs no second copy.
    added: Vec<Customer>,
}

/// Far above any id a store hands out, so none is ever shadowed.
const FIRST_NEW_ID: u64 = 1 << 62;

impl<'v, V: Reads> DryRun<'v, V> {
    pub(super) fn new(view: &'v V) -> DryRun<'v, V> {
        DryRun {
            view,
            changed: HashMap::new(),
            added: Vec::new(),
        }
    }

    fn added_index(&self, id: CustomerId) -> Option<usize> {
        let i = usize::try_from(id.0.checked_sub(FIRST_NEW_ID)?).ok()?;
        (i < self.added.len()).then_some(i)
    }
}

impl<V: Reads> Db for DryRun<'_, V> {
    fn customer_count(&self) -> Result<u64> {
        Ok(self.view.counts()?.customers)
    }
    /// The store as it was: a duplicate among this run's own rows is found
    /// by the import's key map first, as in the real run.
    fn find_duplicate(&self, draft: &CustomerDraft) -> Result<Option<CustomerId>> {
        self.view.find_duplicate(draft)
    }
    fn get_customer(&self, id: CustomerId) -> Result<Customer> {
        if let Some(i) = self.added_index(id) {
            return Ok(self.added[i].clone());
        }
        match self.changed.get(&id) {
            Some(c) => Ok(c.clone()),
            None => self.view.get_customer(id),
        }
    }
    fn find_exact(&self, text: &str) -> Result<Vec<CustomerId>> {
        self.view.find_exact(text)
    }
    fn interactions_at(
        &self,
        customer: CustomerId,
        at: DateTime<FixedOffset>,
    ) -> Result<Vec<Interaction>> {
        self.view.interactions_at(customer, at)
    }
    fn put_customer(&mut self, _old: Option<&Customer>, new: &Customer) -> Result<()> {
        match self.added_index(new.id) {
            Some(i) => self.added[i] = new.clone(),
            None => {
                self.changed.insert(new.id, new.clone());
            }
        }
        Ok(())
    }
    fn insert_customers(&mut self, mut customers: Vec<Customer>) -> Result<Vec<CustomerId>> {
        let first = FIRST_NEW_ID + self.added.len() as u64;
        for (c, id) in customers.iter_mut().zip(first..) {
            c.id = CustomerId(id);
        }
        let ids = customers.iter().map(|c| c.id).collect();
        if self.added.is_empty() {
            self.added = customers;
        } else {
            self.added.append(&mut customers);
        }
        Ok(ids)
    }
    fn insert_next_action(&mut self, _customer: CustomerId, _title: String) -> Result<()> {
        Ok(())
    }
    fn log(&mut self, _new: NewInteraction, next: Option<NewTask>) -> Result<bool> {
        Ok(next.is_some())
    }
    fn insert_order(&mut self, _order: Order) -> Result<()> {
        Ok(())
    }
}
