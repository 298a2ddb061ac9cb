//! Which characters a text contains, and which of them sit where nucleo
//! gives its big word-start bonuses: 64-bit masks computed once per text, so
//! a query can reject most entries and bound the score of the rest without
//! running a matcher. Also nucleo's scoring constants and char classes, which
//! nucleo does not export.

use nucleo_matcher::chars;

// nucleo's scoring constants (nucleo_matcher::score, not exported): a matched
// char scores 16 plus a bonus of at most 10; the first char's bonus counts twice.
pub(super) const SCORE_MATCH: u32 = 16;
pub(super) const BONUS_MAX: u32 = 10;
pub(super) const BONUS_BOUNDARY_WHITE: u32 = 10;
pub(super) const BONUS_BOUNDARY_DELIMITER: u32 = 9;
const BONUS_BOUNDARY: u32 = 8;
pub(super) const BONUS_CAMEL123: u32 = 5;
const DELIMITERS: &[u8] = b"/,:;|";

/// Characters occurring where nucleo gives a big bonus (as [`tier_bits`] of
/// [`char_bit`] masks): `[0]` at the start or after whitespace (bonus 10),
/// `[1]` after a delimiter or non-word char, or being one (8–9). Anywhere else
/// the bonus is at most 5.
pub(super) type Tiers = [u32; 2];

/// Folds a [`char_bit`] mask into 32 bits: letters and the digits 0–4 keep
/// their bit, everything else shares bit 31.
#[inline]
pub(super) fn tier_bits(bits: u64) -> u32 {
    (bits as u32 & 0x7fff_ffff) | (u32::from(bits >> 31 != 0) << 31)
}

/// Accumulates a text's [`Text::mask`](super::text::Text::mask) and
/// [`Text::tiers`](super::text::Text::tiers), char by char.
pub(super) struct Masks {
    pub(super) mask: u64,
    pub(super) tiers: Tiers,
    pub(super) prev: Class,
}

impl Masks {
    #[inline(always)]
    pub(super) fn add(&mut self, c: char, bits: u64) {
        let class = char_class(c);
        let bonus = u32::from(BONUS[self.prev as usize][class as usize]);
        self.prev = class;
        self.mask |= bits;
        if bonus >= BONUS_BOUNDARY_WHITE {
            self.tiers[0] |= tier_bits(bits);
        } else if bonus >= BONUS_BOUNDARY {
            self.tiers[1] |= tier_bits(bits);
        }
    }
}

/// The presence bit of one (already case-folded) char.
#[inline]
pub(super) fn char_bit(c: char) -> u64 {
    match c {
        'a'..='z' => 1 << (c as u32 - 'a' as u32),
        '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
        // Any other char: one of the 28 remaining bits, by a multiplicative
        // hash (no division on this hot path).
        _ => {
            let h = u64::from((c as u32).wrapping_mul(0x9e37_79b9));
            1 << (36 + ((h * 28) >> 32))
        }
    }
}

/// Bits a haystack char can satisfy: nucleo compares the needle char with the
/// haystack char after optional normalization and optional case folding.
#[inline]
pub(super) fn haystack_bits(c: char) -> u64 {
    if c.is_ascii() || CJK.contains(&c) {
        char_bit(c.to_ascii_lowercase())
    } else {
        char_bit(chars::to_lower_case(c)) | char_bit(chars::to_lower_case(chars::normalize(c)))
    }
}

/// nucleo's character classes (`nucleo_matcher::chars::CharClass`, private).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    Whitespace = 0,
    NonWord = 1,
    Delimiter = 2,
    Lower = 3,
    Upper = 4,
    Letter = 5,
    Number = 6,
}

const CLASSES: usize = 7;

/// [`char_class`] of every ASCII char.
const ASCII_CLASS: [Class; 128] = {
    let mut table = [Class::NonWord; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = ascii_class(b as u8);
        b += 1;
    }
    table
};

/// [`bonus_for`] of every pair of classes, indexed `[prev][class]`.
const BONUS: [[u8; CLASSES]; CLASSES] = {
    const ALL: [Class; CLASSES] = [
        Class::Whitespace,
        Class::NonWord,
        Class::Delimiter,
        Class::Lower,
        Class::Upper,
        Class::Letter,
        Class::Number,
    ];
    let mut table = [[0; CLASSES]; CLASSES];
    let mut p = 0;
    while p < CLASSES {
        let mut c = 0;
        while c < CLASSES {
            table[p][c] = bonus_for(ALL[p], ALL[c]) as u8;
            c += 1;
        }
        p += 1;
    }
    table
};

const fn ascii_class(b: u8) -> Class {
    if b.is_ascii_lowercase() {
        Class::Lower
    } else if b.is_ascii_uppercase() {
        Class::Upper
    } else if b.is_ascii_digit() {
        Class::Number
    } else if b.is_ascii_whitespace() {
        Class::Whitespace
    } else {
        let mut i = 0;
        while i < DELIMITERS.len() {
            if DELIMITERS[i] == b {
                return Class::Delimiter;
            }
            i += 1;
        }
        Class::NonWord
    }
}

/// CJK Unified Ideographs: no case, no normalization, all of class `Letter`
/// (checked by a test), so the hot paths skip the Unicode table lookups.
pub(super) const CJK: std::ops::RangeInclusive<char> = '\u{4E00}'..='\u{9FFF}';

#[inline]
fn char_class(c: char) -> Class {
    if CJK.contains(&c) {
        return Class::Letter;
    }
    if c.is_ascii() {
        ASCII_CLASS[c as usize & 0x7f]
    } else if c.is_lowercase() {
        Class::Lower
    } else if chars::is_upper_case(c) {
        Class::Upper
    } else if c.is_numeric() {
        Class::Number
    } else if c.is_alphabetic() {
        Class::Letter
    } else if c.is_whitespace() {
        Class::Whitespace
    } else {
        Class::NonWord
    }
}

/// nucleo's bonus for a char of class `class` after one of class `prev`
/// (`Config::bonus_for` with the default config).
const fn bonus_for(prev: Class, class: Class) -> u32 {
    let word = matches!(
        class,
        Class::Lower | Class::Upper | Class::Letter | Class::Number
    );
    if word {
        match prev {
            Class::Whitespace => return BONUS_BOUNDARY_WHITE,
            Class::Delimiter => return BONUS_BOUNDARY_DELIMITER,
            Class::NonWord => return BONUS_BOUNDARY,
            _ => {}
        }
    }
    let (prev, class) = (prev as u8, class as u8);
    if (prev == Class::Lower as u8 && class == Class::Upper as u8)
        || (prev != Class::Number as u8 && class == Class::Number as u8)
    {
        BONUS_CAMEL123
    } else if class == Class::Whitespace as u8 {
        BONUS_BOUNDARY_WHITE
    } else if class == Class::NonWord as u8 {
        BONUS_BOUNDARY
    } else {
        0
    }
}
