//! What the screen shows, as text (theme "dark" without colours), at
//! 80×24 and 120×40, with Chinese and English rows.

use super::fixtures::{
    FakeRuntime, draw, draw_at, empty_model, feed, lines, loaded, press, rows, styled_runs, text,
    typed,
};
use crate::domain::CustomerId;
use crate::exec::Candidate;
use crate::tui::model::Model;
use crate::tui::msg::{Failure, Msg};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// Snapshot the model at both sizes, answering what a resize asks for.
fn snap_sizes(name: &str, model: &mut Model) {
    let rt = FakeRuntime::new(model.rows.clone());
    for (w, h) in SIZES {
        let effects = crate::tui::update::update(model, Msg::Resized(w, h));
        rt.settle(model, effects);
        let screen = text(&draw(model, w, h));
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen);
    }
}

/// Main view, filtered by `wang` with the real search index (pinyin
/// matches on Chinese names), the filter still being edited.
fn filtered() -> Model {
    let rt = FakeRuntime::new(rows());
    let mut model = loaded();
    press(&mut model, "/");
    let effects = typed(&mut model, "wang");
    rt.settle(&mut model, effects);
    model
}

#[test]
fn main_view() {
    let mut model = loaded();
    snap_sizes("main", &mut model);
}

#[test]
fn main_view_filtered_with_highlighted_matches() {
    let mut model = filtered();
    assert_eq!(model.visible.len(), 3);
    snap_sizes("main_filtered", &mut model);
    // Which cells are the selection and which the matched characters.
    let buffer = draw_at(&mut model, 80, 24);
    insta::assert_snapshot!("main_filtered_styles_80x24", styled_runs(&buffer));
}

#[test]
fn main_view_with_the_tasks_pane_focused() {
    let mut model = loaded();
    press(&mut model, "3 j");
    snap_sizes("main_tasks_focused", &mut model);
}

#[test]
fn today_view() {
    let mut model = loaded();
    press(&mut model, "T j");
    snap_sizes("today", &mut model);
}

#[test]
fn palette_with_customer_completions() {
    let rt = FakeRuntime::new(rows());
    let mut model = loaded();
    press(&mut model, ":");
    let effects = typed(&mut model, "call wang");
    rt.settle(&mut model, effects);
    snap_sizes("palette_completions", &mut model);
}

#[test]
fn palette_with_verb_completions() {
    let mut model = loaded();
    press(&mut model, ":");
    typed(&mut model, "c");
    snap_sizes("palette_verbs", &mut model);
}

#[test]
fn palette_with_an_error_underlined() {
    let mut model = loaded();
    press(&mut model, ":");
    typed(&mut model, "电话张伟：想要报价 @frday");
    press(&mut model, "enter");
    snap_sizes("palette_error", &mut model);
}

#[test]
fn help_overlay() {
    let mut model = loaded();
    press(&mut model, "?");
    snap_sizes("help", &mut model);
}

#[test]
fn snooze_picker() {
    let mut model = loaded();
    press(&mut model, "3 s down");
    snap_sizes("snooze", &mut model);
}

#[test]
fn ambiguous_customer_picker() {
    let mut model = loaded();
    press(&mut model, ":");
    typed(&mut model, "电话王伟：想要报价");
    press(&mut model, "enter");
    feed(
        &mut model,
        [Msg::Applied(Err(Failure {
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
        }))],
    );
    snap_sizes("ambiguous", &mut model);
}

#[test]
fn which_key_popup() {
    let mut model = loaded();
    press(&mut model, "y");
    snap_sizes("which_key", &mut model);
}

#[test]
fn welcome_screen_without_customers() {
    let mut model = empty_model();
    feed(&mut model, [Msg::NamesLoaded(vec![]), Msg::SearchReady]);
    snap_sizes("welcome", &mut model);
}

#[test]
fn too_small() {
    let mut model = loaded();
    let screen = text(&draw_at(&mut model, 39, 9));
    insta::assert_snapshot!("too_small_39x9", screen);
}

// ---------------------------------------------------------------- CJK alignment

/// The text of `line` before display column `col`, and the character there.
fn split_at_column(line: &str, col: usize) -> (&str, Option<char>) {
    let mut used = 0;
    for (i, c) in line.char_indices() {
        if used >= col {
            return (&line[..i], Some(c));
        }
        used += c.width().unwrap_or(0);
    }
    (line, None)
}

