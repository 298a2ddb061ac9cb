//! Phone numbers read the way libphonenumber reads them (the `phonenumber`
//! crate carries Google's metadata): the key that matches and de-duplicates
//! numbers, and the form a card shows. What the user typed is always kept
//! as typed; this module only derives from it.
//!
//! Keys: a number that parses to a valid number is keyed by its E.164 form
//! (`+8613800138000`); one that does not is keyed by `#` and its digits
//! (and its `+` if typed: `#+12345`), so
//! it matches only the same digits typed again and never collides with a
//! parsed key. An extension (`x12`, `ext. 7`, `转123`) and anything after a
//! dial character (`w`, `p`, `,`, `;`: `18923817874w123`) are not part of the
//! key.
//!
//! Numbers without `+`/`00` are read in the default region: `auto` (the
//! default, see DESIGN.md §3: 11 digits `1[3-9]…` or a leading `0` → China,
//! 10 digits → North America, else China) or a region code set by
//! `phone_region` in config.toml or `rolo import --phone-region`. The region
//! is process-wide ([`set_default_region`]), set once at startup from the
//! config and again by an import that names one, because the key is
//! computed deep inside the store's index code.

mod format;
mod metadata;

use format::Form;
use phonenumber::PhoneNumber;
use phonenumber::country::Id;
use phonenumber::metadata::Database;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

/// How numbers typed without a country code are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Region {
    /// China for mainland mobiles and `0`-prefixed landlines, North America
    /// for 10-digit numbers, China otherwise.
    #[default]
    Auto,
    Country(Id),
}

impl std::str::FromStr for Region {
    type Err = String;
    fn from_str(s: &str) -> Result<Region, String> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("auto") {
            return Ok(Region::Auto);
        }
        t.to_ascii_uppercase()
            .parse::<Id>()
            .map(Region::Country)
            .map_err(|_| {
                format!(
                    "unknown phone region \"{}\": use auto or a two-letter region code such as CN, US, GB, HK, DE",
                    crate::text::sanitize(s)
                )
            })
    }
}

