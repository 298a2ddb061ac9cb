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

use crate::domain::Due;
use chrono::{Datelike, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike, Weekday};

// Slice-pattern alternatives shared by several arms.
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

/// Examples shown when an input is not understood.
pub const HINT: &str =
    "try: today, tomorrow, fri, next week, +3d, in 2 weeks, 2026-12-01, 12-01, 明天, 周五, 3天后";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("missing date ({hint})", hint = HINT)]
    Empty,
    #[error("unknown date \"{0}\" ({hint})", hint = HINT)]
    Unknown(String),
    #[error("invalid date \"{input}\": {reason}")]
    Invalid { input: String, reason: String },
    #[error("date \"{0}\" is out of range")]
    OutOfRange(String),
}

/// A due date (future-oriented): `fri` is the next Friday after today.
pub fn parse_due(input: &str, now: NaiveDateTime) -> Result<Due, DateError> {
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

// ---------------------------------------------------------------------------
// Resolution

const NOON: NaiveTime = NaiveTime::from_hms_opt(12, 0, 0).expect("12:00 is a valid time");
const END_OF_DAY: NaiveTime = NaiveTime::from_hms_opt(18, 0, 0).expect("18:00 is a valid time");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Toward {
    Future,
    Past,
}

/// What an input names, before the caller's direction-specific defaults apply.
enum Resolved {
    /// An exact moment: `now`, `eod`, `+4h`, `2h ago`.
    Moment(NaiveDateTime),
    /// A day, perhaps with a time of day.
    Day(NaiveDate, Option<NaiveTime>),
    /// A time of day alone.
    Time(NaiveTime),
}

/// Why a token sequence did not resolve (the caller adds the input).
enum Fail {
    Unknown,
    Invalid(String),
    OutOfRange,
}

fn out_of_range(input: &str) -> DateError {
    DateError::OutOfRange(input.trim().to_string())
}

fn resolve(input: &str, now: NaiveDateTime, toward: Toward) -> Result<Resolved, DateError> {
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

/// Peel a time of day off the end: `14:00`, `2pm`, `2:30pm`, `下午3点`, `15点30`, `afternoon`.
fn split_time<'t, 'a>(toks: &'t [Tok<'a>]) -> Result<(&'t [Tok<'a>], Option<NaiveTime>), Fail> {
    use Tok::{Num, Sym, Word, Zh};
    // (tokens before the time, hour, minute, am/pm)
    let (rest, hour, minute, half) = match toks {
        [rest @ .., Num(h), Sym(':'), Num(m), Word(ap)] if is_am_pm(ap) => {
            (rest, *h, *m, Some(*ap))
        }
        [rest @ .., Num(h), Sym(':'), Num(m)] => (rest, *h, *m, None),
        [rest @ .., Num(h), Word(ap)] if is_am_pm(ap) => (rest, *h, 0, Some(*ap)),
        [rest @ .., Num(h), Zh("点" | "时"), Num(m), Zh("分")] => (rest, *h, *m, None),
        [rest @ .., Num(h), Zh("点" | "时"), Num(m)] => (rest, *h, *m, None),
        [rest @ .., Num(h), Zh("点" | "时"), Zh("半")] => (rest, *h, 30, None),
        [rest @ .., Num(h), Zh("点" | "时")] => (rest, *h, 0, None),
        [rest @ .., last] => match period(last) {
            // A period alone: `fri afternoon`, `明天下午`.
            Some(p) => return Ok((strip_at(rest), Some(p.default))),
            None => return Ok((toks, None)),
        },
        [] => return Ok((toks, None)),
    };
    let (rest, hour) = match (half, rest) {
        (Some(ap), _) => {
            if !(1..=12).contains(&hour) {
                return Err(Fail::Invalid(format!(
                    "with am/pm the hour goes from 1 to 12, not {hour}"
                )));
            }
            (rest, hour % 12 + if ap.starts_with('p') { 12 } else { 0 })
        }
        (None, [before @ .., last]) if period(last).is_some() => {
            let p = period(last).ok_or(Fail::Unknown)?;
            (before, (p.adjust)(hour))
        }
        (None, _) => (rest, hour),
    };
    if hour > 23 {
        return Err(Fail::Invalid(format!("there is no hour {hour} (use 0-23)")));
    }
    if minute > 59 {
        return Err(Fail::Invalid(format!(
            "there is no minute {minute} (use 0-59)"
        )));
    }
    let time = NaiveTime::from_hms_opt(hour, minute, 0).ok_or(Fail::Unknown)?;
    Ok((strip_at(rest), Some(time)))
}