/// In the Customers pane every row's day count ends in the same display
/// column, and the pane's right border is in the same column on every line.
fn assert_customer_columns(model: &mut Model, w: u16, h: u16) {
    let screen = lines(&draw_at(model, w, h));
    let left = usize::from((w * 2 / 5).clamp(30, 56));
    let first_row = 1 + usize::from(model.filter.editing || !model.filter.input.text.is_empty());
    let rows = &screen[first_row..first_row + model.visible.len()];
    let mut ends = Vec::new();
    for line in rows {
        let (inside, border) = split_at_column(line, left - 1);
        assert!(
            matches!(border, Some('│' | '┃')),
            "no border at column {}: {line:?}",
            left - 1
        );
        let inside = inside.trim_end();
        assert!(
            inside.ends_with('d') || inside.ends_with('–'),
            "no day count at the end of {inside:?}"
        );
        ends.push(inside.width());
    }
    assert!(
        ends.iter().all(|&e| e == ends[0]),
        "day counts end in different columns {ends:?} at {w}×{h}:\n{}",
        rows.join("\n")
    );
    // The days are right-aligned against the border (the selection fills the row).
    assert_eq!(ends[0], left - 1, "at {w}×{h}");
}

#[test]
fn cjk_rows_line_up_in_the_customers_pane() {
    let mut model = loaded();
    for (w, h) in [(80, 24), (120, 40), (100, 30), (81, 24), (61, 20)] {
        assert_customer_columns(&mut model, w, h);
    }
    let mut model = filtered();
    for (w, h) in [(80, 24), (120, 40), (81, 24), (61, 20)] {
        assert_customer_columns(&mut model, w, h);
    }
}

#[test]
fn cjk_names_are_drawn_whole() {
    let screen = text(&draw_at(&mut loaded(), 120, 40));
    for name in [
        "王芳 华信科技",
        "张伟 腾达电子",
        "李娜 Lina 星辰贸易有限公司",
        "王伟 远大建材",
        "王伟 东方物流集团",
    ] {
        assert!(screen.contains(name), "{name} is missing:\n{screen}");
    }
    assert!(
        !screen.contains('\u{fffd}'),
        "a garbled character:\n{screen}"
    );
}

#[test]
fn the_status_bar_fits_its_line() {
    for (w, h) in SIZES {
        let screen = lines(&draw_at(&mut loaded(), w, h));
        let status = screen.last().expect("a status line");
        assert!(status.width() <= usize::from(w), "{status:?}");
        assert!(status.starts_with(" NORMAL "), "{status:?}");
    }
}

// ---------------------------------------------------------------- import

#[test]
fn import_gauge_overlay() {
    use super::import::{importing, progress};
    let (mut model, _) = importing("import ~/客户列表.csv");
    feed(
        &mut model,
        [progress(crate::exec::import::Stage::Writing, 2048, 3000)],
    );
    let screen = text(&draw_at(&mut model, 80, 24));
    insta::assert_snapshot!("import_gauge_80x24", screen);
}

#[test]
fn import_summary_overlay() {
    use super::import::{importing, report};
    use crate::tui::msg::ImportEnd;
    let (mut model, _) = importing("import ~/客户列表.csv --skip-invalid");
    feed(
        &mut model,
        [Msg::ImportFinished(ImportEnd::Imported(Box::new(report())))],
    );
    let screen = text(&draw_at(&mut model, 80, 24));
    insta::assert_snapshot!("import_summary_80x24", screen);
}

/// The detail view of a timeline entry (Enter) and its form (E); the
/// card's notes above a long entry that the row cuts with `…`.
#[test]
fn an_entry_whole_its_form_and_the_notes_on_the_card() {
    let mut model = loaded();
    let mut ann = super::fixtures::detail(CustomerId(1));
    ann.customer.notes =
        "prefers WeChat after 6pm\nbudget approved in Q3; CFO signs above ¥500k\nkids: two".into();
    ann.timeline[0].summary = "discussed the Q4 renewal: they want 50 seats from January, a discount for paying yearly, and onboarding for the teams in 上海 and 深圳".into();
    feed(&mut model, [Msg::DetailLoaded(Box::new(ann))]);
    press(&mut model, "2");
    snap_sizes("notes_on_the_card", &mut model);
    press(&mut model, "enter");
    snap_sizes("entry_detail", &mut model);
    press(&mut model, "E");
    snap_sizes("entry_form", &mut model);
}
