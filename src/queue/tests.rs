use super::*;
use crate::domain::{CaseId, CaseStatus, TaskId, TaskStatus};
use chrono::{Duration, NaiveDate};

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-22T09:00:00+08:00").expect("valid")
}

fn who(id: u64, weighted_pipeline: i64, quiet_since: Option<DateTime<FixedOffset>>) -> Who {
    Who {
        id: CustomerId(id),
        name: format!("customer {id}"),
        company: String::new(),
        owner: String::new(),
        weighted_pipeline,
        quiet_since,
        cadence: quiet_since.map(|_| 14),
    }
}

fn task(id: u64, due: &str, priority: Priority) -> Task {
    Task {
        id: TaskId(id),
        customer: None,
        title: format!("task {id}"),
        due: Some(Due::Date(
            NaiveDate::parse_from_str(due, "%Y-%m-%d").expect("date"),
        )),
        priority,
        status: TaskStatus::Open,
        done_at: None,
        snoozes: Vec::new(),
        recurrence: None,
        origin: None,
        created_at: now() - Duration::days(20),
    }
}

fn complaint(id: u64, days_open: i64) -> Case {
    Case {
        id: CaseId(id),
        customer: CustomerId(2),
        kind: CaseKind::Complaint,
        title: "invoice wrong".into(),
        status: CaseStatus::Open,
        priority: Priority::Normal,
        owner: String::new(),
        opened_at: now() - Duration::days(days_open),
        first_response_at: None,
        resolved_at: None,
        resolution: String::new(),
    }
}

fn rates() -> Rates {
    Rates::new("CNY", &Default::default())
}

#[test]
fn urgency_adds_lateness_priority_deal_value_cadence_and_cases() {
    let items = vec![
        Item::Task {
            task: task(5, "2026-11-25", Priority::Low),
            customer: None,
        },
        Item::Quiet {
            customer: who(3, 0, Some(now() - Duration::days(10))),
        },
        Item::Task {
            task: task(4, "2026-11-22", Priority::Normal),
            customer: None,
        },
        Item::Case {
            case: complaint(1, 2),
            customer: who(2, 0, None),
        },
        Item::Task {
            task: task(1, "2026-11-19", Priority::High),
            // 100,000 CNY weighted: 10 × log10(1 + 100) = 20 points.
            customer: Some(who(1, 10_000_000, None)),
        },
    ];
    let ranked = rank(items, now(), &rates(), &Weights::default());
    let scores: Vec<(String, i64)> = ranked.iter().map(|r| (r.title(), r.score)).collect();
    assert_eq!(
        scores,
        [
            ("task 1".to_string(), 35 + 30 + 20),
            ("complaint #1: invoice wrong".to_string(), 25 + 6 + 20),
            ("get back in touch".to_string(), 10 + 2 * 10),
            ("task 4".to_string(), 15),
            ("task 5".to_string(), (10 - 2 * 3) - 10),
        ]
    );
    assert_eq!(ranked[0].rank, 1);
    assert_eq!(
        ranked[0].why(),
        "  +35  overdue 3 days\n  +30  high priority\n  +20  open deals worth 100,000 CNY weighted\n   85  score\n"
    );
    assert_eq!(
        ranked[2].reasons[0].label,
        "gone quiet: 10 days past the 14-day cadence"
    );
    assert_eq!(ranked[1].reasons[1].label, "no answer yet after 48 h");
}

#[test]
fn lateness_and_age_stop_counting_after_the_cap() {
    let w = Weights::default();
    let late = |due: &str| {
        rank(
            vec![Item::Task {
                task: task(1, due, Priority::Normal),
                customer: None,
            }],
            now(),
            &rates(),
            &w,
        )[0]
        .score
    };
    assert_eq!(late("2026-10-23"), 20 + 5 * 30);
    assert_eq!(
        late("2025-11-22"),
        20 + 5 * 30,
        "a year late weighs as 30 days"
    );
    let deal_cap = rank(
        vec![Item::Quiet {
            customer: who(9, i64::MAX / 4, None),
        }],
        now(),
        &rates(),
        &w,
    );
    assert_eq!(deal_cap[0].score, w.deal_cap);
}

