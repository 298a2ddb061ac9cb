//! Backups. A backup is every table of ONE read snapshot copied into a fresh
//! redb file (never a byte copy of the live file, which a writer could be
//! changing), written to a temp file, fsynced and renamed into place. The
//! daily automatic backup checks file names only, so a day that already has
//! one costs a directory listing. A restore checks the file, keeps the
//! database it replaces and swaps the copy in under the exclusive lock.

use super::backup_names;
use super::error::StoreError;
use super::files::{self, Kind, Sidecars};
use super::lock::{self, LockKind};
use super::tables::{
    AUDIT, CASES, CUSTOMERS, DEALS, INTERACTIONS, META, ORDERS, SCHEMA_VERSION, TASKS,
};
use super::{Output, Store, open, swap};
use crate::fault::{Blame, Blamed};
use chrono::{DateTime, FixedOffset};
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
    pub orders: u64,
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

/// Files made before now that may hold data since deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OlderCopies {
    /// Backups in the default backup directory, oldest first.
    pub backups: Vec<PathBuf>,
    /// Databases a restore replaced, kept beside the database.
    pub replaced: Vec<PathBuf>,
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
        files::dir_of(&self.path).join("backups")
    }

    /// Write a backup of the database into `dir`, named after `now`:
    /// `rolo-YYYYMMDD-HHMMSS.redb`. `dir` goes through the output guard;
    /// if rolo creates it, it gets the database's group and, for a shared
    /// database, group access (setgid); the backup gets the database's
    /// group and read/write bits (never others'), so a teammate can
    /// restore it.
    pub fn backup_to(&self, dir: &Path, now: DateTime<FixedOffset>) -> Result<Backup, BackupError> {
        self.backup_into(dir, now, false)
    }

    fn backup_into(
        &self,
        dir: &Path,
        now: DateTime<FixedOffset>,
        auto: bool,
    ) -> Result<Backup, BackupError> {
        self.check_output(dir, Output::Dir)?;
        if !exists(&self.path)? {
            return Err(BackupError::NoDatabase(self.path.clone()));
        }
        open::require_database(&self.path)?;
        // Before the backup directory is made: not for a file that is no database.
        open::refuse_what_is_not_a_database(&self.path)?;
        let model = fs::metadata(&self.path).map_err(|source| StoreError::Io {
            path: self.path.clone(),
            source,
        })?;
        let write_err = |path: &Path, detail: String| BackupError::Write {
            path: path.to_path_buf(),
            detail,
        };
        let ours = auto || dir == self.default_backup_dir();
        create_backup_dir(dir, &model, ours).map_err(|e| write_err(dir, e.to_string()))?;
        backup_names::sweep_temps(dir);
        let stamp = now.naive_local();
        static TEMPS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let temp = TempFile(dir.join(backup_names::temp_name(
            TEMPS.fetch_add(1, Ordering::Relaxed),
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
            .and_then(|f| {
                files::follow(&f, &model)?;
                f.sync_all()
            })
            .map_err(|e| write_err(&temp.0, e.to_string()))?;
        let mut seq = 1;
        let path = loop {
            let candidate = dir.join(backup_names::name(stamp, seq, auto));
            if !exists(&candidate)? {
                break candidate;
            }
            seq += 1;
        };
        fs::rename(&temp.0, &path).map_err(|e| write_err(&path, e.to_string()))?;
        temp.disarm();
        files::sync_dir(dir).map_err(|e| write_err(dir, e.to_string()))?;
        contents.bytes = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        Ok(Backup { path, contents })
    }

    /// The daily automatic backup: if a write committed in this process and
    /// the default backup directory has nothing from `now`'s day, take one,
    /// then keep only the newest `keep` automatic backups there. `None`
    /// when nothing was due (or another process is taking it right now).
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
        // A team database is PostgreSQL's to back up (pg_dump).
        !self.is_team()
            && WROTE.load(Ordering::Relaxed)
            && backup_names::list(&self.default_backup_dir())
                .map(|found| backup_names::due(&found, now.date_naive()))
                .unwrap_or(true)
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
        let due = || backup_names::list(&dir).map(|found| backup_names::due(&found, today));
        if !due().map_err(io)? {
            return Ok(None);
        }
        open::refuse_what_is_not_a_database(&self.path)?;
        let model = fs::metadata(&self.path).map_err(|source| StoreError::Io {
            path: self.path.clone(),
            source,
        })?;
        create_backup_dir(&dir, &model, true).map_err(io)?;
        let lock_path = dir.join(".rolo-backup.lock");
        let lock = match File::open(&lock_path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let f = OpenOptions::new()
                    .read(true)
                    .write(true)
                    .create(true)
                    .truncate(false)
                    .mode(0o600)
                    .open(&lock_path)
                    .map_err(io)?;
                let dir_meta = fs::metadata(&dir).map_err(io)?;
                files::follow_lock(&f, Some(&model), &dir_meta).map_err(io)?;
                f
            }
            Err(e) => return Err(io(e)),
        };
        match lock.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Ok(None),
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
        if !due().map_err(io)? {
            return Ok(None);
        }
        let backup = self.backup_into(&dir, now, true)?;
        let found = backup_names::list(&dir).map_err(io)?;
        for old in backup_names::to_rotate(&found, keep, today) {
            fs::remove_file(&old.path).map_err(io)?;
        }
        Ok(Some(backup))
    }

    /// Every file rolo knows of that may hold what an erasure removed:
    /// the backups in the default backup directory and the databases a
    /// restore replaced (`NAME.replaced-…`) beside the database.
    pub fn older_copies(&self) -> OlderCopies {
        let backups = backup_names::list(&self.default_backup_dir())
            .unwrap_or_default()
            .into_iter()
            .map(|f| f.path)
            .collect();
        let mut replaced: Vec<PathBuf> = match fs::read_dir(files::dir_of(&self.path)) {
            Ok(entries) => entries
                .flatten()
                .filter(|e| {
                    e.file_name()
                        .to_str()
                        .is_some_and(|n| files::is_replaced_name(&self.path, n))
                })
                .map(|e| e.path())
                .collect(),
            Err(_) => Vec::new(),
        };
        replaced.sort();
        OlderCopies { backups, replaced }
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
    /// a copy of the database it replaces as `NAME.replaced-YYYYMMDD-HHMMSS`
    /// (with the database's group and mode); all under the exclusive lock.
    /// The copy is written over the database in place (`swap`), so its
    /// owner, group and mode stay, and a kill at any moment leaves the old
    /// database or the restored one.
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
        let not = |detail: String| BackupError::NotABackup {
            path: file.to_path_buf(),
            detail,
        };
        match Kind::of(file).map_err(|e| not(e.to_string()))? {
            Kind::File { .. } => {}
            Kind::Missing => return Err(not("it does not exist".into())),
            other => return Err(not(format!("it is {}, not a file", other.noun()))),
        }
        let dir = files::dir_of(db).to_path_buf();
        create_private_dir(&dir).map_err(|e| fail(format!("\"{}\": {e}", dir.display())))?;
        let name = db
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "rolo.redb".into());
        let _lock = lock::acquire(db, LockKind::Exclusive, self.lock_timeout)?;
        swap::recover(db).map_err(|e| fail(e.to_string()))?;
        remove_old_restore_temps(&dir, &name);
        let side = Sidecars::of(db);
        let temp = TempFile(side.swap_tmp.clone());
        {
            let mut dst = swap::create_tmp(db).map_err(|e| fail(e.to_string()))?;
            let mut src = File::open(file).map_err(|e| not(e.to_string()))?;
            std::io::copy(&mut src, &mut dst).map_err(|e| fail(e.to_string()))?;
            dst.sync_all().map_err(|e| fail(e.to_string()))?;
        }
        // What goes in place is what was checked, whatever happened to `file` meanwhile.
        let contents = inspect(&temp.0).map_err(|e| match e {
            BackupError::NotABackup { detail, .. } => not(detail),
            other => other,
        })?;
        if !exists(db)? {
            fs::rename(&temp.0, db).map_err(|e| fail(e.to_string()))?;
            temp.disarm();
            files::sync_dir(&dir).map_err(|e| fail(format!("\"{}\": {e}", dir.display())))?;
            return Ok(Restored {
                replaced: None,
                contents,
            });
        }
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
        keep_copy(db, &side.replaced_tmp, &keep)
            .map_err(|e| fail(format!("keeping it as \"{}\": {e}", keep.display())))?;
        temp.disarm();
        swap::commit(db).map_err(|e| fail(e.to_string()))?;
        swap::finish(db).map_err(|e| fail(e.to_string()))?;
        Ok(Restored {
            replaced: Some(keep),
            contents,
        })
    }
}

