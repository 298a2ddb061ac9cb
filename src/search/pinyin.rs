//! Pinyin matching of Chinese text: at build time, a summary of the letters
//! and letter pairs a text's readings can produce (a cheap prefilter); at
//! query time, an atom's pinyin matcher and its score.

use ib_pinyin::matcher::PinyinMatcher;
use ib_pinyin::pinyin::{PinyinData, PinyinNotation};
use nucleo_matcher::chars;
use nucleo_matcher::pattern::{Atom, AtomKind};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::SearchIndex;
use super::masks::{BONUS_CAMEL123, CJK, char_bit};

/// No pinyin: the text has no Chinese characters.
pub(super) const NO_PINYIN: u32 = u32::MAX;

/// A text that contains Chinese characters, prepared for pinyin matching.
#[derive(Debug, Clone, Copy)]
pub(super) struct PinyinText {
    /// Letters occurring in any reading of any char, plus plain ASCII letters.
    pub(super) letters: u32,
    /// First letters of the readings, plus plain ASCII letters: where a pinyin
    /// match can start.
    pub(super) initials: u32,
    /// Hashed set of letter pairs a pinyin match can contain: pairs inside a
    /// reading, and (last letter or initial of a reading, initial of a reading
    /// of the next char). Every pair of adjacent letters in a matching pattern
    /// is in this set.
    pub(super) bigrams: [u64; 4],
}

/// What the pinyin readings of one char contribute to a [`PinyinText`].
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct CharPinyin {
    letters: u32,
    /// Initials of the readings; zero if the char has no reading.
    firsts: u32,
    /// Last letters and initials of the readings.
    ends: u32,
    /// Letter pairs inside the readings.
    bigrams: [u64; 4],
}

impl SearchIndex {
    /// Prepares a text with Chinese characters for pinyin matching.
    pub(super) fn pinyin_text(&mut self, text: &str) -> u32 {
        let mut letters = 0u32;
        let mut initials = 0u32;
        let mut bigrams = [0u64; 4];
        let mut has_hanzi = false;
        // Letters that can end the segment matched against the previous char
        // (the last letter of a full reading, or the initial).
        let mut prev_ends = 0u32;
        for c in text.chars() {
            let info = if c.is_ascii() {
                if c.is_ascii_alphabetic() {
                    reading_info(&[c.to_ascii_lowercase() as u8])
                } else {
                    CharPinyin::default()
                }
            } else {
                let info = self.char_pinyin(c);
                if info.firsts != 0 {
                    has_hanzi = true;
                    info
                } else {
                    // Plain matching folds case: 'Ａ' and the like can match letters.
                    let folded = c.to_lowercase().next().unwrap_or(c);
                    if folded.is_ascii_lowercase() {
                        reading_info(&[folded as u8])
                    } else {
                        CharPinyin::default()
                    }
                }
            };
            letters |= info.letters;
            initials |= info.firsts;
            for (set, add) in bigrams.iter_mut().zip(info.bigrams) {
                *set |= add;
            }
            if info.firsts != 0 {
                for a in bits(prev_ends) {
                    set_bigram_row(&mut bigrams, a, info.firsts);
                }
            }
            prev_ends = info.ends;
        }
        if !has_hanzi {
            return NO_PINYIN;
        }
        let id = u32::try_from(self.pinyin_texts.len()).unwrap_or(NO_PINYIN);
        self.pinyin_texts.push(PinyinText {
            letters,
            initials,
            bigrams,
        });
        id
    }

    /// The pinyin summary of a non-ASCII char, cached for common hanzi.
    pub(super) fn char_pinyin(&mut self, c: char) -> CharPinyin {
        if !CJK.contains(&c) {
            return self.lookup_pinyin(c);
        }
        let first = *CJK.start() as usize;
        let slot = c as usize - first;
        if self.char_pinyin_slot.is_empty() {
            self.char_pinyin_slot = vec![0; *CJK.end() as usize - first + 1];
        }
        match self.char_pinyin_slot[slot] {
            0 => {
                let info = self.lookup_pinyin(c);
                if let Ok(n) = u16::try_from(self.char_pinyin.len() + 1) {
                    self.char_pinyin.push(info);
                    self.char_pinyin_slot[slot] = n;
                }
                info
            }
            n => self.char_pinyin[usize::from(n) - 1],
        }
    }

