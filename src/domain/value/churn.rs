//! Churn risk (流失风险预警): a score from signals that each explain
//! themselves — a contact gap past the cadence, buying slower than they
//! used to, open complaints, lost deals, and no answer to the last tries.

use super::{Purchase, Reason, TierThresholds};
use crate::domain::{Case, CaseKind, Customer, Deal, DealStatus, Interaction, InteractionKind};
use crate::domain::{Tier, days_before};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// The churn signals' points and limits, config key `[churn]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChurnRules {
    /// Not contacted for longer than their cadence.
    pub gap_past_cadence: i64,
    /// …for longer than twice their cadence (instead of the above).
    pub gap_twice_cadence: i64,
    /// Buying slower: no purchase for more than this percentage of their
    /// own median interval between purchases (150: half as long again).
    pub slowdown_percent: u32,
    pub slowdown: i64,
    /// Intervals (purchases − 1, on different days) needed before their
    /// history says what "usual" is.
    pub min_intervals: u32,
    /// Per open complaint…
    pub open_complaint: i64,
    /// …up to this many points.
    pub complaint_cap: i64,
    /// Per deal lost in the last `lost_deal_days`…
    pub lost_deal: i64,
    pub lost_deal_days: u32,
    /// …up to this many points.
    pub lost_cap: i64,
    /// The last this many contact attempts (notes aside)…
    pub unanswered_attempts: u32,
    /// …all unanswered (no answer, voicemail).
    pub unanswered: i64,
    /// From this score the risk is high…
    pub high: i64,
    /// …and from this one medium (else low).
    pub medium: i64,
}

impl Default for ChurnRules {
    fn default() -> Self {
        ChurnRules {
            gap_past_cadence: 20,
            gap_twice_cadence: 35,
            slowdown_percent: 150,
            slowdown: 25,
            min_intervals: 2,
            open_complaint: 20,
            complaint_cap: 40,
            lost_deal: 10,
            lost_deal_days: 90,
            lost_cap: 20,
            unanswered_attempts: 3,
            unanswered: 20,
            high: 50,
            medium: 25,
        }
    }
}

impl ChurnRules {
    /// Every number in range, naming the key of the first that is not.
    pub fn check(&self) -> Result<(), String> {
        let max = super::lead::MAX_POINTS;
        for (key, n) in [
            ("churn.gap_past_cadence", self.gap_past_cadence),
            ("churn.gap_twice_cadence", self.gap_twice_cadence),
            ("churn.slowdown", self.slowdown),
            ("churn.open_complaint", self.open_complaint),
            ("churn.complaint_cap", self.complaint_cap),
            ("churn.lost_deal", self.lost_deal),
            ("churn.lost_cap", self.lost_cap),
            ("churn.unanswered", self.unanswered),
            ("churn.high", self.high),
            ("churn.medium", self.medium),
        ] {
            if !(-max..=max).contains(&n) {
                return Err(format!(
                    "{key} = {n} is out of range: -{max} to {max} points"
                ));
            }
        }
        for (key, n, min, hi, unit) in [
            (
                "churn.slowdown_percent",
                self.slowdown_percent,
                100,
                10_000,
                " percent",
            ),
            (
                "churn.min_intervals",
                self.min_intervals,
                1,
                1000,
                " intervals",
            ),
            (
                "churn.lost_deal_days",
                self.lost_deal_days,
                1,
                crate::domain::validate::MAX_DAYS,
                " days",
            ),
            (
                "churn.unanswered_attempts",
                self.unanswered_attempts,
                1,
                100,
                " attempts",
            ),
        ] {
            if !(min..=hi).contains(&n) {
                return Err(format!("{key} = {n} is out of range: {min} to {hi}{unit}"));
            }
        }
        if self.medium > self.high {
            return Err(format!(
                "churn.medium = {} is above churn.high = {}: medium is the lower level",
                self.medium, self.high
            ));
        }
        Ok(())
    }
}

