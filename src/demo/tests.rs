use super::*;
use crate::domain::validate;
use std::collections::HashMap;

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-25T10:17:00+08:00").expect("valid")
}

fn is_chinese(c: &DemoCustomer) -> bool {
    !c.draft.name.is_ascii()
}

fn all_tasks(c: &DemoCustomer) -> impl Iterator<Item = &DemoTask> {
    c.tasks
        .iter()
        .chain(c.interactions.iter().filter_map(|i| i.next.as_ref()))
}

/// Open tasks by bucket: (overdue, today, next 7 days, later, undated).
fn open_buckets(customers: &[DemoCustomer], now: DateTime<FixedOffset>) -> [usize; 5] {
    let today = now.date_naive();
    let mut out = [0; 5];
    for t in customers.iter().flat_map(all_tasks) {
        if t.status != TaskStatus::Open {
            continue;
        }
        let slot = match t.due.map(|d| (d.date() - today).num_days()) {
            None => 4,
            Some(d) if d < 0 => {
                assert!((-14..=-1).contains(&d), "overdue by {} days: {t:?}", -d);
                0
            }
            Some(0) => 1,
            Some(d) if d <= 7 => 2,
            Some(_) => 3,
        };
        out[slot] += 1;
    }
    out
}

fn is_quiet(c: &DemoCustomer, now: DateTime<FixedOffset>) -> bool {
    let Some(cadence) = c.draft.cadence else {
        return false;
    };
    let last = c.interactions.last().map_or(c.created_at, |i| i.at);
    last + TimeDelta::days(i64::from(cadence)) < now
}

#[test]
fn deterministic_and_prefix_stable() {
    let a: Vec<_> = generate(200, 7, now()).collect();
    let b: Vec<_> = generate(200, 7, now()).collect();
    assert_eq!(a, b);
    let prefix: Vec<_> = generate(50, 7, now()).collect();
    assert_eq!(prefix[..], a[..50]);
    let other: Vec<_> = generate(50, 8, now()).collect();
    assert_ne!(other[..], a[..50]);
    assert_eq!(generate(200, 7, now()).len(), 200);
}

#[test]
fn every_contact_validates_and_is_unique() {
    let mut emails = HashSet::new();
    let mut phones = HashSet::new();
    for c in generate(3000, 11, now()) {
        let draft = c.draft.clone();
        assert_eq!(draft.clone().validate().as_ref(), Ok(&draft));
        for e in &draft.emails {
            assert!(validate::email(e).is_ok(), "{e}");
            assert!(emails.insert(validate::email_key(e)), "duplicate email {e}");
        }
        for p in &draft.phones {
            assert!(validate::phone(p).is_ok(), "{p}");
            assert!(phones.insert(validate::phone_key(p)), "duplicate phone {p}");
        }
        for i in &c.interactions {
            assert!(!i.summary.is_empty() || i.outcome.is_some(), "{i:?}");
            assert!(!i.author.is_empty());
        }
        for t in all_tasks(&c) {
            assert!(!t.title.trim().is_empty());
        }
    }
    assert!(emails.len() > 2500, "{}", emails.len());
    assert!(phones.len() > 2500, "{}", phones.len());
}

#[test]
fn shape_of_the_default_demo() {
    let now = now();
    let customers: Vec<_> = generate(200, 7, now).collect();

    let zh = customers.iter().filter(|c| is_chinese(c)).count();
    assert!((70..=130).contains(&zh), "{zh} Chinese customers");
    let with_company = customers
        .iter()
        .filter(|c| !c.draft.company.is_empty())
        .count();
    assert!(with_company > 170, "{with_company}");
    assert!(
        customers
            .iter()
            .any(|c| c.draft.company.ends_with("有限公司"))
    );
    let with_cadence = customers
        .iter()
        .filter(|c| c.draft.cadence.is_some())
        .count();
    assert!(
        (90..=150).contains(&with_cadence),
        "{with_cadence} with cadence"
    );
    for stage in Stage::ALL {
        let n = customers.iter().filter(|c| c.draft.stage == stage).count();
        assert!(n >= 5, "{n} {stage}");
    }
    let leads = customers
        .iter()
        .filter(|c| c.draft.stage <= Stage::Prospect)
        .count();
    assert!(leads > 80, "{leads} leads and prospects");

    // The same common name at different companies.
    let mut names: HashMap<&str, Vec<&str>> = HashMap::new();
    for c in &customers {
        names
            .entry(&c.draft.name)
            .or_default()
            .push(&c.draft.company);
    }
    for name in ["王伟", "John Smith"] {
        let companies = &names[name];
        assert!(companies.len() >= 2, "{name}: {companies:?}");
        assert_ne!(companies[0], companies[1], "{name}");
    }

    // What `rolo today` shows.
    let [overdue, today, week, later, undated] = open_buckets(&customers, now);
    assert!((3..=12).contains(&overdue), "{overdue} overdue");
    assert!((2..=8).contains(&today), "{today} due today");
    assert!((10..=20).contains(&week), "{week} in the next 7 days");
    assert!(later + undated > 30, "{later} later, {undated} undated");
    let timed_today = customers
        .iter()
        .flat_map(all_tasks)
        .filter(|t| t.status == TaskStatus::Open)
        .filter_map(|t| t.due)
        .filter(|d| d.date() == now.date_naive() && d.time().is_some())
        .count();
    assert!(timed_today >= 1);
    let quiet = customers.iter().filter(|c| is_quiet(c, now)).count();
    assert!((5..=40).contains(&quiet), "{quiet} quiet");
    let open: Vec<_> = customers
        .iter()
        .flat_map(all_tasks)
        .filter(|t| t.status == TaskStatus::Open)
        .collect();
    assert!(open.iter().any(|t| t.recurrence.is_some()));
    assert!(open.iter().any(|t| t.priority == Priority::High));
    assert!(open.iter().any(|t| t.priority == Priority::Low));
    let open_next = customers
        .iter()
        .flat_map(|c| &c.interactions)
        .filter_map(|i| i.next.as_ref())
        .filter(|t| t.status == TaskStatus::Open)
        .count();
    assert!(
        open_next > 10,
        "{open_next} open follow-ups of interactions"
    );
}

