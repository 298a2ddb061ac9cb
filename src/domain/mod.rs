//! The CRM's vocabulary: customers, interactions, tasks, deals, service
//! cases, campaigns, segments, orders and customer value, and their validation.
//! No I/O here — the store persists these types, the CLI and TUI present them.

mod audit;
mod campaign;
mod case;
mod correct;
mod customer;
mod deal;
pub mod ids;
mod interaction;
mod merge;
pub mod money;
mod order;
pub mod phone;
mod segment;
mod stamp;
mod task;
pub mod validate;
pub mod value;

pub use audit::{AuditEntry, Channel};
pub use campaign::Campaign;
pub use case::{Case, CaseKind, CaseStatus, NewCase};
pub use correct::{CasePatch, DealPatch, InteractionPatch, OrderPatch, TaskPatch};
pub use customer::{
    Customer, CustomerDraft, CustomerPatch, Stage, campaign_group, changed_fields, source_group,
};
pub use deal::{Deal, DealStatus, DealStep, DealTotals, NewDeal, Pipeline, PipelineStage};
pub use ids::{CaseId, CustomerId, DealId, InteractionId, OrderId, TaskId};
pub use interaction::{Interaction, InteractionKind, NewInteraction, Outcome};
pub use merge::{MergeConflict, merge_customers};
pub use order::{MAX_INVOICE_CHARS, Order, OrderDraft, PaymentMethod};
pub use segment::{CustomerFilter, Segment, StageChange, Tier, gone_quiet};
pub use task::{
    Due, NewTask, Priority, RecurFrom, RecurUnit, Recurrence, Snooze, Task, TaskStatus,
};
pub use validate::ValidationError;
pub use value::{TierRule, TierThresholds};

/// `days` before `at`; the earliest time there is when that is further
/// back (a day count stored before its range was checked must not panic).
pub fn days_before(
    at: chrono::DateTime<chrono::FixedOffset>,
    days: u32,
) -> chrono::DateTime<chrono::FixedOffset> {
    at.checked_sub_days(chrono::Days::new(u64::from(days)))
        .unwrap_or_else(|| chrono::DateTime::<chrono::Utc>::MIN_UTC.fixed_offset())
}

/// Every kind of record, as a rolo export holds them (the interchange
/// `Bundle`) and as `Writer::restore` puts them back.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Records {
    pub customers: Vec<Customer>,
    pub interactions: Vec<Interaction>,
    pub tasks: Vec<Task>,
    pub deals: Vec<Deal>,
    pub cases: Vec<Case>,
    pub orders: Vec<Order>,
    pub campaigns: Vec<Campaign>,
}

impl Records {
    /// The first number outside what rolo accepts when typed (a cadence, a
    /// recurrence, an amount), named with its record: an export is input
    /// too, and such a value would only make trouble later.
    pub fn check_ranges(&self) -> Result<(), String> {
        let amount = money::check_amount;
        for c in &self.customers {
            if let Some(days) = c.cadence {
                validate::cadence(days).map_err(|e| format!("customer {}: {e}", c.id))?;
            }
        }
        for t in &self.tasks {
            if let Some(rule) = t.recurrence {
                rule.check().map_err(|e| format!("task {}: {e}", t.id))?;
            }
        }
        for d in &self.deals {
            amount(d.amount).map_err(|e| format!("deal {}: {e}", d.id))?;
        }
        for o in &self.orders {
            amount(o.amount).map_err(|e| format!("order {}: {e}", o.id))?;
        }
        for c in &self.campaigns {
            amount(c.cost).map_err(|e| format!("campaign \"{}\": {e}", c.name))?;
        }
        self.check_references()
    }

    /// Every id is one rolo could have given (not 0, not `u64::MAX`, which
    /// the id counter could never pass) and given once, and every record
    /// names a customer, task or interaction the export holds: a crafted
    /// export must not leave a timeline entry pointing at nobody.
    pub fn check_references(&self) -> Result<(), String> {
        use std::collections::HashSet;
        fn ids<T>(what: &str, rows: &[T], id: impl Fn(&T) -> u64) -> Result<HashSet<u64>, String> {
            let mut seen = HashSet::with_capacity(rows.len());
            for row in rows {
                let n = id(row);
                if n == 0 || n == u64::MAX {
                    return Err(format!("{what} #{n}: not an id rolo gives"));
                }
                if !seen.insert(n) {
                    return Err(format!("{what} #{n} appears twice"));
                }
            }
            Ok(seen)
        }
        let customers = ids("customer", &self.customers, |c| c.id.0)?;
        let interactions = ids("interaction", &self.interactions, |i| i.id.0)?;
        let tasks = ids("task", &self.tasks, |t| t.id.0)?;
        ids("case", &self.cases, |c| c.id.0)?;
        let deals = ids("deal", &self.deals, |d| d.id.0)?;
        ids("order", &self.orders, |o| o.id.0)?;
        let missing = |what: &str, id: String, target: &str, n: u64| {
            format!("{what} {id} names {target} #{n}, which the export does not hold")
        };
        for i in &self.interactions {
            if !customers.contains(&i.customer.0) {
                return Err(missing(
                    "interaction",
                    i.id.to_string(),
                    "customer",
                    i.customer.0,
                ));
            }
            if let Some(t) = i.task.filter(|t| !tasks.contains(&t.0)) {
                return Err(missing("interaction", i.id.to_string(), "task", t.0));
            }
        }
        for t in &self.tasks {
            if let Some(c) = t.customer.filter(|c| !customers.contains(&c.0)) {
                return Err(missing("task", t.id.to_string(), "customer", c.0));
            }
            if let Some(o) = t.origin.filter(|o| !interactions.contains(&o.0)) {
                return Err(missing("task", t.id.to_string(), "interaction", o.0));
            }
        }
        for d in &self.deals {
            if !customers.contains(&d.customer.0) {
                return Err(missing("deal", d.id.to_string(), "customer", d.customer.0));
            }
        }
        for o in &self.orders {
            if !customers.contains(&o.customer.0) {
                return Err(missing("order", o.id.to_string(), "customer", o.customer.0));
            }
            if let Some(d) = o.deal.filter(|d| !deals.contains(&d.0)) {
                return Err(missing("order", o.id.to_string(), "deal", d.0));
            }
        }
        for c in &self.cases {
            if !customers.contains(&c.customer.0) {
                return Err(missing("case", c.id.to_string(), "customer", c.customer.0));
            }
        }
        Ok(())
    }
}

/// Parse one of a closed set of lowercase words, naming the accepted ones on failure.
pub(crate) fn parse_word<T: Copy>(
    what: &'static str,
    input: &str,
    table: &[(&str, T)],
) -> Result<T, ValidationError> {
    let key = input.trim().to_lowercase();
    table
        .iter()
        .find(|(word, _)| *word == key)
        .map(|(_, value)| *value)
        .ok_or_else(|| ValidationError::UnknownWord {
            what,
            input: input.to_string(),
            expected: table
                .iter()
                .map(|(w, _)| *w)
                .filter(|w| !w.contains(' '))
                .collect::<Vec<_>>()
                .join(", "),
        })
}
