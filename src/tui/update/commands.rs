//! What each TUI command does to the model, and what a finished store
//! command changes on screen.

use super::super::model::{
    Input, Model, Overlay, Palette, Pane, Picker, PickerAction, Scope, Screen,
};
use super::super::msg::{Effect, Failure, Outcome};
use super::target::{self, Row};
use super::{input, list, reload, tasks_effect, toast};
use crate::domain::CustomerId;
use crate::exec::Done;
use crate::palette::{Command, Ui};
use crate::tui::form::Form;

/// How many palette lines are remembered.
pub const HISTORY: usize = 500;
/// How many of this session's writes `u` can take back.
pub const UNDO: usize = 100;

pub fn ui(model: &mut Model, ui: Ui) -> Vec<Effect> {
    if model.import().is_some() {
        return super::import::ui(model, ui);
    }
    match ui {
        Ui::Quit => {
            model.quit = true;
            // What was typed since the last tick is kept, as on SIGHUP.
            let mut effects = super::form::save_draft(model);
            effects.push(Effect::Quit);
            effects
        }
        Ui::Noop => vec![],
        Ui::Demo => {
            toast(model, "Loading sample data…", false);
            vec![Effect::LoadDemo]
        }
        Ui::Help => {
            // The help table's keys (Esc, q, ?) close the messages too.
            model.overlay = match model.overlay {
                Some(Overlay::Help { .. } | Overlay::Messages { .. }) => None,
                _ => Some(Overlay::Help { scroll: 0 }),
            };
            vec![]
        }
        Ui::Messages => super::messages::toggle(model),
        Ui::Find | Ui::FindJump | Ui::FindClose | Ui::FindFocus => super::find::ui(model, ui),
        Ui::FilterNext => super::matches::step(model, true),
        Ui::FilterPrev => super::matches::step(model, false),
        Ui::Palette => open_palette(model, ""),
        Ui::PaletteClose | Ui::PickerClose => {
            model.overlay = None;
            vec![]
        }
        Ui::Filter => {
            model.view = Screen::Main;
            model.focus = Pane::Customers;
            model.filter.editing = true;
            vec![]
        }
        Ui::ViewToday => {
            model.view = Screen::Today;
            if model.today_ranked {
                vec![Effect::LoadReview, Effect::LoadRanked]
            } else {
                vec![Effect::LoadReview]
            }
        }
        // Esc closes "why" before it leaves the Today view.
        Ui::ViewMain if model.why && model.view == Screen::Today => {
            model.why = false;
            vec![]
        }
        Ui::ViewMain => {
            model.view = Screen::Main;
            vec![]
        }
        Ui::RankedToggle | Ui::Why | Ui::SegmentClear => super::list::sales_ui(model, ui),
        Ui::ViewReports
        | Ui::ViewDeals
        | Ui::ReportNext
        | Ui::ReportPrev
        | Ui::ReportTab(_)
        | Ui::ReportTable
        | Ui::PeriodPrev
        | Ui::PeriodNext
        | Ui::CursorLeft
        | Ui::CursorRight
        | Ui::DealWon
        | Ui::DealLost
        | Ui::DealMove => super::screens::ui(model, ui),
        Ui::FocusNext => focus(model, model.focus.next()),
        Ui::FocusPrev => focus(model, model.focus.prev()),
        Ui::FocusCustomers => focus(model, Pane::Customers),
        Ui::FocusTimeline => focus(model, Pane::Timeline),
        Ui::FocusTasks => focus(model, Pane::Tasks),
        Ui::Refresh => reload(model, true),
        Ui::CursorDown => cursor(model, 1),
        Ui::CursorUp => cursor(model, -1),
        Ui::CursorPageDown => cursor(model, page(model) as isize),
        Ui::CursorPageUp => cursor(model, -(page(model) as isize)),
        Ui::CursorTop => cursor(model, isize::MIN / 2),
        Ui::CursorBottom => cursor(model, isize::MAX / 2),
        Ui::SortCycle => {
            model.sort = model.sort.next();
            toast(model, format!("Sorted by {}", model.sort.label()), false);
            let keep = model.selected_id();
            let mut effects = list::rebuild(model, keep);
            if !model.orders.contains_key(&model.sort) {
                effects.extend(list::order_effect(model));
            }
            effects
        }
        Ui::ScopeToggle => {
            model.scope = match model.scope {
                Scope::Everyone => Scope::Customer,
                Scope::Customer => Scope::Everyone,
            };
            model.task_cursor = Default::default();
            vec![tasks_effect(model)]
        }
        Ui::PrefillCall => prefill(model, "call"),
        Ui::PrefillEmail => prefill(model, "email"),
        Ui::PrefillMeeting => prefill(model, "meeting"),
        Ui::PrefillTask => prefill(model, "task"),
        Ui::Done => match target::work(model) {
            Ok(Row::Task { id, .. }) => run(model, Command::Done { tasks: vec![id] }),
            Ok(Row::Case { id, .. }) => run(
                model,
                Command::Resolve {
                    case: id,
                    resolution: String::new(),
                },
            ),
            Ok(_) => refuse(model, "Select a task first"),
            Err(why) => refuse(model, why),
        },
        Ui::Snooze => match target::work(model) {
            Ok(row @ Row::Task { id, .. }) => {
                model.overlay = Some(Overlay::Picker(snooze_picker(id, &row.label())));
                vec![]
            }
            Ok(Row::Case { .. }) => refuse(model, "A case cannot be snoozed: x resolves it"),
            Ok(_) => refuse(model, "Select a task first"),
            Err(why) => refuse(model, why),
        },
        Ui::Open => match target::customer(model) {
            Ok(Some(whom)) => open_customer(model, whom.id),
            Ok(None) => refuse(model, "Select a row with a customer first"),
            Err(why) => refuse(model, why),
        },
        Ui::CopyPhone | Ui::CopyEmail => copy(model, ui == Ui::CopyPhone),
        Ui::PaletteHistoryPrev => history(model, 1),
        Ui::PaletteHistoryNext => history(model, -1),
        Ui::PaletteComplete => {
            if let Some(Overlay::Palette(p)) = &mut model.overlay {
                input::accept_completion(p);
            }
            input::complete(model)
        }
        Ui::PaletteRun => run_palette(model),
        Ui::PickerChoose => choose(model),
        Ui::Undo => match model.undo.pop() {
            Some((label, undo)) => {
                super::fix_log::undoing(model, &undo);
                model.land_task = restored_row(&undo);
                toast(model, format!("Undoing: {label}"), false);
                vec![Effect::Undo(undo)]
            }
            None => {
                toast(model, "Nothing to undo", true);
                vec![]
            }
        },
        Ui::CustomerAdd => super::form::open(model, Form::new_customer()),
        Ui::Show => super::show::toggle(model),
        Ui::Edit => super::show::edit(model),
        Ui::Delete => super::show::delete(model),
        Ui::NoteEdit => super::show::notes(model),
        Ui::FormNext | Ui::FormPrev | Ui::FormSave | Ui::FormCancel | Ui::FormEditor => {
            super::form::command(model, ui)
        }
    }
}