#[test]
fn times_are_consistent_and_relative_to_now() {
    // An early-morning `now` in another offset: nothing may land after it.
    let now = DateTime::parse_from_rfc3339("2026-03-02T07:45:00-05:00").expect("valid");
    for c in generate(500, 3, now) {
        assert_eq!(c.created_at.offset(), now.offset());
        assert!(c.created_at < now);
        let mut prev = c.created_at;
        for i in &c.interactions {
            assert_eq!(i.at.offset(), now.offset());
            assert!(prev <= i.at && i.at < now, "{} {:?}", c.draft.name, i);
            prev = i.at;
            assert_eq!(i.outcome.is_some(), i.kind == InteractionKind::Call);
            if let Some(t) = &i.next {
                assert_eq!(t.created_at, i.at);
                if let Some(due) = t.due {
                    let gap = (due.date() - i.at.date_naive()).num_days();
                    assert!((0..=30).contains(&gap), "{gap} days: {i:?}");
                }
            }
        }
        for t in all_tasks(&c) {
            assert!(c.created_at <= t.created_at && t.created_at < now, "{t:?}");
            match t.status {
                TaskStatus::Done => {
                    let done = t.done_at.expect("done tasks have done_at");
                    assert!(t.created_at < done && done < now, "{t:?}");
                    assert!(t.recurrence.is_none());
                }
                TaskStatus::Open | TaskStatus::Cancelled => assert_eq!(t.done_at, None),
            }
            if t.status != TaskStatus::Open {
                let due = t.due.expect("finished tasks had a due date");
                assert!(due.date() < now.date_naive(), "{t:?}");
            }
        }
    }
}

#[test]
fn interactions_fall_in_working_hours() {
    let mut total = 0;
    let mut office = 0;
    let mut weekday = 0;
    for c in generate(300, 5, now()) {
        for i in &c.interactions {
            total += 1;
            let t = i.at.time();
            if hm(9, 0) <= t && t < hm(19, 0) {
                office += 1;
            }
            if !matches!(i.at.weekday(), Weekday::Sat | Weekday::Sun) {
                weekday += 1;
            }
        }
    }
    assert!(
        office * 100 >= total * 98,
        "{office}/{total} in office hours"
    );
    assert!(weekday * 100 >= total * 95, "{weekday}/{total} on weekdays");
}

#[test]
fn averages_at_two_thousand() {
    let now = now();
    let customers: Vec<_> = generate(2000, 42, now).collect();
    let n = customers.len() as f64;
    let interactions: usize = customers.iter().map(|c| c.interactions.len()).sum();
    let tasks: usize = customers.iter().map(|c| all_tasks(c).count()).sum();
    let per_i = interactions as f64 / n;
    let per_t = tasks as f64 / n;
    assert!(
        (9.0..=11.0).contains(&per_i),
        "{per_i} interactions per customer"
    );
    assert!((2.7..=3.3).contains(&per_t), "{per_t} tasks per customer");

    // The same proportions as the small demo, scaled.
    let [overdue, today, week, _, _] = open_buckets(&customers, now);
    assert!((60..=80).contains(&overdue), "{overdue}");
    assert!((35..=45).contains(&today), "{today}");
    assert!((150..=170).contains(&week), "{week}");

    let kinds: HashSet<_> = customers
        .iter()
        .flat_map(|c| &c.interactions)
        .map(|i| i.kind)
        .collect();
    assert_eq!(kinds.len(), InteractionKind::ALL.len());
    let outcomes: HashSet<_> = customers
        .iter()
        .flat_map(|c| &c.interactions)
        .filter_map(|i| i.outcome)
        .collect();
    assert_eq!(outcomes.len(), Outcome::ALL.len());
    let by_stage = |s: Stage| {
        let cs: Vec<_> = customers.iter().filter(|c| c.draft.stage == s).collect();
        cs.iter().map(|c| c.interactions.len()).sum::<usize>() as f64 / cs.len() as f64
    };
    assert!(by_stage(Stage::Lead) < by_stage(Stage::Customer));
    assert!(by_stage(Stage::Customer) < by_stage(Stage::Loyal));
}
