//! Human output: aligned columns that respect CJK display width; and JSON.

use super::Result;
use crate::text::{pad, pad_left, sanitize, sanitize_lines, truncate, width};
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

/// A diagnostic on stderr (a warning, a note), by the same rule as
/// [`print`]: paths and ids in it may hold anything.
pub fn note(text: &str) {
    eprint!("{}", sanitize_lines(text));
}

/// Human output: text from users or files has its control characters
/// made visible on the way out, whatever built it (`text::sanitize_lines`).
pub fn print(text: &str) -> Result<()> {
    write_stdout(&sanitize_lines(text))
}

/// Lines made of pieces, the marked ones highlighted (bold and reversed)
/// when `styled`. Every piece goes through [`sanitize`] first, so the only
/// escapes written are the highlight's own.
pub fn print_marked(lines: &[Vec<(String, bool)>], styled: bool) -> Result<()> {
    write_stdout(&marked(lines, styled))
}

fn marked(lines: &[Vec<(String, bool)>], styled: bool) -> String {
    let mut out = String::new();
    for line in lines {
        for (piece, mark) in line {
            let piece = sanitize(piece);
            if *mark && styled {
                out.push_str(HIGHLIGHT);
                out.push_str(&piece);
                out.push_str(HIGHLIGHT_OFF);
            } else {
                out.push_str(&piece);
            }
        }
        out.push('\n');
    }
    out
}

/// Bold and reversed: visible on any terminal, in any theme.
pub const HIGHLIGHT: &str = "\x1b[1;7m";
pub const HIGHLIGHT_OFF: &str = "\x1b[22;27m";

/// JSON output keeps every string exact: serde escapes the C0 controls,
/// and [`json_safe`] the rest a terminal could act on, as JSON escapes.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    write_stdout(&json_safe(&text))
}

/// JSON text with DEL, the C1 controls and the bidirectional controls
/// written as `\u009b`-style escapes, which mean the same to a JSON reader
/// but nothing to a terminal. Outside strings JSON is ASCII, so every such
/// character is inside a string; the line breaks between lines stay.
pub fn json_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| crate::text::is_unsafe(c) && c != '\n';
    if !text.chars().any(unsafe_char) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// Data meant for files and pipes (a report as CSV): exact, unless stdout
/// is a terminal, where it is shown like any human output.
pub fn print_data(text: &str) -> Result<()> {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        print(text)
    } else {
        write_stdout(text)
    }
}

/// A writer for data shown on a terminal (an export without `--out`):
/// what passes through has its control characters made visible, as
/// [`sanitize_lines`] does, however the writes split it.
pub struct Escaping<W: Write> {
    inner: W,
    /// JSON (escapes in JSON's own form) rather than text.
    json: bool,
    /// The unfinished end of the last write: part of a UTF-8 sequence, or
    /// a CR that may turn out to start a CR LF.
    pending: Vec<u8>,
}

impl<W: Write> Escaping<W> {
    pub fn new(inner: W) -> Escaping<W> {
        Escaping {
            inner,
            json: false,
            pending: Vec::new(),
        }
    }

    /// For JSON and JSONL, which stay valid JSON with the same strings
    /// (see [`json_safe`]).
    pub fn json(inner: W) -> Escaping<W> {
        Escaping {
            json: true,
            ..Escaping::new(inner)
        }
    }

    /// Escape and pass on what is pending; at the end (`last`), also an
    /// unfinished sequence or a lone CR.
    fn drain(&mut self, last: bool) -> std::io::Result<()> {
        let mut out = String::with_capacity(self.pending.len() + 16);
        let mut at = 0;
        while at < self.pending.len() {
            let rest = &self.pending[at..];
            let (good, bad) = match std::str::from_utf8(rest) {
                Ok(_) => (rest.len(), None),
                Err(e) => (e.valid_up_to(), e.error_len()),
            };
            // `good` bytes are valid UTF-8 by construction.
            let text = std::str::from_utf8(&rest[..good]).unwrap_or("");
            let keep_cr = !last && bad.is_none() && good == rest.len() && text.ends_with('\r');
            let text = if keep_cr {
                &text[..text.len() - 1]
            } else {
                text
            };
            if self.json {
                out.push_str(&json_safe(text));
            } else {
                out.push_str(&sanitize_lines(text));
            }
            at += text.len();
            match bad {
                Some(n) => {
                    for b in &self.pending[at..at + n] {
                        out.push_str(&format!("\\x{b:02x}"));
                    }
                    at += n;
                }
                None if last => {
                    for b in &self.pending[at..] {
                        out.push_str(&format!("\\x{b:02x}"));
                    }
                    at = self.pending.len();
                }
                None => break,
            }
        }
        self.pending.drain(..at);
        self.inner.write_all(out.as_bytes())
    }
}

