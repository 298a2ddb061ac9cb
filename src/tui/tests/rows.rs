//! Issue 12 in the app, items 1 and 3: every row can be read whole,
//! corrected and removed. Enter shows the selected row of the focused
//! pane in full (the detail view), `E` edits it in a form, `d` deletes a
//! timeline entry or cancels a task at once with `u` to take it back —
//! always the visibly selected row, never one behind an overlay or in
//! another pane. The card shows the first lines of the notes. The store
//! tests answer effects with the real reads and writes (`serve`).

use super::fixtures::{
    FakeRuntime, at, detail, draw_at, empty_model, feed, loaded, preset, press, rows, serve, tasks,
    text, typed, user_keymap,
};
use crate::config::Config;
use crate::domain::{
    CaseKind, Channel, CustomerDraft, CustomerId, Due, InteractionId, NewTask, Priority,
    Recurrence, Snooze, TaskId, TaskStatus,
};
use crate::palette::{Command, Fix, Record};
use crate::store::{Reads as _, Store};
use crate::tui::model::{Model, Overlay};
use crate::tui::msg::{Effect, Msg, Outcome};
use crate::tui::show::{Key, Shown};
use crate::tui::update::parse_keys;
use chrono::NaiveDate;
use std::sync::Arc;

/// A summary longer than any timeline row.
const LONG: &str = "discussed the Q4 renewal at length: they want 50 seats from January, \
    a discount for paying yearly, onboarding for two teams in Shanghai and Shenzhen, \
    and a call back after their board meets on 12-03";

fn toast(model: &Model) -> String {
    model
        .toast
        .as_ref()
        .map(|t| t.text.clone())
        .unwrap_or_default()
}

