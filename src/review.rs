//! The daily review (DESIGN §1): overdue first, then today, then the next
//! 7 days, then customers gone quiet past their cadence. Shared by
//! `rolo today` and the TUI's Today view.

use crate::domain::{Customer, CustomerId, Due, Task};
use crate::store::{Result, View};
use chrono::{DateTime, Duration, FixedOffset, NaiveDateTime, NaiveTime};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskRow {
    #[serde(flatten)]
    pub task: Task,
    pub customer_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuietRow {
    pub id: CustomerId,
    pub name: String,
    pub company: String,
    pub cadence: Option<u32>,
    /// Days since the last contact; `None` if never contacted.
    pub days_since_contact: Option<i64>,
}

/// The first `limit` rows of a section and how many there are in all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section<T> {
    pub total: u64,
    pub rows: Vec<T>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    pub overdue: Section<TaskRow>,
    pub today: Section<TaskRow>,
    pub upcoming: Section<TaskRow>,
    pub quiet: Section<QuietRow>,
}

impl Review {
    /// One line for a login message or a tmux status line.
    pub fn brief(&self) -> String {
        format!(
            "{} overdue · {} today · {} quiet",
            self.overdue.total, self.today.total, self.quiet.total
        )
    }

    pub fn is_empty(&self) -> bool {
        self.overdue.total + self.today.total + self.upcoming.total + self.quiet.total == 0
    }
}

/// The open-task windows (in `Due::sort_key` units) for the review at `now`.
pub fn windows(now: NaiveDateTime) -> [std::ops::Range<i64>; 3] {
    let day_start =
        |days: i64| Due::moment_key((now.date() + Duration::days(days)).and_time(NaiveTime::MIN));
    let now_key = Due::moment_key(now);
    [
        i64::MIN..now_key,
        now_key..day_start(1),
        day_start(1)..day_start(8),
    ]
}

/// Read the review; `limit` caps the rows per section (totals are exact).
pub fn gather(view: &impl View, now: DateTime<FixedOffset>, limit: usize) -> Result<Review> {
    let wall = now.naive_local();
    let [overdue, today, upcoming] = windows(wall);
    let section = |window: std::ops::Range<i64>| -> Result<Section<TaskRow>> {
        let total = view.open_task_count(window.clone())?;
        let rows = task_rows(view, view.open_tasks(window, limit)?)?;
        Ok(Section { total, rows })
    };
    let (quiet, quiet_total) = view.quiet_customers(now.timestamp(), limit)?;
    Ok(Review {
        overdue: section(overdue)?,
        today: section(today)?,
        upcoming: section(upcoming)?,
        quiet: Section {
            total: quiet_total,
            rows: quiet.iter().map(|c| quiet_row(c, now)).collect(),
        },
    })
}

/// Tasks with their customers' names, for lists that show both.
pub fn task_rows(view: &impl View, tasks: Vec<Task>) -> Result<Vec<TaskRow>> {
    tasks
        .into_iter()
        .map(|task| {
            let customer_name = match task.customer {
                Some(id) => view.customer(id)?.map(|c| c.name),
                None => None,
            };
            Ok(TaskRow {
                task,
                customer_name,
            })
        })
        .collect()
}

fn quiet_row(c: &Customer, now: DateTime<FixedOffset>) -> QuietRow {
    QuietRow {
        id: c.id,
        name: c.name.clone(),
        company: c.company.clone(),
        cadence: c.cadence,
        days_since_contact: c.days_since_contact(now),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn windows_split_overdue_today_and_week() {
        let now = NaiveDate::from_ymd_opt(2026, 11, 22)
            .and_then(|d| d.and_hms_opt(15, 0, 0))
            .expect("valid");
        let [overdue, today, week] = windows(now);
        let key = |s: &str| s.parse::<Due>().expect("due").sort_key();
        assert!(overdue.contains(&key("2026-11-21")));
        assert!(overdue.contains(&key("2026-11-22T14:00")));
        assert!(today.contains(&key("2026-11-22")));
        assert!(today.contains(&key("2026-11-22T16:00")));
        assert!(week.contains(&key("2026-11-23T08:00")));
        assert!(week.contains(&key("2026-11-29")));
        assert!(!week.contains(&key("2026-11-30")));
    }
}