impl<W: Write> Write for Escaping<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        self.drain(false)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.drain(true)?;
        self.inner.flush()
    }
}

fn write_stdout(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// `  label     value` lines, as `rolo interaction show` and `rolo task
/// show` write a record ([`crate::exec::shown`]).
pub fn push_fields(out: &mut String, fields: &[(&str, String)]) {
    for (label, value) in fields {
        out.push_str(&format!("  {label:<10}{value}\n"));
    }
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
    fn escaping_writer_makes_controls_visible_however_writes_split() {
        let text = "Ann \x1b[31mLee\x1b[0m,\"a\r\nb\"\r\n\u{9b}2J \u{202e}x\r王\n";
        let want = sanitize_lines(text).into_owned();
        assert_eq!(
            want,
            "Ann \\x1b[31mLee\\x1b[0m,\"a\r\nb\"\r\n\\u{9b}2J \\u{202e}x\\x0d王\n"
        );
        let bytes = text.as_bytes();
        // Every split point, CR LF and multi-byte characters included.
        for cut in 0..=bytes.len() {
            let mut w = Escaping::new(Vec::new());
            w.write_all(&bytes[..cut]).expect("write");
            w.write_all(&bytes[cut..]).expect("write");
            w.flush().expect("flush");
            assert_eq!(
                String::from_utf8(w.inner).expect("utf-8"),
                want,
                "cut at {cut}"
            );
        }
        // Bytes that are not UTF-8 are shown as bytes.
        let mut w = Escaping::new(Vec::new());
        w.write_all(b"a\xffb\xe7").expect("write");
        w.flush().expect("flush");
        assert_eq!(String::from_utf8(w.inner).expect("utf-8"), "a\\xffb\\xe7");
    }

    #[test]
    fn json_keeps_its_strings_and_hides_controls_from_the_terminal() {
        let value = serde_json::json!({"name": "a\u{1b}[2J\u{7f}\u{9b}x\u{202e}y\n"});
        let text = json_safe(&serde_json::to_string_pretty(&value).expect("json")).into_owned();
        assert_eq!(
            text,
            "{\n  \"name\": \"a\\u001b[2J\\u007f\\u009bx\\u202ey\\n\"\n}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(back, value);
        let mut w = Escaping::json(Vec::new());
        w.write_all("{\"a\":\"\u{9b}\"}\n".as_bytes())
            .expect("write");
        w.flush().expect("flush");
        assert_eq!(
            String::from_utf8(w.inner).expect("utf-8"),
            "{\"a\":\"\\u009b\"}\n"
        );
    }

    #[test]
    fn marked_pieces_are_highlighted_only_when_styled_and_always_made_safe() {
        let lines = vec![vec![
            ("a\x1b[2J ".to_string(), false),
            ("price".to_string(), true),
        ]];
        assert_eq!(marked(&lines, false), "a\\x1b[2J price\n");
        assert_eq!(
            marked(&lines, true),
            format!("a\\x1b[2J {HIGHLIGHT}price{HIGHLIGHT_OFF}\n")
        );
    }

    #[test]
    fn caps_truncate_with_ellipsis() {
        let mut t = Table::new(&["NAME", "NOTE"]).cap(0, 6);
        t.row(vec!["上海华信科技有限公司".into(), "x".into()]);
        assert!(t.render().contains("上海…"), "{}", t.render());
    }
}
