//! Field validation and the normalised forms the store indexes.

use crate::text::sanitize;
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ValidationError {
    #[error("a name cannot be empty")]
    EmptyName,
    #[error("\"{}\" is not a valid email address (expected name@example.com)", sanitize(.0))]
    Email(String),
    #[error("\"{}\" is not a valid phone number ({why})", sanitize(.0), why = .1)]
    Phone(String, &'static str),
    #[error(
        "\"{}\" is not a valid tag (tags are single words without spaces or commas)",
        sanitize(.0)
    )]
    Tag(String),
    /// A number outside what rolo accepts for it (`cadence 0`, `every 99999999d`).
    #[error("{what} \"{value}\" is out of range: {range}")]
    OutOfRange {
        what: &'static str,
        value: String,
        range: String,
    },
    #[error("unknown {what} \"{}\" (expected one of: {expected})", sanitize(.input))]
    UnknownWord {
        what: &'static str,
        input: String,
        expected: String,
    },
    #[error("\"{}\" is not a number of days (a whole number, e.g. 30)", sanitize(.0))]
    NotDays(String),
    #[error("{what} \"{value}\" is both added and removed; say one or the other")]
    Contradictory { what: &'static str, value: String },
    #[error("a task title cannot be empty")]
    EmptyTitle,
    #[error("a summary cannot be empty")]
    EmptySummary,
    #[error(
        "a repeating task needs a due date: its next occurrence is counted from it (give a due \
         date, or stop the repeat)"
    )]
    RepeatsWithoutDue,
    #[error(
        "\"{}\" is not an amount (expected a number like 50000, 50,000 or 1234.50)",
        sanitize(.0)
    )]
    Amount(String),
    /// A number that could be read two ways (`1,5`) or finer than a cent.
    #[error("\"{}\" is not an amount: {why}", sanitize(.input))]
    AmountForm { input: String, why: &'static str },
    #[error(
        "\"{}\" is not a currency (expected a 3-letter code like CNY or USD)",
        sanitize(.0)
    )]
    Currency(String),
    #[error("a probability is a percentage from 0 to 100, not {0}")]
    Probability(u32),
    #[error("a lost deal needs a reason (--reason)")]
    NoReason,
    /// A field of a record that is wrong for a reason of its own:
    /// `order invoice "…": at most 64 characters`.
    #[error("{what} \"{}\" {why}", sanitize(.value))]
    Field {
        what: &'static str,
        value: String,
        why: String,
    },
    #[error(
        "\"{}\" is not a period (expected a month like 2026-12 or 2026年12月, a quarter like \
         2026Q4, 2026-Q4 or 2026年第4季度, or a year like 2026)",
        sanitize(.0)
    )]
    Period(String),
}

// Every variant is something the user typed or gave rolo to read.
impl crate::fault::Blamed for ValidationError {
    fn blame(&self) -> crate::fault::Blame {
        crate::fault::Blame::Input
    }
}

/// Day counts — a cadence, `--quiet-for`, `quiet_days`, a recurrence —
/// reach at most a century: more is a typo, and date arithmetic with it
/// would leave the calendar.
pub const MAX_DAYS: u32 = 36_500;

/// The last year a date may fall in (see `dates::YEARS`).
pub const MAX_YEAR: i32 = 9999;

/// A day count in `min..=MAX_DAYS`, or an error naming it and the range.
pub fn days(what: &'static str, n: u32, min: u32) -> Result<u32, ValidationError> {
    if (min..=MAX_DAYS).contains(&n) {
        Ok(n)
    } else {
        Err(ValidationError::OutOfRange {
            what,
            value: n.to_string(),
            range: format!("{min} to {MAX_DAYS} days"),
        })
    }
}

/// A day count as typed (`30`): a whole number in `min..=MAX_DAYS`. A
/// number outside it — negative, or too long for any count — is out of
/// range, naming the range; anything else is not a number of days.
pub fn parse_days(what: &'static str, text: &str, min: u32) -> Result<u32, ValidationError> {
    let t = text.trim();
    let magnitude = t.strip_prefix('-').unwrap_or(t);
    if magnitude.is_empty() || !magnitude.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ValidationError::NotDays(text.to_string()));
    }
    match t.parse::<u32>() {
        Ok(n) => days(what, n, min),
        Err(_) => Err(ValidationError::OutOfRange {
            what,
            value: t.to_string(),
            range: format!("{min} to {MAX_DAYS} days"),
        }),
    }
}

/// A cadence: stay in touch every 1 to `MAX_DAYS` days.
pub fn cadence(days: u32) -> Result<u32, ValidationError> {
    self::days("cadence", days, 1)
}

