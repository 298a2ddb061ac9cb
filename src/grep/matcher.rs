//! Full-text matching, pure: does a query occur in a text, and where.
//!
//! A query is split at white space into terms; an entry matches when every
//! term occurs in it (in any order, in any of its fields). Both sides are
//! folded the same way: Unicode lowercase, and full-width forms read as
//! their ASCII counterparts (`ＰＲＩＣＥ` is `price`, `１２` is `12`).
//!
//! Where a term may occur depends on its first character:
//! - a Latin letter or digit (any alphabetic script written with spaces)
//!   must start a word: `price` finds "pricing" and "Price list", `ice`
//!   does not find "price", `50` does not find "150";
//! - anything else (CJK, punctuation, an emoji) matches anywhere: Chinese
//!   and Japanese are written without spaces, so `报价` finds "客户想要报价单".
//!
//! English inflection that is not a prefix is covered for the two common
//! spellings: a term ending in a silent `e` also finds the word with the
//! `e` dropped before -ing, -ion, -ation, -able (`price` finds "pricing",
//! `quote` "quotation"), and one ending in a consonant and `y` finds -ies,
//! -ied, -ier, -ication (`reply` finds "replies", `apply` "application").
//! The rule looks at the query only, so a scan pays a second `find` for
//! such terms and nothing per word of the text; a full stemmer would have
//! to split and stem every word of every text searched.
//!
//! A word starts after anything that is not a letter or digit *of a spaced
//! script*: after a space or punctuation, and after CJK text, so `price`
//! finds "客户要price". A term is matched as a unit, punctuation included:
//! `e-mail` finds "E-Mail", `li@acme` finds "li@acme.com".
//!
//! Folding is per character and keeps a map back to the original text, so
//! match ranges are byte ranges of the text as stored (for highlighting),
//! also where folding changed a character's length (`ＰＲＩＣＥ`, `İ`).

use std::ops::Range;

/// A parsed query: its terms, folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    terms: Vec<Term>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    folded: String,
    /// Must start a word (the term starts with a letter or digit of a
    /// spaced script).
    word_start: bool,
    /// The term's inflected spelling, if English spells one differently.
    inflected: Option<Inflected>,
}

/// `stem` followed by one of `suffixes`: `pric` + `ing` for `price`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Inflected {
    stem: String,
    suffixes: &'static [&'static str],
}

impl Inflected {
    /// The spelling English uses for `term` (folded) before a suffix
    /// that is not a plain prefix extension of it.
    fn of(term: &str) -> Option<Inflected> {
        let bytes = term.as_bytes();
        if bytes.len() < 3 || !bytes.iter().all(u8::is_ascii_lowercase) {
            return None;
        }
        let consonant = |b: u8| !b"aeiou".contains(&b);
        let (last, before) = (bytes[bytes.len() - 1], bytes[bytes.len() - 2]);
        let stem = term[..term.len() - 1].to_string();
        match last {
            b'e' if consonant(before) => Some(Inflected {
                stem,
                suffixes: &["ing", "ion", "ation", "able"],
            }),
            b'y' if consonant(before) => Some(Inflected {
                stem,
                suffixes: &["ies", "ied", "ier", "ication"],
            }),
            _ => None,
        }
    }
}

impl Query {
    /// The terms of `text`, split at white space (the ideographic space
    /// too). Repeated terms count once.
    pub fn parse(text: &str) -> Query {
        let mut terms: Vec<Term> = Vec::new();
        for word in text.split(|c: char| c.is_whitespace()) {
            let mut folded = String::new();
            fold_into(word, &mut folded);
            let Some(first) = folded.chars().next() else {
                continue;
            };
            let term = Term {
                word_start: is_word_char(first),
                inflected: Inflected::of(&folded),
                folded,
            };
            if !terms.contains(&term) {
                terms.push(term);
            }
        }
        Query { terms }
    }

