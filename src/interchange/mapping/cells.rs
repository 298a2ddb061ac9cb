//! Cell-level parsing: multi-value splitting, stages, dates, cadences.
//! Each function returns the reason as text; the caller adds line and column.

use crate::dates;
use crate::domain::{Due, Stage, validate};
use crate::text::sanitize;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

/// Google Contacts joins the values of one cell with ` ::: `.
const GOOGLE_SEPARATOR: &str = ":::";

/// Split on hard separators (`:::`, `,`, `;`, `、`, full-width forms, line
/// breaks and any of `extra`), trimming and dropping empty pieces.
fn split_hard<'a>(cell: &'a str, extra: &[char]) -> Vec<&'a str> {
    cell.split(GOOGLE_SEPARATOR)
        .flat_map(|part| {
            part.split(|c: char| {
                matches!(c, ',' | ';' | '、' | '，' | '；' | '\n' | '\r') || extra.contains(&c)
            })
        })
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// The values of a multi-value cell: each hard-separated piece as a whole if
/// it validates, else its whitespace-separated words if each of them does.
/// On failure, the first piece that fits neither way.
pub(super) fn split_valid<E>(
    cell: &str,
    extra: &[char],
    check: impl Fn(&str) -> Result<String, E>,
) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for piece in split_hard(cell, extra) {
        if let Ok(value) = check(piece) {
            out.push(value);
            continue;
        }
        let words: Option<Vec<String>> = piece.split_whitespace().map(|w| check(w).ok()).collect();
        match words {
            Some(words) if words.len() > 1 => out.extend(words),
            _ => return Err(piece.to_string()),
        }
    }
    Ok(out)
}

/// `Ann Lee <ann@x.com>` (Outlook, mail clients) → `ann@x.com`.
fn address_of(piece: &str) -> &str {
    match (piece.rfind('<'), piece.strip_suffix('>')) {
        (Some(at), Some(inner)) => inner.get(at + 1..).unwrap_or(piece),
        _ => piece,
    }
}

pub(super) fn emails(cell: &str) -> Result<Vec<String>, String> {
    split_valid(cell, &[], |p| validate::email(address_of(p))).map_err(|bad| {
        validate::email(&bad).err().map_or_else(
            || format!("\"{}\" is not a valid email address", sanitize(&bad)),
            |e| e.to_string(),
        )
    })
}

/// Phones and emails found in a phone column (联系方式 often holds either).
pub(super) fn phones(cell: &str) -> Result<(Vec<String>, Vec<String>), String> {
    let mut phones = Vec::new();
    let mut emails = Vec::new();
    let values = split_valid(cell, &['/', '|'], |piece| {
        if piece.contains('@') {
            validate::email(address_of(piece)).map(|e| format!("@{e}"))
        } else {
            validate::phone(piece)
        }
    })
    .map_err(|bad| {
        let err = if bad.contains('@') {
            validate::email(&bad).err()
        } else {
            validate::phone(&bad).err()
        };
        err.map_or_else(
            || format!("\"{}\" is not a valid phone number", sanitize(&bad)),
            |e| e.to_string(),
        )
    })?;
    for v in values {
        match v.strip_prefix('@') {
            Some(email) => emails.push(email.to_string()),
            None => phones.push(v),
        }
    }
    Ok((phones, emails))
}

/// Tags: split on separators and spaces; Google's group of every contact
/// (`* myContacts`, `* My Contacts`) is skipped and the `* ` of its other
/// system labels dropped.
pub(super) fn tags(cell: &str) -> Result<Vec<String>, String> {
    let words: Vec<String> = split_hard(cell, &[])
        .into_iter()
        .filter(|group| !is_everyone(group))
        .flat_map(str::split_whitespace)
        .map(|w| w.trim_start_matches('*').to_string())
        .filter(|w| !w.is_empty() && !w.eq_ignore_ascii_case("myContacts"))
        .collect();
    validate::tags(&words).map_err(|e| e.to_string())
}

/// Google's group of every contact: `* myContacts` in its Labels column,
/// `* My Contacts` in the older Group Membership column (the vCard import
/// drops it too). Not a tag: without this it became the tags `My` and `Contacts`.
fn is_everyone(group: &str) -> bool {
    let key: String = group
        .trim_start_matches('*')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    key.eq_ignore_ascii_case("myContacts")
}

/// Stage words of HubSpot (lifecycle stage), Salesforce (lead status) and
/// Chinese sheets, by key (lowercase, letters and digits only).
const STAGE_WORDS: &[(&str, Stage)] = &[
    ("subscriber", Stage::Lead),
    ("lead", Stage::Lead),
    ("other", Stage::Lead),
    ("marketingqualifiedlead", Stage::Prospect),
    ("mql", Stage::Prospect),
    ("salesqualifiedlead", Stage::Prospect),
    ("sql", Stage::Prospect),
    ("opportunity", Stage::Prospect),
    ("customer", Stage::Customer),
    ("evangelist", Stage::Loyal),
    ("opennotcontacted", Stage::Lead),
    ("workingcontacted", Stage::Prospect),
    ("closedconverted", Stage::Customer),
    ("closednotconverted", Stage::Churned),
    ("new", Stage::Lead),
    ("open", Stage::Lead),
    ("working", Stage::Prospect),
    ("qualified", Stage::Prospect),
    ("unqualified", Stage::Churned),
    ("nurturing", Stage::Prospect),
    ("inprogress", Stage::Prospect),
    ("opendeal", Stage::Prospect),
    ("attemptedtocontact", Stage::Lead),
    ("connected", Stage::Prospect),
    ("badtiming", Stage::Prospect),
    ("新线索", Stage::Lead),
    ("初步接触", Stage::Lead),
    ("意向", Stage::Prospect),
    ("有意向", Stage::Prospect),
    ("跟进中", Stage::Prospect),
    ("商机", Stage::Prospect),
    ("已成交", Stage::Customer),
    ("成交", Stage::Customer),
    ("签约客户", Stage::Customer),
    ("vip", Stage::Loyal),
    ("vip客户", Stage::Loyal),
    ("复购客户", Stage::Loyal),
    ("已流失", Stage::Churned),
    ("无效", Stage::Churned),
];

