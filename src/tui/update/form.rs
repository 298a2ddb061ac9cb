//! Keys and commands of the forms: a customer's, a timeline entry's, a task's.

use super::super::form::{Form, Target, Value};
use super::super::model::{Model, Overlay};
use super::super::msg::{Effect, SaveCustomer};
use super::{input, toast};
use crate::config::keymap::{Key, KeyCode, Mode, Resolution};
use crate::palette::Ui;
use ratatui_textarea::CursorMove;

/// Keep the open form on disk if it changed since the last save. Only once
/// the database is identified: a draft must name the one it belongs to.
pub fn save_draft(model: &mut Model) -> Vec<Effect> {
    let Some(form) = model.form.as_mut().filter(|f| f.dirty) else {
        return vec![];
    };
    match &model.database {
        Some(database) => {
            form.dirty = false;
            vec![Effect::SaveDraft(Box::new(form.draft(database)))]
        }
        None => vec![Effect::IdentifyDatabase],
    }
}

/// The form was saved or cancelled: its draft goes.
pub fn discard_draft(model: &Model) -> Vec<Effect> {
    model
        .database
        .clone()
        .map(Effect::DiscardDraft)
        .into_iter()
        .collect()
}

/// A draft found on disk: offered if it is this database's and no form is open.
pub fn draft_found(model: &mut Model, draft: super::super::form::Draft) -> Vec<Effect> {
    if model.database.as_ref() != Some(&draft.database) || model.form.is_some() {
        return vec![];
    }
    toast(
        model,
        "Restored a form you had not saved (Esc discards it)",
        false,
    );
    open(model, Form::from_draft(draft))
}

/// The runtime says which database is open. The first time, look for its
/// draft; when it changes (the file got its id from a write), an open
/// form's draft moves to the new name.
pub fn identified(
    model: &mut Model,
    database: super::super::form::DatabaseIdentity,
) -> Vec<Effect> {
    match model.database.replace(database.clone()) {
        None => vec![Effect::LoadDraft(database)],
        // Only this session's own draft moves (another app may have a form open).
        Some(old) if old != database => match model.form.as_mut() {
            Some(form) => {
                form.dirty = true;
                vec![Effect::DiscardDraft(old)]
            }
            None => vec![],
        },
        Some(_) => vec![],
    }
}

pub fn open(model: &mut Model, mut form: Form) -> Vec<Effect> {
    // Opened from the detail view: back to it when the form closes.
    if let Some(overlay @ Overlay::Show(_)) = model.overlay.take() {
        form.back = Some(Box::new(overlay));
    }
    model.form = Some(form);
    model.overlay = Some(Overlay::Form);
    vec![]
}

/// The form closes (saved or cancelled): what it was opened over comes
/// back, and its draft goes.
pub fn close(model: &mut Model) -> Vec<Effect> {
    let back = model.form.take().and_then(|f| f.back);
    model.overlay = back.map(|b| *b);
    discard_draft(model)
}

/// A key while the form is open: text editing unless the keymap binds it.
/// Enter in a one-line field moves on (ctrl-s saves from any field); in
/// a text area it starts a new line.
pub fn key(model: &mut Model, key: Key) -> Option<Vec<Effect>> {
    let bound = !matches!(
        model.keymap.resolve(Mode::Form, &[], key),
        Resolution::Unbound
    );
    let now = model.now.naive_local();
    let form = model.form.as_mut()?;
    let index = form.focus;
    let edited = match &mut form.fields.get_mut(index)?.value {
        Value::Line(input) => {
            if key.code == KeyCode::Enter && !key.mods.ctrl && !key.mods.alt {
                return Some(command(model, Ui::FormNext));
            }
            if bound {
                return None;
            }
            input::edit_input(input, key)
        }
        Value::Area(_) if bound => return None,
        // ctrl-u clears back to the start, as in a one-line field.
        Value::Area(area) if key.code == KeyCode::Char('u') && key.mods.ctrl && !key.mods.alt => {
            area.start_selection();
            area.move_cursor(CursorMove::Top);
            area.move_cursor(CursorMove::Head);
            area.cut()
        }
        Value::Area(area) => area.input(textarea_input(key)),
    };
    if edited {
        form.edited(index, now);
    }
    Some(vec![])
}

