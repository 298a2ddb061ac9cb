//! libphonenumber's metadata, one calling code at a time.
//!
//! The `phonenumber` crate's own database checks the syntax of every
//! territory's patterns when it is first used: ~100 ms, paid by any
//! process that reads one phone (`rolo log` went from ~5 ms to 86 ms).
//! `build.rs` splits the same metadata by calling code instead, and a
//! process builds a [`Database`] only for the codes it meets: China ~7 ms,
//! the 25 North American regions ~8 ms, most codes under 2 ms, once each.
//! Everything here passes that database explicitly (`parse_with`,
//! `is_valid_with`, `format_with`): the crate's default one is never
//! touched.

use phonenumber::country::Id;
use phonenumber::metadata::{Database, loader};
use std::sync::{Arc, LazyLock, Mutex};

static TABLE_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/phone-metadata.bin"));

/// (calling code, its region ids, postcard of its `Vec<loader::Metadata>`).
type Entry = (u16, Vec<&'static str>, &'static [u8]);

static TABLE: LazyLock<Vec<Entry>> =
    LazyLock::new(|| postcard::from_bytes(TABLE_BYTES).unwrap_or_default());

/// The databases built so far, by calling code.
static BUILT: Mutex<Vec<(u16, Arc<Database>)>> = Mutex::new(Vec::new());

/// The metadata for one calling code (`86`, `1`), built on first use.
pub fn for_code(code: u16) -> Option<Arc<Database>> {
    let mut built = BUILT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((_, db)) = built.iter().find(|(c, _)| *c == code) {
        return Some(db.clone());
    }
    let (_, _, bytes) = TABLE.iter().find(|(c, _, _)| *c == code)?;
    let metas: Vec<loader::Metadata> = postcard::from_bytes(bytes).ok()?;
    let db = Arc::new(Database::from(metas).ok()?);
    built.push((code, db.clone()));
    Some(db)
}

/// The calling code of a region (`CN` → 86).
pub fn code_of(region: Id) -> Option<u16> {
    let id: &str = region.as_ref();
    TABLE
        .iter()
        .find(|(_, regions, _)| regions.contains(&id))
        .map(|(code, _, _)| *code)
}

/// The calling code an international number's digits (after `+` or `00`)
/// start with. Calling codes are a prefix code, so at most one of the
/// one-, two- and three-digit prefixes is one.
pub fn code_leading(digits: &str) -> Option<u16> {
    (1..=3.min(digits.len()))
        .filter_map(|n| digits.get(..n)?.parse::<u16>().ok())
        .find(|code| TABLE.iter().any(|(c, _, _)| c == code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_every_calling_code_and_region() {
        assert!(TABLE.len() > 200, "{} calling codes", TABLE.len());
        assert_eq!(code_of(Id::CN), Some(86));
        assert_eq!(code_of(Id::US), Some(1));
        assert_eq!(code_of(Id::CA), Some(1));
        assert_eq!(code_of(Id::HK), Some(852));
        assert_eq!(code_leading("8613800138000"), Some(86));
        assert_eq!(code_leading("17735559306"), Some(1));
        assert_eq!(code_leading("85221234567"), Some(852));
        assert_eq!(code_leading("442079460018"), Some(44));
        assert_eq!(code_leading(""), None);
    }

    #[test]
    fn a_code_is_built_once_and_knows_only_its_regions() {
        let db = for_code(86).expect("China");
        assert!(Arc::ptr_eq(&db, &for_code(86).expect("again")));
        assert!(db.by_id("CN").is_some());
        assert!(db.by_id("US").is_none());
        assert!(for_code(999).is_none(), "not a calling code");
    }
}
