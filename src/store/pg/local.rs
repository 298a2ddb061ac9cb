//! The working copy: what the caller may see of a team database, in a redb
//! database of its own, kept current.
//!
//! It is kept between runs in the cache directory
//! (`$XDG_CACHE_HOME/rolo/team/DATABASE-LOGIN-SLOT.redb`, private to the
//! user), so a command catches up on what changed since its last run
//! instead of loading everything: rows stamped with a newer revision, the
//! ids deleted since (`gone`), new audit entries. When who-sees-what may
//! have changed (`visibility` moved), or the copy is missing or unreadable,
//! it is loaded afresh. Each running rolo claims its own slot (redb locks
//! the file); when all are taken, the copy lives in memory for that run.

use super::TeamError;
use super::working::sql;
use crate::domain::*;
use crate::store::codec::encode;
use crate::store::tables::{
    AUDIT, CAMPAIGNS, DATABASE_ID, GENERATION, LAST_WRITE, META, NAMES_GENERATION, NEXT_AUDIT,
    SCHEMA_VERSION, TEAM_AUDIT_SEQ, TEAM_REVISION, TEAM_VISIBILITY, VIEWS,
};
use crate::store::{EachKind, RecordKind, Rows, StoreError, Undo, Writer, each_kind};
use chrono::DateTime;
use postgres::GenericClient;
use postgres::types::Type;
use redb::ReadableDatabase;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// How many rolo processes of one user keep a copy on disk at once (the
/// app in one terminal, commands in others); more run in memory.
const SLOTS: usize = 4;

/// The team database's state, as one snapshot reads it (`rolo.revision`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct State {
    pub revision: i64,
    pub visibility: i64,
    pub database_id: i64,
    /// The team schema it was set up with.
    pub schema: i32,
}

impl State {
    pub fn read(client: &mut impl GenericClient) -> Result<State, StoreError> {
        let row = client
            .query_typed_one(
                "SELECT n, visibility, database_id, schema FROM rolo.revision",
                &[],
            )
            .map_err(sql)?;
        Ok(State::of(&row))
    }

    /// The state, and the highest id of each kind ever given (customers,
    /// interactions, tasks, deals, cases: their sequences, which every rolo
    /// write moves past what it wrote), in one round trip.
    pub fn read_with_ids(client: &mut impl GenericClient) -> Result<(State, Vec<i64>), StoreError> {
        let row = client
            .query_typed_one(
                "SELECT n, visibility, database_id, schema, rolo.highest_ids() FROM rolo.revision",
                &[],
            )
            .map_err(sql)?;
        Ok((State::of(&row), row.get(4)))
    }

    fn of(row: &postgres::Row) -> State {
        State {
            revision: row.get(0),
            visibility: row.get(1),
            database_id: row.get(2),
            schema: row.get(3),
        }
    }
}

/// A working copy and what it holds.
pub(super) struct WorkingCopy {
    pub db: Arc<redb::Database>,
    /// Where it is kept between runs; `None`: in memory only.
    path: Option<PathBuf>,
    /// The team database's revision and visibility it holds.
    revision: i64,
    visibility: i64,
    /// The newest audit entry it holds.
    audit_seq: i64,
    /// Counts refreshes, so the app's generation check sees every one.
    generation: u64,
    /// When it was last compared with the team database (`None`: it must
    /// be before it is read again).
    pub checked: Option<Instant>,
}

