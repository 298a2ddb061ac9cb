//! The Reports view: keys (tabs, periods, the table), which loads they ask
//! for, stale answers, and what it draws — from a hand-made report, not
//! the store.

use super::fixtures::{draw, feed, loaded, press, text};
use crate::report::{Chart, Output, Period, ReportName, Table};
use crate::tui::model::{LoadedReport, Model, Overlay, Screen};
use crate::tui::msg::{Effect, Msg};
use chrono::NaiveDate;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

/// November 2026: the funnel's default period on the fixture's 2026-11-22.
fn november() -> Period {
    Period {
        from: day(2026, 11, 1),
        to: day(2026, 12, 1),
    }
}

/// A funnel as `report::build` would make it, figures checked by hand:
/// 12 deals created, 9 reached discovery … 2 won; weighted = amount × chance.
pub fn funnel() -> Output {
    let stage =
        |name: &str, p: &str, reached: &str, amount: &str, next: &str, open: &str, w: &str| {
            [name, p, reached, amount, next, open, w]
                .iter()
                .map(|s| s.to_string())
                .collect()
        };
    Output {
        name: ReportName::Funnel,
        title: "Pipeline funnel, 2026-11-01 – 2026-11-30".into(),
        headline: vec![
            "Won 2 deals worth 180,000 CNY this period; open pipeline 245,000 CNY weighted from 8 open deals.".into(),
            "12 deals created in the period: 2 won, 2 lost, 8 still open (win rate 50%).".into(),
            "Biggest drop: proposal → negotiation (50% go on).".into(),
        ],
        table: Table {
            headers: ["STAGE", "PROB", "REACHED", "AMOUNT", "→ NEXT", "OPEN NOW", "WEIGHTED"]
                .map(String::from)
                .to_vec(),
            rows: vec![
                stage("qualify", "10%", "12", "1,200,000 CNY", "75%", "3", "30,000 CNY"),
                stage("discovery", "20%", "9", "950,000 CNY", "67%", "1", "20,000 CNY"),
                stage("proposal", "40%", "6", "700,000 CNY", "50%", "2", "120,000 CNY"),
                stage("negotiation", "70%", "3", "380,000 CNY", "67%", "1", "35,000 CNY"),
                stage("commit", "90%", "2", "180,000 CNY", "100%", "1", "40,000 CNY"),
                stage("won", "", "2", "180,000 CNY", "", "", ""),
                stage("lost", "", "2", "150,000 CNY", "", "", ""),
            ],
            numeric: vec![false, true, true, true, true, true, true],
        },
        charts: vec![
            Chart::Bars {
                title: "Deals created in the period, by stage reached".into(),
                bars: vec![
                    ("qualify".into(), 12),
                    ("discovery".into(), 9),
                    ("proposal".into(), 6),
                    ("negotiation".into(), 3),
                    ("commit".into(), 2),
                    ("won".into(), 2),
                ],
                unit: "deals".into(),
            },
            Chart::Bars {
                title: "Open pipeline, weighted (CNY)".into(),
                bars: vec![
                    ("qualify".into(), 30_000),
                    ("discovery".into(), 20_000),
                    ("proposal".into(), 120_000),
                    ("negotiation".into(), 35_000),
                    ("commit".into(), 40_000),
                ],
                unit: "CNY".into(),
            },
        ],
        notes: vec![
            "1 deal in USD left out of the amounts: no rate for USD in config [rates] (amounts are in CNY)".into(),
        ],
        json: serde_json::Value::Null,
    }
}

/// A report with a long Chinese label, a sparkline and stacked bars: every chart kind.
pub fn every_chart() -> Output {
    Output {
        name: ReportName::Sources,
        title: "Lead sources, 2026-11-01 – 2026-11-30".into(),
        headline: vec!["展会 brought the most customers (5).".into()],
        table: Table {
            headers: vec!["SOURCE".into(), "NEW".into()],
            rows: vec![
                vec!["上海国际工业博览会（第二十三届）展位".into(), "5".into()],
                vec!["referral".into(), "3".into()],
            ],
            numeric: vec![false, true],
        },
        charts: vec![
            Chart::Bars {
                title: "New customers by source".into(),
                bars: vec![
                    ("上海国际工业博览会（第二十三届）展位".into(), 5),
                    ("referral".into(), 3),
                ],
                unit: String::new(),
            },
            Chart::Spark {
                title: "Touches a day".into(),
                points: (0..60).map(|i| (i * 7 % 11) as u64).collect(),
                from_label: "11-01".into(),
                to_label: "11-30".into(),
            },
            Chart::Stacked {
                title: "Weekly".into(),
                keys: vec!["calls".into(), "邮件".into()],
                rows: vec![
                    ("W43".into(), vec![8, 3], "11".into()),
                    ("W42".into(), vec![2, 4], "6".into()),
                    ("W41".into(), vec![5, 0], "5".into()),
                    ("W40".into(), vec![3, 1], "4".into()),
                ],
            },
        ],
        notes: vec![],
        json: serde_json::Value::Null,
    }
}