/// Bracketed paste into the focused field (a one-line field takes the
/// lines joined by spaces).
pub fn paste(model: &mut Model, text: &str) -> Vec<Effect> {
    let now = model.now.naive_local();
    let Some(form) = model.form.as_mut() else {
        return vec![];
    };
    let index = form.focus;
    let Some(field) = form.fields.get_mut(index) else {
        return vec![];
    };
    match &mut field.value {
        Value::Line(input) => {
            let clean: String = text
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            let at = input.cursor.min(input.text.len());
            input.text.insert_str(at, &clean);
            input.cursor = at + clean.len();
        }
        Value::Area(area) => {
            area.insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
        }
    }
    form.edited(index, now);
    vec![]
}

pub fn command(model: &mut Model, ui: Ui) -> Vec<Effect> {
    let Some(form) = model.form.as_mut() else {
        return vec![];
    };
    let count = form.fields.len().max(1);
    match ui {
        Ui::FormNext => form.focus = (form.focus + 1) % count,
        Ui::FormPrev => form.focus = (form.focus + count - 1) % count,
        Ui::FormCancel => return close(model),
        Ui::FormEditor => {
            // The focused text area, else the form's first, else the field.
            let focused = form.fields.get(form.focus).is_some_and(|f| f.kind.area());
            let index = if focused {
                form.focus
            } else {
                form.fields
                    .iter()
                    .position(|f| f.kind.area())
                    .unwrap_or(form.focus)
            };
            form.external = Some(index);
            let text = form.fields.get(index).map(|f| f.text()).unwrap_or_default();
            return vec![Effect::EditExternally(text)];
        }
        Ui::FormSave => return save(model),
        _ => {}
    }
    vec![]
}

fn save(model: &mut Model) -> Vec<Effect> {
    let now = model.now.naive_local();
    let Some(form) = model.form.as_mut() else {
        return vec![];
    };
    if let Some(bad) = form.validate_all(now) {
        form.focus = bad;
        let message = form.errors[bad].clone().unwrap_or_default();
        toast(model, message, true);
        return vec![];
    }
    let effect = match &form.target {
        Target::New => Effect::SaveCustomer(SaveCustomer::New(Box::new(form.to_draft()))),
        Target::Existing(base) => {
            let patch = form.to_patch(base);
            if patch.is_empty() {
                return unchanged(model);
            }
            Effect::SaveCustomer(SaveCustomer::Edit(base.clone(), Box::new(patch)))
        }
        // An entry or a task: the palette's `fix`, through the executor.
        Target::Interaction(_) | Target::Task(..) => match form.to_fix(now) {
            Some(command) => Effect::Run(command),
            None => return unchanged(model),
        },
    };
    vec![effect]
}

/// Saved with nothing changed: the form closes, nothing is written.
fn unchanged(model: &mut Model) -> Vec<Effect> {
    let effects = close(model);
    toast(model, "No changes", false);
    effects
}

/// Text from `$EDITOR` replaces the field it was editing.
pub fn edited(model: &mut Model, result: Result<String, String>) -> Vec<Effect> {
    let now = model.now.naive_local();
    match (result, model.form.as_mut()) {
        (Ok(text), Some(form)) => {
            let index = form.external.take().unwrap_or(form.focus);
            form.set(index, text.trim_end());
            form.focus = index;
            form.edited(index, now);
        }
        (Err(message), _) => toast(model, message, true),
        (Ok(_), None) => {}
    }
    vec![]
}

fn textarea_input(key: Key) -> ratatui_textarea::Input {
    use ratatui_textarea::Key as T;
    let code = match key.code {
        KeyCode::Char(c) => T::Char(c),
        KeyCode::Enter => T::Enter,
        KeyCode::Esc => T::Esc,
        KeyCode::Tab => T::Tab,
        KeyCode::BackTab => T::Tab,
        KeyCode::Backspace => T::Backspace,
        KeyCode::Delete => T::Delete,
        KeyCode::Up => T::Up,
        KeyCode::Down => T::Down,
        KeyCode::Left => T::Left,
        KeyCode::Right => T::Right,
        KeyCode::Home => T::Home,
        KeyCode::End => T::End,
        KeyCode::PageUp => T::PageUp,
        KeyCode::PageDown => T::PageDown,
        KeyCode::F(n) => T::F(n),
        KeyCode::Insert => T::Null,
    };
    ratatui_textarea::Input {
        key: code,
        ctrl: key.mods.ctrl,
        alt: key.mods.alt,
        shift: key.mods.shift,
    }
}
