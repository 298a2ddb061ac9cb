//! The sales side in the existing panes: tier, deals and campaign on the
//! card; cases (and closed deals) in the timeline; open cases in the task
//! queue; the ranked Today queue with "why?"; saved views narrowing the
//! customer list. Hand-built models, no store — except the last tests,
//! which run the runtime's loaders against a real one.

use super::fixtures::{at, draw, draw_at, feed, lines, loaded, now, press, task, text, typed};
use crate::config::Config;
use crate::domain::money::Rates;
use crate::domain::{
    Case, CaseId, CaseKind, CaseStatus, CustomerId, Deal, DealId, DealStatus, Due, Priority,
    TaskId, Tier,
};
use crate::palette::Command;
use crate::queue::{Item, Weights, Who};
use crate::tui::Screen;
use crate::tui::model::Model;
use crate::tui::msg::{CaseRow, Effect, Msg, RankedQueue, Sales, Segment};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use unicode_width::UnicodeWidthStr;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snap(name: &str, model: &mut Model) {
    for (w, h) in SIZES {
        let screen = text(&draw_at(model, w, h));
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen);
    }
}

// ---------------------------------------------------------------- data

#[allow(clippy::too_many_arguments)]
fn deal(
    id: u64,
    customer: u64,
    title: &str,
    major: i64,
    stage: &str,
    probability: u8,
    status: DealStatus,
    closed_at: Option<DateTime<FixedOffset>>,
) -> Deal {
    Deal {
        id: DealId(id),
        customer: CustomerId(customer),
        title: title.into(),
        amount: major * 100,
        currency: "CNY".into(),
        stage: stage.into(),
        probability,
        expected_close: None,
        status,
        reason: String::new(),
        owner: "me".into(),
        created_at: at(2026, 3, 2, 10, 0),
        closed_at,
        history: vec![],
    }
}

pub fn case(
    id: u64,
    customer: u64,
    kind: CaseKind,
    title: &str,
    opened_at: DateTime<FixedOffset>,
) -> Case {
    Case {
        id: CaseId(id),
        customer: CustomerId(customer),
        kind,
        title: title.into(),
        status: CaseStatus::Open,
        priority: Priority::Normal,
        owner: "me".into(),
        opened_at,
        first_response_at: None,
        resolved_at: None,
        resolution: String::new(),
    }
}

/// Ann Lee (#1): two open deals, one won (600,000 in June: VIP), one lost;
/// a complaint in progress (answered after 2.5 h) and a resolved request.
fn ann_sales() -> Sales {
    let mut renewal = deal(
        1,
        1,
        "Renewal 2027",
        120_000,
        "proposal",
        40,
        DealStatus::Open,
        None,
    );
    renewal.expected_close = NaiveDate::from_ymd_opt(2026, 12, 20);
    let mut lost = deal(
        4,
        1,
        "Hardware",
        30_000,
        "negotiation",
        0,
        DealStatus::Lost,
        Some(at(2026, 11, 3, 11, 0)),
    );
    lost.reason = "price".into();
    let mut complaint = case(
        3,
        1,
        CaseKind::Complaint,
        "invoice wrong",
        at(2026, 11, 20, 9, 0),
    );
    complaint.first_response_at = Some(at(2026, 11, 20, 11, 30));
    complaint.status = CaseStatus::InProgress;
    let mut request = case(
        1,
        1,
        CaseKind::Request,
        "copy of contract",
        at(2026, 11, 8, 10, 0),
    );
    request.first_response_at = Some(at(2026, 11, 8, 12, 0));
    request.resolved_at = Some(at(2026, 11, 10, 22, 0));
    request.status = CaseStatus::Resolved;
    request.resolution = "sent by email".into();
    Sales {
        customer: CustomerId(1),
        deals: vec![
            renewal,
            deal(
                2,
                1,
                "Support plan 支持",
                8_500,
                "qualify",
                10,
                DealStatus::Open,
                None,
            ),
            deal(
                3,
                1,
                "Pilot",
                600_000,
                "commit",
                100,
                DealStatus::Won,
                Some(at(2026, 6, 10, 10, 0)),
            ),
            lost,
        ],
        cases: vec![request, complaint],
        orders: vec![],
        tier: Tier::Vip,
        spend_year: 60_000_000,
        currency: "CNY".into(),
    }
}

