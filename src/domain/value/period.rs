//! Periods that targets and repurchase tables are counted in: a month
//! (`2026-12`), a quarter (`2026Q4`) or a year (`2026`).

use crate::domain::ValidationError;
use crate::domain::validate::MAX_YEAR;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar period. A record falls in it by its local date (the date
/// in the offset it was written with): an order at 2026-09-30 23:30
/// +08:00 is in 2026Q3, as the person who entered it would say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Year(i32),
    /// Year and quarter, 1–4.
    Quarter(i32, u32),
    /// Year and month, 1–12.
    Month(i32, u32),
}

/// How long a period is, for tables "per quarter".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Month,
    Quarter,
    Year,
}

impl Period {
    /// `2026-12`, `2026-1`, `2026/12`, `2026Q4`, `2026-Q4`, `2026 q4`,
    /// `2026`, and the Chinese forms `2026年12月`, `2026年第4季度`,
    /// `2026年第四季度`, `2026年Q4`, `2026年` and `2026年度`.
    pub fn parse(input: &str) -> Result<Period, ValidationError> {
        let bad = || ValidationError::Period(input.to_string());
        let text: String = input
            .trim()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        let year = |s: &str| -> Result<i32, ValidationError> {
            let ok = s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit());
            match s.parse::<i32>() {
                Ok(y) if ok && (1..=MAX_YEAR).contains(&y) => Ok(y),
                _ => Err(bad()),
            }
        };
        let number = |s: &str, max: u32| -> Result<u32, ValidationError> {
            let n = match s {
                "一" => 1,
                "二" => 2,
                "三" => 3,
                "四" => 4,
                _ if !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()) => {
                    s.parse().map_err(|_| bad())?
                }
                _ => return Err(bad()),
            };
            if (1..=max).contains(&n) {
                Ok(n)
            } else {
                Err(bad())
            }
        };
        if let Some((y, rest)) = text.split_once('年') {
            let y = year(y)?;
            return match rest {
                "" | "度" => Ok(Period::Year(y)),
                _ => {
                    if let Some(m) = rest.strip_suffix('月') {
                        Ok(Period::Month(y, number(m, 12)?))
                    } else if let Some(q) = rest.strip_suffix("季度") {
                        let q = q.strip_prefix('第').unwrap_or(q);
                        Ok(Period::Quarter(y, number(q, 4)?))
                    } else if let Some(q) = rest.strip_prefix('Q') {
                        Ok(Period::Quarter(y, number(q, 4)?))
                    } else {
                        Err(bad())
                    }
                }
            };
        }
        if let Some((y, q)) = text.split_once('Q') {
            let y = y.strip_suffix('-').unwrap_or(y);
            return Ok(Period::Quarter(year(y)?, number(q, 4)?));
        }
        if let Some((y, m)) = text.split_once(['-', '/']) {
            return Ok(Period::Month(year(y)?, number(m, 12)?));
        }
        Ok(Period::Year(year(&text)?))
    }

    pub fn kind(self) -> PeriodKind {
        match self {
            Period::Year(_) => PeriodKind::Year,
            Period::Quarter(..) => PeriodKind::Quarter,
            Period::Month(..) => PeriodKind::Month,
        }
    }

    /// The period of `kind` that `date` is in.
    pub fn containing(kind: PeriodKind, date: NaiveDate) -> Period {
        match kind {
            PeriodKind::Year => Period::Year(date.year()),
            PeriodKind::Quarter => Period::Quarter(date.year(), date.month0() / 3 + 1),
            PeriodKind::Month => Period::Month(date.year(), date.month()),
        }
    }

    /// The first day, and the first day after: `[start, end)`.
    pub fn range(self) -> (NaiveDate, NaiveDate) {
        let first = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MIN);
        let (y, m, months) = match self {
            Period::Year(y) => (y, 1, 12),
            Period::Quarter(y, q) => (y, (q.clamp(1, 4) - 1) * 3 + 1, 3),
            Period::Month(y, m) => (y, m.clamp(1, 12), 1),
        };
        let start = first(y, m);
        let end = start
            .checked_add_months(chrono::Months::new(months))
            .unwrap_or(NaiveDate::MAX);
        (start, end)
    }

    pub fn contains_date(self, date: NaiveDate) -> bool {
        let (start, end) = self.range();
        start <= date && date < end
    }

    /// Whether `at`, by its local date, falls in the period.
    pub fn contains(self, at: DateTime<FixedOffset>) -> bool {
        self.contains_date(at.date_naive())
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Quarter(y, q) => write!(f, "{y}Q{q}"),
            Period::Month(y, m) => write!(f, "{y}-{m:02}"),
        }
    }
}