fn report_loads(effects: &[Effect]) -> Vec<(ReportName, Period)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::LoadReport(name, period) => Some((*name, *period)),
            _ => None,
        })
        .collect()
}

fn answer(model: &mut Model, name: ReportName, period: Period, output: Output) {
    feed(
        model,
        [Msg::ReportLoaded(Box::new(LoadedReport {
            name,
            period,
            result: Ok(Box::new(output)),
        }))],
    );
}

/// The main view, `R`, and the funnel answered.
pub fn funnel_on_screen() -> Model {
    let mut model = loaded();
    press(&mut model, "R");
    answer(&mut model, ReportName::Funnel, november(), funnel());
    model
}

fn shown(model: &Model) -> Option<&Output> {
    match model.reports.current(model.now.date_naive()) {
        Some(Ok(output)) => Some(output),
        _ => None,
    }
}

#[test]
fn r_opens_the_funnel_for_this_month() {
    let mut model = loaded();
    let effects = press(&mut model, "R");
    assert_eq!(model.view, Screen::Reports);
    assert_eq!(report_loads(&effects), [(ReportName::Funnel, november())]);
    assert!(shown(&model).is_none(), "loading until the answer comes");
    answer(&mut model, ReportName::Funnel, november(), funnel());
    assert_eq!(shown(&model).map(|o| o.name), Some(ReportName::Funnel));
}

#[test]
fn tabs_switch_with_arrows_tab_and_digits_each_with_its_own_period() {
    let mut model = funnel_on_screen();
    // Activity: 8 whole ISO weeks ending with this one (Sunday the 22nd).
    let effects = press(&mut model, "right");
    assert_eq!(
        report_loads(&effects),
        [(
            ReportName::Activity,
            Period {
                from: day(2026, 9, 28),
                to: day(2026, 11, 23)
            }
        )]
    );
    assert_eq!(model.reports.name(), ReportName::Activity);
    press(&mut model, "tab");
    assert_eq!(model.reports.name(), ReportName::Sources);
    press(&mut model, "shift-tab h");
    assert_eq!(model.reports.name(), ReportName::Funnel);
    // Left of the first is the last.
    press(&mut model, "left");
    assert_eq!(model.reports.name(), ReportName::Top);
    // Overdue: the last 30 days, today included.
    let effects = press(&mut model, "5");
    assert_eq!(
        report_loads(&effects),
        [(
            ReportName::Overdue,
            Period {
                from: day(2026, 10, 24),
                to: day(2026, 11, 23)
            }
        )]
    );
    // The tab on screen again asks for nothing.
    assert!(press(&mut model, "5").is_empty());
    press(&mut model, "1");
    assert_eq!(model.reports.name(), ReportName::Funnel);
}

#[test]
fn an_answer_for_a_report_no_longer_on_screen_is_dropped() {
    let mut model = loaded();
    press(&mut model, "R l");
    answer(&mut model, ReportName::Funnel, november(), funnel());
    assert!(shown(&model).is_none());
    assert!(model.reports.loaded.is_none());
}

#[test]
fn brackets_move_the_period_back_and_forward_but_not_past_today() {
    let mut model = funnel_on_screen();
    let october = Period {
        from: day(2026, 10, 1),
        to: day(2026, 11, 1),
    };
    let effects = press(&mut model, "[");
    assert_eq!(report_loads(&effects), [(ReportName::Funnel, october)]);
    let effects = press(&mut model, "[ ]");
    assert_eq!(
        report_loads(&effects),
        [
            (
                ReportName::Funnel,
                Period {
                    from: day(2026, 9, 1),
                    to: day(2026, 10, 1)
                }
            ),
            (ReportName::Funnel, october)
        ]
    );
    let effects = press(&mut model, "] ]");
    assert_eq!(report_loads(&effects), [(ReportName::Funnel, november())]);
    assert_eq!(model.reports.back, 0);
    assert!(
        model
            .toast
            .as_ref()
            .is_some_and(|t| t.text.contains("current period"))
    );
    // The funnel answered earlier for November shows again.
    assert!(shown(&model).is_some());
    // Another tab starts from its own current period.
    press(&mut model, "[ 2");
    assert_eq!(model.reports.back, 0);
}

#[test]
fn t_toggles_the_table_and_j_k_scroll_it_within_its_rows() {
    let mut model = funnel_on_screen();
    // 80×14: the table has room for 4 of its 7 rows under its header.
    feed(&mut model, [Msg::Resized(80, 14)]);
    press(&mut model, "t");
    assert!(model.reports.table);
    press(&mut model, "j j");
    assert_eq!(model.reports.scroll, 2);
    // The scroll stops with the last row at the bottom.
    press(&mut model, "j j j j j j j j");
    assert_eq!(model.reports.scroll, 3);
    assert!(text(&draw(&model, 80, 14)).contains("lost"));
    press(&mut model, "g g");
    assert_eq!(model.reports.scroll, 0);
    press(&mut model, "t");
    assert!(!model.reports.table);
    // At 80×24 all seven fit: nothing to scroll.
    feed(&mut model, [Msg::Resized(80, 24)]);
    press(&mut model, "t j j");
    assert_eq!(model.reports.scroll, 0);
}

