//! Top customers: who bought the most in the period, with their value tier
//! (what they bought over the last 12 months and how often: docs/VALUE.md),
//! open pipeline and last contact.

use super::{
    Chart, Dataset, LeftOut, Output, Period, ReportName, Table, amount, bar_value, money, to_json,
};
use crate::domain::value::{Purchases, assess_tier};
use crate::domain::{CustomerId, DealStatus, Tier};
use crate::text::grouped;
use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use std::collections::BTreeMap;

/// How many customers the report lists.
pub const LIMIT: usize = 20;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Top {
    pub period: Period,
    pub currency: String,
    /// Customers with something won in the period or open, before the cut to `LIMIT`.
    pub total: u64,
    /// Best first: won in the period, then open weighted pipeline.
    pub customers: Vec<TopRow>,
    pub left_out: LeftOut,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopRow {
    pub rank: u64,
    pub id: CustomerId,
    pub name: String,
    pub company: String,
    pub owner: String,
    pub tier: Tier,
    /// Won in the period, base minor units.
    pub won_amount: i64,
    pub won_deals: u64,
    /// Won in the 365 days before now.
    pub won_last_year: i64,
    /// Open deals, amount × probability.
    pub open_weighted: i64,
    pub last_contact_at: Option<DateTime<FixedOffset>>,
}

#[derive(Default)]
struct Acc {
    won_amount: i64,
    won_deals: u64,
    won_last_year: i64,
    open_weighted: i64,
}

pub fn compute(data: &Dataset) -> Top {
    let mut left_out = LeftOut::default();
    let year_ago = data.now - chrono::Duration::days(365);
    let mut accs: BTreeMap<CustomerId, Acc> = BTreeMap::new();
    for deal in &data.deals {
        if deal.status == DealStatus::Lost {
            continue;
        }
        let Some(amount) = data.base_amount(deal, &mut left_out) else {
            continue;
        };
        let acc = accs.entry(deal.customer).or_default();
        match (deal.status, deal.closed_at) {
            (DealStatus::Open, _) => {
                let weighted = amount.saturating_mul(i64::from(deal.probability)) / 100;
                acc.open_weighted = acc.open_weighted.saturating_add(weighted);
            }
            (_, Some(at)) => {
                if data.period.holds(at) {
                    acc.won_amount = acc.won_amount.saturating_add(amount);
                    acc.won_deals += 1;
                }
                // The same window as `money::won_last_year`, which sets tiers.
                if at > year_ago && at <= data.now {
                    acc.won_last_year = acc.won_last_year.saturating_add(amount);
                }
            }
            (_, None) => {}
        }
    }
    let purchases = Purchases::of(&data.orders, &data.deals, &data.rates);
    let tier = |id| {
        assess_tier(
            purchases.of_customer(id),
            &data.tiers,
            data.now,
            &data.rates.base,
        )
        .tier
    };
    let mut rows: Vec<TopRow> = accs
        .into_iter()
        .filter(|(_, a)| a.won_amount > 0 || a.open_weighted > 0)
        .filter_map(|(id, a)| {
            let c = data.customers.get(&id)?;
            Some(TopRow {
                rank: 0,
                id,
                name: c.name.clone(),
                company: c.company.clone(),
                owner: c.owner.clone(),
                tier: tier(id),
                won_amount: a.won_amount,
                won_deals: a.won_deals,
                won_last_year: a.won_last_year,
                open_weighted: a.open_weighted,
                last_contact_at: c.last_contact_at,
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        b.won_amount
            .cmp(&a.won_amount)
            .then(b.open_weighted.cmp(&a.open_weighted))
            .then_with(|| a.name.cmp(&b.name))
            .then(a.id.cmp(&b.id))
    });
    let total = rows.len() as u64;
    rows.truncate(LIMIT);
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = i as u64 + 1;
    }
    Top {
        period: data.period,
        currency: data.currency().to_string(),
        total,
        customers: rows,
        left_out,
    }
}

pub fn output(t: &Top, now: DateTime<FixedOffset>) -> Output {
    let cur = &t.currency;
    let mut headline = Vec::new();
    let won = t
        .customers
        .iter()
        .map(|r| r.won_amount)
        .fold(0, i64::saturating_add);
    match t.customers.first().filter(|r| r.won_amount > 0) {
        Some(best) => {
            let buyers = t.customers.iter().filter(|r| r.won_amount > 0).count();
            headline.push(format!(
                "Top customer: {} — {} won this period ({}).",
                best.name,
                money(best.won_amount, cur),
                best.tier
            ));
            headline.push(format!(
                "The top {buyers} buyer{} brought {}.",
                if buyers == 1 { "" } else { "s" },
                money(won, cur)
            ));
        }
        None => headline.push("Nothing was won in the period; listed by open pipeline.".into()),
    }
    let won_header = format!("WON {cur}");
    let open_header = format!("OPEN WEIGHTED {cur}");
    let mut table = Table::new(&[
        ("#", true),
        ("CUSTOMER", false),
        ("COMPANY", false),
        ("TIER", false),
        (won_header.as_str(), true),
        ("DEALS", true),
        (open_header.as_str(), true),
        ("LAST CONTACT", true),
    ]);
    for r in &t.customers {
        table.row(vec![
            r.rank.to_string(),
            format!("{} {}", r.id, r.name),
            r.company.clone(),
            r.tier.to_string(),
            amount(r.won_amount),
            r.won_deals.to_string(),
            amount(r.open_weighted),
            r.last_contact_at.map_or("never".into(), |at| {
                let days = (now.date_naive() - at.date_naive()).num_days();
                format!("{days}d ago")
            }),
        ]);
    }
    // Every ranked customer, in rank order: what was won, then the open
    // pipeline (weighted) — the two figures the ranking is by.
    let charts = vec![Chart::Stacked {
        title: format!("Won, then open weighted, by customer ({cur})"),
        keys: vec!["won".into(), "open weighted".into()],
        rows: t
            .customers
            .iter()
            .map(|r| {
                let (won, open) = (bar_value(r.won_amount), bar_value(r.open_weighted));
                let figure = match (won, open) {
                    (0, open) => format!("open {}", grouped(open)),
                    (won, 0) => grouped(won),
                    (won, open) => format!("{} +{} open", grouped(won), grouped(open)),
                };
                (format!("{} {}", r.rank, r.name), vec![won, open], figure)
            })
            .collect(),
    }];
    let mut notes = t.left_out.notes(cur);
    if t.total > t.customers.len() as u64 {
        notes.push(format!(
            "Showing the top {} of {} customers with won or open deals.",
            t.customers.len(),
            t.total
        ));
    }
    Output {
        name: ReportName::Top,
        title: format!("Top customers, {}", t.period.label()),
        headline,
        table,
        charts,
        notes,
        json: to_json(ReportName::Top, t),
    }
}
