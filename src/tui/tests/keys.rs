//! `update` driven by key strings through the default keymap: what the
//! model becomes and which effects it asks for.

use super::fixtures::{
    FakeRuntime, detail, empty_model, feed, loaded, loaded_with, many_rows, now, press, rows, typed,
};
use crate::domain::{CustomerId, Due, InteractionKind, TaskId};
use crate::exec::{Candidate, Done};
use crate::palette::{Command, CustomerRef};
use crate::store::{Change, Undo};
use crate::tui::model::{Model, Overlay, Pane, PickerAction, Screen};
use crate::tui::msg::{Effect, Failure, Msg, Outcome};
use crate::tui::update::update;
use chrono::{Duration, NaiveDate};

fn selected_name(model: &Model) -> &str {
    model.selected_row().map_or("", |r| r.name.as_str())
}

fn detail_loads(effects: &[Effect]) -> Vec<CustomerId> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::LoadDetail(id) => Some(*id),
            _ => None,
        })
        .collect()
}

fn searches(effects: &[Effect]) -> Vec<(u64, String)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Search { seq, query } => Some((*seq, query.clone())),
            _ => None,
        })
        .collect()
}

fn runs(effects: &[Effect]) -> Vec<Command> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Run(c) => Some(c.clone()),
            _ => None,
        })
        .collect()
}

fn palette_text(model: &Model) -> Option<&str> {
    match &model.overlay {
        Some(Overlay::Palette(p)) => Some(p.input.text.as_str()),
        _ => None,
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Answer a key's effects like the runtime, so the detail follows the cursor.
fn press_settled(model: &mut Model, keys: &str) -> Vec<Effect> {
    let effects = press(model, keys);
    FakeRuntime::new(rows()).settle(model, effects.clone());
    effects
}

// ---------------------------------------------------------------- list

#[test]
fn names_load_in_name_order_and_ask_for_the_first_detail() {
    let mut model = empty_model();
    let effects = update(&mut model, Msg::NamesLoaded(rows()));
    let names: Vec<&str> = model
        .visible
        .iter()
        .map(|&i| model.rows[i as usize].name.as_str())
        .collect();
    // English by letter, then Chinese by code point (张 < 李 < 王 < 陈).
    assert_eq!(
        names,
        [
            "Ann Lee",
            "Bob Smith",
            "张伟",
            "李娜 Lina",
            "王伟",
            "王伟",
            "王芳",
            "陈静"
        ]
    );
    assert_eq!(detail_loads(&effects), [CustomerId(1)]);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::LoadRowDetails(ids) if ids.len() == 8)),
        "{effects:?}"
    );
}

#[test]
fn j_k_g_and_gg_move_the_cursor_and_load_the_new_selection() {
    let mut model = loaded();
    assert_eq!(selected_name(&model), "Ann Lee");

    let effects = press_settled(&mut model, "j");
    assert_eq!(model.list.index, 1);
    assert_eq!(detail_loads(&effects), [CustomerId(7)]);

    let effects = press_settled(&mut model, "j j");
    assert_eq!(selected_name(&model), "李娜 Lina");
    assert_eq!(detail_loads(&effects), [CustomerId(3), CustomerId(4)]);

    let effects = press_settled(&mut model, "k");
    assert_eq!(model.list.index, 2);
    assert_eq!(detail_loads(&effects), [CustomerId(3)]);

    let effects = press_settled(&mut model, "G");
    assert_eq!(model.list.index, 7);
    assert_eq!(selected_name(&model), "陈静");
    assert_eq!(detail_loads(&effects), [CustomerId(8)]);

    // At the bottom `j` stays put and loads nothing.
    let effects = press_settled(&mut model, "j");
    assert_eq!(model.list.index, 7);
    assert!(detail_loads(&effects).is_empty(), "{effects:?}");

    // `g` alone is a pending chord: which-key, no move.
    let effects = press(&mut model, "g");
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(model.list.index, 7);
    assert!(!model.which_key.is_empty());
    let effects = press_settled(&mut model, "g");
    assert_eq!(model.list.index, 0);
    assert!(model.which_key.is_empty() && model.pending.is_empty());
    assert_eq!(detail_loads(&effects), [CustomerId(1)]);

    // Arrow keys are the same commands.
    press_settled(&mut model, "down down up");
    assert_eq!(model.list.index, 1);
    press_settled(&mut model, "end");
    assert_eq!(model.list.index, 7);
    press_settled(&mut model, "home");
    assert_eq!(model.list.index, 0);
}

#[test]
fn a_late_detail_for_a_customer_no_longer_selected_is_dropped() {
    let mut model = loaded();
    press(&mut model, "j j");
    assert_eq!(model.selected_id(), Some(CustomerId(3)));
    // Bob's detail arrives after the cursor moved on.
    feed(
        &mut model,
        [Msg::DetailLoaded(Box::new(detail(CustomerId(7))))],
    );
    assert_eq!(
        model.detail.as_ref().map(|d| d.customer.id),
        Some(CustomerId(1))
    );
    feed(
        &mut model,
        [Msg::DetailLoaded(Box::new(detail(CustomerId(3))))],
    );
    assert_eq!(
        model.detail.as_ref().map(|d| d.customer.id),
        Some(CustomerId(3))
    );
}

#[test]
fn a_chord_prefix_followed_by_an_unbound_key_is_dropped() {
    let mut model = loaded();
    assert!(press(&mut model, "g z").is_empty());
    assert!(model.pending.is_empty() && model.which_key.is_empty());
    assert_eq!(model.list.index, 0);
    // The next key works normally.
    press(&mut model, "j");
    assert_eq!(model.list.index, 1);
}

