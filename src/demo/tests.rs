use super::*;
use crate::domain::{CaseKind, CaseStatus, validate};
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

// ---- the sales side ----------------------------------------------------------

fn won_in_month(customers: &[DemoCustomer], now: DateTime<FixedOffset>) -> usize {
    customers
        .iter()
        .flat_map(|c| &c.deals)
        .filter(|d| d.status == DealStatus::Won)
        .filter_map(|d| d.closed_at)
        .filter(|at| at.year() == now.year() && at.month() == now.month())
        .count()
}

/// What a customer won in the last 12 months, in CNY minor units (the
/// demo's USD deals are left out, as with a config that has no USD rate).
fn won_last_year_cny(c: &DemoCustomer, now: DateTime<FixedOffset>) -> i64 {
    let rates = crate::domain::money::Rates::new("CNY", &BTreeMap::new());
    crate::domain::money::won_last_year(&c.deals, &rates, now)
}

#[test]
fn sales_side_is_deterministic_and_prefix_stable() {
    let a: Vec<_> = generate(300, 9, now()).owned_by("mei").collect();
    let b: Vec<_> = generate(300, 9, now()).owned_by("mei").collect();
    assert_eq!(a, b);
    let prefix: Vec<_> = generate(120, 9, now()).owned_by("mei").collect();
    assert_eq!(prefix[..], a[..120]);
    assert!(a.iter().map(|c| c.deals.len()).sum::<usize>() > 50);
    assert!(a.iter().map(|c| c.cases.len()).sum::<usize>() > 10);
    // Another user changes only who owns (and wrote) things, nothing else.
    let other: Vec<_> = generate(300, 9, now()).owned_by("zoe").collect();
    for (x, y) in a.iter().zip(&other) {
        assert_eq!(x.draft.name, y.draft.name);
        assert_eq!(x.deals.len(), y.deals.len());
        assert_eq!(x.draft.owner == "mei", y.draft.owner == "zoe");
    }
}

#[test]
fn won_deals_follow_the_customer_lifecycle() {
    let now = now();
    let mut won = 0;
    for c in generate(2000, 13, now) {
        let changes = &c.stage_changes;
        // Stage changes are a chain from lead to the customer's stage.
        if c.draft.stage == Stage::Lead {
            assert!(changes.is_empty(), "{changes:?}");
        } else {
            assert_eq!(changes[0].from, Stage::Lead, "{changes:?}");
            assert_eq!(changes.last().map(|s| s.to), Some(c.draft.stage));
            for pair in changes.windows(2) {
                assert_eq!(pair[0].to, pair[1].from, "{changes:?}");
                assert!(pair[0].at <= pair[1].at, "{changes:?}");
            }
            for s in changes {
                assert!(c.created_at <= s.at && s.at < now, "{s:?}");
            }
        }
        let became = changes
            .iter()
            .find(|s| s.to == Stage::Customer)
            .map(|s| s.at);
        for d in &c.deals {
            assert!(d.amount > 0, "{d:?}");
            assert!(["CNY", "USD"].contains(&d.currency.as_str()));
            assert!(!d.title.trim().is_empty());
            assert!(c.created_at <= d.created_at && d.created_at < now, "{d:?}");
            let first = d.history.first().expect("a history");
            assert_eq!((first.at, first.stage.as_str()), (d.created_at, "qualify"));
            for pair in d.history.windows(2) {
                assert!(pair[0].at <= pair[1].at, "{:?}", d.history);
            }
            let last = d.history.last().expect("a history");
            match d.status {
                DealStatus::Open => {
                    assert_eq!(d.closed_at, None);
                    assert_eq!(last.stage, d.stage);
                    let expected = d.expected_close.expect("open deals have a close date");
                    let ahead = (expected - now.date_naive()).num_days();
                    assert!((1..=95).contains(&ahead), "{ahead} days: {d:?}");
                }
                DealStatus::Won | DealStatus::Lost => {
                    let closed = d.closed_at.expect("closed deals have closed_at");
                    assert!(d.created_at <= closed && closed < now, "{d:?}");
                    assert_eq!((last.stage.as_str(), last.at), (d.status.as_str(), closed));
                    assert!(Pipeline::default().index(&d.stage).is_some(), "{d:?}");
                }
            }
            if d.status == DealStatus::Won {
                won += 1;
                assert!(
                    matches!(c.draft.stage, Stage::Customer | Stage::Loyal),
                    "a {} won {d:?}",
                    c.draft.stage
                );
                let closed = d.closed_at.expect("won");
                assert!(became.is_some_and(|at| at <= closed), "{changes:?} {d:?}");
                // The win is in the timeline.
                assert!(
                    c.interactions
                        .iter()
                        .any(|i| i.at == closed && i.summary.contains(&d.title)),
                    "{d:?}"
                );
            }
            if d.status == DealStatus::Lost {
                assert!(!d.reason.is_empty(), "{d:?}");
            }
        }
    }
    assert!(won > 150, "{won} won");
}

