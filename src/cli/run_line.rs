//! `rolo do 'LINE'`: one palette line through the same executor as the TUI.

use super::{App, CliError, Result, output};
use crate::domain::{Case, Deal, StageChange};
use crate::exec::{self, Done, ExecError};
use crate::palette::ParseError;
use clap::Args;
use serde::Serialize;

#[derive(Debug, Args)]
pub struct RunLineArgs {
    /// e.g. 'call acme: wants pricing -> send quote @fri'
    #[arg(required = true, num_args = 1..)]
    pub line: Vec<String>,
}

/// Bad input shown with the line it came from, the offending words
/// underlined. Its text already says everything, so it has no source.
#[derive(Debug, thiserror::Error)]
#[error("{rendered}")]
pub struct LineError {
    rendered: String,
}

impl crate::fault::Blamed for LineError {
    fn blame(&self) -> crate::fault::Blame {
        crate::fault::Blame::Input
    }
}

pub fn run(app: &App, args: &RunLineArgs) -> Result<()> {
    let line = args.line.join(" ");
    let done = exec::run_line(&app.ctx(), &line).map_err(|e| underline(&line, e))?;
    super::log::print_done(app, &done)
}

fn underline(line: &str, e: ExecError) -> CliError {
    let rendered = match &e {
        ExecError::Parse(p) => p.render(line),
        ExecError::Resolve {
            error,
            span: Some(span),
        } => ParseError {
            message: error.to_string(),
            span: span.clone(),
        }
        .render(line),
        _ => return e.into(),
    };
    LineError {
        rendered: rendered.trim_end().to_string(),
    }
    .into()
}

/// A closed deal and, for a win, the customer's stage change it caused.
#[derive(Serialize)]
struct ClosedOut<'a> {
    deal: &'a Deal,
    promoted: Option<&'a StageChange>,
}

/// `--json` for what the deal and case verbs did: the deal or case as
/// stored (a closed deal with the stage change a win caused).
pub(super) fn print_sales_json(done: &Done) -> Result<()> {
    match done {
        Done::DealAdded { deal, .. }
        | Done::DealMoved { deal, .. }
        | Done::DealReopened { deal, .. }
        | Done::DealEdited { deal, .. }
        | Done::DealRemoved { deal, .. } => output::print_json(deal),
        Done::DealClosed { closed, .. } => output::print_json(&ClosedOut {
            deal: &closed.deal,
            promoted: closed.promoted.as_ref(),
        }),
        Done::CaseOpened { case, .. }
        | Done::CaseChanged { case, .. }
        | Done::CaseEdited { case, .. }
        | Done::CaseRemoved { case, .. } => output::print_json::<Case>(case),
        Done::OrderAdded { order, .. }
        | Done::OrderEdited { order, .. }
        | Done::OrderRemoved { order, .. } => output::print_json(order),
        Done::DealWonWithOrder { closed, order, .. } => {
            #[derive(Serialize)]
            struct WonWithOrder<'a> {
                deal: &'a Deal,
                promoted: Option<&'a StageChange>,
                order: &'a crate::domain::Order,
            }
            output::print_json(&WonWithOrder {
                deal: &closed.deal,
                promoted: closed.promoted.as_ref(),
                order,
            })
        }
        other => Err(CliError::failure(anyhow::anyhow!(
            "bug: not a deal or case result: {other:?}"
        ))),
    }
}
