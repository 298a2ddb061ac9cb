//! Corrections, removals and merges: indexes, derived fields and undo.
//! Every test ends with `rolo check`'s verdict, before and after undo.

use super::*;
use crate::domain::*;
use chrono::{DateTime, Duration, FixedOffset};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("valid")
}

const NOW: &str = "2026-11-22T10:00:00+08:00";

fn now() -> DateTime<FixedOffset> {
    at(NOW)
}

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::new(dir.path().join("rolo.redb"), Channel::Cli).with_actor("alice");
    (dir, store)
}

fn add(store: &Store, draft: CustomerDraft) -> Customer {
    store
        .write(at("2026-10-01T09:00:00+08:00"), |w| w.add_customer(draft))
        .expect("add")
}

fn log(store: &Store, who: CustomerId, when: &str, next: Option<&str>) -> LogResult {
    store
        .write(now(), |w| {
            w.log(
                NewInteraction {
                    customer: who,
                    kind: InteractionKind::Call,
                    at: at(when),
                    summary: format!("call at {when}"),
                    feedback: String::new(),
                    outcome: None,
                    author: "alice".into(),
                },
                next.map(|title| NewTask {
                    customer: Some(who),
                    title: title.into(),
                    due: Some(Due::Date(now().date_naive() + Duration::days(3))),
                    priority: Priority::Normal,
                    recurrence: None,
                }),
            )
        })
        .expect("log")
}

fn clean(store: &Store, when: &str) {
    let report = store.check().expect("checks");
    assert!(report.ok(), "{when}: {:?}", report.problems);
}

fn undo(store: &Store) -> usize {
    let journal = store.take_last_undo();
    assert!(!journal.is_empty(), "the write was journaled");
    store.write(now(), |w| w.undo(&journal)).expect("undoes")
}

fn customer(store: &Store, id: CustomerId) -> Customer {
    store.read(|r| r.get_customer(id)).expect("customer")
}

/// Whose quiet-index entry the customer has, read from the index.
fn quiet_ids(store: &Store) -> Vec<CustomerId> {
    store
        .read(|r| r.cadence_quiet_keys(i64::MAX))
        .expect("quiet")
        .into_iter()
        .map(|(_, id)| id)
        .collect()
}

/// How many the quiet index says are past their cadence at `now()`.
fn quiet_now(store: &Store) -> usize {
    store
        .read(|r| r.cadence_quiet_keys(i64::MAX))
        .expect("quiet")
        .iter()
        .filter(|(at, _)| *at < now().timestamp())
        .count()
}

#[test]
fn moving_the_latest_call_back_in_time_moves_the_last_contact_and_undo_restores_it() {
    let (_dir, store) = temp_store();
    let ann = add(
        &store,
        CustomerDraft {
            cadence: Some(7),
            ..CustomerDraft::named("Ann Lee")
        },
    );
    log(&store, ann.id, "2026-11-10T10:00:00+08:00", None);
    let late = log(&store, ann.id, "2026-11-20T10:00:00+08:00", None);
    assert_eq!(
        customer(&store, ann.id).last_contact_at,
        Some(at("2026-11-20T10:00:00+08:00"))
    );
    // It really happened before the other call.
    let patch = InteractionPatch {
        at: Some(at("2026-11-05T10:00:00+08:00")),
        ..Default::default()
    };
    let (edited, changed) = store
        .write(now(), |w| w.edit_interaction(late.interaction.id, &patch))
        .expect("edits");
    assert_eq!(changed, ["at"]);
    let after = customer(&store, ann.id);
    assert_eq!(after.last_contact_at, Some(at("2026-11-10T10:00:00+08:00")));
    assert_eq!(
        store.read(|r| r.timeline(ann.id, 9)).expect("timeline")[1].id,
        edited.id,
        "the timeline is in time order"
    );
    // Quiet from Nov 17 (Nov 10 + 7), not Nov 27: quiet now.
    assert_eq!(quiet_ids(&store), [ann.id]);
    assert_eq!(quiet_now(&store), 1);
    clean(&store, "after the edit");

    undo(&store);
    assert_eq!(
        customer(&store, ann.id).last_contact_at,
        Some(at("2026-11-20T10:00:00+08:00"))
    );
    assert_eq!(quiet_now(&store), 0);
    clean(&store, "after the undo");
}

