//! Tiers (客户分层) by yearly spend *and* repurchase rate, with the
//! stay-in-touch cadence each tier gets.

use super::{Purchase, months_before, percent_floor, show_money, trailing_year};
use crate::domain::Tier;
use crate::domain::money::MAX_MINOR;
use crate::domain::validate::MAX_DAYS;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// What one tier asks for, and the cadence it is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TierRule {
    /// Spend over the trailing 12 months, in whole units of the base
    /// currency (`currency`), from which a customer may be in the tier.
    pub spend: u64,
    /// Repurchase rate, percent (0–100), also needed; 0: spend alone decides.
    pub repurchase: u8,
    /// Stay in touch every this many days, for a customer of the tier
    /// with no cadence of their own; `None` (0 in config): no personal
    /// cadence (automated outreach).
    pub cadence: Option<u32>,
}

/// The tier table, config key `[tiers]`. Its default is the seed's
/// (客户分层): VIP from ¥100,000 a year and 30 % repurchase, with a
/// dedicated account manager and a visit every 14 days; key from
/// ¥50,000 and 15 %, a call every month (30 days); everyone else is
/// regular, reached by automated outreach (no personal cadence).
///
/// Config forms (both load; see docs/VALUE.md "Migration"):
/// ```toml
/// [tiers.vip]            # the table form
/// spend = 100000
/// repurchase = 30
/// cadence = 14
/// [tiers.key]
/// spend = 50000
/// repurchase = 15
/// cadence = 30
/// [tiers.regular]
/// cadence = 0            # 0: none
/// ```
/// and the form before repurchase existed, `[tiers] vip = 500000`
/// `key = 100000`: a bare number is that tier's spend with repurchase 0,
/// so an existing config means what it meant (spend alone decides).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TierThresholds {
    pub vip: TierRule,
    pub key: TierRule,
    /// The cadence of regular customers without one of their own.
    pub regular_cadence: Option<u32>,
}

impl Default for TierThresholds {
    fn default() -> Self {
        TierThresholds {
            vip: TierRule {
                spend: 100_000,
                repurchase: 30,
                cadence: Some(14),
            },
            key: TierRule {
                spend: 50_000,
                repurchase: 15,
                cadence: Some(30),
            },
            regular_cadence: None,
        }
    }
}

/// The largest spend threshold: the largest amount one record may hold.
const MAX_SPEND: u64 = (MAX_MINOR / 100) as u64;

impl TierThresholds {
    /// The tier by amount alone (`minor` units of the base currency),
    /// ignoring repurchase: how tiers were computed before orders, from
    /// won deals. Kept for the callers that have not moved to
    /// [`assess_tier`]; new code asks that.
    pub fn tier(&self, minor: i64) -> Tier {
        let major = u64::try_from(minor / 100).unwrap_or(0);
        if major >= self.vip.spend {
            Tier::Vip
        } else if major >= self.key.spend {
            Tier::Key
        } else {
            Tier::Regular
        }
    }

    /// The rule of `tier` (`None` for regular: it asks nothing).
    pub fn rule(&self, tier: Tier) -> Option<&TierRule> {
        match tier {
            Tier::Vip => Some(&self.vip),
            Tier::Key => Some(&self.key),
            Tier::Regular => None,
        }
    }

    /// The cadence a customer of `tier` gets when they have none of their own.
    pub fn cadence(&self, tier: Tier) -> Option<u32> {
        self.rule(tier).map_or(self.regular_cadence, |r| r.cadence)
    }

    /// Read `[tiers]` in either form, naming the key of anything wrong.
    fn from_toml(value: &toml::Value) -> Result<TierThresholds, String> {
        let table = value.as_table().ok_or_else(|| {
            "tiers: expected a table ([tiers.vip] spend = 100000 …, or [tiers] vip = 100000)"
                .to_string()
        })?;
        let mut out = TierThresholds::default();
        for (key, value) in table {
            match key.as_str() {
                "vip" => out.vip = rule("vip", value, out.vip)?,
                "key" => out.key = rule("key", value, out.key)?,
                "regular" => {
                    let t = value.as_table().ok_or_else(|| {
                        "tiers.regular: expected a table ([tiers.regular] cadence = 90)".to_string()
                    })?;
                    for (k, v) in t {
                        match k.as_str() {
                            "cadence" => out.regular_cadence = cadence("tiers.regular.cadence", v)?,
                            _ => {
                                return Err(format!(
                                    "unknown key tiers.regular.{k}: regular is everyone below key; \
                                     it takes only cadence"
                                ));
                            }
                        }
                    }
                }
                _ => {
                    return Err(format!(
                        "unknown key tiers.{key} (expected vip, key or regular)"
                    ));
                }
            }
        }
        Ok(out)
    }
}

