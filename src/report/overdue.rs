//! Overdue work and service: open tasks past due now, by how late and by
//! owner (the customer's); service cases open now, and how fast the cases
//! opened in the period were answered and resolved.

use super::{Chart, Dataset, Output, Period, ReportName, Table, mean, median, num_cell, to_json};
use crate::domain::{CaseKind, CaseStatus};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overdue {
    pub period: Period,
    /// The day lateness is counted to.
    pub today: NaiveDate,
    pub overdue: u64,
    pub buckets: Vec<Bucket>,
    /// Most overdue first.
    pub owners: Vec<OwnerRow>,
    pub cases: CaseStats,
}

/// Overdue tasks `min_days`..=`max_days` late (no max: that many or more).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bucket {
    pub label: &'static str,
    pub min_days: i64,
    pub max_days: Option<i64>,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwnerRow {
    /// The customer's owner; `(unassigned)` for none or a task without a customer.
    pub owner: String,
    pub overdue: u64,
    /// Days the most overdue of them is late.
    pub worst_days: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseStats {
    /// Open now (open or in progress), whenever opened.
    pub open: u64,
    pub open_complaints: u64,
    /// Open now and never answered.
    pub unanswered: u64,
    /// Opened in the period.
    pub opened: u64,
    pub responded: u64,
    pub response_median_hours: Option<f64>,
    pub response_avg_hours: Option<f64>,
    pub resolved: u64,
    pub resolution_median_hours: Option<f64>,
    pub resolution_avg_hours: Option<f64>,
    pub oldest_open: Option<OldestCase>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OldestCase {
    pub id: u64,
    pub customer: String,
    pub title: String,
    pub age_days: i64,
}

/// Lateness buckets: a timed task due earlier today is 0 days late.
const BUCKETS: [(&str, i64, Option<i64>); 4] = [
    ("0–2d", 0, Some(2)),
    ("3–7d", 3, Some(7)),
    ("8–30d", 8, Some(30)),
    (">30d", 31, None),
];

pub(super) fn bucket_of(days_late: i64) -> usize {
    BUCKETS
        .iter()
        .position(|(_, _, max)| max.is_none_or(|m| days_late <= m))
        .unwrap_or(BUCKETS.len() - 1)
}

pub fn compute(data: &Dataset) -> Overdue {
    let now = data.now.naive_local();
    let today = data.today();
    let mut buckets: Vec<Bucket> = BUCKETS
        .iter()
        .map(|(label, min_days, max_days)| Bucket {
            label,
            min_days: *min_days,
            max_days: *max_days,
            count: 0,
        })
        .collect();
    let mut owners: BTreeMap<String, OwnerRow> = BTreeMap::new();
    let mut overdue = 0;
    for task in data.tasks.iter().filter(|t| t.is_open()) {
        let Some(due) = task.due.filter(|d| d.is_overdue(now)) else {
            continue;
        };
        let late = (today - due.date()).num_days().max(0);
        overdue += 1;
        buckets[bucket_of(late)].count += 1;
        let owner = task
            .customer
            .and_then(|id| data.customers.get(&id))
            .map(|c| c.owner.trim())
            .filter(|o| !o.is_empty())
            .unwrap_or("(unassigned)")
            .to_string();
        let row = owners.entry(owner.clone()).or_insert(OwnerRow {
            owner,
            overdue: 0,
            worst_days: 0,
        });
        row.overdue += 1;
        row.worst_days = row.worst_days.max(late);
    }
    let mut owners: Vec<OwnerRow> = owners.into_values().collect();
    owners.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then_with(|| a.owner.cmp(&b.owner))
    });
    Overdue {
        period: data.period,
        today,
        overdue,
        buckets,
        owners,
        cases: case_stats(data),
    }
}

