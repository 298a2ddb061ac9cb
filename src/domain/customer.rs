use super::{CustomerId, StageChange, ValidationError, parse_word, validate};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Where a customer is in their lifecycle.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    #[default]
    Lead,
    Prospect,
    Customer,
    Loyal,
    Churned,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::Lead,
        Stage::Prospect,
        Stage::Customer,
        Stage::Loyal,
        Stage::Churned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Lead => "lead",
            Stage::Prospect => "prospect",
            Stage::Customer => "customer",
            Stage::Loyal => "loyal",
            Stage::Churned => "churned",
        }
    }

    /// Accepts the English names and the usual Chinese CRM terms.
    pub fn parse(input: &str) -> Result<Stage, ValidationError> {
        parse_word(
            "stage",
            input,
            &[
                ("lead", Stage::Lead),
                ("prospect", Stage::Prospect),
                ("customer", Stage::Customer),
                ("loyal", Stage::Loyal),
                ("churned", Stage::Churned),
                ("线索", Stage::Lead),
                ("潜在客户", Stage::Prospect),
                ("意向客户", Stage::Prospect),
                ("客户", Stage::Customer),
                ("成交客户", Stage::Customer),
                ("忠诚客户", Stage::Loyal),
                ("老客户", Stage::Loyal),
                ("流失", Stage::Churned),
                ("流失客户", Stage::Churned),
            ],
        )
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A customer record. Contact details keep exactly what the user typed;
/// the store indexes their normalised forms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    pub id: CustomerId,
    pub name: String,
    #[serde(default)]
    pub company: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub emails: Vec<String>,
    #[serde(default)]
    pub phones: Vec<String>,
    #[serde(default)]
    pub industry: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub stage: Stage,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub address: String,
    /// Stay in touch every N days.
    #[serde(default)]
    pub cadence: Option<u32>,
    #[serde(default)]
    pub timezone: Option<String>,
    /// Unknown import columns land here, never dropped.
    #[serde(default)]
    pub custom: BTreeMap<String, String>,
    #[serde(default)]
    pub notes: String,
    /// The marketing campaign they came from (see `Campaign`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub campaign: String,
    /// Every lifecycle stage change, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stage_changes: Vec<StageChange>,
    #[serde(serialize_with = "super::stamp::serialize")]
    pub created_at: DateTime<FixedOffset>,
    #[serde(serialize_with = "super::stamp::serialize")]
    pub updated_at: DateTime<FixedOffset>,
    /// Derived: the newest interaction's time, kept up to date by the store.
    #[serde(default)]
    #[serde(serialize_with = "super::stamp::serialize_option")]
    pub last_contact_at: Option<DateTime<FixedOffset>>,
}

impl Customer {
    /// Days since the last contact (or since creation when never contacted).
    pub fn days_since_contact(&self, now: DateTime<FixedOffset>) -> Option<i64> {
        self.last_contact_at
            .map(|at| (now.date_naive() - at.date_naive()).num_days())
    }

    /// When the customer goes quiet: last touch (contact, else creation) plus cadence.
    pub fn quiet_from(&self) -> Option<DateTime<FixedOffset>> {
        self.quiet_after(self.cadence?)
    }

    /// `days` after the last touch; `None` past the calendar's end (only a
    /// cadence stored before its range was checked gets there: never quiet).
    fn quiet_after(&self, days: u32) -> Option<DateTime<FixedOffset>> {
        let base = self.last_contact_at.unwrap_or(self.created_at);
        base.checked_add_days(chrono::Days::new(u64::from(days)))
    }

    /// When the customer went (or goes) quiet: past their own cadence, or,
    /// without one, `default_days` after the last touch (`0`: never).
    pub fn quiet_since(&self, default_days: u32) -> Option<DateTime<FixedOffset>> {
        match (self.cadence, default_days) {
            (Some(_), _) => self.quiet_from(),
            (None, 0) => None,
            (None, days) => self.quiet_after(days),
        }
    }

