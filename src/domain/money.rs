//! Amounts of money: integer minor units (cents, fen) and a currency code,
//! so sums never drift. Every currency is taken to have two decimals.

use super::ValidationError;

/// The largest amount one record may hold: a trillion (minor units).
/// More is a typo, and sums of many such amounts must stay inside `i64`.
pub const MAX_MINOR: i64 = 1_000_000_000_000 * 100;

/// Currency signs, longest first, and the currency each names (`None`:
/// the configured base currency — `¥` is yuan to rolo's users, and the
/// palette reads it the same way).
const SIGNS: &[(&str, Option<&str>)] = &[
    ("US$", Some("USD")),
    ("HK$", Some("HKD")),
    ("NT$", Some("TWD")),
    ("NZ$", Some("NZD")),
    ("S$", Some("SGD")),
    ("A$", Some("AUD")),
    ("C$", Some("CAD")),
    ("¥", None),
    ("￥", None),
    ("$", Some("USD")),
    ("€", Some("EUR")),
    ("£", Some("GBP")),
];

/// `US$5k` → (Some("USD"), "5k"), `¥50k` → (None, "50k"); `None` when the
/// text does not start with a currency sign.
pub fn split_sign(text: &str) -> Option<(Option<&'static str>, &str)> {
    SIGNS.iter().find_map(|(sign, currency)| {
        let head = text.get(..sign.len())?;
        head.eq_ignore_ascii_case(sign)
            .then(|| (*currency, &text[sign.len()..]))
    })
}

/// An amount as typed, with the currency it names if it names one:
/// `$50k`, `US$5`, `€3.5k`, `¥12,000.05`, `50k USD`, `5万元`, or a bare
/// `50000` (currency `None`: the base currency).
pub fn parse_money(input: &str) -> Result<(i64, Option<String>), ValidationError> {
    let text = input.trim();
    if let Some((currency, number)) = split_sign(text) {
        let minor = parse_amount(number).map_err(|e| as_typed(e, input))?;
        return Ok((minor, currency.map(str::to_string)));
    }
    if let Some(number) = text.strip_suffix('元') {
        let minor = parse_amount(number).map_err(|e| as_typed(e, input))?;
        return Ok((minor, Some("CNY".into())));
    }
    if let Some((number, code)) = text.rsplit_once(char::is_whitespace)
        && let Ok(code) = parse_currency(code)
    {
        let minor = parse_amount(number).map_err(|e| as_typed(e, input))?;
        return Ok((minor, Some(code)));
    }
    Ok((parse_amount(text)?, None))
}

/// An error about the number part of `input`, told of the whole of it.
fn as_typed(e: ValidationError, input: &str) -> ValidationError {
    let input = input.trim().to_string();
    match e {
        ValidationError::OutOfRange { what, range, .. } => ValidationError::OutOfRange {
            what,
            value: input,
            range,
        },
        ValidationError::AmountForm { why, .. } => ValidationError::AmountForm { input, why },
        _ => ValidationError::Amount(input),
    }
}

