//! Rows and their index entries, written through tables opened once.
//!
//! Every write goes through [`Rows`]: it opens each row and index table of
//! the transaction once, hands out ids from counters read once, and keeps
//! the undo journal. Single edits open it for a moment (`Writer::rows`);
//! bulk writes (import, demo, restore) hold it for the whole batch, which
//! is what makes them fast: opening a redb table costs about as much as an
//! insert, and a row touches up to six tables.

use super::codec::{decode, encode};
use super::error::{Result, StoreError};
use super::keys::{self, CustomerKeys};
use super::maintained;
use super::phone_forms;
use super::read;
use super::record::{EachKind, RecordKind, each_kind};
use super::tables::*;
use super::undo::Change;
use crate::domain::*;
use chrono::{DateTime, FixedOffset};
use redb::{ReadableTable, ReadableTableMetadata, Table, WriteTransaction};

pub struct Rows<'t> {
    /// Each kind's row table and id counter, in the order of `each_kind`.
    kinds: Vec<KindRows<'t>>,
    search_text: Table<'t, u64, (&'static str, &'static str, &'static str)>,
    lookup: Table<'t, (&'static str, u64), ()>,
    phone_forms: phone_forms::Forms<'t>,
    quiet: Table<'t, (i64, u64), ()>,
    last_touch: Table<'t, (i64, u64), ()>,
    timeline: Table<'t, (u64, i64, u64), ()>,
    customer_tasks: Table<'t, (u64, u64), ()>,
    open_due: Table<'t, (i64, u64), ()>,
    customer_deals: Table<'t, (u64, u64), ()>,
    customer_cases: Table<'t, (u64, u64), ()>,
    open_cases: Table<'t, (i64, u64), ()>,
    customer_orders: Table<'t, (u64, i64, u64), ()>,
    order_dates: Table<'t, (i64, u64), ()>,
    activity: Table<'t, &'static str, u64>,
    deal_created: Table<'t, (i64, u64), ()>,
    deal_closed: Table<'t, (i64, u64), ()>,
    open_deals: Table<'t, (i64, u64), ()>,
    deal_figures: Table<'t, u64, &'static [u8]>,
    open_task_figures: Table<'t, u64, &'static [u8]>,
    customer_figures: Table<'t, u64, &'static [u8]>,
    group_members: Table<'t, (&'static str, u64), ()>,
    group_days: Table<'t, &'static str, u64>,
    meta: Table<'t, &'static str, u64>,
    now: DateTime<FixedOffset>,
    /// `None` when the transaction keeps no undo journal (bulk writes).
    journal: Option<Vec<Change>>,
    names_changed: bool,
}

/// One kind's row table and id counter, opened once by a [`Rows`].
struct KindRows<'t> {
    name: &'static str,
    counter: &'static str,
    table: Table<'t, u64, &'static [u8]>,
    /// What the counter held when opened, and the next id to give.
    stored: u64,
    next: u64,
}

/// Opens each kind's [`KindRows`].
struct OpenKinds<'a, 't> {
    txn: &'t WriteTransaction,
    meta: &'a Table<'t, &'static str, u64>,
    kinds: Vec<KindRows<'t>>,
}

impl EachKind for OpenKinds<'_, '_> {
    fn kind<K: RecordKind>(&mut self) -> Result<()> {
        let next = self.meta.get(K::COUNTER)?.map_or(1, |v| v.value());
        self.kinds.push(KindRows {
            name: K::NAME,
            counter: K::COUNTER,
            table: self.txn.open_table(K::TABLE)?,
            stored: next,
            next,
        });
        Ok(())
    }
}

/// What a closed [`Rows`] leaves for its transaction.
pub(super) struct Closed {
    pub journal: Vec<Change>,
    pub names_changed: bool,
}