#[test]
fn page_down_moves_by_the_page_size_which_follows_resizes() {
    let mut model = loaded_with(many_rows(40));
    assert_eq!(model.visible.len(), 48);
    // 24 rows: the list shows 21 (24 less the status line and two borders).
    press(&mut model, "pgdn");
    assert_eq!(model.list.index, 21);
    press(&mut model, "pgup");
    assert_eq!(model.list.index, 0);

    update(&mut model, Msg::Resized(80, 10));
    assert_eq!((model.width, model.height), (80, 10));
    // 10 rows: the list shows 7.
    press(&mut model, "pgdn");
    assert_eq!(model.list.index, 7);
    press(&mut model, "pgdn pgdn");
    assert_eq!(model.list.index, 21);
    // The window scrolled so the cursor is on screen.
    assert!(model.list.offset <= 21 && 21 < model.list.offset + model.list_height());

    update(&mut model, Msg::Resized(120, 40));
    // 40 rows: the list shows 37.
    press(&mut model, "g g pgdn");
    assert_eq!(model.list.index, 37);
    // Clamped at the last row.
    press(&mut model, "pgdn");
    assert_eq!(model.list.index, 47);
}

#[test]
fn shrinking_the_terminal_keeps_the_cursor_in_the_window() {
    let mut model = loaded_with(many_rows(40));
    press(&mut model, "G");
    assert_eq!(model.list.index, 47);
    update(&mut model, Msg::Resized(80, 12));
    assert!(model.list.offset <= 47 && 47 < model.list.offset + model.list_height());
}

#[test]
fn tab_and_digits_move_the_focus() {
    let mut model = loaded();
    press(&mut model, "tab");
    assert_eq!(model.focus, Pane::Timeline);
    press(&mut model, "tab");
    assert_eq!(model.focus, Pane::Tasks);
    press(&mut model, "tab");
    assert_eq!(model.focus, Pane::Customers);
    press(&mut model, "shift-tab");
    assert_eq!(model.focus, Pane::Tasks);
    press(&mut model, "1");
    assert_eq!(model.focus, Pane::Customers);
    press(&mut model, "2");
    assert_eq!(model.focus, Pane::Timeline);
    press(&mut model, "3");
    assert_eq!(model.focus, Pane::Tasks);
    // In the Tasks pane j/k move the task cursor, not the list.
    press(&mut model, "j j");
    assert_eq!(model.task_cursor.index, 2);
    assert_eq!(model.list.index, 0);
}

#[test]
fn o_cycles_the_sort_and_loads_the_order() {
    let mut model = loaded();
    press(&mut model, "j");
    let effects = press(&mut model, "o");
    assert!(effects.contains(&Effect::LoadOrder(crate::tui::msg::Sort::LastContact)));
    assert_eq!(model.sort, crate::tui::msg::Sort::LastContact);
    assert!(
        model
            .toast
            .as_ref()
            .is_some_and(|t| t.text.contains("last contact"))
    );
    // The order arrives: longest without contact first; Bob stays selected.
    let ids = [3, 8, 6, 4, 7, 2, 1, 5].map(CustomerId).to_vec();
    feed(
        &mut model,
        [Msg::OrderLoaded(crate::tui::msg::Sort::LastContact, ids)],
    );
    let order: Vec<u64> = model
        .visible
        .iter()
        .map(|&i| model.rows[i as usize].id.0)
        .collect();
    assert_eq!(order, [3, 8, 6, 4, 7, 2, 1, 5]);
    assert_eq!(selected_name(&model), "Bob Smith");
    assert_eq!(model.list.index, 4);
}

#[test]
fn capital_s_scopes_the_tasks_to_the_selected_customer() {
    let mut model = loaded();
    let effects = press(&mut model, "S");
    assert_eq!(effects, [Effect::LoadTasks(Some(CustomerId(1)))]);
    // Moving the cursor then reloads that customer's tasks too.
    let effects = press(&mut model, "j");
    assert!(
        effects.contains(&Effect::LoadTasks(Some(CustomerId(7)))),
        "{effects:?}"
    );
    let effects = press(&mut model, "S");
    assert_eq!(effects, [Effect::LoadTasks(None)]);
}

// ---------------------------------------------------------------- filter

#[test]
fn slash_and_typing_search_and_matching_results_filter_the_list() {
    let rt = FakeRuntime::new(rows());
    let mut model = loaded();
    let effects = press(&mut model, "/");
    assert!(effects.is_empty());
    assert!(model.filter.editing);

    let effects = typed(&mut model, "wang");
    let asked = searches(&effects);
    let queries: Vec<&str> = asked.iter().map(|(_, q)| q.as_str()).collect();
    assert_eq!(queries, ["w", "wa", "wan", "wang"]);
    // A new sequence number per query.
    let seqs: Vec<u64> = asked.iter().map(|(s, _)| *s).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
    let (last, _) = asked[3];
    assert_eq!(model.filter.seq, last);
    // Nothing changes until results arrive.
    assert_eq!(model.visible.len(), 8);

    let effects = update(
        &mut model,
        Msg::Searched {
            seq: last,
            hits: rt.search("wang"),
            total: None,
        },
    );
    let mut ids: Vec<u64> = model
        .visible
        .iter()
        .map(|&i| model.rows[i as usize].id.0)
        .collect();
    // The best match is selected and loaded.
    assert_eq!(model.list.index, 0);
    assert_eq!(detail_loads(&effects), [CustomerId(ids[0])]);
    ids.sort();
    assert_eq!(ids, [2, 5, 6], "pinyin wang: 王芳, 王伟, 王伟");

    // A stale answer (an earlier query) is ignored.
    let before = model.visible.clone();
    let effects = update(
        &mut model,
        Msg::Searched {
            seq: asked[1].0,
            hits: rt.search("wa"),
            total: None,
        },
    );
    assert!(effects.is_empty());
    assert_eq!(model.visible, before);

    // Enter stops editing and keeps the filter; keys are commands again.
    press(&mut model, "enter");
    assert!(!model.filter.editing);
    assert_eq!(model.filter.input.text, "wang");
    press(&mut model, "j");
    assert_eq!(model.list.index, 1);
}

