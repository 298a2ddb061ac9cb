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

use super::local::{self, State, WorkingCopy};
use super::ship::{Small, apply};
use super::{Team, TeamError};
use crate::domain::*;
use crate::store::codec::decode;
use crate::store::{Change, Reader, Store, StoreError, Transact, Undo, Writer};
use chrono::{DateTime, FixedOffset};
use postgres::GenericClient;
use postgres::types::Type;
use redb::ReadableDatabase;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

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
    /// Set by `close`: no session is started again.
    closed: AtomicBool,
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
    /// The URL, passwords redacted, for messages.
    url: String,
    login: String,
    copy: Option<WorkingCopy>,
}

impl Link {
    pub fn new(url: &str) -> Link {
        Link {
            url: url.to_string(),
            session: Mutex::new(None),
            closed: AtomicBool::new(false),
        }
    }

    /// End the session, closing the copy once no read holds it (or
    /// `patience` ran out: then the last reader closes it).
    pub fn close(&self, patience: Duration) {
        let session = match self.session.lock() {
            Ok(mut guard) => {
                self.closed.store(true, Ordering::SeqCst);
                guard.take()
            }
            Err(_) => return,
        };
        if let Some(copy) = session.and_then(|mut s| s.copy.take()) {
            copy.close(patience);
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
            let result =
                session(&mut guard, &self.url, channel, &self.closed).and_then(|s| s.fresh_copy());
            if result.is_err() {
                forget(&mut guard);
            }
            result?
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
        let result = session(&mut guard, &self.url, store.channel, &self.closed)
            .map_err(E::from)
            .and_then(|s| s.write(store, now, f));
        if result.is_err() {
            // The copy may hold what the database refused.
            forget(&mut guard);
        }
        result
    }
}

/// The session, connecting on first use.
fn session<'g>(
    guard: &'g mut MutexGuard<'_, Option<Session>>,
    url: &str,
    channel: Channel,
    closed: &AtomicBool,
) -> Result<&'g mut Session, StoreError> {
    if guard.is_none() {
        if closed.load(Ordering::SeqCst) {
            return Err(
                TeamError::Input("rolo is closing its team database session".into()).into(),
            );
        }
        let mut team = Team::connect(url, channel)?;
        let row = team
            .client
            .query_typed_one(
                "SELECT session_user::text, to_regclass('rolo.customers') IS NOT NULL,
                        to_regclass('rolo.revision') IS NOT NULL",
                &[],
            )
            .map_err(sql)?;
        let (login, team_there, revisions): (String, bool, bool) =
            (row.get(0), row.get(1), row.get(2));
        if !team_there {
            return Err(TeamError::NotInitialised {
                url: team.url().to_string(),
            }
            .into());
        }
        if !revisions {
            return Err(older_schema(team.url(), 0));
        }
        // Wake-ups for the app's tick: any member's write notifies. A
        // command runs too briefly to need them.
        if channel == Channel::Tui {
            team.client.batch_execute("LISTEN rolo").map_err(sql)?;
        }
        **guard = Some(Session {
            url: team.url().to_string(),
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
pub(super) const TEAM_SCHEMA: i32 = 2;

/// A team database set up by another rolo: refused before it is touched.
pub(super) fn older_schema(url: &str, found: i32) -> StoreError {
    let why = if found < TEAM_SCHEMA {
        "an older rolo set it up; an admin copies it into a new one \
         (`rolo export` from it, `rolo import` into a file, `rolo migrate --to` a new database)"
    } else {
        "a newer rolo set it up; upgrade rolo"
    };
    TeamError::Input(format!(
        "{url} holds team schema {found}, and this rolo works on schema {TEAM_SCHEMA}: {why}"
    ))
    .into()
}

/// After a failure: drop the copy (it may be half refreshed, or hold what
/// the database refused), and the session too if its connection broke, so
/// the next operation starts clean.
fn forget(guard: &mut MutexGuard<'_, Option<Session>>) {
    if let Some(s) = guard.as_mut() {
        s.copy = None;
        if s.team.client.is_closed() {
            **guard = None;
        }
    }
}

/// `copy` brought up to `state` (read through `client`), refusing a team
/// database of another schema.
fn refreshed<'c>(
    copy: &'c mut Option<WorkingCopy>,
    url: &str,
    login: &str,
    client: &mut impl GenericClient,
    state: State,
) -> Result<&'c mut WorkingCopy, StoreError> {
    if state.schema != TEAM_SCHEMA {
        return Err(older_schema(url, state.schema));
    }
    let fresh = local::refresh(copy.take(), client, login, state)?;
    Ok(copy.insert(fresh))
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
            && copy.checked.is_some_and(|at| at.elapsed() < RECHECK)
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
        let state = State::read(&mut txn)?;
        let copy = refreshed(&mut self.copy, &self.url, &self.login, &mut txn, state)?;
        let db = Arc::clone(&copy.db);
        txn.commit().map_err(sql)?;
        Ok(db)
    }

    fn write<T, E: From<StoreError>>(
        &mut self,
        store: &Store,
        now: DateTime<FixedOffset>,
        f: impl FnOnce(&mut Writer) -> Result<T, E>,
    ) -> Result<(T, Undo), E> {
        let mut txn = self.team.client.transaction().map_err(sql)?;
        // Which door (a store's channel can differ from its session's),
        // and the writer's clock (what the database's own records — a
        // first-contact task — are dated by). Then the team's write lock:
        // writers queue here, instead of failing on a serialization
        // conflict later.
        txn.execute_typed(
            "SELECT set_config('rolo.channel', $1, true), set_config('rolo.now', $2, true),
                    pg_advisory_xact_lock($3)",
            &[
                (&store.channel.to_string(), Type::TEXT),
                (&now.to_rfc3339(), Type::TEXT),
                (&WRITE_LOCK, Type::INT8),
            ],
        )
        .map_err(sql)?;
        if let Some(op) = &store.op {
            applied_before(&mut txn, op)?;
        }
        // Under the lock no other rolo writes: what is committed now is
        // what this write works on.
        let (state, highest) = State::read_with_ids(&mut txn)?;
        let copy = refreshed(&mut self.copy, &self.url, &self.login, &mut txn, state)?;
        local::number_past(&copy.db, &self.login, &highest)?;
        let before = Small::read(&copy.db)?;
        let how = Transact {
            actor: &self.login,
            op: None,
            shipping: true,
        };
        let (value, wrote) = store.transact(&copy.db, now, how, f)?;
        // From here the copy holds the write: if the database does not
        // take it, the copy (kept file and all) goes.
        let shipped = ship(
            &mut txn,
            copy,
            &self.login,
            store,
            state,
            &before,
            &wrote.changes,
        )
        .and_then(|()| txn.commit().map_err(sql));
        if let Err(e) = shipped {
            if let Some(copy) = self.copy.take() {
                copy.discard();
            }
            // A row added by hand with an id of its own, past the
            // counters: move them past it, so a second try gets on.
            if matches!(&e, StoreError::Team(t) if matches!(**t, TeamError::IdTaken(_))) {
                let _ = self.team.client.batch_execute("SELECT rolo.sync_ids()");
            }
            return Err(e.into());
        }
        if let Some(copy) = &mut self.copy {
            // Otherwise the copy keeps the revision it had: the next look
            // catches up on this write as the database stamped it (with
            // the audit entries the database wrote) — at once, not on the
            // next tick.
            copy.checked = None;
            // A command's copy is made durable when it closes, at exit;
            // the app's, which stays open, after each write.
            if store.channel == Channel::Tui {
                local::settle(copy)?;
            }
        }
        Ok((value, wrote.for_undo()))
    }
}

