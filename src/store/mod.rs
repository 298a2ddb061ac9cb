//! The only code that touches a database: redb files here, and team
//! databases on PostgreSQL in [`pg`].
//!
//! Every operation takes the sidecar lock, opens the file, runs ONE
//! transaction and drops both, so a TUI in one terminal and `rolo log` in
//! another share the file without ever holding it while a user thinks.
//! The API speaks domain types only: `Store::read` hands out a [`Reader`],
//! `Store::write` a [`Writer`]; both implement [`Reads`].

mod backup;
mod backup_names;
mod check;
mod codec;
mod correct;
mod erase;
mod error;
mod files;
mod guard;
mod keys;
pub use keys::fold;
mod lock;
mod maintained;
mod merge;
mod open;
mod overlay;
pub mod pg;
mod phone_forms;
mod phone_keys;
mod read;
mod record;
mod rows;
mod sales;
mod search_snapshot;
mod swap;
mod tables;
mod undo;
mod write;

pub use backup::{Backup, BackupError, Contents, OlderCopies, Restored, inspect};
pub use check::{CheckReport, Checked, MAX_LISTED, Problem};
pub use erase::{ERASED_ENTITY, Erased, Scrubbed};
pub use error::{Result, StoreError};
pub use guard::Output;
pub use lock::lock_path;
pub use maintained::CustomerSummary;
pub use merge::{MergePlan, Merged, Moved, merge_plan};
pub use open::looks_like_a_database;
pub use read::{Counts, DayCount, DueWindow, GroupCount, Reads, Record, Records, Shared};
pub use record::{EachKind, RecordKind, TeamValue, each_kind};
pub use rows::{LogResult, Rows};
pub use sales::Closed;
pub use undo::{Change, Undo, VisitChange};

use crate::domain::Channel;
use chrono::{DateTime, FixedOffset};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The schema this build reads and writes. Bump it together with a step in `open::migrate`.
/// 2: deals, service cases, campaigns and saved views.
/// 3: phone lookup keys are libphonenumber's E.164 (`p:+8613800138000`,
///    `p:#12345` for a number that does not parse), read in the region
///    recorded in `meta.phone_region`; an older file's phone keys are
///    rebuilt on its first write (see `phone_keys`).
/// 4: the maintained report answers.
/// 5: orders.
pub const SCHEMA_VERSION: u64 = 5;

/// How long an operation waits for another process before reporting "busy".
pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(5);

/// A handle on a database file. Cheap: it holds no file open.
#[derive(Debug, Clone)]
pub struct Store {
    path: PathBuf,
    actor: String,
    channel: Channel,
    lock_timeout: Duration,
    /// What the last successful write through this handle changed.
    last_undo: Arc<Mutex<Undo>>,
    /// The caller's id for the write this handle makes (`--op-id`).
    op: Option<Op>,
    /// Read a missing database as an empty one (creating nothing) instead
    /// of failing: the full-screen app before its first write.
    missing_reads_empty: bool,
    /// Set when `path` is a `postgresql://` URL: the team database and the
    /// working copy every operation runs on (`pg::working`).
    team: Option<Arc<pg::Link>>,
}

/// A caller's id for one write (`--op-id`), with a fingerprint of the
/// command it names, so a retry is told apart from a reused id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Op {
    pub id: String,
    pub command: u64,
}

/// A read-only snapshot for the duration of one `Store::read` call.
pub struct Reader {
    txn: redb::ReadTransaction,
}

/// One write transaction: everything done through it commits together, with
/// its audit entries and a bumped generation, or not at all.
pub struct Writer {
    txn: redb::WriteTransaction,
    now: DateTime<FixedOffset>,
    actor: String,
    channel: Channel,
    /// Set when a customer's search text changed, to bump `names_generation`.
    names_changed: bool,
    /// The rows this transaction changed, for undo (and, on a team
    /// database, for shipping to it).
    journal: Undo,
    journaling: bool,
    /// The journal is what undo takes back; false after `skip_journal`.
    undoable: bool,
    /// Every change is journaled whatever the write asks: a team
    /// database's working copy ships them (`pg::working`).
    shipping: bool,
}

