//! Rendering never panics at any size, in any view or overlay, and random
//! key sequences keep the model consistent.

use super::fixtures::{
    FakeRuntime, draw, empty_model, feed, lines, loaded, loaded_with, many_rows, press, rows, typed,
};
use crate::config::keymap::Key;
use crate::domain::CustomerId;
use crate::exec::Candidate;
use crate::exec::import::Stage;
use crate::tui::model::Model;
use crate::tui::msg::{Failure, ImportEnd, Msg};
use crate::tui::update::update;
use proptest::prelude::*;
use unicode_width::UnicodeWidthStr;

const MIN_WIDTH: u16 = 40;
const MIN_HEIGHT: u16 = 10;

fn ambiguous() -> Msg {
    Msg::Applied(Err(Failure {
        message: "\"王伟\" matches 2 customers; name one by id or more words:".into(),
        span: Some(6..12),
        candidates: vec![
            Candidate {
                id: CustomerId(5),
                name: "王伟".into(),
                company: "远大建材".into(),
            },
            Candidate {
                id: CustomerId(6),
                name: "王伟".into(),
                company: "东方物流集团".into(),
            },
        ],
    }))
}

/// Every screen worth drawing: each view and overlay, with data.
fn states() -> Vec<(&'static str, Model)> {
    let rt = FakeRuntime::new(rows());
    let with = |keys: &str, text: &str| {
        let mut model = loaded();
        let mut effects = press(&mut model, keys);
        effects.extend(typed(&mut model, text));
        rt.settle(&mut model, effects);
        model
    };
    let mut welcome = empty_model();
    feed(&mut welcome, [Msg::NamesLoaded(vec![])]);
    let mut many = loaded_with(many_rows(60));
    press(&mut many, "G k k");
    let mut ambiguous_picker = with(":", "电话王伟：想要报价");
    press(&mut ambiguous_picker, "enter");
    feed(&mut ambiguous_picker, [ambiguous()]);
    let mut palette_error = with(":", "call acme: hi @frday");
    press(&mut palette_error, "enter");
    let mut today_loading = empty_model();
    press(&mut today_loading, "T");
    let (import_starting, _) = super::import::importing("import \"~/客户 列表.csv\" --dry-run");
    let (mut import_gauge, _) = super::import::importing("import x.csv");
    feed(
        &mut import_gauge,
        [super::import::progress(Stage::Writing, 2048, 3000)],
    );
    let (mut import_cancelling, _) = super::import::importing("import x.csv");
    feed(
        &mut import_cancelling,
        [super::import::progress(Stage::Reading, 0, 0)],
    );
    press(&mut import_cancelling, "esc");
    let (mut import_summary, _) = super::import::importing("import x.csv --skip-invalid");
    feed(
        &mut import_summary,
        [Msg::ImportFinished(ImportEnd::Imported(Box::new(
            super::import::report(),
        )))],
    );
    let (mut import_failed, _) = super::import::importing("import x.csv");
    feed(
        &mut import_failed,
        [Msg::ImportFinished(ImportEnd::Failed(
            "cannot read \"/home/ann/a very long path/with 客户 names/x.csv\": Permission denied (os error 13)".into(),
        ))],
    );
    vec![
        ("main", loaded()),
        ("filtered", with("/", "wang")),
        ("no match", with("/", "zzzz")),
        ("scrolled", many),
        ("tasks focused", with("3 j", "")),
        ("timeline focused", with("2", "")),
        ("today", with("T j", "")),
        ("today loading", today_loading),
        ("palette completions", with(":", "call wang")),
        ("palette verbs", with(":", "s")),
        ("palette error", palette_error),
        ("help", with("?", "")),
        ("snooze", with("3 s", "")),
        ("ambiguous picker", ambiguous_picker),
        ("which-key", with("y", "")),
        ("welcome", welcome),
        ("loading", empty_model()),
        ("import starting", import_starting),
        ("import gauge", import_gauge),
        ("import cancelling", import_cancelling),
        ("import summary", import_summary),
        ("import failed", import_failed),
    ]
}

