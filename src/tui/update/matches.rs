//! `filter next` / `filter prev` (vim's `n` / `N`): step through the
//! customers the `/` filter matched, wrapping at either end as vim does.

use super::super::model::{Model, Pane, Screen};
use super::super::msg::Effect;
use super::{list, toast};
use crate::config::keymap::Mode;

pub fn step(model: &mut Model, forward: bool) -> Vec<Effect> {
    let filtered = !model.filter.input.text.trim().is_empty() && model.filter.hits.is_some();
    if !filtered {
        let key = model
            .keymap
            .hint(Mode::Main, "filter")
            .unwrap_or_else(|| ":filter".into());
        toast(
            model,
            format!("No filter to step through: {key} filters the customers first"),
            true,
        );
        return vec![];
    }
    model.view = Screen::Main;
    model.focus = Pane::Customers;
    let len = model.visible.len();
    if len == 0 {
        toast(model, "No customer matches the filter", true);
        return vec![];
    }
    let at = model.list.index.min(len - 1);
    let (next, wrapped) = match (forward, at) {
        (true, at) if at + 1 >= len => (0, true),
        (true, at) => (at + 1, false),
        (false, 0) => (len - 1, true),
        (false, at) => (at - 1, false),
    };
    model.list.index = next;
    if wrapped {
        let end = if forward {
            "the first match again"
        } else {
            "the last match"
        };
        toast(model, format!("Past the end: {end} ({len} in all)"), false);
    }
    list::after_move(model)
}
