//! Mutations. Public methods validate, write the row and its index entries,
//! and append an audit entry, all inside the caller's one transaction.
//! `insert_*` are the bulk forms (demo, import): no per-row audit, the
//! caller records one entry for the batch.

use super::Writer;
use super::codec::encode;
use super::error::{Result, StoreError};
use super::keys::{self, CustomerKeys};
use super::read::View;
use super::tables::*;
use super::undo::Change;
use crate::domain::*;
use chrono::{DateTime, FixedOffset};
use redb::ReadableTable;

/// What `Writer::log` recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct LogResult {
    pub interaction: Interaction,
    pub task: Option<Task>,
}

impl Writer {
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.now
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    // ---- user actions -------------------------------------------------

    pub fn add_customer(&mut self, draft: CustomerDraft) -> Result<Customer> {
        let draft = draft.validate()?;
        let customer = draft.into_customer(CustomerId(0), self.now);
        let customer = self.insert_customer(customer)?;
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
        let old = self.get_customer(id)?;
        let (new, changed) = patch.apply(&old, self.now)?;
        if !changed.is_empty() {
            self.put_customer(Some(&old), &new)?;
            let fields = changed.iter().map(|f| f.to_string()).collect();
            self.audit("customer.edit", id.to_string(), Some(id), fields)?;
        }
        Ok((new, changed))
    }

    /// Record an interaction and, optionally, the next action it leads to.
    pub fn log(&mut self, new: NewInteraction, next: Option<NewTask>) -> Result<LogResult> {
        let new = new.validate()?;
        let next = next.map(NewTask::validate).transpose()?;
        let customer = self.get_customer(new.customer)?;
        let interaction = Interaction {
            id: InteractionId(0),
            customer: new.customer,
            kind: new.kind,
            at: new.at,
            summary: new.summary,
            feedback: new.feedback,
            outcome: new.outcome,
            author: new.author,
            task: None,
        };
        let task = next.map(|t| self.task_from(t));
        let (interaction, task) = self.insert_interaction(interaction, task)?;
        if customer
            .last_contact_at
            .is_none_or(|last| interaction.at > last)
        {
            let mut touched = customer.clone();
            touched.last_contact_at = Some(interaction.at);
            self.put_customer(Some(&customer), &touched)?;
        }
        self.audit(
            "interaction.add",
            interaction.id.to_string(),
            Some(interaction.customer),
            vec![],
        )?;
        if let Some(task) = &task {
            self.audit("task.add", task.id.to_string(), task.customer, vec![])?;
        }
        Ok(LogResult { interaction, task })
    }

    pub fn add_task(&mut self, new: NewTask) -> Result<Task> {
        let new = new.validate()?;
        if let Some(c) = new.customer {
            self.get_customer(c)?;
        }
        let task = self.insert_task(self.task_from(new))?;
        self.audit("task.add", task.id.to_string(), task.customer, vec![])?;
        Ok(task)
    }

    /// Mark done; a recurring task queues its next occurrence, which is returned too.
    pub fn complete_task(&mut self, id: TaskId) -> Result<(Task, Option<Task>)> {
        let old = self.open_task(id)?;
        let mut done = old.clone();
        done.status = TaskStatus::Done;
        done.done_at = Some(self.now);
        self.put_task(Some(&old), &done)?;
        self.audit(
            "task.done",
            id.to_string(),
            done.customer,
            vec!["status".into()],
        )?;
        let next = match (old.recurrence, old.due) {
            (Some(rule), Some(due)) => {
                let next = Task {
                    id: TaskId(0),
                    due: Some(rule.next(due, self.now.date_naive())),
                    snoozes: Vec::new(),
                    status: TaskStatus::Open,
                    done_at: None,
                    created_at: self.now,
                    ..old
                };
                let next = self.insert_task(next)?;
                self.audit("task.add", next.id.to_string(), next.customer, vec![])?;
                Some(next)
            }
            _ => None,
        };
        Ok((done, next))
    }

