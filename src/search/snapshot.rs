//! A built [`SearchIndex`] as bytes, so a one-shot `rolo search` loads the
//! index instead of building it from every customer's text (building is
//! most of what a search costs: ~100 ms at 100k customers; loading ~5 ms).
//!
//! The bytes carry a [`SnapshotKey`] saying which database state they were
//! built from; [`SearchIndex::from_snapshot`] refuses bytes built from
//! another state, by another rolo version, or damaged (a checksum over
//! everything, then every index into the arenas is checked), so a stale or
//! broken snapshot is rebuilt, never trusted. Pure: where the bytes live is
//! the caller's business.
//!
//! Layout, little-endian: magic, rolo's version, the key, then each of the
//! index's arrays as a length and its elements, then a 64-bit checksum of
//! all that precedes it.

use super::SearchIndex;
use super::pinyin::{NO_PINYIN, PinyinText};
use super::text::{Span, Text, WIDE_FLAG};
use ib_pinyin::pinyin::{PinyinData, PinyinNotation};
use std::collections::HashMap;
use std::io::Read;

const MAGIC: &[u8; 8] = b"roloSIX1";

/// The database state an index was built from: a snapshot is used only
/// for the same database (its `database_id`), the same `names_generation`
/// (bumped by every write that changes a customer's name, company or
/// email, erasure included) and the same number of customers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SnapshotKey {
    pub database: u64,
    pub names_generation: u64,
    pub entries: u64,
}

/// A checksum fed in pieces of any size: four multiply-rotate lanes over
/// the 64-bit words (so it runs at memory speed), the tail zero-padded.
/// Against damage, not against an attacker: what keeps a crafted file from
/// doing harm is the range checks after reading.
#[derive(Default)]
struct Sum {
    lanes: [u64; 4],
    words: u64,
    carry: [u8; 8],
    carried: usize,
}

impl Sum {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;

    fn word(&mut self, w: u64) {
        let lane = &mut self.lanes[(self.words & 3) as usize];
        *lane = (*lane ^ w).wrapping_mul(Self::K).rotate_left(29);
        self.words += 1;
    }

    fn update(&mut self, mut bytes: &[u8]) {
        if self.carried > 0 {
            let n = (8 - self.carried).min(bytes.len());
            self.carry[self.carried..self.carried + n].copy_from_slice(&bytes[..n]);
            self.carried += n;
            bytes = &bytes[n..];
            if self.carried < 8 {
                return;
            }
            self.word(u64::from_le_bytes(self.carry));
            self.carried = 0;
        }
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.word(le_u64(w));
        }
        let rest = words.remainder();
        self.carry[..rest.len()].copy_from_slice(rest);
        self.carried = rest.len();
    }

    fn finish(mut self) -> u64 {
        let total = self.words * 8 + self.carried as u64;
        if self.carried > 0 {
            self.carry[self.carried..].fill(0);
            self.word(u64::from_le_bytes(self.carry));
        }
        self.lanes
            .iter()
            .fold(total, |h, &l| (h ^ l).wrapping_mul(Self::K).rotate_left(31))
    }
}

fn checksum(bytes: &[u8]) -> u64 {
    let mut sum = Sum::default();
    sum.update(bytes);
    sum.finish()
}

struct Out(Vec<u8>);

impl Out {
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }
}

/// Reads a snapshot from a stream in pieces (no copy of the whole file in
/// memory), summing what it reads; never allocates more than the bytes
/// left can fill, whatever a length says.
struct In<R> {
    from: R,
    left: u64,
    sum: Sum,
    buf: Vec<u8>,
}

/// Bytes read at a time.
const PIECE: usize = 256 * 1024;

impl<R: Read> In<R> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        self.left = self.left.checked_sub(n as u64)?;
        self.buf.resize(n, 0);
        self.from.read_exact(&mut self.buf).ok()?;
        self.sum.update(&self.buf);
        Some(&self.buf)
    }
    fn u64(&mut self) -> Option<u64> {
        self.take(8).map(le_u64)
    }
    /// A length prefix of elements of `size` bytes, if that many fit in
    /// what is left.
    fn len(&mut self, size: usize) -> Option<usize> {
        let len = usize::try_from(self.u64()?).ok()?;
        let bytes = u64::try_from(len.checked_mul(size)?).ok()?;
        (bytes <= self.left).then_some(len)
    }
    /// `len` elements of `size` bytes, each given to `f`.
    fn elements(&mut self, len: usize, size: usize, mut f: impl FnMut(&[u8])) -> Option<()> {
        let per_piece = (PIECE / size).max(1) * size;
        let mut todo = len.checked_mul(size)?;
        while todo > 0 {
            let n = todo.min(per_piece);
            self.take(n)?.chunks_exact(size).for_each(&mut f);
            todo -= n;
        }
        Some(())
    }
    /// A length-prefixed array, each element made by `f`.
    fn vec<T>(&mut self, size: usize, mut f: impl FnMut(&[u8]) -> T) -> Option<Vec<T>> {
        let len = self.len(size)?;
        let mut out = Vec::with_capacity(len);
        self.elements(len, size, |b| out.push(f(b)))?;
        Some(out)
    }
}