impl WorkingCopy {
    /// Close the copy once no read holds it any more, waiting up to
    /// `patience`; past that, the last reader's drop closes it.
    pub fn close(self, patience: std::time::Duration) {
        let since = Instant::now();
        while Arc::strong_count(&self.db) > 1 && since.elapsed() < patience {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    /// Drop a copy that may hold what the team database does not (a write
    /// it refused), and the file it is kept in, so no run trusts it.
    pub fn discard(self) {
        drop(self.db);
        if let Some(path) = self.path {
            let _ = std::fs::remove_file(path);
        }
    }

    /// Whether it holds exactly what the team database does at `state`.
    pub fn is_current(&self, state: State) -> bool {
        self.revision == state.revision && self.visibility == state.visibility
    }
}

/// Bring `copy` (or the one kept on disk, or a new one) up to `state`,
/// reading from `client` — one snapshot, or the write's transaction.
pub(super) fn refresh(
    copy: Option<WorkingCopy>,
    client: &mut impl GenericClient,
    login: &str,
    state: State,
) -> Result<WorkingCopy, StoreError> {
    let mut copy = match copy {
        Some(copy) => copy,
        None => match claim(login, state.database_id) {
            Claimed::Usable(copy) => copy,
            // Hold the slot's lock until the new copy replaces the file.
            Claimed::Unusable(path, held) => {
                let copy = load(client, login, state, 1, Some(path));
                drop(held);
                return copy;
            }
            Claimed::Nothing => return load(client, login, state, 1, None),
        },
    };
    if copy.is_current(state) {
        copy.checked = Some(Instant::now());
        return Ok(copy);
    }
    let generation = copy.generation + 1;
    if copy.visibility == state.visibility && copy.revision < state.revision {
        catch_up(&mut copy, client, login, state, generation)?;
        return Ok(copy);
    }
    load(client, login, state, generation, copy.path.clone())
}

/// The directory copies are kept in: private to the user.
fn directory() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    use std::os::unix::fs::DirBuilderExt;
    let dir = etcetera::choose_base_strategy()
        .ok()?
        .cache_dir()
        .join("rolo")
        .join("team");
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&dir)
        .ok()?;
    Some(dir)
}

/// A file name for a login, whatever its characters.
fn file_part(login: &str) -> String {
    if !login.is_empty()
        && login
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        login.to_string()
    } else {
        login.bytes().map(|b| format!("{b:02x}")).collect()
    }
}

/// What claiming a slot found.
enum Claimed {
    /// A whole copy, ready to catch up.
    Usable(WorkingCopy),
    /// A slot whose file holds no usable copy (new, another rolo's
    /// schema, damaged); its lock, when it could be taken.
    Unusable(PathBuf, Option<redb::Database>),
    /// No free slot, or no cache directory: the copy lives in memory.
    Nothing,
}

/// The first free slot, opened and locked for this process (redb locks
/// the file).
fn claim(login: &str, database_id: i64) -> Claimed {
    let Some(dir) = directory() else {
        return Claimed::Nothing;
    };
    for slot in 0..SLOTS {
        let path = dir.join(format!("{database_id}-{}-{slot}.redb", file_part(login)));
        match open(&path) {
            Ok(db) => {
                private(&path);
                return match describe(&db) {
                    Some(held) => Claimed::Usable(WorkingCopy {
                        db: Arc::new(db),
                        path: Some(path),
                        revision: held.revision,
                        visibility: held.visibility,
                        audit_seq: held.audit_seq,
                        generation: held.generation,
                        checked: Some(Instant::now()),
                    }),
                    None => Claimed::Unusable(path, Some(db)),
                };
            }
            Err(redb::DatabaseError::DatabaseAlreadyOpen) => continue,
            Err(_) => return Claimed::Unusable(path, None),
        }
    }
    Claimed::Nothing
}

/// What a kept copy holds, as its meta table says.
struct Held {
    revision: i64,
    visibility: i64,
    audit_seq: i64,
    generation: u64,
}

/// What a kept file holds, if it is a whole copy this rolo can use.
fn describe(db: &redb::Database) -> Option<Held> {
    let txn = db.begin_read().ok()?;
    let meta = txn.open_table(META).ok()?;
    let get = |key: &str| -> Option<u64> { meta.get(key).ok()?.map(|v| v.value()) };
    if get(SCHEMA_VERSION)? != crate::store::SCHEMA_VERSION {
        return None;
    }
    Some(Held {
        revision: get(TEAM_REVISION)? as i64,
        visibility: get(TEAM_VISIBILITY)? as i64,
        audit_seq: get(TEAM_AUDIT_SEQ)? as i64,
        generation: get(GENERATION).unwrap_or(1),
    })
}

