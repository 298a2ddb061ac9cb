//! The row keys: Enter shows the selected row whole (the detail view),
//! `E` edits it in a form, `d` deletes it — a timeline entry deleted, a
//! task cancelled, at once, with a toast naming it and `u` to take it
//! back, as the closing keys do. Each acts on the record
//! [`target::record`] names: the visibly selected row of the focused
//! pane, or the record the detail view shows. Writes go through the
//! palette's `fix` and `rm`, so the executor is the one `rolo do` runs.

use super::super::form::{Form, NOTES};
use super::super::model::{Model, Overlay};
use super::super::msg::Effect;
use super::super::show::{Key, Show, Shown};
use super::commands::{refuse, run};
use super::target;
use crate::config::keymap::Mode;
use crate::palette::{Command, Record};

/// Enter: the selected row in full; Enter (or Esc, q) again closes it.
pub fn toggle(model: &mut Model) -> Vec<Effect> {
    if matches!(model.overlay, Some(Overlay::Show(_))) {
        model.overlay = None;
        return vec![];
    }
    match target::record(model) {
        Ok(shown) => {
            let key = shown.key();
            model.overlay = Some(Overlay::Show(Show { shown, scroll: 0 }));
            // What the screen does not hold (a task moved to another
            // card, the entry a task came from) the store fills in.
            vec![Effect::LoadShown(key)]
        }
        Err(why) => refuse(model, why),
    }
}

/// `E`: a form for the selected row — a customer, an entry, a task.
pub fn edit(model: &mut Model) -> Vec<Effect> {
    let form = match target::record(model) {
        Ok(Shown::Customer(c)) => Ok(Form::edit(&c)),
        Ok(Shown::Interaction { interaction, .. }) => Ok(Form::interaction(&interaction)),
        Ok(Shown::Task { task, customer, .. }) => Ok(Form::task(&task, customer.map(|w| w.name))),
        Ok(Shown::Case { case, .. }) => Err(format!(
            "Fix case {} in the palette: fix case {} title|kind|priority|owner …",
            case.id, case.id.0
        )),
        Ok(Shown::Deal { deal, .. }) => Err(format!(
            "Fix deal {} in the palette: fix deal {} amount|close|title …",
            deal.id, deal.id.0
        )),
        Ok(Shown::Order { order, .. }) => Err(format!(
            "Fix order {} in the palette: fix order {} amount|date|items|payment|invoice …",
            order.id, order.id.0
        )),
        Err(why) => Err(why),
    };
    match form {
        Ok(form) => super::form::open(model, form),
        Err(why) => refuse(model, why),
    }
}

/// `n`: the customer's form at the notes — the customer of the card on
/// screen, or of the detail view's card.
pub fn notes(model: &mut Model) -> Vec<Effect> {
    let customer = match &model.overlay {
        Some(Overlay::Show(Show {
            shown: Shown::Customer(c),
            ..
        })) => Ok((**c).clone()),
        _ => target::customer_record(model),
    };
    match customer {
        Ok(c) => {
            let mut form = Form::edit(&c);
            form.focus = NOTES;
            super::form::open(model, form)
        }
        Err(why) => refuse(model, why),
    }
}

/// `d`: the selected timeline entry deleted, or the selected task
/// cancelled. A case, a deal or a customer is never deleted by a key:
/// the message says what does it.
pub fn delete(model: &mut Model) -> Vec<Effect> {
    let record = match target::record(model) {
        Ok(Shown::Interaction { interaction, .. }) => Ok(Record::Interaction(interaction.id)),
        Ok(Shown::Task { task, .. }) if task.is_open() => Ok(Record::Task(task.id)),
        Ok(Shown::Task { task, .. }) => Err(format!(
            "Task {} is {} already",
            task.id,
            task.status_word()
        )),
        Ok(Shown::Case { case, .. }) => Err(format!(
            "To delete case {} opened by mistake: `rm case {}` ({} resolves it)",
            case.id,
            case.id.0,
            key(model, "done", "x")
        )),
        Ok(Shown::Deal { deal, .. }) => Err(format!(
            "To delete deal {} opened by mistake: `rm deal {}` (won/lost close it)",
            deal.id, deal.id.0
        )),
        Ok(Shown::Order { order, .. }) => Err(format!(
            "To delete order {} recorded by mistake: `rm order {}`",
            order.id, order.id.0
        )),
        Ok(Shown::Customer(_)) => Err(format!(
            "d deletes an entry or a task: focus Timeline ({}) or Tasks ({}) first",
            key(model, "focus timeline", "2"),
            key(model, "focus tasks", "3"),
        )),
        Err(why) => Err(why),
    };
    match record {
        Ok(record) => {
            // Deleted from the detail view: what it showed is gone.
            if matches!(model.overlay, Some(Overlay::Show(_))) {
                model.overlay = None;
            }
            run(model, Command::Remove(record))
        }
        Err(why) => refuse(model, why),
    }
}

/// The key the main view binds to `command`, or `fallback`.
fn key(model: &Model, command: &str, fallback: &str) -> String {
    model
        .keymap
        .hint(Mode::Main, command)
        .unwrap_or_else(|| fallback.to_string())
}

/// The store's copy of the record on view: it replaces what the screen
/// held; a record gone meanwhile closes the view and says why.
pub fn loaded(model: &mut Model, key: Key, result: Result<Box<Shown>, String>) -> Vec<Effect> {
    let Some(Overlay::Show(show)) = &mut model.overlay else {
        return vec![];
    };
    if show.shown.key() != key {
        return vec![];
    }
    match result {
        Ok(shown) => {
            show.shown = *shown;
            clamp(model);
        }
        Err(message) => {
            model.overlay = None;
            super::toast(model, message, true);
        }
    }
    vec![]
}

/// After a write: the record on view is read again.
pub fn refresh(model: &Model) -> Vec<Effect> {
    match &model.overlay {
        Some(Overlay::Show(show)) => vec![Effect::LoadShown(show.shown.key())],
        _ => vec![],
    }
}

/// Scroll the detail view by `delta` rows, within its page.
pub fn scroll(model: &mut Model, delta: isize) {
    if let Some(Overlay::Show(show)) = &mut model.overlay {
        show.scroll = show.scroll.saturating_add_signed(delta);
    }
    clamp(model);
}

fn clamp(model: &mut Model) {
    let (width, rows, now) = (
        usize::from(model.width).saturating_sub(2),
        model.full_height(),
        model.now,
    );
    if let Some(Overlay::Show(show)) = &mut model.overlay {
        let max = super::super::show::max_scroll(&show.shown, width, rows, now);
        show.scroll = show.scroll.min(max);
    }
}
