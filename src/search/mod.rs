//! Fuzzy customer search: fzf-like ranking with matched positions for highlighting.
//!
//! Ranking is done by [`nucleo_matcher`] (smart case, Unicode normalization, the
//! `Pattern` atom syntax: `foo bar` = both must match, `'foo` substring, `^foo`
//! prefix, `foo$` suffix, `!foo` exclusion). Chinese text additionally matches
//! by pinyin — full syllables, initials or a mix, all heteronym readings — via
//! [`ib_pinyin`]'s matcher, so `zw`, `zhangwei` and `zhangw` all find 张伟 and
//! `sxx` finds 单雄信 (单 read "shan").
//!
//! # How a query is scored
//!
//! The query is split into atoms (nucleo's `Pattern::parse`). Every positive
//! atom must match at least one field of an entry (name, company or email),
//! either through nucleo or — for atoms with ASCII letters and fields with
//! Chinese characters — through pinyin. An atom's score is its best score over
//! those fields; the entry's score is the sum over atoms (the same sum nucleo's
//! `Pattern::score` uses). The reported [`Field`] is the one collecting the most
//! score, and `positions` are the matched char indices in that field (atoms
//! that scored best in another field are not highlighted).
//!
//! A pinyin match is contiguous by construction (each matched Chinese char
//! consumes a full syllable or its initial), so it is scored as nucleo scores
//! the atom matching a contiguous run of letters at a word start — the same as
//! `wang` matching the start of "Wang Fang" — with a small penalty when the
//! run does not start the field, and one when the last syllable is only a
//! prefix (`zhan` for 张). An atom reached only through pinyin counts one
//! point less, so an equally good literal match ranks first. That puts "王芳"
//! right behind "Wang Fang" for `wang`, both above "Wayne Nguyen", and 李
//! above 廖 (liao) for `li`.
//!
//! # Performance
//!
//! Everything that does not depend on the query is prepared in
//! [`SearchIndex::push`]: the matcher form of every field (ASCII bytes or UTF-32
//! chars, in two shared arenas rather than one allocation per field), a 64-bit
//! "which characters occur" mask per field, masks of the characters that occur
//! at word starts (where nucleo gives its largest bonuses) and, for fields with
//! Chinese characters only, the letters, initials and letter pairs that their
//! pinyin readings can produce. Identical names and companies are stored once
//! (a company has many contacts; many people are called 王伟), and a search
//! matches each distinct text once per atom (a per-query memo).
//!
//! A search then (1) rejects entries whose masks cannot match, (2) computes an
//! upper bound of the score of the rest from those masks (nucleo's score is at
//! most 16 per matched char plus bounded bonuses, the first char's depending on
//! where it can occur), (3) runs the real matchers only for entries whose bound
//! can still beat the current `limit`-th hit, and (4) computes positions only
//! for the hits returned. Entries skipped in (3) still get an exact yes/no
//! match check when the caller wants the full match set ([`SearchIndex::search_among`]).
//! The bound, the pruning and the yes/no check are tested against scoring
//! every entry with nucleo.
//!
//! Narrowing: [`SearchIndex::search_among`] is exact when the new query extends
//! the previous one (more characters or more atoms) and contains no negated
//! (`!`) atom; callers should start again from all entries otherwise, and
//! also after a query that matched nothing because it had no atoms (empty, or
//! only syntax such as `'` or `^`).
//!
//! # Layout
//!
//! - `text`: the index's text storage (arenas, spans, interning).
//! - `masks`: per-text character masks and nucleo's char classes and
//!   bonuses, from which the prefilter and the score bounds are computed.
//! - `pinyin`: everything pinyin, at build time and at query time.
//! - `plan`: query atoms prepared for matching.
//! - `matching`: exact per-text scores and yes/no checks, memoized per query.
//! - `score`: per-entry score bounds and scoring with pruning.
//! - `rank`: the search loop (top `limit` hits) and hit positions.

mod masks;
mod matching;
mod pinyin;
mod plan;
mod rank;
mod score;
mod snapshot;
#[cfg(test)]
mod tests;
mod text;

use std::collections::HashMap;
use std::fmt;
use std::hash::BuildHasherDefault;

use ib_pinyin::pinyin::{PinyinData, PinyinNotation};

use self::pinyin::{CharPinyin, PinyinText};
pub use self::snapshot::SnapshotKey;
use self::text::{MAX_FIELD_CHARS, PassThroughHasher, Span, Text, truncate_chars};

const FIELDS: usize = 3;

/// The longest query rolo searches for, in characters: `rolo search`, the
/// filters of `rolo list`, a customer reference, the palette and the TUI's
/// `/` filter. Every word of a query is matched against every customer, so
/// a query of a megabyte would take minutes; no name needs more than this.
/// Longer queries are refused by the CLI (exit 2), not typed past in the
/// TUI, and cut to this length by [`SearchIndex::search`] itself.
pub const MAX_QUERY_CHARS: usize = 256;

/// A query longer than [`MAX_QUERY_CHARS`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} is {chars} characters long; rolo searches for at most {MAX_QUERY_CHARS}")]
pub struct QueryTooLong {
    /// What was too long, as the message names it (`the search query`, `--tag`).
    pub what: String,
    pub chars: usize,
}

impl crate::fault::Blamed for QueryTooLong {
    fn blame(&self) -> crate::fault::Blame {
        crate::fault::Blame::Input
    }
}

