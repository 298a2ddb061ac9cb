//! The amount that ends a `deal` line. The last word (or the last two, for
//! `50k USD`) is always the amount, so a title may hold any words before it:
//!
//! - a currency sign glued to a number: `¥50k`, `￥5万`, `$12,000`, `€3.5k`,
//!   `£900` — `¥`/`￥` mean the configured base currency;
//! - a number followed by a currency code: `50k USD`, `12,000 eur`, `5万 RMB`;
//! - a number followed by `元` (yuan): `5万元`, `50000元`;
//! - a bare number, `k`/`m`/`万` allowed: `50000`, `50,000`, `12k`, `5万` — in
//!   the base currency.

use super::error::ParseError;
use super::lexer::Word;
use crate::domain::{ValidationError, money};
use std::ops::Range;

/// An amount found at the end of a deal's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Amount {
    /// Minor units (×100).
    pub minor: i64,
    /// `None`: the configured base currency.
    pub currency: Option<String>,
    /// The words it was written with.
    pub span: Range<usize>,
}

/// Codes that may follow a number. A fixed list rather than any three
/// letters, so a title ending in `5 car` is not read as five of a currency "CAR".
const CODES: &[&str] = &[
    "CNY", "RMB", "USD", "EUR", "GBP", "JPY", "HKD", "TWD", "MOP", "SGD", "AUD", "NZD", "CAD",
    "CHF", "KRW", "INR", "THB", "MYR", "IDR", "PHP", "VND", "AED", "SAR", "RUB", "BRL", "MXN",
    "ZAR", "SEK", "NOK", "DKK", "PLN", "TRY",
];

const EXAMPLES: &str = "e.g. ¥50k, $12,000, 50k USD or 5万";