/// A whole number of a TOML value, or the error naming `key`.
pub(crate) fn whole(
    key: &str,
    v: &toml::Value,
    min: i64,
    max: i64,
    unit: &str,
) -> Result<i64, String> {
    match v.as_integer() {
        Some(n) if (min..=max).contains(&n) => Ok(n),
        Some(n) => Err(format!("{key} = {n} is out of range: {min} to {max}{unit}")),
        None => Err(format!(
            "{key} = {v}: expected a whole number, {min} to {max}{unit}"
        )),
    }
}

fn cadence(key: &str, v: &toml::Value) -> Result<Option<u32>, String> {
    let days = whole(key, v, 0, i64::from(MAX_DAYS), " days (0: none)")?;
    Ok(u32::try_from(days).ok().filter(|d| *d > 0))
}

fn spend(key: &str, v: &toml::Value) -> Result<u64, String> {
    let max = i64::try_from(MAX_SPEND).unwrap_or(i64::MAX);
    whole(key, v, 0, max, " (whole units of `currency`)").map(|n| n.unsigned_abs())
}

/// One tier's rule: a bare number (the old form: spend, repurchase 0,
/// the default cadence) or a table of spend, repurchase and cadence,
/// each defaulting to the seed's.
fn rule(name: &str, value: &toml::Value, default: TierRule) -> Result<TierRule, String> {
    match value {
        toml::Value::Integer(_) => Ok(TierRule {
            spend: spend(&format!("tiers.{name}"), value)?,
            repurchase: 0,
            cadence: default.cadence,
        }),
        toml::Value::Table(t) => {
            let mut r = default;
            for (k, v) in t {
                let key = format!("tiers.{name}.{k}");
                match k.as_str() {
                    "spend" => r.spend = spend(&key, v)?,
                    "repurchase" => {
                        r.repurchase =
                            u8::try_from(whole(&key, v, 0, 100, " percent")?).unwrap_or(100)
                    }
                    "cadence" => r.cadence = cadence(&key, v)?,
                    _ => {
                        return Err(format!(
                            "unknown key {key} (expected spend, repurchase or cadence)"
                        ));
                    }
                }
            }
            Ok(r)
        }
        other => Err(format!(
            "tiers.{name} = {other}: expected a yearly spend ({name} = 100000) or a table \
             ([tiers.{name}] spend = 100000, repurchase = 30, cadence = 14)"
        )),
    }
}

impl<'de> Deserialize<'de> for TierThresholds {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = toml::Value::deserialize(d)?;
        TierThresholds::from_toml(&value).map_err(serde::de::Error::custom)
    }
}

/// A customer's repurchase over the trailing 12 months.
///
/// The 12 months are counted back from `now` (month 0 is the month
/// ending now, month 11 the one starting 12 months ago). The rate is the
/// share of the months after their first purchase month in which they
/// bought again: `(months with a purchase − 1) / (months since the first)`.
/// Monthly buyers are at 100 %, every other month 45 % (5 of 11),
/// quarterly 27 % (3 of 11), twice a year 9 % (1 of 11) — so the seed's
/// 30 % (VIP) means buying about every other month and 15 % (key) about
/// quarterly, which is what its table describes. Counting months, not
/// orders, keeps a big order split into three deliveries in one week
/// from looking like loyalty; counting from the first purchase keeps a
/// new customer who buys every month from being punished for the months
/// before they were one. One purchase month, or none: 0 %.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Repurchase {
    /// Months (of 12) with at least one purchase.
    pub months_bought: u32,
    /// Months after the first purchase month, up to the one ending now.
    pub months_since_first: u32,
}

