//! Plain renderings of an [`Output`]: aligned text for a terminal and CSV
//! for a spreadsheet. (The TUI draws its own from the same data.)

use super::{Output, Table};
use crate::text::{pad, pad_left, sanitize, truncate, width};

/// Widest a text column grows before its cells end in `…`.
const MAX_COLUMN: usize = 32;

/// Title, headline, a blank line, the table, then notes.
pub fn text(out: &Output) -> String {
    let mut s = format!("{}\n", sanitize(&out.title));
    for line in &out.headline {
        s.push_str(&format!("{}\n", sanitize(line)));
    }
    s.push('\n');
    if out.table.rows.is_empty() {
        s.push_str("(nothing to show for this period)\n");
    } else {
        s.push_str(&table_text(&out.table));
    }
    if !out.notes.is_empty() {
        s.push('\n');
        for note in &out.notes {
            s.push_str(&format!("Note: {}\n", sanitize(note)));
        }
    }
    s
}

/// Columns as wide as their widest cell (text columns capped), numbers
/// right-aligned, CJK counted as two columns, two spaces between columns.
pub fn table_text(table: &Table) -> String {
    let n = table.headers.len();
    let numeric = |i: usize| table.numeric.get(i).copied().unwrap_or(false);
    let cap = |i: usize| if numeric(i) { usize::MAX } else { MAX_COLUMN };
    let mut widths: Vec<usize> = table.headers.iter().map(|h| width(h)).collect();
    for row in &table.rows {
        for (i, cell) in row.iter().enumerate().take(n) {
            widths[i] = widths[i].max(width(&sanitize(cell)).min(cap(i)));
        }
    }
    let mut out = String::new();
    let mut line = |cells: &[String]| {
        let parts: Vec<String> = (0..n)
            .map(|i| {
                let cell = sanitize(cells.get(i).map_or("", String::as_str)).into_owned();
                if numeric(i) {
                    pad_left(&cell, widths[i])
                } else if i + 1 == n {
                    truncate(&cell, cap(i))
                } else {
                    pad(&cell, widths[i])
                }
            })
            .collect();
        out.push_str(parts.join("  ").trim_end());
        out.push('\n');
    };
    line(&table.headers);
    for row in &table.rows {
        line(row);
    }
    out
}

/// The table as CSV, header row first. Cells a spreadsheet would run as a
/// formula (`=`, `+`, `-`, `@` first) are quoted with a leading `'`, except
/// plain negative numbers.
pub fn csv(table: &Table) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&table.headers)?;
    for row in &table.rows {
        w.write_record(row.iter().map(|c| defuse(c)))?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn defuse(cell: &str) -> String {
    let risky = cell.starts_with(['=', '+', '@', '\t', '\r'])
        || (cell.starts_with('-') && cell[1..].parse::<f64>().is_err());
    if risky {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}
