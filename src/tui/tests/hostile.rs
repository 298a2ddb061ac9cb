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

/// What a hostile import or a careless paste puts in every field: an ESC
/// sequence, a bell, a right-to-left override.
const HOSTILE: &str = "Eve\x1b[2J\x07\u{202e}lave";

/// No cell of `buffer` holds a character that must not reach a terminal,
/// and the hostile text shows escaped, as the command line shows it.
fn assert_safe_and_visible(buffer: &ratatui::buffer::Buffer, view: &str) {
    for cell in &buffer.content {
        assert!(
            !cell.symbol().chars().any(crate::text::is_unsafe),
            "{view}: a raw control reached the screen in {:?}",
            cell.symbol()
        );
    }
    let screen = super::fixtures::text(buffer);
    assert!(
        screen.contains(r"Eve\x1b[2J\x07\u{202e}lave"),
        "{view}: not shown escaped:\n{screen}"
    );
}

/// Found trying issue 11 in the app: a customer named with a right-to-left
/// override had it written raw into the Timeline's title (a terminal that
/// does bidi reorders the line), ESC and BEL vanished from the list
/// (ratatui drops them) so the row no longer said what was stored, and
/// the columns after them shifted. Every pane, the Today view, the picker
/// and the toasts now show such text as the command line does.
#[test]
fn text_from_users_is_shown_with_its_controls_made_visible_everywhere() {
    use super::fixtures::{detail, draw, feed, loaded_with, rows, task};
    use crate::domain::{CustomerId, Due};
    use crate::review::TaskRow;
    let mut all = rows();
    all[0].name = HOSTILE.into();
    all[0].company = HOSTILE.into();
    let mut model = loaded_with(all);
    // By name, Bob Smith comes first and Eve second.
    press(&mut model, "j");
    let mut d = detail(CustomerId(1));
    d.customer.name = HOSTILE.into();
    d.customer.company = HOSTILE.into();
    d.customer.title = HOSTILE.into();
    d.customer.tags = vec![HOSTILE.into()];
    d.customer.owner = HOSTILE.into();
    d.timeline[0].summary = HOSTILE.into();
    d.timeline[0].feedback = HOSTILE.into();
    d.tasks[0].title = HOSTILE.into();
    let due = Some(Due::Date(
        chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a day"),
    ));
    let mut hostile_task = task(11, Some(1), HOSTILE, due);
    hostile_task.title = HOSTILE.into();
    let mut review = super::fixtures::review();
    review.today.rows.push(TaskRow {
        task: hostile_task.clone(),
        customer_name: Some(HOSTILE.into()),
    });
    review.quiet.rows[0].name = HOSTILE.into();
    feed(
        &mut model,
        [
            Msg::DetailLoaded(Box::new(d)),
            Msg::TasksLoaded(vec![TaskRow {
                task: hostile_task,
                customer_name: Some(HOSTILE.into()),
            }]),
            Msg::ReviewLoaded {
                review: Box::new(review),
                done_today: 0,
            },
        ],
    );
    let main = draw(&model, 120, 30);
    assert_safe_and_visible(&main, "main");
    // A tag badge in the list, on Bob Smith's short row where it fits.
    let mut bob = super::fixtures::row_detail(CustomerId(7));
    bob.tags = vec!["\u{202e}x".into()];
    feed(&mut model, [Msg::RowDetails(vec![(CustomerId(7), bob)])]);
    let main = draw(&model, 120, 30);
    assert!(
        super::fixtures::text(&main).contains(r"Bob Smith Globex #\u{202e}x"),
        "the tag badge in the list is shown escaped too:\n{}",
        super::fixtures::text(&main)
    );
    press(&mut model, "T");
    assert_safe_and_visible(&draw(&model, 120, 30), "today");
    press(&mut model, "s");
    assert_safe_and_visible(&draw(&model, 120, 30), "snooze picker");
}
