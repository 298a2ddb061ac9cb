//! rolo on a team database: every command and the app run the same store
//! code as on a file, over a *working copy*: what the caller may see (rows
//! PostgreSQL's policies let through), loaded into an in-memory redb.
//!
//! - A read refreshes the copy when the team database's `revision` moved,
//!   in one repeatable-read snapshot, then reads the copy. The app checks
//!   on its tick, and only asks the server when a `NOTIFY rolo` arrived.
//! - A write takes the team's write lock (an advisory lock, so writers
//!   queue instead of failing on a serialization conflict), refreshes the
//!   copy, numbers new records past the highest ids ever given, runs the
//!   domain code on the copy, and applies every row it changed to
//!   PostgreSQL in the same transaction — where each row is judged by the
//!   policies again. Anything refused rolls the whole write back and the
//!   copy is dropped (the next operation reloads it).
//!
//! So one copy of the domain rules serves both engines, and no rule here
//! decides who sees what: that is the database's alone.

use super::{Table, Team, TeamError};
use crate::domain::*;
use crate::store::codec::{decode, encode};
use crate::store::tables::{
    AUDIT, CAMPAIGNS, DATABASE_ID, GENERATION, LAST_WRITE, META, NAMES_GENERATION, NEXT_AUDIT,
    VIEWS,
};
use crate::store::{Reader, Store, StoreError, Transact, Undo, Writer};
use chrono::{DateTime, FixedOffset};
use postgres::GenericClient;
use redb::{ReadableDatabase, ReadableTable};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long a copy is trusted without a `NOTIFY` before the revision is
/// compared anyway.
const RECHECK: Duration = Duration::from_secs(5);

/// How long a look for notifications waits for one to arrive.
const NOTIFY_WAIT: Duration = Duration::from_millis(1);

/// The key of the advisory lock every rolo write on a team database holds
/// (`pg_advisory_xact_lock`): "rolo" in ASCII.
const WRITE_LOCK: i64 = 0x726f_6c6f;

/// A team database and this process's working copy of it; shared by the
/// clones of one `Store`.
pub struct Link {
    url: String,
    session: Mutex<Option<Session>>,
}

impl std::fmt::Debug for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Link")
            .field("url", &super::redact(&self.url))
            .finish_non_exhaustive()
    }
}

/// One connection, as one login, with the copy loaded through it.
struct Session {
    team: Team,
    login: String,
    copy: Option<Copy>,
}

/// What the caller may see, as of `revision`.
struct Copy {
    revision: i64,
    db: Arc<redb::Database>,
    /// Counts reloads, so the app's generation check sees every one.
    generation: u64,
    /// When the revision was last compared with the database's.
    checked: Instant,
}

impl Link {
    pub fn new(url: &str) -> Link {
        Link {
            url: url.to_string(),
            session: Mutex::new(None),
        }
    }

    /// The login this URL connects as, as libpq picks it (the URL's user,
    /// else `PGUSER`, else the Unix login): the actor and a new record's
    /// owner. `None` for a URL that does not parse (connecting says why).
    pub fn login(&self) -> Option<String> {
        let config = super::connect::config(&self.url, &super::Env::process()).ok()?;
        config.get_user().map(str::to_string)
    }

    fn lock(&self) -> Result<MutexGuard<'_, Option<Session>>, StoreError> {
        self.session.lock().map_err(|_| StoreError::Bug {
            detail: "a team database session was left half-used by a panic".into(),
        })
    }

    /// Run `f` on the working copy, refreshed if the team database moved.
    pub(in crate::store) fn read<T, E: From<StoreError>>(
        &self,
        channel: Channel,
        f: impl FnOnce(&Reader) -> Result<T, E>,
    ) -> Result<T, E> {
        let db = {
            let mut guard = self.lock()?;
            let result = session(&mut guard, &self.url, channel).and_then(|s| s.fresh_copy());
            forget_on_error(&mut guard, result)?
        };
        let reader = Reader {
            txn: db.begin_read().map_err(StoreError::from)?,
        };
        f(&reader)
    }

    /// Run `f` on the working copy and apply what it changed to the team
    /// database, all in one transaction. Returns `f`'s value and the
    /// journal undo takes back.
    pub(in crate::store) fn write<T, E: From<StoreError>>(
        &self,
        store: &Store,
        now: DateTime<FixedOffset>,
        f: impl FnOnce(&mut Writer) -> Result<T, E>,
    ) -> Result<(T, Undo), E> {
        let mut guard = self.lock()?;
        let result = session(&mut guard, &self.url, store.channel)
            .map_err(E::from)
            .and_then(|s| s.write(store, now, f));
        match result {
            Ok(done) => Ok(done),
            Err(e) => {
                // The copy may hold what the database refused: drop it.
                if let Some(s) = guard.as_mut() {
                    s.copy = None;
                    if s.team.client.is_closed() {
                        *guard = None;
                    }
                }
                Err(e)
            }
        }
    }
}

