//! Find in everything written (issue 12, item 3, the app's half): ctrl-f,
//! type, Enter jumps to the entry. Driven by keys over a small book in a
//! temporary store, whose effects are answered as the runtime's workers
//! answer them (`read::answer`, the find worker's `search`, the executor).
//!
//! The book: #1 Ann Lee (Acme Corp): a call on 11-10 "Discussed pricing
//! for 50 seats", then 30 check-ins (so the call is far down her
//! timeline), an email "Sent the price list" on 11-20, a task "Prepare
//! pricing", deal "50 seats" lost ("price too high"). #2 王芳 (华信科技): a
//! visit "客户想要报价单", an email "报价单 sent: pricing for 20 seats 已确认",
//! complaint "报价错误" resolved "已重新发送报价". #3 Bob Smith (Globex):
//! notes "Prefers calls. Pricing sensitive." A task of nobody's: "pricing
//! review".

use super::fixtures::{draw_at, empty_model, feed, now, press, styled_runs, text, typed};
use crate::config::Config;
use crate::config::keymap::{Keymap, Mode};
use crate::domain::{
    CaseKind, Channel, CustomerDraft, CustomerId, DealStatus, InteractionId, InteractionKind,
    NewCase, NewDeal, NewInteraction, NewTask, Pipeline, Priority, TaskId,
};
use crate::grep::{Entity, Found, Kind, TextHit};
use crate::search::SearchIndex;
use crate::store::{Store, StoreError};
use crate::tui::model::{EntryKey, Find, Model, Overlay, Pane, Scope, Screen};
use crate::tui::msg::{Effect, Msg};
use crate::tui::route::{Job, Route, route};
use crate::tui::update::update;
use chrono::{DateTime, Duration, FixedOffset};
use std::sync::Arc;

/// The temporary store and what answers the app's effects from it.
struct Book {
    _dir: tempfile::TempDir,
    store: Store,
    config: Config,
    index: SearchIndex,
}

fn at(day: u32, hour: u32) -> DateTime<FixedOffset> {
    super::fixtures::at(2026, 11, day, hour, 0)
}

fn book() -> Book {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::new(dir.path().join("rolo.redb"), Channel::Tui).with_actor("ann");
    let write =
        |when: DateTime<FixedOffset>,
         f: &mut dyn FnMut(&mut crate::store::Writer) -> Result<(), StoreError>| {
            store.write(when, |w| f(w)).expect("fixture write");
        };
    let logged = |customer: u64, kind, when, summary: &str| NewInteraction {
        customer: CustomerId(customer),
        kind,
        at: when,
        summary: summary.into(),
        feedback: String::new(),
        outcome: None,
        author: "ann".into(),
    };
    let task = |customer: Option<u64>, title: &str| NewTask {
        customer: customer.map(CustomerId),
        title: title.into(),
        due: None,
        priority: Priority::default(),
        recurrence: None,
    };
    write(at(1, 9), &mut |w| {
        for (name, company, notes) in [
            ("Ann Lee", "Acme Corp", ""),
            ("王芳", "华信科技", ""),
            ("Bob Smith", "Globex", "Prefers calls.\nPricing sensitive."),
        ] {
            let mut draft = CustomerDraft::named(name);
            draft.company = company.into();
            draft.notes = notes.into();
            w.add_customer(draft)?;
        }
        Ok(())
    });
    write(at(10, 10), &mut |w| {
        let call = logged(
            1,
            InteractionKind::Call,
            at(10, 10),
            "Discussed pricing for 50 seats",
        );
        w.log(call, None).map(drop)
    });
    for i in 0..30 {
        let when = at(11, 8) + Duration::hours(i);
        write(when, &mut |w| {
            let summary = format!("check-in {i}");
            w.log(logged(1, InteractionKind::Message, when, &summary), None)
                .map(drop)
        });
    }
    write(at(15, 10), &mut |w| {
        w.log(
            logged(2, InteractionKind::Visit, at(15, 10), "客户想要报价单"),
            None,
        )
        .map(drop)
    });
    write(at(16, 10), &mut |w| {
        w.log(
            logged(
                2,
                InteractionKind::Email,
                at(16, 10),
                "报价单 sent: pricing for 20 seats 已确认",
            ),
            None,
        )
        .map(drop)
    });
    write(at(20, 10), &mut |w| {
        w.log(
            logged(1, InteractionKind::Email, at(20, 10), "Sent the price list"),
            None,
        )
        .map(drop)
    });
    write(at(20, 11), &mut |w| {
        w.add_task(task(Some(1), "Prepare pricing")).map(drop)
    });
    write(at(20, 12), &mut |w| {
        let mut review = task(None, "pricing review");
        review.due = Some(crate::domain::Due::Date(at(24, 9).date_naive()));
        w.add_task(review).map(drop)
    });
    write(at(2, 9), &mut |w| {
        let deal = NewDeal {
            customer: CustomerId(1),
            title: "50 seats".into(),
            amount: 100,
            currency: "CNY".into(),
            stage: None,
            probability: None,
            expected_close: None,
            owner: String::new(),
        };
        w.add_deal(deal, &Pipeline::default()).map(drop)
    });
    write(at(21, 9), &mut |w| {
        w.close_deal(crate::domain::DealId(1), DealStatus::Lost, "price too high")
            .map(drop)
    });
    write(at(14, 9), &mut |w| {
        w.open_case(NewCase {
            customer: CustomerId(2),
            kind: CaseKind::Complaint,
            title: "报价错误".into(),
            priority: Priority::default(),
            owner: String::new(),
        })
        .map(drop)
    });
    write(at(16, 9), &mut |w| {
        w.resolve_case(crate::domain::CaseId(1), "已重新发送报价")
            .map(drop)
    });
    let index = store
        .read(crate::tui::read::search_index)
        .expect("search index");
    Book {
        _dir: dir,
        store,
        config: Config::default(),
        index,
    }
}

