//! Backups. A backup is every table of ONE read snapshot copied into a fresh
//! redb file (never a byte copy of the live file, which a writer could be
//! changing), written to a temp file, fsynced and renamed into place. The
//! daily automatic backup checks file names only, so a day that already has
//! one costs a directory listing. A restore checks the file, keeps the
//! database it replaces and swaps the copy in under the exclusive lock.

use super::Store;
use super::error::StoreError;
use super::lock::{self, LockKind};
use super::open;
use super::tables::{AUDIT, CASES, CUSTOMERS, DEALS, INTERACTIONS, META, SCHEMA_VERSION, TASKS};
use crate::fault::{Blame, Blamed};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use redb::{
    Database, Key, MultimapTableHandle, ReadTransaction, ReadableDatabase, ReadableTable,
    ReadableTableMetadata, TableDefinition, TableError, TableHandle, Value, WriteTransaction,
};
use std::fs::{self, File, OpenOptions, TryLockError};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use thiserror::Error;

/// Set by every committed `Store::write` in this process: the CLI takes the
/// daily backup only after a command that wrote.
static WROTE: AtomicBool = AtomicBool::new(false);

/// Called by `Store::write` after a commit; costs one atomic store.
pub(super) fn note_write() {
    WROTE.store(true, Ordering::Relaxed);
}

/// The copy's page cache, as for writes (see `open::WRITE_CACHE`).
const COPY_CACHE: usize = 64 * 1024 * 1024;

#[derive(Debug, Error)]
pub enum BackupError {
    #[error(
        "cannot write the backup to \"{path}\": {detail}; no backup was written and the \
         database is untouched"
    )]
    Write { path: PathBuf, detail: String },
    #[error("there is no database at \"{0}\" to back up; check --db / ROLO_DB")]
    NoDatabase(PathBuf),
    #[error("\"{path}\" is not a usable rolo backup: {detail}; nothing was changed")]
    NotABackup { path: PathBuf, detail: String },
    #[error(
        "cannot put the backup in place of \"{path}\": {detail}; the database was not replaced"
    )]
    Restore { path: PathBuf, detail: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Blamed for BackupError {
    fn blame(&self) -> Blame {
        match self {
            BackupError::NotABackup { .. } => Blame::Input,
            BackupError::Write { .. }
            | BackupError::NoDatabase(_)
            | BackupError::Restore { .. } => Blame::Failure,
            BackupError::Store(e) => e.blame(),
        }
    }
}

/// What a database or backup file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contents {
    pub schema_version: u64,
    pub customers: u64,
    pub interactions: u64,
    pub tasks: u64,
    pub deals: u64,
    /// Service cases.
    pub cases: u64,
    pub audit: u64,
    /// The file's size.
    pub bytes: u64,
}

/// A backup written.
#[derive(Debug, Clone)]
pub struct Backup {
    pub path: PathBuf,
    pub contents: Contents,
}

/// A restore done.
#[derive(Debug, Clone)]
pub struct Restored {
    /// Where the database it replaced was kept (none if there was none).
    pub replaced: Option<PathBuf>,
    pub contents: Contents,
}

impl Store {
    /// `backups/` beside the database file.
    pub fn default_backup_dir(&self) -> PathBuf {
        match self.path.parent() {
            Some(dir) => dir.join("backups"),
            None => PathBuf::from("backups"),
        }
    }

