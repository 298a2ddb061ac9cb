//! Queries, shared by read snapshots and write transactions: anything a
//! [`Reader`] can answer, a [`Writer`] can answer inside its transaction.

use super::codec::decode;
use super::error::{Result, StoreError};
use super::keys::{self, fold};
use super::maintained::{CustomerFigures, CustomerSummary};
use super::tables::*;
use super::{Reader, Writer};
use crate::domain::validate::email_key;
use crate::domain::*;
use chrono::NaiveDate;
use redb::{Key, ReadableTable, ReadableTableMetadata, TableDefinition, Value};
use std::collections::BTreeSet;
use std::ops::{Bound, Range};

/// A report group's size as the store keeps it: its folded key (no
/// prefix), its customers, those created in the period, and the customer
/// whose spelling names it (the first by id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupCount {
    pub folded: String,
    pub customers: u64,
    pub new_customers: u64,
    pub first: CustomerId,
}

/// How many interactions one author logged of one kind on one local day:
/// a row of `agg_activity`, as the activity report reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayCount {
    pub day: NaiveDate,
    pub kind: InteractionKind,
    pub author: String,
    pub count: u64,
}

mod sealed {
    use super::*;
    /// How a transaction hands out tables; not part of the public API.
    pub trait Tables {
        fn table<K: Key + 'static, V: Value + 'static>(
            &self,
            def: TableDefinition<K, V>,
        ) -> Result<impl ReadableTable<K, V> + '_>;
    }
}
use sealed::Tables;

impl Tables for Reader {
    fn table<K: Key + 'static, V: Value + 'static>(
        &self,
        def: TableDefinition<K, V>,
    ) -> Result<impl ReadableTable<K, V> + '_> {
        Ok(self.txn.open_table(def)?)
    }
}

impl Tables for Writer {
    fn table<K: Key + 'static, V: Value + 'static>(
        &self,
        def: TableDefinition<K, V>,
    ) -> Result<impl ReadableTable<K, V> + '_> {
        Ok(self.txn.open_table(def)?)
    }
}

