//! Loading sample data into an empty database, for `rolo demo` and the
//! TUI's welcome screen.

use crate::demo::{self, DemoCustomer, DemoTask};
use crate::domain::*;
use crate::store::{Store, StoreError, View, Writer};
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

/// Generate `count` customers (deterministic for `seed` and `now`) and write
/// them in batches; refuses a database that has customers already.
pub fn load(
    store: &Store,
    count: usize,
    seed: u64,
    now: DateTime<FixedOffset>,
) -> Result<DemoCounts, DemoError> {
    let existing = store.read(|r| r.counts())?.customers;
    if existing > 0 {
        return Err(DemoError::NotEmpty {
            path: store.path().display().to_string(),
            existing,
        });
    }
    let mut generated = demo::generate(count, seed, now).peekable();
    let mut totals = DemoCounts::default();
    while generated.peek().is_some() {
        let batch: Vec<DemoCustomer> = generated.by_ref().take(BATCH).collect();
        let counts = store.write(now, |w| write_batch(w, batch))?;
        totals.customers += counts.customers;
        totals.interactions += counts.interactions;
        totals.tasks += counts.tasks;
    }
    Ok(totals)
}

/// Write one batch through the store's bulk forms, with one audit entry.
fn write_batch(w: &mut Writer, batch: Vec<DemoCustomer>) -> Result<DemoCounts, StoreError> {
    w.skip_journal();
    let (mut customers, mut interactions, mut tasks) = (0, 0, 0);
    w.rows(|r| {
        for demo in batch {
            let draft = demo.draft.validate()?;
            let mut customer = draft.into_customer(CustomerId(0), demo.created_at);
            customer.last_contact_at = demo.interactions.iter().map(|i| i.at).max();
            let customer = r.insert_customer(customer)?;
            customers += 1;
            for i in demo.interactions {
                let next = i.next.map(|t| task_of(customer.id, t));
                tasks += u64::from(next.is_some());
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
                interactions += 1;
            }
            for t in demo.tasks {
                r.insert_task(task_of(customer.id, t))?;
                tasks += 1;
            }
        }
        Ok::<_, StoreError>(())
    })?;
    w.audit("demo.add", format!("{customers} customers"), None, vec![])?;
    Ok(DemoCounts {
        customers,
        interactions,
        tasks,
    })
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
