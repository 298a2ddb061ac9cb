//! Keys and commands of the customer form.

use super::super::form::{FIELDS, Form};
use super::super::model::{Model, Overlay};
use super::super::msg::{Effect, SaveCustomer};
use super::{input, toast};
use crate::config::keymap::{Key, KeyCode, Mode, Resolution};
use crate::palette::Ui;

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

pub fn open(model: &mut Model, form: Form) -> Vec<Effect> {
    model.form = Some(form);
    model.overlay = Some(Overlay::Form);
    vec![]
}

/// A key while the form is open: text editing unless the keymap binds it.
pub fn key(model: &mut Model, key: Key) -> Option<Vec<Effect>> {
    let bound = !matches!(
        model.keymap.resolve(Mode::Form, &[], key),
        Resolution::Unbound
    );
    let form = model.form.as_mut()?;
    if form.focus < FIELDS.len() {
        if key.code == KeyCode::Enter && !key.mods.ctrl && !key.mods.alt {
            return Some(command(model, Ui::FormNext));
        }
        if bound {
            return None;
        }
        let index = form.focus;
        if input::edit_input(&mut form.inputs[index], key) {
            form.errors[index] = form.check(index);
            form.dirty = true;
        }
        return Some(vec![]);
    }
    if bound {
        return None;
    }
    if form.notes.input(textarea_input(key)) {
        form.dirty = true;
    }
    Some(vec![])
}

pub fn command(model: &mut Model, ui: Ui) -> Vec<Effect> {
    let Some(form) = model.form.as_mut() else {
        return vec![];
    };
    let count = FIELDS.len() + 1;
    match ui {
        Ui::FormNext => form.focus = (form.focus + 1) % count,
        Ui::FormPrev => form.focus = (form.focus + count - 1) % count,
        Ui::FormCancel => {
            model.form = None;
            model.overlay = None;
            return discard_draft(model);
        }
        Ui::FormEditor => return vec![Effect::EditExternally(form.notes_text())],
        Ui::FormSave => return save(model),
        _ => {}
    }
    vec![]
}

fn save(model: &mut Model) -> Vec<Effect> {
    let Some(form) = model.form.as_mut() else {
        return vec![];
    };
    if let Some(bad) = form.validate_all() {
        form.focus = bad;
        let message = form.errors[bad].clone().unwrap_or_default();
        toast(model, message, true);
        return vec![];
    }
    let save = match &form.target {
        super::super::form::Target::New => SaveCustomer::New(Box::new(form.to_draft())),
        super::super::form::Target::Existing(base) => {
            let patch = form.to_patch(base);
            if patch.is_empty() {
                model.form = None;
                model.overlay = None;
                toast(model, "No changes", false);
                return discard_draft(model);
            }
            SaveCustomer::Edit(base.clone(), Box::new(patch))
        }
    };
    vec![Effect::SaveCustomer(save)]
}

/// Text from `$EDITOR` replaces the notes.
pub fn edited(model: &mut Model, result: Result<String, String>) -> Vec<Effect> {
    match (result, model.form.as_mut()) {
        (Ok(text), Some(form)) => {
            form.set_notes(text.trim_end());
            form.focus = FIELDS.len();
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
