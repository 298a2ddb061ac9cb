//! Loading sample data into an empty database, for `rolo demo` and the
//! TUI's welcome screen.

use crate::demo::{self, DemoCustomer, DemoTask};
use crate::domain::*;
use crate::fault::{Blame, Blamed};
use crate::store::{self, Reads, Store, StoreError, Writer};
use chrono::{DateTime, FixedOffset};
use serde::Serialize;

/// Customers per write transaction: big enough to amortise the commit,
/// small enough that a concurrent `rolo log` waits well under a second.
const BATCH: usize = 2_000;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DemoCounts {
    pub customers: u64,
    pub interactions: u64,
    pub tasks: u64,
    pub deals: u64,
    pub cases: u64,
    pub orders: u64,
    pub campaigns: u64,
}

impl DemoCounts {
    fn add(&mut self, other: DemoCounts) {
        self.customers += other.customers;
        self.interactions += other.interactions;
        self.tasks += other.tasks;
        self.deals += other.deals;
        self.cases += other.cases;
        self.orders += other.orders;
        self.campaigns += other.campaigns;
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(
        "demo data goes only into an empty database, and \"{path}\" already has {existing} customers; \
         use --db to pick a new file"
    )]
    NotEmpty { path: String, existing: u64 },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Blamed for DemoError {
    fn blame(&self) -> Blame {
        match self {
            DemoError::NotEmpty { .. } => Blame::Input,
            DemoError::Store(e) => e.blame(),
        }
    }
}

/// Generate `count` customers (deterministic for `seed` and `now`) and write
/// them in batches; refuses a database that has customers already. A
/// quarter of the customers belong to the user running it (so `--mine`
/// shows something); deals use the default pipeline.
pub fn load(
    store: &Store,
    count: usize,
    seed: u64,
    now: DateTime<FixedOffset>,
) -> Result<DemoCounts, DemoError> {
    load_with(
        store,
        count,
        seed,
        now,
        &store::current_user(),
        &Pipeline::default(),
    )
}

/// [`load`] for user `me`, with deals moving through `pipeline`.
pub fn load_with(
    store: &Store,
    count: usize,
    seed: u64,
    now: DateTime<FixedOffset>,
    me: &str,
    pipeline: &Pipeline,
) -> Result<DemoCounts, DemoError> {
    // A database that does not exist yet is empty (a read would refuse it).
    let existing = match store.exists() {
        true => store.read(|r| r.counts())?.customers,
        false => 0,
    };
    if existing > 0 {
        return Err(DemoError::NotEmpty {
            path: store.path().display().to_string(),
            existing,
        });
    }
    let mut generated = demo::generate(count, seed, now)
        .owned_by(me)
        .with_pipeline(pipeline)
        .peekable();
    let mut totals = DemoCounts::default();
    if count > 0 {
        totals.campaigns = store.write(now, |w| {
            let mut n = 0;
            for campaign in demo::campaigns(now) {
                w.put_campaign(campaign)?;
                n += 1;
            }
            Ok::<_, StoreError>(n)
        })?;
    }
    while generated.peek().is_some() {
        let batch: Vec<DemoCustomer> = generated.by_ref().take(BATCH).collect();
        totals.add(store.write(now, |w| write_batch(w, batch))?);
    }
    Ok(totals)
}

/// Write one batch through the store's bulk forms, with one audit entry.
fn write_batch(w: &mut Writer, batch: Vec<DemoCustomer>) -> Result<DemoCounts, StoreError> {
    w.skip_journal();
    let mut n = DemoCounts::default();
    w.rows(|r| {
        for demo in batch {
            let draft = demo.draft.validate()?;
            let mut customer = draft.into_customer(CustomerId(0), demo.created_at);
            customer.last_contact_at = demo.interactions.iter().map(|i| i.at).max();
            customer.stage_changes = demo.stage_changes;
            let customer = r.insert(customer)?;
            n.customers += 1;
            for i in demo.interactions {
                let next = i.next.map(|t| task_of(customer.id, t));
                n.tasks += u64::from(next.is_some());
                r.insert_interaction(
                    Interaction {
                        id: InteractionId(0),
                        customer: customer.id,
                        kind: i.kind,
                        at: i.at,
                        summary: i.summary,
                        feedback: i.feedback,
                        outcome: i.outcome,
                        author: i.author,
                        task: None,
                    },
                    next,
                )?;
                n.interactions += 1;
            }
            for t in demo.tasks {
                r.insert(task_of(customer.id, t))?;
                n.tasks += 1;
            }
            let mut deals = Vec::with_capacity(demo.deals.len());
            for deal in demo.deals {
                deals.push(
                    r.insert(Deal {
                        customer: customer.id,
                        ..deal
                    })?
                    .id,
                );
                n.deals += 1;
            }
            for o in demo.orders {
                r.insert(Order {
                    customer: customer.id,
                    deal: o.from_deal.and_then(|i| deals.get(i).copied()),
                    ..o.order
                })?;
                n.orders += 1;
            }
            for case in demo.cases {
                r.insert(Case {
                    customer: customer.id,
                    ..case
                })?;
                n.cases += 1;
            }
        }
        Ok::<_, StoreError>(())
    })?;
    w.audit(
        "demo.add",
        format!("{} customers", n.customers),
        None,
        vec![],
    )?;
    Ok(n)
}

fn task_of(customer: CustomerId, t: DemoTask) -> Task {
    Task {
        id: TaskId(0),
        customer: Some(customer),
        title: t.title,
        due: t.due,
        priority: t.priority,
        status: t.status,
        done_at: t.done_at,
        snoozes: Vec::new(),
        recurrence: t.recurrence,
        origin: None,
        created_at: t.created_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-22T09:00:00+08:00").expect("valid")
    }

    #[test]
    fn the_sales_side_is_stored_against_the_right_customers() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::new(dir.path().join("rolo.redb"), Channel::Cli).with_actor("mei");
        let counts = load_with(&store, 120, 1, now(), "mei", &Pipeline::default()).expect("load");
        assert_eq!((counts.customers, counts.campaigns), (120, 7));
        assert!(counts.deals > 25 && counts.cases > 3, "{counts:?}");

        store
            .read(|r| {
                let deals = r.deals()?;
                let cases = r.cases()?;
                assert_eq!(deals.len() as u64, counts.deals);
                assert_eq!(cases.len() as u64, counts.cases);
                assert_eq!(r.campaigns()?.len(), 7);
                let mut mine = 0;
                r.for_each_customer(|c| {
                    mine += usize::from(c.owner == "mei");
                    true
                })?;
                assert!((15..=45).contains(&mine), "{mine} of 120 are mine");
                for d in &deals {
                    let c = r.get_customer(d.customer)?;
                    assert!(r.customer_deals(c.id)?.iter().any(|x| x.id == d.id));
                    assert_eq!(d.owner, c.owner, "{d:?}");
                    if d.status == DealStatus::Won {
                        let closed = d.closed_at.expect("won");
                        assert!(matches!(c.stage, Stage::Customer | Stage::Loyal));
                        assert!(
                            c.stage_changes
                                .iter()
                                .any(|s| s.to == Stage::Customer && s.at <= closed),
                            "{c:?}"
                        );
                        assert!(c.last_contact_at.is_some_and(|at| at >= closed));
                    }
                }
                for k in &cases {
                    let c = r.get_customer(k.customer)?;
                    assert!(r.customer_cases(c.id)?.iter().any(|x| x.id == k.id));
                }
                let orders = r.orders()?;
                assert_eq!(orders.len() as u64, counts.orders);
                assert!(counts.orders > counts.deals / 4, "{counts:?}");
                for o in &orders {
                    if let Some(id) = o.deal {
                        let deal = r.get_deal(id)?;
                        assert_eq!((deal.customer, deal.status), (o.customer, DealStatus::Won));
                    }
                }
                let (open, total) = r.open_cases(100)?;
                assert_eq!(total as usize, cases.iter().filter(|k| k.is_open()).count());
                assert!(!open.is_empty(), "a few cases are still open");
                Ok::<_, StoreError>(())
            })
            .expect("read");

        let again = load(&store, 5, 1, now()).expect_err("not empty");
        assert!(
            again.to_string().contains("already has 120 customers"),
            "{again}"
        );
    }
}
