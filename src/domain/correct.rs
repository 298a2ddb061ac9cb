//! Corrections: a patch for each kind of record a user can get wrong — an
//! interaction, a task, a deal, a service case. `None` leaves a field
//! alone; `Some(None)` clears one that may be empty. `apply` works on a
//! copy, validates it as creating it would, and names the fields that
//! changed (for the audit trail and the confirmation).

use super::{
    Case, CaseKind, CustomerId, Deal, Due, Interaction, InteractionKind, Order, OrderDraft,
    Outcome, PaymentMethod, Priority, Recurrence, Task, ValidationError, money, validate,
};
use chrono::{DateTime, FixedOffset, NaiveDate};

/// A correction to a timeline entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InteractionPatch {
    pub kind: Option<InteractionKind>,
    pub at: Option<DateTime<FixedOffset>>,
    pub summary: Option<String>,
    pub feedback: Option<String>,
    /// `Some(None)` clears the outcome.
    pub outcome: Option<Option<Outcome>>,
}

impl InteractionPatch {
    pub fn is_empty(&self) -> bool {
        *self == InteractionPatch::default()
    }

    /// The corrected entry and the fields that changed. A summary may be
    /// empty only when there is an outcome, as when logging.
    pub fn apply(
        &self,
        old: &Interaction,
    ) -> Result<(Interaction, Vec<&'static str>), ValidationError> {
        let mut new = old.clone();
        if let Some(kind) = self.kind {
            new.kind = kind;
        }
        if let Some(at) = self.at {
            new.at = at;
        }
        set(&mut new.summary, &self.summary);
        set(&mut new.feedback, &self.feedback);
        if let Some(outcome) = self.outcome {
            new.outcome = outcome;
        }
        if new.summary.is_empty() && new.outcome.is_none() {
            return Err(ValidationError::EmptySummary);
        }
        let mut changed = Vec::new();
        differs(&mut changed, "kind", old.kind != new.kind);
        // The same moment in another offset is a change too: it is shown.
        differs(
            &mut changed,
            "at",
            old.at != new.at || old.at.offset() != new.at.offset(),
        );
        differs(&mut changed, "summary", old.summary != new.summary);
        differs(&mut changed, "feedback", old.feedback != new.feedback);
        differs(&mut changed, "outcome", old.outcome != new.outcome);
        Ok((new, changed))
    }
}

/// A correction to a task. Editing is not snoozing: a due date corrected
/// here leaves no snooze behind (it was wrong, not put off).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskPatch {
    pub title: Option<String>,
    /// `Some(None)`: no due date.
    pub due: Option<Option<Due>>,
    pub priority: Option<Priority>,
    /// `Some(None)`: it no longer repeats.
    pub recurrence: Option<Option<Recurrence>>,
    /// `Some(None)`: for nobody in particular.
    pub customer: Option<Option<CustomerId>>,
}

impl TaskPatch {
    pub fn is_empty(&self) -> bool {
        *self == TaskPatch::default()
    }

    pub fn apply(&self, old: &Task) -> Result<(Task, Vec<&'static str>), ValidationError> {
        let mut new = old.clone();
        if let Some(title) = &self.title {
            new.title = validate::name(title).map_err(|_| ValidationError::EmptyTitle)?;
        }
        if let Some(due) = self.due {
            new.due = due;
        }
        if let Some(priority) = self.priority {
            new.priority = priority;
        }
        if let Some(rule) = self.recurrence {
            if let Some(rule) = rule {
                rule.check()?;
            }
            new.recurrence = rule;
        }
        if let Some(customer) = self.customer {
            new.customer = customer;
        }
        // The next occurrence is counted from the due date.
        if new.recurrence.is_some() && new.due.is_none() {
            return Err(ValidationError::RepeatsWithoutDue);
        }
        let mut changed = Vec::new();
        differs(&mut changed, "title", old.title != new.title);
        differs(&mut changed, "due", old.due != new.due);
        differs(&mut changed, "priority", old.priority != new.priority);
        differs(&mut changed, "recurrence", old.recurrence != new.recurrence);
        differs(&mut changed, "customer", old.customer != new.customer);
        Ok((new, changed))
    }
}

