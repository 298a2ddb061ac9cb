//! Full-text search over everything written: interaction summaries,
//! feedback and outcomes (`no-answer`, `voicemail` …), task titles, customer notes, deal titles and win/loss notes,
//! case subjects and resolutions, what an order was for and its invoice
//! number. `rolo grep` prints it; the app jumps
//! from a [`TextHit`] to its entry.
//!
//! - `matcher`: the query language (pure): terms, folding, CJK substring
//!   and Latin word-prefix matching, match ranges.
//! - `snippet`: one line of a hit cut to a width around the match (pure).
//! - `rows`: the records' text fields, decoded lean (borrowed, no
//!   allocation for text that does not match).
//!
//! **A scan, not an index.** [`find`] reads every record of the kinds
//! asked for in one read transaction; at 100k customers and ~1M
//! interactions a whole `rolo grep` takes a fraction of a second
//! (docs/PERFORMANCE.md, "Full-text search"), so an inverted index — a
//! few rows per word for every write, a migration and a `rolo check` pass
//! — would buy little for what it costs every `rolo log`. With a customer
//! in the scope only that customer's records are read, through the
//! per-customer indexes.

mod matcher;
mod prefilter;
mod rows;
mod snippet;

pub use matcher::{Query, Scratch, is_cjk};
pub use prefilter::Prefilter;
pub use snippet::{Snippet, snippet};

use crate::domain::{CaseId, CustomerId, DealId, InteractionId, InteractionKind, OrderId, TaskId};
use crate::store::{self, Reads, Records};
use chrono::{DateTime, FixedOffset};
use std::cmp::Reverse;
use std::collections::hash_map::Entry;
use std::collections::{BinaryHeap, HashMap};
use std::fmt;
use std::ops::Range;

/// What kind of entry a hit is in: the interaction kinds, then tasks,
/// deals, cases and orders. A customer's notes count as a note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Call,
    Email,
    Meeting,
    Visit,
    Message,
    Note,
    Task,
    Deal,
    Case,
    Order,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::Call,
        Kind::Email,
        Kind::Meeting,
        Kind::Visit,
        Kind::Message,
        Kind::Note,
        Kind::Task,
        Kind::Deal,
        Kind::Case,
        Kind::Order,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Call => "call",
            Kind::Email => "email",
            Kind::Meeting => "meeting",
            Kind::Visit => "visit",
            Kind::Message => "message",
            Kind::Note => "note",
            Kind::Task => "task",
            Kind::Deal => "deal",
            Kind::Case => "case",
            Kind::Order => "order",
        }
    }

    /// A kind's name, the interaction kind words `rolo log` takes (`phone`,
    /// `电话`, …), or `notes`, `tasks`, `deals`, `cases`, `orders`.
    pub fn parse(input: &str) -> Option<Kind> {
        let word = input.trim().to_lowercase();
        match word.as_str() {
            "task" | "tasks" | "任务" => return Some(Kind::Task),
            "deal" | "deals" | "商机" => return Some(Kind::Deal),
            "case" | "cases" | "工单" => return Some(Kind::Case),
            "order" | "orders" | "订单" => return Some(Kind::Order),
            "notes" => return Some(Kind::Note),
            _ => {}
        }
        InteractionKind::parse(&word).ok().map(Kind::of_interaction)
    }

    /// "call, email, …" for messages.
    pub fn list() -> String {
        Kind::ALL.map(Kind::as_str).join(", ")
    }

    pub fn of_interaction(kind: InteractionKind) -> Kind {
        match kind {
            InteractionKind::Call => Kind::Call,
            InteractionKind::Email => Kind::Email,
            InteractionKind::Meeting => Kind::Meeting,
            InteractionKind::Visit => Kind::Visit,
            InteractionKind::Message => Kind::Message,
            InteractionKind::Note => Kind::Note,
        }
    }

    /// The record tables an entry of this kind can be in.
    fn records(self) -> &'static [Records] {
        match self {
            Kind::Note => &[Records::Interactions, Records::Customers],
            Kind::Task => &[Records::Tasks],
            Kind::Deal => &[Records::Deals],
            Kind::Case => &[Records::Cases],
            Kind::Order => &[Records::Orders],
            _ => &[Records::Interactions],
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The record a hit is in, by id: where the app jumps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Entity {
    Interaction(InteractionId),
    Task(TaskId),
    /// The customer's own notes.
    Customer(CustomerId),
    Deal(DealId),
    Case(CaseId),
    Order(OrderId),
}

impl Entity {
    /// The record's id (the customer's for notes).
    pub fn id(self) -> u64 {
        match self {
            Entity::Interaction(id) => id.0,
            Entity::Task(id) => id.0,
            Entity::Customer(id) => id.0,
            Entity::Deal(id) => id.0,
            Entity::Case(id) => id.0,
            Entity::Order(id) => id.0,
        }
    }

    /// `interaction`, `task`, `customer`, `deal`, `case` or `order`.
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Interaction(_) => "interaction",
            Entity::Task(_) => "task",
            Entity::Customer(_) => "customer",
            Entity::Deal(_) => "deal",
            Entity::Case(_) => "case",
            Entity::Order(_) => "order",
        }
    }
}

