//! The kinds of record the store keeps — customers, interactions, tasks,
//! deals, service cases and orders — each described once, by its [`RecordKind`]
//! impl: its names, its row table and id counter, its team table, how it
//! is journaled and shipped, and the `Rows` functions that keep its index
//! entries.
//!
//! What is the same for every kind is written once against the trait:
//! undoing a change, finding whom a change is about, scrubbing journals,
//! putting back an export, shipping a change to a team database, loading
//! and catching up a working copy. [`each_kind`] is the one list of the
//! kinds, and [`Change::visit`](super::undo::Change::visit) the one
//! `match` over the journal's variants. How to add a kind:
//! `docs/ARCHITECTURE.md`.

use super::error::Result;
use super::rows::Rows;
use super::tables::*;
use super::undo::Change;
use crate::domain::*;
use chrono::{DateTime, FixedOffset};
use redb::TableDefinition;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt;

/// A domain type the store keeps as a kind of record of its own.
pub trait RecordKind: Clone + PartialEq + Serialize + DeserializeOwned + 'static {
    /// Its id (`CaseId`): a number, shown as `#3`.
    type Id: Copy + Eq + fmt::Display + From<u64> + Into<u64>;

    /// Its name, singular and lower case ("case"): in messages, and as
    /// what a record that cannot be decoded is called.
    const NAME: &'static str;
    /// Its rows in a redb file: id → encoded record.
    const TABLE: TableDefinition<'static, u64, &'static [u8]>;
    /// The `meta` key of its id counter (`next_case`).
    const COUNTER: &'static str;
    /// Its table in a team database (`rolo.cases`), which is also how
    /// `rolo.gone` names a deleted one.
    const TEAM_TABLE: &'static str;
    /// Its rows as the caller may see them: each one's id, then its record
    /// with the columns laid over the JSON: the columns are what the
    /// policies judge, so they are what a record says (a row written by
    /// hand cannot claim another id, customer or author in its JSON).
    /// `pg::copy::each` adds the revision filter and the order.
    const TEAM_SELECT: &'static str;
    /// Shipping a new record: `$1` its id, then [`team_columns`] in
    /// order, then the record as JSON.
    ///
    /// [`team_columns`]: RecordKind::team_columns
    const TEAM_INSERT: &'static str;
    /// Shipping a changed record, with the parameters of `TEAM_INSERT`.
    const TEAM_UPDATE: &'static str;

    fn id(&self) -> Self::Id;
    fn set_id(&mut self, id: Self::Id);
    /// The customer it belongs to (a customer's is its own id).
    fn customer(&self) -> Option<CustomerId>;
    /// The columns of its team row besides `id` and `record`, in the order
    /// `TEAM_INSERT` and `TEAM_UPDATE` take them.
    fn team_columns(&self) -> Vec<TeamValue<'_>>;
    /// Its rows in an export (what `Writer::restore` puts back).
    fn in_records(records: &Records) -> &[Self];

    /// The journal's entry for one of its rows going from `before` to
    /// `after` (`None`: not there).
    fn change(id: Self::Id, before: Option<Box<Self>>, after: Option<Box<Self>>) -> Change;
    /// Write `new` over `old` (`None`: a new row) with its index entries.
    fn put(rows: &mut Rows<'_>, old: Option<&Self>, new: &Self) -> Result<()>;
    /// Remove its row and index entries.
    fn delete(rows: &mut Rows<'_>, row: &Self) -> Result<()>;
}

/// One column value of a team row (see [`RecordKind::team_columns`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TeamValue<'a> {
    Int(Option<i64>),
    Text(&'a str),
    Bool(bool),
    Time(DateTime<FixedOffset>),
}

/// Something done once for each kind of record, as [`each_kind`] calls it.
pub trait EachKind {
    fn kind<K: RecordKind>(&mut self) -> Result<()>;
}

/// Every kind of record, customers first (what the others hang off), in
/// the order `rolo.highest_ids()` lists their highest ids.
pub fn each_kind(v: &mut impl EachKind) -> Result<()> {
    v.kind::<Customer>()?;
    v.kind::<Interaction>()?;
    v.kind::<Task>()?;
    v.kind::<Deal>()?;
    v.kind::<Case>()?;
    v.kind::<Order>()
}

fn customer_column(customer: CustomerId) -> TeamValue<'static> {
    TeamValue::Int(Some(customer.0 as i64))
}

impl RecordKind for Customer {
    type Id = CustomerId;
    const NAME: &'static str = "customer";
    const TABLE: TableDefinition<'static, u64, &'static [u8]> = CUSTOMERS;
    const COUNTER: &'static str = NEXT_CUSTOMER;
    const TEAM_TABLE: &'static str = "customers";
    const TEAM_SELECT: &'static str =
        "SELECT id, record || jsonb_build_object('id', id, 'owner', owner) FROM rolo.customers";
    // No owner: the database's assignment rules decide (`assign_owner`),
    // else it is the adder's.
    const TEAM_INSERT: &'static str =
        "INSERT INTO rolo.customers (id, owner, name, company, record)
         VALUES ($1, $2, $3, $4, $5)";
    const TEAM_UPDATE: &'static str =
        "UPDATE rolo.customers SET owner = coalesce(nullif($2, ''), owner),
             name = $3, company = $4, record = $5, updated_at = now()
         WHERE id = $1";

