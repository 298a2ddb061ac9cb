//! Deals and service cases as CSV, one row each, for a spreadsheet.
//!
//! The same conventions as the customer CSV (see `sheet`): UTF-8, `excel`
//! adds the byte-order mark and CRLF, and every cell a spreadsheet would
//! evaluate is prefixed with `'`. Amounts are plain decimals in major units
//! (`50000.00`) with the currency in its own column, so a spreadsheet can
//! add them up; times are RFC 3339 as in the other exports.

use super::{ExportError, escape_formula};
use crate::domain::{Case, CustomerId, Deal};
use chrono::{DateTime, FixedOffset};
use std::io::Write;

pub const DEAL_COLUMNS: [&str; 16] = [
    "id",
    "customer_id",
    "customer",
    "title",
    "amount",
    "currency",
    "stage",
    "probability",
    "weighted",
    "status",
    "expected_close",
    "created_at",
    "closed_at",
    "reason",
    "owner",
    "stages",
];

pub const CASE_COLUMNS: [&str; 14] = [
    "id",
    "customer_id",
    "customer",
    "kind",
    "title",
    "status",
    "priority",
    "opened_at",
    "first_response_at",
    "resolved_at",
    "response_hours",
    "resolution_hours",
    "resolution",
    "owner",
];

/// Write deals as CSV; `name` gives each customer's name (empty if unknown).
pub fn write_deals_csv(
    out: &mut dyn Write,
    deals: &[Deal],
    name: impl Fn(CustomerId) -> String,
    excel: bool,
) -> Result<(), ExportError> {
    let mut sheet = Sheet::new(out, &DEAL_COLUMNS, excel)?;
    for d in deals {
        sheet.row(&[
            d.id.0.to_string(),
            d.customer.0.to_string(),
            name(d.customer),
            d.title.clone(),
            decimal(d.amount),
            d.currency.clone(),
            d.stage.clone(),
            d.probability.to_string(),
            decimal(d.weighted()),
            d.status.as_str().to_string(),
            d.expected_close
                .map(|day| day.to_string())
                .unwrap_or_default(),
            time(&d.created_at),
            d.closed_at.as_ref().map(time).unwrap_or_default(),
            d.reason.clone(),
            d.owner.clone(),
            d.history
                .iter()
                .map(|step| step.stage.as_str())
                .collect::<Vec<_>>()
                .join(" > "),
        ])?;
    }
    sheet.finish()
}

/// Write service cases as CSV; `name` gives each customer's name.
pub fn write_cases_csv(
    out: &mut dyn Write,
    cases: &[Case],
    name: impl Fn(CustomerId) -> String,
    excel: bool,
) -> Result<(), ExportError> {
    let mut sheet = Sheet::new(out, &CASE_COLUMNS, excel)?;
    let hours = |h: Option<f64>| h.map(|h| format!("{h:.1}")).unwrap_or_default();
    for c in cases {
        sheet.row(&[
            c.id.0.to_string(),
            c.customer.0.to_string(),
            name(c.customer),
            c.kind.as_str().to_string(),
            c.title.clone(),
            c.status.as_str().to_string(),
            c.priority.as_str().to_string(),
            time(&c.opened_at),
            c.first_response_at.as_ref().map(time).unwrap_or_default(),
            c.resolved_at.as_ref().map(time).unwrap_or_default(),
            hours(c.response_hours()),
            hours(c.resolution_hours()),
            c.resolution.clone(),
            c.owner.clone(),
        ])?;
    }
    sheet.finish()
}

fn time(t: &DateTime<FixedOffset>) -> String {
    t.to_rfc3339()
}

/// Minor units as a plain decimal: `5000000` → `50000.00`.
fn decimal(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// A CSV writer with the header written and every cell formula-escaped.
struct Sheet<'a> {
    writer: csv::Writer<&'a mut dyn Write>,
}

impl<'a> Sheet<'a> {
    fn new(out: &'a mut dyn Write, header: &[&str], excel: bool) -> Result<Self, ExportError> {
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
        writer.write_record(header)?;
        Ok(Sheet { writer })
    }

    fn row(&mut self, cells: &[String]) -> Result<(), ExportError> {
        let cells: Vec<_> = cells.iter().map(|c| escape_formula(c)).collect();
        self.writer
            .write_record(cells.iter().map(|c| c.as_bytes()))?;
        Ok(())
    }

    fn finish(self) -> Result<(), ExportError> {
        let out = self
            .writer
            .into_inner()
            .map_err(|e| ExportError::Io(e.into_error()))?;
        out.flush()?;
        Ok(())
    }
}