impl std::fmt::Display for Region {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Region::Auto => f.write_str("auto"),
            Region::Country(id) => f.write_str(id.as_ref()),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Region {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Region, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

static DEFAULT: RwLock<Region> = RwLock::new(Region::Auto);

/// Set the region numbers without a country code are read in (process-wide).
pub fn set_default_region(region: Region) {
    if let Ok(mut r) = DEFAULT.write() {
        *r = region;
    }
}

pub fn default_region() -> Region {
    DEFAULT.read().map(|r| *r).unwrap_or_default()
}

/// Where a dial sequence starts: `w`/`p` (wait/pause), `,` and `;`.
fn dial_start(s: &str) -> Option<usize> {
    s.find(['w', 'W', 'p', 'P', ',', ';'])
}

/// The number part: before any dial characters and extension.
fn number_part(input: &str) -> &str {
    let s = input.trim();
    let s = dial_start(s).map_or(s, |at| &s[..at]);
    super::validate::split_extension(s).0
}

/// The region a number without a country code is read in.
fn region_for(digits: &str, region: Region) -> Id {
    match region {
        Region::Country(id) => id,
        Region::Auto => {
            let b = digits.as_bytes();
            if b.len() == 10 && b[0] != b'0' {
                Id::US
            } else {
                Id::CN
            }
        }
    }
}

/// A valid number and the metadata it was read with.
struct Parsed {
    number: PhoneNumber,
    db: Arc<Database>,
}

impl Parsed {
    fn e164(&self) -> String {
        format::e164(&self.number)
    }

    fn write(&self, form: Form) -> String {
        format::write(&self.number, &self.db, form).unwrap_or_else(|| self.e164())
    }

    /// The region the number belongs to (`CN`; `CA` for a Toronto number).
    fn region(&self) -> Option<&str> {
        self.number.metadata(&self.db).map(|m| m.id())
    }
}

/// Parse a number as libphonenumber would, in `region`; only valid numbers.
/// Only the metadata of the number's calling code is loaded (`metadata`).
fn parse_in(number: &str, region: Region) -> Option<Parsed> {
    let trimmed = number.trim_start_matches([' ', '(']);
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let (db, country, text) = if trimmed.starts_with('+') {
        let db = metadata::for_code(metadata::code_leading(&digits)?)?;
        (db, None, number.to_string())
    } else if let Some(rest) = digits.strip_prefix("00") {
        let db = metadata::for_code(metadata::code_leading(rest)?)?;
        (db, None, format!("+{rest}"))
    } else {
        let id = region_for(&digits, region);
        let db = metadata::for_code(metadata::code_of(id)?)?;
        (db, Some(id), number.to_string())
    };
    let parsed = phonenumber::parse_with(&db, country, text).ok()?;
    parsed
        .is_valid_with(&db)
        .then_some(Parsed { number: parsed, db })
}

/// The key a phone is matched and indexed by, in the default region.
pub fn key(input: &str) -> String {
    key_in(input, default_region())
}

/// How many readings the process remembers. A parse costs ~14 µs
/// (release; ~230x the old hand-written key), and an imported phone is
/// read on three threads (validation, the write, the index keys) and four
/// or five times in all; remembered, it is parsed once. Past this many
/// the memory is simply cleared.
const REMEMBERED: usize = 1 << 15;

type Readings = HashMap<(Region, String), Forms, foldhash::fast::FixedState>;

static READINGS: Mutex<Option<Readings>> = Mutex::new(None);

/// The key a phone is matched and indexed by, reading it in `region`.
pub fn key_in(input: &str, region: Region) -> String {
    recent(input, region).key
}

/// What `input` reads as in `region`: remembered, or one parse.
fn recent(input: &str, region: Region) -> Forms {
    let lock = || {
        READINGS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    };
    let key = (region, input.to_string());
    if let Some(read) = lock().as_ref().and_then(|m| m.get(&key)) {
        return read.clone();
    }
    // Parsed outside the lock: the threads of an import parse in parallel.
    let read = Forms::read(input, region);
    let mut memory = lock();
    let m = memory.get_or_insert_with(Readings::default);
    if m.len() >= REMEMBERED {
        m.clear();
    }
    m.insert(key, read.clone());
    read
}

/// `#` and the digits (and a typed `+`): the key of a number that does
/// not parse. `+1 2345` and `12345` are not the same number either.
fn unparsed_key(number: &str) -> String {
    let mut k = String::with_capacity(number.len() + 2);
    k.push('#');
    if number.trim_start_matches([' ', '(']).starts_with('+') {
        k.push('+');
    }
    k.extend(number.chars().filter(char::is_ascii_digit));
    k
}

/// A number typed without a country code, read in `region` instead of the
/// default one (`rolo import --phone-region US`): what to store so that it
/// keeps that reading — the typed text with its country code in front
/// (`+1 773.555.9306`), or its international form if that prefix would not
/// read back the same. `None` when there is nothing to add: the number
/// has a country code, does not parse in `region`, or reads the same in
/// the default region.
pub fn in_region(input: &str, region: Region) -> Option<String> {
    let number = number_part(input);
    let trimmed = number.trim_start_matches([' ', '(']);
    if trimmed.starts_with('+') || trimmed.starts_with("00") {
        return None;
    }
    let n = parse_in(number, region)?;
    let e164 = n.e164();
    if key(input) == e164 {
        return None;
    }
    let prefixed = format!("+{} {}", n.number.code().value(), input.trim());
    if key(&prefixed) == e164 {
        Some(prefixed)
    } else {
        let (_, ext) = super::validate::split_extension(input.trim());
        let mut shown = n.write(Form::International);
        if let Some(ext) = ext.filter(|e| !e.is_empty()) {
            shown.push_str(" x");
            shown.push_str(ext);
        }
        Some(shown)
    }
}

/// True when the number does not parse as a valid number in the default
/// region: it is kept as typed and matches only the same digits (its key
/// is `#` and the digits).
pub fn is_unparsed(input: &str) -> bool {
    key(input).starts_with('#')
}

/// What a phone is read as: what the store keeps for it (`phone_forms`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Forms {
    /// [`key`]: E.164, or `#` and the digits.
    pub key: String,
    /// [`display`]: how a card shows it.
    pub shown: String,
}

impl Forms {
    /// What `input` reads as in the default region.
    pub fn of(input: &str) -> Forms {
        recent(input, default_region())
    }

    /// One parse gives both forms. The shown form is national for a
    /// number of `region`'s home (China under `auto`), international
    /// otherwise, with its extension; one that does not parse, or that
    /// carries dial characters, is shown as typed.
    fn read(input: &str, region: Region) -> Forms {
        let number = number_part(input);
        let typed = input.trim();
        let Some(n) = parse_in(number, region) else {
            return Forms {
                key: unparsed_key(number),
                shown: typed.to_string(),
            };
        };
        let key = n.e164();
        if dial_start(typed).is_some() {
            return Forms {
                key,
                shown: typed.to_string(),
            };
        }
        let home = match region {
            Region::Country(id) => id,
            Region::Auto => Id::CN,
        };
        let form = if n.region() == Some(home.as_ref()) {
            Form::National
        } else {
            Form::International
        };
        let mut shown = n.write(form);
        let (_, ext) = super::validate::split_extension(typed);
        if let Some(ext) = ext.filter(|e| !e.is_empty()) {
            shown.push_str(" ext. ");
            shown.push_str(ext);
        }
        Forms { key, shown }
    }