/// Which text of its record a hit is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// An interaction's summary.
    Summary,
    /// What the customer said (an interaction).
    Feedback,
    /// How the attempt went (an interaction): `reached`, `no-answer`,
    /// `voicemail` or `callback`.
    Outcome,
    /// A task's, deal's or case's title.
    Title,
    /// A customer's notes.
    Notes,
    /// Why a deal was won or lost.
    Reason,
    /// What was done about a case.
    Resolution,
    /// What an order was for.
    Items,
    /// An order's invoice number.
    Invoice,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Summary => "summary",
            Field::Feedback => "feedback",
            Field::Outcome => "outcome",
            Field::Title => "title",
            Field::Notes => "notes",
            Field::Reason => "reason",
            Field::Resolution => "resolution",
            Field::Items => "items",
            Field::Invoice => "invoice",
        }
    }
}

/// Where to look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// Only this customer's records.
    pub customer: Option<CustomerId>,
    /// Only text written at or after this moment …
    pub since: Option<DateTime<FixedOffset>>,
    /// … and before this one.
    pub until: Option<DateTime<FixedOffset>>,
    /// Only these kinds; empty means every kind.
    pub kinds: Vec<Kind>,
    /// At most this many hits, the newest (`usize::MAX`: all).
    pub limit: usize,
}

impl Default for Scope {
    fn default() -> Self {
        Scope {
            customer: None,
            since: None,
            until: None,
            kinds: Vec::new(),
            limit: usize::MAX,
        }
    }
}

impl Scope {
    fn wants(&self, kind: Kind) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&kind)
    }

    fn reads(&self, records: Records) -> bool {
        self.kinds.is_empty() || self.kinds.iter().any(|k| k.records().contains(&records))
    }

    fn holds(&self, at: DateTime<FixedOffset>) -> bool {
        self.since.is_none_or(|since| at >= since) && self.until.is_none_or(|until| at < until)
    }
}

/// One matching entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextHit {
    /// The record the text is in: jump here.
    pub entity: Entity,
    /// Whose it is (`None`: a task of nobody's).
    pub customer: Option<CustomerId>,
    /// The customer's name as it is now (empty without a customer).
    pub customer_name: String,
    pub kind: Kind,
    /// When the text was written: the interaction's time, the task's,
    /// deal's or case's creation, a deal's closing for its reason, a
    /// case's resolution for its resolution; for a customer's notes, the
    /// last change of the customer.
    pub at: DateTime<FixedOffset>,
    /// The field shown: the one holding most of the query's terms (the
    /// entry matched as a whole: each term is in one of its fields).
    pub field: Field,
    /// That field's whole text, exactly as stored.
    pub text: String,
    /// Byte ranges of `text` that matched, sorted and apart.
    pub ranges: Vec<Range<usize>>,
}

/// The newest hits, and how many entries matched in all.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Found {
    /// Newest first, at most `Scope::limit`.
    pub hits: Vec<TextHit>,
    pub total: usize,
}

/// Search the text of every record in `scope` for `query`, in one read.
pub fn find(view: &impl Reads, query: &Query, scope: &Scope) -> store::Result<Found> {
    find_until(view, query, scope, || false)
}

/// How many records are read between two asks of `find_until`'s `stop`.
const STOP_EVERY: u32 = 1024;