#[test]
fn typing_in_the_filter_takes_letters_that_are_bound_elsewhere() {
    let mut model = loaded();
    press(&mut model, "/");
    typed(&mut model, "qjk?:");
    assert!(!model.quit);
    assert_eq!(model.filter.input.text, "qjk?:");
    assert_eq!(model.overlay, None);
    assert_eq!(model.list.index, 0);
}

#[test]
fn esc_in_the_filter_clears_it_and_shows_everyone_again() {
    let rt = FakeRuntime::new(rows());
    let mut model = loaded();
    press(&mut model, "/");
    let effects = typed(&mut model, "zhang");
    rt.settle(&mut model, effects);
    assert_eq!(model.visible.len(), 1);
    assert_eq!(selected_name(&model), "张伟");
    let effects = press(&mut model, "esc");
    assert!(!model.filter.editing);
    assert_eq!(model.filter.input.text, "");
    assert_eq!(model.filter.hits, None);
    assert_eq!(model.visible.len(), 8);
    // The selection is kept when the filter goes away.
    assert_eq!(selected_name(&model), "张伟");
    assert!(searches(&effects).is_empty());
}

#[test]
fn a_filter_with_no_match_shows_nothing_and_keys_do_not_panic() {
    let rt = FakeRuntime::new(rows());
    let mut model = loaded();
    press(&mut model, "/");
    let effects = typed(&mut model, "zzzzqqq");
    rt.settle(&mut model, effects);
    assert!(model.visible.is_empty());
    assert_eq!(model.selected_id(), None);
    press(&mut model, "enter j k G g g pgdn x c");
    assert_eq!(model.list.index, 0);
}

// ---------------------------------------------------------------- palette

#[test]
fn a_palette_line_runs_as_a_command_and_is_remembered() {
    let mut model = loaded();
    press(&mut model, ":");
    assert_eq!(palette_text(&model), Some(""));
    typed(&mut model, "call acme: hi");
    assert_eq!(palette_text(&model), Some("call acme: hi"));
    let effects = press(&mut model, "enter");
    assert_eq!(
        effects,
        [Effect::Run(Command::Log {
            kind: InteractionKind::Call,
            customer: CustomerRef {
                text: "acme".into(),
                span: 5..9,
            },
            outcome: None,
            summary: "hi".into(),
            next: None,
            when: None,
        })]
    );
    assert_eq!(model.overlay, None);
    assert_eq!(model.history, ["call acme: hi"]);
    assert_eq!(model.pending_line.as_deref(), Some("call acme: hi"));

    // A fresh palette recalls it with ↑; ↓ goes back to an empty line.
    press(&mut model, ":");
    assert_eq!(palette_text(&model), Some(""));
    press(&mut model, "up");
    assert_eq!(palette_text(&model), Some("call acme: hi"));
    press(&mut model, "down");
    assert_eq!(palette_text(&model), Some(""));
}

#[test]
fn palette_history_walks_back_and_forth_and_drops_duplicates() {
    let mut model = loaded();
    for line in ["done 11", "call acme: hi", "done 11"] {
        press(&mut model, ":");
        typed(&mut model, line);
        press(&mut model, "enter");
    }
    assert_eq!(model.history, ["call acme: hi", "done 11"]);
    press(&mut model, ":");
    press(&mut model, "up");
    assert_eq!(palette_text(&model), Some("done 11"));
    press(&mut model, "up");
    assert_eq!(palette_text(&model), Some("call acme: hi"));
    // At the oldest line ↑ stays.
    press(&mut model, "ctrl-p");
    assert_eq!(palette_text(&model), Some("call acme: hi"));
    press(&mut model, "ctrl-n");
    assert_eq!(palette_text(&model), Some("done 11"));
}

#[test]
fn a_chinese_palette_line_runs() {
    let mut model = loaded();
    press(&mut model, ":");
    typed(&mut model, "电话张伟：想要报价 @明天");
    let effects = press(&mut model, "enter");
    let [
        Command::Log {
            kind,
            customer,
            summary,
            when,
            ..
        },
    ] = &runs(&effects)[..]
    else {
        panic!("expected one log command: {effects:?}");
    };
    assert_eq!(*kind, InteractionKind::Call);
    assert_eq!(customer.text, "张伟");
    assert_eq!(summary, "想要报价");
    assert_eq!(*when, Some(Due::Date(date(2026, 11, 23))));
}

#[test]
fn a_palette_parse_error_keeps_the_palette_open_with_its_span() {
    let mut model = loaded();
    press(&mut model, ":");
    let line = "call acme: hi @frday";
    typed(&mut model, line);
    let effects = press(&mut model, "enter");
    assert!(runs(&effects).is_empty(), "{effects:?}");
    let Some(Overlay::Palette(p)) = &model.overlay else {
        panic!("the palette closed: {:?}", model.overlay);
    };
    assert_eq!(p.input.text, line);
    let error = p.error.as_ref().expect("an error");
    assert!(!error.message.is_empty());
    let span = error.span.clone().expect("a span");
    assert!(line[span].contains("frday"));
    // Not remembered, nothing pending.
    assert!(model.history.is_empty());
    assert_eq!(model.pending_line, None);
    // Editing clears the error.
    press(&mut model, "backspace");
    let Some(Overlay::Palette(p)) = &model.overlay else {
        panic!()
    };
    assert_eq!(p.error, None);
}