/// The fixture model with Ann Lee's sales loaded and a campaign on her card.
fn with_sales() -> Model {
    let mut model = loaded();
    assert_eq!(model.selected_id(), Some(CustomerId(1)), "Ann Lee first");
    if let Some(d) = model.detail.as_mut() {
        d.customer.campaign = "Spring Expo 春季展".into();
    }
    feed(&mut model, [Msg::SalesLoaded(Box::new(ann_sales()))]);
    model
}

/// Everyone's open cases as the runtime sends them: oldest first.
fn open_cases() -> Vec<CaseRow> {
    let mut complaint = case(
        3,
        1,
        CaseKind::Complaint,
        "invoice wrong",
        at(2026, 11, 20, 9, 0),
    );
    complaint.status = CaseStatus::InProgress;
    let mut request = case(
        5,
        2,
        CaseKind::Request,
        "发票抬头修改",
        at(2026, 11, 21, 15, 0),
    );
    request.priority = Priority::High;
    vec![
        CaseRow {
            case: complaint,
            customer_name: Some("Ann Lee".into()),
        },
        CaseRow {
            case: request,
            customer_name: Some("王芳".into()),
        },
    ]
}

fn who(id: u64, name: &str, weighted_pipeline: i64) -> Who {
    Who {
        id: CustomerId(id),
        name: name.into(),
        company: String::new(),
        owner: String::new(),
        weighted_pipeline,
        quiet_since: None,
        cadence: None,
    }
}

/// The ranked queue, scored by `queue::rank` itself:
/// 1. 王芳's complaint #5 (high, 3 days unanswered, 50,000 weighted) 101
/// 2. Ann's task 11, high priority, 2 days overdue                      60
/// 3. 王芳's task 12 due today, 50,000 weighted                          32
/// 4. 陈静 gone quiet 10 days past a 30-day cadence                      30
fn ranked() -> RankedQueue {
    let wang = who(2, "王芳", 5_000_000);
    let mut complaint = case(
        5,
        2,
        CaseKind::Complaint,
        "发票错误",
        at(2026, 11, 19, 9, 0),
    );
    complaint.priority = Priority::High;
    let mut quiet = who(8, "陈静", 0);
    quiet.quiet_since = Some(now() - Duration::days(10));
    quiet.cadence = Some(30);
    let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).expect("a fixture day");
    let items = vec![
        Item::Quiet { customer: quiet },
        Item::Task {
            task: task(
                12,
                Some(2),
                "回访王芳",
                Some(Due::At(day(22).and_hms_opt(15, 0, 0).expect("15:00"))),
            ),
            customer: Some(wang.clone()),
        },
        Item::Task {
            task: task(11, Some(1), "send quote", Some(Due::Date(day(20)))),
            customer: Some(who(1, "Ann Lee", 0)),
        },
        Item::Case {
            case: complaint,
            customer: wang,
        },
    ];
    let rates = Rates::new("CNY", &Default::default());
    let rows = crate::queue::rank(items, now(), &rates, &Weights::default());
    RankedQueue { rows, total: 4 }
}

fn ranked_model() -> Model {
    let mut model = loaded();
    let effects = press(&mut model, "T r");
    assert!(effects.contains(&Effect::LoadRanked), "{effects:?}");
    feed(&mut model, [Msg::RankedLoaded(ranked())]);
    model
}

// ---------------------------------------------------------------- the card

#[test]
fn the_card_shows_tier_won_campaign_and_open_deals() {
    let mut model = with_sales();
    snap("card_sales", &mut model);
    // 80×24 has room for every line (half of its 12 rows)…
    let screen = text(&draw_at(&mut model, 80, 24));
    assert!(
        screen.contains("◆ Support plan 支持 · qualify 10% · 8,500 CNY"),
        "{screen}"
    );
    let screen = text(&draw_at(&mut model, 160, 40));
    assert!(
        screen.contains(
            "vip  bought 12m 600,000 CNY  campaign Spring Expo 春季展  deals 2 open · 1 won · 1 lost"
        ),
        "{screen}"
    );
    assert!(screen.contains("◆ Renewal 2027 · proposal 40% · 120,000 CNY · close 12-20 #1"));
    assert!(screen.contains("◆ Support plan 支持 · qualify 10% · 8,500 CNY #2"));
    // …80×20 (9 rows) keeps four: the deals go first, the sales line stays.
    let small = text(&draw_at(&mut model, 80, 20));
    assert!(small.contains("vip  bought 12m"), "{small}");
    assert!(small.contains("☎ +1 555 0100"), "{small}");
    assert!(!small.contains("◆ Renewal"), "{small}");
}