impl<'t> Rows<'t> {
    pub(super) fn open(
        txn: &'t WriteTransaction,
        now: DateTime<FixedOffset>,
        journaling: bool,
    ) -> Result<Rows<'t>> {
        let meta = txn.open_table(META)?;
        let mut kinds = OpenKinds {
            txn,
            meta: &meta,
            kinds: Vec::new(),
        };
        each_kind(&mut kinds)?;
        let kinds = kinds.kinds;
        Ok(Rows {
            kinds,
            search_text: txn.open_table(SEARCH_TEXT)?,
            lookup: txn.open_table(IDX_LOOKUP)?,
            phone_forms: txn.open_table(PHONE_FORMS)?,
            quiet: txn.open_table(IDX_QUIET)?,
            last_touch: txn.open_table(IDX_LAST_TOUCH)?,
            timeline: txn.open_table(IDX_TIMELINE)?,
            customer_tasks: txn.open_table(IDX_CUSTOMER_TASKS)?,
            open_due: txn.open_table(IDX_OPEN_DUE)?,
            customer_deals: txn.open_table(IDX_CUSTOMER_DEALS)?,
            customer_cases: txn.open_table(IDX_CUSTOMER_CASES)?,
            open_cases: txn.open_table(IDX_OPEN_CASES)?,
            customer_orders: txn.open_table(IDX_CUSTOMER_ORDERS)?,
            order_dates: txn.open_table(IDX_ORDER_DATES)?,
            activity: txn.open_table(AGG_ACTIVITY)?,
            deal_created: txn.open_table(IDX_DEAL_CREATED)?,
            deal_closed: txn.open_table(IDX_DEAL_CLOSED)?,
            open_deals: txn.open_table(IDX_OPEN_DEALS)?,
            deal_figures: txn.open_table(DEAL_FIGURES)?,
            open_task_figures: txn.open_table(OPEN_TASK_FIGURES)?,
            customer_figures: txn.open_table(CUSTOMER_FIGURES)?,
            group_members: txn.open_table(IDX_GROUP_MEMBERS)?,
            group_days: txn.open_table(AGG_GROUP_DAYS)?,
            meta,
            now,
            journal: journaling.then(Vec::new),
            names_changed: false,
        })
    }

    /// Store the id counters that moved; hand back the journal.
    pub(super) fn close(mut self) -> Result<Closed> {
        for kind in &self.kinds {
            if kind.next != kind.stored {
                self.meta.insert(kind.counter, kind.next)?;
            }
        }
        Ok(Closed {
            journal: self.journal.take().unwrap_or_default(),
            names_changed: self.names_changed,
        })
    }

    fn kind<K: RecordKind>(&self) -> Result<&KindRows<'t>> {
        self.kinds
            .iter()
            .find(|k| k.name == K::NAME)
            .ok_or_else(not_opened::<K>)
    }

    fn kind_mut<K: RecordKind>(&mut self) -> Result<&mut KindRows<'t>> {
        self.kinds
            .iter_mut()
            .find(|k| k.name == K::NAME)
            .ok_or_else(not_opened::<K>)
    }

    fn take_id<K: RecordKind>(&mut self) -> Result<K::Id> {
        let kind = self.kind_mut::<K>()?;
        let id = kind.next;
        kind.next += 1;
        Ok(K::Id::from(id))
    }

    /// Write `new`'s row over `old`'s (`None`: a new row) and journal the
    /// change; the kind's `put` keeps its index entries (a kind without
    /// any can be put with this alone).
    pub(super) fn write_row<K: RecordKind>(&mut self, old: Option<&K>, new: &K) -> Result<()> {
        self.journal(|| {
            K::change(
                new.id(),
                old.cloned().map(Box::new),
                Some(Box::new(new.clone())),
            )
        });
        self.kind_mut::<K>()?
            .table
            .insert(new.id().into(), encode(new)?.as_slice())?;
        Ok(())
    }

    /// Remove a row and journal it; the kind's `delete` removes its index entries.
    pub(super) fn remove_row<K: RecordKind>(&mut self, row: &K) -> Result<()> {
        self.kind_mut::<K>()?.table.remove(row.id().into())?;
        self.journal(|| K::change(row.id(), Some(Box::new(row.clone())), None));
        Ok(())
    }

    /// Store a new record as given (already validated), assigning its id.
    pub fn insert<K: RecordKind>(&mut self, mut row: K) -> Result<K> {
        row.set_id(self.take_id::<K>()?);
        K::put(self, None, &row)?;
        Ok(row)
    }

    fn journal(&mut self, change: impl FnOnce() -> Change) {
        if let Some(journal) = &mut self.journal {
            journal.push(change());
        }
    }

    // ---- reads ------------------------------------------------------------

    /// A record of kind `K`, if there is one with that id.
    pub fn get<K: RecordKind>(&self, id: K::Id) -> Result<Option<K>> {
        let n: u64 = id.into();
        let row = self.kind::<K>()?.table.get(n)?;
        row.map(|v| decode(K::NAME, n, v.value())).transpose()
    }

    pub fn customer_count(&self) -> Result<u64> {
        Ok(self.kind::<Customer>()?.table.len()?)
    }

    pub fn customer(&self, id: CustomerId) -> Result<Option<Customer>> {
        self.get(id)
    }

    pub fn get_customer(&self, id: CustomerId) -> Result<Customer> {
        self.customer(id)?.ok_or(StoreError::NoCustomer(id))
    }

    pub fn task(&self, id: TaskId) -> Result<Option<Task>> {
        self.get(id)
    }

    pub fn interaction(&self, id: InteractionId) -> Result<Option<Interaction>> {
        self.get(id)
    }

    /// Every task of a customer, in id order.
    pub fn tasks_of(&self, customer: CustomerId) -> Result<Vec<Task>> {
        let mut out = Vec::new();
        for row in self
            .customer_tasks
            .range((customer.0, 0)..=(customer.0, u64::MAX))?
        {
            if let Some(t) = self.task(TaskId(row?.0.value().1))? {
                out.push(t);
            }
        }
        Ok(out)
    }

    /// See [`Reads::find_exact`](super::Reads::find_exact).
    pub fn find_exact(&self, text: &str) -> Result<Vec<CustomerId>> {
        read::find_exact_in(&self.lookup, text, read::Exact::Any)
    }

    /// See [`Reads::find_duplicate`](super::Reads::find_duplicate).
    pub fn find_duplicate(&self, draft: &CustomerDraft) -> Result<Option<CustomerId>> {
        read::find_duplicate_in(&self.lookup, &self.search_text, draft)
    }

    /// The customer's interactions at exactly `at` (to the millisecond).
    pub fn interactions_at(
        &self,
        customer: CustomerId,
        at: DateTime<FixedOffset>,
    ) -> Result<Vec<Interaction>> {
        let ms = at.timestamp_millis();
        let mut out = Vec::new();
        for row in self
            .timeline
            .range((customer.0, ms, 0)..=(customer.0, ms, u64::MAX))?
        {
            let id = InteractionId(row?.0.value().2);
            if let Some(i) = self.interaction(id)? {
                out.push(i);
            }
        }
        Ok(out)
    }

    // ---- customers ----------------------------------------------------------

    /// Store many new customers, assigning their ids. Each table is written
    /// in one pass with its keys in order, and the index keys are worked
    /// out and sorted on a second thread while the rows are written.
    pub fn insert_customers(&mut self, customers: &mut [Customer]) -> Result<()> {
        for c in customers.iter_mut() {
            c.id = self.take_id::<Customer>()?;
        }
        let customers = &*customers;
        std::thread::scope(|scope| {
            let keys = scope.spawn(|| IndexKeys::of(customers));
            for c in customers {
                self.write_row(None, c)?;
                self.search_text.insert(c.id.0, keys::search_text(c))?;
                let figures = maintained::CustomerFigures::encode(c)?;
                self.customer_figures.insert(c.id.0, figures.as_slice())?;
                self.join_groups(c, 1)?;
            }
            let keys = match keys.join() {
                Ok(keys) => keys,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            for (key, id) in &keys.lookup {
                self.lookup.insert((key.as_str(), *id), ())?;
            }
            for key in keys.quiet {
                self.quiet.insert(key, ())?;
            }
            for key in keys.touch {
                self.last_touch.insert(key, ())?;
            }
            for (typed, key, shown) in &keys.phones {
                self.phone_forms
                    .insert(typed.as_str(), (key.as_str(), shown.as_str()))?;
            }
            Ok::<_, StoreError>(())
        })?;
        self.names_changed |= !customers.is_empty();
        Ok(())
    }

    /// Apply `patch`; returns the customer and the names of the fields that changed.
    pub fn update_customer(
        &mut self,
        id: CustomerId,
        patch: &CustomerPatch,
    ) -> Result<(Customer, Vec<&'static str>)> {
        let old = self.get_customer(id)?;
        let (new, changed) = patch.apply(&old, self.now)?;
        if !changed.is_empty() {
            self.put_customer(Some(&old), &new)?;
        }
        Ok((new, changed))
    }

    /// Write `new` over `old` (`None`: a new row), touching only the index
    /// entries that differ.
    pub fn put_customer(&mut self, old: Option<&Customer>, new: &Customer) -> Result<()> {
        self.write_row(old, new)?;
        let id = new.id.0;
        let figures = maintained::CustomerFigures::of(new);
        if old.map(maintained::CustomerFigures::of) != Some(figures) {
            let figures = maintained::CustomerFigures::encode(new)?;
            self.customer_figures.insert(id, figures.as_slice())?;
        }
        let groups = |c: &Customer| (keys::group_day_keys(c), c.created_at.date_naive());
        if old.map(groups) != Some(groups(new)) {
            if let Some(o) = old {
                self.join_groups(o, -1)?;
            }
            self.join_groups(new, 1)?;
        }
        let before = match old {
            Some(o) => Some(CustomerKeys::of(o, &self.phone_keys(&o.phones)?)),
            None => None,
        };
        let after = CustomerKeys::of(new, &self.phone_keys(&new.phones)?);
        let old_keys = before.as_ref().map_or(&[][..], |k| k.lookup.as_slice());
        for key in old_keys.iter().filter(|k| !after.lookup.contains(k)) {
            self.lookup.remove((key.as_str(), id))?;
        }
        for key in after.lookup.iter().filter(|k| !old_keys.contains(k)) {
            self.lookup.insert((key.as_str(), id), ())?;
        }
        let old_quiet = before.as_ref().and_then(|k| k.quiet);
        if old_quiet != after.quiet {
            if let Some(q) = old_quiet {
                self.quiet.remove((q, id))?;
            }
            if let Some(q) = after.quiet {
                self.quiet.insert((q, id), ())?;
            }
        }
        let old_touch = before.as_ref().map(|k| k.last_touch);
        if old_touch != Some(after.last_touch) {
            if let Some(t) = old_touch {
                self.last_touch.remove((t, id))?;
            }
            self.last_touch.insert((after.last_touch, id), ())?;
        }
        if old.map(keys::search_text) != Some(keys::search_text(new)) {
            self.names_changed = true;
            self.search_text.insert(id, keys::search_text(new))?;
        }
        if let Some(o) = old {
            let gone = o.phones.iter().filter(|p| !new.phones.contains(p));
            phone_forms::forget(&mut self.phone_forms, &self.lookup, gone)?;
        }
        Ok(())
    }

    /// Add the customer to its report groups (`delta` 1) or take it out
    /// (-1): one member entry and one day count per group.
    fn join_groups(&mut self, c: &Customer, delta: i64) -> Result<()> {
        let members = keys::group_keys(&c.source, &c.campaign);
        for (group, day_key) in members.iter().zip(keys::group_day_keys(c)) {
            if delta > 0 {
                self.group_members.insert((group.as_str(), c.id.0), ())?;
            } else {
                self.group_members.remove((group.as_str(), c.id.0))?;
            }
            let was = self
                .group_days
                .get(day_key.as_str())?
                .map_or(0, |v| v.value());
            let now = was.saturating_add_signed(delta);
            if now == 0 {
                self.group_days.remove(day_key.as_str())?;
            } else {
                self.group_days.insert(day_key.as_str(), now)?;
            }
        }
        Ok(())
    }

    /// The lookup keys of `phones`, parsing only those never written.
    fn phone_keys(&mut self, phones: &[String]) -> Result<Vec<String>> {
        phones
            .iter()
            .map(|p| phone_forms::key(&mut self.phone_forms, p))
            .collect()
    }

    pub fn delete_customer(&mut self, c: &Customer) -> Result<()> {
        let id = c.id.0;
        self.remove_row(c)?;
        self.search_text.remove(id)?;
        self.customer_figures.remove(id)?;
        self.join_groups(c, -1)?;
        let keys = CustomerKeys::of(c, &self.phone_keys(&c.phones)?);
        for key in &keys.lookup {
            self.lookup.remove((key.as_str(), id))?;
        }
        phone_forms::forget(&mut self.phone_forms, &self.lookup, &c.phones)?;
        if let Some(q) = keys.quiet {
            self.quiet.remove((q, id))?;
        }
        self.last_touch.remove((keys.last_touch, id))?;
        self.names_changed = true;
        Ok(())
    }

    // ---- interactions -------------------------------------------------------

    /// Record an (already validated) interaction and the task it leads to,
    /// and move the customer's last contact forward if it is the latest.
    pub fn log(&mut self, new: NewInteraction, next: Option<NewTask>) -> Result<LogResult> {
        let customer = self.get_customer(new.customer)?;
        let interaction = Interaction {
            id: InteractionId(0),
            customer: new.customer,
            kind: new.kind,
            at: new.at,
            summary: new.summary,
            feedback: new.feedback,
            outcome: new.outcome,
            author: new.author,
            task: None,
        };
        let task = next.map(|t| self.task_from(t));
        let (interaction, task) = self.insert_interaction(interaction, task)?;
        if customer
            .last_contact_at
            .is_none_or(|last| interaction.at > last)
        {
            let mut touched = customer.clone();
            touched.last_contact_at = Some(interaction.at);
            self.put_customer(Some(&customer), &touched)?;
        }
        Ok(LogResult { interaction, task })
    }

    /// Store an interaction and the task it created (linked both ways),
    /// assigning ids. Does not touch the customer's `last_contact_at`.
    pub fn insert_interaction(
        &mut self,
        mut interaction: Interaction,
        task: Option<Task>,
    ) -> Result<(Interaction, Option<Task>)> {
        interaction.id = self.take_id::<Interaction>()?;
        let task = match task {
            Some(mut t) => {
                t.origin = Some(interaction.id);
                let t = self.insert(t)?;
                interaction.task = Some(t.id);
                Some(t)
            }
            None => None,
        };
        self.put_interaction(&interaction)?;
        Ok((interaction, task))
    }

    /// Write a new interaction row (its id already set) and its timeline entry.
    pub fn put_interaction(&mut self, interaction: &Interaction) -> Result<()> {
        self.write_row(None, interaction)?;
        self.timeline.insert(
            (
                interaction.customer.0,
                interaction.at.timestamp_millis(),
                interaction.id.0,
            ),
            (),
        )?;
        self.count_activity(&keys::activity_key(interaction), 1)?;
        Ok(())
    }

    /// Write `new` over the stored `old` (same id): a correction, or a
    /// move to another customer. The timeline entry follows the customer
    /// and the time; the customer's last contact is the caller's to keep.
    pub fn replace_interaction(&mut self, old: &Interaction, new: &Interaction) -> Result<()> {
        self.write_row(Some(old), new)?;
        let key = |i: &Interaction| (i.customer.0, i.at.timestamp_millis(), i.id.0);
        if key(old) != key(new) {
            self.timeline.remove(key(old))?;
            self.timeline.insert(key(new), ())?;
        }
        let (was, is) = (keys::activity_key(old), keys::activity_key(new));
        if was != is {
            self.count_activity(&was, -1)?;
            self.count_activity(&is, 1)?;
        }
        Ok(())
    }

    /// The time of the customer's newest interaction, from the timeline.
    pub fn newest_contact(&self, customer: CustomerId) -> Result<Option<DateTime<FixedOffset>>> {
        let newest = self
            .timeline
            .range((customer.0, i64::MIN, 0)..=(customer.0, i64::MAX, u64::MAX))?
            .next_back();
        let Some(row) = newest else {
            return Ok(None);
        };
        let id = InteractionId(row?.0.value().2);
        Ok(self.interaction(id)?.map(|i| i.at))
    }

    /// Keep the customer's last contact true after one of their
    /// interactions moved from `was` (`None`: it is new) to `now` (`None`:
    /// it is gone). Only the entry that set the last contact can take it
    /// back: then the newest left decides. A last contact an import gave,
    /// later than any entry, stays.
    pub fn retouch(
        &mut self,
        customer: CustomerId,
        was: Option<DateTime<FixedOffset>>,
        now: Option<DateTime<FixedOffset>>,
    ) -> Result<()> {
        let old = self.get_customer(customer)?;
        let held = was.is_some() && was == old.last_contact_at;
        let last = if held {
            self.newest_contact(customer)?
        } else {
            match now {
                Some(at) if old.last_contact_at.is_none_or(|last| at > last) => Some(at),
                _ => old.last_contact_at,
            }
        };
        if last != old.last_contact_at {
            let mut new = old.clone();
            new.last_contact_at = last;
            self.put_customer(Some(&old), &new)?;
        }
        Ok(())
    }

    /// Move one `agg_activity` count by `delta` (one lookup and one
    /// write, so `rolo log` stays O(1)); a count that reaches zero goes.
    fn count_activity(&mut self, key: &str, delta: i64) -> Result<()> {
        let was = self.activity.get(key)?.map_or(0, |v| v.value());
        let now = was.saturating_add_signed(delta);
        if now == 0 {
            self.activity.remove(key)?;
        } else {
            self.activity.insert(key, now)?;
        }
        Ok(())
    }

    pub fn delete_interaction(&mut self, i: &Interaction) -> Result<()> {
        self.remove_row(i)?;
        self.timeline
            .remove((i.customer.0, i.at.timestamp_millis(), i.id.0))?;
        self.count_activity(&keys::activity_key(i), -1)?;
        Ok(())
    }

    // ---- tasks --------------------------------------------------------------

    /// A new open task from a validated `NewTask`, created now (no id yet).
    pub fn task_from(&self, new: NewTask) -> Task {
        Task {
            id: TaskId(0),
            customer: new.customer,
            title: new.title,
            due: new.due,
            priority: new.priority,
            status: TaskStatus::Open,
            done_at: None,
            snoozes: Vec::new(),
            recurrence: new.recurrence,
            origin: None,
            created_at: self.now,
        }
    }

    pub fn put_task(&mut self, old: Option<&Task>, new: &Task) -> Result<()> {
        self.write_row(old, new)?;
        let id = new.id.0;
        // A task may change hands (a correction, a merge): move its entry.
        let was = old.map(|t| t.customer);
        if was != Some(new.customer) {
            if let Some(c) = was.flatten() {
                self.customer_tasks.remove((c.0, id))?;
            }
            if let Some(c) = new.customer {
                self.customer_tasks.insert((c.0, id), ())?;
            }
        }
        let before = old.and_then(keys::open_due_key);
        let after = keys::open_due_key(new);
        if before != after {
            if let Some(k) = before {
                self.open_due.remove((k, id))?;
            }
            if let Some(k) = after {
                self.open_due.insert((k, id), ())?;
            }
        }
        if old.and_then(maintained::TaskFigures::of) != maintained::TaskFigures::of(new) {
            match maintained::TaskFigures::encode(new)? {
                Some(f) => self.open_task_figures.insert(id, f.as_slice())?,
                None => self.open_task_figures.remove(id)?,
            };
        }
        Ok(())
    }

    pub fn delete_task(&mut self, t: &Task) -> Result<()> {
        let id = t.id.0;
        self.remove_row(t)?;
        if let Some(c) = t.customer {
            self.customer_tasks.remove((c.0, id))?;
        }
        if let Some(k) = keys::open_due_key(t) {
            self.open_due.remove((k, id))?;
        }
        self.open_task_figures.remove(id)?;
        Ok(())
    }

    // ---- deals --------------------------------------------------------------

    pub fn deal(&self, id: DealId) -> Result<Option<Deal>> {
        self.get(id)
    }

    pub fn get_deal(&self, id: DealId) -> Result<Deal> {
        self.deal(id)?.ok_or(StoreError::NoDeal(id))
    }

    pub fn put_deal(&mut self, old: Option<&Deal>, new: &Deal) -> Result<()> {
        self.write_row(old, new)?;
        let was = old.map(|d| d.customer);
        if was != Some(new.customer) {
            if let Some(c) = was {
                self.customer_deals.remove((c.0, new.id.0))?;
            }
            self.customer_deals.insert((new.customer.0, new.id.0), ())?;
        }
        let figures = maintained::DealFigures::encode(new)?;
        self.deal_figures.insert(new.id.0, figures.as_slice())?;
        let before = old.map(keys::deal_day_keys);
        let after = keys::deal_day_keys(new);
        if before != Some(after) {
            if let Some(before) = before {
                self.remove_deal_days(before, new.id.0)?;
            }
            self.insert_deal_days(after, new.id.0)?;
        }
        Ok(())
    }

    fn insert_deal_days(&mut self, keys: (i64, Option<i64>, Option<i64>), id: u64) -> Result<()> {
        let (created, closed, open) = keys;
        self.deal_created.insert((created, id), ())?;
        if let Some(day) = closed {
            self.deal_closed.insert((day, id), ())?;
        }
        if let Some(day) = open {
            self.open_deals.insert((day, id), ())?;
        }
        Ok(())
    }

    fn remove_deal_days(&mut self, keys: (i64, Option<i64>, Option<i64>), id: u64) -> Result<()> {
        let (created, closed, open) = keys;
        self.deal_created.remove((created, id))?;
        if let Some(day) = closed {
            self.deal_closed.remove((day, id))?;
        }
        if let Some(day) = open {
            self.open_deals.remove((day, id))?;
        }
        Ok(())
    }

    pub fn delete_deal(&mut self, d: &Deal) -> Result<()> {
        self.remove_row(d)?;
        self.customer_deals.remove((d.customer.0, d.id.0))?;
        self.remove_deal_days(keys::deal_day_keys(d), d.id.0)?;
        self.deal_figures.remove(d.id.0)?;
        Ok(())
    }

    // ---- service cases ----------------------------------------------------------

    pub fn case(&self, id: CaseId) -> Result<Option<Case>> {
        self.get(id)
    }

    pub fn get_case(&self, id: CaseId) -> Result<Case> {
        self.case(id)?.ok_or(StoreError::NoCase(id))
    }

    pub fn put_case(&mut self, old: Option<&Case>, new: &Case) -> Result<()> {
        self.write_row(old, new)?;
        let id = new.id.0;
        let was = old.map(|c| c.customer);
        if was != Some(new.customer) {
            if let Some(c) = was {
                self.customer_cases.remove((c.0, id))?;
            }
            self.customer_cases.insert((new.customer.0, id), ())?;
        }
        let before = old.and_then(keys::open_case_key);
        let after = keys::open_case_key(new);
        if before != after {
            if let Some(k) = before {
                self.open_cases.remove((k, id))?;
            }
            if let Some(k) = after {
                self.open_cases.insert((k, id), ())?;
            }
        }
        Ok(())
    }

    pub fn delete_case(&mut self, c: &Case) -> Result<()> {
        self.remove_row(c)?;
        self.customer_cases.remove((c.customer.0, c.id.0))?;
        if let Some(k) = keys::open_case_key(c) {
            self.open_cases.remove((k, c.id.0))?;
        }
        Ok(())
    }

    // ---- orders -----------------------------------------------------------------

    pub fn order(&self, id: OrderId) -> Result<Option<Order>> {
        self.get(id)
    }

    pub fn get_order(&self, id: OrderId) -> Result<Order> {
        self.order(id)?.ok_or(StoreError::NoOrder(id))
    }

    /// Its row, and its entries in the customer's orders and in the orders
    /// by date (both keyed by when it was placed).
    pub fn put_order(&mut self, old: Option<&Order>, new: &Order) -> Result<()> {
        self.write_row(old, new)?;
        let id = new.id.0;
        let key = |o: &Order| (o.customer.0, o.at.timestamp());
        if old.map(key) != Some(key(new)) {
            if let Some(old) = old {
                let (customer, at) = key(old);
                self.customer_orders.remove((customer, at, id))?;
                self.order_dates.remove((at, id))?;
            }
            let (customer, at) = key(new);
            self.customer_orders.insert((customer, at, id), ())?;
            self.order_dates.insert((at, id), ())?;
        }
        Ok(())
    }

    pub fn delete_order(&mut self, o: &Order) -> Result<()> {
        self.remove_row(o)?;
        let at = o.at.timestamp();
        self.customer_orders.remove((o.customer.0, at, o.id.0))?;
        self.order_dates.remove((at, o.id.0))?;
        Ok(())
    }

    /// Move `K`'s id counter past an id written as given (a restore, a
    /// working copy's load).
    pub fn keep_id_above<K: RecordKind>(&mut self, highest: u64) -> Result<()> {
        let kind = self.kind_mut::<K>()?;
        kind.next = kind.next.max(highest + 1);
        Ok(())
    }

    /// Move the id counters past the highest id of each kind, in the
    /// order of `record::each_kind` (as `rolo.highest_ids()` lists them).
    pub fn keep_ids_above(&mut self, highest: &[u64]) {
        for (kind, highest) in self.kinds.iter_mut().zip(highest) {
            kind.next = kind.next.max(highest + 1);
        }
    }
}

