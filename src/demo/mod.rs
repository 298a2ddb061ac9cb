//! Realistic sample data for `rolo demo`, the tests and the benchmarks.
//!
//! [`generate`] yields customers one at a time, each with its timeline of
//! interactions and its tasks. It is pure and deterministic: the same
//! `(count, seed, now)` always gives the same data, the clock is never read
//! (every time is relative to `now`, in `now`'s offset), and it is
//! prefix-stable: the first `n` customers of `generate(m, seed, now)` are
//! `generate(n, seed, now)` for any `m >= n`.
//!
//! The shape, per customer on average: ~10 interactions over the year before
//! `now` (leads few, loyal customers many), ~3 tasks (the `next` actions of
//! interactions plus standalone ones), mostly done. Open tasks are spread so
//! that `rolo today` looks like a salesperson's real morning at any size:
//! per 200 customers about 7 overdue (1–14 days), 4 due today, 16 in the
//! next 7 days, ~55 later or undated. Some customers with a cadence have
//! gone quiet. Half the customers are Chinese, half English-speaking, and a
//! few common names (王伟, John Smith) recur at different companies.
//!
//! The sales side (see `sales`): four reps and the person running the demo
//! ([`Generator::owned_by`], ~25% of customers) own the book; ~40% of
//! customers came from one of seven campaigns ([`campaigns`]); ~0.4 deals
//! per customer (about 30% won, 20% lost, the rest open), wins clustering
//! in the last weeks so that per 200 customers some 5–15 close in the
//! current month; every customer past lead has dated stage changes, a won
//! deal's customer having become one at or before the win, which leaves a
//! "contract signed" note in the timeline; ~8% of customers have service
//! cases, a few still open; and some high-value customers have gone quiet.

mod people;
mod phrases;
mod sales;
#[cfg(test)]
mod tests;

use self::phrases::Phase;
use crate::domain::{
    Campaign, Case, CustomerDraft, Deal, DealStatus, Due, InteractionKind, Order, Outcome,
    Pipeline, Priority, Recurrence, Stage, StageChange, TaskStatus,
};
use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Weekday,
};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::{BTreeMap, HashSet};
use std::iter::FusedIterator;

type R = ChaCha8Rng;

/// A customer with their history, in the order the store should write it.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoCustomer {
    /// Valid as is (`draft.validate()` returns it unchanged).
    pub draft: CustomerDraft,
    pub created_at: DateTime<FixedOffset>,
    /// Oldest first; all after `created_at` and before `now`.
    pub interactions: Vec<DemoInteraction>,
    /// Tasks not created by an interaction, oldest `created_at` first.
    pub tasks: Vec<DemoTask>,
    /// Lifecycle stage changes, oldest first, ending at `draft.stage`.
    pub stage_changes: Vec<StageChange>,
    /// Oldest first; `id` and `customer` are 0 until stored.
    pub deals: Vec<Deal>,
    /// Oldest first; `id` and `customer` are 0 until stored.
    pub cases: Vec<Case>,
    /// Oldest first.
    pub orders: Vec<DemoOrder>,
}