#[test]
fn removing_the_latest_call_keeps_its_task_unlinked_and_falls_back_to_the_one_before() {
    let (_dir, store) = temp_store();
    let ann = add(&store, CustomerDraft::named("Ann Lee"));
    log(&store, ann.id, "2026-11-10T10:00:00+08:00", None);
    let wrong = log(
        &store,
        ann.id,
        "2026-11-20T10:00:00+08:00",
        Some("send quote"),
    );
    let task = wrong.task.expect("a task");

    let removed = store
        .write(now(), |w| w.remove_interaction(wrong.interaction.id))
        .expect("removes");
    assert_eq!(removed, wrong.interaction);
    store
        .read(|r| {
            assert!(r.interaction(wrong.interaction.id)?.is_none());
            assert_eq!(r.timeline(ann.id, 9)?.len(), 1);
            let kept = r.get_task(task.id)?;
            assert_eq!((kept.origin, kept.status), (None, TaskStatus::Open));
            assert_eq!(
                r.open_tasks(i64::MIN..i64::MAX, 9)?.len(),
                1,
                "still queued"
            );
            assert_eq!(
                r.get_customer(ann.id)?.last_contact_at,
                Some(at("2026-11-10T10:00:00+08:00"))
            );
            Ok::<_, StoreError>(())
        })
        .expect("read");
    clean(&store, "after the removal");
    let err = store
        .write(now(), |w| w.remove_interaction(wrong.interaction.id))
        .expect_err("gone");
    assert!(matches!(err, StoreError::NoInteraction(_)), "{err}");

    assert_eq!(
        undo(&store),
        3,
        "the entry, its task's link and the last contact"
    );
    store
        .read(|r| {
            assert_eq!(r.get_interaction(wrong.interaction.id)?, wrong.interaction);
            assert_eq!(r.get_task(task.id)?.origin, Some(wrong.interaction.id));
            Ok::<_, StoreError>(())
        })
        .expect("read");
    clean(&store, "after the undo");
}

#[test]
fn removing_the_only_call_leaves_no_last_contact_and_an_imported_one_stays() {
    let (_dir, store) = temp_store();
    let ann = add(&store, CustomerDraft::named("Ann Lee"));
    let only = log(&store, ann.id, "2026-11-20T10:00:00+08:00", None);
    store
        .write(now(), |w| w.remove_interaction(only.interaction.id))
        .expect("removes");
    assert_eq!(customer(&store, ann.id).last_contact_at, None);
    clean(&store, "no contact");

    // A last contact later than every entry (an import said so) is not
    // the entry's to take back.
    let bob = add(&store, CustomerDraft::named("Bob Stone"));
    let call = log(&store, bob.id, "2026-11-01T10:00:00+08:00", None);
    let imported = at("2026-11-15T10:00:00+08:00");
    store
        .write(now(), |w| {
            w.rows(|r| {
                let old = r.get_customer(bob.id)?;
                let new = Customer {
                    last_contact_at: Some(imported),
                    ..old.clone()
                };
                r.put_customer(Some(&old), &new)
            })
        })
        .expect("sets");
    store
        .write(now(), |w| w.remove_interaction(call.interaction.id))
        .expect("removes");
    assert_eq!(customer(&store, bob.id).last_contact_at, Some(imported));
    clean(&store, "imported contact");
}

