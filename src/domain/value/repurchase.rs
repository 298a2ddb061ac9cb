//! Repurchase by segment and period: "2024 Q3 repurchase by industry".

use super::{Dimension, Period, Purchase, group_key};
use crate::domain::{Customer, CustomerId, Tier};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One group's repurchase in a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RepurchaseRow {
    /// The industry, source or tier (as first written); `TOTAL` for the total.
    pub group: String,
    /// Customers who bought in the period.
    pub buyers: usize,
    /// Of them, those who bought on at least two different days in it.
    pub repeat_buyers: usize,
}

impl RepurchaseRow {
    /// The rate in tenths of a percent, rounded down; `None` without buyers.
    pub fn permille(&self) -> Option<i64> {
        (self.buyers > 0)
            .then(|| i64::try_from(self.repeat_buyers * 1000 / self.buyers).unwrap_or(i64::MAX))
    }

    /// `66.6 %`, or `–` without buyers.
    pub fn rate(&self) -> String {
        match self.permille() {
            Some(p) => format!("{}.{} %", p / 10, p % 10),
            None => "–".into(),
        }
    }
}

/// A period's repurchase by one dimension, largest groups first, and the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RepurchaseTable {
    pub period: Period,
    pub dimension: Dimension,
    pub rows: Vec<RepurchaseRow>,
    pub total: RepurchaseRow,
}

