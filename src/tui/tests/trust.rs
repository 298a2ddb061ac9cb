//! Issue 11 in the app: a key acts on the visibly selected row of the
//! focused pane and nothing else, and every list and picker shows its
//! selected row in reverse video — with the NO_COLOR theme the fixtures
//! draw with, so the REVERSED modifier is all there is to see.

use super::fixtures::{FakeRuntime, draw, draw_at, feed, lines, loaded, press, rows, typed};
use crate::domain::CustomerId;
use crate::exec::Candidate;
use crate::tui::model::Model;
use crate::tui::msg::{Failure, Msg};
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;
use unicode_width::UnicodeWidthStr;

// ---------------------------------------------------------------- helpers

/// The glyphs of row `y`: (first column, symbol), a wide one once.
fn glyphs(buffer: &Buffer, y: u16) -> Vec<(u16, String)> {
    let mut out = Vec::new();
    let mut x = 0;
    while x < buffer.area.width {
        let symbol = buffer[(x, y)].symbol().to_string();
        let w = symbol.width().max(1) as u16;
        out.push((x, symbol));
        x += w;
    }
    out
}

/// The cells that draw `needle` on screen (the first row and place it is
/// found), or `None` when it is not on screen.
fn cells_of(buffer: &Buffer, needle: &str) -> Option<Vec<(u16, u16)>> {
    let wanted: Vec<String> = needle.chars().map(String::from).collect();
    for y in 0..buffer.area.height {
        let row = glyphs(buffer, y);
        let symbols: Vec<&str> = row.iter().map(|(_, s)| s.as_str()).collect();
        if let Some(at) = symbols
            .windows(wanted.len())
            .position(|w| w.iter().zip(&wanted).all(|(a, b)| a == b))
        {
            return Some(
                row[at..at + wanted.len()]
                    .iter()
                    .map(|(x, _)| (*x, y))
                    .collect(),
            );
        }
    }
    None
}

/// Whether every cell of `needle` on screen is drawn reversed.
fn reversed(buffer: &Buffer, needle: &str) -> bool {
    let cells = cells_of(buffer, needle)
        .unwrap_or_else(|| panic!("{needle:?} is not on screen:\n{}", lines(buffer).join("\n")));
    cells
        .iter()
        .all(|&(x, y)| buffer[(x, y)].modifier.contains(Modifier::REVERSED))
}

fn assert_reversed(buffer: &Buffer, needle: &str, what: &str) {
    assert!(
        reversed(buffer, needle),
        "{what}: {needle:?} is not drawn reversed:\n{}",
        lines(buffer).join("\n")
    );
}

fn assert_plain(buffer: &Buffer, needle: &str, what: &str) {
    let cells = cells_of(buffer, needle).unwrap_or_default();
    assert!(
        cells
            .iter()
            .all(|&(x, y)| !buffer[(x, y)].modifier.contains(Modifier::REVERSED)),
        "{what}: {needle:?} is drawn reversed but is not the selection"
    );
}

/// The palette line "电话王伟：想要报价" answered with two 王伟.
pub fn ambiguous(model: &mut Model) {
    press(model, ":");
    typed(model, "电话王伟：想要报价");
    press(model, "enter");
    feed(
        model,
        [Msg::Applied(Err(Failure {
            message: "\"王伟\" matches 2 customers; name one by id or more words:".into(),
            span: Some(6..12),
            candidates: [(5, "远大建材"), (6, "东方物流集团")]
                .into_iter()
                .map(|(id, company)| Candidate {
                    id: CustomerId(id),
                    name: "王伟".into(),
                    company: company.into(),
                })
                .collect(),
        }))],
    );
}

// ---------------------------------------------------------------- item 2: selection shown

