//! The maintained report answers (schema 4): `agg_activity`, the deal
//! date indexes, `deal_figures`, `customer_figures` and `open_task_figures`. The row functions in `rows` keep them; this builds them
//! from the rows for a file that predates them, and says what they should
//! hold for `rolo check`.

use super::codec::decode;
use super::codec::encode;
use super::error::Result;
use super::error::StoreError;
use super::keys;
use super::tables::*;
use crate::domain::{
    Customer, CustomerId, Deal, DealId, DealStatus, Due, InteractionKind, Priority, Stage, Task,
    TaskId, TaskStatus,
};
use chrono::{DateTime, FixedOffset, TimeZone};
use redb::{ReadableTable, WriteTransaction};
use std::collections::BTreeMap;

/// The fields of an interaction its `agg_activity` key reads (the summary
/// and feedback texts, most of a record, are skipped).
#[derive(serde::Deserialize)]
struct Logged {
    kind: InteractionKind,
    at: DateTime<FixedOffset>,
    #[serde(default)]
    author: String,
}

/// What the reports read of a deal, kept in `deal_figures` beside it:
/// moments as numbers, so reading one parses no date text.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct DealFigures {
    customer: u64,
    stage: String,
    amount: i64,
    currency: String,
    probability: u8,
    status: DealStatus,
    created: Moment,
    closed: Option<Moment>,
}

/// A moment as (seconds, nanoseconds, UTC offset in seconds).
type Moment = (i64, u32, i32);

fn moment(at: DateTime<FixedOffset>) -> Moment {
    (
        at.timestamp(),
        at.timestamp_subsec_nanos(),
        at.offset().local_minus_utc(),
    )
}

fn from_moment((secs, nanos, offset): Moment) -> Option<DateTime<FixedOffset>> {
    FixedOffset::east_opt(offset)?
        .timestamp_opt(secs, nanos)
        .single()
}

impl DealFigures {
    pub(super) fn of(d: &Deal) -> DealFigures {
        DealFigures {
            customer: d.customer.0,
            stage: d.stage.clone(),
            amount: d.amount,
            currency: d.currency.clone(),
            probability: d.probability,
            status: d.status,
            created: moment(d.created_at),
            closed: d.closed_at.map(moment),
        }
    }

    pub(super) fn encode(d: &Deal) -> Result<Vec<u8>> {
        encode(&DealFigures::of(d))
    }

    /// The deal as far as the figures tell: title, reason, owner, expected
    /// close and history are empty (no report reads them, but the
    /// funnel's cohort reads the history: it decodes whole deals).
    pub(super) fn deal(self, id: u64) -> Result<Deal> {
        let bad = || StoreError::Decode {
            what: format!("deal_figures #{id}"),
            detail: "a moment out of range".into(),
        };
        Ok(Deal {
            id: DealId(id),
            customer: CustomerId(self.customer),
            title: String::new(),
            amount: self.amount,
            currency: self.currency,
            stage: self.stage,
            probability: self.probability,
            expected_close: None,
            status: self.status,
            reason: String::new(),
            owner: String::new(),
            created_at: from_moment(self.created).ok_or_else(bad)?,
            closed_at: match self.closed {
                Some(m) => Some(from_moment(m).ok_or_else(bad)?),
                None => None,
            },
            history: Vec::new(),
        })
    }
}

/// What the reports read of a customer, kept in `customer_figures`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct CustomerFigures {
    name: String,
    company: String,
    owner: String,
    source: String,
    campaign: String,
    stage: Stage,
    created: Moment,
    last_contact: Option<Moment>,
}

/// A customer as the reports read it (see `report::CustomerRow`).
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerSummary {
    pub id: CustomerId,
    pub name: String,
    pub company: String,
    pub owner: String,
    pub source: String,
    pub campaign: String,
    pub stage: Stage,
    pub created_at: DateTime<FixedOffset>,
    pub last_contact_at: Option<DateTime<FixedOffset>>,
}

impl CustomerFigures {
    pub(super) fn of(c: &Customer) -> CustomerFigures {
        CustomerFigures {
            name: c.name.clone(),
            company: c.company.clone(),
            owner: c.owner.clone(),
            source: c.source.clone(),
            campaign: c.campaign.clone(),
            stage: c.stage,
            created: moment(c.created_at),
            last_contact: c.last_contact_at.map(moment),
        }
    }

    pub(super) fn encode(c: &Customer) -> Result<Vec<u8>> {
        encode(&CustomerFigures::of(c))
    }

    pub(super) fn summary(self, id: u64) -> Result<CustomerSummary> {
        let bad = || StoreError::Decode {
            what: format!("customer_figures #{id}"),
            detail: "a moment out of range".into(),
        };
        Ok(CustomerSummary {
            id: CustomerId(id),
            name: self.name,
            company: self.company,
            owner: self.owner,
            source: self.source,
            campaign: self.campaign,
            stage: self.stage,
            created_at: from_moment(self.created).ok_or_else(bad)?,
            last_contact_at: match self.last_contact {
                Some(m) => Some(from_moment(m).ok_or_else(bad)?),
                None => None,
            },
        })
    }
}

/// What the ranked queue scores an open task by, kept in
/// `open_task_figures` beside it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct TaskFigures {
    customer: Option<u64>,
    priority: Priority,
    due: Option<Due>,
}

