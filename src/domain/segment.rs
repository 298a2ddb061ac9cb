//! Segmentation: value tiers, lifecycle stage changes and the customer
//! filters that saved views keep.

use super::{Customer, Stage, ValidationError, parse_word};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A customer's value tier (客户分层), from what they bought in the last
/// 12 months and how often they came back: see `value::assess_tier`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    #[default]
    Regular,
    Key,
    Vip,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::Vip, Tier::Key, Tier::Regular];

    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Vip => "vip",
            Tier::Key => "key",
            Tier::Regular => "regular",
        }
    }

    pub fn parse(input: &str) -> Result<Tier, ValidationError> {
        parse_word(
            "tier",
            input,
            &[
                ("vip", Tier::Vip),
                ("key", Tier::Key),
                ("regular", Tier::Regular),
                ("重要客户", Tier::Key),
                ("大客户", Tier::Vip),
                ("普通客户", Tier::Regular),
            ],
        )
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A lifecycle stage change, kept on the customer (lead → prospect → …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageChange {
    #[serde(serialize_with = "super::stamp::serialize")]
    pub at: DateTime<FixedOffset>,
    pub from: Stage,
    pub to: Stage,
}

/// Which customers a list shows. Saved under a name, it is a "view",
/// usable as `rolo list --view NAME` and `:view NAME` in the TUI.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerFilter {
    /// Every one of these tags (case-insensitive).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Owned by whoever uses the filter (their Unix user), not by whoever saved it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub mine: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<Tier>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign: Option<String>,
    /// Not contacted for at least this many days (never: counted from creation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quiet_for: Option<u32>,
    /// Past their own stay-in-touch cadence.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub gone_quiet: bool,
}

impl CustomerFilter {
    pub fn is_empty(&self) -> bool {
        *self == CustomerFilter::default()
    }

    /// Whether the filter needs tiers (and so every customer's won deals).
    pub fn needs_tier(&self) -> bool {
        self.tier.is_some()
    }

    /// Every condition but gone-quiet, which needs `quiet_days` and is
    /// decided by [`Segment::matches`] (through [`gone_quiet`]).
    fn matches_fields(
        &self,
        c: &Customer,
        tier: Tier,
        me: &str,
        now: DateTime<FixedOffset>,
    ) -> bool {
        let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
        self.tags.iter().all(|t| c.tags.iter().any(|x| same(x, t)))
            && self.stage.is_none_or(|s| c.stage == s)
            && self.owner.as_deref().is_none_or(|o| same(&c.owner, o))
            && (!self.mine || same(&c.owner, me))
            && self.tier.is_none_or(|t| t == tier)
            && self.source.as_deref().is_none_or(|s| same(&c.source, s))
            && self
                .campaign
                .as_deref()
                .is_none_or(|s| same(&c.campaign, s))
            && self.quiet_for.is_none_or(|days| {
                let touch = c.last_contact_at.unwrap_or(c.created_at);
                touch <= super::days_before(now, days)
            })
    }

    /// The flags that would give this filter: `--tag vip --stage customer --mine`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        for t in &self.tags {
            parts.push(format!("--tag {t}"));
        }
        if let Some(s) = self.stage {
            parts.push(format!("--stage {s}"));
        }
        if let Some(o) = &self.owner {
            parts.push(format!("--owner {}", quote(o)));
        }
        if self.mine {
            parts.push("--mine".into());
        }
        if let Some(t) = self.tier {
            parts.push(format!("--tier {t}"));
        }
        if let Some(s) = &self.source {
            parts.push(format!("--source {}", quote(s)));
        }
        if let Some(c) = &self.campaign {
            parts.push(format!("--campaign {}", quote(c)));
        }
        if let Some(d) = self.quiet_for {
            parts.push(format!("--quiet-for {d}"));
        }
        if self.gone_quiet {
            parts.push("--gone-quiet".into());
        }
        parts.join(" ")
    }
}

/// Gone quiet by `now`: THE rule, for `rolo today`, `rolo list
/// --gone-quiet`, saved views and the app alike. Past their own cadence,
/// or, without one, `quiet_days` (config) after the last touch when that
/// is above 0 (`Customer::quiet_since`); strictly past, as the quiet index
/// `rolo today` reads counts it (`quiet < now`).
pub fn gone_quiet(c: &Customer, quiet_days: u32, now: DateTime<FixedOffset>) -> bool {
    c.quiet_since(quiet_days).is_some_and(|q| q < now)
}