impl Book {
    /// The Msgs the runtime's workers send back for `effect`.
    fn answer(&self, effect: &Effect) -> Vec<Msg> {
        let now = now();
        match route(effect.clone()) {
            Route::Job(Job::Read(read)) => {
                crate::tui::read::answer(&self.store, &self.config, read, now)
            }
            Route::Job(Job::LoadNames) => vec![
                Msg::NamesLoaded(self.store.read(crate::tui::read::names).expect("names")),
                Msg::SearchReady,
            ],
            Route::Job(Job::Search { seq, query }) => {
                let all: Vec<u32> = (0..self.index.len() as u32).collect();
                let (hits, _) = self.index.search_among(&all, &query, 60);
                vec![Msg::Searched {
                    seq,
                    hits,
                    total: None,
                }]
            }
            Route::Job(Job::Find { seq, query }) => vec![Msg::Found {
                seq,
                result: self.find(&query).map(Box::new),
            }],
            Route::Job(Job::Write(write)) => vec![crate::tui::runtime::write_now(
                &self.store,
                &self.config,
                write,
                now,
            )],
            Route::Job(_) | Route::Local(_) => vec![],
        }
    }

    /// What the find worker answers for `query`.
    fn find(&self, query: &str) -> Result<Found, String> {
        self.store
            .read(|r| crate::tui::find::search(r, query, || false))
            .map_err(|e| e.to_string())
    }

    /// Answer `effects` and whatever the answers lead to, until quiet.
    fn settle(&self, model: &mut Model, effects: Vec<Effect>) {
        let mut queue = effects;
        for _ in 0..30 {
            let msgs: Vec<Msg> = queue.iter().flat_map(|e| self.answer(e)).collect();
            if msgs.is_empty() {
                return;
            }
            queue = feed(model, msgs);
        }
        panic!("the book did not settle: {queue:?}");
    }

    /// The app after start-up over this book, 80×24.
    fn app(&self) -> Model {
        let mut model = empty_model();
        let effects = crate::tui::update::start(&mut model);
        self.settle(&mut model, effects);
        assert!(model.names_loaded && !model.partial, "every name loaded");
        model
    }

    /// Keys, then everything they asked for answered.
    fn press(&self, model: &mut Model, keys: &str) {
        let effects = press(model, keys);
        self.settle(model, effects);
    }

    fn typed(&self, model: &mut Model, text: &str) {
        let effects = typed(model, text);
        self.settle(model, effects);
    }
}

fn find(model: &Model) -> &Find {
    model.find().expect("the find overlay is open")
}

/// Each hit as "kind customer | text".
fn hits(model: &Model) -> Vec<String> {
    find(model)
        .hits
        .iter()
        .map(|h| format!("{} {} | {}", h.kind, h.customer_name, h.text))
        .collect()
}

