//! Whole books in and out of a team database: `rolo migrate` copies a redb
//! file in (every record, id and audit entry, then checks the counts), and
//! a [`Snapshot`] reads back what the caller may see, for `rolo export`.

use super::{Team, TeamError};
use crate::domain::*;
use crate::store::{Reads, RecordKind, Store};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::cell::RefCell;

/// Rows are sent a batch at a time: one statement per batch, not per row.
const BATCH: usize = 2_000;

/// What a migration copied, and what needs the admin's attention.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct Copied {
    pub customers: u64,
    pub interactions: u64,
    pub tasks: u64,
    pub deals: u64,
    pub cases: u64,
    pub orders: u64,
    pub campaigns: u64,
    pub audit_entries: u64,
    /// Customers that had no owner and were given the default one.
    pub given_owner: u64,
    /// Owners named on customers who are not members yet, with how many
    /// customers each: until they are added, only admins and service see those.
    pub not_members: Vec<(String, u64)>,
}

/// One record as the team database keeps it: its columns, then its JSON.
fn json(what: &str, id: u64, value: &impl Serialize) -> Result<serde_json::Value, TeamError> {
    serde_json::to_value(value).map_err(|e| TeamError::Sql(format!("{what} #{id}: {e}")))
}

/// Collects rows for one table and sends them `BATCH` at a time.
struct Batch<'t, 'c> {
    txn: &'t mut postgres::Transaction<'c>,
    sql: &'static str,
    columns: Vec<Column>,
    sent: u64,
    failed: Option<TeamError>,
}

/// One column of a batch, as the array `unnest` takes apart.
enum Column {
    Int(Vec<Option<i64>>),
    Text(Vec<String>),
    Bool(Vec<bool>),
    Time(Vec<chrono::DateTime<chrono::FixedOffset>>),
    Json(Vec<serde_json::Value>),
}

/// One row's value for a [`Column`] of the same kind.
enum Cell {
    Int(Option<i64>),
    Text(String),
    Bool(bool),
    Time(chrono::DateTime<chrono::FixedOffset>),
    Json(serde_json::Value),
}

impl<'t, 'c> Batch<'t, 'c> {
    fn new(txn: &'t mut postgres::Transaction<'c>, sql: &'static str, kinds: &[Cell]) -> Self {
        let columns = kinds
            .iter()
            .map(|k| match k {
                Cell::Int(_) => Column::Int(Vec::new()),
                Cell::Text(_) => Column::Text(Vec::new()),
                Cell::Bool(_) => Column::Bool(Vec::new()),
                Cell::Time(_) => Column::Time(Vec::new()),
                Cell::Json(_) => Column::Json(Vec::new()),
            })
            .collect();
        Batch {
            txn,
            sql,
            columns,
            sent: 0,
            failed: None,
        }
    }

    /// Add a row; false once a send failed (the caller stops reading).
    fn push(&mut self, row: Result<Vec<Cell>, TeamError>) -> bool {
        if self.failed.is_some() {
            return false;
        }
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                self.failed = Some(e);
                return false;
            }
        };
        for (column, cell) in self.columns.iter_mut().zip(row) {
            match (column, cell) {
                (Column::Int(v), Cell::Int(x)) => v.push(x),
                (Column::Text(v), Cell::Text(x)) => v.push(x),
                (Column::Bool(v), Cell::Bool(x)) => v.push(x),
                (Column::Time(v), Cell::Time(x)) => v.push(x),
                (Column::Json(v), Cell::Json(x)) => v.push(x),
                _ => unreachable!("a batch's rows have its columns' kinds"),
            }
        }
        if self.len() >= BATCH
            && let Err(e) = self.send()
        {
            self.failed = Some(e);
        }
        self.failed.is_none()
    }

    fn len(&self) -> usize {
        match self.columns.first() {
            Some(Column::Int(v)) => v.len(),
            Some(Column::Text(v)) => v.len(),
            Some(Column::Bool(v)) => v.len(),
            Some(Column::Time(v)) => v.len(),
            Some(Column::Json(v)) => v.len(),
            None => 0,
        }
    }

    fn send(&mut self) -> Result<(), TeamError> {
        if self.len() == 0 {
            return Ok(());
        }
        let params: Vec<&(dyn postgres::types::ToSql + Sync)> = self
            .columns
            .iter()
            .map(|c| -> &(dyn postgres::types::ToSql + Sync) {
                match c {
                    Column::Int(v) => v,
                    Column::Text(v) => v,
                    Column::Bool(v) => v,
                    Column::Time(v) => v,
                    Column::Json(v) => v,
                }
            })
            .collect();
        self.sent += self.txn.execute(self.sql, &params)?;
        for c in &mut self.columns {
            match c {
                Column::Int(v) => v.clear(),
                Column::Text(v) => v.clear(),
                Column::Bool(v) => v.clear(),
                Column::Time(v) => v.clear(),
                Column::Json(v) => v.clear(),
            }
        }
        Ok(())
    }

    /// Send what is left; the rows sent in all.
    fn finish(mut self) -> Result<u64, TeamError> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        self.send()?;
        Ok(self.sent)
    }
}