/// Open (or create) a kept copy, with the page cache a file database
/// gets for writing: bounded, whatever the copy's size.
fn open(path: &Path) -> Result<redb::Database, redb::DatabaseError> {
    redb::Database::builder()
        .set_cache_size(crate::store::open::WRITE_CACHE)
        .create(path)
}

/// Only its user may read a kept copy.
fn private(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
}

/// A writer on a copy that journals nothing and audits nothing: loading
/// and catching up only mirror what the team database holds.
fn mirror(
    db: &redb::Database,
    login: &str,
    durability: redb::Durability,
) -> Result<Writer, StoreError> {
    let mut txn = db.begin_write()?;
    txn.set_durability(durability)
        .map_err(|e| StoreError::Db(e.into()))?;
    Ok(Writer {
        txn,
        now: chrono::Utc::now().fixed_offset(),
        actor: login.to_string(),
        channel: Channel::Sql,
        names_changed: false,
        journal: Undo::default(),
        journaling: false,
        undoable: false,
        shipping: true,
    })
}

/// The first error of a row callback that can only say "stop".
#[derive(Default)]
struct FirstError(Option<StoreError>);

impl FirstError {
    /// Whether to go on: false, keeping the error, on a failure.
    fn keep(&mut self, result: Result<(), StoreError>) -> bool {
        match result {
            Ok(()) => true,
            Err(e) => {
                self.0 = Some(e);
                false
            }
        }
    }

    fn into_result(self) -> Result<(), StoreError> {
        self.0.map_or(Ok(()), Err)
    }
}

/// Load everything the caller may see into a new database: at `path`
/// (written beside it, then moved over it) or in memory.
fn load(
    client: &mut impl GenericClient,
    login: &str,
    state: State,
    generation: u64,
    path: Option<PathBuf>,
) -> Result<WorkingCopy, StoreError> {
    let (db, fresh) = match &path {
        Some(path) => {
            let fresh = path.with_extension("new");
            let _ = std::fs::remove_file(&fresh);
            match open(&fresh) {
                Ok(db) => {
                    private(&fresh);
                    (db, Some(fresh))
                }
                Err(_) => (crate::store::empty_database()?, None),
            }
        }
        None => (crate::store::empty_database()?, None),
    };
    {
        let txn = db.begin_write()?;
        crate::store::open::check_schema(&txn, Path::new(":team:"))?;
        txn.commit()?;
    }
    // A load is committed durably (unlike a catch-up): it is big, and a
    // process that stops before closing the copy must not leave it empty.
    let mut w = mirror(&db, login, redb::Durability::Immediate)?;
    w.rows(|rows| mirror_rows(client, rows, None))?;
    let audit_seq = load_small_tables(&mut w, client, login, 0)?;
    {
        let mut meta = w.txn.open_table(META)?;
        meta.insert(DATABASE_ID, state.database_id as u64)?;
        meta.insert(GENERATION, generation)?;
        meta.insert(NAMES_GENERATION, generation)?;
        meta.insert(TEAM_REVISION, state.revision as u64)?;
        meta.insert(TEAM_VISIBILITY, state.visibility as u64)?;
        meta.insert(TEAM_AUDIT_SEQ, audit_seq as u64)?;
    }
    w.txn.commit()?;
    let path = match (fresh, path) {
        (Some(fresh), Some(path)) => std::fs::rename(&fresh, &path).ok().map(|()| path),
        _ => None,
    };
    Ok(WorkingCopy {
        db: Arc::new(db),
        path,
        revision: state.revision,
        visibility: state.visibility,
        audit_seq,
        generation,
        checked: Some(Instant::now()),
    })
}