/// Names are trimmed, inner whitespace collapsed, and must not be empty.
pub fn name(input: &str) -> Result<String, ValidationError> {
    let folded = input.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.is_empty() {
        Err(ValidationError::EmptyName)
    } else {
        Ok(folded)
    }
}

/// Syntax per RFC 5322 (via `email_address`), plus a dotted domain: in a CRM
/// `ann@acme` is a typo far more often than an intranet address.
pub fn email(input: &str) -> Result<String, ValidationError> {
    let trimmed = input.trim();
    let ok = plain_email(trimmed)
        || email_address::EmailAddress::parse_with_options(
            trimmed,
            email_address::Options::default().without_display_text(),
        )
        .is_ok_and(|parsed| {
            let domain = parsed.domain();
            domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !parsed.local_part().starts_with('"')
        });
    if ok {
        Ok(trimmed.to_string())
    } else {
        Err(ValidationError::Email(input.to_string()))
    }
}

pub fn emails(inputs: &[String]) -> Result<Vec<String>, ValidationError> {
    let mut out = Unique::default();
    for e in inputs.iter().filter(|e| !e.trim().is_empty()) {
        out.push(email(e)?, |a, b| email_key(a) == email_key(b), email_key);
    }
    Ok(out.list)
}

/// A list kept free of values with the same key, in order. A short list
/// (nearly every customer's) is scanned, allocating nothing; a long one
/// (a vCard with thousands of addresses) keeps its keys in a set, so it
/// is built in linear time rather than comparing each value with all
/// before it.
#[derive(Default)]
struct Unique {
    list: Vec<String>,
    keys: Option<std::collections::HashSet<String>>,
}

impl Unique {
    /// Lists up to this long are scanned.
    const SCAN: usize = 16;

    /// Add `value` unless a value with the same `key` is there (`same`
    /// compares two values' keys without building them, for the scan).
    fn push(
        &mut self,
        value: String,
        same: impl Fn(&str, &str) -> bool,
        key: impl Fn(&str) -> String,
    ) {
        if self.list.len() < Self::SCAN {
            if !self.list.iter().any(|x| same(x, &value)) {
                self.list.push(value);
            }
            return;
        }
        let list = &self.list;
        let keys = self
            .keys
            .get_or_insert_with(|| list.iter().map(|x| key(x)).collect());
        if keys.insert(key(&value)) {
            self.list.push(value);
        }
    }
}

/// The everyday address (`ann.lee+crm@mail.acme.com`), checked in one
/// scan: the full RFC parse was a tenth of an import's checking. Accepts
/// only what the parse accepts too (a property test holds it to that);
/// anything unusual falls through to the parse.
fn plain_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let atom = |part: &str, extra: &[u8]| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || extra.contains(&b))
    };
    let label =
        |l: &str| l.len() <= 63 && atom(l, b"-") && !l.starts_with('-') && !l.ends_with('-');
    local.len() <= 64
        && s.len() <= 254
        && local.split('.').all(|a| atom(a, b"_%+-"))
        && domain.contains('.')
        && domain.split('.').all(label)
}

/// The form an email is indexed and compared by.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The country code the keys before schema 3 assumed for every number
/// typed without one (see [`legacy_phone_key`]).
pub const DEFAULT_COUNTRY_CODE: &str = "86";

/// Checks a phone number as typed and returns it trimmed (the user's format
/// is kept). Dial characters after the number (`w`/`p` waits and pauses,
/// `,` and `;`: `18923817874w123`) are kept as typed; the key is the number
/// before them. Whether libphonenumber can read the number is not checked
/// here: one it cannot is kept and keyed by its digits (see `phone::key`).
pub fn phone(input: &str) -> Result<String, ValidationError> {
    let trimmed = input.trim();
    let before_dial = trimmed
        .find(['w', 'W', 'p', 'P', ',', ';'])
        .map_or(trimmed, |at| &trimmed[..at]);
    if let Some(dial) = trimmed.get(before_dial.len()..)
        && dial
            .chars()
            .any(|c| !(c.is_ascii_digit() || "wWpP,;*# ".contains(c)))
    {
        return Err(ValidationError::Phone(
            input.to_string(),
            "after a dial character (w, p, \",\" or \";\") only digits, *, # and more dial characters are allowed",
        ));
    }
    let (number, extension) = split_extension(before_dial);
    if number
        .chars()
        .any(|c| !(c.is_ascii_digit() || " +-().".contains(c)))
    {
        return Err(ValidationError::Phone(
            input.to_string(),
            "only digits, spaces, + - ( ) . and an extension like \"x12\" are allowed",
        ));
    }
    if number.rfind('+').is_some_and(|at| at != 0) {
        return Err(ValidationError::Phone(
            input.to_string(),
            "\"+\" may only start the number",
        ));
    }
    if extension.is_some_and(|ext| ext.is_empty() || !ext.bytes().all(|b| b.is_ascii_digit())) {
        return Err(ValidationError::Phone(
            input.to_string(),
            "an extension must be digits",
        ));
    }
    let digits = number.bytes().filter(u8::is_ascii_digit).count();
    if !(5..=15).contains(&digits) {
        return Err(ValidationError::Phone(
            input.to_string(),
            "expected 5 to 15 digits",
        ));
    }
    Ok(trimmed.to_string())
}