/// An order of a demo customer; `id`, `customer` and `deal` are set when stored.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoOrder {
    pub order: Order,
    /// The won deal it fulfils, as an index into the customer's `deals`.
    pub from_deal: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoInteraction {
    pub kind: InteractionKind,
    pub at: DateTime<FixedOffset>,
    /// Empty only for some calls with a no-answer/voicemail outcome.
    pub summary: String,
    /// What the customer said; often empty.
    pub feedback: String,
    /// Set for calls only.
    pub outcome: Option<Outcome>,
    pub author: String,
    /// The next action this interaction created, if any: becomes a task
    /// linked to it (`Interaction::task` / `Task::origin`). Its
    /// `created_at` is this interaction's `at`.
    pub next: Option<DemoTask>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoTask {
    pub title: String,
    pub due: Option<Due>,
    pub priority: Priority,
    pub status: TaskStatus,
    /// Set when `status` is `Done` (never for open or cancelled tasks).
    pub done_at: Option<DateTime<FixedOffset>>,
    /// Only on open tasks.
    pub recurrence: Option<Recurrence>,
    pub created_at: DateTime<FixedOffset>,
}

/// `count` demo customers for `seed`, relative to `now`, generated lazily.
pub fn generate(count: usize, seed: u64, now: DateTime<FixedOffset>) -> Generator {
    Generator::new(count, seed, now)
}

/// The campaigns demo customers come from, dated relative to `now`.
pub fn campaigns(now: DateTime<FixedOffset>) -> Vec<Campaign> {
    sales::campaigns(now.date_naive())
}

/// Who owns the demo's "own" customers when no user is given.
pub const DEFAULT_ME: &str = "you";

/// The iterator [`generate`] returns. Holds only the random state and a
/// set of the emails and phones handed out so far (kept unique).
pub struct Generator {
    rng: R,
    now: NaiveDateTime,
    /// The latest moment a past event may have: `now`, or the end of the
    /// previous working day when `now` is before the working day starts.
    latest: NaiveDateTime,
    offset: FixedOffset,
    index: usize,
    count: usize,
    phases: [f64; BUCKETS.len()],
    seen: Seen,
    seed: u64,
    /// Owner of about a quarter of the customers: the person running the demo.
    me: String,
    pipeline: Pipeline,
    /// Phase of the stratified open-complaint slots.
    complaint_phase: f64,
}

// ---- small helpers --------------------------------------------------------

fn chance(rng: &mut R, p: f64) -> bool {
    rng.random_bool(p)
}

/// Uniform in `lo..=hi`; `lo` when the range is empty.
fn between(rng: &mut R, lo: i64, hi: i64) -> i64 {
    if hi <= lo {
        lo
    } else {
        rng.random_range(lo..=hi)
    }
}

/// One item of a non-empty static table.
fn pick<'a, T>(rng: &mut R, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn pick_by<'a, T>(rng: &mut R, items: &'a [T], weight: impl Fn(&T) -> u32) -> &'a T {
    let total: u32 = items.iter().map(&weight).sum();
    let mut x = rng.random_range(0..total.max(1));
    for item in items {
        let w = weight(item);
        if x < w {
            return item;
        }
        x -= w;
    }
    &items[items.len() - 1]
}

fn pick_w<'a, T>(rng: &mut R, items: &'a [(T, u32)]) -> &'a T {
    &pick_by(rng, items, |(_, w)| *w).0
}

/// A stable 64-bit mix of a few numbers (splitmix64 steps).
fn mix(parts: &[u64]) -> u64 {
    let mut h = 0x9e37_79b9_7f4a_7c15u64;
    for &p in parts {
        h ^= p;
        h = h.wrapping_add(0x9e37_79b9_7f4a_7c15);
        h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        h ^= h >> 31;
    }
    h
}

/// Emails and phone digits already handed out, as 64-bit hashes.
struct Seen(HashSet<u64>);

impl Seen {
    fn insert(&mut self, tag: u8, key: &str) -> bool {
        // FNV-1a
        let mut h = 0xcbf2_9ce4_8422_2325u64 ^ u64::from(tag);
        for b in key.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0.insert(h)
    }
}

fn days(n: i64) -> TimeDelta {
    TimeDelta::days(n)
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::MIN + TimeDelta::minutes(i64::from(h * 60 + m))
}

/// A time in the working day, busiest mid-morning and mid-afternoon.
fn work_time(rng: &mut R) -> NaiveTime {
    const HOURS: &[(u32, u32)] = &[
        (9, 8),
        (10, 14),
        (11, 14),
        (12, 5),
        (13, 8),
        (14, 14),
        (15, 14),
        (16, 12),
        (17, 8),
        (18, 3),
    ];
    let h = *pick_w(rng, HOURS);
    let m = if chance(rng, 0.5) {
        rng.random_range(0..12u32) * 5
    } else {
        rng.random_range(0..60u32)
    };
    hm(h, m)
}

