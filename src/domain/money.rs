//! Amounts of money: integer minor units (cents, fen) and a currency code,
//! so sums never drift. Every currency is taken to have two decimals.

use super::ValidationError;

/// Parse what a person types for an amount: `50000`, `50,000`, `1234.5`,
/// `¥12,000`, `12k`, `1.5m`, `3万`. Returns minor units (×100).
pub fn parse_amount(input: &str) -> Result<i64, ValidationError> {
    let bad = || ValidationError::Amount(input.to_string());
    let mut text: String = input
        .trim()
        .trim_start_matches(['¥', '$', '€', '£', '￥'])
        .chars()
        .filter(|c| *c != ',' && *c != '_' && !c.is_whitespace())
        .collect();
    let mut scale: i64 = 1;
    for (suffix, factor) in [("k", 1_000), ("m", 1_000_000), ("万", 10_000)] {
        if let Some(rest) = text
            .strip_suffix(suffix)
            .or_else(|| text.strip_suffix(&suffix.to_uppercase()))
        {
            text = rest.to_string();
            scale = factor;
            break;
        }
    }
    let (whole, frac) = match text.split_once('.') {
        Some((w, f)) => (w, f),
        None => (text.as_str(), ""),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && frac.is_empty() || !digits(whole) || !digits(frac) {
        return Err(bad());
    }
    // Work in millionths so `1.5m` and `12.345k` stay exact, then round to cents.
    let frac6: i64 = format!("{frac:0<6}")
        .get(..6)
        .and_then(|f| f.parse().ok())
        .ok_or_else(bad)?;
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let micros = whole
        .checked_mul(1_000_000)
        .and_then(|w| w.checked_add(frac6))
        .and_then(|m| m.checked_mul(scale))
        .ok_or_else(bad)?;
    Ok((micros + 5_000) / 10_000)
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
    let digits = whole.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
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
    let since = now - chrono::Duration::days(365);
    deals
        .iter()
        .filter(|d| d.status == super::DealStatus::Won)
        .filter(|d| d.closed_at.is_some_and(|at| at > since && at <= now))
        .filter_map(|d| rates.to_base(d.amount, &d.currency))
        .sum()
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
        assert_eq!(parse_amount("¥12,000.05"), Ok(1_200_005));
        assert_eq!(parse_amount("12k"), Ok(1_200_000));
        assert_eq!(parse_amount("1.5M"), Ok(150_000_000));
        assert_eq!(parse_amount("3万"), Ok(3_000_000));
        assert_eq!(parse_amount(".5"), Ok(50));
        for bad in ["", "abc", "1.2.3", "-5", "12x", "99999999999999999999", "."] {
            assert!(parse_amount(bad).is_err(), "{bad:?} parsed");
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