#[test]
fn the_card_drops_lines_by_priority_when_short() {
    let model = with_sales();
    // Ann's card: head, contact, facts, sales, two deals (+ the separator).
    let height = |rows| crate::tui::view::card_height(&model, rows);
    assert_eq!(height(40), 7);
    assert_eq!(height(10), 6, "half the pane: five lines");
    assert_eq!(height(4), 3, "head and facts");
    assert_eq!(height(1), 2, "the head at least");
    // Sales of another customer are not drawn on this card.
    let mut other = with_sales();
    if let Some(s) = other.sales.as_mut() {
        s.customer = CustomerId(2);
    }
    assert_eq!(
        crate::tui::view::card_height(&other, 40),
        5,
        "campaign only"
    );
}

#[test]
fn a_regular_customer_without_deals_keeps_the_old_card() {
    let mut model = loaded();
    let regular = Sales {
        customer: CustomerId(1),
        deals: vec![],
        cases: vec![],
        orders: vec![],
        tier: Tier::Regular,
        spend_year: 0,
        currency: "CNY".into(),
    };
    feed(&mut model, [Msg::SalesLoaded(Box::new(regular))]);
    assert_eq!(crate::tui::view::card_height(&model, 40), 4);
    let screen = text(&draw_at(&mut model, 80, 24));
    assert!(!screen.contains("bought 12m"), "{screen}");
}

// ---------------------------------------------------------------- timeline

#[test]
fn cases_and_closed_deals_merge_into_the_timeline_in_time_order() {
    let model = with_sales();
    let detail = model.detail.as_ref().expect("loaded");
    let order: Vec<String> = crate::tui::view::entries(detail, model.current_sales())
        .iter()
        .map(|e| format!("{}", e.at().format("%m-%d %H:%M")))
        .collect();
    assert_eq!(
        order,
        [
            "11-20 09:00", // complaint #3 opened
            "11-19 14:30", // call
            "11-12 10:00", // email
            "11-10 22:00", // request #1 resolved
            "11-08 10:00", // request #1 opened
            "11-05 16:00", // meeting
            "11-03 11:00", // deal #4 lost
            "10-28 09:15", // missed call
            "06-10 10:00", // deal #3 won
        ]
    );
}

#[test]
fn the_timeline_marks_cases_and_deals() {
    let mut model = with_sales();
    press(&mut model, "2");
    snap("timeline_cases", &mut model);
    let screen = text(&draw_at(&mut model, 160, 40));
    for expected in [
        "11-20 09:00 ⚑ complaint #3 invoice wrong · in progress · first response 2.5 h",
        "11-10 22:00 ✓ request #1 resolved · sent by email · after 2.5 d",
        "11-08 10:00 ⚑ request #1 copy of contract · resolved · first response 2 h",
        "11-03 11:00 ◇ lost #4 Hardware · 30,000 CNY · price",
        "06-10 10:00 ◆ won #3 Pilot · 600,000 CNY",
    ] {
        assert!(screen.contains(expected), "{expected:?} in\n{screen}");
    }
    // The cursor walks every entry, cases included.
    press(&mut model, "G");
    assert_eq!(model.timeline.index, 8);
}

