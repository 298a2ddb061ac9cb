//! `rolo check`: redb's own integrity check, then rolo's, in one read
//! transaction under the write lock: every row decodes, every reference
//! resolves, every index holds exactly the entries its rows imply, and the
//! id counters are ahead of every id in use.
//!
//! Indexes are compared by sorting, not by lookups: the entries the rows
//! imply and the entries stored are each sorted and merged in one pass.
//! A problem is data, never an error: the report lists what is wrong and
//! where; only a file that cannot be opened at all is an error.

use super::Store;
use super::codec::decode;
use super::error::{Result, StoreError};
use super::keys::{self, CustomerKeys};
use super::lock;
use super::maintained::{CustomerFigures, DealFigures};
use super::open;
use super::overlay::Overlay;
use super::tables::*;
use crate::domain::{AuditEntry, Campaign, Case, Customer, Deal, Interaction, Order, Task};
use redb::{
    Key, ReadOnlyTable, ReadTransaction, ReadableDatabase, ReadableTable, TableDefinition,
    TableHandle, Value,
};
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt::Debug;

/// At most this many problems are listed; the rest are only counted.
pub const MAX_LISTED: usize = 1000;

/// What a check looked at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Checked {
    pub customers: u64,
    pub interactions: u64,
    pub tasks: u64,
    pub deals: u64,
    pub cases: u64,
    pub orders: u64,
    pub campaigns: u64,
    pub audit_entries: u64,
    pub index_entries: u64,
}

/// One thing wrong: the table, the key or id in it, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub table: &'static str,
    /// `#12` for a row, the entry's key for an index, empty for the whole table or file.
    pub key: String,
    pub problem: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct CheckReport {
    pub checked: Checked,
    /// The first [`MAX_LISTED`] problems found.
    pub problems: Vec<Problem>,
    /// Every problem found, listed or not.
    pub problem_count: u64,
    /// False when redb's check failed and rolo's own checks could not run.
    pub data_checked: bool,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.problem_count == 0
    }

    fn problem(&mut self, table: &'static str, key: impl Into<String>, problem: impl Into<String>) {
        self.problem_count += 1;
        if self.problems.len() < MAX_LISTED {
            self.problems.push(Problem {
                table,
                key: key.into(),
                problem: problem.into(),
            });
        }
    }
}

impl Store {
    /// Check the file (redb) and the data (rolo) without changing either:
    /// redb opens the file through an in-memory copy-on-write layer
    /// (`overlay`), so whatever it repairs or marks while checking stays
    /// in memory and the file's bytes are the same after. Under the shared
    /// lock, so no writer changes the file meanwhile. A missing file is an
    /// error: there is nothing to check.
    pub fn check(&self) -> Result<CheckReport> {
        open::require_database(&self.path)?;
        open::refuse_what_is_not_a_database(&self.path)?;
        let _lock = lock::acquire(&self.path, lock::LockKind::Shared, self.lock_timeout)?;
        open::check_magic(&self.path)?;
        let mut report = CheckReport::default();
        if super::swap::pending(&self.path) {
            report.problem(
                "file",
                "",
                "a rewrite of the file (an erasure or a restore) was interrupted; any rolo \
                 command that opens the database finishes it (check only reads), then check again",
            );
            return Ok(report);
        }
        let io = |source| StoreError::Io {
            path: self.path.clone(),
            source,
        };
        let file = std::fs::File::open(&self.path).map_err(io)?;
        let backend = Overlay::new(file).map_err(io)?;
        // redb panics on some damaged pages (a bad page type byte), even
        // while opening a file that needs recovery: damage it could not
        // repair, reported like any other.
        let opened = super::quiet_panics::catch(|| {
            redb::Database::builder()
                .set_cache_size(CHECK_CACHE)
                .create_with_backend(backend)
        });
        let mut db = match opened {
            Ok(Ok(db)) => db,
            Ok(Err(redb::DatabaseError::Storage(redb::StorageError::Corrupted(detail)))) => {
                report.problem("file", "", format!("redb could not open it: {detail}"));
                return Ok(report);
            }
            Ok(Err(e)) => return Err(e.into()),
            Err(detail) => {
                report.problem(
                    "file",
                    "",
                    format!("redb could not open it: a damaged page stopped it ({detail})"),
                );
                return Ok(report);
            }
        };
        let integrity =
            super::quiet_panics::catch(|| db.check_integrity()).unwrap_or_else(|detail| {
                Err(redb::DatabaseError::Storage(redb::StorageError::Corrupted(
                    format!("a damaged page stopped it ({detail})"),
                )))
            });
        match integrity {
            Ok(true) => {}
            Ok(false) => report.problem(
                "file",
                "",
                "redb's integrity check found damage that it can repair (a write that was never \
                 acknowledged may be gone); check only reads, so the file is unchanged: restore \
                 a backup (`rolo restore`), or export and import into a new file",
            ),
            Err(redb::DatabaseError::Storage(redb::StorageError::Corrupted(detail))) => {
                report.problem(
                    "file",
                    "",
                    format!("redb's integrity check failed and could not repair it: {detail}"),
                );
                return Ok(report);
            }
            Err(e) => return Err(e.into()),
        }
        {
            let txn = db.begin_read()?;
            let run = super::quiet_panics::catch(|| {
                Checker {
                    txn: &txn,
                    report: &mut report,
                }
                .run()
            });
            match run {
                Ok(result) => {
                    result?;
                    report.data_checked = true;
                }
                Err(detail) => report.problem(
                    "file",
                    "",
                    format!(
                        "reading it failed inside the storage engine ({detail}), so rolo's own \
                         checks stopped part-way; restore a backup (rolo restore)"
                    ),
                ),
            }
        }
        // Nothing to make durable: every write went to the overlay.
        drop(db);
        Ok(report)
    }
}

/// The check reads every page once; a modest cache is enough.
const CHECK_CACHE: usize = 16 * 1024 * 1024;

/// What the row scans saw, for the cross-checks. Ids are sorted (tables
/// iterate in key order); "bad" rows exist but do not decode, so their
/// index entries and references cannot be judged.
#[derive(Default)]
struct Seen {
    customers: Vec<u64>,
    bad_customers: Vec<u64>,
    interactions: Vec<u64>,
    bad_interactions: Vec<u64>,
    tasks: Vec<u64>,
    bad_tasks: Vec<u64>,
    deals: Vec<u64>,
    bad_deals: Vec<u64>,
    cases: Vec<u64>,
    bad_cases: Vec<u64>,
    orders: Vec<u64>,
    bad_orders: Vec<u64>,
    audit: Vec<u64>,
    /// (interaction, the task it names)
    interaction_tasks: Vec<(u64, u64)>,
    /// (task, its origin interaction, whether it recurs)
    task_origins: Vec<(u64, u64, bool)>,
    /// What `customer_figures` should hold.
    customer_figures: Vec<(u64, CustomerFigures)>,
    /// What `idx_group_members` should hold.
    groups: Vec<((String, u64), ())>,
    /// One `agg_group_days` key per customer and group.
    group_days: Vec<String>,
}

fn has(ids: &[u64], id: u64) -> bool {
    ids.binary_search(&id).is_ok()
}