/// `fri at 2pm`: the `at` is noise.
fn strip_at<'t, 'a>(toks: &'t [Tok<'a>]) -> &'t [Tok<'a>] {
    match toks {
        [rest @ .., Tok::Word("at")] => rest,
        _ => toks,
    }
}

fn is_am_pm(word: &str) -> bool {
    matches!(word, "am" | "pm" | "a" | "p")
}

/// A part of the day: its default time, and how it reads an hour (`下午3点` = 15:00).
struct Period {
    default: NaiveTime,
    adjust: fn(u32) -> u32,
}

fn period(tok: &Tok<'_>) -> Option<Period> {
    use Tok::{Word, Zh};
    let at = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap_or(NOON);
    let (default, adjust): (u32, fn(u32) -> u32) = match tok {
        Word("morning") | Zh("上午" | "早上" | "早晨") => (9, |h| h),
        Zh("凌晨") => (6, |h| if h == 12 { 0 } else { h }),
        Word("noon") | Zh("中午") => (12, |h| if h <= 5 { h + 12 } else { h }),
        Word("afternoon") | Zh("下午") => (15, |h| if h < 12 { h + 12 } else { h }),
        Word("evening" | "tonight") | Zh("晚上" | "傍晚") => {
            (19, |h| if h < 12 { h + 12 } else { h })
        }
        _ => return None,
    };
    Some(Period {
        default: at(default),
        adjust,
    })
}

