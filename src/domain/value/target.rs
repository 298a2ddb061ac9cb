//! Sales targets (销售目标) per owner and period, and how far along they are.

use super::Period;
use crate::domain::money::{self, Rates};
use crate::domain::{Deal, DealStatus, Interaction, InteractionKind, Order, ValidationError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What `owner` should sell in `period`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub owner: String,
    pub period: Period,
    /// Minor units of `currency`.
    pub amount: i64,
    pub currency: String,
}

impl Target {
    /// Trim the owner and check it is there, the amount is above 0 and at
    /// most `MAX_MINOR`, and the currency is a code.
    pub fn validate(mut self) -> Result<Target, ValidationError> {
        self.owner = self.owner.trim().to_string();
        if self.owner.is_empty() {
            return Err(ValidationError::Field {
                what: "target owner",
                value: String::new(),
                why: "is empty: name whose target it is".into(),
            });
        }
        if self.amount <= 0 || self.amount > money::MAX_MINOR {
            return Err(ValidationError::OutOfRange {
                what: "target amount",
                value: money::format_amount(self.amount),
                range: format!("0.01 to {}", money::format_amount(money::MAX_MINOR)),
            });
        }
        self.currency = money::parse_currency(&self.currency)?;
        Ok(self)
    }
}

/// A target against what was sold, in base-currency minor units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Achievement {
    pub target: Target,
    /// The target in the base currency; `None` when its currency has no rate.
    pub target_base: Option<i64>,
    /// Won so far: deals won in the period plus orders in it that no deal made.
    pub won: i64,
    pub won_deals: usize,
    pub orders: usize,
    /// Open deals expected to close in the period, each × its probability.
    pub pipeline: i64,
    pub open_deals: usize,
    /// `won + pipeline`: where the period is heading.
    pub forecast: i64,
    /// `won / target`, tenths of a percent rounded down (`None`: no target in base).
    pub achieved_permille: Option<i64>,
    /// `forecast / target`, the same way.
    pub forecast_permille: Option<i64>,
    /// The owner's interactions in the period.
    pub activities: usize,
    /// Of them, by kind (every kind, in `InteractionKind::ALL` order).
    pub by_kind: Vec<(InteractionKind, usize)>,
    /// Records left out of the sums for want of a rate, by currency.
    pub no_rate: BTreeMap<String, usize>,
}

/// `1234` tenths of a percent → `123.4 %`.
pub fn show_permille(permille: Option<i64>) -> String {
    match permille {
        Some(p) => format!("{}.{} %", p / 10, p % 10),
        None => "–".into(),
    }
}