/// Whose index entry this is, to word a problem and skip undecodable rows.
#[derive(Clone, Copy)]
enum Owner {
    Customer,
    Interaction,
    Task,
    Deal,
    Case,
    Order,
}

impl Owner {
    fn word(self) -> &'static str {
        match self {
            Owner::Customer => "customer",
            Owner::Interaction => "interaction",
            Owner::Task => "task",
            Owner::Deal => "deal",
            Owner::Case => "case",
            Owner::Order => "order",
        }
    }
}

type SearchRow = (String, String, String);

/// What the interactions scan leaves for the cross-checks.
#[derive(Default)]
struct InteractionSide {
    /// (interaction, its customer)
    customer_of: Vec<(u64, u64)>,
    timeline: Vec<((u64, i64, u64), ())>,
    interaction_tasks: Vec<(u64, u64)>,
    /// One `agg_activity` key per interaction.
    activity: Vec<String>,
}

fn own_lookup((key, id): (&str, u64)) -> (String, u64) {
    (key.to_string(), id)
}

struct Checker<'a> {
    txn: &'a ReadTransaction,
    report: &'a mut CheckReport,
}

impl Checker<'_> {
    fn run(mut self) -> Result<()> {
        let txn = self.txn;
        // Interactions are most of the rows: they decode on a second thread
        // while the customers do here; whose customer exists is judged after.
        let (customers, interactions) = std::thread::scope(|scope| {
            let interactions = scope.spawn(move || {
                let mut report = CheckReport::default();
                let mut side = InteractionSide::default();
                let scanned = Checker {
                    txn,
                    report: &mut report,
                }
                .scan(INTERACTIONS, |id, i: Interaction| {
                    side.customer_of.push((id, i.customer.0));
                    side.timeline
                        .push(((i.customer.0, i.at.timestamp_millis(), id), ()));
                    side.activity.push(keys::activity_key(&i));
                    if let Some(t) = i.task {
                        side.interaction_tasks.push((id, t.0));
                    }
                    (i.id.0, Vec::new())
                });
                scanned.map(|ids| (ids, side, report))
            });
            let customers = self.customers();
            match interactions.join() {
                Ok(interactions) => (customers, interactions),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        });
        let (mut seen, lookup, search, quiet, touch) = customers?;
        let ((ids, bad), side, report) = interactions?;
        (seen.interactions, seen.bad_interactions) = (ids, bad);
        self.report.checked.interactions = report.checked.interactions;
        self.report.problem_count += report.problem_count;
        for p in report.problems {
            if self.report.problems.len() < MAX_LISTED {
                self.report.problems.push(p);
            }
        }
        for &(id, customer) in &side.customer_of {
            if !has(&seen.customers, customer) {
                self.report.problem(
                    "interactions",
                    format!("#{id}"),
                    format!("its customer #{customer} does not exist"),
                );
            }
        }
        seen.interaction_tasks = side.interaction_tasks;
        let timeline = side.timeline;
        let activity = super::maintained::tally(side.activity);

        let mut customer_tasks = Vec::new();
        let mut open_due = Vec::new();
        let mut task_figures = Vec::new();
        let mut task_origins = Vec::new();
        let (customers, interactions) = (&seen.customers, &seen.interactions);
        self.scan(TASKS, |id, t: Task| {
            let mut wrong = Vec::new();
            if let Some(c) = t.customer {
                if !has(customers, c.0) {
                    wrong.push(format!("its customer {c} does not exist"));
                }
                customer_tasks.push(((c.0, id), ()));
            }
            open_due.extend(keys::open_due_key(&t).map(|k| ((k, id), ())));
            task_figures.extend(super::maintained::TaskFigures::of(&t).map(|f| (id, f)));
            if let Some(origin) = t.origin {
                if has(interactions, origin.0) {
                    task_origins.push((id, origin.0, t.recurrence.is_some()));
                } else {
                    wrong.push(format!("its origin interaction {origin} does not exist"));
                }
            }
            (t.id.0, wrong)
        })
        .map(|(ids, bad)| (seen.tasks, seen.bad_tasks) = (ids, bad))?;
        seen.task_origins = task_origins;

        let mut customer_deals = Vec::new();
        let (mut deal_created, mut deal_closed, mut open_deals) =
            (Vec::new(), Vec::new(), Vec::new());
        let mut deal_figures = Vec::new();
        let customers = &seen.customers;
        self.scan(DEALS, |id, d: Deal| {
            customer_deals.push(((d.customer.0, id), ()));
            deal_figures.push((id, DealFigures::of(&d)));
            let (created, closed, open) = keys::deal_day_keys(&d);
            deal_created.push(((created, id), ()));
            deal_closed.extend(closed.map(|day| ((day, id), ())));
            open_deals.extend(open.map(|day| ((day, id), ())));
            (d.id.0, missing_customer(customers, d.customer.0))
        })
        .map(|(ids, bad)| (seen.deals, seen.bad_deals) = (ids, bad))?;
        let (mut customer_cases, mut open_cases) = (Vec::new(), Vec::new());
        let customers = &seen.customers;
        self.scan(CASES, |id, c: Case| {
            customer_cases.push(((c.customer.0, id), ()));
            open_cases.extend(keys::open_case_key(&c).map(|k| ((k, id), ())));
            (c.id.0, missing_customer(customers, c.customer.0))
        })
        .map(|(ids, bad)| (seen.cases, seen.bad_cases) = (ids, bad))?;
        let (mut customer_orders, mut order_dates) = (Vec::new(), Vec::new());
        let (customers, deals) = (&seen.customers, &seen.deals);
        self.scan(ORDERS, |id, o: Order| {
            let at = o.at.timestamp();
            customer_orders.push(((o.customer.0, at, id), ()));
            order_dates.push(((at, id), ()));
            let mut wrong = missing_customer(customers, o.customer.0);
            if let Some(deal) = o.deal.filter(|d| !has(deals, d.0)) {
                wrong.push(format!("the deal it came from, {deal}, does not exist"));
            }
            (o.id.0, wrong)
        })
        .map(|(ids, bad)| (seen.orders, seen.bad_orders) = (ids, bad))?;
        self.campaigns()?;

        self.scan(AUDIT, |_, e: AuditEntry| (e.seq, Vec::new()))
            .map(|(ids, _)| seen.audit = ids)?;

        self.links(&seen);
        self.counters(&seen)?;
        self.search_text(search, &seen)?;
        self.phone_forms(&lookup)?;
        let c = Owner::Customer;
        self.index(IDX_LOOKUP, lookup, &seen, c, own_lookup, |k| k.1)?;
        self.index(IDX_QUIET, quiet, &seen, c, |k| k, |k| k.1)?;
        self.index(IDX_LAST_TOUCH, touch, &seen, c, |k| k, |k| k.1)?;
        let i = Owner::Interaction;
        self.index(IDX_TIMELINE, timeline, &seen, i, |k| k, |k| k.2)?;
        let t = Owner::Task;
        self.index(IDX_CUSTOMER_TASKS, customer_tasks, &seen, t, |k| k, |k| k.1)?;
        self.index(IDX_OPEN_DUE, open_due, &seen, t, |k| k, |k| k.1)?;
        let d = Owner::Deal;
        self.index(IDX_CUSTOMER_DEALS, customer_deals, &seen, d, |k| k, |k| k.1)?;
        // A file from before schema 4 has no maintained answers yet: its
        // next write builds them (check only reads), so that is no damage.
        if self.schema()? >= Some(4) {
            self.index(IDX_DEAL_CREATED, deal_created, &seen, d, |k| k, |k| k.1)?;
            self.index(IDX_DEAL_CLOSED, deal_closed, &seen, d, |k| k, |k| k.1)?;
            self.index(IDX_OPEN_DEALS, open_deals, &seen, d, |k| k, |k| k.1)?;
            self.activity(activity, seen.bad_interactions.is_empty())?;
            self.figures(DEAL_FIGURES, deal_figures, &seen, Owner::Deal)?;
            self.figures(OPEN_TASK_FIGURES, task_figures, &seen, Owner::Task)?;
            let customers = std::mem::take(&mut seen.customer_figures);
            self.figures(CUSTOMER_FIGURES, customers, &seen, Owner::Customer)?;
            let groups = std::mem::take(&mut seen.groups);
            let c = Owner::Customer;
            self.index(IDX_GROUP_MEMBERS, groups, &seen, c, own_lookup, |k| k.1)?;
            let days = super::maintained::tally(std::mem::take(&mut seen.group_days));
            let all_decoded = seen.bad_customers.is_empty();
            self.counts(AGG_GROUP_DAYS, days, all_decoded, "customers are created")?;
        }
        let c = Owner::Case;
        self.index(IDX_CUSTOMER_CASES, customer_cases, &seen, c, |k| k, |k| k.1)?;
        self.index(IDX_OPEN_CASES, open_cases, &seen, c, |k| k, |k| k.1)?;
        let o = Owner::Order;
        self.index(
            IDX_CUSTOMER_ORDERS,
            customer_orders,
            &seen,
            o,
            |k| k,
            |k| k.2,
        )?;
        self.index(IDX_ORDER_DATES, order_dates, &seen, o, |k| k, |k| k.1)?;
        Ok(())
    }

    /// Each `phone_forms` row says what its phone reads as now, and is the
    /// phone of some customer: an erased customer's numbers must not stay
    /// behind in it. A file without the table (written before it existed),
    /// or whose phone keys predate schema 3, has it built by its next write.
    fn phone_forms(&mut self, lookup: &[((String, u64), ())]) -> Result<()> {
        let current = match self.open(META)? {
            Some(meta) => meta.get(PHONE_REGION)?.is_some(),
            None => false,
        };
        let exists = self
            .txn
            .list_tables()?
            .any(|t| t.name() == PHONE_FORMS.name());
        if !current || !exists {
            return Ok(());
        }
        let Some(table) = self.open(PHONE_FORMS)? else {
            return Ok(());
        };
        let kept: std::collections::HashSet<&str> = lookup
            .iter()
            .filter_map(|((k, _), ())| k.strip_prefix("p:"))
            .collect();
        let name = table_name(PHONE_FORMS);
        let mut rows = Vec::new();
        for row in table.iter()? {
            let (typed, forms) = row?;
            let (key, shown) = forms.value();
            rows.push((
                typed.value().to_string(),
                key.to_string(),
                shown.to_string(),
            ));
        }
        self.report.checked.index_entries += rows.len() as u64;
        for (typed, key, shown) in rows {
            let now = crate::domain::phone::Forms::of(&typed);
            if (now.key.as_str(), now.shown.as_str()) != (key.as_str(), shown.as_str()) {
                self.report.problem(
                    name,
                    format!("{typed:?}"),
                    format!(
                        "says ({key:?}, {shown:?}) but the phone reads as ({:?}, {:?})",
                        now.key, now.shown
                    ),
                );
            } else if !kept.contains(key.as_str()) {
                self.report.problem(
                    name,
                    format!("{typed:?}"),
                    "is no customer's phone: a removed number stayed behind".to_string(),
                );
            }
        }
        Ok(())
    }

    /// Every campaign decodes and is stored under its own folded name.
    fn campaigns(&mut self) -> Result<()> {
        let Some(table) = self.open(CAMPAIGNS)? else {
            return Ok(());
        };
        let rows = match table.iter() {
            Ok(rows) => rows,
            Err(e) => {
                self.unreadable("campaigns", e);
                return Ok(());
            }
        };
        for row in rows {
            let (key, bytes) = match row {
                Ok(row) => row,
                Err(e) => {
                    self.unreadable("campaigns", e);
                    break;
                }
            };
            let key = key.value().to_string();
            self.report.checked.campaigns += 1;
            match decode::<Campaign>("campaign", 0, bytes.value()) {
                Ok(c) if Campaign::key(&c.name) == key => {}
                Ok(c) => self.report.problem(
                    "campaigns",
                    format!("{key:?}"),
                    format!(
                        "holds the campaign {:?}, whose key is {:?}",
                        c.name,
                        Campaign::key(&c.name)
                    ),
                ),
                Err(e) => {
                    let detail = match e {
                        StoreError::Decode { detail, .. } => detail,
                        other => other.to_string(),
                    };
                    self.report.problem(
                        "campaigns",
                        format!("{key:?}"),
                        format!("does not decode: {detail}"),
                    );
                }
            }
        }
        Ok(())
    }

    /// Decode every customer, working out the index entries each implies.
    #[allow(clippy::type_complexity)]
    fn customers(
        &mut self,
    ) -> Result<(
        Seen,
        Vec<((String, u64), ())>,
        Vec<(u64, SearchRow)>,
        Vec<((i64, u64), ())>,
        Vec<((i64, u64), ())>,
    )> {
        let mut seen = Seen::default();
        let mut lookup = Vec::new();
        let mut search = Vec::new();
        let mut quiet = Vec::new();
        let mut touch = Vec::new();
        let mut figures = Vec::new();
        let (mut groups, mut group_days) = (Vec::new(), Vec::new());
        // Phone keys are checked against the region the file says they were
        // computed in, or the pre-schema-3 kind if it says none (the next
        // write rebuilds those; see `phone_keys`).
        let stored = match self.open(META)? {
            Some(meta) => meta.get(PHONE_REGION)?.map(|v| v.value()),
            None => None,
        };
        let legacy = stored.is_none();
        if let Some(region) = stored.and_then(super::phone_keys::region) {
            crate::domain::phone::set_default_region(region);
        }
        (seen.customers, seen.bad_customers) = self.scan(CUSTOMERS, |id, c: Customer| {
            let k = CustomerKeys::parsing(&c);
            if legacy {
                let mut keys: Vec<String> = k
                    .lookup
                    .into_iter()
                    .filter(|k| !k.starts_with("p:"))
                    .collect();
                keys.extend(
                    c.phones
                        .iter()
                        .map(|p| format!("p:{}", crate::domain::validate::legacy_phone_key(p))),
                );
                keys.sort();
                keys.dedup();
                lookup.extend(keys.into_iter().map(|key| ((key, id), ())));
            } else {
                lookup.extend(k.lookup.into_iter().map(|key| ((key, id), ())));
            }
            quiet.extend(k.quiet.map(|q| ((q, id), ())));
            touch.push(((k.last_touch, id), ()));
            figures.push((id, CustomerFigures::of(&c)));
            groups.extend(
                keys::group_keys(&c.source, &c.campaign)
                    .into_iter()
                    .map(|g| ((g, id), ())),
            );
            group_days.extend(keys::group_day_keys(&c));
            let (name, company, email) = keys::search_text(&c);
            search.push((
                id,
                (name.to_string(), company.to_string(), email.to_string()),
            ));
            (c.id.0, Vec::new())
        })?;
        seen.customer_figures = figures;
        seen.groups = groups;
        seen.group_days = group_days;
        Ok((seen, lookup, search, quiet, touch))
    }

    /// Open a table; a missing or mistyped one is a problem (`None`).
    fn open<K: Key + 'static, V: Value + 'static>(
        &mut self,
        def: TableDefinition<K, V>,
    ) -> Result<Option<ReadOnlyTable<K, V>>> {
        match self.txn.open_table(def) {
            Ok(t) => Ok(Some(t)),
            Err(redb::TableError::Storage(e @ redb::StorageError::Io(_))) => Err(e.into()),
            Err(e) => {
                self.report
                    .problem(table_name(def), "", format!("cannot be opened: {e}"));
                Ok(None)
            }
        }
    }

    /// Decode every row of a record table, calling `f` with the key and the
    /// record; `f` returns the id the record claims and what else is wrong
    /// with it. Returns the ids of all rows, and of those that do not decode.
    fn scan<T: serde::de::DeserializeOwned>(
        &mut self,
        def: TableDefinition<u64, &'static [u8]>,
        mut f: impl FnMut(u64, T) -> (u64, Vec<String>),
    ) -> Result<(Vec<u64>, Vec<u64>)> {
        let name = table_name(def);
        let what = name.trim_end_matches('s');
        let (mut ids, mut bad) = (Vec::new(), Vec::new());
        let Some(table) = self.open(def)? else {
            return Ok((ids, bad));
        };
        let rows = match table.iter() {
            Ok(rows) => rows,
            Err(e) => {
                self.unreadable(name, e);
                return Ok((ids, bad));
            }
        };
        for row in rows {
            let (key, bytes) = match row {
                Ok(row) => row,
                Err(e) => {
                    self.unreadable(name, e);
                    break;
                }
            };
            let id = key.value();
            ids.push(id);
            match decode::<T>(what, id, bytes.value()) {
                Ok(record) => {
                    let (claimed, wrong) = f(id, record);
                    if claimed != id {
                        self.report.problem(
                            name,
                            format!("#{id}"),
                            format!("the record says #{claimed}"),
                        );
                    }
                    for problem in wrong {
                        self.report.problem(name, format!("#{id}"), problem);
                    }
                }
                Err(e) => {
                    bad.push(id);
                    let detail = match e {
                        StoreError::Decode { detail, .. } => detail,
                        other => other.to_string(),
                    };
                    self.report.problem(
                        name,
                        format!("#{id}"),
                        format!("does not decode: {detail}"),
                    );
                }
            }
        }
        match name {
            "customers" => self.report.checked.customers = ids.len() as u64,
            "interactions" => self.report.checked.interactions = ids.len() as u64,
            "tasks" => self.report.checked.tasks = ids.len() as u64,
            "deals" => self.report.checked.deals = ids.len() as u64,
            "cases" => self.report.checked.cases = ids.len() as u64,
            "orders" => self.report.checked.orders = ids.len() as u64,
            _ => self.report.checked.audit_entries = ids.len() as u64,
        }
        Ok((ids, bad))
    }

    fn unreadable(&mut self, table: &'static str, e: impl std::fmt::Display) {
        self.report
            .problem(table, "", format!("could not be read to the end: {e}"));
    }

    /// A task's origin names an interaction whose `task` names it back
    /// (a recurring task's later occurrences keep the first one's origin);
    /// an interaction's task exists and has it as origin.
    fn links(&mut self, seen: &Seen) {
        for &(task, origin, recurs) in &seen.task_origins {
            if has(&seen.bad_interactions, origin) {
                continue;
            }
            let named = seen
                .interaction_tasks
                .binary_search_by_key(&origin, |&(i, _)| i)
                .ok()
                .and_then(|at| seen.interaction_tasks.get(at))
                .map(|&(_, t)| t);
            match named {
                Some(t) if t == task => {}
                Some(t) if recurs => {
                    let first = seen
                        .task_origins
                        .iter()
                        .any(|&(id, o, _)| id == t && o == origin);
                    if !first {
                        self.report.problem(
                            "tasks",
                            format!("#{task}"),
                            format!(
                                "its origin interaction #{origin} names task #{t}, which does not \
                                 come from that interaction"
                            ),
                        );
                    }
                }
                Some(t) => self.report.problem(
                    "tasks",
                    format!("#{task}"),
                    format!("its origin interaction #{origin} names task #{t} instead of this one"),
                ),
                None => self.report.problem(
                    "tasks",
                    format!("#{task}"),
                    format!("its origin interaction #{origin} does not name it back (no task)"),
                ),
            }
        }
        for &(interaction, task) in &seen.interaction_tasks {
            if has(&seen.bad_tasks, task) {
                continue;
            }
            if !has(&seen.tasks, task) {
                self.report.problem(
                    "interactions",
                    format!("#{interaction}"),
                    format!("its task #{task} does not exist"),
                );
                continue;
            }
            let origin = seen
                .task_origins
                .binary_search_by_key(&task, |&(t, _, _)| t)
                .ok()
                .and_then(|at| seen.task_origins.get(at))
                .map(|&(_, o, _)| o);
            if origin != Some(interaction) {
                let says = origin.map_or("none".to_string(), |o| format!("#{o}"));
                self.report.problem(
                    "interactions",
                    format!("#{interaction}"),
                    format!("its task #{task} gives its origin as {says}, not this interaction"),
                );
            }
        }
    }

    /// The schema is this build's; each id counter is above every id in use.
    fn counters(&mut self, seen: &Seen) -> Result<()> {
        let Some(meta) = self.open(META)? else {
            return Ok(());
        };
        let get = |name: &str| -> Result<Option<u64>> { Ok(meta.get(name)?.map(|v| v.value())) };
        match get(SCHEMA_VERSION)? {
            Some(v) if v == super::SCHEMA_VERSION => {}
            // An older schema is not damage: the next write upgrades it
            // (check only reads).
            Some(v) if (1..super::SCHEMA_VERSION).contains(&v) => {}
            Some(v) => self.report.problem(
                "meta",
                SCHEMA_VERSION,
                format!(
                    "is {v}; this rolo reads and writes {}",
                    super::SCHEMA_VERSION
                ),
            ),
            None => self.report.problem("meta", SCHEMA_VERSION, "is missing"),
        }
        for (counter, ids, what) in [
            (NEXT_CUSTOMER, &seen.customers, "customer"),
            (NEXT_INTERACTION, &seen.interactions, "interaction"),
            (NEXT_TASK, &seen.tasks, "task"),
            (NEXT_DEAL, &seen.deals, "deal"),
            (NEXT_CASE, &seen.cases, "case"),
            (NEXT_ORDER, &seen.orders, "order"),
            (NEXT_AUDIT, &seen.audit, "audit entry"),
        ] {
            let Some(&highest) = ids.iter().max() else {
                continue;
            };
            let next = get(counter)?;
            if next.is_none_or(|n| n <= highest) {
                let is = next.map_or("missing".to_string(), |n| format!("{n}"));
                self.report.problem(
                    "meta",
                    counter,
                    format!(
                        "is {is} but {what} ids go up to #{highest}: the next {what} would reuse an id"
                    ),
                );
            }
        }
        Ok(())
    }

    /// `search_text` holds each customer's (name, company, first email), and nothing else.
    fn search_text(&mut self, mut expected: Vec<(u64, SearchRow)>, seen: &Seen) -> Result<()> {
        let Some(table) = self.open(SEARCH_TEXT)? else {
            return Ok(());
        };
        let mut actual = Vec::with_capacity(expected.len());
        let read = (|| -> Result<()> {
            for row in table.iter()? {
                let (id, text) = row?;
                let (name, company, email) = text.value();
                actual.push((
                    id.value(),
                    (name.to_string(), company.to_string(), email.to_string()),
                ));
            }
            Ok(())
        })();
        if let Err(e) = read {
            self.unreadable("search_text", e);
        }
        self.report.checked.index_entries += actual.len() as u64;
        merge(&mut expected, &mut actual, |diff| match diff {
            Diff::Missing(id) => self.report.problem(
                "search_text",
                format!("#{id}"),
                format!("missing: customer #{id} has no search row"),
            ),
            Diff::Extra(id) => {
                if let Some(problem) = stale(seen, Owner::Customer, *id) {
                    self.report
                        .problem("search_text", format!("#{id}"), problem);
                }
            }
            Diff::Differs(id, want, got) => self.report.problem(
                "search_text",
                format!("#{id}"),
                format!("says {got:?} but customer #{id} is {want:?}"),
            ),
        });
        Ok(())
    }

    /// A figures table (`deal_figures`, `customer_figures`) holds each
    /// row's figures, and nothing else.
    fn figures<F: serde::de::DeserializeOwned + PartialEq + Debug>(
        &mut self,
        def: TableDefinition<u64, &'static [u8]>,
        mut expected: Vec<(u64, F)>,
        seen: &Seen,
        owner: Owner,
    ) -> Result<()> {
        let name = table_name(def);
        let Some(table) = self.open(def)? else {
            return Ok(());
        };
        let word = owner.word();
        let mut actual = Vec::with_capacity(expected.len());
        let mut bad = Vec::new();
        let read = (|| -> Result<()> {
            for row in table.iter()? {
                let (id, bytes) = row?;
                let id = id.value();
                match decode::<F>(name, id, bytes.value()) {
                    Ok(f) => actual.push((id, f)),
                    Err(e) => bad.push((id, e)),
                }
            }
            Ok(())
        })();
        if let Err(e) = read {
            self.unreadable(name, e);
        }
        for (id, e) in bad {
            self.report
                .problem(name, format!("#{id}"), format!("does not decode: {e}"));
        }
        self.report.checked.index_entries += actual.len() as u64;
        merge(&mut expected, &mut actual, |diff| match diff {
            Diff::Missing(id) => self.report.problem(
                name,
                format!("#{id}"),
                format!("missing: {word} #{id} has no figures"),
            ),
            Diff::Extra(id) => {
                if let Some(problem) = stale(seen, owner, *id) {
                    self.report.problem(name, format!("#{id}"), problem);
                }
            }
            Diff::Differs(id, want, got) => self.report.problem(
                name,
                format!("#{id}"),
                format!("says {got:?} but {word} #{id} is {want:?}"),
            ),
        });
        Ok(())
    }

    /// The file's schema version (`None`: no meta, or none in it).
    fn schema(&mut self) -> Result<Option<u64>> {
        let Some(meta) = self.open(META)? else {
            return Ok(None);
        };
        Ok(meta.get(SCHEMA_VERSION)?.map(|v| v.value()))
    }

    /// `agg_activity` holds exactly the counts the interactions add up to.
    /// When some interaction does not decode (reported already),
    /// counts cannot be judged and only the keys no row implies are.
    fn activity(&mut self, expected: BTreeMap<String, u64>, all_decoded: bool) -> Result<()> {
        self.counts(
            AGG_ACTIVITY,
            expected,
            all_decoded,
            "interactions are logged",
        )
    }

    /// A counter table (`agg_activity`, `agg_group_days`) holds exactly
    /// the counts its rows add up to; `what` says what is counted, for
    /// the problems ("interactions are logged", "customers are created").
    fn counts(
        &mut self,
        def: TableDefinition<&'static str, u64>,
        expected: BTreeMap<String, u64>,
        all_decoded: bool,
        what: &str,
    ) -> Result<()> {
        let name = table_name(def);
        let Some(table) = self.open(def)? else {
            return Ok(());
        };
        let rows = what.split(' ').next().unwrap_or(what);
        let mut expected: Vec<(String, u64)> = expected.into_iter().collect();
        let mut actual = Vec::with_capacity(expected.len());
        let read = (|| -> Result<()> {
            for row in table.iter()? {
                let (key, n) = row?;
                actual.push((key.value().to_string(), n.value()));
            }
            Ok(())
        })();
        if let Err(e) = read {
            self.unreadable(name, e);
        }
        self.report.checked.index_entries += actual.len() as u64;
        merge(&mut expected, &mut actual, |diff| match diff {
            Diff::Missing(key) if all_decoded => self.report.problem(
                name,
                format!("{key:?}"),
                format!("missing: {what} under it"),
            ),
            Diff::Extra(key) if all_decoded => self.report.problem(
                name,
                format!("{key:?}"),
                format!("stale: no {what} under it"),
            ),
            Diff::Differs(key, want, got) if all_decoded => self.report.problem(
                name,
                format!("{key:?}"),
                format!("counts {got} but the {rows} under it are {want}"),
            ),
            Diff::Missing(_) | Diff::Extra(_) | Diff::Differs(..) => {}
        });
        Ok(())
    }

    /// A set-like index (unit values) holds exactly the keys its rows imply.
    /// `own` turns a stored key into the owned form `expected` uses.
    fn index<K: Key + 'static, O: Ord + Debug>(
        &mut self,
        def: TableDefinition<K, ()>,
        mut expected: Vec<(O, ())>,
        seen: &Seen,
        owner: Owner,
        own: impl Fn(K::SelfType<'_>) -> O,
        id_of: impl Fn(&O) -> u64,
    ) -> Result<()> {
        let name = table_name(def);
        let Some(table) = self.open(def)? else {
            return Ok(());
        };
        let mut actual = Vec::with_capacity(expected.len());
        let read = (|| -> Result<()> {
            for row in table.iter()? {
                actual.push((own(row?.0.value()), ()));
            }
            Ok(())
        })();
        if let Err(e) = read {
            self.unreadable(name, e);
        }
        self.report.checked.index_entries += actual.len() as u64;
        let word = owner.word();
        merge(&mut expected, &mut actual, |diff| match diff {
            Diff::Missing(key) => self.report.problem(
                name,
                format!("{key:?}"),
                format!("missing: {word} #{} needs this entry", id_of(key)),
            ),
            Diff::Extra(key) => {
                if let Some(problem) = stale(seen, owner, id_of(key)) {
                    self.report.problem(name, format!("{key:?}"), problem);
                }
            }
            Diff::Differs(..) => {}
        });
        Ok(())
    }
}