    /// The word a user would most likely type to mean this customer.
    pub fn label(&self) -> String {
        if self.company.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, self.company)
        }
    }
}

/// Everything needed to create a customer; validated before it reaches the store.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CustomerDraft {
    pub name: String,
    pub company: String,
    pub title: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub industry: String,
    pub tags: Vec<String>,
    pub stage: Stage,
    pub source: String,
    pub owner: String,
    pub address: String,
    pub cadence: Option<u32>,
    pub timezone: Option<String>,
    pub custom: BTreeMap<String, String>,
    pub notes: String,
    pub campaign: String,
}

impl CustomerDraft {
    pub fn named(name: impl Into<String>) -> Self {
        CustomerDraft {
            name: name.into(),
            ..Default::default()
        }
    }

    /// Trim, deduplicate and check every field.
    pub fn validate(mut self) -> Result<Self, ValidationError> {
        self.name = validate::name(&self.name)?;
        self.company = self.company.trim().to_string();
        self.title = self.title.trim().to_string();
        self.emails = validate::emails(&self.emails)?;
        self.phones = validate::phones(&self.phones)?;
        self.tags = validate::tags(&self.tags)?;
        self.campaign = self
            .campaign
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(days) = self.cadence {
            validate::cadence(days)?;
        }
        Ok(self)
    }

    pub fn into_customer(self, id: CustomerId, now: DateTime<FixedOffset>) -> Customer {
        Customer {
            id,
            name: self.name,
            company: self.company,
            title: self.title,
            emails: self.emails,
            phones: self.phones,
            industry: self.industry,
            tags: self.tags,
            stage: self.stage,
            source: self.source,
            owner: self.owner,
            address: self.address,
            cadence: self.cadence,
            timezone: self.timezone,
            custom: self.custom,
            notes: self.notes,
            campaign: self.campaign,
            stage_changes: Vec::new(),
            created_at: now,
            updated_at: now,
            last_contact_at: None,
        }
    }
}

/// A partial update: `None` leaves a field alone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomerPatch {
    pub name: Option<String>,
    pub company: Option<String>,
    pub title: Option<String>,
    pub add_emails: Vec<String>,
    pub remove_emails: Vec<String>,
    pub add_phones: Vec<String>,
    pub remove_phones: Vec<String>,
    pub industry: Option<String>,
    pub add_tags: Vec<String>,
    pub remove_tags: Vec<String>,
    pub stage: Option<Stage>,
    pub source: Option<String>,
    pub owner: Option<String>,
    pub address: Option<String>,
    /// `Some(None)` clears the cadence.
    pub cadence: Option<Option<u32>>,
    pub timezone: Option<Option<String>>,
    pub notes: Option<String>,
    pub campaign: Option<String>,
    pub custom: BTreeMap<String, String>,
}

impl CustomerPatch {
    pub fn is_empty(&self) -> bool {
        *self == CustomerPatch::default()
    }