/// Apply what changed since the copy's revision: rows written since, ids
/// deleted since, audit entries since; campaigns, saved views and the
/// undo journal read again (they are few).
fn catch_up(
    copy: &mut WorkingCopy,
    client: &mut impl GenericClient,
    login: &str,
    state: State,
    generation: u64,
) -> Result<(), StoreError> {
    let since = copy.revision;
    let mut w = mirror(&copy.db, login, redb::Durability::None)?;
    let gone = gone_since(client, since)?;
    let mut erased = Vec::new();
    w.rows(|r| -> Result<(), StoreError> {
        mirror_rows(client, r, Some(since))?;
        // What hangs off a customer goes before the customer.
        each_kind(&mut Forget {
            rows: r,
            gone: &gone,
        })?;
        erased = forget::<Customer>(r, &gone)?;
        Ok(())
    })?;
    // As the team database did (`audit_row`), entries about a removed
    // customer no longer say whom they were about.
    for id in erased {
        w.scrub_audit(id)?;
    }
    let audit_seq = load_small_tables(&mut w, client, login, copy.audit_seq)?;
    {
        let mut meta = w.txn.open_table(META)?;
        meta.insert(GENERATION, generation)?;
        meta.insert(NAMES_GENERATION, generation)?;
        meta.insert(TEAM_REVISION, state.revision as u64)?;
        meta.insert(TEAM_AUDIT_SEQ, audit_seq as u64)?;
    }
    w.txn.commit()?;
    copy.revision = state.revision;
    copy.audit_seq = audit_seq;
    copy.generation = generation;
    copy.checked = Some(Instant::now());
    Ok(())
}

/// Mirror the rows of every kind the team database holds into a working
/// copy: all of them (a load, which also moves the id counters past
/// them), or those written after revision `since` (a catch-up).
fn mirror_rows(
    client: &mut impl GenericClient,
    rows: &mut Rows<'_>,
    since: Option<i64>,
) -> Result<(), StoreError> {
    let mut mirror = Mirror {
        client,
        rows,
        since,
        failed: FirstError::default(),
    };
    each_kind(&mut mirror)?;
    mirror.failed.into_result()
}

/// What [`mirror_rows`] does for each kind.
struct Mirror<'a, 'r, 't, C> {
    client: &'a mut C,
    rows: &'r mut Rows<'t>,
    since: Option<i64>,
    failed: FirstError,
}

impl<C: GenericClient> EachKind for Mirror<'_, '_, '_, C> {
    fn kind<K: RecordKind>(&mut self) -> Result<(), StoreError> {
        let (rows, failed) = (&mut *self.rows, &mut self.failed);
        match self.since {
            None => {
                let mut highest = 0;
                super::copy::each(self.client, None, &mut |row: K| {
                    highest = highest.max(row.id().into());
                    failed.keep(K::put(rows, None, &row))
                })?;
                rows.keep_id_above::<K>(highest)
            }
            Some(since) => {
                super::copy::each(self.client, Some(since), &mut |row: K| {
                    failed.keep(
                        rows.get::<K>(row.id())
                            .and_then(|old| K::put(rows, old.as_ref(), &row)),
                    )
                })?;
                Ok(())
            }
        }
    }
}

/// Deletes what `rolo.gone` names, of every kind but customers (which go
/// last: see [`forget`]).
struct Forget<'a, 'r, 't> {
    rows: &'r mut Rows<'t>,
    gone: &'a [(String, u64)],
}

impl EachKind for Forget<'_, '_, '_> {
    fn kind<K: RecordKind>(&mut self) -> Result<(), StoreError> {
        if K::NAME != Customer::NAME {
            forget::<K>(self.rows, self.gone)?;
        }
        Ok(())
    }
}