impl Store {
    /// A handle on the database at `path`. A symlink is resolved here, once:
    /// every rewrite goes to the file it points at, and the lock file is
    /// the one beside that file, whichever link a user came through.
    ///
    /// A `postgresql://` URL instead of a path is a team database.
    pub fn new(path: impl Into<PathBuf>, channel: Channel) -> Store {
        let path = path.into();
        let team = pg::is_url(&path.to_string_lossy())
            .then(|| Arc::new(pg::Link::new(&path.to_string_lossy())));
        // On a team database the actor is the database login.
        let actor = team
            .as_ref()
            .and_then(|link| link.login())
            .unwrap_or_else(current_user);
        Store {
            path: if team.is_some() {
                path
            } else {
                files::resolve(&path)
            },
            actor,
            channel,
            lock_timeout: DEFAULT_LOCK_TIMEOUT,
            last_undo: Arc::default(),
            op: None,
            missing_reads_empty: false,
            team,
        }
    }

    /// Whether this is a team database on PostgreSQL, not a file.
    pub fn is_team(&self) -> bool {
        self.team.is_some()
    }

    /// On the way out of a long-lived process (the app): close a team
    /// database's working copy, so its file is left whole and the next run
    /// opens it at once instead of repairing it. Waits up to `patience` for
    /// a read still running on another thread; every clone's use after
    /// this fails. A file database has nothing open between operations.
    pub fn close(&self, patience: Duration) {
        if let Some(link) = &self.team {
            link.close(patience);
        }
    }

    /// Reads of a database that does not exist yet see an empty one (made
    /// in memory; nothing is created on disk) instead of failing with
    /// `StoreError::NoDatabase`. For the full-screen app, whose first
    /// write creates the file.
    pub fn reading_missing_as_empty(mut self) -> Store {
        self.missing_reads_empty = true;
        self
    }

    /// Whether the database file exists (a team database always does: a
    /// missing one fails to connect, saying so).
    pub fn exists(&self) -> bool {
        self.team.is_some() || self.path.exists()
    }

    pub fn with_actor(mut self, actor: impl Into<String>) -> Store {
        self.actor = actor.into();
        self
    }

    pub fn with_channel(mut self, channel: Channel) -> Store {
        self.channel = channel;
        self
    }

    /// Tag the write made through this handle with `op`: a write carrying
    /// an op id already applied for the same command fails with
    /// `StoreError::AlreadyApplied` and writes nothing, so retrying after an
    /// unknown outcome (a killed process, a lost connection) is safe; the
    /// id applied for another command fails with `StoreError::OpReused`.
    /// For one-write commands.
    pub fn with_op(mut self, op: Option<Op>) -> Store {
        self.op = op;
        self
    }

    pub fn with_lock_timeout(mut self, timeout: Duration) -> Store {
        self.lock_timeout = timeout;
        self
    }