/// The session, connecting on first use.
fn session<'g>(
    guard: &'g mut MutexGuard<'_, Option<Session>>,
    url: &str,
    channel: Channel,
) -> Result<&'g mut Session, StoreError> {
    if guard.is_none() {
        let mut team = Team::connect(url, channel)?;
        team.require_team()?;
        require_schema(&mut team)?;
        let login: String = team
            .client
            .query_one("SELECT session_user::text", &[])
            .map_err(sql)?
            .get(0);
        // Wake-ups for the app's tick: any member's write notifies.
        team.client.batch_execute("LISTEN rolo").map_err(sql)?;
        **guard = Some(Session {
            team,
            login,
            copy: None,
        });
    }
    guard.as_mut().ok_or_else(|| StoreError::Bug {
        detail: "a team database session vanished".into(),
    })
}

/// The team schema this rolo reads and writes (`revision.schema`).
const TEAM_SCHEMA: i32 = 1;

/// Refuse a team database set up by another rolo, before touching it.
fn require_schema(team: &mut Team) -> Result<(), StoreError> {
    let row = team
        .client
        .query_one(
            "SELECT CASE WHEN to_regclass('rolo.revision') IS NULL THEN 0
                         ELSE (SELECT schema FROM rolo.revision) END",
            &[],
        )
        .map_err(sql)?;
    let found: i32 = row.get(0);
    if found == TEAM_SCHEMA {
        return Ok(());
    }
    let why = if found < TEAM_SCHEMA {
        "an older rolo set it up; an admin copies it into a new one \
         (`rolo export` from it, `rolo import` into a file, `rolo migrate --to` a new database)"
    } else {
        "a newer rolo set it up; upgrade rolo"
    };
    Err(TeamError::Input(format!(
        "{} holds team schema {found}, and this rolo works on schema {TEAM_SCHEMA}: {why}",
        team.url()
    ))
    .into())
}

/// A failed read leaves no half-refreshed copy, and a broken connection is
/// reopened next time.
fn forget_on_error<T>(
    guard: &mut MutexGuard<'_, Option<Session>>,
    result: Result<T, StoreError>,
) -> Result<T, StoreError> {
    if result.is_err()
        && let Some(s) = guard.as_mut()
    {
        s.copy = None;
        if s.team.client.is_closed() {
            **guard = None;
        }
    }
    result
}

impl Session {
    /// The copy, reloaded in one snapshot if the team database moved since.
    /// Without a `NOTIFY` since the last look, nothing can have moved.
    fn fresh_copy(&mut self) -> Result<Arc<redb::Database>, StoreError> {
        use postgres::fallible_iterator::FallibleIterator;
        let mut notified = false;
        {
            // A wait of a millisecond, not none: only a wait lets the
            // client's event loop read the socket at all.
            let mut notifications = self.team.client.notifications();
            let mut pending = notifications.timeout_iter(NOTIFY_WAIT);
            while pending.next().map_err(sql)?.is_some() {
                notified = true;
            }
        }
        if self.team.client.is_closed() {
            return Err(TeamError::Sql("the connection to the team database closed".into()).into());
        }
        // A notification can be missed (a dropped connection reads as none):
        // look anyway now and then.
        if let Some(copy) = &self.copy
            && !notified
            && copy.checked.elapsed() < RECHECK
        {
            return Ok(Arc::clone(&copy.db));
        }
        let mut txn = self
            .team
            .client
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(sql)?;
        let revision = revision(&mut txn)?;
        match &mut self.copy {
            Some(copy) if copy.revision == revision => copy.checked = Instant::now(),
            _ => {
                let generation = self.copy.as_ref().map_or(1, |c| c.generation + 1);
                self.copy = Some(load(&mut txn, &self.login, revision, generation)?);
            }
        }
        txn.commit().map_err(sql)?;
        match &self.copy {
            Some(copy) => Ok(Arc::clone(&copy.db)),
            None => Err(StoreError::Bug {
                detail: "a working copy vanished while loading".into(),
            }),
        }
    }

