use super::{CustomerId, InteractionId, TaskId, ValidationError, parse_word, validate};
use chrono::{DateTime, Datelike, Days, FixedOffset, Months, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// When a task is due: a calendar day, or a day and a time (local wall clock).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Due {
    Date(NaiveDate),
    At(NaiveDateTime),
}

impl Due {
    pub fn date(self) -> NaiveDate {
        match self {
            Due::Date(d) => d,
            Due::At(dt) => dt.date(),
        }
    }

    pub fn time(self) -> Option<NaiveTime> {
        match self {
            Due::Date(_) => None,
            Due::At(dt) => Some(dt.time()),
        }
    }

    /// A sortable key in wall-clock seconds: the last moment before the task
    /// is overdue. A day-only task is due by the end of its day, so it sorts
    /// after that day's timed tasks, and `key < now_key` means overdue for both.
    pub fn sort_key(self) -> i64 {
        match self {
            Due::Date(d) => d.and_time(NaiveTime::MIN).and_utc().timestamp() + 86_399,
            Due::At(dt) => dt.and_utc().timestamp(),
        }
    }

    /// The key of a wall-clock moment, comparable with `sort_key`.
    pub fn moment_key(at: NaiveDateTime) -> i64 {
        at.and_utc().timestamp()
    }

    /// Overdue once its day has passed, or for a timed task, once its time has.
    pub fn is_overdue(self, now: NaiveDateTime) -> bool {
        match self {
            Due::Date(d) => d < now.date(),
            Due::At(dt) => dt < now,
        }
    }

    fn with_date(self, date: NaiveDate) -> Due {
        match self {
            Due::Date(_) => Due::Date(date),
            Due::At(dt) => Due::At(date.and_time(dt.time())),
        }
    }
}

impl fmt::Display for Due {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Due::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Due::At(dt) => write!(f, "{}", dt.format("%Y-%m-%d %H:%M")),
        }
    }
}

impl std::str::FromStr for Due {
    type Err = chrono::ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M") {
            Ok(dt) => Ok(Due::At(dt)),
            Err(_) => NaiveDate::parse_from_str(s, "%Y-%m-%d").map(Due::Date),
        }
    }
}

/// Serialised as `2026-11-27` or `2026-11-27T14:00`: readable in JSON, stable in the store.
impl Serialize for Due {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Due::Date(d) => s.collect_str(&d.format("%Y-%m-%d")),
            Due::At(dt) => s.collect_str(&dt.format("%Y-%m-%dT%H:%M")),
        }
    }
}

impl<'de> Deserialize<'de> for Due {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse()
            .map_err(|_| serde::de::Error::custom(format!("invalid due date \"{s}\"")))
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    #[default]
    Normal,
    High,
}

impl Priority {
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
        }
    }

    pub fn parse(input: &str) -> Result<Priority, ValidationError> {
        parse_word(
            "priority",
            input,
            &[
                ("low", Priority::Low),
                ("normal", Priority::Normal),
                ("high", Priority::High),
                ("l", Priority::Low),
                ("n", Priority::Normal),
                ("h", Priority::High),
                ("低", Priority::Low),
                ("中", Priority::Normal),
                ("高", Priority::High),
            ],
        )
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    #[default]
    Open,
    Done,
    Cancelled,
}

/// Which date a recurring task's next occurrence is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RecurFrom {
    /// Fixed schedule: the next one is N after the previous due date.
    #[default]
    Due,
    /// "Every 2 weeks after I last did it": N after the completion day.
    Completion,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Recurrence {
    pub every: u32,
    pub unit: RecurUnit,
    #[serde(default)]
    pub from: RecurFrom,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecurUnit {
    Days,
    Weeks,
    Months,
}

impl RecurUnit {
    fn plural(self) -> &'static str {
        match self {
            RecurUnit::Days => "days",
            RecurUnit::Weeks => "weeks",
            RecurUnit::Months => "months",
        }
    }
}