    fn lookup_pinyin(&self, c: char) -> CharPinyin {
        let mut info = CharPinyin::default();
        self.pinyin.get_pinyins_and_for_each(c, |py| {
            if let Some(ascii) = py.notation(PinyinNotation::Ascii) {
                let r = reading_info(ascii.as_bytes());
                info.letters |= r.letters;
                info.firsts |= r.firsts;
                info.ends |= r.ends;
                for (set, add) in info.bigrams.iter_mut().zip(r.bigrams) {
                    *set |= add;
                }
            }
        });
        info
    }
}

/// The bit of an ASCII lowercase letter.
#[inline]
fn letter_bit(b: u8) -> u32 {
    1 << (b.wrapping_sub(b'a') % 26)
}

/// Iterates the letters (`b'a'..=b'z'`) whose bits are set.
pub(super) fn bits(mut mask: u32) -> impl Iterator<Item = u8> {
    std::iter::from_fn(move || {
        if mask == 0 {
            return None;
        }
        let i = mask.trailing_zeros();
        mask &= mask - 1;
        Some(b'a' + i as u8)
    })
}

#[inline]
fn bigram_slot(a: u8, b: u8) -> (usize, u64) {
    let a = usize::from(a.wrapping_sub(b'a') % 26);
    let b = usize::from(b.wrapping_sub(b'a') % 26);
    let i = (a * 26 + b) % 256;
    (i / 64, 1 << (i % 64))
}

#[inline]
pub(super) fn set_bigram(set: &mut [u64; 4], a: u8, b: u8) {
    let (word, bit) = bigram_slot(a, b);
    set[word] |= bit;
}

/// [`set_bigram`] for `a` and every letter `b` in `row` at once: the slots of
/// `(a, 'a'..='z')` are 26 consecutive bits of the 256-bit ring.
#[inline]
pub(super) fn set_bigram_row(set: &mut [u64; 4], a: u8, row: u32) {
    let base = usize::from(a.wrapping_sub(b'a') % 26) * 26 % 256;
    let wide = u128::from(row & 0x03ff_ffff) << (base % 64);
    set[base / 64] |= wide as u64;
    set[(base / 64 + 1) % 4] |= (wide >> 64) as u64;
}

/// What one reading (lowercase ASCII letters) contributes to a [`PinyinText`].
fn reading_info(reading: &[u8]) -> CharPinyin {
    let mut info = CharPinyin::default();
    let (Some(&first), Some(&last)) = (reading.first(), reading.last()) else {
        return info;
    };
    if !reading.iter().all(u8::is_ascii_lowercase) {
        return info;
    }
    info.firsts = letter_bit(first);
    info.ends = letter_bit(first) | letter_bit(last);
    for pair in reading.windows(2) {
        set_bigram(&mut info.bigrams, pair[0], pair[1]);
    }
    for &b in reading {
        info.letters |= letter_bit(b);
    }
    info
}

/// The pinyin pattern for an atom, if the atom can match pinyin at all: it must
/// be a positive fuzzy, substring or prefix atom containing an ASCII letter.
pub(super) fn pinyin_pattern(atom: &Atom) -> Option<String> {
    if atom.negative
        || !matches!(
            atom.kind,
            AtomKind::Fuzzy | AtomKind::Substring | AtomKind::Prefix
        )
    {
        return None;
    }
    let text: String = atom.needle_text().chars().collect();
    text.bytes()
        .any(|b| b.is_ascii_alphabetic())
        .then_some(text)
}

/// A pinyin match of one atom in one field.
pub(super) struct PinyinHit {
    pub(super) score: u32,
    /// Byte range of the match in the field's UTF-8 text.
    pub(super) bytes: std::ops::Range<usize>,
}

