use super::*;
use crate::domain::*;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use std::os::unix::fs::PermissionsExt;

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").expect("valid")
}

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::new(dir.path().join("data/rolo.redb"), Channel::Cli).with_actor("alice");
    (dir, store)
}

fn add(store: &Store, name: &str, company: &str, email: &str, phone: &str) -> Customer {
    store
        .write(now(), |w| {
            w.add_customer(CustomerDraft {
                name: name.into(),
                company: company.into(),
                emails: vec![email.into()],
                phones: vec![phone.into()],
                ..Default::default()
            })
        })
        .expect("add")
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

#[test]
fn exact_lookup_by_name_company_email_and_phone_digits() {
    let (_dir, store) = temp_store();
    let ann = add(
        &store,
        "Ann Lee",
        "Acme Corp",
        "Ann@Acme.com",
        "+86 138-0013-8000",
    );
    add(
        &store,
        "王伟",
        "华信科技",
        "wang.wei@huaxin.cn",
        "139 1234 5678",
    );
    store
        .read(|r| {
            for text in [
                "ann lee",
                "  ANN   LEE ",
                "acme corp",
                "ann@acme.com",
                "13800138000",
            ] {
                assert_eq!(r.find_exact(text)?, vec![ann.id], "{text}");
            }
            assert_eq!(r.find_exact("王伟")?.len(), 1);
            assert!(r.find_exact("acme")?.is_empty());
            Ok::<_, StoreError>(())
        })
        .expect("read");
}

#[test]
fn edits_move_index_entries() {
    let (_dir, store) = temp_store();
    let ann = add(&store, "Ann Lee", "Acme", "ann@acme.com", "13800138000");
    store
        .write(now(), |w| {
            let patch = CustomerPatch {
                name: Some("Ann Smith".into()),
                remove_emails: vec!["ANN@acme.com".into()],
                add_emails: vec!["ann@globex.com".into()],
                ..Default::default()
            };
            let (_, changed) = w.update_customer(ann.id, &patch)?;
            assert_eq!(changed, vec!["name", "emails"]);
            Ok::<_, StoreError>(())
        })
        .expect("edit");
    store
        .read(|r| {
            assert!(r.find_exact("ann lee")?.is_empty());
            assert!(r.find_exact("ann@acme.com")?.is_empty());
            assert_eq!(r.find_exact("ann smith")?, vec![ann.id]);
            assert_eq!(r.find_exact("ann@globex.com")?, vec![ann.id]);
            let mut names = Vec::new();
            r.for_each_search_text(|id, name, _, email| {
                names.push((id, name.to_string(), email.to_string()))
            })?;
            assert_eq!(
                names,
                vec![(
                    ann.id,
                    "Ann Smith".to_string(),
                    "ann@globex.com".to_string()
                )]
            );
            Ok::<_, StoreError>(())
        })
        .expect("read");
}

#[test]
fn log_with_next_action_links_timeline_task_and_last_contact() {
    let (_dir, store) = temp_store();
    let ann = add(&store, "Ann Lee", "Acme", "ann@acme.com", "13800138000");
    let friday = Due::Date(day("2026-11-27"));
    let logged = store
        .write(now(), |w| {
            w.log(
                NewInteraction {
                    customer: ann.id,
                    kind: InteractionKind::Call,
                    at: now(),
                    summary: "wants pricing".into(),
                    feedback: String::new(),
                    outcome: None,
                    author: "alice".into(),
                },
                Some(NewTask {
                    customer: Some(ann.id),
                    title: "send quote".into(),
                    due: Some(friday),
                    priority: Priority::Normal,
                    recurrence: None,
                }),
            )
        })
        .expect("log");
    let task = logged.task.clone().expect("task created");
    assert_eq!(logged.interaction.task, Some(task.id));
    assert_eq!(task.origin, Some(logged.interaction.id));
    store
        .read(|r| {
            let timeline = r.timeline(ann.id, 10)?;
            assert_eq!(timeline, vec![logged.interaction.clone()]);
            assert_eq!(r.get_customer(ann.id)?.last_contact_at, Some(now()));
            assert_eq!(r.customer_tasks(ann.id)?, vec![task.clone()]);
            let all = r.open_tasks(i64::MIN..i64::MAX, 10)?;
            assert_eq!(all, vec![task.clone()]);
            let before_friday = Due::Date(day("2026-11-26")).sort_key();
            assert_eq!(r.open_task_count(i64::MIN..before_friday)?, 0);
            assert_eq!(r.open_task_count(before_friday..friday.sort_key() + 1)?, 1);
            let audit = r.audit(Some(ann.id), 10)?;
            let actions: Vec<_> = audit.iter().map(|a| a.action.as_str()).collect();
            assert_eq!(actions, vec!["task.add", "interaction.add", "customer.add"]);
            assert!(
                audit
                    .iter()
                    .all(|a| a.actor == "alice" && a.channel == Channel::Cli)
            );
            Ok::<_, StoreError>(())
        })
        .expect("read");
}

#[test]
fn timeline_is_newest_first_and_older_logs_keep_last_contact() {
    let (_dir, store) = temp_store();
    let ann = add(&store, "Ann", "", "ann@acme.com", "13800138000");
    for (hours_ago, summary) in [(1, "recent"), (48, "older")] {
        store
            .write(now(), |w| {
                w.log(
                    NewInteraction {
                        customer: ann.id,
                        kind: InteractionKind::Email,
                        at: now() - Duration::hours(hours_ago),
                        summary: summary.into(),
                        feedback: String::new(),
                        outcome: None,
                        author: "alice".into(),
                    },
                    None,
                )
            })
            .expect("log");
    }
    store
        .read(|r| {
            let summaries: Vec<_> = r
                .timeline(ann.id, 10)?
                .into_iter()
                .map(|i| i.summary)
                .collect();
            assert_eq!(summaries, vec!["recent", "older"]);
            assert_eq!(
                r.get_customer(ann.id)?.last_contact_at,
                Some(now() - Duration::hours(1))
            );
            Ok::<_, StoreError>(())
        })
        .expect("read");
}

#[test]
fn recurring_task_requeues_and_snooze_keeps_history() {
    let (_dir, store) = temp_store();
    let task = store
        .write(now(), |w| {
            w.add_task(NewTask {
                customer: None,
                title: "weekly report".into(),
                due: Some(Due::Date(day("2026-11-20"))),
                priority: Priority::High,
                recurrence: Some(Recurrence::parse("1w").expect("rule")),
            })
        })
        .expect("add task");
    let (done, next) = store
        .write(now(), |w| w.complete_task(task.id))
        .expect("done");
    assert_eq!(done.status, TaskStatus::Done);
    let next = next.expect("recurs");
    assert_eq!(next.due, Some(Due::Date(day("2026-11-27"))));
    assert!(next.id != task.id);
    let again = store.write(now(), |w| w.complete_task(task.id));
    assert!(
        matches!(again, Err(StoreError::TaskClosed(..))),
        "{again:?}"
    );

    let monday = Due::Date(day("2026-11-30"));
    let snoozed = store
        .write(now(), |w| w.snooze_task(next.id, monday))
        .expect("snooze");
    assert_eq!(snoozed.due, Some(monday));
    assert_eq!(snoozed.snoozes.len(), 1);
    assert_eq!(snoozed.snoozes[0].from, next.due);
    store
        .read(|r| {
            assert_eq!(r.open_tasks(i64::MIN..i64::MAX, 10)?, vec![snoozed.clone()]);
            Ok::<_, StoreError>(())
        })
        .expect("read");
}

#[test]
fn quiet_customers_are_those_past_their_cadence() {
    let (_dir, store) = temp_store();
    let c = store
        .write(now() - Duration::days(40), |w| {
            w.add_customer(CustomerDraft {
                cadence: Some(30),
                ..CustomerDraft::named("Quiet Quinn")
            })
        })
        .expect("add");
    store
        .write(now(), |w| {
            w.add_customer(CustomerDraft {
                cadence: Some(30),
                ..CustomerDraft::named("Fresh Fay")
            })
        })
        .expect("add");
    store
        .read(|r| {
            let quiet: Vec<CustomerId> = r
                .cadence_quiet_keys(i64::MAX)?
                .into_iter()
                .filter(|(at, _)| *at < now().timestamp())
                .map(|(_, id)| id)
                .collect();
            assert_eq!(quiet, vec![c.id]);
            assert_eq!(
                r.touched_before((now() - Duration::days(35)).timestamp())?,
                vec![c.id]
            );
            Ok::<_, StoreError>(())
        })
        .expect("read");
}

#[test]
fn every_write_bumps_the_generation() {
    let (_dir, store) = temp_store();
    let g0 = (store.clone().reading_missing_as_empty())
        .read(|r| r.generation())
        .expect("read");
    add(&store, "Ann", "", "ann@acme.com", "13800138000");
    let g1 = store.read(|r| r.generation()).expect("read");
    assert!(g1 > g0);
}

#[test]
fn validation_errors_write_nothing() {
    let (_dir, store) = temp_store();
    let err = store
        .write(now(), |w| {
            w.add_customer(CustomerDraft {
                emails: vec!["nope".into()],
                ..CustomerDraft::named("Ann")
            })
        })
        .expect_err("invalid");
    assert_eq!(
        crate::fault::Blamed::blame(&err),
        crate::fault::Blame::Input
    );
    // Not even the file: a first write that fails creates nothing.
    assert!(!store.path().exists());
    add(&store, "Ann", "", "ann@acme.com", "13800138000");
    let err = store
        .write(now(), |w| {
            w.add_customer(CustomerDraft {
                emails: vec!["nope".into()],
                ..CustomerDraft::named("Bob")
            })
        })
        .expect_err("invalid");
    assert_eq!(
        crate::fault::Blamed::blame(&err),
        crate::fault::Blame::Input
    );
    assert_eq!(store.read(|r| r.counts()).expect("read").customers, 1);
}

#[test]
fn a_file_that_is_not_redb_is_refused_and_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("notes.txt");
    let original = b"these are my notes, not a database\n".repeat(100);
    std::fs::write(&path, &original).expect("write");
    let store = Store::new(&path, Channel::Cli);
    let err = store.read(|r| r.counts()).expect_err("refused");
    assert!(matches!(err, StoreError::NotADatabase(_)), "{err}");
    assert!(
        store
            .write(now(), |w| w.add_customer(CustomerDraft::named("x")))
            .is_err()
    );
    assert_eq!(std::fs::read(&path).expect("read"), original);
}

