//! The Reports view's charts read well (issue 12, item 6): the activity
//! chart never draws over itself at 80×24 or 120×40, "top 20" shows its
//! 20 customers (scrolling when they do not fit), and j/k stop where the
//! last row is at the bottom — built by `report::build` from a dataset,
//! as the app would.

use super::fixtures::{draw, feed, loaded, press, text};
use crate::domain::money::Rates;
use crate::domain::{
    CustomerDraft, CustomerId, Deal, DealId, DealStatus, InteractionKind, NewDeal, Pipeline,
    TierThresholds,
};
use crate::report::{Chart, CustomerRow, Dataset, Output, Period, ReportName, Touch, build};
use crate::tui::model::{LoadedReport, Model};
use crate::tui::msg::Msg;
use chrono::{DateTime, Duration, FixedOffset};

fn dataset(model: &Model, name: ReportName) -> Dataset {
    let now: DateTime<FixedOffset> = model.now;
    Dataset {
        period: Period::default_for(name, now.date_naive()),
        now,
        customers: Default::default(),
        deals: Vec::new(),
        touches: Vec::new(),
        tasks: Vec::new(),
        cases: Vec::new(),
        orders: Vec::new(),
        campaigns: Vec::new(),
        rates: Rates::new("CNY", &Default::default()),
        pipeline: Pipeline::default(),
        tiers: TierThresholds::default(),
    }
}

/// Eight weeks of every kind of interaction by three people, more each
/// week — what made the line chart's six series and labels collide.
fn activity(model: &Model) -> Output {
    let mut data = dataset(model, ReportName::Activity);
    let start = data.period.from.and_hms_opt(10, 0, 0).expect("a time");
    let start = start
        .and_local_timezone(data.now.timezone())
        .single()
        .expect("fixed offset");
    for day in 0..data.period.days() {
        for (i, kind) in InteractionKind::ALL.iter().enumerate() {
            for _ in 0..(day as usize % 5 + i) % 4 {
                data.touches.push(Touch {
                    customer: CustomerId(1),
                    kind: *kind,
                    at: start + Duration::days(day),
                    author: ["chen", "alice", "王伟"][i % 3].into(),
                });
            }
        }
    }
    build(ReportName::Activity, &data)
}

/// 25 customers: 8 bought this month, the rest have only open deals, so
/// the top 20 are 8 won then 12 open-only (the old chart showed the 8).
fn top(model: &Model) -> Output {
    let mut data = dataset(model, ReportName::Top);
    let pipeline = Pipeline::default();
    let created = data.now - Duration::days(3);
    for i in 1..=25u64 {
        let name = if i % 4 == 0 {
            format!("客户{i}号")
        } else {
            format!("Customer {i}")
        };
        let customer = CustomerDraft::named(&name).into_customer(CustomerId(i), created);
        data.customers
            .insert(customer.id, CustomerRow::from_customer(&customer));
        let mut deal: Deal = NewDeal {
            customer: customer.id,
            title: format!("deal {i}"),
            amount: i64::try_from(1_000 * (30 - i)).expect("small") * 100,
            currency: "CNY".into(),
            stage: None,
            probability: None,
            expected_close: None,
            owner: String::new(),
        }
        .into_deal(&pipeline, created)
        .expect("a deal");
        deal.id = DealId(i);
        if i <= 8 {
            deal.close(DealStatus::Won, String::new(), data.now - Duration::days(1));
        }
        data.deals.push(deal);
    }
    build(ReportName::Top, &data)
}

/// The view on `name`'s tab at `width`×`height`, answered with `output`.
fn on_screen(name: ReportName, output: Output, width: u16, height: u16) -> Model {
    let mut model = loaded();
    feed(&mut model, [Msg::Resized(width, height)]);
    let tab = ReportName::ALL
        .iter()
        .position(|n| *n == name)
        .expect("a tab")
        + 1;
    press(&mut model, &format!("R {tab}"));
    let period = model.reports.period(model.now.date_naive());
    feed(
        &mut model,
        [Msg::ReportLoaded(Box::new(LoadedReport {
            name,
            period,
            result: Ok(Box::new(output)),
        }))],
    );
    model
}

/// The lines inside the chart box titled `title`, borders cut off.
fn chart_rows(screen: &str, title: &str) -> Vec<String> {
    let lines: Vec<&str> = screen.lines().collect();
    let Some(top) = lines.iter().position(|l| l.contains(title)) else {
        return Vec::new();
    };
    lines[top + 1..]
        .iter()
        .take_while(|l| !l.contains('└'))
        .map(|l| {
            let inner = l.split('│').nth(1).unwrap_or_default();
            inner.trim_end().to_string()
        })
        .collect()
}

/// Week labels (`W40`) in a line.
fn weeks_in(line: &str) -> Vec<String> {
    line.split_whitespace()
        .filter(|w| w.len() == 3 && w.starts_with('W') && w[1..].parse::<u8>().is_ok())
        .map(String::from)
        .collect()
}