    /// Take the journal of the last successful write (empty if none): what
    /// `Writer::undo` needs to take it back.
    pub fn take_last_undo(&self) -> Undo {
        self.last_undo
            .lock()
            .map(|mut last| std::mem::take(&mut *last))
            .unwrap_or_default()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// Run `f` against a consistent snapshot. Nothing is ever created: a
    /// missing database is `StoreError::NoDatabase` (or reads as empty, see
    /// [`Store::reading_missing_as_empty`]). `f` may fail with any error a
    /// `StoreError` converts into.
    pub fn read<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Reader) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        self.guard(|| self.read_unguarded(f))
    }

    fn read_unguarded<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Reader) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        if let Some(link) = &self.team {
            return link.read(self.channel, f);
        }
        if self.missing_reads_empty && !self.path.exists() {
            let db = empty_database()?;
            let reader = Reader {
                txn: redb::ReadableDatabase::begin_read(&db).map_err(StoreError::from)?,
            };
            return f(&reader);
        }
        let db = open::for_read(&self.path, self.lock_timeout)?;
        let reader = Reader {
            txn: db.begin_read().map_err(StoreError::from)?,
        };
        f(&reader)
    }

    /// Run `f` in one durable write transaction stamped with `now`. If `f`
    /// fails, nothing is written.
    pub fn write<T, E: From<StoreError>>(
        &self,
        now: DateTime<FixedOffset>,
        f: impl FnOnce(&mut Writer) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        self.guard(|| self.write_unguarded(now, f))
    }

    /// redb panics on some damaged pages (a flipped bit in a B-tree page):
    /// report that as the file being damaged, naming it, instead of
    /// crashing — the TUI stays up, the CLI exits 1 with a message. A panic
    /// anywhere else is rolo's own bug, and says so: "damaged" only when
    /// the storage engine itself gave up.
    fn guard<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce() -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let caught = quiet_panics::catch(f);
        caught.unwrap_or_else(|panic| {
            Err(if panic.in_storage_engine {
                StoreError::Corrupt {
                    path: self.path.clone(),
                    detail: format!(
                        "reading it failed inside the storage engine ({}); restore a backup (rolo restore)",
                        panic.message
                    ),
                }
            } else {
                StoreError::Bug {
                    detail: format!("{} at {}", panic.message, panic.location),
                }
            }
            .into())
        })
    }

    fn write_unguarded<T, E: From<StoreError>>(
        &self,
        now: DateTime<FixedOffset>,
        f: impl FnOnce(&mut Writer) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        if let Some(link) = &self.team {
            let (value, journal) = link.write(self, now, f)?;
            if let Ok(mut last) = self.last_undo.lock() {
                *last = journal;
            }
            return Ok(value);
        }
        let db = open::for_write(&self.path, self.lock_timeout)?;
        let how = Transact {
            actor: &self.actor,
            op: self.op.as_ref(),
            shipping: false,
        };
        let (value, wrote) = self.transact(&db, now, how, f)?;
        db.close()?;
        backup::note_write();
        if let Ok(mut last) = self.last_undo.lock() {
            *last = wrote.for_undo();
        }
        Ok(value)
    }

    /// One write transaction on an open database: `f`, the op id, the
    /// user's last-write journal and the generation, committed. The commit
    /// itself skips the fsync: closing the database makes it durable with
    /// redb's own closing commit (which records the allocator state
    /// anyway), and the caller reports success only after that. Two fewer
    /// fsyncs per write; a crash before the close loses only a write that
    /// was never acknowledged.
    ///
    /// Returns what the write changed: its undo journal, or on a team
    /// database's working copy (`how.shipping`) every change, bulk or not.
    fn transact<T, E: From<StoreError>>(
        &self,
        db: &redb::Database,
        now: DateTime<FixedOffset>,
        how: Transact<'_>,
        f: impl FnOnce(&mut Writer) -> std::result::Result<T, E>,
    ) -> std::result::Result<(T, Wrote), E> {
        let mut txn = db.begin_write().map_err(StoreError::from)?;
        txn.set_quick_repair(true);
        txn.set_durability(redb::Durability::None)
            .map_err(|e| StoreError::Db(e.into()))?;
        open::check_schema(&txn, &self.path)?;
        if let Some(op) = how.op {
            record_op(&txn, op, now)?;
        }
        let mut writer = Writer {
            txn,
            now,
            actor: how.actor.to_string(),
            channel: self.channel,
            names_changed: false,
            journal: Undo::default(),
            journaling: true,
            undoable: true,
            shipping: how.shipping,
        };
        let value = f(&mut writer)?;
        writer.keep_last_write()?;
        writer.bump_generation()?;
        let wrote = Wrote {
            changes: std::mem::take(&mut writer.journal),
            undoable: writer.undoable,
        };
        writer.txn.commit().map_err(StoreError::from)?;
        Ok((value, wrote))
    }
}

/// What one write changed, and whether undo may take it back.
struct Wrote {
    changes: Undo,
    undoable: bool,
}

