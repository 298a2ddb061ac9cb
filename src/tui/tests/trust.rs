//! Issue 11 in the app: a key acts on the visibly selected row of the
//! focused pane and nothing else, and every list and picker shows its
//! selected row in reverse video — with the NO_COLOR theme the fixtures
//! draw with, so the REVERSED modifier is all there is to see.

use super::fixtures::{FakeRuntime, draw, draw_at, feed, lines, loaded, press, rows, typed};
use crate::domain::CustomerId;
use crate::exec::Candidate;
use crate::tui::model::Model;
use crate::tui::msg::{Failure, Msg};
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;
use unicode_width::UnicodeWidthStr;

// ---------------------------------------------------------------- helpers

/// The glyphs of row `y`: (first column, symbol), a wide one once.
fn glyphs(buffer: &Buffer, y: u16) -> Vec<(u16, String)> {
    let mut out = Vec::new();
    let mut x = 0;
    while x < buffer.area.width {
        let symbol = buffer[(x, y)].symbol().to_string();
        let w = symbol.width().max(1) as u16;
        out.push((x, symbol));
        x += w;
    }
    out
}

/// The cells that draw `needle` on screen (the first row and place it is
/// found), or `None` when it is not on screen.
fn cells_of(buffer: &Buffer, needle: &str) -> Option<Vec<(u16, u16)>> {
    let wanted: Vec<String> = needle.chars().map(String::from).collect();
    for y in 0..buffer.area.height {
        let row = glyphs(buffer, y);
        let symbols: Vec<&str> = row.iter().map(|(_, s)| s.as_str()).collect();
        if let Some(at) = symbols
            .windows(wanted.len())
            .position(|w| w.iter().zip(&wanted).all(|(a, b)| a == b))
        {
            return Some(
                row[at..at + wanted.len()]
                    .iter()
                    .map(|(x, _)| (*x, y))
                    .collect(),
            );
        }
    }
    None
}

/// Whether every cell of `needle` on screen is drawn reversed.
fn reversed(buffer: &Buffer, needle: &str) -> bool {
    let cells = cells_of(buffer, needle)
        .unwrap_or_else(|| panic!("{needle:?} is not on screen:\n{}", lines(buffer).join("\n")));
    cells
        .iter()
        .all(|&(x, y)| buffer[(x, y)].modifier.contains(Modifier::REVERSED))
}

fn assert_reversed(buffer: &Buffer, needle: &str, what: &str) {
    assert!(
        reversed(buffer, needle),
        "{what}: {needle:?} is not drawn reversed:\n{}",
        lines(buffer).join("\n")
    );
}

fn assert_plain(buffer: &Buffer, needle: &str, what: &str) {
    let cells = cells_of(buffer, needle).unwrap_or_default();
    assert!(
        cells
            .iter()
            .all(|&(x, y)| !buffer[(x, y)].modifier.contains(Modifier::REVERSED)),
        "{what}: {needle:?} is drawn reversed but is not the selection"
    );
}

/// The palette line "电话王伟：想要报价" answered with two 王伟.
pub fn ambiguous(model: &mut Model) {
    press(model, ":");
    typed(model, "电话王伟：想要报价");
    press(model, "enter");
    feed(
        model,
        [Msg::Applied(Err(Failure {
            message: "\"王伟\" matches 2 customers; name one by id or more words:".into(),
            span: Some(6..12),
            candidates: [(5, "远大建材"), (6, "东方物流集团")]
                .into_iter()
                .map(|(id, company)| Candidate {
                    id: CustomerId(id),
                    name: "王伟".into(),
                    company: company.into(),
                })
                .collect(),
        }))],
    );
}

// ---------------------------------------------------------------- item 2: selection shown

