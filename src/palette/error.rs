//! Parse errors that point at the offending part of the line.

use std::ops::Range;
use unicode_width::UnicodeWidthChar;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    pub message: String,
    /// Byte offsets into the line; may be empty (a caret at that position).
    pub span: Range<usize>,
}

impl ParseError {
    pub(crate) fn new(message: impl Into<String>, span: Range<usize>) -> ParseError {
        ParseError {
            message: message.into(),
            span,
        }
    }

    /// The line, a `^^^` underline below the span (in display columns, so CJK
    /// text lines up), then the message — for the CLI's stderr.
    ///
    /// ```text
    /// call acme: hi @frday
    ///               ^^^^^
    /// unknown date "frday" (try: …)
    /// ```
    pub fn render(&self, line: &str) -> String {
        let mut shown = String::with_capacity(line.len());
        let (mut before, mut under) = (0, 0);
        for (i, c) in line.char_indices() {
            // Control characters (tabs, newlines) would break the alignment.
            let c = if c.is_control() { ' ' } else { c };
            let width = c.width().unwrap_or(0);
            shown.push(c);
            if i < self.span.start {
                before += width;
            } else if i < self.span.end {
                under += width;
            }
        }
        format!(
            "{}\n{}{}\n{}",
            shown.trim_end(),
            " ".repeat(before),
            "^".repeat(under.max(1)),
            self.message
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_underlines_by_display_width() {
        let err = ParseError::new("bad", 7..13);
        assert_eq!(err.render("电话 张伟 x"), "电话 张伟 x\n     ^^^^\nbad");
        let err = ParseError::new("unknown date", 15..20);
        assert_eq!(
            err.render("call acme: hi @frday"),
            "call acme: hi @frday\n               ^^^^^\nunknown date"
        );
        // An empty span gets one caret; a span past the end does not panic.
        assert_eq!(ParseError::new("m", 4..4).render("call"), "call\n    ^\nm");
        assert_eq!(ParseError::new("m", 9..99).render("a\tb"), "a b\n   ^\nm");
    }
}
