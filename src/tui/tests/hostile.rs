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