    fn id(&self) -> CustomerId {
        self.id
    }
    fn set_id(&mut self, id: CustomerId) {
        self.id = id;
    }
    fn customer(&self) -> Option<CustomerId> {
        Some(self.id)
    }
    fn team_columns(&self) -> Vec<TeamValue<'_>> {
        vec![
            TeamValue::Text(&self.owner),
            TeamValue::Text(&self.name),
            TeamValue::Text(&self.company),
        ]
    }
    fn in_records(records: &Records) -> &[Self] {
        &records.customers
    }
    fn change(id: CustomerId, before: Option<Box<Self>>, after: Option<Box<Self>>) -> Change {
        Change::Customer { id, before, after }
    }
    fn put(rows: &mut Rows<'_>, old: Option<&Self>, new: &Self) -> Result<()> {
        rows.put_customer(old, new)
    }
    fn delete(rows: &mut Rows<'_>, row: &Self) -> Result<()> {
        rows.delete_customer(row)
    }
}

impl RecordKind for Interaction {
    type Id = InteractionId;
    const NAME: &'static str = "interaction";
    const TABLE: TableDefinition<'static, u64, &'static [u8]> = INTERACTIONS;
    const COUNTER: &'static str = NEXT_INTERACTION;
    const TEAM_TABLE: &'static str = "interactions";
    const TEAM_SELECT: &'static str =
        "SELECT id, record || jsonb_build_object('id', id, 'customer', customer_id,
                                                 'author', author)
         FROM rolo.interactions";
    const TEAM_INSERT: &'static str = "INSERT INTO rolo.interactions (id, customer_id, at, record)
         VALUES ($1, $2, $3, $4)";
    const TEAM_UPDATE: &'static str =
        "UPDATE rolo.interactions SET customer_id = $2, at = $3, record = $4
         WHERE id = $1";

    fn id(&self) -> InteractionId {
        self.id
    }
    fn set_id(&mut self, id: InteractionId) {
        self.id = id;
    }
    fn customer(&self) -> Option<CustomerId> {
        Some(self.customer)
    }
    fn team_columns(&self) -> Vec<TeamValue<'_>> {
        vec![customer_column(self.customer), TeamValue::Time(self.at)]
    }
    fn in_records(records: &Records) -> &[Self] {
        &records.interactions
    }
    fn change(id: InteractionId, before: Option<Box<Self>>, after: Option<Box<Self>>) -> Change {
        Change::Interaction { id, before, after }
    }
    fn put(rows: &mut Rows<'_>, old: Option<&Self>, new: &Self) -> Result<()> {
        match old {
            Some(old) => rows.replace_interaction(old, new),
            None => rows.put_interaction(new),
        }
    }
    fn delete(rows: &mut Rows<'_>, row: &Self) -> Result<()> {
        rows.delete_interaction(row)
    }
}

impl RecordKind for Task {
    type Id = TaskId;
    const NAME: &'static str = "task";
    const TABLE: TableDefinition<'static, u64, &'static [u8]> = TASKS;
    const COUNTER: &'static str = NEXT_TASK;
    const TEAM_TABLE: &'static str = "tasks";
    const TEAM_SELECT: &'static str = "SELECT id, record || jsonb_build_object('id', id, 'customer', customer_id) FROM rolo.tasks";
    const TEAM_INSERT: &'static str =
        "INSERT INTO rolo.tasks (id, customer_id, open, due_key, record)
         VALUES ($1, $2, $3, $4, $5)";
    const TEAM_UPDATE: &'static str =
        "UPDATE rolo.tasks SET customer_id = $2, open = $3, due_key = $4, record = $5
         WHERE id = $1";

    fn id(&self) -> TaskId {
        self.id
    }
    fn set_id(&mut self, id: TaskId) {
        self.id = id;
    }
    fn customer(&self) -> Option<CustomerId> {
        self.customer
    }
    fn team_columns(&self) -> Vec<TeamValue<'_>> {
        vec![
            TeamValue::Int(self.customer.map(|c| c.0 as i64)),
            TeamValue::Bool(self.is_open()),
            TeamValue::Int(self.due.map(|d| d.sort_key())),
        ]
    }
    fn in_records(records: &Records) -> &[Self] {
        &records.tasks
    }
    fn change(id: TaskId, before: Option<Box<Self>>, after: Option<Box<Self>>) -> Change {
        Change::Task { id, before, after }
    }
    fn put(rows: &mut Rows<'_>, old: Option<&Self>, new: &Self) -> Result<()> {
        rows.put_task(old, new)
    }
    fn delete(rows: &mut Rows<'_>, row: &Self) -> Result<()> {
        rows.delete_task(row)
    }
}

