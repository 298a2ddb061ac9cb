//! Hostile input in the TUI: a search query is bounded (issue 11, item 7).

use super::fixtures::{loaded, press, typed};
use crate::search::MAX_QUERY_CHARS;
use crate::tui::msg::{Effect, Msg};
use crate::tui::update::update;

#[test]
fn the_filter_takes_no_more_than_a_query_may_hold() {
    let mut model = loaded();
    press(&mut model, "/");
    let effects = typed(&mut model, &"w".repeat(MAX_QUERY_CHARS + 44));
    assert_eq!(model.filter.input.text.chars().count(), MAX_QUERY_CHARS);
    assert!(model.filter.input.cursor <= model.filter.input.text.len());
    let longest = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Search { query, .. } => Some(query.chars().count()),
            _ => None,
        })
        .max();
    assert_eq!(longest, Some(MAX_QUERY_CHARS));

    // A paste of a megabyte is cut the same way.
    press(&mut model, "esc");
    press(&mut model, "/");
    update(&mut model, Msg::Paste("王".repeat(1 << 20)));
    assert_eq!(model.filter.input.text.chars().count(), MAX_QUERY_CHARS);
    assert!(
        model
            .filter
            .input
            .text
            .is_char_boundary(model.filter.input.cursor)
    );
}

/// Issue 11 item 7: ratatui drops C0 and C1 controls from cells but keeps
/// a zero-width bidirectional override with the character before it, so a
/// customer named `Ann\u{202E}eeL` reversed the rest of the line on the
/// terminal. No drawn cell carries a control character of any kind.
#[test]
fn no_cell_carries_a_control_character_to_the_terminal() {
    use super::fixtures::{draw, loaded_with, rows};
    use crate::tui::msg::Row;
    let mut all = rows();
    all.insert(
        0,
        Row {
            id: crate::domain::CustomerId(99),
            name: "Ann\u{202E}eeL \u{2066}x\u{1b}[31m \u{9b}2J".into(),
            company: "Acme\u{202D}Corp".into(),
            email: String::new(),
        },
    );
    let mut model = loaded_with(all);
    // The first customer's card and timeline, with controls in every field.
    let mut detail = super::fixtures::detail(crate::domain::CustomerId(1));
    detail.customer.name = "Ann\u{202E}eeL".into();
    detail.customer.title = "CEO\u{202E}".into();
    detail.customer.tags = vec!["v\u{202E}ip".into()];
    detail.customer.phones = vec!["+86 138\u{202E}0013 8000".into()];
    for i in &mut detail.timeline {
        i.summary = format!("{}\u{202E}reversed", i.summary);
    }
    for t in &mut detail.tasks {
        t.title = format!("{}\u{2067}", t.title);
    }
    super::fixtures::feed(
        &mut model,
        [crate::tui::msg::Msg::DetailLoaded(Box::new(detail))],
    );
    let buffer = draw(&model, 100, 30);
    let bad: Vec<String> = buffer
        .content
        .iter()
        .map(|c| c.symbol().to_string())
        .filter(|s| s.chars().any(crate::text::is_unsafe))
        .collect();
    assert!(bad.is_empty(), "cells with controls: {bad:?}");
    let text = super::fixtures::text(&buffer);
    assert!(text.contains("Ann") && text.contains("reversed"), "{text}");
}
