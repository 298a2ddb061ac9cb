//! Corrections and removals: an interaction, a task, a deal or a case
//! edited or taken away, each in the caller's one transaction with its
//! indexes, the customer's derived fields and an audit entry. Every row
//! goes through `Rows`, so `rolo undo` and the app's `u` take it back.

use super::Writer;
use super::error::{Result, StoreError};
use crate::domain::*;

impl Writer {
    /// Correct an interaction. A new time moves its timeline entry and,
    /// if it was (or becomes) the latest contact, the customer's last
    /// contact and quiet date with it.
    pub fn edit_interaction(
        &mut self,
        id: InteractionId,
        patch: &InteractionPatch,
    ) -> Result<(Interaction, Vec<&'static str>)> {
        let (new, changed) = self.rows(|r| {
            let old = r.interaction(id)?.ok_or(StoreError::NoInteraction(id))?;
            let (new, changed) = patch.apply(&old)?;
            if !changed.is_empty() {
                r.replace_interaction(&old, &new)?;
                if old.at != new.at {
                    r.retouch(new.customer, Some(old.at), Some(new.at))?;
                }
            }
            Ok::<_, StoreError>((new, changed))
        })?;
        if !changed.is_empty() {
            let fields = changed.iter().map(|f| f.to_string()).collect();
            self.audit(
                "interaction.edit",
                id.to_string(),
                Some(new.customer),
                fields,
            )?;
        }
        Ok((new, changed))
    }

    /// Take an interaction off the timeline. The task it created stays,
    /// no longer linked to it; the customer's last contact falls back to
    /// the newest entry left if this one was it.
    pub fn remove_interaction(&mut self, id: InteractionId) -> Result<Interaction> {
        let removed = self.rows(|r| {
            let old = r.interaction(id)?.ok_or(StoreError::NoInteraction(id))?;
            // The task it created, and that task's later occurrences if it
            // repeats (they keep the first one's origin), wherever they went.
            let first = old.task.map(|t| r.task(t)).transpose()?.flatten();
            let mut owners = vec![old.customer];
            owners.extend(first.as_ref().and_then(|t| t.customer));
            owners.dedup();
            let mut linked: Vec<Task> = first.into_iter().collect();
            for owner in owners {
                linked.extend(r.tasks_of(owner)?);
            }
            linked.sort_by_key(|t| t.id);
            linked.dedup_by_key(|t| t.id);
            for task in linked.into_iter().filter(|t| t.origin == Some(id)) {
                let unlinked = Task {
                    origin: None,
                    ..task.clone()
                };
                r.put_task(Some(&task), &unlinked)?;
            }
            r.delete_interaction(&old)?;
            r.retouch(old.customer, Some(old.at), None)?;
            Ok::<_, StoreError>(old)
        })?;
        self.audit(
            "interaction.remove",
            id.to_string(),
            Some(removed.customer),
            vec![],
        )?;
        Ok(removed)
    }

    /// Correct a task (open or closed). A new customer must exist.
    pub fn edit_task(
        &mut self,
        id: TaskId,
        patch: &TaskPatch,
    ) -> Result<(Task, Vec<&'static str>)> {
        let (new, changed) = self.rows(|r| {
            let old = r.task(id)?.ok_or(StoreError::NoTask(id))?;
            let (new, changed) = patch.apply(&old)?;
            if let Some(c) = new.customer.filter(|c| old.customer != Some(*c)) {
                r.get_customer(c)?;
            }
            if !changed.is_empty() {
                r.put_task(Some(&old), &new)?;
            }
            Ok::<_, StoreError>((new, changed))
        })?;
        if !changed.is_empty() {
            let fields = changed.iter().map(|f| f.to_string()).collect();
            self.audit("task.edit", id.to_string(), new.customer, fields)?;
        }
        Ok((new, changed))
    }

    /// Remove an open task from the queue: it is cancelled, not deleted,
    /// so the history keeps it. A repeating task repeats no more.
    pub fn cancel_task(&mut self, id: TaskId) -> Result<Task> {
        let now = self.now;
        let task = self.rows(|r| {
            let old = r.task(id)?.ok_or(StoreError::NoTask(id))?;
            match old.status {
                TaskStatus::Open => {}
                TaskStatus::Done => return Err(StoreError::TaskClosed(id, "done")),
                TaskStatus::Cancelled => return Err(StoreError::TaskClosed(id, "cancelled")),
            }
            let task = Task {
                status: TaskStatus::Cancelled,
                done_at: Some(now),
                ..old.clone()
            };
            r.put_task(Some(&old), &task)?;
            Ok(task)
        })?;
        self.audit(
            "task.cancel",
            id.to_string(),
            task.customer,
            vec!["status".into()],
        )?;
        Ok(task)
    }

