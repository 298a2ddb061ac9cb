//! The detail view: one record whole (`tui::show` lays the page out),
//! over the whole body as help is, scrolled with the help keys. Its title
//! names the record and the keys that edit, delete and close it.

use super::{clip, overlays};
use crate::config::keymap::Mode;
use crate::config::theme::{Scope, Theme};
use crate::text::pad;
use crate::tui::model::Model;
use crate::tui::show::{LABEL, Show, Shown, page};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, body: Rect, model: &Model, show: &Show, theme: &Theme) {
    overlays::clear(frame, body);
    let block = overlays::boxed(title(model, &show.shown), theme);
    let inner = block.inner(body);
    let rows = page(&show.shown, usize::from(inner.width), model.now);
    let height = usize::from(inner.height);
    let scroll = show.scroll.min(rows.len().saturating_sub(height));
    let block = if rows.len() > height {
        let last = (scroll + height).min(rows.len());
        block.title_bottom(
            Line::styled(
                format!(" {}–{last} of {} ", scroll + 1, rows.len()),
                theme.style(Scope::UiHint),
            )
            .right_aligned(),
        )
    } else {
        block
    };
    frame.render_widget(block, body);
    let cols = usize::from(inner.width);
    let lines: Vec<Line> = rows
        .iter()
        .skip(scroll)
        .take(height)
        .map(|row| {
            clip(
                Line::from(vec![
                    Span::styled(pad(row.label, LABEL), theme.style(Scope::CardLabel)),
                    Span::styled(row.text.clone(), theme.style(row.scope)),
                ]),
                cols,
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// ` call #41 — E edit · d delete · esc close `, with the keymap's keys
/// for what this record takes.
fn title(model: &Model, shown: &Shown) -> String {
    let key = |command: &str| model.keymap.hint(Mode::Detail, command);
    let mut keys = Vec::new();
    let mut offer = |command: &str, label: &str| {
        if let Some(k) = key(command) {
            keys.push(format!("{k} {label}"));
        }
    };
    match shown {
        Shown::Customer(_) => {
            offer("edit", "edit");
            offer("note edit", "notes");
        }
        Shown::Interaction { .. } => {
            offer("edit", "edit");
            offer("delete", "delete");
        }
        Shown::Task { task, .. } => {
            offer("edit", "edit");
            if task.is_open() {
                offer("delete", "cancel");
            }
        }
        Shown::Case { .. } | Shown::Deal { .. } | Shown::Order { .. } => {}
    }
    offer("show", "close");
    format!(" {} — {} ", shown.title(), keys.join(" · "))
}
