//! Content-line helpers shared by vCard 3.0 (RFC 2426/2425) and
//! iCalendar (RFC 5545): text escaping and 75-octet line folding.

use std::io::{self, Write};

/// The longest a physical line may be, in octets, not counting CRLF.
pub const MAX_OCTETS: usize = 75;

/// Escape a TEXT value: `\` `,` `;` and line breaks (`\r\n`, `\n`, `\r`
/// all become `\n`). Other control characters are not allowed in content
/// lines and are dropped; a tab becomes a space.
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Write one content line, folded so that no physical line exceeds 75
/// octets: continuation lines start with a single space (which counts
/// towards their 75). Folds fall on UTF-8 character boundaries, never
/// inside a character. Ends with CRLF.
pub fn write_line(out: &mut dyn Write, line: &str) -> io::Result<()> {
    let mut rest = line;
    let mut limit = MAX_OCTETS;
    let mut first = true;
    loop {
        if !first {
            out.write_all(b" ")?;
        }
        if rest.len() <= limit {
            out.write_all(rest.as_bytes())?;
            out.write_all(b"\r\n")?;
            return Ok(());
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let (head, tail) = rest.split_at(cut);
        out.write_all(head.as_bytes())?;
        out.write_all(b"\r\n")?;
        rest = tail;
        first = false;
        limit = MAX_OCTETS - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(line: &str) -> String {
        let mut buf = Vec::new();
        write_line(&mut buf, line).expect("writes to memory");
        String::from_utf8(buf).expect("folding keeps UTF-8 intact")
    }

    #[test]
    fn escapes_specials_and_line_breaks() {
        assert_eq!(
            escape_text("a\\b,c;d\r\ne\nf\rg\th\u{7}"),
            "a\\\\b\\,c\\;d\\ne\\nf\\ng h"
        );
    }

    #[test]
    fn short_lines_are_not_folded() {
        assert_eq!(folded("FN:Ann"), "FN:Ann\r\n");
        let exact = "X".repeat(75);
        assert_eq!(folded(&exact), format!("{exact}\r\n"));
    }

    #[test]
    fn folds_at_75_octets_on_char_boundaries() {
        let ascii = "A".repeat(200);
        let out = folded(&ascii);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{line}");
        }
        assert_eq!(out.replace("\r\n ", ""), format!("{ascii}\r\n"));

        // 3-octet characters after a 5-octet prefix: 75 is not a boundary.
        let cjk = format!("NOTE:{}", "中".repeat(60));
        let out = folded(&cjk);
        let lines: Vec<&str> = out.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(lines.iter().all(|l| l.len() <= 75));
        assert_eq!(lines[0].len(), 74);
        assert!(lines[1].starts_with(' '));
        assert_eq!(out.replace("\r\n ", ""), format!("{cjk}\r\n"));
    }
}
