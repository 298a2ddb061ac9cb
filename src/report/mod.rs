//! Reports: pure computations over a snapshot of the store, shared by the
//! CLI (`rolo report`) and the TUI's Reports view.
//!
//! `Dataset::load` reads what the reports need once; each report is a small
//! pure function `compute(&Dataset) -> TypedResult` (Serialize) in its own
//! file, turned into an [`Output`]: a title, headline sentences, one table,
//! charts (described, not drawn: only `tui/` names ratatui) and notes.
//! Money is summed in the base currency (config `currency`, `[rates]`);
//! a deal in a currency without a rate is left out of money figures and
//! named in the notes.

mod activity;
mod campaigns;
mod funnel;
mod overdue;
pub mod render;
mod sources;

/// The orders of the trailing year before `now` (tiers count these).
fn year_of_orders(
    view: &impl crate::store::Reads,
    now: DateTime<FixedOffset>,
) -> crate::store::Result<Vec<crate::domain::Order>> {
    let (since, until) = crate::domain::value::trailing_year(now);
    view.orders_between(since, until + chrono::Duration::seconds(1))
}

#[cfg(test)]
mod tests;
mod top;

pub use activity::Activity;
pub use campaigns::Campaigns;
pub use funnel::Funnel;
pub use overdue::Overdue;
pub use sources::Sources;
pub use top::Top;

use crate::config::Config;
use crate::domain::money::{self, Rates};
use crate::domain::{
    Campaign, Case, CustomerId, Deal, DealStatus, InteractionKind, Pipeline, Stage, Task,
    TierThresholds,
};
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The reports there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportName {
    Funnel,
    Activity,
    Sources,
    Campaigns,
    Overdue,
    Top,
}

