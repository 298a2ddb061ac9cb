//! Lead scores (线索评分): points for where a lead came from, their
//! industry, their title, how engaged they were lately and how much is in
//! their open deals — with every point explained.

use super::{Reason, show_money};
use crate::domain::money::{MAX_MINOR, Rates};
use crate::domain::{Customer, Deal, Interaction, InteractionKind};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Points a single rule may give or take: more is a typo, and sums of a
/// few must stay far from overflow.
pub const MAX_POINTS: i64 = 1000;

/// An open-deal value band: from this much (whole units of `currency`)
/// in open deals, these points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DealBand {
    pub from: u64,
    pub points: i64,
}

/// The lead score's rules, config key `[lead_score]`. A table given in
/// config (`[lead_score.source]`) replaces the default table whole, so
/// what the file says is all there is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LeadRules {
    /// Points by source (channel), matched whole and case-insensitively.
    pub source: BTreeMap<String, i64>,
    /// Points by industry, matched the same way. None by default: which
    /// industries are worth more is each business's own call.
    pub industry: BTreeMap<String, i64>,
    /// Points by a keyword in the title. The longest keyword found wins
    /// (the most specific: 总经理 over 总, vice president over
    /// president); Latin keywords match whole words (`head` is not in
    /// "headquarters"), CJK ones anywhere (总 is in 销售总监).
    pub title: BTreeMap<String, i64>,
    /// Engagement is counted over this many days before now.
    pub engagement_days: u32,
    /// Points per engaged contact in those days: an interaction that is
    /// not a note and not a failed attempt (no answer, voicemail).
    pub engagement_points: i64,
    /// Engagement gives at most this many points.
    pub engagement_cap: i64,
    /// Bands of open-deal value (the sum of their amounts); the highest
    /// band reached gives its points.
    pub deal_bands: Vec<DealBand>,
    /// From this score a lead is hot…
    pub hot: i64,
    /// …and from this one warm (else cold).
    pub warm: i64,
}

impl Default for LeadRules {
    fn default() -> Self {
        let table = |rows: &[(&str, i64)]| {
            rows.iter()
                .map(|(k, v)| ((*k).to_string(), *v))
                .collect::<BTreeMap<_, _>>()
        };
        LeadRules {
            source: table(&[
                ("referral", 20),
                ("转介绍", 20),
                ("老客户介绍", 20),
                ("partner", 15),
                ("合作伙伴", 15),
                ("exhibition", 10),
                ("展会", 10),
                ("inbound", 10),
                ("web", 10),
                ("官网", 10),
                ("ads", 5),
                ("广告", 5),
            ]),
            industry: BTreeMap::new(),
            title: table(&[
                ("ceo", 20),
                ("founder", 20),
                ("president", 20),
                ("owner", 20),
                ("总裁", 20),
                ("董事长", 20),
                ("创始人", 20),
                ("老板", 20),
                ("总经理", 20),
                ("vice president", 15),
                ("vp", 15),
                ("director", 15),
                ("总", 15),
                ("副总", 15),
                ("副总经理", 15),
                ("总监", 15),
                ("head", 10),
                ("manager", 10),
                ("经理", 10),
                ("负责人", 10),
                ("主管", 5),
            ]),
            engagement_days: 30,
            engagement_points: 5,
            engagement_cap: 25,
            deal_bands: vec![
                DealBand {
                    from: 10_000,
                    points: 5,
                },
                DealBand {
                    from: 100_000,
                    points: 15,
                },
                DealBand {
                    from: 500_000,
                    points: 25,
                },
            ],
            hot: 60,
            warm: 30,
        }
    }
}

