//! Parse errors that point at the offending part of the line.

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    pub message: String,
    /// Byte offsets into the line; may be empty (a caret at that position).
    pub span: Range<usize>,
}

// Every variant is something the user typed or gave rolo to read.
impl crate::fault::Blamed for ParseError {
    fn blame(&self) -> crate::fault::Blame {
        crate::fault::Blame::Input
    }
}

impl ParseError {
    pub(crate) fn new(message: impl Into<String>, span: Range<usize>) -> ParseError {
        ParseError {
            message: message.into(),
            span,
        }
    }

    /// The message, then the line indented by two columns with a `^^^`
    /// underline below the span (in display columns, so CJK text lines up) —
    /// for the CLI's stderr, where the message follows a `rolo: ` prefix.
    ///
    /// ```text
    /// unknown date "frday" (try: …)
    ///   call acme: hi @frday
    ///                 ^^^^^
    /// ```
    pub fn render(&self, line: &str) -> String {
        let mut shown = String::with_capacity(line.len());
        let (mut before, mut under) = (0, 0);
        for (i, c) in line.char_indices() {
            // Shown by the one rule (a tab or line break as a space, other
            // controls written out), and measured as shown.
            let mut buf = [0u8; 4];
            let piece = crate::text::sanitize(c.encode_utf8(&mut buf));
            let width = crate::text::width(&piece);
            shown.push_str(&piece);
            if i < self.span.start {
                before += width;
            } else if i < self.span.end {
                under += width;
            }
        }
        // A multi-line message (a list of candidates) continues below the line.
        let (first, rest) = match self.message.split_once('\n') {
            Some((first, rest)) => (first, format!("\n{rest}")),
            None => (self.message.as_str(), String::new()),
        };
        format!(
            "{first}\n  {}\n  {}{}{rest}",
            shown.trim_end(),
            " ".repeat(before),
            "^".repeat(under.max(1)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_underlines_by_display_width() {
        let err = ParseError::new("bad", 7..13);
        assert_eq!(err.render("电话 张伟 x"), "bad\n  电话 张伟 x\n       ^^^^");
        let err = ParseError::new("unknown date", 15..20);
        assert_eq!(
            err.render("call acme: hi @frday"),
            "unknown date\n  call acme: hi @frday\n                 ^^^^^"
        );
        // Control characters are written out and the caret still lines up.
        assert_eq!(
            ParseError::new("bad", 6..10).render("x\u{1b}[2J @fri\tz"),
            "bad\n  x\\x1b[2J @fri z\n           ^^^^"
        );
        // An empty span gets one caret; a span past the end does not panic.
        assert_eq!(
            ParseError::new("m", 4..4).render("call"),
            "m\n  call\n      ^"
        );
        assert_eq!(
            ParseError::new("two\n  #2 x", 0..1).render("x"),
            "two\n  x\n  ^\n  #2 x"
        );
        assert_eq!(
            ParseError::new("m", 9..99).render("a\tb"),
            "m\n  a b\n     ^"
        );
    }
}