pub fn phones(inputs: &[String]) -> Result<Vec<String>, ValidationError> {
    let mut out = Unique::default();
    for p in inputs.iter().filter(|p| !p.trim().is_empty()) {
        out.push(phone(p)?, |a, b| phone_key(a) == phone_key(b), phone_key);
    }
    Ok(out.list)
}

/// A number and its extension (`x12`, `ext. 7`, `#3`, `转123`).
pub(crate) fn split_extension(input: &str) -> (&str, Option<&str>) {
    // Most numbers have no extension: one scan instead of five searches
    // (this runs for every phone of every imported row, three times).
    if input
        .bytes()
        .all(|b| b.is_ascii_digit() || b" +-().".contains(&b))
    {
        return (input, None);
    }
    let lower = input.to_ascii_lowercase();
    for marker in ["ext.", "ext", "x", "#", "转"] {
        if let Some(at) = lower.find(marker) {
            return (input[..at].trim(), Some(input[at + marker.len()..].trim()));
        }
    }
    (input, None)
}

/// The key a phone is matched and indexed by: its E.164 form as
/// libphonenumber reads it in the default region (`+8613800138000`), or `#`
/// and its digits when it does not parse. See [`super::phone`].
pub fn phone_key(input: &str) -> String {
    super::phone::key(input)
}

/// The key before schema 3: digits with `86` assumed for every number
/// without `+`/`00`. Kept to measure the new key against, and to recognise
/// index entries written by older builds.
pub fn legacy_phone_key(input: &str) -> String {
    let (number, _) = split_extension(input.trim());
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    if number.trim_start_matches([' ', '(']).starts_with('+') {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_string()
    } else {
        let national = digits.strip_prefix('0').unwrap_or(&digits);
        let mut key = String::with_capacity(DEFAULT_COUNTRY_CODE.len() + national.len());
        key.push_str(DEFAULT_COUNTRY_CODE);
        key.push_str(national);
        key
    }
}

/// Tags are single tokens; a leading `#` or `+` is dropped.
pub fn tags(inputs: &[String]) -> Result<Vec<String>, ValidationError> {
    let mut out = Unique::default();
    for raw in inputs {
        let tag = raw.trim().trim_start_matches(['#', '+']);
        if tag.is_empty() {
            continue;
        }
        if tag
            .chars()
            .any(|c| c.is_whitespace() || c == ',' || c == '、')
        {
            return Err(ValidationError::Tag(raw.clone()));
        }
        out.push(
            tag.to_string(),
            |a, b| a.eq_ignore_ascii_case(b),
            |t| t.to_ascii_lowercase(),
        );
    }
    Ok(out.list)
}

#[cfg(test)]
mod plain_email_tests {
    use super::plain_email;
    use proptest::prelude::*;

    #[test]
    fn everyday_addresses_take_the_short_path_and_odd_ones_do_not() {
        for ok in [
            "ann@acme.com",
            "ann.lee+crm@mail.acme.co.uk",
            "x_1%2@a-b.cn",
        ] {
            assert!(plain_email(ok), "{ok}");
        }
        for odd in [
            "ann@acme",
            "a..b@x.com",
            ".a@x.com",
            "a@-x.com",
            "a@x-.com",
            "a@x..com",
            "\"q\"@x.com",
            "a@@x.com",
            "张@x.com",
            "a b@x.com",
        ] {
            assert!(!plain_email(odd), "{odd}");
        }
    }