fn not_opened<K: RecordKind>() -> StoreError {
    StoreError::Bug {
        detail: format!(
            "{} rows were not opened: `record::each_kind` does not list them",
            K::NAME
        ),
    }
}

/// The index entries of many new customers, each index's sorted.
struct IndexKeys {
    lookup: Vec<(String, u64)>,
    quiet: Vec<(i64, u64)>,
    touch: Vec<(i64, u64)>,
    /// (typed, key, shown) for `PHONE_FORMS`.
    phones: Vec<(String, String, String)>,
}

impl IndexKeys {
    fn of(customers: &[Customer]) -> IndexKeys {
        let mut keys = IndexKeys {
            lookup: Vec::with_capacity(customers.len() * 4),
            quiet: Vec::new(),
            touch: Vec::with_capacity(customers.len()),
            phones: Vec::new(),
        };
        for c in customers {
            let phones: Vec<_> = c.phones.iter().map(|p| phone_forms::row(p)).collect();
            let phone_keys: Vec<String> = phones.iter().map(|(_, k, _)| format!("p:{k}")).collect();
            let k = CustomerKeys::of(c, &phone_keys);
            keys.phones.extend(phones);
            keys.lookup
                .extend(k.lookup.into_iter().map(|key| (key, c.id.0)));
            keys.quiet.extend(k.quiet.map(|q| (q, c.id.0)));
            keys.touch.push((k.last_touch, c.id.0));
        }
        keys.lookup.sort_unstable();
        keys.quiet.sort_unstable();
        keys.touch.sort_unstable();
        keys.phones.sort_unstable();
        keys.phones.dedup_by(|a, b| a.0 == b.0);
        keys
    }
}

/// What `Rows::log` recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct LogResult {
    pub interaction: Interaction,
    pub task: Option<Task>,
}
