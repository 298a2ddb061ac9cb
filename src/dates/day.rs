//! Day forms: relative days (`tomorrow`, `后天`, `+3d`, `3天后`), weekdays
//! (`fri`, `next fri`, `下周五`), ends of week and month, and calendar dates
//! (`2026-12-01`, `12-01`, `12月1日`, `5号`).

use chrono::{Datelike, Months, NaiveDate, TimeDelta, Weekday};

use super::lex::{Tok, Unit, unit_of};
use super::resolve::{Fail, Toward};

// Slice-pattern alternatives for the week forms.
macro_rules! NEXT_WEEK {
    () => {
        "下周" | "下星期" | "下礼拜"
    };
}
macro_rules! LAST_WEEK {
    () => {
        "上周" | "上星期" | "上礼拜"
    };
}

/// The day forms; `today` anchors them all.
pub(super) fn day(toks: &[Tok<'_>], today: NaiveDate, toward: Toward) -> Result<NaiveDate, Fail> {
    use Tok::{Num, Sym, Word, Zh};
    match toks {
        [Word("today" | "tod")] | [Zh("今天")] => Ok(today),
        [Word("tomorrow" | "tom" | "tmr" | "tmrw")] | [Zh("明天")] => shift_days(today, 1),
        [Zh("后天")] => shift_days(today, 2),
        [Zh("大后天")] => shift_days(today, 3),
        [Word("yesterday" | "yday")] | [Zh("昨天")] => shift_days(today, -1),
        [Zh("前天")] => shift_days(today, -2),
        [Word("eow")] => {
            // Friday of this week; from the weekend, the coming Friday.
            let weeks = if is_weekend(today) { 1 } else { 0 };
            in_week(today, weeks, Weekday::Fri)
        }
        [Word("eom")] | [Zh("月底")] => end_of_month(today),
        [Word("next"), Word("week")] | [Zh(NEXT_WEEK!())] => in_week(today, 1, Weekday::Mon),
        [Word("last"), Word("week")] | [Zh(LAST_WEEK!())] => in_week(today, -1, Weekday::Mon),
        [Word("next"), Word(w)] => in_week(today, 1, en_weekday(w)?),
        [Word("last"), Word(w)] => in_week(today, -1, en_weekday(w)?),
        [Word("this"), Word(w)] => in_week(today, 0, en_weekday(w)?),
        [Zh(NEXT_WEEK!()), w] => in_week(today, 1, zh_weekday(w)?),
        [Zh(LAST_WEEK!()), w] => in_week(today, -1, zh_weekday(w)?),
        [Zh("这周" | "本周" | "这星期" | "这礼拜"), w] => {
            in_week(today, 0, zh_weekday(w)?)
        }
        [Zh("周" | "星期" | "礼拜"), w] => Ok(nearest(today, zh_weekday(w)?, toward)),
        [Word(w)] => Ok(nearest(today, en_weekday(w)?, toward)),
        [Sym('+'), Num(n), u] | [Word("in"), Num(n), u] | [Num(n), u, Zh(AFTER!())] => {
            offset(today, *n, u, 1)
        }
        [Sym('-'), Num(n), u] | [Num(n), u, Word("ago")] | [Num(n), u, Zh(BEFORE!())] => {
            offset(today, *n, u, -1)
        }
        [Num(y), Sym(a), Num(m), Sym(b), Num(d)] if a == b && matches!(*a, '-' | '/' | '.') => {
            full_date(*y, *m, *d)
        }
        [Num(y), Zh("年"), Num(m), Zh("月"), Num(d), Zh("日" | "号")] => full_date(*y, *m, *d),
        [Num(m), Sym('-' | '/'), Num(d)] | [Num(m), Zh("月"), Num(d), Zh("日" | "号")] => {
            month_day(today, *m, *d, toward)
        }
        [Num(d), Zh("号" | "日")] => day_of_month(today, *d, toward),
        _ => Err(Fail::Unknown),
    }
}

fn shift_days(date: NaiveDate, days: i64) -> Result<NaiveDate, Fail> {
    TimeDelta::try_days(days)
        .and_then(|delta| date.checked_add_signed(delta))
        .ok_or(Fail::OutOfRange)
}

pub(super) fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The given weekday in the week (Monday to Sunday) `weeks` away from today's.
fn in_week(today: NaiveDate, weeks: i64, weekday: Weekday) -> Result<NaiveDate, Fail> {
    let monday = i64::from(today.weekday().num_days_from_monday());
    shift_days(
        today,
        weeks * 7 - monday + i64::from(weekday.num_days_from_monday()),
    )
}

/// A bare weekday: the next one after today, or the latest one on or before today.
fn nearest(today: NaiveDate, weekday: Weekday, toward: Toward) -> NaiveDate {
    let (target, from) = (
        weekday.num_days_from_monday(),
        today.weekday().num_days_from_monday(),
    );
    let step = match toward {
        Toward::Future => match (target + 7 - from) % 7 {
            0 => 7,
            n => i64::from(n),
        },
        Toward::Past => -i64::from((from + 7 - target) % 7),
    };
    // Within a week of a representable date: only fails at the calendar's very ends.
    shift_days(today, step).unwrap_or(today)
}

fn offset(today: NaiveDate, n: u32, unit: &Tok<'_>, sign: i64) -> Result<NaiveDate, Fail> {
    let n64 = i64::from(n) * sign;
    match unit_of(unit).ok_or(Fail::Unknown)? {
        Unit::Day => shift_days(today, n64),
        Unit::Week => n64
            .checked_mul(7)
            .map_or(Err(Fail::OutOfRange), |days| shift_days(today, days)),
        Unit::Month if sign > 0 => today
            .checked_add_months(Months::new(n))
            .ok_or(Fail::OutOfRange),
        Unit::Month => today
            .checked_sub_months(Months::new(n))
            .ok_or(Fail::OutOfRange),
        // `+4h` is a moment, handled before day forms; `+4h 2pm` makes no sense.
        Unit::Hour | Unit::Minute => Err(Fail::Unknown),
    }
}

fn end_of_month(today: NaiveDate) -> Result<NaiveDate, Fail> {
    let first = today.with_day(1).ok_or(Fail::OutOfRange)?;
    first
        .checked_add_months(Months::new(1))
        .and_then(|next| next.pred_opt())
        .ok_or(Fail::OutOfRange)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_name(month: u32) -> Result<&'static str, Fail> {
    month
        .checked_sub(1)
        .and_then(|i| MONTHS.get(i as usize))
        .copied()
        .ok_or_else(|| Fail::Invalid(format!("there is no month {month}")))
}

fn days_in_month(year: i32, month: u32) -> Option<u32> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = first.checked_add_months(Months::new(1))?;
    u32::try_from(next.signed_duration_since(first).num_days()).ok()
}

