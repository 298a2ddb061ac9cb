//! Display-width aware text helpers: CJK characters take two terminal
//! columns, so padding by `chars().count()` would misalign every table.

use unicode_width::UnicodeWidthChar;
use unicode_width::UnicodeWidthStr;

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cut to at most `max` columns, ending in `…` when something was cut.
/// What is measured and cut is the text as a terminal shows it
/// ([`sanitize`]: `\x1b` for an ESC): a raw control has no width a
/// terminal agrees on, so counting it misaligned columns.
pub fn truncate(s: &str, max: usize) -> String {
    let s = sanitize(s);
    if width(&s) <= max {
        return s.into_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Left-align in exactly `cols` columns (truncating if needed).
pub fn pad(s: &str, cols: usize) -> String {
    let cut = truncate(s, cols);
    let w = width(&cut);
    format!("{cut}{}", " ".repeat(cols.saturating_sub(w)))
}

/// Right-align in exactly `cols` columns.
pub fn pad_left(s: &str, cols: usize) -> String {
    let cut = truncate(s, cols);
    let w = width(&cut);
    format!("{}{cut}", " ".repeat(cols.saturating_sub(w)))
}

/// `12345` → `12,345`: counts and limits in messages and tables.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// Whether `c` must not reach a terminal as it is: C0 controls (ESC, BEL,
/// …), DEL, C1 controls (U+0080–U+009F: U+009B is a one-character CSI on
/// some terminals) and the bidirectional embeddings, overrides and isolates
/// (U+202A–U+202E, U+2066–U+2069), which reorder what follows them.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The one rule for showing text from users or files on a terminal
/// (DESIGN §12): every [`is_unsafe`] character is written out visibly —
/// `\x1b` for C0 controls and DEL, `\u{9b}` for C1 controls and
/// bidirectional controls — and a tab or line break becomes a space, so
/// the text stays on its line. JSON output and files keep the text exact.
///
/// ```
/// assert_eq!(rolo::text::sanitize("a\x1b[2Jb\nc"), "a\\x1b[2Jb c");
/// ```
pub fn sanitize(s: &str) -> std::borrow::Cow<'_, str> {
    escape(s, false)
}

/// [`sanitize`] for text of several lines (a message, a table, an export
/// shown on a terminal): the same, except that line breaks and tabs stay
/// (a CR only as part of CR LF).
pub fn sanitize_lines(s: &str) -> std::borrow::Cow<'_, str> {
    escape(s, true)
}

fn escape(s: &str, keep_lines: bool) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' if keep_lines => out.push(c),
            '\r' if keep_lines && chars.peek() == Some(&'\n') => out.push(c),
            '\n' | '\t' | '\r' if !keep_lines => out.push(' '),
            c if is_unsafe(c) => push_visible(&mut out, c),
            c => out.push(c),
        }
    }
    out.into()
}

fn push_visible(out: &mut String, c: char) {
    use std::fmt::Write;
    let code = u32::from(c);
    // Writing to a String cannot fail.
    let _ = if code < 0x80 {
        write!(out, "\\x{code:02x}")
    } else {
        write!(out, "\\u{{{code:x}}}")
    };
}

/// Shorten `s` to at most `max` columns by cutting its middle: the start
/// is kept, then `…`, then `s[tail..]` whole (what must never be cut: an
/// id, a hint). When even the tail does not fit, the end of `s` is kept
/// (`…` + as many last columns as fit). Measured as shown ([`sanitize`]).
pub fn elide_middle(s: &str, tail: usize, max: usize) -> String {
    let tail = s.get(tail..).unwrap_or_default();
    let (head, tail) = (sanitize(&s[..s.len() - tail.len()]), sanitize(tail));
    if width(&head) + width(&tail) <= max {
        return format!("{head}{tail}");
    }
    if max == 0 {
        return String::new();
    }
    let tail_cols = width(&tail);
    if tail_cols + 1 > max {
        // Not even the tail fits: its end, after `…`.
        let whole = format!("{head}{tail}");
        return format!("…{}", last_columns(&whole, max - 1));
    }
    let mut room = max - tail_cols - 1;
    let mut kept = String::new();
    for c in head.chars() {
        let w = c.width().unwrap_or(0);
        if w > room {
            break;
        }
        kept.push(c);
        room -= w;
    }
    format!("{}…{tail}", kept.trim_end())
}

/// The last characters of `s` that fit in `cols` columns.
fn last_columns(s: &str, cols: usize) -> String {
    let mut used = 0;
    let mut start = s.len();
    for (i, c) in s.char_indices().rev() {
        let w = c.width().unwrap_or(0);
        if used + w > cols {
            break;
        }
        used += w;
        start = i;
    }
    s[start..].to_string()
}

