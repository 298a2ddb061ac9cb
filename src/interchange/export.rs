//! Customers, interactions and tasks → JSON, JSONL, CSV, vCard 3.0 and ICS.
//!
//! Pure writers (and the JSON/JSONL readers an importer needs to restore a
//! full-fidelity export): they take the data and a `Write`, never a store or
//! a path. The CLI picks the records (`--customer`), opens `--out` and calls
//! one of these.
//!
//! - [`write_jsonl`] / [`read_jsonl`]: one tagged object per line, streaming.
//! - [`write_json`] / [`read_json`]: one object with three arrays.
//! - [`write_csv`]: customers as a spreadsheet, formula-injection safe.
//! - [`write_vcard`]: customers as vCard 3.0 for phones and address books.
//! - [`write_ics`]: open tasks as VTODOs for calendar apps.

mod fold;
mod ics;
mod json;
mod sheet;
mod vcard;

pub use ics::write_ics;
pub use json::{
    Bundle, FORMAT_VERSION, read_json, read_jsonl, write_bundle_json, write_bundle_jsonl,
    write_json, write_jsonl,
};
pub use sheet::{CSV_FIXED_COLUMNS, escape_formula, write_csv};
pub use vcard::{split_name, write_vcard};

use thiserror::Error;

#[derive(Debug, Error)]
pub enum ExportError {
    #[error("could not write the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("could not write the export: {0}")]
    Json(#[from] serde_json::Error),
    #[error("could not write the CSV export: {0}")]
    Csv(#[from] csv::Error),
    /// A rolo JSON/JSONL export that does not read back.
    #[error("line {line}: {message}")]
    Parse { line: usize, message: String },
}

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod tests;