/// Regression: the snooze picker drew its rows through `clip`, which
/// dropped the line's own style — no row looked selected.
#[test]
fn the_snooze_picker_shows_its_selected_row_reversed() {
    let mut model = loaded();
    press(&mut model, "3 s");
    let buffer = draw_at(&mut model, 80, 24);
    assert_reversed(&buffer, "Tomorrow", "snooze picker, first row");
    assert_plain(&buffer, "In 2 days", "snooze picker");
    press(&mut model, "down");
    let buffer = draw_at(&mut model, 80, 24);
    assert_reversed(&buffer, "In 2 days", "snooze picker after ↓");
    assert_plain(&buffer, "Tomorrow", "snooze picker after ↓");
}

/// Regression: after a snooze moved the selected task down the Tasks pane,
/// the cursor kept its position and so sat on another row (visibly
/// selected, but not the one the user chose). It follows the task now.
#[test]
fn the_tasks_cursor_follows_its_task_when_a_reload_reorders_the_pane() {
    use crate::domain::{Due, TaskId};
    let mut model = loaded();
    press(&mut model, "3");
    let chosen = "send quote · Ann Lee #11";
    assert_reversed(&draw_at(&mut model, 120, 40), chosen, "before the snooze");
    // Task 11 snoozed to the 26th: no longer overdue, it moves below the
    // cases and the tasks due before it (rows come soonest first).
    let mut reloaded = super::fixtures::tasks();
    for row in &mut reloaded {
        if row.task.id == TaskId(11) {
            row.task.due = NaiveDate::from_ymd_opt(2026, 11, 26).map(Due::Date);
        }
    }
    reloaded.sort_by_key(|r| r.task.due.map(|d| d.sort_key()));
    feed(&mut model, [Msg::TasksLoaded(reloaded)]);
    let buffer = draw_at(&mut model, 120, 40);
    assert_reversed(&buffer, chosen, "after the snooze");
    assert_plain(&buffer, "回访王芳", "the row that took its place");
}

/// Regression: at 80 columns a long task or case row was cut at its end,
/// losing the `#id` a user types to act on it. The title is shortened
/// instead, in the Tasks pane and in Today.
#[test]
fn a_long_row_keeps_its_id_at_80_columns() {
    use crate::domain::TaskId;
    let mut model = loaded();
    let mut long = super::fixtures::tasks();
    for row in &mut long {
        if row.task.id == TaskId(11) {
            row.task.title = "send the revised quote with the volume discount table".into();
        }
    }
    feed(&mut model, [Msg::TasksLoaded(long)]);
    let screen = lines(&draw_at(&mut model, 80, 24));
    let row = screen
        .iter()
        .find(|l| l.contains("send the"))
        .unwrap_or_else(|| panic!("the task is shown:\n{}", screen.join("\n")));
    let pane = row
        .rsplit('│')
        .nth(1)
        .or(row.rsplit('┃').nth(1))
        .unwrap_or(row);
    assert!(pane.trim_end().ends_with("#11"), "{row}");
    assert!(pane.contains('…'), "the title is what gave way: {row}");
}

/// Regression: the ambiguous-customer picker showed no selected row.
#[test]
fn the_ambiguous_customer_picker_shows_its_selected_row_reversed() {
    let mut model = loaded();
    ambiguous(&mut model);
    let buffer = draw_at(&mut model, 80, 24);
    assert_reversed(&buffer, "#5 王伟 远大建材", "ambiguous picker");
    assert_plain(&buffer, "#6 王伟 东方物流集团", "ambiguous picker");
    press(&mut model, "down");
    let buffer = draw_at(&mut model, 80, 24);
    assert_reversed(&buffer, "#6 王伟 东方物流集团", "ambiguous picker after ↓");
}

/// Regression: the Tasks pane hid its selection under an overlay, and
/// the Timeline showed its own only while focused.
#[test]
fn every_pane_shows_its_selection_focused_or_not() {
    let mut model = loaded();
    let customer = "Ann Lee Acme Corp";
    let task = "send quote · Ann Lee #11";
    let entry = "discussed Q4 renewal";
    for keys in ["1", "2", "3"] {
        press(&mut model, keys);
        let buffer = draw_at(&mut model, 120, 40);
        assert_reversed(&buffer, customer, &format!("customers after {keys}"));
        assert_reversed(&buffer, task, &format!("tasks after {keys}"));
        assert_reversed(&buffer, entry, &format!("timeline after {keys}"));
    }
    // Under an overlay too: the rows behind it are still marked.
    press(&mut model, ":");
    let buffer = draw_at(&mut model, 120, 40);
    assert_reversed(&buffer, customer, "customers under the palette");
    assert_reversed(&buffer, task, "tasks under the palette");
}