    /// Move an open task's due date, keeping the history of snoozes.
    pub fn snooze_task(&mut self, id: TaskId, to: Due) -> Result<Task> {
        let old = self.open_task(id)?;
        let mut task = old.clone();
        task.snoozes.push(Snooze {
            at: self.now,
            from: old.due,
            to,
        });
        task.due = Some(to);
        self.put_task(Some(&old), &task)?;
        self.audit(
            "task.snooze",
            id.to_string(),
            task.customer,
            vec!["due".into()],
        )?;
        Ok(task)
    }

    fn open_task(&self, id: TaskId) -> Result<Task> {
        let task = self.get_task(id)?;
        match task.status {
            TaskStatus::Open => Ok(task),
            TaskStatus::Done => Err(StoreError::TaskClosed(id, "done")),
            TaskStatus::Cancelled => Err(StoreError::TaskClosed(id, "cancelled")),
        }
    }

    fn task_from(&self, new: NewTask) -> Task {
        Task {
            id: TaskId(0),
            customer: new.customer,
            title: new.title,
            due: new.due,
            priority: new.priority,
            status: TaskStatus::Open,
            done_at: None,
            snoozes: Vec::new(),
            recurrence: new.recurrence,
            origin: None,
            created_at: self.now,
        }
    }

    // ---- bulk forms -----------------------------------------------------

    /// Store a new customer as given (already validated), assigning its id.
    pub fn insert_customer(&mut self, mut customer: Customer) -> Result<Customer> {
        customer.id = CustomerId(self.next_id(NEXT_CUSTOMER)?);
        self.put_customer(None, &customer)?;
        Ok(customer)
    }

    /// Store an interaction and the task it created (linked both ways),
    /// assigning ids. Does not touch the customer's `last_contact_at`.
    pub fn insert_interaction(
        &mut self,
        mut interaction: Interaction,
        task: Option<Task>,
    ) -> Result<(Interaction, Option<Task>)> {
        interaction.id = InteractionId(self.next_id(NEXT_INTERACTION)?);
        let task = match task {
            Some(mut t) => {
                t.origin = Some(interaction.id);
                let t = self.insert_task(t)?;
                interaction.task = Some(t.id);
                Some(t)
            }
            None => None,
        };
        self.put_interaction(&interaction)?;
        Ok((interaction, task))
    }

    /// Write a new interaction row and its timeline entry.
    fn put_interaction(&mut self, interaction: &Interaction) -> Result<()> {
        self.txn
            .open_table(INTERACTIONS)?
            .insert(interaction.id.0, encode(interaction)?.as_slice())?;
        self.txn.open_table(IDX_TIMELINE)?.insert(
            (
                interaction.customer.0,
                interaction.at.timestamp_millis(),
                interaction.id.0,
            ),
            (),
        )?;
        self.journal(Change::Interaction {
            id: interaction.id,
            after: Box::new(interaction.clone()),
        });
        Ok(())
    }

    /// Put back a rolo export into an EMPTY database, keeping every id, so
    /// export → restore → export gives the same file. The id counters move
    /// past the highest id restored.
    pub fn restore(
        &mut self,
        customers: &[Customer],
        interactions: &[Interaction],
        tasks: &[Task],
    ) -> Result<()> {
        for c in customers {
            self.put_customer(None, c)?;
        }
        for i in interactions {
            self.put_interaction(i)?;
        }
        for t in tasks {
            self.put_task(None, t)?;
        }
        let counters = [
            (NEXT_CUSTOMER, customers.iter().map(|c| c.id.0).max()),
            (NEXT_INTERACTION, interactions.iter().map(|i| i.id.0).max()),
            (NEXT_TASK, tasks.iter().map(|t| t.id.0).max()),
        ];
        let mut meta = self.txn.open_table(META)?;
        for (counter, highest) in counters {
            if let Some(highest) = highest {
                let next = meta.get(counter)?.map_or(1, |v| v.value()).max(highest + 1);
                meta.insert(counter, next)?;
            }
        }
        Ok(())
    }