/// How many lines a greedy word wrap at `width` needs, if no word is wider.
fn wrapped_lines(text: &str, width: usize) -> Option<usize> {
    let mut lines = 1;
    let mut used = 0;
    for word in text.split(' ') {
        let w = word.width();
        if w > width {
            return None;
        }
        if used == 0 {
            used = w;
        } else if used + 1 + w <= width {
            used += 1 + w;
        } else {
            lines += 1;
            used = w;
        }
    }
    Some(lines)
}

/// The sizes to draw each state at (a full 100×30 sweep of every state
/// takes minutes in a debug build): every height at the narrowest, the
/// threshold and the widest widths; every width at the threshold heights;
/// every third width at the lowest and the tallest; a grid over the rest;
/// and a pseudo-random sample that differs per state.
fn sizes(salt: u64) -> Vec<(u16, u16)> {
    let mut out = Vec::new();
    for w in [1, MIN_WIDTH - 1, MIN_WIDTH, 100] {
        out.extend((1..=30).map(|h| (w, h)));
    }
    for h in [MIN_HEIGHT - 1, MIN_HEIGHT] {
        out.extend((1..=100).map(|w| (w, h)));
    }
    for h in [1, 30] {
        out.extend((1..=100).step_by(3).map(|w| (w, h)));
    }
    for w in (5..=100).step_by(11) {
        for h in (3..=30).step_by(5) {
            out.push((w, h));
        }
    }
    let mut x = 0x9e37_79b9_7f4a_7c15 ^ (salt + 1).wrapping_mul(0x2545_f491_4f6c_dd1d);
    for _ in 0..60 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.push(((x % 100) as u16 + 1, ((x >> 32) % 30) as u16 + 1));
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[test]
fn every_size_renders_every_state_without_panicking() {
    for (salt, (name, mut model)) in states().into_iter().enumerate() {
        for (w, h) in sizes(salt as u64) {
            // Resize like the runtime (this moves the list window too).
            update(&mut model, Msg::Resized(w, h));
            let screen = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                lines(&draw(&model, w, h))
            }))
            .unwrap_or_else(|_| panic!("{name} panicked at {w}×{h}"));
            check_too_small(name, &screen, w, h);
        }
    }
}

/// Below the minimum the whole screen is the message, when it fits.
fn check_too_small(name: &str, screen: &[String], w: u16, h: u16) {
    let small = screen.iter().any(|l| l.contains("Terminal too small"));
    if w >= MIN_WIDTH && h >= MIN_HEIGHT {
        assert!(!small, "{name} at {w}×{h}");
        return;
    }
    let message = format!("Terminal too small: {w}×{h} (rolo needs {MIN_WIDTH}×{MIN_HEIGHT})");
    let shown = screen
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if wrapped_lines(&message, usize::from(w)).is_some_and(|n| n <= usize::from(h)) {
        assert_eq!(shown, message, "{name} at {w}×{h}");
    } else {
        // Cut short: whatever shows is the message's beginning.
        let compact = |s: &str| s.replace(' ', "");
        assert!(
            compact(&message).starts_with(&compact(&shown)),
            "{name} at {w}×{h}: {shown:?}"
        );
    }
}

#[test]
fn the_model_size_and_the_frame_size_may_disagree() {
    // A frame drawn before the Resized message arrives.
    for (name, mut model) in states() {
        update(&mut model, Msg::Resized(200, 60));
        for (w, h) in [(40, 10), (1, 1), (80, 24), (41, 11)] {
            let result =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| draw(&model, w, h)));
            assert!(
                result.is_ok(),
                "{name} drawn at {w}×{h} with the model at 200×60"
            );
        }
        update(&mut model, Msg::Resized(1, 1));
        for (w, h) in [(120, 40), (40, 10)] {
            let result =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| draw(&model, w, h)));
            assert!(
                result.is_ok(),
                "{name} drawn at {w}×{h} with the model at 1×1"
            );
        }
    }
}

// ---------------------------------------------------------------- random keys

