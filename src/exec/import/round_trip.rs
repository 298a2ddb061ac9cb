//! Issue 13 item 1: `rolo export --format csv` → `rolo import` into an
//! empty book gives back the customers — names (CJK too), emails, phones,
//! tags, stages, custom fields and the other text fields the CSV holds —
//! over generated books, as the JSON export's property tests do.

use super::{Options, import};
use crate::domain::{Channel, Customer, CustomerDraft, CustomerId, validate};
use crate::interchange::export::props;
use crate::interchange::export::write_csv;
use crate::store::{Reads, Store, fold};
use chrono::{DateTime, FixedOffset};
use proptest::collection::vec;
use proptest::prelude::*;
use std::collections::HashSet;

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-22T09:00:00+08:00").expect("valid")
}

/// A customer as rolo stores it: through the same validation as `rolo add`.
fn stored(c: Customer) -> Option<Customer> {
    let draft = CustomerDraft {
        name: c.name,
        company: c.company,
        title: c.title,
        emails: c.emails,
        phones: c.phones,
        industry: c.industry,
        tags: c.tags,
        stage: c.stage,
        source: c.source,
        owner: c.owner,
        address: c.address,
        cadence: c.cadence,
        timezone: None,
        custom: c.custom,
        notes: c.notes,
        campaign: String::new(),
    }
    .validate()
    .ok()?;
    Some(draft.into_customer(CustomerId(0), now()))
}

/// A book whose customers are different people: no shared email, phone,
/// or name and company (those merge on import, as they should).
fn book() -> impl Strategy<Value = Vec<Customer>> {
    vec(props::customer(), 0..6).prop_map(|cs| {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for c in cs.into_iter().filter_map(stored) {
            let mut keys: Vec<String> = c
                .emails
                .iter()
                .map(|e| format!("e{}", validate::email_key(e)))
                .collect();
            keys.extend(
                c.phones
                    .iter()
                    .map(|p| format!("p{}", validate::phone_key(p))),
            );
            keys.push(format!("n{}\u{1}{}", fold(&c.name), fold(&c.company)));
            if keys.iter().all(|k| !seen.contains(k)) {
                seen.extend(keys);
                out.push(c);
            }
        }
        for (i, c) in out.iter_mut().enumerate() {
            c.id = CustomerId(i as u64 + 1);
        }
        out
    })
}

/// The fields a CSV export carries, to compare. Import trims every cell
/// and skips empty ones (docs/IMPORT.md), so whitespace around free text
/// and custom fields with no value are not compared.
fn fields(c: &Customer) -> impl PartialEq + std::fmt::Debug {
    let custom: std::collections::BTreeMap<String, String> = c
        .custom
        .iter()
        .map(|(k, v)| (k.clone(), v.trim().to_string()))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let t = |s: &str| s.trim().to_string();
    (
        (t(&c.name), t(&c.company), t(&c.title)),
        (c.emails.clone(), c.phones.clone(), c.tags.clone()),
        (t(&c.industry), c.stage, t(&c.source), t(&c.owner)),
        (t(&c.address), c.cadence, custom, t(&c.notes)),
    )
}

proptest! {
    // Each case writes a database: few cases, still a second or two.
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn csv_export_then_import_gives_back_the_customers(
        customers in book(),
        excel in any::<bool>(),
    ) {
        let mut bytes = Vec::new();
        write_csv(&mut bytes, &customers, excel).expect("writes to memory");
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::new(dir.path().join("rolo.redb"), Channel::Import);
        if customers.is_empty() {
            // Just the header: nothing to import, nothing written.
            let _ = import(&store, &bytes, &Options::default(), now());
            return Ok(());
        }
        let report = import(&store, &bytes, &Options::default(), now())
            .map_err(|e| TestCaseError::fail(format!("{e}\n{}", String::from_utf8_lossy(&bytes))))?;
        prop_assert_eq!(report.created, customers.len(), "{:?}", report);
        for want in &customers {
            let got = store
                .read(|r| r.get_customer(want.id))
                .expect("imported in file order");
            prop_assert_eq!(fields(&got), fields(want), "{}", String::from_utf8_lossy(&bytes));
        }
    }
}