#[test]
fn a_repeating_tasks_later_occurrences_are_unlinked_too() {
    let (_dir, store) = temp_store();
    let ann = add(&store, CustomerDraft::named("Ann Lee"));
    let call = log(
        &store,
        ann.id,
        "2026-11-20T10:00:00+08:00",
        Some("check in"),
    );
    let first = call.task.expect("task");
    let (_, next) = store
        .write(now(), |w| {
            w.edit_task(
                first.id,
                &TaskPatch {
                    recurrence: Some(Some(Recurrence::parse("1w").expect("rule"))),
                    ..Default::default()
                },
            )?;
            w.complete_task(first.id)
        })
        .expect("repeats");
    let next = next.expect("the next occurrence");
    assert_eq!(next.origin, Some(call.interaction.id));
    store
        .write(now(), |w| w.remove_interaction(call.interaction.id))
        .expect("removes");
    store
        .read(|r| {
            assert_eq!(r.get_task(first.id)?.origin, None);
            assert_eq!(r.get_task(next.id)?.origin, None);
            Ok::<_, StoreError>(())
        })
        .expect("read");
    clean(&store, "no dangling origin");
}

#[test]
fn cancelling_a_task_takes_it_off_the_queue_and_keeps_it() {
    let (_dir, store) = temp_store();
    let ann = add(&store, CustomerDraft::named("Ann Lee"));
    let task = log(
        &store,
        ann.id,
        "2026-11-20T10:00:00+08:00",
        Some("duplicate"),
    )
    .task
    .expect("task");
    let cancelled = store
        .write(now(), |w| w.cancel_task(task.id))
        .expect("cancels");
    assert_eq!(cancelled.status, TaskStatus::Cancelled);
    assert_eq!(cancelled.done_at, Some(now()), "when it was closed");
    store
        .read(|r| {
            assert!(r.open_tasks(i64::MIN..i64::MAX, 9)?.is_empty());
            assert_eq!(r.customer_tasks(ann.id)?, std::slice::from_ref(&cancelled));
            Ok::<_, StoreError>(())
        })
        .expect("read");
    let err = store
        .write(now(), |w| w.cancel_task(task.id))
        .expect_err("once");
    assert_eq!(
        err.to_string(),
        format!("task {} is already cancelled", task.id)
    );
    clean(&store, "cancelled");
    undo(&store);
    assert_eq!(
        store
            .read(|r| r.open_tasks(i64::MIN..i64::MAX, 9))
            .expect("queue"),
        [task]
    );
    clean(&store, "undone");
}

