//! Display-width aware text helpers: CJK characters take two terminal
//! columns, so padding by `chars().count()` would misalign every table.

use unicode_width::UnicodeWidthChar;
use unicode_width::UnicodeWidthStr;

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cut to at most `max` columns, ending in `…` when something was cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
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

/// Remove control characters (including ESC) so stored text can never
/// drive the terminal when printed.
pub fn sanitize(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(char::is_control) {
        s.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn control_characters_are_neutralised() {
        assert_eq!(sanitize("a\x1b[2Jb\nc"), "a [2Jb c");
        assert!(matches!(sanitize("plain"), std::borrow::Cow::Borrowed(_)));
    }
}
