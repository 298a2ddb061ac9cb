//! Customers, interactions, tasks, deals, cases and campaigns → JSON, JSONL,
//! CSV, vCard 3.0 and ICS.
//!
//! Pure writers (and the JSON/JSONL readers an importer needs to restore a
//! full-fidelity export): they take the data and a `Write`, never a store or
//! a path. The CLI picks the records (`--customer`), opens `--out` and calls
//! one of these.
//!
//! - [`write_jsonl`] / [`read_jsonl`]: one tagged object per line, streaming.
//! - [`write_json`] / [`read_json`]: one object with three arrays.
//! - [`write_csv`]: customers as a spreadsheet, formula-injection safe.
//! - [`write_deals_csv`] / [`write_cases_csv`]: deals and service cases, the same way.
//! - [`write_vcard`]: customers as vCard 3.0 for phones and address books.
//! - [`write_ics`]: open tasks as VTODOs for calendar apps.
//!
//! Each also comes one record at a time ([`JsonlWriter`], [`JsonWriter`],
//! [`CsvWriter`], [`write_vcard_card`], [`IcsWriter`]), and `stream_*`
//! write a whole [`Source`] through them: `rolo export` streams the whole
//! database from a store snapshot without holding it in memory.

mod fold;
mod ics;
mod json;
mod ledger;
mod sheet;
mod stream;
mod vcard;

pub use ics::{IcsWriter, write_ics};
pub use json::{
    Bundle, FORMAT_VERSION, JsonWriter, JsonlWriter, RecordWriter, read_json, read_jsonl,
    write_bundle_json, write_bundle_jsonl, write_json, write_jsonl,
};
pub use ledger::{CASE_COLUMNS, DEAL_COLUMNS, write_cases_csv, write_deals_csv};
pub use sheet::{
    CSV_FIXED_COLUMNS, CsvWriter, add_custom_keys, csv_custom_keys, custom_column, escape_formula,
    write_csv,
};
pub use stream::{Source, stream_csv, stream_ics, stream_json, stream_jsonl, stream_vcard};
pub use vcard::{
    NameParts, card_uid, name_parts, restore_rolo_properties, split_name, write_vcard,
    write_vcard_card, write_vcard_of,
};

use thiserror::Error;

#[derive(Debug, Error)]
pub enum ExportError {
    #[error("could not write the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("could not write the export: {0}")]
    Json(#[from] serde_json::Error),
    #[error("could not write the CSV export: {0}")]
    Csv(#[from] csv::Error),
    /// A JSON export given a record after the array of its kind was closed.
    #[error(
        "could not write the export: {kind} after {after} \
         (the arrays go customers, interactions, tasks, deals, cases, campaigns)"
    )]
    Order {
        kind: &'static str,
        after: &'static str,
    },
    /// A rolo JSON/JSONL export that does not read back.
    #[error("line {line}: {message}")]
    Parse { line: usize, message: String },
}

impl crate::fault::Blamed for ExportError {
    fn blame(&self) -> crate::fault::Blame {
        use crate::fault::Blame;
        match self {
            ExportError::Parse { .. } => Blame::Input,
            ExportError::Io(_)
            | ExportError::Json(_)
            | ExportError::Csv(_)
            | ExportError::Order { .. } => Blame::Failure,
        }
    }
}

#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
pub(crate) mod props;
#[cfg(test)]
mod tests;