/// The amount the last word(s) of `words` spell, `Ok(None)` when they are
/// not money at all, or an error when they clearly try to be and fail
/// (`¥5x`, `lots USD`).
pub(crate) fn trailing(words: &[Word<'_>]) -> Result<Option<Amount>, ParseError> {
    let Some((last, before)) = words.split_last() else {
        return Ok(None);
    };
    if let Some((currency, number)) = money::split_sign(last.text) {
        let minor = number_or_error(number, last)?;
        return Ok(Some(Amount {
            minor,
            currency: currency.map(str::to_string),
            span: last.span.clone(),
        }));
    }
    if let Some(code) = code(last.text) {
        let Some(number) = before.last() else {
            return Err(no_number_before(last));
        };
        if !looks_numeric(number.text) {
            return Err(no_number_before(last));
        }
        let minor = number_or_error(number.text, number)?;
        return Ok(Some(Amount {
            minor,
            currency: Some(code),
            span: number.span.start..last.span.end,
        }));
    }
    if let Some(number) = last.text.strip_suffix('元')
        && looks_numeric(number)
    {
        let minor = number_or_error(number, last)?;
        return Ok(Some(Amount {
            minor,
            currency: Some("CNY".into()),
            span: last.span.clone(),
        }));
    }
    if looks_numeric(last.text) {
        let minor = number_or_error(last.text, last)?;
        return Ok(Some(Amount {
            minor,
            currency: None,
            span: last.span.clone(),
        }));
    }
    Ok(None)
}

/// The amount the first word(s) of `words` spell (`¥12,000`, `12,000 USD`,
/// `1.2万`), as [`trailing`] reads the last: an order line starts with it.
pub(crate) fn leading(words: &[Word<'_>]) -> Result<Option<Amount>, ParseError> {
    match words {
        [first, second, ..] if code(second.text).is_some() && looks_numeric(first.text) => {
            trailing(&words[..2])
        }
        [_, ..] => trailing(&words[..1]),
        [] => Ok(None),
    }
}

/// A known currency code, upper-cased, with RMB as CNY.
fn code(word: &str) -> Option<String> {
    let upper = word.to_ascii_uppercase();
    if !CODES.contains(&upper.as_str()) {
        return None;
    }
    money::parse_currency(&upper).ok()
}

/// Starts with a digit (or `.5`, or `-5`): meant as a number, so failing to
/// parse one is an error (a negative one says the range).
fn looks_numeric(text: &str) -> bool {
    let mut chars = text.strip_prefix('-').unwrap_or(text).chars();
    match chars.next() {
        Some(c) if c.is_ascii_digit() => true,
        Some('.') => chars.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

fn number_or_error(number: &str, word: &Word<'_>) -> Result<i64, ParseError> {
    money::parse_amount(number).map_err(|e| {
        let message = match e {
            ValidationError::OutOfRange { range, .. } => {
                format!("\"{}\" is out of range: amounts are {range}", word.text)
            }
            ValidationError::AmountForm { why, .. } => {
                format!("\"{}\" is not an amount: {why}", word.text)
            }
            _ => format!("\"{}\" is not an amount ({EXAMPLES})", word.text),
        };
        ParseError::new(message, word.span.clone())
    })
}

fn no_number_before(code: &Word<'_>) -> ParseError {
    ParseError::new(
        format!(
            "\"{}\" needs a number before it ({EXAMPLES})",
            code.text.to_ascii_uppercase()
        ),
        code.span.clone(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::palette::lexer;

    /// Minor units, currency, span.
    type Found = (i64, Option<String>, Range<usize>);

    fn amount(text: &str) -> Result<Option<Found>, ParseError> {
        trailing(&lexer::words(text, 0..text.len(), &[]))
            .map(|a| a.map(|a| (a.minor, a.currency, a.span)))
    }

    fn some(minor: i64, currency: Option<&str>, span: Range<usize>) -> Option<Found> {
        Some((minor, currency.map(str::to_string), span))
    }

    #[test]
    fn signs_codes_yuan_and_bare_numbers() {
        assert_eq!(amount("50 seats ¥50k"), Ok(some(5_000_000, None, 9..14)));
        assert_eq!(amount("seats ￥5万"), Ok(some(5_000_000, None, 6..13)));
        assert_eq!(amount("x $12,000"), Ok(some(1_200_000, Some("USD"), 2..9)));
        assert_eq!(amount("x €3.5k"), Ok(some(350_000, Some("EUR"), 2..9)));
        assert_eq!(amount("x £900"), Ok(some(90_000, Some("GBP"), 2..7)));
        assert_eq!(amount("x 50k usd"), Ok(some(5_000_000, Some("USD"), 2..9)));
        assert_eq!(amount("x 5万 RMB"), Ok(some(5_000_000, Some("CNY"), 2..10)));
        assert_eq!(
            amount("续约 5万元"),
            Ok(some(5_000_000, Some("CNY"), 7..14))
        );
        assert_eq!(amount("x 50,000"), Ok(some(5_000_000, None, 2..8)));
        assert_eq!(amount("x 1.5m"), Ok(some(150_000_000, None, 2..6)));
        assert_eq!(amount("x .5"), Ok(some(50, None, 2..4)));
    }

    #[test]
    fn words_that_are_not_money() {
        for text in ["50 seats", "", "buy 5 car", "renewal", "元", "v2"] {
            assert_eq!(amount(text), Ok(None), "{text:?}");
        }
    }

    #[test]
    fn money_that_does_not_parse_is_an_error_on_its_word() {
        let err = amount("x ¥5x").expect_err("bad number after a sign");
        assert_eq!(err.span, 2..6);
        assert!(
            err.message.starts_with("\"¥5x\" is not an amount"),
            "{}",
            err.message
        );
        assert_eq!(amount("x ¥").map_err(|e| e.span), Err(2..4));
        assert_eq!(amount("x 5kk").map_err(|e| e.span), Err(2..5));
        assert_eq!(amount("x 1.2.3 USD").map_err(|e| e.span), Err(2..7));
        let err = amount("consulting in USD").expect_err("code without a number");
        assert_eq!(err.span, 14..17);
        assert!(err.message.starts_with("\"USD\" needs a number before it"));
        assert_eq!(amount("usd").map_err(|e| e.span), Err(0..3));
    }

    /// `deal acme: x 1,5` stored 15 and `deal acme: x -5` said "a deal
    /// needs an amount": each now says what is wrong with its word.
    #[test]
    fn a_negative_or_two_way_amount_is_an_error_on_its_word() {
        let err = amount("x 1,5").expect_err("a European 1.5");
        assert_eq!(err.span, 2..5);
        assert!(
            err.message.contains("groups digits by three"),
            "{}",
            err.message
        );
        let err = amount("x -5").expect_err("negative");
        assert_eq!(err.span, 2..4);
        assert_eq!(
            err.message,
            "\"-5\" is out of range: amounts are 0 to 1,000,000,000,000"
        );
        let err = amount("x 0.001 USD").expect_err("finer than a cent");
        assert!(err.message.contains("to the cent"), "{}", err.message);
    }
}