    /// Write a backup of the database into `dir` (created 0700 if missing),
    /// named after `now`: `rolo-YYYYMMDD-HHMMSS.redb`, 0600.
    pub fn backup_to(&self, dir: &Path, now: DateTime<FixedOffset>) -> Result<Backup, BackupError> {
        if !exists(&self.path)? {
            return Err(BackupError::NoDatabase(self.path.clone()));
        }
        let write_err = |path: &Path, detail: String| BackupError::Write {
            path: path.to_path_buf(),
            detail,
        };
        create_private_dir(dir).map_err(|e| write_err(dir, e.to_string()))?;
        let stamp = now.naive_local();
        let temp = TempFile(dir.join(format!(
            ".{}.tmp-{}",
            backup_name(stamp, 1),
            std::process::id()
        )));
        let file = OpenOptions::new()
            .write(true)
            .read(true)
            .create_new(true)
            .mode(0o600)
            .open(&temp.0)
            .map_err(|e| write_err(&temp.0, e.to_string()))?;
        let mut contents = self.read(|r| copy_snapshot(&r.txn, file, &temp.0))?;
        File::open(&temp.0)
            .and_then(|f| f.sync_all())
            .map_err(|e| write_err(&temp.0, e.to_string()))?;
        let mut seq = 1;
        let path = loop {
            let candidate = dir.join(backup_name(stamp, seq));
            if !exists(&candidate)? {
                break candidate;
            }
            seq += 1;
        };
        fs::rename(&temp.0, &path).map_err(|e| write_err(&path, e.to_string()))?;
        temp.disarm();
        sync_dir(dir).map_err(|e| write_err(dir, e.to_string()))?;
        contents.bytes = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        Ok(Backup { path, contents })
    }

    /// The daily automatic backup: if a write committed in this process and
    /// the default backup directory has nothing from `now`'s day, take one,
    /// then keep only the newest `keep` backups there. `None` when nothing
    /// was due (or another process is taking it right now).
    pub fn auto_backup(
        &self,
        now: DateTime<FixedOffset>,
        keep: usize,
    ) -> Result<Option<Backup>, BackupError> {
        if !self.backup_due(now) {
            return Ok(None);
        }
        self.daily_backup(now, keep)
    }

    /// Whether a write committed in this process and today has no backup
    /// yet (file names only: cheap).
    pub fn backup_due(&self, now: DateTime<FixedOffset>) -> bool {
        WROTE.load(Ordering::Relaxed)
            && due(&self.default_backup_dir(), now.date_naive()).unwrap_or(true)
    }

    /// The daily backup and rotation, whether or not this process wrote
    /// (`rolo backup --daily`, which an interactive command starts in the
    /// background). `None` when today already has one.
    pub fn daily_backup(
        &self,
        now: DateTime<FixedOffset>,
        keep: usize,
    ) -> Result<Option<Backup>, BackupError> {
        let dir = self.default_backup_dir();
        let today = now.date_naive();
        let io = |e: std::io::Error| BackupError::Write {
            path: dir.clone(),
            detail: e.to_string(),
        };
        if !due(&dir, today).map_err(io)? {
            return Ok(None);
        }
        create_private_dir(&dir).map_err(io)?;
        let lock_path = dir.join(".rolo-backup.lock");
        let lock = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&lock_path)
            .map_err(io)?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Ok(None),
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
        if !due(&dir, today).map_err(io)? {
            return Ok(None);
        }
        let backup = self.backup_to(&dir, now)?;
        rotate(&dir, keep).map_err(io)?;
        Ok(Some(backup))
    }

    /// What the database holds; `None` if it does not exist yet.
    pub fn contents(&self) -> Result<Option<Contents>, BackupError> {
        if !exists(&self.path)? {
            return Ok(None);
        }
        let mut contents = self.read(|r| count(&r.txn).map_err(BackupError::Store))?;
        contents.bytes = fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0);
        Ok(Some(contents))
    }

    /// Replace the database with a copy of `file` (checked first), keeping
    /// the database it replaces as `<name>.replaced-YYYYMMDD-HHMMSS`; all
    /// under the exclusive lock.
    pub fn restore_from(
        &self,
        file: &Path,
        now: DateTime<FixedOffset>,
    ) -> Result<Restored, BackupError> {
        let db = &self.path;
        let fail = |detail: String| BackupError::Restore {
            path: db.clone(),
            detail,
        };
        let dir = match db.parent().filter(|d| !d.as_os_str().is_empty()) {
            Some(dir) => dir.to_path_buf(),
            None => PathBuf::from("."),
        };
        create_private_dir(&dir).map_err(|e| fail(format!("\"{}\": {e}", dir.display())))?;
        let name = db
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "rolo.redb".into());
        let _lock = lock::acquire(db, LockKind::Exclusive, self.lock_timeout)?;
        let temp = TempFile(dir.join(format!(".{name}.restore-{}", std::process::id())));
        copy_file(file, &temp.0).map_err(|e| fail(e.to_string()))?;
        // What goes in place is what was checked, whatever happened to `file` meanwhile.
        let contents = inspect(&temp.0).map_err(|e| match e {
            BackupError::NotABackup { detail, .. } => BackupError::NotABackup {
                path: file.to_path_buf(),
                detail,
            },
            other => other,
        })?;
        let replaced = if exists(db)? {
            let stamp = now.naive_local().format("%Y%m%d-%H%M%S");
            let mut seq = 1;
            let keep = loop {
                let suffix = if seq == 1 {
                    String::new()
                } else {
                    format!("-{seq}")
                };
                let candidate = dir.join(format!("{name}.replaced-{stamp}{suffix}"));
                if !exists(&candidate)? {
                    break candidate;
                }
                seq += 1;
            };
            // A second name for the old file, then the new one renamed over
            // the database: there is never a moment without a database.
            if fs::hard_link(db, &keep).is_err() {
                fs::rename(db, &keep).map_err(|e| fail(format!("\"{}\": {e}", keep.display())))?;
            }
            Some(keep)
        } else {
            None
        };
        fs::rename(&temp.0, db).map_err(|e| fail(e.to_string()))?;
        temp.disarm();
        sync_dir(&dir).map_err(|e| fail(format!("\"{}\": {e}", dir.display())))?;
        Ok(Restored { replaced, contents })
    }
}