/// How `target` stands, from every deal, order and interaction (only the
/// owner's in the period count; owners compare trimmed and
/// case-insensitively).
///
/// Won so far = deals won (closed as won) in the period, plus orders
/// placed in it that were not made from a deal (`Order::deal` is
/// `None`). An order made from a deal is the same sale as the deal, and
/// the target counts a sale when it is won, so the deal counts and its
/// order does not, whenever either is dated. Forecast = won so far + the
/// weighted pipeline: open deals whose expected close is in the period,
/// × their probability (an open deal without an expected close is in no
/// period's forecast). Dates are local dates (see [`Period`]).
pub fn achievement(
    target: &Target,
    deals: &[Deal],
    orders: &[Order],
    interactions: &[Interaction],
    rates: &Rates,
) -> Achievement {
    let mine = |owner: &str| owner.trim().eq_ignore_ascii_case(target.owner.trim());
    let period = target.period;
    let mut a = Achievement {
        target: target.clone(),
        target_base: rates.to_base(target.amount, &target.currency),
        won: 0,
        won_deals: 0,
        orders: 0,
        pipeline: 0,
        open_deals: 0,
        forecast: 0,
        achieved_permille: None,
        forecast_permille: None,
        activities: 0,
        by_kind: InteractionKind::ALL.iter().map(|k| (*k, 0)).collect(),
        no_rate: BTreeMap::new(),
    };
    let add = |sum: &mut i64, minor: i64, currency: &str, no_rate: &mut BTreeMap<String, usize>| {
        match rates.to_base(minor, currency) {
            Some(v) => {
                *sum = sum.saturating_add(v);
                true
            }
            None => {
                *no_rate.entry(currency.to_string()).or_default() += 1;
                false
            }
        }
    };
    for d in deals.iter().filter(|d| mine(&d.owner)) {
        let won = d.status == DealStatus::Won && d.closed_at.is_some_and(|at| period.contains(at));
        let closing = d.status == DealStatus::Open
            && d.expected_close
                .is_some_and(|day| period.contains_date(day));
        if won && add(&mut a.won, d.amount, &d.currency, &mut a.no_rate) {
            a.won_deals += 1;
        } else if closing && add(&mut a.pipeline, d.weighted(), &d.currency, &mut a.no_rate) {
            a.open_deals += 1;
        }
    }
    for o in orders
        .iter()
        .filter(|o| mine(&o.owner) && o.deal.is_none() && period.contains(o.at))
    {
        if add(&mut a.won, o.amount, &o.currency, &mut a.no_rate) {
            a.orders += 1;
        }
    }
    for i in interactions
        .iter()
        .filter(|i| mine(&i.author) && period.contains(i.at))
    {
        a.activities += 1;
        if let Some(slot) = a.by_kind.iter_mut().find(|(k, _)| *k == i.kind) {
            slot.1 += 1;
        }
    }
    a.forecast = a.won.saturating_add(a.pipeline);
    let permille = |part: i64| {
        a.target_base
            .filter(|t| *t > 0)
            .map(|t| i64::try_from(i128::from(part) * 1000 / i128::from(t)).unwrap_or(i64::MAX))
    };
    a.achieved_permille = permille(a.won);
    a.forecast_permille = permille(a.forecast);
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::value::fixtures::*;
    use crate::domain::{DealId, Outcome};

    fn target(owner: &str, period: &str, yuan: i64) -> Target {
        Target {
            owner: owner.into(),
            period: Period::parse(period).expect("period"),
            amount: yuan * 100,
            currency: "CNY".into(),
        }
    }

    /// Ann's 2026Q4 target: ¥400,000.
    ///   won: deal #1 ¥150,000 won 2026-10-10; deal #2 ¥80,000 won 2026-09-30
    ///        (Q3: not counted); order #1 ¥30,000 on 11-02 from no deal;
    ///        order #2 ¥150,000 made from deal #1 (not counted again);
    ///        bob's order ¥99,000 (not hers)          → ¥180,000 (1 deal, 1 order)
    ///   pipeline: deal #3 ¥100,000 at 40 % closing 12-15 → ¥40,000;
    ///        deal #4 ¥200,000 at 40 % closing 2027-01-05 (Q1: not counted);
    ///        deal #5 ¥50,000 with no expected close (not counted) → ¥40,000
    ///   forecast 180,000 + 40,000 = ¥220,000
    ///   achieved 180,000 / 400,000 = 45.0 %, forecast 55.0 %
    ///   activities: 2 calls and a visit in Q4 by ann (one call by bob, one
    ///        visit by ann in September) → 3.
    #[test]
    fn a_worked_quarter() {
        let t = target(" Ann ", "2026Q4", 400_000)
            .validate()
            .expect("valid");
        let mut d3 = deal(3, 1, 100_000);
        d3.expected_close = Some(date("2026-12-15"));
        let mut d4 = deal(4, 1, 200_000);
        d4.expected_close = Some(date("2027-01-05"));
        let deals = [
            closed(deal(1, 1, 150_000), DealStatus::Won, day("2026-10-10")),
            closed(deal(2, 1, 80_000), DealStatus::Won, day("2026-09-30")),
            d3,
            d4,
            deal(5, 1, 50_000),
        ];
        let mut from_deal = order(2, 1, day("2026-10-12"), 150_000);
        from_deal.deal = Some(DealId(1));
        let mut bobs = order(3, 1, day("2026-10-12"), 99_000);
        bobs.owner = "bob".into();
        let orders = [order(1, 1, day("2026-11-02"), 30_000), from_deal, bobs];
        let mut bob_call = touch(3, 1, InteractionKind::Call, day("2026-10-05"), None);
        bob_call.author = "bob".into();
        let interactions = [
            touch(
                1,
                1,
                InteractionKind::Call,
                day("2026-10-05"),
                Some(Outcome::Reached),
            ),
            touch(
                2,
                1,
                InteractionKind::Call,
                day("2026-11-05"),
                Some(Outcome::NoAnswer),
            ),
            touch(4, 1, InteractionKind::Visit, day("2026-11-06"), None),
            touch(5, 1, InteractionKind::Visit, day("2026-09-06"), None),
            bob_call,
        ];
        let a = achievement(&t, &deals, &orders, &interactions, &rates());
        assert_eq!(a.target.owner, "Ann");
        assert_eq!((a.won, a.won_deals, a.orders), (18_000_000, 1, 1));
        assert_eq!((a.pipeline, a.open_deals), (4_000_000, 1));
        assert_eq!(a.forecast, 22_000_000);
        assert_eq!(show_permille(a.achieved_permille), "45.0 %");
        assert_eq!(show_permille(a.forecast_permille), "55.0 %");
        assert_eq!(a.activities, 3);
        assert_eq!(a.by_kind[0], (InteractionKind::Call, 2));
        assert_eq!(a.by_kind[3], (InteractionKind::Visit, 1));
    }

    /// A target in USD converts at 7: $10,000 = ¥70,000; an order of
    /// ¥7,000 in December is 10.0 %. A target in EUR has no rate: no %.
    #[test]
    fn targets_in_other_currencies() {
        let mut t = target("ann", "2026-12", 0);
        t.amount = 1_000_000;
        t.currency = "usd".into();
        let t = t.validate().expect("valid");
        let orders = [order(1, 1, day("2026-12-01"), 7_000)];
        let a = achievement(&t, &[], &orders, &[], &rates());
        assert_eq!((a.target_base, a.won), (Some(7_000_000), 700_000));
        assert_eq!(show_permille(a.achieved_permille), "10.0 %");
        let eur = Target {
            currency: "EUR".into(),
            ..t
        };
        let a = achievement(&eur, &[], &orders, &[], &rates());
        assert_eq!((a.target_base, a.achieved_permille), (None, None));
        assert_eq!(show_permille(a.achieved_permille), "–");
    }

    #[test]
    fn bad_targets_say_what() {
        let err = target(" ", "2026Q4", 1).validate().expect_err("no owner");
        assert_eq!(
            err.to_string(),
            "target owner \"\" is empty: name whose target it is"
        );
        let err = target("ann", "2026Q4", 0).validate().expect_err("zero");
        assert!(
            err.to_string()
                .starts_with("target amount \"0\" is out of range")
        );
        // Periods in a stored target read back from their text form.
        let json = serde_json::to_string(&target("ann", "2026年第4季度", 1)).expect("json");
        assert!(json.contains("\"period\":\"2026Q4\""), "{json}");
    }
}
