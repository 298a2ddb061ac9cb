//! Erasure (GDPR Art. 17, PIPL Art. 47): a customer and everything about
//! them leave the database, and then the file itself.
//!
//! [`Writer::erase_customer`] deletes the rows and their index entries in
//! the caller's one transaction, scrubs the audit trail and the persisted
//! undo journals, and records one `customer.erase` entry that names only
//! the id. redb does not overwrite freed pages, so the deleted values are
//! still in the file after that commit. [`Store::scrub_file`] then copies
//! every table into a fresh file and renames it over the old one, under
//! the exclusive lock, and overwrites the old file's blocks with zeros.
//!
//! Why not `Database::compact()`: measured on the 100k benchmark database,
//! compaction alone (15 s) still left an erased task's title in the file,
//! twice; it moves pages from the end into holes and truncates, but holes
//! it cannot fill, and stale bytes inside the pages it moves, stay. The
//! copy holds only live values by construction, and is faster (10 s).

use super::codec::{decode, encode};
use super::error::{Result, StoreError};
use super::tables::*;
use super::undo::{Change, Undo};
use super::{Store, View, Writer, open};
use crate::domain::*;
use redb::{
    Database, Key, MultimapTableHandle, ReadTransaction, ReadableDatabase, ReadableTable,
    TableDefinition, TableHandle, Value, WriteTransaction,
};
use serde::Serialize;
use std::fs::{self, File};
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// What an audit entry about an erased customer says instead of its entity.
pub const ERASED_ENTITY: &str = "erased";

/// The page cache of the copy: as for any write, a bounded one.
const COPY_CACHE: usize = 64 * 1024 * 1024;

/// What [`Writer::erase_customer`] removed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Erased {
    pub customer: CustomerId,
    /// The name as it was, for the caller to show; stored nowhere.
    #[serde(skip)]
    pub name: String,
    pub interactions: usize,
    pub tasks: usize,
    pub deals: usize,
    pub cases: usize,
    /// Audit entries about the customer, now anonymous.
    pub audit_entries_scrubbed: usize,
    /// Rows of the customer dropped from users' undo journals.
    pub undo_changes_dropped: usize,
}

/// What [`Store::scrub_file`] did to the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scrubbed {
    pub bytes_before: u64,
    pub bytes_after: u64,
    /// Whether the replaced file's blocks were overwritten with zeros
    /// (skipped when another hard link still names it).
    pub old_file_zeroed: bool,
}

impl Writer {
    /// Delete the customer, their interactions and tasks with every index
    /// entry they own; make the audit entries about them anonymous; drop
    /// their rows from every undo journal. Not journaled: an erasure is
    /// not undoable.
    pub fn erase_customer(&mut self, id: CustomerId) -> Result<Erased> {
        self.skip_journal();
        let customer = self.get_customer(id)?;
        let interactions = self.timeline(id, usize::MAX)?;
        let tasks = self.customer_tasks(id)?;
        let deals = self.customer_deals(id)?;
        let cases = self.customer_cases(id)?;
        self.rows(|r| {
            for i in &interactions {
                r.delete_interaction(i)?;
            }
            for t in &tasks {
                r.delete_task(t)?;
            }
            for d in &deals {
                r.delete_deal(d)?;
            }
            for c in &cases {
                r.delete_case(c)?;
            }
            r.delete_customer(&customer)
        })?;
        let audit_entries_scrubbed = self.scrub_audit(id)?;
        let undo_changes_dropped = self.scrub_undo(id)?;
        self.audit("customer.erase", id.to_string(), None, vec![])?;
        Ok(Erased {
            customer: id,
            name: customer.name,
            interactions: interactions.len(),
            tasks: tasks.len(),
            deals: deals.len(),
            cases: cases.len(),
            audit_entries_scrubbed,
            undo_changes_dropped,
        })
    }

    /// Keep when, who, from where and what kind of change each entry about
    /// `id` records, but not whom it was about.
    fn scrub_audit(&mut self, id: CustomerId) -> Result<usize> {
        let mut table = self.txn.open_table(AUDIT)?;
        let mut about = Vec::new();
        for row in table.iter()? {
            let (seq, bytes) = row?;
            let entry: AuditEntry = decode("audit entry", seq.value(), bytes.value())?;
            if entry.customer == Some(id) {
                about.push(entry);
            }
        }
        for mut entry in about.iter().cloned() {
            entry.entity = ERASED_ENTITY.to_string();
            entry.customer = None;
            table.insert(entry.seq, encode(&entry)?.as_slice())?;
        }
        Ok(about.len())
    }

