//! The daily review (DESIGN §1): overdue first, then today, then the next
//! 7 days, then the open service cases, then customers gone quiet: past
//! their own cadence, or, for those without one, `quiet_days` (config)
//! after the last contact. Shared by `rolo today` and the app's Today view
//! (one `gather`, so both list the same); `crate::queue` ranks the same
//! items into one list.

use crate::domain::{Case, Customer, CustomerId, Due, Task};
use crate::store::{Reads, Result};
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

/// An open service case with its customer's name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseRow {
    #[serde(flatten)]
    pub case: Case,
    pub customer_name: Option<String>,
}

/// The first `limit` rows of a section and how many there are in all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section<T> {
    pub total: u64,
    pub rows: Vec<T>,
}

impl<T> Default for Section<T> {
    fn default() -> Self {
        Section {
            total: 0,
            rows: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Review {
    pub overdue: Section<TaskRow>,
    pub today: Section<TaskRow>,
    pub upcoming: Section<TaskRow>,
    /// Open service cases, oldest first.
    pub cases: Section<CaseRow>,
    pub quiet: Section<QuietRow>,
    /// When it was read: the app re-reads it when the day changes or a
    /// task listed under today falls due (`Review::next_change`).
    #[serde(skip)]
    pub as_of: DateTime<FixedOffset>,
}

impl Review {
    /// One line for a login message or a tmux status line.
    pub fn brief(&self) -> String {
        let mut line = format!(
            "{} overdue · {} today · {} quiet",
            self.overdue.total, self.today.total, self.quiet.total
        );
        if self.cases.total > 0 {
            line.push_str(&format!(" · {} open cases", self.cases.total));
        }
        line
    }

    pub fn is_empty(&self) -> bool {
        self.overdue.total
            + self.today.total
            + self.upcoming.total
            + self.cases.total
            + self.quiet.total
            == 0
    }

    /// The moment (as a `Due::sort_key`) after which this review is out of
    /// date: the first task under today falls due, or (a task due today
    /// without a time, whose key is the day's last second) the day ends.
    /// A review read at `as_of` is stale once `Due::moment_key(now)` is
    /// past it.
    pub fn next_change(&self) -> i64 {
        let [_, today, _] = windows(self.as_of.naive_local());
        let first_due = self
            .today
            .rows
            .iter()
            .filter_map(|r| r.task.due.map(Due::sort_key))
            .min();
        // `today.end` is the next midnight; its key minus one is the day's
        // last second, where a date-only task sits.
        first_due.map_or(today.end - 1, |key| key.min(today.end - 1))
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
/// Tasks completed today that are still done: the Today view's "N of M
/// done". Found from today's `task.done` audit entries, each task counted
/// once and only if it is done now: a completion taken back with `u` no
/// longer counts ("1 of 2 done" stayed after the undo), and a task done,
/// undone and done again counts once.
pub fn done_today(view: &impl Reads, now: DateTime<FixedOffset>) -> Result<u64> {
    let today = now.date_naive();
    let mut ids: Vec<u64> = view
        .audit(None, 10_000)?
        .iter()
        .take_while(|a| a.at.date_naive() == today)
        .filter(|a| a.action == "task.done")
        .filter_map(|a| {
            a.entity
                .rsplit(' ')
                .next()
                .and_then(crate::domain::ids::parse_id)
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let done = view
        .tasks_by_id(&ids)?
        .iter()
        .filter(|t| t.status == crate::domain::TaskStatus::Done)
        .filter(|t| t.done_at.is_some_and(|at| at.date_naive() == today))
        .count();
    Ok(done as u64)
}

pub fn gather(
    view: &impl Reads,
    now: DateTime<FixedOffset>,
    limit: usize,
    quiet_days: u32,
) -> Result<Review> {
    let wall = now.naive_local();
    let [overdue, today, upcoming] = windows(wall);
    let section = |window: std::ops::Range<i64>| -> Result<Section<TaskRow>> {
        let total = view.open_task_count(window.clone())?;
        let rows = task_rows(view, view.open_tasks(window, limit)?)?;
        Ok(Section { total, rows })
    };
    let (quiet, quiet_total) = gone_quiet(view, now, quiet_days, limit)?;
    let (cases, cases_total) = view.open_cases(limit)?;
    Ok(Review {
        overdue: section(overdue)?,
        today: section(today)?,
        upcoming: section(upcoming)?,
        cases: Section {
            total: cases_total,
            rows: case_rows(view, cases)?,
        },
        quiet: Section {
            total: quiet_total,
            rows: quiet.iter().map(|c| quiet_row(c, now)).collect(),
        },
        as_of: now,
    })
}

/// Cases with their customers' names (each customer read once).
pub fn case_rows(view: &impl Reads, cases: Vec<Case>) -> Result<Vec<CaseRow>> {
    let mut names: std::collections::HashMap<CustomerId, Option<String>> =
        std::collections::HashMap::new();
    let mut rows = Vec::with_capacity(cases.len());
    for case in cases {
        let customer_name = match names.get(&case.customer) {
            Some(name) => name.clone(),
            None => {
                let name = view.customer(case.customer)?.map(|c| c.name);
                names.insert(case.customer, name.clone());
                name
            }
        };
        rows.push(CaseRow {
            case,
            customer_name,
        });
    }
    Ok(rows)
}

/// Customers gone quiet at `now`, the longest quiet first (at most
/// `limit`), and how many there are: who is quiet and since when comes from
/// the indexes ([`QuietSince`]); only the `limit` shown are decoded.
pub fn gone_quiet(
    view: &impl Reads,
    now: DateTime<FixedOffset>,
    quiet_days: u32,
    limit: usize,
) -> Result<(Vec<Customer>, u64)> {
    let mut keys = QuietSince::read(view, now, quiet_days)?.gone_quiet_keys(now);
    let total = keys.len() as u64;
    if limit < keys.len() {
        keys.select_nth_unstable(limit);
        keys.truncate(limit);
    }
    keys.sort_unstable();
    let quiet = keys
        .into_iter()
        .map(|(_, id)| view.get_customer(id))
        .collect::<Result<_>>()?;
    Ok((quiet, total))
}

/// When each customer went quiet, from the indexes alone: a cadence's
/// `IDX_QUIET` entry, else the last touch plus `quiet_days` — the same
/// instants `Customer::quiet_since` gives (a fixed offset adds whole days
/// as 86,400 s). Only those at or before `now` are kept: a later one earns
/// no points.
pub struct QuietSince {
    at: std::collections::HashMap<CustomerId, i64>,
}

impl QuietSince {
    pub fn read(
        view: &impl Reads,
        now: DateTime<FixedOffset>,
        quiet_days: u32,
    ) -> Result<QuietSince> {
        let now_ts = now.timestamp();
        if quiet_days == 0 {
            // Only cadences count: those due by now are all there is to read.
            let at = view.cadence_quiet_keys(now_ts)?;
            return Ok(QuietSince {
                at: at.into_iter().map(|(ts, id)| (id, ts)).collect(),
            });
        }
        // Every cadence, to tell who the quiet-days rule does not apply to.
        let cadence = view.cadence_quiet_keys(i64::MAX)?;
        let with_cadence: std::collections::HashSet<CustomerId> =
            cadence.iter().map(|(_, id)| *id).collect();
        let mut at: std::collections::HashMap<CustomerId, i64> = cadence
            .into_iter()
            .filter(|(ts, _)| *ts <= now_ts)
            .map(|(ts, id)| (id, ts))
            .collect();
        let cutoff = crate::domain::days_before(now, quiet_days).timestamp();
        let after = i64::from(quiet_days) * 86_400;
        for (touched, id) in view.touched_keys_until(cutoff)? {
            if !with_cadence.contains(&id) {
                at.insert(id, touched.saturating_add(after));
            }
        }
        Ok(QuietSince { at })
    }

    pub fn since(
        &self,
        id: CustomerId,
        now: DateTime<FixedOffset>,
    ) -> Option<DateTime<FixedOffset>> {
        let ts = *self.at.get(&id)?;
        Some(DateTime::from_timestamp(ts, 0)?.with_timezone(now.offset()))
    }

    /// Those `rolo today` lists as gone quiet (strictly before `now`), in id order.
    pub fn gone_quiet(&self, now: DateTime<FixedOffset>) -> Vec<CustomerId> {
        let mut ids: Vec<CustomerId> = self
            .gone_quiet_keys(now)
            .into_iter()
            .map(|(_, id)| id)
            .collect();
        ids.sort_unstable();
        ids
    }

    /// (quiet since, id) of those gone quiet, unordered.
    pub fn gone_quiet_keys(&self, now: DateTime<FixedOffset>) -> Vec<(i64, CustomerId)> {
        let now_ts = now.timestamp();
        self.at
            .iter()
            .filter(|(_, ts)| **ts < now_ts)
            .map(|(id, ts)| (*ts, *id))
            .collect()
    }
}

/// Tasks with their customers' names, for lists that show both.
pub fn task_rows(view: &impl Reads, tasks: Vec<Task>) -> Result<Vec<TaskRow>> {
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

    /// `rolo list --gone-quiet`, `today` and the ranked queue find the quiet
    /// through the indexes: the same customers, at the same moments, as the
    /// domain's rule decides on every record of the demo data.
    #[test]
    fn quiet_since_finds_whom_the_domain_rule_calls_quiet() {
        let now = DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").expect("valid");
        let dir = tempfile::tempdir().expect("tempdir");
        let store =
            crate::store::Store::new(dir.path().join("r.redb"), crate::domain::Channel::Cli);
        let pipeline = crate::config::Config::default().pipeline;
        crate::exec::demo::load_with(&store, 300, 5, now, "tester", &pipeline).expect("demo");
        for quiet_days in [0, 14, 30] {
            for at in [now, now + Duration::days(10), now + Duration::days(45)] {
                let (by_index, by_records) = store
                    .read(|r| {
                        let by_index = QuietSince::read(r, at, quiet_days)?.gone_quiet(at);
                        let mut by_records = Vec::new();
                        r.for_each_customer(|c| {
                            if crate::domain::gone_quiet(&c, quiet_days, at) {
                                by_records.push(c.id);
                            }
                            true
                        })?;
                        Ok::<_, crate::store::StoreError>((by_index, by_records))
                    })
                    .expect("read");
                assert!(!by_records.is_empty() || quiet_days == 0 && at == now);
                assert_eq!(by_index, by_records, "quiet_days {quiet_days} at {at}");
                let (shown, total) = store
                    .read(|r| gone_quiet(r, at, quiet_days, 5))
                    .expect("gone quiet");
                assert_eq!(total as usize, by_records.len());
                let since = |c: &Customer| (c.quiet_since(quiet_days), c.id);
                assert!(shown.windows(2).all(|w| since(&w[0]) <= since(&w[1])));
            }
        }
    }

    #[test]
    fn gone_quiet_counts_cadence_breaches_and_the_default_days() {
        use crate::domain::{Channel, CustomerDraft};
        let now = DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").expect("valid");
        let dir = tempfile::tempdir().expect("tempdir");
        let store = crate::store::Store::new(dir.path().join("r.redb"), Channel::Cli);
        let add = |name: &str, cadence: Option<u32>, days_ago: i64| {
            store
                .write(now - Duration::days(days_ago), |w| {
                    w.add_customer(CustomerDraft {
                        cadence,
                        ..CustomerDraft::named(name)
                    })
                })
                .expect("add")
        };
        let weekly_late = add("weekly, 20 days", Some(7), 20); // quiet since day 13
        add("monthly, 20 days", Some(30), 20); // not yet
        let plain_old = add("no cadence, 60 days", None, 60); // quiet since day 30 at 30d
        add("no cadence, 10 days", None, 10);
        let (rows, total) = store
            .read(|r| gone_quiet(r, now, 0, 10))
            .expect("cadence only");
        assert_eq!((rows.len(), total), (1, 1));
        assert_eq!(rows[0].id, weekly_late.id);
        let (rows, total) = store
            .read(|r| gone_quiet(r, now, 30, 10))
            .expect("with default days");
        assert_eq!(total, 2);
        let ids: Vec<_> = rows.iter().map(|c| c.id).collect();
        assert_eq!(ids, [plain_old.id, weekly_late.id], "quiet longest first");
        let (rows, total) = store.read(|r| gone_quiet(r, now, 30, 1)).expect("limit");
        assert_eq!((rows.len(), total), (1, 2));
        assert_eq!(rows[0].id, plain_old.id);
    }

    /// Found trying issue 11 in the app: `x` then `u` on a task left the
    /// Today view saying "1 of 2 done" — it counted `task.done` entries of
    /// the audit trail, undone or not.
    #[test]
    fn done_today_counts_tasks_still_done_once_each() {
        use crate::domain::{Channel, NewTask, Priority};
        let now = DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").expect("valid");
        let dir = tempfile::tempdir().expect("tempdir");
        let store = crate::store::Store::new(dir.path().join("r.redb"), Channel::Tui);
        let add = |title: &str| {
            store
                .write(now, |w| {
                    w.add_task(NewTask {
                        customer: None,
                        title: title.into(),
                        due: None,
                        priority: Priority::Normal,
                        recurrence: None,
                    })
                })
                .expect("add")
        };
        let (a, b) = (add("a"), add("b"));
        let done = |id| store.write(now, |w| w.complete_task(id)).expect("done");
        let count = || store.read(|r| done_today(r, now)).expect("count");
        done(a.id);
        assert_eq!(count(), 1);
        let undo = store.take_last_undo();
        store.write(now, |w| w.undo(&undo)).expect("undo");
        assert_eq!(count(), 0, "undone: no longer done");
        done(a.id);
        done(b.id);
        assert_eq!(count(), 2, "a done twice counts once");
        let tomorrow = now + Duration::days(1);
        assert_eq!(store.read(|r| done_today(r, tomorrow)).expect("count"), 0);
        // The toast of that undo, in good grammar ("1 changes" before).
        assert_eq!(
            crate::exec::Done::Undone(1).message(now.naive_local()),
            "Undone (1 change restored)"
        );
        let history = store.read(|r| r.audit(None, 10)).expect("audit");
        assert!(
            history
                .iter()
                .any(|a| a.action == "undo" && a.entity == "1 change"),
            "{history:?}"
        );
    }

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
