//! Lifetime value (what a customer has bought to date) and expected
//! value (what they are likely to buy from here), per customer and per
//! segment.

use super::{Dimension, Purchase, Repurchase, group_key, trailing_year};
use crate::domain::{Customer, CustomerId, Tier};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Expected value's settings, config key `[value]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ValueRules {
    /// Expected value counts at most this many years ahead: a customer
    /// who came back every month is not worth for ever.
    pub max_years: u32,
}

impl Default for ValueRules {
    fn default() -> Self {
        ValueRules { max_years: 5 }
    }
}

/// The most years `max_years` may say.
pub const MAX_YEARS: u32 = 50;

impl ValueRules {
    pub fn check(&self) -> Result<(), String> {
        if (1..=MAX_YEARS).contains(&self.max_years) {
            Ok(())
        } else {
            Err(format!(
                "value.max_years = {} is out of range: 1 to {MAX_YEARS} years",
                self.max_years
            ))
        }
    }
}

/// What a customer is worth, in base-currency minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct CustomerValue {
    /// Lifetime value: every purchase to date (up to now), summed.
    pub ltv: i64,
    /// How many purchases that is.
    pub purchases: usize,
    /// Spend over the trailing 12 months.
    pub yearly: i64,
    pub repurchase: Repurchase,
    /// Expected value of the purchases to come: see [`customer_value`].
    pub expected: i64,
}

/// The value of a customer with `purchases` (theirs) at `now`.
///
/// Expected value = yearly spend × expected remaining years, where yearly
/// spend is the trailing 12 months' (average purchase × purchases a
/// year) and the expected remaining years are `r / (1 − r)` for their
/// repurchase rate `r` ([`Repurchase`]), at most `max_years`. That is the
/// textbook retention formula (lifetime value = margin × r / (1 − r),
/// undiscounted), reading the repurchase rate as the chance they stay:
/// a customer who never came back is expected to add nothing, one at
/// 50 % one more year like the last, one at 100 % `max_years` of them.
/// In integers: `yearly × repeat months / (months since first − repeat months)`.
pub fn customer_value(
    purchases: &[Purchase],
    rules: &ValueRules,
    now: DateTime<FixedOffset>,
) -> CustomerValue {
    let (since, _) = trailing_year(now);
    let mut v = CustomerValue::default();
    for p in purchases.iter().filter(|p| p.at <= now) {
        v.ltv = v.ltv.saturating_add(p.amount);
        v.purchases += 1;
        if p.at > since {
            v.yearly = v.yearly.saturating_add(p.amount);
        }
    }
    v.repurchase = Repurchase::of(purchases, now);
    let yearly = i128::from(v.yearly);
    let cap = yearly * i128::from(rules.max_years);
    let repeat = i128::from(v.repurchase.repeat_months());
    let of = i128::from(v.repurchase.months_since_first);
    let expected = if of == 0 {
        0
    } else if repeat >= of {
        cap
    } else {
        (yearly * repeat / (of - repeat)).min(cap)
    };
    v.expected = i64::try_from(expected).unwrap_or(i64::MAX);
    v
}

/// Value summed over one group of customers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SegmentValue {
    /// The industry, source or tier (as first written).
    pub group: String,
    pub customers: usize,
    /// Of them, those who bought anything to date.
    pub buyers: usize,
    pub ltv: i64,
    pub expected: i64,
    /// `ltv / customers`, rounded down.
    pub average_ltv: i64,
}