/// Copy the database to `tmp` (its group and bits), fsync, rename to `keep`.
fn keep_copy(db: &Path, tmp: &Path, keep: &Path) -> std::io::Result<()> {
    let model = fs::metadata(db)?;
    files::remove_if_present(tmp)?;
    let guard = TempFile(tmp.to_path_buf());
    {
        let mut src = File::open(db)?;
        let mut dst = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(tmp)?;
        std::io::copy(&mut src, &mut dst)?;
        files::follow(&dst, &model)?;
        dst.sync_all()?;
    }
    fs::rename(tmp, keep)?;
    guard.disarm();
    files::sync_dir(files::dir_of(db))
}

/// `.NAME.restore-PID`: the temp files of restores before the in-place swap.
fn remove_old_restore_temps(dir: &Path, name: &str) {
    let prefix = format!(".{name}.restore-");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The backup directory: created 0700, or as the database's group wants
/// when it is rolo's own (`ours`: the default one), see `files::follow_dir`.
/// An existing directory the user named is left as it is.
fn create_backup_dir(dir: &Path, model: &fs::Metadata, ours: bool) -> std::io::Result<()> {
    let existed = dir.is_dir();
    if !existed {
        create_private_dir(dir)?;
    }
    if !existed || (ours && owned_by_me(dir)) {
        files::follow_dir(dir, model)?;
    }
    Ok(())
}

fn owned_by_me(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid cannot fail and touches no memory.
    fs::metadata(path).is_ok_and(|m| m.uid() == unsafe { libc::geteuid() })
}

/// Check that `file` is a rolo database this build can use and count what it
/// holds: redb's magic bytes, it opens, a schema version no newer than ours.
pub fn inspect(file: &Path) -> Result<Contents, BackupError> {
    let not = |detail: String| BackupError::NotABackup {
        path: file.to_path_buf(),
        detail,
    };
    // Never open a FIFO or a device to look inside: it could block forever.
    let bytes = match Kind::of(file).map_err(|e| not(e.to_string()))? {
        Kind::File { len } => len,
        Kind::Missing => return Err(not("it does not exist".into())),
        other => return Err(not(format!("it is {}, not a file", other.noun()))),
    };
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
        orders: len(ORDERS)?,
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
                || copy_table::<$k, (&'static str, &'static str)>(src, dst, name, path)?
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