#[test]
fn cases_are_timed_in_order() {
    let now = now();
    let mut resolved = 0;
    for c in generate(2000, 17, now) {
        for k in &c.cases {
            assert!(c.created_at <= k.opened_at && k.opened_at < now, "{k:?}");
            assert!(k.opened_at >= now - TimeDelta::days(91), "{k:?}");
            if let Some(first) = k.first_response_at {
                assert!(k.opened_at < first && first < now, "{k:?}");
                let hours = k.response_hours().expect("responded");
                assert!((0.5..=48.0).contains(&hours), "{hours} h: {k:?}");
            }
            match k.status {
                CaseStatus::Resolved => {
                    resolved += 1;
                    let done = k.resolved_at.expect("resolved");
                    let first = k.first_response_at.expect("answered before resolved");
                    assert!(first <= done && done < now, "{k:?}");
                    let hours = k.resolution_hours().expect("resolved");
                    assert!((2.0..=10.0 * 24.0 + 1.0).contains(&hours), "{hours} h");
                    assert!(!k.resolution.is_empty());
                }
                CaseStatus::InProgress => {
                    assert!(k.first_response_at.is_some() && k.resolved_at.is_none());
                }
                CaseStatus::Open => {
                    assert!(k.first_response_at.is_none() && k.resolved_at.is_none());
                }
            }
        }
    }
    assert!(resolved > 100, "{resolved} resolved");
}

#[test]
fn a_manager_has_something_to_look_at_in_the_default_demo() {
    let now = now();
    let customers: Vec<_> = generate(200, 7, now).owned_by("mei").collect();

    let won = won_in_month(&customers, now);
    assert!((5..=15).contains(&won), "{won} won this month");
    // The same for the CLI tests' pinned time and default seed.
    let cli_now = DateTime::parse_from_rfc3339("2026-11-22T09:00:00+08:00").expect("valid");
    let cli: Vec<_> = generate(200, 1, cli_now).collect();
    let won = won_in_month(&cli, cli_now);
    assert!((5..=15).contains(&won), "{won} won this month (seed 1)");

    let cases: Vec<_> = customers.iter().flat_map(|c| &c.cases).collect();
    let open_complaints = cases
        .iter()
        .filter(|k| k.is_open() && k.kind == CaseKind::Complaint)
        .count();
    assert!(open_complaints >= 2, "{open_complaints} open complaints");
    assert!(
        cases.iter().any(|k| k.is_open() && k.age_days(now) > 7),
        "an open case older than a week"
    );
    let complaints = cases
        .iter()
        .filter(|k| k.kind == CaseKind::Complaint)
        .count();
    assert!(
        (cases.len() / 5..=cases.len() / 2).contains(&complaints),
        "{complaints} of {} cases are complaints",
        cases.len()
    );
    let with_cases = customers.iter().filter(|c| !c.cases.is_empty()).count();
    assert!(
        (8..=28).contains(&with_cases),
        "{with_cases} customers with cases"
    );

    let tiers = crate::domain::TierThresholds::default();
    let quiet_key = customers
        .iter()
        .filter(|c| is_quiet(c, now))
        .filter(|c| tiers.tier(won_last_year_cny(c, now)) >= crate::domain::Tier::Key)
        .count();
    assert!(quiet_key >= 1, "{quiet_key} quiet key/VIP customers");

    let mine = customers.iter().filter(|c| c.draft.owner == "mei").count();
    assert!((35..=65).contains(&mine), "{mine} of 200 are mine");
    let reps: HashSet<_> = customers.iter().map(|c| c.draft.owner.as_str()).collect();
    assert_eq!(reps.len(), 5, "four reps and me: {reps:?}");
}

