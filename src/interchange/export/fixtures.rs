//! Test records shared by the writers' tests.

use crate::domain::{
    Campaign, Case, CaseId, CaseKind, CaseStatus, Customer, CustomerId, Deal, DealId, DealStatus,
    DealStep, Due, Interaction, InteractionId, InteractionKind, Order, OrderId, Outcome,
    PaymentMethod, Priority, RecurFrom, RecurUnit, Recurrence, Snooze, Stage, Task, TaskId,
    TaskStatus,
};
use chrono::{DateTime, FixedOffset, NaiveDate};
use std::collections::BTreeMap;

pub fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("test timestamp")
}

pub fn now() -> DateTime<FixedOffset> {
    at("2026-11-22T16:30:00+08:00")
}

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

pub fn zhang() -> Customer {
    let mut custom = BTreeMap::new();
    custom.insert("微信".to_string(), "zhangwei_88".to_string());
    custom.insert("region".to_string(), "华东".to_string());
    Customer {
        id: CustomerId(1),
        name: "张伟".into(),
        company: "杭州云栖科技有限公司".into(),
        title: "采购经理".into(),
        emails: vec!["zhang.wei@yunqi.cn".into()],
        phones: vec!["+86 138-0013-8000".into(), "0571-8888 6666".into()],
        industry: "制造业".into(),
        tags: vec!["vip".into(), "重点".into()],
        stage: Stage::Prospect,
        source: "展会".into(),
        owner: "li".into(),
        address: "浙江省杭州市西湖区文三路 90 号".into(),
        cadence: Some(14),
        timezone: Some("Asia/Shanghai".into()),
        custom,
        notes: "喜欢喝龙井；周五下午不方便\n第二行".into(),
        created_at: at("2026-10-01T09:00:00+08:00"),
        updated_at: at("2026-11-20T18:45:10+08:00"),
        last_contact_at: Some(at("2026-11-18T10:00:00+08:00")),
        campaign: String::new(),
        stage_changes: Vec::new(),
    }
}

pub fn ann() -> Customer {
    let mut custom = BTreeMap::new();
    custom.insert("linkedin".to_string(), "=HYPERLINK(\"x\")".to_string());
    Customer {
        id: CustomerId(2),
        name: "Ann Lee".into(),
        company: "Acme, Inc.".into(),
        title: "VP; Sales".into(),
        emails: vec!["ann@acme.com".into(), "ann.lee@gmail.com".into()],
        phones: vec!["+1 (415) 555-0100 x12".into()],
        industry: String::new(),
        tags: vec![],
        stage: Stage::Customer,
        source: String::new(),
        owner: String::new(),
        address: String::new(),
        cadence: None,
        timezone: None,
        custom,
        notes: "Said \"call me\", later".into(),
        created_at: at("2026-09-01T08:00:00-07:00"),
        updated_at: at("2026-09-01T08:00:00-07:00"),
        last_contact_at: None,
        campaign: String::new(),
        stage_changes: Vec::new(),
    }
}

pub fn interactions() -> Vec<Interaction> {
    vec![
        Interaction {
            id: InteractionId(1),
            customer: CustomerId(1),
            kind: InteractionKind::Visit,
            at: at("2026-11-18T10:00:00+08:00"),
            summary: "上门拜访，聊了报价".into(),
            feedback: "价格偏高".into(),
            outcome: Some(Outcome::Reached),
            author: "li".into(),
            task: Some(TaskId(1)),
        },
        Interaction {
            id: InteractionId(2),
            customer: CustomerId(2),
            kind: InteractionKind::Call,
            at: at("2026-11-19T09:15:30.250-07:00"),
            summary: String::new(),
            feedback: String::new(),
            outcome: Some(Outcome::NoAnswer),
            author: String::new(),
            task: None,
        },
    ]
}

/// A date-only high-priority task, a timed one with a snooze, a recurring
/// one, and a done one.
pub fn tasks() -> Vec<Task> {
    vec![
        Task {
            id: TaskId(1),
            customer: Some(CustomerId(1)),
            title: "发报价单".into(),
            due: Some(Due::Date(day("2026-11-27"))),
            priority: Priority::High,
            status: TaskStatus::Open,
            done_at: None,
            snoozes: vec![],
            recurrence: None,
            origin: Some(InteractionId(1)),
            created_at: at("2026-11-18T10:05:00+08:00"),
        },
        Task {
            id: TaskId(2),
            customer: Some(CustomerId(2)),
            title: "Call back, re: contract; v2".into(),
            due: Some(Due::At(
                day("2026-11-27").and_hms_opt(14, 0, 0).expect("time"),
            )),
            priority: Priority::Normal,
            status: TaskStatus::Open,
            done_at: None,
            snoozes: vec![Snooze {
                at: at("2026-11-20T09:00:00+08:00"),
                from: Some(Due::Date(day("2026-11-21"))),
                to: Due::At(day("2026-11-27").and_hms_opt(14, 0, 0).expect("time")),
            }],
            recurrence: None,
            origin: None,
            created_at: at("2026-11-19T09:20:00-07:00"),
        },
        Task {
            id: TaskId(3),
            customer: None,
            title: "Weekly pipeline review".into(),
            due: Some(Due::Date(day("2026-11-24"))),
            priority: Priority::Low,
            status: TaskStatus::Open,
            done_at: None,
            snoozes: vec![],
            recurrence: Some(Recurrence {
                every: 2,
                unit: RecurUnit::Weeks,
                from: RecurFrom::Completion,
            }),
            origin: None,
            created_at: at("2026-11-01T08:00:00+08:00"),
        },
        Task {
            id: TaskId(4),
            customer: Some(CustomerId(1)),
            title: "寄样品".into(),
            due: Some(Due::Date(day("2026-11-15"))),
            priority: Priority::Normal,
            status: TaskStatus::Done,
            done_at: Some(at("2026-11-16T11:00:00+08:00")),
            snoozes: vec![],
            recurrence: None,
            origin: None,
            created_at: at("2026-11-10T08:00:00+08:00"),
        },
    ]
}

