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

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

use ib_pinyin::matcher::PinyinMatcher;
use ib_pinyin::pinyin::{PinyinData, PinyinNotation};
use nucleo_matcher::chars;
use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// Searchable text beyond this many chars per field is ignored (bounds the
/// per-entry cost; names, companies and emails are far shorter in practice).
const MAX_FIELD_CHARS: usize = 256;

const FIELDS: usize = 3;

// nucleo's scoring constants (nucleo_matcher::score, not exported): a matched
// char scores 16 plus a bonus of at most 10; the first char's bonus counts twice.
const SCORE_MATCH: u32 = 16;
const BONUS_MAX: u32 = 10;
const BONUS_BOUNDARY_WHITE: u32 = 10;
const BONUS_BOUNDARY_DELIMITER: u32 = 9;
const BONUS_BOUNDARY: u32 = 8;
const BONUS_CAMEL123: u32 = 5;
const DELIMITERS: &[u8] = b"/,:;|";

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

/// Where one text's matcher-ready form lives in the arenas.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: u32,
    /// Length in chars; the top bit says "UTF-32 arena" instead of "ASCII arena".
    len_flag: u32,
}

const WIDE_FLAG: u32 = 1 << 31;

/// Characters occurring where nucleo gives a big bonus (as [`tier_bits`] of
/// [`char_bit`] masks): `[0]` at the start or after whitespace (bonus 10),
/// `[1]` after a delimiter or non-word char, or being one (8–9). Anywhere else
/// the bonus is at most 5.
type Tiers = [u32; 2];

/// Folds a [`char_bit`] mask into 32 bits: letters and the digits 0–4 keep
/// their bit, everything else shares bit 31.
#[inline]
fn tier_bits(bits: u64) -> u32 {
    (bits as u32 & 0x7fff_ffff) | (u32::from(bits >> 31 != 0) << 31)
}

/// Accumulates a text's [`Text::mask`] and [`Text::tiers`], char by char.
struct Masks {
    mask: u64,
    tiers: Tiers,
    prev: Class,
}