#[test]
fn orders_show_in_the_timeline_and_open_whole() {
    let mut model = with_sales();
    let order = crate::domain::Order {
        id: crate::domain::OrderId(7),
        customer: CustomerId(1),
        at: at(2026, 11, 15, 16, 0),
        amount: 1_200_050,
        currency: "CNY".into(),
        items: "50 seats 年度授权".into(),
        payment: Some(crate::domain::PaymentMethod::Transfer),
        invoice: "2026-118".into(),
        deal: Some(DealId(3)),
        owner: "me".into(),
        created_at: at(2026, 11, 15, 16, 5),
    };
    let mut sales = ann_sales();
    sales.orders = vec![order.clone()];
    feed(&mut model, [Msg::SalesLoaded(Box::new(sales))]);
    press(&mut model, "2");
    let screen = text(&draw_at(&mut model, 160, 40));
    let line =
        "11-15 16:00 ¤ order #7 12,000.50 CNY · 50 seats 年度授权 · transfer · invoice 2026-118";
    assert!(screen.contains(line), "{line:?} in\n{screen}");
    // Between the email (11-12) and the call (11-19): the cursor lands on it.
    let detail = model.detail.as_ref().expect("loaded");
    let at_order = crate::tui::view::entries(detail, model.current_sales())
        .iter()
        .position(|e| e.key() == crate::tui::model::EntryKey::Ordered(order.id))
        .expect("in the timeline");
    model.timeline.index = at_order;
    match crate::tui::update::target::timeline_record(&model) {
        Ok(crate::tui::show::Shown::Order {
            order: shown,
            customer,
        }) => {
            assert_eq!((*shown, customer.id), (order, CustomerId(1)));
        }
        other => panic!("the selected entry is the order: {other:?}"),
    }
}

// ---------------------------------------------------------------- queue

#[test]
fn open_cases_queue_after_overdue_tasks_oldest_first() {
    let mut model = loaded();
    feed(&mut model, [Msg::CasesLoaded(open_cases())]);
    let order: Vec<String> = crate::tui::view::queue_rows(&model)
        .iter()
        .map(|row| match row {
            crate::tui::view::QueueRow::Task(t) => format!("task {}", t.task.id.0),
            crate::tui::view::QueueRow::Case(c) => format!("case {}", c.case.id.0),
        })
        .collect();
    assert_eq!(
        order,
        [
            "task 11", "case 3", "case 5", "task 12", "task 13", "task 16", "task 14", "task 15"
        ]
    );
    press(&mut model, "3 j");
    snap("queue_cases", &mut model);
    let screen = text(&draw_at(&mut model, 120, 40));
    assert!(
        screen.contains("Tasks · everyone (6 + 2 cases)"),
        "{screen}"
    );
    assert!(
        screen.contains("open 2d        ⚑ complaint invoice wrong · in progress · Ann Lee #3"),
        "{screen}"
    );
    assert!(
        screen.contains("open 1d        ⚑ request ! 发票抬头修改 · open · 王芳 #5"),
        "{screen}"
    );
}

#[test]
fn done_on_a_case_resolves_it_and_snooze_refuses() {
    let mut model = loaded();
    feed(&mut model, [Msg::CasesLoaded(open_cases())]);
    press(&mut model, "3 j");
    let effects = press(&mut model, "x");
    assert_eq!(
        effects,
        vec![Effect::Run(Command::Resolve {
            case: CaseId(3),
            resolution: String::new(),
        })]
    );
    let effects = press(&mut model, "s");
    assert!(effects.is_empty());
    assert!(model.overlay.is_none(), "no snooze picker for a case");
    let toast = model.toast.as_ref().expect("a toast");
    assert!(toast.error && toast.text.contains("cannot be snoozed"));
    // The rows around it are still tasks.
    let effects = press(&mut model, "k x");
    assert_eq!(
        effects,
        vec![Effect::Run(Command::Done {
            tasks: vec![TaskId(11)]
        })]
    );
    // The cursor reaches the last row of tasks and cases together.
    press(&mut model, "G");
    assert_eq!(model.task_cursor.index, 7);
}

// ---------------------------------------------------------------- today

#[test]
fn the_ranked_queue_scores_as_queue_rank_does() {
    let queue = ranked();
    let summary: Vec<(usize, i64, String)> = queue
        .rows
        .iter()
        .map(|r| (r.rank, r.score, r.title()))
        .collect();
    assert_eq!(
        summary,
        [
            (1, 101, "complaint #5: 发票错误".to_string()),
            (2, 60, "send quote".to_string()),
            (3, 32, "回访王芳".to_string()),
            (4, 30, "get back in touch".to_string()),
        ]
    );
}

