//! The index's text storage: every name, company and email in the form the
//! matchers read (ASCII bytes or UTF-32 chars, in two shared arenas), with
//! its prefilter masks; identical names and companies are stored once.

use std::hash::Hasher;

use nucleo_matcher::Utf32Str;

use super::SearchIndex;
use super::masks::{Class, Masks, Tiers, char_bit, haystack_bits};
use super::pinyin::NO_PINYIN;

/// Searchable text beyond this many chars per field is ignored (bounds the
/// per-entry cost; names, companies and emails are far shorter in practice).
pub(super) const MAX_FIELD_CHARS: usize = 256;

/// Where one text's matcher-ready form lives in the arenas.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Span {
    pub(super) start: u32,
    /// Length in chars; the top bit says "UTF-32 arena" instead of "ASCII arena".
    pub(super) len_flag: u32,
}

pub(super) const WIDE_FLAG: u32 = 1 << 31;

/// One searchable text (a name, company or email), prepared once; copied
/// into every entry that has it, so the prefilter reads entries in order.
#[derive(Debug, Clone, Copy)]
pub(super) struct Text {
    /// Which characters occur ([`char_bit`] of their folded forms).
    pub(super) mask: u64,
    pub(super) tiers: Tiers,
    /// Index into `spans` and into the per-query memo.
    pub(super) id: u32,
    /// Index into `pinyin_texts`, or [`NO_PINYIN`].
    pub(super) pinyin: u32,
}

/// FNV-1a, for interning texts (std's SipHash is several times slower and
/// the keys are not attacker-chosen in a way that matters: a collision only
/// costs a duplicate text).
pub(super) fn text_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The intern table is keyed by [`text_hash`] values already.
#[derive(Default)]
pub(super) struct PassThroughHasher(u64);

impl Hasher for PassThroughHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl SearchIndex {
    /// An identical name or company pushed before, or a new text.
    pub(super) fn intern(&mut self, text: &str) -> Text {
        let hash = text_hash(text);
        if let Some(&(known, span)) = self.interned.get(&hash)
            && self.span_equals(span, text)
        {
            return known;
        }
        let new = self.push_text(text, true);
        let span = self.spans.last().copied().unwrap_or_default();
        // On a hash collision the first text keeps the slot; the other one
        // simply is not shared.
        self.interned.entry(hash).or_insert((new, span));
        new
    }

    fn span_equals(&self, span: Span, text: &str) -> bool {
        match self.span_str(span) {
            Utf32Str::Ascii(bytes) => bytes == text.as_bytes(),
            Utf32Str::Unicode(chars) => chars.iter().copied().eq(text.chars()),
        }
    }

    /// Stores a new text.
    pub(super) fn push_text(&mut self, text: &str, pinyin: bool) -> Text {
        let mut masks = Masks {
            mask: 0,
            tiers: [0; 2],
            prev: Class::Whitespace,
        };
        let ascii = text.is_ascii();
        let span = if ascii {
            let start = u32::try_from(self.ascii.len()).ok();
            let len = u32::try_from(text.len()).ok().filter(|&l| l < WIDE_FLAG);
            match (start, len) {
                (Some(start), Some(len)) if start.checked_add(len).is_some() => {
                    for b in text.bytes() {
                        masks.add(b as char, char_bit(b.to_ascii_lowercase() as char));
                    }
                    self.ascii.extend_from_slice(text.as_bytes());
                    Span {
                        start,
                        len_flag: len,
                    }
                }
                // Past 4 GiB of text: store the field as empty.
                _ => Span::default(),
            }
        } else {
            let before = self.wide.len();
            let len = text.chars().count();
            match (u32::try_from(before), u32::try_from(len)) {
                (Ok(start), Ok(len)) if len < WIDE_FLAG && start.checked_add(len).is_some() => {
                    for c in text.chars() {
                        masks.add(c, haystack_bits(c));
                        self.wide.push(c);
                    }
                    Span {
                        start,
                        len_flag: len | WIDE_FLAG,
                    }
                }
                _ => Span::default(),
            }
        };
        let pinyin = if pinyin && !ascii && span.len_flag != 0 {
            self.pinyin_text(text)
        } else {
            NO_PINYIN
        };
        let id = u32::try_from(self.spans.len()).unwrap_or(u32::MAX);
        self.spans.push(span);
        Text {
            mask: masks.mask,
            tiers: masks.tiers,
            id,
            pinyin,
        }
    }

    #[inline]
    pub(super) fn text(&self, idx: u32, field: usize) -> Option<&Text> {
        self.fields.get(idx as usize)?.get(field)
    }

    #[inline]
    pub(super) fn haystack(&self, text: &Text) -> Utf32Str<'_> {
        self.span_str(
            self.spans
                .get(text.id as usize)
                .copied()
                .unwrap_or_default(),
        )
    }

    #[inline]
    fn span_str(&self, span: Span) -> Utf32Str<'_> {
        let start = span.start as usize;
        let len = (span.len_flag & !WIDE_FLAG) as usize;
        if span.len_flag & WIDE_FLAG != 0 {
            Utf32Str::Unicode(self.wide.get(start..start + len).unwrap_or(&[]))
        } else {
            Utf32Str::Ascii(self.ascii.get(start..start + len).unwrap_or(&[]))
        }
    }

    /// A text as UTF-8, for the pinyin matcher.
    pub(super) fn utf8<'s>(&self, text: &Text, buf: &'s mut String) -> &'s str {
        buf.clear();
        match self.haystack(text) {
            Utf32Str::Ascii(bytes) => buf.extend(bytes.iter().map(|&b| b as char)),
            Utf32Str::Unicode(chars) => buf.extend(chars),
        }
        buf
    }
}

/// Truncates to at most `max` chars, on a char boundary.
pub(super) fn truncate_chars(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    match text.char_indices().nth(max) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}