impl Masks {
    #[inline(always)]
    fn add(&mut self, c: char, bits: u64) {
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

/// No pinyin: the text has no Chinese characters.
const NO_PINYIN: u32 = u32::MAX;

/// One searchable text (a name, company or email), prepared once; copied
/// into every entry that has it, so the prefilter reads entries in order.
#[derive(Debug, Clone, Copy)]
struct Text {
    /// Which characters occur ([`char_bit`] of their folded forms).
    mask: u64,
    tiers: Tiers,
    /// Index into `spans` and into the per-query memo.
    id: u32,
    /// Index into `pinyin_texts`, or [`NO_PINYIN`].
    pinyin: u32,
}

/// A text that contains Chinese characters, prepared for pinyin matching.
#[derive(Debug, Clone, Copy)]
struct PinyinText {
    /// Letters occurring in any reading of any char, plus plain ASCII letters.
    letters: u32,
    /// First letters of the readings, plus plain ASCII letters: where a pinyin
    /// match can start.
    initials: u32,
    /// Hashed set of letter pairs a pinyin match can contain: pairs inside a
    /// reading, and (last letter or initial of a reading, initial of a reading
    /// of the next char). Every pair of adjacent letters in a matching pattern
    /// is in this set.
    bigrams: [u64; 4],
}

/// What the pinyin readings of one char contribute to a [`PinyinText`].
#[derive(Debug, Clone, Copy, Default)]
struct CharPinyin {
    letters: u32,
    /// Initials of the readings; zero if the char has no reading.
    firsts: u32,
    /// Last letters and initials of the readings.
    ends: u32,
    /// Letter pairs inside the readings.
    bigrams: [u64; 4],
}

/// FNV-1a, for interning texts (std's SipHash is several times slower and
/// the keys are not attacker-chosen in a way that matters: a collision only
/// costs a duplicate text).
fn text_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The intern table is keyed by [`text_hash`] values already.
#[derive(Default)]
struct PassThroughHasher(u64);

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
    /// Names and companies by [`text_hash`], with where their text is.
    interned: HashMap<u64, (Text, Span), BuildHasherDefault<PassThroughHasher>>,
    pinyin: PinyinData,
    /// Build-time cache for [`CJK`] chars: 0 = not looked up yet, otherwise
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

/// Per-query working memory.
struct Work {
    matcher: Matcher,
    /// A text as UTF-8, for the pinyin matcher.
    text: String,
    /// Per atom, per text id: 0 unknown, 1 no match, 2 matches (score not
    /// computed), otherwise `3 + (score << 1 | 1 if only pinyin reached it)`.
    /// Allocated on first use.
    memo: Vec<Vec<u32>>,
}

const MEMO_UNKNOWN: u32 = 0;
const MEMO_NO: u32 = 1;
const MEMO_YES: u32 = 2;
const MEMO_SCORE: u32 = 3;

impl Work {
    fn new(atoms: usize) -> Self {
        Work {
            matcher: Matcher::new(Config::DEFAULT),
            text: String::new(),
            memo: vec![Vec::new(); atoms],
        }
    }

    fn memo(&mut self, atom: usize, texts: usize) -> &mut Vec<u32> {
        let memo = &mut self.memo[atom];
        if memo.is_empty() {
            *memo = vec![MEMO_UNKNOWN; texts];
        }
        memo
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

    /// An identical name or company pushed before, or a new text.
    fn intern(&mut self, text: &str) -> Text {
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
    fn push_text(&mut self, text: &str, pinyin: bool) -> Text {
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

    /// Prepares a text with Chinese characters for pinyin matching.
    fn pinyin_text(&mut self, text: &str) -> u32 {
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
    fn char_pinyin(&mut self, c: char) -> CharPinyin {
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

    fn run(
        &self,
        entries: impl Iterator<Item = u32>,
        query: &str,
        limit: usize,
        collect: bool,
    ) -> (Vec<Hit>, Vec<u32>) {
        let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
        if pattern.atoms.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let pinyin_patterns: Vec<Option<String>> =
            pattern.atoms.iter().map(pinyin_pattern).collect();
        let mut work = Work::new(pattern.atoms.len());
        let plans = self.plans(&pattern, &pinyin_patterns, &mut work.matcher);

        // Max-heap in rank order: the top is the worst hit kept so far.
        let mut best: BinaryHeap<Candidate> = BinaryHeap::with_capacity(limit.min(1024) + 1);
        let mut matched = Vec::new();
        for idx in entries {
            let Some(bound) = self.upper_bound(idx, &plans) else {
                continue;
            };
            let i = idx as usize;
            let key = Candidate {
                score: bound,
                name_chars: self.name_chars[i],
                id: self.ids[i],
                idx,
                field: 0,
            };
            let cutoff = if best.len() < limit {
                None
            } else {
                match best.peek() {
                    Some(worst) if key < *worst => Some((*worst, bound)),
                    _ => {
                        if collect && self.matches(idx, &plans, &mut work) {
                            matched.push(idx);
                        }
                        continue;
                    }
                }
            };
            let (score, field) = match self.score_entry(idx, &plans, &mut work, cutoff) {
                Scored::Yes(score, field) => (score, field),
                Scored::No => continue,
                Scored::Pruned => {
                    if collect && self.matches(idx, &plans, &mut work) {
                        matched.push(idx);
                    }
                    continue;
                }
            };
            if collect {
                matched.push(idx);
            }
            let candidate = Candidate {
                score,
                field,
                ..key
            };
            if best.len() < limit {
                best.push(candidate);
            } else if best.peek().is_some_and(|worst| candidate < *worst) {
                best.pop();
                best.push(candidate);
            }
        }

        let hits = best
            .into_sorted_vec()
            .into_iter()
            .map(|c| Hit {
                id: c.id,
                score: c.score,
                field: Field::ALL[c.field as usize],
                positions: self.positions(c.idx, c.field as usize, &plans, &mut work),
            })
            .collect();
        (hits, matched)
    }

    /// Prepares the atoms: positive ones first, longer ones first (they
    /// usually reject or prune an entry sooner), then the negative ones.
    fn plans<'a>(
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

    #[inline]
    fn text(&self, idx: u32, field: usize) -> Option<&Text> {
        self.fields.get(idx as usize)?.get(field)
    }

    #[inline]
    fn haystack(&self, text: &Text) -> Utf32Str<'_> {
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
    fn utf8<'s>(&self, text: &Text, buf: &'s mut String) -> &'s str {
        buf.clear();
        match self.haystack(text) {
            Utf32Str::Ascii(bytes) => buf.extend(bytes.iter().map(|&b| b as char)),
            Utf32Str::Unicode(chars) => buf.extend(chars),
        }
        buf
    }

    /// An upper bound of the atom's score in a text (0: cannot match).
    #[inline]
    fn text_bound(&self, text: &Text, plan: &AtomPlan<'_>) -> u32 {
        let mut bound = 0;
        if plan.mask & !text.mask == 0 {
            bound = plan.bound(&text.tiers);
        }
        if let Some(py) = &plan.pinyin
            && bound < py.score_at_start
            && self
                .pinyin_texts
                .get(text.pinyin as usize)
                .is_some_and(|pt| py.may_match(pt, text.mask))
        {
            bound = py.score_at_start;
        }
        bound
    }

    /// An upper bound of the entry's score from the precomputed masks, or
    /// `None` when some positive atom certainly matches none of its fields.
    #[inline]
    fn upper_bound(&self, idx: u32, plans: &[AtomPlan<'_>]) -> Option<u32> {
        let entry_mask = *self.entry_masks.get(idx as usize)?;
        let mut total = 0u32;
        for plan in plans.iter().filter(|p| !p.negative) {
            if plan.mask & !entry_mask != 0 && plan.pinyin.is_none() {
                return None;
            }
            let mut bound = 0;
            for field in 0..FIELDS {
                if let Some(text) = self.text(idx, field) {
                    bound = bound.max(self.text_bound(text, plan));
                }
            }
            if bound == 0 {
                return None;
            }
            total = total.saturating_add(bound);
        }
        Some(total)
    }

    /// The atom's exact score in a text (nucleo or pinyin, whichever is
    /// higher), and the pinyin match if that is where it came from.
    fn text_score(
        &self,
        text: &Text,
        plan: &AtomPlan<'_>,
        work: &mut Work,
    ) -> Option<(u32, Option<PinyinHit>)> {
        let mut best: Option<(u32, Option<PinyinHit>)> = None;
        if plan.mask & !text.mask == 0 {
            let haystack = self.haystack(text);
            // The yes/no check is much cheaper than nucleo's optimal scoring
            // and rejects most texts that pass the mask.
            if plan.is_match(haystack, &mut work.matcher)
                && let Some(s) = plan.atom.score(haystack, &mut work.matcher)
            {
                best = Some((u32::from(s), None));
            }
        }
        if let Some(py) = &plan.pinyin
            && best.as_ref().is_none_or(|(s, _)| *s < py.score_at_start)
            && self
                .pinyin_texts
                .get(text.pinyin as usize)
                .is_some_and(|pt| py.may_match(pt, text.mask))
            && let Some(hit) = py.find(self.utf8(text, &mut work.text))
            && best.as_ref().is_none_or(|(s, _)| hit.score > *s)
        {
            best = Some((hit.score, Some(hit)));
        }
        best
    }

    /// [`SearchIndex::text_score`] without the match, memoized per text: the
    /// score and whether it was reached literally (not only through pinyin).
    fn text_score_memo(
        &self,
        text: &Text,
        plan: &AtomPlan<'_>,
        work: &mut Work,
    ) -> Option<(u32, bool)> {
        if let Some(known) = self.memo_score(text, plan, work) {
            return known;
        }
        let (id, texts) = (text.id, self.spans.len());
        let scored = self
            .text_score(text, plan, work)
            .map(|(s, py)| (s.min(u32::MAX >> 2), py.is_none()));
        if let Some(state) = work.memo(plan.slot, texts).get_mut(id as usize) {
            *state = scored.map_or(MEMO_NO, |(s, literal)| {
                MEMO_SCORE + (s << 1 | u32::from(!literal))
            });
        }
        scored
    }

    /// What [`SearchIndex::text_score_memo`] would return, if already known.
    #[inline]
    fn memo_score(
        &self,
        text: &Text,
        plan: &AtomPlan<'_>,
        work: &mut Work,
    ) -> Option<Option<(u32, bool)>> {
        match work
            .memo(plan.slot, self.spans.len())
            .get(text.id as usize)
            .copied()
        {
            Some(MEMO_NO) => Some(None),
            Some(state) if state >= MEMO_SCORE => {
                let state = state - MEMO_SCORE;
                Some(Some((state >> 1, state & 1 == 0)))
            }
            _ => None,
        }
    }

    /// Exact yes/no: does the atom match the text?
    fn text_matches(&self, text: &Text, plan: &AtomPlan<'_>, work: &mut Work) -> bool {
        let (id, texts) = (text.id, self.spans.len());
        match work.memo(plan.slot, texts).get(id as usize).copied() {
            Some(MEMO_NO) => return false,
            Some(state) if state >= MEMO_YES => return true,
            _ => {}
        }
        let yes = (plan.mask & !text.mask == 0
            && plan.is_match(self.haystack(text), &mut work.matcher))
            || plan.pinyin.as_ref().is_some_and(|py| {
                self.pinyin_texts
                    .get(text.pinyin as usize)
                    .is_some_and(|pt| py.may_match(pt, text.mask))
                    && py.find(self.utf8(text, &mut work.text)).is_some()
            });
        if let Some(state) = work.memo(plan.slot, texts).get_mut(id as usize) {
            *state = if yes { MEMO_YES } else { MEMO_NO };
        }
        yes
    }

    /// Exact yes/no: does the entry match every atom?
    fn matches(&self, idx: u32, plans: &[AtomPlan<'_>], work: &mut Work) -> bool {
        plans.iter().all(|plan| {
            (0..FIELDS).any(|field| {
                let Some(text) = self.text(idx, field) else {
                    return false;
                };
                if plan.negative {
                    // A negative atom scores `None` when its text is present.
                    plan.atom
                        .score(self.haystack(text), &mut work.matcher)
                        .is_none()
                } else {
                    self.text_matches(text, plan, work)
                }
            }) != plan.negative
        })
    }

    /// The atom's best score over the entry's fields and the field (the first
    /// one on a tie). Fields whose bound is below `min_useful` are not tried.
    ///
    /// The score is one less when only pinyin reaches it, so that between
    /// equally good matches the literal one ranks first ("a" lists Ann before
    /// 安娜, whose 安 reads "an"), while the field is chosen on the full score
    /// (王伟 with wang@… matches `wang` in the name, not in the email).
    fn atom_best(
        &self,
        idx: u32,
        plan: &AtomPlan<'_>,
        min_useful: u32,
        work: &mut Work,
    ) -> AtomOutcome {
        let mut fields = [(0, 0, None); FIELDS];
        for (field, slot) in fields.iter_mut().enumerate() {
            if let Some(text) = self.text(idx, field) {
                *slot = (self.text_bound(text, plan), field, Some(text));
            }
        }
        // Most promising field first; stop when no other can do better.
        fields.sort_by_key(|&(bound, field, _)| (std::cmp::Reverse(bound), field));
        // (score, field, whether some field reaches the score literally)
        let mut best: Option<(u32, usize, bool)> = None;
        let mut skipped = false;
        let useless = |best: Option<(u32, usize, bool)>, bound: u32, field: usize| {
            bound == 0
                || best.is_some_and(|(s, bf, literal)| {
                    bound < s || (bound == s && field > bf && literal)
                })
        };
        for (bound, field, text) in fields {
            let Some(text) = text else { continue };
            if useless(best, bound, field) {
                continue;
            }
            if bound < min_useful {
                skipped = true;
                continue;
            }
            let Some((s, literal)) = self.text_score_memo(text, plan, work) else {
                continue;
            };
            best = match best {
                None => Some((s, field, literal)),
                Some((b, _, _)) if s > b => Some((s, field, literal)),
                Some((b, bf, b_literal)) if s == b => {
                    Some((b, bf.min(field), b_literal || literal))
                }
                keep => keep,
            };
        }
        match best {
            Some((s, field, literal)) => {
                AtomOutcome::Best(if literal { s } else { s.saturating_sub(1) }, field)
            }
            None if skipped => AtomOutcome::Unknown,
            None => AtomOutcome::NoMatch,
        }
    }

    /// Scores an entry. With a `cutoff` (the worst hit kept so far and this
    /// entry's [`SearchIndex::upper_bound`]), gives up with [`Scored::Pruned`]
    /// as soon as the entry can no longer rank above that hit.
    fn score_entry(
        &self,
        idx: u32,
        plans: &[AtomPlan<'_>],
        work: &mut Work,
        cutoff: Option<(Candidate, u32)>,
    ) -> Scored {
        // Score per field, and whether any atom scored best there.
        let mut per_field = [(0u32, false); FIELDS];
        let mut total = 0u32;
        let mut bound_left = cutoff.map_or(0, |(_, bound)| bound);
        for plan in plans.iter().filter(|p| !p.negative) {
            let atom_bound = (0..FIELDS)
                .filter_map(|f| self.text(idx, f))
                .map(|text| self.text_bound(text, plan))
                .max()
                .unwrap_or(0);
            bound_left = bound_left.saturating_sub(atom_bound);
            // With a cutoff, a field that cannot lift the entry to the worst
            // kept hit need not be scored.
            let min_useful = cutoff.map_or(0, |(worst, _)| {
                worst.score.saturating_sub(total.saturating_add(bound_left))
            });
            let (score, field) = match self.atom_best(idx, plan, min_useful, work) {
                AtomOutcome::Best(score, field) => (score, field),
                AtomOutcome::NoMatch => return Scored::No,
                AtomOutcome::Unknown => return Scored::Pruned,
            };
            per_field[field].0 += score;
            per_field[field].1 = true;
            total += score;
            if let Some((worst, _)) = cutoff {
                let key = Candidate {
                    score: total.saturating_add(bound_left),
                    name_chars: self.name_chars[idx as usize],
                    id: self.ids[idx as usize],
                    idx,
                    field: 0,
                };
                if key >= worst {
                    return Scored::Pruned;
                }
            }
        }
        for plan in plans.iter().filter(|p| p.negative) {
            for field in 0..FIELDS {
                if let Some(text) = self.text(idx, field)
                    && plan
                        .atom
                        .score(self.haystack(text), &mut work.matcher)
                        .is_none()
                {
                    return Scored::No;
                }
            }
        }
        // The field with the most score; on a tie the first. Scores can be 0
        // (nucleo's gap penalties saturate), so only fields that got an atom
        // count.
        let mut field = 0;
        for f in 1..FIELDS {
            if per_field[f].1 && (!per_field[field].1 || per_field[f].0 > per_field[field].0) {
                field = f;
            }
        }
        Scored::Yes(total, field as u8)
    }

    /// Matched char indices in `field` for the atoms that scored best there.
    fn positions(
        &self,
        idx: u32,
        field: usize,
        plans: &[AtomPlan<'_>],
        work: &mut Work,
    ) -> Vec<u32> {
        let mut positions = Vec::new();
        let Some(text) = self.text(idx, field) else {
            return positions;
        };
        for plan in plans.iter().filter(|p| !p.negative) {
            if !matches!(self.atom_best(idx, plan, 0, work), AtomOutcome::Best(_, f) if f == field)
            {
                continue;
            }
            match self.text_score(text, plan, work) {
                Some((_, None)) => {
                    plan.atom
                        .indices(self.haystack(text), &mut work.matcher, &mut positions);
                }
                Some((_, Some(py))) => {
                    let utf8 = self.utf8(text, &mut work.text);
                    let matched = utf8
                        .char_indices()
                        .enumerate()
                        .filter(|(_, (byte, _))| py.bytes.contains(byte))
                        .filter_map(|(i, _)| u32::try_from(i).ok());
                    positions.extend(matched);
                }
                None => {}
            }
        }
        positions.sort_unstable();
        positions.dedup();
        positions
    }
}

/// The presence bit of one (already case-folded) char.
#[inline]
fn char_bit(c: char) -> u64 {
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
fn haystack_bits(c: char) -> u64 {
    if c.is_ascii() || CJK.contains(&c) {
        char_bit(c.to_ascii_lowercase())
    } else {
        char_bit(chars::to_lower_case(c)) | char_bit(chars::to_lower_case(chars::normalize(c)))
    }
}

/// The bit of an ASCII lowercase letter.
#[inline]
fn letter_bit(b: u8) -> u32 {
    1 << (b.wrapping_sub(b'a') % 26)
}

/// Iterates the letters (`b'a'..=b'z'`) whose bits are set.
fn bits(mut mask: u32) -> impl Iterator<Item = u8> {
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
fn set_bigram(set: &mut [u64; 4], a: u8, b: u8) {
    let (word, bit) = bigram_slot(a, b);
    set[word] |= bit;
}

/// [`set_bigram`] for `a` and every letter `b` in `row` at once: the slots of
/// `(a, 'a'..='z')` are 26 consecutive bits of the 256-bit ring.
#[inline]
fn set_bigram_row(set: &mut [u64; 4], a: u8, row: u32) {
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

/// nucleo's character classes (`nucleo_matcher::chars::CharClass`, private).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
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
const CJK: std::ops::RangeInclusive<char> = '\u{4E00}'..='\u{9FFF}';

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

/// Truncates to at most `max` chars, on a char boundary.
fn truncate_chars(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    match text.char_indices().nth(max) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// The pinyin pattern for an atom, if the atom can match pinyin at all: it must
/// be a positive fuzzy, substring or prefix atom containing an ASCII letter.
fn pinyin_pattern(atom: &Atom) -> Option<String> {
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

/// The outcome of [`SearchIndex::atom_best`].
enum AtomOutcome {
    Best(u32, usize),
    NoMatch,
    /// Only fields too weak to matter could match.
    Unknown,
}

/// The outcome of [`SearchIndex::score_entry`].
enum Scored {
    No,
    /// Matching unknown, but it cannot rank among the hits kept.
    Pruned,
    Yes(u32, u8),
}

/// A hit in the making. Ordered by rank: better first (so a max-heap keeps the
/// worst on top).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Candidate {
    score: u32,
    name_chars: u32,
    id: u64,
    idx: u32,
    field: u8,
}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .score
            .cmp(&self.score)
            .then(self.name_chars.cmp(&other.name_chars))
            .then(self.id.cmp(&other.id))
            .then(self.idx.cmp(&other.idx))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// One query atom, prepared for matching.
struct AtomPlan<'a> {
    atom: &'a Atom,
    /// Position in the pattern, which indexes the per-query memo.
    slot: usize,
    negative: bool,
    /// Characters that must occur in a field for nucleo to match there.
    mask: u64,
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
    pinyin: Option<PinyinAtom<'a>>,
}

impl<'a> AtomPlan<'a> {
    fn new(
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
    fn bound(&self, tiers: &Tiers) -> u32 {
        if self.first & tiers[0] != 0 {
            self.bounds[0]
        } else if self.first & tiers[1] != 0 {
            self.bounds[1]
        } else {
            self.bounds[2]
        }
    }

    /// Whether nucleo would match this atom in `haystack`, without scoring.
    fn is_match(&self, haystack: Utf32Str<'_>, matcher: &mut Matcher) -> bool {
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
    fn fold(&self, c: char) -> char {
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

/// A pinyin match of one atom in one field.
struct PinyinHit {
    score: u32,
    /// Byte range of the match in the field's UTF-8 text.
    bytes: std::ops::Range<usize>,
}

struct PinyinAtom<'a> {
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
    score_at_start: u32,
    score_inside: u32,
}

impl<'a> PinyinAtom<'a> {
    /// `case_insensitive` applies to chars matched literally (smart case, as
    /// for nucleo); letters always match pinyin in either case.
    fn new(
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
    fn may_match(&self, pf: &PinyinText, text_mask: u64) -> bool {
        self.letters & !pf.letters == 0
            && self.others & !text_mask == 0
            && self.first.is_none_or(|b| pf.initials & b != 0)
            && self
                .bigrams
                .iter()
                .zip(&pf.bigrams)
                .all(|(need, have)| need & !have == 0)
    }

    fn find(&self, text: &str) -> Option<PinyinHit> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn index(rows: &[(u64, &str, &str, &str)]) -> SearchIndex {
        let mut ix = SearchIndex::new();
        for &(id, name, company, email) in rows {
            ix.push(id, name, company, email);
        }
        ix
    }

    fn ids(hits: &[Hit]) -> Vec<u64> {
        hits.iter().map(|h| h.id).collect()
    }

    fn hit(hits: &[Hit], id: u64) -> &Hit {
        hits.iter()
            .find(|h| h.id == id)
            .unwrap_or_else(|| panic!("no hit for id {id} in {hits:?}"))
    }

    #[test]
    fn wang_ranks_people_named_wang_above_wayne() {
        let ix = index(&[
            (1, "Wayne Nguyen", "Initech", "wayne@initech.com"),
            (2, "Wang Fang", "Globex", "fang@globex.com"),
            (3, "王芳", "星辰科技", "wf@example.cn"),
            (4, "Ann Lee", "Acme", "ann@acme.com"),
        ]);
        let hits = ix.search("wang", 10);
        let order = ids(&hits);
        let pos = |id| order.iter().position(|&x| x == id).unwrap_or(usize::MAX);
        assert!(pos(2) < pos(1), "{hits:?}");
        assert!(pos(3) < pos(1), "{hits:?}");
        assert!(!order.contains(&4));
        assert_eq!(hit(&hits, 3).positions, vec![0]);
        assert_eq!(hit(&hits, 3).field, Field::Name);
        assert_eq!(hit(&hits, 2).positions, vec![0, 1, 2, 3]);
        // Equally good: the literal match first.
        assert!(pos(2) < pos(3), "{hits:?}");
    }

    #[test]
    fn pinyin_name_is_reported_over_an_equal_literal_email_match() {
        let ix = index(&[(1, "王伟", "", "wang123@qq.com"), (2, "Wang Li", "", "")]);
        let hits = ix.search("wang", 10);
        let wang_wei = hit(&hits, 1);
        assert_eq!(
            (wang_wei.field, wang_wei.positions.clone()),
            (Field::Name, vec![0])
        );
        // It scores as the literal email match does.
        assert_eq!(wang_wei.score, hit(&hits, 2).score);
        assert_eq!(ids(&hits), vec![1, 2]);
    }

    #[test]
    fn pinyin_full_and_initials_with_positions() {
        let ix = index(&[
            (1, "张伟", "", ""),
            (2, "李娜 Lina", "", ""),
            (3, "Zack Walker", "", ""),
        ]);
        for q in ["zw", "zhangwei", "zhangw", "zwei"] {
            let hits = ix.search(q, 10);
            assert_eq!(hits.first().map(|h| h.id), Some(1), "{q}: {hits:?}");
            assert_eq!(hits[0].positions, vec![0, 1], "{q}");
            assert_eq!(hits[0].field, Field::Name);
        }
        // Partial final syllable while typing.
        let hits = ix.search("zhan", 10);
        assert_eq!(hit(&hits, 1).positions, vec![0]);
        // Given name only.
        assert_eq!(hit(&ix.search("wei", 10), 1).positions, vec![1]);

        let hits = ix.search("ln", 10);
        assert_eq!(hit(&hits, 2).positions, vec![0, 1]);
        let found = ids(&ix.search("nuo", 10));
        assert!(!found.contains(&1));
    }

    #[test]
    fn full_syllables_rank_above_partial_ones() {
        let ix = index(&[
            (1, "廖雪", "", ""),
            (2, "李雪", "", ""),
            (3, "陈明", "", ""),
        ]);
        assert_eq!(ids(&ix.search("li", 10)), vec![2, 1]);
        assert_eq!(ids(&ix.search("chen", 10)), vec![3]);
    }

    #[test]
    fn literal_matches_win_ties_with_pinyin() {
        let ix = index(&[(1, "安娜", "", ""), (2, "Ann Lee", "", "")]);
        // Equally good matches: the literal one first, though its name is longer.
        assert_eq!(ids(&ix.search("a", 10)), vec![2, 1]);
        assert_eq!(ids(&ix.search("an", 10)), vec![2, 1]);
    }

    #[test]
    fn surname_readings_of_heteronyms() {
        let ix = index(&[
            (1, "曾国藩", "", ""),
            (2, "单雄信", "", ""),
            (3, "张伟", "", ""),
        ]);
        for q in ["zengguofan", "zgf", "zengguof", "zeng"] {
            let hits = ix.search(q, 10);
            assert_eq!(ids(&hits), vec![1], "{q}");
        }
        assert_eq!(ix.search("zgf", 10)[0].positions, vec![0, 1, 2]);
        for q in ["sxx", "shanxiongxin", "shan"] {
            let hits = ix.search(q, 10);
            assert_eq!(ids(&hits), vec![2], "{q}");
        }
        assert_eq!(ix.search("sxx", 10)[0].positions, vec![0, 1, 2]);
    }

    #[test]
    fn company_and_email_fields() {
        let ix = index(&[
            (1, "Ann Lee", "Acme Corp", "ann@acme.com"),
            (2, "Bob Stone", "Globex", "bob.stone@globex.com"),
            (3, "王芳", "阿里巴巴", "fang@alibaba.cn"),
            (4, "Carl Zed", "Initech", "c.zed@zmail.io"),
        ]);
        let hits = ix.search("globex", 10);
        assert_eq!(ids(&hits), vec![2]);
        assert_eq!(hits[0].field, Field::Company);
        assert_eq!(hits[0].positions, vec![0, 1, 2, 3, 4, 5]);

        let hits = ix.search("zmail", 10);
        assert_eq!(ids(&hits), vec![4]);
        assert_eq!(hits[0].field, Field::Email);
        assert_eq!(hits[0].positions, vec![6, 7, 8, 9, 10]);

        // Chinese company by pinyin initials and full pinyin.
        for q in ["albb", "alibaba"] {
            let hits = ix.search(q, 10);
            assert_eq!(hits.first().map(|h| h.id), Some(3), "{q}: {hits:?}");
        }
        let hits = ix.search("albb", 10);
        assert_eq!(hits[0].field, Field::Company);
        assert_eq!(hits[0].positions, vec![0, 1, 2, 3]);

        // One atom per field.
        let hits = ix.search("ann acme", 10);
        assert_eq!(ids(&hits), vec![1]);
        assert!(!hits[0].positions.is_empty());
        let hits = ix.search("wang albb", 10);
        assert_eq!(ids(&hits), vec![3]);
    }

    #[test]
    fn empty_and_non_matching_queries() {
        let ix = index(&[(1, "张伟", "Acme", "zw@acme.com"), (2, "Ann Lee", "", "")]);
        assert!(ix.search("", 10).is_empty());
        assert!(ix.search("   ", 10).is_empty());
        assert!(ix.search("xyzzyq", 10).is_empty());
        assert!(ix.search("qqq", 10).is_empty());
        assert!(ix.search("赵", 10).is_empty());
        assert!(ix.search_among(&[0, 1], "", 10).0.is_empty());
        assert!(SearchIndex::new().search("a", 10).is_empty());
        assert!(ix.search("ann", 0).is_empty());
        assert_eq!(ix.search_among(&[0, 1], "ann", 0).1, vec![1]);
    }

    #[test]
    fn cjk_and_ascii_mixes() {
        let ix = index(&[
            (1, "李娜 Lina", "", ""),
            (2, "Li Na", "", ""),
            (3, "张伟", "", ""),
        ]);
        // Literal CJK.
        let hits = ix.search("李娜", 10);
        assert_eq!(ids(&hits), vec![1]);
        assert_eq!(hits[0].positions, vec![0, 1]);
        // The Latin part matches by nucleo.
        let hits = ix.search("Lina", 10);
        assert_eq!(ids(&hits), vec![1]);
        assert_eq!(hits[0].positions, vec![3, 4, 5, 6]);
        // Hanzi followed by pinyin in one atom.
        let hits = ix.search("李n", 10);
        assert_eq!(ids(&hits), vec![1]);
        assert_eq!(hits[0].positions, vec![0, 1]);
        // Pinyin hits the Chinese part; nucleo the romanized name.
        let found = ids(&ix.search("lina", 10));
        assert!(found.contains(&1) && found.contains(&2) && !found.contains(&3));
        // Two atoms, one CJK and one pinyin.
        assert_eq!(ids(&ix.search("张 wei", 10)), vec![3]);
        // Pinyin ignores case; literal letters follow smart case.
        assert_eq!(ids(&ix.search("ZW", 10)), vec![3]);
        let ix = index(&[(1, "王芳 lina", "", ""), (2, "王芳 Lina", "", "")]);
        assert_eq!(ids(&ix.search("Lina", 10)), vec![2]);
        assert_eq!(ids(&ix.search("wf lina", 10)), vec![1, 2]);
    }

    /// A small mixed corpus, deterministic.
    fn corpus() -> SearchIndex {
        let mut ix = SearchIndex::new();
        let surnames = ["张", "王", "李", "曾", "单", "廖"];
        let given = ["伟", "芳", "娜", "国藩", "雄信", "丽"];
        let english = [
            "Wang", "Wayne", "Zhang", "Ann", "Lina", "Walker", "José", "McAdams",
        ];
        let mut id = 0;
        for s in surnames {
            for g in given {
                id += 1;
                ix.push(id, &format!("{s}{g}"), "星辰科技有限公司", "x@qq.com");
            }
        }
        for a in english {
            for b in english {
                id += 1;
                let company = if id % 2 == 0 {
                    "Acme Corp"
                } else {
                    "Wonka Labs"
                };
                let email = format!("{}.{}@acme.com", a.to_lowercase(), b.to_lowercase());
                ix.push(id, &format!("{a} {b}"), company, &email);
            }
        }
        ix
    }

    #[test]
    fn search_among_narrows_like_a_full_search() {
        let ix = corpus();
        let everyone: Vec<u32> = (0..ix.len() as u32).collect();
        for typed in ["zhang wei", "wayne acme", "a", "li"] {
            let mut among = everyone.clone();
            let mut query = String::new();
            for c in typed.chars() {
                query.push(c);
                let (hits, next) = ix.search_among(&among, &query, 5);
                assert_eq!(hits, ix.search(&query, 5), "{query}");
                let (_, all) = ix.search_among(&everyone, &query, 0);
                assert_eq!(next, all, "{query}");
                among = next;
            }
            assert!(!among.is_empty(), "{typed}");
        }
        // Out-of-range indices are ignored.
        let (hits, next) = ix.search_among(&[u32::MAX, 0], "zw", 5);
        assert_eq!(next, vec![0]);
        assert_eq!(ids(&hits), vec![1]);
    }

    /// Scores every entry without pruning and checks that `search` returns
    /// the same top `k`, that the yes/no check agrees with scoring and that
    /// the bound really bounds.
    fn check_against_exhaustive(ix: &SearchIndex, q: &str, k: usize) {
        let pattern = Pattern::parse(q, CaseMatching::Smart, Normalization::Smart);
        if pattern.atoms.is_empty() {
            assert!(ix.search(q, k).is_empty(), "{q:?}");
            return;
        }
        let pys: Vec<Option<String>> = pattern.atoms.iter().map(pinyin_pattern).collect();
        // Separate memos, so the yes/no check is not answered from scores.
        let mut work = Work::new(pattern.atoms.len());
        let mut work2 = Work::new(pattern.atoms.len());
        let plans = ix.plans(&pattern, &pys, &mut work.matcher);
        let mut all: Vec<Candidate> = Vec::new();
        for idx in 0..ix.len() as u32 {
            let scored = match ix.score_entry(idx, &plans, &mut work, None) {
                Scored::Yes(score, field) => Some((score, field)),
                Scored::No => None,
                Scored::Pruned => panic!("pruned without a cutoff"),
            };
            assert_eq!(
                scored.is_some(),
                ix.matches(idx, &plans, &mut work2),
                "{q:?} #{idx}"
            );
            if let Some((score, field)) = scored {
                let bound = ix.upper_bound(idx, &plans);
                assert!(
                    bound.is_some_and(|b| b >= score),
                    "{q:?} #{idx}: {score} > {bound:?}"
                );
                let i = idx as usize;
                all.push(Candidate {
                    score,
                    name_chars: ix.name_chars[i],
                    id: ix.ids[i],
                    idx,
                    field,
                });
            }
        }
        all.sort();
        let expected: Vec<(u64, u32)> = all.iter().take(k).map(|c| (c.id, c.score)).collect();
        let hits = ix.search(q, k);
        let got: Vec<(u64, u32)> = hits.iter().map(|h| (h.id, h.score)).collect();
        assert_eq!(got, expected, "{q:?}");
        let positive = pattern.atoms.iter().any(|a| !a.negative);
        for h in &hits {
            assert!(!positive || !h.positions.is_empty(), "{q:?}: {h:?}");
        }
        let everyone: Vec<u32> = (0..ix.len() as u32).collect();
        let (_, matched) = ix.search_among(&everyone, q, k);
        let mut expected_matched: Vec<u32> = all.iter().map(|c| c.idx).collect();
        expected_matched.sort_unstable();
        assert_eq!(matched, expected_matched, "{q:?}");
    }

    /// The pruned search must return exactly what scoring everything returns.
    #[test]
    fn pruning_matches_exhaustive_scoring() {
        let ix = corpus();
        let queries = [
            "a",
            "w",
            "l",
            "z",
            "an",
            "wa",
            "ac",
            "li",
            "wang",
            "zw",
            "acme",
            "ann acme",
            "jose",
            "José",
            "mcad",
            "MA",
            "co",
            "q",
            "x",
            "ws",
            "'acme",
            "^wa",
            "ker$",
            "acme !wonka",
            "zhan",
            "lzz",
            "张",
            "星辰",
            "!acme",
        ];
        for q in queries {
            check_against_exhaustive(&ix, q, 7);
        }
    }

    /// The same on random text: mixed scripts, case, accents, punctuation.
    #[test]
    fn pruning_matches_exhaustive_scoring_on_random_text() {
        let pool: Vec<char> = "aaeinoulsZWxAB .@-_'1张王李曾单安娜伟国藩雄信Éé星辰ÅçÖ"
            .chars()
            .collect();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let text = |len: usize, next: &mut dyn FnMut(usize) -> usize| -> String {
            (0..len).map(|_| pool[next(pool.len())]).collect()
        };
        let mut ix = SearchIndex::new();
        let mut names: Vec<String> = Vec::new();
        for id in 0..400 {
            let name = if id % 7 == 3 && !names.is_empty() {
                // Shared names exercise the interning and the memo.
                names[next(names.len())].clone()
            } else {
                let len = 1 + next(12);
                text(len, &mut next)
            };
            let company = if id % 3 == 0 {
                "Acme Corp".to_owned()
            } else {
                let len = next(10);
                text(len, &mut next)
            };
            let email_len = next(14);
            let email = text(email_len, &mut next);
            ix.push(id, &name, &company, &email);
            names.push(name);
        }
        let everyone: Vec<u32> = (0..ix.len() as u32).collect();
        for _ in 0..150 {
            let len = 1 + next(4);
            let mut q = text(len, &mut next);
            if next(4) == 0 {
                q.push(' ');
                let len = 1 + next(3);
                q.push_str(&text(len, &mut next));
            }
            let k = 1 + next(9);
            check_against_exhaustive(&ix, &q, k);
            // Narrowing from any prefix of the query gives the same result.
            let chars: Vec<char> = q.chars().collect();
            let prefix: String = chars[..next(chars.len())].iter().collect();
            let (_, among) = ix.search_among(&everyone, &prefix, 0);
            let atoms = Pattern::parse(&prefix, CaseMatching::Smart, Normalization::Smart).atoms;
            let among = if atoms.is_empty() {
                everyone.clone()
            } else {
                among
            };
            let (hits, matched) = ix.search_among(&among, &q, k);
            assert_eq!(hits, ix.search(&q, k), "{prefix:?} -> {q:?}");
            assert_eq!(
                matched,
                ix.search_among(&everyone, &q, 0).1,
                "{prefix:?} -> {q:?}"
            );
        }
        for q in [
            "zw", "ln", "zgf", "sxx", "an", "aa", "Ab", "é", "E", "zhang w", "li na",
        ] {
            check_against_exhaustive(&ix, q, 5);
        }
    }

    /// The bound holds for every text, needle and atom kind.
    #[test]
    fn bounds_bound_nucleo_scores() {
        let pool: Vec<char> = "aabnnc AB-.@_/1éÉ张".chars().collect();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut ix = SearchIndex::new();
        let mut texts = Vec::new();
        for _ in 0..300 {
            let len = 1 + next(16);
            let text: String = (0..len).map(|_| pool[next(pool.len())]).collect();
            texts.push(ix.push_text(&text, false));
        }
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut checked = 0;
        for _ in 0..400 {
            let len = 1 + next(5);
            let mut q: String = (0..len).map(|_| pool[next(pool.len())]).collect();
            q = q.replace(' ', "");
            q.insert_str(0, ["", "'", "^"][next(3)]);
            let pattern = Pattern::parse(&q, CaseMatching::Smart, Normalization::Smart);
            let pys = vec![None; pattern.atoms.len()];
            let plans = ix.plans(&pattern, &pys, &mut matcher);
            for plan in plans.iter().filter(|p| !p.negative) {
                for text in &texts {
                    let haystack = ix.haystack(text);
                    if let Some(score) = plan.atom.score(haystack, &mut matcher) {
                        let score = u32::from(score);
                        assert!(plan.mask & !text.mask == 0, "{q:?} in {haystack:?}");
                        let coarse = plan.bound(&text.tiers);
                        assert!(coarse >= score, "{q:?} in {haystack:?}: {score} > {coarse}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    #[test]
    fn ties_break_by_shorter_name_then_id() {
        let ix = index(&[
            (9, "Ann Lee", "", ""),
            (3, "Ann Leeson", "", ""),
            (5, "Ann Lee", "", ""),
        ]);
        let hits = ix.search("ann", 10);
        assert_eq!(ids(&hits), vec![5, 9, 3]);
        assert_eq!(ids(&ix.search("ann", 2)), vec![5, 9]);
    }

    #[test]
    fn pattern_syntax_and_smart_case() {
        let ix = index(&[
            (1, "Ann Lee", "Acme", ""),
            (2, "Dana Mann", "Acme", ""),
            (3, "张伟", "Acme", ""),
            (4, "José Müller", "", ""),
        ]);
        assert_eq!(ids(&ix.search("^ann", 10)), vec![1]);
        assert_eq!(ids(&ix.search("acme !dana", 10)).len(), 2);
        assert!(!ids(&ix.search("acme !dana", 10)).contains(&2));
        assert_eq!(ids(&ix.search("^zw", 10)), vec![3]);
        // Upper case in the query makes nucleo case sensitive.
        assert_eq!(ids(&ix.search("Mann", 10)), vec![2]);
        assert!(ix.search("MANN", 10).is_empty());
        // Normalization: plain letters match accented ones.
        assert_eq!(ids(&ix.search("jose muller", 10)), vec![4]);
        assert_eq!(
            ix.search("muller", 10)[0].positions,
            vec![5, 6, 7, 8, 9, 10]
        );
    }

    #[test]
    fn long_fields_are_truncated_not_rejected() {
        let long = "x".repeat(10_000);
        let ix = index(&[(1, &format!("Ann {long}"), &long, &long)]);
        assert_eq!(ids(&ix.search("ann", 10)), vec![1]);
        assert!(ix.search("xy", 10).is_empty());
    }

    #[test]
    fn cjk_fast_paths_agree_with_the_unicode_tables() {
        for c in CJK {
            assert_eq!(chars::to_lower_case(c), c, "{c}");
            assert_eq!(chars::normalize(c), c, "{c}");
            assert!(
                c.is_alphabetic() && !c.is_numeric() && !c.is_lowercase(),
                "{c}"
            );
            assert!(!chars::is_upper_case(c), "{c}");
        }
    }

    #[test]
    fn bigram_rows_set_the_same_slots_as_single_bigrams() {
        for a in b'a'..=b'z' {
            for row in [1u32, 0x03ff_ffff, 0x0200_0001, 0x0155_5555] {
                let mut one = [0; 4];
                let mut each = [0; 4];
                set_bigram_row(&mut one, a, row);
                for b in bits(row) {
                    set_bigram(&mut each, a, b);
                }
                assert_eq!(one, each, "{} {row:x}", a as char);
            }
        }
    }

    #[test]
    fn pushing_after_shrink_to_fit_still_works() {
        let mut ix = index(&[(1, "张伟", "Acme", ""), (2, "张伟", "Acme", "")]);
        ix.shrink_to_fit();
        ix.push(3, "张伟", "Acme", "");
        ix.push(4, "Ann Lee", "Acme", "");
        assert_eq!(ids(&ix.search("zw acme", 10)), vec![1, 2, 3]);
        assert_eq!(ids(&ix.search("acme", 10)), vec![1, 2, 3, 4]);
    }

    #[test]
    fn index_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<SearchIndex>();
    }
}
