//! The Deals view: selection keys in columns and in the narrow list,
//! the deal keys (won, lost, move, open) and what it draws — from a
//! hand-made board, not the store.

use super::fixtures::{draw, feed, loaded, press, text};
use crate::domain::{CustomerId, DealId};
use crate::tui::model::{Model, Overlay, Screen};
use crate::tui::msg::{DealBoard, DealCard, DealColumn, Effect, Msg, Tally};
use chrono::NaiveDate;

fn card(
    id: u64,
    customer: u64,
    name: &str,
    title: &str,
    amount: i64,
    close: Option<(u32, u32)>,
) -> DealCard {
    DealCard {
        id: DealId(id),
        customer: CustomerId(customer),
        customer_name: name.into(),
        title: title.into(),
        amount: Some(amount),
        own_amount: amount,
        currency: "CNY".into(),
        expected_close: close.and_then(|(m, d)| NaiveDate::from_ymd_opt(2026, m, d)),
    }
}

fn column(stage: &str, probability: u8, deals: Vec<DealCard>) -> DealColumn {
    let total = deals.iter().filter_map(|d| d.amount).sum();
    let weighted = deals
        .iter()
        .filter_map(|d| d.amount)
        .map(|a| a * i64::from(probability) / 100)
        .sum();
    DealColumn {
        stage: stage.into(),
        probability,
        deals,
        total,
        weighted,
    }
}

/// Qualify 2, discovery none, proposal 3 (Chinese names, one USD deal
/// without a rate), negotiation 1, commit none; customers from the fixture rows.
pub fn board() -> DealBoard {
    let mut usd = card(9, 7, "Bob Smith", "Globex pilot", 0, None);
    usd.amount = None;
    usd.own_amount = 1_200_000;
    usd.currency = "USD".into();
    DealBoard {
        currency: "CNY".into(),
        columns: vec![
            column(
                "qualify",
                10,
                vec![
                    card(3, 1, "Ann Lee", "Acme renewal", 5_000_000, Some((12, 15))),
                    card(4, 8, "陈静", "小批量试单", 800_000, None),
                ],
            ),
            column("discovery", 20, vec![]),
            column(
                "proposal",
                40,
                vec![
                    card(
                        5,
                        2,
                        "王芳",
                        "华信科技 年度框架协议采购",
                        12_000_000,
                        Some((11, 20)),
                    ),
                    card(6, 4, "李娜 Lina", "星辰贸易 ERP", 4_500_000, Some((12, 31))),
                    usd,
                ],
            ),
            column(
                "negotiation",
                70,
                vec![card(
                    7,
                    3,
                    "张伟",
                    "腾达电子 二期",
                    30_000_000,
                    Some((12, 5)),
                )],
            ),
            column("commit", 90, vec![]),
        ],
        won: Tally {
            count: 2,
            amount: 18_000_000,
        },
        lost: Tally {
            count: 1,
            amount: 2_500_000,
        },
        unconverted: 1,
    }
}

/// The main view at `width`×30, `D`, and the board answered.
fn deals_on_screen(width: u16) -> Model {
    let mut model = loaded();
    feed(&mut model, [Msg::Resized(width, 30)]);
    press(&mut model, "D");
    feed(&mut model, [Msg::DealsLoaded(Box::new(board()))]);
    model
}

fn selected(model: &Model) -> Option<u64> {
    model.deals.selected().map(|d| d.id.0)
}

#[test]
fn d_opens_the_deals_view_and_loads_the_board() {
    let mut model = loaded();
    let effects = press(&mut model, "D");
    assert_eq!(model.view, Screen::Deals);
    assert_eq!(effects, [Effect::LoadDeals]);
    let screen = text(&draw(&model, 100, 30));
    assert!(screen.contains("Loading…"));
    feed(&mut model, [Msg::DealsLoaded(Box::new(board()))]);
    assert_eq!(selected(&model), Some(3));
}

#[test]
fn columns_j_k_stay_in_the_stage_and_h_l_skip_empty_stages() {
    let mut model = deals_on_screen(100);
    press(&mut model, "j j j");
    assert_eq!(selected(&model), Some(4), "two deals: stops at the second");
    press(&mut model, "l");
    // Discovery is empty: straight to proposal, same row.
    assert_eq!((model.deals.column, selected(&model)), (2, Some(6)));
    press(&mut model, "G");
    assert_eq!(selected(&model), Some(9));
    press(&mut model, "right");
    assert_eq!((model.deals.column, selected(&model)), (3, Some(7)));
    // Nothing with deals to the right: stays.
    press(&mut model, "l");
    assert_eq!(selected(&model), Some(7));
    press(&mut model, "h h");
    assert_eq!(selected(&model), Some(3));
    press(&mut model, "k left");
    assert_eq!(selected(&model), Some(3));
}

#[test]
fn narrow_list_j_k_run_on_through_the_stages() {
    let mut model = deals_on_screen(60);
    assert!(!crate::tui::view::deals_fit(60, 5));
    assert!(crate::tui::view::deals_fit(100, 5));
    let mut seen = vec![selected(&model)];
    for _ in 0..6 {
        press(&mut model, "j");
        seen.push(selected(&model));
    }
    assert_eq!(
        seen,
        [3, 4, 5, 6, 9, 7, 7].map(Some),
        "list order, stopping at the last"
    );
    press(&mut model, "k k");
    assert_eq!(selected(&model), Some(6));
}

#[test]
fn enter_opens_the_deals_customer_in_the_main_view() {
    let mut model = deals_on_screen(100);
    press(&mut model, "l");
    let effects = press(&mut model, "enter");
    assert_eq!(model.view, Screen::Main);
    assert_eq!(
        model.selected_id(),
        Some(CustomerId(2)),
        "王芳, deal 5's customer"
    );
    assert!(effects.contains(&Effect::LoadDetail(CustomerId(2))));
}

