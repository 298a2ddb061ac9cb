//! Map and validate records on a second thread while the caller writes the
//! ones already checked: checking is pure and costs about as much as
//! writing, so overlapping the two nearly halves an import. Chunks travel
//! through a small bounded channel, so memory stays bounded too.

use super::Row;
use super::customers::duplicate_keys;
use super::watch::{Cancelled, Watch};
use crate::interchange::mapping::{self, Kind, Plan};
use crate::interchange::table::Record;
use chrono::NaiveDateTime;
use std::sync::mpsc;

/// Records checked per message.
const CHUNK: usize = 512;
/// Chunks checked ahead of the writer.
const AHEAD: usize = 8;

/// A record's row, or the reasons it is bad.
pub(super) type Checked = Result<Row, Vec<String>>;

/// Check every record on another thread and hand each, in file order, to
/// `write` on this one. Stops early if `write` fails (with its error) or
/// the watch is cancelled.
pub(super) fn stream<E: From<Cancelled>>(
    plan: &Plan,
    records: &[Record],
    now: NaiveDateTime,
    watch: &Watch,
    mut write: impl FnMut(&Record, Checked) -> Result<(), E>,
) -> Result<(), E> {
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel::<Vec<Checked>>(AHEAD);
        let checker = scope.spawn(move || {
            for chunk in records.chunks(CHUNK) {
                if watch.is_cancelled() {
                    return Err(Cancelled);
                }
                let checked = chunk.iter().map(|r| one(plan, r, now)).collect();
                if tx.send(checked).is_err() {
                    break; // the writer stopped
                }
            }
            Ok(())
        });
        let written = records
            .chunks(CHUNK)
            .zip(rx.iter())
            .try_for_each(|(chunk, checked)| {
                chunk
                    .iter()
                    .zip(checked)
                    .try_for_each(|(record, row)| write(record, row))
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
    let parsed = match plan.kind {
        Kind::Customers => mapping::customer(plan, record.line, &record.cells, now).map(|row| {
            let keys = duplicate_keys(&row.draft);
            Row::Customer(row, keys)
        }),
        Kind::FollowUps => {
            mapping::follow_up(plan, record.line, &record.cells, now).map(Row::FollowUp)
        }
    };
    parsed.map_err(|errors| errors.iter().map(ToString::to_string).collect())
}
