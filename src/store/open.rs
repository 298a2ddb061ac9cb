//! Opening the file safely: create with private modes, refuse what is not
//! ours, repair after a crash, and gate on the schema version.

use super::error::{Result, StoreError};
use super::lock::{self, LockGuard, LockKind};
use super::tables::*;
use redb::{Database, ReadableDatabase, ReadableTable, WriteTransaction};
use std::fs::{self, OpenOptions};
use std::io::Read;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// redb caches pages up to 1 GiB by default; a read (one scan at most) gains
/// nothing from more than a few MB, and the TUI's memory budget is tight.
const READ_CACHE: usize = 1024 * 1024;

/// A write keeps at most half its cache as dirty pages, writing the rest
/// to free space in the file before the commit. With redb's 1 GiB default
/// a big import held its whole new database in memory (600 MB for 400k
/// rows); 64 MiB bounds that and measured no slower.
const WRITE_CACHE: usize = 64 * 1024 * 1024;

const REDB_MAGIC: [u8; 9] = [b'r', b'e', b'd', b'b', 0x1A, 0x0A, 0xA9, 0x0D, 0x0A];

/// An open database and the lock that allows it; the database closes first.
pub struct Opened<D> {
    db: D,
    path: PathBuf,
    _lock: LockGuard,
}

impl Opened<Database> {
    /// Close the database (making pending commits durable), then unlock.
    pub fn close(self) -> Result<()> {
        self.db.close().map_err(|e| map_open_error(&self.path, e))
    }

    /// The database and its lock apart: erasure copies the database into a
    /// new file, closes it and renames the copy over it while still locked.
    pub fn into_parts(self) -> (Database, LockGuard) {
        (self.db, self._lock)
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
    ensure_parent(path)?;
    let lock = lock::acquire(path, LockKind::Exclusive, timeout)?;
    let db = open_rw(path)?;
    Ok(Opened {
        db,
        path: path.to_path_buf(),
        _lock: lock,
    })
}

/// Readers share the lock and open read-only; a file that needs repair (its
/// last writer was killed) or does not exist yet is opened for writing once.
pub fn for_read(path: &Path, timeout: Duration) -> Result<Opened<Box<dyn ReadableDatabase>>> {
    if file_len(path)? == 0 {
        drop(for_write(path, timeout)?);
    }
    let lock = lock::acquire(path, LockKind::Shared, timeout)?;
    check_magic(path)?;
    match Database::builder()
        .set_cache_size(READ_CACHE)
        .open_read_only(path)
    {
        Ok(db) => Ok(Opened {
            db: Box::new(db),
            path: path.to_path_buf(),
            _lock: lock,
        }),
        Err(redb::DatabaseError::RepairAborted) => {
            drop(lock);
            let rw = for_write(path, timeout)?;
            Ok(Opened {
                db: Box::new(rw.db),
                path: rw.path,
                _lock: rw._lock,
            })
        }
        Err(e) => Err(map_open_error(path, e)),
    }
}

fn open_rw(path: &Path) -> Result<Database> {
    let created = file_len(path)? == 0;
    if created {
        // Create it ourselves so the mode is 0600 whatever the umask.
        OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(path)
            .map_err(|source| StoreError::Io {
                path: path.to_path_buf(),
                source,
            })?;
    } else {
        check_magic(path)?;
    }
    let db = Database::builder()
        .set_cache_size(WRITE_CACHE)
        .create(path)
        .map_err(|e| map_open_error(path, e))?;
    if created {
        // Tables exist from the first moment, even if the first write fails.
        let txn = db.begin_write()?;
        check_schema(&txn, path)?;
        txn.commit()?;
    }
    Ok(db)
}

fn file_len(path: &Path) -> Result<u64> {
    match fs::metadata(path) {
        Ok(m) => Ok(m.len()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(0),
        Err(source) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Never hand redb a file that is not a redb database: it must stay byte-for-byte untouched.
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

fn ensure_parent(path: &Path) -> Result<()> {
    let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) else {
        return Ok(());
    };
    if dir.exists() {
        return Ok(());
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|source| StoreError::Io {
            path: dir.to_path_buf(),
            source,
        })
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
    }
}

/// Upgrade step by step. Version 2 only added tables (deals, cases,
/// campaigns, views and their indexes), which `create_tables` makes; no
/// row is rewritten, so no backup is needed. A step that rewrites rows
/// goes here as `2 => to_3(txn)?`, after a backup.
fn migrate(txn: &WriteTransaction, from: u64) -> Result<()> {
    let mut version = from;
    while version < super::SCHEMA_VERSION {
        create_tables(txn)?;
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
    Ok(())
}
