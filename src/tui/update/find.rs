//! The find overlay (ctrl-f): a query over everything written, answered
//! by the find worker, and the jump from a hit to its entry — the
//! customer selected (whatever filter or saved view hid them), the
//! Timeline's cursor on the interaction, case or deal, or the Tasks
//! pane's on the task. The `/` filter is untouched: it finds names.

use super::super::model::{EntryKey, Find, Jump, JumpTo, Model, Overlay, Pane, Scope, Screen};
use super::super::msg::Effect;
use super::{commands, input, toast};
use crate::config::keymap::{Key, Mode};
use crate::domain::CustomerId;
use crate::grep::{Entity, Field, Found, Query, TextHit};
use crate::palette::Ui;
use crate::search::MAX_QUERY_CHARS;

/// Open the overlay, empty, over whatever is on screen.
pub fn open(model: &mut Model) -> Vec<Effect> {
    model.overlay = Some(Overlay::Find(Box::default()));
    vec![]
}

fn find_mut(model: &mut Model) -> Option<&mut Find> {
    match &mut model.overlay {
        Some(Overlay::Find(find)) => Some(find),
        _ => None,
    }
}

/// An editing key while the line has the keyboard; `None` for any other
/// key (the keymap's `[find]` table has it then).
pub fn edit(model: &mut Model, key: Key) -> Option<Vec<Effect>> {
    let find = find_mut(model)?;
    if find.browsing || !input::edit_input(&mut find.input, key) {
        return None;
    }
    Some(changed(model))
}

/// Pasted text goes into the line (newlines already made spaces).
pub fn paste(model: &mut Model, text: &str) -> Vec<Effect> {
    let Some(find) = find_mut(model) else {
        return vec![];
    };
    find.browsing = false;
    let at = find.input.cursor.min(find.input.text.len());
    find.input.text.insert_str(at, text);
    find.input.cursor = at + text.len();
    changed(model)
}

/// The line changed: ask the find worker, or say why not.
fn changed(model: &mut Model) -> Vec<Effect> {
    model.search_seq += 1;
    let seq = model.search_seq;
    let Some(find) = find_mut(model) else {
        return vec![];
    };
    // Every change numbers a new query, so an answer to an older one is
    // dropped even when this one asks nothing.
    find.seq = seq;
    find.jump_on_answer = false;
    find.problem = None;
    find.cursor = Default::default();
    let query = find.input.text.trim().to_string();
    let chars = query.chars().count();
    if chars > MAX_QUERY_CHARS {
        find.problem = Some(format!(
            "too long: {chars} characters; search for at most {MAX_QUERY_CHARS}"
        ));
    }
    if find.problem.is_some() || Query::parse(&query).is_empty() {
        find.answered = true;
        find.hits.clear();
        find.total = 0;
        return vec![Effect::StopFind];
    }
    find.answered = false;
    vec![Effect::Find { seq, query }]
}

/// The find worker answered query `seq`: shown if it is the latest (and
/// jumped to, when Enter was pressed while it was on its way).
pub fn found(model: &mut Model, seq: u64, result: Result<Box<Found>, String>) -> Vec<Effect> {
    let Some(find) = find_mut(model) else {
        return vec![];
    };
    if find.seq != seq {
        return vec![];
    }
    find.answered = true;
    find.cursor = Default::default();
    match result {
        Ok(found) => {
            let Found { hits, total } = *found;
            find.hits = hits;
            find.total = total;
        }
        Err(message) => {
            find.hits.clear();
            find.total = 0;
            find.problem = Some(message);
        }
    }
    if std::mem::take(&mut find.jump_on_answer) && !find.hits.is_empty() {
        return jump(model);
    }
    vec![]
}

/// The `[find]` table's commands, and moving over the hits.
pub fn ui(model: &mut Model, ui: Ui) -> Vec<Effect> {
    match ui {
        Ui::Find => open(model),
        Ui::FindClose => {
            if model.find().is_some() {
                model.overlay = None;
            }
            vec![Effect::StopFind]
        }
        Ui::FindFocus => {
            if let Some(find) = find_mut(model) {
                find.browsing = !find.browsing;
            }
            vec![]
        }
        Ui::FindJump => jump(model),
        _ => vec![],
    }
}