impl Recurrence {
    /// Parse `3d`, `2w`, `1m`; a trailing `!` (`2w!`) counts from completion.
    pub fn parse(input: &str) -> Result<Recurrence, ValidationError> {
        let bad = || ValidationError::UnknownWord {
            what: "recurrence",
            input: input.to_string(),
            expected: "Nd, Nw, Nm (e.g. 2w), with a trailing ! to count from completion"
                .to_string(),
        };
        let s = input.trim().to_lowercase();
        let (s, from) = match s.strip_suffix('!') {
            Some(rest) => (rest.to_string(), RecurFrom::Completion),
            None => (s, RecurFrom::Due),
        };
        let unit = match s.chars().last() {
            Some('d') => RecurUnit::Days,
            Some('w') => RecurUnit::Weeks,
            Some('m') => RecurUnit::Months,
            _ => return Err(bad()),
        };
        let digits = &s[..s.len() - 1];
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let out_of_range = || ValidationError::OutOfRange {
            what: "recurrence",
            value: input.trim().to_string(),
            range: Recurrence::range(unit),
        };
        let every = digits.parse::<u32>().map_err(|_| out_of_range())?;
        let rule = Recurrence { every, unit, from };
        rule.check().map_err(|_| out_of_range())?;
        Ok(rule)
    }

    /// Every 1 to a century's worth of its unit.
    pub fn check(&self) -> Result<(), ValidationError> {
        if (1..=Recurrence::max_every(self.unit)).contains(&self.every) {
            Ok(())
        } else {
            Err(ValidationError::OutOfRange {
                what: "recurrence",
                value: self.to_string(),
                range: Recurrence::range(self.unit),
            })
        }
    }

    fn range(unit: RecurUnit) -> String {
        format!(
            "every 1 to {} {}",
            Recurrence::max_every(unit),
            unit.plural()
        )
    }

    /// The next due date after `due`, completed on `done_on`; `None` when
    /// it would fall after the year 9999 (only a rule stored before its
    /// range was checked can get there).
    pub fn next(self, due: Due, done_on: NaiveDate) -> Option<Due> {
        let base = match self.from {
            RecurFrom::Due => due,
            RecurFrom::Completion => due.with_date(done_on),
        };
        let date = base.date();
        let every = u64::from(self.every);
        let next = match self.unit {
            RecurUnit::Days => date.checked_add_days(Days::new(every)),
            RecurUnit::Weeks => date.checked_add_days(Days::new(every.checked_mul(7)?)),
            RecurUnit::Months => date.checked_add_months(Months::new(self.every)),
        }?;
        (next.year() <= validate::MAX_YEAR).then(|| base.with_date(next))
    }

    /// The most of each unit a rule may repeat by: a century.
    fn max_every(unit: RecurUnit) -> u32 {
        match unit {
            RecurUnit::Days => validate::MAX_DAYS,
            RecurUnit::Weeks => validate::MAX_DAYS / 7,
            RecurUnit::Months => validate::MAX_DAYS / 365 * 12,
        }
    }
}

impl fmt::Display for Recurrence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            RecurUnit::Days => 'd',
            RecurUnit::Weeks => 'w',
            RecurUnit::Months => 'm',
        };
        let bang = if self.from == RecurFrom::Completion {
            "!"
        } else {
            ""
        };
        write!(f, "{}{unit}{bang}", self.every)
    }
}

/// One snooze: the due date it moved from and to, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snooze {
    #[serde(serialize_with = "super::stamp::serialize")]
    pub at: DateTime<FixedOffset>,
    pub from: Option<Due>,
    pub to: Due,
}

/// An entry in the task queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub id: TaskId,
    #[serde(default)]
    pub customer: Option<CustomerId>,
    pub title: String,
    #[serde(default)]
    pub due: Option<Due>,
    #[serde(default)]
    pub priority: Priority,
    #[serde(default)]
    pub status: TaskStatus,
    #[serde(default)]
    #[serde(serialize_with = "super::stamp::serialize_option")]
    pub done_at: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    pub snoozes: Vec<Snooze>,
    #[serde(default)]
    pub recurrence: Option<Recurrence>,
    /// The interaction whose "next action" created this task.
    #[serde(default)]
    pub origin: Option<InteractionId>,
    #[serde(serialize_with = "super::stamp::serialize")]
    pub created_at: DateTime<FixedOffset>,
}

impl Task {
    pub fn is_open(&self) -> bool {
        self.status == TaskStatus::Open
    }

    /// `open`, `done 2026-11-20`, `cancelled 2026-11-21`: how `rolo task
    /// show` and the app's detail view say where a task stands.
    pub fn status_word(&self) -> String {
        let day = self
            .done_at
            .map(|at| format!(" {}", at.format("%Y-%m-%d")))
            .unwrap_or_default();
        match self.status {
            TaskStatus::Open => "open".into(),
            TaskStatus::Done => format!("done{day}"),
            TaskStatus::Cancelled => format!("cancelled{day}"),
        }
    }
}