/// Parse a number as a person types an amount: `50000`, `50,000`,
/// `1234.5`, `12k`, `1.5m`, `3万`, `1,00,000` (no currency: see
/// [`parse_money`]). Returns minor units (×100), at most [`MAX_MINOR`].
///
/// Nothing is guessed: a separator groups digits by three (two in Indian
/// grouping, `1,00,000`), so `1,5` — a European 1.5 — is refused rather
/// than read as 15; an amount finer than a cent (`0.001`, or `1.234` — a
/// European 1234) is refused rather than rounded; a negative or a huge
/// amount is out of range, naming the range.
pub fn parse_amount(input: &str) -> Result<i64, ValidationError> {
    let bad = || ValidationError::Amount(input.to_string());
    let text = input.trim();
    let out_of_range = || ValidationError::OutOfRange {
        what: "amount",
        value: text.to_string(),
        range: format!("0 to {}", format_amount(MAX_MINOR)),
    };
    if text
        .strip_prefix('-')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit() || c == '.'))
    {
        return Err(out_of_range());
    }
    let mut number = text;
    let mut scale: i128 = 1;
    for (suffix, factor) in [("k", 1_000), ("m", 1_000_000), ("万", 10_000)] {
        if let Some(rest) = number
            .strip_suffix(suffix)
            .or_else(|| number.strip_suffix(&suffix.to_uppercase()))
        {
            number = rest.trim_end();
            scale = factor;
            break;
        }
    }
    let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !digits(frac) {
        return Err(bad());
    }
    let whole = grouped_digits(whole).ok_or_else(|| {
        if whole.chars().all(|c| c.is_ascii_digit() || is_separator(c)) {
            ValidationError::AmountForm {
                input: input.trim().to_string(),
                why: "a comma or space groups digits by three (50,000); the decimal point is . (1.5)",
            }
        } else {
            bad()
        }
    })?;
    if whole.is_empty() && frac.is_empty() {
        return Err(bad());
    }
    // Exact in i128 for up to 20 digits either side; more is out of range
    // (whole) or finer than a cent can be anyway (a fraction that long).
    let whole_digits = whole.trim_start_matches('0');
    if whole_digits.len() > 20 {
        return Err(out_of_range());
    }
    let frac = frac.trim_end_matches('0');
    if frac.len() > 20 {
        return Err(finer_than_a_cent(text));
    }
    let parse = |s: &str| {
        if s.is_empty() {
            Ok(0)
        } else {
            s.parse::<i128>()
        }
    };
    let (Ok(whole), Ok(fraction)) = (parse(whole_digits), parse(frac)) else {
        return Err(bad());
    };
    let unit = 10_i128.pow(frac.len() as u32);
    let fraction_cents = fraction * scale * 100;
    if fraction_cents % unit != 0 {
        return Err(finer_than_a_cent(text));
    }
    let minor = whole * scale * 100 + fraction_cents / unit;
    if minor > i128::from(MAX_MINOR) {
        return Err(out_of_range());
    }
    i64::try_from(minor).map_err(|_| out_of_range())
}

/// An amount already in minor units (a correction, a record read from a
/// file) within `0..=MAX_MINOR`, or the error naming the range.
pub fn check_amount(minor: i64) -> Result<i64, ValidationError> {
    if (0..=MAX_MINOR).contains(&minor) {
        Ok(minor)
    } else {
        Err(ValidationError::OutOfRange {
            what: "amount",
            value: format_amount(minor),
            range: format!("0 to {}", format_amount(MAX_MINOR)),
        })
    }
}

fn finer_than_a_cent(text: &str) -> ValidationError {
    ValidationError::AmountForm {
        input: text.to_string(),
        why: "amounts go to the cent, two decimals at most (1234.50; 1,234 is a thousand and more)",
    }
}

fn is_separator(c: char) -> bool {
    c == ',' || c == '_' || c.is_whitespace()
}

/// The digits of a whole part written with or without separators:
/// `50000`, `50,000`, `1 234 567`, `1,00,000`. `None` when the grouping
/// is not one people write (`1,5`, `5 5`, `1,2,3`, `12345,678`).
fn grouped_digits(whole: &str) -> Option<String> {
    let groups: Vec<&str> = whole.split(is_separator).collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match groups.as_slice() {
        [one] => (one.is_empty() || digits(one)).then(|| one.to_string()),
        [first, middle @ .., last] => {
            let fits = digits(first)
                && first.len() <= 3
                && middle
                    .iter()
                    .all(|g| digits(g) && (2..=3).contains(&g.len()))
                && digits(last)
                && last.len() == 3;
            fits.then(|| groups.concat())
        }
        [] => Some(String::new()),
    }
}

/// `CNY`, `usd` → `USD`: three ASCII letters.
pub fn parse_currency(input: &str) -> Result<String, ValidationError> {
    let code = input.trim().to_ascii_uppercase();
    match code.as_str() {
        "RMB" | "元" | "人民币" => return Ok("CNY".into()),
        _ => {}
    }
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(code)
    } else {
        Err(ValidationError::Currency(input.to_string()))
    }
}

/// `1234567` minor units → `12,345.67`; whole amounts drop the decimals.
pub fn format_amount(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    let (whole, cents) = (abs / 100, abs % 100);
    let grouped = crate::text::grouped(whole);
    if cents == 0 {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{cents:02}")
    }
}

/// `12,345.67 CNY`.
pub fn format_money(minor: i64, currency: &str) -> String {
    format!("{} {currency}", format_amount(minor))
}

