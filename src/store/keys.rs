//! The index entries a record owns. Writes diff the old and new sets, so an
//! update touches only the index rows that changed.

use crate::domain::validate::{email_key, phone_key};
use crate::domain::{Case, Customer, Deal, Interaction, InteractionKind, Task};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};

/// Normalised text for exact, case- and spacing-insensitive lookup.
/// (One pass and one allocation for the common ASCII case: this runs for
/// every name and company of every imported row.)
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_ascii() {
        out.make_ascii_lowercase();
        out
    } else {
        out.to_lowercase()
    }
}

pub fn name_key(name: &str) -> String {
    format!("n:{}", fold(name))
}
pub fn company_key(company: &str) -> String {
    format!("c:{}", fold(company))
}
pub fn email_lookup_key(email: &str) -> String {
    format!("e:{}", email_key(email))
}
pub fn phone_lookup_key(phone: &str) -> String {
    format!("p:{}", phone_key(phone))
}

#[derive(Debug, PartialEq, Eq)]
pub struct CustomerKeys {
    pub lookup: Vec<String>,
    pub quiet: Option<i64>,
    pub last_touch: i64,
}

impl CustomerKeys {
    /// Parsing every phone (bulk writes, `rolo check`); a single write
    /// takes the phone keys from `phone_forms` instead.
    pub fn parsing(c: &Customer) -> CustomerKeys {
        let phones: Vec<String> = c.phones.iter().map(|p| phone_lookup_key(p)).collect();
        CustomerKeys::of(c, &phones)
    }

    /// `phone_keys`: the lookup keys (`p:…`) of `c.phones`.
    pub fn of(c: &Customer, phone_keys: &[String]) -> CustomerKeys {
        let mut lookup = vec![name_key(&c.name)];
        if !c.company.trim().is_empty() {
            lookup.push(company_key(&c.company));
        }
        lookup.extend(c.emails.iter().map(|e| email_lookup_key(e)));
        lookup.extend(phone_keys.iter().cloned());
        lookup.sort();
        lookup.dedup();
        CustomerKeys {
            lookup,
            quiet: c.quiet_from().map(|at| at.timestamp()),
            last_touch: c.last_contact_at.unwrap_or(c.created_at).timestamp(),
        }
    }
}

/// The search text row: name, company, first email.
pub fn search_text(c: &Customer) -> (&str, &str, &str) {
    (
        c.name.as_str(),
        c.company.as_str(),
        c.emails.first().map(String::as_str).unwrap_or(""),
    )
}

/// The open-task index key, if the task is open.
pub fn open_due_key(t: &Task) -> Option<i64> {
    t.is_open()
        .then(|| t.due.map_or(i64::MAX, |d| d.sort_key()))
}

/// The open-cases index key (opened at, in seconds) of a case not yet resolved.
pub fn open_case_key(c: &Case) -> Option<i64> {
    c.is_open().then(|| c.opened_at.timestamp())
}

/// A moment's own local day as a number (days from 0001-01-01): the
/// first half of the deal date index keys.
pub fn day_number(at: DateTime<FixedOffset>) -> i64 {
    i64::from(at.date_naive().num_days_from_ce())
}

/// A day as the same number, for range bounds.
pub fn day_key(day: NaiveDate) -> i64 {
    i64::from(day.num_days_from_ce())
}

/// The deal's entries in `idx_deal_created`, `idx_deal_closed` and
/// `idx_open_deals`.
pub fn deal_day_keys(d: &Deal) -> (i64, Option<i64>, Option<i64>) {
    let created = day_number(d.created_at);
    (
        created,
        d.closed_at.map(day_number),
        d.is_open().then_some(created),
    )
}

/// A customer's report groups (`idx_group_members` keys): its source
/// group and, when it has one, its campaign group, folded.
pub fn group_keys(source: &str, campaign: &str) -> Vec<String> {
    let mut keys = vec![format!(
        "s:{}",
        crate::domain::source_group(source).to_lowercase()
    )];
    keys.extend(crate::domain::campaign_group(campaign).map(|c| format!("c:{}", c.to_lowercase())));
    keys
}

/// A customer's `agg_group_days` keys: its creation day and each group.
pub fn group_day_keys(c: &Customer) -> Vec<String> {
    let day = c.created_at.date_naive().format("%Y-%m-%d");
    group_keys(&c.source, &c.campaign)
        .into_iter()
        .map(|g| format!("{day} {g}"))
        .collect()
}

/// An `agg_group_days` key read back: the day and the group.
pub fn parse_group_day_key(key: &str) -> Option<(NaiveDate, &str)> {
    let (day, group) = key.split_once(' ')?;
    Some((NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?, group))
}

/// An interaction's `agg_activity` key: its own local day, kind and
/// author, space-separated (day and kind hold no space; the author is
/// the rest, spaces and all).
pub fn activity_key(i: &Interaction) -> String {
    activity_key_of(i.at, i.kind, &i.author)
}

/// [`activity_key`] from the three fields it reads.
pub fn activity_key_of(at: DateTime<FixedOffset>, kind: InteractionKind, author: &str) -> String {
    format!(
        "{} {} {author}",
        at.date_naive().format("%Y-%m-%d"),
        kind.as_str()
    )
}

/// The first key of a day in `agg_activity` (ISO dates sort as text).
pub fn activity_day(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// An `agg_activity` key read back; `None` when it is not one.
pub fn parse_activity_key(key: &str) -> Option<(NaiveDate, InteractionKind, &str)> {
    let mut parts = key.splitn(3, ' ');
    let day = NaiveDate::parse_from_str(parts.next()?, "%Y-%m-%d").ok()?;
    let kind = parts.next()?;
    let kind = InteractionKind::ALL
        .into_iter()
        .find(|k| k.as_str() == kind)?;
    Some((day, kind, parts.next()?))
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn fold_collapses_spacing_and_case_in_any_script() {
        assert_eq!(fold("  Ann \t  LEE "), "ann lee");
        assert_eq!(fold("张 　伟"), "张 伟"); // an ideographic space too
        assert_eq!(fold("ÉCOLE Ǆ"), "école ǆ");
        assert_eq!(fold("   "), "");
    }
}
