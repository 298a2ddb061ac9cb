//! `rolo interaction show|edit|rm ID`: one timeline entry, read whole,
//! corrected or removed (`rolo show CUSTOMER` lists the ids).

use super::{App, Result, UsageError, output};
use crate::dates;
use crate::domain::{InteractionId, InteractionKind, InteractionPatch, Outcome, ids};
use crate::exec::{self, InteractionShown};
use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum InteractionCommand {
    /// The whole entry: summary, feedback, outcome, the task it created, author, time
    Show {
        #[arg(value_parser = parse_interaction_id)]
        id: InteractionId,
    },
    /// Correct an entry; the timeline and the customer's last contact follow a new time
    Edit(EditArgs),
    /// Remove an entry (the task it created stays); `rolo undo` puts it back
    Rm {
        #[arg(value_parser = parse_interaction_id)]
        id: InteractionId,
    },
}

#[derive(Debug, Args)]
pub struct EditArgs {
    #[arg(value_parser = parse_interaction_id)]
    pub id: InteractionId,
    /// call, email, meeting, visit, message or note (also 电话, 邮件, 拜访, 微信…)
    #[arg(long, value_parser = |s: &str| InteractionKind::parse(s).map_err(|e| e.to_string()))]
    pub kind: Option<InteractionKind>,
    /// When it happened: yesterday 14:00, 2026-11-20 9am, fri …
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
    #[arg(long)]
    pub summary: Option<String>,
    /// What the customer said ("" clears it)
    #[arg(long)]
    pub feedback: Option<String>,
    /// reached, no-answer, voicemail or callback
    #[arg(long, value_parser = |s: &str| Outcome::parse(s).map_err(|e| e.to_string()))]
    pub outcome: Option<Outcome>,
    /// Clear the outcome
    #[arg(long, conflicts_with = "outcome")]
    pub no_outcome: bool,
}

pub(super) fn parse_interaction_id(s: &str) -> Result<InteractionId, String> {
    ids::parse_id(s).map(InteractionId).ok_or_else(|| {
        ids::out_of_range(s, "interaction id").unwrap_or_else(|| {
            format!("\"{s}\" is not an interaction id (expected a number like 41 or #41)")
        })
    })
}

pub fn run(app: &App, cmd: &InteractionCommand) -> Result<()> {
    let ctx = app.ctx();
    let done = match cmd {
        InteractionCommand::Show { id } => {
            let shown = exec::show_interaction(&ctx, *id)?;
            if app.json {
                return output::print_json(&shown);
            }
            return output::print(&render(&shown, app.now.naive_local()));
        }
        InteractionCommand::Edit(args) => {
            exec::edit_interaction(&ctx, args.id, &patch(app, args)?)?
        }
        InteractionCommand::Rm { id } => exec::remove_interaction(&ctx, *id)?,
    };
    super::log::print_done(app, &done)
}

fn patch(app: &App, args: &EditArgs) -> Result<InteractionPatch> {
    let at = args
        .at
        .as_deref()
        .map(|w| dates::parse_at(w, app.now.naive_local()))
        .transpose()?
        .map(|wall| exec::local_at(&app.ctx(), wall));
    let patch = InteractionPatch {
        kind: args.kind,
        at,
        summary: args.summary.clone(),
        feedback: args.feedback.clone(),
        outcome: if args.no_outcome {
            Some(None)
        } else {
            args.outcome.map(Some)
        },
    };
    if patch.is_empty() {
        return Err(UsageError(
            "nothing to change: give at least one of --kind, --at, --summary, --feedback, \
             --outcome, --no-outcome (see `rolo interaction edit --help`)"
                .into(),
        )
        .into());
    }
    Ok(patch)
}

/// The entry, one field a line, as `rolo show` writes a card.
fn render(s: &InteractionShown, now: chrono::NaiveDateTime) -> String {
    let i = &s.interaction;
    let c = &s.customer;
    let mut out = format!("{} {} · {} ({})", i.kind, i.id, c.name, c.id);
    if !c.company.is_empty() {
        out.push_str(&format!(" · {}", c.company));
    }
    out.push('\n');
    output::push_fields(
        &mut out,
        &exec::shown::interaction_fields(i, s.task.as_ref(), now),
    );
    out
}
