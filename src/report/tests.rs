//! The reports against a small book worked out by hand. Now is Sunday
//! 2026-11-22 09:00 (+08:00); the period is November 2026.
//!
//! Customers: #1 Ann (referral, campaign "Expo 2026", owner ann, new in Nov),
//! #2 Bob (web, owner bob), #3 王芳 ("Referral", campaign "expo  2026",
//! owner ann), #4 Dan (no source, no owner, new in Nov).
//! Deals (CNY unless said; rates: USD = 7):
//! D1 #1 100,000 created 11-02 qualify→discovery→proposal, won 11-12
//! D2 #1  50,000 created 11-05 qualify→discovery, lost 11-15
//! D3 #2  20,000 created 11-06 qualify→proposal, open (40%)
//! D4 #3  10,000 USD created 11-08 qualify, open (10%)
//! D5 #2   5,000 EUR created 11-09 qualify, open — no EUR rate
//! D6 #3  30,000 created 10-01 → negotiation, won 11-20 (cycle 50 days)
//! D7 #2  40,000 created 09-15 → negotiation, open (70%)

use super::*;
use crate::domain::{
    CaseId, CaseKind, Customer, CustomerDraft, DealId, Due, NewCase, NewDeal, Priority, TaskId,
    TaskStatus, Tier,
};
use chrono::NaiveDateTime;

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(&format!("{s}+08:00")).expect("fixture time")
}

fn day(s: &str) -> NaiveDate {
    s.parse().expect("fixture date")
}

fn now() -> DateTime<FixedOffset> {
    at("2026-11-22T09:00:00")
}

fn november() -> Period {
    Period {
        from: day("2026-11-01"),
        to: day("2026-12-01"),
    }
}

fn customer(
    id: u64,
    name: &str,
    source: &str,
    campaign: &str,
    owner: &str,
    created: &str,
) -> Customer {
    let mut draft = CustomerDraft::named(name);
    draft.source = source.into();
    draft.campaign = campaign.into();
    draft.owner = owner.into();
    draft.into_customer(CustomerId(id), at(created))
}

/// A deal created at `created`, moved through `moves` (stage, time), then
/// closed if `close` says so.
fn deal(
    id: u64,
    customer: u64,
    amount_major: i64,
    currency: &str,
    created: &str,
    moves: &[(&str, &str)],
    close: Option<(DealStatus, &str)>,
) -> Deal {
    let pipeline = Pipeline::default();
    let mut d = NewDeal {
        customer: CustomerId(customer),
        title: format!("deal {id}"),
        amount: amount_major * 100,
        currency: currency.into(),
        stage: None,
        probability: None,
        expected_close: None,
        owner: String::new(),
    }
    .into_deal(&pipeline, at(created))
    .expect("fixture deal");
    d.id = DealId(id);
    for (stage, when) in moves {
        let stage = pipeline.find(stage).expect("fixture stage").clone();
        d.move_to(&stage, at(when));
    }
    if let Some((status, when)) = close {
        d.close(status, String::new(), at(when));
    }
    d
}

fn task(id: u64, customer: Option<u64>, due: Due, status: TaskStatus) -> Task {
    Task {
        id: TaskId(id),
        customer: customer.map(CustomerId),
        title: format!("task {id}"),
        due: Some(due),
        priority: Priority::Normal,
        status,
        done_at: (status == TaskStatus::Done).then(|| at("2026-11-02T10:00:00")),
        snoozes: Vec::new(),
        recurrence: None,
        origin: None,
        created_at: at("2026-10-01T09:00:00"),
    }
}

fn case(
    id: u64,
    customer: u64,
    kind: CaseKind,
    opened: &str,
    responded: Option<&str>,
    resolved: Option<&str>,
) -> Case {
    let mut c = NewCase {
        customer: CustomerId(customer),
        kind,
        title: format!("case {id}"),
        priority: Priority::Normal,
        owner: String::new(),
    }
    .into_case(at(opened))
    .expect("fixture case");
    c.id = CaseId(id);
    if let Some(when) = responded {
        c.respond(at(when));
    }
    if let Some(when) = resolved {
        c.resolve("done".into(), at(when));
    }
    c
}

fn touch(customer: u64, kind: InteractionKind, when: &str, author: &str) -> Touch {
    Touch {
        customer: CustomerId(customer),
        kind,
        at: at(when),
        author: author.into(),
    }
}