pub(super) fn stage(cell: &str) -> Result<Stage, String> {
    Stage::parse(cell).or_else(|err| {
        let key = super::aliases::key(cell);
        STAGE_WORDS
            .iter()
            .find(|(w, _)| *w == key)
            .map(|(_, s)| *s)
            .ok_or_else(|| err.to_string())
    })
}

/// A cadence in days: `14`, `14d`, `14 days`, `14天`.
pub(super) fn cadence(cell: &str) -> Result<u32, String> {
    let t = cell.trim().to_lowercase();
    let digits = t
        .trim_end_matches("days")
        .trim_end_matches("day")
        .trim_end_matches('d')
        .trim_end_matches('天')
        .trim();
    // A number out of range (`0`, `-1`, `99999`) says the range.
    match crate::domain::validate::parse_days("cadence", digits, 1) {
        Ok(n) => Ok(n),
        Err(crate::domain::ValidationError::NotDays(_)) => Err(format!(
            "\"{}\" is not a cadence (expected a number of days, e.g. 14 or 14天)",
            sanitize(cell)
        )),
        Err(e) => Err(e.to_string()),
    }
}

const DATE_TIME_FORMATS: &[&str] = &[
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y.%m.%d %H:%M:%S",
    "%Y.%m.%d %H:%M",
    "%Y年%m月%d日 %H:%M:%S",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日%H:%M",
    "%Y年%m月%d日 %H时%M分",
    "%Y年%m月%d日%H时%M分",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%d/%m/%Y %H:%M",
];

const DATE_FORMATS: &[&str] = &[
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%Y年%m月%d日",
    "%m/%d/%Y",
    "%d/%m/%Y",
];

/// A date written out in full, with or without a time of day: ISO and
/// RFC 3339, `2026/11/20`, `2026年11月20日`, Excel's `11/20/2026` (and
/// `20/11/2026` when the day cannot be a month), or an Excel serial number.
fn absolute(cell: &str) -> Option<(NaiveDate, Option<NaiveTime>)> {
    let t = cell.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(t) {
        return Some((at.date_naive(), Some(at.time())));
    }
    for f in DATE_TIME_FORMATS {
        if let Ok(at) = NaiveDateTime::parse_from_str(t, f) {
            return Some((at.date(), Some(at.time())));
        }
    }
    for f in DATE_FORMATS {
        if let Ok(day) = NaiveDate::parse_from_str(t, f) {
            return Some((day, None));
        }
    }
    excel_serial(t)
}

/// Excel's day numbers (days since 1899-12-30), as cells lose their format
/// on some exports: `46346` or `46346.5`. Only the plausible range 1960–2100.
fn excel_serial(t: &str) -> Option<(NaiveDate, Option<NaiveTime>)> {
    if !t.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    let serial: f64 = t.parse().ok()?;
    if !(21_916.0..=73_051.0).contains(&serial) {
        return None;
    }
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = serial.trunc();
    // Truncation is exact: the range check bounds `days` well inside i64.
    let day = epoch.checked_add_signed(TimeDelta::days(days as i64))?;
    let seconds = ((serial - days) * 86_400.0).round() as i64;
    if t.contains('.') {
        let time = NaiveTime::MIN + TimeDelta::seconds(seconds.clamp(0, 86_399));
        Some((day, Some(time)))
    } else {
        Some((day, None))
    }
}

fn noon() -> NaiveTime {
    NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN)
}

/// When something happened: a full date (a day alone means today's current
/// time if it is today, else 12:00, as in `dates::parse_at`), else any form
/// `dates::parse_at` knows (`昨天 15:00`, `2 days ago`).
pub(super) fn at(cell: &str, now: NaiveDateTime) -> Result<NaiveDateTime, String> {
    let Some((day, time)) = absolute(cell) else {
        return dates::parse_at(cell, now).map_err(|e| e.to_string());
    };
    dates::check_year(cell, day).map_err(|e| e.to_string())?;
    Ok(match time {
        Some(time) => day.and_time(time),
        None if day == now.date() => now,
        None => day.and_time(noon()),
    })
}

/// A due date: a full date (day-only stays day-only; exports often write a
/// plain date as `2026-11-20 00:00:00`, so midnight means the day), else any form
/// `dates::parse_due` knows (`下周一`, `+3d`).
pub(super) fn due(cell: &str, now: NaiveDateTime) -> Result<Due, String> {
    let Some((day, time)) = absolute(cell) else {
        return dates::parse_due(cell, now).map_err(|e| e.to_string());
    };
    dates::check_year(cell, day).map_err(|e| e.to_string())?;
    Ok(match time {
        Some(time) if time != NaiveTime::MIN => Due::At(day.and_time(time)),
        _ => Due::Date(day),
    })
}