    fn write<T, E: From<StoreError>>(
        &mut self,
        store: &Store,
        now: DateTime<FixedOffset>,
        f: impl FnOnce(&mut Writer) -> Result<T, E>,
    ) -> Result<(T, Undo), E> {
        let mut txn = self.team.client.transaction().map_err(sql)?;
        txn.execute(
            "SELECT set_config('rolo.channel', $1, true)",
            &[&store.channel.to_string()],
        )
        .map_err(sql)?;
        txn.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
            .map_err(sql)?;
        if let Some(op) = &store.op {
            applied_before(&mut txn, op)?;
        }
        // Under the lock no other rolo writes: what is committed now is
        // what this write works on.
        let revision = revision(&mut txn)?;
        if self.copy.as_ref().is_none_or(|c| c.revision != revision) {
            let generation = self.copy.as_ref().map_or(1, |c| c.generation + 1);
            self.copy = Some(load(&mut txn, &self.login, revision, generation)?);
        }
        let Some(copy) = &mut self.copy else {
            return Err(StoreError::Bug {
                detail: "a working copy vanished while loading".into(),
            }
            .into());
        };
        let highest: Vec<i64> = txn
            .query_one("SELECT rolo.highest_ids()", &[])
            .map_err(sql)?
            .get(0);
        number_past(&copy.db, &highest)?;
        let before = Small::read(&copy.db)?;
        let how = Transact {
            actor: &self.login,
            op: None,
            shipping: true,
        };
        let (value, wrote) = store.transact(&copy.db, now, how, f)?;
        let after = Small::read(&copy.db)?;
        for change in &wrote.changes.changes {
            apply(&mut txn, change)?;
        }
        before.apply_changes_to(&after, &mut txn)?;
        if let Some(journal) = after.last_write.get(&self.login)
            && before.last_write.get(&self.login) != Some(journal)
        {
            let kept: Undo = decode("last write", 0, journal)?;
            let customers: Vec<i64> = kept.customers().iter().map(|c| c.0 as i64).collect();
            txn.execute(
                "INSERT INTO rolo.last_write (journal, customers) VALUES ($1, $2)
                 ON CONFLICT (login) DO UPDATE
                 SET journal = excluded.journal, customers = excluded.customers",
                &[journal, &customers],
            )
            .map_err(sql)?;
        }
        if let Some(op) = &store.op {
            txn.execute(
                "INSERT INTO rolo.ops (id, command) VALUES ($1, $2)",
                &[&op.id, &(op.command as i64)],
            )
            .map_err(sql)?;
        }
        txn.execute("SELECT rolo.sync_ids()", &[]).map_err(sql)?;
        let revision = self::revision(&mut txn)?;
        txn.commit().map_err(sql)?;
        // The copy now holds what the database does (a trigger that
        // changed a row — none yet — would need a reload here).
        copy.revision = revision;
        copy.checked = Instant::now();
        Ok((value, wrote.for_undo()))
    }
}

/// A PostgreSQL error, as the store reports it.
fn sql(e: postgres::Error) -> StoreError {
    TeamError::from(e).into()
}

/// The team database's revision (see `schema.sql`).
fn revision(client: &mut impl GenericClient) -> Result<i64, StoreError> {
    let row = client
        .query_one("SELECT n FROM rolo.revision", &[])
        .map_err(sql)?;
    Ok(row.get(0))
}