    proptest! {
        /// The short path never accepts what the full parse refuses.
        #[test]
        fn the_short_path_is_a_subset_of_the_parse(
            local in "[a-zA-Z0-9._%+-]{1,12}",
            domain in "[a-zA-Z0-9.-]{1,16}",
        ) {
            let s = format!("{local}@{domain}");
            if plain_email(&s) {
                let parsed = email_address::EmailAddress::parse_with_options(
                    &s,
                    email_address::Options::default().without_display_text(),
                );
                prop_assert!(parsed.is_ok(), "{s}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Thousands of values de-duplicate in linear time, by the same keys
    /// as a short list, keeping the first of each in order.
    #[test]
    fn long_lists_de_duplicate_by_the_same_keys() {
        let mut inputs: Vec<String> = (0..20_000).map(|i| format!("a{i}@x.com")).collect();
        inputs.extend((0..20_000).map(|i| format!("A{i}@X.COM")));
        let start = std::time::Instant::now();
        let out = emails(&inputs).expect("valid");
        assert_eq!(out.len(), 20_000);
        assert_eq!(out[19_999], "a19999@x.com");
        let tags_in: Vec<String> = (0..40_000).map(|i| format!("T{}", i % 20_000)).collect();
        let out = tags(&tags_in).expect("valid");
        assert_eq!(out.len(), 20_000);
        // A smoke bound for a debug build: the scan took minutes here.
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
        // Phones on their own clock, and fewer: each is parsed with
        // libphonenumber's metadata, far slower than the old hand-written
        // key in a debug build; 4,000 still shows a quadratic scan.
        let start = std::time::Instant::now();
        let phones_in: Vec<String> = (0..4_000)
            .flat_map(|i| [format!("138{i:08}"), format!("+86 138{i:08}")])
            .collect();
        assert_eq!(phones(&phones_in).expect("valid").len(), 4_000);
        assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
        // Short lists too: the first of each, in order.
        let short = emails(&["B@x.com".into(), "a@x.com".into(), "b@X.com".into()]);
        assert_eq!(short.expect("valid"), ["B@x.com", "a@x.com"]);
    }

    #[test]
    fn emails_valid_and_invalid() {
        for ok in [
            "ann@acme.com",
            " li.wei+crm@example.com.cn ",
            "张@例子.中国",
        ] {
            assert!(email(ok).is_ok(), "{ok} should be valid");
        }
        for bad in [
            "ann",
            "ann@",
            "@acme.com",
            "ann@acme",
            "ann @acme.com",
            "ann@@acme.com",
            "ann@acme.",
        ] {
            let err = email(bad).expect_err(bad);
            assert!(err.to_string().contains(bad.trim()), "{err}");
        }
    }

    #[test]
    fn phone_keys_agree_across_formats() {
        let k = phone_key("13800138000");
        assert_eq!(k, "+8613800138000");
        for same in [
            "+86 138-0013-8000",
            "0086 138 0013 8000",
            "(+86) 13800138000",
            "138.0013.8000",
        ] {
            assert_eq!(phone_key(same), k, "{same}");
        }
        assert_eq!(phone_key("010-1234 5678"), "+861012345678");
        assert_eq!(phone_key("+1 (415) 555-0100 x12"), "+14155550100");
        assert_eq!(legacy_phone_key("010-1234 5678"), "861012345678");
    }

    #[test]
    fn phone_validation_keeps_what_was_typed() {
        assert_eq!(
            phone(" +86 138-0013-8000 ").as_deref(),
            Ok("+86 138-0013-8000")
        );
        assert!(phone("+1 415 555 0100 ext. 7").is_ok());
        assert!(phone("0571-8888 6666转123").is_ok());
        // Issue 13: an Android TEL with a dial wait was refused.
        for dial in [
            "18923817874w",
            "18923817874w123",
            "18923817874p,1",
            "+1 415 555 0100;7",
        ] {
            assert_eq!(phone(dial).as_deref(), Ok(dial));
        }
        for bad in [
            "call me",
            "123",
            "+86 138 0013 8000 0000 1",
            "138+0013",
            "555-0100 xab",
            "18923817874wabc",
        ] {
            let err = phone(bad).expect_err(bad);
            assert!(err.to_string().contains(bad), "{err}");
        }
    }

    #[test]
    fn duplicate_contacts_are_folded() {
        let e = emails(&["Ann@Acme.com".into(), "ann@acme.com".into(), "".into()]).expect("ok");
        assert_eq!(e, vec!["Ann@Acme.com"]);
        let p = phones(&["+86 138 0013 8000".into(), "13800138000".into()]).expect("ok");
        assert_eq!(p.len(), 1);
    }

    #[test]
    fn names_and_tags() {
        assert_eq!(name("  Ann   Lee ").as_deref(), Ok("Ann Lee"));
        assert_eq!(name(" \t"), Err(ValidationError::EmptyName));
        assert_eq!(
            tags(&["#vip".into(), "VIP".into(), "重点".into()]).expect("ok"),
            vec!["vip", "重点"]
        );
        assert!(tags(&["two words".into()]).is_err());
    }
}
