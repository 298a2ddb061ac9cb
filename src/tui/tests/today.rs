//! The Today view (issue 12, item 2): everything `rolo today` lists, every
//! row reachable, keys that act on the row's customer, the ranked mode
//! holding the same items — and time passing with a pinned clock: ticks
//! that cross a task's due time and midnight move the sections with no
//! key pressed. The store tests answer effects with `read::answer`, as the
//! runtime's store worker does.

use super::fixtures::{at, draw_at, empty_model, feed, lines, loaded, press, serve, text, typed};
use crate::config::Config;
use crate::domain::{
    CaseId, CaseKind, Channel, CustomerDraft, CustomerId, Due, NewTask, Priority, TaskId,
};
use crate::review::{CaseRow, QuietRow, Section};
use crate::store::{Reads as _, Store};
use crate::tui::Screen;
use crate::tui::model::{Model, Overlay};
use crate::tui::msg::{Effect, Msg};
use crate::tui::read;
use crate::tui::update::today::{self as today, Key};
use chrono::{DateTime, FixedOffset, NaiveDate};
use std::collections::HashSet;

fn palette_text(model: &Model) -> Option<&str> {
    match &model.overlay {
        Some(Overlay::Palette(p)) => Some(p.input.text.as_str()),
        _ => None,
    }
}

fn titles(section: &Section<crate::review::TaskRow>) -> Vec<&str> {
    section.rows.iter().map(|r| r.task.title.as_str()).collect()
}

fn timed(h: u32, mi: u32, d: u32) -> Due {
    Due::At(
        NaiveDate::from_ymd_opt(2026, 11, d)
            .and_then(|day| day.and_hms_opt(h, mi, 0))
            .expect("a valid time"),
    )
}

/// Ann with a call due at 14:00 today, an overdue task and one for
/// tomorrow; the app opened at 13:58.
fn day_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::new(dir.path().join("r.redb"), Channel::Tui);
    store
        .write(at(2026, 11, 20, 9, 0), |w| {
            let ann = w.add_customer(CustomerDraft {
                company: "Acme".into(),
                ..CustomerDraft::named("Ann Lee")
            })?;
            for (title, due) in [
                (
                    "late one",
                    Due::Date(NaiveDate::from_ymd_opt(2026, 11, 21).expect("day")),
                ),
                ("call Ann", timed(14, 0, 22)),
                (
                    "send deck",
                    Due::Date(NaiveDate::from_ymd_opt(2026, 11, 23).expect("day")),
                ),
            ] {
                w.add_task(NewTask {
                    customer: Some(ann.id),
                    title: title.into(),
                    due: Some(due),
                    priority: Priority::Normal,
                    recurrence: None,
                })?;
            }
            Ok::<_, crate::store::StoreError>(())
        })
        .expect("write");
    (dir, store)
}