/// The task or case an undo puts back as it was (a done task reopened, a
/// snooze taken back), for the Tasks pane's cursor to land on.
fn restored_row(undo: &crate::store::Undo) -> Option<crate::tui::model::TaskKey> {
    use crate::store::Change;
    use crate::tui::model::TaskKey;
    undo.changes.iter().find_map(|change| match change {
        Change::Task {
            id,
            before: Some(_),
            ..
        } => Some(TaskKey::Task(*id)),
        Change::Case {
            id,
            before: Some(_),
            ..
        } => Some(TaskKey::Case(*id)),
        _ => None,
    })
}

/// A store command (typed or bound): the runtime runs it through the executor.
pub fn run(model: &mut Model, command: Command) -> Vec<Effect> {
    match command {
        // `open #40` / `open 40`: that customer, as a REF reads an id.
        Command::Open { customer } if crate::domain::ids::parse_id(&customer.text).is_some() => {
            let id = crate::domain::ids::parse_id(&customer.text).unwrap_or_default();
            open_by_id(model, CustomerId(id))
        }
        Command::Open { customer } => {
            // Resolve in memory: pick the row the filter would put first.
            model.view = Screen::Main;
            model.focus = Pane::Customers;
            model.filter.editing = false;
            model.filter.input = Input::with(&customer.text);
            list::refilter(model)
        }
        Command::Ui(ui_command) => ui(model, ui_command),
        // `fix log: …`: the app says which entry (see `fix_log`).
        Command::FixLog { patch, at, span } => super::fix_log::run(model, patch, at, span),
        other => vec![Effect::Run(other)],
    }
}

