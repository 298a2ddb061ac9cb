//! The find worker: the find overlay's full-text search (`crate::grep`),
//! off the UI thread, the way the customer search runs beside it.
//!
//! A scan of a big book takes a third of a second (100k customers, ~1M
//! interactions), so typing must never wait for one, and only the latest
//! query's answer matters:
//! - **settle**: a query waits [`SETTLE`] for the next key before its scan
//!   starts, so a burst of typing (or a paste) starts one scan, not one per
//!   character;
//! - **stop**: every query stores its sequence number in `latest`; a scan
//!   under way asks it every thousand records and gives up as soon as a
//!   newer query (or [`Finder::stop`]: the overlay closed) replaced it;
//! - **drop**: `update` drops any answer whose number is not its latest.

use super::msg::Msg;
use crate::grep::{self, Found, Query, Scope};
use crate::store::{Reads, Store, StoreError};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

/// How long a query waits for the next key before its scan starts.
pub const SETTLE: Duration = Duration::from_millis(80);

/// At most this many hits are listed, the newest; the total counts them all.
pub const LIMIT: usize = 200;

/// The handle the runtime keeps: where queries go, and which one is wanted.
pub struct Finder {
    jobs: Sender<(u64, String)>,
    latest: Arc<AtomicU64>,
}

impl Finder {
    pub fn start(store: Store, ui: Sender<Msg>) -> Finder {
        let (jobs, rx) = channel();
        let latest = Arc::new(AtomicU64::new(0));
        let wanted = Arc::clone(&latest);
        std::thread::spawn(move || worker(&store, &rx, &wanted, &ui));
        Finder { jobs, latest }
    }

    /// Search for `query`; whatever ran before is no longer wanted.
    pub fn find(&self, seq: u64, query: String) {
        self.latest.store(seq, Ordering::SeqCst);
        let _ = self.jobs.send((seq, query));
    }

    /// Nothing is wanted any more (no query has the number 0).
    pub fn stop(&self) {
        self.latest.store(0, Ordering::SeqCst);
    }
}

fn worker(store: &Store, jobs: &Receiver<(u64, String)>, latest: &AtomicU64, ui: &Sender<Msg>) {
    while let Ok(first) = jobs.recv() {
        let mut job = newest(first, jobs);
        // Typing goes on: wait for the next key's query instead.
        loop {
            match jobs.recv_timeout(SETTLE) {
                Ok(newer) => job = newest(newer, jobs),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        let (seq, query) = job;
        let wanted = || latest.load(Ordering::Relaxed) == seq;
        if !wanted() {
            continue;
        }
        let result = store.read(|r| search(r, &query, || !wanted()));
        let result = match result {
            Err(StoreError::Stopped) => continue,
            other => other.map(Box::new).map_err(|e| e.to_string()),
        };
        if ui.send(Msg::Found { seq, result }).is_err() {
            return;
        }
    }
}

/// `first`, or the newest query queued behind it.
fn newest(first: (u64, String), jobs: &Receiver<(u64, String)>) -> (u64, String) {
    jobs.try_iter().last().unwrap_or(first)
}

/// The newest [`LIMIT`] entries matching `query` in everything written,
/// and how many matched; `stop` is asked as the scan goes
/// (`StoreError::Stopped` when it says so).
pub fn search(
    view: &impl Reads,
    query: &str,
    stop: impl FnMut() -> bool,
) -> Result<Found, StoreError> {
    let scope = Scope {
        limit: LIMIT,
        ..Scope::default()
    };
    grep::find_until(view, &Query::parse(query), &scope, stop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Channel, CustomerDraft, InteractionKind, NewInteraction};

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::new(dir.path().join("rolo.redb"), Channel::Tui);
        let now =
            chrono::DateTime::parse_from_rfc3339("2026-11-22T09:00:00+08:00").expect("a time");
        store
            .write(now, |w| {
                let ann = w.add_customer(CustomerDraft::named("Ann Lee"))?;
                w.log(
                    NewInteraction {
                        customer: ann.id,
                        kind: InteractionKind::Call,
                        at: now,
                        summary: "Discussed pricing".into(),
                        feedback: String::new(),
                        outcome: None,
                        author: "ann".into(),
                    },
                    None,
                )
                .map(drop)
            })
            .expect("fixture");
        (dir, store)
    }

    #[test]
    fn a_burst_of_queries_is_answered_once_for_the_last() {
        let (_dir, store) = store();
        let (ui, answers) = channel();
        let finder = Finder::start(store, ui);
        for (seq, query) in [(1, "d"), (2, "dis"), (3, "pricing")] {
            finder.find(seq, query.into());
        }
        match answers.recv_timeout(Duration::from_secs(10)) {
            Ok(Msg::Found { seq, result }) => {
                assert_eq!(seq, 3);
                let found = result.expect("found");
                assert_eq!(found.hits.len(), 1);
                assert_eq!(found.hits[0].text, "Discussed pricing");
            }
            other => panic!("{other:?}"),
        }
        assert!(
            answers.recv_timeout(SETTLE * 4).is_err(),
            "the replaced queries are not answered"
        );
    }

    #[test]
    fn a_query_stopped_before_its_scan_is_never_answered() {
        let (_dir, store) = store();
        let (ui, answers) = channel();
        let finder = Finder::start(store, ui);
        finder.find(1, "pricing".into());
        finder.stop();
        assert!(answers.recv_timeout(SETTLE * 4).is_err());
        // The worker goes on: the next query is answered.
        finder.find(2, "pricing".into());
        assert!(matches!(
            answers.recv_timeout(Duration::from_secs(10)),
            Ok(Msg::Found { seq: 2, .. })
        ));
    }
}