/// An open deal in CNY with an expected close, and a won one in USD with
/// its stage history.
pub fn deals() -> Vec<Deal> {
    vec![
        Deal {
            id: DealId(1),
            customer: CustomerId(1),
            title: "50 个席位".into(),
            amount: 5_000_000,
            currency: "CNY".into(),
            stage: "proposal".into(),
            probability: 40,
            expected_close: Some(day("2026-12-31")),
            status: DealStatus::Open,
            reason: String::new(),
            owner: "li".into(),
            created_at: at("2026-11-02T10:00:00+08:00"),
            closed_at: None,
            history: vec![
                DealStep {
                    at: at("2026-11-02T10:00:00+08:00"),
                    stage: "qualify".into(),
                },
                DealStep {
                    at: at("2026-11-18T10:00:00+08:00"),
                    stage: "proposal".into(),
                },
            ],
        },
        Deal {
            id: DealId(3),
            customer: CustomerId(2),
            title: "=SUM(A1) support, \"gold\"".into(),
            amount: 1_234_550,
            currency: "USD".into(),
            stage: "commit".into(),
            probability: 90,
            expected_close: None,
            status: DealStatus::Won,
            reason: "signed at the expo".into(),
            owner: String::new(),
            created_at: at("2026-09-01T08:00:00-07:00"),
            closed_at: Some(at("2026-11-20T17:30:00-07:00")),
            history: vec![
                DealStep {
                    at: at("2026-09-01T08:00:00-07:00"),
                    stage: "commit".into(),
                },
                DealStep {
                    at: at("2026-11-20T17:30:00-07:00"),
                    stage: "won".into(),
                },
            ],
        },
    ]
}

/// An open complaint, and a request answered and resolved.
/// 张伟's order from deal #1 (paid by transfer, with its fapiao number).
pub fn orders() -> Vec<Order> {
    vec![Order {
        id: OrderId(1),
        customer: CustomerId(1),
        at: at("2026-11-18T16:00:00+08:00"),
        amount: 4_800_000,
        currency: "CNY".into(),
        items: "50 套 · 年度授权".into(),
        payment: Some(PaymentMethod::Transfer),
        invoice: "04400180".into(),
        deal: Some(DealId(1)),
        owner: "li".into(),
        created_at: at("2026-11-18T16:05:00+08:00"),
    }]
}

pub fn cases() -> Vec<Case> {
    vec![
        Case {
            id: CaseId(1),
            customer: CustomerId(1),
            kind: CaseKind::Complaint,
            title: "送货太慢".into(),
            status: CaseStatus::Open,
            priority: Priority::High,
            owner: "li".into(),
            opened_at: at("2026-11-21T09:00:00+08:00"),
            first_response_at: None,
            resolved_at: None,
            resolution: String::new(),
        },
        Case {
            id: CaseId(2),
            customer: CustomerId(2),
            kind: CaseKind::Request,
            title: "Invoice copy".into(),
            status: CaseStatus::Resolved,
            priority: Priority::Normal,
            owner: String::new(),
            opened_at: at("2026-11-19T09:00:00-07:00"),
            first_response_at: Some(at("2026-11-19T12:30:00-07:00")),
            resolved_at: Some(at("2026-11-20T09:00:00-07:00")),
            resolution: "sent, with the PO number".into(),
        },
    ]
}

/// Campaigns in the store's order (by folded name).
pub fn campaigns() -> Vec<Campaign> {
    vec![
        Campaign {
            name: "Expo 2026".into(),
            cost: 8_000_000,
            currency: "CNY".into(),
            source: "展会".into(),
            started: Some(day("2026-10-10")),
            ended: Some(day("2026-10-12")),
        },
        Campaign {
            name: "双十一".into(),
            cost: 0,
            currency: "CNY".into(),
            source: String::new(),
            started: None,
            ended: None,
        },
    ]
}