impl LeadRules {
    /// Every number in range, naming the key of the first that is not.
    pub fn check(&self) -> Result<(), String> {
        let points = |key: String, n: i64| {
            if (-MAX_POINTS..=MAX_POINTS).contains(&n) {
                Ok(())
            } else {
                Err(format!(
                    "{key} = {n} is out of range: -{MAX_POINTS} to {MAX_POINTS} points"
                ))
            }
        };
        for (name, table) in [
            ("source", &self.source),
            ("industry", &self.industry),
            ("title", &self.title),
        ] {
            let mut seen = std::collections::HashMap::new();
            for (k, v) in table {
                if k.trim().is_empty() {
                    return Err(format!("lead_score.{name} has an empty key: name a {name}"));
                }
                points(format!("lead_score.{name}.\"{k}\""), *v)?;
                if let Some(other) = seen.insert(k.trim().to_lowercase(), k) {
                    return Err(format!(
                        "lead_score.{name} has \"{other}\" and \"{k}\": keys match \
                         case-insensitively, so keep one"
                    ));
                }
            }
        }
        crate::domain::validate::days("lead_score.engagement_days", self.engagement_days, 1)
            .map_err(|e| e.to_string())?;
        points(
            "lead_score.engagement_points".into(),
            self.engagement_points,
        )?;
        points("lead_score.engagement_cap".into(), self.engagement_cap)?;
        for (i, b) in self.deal_bands.iter().enumerate() {
            points(format!("lead_score.deal_bands[{i}].points"), b.points)?;
            if i128::from(b.from) * 100 > i128::from(MAX_MINOR) {
                return Err(format!(
                    "lead_score.deal_bands[{i}].from = {} is out of range: 0 to {}",
                    b.from,
                    MAX_MINOR / 100
                ));
            }
        }
        points("lead_score.hot".into(), self.hot)?;
        points("lead_score.warm".into(), self.warm)?;
        if self.warm > self.hot {
            return Err(format!(
                "lead_score.warm = {} is above lead_score.hot = {}: warm is the lower level",
                self.warm, self.hot
            ));
        }
        Ok(())
    }
}

/// How promising a lead is, by its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadLevel {
    Cold,
    Warm,
    Hot,
}

impl LeadLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            LeadLevel::Cold => "cold",
            LeadLevel::Warm => "warm",
            LeadLevel::Hot => "hot",
        }
    }
}

/// A lead's score, level and the reasons that add up to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeadScore {
    pub score: i64,
    pub level: LeadLevel,
    pub reasons: Vec<Reason>,
}

/// Score `c` at `now` from their `interactions` and open `deals` (any of
/// theirs: closed ones are skipped). Amounts convert to the base with
/// `rates`; an open deal in a currency without a rate is left out, and a
/// 0-point reason says so.
pub fn lead_score(
    c: &Customer,
    interactions: &[Interaction],
    deals: &[Deal],
    rules: &LeadRules,
    rates: &Rates,
    now: DateTime<FixedOffset>,
) -> LeadScore {
    let mut reasons = Vec::new();
    let lookup = |table: &BTreeMap<String, i64>, value: &str| {
        let v = value.trim().to_lowercase();
        table
            .iter()
            .find(|(k, _)| !v.is_empty() && k.trim().to_lowercase() == v)
            .map(|(_, p)| *p)
    };
    if let Some(p) = lookup(&rules.source, &c.source) {
        reasons.push(Reason {
            points: p,
            why: format!("source \"{}\"", c.source.trim()),
        });
    }
    if let Some(p) = lookup(&rules.industry, &c.industry) {
        reasons.push(Reason {
            points: p,
            why: format!("industry \"{}\"", c.industry.trim()),
        });
    }
    if let Some((keyword, p)) = title_keyword(&c.title, &rules.title) {
        reasons.push(Reason {
            points: p,
            why: format!("title \"{}\" has \"{keyword}\"", c.title.trim()),
        });
    }
    let since = crate::domain::days_before(now, rules.engagement_days);
    let engaged = interactions
        .iter()
        .filter(|i| i.customer == c.id && i.at > since && i.at <= now)
        .filter(|i| i.kind != InteractionKind::Note && !i.outcome.is_some_and(|o| o.wants_retry()))
        .count();
    if engaged > 0 {
        let n = i64::try_from(engaged).unwrap_or(i64::MAX);
        reasons.push(Reason {
            points: n
                .saturating_mul(rules.engagement_points)
                .min(rules.engagement_cap),
            why: format!(
                "{engaged} contact{} in the last {} days",
                if engaged == 1 { "" } else { "s" },
                rules.engagement_days
            ),
        });
    }
    let mut open = 0_i64;
    let mut unconverted = BTreeMap::<&str, usize>::new();
    for d in deals.iter().filter(|d| d.customer == c.id && d.is_open()) {
        match rates.to_base(d.amount, &d.currency) {
            Some(a) => open = open.saturating_add(a),
            None => *unconverted.entry(d.currency.as_str()).or_default() += 1,
        }
    }
    let band = rules
        .deal_bands
        .iter()
        .filter(|b| i128::from(open) >= i128::from(b.from) * 100)
        .max_by_key(|b| b.from);
    if let Some(b) = band {
        reasons.push(Reason {
            points: b.points,
            why: format!("open deals worth {}", show_money(open, &rates.base)),
        });
    }
    for (currency, n) in unconverted {
        reasons.push(Reason {
            points: 0,
            why: format!(
                "{n} open deal{} in {currency} not counted (no rate to {})",
                if n == 1 { "" } else { "s" },
                rates.base
            ),
        });
    }
    let score = reasons
        .iter()
        .fold(0_i64, |s, r| s.saturating_add(r.points));
    let level = if score >= rules.hot {
        LeadLevel::Hot
    } else if score >= rules.warm {
        LeadLevel::Warm
    } else {
        LeadLevel::Cold
    };
    LeadScore {
        score,
        level,
        reasons,
    }
}