/// Apply what a write changed in the copy to the team database, in its
/// transaction `txn`; and when it was the only write since the copy's
/// revision, take it into the copy as the database stamped it.
fn ship(
    txn: &mut postgres::Transaction,
    copy: &mut WorkingCopy,
    login: &str,
    store: &Store,
    state: State,
    before: &Small,
    changes: &Undo,
) -> Result<(), StoreError> {
    for change in &changes.changes {
        apply(txn, change)?;
    }
    let after = Small::read(&copy.db)?;
    before.apply_changes_to(&after, txn)?;
    if let Some(journal) = after.last_write.get(login)
        && before.last_write.get(login) != Some(journal)
    {
        let kept: Undo = decode("last write", 0, journal)?;
        let customers: Vec<i64> = kept.customers().iter().map(|c| c.0 as i64).collect();
        txn.execute_typed(
            "INSERT INTO rolo.last_write (journal, customers) VALUES ($1, $2)
             ON CONFLICT (login) DO UPDATE
             SET journal = excluded.journal, customers = excluded.customers",
            &[(journal, Type::BYTEA), (&customers, Type::INT8_ARRAY)],
        )
        .map_err(sql)?;
    }
    if let Some(op) = &store.op {
        txn.execute_typed(
            "INSERT INTO rolo.ops (id, command) VALUES ($1, $2)",
            &[(&op.id, Type::TEXT), (&(op.command as i64), Type::INT8)],
        )
        .map_err(sql)?;
    }
    let given = local::highest_given(&copy.db)?;
    let row = txn
        .query_typed_one(
            "SELECT rolo.claim_ids($1), n, visibility FROM rolo.revision",
            &[(&given, Type::INT8_ARRAY)],
        )
        .map_err(sql)?;
    let (revision, visibility): (i64, i64) = (row.get(1), row.get(2));
    // Revisions are taken one transaction at a time (the revision row is
    // locked until commit): the very next one means no one else wrote.
    let alone = revision == state.revision + 1 && visibility == state.visibility;
    let moved_customers = changes
        .changes
        .iter()
        .any(|c| matches!(c, Change::Customer { .. }));
    if alone && !moved_customers {
        local::adopt_own_write(copy, txn, login, revision)?;
    }
    Ok(())
}

/// A PostgreSQL error, as the store reports it.
pub(super) fn sql(e: postgres::Error) -> StoreError {
    TeamError::from(e).into()
}

/// `--op-id` already applied: by this command (a retry) or another.
fn applied_before(
    client: &mut impl GenericClient,
    op: &crate::store::Op,
) -> Result<(), StoreError> {
    let row = client
        .query_typed_opt(
            "SELECT command FROM rolo.ops WHERE id = $1",
            &[(&op.id, Type::TEXT)],
        )
        .map_err(sql)?;
    match row.map(|r| r.get::<_, i64>(0)) {
        None => Ok(()),
        Some(command) if command as u64 == op.command => {
            Err(StoreError::AlreadyApplied(op.id.clone()))
        }
        Some(_) => Err(StoreError::OpReused(op.id.clone())),
    }
}
