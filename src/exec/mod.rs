//! The executor: the ONE place a palette command becomes a store write.
//! `rolo do LINE`, the other CLI verbs and the TUI palette all come through
//! here, so a line behaves the same wherever it is typed.

mod correct;
pub mod demo;
pub mod import;
pub mod orders;
mod resolve;
pub mod sales;
pub mod shown;
pub mod tiers;

pub use correct::{
    InteractionShown, Lookalike, TaskShown, add_customer, cancel_task, edit_case, edit_deal,
    edit_interaction, edit_task, local_at, merge, merge_ids, plan_merge, remove_case, remove_deal,
    remove_interaction, show_interaction, show_task,
};
pub use orders::{OrderRequest, add_order, edit_order, remove_order, show_order, win_with_order};
pub use resolve::{Candidate, Exactly, ResolveError, resolve};
pub use sales::{
    CaseRequest, DealRequest, add_deal, close_deal, hours, move_deal, open_case, reopen_deal,
    resolve_case, respond_case,
};

use crate::config::Config;
use crate::dates;
use crate::domain::*;
use crate::fault::{Blame, Blamed};
use crate::palette::{self, Command, CustomerRef, ParseError};
use crate::store::{Closed, LogResult, Merged, Reads, Store, StoreError};
use chrono::{DateTime, FixedOffset, NaiveDateTime};
use std::ops::Range;
use thiserror::Error;

/// What every command needs besides itself: where, when and how.
#[derive(Debug, Clone)]
pub struct Ctx<'a> {
    pub store: &'a Store,
    pub now: DateTime<FixedOffset>,
    pub config: &'a Config,
}

impl Ctx<'_> {
    /// Local wall-clock now, what natural dates are relative to.
    pub fn wall_now(&self) -> NaiveDateTime {
        self.now.naive_local()
    }
}