/// How likely a customer is to leave, by score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChurnLevel {
    Low,
    Medium,
    High,
}

impl ChurnLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            ChurnLevel::Low => "low",
            ChurnLevel::Medium => "medium",
            ChurnLevel::High => "high",
        }
    }
}

/// A customer's churn score, level and the signals behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChurnRisk {
    pub score: i64,
    pub level: ChurnLevel,
    pub reasons: Vec<Reason>,
}

/// What churn risk is read from: one customer and their records (records
/// of other customers are skipped).
#[derive(Debug, Clone, Copy)]
pub struct ChurnInput<'a> {
    pub customer: &'a Customer,
    /// Their cadence: see [`effective_cadence`]. `None`: no gap signal.
    pub cadence: Option<u32>,
    pub purchases: &'a [Purchase],
    pub interactions: &'a [Interaction],
    pub cases: &'a [Case],
    pub deals: &'a [Deal],
}

/// The cadence a customer is held to: their own; else their tier's
/// (`[tiers]`: VIP 14 days, key 30 by default); else `quiet_days` when
/// above 0 — the same fallback as "gone quiet", with the tier's step in
/// between.
pub fn effective_cadence(
    c: &Customer,
    tiers: &TierThresholds,
    tier: Tier,
    quiet_days: u32,
) -> Option<u32> {
    c.cadence
        .or_else(|| tiers.cadence(tier))
        .or((quiet_days > 0).then_some(quiet_days))
}

/// The churn risk of `input.customer` at `now`.
pub fn churn_risk(
    input: ChurnInput<'_>,
    rules: &ChurnRules,
    now: DateTime<FixedOffset>,
) -> ChurnRisk {
    let c = input.customer;
    let mut reasons = Vec::new();
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("{n} {one}")
        } else {
            format!("{n} {many}")
        }
    };

    // 1. Contact gap against the cadence, as "gone quiet" counts it:
    //    strictly past the last touch (contact, else creation) + cadence.
    if let Some(cadence) = input.cadence {
        let touch = c.last_contact_at.unwrap_or(c.created_at);
        let past = |times: u32| {
            touch
                .checked_add_days(chrono::Days::new(u64::from(cadence) * u64::from(times)))
                .is_some_and(|q| q < now)
        };
        let days = (now - touch).num_days();
        let never = if c.last_contact_at.is_none() {
            " (never contacted: since added)"
        } else {
            ""
        };
        if past(2) {
            reasons.push(Reason {
                points: rules.gap_twice_cadence,
                why: format!(
                    "no contact for {days} days, over twice the cadence of {cadence}{never}"
                ),
            });
        } else if past(1) {
            reasons.push(Reason {
                points: rules.gap_past_cadence,
                why: format!("no contact for {days} days, past the cadence of {cadence}{never}"),
            });
        }
    }

    // 2. Buying slower than their own history: the days since the last
    //    purchase against the median interval between their purchases
    //    (on different days; a second order the same day is no interval).
    let mut dates: Vec<NaiveDate> = input
        .purchases
        .iter()
        .filter(|p| p.customer == c.id && p.at <= now)
        .map(|p| p.at.date_naive())
        .collect();
    dates.sort_unstable();
    dates.dedup();
    let intervals: Vec<i64> = dates.windows(2).map(|w| (w[1] - w[0]).num_days()).collect();
    if let (Some(median), Some(last)) = (median_days(&intervals), dates.last())
        && intervals.len() >= rules.min_intervals as usize
    {
        let gap = (now.date_naive() - *last).num_days();
        if i128::from(gap) * 100 > i128::from(median) * i128::from(rules.slowdown_percent) {
            reasons.push(Reason {
                points: rules.slowdown,
                why: format!(
                    "no purchase for {gap} days; they usually buy every {median} (median of {})",
                    plural(intervals.len(), "interval", "intervals")
                ),
            });
        }
    }

    // 3. Open complaints.
    let complaints = input
        .cases
        .iter()
        .filter(|k| k.customer == c.id && k.kind == CaseKind::Complaint && k.is_open())
        .count();
    if complaints > 0 {
        reasons.push(Reason {
            points: count_points(complaints, rules.open_complaint, rules.complaint_cap),
            why: plural(complaints, "open complaint", "open complaints"),
        });
    }

    // 4. Deals lost lately.
    let since = days_before(now, rules.lost_deal_days);
    let lost = input
        .deals
        .iter()
        .filter(|d| d.customer == c.id && d.status == DealStatus::Lost)
        .filter(|d| d.closed_at.is_some_and(|at| at > since && at <= now))
        .count();
    if lost > 0 {
        reasons.push(Reason {
            points: count_points(lost, rules.lost_deal, rules.lost_cap),
            why: format!(
                "{} in the last {} days",
                plural(lost, "deal lost", "deals lost"),
                rules.lost_deal_days
            ),
        });
    }

    // 5. No answer to the last N attempts: their last N interactions
    //    (notes aside, up to now) all failed. A meeting or a reached call
    //    in between ends the run.
    let mut contacts: Vec<&Interaction> = input
        .interactions
        .iter()
        .filter(|i| i.customer == c.id && i.kind != InteractionKind::Note && i.at <= now)
        .collect();
    contacts.sort_by_key(|i| std::cmp::Reverse(i.at));
    let n = rules.unanswered_attempts as usize;
    if n > 0
        && contacts.len() >= n
        && contacts[..n]
            .iter()
            .all(|i| i.outcome.is_some_and(|o| o.wants_retry()))
    {
        let first = contacts[n - 1].at.format("%Y-%m-%d");
        reasons.push(Reason {
            points: rules.unanswered,
            why: format!("no answer to the last {n} attempts (since {first})"),
        });
    }

    let score = reasons
        .iter()
        .fold(0_i64, |s, r| s.saturating_add(r.points));
    let level = if score >= rules.high {
        ChurnLevel::High
    } else if score >= rules.medium {
        ChurnLevel::Medium
    } else {
        ChurnLevel::Low
    };
    ChurnRisk {
        score,
        level,
        reasons,
    }
}