/// Repurchase in `period` by `dimension`.
///
/// A segment's repurchase rate = customers who bought at least twice in
/// the period / customers who bought in it. "Twice" means on two
/// different days (by the purchase's local date): an order entered twice
/// or split into lines on one day is one visit to the shop, not a return.
/// Only `customers` count (a purchase of anyone else is skipped); groups
/// where no one bought are left out. For the tier dimension each
/// customer's tier is `tiers` (missing: regular) — the caller decides as
/// of when (now, or the period's end with `assess_tier`).
pub fn repurchase_table(
    customers: &[Customer],
    purchases: &[Purchase],
    tiers: &HashMap<CustomerId, Tier>,
    dimension: Dimension,
    period: Period,
) -> RepurchaseTable {
    let mut days: HashMap<CustomerId, BTreeSet<NaiveDate>> = HashMap::new();
    for p in purchases.iter().filter(|p| period.contains(p.at)) {
        days.entry(p.customer)
            .or_default()
            .insert(p.at.date_naive());
    }
    let mut groups: BTreeMap<String, RepurchaseRow> = BTreeMap::new();
    let mut total = RepurchaseRow {
        group: "TOTAL".into(),
        buyers: 0,
        repeat_buyers: 0,
    };
    for c in customers {
        let Some(bought) = days.get(&c.id) else {
            continue;
        };
        let tier = tiers.get(&c.id).copied().unwrap_or_default();
        let label = dimension.group(c, tier);
        let row = groups
            .entry(group_key(&label))
            .or_insert_with(|| RepurchaseRow {
                group: label,
                buyers: 0,
                repeat_buyers: 0,
            });
        let repeat = usize::from(bought.len() >= 2);
        row.buyers += 1;
        row.repeat_buyers += repeat;
        total.buyers += 1;
        total.repeat_buyers += repeat;
    }
    let mut rows: Vec<RepurchaseRow> = groups.into_values().collect();
    rows.sort_by(|a, b| b.buyers.cmp(&a.buyers).then_with(|| a.group.cmp(&b.group)));
    RepurchaseTable {
        period,
        dimension,
        rows,
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::OrderId;
    use crate::domain::value::PurchaseFrom;
    use crate::domain::value::fixtures::*;

    fn bought(c: u64, when: &str) -> Purchase {
        Purchase {
            customer: CustomerId(c),
            at: at(when),
            amount: 100_000,
            from: PurchaseFrom::Order(OrderId(1)),
        }
    }

    /// 2024 Q3 (2024-07-01 to 2024-09-30, local dates), by industry:
    ///   制造业: #1 bought 07-03 and 09-30 23:30 (+08:00, still Q3) → repeat;
    ///           #2 bought twice on 08-08 (one day) → not a repeat;
    ///           #3 bought 06-30 and 07-15 (only one in Q3) → not a repeat.
    ///           3 buyers, 1 repeat: 33.3 %.
    ///   零售:   #4 bought 07-01 00:00 and 08-01 → repeat; 1 of 1: 100.0 %.
    ///   金融:   #5 bought 10-01 00:10 (+08:00: Q4) → no buyer, no row.
    ///   #6 (Retail, written in English) bought nothing.
    ///   TOTAL: 4 buyers, 2 repeat: 50.0 %.
    #[test]
    fn q3_2024_repurchase_by_industry() {
        let industries = ["制造业", "制造业", "制造业 ", "零售", "金融", "Retail"];
        let customers: Vec<_> = industries
            .iter()
            .enumerate()
            .map(|(i, ind)| {
                let mut c = customer(i as u64 + 1, "x");
                c.industry = (*ind).into();
                c
            })
            .collect();
        let purchases = [
            bought(1, "2024-07-03T10:00:00+08:00"),
            bought(1, "2024-09-30T23:30:00+08:00"),
            bought(2, "2024-08-08T09:00:00+08:00"),
            bought(2, "2024-08-08T15:00:00+08:00"),
            bought(3, "2024-06-30T12:00:00+08:00"),
            bought(3, "2024-07-15T12:00:00+08:00"),
            bought(4, "2024-07-01T00:00:00+08:00"),
            bought(4, "2024-08-01T12:00:00+08:00"),
            bought(5, "2024-10-01T00:10:00+08:00"),
            bought(99, "2024-08-01T12:00:00+08:00"),
        ];
        let period = Period::parse("2024Q3").expect("period");
        let t = repurchase_table(
            &customers,
            &purchases,
            &HashMap::new(),
            Dimension::Industry,
            period,
        );
        let shown: Vec<_> = t
            .rows
            .iter()
            .chain([&t.total])
            .map(|r| (r.group.as_str(), r.buyers, r.repeat_buyers, r.rate()))
            .collect();
        assert_eq!(
            shown,
            [
                ("制造业", 3, 1, "33.3 %".to_string()),
                ("零售", 1, 1, "100.0 %".to_string()),
                ("TOTAL", 4, 2, "50.0 %".to_string()),
            ]
        );
        // The same purchases by month: July has #1, #3 and #4 once each.
        let july = repurchase_table(
            &customers,
            &purchases,
            &HashMap::new(),
            Dimension::Industry,
            Period::Month(2024, 7),
        );
        assert_eq!((july.total.buyers, july.total.repeat_buyers), (3, 0));
        let empty = repurchase_table(&[], &purchases, &HashMap::new(), Dimension::Tier, period);
        assert_eq!((empty.rows.len(), empty.total.rate()), (0, "–".to_string()));
    }

    #[test]
    fn repurchase_by_tier_uses_the_given_tiers() {
        let customers = [customer(1, "a"), customer(2, "b")];
        let purchases = [
            bought(1, "2024-07-03T10:00:00+08:00"),
            bought(1, "2024-07-04T10:00:00+08:00"),
            bought(2, "2024-07-03T10:00:00+08:00"),
        ];
        let mut tiers = HashMap::new();
        tiers.insert(CustomerId(1), Tier::Vip);
        let t = repurchase_table(
            &customers,
            &purchases,
            &tiers,
            Dimension::Tier,
            Period::Quarter(2024, 3),
        );
        let shown: Vec<_> = t
            .rows
            .iter()
            .map(|r| (r.group.as_str(), r.rate()))
            .collect();
        assert_eq!(
            shown,
            [
                ("regular", "0.0 %".to_string()),
                ("vip", "100.0 %".to_string())
            ]
        );
    }
}