/// A task to create; the store assigns the id.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTask {
    pub customer: Option<CustomerId>,
    pub title: String,
    pub due: Option<Due>,
    pub priority: Priority,
    pub recurrence: Option<Recurrence>,
}

impl NewTask {
    pub fn validate(mut self) -> Result<Self, ValidationError> {
        self.title = self.title.trim().to_string();
        if self.title.is_empty() {
            return Err(ValidationError::EmptyTitle);
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn due_round_trips_as_text() {
        for s in ["2026-11-27", "2026-11-27T14:00"] {
            let due: Due = s.parse().expect("parses");
            let json = serde_json::to_string(&due).expect("serialises");
            assert_eq!(json, format!("\"{s}\""));
        }
        assert!("27/11/2026".parse::<Due>().is_err());
    }

    #[test]
    fn sort_key_before_now_means_overdue() {
        let now = d("2026-11-22").and_hms_opt(15, 0, 0).expect("time");
        for due in [
            Due::Date(d("2026-11-21")),
            Due::Date(d("2026-11-22")),
            Due::At(d("2026-11-22").and_hms_opt(14, 59, 0).expect("t")),
            Due::At(d("2026-11-22").and_hms_opt(15, 1, 0).expect("t")),
        ] {
            assert_eq!(
                due.sort_key() < Due::moment_key(now),
                due.is_overdue(now),
                "{due}"
            );
        }
    }

    #[test]
    fn overdue_is_by_day_or_by_time() {
        let now = d("2026-11-22").and_hms_opt(15, 0, 0).expect("time");
        assert!(!Due::Date(d("2026-11-22")).is_overdue(now));
        assert!(Due::Date(d("2026-11-21")).is_overdue(now));
        assert!(Due::At(d("2026-11-22").and_hms_opt(14, 0, 0).expect("t")).is_overdue(now));
        assert!(!Due::At(d("2026-11-22").and_hms_opt(16, 0, 0).expect("t")).is_overdue(now));
    }

    #[test]
    fn recurrence_counts_from_due_or_completion() {
        let weekly = Recurrence::parse("1w").expect("parses");
        let due = Due::Date(d("2026-11-20"));
        assert_eq!(
            weekly.next(due, d("2026-11-23")),
            Some(Due::Date(d("2026-11-27")))
        );
        let after = Recurrence::parse("2w!").expect("parses");
        assert_eq!(after.from, RecurFrom::Completion);
        assert_eq!(
            after.next(due, d("2026-11-23")),
            Some(Due::Date(d("2026-12-07")))
        );
        let monthly = Recurrence::parse("1m").expect("parses");
        assert_eq!(
            monthly.next(Due::Date(d("2026-01-31")), d("2026-01-31")),
            Some(Due::Date(d("2026-02-28")))
        );
        let timed = Due::At(d("2026-11-20").and_hms_opt(9, 30, 0).expect("t"));
        assert_eq!(
            Recurrence::parse("3d")
                .expect("parses")
                .next(timed, d("2026-11-21")),
            Some(Due::At(d("2026-11-23").and_hms_opt(9, 30, 0).expect("t")))
        );
        for bad in [
            "",
            "0d",
            "w",
            "3y",
            "-1d",
            "+1d",
            "36501d",
            "5215w",
            "1201m",
            "99999999999d",
        ] {
            assert!(Recurrence::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(after.to_string(), "2w!");
    }

    /// Issue 11: `--every 999999999d` was accepted, and completing the task
    /// then overflowed the calendar inside the store ("database damaged").
    #[test]
    fn a_recurrence_is_at_most_a_century_and_never_leaves_the_calendar() {
        assert!(Recurrence::parse("36500d").is_ok());
        assert!(Recurrence::parse("5214w").is_ok());
        assert!(Recurrence::parse("1200m").is_ok());
        let err = Recurrence::parse("999999999d").expect_err("too long");
        assert!(err.to_string().contains("every 1 to 36500 days"), "{err}");
        // A rule stored before the range was checked ends at the calendar's end.
        let stored = Recurrence {
            every: u32::MAX,
            unit: RecurUnit::Days,
            from: RecurFrom::Due,
        };
        assert_eq!(
            stored.next(Due::Date(d("2026-11-20")), d("2026-11-20")),
            None
        );
        let late = Recurrence::parse("1m").expect("parses");
        assert_eq!(late.next(Due::Date(d("9999-12-15")), d("9999-12-15")), None);
    }
}
