//! Map and validate every record, on all cores: the checks are pure and
//! take about half of an import's time when done on one.

use super::Row;
use super::watch::{Cancelled, Stage, Watch};
use crate::interchange::mapping::{self, Kind, Plan};
use crate::interchange::table::Record;
use chrono::NaiveDateTime;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Below this many records one thread is quicker than starting more.
const PARALLEL_FROM: usize = 4096;

/// Each record's row, or the reasons it is bad, in file order.
pub(super) fn rows(
    plan: &Plan,
    records: &[Record],
    now: NaiveDateTime,
    watch: &Watch,
) -> Result<Vec<Result<Row, Vec<String>>>, Cancelled> {
    let done = AtomicUsize::new(0);
    let total = records.len();
    let check_all = |chunk: &[Record]| {
        chunk
            .iter()
            .map(|record| {
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                watch.tick(Stage::Checking, n, total)?;
                Ok(one(plan, record, now))
            })
            .collect::<Result<Vec<_>, Cancelled>>()
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if threads == 1 || total < PARALLEL_FROM {
        return check_all(records);
    }
    let chunk = total.div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = records
            .chunks(chunk)
            .map(|part| scope.spawn(|| check_all(part)))
            .collect();
        let mut out = Vec::with_capacity(total);
        for worker in workers {
            // A worker panics only on a bug in the mapping: pass it on as is.
            match worker.join() {
                Ok(rows) => out.extend(rows?),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        Ok(out)
    })
}

fn one(plan: &Plan, record: &Record, now: NaiveDateTime) -> Result<Row, Vec<String>> {
    let parsed = match plan.kind {
        Kind::Customers => {
            mapping::customer(plan, record.line, &record.cells, now).map(Row::Customer)
        }
        Kind::FollowUps => {
            mapping::follow_up(plan, record.line, &record.cells, now).map(Row::FollowUp)
        }
    };
    parsed.map_err(|errors| errors.iter().map(ToString::to_string).collect())
}