/// Check that `file` is a rolo database this build can use and count what it
/// holds: redb's magic bytes, it opens, a schema version no newer than ours.
pub fn inspect(file: &Path) -> Result<Contents, BackupError> {
    let not = |detail: String| BackupError::NotABackup {
        path: file.to_path_buf(),
        detail,
    };
    let bytes = fs::metadata(file).map_err(|e| not(e.to_string()))?.len();
    match open::check_magic(file) {
        Ok(()) => {}
        Err(StoreError::NotADatabase(_)) => return Err(not("it is not a redb file".into())),
        Err(e) => return Err(not(e.to_string())),
    }
    let db = Database::builder()
        .set_cache_size(1024 * 1024)
        .open_read_only(file)
        .map_err(|e| not(format!("it does not open ({e})")))?;
    let txn = db.begin_read().map_err(|e| not(e.to_string()))?;
    let mut contents = count(&txn).map_err(|e| not(e.to_string()))?;
    if contents.schema_version == 0 {
        return Err(not(
            "it has no schema version, so it is not a rolo database".into(),
        ));
    }
    if contents.schema_version > super::SCHEMA_VERSION {
        return Err(not(format!(
            "it was written by a newer rolo (schema version {}, this rolo knows up to {})",
            contents.schema_version,
            super::SCHEMA_VERSION
        )));
    }
    contents.bytes = bytes;
    Ok(contents)
}

fn count(txn: &ReadTransaction) -> Result<Contents, StoreError> {
    let len = |def: TableDefinition<u64, &[u8]>| -> Result<u64, StoreError> {
        match txn.open_table(def) {
            Ok(t) => Ok(t.len()?),
            Err(TableError::TableDoesNotExist(_)) => Ok(0),
            Err(e) => Err(e.into()),
        }
    };
    let schema_version = match txn.open_table(META) {
        Ok(t) => t.get(SCHEMA_VERSION)?.map_or(0, |v| v.value()),
        Err(TableError::TableDoesNotExist(_)) => 0,
        Err(e) => return Err(e.into()),
    };
    Ok(Contents {
        schema_version,
        customers: len(CUSTOMERS)?,
        interactions: len(INTERACTIONS)?,
        tasks: len(TASKS)?,
        deals: len(DEALS)?,
        cases: len(CASES)?,
        audit: len(AUDIT)?,
        bytes: 0,
    })
}