#[test]
fn the_pane_with_the_keys_shows_the_full_selection_the_others_a_dimmer_one() {
    let mut model = loaded();
    press(&mut model, "3");
    let buffer = draw_at(&mut model, 120, 40);
    let dim = |needle: &str| {
        cells_of(&buffer, needle)
            .unwrap_or_default()
            .iter()
            .all(|&(x, y)| buffer[(x, y)].modifier.contains(Modifier::DIM))
    };
    assert!(!dim("send quote · Ann Lee #11"), "focused: full");
    assert!(dim("Ann Lee Acme Corp"), "unfocused: dimmer");
}

#[test]
fn the_today_view_and_the_deals_board_keep_their_selection_under_an_overlay() {
    let mut model = loaded();
    press(&mut model, "T j :");
    let buffer = draw_at(&mut model, 120, 40);
    assert_reversed(&buffer, "回访王芳 · 王芳 #12", "today under the palette");

    let mut model = loaded();
    feed(&mut model, [Msg::Resized(100, 30)]);
    press(&mut model, "D");
    feed(
        &mut model,
        [Msg::DealsLoaded(Box::new(super::deals::board()))],
    );
    press(&mut model, ":");
    let buffer = draw(&model, 100, 30);
    assert_reversed(&buffer, "#3 Acme renew", "deals under the palette");
}

/// Tab inserts the first completion: it is marked like a picker's row.
#[test]
fn the_completion_tab_inserts_is_marked() {
    let rt = FakeRuntime::new(rows());
    let mut model = loaded();
    press(&mut model, ":");
    let effects = typed(&mut model, "call wang");
    rt.settle(&mut model, effects);
    let first = match &model.overlay {
        Some(crate::tui::model::Overlay::Palette(p)) => p.completions[0].label.clone(),
        other => panic!("no palette: {other:?}"),
    };
    let buffer = draw_at(&mut model, 120, 40);
    assert_reversed(&buffer, &first, "the first completion");
}

// ---------------------------------------------------------------- item 1: keys hit the visible row

use crate::config::keymap::Keymap;
use crate::domain::{CaseId, TaskId};
use crate::palette::Command;
use crate::tui::model::{Overlay, Screen};
use crate::tui::msg::{Effect, Segment};
use std::sync::Arc;

/// The default keymap with `extra` (a user keymap.toml) merged over it.
fn with_keys(model: &mut Model, extra: &str) {
    let now = super::fixtures::now().naive_local();
    let validate = |c: &str| -> Result<(), String> {
        crate::palette::parse(c, now)
            .map(drop)
            .map_err(|e| e.message)
    };
    let keymap = Keymap::from_user_text(extra, "test keymap.toml", "default", &validate)
        .expect("the test keymap loads");
    model.keymap = Arc::new(keymap);
}

fn toast(model: &Model) -> String {
    model
        .toast
        .as_ref()
        .filter(|t| t.error)
        .map(|t| t.text.clone())
        .unwrap_or_default()
}

fn palette_text(model: &Model) -> String {
    match &model.overlay {
        Some(Overlay::Palette(p)) => p.input.text.clone(),
        other => panic!("no palette: {other:?}"),
    }
}