#[test]
fn w_runs_won_and_l_m_prefill_the_palette_with_the_deal() {
    let mut model = deals_on_screen(100);
    press(&mut model, "l");
    let effects = press(&mut model, "w");
    assert!(
        effects.iter().any(|e| matches!(e, Effect::Run(_))),
        "{effects:?}"
    );
    assert_eq!(model.pending_line.as_deref(), Some("won 5"));

    let mut model = deals_on_screen(100);
    press(&mut model, "L");
    match &model.overlay {
        Some(Overlay::Palette(p)) => assert_eq!(p.input.text, "lost 3: "),
        other => panic!("palette expected, got {other:?}"),
    }
    press(&mut model, "esc");
    press(&mut model, "m");
    match &model.overlay {
        Some(Overlay::Palette(p)) => assert_eq!(p.input.text, "move 3 "),
        other => panic!("palette expected, got {other:?}"),
    }
}

#[test]
fn deal_keys_with_no_deals_say_so() {
    let mut model = loaded();
    press(&mut model, "D");
    feed(&mut model, [Msg::DealsLoaded(Box::default())]);
    assert!(press(&mut model, "w").is_empty());
    assert!(model.toast.as_ref().is_some_and(|t| t.error));
    let screen = text(&draw(&model, 100, 30));
    assert!(screen.contains("No open deals"), "{screen}");
}

#[test]
fn a_reload_keeps_the_same_deal_selected_or_the_nearest_place() {
    let mut model = deals_on_screen(100);
    press(&mut model, "l j");
    assert_eq!(selected(&model), Some(6));
    // Deal 5 was won elsewhere: 6 is now first in its column.
    let mut next = board();
    next.columns[2].deals.remove(0);
    feed(&mut model, [Msg::DealsLoaded(Box::new(next.clone()))]);
    assert_eq!((model.deals.column, model.deals.row), (2, 0));
    assert_eq!(selected(&model), Some(6));
    // Deals 6 and 9 gone too: the nearest stage with deals (negotiation,
    // one to the right, before qualify, two to the left).
    next.columns[2].deals.clear();
    feed(&mut model, [Msg::DealsLoaded(Box::new(next))]);
    assert_eq!(selected(&model), Some(7));
}

#[test]
fn a_write_reloads_the_board() {
    let mut model = deals_on_screen(100);
    feed(&mut model, [Msg::Generation { all: 1, names: 1 }]);
    let effects = feed(&mut model, [Msg::Generation { all: 2, names: 1 }]);
    assert!(effects.contains(&Effect::LoadDeals));
}

#[test]
fn snapshot_kanban_100x30() {
    let model = deals_on_screen(100);
    insta::assert_snapshot!("deals_kanban_100x30", text(&draw(&model, 100, 30)));
}

#[test]
fn snapshot_grouped_list_60x20() {
    let mut model = deals_on_screen(60);
    feed(&mut model, [Msg::Resized(60, 20)]);
    press(&mut model, "j j");
    insta::assert_snapshot!("deals_list_60x20", text(&draw(&model, 60, 20)));
}

/// Both views, in every state, at every size from 1×1 to 130×45: no panic,
/// nothing drawn past the edge.
#[test]
fn both_views_draw_at_any_size() {
    use super::reports::{every_chart, funnel_on_screen};
    let mut states: Vec<Model> = Vec::new();
    let mut loading = loaded();
    press(&mut loading, "D");
    states.push(loading);
    states.push(deals_on_screen(100));
    let mut empty = loaded();
    press(&mut empty, "D");
    feed(&mut empty, [Msg::DealsLoaded(Box::default())]);
    states.push(empty);
    let mut reports_loading = loaded();
    press(&mut reports_loading, "R");
    states.push(reports_loading);
    let funnel = funnel_on_screen();
    let mut table = funnel_on_screen();
    press(&mut table, "t j j");
    states.push(funnel);
    states.push(table);
    let mut all = loaded();
    press(&mut all, "R 3");
    let period = all.reports.period(all.now.date_naive());
    feed(
        &mut all,
        [Msg::ReportLoaded(Box::new(
            crate::tui::model::LoadedReport {
                name: crate::report::ReportName::Sources,
                period,
                result: Ok(Box::new(every_chart())),
            },
        ))],
    );
    states.push(all);
    for model in &mut states {
        for w in (1..=130).step_by(9).chain([39, 40, 41, 94, 95, 96]) {
            for h in (1..=45).step_by(5).chain([9, 10, 11]) {
                feed(model, [Msg::Resized(w, h)]);
                let screen = draw(model, w, h);
                assert_eq!(screen.area.width, w);
            }
        }
    }
}

#[test]
fn a_column_too_long_for_the_screen_says_how_many_more() {
    let mut many = board();
    many.columns[0].deals = (0..10)
        .map(|i| card(100 + i, 1, "Ann Lee", "Renewal", 100_000, None))
        .collect();
    let mut model = loaded();
    feed(&mut model, [Msg::Resized(100, 20)]);
    press(&mut model, "D");
    feed(&mut model, [Msg::DealsLoaded(Box::new(many))]);
    // 16 rows under the strip: 3 of header, 6 cards of 2, one for the count.
    let screen = text(&draw(&model, 100, 20));
    assert!(screen.contains("… 4 more"), "{screen}");
    // Scrolled down to the last card, the count is of those still below.
    press(&mut model, "G");
    let screen = text(&draw(&model, 100, 20));
    assert!(screen.contains("#109 Renewal"), "{screen}");
    assert!(!screen.contains("more"), "{screen}");
}