/// Compact for narrow columns and chart labels: `1.2M`, `45.3k`, `980`.
pub fn format_short(minor: i64) -> String {
    let major = minor as f64 / 100.0;
    let abs = major.abs();
    if abs >= 1e6 {
        format!("{:.1}M", major / 1e6)
    } else if abs >= 1e4 {
        format!("{:.0}k", major / 1e3)
    } else if abs >= 1e3 {
        format!("{:.1}k", major / 1e3)
    } else {
        format!("{major:.0}")
    }
}

/// Converts amounts into one base currency (config `currency` and `[rates]`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rates {
    pub base: String,
    /// Units of `base` per unit of each other currency.
    pub rates: std::collections::BTreeMap<String, f64>,
}

impl Rates {
    pub fn new(base: &str, rates: &std::collections::BTreeMap<String, f64>) -> Rates {
        Rates {
            base: base.to_ascii_uppercase(),
            rates: rates
                .iter()
                .map(|(k, v)| (k.to_ascii_uppercase(), *v))
                .collect(),
        }
    }

    /// `minor` units of `currency` in minor units of the base currency;
    /// `None` when there is no rate for it.
    pub fn to_base(&self, minor: i64, currency: &str) -> Option<i64> {
        if currency.eq_ignore_ascii_case(&self.base) {
            return Some(minor);
        }
        let rate = self.rates.get(&currency.to_ascii_uppercase())?;
        Some((minor as f64 * rate).round() as i64)
    }
}