#[test]
fn a_newer_schema_is_readable_but_never_written() {
    let (_dir, store) = temp_store();
    add(&store, "Ann", "", "ann@acme.com", "13800138000");
    {
        let db = redb::Database::open(store.path()).expect("open");
        let txn = db.begin_write().expect("txn");
        txn.open_table(tables::META)
            .expect("meta")
            .insert(tables::SCHEMA_VERSION, SCHEMA_VERSION + 1)
            .expect("insert");
        txn.commit().expect("commit");
    }
    let err = store
        .write(now(), |w| w.add_customer(CustomerDraft::named("Bob")))
        .expect_err("refused");
    assert!(
        matches!(err, StoreError::NewerSchema { found, .. } if found == SCHEMA_VERSION + 1),
        "{err}"
    );
    assert!(err.to_string().contains("newer rolo"), "{err}");
    assert_eq!(store.read(|r| r.counts()).expect("read").customers, 1);
    let db = redb::Database::open(store.path()).expect("open");
    let txn = redb::ReadableDatabase::begin_read(&db).expect("txn");
    let meta = txn.open_table(tables::META).expect("meta");
    let version = meta
        .get(tables::SCHEMA_VERSION)
        .expect("get")
        .map(|v| v.value());
    assert_eq!(
        version,
        Some(SCHEMA_VERSION + 1),
        "the newer version mark is kept"
    );
}

#[test]
fn new_files_are_private() {
    let (dir, store) = temp_store();
    add(&store, "Ann", "", "ann@acme.com", "13800138000");
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode(store.path()), 0o600);
    assert_eq!(mode(&lock_path(store.path())), 0o600);
    assert_eq!(mode(&dir.path().join("data")), 0o700);
}