#[test]
fn today_toggles_to_the_ranked_queue() {
    let mut model = ranked_model();
    assert!(model.today_ranked);
    snap("today_ranked", &mut model);
    let screen = lines(&draw_at(&mut model, 120, 40));
    assert!(
        screen[0].contains("Today · Sun 2026-11-22 · ranked: 4 to do"),
        "{}",
        screen[0]
    );
    // The marks line up whatever the width of the names before them.
    let mark_columns: Vec<usize> = screen[1..5]
        .iter()
        .map(|line| {
            let at = line.find(['⚑', '•', '☾']).expect("a mark");
            line[..at].width()
        })
        .collect();
    // The border, `  1 ` and ` 101`, two spaces.
    assert_eq!(mark_columns, [11, 11, 11, 11], "{screen:?}");
    // `r` again: back to the sections, which reload.
    let effects = press(&mut model, "r");
    assert!(!model.today_ranked);
    assert_eq!(effects, vec![Effect::LoadReview]);
}

#[test]
fn why_lists_each_reason_and_its_points() {
    let mut model = ranked_model();
    press(&mut model, "w");
    assert!(model.why);
    snap("today_why", &mut model);
    let screen = text(&draw_at(&mut model, 120, 40));
    for expected in [
        "Why #1: complaint #5: 发票错误",
        " +30 high priority",
        " +25 a complaint",
        " +20 no answer yet after 72 h",
        " +17 open deals worth 50,000 CNY weighted",
        " +9 open 3 days",
        " 101 score",
    ] {
        assert!(screen.contains(expected), "{expected:?} in\n{screen}");
    }
    // It follows the cursor.
    press(&mut model, "j");
    let screen = text(&draw_at(&mut model, 120, 40));
    assert!(screen.contains("Why #2: send quote"), "{screen}");
    assert!(screen.contains(" +30 overdue 2 days"), "{screen}");
    // Esc closes it first, then leaves Today.
    press(&mut model, "esc");
    assert!(!model.why);
    assert_eq!(model.view, Screen::Today);
    press(&mut model, "esc");
    assert_eq!(model.view, Screen::Main);
    // Back to Today: still ranked, and the queue is read again.
    let effects = press(&mut model, "T");
    assert_eq!(effects, vec![Effect::LoadReview, Effect::LoadRanked]);
    assert!(model.today_ranked);
}

#[test]
fn ranked_rows_act_on_their_task_case_or_customer() {
    let mut model = ranked_model();
    assert_eq!(
        press(&mut model, "x"),
        vec![Effect::Run(Command::Resolve {
            case: CaseId(5),
            resolution: String::new(),
        })]
    );
    assert_eq!(
        press(&mut model, "j x"),
        vec![Effect::Run(Command::Done {
            tasks: vec![TaskId(11)]
        })]
    );
    // The quiet customer: enter opens them in the main view.
    press(&mut model, "G enter");
    assert_eq!(model.view, Screen::Main);
    assert_eq!(model.selected_id(), Some(CustomerId(8)));
}

/// Issue 12: `w` works over the sections too — it reads the ranked queue
/// and explains the selected row, whatever section it is in.
#[test]
fn why_explains_the_selected_row_over_the_sections_too() {
    let mut model = loaded();
    press(&mut model, "T");
    // The first row: overdue #11 send quote.
    assert_eq!(press(&mut model, "w"), vec![Effect::LoadRanked]);
    assert!(model.why);
    feed(&mut model, [Msg::RankedLoaded(ranked())]);
    assert!(!model.today_ranked, "still the sections");
    let screen = text(&draw_at(&mut model, 120, 40));
    assert!(screen.contains("Why #2: send quote"), "{screen}");
    assert!(screen.contains(" +30 overdue 2 days"), "{screen}");
    // It follows the cursor: the last row but one is 陈静, gone quiet.
    press(&mut model, "G k");
    let screen = text(&draw_at(&mut model, 120, 40));
    assert!(screen.contains("Why #4: get back in touch"), "{screen}");
    // A write elsewhere reloads the queue it explains.
    let effects = feed(
        &mut model,
        [
            Msg::Generation { all: 1, names: 1 },
            Msg::Generation { all: 2, names: 1 },
        ],
    );
    assert!(effects.contains(&Effect::LoadRanked), "{effects:?}");
    // w again, or esc, closes it; esc again leaves.
    press(&mut model, "w");
    assert!(!model.why);
    press(&mut model, "w esc");
    assert!(!model.why);
    assert_eq!(model.view, Screen::Today);
    // Outside Today there is nothing to explain.
    press(&mut model, "esc");
    let effects = crate::tui::update::list::sales_ui(&mut model, crate::palette::Ui::Why);
    assert!(effects.is_empty() && !model.why);
    let toast = model.toast.as_ref().expect("a toast");
    assert!(
        toast.error && toast.text.contains("Today"),
        "{}",
        toast.text
    );
    // An empty ranked queue draws its own message, and why has nothing.
    press(&mut model, "T r");
    feed(
        &mut model,
        [Msg::RankedLoaded(RankedQueue {
            rows: vec![],
            total: 0,
        })],
    );
    press(&mut model, "w");
    assert!(!model.why);
    let screen = text(&draw_at(&mut model, 80, 24));
    assert!(screen.contains("Nothing to do today"), "{screen}");
}