pub(super) struct PinyinAtom<'a> {
    matcher: PinyinMatcher<'a>,
    /// ASCII letters of the pattern.
    letters: u32,
    /// Adjacent letter pairs of the pattern.
    bigrams: [u64; 4],
    /// Other chars of the pattern, which must occur literally.
    others: u64,
    /// The letter a match must start with, if the pattern starts with a letter.
    first: Option<u32>,
    prefix_only: bool,
    pub(super) score_at_start: u32,
    score_inside: u32,
}

impl<'a> PinyinAtom<'a> {
    /// `case_insensitive` applies to chars matched literally (smart case, as
    /// for nucleo); letters always match pinyin in either case.
    pub(super) fn new(
        pattern: &'a str,
        kind: AtomKind,
        case_insensitive: bool,
        data: &'a PinyinData,
        matcher: &mut Matcher,
    ) -> Self {
        let lower = pattern.to_ascii_lowercase();
        let mut letters = 0;
        let mut others = 0;
        for c in lower.chars() {
            if c.is_ascii_lowercase() {
                letters |= letter_bit(c as u8);
            } else {
                others |= char_bit(chars::to_lower_case(c));
            }
        }
        let mut bigrams = [0; 4];
        for pair in lower.as_bytes().windows(2) {
            if pair[0].is_ascii_lowercase() && pair[1].is_ascii_lowercase() {
                set_bigram(&mut bigrams, pair[0], pair[1]);
            }
        }
        let first = lower
            .bytes()
            .next()
            .filter(u8::is_ascii_lowercase)
            .map(letter_bit);
        // Score a pinyin match like nucleo scores the same letters matched
        // contiguously at a word start: at the start of the field, or after a
        // non-word char (a slightly smaller boundary bonus) inside it.
        // The needle is compared with itself, so no folding is needed (and
        // folding only the haystack side would break the match for "É").
        matcher.config = Config::DEFAULT;
        matcher.config.ignore_case = false;
        matcher.config.normalize = false;
        let needle: Vec<char> = pattern.chars().collect();
        let mut inside: Vec<char> = Vec::with_capacity(needle.len() + 1);
        inside.push('-');
        inside.extend_from_slice(&needle);
        let score_at_start = matcher
            .fuzzy_match(Utf32Str::Unicode(&needle), Utf32Str::Unicode(&needle))
            .map_or(0, u32::from);
        let score_inside = matcher
            .fuzzy_match(Utf32Str::Unicode(&inside), Utf32Str::Unicode(&needle))
            .map_or(0, u32::from);
        let matcher = PinyinMatcher::builder(pattern)
            .pinyin_data(data)
            .pinyin_notations(PinyinNotation::Ascii | PinyinNotation::AsciiFirstLetter)
            .case_insensitive(case_insensitive)
            .pinyin_case_insensitive(true)
            .is_pattern_partial(true)
            .analyze(true)
            .build();
        PinyinAtom {
            matcher,
            letters,
            bigrams,
            others,
            first,
            prefix_only: kind == AtomKind::Prefix,
            score_at_start,
            score_inside,
        }
    }

    /// Cheap necessary condition for a pinyin match in the field.
    #[inline]
    pub(super) fn may_match(&self, pf: &PinyinText, text_mask: u64) -> bool {
        self.letters & !pf.letters == 0
            && self.others & !text_mask == 0
            && self.first.is_none_or(|b| pf.initials & b != 0)
            && self
                .bigrams
                .iter()
                .zip(&pf.bigrams)
                .all(|(need, have)| need & !have == 0)
    }

    pub(super) fn find(&self, text: &str) -> Option<PinyinHit> {
        let m = self.matcher.find(text)?;
        if m.start() >= m.end() || (self.prefix_only && m.start() != 0) {
            return None;
        }
        let mut score = if m.start() == 0 {
            self.score_at_start
        } else {
            self.score_inside
        };
        if m.is_pattern_partial() {
            // The last syllable is only begun: rank full syllables first.
            score = score.saturating_sub(BONUS_CAMEL123);
        }
        Some(PinyinHit {
            score,
            bytes: m.range(),
        })
    }
}