impl RecordKind for Deal {
    type Id = DealId;
    const NAME: &'static str = "deal";
    const TABLE: TableDefinition<'static, u64, &'static [u8]> = DEALS;
    const COUNTER: &'static str = NEXT_DEAL;
    const TEAM_TABLE: &'static str = "deals";
    const TEAM_SELECT: &'static str = "SELECT id, record || jsonb_build_object('id', id, 'customer', customer_id) FROM rolo.deals";
    const TEAM_INSERT: &'static str =
        "INSERT INTO rolo.deals (id, customer_id, open, record) VALUES ($1, $2, $3, $4)";
    const TEAM_UPDATE: &'static str =
        "UPDATE rolo.deals SET customer_id = $2, open = $3, record = $4 WHERE id = $1";

    fn id(&self) -> DealId {
        self.id
    }
    fn set_id(&mut self, id: DealId) {
        self.id = id;
    }
    fn customer(&self) -> Option<CustomerId> {
        Some(self.customer)
    }
    fn team_columns(&self) -> Vec<TeamValue<'_>> {
        vec![
            customer_column(self.customer),
            TeamValue::Bool(self.is_open()),
        ]
    }
    fn in_records(records: &Records) -> &[Self] {
        &records.deals
    }
    fn change(id: DealId, before: Option<Box<Self>>, after: Option<Box<Self>>) -> Change {
        Change::Deal { id, before, after }
    }
    fn put(rows: &mut Rows<'_>, old: Option<&Self>, new: &Self) -> Result<()> {
        rows.put_deal(old, new)
    }
    fn delete(rows: &mut Rows<'_>, row: &Self) -> Result<()> {
        rows.delete_deal(row)
    }
}

impl RecordKind for Case {
    type Id = CaseId;
    const NAME: &'static str = "case";
    const TABLE: TableDefinition<'static, u64, &'static [u8]> = CASES;
    const COUNTER: &'static str = NEXT_CASE;
    const TEAM_TABLE: &'static str = "cases";
    const TEAM_SELECT: &'static str = "SELECT id, record || jsonb_build_object('id', id, 'customer', customer_id) FROM rolo.cases";
    const TEAM_INSERT: &'static str =
        "INSERT INTO rolo.cases (id, customer_id, open, record) VALUES ($1, $2, $3, $4)";
    const TEAM_UPDATE: &'static str =
        "UPDATE rolo.cases SET customer_id = $2, open = $3, record = $4 WHERE id = $1";

    fn id(&self) -> CaseId {
        self.id
    }
    fn set_id(&mut self, id: CaseId) {
        self.id = id;
    }
    fn customer(&self) -> Option<CustomerId> {
        Some(self.customer)
    }
    fn team_columns(&self) -> Vec<TeamValue<'_>> {
        vec![
            customer_column(self.customer),
            TeamValue::Bool(self.is_open()),
        ]
    }
    fn in_records(records: &Records) -> &[Self] {
        &records.cases
    }
    fn change(id: CaseId, before: Option<Box<Self>>, after: Option<Box<Self>>) -> Change {
        Change::Case { id, before, after }
    }
    fn put(rows: &mut Rows<'_>, old: Option<&Self>, new: &Self) -> Result<()> {
        rows.put_case(old, new)
    }
    fn delete(rows: &mut Rows<'_>, row: &Self) -> Result<()> {
        rows.delete_case(row)
    }
}

impl RecordKind for Order {
    type Id = OrderId;
    const NAME: &'static str = "order";
    const TABLE: TableDefinition<'static, u64, &'static [u8]> = ORDERS;
    const COUNTER: &'static str = NEXT_ORDER;
    const TEAM_TABLE: &'static str = "orders";
    const TEAM_SELECT: &'static str = "SELECT id, record || jsonb_build_object('id', id, 'customer', customer_id) FROM rolo.orders";
    const TEAM_INSERT: &'static str =
        "INSERT INTO rolo.orders (id, customer_id, at, record) VALUES ($1, $2, $3, $4)";
    const TEAM_UPDATE: &'static str =
        "UPDATE rolo.orders SET customer_id = $2, at = $3, record = $4 WHERE id = $1";

    fn id(&self) -> OrderId {
        self.id
    }
    fn set_id(&mut self, id: OrderId) {
        self.id = id;
    }
    fn customer(&self) -> Option<CustomerId> {
        Some(self.customer)
    }
    fn team_columns(&self) -> Vec<TeamValue<'_>> {
        vec![customer_column(self.customer), TeamValue::Time(self.at)]
    }
    fn in_records(records: &Records) -> &[Self] {
        &records.orders
    }
    fn change(id: OrderId, before: Option<Box<Self>>, after: Option<Box<Self>>) -> Change {
        Change::Order { id, before, after }
    }
    fn put(rows: &mut Rows<'_>, old: Option<&Self>, new: &Self) -> Result<()> {
        rows.put_order(old, new)
    }
    fn delete(rows: &mut Rows<'_>, row: &Self) -> Result<()> {
        rows.delete_order(row)
    }
}
