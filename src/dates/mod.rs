//! Natural dates — `fri 2pm`, `+3d`, `eow`, `下周一`, `3天后` — relative to an injected `now`.
//!
//! Hand-written rather than taken from a crate: the natural-date crates we tried
//! (interim, chrono-english) lack `+3d`, `eow` and every Chinese form, and the
//! grammar is small enough for a tokenizer plus a table of slice patterns.
//! Nothing here reads the clock; callers pass `now`, so results are reproducible.
//!
//! An input is `[day] [time]`, or a moment on its own (`now`, `eod`, `+4h`, `2h ago`).
//! [`parse_due`] looks forward (a bare weekday is the next one *after* today,
//! `12-01` the next Dec 1st, a bare time that has passed means tomorrow);
//! [`parse_at`] looks back (a bare weekday is the latest one on or before today,
//! a bare time still to come means yesterday). Everything else means the same in both.
//!
//! The pieces, in the order an input goes through them: `lex` (tokens),
//! `resolve` (moments, and the split into a day and a time of day), `time`
//! (times of day), `day` (day forms).

// Slice-pattern alternatives shared by several arms in `resolve` and `day`
// (defined before the `mod` lines, so that both see them).
macro_rules! AFTER {
    () => {
        "后" | "以后" | "之后"
    };
}
macro_rules! BEFORE {
    () => {
        "前" | "以前" | "之前"
    };
}

mod day;
mod lex;
mod resolve;
#[cfg(test)]
mod tests;
mod time;

use crate::domain::Due;
use crate::text::sanitize;
use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeDelta, Timelike, Weekday};

use self::day::{is_weekend, weekday_abbr};
use self::resolve::{Resolved, Toward, out_of_range, resolve};
use self::time::NOON;

/// Examples shown when an input is not understood.
pub const HINT: &str =
    "try: today, tomorrow, fri, next week, +3d, in 2 weeks, 2026-12-01, 12-01, 明天, 周五, 3天后";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("missing date ({hint})", hint = HINT)]
    Empty,
    #[error("unknown date \"{}\" ({hint})", sanitize(.0), hint = HINT)]
    Unknown(String),
    #[error("invalid date \"{}\": {reason}", sanitize(.input))]
    Invalid { input: String, reason: String },
    #[error(
        "date \"{}\" is out of range: rolo takes years {} to {}",
        sanitize(.0),
        YEARS.start(),
        YEARS.end()
    )]
    OutOfRange(String),
    #[error("date \"{input}\" is in the year {year}; rolo takes years {} to {}", YEARS.start(), YEARS.end())]
    Year { input: String, year: i32 },
}

/// The years a date may fall in: earlier is a typo (`1026` for `2026`),
/// later cannot be written as four digits in exports and other programs.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=9999;

/// Refuse a date outside [`YEARS`], naming what was typed.
pub fn check_year(input: &str, date: NaiveDate) -> Result<NaiveDate, DateError> {
    if YEARS.contains(&date.year()) {
        Ok(date)
    } else {
        Err(DateError::Year {
            input: input.trim().to_string(),
            year: date.year(),
        })
    }
}

// Every variant is something the user typed or gave rolo to read.
impl crate::fault::Blamed for DateError {
    fn blame(&self) -> crate::fault::Blame {
        crate::fault::Blame::Input
    }
}

/// A due date (future-oriented): `fri` is the next Friday after today.
pub fn parse_due(input: &str, now: NaiveDateTime) -> Result<Due, DateError> {
    let due = parse_due_any_year(input, now)?;
    check_year(input, due.date())?;
    Ok(due)
}