/// Move the selection over the hits by `delta` rows (clamped).
pub fn cursor(model: &mut Model, delta: isize) {
    let height = model.find_height();
    if let Some(find) = find_mut(model) {
        find.cursor.index = find.cursor.index.saturating_add_signed(delta);
        find.cursor.clamp(find.hits.len(), height);
    }
}

/// Enter: close the overlay and go to the selected hit's entry. Before
/// the latest query's answer has come, Enter waits for it and takes its
/// newest hit.
fn jump(model: &mut Model) -> Vec<Effect> {
    let Some(find) = find_mut(model) else {
        return vec![];
    };
    if !find.answered {
        find.jump_on_answer = true;
        return vec![];
    }
    let Some(hit) = find.hits.get(find.cursor.index).cloned() else {
        return commands::refuse(model, "Nothing to jump to: type words to find");
    };
    model.overlay = None;
    go_to(model, &hit)
}

/// Select where `hit` was written: the customer, then the entry.
fn go_to(model: &mut Model, hit: &TextHit) -> Vec<Effect> {
    let to = match hit.entity {
        Entity::Interaction(id) => JumpTo::Entry(EntryKey::Logged(id)),
        Entity::Case(id) if hit.field == Field::Resolution => {
            JumpTo::Entry(EntryKey::CaseResolved(id))
        }
        Entity::Case(id) => JumpTo::Entry(EntryKey::CaseOpened(id)),
        Entity::Deal(id) => JumpTo::Entry(EntryKey::DealClosed(id)),
        Entity::Order(id) => JumpTo::Entry(EntryKey::Ordered(id)),
        Entity::Task(id) => JumpTo::Task(id),
        Entity::Customer(id) => return notes(model, id, &hit.customer_name),
    };
    let Some(customer) = hit.customer else {
        // Only a task can be nobody's: it is in everyone's queue.
        if !matches!(to, JumpTo::Task(_)) {
            return commands::refuse(model, "That entry has no customer to open");
        }
        model.view = Screen::Main;
        model.focus = Pane::Tasks;
        model.scope = Scope::Everyone;
        model.task_cursor = Default::default();
        model.jump = Some(Jump { customer: None, to });
        return vec![Effect::LoadTasks(None)];
    };
    let mut effects = select(model, customer);
    model.jump = Some(Jump {
        customer: Some(customer),
        to,
    });
    match to {
        JumpTo::Entry(_) => {
            // Read afresh (the entry may be newer than what is loaded);
            // the deals and cases come last, and the jump lands then.
            model.focus = Pane::Timeline;
            effects.retain(|e| !matches!(e, Effect::LoadDetail(_)));
            effects.push(Effect::LoadDetail(customer));
        }
        JumpTo::Task(_) => {
            model.focus = Pane::Tasks;
            model.scope = Scope::Customer;
            model.task_cursor = Default::default();
            effects.retain(|e| !matches!(e, Effect::LoadTasks(_)));
            effects.push(Effect::LoadTasks(Some(customer)));
        }
    }
    effects
}

/// Select `customer` in the list as `open #id` does: the name filter
/// cleared, a saved view too when it hides them. Before every name has
/// loaded they are selected when the names come.
fn select(model: &mut Model, customer: CustomerId) -> Vec<Effect> {
    let waiting = model.partial || !model.names_loaded;
    if waiting && model.row_index(customer).is_none() {
        model.view = Screen::Main;
        model.filter = Default::default();
        model.segment = None;
        model.select_next = Some(customer);
        return vec![];
    }
    commands::open_customer(model, customer)
}

/// A hit in a customer's notes: the customer, with their card.
fn notes(model: &mut Model, customer: CustomerId, name: &str) -> Vec<Effect> {
    let effects = select(model, customer);
    let how = model
        .keymap
        .hint(Mode::Main, "note edit")
        .map_or(String::new(), |key| format!(" — {key} opens them"));
    toast(model, format!("Notes of {name}{how}"), false);
    effects
}