fn book(period: Period) -> Dataset {
    use DealStatus::{Lost, Won};
    let customers = [
        customer(
            1,
            "Ann",
            "referral",
            "Expo 2026",
            "ann",
            "2026-11-03T10:00:00",
        ),
        customer(2, "Bob", "web", "", "bob", "2026-10-01T10:00:00"),
        customer(
            3,
            "王芳",
            "Referral",
            "expo  2026",
            "ann",
            "2026-09-01T10:00:00",
        ),
        customer(4, "Dan", "", "", "", "2026-11-10T10:00:00"),
    ];
    let deals = vec![
        deal(
            1,
            1,
            100_000,
            "CNY",
            "2026-11-02T10:00:00",
            &[
                ("discovery", "2026-11-04T10:00:00"),
                ("proposal", "2026-11-08T10:00:00"),
            ],
            Some((Won, "2026-11-12T10:00:00")),
        ),
        deal(
            2,
            1,
            50_000,
            "CNY",
            "2026-11-05T10:00:00",
            &[("discovery", "2026-11-07T10:00:00")],
            Some((Lost, "2026-11-15T10:00:00")),
        ),
        deal(
            3,
            2,
            20_000,
            "CNY",
            "2026-11-06T10:00:00",
            &[("proposal", "2026-11-10T10:00:00")],
            None,
        ),
        deal(4, 3, 10_000, "USD", "2026-11-08T10:00:00", &[], None),
        deal(5, 2, 5_000, "EUR", "2026-11-09T10:00:00", &[], None),
        deal(
            6,
            3,
            30_000,
            "CNY",
            "2026-10-01T10:00:00",
            &[("negotiation", "2026-11-01T10:00:00")],
            Some((Won, "2026-11-20T10:00:00")),
        ),
        deal(
            7,
            2,
            40_000,
            "CNY",
            "2026-09-15T10:00:00",
            &[("negotiation", "2026-10-15T10:00:00")],
            None,
        ),
    ];
    let date = |s: &str| Due::Date(day(s));
    let tasks = vec![
        task(1, Some(1), date("2026-11-21"), TaskStatus::Open),
        task(
            2,
            Some(2),
            Due::At(
                NaiveDateTime::parse_from_str("2026-11-22 08:00", "%Y-%m-%d %H:%M")
                    .expect("fixture"),
            ),
            TaskStatus::Open,
        ),
        task(3, Some(3), date("2026-11-15"), TaskStatus::Open),
        task(4, None, date("2026-10-20"), TaskStatus::Open),
        task(5, Some(1), date("2026-11-22"), TaskStatus::Open),
        task(6, Some(1), date("2026-11-01"), TaskStatus::Done),
        task(7, Some(2), date("2026-11-14"), TaskStatus::Open),
    ];
    let cases = vec![
        case(
            1,
            1,
            CaseKind::Complaint,
            "2026-11-02T09:00:00",
            Some("2026-11-02T10:30:00"),
            Some("2026-11-04T09:00:00"),
        ),
        case(
            2,
            2,
            CaseKind::Request,
            "2026-11-10T09:00:00",
            Some("2026-11-10T13:00:00"),
            None,
        ),
        case(3, 3, CaseKind::Complaint, "2026-11-20T09:00:00", None, None),
        case(
            4,
            2,
            CaseKind::Request,
            "2026-10-01T09:00:00",
            Some("2026-10-01T19:00:00"),
            None,
        ),
        case(
            5,
            1,
            CaseKind::Request,
            "2026-11-05T09:00:00",
            Some("2026-11-05T09:30:00"),
            Some("2026-11-06T09:00:00"),
        ),
    ];
    let touches = vec![
        touch(1, InteractionKind::Call, "2026-11-08T10:00:00", "ann"),
        touch(1, InteractionKind::Call, "2026-11-09T10:00:00", "ann"),
        touch(3, InteractionKind::Call, "2026-11-10T10:00:00", "ann"),
        touch(2, InteractionKind::Email, "2026-11-10T11:00:00", "bob"),
        touch(3, InteractionKind::Meeting, "2026-11-17T10:00:00", "ann"),
        touch(4, InteractionKind::Note, "2026-11-22T08:00:00", ""),
    ];
    let campaigns = vec![
        Campaign {
            name: "EXPO 2026".into(),
            cost: 5_000_000,
            currency: "CNY".into(),
            source: "trade show".into(),
            started: Some(day("2026-10-20")),
            ended: Some(day("2026-10-22")),
        },
        Campaign {
            name: "Webinar".into(),
            cost: 100_000,
            currency: "EUR".into(),
            source: String::new(),
            started: None,
            ended: None,
        },
    ];
    let mut rates = BTreeMap::new();
    rates.insert("USD".to_string(), 7.0);
    Dataset {
        period,
        now: now(),
        customers: customers
            .iter()
            .map(|c| (c.id, CustomerRow::from_customer(c)))
            .collect(),
        deals,
        touches,
        tasks,
        cases,
        orders: Vec::new(),
        campaigns,
        rates: Rates::new("CNY", &rates),
        pipeline: Pipeline::default(),
        tiers: TierThresholds::default(),
    }
}