/// A deal's or case's customer must exist.
fn missing_customer(customers: &[u64], customer: u64) -> Vec<String> {
    if has(customers, customer) {
        Vec::new()
    } else {
        vec![format!("its customer #{customer} does not exist")]
    }
}

/// What is wrong with an index entry no row implies (`None`: its row does
/// not decode, which is reported already).
fn stale(seen: &Seen, owner: Owner, id: u64) -> Option<String> {
    let (ids, bad) = match owner {
        Owner::Customer => (&seen.customers, &seen.bad_customers),
        Owner::Interaction => (&seen.interactions, &seen.bad_interactions),
        Owner::Task => (&seen.tasks, &seen.bad_tasks),
        Owner::Deal => (&seen.deals, &seen.bad_deals),
        Owner::Case => (&seen.cases, &seen.bad_cases),
        Owner::Order => (&seen.orders, &seen.bad_orders),
    };
    let word = owner.word();
    if has(bad, id) {
        None
    } else if has(ids, id) {
        Some(format!("stale: {word} #{id} does not have this entry"))
    } else {
        Some(format!("points at {word} #{id}, which does not exist"))
    }
}

/// The checked tables' names, as `&'static str` for problems.
const NAMES: [&str; 31] = [
    "meta",
    "customers",
    "interactions",
    "tasks",
    "deals",
    "cases",
    "campaigns",
    "audit",
    "search_text",
    "idx_lookup",
    "idx_timeline",
    "idx_customer_tasks",
    "idx_open_due",
    "idx_quiet",
    "idx_last_touch",
    "idx_customer_deals",
    "idx_customer_cases",
    "idx_open_cases",
    "agg_activity",
    "idx_deal_created",
    "idx_deal_closed",
    "idx_open_deals",
    "deal_figures",
    "customer_figures",
    "idx_group_members",
    "agg_group_days",
    "open_task_figures",
    "phone_forms",
    "orders",
    "idx_customer_orders",
    "idx_order_dates",
];

