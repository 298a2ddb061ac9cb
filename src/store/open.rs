//! Opening the file safely: create with private modes, refuse what is not
//! ours, repair after a crash, and gate on the schema version.

use super::erase::Scrubbed;
use super::error::{Result, StoreError};
use super::files::{self, Kind, Sidecars};
use super::lock::{self, LockGuard, LockKind};
use super::swap;
use super::tables::*;
use redb::{Database, ReadableDatabase, ReadableTable, WriteTransaction};
use std::fs::{self, OpenOptions};
use std::io::Read;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// redb caches pages up to 1 GiB by default; a read (one scan at most) gains
/// nothing from more than a few MB, and the TUI's memory budget is tight.
const READ_CACHE: usize = 1024 * 1024;

/// A write keeps at most half its cache as dirty pages, writing the rest
/// to free space in the file before the commit. With redb's 1 GiB default
/// a big import held its whole new database in memory (600 MB for 400k
/// rows); 64 MiB bounds that and measured no slower.
pub(super) const WRITE_CACHE: usize = 64 * 1024 * 1024;

const REDB_MAGIC: [u8; 9] = [b'r', b'e', b'd', b'b', 0x1A, 0x0A, 0xA9, 0x0D, 0x0A];

/// An open database and the lock that allows it. Fields drop in order:
/// the database closes first, then a creation that was not committed is
/// undone, then the lock is released.
pub struct Opened<D> {
    db: D,
    path: PathBuf,
    created: Option<Creation>,
    _lock: LockGuard,
}

impl Opened<Database> {
    /// Close the database (making pending commits durable), put a new
    /// database in place, then unlock.
    pub fn close(self) -> Result<()> {
        let Opened {
            db,
            path,
            created,
            _lock,
        } = self;
        db.close().map_err(|e| map_open_error(&path, e))?;
        match created {
            Some(c) => c.commit(),
            None => Ok(()),
        }
    }

    /// The database and its lock apart: erasure copies the database into a
    /// new file and writes it over this one while still locked.
    pub fn into_parts(self) -> Result<(Database, LockGuard)> {
        let Opened {
            db, created, _lock, ..
        } = self;
        if let Some(c) = created {
            c.commit()?;
        }
        Ok((db, _lock))
    }
}

/// A database made by this open, under a temporary name: it takes the
/// database's name only when the write that made it succeeds ([`Opened::close`]),
/// so a write that fails (`rolo log acme …` with a mistyped `--db`) leaves
/// nothing behind — not the file, nor its lock, nor the directories made
/// for it.
struct Creation {
    tmp: PathBuf,
    path: PathBuf,
    /// Directories made for the database, outermost first.
    dirs: Vec<PathBuf>,
    done: bool,
}

impl Creation {
    fn commit(mut self) -> Result<()> {
        self.done = true;
        let fail = |source| write_error(&self.path, source);
        fs::rename(&self.tmp, &self.path).map_err(fail)?;
        files::sync_dir(files::dir_of(&self.path)).map_err(fail)
    }
}

impl Drop for Creation {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        let _ = fs::remove_file(&self.tmp);
        // The lock is still held; a process waiting on it starts again on
        // a new one when it gets it (see `lock::acquire`).
        let _ = fs::remove_file(lock::lock_path(&self.path));
        for dir in self.dirs.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
    }
}

impl<D> std::ops::Deref for Opened<D> {
    type Target = D;
    fn deref(&self) -> &D {
        &self.db
    }
}

/// `rolo check` needs `&mut Database` for redb's integrity check.
impl<D> std::ops::DerefMut for Opened<D> {
    fn deref_mut(&mut self) -> &mut D {
        &mut self.db
    }
}

pub fn for_write(path: &Path, timeout: Duration) -> Result<Opened<Database>> {
    Ok(for_write_reporting(path, timeout)?.0)
}

