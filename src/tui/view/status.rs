//! The status bar: mode, the toast of the last action, and key hints
//! generated from the keymap.

use crate::config::theme::{Scope, Theme};
use crate::text::width;
use crate::tui::model::{Model, Overlay, Pane, Screen};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, area: Rect, model: &Model, theme: &Theme) {
    let mode = match (&model.overlay, model.view, model.filter.editing) {
        (Some(Overlay::Palette(_)), _, _) => "PALETTE",
        (Some(Overlay::Help { .. }), _, _) => "HELP",
        (Some(Overlay::Messages { .. }), _, _) => "MESSAGES",
        (Some(Overlay::Picker(_)), _, _) => "PICK",
        (Some(Overlay::Form), _, _) => "FORM",
        (Some(Overlay::Show(_)), _, _) => "DETAIL",
        (Some(Overlay::Import(_)), _, _) => "IMPORT",
        (Some(Overlay::Find(_)), _, _) => "FIND",
        (None, _, true) => "FILTER",
        (None, Screen::Today, _) => "TODAY",
        (None, Screen::Main, _) => "NORMAL",
        (None, Screen::Reports, _) => "REPORTS",
        (None, Screen::Deals, _) => "DEALS",
    };
    let mut spans = vec![Span::styled(
        format!(" {mode} "),
        theme
            .style(Scope::UiStatus)
            .patch(theme.style(Scope::UiSelection)),
    )];
    let toast_width = match &model.toast {
        Some(toast) => {
            let style = if toast.error {
                Scope::UiToastError
            } else {
                Scope::UiToast
            };
            // What is left after the mode and a space; never past the edge.
            let room = usize::from(area.width).saturating_sub(width(mode) + 3);
            let text = fit_toast(&toast.text, room);
            let shown = width(&text) + 1;
            spans.push(Span::styled(format!(" {text}"), theme.style(style)));
            shown
        }
        None => 0,
    };
    let hints = hints(model);
    let used = width(mode) + 2 + toast_width;
    let room = usize::from(area.width).saturating_sub(used + 1);
    if width(&hints) <= room {
        spans.push(Span::styled(
            format!("{:>room$}", hints, room = room),
            theme.style(Scope::UiHint),
        ));
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(theme.style(Scope::UiStatus)),
        area,
    );
}

/// "`:` palette  `/` filter  `?` help …" from the active keymap.
fn hints(model: &Model) -> String {
    // While typing, keys are text: the hints would be wrong.
    if model.filter.editing || model.overlay.is_some() {
        return String::new();
    }
    let mode = model.screen_mode();
    let wanted: &[(&str, &str)] = match model.view {
        Screen::Today => &[
            ("done", "done"),
            ("snooze", "snooze"),
            ("open", "open"),
            ("view main", "back"),
            ("help", "help"),
        ],
        Screen::Reports => &[
            ("report next", "next"),
            ("report table", "table"),
            ("period prev", "earlier"),
            ("period next", "later"),
            ("view main", "back"),
            ("help", "help"),
        ],
        Screen::Deals => &[
            ("open", "open"),
            ("won", "won"),
            ("lost", "lost"),
            ("move", "move"),
            ("view main", "back"),
            ("help", "help"),
        ],
        // The row keys where there are rows to show, fix and delete.
        Screen::Main if model.focus == Pane::Timeline => &[
            ("show", "show"),
            ("edit", "edit"),
            ("delete", "delete"),
            ("prefill call", "call"),
            ("help", "help"),
            ("quit", "quit"),
        ],
        Screen::Main if model.focus == Pane::Tasks => &[
            ("done", "done"),
            ("snooze", "snooze"),
            ("show", "show"),
            ("edit", "edit"),
            ("delete", "cancel"),
            ("help", "help"),
        ],
        Screen::Main => &[
            ("palette", "palette"),
            ("filter", "filter"),
            ("prefill call", "call"),
            ("done", "done"),
            ("view today", "today"),
            ("help", "help"),
            ("quit", "quit"),
        ],
    };
    wanted
        .iter()
        .filter_map(|(command, label)| {
            model
                .keymap
                .hint(mode, command)
                .map(|k| format!("{k} {label}"))
        })
        .collect::<Vec<_>>()
        .join("  ")
}

