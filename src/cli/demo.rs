//! `rolo demo`: fill an empty database with realistic sample data.

use super::{App, UsageError, output};
use crate::demo::{self, DemoCustomer, DemoTask};
use crate::domain::*;
use crate::store::{StoreError, View, Writer};
use clap::Args;
use std::time::Instant;

/// Customers per write transaction: big enough to amortise the commit,
/// small enough that a concurrent `rolo log` waits well under a second.
const BATCH: usize = 2_000;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many customers (about 10 interactions and 3 tasks each)
    #[arg(long, default_value_t = 200)]
    pub customers: usize,
    /// Seed for the generator: the same seed and ROLO_NOW give the same data
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

pub fn run(app: &App, args: &DemoArgs) -> anyhow::Result<()> {
    let existing = app.store.read(|r| r.counts())?.customers;
    if existing > 0 {
        return Err(UsageError(format!(
            "rolo demo fills an empty database, and \"{}\" already has {existing} customers; \
             use --db to pick a new file",
            app.store.path().display()
        ))
        .into());
    }
    let started = Instant::now();
    let mut generated = demo::generate(args.customers, args.seed, app.now).peekable();
    let mut totals = (0u64, 0u64, 0u64);
    while generated.peek().is_some() {
        let batch: Vec<DemoCustomer> = generated.by_ref().take(BATCH).collect();
        let counts = app.store.write(app.now, |w| write_batch(w, batch))?;
        totals.0 += counts.0;
        totals.1 += counts.1;
        totals.2 += counts.2;
    }
    let summary = serde_json::json!({
        "customers": totals.0,
        "interactions": totals.1,
        "tasks": totals.2,
        "seconds": started.elapsed().as_secs_f64(),
    });
    if app.json {
        return output::print_json(&summary);
    }
    output::print(&format!(
        "Added {} customers, {} interactions and {} tasks in {:.1} s.\nTry: rolo today · rolo search wang · rolo (the full-screen app)\n",
        totals.0,
        totals.1,
        totals.2,
        started.elapsed().as_secs_f64()
    ))
}

/// Write one batch through the store's bulk forms, with one audit entry.
fn write_batch(w: &mut Writer, batch: Vec<DemoCustomer>) -> Result<(u64, u64, u64), StoreError> {
    let (mut customers, mut interactions, mut tasks) = (0, 0, 0);
    for demo in batch {
        let draft = demo.draft.validate()?;
        let mut customer = draft.into_customer(CustomerId(0), demo.created_at);
        customer.last_contact_at = demo.interactions.iter().map(|i| i.at).max();
        let customer = w.insert_customer(customer)?;
        customers += 1;
        for i in demo.interactions {
            let next = i.next.map(|t| task_of(customer.id, t));
            tasks += u64::from(next.is_some());
            w.insert_interaction(
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
            w.insert_task(task_of(customer.id, t))?;
            tasks += 1;
        }
    }
    w.audit("demo.add", format!("{customers} customers"), None, vec![])?;
    Ok((customers, interactions, tasks))
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