#[test]
fn enter_on_an_empty_palette_closes_it() {
    let mut model = loaded();
    press(&mut model, ":");
    typed(&mut model, "   ");
    assert!(press(&mut model, "enter").is_empty());
    assert_eq!(model.overlay, None);
    assert!(model.history.is_empty());
}

#[test]
fn esc_closes_the_palette_without_running() {
    let mut model = loaded();
    press(&mut model, ":");
    typed(&mut model, "done 11");
    assert!(press(&mut model, "esc").is_empty());
    assert_eq!(model.overlay, None);
    assert!(model.history.is_empty());
}

#[test]
fn a_ui_command_typed_in_the_palette_acts_on_the_screen() {
    let mut model = loaded();
    press(&mut model, ":");
    typed(&mut model, "view today");
    let effects = press(&mut model, "enter");
    assert_eq!(effects, [Effect::LoadReview]);
    assert_eq!(model.view, Screen::Today);
    assert_eq!(model.overlay, None);
}

#[test]
fn palette_verbs_complete_from_the_first_letters() {
    let mut model = loaded();
    press(&mut model, ":");
    typed(&mut model, "sn");
    let Some(Overlay::Palette(p)) = &model.overlay else {
        panic!()
    };
    // Prefix matches first (`snooze`, once though it is a verb and a TUI
    // command), then fuzzy ones (`focus next`: s…n in order).
    assert_eq!(
        p.completions.first().map(|c| c.insert.as_str()),
        Some("snooze")
    );
    assert_eq!(
        p.completions
            .iter()
            .filter(|c| c.insert == "snooze")
            .count(),
        1
    );
    assert!(
        p.completions.iter().any(|c| c.insert == "focus next"),
        "{:?}",
        p.completions
    );
    press(&mut model, "tab");
    assert_eq!(palette_text(&model), Some("snooze "));
}

#[test]
fn palette_customer_words_complete_to_an_id_with_tab() {
    let rt = FakeRuntime::new(rows());
    let mut model = loaded();
    press(&mut model, ":");
    let effects = typed(&mut model, "call zhang");
    let asked = searches(&effects);
    assert_eq!(asked.last().map(|(_, q)| q.as_str()), Some("zhang"));
    rt.settle(&mut model, effects);
    let Some(Overlay::Palette(p)) = &model.overlay else {
        panic!()
    };
    assert_eq!(p.completions.len(), 1);
    assert_eq!(p.completions[0].label, "#3 张伟 腾达电子");
    // Searching for completions does not touch the list.
    assert_eq!(model.visible.len(), 8);
    press(&mut model, "tab");
    assert_eq!(palette_text(&model), Some("call #3: "));
    typed(&mut model, "hi");
    let effects = press(&mut model, "enter");
    assert!(
        matches!(&runs(&effects)[..], [Command::Log { customer, .. }] if customer.text == "#3"),
        "{effects:?}"
    );
}

#[test]
fn c_prefills_a_call_for_the_selected_customer_by_id() {
    let mut model = loaded();
    press(&mut model, "j");
    let effects = press(&mut model, "c");
    assert!(effects.is_empty(), "{effects:?}");
    let Some(Overlay::Palette(p)) = &model.overlay else {
        panic!("no palette: {:?}", model.overlay);
    };
    assert_eq!(p.input.text, "call #7: ");
    assert_eq!(p.input.cursor, p.input.text.len());
    typed(&mut model, "left a message");
    let effects = press(&mut model, "enter");
    assert!(
        matches!(&runs(&effects)[..], [Command::Log { customer, summary, .. }]
            if customer.text == "#7" && summary == "left a message"),
        "{effects:?}"
    );
}

#[test]
fn e_m_and_t_prefill_email_meeting_and_task() {
    for (key, line) in [
        ("e", "email #1: "),
        ("m", "meeting #1: "),
        ("t", "task #1: "),
    ] {
        let mut model = loaded();
        press(&mut model, key);
        assert_eq!(palette_text(&model), Some(line), "key {key}");
    }
}

#[test]
fn ctrl_c_quits_from_inside_the_palette_and_the_filter() {
    let mut model = loaded();
    press(&mut model, ":");
    typed(&mut model, "call ac");
    let effects = press(&mut model, "ctrl-c");
    assert_eq!(effects, [Effect::Quit]);
    assert!(model.quit);

    let mut model = loaded();
    press(&mut model, "/");
    typed(&mut model, "an");
    assert_eq!(press(&mut model, "ctrl-c"), [Effect::Quit]);
    assert!(model.quit);
}

#[test]
fn palette_editing_keys_move_and_delete() {
    let mut model = loaded();
    press(&mut model, ":");
    typed(&mut model, "call 王伟 acme");
    press(&mut model, "ctrl-w");
    assert_eq!(palette_text(&model), Some("call 王伟 "));
    press(&mut model, "backspace backspace");
    assert_eq!(palette_text(&model), Some("call 王"));
    press(&mut model, "left");
    typed(&mut model, "x");
    assert_eq!(palette_text(&model), Some("call x王"));
    press(&mut model, "home delete");
    assert_eq!(palette_text(&model), Some("all x王"));
    press(&mut model, "end ctrl-u");
    assert_eq!(palette_text(&model), Some(""));
}

// ---------------------------------------------------------------- ambiguous customers

fn ambiguous_wang_wei(span: std::ops::Range<usize>) -> Msg {
    Msg::Applied(Err(Failure {
        message: "\"wang wei\" matches 2 customers; name one by id or more words:\n  #5 王伟"
            .into(),
        span: Some(span),
        candidates: vec![
            Candidate {
                id: CustomerId(5),
                name: "王伟".into(),
                company: "远大建材".into(),
            },
            Candidate {
                id: CustomerId(6),
                name: "王伟".into(),
                company: "东方物流集团".into(),
            },
        ],
    }))
}