/// The pinned clock ticks past 14:00 and past midnight: the sections move
/// by themselves, the call that fell due is announced once (toast and
/// bell), and the selected row stays selected wherever it moves.
#[test]
fn the_sections_move_on_their_own_when_a_task_falls_due_and_at_midnight() {
    let (_dir, store) = day_store();
    let config = Config::default();
    let mut model = empty_model();
    let start = at(2026, 11, 22, 13, 58);
    feed(&mut model, [Msg::Tick(start)]);
    let effects = press(&mut model, "T");
    serve(&store, &config, &mut model, effects, start);
    let review = model.review.as_ref().expect("loaded");
    assert_eq!(titles(&review.overdue), ["late one"]);
    assert_eq!(titles(&review.today), ["call Ann"]);
    assert_eq!(titles(&review.upcoming), ["send deck"]);
    // Select "send deck" (overdue 1, today 1, then it).
    press(&mut model, "j j");
    assert_eq!(today::selected_key(&model), Some(Key::Task(TaskId(3))));

    // Ticks before the due time (and at its very second) change nothing.
    for now in [
        at(2026, 11, 22, 13, 59),
        at(2026, 11, 22, 14, 0),
        at(2026, 11, 22, 13, 59) + chrono::Duration::seconds(59),
    ] {
        let effects = feed(&mut model, [Msg::Tick(now)]);
        assert_eq!(effects, [Effect::CheckGeneration], "at {now}");
    }

    // 14:00:01: re-read, announced.
    let due = at(2026, 11, 22, 14, 0) + chrono::Duration::seconds(1);
    let effects = feed(&mut model, [Msg::Tick(due)]);
    let notify: Vec<&Effect> = effects
        .iter()
        .filter(|e| matches!(e, Effect::Notify(_)))
        .collect();
    assert_eq!(
        notify,
        [&Effect::Notify("Due now: #2 call Ann (Ann Lee)".into())],
        "{effects:?}"
    );
    assert!(effects.contains(&Effect::LoadReview), "{effects:?}");
    assert!(effects.contains(&Effect::LoadTasks(None)), "{effects:?}");
    let toast = model.toast.as_ref().expect("a toast");
    assert_eq!(toast.text, "Due now: #2 call Ann (Ann Lee)");
    assert!(!toast.error);
    // The next tick, before the answer: not asked again, not rung again.
    let effects = feed(
        &mut model,
        [Msg::Tick(due + chrono::Duration::milliseconds(500))],
    );
    assert_eq!(effects, [Effect::CheckGeneration]);
    serve(&store, &config, &mut model, vec![Effect::LoadReview], due);
    let review = model.review.as_ref().expect("loaded");
    assert_eq!(titles(&review.overdue), ["late one", "call Ann"]);
    assert!(review.today.rows.is_empty());
    assert_eq!(today::selected_key(&model), Some(Key::Task(TaskId(3))));
    let screen = text(&draw_at(&mut model, 80, 24));
    assert!(screen.contains("Overdue (2)"), "{screen}");
    assert!(!screen.contains("Today ("), "{screen}");
    // A later tick of the fresh review: nothing more to do, nothing rung.
    let effects = feed(&mut model, [Msg::Tick(at(2026, 11, 22, 18, 0))]);
    assert_eq!(effects, [Effect::CheckGeneration]);

    // Midnight: tomorrow's task is today's; no bell for a day changing.
    let midnight = at(2026, 11, 23, 0, 0) + chrono::Duration::seconds(1);
    let effects = feed(&mut model, [Msg::Tick(midnight)]);
    assert!(effects.contains(&Effect::LoadReview), "{effects:?}");
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Notify(_))),
        "{effects:?}"
    );
    serve(&store, &config, &mut model, effects, midnight);
    let review = model.review.as_ref().expect("loaded");
    assert_eq!(titles(&review.today), ["send deck"]);
    assert!(review.upcoming.rows.is_empty());
    assert_eq!(today::selected_key(&model), Some(Key::Task(TaskId(3))));
    let screen = lines(&draw_at(&mut model, 80, 24));
    assert!(
        screen[0].contains("Today · Mon 2026-11-23"),
        "{}",
        screen[0]
    );
    assert!(
        screen[1].contains("2 overdue · 1 today · 0 next 7 days"),
        "{}",
        screen[1]
    );
}

