//! Campaigns: what each brought in against what it cost. ROI is the won
//! amount of the period divided by the campaign's cost (both in the base
//! currency): 3.0 means every unit spent came back three times.

use super::sources::{GroupRow, GroupSize, tally, tally_sized};
use super::{
    Chart, CustomerRow, Dataset, LeftOut, Output, Period, ReportName, Table, amount, bar_value,
    money, num_cell, pct_cell, to_json,
};
use crate::domain::Campaign;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Campaigns {
    pub period: Period,
    pub currency: String,
    /// Most won first; campaigns nobody came from last.
    pub campaigns: Vec<CampaignRow>,
    /// Cost of every campaign with a known cost, base minor units.
    pub total_cost: i64,
    /// Won from customers of any campaign, base minor units.
    pub total_won: i64,
    /// `total_won / total_cost`; `None` when nothing was spent.
    pub roi: Option<f64>,
    pub left_out: LeftOut,
    /// Campaigns whose cost is in a currency without a rate.
    pub unpriced: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CampaignRow {
    #[serde(flatten)]
    pub figures: GroupRow,
    /// Base minor units; `None` for a campaign named on customers but never
    /// recorded, or whose cost currency has no rate.
    pub cost: Option<i64>,
    /// Won amount / cost; `None` when the cost is unknown or 0.
    pub roi: Option<f64>,
    pub source: String,
    pub started: Option<NaiveDate>,
    pub ended: Option<NaiveDate>,
}

/// Two decimals: ROI is a ratio, 0.05 matters.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

pub(super) fn roi(won: i64, cost: Option<i64>) -> Option<f64> {
    cost.filter(|c| *c > 0)
        .map(|c| round2(won as f64 / c as f64))
}

fn campaign_of(c: &CustomerRow) -> Option<String> {
    crate::domain::campaign_group(&c.campaign)
}

pub fn compute(data: &Dataset) -> Campaigns {
    let mut left_out = LeftOut::default();
    let groups = tally(data, campaign_of, &mut left_out);
    campaigns_of(data, groups, left_out)
}

/// [`compute`] with the groups' sizes kept by the store.
pub fn compute_sized(data: &Dataset, sizes: Vec<GroupSize>) -> Campaigns {
    let mut left_out = LeftOut::default();
    let groups = tally_sized(data, sizes, campaign_of, &mut left_out);
    campaigns_of(data, groups, left_out)
}

fn campaigns_of(data: &Dataset, groups: Vec<GroupRow>, left_out: LeftOut) -> Campaigns {
    let mut unpriced = Vec::new();
    let defined = |name: &str| -> Option<&Campaign> {
        let key = Campaign::key(name);
        data.campaigns
            .iter()
            .find(|c| Campaign::key(&c.name) == key)
    };
    let mut cost_of = |c: &Campaign| {
        let cost = data.rates.to_base(c.cost, &c.currency);
        if cost.is_none() {
            unpriced.push(format!("{} (cost in {})", c.name, c.currency));
        }
        cost
    };
    let mut rows: Vec<CampaignRow> = Vec::new();
    for mut figures in groups {
        let campaign = defined(&figures.name);
        let cost = campaign.and_then(&mut cost_of);
        if let Some(c) = campaign {
            figures.name = c.name.clone();
        }
        rows.push(CampaignRow {
            roi: roi(figures.won_amount, cost),
            cost,
            source: campaign.map(|c| c.source.clone()).unwrap_or_default(),
            started: campaign.and_then(|c| c.started),
            ended: campaign.and_then(|c| c.ended),
            figures,
        });
    }
    for c in &data.campaigns {
        let key = Campaign::key(&c.name);
        if rows.iter().any(|r| Campaign::key(&r.figures.name) == key) {
            continue;
        }
        let cost = cost_of(c);
        rows.push(CampaignRow {
            figures: GroupRow {
                name: c.name.clone(),
                customers: 0,
                new_customers: 0,
                closed: 0,
                won: 0,
                win_rate: None,
                won_amount: 0,
                avg_cycle_days: None,
            },
            cost,
            roi: roi(0, cost),
            source: c.source.clone(),
            started: c.started,
            ended: c.ended,
        });
    }
    let total_cost = rows
        .iter()
        .filter_map(|r| r.cost)
        .fold(0, i64::saturating_add);
    let total_won = rows
        .iter()
        .map(|r| r.figures.won_amount)
        .fold(0, i64::saturating_add);
    Campaigns {
        period: data.period,
        currency: data.currency().to_string(),
        roi: roi(total_won, Some(total_cost)),
        campaigns: rows,
        total_cost,
        total_won,
        left_out,
        unpriced,
    }
}

/// `3.25×`, or `—`.
fn roi_cell(roi: Option<f64>) -> String {
    roi.map_or("—".into(), |r| format!("{r:.2}×"))
}

pub fn output(c: &Campaigns) -> Output {
    let cur = &c.currency;
    let mut headline = Vec::new();
    if c.campaigns.is_empty() {
        headline.push(
            "No campaigns: record one with its cost, and set customers' campaign, to see what each returns."
                .into(),
        );
    } else {
        headline.push(format!(
            "Spent {} on campaigns; their customers won {} this period (ROI {}).",
            money(c.total_cost, cur),
            money(c.total_won, cur),
            roi_cell(c.roi)
        ));
        let best = c
            .campaigns
            .iter()
            .filter_map(|r| r.roi.map(|roi| (r, roi)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((r, roi)) = best {
            headline.push(format!(
                "Best return: {} — {} won on {} spent ({}).",
                r.figures.name,
                money(r.figures.won_amount, cur),
                money(r.cost.unwrap_or(0), cur),
                roi_cell(Some(roi))
            ));
        }
    }
    let won_header = format!("WON {cur}");
    let cost_header = format!("COST {cur}");
    let mut table = Table::new(&[
        ("CAMPAIGN", false),
        ("CUSTOMERS", true),
        ("NEW", true),
        ("WON", true),
        ("WIN RATE", true),
        (won_header.as_str(), true),
        (cost_header.as_str(), true),
        ("ROI", true),
        ("AVG DAYS TO WIN", true),
    ]);
    for r in &c.campaigns {
        let f = &r.figures;
        table.row(vec![
            f.name.clone(),
            f.customers.to_string(),
            f.new_customers.to_string(),
            f.won.to_string(),
            pct_cell(f.win_rate),
            amount(f.won_amount),
            r.cost.map_or("—".into(), amount),
            roi_cell(r.roi),
            num_cell(f.avg_cycle_days),
        ]);
    }
    let charts = vec![Chart::Bars {
        title: format!("Won by campaign ({cur})"),
        bars: c
            .campaigns
            .iter()
            .map(|r| (r.figures.name.clone(), bar_value(r.figures.won_amount)))
            .collect(),
        unit: cur.clone(),
    }];
    let mut notes = c.left_out.notes(cur);
    for u in &c.unpriced {
        notes.push(format!(
            "{u}: no rate in config [rates], so its cost and ROI are unknown"
        ));
    }
    Output {
        name: ReportName::Campaigns,
        title: format!("Campaigns, {}", c.period.label()),
        headline,
        table,
        charts,
        notes,
        json: to_json(ReportName::Campaigns, c),
    }
}