#[test]
fn an_ambiguous_customer_opens_a_picker_that_reruns_the_line_by_id() {
    let mut model = loaded();
    press(&mut model, ":");
    typed(&mut model, "call wang wei: hi -> send quote @fri");
    let effects = press(&mut model, "enter");
    let [Command::Log { customer, .. }] = &runs(&effects)[..] else {
        panic!("{effects:?}");
    };
    assert_eq!(customer.text, "wang wei");
    let span = customer.span.clone();

    let effects = update(&mut model, ambiguous_wang_wei(span));
    assert!(effects.is_empty());
    let Some(Overlay::Picker(p)) = &model.overlay else {
        panic!("no picker: {:?}", model.overlay);
    };
    assert_eq!(
        p.title,
        "\"wang wei\" matches 2 customers; name one by id or more words:"
    );
    let labels: Vec<&str> = p.items.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(labels, ["#5 王伟 远大建材", "#6 王伟 东方物流集团"]);
    assert_eq!(
        p.items[1].1,
        PickerAction::RunLine("call #6: hi -> send quote @fri".into())
    );

    let effects = press(&mut model, "down enter");
    assert_eq!(model.overlay, None);
    let [
        Command::Log {
            customer,
            summary,
            next,
            when,
            ..
        },
    ] = &runs(&effects)[..]
    else {
        panic!("{effects:?}");
    };
    assert_eq!(customer.text, "#6");
    assert_eq!(summary, "hi");
    assert_eq!(next.as_deref(), Some("send quote"));
    assert_eq!(*when, Some(Due::Date(date(2026, 11, 27))));
    assert_eq!(
        model.pending_line.as_deref(),
        Some("call #6: hi -> send quote @fri")
    );
}

#[test]
fn an_ambiguous_customer_in_a_chinese_line_is_replaced_by_id() {
    let mut model = loaded();
    press(&mut model, ":");
    typed(&mut model, "电话王伟：想要报价");
    let effects = press(&mut model, "enter");
    let [Command::Log { customer, .. }] = &runs(&effects)[..] else {
        panic!("{effects:?}");
    };
    assert_eq!(customer.text, "王伟");
    update(&mut model, ambiguous_wang_wei(customer.span.clone()));
    let effects = press(&mut model, "enter");
    let [
        Command::Log {
            customer, summary, ..
        },
    ] = &runs(&effects)[..]
    else {
        panic!("{effects:?}");
    };
    assert_eq!(customer.text, "#5");
    assert_eq!(summary, "想要报价");
}

#[test]
fn esc_closes_the_picker_without_running() {
    let mut model = loaded();
    press(&mut model, ":");
    typed(&mut model, "call wang wei: hi");
    press(&mut model, "enter");
    update(&mut model, ambiguous_wang_wei(5..13));
    assert!(press(&mut model, "esc").is_empty());
    assert_eq!(model.overlay, None);
}

#[test]
fn a_failure_with_a_span_reopens_the_palette_on_the_line() {
    let mut model = loaded();
    press(&mut model, ":");
    typed(&mut model, "call nobody: hi");
    press(&mut model, "enter");
    update(
        &mut model,
        Msg::Applied(Err(Failure {
            message: "no customer matches \"nobody\"".into(),
            span: Some(5..11),
            candidates: vec![],
        })),
    );
    let Some(Overlay::Palette(p)) = &model.overlay else {
        panic!("{:?}", model.overlay);
    };
    assert_eq!(p.input.text, "call nobody: hi");
    assert_eq!(p.error.as_ref().and_then(|e| e.span.clone()), Some(5..11));
}

#[test]
fn a_failure_of_a_key_command_is_a_toast() {
    let mut model = loaded();
    press(&mut model, "3 x");
    update(
        &mut model,
        Msg::Applied(Err(Failure {
            message: "task #11 is already done".into(),
            span: None,
            candidates: vec![],
        })),
    );
    assert_eq!(model.overlay, None);
    let toast = model.toast.as_ref().expect("a toast");
    assert!(toast.error);
    assert_eq!(toast.text, "task #11 is already done");
}

fn outcome(done: Done, undo: Undo) -> Msg {
    Msg::Applied(Ok(Box::new(Outcome { done, undo })))
}

/// What snoozing #11 from the 20th to the 23rd changed.
fn snoozed() -> (Done, Undo) {
    let before = super::fixtures::task(
        11,
        Some(1),
        "send quote",
        Some(Due::Date(date(2026, 11, 20))),
    );
    let mut after = before.clone();
    after.due = Some(Due::Date(date(2026, 11, 23)));
    let undo = Undo {
        changes: vec![Change::Task {
            id: TaskId(11),
            before: Some(Box::new(before)),
            after: Some(Box::new(after.clone())),
        }],
    };
    (Done::Snoozed(after), undo)
}

#[test]
fn a_done_command_shows_its_message_and_reloads() {
    let mut model = loaded();
    press(&mut model, "3 s enter");
    let (done, undo) = snoozed();
    let effects = update(&mut model, outcome(done, undo));
    let toast = model.toast.as_ref().expect("a toast");
    assert!(
        !toast.error && toast.text.ends_with("— u undo"),
        "{toast:?}"
    );
    assert_eq!(model.pending_line, None);
    assert!(
        effects.contains(&Effect::LoadDetail(CustomerId(1))),
        "{effects:?}"
    );
    assert!(effects.contains(&Effect::LoadTasks(None)), "{effects:?}");
    assert!(effects.contains(&Effect::LoadReview), "{effects:?}");
    assert!(!effects.contains(&Effect::LoadNames), "{effects:?}");

    // A new customer changes the names: reload them.
    let added = detail(CustomerId(9)).customer;
    let effects = update(
        &mut model,
        outcome(Done::CustomerAdded(added, Vec::new()), Undo::default()),
    );
    assert!(effects.contains(&Effect::LoadNames), "{effects:?}");
}