impl ReportName {
    pub const ALL: [ReportName; 6] = [
        ReportName::Funnel,
        ReportName::Activity,
        ReportName::Sources,
        ReportName::Campaigns,
        ReportName::Overdue,
        ReportName::Top,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportName::Funnel => "funnel",
            ReportName::Activity => "activity",
            ReportName::Sources => "sources",
            ReportName::Campaigns => "campaigns",
            ReportName::Overdue => "overdue",
            ReportName::Top => "top",
        }
    }

    /// The Chinese name, also accepted by `parse`.
    pub fn chinese(self) -> &'static str {
        match self {
            ReportName::Funnel => "漏斗",
            ReportName::Activity => "活动",
            ReportName::Sources => "来源",
            ReportName::Campaigns => "市场活动",
            ReportName::Overdue => "逾期",
            ReportName::Top => "大客户",
        }
    }

    /// A name, its Chinese name, or the only name starting with the input
    /// (`fun` → funnel). `None` when it matches none or several.
    pub fn parse(input: &str) -> Option<ReportName> {
        let key = input.trim().to_lowercase();
        if key.is_empty() {
            return None;
        }
        if let Some(n) = ReportName::ALL
            .into_iter()
            .find(|n| n.as_str() == key || n.chinese() == key)
        {
            return Some(n);
        }
        let mut starts = ReportName::ALL
            .into_iter()
            .filter(|n| n.as_str().starts_with(&key));
        match (starts.next(), starts.next()) {
            (Some(n), None) => Some(n),
            _ => None,
        }
    }

    /// "funnel, activity, …" for error messages.
    pub fn list() -> String {
        ReportName::ALL
            .iter()
            .map(|n| n.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for ReportName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Days a report covers: `from` included, `to` excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Why `--from` / `--to` could not be used.
#[derive(Debug, thiserror::Error)]
pub enum PeriodError {
    #[error("--{flag} \"{input}\": {source}")]
    Date {
        flag: &'static str,
        input: String,
        source: crate::dates::DateError,
    },
    #[error("the period from {from} to {to} is empty: --from must be on or before --to")]
    Empty { from: NaiveDate, to: NaiveDate },
}

// Every variant is something the user typed or gave rolo to read.
impl crate::fault::Blamed for PeriodError {
    fn blame(&self) -> crate::fault::Blame {
        crate::fault::Blame::Input
    }
}

impl Period {
    /// What a report covers when no dates are given: this month for the
    /// pipeline reports, the last 8 weeks (whole ISO weeks, this one
    /// included) for activity, the last 12 months for campaigns (a
    /// campaign pays back over months), the last 30 days for service.
    pub fn default_for(name: ReportName, today: NaiveDate) -> Period {
        let tomorrow = today + Duration::days(1);
        match name {
            ReportName::Funnel | ReportName::Sources | ReportName::Top => {
                let from = today.with_day(1).unwrap_or(today);
                let to = from
                    .checked_add_months(chrono::Months::new(1))
                    .unwrap_or(tomorrow);
                Period { from, to }
            }
            ReportName::Activity => {
                let monday =
                    today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
                Period {
                    from: monday - Duration::weeks(7),
                    to: monday + Duration::weeks(1),
                }
            }
            ReportName::Campaigns => Period {
                from: today
                    .checked_sub_months(chrono::Months::new(12))
                    .map_or(today, |d| d + Duration::days(1)),
                to: tomorrow,
            },
            ReportName::Overdue => Period {
                from: today - Duration::days(29),
                to: tomorrow,
            },
        }
    }

    /// `--from` / `--to` as the user typed them (anything `crate::dates`
    /// reads looking back: `2026-10-01`, `-30d`, `last week`…). `to` is the
    /// last day included. A missing `from` comes from `fallback`; a missing
    /// `to` is today when `from` was given, else `fallback`'s.
    pub fn parse(
        from: Option<&str>,
        to: Option<&str>,
        now: DateTime<FixedOffset>,
        fallback: Period,
    ) -> Result<Period, PeriodError> {
        let day = |flag: &'static str, input: &str| {
            crate::dates::parse_at(input, now.naive_local())
                .map(|at| at.date())
                .map_err(|source| PeriodError::Date {
                    flag,
                    input: input.to_string(),
                    source,
                })
        };
        let start = match from {
            Some(text) => day("from", text)?,
            None => fallback.from,
        };
        let end = match (to, from) {
            (Some(text), _) => day("to", text)? + Duration::days(1),
            (None, Some(_)) => now.date_naive() + Duration::days(1),
            (None, None) => fallback.to,
        };
        if start >= end {
            return Err(PeriodError::Empty {
                from: start,
                to: end - Duration::days(1),
            });
        }
        Ok(Period {
            from: start,
            to: end,
        })
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day < self.to
    }

    /// Whether a moment falls in the period, by its own local date.
    pub fn holds(&self, at: DateTime<FixedOffset>) -> bool {
        self.contains(at.date_naive())
    }

    /// The last day included.
    pub fn last(&self) -> NaiveDate {
        self.to - Duration::days(1)
    }

    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days()
    }

    /// `2026-11-01 – 2026-11-30`.
    pub fn label(&self) -> String {
        format!("{} – {}", self.from, self.last())
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Period", 2)?;
        st.serialize_field("from", &self.from)?;
        // JSON readers get the last day included, as the user typed --to.
        st.serialize_field("to", &self.last())?;
        st.end()
    }
}

/// What a report needs to know about a customer. It decodes straight from
/// the stored record (the fields share their names), skipping the rest.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct CustomerRow {
    pub id: CustomerId,
    pub name: String,
    #[serde(default)]
    pub company: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub campaign: String,
    #[serde(default)]
    pub stage: Stage,
    pub created_at: DateTime<FixedOffset>,
    #[serde(default)]
    pub last_contact_at: Option<DateTime<FixedOffset>>,
}

impl CustomerRow {
    pub fn from_summary(c: crate::store::CustomerSummary) -> CustomerRow {
        CustomerRow {
            id: c.id,
            name: c.name,
            company: c.company,
            owner: c.owner,
            source: c.source,
            campaign: c.campaign,
            stage: c.stage,
            created_at: c.created_at,
            last_contact_at: c.last_contact_at,
        }
    }

