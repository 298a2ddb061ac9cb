//! `rolo demo`: fill an empty database with realistic sample data.

use super::{App, UsageError, output};
use crate::exec::demo::{self, DemoError};
use clap::Args;
use std::time::Instant;

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
    let started = Instant::now();
    let totals = match demo::load(&app.store, args.customers, args.seed, app.now) {
        Ok(totals) => totals,
        Err(e @ DemoError::NotEmpty { .. }) => return Err(UsageError(e.to_string()).into()),
        Err(DemoError::Store(e)) => return Err(e.into()),
    };
    let seconds = started.elapsed().as_secs_f64();
    if app.json {
        return output::print_json(&serde_json::json!({
            "customers": totals.customers,
            "interactions": totals.interactions,
            "tasks": totals.tasks,
            "seconds": seconds,
        }));
    }
    output::print(&format!(
        "Added {} customers, {} interactions and {} tasks in {seconds:.1} s.\nTry: rolo today · rolo search wang · rolo (the full-screen app)\n",
        totals.customers, totals.interactions, totals.tasks
    ))
}
