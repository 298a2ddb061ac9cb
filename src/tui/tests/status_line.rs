//! The status line never hides the part that matters (issue 12, item 5):
//! a long toast loses its middle, not its id or undo hint; `:messages`
//! shows the last 50 in full; an error goes when the user moves on.

use super::fixtures::{draw, feed, lines, loaded, now, press, text, typed};
use crate::tui::model::{Model, Overlay, Toast};
use crate::tui::msg::Msg;
use chrono::Duration;

const LOGGED: &str = "Logged call with 王芳 (#2) · 想要报价，下周再联系采购部 · next: 发送修订后的报价单和批量折扣说明, due Fri 11-27 (task #41) — u undo";

fn with_toast(text: &str, error: bool) -> Model {
    let mut model = loaded();
    model.toast = Some(Toast {
        text: text.into(),
        error,
        until: now() + Duration::seconds(4),
    });
    model
}

fn status_row(model: &Model, width: u16, height: u16) -> String {
    lines(&draw(model, width, height)).pop().unwrap_or_default()
}

#[test]
fn a_long_toast_is_cut_in_the_middle_keeping_its_id_and_undo_hint() {
    let model = with_toast(LOGGED, false);
    for (w, h) in [(80, 24), (120, 40), (60, 20)] {
        let row = status_row(&model, w, h);
        assert!(row.ends_with("(task #41) — u undo"), "{w}×{h}: {row:?}");
        assert!(row.contains("Logged call with 王芳"), "{w}×{h}: {row:?}");
        assert!(row.contains('…'), "{w}×{h}: {row:?}");
        assert!(
            crate::text::width(&row) <= usize::from(w),
            "{w}×{h}: {row:?}"
        );
    }
    // Wide enough: whole.
    let row = status_row(&model, 200, 40);
    assert!(row.contains(LOGGED), "{row:?}");
}

#[test]
fn snapshot_status_line_with_a_long_cjk_toast() {
    let model = with_toast(LOGGED, false);
    insta::assert_snapshot!("status_long_toast_80x24", status_row(&model, 80, 24));
    insta::assert_snapshot!("status_long_toast_120x40", status_row(&model, 120, 40));
}

#[test]
fn messages_shows_the_last_fifty_in_full() {
    let mut model = loaded();
    for i in 1..=60 {
        crate::tui::update::update(&mut model, Msg::Tick(now() + Duration::seconds(i)));
        press(&mut model, "o"); // "Sorted by …": one message each
    }
    assert_eq!(model.messages.len(), 50);
    assert!(
        model.messages[0].at > now() + Duration::seconds(10),
        "the oldest went"
    );
    // A long one, then the key.
    press(&mut model, "u"); // Nothing to undo (an error)
    if let Some(m) = model.messages.last_mut() {
        m.text = LOGGED.into();
    }
    press(&mut model, "M");
    assert!(matches!(
        model.overlay,
        Some(Overlay::Messages { scroll: 0 })
    ));
    let screen = text(&draw(&model, 80, 24));
    // In full: wrapped, not cut — both ends are on screen.
    assert!(screen.contains("Logged call with 王芳 (#2)"), "{screen}");
    assert!(screen.contains("(task #41) — u undo"), "{screen}");
    assert!(screen.contains("Sorted by"), "{screen}");
    assert!(screen.contains("MESSAGES"), "{screen}");
    // k scrolls back to older ones; Esc closes.
    press(&mut model, "k k");
    assert!(matches!(
        model.overlay,
        Some(Overlay::Messages { scroll: 2 })
    ));
    press(&mut model, "g g");
    let oldest = text(&draw(&model, 80, 24));
    assert!(
        oldest.contains(&model.messages[0].at.format("%H:%M:%S").to_string()),
        "{oldest}"
    );
    press(&mut model, "esc");
    assert!(model.overlay.is_none());
    // Typed in the palette, as in vim.
    press(&mut model, ":");
    typed(&mut model, "messages");
    press(&mut model, "enter");
    assert!(matches!(model.overlay, Some(Overlay::Messages { .. })));
    press(&mut model, "M");
    assert!(model.overlay.is_none(), "the key closes it too");
}

#[test]
fn snapshot_messages_overlay() {
    let mut model = loaded();
    press(&mut model, "o");
    press(&mut model, "u");
    model.messages.push(crate::tui::model::Message {
        at: now(),
        text: LOGGED.into(),
        error: false,
    });
    model.messages.push(crate::tui::model::Message {
        at: now(),
        text: "\"王伟\" matches 2 customers:\n  #5 王伟 远大建材\n  #6 王伟 东方物流集团".into(),
        error: true,
    });
    press(&mut model, "M");
    insta::assert_snapshot!("messages_80x24", text(&draw(&model, 80, 24)));
}

#[test]
fn an_error_is_cleared_by_the_next_key_that_does_something() {
    let mut model = loaded();
    press(&mut model, "u");
    assert_eq!(
        model.toast.as_ref().map(|t| (t.text.as_str(), t.error)),
        Some(("Nothing to undo", true))
    );
    // It does not time out: it waits for the user.
    feed(&mut model, [Msg::Tick(now() + Duration::seconds(60))]);
    assert!(model.toast.is_some());
    // A key bound to nothing, or the first key of a chord, is not moving on.
    press(&mut model, "F");
    assert!(model.toast.is_some(), "unbound key");
    press(&mut model, "g");
    assert!(model.toast.is_some(), "half a chord");
    press(&mut model, "g");
    assert!(
        model.toast.is_none(),
        "g g moved the cursor: the error is gone"
    );
    // A key that shows a new error keeps it; the same error again too.
    press(&mut model, "u");
    press(&mut model, "u");
    assert!(model.toast.as_ref().is_some_and(|t| t.error));
    press(&mut model, "j");
    assert!(model.toast.is_none());
    // Typing in the filter is moving on too.
    press(&mut model, "u /");
    assert!(model.toast.is_none(), "/ opened the filter");
    // A plain toast still times out, and a key does not clear it.
    press(&mut model, "esc o");
    assert!(model.toast.as_ref().is_some_and(|t| !t.error));
    press(&mut model, "j");
    assert!(model.toast.is_some());
    feed(&mut model, [Msg::Tick(now() + Duration::seconds(90))]);
    assert!(model.toast.is_none());
}
