//! Lead sources: which channels bring customers that buy. Per source (the
//! customer's `source`; none → "(none)"): new customers in the period, deals
//! closed in the period, win rate, won amount and the average sales cycle
//! of the won ones. The grouping is shared with the campaigns report.

use super::{
    Chart, CustomerRow, Dataset, LeftOut, Output, Period, ReportName, Table, amount, bar_value,
    mean, money, num_cell, pct_cell, percent, to_json,
};
use crate::domain::DealStatus;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sources {
    pub period: Period,
    pub currency: String,
    /// Best first: won amount, then deals won, then new customers.
    pub sources: Vec<GroupRow>,
    pub left_out: LeftOut,
}

/// One source's (or campaign's) figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupRow {
    pub name: String,
    /// All customers from it.
    pub customers: u64,
    /// Customers added in the period.
    pub new_customers: u64,
    /// Deals closed in the period, won and lost.
    pub closed: u64,
    pub won: u64,
    /// Won of closed, percent.
    pub win_rate: Option<f64>,
    /// Base minor units.
    pub won_amount: i64,
    /// Days from creation to close, averaged over the won deals.
    pub avg_cycle_days: Option<f64>,
}

/// Customers grouped by `key` (case-insensitive; the first spelling seen
/// names the group; `None` leaves the customer out), with the period's
/// closed deals of each group.
pub(super) fn tally(
    data: &Dataset,
    key: impl Fn(&CustomerRow) -> Option<String>,
    left_out: &mut LeftOut,
) -> Vec<GroupRow> {
    let mut groups: BTreeMap<String, Acc> = BTreeMap::new();
    for c in data.customers.values() {
        let Some(name) = key(c) else { continue };
        let acc = groups
            .entry(name.to_lowercase())
            .or_insert_with(|| Acc::named(name));
        acc.row.customers += 1;
        if data.period.holds(c.created_at) {
            acc.row.new_customers += 1;
        }
    }
    tally_deals(data, groups, key, left_out)
}

/// A group's size, kept by the store rather than counted here: its
/// folded key, the spelling that names it (its first customer's), its
/// customers and those created in the period.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSize {
    pub folded: String,
    pub name: String,
    pub customers: u64,
    pub new_customers: u64,
}

/// [`tally`] with the groups' sizes given: `data.customers` then need only
/// hold the customers of the period's closed deals.
pub(super) fn tally_sized(
    data: &Dataset,
    sizes: Vec<GroupSize>,
    key: impl Fn(&CustomerRow) -> Option<String>,
    left_out: &mut LeftOut,
) -> Vec<GroupRow> {
    let groups = sizes
        .into_iter()
        .map(|g| {
            let mut acc = Acc::named(g.name);
            acc.row.customers = g.customers;
            acc.row.new_customers = g.new_customers;
            (g.folded, acc)
        })
        .collect();
    tally_deals(data, groups, key, left_out)
}

struct Acc {
    row: GroupRow,
    cycles: Vec<f64>,
}

impl Acc {
    fn named(name: String) -> Acc {
        Acc {
            row: GroupRow {
                name,
                customers: 0,
                new_customers: 0,
                closed: 0,
                won: 0,
                win_rate: None,
                won_amount: 0,
                avg_cycle_days: None,
            },
            cycles: Vec::new(),
        }
    }
}