/// `--op-id` already applied: by this command (a retry) or another.
fn applied_before(
    client: &mut impl GenericClient,
    op: &crate::store::Op,
) -> Result<(), StoreError> {
    let row = client
        .query_opt("SELECT command FROM rolo.ops WHERE id = $1", &[&op.id])
        .map_err(sql)?;
    match row.map(|r| r.get::<_, i64>(0)) {
        None => Ok(()),
        Some(command) if command as u64 == op.command => {
            Err(StoreError::AlreadyApplied(op.id.clone()))
        }
        Some(_) => Err(StoreError::OpReused(op.id.clone())),
    }
}

/// Load what the caller may see into a new in-memory database.
fn load(
    client: &mut impl GenericClient,
    login: &str,
    revision: i64,
    generation: u64,
) -> Result<Copy, StoreError> {
    let db = crate::store::empty_database()?;
    let txn = db.begin_write()?;
    let mut w = Writer {
        txn,
        now: chrono::Utc::now().fixed_offset(),
        actor: login.to_string(),
        channel: Channel::Sql,
        names_changed: false,
        journal: Undo::default(),
        journaling: false,
        undoable: false,
        shipping: false,
    };
    let mut highest = [0u64; 5];
    w.rows(|r| -> Result<(), StoreError> {
        let mut failed = None;
        let mut keep = |result: Result<(), StoreError>| match result {
            Ok(()) => true,
            Err(e) => {
                failed = Some(e);
                false
            }
        };
        super::copy::each(client, Table::Customers, &mut |c: Customer| {
            highest[0] = highest[0].max(c.id.0);
            keep(r.put_customer(None, &c))
        })?;
        super::copy::each(client, Table::Interactions, &mut |i: Interaction| {
            highest[1] = highest[1].max(i.id.0);
            keep(r.put_interaction(&i))
        })?;
        super::copy::each(client, Table::Tasks, &mut |t: Task| {
            highest[2] = highest[2].max(t.id.0);
            keep(r.put_task(None, &t))
        })?;
        super::copy::each(client, Table::Deals, &mut |d: Deal| {
            highest[3] = highest[3].max(d.id.0);
            keep(r.put_deal(None, &d))
        })?;
        super::copy::each(client, Table::Cases, &mut |c: Case| {
            highest[4] = highest[4].max(c.id.0);
            keep(r.put_case(None, &c))
        })?;
        r.keep_ids_above(highest);
        failed.map_or(Ok(()), Err)
    })?;
    let mut campaigns = Vec::new();
    super::copy::each(client, Table::Campaigns, &mut |c: Campaign| {
        campaigns.push(c);
        true
    })?;
    for c in campaigns {
        w.put_campaign(c)?;
    }
    for row in client
        .query("SELECT name, record FROM rolo.views ORDER BY name", &[])
        .map_err(sql)?
    {
        let name: String = row.get(0);
        let filter: CustomerFilter = serde_json::from_value(row.get(1))
            .map_err(|e| TeamError::Sql(format!("saved view \"{name}\" cannot be read ({e})")))?;
        w.save_view(&name, &filter)?;
    }
    load_audit(client, &w)?;
    if let Some(row) = client
        .query_opt(
            "SELECT journal FROM rolo.last_write WHERE login = session_user",
            &[],
        )
        .map_err(sql)?
    {
        let journal: Vec<u8> = row.get(0);
        let journal = if journal.is_empty() {
            encode(&Undo::default())?
        } else {
            journal
        };
        w.txn
            .open_table(LAST_WRITE)?
            .insert(login, journal.as_slice())?;
    }
    let database_id: i64 = client
        .query_one("SELECT database_id FROM rolo.revision", &[])
        .map_err(sql)?
        .get(0);
    {
        let mut meta = w.txn.open_table(META)?;
        meta.insert(DATABASE_ID, database_id as u64)?;
        meta.insert(GENERATION, generation)?;
        meta.insert(NAMES_GENERATION, generation)?;
    }
    w.txn.commit()?;
    Ok(Copy {
        revision,
        db: Arc::new(db),
        generation,
        checked: Instant::now(),
    })
}