    /// The fields this patch sets that were changed by someone else since
    /// `base` was read (`current` differs from `base` there): saving would
    /// silently overwrite their change. Added and removed emails, phones
    /// and tags merge, so they never conflict.
    pub fn conflicts(&self, base: &Customer, current: &Customer) -> Vec<&'static str> {
        let mut out = Vec::new();
        let mut check = |field: &'static str, sets: bool, moved: bool| {
            if sets && moved {
                out.push(field);
            }
        };
        check("name", self.name.is_some(), base.name != current.name);
        check(
            "company",
            self.company.is_some(),
            base.company != current.company,
        );
        check("title", self.title.is_some(), base.title != current.title);
        check(
            "industry",
            self.industry.is_some(),
            base.industry != current.industry,
        );
        check("stage", self.stage.is_some(), base.stage != current.stage);
        check(
            "source",
            self.source.is_some(),
            base.source != current.source,
        );
        check("owner", self.owner.is_some(), base.owner != current.owner);
        check(
            "address",
            self.address.is_some(),
            base.address != current.address,
        );
        check(
            "cadence",
            self.cadence.is_some(),
            base.cadence != current.cadence,
        );
        check(
            "timezone",
            self.timezone.is_some(),
            base.timezone != current.timezone,
        );
        check("notes", self.notes.is_some(), base.notes != current.notes);
        check(
            "campaign",
            self.campaign.is_some(),
            base.campaign != current.campaign,
        );
        let custom_moved = self
            .custom
            .keys()
            .any(|k| base.custom.get(k) != current.custom.get(k));
        check("custom", custom_moved, true);
        out
    }

    /// An email, phone or tag both added and removed: which one is meant?
    fn contradictions(&self) -> Result<(), ValidationError> {
        // A phone added and removed in two spellings is a reformat (the
        // form sends one), so only the same spelling contradicts itself.
        type Same = fn(&str, &str) -> bool;
        let lists: [(_, _, _, Same); 3] = [
            ("email", &self.add_emails, &self.remove_emails, same_text),
            ("phone", &self.add_phones, &self.remove_phones, same_text),
            ("tag", &self.add_tags, &self.remove_tags, same_tag),
        ];
        for (what, add, remove, same) in lists {
            if let Some(both) = add.iter().find(|a| remove.iter().any(|r| same(r, a))) {
                return Err(ValidationError::Contradictory {
                    what,
                    value: both.trim().to_string(),
                });
            }
        }
        Ok(())
    }

    /// Apply to a copy of `customer`, validating the result. Returns the
    /// names of the fields that changed, for the audit trail.
    pub fn apply(
        &self,
        customer: &Customer,
        now: DateTime<FixedOffset>,
    ) -> Result<(Customer, Vec<&'static str>), ValidationError> {
        self.contradictions()?;
        let mut next = customer.clone();
        set(&mut next.name, &self.name);
        set(&mut next.company, &self.company);
        set(&mut next.title, &self.title);
        set(&mut next.industry, &self.industry);
        set(&mut next.source, &self.source);
        set(&mut next.owner, &self.owner);
        set(&mut next.address, &self.address);
        set(&mut next.notes, &self.notes);
        set(&mut next.campaign, &self.campaign);
        if let Some(stage) = self.stage
            && stage != next.stage
        {
            next.stage_changes.push(StageChange {
                at: now,
                from: next.stage,
                to: stage,
            });
            next.stage = stage;
        }
        if let Some(cadence) = self.cadence {
            next.cadence = cadence;
        }
        if let Some(tz) = &self.timezone {
            next.timezone = tz.clone();
        }
        edit_list(
            &mut next.emails,
            &self.add_emails,
            &self.remove_emails,
            same_text,
        );
        edit_list(
            &mut next.phones,
            &self.add_phones,
            &self.remove_phones,
            same_phone,
        );
        edit_list(&mut next.tags, &self.add_tags, &self.remove_tags, same_tag);
        for (k, v) in &self.custom {
            if v.is_empty() {
                next.custom.remove(k);
            } else {
                next.custom.insert(k.clone(), v.clone());
            }
        }
        let draft = CustomerDraft {
            name: next.name.clone(),
            company: next.company.clone(),
            title: next.title.clone(),
            emails: next.emails.clone(),
            phones: next.phones.clone(),
            tags: next.tags.clone(),
            cadence: next.cadence,
            ..Default::default()
        }
        .validate()?;
        next.name = draft.name;
        next.company = draft.company;
        next.title = draft.title;
        next.emails = draft.emails;
        next.phones = draft.phones;
        next.tags = draft.tags;
        let changed = changed_fields(customer, &next);
        if !changed.is_empty() {
            next.updated_at = now;
        }
        Ok((next, changed))
    }
}

fn set(field: &mut String, value: &Option<String>) {
    if let Some(v) = value {
        *field = v.trim().to_string();
    }
}

