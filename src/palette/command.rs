//! What a palette line means, before any customer is looked up.

use crate::domain::{Due, InteractionKind, Outcome, Stage, TaskId};
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
    /// `add Ann Lee, Acme`
    Add {
        name: String,
        company: Option<String>,
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
    /// A TUI command: `cursor down`, `view today`, `done` alone (the selection).
    Ui(super::Ui),
}
