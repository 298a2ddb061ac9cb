//! One line of a matching text, as a terminal shows it: the line holding
//! the first match, control characters made visible (`text::sanitize`),
//! cut to a width around the match, with the matches marked.

use crate::text::sanitize;
use std::ops::Range;
use unicode_width::UnicodeWidthStr;

/// A line ready to print: `text` is safe for a terminal; `marks` are byte
/// ranges of `text` to highlight, sorted and apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    pub marks: Vec<Range<usize>>,
}

/// What stands for cut text at either end.
const CUT: &str = "…";

/// One original character as shown: where it starts in the stored text
/// (relative to the line) and in the shown line, and its columns.
struct Unit {
    at: usize,
    shown: usize,
    cols: usize,
    space: bool,
}

/// The line of `text` holding the first of `ranges` (byte ranges of
/// `text`, sorted), trimmed, made safe, and cut to `max_cols` columns
/// (`None`: not cut) so that the first match is in view, with some of
/// what comes before it.
pub fn snippet(text: &str, ranges: &[Range<usize>], max_cols: Option<usize>) -> Snippet {
    let first = ranges.first().map_or(0, |r| r.start.min(text.len()));
    let line_start = text[..first].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[first..].find('\n').map_or(text.len(), |i| first + i);
    let raw = &text[line_start..line_end];
    let trimmed_front = raw.len() - raw.trim_start().len();
    let line = raw.trim();
    let offset = line_start + trimmed_front;

    let (shown, units) = shown_units(line);
    let in_line: Vec<Range<usize>> = ranges
        .iter()
        .filter_map(|r| {
            let start = r.start.max(offset) - offset;
            let end = r.end.min(offset + line.len()).saturating_sub(offset);
            (start < end).then_some(start..end)
        })
        .collect();
    // Ranges as unit indices.
    let unit_of = |at: usize| units.partition_point(|u| u.at < at);
    let marked: Vec<Range<usize>> = in_line
        .iter()
        .map(|r| unit_of(r.start)..unit_of(r.end))
        .collect();

    let window = match max_cols {
        Some(max) => window(&units, marked.first().cloned(), max),
        None => Window {
            units: 0..units.len(),
            cut_front: false,
            cut_back: false,
        },
    };
    let shown_at = |u: usize| units.get(u).map_or(shown.len(), |unit| unit.shown);
    let mut out = String::new();
    if window.cut_front {
        out.push_str(CUT);
    }
    let base = out.len();
    let from = shown_at(window.units.start);
    out.push_str(&shown[from..shown_at(window.units.end)]);
    let marks = marked
        .iter()
        .filter_map(|m| {
            let start = m.start.max(window.units.start);
            let end = m.end.min(window.units.end);
            (start < end).then(|| base + shown_at(start) - from..base + shown_at(end) - from)
        })
        .collect();
    if window.cut_back {
        out.push_str(CUT);
    }
    Snippet { text: out, marks }
}

/// `line` made safe, and its characters as units.
fn shown_units(line: &str) -> (String, Vec<Unit>) {
    let mut shown = String::with_capacity(line.len());
    let mut units = Vec::with_capacity(line.len());
    for (at, c) in line.char_indices() {
        let piece = sanitize(&line[at..at + c.len_utf8()]);
        units.push(Unit {
            at,
            shown: shown.len(),
            cols: UnicodeWidthStr::width(piece.as_ref()),
            space: c.is_whitespace(),
        });
        shown.push_str(&piece);
    }
    (shown, units)
}

struct Window {
    units: Range<usize>,
    cut_front: bool,
    cut_back: bool,
}

/// Which units fit in `max` columns with the first match (`first`, unit
/// indices) in view: from the start if the match fits that way, else
/// starting a little before the match.
fn window(units: &[Unit], first: Option<Range<usize>>, max: usize) -> Window {
    let total: usize = units.iter().map(|u| u.cols).sum();
    if total <= max {
        return Window {
            units: 0..units.len(),
            cut_front: false,
            cut_back: false,
        };
    }
    let cols = |r: Range<usize>| units[r].iter().map(|u| u.cols).sum::<usize>();
    let first = first.unwrap_or(0..0);
    let reserve = CUT.width();
    let mut start = if cols(0..first.end) + reserve <= max {
        0
    } else {
        // Keep about a third of what is left beside the match before it.
        let room = max.saturating_sub(cols(first.clone()) + 2 * reserve);
        let lead = room / 3;
        let mut start = first.start;
        let mut used = 0;
        while start > 0 && used + units[start - 1].cols <= lead {
            start -= 1;
            used += units[start].cols;
        }
        start
    };
    // A match near the end: show more of what comes before it instead.
    let mut tail = cols(start..units.len());
    while start > 0 {
        let front = if start > 1 { reserve } else { 0 };
        if tail + units[start - 1].cols + front > max {
            break;
        }
        start -= 1;
        tail += units[start].cols;
    }
    // Not `… word`: a cut never shows the space it fell on.
    while start > 0 && start < first.start && units[start].space {
        start += 1;
    }
    let cut_front = start > 0;
    let mut budget = max.saturating_sub(if cut_front { reserve } else { 0 });
    let rest = cols(start..units.len());
    let cut_back = rest > budget;
    if cut_back {
        budget = budget.saturating_sub(reserve);
    }
    let mut end = start;
    let mut used = 0;
    while end < units.len() && used + units[end].cols <= budget {
        used += units[end].cols;
        end += 1;
    }
    Window {
        units: start..end,
        cut_front,
        cut_back,
    }
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)] // one match is one range
mod tests {
    use super::*;
    use crate::text::width;