impl Repurchase {
    /// Of `purchases` (one customer's, any order), those in the trailing year.
    pub fn of(purchases: &[Purchase], now: DateTime<FixedOffset>) -> Repurchase {
        // bounds[k] = now − k months: month k is (bounds[k + 1], bounds[k]].
        let bounds: Vec<_> = (0..=12).map(|k| months_before(now, k)).collect();
        let mut bought = [false; 12];
        for p in purchases {
            if let Some(k) = (0..12).find(|&k| bounds[k + 1] < p.at && p.at <= bounds[k]) {
                bought[k] = true;
            }
        }
        let months_bought = bought.iter().filter(|b| **b).count() as u32;
        let months_since_first = bought.iter().rposition(|b| *b).unwrap_or(0) as u32;
        Repurchase {
            months_bought,
            months_since_first,
        }
    }

    /// Months they bought in after the first.
    pub fn repeat_months(&self) -> u32 {
        self.months_bought.saturating_sub(1)
    }

    /// The rate as a whole percentage, rounded down (0 with one month or none).
    pub fn percent(&self) -> i64 {
        percent_floor(
            i128::from(self.repeat_months()),
            i128::from(self.months_since_first),
        )
        .unwrap_or(0)
    }

    /// Whether the rate is at least `percent` (exactly, in integers).
    pub fn at_least(&self, percent: u8) -> bool {
        percent == 0
            || u64::from(self.repeat_months()) * 100
                >= u64::from(percent) * u64::from(self.months_since_first)
                && self.months_since_first > 0
    }
}

/// A customer's tier and the figures it was decided from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TierVerdict {
    pub tier: Tier,
    /// Spend over the trailing 12 months, base-currency minor units.
    pub spend: i64,
    /// Purchases in those months.
    pub purchases: usize,
    pub repurchase: Repurchase,
    /// The tier's cadence (for customers without their own).
    pub cadence: Option<u32>,
    /// "¥126,000 in 12 months and 42 % repurchase: VIP needs ¥100,000 and 30 %".
    pub reason: String,
}

/// The tier of a customer with `purchases` (theirs, from
/// [`super::Purchases`]) at `now`: the highest tier whose spend *and*
/// repurchase they both reach. `base` is the base currency, for the
/// reason's amounts.
pub fn assess_tier(
    purchases: &[Purchase],
    rules: &TierThresholds,
    now: DateTime<FixedOffset>,
    base: &str,
) -> TierVerdict {
    let (since, until) = trailing_year(now);
    let in_year = purchases.iter().filter(|p| p.at > since && p.at <= until);
    let (count, spend) = in_year.fold((0, 0_i64), |(n, s), p| (n + 1, s.saturating_add(p.amount)));
    let repurchase = Repurchase::of(purchases, now);
    let reaches = |r: &TierRule| {
        i128::from(spend) >= i128::from(r.spend) * 100 && repurchase.at_least(r.repurchase)
    };
    let tier = if reaches(&rules.vip) {
        Tier::Vip
    } else if reaches(&rules.key) {
        Tier::Key
    } else {
        Tier::Regular
    };
    let needs = |name: &str, r: &TierRule| {
        let amount = show_money(
            i64::try_from(r.spend)
                .unwrap_or(i64::MAX)
                .saturating_mul(100),
            base,
        );
        if r.repurchase == 0 {
            format!("{name} needs {amount}")
        } else {
            format!("{name} needs {amount} and {} %", r.repurchase)
        }
    };
    let figures = format!(
        "{} in 12 months and {} % repurchase",
        show_money(spend, base),
        repurchase.percent()
    );
    let reason = match tier {
        Tier::Vip => format!("{figures}: {}", needs("VIP", &rules.vip)),
        Tier::Key => format!(
            "{figures}: {} ({})",
            needs("key", &rules.key),
            needs("VIP", &rules.vip)
        ),
        Tier::Regular => format!("{figures}: {}", needs("key", &rules.key)),
    };
    TierVerdict {
        tier,
        spend,
        purchases: count,
        repurchase,
        cadence: rules.cadence(tier),
        reason,
    }
}