/// The period's closed deals added to their customer's group, then the
/// groups ranked.
fn tally_deals(
    data: &Dataset,
    mut groups: BTreeMap<String, Acc>,
    key: impl Fn(&CustomerRow) -> Option<String>,
    left_out: &mut LeftOut,
) -> Vec<GroupRow> {
    let group_of = |id: &crate::domain::CustomerId| {
        data.customers
            .get(id)
            .and_then(&key)
            .map(|name| name.to_lowercase())
    };
    for deal in data.closed_in_period() {
        let Some(acc) = group_of(&deal.customer).and_then(|g| groups.get_mut(&g)) else {
            continue;
        };
        acc.row.closed += 1;
        if deal.status == DealStatus::Won {
            acc.row.won += 1;
            acc.row.won_amount = acc
                .row
                .won_amount
                .saturating_add(data.base_amount(deal, left_out).unwrap_or(0));
            acc.cycles.push(deal.cycle_days(data.now) as f64);
        }
    }
    let mut rows: Vec<GroupRow> = groups
        .into_values()
        .map(|mut acc| {
            acc.row.win_rate = percent(acc.row.won, acc.row.closed);
            acc.row.avg_cycle_days = mean(&acc.cycles);
            acc.row
        })
        .collect();
    rows.sort_by(|a, b| {
        b.won_amount
            .cmp(&a.won_amount)
            .then(b.won.cmp(&a.won))
            .then(b.new_customers.cmp(&a.new_customers))
            .then_with(|| a.name.cmp(&b.name))
    });
    rows
}

/// A customer's source as a group name.
fn source_of(c: &CustomerRow) -> Option<String> {
    Some(crate::domain::source_group(&c.source))
}

pub fn compute(data: &Dataset) -> Sources {
    let mut left_out = LeftOut::default();
    let sources = tally(data, source_of, &mut left_out);
    sources_of(data, sources, left_out)
}

/// [`compute`] with the groups' sizes kept by the store (see [`tally_sized`]).
pub fn compute_sized(data: &Dataset, sizes: Vec<GroupSize>) -> Sources {
    let mut left_out = LeftOut::default();
    let sources = tally_sized(data, sizes, source_of, &mut left_out);
    sources_of(data, sources, left_out)
}

fn sources_of(data: &Dataset, sources: Vec<GroupRow>, left_out: LeftOut) -> Sources {
    Sources {
        period: data.period,
        currency: data.currency().to_string(),
        sources,
        left_out,
    }
}

pub fn output(s: &Sources) -> Output {
    let cur = &s.currency;
    let mut headline = Vec::new();
    match s.sources.first().filter(|r| r.won > 0) {
        Some(best) => headline.push(format!(
            "Best source: {} — {} won worth {} (win rate {}).",
            best.name,
            best.won,
            money(best.won_amount, cur),
            pct_cell(best.win_rate)
        )),
        None => headline.push("No deals were won in the period.".into()),
    }
    if let Some(most) = s
        .sources
        .iter()
        .filter(|r| r.new_customers > 0)
        .max_by(|a, b| {
            a.new_customers
                .cmp(&b.new_customers)
                .then_with(|| b.name.cmp(&a.name))
        })
    {
        headline.push(format!(
            "Most new customers: {} ({}).",
            most.name, most.new_customers
        ));
    }
    let won_header = format!("WON {cur}");
    let mut table = Table::new(&[
        ("SOURCE", false),
        ("CUSTOMERS", true),
        ("NEW", true),
        ("CLOSED", true),
        ("WON", true),
        ("WIN RATE", true),
        (won_header.as_str(), true),
        ("AVG DAYS TO WIN", true),
    ]);
    for r in &s.sources {
        table.row(vec![
            r.name.clone(),
            r.customers.to_string(),
            r.new_customers.to_string(),
            r.closed.to_string(),
            r.won.to_string(),
            pct_cell(r.win_rate),
            amount(r.won_amount),
            num_cell(r.avg_cycle_days),
        ]);
    }
    let charts = vec![Chart::Bars {
        title: format!("Won by source ({cur})"),
        bars: s
            .sources
            .iter()
            .map(|r| (r.name.clone(), bar_value(r.won_amount)))
            .collect(),
        unit: cur.clone(),
    }];
    Output {
        name: ReportName::Sources,
        title: format!("Lead sources, {}", s.period.label()),
        headline,
        table,
        charts,
        notes: s.left_out.notes(cur),
        json: to_json(ReportName::Sources, s),
    }
}
