//! `fix log: …` with no id (issue 12, item 7: correcting the call just
//! logged in a dozen keys). The palette parses it as `Command::FixLog`;
//! this file says which entry it means, and only ever an exact one:
//!
//! - the Timeline pane has focus: its selected row, if that is a log
//!   (what the screen marks, as every row key acts on — DESIGN §12);
//! - otherwise the interaction logged last in this session, while it
//!   stands: logging sets it; `u` taking that log back, or `rm log` of
//!   it, forgets it;
//! - otherwise nothing: the palette comes back with the line and asks
//!   for the id.
//!
//! The write is the ordinary `fix log ID …`, so its confirmation names the
//! entry (`Updated call #41 with Ann Lee (#1): summary`) and `u` undoes it.

use super::super::model::{Input, Model, Overlay, Palette, Pane, Screen};
use super::super::msg::{Effect, Failure};
use crate::domain::{InteractionId, InteractionPatch};
use crate::exec::Done;
use crate::palette::{Command, Fix};
use crate::store::{Change, Undo};
use chrono::NaiveDateTime;
use std::ops::Range;

/// Said when no entry is meant: how to name one.
const SAY_WHICH: &str = "which log? Nothing logged in this session to fix: name it, \
                         fix log ID: … (the id is on the confirmation and in rolo show)";

/// Run `fix log …` with no id on the entry it means, or ask for the id.
pub fn run(
    model: &mut Model,
    patch: InteractionPatch,
    at: Option<NaiveDateTime>,
    span: Range<usize>,
) -> Vec<Effect> {
    match which(model) {
        Ok(id) => vec![Effect::Run(Command::Fix(Fix::Interaction {
            id,
            patch,
            at,
        }))],
        Err(why) => ask(model, why, span),
    }
}

/// The entry `fix log` with no id means, or why there is none.
pub fn which(model: &Model) -> Result<InteractionId, String> {
    if model.view == Screen::Main && model.focus == Pane::Timeline {
        // The same row `E` and `d` act on: one rule for what is selected.
        return match super::target::timeline_record(model)? {
            crate::tui::show::Shown::Interaction { interaction, .. } => Ok(interaction.id),
            _ => Err("The selected timeline row is not a log: fix deal ID … or \
                      fix case ID … corrects it"
                .into()),
        };
    }
    model.last_logged.ok_or_else(|| SAY_WHICH.to_string())
}

/// Back into the palette with the line, the place of the id underlined.
fn ask(model: &mut Model, why: String, span: Range<usize>) -> Vec<Effect> {
    match model.pending_line.take() {
        Some(line) => {
            super::messages::log(model, &why, true);
            model.overlay = Some(Overlay::Palette(Palette {
                input: Input::with(&line),
                error: Some(Failure {
                    message: why,
                    span: Some(span),
                    candidates: vec![],
                }),
                ..Default::default()
            }));
            vec![]
        }
        None => super::commands::refuse(model, why),
    }
}

/// A write finished: remember a log, forget one removed.
pub fn applied(model: &mut Model, done: &Done) {
    match done {
        Done::Logged { log, .. } => model.last_logged = Some(log.interaction.id),
        Done::InteractionRemoved { interaction, .. }
            if model.last_logged == Some(interaction.id) =>
        {
            model.last_logged = None;
        }
        _ => {}
    }
}

/// `u` is taking `undo` back: if it created the remembered log, forget it.
pub fn undoing(model: &mut Model, undo: &Undo) {
    let created = |c: &Change| matches!(c, Change::Interaction { id, before: None, .. } if Some(*id) == model.last_logged);
    if undo.changes.iter().any(created) {
        model.last_logged = None;
    }
}
