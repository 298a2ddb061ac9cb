//! Map and validate records on a second thread while the caller writes the
//! ones already checked: checking is pure and costs about as much as
//! writing, so overlapping the two nearly halves an import. Chunks travel
//! through a small bounded channel, so memory stays bounded too.

use super::Row;
use super::customers::duplicate_keys;
use super::watch::{Cancelled, Watch};
use crate::interchange::mapping::{self, Kind, Plan};
use crate::interchange::table::{Problem, Record, Sheet};
use chrono::NaiveDateTime;
use std::sync::mpsc;

/// Records checked per message.
const CHUNK: usize = 512;
/// Chunks checked ahead of the writer.
const AHEAD: usize = 8;

/// A record's row, or the reasons it is bad.
pub(super) type Checked = Result<Row, Vec<String>>;

/// Check every record of `sheet` on another thread and hand each, in file
/// order, to `write` on this one; returns the problems the reading found
/// (ragged rows and the like). Stops early if `write` fails (with its
/// error) or the watch is cancelled.
pub(super) fn stream<E: From<Cancelled>>(
    plan: &Plan,
    sheet: Sheet<'_>,
    now: NaiveDateTime,
    watch: &Watch,
    mut write: impl FnMut(&Record, Checked) -> Result<(), E>,
) -> Result<Vec<Problem>, E> {
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel::<Vec<(Record, Checked)>>(AHEAD);
        // Written records go back to the checker to be freed there: glibc
        // frees memory another thread allocated much more slowly.
        let (spent_tx, spent_rx) = mpsc::channel::<Vec<Record>>();
        let checker = scope.spawn(move || {
            let mut problems = Vec::new();
            let mut chunk = Vec::with_capacity(CHUNK);
            for item in sheet {
                while let Ok(spent) = spent_rx.try_recv() {
                    drop(spent);
                }
                match item {
                    Ok(record) => {
                        let checked = one(plan, &record, now);
                        chunk.push((record, checked));
                    }
                    Err(problem) => problems.push(problem),
                }
                if chunk.len() == CHUNK {
                    if watch.is_cancelled() {
                        return Err(Cancelled);
                    }
                    let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
                    if tx.send(full).is_err() {
                        return Ok(problems); // the writer stopped
                    }
                }
            }
            if !chunk.is_empty() {
                let _ = tx.send(chunk);
            }
            Ok(problems)
        });
        let written = rx.iter().try_for_each(|chunk| {
            let mut spent = Vec::with_capacity(chunk.len());
            for (record, checked) in chunk {
                write(&record, checked)?;
                spent.push(record);
            }
            // The checker may have finished; then these are freed here.
            let _ = spent_tx.send(spent);
            Ok::<_, E>(())
        });
        // Dropping the receiver unblocks a checker waiting to send.
        drop(rx);
        written?;
        match checker.join() {
            Ok(result) => Ok(result?),
            // The checker panics only on a bug in the mapping: pass it on.
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

fn one(plan: &Plan, record: &Record, now: NaiveDateTime) -> Checked {
    // A record the reading found broken is rejected as it is, never read as data.
    if let Some(flaw) = &record.flaw {
        return Err(vec![flaw.to_string()]);
    }
    let parsed = match plan.kind {
        Kind::Customers => mapping::customer(plan, record.line, &record.cells, now).map(|row| {
            let keys = duplicate_keys(&row.draft);
            Row::Customer(row, keys)
        }),
        Kind::FollowUps => {
            mapping::follow_up(plan, record.line, &record.cells, now).map(Row::FollowUp)
        }
        Kind::Orders => mapping::order(plan, record.line, &record.cells, now).map(Row::Order),
    };
    parsed.map_err(|errors| errors.iter().map(ToString::to_string).collect())
}
