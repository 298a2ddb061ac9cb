//! Records for the value tests, built by hand so every figure in a test
//! can be worked out from what is written there.

use crate::domain::money::Rates;
use crate::domain::*;
use chrono::{DateTime, FixedOffset, NaiveDate};

/// The tests' "now": Sunday 2026-11-22, 10:00 in Beijing.
pub fn now() -> DateTime<FixedOffset> {
    at("2026-11-22T10:00:00+08:00")
}

pub fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).expect("a valid test time")
}

/// Midday Beijing time on `date` (`2026-07-01`).
pub fn day(date: &str) -> DateTime<FixedOffset> {
    at(&format!("{date}T12:00:00+08:00"))
}

pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a valid test date")
}

/// CNY base, USD at 7.
pub fn rates() -> Rates {
    let mut table = std::collections::BTreeMap::new();
    table.insert("USD".to_string(), 7.0);
    Rates::new("CNY", &table)
}

pub fn customer(id: u64, name: &str) -> Customer {
    CustomerDraft {
        owner: "ann".into(),
        ..CustomerDraft::named(name)
    }
    .validate()
    .expect("valid")
    .into_customer(CustomerId(id), at("2024-01-01T09:00:00+08:00"))
}

/// An order of `yuan` (whole yuan, CNY) by customer `c` at `when`.
pub fn order(id: u64, c: u64, when: DateTime<FixedOffset>, yuan: i64) -> Order {
    Order {
        id: OrderId(id),
        customer: CustomerId(c),
        at: when,
        amount: yuan * 100,
        currency: "CNY".into(),
        items: String::new(),
        payment: None,
        invoice: String::new(),
        deal: None,
        owner: "ann".into(),
        created_at: when,
    }
}

/// A deal of `yuan` for customer `c`, owned by ann, open in proposal (40 %).
pub fn deal(id: u64, c: u64, yuan: i64) -> Deal {
    let mut d = NewDeal {
        customer: CustomerId(c),
        title: format!("deal {id}"),
        amount: yuan * 100,
        currency: "CNY".into(),
        stage: Some("proposal".into()),
        probability: None,
        expected_close: None,
        owner: "ann".into(),
    }
    .into_deal(&Pipeline::default(), at("2024-01-01T09:00:00+08:00"))
    .expect("valid");
    d.id = DealId(id);
    d
}

/// The same deal, won (or lost) at `when`.
pub fn closed(mut d: Deal, status: DealStatus, when: DateTime<FixedOffset>) -> Deal {
    d.close(status, "test".into(), when);
    d
}

pub fn touch(
    id: u64,
    c: u64,
    kind: InteractionKind,
    when: DateTime<FixedOffset>,
    outcome: Option<Outcome>,
) -> Interaction {
    Interaction {
        id: InteractionId(id),
        customer: CustomerId(c),
        kind,
        at: when,
        summary: "talked".into(),
        feedback: String::new(),
        outcome,
        author: "ann".into(),
        task: None,
    }
}

pub fn complaint(id: u64, c: u64, resolved: bool) -> Case {
    Case {
        id: CaseId(id),
        customer: CustomerId(c),
        kind: CaseKind::Complaint,
        title: "late delivery".into(),
        status: if resolved {
            CaseStatus::Resolved
        } else {
            CaseStatus::Open
        },
        priority: Priority::Normal,
        owner: "ann".into(),
        opened_at: day("2026-11-01"),
        first_response_at: None,
        resolved_at: None,
        resolution: String::new(),
    }
}
