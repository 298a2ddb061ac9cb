//! The database's files (issue 11, items 2, 5, 6 and 9): reads create
//! nothing, what cannot be a database is refused untouched, links are
//! written through, a killed erasure or swap is finished by the next open,
//! and the lock file survives being deleted, shared and not waited for.

use super::lock::{self, LockKind};
use super::*;
use crate::domain::*;
use std::os::unix::fs::{MetadataExt, PermissionsExt};

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-22T09:00:00+08:00").expect("valid")
}

const NAME: &str = "Quentin Zarathustra";

fn with_customer(path: &Path) -> Store {
    let store = Store::new(path, Channel::Cli);
    store
        .write(now(), |w| {
            w.add_customer(CustomerDraft {
                emails: vec!["quentin@zarathustra.example".into()],
                ..CustomerDraft::named(NAME)
            })?;
            w.add_customer(CustomerDraft::named("Ann Lee"))
        })
        .expect("write");
    store
}

fn holds(path: &Path, text: &str) -> bool {
    let bytes = std::fs::read(path).expect("read");
    bytes.windows(text.len()).any(|w| w == text.as_bytes())
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|it| {
            it.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn reads_never_create_a_database_nor_its_directory_nor_a_lock() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("typo/sub/rolo.redb");
    let store = Store::new(&path, Channel::Cli);
    let err = store.read(|r| r.counts()).expect_err("no database");
    assert!(matches!(err, StoreError::NoDatabase(_)), "{err}");
    assert!(err.to_string().contains("no database at \""), "{err}");
    assert!(matches!(store.check(), Err(StoreError::NoDatabase(_))));
    assert!(store.contents().expect("contents").is_none());
    assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));

    // The app reads it as empty, still creating nothing.
    let app = store.clone().reading_missing_as_empty();
    assert_eq!(app.read(|r| r.counts()).expect("empty").customers, 0);
    assert!(names(dir.path()).is_empty());

    // The first write creates it, and leaves no work file behind.
    with_customer(&path);
    assert_eq!(
        names(&dir.path().join("typo/sub")),
        ["rolo.redb", "rolo.redb.lock"]
    );
}

#[test]
fn a_first_write_that_fails_leaves_nothing_behind() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("typo/sub/rolo.redb");
    let store = Store::new(&path, Channel::Cli);
    let err = store
        .write(now(), |w| w.get_customer(CustomerId(7)))
        .expect_err("no such customer");
    assert!(matches!(err, StoreError::NoCustomer(_)), "{err}");
    assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
    // An existing directory stays, and so does a database that succeeded.
    std::fs::create_dir(dir.path().join("here")).expect("mkdir");
    let here = Store::new(dir.path().join("here/rolo.redb"), Channel::Cli);
    assert!(
        here.write(now(), |w| w.get_customer(CustomerId(7)))
            .is_err()
    );
    assert_eq!(names(dir.path()), ["here"]);
    assert!(names(&dir.path().join("here")).is_empty());
    with_customer(&path);
    assert_eq!(
        names(&dir.path().join("typo/sub")),
        ["rolo.redb", "rolo.redb.lock"]
    );
}

#[test]
fn an_empty_file_is_not_a_database_for_reads_or_writes_and_stays_empty() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("rolo.redb");
    std::fs::write(&path, b"").expect("empty");
    let store = Store::new(&path, Channel::Cli);
    let err = store.read(|r| r.counts()).expect_err("refused");
    assert!(matches!(err, StoreError::EmptyFile(_)), "{err}");
    let err = store
        .write(now(), |w| w.add_customer(CustomerDraft::named("x")))
        .expect_err("refused");
    assert!(matches!(err, StoreError::EmptyFile(_)), "{err}");
    assert!(matches!(store.check(), Err(StoreError::EmptyFile(_))));
    assert_eq!(std::fs::metadata(&path).expect("meta").len(), 0);
    assert_eq!(names(dir.path()), ["rolo.redb"], "not even a lock file");
}

