//! `update(&mut Model, Msg) -> Vec<Effect>`: all of the TUI's behaviour,
//! with no I/O, so tests drive it with key strings and check the effects.

mod commands;
mod complete;
mod find;
mod fix_log;
mod form;
mod import;
mod input;
mod keys;
pub mod list;
mod matches;
pub mod messages;
pub mod screens;
mod show;
pub mod target;
pub mod today;

pub use keys::parse_keys;

use super::model::{Model, Scope, Screen, Toast};
use super::msg::{Effect, Msg};
use chrono::Duration;

/// How long a toast stays up.
const TOAST_SECS: i64 = 4;

pub fn update(model: &mut Model, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => keys::key(model, key),
        Msg::Paste(text) => input::paste(model, &text),
        Msg::Resized(width, height) => {
            model.width = width;
            model.height = height;
            list::after_move(model)
        }
        Msg::Tick(now) => {
            model.now = now;
            // An error waits for the user's next key (see `keys::key`).
            if model
                .toast
                .as_ref()
                .is_some_and(|t| !t.error && t.until <= now)
            {
                model.toast = None;
            }
            // A running import holds the write lock; its end reloads.
            let importing = model.import().is_some_and(super::model::Import::running);
            let mut effects = if importing {
                vec![]
            } else {
                vec![Effect::CheckGeneration]
            };
            // Drafts are written at most once a tick while typing.
            effects.extend(form::save_draft(model));
            // Midnight, or a task's time: the Today view moves on its own.
            effects.extend(today::tick(model, now));
            effects
        }
        Msg::Generation { all, names } => {
            let before = model.generation.replace((all, names));
            match before {
                None => vec![],
                Some((a, _)) if a == all => vec![],
                Some((_, n)) => reload(model, n != names),
            }
        }
        Msg::NamesLoaded(rows) => {
            let by_name = list::by_name(&rows);
            names(model, rows, by_name)
        }
        Msg::NamesSorted { rows, by_name } => names(model, rows, by_name),
        Msg::FirstPage { mut rows, total } => {
            if model.names_loaded && !model.partial {
                return vec![];
            }
            rows.sort_by_key(|r| r.id);
            let by_name = list::by_name(&rows);
            let effects = names(model, rows, by_name);
            model.partial = true;
            model.customer_total = total;
            effects
        }
        Msg::SearchReady => {
            model.search_ready = true;
            list::refilter(model)
        }
        Msg::RowDetails(details) => {
            model.row_details.extend(details);
            vec![]
        }
        Msg::OrderLoaded(sort, ids) => {
            let order = ids
                .into_iter()
                .filter_map(|id| model.row_index(id).map(|i| i as u32))
                .collect();
            model.orders.insert(sort, order);
            let keep = model.selected_id();
            list::rebuild(model, keep)
        }
        Msg::DetailLoaded(detail) => {
            if model.selected_id() == Some(detail.customer.id) || model.detail.is_none() {
                if model.detail.as_ref().map(|d| d.customer.id) != Some(detail.customer.id) {
                    model.timeline = Default::default();
                }
                model.detail = Some(*detail);
                list::clamp_timeline(model);
            }
            vec![]
        }
        Msg::TasksLoaded(tasks) => {
            list::tasks_reloaded(model, false, |m| m.tasks = tasks);
            vec![]
        }
        Msg::CasesLoaded(cases) => {
            list::tasks_reloaded(model, true, |m| m.cases = cases);
            vec![]
        }
        Msg::SalesLoaded(sales) => {
            model.sales = Some(*sales);
            list::clamp_timeline(model);
            find::landed(model)
        }
        Msg::RankedLoaded(queue) => {
            let selected = today::selected_key(model);
            model.ranked = Some(queue);
            today::keep_selection(model, selected);
            list::clamp_today(model);
            vec![]
        }
        Msg::SegmentLoaded(Ok(segment)) => list::segment_loaded(model, segment),
        Msg::ViewNamesLoaded(names) => {
            model.view_names = names;
            input::segment_completions(model);
            vec![]
        }
        Msg::SegmentLoaded(Err(message)) => {
            toast(model, message, true);
            vec![]
        }
        Msg::ReviewLoaded { review, done_today } => {
            // The cursor stays on its row when rows move between sections.
            let selected = today::selected_key(model);
            model.review = Some(*review);
            model.done_today = done_today;
            today::keep_selection(model, selected);
            list::clamp_today(model);
            vec![]
        }
        Msg::Searched { seq, hits, total } => {
            let total = total.unwrap_or(hits.len());
            input::searched(model, seq, hits, total)
        }
        Msg::Found { seq, result } => find::found(model, seq, result),
        Msg::Applied(result) => commands::applied(model, result),
        Msg::DemoLoaded(Ok(counts)) => {
            toast(
                model,
                format!(
                    "Loaded {} sample customers with {} interactions, {} tasks, {} deals and {} service cases",
                    counts.customers, counts.interactions, counts.tasks, counts.deals, counts.cases
                ),
                false,
            );
            reload(model, true)
        }
        Msg::DemoLoaded(Err(message)) => {
            toast(model, message, true);
            vec![]
        }
        Msg::PathsListed { seq, paths } => input::paths_listed(model, seq, paths),
        Msg::ImportProgress(progress) => import::progress(model, progress),
        Msg::ImportFinished(end) => import::finished(model, end),
        Msg::DatabaseIdentified(database) => form::identified(model, database),
        Msg::DraftFound(draft) => form::draft_found(model, *draft),
        Msg::Edited(result) => form::edited(model, result),
        Msg::Shutdown => {
            model.quit = true;
            // Keep what was typed since the last tick (SIGHUP, SIGTERM).
            let mut effects = form::save_draft(model);
            effects.push(Effect::Quit);
            effects
        }
        Msg::LoadFailed(message) => {
            toast(model, message, true);
            vec![]
        }
        Msg::DealsLoaded(board) => {
            let mut effects = screens::deals_loaded(model, *board);
            // The palette may be completing a deal id or a stage from it.
            effects.extend(complete_if_open(model));
            effects
        }
        Msg::ReportLoaded(loaded) => screens::report_loaded(model, *loaded),
        Msg::ShownLoaded(key, result) => show::loaded(model, key, result),
    }
}