/// A task moved to a later time is announced when that time comes; one
/// already overdue when the app opened never is; the ranked queue on
/// screen is read again with the sections.
#[test]
fn each_due_time_is_announced_once_and_the_ranked_queue_follows() {
    let (_dir, store) = day_store();
    let config = Config::default();
    let mut model = empty_model();
    let start = at(2026, 11, 22, 14, 30);
    feed(&mut model, [Msg::Tick(start)]);
    let effects = press(&mut model, "T r");
    serve(&store, &config, &mut model, effects, start);
    assert!(model.today_ranked && model.ranked.is_some());
    // Opened after 14:00: the call is already overdue, nothing to announce
    // until midnight.
    let effects = feed(&mut model, [Msg::Tick(at(2026, 11, 22, 23, 59))]);
    assert_eq!(effects, [Effect::CheckGeneration]);
    // The call moved to 23:59 meanwhile (another terminal), and read again.
    store
        .write(start, |w| {
            w.snooze_task(TaskId(2), timed(23, 59, 22)).map(drop)
        })
        .expect("snooze");
    serve(&store, &config, &mut model, vec![Effect::LoadReview], start);
    let at_2359 = at(2026, 11, 22, 23, 59) + chrono::Duration::seconds(1);
    let effects = feed(&mut model, [Msg::Tick(at_2359)]);
    assert!(
        effects.contains(&Effect::Notify("Due now: #2 call Ann (Ann Lee)".into())),
        "{effects:?}"
    );
    assert!(effects.contains(&Effect::LoadRanked), "{effects:?}");
}

fn case_row(id: u64, customer: u64, name: &str) -> CaseRow {
    CaseRow {
        case: super::panes_sales::case(
            id,
            customer,
            CaseKind::Request,
            &format!("request {id}"),
            at(2026, 11, 20, 9, 0),
        ),
        customer_name: Some(name.into()),
    }
}

/// The fixture review with two open cases and forty customers gone quiet:
/// more rows than 80×24 shows.
fn long_model() -> Model {
    let mut model = loaded();
    let mut review = model.review.clone().expect("the fixture review");
    review.cases = Section {
        total: 2,
        rows: vec![case_row(5, 2, "王芳"), case_row(6, 3, "张伟")],
    };
    review.quiet = Section {
        total: 40,
        rows: (100..140)
            .map(|id| QuietRow {
                id: CustomerId(id),
                name: format!("Quiet {id}"),
                company: String::new(),
                cadence: Some(7),
                days_since_contact: Some(30),
            })
            .collect(),
    };
    feed(
        &mut model,
        [Msg::ReviewLoaded {
            review: Box::new(review),
            done_today: 0,
        }],
    );
    press(&mut model, "T");
    model
}

/// Every row of every section can be reached at 80×24: walking down, the
/// selected row is always on screen, and the last one is reached.
#[test]
fn every_row_of_every_section_is_reachable_at_80x24() {
    let mut model = long_model();
    let screen = lines(&draw_at(&mut model, 80, 24));
    assert!(
        screen[1].contains("1 overdue · 2 today · 4 next 7 days · 2 open cases · 40 quiet"),
        "{}",
        screen[1]
    );
    let rows = today::rows(&model).len();
    assert_eq!(rows, 6 + 2 + 40);
    let label = |model: &Model| match today::selected_key(model) {
        Some(Key::Task(id)) => id.to_string(),
        Some(Key::Case(id)) => id.to_string(),
        Some(Key::Quiet(id)) => id.to_string(),
        None => panic!("nothing selected"),
    };
    for i in 0..rows {
        assert_eq!(model.today.index, i);
        let screen = text(&draw_at(&mut model, 80, 24));
        let wanted = format!("{} ", label(&model));
        let shown = screen
            .lines()
            .any(|l| l.trim_end_matches([' ', '┃']).ends_with(wanted.trim_end()));
        assert!(shown, "row {i} ({wanted}) is on screen:\n{screen}");
        press(&mut model, "j");
    }
    assert_eq!(model.today.index, rows - 1, "the last row is the last");
    let screen = text(&draw_at(&mut model, 80, 24));
    assert!(screen.contains("Quiet 139"), "{screen}");
    // Back to the top: the first heading shows again.
    press(&mut model, "g g");
    let screen = lines(&draw_at(&mut model, 80, 24));
    assert!(screen[2].contains("Overdue (1)"), "{screen:?}");
    // A page down and back up keeps the cursor on screen too.
    press(&mut model, "pgdn pgdn k");
    let screen = text(&draw_at(&mut model, 80, 24));
    assert!(screen.contains(&label(&model)), "{screen}");
}

