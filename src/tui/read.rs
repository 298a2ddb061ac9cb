//! The app's read model: what each screen shows, read from the store.
//!
//! Each query is a function over `&impl Reads` (one read transaction, no
//! terminal, no thread), so a test runs it against a temp store and feeds
//! the answer to `update`. [`answer`] is the only place that opens the
//! store for a [`Read`]: the store worker calls it and sends the Msgs on.

use super::msg::{
    CaseRow, DealBoard, Detail, Msg, RankedQueue, Row, RowDetail, Sales, Segment, Sort,
};
use super::route::Read;
use super::show::{Key as ShownKey, Shown};
use super::update::target::Whom;
use crate::config::Config;
use crate::domain::{Case, CustomerId, Task};
use crate::review::{self, Review, TaskRow};
use crate::search::SearchIndex;
use crate::store::{Reads, Store, StoreError};
use chrono::{DateTime, FixedOffset};
use std::collections::{HashMap, HashSet};

/// How many interactions the Timeline pane loads.
pub const TIMELINE: usize = 200;
/// Rows per section of the Today view and the Tasks pane.
pub const QUEUE: usize = 300;
/// Rows read for the first frame: more than any terminal shows.
pub const FIRST_PAGE: usize = 120;

type Result<T> = std::result::Result<T, StoreError>;

/// Answer one read: one transaction, the Msgs for the UI in the order
/// `update` wants them. A failed read is a `LoadFailed` toast (a missing
/// saved view is the user's mistake: `SegmentLoaded(Err)`).
pub fn answer(store: &Store, config: &Config, read: Read, now: DateTime<FixedOffset>) -> Vec<Msg> {
    let msgs = match read {
        Read::FirstPage => store.read(|r| {
            let (rows, total) = first_page(r)?;
            Ok(vec![Msg::FirstPage { rows, total }])
        }),
        Read::Order(sort) => store.read(|r| Ok(vec![Msg::OrderLoaded(sort, order(r, sort)?)])),
        Read::RowDetails(ids) => store.read(|r| Ok(vec![Msg::RowDetails(row_details(r, &ids)?)])),
        // The card first, then what the card shows beside it.
        Read::Detail(id) => store.read(|r| {
            let mut msgs = Vec::with_capacity(2);
            if let Some(detail) = detail(r, id)? {
                msgs.push(Msg::DetailLoaded(Box::new(detail)));
            }
            msgs.push(Msg::SalesLoaded(Box::new(sales(r, config, id, now)?)));
            Ok(msgs)
        }),
        Read::Tasks(who) => store.read(|r| {
            Ok(vec![
                Msg::TasksLoaded(tasks(r, who, now)?),
                Msg::CasesLoaded(open_cases(r, who)?),
            ])
        }),
        Read::Today => store.read(|r| {
            let (review, done_today) = today(r, config, now)?;
            Ok(vec![Msg::ReviewLoaded {
                review: Box::new(review),
                done_today,
            }])
        }),
        Read::Ranked => store.read(|r| Ok(vec![Msg::RankedLoaded(ranked(r, config, now)?)])),
        Read::Segment(name) => Ok(vec![Msg::SegmentLoaded(
            store
                .read(|r| segment(r, config, &name, now))
                .map_err(|e| e.to_string()),
        )]),
        Read::ViewNames => store.read(|r| Ok(vec![Msg::ViewNamesLoaded(view_names(r)?)])),
        Read::Deals => store.read(|r| Ok(vec![Msg::DealsLoaded(Box::new(deals(r, config, now)?))])),
        Read::Generation => store.read(|r| {
            Ok(vec![Msg::Generation {
                all: r.generation()?,
                names: r.names_generation()?,
            }])
        }),
        // Through the executor's `show` (as `rolo interaction show`): a
        // record that is gone is a message for the view, not a failure.
        Read::Shown(key) => Ok(vec![Msg::ShownLoaded(
            key,
            shown(store, config, key, now).map(Box::new),
        )]),
        Read::IdentifyDatabase => store.read(|r| r.database_id()).map(|id| {
            // A team database's URL may hold a password: never keep that.
            let path = if store.is_team() {
                crate::store::pg::redact(&store.path().to_string_lossy())
            } else {
                super::drafts::canonical(store.path()).display().to_string()
            };
            vec![Msg::DatabaseIdentified(super::form::DatabaseIdentity {
                path,
                id,
            })]
        }),
    };
    msgs.unwrap_or_else(|e: StoreError| vec![Msg::LoadFailed(e.to_string())])
}