    /// Correct a deal's fields. A closed deal keeps the probability its
    /// close gave it (100 won, 0 lost): reopen it to change that. A new
    /// customer must exist.
    pub fn edit_deal(
        &mut self,
        id: DealId,
        patch: &DealPatch,
    ) -> Result<(Deal, Vec<&'static str>)> {
        let (new, changed) = self.rows(|r| {
            let old = r.get_deal(id)?;
            let (new, changed) = patch.apply(&old)?;
            if changed.contains(&"probability") && !old.is_open() {
                return Err(StoreError::DealClosed(id, old.status.as_str()));
            }
            if changed.contains(&"customer") {
                r.get_customer(new.customer)?;
            }
            if !changed.is_empty() {
                r.put_deal(Some(&old), &new)?;
            }
            Ok((new, changed))
        })?;
        if !changed.is_empty() {
            let fields = changed.iter().map(|f| f.to_string()).collect();
            self.audit("deal.edit", id.to_string(), Some(new.customer), fields)?;
        }
        Ok((new, changed))
    }

    /// Delete a deal opened by mistake: it leaves the pipeline and every
    /// report (the audit trail keeps that it existed, by id).
    pub fn remove_deal(&mut self, id: DealId) -> Result<Deal> {
        let deal = self.rows(|r| {
            let deal = r.get_deal(id)?;
            r.delete_deal(&deal)?;
            Ok::<_, StoreError>(deal)
        })?;
        self.audit("deal.remove", id.to_string(), Some(deal.customer), vec![])?;
        Ok(deal)
    }

    /// Correct a case's title, kind, priority, owner or customer (who must
    /// exist).
    pub fn edit_case(
        &mut self,
        id: CaseId,
        patch: &CasePatch,
    ) -> Result<(Case, Vec<&'static str>)> {
        let (new, changed) = self.rows(|r| {
            let old = r.get_case(id)?;
            let (new, changed) = patch.apply(&old)?;
            if changed.contains(&"customer") {
                r.get_customer(new.customer)?;
            }
            if !changed.is_empty() {
                r.put_case(Some(&old), &new)?;
            }
            Ok::<_, StoreError>((new, changed))
        })?;
        if !changed.is_empty() {
            let fields = changed.iter().map(|f| f.to_string()).collect();
            self.audit("case.edit", id.to_string(), Some(new.customer), fields)?;
        }
        Ok((new, changed))
    }

    /// Record an order for an existing customer (and an existing deal, if
    /// it names one). As a won deal does, a purchase makes a lead or
    /// prospect a customer (recorded as a stage change).
    pub fn add_order(&mut self, draft: OrderDraft) -> Result<Order> {
        let order = draft.into_order(self.now)?;
        let (order, promoted) = self.rows(|r| {
            let customer = r.get_customer(order.customer)?;
            if let Some(deal) = order.deal {
                r.get_deal(deal)?;
            }
            let order = r.insert(order)?;
            let promoted = matches!(customer.stage, Stage::Lead | Stage::Prospect);
            if promoted {
                let patch = CustomerPatch {
                    stage: Some(Stage::Customer),
                    ..Default::default()
                };
                r.update_customer(customer.id, &patch)?;
            }
            Ok::<_, StoreError>((order, promoted))
        })?;
        self.audit(
            "order.add",
            order.id.to_string(),
            Some(order.customer),
            vec![],
        )?;
        if promoted {
            self.audit(
                "customer.edit",
                order.customer.to_string(),
                Some(order.customer),
                vec!["stage".into()],
            )?;
        }
        Ok(order)
    }

    /// Correct an order's fields (see `OrderPatch`); a new customer must exist.
    pub fn edit_order(
        &mut self,
        id: OrderId,
        patch: &OrderPatch,
    ) -> Result<(Order, Vec<&'static str>)> {
        let now = self.now;
        let (new, changed) = self.rows(|r| {
            let old = r.get_order(id)?;
            let (new, changed) = patch.apply(&old, now)?;
            if changed.contains(&"customer") {
                r.get_customer(new.customer)?;
            }
            if !changed.is_empty() {
                r.put_order(Some(&old), &new)?;
            }
            Ok::<_, StoreError>((new, changed))
        })?;
        if !changed.is_empty() {
            let fields = changed.iter().map(|f| f.to_string()).collect();
            self.audit("order.edit", id.to_string(), Some(new.customer), fields)?;
        }
        Ok((new, changed))
    }

    /// Delete an order recorded by mistake.
    pub fn remove_order(&mut self, id: OrderId) -> Result<Order> {
        let order = self.rows(|r| {
            let order = r.get_order(id)?;
            r.delete_order(&order)?;
            Ok::<_, StoreError>(order)
        })?;
        self.audit("order.remove", id.to_string(), Some(order.customer), vec![])?;
        Ok(order)
    }

    /// Delete a case opened by mistake (one that was real is resolved).
    pub fn remove_case(&mut self, id: CaseId) -> Result<Case> {
        let case = self.rows(|r| {
            let case = r.get_case(id)?;
            r.delete_case(&case)?;
            Ok::<_, StoreError>(case)
        })?;
        self.audit("case.remove", id.to_string(), Some(case.customer), vec![])?;
        Ok(case)
    }
}