/// The title keyword that decides, and its points: the longest found
/// (by characters), the higher points between two as long.
fn title_keyword(title: &str, table: &BTreeMap<String, i64>) -> Option<(String, i64)> {
    let title = title.to_lowercase();
    table
        .iter()
        .map(|(k, p)| (k.trim().to_lowercase(), *p))
        .filter(|(k, _)| !k.is_empty() && has_keyword(&title, k))
        .max_by_key(|(k, p)| (k.chars().count(), *p))
}

/// `keyword` in `title` (both lowercase): anywhere for CJK, as a whole
/// word for Latin letters and digits (neighbours not ASCII alphanumeric).
fn has_keyword(title: &str, keyword: &str) -> bool {
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let starts_latin = latin(keyword.chars().next());
    let ends_latin = latin(keyword.chars().next_back());
    title.match_indices(keyword).any(|(at, _)| {
        let glued_before = starts_latin && latin(title[..at].chars().next_back());
        let glued_after = ends_latin && latin(title[at + keyword.len()..].chars().next());
        !(glued_before || glued_after)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::value::fixtures::*;
    use crate::domain::{DealStatus, Outcome};

    fn lead(title: &str, source: &str) -> Customer {
        let mut c = customer(1, "王强");
        c.title = title.into();
        c.source = source.into();
        c
    }

    fn title_points(title: &str) -> Option<i64> {
        title_keyword(title, &LeadRules::default().title).map(|(_, p)| p)
    }

    #[test]
    fn the_most_specific_title_keyword_decides() {
        for (title, points) in [
            ("总经理", Some(20)),
            ("副总经理", Some(15)),
            ("销售总监", Some(15)),
            ("华东区总", Some(15)),
            ("采购经理", Some(10)),
            ("CEO", Some(20)),
            ("Co-founder & CEO", Some(20)),
            ("CEO助理", Some(20)),
            ("Vice President, Sales", Some(15)),
            ("VP Engineering", Some(15)),
            ("Sales Director", Some(15)),
            ("Head of Procurement", Some(10)),
            ("Headquarters admin", None),
            ("Developer", None),
            ("", None),
        ] {
            assert_eq!(title_points(title), points, "{title}");
        }
    }

    /// 王强, 销售总监, came by referral (转介绍); 4 contacts in the last
    /// 30 days of which one is a note and one a missed call, so 2 count;
    /// one open deal of ¥120,000 and one won (not open) deal:
    ///   source 转介绍 +20, title 总监 +15, engagement 2 × 5 = +10,
    ///   open deals ¥120,000 ≥ ¥100,000 band +15  → 60, hot (≥ 60).
    #[test]
    fn a_worked_lead_score() {
        let c = lead("销售总监", " 转介绍 ");
        let interactions = [
            touch(
                1,
                1,
                InteractionKind::Call,
                day("2026-11-20"),
                Some(Outcome::Reached),
            ),
            touch(2, 1, InteractionKind::Meeting, day("2026-11-01"), None),
            touch(3, 1, InteractionKind::Note, day("2026-11-02"), None),
            touch(
                4,
                1,
                InteractionKind::Call,
                day("2026-11-03"),
                Some(Outcome::NoAnswer),
            ),
            // 31 days before now: outside the 30.
            touch(
                5,
                1,
                InteractionKind::Visit,
                now() - chrono::Duration::days(31),
                None,
            ),
            // Another customer's.
            touch(6, 2, InteractionKind::Visit, day("2026-11-20"), None),
        ];
        let deals = [
            deal(1, 1, 120_000),
            closed(deal(2, 1, 900_000), DealStatus::Won, day("2026-10-01")),
        ];
        let s = lead_score(
            &c,
            &interactions,
            &deals,
            &LeadRules::default(),
            &rates(),
            now(),
        );
        let shown: Vec<String> = s.reasons.iter().map(|r| r.to_string()).collect();
        assert_eq!(
            shown,
            [
                "+20 source \"转介绍\"",
                "+15 title \"销售总监\" has \"总监\"",
                "+10 2 contacts in the last 30 days",
                "+15 open deals worth ¥120,000",
            ]
        );
        assert_eq!((s.score, s.level), (60, LeadLevel::Hot));
    }

    /// Nothing known: 0, cold, no reasons. Engagement is capped: 7
    /// contacts × 5 = 35, capped at 25. A deal in EUR (no rate) is named
    /// with 0 points; $2,000 at 7 is ¥14,000 ≥ ¥10,000: +5.
    #[test]
    fn empty_capped_and_unconverted_leads() {
        let rules = LeadRules::default();
        let c = lead("", "");
        let s = lead_score(&c, &[], &[], &rules, &rates(), now());
        assert_eq!((s.score, s.level, s.reasons.len()), (0, LeadLevel::Cold, 0));

        let many: Vec<_> = (0..7)
            .map(|i| {
                touch(
                    i,
                    1,
                    InteractionKind::Call,
                    now() - chrono::Duration::days(i as i64),
                    None,
                )
            })
            .collect();
        let mut usd = deal(1, 1, 0);
        usd.amount = 200_000;
        usd.currency = "USD".into();
        let mut eur = deal(2, 1, 0);
        eur.amount = 5_000_000;
        eur.currency = "EUR".into();
        let s = lead_score(&c, &many, &[usd, eur], &rules, &rates(), now());
        let shown: Vec<String> = s.reasons.iter().map(|r| r.to_string()).collect();
        assert_eq!(
            shown,
            [
                "+25 7 contacts in the last 30 days",
                "+5 open deals worth ¥14,000",
                "+0 1 open deal in EUR not counted (no rate to CNY)",
            ]
        );
        assert_eq!((s.score, s.level), (30, LeadLevel::Warm));
    }

    #[test]
    fn industry_points_come_from_config() {
        let mut rules = LeadRules::default();
        rules.industry.insert("制造业".into(), 12);
        let mut c = lead("", "WEB");
        c.industry = "制造业".into();
        let s = lead_score(&c, &[], &[], &rules, &rates(), now());
        // Source "WEB" matches the default "web" (+10), industry +12.
        assert_eq!(s.score, 12 + 10);
        assert!(rules.check().is_ok());
        rules.source.insert("Web".into(), 3);
        let err = rules.check().expect_err("two keys for one source");
        assert_eq!(
            err,
            "lead_score.source has \"Web\" and \"web\": keys match case-insensitively, so keep one"
        );
        rules.source.remove("Web");
        rules.title.insert("总".into(), 5000);
        let err = rules.check().expect_err("too many points");
        assert_eq!(
            err,
            "lead_score.title.\"总\" = 5000 is out of range: -1000 to 1000 points"
        );
    }
}