/// A toast in at most `cols` columns (display width, CJK counted double),
/// shortened in the middle: the start stays, and so does the end that
/// matters — the undo hint (` — u undo`) and an id near the end
/// (`(task #41)`), which are never cut while they fit at all.
pub fn fit_toast(text: &str, cols: usize) -> String {
    let text = crate::text::sanitize(text);
    if width(&text) <= cols {
        return text.into_owned();
    }
    crate::text::elide_middle(&text, tail_start(&text), cols)
}

/// Where the part of a toast that must stay whole begins: the undo hint,
/// or the last id when it is in the second half (with its `(task ` and the
/// space before), else a third of the columns at the end.
fn tail_start(text: &str) -> usize {
    let hint = text.rfind(" — ").unwrap_or(text.len());
    let id = last_id(&text[..hint]).filter(|&at| at * 2 >= hint);
    let start = match id {
        Some(at) => {
            let before = &text[..at];
            // `(task #41)`, `(#40)`: from the parenthesis.
            let open = before
                .rfind('(')
                .filter(|&p| !before[p..].contains(')') && before.len() - p <= 8)
                .unwrap_or(at);
            // And the space before it, so the cut reads `… (task #41)`.
            if text[..open].ends_with(' ') {
                open - 1
            } else {
                open
            }
        }
        None if hint < text.len() => hint,
        None => {
            // No id, no hint: keep the last third, from a word start.
            let third = text.len() - text.len() / 3;
            (third..text.len())
                .find(|&i| text.is_char_boundary(i) && text[i..].starts_with(' '))
                .unwrap_or(text.len())
        }
    };
    start.min(text.len())
}

/// The byte offset of the last `#` followed by a digit.
fn last_id(text: &str) -> Option<usize> {
    text.rmatch_indices('#')
        .map(|(at, _)| at)
        .find(|&at| text[at + 1..].starts_with(|c: char| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::fit_toast;
    use crate::text::width;

    #[test]
    fn a_long_toast_loses_its_middle_never_its_id_or_undo_hint() {
        let logged = "Logged call with 王芳 (#2) · next: send the revised quote with the volume discount, due Fri 11-27 (task #41) — u undo";
        for cols in [40, 60, 79] {
            let short = fit_toast(logged, cols);
            assert!(width(&short) <= cols, "{cols}: {short}");
            assert!(short.ends_with(" (task #41) — u undo"), "{cols}: {short}");
            assert!(short.starts_with("Logged call with"), "{cols}: {short}");
            assert!(short.contains('…'), "{cols}: {short}");
        }
        // The id at the start stays at the start; the hint at the end.
        let done =
            "Done: #12 send the quote to everyone at the Shanghai expo booth (Acme Corp) — u undo";
        let short = fit_toast(done, 50);
        assert!(short.starts_with("Done: #12 send"), "{short}");
        assert!(short.ends_with("— u undo"), "{short}");
        assert!((48..=50).contains(&width(&short)), "{short}");
        // An id that ends the message.
        let added = "Added 上海华信科技有限公司采购部王芳经理 · 上海华信科技有限公司 (#40)";
        let short = fit_toast(added, 30);
        assert!(short.ends_with(" (#40)"), "{short}");
        assert!(width(&short) <= 30, "{short}");
        // Short enough: as it is; controls are shown escaped.
        assert_eq!(fit_toast("Sorted by name", 40), "Sorted by name");
        assert_eq!(fit_toast("a\x1bb", 40), "a\\x1bb");
        // No id, no hint: the start and the end.
        let plain =
            "the database is busy: another rolo is writing to it right now, try again in a moment";
        let short = fit_toast(plain, 40);
        assert!(short.starts_with("the database"), "{short}");
        assert!(short.ends_with("in a moment"), "{short}");
        assert!(width(&short) <= 40);
        // Tiny: never wider than asked.
        for cols in 0..12 {
            assert!(width(&fit_toast(logged, cols)) <= cols, "{cols}");
        }
    }
}