fn le_u32(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

fn le_u64(b: &[u8]) -> u64 {
    u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
}

const TEXT_BYTES: usize = 24;
const PINYIN_BYTES: usize = 40;

impl SearchIndex {
    /// The index as bytes for [`SearchIndex::from_snapshot`], stamped with `key`.
    pub fn to_snapshot(&self, key: SnapshotKey) -> Vec<u8> {
        let mut o = Out(Vec::with_capacity(
            64 + self.ids.len() * (8 + 4 + 8 + 3 * TEXT_BYTES)
                + self.spans.len() * 8
                + self.pinyin_texts.len() * PINYIN_BYTES
                + self.ascii.len()
                + self.wide.len() * 4,
        ));
        o.0.extend_from_slice(MAGIC);
        let version = env!("CARGO_PKG_VERSION").as_bytes();
        o.len(version.len());
        o.0.extend_from_slice(version);
        o.u64(key.database);
        o.u64(key.names_generation);
        o.u64(key.entries);
        o.len(self.ids.len());
        self.ids.iter().for_each(|&v| o.u64(v));
        o.len(self.name_chars.len());
        self.name_chars.iter().for_each(|&v| o.u32(v));
        o.len(self.entry_masks.len());
        self.entry_masks.iter().for_each(|&v| o.u64(v));
        o.len(self.fields.len());
        for texts in &self.fields {
            for t in texts {
                o.u64(t.mask);
                o.u32(t.tiers[0]);
                o.u32(t.tiers[1]);
                o.u32(t.id);
                o.u32(t.pinyin);
            }
        }
        o.len(self.spans.len());
        for s in &self.spans {
            o.u32(s.start);
            o.u32(s.len_flag);
        }
        o.len(self.pinyin_texts.len());
        for p in &self.pinyin_texts {
            o.u32(p.letters);
            o.u32(p.initials);
            p.bigrams.iter().for_each(|&b| o.u64(b));
        }
        o.len(self.ascii.len());
        o.0.extend_from_slice(&self.ascii);
        o.len(self.wide.len());
        self.wide.iter().for_each(|&c| o.u32(u32::from(c)));
        let sum = checksum(&o.0);
        o.u64(sum);
        o.0
    }

    /// The index a snapshot of `size` bytes read from `from` holds, if it
    /// was made by this rolo version for `key` and is intact; `None` means
    /// "build it again".
    pub fn from_snapshot(from: impl Read, size: u64, key: SnapshotKey) -> Option<SearchIndex> {
        let mut i = In {
            from,
            left: size.checked_sub(8)?,
            sum: Sum::default(),
            buf: Vec::with_capacity(PIECE),
        };
        if i.take(MAGIC.len())? != MAGIC {
            return None;
        }
        let version = env!("CARGO_PKG_VERSION").as_bytes();
        let n = i.len(1)?;
        if n != version.len() || i.take(n)? != version {
            return None;
        }
        let stamped = SnapshotKey {
            database: i.u64()?,
            names_generation: i.u64()?,
            entries: i.u64()?,
        };
        if stamped != key {
            return None;
        }
        let ids = i.vec(8, le_u64)?;
        let name_chars = i.vec(4, le_u32)?;
        let entry_masks = i.vec(8, le_u64)?;
        let text = |b: &[u8]| Text {
            mask: le_u64(&b[0..8]),
            tiers: [le_u32(&b[8..12]), le_u32(&b[12..16])],
            id: le_u32(&b[16..20]),
            pinyin: le_u32(&b[20..24]),
        };
        let fields = i.vec(3 * TEXT_BYTES, |entry| {
            [
                text(&entry[..TEXT_BYTES]),
                text(&entry[TEXT_BYTES..2 * TEXT_BYTES]),
                text(&entry[2 * TEXT_BYTES..]),
            ]
        })?;
        let spans = i.vec(8, |b| Span {
            start: le_u32(&b[0..4]),
            len_flag: le_u32(&b[4..8]),
        })?;
        let pinyin_texts = i.vec(PINYIN_BYTES, |b| PinyinText {
            letters: le_u32(&b[0..4]),
            initials: le_u32(&b[4..8]),
            bigrams: [
                le_u64(&b[8..16]),
                le_u64(&b[16..24]),
                le_u64(&b[24..32]),
                le_u64(&b[32..40]),
            ],
        })?;
        let ascii = i.vec(1, |b| b[0])?;
        let mut wide_ok = true;
        let wide = i.vec(4, |b| {
            char::from_u32(le_u32(b)).unwrap_or_else(|| {
                wide_ok = false;
                '\0'
            })
        })?;
        // All of the file read but its last 8 bytes: the checksum.
        if i.left != 0 || !wide_ok {
            return None;
        }
        let sum = std::mem::take(&mut i.sum).finish();
        i.left = 8;
        if i.u64()? != sum {
            return None;
        }
        // Every index into another array in range, so a search cannot
        // read past one, whatever the file said.
        let entries = usize::try_from(key.entries).ok()?;
        let consistent = [ids.len(), name_chars.len(), entry_masks.len(), fields.len()]
            .iter()
            .all(|&n| n == entries)
            && ascii.is_ascii()
            && spans.iter().all(|s| {
                let len = s.len_flag & !WIDE_FLAG;
                let arena = if s.len_flag & WIDE_FLAG != 0 {
                    wide.len()
                } else {
                    ascii.len()
                };
                (s.start as usize)
                    .checked_add(len as usize)
                    .is_some_and(|end| end <= arena)
            })
            && fields.iter().flatten().all(|t| {
                (t.id as usize) < spans.len()
                    && (t.pinyin == NO_PINYIN || (t.pinyin as usize) < pinyin_texts.len())
            });
        if !consistent {
            return None;
        }
        Some(SearchIndex {
            ids,
            name_chars,
            fields,
            entry_masks,
            spans,
            pinyin_texts,
            ascii,
            wide,
            interned: HashMap::default(),
            pinyin: PinyinData::new(PinyinNotation::Ascii | PinyinNotation::AsciiFirstLetter),
            char_pinyin_slot: Vec::new(),
            char_pinyin: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: SnapshotKey = SnapshotKey {
        database: 7,
        names_generation: 3,
        entries: 6,
    };

    fn index() -> SearchIndex {
        let mut index = SearchIndex::new();
        for (id, name, company, email) in [
            (1, "王伟", "福州宇通服饰集团有限公司", "wangwei@126.com"),
            (2, "Wang Fang", "Acme", "fang@acme.com"),
            (3, "单雄信", "瓦岗寨", ""),
            (4, "Wayne Nguyen", "Acme", "wayne@acme.com"),
            (5, "王伟", "Acme", "wei2@acme.com"),
            (6, "李娜", "长城 立信 LLC", "lina@x.cn"),
        ] {
            index.push(id, name, company, email);
        }
        index
    }

    fn load(bytes: &[u8], key: SnapshotKey) -> Option<SearchIndex> {
        SearchIndex::from_snapshot(bytes, bytes.len() as u64, key)
    }

    #[test]
    fn a_loaded_snapshot_ranks_exactly_as_the_index_it_was_made_from() {
        let built = index();
        let bytes = built.to_snapshot(KEY);
        let loaded = load(&bytes, KEY).expect("a fresh snapshot loads");
        for query in [
            "wang", "zw", "sxx", "li", "acme", "wei acme", "立信", "'fang", "!acme w",
        ] {
            assert_eq!(built.search(query, 10), loaded.search(query, 10), "{query}");
        }
        assert_eq!(loaded.to_snapshot(KEY), bytes);
    }

    #[test]
    fn a_snapshot_for_another_state_or_damaged_is_refused() {
        let bytes = index().to_snapshot(KEY);
        for other in [
            SnapshotKey { database: 8, ..KEY },
            SnapshotKey {
                names_generation: 4,
                ..KEY
            },
            SnapshotKey { entries: 5, ..KEY },
        ] {
            assert!(load(&bytes, other).is_none(), "{other:?}");
        }
        for cut in [0, 1, 8, 40, bytes.len() / 2, bytes.len() - 1] {
            assert!(load(&bytes[..cut], KEY).is_none(), "cut at {cut}");
        }
        for at in (0..bytes.len()).step_by(7) {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x20;
            assert!(load(&damaged, KEY).is_none(), "byte {at} flipped");
        }
        // A size larger than the bytes, and a length prefix claiming more
        // than the file holds, are refused without allocating for them.
        assert!(SearchIndex::from_snapshot(&bytes[..], u64::MAX, KEY).is_none());
        let mut huge = bytes.clone();
        let at = MAGIC.len() + 8 + env!("CARGO_PKG_VERSION").len() + 24;
        huge[at..at + 8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(load(&huge, KEY).is_none());
    }

    /// A file whose checksum is right but whose indices point outside the
    /// arenas (made by hand, not by rolo) is refused, not searched.
    #[test]
    fn a_snapshot_with_indices_out_of_range_is_refused() {
        let mut built = index();
        built.spans[0].start = u32::MAX - 1;
        assert!(load(&built.to_snapshot(KEY), KEY).is_none());
        let mut built = index();
        built.fields[0][0].id = 1000;
        assert!(load(&built.to_snapshot(KEY), KEY).is_none());
        let mut built = index();
        built.fields[0][0].pinyin = 1000;
        assert!(load(&built.to_snapshot(KEY), KEY).is_none());
    }

    #[test]
    fn the_checksum_does_not_depend_on_how_the_bytes_are_cut() {
        let bytes: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
        let whole = checksum(&bytes);
        for piece in [1, 3, 8, 13, 999] {
            let mut sum = Sum::default();
            bytes.chunks(piece).for_each(|c| sum.update(c));
            assert_eq!(sum.finish(), whole, "{piece}");
        }
        assert_ne!(checksum(&bytes[..999]), whole);
    }
}