#[test]
fn funnel_counts_the_cohort_through_each_stage() {
    let f = funnel::compute(&book(november()));
    assert_eq!(f.created, 5, "D1–D5 were created in November");
    let reached: Vec<u64> = f.stages.iter().map(|s| s.reached).collect();
    // A won deal passed every stage; D3 skipped discovery but passed it.
    assert_eq!(reached, [5, 3, 2, 1, 1]);
    let amounts: Vec<i64> = f.stages.iter().map(|s| s.reached_amount).collect();
    // qualify: 100k + 50k + 20k + 70k (10k USD × 7); the EUR deal has no rate.
    assert_eq!(
        amounts,
        [24_000_000, 17_000_000, 12_000_000, 10_000_000, 10_000_000]
    );
    let conversion: Vec<Option<f64>> = f.stages.iter().map(|s| s.conversion).collect();
    assert_eq!(
        conversion,
        [Some(60.0), Some(66.7), Some(50.0), Some(100.0), Some(100.0)]
    );
    assert_eq!((f.won.count, f.won.amount), (1, 10_000_000));
    assert_eq!((f.lost.count, f.lost.amount), (1, 5_000_000));
    assert_eq!((f.open.count, f.open.amount), (3, 9_000_000));
    assert_eq!(f.win_rate, Some(50.0));
}

#[test]
fn funnel_forecasts_every_open_deal_and_counts_what_was_won_this_month() {
    let f = funnel::compute(&book(november()));
    // D3 20k × 40% + D4 70k × 10% + D7 40k × 70%; D5 (EUR) is left out.
    assert_eq!(f.forecast, 800_000 + 700_000 + 2_800_000);
    assert_eq!(f.open_deals, 4);
    let open: Vec<(u64, i64)> = f.stages.iter().map(|s| (s.open_now, s.weighted)).collect();
    assert_eq!(
        open,
        [(2, 700_000), (0, 0), (1, 800_000), (1, 2_800_000), (0, 0)],
        "qualify holds D4 and D5 (counted, though its EUR amount is left out)"
    );
    // D1 (created in November) and D6 (created in October), both won in November.
    assert_eq!(
        (f.won_in_period.count, f.won_in_period.amount),
        (2, 13_000_000)
    );
    let out = funnel::output(&f);
    assert_eq!(
        out.headline[0],
        "Won 2 deals worth 130,000 CNY this period; open pipeline 43,000 CNY weighted from 4 open deals."
    );
    assert!(
        out.headline
            .iter()
            .any(|h| h == "Biggest drop: proposal → negotiation (50% go on)."),
        "{:?}",
        out.headline
    );
    assert_eq!(
        out.notes,
        [
            "1 deal in EUR left out of the amounts: no rate for EUR in config [rates] (amounts are in CNY)"
        ]
    );
    assert_eq!(
        out.table.rows[0][..5],
        ["qualify", "10%", "5", "240,000", "60%"]
    );
    assert_eq!(out.table.rows[5][..4], ["won", "", "1", "100,000"]);
    match &out.charts[0] {
        Chart::Bars { bars, .. } => {
            let counts: Vec<u64> = bars.iter().map(|b| b.1).collect();
            assert_eq!(counts, [5, 3, 2, 1, 1, 1]);
        }
        other => panic!("expected bars, got {other:?}"),
    }
    assert_eq!(out.json["report"], "funnel");
    assert_eq!(out.json["period"]["to"], "2026-11-30");
    assert_eq!(out.json["won_in_period"]["amount"], 13_000_000);
    assert_eq!(out.json["left_out"]["EUR"][0], 5);
}