/// A correction to a deal. Its stage moves with `deal move`, and winning
/// or losing it is `deal won` / `deal lost`: those keep the history.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DealPatch {
    pub title: Option<String>,
    /// Minor units.
    pub amount: Option<i64>,
    pub currency: Option<String>,
    pub probability: Option<u8>,
    /// `Some(None)`: no expected close date.
    pub expected_close: Option<Option<NaiveDate>>,
    pub owner: Option<String>,
    /// Another customer: it was opened on the wrong card.
    pub customer: Option<CustomerId>,
}

impl DealPatch {
    pub fn is_empty(&self) -> bool {
        *self == DealPatch::default()
    }

    pub fn apply(&self, old: &Deal) -> Result<(Deal, Vec<&'static str>), ValidationError> {
        let mut new = old.clone();
        if let Some(title) = &self.title {
            new.title = validate::name(title).map_err(|_| ValidationError::EmptyTitle)?;
        }
        if let Some(amount) = self.amount {
            new.amount = money::check_amount(amount)?;
        }
        if let Some(currency) = &self.currency {
            new.currency = money::parse_currency(currency)?;
        }
        if let Some(p) = self.probability {
            if p > 100 {
                return Err(ValidationError::Probability(u32::from(p)));
            }
            new.probability = p;
        }
        if let Some(close) = self.expected_close {
            new.expected_close = close;
        }
        set(&mut new.owner, &self.owner);
        if let Some(customer) = self.customer {
            new.customer = customer;
        }
        let mut changed = Vec::new();
        differs(&mut changed, "title", old.title != new.title);
        differs(&mut changed, "amount", old.amount != new.amount);
        differs(&mut changed, "currency", old.currency != new.currency);
        differs(
            &mut changed,
            "probability",
            old.probability != new.probability,
        );
        differs(
            &mut changed,
            "expected_close",
            old.expected_close != new.expected_close,
        );
        differs(&mut changed, "owner", old.owner != new.owner);
        differs(&mut changed, "customer", old.customer != new.customer);
        Ok((new, changed))
    }
}

/// A correction to a service case. Responding and resolving keep their
/// own verbs (they time the case).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CasePatch {
    pub title: Option<String>,
    pub kind: Option<CaseKind>,
    pub priority: Option<Priority>,
    pub owner: Option<String>,
    /// Another customer: it was opened on the wrong card.
    pub customer: Option<CustomerId>,
}

impl CasePatch {
    pub fn is_empty(&self) -> bool {
        *self == CasePatch::default()
    }

    pub fn apply(&self, old: &Case) -> Result<(Case, Vec<&'static str>), ValidationError> {
        let mut new = old.clone();
        if let Some(title) = &self.title {
            new.title = validate::name(title).map_err(|_| ValidationError::EmptyTitle)?;
        }
        if let Some(kind) = self.kind {
            new.kind = kind;
        }
        if let Some(priority) = self.priority {
            new.priority = priority;
        }
        set(&mut new.owner, &self.owner);
        if let Some(customer) = self.customer {
            new.customer = customer;
        }
        let mut changed = Vec::new();
        differs(&mut changed, "title", old.title != new.title);
        differs(&mut changed, "kind", old.kind != new.kind);
        differs(&mut changed, "priority", old.priority != new.priority);
        differs(&mut changed, "owner", old.owner != new.owner);
        differs(&mut changed, "customer", old.customer != new.customer);
        Ok((new, changed))
    }
}

/// A correction of an order: what was typed wrong (a mistake in what it
/// says, not a later change — an order is what was bought). Checked as a
/// new order is, the date against `now`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderPatch {
    /// Minor units of the currency.
    pub amount: Option<i64>,
    pub currency: Option<String>,
    pub at: Option<DateTime<FixedOffset>>,
    pub items: Option<String>,
    pub payment: Option<PaymentMethod>,
    pub invoice: Option<String>,
    pub owner: Option<String>,
    /// Another customer: it was recorded on the wrong card.
    pub customer: Option<CustomerId>,
}