/// Keys worth mashing: list and chord keys, text, editing keys, overlays;
/// `@…` entries are runtime messages rather than keys.
const KEYS: &[&str] = &[
    "j",
    "k",
    "G",
    "g",
    "x",
    "s",
    "c",
    "t",
    "y",
    "p",
    "e",
    "T",
    "o",
    "S",
    "u",
    "a",
    "q",
    "?",
    ":",
    "/",
    "1",
    "2",
    "3",
    "w",
    "王",
    "-",
    ">",
    "esc",
    "enter",
    "tab",
    "shift-tab",
    "up",
    "down",
    "left",
    "right",
    "backspace",
    "delete",
    "pgdn",
    "pgup",
    "home",
    "end",
    "space",
    "ctrl-c",
    "ctrl-w",
    "ctrl-u",
    "ctrl-t",
    "f1",
    "@ambiguous",
    "@names",
    "@many",
    "@empty",
    "@tick",
    "@import",
    "@import-progress",
    "@import-end",
];

#[derive(Debug, Clone)]
struct Step {
    key: &'static str,
    width: u16,
    height: u16,
    resize: bool,
    serve: bool,
}

fn step() -> impl Strategy<Value = Step> {
    (
        proptest::sample::select(KEYS),
        1u16..130,
        1u16..45,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(key, width, height, resize, serve)| Step {
            key,
            width,
            height,
            resize,
            serve,
        })
}

fn apply(model: &mut Model, rt: &FakeRuntime, step: &Step) {
    let msgs = match step.key {
        "@ambiguous" => vec![ambiguous()],
        "@names" => vec![Msg::NamesLoaded(rows())],
        "@many" => vec![Msg::NamesLoaded(many_rows(30))],
        "@empty" => vec![Msg::NamesLoaded(vec![])],
        "@tick" => vec![
            Msg::Tick(model.now + chrono::Duration::seconds(5)),
            Msg::Generation {
                all: model.generation.map_or(1, |(a, _)| a + 1),
                names: 1,
            },
        ],
        // Start an import as if typed in the palette, whatever is open.
        "@import" => {
            model.overlay = Some(crate::tui::model::Overlay::Palette(Default::default()));
            let mut msgs: Vec<Msg> = "import x.csv"
                .chars()
                .map(|c| Msg::Key(Key::char(c)))
                .collect();
            msgs.push(Msg::Key(Key::parse("enter").expect("a key name")));
            msgs
        }
        "@import-progress" => vec![super::import::progress(Stage::Writing, 1024, 3000)],
        "@import-end" => vec![Msg::ImportFinished(ImportEnd::Imported(Box::new(
            super::import::report(),
        )))],
        "space" => vec![Msg::Key(Key::char(' '))],
        key => vec![Msg::Key(Key::parse(key).expect("a key name"))],
    };
    let mut effects = feed(model, msgs);
    if step.resize {
        effects.extend(update(model, Msg::Resized(step.width, step.height)));
    }
    if step.serve {
        rt.settle(model, effects);
    }
}

fn check(model: &Model) -> Result<(), TestCaseError> {
    if !model.visible.is_empty() {
        prop_assert!(
            model.list.index < model.visible.len(),
            "list index {} with {} visible",
            model.list.index,
            model.visible.len()
        );
        prop_assert!(model.list.offset <= model.list.index);
    }
    for &i in &model.visible {
        prop_assert!((i as usize) < model.rows.len());
    }
    if !model.tasks.is_empty() {
        prop_assert!(model.task_cursor.index < model.tasks.len());
    }
    let today = crate::tui::update::list::today_len(model);
    if today > 0 {
        prop_assert!(
            model.today.index < today,
            "today {} of {today}",
            model.today.index
        );
    }
    if let Some(crate::tui::model::Overlay::Picker(p)) = &model.overlay {
        prop_assert!(p.cursor < p.items.len().max(1));
    }
    if let Some(crate::tui::model::Overlay::Palette(p)) = &model.overlay {
        prop_assert!(
            p.input
                .text
                .is_char_boundary(p.input.cursor.min(p.input.text.len()))
        );
        prop_assert!(p.input.cursor <= p.input.text.len());
    }
    if model.filter.input.cursor > model.filter.input.text.len() {
        prop_assert!(false, "filter cursor past the end");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn random_keys_never_panic_and_keep_the_cursor_on_a_row(
        steps in proptest::collection::vec(step(), 1..60)
    ) {
        let rt = FakeRuntime::new(many_rows(30));
        let mut model = loaded();
        for step in &steps {
            apply(&mut model, &rt, step);
            check(&model)?;
            draw(&model, step.width, step.height);
        }
    }
}
