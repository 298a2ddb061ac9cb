//! `rolo log REF KIND SUMMARY [--next ACTION --due WHEN]`.

use super::{App, Result, output};
use crate::dates;
use crate::domain::{InteractionKind, Outcome};
use crate::exec::{self, Done, LogRequest, cli_ref};
use clap::Args;
use serde::Serialize;

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Customer: #id, name, company, email or phone
    pub customer: String,
    /// call, email, meeting, visit, message or note (also 电话, 邮件, 拜访, 微信…)
    #[arg(value_parser = |s: &str| InteractionKind::parse(s).map_err(|e| e.to_string()))]
    pub kind: InteractionKind,
    /// What happened (optional with --outcome)
    #[arg(default_value = "")]
    pub summary: String,
    /// What the customer said
    #[arg(long)]
    pub feedback: Option<String>,
    /// reached, no-answer, voicemail or callback; a failed attempt queues a retry
    #[arg(long, value_parser = |s: &str| Outcome::parse(s).map_err(|e| e.to_string()))]
    pub outcome: Option<Outcome>,
    /// The next action, queued as a task
    #[arg(long, value_name = "ACTION")]
    pub next: Option<String>,
    /// When the next action is due (fri, tomorrow 2pm, +3d, 2026-12-01, 周五 …)
    #[arg(long, value_name = "WHEN")]
    pub due: Option<String>,
    /// When it happened, if not now (yesterday 14:00, 2026-11-20 9am …)
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
}

#[derive(Serialize)]
struct Logged<'a> {
    customer: &'a crate::domain::Customer,
    interaction: &'a crate::domain::Interaction,
    task: Option<&'a crate::domain::Task>,
}

pub fn run(app: &App, args: &LogArgs) -> Result<()> {
    let wall = app.now.naive_local();
    let due = args
        .due
        .as_deref()
        .map(|w| dates::parse_due(w, wall))
        .transpose()?;
    let at = match args.at.as_deref() {
        Some(w) => {
            let local = dates::parse_at(w, wall)?;
            Some(
                local
                    .and_local_timezone(*app.now.offset())
                    .single()
                    .unwrap_or(app.now),
            )
        }
        None => None,
    };
    let done = exec::log(
        &app.ctx(),
        LogRequest {
            customer: cli_ref(&args.customer),
            kind: args.kind,
            summary: args.summary.clone(),
            feedback: args.feedback.clone().unwrap_or_default(),
            outcome: args.outcome,
            at,
            next: args.next.clone(),
            due,
        },
    )?;
    print_done(app, &done)
}

/// Print what a command did: its message, or its records as JSON.
pub fn print_done(app: &App, done: &Done) -> Result<()> {
    if !app.json {
        return output::print(&format!("{}\n", done.message(app.now.naive_local())));
    }
    match done {
        Done::Logged { customer, log } => output::print_json(&Logged {
            customer,
            interaction: &log.interaction,
            task: log.task.as_ref(),
        }),
        Done::TaskAdded { task, .. } | Done::Snoozed(task) => output::print_json(task),
        Done::TasksDone(list) => {
            let tasks: Vec<_> = list
                .iter()
                .flat_map(|(done, next)| std::iter::once(done).chain(next))
                .collect();
            output::print_json(&tasks)
        }
        Done::CustomerAdded(c, alike) => {
            // `rolo --json do 'add …'`: the JSON stays the customer, and
            // the likely duplicate is said on stderr, as `rolo add` says it.
            if !alike.is_empty() {
                output::note(&super::add::lookalike_warning(c, alike));
            }
            output::print_json(c)
        }
        Done::Opened(c) | Done::CustomerChanged { customer: c, .. } => output::print_json(c),
        Done::Undone(n) => output::print_json(&serde_json::json!({ "undone": n })),
        Done::DealAdded { .. }
        | Done::DealMoved { .. }
        | Done::DealClosed { .. }
        | Done::DealReopened { .. }
        | Done::DealEdited { .. }
        | Done::DealRemoved { .. }
        | Done::CaseOpened { .. }
        | Done::CaseChanged { .. }
        | Done::CaseEdited { .. }
        | Done::CaseRemoved { .. }
        | Done::OrderAdded { .. }
        | Done::OrderEdited { .. }
        | Done::OrderRemoved { .. }
        | Done::DealWonWithOrder { .. } => super::run_line::print_sales_json(done),
        // A correction prints the record as it now is (a removal: as it was).
        Done::InteractionEdited { interaction, .. }
        | Done::InteractionRemoved { interaction, .. } => output::print_json(interaction),
        Done::TaskEdited { task, .. } | Done::TaskCancelled { task, .. } => {
            output::print_json(task)
        }
        Done::Merged(merged) => output::print_json(merged),
    }
}
