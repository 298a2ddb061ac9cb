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
    // A jump from the find overlay lands before the user moves on, or not at all.
    model.jump = None;
    let shown = model.messages_shown;
    let (effects, acted) = route(model, key);
    // The user moved on: an error on the status line has been read. One
    // this very key showed (a new message) stays.
    if acted && model.messages_shown == shown && model.toast.as_ref().is_some_and(|t| t.error) {
        model.toast = None;
    }
    effects
}

/// The effects of a key, and whether it did something (edited text or
/// ran a command — not the first key of a chord, not an unbound key).
fn route(model: &mut Model, key: Key) -> (Vec<Effect>, bool) {
    // The import overlay is modal: nothing under it takes keys.
    let modal = model.import().is_some();
    // Text inputs take printable keys before any binding does.
    if !modal
        && model.pending.is_empty()
        && let Some(effects) = input::edit(model, key)
    {
        return (effects, true);
    }
    if !modal
        && model.form.is_some()
        && let Some(effects) = super::form::key(model, key)
    {
        return (effects, true);
    }
    let mode = model.mode();
    match model.keymap.resolve(mode, &model.pending, key) {
        Resolution::Run { command } => {
            model.pending.clear();
            model.which_key.clear();
            (run_binding(model, &command), true)
        }
        Resolution::Pending { next } => {
            model.pending.push(key);
            model.which_key = next;
            (vec![], false)
        }
        Resolution::Unbound => {
            let mid_chord = !model.pending.is_empty();
            model.pending.clear();
            model.which_key.clear();
            // ctrl-c quits from anywhere: half-way through a chord too.
            match model.keymap.resolve(mode, &[], key) {
                Resolution::Run { command } if mid_chord && command == "quit" => {
                    (run_binding(model, &command), true)
                }
                _ => (vec![], false),
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