fn full_date(year: u32, month: u32, day: u32) -> Result<NaiveDate, Fail> {
    let name = month_name(month)?;
    let year = i32::try_from(year).map_err(|_| Fail::OutOfRange)?;
    // `26-12-01` (a two-digit year) and `0001-01-01` alike: the year as
    // read, and the range (the lexer does not keep how many digits it had).
    if !super::YEARS.contains(&year) {
        return Err(Fail::Year(year));
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| match days_in_month(year, month) {
        Some(max) => Fail::Invalid(format!("{name} {year} has only {max} days")),
        None => Fail::OutOfRange,
    })
}

/// `12-01`: the next (or latest) such day, today included.
fn month_day(today: NaiveDate, month: u32, day: u32, toward: Toward) -> Result<NaiveDate, Fail> {
    let name = month_name(month)?;
    // A leap year, so Feb 29 is accepted here and found below.
    if NaiveDate::from_ymd_opt(2000, month, day).is_none() {
        let max = days_in_month(2000, month).unwrap_or(31);
        return Err(Fail::Invalid(format!("{name} has at most {max} days")));
    }
    (0..=8)
        .filter_map(|i| {
            let year = match toward {
                Toward::Future => today.year().checked_add(i),
                Toward::Past => today.year().checked_sub(i),
            }?;
            NaiveDate::from_ymd_opt(year, month, day)
        })
        .find(|date| match toward {
            Toward::Future => *date >= today,
            Toward::Past => *date <= today,
        })
        .ok_or(Fail::OutOfRange)
}

/// `5号`: the next (or latest) 5th of a month, today included.
fn day_of_month(today: NaiveDate, day: u32, toward: Toward) -> Result<NaiveDate, Fail> {
    if !(1..=31).contains(&day) {
        return Err(Fail::Invalid(format!("there is no day {day} in a month")));
    }
    let first = today.with_day(1).ok_or(Fail::OutOfRange)?;
    (0..=12)
        .filter_map(|i| {
            let month = match toward {
                Toward::Future => first.checked_add_months(Months::new(i)),
                Toward::Past => first.checked_sub_months(Months::new(i)),
            }?;
            month.with_day(day)
        })
        .find(|date| match toward {
            Toward::Future => *date >= today,
            Toward::Past => *date <= today,
        })
        .ok_or(Fail::OutOfRange)
}

pub(super) fn weekday_abbr(weekday: Weekday) -> &'static str {
    WEEKDAYS[weekday.num_days_from_monday() as usize].0
}

/// Short and long English names, Monday first.
const WEEKDAYS: [(&str, &str); 7] = [
    ("mon", "monday"),
    ("tue", "tuesday"),
    ("wed", "wednesday"),
    ("thu", "thursday"),
    ("fri", "friday"),
    ("sat", "saturday"),
    ("sun", "sunday"),
];

const WEEKDAY_ORDER: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

fn en_weekday(word: &str) -> Result<Weekday, Fail> {
    // Also the common in-between spellings: tues, thur, thurs, weds.
    let word = match word {
        "tues" => "tue",
        "weds" => "wed",
        "thur" | "thurs" => "thu",
        other => other,
    };
    WEEKDAYS
        .iter()
        .zip(WEEKDAY_ORDER)
        .find(|((short, long), _)| word == *short || word == *long)
        .map(|(_, weekday)| weekday)
        .ok_or(Fail::Unknown)
}

/// The day after 周/星期/礼拜: 一..六, then 日 or 天 for Sunday.
fn zh_weekday(tok: &Tok<'_>) -> Result<Weekday, Fail> {
    match tok {
        Tok::Num(n @ 1..=6) => Ok(WEEKDAY_ORDER[*n as usize - 1]),
        Tok::Zh("日" | "天") => Ok(Weekday::Sun),
        _ => Err(Fail::Unknown),
    }
}
