//! Activity: interactions logged per ISO week, by kind and by author.

use super::{Chart, Dataset, Output, Period, ReportName, Table, to_json};
use crate::domain::InteractionKind;
use crate::store::DayCount;
use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Activity {
    pub period: Period,
    pub total: u64,
    /// Totals by kind over the period.
    pub by_kind: Counts,
    /// Every ISO week the period touches, oldest first (empty weeks too).
    pub weeks: Vec<WeekRow>,
    /// Who logged them, most active first.
    pub authors: Vec<AuthorRow>,
    /// Interactions per day of the period, first day first.
    pub daily: Vec<u64>,
}

/// Counts per interaction kind, in `InteractionKind::ALL` order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Counts {
    pub call: u64,
    pub email: u64,
    pub meeting: u64,
    pub visit: u64,
    pub message: u64,
    pub note: u64,
}

impl Counts {
    fn add(&mut self, kind: InteractionKind, n: u64) {
        *self.slot(kind) += n;
    }

    fn slot(&mut self, kind: InteractionKind) -> &mut u64 {
        match kind {
            InteractionKind::Call => &mut self.call,
            InteractionKind::Email => &mut self.email,
            InteractionKind::Meeting => &mut self.meeting,
            InteractionKind::Visit => &mut self.visit,
            InteractionKind::Message => &mut self.message,
            InteractionKind::Note => &mut self.note,
        }
    }

    pub fn get(&self, kind: InteractionKind) -> u64 {
        match kind {
            InteractionKind::Call => self.call,
            InteractionKind::Email => self.email,
            InteractionKind::Meeting => self.meeting,
            InteractionKind::Visit => self.visit,
            InteractionKind::Message => self.message,
            InteractionKind::Note => self.note,
        }
    }