/// Regression (issue 11): with Amy Taylor selected in Customers, `x`
/// completed the top row of the "everyone" Tasks pane — another
/// customer's task. Here: Bob Smith selected, Ann Lee's task on top.
#[test]
fn x_with_a_customer_selected_never_completes_another_customers_task() {
    let mut model = loaded();
    press(&mut model, "j");
    assert_eq!(model.selected_id(), Some(CustomerId(7)), "Bob Smith");
    for key in ["x", "s"] {
        let effects = press(&mut model, key);
        assert!(effects.is_empty(), "{key} acted: {effects:?}");
        assert!(model.overlay.is_none(), "{key} opened {:?}", model.overlay);
        assert_eq!(
            toast(&model),
            "Select a task of Bob Smith first (3 focuses Tasks)"
        );
    }
    // Bob's own task selected in the Tasks pane: then x is for it.
    press(&mut model, "3 j j j j 1");
    assert_eq!(
        press(&mut model, "x"),
        [Effect::Run(Command::Done {
            tasks: vec![TaskId(14)]
        })]
    );
    // The Timeline is Bob's too: the same rule.
    press(&mut model, "2");
    let effects = press(&mut model, "s");
    assert!(effects.is_empty());
    assert!(
        matches!(&model.overlay, Some(Overlay::Picker(p)) if p.title.contains("#14 prepare contract")),
        "{:?}",
        model.overlay
    );
}

#[test]
fn a_case_is_resolved_from_the_customer_only_when_it_is_theirs() {
    let mut model = loaded();
    let case = crate::tui::msg::CaseRow {
        case: super::panes_sales::case(
            3,
            2,
            crate::domain::CaseKind::Complaint,
            "invoice wrong",
            super::fixtures::at(2026, 11, 20, 9, 0),
        ),
        customer_name: Some("王芳".into()),
    };
    feed(&mut model, [Msg::CasesLoaded(vec![case])]);
    // Task 11 (Ann's, overdue) first, then the case: select the case.
    press(&mut model, "3 j 1");
    assert_eq!(model.selected_id(), Some(CustomerId(1)), "Ann Lee");
    assert!(press(&mut model, "x").is_empty(), "王芳's case, not Ann's");
    assert!(toast(&model).starts_with("Select a task of Ann Lee first"));
    press(&mut model, "3");
    assert_eq!(
        press(&mut model, "x"),
        [Effect::Run(Command::Resolve {
            case: CaseId(3),
            resolution: String::new(),
        })]
    );
}

/// Regression: the row keys ignored overlays, so a key bound in the
/// picker acted on the Tasks pane's row hidden behind it.
#[test]
fn no_row_key_acts_behind_an_overlay() {
    let mut model = loaded();
    with_keys(
        &mut model,
        "[picker]\n\"x\" = \"done\"\n\"c\" = \"prefill call\"\n\"E\" = \"customer edit\"\n",
    );
    press(&mut model, "3 s");
    assert!(matches!(model.overlay, Some(Overlay::Picker(_))));
    for key in ["x", "c", "E"] {
        let effects = press(&mut model, key);
        assert!(effects.is_empty(), "{key}: {effects:?}");
        assert!(
            matches!(model.overlay, Some(Overlay::Picker(_))),
            "{key} replaced the picker"
        );
        assert!(
            toast(&model).starts_with("Close the overlay first"),
            "{key}"
        );
    }
}

/// Regression: `c`, `E` and `y p` acted on the customer selected in
/// Customers even while the focused Tasks pane showed someone else's row.
#[test]
fn customer_keys_act_on_the_focused_rows_customer() {
    let mut model = loaded();
    press(&mut model, "3 j j j j");
    press(&mut model, "c");
    assert_eq!(palette_text(&model), "call #7: ", "Bob's task selected");
    press(&mut model, "esc");
    // E edits the row itself: Bob's task, in its form.
    assert!(press(&mut model, "E").is_empty());
    assert_eq!(
        model.form.as_ref().map(|f| f.title()).as_deref(),
        Some("Edit task #14")
    );
    press(&mut model, "esc");
    // Bob's card is not the one on screen (Ann's is): no notes to edit,
    // nothing to copy.
    for key in ["n", "y p", "y e"] {
        let effects = press(&mut model, key);
        assert!(effects.is_empty(), "{key}: {effects:?}");
        assert!(model.overlay.is_none(), "{key} opened {:?}", model.overlay);
        assert_eq!(
            toast(&model),
            "Open Bob Smith first: their card is not on screen",
            "{key}"
        );
    }
    // A task without a customer: a prefill names no one.
    press(&mut model, "k");
    press(&mut model, "c");
    assert_eq!(palette_text(&model), "call ");
    press(&mut model, "esc");
    // Ann's own task: her card is on screen, so y e copies her email.
    press(&mut model, "g g");
    assert_eq!(
        press(&mut model, "y e"),
        [Effect::Copy("ann@acme.com".into())]
    );
}

