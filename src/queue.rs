//! The ranked daily queue: every open task due within the week, every open
//! service case and every customer gone quiet, in ONE list ordered by
//! urgency, each with the reasons (and their points) that put it there.
//!
//! [`rank`] is pure: it scores [`Candidate`]s with [`Weights`]. [`gather`]
//! reads the candidates from the store. Points add up, so "why is this
//! first?" is the list of reasons, largest first:
//!
//! | reason | points |
//! |---|---|
//! | overdue task | 20 + 5 a day late (up to 30 days) |
//! | due today / later this week | 15 / 10 − 2 a day ahead |
//! | priority high / low | +30 / −10 |
//! | open deals (Σ amount × probability) | 10 × log10(1 + weighted / 1,000), at most 50 |
//! | past the stay-in-touch cadence | 10 + 2 a day past (up to 30 days) |
//! | complaint / request | +25 / +10 |
//! | case open | 3 a day (up to 30 days); +20 while nobody has answered |
//!
//! The queue holds exactly what `rolo today` lists (and the app's Today
//! view, in sections): every task, every case and every customer gone
//! quiet, each once. A quiet customer is an item of their own ("get back
//! in touch") even when a task or case of theirs is queued too; the breach
//! also adds to those items, as their open deals do. Every weight can be
//! changed under `[queue]` in config.toml ([`Weights`]).

use crate::config::Config;
use crate::domain::money::{Rates, format_amount};
use crate::domain::{Case, CaseKind, Customer, CustomerId, Due, Priority, Task};
use crate::review::QuietSince;
use crate::store::{Reads, Result};
use chrono::{DateTime, FixedOffset, NaiveDateTime};
use serde::Serialize;
use std::collections::HashMap;

/// How much each reason weighs; see the module table. `[queue]` in
/// config.toml overrides any of them (e.g. `high_priority = 50`).
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Weights {
    pub overdue_base: i64,
    pub overdue_per_day: i64,
    pub due_today: i64,
    pub due_this_week: i64,
    pub high_priority: i64,
    pub low_priority: i64,
    pub deal_scale: f64,
    pub deal_cap: i64,
    pub quiet_base: i64,
    pub quiet_per_day: i64,
    pub complaint: i64,
    pub request: i64,
    pub case_per_day: i64,
    pub unanswered: i64,
    /// Days counted at most for lateness, quiet and case age.
    pub day_cap: i64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            overdue_base: 20,
            overdue_per_day: 5,
            due_today: 15,
            due_this_week: 10,
            high_priority: 30,
            low_priority: -10,
            deal_scale: 10.0,
            deal_cap: 50,
            quiet_base: 10,
            quiet_per_day: 2,
            complaint: 25,
            request: 10,
            case_per_day: 3,
            unanswered: 20,
            day_cap: 30,
        }
    }
}

/// The largest weight, either way: a million points outweighs any sum of
/// the defaults, and keeps every score far inside `i64`.
pub const MAX_WEIGHT: i64 = 1_000_000;

impl Weights {
    /// Refuse a weight a score could overflow on: each in ±[`MAX_WEIGHT`],
    /// `day_cap` a count of days, `deal_scale` a finite ±1000.
    pub fn check(&self) -> Result<(), crate::domain::ValidationError> {
        use crate::domain::ValidationError;
        use crate::domain::validate::MAX_DAYS;
        let weights = [
            ("queue.overdue_base", self.overdue_base),
            ("queue.overdue_per_day", self.overdue_per_day),
            ("queue.due_today", self.due_today),
            ("queue.due_this_week", self.due_this_week),
            ("queue.high_priority", self.high_priority),
            ("queue.low_priority", self.low_priority),
            ("queue.deal_cap", self.deal_cap),
            ("queue.quiet_base", self.quiet_base),
            ("queue.quiet_per_day", self.quiet_per_day),
            ("queue.complaint", self.complaint),
            ("queue.request", self.request),
            ("queue.case_per_day", self.case_per_day),
            ("queue.unanswered", self.unanswered),
        ];
        for (what, value) in weights {
            if !(-MAX_WEIGHT..=MAX_WEIGHT).contains(&value) {
                return Err(ValidationError::OutOfRange {
                    what,
                    value: value.to_string(),
                    range: format!("-{MAX_WEIGHT} to {MAX_WEIGHT} points"),
                });
            }
        }
        if !(0..=i64::from(MAX_DAYS)).contains(&self.day_cap) {
            return Err(ValidationError::OutOfRange {
                what: "queue.day_cap",
                value: self.day_cap.to_string(),
                range: format!("0 to {MAX_DAYS} days"),
            });
        }
        if !(self.deal_scale.is_finite() && self.deal_scale.abs() <= 1000.0) {
            return Err(ValidationError::OutOfRange {
                what: "queue.deal_scale",
                value: self.deal_scale.to_string(),
                range: "-1000 to 1000".into(),
            });
        }
        Ok(())
    }
}