fn log_call(store: &Store, who: CustomerId, summary: &str, next: Option<&str>) -> LogResult {
    store
        .write(now(), |w| {
            w.log(
                NewInteraction {
                    customer: who,
                    kind: InteractionKind::Call,
                    at: now(),
                    summary: summary.into(),
                    feedback: String::new(),
                    outcome: None,
                    author: "alice".into(),
                },
                next.map(|title| NewTask {
                    customer: Some(who),
                    title: title.into(),
                    due: Some(Due::Date(day("2026-11-27"))),
                    priority: Priority::Normal,
                    recurrence: None,
                }),
            )
        })
        .expect("log")
}

#[test]
fn undo_takes_back_a_log_with_its_task_and_last_contact() {
    let (_dir, store) = temp_store();
    let ann = add(&store, "Ann Lee", "Acme", "ann@acme.com", "13800138000");
    let before = store.read(|r| r.get_customer(ann.id)).expect("read");
    log_call(&store, ann.id, "wants pricing", Some("send quote"));
    let undo = store.take_last_undo();
    assert_eq!(
        undo.changes.len(),
        3,
        "task, interaction, customer: {undo:?}"
    );
    let restored = store.write(now(), |w| w.undo(&undo)).expect("undo");
    assert_eq!(restored, 3);
    store
        .read(|r| {
            assert!(r.timeline(ann.id, 10)?.is_empty());
            assert!(r.customer_tasks(ann.id)?.is_empty());
            assert_eq!(r.open_task_count(i64::MIN..i64::MAX)?, 0);
            assert_eq!(r.get_customer(ann.id)?, before);
            let counts = r.counts()?;
            assert_eq!((counts.interactions, counts.tasks), (0, 0));
            Ok::<_, StoreError>(())
        })
        .expect("read");
}

#[test]
fn undo_reopens_a_completed_recurring_task_and_drops_its_successor() {
    let (_dir, store) = temp_store();
    let task = store
        .write(now(), |w| {
            w.add_task(NewTask {
                customer: None,
                title: "weekly report".into(),
                due: Some(Due::Date(day("2026-11-20"))),
                priority: Priority::Normal,
                recurrence: Some(Recurrence::parse("1w").expect("rule")),
            })
        })
        .expect("add");
    store
        .write(now(), |w| w.complete_task(task.id))
        .expect("done");
    let undo = store.take_last_undo();
    store.write(now(), |w| w.undo(&undo)).expect("undo");
    store
        .read(|r| {
            assert_eq!(r.open_tasks(i64::MIN..i64::MAX, 10)?, vec![task.clone()]);
            assert_eq!(r.counts()?.tasks, 1);
            Ok::<_, StoreError>(())
        })
        .expect("read");
}

#[test]
fn undo_refuses_when_a_row_changed_since_and_writes_nothing() {
    let (_dir, store) = temp_store();
    let ann = add(&store, "Ann Lee", "Acme", "ann@acme.com", "13800138000");
    let first = log_call(&store, ann.id, "first", None);
    let undo = store.take_last_undo();
    // Another terminal logs a newer call: the customer row moved on.
    let mut later = first.interaction.clone();
    later.at = now() + Duration::hours(1);
    store
        .write(now() + Duration::hours(1), |w| {
            w.log(
                NewInteraction {
                    customer: ann.id,
                    kind: InteractionKind::Email,
                    at: later.at,
                    summary: "second".into(),
                    feedback: String::new(),
                    outcome: None,
                    author: "bob".into(),
                },
                None,
            )
        })
        .expect("second log");
    let err = store.write(now(), |w| w.undo(&undo)).expect_err("conflict");
    assert!(matches!(err, StoreError::Changed(_)), "{err}");
    assert!(err.to_string().contains("changed since"), "{err}");
    assert_eq!(
        store.read(|r| r.timeline(ann.id, 10)).expect("read").len(),
        2
    );
}

#[test]
fn the_first_page_by_name_is_a_cheap_index_read_in_name_order() {
    let (_dir, store) = temp_store();
    for (name, phone) in [
        ("carol", "13800000001"),
        ("Ann", "13800000002"),
        ("bob", "13800000003"),
        ("王芳", "13800000004"),
    ] {
        add(&store, name, "", &format!("{phone}@example.com"), phone);
    }
    let page = store.read(|r| r.first_by_name(3)).expect("read");
    let names: Vec<&str> = page.iter().map(|(_, n, _, _)| n.as_str()).collect();
    assert_eq!(names, vec!["Ann", "bob", "carol"]);
    assert_eq!(store.read(|r| r.first_by_name(10)).expect("read").len(), 4);
}

/// The lost update: a form loaded Ann, another terminal changed her
/// company, then the form saves. The same field is refused (nothing is
/// written); other fields and tag additions still save.
#[test]
fn a_form_save_never_overwrites_a_field_changed_since_it_opened() {
    let (_dir, store) = temp_store();
    let base = add(&store, "Ann Lee", "Acme", "ann@acme.com", "");
    let elsewhere = CustomerPatch {
        company: Some("Acme Corp".into()),
        ..Default::default()
    };
    store
        .write(now(), |w| w.update_customer(base.id, &elsewhere))
        .expect("other terminal saves");

    let mine = CustomerPatch {
        company: Some("Acme Ltd".into()),
        title: Some("CTO".into()),
        ..Default::default()
    };
    let err = store
        .write(now(), |w| w.update_customer_from(&base, &mine))
        .expect_err("conflict");
    assert!(
        matches!(&err, StoreError::Conflict { fields, .. } if fields == "company"),
        "{err}"
    );
    assert_eq!(
        crate::fault::Blamed::blame(&err),
        crate::fault::Blame::Input
    );
    let ann = store.read(|r| r.get_customer(base.id)).expect("read");
    assert_eq!(
        (ann.company.as_str(), ann.title.as_str()),
        ("Acme Corp", "")
    );

    let title_and_tag = CustomerPatch {
        title: Some("CTO".into()),
        add_tags: vec!["vip".into()],
        ..Default::default()
    };
    let (saved, changed) = store
        .write(now(), |w| w.update_customer_from(&base, &title_and_tag))
        .expect("no conflict");
    assert_eq!(changed, ["title", "tags"]);
    assert_eq!(
        (saved.company.as_str(), saved.title.as_str()),
        ("Acme Corp", "CTO")
    );
}