#[test]
fn a_task_deal_and_case_moved_to_another_customer_move_their_index_entries() {
    let (_dir, store) = temp_store();
    let ann = add(&store, CustomerDraft::named("Ann Lee"));
    let bob = add(&store, CustomerDraft::named("Bob Stone"));
    let (task, deal, case) = store
        .write(now(), |w| {
            let task = w.add_task(NewTask {
                customer: Some(ann.id),
                title: "send quote".into(),
                due: None,
                priority: Priority::Normal,
                recurrence: None,
            })?;
            let deal = w.add_deal(
                NewDeal {
                    customer: ann.id,
                    title: "50 seats".into(),
                    amount: 5_000_000,
                    currency: "CNY".into(),
                    stage: None,
                    probability: None,
                    expected_close: None,
                    owner: "alice".into(),
                },
                &Pipeline::default(),
            )?;
            let case = w.open_case(NewCase {
                customer: ann.id,
                kind: CaseKind::Request,
                title: "invoice copy".into(),
                priority: Priority::Normal,
                owner: "alice".into(),
            })?;
            Ok::<_, StoreError>((task, deal, case))
        })
        .expect("adds");
    let patch = TaskPatch {
        customer: Some(Some(bob.id)),
        title: Some("send the quote".into()),
        ..Default::default()
    };
    store
        .write(now(), |w| w.edit_task(task.id, &patch))
        .expect("edits");
    store
        .read(|r| {
            assert!(r.customer_tasks(ann.id)?.is_empty());
            assert_eq!(r.customer_tasks(bob.id)?.len(), 1);
            Ok::<_, StoreError>(())
        })
        .expect("read");
    clean(&store, "task moved");
    undo(&store);
    assert_eq!(
        store.read(|r| r.customer_tasks(ann.id)).expect("tasks"),
        std::slice::from_ref(&task)
    );
    clean(&store, "task back");

    let nobody = TaskPatch {
        customer: Some(None),
        ..Default::default()
    };
    store
        .write(now(), |w| w.edit_task(task.id, &nobody))
        .expect("edits");
    assert!(
        store
            .read(|r| r.customer_tasks(ann.id))
            .expect("tasks")
            .is_empty()
    );
    clean(&store, "task for nobody");
    let nowhere = TaskPatch {
        customer: Some(Some(CustomerId(99))),
        ..Default::default()
    };
    let err = store
        .write(now(), |w| w.edit_task(task.id, &nowhere))
        .expect_err("no such customer");
    assert!(matches!(err, StoreError::NoCustomer(_)), "{err}");

    let amount = DealPatch {
        amount: Some(6_000_000),
        ..Default::default()
    };
    let (edited, changed) = store
        .write(now(), |w| w.edit_deal(deal.id, &amount))
        .expect("edits");
    assert_eq!((edited.amount, changed), (6_000_000, vec!["amount"]));
    store
        .write(now(), |w| w.remove_deal(deal.id))
        .expect("removes");
    assert!(
        store
            .read(|r| r.customer_deals(ann.id))
            .expect("deals")
            .is_empty()
    );
    clean(&store, "deal removed");
    undo(&store);
    assert_eq!(
        store.read(|r| r.customer_deals(ann.id)).expect("deals"),
        [edited]
    );

    store
        .write(now(), |w| w.remove_case(case.id))
        .expect("removes");
    assert_eq!(store.read(|r| r.open_cases(9)).expect("cases").1, 0);
    clean(&store, "case removed");
    undo(&store);
    assert_eq!(store.read(|r| r.open_cases(9)).expect("cases").0, [case]);
    clean(&store, "case back");
}

#[test]
fn a_closed_deal_keeps_its_probability() {
    let (_dir, store) = temp_store();
    let ann = add(&store, CustomerDraft::named("Ann Lee"));
    let deal = store
        .write(now(), |w| {
            let d = w.add_deal(
                NewDeal {
                    customer: ann.id,
                    title: "50 seats".into(),
                    amount: 5_000_000,
                    currency: "CNY".into(),
                    stage: None,
                    probability: None,
                    expected_close: None,
                    owner: "alice".into(),
                },
                &Pipeline::default(),
            )?;
            w.close_deal(d.id, DealStatus::Won, "")
        })
        .expect("wins")
        .deal;
    let err = store
        .write(now(), |w| {
            w.edit_deal(
                deal.id,
                &DealPatch {
                    probability: Some(50),
                    ..Default::default()
                },
            )
        })
        .expect_err("won");
    assert_eq!(err.to_string(), format!("deal {} is already won", deal.id));
    let (fixed, _) = store
        .write(now(), |w| {
            w.edit_deal(
                deal.id,
                &DealPatch {
                    amount: Some(4_800_000),
                    ..Default::default()
                },
            )
        })
        .expect("an amount may be corrected after the win");
    assert_eq!((fixed.amount, fixed.probability), (4_800_000, 100));
    // Moved to a customer who does not exist: refused, nothing written.
    let err = store
        .write(now(), |w| {
            w.edit_deal(
                deal.id,
                &DealPatch {
                    customer: Some(CustomerId(99)),
                    ..Default::default()
                },
            )
        })
        .expect_err("no such customer");
    assert!(
        matches!(err, StoreError::NoCustomer(CustomerId(99))),
        "{err}"
    );
    let kept = store.read(|r| r.get_deal(deal.id)).expect("deal");
    assert_eq!(kept.customer, fixed.customer);
}