impl OrderPatch {
    pub fn is_empty(&self) -> bool {
        *self == OrderPatch::default()
    }

    pub fn apply(
        &self,
        old: &Order,
        now: DateTime<FixedOffset>,
    ) -> Result<(Order, Vec<&'static str>), ValidationError> {
        let or = |new: &Option<String>, old: &String| new.clone().unwrap_or_else(|| old.clone());
        let draft = OrderDraft {
            customer: self.customer.unwrap_or(old.customer),
            at: self.at.unwrap_or(old.at),
            amount: self.amount.unwrap_or(old.amount),
            currency: or(&self.currency, &old.currency),
            items: or(&self.items, &old.items),
            payment: self.payment.or(old.payment),
            invoice: or(&self.invoice, &old.invoice),
            deal: old.deal,
            owner: or(&self.owner, &old.owner),
        };
        let mut new = draft.into_order(now)?;
        new.id = old.id;
        new.created_at = old.created_at;
        let mut changed = Vec::new();
        differs(&mut changed, "amount", old.amount != new.amount);
        differs(&mut changed, "currency", old.currency != new.currency);
        differs(&mut changed, "at", old.at != new.at);
        differs(&mut changed, "items", old.items != new.items);
        differs(&mut changed, "payment", old.payment != new.payment);
        differs(&mut changed, "invoice", old.invoice != new.invoice);
        differs(&mut changed, "owner", old.owner != new.owner);
        differs(&mut changed, "customer", old.customer != new.customer);
        Ok((new, changed))
    }
}

fn set(field: &mut String, value: &Option<String>) {
    if let Some(v) = value {
        *field = v.trim().to_string();
    }
}