/// What a pending jump to a timeline entry needs has loaded (the
/// selected customer's card and entries, then their deals and cases, the
/// last of one read): put the cursor on the entry, or say why it is not
/// there.
pub fn landed(model: &mut Model) -> Vec<Effect> {
    if let Some(Jump {
        customer,
        to: JumpTo::Entry(key),
    }) = model.jump
    {
        on_entry(model, customer, key);
    }
    vec![]
}

/// The Tasks pane's rows came: its tasks (`cases: false`), then its
/// open cases, which the tasks are ordered around — the cursor goes on
/// the task each time, and the jump is over with the cases.
pub fn tasks_landed(model: &mut Model, cases: bool) {
    if let Some(Jump {
        customer,
        to: JumpTo::Task(id),
    }) = model.jump
    {
        on_task(model, customer, id, cases);
    }
}

fn on_entry(model: &mut Model, customer: Option<CustomerId>, key: EntryKey) {
    let loaded = model.detail.as_ref().map(|d| d.customer.id);
    // The card and the entries, and the deals and cases beside them (they
    // come right after): the card's height decides what is in view.
    if customer.is_none() || loaded != customer || model.current_sales().is_none() {
        return;
    }
    model.jump = None;
    let height = model.timeline_height();
    let Some(detail) = model.detail.as_ref() else {
        return;
    };
    let entries = crate::tui::view::entries(detail, model.current_sales());
    let found = entries.iter().position(|e| e.key() == key);
    let len = entries.len();
    match found {
        Some(index) => {
            model.timeline.index = index;
            model.timeline.clamp(len, height);
        }
        None => {
            let why = missing_entry(model, key);
            toast(model, why, true);
        }
    }
}

/// Why an entry a hit named is not in the Timeline.
fn missing_entry(model: &Model, key: EntryKey) -> String {
    match key {
        EntryKey::DealClosed(id) => {
            let open = model
                .current_sales()
                .and_then(|s| s.deals.iter().find(|d| d.id == id))
                .is_some_and(crate::domain::Deal::is_open);
            if open {
                let board = model
                    .keymap
                    .hint(Mode::Main, "view deals")
                    .map_or(String::new(), |key| format!(": {key} shows the pipeline"));
                format!("Deal {id} is open, so it is on the card, not in the timeline{board}")
            } else {
                format!("Deal {id} is no longer there")
            }
        }
        EntryKey::Logged(id) => format!(
            "{id} is not among the {} newest entries the timeline holds",
            crate::tui::read::TIMELINE
        ),
        EntryKey::Ordered(id) => format!("Order {id} is no longer there"),
        EntryKey::CaseOpened(id) | EntryKey::CaseResolved(id) => {
            format!("Case {id} is no longer there")
        }
    }
}

fn on_task(model: &mut Model, customer: Option<CustomerId>, id: crate::domain::TaskId, last: bool) {
    let rows = crate::tui::view::queue_rows(model);
    let found = rows.iter().position(|row| match row {
        crate::tui::view::QueueRow::Task(t) => t.task.id == id,
        crate::tui::view::QueueRow::Case(_) => false,
    });
    let len = rows.len();
    if let Some(index) = found {
        if last {
            model.jump = None;
        }
        let height = model.tasks_height();
        model.task_cursor.index = index;
        model.task_cursor.clamp(len, height);
        return;
    }
    // Rows for the customer asked for (not an answer to an earlier ask
    // for everyone's), or everyone's when that is where it would be.
    let theirs = model.tasks.iter().all(|t| t.task.customer == customer);
    if customer.is_some() && !theirs {
        return;
    }
    model.jump = None;
    let why = match customer {
        Some(_) => format!("{id} is not open, so the Tasks pane does not list it"),
        None => format!("{id} is not in the queue: it is done, or due more than a week out"),
    };
    toast(model, why, true);
}