    pub fn insert_task(&mut self, mut task: Task) -> Result<Task> {
        task.id = TaskId(self.next_id(NEXT_TASK)?);
        self.put_task(None, &task)?;
        Ok(task)
    }

    /// Append an audit entry for this transaction's actor and channel.
    pub fn audit(
        &mut self,
        action: &str,
        entity: String,
        customer: Option<CustomerId>,
        fields: Vec<String>,
    ) -> Result<()> {
        let entry = AuditEntry {
            seq: self.next_id(NEXT_AUDIT)?,
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

    // ---- rows and their indexes -----------------------------------------

    pub(super) fn put_customer(&mut self, old: Option<&Customer>, new: &Customer) -> Result<()> {
        self.journal(Change::Customer {
            id: new.id,
            before: old.cloned().map(Box::new),
            after: Some(Box::new(new.clone())),
        });
        self.txn
            .open_table(CUSTOMERS)?
            .insert(new.id.0, encode(new)?.as_slice())?;
        let id = new.id.0;
        let before = old.map(CustomerKeys::of);
        let after = CustomerKeys::of(new);
        if before.as_ref() == Some(&after)
            && old.map(keys::search_text) == Some(keys::search_text(new))
        {
            return Ok(());
        }
        {
            let mut lookup = self.txn.open_table(IDX_LOOKUP)?;
            let old_keys = before.as_ref().map_or(&[][..], |k| k.lookup.as_slice());
            for key in old_keys.iter().filter(|k| !after.lookup.contains(k)) {
                lookup.remove((key.as_str(), id))?;
            }
            for key in after.lookup.iter().filter(|k| !old_keys.contains(k)) {
                lookup.insert((key.as_str(), id), ())?;
            }
        }
        let old_quiet = before.as_ref().and_then(|k| k.quiet);
        if old_quiet != after.quiet {
            let mut quiet = self.txn.open_table(IDX_QUIET)?;
            if let Some(q) = old_quiet {
                quiet.remove((q, id))?;
            }
            if let Some(q) = after.quiet {
                quiet.insert((q, id), ())?;
            }
        }
        let old_touch = before.as_ref().map(|k| k.last_touch);
        if old_touch != Some(after.last_touch) {
            let mut touch = self.txn.open_table(IDX_LAST_TOUCH)?;
            if let Some(t) = old_touch {
                touch.remove((t, id))?;
            }
            touch.insert((after.last_touch, id), ())?;
        }
        if old.map(keys::search_text) != Some(keys::search_text(new)) {
            self.names_changed = true;
            self.txn
                .open_table(SEARCH_TEXT)?
                .insert(id, keys::search_text(new))?;
        }
        Ok(())
    }

    pub(super) fn put_task(&mut self, old: Option<&Task>, new: &Task) -> Result<()> {
        self.journal(Change::Task {
            id: new.id,
            before: old.cloned().map(Box::new),
            after: Some(Box::new(new.clone())),
        });
        let id = new.id.0;
        self.txn
            .open_table(TASKS)?
            .insert(id, encode(new)?.as_slice())?;
        if old.is_none()
            && let Some(c) = new.customer
        {
            self.txn
                .open_table(IDX_CUSTOMER_TASKS)?
                .insert((c.0, id), ())?;
        }
        let before = old.and_then(keys::open_due_key);
        let after = keys::open_due_key(new);
        if before != after {
            let mut due = self.txn.open_table(IDX_OPEN_DUE)?;
            if let Some(k) = before {
                due.remove((k, id))?;
            }
            if let Some(k) = after {
                due.insert((k, id), ())?;
            }
        }
        Ok(())
    }

    fn next_id(&mut self, counter: &str) -> Result<u64> {
        let mut meta = self.txn.open_table(META)?;
        let next = meta.get(counter)?.map_or(1, |v| v.value());
        meta.insert(counter, next + 1)?;
        Ok(next)
    }

    /// Every write bumps `generation`; one that changed the list also `names_generation`.
    pub(super) fn bump_generation(&mut self) -> Result<()> {
        let mut meta = self.txn.open_table(META)?;
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
