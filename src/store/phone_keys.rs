//! Phone lookup keys (`p:…` in `idx_lookup`) depend on the region national
//! numbers are read in (`phone_region` in config.toml, process-wide in
//! `domain::phone`). The file records the region its keys were computed
//! in; a write transaction in a process with another region — or on a file
//! from before schema 3, whose keys assumed +86 for everything — rebuilds
//! every phone key and `phone_forms` row first, in the same transaction.
//! Records are never touched: what the user typed stays as typed.

use super::codec;
use super::error::Result;
use super::phone_forms;
use super::tables::{CUSTOMERS, IDX_LOOKUP, META, PHONE_FORMS, PHONE_REGION};
use crate::domain::Customer;
use crate::domain::phone::{self, Region};
use redb::{ReadableTable, WriteTransaction};

/// `meta.phone_region`'s value for a region.
pub(super) fn code(region: Region) -> u64 {
    match region {
        Region::Auto => 0,
        Region::Country(id) => id
            .as_ref()
            .bytes()
            .fold(0u64, |acc, b| (acc << 8) | u64::from(b)),
    }
}

/// The region a `meta.phone_region` value names (None: not one this build knows).
pub(super) fn region(code: u64) -> Option<Region> {
    if code == 0 {
        return Some(Region::Auto);
    }
    let bytes = [(code >> 8) as u8, code as u8];
    std::str::from_utf8(&bytes).ok()?.parse().ok()
}

/// Make the file's phone keys the process region's, rebuilding them if not.
pub(super) fn ensure(txn: &WriteTransaction) -> Result<()> {
    let want = code(phone::default_region());
    let have = txn.open_table(META)?.get(PHONE_REGION)?.map(|v| v.value());
    if have == Some(want) {
        return Ok(());
    }
    rebuild(txn)?;
    txn.open_table(META)?.insert(PHONE_REGION, want)?;
    Ok(())
}

fn rebuild(txn: &WriteTransaction) -> Result<()> {
    let mut idx = txn.open_table(IDX_LOOKUP)?;
    let old: Vec<(String, u64)> = idx
        .range(("p:", 0u64)..("p;", 0u64))?
        .map(|e| e.map(|(k, _)| (k.value().0.to_string(), k.value().1)))
        .collect::<std::result::Result<_, _>>()?;
    for (key, id) in &old {
        idx.remove((key.as_str(), *id))?;
    }
    let mut forms = txn.open_table(PHONE_FORMS)?;
    forms.retain(|_, _| false)?;
    let customers = txn.open_table(CUSTOMERS)?;
    for row in customers.iter()? {
        let (id, bytes) = row?;
        // A row that does not decode is `rolo check`'s to report; its
        // phones cannot be keyed either way.
        let Ok(c) = codec::decode::<Customer>("customer", id.value(), bytes.value()) else {
            continue;
        };
        for p in &c.phones {
            let (typed, key, shown) = phone_forms::row(p);
            idx.insert((format!("p:{key}").as_str(), id.value()), ())?;
            forms.insert(typed.as_str(), (key.as_str(), shown.as_str()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_codes_round_trip() {
        for r in ["auto", "CN", "US", "GB", "HK"] {
            let region: Region = r.parse().expect("region");
            assert_eq!(super::region(code(region)), Some(region), "{r}");
        }
        assert_eq!(code(Region::Auto), 0);
        assert_eq!(super::region(0xFFFF), None);
    }
}