/// Who an item is about: what the ranking needs to know of them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Who {
    pub id: CustomerId,
    pub name: String,
    pub company: String,
    pub owner: String,
    /// Open deals' amount × probability, in base-currency minor units.
    pub weighted_pipeline: i64,
    /// When they went quiet, if they have (cadence or `quiet_days`).
    #[serde(skip)]
    pub quiet_since: Option<DateTime<FixedOffset>>,
    pub cadence: Option<u32>,
}

/// Something that may need doing today.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Item {
    Task {
        task: Task,
        customer: Option<Who>,
    },
    Case {
        case: Case,
        customer: Who,
    },
    /// A customer gone quiet.
    Quiet {
        customer: Who,
    },
}

/// One reason an item ranks where it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub label: String,
    pub points: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranked {
    pub rank: usize,
    pub score: i64,
    #[serde(flatten)]
    pub item: Item,
    /// Largest first.
    pub reasons: Vec<Reason>,
}

impl Item {
    pub fn customer(&self) -> Option<&Who> {
        match self {
            Item::Task { customer, .. } => customer.as_ref(),
            Item::Case { customer, .. } | Item::Quiet { customer } => Some(customer),
        }
    }
}

impl Ranked {
    /// What to do: the task's title, the case, or "get back in touch".
    pub fn title(&self) -> String {
        match &self.item {
            Item::Task { task, .. } => task.title.clone(),
            Item::Case { case, .. } => format!("{} {}: {}", case.kind, case.id, case.title),
            Item::Quiet { .. } => "get back in touch".to_string(),
        }
    }

    pub fn customer_name(&self) -> Option<&str> {
        self.item.customer().map(|c| c.name.as_str())
    }

    /// "Why is this first?": one line per reason, with the total.
    pub fn why(&self) -> String {
        let mut out = String::new();
        for r in &self.reasons {
            out.push_str(&format!("{:>+5}  {}\n", r.points, r.label));
        }
        out.push_str(&format!("{:>5}  score\n", self.score));
        out
    }
}

/// Score and order `items` at `now` (local wall clock for due dates).
pub fn rank(
    items: Vec<Item>,
    now: DateTime<FixedOffset>,
    rates: &Rates,
    w: &Weights,
) -> Vec<Ranked> {
    let mut ranked: Vec<Ranked> = items
        .into_iter()
        .map(|item| {
            let mut reasons = reasons(&item, now, rates, w);
            reasons.sort_by_key(|r| std::cmp::Reverse(r.points));
            let score = reasons.iter().map(|r| r.points).sum();
            Ranked {
                rank: 0,
                score,
                item,
                reasons,
            }
        })
        .collect();
    ranked.sort_by(|a, b| first((a.score, &a.item), (b.score, &b.item)));
    for (i, r) in ranked.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    ranked
}

/// The queue's order: the higher score first, then [`tie`].
fn first(a: (i64, &Item), b: (i64, &Item)) -> std::cmp::Ordering {
    b.0.cmp(&a.0).then_with(|| tie(a.1).cmp(&tie(b.1)))
}

