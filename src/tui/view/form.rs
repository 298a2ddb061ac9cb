//! A form: labelled one-line fields with their errors beneath, and text
//! areas (soft-wrapped) sharing the rows that are left, in the form's
//! order. The focused one-line field scrolls sideways to keep its cursor
//! in view and says what it takes.

use crate::config::keymap::{Keymap, Mode};
use crate::config::theme::{Scope, Theme};
use crate::text::width;
use crate::tui::form::{Field, Form, Value};
use crate::tui::model::Input;
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
    let heights = heights(form, inner.height);
    let mut y = inner.y;
    for (i, field) in form.fields.iter().enumerate() {
        let height = heights[i].min(inner.bottom().saturating_sub(y));
        if height == 0 {
            continue;
        }
        let rect = Rect::new(inner.x, y, inner.width, height);
        y += height;
        let focused = form.focus == i;
        match &field.value {
            Value::Line(input) => line_field(
                frame,
                rect,
                field,
                input,
                focused,
                form.errors[i].as_deref(),
                theme,
            ),
            Value::Area(_) => area_field(frame, rect, field, focused, theme),
        }
    }
}

/// Rows for each field in `rows`: one for a line (two with its error),
/// and the rest shared by the text areas.
fn heights(form: &Form, rows: u16) -> Vec<u16> {
    let mut heights: Vec<u16> = form
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| match f.value {
            Value::Line(_) => 1 + u16::from(form.errors[i].is_some()),
            Value::Area(_) => 0,
        })
        .collect();
    let areas = form.fields.iter().filter(|f| f.kind.area()).count() as u16;
    let left = rows.saturating_sub(heights.iter().sum());
    if let Some(each) = left.checked_div(areas) {
        let extra = left % areas;
        let mut n = 0;
        for (i, f) in form.fields.iter().enumerate() {
            if f.kind.area() {
                n += 1;
                heights[i] = each + u16::from(n == areas) * extra;
            }
        }
    }
    heights
}

fn label_style(focused: bool, theme: &Theme) -> ratatui::style::Style {
    if focused {
        theme.style(Scope::UiSelection)
    } else {
        theme.style(Scope::CardLabel)
    }
}

fn line_field(
    frame: &mut Frame,
    rect: Rect,
    field: &Field,
    input: &Input,
    focused: bool,
    error: Option<&str>,
    theme: &Theme,
) {
    let cols = usize::from(rect.width);
    let room = cols.saturating_sub(LABEL + 1);
    let text = &input.text;
    let at = input.cursor.min(text.len());
    // Scroll sideways so the cursor stays in view on a long value.
    let start = if focused {
        super::overlays::scroll_start(text, at, room.saturating_sub(1))
    } else {
        0
    };
    let mut spans = vec![
        Span::styled(
            format!("{:<LABEL$}", field.label),
            label_style(focused, theme),
        ),
        Span::raw(" "),
        Span::styled(
            text[start..at].to_string(),
            theme.style(Scope::PaletteInput),
        ),
    ];
    if focused {
        spans.push(Span::styled("▏", theme.style(Scope::UiHint)));
    }
    spans.push(Span::styled(
        text[at..].to_string(),
        theme.style(Scope::PaletteInput),
    ));
    let hint = field.kind.hint();
    if focused && !hint.is_empty() && width(&text[start..]) + width(hint) + 4 <= room {
        spans.push(Span::styled(format!("  {hint}"), theme.style(Scope::Muted)));
    }
    let mut lines = vec![super::clip(Line::from(spans), cols)];
    if let Some(error) = error {
        lines.push(super::clip(
            Line::styled(
                format!("{:LABEL$} {error}", ""),
                theme.style(Scope::PaletteError),
            ),
            cols,
        ));
    }
    frame.render_widget(Paragraph::new(lines), rect);
}

/// A text area under a rule titled with its label; with a single row,
/// the title alone.
fn area_field(frame: &mut Frame, rect: Rect, field: &Field, focused: bool, theme: &Theme) {
    let Value::Area(area) = &field.value else {
        return;
    };
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(if focused {
            theme.style(Scope::UiBorderFocused)
        } else {
            theme.style(Scope::UiBorder)
        })
        .title(Line::styled(
            format!(" {} ", field.label),
            label_style(focused, theme),
        ));
    if rect.height < 2 || usize::from(rect.width) < width(field.label) + 2 {
        frame.render_widget(block, rect);
        return;
    }
    let mut area = (**area).clone();
    area.set_block(block);
    area.set_style(theme.style(Scope::UiText));
    if !focused {
        area.set_cursor_style(theme.style(Scope::UiText));
    }
    frame.render_widget(&area, rect);
}