/// One record whole for the detail view, or why it cannot be read.
pub fn shown(
    store: &Store,
    config: &Config,
    key: ShownKey,
    now: DateTime<FixedOffset>,
) -> std::result::Result<Shown, String> {
    let ctx = crate::exec::Ctx { store, now, config };
    let read = match key {
        ShownKey::Interaction(id) => {
            return crate::exec::show_interaction(&ctx, id)
                .map(Shown::from)
                .map_err(|e| e.to_string());
        }
        ShownKey::Task(id) => {
            return crate::exec::show_task(&ctx, id)
                .map(Shown::from)
                .map_err(|e| e.to_string());
        }
        ShownKey::Customer(id) => {
            store.read(|r| Ok(Shown::Customer(Box::new(r.get_customer(id)?))))
        }
        ShownKey::Case(id) => store.read(|r| {
            let case = r.get_case(id)?;
            Ok(Shown::Case {
                customer: named(r, case.customer)?,
                case: Box::new(case),
            })
        }),
        ShownKey::Deal(id) => store.read(|r| {
            let deal = r.get_deal(id)?;
            Ok(Shown::Deal {
                customer: named(r, deal.customer)?,
                deal: Box::new(deal),
            })
        }),
        ShownKey::Order(id) => store.read(|r| {
            let order = r.get_order(id)?;
            Ok(Shown::Order {
                customer: named(r, order.customer)?,
                order: Box::new(order),
            })
        }),
    };
    read.map_err(|e: StoreError| e.to_string())
}

/// A customer as a page names them.
fn named(r: &impl Reads, id: CustomerId) -> Result<Whom> {
    Ok(Whom {
        id,
        name: r.get_customer(id)?.name,
    })
}

/// The first screenful in name order and how many customers there are.
pub fn first_page(r: &impl Reads) -> Result<(Vec<Row>, u64)> {
    let rows = r
        .first_by_name(FIRST_PAGE)?
        .into_iter()
        .map(|(id, name, company, email)| Row {
            id,
            name,
            company,
            email,
        })
        .collect();
    Ok((rows, r.counts()?.customers))
}

/// Every customer's list row, in id order (the email left out: see `Row`).
pub fn names(r: &impl Reads) -> Result<Vec<Row>> {
    let mut rows = Vec::with_capacity(r.counts()?.customers as usize);
    r.for_each_search_text(|id, name, company, _| {
        rows.push(Row {
            id,
            name: name.to_string(),
            company: company.to_string(),
            email: String::new(),
        });
    })?;
    Ok(rows)
}

/// The search index over every customer's name, company and email.
pub fn search_index(r: &impl Reads) -> Result<SearchIndex> {
    let mut index = SearchIndex::with_capacity(r.counts()?.customers as usize);
    r.for_each_search_text(|id, name, company, email| index.push(id.0, name, company, email))?;
    index.shrink_to_fit();
    Ok(index)
}

/// Customer ids in a sort order that comes from the indexes.
pub fn order(r: &impl Reads, sort: Sort) -> Result<Vec<CustomerId>> {
    match sort {
        Sort::Name => Ok(Vec::new()),
        Sort::LastContact => r.touched_before(i64::MAX),
        Sort::NextDue => {
            let mut seen = HashSet::new();
            let mut ids = Vec::new();
            for task in r.open_tasks(i64::MIN..i64::MAX, usize::MAX)? {
                if let Some(c) = task.customer
                    && seen.insert(c)
                {
                    ids.push(c);
                }
            }
            Ok(ids)
        }
    }
}

/// Stage, tags and last contact of the list rows on screen.
pub fn row_details(r: &impl Reads, ids: &[CustomerId]) -> Result<Vec<(CustomerId, RowDetail)>> {
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        if let Some(c) = r.customer(id)? {
            out.push((
                id,
                RowDetail {
                    stage: c.stage,
                    tags: c.tags,
                    last_contact: c.last_contact_at,
                },
            ));
        }
    }
    Ok(out)
}

/// A customer's card, newest interactions and tasks; `None` if they are gone.
pub fn detail(r: &impl Reads, id: CustomerId) -> Result<Option<Detail>> {
    let Some(customer) = r.customer(id)? else {
        return Ok(None);
    };
    Ok(Some(Detail {
        phones: r.phone_forms(&customer.phones)?,
        customer,
        timeline: r.timeline(id, TIMELINE)?,
        tasks: r.customer_tasks(id)?,
    }))
}