#[test]
fn a_reload_in_ranked_mode_reloads_the_ranked_queue() {
    let mut model = ranked_model();
    let effects = feed(
        &mut model,
        [
            Msg::Generation { all: 1, names: 1 },
            Msg::Generation { all: 2, names: 1 },
        ],
    );
    assert!(effects.contains(&Effect::LoadRanked), "{effects:?}");
}

// ---------------------------------------------------------------- saved views

#[test]
fn segment_lines_name_a_saved_view_or_clear_it() {
    use crate::tui::update::list::segment_line;
    assert_eq!(
        segment_line("segment My VIPs"),
        Some(Some("My VIPs".into()))
    );
    assert_eq!(
        segment_line("  SEGMENT   north "),
        Some(Some("north".into()))
    );
    assert_eq!(segment_line("segment \"A B\""), Some(Some("A B".into())));
    assert_eq!(segment_line("分组 大客户"), Some(Some("大客户".into())));
    assert_eq!(segment_line("segment"), Some(None));
    assert_eq!(segment_line("segment clear"), Some(None));
    assert_eq!(segment_line("segmentation x"), None);
    assert_eq!(segment_line("view today"), None);
    assert_eq!(segment_line("call acme"), None);
}

#[test]
fn segment_completes_the_saved_view_names() {
    let mut model = loaded();
    press(&mut model, ":");
    typed(&mut model, "segment ");
    let effects = press(&mut model, "k");
    assert_eq!(
        effects,
        vec![Effect::LoadViewNames],
        "names are read afresh"
    );
    feed(
        &mut model,
        [Msg::ViewNamesLoaded(vec![
            "My VIPs".into(),
            "key accounts".into(),
            "北区客户".into(),
        ])],
    );
    let Some(crate::tui::model::Overlay::Palette(p)) = &model.overlay else {
        panic!("the palette is open");
    };
    let offered: Vec<&str> = p.completions.iter().map(|c| c.insert.as_str()).collect();
    assert_eq!(offered, ["key accounts"]);
    press(&mut model, "tab");
    let Some(crate::tui::model::Overlay::Palette(p)) = &model.overlay else {
        panic!("the palette is open");
    };
    assert_eq!(
        p.input.text, "segment key accounts",
        "the whole name, no ': '"
    );
    let effects = press(&mut model, "enter");
    assert_eq!(effects, vec![Effect::LoadSegment("key accounts".into())]);
}

#[test]
fn a_saved_view_narrows_the_list_until_esc() {
    let mut model = loaded();
    press(&mut model, ":");
    typed(&mut model, "segment My VIPs");
    let effects = press(&mut model, "enter");
    assert_eq!(effects, vec![Effect::LoadSegment("My VIPs".into())]);
    assert!(model.overlay.is_none());
    feed(
        &mut model,
        [Msg::SegmentLoaded(Ok(Segment {
            name: "My VIPs".into(),
            ids: vec![CustomerId(5), CustomerId(1)],
        }))],
    );
    let shown: Vec<u64> = model
        .visible
        .iter()
        .map(|&i| model.rows[i as usize].id.0)
        .collect();
    assert_eq!(shown, [1, 5], "in name order");
    snap("segment", &mut model);
    let screen = lines(&draw_at(&mut model, 80, 24));
    assert!(screen[0].contains("view: My VIPs · 2"), "{}", screen[0]);
    // Any reload asks who is in it again.
    let effects = crate::tui::update::update(&mut model, Msg::Generation { all: 1, names: 1 });
    assert!(effects.is_empty());
    let effects = crate::tui::update::update(&mut model, Msg::Generation { all: 2, names: 1 });
    assert!(effects.contains(&Effect::LoadSegment("My VIPs".into())));
    // Esc: everyone again, the selection kept.
    press(&mut model, "j");
    press(&mut model, "esc");
    assert!(model.segment.is_none());
    assert_eq!(model.visible.len(), 8);
    assert_eq!(model.selected_id(), Some(CustomerId(5)));
}