/// Value per group of `dimension`, most lifetime value first. Every
/// customer counts (one without a value entry as 0: the average is per
/// customer in the group, not per buyer); `tiers` gives each customer's
/// tier (missing: regular).
pub fn value_by_segment(
    customers: &[Customer],
    values: &HashMap<CustomerId, CustomerValue>,
    tiers: &HashMap<CustomerId, Tier>,
    dimension: Dimension,
) -> Vec<SegmentValue> {
    let mut groups: BTreeMap<String, SegmentValue> = BTreeMap::new();
    for c in customers {
        let tier = tiers.get(&c.id).copied().unwrap_or_default();
        let label = dimension.group(c, tier);
        let g = groups
            .entry(group_key(&label))
            .or_insert_with(|| SegmentValue {
                group: label,
                customers: 0,
                buyers: 0,
                ltv: 0,
                expected: 0,
                average_ltv: 0,
            });
        let v = values.get(&c.id).copied().unwrap_or_default();
        g.customers += 1;
        g.buyers += usize::from(v.purchases > 0);
        g.ltv = g.ltv.saturating_add(v.ltv);
        g.expected = g.expected.saturating_add(v.expected);
    }
    let mut out: Vec<SegmentValue> = groups
        .into_values()
        .map(|mut g| {
            g.average_ltv = g.ltv / i64::try_from(g.customers.max(1)).unwrap_or(1);
            g
        })
        .collect();
    out.sort_by(|a, b| b.ltv.cmp(&a.ltv).then_with(|| a.group.cmp(&b.group)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::value::fixtures::*;
    use crate::domain::value::{PurchaseFrom, Purchases};
    use crate::domain::{DealStatus, OrderId};

    fn bought(c: u64, date: &str, yuan: i64) -> Purchase {
        Purchase {
            customer: CustomerId(c),
            at: day(date),
            amount: yuan * 100,
            from: PurchaseFrom::Order(OrderId(1)),
        }
    }

    /// Now 2026-11-22 10:00. Months counted back: month 0 is
    /// (10-22 10:00, 11-22 10:00], month 1 (09-22, 10-22], …, month 11
    /// (2025-11-22, 2025-12-22]. A customer who bought ¥20,000 every
    /// other month from 2025-12-01 (month 11), then 02-01 (9), 04-01 (7),
    /// 06-01 (5), 08-01 (3), 10-01 (1), plus ¥30,000 in 2024:
    ///   LTV = 6 × 20,000 + 30,000 = ¥150,000 (7 purchases)
    ///   yearly = ¥120,000; repurchase 5 repeat months of 11 = 45 %
    ///   expected = 120,000 × 5 / (11 − 5) = ¥100,000.
    #[test]
    fn a_worked_customer_value() {
        let mut p: Vec<_> = [
            "2025-12-01",
            "2026-02-01",
            "2026-04-01",
            "2026-06-01",
            "2026-08-01",
            "2026-10-01",
        ]
        .iter()
        .map(|d| bought(1, d, 20_000))
        .collect();
        p.push(bought(1, "2024-03-01", 30_000));
        let v = customer_value(&p, &ValueRules::default(), now());
        assert_eq!((v.ltv, v.purchases, v.yearly), (15_000_000, 7, 12_000_000));
        assert_eq!(
            v.repurchase,
            Repurchase {
                months_bought: 6,
                months_since_first: 11
            }
        );
        assert_eq!(v.repurchase.percent(), 45);
        assert_eq!(v.expected, 10_000_000);
    }

    #[test]
    fn expected_value_edges() {
        let rules = ValueRules::default();
        // No purchases: nothing.
        assert_eq!(customer_value(&[], &rules, now()), CustomerValue::default());
        // One purchase: LTV, no repurchase, nothing expected.
        let one = customer_value(&[bought(1, "2026-06-01", 5_000)], &rules, now());
        assert_eq!((one.ltv, one.yearly, one.expected), (500_000, 500_000, 0));
        // Every month for 12 months (¥1,000 on the 15th, 2025-12 to
        // 2026-11: months 11 to 0): 11 of 11 = 100 %, capped at 5 years.
        let monthly: Vec<_> = (1..=12)
            .map(|m| {
                let d = if m <= 11 {
                    format!("2026-{m:02}-15")
                } else {
                    "2025-12-15".into()
                };
                bought(1, &d, 1_000)
            })
            .collect();
        let v = customer_value(&monthly, &rules, now());
        assert_eq!(v.repurchase.percent(), 100);
        assert_eq!((v.yearly, v.expected), (1_200_000, 6_000_000));
        // A purchase after now (a clock set wrong) is not counted.
        let future = customer_value(&[bought(1, "2026-12-01", 5_000)], &rules, now());
        assert_eq!(future.ltv, 0);
        assert!(ValueRules { max_years: 0 }.check().is_err());
    }

    /// Three customers: 杭州 manufacturer A (LTV ¥150,000 as above,
    /// expected ¥100,000, VIP), manufacturer B written "制造业 " (one
    /// order ¥10,000), and a retailer with nothing.
    ///   制造业: 2 customers, 2 buyers, LTV 160,000, expected 100,000, avg 80,000
    ///   零售: 1 customer, 0 buyers, 0.
    #[test]
    fn value_by_industry_and_tier() {
        let mut a = customer(1, "A");
        a.industry = "制造业".into();
        let mut b = customer(2, "B");
        b.industry = "制造业 ".into();
        let mut c = customer(3, "C");
        c.industry = "零售".into();
        let mut values = HashMap::new();
        values.insert(
            CustomerId(1),
            CustomerValue {
                ltv: 15_000_000,
                purchases: 7,
                expected: 10_000_000,
                ..Default::default()
            },
        );
        values.insert(
            CustomerId(2),
            CustomerValue {
                ltv: 1_000_000,
                purchases: 1,
                ..Default::default()
            },
        );
        let mut tiers = HashMap::new();
        tiers.insert(CustomerId(1), Tier::Vip);
        let customers = [a, b, c];
        let rows = value_by_segment(&customers, &values, &tiers, Dimension::Industry);
        assert_eq!(
            rows,
            [
                SegmentValue {
                    group: "制造业".into(),
                    customers: 2,
                    buyers: 2,
                    ltv: 16_000_000,
                    expected: 10_000_000,
                    average_ltv: 8_000_000
                },
                SegmentValue {
                    group: "零售".into(),
                    customers: 1,
                    buyers: 0,
                    ltv: 0,
                    expected: 0,
                    average_ltv: 0
                },
            ]
        );
        let by_tier = value_by_segment(&customers, &values, &tiers, Dimension::Tier);
        let groups: Vec<_> = by_tier
            .iter()
            .map(|g| (g.group.as_str(), g.customers))
            .collect();
        assert_eq!(groups, [("vip", 1), ("regular", 2)]);
        let by_source = value_by_segment(&customers, &values, &tiers, Dimension::Source);
        assert_eq!(by_source[0].group, "(none)");
    }

    /// A won deal with an order made from it counts once (the order);
    /// a won deal without one counts at its close; USD converts at 7;
    /// EUR has no rate and is tallied.
    #[test]
    fn purchases_count_each_sale_once() {
        let mut from_deal = order(1, 1, day("2026-03-05"), 50_000);
        from_deal.deal = Some(crate::domain::DealId(1));
        let mut usd = order(2, 1, day("2026-04-01"), 1_000);
        usd.currency = "USD".into();
        let mut eur = order(3, 2, day("2026-04-01"), 1_000);
        eur.currency = "EUR".into();
        let deals = [
            closed(deal(1, 1, 50_000), DealStatus::Won, day("2026-03-01")),
            closed(deal(2, 1, 8_000), DealStatus::Won, day("2026-05-01")),
            closed(deal(3, 1, 9_000), DealStatus::Lost, day("2026-05-01")),
            deal(4, 1, 7_000),
        ];
        let all = Purchases::of(&[usd, from_deal, eur], &deals, &rates());
        let mine: Vec<_> = all
            .of_customer(CustomerId(1))
            .iter()
            .map(|p| (p.at.date_naive().to_string(), p.amount, p.from))
            .collect();
        assert_eq!(
            mine,
            [
                (
                    "2026-03-05".into(),
                    5_000_000,
                    PurchaseFrom::Order(OrderId(1))
                ),
                (
                    "2026-04-01".into(),
                    700_000,
                    PurchaseFrom::Order(OrderId(2))
                ),
                (
                    "2026-05-01".into(),
                    800_000,
                    PurchaseFrom::Deal(crate::domain::DealId(2))
                ),
            ]
        );
        assert!(all.of_customer(CustomerId(2)).is_empty());
        assert_eq!(all.no_rate.get("EUR"), Some(&1));
    }
}