/// A working-hours moment on `date`, kept within `lo..=hi` (outside working
/// hours only when the bounds leave no choice).
fn moment(rng: &mut R, date: NaiveDate, lo: NaiveDateTime, hi: NaiveDateTime) -> NaiveDateTime {
    let hi = hi.max(lo);
    let m = date.and_time(work_time(rng));
    if lo <= m && m <= hi {
        return m;
    }
    let uniform = |rng: &mut R, a: NaiveDateTime, b: NaiveDateTime| {
        a + TimeDelta::minutes(between(rng, 0, (b - a).num_minutes()))
    };
    for (from, to) in [(hm(9, 0), hm(18, 59)), (NaiveTime::MIN, hm(23, 59))] {
        let a = lo.max(date.and_time(from));
        let b = hi.min(date.and_time(to));
        if a <= b {
            return uniform(rng, a, b);
        }
    }
    // `date` is outside the bounds: the nearest bound, give or take an hour.
    let slack = TimeDelta::minutes(60).min(hi - lo);
    if date < lo.date() {
        uniform(rng, lo, lo + slack)
    } else {
        uniform(rng, hi - slack, hi)
    }
}

/// Most people do not work at weekends: move a Saturday to the Friday
/// before and a Sunday to the Monday after (or the other way round when
/// that leaves `lo..=hi`).
fn weekday(rng: &mut R, date: NaiveDate, lo: NaiveDate, hi: NaiveDate) -> NaiveDate {
    let (nearest, other) = match date.weekday() {
        Weekday::Sat => (date - days(1), date + days(2)),
        Weekday::Sun => (date + days(1), date - days(2)),
        _ => return date,
    };
    if chance(rng, 0.08) {
        date
    } else if (lo..=hi).contains(&nearest) {
        nearest
    } else if (lo..=hi).contains(&other) {
        other
    } else {
        date
    }
}

// ---- tables ---------------------------------------------------------------

const STAGES: &[(Stage, u32)] = &[
    (Stage::Lead, 35),
    (Stage::Prospect, 28),
    (Stage::Customer, 20),
    (Stage::Loyal, 9),
    (Stage::Churned, 8),
];

const CADENCES: &[(u32, u32)] = &[(7, 10), (14, 25), (30, 35), (60, 15), (90, 15)];

const KINDS: [&[(InteractionKind, u32)]; 2] = [
    &[
        (InteractionKind::Call, 28),
        (InteractionKind::Email, 30),
        (InteractionKind::Meeting, 12),
        (InteractionKind::Visit, 5),
        (InteractionKind::Message, 10),
        (InteractionKind::Note, 15),
    ],
    &[
        (InteractionKind::Call, 30),
        (InteractionKind::Email, 12),
        (InteractionKind::Meeting, 10),
        (InteractionKind::Visit, 12),
        (InteractionKind::Message, 24),
        (InteractionKind::Note, 12),
    ],
];

const OUTCOMES: [&[(Outcome, u32)]; 2] = [
    &[
        (Outcome::Reached, 70),
        (Outcome::NoAnswer, 14),
        (Outcome::Voicemail, 9),
        (Outcome::Callback, 7),
    ],
    &[
        (Outcome::Reached, 74),
        (Outcome::NoAnswer, 17),
        (Outcome::Voicemail, 2),
        (Outcome::Callback, 7),
    ],
];

const PRIORITIES: &[(Priority, u32)] = &[
    (Priority::Normal, 75),
    (Priority::High, 15),
    (Priority::Low, 10),
];
const PRIORITIES_URGENT: &[(Priority, u32)] = &[
    (Priority::Normal, 65),
    (Priority::High, 28),
    (Priority::Low, 7),
];

/// Times people put on tasks.
const TASK_TIMES: &[(u32, u32)] = &[
    (9, 30),
    (10, 0),
    (10, 30),
    (11, 0),
    (14, 0),
    (14, 30),
    (15, 0),
    (15, 30),
    (16, 0),
    (17, 0),
];

