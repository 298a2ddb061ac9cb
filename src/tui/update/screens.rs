//! The Reports and Deals views: their keys, their loads and what a load
//! changes. Pure, like the rest of `update`.

use super::super::model::{LoadedReport, Model, Screen};
use super::super::msg::{DealBoard, DealCard, DealColumn, Effect, Tally};
use super::commands::refuse;
use super::target::Row;
use super::toast;
use crate::domain::money::Rates;
use crate::domain::{CustomerId, Deal, DealStatus, DealTotals, Pipeline};
use crate::palette::{Command, Ui};
use crate::report::{Period, ReportName};
use chrono::{DateTime, Datelike, Duration, FixedOffset, Months, NaiveDate};
use std::collections::HashMap;

/// A TUI command meant for the Reports or Deals view.
pub fn ui(model: &mut Model, ui: Ui) -> Vec<Effect> {
    let tabs = ReportName::ALL.len();
    let current = model.reports.tab;
    let reports = &mut model.reports;
    match ui {
        Ui::ViewReports => {
            model.view = Screen::Reports;
            vec![report_effect(model)]
        }
        Ui::ReportNext => tab(model, (current + 1) % tabs),
        Ui::ReportPrev => tab(model, (current + tabs - 1) % tabs),
        Ui::ReportTab(i) => tab(model, usize::from(i).min(tabs - 1)),
        Ui::ReportTable => {
            reports.table = !reports.table;
            reports.scroll = 0;
            vec![]
        }
        Ui::PeriodPrev => {
            reports.back = reports.back.saturating_add(1);
            vec![report_effect(model)]
        }
        Ui::PeriodNext => {
            if reports.back == 0 {
                toast(model, "This is the current period", false);
                return vec![];
            }
            reports.back -= 1;
            vec![report_effect(model)]
        }
        Ui::ViewDeals => {
            model.view = Screen::Deals;
            vec![Effect::LoadDeals]
        }
        Ui::CursorLeft => deal_column(model, -1),
        Ui::CursorRight => deal_column(model, 1),
        Ui::DealWon => match super::target::deal(model) {
            Ok(Row::Deal { id, .. }) => run_line(model, format!("won {}", id.0)),
            Ok(_) => refuse(model, "Select a deal first"),
            Err(why) => refuse(model, why),
        },
        Ui::DealLost => match super::target::deal(model) {
            Ok(Row::Deal { id, .. }) => {
                super::commands::open_palette(model, &format!("lost {}: ", id.0))
            }
            Ok(_) => refuse(model, "Select a deal first"),
            Err(why) => refuse(model, why),
        },
        Ui::DealMove => match super::target::deal(model) {
            Ok(Row::Deal { id, .. }) => {
                super::commands::open_palette(model, &format!("move {} ", id.0))
            }
            Ok(_) => refuse(model, "Select a deal first"),
            Err(why) => refuse(model, why),
        },
        _ => vec![],
    }
}

/// Another report: its own default period, the charts, from the top.
fn tab(model: &mut Model, tab: usize) -> Vec<Effect> {
    let reports = &mut model.reports;
    if tab == reports.tab && model.view == Screen::Reports {
        return vec![];
    }
    reports.tab = tab;
    reports.back = 0;
    reports.scroll = 0;
    model.view = Screen::Reports;
    vec![report_effect(model)]
}

/// Load the report and period the view asks for.
pub fn report_effect(model: &Model) -> Effect {
    let reports = &model.reports;
    Effect::LoadReport(reports.name(), reports.period(model.now.date_naive()))
}

/// A report arrived: kept only if it is still the one asked for (a quick
/// run of ←/→ leaves answers for reports no longer on screen).
pub fn report_loaded(model: &mut Model, loaded: LoadedReport) -> Vec<Effect> {
    let reports = &mut model.reports;
    if loaded.name != reports.name() || loaded.period != reports.period(model.now.date_naive()) {
        return vec![];
    }
    reports.loaded = Some(loaded);
    let max = crate::tui::view::reports::scroll_max(model);
    let reports = &mut model.reports;
    reports.scroll = reports.scroll.min(max);
    vec![]
}