/// Refuse a query longer than [`MAX_QUERY_CHARS`]; `what` names it.
pub fn check_query(what: &str, query: &str) -> Result<(), QueryTooLong> {
    let chars = query.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(QueryTooLong {
            what: what.to_string(),
            chars,
        });
    }
    Ok(())
}

/// Which field of an entry a [`Hit`] matched in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Company,
    Email,
}

impl Field {
    const ALL: [Field; FIELDS] = [Field::Name, Field::Company, Field::Email];
}

/// One ranked search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The id given to [`SearchIndex::push`].
    pub id: u64,
    /// Higher is better; comparable within one query only.
    pub score: u32,
    /// The field that contributed most of the score.
    pub field: Field,
    /// Sorted, deduplicated char indices into that field's original text, for
    /// highlighting (for a pinyin match: the indices of the matched CJK chars).
    pub positions: Vec<u32>,
}

/// A fuzzy index over customers' name, company and email.
///
/// Entries are addressed by their insertion index (`u32`), which is what
/// [`SearchIndex::search_among`] takes and returns. Identical names and
/// companies (common: many contacts per company, many people called 王伟)
/// are stored and matched once per query.
pub struct SearchIndex {
    ids: Vec<u64>,
    name_chars: Vec<u32>,
    /// Per entry, its name, company and email.
    fields: Vec<[Text; FIELDS]>,
    /// Per entry, the union of its texts' masks.
    entry_masks: Vec<u64>,
    /// Per text id, where its matcher-ready form is.
    spans: Vec<Span>,
    pinyin_texts: Vec<PinyinText>,
    ascii: Vec<u8>,
    wide: Vec<char>,
    /// Names and companies by [`text::text_hash`], with where their text is.
    interned: HashMap<u64, (Text, Span), BuildHasherDefault<PassThroughHasher>>,
    pinyin: PinyinData,
    /// Build-time cache for [`masks::CJK`] chars: 0 = not looked up yet, otherwise
    /// 1 + an index into `char_pinyin`.
    char_pinyin_slot: Vec<u16>,
    char_pinyin: Vec<CharPinyin>,
}

impl fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SearchIndex")
            .field("len", &self.ids.len())
            .field("texts", &self.spans.len())
            .field("pinyin_texts", &self.pinyin_texts.len())
            .finish_non_exhaustive()
    }
}

impl Default for SearchIndex {
    fn default() -> Self {
        Self::new()
    }
}

impl SearchIndex {
    pub fn new() -> Self {
        Self::with_capacity(0)
    }

    /// Like [`SearchIndex::new`], reserving room for `entries` entries.
    pub fn with_capacity(entries: usize) -> Self {
        Self {
            ids: Vec::with_capacity(entries),
            name_chars: Vec::with_capacity(entries),
            fields: Vec::with_capacity(entries),
            entry_masks: Vec::with_capacity(entries),
            spans: Vec::with_capacity(entries),
            pinyin_texts: Vec::new(),
            ascii: Vec::with_capacity(entries * 16),
            wide: Vec::new(),
            interned: HashMap::default(),
            pinyin: PinyinData::new(PinyinNotation::Ascii | PinyinNotation::AsciiFirstLetter),
            char_pinyin_slot: Vec::new(),
            char_pinyin: Vec::new(),
        }
    }

    /// Adds one entry; its index is the previous [`SearchIndex::len`].
    pub fn push(&mut self, id: u64, name: &str, company: &str, email: &str) {
        let name_text = self.intern(truncate_chars(name, MAX_FIELD_CHARS));
        let company_text = self.intern(truncate_chars(company, MAX_FIELD_CHARS));
        // Emails are unique in practice and never read as pinyin.
        let email_text = self.push_text(truncate_chars(email, MAX_FIELD_CHARS), false);
        let texts = [name_text, company_text, email_text];
        self.ids.push(id);
        self.name_chars
            .push(u32::try_from(name.chars().count()).unwrap_or(u32::MAX));
        self.entry_masks
            .push(texts.iter().fold(0, |m, t| m | t.mask));
        self.fields.push(texts);
    }

    /// Releases what only building needs (the table that finds repeated
    /// names and companies, spare capacity): call it once the bulk of the
    /// entries is pushed. Later pushes still work; they just do not share
    /// text with entries pushed before the call.
    pub fn shrink_to_fit(&mut self) {
        self.interned = HashMap::default();
        self.char_pinyin_slot = Vec::new();
        self.char_pinyin = Vec::new();
        self.ids.shrink_to_fit();
        self.name_chars.shrink_to_fit();
        self.fields.shrink_to_fit();
        self.entry_masks.shrink_to_fit();
        self.spans.shrink_to_fit();
        self.pinyin_texts.shrink_to_fit();
        self.ascii.shrink_to_fit();
        self.wide.shrink_to_fit();
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The id pushed at `index`, if any.
    pub fn id(&self, index: u32) -> Option<u64> {
        self.ids.get(index as usize).copied()
    }

    /// Best first; ties broken by shorter name then id. Empty query → empty vec.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let count = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        self.run(0..count, query, limit, false).0
    }

    /// Like [`SearchIndex::search`] but only over entries at the given indices
    /// (the previous result set), so the TUI can narrow as a query grows.
    /// Also returns all matching entry indices (in the order of `among`) for
    /// the next narrowing. Indices out of range are ignored.
    pub fn search_among(&self, among: &[u32], query: &str, limit: usize) -> (Vec<Hit>, Vec<u32>) {
        self.run(among.iter().copied(), query, limit, true)
    }
}