/// `s` in lines of at most `cols` columns, broken at spaces where it can
/// and anywhere in a run without spaces (CJK text has none). Each line is
/// shown as [`sanitize`] shows it; a line break in `s` starts a new line.
pub fn wrap(s: &str, cols: usize) -> Vec<String> {
    let cols = cols.max(1);
    let mut out = Vec::new();
    for paragraph in s.split('\n') {
        let paragraph = sanitize(paragraph.trim_end_matches('\r'));
        let mut line = String::new();
        let mut used = 0;
        for word in paragraph.split(' ') {
            let w = width(word);
            let space = usize::from(!line.is_empty());
            if used + space + w <= cols {
                if space == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                used += space + w;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
                used = 0;
            }
            // A word wider than a line is cut where it must be.
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if used + cw > cols && !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push(c);
                used += cw;
            }
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elide_middle_keeps_the_tail_whole() {
        let s = "Logged call with 王芳 (#2) · next: send the quote, due fri (task #41) — u undo";
        let tail = s.find("(task").unwrap_or(0);
        let short = elide_middle(s, tail, 50);
        assert_eq!(width(&short), 50, "{short}");
        assert!(short.ends_with("(task #41) — u undo"), "{short}");
        assert!(short.starts_with("Logged call with 王芳 (#2)"), "{short}");
        assert!(short.contains('…'));
        // Fits: unchanged.
        assert_eq!(elide_middle("short — u undo", 5, 40), "short — u undo");
        // A wide character is never split: the cut is by columns.
        let cjk = elide_middle("王芳王芳王芳王芳 #9", 12, 8);
        assert!(width(&cjk) <= 8, "{cjk}");
        assert!(cjk.ends_with(" #9"), "{cjk}");
        // The tail alone is too wide: its end is kept.
        assert_eq!(elide_middle("abc (task #41) — u undo", 4, 8), "… u undo");
        assert_eq!(elide_middle("abc", 0, 0), "");
    }

    #[test]
    fn wrap_breaks_at_spaces_and_inside_cjk_runs() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("王芳王芳王芳", 5), ["王芳", "王芳", "王芳"]);
        assert_eq!(wrap("a\nb", 10), ["a", "b"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert!(wrap("x\x1b[2J", 40)[0].contains("\\x1b"));
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(1234567), "1,234,567");
    }

    #[test]
    fn cjk_counts_two_columns() {
        assert_eq!(width("王芳"), 4);
        assert_eq!(pad("王芳", 6), "王芳  ");
        assert_eq!(pad_left("王芳", 6), "  王芳");
        assert_eq!(width(&pad("上海华信科技有限公司", 7)), 7);
        assert_eq!(truncate("上海华信科技", 7), "上海华…");
        assert_eq!(truncate("Acme", 4), "Acme");
        assert_eq!(truncate("Acme Corp", 5), "Acme…");
        assert_eq!(truncate("abc", 0), "");
    }

    /// A raw control has no width a terminal agrees on: truncate and pad
    /// measure and cut the text as shown, so a column stays a column and
    /// the cut text is never wider than asked (the app's `clip` overflowed).
    #[test]
    fn columns_count_controls_as_they_are_shown() {
        assert_eq!(truncate("a\x1bb", 10), "a\\x1bb");
        assert_eq!(pad("a\x07", 6), "a\\x07 ");
        for s in [
            "Eve\x1b[2J\x07\u{202e}lave",
            "\x1b\x1b\x1b\x1b",
            "x\u{202e}",
        ] {
            for max in 0..12 {
                assert!(width(&truncate(s, max)) <= max, "{s:?} {max}");
                assert_eq!(width(&pad(s, max)), max, "{s:?} {max}");
            }
        }
    }

    #[test]
    fn control_characters_are_neutralised() {
        assert_eq!(sanitize("a\x1b[2Jb\nc"), "a\\x1b[2Jb c");
        assert!(matches!(sanitize("plain"), std::borrow::Cow::Borrowed(_)));
        assert!(matches!(
            sanitize("王芳 Zoë"),
            std::borrow::Cow::Borrowed(_)
        ));
        // BEL, DEL, a C1 CSI, a right-to-left override, tab and CR.
        assert_eq!(
            sanitize("\x07\x7f\u{9b}31m\u{202e}abc\u{2066}\tx\r"),
            "\\x07\\x7f\\u{9b}31m\\u{202e}abc\\u{2066} x "
        );
        // Several lines: line breaks and tabs stay, a lone CR does not.
        assert_eq!(
            sanitize_lines("a\r\nb\tc\rd\x1b]0;x\x07\n"),
            "a\r\nb\tc\\x0dd\\x1b]0;x\\x07\n"
        );
        // Idempotent: what it writes is safe already.
        let once = sanitize("\x1b\u{85}\u{202d}").into_owned();
        assert_eq!(sanitize(&once), once);
        assert!(!once.chars().any(is_unsafe));
    }
}