fn new_deal(customer: CustomerId, title: &str, amount: i64) -> NewDeal {
    NewDeal {
        customer,
        title: title.into(),
        amount,
        currency: "CNY".into(),
        stage: None,
        probability: None,
        expected_close: None,
        owner: "alice".into(),
    }
}

#[test]
fn deals_move_close_promote_the_customer_and_undo() {
    let (_dir, store) = temp_store();
    let ann = add(&store, "Ann Lee", "Acme", "ann@acme.com", "13800138000");
    let pipeline = Pipeline::default();
    let deal = store
        .write(now(), |w| {
            w.add_deal(new_deal(ann.id, "50 seats", 5_000_000), &pipeline)
        })
        .expect("add deal");
    assert_eq!((deal.id, deal.stage.as_str()), (DealId(1), "qualify"));
    let later = now() + Duration::days(3);
    let moved = store
        .write(later, |w| {
            w.move_deal(deal.id, &pipeline.stages[2], Some(55))
        })
        .expect("move");
    assert_eq!((moved.stage.as_str(), moved.probability), ("proposal", 55));
    let err = store
        .write(later, |w| w.close_deal(deal.id, DealStatus::Lost, "  "))
        .expect_err("a loss needs a reason");
    assert_eq!(
        crate::fault::Blamed::blame(&err),
        crate::fault::Blame::Input,
        "{err}"
    );

    let won = store
        .write(later, |w| w.close_deal(deal.id, DealStatus::Won, ""))
        .expect("won");
    assert_eq!(won.deal.status, DealStatus::Won);
    assert_eq!(
        won.promoted.map(|c| (c.from, c.to)),
        Some((Stage::Lead, Stage::Customer)),
        "a lead who buys becomes a customer"
    );
    let again = store.write(later, |w| w.close_deal(deal.id, DealStatus::Won, ""));
    assert!(matches!(again, Err(StoreError::DealClosed(_, "won"))));

    // Undo takes back the win and the promotion together.
    let undo = store.read(|r| r.last_write("alice")).expect("journal");
    store.write(later, |w| w.undo(&undo)).expect("undo");
    store
        .read(|r| {
            assert_eq!(r.get_deal(deal.id)?.status, DealStatus::Open);
            let ann = r.get_customer(ann.id)?;
            assert_eq!(ann.stage, Stage::Lead);
            assert!(ann.stage_changes.is_empty());
            assert_eq!(r.customer_deals(ann.id)?.len(), 1);
            Ok::<_, StoreError>(())
        })
        .expect("read");
}

#[test]
fn cases_time_their_response_and_leave_the_open_index_when_resolved() {
    let (_dir, store) = temp_store();
    let ann = add(&store, "Ann Lee", "Acme", "ann@acme.com", "13800138000");
    let case = store
        .write(now(), |w| {
            w.open_case(NewCase {
                customer: ann.id,
                kind: CaseKind::Complaint,
                title: "invoice wrong".into(),
                priority: Priority::High,
                owner: "alice".into(),
            })
        })
        .expect("open");
    let open = store.read(|r| r.open_cases(10)).expect("open cases");
    assert_eq!((open.0.len(), open.1), (1, 1));
    store
        .write(now() + Duration::hours(2), |w| w.respond_case(case.id))
        .expect("respond");
    let done = store
        .write(now() + Duration::hours(30), |w| {
            w.resolve_case(case.id, "credited")
        })
        .expect("resolve");
    assert_eq!(done.response_hours(), Some(2.0));
    assert_eq!(done.resolution_hours(), Some(30.0));
    assert_eq!(store.read(|r| r.open_cases(10)).expect("open").1, 0);
    let again = store.write(now(), |w| w.resolve_case(case.id, ""));
    assert!(matches!(again, Err(StoreError::CaseResolved(_))));
}

fn undo_last(store: &Store) {
    let journal = store.take_last_undo();
    assert!(!journal.is_empty(), "the write was journaled");
    store.write(now(), |w| w.undo(&journal)).expect("undoes");
}

/// An order of `amount` minor units, placed now.
fn order(customer: CustomerId, amount: i64) -> OrderDraft {
    OrderDraft {
        customer,
        at: now(),
        amount,
        currency: "CNY".into(),
        items: "seats".into(),
        payment: None,
        invoice: String::new(),
        deal: None,
        owner: String::new(),
    }
}

#[test]
fn orders_are_kept_by_customer_and_by_date_corrected_and_undone() {
    let (_dir, store) = temp_store();
    let ann = add(&store, "Ann Lee", "Acme", "ann@acme.com", "13800138000");
    let bob = add(&store, "Bob", "Beta", "bob@beta.com", "13900139000");
    let early = OrderDraft {
        at: now() - chrono::Duration::days(40),
        ..order(ann.id, 50_000)
    };
    let first = store.write(now(), |w| w.add_order(early)).expect("adds");
    let second = store
        .write(now(), |w| w.add_order(order(ann.id, 70_000)))
        .expect("adds");
    store
        .write(now(), |w| w.add_order(order(bob.id, 10_000)))
        .expect("adds");
    store
        .read(|r| {
            let ids = |v: Vec<Order>| v.into_iter().map(|o| o.id).collect::<Vec<_>>();
            assert_eq!(ids(r.customer_orders(ann.id)?), [first.id, second.id]);
            let recent = r.orders_between(
                now() - chrono::Duration::days(7),
                now() + chrono::Duration::days(1),
            )?;
            assert_eq!(recent.len(), 2, "{recent:?}");
            Ok::<_, StoreError>(())
        })
        .expect("read");
    // Recorded on the wrong card, at the wrong date: corrected, both indexes follow.
    let patch = OrderPatch {
        customer: Some(bob.id),
        at: Some(now() - chrono::Duration::days(2)),
        ..OrderPatch::default()
    };
    let (moved, changed) = store
        .write(now(), |w| w.edit_order(first.id, &patch))
        .expect("edits");
    assert_eq!(changed, ["at", "customer"]);
    assert_eq!(moved.customer, bob.id);
    assert!(store.check().expect("check").ok());
    undo_last(&store);
    store
        .read(|r| {
            assert_eq!(r.get_order(first.id)?, first);
            Ok::<_, StoreError>(())
        })
        .expect("read");
    store
        .write(now(), |w| w.remove_order(second.id))
        .expect("removes");
    assert!(matches!(
        store.read(|r| r.get_order(second.id)),
        Err(StoreError::NoOrder(_))
    ));
    undo_last(&store);
    assert_eq!(
        store.read(|r| r.get_order(second.id)).expect("back"),
        second
    );
    // A future date and a customer that does not exist are refused.
    let tomorrow = OrderDraft {
        at: now() + chrono::Duration::days(2),
        ..order(ann.id, 1)
    };
    assert!(store.write(now(), |w| w.add_order(tomorrow)).is_err());
    assert!(matches!(
        store.write(now(), |w| w.add_order(order(CustomerId(99), 1))),
        Err(StoreError::NoCustomer(_))
    ));
    assert!(store.check().expect("check").ok());
}