#[test]
fn campaigns_match_their_customers() {
    let now = now();
    let campaigns = super::campaigns(now);
    assert!((5..=7).contains(&campaigns.len()));
    for c in &campaigns {
        assert_eq!(c.clone().validate().as_ref(), Ok(c));
        assert!(c.cost > 0 && !c.source.is_empty());
        assert!(c.started.is_some_and(|d| d < now.date_naive()));
    }
    let expo = campaigns
        .iter()
        .find(|c| c.name == "2026 Spring Expo")
        .expect("the expo");
    assert_eq!((expo.cost, expo.currency.as_str()), (8_000_000, "CNY"));

    let customers: Vec<_> = generate(2000, 21, now).collect();
    let sources: HashSet<&str> = phrases::SOURCES
        .iter()
        .flat_map(|t| t.iter().map(|(s, _)| *s))
        .collect();
    let mut with = 0;
    for c in &customers {
        assert!(
            sources.contains(c.draft.source.as_str()),
            "{}",
            c.draft.source
        );
        if c.draft.campaign.is_empty() {
            continue;
        }
        with += 1;
        let campaign = campaigns
            .iter()
            .find(|k| k.name == c.draft.campaign)
            .expect("a known campaign");
        assert_eq!(campaign.source, c.draft.source);
        let started = campaign.started.expect("dated");
        assert!(started <= c.created_at.date_naive(), "{}", c.draft.name);
    }
    let share = with as f64 / customers.len() as f64;
    assert!(
        (0.33..=0.47).contains(&share),
        "{share} came from a campaign"
    );
}

#[test]
fn deal_mix_at_two_thousand() {
    let customers: Vec<_> = generate(2000, 42, now()).collect();
    let deals: Vec<_> = customers.iter().flat_map(|c| &c.deals).collect();
    let per = deals.len() as f64 / customers.len() as f64;
    assert!((0.3..=0.45).contains(&per), "{per} deals per customer");
    let share =
        |s: DealStatus| deals.iter().filter(|d| d.status == s).count() as f64 / deals.len() as f64;
    let (won, lost) = (share(DealStatus::Won), share(DealStatus::Lost));
    assert!((0.25..=0.36).contains(&won), "{won} won");
    assert!((0.15..=0.26).contains(&lost), "{lost} lost");
    let usd = deals.iter().filter(|d| d.currency == "USD").count();
    assert!(usd > 10 && usd * 10 < deals.len(), "{usd} USD deals");
    let big = deals.iter().filter(|d| d.amount >= 100_000_000).count();
    let small = deals.iter().filter(|d| d.amount < 5_000_000).count();
    assert!(big >= 1 && small > big * 5, "{big} ≥ 1M, {small} < 50k");
    assert!(deals.iter().all(|d| d.amount <= 200_000_000));
    let by_stage = |s: Stage| {
        let cs: Vec<_> = customers.iter().filter(|c| c.draft.stage == s).collect();
        cs.iter().map(|c| c.deals.len()).sum::<usize>() as f64 / cs.len() as f64
    };
    assert!(by_stage(Stage::Lead) < by_stage(Stage::Customer));
    assert!(by_stage(Stage::Prospect) < by_stage(Stage::Loyal));
}

/// A believable year of orders: every won deal has its order, loyal
/// customers reorder through the last year, churned ones stopped long ago,
/// and nothing is dated after now or before the customer existed.
#[test]
fn orders_follow_wins_and_the_customers_lifecycle() {
    let now = now();
    let customers: Vec<_> = generate(2_000, 1, now).collect();
    let year_ago = now - TimeDelta::days(365);
    let (mut loyal, mut loyal_reordering, mut churned, mut churned_lapsed) = (0, 0, 0, 0);
    for c in &customers {
        let won = c
            .deals
            .iter()
            .filter(|d| d.status == DealStatus::Won)
            .count();
        let from_deals = c.orders.iter().filter(|o| o.from_deal.is_some()).count();
        assert_eq!(won, from_deals, "{}: one order per won deal", c.draft.name);
        for o in &c.orders {
            assert!(o.order.at <= now && o.order.at >= c.created_at, "{o:?}");
            assert!(o.order.amount > 0);
            if let Some(i) = o.from_deal {
                let deal = &c.deals[i];
                assert_eq!(
                    (o.order.amount, &o.order.currency),
                    (deal.amount, &deal.currency)
                );
                assert!(deal.closed_at.is_some_and(|won| o.order.at >= won));
            }
        }
        let last_year = c.orders.iter().filter(|o| o.order.at > year_ago).count();
        match c.draft.stage {
            Stage::Loyal => {
                loyal += 1;
                loyal_reordering += usize::from(last_year >= 4);
            }
            Stage::Churned if !c.orders.is_empty() => {
                churned += 1;
                let latest = c.orders.iter().map(|o| o.order.at).max();
                churned_lapsed +=
                    usize::from(latest.is_some_and(|at| at < now - TimeDelta::days(200)));
            }
            Stage::Lead | Stage::Prospect => assert!(c.orders.is_empty(), "{c:?}"),
            _ => {}
        }
    }
    assert!(
        loyal > 20 && loyal_reordering * 10 >= loyal * 8,
        "{loyal_reordering} of {loyal}"
    );
    assert!(
        churned > 10 && churned_lapsed * 10 >= churned * 7,
        "{churned_lapsed} of {churned}"
    );
}
