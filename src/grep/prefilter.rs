//! Ruling a record out before decoding it (pure).
//!
//! A stored record holds the UTF-8 of each of its strings verbatim (the
//! store's contract for [`crate::store::Record::raw`]), so a record whose
//! bytes lack a piece that every match of a term contains cannot match.
//! Most records of a scan are ruled out this way, by a SIMD substring
//! search over their bytes, and never decoded: decoding was most of what a
//! scan cost.
//!
//! A term's *needle* is the longest run of its folded text made of ASCII
//! letters and digits and CJK characters, taken from the stem of an
//! inflected term (`pric` for `price`, which also finds "pricing"). Those
//! characters come, in a folded text, only from themselves (CJK has no
//! case) or from ASCII of the other case — except for a few characters
//! that fold to ASCII letters or digits: full-width ones (`Ｐ`), the Kelvin
//! sign and `İ`. So the record's bytes are compared ASCII-lowercased, and
//! a record holding any of those few is not ruled out. A test walks every
//! Unicode character to keep these claims true.

use memchr::memmem::Finder;

/// What every matching record's bytes contain.
#[derive(Debug, Clone)]
pub struct Prefilter {
    /// Lowercase ASCII and CJK, one per term that has a needle.
    needles: Vec<Finder<'static>>,
    /// Some needle has ASCII in it (so characters folding to ASCII matter).
    ascii: bool,
}

impl Prefilter {
    /// The needles of `terms` (each term's text every match contains).
    pub fn new<'t>(terms: impl IntoIterator<Item = &'t str>) -> Prefilter {
        let needles: Vec<String> = terms.into_iter().filter_map(needle).collect();
        Prefilter {
            ascii: needles.iter().any(|n| n.bytes().any(|b| b.is_ascii())),
            needles: needles
                .iter()
                .map(|n| Finder::new(n.as_bytes()).into_owned())
                .collect(),
        }
    }

    /// Can a record stored as `raw` match? `false` only if it cannot.
    /// `scratch` holds the lowercased copy between calls.
    pub fn may_match(&self, raw: &[u8], scratch: &mut Vec<u8>) -> bool {
        if self.needles.is_empty() || (self.ascii && folds_to_ascii(raw)) {
            return true;
        }
        scratch.clear();
        scratch.extend_from_slice(raw);
        scratch.make_ascii_lowercase();
        self.needles.iter().all(|n| n.find(scratch).is_some())
    }
}

/// The longest run of `folded` that a match must contain as it is (after
/// ASCII lowercasing).
fn needle(folded: &str) -> Option<String> {
    folded
        .split(|c: char| !is_needle_char(c))
        .max_by_key(|run| run.len())
        .filter(|run| !run.is_empty())
        .map(str::to_string)
}

/// ASCII letters and digits, and the CJK that has no case.
fn is_needle_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || is_caseless_cjk(c)
}

/// Han, kana and hangul: folding leaves them alone and makes them from
/// nothing else.
fn is_caseless_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF
        | 0x20000..=0x3134F)
}

/// Does `raw` hold a character that folds to an ASCII letter or digit
/// without being one: `İ` (C4 B0), the Kelvin sign (E2 84 AA), full-width
/// digits and letters (EF BC 90–99, EF BC A1–BA, EF BD 81–9A)?
fn folds_to_ascii(raw: &[u8]) -> bool {
    memchr::memchr3_iter(0xC4, 0xE2, 0xEF, raw).any(|at| {
        match (raw[at], raw.get(at + 1).copied(), raw.get(at + 2).copied()) {
            (0xC4, Some(0xB0), _) => true,
            (0xE2, Some(0x84), Some(0xAA)) => true,
            (0xEF, Some(0xBC), Some(b)) => (0x90..=0x99).contains(&b) || (0xA1..=0xBA).contains(&b),
            (0xEF, Some(0xBD), Some(b)) => (0x81..=0x9A).contains(&b),
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::matcher::fold_char;
    use super::*;

    fn may(query: &[&str], raw: &str) -> bool {
        Prefilter::new(query.iter().copied()).may_match(raw.as_bytes(), &mut Vec::new())
    }

    #[test]
    fn needles_are_the_longest_plain_runs() {
        assert_eq!(needle("price").as_deref(), Some("price"));
        assert_eq!(needle("li@acme.com").as_deref(), Some("acme"));
        assert_eq!(needle("iphone报价").as_deref(), Some("iphone报价"));
        assert_eq!(needle("ärger").as_deref(), Some("rger"));
        assert_eq!(needle("σοφία"), None);
        assert_eq!(needle("👍"), None);
    }

    #[test]
    fn records_without_the_needles_are_ruled_out() {
        assert!(may(&["pric"], "\u{a7}summary\u{b0}Discussed PRICING"));
        assert!(!may(&["pric"], "\u{a7}summary\u{a4}Sent"));
        assert!(may(&["pric", "报价"], "pricing 报价"));
        assert!(!may(&["pric", "报价"], "pricing 报"));
        // A term without a needle rules nothing out.
        assert!(may(&["👍"], "nothing"));
        // Characters that fold to ASCII: not ruled out.
        assert!(may(&["pric"], "ＰＲＩＣＥ"));
        assert!(may(&["kelvin"], "\u{212A}elvin"));
        assert!(may(&["istanbul"], "İstanbul"));
        // Full-width punctuation folds to punctuation, never into a needle.
        assert!(!may(&["pric"], "报价（10套），"));
        // A CJK needle is exact whatever the record holds.
        assert!(!may(&["报价"], "ＰＲＩＣＥ 报"));
    }

    /// What the module's doc claims, for every character: a needle
    /// character in a folded text comes from itself, from ASCII of the
    /// other case, or from one of the characters `folds_to_ascii` finds.
    #[test]
    fn folding_makes_needle_characters_only_from_the_known_sources() {
        for x in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut folded = String::new();
            fold_char(x, &mut folded);
            for y in folded.chars().filter(|&y| is_needle_char(y)) {
                let from_itself = x == y || (x.is_ascii() && x.to_ascii_lowercase() == y);
                let mut utf8 = [0; 4];
                let known = folds_to_ascii(x.encode_utf8(&mut utf8).as_bytes());
                assert!(
                    from_itself || (y.is_ascii() && known),
                    "{x:?} (U+{:04X}) folds to {y:?}",
                    x as u32
                );
            }
        }
    }
}