fn focus(model: &mut Model, pane: Pane) -> Vec<Effect> {
    model.view = Screen::Main;
    model.focus = pane;
    vec![]
}

/// A page for the pane or overlay that moves.
fn page(model: &Model) -> usize {
    match (&model.overlay, model.view, model.focus) {
        (Some(Overlay::Help { .. } | Overlay::Messages { .. } | Overlay::Show(_)), _, _)
        | (_, Screen::Today | Screen::Reports | Screen::Deals, _) => model.full_height(),
        (Some(Overlay::Find(_)), _, _) => model.find_height(),
        (_, Screen::Main, Pane::Timeline) => model.timeline_height(),
        (_, Screen::Main, Pane::Tasks) => model.tasks_height(),
        _ => model.list_height(),
    }
}

fn cursor(model: &mut Model, delta: isize) -> Vec<Effect> {
    let help_max = help_lines(model).saturating_sub(model.full_height());
    let tasks_h = model.tasks_height();
    match (&mut model.overlay, model.view, model.focus) {
        (Some(Overlay::Help { scroll }), _, _) => {
            *scroll = scroll.saturating_add_signed(delta).min(help_max);
            vec![]
        }
        (Some(Overlay::Messages { .. }), _, _) => {
            super::messages::scroll(model, delta);
            vec![]
        }
        (Some(Overlay::Show(_)), _, _) => {
            super::show::scroll(model, delta);
            vec![]
        }
        (Some(Overlay::Picker(p)), _, _) => {
            p.cursor = p
                .cursor
                .saturating_add_signed(delta)
                .min(p.items.len().saturating_sub(1));
            vec![]
        }
        (Some(Overlay::Find(_)), _, _) => {
            super::find::cursor(model, delta);
            vec![]
        }
        (_, Screen::Today, _) => {
            model.today.index = model.today.index.saturating_add_signed(delta);
            list::clamp_today(model);
            vec![]
        }
        (_, Screen::Reports | Screen::Deals, _) => super::screens::cursor(model, delta),
        (_, Screen::Main, Pane::Customers) => list::move_by(model, delta),
        (_, Screen::Main, Pane::Timeline) => {
            model.timeline.index = model.timeline.index.saturating_add_signed(delta);
            list::clamp_timeline(model);
            vec![]
        }
        (_, Screen::Main, Pane::Tasks) => {
            let len = crate::tui::view::queue_rows(model).len();
            model.task_cursor.index = model.task_cursor.index.saturating_add_signed(delta);
            model.task_cursor.clamp(len, tasks_h);
            vec![]
        }
    }
}

/// Rows of the help page at the model's size (see `tui::help`).
pub fn help_lines(model: &Model) -> usize {
    crate::tui::help::height(model)
}

/// A key with nothing (or nothing visible) to act on: say why, do nothing.
pub(super) fn refuse(model: &mut Model, why: impl Into<String>) -> Vec<Effect> {
    toast(model, why, true);
    vec![]
}

pub(super) fn open_palette(model: &mut Model, text: &str) -> Vec<Effect> {
    model.overlay = Some(Overlay::Palette(Palette {
        input: Input::with(text),
        ..Default::default()
    }));
    input::complete(model)
}

/// `c` on a customer: `call 17: ` — by id, so it can never be ambiguous —
/// for the customer of the focused pane's selected row (none: `call `).
fn prefill(model: &mut Model, verb: &str) -> Vec<Effect> {
    match target::customer(model) {
        Ok(Some(whom)) => open_palette(model, &format!("{verb} {}: ", whom.id)),
        Ok(None) => open_palette(model, &format!("{verb} ")),
        Err(why) => refuse(model, why),
    }
}