impl std::str::FromStr for Period {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Period, ValidationError> {
        Period::parse(s)
    }
}

/// Written as shown (`2026Q4`), so a target reads the same in a file,
/// in `--json` and on screen.
impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Period::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::value::fixtures::{at, date};

    #[test]
    fn periods_parse_in_every_written_form() {
        for (text, period) in [
            ("2026-12", Period::Month(2026, 12)),
            ("2026-1", Period::Month(2026, 1)),
            ("2026/03", Period::Month(2026, 3)),
            ("2026Q4", Period::Quarter(2026, 4)),
            ("2026-Q4", Period::Quarter(2026, 4)),
            (" 2026 q1 ", Period::Quarter(2026, 1)),
            ("2026", Period::Year(2026)),
            ("2026年12月", Period::Month(2026, 12)),
            ("2026年3月", Period::Month(2026, 3)),
            ("2026年第4季度", Period::Quarter(2026, 4)),
            ("2026年第四季度", Period::Quarter(2026, 4)),
            ("2026年4季度", Period::Quarter(2026, 4)),
            ("2026年Q2", Period::Quarter(2026, 2)),
            ("2026年", Period::Year(2026)),
            ("2026年度", Period::Year(2026)),
        ] {
            assert_eq!(Period::parse(text), Ok(period), "{text}");
        }
        for bad in [
            "",
            "2026-13",
            "2026-0",
            "2026Q5",
            "2026Q0",
            "26-12",
            "2026-",
            "Q4",
            "2026年13月",
            "2026年第五季度",
            "12-2026",
            "2026-12-01",
            "0000",
            "next quarter",
        ] {
            let err = Period::parse(bad).expect_err(bad);
            assert!(err.to_string().contains("is not a period"), "{bad}: {err}");
        }
    }

    #[test]
    fn periods_print_and_round_trip() {
        for p in [
            Period::Month(2026, 3),
            Period::Quarter(2026, 4),
            Period::Year(2026),
        ] {
            assert_eq!(Period::parse(&p.to_string()), Ok(p));
            let json = serde_json::to_string(&p).expect("json");
            assert_eq!(serde_json::from_str::<Period>(&json).expect("back"), p);
        }
        assert_eq!(Period::Month(2026, 3).to_string(), "2026-03");
        assert_eq!(
            serde_json::to_string(&Period::Quarter(2026, 4)).expect("json"),
            "\"2026Q4\""
        );
        assert!(serde_json::from_str::<Period>("\"2026Q9\"").is_err());
    }

    #[test]
    fn ranges_cover_leap_days_and_year_ends() {
        assert_eq!(
            Period::Month(2028, 2).range(),
            (date("2028-02-01"), date("2028-03-01"))
        );
        assert!(Period::Month(2028, 2).contains_date(date("2028-02-29")));
        assert_eq!(
            Period::Quarter(2026, 4).range(),
            (date("2026-10-01"), date("2027-01-01"))
        );
        assert_eq!(
            Period::Year(2024).range(),
            (date("2024-01-01"), date("2025-01-01"))
        );
        assert_eq!(
            Period::containing(PeriodKind::Quarter, date("2024-09-30")),
            Period::Quarter(2024, 3)
        );
        assert_eq!(
            Period::containing(PeriodKind::Month, date("2024-02-29")),
            Period::Month(2024, 2)
        );
        // The local date decides: 23:30 in Beijing on the last day of Q3
        // is in Q3, though it is already 15:30 UTC… and 2026-10-01 00:10
        // in Beijing (still 30 September in UTC) is in Q4.
        let q3 = Period::Quarter(2026, 3);
        assert!(q3.contains(at("2026-09-30T23:30:00+08:00")));
        assert!(!q3.contains(at("2026-10-01T00:10:00+08:00")));
        assert!(q3.contains(at("2026-07-01T00:00:00+08:00")));
    }
}