/// [`find`] that gives up as soon as `stop` says so (asked every
/// [`STOP_EVERY`] records): the app's search, whose query changed while a
/// scan of a big book was under way. A stopped search is
/// `Err(StoreError::Stopped)`.
pub fn find_until(
    view: &impl Reads,
    query: &Query,
    scope: &Scope,
    mut stop: impl FnMut() -> bool,
) -> store::Result<Found> {
    let mut search = Search {
        query,
        prefilter: query.prefilter(),
        raw: Vec::new(),
        scope,
        scratch: Scratch::default(),
        kept: BinaryHeap::new(),
        total: 0,
    };
    if query.is_empty() || scope.limit == 0 {
        return Ok(Found::default());
    }
    if stop() {
        return Err(store::StoreError::Stopped);
    }
    let mut read: u32 = 0;
    for records in [
        Records::Interactions,
        Records::Tasks,
        Records::Customers,
        Records::Deals,
        Records::Cases,
    ] {
        if !scope.reads(records) {
            continue;
        }
        let mut each = |record: store::Record<'_>| {
            read += 1;
            if read.is_multiple_of(STOP_EVERY) && stop() {
                return Err(store::StoreError::Stopped);
            }
            if !search.prefilter.may_match(record.raw(), &mut search.raw) {
                return Ok(());
            }
            let entry = rows::entry(records, &record)?;
            search.consider(&entry);
            Ok(())
        };
        match scope.customer {
            Some(customer) => {
                for id in view.ids_of_customer(records, customer)? {
                    view.with_record(records, id, &mut each)?;
                }
            }
            None => view.for_each_record(records, each)?,
        }
    }
    let total = search.total;
    let mut hits: Vec<TextHit> = search.kept.into_iter().map(|Reverse(k)| k.hit).collect();
    hits.sort_by_key(newest_first);
    let mut names: HashMap<CustomerId, String> = HashMap::new();
    for hit in &mut hits {
        let Some(id) = hit.customer else { continue };
        hit.customer_name = match names.entry(id) {
            Entry::Occupied(known) => known.get().clone(),
            Entry::Vacant(slot) => slot
                .insert(view.customer_name(id)?.unwrap_or_default())
                .clone(),
        };
    }
    Ok(Found { hits, total })
}

/// The order hits are listed in: newest first, then by record.
fn newest_first(hit: &TextHit) -> Reverse<(DateTime<FixedOffset>, Entity)> {
    Reverse((hit.at, hit.entity))
}

/// The state of one [`find`].
struct Search<'q> {
    query: &'q Query,
    prefilter: Prefilter,
    /// The prefilter's copy of each record.
    raw: Vec<u8>,
    scope: &'q Scope,
    scratch: Scratch,
    /// The newest `limit` hits so far; the oldest on top.
    kept: BinaryHeap<Reverse<Keyed>>,
    total: usize,
}

/// A hit ordered by time, then record.
struct Keyed {
    hit: TextHit,
}

impl Keyed {
    fn key(&self) -> (DateTime<FixedOffset>, Entity) {
        (self.hit.at, self.hit.entity)
    }
}

impl PartialEq for Keyed {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}
impl Eq for Keyed {}
impl PartialOrd for Keyed {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Keyed {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl Search<'_> {
    fn consider(&mut self, entry: &rows::Entry<'_>) {
        if !self.scope.wants(entry.kind) {
            return;
        }
        let texts = entry.texts();
        let mut fields = [""; 3];
        for (field, text) in fields.iter_mut().zip(texts) {
            *field = text.text;
        }
        if !self
            .query
            .matches(&fields[..texts.len()], &mut self.scratch)
        {
            return;
        }
        // Only the texts written in the period count; a stamp that does
        // not parse (never written by rolo) leaves its text out.
        let dated: Vec<(&rows::Text<'_>, DateTime<FixedOffset>)> = texts
            .iter()
            .filter_map(|t| Some((t, t.at.parse::<DateTime<FixedOffset>>().ok()?)))
            .filter(|(_, at)| self.scope.holds(*at))
            .collect();
        if dated.len() < texts.len() {
            let fields: Vec<&str> = dated.iter().map(|(t, _)| t.text).collect();
            if !self.query.matches(&fields, &mut self.scratch) {
                return;
            }
        }
        // The first field holding the most terms.
        let Some((best, at)) = dated
            .iter()
            .rev()
            .max_by_key(|(t, _)| self.query.count_in(t.text))
        else {
            return;
        };
        self.total += 1;
        let at = *at;
        if self.kept.len() >= self.scope.limit
            && self
                .kept
                .peek()
                .is_some_and(|Reverse(oldest)| oldest.key() >= (at, entry.entity))
        {
            return;
        }
        self.kept.push(Reverse(Keyed {
            hit: TextHit {
                entity: entry.entity,
                customer: entry.customer,
                customer_name: String::new(),
                kind: entry.kind,
                at,
                field: best.field,
                text: best.text.to_string(),
                ranges: self.query.ranges(best.text),
            },
        }));
        if self.kept.len() > self.scope.limit {
            self.kept.pop();
        }
    }
}

#[cfg(test)]
mod tests;
