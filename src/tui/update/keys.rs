//! Routing a key: text inputs first, then the keymap of the current mode.

use super::super::model::Model;
use super::super::msg::Effect;
use super::{commands, input};
use crate::config::keymap::{Key, KeymapError, Resolution};
use crate::palette::{self, Command};

/// `"g g x"` → three keys; for tests and for key strings in docs.
pub fn parse_keys(text: &str) -> Result<Vec<Key>, KeymapError> {
    text.split_whitespace().map(Key::parse).collect()
}

pub fn key(model: &mut Model, key: Key) -> Vec<Effect> {
    // The import overlay is modal: nothing under it takes keys.
    let modal = model.import().is_some();
    // Text inputs take printable keys before any binding does.
    if !modal
        && model.pending.is_empty()
        && let Some(effects) = input::edit(model, key)
    {
        return effects;
    }
    if !modal
        && model.form.is_some()
        && let Some(effects) = super::form::key(model, key)
    {
        return effects;
    }
    let mode = model.mode();
    match model.keymap.resolve(mode, &model.pending, key) {
        Resolution::Run { command } => {
            model.pending.clear();
            model.which_key.clear();
            run_binding(model, &command)
        }
        Resolution::Pending { next } => {
            model.pending.push(key);
            model.which_key = next;
            vec![]
        }
        Resolution::Unbound => {
            let mid_chord = !model.pending.is_empty();
            model.pending.clear();
            model.which_key.clear();
            // ctrl-c quits from anywhere: half-way through a chord too.
            match model.keymap.resolve(mode, &[], key) {
                Resolution::Run { command } if mid_chord && command == "quit" => {
                    run_binding(model, &command)
                }
                _ => vec![],
            }
        }
    }
}

/// A bound command: the keymap was validated at load, so a parse error here
/// would be a bug; it is shown rather than ignored.
fn run_binding(model: &mut Model, command: &str) -> Vec<Effect> {
    match palette::parse(command, model.now.naive_local()) {
        Ok(Command::Ui(ui)) => commands::ui(model, ui),
        Ok(other) => commands::run(model, other),
        Err(e) => {
            super::toast(model, format!("key bound to \"{command}\": {e}"), true);
            vec![]
        }
    }
}