    pub fn from_customer(c: &crate::domain::Customer) -> CustomerRow {
        CustomerRow {
            id: c.id,
            name: c.name.clone(),
            company: c.company.clone(),
            owner: c.owner.clone(),
            source: c.source.clone(),
            campaign: c.campaign.clone(),
            stage: c.stage,
            created_at: c.created_at,
            last_contact_at: c.last_contact_at,
        }
    }
}

/// An interaction as the activity report sees it (no summary text): it
/// decodes straight from the stored record, skipping the texts.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct Touch {
    pub customer: CustomerId,
    pub kind: InteractionKind,
    pub at: DateTime<FixedOffset>,
    #[serde(default)]
    pub author: String,
}

/// Everything the reports read, loaded once.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub period: Period,
    pub now: DateTime<FixedOffset>,
    pub customers: BTreeMap<CustomerId, CustomerRow>,
    pub deals: Vec<Deal>,
    /// Interactions in the period only.
    pub touches: Vec<Touch>,
    /// Open tasks, and tasks done in the period.
    pub tasks: Vec<Task>,
    pub cases: Vec<Case>,
    /// Orders of the trailing year: with the won deals, what tiers count.
    pub orders: Vec<crate::domain::Order>,
    pub campaigns: Vec<Campaign>,
    pub rates: Rates,
    pub pipeline: Pipeline,
    pub tiers: TierThresholds,
}

impl Dataset {
    /// Read one snapshot with everything every report needs. Interactions
    /// outside the period are dropped as they are decoded, so a big
    /// timeline is never held whole.
    pub fn load(
        view: &impl crate::store::Reads,
        config: &Config,
        now: DateTime<FixedOffset>,
        period: Period,
    ) -> crate::store::Result<Dataset> {
        Dataset::read(view, config, now, period, None)
    }

    /// Like `load`, but only what `name` reads: the interactions (most of
    /// a big database) only for activity, the tasks only for overdue.
    pub fn load_for(
        name: ReportName,
        view: &impl crate::store::Reads,
        config: &Config,
        now: DateTime<FixedOffset>,
        period: Period,
    ) -> crate::store::Result<Dataset> {
        Dataset::read(view, config, now, period, Some(name))
    }

    fn read(
        view: &impl crate::store::Reads,
        config: &Config,
        now: DateTime<FixedOffset>,
        period: Period,
        only: Option<ReportName>,
    ) -> crate::store::Result<Dataset> {
        let wants = |name: ReportName| only.is_none_or(|o| o == name);
        let mut customers = BTreeMap::new();
        view.for_each_customer_as(|c: CustomerRow| {
            customers.insert(c.id, c);
        })?;
        let mut touches = Vec::new();
        if wants(ReportName::Activity) {
            view.for_each_interaction_as(|t: Touch| {
                if period.holds(t.at) {
                    touches.push(t);
                }
            })?;
        }
        let mut tasks = Vec::new();
        if wants(ReportName::Overdue) {
            view.for_each_task(|t| {
                if t.is_open() || t.done_at.is_some_and(|at| period.holds(at)) {
                    tasks.push(t);
                }
            })?;
        }
        Ok(Dataset {
            period,
            now,
            customers,
            deals: view.deals()?,
            touches,
            tasks,
            cases: view.cases()?,
            orders: year_of_orders(view, now)?,
            campaigns: view.campaigns()?,
            rates: config.rates(),
            pipeline: config.pipeline.clone(),
            tiers: config.tiers,
        })
    }

    /// Keep only the customers `owner` owns, and their deals, cases, tasks
    /// and interactions (`--mine`, `--owner`). Owner names compare
    /// case-insensitively.
    pub fn only_owner(mut self, owner: &str) -> Dataset {
        let owner = owner.trim().to_lowercase();
        self.customers
            .retain(|_, c| c.owner.trim().to_lowercase() == owner);
        let keep = |id: &CustomerId| self.customers.contains_key(id);
        self.deals.retain(|d| keep(&d.customer));
        self.cases.retain(|c| keep(&c.customer));
        self.touches.retain(|t| keep(&t.customer));
        self.tasks.retain(|t| t.customer.as_ref().is_some_and(keep));
        self
    }

    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    pub fn currency(&self) -> &str {
        &self.rates.base
    }