    /// Drop the customer's rows from every user's last-write journal
    /// (an undo must not bring them back, nor keep a copy of them).
    fn scrub_undo(&mut self, id: CustomerId) -> Result<usize> {
        let mut table = self.txn.open_table(LAST_WRITE)?;
        let mut changed = Vec::new();
        let mut dropped = 0;
        for row in table.iter()? {
            let (actor, bytes) = row?;
            let mut undo: Undo = decode("last write", 0, bytes.value())?;
            let before = undo.changes.len();
            undo.changes.retain(|c| !touches(c, id));
            if undo.changes.len() != before {
                dropped += before - undo.changes.len();
                changed.push((actor.value().to_string(), undo));
            }
        }
        for (actor, undo) in changed {
            table.insert(actor.as_str(), encode(&undo)?.as_slice())?;
        }
        Ok(dropped)
    }
}

/// Whether a journaled change holds a row of customer `id`.
fn touches(change: &Change, id: CustomerId) -> bool {
    let task = |t: &Option<Box<Task>>| t.as_ref().is_some_and(|t| t.customer == Some(id));
    let interaction = |i: &Option<Box<Interaction>>| i.as_ref().is_some_and(|i| i.customer == id);
    let deal = |d: &Option<Box<Deal>>| d.as_ref().is_some_and(|d| d.customer == id);
    let case = |c: &Option<Box<Case>>| c.as_ref().is_some_and(|c| c.customer == id);
    match change {
        Change::Customer { id: c, .. } => *c == id,
        Change::Interaction { before, after, .. } => interaction(before) || interaction(after),
        Change::Task { before, after, .. } => task(before) || task(after),
        Change::Deal { before, after, .. } => deal(before) || deal(after),
        Change::Case { before, after, .. } => case(before) || case(after),
    }
}

impl Store {
    /// Leave no deleted value in the file: under the exclusive lock, copy
    /// every table into a fresh file beside it (0600), fsync it, rename it
    /// over the database, and overwrite the replaced file with zeros.
    pub fn scrub_file(&self) -> Result<Scrubbed> {
        let (db, lock) = open::for_write(&self.path, self.lock_timeout)?.into_parts();
        let bytes_before = len(&self.path)?;
        let old_file_zeroed = rewrite(db, &self.path)?;
        let bytes_after = len(&self.path)?;
        drop(lock);
        Ok(Scrubbed {
            bytes_before,
            bytes_after,
            old_file_zeroed,
        })
    }
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn len(path: &Path) -> Result<u64> {
    Ok(fs::metadata(path).map_err(io(path))?.len())
}

/// Copy `src` (the database at `path`) into a new file and put that in its
/// place. Returns whether the old file's blocks were zeroed.
fn rewrite(src: Database, path: &Path) -> Result<bool> {
    use std::os::unix::fs::PermissionsExt;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = tempfile::Builder::new()
        .prefix(".rolo-erase")
        .permissions(fs::Permissions::from_mode(0o600))
        .tempfile_in(dir)
        .map_err(io(dir))?
        .into_temp_path();
    {
        let dst = Database::builder()
            .set_cache_size(COPY_CACHE)
            .create(&tmp)?;
        let read = src.begin_read()?;
        let write = dst.begin_write()?;
        copy_tables(&read, &write, path)?;
        write.commit()?;
        read.close()?;
        dst.close()?;
    }
    src.close()?;
    File::open(&tmp)
        .and_then(|f| f.sync_all())
        .map_err(io(&tmp))?;
    // Held across the rename: the replaced file's blocks, to overwrite.
    let old = File::options().write(true).open(path).map_err(io(path))?;
    tmp.persist(path).map_err(|e| StoreError::Io {
        path: path.to_path_buf(),
        source: e.error,
    })?;
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io(dir))?;
    zero(old, path)
}

/// Overwrite an unlinked file with zeros, so its blocks no longer hold the
/// erased values (on filesystems that write in place). A file another
/// hard link still names is left alone.
fn zero(mut old: File, path: &Path) -> Result<bool> {
    let meta = old.metadata().map_err(io(path))?;
    if meta.nlink() > 0 {
        return Ok(false);
    }
    let zeros = vec![0u8; 1 << 20];
    let mut left = meta.len();
    while left > 0 {
        let n = left.min(zeros.len() as u64) as usize;
        old.write_all(&zeros[..n]).map_err(io(path))?;
        left -= n as u64;
    }
    old.sync_all().map_err(io(path))?;
    Ok(true)
}