    /// A `tel:` link: E.164 when the number parses, else the typed digits.
    pub fn tel(&self) -> String {
        format!("tel:{}", self.key.trim_start_matches('#'))
    }
}

/// How a card shows a phone: national format for a number of the default
/// region (China under `auto`), international otherwise, with its extension
/// kept; a number that does not parse, or that carries dial characters, is
/// shown as typed.
pub fn display(input: &str) -> String {
    recent(input, default_region()).shown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn us() -> Region {
        Region::Country(Id::US)
    }

    /// Issue 13: `773.555.9306` and `+1 (773) 555-9306` were two people.
    #[test]
    fn a_north_american_number_with_and_without_plus_one_is_one_key() {
        let k = key_in("+1 (773) 555-9306", us());
        assert_eq!(k, "+17735559306");
        assert_eq!(key_in("773.555.9306", us()), k);
        assert_eq!(key_in("(773) 555-9306", us()), k);
        assert_eq!(key_in("1-773-555-9306", us()), k);
        // Under auto, ten digits read as North American too.
        assert_eq!(key_in("773.555.9306", Region::Auto), k);
    }

    #[test]
    fn chinese_numbers_agree_across_formats() {
        let k = key_in("13800138000", Region::Auto);
        assert_eq!(k, "+8613800138000");
        for same in [
            "+86 138-0013-8000",
            "0086 13800138000",
            "+86 (138) 0013 8000",
            "138 0013 8000",
        ] {
            assert_eq!(key_in(same, Region::Auto), k, "{same}");
        }
        assert_eq!(key_in("010-1234 5678", Region::Auto), "+861012345678");
        assert_eq!(
            key_in("0571-8888 6666转123", Region::Auto),
            "+8657188886666"
        );
        // With region US, the Chinese mobile without +86 is not a US number.
        assert!(key_in("13800138000", us()).starts_with('#'));
        assert_eq!(key_in("+86 13800138000", us()), k);
    }

    #[test]
    fn extensions_are_kept_but_not_keyed() {
        let k = key_in("+1 415 555 0100", us());
        assert_eq!(key_in("+1 415 555 0100 x12", us()), k);
        assert_eq!(key_in("+1 415 555 0100 ext. 7", us()), k);
    }

    /// Issue 13: `18923817874w` (an Android TEL with a dial wait).
    #[test]
    fn dial_characters_key_by_the_digits_before_them() {
        let k = key_in("18923817874", Region::Auto);
        assert_eq!(k, "+8618923817874");
        for dial in [
            "18923817874w",
            "18923817874w123",
            "18923817874p1",
            "18923817874,,2",
            "18923817874;5",
        ] {
            assert_eq!(key_in(dial, Region::Auto), k, "{dial}");
            assert_eq!(display(dial), dial, "shown as typed");
        }
    }

    #[test]
    fn numbers_that_do_not_parse_are_keyed_apart_by_their_digits() {
        let k = key_in("12345", Region::Auto);
        assert_eq!(k, "#12345");
        assert_eq!(key_in("1-2345", Region::Auto), k);
        assert_ne!(key_in("12346", Region::Auto), k);
        assert_eq!(key_in("+1 2345", Region::Auto), "#+12345");
        // Never the key of a parsed number, even with the same digits.
        assert_ne!(
            key_in("8613800138000", us()),
            key_in("+8613800138000", us())
        );
    }

    #[test]
    fn a_number_read_in_another_region_gets_its_country_code() {
        // Under auto, 11 digits starting 17 read as a Chinese mobile.
        assert_eq!(key("1 773 555 9306"), "+8617735559306");
        let stored = in_region("1 773 555 9306", us()).expect("re-read");
        assert_eq!(key(&stored), "+17735559306", "{stored}");
        // Ten digits already read as North American under auto: nothing to add.
        assert_eq!(in_region("773.555.9306", us()), None);
        assert_eq!(in_region("+86 13800138000", us()), None);
        assert_eq!(in_region("12", us()), None);
        // A London number typed nationally, imported with region GB.
        let gb = Region::Country(Id::GB);
        let stored = in_region("020 7946 0018", gb).expect("prefixed");
        assert_eq!(key(&stored), "+442079460018", "{stored}");
    }

    #[test]
    fn regions_parse() {
        assert_eq!("auto".parse::<Region>(), Ok(Region::Auto));
        assert_eq!("us".parse::<Region>(), Ok(us()));
        assert_eq!(" CN ".parse::<Region>(), Ok(Region::Country(Id::CN)));
        let err = "mars".parse::<Region>().unwrap_err();
        assert!(err.contains("\"mars\""), "{err}");
        assert_eq!(us().to_string(), "US");
    }

    #[test]
    fn display_is_national_at_home_and_international_abroad() {
        // The default region is process-wide; `auto` is the default and
        // these tests never set it.
        assert_eq!(display("+86 138 0013 8000"), "138 0013 8000");
        assert_eq!(display("0086-10-12345678"), "010 1234 5678");
        assert_eq!(display("+1 773 555 9306"), "+1 773-555-9306");
        assert_eq!(display("+1 415 555 0100 x12"), "+1 415-555-0100 ext. 12");
        assert_eq!(display("12345"), "12345");
    }

    /// The split metadata (`metadata`, from the vendored XML) reads numbers
    /// exactly as the crate's own database does, and reading them never
    /// loads that database (~100 ms). The crate's database is only touched
    /// here, after the check, as the oracle.
    #[test]
    fn keys_agree_with_the_crates_own_metadata() {
        let numbers = [
            ("+86 138-0013-8000", Id::CN),
            ("010-1234 5678", Id::CN),
            ("0571-8888 6666", Id::CN),
            ("+1 (773) 555-9306", Id::US),
            ("(416) 555-0199", Id::CA),
            ("+44 20 7946 0018", Id::GB),
            ("020 7946 0018", Id::GB),
            ("+852 2123 4567", Id::HK),
            ("+49 30 123456", Id::DE),
            ("+81 3-1234-5678", Id::JP),
            ("+886 2 2345 6789", Id::TW),
            ("+33 6 31 96 65 43", Id::FR),
            ("+39 06 1234 5678", Id::IT),
            ("+55 11 91234-5678", Id::BR),
            ("+7 495 123-45-67", Id::RU),
            ("+61 2 9374 4000", Id::AU),
            ("+82 2-312-3456", Id::KR),
            ("+91 98765 43210", Id::IN),
            ("+65 6123 4567", Id::SG),
            ("12345", Id::CN),
        ];
        let ours: Vec<(String, String)> = numbers
            .iter()
            .map(|(n, r)| (key_in(n, Region::Country(*r)), display(n)))
            .collect();
        assert!(
            once_cell::sync::Lazy::get(&phonenumber::metadata::DATABASE).is_none(),
            "reading phones loaded the crate's whole database"
        );
        use phonenumber::Mode;
        let mut displayed = 0;
        for ((typed, region), (key, shown)) in numbers.iter().zip(&ours) {
            let oracle = phonenumber::parse(Some(*region), typed)
                .ok()
                .filter(phonenumber::is_valid);
            let Some(n) = oracle else {
                assert!(key.starts_with('#'), "{typed}: {key}");
                continue;
            };
            let form = |mode| n.format().mode(mode).to_string();
            assert_eq!(key, &form(Mode::E164), "{typed}");
            // `display` reads in the default region (auto: China at home),
            // so only the numbers that read the same there are compared.
            if key_in(typed, Region::Auto) == *key {
                let home = n.country().id() == Some(Id::CN);
                let want = form(if home {
                    Mode::National
                } else {
                    Mode::International
                });
                assert_eq!(shown, &want, "{typed}");
                displayed += 1;
            }
        }
        assert!(displayed >= 16, "only {displayed} display forms compared");
    }

    /// Not a benchmark: prints the cost of a reading (one parse giving the
    /// key and the card form) so the ratio to the old hand-written key can
    /// be quoted (`cargo test --release --lib
    /// phone_key_cost -- --ignored --nocapture`).
    #[test]
    #[ignore]
    fn phone_key_cost() {
        let numbers: Vec<String> = (0..20_000u64)
            .map(|i| match i % 3 {
                0 => format!("138{:08}", i),
                1 => format!("+1 (773) 555-{:04}", i % 10_000),
                _ => format!("010-{:08}", i),
            })
            .collect();
        let t = std::time::Instant::now();
        let mut n = 0;
        for p in &numbers {
            n += Forms::read(p, Region::Auto).shown.len();
        }
        let new = t.elapsed();
        let t = std::time::Instant::now();
        for p in &numbers {
            n += super::super::validate::legacy_phone_key(p).len();
        }
        let old = t.elapsed();
        println!(
            "{} readings: phonenumber {:?} ({:.2} µs each), old key {:?} ({:.3} µs each), ratio {:.0}x ({n})",
            numbers.len(),
            new,
            new.as_secs_f64() * 1e6 / numbers.len() as f64,
            old,
            old.as_secs_f64() * 1e6 / numbers.len() as f64,
            new.as_secs_f64() / old.as_secs_f64()
        );
    }
}
