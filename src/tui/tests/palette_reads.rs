//! The palette does what it reads (issue 12, item 4), through keys and
//! `update`: `open #40`, Tab on task / deal / case ids and stages, the
//! verb's grammar under the line, vim's `:q` family and `n` / `N`.

use super::deals::board;
use super::fixtures::{draw, feed, loaded, now, press, text, typed};
use super::panes_sales::case;
use crate::config::keymap::Keymap;
use crate::domain::{CaseKind, CustomerId};
use crate::tui::model::{Model, Overlay, Pane, Screen};
use crate::tui::msg::{CaseRow, Effect, Msg};
use std::sync::Arc;

fn palette_text(model: &Model) -> String {
    match &model.overlay {
        Some(Overlay::Palette(p)) => p.input.text.clone(),
        other => panic!("the palette is not open: {other:?}"),
    }
}

fn labels(model: &Model) -> Vec<String> {
    match &model.overlay {
        Some(Overlay::Palette(p)) => p.completions.iter().map(|c| c.label.clone()).collect(),
        _ => vec![],
    }
}

fn toast(model: &Model) -> Option<(&str, bool)> {
    model.toast.as_ref().map(|t| (t.text.as_str(), t.error))
}

/// The fixture model with the vim preset instead of the default keymap.
fn vim() -> Model {
    let mut model = loaded();
    let now = now().naive_local();
    let validate = |c: &str| -> Result<(), String> {
        crate::palette::parse(c, now)
            .map(drop)
            .map_err(|e| e.message)
    };
    model.keymap = Arc::new(Keymap::preset("vim", &validate).expect("the vim keymap loads"));
    model
}

#[test]
fn open_with_an_id_opens_that_customer() {
    for (line, want) in [("open #7", 7), ("open 6", 6), ("show #5", 5)] {
        let mut model = loaded();
        press(&mut model, "tab");
        press(&mut model, ":");
        typed(&mut model, line);
        let effects = press(&mut model, "enter");
        assert_eq!(model.selected_id(), Some(CustomerId(want)), "{line}");
        assert_eq!((model.view, model.focus), (Screen::Main, Pane::Customers));
        assert!(model.filter.input.text.is_empty(), "{line}: no filter left");
        assert!(
            effects.contains(&Effect::LoadDetail(CustomerId(want))),
            "{line}: {effects:?}"
        );
        assert_eq!(toast(&model), None, "{line}");
    }
    let mut model = loaded();
    press(&mut model, ":");
    typed(&mut model, "open #99");
    press(&mut model, "enter");
    assert_eq!(toast(&model), Some(("There is no customer #99", true)));
    assert_eq!(
        model.selected_id(),
        Some(CustomerId(1)),
        "the selection stays"
    );
}

#[test]
fn tab_completes_task_ids_by_digits_or_title() {
    let mut model = loaded();
    press(&mut model, ":");
    typed(&mut model, "done ");
    let all = labels(&model);
    assert_eq!(
        all.first().map(String::as_str),
        Some("#11 send quote · Ann Lee"),
        "{all:?}"
    );
    typed(&mut model, "样品");
    assert_eq!(labels(&model), ["#13 寄送样品 · 张伟"]);
    press(&mut model, "tab");
    assert_eq!(palette_text(&model), "done #13 ");
    // The next id of the same line completes too.
    typed(&mut model, "1");
    assert!(labels(&model).iter().all(|l| l.starts_with("#1")));
    typed(&mut model, "4");
    press(&mut model, "tab");
    assert_eq!(palette_text(&model), "done #13 #14 ");
}

#[test]
fn tab_completes_deal_ids_then_stages_after_move() {
    let mut model = loaded();
    press(&mut model, ":");
    let effects = typed(&mut model, "move ");
    // No board yet: one cheap read of it, then the completions.
    assert_eq!(
        effects.iter().filter(|e| **e == Effect::LoadDeals).count(),
        1,
        "{effects:?}"
    );
    feed(&mut model, [Msg::DealsLoaded(Box::new(board()))]);
    assert_eq!(
        labels(&model).first().map(String::as_str),
        Some("#3 Acme renewal · Ann Lee · qualify")
    );
    typed(&mut model, "erp");
    assert_eq!(labels(&model), ["#6 星辰贸易 ERP · 李娜 Lina · proposal"]);
    press(&mut model, "tab");
    assert_eq!(palette_text(&model), "move #6 ");
    // #6 is in proposal: the stages after it first, then those before;
    // not proposal itself.
    assert_eq!(
        labels(&model),
        [
            "stage: negotiation",
            "stage: commit",
            "stage: qualify",
            "stage: discovery",
        ]
    );
    typed(&mut model, "ne");
    press(&mut model, "tab");
    assert_eq!(palette_text(&model), "move #6 negotiation ");
    // The line runs as typed: the stage went in whole.
    let effects = press(&mut model, "enter");
    assert!(
        effects.iter().any(|e| matches!(
            e,
            Effect::Run(crate::palette::Command::MoveDeal { stage, .. }) if stage == "negotiation"
        )),
        "{effects:?}"
    );
}