    /// What rules records out before they are decoded.
    pub fn prefilter(&self) -> super::prefilter::Prefilter {
        // An inflected term's matches share its stem, not the term.
        super::prefilter::Prefilter::new(self.terms.iter().map(|t| match &t.inflected {
            Some(inflected) => inflected.stem.as_str(),
            None => t.folded.as_str(),
        }))
    }

    /// No terms: nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Does every term occur in at least one of `fields`? `scratch` holds
    /// the folded fields between calls, so a scan allocates nothing for the
    /// texts that do not match.
    pub fn matches(&self, fields: &[&str], scratch: &mut Scratch) -> bool {
        if self.terms.is_empty() {
            return false;
        }
        scratch.fold(fields);
        let folded = &scratch.folded[..fields.len()];
        self.terms
            .iter()
            .all(|term| folded.iter().any(|hay| term.first_in(hay, 0).is_some()))
    }

    /// How many of the terms occur in `text` (to pick which field of an
    /// entry to show).
    pub fn count_in(&self, text: &str) -> usize {
        let mut folded = String::new();
        fold_into(text, &mut folded);
        self.terms
            .iter()
            .filter(|term| term.first_in(&folded, 0).is_some())
            .count()
    }

    /// Where the terms occur in `text`: sorted, non-overlapping byte
    /// ranges of `text` (touching ones merged), each on character
    /// boundaries. Empty when no term occurs; terms that do not occur are
    /// skipped (the others still show where they are).
    pub fn ranges(&self, text: &str) -> Vec<Range<usize>> {
        let map = FoldMap::new(text);
        let mut found: Vec<Range<usize>> = Vec::new();
        for term in &self.terms {
            let mut from = 0;
            while let Some(at) = term.first_in(&map.folded, from) {
                from = next_char(&map.folded, at.start);
                found.push(map.original(at, text));
            }
        }
        merge(found)
    }

    /// Every term occurs in `text`, with where (see [`Query::ranges`]).
    pub fn find(&self, text: &str) -> Option<Vec<Range<usize>>> {
        let mut scratch = Scratch::default();
        self.matches(&[text], &mut scratch)
            .then(|| self.ranges(text))
    }
}

impl Term {
    /// The first occurrence starting at or after byte `from` of the folded
    /// `hay`, as the term or its inflected spelling (the earlier of the
    /// two), where the word-start rule allows it.
    fn first_in(&self, hay: &str, from: usize) -> Option<Range<usize>> {
        let plain = self.first_of(hay, from, &self.folded, &[""]);
        let inflected = self
            .inflected
            .as_ref()
            .and_then(|i| self.first_of(hay, from, &i.stem, i.suffixes));
        match (plain, inflected) {
            (Some(a), Some(b)) => Some(if b.start < a.start { b } else { a }),
            (a, b) => a.or(b),
        }
    }

    /// The first occurrence of `stem` followed by one of `suffixes`.
    fn first_of(
        &self,
        hay: &str,
        mut from: usize,
        stem: &str,
        suffixes: &[&str],
    ) -> Option<Range<usize>> {
        while let Some(found) = hay.get(from..)?.find(stem) {
            let at = from + found;
            let after = &hay[at + stem.len()..];
            if (!self.word_start || starts_word(hay, at))
                && let Some(suffix) = suffixes.iter().find(|s| after.starts_with(**s))
            {
                return Some(at..at + stem.len() + suffix.len());
            }
            from = next_char(hay, at);
        }
        None
    }
}

/// The byte after the character at `at`.
fn next_char(text: &str, at: usize) -> usize {
    at + text[at..].chars().next().map_or(1, char::len_utf8)
}

/// Folded copies of the fields of one entry, reused from entry to entry.
#[derive(Debug, Default)]
pub struct Scratch {
    folded: Vec<String>,
}

impl Scratch {
    fn fold(&mut self, fields: &[&str]) {
        if self.folded.len() < fields.len() {
            self.folded.resize_with(fields.len(), String::new);
        }
        for (out, text) in self.folded.iter_mut().zip(fields) {
            out.clear();
            fold_into(text, out);
        }
    }
}