/// Delete the rows of kind `K` that `gone` names and the copy still
/// holds; their ids.
fn forget<K: RecordKind>(
    rows: &mut Rows<'_>,
    gone: &[(String, u64)],
) -> Result<Vec<K::Id>, StoreError> {
    let mut forgotten = Vec::new();
    for (table, id) in gone {
        if table == K::TEAM_TABLE
            && let Some(row) = rows.get::<K>(K::Id::from(*id))?
        {
            K::delete(rows, &row)?;
            forgotten.push(row.id());
        }
    }
    Ok(forgotten)
}

/// The (table, id) of every row deleted after revision `since`.
fn gone_since(
    client: &mut impl GenericClient,
    since: i64,
) -> Result<Vec<(String, u64)>, StoreError> {
    let rows = client
        .query_typed(
            "SELECT tbl, id FROM rolo.gone WHERE rev > $1 ORDER BY rev",
            &[(&since, Type::INT8)],
        )
        .map_err(sql)?;
    Ok(rows
        .iter()
        .map(|row| (row.get::<_, String>(0), row.get::<_, i64>(1) as u64))
        .collect())
}

/// Campaigns and saved views (read whole), the audit entries after
/// `audit_since`, and the caller's undo journal. Returns the newest audit
/// seq now held.
fn load_small_tables(
    w: &mut Writer,
    client: &mut impl GenericClient,
    login: &str,
    audit_since: i64,
) -> Result<i64, StoreError> {
    let mut campaigns = Vec::new();
    super::copy::each_campaign(client, &mut |c: Campaign| {
        campaigns.push(c);
        true
    })?;
    {
        let mut table = w.txn.open_table(CAMPAIGNS)?;
        table.retain(|_, _| false)?;
        for c in &campaigns {
            table.insert(Campaign::key(&c.name).as_str(), encode(c)?.as_slice())?;
        }
    }
    let views = client
        .query_typed("SELECT name, record FROM rolo.views ORDER BY name", &[])
        .map_err(sql)?;
    {
        let mut table = w.txn.open_table(VIEWS)?;
        table.retain(|_, _| false)?;
        for row in views {
            let name: String = row.get(0);
            let filter: CustomerFilter = serde_json::from_value(row.get(1)).map_err(|e| {
                TeamError::Sql(format!("saved view \"{name}\" cannot be read ({e})"))
            })?;
            table.insert(name.as_str(), encode(&filter)?.as_slice())?;
        }
    }
    let audit_seq = load_audit(client, w, audit_since)?;
    let journal = client
        .query_typed_opt(
            "SELECT journal FROM rolo.last_write WHERE login = session_user",
            &[],
        )
        .map_err(sql)?
        .map(|row| row.get::<_, Vec<u8>>(0))
        .filter(|journal| !journal.is_empty());
    let journal = match journal {
        Some(journal) => journal,
        None => encode(&Undo::default())?,
    };
    w.txn
        .open_table(LAST_WRITE)?
        .insert(login, journal.as_slice())?;
    Ok(audit_seq)
}

/// The audit entries after `since` the caller may see (their own, and
/// those about customers they see). Returns the newest seq held.
fn load_audit(client: &mut impl GenericClient, w: &Writer, since: i64) -> Result<i64, StoreError> {
    use postgres::fallible_iterator::FallibleIterator;
    let mut table = w.txn.open_table(AUDIT)?;
    let mut rows = client
        .query_typed_raw(
            "SELECT seq, at, actor, channel, action, entity, customer_id, fields
             FROM rolo.audit WHERE seq > $1 ORDER BY seq",
            [(since, Type::INT8)],
        )
        .map_err(sql)?;
    let mut newest = since;
    while let Some(row) = rows.next().map_err(sql)? {
        let seq: i64 = row.get(0);
        let channel = match row.get::<_, &str>(3) {
            "cli" => Channel::Cli,
            "tui" => Channel::Tui,
            "import" => Channel::Import,
            _ => Channel::Sql,
        };
        let entry = AuditEntry {
            seq: seq as u64,
            at: row.get::<_, DateTime<chrono::Utc>>(1).fixed_offset(),
            actor: row.get(2),
            channel,
            action: row.get(4),
            entity: row.get(5),
            customer: row.get::<_, Option<i64>>(6).map(|c| CustomerId(c as u64)),
            fields: row.get(7),
        };
        table.insert(entry.seq, encode(&entry)?.as_slice())?;
        newest = newest.max(seq);
    }
    drop(table);
    w.txn
        .open_table(META)?
        .insert(NEXT_AUDIT, newest as u64 + 1)?;
    Ok(newest)
}