#[test]
fn erasing_a_customer_takes_their_deals_and_cases() {
    let (_dir, store) = temp_store();
    let ann = add(&store, "Ann Lee", "Acme", "ann@acme.com", "13800138000");
    let bob = add(&store, "Bob", "Beta", "bob@beta.com", "13900139000");
    let pipeline = Pipeline::default();
    store
        .write(now(), |w| {
            w.add_deal(new_deal(ann.id, "seats", 100), &pipeline)?;
            w.add_deal(new_deal(bob.id, "seats", 100), &pipeline)?;
            w.open_case(NewCase {
                customer: ann.id,
                kind: CaseKind::Request,
                title: "reset".into(),
                priority: Priority::Normal,
                owner: String::new(),
            })?;
            for who in [ann.id, ann.id, bob.id] {
                w.add_order(order(who, 120_000))?;
            }
            Ok::<_, StoreError>(())
        })
        .expect("write");
    let erased = store
        .write(now(), |w| w.erase_customer(ann.id))
        .expect("erase");
    assert_eq!((erased.deals, erased.cases, erased.orders), (1, 1, 2));
    store
        .read(|r| {
            let deals = r.deals()?;
            assert_eq!(deals.len(), 1);
            assert_eq!(deals[0].customer, bob.id);
            assert!(r.cases()?.is_empty());
            assert_eq!(r.open_cases(5)?.1, 0);
            let orders = r.orders()?;
            assert_eq!(orders.len(), 1);
            assert_eq!(orders[0].customer, bob.id);
            assert!(r.customer_orders(ann.id)?.is_empty());
            let all = r.orders_between(
                now() - chrono::Duration::days(1),
                now() + chrono::Duration::days(1),
            )?;
            assert_eq!(all, orders, "the by-date index lost ann's too");
            Ok::<_, StoreError>(())
        })
        .expect("read");
    let report = store.check().expect("check");
    assert!(report.ok(), "{report:?}");
}

#[test]
fn campaigns_and_views_are_kept_by_name() {
    let (_dir, store) = temp_store();
    let expo = Campaign {
        name: " Spring  Expo ".into(),
        cost: 2_000_000,
        currency: "cny".into(),
        source: "trade show".into(),
        started: None,
        ended: None,
    };
    let (saved, new) = store
        .write(now(), |w| w.put_campaign(expo.clone()))
        .expect("add");
    assert!(new);
    assert_eq!(saved.name, "Spring Expo");
    let (_, new) = store
        .write(now(), |w| w.put_campaign(Campaign { cost: 1, ..expo }))
        .expect("replace");
    assert!(!new, "same name, case and spacing folded");
    let filter = CustomerFilter {
        tier: Some(Tier::Vip),
        mine: true,
        ..Default::default()
    };
    store
        .write(now(), |w| w.save_view("My VIPs", &filter))
        .expect("save view");
    store
        .read(|r| {
            assert_eq!(r.campaigns()?.len(), 1);
            assert_eq!(r.campaigns()?[0].cost, 1);
            assert_eq!(r.view("my vips")?, filter);
            assert!(matches!(r.view("nope"), Err(StoreError::NoView(_))));
            Ok::<_, StoreError>(())
        })
        .expect("read");
    store
        .write(now(), |w| w.delete_view("My VIPs"))
        .expect("delete");
    assert!(store.write(now(), |w| w.delete_view("My VIPs")).is_err());
}

#[test]
fn a_schema_1_file_reads_as_having_no_deals_and_upgrades_on_write() {
    let (_dir, store) = temp_store();
    let ann = add(&store, "Ann Lee", "Acme", "ann@acme.com", "13800138000");
    // Make the file look like one written before deals existed.
    {
        let db = redb::Database::open(store.path()).expect("open");
        let txn = db.begin_write().expect("txn");
        for name in [
            "deals",
            "cases",
            "campaigns",
            "views",
            "idx_customer_deals",
            "idx_customer_cases",
            "idx_open_cases",
        ] {
            txn.delete_table(redb::TableDefinition::<u64, u64>::new(name))
                .expect("drop");
        }
        txn.open_table(tables::META)
            .expect("meta")
            .insert(tables::SCHEMA_VERSION, 1)
            .expect("version");
        txn.commit().expect("commit");
    }
    store
        .read(|r| {
            assert!(r.deals()?.is_empty());
            assert!(r.customer_deals(ann.id)?.is_empty());
            assert_eq!(r.open_cases(3)?.1, 0);
            assert!(r.campaigns()?.is_empty() && r.views()?.is_empty());
            Ok::<_, StoreError>(())
        })
        .expect("an old file reads");
    store
        .write(now(), |w| {
            w.add_deal(new_deal(ann.id, "seats", 1), &Pipeline::default())
        })
        .expect("the first write migrates");
    assert!(store.check().expect("check").ok());
}

/// Issue 11: a form draft names the database it was typed against by
/// this id, so one made against another file is never saved into this one.
#[test]
fn a_database_gets_a_random_id_when_created_and_keeps_it() {
    let (_dir, store) = temp_store();
    add(&store, "Ann", "", "ann@acme.com", "13800138000");
    let id = store.read(|r| r.database_id()).expect("read");
    assert!(id.is_some_and(|id| id != 0), "{id:?}");
    add(&store, "Bob", "", "bob@acme.com", "13800138001");
    assert_eq!(store.read(|r| r.database_id()).expect("read"), id);
    let (_other_dir, other) = temp_store();
    add(&other, "Ann", "", "ann@acme.com", "13800138000");
    assert_ne!(other.read(|r| r.database_id()).expect("read"), id);
}