/// Equal scores: the earlier due (or older case, or longer quiet) first.
fn tie(item: &Item) -> (i64, u64) {
    match item {
        Item::Task { task, .. } => (task.due.map_or(i64::MAX, Due::sort_key), task.id.0),
        Item::Case { case, .. } => (case.opened_at.timestamp(), case.id.0),
        Item::Quiet { customer } => (
            customer.quiet_since.map_or(i64::MAX, |q| q.timestamp()),
            customer.id.0,
        ),
    }
}

fn reasons(item: &Item, now: DateTime<FixedOffset>, rates: &Rates, w: &Weights) -> Vec<Reason> {
    let mut out = Vec::new();
    points(item, now, rates, w, &mut |points, label| {
        if points != 0 {
            out.push(Reason {
                label: label(),
                points,
            });
        }
    });
    out
}

/// The score alone: the points of [`reasons`] without writing their labels.
fn score(item: &Item, now: DateTime<FixedOffset>, rates: &Rates, w: &Weights) -> i64 {
    let mut score = 0;
    points(item, now, rates, w, &mut |points, _| score += points);
    score
}

/// Each reason's points, with its label to write if wanted.
fn points(
    item: &Item,
    now: DateTime<FixedOffset>,
    rates: &Rates,
    w: &Weights,
    add: &mut dyn FnMut(i64, &dyn Fn() -> String),
) {
    let wall = now.naive_local();
    match item {
        Item::Task { task, .. } => {
            if let Some(due) = task.due {
                let (points, late) = due_points(due, wall, w);
                add(points, &|| due_label(late));
            }
            priority(task.priority, w, add);
        }
        Item::Case { case, .. } => {
            match case.kind {
                CaseKind::Complaint => add(w.complaint, &|| "a complaint".into()),
                CaseKind::Request => add(w.request, &|| "a service request".into()),
            }
            let age = case.age_days(now);
            add(w.case_per_day * age.min(w.day_cap), &|| {
                format!("open {}", days(age))
            });
            if case.first_response_at.is_none() {
                let hours = (now - case.opened_at).num_hours().max(0);
                add(w.unanswered, &|| format!("no answer yet after {hours} h"));
            }
            priority(case.priority, w, add);
        }
        Item::Quiet { .. } => {}
    }
    if let Some(who) = item.customer() {
        if let Some(since) = who.quiet_since.filter(|q| *q <= now) {
            let late = (now - since).num_days();
            add(
                w.quiet_base + w.quiet_per_day * late.min(w.day_cap),
                &|| {
                    let rule = who
                        .cadence
                        .map_or("no contact".to_string(), |d| format!("the {d}-day cadence"));
                    format!("gone quiet: {} past {rule}", days(late))
                },
            );
        }
        if who.weighted_pipeline > 0 {
            let major = who.weighted_pipeline as f64 / 100.0;
            let points = (w.deal_scale * (1.0 + major / 1000.0).log10()).round() as i64;
            add(points.min(w.deal_cap), &|| {
                format!(
                    "open deals worth {} {} weighted",
                    format_amount(who.weighted_pipeline),
                    rates.base
                )
            });
        }
    }
}

/// How a due date stands: days late, or days ahead (0: today).
#[derive(Clone, Copy)]
enum DueIn {
    Late(i64),
    Ahead(i64),
}

fn due_points(due: Due, wall: NaiveDateTime, w: &Weights) -> (i64, DueIn) {
    if due.is_overdue(wall) {
        let late = (wall.date() - due.date()).num_days().max(0);
        let late = if late == 0 { 1 } else { late }; // a timed task late today
        (
            w.overdue_base + w.overdue_per_day * late.min(w.day_cap),
            DueIn::Late(late),
        )
    } else {
        let ahead = (due.date() - wall.date()).num_days();
        if ahead == 0 {
            (w.due_today, DueIn::Ahead(0))
        } else {
            ((w.due_this_week - 2 * ahead).max(0), DueIn::Ahead(ahead))
        }
    }
}

fn due_label(due: DueIn) -> String {
    match due {
        DueIn::Late(late) => format!("overdue {}", days(late)),
        DueIn::Ahead(0) => "due today".into(),
        DueIn::Ahead(ahead) => format!("due in {}", days(ahead)),
    }
}