#[test]
fn u_takes_back_the_last_write_of_the_session() {
    let mut model = loaded();
    assert!(press(&mut model, "u").is_empty());
    assert!(model.toast.as_ref().is_some_and(|t| t.error));

    press(&mut model, "3 s enter");
    let (done, undo) = snoozed();
    update(&mut model, outcome(done, undo.clone()));
    assert_eq!(press(&mut model, "u"), [Effect::Undo(undo)]);
    // Only once.
    assert!(press(&mut model, "u").is_empty());
}

// ---------------------------------------------------------------- tasks

#[test]
fn x_on_the_tasks_pane_completes_the_selected_task() {
    let mut model = loaded();
    let effects = press(&mut model, "3 x");
    assert_eq!(
        effects,
        [Effect::Run(Command::Done {
            tasks: vec![TaskId(11)]
        })]
    );
    let effects = press(&mut model, "j x");
    assert_eq!(
        effects,
        [Effect::Run(Command::Done {
            tasks: vec![TaskId(12)]
        })]
    );
}

#[test]
fn x_with_no_tasks_says_so() {
    let mut model = loaded();
    feed(&mut model, [Msg::TasksLoaded(vec![])]);
    assert!(press(&mut model, "3 x").is_empty());
    assert!(model.toast.as_ref().is_some_and(|t| t.error));
}

#[test]
fn s_opens_the_snooze_picker_and_enter_snoozes_until_tomorrow() {
    let mut model = loaded();
    let effects = press(&mut model, "3 s");
    assert!(effects.is_empty());
    let Some(Overlay::Picker(p)) = &model.overlay else {
        panic!("no picker: {:?}", model.overlay);
    };
    assert_eq!(p.title, "Snooze #11 send quote (Ann Lee) until");
    assert_eq!(p.items.len(), 6);
    assert_eq!(p.cursor, 0);
    let effects = press(&mut model, "enter");
    assert_eq!(
        effects,
        [Effect::Run(Command::Snooze {
            task: TaskId(11),
            until: Due::Date(date(2026, 11, 23)),
        })]
    );
    assert_eq!(model.pending_line.as_deref(), Some("snooze 11 @tomorrow"));
    assert_eq!(model.overlay, None);
}

#[test]
fn every_snooze_preset_parses_to_a_later_day() {
    for (downs, expected) in [
        (0, date(2026, 11, 23)),
        (1, date(2026, 11, 24)),
        (2, date(2026, 11, 23)), // "next week" on a Sunday: Monday
        (3, date(2026, 11, 29)),
        (4, date(2026, 12, 6)),
        (5, date(2026, 12, 22)),
    ] {
        let mut model = loaded();
        press(&mut model, "3 s");
        for _ in 0..downs {
            press(&mut model, "down");
        }
        let effects = press(&mut model, "enter");
        assert_eq!(
            runs(&effects),
            [Command::Snooze {
                task: TaskId(11),
                until: Due::Date(expected)
            }],
            "preset {downs}"
        );
    }
}

#[test]
fn the_snooze_picker_cursor_stays_on_its_items() {
    let mut model = loaded();
    press(&mut model, "3 s up up");
    let Some(Overlay::Picker(p)) = &model.overlay else {
        panic!()
    };
    assert_eq!(p.cursor, 0);
    press(&mut model, "down down down down down down down down");
    let Some(Overlay::Picker(p)) = &model.overlay else {
        panic!()
    };
    assert_eq!(p.cursor, 5);
}

// ---------------------------------------------------------------- views and overlays

#[test]
fn capital_t_opens_today_and_esc_goes_back() {
    let mut model = loaded();
    let effects = press(&mut model, "T");
    assert_eq!(effects, [Effect::LoadReview]);
    assert_eq!(model.view, Screen::Today);
    // Today's rows: overdue #11, today #12 #13, upcoming #16 #14 #15,
    // then the two customers gone quiet.
    let effects = press(&mut model, "j x");
    assert_eq!(
        effects,
        [Effect::Run(Command::Done {
            tasks: vec![TaskId(12)]
        })]
    );
    press(&mut model, "G");
    assert_eq!(model.today.index, 7);
    press(&mut model, "j");
    assert_eq!(model.today.index, 7);
    assert!(press(&mut model, "esc").is_empty());
    assert_eq!(model.view, Screen::Main);
    press(&mut model, "ctrl-t");
    assert_eq!(model.view, Screen::Today);
    press(&mut model, "T");
    assert_eq!(model.view, Screen::Main);
}

#[test]
fn enter_in_today_opens_the_task_customer_in_the_main_view() {
    let mut model = loaded();
    let effects = press(&mut model, "T j j enter");
    assert_eq!(model.view, Screen::Main);
    assert_eq!(model.focus, Pane::Customers);
    // #13 is 张伟's task.
    assert_eq!(selected_name(&model), "张伟");
    assert!(
        detail_loads(&effects).contains(&CustomerId(3)),
        "{effects:?}"
    );
    // Enter on a task without a customer (#16) says so.
    let mut model = loaded();
    press(&mut model, "T j j j enter");
    assert_eq!(model.view, Screen::Today);
    assert!(model.toast.as_ref().is_some_and(|t| t.error));
}