fn id(n: u64) -> Cell {
    Cell::Int(Some(n as i64))
}

impl Team {
    /// Copy every record of `book` into this (empty) team database, as an
    /// admin, keeping ids and the audit trail; customers without an owner
    /// get `default_owner`. All or nothing: counts that do not match undo it.
    pub fn copy_in(&mut self, book: &Store, default_owner: &str) -> Result<Copied, TeamError> {
        self.require_team()?;
        let mut txn = self.client.transaction()?;
        txn.execute("SELECT set_config('rolo.copying', 'on', true)", &[])?;
        let admin: bool = txn.query_one("SELECT rolo.copying()", &[])?.get(0);
        if !admin {
            return Err(TeamError::Denied(
                "only a team admin copies a book in (`rolo team list` shows who is)".into(),
            ));
        }
        let present: i64 = txn
            .query_one("SELECT count(*) FROM rolo.customers", &[])?
            .get(0);
        if present > 0 {
            return Err(TeamError::Input(format!(
                "the team database already holds {present} customers; `rolo migrate` copies a \
                 book into an empty one only"
            )));
        }
        let members: std::collections::HashSet<String> = txn
            .query("SELECT login FROM rolo.members", &[])?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let mut copied = book.read(|r| copy_records(r, &mut txn, default_owner, &members))?;
        copied.audit_entries = book.read(|r| copy_audit(r, &mut txn))?;
        txn.execute("SELECT rolo.finish_copy()", &[])?;
        verify(&mut txn, &copied)?;
        txn.commit()?;
        Ok(copied)
    }

    /// A consistent, read-only view of what the caller may see.
    pub fn snapshot(&mut self) -> Result<Snapshot<'_>, TeamError> {
        self.require_team()?;
        let txn = self
            .client
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        Ok(Snapshot {
            txn: RefCell::new(txn),
        })
    }
}