fn position(model: &Model, entity: Entity) -> usize {
    find(model)
        .hits
        .iter()
        .position(|h| h.entity == entity)
        .unwrap_or_else(|| panic!("no hit in {entity:?}: {:?}", hits(model)))
}

/// The Timeline entry under its cursor.
fn timeline_entry(model: &Model) -> Option<EntryKey> {
    let detail = model.detail.as_ref()?;
    crate::tui::view::entries(detail, model.current_sales())
        .get(model.timeline.index)
        .map(|e| e.key())
}

fn find_effects(effects: &[Effect]) -> Vec<(u64, String)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Find { seq, query } => Some((*seq, query.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn typing_a_word_lists_what_was_written_chinese_inside_words_latin_by_their_start() {
    let book = book();
    let mut model = book.app();
    press(&mut model, "ctrl-f");
    assert_eq!(model.mode(), Mode::Find);
    assert!(find(&model).input.text.is_empty());

    // Each key asks at once, never waiting for an answer.
    let effects = typed(&mut model, "报价");
    assert_eq!(
        find_effects(&effects).last().map(|(_, q)| q.as_str()),
        Some("报价")
    );
    assert!(!find(&model).answered, "searching…");
    assert!(text(&draw_at(&mut model, 80, 24)).contains("searching…"));
    book.settle(&mut model, effects);
    assert_eq!(
        hits(&model),
        vec![
            "email 王芳 | 报价单 sent: pricing for 20 seats 已确认",
            "visit 王芳 | 客户想要报价单",
            "case 王芳 | 报价错误",
        ],
        "newest first; 报价 inside 报价单 and 报价错误"
    );
    let screen = text(&draw_at(&mut model, 80, 24));
    assert!(screen.contains("3 hits"), "{screen}");
    assert!(screen.contains("客户想要报价单"), "{screen}");

    // A Latin word by its start: "pric" finds pricing and price, not "the Price"-less rest.
    book.press(&mut model, "ctrl-u");
    book.typed(&mut model, "pric");
    assert_eq!(
        hits(&model),
        vec![
            "deal Ann Lee | price too high",
            "task  | pricing review",
            "task Ann Lee | Prepare pricing",
            "email Ann Lee | Sent the price list",
            "email 王芳 | 报价单 sent: pricing for 20 seats 已确认",
            "call Ann Lee | Discussed pricing for 50 seats",
            "note Bob Smith | Prefers calls.\nPricing sensitive.",
        ]
    );
    // …and not inside a word.
    book.press(&mut model, "ctrl-u");
    book.typed(&mut model, "ricing");
    assert!(hits(&model).is_empty());
    assert!(text(&draw_at(&mut model, 80, 24)).contains("no matches"));
}

#[test]
fn only_the_latest_query_is_answered_on_screen_a_stale_answer_is_dropped() {
    let book = book();
    let mut model = book.app();
    press(&mut model, "ctrl-f");
    let first = find_effects(&typed(&mut model, "pric"));
    let second = find_effects(&typed(&mut model, "ing"));
    let (old, _) = *first.last().expect("asked");
    let (new, query) = second.last().cloned().expect("asked");
    assert!(new > old);
    assert_eq!(query, "pricing");
    // The answer to "pric" comes after "pricing" was asked: dropped.
    feed(
        &mut model,
        [Msg::Found {
            seq: old,
            result: book.find("pric").map(Box::new),
        }],
    );
    assert!(find(&model).hits.is_empty(), "{:?}", hits(&model));
    assert!(!find(&model).answered, "still searching for \"pricing\"");
    feed(
        &mut model,
        [Msg::Found {
            seq: new,
            result: book.find("pricing").map(Box::new),
        }],
    );
    assert_eq!(find(&model).hits.len(), 5, "{:?}", hits(&model));
    // A late answer to an older query after the newest never replaces it.
    feed(
        &mut model,
        [Msg::Found {
            seq: old,
            result: Ok(Box::default()),
        }],
    );
    assert_eq!(find(&model).hits.len(), 5);
    // Nor does one that arrives after Esc bring anything back.
    let effects = press(&mut model, "esc");
    assert!(effects.contains(&Effect::StopFind), "{effects:?}");
    feed(
        &mut model,
        [Msg::Found {
            seq: new,
            result: book.find("pricing").map(Box::new),
        }],
    );
    assert_eq!(model.overlay, None);
}

#[test]
fn enter_on_a_call_selects_its_customer_past_the_name_filter_and_puts_the_timeline_cursor_on_it() {
    let book = book();
    let mut model = book.app();
    // The name filter hides Ann: only Bob is listed.
    book.press(&mut model, "/");
    book.typed(&mut model, "bob");
    book.press(&mut model, "enter");
    assert_eq!(model.visible.len(), 1);
    assert_eq!(model.selected_id(), Some(CustomerId(3)));

    book.press(&mut model, "ctrl-f");
    book.typed(&mut model, "pricing");
    let call = position(&model, Entity::Interaction(InteractionId(1)));
    for _ in 0..call {
        book.press(&mut model, "down");
    }
    book.press(&mut model, "enter");

    assert_eq!(model.overlay, None);
    assert_eq!((model.view, model.focus), (Screen::Main, Pane::Timeline));
    assert_eq!(model.selected_id(), Some(CustomerId(1)), "Ann selected");
    assert!(
        model.filter.input.text.is_empty(),
        "the name filter is gone"
    );
    assert_eq!(
        timeline_entry(&model),
        Some(EntryKey::Logged(InteractionId(1)))
    );
    // 31 newer entries: the call is scrolled into view.
    let cursor = model.timeline;
    assert!(cursor.index > model.timeline_height(), "{cursor:?}");
    assert!(
        cursor.offset <= cursor.index && cursor.index < cursor.offset + model.timeline_height(),
        "{cursor:?} in {} rows",
        model.timeline_height()
    );
    let screen = draw_at(&mut model, 80, 24);
    let selected = styled_runs(&screen);
    assert!(
        selected
            .lines()
            .any(|l| l.contains("REVERSED") && l.contains("Discussed pricing")),
        "{}\n{selected}",
        text(&screen)
    );
}

#[test]
fn enter_before_the_answer_jumps_to_the_newest_hit_when_it_comes() {
    let book = book();
    let mut model = book.app();
    press(&mut model, "ctrl-f");
    let effects = typed(&mut model, "discussed");
    assert!(press(&mut model, "enter").is_empty(), "Enter waits");
    assert!(model.find().is_some());
    book.settle(&mut model, effects);
    assert_eq!(model.overlay, None);
    assert_eq!(model.focus, Pane::Timeline);
    assert_eq!(
        timeline_entry(&model),
        Some(EntryKey::Logged(InteractionId(1)))
    );
}

#[test]
fn enter_on_a_task_hit_selects_the_task_in_the_customers_tasks() {
    let book = book();
    let mut model = book.app();
    book.press(&mut model, "ctrl-f");
    book.typed(&mut model, "prepare");
    assert_eq!(hits(&model), vec!["task Ann Lee | Prepare pricing"]);
    book.press(&mut model, "enter");
    assert_eq!((model.view, model.focus), (Screen::Main, Pane::Tasks));
    assert_eq!(model.scope, Scope::Customer);
    assert_eq!(model.selected_id(), Some(CustomerId(1)));
    let rows = crate::tui::view::queue_rows(&model);
    match rows.get(model.task_cursor.index) {
        Some(crate::tui::view::QueueRow::Task(row)) => assert_eq!(row.task.id, TaskId(1)),
        other => panic!("the cursor is on {other:?}"),
    }
    // A task of nobody's: everyone's queue, with that task selected.
    book.press(&mut model, "ctrl-f");
    book.typed(&mut model, "review");
    book.press(&mut model, "enter");
    assert_eq!((model.focus, model.scope), (Pane::Tasks, Scope::Everyone));
    let rows = crate::tui::view::queue_rows(&model);
    match rows.get(model.task_cursor.index) {
        Some(crate::tui::view::QueueRow::Task(row)) => assert_eq!(row.task.id, TaskId(2)),
        other => panic!("the cursor is on {other:?}"),
    }
}

#[test]
fn cases_deals_and_notes_land_where_they_show() {
    let book = book();
    let mut model = book.app();
    // What was done about a case: its "resolved" entry.
    book.press(&mut model, "ctrl-f");
    book.typed(&mut model, "重新发送");
    book.press(&mut model, "enter");
    assert_eq!(model.selected_id(), Some(CustomerId(2)));
    assert_eq!(
        timeline_entry(&model),
        Some(EntryKey::CaseResolved(crate::domain::CaseId(1)))
    );
    // A lost deal's reason: the deal's entry.
    book.press(&mut model, "ctrl-f");
    book.typed(&mut model, "too high");
    book.press(&mut model, "enter");
    assert_eq!(model.selected_id(), Some(CustomerId(1)));
    assert_eq!(
        timeline_entry(&model),
        Some(EntryKey::DealClosed(crate::domain::DealId(1)))
    );
    // A customer's notes: that customer, with the card.
    book.press(&mut model, "ctrl-f");
    book.typed(&mut model, "sensitive");
    book.press(&mut model, "enter");
    assert_eq!(model.selected_id(), Some(CustomerId(3)));
    assert_eq!(
        model.detail.as_ref().map(|d| d.customer.id),
        Some(CustomerId(3))
    );
    let toast = model.toast.as_ref().map(|t| t.text.as_str());
    assert_eq!(toast, Some("Notes of Bob Smith — n opens them"));
}

#[test]
fn esc_closes_and_leaves_everything_as_it_was() {
    let book = book();
    let mut model = book.app();
    book.press(&mut model, "/");
    book.typed(&mut model, "bob");
    book.press(&mut model, "enter 3");
    let before = (
        model.view,
        model.focus,
        model.selected_id(),
        model.filter.input.text.clone(),
        model.task_cursor,
    );
    book.press(&mut model, "ctrl-f");
    book.typed(&mut model, "pricing");
    book.press(&mut model, "down tab j");
    let effects = press(&mut model, "esc");
    assert_eq!(effects, vec![Effect::StopFind]);
    assert_eq!(model.overlay, None);
    let after = (
        model.view,
        model.focus,
        model.selected_id(),
        model.filter.input.text.clone(),
        model.task_cursor,
    );
    assert_eq!(after, before);
    // From Today too: Esc is back on Today.
    book.press(&mut model, "T ctrl-f");
    book.press(&mut model, "esc");
    assert_eq!((model.view, model.overlay.is_none()), (Screen::Today, true));
}

#[test]
fn the_hits_take_the_keys_after_tab_and_the_line_takes_them_back() {
    let book = book();
    let mut model = book.app();
    book.press(&mut model, "ctrl-f");
    book.typed(&mut model, "pric");
    assert_eq!(find(&model).cursor.index, 0);
    // Typing: j is a letter, down moves.
    book.press(&mut model, "down");
    assert_eq!(find(&model).cursor.index, 1);
    book.press(&mut model, "tab");
    assert!(find(&model).browsing);
    book.press(&mut model, "j j k");
    assert_eq!(find(&model).cursor.index, 2);
    book.press(&mut model, "G");
    assert_eq!(find(&model).cursor.index, 6);
    book.press(&mut model, "g g");
    assert_eq!(find(&model).cursor.index, 0);
    assert_eq!(find(&model).input.text, "pric", "no key was typed");
    book.press(&mut model, "/");
    assert!(!find(&model).browsing);
    book.typed(&mut model, "ing");
    assert_eq!(find(&model).input.text, "pricing");
    assert_eq!(find(&model).hits.len(), 5);
    // The vim preset opens it with "g /" (its ctrl-f pages).
    let now = now().naive_local();
    let validate = |c: &str| -> Result<(), String> {
        crate::palette::parse(c, now)
            .map(drop)
            .map_err(|e| e.message)
    };
    model.overlay = None;
    model.keymap = Arc::new(Keymap::preset("vim", &validate).expect("vim"));
    press(&mut model, "g /");
    assert!(model.find().is_some());
}

#[test]
fn a_query_too_long_is_said_and_not_searched() {
    let book = book();
    let mut model = book.app();
    press(&mut model, "ctrl-f");
    let long = "报价".repeat(129);
    let effects = update(&mut model, Msg::Paste(long));
    assert_eq!(effects, vec![Effect::StopFind]);
    let problem = find(&model).problem.clone().unwrap_or_default();
    assert!(problem.contains("too long: 258 characters"), "{problem}");
    assert!(text(&draw_at(&mut model, 80, 24)).contains("too long"));
    // One character fewer than the limit past it: searched again.
    let effects = press(&mut model, "ctrl-u");
    assert_eq!(effects, vec![Effect::StopFind]);
    let effects = typed(&mut model, &"a".repeat(256));
    assert!(!find_effects(&effects).is_empty());
    assert_eq!(find(&model).problem, None);
}

/// The overlay open on the seven hits of "pric".
fn open_with_hits() -> Model {
    let book = book();
    let mut model = book.app();
    book.press(&mut model, "ctrl-f");
    book.typed(&mut model, "pric");
    model
}

#[test]
fn tiny_terminals_with_the_overlay_open_never_panic() {
    let mut model = open_with_hits();
    for (w, h) in [
        (20, 5),
        (40, 10),
        (1, 1),
        (0, 0),
        (39, 9),
        (41, 11),
        (60, 12),
        (200, 3),
        (3, 200),
    ] {
        let screen = text(&draw_at(&mut model, w, h));
        if (w, h) == (40, 10) {
            assert!(screen.contains("Find in every"), "{screen}");
            assert!(screen.contains("7 hits"), "{screen}");
        }
        for keys in [
            "down", "pgdn", "up", "pgup", "tab", "G", "j", "k", "g g", "tab",
        ] {
            press(&mut model, keys);
            draw_at(&mut model, w, h);
        }
    }
    // Hits as hostile as text gets: controls, a right-to-left override,
    // a match range past the end of the text.
    let mut model = empty_model();
    model.overlay = Some(Overlay::Find(Box::new(Find {
        input: crate::tui::model::Input::with("x"),
        answered: true,
        total: 2,
        hits: vec![
            TextHit {
                entity: Entity::Interaction(InteractionId(9)),
                customer: Some(CustomerId(1)),
                customer_name: "\u{202e}evil\x1b[31m".into(),
                kind: Kind::Call,
                at: now(),
                field: crate::grep::Field::Summary,
                text: "a\tb\x07 x 报价单".into(),
                ranges: vec![4..5, 40..50],
            },
            TextHit {
                entity: Entity::Task(TaskId(9)),
                customer: None,
                customer_name: String::new(),
                kind: Kind::Task,
                at: now(),
                field: crate::grep::Field::Title,
                text: String::new(),
                ranges: vec![],
            },
        ],
        ..Default::default()
    })));
    for (w, h) in [(20, 5), (40, 10), (80, 24), (41, 10)] {
        let screen = text(&draw_at(&mut model, w, h));
        assert!(!screen.contains('\u{202e}') && !screen.contains('\x1b'));
    }
}

#[test]
fn find_overlay_80x24() {
    let book = book();
    let mut model = book.app();
    book.press(&mut model, "ctrl-f");
    book.typed(&mut model, "pricing");
    book.press(&mut model, "down down");
    let screen = draw_at(&mut model, 80, 24);
    // Columns line up whatever the script: the text starts at one column.
    let rows: Vec<String> = super::fixtures::lines(&screen)
        .into_iter()
        .filter(|l| l.contains("11-"))
        .collect();
    assert_eq!(rows.len(), 5, "{rows:#?}");
    let text_at = |l: &str| {
        let start = [
            "pricing review",
            "Prepare pricing",
            "报价单 sent",
            "Discussed pricing",
            "Pricing sensitive",
        ]
        .iter()
        .find_map(|t| l.find(t))
        .unwrap_or(0);
        crate::text::width(&l[..start])
    };
    let columns: Vec<usize> = rows.iter().map(|l| text_at(l)).collect();
    assert!(
        columns.windows(2).all(|w| w[0] == w[1]),
        "{columns:?}\n{rows:#?}"
    );
    insta::assert_snapshot!(
        "find_80x24",
        format!("{}\n\n{}", text(&screen), styled_runs(&screen))
    );
}

#[test]
fn the_name_filter_stays_names_and_points_to_find_for_other_words() {
    let book = book();
    let mut model = book.app();
    book.press(&mut model, "/");
    book.typed(&mut model, "pricing");
    assert!(model.visible.is_empty(), "/ finds names only");
    assert_eq!(model.find(), None);
    let screen = text(&draw_at(&mut model, 100, 24));
    assert!(
        screen.contains("no customer matches")
            && screen.contains("ctrl-f: find in what was written"),
        "{screen}"
    );
}