/// A customer's deals, cases and orders, and their tier (what they bought
/// over the last 12 months, and how often).
pub fn sales(
    r: &impl Reads,
    config: &Config,
    id: CustomerId,
    now: DateTime<FixedOffset>,
) -> Result<Sales> {
    let deals = r.customer_deals(id)?;
    let cases = r.customer_cases(id)?;
    let orders = r.customer_orders(id)?;
    let verdict = crate::exec::tiers::tier_verdict(r, config, id, now)?;
    Ok(Sales {
        customer: id,
        tier: verdict.tier,
        spend_year: verdict.spend,
        currency: config.currency.clone(),
        deals,
        cases,
        orders,
    })
}

/// Open tasks, soonest first: one customer's, or everyone's up to a week out.
pub fn tasks(
    r: &impl Reads,
    who: Option<CustomerId>,
    now: DateTime<FixedOffset>,
) -> Result<Vec<TaskRow>> {
    let list: Vec<Task> = match who {
        Some(id) => {
            let mut open: Vec<Task> = r
                .customer_tasks(id)?
                .into_iter()
                .filter(Task::is_open)
                .collect();
            open.sort_by_key(|t| t.due.map_or(i64::MAX, |d| d.sort_key()));
            open
        }
        None => {
            let [overdue, _, week] = review::windows(now.naive_local());
            r.open_tasks(overdue.start..week.end, QUEUE)?
        }
    };
    review::task_rows(r, list)
}

/// Open service cases, oldest first: one customer's, or everyone's.
pub fn open_cases(r: &impl Reads, who: Option<CustomerId>) -> Result<Vec<CaseRow>> {
    let cases = match who {
        Some(id) => {
            let mut open: Vec<Case> = r
                .customer_cases(id)?
                .into_iter()
                .filter(Case::is_open)
                .collect();
            open.sort_by_key(|c| (c.opened_at, c.id));
            open
        }
        None => r.open_cases(QUEUE)?.0,
    };
    review::case_rows(r, cases)
}

/// The Today view: the review `rolo today` prints, and how many tasks
/// were completed today (its "N of M done").
pub fn today(r: &impl Reads, config: &Config, now: DateTime<FixedOffset>) -> Result<(Review, u64)> {
    let review = review::gather(r, now, QUEUE, config.quiet_days)?;
    let done = review::done_today(r, now)?;
    Ok((review, done))
}

/// The top of the ranked daily queue and how many items were ranked.
pub fn ranked(r: &impl Reads, config: &Config, now: DateTime<FixedOffset>) -> Result<RankedQueue> {
    let (rows, total) = crate::queue::gather(r, config, now, QUEUE)?;
    Ok(RankedQueue { rows, total })
}

/// The customers of the saved view `name`: whom `Segment::matches` (the
/// rule `rolo list --view` applies) lets in, in id order.
pub fn segment(
    r: &impl Reads,
    config: &Config,
    name: &str,
    now: DateTime<FixedOffset>,
) -> Result<Segment> {
    let filter = r.view(name)?;
    // The name as saved, for the title (the lookup ignores case).
    let name = r
        .views()?
        .into_iter()
        .map(|(saved, _)| saved)
        .find(|saved| saved.eq_ignore_ascii_case(name.trim()))
        .unwrap_or_else(|| name.trim().to_string());
    // Tiers only when the filter asks for one: they need the year's orders and deals.
    let verdicts = if filter.needs_tier() {
        crate::exec::tiers::tier_verdicts(r, config, now)?
    } else {
        HashMap::new()
    };
    let rule =
        crate::domain::Segment::of(filter, crate::store::current_user(), now, config.quiet_days);
    let mut ids = Vec::new();
    r.for_each_customer(|c| {
        let tier = crate::exec::tiers::tier_in(&verdicts, c.id);
        if rule.matches(&c, tier) {
            ids.push(c.id);
        }
        true
    })?;
    Ok(Segment { name, ids })
}

/// The saved views' names, for `segment` completion.
pub fn view_names(r: &impl Reads) -> Result<Vec<String>> {
    Ok(r.views()?.into_iter().map(|(name, _)| name).collect())
}

/// The Deals view's board: open deals by stage, in the base currency.
pub fn deals(r: &impl Reads, config: &Config, now: DateTime<FixedOffset>) -> Result<DealBoard> {
    let deals = r.deals()?;
    let mut names = HashMap::new();
    for deal in &deals {
        if !names.contains_key(&deal.customer)
            && let Some(c) = r.customer(deal.customer)?
        {
            let name = if c.name.is_empty() { c.company } else { c.name };
            names.insert(deal.customer, name);
        }
    }
    Ok(super::update::screens::board(
        &deals,
        &names,
        &config.pipeline,
        &config.rates(),
        now,
    ))
}