#[test]
fn the_activity_chart_has_a_row_per_week_and_never_draws_over_itself() {
    for (width, height) in [(80, 24), (120, 40)] {
        let output = activity(&loaded());
        let weeks: Vec<(String, u64)> = match &output.charts[0] {
            Chart::Stacked { rows, .. } => rows
                .iter()
                .map(|(label, parts, total)| {
                    assert_eq!(parts.iter().sum::<u64>().to_string(), *total);
                    (label.clone(), parts.iter().sum())
                })
                .collect(),
            other => panic!("a row per week, got {other:?}"),
        };
        assert_eq!(weeks.len(), 8, "8 weeks");
        let mut model = on_screen(ReportName::Activity, output, width, height);
        let mut seen = Vec::new();
        for _ in 0..10 {
            let screen = text(&draw(&model, width, height));
            let rows = chart_rows(&screen, "Interactions per week");
            assert!(
                !rows.is_empty(),
                "{width}x{height}: the chart is on screen\n{screen}"
            );
            for row in rows {
                // One week a row, its label and total whole, then its bar.
                let found = weeks_in(&row);
                assert_eq!(found.len(), 1, "{width}x{height}: {row:?}\n{screen}");
                let (label, total) = weeks
                    .iter()
                    .find(|(label, _)| label.starts_with(&found[0]))
                    .expect("a week of the report");
                assert!(
                    row.starts_with(&format!("{label} {total} ")),
                    "{width}x{height}: {row:?}"
                );
                seen.push(label.clone());
            }
            press(&mut model, "j");
        }
        for (label, _) in &weeks {
            assert!(
                seen.contains(label),
                "{width}x{height}: {label} never shown"
            );
        }
        // Charts sit one under another, each in its own box: nothing is
        // drawn over a box's corner.
        let screen = text(&draw(&model, width, height));
        assert_eq!(
            screen.matches('┌').count(),
            screen.matches('└').count(),
            "{screen}"
        );
    }
}

#[test]
fn top_20_shows_20_customers_at_120x40() {
    let model = on_screen(ReportName::Top, top(&loaded()), 120, 40);
    let screen = text(&draw(&model, 120, 40));
    let rows = chart_rows(&screen, "Won, then open weighted");
    assert_eq!(rows.len(), 20, "{screen}");
    for (i, row) in rows.iter().enumerate() {
        assert!(row.starts_with(&format!("{} ", i + 1)), "{row:?}");
    }
    assert!(rows[19].contains("open "), "the 20th has only open deals");
    assert!(!screen.contains("of 20 · j/k"), "all fit: no scroll note");
}

#[test]
fn top_20_scrolls_through_all_20_at_80x24() {
    let mut model = on_screen(ReportName::Top, top(&loaded()), 80, 24);
    let screen = text(&draw(&model, 80, 24));
    let first = chart_rows(&screen, "Won, then open weighted");
    let shown = first.len();
    assert!((5..20).contains(&shown), "{screen}");
    assert!(
        screen.contains(&format!("1–{shown} of 20 · j/k")),
        "{screen}"
    );
    let mut ranks = std::collections::BTreeSet::new();
    for _ in 0..25 {
        let screen = text(&draw(&model, 80, 24));
        for row in chart_rows(&screen, "Won, then open weighted") {
            let rank: usize = row
                .split_whitespace()
                .next()
                .and_then(|r| r.parse().ok())
                .expect("a rank first");
            ranks.insert(rank);
        }
        press(&mut model, "j");
    }
    assert_eq!(ranks, (1..=20).collect(), "every rank, and no 21st");
    let screen = text(&draw(&model, 80, 24));
    assert!(
        screen.contains(&format!("{}–20 of 20 · j/k", 21 - shown)),
        "{screen}"
    );
}

#[test]
fn k_moves_the_chart_back_at_once_after_the_last_row() {
    let mut model = on_screen(ReportName::Top, top(&loaded()), 80, 24);
    let shown = chart_rows(&text(&draw(&model, 80, 24)), "Won, then open weighted").len();
    press(&mut model, "G");
    assert_eq!(
        model.reports.scroll,
        20 - shown,
        "the last row at the bottom"
    );
    press(&mut model, "j j j");
    assert_eq!(model.reports.scroll, 20 - shown, "and no further");
    press(&mut model, "k");
    let screen = text(&draw(&model, 80, 24));
    let rows = chart_rows(&screen, "Won, then open weighted");
    assert!(
        rows.last().is_some_and(|r| r.starts_with("19 ")),
        "{screen}"
    );
}

#[test]
fn j_in_the_table_stops_with_the_last_row_at_the_bottom() {
    let mut model = on_screen(ReportName::Top, top(&loaded()), 80, 24);
    press(&mut model, "t G");
    let screen = text(&draw(&model, 80, 24));
    assert!(screen.contains("客户20号"), "{screen}");
    let last = model.reports.scroll;
    press(&mut model, "k");
    assert_eq!(model.reports.scroll, last - 1);
    assert!(!text(&draw(&model, 80, 24)).contains("客户20号"));
}

#[test]
fn chart_heights_never_add_up_past_the_room_there_is() {
    use crate::tui::view::charts::heights;
    let charts = activity(&loaded()).charts;
    for total in 0..40 {
        let h = heights(&charts, total);
        assert!(h.iter().sum::<usize>() <= total, "{total}: {h:?}");
        // A chart is left out or gets at least its box and a row.
        assert!(h.iter().all(|&h| h == 0 || h >= 3), "{total}: {h:?}");
    }
}

#[test]
fn the_legend_keeps_whole_keys_beside_the_scroll_note() {
    for (width, height) in [(60, 20), (50, 16), (80, 24), (120, 40)] {
        let model = on_screen(ReportName::Activity, activity(&loaded()), width, height);
        let screen = text(&draw(&model, width, height));
        let border = screen
            .lines()
            .find(|l| l.contains("└ █ call"))
            .unwrap_or_else(|| panic!("{width}x{height}: a legend\n{screen}"));
        let kinds = ["call", "email", "meeting", "visit", "message", "note"];
        // Each glyph is followed by a whole kind.
        let words: Vec<&str> = border.split_whitespace().collect();
        for pair in words.windows(2) {
            if ["█", "▓", "▒", "░", "▚", "▞"].contains(&pair[0]) {
                assert!(kinds.contains(&pair[1]), "{width}x{height}: {border}");
            }
        }
        if width >= 80 {
            assert!(border.contains("▞ note"), "{width}x{height}: {border}");
        }
    }
}