#[test]
fn a_file_without_an_id_reads_none_and_gets_one_on_its_next_write() {
    let (_dir, store) = temp_store();
    add(&store, "Ann", "", "ann@acme.com", "13800138000");
    {
        // As a file written before database ids existed.
        let db = redb::Database::open(store.path()).expect("open");
        let txn = db.begin_write().expect("txn");
        txn.open_table(tables::META)
            .expect("meta")
            .remove(tables::DATABASE_ID)
            .expect("remove");
        txn.commit().expect("commit");
    }
    assert_eq!(store.read(|r| r.database_id()).expect("read"), None);
    assert_eq!(
        store.read(|r| r.database_id()).expect("read"),
        None,
        "a read never adds one"
    );
    add(&store, "Bob", "", "bob@acme.com", "13800138001");
    assert!(store.read(|r| r.database_id()).expect("read").is_some());
}

/// Issue 13: phone keys became libphonenumber's E.164 in schema 3. A
/// schema-2 file (keys `p:8613800138000`, no `meta.phone_region`) checks
/// clean as it is, and its first write rebuilds the keys.
#[test]
fn a_schema_2_file_has_its_phone_keys_rebuilt_on_the_first_write() {
    let (_dir, store) = temp_store();
    let ann = add(&store, "Ann Lee", "Acme", "ann@acme.com", "138 0013 8000");
    {
        let db = redb::Database::open(store.path()).expect("open");
        let txn = db.begin_write().expect("txn");
        {
            let mut idx = txn.open_table(tables::IDX_LOOKUP).expect("idx");
            idx.remove(("p:+8613800138000", ann.id.0)).expect("remove");
            idx.insert(("p:8613800138000", ann.id.0), ())
                .expect("old key");
            let mut meta = txn.open_table(tables::META).expect("meta");
            meta.remove(tables::PHONE_REGION).expect("region");
            meta.insert(tables::SCHEMA_VERSION, 2).expect("version");
        }
        txn.commit().expect("commit");
    }
    let report = store.check().expect("check");
    assert!(report.ok(), "{:#?}", report.problems);
    add(&store, "Bob", "", "bob@acme.com", "+1 773 555 9306");
    let report = store.check().expect("check");
    assert!(report.ok(), "{:#?}", report.problems);
    let db = redb::Database::open(store.path()).expect("open");
    let txn = redb::ReadableDatabase::begin_read(&db).expect("txn");
    let idx = txn.open_table(tables::IDX_LOOKUP).expect("idx");
    let phones: Vec<String> = idx
        .range(("p:", 0u64)..("p;", 0u64))
        .expect("range")
        .map(|e| e.expect("row").0.value().0.to_string())
        .collect();
    assert_eq!(phones, ["p:+17735559306", "p:+8613800138000"]);
    // The readings are rebuilt with the keys, one per phone.
    let t = txn.open_table(tables::PHONE_FORMS).expect("forms");
    let forms: Vec<String> = redb::ReadableTable::iter(&t)
        .expect("iter")
        .map(|row| {
            let (typed, forms) = row.expect("row");
            format!("{}={}", typed.value(), forms.value().0)
        })
        .collect();
    assert_eq!(
        forms,
        [
            "+1 773 555 9306=+17735559306",
            "138 0013 8000=+8613800138000"
        ]
    );
    let meta = txn.open_table(tables::META).expect("meta");
    let version = meta
        .get(tables::SCHEMA_VERSION)
        .expect("get")
        .map(|v| v.value());
    assert_eq!(version, Some(SCHEMA_VERSION));
}

/// Every `phone_forms` row, as (typed, key, shown).
fn phone_forms_rows(store: &Store) -> Vec<(String, String, String)> {
    let db = redb::Database::open(store.path()).expect("open");
    let txn = redb::ReadableDatabase::begin_read(&db).expect("txn");
    let t = txn.open_table(tables::PHONE_FORMS).expect("forms");
    redb::ReadableTable::iter(&t)
        .expect("iter")
        .map(|row| {
            let (typed, forms) = row.expect("row");
            let (key, shown) = forms.value();
            (
                typed.value().to_string(),
                key.to_string(),
                shown.to_string(),
            )
        })
        .collect()
}

/// Issue 13: libphonenumber's first Chinese number costs a process ~20 ms,
/// so what each phone reads as is kept when it is written, read back by
/// the card, and leaves with the last customer who has it.
#[test]
fn phone_forms_are_kept_while_a_customer_has_the_number() {
    let (_dir, store) = temp_store();
    let ann = add(&store, "Ann Lee", "Acme", "ann@acme.com", "138 0013 8000");
    let row = |typed: &str, key: &str, shown: &str| (typed.into(), key.into(), shown.into());
    assert_eq!(
        phone_forms_rows(&store),
        [row("138 0013 8000", "+8613800138000", "138 0013 8000")]
    );
    let read = store
        .read(|r| r.phone_forms(&["138 0013 8000".to_string(), "+1 773 555 9306".into()]))
        .expect("read");
    assert_eq!(read[0].shown, "138 0013 8000");
    assert_eq!(read[0].tel(), "tel:+8613800138000");
    // One never written is read as it would be.
    assert_eq!(read[1].shown, "+1 773-555-9306");

    // Bob has the same number typed another way; Ann changes hers.
    let bob = add(&store, "Bob", "", "bob@acme.com", "+86 138-0013-8000");
    let patch = CustomerPatch {
        add_phones: vec!["+1 773 555 9306".into()],
        remove_phones: vec!["138 0013 8000".into()],
        ..Default::default()
    };
    store
        .write(now(), |w| w.update_customer(ann.id, &patch))
        .expect("edit");
    // Ann's old number stays while Bob has it (by key).
    let typed: Vec<String> = phone_forms_rows(&store).into_iter().map(|r| r.0).collect();
    assert_eq!(
        typed,
        ["+1 773 555 9306", "+86 138-0013-8000", "138 0013 8000"]
    );
    assert!(store.check().expect("check").ok());

    // Erased, Bob's number leaves, however it was typed: nobody has it now.
    store
        .write(now(), |w| w.erase_customer(bob.id))
        .expect("erase");
    let typed: Vec<String> = phone_forms_rows(&store).into_iter().map(|r| r.0).collect();
    assert_eq!(typed, ["+1 773 555 9306"]);
    assert!(store.check().expect("check").ok());
}