/// How many days ago an overdue task was due: mostly recently.
const OVERDUE_DAYS: &[(i64, u32)] = &[
    (1, 20),
    (2, 16),
    (3, 13),
    (4, 10),
    (5, 8),
    (6, 6),
    (7, 6),
    (8, 4),
    (9, 3),
    (10, 3),
    (11, 2),
    (12, 2),
    (13, 2),
    (14, 2),
];

/// Where an open task falls relative to today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bucket {
    Overdue,
    Today,
    Week,
    Later,
    Undated,
}

/// Open tasks per customer, by bucket. Allocated by a stratified sequence
/// (not coin flips), so even 200 customers get exactly the proportions.
const BUCKETS: [(Bucket, f64); 5] = [
    (Bucket::Overdue, 0.035),
    (Bucket::Today, 0.02),
    (Bucket::Week, 0.08),
    (Bucket::Later, 0.25),
    (Bucket::Undated, 0.04),
];

/// Open complaints handed out by a stratified sequence, so that even a small
/// demo has a few (leads skip theirs).
const OPEN_COMPLAINTS: f64 = 0.0125;

/// Salts for the random streams derived from the seed.
const SALT_SALES: u64 = 0x5a1e_5000;
const SALT_COMPLAINT: u64 = 0xc0_4a1a;

/// Customers given a common name on purpose, so that every demo database
/// (from 42 customers on) has two 王伟 and two John Smiths: (index, Chinese).
const COMMON_NAMES: &[(usize, bool)] = &[(3, true), (8, false), (17, true), (41, false)];

// ---- the generator ---------------------------------------------------------

impl Generator {
    fn new(count: usize, seed: u64, now: DateTime<FixedOffset>) -> Generator {
        let mut rng = R::seed_from_u64(seed);
        let phases = std::array::from_fn(|_| rng.random_range(0.0..1.0));
        let local = now.naive_local();
        let latest = if local.time() >= hm(9, 30) {
            local
        } else {
            (local.date() - days(1)).and_time(hm(18, 0))
        };
        Generator {
            rng,
            now: local,
            latest,
            offset: *now.offset(),
            index: 0,
            count,
            phases,
            seen: Seen(HashSet::new()),
            seed,
            me: DEFAULT_ME.to_string(),
            pipeline: Pipeline::default(),
            complaint_phase: (mix(&[seed, SALT_COMPLAINT]) >> 11) as f64 / (1u64 << 53) as f64,
        }
    }

    /// The user whose customers `--mine` shows: owns about a quarter of them.
    pub fn owned_by(mut self, me: &str) -> Generator {
        if !me.trim().is_empty() {
            self.me = me.trim().to_string();
        }
        self
    }

    /// Deals move through this pipeline's stages (default: the built-in one).
    pub fn with_pipeline(mut self, pipeline: &Pipeline) -> Generator {
        if !pipeline.stages.is_empty() {
            self.pipeline = pipeline.clone();
        }
        self
    }

    /// Whether customer `index` holds one of the open-complaint slots
    /// (about 1 in 80 customers, spread evenly like the task buckets).
    fn has_open_complaint(&self, index: usize) -> bool {
        let before = (index as f64 * OPEN_COMPLAINTS + self.complaint_phase).floor();
        let after = ((index + 1) as f64 * OPEN_COMPLAINTS + self.complaint_phase).floor();
        after > before
    }

    /// Whether customer `index` gets an open task in bucket `b`.
    fn has_open(&self, index: usize, b: usize) -> bool {
        let (_, rate) = BUCKETS[b];
        let phase = self.phases[b];
        let before = (index as f64 * rate + phase).floor();
        let after = ((index + 1) as f64 * rate + phase).floor();
        after > before
    }