/// Regression: a Today row's customer keys (bound by a user) acted on
/// the main view's customer, which the Today view does not show.
#[test]
fn the_today_view_acts_on_its_own_row() {
    let mut model = loaded();
    with_keys(
        &mut model,
        "[today]\n\"c\" = \"prefill call\"\n\"y\" = \"copy phone\"\n",
    );
    press(&mut model, "T j");
    press(&mut model, "c");
    assert_eq!(palette_text(&model), "call #2: ", "王芳's task");
    press(&mut model, "esc");
    assert!(press(&mut model, "y").is_empty(), "Ann's phone, not 王芳's");
    assert_eq!(
        toast(&model),
        "Open 王芳 first: their card is not on screen"
    );
}

/// Regression: Enter on a row whose customer a saved view hides selected
/// the view's first row — someone else — instead.
#[test]
fn open_selects_the_rows_customer_or_no_one() {
    let mut model = loaded();
    feed(
        &mut model,
        [Msg::SegmentLoaded(Ok(Segment {
            name: "vip".into(),
            ids: vec![CustomerId(1)],
        }))],
    );
    press(&mut model, "T j enter");
    assert_eq!(model.view, Screen::Main);
    assert_eq!(
        model.selected_id(),
        Some(CustomerId(2)),
        "王芳, out of the view"
    );
    assert!(model.segment.is_none(), "the view was cleared to show her");
}

#[test]
fn deal_keys_act_on_the_selected_deal_and_nothing_behind_an_overlay() {
    let mut model = loaded();
    with_keys(&mut model, "[palette]\n\"ctrl-o\" = \"won\"\n");
    feed(&mut model, [Msg::Resized(100, 30)]);
    press(&mut model, "D");
    feed(
        &mut model,
        [Msg::DealsLoaded(Box::new(super::deals::board()))],
    );
    // The board draws #3 selected; w wins #3.
    let effects = press(&mut model, "w");
    assert!(
        matches!(&effects[..], [Effect::Run(Command::Won { deal, .. })] if deal.0 == 3),
        "{effects:?}"
    );
    press(&mut model, "L");
    assert_eq!(palette_text(&model), "lost 3: ");
    assert!(press(&mut model, "ctrl-o").is_empty(), "behind the palette");
    assert!(toast(&model).starts_with("Close the overlay first"));
    // The main view has no deal selected.
    press(&mut model, "esc esc");
    with_keys(&mut model, "[main]\n\"w\" = \"won\"\n");
    assert_eq!(model.view, Screen::Main);
    assert!(press(&mut model, "w").is_empty());
    assert_eq!(toast(&model), "Select a deal first");
}

// ---------------------------------------------------------------- item 3: closing keys

/// The closing keys act at once and name what they closed, with `u` to
/// take it back — here against a real store, running effects the way the
/// store worker does, so `u` is shown to undo a win, a loss and a resolve.
mod closing {
    use super::*;
    use crate::config::Config;
    use crate::domain::{
        CaseKind, CaseStatus, Channel, CustomerDraft, DealId, DealStatus, NewCase, NewDeal,
        Priority, Stage,
    };
    use crate::exec::{self, Ctx};
    use crate::store::{Reads as _, Store};
    use crate::tui::msg::{CaseRow, DealBoard, DealCard, DealColumn, Outcome};