    pub fn total(&self) -> u64 {
        InteractionKind::ALL.iter().map(|k| self.get(*k)).sum()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekRow {
    /// ISO week, `2026-W47`.
    pub week: String,
    /// Its Monday.
    pub starts: NaiveDate,
    pub counts: Counts,
    pub total: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuthorRow {
    /// Who logged them (the Unix user); `(unknown)` when not recorded.
    pub author: String,
    pub counts: Counts,
    pub total: u64,
}

fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

pub fn compute(data: &Dataset) -> Activity {
    let touches = data.touches.iter().filter(|t| data.period.holds(t.at));
    tally(
        data.period,
        touches.map(|t| (t.at.date_naive(), t.kind, t.author.as_str(), 1)),
    )
}

/// The report from counts kept per day, kind and author (the store's
/// `agg_activity`): the same figures as `compute` over the interactions
/// those counts were kept from.
pub fn from_counts(period: Period, counts: &[DayCount]) -> Activity {
    tally(
        period,
        counts
            .iter()
            .filter(|c| period.contains(c.day))
            .map(|c| (c.day, c.kind, c.author.as_str(), c.count)),
    )
}

/// Add up (local day, kind, author, how many) over the period's weeks,
/// days, kinds and authors.
fn tally<'a>(
    period: Period,
    counts: impl Iterator<Item = (NaiveDate, InteractionKind, &'a str, u64)>,
) -> Activity {
    let first_monday = monday_of(period.from);
    let mut weeks: Vec<WeekRow> = Vec::new();
    let mut monday = first_monday;
    while monday < period.to {
        let iso = monday.iso_week();
        weeks.push(WeekRow {
            week: format!("{}-W{:02}", iso.year(), iso.week()),
            starts: monday,
            counts: Counts::default(),
            total: 0,
        });
        monday += Duration::weeks(1);
    }
    let mut daily = vec![0u64; usize::try_from(period.days()).unwrap_or(0)];
    let mut by_kind = Counts::default();
    let mut authors: BTreeMap<String, Counts> = BTreeMap::new();
    for (day, kind, author, n) in counts {
        by_kind.add(kind, n);
        let week = usize::try_from((monday_of(day) - first_monday).num_weeks()).ok();
        if let Some(w) = week.and_then(|w| weeks.get_mut(w)) {
            w.counts.add(kind, n);
            w.total += n;
        }
        if let Some(d) = usize::try_from((day - period.from).num_days())
            .ok()
            .and_then(|d| daily.get_mut(d))
        {
            *d += n;
        }
        let author = author.trim();
        let author = if author.is_empty() {
            "(unknown)"
        } else {
            author
        };
        match authors.get_mut(author) {
            Some(counts) => counts.add(kind, n),
            None => {
                let mut counts = Counts::default();
                counts.add(kind, n);
                authors.insert(author.to_string(), counts);
            }
        }
    }
    let mut authors: Vec<AuthorRow> = authors
        .into_iter()
        .map(|(author, counts)| AuthorRow {
            author,
            total: counts.total(),
            counts,
        })
        .collect();
    authors.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.author.cmp(&b.author)));
    Activity {
        period,
        total: by_kind.total(),
        by_kind,
        weeks,
        authors,
        daily,
    }
}

fn week_label(w: &WeekRow) -> String {
    let week = w.week.rsplit('-').next().unwrap_or(&w.week);
    format!("{week} {}", w.starts.format("%m-%d"))
}

pub fn output(a: &Activity) -> Output {
    let mut headline = Vec::new();
    let weeks = a.weeks.len().max(1) as f64;
    let busiest = InteractionKind::ALL
        .iter()
        .map(|k| (k.as_str(), a.by_kind.get(*k)))
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0);
    match busiest {
        Some((kind, n)) => headline.push(format!(
            "{} interactions in {} weeks ({:.1} a week); most were {kind}s ({n}).",
            a.total,
            a.weeks.len(),
            a.total as f64 / weeks,
        )),
        None => headline.push("No interactions were logged in the period.".into()),
    }
    if let [.., before, last] = a.weeks.as_slice() {
        headline.push(format!(
            "Week {}: {} logged, against {} the week before.",
            week_label(last),
            last.total,
            before.total
        ));
    }
    if let Some(top) = a.authors.first() {
        headline.push(format!("Most active: {} ({}).", top.author, top.total));
    }
    let mut columns = vec![("WEEK / AUTHOR", false)];
    let kinds: Vec<String> = InteractionKind::ALL
        .iter()
        .map(|k| k.as_str().to_uppercase())
        .collect();
    columns.extend(kinds.iter().map(|k| (k.as_str(), true)));
    columns.push(("TOTAL", true));
    let mut table = Table::new(&columns);
    let row = |label: String, counts: &Counts, total: u64| {
        let mut cells = vec![label];
        cells.extend(
            InteractionKind::ALL
                .iter()
                .map(|k| counts.get(*k).to_string()),
        );
        cells.push(total.to_string());
        cells
    };
    for w in &a.weeks {
        table.row(row(week_label(w), &w.counts, w.total));
    }
    table.row(row("all weeks".into(), &a.by_kind, a.total));
    for author in &a.authors {
        table.row(row(
            format!("by {}", author.author),
            &author.counts,
            author.total,
        ));
    }
    // A row per week, newest first, split by kind.
    let weekly = a
        .weeks
        .iter()
        .rev()
        .map(|w| {
            let parts = InteractionKind::ALL
                .iter()
                .map(|k| w.counts.get(*k))
                .collect();
            (week_label(w), parts, w.total.to_string())
        })
        .collect();
    let charts = vec![
        Chart::Stacked {
            title: "Interactions per week, by kind (newest first)".into(),
            keys: InteractionKind::ALL
                .iter()
                .map(|k| k.as_str().to_string())
                .collect(),
            rows: weekly,
        },
        Chart::Bars {
            title: "Interactions by author".into(),
            bars: a
                .authors
                .iter()
                .map(|r| (r.author.clone(), r.total))
                .collect(),
            unit: "interactions".into(),
        },
        Chart::Spark {
            title: "Interactions per day".into(),
            points: a.daily.clone(),
            from_label: a.period.from.format("%m-%d").to_string(),
            to_label: a.period.last().format("%m-%d").to_string(),
        },
    ];
    Output {
        name: ReportName::Activity,
        title: format!("Activity, {}", a.period.label()),
        headline,
        table,
        charts,
        notes: Vec::new(),
        json: to_json(ReportName::Activity, a),
    }
}
