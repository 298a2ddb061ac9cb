//! The CRM's vocabulary: customers, interactions, tasks, deals, service
//! cases, campaigns, segments and their validation.
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
pub mod phone;
mod segment;
mod stamp;
mod task;
pub mod validate;

pub use audit::{AuditEntry, Channel};
pub use campaign::Campaign;
pub use case::{Case, CaseKind, CaseStatus, NewCase};
pub use correct::{CasePatch, DealPatch, InteractionPatch, TaskPatch};
pub use customer::{Customer, CustomerDraft, CustomerPatch, Stage, changed_fields};
pub use deal::{Deal, DealStatus, DealStep, DealTotals, NewDeal, Pipeline, PipelineStage};
pub use ids::{CaseId, CustomerId, DealId, InteractionId, TaskId};
pub use interaction::{Interaction, InteractionKind, NewInteraction, Outcome};
pub use merge::{MergeConflict, merge_customers};
pub use segment::{CustomerFilter, Segment, StageChange, Tier, TierThresholds, gone_quiet};
pub use task::{
    Due, NewTask, Priority, RecurFrom, RecurUnit, Recurrence, Snooze, Task, TaskStatus,
};
pub use validate::ValidationError;

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
        for c in &self.campaigns {
            amount(c.cost).map_err(|e| format!("campaign \"{}\": {e}", c.name))?;
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