    /// The snippet with marks shown as [..].
    fn show(text: &str, ranges: &[Range<usize>], max: Option<usize>) -> String {
        let s = snippet(text, ranges, max);
        let mut out = String::new();
        let mut at = 0;
        for m in &s.marks {
            out.push_str(&s.text[at..m.start]);
            out.push('[');
            out.push_str(&s.text[m.clone()]);
            out.push(']');
            at = m.end;
        }
        out.push_str(&s.text[at..]);
        out
    }

    #[test]
    fn a_short_line_is_shown_whole() {
        assert_eq!(
            show("Discussed pricing for 50 seats", &[10..17], Some(80)),
            "Discussed [pricing] for 50 seats"
        );
        assert_eq!(show("客户想要报价单", &[12..18], None), "客户想要[报价]单");
    }

    #[test]
    fn the_line_holding_the_first_match_is_shown() {
        let text = "first line\n  second: pricing  \nthird pricing";
        let at = text.find("pricing").unwrap_or(0);
        let later = text.rfind("pricing").unwrap_or(0);
        assert_eq!(
            show(text, &[at..at + 7, later..later + 7], None),
            "second: [pricing]"
        );
    }

    #[test]
    fn a_long_line_is_cut_around_the_match() {
        let text = format!("{} pricing {}", "word ".repeat(30), "tail ".repeat(30));
        let at = text.find("pricing").unwrap_or(0);
        let got = show(&text, &[at..at + 7], Some(40));
        assert!(got.starts_with('…') && got.ends_with('…'), "{got}");
        assert!(got.contains("[pricing]"), "{got}");
        assert_eq!(width(&got) - 2, 40, "{got}");
        // The match near the start: cut at the end only.
        let got = show("word pricing tail tail tail tail", &[5..12], Some(20));
        assert_eq!(got, "word [pricing] tail t…");
    }

    #[test]
    fn a_match_near_the_end_shows_what_comes_before_it() {
        let text = "Sent pricing sheet for 120 seats";
        assert_eq!(show(text, &[27..32], Some(20)), "…sheet for 120 [seats]");
        assert_eq!(show(text, &[27..32], Some(13)), "…or 120 [seats]");
    }

    #[test]
    fn cjk_is_cut_by_columns() {
        let text = format!("{}报价{}", "客户".repeat(20), "明天".repeat(20));
        let at = text.find("报价").unwrap_or(0);
        for max in [10, 11, 20, 31] {
            let s = snippet(&text, &[at..at + 6], Some(max));
            assert!(width(&s.text) <= max, "{max}: {}", s.text);
            assert_eq!(s.marks.len(), 1, "{max}: {}", s.text);
            assert_eq!(&s.text[s.marks[0].clone()], "报价");
        }
    }

    #[test]
    fn controls_are_shown_escaped_and_marks_follow_them() {
        let text = "a\x1b[2Jb pricing\tnow";
        let at = text.find("pricing").unwrap_or(0);
        assert_eq!(show(text, &[at..at + 7], None), "a\\x1b[2Jb [pricing] now");
        // A control inside the match is escaped inside the mark.
        assert_eq!(show("x\x07y", &[0..3], None), "[x\\x07y]");
    }

    #[test]
    fn a_match_wider_than_the_width_is_cut_too() {
        let text = format!("intro {}", "a".repeat(50));
        let s = snippet(&text, &[6..56], Some(10));
        assert!(width(&s.text) <= 10, "{}", s.text);
        assert_eq!(s.marks.len(), 1);
    }

    #[test]
    fn tiny_widths_never_panic() {
        let text = "客户想要报价单 and pricing 👍 \x1b";
        for max in 0..12 {
            for r in [0..3, 21..24, 29..36] {
                let s = snippet(text, &[r], Some(max));
                assert!(width(&s.text) <= max.max(2), "{max}: {}", s.text);
            }
        }
        assert_eq!(snippet("", &[], Some(5)).text, "");
    }

    proptest::proptest! {
        /// Whatever the text and match, the line fits, its marks are on
        /// its character boundaries, and it holds no raw control.
        #[test]
        fn snippets_fit_and_marks_hold(
            text in "[a-z 报价客户\n\t\x1b👍]{0,60}",
            query in "[a-z报价]{1,3}",
            max in 4usize..40,
        ) {
            let ranges = crate::grep::Query::parse(&query).ranges(&text);
            let s = snippet(&text, &ranges, Some(max));
            proptest::prop_assert!(width(&s.text) <= max, "{max}: {:?}", s.text);
            proptest::prop_assert!(!s.text.chars().any(char::is_control), "{:?}", s.text);
            for m in &s.marks {
                proptest::prop_assert!(m.start < m.end && m.end <= s.text.len());
                proptest::prop_assert!(s.text.is_char_boundary(m.start) && s.text.is_char_boundary(m.end));
            }
        }
    }
}