#[test]
fn tab_after_move_id_takes_the_deals_next_stage() {
    let mut model = loaded();
    feed(&mut model, [Msg::DealsLoaded(Box::new(board()))]);
    // #3 is in qualify: Tab moves it on to discovery, not where it is.
    press(&mut model, ":");
    typed(&mut model, "move 3 ");
    assert_eq!(
        labels(&model).first().map(String::as_str),
        Some("stage: discovery")
    );
    press(&mut model, "tab");
    assert_eq!(palette_text(&model), "move 3 discovery ");
    // A glued Chinese verb reads the id too; the last stage wraps round.
    press(&mut model, "esc :");
    typed(&mut model, "推进#7 ");
    assert_eq!(
        labels(&model),
        [
            "stage: commit",
            "stage: qualify",
            "stage: discovery",
            "stage: proposal"
        ]
    );
    // A deal the app does not know: the board's order, every stage.
    press(&mut model, "esc :");
    typed(&mut model, "move 99 ");
    assert_eq!(labels(&model).len(), 5);
    assert_eq!(labels(&model)[0], "stage: qualify");
}

#[test]
fn tab_completes_case_ids_with_their_titles() {
    let mut model = loaded();
    let complaint = case(3, 1, CaseKind::Complaint, "invoice wrong", now());
    feed(
        &mut model,
        [Msg::CasesLoaded(vec![CaseRow {
            case: complaint,
            customer_name: Some("Ann Lee".into()),
        }])],
    );
    press(&mut model, ":");
    typed(&mut model, "resolve inv");
    assert_eq!(labels(&model), ["#3 invoice wrong · Ann Lee"]);
    press(&mut model, "tab");
    assert_eq!(palette_text(&model), "resolve #3 ");
}

#[test]
fn after_a_verb_the_palette_shows_its_grammar_from_the_registry() {
    let mut model = loaded();
    press(&mut model, ":");
    typed(&mut model, "call ");
    let usage = crate::palette::verb("call").map(|v| v.usage).unwrap_or("?");
    let screen = text(&draw(&model, 80, 24));
    assert!(screen.contains(usage), "{usage} in\n{screen}");
    // While the verb itself is typed, the completions describe it instead.
    let mut model = loaded();
    press(&mut model, ":");
    typed(&mut model, "mov");
    assert!(!text(&draw(&model, 80, 24)).contains("move <deal id> <stage>"));
    typed(&mut model, "e 5");
    assert!(text(&draw(&model, 80, 24)).contains("move <deal id> <stage>"));
}

#[test]
fn vim_quits_from_the_palette() {
    for line in ["q", "q!", "wq", "x", "qa"] {
        let mut model = vim();
        press(&mut model, ":");
        typed(&mut model, line);
        let effects = press(&mut model, "enter");
        assert!(effects.contains(&Effect::Quit), "{line}: {effects:?}");
        assert!(model.quit, "{line}");
    }
}

#[test]
fn vim_n_and_shift_n_step_through_the_filter_matches() {
    let mut model = vim();
    let runtime = super::fixtures::FakeRuntime::new(super::fixtures::rows());
    press(&mut model, "/");
    let effects = typed(&mut model, "王");
    runtime.settle(&mut model, effects);
    press(&mut model, "enter");
    let matches: Vec<CustomerId> = model
        .visible
        .iter()
        .map(|&i| model.rows[i as usize].id)
        .collect();
    assert_eq!(matches.len(), 3, "{matches:?}");
    assert_eq!(model.selected_id(), Some(matches[0]));
    press(&mut model, "n");
    assert_eq!(model.selected_id(), Some(matches[1]));
    press(&mut model, "n n");
    assert_eq!(model.selected_id(), Some(matches[0]), "wraps to the first");
    assert!(toast(&model).is_some_and(|(t, e)| t.contains("first match") && !e));
    press(&mut model, "N");
    assert_eq!(model.selected_id(), Some(matches[2]), "back past the start");
    // From another pane, n takes the focus back to the list.
    press(&mut model, "3 n");
    assert_eq!(model.focus, Pane::Customers);
    assert_eq!(model.selected_id(), Some(matches[0]));
    // Notes moved to `g n` in vim.
    press(&mut model, "g n");
    assert!(matches!(model.overlay, Some(Overlay::Form)));
}

#[test]
fn n_without_a_filter_says_how_to_make_one() {
    let mut model = vim();
    press(&mut model, "n");
    let (message, error) = toast(&model).expect("a toast");
    assert!(error);
    assert!(
        message.contains("/ filters the customers first"),
        "{message}"
    );
    assert_eq!(model.selected_id(), Some(CustomerId(1)));
}