#[test]
fn y_shows_which_key_and_y_p_copies_the_phone() {
    let mut model = loaded();
    assert!(press(&mut model, "y").is_empty());
    let hints: Vec<(String, String)> = model
        .which_key
        .iter()
        .map(|(k, d)| (k.to_string(), d.clone()))
        .collect();
    assert!(
        hints.contains(&("p".into(), "Copy phone".into())),
        "{hints:?}"
    );
    assert!(
        hints.contains(&("e".into(), "Copy email".into())),
        "{hints:?}"
    );
    let effects = press(&mut model, "p");
    assert_eq!(effects, [Effect::Copy("+1 555 0100".into())]);
    assert!(model.which_key.is_empty() && model.pending.is_empty());
    assert!(
        model
            .toast
            .as_ref()
            .is_some_and(|t| t.text.contains("+1 555 0100"))
    );
    assert_eq!(
        press(&mut model, "y e"),
        [Effect::Copy("ann@acme.com".into())]
    );
}

#[test]
fn copying_a_missing_phone_says_so() {
    let mut model = loaded();
    press_settled(&mut model, "G");
    assert_eq!(
        model.detail.as_ref().map(|d| d.customer.id),
        Some(CustomerId(8))
    );
    assert!(press(&mut model, "y p").is_empty());
    assert!(
        model
            .toast
            .as_ref()
            .is_some_and(|t| t.error && t.text.contains("陈静"))
    );
}

#[test]
fn question_mark_toggles_help_and_esc_closes_it() {
    let mut model = loaded();
    press(&mut model, "?");
    assert_eq!(model.overlay, Some(Overlay::Help { scroll: 0 }));
    press(&mut model, "?");
    assert_eq!(model.overlay, None);
    press(&mut model, "? j j");
    assert_eq!(model.overlay, Some(Overlay::Help { scroll: 2 }));
    // Help keys do not reach the list.
    assert_eq!(model.list.index, 0);
    press(&mut model, "esc");
    assert_eq!(model.overlay, None);
    press(&mut model, "f1");
    assert!(matches!(model.overlay, Some(Overlay::Help { .. })));
    press(&mut model, "q");
    assert_eq!(model.overlay, None);
    assert!(!model.quit);
}

#[test]
fn help_scrolls_back_at_once_after_paging_past_the_end() {
    let mut model = loaded();
    press(&mut model, "?");
    let top = super::fixtures::text(&super::fixtures::draw(&model, 80, 24));
    for _ in 0..100 {
        press(&mut model, "space");
    }
    let bottom = super::fixtures::text(&super::fixtures::draw(&model, 80, 24));
    assert_ne!(top, bottom, "help did not scroll");
    press(&mut model, "k");
    let after = super::fixtures::text(&super::fixtures::draw(&model, 80, 24));
    assert_ne!(after, bottom, "`k` after the end did not scroll up");
}

#[test]
fn q_quits() {
    let mut model = loaded();
    assert_eq!(press(&mut model, "q"), [Effect::Quit]);
    assert!(model.quit);
}

// ---------------------------------------------------------------- runtime messages

#[test]
fn a_tick_checks_the_generation_and_expires_the_toast() {
    let mut model = loaded();
    press(&mut model, "y p");
    assert!(model.toast.is_some());
    let later = now() + Duration::seconds(1);
    assert_eq!(
        update(&mut model, Msg::Tick(later)),
        [Effect::CheckGeneration]
    );
    assert_eq!(model.now, later);
    assert!(model.toast.is_some());
    let effects = update(&mut model, Msg::Tick(now() + Duration::seconds(10)));
    assert_eq!(effects, [Effect::CheckGeneration]);
    assert!(model.toast.is_none());
}

#[test]
fn a_generation_change_reloads_what_is_shown() {
    let mut model = loaded();
    // The first counter is the baseline.
    assert!(update(&mut model, Msg::Generation { all: 10, names: 3 }).is_empty());
    assert!(update(&mut model, Msg::Generation { all: 10, names: 3 }).is_empty());
    // Another process logged a call: details, tasks and review reload.
    let effects = update(&mut model, Msg::Generation { all: 11, names: 3 });
    assert!(
        effects.contains(&Effect::LoadDetail(CustomerId(1))),
        "{effects:?}"
    );
    assert!(effects.contains(&Effect::LoadTasks(None)), "{effects:?}");
    assert!(effects.contains(&Effect::LoadReview), "{effects:?}");
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::LoadRowDetails(_))),
        "{effects:?}"
    );
    assert!(!effects.contains(&Effect::LoadNames), "{effects:?}");
    // Another process added a customer: names reload too.
    let effects = update(&mut model, Msg::Generation { all: 12, names: 4 });
    assert!(effects.contains(&Effect::LoadNames), "{effects:?}");
}

#[test]
fn reloaded_names_keep_the_selection() {
    let mut model = loaded();
    press(&mut model, "j j j");
    assert_eq!(selected_name(&model), "李娜 Lina");
    // A customer whose name sorts first was added elsewhere.
    let mut more = rows();
    more.push(crate::tui::msg::Row {
        id: CustomerId(9),
        name: "Aaron Abel".into(),
        company: String::new(),
        email: String::new(),
    });
    feed(&mut model, [Msg::NamesLoaded(more)]);
    assert_eq!(selected_name(&model), "李娜 Lina");
    assert_eq!(model.list.index, 4);
}

#[test]
fn shutdown_quits() {
    let mut model = loaded();
    assert_eq!(update(&mut model, Msg::Shutdown), [Effect::Quit]);
    assert!(model.quit);
}

#[test]
fn a_load_failure_is_an_error_toast() {
    let mut model = loaded();
    update(&mut model, Msg::LoadFailed("database is locked".into()));
    assert!(
        model
            .toast
            .as_ref()
            .is_some_and(|t| t.error && t.text == "database is locked")
    );
}

