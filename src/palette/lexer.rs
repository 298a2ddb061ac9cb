//! Byte-span helpers over the palette line: words, separators and the `@when` marker.
//! Every range returned lies within the given range and on char boundaries.

use std::ops::Range;

/// A run of non-separator characters and where it sits in the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word<'a> {
    pub text: &'a str,
    pub span: Range<usize>,
}

/// The words of `line[range]`, split at whitespace and at any of `extra`.
pub(crate) fn words<'a>(line: &'a str, range: Range<usize>, extra: &[char]) -> Vec<Word<'a>> {
    let Some(slice) = line.get(range.clone()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in slice.char_indices() {
        let split = c.is_whitespace() || extra.contains(&c);
        match (start, split) {
            (None, false) => start = Some(i),
            (Some(s), true) => {
                out.push(word(line, range.start + s..range.start + i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(word(line, range.start + s..range.end));
    }
    out
}

fn word(line: &str, span: Range<usize>) -> Word<'_> {
    Word {
        text: line.get(span.clone()).unwrap_or_default(),
        span,
    }
}

/// The first whitespace-separated word of the line, stopping early at a colon
/// (`note:` is the verb `note`).
pub(crate) fn first_word(line: &str) -> Option<Word<'_>> {
    words(line, 0..line.len(), &[':', '：']).into_iter().next()
}

/// The earliest occurrence of any of `patterns` in `line[range]`.
pub(crate) fn find_any(line: &str, range: Range<usize>, patterns: &[&str]) -> Option<Range<usize>> {
    let slice = line.get(range.clone())?;
    patterns
        .iter()
        .filter_map(|p| {
            slice
                .find(p)
                .map(|at| range.start + at..range.start + at + p.len())
        })
        .min_by_key(|r| r.start)
}

/// `range` without leading and trailing whitespace.
pub(crate) fn trim(line: &str, range: Range<usize>) -> Range<usize> {
    let Some(slice) = line.get(range.clone()) else {
        return range.start..range.start;
    };
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    start..end.max(start)
}

/// Collapse runs of whitespace to single spaces and trim.
pub(crate) fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Characters after which an `@` starts a when (besides whitespace).
const WHEN_OPENERS: &[char] = &[':', '：', '>', '→', ',', '，'];

/// The byte offset of the last `@` in `line[range]` that starts a token: one
/// preceded by whitespace, a separator, or the start of the range.
pub(crate) fn when_marker(line: &str, range: Range<usize>) -> Option<usize> {
    let slice = line.get(range.clone())?;
    let mut prev: Option<char> = None;
    let mut found = None;
    for (i, c) in slice.char_indices() {
        if c == '@' && prev.is_none_or(|p| p.is_whitespace() || WHEN_OPENERS.contains(&p)) {
            found = Some(range.start + i);
        }
        prev = Some(c);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_carry_spans() {
        let line = "call  张伟 corp";
        let got: Vec<_> = words(line, 0..line.len(), &[])
            .into_iter()
            .map(|w| (w.text, w.span))
            .collect();
        assert_eq!(got, vec![("call", 0..4), ("张伟", 6..12), ("corp", 13..17)]);
        let got: Vec<_> = words("done 1,2，#3", 4..13, &[',', '，'])
            .into_iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(got, vec!["1", "2", "#3"]);
        assert_eq!(first_word("note:hi").map(|w| w.text), Some("note"));
        assert_eq!(first_word("   "), None);
    }

    #[test]
    fn markers_and_separators() {
        let line = "email li@acme.com: hi @fri";
        assert_eq!(when_marker(line, 5..line.len()), Some(22));
        assert_eq!(when_marker("email li@acme.com: hi", 5..21), None);
        assert_eq!(when_marker("snooze 3 @x @y", 6..14), Some(12));
        assert_eq!(when_marker("task a:@fri", 4..11), Some(7));
        let line = "call a：x → y -> z";
        assert_eq!(find_any(line, 0..line.len(), &["->", "→"]), Some(11..14));
        assert_eq!(find_any(line, 0..line.len(), &[":", "："]), Some(6..9));
        assert_eq!(trim("  a b  ", 0..7), 2..5);
        assert_eq!(trim("   ", 0..3), 3..3);
        assert_eq!(squash("  a \t b "), "a b");
    }
}