    /// Ann Lee (#1, a lead) with deal #1 "50 seats", complaint #1 and task #1.
    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::new(dir.path().join("r.redb"), Channel::Tui);
        let pipeline = crate::domain::Pipeline::default();
        store
            .write(super::super::fixtures::now(), |w| {
                let ann = w.add_customer(CustomerDraft {
                    stage: Stage::Lead,
                    ..CustomerDraft::named("Ann Lee")
                })?;
                w.add_deal(
                    NewDeal {
                        customer: ann.id,
                        title: "50 seats".into(),
                        amount: 5_000_000,
                        currency: "CNY".into(),
                        stage: None,
                        probability: None,
                        expected_close: None,
                        owner: String::new(),
                    },
                    &pipeline,
                )?;
                w.open_case(NewCase {
                    customer: ann.id,
                    kind: CaseKind::Complaint,
                    title: "invoice wrong".into(),
                    priority: Priority::Normal,
                    owner: String::new(),
                })?;
                w.add_task(crate::domain::NewTask {
                    customer: Some(ann.id),
                    title: "call back".into(),
                    due: None,
                    priority: Priority::Normal,
                    recurrence: None,
                })?;
                Ok::<_, crate::store::StoreError>(())
            })
            .expect("fixture data");
        (dir, store)
    }

    /// Run the store effects as the store worker does, feed back the answers.
    fn run(store: &Store, model: &mut Model, effects: Vec<Effect>) {
        let config = Config::default();
        let ctx = Ctx {
            store,
            now: super::super::fixtures::now(),
            config: &config,
        };
        for effect in effects {
            let done = match effect {
                Effect::Run(command) => exec::run(&ctx, command),
                Effect::Undo(undo) => exec::undo(&ctx, &undo),
                _ => continue,
            };
            let done = done.unwrap_or_else(|e| panic!("the write failed: {e}"));
            let undo = store.take_last_undo();
            feed(model, [Msg::Applied(Ok(Box::new(Outcome { done, undo })))]);
        }
    }

    fn ok_toast(model: &Model) -> String {
        let toast = model.toast.as_ref().expect("a toast");
        assert!(!toast.error, "{toast:?}");
        toast.text.clone()
    }

    fn deal_status(store: &Store) -> DealStatus {
        store
            .read(|r| r.deal(DealId(1)))
            .expect("read")
            .expect("deal #1")
            .status
    }

    fn on_the_board(model: &mut Model) {
        feed(model, [Msg::Resized(100, 30)]);
        press(model, "D");
        let board = DealBoard {
            currency: "CNY".into(),
            columns: vec![DealColumn {
                stage: "qualify".into(),
                probability: 10,
                deals: vec![DealCard {
                    id: DealId(1),
                    customer: CustomerId(1),
                    customer_name: "Ann Lee".into(),
                    title: "50 seats".into(),
                    amount: Some(5_000_000),
                    own_amount: 5_000_000,
                    currency: "CNY".into(),
                    expected_close: None,
                }],
                total: 5_000_000,
                weighted: 500_000,
            }],
            ..Default::default()
        };
        feed(model, [Msg::DealsLoaded(Box::new(board))]);
    }

    #[test]
    fn w_wins_at_once_names_the_deal_and_u_takes_it_back() {
        let (_dir, store) = store();
        let mut model = loaded();
        on_the_board(&mut model);
        let effects = press(&mut model, "w");
        run(&store, &mut model, effects);
        assert_eq!(ok_toast(&model), "Won: #1 50 seats (Ann Lee) — u undo");
        assert_eq!(deal_status(&store), DealStatus::Won);
        let promoted = store.read(|r| r.customer(CustomerId(1))).expect("read");
        assert_eq!(promoted.map(|c| c.stage), Some(Stage::Customer));

        let effects = press(&mut model, "u");
        assert_eq!(
            ok_toast(&model),
            "Undoing: Won: #1 50 seats (Ann Lee)",
            "u names what it takes back"
        );
        run(&store, &mut model, effects);
        assert_eq!(deal_status(&store), DealStatus::Open);
        let back = store.read(|r| r.customer(CustomerId(1))).expect("read");
        assert_eq!(
            back.map(|c| c.stage),
            Some(Stage::Lead),
            "the win's promotion too"
        );
    }

    #[test]
    fn l_asks_why_then_closes_names_the_deal_and_u_takes_it_back() {
        let (_dir, store) = store();
        let mut model = loaded();
        on_the_board(&mut model);
        press(&mut model, "L");
        typed(&mut model, "price");
        let effects = press(&mut model, "enter");
        run(&store, &mut model, effects);
        assert_eq!(ok_toast(&model), "Lost: #1 50 seats (Ann Lee) — u undo");
        assert_eq!(deal_status(&store), DealStatus::Lost);
        let effects = press(&mut model, "u");
        run(&store, &mut model, effects);
        assert_eq!(deal_status(&store), DealStatus::Open);
    }

    #[test]
    fn x_resolves_a_case_names_it_and_u_takes_it_back() {
        let (_dir, store) = store();
        let mut model = loaded();
        let case = store
            .read(|r| r.case(crate::domain::CaseId(1)))
            .expect("read")
            .expect("case #1");
        feed(
            &mut model,
            [Msg::CasesLoaded(vec![CaseRow {
                case,
                customer_name: Some("Ann Lee".into()),
            }])],
        );
        // Ann's overdue task first, then her case.
        let effects = press(&mut model, "3 j x");
        run(&store, &mut model, effects);
        assert_eq!(
            ok_toast(&model),
            "Resolved: #1 invoice wrong (Ann Lee) — u undo"
        );
        let status = |store: &Store| {
            store
                .read(|r| r.case(crate::domain::CaseId(1)))
                .expect("read")
                .map(|c| c.status)
        };
        assert_eq!(status(&store), Some(CaseStatus::Resolved));
        let effects = press(&mut model, "u");
        run(&store, &mut model, effects);
        assert_eq!(status(&store), Some(CaseStatus::Open));
    }

    #[test]
    fn x_completes_a_task_names_it_and_u_takes_it_back() {
        let (_dir, store) = store();
        let mut model = loaded();
        let task = |store: &Store| {
            store
                .read(|r| r.task(crate::domain::TaskId(1)))
                .expect("read")
                .expect("task #1")
        };
        let row = crate::review::TaskRow {
            task: task(&store),
            customer_name: Some("Ann Lee".into()),
        };
        feed(&mut model, [Msg::TasksLoaded(vec![row])]);
        let effects = press(&mut model, "x");
        run(&store, &mut model, effects);
        assert_eq!(ok_toast(&model), "Done: #1 call back (Ann Lee) — u undo");
        assert_eq!(task(&store).status, crate::domain::TaskStatus::Done);
        let effects = press(&mut model, "u");
        run(&store, &mut model, effects);
        assert_eq!(task(&store).status, crate::domain::TaskStatus::Open);
    }

    #[test]
    fn the_undo_key_in_the_toast_is_the_keymaps() {
        let (_dir, store) = store();
        let mut model = loaded();
        with_keys(
            &mut model,
            "[deals]\n\"u\" = \"noop\"\n\"ctrl-z\" = \"undo\"\n",
        );
        on_the_board(&mut model);
        let effects = press(&mut model, "w");
        run(&store, &mut model, effects);
        assert_eq!(ok_toast(&model), "Won: #1 50 seats (Ann Lee) — ctrl-z undo");
    }
}