/// `c e m t` on a case or a quiet customer act on that customer, and the
/// view stays Today; `x` on a quiet customer has nothing to complete.
#[test]
fn c_e_m_t_act_on_the_rows_customer_without_leaving_today() {
    let mut model = long_model();
    // Rows 0..6 are tasks, 6 and 7 the cases, 8 the first quiet customer.
    press(&mut model, "j j j j j j");
    assert_eq!(today::selected_key(&model), Some(Key::Case(CaseId(5))));
    press(&mut model, "e");
    assert_eq!(palette_text(&model), Some("email #2: "));
    assert_eq!(model.view, Screen::Today);
    press(&mut model, "esc j j");
    assert_eq!(
        today::selected_key(&model),
        Some(Key::Quiet(CustomerId(100)))
    );
    for (key, line) in [
        ("c", "call #100: "),
        ("e", "email #100: "),
        ("m", "meeting #100: "),
        ("t", "task #100: "),
    ] {
        press(&mut model, key);
        assert_eq!(palette_text(&model), Some(line), "{key}");
        assert_eq!(model.view, Screen::Today);
        press(&mut model, "esc");
    }
    assert_eq!(model.view, Screen::Today);
    // The first task row: its customer.
    press(&mut model, "g g c");
    assert_eq!(palette_text(&model), Some("call #1: "));
    press(&mut model, "esc");
    // x on a quiet customer: nothing to complete, said so.
    press(&mut model, "G x");
    let toast = model.toast.as_ref().expect("a toast");
    assert!(
        toast.error && toast.text.contains("Select a task"),
        "{}",
        toast.text
    );
    // Enter opens them.
    press(&mut model, "enter");
    assert_eq!(model.view, Screen::Main);
}

/// The sections and the ranked queue hold the same items (each task, case
/// and quiet customer once), counted as `rolo today` counts them, on the
/// demo data.
#[test]
fn the_sections_and_the_ranked_queue_agree_on_the_demo_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::new(dir.path().join("demo.redb"), Channel::Cli);
    let config = Config::default();
    let now = at(2026, 11, 22, 9, 0);
    crate::exec::demo::load_with(&store, 200, 1, now, "tester", &config.pipeline)
        .expect("demo data");
    let (review, _) = store
        .read(|r| read::today(r, &config, now))
        .expect("the review");
    let ranked = store
        .read(|r| read::ranked(r, &config, now))
        .expect("the ranked queue");
    let sections: HashSet<Key> = today::items(&review).iter().map(|i| i.key()).collect();
    let queue: HashSet<Key> = ranked.rows.iter().map(today::ranked_key).collect();
    assert!(
        review.quiet.total > 0 && review.cases.total > 0,
        "{review:?}"
    );
    assert_eq!(sections.len(), today::items(&review).len(), "each once");
    assert_eq!(sections, queue);
    let total = review.overdue.total
        + review.today.total
        + review.upcoming.total
        + review.cases.total
        + review.quiet.total;
    assert_eq!(ranked.total as u64, total);
}

/// The demo data (200 customers) read at 09:00 on 2026-11-22.
fn demo() -> (tempfile::TempDir, Store, Config, DateTime<FixedOffset>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::new(dir.path().join("demo.redb"), Channel::Tui);
    let config = Config::default();
    let now = at(2026, 11, 22, 9, 0);
    crate::exec::demo::load_with(&store, 200, 1, now, "tester", &config.pipeline)
        .expect("demo data");
    (dir, store, config, now)
}

/// The app at `now`, on the Today view, read from `store`.
fn open_today(store: &Store, config: &Config, now: DateTime<FixedOffset>, keys: &str) -> Model {
    let mut model = empty_model();
    feed(&mut model, [Msg::Tick(now)]);
    let effects = press(&mut model, keys);
    serve(store, config, &mut model, effects, now);
    model
}