fn differs(changed: &mut Vec<&'static str>, field: &'static str, differs: bool) {
    if differs {
        changed.push(field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        CaseId, CaseStatus, DealId, DealStatus, InteractionId, TaskId, TaskStatus,
    };

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).expect("valid time")
    }

    fn call() -> Interaction {
        Interaction {
            id: InteractionId(4),
            customer: CustomerId(1),
            kind: InteractionKind::Call,
            at: at("2026-11-20T10:00:00+08:00"),
            summary: "wants pricing".into(),
            feedback: String::new(),
            outcome: None,
            author: "alice".into(),
            task: None,
        }
    }

    fn task() -> Task {
        Task {
            id: TaskId(2),
            customer: Some(CustomerId(1)),
            title: "send quote".into(),
            due: Some(Due::Date(
                NaiveDate::from_ymd_opt(2026, 11, 27).expect("date"),
            )),
            priority: Priority::Normal,
            status: TaskStatus::Open,
            done_at: None,
            snoozes: Vec::new(),
            recurrence: None,
            origin: None,
            created_at: at("2026-11-20T10:00:00+08:00"),
        }
    }

    #[test]
    fn an_interaction_patch_names_what_changed_and_keeps_a_summary_or_outcome() {
        let patch = InteractionPatch {
            summary: Some("  wants pricing for 50 seats ".into()),
            kind: Some(InteractionKind::Call),
            ..Default::default()
        };
        let (new, changed) = patch.apply(&call()).expect("valid");
        assert_eq!(new.summary, "wants pricing for 50 seats");
        assert_eq!(changed, ["summary"], "the same kind is no change");

        let moved = InteractionPatch {
            at: Some(at("2026-11-20T02:00:00+00:00")),
            ..Default::default()
        };
        let (_, changed) = moved.apply(&call()).expect("valid");
        assert_eq!(
            changed,
            ["at"],
            "the same moment written elsewhere shows otherwise"
        );

        let blank = InteractionPatch {
            summary: Some(" ".into()),
            ..Default::default()
        };
        assert_eq!(
            blank.apply(&call()).expect_err("no words, no outcome"),
            ValidationError::EmptySummary
        );
        let attempt = InteractionPatch {
            summary: Some(String::new()),
            outcome: Some(Some(Outcome::NoAnswer)),
            ..Default::default()
        };
        assert!(attempt.apply(&call()).is_ok(), "an attempt needs no words");
    }

    #[test]
    fn a_task_patch_clears_and_refuses_a_repeat_without_a_due_date() {
        let weekly = Recurrence::parse("1w").expect("rule");
        let patch = TaskPatch {
            recurrence: Some(Some(weekly)),
            priority: Some(Priority::High),
            customer: Some(None),
            ..Default::default()
        };
        let (new, changed) = patch.apply(&task()).expect("valid");
        assert_eq!(changed, ["priority", "recurrence", "customer"]);
        assert_eq!(new.customer, None);
        let no_due = TaskPatch {
            due: Some(None),
            ..Default::default()
        };
        assert_eq!(
            no_due.apply(&new).expect_err("repeats from its due date"),
            ValidationError::RepeatsWithoutDue
        );
        let both = TaskPatch {
            due: Some(None),
            recurrence: Some(None),
            ..Default::default()
        };
        let (plain, _) = both.apply(&new).expect("neither");
        assert_eq!((plain.due, plain.recurrence), (None, None));
        assert!(plain.snoozes.is_empty(), "a correction is not a snooze");
        let blank = TaskPatch {
            title: Some("  ".into()),
            ..Default::default()
        };
        assert_eq!(
            blank.apply(&task()).expect_err("empty"),
            ValidationError::EmptyTitle
        );
    }

    #[test]
    fn a_deal_patch_checks_amount_currency_and_probability() {
        let deal = Deal {
            id: DealId(5),
            customer: CustomerId(1),
            title: "50 seats".into(),
            amount: 5_000_000,
            currency: "CNY".into(),
            stage: "qualify".into(),
            probability: 10,
            expected_close: None,
            status: DealStatus::Open,
            reason: String::new(),
            owner: "alice".into(),
            created_at: at("2026-11-20T10:00:00+08:00"),
            closed_at: None,
            history: Vec::new(),
        };
        let patch = DealPatch {
            amount: Some(6_000_000),
            currency: Some("usd".into()),
            expected_close: Some(NaiveDate::from_ymd_opt(2026, 12, 31)),
            ..Default::default()
        };
        let (new, changed) = patch.apply(&deal).expect("valid");
        assert_eq!(new.currency, "USD");
        assert_eq!(changed, ["amount", "currency", "expected_close"]);
        let moved = DealPatch {
            customer: Some(CustomerId(3)),
            ..Default::default()
        };
        let (new, changed) = moved.apply(&deal).expect("valid");
        assert_eq!((new.customer, changed), (CustomerId(3), vec!["customer"]));
        for bad in [
            DealPatch {
                amount: Some(-1),
                ..Default::default()
            },
            DealPatch {
                amount: Some(money::MAX_MINOR + 1),
                ..Default::default()
            },
            DealPatch {
                currency: Some("dollars".into()),
                ..Default::default()
            },
            DealPatch {
                probability: Some(101),
                ..Default::default()
            },
            DealPatch {
                title: Some(String::new()),
                ..Default::default()
            },
        ] {
            assert!(bad.apply(&deal).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_case_patch_changes_kind_priority_and_owner() {
        let case = Case {
            id: CaseId(2),
            customer: CustomerId(1),
            kind: CaseKind::Request,
            title: "invoice copy".into(),
            status: CaseStatus::Open,
            priority: Priority::Normal,
            owner: "alice".into(),
            opened_at: at("2026-11-20T10:00:00+08:00"),
            first_response_at: None,
            resolved_at: None,
            resolution: String::new(),
        };
        let patch = CasePatch {
            kind: Some(CaseKind::Complaint),
            priority: Some(Priority::High),
            owner: Some(" bob ".into()),
            ..Default::default()
        };
        let (new, changed) = patch.apply(&case).expect("valid");
        assert_eq!(new.owner, "bob");
        assert_eq!(changed, ["kind", "priority", "owner"]);
        assert!(CasePatch::default().apply(&case).expect("ok").1.is_empty());
        let same = CasePatch {
            customer: Some(CustomerId(1)),
            ..Default::default()
        };
        assert!(
            same.apply(&case).expect("ok").1.is_empty(),
            "its own customer"
        );
    }
}