/// A filter as one user applies it: who "mine" means, when "now" is, and
/// the configured quiet period for customers without a cadence. The one
/// place that decides who is in a saved view: `rolo list --view` and the
/// app's `segment NAME` both ask [`Segment::matches`].
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub filter: CustomerFilter,
    me: String,
    now: DateTime<FixedOffset>,
    quiet_days: u32,
}

impl Segment {
    /// For user `me` at `now`, with `quiet_days` for customers without a cadence.
    pub fn of(
        filter: CustomerFilter,
        me: String,
        now: DateTime<FixedOffset>,
        quiet_days: u32,
    ) -> Segment {
        Segment {
            filter,
            me,
            now,
            quiet_days,
        }
    }

    /// Does `c`, of tier `tier`, belong to the segment?
    pub fn matches(&self, c: &Customer, tier: Tier) -> bool {
        self.filter.matches_fields(c, tier, &self.me, self.now)
            && (!self.filter.gone_quiet || gone_quiet(c, self.quiet_days, self.now))
    }
}

fn quote(s: &str) -> String {
    if s.contains(char::is_whitespace) {
        format!("\"{s}\"")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CustomerDraft, CustomerId};
    use chrono::Duration;

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").expect("valid")
    }

    #[test]
    fn filters_combine_every_condition() {
        let mut c = CustomerDraft {
            tags: vec!["VIP".into(), "north".into()],
            owner: "ann".into(),
            source: "Web".into(),
            ..CustomerDraft::named("Li Wei")
        }
        .validate()
        .expect("valid")
        .into_customer(CustomerId(1), now() - Duration::days(40));
        c.campaign = "Spring Expo".into();
        let f = CustomerFilter {
            tags: vec!["vip".into()],
            mine: true,
            source: Some("web".into()),
            campaign: Some("spring expo".into()),
            quiet_for: Some(30),
            ..Default::default()
        };
        assert!(Segment::of(f.clone(), "ann".into(), now(), 0).matches(&c, Tier::Regular));
        assert!(
            !Segment::of(f.clone(), "bob".into(), now(), 0).matches(&c, Tier::Regular),
            "mine is the viewer"
        );
        c.last_contact_at = Some(now() - Duration::days(3));
        assert!(
            !Segment::of(f.clone(), "ann".into(), now(), 0).matches(&c, Tier::Regular),
            "contacted lately"
        );
        let vip = CustomerFilter {
            tier: Some(Tier::Vip),
            ..Default::default()
        };
        assert!(Segment::of(vip.clone(), "".into(), now(), 0).matches(&c, Tier::Vip));
        assert!(!Segment::of(vip.clone(), "".into(), now(), 0).matches(&c, Tier::Key));
        assert_eq!(
            f.describe(),
            "--tag vip --mine --source web --campaign \"spring expo\" --quiet-for 30"
        );
    }

    fn customer(created_days_ago: i64, cadence: Option<u32>) -> Customer {
        CustomerDraft {
            cadence,
            owner: "ann".into(),
            ..CustomerDraft::named("Li Wei")
        }
        .validate()
        .expect("valid")
        .into_customer(CustomerId(1), now() - Duration::days(created_days_ago))
    }

    #[test]
    fn gone_quiet_uses_the_cadence_else_the_configured_days() {
        // Cadence 14, untouched for 20 days: quiet whatever quiet_days says.
        assert!(gone_quiet(&customer(20, Some(14)), 0, now()));
        // Cadence 30 wins over a shorter quiet_days.
        assert!(!gone_quiet(&customer(20, Some(30)), 7, now()));
        // No cadence: never quiet unless quiet_days is set.
        assert!(!gone_quiet(&customer(400, None), 0, now()));
        assert!(gone_quiet(&customer(21, None), 20, now()));
        assert!(
            !gone_quiet(&customer(20, None), 20, now()),
            "exactly 20 days is not past"
        );
        assert!(
            !gone_quiet(&customer(7, Some(7)), 0, now()),
            "exactly the cadence is not past either (the app said it was)"
        );
        let mut c = customer(90, None);
        c.last_contact_at = Some(now() - Duration::days(5));
        assert!(!gone_quiet(&c, 20, now()), "contacted lately");
    }

    #[test]
    fn a_segment_decides_gone_quiet_by_the_one_rule() {
        let segment = Segment::of(
            CustomerFilter {
                gone_quiet: true,
                mine: true,
                ..Default::default()
            },
            "ann".into(),
            now(),
            30,
        );
        assert!(segment.matches(&customer(31, None), Tier::Regular));
        assert!(!segment.matches(&customer(29, None), Tier::Regular));
        let mut bob = customer(31, None);
        bob.owner = "bob".into();
        assert!(!segment.matches(&bob, Tier::Regular), "not mine");
    }
}