/// `period` moved back `n` times its own length: a calendar month for a
/// month, else its number of days (8 weeks, 30 days, 12 months by days).
pub fn earlier(period: Period, n: u32) -> Period {
    if n == 0 {
        return period;
    }
    let months = |d: NaiveDate, k: u32| d.checked_sub_months(Months::new(k));
    let is_month =
        period.from.day() == 1 && period.from.checked_add_months(Months::new(1)) == Some(period.to);
    if is_month && let (Some(from), Some(to)) = (months(period.from, n), months(period.to, n)) {
        return Period { from, to };
    }
    let shift = period
        .days()
        .checked_mul(i64::from(n))
        .and_then(Duration::try_days);
    match shift.and_then(|shift| {
        Some((
            period.from.checked_sub_signed(shift)?,
            period.to.checked_sub_signed(shift)?,
        ))
    }) {
        Some((from, to)) => Period { from, to },
        // Before year −262144: stay put rather than panic.
        None => period,
    }
}

/// j/k: the table or the charts scroll in the Reports view; the selection moves in Deals.
pub fn cursor(model: &mut Model, delta: isize) -> Vec<Effect> {
    match model.view {
        Screen::Reports => {
            // As far as the last row at the bottom of the screen (the
            // view's own layout decides), so k answers at once after G.
            let max = crate::tui::view::reports::scroll_max(model);
            let reports = &mut model.reports;
            reports.scroll = reports.scroll.saturating_add_signed(delta).min(max);
            vec![]
        }
        _ => deal_cursor(model, delta),
    }
}

/// Parse and run a palette line as if typed (errors become a toast).
fn run_line(model: &mut Model, line: String) -> Vec<Effect> {
    match crate::palette::parse(&line, model.now.naive_local()) {
        Ok(Command::Ui(_)) => {
            // `won 5` naming a TUI command would be a registry bug; never loop.
            toast(model, format!("\"{line}\" is not a deal command"), true);
            vec![]
        }
        Ok(command) => {
            model.pending_line = Some(line);
            super::commands::run(model, command)
        }
        Err(e) => {
            toast(model, e.message, true);
            vec![]
        }
    }
}

/// j/k in the Deals view: within the column; in the grouped list (too
/// narrow for columns) past its end into the next group, as a list reads.
pub fn deal_cursor(model: &mut Model, delta: isize) -> Vec<Effect> {
    let flows = !crate::tui::view::deals_fit(model.width, columns(model));
    let deals = &mut model.deals;
    let Some(board) = &deals.board else {
        return vec![];
    };
    let lens: Vec<usize> = board.columns.iter().map(|c| c.deals.len()).collect();
    if flows {
        // The position among all deals, in list order.
        let before: usize = lens.iter().take(deals.column).sum();
        let total: usize = lens.iter().sum();
        let at = (before + deals.row)
            .saturating_add_signed(delta)
            .min(total.saturating_sub(1));
        (deals.column, deals.row) = locate(&lens, at);
    } else {
        let len = lens.get(deals.column).copied().unwrap_or(0);
        deals.row = deals
            .row
            .saturating_add_signed(delta)
            .min(len.saturating_sub(1));
    }
    vec![]
}

/// Column and row of the `at`-th deal counting column by column.
fn locate(lens: &[usize], at: usize) -> (usize, usize) {
    let mut left = at;
    for (column, &len) in lens.iter().enumerate() {
        if left < len {
            return (column, left);
        }
        left -= len;
    }
    // Past the end (no deals at all): the first column.
    (0, 0)
}

/// h/l: the next column to either side that has deals (an empty stage
/// has nothing to select); the row kept where the new column allows.
fn deal_column(model: &mut Model, step: isize) -> Vec<Effect> {
    let deals = &mut model.deals;
    let Some(board) = &deals.board else {
        return vec![];
    };
    let mut column = deals.column;
    loop {
        let Some(next) = column.checked_add_signed(step) else {
            return vec![];
        };
        let Some(c) = board.columns.get(next) else {
            return vec![];
        };
        column = next;
        if !c.deals.is_empty() {
            break;
        }
    }
    deals.column = column;
    let len = board.columns[column].deals.len();
    deals.row = deals.row.min(len.saturating_sub(1));
    vec![]
}

fn columns(model: &Model) -> usize {
    model.deals.board.as_ref().map_or(0, |b| b.columns.len())
}

/// A new board: keep the same deal selected when it is still open,
/// else the same place, clamped.
pub fn deals_loaded(model: &mut Model, board: DealBoard) -> Vec<Effect> {
    let deals = &mut model.deals;
    let keep = deals.selected().map(|d| d.id);
    let found = keep.and_then(|id| {
        board
            .columns
            .iter()
            .enumerate()
            .find_map(|(c, col)| col.deals.iter().position(|d| d.id == id).map(|r| (c, r)))
    });
    deals.board = Some(board);
    match found {
        Some((column, row)) => (deals.column, deals.row) = (column, row),
        None => clamp(deals),
    }
    vec![]
}