/// Select a customer in the main view's list: the filter is cleared, and
/// a saved view too when they are not in it — never another row instead.
pub(super) fn open_customer(model: &mut Model, id: CustomerId) -> Vec<Effect> {
    model.view = Screen::Main;
    model.focus = Pane::Customers;
    model.filter = Default::default();
    let mut effects = list::rebuild(model, Some(id));
    if model.selected_id() != Some(id) && model.segment.is_some() {
        model.segment = None;
        effects = list::rebuild(model, Some(id));
    }
    if model.selected_id() != Some(id) {
        toast(model, format!("{id} is not in the list yet"), true);
    }
    effects
}

/// `open #40`: the customer with that id, or a toast saying there is none.
fn open_by_id(model: &mut Model, id: CustomerId) -> Vec<Effect> {
    if model.names_loaded && !model.partial && model.row_index(id).is_none() {
        return refuse(model, format!("There is no customer {id}"));
    }
    open_customer(model, id)
}

fn copy(model: &mut Model, phone: bool) -> Vec<Effect> {
    let c = match target::customer_record(model) {
        Ok(c) => c,
        Err(why) => return refuse(model, why),
    };
    let (what, value) = if phone {
        ("phone", c.phones.first())
    } else {
        ("email", c.emails.first())
    };
    match value.cloned() {
        Some(value) => {
            toast(model, format!("Copied {}'s {what} {value}", c.name), false);
            vec![Effect::Copy(value)]
        }
        None => refuse(model, format!("{} has no {what}", c.name)),
    }
}

fn history(model: &mut Model, step: isize) -> Vec<Effect> {
    let len = model.history.len();
    let Some(Overlay::Palette(p)) = &mut model.overlay else {
        return vec![];
    };
    if len == 0 {
        return vec![];
    }
    // Position 0 is the newest line.
    let next = match p.history_pos {
        None if step > 0 => Some(0),
        None => None,
        Some(i) => {
            let j = i as isize + step;
            if j < 0 {
                None
            } else {
                Some((j as usize).min(len - 1))
            }
        }
    };
    p.history_pos = next;
    p.input = match next {
        Some(i) => Input::with(&model.history[len - 1 - i]),
        None => Input::default(),
    };
    p.completions.clear();
    vec![]
}

fn run_palette(model: &mut Model) -> Vec<Effect> {
    let Some(Overlay::Palette(p)) = &mut model.overlay else {
        return vec![];
    };
    let line = p.input.text.trim().to_string();
    // Spans point into the trimmed line; the input still has its leading spaces.
    let lead = p.input.text.len() - p.input.text.trim_start().len();
    if line.is_empty() {
        model.overlay = None;
        return vec![];
    }
    // `segment NAME` narrows the list here; no store write, no executor.
    if let Some(name) = list::segment_line(&line) {
        remember(model, &line);
        model.overlay = None;
        return match name {
            Some(name) => vec![Effect::LoadSegment(name)],
            None => list::clear_segment(model),
        };
    }
    // `import FILE …` runs on the import worker, not through the executor.
    let parsed = match crate::palette::parse_import(&line) {
        Some(Ok(import)) => {
            remember(model, &line);
            return super::import::start(model, import);
        }
        Some(Err(e)) => Err(e),
        None => crate::palette::parse(&line, model.now.naive_local()),
    };
    let Some(Overlay::Palette(p)) = &mut model.overlay else {
        return vec![];
    };
    match parsed {
        Err(e) => {
            p.error = Some(Failure {
                message: e.message,
                span: Some(e.span.start + lead..e.span.end + lead),
                candidates: vec![],
            });
            vec![]
        }
        Ok(command) => {
            remember(model, &line);
            model.overlay = None;
            model.pending_line = Some(line);
            run(model, command)
        }
    }
}