#[test]
fn a_directory_or_a_fifo_is_not_a_database_and_nothing_blocks_on_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sub = dir.path().join("a-dir");
    std::fs::create_dir(&sub).expect("mkdir");
    let fifo = dir.path().join("a-fifo");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    for (path, kind) in [(&sub, "a directory"), (&fifo, "a FIFO")] {
        let store = Store::new(path, Channel::Cli);
        let err = store.read(|r| r.counts()).expect_err("refused");
        assert!(err.to_string().contains(kind), "{err}");
        let err = store
            .write(now(), |w| w.add_customer(CustomerDraft::named("x")))
            .expect_err("refused");
        assert!(matches!(err, StoreError::NotAFile { .. }), "{err}");
    }
}

#[test]
fn a_symlinked_database_is_written_and_scrubbed_through_the_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    let real_dir = dir.path().join("real");
    std::fs::create_dir(&real_dir).expect("mkdir");
    let real = real_dir.join("rolo.redb");
    let link = dir.path().join("link.redb");
    std::os::unix::fs::symlink(&real, &link).expect("link");
    // Created through the dangling link: the file appears at the target.
    let store = with_customer(&link);
    assert_eq!(store.path(), real);
    assert!(real.is_file());
    assert!(
        real_dir.join("rolo.redb.lock").exists(),
        "the lock sits beside the file"
    );
    let inode = std::fs::metadata(&real).expect("meta").ino();
    store
        .write(now(), |w| w.erase_customer(CustomerId(1)))
        .expect("erase");
    store.scrub_file().expect("scrub");
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::metadata(&real).expect("meta").ino(),
        inode,
        "rewritten in place"
    );
    assert!(!holds(&real, NAME));
    assert_eq!(store.read(|r| r.counts()).expect("reads").customers, 1);
    assert_eq!(names(dir.path()), ["link.redb", "real"]);
    assert_eq!(names(&real_dir), ["rolo.redb", "rolo.redb.lock"]);
}

#[test]
fn an_erasure_killed_after_its_commit_is_scrubbed_by_the_next_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("rolo.redb");
    let store = with_customer(&path);
    // The erase transaction commits; the process "dies" before the rewrite.
    store
        .write(now(), |w| w.erase_customer(CustomerId(1)))
        .expect("erase");
    assert!(holds(&path, NAME), "the test would prove nothing");
    // Any open, a read included, rewrites the file first.
    let counts = store.read(|r| r.counts()).expect("reads");
    assert_eq!(counts.customers, 1);
    assert!(!holds(&path, NAME), "the name is still in the file");
    assert!(store.check().expect("check").ok());
    // The scrub is done: the next read does not rewrite again.
    let modified = std::fs::metadata(&path)
        .expect("meta")
        .modified()
        .expect("mtime");
    store.read(|r| r.counts()).expect("reads");
    assert_eq!(
        std::fs::metadata(&path)
            .expect("meta")
            .modified()
            .expect("mtime"),
        modified
    );
}

#[test]
fn a_swap_killed_half_way_is_finished_before_anything_reads_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("rolo.redb");
    let store = with_customer(&path);
    let other = dir.path().join("other.redb");
    let next = Store::new(&other, Channel::Cli);
    next.write(now(), |w| w.add_customer(CustomerDraft::named("Only One")))
        .expect("write");
    // A committed journal, and the database half overwritten with junk.
    std::fs::copy(&other, files::Sidecars::of(&path).swap).expect("journal");
    let mut bytes = std::fs::read(&path).expect("read");
    let half = bytes.len() / 2;
    bytes[..half].fill(0xAB);
    std::fs::write(&path, &bytes).expect("damage");
    let first = store
        .read(|r| r.first_by_name(5))
        .expect("the read finishes the swap first");
    assert_eq!(first.len(), 1);
    assert_eq!(
        names(dir.path()),
        [
            "other.redb",
            "other.redb.lock",
            "rolo.redb",
            "rolo.redb.lock"
        ]
    );
}

#[test]
fn work_files_of_a_killed_writer_are_removed_by_the_next_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("rolo.redb");
    let store = with_customer(&path);
    let side = files::Sidecars::of(&path);
    for litter in side.litter() {
        std::fs::write(litter, "left by a killed process").expect("litter");
    }
    store
        .write(now(), |w| w.add_customer(CustomerDraft::named("Bob")))
        .expect("write");
    assert_eq!(names(dir.path()), ["rolo.redb", "rolo.redb.lock"]);
}