impl Wrote {
    /// The journal undo takes back: empty for a bulk write.
    fn for_undo(self) -> Undo {
        if self.undoable {
            self.changes
        } else {
            Undo::default()
        }
    }
}

/// Who writes, under which op id, and whether every change is journaled.
#[derive(Clone, Copy)]
struct Transact<'a> {
    actor: &'a str,
    op: Option<&'a Op>,
    shipping: bool,
}

/// Record `op` in the write, or refuse it: applied before for the same
/// command (a retry: nothing to do) or for another one (a reused id).
fn record_op(txn: &redb::WriteTransaction, op: &Op, now: DateTime<FixedOffset>) -> Result<()> {
    use redb::ReadableTable;
    let mut ops = txn.open_table(tables::OPS)?;
    let mut commands = txn.open_table(tables::OP_COMMANDS)?;
    if ops.get(op.id.as_str())?.is_some() {
        // Ids recorded before fingerprints were kept count as the same command.
        let before = commands.get(op.id.as_str())?.map(|v| v.value());
        return Err(match before {
            Some(command) if command != op.command => StoreError::OpReused(op.id.clone()),
            _ => StoreError::AlreadyApplied(op.id.clone()),
        });
    }
    ops.insert(op.id.as_str(), now.timestamp())?;
    commands.insert(op.id.as_str(), op.command)?;
    Ok(())
}

/// An empty database with every table, in memory: what a database that
/// does not exist yet reads as, where that is wanted.
fn empty_database() -> Result<redb::Database> {
    let db =
        redb::Database::builder().create_with_backend(redb::backends::InMemoryBackend::new())?;
    let txn = db.begin_write()?;
    open::check_schema(&txn, Path::new(":memory:"))?;
    txn.commit()?;
    Ok(db)
}

/// Catching the storage engine's panics without printing them: the error
/// that replaces one says what happened.
mod quiet_panics {
    use std::cell::{Cell, RefCell};
    use std::sync::Once;

    thread_local! {
        static CATCHING: Cell<u32> = const { Cell::new(0) };
    }

    /// A panic caught: what it said and where.
    #[derive(Debug)]
    pub struct Caught {
        pub message: String,
        /// The source file and line that panicked.
        pub location: String,
        /// The panic came from redb's own code, which panics on some
        /// damaged pages — not from rolo or another crate.
        pub in_storage_engine: bool,
    }