    fn customer(&mut self) -> DemoCustomer {
        let index = self.index;
        let now = self.now;
        let latest = self.latest;
        let offset = self.offset;
        let today = now.date();
        let common = COMMON_NAMES.iter().find(|(at, _)| *at == index);
        // The sales side draws from its own per-customer stream, so adding
        // it moved little of the rest of the data (and it stays
        // prefix-stable).
        let mut srng = R::seed_from_u64(mix(&[self.seed, SALT_SALES, index as u64]));
        let open_complaint = self.has_open_complaint(index);
        let rng = &mut self.rng;
        let zh = match common {
            Some(&(_, zh)) => zh,
            None => chance(rng, 0.5),
        };
        let person = if zh {
            people::chinese(rng, &mut self.seen, common.is_some())
        } else {
            people::english(rng, &mut self.seen, common.is_some())
        };
        let l = usize::from(zh);

        let stage = *pick_w(rng, STAGES);
        let rep = pick_by(rng, phrases::OWNERS, |o| if zh { o.1 } else { o.2 }).0;
        let owner: &str = if chance(&mut srng, 0.25) {
            &self.me
        } else {
            rep
        };
        let cadence_p = match stage {
            Stage::Lead => 0.5,
            Stage::Prospect => 0.6,
            Stage::Customer => 0.75,
            Stage::Loyal => 0.85,
            Stage::Churned => 0.15,
        };
        let cadence = chance(rng, cadence_p).then(|| *pick_w(rng, CADENCES));
        // Some of the best customers have gone quiet: what a manager looks for.
        let quiet_vip = matches!(stage, Stage::Customer | Stage::Loyal)
            && cadence.is_some()
            && chance(&mut srng, 0.12);
        let mut source = *pick_w(rng, phrases::SOURCES[l]);
        let tags = tags(rng, zh, stage);

        // When they came in, and the window their history falls in.
        let (age_lo, age_hi) = match stage {
            Stage::Lead => (1, 150),
            Stage::Prospect => (20, 400),
            Stage::Customer => (60, 800),
            Stage::Loyal => (200, 1400),
            Stage::Churned => (150, 1000),
        };
        let age = between(rng, age_lo, age_hi);
        let created_day = weekday(rng, today - days(age), NaiveDate::MIN, today - days(1));
        let created = moment(rng, created_day, NaiveDateTime::MIN, latest);
        let campaign = sales::campaign(&mut srng, zh, stage, created.date(), today);
        if let Some(c) = campaign {
            source = c.source;
        }
        let start = created.max(now - days(365));
        let window = (latest.date() - start.date()).num_days().max(0);

        // How many interactions, and how long ago the last one was.
        let (n_lo, n_hi) = match stage {
            Stage::Lead => (0, 8),
            Stage::Prospect => (4, 14),
            Stage::Customer => (8, 22),
            Stage::Loyal => (14, 34),
            Stage::Churned => (5, 15),
        };
        let n = between(rng, n_lo, n_hi).min(1 + window / 2) as usize;
        let last_ago = match (stage, cadence) {
            (Stage::Churned, _) => between(rng, 60, 300),
            (_, Some(c)) if chance(rng, 0.05) || quiet_vip => {
                i64::from(c) + 3 + between(rng, 0, i64::from(c))
            }
            // Moving off a weekend shifts the day by one at most: still in touch.
            (_, Some(c)) => between(rng, 0, i64::from(c) - 2),
            (_, None) if chance(rng, 0.1) => between(rng, 46, 200),
            (_, None) => between(rng, 0, 45),
        };
        // Leave room for the history before the last contact.
        let room = (n as i64 * 4).min(window);
        let last_day = latest.date() - days(last_ago.min(window - room));
        let last_day = weekday(rng, last_day, start.date(), latest.date());

        let mut moments: Vec<NaiveDateTime> = Vec::with_capacity(n);
        if n > 0 {
            moments.push(moment(rng, last_day, start, latest));
            let span = (last_day - start.date()).num_days();
            for _ in 1..n {
                let day = start.date() + days(between(rng, 0, span));
                let day = weekday(rng, day, start.date(), last_day);
                moments.push(moment(rng, day, start, latest));
            }
            moments.sort_unstable();
        }

        let mut interactions: Vec<DemoInteraction> = Vec::with_capacity(n);
        let mut phases: Vec<Phase> = Vec::with_capacity(n);
        for (j, &when) in moments.iter().enumerate() {
            let phase = phase(stage, j, n, (when - created).num_days());
            let kind = *pick_w(rng, KINDS[l]);
            let outcome = (kind == InteractionKind::Call).then(|| *pick_w(rng, OUTCOMES[l]));
            let summary = phrases::summary(rng, zh, kind, outcome, phase);
            let feedback = phrases::feedback(rng, zh, kind, outcome, phase);
            let author = if chance(rng, 0.85) {
                owner
            } else {
                pick(rng, phrases::OWNERS).0
            };
            phases.push(phase);
            interactions.push(DemoInteraction {
                kind,
                at: self_at(offset, when),
                summary,
                feedback,
                outcome,
                author: author.to_string(),
                next: None,
            });
        }

        // Open tasks: the stratified buckets; the first may be the
        // follow-up of the latest interaction.
        let mut tasks: Vec<(NaiveDateTime, DemoTask)> = Vec::new();
        let mut attached = false;
        for (b, &(bucket, _)) in BUCKETS.iter().enumerate() {
            if !self.has_open(index, b) {
                continue;
            }
            let rng = &mut self.rng;
            let (days_away, timed) = match bucket {
                Bucket::Overdue => (-*pick_w(rng, OVERDUE_DAYS), 0.25),
                Bucket::Today => (0, 0.55),
                Bucket::Week => (between(rng, 1, 7), 0.3),
                Bucket::Later => (between(rng, 8, 75), 0.1),
                Bucket::Undated => (0, 0.0),
            };
            // Due on a working day, staying in the bucket.
            let (lo, hi) = match bucket {
                Bucket::Overdue => (-14, -1),
                Bucket::Week => (1, 7),
                Bucket::Later => (8, 75),
                Bucket::Today | Bucket::Undated => (0, 0),
            };
            let day = weekday(
                rng,
                today + days(days_away),
                today + days(lo),
                today + days(hi),
            );
            let due = (bucket != Bucket::Undated).then(|| due_on(rng, day, timed));
            let priority = if matches!(bucket, Bucket::Overdue | Bucket::Today) {
                *pick_w(rng, PRIORITIES_URGENT)
            } else {
                *pick_w(rng, PRIORITIES)
            };
            let recurring = matches!(bucket, Bucket::Today | Bucket::Week | Bucket::Later)
                && stage != Stage::Churned
                && chance(rng, 0.15);

            // A follow-up of the latest interaction, due after it and soon
            // enough to have been planned then ("call back" within days).
            let latest_one = moments.last().copied().zip(interactions.last_mut());
            if let Some((at, last)) = latest_one
                && !recurring
                && !attached
                && due.is_none_or(|d| {
                    let retry = last
                        .outcome
                        .is_some_and(|o| o.wants_retry() || o == Outcome::Callback);
                    let gap = (d.date() - at.date()).num_days();
                    (0..=if retry { 3 } else { 30 }).contains(&gap)
                        && d.time().is_none_or(|t| d.date().and_time(t) > at)
                })
                && chance(rng, 0.7)
            {
                let phase = phases.last().copied().unwrap_or(Phase::Early);
                last.next = Some(DemoTask {
                    title: phrases::next_title(rng, zh, last.outcome, phase),
                    due,
                    priority,
                    status: TaskStatus::Open,
                    done_at: None,
                    recurrence: None,
                    created_at: last.at,
                });
                attached = true;
                continue;
            }

            let (mut title, mut recurrence) = (String::new(), None);
            for _ in 0..4 {
                (title, recurrence) = if recurring {
                    let (title, rule) = phrases::recurring(rng, zh);
                    (title, Some(rule))
                } else {
                    (phrases::task_title(rng, zh, stage == Stage::Churned), None)
                };
                // Two open tasks of one customer rarely share a title.
                if !tasks.iter().any(|(_, t)| t.title == title) {
                    break;
                }
            }
            let before = match due {
                Some(d) => (d.date() - days(1)).and_time(hm(18, 0)).min(latest),
                None => latest,
            };
            let made_day = before.date() - days(between(rng, 0, 20));
            let made = moment(rng, made_day, created, before);
            tasks.push((
                made,
                DemoTask {
                    title,
                    due,
                    priority,
                    status: TaskStatus::Open,
                    done_at: None,
                    recurrence,
                    created_at: self_at(offset, made),
                },
            ));
        }

        // Past follow-ups of interactions: done (or cancelled) long ago.
        let rng = &mut self.rng;
        for ((i, &when), &phase) in interactions.iter_mut().zip(&moments).zip(&phases) {
            if i.next.is_none() {
                i.next = past_next(rng, zh, when, i.outcome, phase, latest, offset);
            }
        }

        // Standalone tasks done in the past.
        let k = match stage {
            Stage::Lead => between(rng, 0, 1),
            Stage::Prospect | Stage::Customer | Stage::Churned => between(rng, 0, 2),
            Stage::Loyal => between(rng, 0, 3),
        };
        if window >= 4 {
            for _ in 0..k {
                let due_day = start.date() + days(between(rng, 2, window - 1));
                let due = due_on(rng, due_day, 0.15);
                let made_day = (due_day - days(between(rng, 1, 14))).max(start.date());
                let made = moment(rng, made_day, start, latest);
                let done_day = (due_day + days(between(rng, -3, 3))).max(made.date());
                let done = moment(rng, done_day, made + TimeDelta::minutes(30), latest);
                let cancelled = chance(rng, 0.1);
                tasks.push((
                    made,
                    DemoTask {
                        title: phrases::task_title(rng, zh, false),
                        due: Some(due),
                        priority: *pick_w(rng, PRIORITIES),
                        status: if cancelled {
                            TaskStatus::Cancelled
                        } else {
                            TaskStatus::Done
                        },
                        done_at: (!cancelled).then(|| self_at(offset, done)),
                        recurrence: None,
                        created_at: self_at(offset, made),
                    },
                ));
            }
        }
        tasks.sort_by_key(|(made, _)| *made);

        let sales = sales::sales(
            &mut srng,
            &sales::Ctx {
                zh,
                stage,
                owner,
                created,
                // Strictly before `now`, like everything past.
                latest: latest - TimeDelta::minutes(1),
                last_contact: moments.last().copied(),
                quiet_vip,
                from_campaign: campaign.is_some(),
                open_complaint: open_complaint && stage != Stage::Lead,
                pipeline: &self.pipeline,
                offset,
            },
        );
        // A won deal leaves a note in the timeline at its close.
        for deal in sales.deals.iter().filter(|d| d.status == DealStatus::Won) {
            if let Some(at) = deal.closed_at {
                interactions.push(DemoInteraction {
                    kind: InteractionKind::Note,
                    at,
                    summary: sales::won_note(zh, &deal.title),
                    feedback: String::new(),
                    outcome: None,
                    author: owner.to_string(),
                    next: None,
                });
            }
        }
        interactions.sort_by_key(|i| i.at);

        let mut custom = BTreeMap::new();
        if let Some((key, value)) = person.custom {
            custom.insert(key.to_string(), value);
        }
        let draft = CustomerDraft {
            name: person.name,
            company: person.company,
            title: person.title.to_string(),
            emails: person.emails,
            phones: person.phones,
            industry: person.industry.to_string(),
            tags,
            stage,
            source: source.to_string(),
            owner: owner.to_string(),
            address: person.address,
            cadence,
            timezone: person.timezone.map(str::to_string),
            custom,
            notes: person.notes.to_string(),
            campaign: campaign.map(|c| c.name.to_string()).unwrap_or_default(),
        };
        DemoCustomer {
            draft,
            created_at: self_at(offset, created),
            interactions,
            tasks: tasks.into_iter().map(|(_, t)| t).collect(),
            stage_changes: sales.stage_changes,
            deals: sales.deals,
            cases: sales.cases,
            orders: sales.orders,
        }
    }
}