/// `rolo check` recomputes every `phone_forms` row: one that says
/// something else, and one no customer has (a number that should have left
/// with its customer), are problems.
#[test]
fn check_finds_phone_forms_rows_that_are_wrong_or_nobodys() {
    let cases = [
        (
            ("138 0013 8000", "+8613800138000", "138-0013-8000"),
            "reads as",
        ),
        (
            ("13900139000", "+8613900139000", "139 0013 9000"),
            "no customer's phone",
        ),
    ];
    for ((typed, key, shown), problem) in cases {
        let (_dir, store) = temp_store();
        add(&store, "Ann Lee", "Acme", "ann@acme.com", "138 0013 8000");
        {
            let db = redb::Database::open(store.path()).expect("open");
            let txn = db.begin_write().expect("txn");
            {
                let mut t = txn.open_table(tables::PHONE_FORMS).expect("forms");
                t.insert(typed, (key, shown)).expect("tamper");
            }
            txn.commit().expect("commit");
        }
        let report = store.check().expect("check");
        assert!(
            report
                .problems
                .iter()
                .any(|p| p.table == "phone_forms" && p.problem.contains(problem)),
            "{problem}: {:#?}",
            report.problems
        );
    }
}

/// The `agg_activity` counts a log, an edit, a removal and an undo leave.
fn activity(store: &Store, from: &str, to: &str) -> Vec<(String, InteractionKind, String, u64)> {
    store
        .read(|r| r.activity_counts(day(from), day(to)))
        .expect("read")
        .expect("a schema-4 file has the counts")
        .into_iter()
        .map(|c| (c.day.to_string(), c.kind, c.author, c.count))
        .collect()
}

fn call(customer: CustomerId, at: DateTime<FixedOffset>, author: &str) -> NewInteraction {
    NewInteraction {
        customer,
        kind: InteractionKind::Call,
        at,
        summary: "pricing".into(),
        feedback: String::new(),
        outcome: None,
        author: author.into(),
    }
}

/// Issue 14: the activity counters move with every write that changes an
/// interaction, in its own transaction, and undo moves them back.
#[test]
fn activity_counts_follow_logs_edits_removals_and_undo() {
    let (_dir, store) = temp_store();
    let ann = add(&store, "Ann Lee", "Acme", "ann@acme.com", "13800138000");
    let (first, _) = store
        .write(now(), |w| {
            let first = w.log(call(ann.id, now(), "alice"), None)?;
            w.log(call(ann.id, now(), "alice"), None)?;
            w.log(call(ann.id, now(), "bob smith"), None)?;
            Ok::<_, StoreError>((first.interaction, ()))
        })
        .expect("log");
    let today = now().date_naive().to_string();
    let tomorrow = (now().date_naive() + Duration::days(1)).to_string();
    let call = InteractionKind::Call;
    assert_eq!(
        activity(&store, &today, &tomorrow),
        [
            (today.clone(), call, "alice".to_string(), 2),
            (today.clone(), call, "bob smith".to_string(), 1),
        ]
    );
    // An edit that moves the interaction to another day moves its count.
    let patch = InteractionPatch {
        at: Some(now() - Duration::days(1)),
        ..Default::default()
    };
    store
        .write(now(), |w| w.edit_interaction(first.id, &patch))
        .expect("edit");
    let yesterday = (now().date_naive() - Duration::days(1)).to_string();
    assert_eq!(
        activity(&store, &yesterday, &tomorrow),
        [
            (yesterday.clone(), call, "alice".to_string(), 1),
            (today.clone(), call, "alice".to_string(), 1),
            (today.clone(), call, "bob smith".to_string(), 1),
        ]
    );
    store
        .write(now(), |w| w.remove_interaction(first.id))
        .expect("remove");
    assert_eq!(activity(&store, &yesterday, &today), []);
    let undo = store.take_last_undo();
    store.write(now(), |w| w.undo(&undo)).expect("undo");
    assert_eq!(
        activity(&store, &yesterday, &today),
        [(yesterday, call, "alice".to_string(), 1)]
    );
    assert!(store.check().expect("check").ok());
}