/// The day forms; `today` anchors them all.
fn day(toks: &[Tok<'_>], today: NaiveDate, toward: Toward) -> Result<NaiveDate, Fail> {
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

fn is_weekend(date: NaiveDate) -> bool {
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
    if year < 1000 {
        return Err(Fail::Invalid("write the year with four digits".to_string()));
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

fn weekday_abbr(weekday: Weekday) -> &'static str {
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

enum Unit {
    Minute,
    Hour,
    Day,
    Week,
    Month,
}

fn unit_of(tok: &Tok<'_>) -> Option<Unit> {
    use Tok::{Word, Zh};
    Some(match tok {
        Word("min" | "mins" | "minute" | "minutes") | Zh("分钟") => Unit::Minute,
        Word("h" | "hr" | "hrs" | "hour" | "hours") | Zh("小时" | "个小时" | "钟头") => {
            Unit::Hour
        }
        Word("d" | "day" | "days") | Zh("天" | "日") => Unit::Day,
        Word("w" | "wk" | "wks" | "week" | "weeks")
        | Zh("周" | "星期" | "礼拜" | "个星期" | "个礼拜") => Unit::Week,
        Word("m" | "mo" | "mos" | "month" | "months") | Zh("个月" | "月") => Unit::Month,
        _ => return None,
    })
}

// ---------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok<'a> {
    /// Arabic or Chinese numerals.
    Num(u32),
    /// A run of ASCII letters.
    Word(&'a str),
    /// A Chinese word from [`ZH_WORDS`].
    Zh(&'static str),
    /// One of `+ - / : .` (the full-width colon reads as `:`).
    Sym(char),
}

/// Chinese words, matched longest first.
const ZH_WORDS: &[&str] = &[
    "大后天",
    "后天",
    "明天",
    "今天",
    "昨天",
    "前天",
    "现在",
    "下周",
    "下星期",
    "下礼拜",
    "上周",
    "上星期",
    "上礼拜",
    "这周",
    "本周",
    "这星期",
    "这礼拜",
    "周",
    "星期",
    "礼拜",
    "个星期",
    "个礼拜",
    "个小时",
    "小时",
    "钟头",
    "分钟",
    "个月",
    "月底",
    "月",
    "年",
    "日",
    "号",
    "天",
    "点",
    "时",
    "分",
    "半",
    "以后",
    "之后",
    "后",
    "以前",
    "之前",
    "前",
    "上午",
    "早上",
    "早晨",
    "凌晨",
    "中午",
    "下午",
    "傍晚",
    "晚上",
];

const ZH_DIGITS: &str = "零〇一二两三四五六七八九十";

fn lex(text: &str) -> Result<Vec<Tok<'_>>, Fail> {
    let mut toks = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let run = |pred: fn(char) -> bool| rest.find(|c: char| !pred(c)).unwrap_or(rest.len());
        let len = if c.is_whitespace() {
            c.len_utf8()
        } else if c.is_ascii_digit() {
            let len = run(|c| c.is_ascii_digit());
            toks.push(Tok::Num(rest[..len].parse().map_err(|_| Fail::OutOfRange)?));
            len
        } else if c.is_ascii_alphabetic() {
            let len = run(|c| c.is_ascii_alphabetic());
            toks.push(Tok::Word(&rest[..len]));
            len
        } else if ZH_DIGITS.contains(c) {
            let len = run(|c| ZH_DIGITS.contains(c));
            toks.push(Tok::Num(zh_number(&rest[..len]).ok_or(Fail::Unknown)?));
            len
        } else if let Some(word) = ZH_WORDS
            .iter()
            .filter(|w| rest.starts_with(**w))
            .max_by_key(|w| w.len())
        {
            toks.push(Tok::Zh(word));
            word.len()
        } else if matches!(c, '+' | '-' | '/' | ':' | '.' | '：') {
            toks.push(Tok::Sym(if c == '：' { ':' } else { c }));
            c.len_utf8()
        } else {
            return Err(Fail::Unknown);
        };
        rest = &rest[len..];
    }
    Ok(toks)
}

/// `三` = 3, `十五` = 15, `二十` = 20, `两` = 2; digit strings like `二〇二六` = 2026.
fn zh_number(text: &str) -> Option<u32> {
    let digit = |c: char| {
        "零一二三四五六七八九"
            .find(c)
            .map(|i| (i / 3) as u32)
            .or(match c {
                '〇' => Some(0),
                '两' => Some(2),
                _ => None,
            })
    };
    match text.split_once('十') {
        Some((tens, units)) => {
            let tens = match tens {
                "" => 1,
                t if t.chars().count() == 1 => digit(t.chars().next()?)?,
                _ => return None,
            };
            let units = match units {
                "" => 0,
                u if u.chars().count() == 1 => digit(u.chars().next()?)?,
                _ => return None,
            };
            Some(tens * 10 + units)
        }
        None => text
            .chars()
            .try_fold(0u32, |acc, c| acc.checked_mul(10)?.checked_add(digit(c)?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("test datetime")
    }

    fn due(s: &str) -> Due {
        if s.len() > 10 {
            Due::At(dt(s))
        } else {
            Due::Date(d(s))
        }
    }

    /// Sunday 2026-11-22, 10:00.
    fn sunday() -> NaiveDateTime {
        dt("2026-11-22 10:00")
    }

    /// Friday 2026-11-27, 16:30.
    fn friday() -> NaiveDateTime {
        dt("2026-11-27 16:30")
    }

    #[test]
    fn due_forms_from_a_sunday() {
        let cases = [
            ("today", "2026-11-22"),
            ("  TODAY ", "2026-11-22"),
            ("tod", "2026-11-22"),
            ("tomorrow", "2026-11-23"),
            ("tom", "2026-11-23"),
            ("yesterday", "2026-11-21"),
            ("mon", "2026-11-23"),
            ("Monday", "2026-11-23"),
            ("fri", "2026-11-27"),
            ("friday", "2026-11-27"),
            ("thurs", "2026-11-26"),
            ("sat", "2026-11-28"),
            ("sun", "2026-11-29"),
            ("next week", "2026-11-23"),
            ("next   week", "2026-11-23"),
            ("next fri", "2026-11-27"),
            ("next friday", "2026-11-27"),
            ("this sat", "2026-11-21"),
            ("last fri", "2026-11-13"),
            ("+3d", "2026-11-25"),
            ("+ 3 d", "2026-11-25"),
            ("+2w", "2026-12-06"),
            ("+1m", "2026-12-22"),
            ("in 3 days", "2026-11-25"),
            ("in 1 day", "2026-11-23"),
            ("in 2 weeks", "2026-12-06"),
            ("in 1 month", "2026-12-22"),
            ("2026-12-01", "2026-12-01"),
            ("2026/12/01", "2026-12-01"),
            ("2026.12.1", "2026-12-01"),
            ("12-01", "2026-12-01"),
            ("12/01", "2026-12-01"),
            ("11-22", "2026-11-22"),
            ("11-21", "2027-11-21"),
            ("02-29", "2028-02-29"),
            ("eow", "2026-11-27"),
            ("eom", "2026-11-30"),
            ("今天", "2026-11-22"),
            ("明天", "2026-11-23"),
            ("后天", "2026-11-24"),
            ("大后天", "2026-11-25"),
            ("昨天", "2026-11-21"),
            ("周一", "2026-11-23"),
            ("周五", "2026-11-27"),
            ("周日", "2026-11-29"),
            ("星期三", "2026-11-25"),
            ("星期天", "2026-11-29"),
            ("礼拜一", "2026-11-23"),
            ("下周", "2026-11-23"),
            ("下周一", "2026-11-23"),
            ("下周五", "2026-11-27"),
            ("下周日", "2026-11-29"),
            ("下星期二", "2026-11-24"),
            ("3天后", "2026-11-25"),
            ("3 天后", "2026-11-25"),
            ("三天后", "2026-11-25"),
            ("两天后", "2026-11-24"),
            ("十天后", "2026-12-02"),
            ("2周后", "2026-12-06"),
            ("一周后", "2026-11-29"),
            ("1个月后", "2026-12-22"),
            ("一个月后", "2026-12-22"),
            ("12月1日", "2026-12-01"),
            ("12月1号", "2026-12-01"),
            ("2027年1月5日", "2027-01-05"),
            ("5号", "2026-12-05"),
            ("月底", "2026-11-30"),
            // with a time
            ("tomorrow 14:00", "2026-11-23 14:00"),
            ("fri 2pm", "2026-11-27 14:00"),
            ("fri at 2:30pm", "2026-11-27 14:30"),
            ("next fri 9am", "2026-11-27 09:00"),
            ("12am tomorrow", ""), // time first is not a form
            ("2026-12-01 9am", "2026-12-01 09:00"),
            ("12-01 17:45", "2026-12-01 17:45"),
            ("+3d 9am", "2026-11-25 09:00"),
            ("in 2 weeks 3pm", "2026-12-06 15:00"),
            ("mon morning", "2026-11-23 09:00"),
            ("明天下午3点", "2026-11-23 15:00"),
            ("明天 下午3点", "2026-11-23 15:00"),
            ("周五上午10点", "2026-11-27 10:00"),
            ("下周一晚上8点", "2026-11-23 20:00"),
            ("明天15点", "2026-11-23 15:00"),
            ("明天15点30", "2026-11-23 15:30"),
            ("明天15点30分", "2026-11-23 15:30"),
            ("明天三点半", "2026-11-23 03:30"),
            ("明天下午", "2026-11-23 15:00"),
            ("明天中午1点", "2026-11-23 13:00"),
            ("明天15：30", "2026-11-23 15:30"),
            // a time alone: today if still ahead, else tomorrow
            ("14:00", "2026-11-22 14:00"),
            ("9am", "2026-11-23 09:00"),
            ("10:00", "2026-11-23 10:00"),
            ("12pm", "2026-11-22 12:00"),
            ("12am", "2026-11-23 00:00"),
            ("下午3点", "2026-11-22 15:00"),
            ("晚上8点", "2026-11-22 20:00"),
            ("上午10点", "2026-11-23 10:00"),
            ("15点", "2026-11-22 15:00"),
            ("15点30", "2026-11-22 15:30"),
            // moments
            ("eod", "2026-11-22 18:00"),
            ("+4h", "2026-11-22 14:00"),
            ("in 2 hours", "2026-11-22 12:00"),
            ("+30min", "2026-11-22 10:30"),
            ("2小时后", "2026-11-22 12:00"),
            ("now", "2026-11-22 10:00"),
        ];
        for (input, want) in cases {
            let got = parse_due(input, sunday());
            if want.is_empty() {
                assert!(got.is_err(), "{input:?} should fail, got {got:?}");
            } else {
                assert_eq!(got, Ok(due(want)), "{input:?}");
            }
        }
    }

    #[test]
    fn due_forms_from_a_friday() {
        let cases = [
            ("fri", "2026-12-04"),
            ("周五", "2026-12-04"),
            ("thu", "2026-12-03"),
            ("sat", "2026-11-28"),
            ("next week", "2026-11-30"),
            ("next fri", "2026-12-04"),
            ("next mon", "2026-11-30"),
            ("下周", "2026-11-30"),
            ("下周五", "2026-12-04"),
            ("eow", "2026-11-27"),
            ("eom", "2026-11-30"),
            ("11-27", "2026-11-27"),
            ("11-26", "2027-11-26"),
            ("26号", "2026-12-26"),
            ("31号", "2026-12-31"),
            ("eod", "2026-11-27 18:00"),
            ("16:00", "2026-11-28 16:00"),
            ("17:00", "2026-11-27 17:00"),
            ("16:30", "2026-11-28 16:30"),
            ("+1m", "2026-12-27"),
        ];
        for (input, want) in cases {
            assert_eq!(parse_due(input, friday()), Ok(due(want)), "{input:?}");
        }
        // Saturday: eow is the coming Friday.
        let saturday = dt("2026-11-28 09:00");
        assert_eq!(parse_due("eow", saturday), Ok(due("2026-12-04")));
        // Month arithmetic clamps to the month's end.
        assert_eq!(
            parse_due("+1m", dt("2026-01-31 09:00")),
            Ok(due("2026-02-28"))
        );
        // Seconds are dropped from due moments.
        let odd = NaiveDateTime::parse_from_str("2026-11-22 10:00:37", "%Y-%m-%d %H:%M:%S")
            .expect("test datetime");
        assert_eq!(parse_due("+4h", odd), Ok(due("2026-11-22 14:00")));
    }

    #[test]
    fn at_forms_look_back() {
        let cases = [
            ("today", "2026-11-27 16:30"),
            ("yesterday", "2026-11-26 12:00"),
            ("yesterday 14:00", "2026-11-26 14:00"),
            ("fri", "2026-11-27 16:30"),
            ("thu", "2026-11-26 12:00"),
            ("sat", "2026-11-21 12:00"),
            ("mon 9am", "2026-11-23 09:00"),
            ("周一", "2026-11-23 12:00"),
            ("周五", "2026-11-27 16:30"),
            ("last fri", "2026-11-20 12:00"),
            ("上周五", "2026-11-20 12:00"),
            ("前天", "2026-11-25 12:00"),
            ("昨天下午3点", "2026-11-26 15:00"),
            ("2h ago", "2026-11-27 14:30"),
            ("3 days ago", "2026-11-24 12:00"),
            ("1 week ago", "2026-11-20 12:00"),
            ("-2d", "2026-11-25 12:00"),
            ("30 min ago", "2026-11-27 16:00"),
            ("3天前", "2026-11-24 12:00"),
            ("2小时前", "2026-11-27 14:30"),
            ("2026-11-20 9am", "2026-11-20 09:00"),
            ("2026-11-20", "2026-11-20 12:00"),
            ("11-28", "2025-11-28 12:00"),
            ("11-27", "2026-11-27 16:30"),
            ("14:00", "2026-11-27 14:00"),
            ("16:31", "2026-11-27 16:31"),
            ("18:00", "2026-11-26 18:00"),
            ("now", "2026-11-27 16:30"),
            ("eod", "2026-11-27 18:00"),
            ("tomorrow", "2026-11-28 12:00"),
        ];
        for (input, want) in cases {
            assert_eq!(parse_at(input, friday()), Ok(dt(want)), "{input:?}");
        }
    }

    #[test]
    fn errors_name_the_input_and_hint() {
        let cases = [
            ("frday", "unknown date \"frday\" (try: today, tomorrow, fri"),
            ("  Frday  ", "unknown date \"Frday\" (try:"),
            ("next", "unknown date \"next\""),
            ("+3x", "unknown date \"+3x\""),
            ("+4h 2pm", "unknown date \"+4h 2pm\""),
            ("周八", "unknown date \"周八\""),
            ("at", "unknown date \"at\""),
            ("", "missing date (try: today"),
            (
                "2026-02-30",
                "invalid date \"2026-02-30\": February 2026 has only 28 days",
            ),
            (
                "2026-13-01",
                "invalid date \"2026-13-01\": there is no month 13",
            ),
            (
                "02-30",
                "invalid date \"02-30\": February has at most 29 days",
            ),
            ("04-31", "invalid date \"04-31\": April has at most 30 days"),
            ("25:00", "invalid date \"25:00\": there is no hour 25"),
            (
                "fri 10:75",
                "invalid date \"fri 10:75\": there is no minute 75",
            ),
            (
                "13pm",
                "invalid date \"13pm\": with am/pm the hour goes from 1 to 12",
            ),
            (
                "26-12-01",
                "invalid date \"26-12-01\": write the year with four digits",
            ),
            ("32号", "invalid date \"32号\": there is no day 32"),
            ("+99999999999d", "date \"+99999999999d\" is out of range"),
            ("+999999999d", "date \"+999999999d\" is out of range"),
            ("+4000000000h", "date \"+4000000000h\" is out of range"),
        ];
        for (input, want) in cases {
            let err = parse_due(input, sunday()).expect_err(input);
            let msg = err.to_string();
            assert!(msg.starts_with(want), "{input:?}: {msg}");
        }
        assert_eq!(
            parse_due("frday", sunday()),
            Err(DateError::Unknown("frday".to_string()))
        );
        assert!(parse_at("frday", sunday()).is_err());
    }

    #[test]
    fn business_days_skip_weekends() {
        let cases = [
            ("2026-11-23", 0, "2026-11-23"), // Mon
            ("2026-11-23", 1, "2026-11-24"),
            ("2026-11-23", 4, "2026-11-27"),
            ("2026-11-23", 5, "2026-11-30"),
            ("2026-11-27", 1, "2026-11-30"), // Fri + 1 = Mon
            ("2026-11-27", 2, "2026-12-01"),
            ("2026-11-26", 2, "2026-11-30"), // Thu + 2 = Mon
            ("2026-11-28", 0, "2026-11-28"), // Sat stays
            ("2026-11-28", 1, "2026-11-30"), // Sat + 1 = Mon
            ("2026-11-29", 2, "2026-12-01"), // Sun + 2 = Tue
            ("2026-11-28", 5, "2026-12-04"),
            ("2026-11-23", 10, "2026-12-07"),
            ("2026-11-25", 13, "2026-12-14"),
        ];
        for (from, n, want) in cases {
            assert_eq!(add_business_days(d(from), n), d(want), "{from} + {n}");
        }
        // Huge counts saturate instead of panicking.
        assert_eq!(add_business_days(d("2026-11-23"), u32::MAX), NaiveDate::MAX);
    }

    #[test]
    fn humanize_is_short() {
        let now = sunday();
        let cases = [
            ("2026-11-22", "today"),
            ("2026-11-22 14:00", "today 14:00"),
            ("2026-11-23", "tomorrow"),
            ("2026-11-23 09:30", "tomorrow 09:30"),
            ("2026-11-21", "yesterday"),
            ("2026-11-27", "fri"),
            ("2026-11-28 08:00", "sat 08:00"),
            ("2026-11-29", "in 7d"),
            ("2026-12-04", "in 12d"),
            ("2026-11-19", "3d ago"),
            ("2026-09-23", "60d ago"),
            ("2026-09-22", "2026-09-22"),
            ("2026-12-01", "in 9d"),
            ("2027-03-01", "2027-03-01"),
        ];
        for (input, want) in cases {
            assert_eq!(humanize(due(input), now), want, "{input}");
        }
    }

    #[test]
    fn chinese_numbers() {
        for (text, want) in [
            ("三", Some(3)),
            ("十", Some(10)),
            ("十五", Some(15)),
            ("二十", Some(20)),
            ("二十三", Some(23)),
            ("两", Some(2)),
            ("二〇二六", Some(2026)),
            ("十十", None),
        ] {
            assert_eq!(zh_number(text), want, "{text}");
        }
    }
}