fn self_at(offset: FixedOffset, local: NaiveDateTime) -> DateTime<FixedOffset> {
    let utc = local - TimeDelta::seconds(i64::from(offset.local_minus_utc()));
    DateTime::from_naive_utc_and_offset(utc, offset)
}

/// Where in the relationship the `j`th of `n` interactions happened,
/// `age` days after the customer was created: a customer was sold to in
/// their first two months.
fn phase(stage: Stage, j: usize, n: usize, age: i64) -> Phase {
    match stage {
        Stage::Lead | Stage::Prospect => Phase::Early,
        Stage::Churned if j + 1 == n || (n >= 4 && j + 2 == n) => Phase::Churn,
        _ if age < 60 => Phase::Early,
        _ => Phase::Late,
    }
}

/// A due date on `day`, with a time of day with probability `timed`.
fn due_on(rng: &mut R, day: NaiveDate, timed: f64) -> Due {
    if chance(rng, timed) {
        let &(h, m) = pick(rng, TASK_TIMES);
        Due::At(day.and_time(hm(h, m)))
    } else {
        Due::Date(day)
    }
}

/// The follow-up an old interaction created, if any, already finished.
fn past_next(
    rng: &mut R,
    zh: bool,
    when: NaiveDateTime,
    outcome: Option<Outcome>,
    phase: Phase,
    latest: NaiveDateTime,
    offset: FixedOffset,
) -> Option<DemoTask> {
    let retry = outcome.is_some_and(|o| o.wants_retry() || o == Outcome::Callback);
    let p = match (retry, phase) {
        (true, _) => 0.4,
        (false, Phase::Churn) => 0.1,
        (false, _) => 0.16,
    };
    if !chance(rng, p) {
        return None;
    }
    let gap = if retry {
        between(rng, 1, 2)
    } else {
        between(rng, 1, 10)
    };
    let due_day = when.date() + days(gap);
    // Anything due from today on would be open: those come from the buckets.
    if due_day >= latest.date() {
        return None;
    }
    let due = due_on(rng, due_day, if retry { 0.4 } else { 0.15 });
    let cancelled = chance(rng, 0.07);
    let done = (!cancelled).then(|| {
        let day = when.date() + days(between(rng, 0, gap + 2));
        moment(rng, day, when + TimeDelta::minutes(30), latest)
    });
    Some(DemoTask {
        title: phrases::next_title(rng, zh, outcome, phase),
        due: Some(due),
        priority: *pick_w(rng, PRIORITIES),
        status: if cancelled {
            TaskStatus::Cancelled
        } else {
            TaskStatus::Done
        },
        done_at: done.map(|d| self_at(offset, d)),
        recurrence: None,
        created_at: self_at(offset, when),
    })
}

/// 0–3 tags, loyal customers often VIPs.
fn tags(rng: &mut R, zh: bool, stage: Stage) -> Vec<String> {
    const COUNTS: &[(usize, u32)] = &[(0, 35), (1, 35), (2, 20), (3, 10)];
    let table = phrases::TAGS[usize::from(zh)];
    let want = *pick_w(rng, COUNTS);
    let mut out: Vec<String> = Vec::with_capacity(want + 1);
    if stage == Stage::Loyal && chance(rng, 0.4) {
        out.push("vip".to_string());
    }
    for _ in 0..12 {
        if out.len() >= want {
            break;
        }
        let tag = *pick(rng, table);
        if !out.iter().any(|t| t == tag) {
            out.push(tag.to_string());
        }
    }
    out
}

impl Iterator for Generator {
    type Item = DemoCustomer;

    fn next(&mut self) -> Option<DemoCustomer> {
        if self.index >= self.count {
            return None;
        }
        let customer = self.customer();
        self.index += 1;
        Some(customer)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.count - self.index;
        (left, Some(left))
    }
}

impl ExactSizeIterator for Generator {}
impl FusedIterator for Generator {}
