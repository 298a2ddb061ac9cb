//! The sidecar lock (`rolo.redb.lock`) that serialises processes.
//!
//! redb allows one open `Database` per file, so every operation takes this
//! lock, opens the database, runs one transaction and drops both. Waiting is
//! a *blocking* `flock` (fair in practice; retry loops starved writers when
//! measured), bounded by running it on a helper thread with a timeout.

use super::error::{Result, StoreError};
use std::fs::{File, OpenOptions, TryLockError};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockKind {
    /// Readers share the lock and open the file read-only.
    Shared,
    /// One writer at a time.
    Exclusive,
}

/// Held while the database is open; unlocks on drop (closing the file).
#[derive(Debug)]
pub struct LockGuard {
    _file: File,
}

pub fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

pub fn acquire(db: &Path, kind: LockKind, timeout: Duration) -> Result<LockGuard> {
    let path = lock_path(db);
    let io = |source| StoreError::Io {
        path: path.clone(),
        source,
    };
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(&path)
        .map_err(io)?;
    let attempt = match kind {
        LockKind::Shared => file.try_lock_shared(),
        LockKind::Exclusive => file.try_lock(),
    };
    match attempt {
        Ok(()) => {
            return Ok(LockGuard { _file: file });
        }
        Err(TryLockError::WouldBlock) => {}
        Err(TryLockError::Error(e)) => return Err(io(e)),
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
    match rx.recv_timeout(timeout) {
        Ok(Ok(file)) => Ok(LockGuard { _file: file }),
        Ok(Err(e)) => Err(io(e)),
        Err(_) => Err(StoreError::Busy {
            path: path.with_extension(""),
            secs: timeout.as_secs().max(1),
        }),
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
