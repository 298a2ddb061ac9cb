//! The search index snapshot beside the database (`files::search_snapshot`):
//! bytes a one-shot search loads instead of building its index from every
//! customer. A cache: what it holds is checked by its reader against the
//! database (`search::SnapshotKey`), any process may rebuild it, nothing
//! depends on it existing, and a failure to write it only costs the next
//! search the build. It is removed whenever the database file is swapped
//! (erasure's scrub, a restore), and a writer that finds the names changed
//! while it was building removes what it wrote.

use super::{Reads, Store, files};
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;

impl Store {
    /// The snapshot, open for reading, and its size, if there is one.
    pub fn search_snapshot(&self) -> Option<(fs::File, u64)> {
        let file = fs::File::open(files::search_snapshot(&self.path)).ok()?;
        let size = file.metadata().ok()?.len();
        Some((file, size))
    }

    /// Keep `bytes`, built from the database at `names_generation`, as the
    /// snapshot. Best effort: a directory that cannot be written, a full
    /// disk or a database that changed meanwhile leave no snapshot.
    pub fn keep_search_snapshot(&self, bytes: &[u8], names_generation: u64) {
        let target = files::search_snapshot(&self.path);
        let tmp = files::search_snapshot_tmp(&self.path);
        let written = (|| -> std::io::Result<()> {
            let model = fs::metadata(&self.path)?;
            let mut file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&tmp)?;
            files::follow(&file, &model)?;
            file.write_all(bytes)?;
            drop(file);
            fs::rename(&tmp, &target)
        })();
        if written.is_err() {
            let _ = files::remove_if_present(&tmp);
            return;
        }
        // A write that changed the names (an erasure among them) may have
        // committed while this was built: its snapshot must not stay. A
        // swap that removed snapshots before this rename bumped the names
        // generation first, so it is seen here.
        let current = self.read(|r| r.names_generation());
        if current.ok() != Some(names_generation) {
            let _ = files::remove_if_present(&target);
        }
    }
}
