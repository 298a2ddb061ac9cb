//! The palette's completion of task, deal and case ids and of stages:
//! `palette::complete` says what the word is; this file hands it what the
//! app has loaded (the task queue, the Today review, the selected
//! customer's card, the deal board), asking for the board when it is
//! missing — one cheap read, the Deals view's.

use super::super::model::{Completion, Model, Overlay, Palette};
use super::super::msg::Effect;
use crate::palette::complete::{self, Arg, Known, Sources};
use std::collections::HashSet;

/// How many completions the palette shows (as for verbs and customers).
const SHOWN: usize = 6;

/// Completions for an id or stage at the cursor: `None` when the word is
/// something else (a verb, customer words), for the caller to handle.
pub fn records(model: &mut Model) -> Option<Vec<Effect>> {
    let Some(Overlay::Palette(p)) = &model.overlay else {
        return None;
    };
    let line = &p.input.text[..p.input.cursor.min(p.input.text.len())];
    let slot = complete::slot(line)?;
    let arg = slot.arg;
    let completions = match arg {
        Arg::Customer => return None,
        Arg::Text => Vec::new(),
        Arg::Task | Arg::Deal | Arg::Case | Arg::Stage => {
            let moving = deal_before(&line[..slot.span.start]);
            let (tasks, deals, cases, stages) = (
                tasks(model),
                deals(model),
                cases(model),
                stages(model, moving),
            );
            let sources = Sources {
                tasks: &tasks,
                deals: &deals,
                cases: &cases,
                stages: &stages,
            };
            complete::candidates(&slot, &sources, SHOWN)
                .into_iter()
                .map(|c| Completion {
                    label: c.label,
                    insert: c.insert,
                })
                .collect()
        }
    };
    // Deals and stages come from the board: read it once per palette.
    let ask = matches!(arg, Arg::Deal | Arg::Stage);
    let Some(Overlay::Palette(p)) = &mut model.overlay else {
        return None;
    };
    p.completions = completions;
    if ask && !p.deals_asked {
        p.deals_asked = true;
        return Some(vec![Effect::LoadDeals]);
    }
    Some(vec![])
}

/// Tab on an id or a stage: the word becomes the first completion and a
/// space, ready for the next word. False when the word is something else.
pub fn accept(p: &mut Palette) -> bool {
    let at = p.input.cursor.min(p.input.text.len());
    let span = match complete::slot(&p.input.text[..at]) {
        Some(slot) if !matches!(slot.arg, Arg::Customer | Arg::Text) => slot.span,
        _ => return false,
    };
    if let Some(first) = p.completions.first() {
        let word = format!("{} ", first.insert);
        p.input.text.replace_range(span.start..at, &word);
        p.input.cursor = span.start + word.len();
        p.completions.clear();
    }
    true
}

/// Open tasks the app has on screen or loaded: the queue, the review, the
/// selected customer's.
fn tasks(model: &Model) -> Vec<Known> {
    let mut seen = HashSet::new();
    let review = model.review.iter().flat_map(|r| {
        r.overdue
            .rows
            .iter()
            .chain(&r.today.rows)
            .chain(&r.upcoming.rows)
    });
    let rows = model
        .tasks
        .iter()
        .chain(review)
        .map(|row| (&row.task, row.customer_name.clone().unwrap_or_default()));
    let card = model
        .detail
        .iter()
        .flat_map(|d| d.tasks.iter().map(move |t| (t, d.customer.name.clone())));
    rows.chain(card)
        .filter(|(task, _)| task.is_open() && seen.insert(task.id))
        .map(|(task, who)| Known {
            id: task.id.0,
            title: task.title.clone(),
            detail: who,
        })
        .collect()
}

/// Open deals: the board's (with their stage), then the card's.
fn deals(model: &Model) -> Vec<Known> {
    let mut seen = HashSet::new();
    let board = model.deals.board.iter().flat_map(|b| {
        b.columns.iter().flat_map(|col| {
            col.deals.iter().map(move |d| Known {
                id: d.id.0,
                title: d.title.clone(),
                detail: format!("{} · {}", d.customer_name, col.stage),
            })
        })
    });
    let card = model.current_sales().into_iter().flat_map(|s| {
        let who = model
            .detail
            .as_ref()
            .map_or(String::new(), |d| d.customer.name.clone());
        s.deals.iter().filter(|d| d.is_open()).map(move |d| Known {
            id: d.id.0,
            title: d.title.clone(),
            detail: format!("{who} · {}", d.stage),
        })
    });
    board.chain(card).filter(|k| seen.insert(k.id)).collect()
}

/// Open cases: the Tasks pane's, then the card's.
fn cases(model: &Model) -> Vec<Known> {
    let mut seen = HashSet::new();
    let queue = model.cases.iter().map(|row| Known {
        id: row.case.id.0,
        title: row.case.title.clone(),
        detail: row.customer_name.clone().unwrap_or_default(),
    });
    let card = model.current_sales().into_iter().flat_map(|s| {
        let who = model
            .detail
            .as_ref()
            .map_or(String::new(), |d| d.customer.name.clone());
        s.cases.iter().filter(|c| c.is_open()).map(move |c| Known {
            id: c.id.0,
            title: c.title.clone(),
            detail: who.clone(),
        })
    });
    queue.chain(card).filter(|k| seen.insert(k.id)).collect()
}

/// The pipeline's stages, as the board lists them. After `move ID` of a
/// deal the app knows, the stages past the deal's own come first — the
/// next one is what a move usually means, and Tab takes it — then those
/// before; its own stage, where it already is, is left out.
fn stages(model: &Model, deal: Option<u64>) -> Vec<String> {
    let all: Vec<String> = model.deals.board.as_ref().map_or_else(Vec::new, |b| {
        b.columns.iter().map(|c| c.stage.clone()).collect()
    });
    let current = deal.and_then(|id| deal_stage(model, id));
    match current.and_then(|stage| all.iter().position(|s| *s == stage)) {
        Some(at) => all[at + 1..].iter().chain(&all[..at]).cloned().collect(),
        None => all,
    }
}

/// The deal id a stage follows (`move #6 `, `推进6 `): the last word
/// before the stage, a verb glued to it skipped.
fn deal_before(line: &str) -> Option<u64> {
    let word = line.split_whitespace().last()?;
    let id = word.trim_start_matches(|c: char| c != '#' && !c.is_ascii_digit());
    crate::domain::ids::parse_id(id)
}

/// The stage of an open deal: on the board, else on the card.
fn deal_stage(model: &Model, id: u64) -> Option<String> {
    let board = model.deals.board.iter().flat_map(|b| {
        b.columns
            .iter()
            .filter(|col| col.deals.iter().any(|d| d.id.0 == id))
            .map(|col| col.stage.clone())
    });
    let card = model.current_sales().into_iter().flat_map(|s| {
        s.deals
            .iter()
            .filter(|d| d.id.0 == id && d.is_open())
            .map(|d| d.stage.clone())
    });
    board.chain(card).next()
}
