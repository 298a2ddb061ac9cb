//! The sidecar lock (`rolo.redb.lock`) that serialises processes.
//!
//! redb allows one open `Database` per file, so every operation takes this
//! lock, opens the database, runs one transaction and drops both. Waiting is
//! a *blocking* `flock` (fair in practice; retry loops starved writers when
//! measured), bounded by running it on a helper thread with a timeout.

use super::error::{Result, StoreError};
use super::files;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockKind {
    /// Readers share the lock and open the file read-only.
    Shared,
    /// One writer at a time.
    Exclusive,
}

/// Held while the database is open; unlocks on drop (closing the file).
/// `None` inside: a reader on a read-only file system where no lock file
/// exists and none can be made (nobody can write there either).
#[derive(Debug)]
pub struct LockGuard {
    _file: Option<File>,
}

pub fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Take the lock on `db`, waiting at most `timeout` (zero: not at all).
///
/// The lock file is opened read-only (`flock` needs no more), so every
/// user who can read it can lock it; it is created with the database's
/// group and read/write bits, and its owner puts them right again if they
/// differ (a lock made 0600 before the file was shared). If the lock file
/// was deleted or replaced while this process waited on it, the lock it
/// got guards nothing, so it starts again on the file now there.
pub fn acquire(db: &Path, kind: LockKind, timeout: Duration) -> Result<LockGuard> {
    let path = lock_path(db);
    let deadline = deadline_after(timeout);
    loop {
        let Some(file) = open_lock_file(db, &path, kind)? else {
            return Ok(LockGuard { _file: None });
        };
        let file = take(
            file,
            kind,
            &path,
            deadline.saturating_duration_since(Instant::now()),
        )
        .map_err(|e| match e {
            Taken::Busy => busy(db, timeout),
            Taken::Io(source) => StoreError::Io {
                path: path.clone(),
                source,
            },
        })?;
        if still_the_lock_file(&file, &path) {
            return Ok(LockGuard { _file: Some(file) });
        }
        if Instant::now() >= deadline {
            return Err(busy(db, timeout));
        }
    }
}

/// `timeout` from now; a timeout too long for the clock to add (a config
/// that slipped past its check, a test's `Duration::MAX`) waits as long as
/// it can rather than panicking.
pub(super) fn deadline_after(timeout: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(timeout)
        .or_else(|| now.checked_add(Duration::from_secs(u64::from(u32::MAX))))
        .unwrap_or(now)
}

pub(super) fn busy(db: &Path, timeout: Duration) -> StoreError {
    StoreError::Busy {
        path: db.to_path_buf(),
        secs: if timeout.is_zero() {
            0
        } else {
            timeout.as_secs().max(1)
        },
    }
}

enum Taken {
    Busy,
    Io(io::Error),
}

fn take(file: File, kind: LockKind, _path: &Path, wait: Duration) -> Result<File, Taken> {
    let attempt = match kind {
        LockKind::Shared => file.try_lock_shared(),
        LockKind::Exclusive => file.try_lock(),
    };
    match attempt {
        Ok(()) => return Ok(file),
        Err(TryLockError::WouldBlock) if wait.is_zero() => return Err(Taken::Busy),
        Err(TryLockError::WouldBlock) => {}
        Err(TryLockError::Error(e)) => return Err(Taken::Io(e)),
    }
    // Contended: block in a helper thread so the wait can be bounded. If we
    // give up, the thread still gets the lock eventually and releases it at
    // once, because nobody receives the file.
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let got = match kind {
            LockKind::Shared => file.lock_shared(),
            LockKind::Exclusive => file.lock(),
        };
        let _ = tx.send(got.map(|()| file));
    });
    match rx.recv_timeout(wait) {
        Ok(Ok(file)) => Ok(file),
        Ok(Err(e)) => Err(Taken::Io(e)),
        Err(_) => Err(Taken::Busy),
    }
}

/// Whether `file` is still the one named `path` (not deleted or replaced
/// while we waited for it).
fn still_the_lock_file(file: &File, path: &Path) -> bool {
    match (file.metadata(), fs::metadata(path)) {
        (Ok(held), Ok(named)) => held.dev() == named.dev() && held.ino() == named.ino(),
        _ => false,
    }
}

/// Open (or create) the lock file. `None`: there is none and none can be
/// made, which a reader may go on without (see [`LockGuard`]).
fn open_lock_file(db: &Path, path: &Path, kind: LockKind) -> Result<Option<File>> {
    let io_err = |source: io::Error| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let model = fs::metadata(db).ok();
    let dir = fs::metadata(files::dir_of(db)).map_err(io_err)?;
    loop {
        match File::open(path) {
            Ok(file) => {
                heal(&file, model.as_ref(), &dir);
                return Ok(Some(file));
            }
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
                return Err(io_err(io::Error::new(
                    e.kind(),
                    format!(
                        "{e}; everyone who uses the database needs read access to its lock file \
                         (its owner can `chmod g+r` it, or run rolo once: it sets the lock's \
                         mode from the database's)"
                    ),
                )));
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_err(e)),
        }
        let created = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path);
        match created {
            Ok(file) => {
                files::follow_lock(&file, model.as_ref(), &dir).map_err(io_err)?;
                return Ok(Some(file));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) if kind == LockKind::Shared && is_read_only(&e) => return Ok(None),
            Err(e) if is_read_only(&e) => {
                return Err(StoreError::ReadOnly {
                    path: db.to_path_buf(),
                    why: format!(
                        "its lock file \"{}\" cannot be created ({e})",
                        path.display()
                    ),
                });
            }
            Err(e) => return Err(io_err(e)),
        }
    }
}

/// A read-only file system, or a directory this user may not write in.
pub(super) fn is_read_only(e: &io::Error) -> bool {
    e.raw_os_error() == Some(libc::EROFS) || e.kind() == io::ErrorKind::PermissionDenied
}

/// The lock's owner gives it the group and bits it should have again if
/// they drifted (a lock made before the database was shared); anyone
/// else leaves it as it is. One `fstat` when nothing is to be done.
fn heal(file: &File, db: Option<&fs::Metadata>, dir: &fs::Metadata) {
    let Ok(own) = file.metadata() else { return };
    // SAFETY: geteuid cannot fail and touches no memory.
    let me = unsafe { libc::geteuid() };
    if own.uid() != me {
        return;
    }
    let (gid, mode) = files::lock_wants(db, dir);
    if own.gid() != gid || own.mode() & 0o7777 != mode {
        let _ = files::follow_lock(file, db, dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn exclusive_lock_times_out_with_busy_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("rolo.redb");
        let held = acquire(&db, LockKind::Exclusive, Duration::from_secs(1)).expect("first");
        let err = acquire(&db, LockKind::Exclusive, Duration::from_millis(50)).expect_err("busy");
        assert!(matches!(err, StoreError::Busy { .. }), "{err}");
        assert!(err.to_string().contains("busy"));
        drop(held);
        acquire(&db, LockKind::Exclusive, Duration::from_millis(500)).expect("free");
    }

    #[test]
    fn shared_locks_coexist_and_a_waiting_writer_gets_in_after() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("rolo.redb");
        let a = acquire(&db, LockKind::Shared, Duration::from_secs(1)).expect("a");
        let b = acquire(&db, LockKind::Shared, Duration::from_secs(1)).expect("b");
        let releaser = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            drop((a, b));
        });
        let started = Instant::now();
        acquire(&db, LockKind::Exclusive, Duration::from_secs(5)).expect("writer");
        assert!(started.elapsed() >= Duration::from_millis(20));
        releaser.join().expect("join");
    }
}
