//! From an input to what it names: an exact moment, or a day and/or a time
//! of day, before [`parse_due`](super::parse_due) and
//! [`parse_at`](super::parse_at) apply their direction-specific defaults.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

use super::DateError;
use super::day::day;
use super::lex::{Tok, Unit, lex, unit_of};
use super::time::{END_OF_DAY, split_time};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Toward {
    Future,
    Past,
}

/// What an input names, before the caller's direction-specific defaults apply.
pub(super) enum Resolved {
    /// An exact moment: `now`, `eod`, `+4h`, `2h ago`.
    Moment(NaiveDateTime),
    /// A day, perhaps with a time of day.
    Day(NaiveDate, Option<NaiveTime>),
    /// A time of day alone.
    Time(NaiveTime),
}

/// Why a token sequence did not resolve (the caller adds the input).
pub(super) enum Fail {
    Unknown,
    Invalid(String),
    OutOfRange,
    /// A date written out in a year rolo does not take.
    Year(i32),
}

pub(super) fn out_of_range(input: &str) -> DateError {
    DateError::OutOfRange(input.trim().to_string())
}

pub(super) fn resolve(
    input: &str,
    now: NaiveDateTime,
    toward: Toward,
) -> Result<Resolved, DateError> {
    let shown = input.trim();
    if shown.is_empty() {
        return Err(DateError::Empty);
    }
    let lowered = shown.to_lowercase();
    resolve_tokens(&lowered, now, toward).map_err(|fail| match fail {
        Fail::Unknown => DateError::Unknown(shown.to_string()),
        Fail::Invalid(reason) => DateError::Invalid {
            input: shown.to_string(),
            reason,
        },
        Fail::OutOfRange => DateError::OutOfRange(shown.to_string()),
        Fail::Year(year) => DateError::Year {
            input: shown.to_string(),
            year,
        },
    })
}

fn resolve_tokens(text: &str, now: NaiveDateTime, toward: Toward) -> Result<Resolved, Fail> {
    let toks = lex(text)?;
    if let Some(at) = moment(&toks, now)? {
        return Ok(Resolved::Moment(at));
    }
    let (day_toks, time) = split_time(&toks)?;
    match (day_toks, time) {
        ([], Some(time)) => Ok(Resolved::Time(time)),
        ([], None) => Err(Fail::Unknown),
        (day_toks, time) => Ok(Resolved::Day(day(day_toks, now.date(), toward)?, time)),
    }
}

/// Forms that name an exact moment and take no extra time of day.
fn moment(toks: &[Tok<'_>], now: NaiveDateTime) -> Result<Option<NaiveDateTime>, Fail> {
    use Tok::{Num, Sym, Word, Zh};
    let (n, unit, sign) = match toks {
        [Word("now")] | [Zh("现在")] => return Ok(Some(now)),
        [Word("eod")] => return Ok(Some(now.date().and_time(END_OF_DAY))),
        [Sym('+'), Num(n), u] | [Word("in"), Num(n), u] | [Num(n), u, Zh(AFTER!())] => (n, u, 1),
        [Sym('-'), Num(n), u] | [Num(n), u, Word("ago")] | [Num(n), u, Zh(BEFORE!())] => (n, u, -1),
        _ => return Ok(None),
    };
    let delta = match unit_of(unit) {
        Some(Unit::Hour) => TimeDelta::try_hours(i64::from(*n) * sign),
        Some(Unit::Minute) => TimeDelta::try_minutes(i64::from(*n) * sign),
        _ => return Ok(None),
    };
    delta
        .and_then(|d| now.checked_add_signed(d))
        .map(Some)
        .ok_or(Fail::OutOfRange)
}