/// The audit entries the caller may see (their own, and those about
/// customers they see), newest seq last.
fn load_audit(client: &mut impl GenericClient, w: &Writer) -> Result<(), StoreError> {
    use postgres::fallible_iterator::FallibleIterator;
    let mut table = w.txn.open_table(AUDIT)?;
    let mut rows = client
        .query_raw(
            "SELECT seq, at, actor, channel, action, entity, customer_id, fields
             FROM rolo.audit ORDER BY seq",
            std::iter::empty::<i64>(),
        )
        .map_err(sql)?;
    let mut next = 1;
    while let Some(row) = rows.next().map_err(sql)? {
        let seq = row.get::<_, i64>(0) as u64;
        let channel = match row.get::<_, &str>(3) {
            "cli" => Channel::Cli,
            "tui" => Channel::Tui,
            "import" => Channel::Import,
            _ => Channel::Sql,
        };
        let entry = AuditEntry {
            seq,
            at: row.get::<_, DateTime<chrono::Utc>>(1).fixed_offset(),
            actor: row.get(2),
            channel,
            action: row.get(4),
            entity: row.get(5),
            customer: row.get::<_, Option<i64>>(6).map(|c| CustomerId(c as u64)),
            fields: row.get(7),
        };
        table.insert(seq, encode(&entry)?.as_slice())?;
        next = seq + 1;
    }
    drop(table);
    w.txn.open_table(META)?.insert(NEXT_AUDIT, next)?;
    Ok(())
}

/// Move the copy's id counters past `highest` (customers, interactions,
/// tasks, deals, cases), so new records take ids nobody has had.
fn number_past(db: &redb::Database, highest: &[i64]) -> Result<(), StoreError> {
    let mut ids = [0u64; 5];
    for (slot, id) in ids.iter_mut().zip(highest) {
        *slot = (*id).max(0) as u64;
    }
    let txn = db.begin_write()?;
    {
        let mut meta = txn.open_table(META)?;
        let counters = [
            crate::store::tables::NEXT_CUSTOMER,
            crate::store::tables::NEXT_INTERACTION,
            crate::store::tables::NEXT_TASK,
            crate::store::tables::NEXT_DEAL,
            crate::store::tables::NEXT_CASE,
        ];
        for (counter, id) in counters.into_iter().zip(ids) {
            let next = meta.get(counter)?.map_or(1, |v| v.value());
            meta.insert(counter, next.max(id + 1))?;
        }
    }
    txn.commit()?;
    Ok(())
}

/// One changed row, applied to the team database. A row the policies do
/// not let this login change is refused — by PostgreSQL: an insert fails
/// its `WITH CHECK`, an update or delete finds no row it may touch.
fn apply(client: &mut impl GenericClient, change: &crate::store::Change) -> Result<(), StoreError> {
    use crate::store::Change;
    match change {
        Change::Customer { id, after, before } => match after {
            Some(c) => {
                let record = to_json("customer", id.0, c)?;
                let (id, name, company) = (id.0 as i64, &c.name, &c.company);
                let touched = if before.is_none() {
                    client.execute(
                        "INSERT INTO rolo.customers (id, owner, name, company, record)
                         VALUES ($1, coalesce(nullif($2, ''), session_user), $3, $4, $5)",
                        &[&id, &c.owner, name, company, &record],
                    )
                } else {
                    client.execute(
                        "UPDATE rolo.customers SET owner = coalesce(nullif($2, ''), owner),
                             name = $3, company = $4, record = $5, updated_at = now()
                         WHERE id = $1",
                        &[&id, &c.owner, name, company, &record],
                    )
                };
                expect_row(client, "customers", id, touched)
            }
            None => delete(client, "customers", id.0),
        },
        Change::Interaction { id, after, before } => match after {
            Some(i) => {
                let record = to_json("interaction", id.0, i)?;
                let (id, customer) = (id.0 as i64, i.customer.0 as i64);
                let touched = if before.is_none() {
                    client.execute(
                        "INSERT INTO rolo.interactions (id, customer_id, at, record)
                         VALUES ($1, $2, $3, $4)",
                        &[&id, &customer, &i.at, &record],
                    )
                } else {
                    client.execute(
                        "UPDATE rolo.interactions SET customer_id = $2, at = $3, record = $4
                         WHERE id = $1",
                        &[&id, &customer, &i.at, &record],
                    )
                };
                expect_row(client, "interactions", id, touched)
            }
            None => delete(client, "interactions", id.0),
        },
        Change::Task { id, after, before } => match after {
            Some(t) => {
                let record = to_json("task", id.0, t)?;
                let id = id.0 as i64;
                let customer = t.customer.map(|c| c.0 as i64);
                let due = t.due.map(|d| d.sort_key());
                let touched = if before.is_none() {
                    client.execute(
                        "INSERT INTO rolo.tasks (id, customer_id, open, due_key, record)
                         VALUES ($1, $2, $3, $4, $5)",
                        &[&id, &customer, &t.is_open(), &due, &record],
                    )
                } else {
                    client.execute(
                        "UPDATE rolo.tasks SET customer_id = $2, open = $3, due_key = $4,
                             record = $5
                         WHERE id = $1",
                        &[&id, &customer, &t.is_open(), &due, &record],
                    )
                };
                expect_row(client, "tasks", id, touched)
            }
            None => delete(client, "tasks", id.0),
        },
        Change::Deal { id, after, before } => match after {
            Some(d) => {
                let record = to_json("deal", id.0, d)?;
                put_hanging(
                    client,
                    "deals",
                    id.0,
                    d.customer,
                    d.is_open(),
                    record,
                    before.is_none(),
                )
            }
            None => delete(client, "deals", id.0),
        },
        Change::Case { id, after, before } => match after {
            Some(c) => {
                let record = to_json("case", id.0, c)?;
                put_hanging(
                    client,
                    "cases",
                    id.0,
                    c.customer,
                    c.is_open(),
                    record,
                    before.is_none(),
                )
            }
            None => delete(client, "cases", id.0),
        },
    }
}