/// Is `at` (a char boundary of the folded `hay`) the start of a word?
fn starts_word(hay: &str, at: usize) -> bool {
    hay[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !is_word_char(c))
}

/// A letter or digit of a script written with spaces between words.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() && !is_cjk(c)
}

/// Scripts written without spaces between words: Han, kana, hangul,
/// bopomofo and their punctuation and compatibility blocks.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF
        | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF
        | 0xFF66..=0xFF9F
        | 0x20000..=0x3134F)
}

/// Append `text` folded: lowercase, full-width forms as ASCII.
fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
        return;
    }
    for c in text.chars() {
        fold_char(c, out);
    }
}

/// Append `c` folded.
pub(super) fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    // Han has no case: skip the Unicode table on the common path.
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        out.push(c);
        return;
    }
    let c = widened_to_ascii(c).unwrap_or(c);
    out.extend(c.to_lowercase());
}

/// A full-width form's ASCII counterpart (`Ａ` → `A`, `，` → `,`), and the
/// ideographic space as a space.
fn widened_to_ascii(c: char) -> Option<char> {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21),
        '\u{3000}' => Some(' '),
        _ => None,
    }
}

/// A folded text with, for every folded byte, the original character it
/// came from.
struct FoldMap {
    folded: String,
    /// Start in the original text of the character each folded byte comes
    /// from; empty when the text is ASCII (folding kept every offset).
    origin: Vec<usize>,
}

impl FoldMap {
    fn new(text: &str) -> FoldMap {
        let mut folded = String::with_capacity(text.len());
        if text.is_ascii() {
            fold_into(text, &mut folded);
            return FoldMap {
                folded,
                origin: Vec::new(),
            };
        }
        let mut origin = Vec::with_capacity(text.len());
        for (at, c) in text.char_indices() {
            let before = folded.len();
            fold_char(c, &mut folded);
            origin.resize(origin.len() + folded.len() - before, at);
        }
        FoldMap { folded, origin }
    }

    /// The original byte range covering folded bytes `range` (non-empty),
    /// widened to whole original characters.
    fn original(&self, range: Range<usize>, text: &str) -> Range<usize> {
        if self.origin.is_empty() {
            return range;
        }
        let start = self.origin.get(range.start).copied().unwrap_or(text.len());
        let last = self
            .origin
            .get(range.end.saturating_sub(1))
            .copied()
            .unwrap_or(text.len());
        let end = last + text[last..].chars().next().map_or(0, char::len_utf8);
        start..end
    }
}

/// Sort ranges and merge those that overlap or touch.
fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)] // one match is one range
mod tests {
    use super::*;

