//! What a palette line means, before any customer is looked up.

use crate::domain::{
    CaseId, CaseKind, CasePatch, DealId, DealPatch, Due, InteractionId, InteractionKind,
    InteractionPatch, OrderId, OrderPatch, Outcome, PaymentMethod, Stage, TaskId, TaskPatch,
};
use chrono::{NaiveDate, NaiveDateTime};
use std::ops::Range;

/// Customer words as typed (whitespace squashed), to be resolved by the caller
/// (fuzzy search in the TUI, an exit-2 error with candidates in `rolo do`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerRef {
    pub text: String,
    /// Byte range of the words in the line, for pointing at an ambiguous or unknown customer.
    pub span: Range<usize>,
}

/// One parsed palette line. The parser applies no defaults: a missing `@when`
/// is `None`, and what it means (e.g. the default follow-up delay) is the executor's call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `call acme noanswer: left a message -> call back @tomorrow`
    Log {
        kind: InteractionKind,
        customer: CustomerRef,
        outcome: Option<Outcome>,
        /// The text after `:`; empty when there was none.
        summary: String,
        /// The text after `->`.
        next: Option<String>,
        /// A trailing `@when`, with or without `->`.
        when: Option<Due>,
    },
    /// `task acme: send quote @fri`
    Task {
        customer: CustomerRef,
        title: String,
        when: Option<Due>,
    },
    /// `done 17 #18`
    Done { tasks: Vec<TaskId> },
    /// `snooze 17 @next week`
    Snooze { task: TaskId, until: Due },
    /// `add Ann Lee (CTO), Acme, 138 0013 8000, ann@acme.com`: phones and
    /// emails are recognised by their form in any part after the name.
    Add {
        name: String,
        /// In parentheses after the name: `Ann Lee (CTO)`.
        title: Option<String>,
        company: Option<String>,
        phones: Vec<String>,
        emails: Vec<String>,
    },
    /// `stage acme prospect`
    Stage { customer: CustomerRef, stage: Stage },
    /// `tag acme +vip -cold`
    Tag {
        customer: CustomerRef,
        add: Vec<String>,
        remove: Vec<String>,
    },
    /// `open acme`
    Open { customer: CustomerRef },
    /// `deal acme: 50 seats ¥50k @eom`: a new deal in the pipeline's first stage.
    Deal {
        customer: CustomerRef,
        title: String,
        /// Minor units (×100) of `currency`.
        amount: i64,
        /// An ISO code; `None` = the configured base currency (`¥`, a bare number).
        currency: Option<String>,
        expected_close: Option<NaiveDate>,
    },
    /// `order acme: ¥12,000 alipay invoice 2026-118 50 seats @yesterday`:
    /// an order placed (see `palette::order`).
    Order {
        customer: CustomerRef,
        /// Minor units (×100) of `currency`.
        amount: i64,
        /// An ISO code; `None` = the configured base currency (`¥`, a bare number).
        currency: Option<String>,
        payment: Option<PaymentMethod>,
        invoice: String,
        items: String,
        /// When it was placed, wall clock; `None`: now.
        at: Option<NaiveDateTime>,
    },
    /// `won 5: signed at the expo`
    Won { deal: DealId, note: String },
    /// `lost 5: price` (the reason is required)
    Lost { deal: DealId, reason: String },
    /// `move 5 proposal`: the stage as typed, resolved against the configured
    /// pipeline by the executor, which points at `stage_span` if it is unknown.
    MoveDeal {
        deal: DealId,
        stage: String,
        stage_span: Range<usize>,
    },
    /// `case acme: invoice copy` (a request), `complaint acme: late delivery`
    Case {
        kind: CaseKind,
        customer: CustomerRef,
        title: String,
    },
    /// `resolve 2: sent a new invoice`
    Resolve { case: CaseId, resolution: String },
    /// `respond 2`: the first response to a case.
    Respond { case: CaseId },
    /// `fix log 41: wants 60 seats`, `fix task 12 due fri`: one field of one record.
    Fix(Fix),
    /// `fix log: wants 60 seats`, `fix log outcome voicemail`: a log named
    /// by no id. The app says which — the entry selected in the Timeline
    /// when that pane has focus, else the one logged last in this session
    /// — and names it in the confirmation; `rolo do` asks for the id.
    FixLog {
        patch: InteractionPatch,
        /// A new time, wall clock, as in [`Fix::Interaction`].
        at: Option<NaiveDateTime>,
        /// Where the id would go (right after `log`), for the error asking for it.
        span: Range<usize>,
    },
    /// `rm log 41` (deleted), `rm task 12` (cancelled), `rm deal 5`, `rm case 2`.
    Remove(Record),
    /// `merge #3 #7`, `merge Ann Lee, ann@acme.com`: the second into the first.
    Merge {
        keep: CustomerRef,
        other: CustomerRef,
    },
    /// A TUI command: `cursor down`, `view today`, `done` alone (the selection).
    Ui(super::Ui),
}

/// One record, by kind and id: what `rm` removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    Interaction(InteractionId),
    Task(TaskId),
    Deal(DealId),
    Case(CaseId),
    Order(OrderId),
}

/// A correction typed in the palette: a patch with one field set, plus
/// what only the executor can settle (the offset of a time, a customer's
/// words, the base currency).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fix {
    Interaction {
        id: InteractionId,
        patch: InteractionPatch,
        /// A new time, wall clock (the executor gives it the offset of now).
        at: Option<NaiveDateTime>,
    },
    Task {
        id: TaskId,
        patch: TaskPatch,
        /// A new customer in words; `Some(None)`: nobody.
        customer: Option<Option<CustomerRef>>,
    },
    Deal {
        id: DealId,
        patch: DealPatch,
        /// The amount was written in the base currency (`¥`): the deal
        /// takes it. A bare number keeps the deal's currency.
        in_base_currency: bool,
        /// A new customer in words (a deal always has one).
        customer: Option<CustomerRef>,
    },
    Case {
        id: CaseId,
        patch: CasePatch,
        /// A new customer in words (a case always has one).
        customer: Option<CustomerRef>,
    },
    Order {
        id: OrderId,
        patch: OrderPatch,
        /// A new date, wall clock (the executor gives it the offset of now).
        at: Option<NaiveDateTime>,
        /// As for a deal: `¥` is the base currency, a bare number keeps the order's.
        in_base_currency: bool,
        /// A new customer in words (an order always has one).
        customer: Option<CustomerRef>,
    },
}