#[test]
fn paste_goes_into_the_palette_with_newlines_as_spaces() {
    let mut model = loaded();
    press(&mut model, ":");
    update(&mut model, Msg::Paste("call acme:\nhi".into()));
    assert_eq!(palette_text(&model), Some("call acme: hi"));
    // Outside an input a paste does nothing.
    press(&mut model, "esc");
    assert!(update(&mut model, Msg::Paste("q".into())).is_empty());
    assert!(!model.quit);
}

// ---------------------------------------------------------------- filter and palette share a counter

fn filtered_ids(model: &Model) -> Vec<u64> {
    let mut ids: Vec<u64> = model
        .visible
        .iter()
        .map(|&i| model.rows[i as usize].id.0)
        .collect();
    ids.sort();
    ids
}

#[test]
fn a_late_palette_completion_does_not_replace_the_filter_results() {
    let rt = FakeRuntime::new(rows());
    let mut model = loaded();
    press(&mut model, "/");
    let effects = typed(&mut model, "wang");
    rt.settle(&mut model, effects);
    press(&mut model, "enter");
    assert_eq!(filtered_ids(&model), [2, 5, 6]);
    // Ask for completions, then close the palette before they arrive.
    press(&mut model, ":");
    let asked = searches(&typed(&mut model, "call zhang"));
    press(&mut model, "esc");
    let (seq, query) = asked.last().cloned().expect("a completion search");
    update(
        &mut model,
        Msg::Searched {
            seq,
            hits: rt.search(&query),
            total: None,
        },
    );
    assert_eq!(model.filter.input.text, "wang");
    assert_eq!(
        filtered_ids(&model),
        [2, 5, 6],
        "the list shows {query:?} results"
    );
}

#[test]
fn filter_results_arriving_while_the_palette_searches_are_kept() {
    let rt = FakeRuntime::new(rows());
    let mut model = loaded();
    press(&mut model, "/");
    let asked = searches(&typed(&mut model, "zhang"));
    press(&mut model, "enter");
    press(&mut model, ":");
    typed(&mut model, "call wa");
    // The filter's answer arrives now.
    let (seq, query) = asked.last().cloned().expect("a filter search");
    update(
        &mut model,
        Msg::Searched {
            seq,
            hits: rt.search(&query),
            total: None,
        },
    );
    assert_eq!(
        filtered_ids(&model),
        [3],
        "the filter for {query:?} was dropped"
    );
}

#[test]
fn a_form_is_kept_as_a_draft_when_the_app_is_told_to_stop() {
    let mut model = loaded();
    press(&mut model, "a");
    assert_eq!(model.overlay, Some(Overlay::Form));
    typed(&mut model, "Zoe");
    let effects = update(&mut model, Msg::Shutdown);
    let draft = effects.iter().find_map(|e| match e {
        Effect::SaveDraft(d) => Some(d.fields[0].clone()),
        _ => None,
    });
    assert_eq!(draft.as_deref(), Some("Zoe"));
    assert_eq!(effects.last(), Some(&Effect::Quit));
    assert!(model.quit);
}

#[test]
fn form_fields_are_validated_as_typed_and_saved_as_a_patch() {
    let mut model = loaded();
    press(&mut model, "E");
    assert_eq!(model.overlay, Some(Overlay::Form));
    // Tab to Emails, append a bad address: the error shows at once.
    press(&mut model, "tab tab tab end");
    typed(&mut model, ", nope");
    let form = model.form.as_ref().expect("form open");
    assert!(
        form.errors[3]
            .as_deref()
            .is_some_and(|e| e.contains("\"nope\"")),
        "{:?}",
        form.errors
    );
    // Saving refuses and focuses the bad field.
    let effects = press(&mut model, "ctrl-s");
    assert!(!effects.iter().any(|e| matches!(e, Effect::SaveCustomer(_))));
    assert_eq!(model.form.as_ref().map(|f| f.focus), Some(3));
    // Fix it: only the changed list is in the patch.
    press(
        &mut model,
        "backspace backspace backspace backspace backspace backspace",
    );
    typed(&mut model, ", ann2@acme.com");
    let effects = press(&mut model, "ctrl-s");
    let patch = effects.iter().find_map(|e| match e {
        Effect::SaveCustomer(crate::tui::msg::SaveCustomer::Edit(_, patch)) => Some(patch.clone()),
        _ => None,
    });
    let patch = patch.expect("saved as an edit");
    assert_eq!(patch.add_emails, vec!["ann2@acme.com"]);
    assert_eq!(patch.name, None);
}

#[test]
fn the_first_page_draws_before_all_names_and_the_full_load_keeps_the_selection() {
    let mut model = crate::tui::tests::fixtures::empty_model();
    let page: Vec<_> = rows()
        .into_iter()
        .filter(|r| r.name.starts_with('A') || r.name.starts_with('B'))
        .collect();
    update(
        &mut model,
        Msg::FirstPage {
            rows: page,
            total: 8,
        },
    );
    assert!(model.names_loaded && model.partial);
    assert_eq!(model.customer_total, 8);
    assert_eq!(model.visible.len(), 2);
    press(&mut model, "j");
    let selected = model.selected_id();
    let all = rows();
    let by_name = crate::tui::update::list::by_name(&all);
    update(&mut model, Msg::NamesSorted { rows: all, by_name });
    assert!(!model.partial);
    assert_eq!(model.visible.len(), 8);
    assert_eq!(
        model.selected_id(),
        selected,
        "the full load keeps the selection"
    );
    // A late first page never replaces the full list.
    update(
        &mut model,
        Msg::FirstPage {
            rows: vec![],
            total: 0,
        },
    );
    assert_eq!(model.visible.len(), 8);
}