/// A deal or a case: a record hanging off a customer, open or not.
fn put_hanging(
    client: &mut impl GenericClient,
    table: &'static str,
    id: u64,
    customer: CustomerId,
    open: bool,
    record: serde_json::Value,
    new: bool,
) -> Result<(), StoreError> {
    let (id, customer) = (id as i64, customer.0 as i64);
    let sql = if new {
        format!("INSERT INTO rolo.{table} (id, customer_id, open, record) VALUES ($1, $2, $3, $4)")
    } else {
        format!("UPDATE rolo.{table} SET customer_id = $2, open = $3, record = $4 WHERE id = $1")
    };
    let touched = client.execute(&sql, &[&id, &customer, &open, &record]);
    expect_row(client, table, id, touched)
}

/// A delete that found no row is fine when the row is gone (a customer's
/// delete cascades to what hangs off it) and refused when it is still
/// there: the policies did not let this login delete it.
fn delete(client: &mut impl GenericClient, table: &'static str, id: u64) -> Result<(), StoreError> {
    let id = id as i64;
    let deleted = client
        .execute(&format!("DELETE FROM rolo.{table} WHERE id = $1"), &[&id])
        .map_err(sql)?;
    if deleted == 0 && still_there(client, table, id)? {
        return Err(refused(table, id, "remove").into());
    }
    Ok(())
}

/// An insert or update must have touched its row: one that touched none
/// was not this login's to change.
fn expect_row(
    client: &mut impl GenericClient,
    table: &'static str,
    id: i64,
    touched: Result<u64, postgres::Error>,
) -> Result<(), StoreError> {
    match touched.map_err(sql)? {
        0 if still_there(client, table, id)? => Err(refused(table, id, "change").into()),
        0 => Err(TeamError::Input(format!(
            "{} #{id} is no longer there (removed, or no longer yours to see); nothing was written",
            singular(table)
        ))
        .into()),
        _ => Ok(()),
    }
}

fn still_there(client: &mut impl GenericClient, table: &str, id: i64) -> Result<bool, StoreError> {
    let row = client
        .query_opt(&format!("SELECT 1 FROM rolo.{table} WHERE id = $1"), &[&id])
        .map_err(sql)?;
    Ok(row.is_some())
}

fn refused(table: &str, id: i64, verb: &str) -> TeamError {
    TeamError::Denied(format!(
        "your role may see {} #{id} but not {verb} it; nothing was written",
        singular(table)
    ))
}

fn singular(table: &str) -> &str {
    table.strip_suffix('s').unwrap_or(table)
}

