//! Merging two customers who are one person: what the kept card looks
//! like afterwards. Lists (emails, phones, tags) and custom fields are
//! united; a field only the other card fills is taken from it; where both
//! say different things the kept card wins and the difference is listed,
//! so nothing is dropped silently.

use super::Customer;
use super::customer::{edit_list, same_phone, same_tag, same_text};
use chrono::{DateTime, FixedOffset};
use serde::Serialize;

/// A field both cards fill differently: the kept value stays, the other goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergeConflict {
    /// The field, e.g. `company`; `custom` for a custom field named by `key`.
    pub field: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub kept: String,
    pub dropped: String,
}

impl MergeConflict {
    /// `company`, or `custom field "Region"`.
    pub fn label(&self) -> String {
        match &self.key {
            Some(key) => format!("custom field \"{key}\""),
            None => self.field.to_string(),
        }
    }
}

/// `keep` with everything `other` adds, and the fields where they differ
/// (keep's value wins). The relationship is as old as the older card and
/// as recent as the latest contact of either; the stage history is keep's.
pub fn merge_customers(
    keep: &Customer,
    other: &Customer,
    now: DateTime<FixedOffset>,
) -> (Customer, Vec<MergeConflict>) {
    let mut merged = keep.clone();
    let mut conflicts = Vec::new();
    if !same_words(&keep.name, &other.name) {
        conflicts.push(conflict("name", &keep.name, &other.name));
    }
    let c = &mut conflicts;
    fill(c, "company", &mut merged.company, &other.company);
    fill(c, "title", &mut merged.title, &other.title);
    fill(c, "industry", &mut merged.industry, &other.industry);
    fill(c, "source", &mut merged.source, &other.source);
    fill(c, "owner", &mut merged.owner, &other.owner);
    fill(c, "address", &mut merged.address, &other.address);
    fill(c, "campaign", &mut merged.campaign, &other.campaign);
    if keep.stage != other.stage {
        c.push(conflict("stage", keep.stage.as_str(), other.stage.as_str()));
    }
    match (keep.cadence, other.cadence) {
        (None, theirs) => merged.cadence = theirs,
        (Some(a), Some(b)) if a != b => c.push(conflict("cadence", &a.to_string(), &b.to_string())),
        _ => {}
    }
    match (&keep.timezone, &other.timezone) {
        (None, theirs) => merged.timezone = theirs.clone(),
        (Some(a), Some(b)) if a != b => c.push(conflict("timezone", a, b)),
        _ => {}
    }
    edit_list(&mut merged.emails, &other.emails, &[], same_text);
    edit_list(&mut merged.phones, &other.phones, &[], same_phone);
    edit_list(&mut merged.tags, &other.tags, &[], same_tag);
    for (key, value) in &other.custom {
        match merged.custom.get(key) {
            None => {
                merged.custom.insert(key.clone(), value.clone());
            }
            Some(kept) if kept != value => conflicts.push(MergeConflict {
                field: "custom",
                key: Some(key.clone()),
                kept: kept.clone(),
                dropped: value.clone(),
            }),
            Some(_) => {}
        }
    }
    // Notes are free text: both are kept, the other's after a blank line.
    let notes = other.notes.trim();
    if !notes.is_empty() && !merged.notes.contains(notes) {
        merged.notes = if merged.notes.trim().is_empty() {
            notes.to_string()
        } else {
            format!("{}\n\n{notes}", merged.notes.trim_end())
        };
    }
    merged.created_at = keep.created_at.min(other.created_at);
    merged.last_contact_at = keep.last_contact_at.max(other.last_contact_at);
    merged.updated_at = now;
    (merged, conflicts)
}

/// Take `theirs` where `mine` is empty; where both differ, keep mine and say so.
fn fill(conflicts: &mut Vec<MergeConflict>, field: &'static str, mine: &mut String, theirs: &str) {
    if mine.trim().is_empty() {
        *mine = theirs.to_string();
    } else if !theirs.trim().is_empty() && !same_text(mine, theirs) {
        conflicts.push(conflict(field, mine, theirs));
    }
}