/// Remove first (case-insensitively), then add what is not already there.
pub(super) fn edit_list(
    list: &mut Vec<String>,
    add: &[String],
    remove: &[String],
    same: fn(&str, &str) -> bool,
) {
    list.retain(|item| !remove.iter().any(|r| same(r, item)));
    for item in add {
        if !list.iter().any(|x| same(x, item)) {
            list.push(item.trim().to_string());
        }
    }
}

pub(super) fn same_text(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// The same number however it is written (`--remove-phone '138 0013 8000'`
/// removes a stored `13800138000`): the key de-duplication uses.
pub(super) fn same_phone(a: &str, b: &str) -> bool {
    same_text(a, b) || {
        let key = super::validate::phone_key(a);
        key.len() > 1 && key == super::validate::phone_key(b)
    }
}

/// The same tag with or without its `#` (`--untag '#vip'` removes `vip`).
pub(super) fn same_tag(a: &str, b: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches(['#', '+']).to_string();
    bare(a).eq_ignore_ascii_case(&bare(b))
}

/// The names of the fields that differ, in a stable order.
pub fn changed_fields(a: &Customer, b: &Customer) -> Vec<&'static str> {
    let mut out = Vec::new();
    macro_rules! cmp {
        ($($f:ident),*) => { $( if a.$f != b.$f { out.push(stringify!($f)); } )* };
    }
    cmp!(
        name, company, title, emails, phones, industry, tags, stage, source, owner, address,
        cadence, timezone, custom, notes, campaign
    );
    out
}

/// The source a customer counts under in the reports: its source trimmed,
/// `(none)` when blank. Groups compare case-insensitively (lowercased).
pub fn source_group(source: &str) -> String {
    let s = source.trim();
    if s.is_empty() {
        "(none)".into()
    } else {
        s.to_string()
    }
}