/// Keep the selection on a deal: a column that has some, a row inside it.
fn clamp(deals: &mut super::super::model::Deals) {
    let Some(board) = &deals.board else {
        return;
    };
    let lens: Vec<usize> = board.columns.iter().map(|c| c.deals.len()).collect();
    if lens.get(deals.column).is_none_or(|&n| n == 0) {
        // The nearest column with deals, to the left first.
        let near = (0..lens.len())
            .filter(|&c| lens[c] > 0)
            .min_by_key(|&c| (c.abs_diff(deals.column), c > deals.column));
        deals.column = near.unwrap_or(0);
    }
    let len = lens.get(deals.column).copied().unwrap_or(0);
    deals.row = deals.row.min(len.saturating_sub(1));
}

/// The board from every deal: open ones by stage (pipeline order, then
/// stages the pipeline no longer has), soonest expected close first;
/// won and lost tallied for the calendar month of `now`. Amounts are
/// converted to the base currency; an open deal with no rate still shows,
/// but is left out of the sums.
pub fn board(
    deals: &[Deal],
    names: &HashMap<CustomerId, String>,
    pipeline: &Pipeline,
    rates: &Rates,
    now: DateTime<FixedOffset>,
) -> DealBoard {
    let mut columns: Vec<DealColumn> = pipeline
        .stages
        .iter()
        .map(|s| DealColumn {
            stage: s.name.clone(),
            probability: s.probability,
            ..Default::default()
        })
        .collect();
    let mut out = DealBoard {
        currency: rates.base.clone(),
        ..Default::default()
    };
    let today = now.date_naive();
    let this_month =
        |at: DateTime<FixedOffset>| at.year() == today.year() && at.month() == today.month();
    let mut open: Vec<Vec<&Deal>> = vec![Vec::new(); columns.len()];
    let (mut won, mut lost) = (Vec::new(), Vec::new());
    for deal in deals {
        match deal.status {
            DealStatus::Won if deal.closed_at.is_some_and(this_month) => won.push(deal),
            DealStatus::Lost if deal.closed_at.is_some_and(this_month) => lost.push(deal),
            DealStatus::Won | DealStatus::Lost => {}
            DealStatus::Open => {
                let at = match columns.iter().position(|c| c.stage == deal.stage) {
                    Some(at) => at,
                    None => {
                        columns.push(DealColumn {
                            stage: deal.stage.clone(),
                            probability: deal.probability,
                            ..Default::default()
                        });
                        open.push(Vec::new());
                        columns.len() - 1
                    }
                };
                open[at].push(deal);
            }
        }
    }
    // The sums are `rolo deal list`'s (`DealTotals`), so the two agree.
    let tally = |deals: &[&Deal]| {
        let t = DealTotals::of(deals.iter().copied(), rates);
        Tally {
            count: t.count,
            amount: t.amount,
        }
    };
    out.won = tally(&won);
    out.lost = tally(&lost);
    for (column, deals) in columns.iter_mut().zip(&open) {
        let t = DealTotals::of(deals.iter().copied(), rates);
        column.total = t.amount;
        column.weighted = t.weighted;
        out.unconverted += t.unconverted();
        column.deals = deals
            .iter()
            .map(|deal| DealCard {
                id: deal.id,
                customer: deal.customer,
                customer_name: names.get(&deal.customer).cloned().unwrap_or_default(),
                title: deal.title.clone(),
                amount: rates.to_base(deal.amount, &deal.currency),
                own_amount: deal.amount,
                currency: deal.currency.clone(),
                expected_close: deal.expected_close,
            })
            .collect();
    }
    for column in &mut columns {
        column.deals.sort_by(|a, b| {
            let close = |d: &DealCard| (d.expected_close.is_none(), d.expected_close);
            close(a)
                .cmp(&close(b))
                .then(b.amount.cmp(&a.amount))
                .then(a.id.cmp(&b.id))
        });
    }
    out.columns = columns;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::DealId;
    use crate::tui::msg::Tally;
    use chrono::{NaiveDate, TimeZone};

    fn at(y: i32, m: u32, d: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(8 * 3600)
            .and_then(|tz| tz.with_ymd_and_hms(y, m, d, 10, 0, 0).single())
            .expect("a valid time")
    }

    fn deal(id: u64, stage: &str, probability: u8, amount: i64, currency: &str) -> Deal {
        Deal {
            id: DealId(id),
            customer: CustomerId(id * 10),
            title: format!("deal {id}"),
            amount,
            currency: currency.into(),
            stage: stage.into(),
            probability,
            expected_close: None,
            status: DealStatus::Open,
            reason: String::new(),
            owner: String::new(),
            created_at: at(2026, 10, 1),
            closed_at: None,
            history: vec![],
        }
    }

    #[test]
    fn the_board_sums_by_stage_in_the_base_currency() {
        let mut table = std::collections::BTreeMap::new();
        table.insert("USD".to_string(), 7.0);
        let rates = Rates::new("CNY", &table);
        let mut late = deal(1, "proposal", 40, 1_000_000, "CNY");
        late.expected_close = NaiveDate::from_ymd_opt(2026, 12, 20);
        let mut soon = deal(2, "proposal", 50, 100_000, "USD");
        soon.expected_close = NaiveDate::from_ymd_opt(2026, 12, 1);
        let odd = deal(3, "legacy", 30, 500_000, "CNY");
        let no_rate = deal(4, "qualify", 10, 9_900, "EUR");
        let mut won = deal(5, "commit", 90, 300_000, "CNY");
        won.status = DealStatus::Won;
        won.closed_at = Some(at(2026, 11, 3));
        let mut won_before = deal(6, "commit", 90, 700_000, "CNY");
        won_before.status = DealStatus::Won;
        won_before.closed_at = Some(at(2026, 10, 31));
        let mut lost = deal(7, "proposal", 40, 200_000, "USD");
        lost.status = DealStatus::Lost;
        lost.closed_at = Some(at(2026, 11, 20));
        let names = HashMap::from([(CustomerId(10), "王芳".to_string())]);
        let b = board(
            &[late, soon, odd, no_rate, won, won_before, lost],
            &names,
            &Pipeline::default(),
            &rates,
            at(2026, 11, 22),
        );
        assert_eq!(b.currency, "CNY");
        let stages: Vec<&str> = b.columns.iter().map(|c| c.stage.as_str()).collect();
        assert_eq!(
            stages,
            [
                "qualify",
                "discovery",
                "proposal",
                "negotiation",
                "commit",
                "legacy"
            ]
        );
        let proposal = &b.columns[2];
        // ¥10,000 + $1,000 × 7 = ¥17,000; weighted 4,000 + 3,500.
        assert_eq!(proposal.total, 1_700_000);
        assert_eq!(proposal.weighted, 400_000 + 350_000);
        let order: Vec<u64> = proposal.deals.iter().map(|d| d.id.0).collect();
        assert_eq!(order, [2, 1], "soonest close first");
        assert_eq!(proposal.deals[1].customer_name, "王芳");
        assert_eq!(b.columns[5].total, 500_000);
        assert_eq!(b.columns[5].weighted, 150_000);
        // The EUR deal shows but is not summed.
        assert_eq!(b.columns[0].deals.len(), 1);
        assert_eq!(b.columns[0].total, 0);
        assert_eq!(b.columns[0].deals[0].amount, None);
        assert_eq!(b.unconverted, 1);
        assert_eq!(
            b.won,
            Tally {
                count: 1,
                amount: 300_000
            }
        );
        assert_eq!(
            b.lost,
            Tally {
                count: 1,
                amount: 1_400_000
            }
        );
    }

    fn period(from: (i32, u32, u32), to: (i32, u32, u32)) -> Period {
        let day = |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).expect("a valid date");
        Period {
            from: day(from),
            to: day(to),
        }
    }

    #[test]
    fn periods_step_back_by_their_own_length() {
        let november = period((2026, 11, 1), (2026, 12, 1));
        assert_eq!(earlier(november, 0), november);
        assert_eq!(earlier(november, 1), period((2026, 10, 1), (2026, 11, 1)));
        // A month is a calendar month, across a year too.
        assert_eq!(earlier(november, 11), period((2025, 12, 1), (2026, 1, 1)));
        // Eight weeks step back eight weeks, Monday to Monday.
        let weeks = period((2026, 9, 28), (2026, 11, 23));
        assert_eq!(earlier(weeks, 1), period((2026, 8, 3), (2026, 9, 28)));
        // Thirty days, thirty days.
        let days = period((2026, 10, 24), (2026, 11, 23));
        assert_eq!(earlier(days, 2), period((2026, 8, 25), (2026, 9, 24)));
        // Far back stays put rather than overflowing.
        assert_eq!(earlier(days, u32::MAX), days);
    }

    #[test]
    fn locate_counts_column_by_column() {
        let lens = [2, 0, 3];
        assert_eq!(locate(&lens, 0), (0, 0));
        assert_eq!(locate(&lens, 1), (0, 1));
        assert_eq!(locate(&lens, 2), (2, 0));
        assert_eq!(locate(&lens, 4), (2, 2));
        assert_eq!(locate(&[], 0), (0, 0));
    }
}