// ---------------------------------------------------------------- item 4: drafts and their database

mod drafts {
    use super::*;
    use crate::tui::form::{DatabaseIdentity, Form};
    use crate::tui::update::update;

    fn tick(model: &mut Model) -> Vec<Effect> {
        update(model, Msg::Tick(super::super::fixtures::now()))
    }

    fn saved(effects: &[Effect]) -> Vec<DatabaseIdentity> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::SaveDraft(d) => Some(d.database.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_draft_of_another_database_is_not_offered() {
        let mut model = loaded();
        let other = DatabaseIdentity {
            path: "/home/ann/other.redb".into(),
            id: Some(7),
        };
        let draft = Form::new_customer().draft(&other);
        feed(&mut model, [Msg::DraftFound(Box::new(draft))]);
        assert!(model.form.is_none() && model.overlay.is_none());
        // This database's own draft is.
        let own = Form::new_customer().draft(&super::super::fixtures::database());
        feed(&mut model, [Msg::DraftFound(Box::new(own))]);
        assert_eq!(model.overlay, Some(Overlay::Form));
    }

    #[test]
    fn drafts_are_written_only_once_the_database_is_known_and_name_it() {
        let mut model = super::super::fixtures::empty_model();
        let start = crate::tui::update::start(&mut model);
        assert!(start.contains(&Effect::IdentifyDatabase), "{start:?}");
        press(&mut model, "a");
        typed(&mut model, "Zoe");
        let effects = tick(&mut model);
        assert!(saved(&effects).is_empty(), "no database yet: {effects:?}");
        assert!(effects.contains(&Effect::IdentifyDatabase));
        let db = super::super::fixtures::database();
        let effects = update(&mut model, Msg::DatabaseIdentified(db.clone()));
        assert_eq!(effects, [Effect::LoadDraft(db.clone())]);
        assert_eq!(saved(&tick(&mut model)), vec![db.clone()]);
        // Cancelling removes that database's draft, not any other.
        assert_eq!(press(&mut model, "esc"), [Effect::DiscardDraft(db)]);
    }

    #[test]
    fn the_draft_moves_when_the_file_gets_its_id() {
        let mut model = loaded();
        let before = DatabaseIdentity {
            id: None,
            ..super::super::fixtures::database()
        };
        model.database = Some(before.clone());
        press(&mut model, "a");
        typed(&mut model, "Zoe");
        assert_eq!(saved(&tick(&mut model)), vec![before.clone()]);
        // A write elsewhere: the reload asks again, and the file has an id now.
        update(&mut model, Msg::Generation { all: 1, names: 0 });
        let reload = update(&mut model, Msg::Generation { all: 2, names: 0 });
        assert!(reload.contains(&Effect::IdentifyDatabase), "{reload:?}");
        let after = super::super::fixtures::database();
        let effects = update(&mut model, Msg::DatabaseIdentified(after.clone()));
        assert_eq!(effects, [Effect::DiscardDraft(before)]);
        assert_eq!(saved(&tick(&mut model)), [after]);
    }

    /// Regression: `q`/ctrl-c dropped what was typed since the last tick
    /// (SIGHUP kept it); "drafts are saved anyway" (DESIGN §8).
    #[test]
    fn quitting_keeps_what_was_typed_since_the_last_tick() {
        let mut model = loaded();
        press(&mut model, "a");
        typed(&mut model, "Zoe");
        let effects = press(&mut model, "ctrl-c");
        assert_eq!(saved(&effects), [super::super::fixtures::database()]);
        assert_eq!(effects.last(), Some(&Effect::Quit));
    }
}

// ---------------------------------------------------------------- item 5: always a way out

/// Regression: after the first key of a chord (`g` of `g g`), ctrl-c
/// only dropped the chord; it quits from anywhere (DESIGN §8).
#[test]
fn ctrl_c_quits_half_way_through_a_chord() {
    for (setup, chord) in [("", "g"), ("", "y"), ("T", "g")] {
        let mut model = loaded();
        press(&mut model, setup);
        press(&mut model, chord);
        assert!(!model.pending.is_empty(), "{chord} starts a chord");
        let effects = press(&mut model, "ctrl-c");
        assert_eq!(effects.last(), Some(&Effect::Quit), "{setup} {chord}");
        assert!(model.quit);
    }
    // Any other key that does not continue the chord just drops it.
    let mut model = loaded();
    assert!(press(&mut model, "g x").is_empty());
    assert!(model.pending.is_empty() && !model.quit);
}