#[test]
fn an_unknown_view_is_a_toast_and_segment_alone_clears() {
    let mut model = loaded();
    feed(
        &mut model,
        [Msg::SegmentLoaded(Err(
            "no saved view named \"nope\"".into()
        ))],
    );
    let toast = model.toast.as_ref().expect("a toast");
    assert!(toast.error && toast.text.contains("nope"));
    assert_eq!(model.visible.len(), 8, "the list is untouched");
    feed(
        &mut model,
        [Msg::SegmentLoaded(Ok(Segment {
            name: "empty".into(),
            ids: vec![],
        }))],
    );
    let screen = text(&draw_at(&mut model, 80, 24));
    assert!(screen.contains("nobody in view \"empty\""), "{screen}");
    press(&mut model, ":");
    typed(&mut model, "segment");
    let effects = press(&mut model, "enter");
    assert!(effects.iter().all(|e| !matches!(e, Effect::LoadSegment(_))));
    assert!(model.segment.is_none());
    assert_eq!(model.visible.len(), 8);
}

// ---------------------------------------------------------------- robustness

#[test]
fn every_sales_screen_draws_at_every_size_within_its_width() {
    let mut queue = with_sales();
    feed(&mut queue, [Msg::CasesLoaded(open_cases())]);
    press(&mut queue, "3 j");
    let mut timeline = with_sales();
    press(&mut timeline, "2 G");
    let mut why = ranked_model();
    press(&mut why, "w");
    let mut segment = loaded();
    feed(
        &mut segment,
        [Msg::SegmentLoaded(Ok(Segment {
            name: "大客户 key accounts".into(),
            ids: vec![CustomerId(2), CustomerId(4)],
        }))],
    );
    let mut models = [queue, timeline, ranked_model(), why, segment];
    for model in &mut models {
        for width in (40..=130).step_by(7) {
            for height in (10..=42).step_by(4) {
                crate::tui::update::update(model, Msg::Resized(width, height));
                let buffer = draw(model, width, height);
                for line in lines(&buffer) {
                    assert!(
                        line.width() <= usize::from(width),
                        "{width}×{height}: {line:?}"
                    );
                }
            }
        }
    }
}

// ---------------------------------------------------------------- loaders

mod loaders {
    use super::*;
    use crate::domain::{Channel, CustomerDraft, CustomerFilter, NewCase, NewDeal, Pipeline};
    use crate::store::Store;
    use crate::tui::read;

    /// A store with three customers: mine and a VIP (600,000 won 10 days
    /// ago), someone else's with a lost deal, and one with an open case.
    fn store() -> (tempfile::TempDir, Store, [CustomerId; 3]) {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::new(dir.path().join("r.redb"), Channel::Tui);
        let t0 = now() - Duration::days(30);
        let me = crate::store::current_user();
        let ids = store
            .write(t0, |w| {
                let mut add = |name: &str, owner: &str| {
                    w.add_customer(CustomerDraft {
                        owner: owner.into(),
                        ..CustomerDraft::named(name)
                    })
                    .map(|c| c.id)
                };
                Ok::<_, crate::store::StoreError>([
                    add("王芳", &me)?,
                    add("Bob", "someone-else")?,
                    add("Carol", &me)?,
                ])
            })
            .expect("customers");
        let new_deal = |customer, title: &str, major: i64| NewDeal {
            customer,
            title: title.into(),
            amount: major * 100,
            currency: "CNY".into(),
            stage: None,
            probability: None,
            expected_close: None,
            owner: String::new(),
        };
        let pipeline = Pipeline::default();
        let (big, lost) = store
            .write(t0, |w| {
                let big = w.add_deal(new_deal(ids[0], "Big", 600_000), &pipeline)?;
                w.add_deal(new_deal(ids[0], "Next", 50_000), &pipeline)?;
                let lost = w.add_deal(new_deal(ids[1], "Lost one", 900_000), &pipeline)?;
                Ok::<_, crate::store::StoreError>((big.id, lost.id))
            })
            .expect("deals");
        store
            .write(now() - Duration::days(10), |w| {
                w.close_deal(big, DealStatus::Won, "")?;
                w.close_deal(lost, DealStatus::Lost, "price")?;
                // Wang comes back every other month: VIP by spend and repurchase.
                for days_ago in [40, 100, 160, 220] {
                    w.add_order(crate::domain::OrderDraft {
                        customer: ids[0],
                        at: now() - Duration::days(days_ago),
                        amount: 500_000,
                        currency: "CNY".into(),
                        items: "refill".into(),
                        payment: None,
                        invoice: String::new(),
                        deal: None,
                        owner: String::new(),
                    })?;
                }
                w.open_case(NewCase {
                    customer: ids[2],
                    kind: CaseKind::Complaint,
                    title: "late delivery".into(),
                    priority: Priority::Normal,
                    owner: String::new(),
                })?;
                w.save_view(
                    "My VIPs",
                    &CustomerFilter {
                        tier: Some(Tier::Vip),
                        mine: true,
                        ..Default::default()
                    },
                )
            })
            .expect("close, case, view");
        (dir, store, ids)
    }

