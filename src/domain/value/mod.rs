//! Customer value the way Chinese CRM templates measure it: tiers by
//! yearly spend and repurchase (客户分层), lead scores (线索评分), churn
//! risk (流失风险预警), lifetime and expected value, repurchase by segment
//! and period, and sales targets. Pure functions over domain records;
//! every definition and default is explained in `docs/VALUE.md`.
//!
//! Everything here is computed, never stored, and takes `now` as an
//! argument: the store reads the records, these functions decide.

mod churn;
mod lead;
mod period;
mod repurchase;
mod target;
mod tier;
mod worth;

pub use churn::{ChurnInput, ChurnLevel, ChurnRisk, ChurnRules, churn_risk, effective_cadence};
pub use lead::{DealBand, LeadLevel, LeadRules, LeadScore, lead_score};
pub use period::{Period, PeriodKind};
pub use repurchase::{RepurchaseRow, RepurchaseTable, repurchase_table};
pub use target::{Achievement, Target, achievement, show_permille};
pub use tier::{Repurchase, TierRule, TierThresholds, TierVerdict, assess_tier};
pub use worth::{CustomerValue, SegmentValue, ValueRules, customer_value, value_by_segment};

use super::{Customer, CustomerId, Deal, DealId, DealStatus, Order, OrderId, Tier};
use super::{ValidationError, money::Rates, parse_word};
use chrono::{DateTime, FixedOffset, Months};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::fmt;

/// One purchase in the base currency: an order, or a won deal that no
/// order names (a deal won before orders were recorded, or never
/// entered as one). What spend, repurchase and lifetime value count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Purchase {
    pub customer: CustomerId,
    /// The order's date; a won deal's close.
    pub at: DateTime<FixedOffset>,
    /// Minor units of the base currency.
    pub amount: i64,
    pub from: PurchaseFrom,
}

/// The record a purchase was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PurchaseFrom {
    Order(OrderId),
    Deal(DealId),
}

/// Every customer's purchases, sorted by customer then time, and the
/// records left out because their currency has no rate (by currency).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Purchases {
    pub list: Vec<Purchase>,
    pub no_rate: BTreeMap<String, usize>,
}

impl Purchases {
    /// The purchases in `orders` and `deals`, converted to the base
    /// currency.
    ///
    /// Counted once each: every order; every won deal *no order names*
    /// (an order made from a won deal is the purchase, dated when the
    /// customer ordered). Open and lost deals are no purchase. A record
    /// in a currency without a rate is left out and tallied in
    /// `no_rate`, as `DealTotals` does, so a report can say so.
    pub fn of(orders: &[Order], deals: &[Deal], rates: &Rates) -> Purchases {
        let ordered: HashSet<DealId> = orders.iter().filter_map(|o| o.deal).collect();
        let mut out = Purchases::default();
        let mut add =
            |customer, at, amount, currency: &str, from| match rates.to_base(amount, currency) {
                Some(amount) => out.list.push(Purchase {
                    customer,
                    at,
                    amount,
                    from,
                }),
                None => *out.no_rate.entry(currency.to_string()).or_default() += 1,
            };
        for o in orders {
            add(
                o.customer,
                o.at,
                o.amount,
                &o.currency,
                PurchaseFrom::Order(o.id),
            );
        }
        for d in deals {
            if d.status == DealStatus::Won
                && !ordered.contains(&d.id)
                && let Some(at) = d.closed_at
            {
                add(
                    d.customer,
                    at,
                    d.amount,
                    &d.currency,
                    PurchaseFrom::Deal(d.id),
                );
            }
        }
        out.list.sort_by_key(|p| (p.customer, p.at));
        out
    }

    /// One customer's purchases, oldest first.
    pub fn of_customer(&self, id: CustomerId) -> &[Purchase] {
        let start = self.list.partition_point(|p| p.customer < id);
        let end = self.list.partition_point(|p| p.customer <= id);
        &self.list[start..end]
    }
}

/// The trailing year spend and repurchase are counted over: after
/// `now − 12 months`, up to and including `now` (calendar months, so a
/// year is a year in leap years too: from 2028-02-29 it starts
/// 2027-02-28, where chrono clamps the day).
pub fn trailing_year(now: DateTime<FixedOffset>) -> (DateTime<FixedOffset>, DateTime<FixedOffset>) {
    (months_before(now, 12), now)
}

/// `months` calendar months before `now` (the day clamped to the month's
/// end); the earliest time there is when that is further back.
pub fn months_before(now: DateTime<FixedOffset>, months: u32) -> DateTime<FixedOffset> {
    now.checked_sub_months(Months::new(months))
        .unwrap_or_else(|| chrono::DateTime::<chrono::Utc>::MIN_UTC.fixed_offset())
}

/// A contribution to a score and why, for "why is this lead hot?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub points: i64,
    pub why: String,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:+} {}", self.points, self.why)
    }
}

/// What customers are grouped by in the value and repurchase tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Industry,
    Source,
    Tier,
}

impl Dimension {
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Industry => "industry",
            Dimension::Source => "source",
            Dimension::Tier => "tier",
        }
    }

    pub fn parse(input: &str) -> Result<Dimension, ValidationError> {
        parse_word(
            "dimension",
            input,
            &[
                ("industry", Dimension::Industry),
                ("source", Dimension::Source),
                ("tier", Dimension::Tier),
                ("行业", Dimension::Industry),
                ("来源", Dimension::Source),
                ("渠道", Dimension::Source),
                ("客户来源", Dimension::Source),
                ("分层", Dimension::Tier),
                ("客户分层", Dimension::Tier),
                ("等级", Dimension::Tier),
            ],
        )
    }

    /// The group `c` (of tier `tier`) counts under: its industry or
    /// source trimmed, `(none)` when blank (as `source_group`), or its
    /// tier. Groups compare case-insensitively: see [`group_key`].
    pub fn group(self, c: &Customer, tier: Tier) -> String {
        match self {
            Dimension::Industry => super::source_group(&c.industry),
            Dimension::Source => super::source_group(&c.source),
            Dimension::Tier => tier.as_str().to_string(),
        }
    }
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The key a group label is compared by: `Web` and `web` are one source.
pub(crate) fn group_key(label: &str) -> String {
    label.to_lowercase()
}

/// `¥126,000` in yuan (rolo's users read `¥` as yuan, as the palette
/// does), `126,000 USD` in any other base currency.
pub fn show_money(minor: i64, base: &str) -> String {
    let amount = super::money::format_amount(minor);
    if base.eq_ignore_ascii_case("CNY") {
        format!("¥{amount}")
    } else {
        format!("{amount} {}", base.to_ascii_uppercase())
    }
}

/// `part / whole` as a whole percentage, rounded down so that a shown
/// "30 %" always meets a 30 % threshold; `None` for an empty whole.
pub fn percent_floor(part: i128, whole: i128) -> Option<i64> {
    (whole > 0).then(|| i64::try_from(part * 100 / whole).unwrap_or(i64::MAX))
}

#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
mod tests;
