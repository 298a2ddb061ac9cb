//! Fault injection (issue 5): the storage under redb fails the Nth write,
//! sync or resize, for every N a write touches. Each user action must
//! then fail with an error rather than a panic, and the file, reopened
//! normally, must hold exactly the state before the action or after it.
//! (The shape of redb's own fuzzer, run over rolo's writes.)

use super::*;
use crate::domain::*;
use redb::StorageBackend;
use redb::backends::FileBackend;
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Which backend call fails.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fault {
    Write,
    Sync,
    SetLen,
}

/// A file backend that fails the `fail_at`-th call of one kind (counting
/// from when it is armed), and every call of that kind after it — a disk
/// that has gone bad stays bad.
#[derive(Debug)]
struct Failing {
    inner: FileBackend,
    fault: Fault,
    calls: Arc<AtomicU64>,
    fail_at: u64,
}

impl Failing {
    fn check(&self, kind: Fault) -> io::Result<()> {
        if kind != self.fault {
            return Ok(());
        }
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        if n >= self.fail_at {
            return Err(io::Error::other(format!("injected {kind:?} fault #{n}")));
        }
        Ok(())
    }
}

impl StorageBackend for Failing {
    fn len(&self) -> io::Result<u64> {
        self.inner.len()
    }
    fn read(&self, offset: u64, out: &mut [u8]) -> io::Result<()> {
        self.inner.read(offset, out)
    }
    fn set_len(&self, len: u64) -> io::Result<()> {
        self.check(Fault::SetLen)?;
        self.inner.set_len(len)
    }
    fn sync_data(&self) -> io::Result<()> {
        self.check(Fault::Sync)?;
        self.inner.sync_data()
    }
    fn write(&self, offset: u64, data: &[u8]) -> io::Result<()> {
        self.check(Fault::Write)?;
        self.inner.write(offset, data)
    }
    fn close(&self) -> io::Result<()> {
        self.inner.close()
    }
}

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-22T09:00:00+08:00").expect("valid")
}

/// Everything a user could see, to compare states.
fn snapshot(store: &Store) -> (Vec<Customer>, Vec<Interaction>, Vec<Task>) {
    store
        .read(|r| {
            let mut out = (Vec::new(), Vec::new(), Vec::new());
            r.for_each_customer(|c| {
                out.0.push(c);
                true
            })?;
            r.for_each_interaction(|i| out.1.push(i))?;
            r.for_each_task(|t| out.2.push(t))?;
            Ok::<_, StoreError>(out)
        })
        .expect("the database opens and reads after a fault")
}

/// One user action, as the store runs it.
type Action = fn(&mut Writer) -> Result<()>;

fn actions() -> Vec<(&'static str, Action)> {
    vec![
        ("add a customer", |w| {
            let mut draft = CustomerDraft::named("王芳");
            draft.emails = vec!["wang.fang@example.cn".into()];
            draft.tags = vec!["重点".into()];
            w.add_customer(draft).map(drop)
        }),
        ("log a call with a next action", |w| {
            w.log(
                NewInteraction {
                    customer: CustomerId(1),
                    kind: InteractionKind::Call,
                    at: now(),
                    summary: "wants pricing".into(),
                    feedback: String::new(),
                    outcome: None,
                    author: "tester".into(),
                },
                Some(NewTask {
                    customer: Some(CustomerId(1)),
                    title: "send quote".into(),
                    due: None,
                    priority: Priority::Normal,
                    recurrence: None,
                }),
            )
            .map(drop)
        }),
        ("complete a task", |w| w.complete_task(TaskId(1)).map(drop)),
        ("edit a customer", |w| {
            let patch = CustomerPatch {
                company: Some("Acme Corp".into()),
                add_tags: vec!["vip".into()],
                ..Default::default()
            };
            w.update_customer(CustomerId(1), &patch).map(drop)
        }),
    ]
}

/// A small book to act on: Ann with one open task.
fn seed(store: &Store) {
    store
        .write(now(), |w| {
            let ann = w.add_customer(CustomerDraft::named("Ann Lee"))?;
            w.add_task(NewTask {
                customer: Some(ann.id),
                title: "call back".into(),
                due: None,
                priority: Priority::Normal,
                recurrence: None,
            })?;
            w.add_customer(CustomerDraft::named("Bob Stone")).map(drop)
        })
        .expect("seed");
}

/// Run `action` through `Store::write`'s own transaction, on a database
/// whose storage fails as `backend` says; any error is returned, never a
/// panic.
fn write_through(
    store: &Store,
    backend: Failing,
    action: Action,
) -> std::result::Result<(), String> {
    let calls = Arc::clone(&backend.calls);
    let db = redb::Database::builder()
        .create_with_backend(backend)
        .map_err(|e| e.to_string())?;
    // Faults count from here: opening is not under test.
    calls.store(0, Ordering::SeqCst);
    let result = store
        .transact(
            &db,
            now(),
            super::Transact {
                actor: store.actor(),
                op: None,
                shipping: false,
            },
            action,
        )
        .map(drop)
        .map_err(|e: StoreError| e.to_string());
    // Closing makes the commit durable, and can fail too.
    let closed = db.close().map_err(|e| e.to_string());
    result.and(closed)
}

#[test]
fn every_injected_fault_leaves_the_state_before_or_after_the_action() {
    let mut injected = 0;
    for (name, action) in actions() {
        // The state after the action, from a run without faults.
        let dir = tempfile::tempdir().expect("tempdir");
        let clean = Store::new(dir.path().join("clean.redb"), Channel::Cli);
        seed(&clean);
        let before = snapshot(&clean);
        clean.write(now(), action).expect("runs without faults");
        let after = snapshot(&clean);
        assert_ne!(before, after, "{name} changes something");

        for fault in [Fault::Write, Fault::Sync, Fault::SetLen] {
            for fail_at in 1.. {
                let path = dir.path().join(format!("{fault:?}-{fail_at}.redb"));
                let store = Store::new(&path, Channel::Cli);
                seed(&store);
                let file = std::fs::OpenOptions::new()
                    .read(true)
                    .write(true)
                    .open(&path)
                    .expect("open");
                let backend = Failing {
                    inner: FileBackend::new(file).expect("backend"),
                    fault,
                    calls: Arc::default(),
                    fail_at,
                };
                let calls = Arc::clone(&backend.calls);
                let outcome = std::panic::catch_unwind(|| write_through(&store, backend, action))
                    .unwrap_or_else(|_| panic!("{name}: {fault:?} #{fail_at} panicked"));
                let state = snapshot(&store);
                assert!(
                    state == before || state == after,
                    "{name}: {fault:?} #{fail_at} left a state that is neither before nor after ({outcome:?})"
                );
                if outcome.is_ok() {
                    assert_eq!(
                        state, after,
                        "{name}: reported success, so it must be there"
                    );
                }
                // Once the action no longer reaches call N, every later N
                // runs without a fault: this kind is exhausted.
                if calls.load(Ordering::SeqCst) < fail_at {
                    break;
                }
                injected += 1;
            }
        }
    }
    // A floor, so a change that stops faults from firing fails the test.
    assert!(injected >= 12, "only {injected} faults were injected");
    eprintln!("fault injection: {injected} faults injected and survived");
}