#[test]
fn a_deleted_lock_file_never_lets_two_writers_in_and_says_busy() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("rolo.redb");
    with_customer(&path);
    let held = open::for_write(&path, Duration::from_secs(1)).expect("first writer");
    std::fs::remove_file(lock::lock_path(&path)).expect("someone deletes the lock");
    let started = std::time::Instant::now();
    let err = open::for_write(&path, Duration::from_millis(300))
        .err()
        .expect("must not get in");
    assert!(matches!(err, StoreError::Busy { .. }), "{err}");
    assert!(err.to_string().contains("is busy"), "{err}");
    assert!(started.elapsed() >= Duration::from_millis(250), "it waited");
    let err = open::for_read(&path, Duration::from_millis(100))
        .err()
        .expect("nor a reader");
    assert!(matches!(err, StoreError::Busy { .. }), "{err}");
    drop(held);
    open::for_write(&path, Duration::from_secs(1)).expect("free again");
}

#[test]
fn a_zero_lock_timeout_means_do_not_wait() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("rolo.redb");
    with_customer(&path);
    let held = lock::acquire(&path, LockKind::Exclusive, Duration::from_secs(1)).expect("held");
    let started = std::time::Instant::now();
    let err = lock::acquire(&path, LockKind::Shared, Duration::ZERO).expect_err("busy");
    assert!(started.elapsed() < Duration::from_millis(100));
    assert!(
        err.to_string()
            .contains("lock_timeout_secs = 0 says not to wait"),
        "{err}"
    );
    drop(held);
    lock::acquire(&path, LockKind::Exclusive, Duration::ZERO).expect("free: no wait needed");
}

/// A timeout the clock cannot add (`lock_timeout_secs = 18446744073709551615`
/// before config refused it) panicked in `Instant + Duration`: every
/// command said "internal error". It waits as long as the clock allows.
#[test]
fn a_timeout_too_long_for_the_clock_does_not_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("rolo.redb");
    with_customer(&path);
    lock::acquire(&path, LockKind::Shared, Duration::MAX).expect("free: taken at once");
    let store = Store::new(path, Channel::Cli).with_lock_timeout(Duration::MAX);
    store.read(|r| r.counts()).expect("reads");
    store
        .write(now(), |w| w.add_customer(CustomerDraft::named("Bo Lee")))
        .expect("writes");
}

#[test]
fn the_lock_file_follows_the_databases_mode_and_its_owner_puts_it_right() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("rolo.redb");
    with_customer(&path);
    let lock_file = lock::lock_path(&path);
    let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o7777;
    assert_eq!((mode(&path), mode(&lock_file)), (0o600, 0o600));
    // The team's admin shares the file: the lock follows on the next run.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o660)).expect("chmod");
    drop(lock::acquire(&path, LockKind::Shared, Duration::from_secs(1)).expect("lock"));
    assert_eq!(mode(&lock_file), 0o660);
    // A lock created for a shared file gets its mode at once.
    std::fs::remove_file(&lock_file).expect("rm");
    drop(lock::acquire(&path, LockKind::Exclusive, Duration::from_secs(1)).expect("lock"));
    assert_eq!(mode(&lock_file), 0o660);
    // Never more than read/write for owner and group.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    drop(lock::acquire(&path, LockKind::Exclusive, Duration::from_secs(1)).expect("lock"));
    assert_eq!(mode(&lock_file), 0o640);
}

#[test]
fn erase_and_restore_keep_the_databases_mode_and_inode() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("rolo.redb");
    let store = with_customer(&path);
    let backup = store
        .backup_to(&dir.path().join("bk"), now())
        .expect("backup");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o660)).expect("chmod");
    let before = std::fs::metadata(&path).expect("meta");
    store
        .write(now(), |w| w.erase_customer(CustomerId(1)))
        .expect("erase");
    store.scrub_file().expect("scrub");
    store.restore_from(&backup.path, now()).expect("restore");
    let after = std::fs::metadata(&path).expect("meta");
    assert_eq!(
        (after.ino(), after.uid(), after.gid(), after.mode()),
        (before.ino(), before.uid(), before.gid(), before.mode())
    );
    assert_eq!(store.read(|r| r.counts()).expect("reads").customers, 2);
}