    impl std::fmt::Display for Caught {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&self.message)
        }
    }

    thread_local! {
        /// Where the panic being caught happened: (file, line).
        static LOCATION: RefCell<Option<(String, u32)>> = const { RefCell::new(None) };
    }

    /// Run `f`; a panic inside becomes `Err(what and where)`.
    pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, Caught> {
        install_hook();
        CATCHING.with(|c| c.set(c.get() + 1));
        LOCATION.with(|l| l.replace(None));
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
        CATCHING.with(|c| c.set(c.get().saturating_sub(1)));
        result.map_err(|panic| {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".into());
            let (file, line) = LOCATION
                .with(|l| l.take())
                .unwrap_or_else(|| ("an unknown place".into(), 0));
            Caught {
                message,
                in_storage_engine: is_storage_engine(&file),
                location: format!("{file}:{line}"),
            }
        })
    }

    /// Whether a source path is inside the redb crate (`…/redb-4.6.0/src/…`).
    fn is_storage_engine(file: &str) -> bool {
        file.split(['/', '\\']).any(|part| {
            part.strip_prefix("redb-")
                .is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit()))
        })
    }

    /// Chains the hook installed before (the TUI's restores the terminal):
    /// a panic being caught here skips it, only noting where it happened;
    /// any other goes through.
    fn install_hook() {
        static ONCE: Once = Once::new();
        ONCE.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                if CATCHING.with(Cell::get) == 0 {
                    previous(info);
                } else if let Some(at) = info.location() {
                    LOCATION.with(|l| l.replace(Some((at.file().to_string(), at.line()))));
                }
            }));
        });
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn only_redb_source_counts_as_the_storage_engine() {
            assert!(is_storage_engine(
                "/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/redb-4.6.0/src/tree_store/btree_base.rs"
            ));
            assert!(!is_storage_engine(
                "/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/chrono-0.4.42/src/naive/date/mod.rs"
            ));
            assert!(!is_storage_engine("src/store/rows.rs"));
            assert!(!is_storage_engine("/home/me/redb-notes/src/x.rs"));
        }

        /// Issue 11 item 4: a panic in rolo's own code inside a write (a
        /// date overflow) was reported as "the database is damaged,
        /// restore a backup". It is a bug, and nothing was written.
        #[test]
        fn a_bug_inside_a_write_is_not_called_damage() {
            use crate::domain::{Channel, CustomerDraft};
            let dir = tempfile::tempdir().expect("tempdir");
            let store = crate::store::Store::new(dir.path().join("r.redb"), Channel::Cli);
            let now =
                chrono::DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").expect("valid");
            store
                .write(now, |w| w.add_customer(CustomerDraft::named("Ann")))
                .expect("first write");
            let err = store
                .write(now, |w| {
                    w.add_customer(CustomerDraft::named("Bob"))?;
                    let overflow = chrono::NaiveDate::MAX + chrono::Days::new(1);
                    Ok::<_, crate::store::StoreError>(overflow)
                })
                .expect_err("the closure panics");
            let text = err.to_string();
            assert!(
                matches!(err, crate::store::StoreError::Bug { .. }),
                "{text}"
            );
            assert!(!text.contains("damaged"), "{text}");
            assert!(
                text.contains("nothing was") && text.contains("written"),
                "{text}"
            );
            use crate::store::Reads;
            let count = store.read(|r| r.counts()).expect("reads").customers;
            assert_eq!(count, 1, "Bob was not written");
        }

        #[test]
        fn a_panic_outside_redb_is_not_the_storage_engine() {
            let caught = catch(|| {
                let day = chrono::NaiveDate::MAX;
                day + chrono::Days::new(1)
            });
            let caught = caught.expect_err("overflow panics");
            assert!(!caught.in_storage_engine, "{caught:?}");
            assert!(
                caught.location.contains("chrono") || caught.location.contains(".rs"),
                "{caught:?}"
            );
        }
    }
}

/// The Unix user name, for the audit trail and a new record's owner:
/// `$USER`, `$LOGNAME`, else the passwd entry of the real user (cron and
/// some SSH commands set neither), else `uid:N`.
pub fn current_user() -> String {
    for var in ["USER", "LOGNAME"] {
        if let Ok(name) = std::env::var(var)
            && !name.is_empty()
        {
            return name;
        }
    }
    // SAFETY: getuid cannot fail and touches no memory.
    let uid = unsafe { libc::getuid() };
    passwd_name(uid).unwrap_or_else(|| format!("uid:{uid}"))
}

/// The login name of `uid` from the passwd database.
fn passwd_name(uid: libc::uid_t) -> Option<String> {
    let mut buf = vec![0 as libc::c_char; 4096];
    // SAFETY: a zeroed passwd is a valid out-parameter (pointers null).
    let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
    let mut found: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: every pointer is valid for the call and `buf.len()` is its size;
    // getpwuid_r writes only into `entry` and `buf`.
    let status =
        unsafe { libc::getpwuid_r(uid, &mut entry, buf.as_mut_ptr(), buf.len(), &mut found) };
    if status != 0 || found.is_null() || entry.pw_name.is_null() {
        return None;
    }
    // SAFETY: on success pw_name points at a NUL-terminated string in `buf`.
    let name = unsafe { std::ffi::CStr::from_ptr(entry.pw_name) };
    let name = name.to_string_lossy().into_owned();
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod correct_tests;
#[cfg(test)]
mod fault_tests;
#[cfg(test)]
mod files_tests;
#[cfg(test)]
mod tests;
