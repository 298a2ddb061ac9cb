//! Human output: aligned columns that respect CJK display width; and JSON.

use super::Result;
use crate::text::{pad, pad_left, sanitize, truncate, width};
use serde::Serialize;
use std::io::Write;

/// A plain-text table. Columns are as wide as their widest cell (capped),
/// a left-aligned last column is never padded, and control characters are
/// neutralised. Right-aligned columns (amounts, counts) align their header
/// too.
pub struct Table {
    headers: Vec<&'static str>,
    caps: Vec<usize>,
    right: Vec<bool>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: &[&'static str]) -> Table {
        Table {
            headers: headers.to_vec(),
            caps: vec![usize::MAX; headers.len()],
            right: vec![false; headers.len()],
            rows: Vec::new(),
        }
    }

    /// Cap a column's width; longer cells end in `…`.
    pub fn cap(mut self, column: usize, cols: usize) -> Table {
        if let Some(c) = self.caps.get_mut(column) {
            *c = cols;
        }
        self
    }

    /// Right-align a column, header included, by display width.
    pub fn right(mut self, column: usize) -> Table {
        if let Some(r) = self.right.get_mut(column) {
            *r = true;
        }
        self
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn render(&self) -> String {
        let n = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| width(h)).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate().take(n) {
                widths[i] = widths[i].max(width(&sanitize(cell)).min(self.caps[i]));
            }
        }
        let mut out = String::new();
        let mut line = |cells: Vec<String>| {
            let last = cells.len().saturating_sub(1);
            let parts: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let c = sanitize(c);
                    if self.right[i] {
                        pad_left(&c, widths[i])
                    } else if i == last {
                        truncate(&c, self.caps[i])
                    } else {
                        pad(&c, widths[i])
                    }
                })
                .collect();
            out.push_str(parts.join("  ").trim_end());
            out.push('\n');
        };
        line(self.headers.iter().map(|h| h.to_string()).collect());
        for row in &self.rows {
            line(row.clone());
        }
        out
    }
}

pub fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    print(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_columns_line_up() {
        let mut t = Table::new(&["ID", "NAME", "COMPANY"]);
        t.row(vec!["#1".into(), "王芳".into(), "华信科技".into()]);
        t.row(vec!["#22".into(), "Ann Lee".into(), "Acme".into()]);
        let text = t.render();
        let lines: Vec<&str> = text.lines().collect();
        let starts: Vec<usize> = lines
            .iter()
            .zip(["COMPANY", "华信科技", "Acme"])
            .map(|(l, cell)| width(&l[..l.find(cell).unwrap_or(0)]))
            .collect();
        assert_eq!(starts, vec![14, 14, 14], "{text}");
        assert!(lines[1].starts_with("#1   王芳     华信科技"), "{text}");
    }

    #[test]
    fn right_columns_align_their_ends_headers_included() {
        let mut t = Table::new(&["NAME", "AMOUNT", "NOTE", "N"])
            .right(1)
            .right(3);
        t.row(vec![
            "王芳".into(),
            "50,000 元".into(),
            "x".into(),
            "7".into(),
        ]);
        t.row(vec![
            "Ann Lee".into(),
            "5 元".into(),
            "long".into(),
            "12".into(),
        ]);
        assert_eq!(
            t.render(),
            "NAME        AMOUNT  NOTE   N\n\
             王芳     50,000 元  x      7\n\
             Ann Lee       5 元  long  12\n"
        );
        // A cap applies before the alignment.
        let mut t = Table::new(&["N", "WHO"]).right(0).cap(0, 4);
        t.row(vec!["123456".into(), "a".into()]);
        t.row(vec!["12".into(), "b".into()]);
        assert_eq!(t.render(), "   N  WHO\n123…  a\n  12  b\n");
    }

    #[test]
    fn caps_truncate_with_ellipsis() {
        let mut t = Table::new(&["NAME", "NOTE"]).cap(0, 6);
        t.row(vec!["上海华信科技有限公司".into(), "x".into()]);
        assert!(t.render().contains("上海…"), "{}", t.render());
    }
}