/// Recompute the palette's completions when it is open (new data came).
fn complete_if_open(model: &mut Model) -> Vec<Effect> {
    match &model.overlay {
        Some(super::model::Overlay::Palette(_)) => input::complete(model),
        _ => vec![],
    }
}

/// A new set of list rows (all of them, or the first page).
fn names(model: &mut Model, rows: Vec<super::msg::Row>, by_name: Vec<u32>) -> Vec<Effect> {
    let keep = model.select_next.take().or(model.selected_id());
    model.customer_total = rows.len() as u64;
    model.rows = rows;
    model.by_name = by_name;
    model.names_loaded = true;
    model.partial = false;
    model.row_details.clear();
    model.orders.clear();
    let mut effects = list::rebuild(model, keep);
    effects.extend(list::order_effect(model));
    effects
}

/// Everything the screen shows from the store, after a write here or elsewhere.
pub(super) fn reload(model: &mut Model, names_changed: bool) -> Vec<Effect> {
    let mut effects = Vec::new();
    if names_changed {
        effects.push(Effect::LoadNames);
    } else {
        model.row_details.clear();
        effects.extend(list::visible_details(model));
        if model.sort != super::msg::Sort::Name {
            effects.extend(list::order_effect(model));
        }
    }
    if let Some(id) = model.selected_id() {
        effects.push(Effect::LoadDetail(id));
    }
    effects.push(tasks_effect(model));
    if model.view == Screen::Today || model.review.is_some() {
        effects.push(Effect::LoadReview);
    }
    if today::needs_ranked(model) {
        effects.push(Effect::LoadRanked);
    }
    // A saved view is a query: who is in it can change with any write.
    if let Some(segment) = &model.segment {
        effects.push(Effect::LoadSegment(segment.name.clone()));
    }
    match model.view {
        Screen::Reports => effects.push(screens::report_effect(model)),
        Screen::Deals => effects.push(Effect::LoadDeals),
        Screen::Main | Screen::Today => {}
    }
    // A file without an id gets one from its first write: drafts follow.
    if model.database.as_ref().is_some_and(|d| d.id.is_none()) {
        effects.push(Effect::IdentifyDatabase);
    }
    // The record in the detail view, as it is now (or gone).
    effects.extend(show::refresh(model));
    effects
}

pub(super) fn tasks_effect(model: &Model) -> Effect {
    match model.scope {
        Scope::Everyone => Effect::LoadTasks(None),
        Scope::Customer => Effect::LoadTasks(model.selected_id()),
    }
}

/// Show a message on the status line (kept for `:messages` too). An
/// error stays until the user moves on; other toasts for [`TOAST_SECS`].
pub(super) fn toast(model: &mut Model, text: impl Into<String>, error: bool) {
    let text = text.into();
    messages::log(model, &text, error);
    model.toast = Some(Toast {
        text,
        error,
        until: model.now + Duration::seconds(TOAST_SECS),
    });
}

/// The effects to run at start-up: names, the queue, the review, the counter.
pub fn start(model: &mut Model) -> Vec<Effect> {
    let _ = model;
    // The first page draws at once; all names load beside the small reads.
    vec![
        Effect::LoadFirstPage,
        Effect::LoadNames,
        Effect::LoadTasks(None),
        Effect::LoadReview,
        Effect::CheckGeneration,
        Effect::IdentifyDatabase,
    ]
}