fn conflict(field: &'static str, kept: &str, dropped: &str) -> MergeConflict {
    MergeConflict {
        field,
        key: None,
        kept: kept.to_string(),
        dropped: dropped.to_string(),
    }
}

/// Names equal but for case and spacing.
fn same_words(a: &str, b: &str) -> bool {
    let fold = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    fold(a) == fold(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CustomerDraft, CustomerId, Stage};

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).expect("valid time")
    }

    fn card(id: u64, draft: CustomerDraft, created: &str) -> Customer {
        draft
            .validate()
            .expect("valid")
            .into_customer(CustomerId(id), at(created))
    }

    #[test]
    fn lists_unite_gaps_fill_and_differences_are_listed_with_keep_winning() {
        let mut keep = card(
            3,
            CustomerDraft {
                company: "Acme".into(),
                emails: vec!["bob@acme.com".into()],
                phones: vec!["13800138000".into()],
                tags: vec!["vip".into()],
                cadence: Some(14),
                notes: "met at the expo".into(),
                ..CustomerDraft::named("Bob Ma")
            },
            "2026-10-01T09:00:00+08:00",
        );
        keep.custom.insert("region".into(), "east".into());
        keep.last_contact_at = Some(at("2026-11-01T09:00:00+08:00"));
        let mut other = card(
            7,
            CustomerDraft {
                company: "Acme Corp".into(),
                title: "CTO".into(),
                emails: vec!["BOB@acme.com".into(), "bob@gmail.com".into()],
                phones: vec!["+86 138 0013 8000".into(), "139 1234 5678".into()],
                tags: vec!["#VIP".into(), "cn".into()],
                stage: Stage::Prospect,
                notes: "prefers WeChat".into(),
                ..CustomerDraft::named("bob  ma")
            },
            "2026-09-01T09:00:00+08:00",
        );
        other.custom.insert("region".into(), "north".into());
        other.custom.insert("wechat".into(), "bobma".into());
        other.last_contact_at = Some(at("2026-11-10T09:00:00+08:00"));
        let now = at("2026-11-22T09:00:00+08:00");

        let (merged, conflicts) = merge_customers(&keep, &other, now);
        assert_eq!(merged.id, CustomerId(3));
        assert_eq!(merged.name, "Bob Ma");
        assert_eq!(merged.emails, ["bob@acme.com", "bob@gmail.com"]);
        assert_eq!(merged.phones, ["13800138000", "139 1234 5678"]);
        assert_eq!(merged.tags, ["vip", "cn"]);
        assert_eq!(merged.title, "CTO", "a gap is filled");
        assert_eq!(merged.company, "Acme", "keep wins");
        assert_eq!(
            merged.custom.get("wechat").map(String::as_str),
            Some("bobma")
        );
        assert_eq!(
            merged.custom.get("region").map(String::as_str),
            Some("east")
        );
        assert_eq!(merged.notes, "met at the expo\n\nprefers WeChat");
        assert_eq!(merged.created_at, other.created_at, "the older card");
        assert_eq!(
            merged.last_contact_at, other.last_contact_at,
            "the latest contact"
        );
        assert_eq!(merged.updated_at, now);
        let listed: Vec<(String, &str, &str)> = conflicts
            .iter()
            .map(|c| (c.label(), c.kept.as_str(), c.dropped.as_str()))
            .collect();
        assert_eq!(
            listed,
            [
                ("company".to_string(), "Acme", "Acme Corp"),
                ("stage".to_string(), "lead", "prospect"),
                ("custom field \"region\"".to_string(), "east", "north"),
            ]
        );
    }

    #[test]
    fn the_same_card_twice_changes_nothing_but_the_time() {
        let keep = card(1, CustomerDraft::named("Ann"), "2026-10-01T09:00:00+08:00");
        let other = Customer {
            id: CustomerId(2),
            ..keep.clone()
        };
        let now = at("2026-11-22T09:00:00+08:00");
        let (merged, conflicts) = merge_customers(&keep, &other, now);
        assert!(conflicts.is_empty());
        assert_eq!(
            merged,
            Customer {
                updated_at: now,
                ..keep
            }
        );
    }
}
