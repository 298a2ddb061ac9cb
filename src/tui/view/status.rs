//! The status bar: mode, the toast of the last action, and key hints
//! generated from the keymap.

use crate::config::theme::{Scope, Theme};
use crate::text::width;
use crate::tui::model::{Model, Overlay, View};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, area: Rect, model: &Model, theme: &Theme) {
    let mode = match (&model.overlay, model.view, model.filter.editing) {
        (Some(Overlay::Palette(_)), _, _) => "PALETTE",
        (Some(Overlay::Help { .. }), _, _) => "HELP",
        (Some(Overlay::Picker(_)), _, _) => "PICK",
        (Some(Overlay::Form), _, _) => "FORM",
        (Some(Overlay::Import(_)), _, _) => "IMPORT",
        (None, _, true) => "FILTER",
        (None, View::Today, _) => "TODAY",
        (None, View::Main, _) => "NORMAL",
        (None, View::Reports, _) => "REPORTS",
        (None, View::Deals, _) => "DEALS",
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
            spans.push(Span::styled(
                format!(" {}", crate::text::sanitize(&toast.text)),
                theme.style(style),
            ));
            width(&toast.text) + 1
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
        View::Today => &[
            ("done", "done"),
            ("snooze", "snooze"),
            ("open", "open"),
            ("view main", "back"),
            ("help", "help"),
        ],
        View::Reports => &[
            ("report next", "next"),
            ("report table", "table"),
            ("period prev", "earlier"),
            ("period next", "later"),
            ("view main", "back"),
            ("help", "help"),
        ],
        View::Deals => &[
            ("open", "open"),
            ("won", "won"),
            ("lost", "lost"),
            ("move", "move"),
            ("view main", "back"),
            ("help", "help"),
        ],
        View::Main => &[
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