fn copy_records(
    r: &crate::store::Reader,
    txn: &mut postgres::Transaction<'_>,
    default_owner: &str,
    members: &std::collections::HashSet<String>,
) -> Result<Copied, TeamError> {
    let mut copied = Copied::default();
    let mut owners = std::collections::HashMap::<CustomerId, String>::new();
    let mut strangers = std::collections::BTreeMap::<String, u64>::new();
    let mut batch = Batch::new(
        txn,
        "INSERT INTO rolo.customers (id, owner, name, company, record)
         SELECT * FROM unnest($1::int8[], $2::text[], $3::text[], $4::text[], $5::jsonb[])",
        &[
            id(0),
            Cell::Text(String::new()),
            Cell::Text(String::new()),
            Cell::Text(String::new()),
            Cell::Json(serde_json::Value::Null),
        ],
    );
    r.for_each_customer(|mut c| {
        if c.owner.trim().is_empty() {
            c.owner = default_owner.to_string();
            copied.given_owner += 1;
        } else if !members.contains(&c.owner) {
            *strangers.entry(c.owner.clone()).or_default() += 1;
        }
        owners.insert(c.id, c.owner.clone());
        let row = json("customer", c.id.0, &c).map(|record| {
            vec![
                id(c.id.0),
                Cell::Text(c.owner.clone()),
                Cell::Text(c.name.clone()),
                Cell::Text(c.company.clone()),
                Cell::Json(record),
            ]
        });
        batch.push(row)
    })?;
    copied.customers = batch.finish()?;
    copied.not_members = strangers.into_iter().collect();

    let mut batch = Batch::new(
        txn,
        "INSERT INTO rolo.interactions (id, customer_id, at, author, record)
         SELECT * FROM unnest($1::int8[], $2::int8[], $3::timestamptz[], $4::text[], $5::jsonb[])",
        &[
            id(0),
            id(0),
            Cell::Time(chrono::DateTime::UNIX_EPOCH.fixed_offset()),
            Cell::Text(String::new()),
            Cell::Json(serde_json::Value::Null),
        ],
    );
    r.for_each_interaction(|i| {
        let row = json("interaction", i.id.0, &i).map(|record| {
            vec![
                id(i.id.0),
                id(i.customer.0),
                Cell::Time(i.at),
                Cell::Text(i.author.clone()),
                Cell::Json(record),
            ]
        });
        batch.push(row);
    })?;
    copied.interactions = batch.finish()?;

    let mut batch = Batch::new(
        txn,
        "INSERT INTO rolo.tasks (id, customer_id, owner, open, due_key, record)
         SELECT * FROM unnest($1::int8[], $2::int8[], $3::text[], $4::bool[], $5::int8[], $6::jsonb[])",
        &[id(0), id(0), Cell::Text(String::new()), Cell::Bool(false), id(0), Cell::Json(serde_json::Value::Null)],
    );
    r.for_each_task(|t| {
        let owner = t
            .customer
            .and_then(|c| owners.get(&c).cloned())
            .unwrap_or_else(|| default_owner.to_string());
        let row = json("task", t.id.0, &t).map(|record| {
            vec![
                id(t.id.0),
                Cell::Int(t.customer.map(|c| c.0 as i64)),
                Cell::Text(owner),
                Cell::Bool(t.is_open()),
                Cell::Int(t.due.map(|d| d.sort_key())),
                Cell::Json(record),
            ]
        });
        batch.push(row);
    })?;
    copied.tasks = batch.finish()?;

    let sql = "INSERT INTO rolo.deals (id, customer_id, open, record)
               SELECT * FROM unnest($1::int8[], $2::int8[], $3::bool[], $4::jsonb[])";
    let kinds = [
        id(0),
        id(0),
        Cell::Bool(false),
        Cell::Json(serde_json::Value::Null),
    ];
    let mut batch = Batch::new(txn, sql, &kinds);
    for d in Reads::deals(r)? {
        let row = json("deal", d.id.0, &d).map(|record| {
            vec![
                id(d.id.0),
                id(d.customer.0),
                Cell::Bool(d.is_open()),
                Cell::Json(record),
            ]
        });
        batch.push(row);
    }
    copied.deals = batch.finish()?;

    let sql = "INSERT INTO rolo.cases (id, customer_id, open, record)
               SELECT * FROM unnest($1::int8[], $2::int8[], $3::bool[], $4::jsonb[])";
    let mut batch = Batch::new(txn, sql, &kinds);
    for c in Reads::cases(r)? {
        let row = json("case", c.id.0, &c).map(|record| {
            vec![
                id(c.id.0),
                id(c.customer.0),
                Cell::Bool(c.is_open()),
                Cell::Json(record),
            ]
        });
        batch.push(row);
    }
    copied.cases = batch.finish()?;

    let mut batch = Batch::new(
        txn,
        "INSERT INTO rolo.orders (id, customer_id, at, record)
         SELECT * FROM unnest($1::int8[], $2::int8[], $3::timestamptz[], $4::jsonb[])",
        &[
            id(0),
            id(0),
            Cell::Time(chrono::DateTime::UNIX_EPOCH.fixed_offset()),
            Cell::Json(serde_json::Value::Null),
        ],
    );
    for o in Reads::orders(r)? {
        let row = json("order", o.id.0, &o).map(|record| {
            vec![
                id(o.id.0),
                id(o.customer.0),
                Cell::Time(o.at),
                Cell::Json(record),
            ]
        });
        batch.push(row);
    }
    copied.orders = batch.finish()?;

    let mut batch = Batch::new(
        txn,
        "INSERT INTO rolo.campaigns (key, record) SELECT * FROM unnest($1::text[], $2::jsonb[])",
        &[
            Cell::Text(String::new()),
            Cell::Json(serde_json::Value::Null),
        ],
    );
    for c in Reads::campaigns(r)? {
        let row = json("campaign", 0, &c)
            .map(|record| vec![Cell::Text(Campaign::key(&c.name)), Cell::Json(record)]);
        batch.push(row);
    }
    copied.campaigns = batch.finish()?;
    Ok(copied)
}

/// The book's audit trail, oldest first, through `rolo.copy_audit`.
fn copy_audit(
    r: &crate::store::Reader,
    txn: &mut postgres::Transaction<'_>,
) -> Result<u64, TeamError> {
    let mut entries = r.audit(None, usize::MAX)?;
    entries.reverse();
    let mut copied = 0;
    for chunk in entries.chunks(BATCH) {
        let rows: Vec<serde_json::Value> = chunk
            .iter()
            .map(|e| {
                serde_json::json!({
                    "seq": e.seq,
                    "at": e.at.to_rfc3339(),
                    "actor": e.actor,
                    "channel": e.channel.to_string(),
                    "action": e.action,
                    "entity": e.entity,
                    "customer": e.customer.map(|c| c.0),
                    "fields": e.fields,
                })
            })
            .collect();
        let n: i64 = txn
            .query_one(
                "SELECT rolo.copy_audit($1)",
                &[&serde_json::Value::Array(rows)],
            )?
            .get(0);
        copied += n as u64;
    }
    Ok(copied)
}