/// Copy every table rolo keeps, refusing a table it does not know (a
/// newer rolo's): the copy would silently lose it.
fn copy_tables(src: &ReadTransaction, dst: &WriteTransaction, path: &Path) -> Result<()> {
    let present: Vec<String> = src.list_tables()?.map(|t| t.name().to_string()).collect();
    let known = known_tables();
    if let Some(unknown) = present.iter().find(|t| !known.contains(&t.as_str())) {
        return Err(unknown_table(path, unknown));
    }
    if let Some(multimap) = src.list_multimap_tables()?.next() {
        return Err(unknown_table(path, multimap.name()));
    }
    let has = |name: &str| present.iter().any(|t| t == name);
    copy(src, dst, META, has)?;
    copy(src, dst, CUSTOMERS, has)?;
    copy(src, dst, INTERACTIONS, has)?;
    copy(src, dst, TASKS, has)?;
    copy(src, dst, AUDIT, has)?;
    copy(src, dst, LAST_WRITE, has)?;
    copy(src, dst, OPS, has)?;
    copy(src, dst, OP_COMMANDS, has)?;
    copy(src, dst, SEARCH_TEXT, has)?;
    copy(src, dst, IDX_LOOKUP, has)?;
    copy(src, dst, IDX_TIMELINE, has)?;
    copy(src, dst, IDX_CUSTOMER_TASKS, has)?;
    copy(src, dst, IDX_OPEN_DUE, has)?;
    copy(src, dst, IDX_QUIET, has)?;
    copy(src, dst, IDX_LAST_TOUCH, has)?;
    copy(src, dst, DEALS, has)?;
    copy(src, dst, CASES, has)?;
    copy(src, dst, CAMPAIGNS, has)?;
    copy(src, dst, VIEWS, has)?;
    copy(src, dst, IDX_CUSTOMER_DEALS, has)?;
    copy(src, dst, IDX_CUSTOMER_CASES, has)?;
    copy(src, dst, IDX_OPEN_CASES, has)?;
    Ok(())
}

/// The tables [`copy_tables`] copies; keep the two lists together.
fn known_tables() -> [&'static str; 22] {
    [
        META.name(),
        CUSTOMERS.name(),
        INTERACTIONS.name(),
        TASKS.name(),
        AUDIT.name(),
        LAST_WRITE.name(),
        OPS.name(),
        OP_COMMANDS.name(),
        SEARCH_TEXT.name(),
        IDX_LOOKUP.name(),
        IDX_TIMELINE.name(),
        IDX_CUSTOMER_TASKS.name(),
        IDX_OPEN_DUE.name(),
        IDX_QUIET.name(),
        IDX_LAST_TOUCH.name(),
        DEALS.name(),
        CASES.name(),
        CAMPAIGNS.name(),
        VIEWS.name(),
        IDX_CUSTOMER_DEALS.name(),
        IDX_CUSTOMER_CASES.name(),
        IDX_OPEN_CASES.name(),
    ]
}

fn unknown_table(path: &Path, name: &str) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(format!(
            "it has a table \"{name}\" this rolo does not know, so it was not rewritten \
             (that would lose the table); what was deleted may remain in its free pages \
             until a newer rolo runs `rolo erase --compact`"
        )),
    }
}

fn copy<K: Key + 'static, V: Value + 'static>(
    src: &ReadTransaction,
    dst: &WriteTransaction,
    def: TableDefinition<K, V>,
    has: impl Fn(&str) -> bool,
) -> Result<()> {
    if !has(def.name()) {
        return Ok(());
    }
    let from = src.open_table(def)?;
    let mut to = dst.open_table(def)?;
    for row in from.iter()? {
        let (k, v) = row?;
        to.insert(k.value(), v.value())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_copy_knows_every_table_a_new_database_has() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("rolo.redb");
        let (db, _lock) = open::for_write(&path, Duration::from_secs(5))
            .expect("opens")
            .into_parts();
        let read = db.begin_read().expect("reads");
        let known = known_tables();
        for t in read.list_tables().expect("lists") {
            assert!(
                known.contains(&t.name()),
                "table \"{}\" is missing from erase::copy_tables",
                t.name()
            );
        }
    }
}
