//! `rolo demo`: fill an empty database with realistic sample data.

use super::{App, Result, UsageError, output};
use crate::exec::demo::{self, DemoError};
use clap::Args;
use std::time::Instant;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many customers (about 10 interactions and 3 tasks each, with deals and cases)
    #[arg(long, default_value_t = 200, value_parser = parse_customers)]
    pub customers: usize,
    /// Seed for the generator: the same seed and ROLO_NOW give the same data
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// The most customers `rolo demo` makes: ten times the largest benchmark.
/// `--customers 99999999999` (a few zeros too many) ran until the disk
/// filled; `-1` said "invalid digit found in string".
pub const MAX_DEMO_CUSTOMERS: usize = 10_000_000;

fn parse_customers(text: &str) -> std::result::Result<usize, String> {
    let t = text.trim();
    let digits = t.strip_prefix('-').unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "\"{}\" is not a number of customers (a whole number, e.g. 200)",
            crate::text::sanitize(text)
        ));
    }
    match t.parse::<usize>() {
        Ok(n) if (1..=MAX_DEMO_CUSTOMERS).contains(&n) => Ok(n),
        _ => Err(format!(
            "--customers \"{t}\" is out of range: 1 to {MAX_DEMO_CUSTOMERS}"
        )),
    }
}

pub fn run(app: &App, args: &DemoArgs) -> Result<()> {
    let started = Instant::now();
    let me = crate::store::current_user();
    let loaded = demo::load_with(
        &app.store,
        args.customers,
        args.seed,
        app.now,
        &me,
        &app.config.pipeline,
    );
    let totals = match loaded {
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
            "deals": totals.deals,
            "cases": totals.cases,
            "campaigns": totals.campaigns,
            "seconds": seconds,
        }));
    }
    output::print(&format!(
        "Added {} customers, {} interactions, {} tasks, {} deals, {} service cases and {} campaigns in {seconds:.1} s.\n\
         About a quarter of the customers are yours ({me}).\n\
         Try: rolo today · rolo report funnel · rolo list --gone-quiet --tier key · rolo (the full-screen app)\n",
        totals.customers,
        totals.interactions,
        totals.tasks,
        totals.deals,
        totals.cases,
        totals.campaigns
    ))
}