fn priority(p: Priority, w: &Weights, add: &mut dyn FnMut(i64, &dyn Fn() -> String)) {
    match p {
        Priority::High => add(w.high_priority, &|| "high priority".into()),
        Priority::Low => add(w.low_priority, &|| "low priority".into()),
        Priority::Normal => {}
    }
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

/// Read the candidates and rank them: open tasks due by the end of the
/// next 7 days (and overdue), open cases, quiet customers. Returns the
/// first `limit` and how many were ranked.
///
/// At 100k customers the queue holds tens of thousands of candidates, and
/// reading each one's customer record was most of `today --ranked`'s time.
/// So every candidate is first scored knowing its customer only by id, with
/// what the points need: when they went quiet (from the indexes, see
/// [`QuietSince`]) and their open deals. Only the first `limit` then have
/// their customers read and their reasons written in full. Should a full
/// reading score any of those differently (a record that disagrees with
/// its indexes: `rolo check` would say so), the queue is ranked from the
/// records instead, as [`gather_by_records`] does.
pub fn gather(
    view: &impl Reads,
    config: &Config,
    now: DateTime<FixedOffset>,
    limit: usize,
) -> Result<(Vec<Ranked>, usize)> {
    match gather_by_ids(view, config, now, limit)? {
        Some(ranked) => Ok(ranked),
        None => gather_by_records(view, config, now, limit),
    }
}

/// [`gather`]'s fast path; `None` when a full reading scored one of the
/// first `limit` differently.
fn gather_by_ids(
    view: &impl Reads,
    config: &Config,
    now: DateTime<FixedOffset>,
    limit: usize,
) -> Result<Option<(Vec<Ranked>, usize)>> {
    let rates = config.rates();
    let pipeline = weighted_by_customer(view, &rates)?;
    let quiet = QuietSince::read(view, now, config.quiet_days)?;
    let by_id = |id: CustomerId| Who {
        id,
        name: String::new(),
        company: String::new(),
        owner: String::new(),
        weighted_pipeline: pipeline.get(&id).copied().unwrap_or(0),
        quiet_since: quiet.since(id, now),
        cadence: None,
    };
    let mut items = Vec::new();
    let [overdue, _, week] = crate::review::windows(now.naive_local());
    // The week's tasks from their figures (customer, priority, due) when
    // the file keeps them; read whole for the first `limit` below.
    let window = overdue.start..week.end;
    let tasks = match view.open_task_figures(window.clone(), now)? {
        Some(tasks) => tasks,
        None => view.open_tasks(window, usize::MAX)?,
    };
    for task in tasks {
        let customer = task.customer.map(by_id);
        items.push(Item::Task { task, customer });
    }
    let (cases, _) = view.open_cases(usize::MAX)?;
    let ids: Vec<CustomerId> = cases.iter().map(|c| c.customer).collect();
    for (case, exists) in cases.into_iter().zip(view.existing_customers(&ids)?) {
        if exists {
            let customer = by_id(case.customer);
            items.push(Item::Case { case, customer });
        }
    }
    for id in quiet.gone_quiet(now) {
        items.push(Item::Quiet {
            customer: by_id(id),
        });
    }
    // Scores only (no labels written), then the first `limit` in `rank`'s order.
    let mut scored: Vec<(i64, Item)> = items
        .into_iter()
        .map(|item| (score(&item, now, &rates, &config.queue), item))
        .collect();
    let total = scored.len();
    let order = |a: &(i64, Item), b: &(i64, Item)| first((a.0, &a.1), (b.0, &b.1));
    if limit < total {
        scored.select_nth_unstable_by(limit, order);
        scored.truncate(limit);
    }
    scored.sort_by(order);
    let mut scores = Vec::with_capacity(scored.len());
    let mut top = Vec::with_capacity(scored.len());
    for (score, item) in scored {
        scores.push(score);
        top.push(read_in_full(view, item, config.quiet_days, &pipeline)?);
    }
    let ranked = rank(top, now, &rates, &config.queue);
    Ok(ranked
        .iter()
        .map(|r| r.score)
        .eq(scores)
        .then_some((ranked, total)))
}

/// The item with its customer (and a task its record) read in full.
fn read_in_full(
    view: &impl Reads,
    item: Item,
    quiet_days: u32,
    pipeline: &HashMap<CustomerId, i64>,
) -> Result<Item> {
    let who = |w: &Who| -> Result<Option<Who>> {
        Ok(view
            .customer(w.id)?
            .map(|c| who_of(&c, quiet_days, pipeline)))
    };
    Ok(match item {
        Item::Task { task, customer } => {
            let customer = match &customer {
                Some(w) => who(w)?,
                None => None,
            };
            let task = view.task(task.id)?.unwrap_or(task);
            Item::Task { task, customer }
        }
        Item::Case { case, customer } => Item::Case {
            customer: who(&customer)?.unwrap_or(customer),
            case,
        },
        Item::Quiet { customer } => Item::Quiet {
            customer: who(&customer)?.unwrap_or(customer),
        },
    })
}

/// [`gather`] from the records: every candidate's customer read in full.
/// The reference the fast path is tested against, and its fallback.
pub fn gather_by_records(
    view: &impl Reads,
    config: &Config,
    now: DateTime<FixedOffset>,
    limit: usize,
) -> Result<(Vec<Ranked>, usize)> {
    let rates = config.rates();
    let pipeline = weighted_by_customer(view, &rates)?;
    let mut people: HashMap<CustomerId, Option<Who>> = HashMap::new();
    let mut who = |id: CustomerId| -> Result<Option<Who>> {
        if let Some(w) = people.get(&id) {
            return Ok(w.clone());
        }
        let w = view
            .customer(id)?
            .map(|c| who_of(&c, config.quiet_days, &pipeline));
        people.insert(id, w.clone());
        Ok(w)
    };
    let mut items = Vec::new();
    let [overdue, _, week] = crate::review::windows(now.naive_local());
    for task in view.open_tasks(overdue.start..week.end, usize::MAX)? {
        let customer = match task.customer {
            Some(id) => who(id)?,
            None => None,
        };
        items.push(Item::Task { task, customer });
    }
    let (cases, _) = view.open_cases(usize::MAX)?;
    for case in cases {
        if let Some(customer) = who(case.customer)? {
            items.push(Item::Case { case, customer });
        }
    }
    // Who is quiet by the domain's rule on every record, not the indexes.
    view.for_each_customer(|c| {
        if crate::domain::gone_quiet(&c, config.quiet_days, now) {
            items.push(Item::Quiet {
                customer: who_of(&c, config.quiet_days, &pipeline),
            });
        }
        true
    })?;
    let mut ranked = rank(items, now, &rates, &config.queue);
    let total = ranked.len();
    ranked.truncate(limit);
    Ok((ranked, total))
}

fn who_of(c: &Customer, quiet_days: u32, pipeline: &HashMap<CustomerId, i64>) -> Who {
    Who {
        id: c.id,
        name: c.name.clone(),
        company: c.company.clone(),
        owner: c.owner.clone(),
        weighted_pipeline: pipeline.get(&c.id).copied().unwrap_or(0),
        quiet_since: c.quiet_since(quiet_days),
        cadence: c.cadence,
    }
}

/// Each customer's open deals, amount × probability, in base minor units
/// (deals in a currency without a rate count for nothing).
fn weighted_by_customer(view: &impl Reads, rates: &Rates) -> Result<HashMap<CustomerId, i64>> {
    let mut out = HashMap::new();
    // The open deals' figures (schema 4) when the file has them: no
    // histories or titles decoded.
    let deals = match view.deals_by_days(None, None, true)? {
        Some(open) => open,
        None => view.deals()?,
    };
    for deal in deals.into_iter().filter(|d| d.is_open()) {
        if let Some(value) = rates.to_base(deal.weighted(), &deal.currency) {
            *out.entry(deal.customer).or_insert(0) += value;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