    /// A deal's amount in base minor units; `None` (and noted in `skipped`)
    /// when its currency has no rate.
    pub fn base_amount(&self, deal: &Deal, skipped: &mut LeftOut) -> Option<i64> {
        let amount = self.rates.to_base(deal.amount, &deal.currency);
        if amount.is_none() {
            skipped.add(deal);
        }
        amount
    }

    /// Deals won with their close in the period.
    pub fn won_in_period(&self) -> impl Iterator<Item = &Deal> {
        self.deals.iter().filter(|d| {
            d.status == DealStatus::Won && d.closed_at.is_some_and(|at| self.period.holds(at))
        })
    }

    /// Deals closed (won or lost) in the period.
    pub fn closed_in_period(&self) -> impl Iterator<Item = &Deal> {
        self.deals
            .iter()
            .filter(|d| !d.is_open() && d.closed_at.is_some_and(|at| self.period.holds(at)))
    }
}

/// Build `name` from what the store maintains for it instead of every
/// row: `agg_activity` for activity; for the others, only the rows the
/// report looks at, found through indexes (the deal date indexes, open
/// tasks by due). The computations are the same pure ones, so the output
/// is the same as `build(name, &Dataset::load_for(..))`. Not for
/// `--owner` / `--mine`: the counters are not kept per owner, and
/// `only_owner` needs every customer, so the caller reads every row then.
/// A file not written since before schema 4 has none of it: every row.
pub fn build_maintained(
    name: ReportName,
    view: &impl crate::store::Reads,
    config: &Config,
    now: DateTime<FixedOffset>,
    period: Period,
) -> crate::store::Result<Output> {
    let mut data = Dataset {
        period,
        now,
        customers: BTreeMap::new(),
        deals: Vec::new(),
        touches: Vec::new(),
        tasks: Vec::new(),
        cases: Vec::new(),
        orders: Vec::new(),
        campaigns: Vec::new(),
        rates: config.rates(),
        pipeline: config.pipeline.clone(),
        tiers: config.tiers,
    };
    // Every row read and the report built from them: for a file without
    // the maintained tables (a read never migrates).
    let whole = || -> crate::store::Result<Output> {
        Ok(build(
            name,
            &Dataset::load_for(name, view, config, now, period)?,
        ))
    };
    let span = (period.from, period.to);
    let deals = match name {
        ReportName::Activity => {
            return match view.activity_counts(period.from, period.to)? {
                Some(counts) => Ok(activity::output(&activity::from_counts(period, &counts))),
                None => whole(),
            };
        }
        // The cohort, the deals won in the period, the open pipeline.
        ReportName::Funnel => view.deals_by_days(Some(span), Some(span), true)?,
        // Closed in the period (sources, campaigns); every customer is
        // still read, for the group sizes.
        ReportName::Sources | ReportName::Campaigns => {
            view.deals_by_days(None, Some(span), false)?
        }
        // Every deal: the won ones of any year (with a close date or not)
        // count in the note on deals left out for want of a rate.
        ReportName::Top => view.all_deal_figures()?,
        ReportName::Overdue => Some(Vec::new()),
    };
    let Some(deals) = deals else {
        return whole();
    };
    data.deals = deals;
    // Sources and campaigns also take their group sizes from the store.
    let mut sizes = None;
    let customers = match name {
        ReportName::Sources | ReportName::Campaigns => {
            data.campaigns = view.campaigns()?;
            let kind = if name == ReportName::Sources {
                "s:"
            } else {
                "c:"
            };
            let Some(counts) = view.group_counts(kind, period.from, period.to)? else {
                return whole();
            };
            // Names from each group's first customer; groups from the
            // customers of the period's closed deals only.
            let firsts: BTreeSet<CustomerId> = counts.iter().map(|g| g.first).collect();
            let deals: BTreeSet<CustomerId> = data.deals.iter().map(|d| d.customer).collect();
            match (
                view.customer_summaries(Some(&firsts))?,
                view.customer_summaries(Some(&deals))?,
            ) {
                (Some(firsts), Some(customers)) => {
                    sizes = Some(group_sizes(name, counts, firsts));
                    Some(customers)
                }
                _ => None,
            }
        }
        ReportName::Top => {
            // Only open deals and those won in the period put a customer
            // in the ranking; the others need no name.
            let ids: BTreeSet<CustomerId> = data
                .deals
                .iter()
                .filter(|d| d.is_open() || d.closed_at.is_some_and(|at| period.holds(at)))
                .map(|d| d.customer)
                .collect();
            data.orders = year_of_orders(view, now)?;
            view.customer_summaries(Some(&ids))?
        }
        ReportName::Overdue => {
            data.tasks =
                view.open_tasks_due_before(crate::domain::Due::moment_key(now.naive_local()))?;
            data.cases = view.cases()?;
            // Overdue names a task's owner and the oldest open case's customer.
            let oldest = data
                .cases
                .iter()
                .filter(|c| c.is_open())
                .min_by_key(|c| (c.opened_at, c.id))
                .map(|c| c.customer);
            let ids: BTreeSet<CustomerId> = data
                .tasks
                .iter()
                .filter_map(|t| t.customer)
                .chain(oldest)
                .collect();
            view.customer_summaries(Some(&ids))?
        }
        ReportName::Funnel | ReportName::Activity => Some(Vec::new()),
    };
    let Some(customers) = customers else {
        return whole();
    };
    data.customers = customers
        .into_iter()
        .map(|c| (c.id, CustomerRow::from_summary(c)))
        .collect();
    Ok(match sizes {
        Some(sizes) if name == ReportName::Sources => {
            sources::output(&sources::compute_sized(&data, sizes))
        }
        Some(sizes) => campaigns::output(&campaigns::compute_sized(&data, sizes)),
        None => build(name, &data),
    })
}

