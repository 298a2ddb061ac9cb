//! Replacing the database's contents in place, so that a kill at any
//! moment leaves the old contents or the new, and the next open finishes
//! the job.
//!
//! Erasure and restore both end by putting a complete new database where
//! the old one is. Renaming a new file over it would give the database a
//! new owner, group and mode (breaking a file a team shares), replace a
//! symlink instead of writing through it, and leave the old bytes in
//! blocks the file system no longer names. Instead, under the exclusive
//! lock:
//!
//! 1. the new contents are written to `.NAME.swap-tmp` and fsynced;
//! 2. that file is renamed to `.NAME.swap` and the directory fsynced:
//!    from here on, its existence says "copy me over the database";
//! 3. its bytes are written over the database's from the start, the rest
//!    of the old file is overwritten with zeros, the file is cut to the new
//!    length and fsynced (the same inode: owner, group, mode, hard links
//!    and symlinks all stay);
//! 4. `.NAME.swap` is removed.
//!
//! A kill before 2 leaves the database as it was (and litter that the next
//! writer removes); a kill after 2 leaves a journal that every open finishes
//! first, under the exclusive lock ([`finish`]), before anything reads the
//! half-copied file.

use super::files::{self, Sidecars};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

const CHUNK: usize = 1 << 20;

/// A fresh, private file for the new contents (step 1); any earlier one
/// was left by a process that died and goes first.
pub fn create_tmp(db: &Path) -> io::Result<File> {
    let side = Sidecars::of(db);
    files::remove_if_present(&side.swap_tmp)?;
    OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&side.swap_tmp)
}

/// Step 2: the new contents (fsynced by the caller) become the journal.
pub fn commit(db: &Path) -> io::Result<()> {
    let side = Sidecars::of(db);
    File::open(&side.swap_tmp)?.sync_all()?;
    fs::rename(&side.swap_tmp, &side.swap)?;
    files::sync_dir(files::dir_of(db))
}

/// Whether a swap is waiting to be finished (a reader checks this before
/// trusting the file).
pub fn pending(db: &Path) -> bool {
    Sidecars::of(db).swap.exists()
}

/// Steps 3 and 4, if a swap is pending: copy it over the database, zero
/// what is left of the old file, cut and sync. Returns the database's
/// size before, if there was a swap to finish. Safe to run again after a
/// kill at any point: the journal stays until the copy is complete.
pub fn finish(db: &Path) -> io::Result<Option<u64>> {
    let side = Sidecars::of(db);
    let mut src = match File::open(&side.swap) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut dst = OpenOptions::new().write(true).open(db)?;
    let before = dst.metadata()?.len();
    // A plain read/write loop, not copy_file_range: on file systems that
    // can share blocks between files it might not overwrite the old ones.
    let mut buf = vec![0u8; CHUNK];
    let mut written = 0u64;
    loop {
        let n = match src.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        dst.write_all(&buf[..n])?;
        written += n as u64;
    }
    if before > written {
        buf.fill(0);
        let mut left = before - written;
        while left > 0 {
            let n = left.min(CHUNK as u64) as usize;
            dst.write_all(&buf[..n])?;
            left -= n as u64;
        }
    }
    dst.sync_all()?;
    dst.set_len(written)?;
    dst.sync_all()?;
    // The search snapshot was built from the old contents (and may name a
    // customer just erased): gone before the journal is, so a kill here
    // still removes it on the next run.
    files::remove_search_snapshots(db)?;
    fs::remove_file(&side.swap)?;
    files::sync_dir(files::dir_of(db))?;
    Ok(Some(before))
}

/// Everything a process that died under the exclusive lock may have left
/// beside the database: finish a pending swap, remove the litter. Called
/// by every writer once it holds the exclusive lock.
pub fn recover(db: &Path) -> io::Result<()> {
    finish(db)?;
    let side = Sidecars::of(db);
    for litter in side.litter() {
        files::remove_if_present(litter)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup(old: &[u8], new: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("rolo.redb");
        fs::write(&db, old).expect("old");
        let mut tmp = create_tmp(&db).expect("tmp");
        tmp.write_all(new).expect("new");
        (dir, db)
    }

    #[test]
    fn a_swap_overwrites_in_place_and_zeroes_the_tail() {
        use std::os::unix::fs::MetadataExt;
        let (_dir, db) = setup(&[7u8; 3 * CHUNK + 5], b"new contents");
        let inode = fs::metadata(&db).expect("meta").ino();
        assert!(!pending(&db));
        commit(&db).expect("commit");
        assert!(pending(&db));
        assert_eq!(finish(&db).expect("finish"), Some(3 * CHUNK as u64 + 5));
        assert_eq!(fs::read(&db).expect("read"), b"new contents");
        assert_eq!(fs::metadata(&db).expect("meta").ino(), inode, "same file");
        assert!(!pending(&db));
        assert_eq!(finish(&db).expect("again"), None);
    }

    #[test]
    fn an_uncommitted_swap_is_litter_and_a_committed_one_is_finished_by_recover() {
        let (_dir, db) = setup(b"old", b"new");
        recover(&db).expect("recover");
        assert_eq!(fs::read(&db).expect("read"), b"old");
        assert!(!Sidecars::of(&db).swap_tmp.exists(), "litter removed");

        let mut tmp = create_tmp(&db).expect("tmp");
        tmp.write_all(b"newer and longer").expect("write");
        commit(&db).expect("commit");
        recover(&db).expect("recover");
        assert_eq!(fs::read(&db).expect("read"), b"newer and longer");
    }

    #[test]
    fn a_swap_keeps_the_mode() {
        use std::os::unix::fs::PermissionsExt;
        let (_dir, db) = setup(b"old bytes", b"new");
        fs::set_permissions(&db, fs::Permissions::from_mode(0o640)).expect("chmod");
        commit(&db).expect("commit");
        finish(&db).expect("finish");
        let meta = fs::metadata(&db).expect("meta");
        assert_eq!(meta.permissions().mode() & 0o7777, 0o640);
    }
}
