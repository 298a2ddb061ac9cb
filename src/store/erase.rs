//! Erasure (GDPR Art. 17, PIPL Art. 47): a customer and everything about
//! them leave the database, and then the file itself.
//!
//! [`Writer::erase_customer`] deletes the rows and their index entries in
//! the caller's one transaction, scrubs the audit trail and the persisted
//! undo journals, and records one `customer.erase` entry that names only
//! the id, and sets `meta.scrub_pending`. redb does not overwrite freed
//! pages, so the deleted values are still in the file after that commit.
//! The next open for writing (the erase command's own [`Store::scrub_file`]
//! or, if that process was killed, whichever rolo runs next, reads
//! included) then copies every table except that flag into a fresh file
//! and writes it over the old one in place (`swap`): the old bytes are
//! overwritten and the tail zeroed, in the same inode, so owner, group,
//! mode and links stay.
//!
//! Why not `Database::compact()`: measured on the 100k benchmark database,
//! compaction alone (15 s) still left an erased task's title in the file,
//! twice; it moves pages from the end into holes and truncates, but holes
//! it cannot fill, and stale bytes inside the pages it moves, stay. The
//! copy holds only live values by construction, and is faster (10 s).

use super::codec::{decode, encode};
use super::error::{Result, StoreError};
use super::files::{self, Sidecars};
use super::record::RecordKind;
use super::tables::*;
use super::undo::{Change, Undo, VisitChange};
use super::{Reads, Store, Writer, open, swap};
use crate::domain::*;
use redb::{
    Database, Key, MultimapTableHandle, ReadTransaction, ReadableDatabase, ReadableTable,
    TableDefinition, TableHandle, Value, WriteTransaction,
};
use serde::Serialize;
use std::fs;
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
    pub orders: usize,
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
    /// Whether the old contents were overwritten (always, now that the
    /// rewrite is in place; kept for `--json` readers).
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
        let orders = self.customer_orders(id)?;
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
            for o in &orders {
                r.delete_order(o)?;
            }
            r.delete_customer(&customer)
        })?;
        let audit_entries_scrubbed = self.scrub_audit(id)?;
        let undo_changes_dropped = self.scrub_undo(id)?;
        self.audit("customer.erase", id.to_string(), None, vec![])?;
        // The journal: committed with the deletion, so a kill after the
        // commit leaves the next open to rewrite the file.
        self.txn.open_table(META)?.insert(SCRUB_PENDING, 1)?;
        Ok(Erased {
            customer: id,
            name: customer.name,
            interactions: interactions.len(),
            tasks: tasks.len(),
            deals: deals.len(),
            cases: cases.len(),
            orders: orders.len(),
            audit_entries_scrubbed,
            undo_changes_dropped,
        })
    }

    /// Keep when, who, from where and what kind of change each entry about
    /// `id` records, but not whom it was about.
    pub(in crate::store) fn scrub_audit(&mut self, id: CustomerId) -> Result<usize> {
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

    /// Drop every user's last-write journal that holds a row of the
    /// customer (an undo must not bring them back, nor keep a copy of
    /// them). The whole journal goes: the rest of it could not be undone
    /// alone (a merge's journal also holds the card merged into them).
    fn scrub_undo(&mut self, id: CustomerId) -> Result<usize> {
        let mut table = self.txn.open_table(LAST_WRITE)?;
        let mut changed = Vec::new();
        let mut dropped = 0;
        for row in table.iter()? {
            let (actor, bytes) = row?;
            let undo: Undo = decode("last write", 0, bytes.value())?;
            if undo.changes.iter().any(|c| touches(c, id)) {
                dropped += undo.changes.len();
                changed.push((actor.value().to_string(), Undo::default()));
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
    struct Touches(CustomerId);
    impl VisitChange for Touches {
        type Out = bool;
        fn visit<K: RecordKind>(self, _: K::Id, before: Option<&K>, after: Option<&K>) -> bool {
            [before, after]
                .into_iter()
                .flatten()
                .any(|row| row.customer() == Some(self.0))
        }
    }
    change.visit(Touches(id))
}

impl Store {
    /// Leave no deleted value in the file: under the exclusive lock, copy
    /// every table into a fresh file beside it, fsync it and write it over
    /// the database in place, zeroing the rest (see `swap`). After an
    /// erasure the open itself does this (the scrub is pending); without
    /// one (`rolo erase --compact`) it is done here.
    pub fn scrub_file(&self) -> Result<Scrubbed> {
        open::require_database(&self.path)?;
        let (db, scrubbed) = open::for_write_reporting(&self.path, self.lock_timeout)?;
        match scrubbed {
            Some(done) => {
                db.close()?;
                Ok(done)
            }
            None => {
                let (db, lock) = db.into_parts()?;
                let done = rewrite(db, &self.path)?;
                drop(lock);
                Ok(done)
            }
        }
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

/// Copy `src` (the database at `path`, open under the exclusive lock the
/// caller holds) into a new file, without the pending-scrub flag, and
/// swap it in. Also removes what an erasure by an older rolo may have
/// left (`.rolo-erase*` temp files).
pub(super) fn rewrite(src: Database, path: &Path) -> Result<Scrubbed> {
    let bytes_before = len(path)?;
    let tmp = Sidecars::of(path).swap_tmp;
    drop(swap::create_tmp(path).map_err(io(&tmp))?);
    {
        let dst = Database::builder()
            .set_cache_size(COPY_CACHE)
            .create(&tmp)?;
        let read = src.begin_read()?;
        let write = dst.begin_write()?;
        copy_tables(&read, &write, path)?;
        write.open_table(META)?.remove(SCRUB_PENDING)?;
        write.commit()?;
        read.close()?;
        dst.close()?;
    }
    src.close()?;
    swap::commit(path).map_err(io(path))?;
    swap::finish(path).map_err(io(path))?;
    remove_old_temp_files(path);
    Ok(Scrubbed {
        bytes_before,
        bytes_after: len(path)?,
        old_file_zeroed: true,
    })
}

/// `.rolo-erase*`: the temp files of erasures before the in-place swap.
fn remove_old_temp_files(path: &Path) {
    let Ok(entries) = fs::read_dir(files::dir_of(path)) else {
        return;
    };
    for entry in entries.flatten() {
        if entry
            .file_name()
            .to_string_lossy()
            .starts_with(".rolo-erase")
        {
            let _ = fs::remove_file(entry.path());
        }
    }
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
    copy(src, dst, PHONE_FORMS, has)?;
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
    copy(src, dst, ORDERS, has)?;
    copy(src, dst, IDX_CUSTOMER_ORDERS, has)?;
    copy(src, dst, IDX_ORDER_DATES, has)?;
    copy(src, dst, AGG_ACTIVITY, has)?;
    copy(src, dst, IDX_DEAL_CREATED, has)?;
    copy(src, dst, IDX_DEAL_CLOSED, has)?;
    copy(src, dst, IDX_OPEN_DEALS, has)?;
    copy(src, dst, DEAL_FIGURES, has)?;
    copy(src, dst, CUSTOMER_FIGURES, has)?;
    copy(src, dst, OPEN_TASK_FIGURES, has)?;
    copy(src, dst, IDX_GROUP_MEMBERS, has)?;
    copy(src, dst, AGG_GROUP_DAYS, has)?;
    Ok(())
}

/// The tables [`copy_tables`] copies; keep the two lists together.
fn known_tables() -> [&'static str; 35] {
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
        PHONE_FORMS.name(),
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
        ORDERS.name(),
        IDX_CUSTOMER_ORDERS.name(),
        IDX_ORDER_DATES.name(),
        AGG_ACTIVITY.name(),
        IDX_DEAL_CREATED.name(),
        IDX_DEAL_CLOSED.name(),
        IDX_OPEN_DEALS.name(),
        DEAL_FIGURES.name(),
        CUSTOMER_FIGURES.name(),
        OPEN_TASK_FIGURES.name(),
        IDX_GROUP_MEMBERS.name(),
        AGG_GROUP_DAYS.name(),
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
            .into_parts()
            .expect("created");
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