#[test]
fn sources_group_case_insensitively_with_win_rate_and_cycle() {
    let s = sources::compute(&book(november()));
    let names: Vec<&str> = s.sources.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["referral", "(none)", "web"]);
    let referral = &s.sources[0];
    assert_eq!(
        (
            referral.customers,
            referral.new_customers,
            referral.closed,
            referral.won
        ),
        (2, 1, 3, 2)
    );
    assert_eq!(referral.win_rate, Some(66.7));
    assert_eq!(referral.won_amount, 13_000_000);
    // D1: 11-02 → 11-12 is 10 days; D6: 10-01 → 11-20 is 50.
    assert_eq!(referral.avg_cycle_days, Some(30.0));
    assert_eq!(s.sources[1].new_customers, 1);
    assert_eq!(s.sources[2].win_rate, None, "web closed nothing");
    let out = sources::output(&s);
    assert_eq!(
        out.headline[0],
        "Best source: referral — 2 won worth 130,000 CNY (win rate 66.7%)."
    );
}

#[test]
fn campaigns_return_won_over_cost() {
    let c = campaigns::compute(&book(november()));
    let names: Vec<&str> = c
        .campaigns
        .iter()
        .map(|r| r.figures.name.as_str())
        .collect();
    // The recorded spelling names the group; Webinar has no customers.
    assert_eq!(names, ["EXPO 2026", "Webinar"]);
    let expo = &c.campaigns[0];
    assert_eq!(
        (
            expo.figures.customers,
            expo.figures.won,
            expo.figures.won_amount
        ),
        (2, 2, 13_000_000)
    );
    assert_eq!(expo.cost, Some(5_000_000));
    assert_eq!(expo.roi, Some(2.6), "130,000 won / 50,000 spent");
    assert_eq!(expo.figures.avg_cycle_days, Some(30.0));
    let webinar = &c.campaigns[1];
    assert_eq!((webinar.cost, webinar.roi), (None, None), "EUR has no rate");
    assert_eq!(
        (c.total_cost, c.total_won, c.roi),
        (5_000_000, 13_000_000, Some(2.6))
    );
    let out = campaigns::output(&c);
    assert_eq!(out.table.rows[0][6..8], ["50,000", "2.60×"]);
    assert_eq!(out.table.rows[1][6..8], ["—", "—"]);
    assert!(
        out.notes
            .iter()
            .any(|n| n.starts_with("Webinar (cost in EUR)")),
        "{:?}",
        out.notes
    );
    assert_eq!(campaigns::roi(100, Some(0)), None, "nothing spent: no ROI");
}

#[test]
fn overdue_tasks_are_bucketed_by_days_late_and_owner() {
    let o = overdue::compute(&book(november()));
    // T1 1 day, T2 (08:00 today) 0, T3 7, T7 8, T4 33; T5 is due today, T6 done.
    assert_eq!(o.overdue, 5);
    let buckets: Vec<(&str, u64)> = o.buckets.iter().map(|b| (b.label, b.count)).collect();
    assert_eq!(
        buckets,
        [("0–2d", 2), ("3–7d", 1), ("8–30d", 1), (">30d", 1)]
    );
    let owners: Vec<(&str, u64, i64)> = o
        .owners
        .iter()
        .map(|r| (r.owner.as_str(), r.overdue, r.worst_days))
        .collect();
    assert_eq!(
        owners,
        [("ann", 2, 7), ("bob", 2, 8), ("(unassigned)", 1, 33)]
    );
    assert_eq!(
        [2, 3, 7, 8, 30, 31].map(overdue::bucket_of),
        [0, 1, 1, 2, 2, 3]
    );
}

#[test]
fn service_times_are_medians_of_the_period_cases() {
    let c = overdue::compute(&book(november())).cases;
    assert_eq!((c.open, c.open_complaints, c.unanswered), (3, 1, 1));
    // Opened in November: C1 1.5 h, C2 4 h, C5 0.5 h to answer; C3 not yet.
    assert_eq!((c.opened, c.responded), (4, 3));
    assert_eq!(c.response_median_hours, Some(1.5));
    assert_eq!(c.response_avg_hours, Some(2.0));
    // C1 48 h, C5 24 h to resolve.
    assert_eq!(c.resolved, 2);
    assert_eq!(c.resolution_median_hours, Some(36.0));
    assert_eq!(c.resolution_avg_hours, Some(36.0));
    let oldest = c.oldest_open.expect("C4 is open");
    assert_eq!(
        (oldest.id, oldest.customer.as_str(), oldest.age_days),
        (4, "Bob", 52)
    );
}