/// Two cards for Bob: each with a call, a task, a deal and a case.
fn two_bobs(store: &Store) -> (Customer, Customer) {
    let keep = add(
        store,
        CustomerDraft {
            company: "Acme".into(),
            emails: vec!["bob@acme.com".into()],
            cadence: Some(30),
            ..CustomerDraft::named("Bob Ma")
        },
    );
    let other = add(
        store,
        CustomerDraft {
            company: "Acme Corp".into(),
            emails: vec!["bob@gmail.com".into()],
            phones: vec!["13800138000".into()],
            tags: vec!["cn".into()],
            ..CustomerDraft::named("Bob Ma")
        },
    );
    log(
        store,
        keep.id,
        "2026-11-01T10:00:00+08:00",
        Some("follow up"),
    );
    log(
        store,
        other.id,
        "2026-11-12T10:00:00+08:00",
        Some("send deck"),
    );
    store
        .write(now(), |w| {
            w.add_deal(
                NewDeal {
                    customer: other.id,
                    title: "10 seats".into(),
                    amount: 1_000_000,
                    currency: "CNY".into(),
                    stage: None,
                    probability: None,
                    expected_close: None,
                    owner: "alice".into(),
                },
                &Pipeline::default(),
            )?;
            w.open_case(NewCase {
                customer: other.id,
                kind: CaseKind::Complaint,
                title: "late".into(),
                priority: Priority::High,
                owner: "alice".into(),
            })?;
            w.add_order(OrderDraft {
                customer: other.id,
                at: at("2026-11-10T15:00:00+08:00"),
                amount: 1_000_000,
                currency: "CNY".into(),
                items: "10 seats".into(),
                payment: Some(PaymentMethod::Alipay),
                invoice: "2026-118".into(),
                deal: None,
                owner: "alice".into(),
            })
        })
        .expect("sales");
    (customer(store, keep.id), customer(store, other.id))
}

#[test]
fn a_merge_moves_everything_unites_the_cards_and_undo_puts_both_back() {
    let (_dir, store) = temp_store();
    let (keep, other) = two_bobs(&store);
    let before = store
        .read(|r| {
            Ok::<_, StoreError>((
                r.timeline(other.id, 9)?,
                r.customer_tasks(other.id)?,
                r.customer_deals(other.id)?,
                r.customer_cases(other.id)?,
                r.customer_orders(other.id)?,
            ))
        })
        .expect("read");
    let merged = store
        .write(now(), |w| w.merge_customers(keep.id, other.id))
        .expect("merges");
    assert_eq!(
        merged.moved,
        Moved {
            interactions: 1,
            tasks: 1,
            deals: 1,
            cases: 1,
            orders: 1,
        }
    );
    assert_eq!(merged.removed, other);
    // The company, and the stage: the other's order made them a customer.
    let fields: Vec<&str> = merged.conflicts.iter().map(|c| c.field).collect();
    assert_eq!(fields, ["company", "stage"], "{:?}", merged.conflicts);
    store
        .read(|r| {
            assert!(r.customer(other.id)?.is_none());
            let kept = r.get_customer(keep.id)?;
            assert_eq!(kept, merged.kept);
            assert_eq!(kept.emails, ["bob@acme.com", "bob@gmail.com"]);
            assert_eq!(kept.last_contact_at, Some(at("2026-11-12T10:00:00+08:00")));
            for text in ["bob@gmail.com", "13800138000", "bob ma"] {
                assert_eq!(r.find_exact(text)?, [keep.id], "{text}");
            }
            assert!(r.find_exact("acme corp")?.is_empty(), "keep's company won");
            assert_eq!(r.timeline(keep.id, 9)?.len(), 2);
            assert_eq!(r.customer_tasks(keep.id)?.len(), 2);
            assert_eq!(r.customer_deals(keep.id)?.len(), 1);
            assert_eq!(r.customer_cases(keep.id)?.len(), 1);
            assert_eq!(r.customer_orders(keep.id)?.len(), 1);
            assert!(r.customer_orders(other.id)?.is_empty());
            let entry = &r.audit(Some(keep.id), 1)?[0];
            assert_eq!(
                (entry.action.as_str(), entry.entity.clone()),
                ("customer.merge", other.id.to_string())
            );
            Ok::<_, StoreError>(())
        })
        .expect("read");
    clean(&store, "after the merge");

    undo(&store);
    store
        .read(|r| {
            assert_eq!(r.get_customer(keep.id)?, keep);
            assert_eq!(r.get_customer(other.id)?, other);
            assert_eq!(
                (
                    r.timeline(other.id, 9)?,
                    r.customer_tasks(other.id)?,
                    r.customer_deals(other.id)?,
                    r.customer_cases(other.id)?,
                    r.customer_orders(other.id)?,
                ),
                before
            );
            assert_eq!(r.find_exact("bob@gmail.com")?, [other.id]);
            Ok::<_, StoreError>(())
        })
        .expect("read");
    clean(&store, "after the undo");
}