/// The lookup index, as a write holds it open or a read opens it.
type Lookup = (&'static str, u64);
type SearchText = (&'static str, &'static str, &'static str);

/// Customers under one exact lookup key.
fn lookup_in(t: &impl ReadableTable<Lookup, ()>, key: &str) -> Result<Vec<CustomerId>> {
    let mut ids = Vec::new();
    for row in t.range((key, 0)..=(key, u64::MAX))? {
        ids.push(CustomerId(row?.0.value().1));
    }
    Ok(ids)
}

/// Which exact keys a lookup tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Exact {
    /// Name, company, email, phone.
    Any,
    /// Name, email, phone: one person.
    Person,
}

/// See [`Reads::find_exact`]; `Exact::Person` leaves companies out.
pub(super) fn find_exact_in(
    t: &impl ReadableTable<Lookup, ()>,
    text: &str,
    by: Exact,
) -> Result<Vec<CustomerId>> {
    let mut probes = vec![keys::name_key(text)];
    if by == Exact::Any {
        probes.push(keys::company_key(text));
    }
    if text.contains('@') {
        probes.push(keys::email_lookup_key(text));
    }
    // `#12345` is an id, never a phone: parsing one loads a calling
    // code's metadata (milliseconds) for nothing.
    if !text.trim_start().starts_with('#')
        && text.chars().filter(char::is_ascii_digit).count() >= 5
        && crate::domain::validate::phone(text).is_ok()
    {
        probes.push(keys::phone_lookup_key(text));
    }
    let mut ids = Vec::new();
    for probe in probes {
        for id in lookup_in(t, &probe)? {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    ids.sort();
    Ok(ids)
}

/// See [`Reads::find_duplicate`].
pub(super) fn find_duplicate_in(
    lookup: &impl ReadableTable<Lookup, ()>,
    search_text: &impl ReadableTable<u64, SearchText>,
    draft: &CustomerDraft,
) -> Result<Option<CustomerId>> {
    for email in &draft.emails {
        if let Some(id) = lookup_in(lookup, &keys::email_lookup_key(email))?.first() {
            return Ok(Some(*id));
        }
    }
    for phone in &draft.phones {
        if let Some(id) = lookup_in(lookup, &keys::phone_lookup_key(phone))?.first() {
            return Ok(Some(*id));
        }
    }
    // Compare companies on the compact search rows: a common name can
    // have hundreds of namesakes, and decoding each record is slow.
    let company = fold(&draft.company);
    for id in lookup_in(lookup, &keys::name_key(&draft.name))? {
        if let Some(row) = search_text.get(id.0)?
            && fold(row.value().1) == company
        {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

/// Why a customer looks like another: what they share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shared {
    Email(String),
    Phone(String),
    NameAndCompany,
}

/// See [`Reads::duplicates_of`].
fn duplicates_in(
    lookup: &impl ReadableTable<Lookup, ()>,
    search_text: &impl ReadableTable<u64, SearchText>,
    c: &Customer,
) -> Result<Vec<(CustomerId, Shared)>> {
    let mut out: Vec<(CustomerId, Shared)> = Vec::new();
    let mut note = |ids: Vec<CustomerId>, why: &dyn Fn() -> Shared| {
        for id in ids {
            if id != c.id && !out.iter().any(|(seen, _)| *seen == id) {
                out.push((id, why()));
            }
        }
    };
    for email in &c.emails {
        note(lookup_in(lookup, &keys::email_lookup_key(email))?, &|| {
            Shared::Email(email.clone())
        });
    }
    for phone in &c.phones {
        note(lookup_in(lookup, &keys::phone_lookup_key(phone))?, &|| {
            Shared::Phone(phone.clone())
        });
    }
    // The same name alone is common (two 王伟); with the company it is one person.
    let company = fold(&c.company);
    let mut same = Vec::new();
    for id in lookup_in(lookup, &keys::name_key(&c.name))? {
        if let Some(row) = search_text.get(id.0)?
            && fold(row.value().1) == company
        {
            same.push(id);
        }
    }
    note(same, &|| Shared::NameAndCompany);
    Ok(out)
}

/// A window of open tasks by due key (see `Due::sort_key`). Undated tasks
/// sort last, under `i64::MAX`: a window that ends there (`i64::MIN..i64::MAX`,
/// "every open task") holds them too.
pub type DueWindow = Range<i64>;

/// A key of the open-task index: (due key, task id).
type DueKey = (i64, u64);

/// The index keys of `window`: up to `(window.end, 0)`, or through the
/// undated tasks when the window runs to `i64::MAX`.
fn due_keys(window: &DueWindow) -> (Bound<DueKey>, Bound<DueKey>) {
    let end = if window.end == i64::MAX {
        Bound::Included((i64::MAX, u64::MAX))
    } else {
        Bound::Excluded((window.end, 0))
    };
    (Bound::Included((window.start, 0)), end)
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub customers: u64,
    pub interactions: u64,
    pub tasks: u64,
    pub open_tasks: u64,
}

impl<T: Tables> Reads for T {}

pub trait Reads: Tables {
    fn customer(&self, id: CustomerId) -> Result<Option<Customer>> {
        let t = self.table(CUSTOMERS)?;
        let row = t.get(id.0)?;
        row.map(|v| decode("customer", id.0, v.value())).transpose()
    }

    fn get_customer(&self, id: CustomerId) -> Result<Customer> {
        self.customer(id)?.ok_or(StoreError::NoCustomer(id))
    }

    fn task(&self, id: TaskId) -> Result<Option<Task>> {
        let t = self.table(TASKS)?;
        let row = t.get(id.0)?;
        row.map(|v| decode("task", id.0, v.value())).transpose()
    }

    fn get_task(&self, id: TaskId) -> Result<Task> {
        self.task(id)?.ok_or(StoreError::NoTask(id))
    }

    fn interaction(&self, id: InteractionId) -> Result<Option<Interaction>> {
        let t = self.table(INTERACTIONS)?;
        let row = t.get(id.0)?;
        row.map(|v| decode("interaction", id.0, v.value()))
            .transpose()
    }

    fn get_interaction(&self, id: InteractionId) -> Result<Interaction> {
        self.interaction(id)?.ok_or(StoreError::NoInteraction(id))
    }

    /// Customers whose name, company, email or phone equals `text`
    /// (case and spacing folded; phones compared by their digits).
    fn find_exact(&self, text: &str) -> Result<Vec<CustomerId>> {
        find_exact_in(&self.table(IDX_LOOKUP)?, text, Exact::Any)
    }

    /// Customers whose name, email or phone equals `text` — a person, not
    /// a company: what an irreversible command may act on.
    fn find_exact_person(&self, text: &str) -> Result<Vec<CustomerId>> {
        find_exact_in(&self.table(IDX_LOOKUP)?, text, Exact::Person)
    }

    /// Customers holding this email (by its normalised form), for duplicate checks.
    fn find_by_email(&self, email: &str) -> Result<Vec<CustomerId>> {
        self.find_key(&format!("e:{}", email_key(email)))
    }

    /// A customer the draft duplicates: same normalised email or phone, or
    /// the same name and company (case and spacing folded).
    fn find_duplicate(&self, draft: &CustomerDraft) -> Result<Option<CustomerId>> {
        find_duplicate_in(&self.table(IDX_LOOKUP)?, &self.table(SEARCH_TEXT)?, draft)
    }

    /// Other customers that look like `c`: the same email or phone (by
    /// its key), or the same name and company; each once, with what it shares.
    fn duplicates_of(&self, c: &Customer) -> Result<Vec<(CustomerId, Shared)>> {
        duplicates_in(&self.table(IDX_LOOKUP)?, &self.table(SEARCH_TEXT)?, c)
    }

    /// What each phone was read as when it was written (`phone_forms`),
    /// so reading a card parses nothing; a phone written before that table
    /// existed is parsed now.
    fn phone_forms(&self, phones: &[String]) -> Result<Vec<crate::domain::phone::Forms>> {
        let forms = optional(self.table(PHONE_FORMS))?;
        let mut read = Vec::with_capacity(phones.len());
        for p in phones {
            let kept = match &forms {
                Some(t) => t.get(p.as_str())?.map(|row| {
                    let (key, shown) = row.value();
                    crate::domain::phone::Forms {
                        key: key.to_string(),
                        shown: shown.to_string(),
                    }
                }),
                None => None,
            };
            read.push(kept.unwrap_or_else(|| crate::domain::phone::Forms::of(p)));
        }
        Ok(read)
    }

    /// Customers with this exact folded name.
    fn find_by_name(&self, name: &str) -> Result<Vec<CustomerId>> {
        self.find_key(&format!("n:{}", fold(name)))
    }

    #[doc(hidden)]
    fn find_key(&self, key: &str) -> Result<Vec<CustomerId>> {
        lookup_in(&self.table(IDX_LOOKUP)?, key)
    }

    /// Every customer's (id, name, company, first email), in id order, without
    /// decoding full records: what the search index is built from.
    fn for_each_search_text(&self, mut f: impl FnMut(CustomerId, &str, &str, &str)) -> Result<()> {
        let t = self.table(SEARCH_TEXT)?;
        for row in t.iter()? {
            let (id, text) = row?;
            let (name, company, email) = text.value();
            f(CustomerId(id.value()), name, company, email);
        }
        Ok(())
    }

    /// The first `limit` customers in name order (case folded), as
    /// (id, name, company, email): a screenful without reading every name.
    fn first_by_name(&self, limit: usize) -> Result<Vec<(CustomerId, String, String, String)>> {
        let ids: Vec<u64> = {
            let idx = self.table(IDX_LOOKUP)?;
            let mut ids = Vec::new();
            for row in idx.range(("n:", 0)..)?.take(limit) {
                let (key, _) = row?;
                let (text, id) = key.value();
                if !text.starts_with("n:") {
                    break;
                }
                ids.push(id);
            }
            ids
        };
        let t = self.table(SEARCH_TEXT)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(v) = t.get(id)? {
                let (name, company, email) = v.value();
                out.push((
                    CustomerId(id),
                    name.to_string(),
                    company.to_string(),
                    email.to_string(),
                ));
            }
        }
        Ok(out)
    }

    /// Every customer, decoded, in id order. `f` returns false to stop.
    fn for_each_customer(&self, mut f: impl FnMut(Customer) -> bool) -> Result<()> {
        let t = self.table(CUSTOMERS)?;
        for row in t.iter()? {
            let (id, bytes) = row?;
            if !f(decode("customer", id.value(), bytes.value())?) {
                break;
            }
        }
        Ok(())
    }

    /// Every customer in id order, decoded as `T`: a struct naming only
    /// some of the record's fields (the others are skipped unread), for
    /// scans that need few of them. Decoding whole records is most of what
    /// a report over every customer costs.
    fn for_each_customer_as<T: serde::de::DeserializeOwned>(&self, f: impl FnMut(T)) -> Result<()> {
        scan_as(&self.table(CUSTOMERS)?, "customer", f)
    }

    /// Every interaction in id order, decoded as `T` (see `for_each_customer_as`).
    fn for_each_interaction_as<T: serde::de::DeserializeOwned>(
        &self,
        f: impl FnMut(T),
    ) -> Result<()> {
        scan_as(&self.table(INTERACTIONS)?, "interaction", f)
    }

    /// Every record of a table in id order, undecoded: `f` decodes what it
    /// needs with [`Record::decode`], into a struct that may borrow its
    /// strings from the record (no allocation for text it only looks at).
    /// A table a later schema added reads as empty.
    fn for_each_record(
        &self,
        records: Records,
        mut f: impl FnMut(Record<'_>) -> Result<()>,
    ) -> Result<()> {
        let Some(t) = optional(self.table(records.table()))? else {
            return Ok(());
        };
        for row in t.iter()? {
            let (id, bytes) = row?;
            f(Record {
                what: records.what(),
                id: id.value(),
                bytes: bytes.value(),
            })?;
        }
        Ok(())
    }

    /// One record, undecoded (see [`Reads::for_each_record`]).
    fn with_record<T>(
        &self,
        records: Records,
        id: u64,
        f: impl FnOnce(Record<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        let Some(t) = optional(self.table(records.table()))? else {
            return Ok(None);
        };
        let Some(bytes) = t.get(id)? else {
            return Ok(None);
        };
        f(Record {
            what: records.what(),
            id,
            bytes: bytes.value(),
        })
        .map(Some)
    }

    /// The ids of a customer's interactions, tasks, deals or cases
    /// (interactions in time order, the others in id order); their
    /// customer record itself for `Records::Customers`.
    fn ids_of_customer(&self, records: Records, customer: CustomerId) -> Result<Vec<u64>> {
        match records {
            Records::Customers => Ok(vec![customer.0]),
            Records::Interactions => {
                let idx = self.table(IDX_TIMELINE)?;
                let range =
                    idx.range((customer.0, i64::MIN, 0)..=(customer.0, i64::MAX, u64::MAX))?;
                let mut ids = Vec::new();
                for row in range {
                    ids.push(row?.0.value().2);
                }
                Ok(ids)
            }
            Records::Tasks => ids_of(self, IDX_CUSTOMER_TASKS, customer),
            Records::Deals => ids_of(self, IDX_CUSTOMER_DEALS, customer),
            Records::Cases => ids_of(self, IDX_CUSTOMER_CASES, customer),
            Records::Orders => Ok(self
                .customer_order_keys(customer)?
                .into_iter()
                .map(|(_, id)| id)
                .collect()),
        }
    }

    /// The customer's interactions at exactly `at` (to the millisecond).
    fn interactions_at(
        &self,
        customer: CustomerId,
        at: chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<Vec<Interaction>> {
        let ms = at.timestamp_millis();
        let ids: Vec<u64> = {
            let idx = self.table(IDX_TIMELINE)?;
            let mut ids = Vec::new();
            for row in idx.range((customer.0, ms, 0)..=(customer.0, ms, u64::MAX))? {
                ids.push(row?.0.value().2);
            }
            ids
        };
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(i) = self.interaction(InteractionId(id))? {
                out.push(i);
            }
        }
        Ok(out)
    }

    /// A customer's (name, company, first email), from the compact search rows.
    fn search_row(&self, id: CustomerId) -> Result<Option<(String, String, String)>> {
        let t = self.table(SEARCH_TEXT)?;
        let row = t.get(id.0)?;
        Ok(row.map(|v| {
            let (name, company, email) = v.value();
            (name.to_string(), company.to_string(), email.to_string())
        }))
    }

    /// How many customers have search rows (every customer has one).
    fn search_row_count(&self) -> Result<u64> {
        Ok(self.table(SEARCH_TEXT)?.len()?)
    }

    /// The names of `ids`, from the compact search rows read in key order
    /// (`None` for an id without one), in the order asked.
    fn customer_names(&self, ids: &[CustomerId]) -> Result<Vec<Option<String>>> {
        let t = self.table(SEARCH_TEXT)?;
        let raw: Vec<u64> = ids.iter().map(|id| id.0).collect();
        in_key_order(&raw, |id| Ok(t.get(id)?.map(|v| v.value().0.to_string())))
    }

    /// A customer's name, from the compact search rows (no record decoded).
    fn customer_name(&self, id: CustomerId) -> Result<Option<String>> {
        let t = self.table(SEARCH_TEXT)?;
        let row = t.get(id.0)?;
        Ok(row.map(|v| v.value().0.to_string()))
    }

    /// Every interaction, decoded, in id order.
    fn for_each_interaction(&self, mut f: impl FnMut(Interaction)) -> Result<()> {
        let t = self.table(INTERACTIONS)?;
        for row in t.iter()? {
            let (id, bytes) = row?;
            f(decode("interaction", id.value(), bytes.value())?);
        }
        Ok(())
    }

    /// Every task, decoded, in id order.
    fn for_each_task(&self, mut f: impl FnMut(Task)) -> Result<()> {
        let t = self.table(TASKS)?;
        for row in t.iter()? {
            let (id, bytes) = row?;
            f(decode("task", id.value(), bytes.value())?);
        }
        Ok(())
    }

    /// A customer's interactions, newest first.
    fn timeline(&self, customer: CustomerId, limit: usize) -> Result<Vec<Interaction>> {
        let ids: Vec<u64> = {
            let idx = self.table(IDX_TIMELINE)?;
            let range = idx.range((customer.0, i64::MIN, 0)..=(customer.0, i64::MAX, u64::MAX))?;
            let mut ids = Vec::new();
            for row in range.rev().take(limit) {
                ids.push(row?.0.value().2);
            }
            ids
        };
        let t = self.table(INTERACTIONS)?;
        ids.into_iter()
            .filter_map(|id| match t.get(id) {
                Ok(Some(v)) => Some(decode("interaction", id, v.value())),
                Ok(None) => None,
                Err(e) => Some(Err(e.into())),
            })
            .collect()
    }

    fn interaction_count(&self, customer: CustomerId) -> Result<usize> {
        let idx = self.table(IDX_TIMELINE)?;
        let range = idx.range((customer.0, i64::MIN, 0)..=(customer.0, i64::MAX, u64::MAX))?;
        Ok(range.count())
    }

    /// All of a customer's tasks, in id order.
    fn customer_tasks(&self, customer: CustomerId) -> Result<Vec<Task>> {
        let ids: Vec<u64> = {
            let idx = self.table(IDX_CUSTOMER_TASKS)?;
            let mut ids = Vec::new();
            for row in idx.range((customer.0, 0)..=(customer.0, u64::MAX))? {
                ids.push(row?.0.value().1);
            }
            ids
        };
        self.tasks_by_id(&ids)
    }

    #[doc(hidden)]
    fn tasks_by_id(&self, ids: &[u64]) -> Result<Vec<Task>> {
        let t = self.table(TASKS)?;
        let found = in_key_order(ids, |id| {
            t.get(id)?
                .map(|v| decode::<Task>("task", id, v.value()))
                .transpose()
        })?;
        Ok(found.into_iter().flatten().collect())
    }

    /// Open tasks whose due key lies in `window`, soonest first, at most `limit`.
    fn open_tasks(&self, window: DueWindow, limit: usize) -> Result<Vec<Task>> {
        let ids: Vec<u64> = {
            let idx = self.table(IDX_OPEN_DUE)?;
            let mut ids = Vec::new();
            for row in idx.range(due_keys(&window))?.take(limit) {
                ids.push(row?.0.value().1);
            }
            ids
        };
        self.tasks_by_id(&ids)
    }

    /// Open tasks whose due key lies in `window`, soonest first, from
    /// `open_task_figures`: customer, priority and due only, the rest
    /// empty and `created_at` set to `created` (`maintained::TaskFigures`).
    /// `None` for a file without the table, or one whose figures miss a
    /// task the index lists (`rolo check` would say so).
    fn open_task_figures(
        &self,
        window: DueWindow,
        created: chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<Option<Vec<Task>>> {
        let Some(figures) = optional(self.table(OPEN_TASK_FIGURES))? else {
            return Ok(None);
        };
        let idx = self.table(IDX_OPEN_DUE)?;
        let mut ids = Vec::new();
        for row in idx.range(due_keys(&window))? {
            ids.push(row?.0.value().1);
        }
        let found = in_key_order(&ids, |id| {
            figures
                .get(id)?
                .map(|v| {
                    decode::<super::maintained::TaskFigures>("open_task_figures", id, v.value())
                })
                .transpose()
        })?;
        let mut out = Vec::with_capacity(ids.len());
        for (id, f) in ids.into_iter().zip(found) {
            let Some(f) = f else { return Ok(None) };
            out.push(f.task(id, created));
        }
        Ok(Some(out))
    }

    /// How many open tasks fall in `window`, without decoding any.
    fn open_task_count(&self, window: DueWindow) -> Result<u64> {
        let idx = self.table(IDX_OPEN_DUE)?;
        Ok(idx.range(due_keys(&window))?.count() as u64)
    }

    /// Which of `ids` are customers, looked up in key order.
    fn existing_customers(&self, ids: &[CustomerId]) -> Result<Vec<bool>> {
        let t = self.table(CUSTOMERS)?;
        let raw: Vec<u64> = ids.iter().map(|id| id.0).collect();
        in_key_order(&raw, |id| Ok(t.get(id)?.map(drop)))
            .map(|found| found.into_iter().map(|f| f.is_some()).collect())
    }

    /// (when they go quiet, id) of the customers with a cadence who go
    /// quiet at or before `until` (seconds), soonest first: `IDX_QUIET`
    /// alone, no record decoded.
    fn cadence_quiet_keys(&self, until: i64) -> Result<Vec<(i64, CustomerId)>> {
        let idx = self.table(IDX_QUIET)?;
        let mut keys = Vec::new();
        for row in idx.range((i64::MIN, 0)..=(until, u64::MAX))? {
            let (at, id) = row?.0.value();
            keys.push((at, CustomerId(id)));
        }
        Ok(keys)
    }

    /// (last touch, id) of customers last touched at or before `ts`,
    /// longest ago first: `IDX_LAST_TOUCH` alone.
    fn touched_keys_until(&self, ts: i64) -> Result<Vec<(i64, CustomerId)>> {
        let idx = self.table(IDX_LAST_TOUCH)?;
        let mut keys = Vec::new();
        for row in idx.range((i64::MIN, 0)..=(ts, u64::MAX))? {
            let (at, id) = row?.0.value();
            keys.push((at, CustomerId(id)));
        }
        Ok(keys)
    }

    /// Ids of customers last touched (contacted, else created) before `ts`, longest ago first.
    fn touched_before(&self, ts: i64) -> Result<Vec<CustomerId>> {
        let idx = self.table(IDX_LAST_TOUCH)?;
        let mut ids = Vec::new();
        for row in idx.range((i64::MIN, 0)..(ts, 0))? {
            ids.push(CustomerId(row?.0.value().1));
        }
        Ok(ids)
    }

    fn counts(&self) -> Result<Counts> {
        Ok(Counts {
            customers: self.table(CUSTOMERS)?.len()?,
            interactions: self.table(INTERACTIONS)?.len()?,
            tasks: self.table(TASKS)?.len()?,
            open_tasks: self.table(IDX_OPEN_DUE)?.len()?,
        })
    }

    /// Bumped by every committed write; the TUI polls it to refresh.
    fn generation(&self) -> Result<u64> {
        let t = self.table(META)?;
        Ok(t.get(GENERATION)?.map_or(0, |v| v.value()))
    }

    /// The database's id (`meta.database_id`): `None` for a file no write
    /// has given one yet — a read never adds it.
    fn database_id(&self) -> Result<Option<u64>> {
        let t = match self.table(META) {
            Ok(t) => t,
            Err(StoreError::Db(redb::Error::TableDoesNotExist(_))) => return Ok(None),
            Err(e) => return Err(e),
        };
        Ok(t.get(DATABASE_ID)?.map(|v| v.value()))
    }

    /// Bumped by writes that change any customer's name, company or email.
    fn names_generation(&self) -> Result<u64> {
        let t = self.table(META)?;
        Ok(t.get(NAMES_GENERATION)?.map_or(0, |v| v.value()))
    }

    /// The journal of `actor`'s last write: empty when there was none or
    /// it was a bulk write (import, demo), which undo does not take back.
    fn last_write(&self, actor: &str) -> Result<super::Undo> {
        let t = match self.table(LAST_WRITE) {
            Ok(t) => t,
            // Written by the first write since this table was added.
            Err(StoreError::Db(redb::Error::TableDoesNotExist(_))) => return Ok(Default::default()),
            Err(e) => return Err(e),
        };
        let row = t.get(actor)?;
        row.map(|v| decode("last write", 0, v.value()))
            .transpose()
            .map(Option::unwrap_or_default)
    }

    // ---- deals, cases, campaigns, views ----------------------------------

    fn deal(&self, id: DealId) -> Result<Option<Deal>> {
        let Some(t) = optional(self.table(DEALS))? else {
            return Ok(None);
        };
        let row = t.get(id.0)?;
        row.map(|v| decode("deal", id.0, v.value())).transpose()
    }

    fn get_deal(&self, id: DealId) -> Result<Deal> {
        self.deal(id)?.ok_or(StoreError::NoDeal(id))
    }

    /// Every deal, in id order.
    fn deals(&self) -> Result<Vec<Deal>> {
        rows_of(self, DEALS, "deal")
    }

    /// Every open deal, whole, in id order, found through `IDX_OPEN_DEALS`
    /// (schema 4) rather than by decoding the closed ones too; `None` on a
    /// file without that index.
    fn open_deals(&self) -> Result<Option<Vec<Deal>>> {
        let Some(idx) = optional(self.table(IDX_OPEN_DEALS))? else {
            return Ok(None);
        };
        let mut ids = Vec::new();
        for row in idx.iter()? {
            ids.push(row?.0.value().1);
        }
        ids.sort_unstable();
        let t = self.table(DEALS)?;
        let found = in_key_order(&ids, |id| {
            t.get(id)?
                .map(|v| decode::<Deal>("deal", id, v.value()))
                .transpose()
        })?;
        Ok(Some(found.into_iter().flatten().collect()))
    }

    /// A customer's deals, in id order.
    fn customer_deals(&self, customer: CustomerId) -> Result<Vec<Deal>> {
        let ids = ids_of(self, IDX_CUSTOMER_DEALS, customer)?;
        ids.into_iter()
            .filter_map(|id| self.deal(DealId(id)).transpose())
            .collect()
    }

    fn case(&self, id: CaseId) -> Result<Option<Case>> {
        let Some(t) = optional(self.table(CASES))? else {
            return Ok(None);
        };
        let row = t.get(id.0)?;
        row.map(|v| decode("case", id.0, v.value())).transpose()
    }

    fn get_case(&self, id: CaseId) -> Result<Case> {
        self.case(id)?.ok_or(StoreError::NoCase(id))
    }

    /// Every service case, in id order.
    fn cases(&self) -> Result<Vec<Case>> {
        rows_of(self, CASES, "case")
    }

    /// A customer's service cases, in id order.
    fn customer_cases(&self, customer: CustomerId) -> Result<Vec<Case>> {
        let ids = ids_of(self, IDX_CUSTOMER_CASES, customer)?;
        ids.into_iter()
            .filter_map(|id| self.case(CaseId(id)).transpose())
            .collect()
    }

    /// Cases not yet resolved, oldest first, at most `limit`, with the total.
    fn open_cases(&self, limit: usize) -> Result<(Vec<Case>, u64)> {
        let ids: Vec<u64> = {
            let Some(idx) = optional(self.table(IDX_OPEN_CASES))? else {
                return Ok((Vec::new(), 0));
            };
            let mut ids = Vec::new();
            for row in idx.iter()? {
                ids.push(row?.0.value().1);
            }
            ids
        };
        let total = ids.len() as u64;
        let Some(t) = optional(self.table(CASES))? else {
            return Ok((Vec::new(), total));
        };
        let found = in_key_order(&ids[..ids.len().min(limit)], |id| {
            t.get(id)?
                .map(|v| decode::<Case>("case", id, v.value()))
                .transpose()
        })?;
        Ok((found.into_iter().flatten().collect(), total))
    }

    fn order(&self, id: OrderId) -> Result<Option<Order>> {
        let Some(t) = optional(self.table(ORDERS))? else {
            return Ok(None);
        };
        let row = t.get(id.0)?;
        row.map(|v| decode("order", id.0, v.value())).transpose()
    }

    fn get_order(&self, id: OrderId) -> Result<Order> {
        self.order(id)?.ok_or(StoreError::NoOrder(id))
    }

    /// Every order, in id order.
    fn orders(&self) -> Result<Vec<Order>> {
        rows_of(self, ORDERS, "order")
    }

    /// (placed at in s, id) of a customer's orders, oldest first.
    fn customer_order_keys(&self, customer: CustomerId) -> Result<Vec<(i64, u64)>> {
        let Some(idx) = optional(self.table(IDX_CUSTOMER_ORDERS))? else {
            return Ok(Vec::new());
        };
        let mut keys = Vec::new();
        for row in idx.range((customer.0, i64::MIN, 0)..=(customer.0, i64::MAX, u64::MAX))? {
            let (_, at, id) = row?.0.value();
            keys.push((at, id));
        }
        Ok(keys)
    }

    /// A customer's orders, oldest first.
    fn customer_orders(&self, customer: CustomerId) -> Result<Vec<Order>> {
        self.customer_order_keys(customer)?
            .into_iter()
            .filter_map(|(_, id)| self.order(OrderId(id)).transpose())
            .collect()
    }

    /// Orders placed in `[from, to)`, oldest first.
    fn orders_between(
        &self,
        from: chrono::DateTime<chrono::FixedOffset>,
        to: chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<Vec<Order>> {
        let Some(idx) = optional(self.table(IDX_ORDER_DATES))? else {
            return Ok(Vec::new());
        };
        let mut ids = Vec::new();
        for row in idx.range((from.timestamp(), 0)..(to.timestamp(), 0))? {
            ids.push(row?.0.value().1);
        }
        let t = self.table(ORDERS)?;
        let found = in_key_order(&ids, |id| {
            t.get(id)?
                .map(|v| decode::<Order>("order", id, v.value()))
                .transpose()
        })?;
        Ok(found.into_iter().flatten().collect())
    }

    // ---- maintained report answers (schema 4) ------------------------------
    // Each returns `None` for a file that has not been written since before
    // schema 4 (a read never migrates): the report then reads every row.

    /// Interactions per (local day, kind, author) for the days in
    /// `[from, to)`, from `agg_activity`: a few hundred counters, however
    /// many interactions there are.
    fn activity_counts(&self, from: NaiveDate, to: NaiveDate) -> Result<Option<Vec<DayCount>>> {
        let Some(t) = optional(self.table(AGG_ACTIVITY))? else {
            return Ok(None);
        };
        let (start, end) = (keys::activity_day(from), keys::activity_day(to));
        let mut out = Vec::new();
        for row in t.range(start.as_str()..end.as_str())? {
            let (key, n) = row?;
            let key = key.value();
            let Some((day, kind, author)) = keys::parse_activity_key(key) else {
                return Err(StoreError::Decode {
                    what: format!("agg_activity {key:?}"),
                    detail: "not a day, a kind and an author".into(),
                });
            };
            out.push(DayCount {
                day,
                kind,
                author: author.to_string(),
                count: n.value(),
            });
        }
        Ok(Some(out))
    }

    /// The deals a report over `[from, to)` looks at, in id order: created
    /// in `created` days, closed in `closed` days, and (`open`) every open
    /// one, found through the deal date indexes. Those created in
    /// `created` days are whole (the funnel reads their history); the
    /// others come from `deal_figures`, with only the fields reports read.
    fn deals_by_days(
        &self,
        created: Option<(NaiveDate, NaiveDate)>,
        closed: Option<(NaiveDate, NaiveDate)>,
        open: bool,
    ) -> Result<Option<Vec<Deal>>> {
        let (mut whole, mut figures) = (BTreeSet::new(), BTreeSet::new());
        let days =
            |(from, to): (NaiveDate, NaiveDate)| (keys::day_key(from), 0)..(keys::day_key(to), 0);
        for (def, range, is_whole) in [
            (IDX_DEAL_CREATED, created.map(days), true),
            (IDX_DEAL_CLOSED, closed.map(days), false),
            (
                IDX_OPEN_DEALS,
                open.then_some((i64::MIN, 0)..(i64::MAX, u64::MAX)),
                false,
            ),
        ] {
            let ids = if is_whole { &mut whole } else { &mut figures };
            let Some(idx) = optional(self.table(def))? else {
                return Ok(None);
            };
            let Some(range) = range else { continue };
            for row in idx.range(range)? {
                ids.insert(row?.0.value().1);
            }
        }
        let Some(compact) = optional(self.table(DEAL_FIGURES))? else {
            return Ok(None);
        };
        let t = self.table(DEALS)?;
        let mut deals: Vec<Deal> = Vec::with_capacity(whole.len() + figures.len());
        for &id in &whole {
            if let Some(bytes) = t.get(id)? {
                deals.push(decode("deal", id, bytes.value())?);
            }
        }
        for &id in figures.difference(&whole) {
            if let Some(bytes) = compact.get(id)? {
                let f: super::maintained::DealFigures = decode("deal_figures", id, bytes.value())?;
                deals.push(f.deal(id)?);
            }
        }
        deals.sort_unstable_by_key(|d| d.id);
        Ok(Some(deals))
    }

    /// Every deal from `deal_figures`, in id order, with only the fields
    /// reports read (see `deals_by_days`).
    fn all_deal_figures(&self) -> Result<Option<Vec<Deal>>> {
        let Some(t) = optional(self.table(DEAL_FIGURES))? else {
            return Ok(None);
        };
        let mut deals = Vec::new();
        for row in t.iter()? {
            let (id, bytes) = row?;
            let f: super::maintained::DealFigures =
                decode("deal_figures", id.value(), bytes.value())?;
            deals.push(f.deal(id.value())?);
        }
        Ok(Some(deals))
    }

    /// Deals closed within a day of `[from, to]` (by their own local
    /// day): a superset of those a window of moments counts, read through
    /// the closed-day index and `deal_figures` (schema 4) instead of
    /// decoding every deal; every deal on a file without them.
    fn deals_closed_near(
        &self,
        from: chrono::DateTime<chrono::FixedOffset>,
        to: chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<Vec<Deal>> {
        let day = chrono::Days::new(1);
        let first = from.date_naive().checked_sub_days(day);
        let past = to.date_naive().checked_add_days(chrono::Days::new(2));
        let (Some(first), Some(past)) = (first, past) else {
            return self.deals();
        };
        match self.deals_by_days(None, Some((first, past)), false)? {
            Some(deals) => Ok(deals),
            None => self.deals(),
        }
    }

    /// Customers as the reports read them, from `customer_figures`: every
    /// one (`ids` `None`) or those given that exist, in id order.
    fn customer_summaries(
        &self,
        ids: Option<&BTreeSet<CustomerId>>,
    ) -> Result<Option<Vec<CustomerSummary>>> {
        let Some(t) = optional(self.table(CUSTOMER_FIGURES))? else {
            return Ok(None);
        };
        let summary = |id: u64, bytes: &[u8]| -> Result<CustomerSummary> {
            let f: CustomerFigures = decode("customer_figures", id, bytes)?;
            f.summary(id)
        };
        let mut out = Vec::new();
        match ids {
            Some(ids) => {
                for id in ids {
                    if let Some(bytes) = t.get(id.0)? {
                        out.push(summary(id.0, bytes.value())?);
                    }
                }
            }
            None => {
                for row in t.iter()? {
                    let (id, bytes) = row?;
                    out.push(summary(id.value(), bytes.value())?);
                }
            }
        }
        Ok(Some(out))
    }

    /// The report groups of one kind (`s:` sources, `c:` campaigns) with
    /// their sizes, from `agg_group_days` (one count per group and
    /// creation day) and each group's first member from
    /// `idx_group_members`, in folded order.
    fn group_counts(
        &self,
        kind: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Option<Vec<GroupCount>>> {
        let (Some(days), Some(members)) = (
            optional(self.table(AGG_GROUP_DAYS))?,
            optional(self.table(IDX_GROUP_MEMBERS))?,
        ) else {
            return Ok(None);
        };
        let mut sizes: std::collections::BTreeMap<String, (u64, u64)> = Default::default();
        for row in days.iter()? {
            let (key, n) = row?;
            let key = key.value();
            let Some((day, group)) = keys::parse_group_day_key(key) else {
                return Err(StoreError::Decode {
                    what: format!("agg_group_days {key:?}"),
                    detail: "not a day and a group".into(),
                });
            };
            if !group.starts_with(kind) {
                continue;
            }
            let size = sizes.entry(group.to_string()).or_default();
            size.0 += n.value();
            if from <= day && day < to {
                size.1 += n.value();
            }
        }
        let mut out = Vec::with_capacity(sizes.len());
        for (group, (customers, new_customers)) in sizes {
            let first = members
                .range((group.as_str(), 0)..=(group.as_str(), u64::MAX))?
                .next()
                .transpose()?
                .map(|(k, _)| CustomerId(k.value().1));
            let Some(first) = first else { continue };
            out.push(GroupCount {
                folded: group[kind.len()..].to_string(),
                customers,
                new_customers,
                first,
            });
        }
        Ok(Some(out))
    }

    /// Open tasks whose due key (`Due::sort_key`) is below `key`, in due
    /// order: with `Due::moment_key(now)`, exactly the overdue ones.
    fn open_tasks_due_before(&self, key: i64) -> Result<Vec<Task>> {
        let ids: Vec<u64> = {
            let Some(idx) = optional(self.table(IDX_OPEN_DUE))? else {
                return Ok(Vec::new());
            };
            let mut ids = Vec::new();
            for row in idx.range((i64::MIN, 0)..(key, 0))? {
                ids.push(row?.0.value().1);
            }
            ids
        };
        ids.into_iter()
            .filter_map(|id| self.task(TaskId(id)).transpose())
            .collect()
    }

    /// Every campaign, by name.
    fn campaigns(&self) -> Result<Vec<Campaign>> {
        let Some(t) = optional(self.table(CAMPAIGNS))? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for row in t.iter()? {
            let (key, bytes) = row?;
            out.push(decode(
                &format!("campaign \"{}\"", key.value()),
                0,
                bytes.value(),
            )?);
        }
        Ok(out)
    }

    /// Saved views (name, filter), by name.
    fn views(&self) -> Result<Vec<(String, CustomerFilter)>> {
        let Some(t) = optional(self.table(VIEWS))? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for row in t.iter()? {
            let (name, bytes) = row?;
            let name = name.value().to_string();
            let filter = decode(&format!("view \"{name}\""), 0, bytes.value())?;
            out.push((name, filter));
        }
        Ok(out)
    }

    /// The saved view `name` (exact, else case-insensitive).
    fn view(&self, name: &str) -> Result<CustomerFilter> {
        let name = name.trim();
        let views = self.views()?;
        views
            .iter()
            .find(|(n, _)| n == name)
            .or_else(|| views.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)))
            .map(|(_, f)| f.clone())
            .ok_or_else(|| StoreError::NoView(name.to_string()))
    }

    /// Whom customer `id` was last merged into, from the audit trail
    /// (`customer.merge` names the one merged away); `None` if it was not.
    /// For an error message only: it reads the trail, newest first.
    fn merged_into(&self, id: CustomerId) -> Result<Option<CustomerId>> {
        let t = self.table(AUDIT)?;
        let entity = id.to_string();
        const MERGE: &[u8] = b"customer.merge";
        for row in t.iter()?.rev() {
            let (seq, bytes) = row?;
            // Most entries are not merges: skip them undecoded.
            if !bytes.value().windows(MERGE.len()).any(|w| w == MERGE) {
                continue;
            }
            let entry: AuditEntry = decode("audit entry", seq.value(), bytes.value())?;
            if entry.action == "customer.merge" && entry.entity == entity {
                return Ok(entry.customer);
            }
        }
        Ok(None)
    }

    /// The audit trail, newest first; only entries about `customer` if given.
    fn audit(&self, customer: Option<CustomerId>, limit: usize) -> Result<Vec<AuditEntry>> {
        let t = self.table(AUDIT)?;
        let mut out = Vec::new();
        for row in t.iter()?.rev() {
            if out.len() >= limit {
                break;
            }
            let (seq, bytes) = row?;
            let entry: AuditEntry = decode("audit entry", seq.value(), bytes.value())?;
            if customer.is_none() || entry.customer == customer {
                out.push(entry);
            }
        }
        Ok(out)
    }
}

/// The record tables [`Reads::for_each_record`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Records {
    Customers,
    Interactions,
    Tasks,
    Deals,
    Cases,
    Orders,
}

impl Records {
    fn table(self) -> TableDefinition<'static, u64, &'static [u8]> {
        match self {
            Records::Customers => CUSTOMERS,
            Records::Interactions => INTERACTIONS,
            Records::Tasks => TASKS,
            Records::Deals => DEALS,
            Records::Cases => CASES,
            Records::Orders => ORDERS,
        }
    }

    fn what(self) -> &'static str {
        match self {
            Records::Customers => "customer",
            Records::Interactions => "interaction",
            Records::Tasks => "task",
            Records::Deals => "deal",
            Records::Cases => "case",
            Records::Orders => "order",
        }
    }
}

/// One stored record, undecoded.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    what: &'static str,
    id: u64,
    bytes: &'a [u8],
}

impl<'a> Record<'a> {
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The record as stored: MessagePack, which holds the UTF-8 of every
    /// string field verbatim, so a byte search finding no trace of a text
    /// rules the record out without decoding it.
    pub fn raw(&self) -> &'a [u8] {
        self.bytes
    }

    /// Decode as `T`: a struct naming only the fields it needs (the
    /// others are skipped), whose `&str` fields borrow from the record.
    pub fn decode<T: serde::Deserialize<'a>>(&self) -> Result<T> {
        super::codec::decode_borrowed(self.what, self.id, self.bytes)
    }
}

/// A table added by a later schema reads as empty until the first write
/// creates it (a read-only session on an older file).
fn optional<T>(table: Result<T>) -> Result<Option<T>> {
    match table {
        Ok(t) => Ok(Some(t)),
        Err(StoreError::Db(redb::Error::TableDoesNotExist(_))) => Ok(None),
        Err(e) => Err(e),
    }
}

/// `get` for each of `ids`, called in key order so neighbouring keys
/// share the pages just read (redb's read cache is small, and an index's
/// order is key order shuffled); the answers come back in the order asked.
fn in_key_order<T>(
    ids: &[u64],
    mut get: impl FnMut(u64) -> Result<Option<T>>,
) -> Result<Vec<Option<T>>> {
    let mut order: Vec<(u64, usize)> = ids.iter().copied().zip(0..).collect();
    order.sort_unstable();
    let mut found: Vec<Option<T>> = std::iter::repeat_with(|| None).take(ids.len()).collect();
    for (id, asked) in order {
        found[asked] = get(id)?;
    }
    Ok(found)
}

/// Every row of a record table, decoded, in id order.
fn rows_of<T: serde::de::DeserializeOwned>(
    view: &(impl Tables + ?Sized),
    def: TableDefinition<u64, &'static [u8]>,
    what: &str,
) -> Result<Vec<T>> {
    let Some(t) = optional(view.table(def))? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for row in t.iter()? {
        let (id, bytes) = row?;
        out.push(decode(what, id.value(), bytes.value())?);
    }
    Ok(out)
}

/// The ids a (customer, id) index holds for `customer`.
fn ids_of(
    view: &(impl Tables + ?Sized),
    def: TableDefinition<(u64, u64), ()>,
    customer: CustomerId,
) -> Result<Vec<u64>> {
    let Some(idx) = optional(view.table(def))? else {
        return Ok(Vec::new());
    };
    let mut ids = Vec::new();
    for row in idx.range((customer.0, 0)..=(customer.0, u64::MAX))? {
        ids.push(row?.0.value().1);
    }
    Ok(ids)
}

/// Decode every row of a record table as `T`, in id order.
fn scan_as<T: serde::de::DeserializeOwned>(
    t: &impl ReadableTable<u64, &'static [u8]>,
    what: &str,
    mut f: impl FnMut(T),
) -> Result<()> {
    for row in t.iter()? {
        let (id, bytes) = row?;
        f(decode(what, id.value(), bytes.value())?);
    }
    Ok(())
}
