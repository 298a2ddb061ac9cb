//! Query atoms (nucleo's `Pattern` atoms) prepared for matching: the mask and
//! score bounds of each atom, an exact yes/no check cheaper than scoring, and
//! its pinyin form.

use ib_pinyin::pinyin::PinyinData;
use nucleo_matcher::chars;
use nucleo_matcher::pattern::{Atom, AtomKind, Pattern};
use nucleo_matcher::{Matcher, Utf32Str};

use super::SearchIndex;
use super::masks::{
    BONUS_BOUNDARY_DELIMITER, BONUS_BOUNDARY_WHITE, BONUS_CAMEL123, BONUS_MAX, SCORE_MATCH, Tiers,
    char_bit, tier_bits,
};
use super::pinyin::PinyinAtom;

impl SearchIndex {
    /// Prepares the atoms: positive ones first, longer ones first (they
    /// usually reject or prune an entry sooner), then the negative ones.
    pub(super) fn plans<'a>(
        &'a self,
        pattern: &'a Pattern,
        pinyin_patterns: &'a [Option<String>],
        matcher: &mut Matcher,
    ) -> Vec<AtomPlan<'a>> {
        let mut plans: Vec<AtomPlan<'a>> = pattern
            .atoms
            .iter()
            .zip(pinyin_patterns)
            .enumerate()
            .map(|(slot, (atom, py))| {
                AtomPlan::new(atom, slot, py.as_deref(), &self.pinyin, matcher)
            })
            .collect();
        plans.sort_by_key(|p| (p.negative, std::cmp::Reverse(p.needle.len())));
        plans
    }
}

/// One query atom, prepared for matching.
pub(super) struct AtomPlan<'a> {
    pub(super) atom: &'a Atom,
    /// Position in the pattern, which indexes the per-query memo.
    pub(super) slot: usize,
    pub(super) negative: bool,
    /// Characters that must occur in a field for nucleo to match there.
    pub(super) mask: u64,
    /// The [`tier_bits`] of the needle's first char.
    first: u32,
    /// Score bounds when the first char can sit at a bonus-10, bonus-8/9 or
    /// other position.
    bounds: [u32; 3],
    /// For the exact yes/no check of fuzzy atoms without running nucleo.
    needle: Vec<char>,
    /// The needle as bytes if it is ASCII (an ASCII haystack cannot match
    /// anything else).
    needle_ascii: Option<Vec<u8>>,
    ignore_case: bool,
    normalize: bool,
    pub(super) pinyin: Option<PinyinAtom<'a>>,
}

impl<'a> AtomPlan<'a> {
    pub(super) fn new(
        atom: &'a Atom,
        slot: usize,
        pinyin_pattern: Option<&'a str>,
        data: &'a PinyinData,
        matcher: &mut Matcher,
    ) -> Self {
        let needle: Vec<char> = atom.needle_text().chars().collect();
        let mask = needle
            .iter()
            .fold(0, |m, &c| m | char_bit(chars::to_lower_case(c)));
        let first = needle
            .first()
            .map_or(0, |&c| tier_bits(char_bit(chars::to_lower_case(c))));
        // nucleo: each matched char scores 16 plus a bonus of at most 10
        // (consecutive chars inherit at most the run's first bonus); the first
        // char's bonus counts twice.
        let n = u32::try_from(needle.len()).unwrap_or(u32::MAX);
        let rest = n
            .saturating_mul(SCORE_MATCH)
            .saturating_add(n.saturating_sub(1).saturating_mul(BONUS_MAX));
        let bounds = [
            BONUS_BOUNDARY_WHITE,
            BONUS_BOUNDARY_DELIMITER,
            BONUS_CAMEL123,
        ]
        .map(|b| rest.saturating_add(2 * b).min(u32::from(u16::MAX)));
        // CaseMatching::Smart and Normalization::Smart, as nucleo applies them.
        let ignore_case = !needle.iter().any(|&c| chars::is_upper_case(c));
        let normalize = needle.iter().all(|&c| chars::normalize(c) == c);
        let pinyin =
            pinyin_pattern.map(|p| PinyinAtom::new(p, atom.kind, ignore_case, data, matcher));
        let needle_ascii = needle
            .iter()
            .all(char::is_ascii)
            .then(|| needle.iter().map(|&c| c as u8).collect());
        AtomPlan {
            atom,
            slot,
            negative: atom.negative,
            mask,
            first,
            bounds,
            needle,
            needle_ascii,
            ignore_case,
            normalize,
            pinyin,
        }
    }

    #[inline]
    pub(super) fn bound(&self, tiers: &Tiers) -> u32 {
        if self.first & tiers[0] != 0 {
            self.bounds[0]
        } else if self.first & tiers[1] != 0 {
            self.bounds[1]
        } else {
            self.bounds[2]
        }
    }

    /// Whether nucleo would match this atom in `haystack`, without scoring.
    pub(super) fn is_match(&self, haystack: Utf32Str<'_>, matcher: &mut Matcher) -> bool {
        if self.atom.kind != AtomKind::Fuzzy {
            return self.atom.score(haystack, matcher).is_some();
        }
        // A fuzzy match exists iff the needle is a subsequence of the
        // haystack under nucleo's char equivalence.
        match haystack {
            Utf32Str::Ascii(bytes) => {
                let Some(needle) = &self.needle_ascii else {
                    return false;
                };
                let mut rest = needle.as_slice();
                for &b in bytes {
                    let Some((&n, tail)) = rest.split_first() else {
                        break;
                    };
                    let c = if self.ignore_case {
                        b.to_ascii_lowercase()
                    } else {
                        b
                    };
                    if c == n {
                        rest = tail;
                    }
                }
                rest.is_empty()
            }
            Utf32Str::Unicode(text) => {
                let mut rest = self.needle.as_slice();
                for &h in text {
                    let Some((&n, tail)) = rest.split_first() else {
                        break;
                    };
                    if self.fold(h) == n {
                        rest = tail;
                    }
                }
                rest.is_empty()
            }
        }
    }

    /// A haystack char as nucleo compares it with needle chars.
    #[inline]
    pub(super) fn fold(&self, c: char) -> char {
        if c.is_ascii() {
            return if self.ignore_case {
                c.to_ascii_lowercase()
            } else {
                c
            };
        }
        let mut folded = c;
        let mut case_fold = chars::is_upper_case(c) && !c.is_lowercase();
        if self.normalize {
            folded = chars::normalize(folded);
            case_fold = true;
        }
        if case_fold && self.ignore_case {
            folded = chars::to_lower_case(folded);
        }
        folded
    }
}