/// Issue 14: a deal is in the created index from the start, in the open
/// index while open, and in the closed index once closed; undo too.
#[test]
fn deal_date_indexes_follow_the_deal() {
    let (_dir, store) = temp_store();
    let ann = add(&store, "Ann Lee", "Acme", "ann@acme.com", "13800138000");
    let pipeline = Pipeline::default();
    let deal = store
        .write(now(), |w| {
            w.add_deal(new_deal(ann.id, "seats", 100), &pipeline)
        })
        .expect("add");
    let today = now().date_naive();
    let span = Some((today, today + Duration::days(1)));
    let ids = |created, closed, open| {
        store
            .read(|r| r.deals_by_days(created, closed, open))
            .expect("read")
            .expect("a schema-4 file has the indexes")
            .into_iter()
            .map(|d| d.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(span, None, false), [deal.id]);
    assert_eq!(ids(None, None, true), [deal.id]);
    assert_eq!(ids(None, span, false), []);
    store
        .write(now(), |w| w.close_deal(deal.id, DealStatus::Won, ""))
        .expect("won");
    assert_eq!(ids(None, None, true), []);
    assert_eq!(ids(None, span, false), [deal.id]);
    let undo = store.take_last_undo();
    store.write(now(), |w| w.undo(&undo)).expect("undo");
    assert_eq!(
        (ids(None, None, true), ids(None, span, false)),
        (vec![deal.id], vec![])
    );
    store
        .write(now(), |w| w.remove_deal(deal.id))
        .expect("remove");
    assert_eq!(ids(span, None, true), []);
    assert!(store.check().expect("check").ok());
}

/// Issue 14: a schema-3 file has no maintained answers; reads say so
/// (the report then reads every row) and its first write builds them.
#[test]
fn a_schema_3_file_gets_its_report_answers_built_on_first_write() {
    let (_dir, store) = temp_store();
    let ann = add(&store, "Ann Lee", "Acme", "ann@acme.com", "13800138000");
    store
        .write(now(), |w| {
            w.log(call(ann.id, now(), "alice"), None)?;
            w.add_deal(new_deal(ann.id, "seats", 1), &Pipeline::default())
        })
        .expect("write");
    let today = now().date_naive().to_string();
    let tomorrow = (now().date_naive() + Duration::days(1)).to_string();
    let before = activity(&store, &today, &tomorrow);
    {
        let db = redb::Database::open(store.path()).expect("open");
        let txn = db.begin_write().expect("txn");
        txn.delete_table(tables::AGG_ACTIVITY).expect("drop");
        for t in [
            tables::IDX_DEAL_CREATED,
            tables::IDX_DEAL_CLOSED,
            tables::IDX_OPEN_DEALS,
        ] {
            txn.delete_table(t).expect("drop");
        }
        txn.open_table(tables::META)
            .expect("meta")
            .insert(tables::SCHEMA_VERSION, 3)
            .expect("version");
        txn.commit().expect("commit");
    }
    let (counts, deals) = store
        .read(|r| {
            Ok::<_, StoreError>((
                r.activity_counts(day(&today), day(&tomorrow))?,
                r.deals_by_days(None, None, true)?,
            ))
        })
        .expect("an old file reads");
    assert!(counts.is_none() && deals.is_none());
    let report = store.check().expect("check");
    assert!(
        report.ok(),
        "not yet built is no damage: {:#?}",
        report.problems
    );
    add(&store, "Bob", "", "bob@acme.com", "13800138001");
    assert_eq!(activity(&store, &today, &tomorrow), before);
    let open = store
        .read(|r| r.deals_by_days(None, None, true))
        .expect("read");
    assert_eq!(open.map(|d| d.len()), Some(1));
    assert!(store.check().expect("check").ok());
}

/// Issue 14: a customer's report groups follow its source, and an undo
/// moves it back; the first customer by id names a group.
#[test]
fn group_counts_follow_the_customers_source() {
    let (_dir, store) = temp_store();
    let ann = add(&store, "Ann Lee", "Acme", "ann@acme.com", "13800138000");
    add(&store, "Bob", "", "bob@acme.com", "13800138001");
    let today = now().date_naive();
    let groups = || {
        store
            .read(|r| r.group_counts("s:", today, today + Duration::days(1)))
            .expect("read")
            .expect("a schema-4 file has the counts")
            .into_iter()
            .map(|g| (g.folded, g.customers, g.new_customers, g.first))
            .collect::<Vec<_>>()
    };
    assert_eq!(groups(), [("(none)".to_string(), 2, 2, ann.id)]);
    let patch = CustomerPatch {
        source: Some("Trade Fair".into()),
        ..Default::default()
    };
    store
        .write(now(), |w| w.update_customer(ann.id, &patch))
        .expect("edit");
    assert_eq!(
        groups(),
        [
            ("(none)".to_string(), 1, 1, CustomerId(2)),
            ("trade fair".to_string(), 1, 1, ann.id),
        ]
    );
    assert!(store.check().expect("check").ok());
    let undo = store.take_last_undo();
    store.write(now(), |w| w.undo(&undo)).expect("undo");
    assert_eq!(groups(), [("(none)".to_string(), 2, 2, ann.id)]);
    store
        .write(now(), |w| w.erase_customer(ann.id))
        .expect("erase");
    assert_eq!(groups(), [("(none)".to_string(), 1, 1, CustomerId(2))]);
    assert!(store.check().expect("check").ok());
}

/// Tiers read through the closed-day index and `deal_figures` equal tiers
/// from every deal decoded, on demo data, for several moments.
#[test]
fn won_last_year_through_the_closed_day_index_equals_every_deal() {
    let (_dir, store) = temp_store();
    let config = crate::config::Config::default();
    crate::exec::demo::load_with(&store, 300, 5, now(), "tester", &config.pipeline).expect("demo");
    let rates = config.rates();
    for days in [0, 40, 200, 400] {
        let at = now() + Duration::days(days);
        let (near, all) = store
            .read(|r| {
                Ok::<_, StoreError>((
                    {
                        let (from, to) = crate::domain::money::won_window(at);
                        r.deals_closed_near(from, to)?
                    },
                    r.deals()?,
                ))
            })
            .expect("read");
        assert!(near.len() < all.len(), "the window reads fewer deals");
        // A customer whose wins are all older than the window maps to 0
        // from every deal and is absent from the window: the same tier.
        let won = |deals: &[Deal]| {
            let mut by = crate::domain::money::won_by_customer(deals, &rates, at);
            by.retain(|_, won| *won != 0);
            by
        };
        let (by_near, by_all) = (won(&near), won(&all));
        assert_eq!(by_near, by_all, "{days} days on");
        assert!(days > 0 || !by_all.is_empty(), "someone won something");
    }
}

/// `deal list` reads open deals through `IDX_OPEN_DEALS`: the same deals,
/// whole, as filtering every deal, after some are won and lost.
#[test]
fn open_deals_are_every_open_deal_whole() {
    let (_dir, store) = temp_store();
    let pipeline = crate::config::Config::default().pipeline;
    crate::exec::demo::load_with(&store, 120, 9, now(), "tester", &pipeline).expect("demo");
    store
        .read(|r| {
            let open = r.open_deals()?.expect("schema 4 keeps the index");
            let every: Vec<Deal> = r
                .deals()?
                .into_iter()
                .filter(|d| d.status == DealStatus::Open)
                .collect();
            assert!(!open.is_empty() && open.len() < r.deals()?.len());
            assert_eq!(open, every);
            Ok::<_, StoreError>(())
        })
        .expect("read");
}

/// `case list` and `deal list` name their customers through
/// `customer_names`: in the order asked, repeats and all, `None` for an id
/// that is no customer.
#[test]
fn customer_names_come_back_in_the_order_asked() {
    let (_dir, store) = temp_store();
    let add = |name: &str| {
        store
            .write(now(), |w| w.add_customer(CustomerDraft::named(name)))
            .expect("add")
            .id
    };
    let (ann, bo) = (add("Ann Lee"), add("张伟"));
    let names = store
        .read(|r| r.customer_names(&[bo, CustomerId(999), ann, bo]))
        .expect("names");
    assert_eq!(
        names,
        [
            Some("张伟".to_string()),
            None,
            Some("Ann Lee".to_string()),
            Some("张伟".to_string())
        ]
    );
}