fn table_name<K: Key + 'static, V: Value + 'static>(def: TableDefinition<K, V>) -> &'static str {
    NAMES
        .into_iter()
        .find(|name| *name == def.name())
        .unwrap_or("table")
}

enum Diff<'a, K, V> {
    Missing(&'a K),
    Extra(&'a K),
    Differs(&'a K, &'a V, &'a V),
}

/// Sort both sides by key and walk them together, reporting keys only one
/// side has and values that differ.
fn merge<K: Ord, V: PartialEq>(
    expected: &mut [(K, V)],
    actual: &mut [(K, V)],
    mut f: impl FnMut(Diff<'_, K, V>),
) {
    expected.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    actual.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let (mut i, mut j) = (0, 0);
    loop {
        let (want, got) = (expected.get(i), actual.get(j));
        let order = match (want, got) {
            (Some(w), Some(g)) => w.0.cmp(&g.0),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => break,
        };
        match (order, want, got) {
            (Ordering::Less, Some(w), _) => {
                f(Diff::Missing(&w.0));
                i += 1;
            }
            (Ordering::Greater, _, Some(g)) => {
                f(Diff::Extra(&g.0));
                j += 1;
            }
            (Ordering::Equal, Some(w), Some(g)) => {
                if w.1 != g.1 {
                    f(Diff::Differs(&w.0, &w.1, &g.1));
                }
                i += 1;
                j += 1;
            }
            _ => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::*;
    use crate::store::codec::encode;
    use crate::store::{LogResult, Reads};
    use chrono::{DateTime, FixedOffset};
    use redb::Database;

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").expect("valid")
    }

    /// Ann (with a cadence) and Bob; a call to Ann whose next action
    /// recurs and was done once (so two tasks share its origin); a task
    /// for no one.
    fn book() -> (tempfile::TempDir, Store, Customer, LogResult) {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::new(dir.path().join("rolo.redb"), Channel::Cli);
        let (ann, logged) = store
            .write(now(), |w| {
                let ann = w.add_customer(CustomerDraft {
                    name: "Ann Lee".into(),
                    company: "Acme".into(),
                    emails: vec!["ann@acme.com".into()],
                    phones: vec!["13800138000".into()],
                    cadence: Some(14),
                    ..Default::default()
                })?;
                w.add_customer(CustomerDraft {
                    name: "Bob Stone".into(),
                    ..Default::default()
                })?;
                let logged = w.log(
                    NewInteraction {
                        customer: ann.id,
                        kind: InteractionKind::Call,
                        at: now(),
                        summary: "wants pricing".into(),
                        feedback: String::new(),
                        outcome: None,
                        author: "alice".into(),
                    },
                    Some(NewTask {
                        customer: Some(ann.id),
                        title: "weekly check-in".into(),
                        due: Some(Due::Date(now().date_naive())),
                        priority: Priority::Normal,
                        recurrence: Some(Recurrence {
                            every: 1,
                            unit: RecurUnit::Weeks,
                            from: RecurFrom::Due,
                        }),
                    }),
                )?;
                Ok::<_, StoreError>((ann, logged))
            })
            .expect("write");
        let first = logged.task.as_ref().expect("a task").id;
        store
            .write(now(), |w| {
                w.complete_task(first)?;
                w.add_task(NewTask {
                    customer: None,
                    title: "renew the domain".into(),
                    due: None,
                    priority: Priority::Normal,
                    recurrence: None,
                })
            })
            .expect("write");
        (dir, store, ann, logged)
    }

    /// Change the file behind rolo's back.
    fn tamper(store: &Store, f: impl FnOnce(&redb::WriteTransaction) -> Result<()>) {
        let db = Database::create(store.path()).expect("open");
        let txn = db.begin_write().expect("txn");
        f(&txn).expect("tamper");
        txn.commit().expect("commit");
    }

    fn has_problem(report: &CheckReport, table: &str, key: &str, text: &str) -> bool {
        report
            .problems
            .iter()
            .any(|p| p.table == table && p.key == key && p.problem.contains(text))
    }

    #[test]
    fn a_consistent_book_checks_clean() {
        let (_dir, store, _, _) = book();
        let report = store.check().expect("check");
        assert!(report.ok(), "{:#?}", report.problems);
        assert_eq!(report.checked.customers, 2);
        assert_eq!(report.checked.interactions, 1);
        assert_eq!(report.checked.tasks, 3);
        assert!(report.checked.index_entries > 10, "{:?}", report.checked);
    }

    #[test]
    fn missing_and_stale_index_entries_are_named() {
        let (_dir, store, ann, _) = book();
        tamper(&store, |txn| {
            txn.open_table(IDX_LOOKUP)?
                .remove(("e:ann@acme.com", ann.id.0))?;
            txn.open_table(IDX_LOOKUP)?.insert(("n:ghost", 2), ())?;
            txn.open_table(IDX_TIMELINE)?
                .insert((ann.id.0, 0, 999), ())?;
            txn.open_table(IDX_QUIET)?.insert((0, 2), ())?;
            txn.open_table(SEARCH_TEXT)?.insert(2, ("Robert", "", ""))?;
            txn.open_table(IDX_OPEN_DUE)?.insert((0, 42), ())?;
            Ok(())
        });
        let report = store.check().expect("check");
        assert!(!report.ok());
        for (table, key, text) in [
            (
                "idx_lookup",
                "(\"e:ann@acme.com\", 1)",
                "missing: customer #1 needs this entry",
            ),
            (
                "idx_lookup",
                "(\"n:ghost\", 2)",
                "stale: customer #2 does not have this entry",
            ),
            (
                "idx_timeline",
                "(1, 0, 999)",
                "interaction #999, which does not exist",
            ),
            ("idx_quiet", "(0, 2)", "stale: customer #2"),
            (
                "search_text",
                "#2",
                "says (\"Robert\", \"\", \"\") but customer #2 is",
            ),
            ("idx_open_due", "(0, 42)", "task #42, which does not exist"),
        ] {
            assert!(
                has_problem(&report, table, key, text),
                "{table} {key}: {:#?}",
                report.problems
            );
        }
        assert_eq!(report.problem_count, 6, "{:#?}", report.problems);
    }

    #[test]
    fn dangling_rows_bad_records_counters_and_schema_are_named() {
        let (_dir, store, _, logged) = book();
        let mut stray = logged.interaction.clone();
        stray.id = InteractionId(50);
        stray.customer = CustomerId(77);
        stray.task = None;
        tamper(&store, |txn| {
            txn.open_table(INTERACTIONS)?
                .insert(50, encode(&stray)?.as_slice())?;
            txn.open_table(IDX_TIMELINE)?
                .insert((77, stray.at.timestamp_millis(), 50), ())?;
            txn.open_table(TASKS)?
                .insert(60, [0xc1u8, 0x00].as_slice())?;
            txn.open_table(META)?.insert(SCHEMA_VERSION, 99)?;
            txn.open_table(META)?.insert(NEXT_CUSTOMER, 1)?;
            Ok(())
        });
        let report = store.check().expect("check");
        for (table, key, text) in [
            ("interactions", "#50", "its customer #77 does not exist"),
            ("tasks", "#60", "does not decode"),
            (
                "meta",
                "schema_version",
                "is 99; this rolo reads and writes 5",
            ),
            ("meta", "next_customer", "is 1 but customer ids go up to #2"),
            ("meta", "next_interaction", "ids go up to #50"),
            ("meta", "next_task", "ids go up to #60"),
            // The stray row was written behind the counters' back too.
            (
                "agg_activity",
                "\"2026-11-22 call alice\"",
                "counts 1 but the interactions under it are 2",
            ),
        ] {
            assert!(
                has_problem(&report, table, key, text),
                "{table} {key}: {:#?}",
                report.problems
            );
        }
        assert_eq!(report.problem_count, 7, "{:#?}", report.problems);
    }

    #[test]
    fn a_task_and_its_origin_must_name_each_other() {
        let (_dir, store, _, logged) = book();
        let mut call = logged.interaction.clone();
        call.task = None;
        let mut task = logged.task.clone().expect("task");
        task.origin = Some(InteractionId(404));
        tamper(&store, |txn| {
            txn.open_table(INTERACTIONS)?
                .insert(call.id.0, encode(&call)?.as_slice())?;
            Ok(())
        });
        let report = store.check().expect("check");
        // Both the first task and its recurrence come from the call, which names neither now.
        for key in ["#1", "#2"] {
            assert!(
                has_problem(
                    &report,
                    "tasks",
                    key,
                    "its origin interaction #1 does not name it back"
                ),
                "{key}: {:#?}",
                report.problems
            );
        }
        tamper(&store, |txn| {
            txn.open_table(TASKS)?
                .insert(task.id.0, encode(&task)?.as_slice())?;
            Ok(())
        });
        let report = store.check().expect("check");
        assert!(
            has_problem(
                &report,
                "tasks",
                "#1",
                "its origin interaction #404 does not exist"
            ),
            "{:#?}",
            report.problems
        );
    }

    #[test]
    fn a_file_that_is_not_redb_is_an_error_and_stays_untouched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("notes.txt");
        std::fs::write(&path, "not a database\n").expect("write");
        let store = Store::new(&path, Channel::Cli);
        let err = store.check().expect_err("not redb");
        assert!(matches!(err, StoreError::NotADatabase(_)), "{err}");
        assert_eq!(std::fs::read(&path).expect("read"), b"not a database\n");
        let missing = Store::new(dir.path().join("none.redb"), Channel::Cli);
        assert!(matches!(missing.check(), Err(StoreError::NoDatabase(_))));
        assert!(!dir.path().join("none.redb").exists());
    }

    /// Ann's deal, Bob's open complaint, Ann's resolved request, a campaign.
    fn sales(store: &Store, ann: &Customer) {
        store
            .write(now(), |w| {
                w.add_deal(
                    NewDeal {
                        customer: ann.id,
                        title: "50 seats".into(),
                        amount: 5_000_000,
                        currency: "CNY".into(),
                        stage: None,
                        probability: None,
                        expected_close: None,
                        owner: "alice".into(),
                    },
                    &Pipeline::default(),
                )?;
                let case = |customer, kind, title: &str| NewCase {
                    customer,
                    kind,
                    title: title.into(),
                    priority: Priority::Normal,
                    owner: String::new(),
                };
                w.open_case(case(CustomerId(2), CaseKind::Complaint, "late delivery"))?;
                w.open_case(case(ann.id, CaseKind::Request, "invoice copy"))?;
                w.resolve_case(CaseId(2), "sent")?;
                w.put_campaign(Campaign {
                    name: "Expo".into(),
                    cost: 0,
                    currency: "CNY".into(),
                    source: String::new(),
                    started: None,
                    ended: None,
                })
            })
            .expect("write");
    }

    #[test]
    fn orders_their_customers_deals_indexes_and_counter_are_checked() {
        let (_dir, store, ann, _) = book();
        let draft = |customer| OrderDraft {
            customer,
            at: now(),
            amount: 120_000,
            currency: "CNY".into(),
            items: "seats".into(),
            payment: None,
            invoice: String::new(),
            deal: None,
            owner: String::new(),
        };
        let order = store
            .write(now(), |w| w.add_order(draft(ann.id)))
            .expect("adds");
        let report = store.check().expect("check");
        assert!(report.ok(), "{:#?}", report.problems);
        assert_eq!(report.checked.orders, 1);
        let at = order.at.timestamp();
        let stray = Order {
            id: OrderId(9),
            customer: CustomerId(77),
            deal: Some(DealId(55)),
            ..order.clone()
        };
        tamper(&store, |txn| {
            txn.open_table(IDX_ORDER_DATES)?.remove((at, order.id.0))?;
            txn.open_table(ORDERS)?
                .insert(9, encode(&stray)?.as_slice())?;
            Ok(())
        });
        let report = store.check().expect("check");
        for (table, key, text) in [
            (
                "orders",
                "#9".to_string(),
                "its customer #77 does not exist",
            ),
            (
                "orders",
                "#9".to_string(),
                "the deal it came from, #55, does not exist",
            ),
            (
                "idx_order_dates",
                format!("({at}, 1)"),
                "missing: order #1 needs this entry",
            ),
            ("meta", "next_order".to_string(), "order ids go up to #9"),
        ] {
            assert!(
                has_problem(&report, table, &key, text),
                "{table} {key} {text}: {:#?}",
                report.problems
            );
        }
    }

    #[test]
    fn deals_cases_and_campaigns_are_checked() {
        let (_dir, store, ann, _) = book();
        sales(&store, &ann);
        let report = store.check().expect("check");
        assert!(report.ok(), "{:#?}", report.problems);
        assert_eq!(
            (
                report.checked.deals,
                report.checked.cases,
                report.checked.campaigns
            ),
            (1, 2, 1)
        );

        let opened = now().timestamp();
        let deal = store.read(|r| r.get_deal(DealId(1))).expect("the deal");
        let deal_created = deal.created_at;
        let stray = Deal {
            id: DealId(40),
            customer: CustomerId(77),
            ..deal
        };
        let expo = store.read(|r| r.campaigns()).expect("campaigns");
        tamper(&store, |txn| {
            txn.open_table(IDX_CUSTOMER_DEALS)?.remove((1, 1))?;
            txn.open_table(IDX_CUSTOMER_CASES)?.insert((2, 99), ())?;
            txn.open_table(IDX_OPEN_CASES)?.remove((opened, 1))?;
            txn.open_table(IDX_OPEN_CASES)?.insert((opened, 2), ())?;
            txn.open_table(DEALS)?
                .insert(40, encode(&stray)?.as_slice())?;
            txn.open_table(META)?.insert(NEXT_CASE, 2)?;
            txn.open_table(CAMPAIGNS)?
                .insert("other", encode(&expo[0])?.as_slice())?;
            Ok(())
        });
        let report = store.check().expect("check");
        let open_key = |id| format!("({opened}, {id})");
        for (table, key, text) in [
            (
                "idx_customer_deals",
                "(1, 1)".to_string(),
                "missing: deal #1 needs this entry",
            ),
            (
                "idx_customer_cases",
                "(2, 99)".to_string(),
                "points at case #99, which does not exist",
            ),
            (
                "idx_open_cases",
                open_key(1),
                "missing: case #1 needs this entry",
            ),
            (
                "idx_open_cases",
                open_key(2),
                "stale: case #2 does not have this entry",
            ),
            (
                "deals",
                "#40".to_string(),
                "its customer #77 does not exist",
            ),
            (
                "idx_customer_deals",
                "(77, 40)".to_string(),
                "missing: deal #40 needs this entry",
            ),
            (
                "meta",
                "next_deal".to_string(),
                "is 2 but deal ids go up to #40",
            ),
            (
                "meta",
                "next_case".to_string(),
                "is 2 but case ids go up to #2",
            ),
            (
                "campaigns",
                "\"other\"".to_string(),
                "holds the campaign \"Expo\", whose key is \"expo\"",
            ),
            // The stray deal is missing from the deal date indexes too.
            (
                "idx_deal_created",
                format!("({}, 40)", keys::day_number(deal_created)),
                "missing: deal #40 needs this entry",
            ),
            (
                "idx_open_deals",
                format!("({}, 40)", keys::day_number(deal_created)),
                "missing: deal #40 needs this entry",
            ),
            (
                "deal_figures",
                "#40".to_string(),
                "missing: deal #40 has no figures",
            ),
        ] {
            assert!(
                has_problem(&report, table, &key, text),
                "{table} {key}: {:#?}",
                report.problems
            );
        }
        assert_eq!(report.problem_count, 12, "{:#?}", report.problems);
    }

    /// Issue 14: the maintained report answers are checked like indexes:
    /// a count that drifted, a count no interaction implies, and a deal
    /// missing from (or stale in) the deal date indexes are each named.
    #[test]
    fn maintained_report_tables_are_checked_against_the_rows() {
        let (_dir, store, ann, logged) = book();
        sales(&store, &ann);
        assert!(store.check().expect("check").ok());
        let key = keys::activity_key(&logged.interaction);
        let deal = store.read(|r| r.get_deal(DealId(1))).expect("the deal");
        let (created, _, _) = keys::deal_day_keys(&deal);
        tamper(&store, |txn| {
            let mut activity = txn.open_table(AGG_ACTIVITY)?;
            activity.insert(key.as_str(), 5)?;
            activity.insert("2020-01-01 call ghost", 1)?;
            txn.open_table(IDX_DEAL_CREATED)?.remove((created, 1))?;
            txn.open_table(IDX_DEAL_CLOSED)?.insert((created, 1), ())?;
            let mut richer = deal.clone();
            richer.amount += 1;
            let figures = DealFigures::encode(&richer)?;
            txn.open_table(DEAL_FIGURES)?
                .insert(1, figures.as_slice())?;
            txn.open_table(CUSTOMER_FIGURES)?.remove(ann.id.0)?;
            txn.open_table(IDX_GROUP_MEMBERS)?
                .insert(("s:fair", ann.id.0), ())?;
            txn.open_table(AGG_GROUP_DAYS)?
                .insert("2020-01-01 s:fair", 2)?;
            // Task #1 is done; #2 is its open successor.
            txn.open_table(OPEN_TASK_FIGURES)?.remove(2)?;
            Ok(())
        });
        let report = store.check().expect("check");
        for (table, key, text) in [
            (
                "agg_activity",
                format!("{key:?}"),
                "counts 5 but the interactions under it are 1",
            ),
            (
                "agg_activity",
                "\"2020-01-01 call ghost\"".to_string(),
                "stale: no interaction",
            ),
            (
                "idx_deal_created",
                format!("({created}, 1)"),
                "missing: deal #1 needs this entry",
            ),
            (
                "idx_deal_closed",
                format!("({created}, 1)"),
                "stale: deal #1 does not have this entry",
            ),
            ("deal_figures", "#1".to_string(), "amount: 5000001"),
            (
                "customer_figures",
                format!("#{}", ann.id.0),
                "missing: customer #1 has no figures",
            ),
            (
                "idx_group_members",
                format!("(\"s:fair\", {})", ann.id.0),
                "stale: customer #1 does not have this entry",
            ),
            (
                "agg_group_days",
                "\"2020-01-01 s:fair\"".to_string(),
                "stale: no customers are created under it",
            ),
            (
                "open_task_figures",
                "#2".to_string(),
                "missing: task #2 has no figures",
            ),
        ] {
            assert!(
                has_problem(&report, table, &key, text),
                "{table} {key}: {:#?}",
                report.problems
            );
        }
        assert_eq!(report.problem_count, 9, "{:#?}", report.problems);
    }

    /// redb panics on some damaged pages, even while opening: every page
    /// of a small book with its header bytes inverted is checked, and the
    /// check reports (or refuses) instead of panicking.
    #[test]
    fn damaged_pages_are_reported_not_panicked_on() {
        let (_dir, store, ann, _) = book();
        sales(&store, &ann);
        let clean = std::fs::read(store.path()).expect("read");
        let (mut found, mut stopped) = (0, 0);
        for page in (0..clean.len()).step_by(4096).skip(1) {
            let mut flipped = clean.clone();
            for b in &mut flipped[page..(page + 8).min(clean.len())] {
                *b ^= 0xFF;
            }
            std::fs::write(store.path(), &flipped).expect("flip");
            let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| store.check()));
            let report = checked.unwrap_or_else(|_| panic!("check panicked at page {page}"));
            if let Ok(report) = report
                && !report.ok()
            {
                found += 1;
                stopped += usize::from(
                    report
                        .problems
                        .iter()
                        .any(|p| p.problem.contains("a damaged page stopped")),
                );
            }
        }
        // Without the guard these would have been panics.
        assert!(
            stopped > 0,
            "{found} flipped pages noticed, none by a caught panic"
        );
    }
}