#[test]
fn a_customer_is_not_merged_with_itself() {
    let (_dir, store) = temp_store();
    let ann = add(&store, CustomerDraft::named("Ann Lee"));
    let err = store
        .write(now(), |w| w.merge_customers(ann.id, ann.id))
        .expect_err("itself");
    assert!(matches!(err, StoreError::SameCustomer(_)), "{err}");
    assert_eq!(
        crate::fault::Blamed::blame(&err),
        crate::fault::Blame::Input
    );
}

/// Erasing the kept customer must not leave the merged card in an undo
/// journal: the whole journal goes.
#[test]
fn erasing_after_a_merge_leaves_nothing_to_undo() {
    let (_dir, store) = temp_store();
    let (keep, other) = two_bobs(&store);
    store
        .write(now(), |w| w.merge_customers(keep.id, other.id))
        .expect("merges");
    store
        .write(now(), |w| w.erase_customer(keep.id))
        .expect("erases");
    let journal = store.read(|r| r.last_write("alice")).expect("journal");
    assert!(journal.is_empty(), "{journal:?}");
}

mod props {
    use super::*;
    use proptest::collection::vec;
    use proptest::prelude::*;
    use proptest::sample::Index;

    /// One user action on a small book of three customers.
    #[derive(Debug, Clone)]
    enum Op {
        Log { who: usize, day: u32, next: bool },
        Move { pick: Index, day: u32 },
        Remove { pick: Index },
        Cancel { pick: Index },
        Reassign { pick: Index, who: usize },
        Merge { keep: usize, other: usize },
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            3 => (0..3usize, 0..30u32, any::<bool>()).prop_map(|(who, day, next)| Op::Log { who, day, next }),
            2 => (any::<Index>(), 0..30u32).prop_map(|(pick, day)| Op::Move { pick, day }),
            2 => any::<Index>().prop_map(|pick| Op::Remove { pick }),
            1 => any::<Index>().prop_map(|pick| Op::Cancel { pick }),
            1 => (any::<Index>(), 0..3usize).prop_map(|(pick, who)| Op::Reassign { pick, who }),
            1 => (0..3usize, 0..3usize).prop_map(|(keep, other)| Op::Merge { keep, other }),
        ]
    }

    fn day(n: u32) -> DateTime<FixedOffset> {
        at("2026-10-01T09:00:00+08:00") + Duration::hours(i64::from(n) * 25)
    }

    /// Apply `op`; a refusal (a merge with itself, a task already
    /// cancelled) is fine, any other error is not.
    fn apply(store: &Store, ids: &[CustomerId], op: &Op) {
        let interactions = store
            .read(|r| {
                let mut all = Vec::new();
                r.for_each_interaction(|i| all.push(i))?;
                Ok::<_, StoreError>(all)
            })
            .expect("read");
        let tasks = store
            .read(|r| {
                let mut all = Vec::new();
                r.for_each_task(|t| all.push(t))?;
                Ok::<_, StoreError>(all)
            })
            .expect("read");
        let result = store.write(now(), |w| match op {
            Op::Log { who, day: d, next } => w
                .log(
                    NewInteraction {
                        customer: ids[*who],
                        kind: InteractionKind::Call,
                        at: day(*d),
                        summary: "x".into(),
                        feedback: String::new(),
                        outcome: None,
                        author: "alice".into(),
                    },
                    next.then(|| NewTask {
                        customer: Some(ids[*who]),
                        title: "next".into(),
                        due: None,
                        priority: Priority::Normal,
                        recurrence: None,
                    }),
                )
                .map(drop),
            Op::Move { pick, day: d } if !interactions.is_empty() => {
                let i = pick.get(&interactions);
                let patch = InteractionPatch {
                    at: Some(day(*d)),
                    ..Default::default()
                };
                w.edit_interaction(i.id, &patch).map(drop)
            }
            Op::Remove { pick } if !interactions.is_empty() => {
                w.remove_interaction(pick.get(&interactions).id).map(drop)
            }
            Op::Cancel { pick } if !tasks.is_empty() => {
                w.cancel_task(pick.get(&tasks).id).map(drop)
            }
            Op::Reassign { pick, who } if !tasks.is_empty() => {
                let patch = TaskPatch {
                    customer: Some(Some(ids[*who])),
                    ..Default::default()
                };
                w.edit_task(pick.get(&tasks).id, &patch).map(drop)
            }
            Op::Merge { keep, other } => w.merge_customers(ids[*keep], ids[*other]).map(drop),
            _ => Ok(()),
        });
        if let Err(e) = result {
            assert!(
                matches!(
                    e,
                    StoreError::SameCustomer(_)
                        | StoreError::NoCustomer(_)
                        | StoreError::TaskClosed(..)
                ),
                "{op:?}: {e}"
            );
        }
    }

    /// Every customer's last contact is their newest interaction's time.
    fn last_contacts_are_true(store: &Store) -> Result<(), TestCaseError> {
        let (customers, interactions) = store
            .read(|r| {
                let mut cs = Vec::new();
                r.for_each_customer(|c| {
                    cs.push(c);
                    true
                })?;
                let mut is = Vec::new();
                r.for_each_interaction(|i| is.push(i))?;
                Ok::<_, StoreError>((cs, is))
            })
            .expect("read");
        for c in customers {
            let newest = interactions
                .iter()
                .filter(|i| i.customer == c.id)
                .map(|i| i.at)
                .max();
            prop_assert_eq!(c.last_contact_at, newest, "customer {}", c.id);
        }
        Ok(())
    }

    proptest! {
        // Each case writes a database and checks it twice: few cases.
        #![proptest_config(ProptestConfig::with_cases(16))]

        /// Any mix of logs, corrected times, removals, cancellations,
        /// reassigned tasks and merges leaves every index and last
        /// contact true (`rolo check` clean), and so does undoing the last.
        #[test]
        fn corrections_keep_the_book_consistent(ops in vec(op(), 1..14)) {
            let (_dir, store) = temp_store();
            let ids: Vec<CustomerId> = ["Ann", "Bob", "Cy"]
                .into_iter()
                .map(|n| add(&store, CustomerDraft::named(n)).id)
                .collect();
            for op in &ops {
                apply(&store, &ids, op);
            }
            last_contacts_are_true(&store)?;
            let report = store.check().expect("checks");
            prop_assert!(report.ok(), "{:?}", report.problems);
            let journal = store.read(|r| r.last_write("alice")).expect("journal");
            store.write(now(), |w| w.undo(&journal)).expect("undoes");
            last_contacts_are_true(&store)?;
            let report = store.check().expect("checks");
            prop_assert!(report.ok(), "after undo: {:?}", report.problems);
        }
    }
}
