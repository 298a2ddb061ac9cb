//! The customer list: which rows are visible in which order (a saved view
//! narrows it), and what to load when the cursor moves. What a key acts
//! on is `target`'s.

use super::super::model::{Model, Screen, TaskKey};
use super::super::msg::{Effect, Row, Segment, Sort};
use super::tasks_effect;
use crate::domain::CustomerId;
use crate::palette::Ui;
use crate::search::Hit;
use crate::tui::view::queue_rows;

/// How many filter results the list shows: more than a tall terminal holds.
/// The title shows how many matched in all and the list ends with a hint to
/// type more; ranking and highlighting more hits costs every keystroke.
pub const FILTER_LIMIT: usize = 60;

/// Row indices in name order (case-folded; Chinese names by code point).
pub fn by_name(rows: &[Row]) -> Vec<u32> {
    let keys: Vec<String> = rows.iter().map(|r| r.name.to_lowercase()).collect();
    let mut order: Vec<u32> = (0..rows.len() as u32).collect();
    order.sort_by(|&a, &b| keys[a as usize].cmp(&keys[b as usize]).then(a.cmp(&b)));
    order
}

/// Recompute `visible` from the filter or the sort, keeping the selection.
pub fn rebuild(model: &mut Model, keep: Option<CustomerId>) -> Vec<Effect> {
    model.visible = match &model.filter.hits {
        Some(hits) => hits
            .iter()
            .filter_map(|h| model.row_index(CustomerId(h.id)).map(|i| i as u32))
            .collect(),
        None => match model.sort {
            Sort::Name => model.by_name.clone(),
            other => match model.orders.get(&other) {
                Some(order) => order.clone(),
                None => model.by_name.clone(),
            },
        },
    };
    if let Some(segment) = &model.segment {
        let rows = &model.rows;
        model.visible.retain(|&i| {
            rows.get(i as usize)
                .is_some_and(|r| segment.ids.binary_search(&r.id).is_ok())
        });
    }
    let found = keep.and_then(|id| {
        model
            .visible
            .iter()
            .position(|&i| model.rows.get(i as usize).map(|r| r.id) == Some(id))
    });
    model.list.index = found.unwrap_or(0);
    if found.is_none() {
        model.list.offset = 0;
    }
    let before = model.detail.as_ref().map(|d| d.customer.id);
    let mut effects = after_move(model);
    if before.is_none()
        && model.selected_id().is_some()
        && !effects.iter().any(|e| matches!(e, Effect::LoadDetail(_)))
    {
        effects.extend(model.selected_id().map(Effect::LoadDetail));
    }
    effects
}

/// After the cursor or the window moved: clamp, and load what became visible.
pub fn after_move(model: &mut Model) -> Vec<Effect> {
    let height = model.list_height();
    model.list.clamp(model.visible.len(), height);
    let mut effects = visible_details(model);
    let selected = model.selected_id();
    if selected.is_some() && model.detail.as_ref().map(|d| d.customer.id) != selected {
        effects.extend(selected.map(Effect::LoadDetail));
        if model.scope == super::super::model::Scope::Customer {
            effects.push(tasks_effect(model));
        }
    }
    effects
}

/// Fetch stage, tags and last contact for visible rows not yet known.
pub fn visible_details(model: &Model) -> Vec<Effect> {
    let start = model.list.offset;
    let end = (start + model.list_height()).min(model.visible.len());
    let missing: Vec<CustomerId> = model.visible[start..end]
        .iter()
        .filter_map(|&i| model.rows.get(i as usize).map(|r| r.id))
        .filter(|id| !model.row_details.contains_key(id))
        .collect();
    if missing.is_empty() {
        vec![]
    } else {
        vec![Effect::LoadRowDetails(missing)]
    }
}

/// Load the current sort's order if it comes from the store.
pub fn order_effect(model: &Model) -> Vec<Effect> {
    match model.sort {
        Sort::Name => vec![],
        other => vec![Effect::LoadOrder(other)],
    }
}

/// Move the list cursor by `delta` rows (clamped).
pub fn move_by(model: &mut Model, delta: isize) -> Vec<Effect> {
    let len = model.visible.len();
    if len == 0 {
        return vec![];
    }
    model.list.index = model.list.index.saturating_add_signed(delta).min(len - 1);
    after_move(model)
}

/// The query changed: ask the search worker, or show everything again.
pub fn refilter(model: &mut Model) -> Vec<Effect> {
    let query = model.filter.input.text.trim().to_string();
    if query.is_empty() {
        let keep = model.selected_id();
        model.filter.hits = None;
        return rebuild(model, keep);
    }
    model.search_seq += 1;
    model.filter.seq = model.search_seq;
    vec![Effect::Search {
        seq: model.filter.seq,
        query,
    }]
}

/// Results for the current query arrived.
pub fn filtered(model: &mut Model, hits: Vec<Hit>) -> Vec<Effect> {
    model.filter.hits = Some(hits);
    // A new query starts at its best match.
    model.list = Default::default();
    rebuild(model, None)
}

/// A saved view's customers arrived: show only them, in the current order.
pub fn segment_loaded(model: &mut Model, mut segment: Segment) -> Vec<Effect> {
    segment.ids.sort_unstable();
    let keep = model.selected_id();
    let count = segment.ids.len();
    let name = segment.name.clone();
    let changed = model.segment.as_ref().is_none_or(|s| s.name != name);
    model.segment = Some(segment);
    if changed {
        super::toast(
            model,
            format!("View \"{name}\": {count} customers — Esc shows everyone"),
            false,
        );
    }
    rebuild(model, keep)
}