/// Move the cursor to `key`'s row the way a user would: top, then down.
fn select(model: &mut Model, key: Key) {
    let index = today::rows(model)
        .iter()
        .position(|item| item.key() == key)
        .unwrap_or_else(|| panic!("{key:?} is a row of the sections"));
    press(model, "g g");
    for _ in 0..index {
        press(model, "j");
    }
    assert_eq!(today::selected_key(model), Some(key));
}

/// `c e m t` typed through on a case row and on quiet-customer rows, and
/// written by the store worker's executor: every entry lands on the row's
/// customer, the view stays Today, and the customers called, emailed or
/// met leave "Gone quiet" with no key pressed.
#[test]
fn c_e_m_t_on_a_case_or_quiet_row_log_against_its_customer() {
    use crate::domain::InteractionKind as Kind;
    let (_dir, store, config, now) = demo();
    let mut model = open_today(&store, &config, now, "T");
    let review = model.review.clone().expect("loaded");
    let case = review
        .cases
        .rows
        .first()
        .expect("an open case")
        .case
        .clone();
    let quiet: Vec<CustomerId> = review.quiet.rows.iter().map(|q| q.id).collect();
    assert!(quiet.len() >= 4, "{quiet:?}");
    // A customer whose case is open and who is quiet would blur the test.
    assert!(!quiet[..4].contains(&case.customer));
    let mut logged = Vec::new();
    for (n, (key, verb, kind)) in [
        ("c", "call", Some(Kind::Call)),
        ("e", "email", Some(Kind::Email)),
        ("m", "meeting", Some(Kind::Meeting)),
        ("t", "task", None),
    ]
    .into_iter()
    .enumerate()
    {
        for (row, customer) in [
            (Key::Case(case.id), case.customer),
            (Key::Quiet(quiet[n]), quiet[n]),
        ] {
            select(&mut model, row);
            press(&mut model, key);
            assert_eq!(
                palette_text(&model),
                Some(format!("{verb} {customer}: ").as_str()),
                "{key} on {row:?}"
            );
            let words = format!("from today {key} {}", customer.0);
            typed(&mut model, &words);
            let effects = press(&mut model, "enter");
            assert!(
                effects.iter().any(|e| matches!(e, Effect::Run(_))),
                "{effects:?}"
            );
            serve(&store, &config, &mut model, effects, now);
            assert_eq!(model.view, Screen::Today, "{key} on {row:?}");
            let toast = model.toast.as_ref().expect("a toast");
            assert!(!toast.error, "{}", toast.text);
            logged.push((customer, kind, words));
        }
    }
    store
        .read(|r| {
            for (customer, kind, words) in &logged {
                match kind {
                    Some(kind) => assert!(
                        r.timeline(*customer, 100)?
                            .iter()
                            .any(|i| i.kind == *kind && i.summary == *words),
                        "{kind:?} {words:?} on {customer}"
                    ),
                    None => assert!(
                        r.customer_tasks(*customer)?
                            .iter()
                            .any(|t| t.title == *words),
                        "task {words:?} on {customer}"
                    ),
                }
            }
            Ok::<_, crate::store::StoreError>(())
        })
        .expect("read back");
    let after = model.review.as_ref().expect("read again");
    for id in &quiet[..3] {
        assert!(
            !after.quiet.rows.iter().any(|q| q.id == *id),
            "{id} was reached and is not quiet any more"
        );
    }
    assert_eq!(after.quiet.total, review.quiet.total - 3);
}