#[derive(Debug, Error)]
pub enum ExecError {
    #[error("{0}")]
    Parse(ParseError),
    /// The customer words could not be resolved; `span` locates them in a palette line.
    #[error("{error}")]
    Resolve {
        error: ResolveError,
        span: Option<Range<usize>>,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    /// One of several tasks could not be completed, so none was.
    #[error("{error}; none of the {count} tasks was completed")]
    NoneDone { error: StoreError, count: usize },
}

impl Blamed for ExecError {
    fn blame(&self) -> Blame {
        match self {
            ExecError::Parse(_) | ExecError::Resolve { .. } => Blame::Input,
            ExecError::Store(e) | ExecError::NoneDone { error: e, .. } => e.blame(),
        }
    }
}

/// A log entry with everything the CLI can say; the palette says less.
#[derive(Debug, Clone, PartialEq)]
pub struct LogRequest {
    pub customer: CustomerRef,
    pub kind: InteractionKind,
    pub summary: String,
    pub feedback: String,
    pub outcome: Option<Outcome>,
    /// When it happened; `None` = now.
    pub at: Option<DateTime<FixedOffset>>,
    /// The next action's title, if any.
    pub next: Option<String>,
    /// When the next action is due (alone, it queues a "Follow up").
    pub due: Option<Due>,
}

/// What a command did, for the CLI's output and the TUI's toasts.
#[derive(Debug, Clone, PartialEq)]
pub enum Done {
    Logged {
        customer: Customer,
        log: LogResult,
    },
    TaskAdded {
        customer: Option<Customer>,
        task: Task,
    },
    TasksDone(Vec<(Task, Option<Task>)>),
    Snoozed(Task),
    /// Added, with the customers it may duplicate (the same email or
    /// phone, or the same name and company).
    CustomerAdded(Customer, Vec<Lookalike>),
    CustomerChanged {
        customer: Customer,
        changed: Vec<&'static str>,
    },
    Opened(Customer),
    /// An earlier write was taken back; how many rows it restored.
    Undone(usize),
    DealAdded {
        customer: Customer,
        deal: Deal,
    },
    DealMoved {
        customer: Customer,
        deal: Deal,
    },
    /// Won or lost; `closed.promoted` says if a win made the customer one.
    DealClosed {
        customer: Customer,
        closed: Closed,
    },
    /// A won or lost deal put back in play.
    DealReopened {
        customer: Customer,
        deal: Deal,
    },
    CaseOpened {
        customer: Customer,
        case: Case,
    },
    /// Responded to or resolved (the case's status says which).
    CaseChanged {
        customer: Customer,
        case: Case,
    },
    /// A timeline entry corrected; `changed` names the fields (empty: no change).
    InteractionEdited {
        customer: Customer,
        interaction: Interaction,
        changed: Vec<&'static str>,
    },
    /// A timeline entry deleted; the task it created (`interaction.task`) stays.
    InteractionRemoved {
        customer: Customer,
        interaction: Interaction,
    },
    TaskEdited {
        customer: Option<Customer>,
        task: Task,
        changed: Vec<&'static str>,
    },
    /// `rm task`: cancelled, kept in the history.
    TaskCancelled {
        customer: Option<Customer>,
        task: Task,
    },
    DealEdited {
        customer: Customer,
        deal: Deal,
        changed: Vec<&'static str>,
    },
    /// A deal opened by mistake, deleted.
    DealRemoved {
        customer: Customer,
        deal: Deal,
    },
    /// A case's title, kind, priority or owner corrected.
    CaseEdited {
        customer: Customer,
        case: Case,
        changed: Vec<&'static str>,
    },
    /// A case opened by mistake, deleted.
    CaseRemoved {
        customer: Customer,
        case: Case,
    },
    /// Two customers made one; the message lists the conflicts, one a line.
    Merged(Box<Merged>),
    OrderAdded {
        customer: Customer,
        order: Order,
    },
    /// An order's fields corrected; `changed` names them (empty: no change).
    OrderEdited {
        customer: Customer,
        order: Order,
        changed: Vec<&'static str>,
    },
    /// An order recorded by mistake, deleted.
    OrderRemoved {
        customer: Customer,
        order: Order,
    },
    /// `rolo deal won ID --order`: the deal won and its order, one write.
    DealWonWithOrder {
        customer: Customer,
        closed: Closed,
        order: Order,
    },
}

impl Done {
    /// One line for a human, e.g. `Logged call with Ann Lee (#3) · interaction #41 · next:
    /// send quote, due fri (task #12)`.
    pub fn message(&self, now: NaiveDateTime) -> String {
        let due = |t: &Task| {
            t.due.map_or_else(
                || "no due date".to_string(),
                |d| format!("due {}", dates::humanize(d, now)),
            )
        };
        match self {
            Done::Logged { customer, log } => {
                let i = &log.interaction;
                let mut s = format!(
                    "Logged {} with {} ({}) · interaction {}",
                    i.kind, customer.name, customer.id, i.id
                );
                if let Some(o) = i.outcome {
                    s.push_str(&format!(" · {o}"));
                }
                if let Some(t) = &log.task {
                    s.push_str(&format!(" · next: {}, {} (task {})", t.title, due(t), t.id));
                }
                s
            }
            Done::TaskAdded { customer, task } => {
                let who = customer
                    .as_ref()
                    .map(|c| format!(" for {}", c.name))
                    .unwrap_or_default();
                format!("Added task {}{who}: {}, {}", task.id, task.title, due(task))
            }
            Done::TasksDone(list) => list
                .iter()
                .map(|(t, next)| {
                    let mut s = format!("Done: {} ({})", t.title, t.id);
                    if let Some(n) = next {
                        s.push_str(&format!(" · next one {} (task {})", due(n), n.id));
                    }
                    s
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Done::Snoozed(t) => format!(
                "Snoozed {} ({}) until {}",
                t.title,
                t.id,
                due(t).trim_start_matches("due ")
            ),
            Done::CustomerAdded(c, alike) => {
                format!("Added {} ({}){}", c.label(), c.id, correct::alike(c, alike))
            }
            Done::CustomerChanged { customer, changed } if changed.is_empty() => {
                format!("No change to {} ({})", customer.name, customer.id)
            }
            Done::CustomerChanged { customer, changed } => {
                format!(
                    "Updated {} ({}): {}",
                    customer.name,
                    customer.id,
                    changed.join(", ")
                )
            }
            Done::Opened(c) => format!("{} ({})", c.label(), c.id),
            Done::Undone(1) => "Undone (1 change restored)".to_string(),
            Done::Undone(n) => format!("Undone ({n} changes restored)"),
            Done::DealAdded { customer, deal } => {
                let mut s = format!(
                    "Deal {} for {} ({}): {} · {} · {} {}%",
                    deal.id,
                    customer.name,
                    customer.id,
                    deal.title,
                    money::format_money(deal.amount, &deal.currency),
                    deal.stage,
                    deal.probability
                );
                if let Some(d) = deal.expected_close {
                    s.push_str(&format!(" · closes {}", dates::humanize(Due::Date(d), now)));
                }
                s
            }
            Done::DealMoved { deal, .. } => format!(
                "Moved deal {} to {} {}% · {} weighted",
                deal.id,
                deal.stage,
                deal.probability,
                money::format_money(deal.weighted(), &deal.currency)
            ),
            Done::DealClosed { customer, closed } => {
                let deal = &closed.deal;
                let what = format!(
                    "deal {} · {} · {}",
                    deal.id,
                    deal.title,
                    money::format_money(deal.amount, &deal.currency)
                );
                match (deal.status, &closed.promoted) {
                    (DealStatus::Lost, _) => format!("Lost {what} · {}", deal.reason),
                    (_, Some(change)) => {
                        format!("Won {what} · {} is now a {}", customer.name, change.to)
                    }
                    (_, None) => format!("Won {what} · {} ({})", customer.name, customer.id),
                }
            }
            Done::DealReopened { deal, .. } => format!(
                "Reopened deal {} · {} · {} {}%",
                deal.id, deal.title, deal.stage, deal.probability
            ),
            Done::CaseOpened { customer, case } => {
                let mut s = format!(
                    "Opened {} {} for {} ({}): {}",
                    case.kind, case.id, customer.name, customer.id, case.title
                );
                // Say the priority only where it is not the kind's usual one.
                if case.priority != sales::default_priority(case.kind) {
                    s.push_str(&format!(" · {} priority", case.priority));
                }
                s
            }
            Done::InteractionEdited {
                customer,
                interaction,
                changed,
            } => correct::edited(correct::interaction_label(interaction, customer), changed),
            Done::InteractionRemoved {
                customer,
                interaction,
            } => correct::removed_interaction(interaction, customer),
            Done::TaskEdited {
                customer,
                task,
                changed,
            } => {
                let what = correct::task_label(task, customer.as_ref());
                match changed.is_empty() {
                    true => correct::edited(what, changed),
                    false => format!("{} · {}", correct::edited(what, changed), due(task)),
                }
            }
            Done::TaskCancelled { customer, task } => format!(
                "Cancelled {} (kept in the history; `rolo task show {}`)",
                correct::task_label(task, customer.as_ref()),
                task.id.0
            ),
            Done::DealEdited {
                customer,
                deal,
                changed,
            } => correct::edited(
                format!(
                    "deal {} {} ({}) · {} · {}%",
                    deal.id,
                    deal.title,
                    customer.name,
                    money::format_money(deal.amount, &deal.currency),
                    deal.probability
                ),
                changed,
            ),
            Done::DealRemoved { customer, deal } => format!(
                "Removed deal {} {} ({}) · {}",
                deal.id,
                deal.title,
                customer.name,
                money::format_money(deal.amount, &deal.currency)
            ),
            Done::CaseEdited {
                customer,
                case,
                changed,
            } => correct::edited(
                format!(
                    "{} {} {} ({}) · {} priority",
                    case.kind, case.id, case.title, customer.name, case.priority
                ),
                changed,
            ),
            Done::CaseRemoved { customer, case } => format!(
                "Removed {} {} {} ({})",
                case.kind, case.id, case.title, customer.name
            ),
            Done::Merged(m) => correct::merged(m),
            Done::OrderAdded { customer, order } => orders::added(customer, order),
            Done::OrderEdited {
                customer,
                order,
                changed,
            } => correct::edited(
                format!("order {} ({})", orders::label(order), customer.name),
                changed,
            ),
            Done::OrderRemoved { customer, order } => {
                format!("Removed order {} ({})", orders::label(order), customer.name)
            }
            Done::DealWonWithOrder {
                customer,
                closed,
                order,
            } => format!(
                "{}\nRecorded order {} for {}",
                Done::DealClosed {
                    customer: customer.clone(),
                    closed: closed.clone(),
                }
                .message(now),
                orders::label(order),
                customer.name
            ),
            Done::CaseChanged { case, .. } => {
                let took = |h: Option<f64>| h.map_or_else(String::new, hours);
                if case.is_open() {
                    format!(
                        "Responded to case {} after {}",
                        case.id,
                        took(case.response_hours())
                    )
                } else {
                    format!(
                        "Resolved case {} after {} (first response after {})",
                        case.id,
                        took(case.resolution_hours()),
                        took(case.response_hours())
                    )
                }
            }
        }
    }
}

/// Parse a palette line and run it.
pub fn run_line(ctx: &Ctx, line: &str) -> Result<Done, ExecError> {
    let command = palette::parse(line, ctx.wall_now()).map_err(ExecError::Parse)?;
    run(ctx, command)
}

pub fn run(ctx: &Ctx, command: Command) -> Result<Done, ExecError> {
    match command {
        Command::Log {
            kind,
            customer,
            outcome,
            summary,
            next,
            when,
        } => log(
            ctx,
            LogRequest {
                customer,
                kind,
                summary,
                feedback: String::new(),
                outcome,
                at: None,
                next,
                due: when,
            },
        ),
        Command::Task {
            customer,
            title,
            when,
        } => {
            let task = NewTask {
                customer: None,
                title,
                due: when,
                priority: Priority::Normal,
                recurrence: None,
            };
            add_task(ctx, Some(&customer), task)
        }
        Command::Done { tasks } => complete(ctx, &tasks),
        Command::Snooze { task, until } => {
            let task = ctx.store.write(ctx.now, |w| w.snooze_task(task, until))?;
            Ok(Done::Snoozed(task))
        }
        Command::Add {
            name,
            title,
            company,
            phones,
            emails,
        } => {
            let draft = CustomerDraft {
                company: company.unwrap_or_default(),
                title: title.unwrap_or_default(),
                phones,
                emails,
                ..CustomerDraft::named(name)
            };
            add_customer(ctx, draft)
        }
        Command::Stage { customer, stage } => edit(
            ctx,
            &customer,
            CustomerPatch {
                stage: Some(stage),
                ..Default::default()
            },
        ),
        Command::Tag {
            customer,
            add,
            remove,
        } => edit(
            ctx,
            &customer,
            CustomerPatch {
                add_tags: add,
                remove_tags: remove,
                ..Default::default()
            },
        ),
        Command::Ui(ui) => Err(ExecError::Parse(ParseError {
            message: format!(
                "\"{}\" works only in the full-screen app (run `rolo`)",
                palette::describe_ui(ui).0
            ),
            span: 0..0,
        })),
        // Only the app knows which entry "the one just logged" is.
        Command::FixLog { span, .. } => Err(ExecError::Parse(ParseError {
            message: "which log? Name it by id: fix log ID: … (rolo log prints the id, \
                      rolo show lists them); without one, fix log works only in the app, \
                      on the entry just logged there"
                .into(),
            span,
        })),
        Command::Open { customer } => {
            let c = ctx.store.read(|r| resolve_in(r, &customer))?;
            Ok(Done::Opened(c))
        }
        Command::Deal {
            customer,
            title,
            amount,
            currency,
            expected_close,
        } => add_deal(
            ctx,
            DealRequest {
                customer,
                title,
                amount,
                currency,
                stage: None,
                probability: None,
                expected_close,
                owner: None,
            },
        ),
        Command::Order {
            customer,
            amount,
            currency,
            payment,
            invoice,
            items,
            at,
        } => add_order(
            ctx,
            OrderRequest {
                customer,
                at: at.map(|wall| local_at(ctx, wall)),
                amount,
                currency,
                items,
                payment,
                invoice,
                owner: None,
            },
        ),
        Command::Won { deal, note } => close_deal(ctx, deal, DealStatus::Won, &note),
        Command::Lost { deal, reason } => close_deal(ctx, deal, DealStatus::Lost, &reason),
        Command::MoveDeal {
            deal,
            stage,
            stage_span,
        } => move_deal(ctx, deal, &stage, None, stage_span),
        Command::Case {
            kind,
            customer,
            title,
        } => open_case(
            ctx,
            CaseRequest {
                customer,
                kind,
                title,
                priority: None,
                owner: None,
            },
        ),
        Command::Respond { case } => respond_case(ctx, case),
        Command::Resolve { case, resolution } => resolve_case(ctx, case, &resolution),
        Command::Fix(fix) => correct::fix(ctx, fix),
        Command::Remove(record) => correct::remove(ctx, record),
        Command::Merge { keep, other } => merge(ctx, &keep, &other),
    }
}

/// Log an interaction; a next action without a date gets the default
/// follow-up delay, a failed attempt (`noanswer`) queues a retry.
pub fn log(ctx: &Ctx, req: LogRequest) -> Result<Done, ExecError> {
    let today = ctx.wall_now().date();
    let next_title = match (&req.next, req.due, req.outcome) {
        (Some(title), _, _) => Some(title.clone()),
        (None, Some(_), _) => Some(format!("Follow up ({})", req.kind)),
        (None, None, Some(o)) if o.wants_retry() => Some(format!("Try again: {}", req.kind)),
        _ => None,
    };
    let next_due = req.due.unwrap_or_else(|| {
        let days = if req.next.is_some() {
            ctx.config.follow_up_days
        } else {
            ctx.config.retry_days
        };
        Due::Date(dates::add_business_days(today, days))
    });
    let author = ctx.store.actor().to_string();
    let at = req.at.unwrap_or(ctx.now);
    ctx.store.write(ctx.now, |w| {
        let customer = resolve_in(w, &req.customer)?;
        let next = next_title.map(|title| NewTask {
            customer: Some(customer.id),
            title,
            due: Some(next_due),
            priority: Priority::Normal,
            recurrence: None,
        });
        let log = w.log(
            NewInteraction {
                customer: customer.id,
                kind: req.kind,
                at,
                summary: req.summary.clone(),
                feedback: req.feedback.clone(),
                outcome: req.outcome,
                author,
            },
            next,
        )?;
        let customer = w.get_customer(customer.id)?;
        Ok(Done::Logged { customer, log })
    })
}

/// Take back a write whose journal is `undo` (see `store::Undo`).
pub fn undo(ctx: &Ctx, undo: &crate::store::Undo) -> Result<Done, ExecError> {
    let restored = ctx.store.write(ctx.now, |w| w.undo(undo))?;
    Ok(Done::Undone(restored))
}

/// Add a task, for a customer if `customer` names one.
pub fn add_task(
    ctx: &Ctx,
    customer: Option<&CustomerRef>,
    mut task: NewTask,
) -> Result<Done, ExecError> {
    ctx.store.write(ctx.now, |w| {
        let customer = customer.map(|r| resolve_in(w, r)).transpose()?;
        task.customer = customer.as_ref().map(|c| c.id);
        let task = w.add_task(task)?;
        Ok(Done::TaskAdded { customer, task })
    })
}

/// Complete several tasks in one transaction: all or none.
/// Complete every task named (each once, however often it is named), or
/// none of them.
pub fn complete(ctx: &Ctx, tasks: &[TaskId]) -> Result<Done, ExecError> {
    let mut ids: Vec<TaskId> = Vec::with_capacity(tasks.len());
    for &id in tasks {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let done = ctx
        .store
        .write(ctx.now, |w| {
            ids.iter()
                .map(|&id| w.complete_task(id))
                .collect::<Result<Vec<_>, StoreError>>()
        })
        .map_err(|error| match ids.len() {
            1 => ExecError::Store(error),
            count => ExecError::NoneDone { error, count },
        })?;
    Ok(Done::TasksDone(done))
}

pub fn edit(ctx: &Ctx, customer: &CustomerRef, patch: CustomerPatch) -> Result<Done, ExecError> {
    ctx.store.write(ctx.now, |w| {
        let c = resolve_in(w, customer)?;
        let (customer, changed) = w.update_customer(c.id, &patch)?;
        Ok(Done::CustomerChanged { customer, changed })
    })
}

/// Save a form's `patch` made against `base`, refusing (writing nothing)
/// if another terminal changed one of its fields since the form opened.
pub fn edit_from(ctx: &Ctx, base: &Customer, patch: CustomerPatch) -> Result<Done, ExecError> {
    ctx.store.write(ctx.now, |w| {
        let (customer, changed) = w.update_customer_from(base, &patch)?;
        Ok(Done::CustomerChanged { customer, changed })
    })
}

/// Resolve inside the caller's transaction, so the customer cannot change
/// between resolving and writing.
pub fn resolve_in(view: &impl Reads, r: &CustomerRef) -> Result<Customer, ExecError> {
    match resolve::resolve(view, &r.text) {
        Ok(id) => Ok(view.get_customer(id)?),
        Err(resolve::Error::Store(e)) => Err(ExecError::Store(e)),
        Err(resolve::Error::Resolve(error)) => Err(ExecError::Resolve {
            error,
            span: (!r.span.is_empty()).then(|| r.span.clone()),
        }),
    }
}

/// `resolve_in` for what cannot be undone: `#id` or an exact name, email
/// or phone only (see `resolve::resolve_exact`).
pub fn resolve_exact_in(view: &impl Reads, text: &str) -> Result<Customer, ExecError> {
    match resolve::resolve_exact(view, text, resolve::Exactly::Irreversible) {
        Ok(id) => Ok(view.get_customer(id)?),
        Err(resolve::Error::Store(e)) => Err(ExecError::Store(e)),
        Err(resolve::Error::Resolve(error)) => Err(ExecError::Resolve { error, span: None }),
    }
}

/// A customer reference typed outside the palette (a CLI argument).
pub fn cli_ref(text: &str) -> CustomerRef {
    CustomerRef {
        text: text.to_string(),
        span: 0..0,
    }
}
