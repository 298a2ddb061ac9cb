//! The pipeline funnel: of the deals created in the period (the cohort), how
//! many reached each stage and how many of those went on to the next; plus
//! the whole open pipeline's weighted forecast and what was won this period.

use super::{
    Chart, Dataset, LeftOut, Output, Period, ReportName, Table, amount, bar_value, money, pct_cell,
    percent, to_json,
};
use crate::domain::DealStatus;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Funnel {
    pub period: Period,
    pub currency: String,
    /// Deals created in the period.
    pub created: u64,
    pub stages: Vec<FunnelStage>,
    /// The cohort's outcome so far.
    pub won: Tally,
    pub lost: Tally,
    pub open: Tally,
    /// Won of the cohort's closed deals, percent.
    pub win_rate: Option<f64>,
    /// Every deal won with its close in the period, whenever created.
    pub won_in_period: Tally,
    /// Every open deal now: amount × probability, summed.
    pub forecast: i64,
    pub open_deals: u64,
    /// Deals whose currency has no rate, by currency.
    pub left_out: LeftOut,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunnelStage {
    pub stage: String,
    pub probability: u8,
    /// Cohort deals that entered this stage or went past it.
    pub reached: u64,
    pub reached_amount: i64,
    /// Percent of those that reached the next stage (after the last: won).
    pub conversion: Option<f64>,
    /// Open deals in this stage now (all of them, not just the cohort).
    pub open_now: u64,
    pub weighted: i64,
}

/// A count of deals and their amount (base minor units).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Tally {
    pub count: u64,
    pub amount: i64,
}

impl Tally {
    fn add(&mut self, amount: Option<i64>) {
        self.count += 1;
        self.amount = self.amount.saturating_add(amount.unwrap_or(0));
    }
}

pub fn compute(data: &Dataset) -> Funnel {
    let pipeline = &data.pipeline;
    let mut left_out = LeftOut::default();
    let mut stages: Vec<FunnelStage> = pipeline
        .stages
        .iter()
        .map(|s| FunnelStage {
            stage: s.name.clone(),
            probability: s.probability,
            reached: 0,
            reached_amount: 0,
            conversion: None,
            open_now: 0,
            weighted: 0,
        })
        .collect();
    let (mut won, mut lost, mut open) = (Tally::default(), Tally::default(), Tally::default());
    let cohort = data
        .deals
        .iter()
        .filter(|d| data.period.holds(d.created_at));
    let mut created = 0;
    for deal in cohort {
        created += 1;
        let amount = data.base_amount(deal, &mut left_out);
        for (i, stage) in stages.iter_mut().enumerate() {
            if deal.reached(pipeline, i) {
                stage.reached += 1;
                stage.reached_amount = stage.reached_amount.saturating_add(amount.unwrap_or(0));
            }
        }
        match deal.status {
            DealStatus::Won => won.add(amount),
            DealStatus::Lost => lost.add(amount),
            DealStatus::Open => open.add(amount),
        }
    }
    let next: Vec<u64> = stages
        .iter()
        .skip(1)
        .map(|s| s.reached)
        .chain([won.count])
        .collect();
    for (stage, next) in stages.iter_mut().zip(next) {
        stage.conversion = percent(next, stage.reached);
    }
    let mut forecast = 0;
    let mut open_deals = 0;
    for deal in data.deals.iter().filter(|d| d.is_open()) {
        open_deals += 1;
        // An open deal in a stage since removed from the config still
        // counts in the forecast; only the per-stage rows miss it.
        let stage = pipeline.index(&deal.stage);
        if let Some(i) = stage {
            stages[i].open_now += 1;
        }
        let Some(amount) = data.base_amount(deal, &mut left_out) else {
            continue;
        };
        // The deal's own probability (set by hand or its stage's default).
        let weighted = amount * i64::from(deal.probability) / 100;
        forecast += weighted;
        if let Some(i) = stage {
            stages[i].weighted = stages[i].weighted.saturating_add(weighted);
        }
    }
    let mut won_in_period = Tally::default();
    for deal in data.won_in_period() {
        won_in_period.add(data.base_amount(deal, &mut left_out));
    }
    Funnel {
        period: data.period,
        currency: data.currency().to_string(),
        created,
        stages,
        won,
        lost,
        open,
        win_rate: percent(won.count, won.count + lost.count),
        won_in_period,
        forecast,
        open_deals,
        left_out,
    }
}

fn plural(n: u64, one: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// The stage the most deals stop at: the lowest conversion, among stages
/// some deal reached.
fn biggest_drop(f: &Funnel) -> Option<(String, String, f64)> {
    let names: Vec<&str> = f
        .stages
        .iter()
        .map(|s| s.stage.as_str())
        .chain(["won"])
        .collect();
    f.stages
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.conversion.map(|c| (i, c)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .filter(|(_, c)| *c < 100.0)
        .map(|(i, c)| (names[i].to_string(), names[i + 1].to_string(), c))
}

pub fn output(f: &Funnel) -> Output {
    let cur = &f.currency;
    let mut headline = vec![format!(
        "Won {} worth {} this period; open pipeline {} weighted from {}.",
        plural(f.won_in_period.count, "deal"),
        money(f.won_in_period.amount, cur),
        money(f.forecast, cur),
        plural(f.open_deals, "open deal"),
    )];
    if f.created > 0 {
        headline.push(format!(
            "{} created in the period: {} won, {} lost, {} still open (win rate {}).",
            plural(f.created, "deal"),
            f.won.count,
            f.lost.count,
            f.open.count,
            pct_cell(f.win_rate),
        ));
    } else {
        headline.push("No deals were created in the period.".into());
    }
    if let Some((from, to, c)) = biggest_drop(f) {
        headline.push(format!(
            "Biggest drop: {from} → {to} ({} go on).",
            pct_cell(Some(c))
        ));
    }
    let amount_header = format!("AMOUNT {cur}");
    let weighted_header = format!("WEIGHTED {cur}");
    let mut table = Table::new(&[
        ("STAGE", false),
        ("PROB", true),
        ("REACHED", true),
        (amount_header.as_str(), true),
        ("→ NEXT", true),
        ("OPEN NOW", true),
        (weighted_header.as_str(), true),
    ]);
    for s in &f.stages {
        table.row(vec![
            s.stage.clone(),
            format!("{}%", s.probability),
            s.reached.to_string(),
            amount(s.reached_amount),
            pct_cell(s.conversion),
            s.open_now.to_string(),
            amount(s.weighted),
        ]);
    }
    for (label, t) in [("won", f.won), ("lost", f.lost)] {
        table.row(vec![
            label.into(),
            String::new(),
            t.count.to_string(),
            amount(t.amount),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    let mut bars: Vec<(String, u64)> = f
        .stages
        .iter()
        .map(|s| (s.stage.clone(), s.reached))
        .collect();
    bars.push(("won".into(), f.won.count));
    let charts = vec![
        Chart::Bars {
            title: "Deals created in the period, by stage reached".into(),
            bars,
            unit: "deals".into(),
        },
        Chart::Bars {
            title: format!("Open pipeline, weighted ({cur})"),
            bars: f
                .stages
                .iter()
                .map(|s| (s.stage.clone(), bar_value(s.weighted)))
                .collect(),
            unit: cur.clone(),
        },
    ];
    Output {
        name: ReportName::Funnel,
        title: format!("Pipeline funnel, {}", f.period.label()),
        headline,
        table,
        charts,
        notes: f.left_out.notes(cur),
        json: to_json(ReportName::Funnel, f),
    }
}