#[test]
fn esc_q_and_r_go_back_to_the_main_view() {
    for keys in ["esc", "q", "R"] {
        let mut model = funnel_on_screen();
        press(&mut model, keys);
        assert_eq!(model.view, Screen::Main, "{keys}");
        assert!(!model.quit);
    }
}

#[test]
fn a_write_elsewhere_reloads_the_report_on_screen() {
    let mut model = funnel_on_screen();
    feed(&mut model, [Msg::Generation { all: 1, names: 1 }]);
    let effects = feed(&mut model, [Msg::Generation { all: 2, names: 1 }]);
    assert_eq!(report_loads(&effects), [(ReportName::Funnel, november())]);
}

#[test]
fn a_failed_load_is_shown_in_the_view() {
    let mut model = loaded();
    press(&mut model, "R");
    feed(
        &mut model,
        [Msg::ReportLoaded(Box::new(LoadedReport {
            name: ReportName::Funnel,
            period: november(),
            result: Err("the database is busy".into()),
        }))],
    );
    let screen = text(&draw(&model, 100, 30));
    assert!(screen.contains("Could not read the report: the database is busy"));
}

#[test]
fn report_commands_typed_in_the_palette_open_the_view() {
    let mut model = loaded();
    press(&mut model, ":");
    for c in "report sources".chars() {
        crate::tui::update::update(&mut model, Msg::Key(crate::config::keymap::Key::char(c)));
    }
    let effects = press(&mut model, "enter");
    assert_eq!(model.view, Screen::Reports);
    assert_eq!(report_loads(&effects)[0].0, ReportName::Sources);
}

#[test]
fn help_lists_the_reports_keys() {
    let mut model = funnel_on_screen();
    press(&mut model, "?");
    assert!(matches!(model.overlay, Some(Overlay::Help { .. })));
    let screen = text(&draw(&model, 100, 40));
    assert!(screen.contains("Reports"));
    assert!(screen.contains("Charts / table"));
}

#[test]
fn the_screen_shows_the_reports_own_figures() {
    let model = funnel_on_screen();
    let screen = text(&draw(&model, 100, 30));
    for figure in [
        "Won 2 deals worth 180,000 CNY",
        "qualify",
        "12 deals",
        "120,000 CNY",
    ] {
        assert!(screen.contains(figure), "{figure} in\n{screen}");
    }
}

#[test]
fn snapshot_funnel_charts() {
    let mut model = funnel_on_screen();
    feed(&mut model, [Msg::Resized(100, 30)]);
    insta::assert_snapshot!("reports_funnel_charts_100x30", text(&draw(&model, 100, 30)));
    feed(&mut model, [Msg::Resized(50, 16)]);
    insta::assert_snapshot!("reports_funnel_charts_50x16", text(&draw(&model, 50, 16)));
}

#[test]
fn snapshot_funnel_table() {
    let mut model = funnel_on_screen();
    press(&mut model, "t");
    feed(&mut model, [Msg::Resized(100, 30)]);
    insta::assert_snapshot!("reports_funnel_table_100x30", text(&draw(&model, 100, 30)));
    feed(&mut model, [Msg::Resized(50, 16)]);
    insta::assert_snapshot!("reports_funnel_table_50x16", text(&draw(&model, 50, 16)));
}

#[test]
fn snapshot_every_chart_kind_with_a_long_chinese_label() {
    let mut model = loaded();
    let period = Period::default_for(ReportName::Sources, model.now.date_naive());
    press(&mut model, "R 3");
    answer(&mut model, ReportName::Sources, period, every_chart());
    feed(&mut model, [Msg::Resized(100, 30)]);
    let screen = text(&draw(&model, 100, 30));
    insta::assert_snapshot!("reports_every_chart_100x30", screen);
    // The label is cut to a third of the row, by display width.
    assert!(
        screen.contains("上海国际工业博览会（第二十三届…"),
        "{screen}"
    );
}

#[test]
fn table_columns_align_by_display_width() {
    use crate::tui::view::reports::{column_widths, row_text};
    let table = every_chart().table;
    let widths = column_widths(&table);
    assert_eq!(widths, [36, 3]);
    let header = row_text(&table.headers, &widths, &table.numeric);
    let first = row_text(&table.rows[0], &widths, &table.numeric);
    let second = row_text(&table.rows[1], &widths, &table.numeric);
    assert_eq!(header, format!("SOURCE{}  NEW", " ".repeat(30)));
    assert_eq!(first, "上海国际工业博览会（第二十三届）展位    5");
    assert_eq!(second, format!("referral{}    3", " ".repeat(28)));
    let w = crate::text::width;
    assert_eq!(w(&header), w(&first));
    assert_eq!(w(&first), w(&second));
}