/// Copy every table of the snapshot `src` into a new database in `file`
/// (at `path`), in one durable write transaction.
fn copy_snapshot(src: &ReadTransaction, file: File, path: &Path) -> Result<Contents, BackupError> {
    let dst_err = |e: redb::Error| BackupError::Write {
        path: path.to_path_buf(),
        detail: e.to_string(),
    };
    let multimap = src.list_multimap_tables().map_err(StoreError::from)?;
    if let Some(t) = multimap.into_iter().next() {
        return Err(StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: format!("it has a table this rolo does not know: \"{}\"", t.name()),
        }
        .into());
    }
    let backend = redb::backends::FileBackend::new(file).map_err(|e| dst_err(e.into()))?;
    let db = Database::builder()
        .set_cache_size(COPY_CACHE)
        .create_with_backend(backend)
        .map_err(|e| dst_err(e.into()))?;
    let mut dst = db.begin_write().map_err(|e| dst_err(e.into()))?;
    // Closing the database below makes the commit durable (as in `Store::write`).
    dst.set_durability(redb::Durability::None)
        .map_err(|e| dst_err(e.into()))?;
    let names: Vec<String> = src
        .list_tables()
        .map_err(StoreError::from)?
        .map(|t| t.name().to_string())
        .collect();
    for name in &names {
        if !copy_any(src, &dst, name, path)? {
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: format!("its table \"{name}\" has types this rolo does not know"),
            }
            .into());
        }
    }
    dst.commit().map_err(|e| dst_err(e.into()))?;
    db.close().map_err(|e| dst_err(e.into()))?;
    Ok(count(src)?)
}

/// Copy the table `name` whatever its types, as long as they are among the
/// ones rolo uses; false if none fits. Generic over the tables, so a table
/// added to `tables.rs` is backed up without a change here.
fn copy_any(
    src: &ReadTransaction,
    dst: &WriteTransaction,
    name: &str,
    path: &Path,
) -> Result<bool, BackupError> {
    macro_rules! attempt {
        ($($k:ty),*) => {$(
            if copy_table::<$k, u64>(src, dst, name, path)?
                || copy_table::<$k, i64>(src, dst, name, path)?
                || copy_table::<$k, &'static [u8]>(src, dst, name, path)?
                || copy_table::<$k, (&'static str, &'static str, &'static str)>(src, dst, name, path)?
                || copy_table::<$k, ()>(src, dst, name, path)?
            {
                return Ok(true);
            }
        )*};
    }
    attempt!(
        u64,
        &'static str,
        (&'static str, u64),
        (u64, i64, u64),
        (u64, u64),
        (i64, u64)
    );
    Ok(false)
}

/// Copy one table if its types are `K`, `V`; false if they are not.
fn copy_table<K: Key + 'static, V: Value + 'static>(
    src: &ReadTransaction,
    dst: &WriteTransaction,
    name: &str,
    path: &Path,
) -> Result<bool, BackupError> {
    let dst_err = |e: redb::Error| BackupError::Write {
        path: path.to_path_buf(),
        detail: e.to_string(),
    };
    let def = TableDefinition::<K, V>::new(name);
    let from = match src.open_table(def) {
        Ok(t) => t,
        Err(TableError::TableTypeMismatch { .. }) => return Ok(false),
        Err(e) => return Err(StoreError::from(e).into()),
    };
    let mut to = dst.open_table(def).map_err(|e| dst_err(e.into()))?;
    for row in from.iter().map_err(StoreError::from)? {
        let (k, v) = row.map_err(StoreError::from)?;
        to.insert(k.value(), v.value())
            .map_err(|e| dst_err(e.into()))?;
    }
    Ok(true)
}

/// `rolo-20261122-090000.redb`, `rolo-20261122-090000-2.redb` for a second one that second.
fn backup_name(stamp: NaiveDateTime, seq: u32) -> String {
    let stamp = stamp.format("%Y%m%d-%H%M%S");
    if seq <= 1 {
        format!("rolo-{stamp}.redb")
    } else {
        format!("rolo-{stamp}-{seq}.redb")
    }
}

/// The time and sequence number in a backup's name; `None` for any other file.
fn parse_name(name: &str) -> Option<(NaiveDateTime, u32)> {
    let rest = name.strip_prefix("rolo-")?.strip_suffix(".redb")?;
    let stamp = rest.get(..15)?;
    let at = NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S").ok()?;
    let seq = match rest.get(15..)? {
        "" => 1,
        more => more.strip_prefix('-')?.parse().ok()?,
    };
    Some((at, seq))
}

/// The backups in `dir`, oldest first; none if `dir` does not exist.
fn backups_in(dir: &Path) -> std::io::Result<Vec<(NaiveDateTime, u32, PathBuf)>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry?;
        if let Some((at, seq)) = entry.file_name().to_str().and_then(parse_name) {
            found.push((at, seq, entry.path()));
        }
    }
    found.sort();
    Ok(found)
}

