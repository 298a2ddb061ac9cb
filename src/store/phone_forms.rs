//! What libphonenumber made of each phone when it was written
//! (`PHONE_FORMS`: typed → key, shown form). The first Chinese number a
//! process parses costs ~20 ms (China's metadata is built and its patterns
//! compiled), so a write that leaves the phones alone — `rolo log` touches
//! the customer — and a card being read take both from here instead.
//!
//! A row lives as long as some customer has a number with its key: rows
//! are added when a phone is written and forgotten when no customer keeps
//! one like it, so an erased customer's phones leave with them. The rows
//! are a cache of a pure function of the typed text and the file's
//! `phone_region`; `rolo check` recomputes them, and a region change
//! rebuilds them with the keys (`phone_keys`).

use super::error::Result;
use crate::domain::phone;
use redb::{ReadableTable, Table};

pub(super) type Forms<'t> = Table<'t, &'static str, (&'static str, &'static str)>;
pub(super) type Lookup<'t> = Table<'t, (&'static str, u64), ()>;

/// The lookup key (`p:…`) of a phone, parsing it only if it is not known.
pub(super) fn key(forms: &mut Forms, typed: &str) -> Result<String> {
    if let Some(row) = forms.get(typed)? {
        return Ok(format!("p:{}", row.value().0));
    }
    let read = phone::Forms::of(typed);
    forms.insert(typed, (read.key.as_str(), read.shown.as_str()))?;
    Ok(format!("p:{}", read.key))
}

/// Drop the rows of `typed` phones whose key no customer has any more,
/// however each was typed (call after the lookup index is updated).
pub(super) fn forget<'a>(
    forms: &mut Forms,
    lookup: &Lookup,
    typed: impl IntoIterator<Item = &'a String>,
) -> Result<()> {
    for p in typed {
        let Some(key) = forms.get(p.as_str())?.map(|row| row.value().0.to_string()) else {
            continue;
        };
        let k = format!("p:{key}");
        if lookup
            .range((k.as_str(), 0)..=(k.as_str(), u64::MAX))?
            .next()
            .is_none()
        {
            // Every spelling of the number: `138 0013 8000` and
            // `+86 138-0013-8000` are the same person's phone.
            forms.retain(|_, (row_key, _)| row_key != key)?;
        }
    }
    Ok(())
}

/// The row a phone should have: (typed, key, shown). Pure; for bulk
/// writes and the region rebuild.
pub(super) fn row(typed: &str) -> (String, String, String) {
    let read = phone::Forms::of(typed);
    (typed.to_string(), read.key, read.shown)
}