/// The stored group counts as the reports' group sizes, each named by
/// its first customer's spelling.
fn group_sizes(
    name: ReportName,
    counts: Vec<crate::store::GroupCount>,
    firsts: Vec<crate::store::CustomerSummary>,
) -> Vec<sources::GroupSize> {
    let spelling: BTreeMap<CustomerId, Option<String>> = firsts
        .into_iter()
        .map(|c| {
            let group = match name {
                ReportName::Sources => Some(crate::domain::source_group(&c.source)),
                _ => crate::domain::campaign_group(&c.campaign),
            };
            (c.id, group)
        })
        .collect();
    counts
        .into_iter()
        .filter_map(|g| {
            let name = spelling.get(&g.first)?.clone()?;
            Some(sources::GroupSize {
                folded: g.folded,
                name,
                customers: g.customers,
                new_customers: g.new_customers,
            })
        })
        .collect()
}

/// Deals left out of money figures, by currency (each deal counted once).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct LeftOut(BTreeMap<String, std::collections::BTreeSet<u64>>);

impl LeftOut {
    pub fn add(&mut self, deal: &Deal) {
        self.0
            .entry(deal.currency.clone())
            .or_default()
            .insert(deal.id.0);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// "2 deals in USD left out of the amounts: no rate in config [rates]".
    pub fn notes(&self, base: &str) -> Vec<String> {
        self.0
            .iter()
            .map(|(currency, ids)| {
                let n = ids.len();
                format!(
                    "{n} deal{} in {currency} left out of the amounts: no rate for {currency} in config [rates] (amounts are in {base})",
                    if n == 1 { "" } else { "s" }
                )
            })
            .collect()
    }
}

/// What a report shows: the same content for text, CSV, JSON and the TUI.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub name: ReportName,
    /// "Pipeline funnel, 2026-11-01 – 2026-11-30".
    pub title: String,
    /// The sentences a manager reads first.
    pub headline: Vec<String>,
    pub table: Table,
    /// What the TUI draws; every chart's data is also in `table`.
    pub charts: Vec<Chart>,
    /// E.g. deals left out for want of an exchange rate.
    pub notes: Vec<String>,
    /// The typed report, serialised (snake_case fields, money in minor units).
    pub json: serde_json::Value,
}

/// Headers and rows of cells; `numeric` columns are right-aligned.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub numeric: Vec<bool>,
}