fn case_stats(data: &Dataset) -> CaseStats {
    let open: Vec<_> = data.cases.iter().filter(|c| c.is_open()).collect();
    let opened: Vec<_> = data
        .cases
        .iter()
        .filter(|c| data.period.holds(c.opened_at))
        .collect();
    let response: Vec<f64> = opened.iter().filter_map(|c| c.response_hours()).collect();
    let resolution: Vec<f64> = opened.iter().filter_map(|c| c.resolution_hours()).collect();
    let oldest = open
        .iter()
        .min_by_key(|c| (c.opened_at, c.id))
        .map(|c| OldestCase {
            id: c.id.0,
            customer: data
                .customers
                .get(&c.customer)
                .map_or_else(|| format!("#{}", c.customer.0), |r| r.name.clone()),
            title: c.title.clone(),
            age_days: c.age_days(data.now),
        });
    CaseStats {
        open: open.len() as u64,
        open_complaints: open
            .iter()
            .filter(|c| c.kind == CaseKind::Complaint)
            .count() as u64,
        unanswered: open
            .iter()
            .filter(|c| c.status == CaseStatus::Open && c.first_response_at.is_none())
            .count() as u64,
        opened: opened.len() as u64,
        responded: response.len() as u64,
        response_median_hours: median(&response),
        response_avg_hours: mean(&response),
        resolved: resolution.len() as u64,
        resolution_median_hours: median(&resolution),
        resolution_avg_hours: mean(&resolution),
        oldest_open: oldest,
    }
}

fn hours(h: Option<f64>) -> String {
    match h {
        Some(_) => format!("{} h", num_cell(h)),
        None => "—".into(),
    }
}

pub fn output(o: &Overdue) -> Output {
    let mut headline = Vec::new();
    if o.overdue == 0 {
        headline.push("No task is overdue.".into());
    } else {
        let week_plus: u64 = o
            .buckets
            .iter()
            .filter(|b| b.min_days > 7)
            .map(|b| b.count)
            .sum();
        headline.push(format!(
            "{} overdue task{}, {} more than a week late.",
            o.overdue,
            if o.overdue == 1 { "" } else { "s" },
            week_plus
        ));
    }
    let c = &o.cases;
    headline.push(format!(
        "{} open case{} ({} complaint{}, {} not answered yet); of {} opened in the period, median first response {}.",
        c.open,
        if c.open == 1 { "" } else { "s" },
        c.open_complaints,
        if c.open_complaints == 1 { "" } else { "s" },
        c.unanswered,
        c.opened,
        hours(c.response_median_hours),
    ));
    let mut table = Table::new(&[("MEASURE", false), ("VALUE", true)]);
    let mut row = |k: String, v: String| table.row(vec![k, v]);
    row("overdue tasks".into(), o.overdue.to_string());
    for b in &o.buckets {
        row(format!("  {} late", b.label), b.count.to_string());
    }
    for r in &o.owners {
        row(
            format!("  owner {}", r.owner),
            format!("{} (worst {}d)", r.overdue, r.worst_days),
        );
    }
    row("open cases".into(), c.open.to_string());
    row("  complaints".into(), c.open_complaints.to_string());
    row("  not answered".into(), c.unanswered.to_string());
    row("cases opened in period".into(), c.opened.to_string());
    row("  answered".into(), c.responded.to_string());
    row(
        "  first response, median".into(),
        hours(c.response_median_hours),
    );
    row(
        "  first response, average".into(),
        hours(c.response_avg_hours),
    );
    row("  resolved".into(), c.resolved.to_string());
    row(
        "  resolution, median".into(),
        hours(c.resolution_median_hours),
    );
    row(
        "  resolution, average".into(),
        hours(c.resolution_avg_hours),
    );
    if let Some(old) = &c.oldest_open {
        row(
            "oldest open case".into(),
            format!("#{} {} ({}d)", old.id, old.customer, old.age_days),
        );
    }
    let charts = vec![
        Chart::Bars {
            title: "Overdue tasks by days late".into(),
            bars: o
                .buckets
                .iter()
                .map(|b| (b.label.to_string(), b.count))
                .collect(),
            unit: "tasks".into(),
        },
        Chart::Bars {
            title: "Overdue tasks by owner".into(),
            bars: o
                .owners
                .iter()
                .map(|r| (r.owner.clone(), r.overdue))
                .collect(),
            unit: "tasks".into(),
        },
    ];
    Output {
        name: ReportName::Overdue,
        title: format!(
            "Overdue and service, {} (cases opened {})",
            o.today,
            o.period.label()
        ),
        headline,
        table,
        charts,
        notes: Vec::new(),
        json: to_json(ReportName::Overdue, o),
    }
}
