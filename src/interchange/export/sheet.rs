//! Customers as CSV for spreadsheets.
//!
//! UTF-8 always. `excel` adds the byte-order mark Excel needs to read
//! UTF-8 (without it Chinese text opens as mojibake) and CRLF line ends.
//!
//! Formula injection (OWASP "CSV Injection"): a cell starting with `=`,
//! `+`, `-`, `@`, tab or carriage return is prefixed with `'`, so a
//! spreadsheet shows it as text instead of evaluating it. This also
//! prefixes phone numbers such as `+86 138…`; that is deliberate and what
//! OWASP recommends — Excel then shows them as text, which is also what
//! keeps their leading `+` and zeros intact. The guard is in every CSV
//! (plain CSVs are opened in spreadsheets too), and `rolo import` removes
//! it: a cell starting with `'` is prefixed too, so removing one `'` before
//! those characters is exact (docs/IMPORT.md, "Round trips").

use super::ExportError;
use crate::domain::Customer;
use std::collections::BTreeSet;
use std::io::Write;

/// The fixed columns before the custom-field columns; `notes` comes last.
pub const CSV_FIXED_COLUMNS: [&str; 15] = [
    "id",
    "name",
    "company",
    "title",
    "emails",
    "phones",
    "industry",
    "tags",
    "stage",
    "source",
    "owner",
    "address",
    "cadence",
    "last_contact_at",
    "created_at",
];

/// How list fields (emails, phones, tags) are joined in one cell.
const LIST_SEPARATOR: &str = "; ";

/// Prefix `'` to a cell a spreadsheet would treat as a formula, and to a
/// cell that already starts with `'`, so that import (which removes a `'`
/// before exactly these, see [`crate::interchange::mapping::unguard`]) gives
/// back what was written.
pub fn escape_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The column header of custom field `key`: the key itself when import
/// reads that header as the same custom field, else `custom:KEY` (a key
/// such as `Email` or `phones` would otherwise come back as a field).
pub fn custom_column(key: &str) -> std::borrow::Cow<'_, str> {
    use crate::interchange::mapping::{CUSTOM_PREFIX, reads_as_custom};
    if reads_as_custom(key) {
        std::borrow::Cow::Borrowed(key)
    } else {
        std::borrow::Cow::Owned(format!("{CUSTOM_PREFIX}{key}"))
    }
}

/// The custom-field keys across `customers`, sorted: one CSV column each.
pub fn csv_custom_keys<'a>(customers: impl IntoIterator<Item = &'a Customer>) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for c in customers {
        add_custom_keys(&mut keys, c);
    }
    keys
}

/// Add one customer's custom-field keys to `keys` (for callers that see
/// customers one at a time).
pub fn add_custom_keys(keys: &mut BTreeSet<String>, c: &Customer) {
    for key in c.custom.keys() {
        if !keys.contains(key) {
            keys.insert(key.clone());
        }
    }
}

/// A CSV export written one customer at a time. The columns must be known
/// before the first row, so the caller finds the custom-field keys first
/// ([`csv_custom_keys`] / [`add_custom_keys`]), then writes the rows.
pub struct CsvWriter<W: Write> {
    writer: csv::Writer<W>,
    custom_keys: Vec<String>,
}

impl<W: Write> CsvWriter<W> {
    /// Write the BOM (`excel`) and the header: the fixed columns, one
    /// column per custom-field key (in the order given), then notes.
    pub fn new(
        mut out: W,
        custom_keys: impl IntoIterator<Item = String>,
        excel: bool,
    ) -> Result<Self, ExportError> {
        if excel {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let terminator = if excel {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        };
        let mut writer = csv::WriterBuilder::new()
            .terminator(terminator)
            .from_writer(out);
        let custom_keys: Vec<String> = custom_keys.into_iter().collect();
        let header = CSV_FIXED_COLUMNS
            .iter()
            .copied()
            .map(std::borrow::Cow::Borrowed)
            .chain(custom_keys.iter().map(|k| custom_column(k)))
            .chain(std::iter::once(std::borrow::Cow::Borrowed("notes")));
        let header: Vec<String> = header.map(|h| escape_formula(&h).into_owned()).collect();
        writer.write_record(header.iter().map(|cell| cell.as_bytes()))?;
        Ok(CsvWriter {
            writer,
            custom_keys,
        })
    }

    /// One row. A custom field whose key is not a column is left out.
    pub fn customer(&mut self, c: &Customer) -> Result<(), ExportError> {
        let time = |t: &chrono::DateTime<chrono::FixedOffset>| t.to_rfc3339();
        let fixed = [
            c.id.0.to_string(),
            c.name.clone(),
            c.company.clone(),
            c.title.clone(),
            c.emails.join(LIST_SEPARATOR),
            c.phones.join(LIST_SEPARATOR),
            c.industry.clone(),
            c.tags.join(LIST_SEPARATOR),
            c.stage.as_str().to_string(),
            c.source.clone(),
            c.owner.clone(),
            c.address.clone(),
            c.cadence.map(|d| d.to_string()).unwrap_or_default(),
            c.last_contact_at.as_ref().map(time).unwrap_or_default(),
            time(&c.created_at),
        ];
        let custom = self
            .custom_keys
            .iter()
            .map(|k| c.custom.get(k).cloned().unwrap_or_default());
        let row: Vec<String> = fixed
            .into_iter()
            .chain(custom)
            .chain(std::iter::once(c.notes.clone()))
            .collect();
        let row: Vec<_> = row.iter().map(|cell| escape_formula(cell)).collect();
        self.writer
            .write_record(row.iter().map(|cell| cell.as_bytes()))?;
        Ok(())
    }

    /// Flush, and hand the output back.
    pub fn finish(self) -> Result<W, ExportError> {
        self.writer
            .into_inner()
            .map_err(|e| ExportError::Io(e.into_error()))
            .and_then(|mut out| {
                out.flush()?;
                Ok(out)
            })
    }
}

/// Write customers as CSV: the fixed columns, then one column per custom
/// field key found across all customers (sorted), then notes.
pub fn write_csv(
    out: &mut dyn Write,
    customers: &[Customer],
    excel: bool,
) -> Result<(), ExportError> {
    let mut writer = CsvWriter::new(out, csv_custom_keys(customers), excel)?;
    for c in customers {
        writer.customer(c)?;
    }
    writer.finish()?;
    Ok(())
}