impl Table {
    /// Columns as (header, numeric).
    pub fn new(columns: &[(&str, bool)]) -> Table {
        Table {
            headers: columns.iter().map(|(h, _)| h.to_string()).collect(),
            rows: Vec::new(),
            numeric: columns.iter().map(|(_, n)| *n).collect(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }
}

/// A chart to draw, in plain data.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    Bars {
        title: String,
        bars: Vec<(String, u64)>,
        unit: String,
    },
    Spark {
        title: String,
        points: Vec<u64>,
        from_label: String,
        to_label: String,
    },
    /// Horizontal bars split into parts, one per key, a row each: parts
    /// sit side by side, so series never draw over each other (a line
    /// chart of six kinds in a few rows did) and a row reads at any size.
    Stacked {
        title: String,
        /// What each part is, in the order the parts are drawn (the legend).
        keys: Vec<String>,
        /// (label, one value per key, the figure shown beside the label).
        rows: Vec<(String, Vec<u64>, String)>,
    },
}

impl Chart {
    /// How many rows of bars the chart has (a sparkline has none).
    pub fn rows(&self) -> usize {
        match self {
            Chart::Bars { bars, .. } => bars.len(),
            Chart::Stacked { rows, .. } => rows.len(),
            Chart::Spark { .. } => 0,
        }
    }
}

/// Run one report.
pub fn build(name: ReportName, data: &Dataset) -> Output {
    match name {
        ReportName::Funnel => funnel::output(&funnel::compute(data)),
        ReportName::Activity => activity::output(&activity::compute(data)),
        ReportName::Sources => sources::output(&sources::compute(data)),
        ReportName::Campaigns => campaigns::output(&campaigns::compute(data)),
        ReportName::Overdue => overdue::output(&overdue::compute(data)),
        ReportName::Top => top::output(&top::compute(data), data.now),
    }
}

// Shared formatting, so every report writes numbers the same way.

/// `1,234,000 CNY`.
pub(crate) fn money(minor: i64, currency: &str) -> String {
    money::format_money(minor, currency)
}

/// A money cell: `1,234,000` (the column header names the currency, so a
/// spreadsheet reads the CSV as numbers).
pub(crate) fn amount(minor: i64) -> String {
    money::format_amount(minor)
}

/// A bar's height: whole major units, never negative.
pub(crate) fn bar_value(minor: i64) -> u64 {
    u64::try_from(minor / 100).unwrap_or(0)
}

/// `part / whole` as a percentage; `None` for 0 / 0.
pub(crate) fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| round1(part as f64 * 100.0 / whole as f64))
}

/// One decimal, so JSON shows what the table shows.
pub(crate) fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// `42%`, `33.3%`, or `—` when there is nothing to divide.
pub(crate) fn pct_cell(p: Option<f64>) -> String {
    match p {
        Some(p) if p.fract() == 0.0 => format!("{p:.0}%"),
        Some(p) => format!("{p:.1}%"),
        None => "—".into(),
    }
}

/// A number with one decimal at most: `12`, `3.5`, `—`.
pub(crate) fn num_cell(x: Option<f64>) -> String {
    match x {
        Some(x) if x.fract() == 0.0 => format!("{x:.0}"),
        Some(x) => format!("{x:.1}"),
        None => "—".into(),
    }
}

/// Mean, rounded to one decimal; `None` when empty.
pub(crate) fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| round1(values.iter().sum::<f64>() / values.len() as f64))
}

/// Median (the mean of the middle two for an even count), one decimal.
pub(crate) fn median(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(round1(if v.len().is_multiple_of(2) {
        (v[mid - 1] + v[mid]) / 2.0
    } else {
        v[mid]
    }))
}

/// Serialise a typed report, adding its name.
pub(crate) fn to_json<T: Serialize>(name: ReportName, report: &T) -> serde_json::Value {
    let mut value = serde_json::to_value(report).unwrap_or(serde_json::Value::Null);
    if let serde_json::Value::Object(map) = &mut value {
        map.insert("report".into(), serde_json::Value::from(name.as_str()));
    }
    value
}