/// Open for writing, first finishing whatever a killed process left
/// undone (a swap, a pending scrub after an erasure: see `swap` and
/// `erase`); returns what the scrub did, if one ran.
pub fn for_write_reporting(
    path: &Path,
    timeout: Duration,
) -> Result<(Opened<Database>, Option<Scrubbed>)> {
    let dirs = match database_kind(path)? {
        Kind::Missing => ensure_parent(path)?,
        _ => {
            refuse_what_is_not_a_database(path)?;
            Vec::new()
        }
    };
    let lock = match lock::acquire(path, LockKind::Exclusive, timeout) {
        Ok(lock) => lock,
        Err(e) => {
            for dir in dirs.iter().rev() {
                let _ = fs::remove_dir(dir); // only if still empty
            }
            return Err(e);
        }
    };
    // Dropped on an early return: undoes the directories and the lock file.
    let mut created = Some(Creation {
        tmp: Sidecars::of(path).new,
        path: path.to_path_buf(),
        dirs,
        done: false,
    });
    swap::recover(path).map_err(|e| write_error(path, e))?;
    let mut db = match database_kind(path)? {
        Kind::Missing => create_new(path)?,
        _ => {
            if let Some(c) = created.as_mut() {
                c.done = true;
            }
            created = None;
            check_magic(path)?;
            open_rw(path, timeout)?
        }
    };
    let mut scrubbed = None;
    if created.is_none() && scrub_pending(&db)? {
        scrubbed = Some(super::erase::rewrite(db, path)?);
        db = open_rw(path, timeout)?;
    }
    Ok((
        Opened {
            db,
            path: path.to_path_buf(),
            created,
            _lock: lock,
        },
        scrubbed,
    ))
}

/// Readers share the lock and open read-only. They never create anything:
/// a missing database is an error. A file whose last writer was killed
/// (it needs repair, a swap is half-done, or an erasure's scrub of the
/// file is pending) is opened for writing once, which finishes that first.
pub fn for_read(path: &Path, timeout: Duration) -> Result<Opened<Box<dyn ReadableDatabase>>> {
    require_database(path)?;
    refuse_what_is_not_a_database(path)?;
    let lock = lock::acquire(path, LockKind::Shared, timeout)?;
    if swap::pending(path) {
        drop(lock);
        return Ok(boxed(for_write(path, timeout)?));
    }
    check_magic(path)?;
    let db = match open_read_only(path, timeout) {
        Ok(db) => db,
        Err(StoreError::Db(redb::Error::RepairAborted)) => {
            drop(lock);
            return Ok(boxed(for_write(path, timeout)?));
        }
        Err(e) => return Err(e),
    };
    let opened = Opened {
        db: Box::new(db) as Box<dyn ReadableDatabase>,
        path: path.to_path_buf(),
        created: None,
        _lock: lock,
    };
    if !scrub_pending(&**opened)? {
        return Ok(opened);
    }
    drop(opened);
    // On a read-only file system the scrub waits for a writable one; the
    // erased rows are already gone from every table.
    match for_write(path, timeout) {
        Ok(rw) => Ok(boxed(rw)),
        Err(StoreError::ReadOnly { .. }) => Ok(Opened {
            db: Box::new(open_read_only(path, timeout)?),
            path: path.to_path_buf(),
            created: None,
            _lock: lock::acquire(path, LockKind::Shared, timeout)?,
        }),
        Err(e) => Err(e),
    }
}

fn open_read_only(path: &Path, timeout: Duration) -> Result<redb::ReadOnlyDatabase> {
    retrying(path, timeout, || {
        Database::builder()
            .set_cache_size(READ_CACHE)
            .open_read_only(path)
    })
}

fn boxed(rw: Opened<Database>) -> Opened<Box<dyn ReadableDatabase>> {
    Opened {
        db: Box::new(rw.db),
        path: rw.path,
        created: rw.created,
        _lock: rw._lock,
    }
}

/// What is at the database path, refusing what can never be a database.
fn database_kind(path: &Path) -> Result<Kind> {
    let kind = Kind::of(path).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    match kind {
        Kind::Missing => Ok(kind),
        Kind::File { len: 0 } => Err(StoreError::EmptyFile(path.to_path_buf())),
        Kind::File { .. } => Ok(kind),
        other => Err(StoreError::NotAFile {
            path: path.to_path_buf(),
            kind: other.noun(),
        }),
    }
}

/// The database must exist (and be a file that can be one).
pub(super) fn require_database(path: &Path) -> Result<()> {
    match database_kind(path)? {
        Kind::Missing => Err(StoreError::NoDatabase(path.to_path_buf())),
        _ => Ok(()),
    }
}