/// `n × each`, at most `cap`.
fn count_points(n: usize, each: i64, cap: i64) -> i64 {
    i64::try_from(n)
        .unwrap_or(i64::MAX)
        .saturating_mul(each)
        .min(cap)
}

/// The median of whole-day intervals, rounded down between the two
/// middle ones of an even count; `None` for none.
fn median_days(intervals: &[i64]) -> Option<i64> {
    let mut sorted = intervals.to_vec();
    sorted.sort_unstable();
    let mid = sorted.len() / 2;
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[mid]),
        _ => Some((sorted[mid - 1] + sorted[mid]) / 2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::value::fixtures::*;
    use crate::domain::value::{Purchase, PurchaseFrom};
    use crate::domain::{CustomerId, OrderId, Outcome};

    fn bought(c: u64, date: &str) -> Purchase {
        Purchase {
            customer: CustomerId(c),
            at: day(date),
            amount: 1_000_000,
            from: PurchaseFrom::Order(OrderId(1)),
        }
    }

    fn input<'a>(c: &'a Customer, cadence: Option<u32>) -> ChurnInput<'a> {
        ChurnInput {
            customer: c,
            cadence,
            purchases: &[],
            interactions: &[],
            cases: &[],
            deals: &[],
        }
    }

    #[test]
    fn medians_of_intervals() {
        assert_eq!(median_days(&[]), None);
        assert_eq!(median_days(&[30]), Some(30));
        assert_eq!(median_days(&[40, 30, 35]), Some(35));
        assert_eq!(median_days(&[30, 31]), Some(30));
        assert_eq!(median_days(&[10, 30, 40, 100]), Some(35));
    }

    /// Last contacted 2026-10-01 12:00; now 2026-11-22 10:00 is 51 days
    /// and 22 hours later (51 days). Cadence 30: past it (10-31 12:00),
    /// not past twice (11-30 12:00) → +20.
    /// Orders 2026-05-01, 06-01, 07-01, 08-01: intervals 31, 30, 31,
    /// median 31; last 2026-08-01 is 113 days ago > 150 % × 31 = 46.5 → +25.
    /// Two open complaints and a resolved one: 2 × 20 = 40 (cap 40) → +40.
    /// A deal lost 2026-10-15 (in 90 days) and one 2026-06-01 (not) → +10.
    /// Calls 11-10, 11-12, 11-15 unanswered, a note 11-16 → +20.
    /// Total 20 + 25 + 40 + 10 + 20 = 115: high (≥ 50).
    #[test]
    fn a_worked_churn_risk() {
        let mut c = customer(1, "李娜");
        c.last_contact_at = Some(day("2026-10-01"));
        let purchases = [
            bought(1, "2026-05-01"),
            bought(1, "2026-06-01"),
            bought(1, "2026-07-01"),
            bought(1, "2026-08-01"),
            bought(1, "2026-08-01"),
            bought(2, "2026-11-20"),
        ];
        let cases = [
            complaint(1, 1, false),
            complaint(2, 1, false),
            complaint(3, 1, true),
        ];
        let deals = [
            closed(deal(1, 1, 5_000), DealStatus::Lost, day("2026-10-15")),
            closed(deal(2, 1, 5_000), DealStatus::Lost, day("2026-06-01")),
        ];
        let no = Some(Outcome::NoAnswer);
        let interactions = [
            touch(1, 1, InteractionKind::Call, day("2026-11-10"), no),
            touch(
                2,
                1,
                InteractionKind::Call,
                day("2026-11-12"),
                Some(Outcome::Voicemail),
            ),
            touch(3, 1, InteractionKind::Call, day("2026-11-15"), no),
            touch(4, 1, InteractionKind::Note, day("2026-11-16"), None),
            touch(5, 1, InteractionKind::Visit, day("2026-09-01"), None),
        ];
        let risk = churn_risk(
            ChurnInput {
                purchases: &purchases,
                cases: &cases,
                deals: &deals,
                interactions: &interactions,
                ..input(&c, Some(30))
            },
            &ChurnRules::default(),
            now(),
        );
        let shown: Vec<String> = risk.reasons.iter().map(|r| r.to_string()).collect();
        assert_eq!(
            shown,
            [
                "+20 no contact for 51 days, past the cadence of 30",
                "+25 no purchase for 113 days; they usually buy every 31 (median of 3 intervals)",
                "+40 2 open complaints",
                "+10 1 deal lost in the last 90 days",
                "+20 no answer to the last 3 attempts (since 2026-11-10)",
            ]
        );
        assert_eq!((risk.score, risk.level), (115, ChurnLevel::High));
    }

    #[test]
    fn quiet_signals_stay_quiet() {
        // Contacted yesterday, cadence 30, no history: no signal, low.
        let mut c = customer(1, "Ann");
        c.last_contact_at = Some(now() - chrono::Duration::days(1));
        let risk = churn_risk(input(&c, Some(30)), &ChurnRules::default(), now());
        assert_eq!(
            (risk.score, risk.level, risk.reasons.len()),
            (0, ChurnLevel::Low, 0)
        );
        // No cadence: the gap says nothing, however long.
        c.last_contact_at = None;
        assert!(
            churn_risk(input(&c, None), &ChurnRules::default(), now())
                .reasons
                .is_empty()
        );
        // Never contacted, added 2024-01-01: past twice any month → +35.
        let risk = churn_risk(input(&c, Some(30)), &ChurnRules::default(), now());
        assert_eq!(risk.reasons[0].points, 35);
        assert!(
            risk.reasons[0]
                .why
                .ends_with("(never contacted: since added)"),
            "{:?}",
            risk.reasons
        );
        assert_eq!(risk.level, ChurnLevel::Medium);
        // Exactly the cadence is not past it (as gone-quiet counts).
        c.last_contact_at = Some(now() - chrono::Duration::days(30));
        assert!(
            churn_risk(input(&c, Some(30)), &ChurnRules::default(), now())
                .reasons
                .is_empty()
        );
    }

    #[test]
    fn slowdown_needs_enough_history() {
        let c = customer(1, "Ann");
        // One interval (two purchases): not enough to know "usual".
        let two = [bought(1, "2026-01-01"), bought(1, "2026-02-01")];
        let risk = churn_risk(
            ChurnInput {
                purchases: &two,
                ..input(&c, None)
            },
            &ChurnRules::default(),
            now(),
        );
        assert!(risk.reasons.is_empty());
        // Three orders 30 days apart, the last 45 days ago: 45 ≤ 1.5 × 30.
        let steady = [
            bought(1, "2026-08-09"),
            bought(1, "2026-09-08"),
            bought(1, "2026-10-08"),
        ];
        let risk = churn_risk(
            ChurnInput {
                purchases: &steady,
                ..input(&c, None)
            },
            &ChurnRules::default(),
            now(),
        );
        assert!(risk.reasons.is_empty(), "{:?}", risk.reasons);
        // Last one 46 days ago: 46 × 100 = 4600 > 30 × 150 = 4500.
        let slower = [
            bought(1, "2026-08-08"),
            bought(1, "2026-09-07"),
            bought(1, "2026-10-07"),
        ];
        let risk = churn_risk(
            ChurnInput {
                purchases: &slower,
                ..input(&c, None)
            },
            &ChurnRules::default(),
            now(),
        );
        assert_eq!(risk.reasons.len(), 1, "{:?}", risk.reasons);
        assert!(risk.reasons[0].why.starts_with("no purchase for 46 days"));
    }

    #[test]
    fn a_reached_contact_ends_the_unanswered_run() {
        let c = customer(1, "Ann");
        let no = Some(Outcome::NoAnswer);
        let interactions = [
            touch(1, 1, InteractionKind::Call, day("2026-11-10"), no),
            touch(2, 1, InteractionKind::Meeting, day("2026-11-11"), None),
            touch(3, 1, InteractionKind::Call, day("2026-11-12"), no),
            touch(4, 1, InteractionKind::Call, day("2026-11-15"), no),
        ];
        let risk = churn_risk(
            ChurnInput {
                interactions: &interactions,
                ..input(&c, None)
            },
            &ChurnRules::default(),
            now(),
        );
        assert!(risk.reasons.is_empty(), "{:?}", risk.reasons);
    }

    #[test]
    fn the_cadence_falls_back_to_the_tier_then_quiet_days() {
        let tiers = TierThresholds::default();
        let mut c = customer(1, "Ann");
        assert_eq!(effective_cadence(&c, &tiers, Tier::Vip, 0), Some(14));
        assert_eq!(effective_cadence(&c, &tiers, Tier::Key, 0), Some(30));
        assert_eq!(effective_cadence(&c, &tiers, Tier::Regular, 0), None);
        assert_eq!(effective_cadence(&c, &tiers, Tier::Regular, 60), Some(60));
        c.cadence = Some(7);
        assert_eq!(effective_cadence(&c, &tiers, Tier::Key, 60), Some(7));
    }

    #[test]
    fn churn_rules_are_checked() {
        assert!(ChurnRules::default().check().is_ok());
        let err = ChurnRules {
            slowdown_percent: 50,
            ..Default::default()
        }
        .check()
        .expect_err("below 100");
        assert_eq!(
            err,
            "churn.slowdown_percent = 50 is out of range: 100 to 10000 percent"
        );
        let err = ChurnRules {
            medium: 60,
            ..Default::default()
        }
        .check()
        .expect_err("order");
        assert!(
            err.contains("churn.medium = 60 is above churn.high = 50"),
            "{err}"
        );
    }
}