/// No backup in `dir` from `today` or later.
fn due(dir: &Path, today: NaiveDate) -> std::io::Result<bool> {
    Ok(backups_in(dir)?
        .last()
        .is_none_or(|(at, _, _)| at.date() < today))
}

/// Keep the newest `keep` backups (at least one), delete the rest.
fn rotate(dir: &Path, keep: usize) -> std::io::Result<()> {
    let all = backups_in(dir)?;
    let extra = all.len().saturating_sub(keep.max(1));
    for (_, _, path) in &all[..extra] {
        fs::remove_file(path)?;
    }
    Ok(())
}

fn exists(path: &Path) -> Result<bool, StoreError> {
    match fs::metadata(path) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Copy `from` to a new 0600 file `to` and fsync it.
fn copy_file(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut src = File::open(from)
        .map_err(|e| std::io::Error::new(e.kind(), format!("\"{}\": {e}", from.display())))?;
    let mut dst = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(to)
        .map_err(|e| std::io::Error::new(e.kind(), format!("\"{}\": {e}", to.display())))?;
    std::io::copy(&mut src, &mut dst)
        .map_err(|e| std::io::Error::new(e.kind(), format!("\"{}\": {e}", to.display())))?;
    dst.sync_all()
}

/// A file removed on drop unless disarmed: no partial backup is left behind.
struct TempFile(PathBuf);

impl TempFile {
    fn disarm(self) {
        std::mem::forget(self);
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back_and_sort_in_time_order() {
        let at = NaiveDateTime::parse_from_str("20261122-090000", "%Y%m%d-%H%M%S").expect("time");
        assert_eq!(backup_name(at, 1), "rolo-20261122-090000.redb");
        assert_eq!(parse_name(&backup_name(at, 1)), Some((at, 1)));
        assert_eq!(parse_name(&backup_name(at, 3)), Some((at, 3)));
        for other in [
            "rolo.redb",
            "rolo-2026.redb",
            "rolo-20261122-090000.redb.tmp-1",
            ".rolo-20261122-090000.redb.tmp-1",
            "rolo-20261122-090000-x.redb",
        ] {
            assert_eq!(parse_name(other), None, "{other}");
        }
    }

    #[test]
    fn contents_count_deals_and_cases() {
        use crate::domain::*;
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::new(dir.path().join("rolo.redb"), Channel::Cli);
        let now = DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").expect("time");
        store
            .write(now, |w| {
                let ann = w.add_customer(CustomerDraft::named("Ann Lee"))?;
                let deal = |title: &str| NewDeal {
                    customer: ann.id,
                    title: title.into(),
                    amount: 100,
                    currency: "CNY".into(),
                    stage: None,
                    probability: None,
                    expected_close: None,
                    owner: String::new(),
                };
                w.add_deal(deal("a"), &Pipeline::default())?;
                w.add_deal(deal("b"), &Pipeline::default())?;
                w.open_case(NewCase {
                    customer: ann.id,
                    kind: CaseKind::Request,
                    title: "invoice".into(),
                    priority: Priority::Normal,
                    owner: String::new(),
                })
            })
            .expect("write");
        let contents = store.contents().expect("reads").expect("a database");
        assert_eq!(
            (contents.customers, contents.deals, contents.cases),
            (1, 2, 1)
        );
    }
}