    /// The matched substrings of `text`, or None when not every term occurs.
    fn found<'t>(query: &str, text: &'t str) -> Option<Vec<&'t str>> {
        Query::parse(query)
            .find(text)
            .map(|ranges| ranges.into_iter().map(|r| &text[r]).collect())
    }

    #[test]
    fn table() {
        #[rustfmt::skip]
        let cases: &[(&str, &str, Option<&[&str]>)] = &[
            // English: words and prefixes, not the middle of a word.
            ("price", "Discussed pricing for 50 seats", Some(&["pricing"])),
            ("price", "Prices went up", Some(&["Price"])),
            ("pric", "Discussed pricing", Some(&["pric"])),
            ("price", "Tim pricked a finger", None),
            ("quote", "asked for a quotation", Some(&["quotation"])),
            ("quote", "quoting 50 seats", Some(&["quoting"])),
            ("negotiate", "negotiation stalled", Some(&["negotiation"])),
            ("reply", "no replies yet", Some(&["replies"])),
            ("apply", "application sent", Some(&["application"])),
            ("time", "Tim called", None),
            ("sale", "salary talk", None),
            ("price", "Price list sent", Some(&["Price"])),
            ("price", "Sent the price list; price agreed", Some(&["price", "price"])),
            ("ice", "Discussed the price", None),
            ("50", "150 seats", None),
            ("50", "50 seats", Some(&["50"])),
            ("PRICING", "discussed pricing", Some(&["pricing"])),
            ("pricing seats", "Seats: 50, pricing next week", Some(&["Seats", "pricing"])),
            ("seats pricing", "pricing for 50 seats", Some(&["pricing", "seats"])),
            ("pricing", "Price list", None),
            ("pricing cfo", "pricing for 50 seats", None),
            // Chinese: substring.
            ("报价", "客户想要报价单", Some(&["报价"])),
            ("报价单", "客户想要报价", None),
            ("想要 报价", "客户想要报价单", Some(&["想要报价"])),
            ("价单", "客户想要报价单", Some(&["价单"])),
            // Mixed: a Latin word right after CJK text starts a word.
            ("price", "客户要price表", Some(&["price"])),
            ("iphone 报价", "iPhone 16 的报价", Some(&["iPhone", "报价"])),
            ("phone", "iPhone 16 的报价", None),
            ("报价", "Sent 报价单 today", Some(&["报价"])),
            // Punctuation: a term is matched whole; punctuation starts words.
            ("e-mail", "Sent an E-Mail", Some(&["E-Mail"])),
            ("mail", "Sent an E-Mail", Some(&["Mail"])),
            ("li@acme", "write to li@acme.com", Some(&["li@acme"])),
            ("acme", "write to li@acme.com", Some(&["acme"])),
            ("quote", "\"Quote\" requested", Some(&["Quote"])),
            ("$50k", "budget is $50k", Some(&["$50k"])),
            ("50k", "budget is $50k", Some(&["50k"])),
            ("报价", "报价、报价。", Some(&["报价", "报价"])),
            // Full-width forms read as ASCII, both ways.
            ("price", "ＰＲＩＣＥ ｌｉｓｔ", Some(&["ＰＲＩＣＥ"])),
            ("ｐｒｉｃｅ", "Price list", Some(&["Price"])),
            ("12", "型号１２３", Some(&["１２"])),
            ("a,b", "ａ，ｂ", Some(&["ａ，ｂ"])),
            // Case folding beyond ASCII.
            ("ärger", "Großer Ärger mit dem Preis", Some(&["Ärger"])),
            ("ÄRGER", "großer ärger", Some(&["ärger"])),
            ("straße", "STRASSE", None),
            ("σοφία", "ΣΟΦΊΑ", Some(&["ΣΟΦΊΑ"])),
            ("i", "İstanbul office", Some(&["İ"])),
            ("office", "İstanbul office", Some(&["office"])),
            ("k", "\u{212A}elvin", Some(&["\u{212A}"])),
            ("müller", "Herr Müller-Lüdenscheidt", Some(&["Müller"])),
            ("lüdenscheidt", "Herr Müller-Lüdenscheidt", Some(&["Lüdenscheidt"])),
            ("üller", "Herr Müller", None),
            // Emoji: not a letter, so words start after one.
            ("price", "👍price ok", Some(&["price"])),
            ("👍", "agreed 👍 👍👍", Some(&["👍", "👍👍"])),
            ("ok👍", "agreed ok👍", Some(&["ok👍"])),
            // Control characters: separators, never part of a word.
            ("price", "a\x1bprice", Some(&["price"])),
            ("ring", "\x07ring\x07", Some(&["ring"])),
            ("1mprice", "a\x1b[1mprice", Some(&["1mprice"])),
            ("quote", "line one\nquote\tsent", Some(&["quote"])),
            ("one quote", "line one\nquote\tsent", Some(&["one", "quote"])),
            // Nothing to look for matches nothing.
            ("", "anything", None),
            ("   ", "anything", None),
        ];
        for &(query, text, want) in cases {
            let want: Option<Vec<&str>> = want.map(<[&str]>::to_vec);
            assert_eq!(found(query, text), want, "{query:?} in {text:?}");
        }
    }

    #[test]
    fn ranges_are_byte_ranges_of_the_stored_text() {
        let q = Query::parse("报价");
        assert_eq!(q.find("客户想要报价单"), Some(vec![12..18]));
        // Folding changed the length: ＰＲＩＣＥ is 15 bytes, price 5.
        let q = Query::parse("price");
        assert_eq!(q.find("ＰＲＩＣＥ!"), Some(vec![0..15]));
        // İ lowercases to two characters; the range covers the one İ.
        assert_eq!(Query::parse("i").find("xİ İ"), Some(vec![4..6]));
        // Overlapping occurrences merge into one range.
        assert_eq!(Query::parse("哈哈").find("哈哈哈"), Some(vec![0..9]));
        // Two terms touching merge too.
        assert_eq!(Query::parse("报 价").find("报价"), Some(vec![0..6]));
    }

    #[test]
    fn overlapping_occurrences_are_tried_for_a_word_start() {
        // "a-a" first occurs inside "ba-a" (not a word start); the
        // overlapping occurrence after the hyphen starts a word.
        assert_eq!(Query::parse("a-a").find("ba-a-a"), Some(vec![3..6]));
    }

    #[test]
    fn every_term_must_match_somewhere_in_the_entry() {
        let q = Query::parse("pricing cfo");
        let mut scratch = Scratch::default();
        assert!(q.matches(&["pricing for 50 seats", "the CFO agreed"], &mut scratch));
        assert!(!q.matches(&["pricing for 50 seats", "agreed"], &mut scratch));
        // The scratch is reused: a shorter call does not see old fields.
        assert!(!q.matches(&["pricing"], &mut scratch));
        assert_eq!(q.count_in("CFO asked about pricing"), 2);
        assert_eq!(q.count_in("pricing"), 1);
    }

    #[test]
    fn terms_split_at_any_white_space_and_repeat_once() {
        assert_eq!(Query::parse("报价\u{3000}单 报价").terms.len(), 2);
        assert_eq!(Query::parse("a\tb\nc").terms.len(), 3);
        assert!(Query::parse(" \u{3000} ").is_empty());
    }

    #[test]
    fn ranges_skip_terms_that_do_not_occur_in_this_field() {
        let q = Query::parse("pricing cfo");
        assert_eq!(q.ranges("the CFO agreed"), vec![4..7]);
    }

    /// Texts mixing what folding and word starts care about.
    fn mixed() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::string::string_regex("[a-zA-Z0-9 ,.@İ\u{212A}ＡＰｐ１报价单客户\n\x1b👍-]{0,24}")
            .expect("regex")
    }

    proptest::proptest! {
        /// Ranges are sorted, apart, on character boundaries of the text,
        /// and each one folds back to something a term finds.
        #[test]
        fn ranges_are_well_formed(query in mixed(), text in mixed()) {
            let q = Query::parse(&query);
            let ranges = q.ranges(&text);
            for pair in ranges.windows(2) {
                proptest::prop_assert!(pair[0].end < pair[1].start, "{ranges:?}");
            }
            for r in &ranges {
                proptest::prop_assert!(r.start < r.end && r.end <= text.len());
                proptest::prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            }
            if q.find(&text).is_some() {
                proptest::prop_assert!(!ranges.is_empty());
            }
        }

        /// CJK is found wherever it is, whatever surrounds it.
        #[test]
        fn cjk_is_found_inside_anything(before in mixed(), after in mixed()) {
            let text = format!("{before}报价单{after}");
            proptest::prop_assert!(Query::parse("报价").find(&text).is_some());
            proptest::prop_assert!(Query::parse("价单").find(&text).is_some());
        }

        /// Case never matters: a text is found by its own words in upper
        /// or lower case.
        #[test]
        fn case_does_not_matter(word in "[a-z]{1,8}", before in "[ ,.]{0,2}") {
            let text = format!("{before}{word} tail");
            proptest::prop_assert!(Query::parse(&word.to_uppercase()).find(&text).is_some());
            let upper = text.to_uppercase();
            proptest::prop_assert!(Query::parse(&word).find(&upper).is_some());
        }
    }
}