/// Regression: the snooze picker drew its rows through `clip`, which
/// dropped the line's own style — no row looked selected.
#[test]
fn the_snooze_picker_shows_its_selected_row_reversed() {
    let mut model = loaded();
    press(&mut model, "3 s");
    let buffer = draw_at(&mut model, 80, 24);
    assert_reversed(&buffer, "Tomorrow", "snooze picker, first row");
    assert_plain(&buffer, "In 2 days", "snooze picker");
    press(&mut model, "down");
    let buffer = draw_at(&mut model, 80, 24);
    assert_reversed(&buffer, "In 2 days", "snooze picker after ↓");
    assert_plain(&buffer, "Tomorrow", "snooze picker after ↓");
}

/// Regression: the ambiguous-customer picker showed no selected row.
#[test]
fn the_ambiguous_customer_picker_shows_its_selected_row_reversed() {
    let mut model = loaded();
    ambiguous(&mut model);
    let buffer = draw_at(&mut model, 80, 24);
    assert_reversed(&buffer, "#5 王伟 远大建材", "ambiguous picker");
    assert_plain(&buffer, "#6 王伟 东方物流集团", "ambiguous picker");
    press(&mut model, "down");
    let buffer = draw_at(&mut model, 80, 24);
    assert_reversed(&buffer, "#6 王伟 东方物流集团", "ambiguous picker after ↓");
}

/// Regression: the Tasks pane hid its selection under an overlay, and
/// the Timeline showed its own only while focused.
#[test]
fn every_pane_shows_its_selection_focused_or_not() {
    let mut model = loaded();
    let customer = "Ann Lee Acme Corp";
    let task = "send quote · Ann Lee #11";
    let entry = "discussed Q4 renewal";
    for keys in ["1", "2", "3"] {
        press(&mut model, keys);
        let buffer = draw_at(&mut model, 120, 40);
        assert_reversed(&buffer, customer, &format!("customers after {keys}"));
        assert_reversed(&buffer, task, &format!("tasks after {keys}"));
        assert_reversed(&buffer, entry, &format!("timeline after {keys}"));
    }
    // Under an overlay too: the rows behind it are still marked.
    press(&mut model, ":");
    let buffer = draw_at(&mut model, 120, 40);
    assert_reversed(&buffer, customer, "customers under the palette");
    assert_reversed(&buffer, task, "tasks under the palette");
}

#[test]
fn the_pane_with_the_keys_shows_the_full_selection_the_others_a_dimmer_one() {
    let mut model = loaded();
    press(&mut model, "3");
    let buffer = draw_at(&mut model, 120, 40);
    let dim = |needle: &str| {
        cells_of(&buffer, needle)
            .unwrap_or_default()
            .iter()
            .all(|&(x, y)| buffer[(x, y)].modifier.contains(Modifier::DIM))
    };
    assert!(!dim("send quote · Ann Lee #11"), "focused: full");
    assert!(dim("Ann Lee Acme Corp"), "unfocused: dimmer");
}

#[test]
fn the_today_view_and_the_deals_board_keep_their_selection_under_an_overlay() {
    let mut model = loaded();
    press(&mut model, "T j :");
    let buffer = draw_at(&mut model, 120, 40);
    assert_reversed(&buffer, "回访王芳 · 王芳 #12", "today under the palette");

    let mut model = loaded();
    feed(&mut model, [Msg::Resized(100, 30)]);
    press(&mut model, "D");
    feed(
        &mut model,
        [Msg::DealsLoaded(Box::new(super::deals::board()))],
    );
    press(&mut model, ":");
    let buffer = draw(&model, 100, 30);
    assert_reversed(&buffer, "#3 Acme renew", "deals under the palette");
}

/// Tab inserts the first completion: it is marked like a picker's row.
#[test]
fn the_completion_tab_inserts_is_marked() {
    let rt = FakeRuntime::new(rows());
    let mut model = loaded();
    press(&mut model, ":");
    let effects = typed(&mut model, "call wang");
    rt.settle(&mut model, effects);
    let first = match &model.overlay {
        Some(crate::tui::model::Overlay::Palette(p)) => p.completions[0].label.clone(),
        other => panic!("no palette: {other:?}"),
    };
    let buffer = draw_at(&mut model, 120, 40);
    assert_reversed(&buffer, &first, "the first completion");
}