/// Whether an erasure committed but the file has not been rewritten since.
fn scrub_pending(db: &dyn ReadableDatabase) -> Result<bool> {
    let txn = db.begin_read()?;
    match txn.open_table(META) {
        Ok(meta) => Ok(meta.get(SCRUB_PENDING)?.is_some()),
        Err(redb::TableError::TableDoesNotExist(_)) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// redb refuses a second open of a file that is open elsewhere
/// (`DatabaseAlreadyOpen`). Under the sidecar lock that happens only when
/// the lock file was deleted while its holder was still working: wait for
/// the holder like for the lock, then say "busy".
fn retrying<T>(
    path: &Path,
    timeout: Duration,
    mut open: impl FnMut() -> std::result::Result<T, redb::DatabaseError>,
) -> Result<T> {
    let deadline = lock::deadline_after(timeout);
    loop {
        match open() {
            Err(redb::DatabaseError::DatabaseAlreadyOpen) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(redb::DatabaseError::DatabaseAlreadyOpen) => {
                return Err(lock::busy(path, timeout));
            }
            Err(redb::DatabaseError::RepairAborted) => {
                return Err(StoreError::Db(redb::Error::RepairAborted));
            }
            other => return other.map_err(|e| map_open_error(path, e)),
        }
    }
}

fn open_rw(path: &Path, timeout: Duration) -> Result<Database> {
    retrying(path, timeout, || {
        Database::builder().set_cache_size(WRITE_CACHE).create(path)
    })
    .map_err(|e| match e {
        StoreError::Io { source, .. } if lock::is_read_only(&source) => StoreError::ReadOnly {
            path: path.to_path_buf(),
            why: source.to_string(),
        },
        other => other,
    })
}

/// A new database with its tables, under a temporary name (see
/// [`Creation`]): no process ever finds an empty or half-made file at the
/// database's path. 0600 whatever the umask. Under the exclusive lock.
fn create_new(path: &Path) -> Result<Database> {
    let side = Sidecars::of(path);
    let fail = |p: &Path| {
        let p = p.to_path_buf();
        move |source| write_error(&p, source)
    };
    files::remove_if_present(&side.new).map_err(fail(&side.new))?;
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&side.new)
        .map_err(fail(&side.new))?;
    {
        let db = Database::builder()
            .set_cache_size(WRITE_CACHE)
            .create(&side.new)
            .map_err(|e| map_open_error(&side.new, e))?;
        // Tables exist from the first moment.
        let txn = db.begin_write()?;
        check_schema(&txn, path)?;
        txn.commit()?;
        db.close().map_err(|e| map_open_error(&side.new, e))?;
    }
    Database::builder()
        .set_cache_size(WRITE_CACHE)
        .create(&side.new)
        .map_err(|e| map_open_error(&side.new, e))
}

fn write_error(path: &Path, source: std::io::Error) -> StoreError {
    if lock::is_read_only(&source) {
        StoreError::ReadOnly {
            path: path.to_path_buf(),
            why: source.to_string(),
        }
    } else {
        StoreError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Never hand redb a file that is not a redb database: it must stay byte-for-byte untouched.
/// Before the lock is taken: a file that is not a redb database (a CSV,
/// someone's notes named by a mistyped `--db`) is refused without making
/// a lock file beside it. Not while a swap is pending: then the file may
/// be half-copied, and the open under the lock finishes the swap first.
/// The check is made again under the lock.
pub(super) fn refuse_what_is_not_a_database(path: &Path) -> Result<()> {
    if swap::pending(path) {
        return Ok(());
    }
    check_magic(path)
}

/// Whether `path` is a file that starts as a redb database does (no
/// lock, no open: for a warning about its mode).
pub fn looks_like_a_database(path: &Path) -> bool {
    check_magic(path).is_ok()
}

pub(super) fn check_magic(path: &Path) -> Result<()> {
    let mut head = [0u8; REDB_MAGIC.len()];
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = fs::File::open(path).map_err(io)?;
    let mut filled = 0;
    while filled < head.len() {
        match file.read(&mut head[filled..]).map_err(io)? {
            0 => break,
            n => filled += n,
        }
    }
    if filled < head.len() || head != REDB_MAGIC {
        return Err(StoreError::NotADatabase(path.to_path_buf()));
    }
    Ok(())
}

/// Make the database's missing directories (0700); returns the ones
/// made, outermost first.
fn ensure_parent(path: &Path) -> Result<Vec<PathBuf>> {
    let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) else {
        return Ok(Vec::new());
    };
    let mut missing: Vec<PathBuf> = dir
        .ancestors()
        .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
        .map(Path::to_path_buf)
        .collect();
    missing.reverse();
    if missing.is_empty() {
        return Ok(missing);
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|source| StoreError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
    Ok(missing)
}

fn map_open_error(path: &Path, e: redb::DatabaseError) -> StoreError {
    let corrupt = |detail: String| StoreError::Corrupt {
        path: path.to_path_buf(),
        detail,
    };
    match e {
        redb::DatabaseError::Storage(redb::StorageError::Corrupted(detail)) => corrupt(detail),
        redb::DatabaseError::UpgradeRequired(v) => corrupt(format!(
            "it uses redb file format {v}, which this rolo cannot read"
        )),
        redb::DatabaseError::Storage(redb::StorageError::Io(source)) => StoreError::Io {
            path: path.to_path_buf(),
            source,
        },
        other => StoreError::Db(other.into()),
    }
}

/// Create missing tables on a new file, refuse a newer schema, migrate an older one.
pub fn check_schema(txn: &WriteTransaction, path: &Path) -> Result<()> {
    let found = {
        let meta = txn.open_table(META)?;
        meta.get(SCHEMA_VERSION)?.map(|v| v.value())
    };
    match found {
        None => {
            create_tables(txn)?;
            let mut meta = txn.open_table(META)?;
            meta.insert(SCHEMA_VERSION, super::SCHEMA_VERSION)?;
            ensure_database_id(&mut meta)?;
            Ok(())
        }
        Some(v) if v > super::SCHEMA_VERSION => Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: v,
            supported: super::SCHEMA_VERSION,
        }),
        Some(v) if v < super::SCHEMA_VERSION => migrate(txn, v),
        Some(_) => Ok(()),
    }?;
    super::phone_keys::ensure(txn)
}

/// Upgrade step by step. Version 2 only added tables (deals, cases,
/// campaigns, views and their indexes), which `create_tables` makes;
/// version 3 only changed the phone keys in `idx_lookup`, which
/// `phone_keys::ensure` rebuilds (in this same transaction) because the
/// file has no `meta.phone_region` yet. No row is rewritten, so no backup
/// is needed. Version 4 added the maintained report answers
/// (`agg_activity`, the deal date indexes, `deal_figures`,
/// `customer_figures`), built from the rows here; no
/// row changes either. Version 5 only added orders and their indexes.
/// A step that rewrites rows goes here as `5 => to_6(txn)?`, after a
/// backup.
fn migrate(txn: &WriteTransaction, from: u64) -> Result<()> {
    let mut version = from;
    while version < super::SCHEMA_VERSION {
        create_tables(txn)?;
        if version == 3 {
            super::maintained::rebuild(txn)?;
        }
        version += 1;
    }
    txn.open_table(META)?.insert(SCHEMA_VERSION, version)?;
    Ok(())
}

/// Give the file its random `database_id` unless it has one (never 0,
/// so a zero in a draft can never match).
pub(super) fn ensure_database_id(meta: &mut redb::Table<&str, u64>) -> Result<()> {
    if meta.get(DATABASE_ID)?.is_none() {
        let id = rand::random::<u64>().max(1);
        meta.insert(DATABASE_ID, id)?;
    }
    Ok(())
}

fn create_tables(txn: &WriteTransaction) -> Result<()> {
    txn.open_table(META)?;
    txn.open_table(CUSTOMERS)?;
    txn.open_table(INTERACTIONS)?;
    txn.open_table(TASKS)?;
    txn.open_table(AUDIT)?;
    txn.open_table(SEARCH_TEXT)?;
    txn.open_table(IDX_LOOKUP)?;
    txn.open_table(PHONE_FORMS)?;
    txn.open_table(IDX_TIMELINE)?;
    txn.open_table(IDX_CUSTOMER_TASKS)?;
    txn.open_table(IDX_OPEN_DUE)?;
    txn.open_table(IDX_QUIET)?;
    txn.open_table(IDX_LAST_TOUCH)?;
    txn.open_table(LAST_WRITE)?;
    txn.open_table(DEALS)?;
    txn.open_table(CASES)?;
    txn.open_table(CAMPAIGNS)?;
    txn.open_table(VIEWS)?;
    txn.open_table(IDX_CUSTOMER_DEALS)?;
    txn.open_table(IDX_CUSTOMER_CASES)?;
    txn.open_table(IDX_OPEN_CASES)?;
    txn.open_table(ORDERS)?;
    txn.open_table(IDX_CUSTOMER_ORDERS)?;
    txn.open_table(IDX_ORDER_DATES)?;
    txn.open_table(AGG_ACTIVITY)?;
    txn.open_table(IDX_DEAL_CREATED)?;
    txn.open_table(IDX_DEAL_CLOSED)?;
    txn.open_table(IDX_OPEN_DEALS)?;
    txn.open_table(DEAL_FIGURES)?;
    txn.open_table(CUSTOMER_FIGURES)?;
    txn.open_table(OPEN_TASK_FIGURES)?;
    txn.open_table(IDX_GROUP_MEMBERS)?;
    txn.open_table(AGG_GROUP_DAYS)?;
    Ok(())
}