#[test]
fn equal_scores_keep_the_earlier_due_first() {
    let items = vec![
        Item::Task {
            task: task(2, "2026-11-22", Priority::Normal),
            customer: None,
        },
        Item::Task {
            task: task(1, "2026-11-22", Priority::Normal),
            customer: None,
        },
    ];
    let ranked = rank(items, now(), &rates(), &Weights::default());
    let ids: Vec<_> = ranked.iter().map(|r| r.title()).collect();
    assert_eq!(ids, ["task 1", "task 2"]);
}

#[test]
fn gather_ranks_every_item_rolo_today_lists_once() {
    use crate::domain::{Channel, CustomerDraft, NewDeal, NewTask};
    let dir = tempfile::tempdir().expect("tempdir");
    let store = crate::store::Store::new(dir.path().join("q.redb"), Channel::Cli);
    let config = Config::default();
    let long_ago = now() - Duration::days(40);
    let (quiet_with_task, quiet_alone) = store
        .write(long_ago, |w| {
            let a = w.add_customer(CustomerDraft {
                cadence: Some(14),
                ..CustomerDraft::named("Ann")
            })?;
            let b = w.add_customer(CustomerDraft {
                cadence: Some(14),
                ..CustomerDraft::named("Bo")
            })?;
            w.add_task(NewTask {
                customer: Some(a.id),
                title: "call back".into(),
                due: Some(Due::Date(
                    NaiveDate::from_ymd_opt(2026, 11, 21).expect("date"),
                )),
                priority: Priority::Normal,
                recurrence: None,
            })?;
            w.add_deal(
                NewDeal {
                    customer: b.id,
                    title: "renewal".into(),
                    amount: 100_000_000,
                    currency: "CNY".into(),
                    stage: Some("commit".into()),
                    probability: None,
                    expected_close: None,
                    owner: String::new(),
                },
                &config.pipeline,
            )?;
            Ok::<_, crate::store::StoreError>((a, b))
        })
        .expect("write");
    let (ranked, total) = store
        .read(|r| gather(r, &config, now(), 10))
        .expect("gather");
    // Ann's task (carrying her breach), Ann gone quiet, Bo gone quiet:
    // what `rolo today` lists, one task and two quiet customers.
    assert_eq!(total, 3);
    let first = &ranked[0];
    assert_eq!(first.customer_name(), Some("Bo"));
    // 26 days past cadence: 10 + 2 × 26; 900,000 weighted: 10 × log10(901) ≈ 30.
    assert_eq!(first.score, 62 + 30, "{}", first.why());
    let second = &ranked[1];
    assert_eq!(second.title(), "call back");
    assert!(
        second
            .reasons
            .iter()
            .any(|r| r.label == "gone quiet: 26 days past the 14-day cadence"),
        "{}",
        second.why()
    );
    let third = &ranked[2];
    assert!(
        matches!(&third.item, Item::Quiet { customer } if customer.id == quiet_with_task.id),
        "Ann is in the queue as gone quiet too: {third:?}"
    );
    assert_eq!(third.score, 62, "{}", third.why());
    assert_eq!(quiet_with_task.id.0 + 1, quiet_alone.id.0);
}

/// The fast `gather` (customers by id until the first `limit` are known)
/// ranks, scores, explains and counts exactly as reading every record does,
/// on the demo data, for a screenful, the app's 300 and everything, with
/// and without `quiet_days`; and a few days on, when more have gone quiet.
#[test]
fn gather_agrees_with_gather_by_records_on_the_demo_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = crate::store::Store::new(dir.path().join("rolo.redb"), crate::domain::Channel::Cli);
    let mut config = Config::default();
    crate::exec::demo::load_with(&store, 400, 3, now(), "tester", &config.pipeline).expect("demo");
    for quiet_days in [0, 30] {
        config.quiet_days = quiet_days;
        for at in [now(), now() + Duration::days(9)] {
            for limit in [1, 25, 300, usize::MAX] {
                let (fast, fast_total) = store
                    .read(|r| gather_by_ids(r, &config, at, limit))
                    .expect("gather")
                    .expect("no fallback: the indexes agree with the records");
                let (slow, slow_total) = store
                    .read(|r| gather_by_records(r, &config, at, limit))
                    .expect("by records");
                assert_eq!(
                    fast_total, slow_total,
                    "quiet_days {quiet_days}, limit {limit}"
                );
                assert!(fast_total > 50, "a queue worth ranking: {fast_total}");
                assert_eq!(fast, slow, "quiet_days {quiet_days}, {at}, limit {limit}");
            }
        }
    }
}