fn remember(model: &mut Model, line: &str) {
    model.history.retain(|l| l != line);
    model.history.push(line.to_string());
    if model.history.len() > HISTORY {
        let extra = model.history.len() - HISTORY;
        model.history.drain(..extra);
    }
}

/// The snooze presets for a task row, titled with the task it will move.
fn snooze_picker(id: crate::domain::TaskId, label: &str) -> Picker {
    let presets = [
        ("Tomorrow", "tomorrow"),
        ("In 2 days", "+2d"),
        ("Next Monday", "next week"),
        ("In a week", "+1w"),
        ("In 2 weeks", "+2w"),
        ("In a month", "+1m"),
    ];
    Picker {
        title: format!("Snooze {label} until"),
        items: presets
            .iter()
            .map(|(label, when)| {
                (
                    label.to_string(),
                    PickerAction::RunLine(format!("snooze {} @{when}", id.0)),
                )
            })
            .collect(),
        cursor: 0,
    }
}

fn choose(model: &mut Model) -> Vec<Effect> {
    let Some(Overlay::Picker(p)) = model.overlay.take() else {
        return vec![];
    };
    let Some((_, action)) = p.items.into_iter().nth(p.cursor) else {
        return vec![];
    };
    match action {
        PickerAction::RunLine(line) => {
            match crate::palette::parse(&line, model.now.naive_local()) {
                Ok(command) => {
                    model.pending_line = Some(line);
                    run(model, command)
                }
                Err(e) => {
                    toast(model, e.message, true);
                    vec![]
                }
            }
        }
    }
}

/// The toast of a write that closed something — a task done, a deal won
/// or lost, a case resolved — naming it: `Won: #7 50 seats (Acme Corp)`.
/// The closing keys act at once (no y/n); this line and `u` are the rule.
fn closed(model: &Model, done: &Done) -> Option<String> {
    let name = |id: CustomerId| model.row_index(id).map(|i| model.rows[i].name.clone());
    let label = |verb: &str, id: String, title: &str, who: Option<String>| match who {
        Some(who) if !who.is_empty() => format!("{verb}: {id} {title} ({who})"),
        _ => format!("{verb}: {id} {title}"),
    };
    match done {
        Done::TasksDone(list) => {
            let [(task, next)] = &list[..] else {
                return None;
            };
            let mut line = label(
                "Done",
                task.id.to_string(),
                &task.title,
                task.customer.and_then(name),
            );
            if let Some(next) = next {
                line.push_str(&format!(" · next one {}", next.id));
            }
            Some(line)
        }
        Done::DealClosed { customer, closed } => {
            let deal = &closed.deal;
            let verb = match deal.status {
                crate::domain::DealStatus::Won => "Won",
                crate::domain::DealStatus::Lost => "Lost",
                crate::domain::DealStatus::Open => return None,
            };
            Some(label(
                verb,
                deal.id.to_string(),
                &deal.title,
                Some(customer.name.clone()),
            ))
        }
        Done::CaseChanged { customer, case } if !case.is_open() => Some(label(
            "Resolved",
            case.id.to_string(),
            &case.title,
            Some(customer.name.clone()),
        )),
        // `d` and `rm` alike: what went, by kind, day, words and id.
        Done::InteractionRemoved { interaction: i, .. } => {
            let first = i.summary.lines().next().unwrap_or_default().trim();
            let words = match (first, i.outcome) {
                ("", Some(outcome)) => format!("[{outcome}]"),
                (summary, _) => format!("\"{}\"", crate::text::truncate(summary, 32)),
            };
            Some(format!(
                "Deleted: {} {} {words} ({})",
                i.kind,
                i.at.format("%m-%d"),
                i.id
            ))
        }
        Done::TaskCancelled { customer, task } => Some(label(
            "Cancelled",
            task.id.to_string(),
            &task.title,
            customer.as_ref().map(|c| c.name.clone()),
        )),
        _ => None,
    }
}

/// `u undo`, with the key the keymap binds to undo here.
fn undo_hint(model: &Model) -> String {
    match model.keymap.hint(model.screen_mode(), "undo") {
        Some(key) => format!("{key} undo"),
        None => ":undo undoes it".to_string(),
    }
}