#[test]
fn top_customers_rank_by_won_then_open_pipeline() {
    let t = top::compute(&book(november()));
    let rows: Vec<(u64, &str, i64, i64, Tier)> = t
        .customers
        .iter()
        .map(|r| {
            (
                r.rank,
                r.name.as_str(),
                r.won_amount,
                r.open_weighted,
                r.tier,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            // 100,000 won in 12 months is the VIP spend, but in one
            // purchase: 0 % repurchase, so regular (the seed's table needs
            // both; docs/VALUE.md).
            (1, "Ann", 10_000_000, 0, Tier::Regular),
            (2, "王芳", 3_000_000, 700_000, Tier::Regular),
            (3, "Bob", 0, 3_600_000, Tier::Regular),
        ]
    );
    assert_eq!(t.total, 3, "Dan has no deals");
    let out = top::output(&t, now());
    assert_eq!(out.notes.len(), 1, "the EUR deal: {:?}", out.notes);
    assert_eq!(out.table.rows[0][1], "#1 Ann");
}

#[test]
fn activity_counts_weeks_kinds_authors_and_days() {
    let period = Period {
        from: day("2026-11-09"),
        to: day("2026-11-23"),
    };
    let a = activity::compute(&book(period));
    assert_eq!(a.total, 5, "the 11-08 call is before the period");
    let weeks: Vec<(&str, u64, u64)> = a
        .weeks
        .iter()
        .map(|w| (w.week.as_str(), w.counts.call, w.total))
        .collect();
    assert_eq!(weeks, [("2026-W46", 2, 3), ("2026-W47", 0, 2)]);
    let authors: Vec<(&str, u64)> = a
        .authors
        .iter()
        .map(|r| (r.author.as_str(), r.total))
        .collect();
    assert_eq!(authors, [("ann", 3), ("(unknown)", 1), ("bob", 1)]);
    assert_eq!(a.daily, [1, 2, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    let out = activity::output(&a);
    assert_eq!(
        out.table.rows[0],
        ["W46 11-09", "2", "1", "0", "0", "0", "0", "3"]
    );
    assert_eq!(out.table.rows[2][0], "all weeks");
    assert_eq!(out.table.rows[3][0], "by ann");
    assert_eq!(
        out.headline[0],
        "5 interactions in 2 weeks (2.5 a week); most were calls (2)."
    );
}

#[test]
fn only_owner_keeps_their_customers_and_what_hangs_off_them() {
    let data = book(november()).only_owner("ANN");
    let ids: Vec<u64> = data.customers.keys().map(|c| c.0).collect();
    assert_eq!(ids, [1, 3]);
    let deals: Vec<u64> = data.deals.iter().map(|d| d.id.0).collect();
    assert_eq!(deals, [1, 2, 4, 6]);
    assert_eq!(funnel::compute(&data).created, 3);
    assert_eq!(overdue::compute(&data).overdue, 2, "T1 and T3");
}

#[test]
fn periods_default_per_report_and_parse_natural_dates() {
    let today = day("2026-11-22");
    let p = |from: &str, to: &str| Period {
        from: day(from),
        to: day(to),
    };
    assert_eq!(
        Period::default_for(ReportName::Funnel, today),
        p("2026-11-01", "2026-12-01")
    );
    assert_eq!(
        Period::default_for(ReportName::Activity, today),
        p("2026-09-28", "2026-11-23"),
        "8 whole weeks, this one included"
    );
    assert_eq!(
        Period::default_for(ReportName::Campaigns, today),
        p("2025-11-23", "2026-11-23")
    );
    let fallback = november();
    let parse = |from, to| Period::parse(from, to, now(), fallback);
    assert_eq!(
        parse(Some("2026-10-01"), Some("2026-10-31")).expect("dates"),
        p("2026-10-01", "2026-11-01")
    );
    assert_eq!(
        parse(Some("-30d"), None).expect("relative"),
        p("2026-10-23", "2026-11-23")
    );
    assert_eq!(parse(None, None).expect("fallback"), fallback);
    let err = parse(Some("soonish"), None).expect_err("not a date");
    assert!(err.to_string().starts_with("--from \"soonish\""), "{err}");
    let err = parse(Some("2026-11-10"), Some("2026-11-01")).expect_err("backwards");
    assert!(err.to_string().contains("empty"), "{err}");
    assert_eq!(
        p("2026-11-01", "2026-12-01").label(),
        "2026-11-01 – 2026-11-30"
    );
}

#[test]
fn report_names_parse_in_english_chinese_and_by_prefix() {
    assert_eq!(ReportName::parse("funnel"), Some(ReportName::Funnel));
    assert_eq!(ReportName::parse(" Top "), Some(ReportName::Top));
    assert_eq!(ReportName::parse("漏斗"), Some(ReportName::Funnel));
    assert_eq!(ReportName::parse("市场活动"), Some(ReportName::Campaigns));
    assert_eq!(ReportName::parse("act"), Some(ReportName::Activity));
    assert_eq!(ReportName::parse("c"), Some(ReportName::Campaigns));
    assert_eq!(ReportName::parse("bogus"), None);
    assert_eq!(ReportName::parse(""), None);
    for n in ReportName::ALL {
        assert_eq!(ReportName::parse(n.as_str()), Some(n));
    }
}

#[test]
fn every_report_builds_on_an_empty_book() {
    let mut data = book(november());
    data.customers.clear();
    data.deals.clear();
    data.touches.clear();
    data.tasks.clear();
    data.cases.clear();
    data.campaigns.clear();
    for name in ReportName::ALL {
        let out = build(name, &data);
        assert_eq!(out.name, name);
        assert!(!out.headline.is_empty(), "{name}");
        assert_eq!(out.json["report"], name.as_str());
        for row in &out.table.rows {
            assert_eq!(row.len(), out.table.headers.len(), "{name}");
        }
    }
}

#[test]
fn medians_and_means_round_to_one_decimal() {
    assert_eq!(median(&[]), None);
    assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
    assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
    assert_eq!(mean(&[1.0, 2.0, 2.0]), Some(1.7));
    assert_eq!(percent(1, 3), Some(33.3));
    assert_eq!(percent(1, 0), None);
    assert_eq!(pct_cell(Some(50.0)), "50%");
}

#[test]
fn text_tables_right_align_numbers_and_line_up_cjk() {
    let mut t = Table::new(&[("SOURCE", false), ("WON", true), ("NOTE", false)]);
    t.row(vec!["转介绍".into(), "5".into(), "x".into()]);
    t.row(vec!["web".into(), "120".into(), "y".into()]);
    let text = render::table_text(&t);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "SOURCE  WON  NOTE");
    assert_eq!(lines[1], "转介绍    5  x");
    assert_eq!(lines[2], "web     120  y");
}

#[test]
fn csv_has_the_header_first_and_defuses_formulas() {
    let mut t = Table::new(&[("NAME", false), ("DELTA", true)]);
    t.row(vec!["=HYPERLINK(\"x\")".into(), "-5".into()]);
    t.row(vec!["a, b".into(), "-".into()]);
    let csv = render::csv(&t).expect("csv");
    assert_eq!(
        csv,
        "NAME,DELTA\n\"'=HYPERLINK(\"\"x\"\")\",-5\n\"a, b\",'-\n"
    );
}

#[test]
fn load_for_reads_only_what_the_report_needs_and_builds_the_same() {
    use crate::domain::{Channel, NewInteraction, NewTask};
    use crate::store::Store;
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::new(dir.path().join("rolo.redb"), Channel::Cli).with_actor("ann");
    let config = Config::default();
    store
        .write(now(), |w| -> crate::store::Result<()> {
            let mut draft = CustomerDraft::named("Ann");
            draft.owner = "ann".into();
            let ann = w.add_customer(draft)?;
            for when in ["2026-11-10T10:00:00", "2026-10-01T10:00:00"] {
                w.log(
                    NewInteraction {
                        customer: ann.id,
                        kind: InteractionKind::Call,
                        at: at(when),
                        summary: "pricing".into(),
                        feedback: String::new(),
                        outcome: None,
                        author: "ann".into(),
                    },
                    None,
                )?;
            }
            w.add_task(NewTask {
                customer: Some(ann.id),
                title: "send quote".into(),
                due: Some(Due::Date(day("2026-11-01"))),
                priority: Priority::Normal,
                recurrence: None,
            })?;
            w.add_deal(
                NewDeal {
                    customer: ann.id,
                    title: "50 seats".into(),
                    amount: 5_000_000,
                    currency: "CNY".into(),
                    stage: None,
                    probability: None,
                    expected_close: None,
                    owner: "ann".into(),
                },
                &config.pipeline,
            )?;
            Ok(())
        })
        .expect("write the book");
    let load = |name: Option<ReportName>| {
        store
            .read(|r| match name {
                Some(n) => Dataset::load_for(n, r, &config, now(), november()),
                None => Dataset::load(r, &config, now(), november()),
            })
            .expect("read")
    };
    let all = load(None);
    assert_eq!(
        (all.customers.len(), all.touches.len(), all.tasks.len()),
        (1, 1, 1),
        "the October call is outside the period"
    );
    assert_eq!(all.deals.len(), 1);
    let funnel = load(Some(ReportName::Funnel));
    assert_eq!((funnel.touches.len(), funnel.tasks.len()), (0, 0));
    assert_eq!(load(Some(ReportName::Activity)).touches.len(), 1);
    assert_eq!(load(Some(ReportName::Overdue)).tasks.len(), 1);
    for name in ReportName::ALL {
        assert_eq!(
            build(name, &load(Some(name))),
            build(name, &all),
            "{name} from load_for"
        );
    }
}

/// Issue 14: every report built from the store's maintained answers (and
/// the rows found through its indexes) is the report built from every row,
/// for the default periods and a few others, on a demo book written
/// through the bulk path.
#[test]
fn maintained_answers_build_the_same_reports_as_every_row() {
    use crate::domain::Channel;
    use crate::store::Store;
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::new(dir.path().join("rolo.redb"), Channel::Cli).with_actor("ann");
    let config = Config::default();
    crate::exec::demo::load_with(&store, 300, 7, now(), "ann", &config.pipeline).expect("demo");
    let today = now().date_naive();
    for name in ReportName::ALL {
        let periods = [
            Period::default_for(name, today),
            november(),
            Period {
                from: day("2025-01-01"),
                to: day("2026-12-31"),
            },
            Period {
                from: day("2026-11-22"),
                to: day("2026-11-23"),
            },
        ];
        for period in periods {
            let (slow, fast) = store
                .read(|r| {
                    let all = Dataset::load_for(name, r, &config, now(), period)?;
                    let fast = build_maintained(name, r, &config, now(), period)?;
                    Ok::<_, crate::store::StoreError>((build(name, &all), fast))
                })
                .expect("read");
            assert_eq!(fast, slow, "{name} over {}", period.label());
            assert_eq!(
                render::text(&fast),
                render::text(&slow),
                "{name} over {}",
                period.label()
            );
        }
    }
}

/// Issue 14: top's note on deals left out for want of a rate counts the
/// won deals of every year, as reading every deal does, not only those
/// the ranking uses.
#[test]
fn top_from_maintained_answers_notes_old_deals_without_a_rate() {
    use crate::domain::Channel;
    use crate::store::Store;
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::new(dir.path().join("rolo.redb"), Channel::Cli).with_actor("ann");
    let config = Config::default();
    let long_ago = now() - Duration::days(800);
    let ann = store
        .write(long_ago, |w| w.add_customer(CustomerDraft::named("Ann")))
        .expect("customer");
    for currency in ["USD", "CNY"] {
        store
            .write(long_ago, |w| -> crate::store::Result<()> {
                let deal = w.add_deal(
                    NewDeal {
                        customer: ann.id,
                        title: "old seats".into(),
                        amount: 100_000,
                        currency: currency.into(),
                        stage: None,
                        probability: None,
                        expected_close: None,
                        owner: "ann".into(),
                    },
                    &config.pipeline,
                )?;
                w.close_deal(deal.id, DealStatus::Won, "")?;
                Ok(())
            })
            .expect("an old win");
    }
    let period = Period::default_for(ReportName::Top, now().date_naive());
    let (slow, fast) = store
        .read(|r| {
            let all = Dataset::load_for(ReportName::Top, r, &config, now(), period)?;
            let fast = build_maintained(ReportName::Top, r, &config, now(), period)?;
            Ok::<_, crate::store::StoreError>((build(ReportName::Top, &all), fast))
        })
        .expect("read");
    assert!(
        slow.notes.iter().any(|n| n.contains("USD")),
        "{:?}",
        slow.notes
    );
    assert_eq!(fast, slow);
}