impl TaskFigures {
    /// `None` for a task that is not open: only open ones are kept.
    pub(super) fn of(t: &Task) -> Option<TaskFigures> {
        t.is_open().then(|| TaskFigures {
            customer: t.customer.map(|c| c.0),
            priority: t.priority,
            due: t.due,
        })
    }

    pub(super) fn encode(t: &Task) -> Result<Option<Vec<u8>>> {
        TaskFigures::of(t).map(|f| encode(&f)).transpose()
    }

    /// The open task as far as the figures tell: title, snoozes, origin
    /// and recurrence are empty, and `created_at` is `created` (a
    /// stand-in: the queue reads the whole task for what it shows).
    pub(super) fn task(self, id: u64, created: DateTime<FixedOffset>) -> Task {
        Task {
            id: TaskId(id),
            customer: self.customer.map(CustomerId),
            title: String::new(),
            due: self.due,
            priority: self.priority,
            status: TaskStatus::Open,
            done_at: None,
            snoozes: Vec::new(),
            recurrence: None,
            origin: None,
            created_at: created,
        }
    }
}

/// Counts per `agg_activity` key, from keys one per interaction.
pub(super) fn tally(keys: impl IntoIterator<Item = String>) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for key in keys {
        *counts.entry(key).or_insert(0) += 1;
    }
    counts
}

/// Fill the maintained tables from the rows (emptying them first): the
/// migration to schema 4, in the migrating write transaction.
pub(super) fn rebuild(txn: &WriteTransaction) -> Result<()> {
    let mut activity = BTreeMap::new();
    {
        let interactions = txn.open_table(INTERACTIONS)?;
        for row in interactions.iter()? {
            let (id, bytes) = row?;
            let i: Logged = decode("interaction", id.value(), bytes.value())?;
            *activity
                .entry(keys::activity_key_of(i.at, i.kind, &i.author))
                .or_insert(0u64) += 1;
        }
    }
    let mut customers = Vec::new();
    {
        let table = txn.open_table(CUSTOMERS)?;
        for row in table.iter()? {
            let (id, bytes) = row?;
            let c: Customer = decode("customer", id.value(), bytes.value())?;
            customers.push((
                id.value(),
                CustomerFigures::encode(&c)?,
                keys::group_keys(&c.source, &c.campaign),
                keys::group_day_keys(&c),
            ));
        }
    }
    txn.delete_table(CUSTOMER_FIGURES)?;
    txn.delete_table(IDX_GROUP_MEMBERS)?;
    txn.delete_table(AGG_GROUP_DAYS)?;
    {
        let mut table = txn.open_table(CUSTOMER_FIGURES)?;
        let mut members = txn.open_table(IDX_GROUP_MEMBERS)?;
        for (id, f, groups, _) in &customers {
            table.insert(*id, f.as_slice())?;
            for g in groups {
                members.insert((g.as_str(), *id), ())?;
            }
        }
        let mut days = txn.open_table(AGG_GROUP_DAYS)?;
        for (key, n) in tally(customers.into_iter().flat_map(|c| c.3)) {
            days.insert(key.as_str(), n)?;
        }
    }
    let mut open_tasks = Vec::new();
    {
        let tasks = txn.open_table(TASKS)?;
        for row in tasks.iter()? {
            let (id, bytes) = row?;
            let t: Task = decode("task", id.value(), bytes.value())?;
            if let Some(f) = TaskFigures::encode(&t)? {
                open_tasks.push((id.value(), f));
            }
        }
    }
    txn.delete_table(OPEN_TASK_FIGURES)?;
    {
        let mut table = txn.open_table(OPEN_TASK_FIGURES)?;
        for (id, f) in &open_tasks {
            table.insert(*id, f.as_slice())?;
        }
    }
    let mut deal_keys = Vec::new();
    {
        let deals = txn.open_table(DEALS)?;
        for row in deals.iter()? {
            let (id, bytes) = row?;
            let d: Deal = decode("deal", id.value(), bytes.value())?;
            deal_keys.push((
                id.value(),
                keys::deal_day_keys(&d),
                DealFigures::encode(&d)?,
            ));
        }
    }
    txn.delete_table(AGG_ACTIVITY)?;
    txn.delete_table(IDX_DEAL_CREATED)?;
    txn.delete_table(IDX_DEAL_CLOSED)?;
    txn.delete_table(IDX_OPEN_DEALS)?;
    txn.delete_table(DEAL_FIGURES)?;
    let mut table = txn.open_table(AGG_ACTIVITY)?;
    for (key, n) in &activity {
        table.insert(key.as_str(), *n)?;
    }
    let mut created = txn.open_table(IDX_DEAL_CREATED)?;
    let mut closed = txn.open_table(IDX_DEAL_CLOSED)?;
    let mut open = txn.open_table(IDX_OPEN_DEALS)?;
    let mut figures = txn.open_table(DEAL_FIGURES)?;
    for (id, (day, closed_on, open_since), f) in deal_keys {
        figures.insert(id, f.as_slice())?;
        created.insert((day, id), ())?;
        if let Some(d) = closed_on {
            closed.insert((d, id), ())?;
        }
        if let Some(d) = open_since {
            open.insert((d, id), ())?;
        }
    }
    Ok(())
}