/// Sum of what a customer won in the 365 days before `now`, in base minor
/// units (deals in a currency without a rate are left out): what their tier
/// is computed from.
pub fn won_last_year(
    deals: &[super::Deal],
    rates: &Rates,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> i64 {
    let (since, now) = won_window(now);
    deals
        .iter()
        .filter(|d| d.status == super::DealStatus::Won)
        .filter(|d| d.closed_at.is_some_and(|at| at > since && at <= now))
        .filter_map(|d| rates.to_base(d.amount, &d.currency))
        .fold(0, i64::saturating_add)
}

/// The window [`won_last_year`] counts deals closed in: after the first
/// moment, up to and including the second (the 365 days before `now`).
pub fn won_window(
    now: chrono::DateTime<chrono::FixedOffset>,
) -> (
    chrono::DateTime<chrono::FixedOffset>,
    chrono::DateTime<chrono::FixedOffset>,
) {
    (now - chrono::Duration::days(365), now)
}

/// What each customer won over the 12 months before `now` (base-currency
/// minor units), from every deal; customers who won nothing are absent.
/// Their tier is `TierThresholds::tier` of it.
pub fn won_by_customer(
    deals: &[super::Deal],
    rates: &Rates,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> std::collections::HashMap<super::CustomerId, i64> {
    let mut by = std::collections::HashMap::new();
    for d in deals.iter().filter(|d| d.status == super::DealStatus::Won) {
        let sum: &mut i64 = by.entry(d.customer).or_default();
        *sum = sum.saturating_add(won_last_year(std::slice::from_ref(d), rates, now));
    }
    by
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_convert_to_the_base_or_say_they_cannot() {
        let mut table = std::collections::BTreeMap::new();
        table.insert("usd".to_string(), 7.1);
        let rates = Rates::new("cny", &table);
        assert_eq!(rates.to_base(100, "CNY"), Some(100));
        assert_eq!(rates.to_base(10_000, "USD"), Some(71_000));
        assert_eq!(rates.to_base(10_000, "EUR"), None);
    }

    #[test]
    fn amounts_parse_as_people_type_them() {
        assert_eq!(parse_amount("50000"), Ok(5_000_000));
        assert_eq!(parse_amount("50,000"), Ok(5_000_000));
        assert_eq!(parse_amount("1234.5"), Ok(123_450));
        assert_eq!(parse_money("¥12,000.05"), Ok((1_200_005, None)));
        assert_eq!(parse_amount("12k"), Ok(1_200_000));
        assert_eq!(parse_amount("1.5M"), Ok(150_000_000));
        assert_eq!(parse_amount("3万"), Ok(3_000_000));
        assert_eq!(parse_amount(".5"), Ok(50));
        for bad in ["", "abc", "1.2.3", "-5", "12x", "99999999999999999999", "."] {
            assert!(parse_amount(bad).is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn a_sign_or_code_names_its_currency() {
        let money = |s: &str| parse_money(s).map(|(m, c)| (m, c.unwrap_or_default()));
        assert_eq!(money("$50k"), Ok((5_000_000, "USD".into())));
        assert_eq!(money("US$5"), Ok((500, "USD".into())));
        assert_eq!(money("us$5"), Ok((500, "USD".into())));
        assert_eq!(money("€3.5k"), Ok((350_000, "EUR".into())));
        assert_eq!(money("£900"), Ok((90_000, "GBP".into())));
        assert_eq!(money("HK$1,000"), Ok((100_000, "HKD".into())));
        assert_eq!(
            money("¥3.5k"),
            Ok((350_000, String::new())),
            "¥ is the base currency"
        );
        assert_eq!(money("50k USD"), Ok((5_000_000, "USD".into())));
        assert_eq!(money("5万元"), Ok((5_000_000, "CNY".into())));
        assert_eq!(money("50000"), Ok((5_000_000, String::new())));
        for bad in ["$", "€x", "US$", "5 dollars", "$-5"] {
            assert!(parse_money(bad).is_err(), "{bad:?} parsed");
        }
        assert!(parse_amount("$5").is_err(), "a bare amount takes no sign");
    }

    #[test]
    fn amounts_beyond_a_trillion_are_out_of_range() {
        assert_eq!(parse_amount("1000000000000"), Ok(MAX_MINOR));
        let err = parse_amount("1000000000001").expect_err("too big");
        assert!(err.to_string().contains("out of range"), "{err}");
        assert!(err.to_string().contains("1,000,000,000,000"), "{err}");
    }

    /// Found trying issue 11 as a new user: `1,5` (a European 1.5) was
    /// stored as 15, `0.001` as 0 and `1.234` (a European 1234) as 1.23;
    /// `-5`, `$2000000000000` and twenty nines said "not an amount" with no
    /// range. Nothing is guessed now, and the range is named.
    #[test]
    fn amounts_that_could_be_read_two_ways_are_refused_and_ranges_named() {
        for ambiguous in ["1,5", "5 5", "1,2,3", "12345,678", "1,5k", "50, 000"] {
            let err = parse_amount(ambiguous).expect_err(ambiguous).to_string();
            assert!(err.contains("groups digits by three"), "{ambiguous}: {err}");
        }
        for finer in ["0.001", "1.234", "1.005", "12.345678k"] {
            let err = parse_amount(finer).expect_err(finer).to_string();
            assert!(err.contains("to the cent"), "{finer}: {err}");
        }
        for (big, shown) in [
            ("-5", "-5"),
            ("-0.5", "-0.5"),
            ("99999999999999999999", "99999999999999999999"),
            ("10000000000000", "10000000000000"),
            ("2000000m", "2000000m"),
        ] {
            let err = parse_amount(big).expect_err(big).to_string();
            assert_eq!(
                err,
                format!("amount \"{shown}\" is out of range: 0 to 1,000,000,000,000"),
                "{big}"
            );
        }
        let err = parse_money("$2000000000000")
            .expect_err("too big")
            .to_string();
        assert!(err.contains("\"$2000000000000\" is out of range"), "{err}");
        let err = parse_money("¥1,5").expect_err("two ways").to_string();
        assert!(
            err.starts_with("\"¥1,5\" is not an amount: a comma"),
            "{err}"
        );
        // What people do write still reads as before, exactly.
        for (typed, minor) in [
            ("1,000", 100_000),
            ("1,00,000", 10_000_000),
            ("50 000", 5_000_000),
            ("1,234,567.89", 123_456_789),
            ("1.005k", 100_500),
            ("1.2345k", 123_450),
            ("1.23456789m", 123_456_789),
            ("1.50000000", 150),
            ("0.10", 10),
            ("5.", 500),
            ("5,000k", 500_000_000),
        ] {
            assert_eq!(parse_amount(typed), Ok(minor), "{typed}");
        }
    }

    #[test]
    fn amounts_format_with_groups() {
        assert_eq!(format_amount(5_000_000), "50,000");
        assert_eq!(format_amount(123_450), "1,234.50");
        assert_eq!(format_amount(-99), "-0.99");
        assert_eq!(format_money(100, "CNY"), "1 CNY");
        assert_eq!(format_short(123_456_789), "1.2M");
        assert_eq!(format_short(4_530_000), "45k");
        assert_eq!(format_short(98_000), "980");
    }

    #[test]
    fn currencies_are_three_letter_codes() {
        assert_eq!(parse_currency("usd"), Ok("USD".into()));
        assert_eq!(parse_currency("RMB"), Ok("CNY".into()));
        assert!(parse_currency("dollars").is_err());
    }
}
