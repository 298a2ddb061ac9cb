//! Import and export of the files salespeople already have (issue 4):
//! Excel CSV exports (often GBK), UTF-16 "Unicode text", vCards, JSON.
//!
//! - `decode`: bytes → text (BOM, UTF-16 with or without BOM, UTF-8, else GB18030)
//! - `table`: text → records with their physical line numbers (CSV/TSV/semicolon)
//! - `mapping`: headers → fields (Salesforce, HubSpot, Google, Outlook, Chinese CRM sheets)
//! - `vcard`: vCard 2.1/3.0/4.0 files → customer drafts, each card with its line
//! - `export`: customers, interactions and tasks → JSON, JSONL, CSV, vCard, ICS
//!
//! Pure modules; the CLI and the store do the I/O around them.

pub mod decode;
pub mod export;
pub mod mapping;
pub mod table;
pub mod vcard;

use std::collections::{BTreeMap, HashMap};

/// The most cells rolo reads in one row of a sheet: Excel's and
/// LibreOffice's sheets end at 16,384 columns (XFD), so no real export is
/// wider. A wider header row refuses the file; a wider data row is a bad
/// row.
pub const MAX_COLUMNS: usize = 16_384;

/// The most bytes of one cell or one vCard property value: 1 MiB holds a
/// few hundred pages of notes. Anything bigger is a bad row (a bad header
/// refuses the file): usually an unterminated quote that swallowed the rest
/// of the file, or not a contact list at all.
pub const MAX_CELL_BYTES: usize = 1 << 20;

/// The most properties (content lines) of one vCard: a real card has a few
/// dozen, a phone's richest a few hundred.
pub const MAX_CARD_PROPERTIES: usize = 10_000;

/// `12,345` — figures in messages about limits.
pub(crate) fn grouped(n: usize) -> String {
    crate::text::grouped(n as u64)
}

/// Custom fields being collected for one record: a name given again keeps
/// both values, the second as `name (2)`, the third `name (3)`… Each name's
/// next number is remembered, so a row of 16,384 columns all called `x`
/// costs one probe each rather than one per column before it.
#[derive(Default)]
pub(crate) struct UniqueKeys {
    next: HashMap<String, usize>,
    /// Lookups made for names already taken: the work done, for tests.
    probes: usize,
}

impl UniqueKeys {
    pub(crate) fn insert(&mut self, map: &mut BTreeMap<String, String>, name: &str, value: &str) {
        if !map.contains_key(name) {
            map.insert(name.to_string(), value.to_string());
            return;
        }
        let n = self.next.entry(name.to_string()).or_insert(2);
        // A header literally called `x (2)` can still be in the way.
        let mut key = format!("{name} ({n})");
        self.probes += 1;
        while map.contains_key(&key) {
            *n += 1;
            key = format!("{name} ({n})");
            self.probes += 1;
        }
        *n += 1;
        map.insert(key, value.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_names_are_numbered_in_one_probe_each() {
        let mut map = BTreeMap::new();
        let mut keys = UniqueKeys::default();
        keys.insert(&mut map, "x (2)", "literal");
        for v in ["a", "b", "c"] {
            keys.insert(&mut map, "x", v);
        }
        let got: Vec<(&str, &str)> = map.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            got,
            [
                ("x", "a"),
                ("x (2)", "literal"),
                ("x (3)", "b"),
                ("x (4)", "c")
            ]
        );
        assert_eq!(grouped(1_000_000), "1,000,000");
        assert_eq!(grouped(16_384), "16,384");
        assert_eq!(grouped(999), "999");
    }

    /// 20,000 values under one name: one lookup each (numbering each from
    /// 2 again, as before, took 200 million).
    #[test]
    fn numbering_a_repeated_name_is_linear() {
        let mut map = BTreeMap::new();
        let mut keys = UniqueKeys::default();
        let n = 20_000;
        for i in 0..n {
            keys.insert(&mut map, "x", &i.to_string());
        }
        assert_eq!(map.len(), n);
        assert_eq!(map.get("x (20000)").map(String::as_str), Some("19999"));
        assert_eq!(keys.probes, n - 1);
    }
}