/// The screen's words in order, box borders dropped: a wrapped text reads
/// as one line again.
fn words(screen: &str) -> String {
    screen
        .replace(['│', '┃'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn form_title(model: &Model) -> Option<String> {
    model.form.as_ref().map(|f| f.title())
}

fn shown(model: &Model) -> Option<&Shown> {
    match &model.overlay {
        Some(Overlay::Show(show)) => Some(&show.shown),
        _ => None,
    }
}

/// The fixture app with Ann's newest call long and with feedback.
fn long_call() -> Model {
    let mut model = loaded();
    let mut ann = detail(CustomerId(1));
    ann.timeline[0].summary = LONG.into();
    ann.timeline[0].feedback = "wants 10% off and asks whether the price holds next year".into();
    feed(&mut model, [Msg::DetailLoaded(Box::new(ann))]);
    model
}

#[test]
fn enter_on_a_timeline_row_shows_the_whole_entry_and_the_task_it_created() {
    let mut model = long_call();
    // The row is one line, cut and marked so: there is more.
    let screen = text(&draw_at(&mut model, 80, 24));
    let row = screen
        .lines()
        .find(|l| l.contains("11-19 14:30"))
        .unwrap_or_default();
    assert!(row.trim_end_matches('│').ends_with('…'), "{row}");
    let effects = press(&mut model, "2 enter");
    assert_eq!(
        effects,
        [Effect::LoadShown(Key::Interaction(InteractionId(104)))],
        "the store fills in what the card does not hold"
    );
    let screen = text(&draw_at(&mut model, 80, 24));
    let all = words(&screen);
    for part in [
        "call #104 with Ann Lee (#1)",
        "at 2026-11-19 14:30 +08:00",
        &format!("summary {}", words(LONG)),
        "feedback wants 10% off and asks whether the price holds next year",
        "outcome reached",
        "author me",
        "task #11 send quote · due 2d ago · open",
    ] {
        assert!(all.contains(part), "{part:?} in\n{screen}");
    }
    assert!(screen.contains("DETAIL"), "{screen}");
    // Esc closes it; Enter again shows it again, q closes it too.
    press(&mut model, "esc");
    assert_eq!(model.overlay, None);
    press(&mut model, "enter");
    assert!(shown(&model).is_some());
    press(&mut model, "q");
    assert_eq!(model.overlay, None);
    assert!(!model.quit, "q closed the view, it did not quit");
}

#[test]
fn the_detail_view_scrolls_a_page_longer_than_the_screen() {
    let mut model = long_call();
    press(&mut model, "2 enter");
    draw_at(&mut model, 40, 10);
    press(&mut model, "G");
    let Some(Overlay::Show(show)) = &model.overlay else {
        panic!("the detail view");
    };
    let page = crate::tui::show::page(&show.shown, 38, model.now);
    assert!(page.len() > 8, "{page:?}");
    assert_eq!(show.scroll, page.len() - model.full_height());
    let screen = text(&draw_at(&mut model, 40, 10));
    assert!(screen.contains("send quote"), "the last line:\n{screen}");
    press(&mut model, "g g");
    assert!(matches!(&model.overlay, Some(Overlay::Show(s)) if s.scroll == 0));
}

#[test]
fn enter_on_a_task_row_shows_its_snoozes_repeats_and_the_entry_it_came_from() {
    let mut model = loaded();
    let mut queue = tasks();
    let send = &mut queue[0].task;
    assert_eq!(send.id, TaskId(11));
    send.recurrence = Recurrence::parse("2w").ok();
    send.origin = Some(InteractionId(104));
    send.snoozes = vec![Snooze {
        at: at(2026, 11, 18, 9, 0),
        from: Some(Due::Date(
            NaiveDate::from_ymd_opt(2026, 11, 18).expect("day"),
        )),
        to: Due::Date(NaiveDate::from_ymd_opt(2026, 11, 20).expect("day")),
    }];
    feed(&mut model, [Msg::TasksLoaded(queue)]);
    press(&mut model, "3 enter");
    let screen = text(&draw_at(&mut model, 100, 30));
    let all = words(&screen);
    for part in [
        "task #11 · send quote",
        "customer Ann Lee (#1)",
        "priority high",
        "status open",
        "repeats every 2w",
        "snoozed 2026-11-18 09:00 from 2026-11-18 to 2026-11-20",
        "from call #104 on 2026-11-19: discussed Q4 renewal",
    ] {
        assert!(all.contains(part), "{part:?} in\n{screen}");
    }
}

#[test]
fn the_card_shows_the_first_lines_of_the_notes_and_enter_on_customers_all_of_them() {
    let mut model = loaded();
    let mut ann = detail(CustomerId(1));
    ann.customer.notes =
        "prefers WeChat\nbudget approved in Q3\n\nCFO signs above ¥500k\nkids: two, both at 实验小学".into();
    feed(&mut model, [Msg::DetailLoaded(Box::new(ann))]);
    let tall = text(&draw_at(&mut model, 120, 40));
    assert!(tall.contains("✎ prefers WeChat"), "{tall}");
    assert!(tall.contains("  budget approved in Q3"), "{tall}");
    assert!(
        tall.contains("  CFO signs above ¥500k …"),
        "more follow:\n{tall}"
    );
    assert!(!tall.contains("kids: two"), "{tall}");
    // A short pane keeps fewer lines (one, here) and still says more.
    let short = text(&draw_at(&mut model, 80, 18));
    assert!(short.contains("✎ prefers WeChat …"), "{short}");
    // Enter on the Customers pane: the card whole, every note.
    let effects = press(&mut model, "enter");
    assert_eq!(effects, [Effect::LoadShown(Key::Customer(CustomerId(1)))]);
    let all = words(&text(&draw_at(&mut model, 80, 24)));
    assert!(
        all.contains("notes prefers WeChat budget approved in Q3 CFO signs above ¥500k kids: two, both at 实验小学"),
        "{all}"
    );
    // n there (as on the main view) edits them: the customer's form at the notes.
    press(&mut model, "n");
    let form = model.form.as_ref().expect("the customer form");
    assert_eq!(form.focus, crate::tui::form::NOTES);
    assert!(form.back.is_some(), "closing it shows the card again");
    press(&mut model, "esc");
    assert!(shown(&model).is_some());
}

#[test]
fn d_with_customers_focused_never_deletes_an_interaction() {
    let mut model = loaded();
    for keys in ["d", "2 1 d", "3 1 d"] {
        let effects = press(&mut model, keys);
        assert!(effects.is_empty(), "{keys}: {effects:?}");
        assert_eq!(
            toast(&model),
            "d deletes an entry or a task: focus Timeline (2) or Tasks (3) first",
            "{keys}"
        );
    }
    // Behind an overlay nothing is deleted either.
    press(&mut model, "2 ?");
    assert!(press(&mut model, "d").is_empty());
    assert!(matches!(model.overlay, Some(Overlay::Help { .. })));
}

#[test]
fn d_on_a_case_row_refuses_and_says_how() {
    let mut model = loaded();
    let complaint = super::panes_sales::case(
        3,
        1,
        CaseKind::Complaint,
        "invoice wrong",
        at(2026, 11, 20, 9, 0),
    );
    feed(
        &mut model,
        [
            Msg::SalesLoaded(Box::new(crate::tui::msg::Sales {
                customer: CustomerId(1),
                deals: vec![],
                cases: vec![complaint.clone()],
                orders: vec![],
                tier: crate::domain::Tier::Regular,
                spend_year: 0,
                currency: "CNY".into(),
            })),
            Msg::CasesLoaded(vec![crate::review::CaseRow {
                case: complaint,
                customer_name: Some("Ann Lee".into()),
            }]),
        ],
    );
    // The timeline: the complaint (11-20) is the newest entry.
    assert!(press(&mut model, "2 d").is_empty());
    assert!(toast(&model).contains("`rm case 3`"), "{}", toast(&model));
    assert!(press(&mut model, "E").is_empty());
    assert!(toast(&model).contains("fix case 3"), "{}", toast(&model));
    assert!(model.form.is_none());
    // Enter shows it whole all the same.
    press(&mut model, "enter");
    assert!(matches!(shown(&model), Some(Shown::Case { .. })));
    press(&mut model, "esc");
    // The Tasks pane: overdue task #11, then the case.
    assert!(press(&mut model, "3 j d").is_empty());
    assert!(toast(&model).contains("`rm case 3`"), "{}", toast(&model));
}

#[test]
fn e_opens_the_form_of_the_row_and_the_detail_view_comes_back_after_it() {
    let mut model = long_call();
    press(&mut model, "2 enter E");
    assert_eq!(model.overlay, Some(Overlay::Form));
    let form = model.form.as_ref().expect("the entry's form");
    assert_eq!(form.title(), "Edit call #104");
    assert_eq!(form.fields[form.focus].label, "Summary");
    // Cancelled: back to the detail view.
    press(&mut model, "esc");
    assert!(matches!(shown(&model), Some(Shown::Interaction { .. })));
    // Saved: a fix of the summary alone, through the executor.
    press(&mut model, "E ctrl-u");
    typed(&mut model, "wants 50 seats");
    let effects = press(&mut model, "ctrl-s");
    let [Effect::Run(Command::Fix(Fix::Interaction { id, patch, at }))] = &effects[..] else {
        panic!("{effects:?}");
    };
    assert_eq!(*id, InteractionId(104));
    assert_eq!(patch.summary.as_deref(), Some("wants 50 seats"));
    assert_eq!((patch.kind, &patch.feedback, at), (None, &None, &None));
    let ann = detail(CustomerId(1));
    let mut fixed = ann.timeline[0].clone();
    fixed.summary = "wants 50 seats".into();
    let effects = feed(
        &mut model,
        [Msg::Applied(Ok(Box::new(Outcome {
            done: crate::exec::Done::InteractionEdited {
                customer: ann.customer,
                interaction: fixed,
                changed: vec!["summary"],
            },
            undo: crate::store::Undo::default(),
        })))],
    );
    assert!(model.form.is_none());
    assert!(matches!(shown(&model), Some(Shown::Interaction { .. })));
    assert!(
        effects.contains(&Effect::LoadShown(Key::Interaction(InteractionId(104)))),
        "the view reads the entry again: {effects:?}"
    );
    // E on a task row: its form; on a customer: theirs.
    press(&mut model, "esc 3 E");
    assert_eq!(form_title(&model).as_deref(), Some("Edit task #11"));
    press(&mut model, "esc 1 E");
    assert_eq!(form_title(&model).as_deref(), Some("Edit Ann Lee #1"));
}

#[test]
fn a_form_refuses_a_bad_field_inline_and_enter_moves_on_in_a_line() {
    let mut model = loaded();
    press(&mut model, "3 E");
    // Title, Enter: the next field (Due); a bad date is said under it.
    press(&mut model, "enter ctrl-u");
    typed(&mut model, "frday");
    let form = model.form.as_ref().expect("the task form");
    assert_eq!(form.focus, 1);
    assert!(
        form.errors[1]
            .as_deref()
            .is_some_and(|e| e.contains("frday")),
        "{:?}",
        form.errors
    );
    assert!(press(&mut model, "ctrl-s").is_empty(), "not saved");
    let screen = text(&draw_at(&mut model, 80, 24));
    assert!(screen.contains("frday"), "{screen}");
    // In a text area Enter starts a new line.
    press(&mut model, "esc 2 E");
    press(&mut model, "enter");
    let form = model.form.as_ref().expect("the entry's form");
    assert_eq!(form.fields[2].text(), "discussed Q4 renewal\n");
}

#[test]
fn the_user_keymap_name_customer_edit_still_edits() {
    let mut model = loaded();
    model.keymap = Arc::new(user_keymap("[main]\n\"e\" = \"customer edit\"\n"));
    press(&mut model, "e");
    assert_eq!(form_title(&model).as_deref(), Some("Edit Ann Lee #1"));
}

#[test]
fn vim_deletes_with_d_d() {
    let mut model = loaded();
    model.keymap = Arc::new(preset("vim"));
    assert!(press(&mut model, "2 d").is_empty(), "a lone d waits");
    assert_eq!(
        press(&mut model, "d"),
        [Effect::Run(Command::Remove(Record::Interaction(
            InteractionId(104)
        )))]
    );
}

#[test]
fn the_keystrokes_to_fix_the_last_call_and_drop_a_duplicate_task_are_few() {
    // (f) From the main view: the timeline, the form at the summary,
    // clear it, type, save. Four keys and the text.
    let fix = "2 E ctrl-u ctrl-s";
    assert!(parse_keys(fix).map(|k| k.len()).unwrap_or(99) <= 12);
    let mut model = loaded();
    press(&mut model, "2 E ctrl-u");
    typed(&mut model, "wants 60 seats");
    let effects = press(&mut model, "ctrl-s");
    assert!(
        matches!(&effects[..], [Effect::Run(Command::Fix(Fix::Interaction { patch, .. }))]
            if patch.summary.as_deref() == Some("wants 60 seats")),
        "{effects:?}"
    );
    // Delete a duplicate task: Tasks, down to it, d.
    let mut model = loaded();
    assert_eq!(
        press(&mut model, "3 j d"),
        [Effect::Run(Command::Remove(Record::Task(TaskId(12))))]
    );
}

#[test]
fn help_lists_the_row_keys_and_the_detail_views() {
    let model = loaded();
    let page: Vec<String> = crate::tui::help::page(&model, 118)
        .iter()
        .flatten()
        .map(|p| match &p.piece {
            crate::tui::help::Piece::Keys { keys, text } => format!("{keys} {text}"),
            crate::tui::help::Piece::Title(t)
            | crate::tui::help::Piece::More(t)
            | crate::tui::help::Piece::Text(t) => t.clone(),
        })
        .collect();
    for line in [
        "Fixing mistakes",
        "enter The selected row in full (notes too)",
        "E Edit the selected row in a form",
        "d Delete the selected entry, cancel a task",
        "In the detail view (enter on a row)",
        "ctrl-s Save",
        "✎",
    ] {
        assert!(
            page.iter().any(|l| l.contains(line)),
            "{line:?} in {page:#?}"
        );
    }
}

// ---------------------------------------------------------------- sizes

#[test]
fn the_detail_view_and_the_forms_draw_at_any_size() {
    let rt = FakeRuntime::new(rows());
    let states: [(&str, &str); 7] = [
        ("entry", "2 enter"),
        ("entry scrolled", "2 enter G"),
        ("task", "3 enter"),
        ("card", "enter"),
        ("entry form", "2 E"),
        ("task form", "3 E"),
        ("customer form", "E"),
    ];
    for (what, keys) in states {
        for (w, h) in [
            (1, 1),
            (20, 5),
            (39, 9),
            (40, 10),
            (41, 11),
            (50, 12),
            (80, 24),
            (120, 40),
            (250, 70),
        ] {
            let mut model = long_call();
            let effects = press(&mut model, keys);
            rt.settle(&mut model, effects);
            assert!(model.overlay.is_some(), "{what}");
            draw_at(&mut model, w, h);
            // Scrolling and typing at that size, then drawing again.
            press(&mut model, "G k j pgdn");
            typed(&mut model, "王芳 x");
            draw_at(&mut model, w, h);
        }
    }
}

// ---------------------------------------------------------------- with a store

/// Ann Lee and Bob Ma, Ann with a task "send quote" twice (a duplicate)
/// and "book demo"; the app started on it.
fn store_app() -> (tempfile::TempDir, Store, Config, Model) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::new(dir.path().join("rolo.redb"), Channel::Tui);
    let day = |d| {
        Some(Due::Date(
            NaiveDate::from_ymd_opt(2026, 11, d).expect("day"),
        ))
    };
    store
        .write(super::fixtures::now(), |w| {
            let ann = w.add_customer(CustomerDraft {
                company: "Acme".into(),
                ..CustomerDraft::named("Ann Lee")
            })?;
            w.add_customer(CustomerDraft::named("Bob Ma"))?;
            for (title, due) in [("send quote", 22), ("send quote", 22), ("book demo", 23)] {
                w.add_task(NewTask {
                    customer: Some(ann.id),
                    title: title.into(),
                    due: day(due),
                    priority: Priority::Normal,
                    recurrence: None,
                })?;
            }
            Ok::<_, crate::store::StoreError>(())
        })
        .expect("write");
    let config = Config::default();
    let mut model = empty_model();
    let effects = crate::tui::update::start(&mut model);
    serve(&store, &config, &mut model, effects, super::fixtures::now());
    assert_eq!(
        model.selected_row().map(|r| r.name.as_str()),
        Some("Ann Lee")
    );
    (dir, store, config, model)
}

/// Keys in the app, their effects run against the store.
fn keys(store: &Store, config: &Config, model: &mut Model, keys: &str) {
    let effects = press(model, keys);
    serve(store, config, model, effects, super::fixtures::now());
}

#[test]
fn fix_the_summary_of_the_call_just_logged_in_its_form_then_u_restores_it() {
    let (_dir, store, config, mut model) = store_app();
    press(&mut model, ":");
    typed(&mut model, "call ann: wants pricing -> send quote @fri");
    keys(&store, &config, &mut model, "enter");
    assert!(
        toast(&model).starts_with("Logged call"),
        "{}",
        toast(&model)
    );
    let summary = |store: &Store| {
        store
            .read(|r| r.get_interaction(InteractionId(1)))
            .map(|i| i.summary)
            .expect("the call")
    };
    // 2 E ctrl-u, the text, ctrl-s: the call just logged is selected.
    press(&mut model, "2 E ctrl-u");
    typed(&mut model, "wants pricing for 60 seats");
    keys(&store, &config, &mut model, "ctrl-s");
    assert_eq!(summary(&store), "wants pricing for 60 seats");
    assert!(
        toast(&model).starts_with("Updated call #1 with Ann Lee (#1): summary — u undo"),
        "{}",
        toast(&model)
    );
    assert!(model.form.is_none() && model.overlay.is_none());
    // The timeline shows it, the detail view too.
    let screen = text(&draw_at(&mut model, 80, 24));
    assert!(screen.contains("wants pricing for 60 seats"), "{screen}");
    keys(&store, &config, &mut model, "enter");
    assert!(
        matches!(shown(&model), Some(Shown::Interaction { interaction, task: Some(task), .. })
            if interaction.summary == "wants pricing for 60 seats" && task.title == "send quote"),
        "{:?}",
        model.overlay
    );
    keys(&store, &config, &mut model, "esc u");
    assert_eq!(summary(&store), "wants pricing");
}

#[test]
fn d_on_a_task_row_cancels_exactly_that_task_and_u_restores_it() {
    let (_dir, store, config, mut model) = store_app();
    let status = |store: &Store, id: u64| {
        store
            .read(|r| r.get_task(TaskId(id)))
            .map(|t| t.status)
            .expect("the task")
    };
    // The Tasks pane: #1 send quote, #2 send quote (the duplicate), #3.
    keys(&store, &config, &mut model, "3 j d");
    assert_eq!(
        toast(&model),
        "Cancelled: #2 send quote (Ann Lee) — u undo",
        "named, with the undo key"
    );
    assert_eq!(status(&store, 1), TaskStatus::Open);
    assert_eq!(status(&store, 2), TaskStatus::Cancelled);
    assert_eq!(status(&store, 3), TaskStatus::Open);
    assert_eq!(model.tasks.len(), 2, "off the queue");
    keys(&store, &config, &mut model, "u");
    assert_eq!(status(&store, 2), TaskStatus::Open);
    assert_eq!(model.tasks.len(), 3);
}

#[test]
fn d_on_a_timeline_row_deletes_that_entry_and_u_puts_it_back() {
    let (_dir, store, config, mut model) = store_app();
    for line in ["call ann: first call", "email ann: the quote"] {
        press(&mut model, ":");
        typed(&mut model, line);
        keys(&store, &config, &mut model, "enter");
    }
    // From the detail view of the call (at the same minute as the email:
    // found by id, not by place).
    let detail = model.detail.as_ref().expect("Ann's card");
    let at = crate::tui::view::entries(detail, None)
        .iter()
        .position(|e| matches!(e, crate::tui::view::Entry::Logged(i) if i.id == InteractionId(1)))
        .expect("the call on the timeline");
    press(&mut model, "2");
    for _ in 0..at {
        press(&mut model, "j");
    }
    keys(&store, &config, &mut model, "enter d");
    assert_eq!(model.overlay, None, "what it showed is gone");
    assert_eq!(
        toast(&model),
        "Deleted: call 11-22 \"first call\" (#1) — u undo"
    );
    assert!(store.read(|r| r.get_interaction(InteractionId(1))).is_err());
    assert!(store.read(|r| r.get_interaction(InteractionId(2))).is_ok());
    // The cursor stays on an entry (the one left), so d never hits nothing.
    let left = crate::tui::view::entries(model.detail.as_ref().expect("card"), None).len();
    assert_eq!((left, model.timeline.index), (1, 0));
    keys(&store, &config, &mut model, "u");
    assert!(store.read(|r| r.get_interaction(InteractionId(1))).is_ok());
}

#[test]
fn a_task_form_writes_only_what_changed_and_an_ambiguous_customer_is_said_there() {
    let (_dir, store, config, mut model) = store_app();
    keys(&store, &config, &mut model, ":");
    typed(&mut model, "add Bob Ma, Globex");
    keys(&store, &config, &mut model, "enter");
    // Task #3 "book demo" for another Bob: two match.
    keys(&store, &config, &mut model, "3 j j E");
    assert_eq!(form_title(&model).as_deref(), Some("Edit task #3"));
    press(&mut model, "shift-tab ctrl-u");
    typed(&mut model, "bob");
    press(&mut model, "shift-tab shift-tab ctrl-u");
    typed(&mut model, "high");
    keys(&store, &config, &mut model, "ctrl-s");
    let form = model.form.as_ref().expect("still open");
    let error = form.errors[4].clone().unwrap_or_default();
    assert!(
        error.contains("#2 Bob Ma") && error.contains("#3 Bob Ma Globex"),
        "{error}"
    );
    let task = store.read(|r| r.get_task(TaskId(3))).expect("task");
    assert_eq!(task.priority, Priority::Normal, "nothing written");
    // Named by id: written, the priority too, the title left alone.
    press(&mut model, "ctrl-u");
    typed(&mut model, "#3");
    keys(&store, &config, &mut model, "ctrl-s");
    let task = store.read(|r| r.get_task(TaskId(3))).expect("task");
    assert_eq!(
        (task.customer, task.priority, task.title.as_str()),
        (Some(CustomerId(3)), Priority::High, "book demo")
    );
    assert!(model.form.is_none());
}