fn parse_due_any_year(input: &str, now: NaiveDateTime) -> Result<Due, DateError> {
    // Due dates are kept to the minute, so `+4h` gives a round time.
    let now = now
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(now);
    match resolve(input, now, Toward::Future)? {
        Resolved::Moment(at) => Ok(Due::At(at)),
        Resolved::Day(day, None) => Ok(Due::Date(day)),
        Resolved::Day(day, Some(time)) => Ok(Due::At(day.and_time(time))),
        Resolved::Time(time) => {
            let today = now.date().and_time(time);
            if today > now {
                Ok(Due::At(today))
            } else {
                let tomorrow = now.date().succ_opt().ok_or_else(|| out_of_range(input))?;
                Ok(Due::At(tomorrow.and_time(time)))
            }
        }
    }
}

/// When something happened (past-oriented): `fri` is the latest Friday on or
/// before today, `2h ago` is what it says. A day without a time takes `now`'s
/// time of day if it is today, else 12:00. A bare time later than a minute from
/// now means yesterday. Future forms (`tomorrow`, `+3d`) are accepted as they are.
pub fn parse_at(input: &str, now: NaiveDateTime) -> Result<NaiveDateTime, DateError> {
    let at = parse_at_any_year(input, now)?;
    check_year(input, at.date())?;
    Ok(at)
}

fn parse_at_any_year(input: &str, now: NaiveDateTime) -> Result<NaiveDateTime, DateError> {
    match resolve(input, now, Toward::Past)? {
        Resolved::Moment(at) => Ok(at),
        Resolved::Day(day, Some(time)) => Ok(day.and_time(time)),
        Resolved::Day(day, None) if day == now.date() => Ok(day.and_time(now.time())),
        Resolved::Day(day, None) => Ok(day.and_time(NOON)),
        Resolved::Time(time) => {
            let today = now.date().and_time(time);
            if today <= now.checked_add_signed(TimeDelta::minutes(1)).unwrap_or(now) {
                Ok(today)
            } else {
                let yesterday = now.date().pred_opt().ok_or_else(|| out_of_range(input))?;
                Ok(yesterday.and_time(time))
            }
        }
    }
}

/// `n` working days after `date`, skipping Saturdays and Sundays. From a
/// weekend day, one business day is the Monday. Saturates at the calendar's end.
pub fn add_business_days(date: NaiveDate, n: u32) -> NaiveDate {
    if n == 0 {
        return date;
    }
    // From a weekend, count as if from the Friday before: Sat + 1 = Mon.
    let base = match date.weekday() {
        Weekday::Sat => date.pred_opt().unwrap_or(date),
        Weekday::Sun => date.pred_opt().and_then(|d| d.pred_opt()).unwrap_or(date),
        _ => date,
    };
    let weeks = TimeDelta::try_weeks(i64::from(n / 5)).unwrap_or(TimeDelta::MAX);
    let mut day = base.checked_add_signed(weeks).unwrap_or(NaiveDate::MAX);
    for _ in 0..n % 5 {
        day = day.succ_opt().unwrap_or(NaiveDate::MAX);
        while is_weekend(day) && day < NaiveDate::MAX {
            day = day.succ_opt().unwrap_or(NaiveDate::MAX);
        }
    }
    day
}

/// A short label for a due date, for table columns: `today 14:00`, `tomorrow`,
/// `yesterday`, `fri` (within the next 6 days), `3d ago` / `in 12d` (within
/// 60 days), else `2026-12-01`. A time is shown only with the day-name forms.
pub fn humanize(due: Due, now: NaiveDateTime) -> String {
    let date = due.date();
    let days = date.signed_duration_since(now.date()).num_days();
    let time = due
        .time()
        .map(|t| format!(" {}", t.format("%H:%M")))
        .unwrap_or_default();
    match days {
        0 => format!("today{time}"),
        1 => format!("tomorrow{time}"),
        -1 => format!("yesterday{time}"),
        2..=6 => format!("{}{time}", weekday_abbr(date.weekday())),
        -60..=-2 => format!("{}d ago", -days),
        7..=60 => format!("in {days}d"),
        _ => date.format("%Y-%m-%d").to_string(),
    }
}