/// Move the copy's id counters past `highest` (customers, interactions,
/// tasks, deals, cases), so new records take ids nobody has had.
pub(super) fn number_past(
    db: &redb::Database,
    login: &str,
    highest: &[i64],
) -> Result<(), StoreError> {
    let ids: Vec<u64> = highest.iter().map(|id| (*id).max(0) as u64).collect();
    let mut w = mirror(db, login, redb::Durability::None)?;
    w.rows(|r| {
        r.keep_ids_above(&ids);
        Ok::<_, StoreError>(())
    })?;
    w.txn.commit()?;
    Ok(())
}

/// The highest id of each kind the copy has handed out (in the order of
/// `State::read_with_ids`): what a write claims in the team database.
pub(super) fn highest_given(db: &redb::Database) -> Result<Vec<i64>, StoreError> {
    struct Counters<'m> {
        meta: &'m redb::ReadOnlyTable<&'static str, u64>,
        ids: Vec<i64>,
    }
    impl EachKind for Counters<'_> {
        fn kind<K: RecordKind>(&mut self) -> Result<(), StoreError> {
            let next = self.meta.get(K::COUNTER)?.map_or(1, |v| v.value());
            self.ids.push(next.saturating_sub(1) as i64);
            Ok(())
        }
    }
    let txn = db.begin_read()?;
    let meta = txn.open_table(META)?;
    let mut counters = Counters {
        meta: &meta,
        ids: Vec::new(),
    };
    each_kind(&mut counters)?;
    Ok(counters.ids)
}

/// Take a write of this login's own into the copy without reading it all
/// back: the copy already holds its rows, so only the audit entries the
/// database wrote for it are read (in the write's transaction), and the
/// copy moves to `revision`. Only sound when nothing else was written
/// since the copy's revision, and the write moved no customer (whose
/// owner the database may have set, and whose removal scrubs the audit).
pub(super) fn adopt_own_write(
    copy: &mut WorkingCopy,
    client: &mut impl GenericClient,
    login: &str,
    revision: i64,
) -> Result<(), StoreError> {
    let w = mirror(&copy.db, login, redb::Durability::None)?;
    let audit_seq = load_audit(client, &w, copy.audit_seq)?;
    let generation = copy.generation + 1;
    {
        let mut meta = w.txn.open_table(META)?;
        meta.insert(GENERATION, generation)?;
        meta.insert(TEAM_REVISION, revision as u64)?;
        meta.insert(TEAM_AUDIT_SEQ, audit_seq as u64)?;
    }
    w.txn.commit()?;
    copy.revision = revision;
    copy.audit_seq = audit_seq;
    copy.generation = generation;
    Ok(())
}

/// Make what a write committed to the copy durable (its own commit skips
/// the fsync), after the team database committed it.
pub(super) fn settle(copy: &WorkingCopy) -> Result<(), StoreError> {
    if copy.path.is_some() {
        copy.db.begin_write()?.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_makes_a_safe_file_name() {
        assert_eq!(file_part("alice"), "alice");
        assert_eq!(file_part("a-b_c9"), "a-b_c9");
        assert_eq!(file_part("../x"), "2e2e2f78");
        assert_eq!(file_part("刘"), "e58898");
        assert_eq!(file_part(""), "");
    }
}
