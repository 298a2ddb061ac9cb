//! The customer list: which rows are visible in which order, and what to
//! load when the cursor moves.

use super::super::model::Model;
use super::super::msg::{Effect, Row, Sort};
use super::tasks_effect;
use crate::domain::CustomerId;
use crate::search::Hit;

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
