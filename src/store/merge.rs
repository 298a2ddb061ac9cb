//! Merging two customers who are one person: every interaction, task,
//! deal and case of the other moves to the one kept, the cards are united
//! (`domain::merge_customers`), and the other card goes — one transaction,
//! journaled row by row, so `rolo undo` puts both back as they were.

use super::error::{Result, StoreError};
use super::{Reads, Writer};
use crate::domain::*;
use chrono::{DateTime, FixedOffset};
use serde::Serialize;

/// What merging `other` into `keep` would do, read before anything is
/// written: the CLI shows it and asks, the write carries it out.
#[derive(Debug, Clone, PartialEq)]
pub struct MergePlan {
    pub keep: Customer,
    pub other: Customer,
    /// The kept card as it will be.
    pub merged: Customer,
    pub conflicts: Vec<MergeConflict>,
    pub interactions: Vec<Interaction>,
    pub tasks: Vec<Task>,
    pub deals: Vec<Deal>,
    pub cases: Vec<Case>,
    pub orders: Vec<Order>,
}

/// How many records of each kind moved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Moved {
    pub interactions: usize,
    pub tasks: usize,
    pub deals: usize,
    pub cases: usize,
    pub orders: usize,
}

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Merged {
    /// The kept customer, as written.
    pub kept: Customer,
    /// The customer merged in, as it was before it went.
    pub removed: Customer,
    pub moved: Moved,
    /// Fields both filled differently: the kept value stayed.
    pub conflicts: Vec<MergeConflict>,
}

impl MergePlan {
    pub fn moved(&self) -> Moved {
        Moved {
            interactions: self.interactions.len(),
            tasks: self.tasks.len(),
            deals: self.deals.len(),
            cases: self.cases.len(),
            orders: self.orders.len(),
        }
    }
}

/// Plan the merge of `other` into `keep` as of `now`.
pub fn merge_plan(
    view: &impl Reads,
    keep: CustomerId,
    other: CustomerId,
    now: DateTime<FixedOffset>,
) -> Result<MergePlan> {
    if keep == other {
        return Err(StoreError::SameCustomer(keep));
    }
    let (keep, other) = (view.get_customer(keep)?, view.get_customer(other)?);
    let (merged, conflicts) = merge_customers(&keep, &other, now);
    Ok(MergePlan {
        interactions: view.timeline(other.id, usize::MAX)?,
        tasks: view.customer_tasks(other.id)?,
        deals: view.customer_deals(other.id)?,
        cases: view.customer_cases(other.id)?,
        orders: view.customer_orders(other.id)?,
        keep,
        other,
        merged,
        conflicts,
    })
}

impl Writer {
    /// Merge `other` into `keep` (see [`merge_plan`]); recorded in the
    /// audit trail against the kept customer, naming the other by id.
    pub fn merge_customers(&mut self, keep: CustomerId, other: CustomerId) -> Result<Merged> {
        let plan = merge_plan(&*self, keep, other, self.now)?;
        let to = plan.keep.id;
        self.rows(|r| {
            for i in &plan.interactions {
                r.replace_interaction(
                    i,
                    &Interaction {
                        customer: to,
                        ..i.clone()
                    },
                )?;
            }
            for t in &plan.tasks {
                let moved = Task {
                    customer: Some(to),
                    ..t.clone()
                };
                r.put_task(Some(t), &moved)?;
            }
            for d in &plan.deals {
                let moved = Deal {
                    customer: to,
                    ..d.clone()
                };
                r.put_deal(Some(d), &moved)?;
            }
            for c in &plan.cases {
                let moved = Case {
                    customer: to,
                    ..c.clone()
                };
                r.put_case(Some(c), &moved)?;
            }
            for o in &plan.orders {
                let moved = Order {
                    customer: to,
                    ..o.clone()
                };
                r.put_order(Some(o), &moved)?;
            }
            r.delete_customer(&plan.other)?;
            r.put_customer(Some(&plan.keep), &plan.merged)
        })?;
        let moved = plan.moved();
        let mut fields: Vec<String> = changed_fields(&plan.keep, &plan.merged)
            .into_iter()
            .map(str::to_string)
            .collect();
        for (kind, n) in [
            ("interactions", moved.interactions),
            ("tasks", moved.tasks),
            ("deals", moved.deals),
            ("cases", moved.cases),
            ("orders", moved.orders),
        ] {
            if n > 0 {
                fields.push(kind.to_string());
            }
        }
        self.audit(
            "customer.merge",
            plan.other.id.to_string(),
            Some(to),
            fields,
        )?;
        Ok(Merged {
            kept: plan.merged,
            removed: plan.other,
            moved,
            conflicts: plan.conflicts,
        })
    }
}