fn to_json(
    what: &str,
    id: u64,
    value: &impl serde::Serialize,
) -> Result<serde_json::Value, StoreError> {
    serde_json::to_value(value).map_err(|e| StoreError::Decode {
        what: format!("{what} #{id}"),
        detail: e.to_string(),
    })
}

/// The small keyed tables a write may change besides the journaled rows:
/// campaigns, saved views, and the undo journal each login keeps.
struct Small {
    campaigns: BTreeMap<String, Vec<u8>>,
    views: BTreeMap<String, Vec<u8>>,
    last_write: BTreeMap<String, Vec<u8>>,
}

impl Small {
    fn read(db: &redb::Database) -> Result<Small, StoreError> {
        let txn = db.begin_read()?;
        Ok(Small {
            campaigns: keyed(&txn, CAMPAIGNS)?,
            views: keyed(&txn, VIEWS)?,
            last_write: keyed(&txn, LAST_WRITE)?,
        })
    }

    /// Send the campaigns and saved views that differ in `after`.
    fn apply_changes_to(
        &self,
        after: &Small,
        client: &mut impl GenericClient,
    ) -> Result<(), StoreError> {
        for (key, bytes) in changed(&self.campaigns, &after.campaigns) {
            match bytes {
                Some(bytes) => {
                    let c: Campaign = decode("campaign", 0, bytes)?;
                    let record = to_json("campaign", 0, &c)?;
                    client
                        .execute(
                            "INSERT INTO rolo.campaigns (key, record) VALUES ($1, $2)
                             ON CONFLICT (key) DO UPDATE SET record = excluded.record",
                            &[&key, &record],
                        )
                        .map_err(sql)?;
                }
                None => {
                    client
                        .execute("DELETE FROM rolo.campaigns WHERE key = $1", &[&key])
                        .map_err(sql)?;
                }
            }
        }
        for (name, bytes) in changed(&self.views, &after.views) {
            match bytes {
                Some(bytes) => {
                    let filter: CustomerFilter = decode("saved view", 0, bytes)?;
                    let record = to_json("saved view", 0, &filter)?;
                    client
                        .execute(
                            "INSERT INTO rolo.views (name, record) VALUES ($1, $2)
                             ON CONFLICT (login, name) DO UPDATE SET record = excluded.record",
                            &[&name, &record],
                        )
                        .map_err(sql)?;
                }
                None => {
                    client
                        .execute("DELETE FROM rolo.views WHERE name = $1", &[&name])
                        .map_err(sql)?;
                }
            }
        }
        Ok(())
    }
}

/// Every row of a table keyed by text.
fn keyed(
    txn: &redb::ReadTransaction,
    def: redb::TableDefinition<&str, &[u8]>,
) -> Result<BTreeMap<String, Vec<u8>>, StoreError> {
    let table = txn.open_table(def)?;
    let mut rows = BTreeMap::new();
    for entry in table.iter()? {
        let (k, v) = entry?;
        rows.insert(k.value().to_string(), v.value().to_vec());
    }
    Ok(rows)
}

/// The keys whose value differs between `before` and `after`, with the
/// value after (`None`: removed).
fn changed<'a>(
    before: &'a BTreeMap<String, Vec<u8>>,
    after: &'a BTreeMap<String, Vec<u8>>,
) -> Vec<(&'a String, Option<&'a Vec<u8>>)> {
    let mut out: Vec<_> = after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(*v))
        .map(|(k, v)| (k, Some(v)))
        .collect();
    out.extend(
        before
            .keys()
            .filter(|k| !after.contains_key(*k))
            .map(|k| (k, None)),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_names_what_was_added_edited_and_removed() {
        let map = |pairs: &[(&str, &[u8])]| -> BTreeMap<String, Vec<u8>> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_vec()))
                .collect()
        };
        let before = map(&[("a", b"1"), ("b", b"2"), ("c", b"3")]);
        let after = map(&[("a", b"1"), ("b", b"9"), ("d", b"4")]);
        let got: Vec<(String, Option<Vec<u8>>)> = changed(&before, &after)
            .into_iter()
            .map(|(k, v)| (k.clone(), v.cloned()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("b".to_string(), Some(b"9".to_vec())),
                ("d".to_string(), Some(b"4".to_vec())),
                ("c".to_string(), None),
            ]
        );
    }
}
