//! Help reads well (issue 12, item 6): `?` groups the bindings by purpose,
//! generated from the merged keymap and the registry, in columns across
//! the full width, with the palette's grammar and the marks rows carry.

use super::fixtures::{draw, loaded, press, text};
use crate::config::keymap::Mode;
use crate::tui::help::{GAP, Piece, Placed, describe, page};

fn text_of(rows: &[Vec<Placed>]) -> String {
    rows.iter()
        .flat_map(|r| r.iter())
        .map(|p| match &p.piece {
            Piece::Title(t) | Piece::More(t) | Piece::Text(t) => t.clone(),
            Piece::Keys { keys, text } => format!("{keys} {text}"),
        })
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn titles(rows: &[Vec<Placed>]) -> Vec<String> {
    rows.iter()
        .flat_map(|r| r.iter())
        .filter_map(|p| match &p.piece {
            Piece::Title(t) => Some(t.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn every_binding_of_the_view_is_on_the_page_once_with_its_keys_together() {
    let model = loaded();
    let all = text_of(&page(&model, 118));
    for (_, command, desc) in model.keymap.bindings(Mode::Main) {
        let desc = if desc.is_empty() {
            describe(&command)
        } else {
            desc
        };
        assert!(all.contains(&desc), "{command}: {desc}\n{all}");
    }
    assert!(all.contains("j down Move down"), "{all}");
    assert_eq!(all.matches("Move down").count(), 1);
}

#[test]
fn bindings_are_grouped_by_purpose() {
    let model = loaded();
    let rows = page(&model, 118);
    let titles = titles(&rows);
    for want in [
        "Moving",
        "Finding",
        "Logging",
        "Tasks",
        "Customers",
        "Views",
        "General",
    ] {
        assert!(titles.iter().any(|t| t == want), "{want} in {titles:?}");
    }
    // The palette's own keys, its grammar and the marks.
    assert!(titles.iter().any(|t| t == "In the palette"), "{titles:?}");
    assert!(
        titles.iter().any(|t| t.starts_with("The palette")),
        "{titles:?}"
    );
    assert!(titles.iter().any(|t| t == "Marks in rows"), "{titles:?}");
    // A key sits under its purpose: `c` logs, `x` completes a task.
    let blocks = blocks_by_title(&model);
    assert!(blocks["Logging"].contains(&"c".to_string()), "{blocks:?}");
    assert!(blocks["Tasks"].contains(&"x".to_string()), "{blocks:?}");
    assert!(
        blocks["Moving"].contains(&"j down".to_string()),
        "{blocks:?}"
    );
    assert!(
        blocks["Views"].contains(&"T ctrl-t".to_string()),
        "{blocks:?}"
    );
}

/// Each block's keys, read one column at a time (a block never spans two).
fn blocks_by_title(model: &crate::tui::Model) -> std::collections::HashMap<String, Vec<String>> {
    let rows = page(model, 38); // one column: blocks one after another
    let mut out: std::collections::HashMap<String, Vec<String>> = Default::default();
    let mut current = String::new();
    for p in rows.iter().flat_map(|r| r.iter()) {
        match &p.piece {
            Piece::Title(t) => current = t.clone(),
            Piece::Keys { keys, .. } => out.entry(current.clone()).or_default().push(keys.clone()),
            _ => {}
        }
    }
    out
}

#[test]
fn columns_fill_the_width_and_never_overlap() {
    let model = loaded();
    for (width, columns) in [(38, 1), (78, 1), (118, 2), (178, 4)] {
        let rows = page(&model, width);
        for row in &rows {
            let mut end = 0;
            for p in row {
                assert!(p.x >= end, "{width}: overlap at {p:?}");
                end = p.x + p.cols;
                assert!(end <= width, "{width}: past the edge {p:?}");
            }
        }
        let used = rows.iter().map(Vec::len).max().unwrap_or(0);
        assert_eq!(used, columns, "{width}");
        // The last column ends near the right edge: the width is used.
        let right = rows
            .iter()
            .flat_map(|r| r.iter())
            .map(|p| p.x + p.cols)
            .max()
            .unwrap_or(0);
        assert!(right + GAP >= width, "{width}: ends at {right}");
    }
}

#[test]
fn help_explains_the_grammar_and_the_marks() {
    let mut model = loaded();
    press(&mut model, "?");
    let screen = text(&draw(&model, 120, 40));
    assert!(screen.contains("Moving"), "{screen}");
    // Scroll to the end: the grammar and the marks are there.
    press(&mut model, "G");
    let end = text(&draw(&model, 120, 40));
    let all = format!("{screen}\n{end}");
    for want in [
        "<verb> <customer words> [outcome] [: <text>] [-> <next action>] [@<when>]",
        "call <customer> [outcome] [: summary] [-> next action] [@when]",
        "move <deal id> <stage>",
        "☾",
        "⚑",
        "!",
        "gone quiet",
    ] {
        assert!(all.contains(want), "{want} in\n{all}");
    }
}

#[test]
fn help_scrolls_to_its_last_row_and_no_further() {
    let mut model = loaded();
    crate::tui::update::update(&mut model, crate::tui::msg::Msg::Resized(80, 24));
    press(&mut model, "?");
    press(&mut model, "G");
    let Some(crate::tui::Overlay::Help { scroll }) = model.overlay else {
        panic!("help is open");
    };
    let rows = crate::tui::help::height(&model);
    assert_eq!(
        scroll,
        rows - model.full_height(),
        "the last row is at the bottom"
    );
    let screen = text(&draw(&model, 80, 24));
    assert!(screen.contains("resolve <case id>"), "{screen}");
}