/// Back to every customer.
pub fn clear_segment(model: &mut Model) -> Vec<Effect> {
    if model.segment.take().is_none() {
        return vec![];
    }
    let keep = model.selected_id();
    rebuild(model, keep)
}

/// `segment NAME` from the palette (or `segment` alone, which clears);
/// `None` when the line is something else.
pub fn segment_line(line: &str) -> Option<Option<String>> {
    let mut words = line.trim().splitn(2, char::is_whitespace);
    let verb = words.next()?;
    if !SEGMENT_VERBS.iter().any(|v| v.eq_ignore_ascii_case(verb)) {
        return None;
    }
    let name = words.next().unwrap_or("").trim();
    let name = name
        .strip_prefix('"')
        .and_then(|n| n.strip_suffix('"'))
        .unwrap_or(name);
    Some((!name.is_empty() && !name.eq_ignore_ascii_case("clear")).then(|| name.to_string()))
}

/// What starts a `segment NAME` line (`view` is taken by `view today`).
pub const SEGMENT_VERBS: [&str; 2] = ["segment", "分组"];

fn task_key(row: &crate::tui::view::QueueRow<'_>) -> TaskKey {
    match row {
        crate::tui::view::QueueRow::Task(t) => TaskKey::Task(t.task.id),
        crate::tui::view::QueueRow::Case(c) => TaskKey::Case(c.case.id),
    }
}

/// The row under the Tasks pane's cursor.
fn selected_task(model: &Model) -> Option<TaskKey> {
    queue_rows(model).get(model.task_cursor.index).map(task_key)
}

/// Put the Tasks cursor back on `key` after a reload reordered the pane
/// (a snooze or a new due date moves a task), so the selected row stays
/// the one the user chose; a row that is gone leaves the cursor where it
/// was, on the row that took its place.
fn keep_task_selection(model: &mut Model, key: Option<TaskKey>) {
    let Some(key) = key else { return };
    if let Some(index) = queue_rows(model).iter().position(|r| task_key(r) == key) {
        model.task_cursor.index = index;
    }
}

/// After a reload of `kind`'s rows (tasks, or cases), put the cursor on
/// the row an undo brought back, if it is there; the wish ends with the
/// reload that should have shown it either way.
fn land_restored(model: &mut Model, cases: bool) {
    let Some(key) = model.land_task else { return };
    if matches!(key, TaskKey::Case(_)) != cases {
        return;
    }
    model.land_task = None;
    keep_task_selection(model, Some(key));
}

/// The Tasks pane's tasks (or its cases) replaced by a reload: the cursor
/// stays on its row, or lands where an undo or a find asked.
pub fn tasks_reloaded(model: &mut Model, cases: bool, replace: impl FnOnce(&mut Model)) {
    let selected = selected_task(model);
    replace(model);
    keep_task_selection(model, selected);
    land_restored(model, cases);
    clamp_tasks(model);
    super::find::tasks_landed(model, cases);
}

/// Keep the Tasks pane's cursor on its rows (tasks and cases).
pub fn clamp_tasks(model: &mut Model) {
    let len = queue_rows(model).len();
    let height = model.tasks_height();
    model.task_cursor.clamp(len, height);
}

/// Keep the Timeline's cursor on an entry (one was deleted, the card
/// changed) and in view.
pub fn clamp_timeline(model: &mut Model) {
    let len = model.detail.as_ref().map_or(0, |d| {
        crate::tui::view::entries(d, model.current_sales()).len()
    });
    let height = model.timeline_height();
    model.timeline.clamp(len, height);
}

/// Rows the Today view moves over: the ranked queue, or every row of the
/// sections (tasks, cases and quiet customers).
pub fn today_len(model: &Model) -> usize {
    if model.today_ranked {
        model.ranked.as_ref().map_or(0, |q| q.rows.len())
    } else {
        super::today::rows(model).len()
    }
}

pub fn clamp_today(model: &mut Model) {
    super::today::clamp(model);
}

/// The ranked queue toggle, "why?" and clearing a saved view.
pub fn sales_ui(model: &mut Model, ui: Ui) -> Vec<Effect> {
    match ui {
        Ui::RankedToggle => {
            // From elsewhere (the palette) it opens the ranked queue.
            model.today_ranked = model.view != Screen::Today || !model.today_ranked;
            model.view = Screen::Today;
            model.why = false;
            model.today = Default::default();
            clamp_today(model);
            vec![if model.today_ranked {
                Effect::LoadRanked
            } else {
                Effect::LoadReview
            }]
        }
        // "Why?" in either mode of the Today view: the ranked queue's
        // reasons for the selected row (read fresh over the sections).
        Ui::Why if model.why => {
            model.why = false;
            vec![]
        }
        Ui::Why if model.view == Screen::Today && super::today::selected_key(model).is_some() => {
            model.why = true;
            if model.today_ranked {
                vec![]
            } else {
                vec![Effect::LoadRanked]
            }
        }
        Ui::Why => {
            let text = if model.view == Screen::Today {
                "Select a row first"
            } else {
                "\"why\" explains a row of the Today view: open Today (T), then w"
            };
            super::toast(model, text, true);
            vec![]
        }
        Ui::SegmentClear => clear_segment(model),
        _ => vec![],
    }
}