/// Every table holds what was sent to it, or the copy is undone.
fn verify(txn: &mut postgres::Transaction<'_>, copied: &Copied) -> Result<(), TeamError> {
    let checks = [
        ("customers", copied.customers),
        ("interactions", copied.interactions),
        ("tasks", copied.tasks),
        ("deals", copied.deals),
        ("cases", copied.cases),
        ("orders", copied.orders),
        ("campaigns", copied.campaigns),
        ("audit", copied.audit_entries),
    ];
    for (table, expected) in checks {
        let found: i64 = txn
            .query_one(&format!("SELECT count(*) FROM rolo.{table}"), &[])?
            .get(0);
        if found as u64 != expected {
            return Err(TeamError::Sql(format!(
                "the copy of {table} holds {found} rows where the book has {expected}; \
                 nothing was copied"
            )));
        }
    }
    Ok(())
}

/// Each record of kind `K` the caller may see, in id order, until `f`
/// says stop.
///
/// With `since`, only the rows written after that revision.
pub(super) fn each<K: RecordKind>(
    client: &mut impl postgres::GenericClient,
    since: Option<i64>,
    f: &mut dyn FnMut(K) -> bool,
) -> Result<(), TeamError> {
    let filter = if since.is_some() {
        " WHERE rev > $1"
    } else {
        ""
    };
    let sql = format!("{}{filter} ORDER BY id", K::TEAM_SELECT);
    each_row(client, &sql, since, K::NAME, K::TEAM_TABLE, f)
}

/// Every campaign: few, and without revisions, so always read whole.
pub(super) fn each_campaign(
    client: &mut impl postgres::GenericClient,
    f: &mut dyn FnMut(Campaign) -> bool,
) -> Result<(), TeamError> {
    let sql = "SELECT 0::int8, record FROM rolo.campaigns ORDER BY key";
    each_row(client, sql, None, "campaign", "campaigns", f)
}

/// Each row `sql` reads (an id, then a record: a `what` of `table`), with
/// `since` as `$1` when given, until `f` says stop.
fn each_row<T: DeserializeOwned>(
    client: &mut impl postgres::GenericClient,
    sql: &str,
    since: Option<i64>,
    what: &str,
    table: &str,
    f: &mut dyn FnMut(T) -> bool,
) -> Result<(), TeamError> {
    use postgres::fallible_iterator::FallibleIterator;
    // Typed: one round trip, no separate prepare.
    let mut rows = match since {
        Some(rev) => client.query_typed_raw(sql, [(rev, postgres::types::Type::INT8)])?,
        None => client.query_typed_raw(sql, std::iter::empty::<(i64, postgres::types::Type)>())?,
    };
    while let Some(row) = rows.next()? {
        let value: serde_json::Value = row.get(1);
        let record = serde_json::from_value(value).map_err(|e| {
            TeamError::Sql(format!(
                "{what} #{} in the team database cannot be read ({e}); was it written by hand? \
                 An admin can see it with `SELECT record FROM rolo.{table} WHERE id = {}`",
                row.get::<_, i64>(0),
                row.get::<_, i64>(0)
            ))
        })?;
        if !f(record) {
            break;
        }
    }
    Ok(())
}

/// What the caller may see, read in one repeatable-read transaction.
pub struct Snapshot<'c> {
    txn: RefCell<postgres::Transaction<'c>>,
}

impl Snapshot<'_> {
    /// Each record of kind `K` the caller may see, in id order, until `f`
    /// says stop.
    pub fn for_each<K: RecordKind>(&self, f: &mut dyn FnMut(K) -> bool) -> Result<(), TeamError> {
        each(&mut *self.txn.borrow_mut(), None, f)
    }

    /// Every campaign, until `f` says stop.
    pub fn for_each_campaign(&self, f: &mut dyn FnMut(Campaign) -> bool) -> Result<(), TeamError> {
        each_campaign(&mut *self.txn.borrow_mut(), f)
    }

    pub fn customer_name(&self, customer: CustomerId) -> Result<Option<String>, TeamError> {
        let row = self.txn.borrow_mut().query_opt(
            "SELECT name FROM rolo.customers WHERE id = $1",
            &[&(customer.0 as i64)],
        )?;
        Ok(row.map(|r| r.get(0)))
    }
}