    #[test]
    fn sales_carry_deals_cases_and_the_tier() {
        let (_dir, store, ids) = store();
        let config = Config::default();
        let wang = store
            .read(|r| read::sales(r, &config, ids[0], now()))
            .expect("sales");
        assert_eq!(wang.deals.len(), 2);
        // The win (600,000) and four refills (5,000 each), in 5 of the 8
        // months since the first: 4 / 7 = 57 % repurchase.
        assert_eq!((wang.spend_year, wang.tier), (62_000_000, Tier::Vip));
        assert_eq!(wang.orders.len(), 4);
        assert_eq!(wang.currency, "CNY");
        let bob = store
            .read(|r| read::sales(r, &config, ids[1], now()))
            .expect("sales");
        assert_eq!(
            (bob.spend_year, bob.tier),
            (0, Tier::Regular),
            "lost counts nothing"
        );
        let carol = store
            .read(|r| read::sales(r, &config, ids[2], now()))
            .expect("sales");
        assert_eq!(carol.cases.len(), 1);
    }

    #[test]
    fn open_cases_come_with_their_customer_names() {
        let (_dir, store, ids) = store();
        let everyone = store.read(|r| read::open_cases(r, None)).expect("cases");
        assert_eq!(everyone.len(), 1);
        assert_eq!(everyone[0].customer_name.as_deref(), Some("Carol"));
        let wang = store
            .read(|r| read::open_cases(r, Some(ids[0])))
            .expect("cases");
        assert!(wang.is_empty());
        let carol = store
            .read(|r| read::open_cases(r, Some(ids[2])))
            .expect("cases");
        assert_eq!(carol.len(), 1);
        assert_eq!(carol[0].case.title, "late delivery");
    }

    #[test]
    fn details_and_tasks_bring_their_sales_and_cases_along() {
        use crate::tui::route::Read;
        let (_dir, store, ids) = store();
        let config = Config::default();
        let answer = |read| read::answer(&store, &config, read, now());
        match &answer(Read::Detail(ids[0]))[..] {
            [Msg::DetailLoaded(detail), Msg::SalesLoaded(sales)] => {
                assert_eq!((detail.customer.id, sales.customer), (ids[0], ids[0]));
            }
            other => panic!("expected the card, then the customer's sales, got {other:?}"),
        }
        match &answer(Read::Tasks(None))[..] {
            [Msg::TasksLoaded(_), Msg::CasesLoaded(cases)] => assert_eq!(cases.len(), 1),
            other => panic!("expected the tasks, then the open cases, got {other:?}"),
        }
        match &answer(Read::Segment("nope".into()))[..] {
            [Msg::SegmentLoaded(Err(message))] => assert!(message.contains("nope"), "{message}"),
            other => panic!("a missing view is the user's mistake, got {other:?}"),
        }
    }

    #[test]
    fn a_segment_applies_the_saved_filter_with_tiers_and_me() {
        let (_dir, store, ids) = store();
        let config = Config::default();
        let segment = store
            .read(|r| read::segment(r, &config, "my vips", now()))
            .expect("segment");
        assert_eq!(segment.name, "My VIPs", "the name as saved");
        assert_eq!(segment.ids, [ids[0]]);
        let missing = store.read(|r| read::segment(r, &config, "nope", now()));
        assert!(missing.is_err());
    }
}