/// The campaign a customer counts under in the reports: its campaign with
/// spacing collapsed; `None` when it has none.
pub fn campaign_group(campaign: &str) -> Option<String> {
    let name = campaign.split_whitespace().collect::<Vec<_>>().join(" ");
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").expect("valid")
    }

    fn customer() -> Customer {
        CustomerDraft::named("Ann")
            .validate()
            .expect("valid")
            .into_customer(CustomerId(1), now())
    }

    #[test]
    fn stage_parses_english_and_chinese() {
        assert_eq!(Stage::parse("Prospect").ok(), Some(Stage::Prospect));
        assert_eq!(Stage::parse("流失客户").ok(), Some(Stage::Churned));
        let err = Stage::parse("vip").expect_err("unknown stage");
        assert!(err.to_string().contains("\"vip\""), "{err}");
        assert!(err.to_string().contains("lead, prospect"), "{err}");
    }

    #[test]
    fn patch_reports_changed_fields_and_validates() {
        let c = CustomerDraft::named("Ann Lee")
            .validate()
            .expect("valid")
            .into_customer(CustomerId(1), now());
        let patch = CustomerPatch {
            company: Some("Acme".into()),
            add_tags: vec!["vip".into(), "VIP".into()],
            ..Default::default()
        };
        let (next, changed) = patch.apply(&c, now()).expect("valid patch");
        assert_eq!(changed, vec!["company", "tags"]);
        assert_eq!(next.tags, vec!["vip"]);
        assert!(next.stage_changes.is_empty());

        let promote = CustomerPatch {
            stage: Some(Stage::Customer),
            ..Default::default()
        };
        let (won, changed) = promote.apply(&next, now()).expect("valid");
        assert_eq!(changed, vec!["stage"]);
        assert_eq!(
            won.stage_changes,
            vec![StageChange {
                at: now(),
                from: Stage::Lead,
                to: Stage::Customer
            }]
        );
        let (same, changed) = promote.apply(&won, now()).expect("valid");
        assert!(
            changed.is_empty() && same.stage_changes.len() == 1,
            "no change, no entry"
        );

        let bad = CustomerPatch {
            add_emails: vec!["not-an-email".into()],
            ..Default::default()
        };
        assert!(bad.apply(&c, now()).is_err());
        let blank = CustomerPatch {
            name: Some("  ".into()),
            ..Default::default()
        };
        assert!(blank.apply(&c, now()).is_err());
    }

    #[test]
    fn quiet_from_counts_cadence_from_last_touch() {
        let mut c = CustomerDraft::named("Ann")
            .validate()
            .expect("valid")
            .into_customer(CustomerId(1), now());
        assert_eq!(c.quiet_from(), None);
        c.cadence = Some(14);
        assert_eq!(c.quiet_from(), Some(now() + chrono::Duration::days(14)));
        c.last_contact_at = Some(now() + chrono::Duration::days(3));
        assert_eq!(c.quiet_from(), Some(now() + chrono::Duration::days(17)));
        assert_eq!(c.quiet_since(30), c.quiet_from(), "their own cadence wins");
        c.cadence = None;
        assert_eq!(c.quiet_since(0), None);
        assert_eq!(c.quiet_since(30), Some(now() + chrono::Duration::days(33)));
    }

    /// Issue 11 item 4: a cadence stored before its range was checked (an
    /// old file) makes the customer never quiet instead of overflowing
    /// the calendar (which was reported as a damaged database).
    #[test]
    fn a_cadence_past_the_calendar_is_never_quiet() {
        let mut c = customer();
        c.cadence = Some(u32::MAX);
        assert_eq!(c.quiet_from(), None);
        assert_eq!(c.quiet_since(30), None);
        c.cadence = None;
        assert_eq!(c.quiet_since(u32::MAX), None);
    }

    #[test]
    fn a_cadence_is_one_day_to_a_century() {
        let draft = |cadence| CustomerDraft {
            name: "Ann".into(),
            cadence: Some(cadence),
            ..Default::default()
        };
        assert!(draft(1).validate().is_ok());
        assert!(draft(36_500).validate().is_ok());
        for bad in [0, 36_501, u32::MAX] {
            let err = draft(bad).validate().expect_err("out of range");
            assert!(err.to_string().contains("1 to 36500 days"), "{err}");
        }
    }

    #[test]
    fn adding_and_removing_the_same_thing_is_refused() {
        let c = customer();
        let patch = CustomerPatch {
            add_tags: vec!["vip".into()],
            remove_tags: vec!["VIP".into()],
            ..Default::default()
        };
        let err = patch.apply(&c, now()).expect_err("contradictory");
        assert!(
            err.to_string()
                .contains("tag \"vip\" is both added and removed"),
            "{err}"
        );
        // With its `#` it is the same tag.
        let patch = CustomerPatch {
            add_tags: vec!["#vip".into()],
            remove_tags: vec!["vip".into()],
            ..Default::default()
        };
        assert!(patch.apply(&c, now()).is_err(), "#vip is vip");
    }

    /// `rolo edit ann --remove-phone '138 0013 8000'` of a stored
    /// `13800138000` said "No change" and kept the number; `--untag '#vip'`
    /// kept `vip`. A number is removed however it is written, a tag with or
    /// without its `#`; the same number in two spellings is a reformat.
    #[test]
    fn a_phone_or_tag_is_removed_however_it_is_written() {
        let mut c = customer();
        c.phones = vec!["13800138000".into(), "+1 212 555 0100".into()];
        c.tags = vec!["vip".into()];
        let patch = CustomerPatch {
            remove_phones: vec!["138 0013 8000".into()],
            remove_tags: vec!["#vip".into()],
            ..Default::default()
        };
        let (next, changed) = patch.apply(&c, now()).expect("valid");
        assert_eq!(next.phones, ["+1 212 555 0100"]);
        assert!(next.tags.is_empty());
        assert_eq!(changed, ["phones", "tags"]);
        let reformat = CustomerPatch {
            add_phones: vec!["+86 138 0013 8000".into()],
            remove_phones: vec!["13800138000".into()],
            ..Default::default()
        };
        let (next, _) = reformat.apply(&c, now()).expect("a reformat");
        assert_eq!(next.phones, ["+1 212 555 0100", "+86 138 0013 8000"]);
    }
}