/// A store command finished.
pub fn applied(model: &mut Model, result: Result<Box<Outcome>, Failure>) -> Vec<Effect> {
    let line = model.pending_line.take();
    // The import overlay stays up: a late answer to an earlier line is a toast.
    let line = line.filter(|_| model.import().is_none());
    match result {
        Ok(outcome) => {
            let Outcome { done, undo } = *outcome;
            super::fix_log::applied(model, &done);
            let message = done.message(model.now.naive_local());
            // What a closing key closed is named by id, title and customer.
            let first = closed(model, &done)
                .unwrap_or_else(|| message.lines().next().unwrap_or_default().to_string());
            // Undoing is not itself pushed: `u` again goes further back.
            if !matches!(done, Done::Undone(_)) && !undo.is_empty() {
                model.undo.push((first.clone(), undo));
                if model.undo.len() > UNDO {
                    model.undo.remove(0);
                }
                let hint = undo_hint(model);
                toast(model, format!("{first} — {hint}"), false);
            } else {
                toast(model, first, false);
            }
            // The generation check will reload too; reloading now is what
            // makes the change appear in the same frame.
            let names_changed = matches!(
                done,
                Done::CustomerAdded(..) | Done::CustomerChanged { .. } | Done::Undone(_)
            );
            let mut effects = Vec::new();
            if let Done::CustomerAdded(c, _) = &done {
                model.select_next = Some(c.id);
                model.filter = Default::default();
            }
            // Something just logged for the customer on screen is selected
            // in the timeline (its newest entry): E fixes it at once.
            if let Done::Logged { customer, .. } = &done
                && model.selected_id() == Some(customer.id)
            {
                model.timeline = Default::default();
            }
            // A saved form closes (back to the detail view it was opened
            // from), and its draft goes.
            if model.form.is_some()
                && matches!(
                    done,
                    Done::CustomerAdded(..)
                        | Done::CustomerChanged { .. }
                        | Done::InteractionEdited { .. }
                        | Done::TaskEdited { .. }
                )
            {
                effects.extend(super::form::close(model));
            }
            effects.extend(reload(model, names_changed));
            effects
        }
        Err(failure) if !failure.candidates.is_empty() && line.is_some() => {
            let line = line.unwrap_or_default();
            let span = failure.span.clone().unwrap_or(0..0);
            model.overlay = Some(Overlay::Picker(Picker {
                title: failure
                    .message
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_string(),
                items: failure
                    .candidates
                    .iter()
                    .map(|c| {
                        let mut fixed = line.clone();
                        if span.end <= fixed.len()
                            && fixed.is_char_boundary(span.start)
                            && fixed.is_char_boundary(span.end)
                        {
                            fixed.replace_range(span.clone(), &c.id.to_string());
                        }
                        (
                            format!("{} {} {}", c.id, c.name, c.company)
                                .trim_end()
                                .to_string(),
                            PickerAction::RunLine(fixed),
                        )
                    })
                    .collect(),
                cursor: 0,
            }));
            vec![]
        }
        Err(failure) => {
            // A task form's customer matched several: said under the field.
            if let Some(form) = model.form.as_mut()
                && !failure.candidates.is_empty()
                && let Some(at) = form.index_of(crate::tui::form::FieldKind::Customer)
            {
                let whom: Vec<String> = failure
                    .candidates
                    .iter()
                    .map(|c| {
                        format!("{} {} {}", c.id, c.name, c.company)
                            .trim_end()
                            .to_string()
                    })
                    .collect();
                let first = failure.message.lines().next().unwrap_or_default();
                form.errors[at] = Some(format!("{first} {}", whom.join(", ")));
                form.focus = at;
            }
            match (line, failure.span.clone()) {
                // Back into the palette with the words underlined.
                (Some(line), Some(_)) => {
                    super::messages::log(model, &failure.message, true);
                    model.overlay = Some(Overlay::Palette(Palette {
                        input: Input::with(&line),
                        error: Some(failure),
                        ..Default::default()
                    }));
                }
                _ => toast(model, failure.message, true),
            }
            vec![]
        }
    }
}
