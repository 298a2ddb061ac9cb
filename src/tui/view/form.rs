//! The customer form: labelled fields with their errors beneath, then the
//! notes area (soft-wrapped).

use crate::config::keymap::{Keymap, Mode};
use crate::config::theme::{Scope, Theme};
use crate::text::width;
use crate::tui::form::{FIELDS, Form};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

const LABEL: usize = 16;

pub fn render(frame: &mut Frame, body: Rect, form: &Form, keymap: &Keymap, theme: &Theme) {
    let area = body;
    super::overlays::clear(frame, area);
    let key = |command: &str| {
        keymap
            .hint(Mode::Form, command)
            .unwrap_or_else(|| "?".into())
    };
    let cancel = if form.restored { "discard" } else { "cancel" };
    let restored = if form.restored {
        " (restored draft)"
    } else {
        ""
    };
    let title = format!(
        " {}{restored} — {} next · {} save · {} {cancel} · {} $EDITOR ",
        form.title(),
        key("form next"),
        key("form save"),
        key("form cancel"),
        key("form editor"),
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style(Scope::UiBorderFocused))
        .title(super::safe(Line::styled(
            title,
            theme.style(Scope::UiTitle),
        )));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let cols = usize::from(inner.width);
    let mut lines = Vec::new();
    for (i, (label, _)) in FIELDS.iter().enumerate() {
        let focused = form.focus == i;
        let input = &form.inputs[i];
        let label_style = if focused {
            theme.style(Scope::UiSelection)
        } else {
            theme.style(Scope::CardLabel)
        };
        let mut spans = vec![
            Span::styled(format!("{label:<LABEL$}"), label_style),
            Span::raw(" "),
        ];
        let at = input.cursor.min(input.text.len());
        spans.push(Span::styled(
            input.text[..at].to_string(),
            theme.style(Scope::PaletteInput),
        ));
        if focused {
            spans.push(Span::styled("▏", theme.style(Scope::UiHint)));
        }
        spans.push(Span::styled(
            input.text[at..].to_string(),
            theme.style(Scope::PaletteInput),
        ));
        lines.push(super::clip(Line::from(spans), cols));
        if let Some(error) = &form.errors[i] {
            lines.push(super::clip(
                Line::styled(
                    format!("{:LABEL$} {error}", ""),
                    theme.style(Scope::PaletteError),
                ),
                cols,
            ));
        }
    }
    let fields_height = (lines.len() as u16).min(inner.height);
    frame.render_widget(
        Paragraph::new(lines),
        Rect {
            height: fields_height,
            ..inner
        },
    );
    let notes_top = inner.y + fields_height;
    let notes_height = inner.height.saturating_sub(fields_height);
    if notes_height < 3 || usize::from(inner.width) < width("Notes") + 2 {
        return;
    }
    let notes_area = Rect::new(inner.x, notes_top, inner.width, notes_height);
    let focused = form.focus == FIELDS.len();
    let mut notes = form.notes.clone();
    notes.set_block(
        Block::default()
            .borders(Borders::TOP)
            .border_style(if focused {
                theme.style(Scope::UiBorderFocused)
            } else {
                theme.style(Scope::UiBorder)
            })
            .title(Line::styled(
                " Notes ",
                if focused {
                    theme.style(Scope::UiSelection)
                } else {
                    theme.style(Scope::CardLabel)
                },
            )),
    );
    notes.set_style(theme.style(Scope::UiText));
    if !focused {
        notes.set_cursor_style(theme.style(Scope::UiText));
    }
    frame.render_widget(&notes, notes_area);
}