/// Every task with a time rings once, when its time comes, however many
/// ticks pass (every 500 ms within 30 s of a due time, every 30 s between) and
/// whenever the answers arrive; tasks due at the same minute ring
/// together; a day changing rings nothing. The sections follow on their own.
#[test]
fn every_task_that_falls_due_rings_once_through_a_whole_afternoon_of_ticks() {
    let (_dir, store) = day_store();
    store
        .write(at(2026, 11, 20, 9, 0), |w| {
            for title in ["demo for Ann", "price list"] {
                w.add_task(NewTask {
                    customer: Some(CustomerId(1)),
                    title: title.into(),
                    due: Some(timed(16, 30, 22)),
                    priority: Priority::Normal,
                    recurrence: None,
                })?;
            }
            Ok::<_, crate::store::StoreError>(())
        })
        .expect("write");
    let config = Config::default();
    let start = at(2026, 11, 22, 13, 58);
    let mut model = open_today(&store, &config, start, "T");
    assert_eq!(model.review.as_ref().map(|r| r.today.total), Some(3));
    let mut notified = Vec::new();
    let mut now = start;
    let end = at(2026, 11, 23, 0, 2);
    while now < end {
        let near_due = [
            at(2026, 11, 22, 14, 0),
            at(2026, 11, 22, 16, 30),
            at(2026, 11, 23, 0, 0),
        ]
        .iter()
        .any(|due| (now - *due).num_seconds().abs() <= 30);
        now += if near_due {
            chrono::Duration::milliseconds(500)
        } else {
            chrono::Duration::seconds(30)
        };
        let effects = feed(&mut model, [Msg::Tick(now)]);
        notified.extend(effects.iter().filter_map(|e| match e {
            Effect::Notify(text) => Some((now, text.clone())),
            _ => None,
        }));
        serve(&store, &config, &mut model, effects, now);
    }
    let texts: Vec<&str> = notified.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Due now: #2 call Ann (Ann Lee)",
            "Due now: #4 demo for Ann (Ann Lee) and 1 more"
        ],
        "{notified:?}"
    );
    assert!(notified[0].0 > at(2026, 11, 22, 14, 0));
    assert!(notified[0].0 <= at(2026, 11, 22, 14, 0) + chrono::Duration::seconds(1));
    assert!(notified[1].0 > at(2026, 11, 22, 16, 30));
    assert!(notified[1].0 <= at(2026, 11, 22, 16, 30) + chrono::Duration::seconds(1));
    let review = model.review.as_ref().expect("loaded");
    assert_eq!(
        titles(&review.overdue),
        ["late one", "call Ann", "demo for Ann", "price list"]
    );
    assert_eq!(titles(&review.today), ["send deck"]);
    assert!(review.upcoming.rows.is_empty());
}

/// Regression: the ranked queue scrolled by the cursor alone, so moving up
/// from the bottom of the screen dragged the whole list along with it
/// instead of moving the cursor; it now scrolls by the cursor's offset,
/// as the sections do.
#[test]
fn the_ranked_queue_scrolls_like_a_list_at_80x24() {
    let (_dir, store, config, now) = demo();
    let mut model = open_today(&store, &config, now, "T r");
    let queue = model.ranked.as_ref().expect("the ranked queue");
    assert!(queue.rows.len() > 40, "{}", queue.rows.len());
    let first_rank = |model: &mut Model| {
        let screen = lines(&draw_at(model, 80, 24));
        screen[1]
            .trim_start_matches('┃')
            .split_whitespace()
            .next()
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or_else(|| panic!("a rank first: {screen:?}"))
    };
    assert_eq!(first_rank(&mut model), 1);
    for _ in 0..30 {
        press(&mut model, "j");
    }
    // Rank 31 selected on the last line: 21 rows a screen, ranks 11 to 31.
    assert_eq!(model.today.index, 30);
    assert_eq!(first_rank(&mut model), 11);
    // Up: the cursor moves, the list stays.
    press(&mut model, "k k k");
    assert_eq!(first_rank(&mut model), 11);
    let screen = lines(&draw_at(&mut model, 80, 24));
    assert!(screen[18].contains(" 28 "), "{screen:?}");
    // Past the top of the screen, it scrolls up one at a time.
    for _ in 0..18 {
        press(&mut model, "k");
    }
    assert_eq!(model.today.index, 9);
    assert_eq!(first_rank(&mut model), 10);
}
