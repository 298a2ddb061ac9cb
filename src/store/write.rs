//! Mutations: validate, write the rows and their index entries through
//! [`Rows`], and append an audit entry, all inside the caller's one
//! transaction. Bulk writes (demo, import, restore) take `Rows` for the
//! whole batch with [`Writer::rows`] and record one audit entry for it.

use super::Writer;
use super::codec::encode;
use super::error::{Result, StoreError};
use super::record::{EachKind, RecordKind, each_kind};
use super::rows::{LogResult, Rows};
use super::tables::*;
use crate::domain::*;
use chrono::{DateTime, FixedOffset};
use redb::ReadableTable;

impl Writer {
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.now
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// Run `f` with every row and index table open: the way to write many
    /// rows. Rows written here are journaled for undo unless the write
    /// called `skip_journal`.
    pub fn rows<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&mut Rows<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let mut rows = Rows::open(&self.txn, self.now, self.journaling)?;
        let value = f(&mut rows)?;
        let closed = rows.close()?;
        self.journal.changes.extend(closed.journal);
        self.names_changed |= closed.names_changed;
        Ok(value)
    }

    // ---- user actions -------------------------------------------------

    pub fn add_customer(&mut self, draft: CustomerDraft) -> Result<Customer> {
        let draft = draft.validate()?;
        let customer = draft.into_customer(CustomerId(0), self.now);
        let customer = self.rows(|r| r.insert(customer))?;
        self.audit(
            "customer.add",
            customer.id.to_string(),
            Some(customer.id),
            vec![],
        )?;
        Ok(customer)
    }

    /// Apply `patch`; returns the customer and the names of the fields that changed.
    pub fn update_customer(
        &mut self,
        id: CustomerId,
        patch: &CustomerPatch,
    ) -> Result<(Customer, Vec<&'static str>)> {
        let (new, changed) = self.rows(|r| r.update_customer(id, patch))?;
        if !changed.is_empty() {
            let fields = changed.iter().map(|f| f.to_string()).collect();
            self.audit("customer.edit", id.to_string(), Some(id), fields)?;
        }
        Ok((new, changed))
    }

    /// Apply `patch`, made against `base` (the customer as a form loaded
    /// it), unless another writer changed a field it sets since: then
    /// nothing is written and the error names the fields.
    pub fn update_customer_from(
        &mut self,
        base: &Customer,
        patch: &CustomerPatch,
    ) -> Result<(Customer, Vec<&'static str>)> {
        let current = self.rows(|r| r.get_customer(base.id))?;
        let conflicts = patch.conflicts(base, &current);
        if !conflicts.is_empty() {
            return Err(StoreError::Conflict {
                customer: base.id,
                fields: conflicts.join(", "),
            });
        }
        self.update_customer(base.id, patch)
    }

    /// Record an interaction and, optionally, the next action it leads to.
    pub fn log(&mut self, new: NewInteraction, next: Option<NewTask>) -> Result<LogResult> {
        let new = new.validate()?;
        let next = next.map(NewTask::validate).transpose()?;
        let logged = self.rows(|r| r.log(new, next))?;
        self.audit(
            "interaction.add",
            logged.interaction.id.to_string(),
            Some(logged.interaction.customer),
            vec![],
        )?;
        if let Some(task) = &logged.task {
            self.audit("task.add", task.id.to_string(), task.customer, vec![])?;
        }
        Ok(logged)
    }

    pub fn add_task(&mut self, new: NewTask) -> Result<Task> {
        let new = new.validate()?;
        let task = self.rows(|r| {
            if let Some(c) = new.customer {
                r.get_customer(c)?;
            }
            let task = r.task_from(new);
            r.insert(task)
        })?;
        self.audit("task.add", task.id.to_string(), task.customer, vec![])?;
        Ok(task)
    }

    /// Mark done; a recurring task queues its next occurrence, which is returned too.
    pub fn complete_task(&mut self, id: TaskId) -> Result<(Task, Option<Task>)> {
        let now = self.now;
        let (done, next) = self.rows(|r| {
            let old = open_task(r, id)?;
            let mut done = old.clone();
            done.status = TaskStatus::Done;
            done.done_at = Some(now);
            r.put_task(Some(&old), &done)?;
            // A rule whose next date would leave the calendar (a stored
            // recurrence from before its range was checked) ends here.
            let next_due = match (old.recurrence, old.due) {
                (Some(rule), Some(due)) => rule.next(due, now.date_naive()),
                _ => None,
            };
            let next = match next_due {
                Some(next_due) => Some(r.insert(Task {
                    id: TaskId(0),
                    due: Some(next_due),
                    snoozes: Vec::new(),
                    status: TaskStatus::Open,
                    done_at: None,
                    created_at: now,
                    ..old
                })?),
                None => None,
            };
            Ok::<_, StoreError>((done, next))
        })?;
        self.audit(
            "task.done",
            id.to_string(),
            done.customer,
            vec!["status".into()],
        )?;
        if let Some(next) = &next {
            self.audit("task.add", next.id.to_string(), next.customer, vec![])?;
        }
        Ok((done, next))
    }

    /// Move an open task's due date, keeping the history of snoozes.
    pub fn snooze_task(&mut self, id: TaskId, to: Due) -> Result<Task> {
        let now = self.now;
        let task = self.rows(|r| {
            let old = open_task(r, id)?;
            let mut task = old.clone();
            task.snoozes.push(Snooze {
                at: now,
                from: old.due,
                to,
            });
            task.due = Some(to);
            r.put_task(Some(&old), &task)?;
            Ok::<_, StoreError>(task)
        })?;
        self.audit(
            "task.snooze",
            id.to_string(),
            task.customer,
            vec!["due".into()],
        )?;
        Ok(task)
    }

    // ---- bulk forms -----------------------------------------------------

    /// Put back a rolo export into an EMPTY database, keeping every id, so
    /// export → restore → export gives the same file. The id counters move
    /// past the highest id restored.
    pub fn restore(&mut self, records: &Records) -> Result<()> {
        struct Restore<'a, 'r, 't> {
            records: &'a Records,
            rows: &'r mut Rows<'t>,
        }
        impl EachKind for Restore<'_, '_, '_> {
            fn kind<K: RecordKind>(&mut self) -> Result<()> {
                let rows = K::in_records(self.records);
                for row in rows {
                    K::put(self.rows, None, row)?;
                }
                let highest: Option<u64> = rows.iter().map(|row| row.id().into()).max();
                self.rows.keep_id_above::<K>(highest.unwrap_or(0))
            }
        }
        self.rows(|rows| each_kind(&mut Restore { records, rows }))?;
        for c in &records.campaigns {
            self.put_campaign(c.clone())?;
        }
        Ok(())
    }

    /// Append an audit entry for this transaction's actor and channel.
    pub fn audit(
        &mut self,
        action: &str,
        entity: String,
        customer: Option<CustomerId>,
        fields: Vec<String>,
    ) -> Result<()> {
        // A team database writes its own audit trail (its triggers), which
        // the working copy then reads back.
        if self.shipping {
            return Ok(());
        }
        let entry = AuditEntry {
            seq: self.next_audit_seq()?,
            at: self.now,
            actor: self.actor.clone(),
            channel: self.channel,
            action: action.to_string(),
            entity,
            customer,
            fields,
        };
        self.txn
            .open_table(AUDIT)?
            .insert(entry.seq, encode(&entry)?.as_slice())?;
        Ok(())
    }

    fn next_audit_seq(&mut self) -> Result<u64> {
        let mut meta = self.txn.open_table(META)?;
        let next = meta.get(NEXT_AUDIT)?.map_or(1, |v| v.value());
        meta.insert(NEXT_AUDIT, next + 1)?;
        Ok(next)
    }

    /// Every write bumps `generation`; one that changed the list also
    /// `names_generation`. A file without a `database_id` gets one here.
    pub(super) fn bump_generation(&mut self) -> Result<()> {
        let mut meta = self.txn.open_table(META)?;
        super::open::ensure_database_id(&mut meta)?;
        let mut counters = vec![GENERATION];
        if self.names_changed {
            counters.push(NAMES_GENERATION);
        }
        for counter in counters {
            let value = meta.get(counter)?.map_or(0, |v| v.value());
            meta.insert(counter, value + 1)?;
        }
        Ok(())
    }
}

fn open_task(r: &Rows, id: TaskId) -> Result<Task> {
    let task = r.task(id)?.ok_or(StoreError::NoTask(id))?;
    match task.status {
        TaskStatus::Open => Ok(task),
        TaskStatus::Done => Err(StoreError::TaskClosed(id, "done")),
        TaskStatus::Cancelled => Err(StoreError::TaskClosed(id, "cancelled")),
    }
}
