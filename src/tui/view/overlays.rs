//! What draws over the panes: the palette, the help, a picker, the import
//! and the find overlay (in their own files) and the which-key hints of a
//! chord.

use super::clip;
use crate::config::theme::{Scope, Theme};
use crate::text::width;
use crate::tui::model::{Model, Overlay, Palette, Picker};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub fn render(frame: &mut Frame, body: Rect, model: &Model, theme: &Theme) {
    match &model.overlay {
        Some(Overlay::Palette(p)) => palette(frame, body, p, theme),
        Some(Overlay::Help { scroll }) => help(frame, body, model, *scroll, theme),
        Some(Overlay::Messages { scroll }) => {
            super::messages::render(frame, body, model, *scroll, theme)
        }
        Some(Overlay::Picker(p)) => picker(frame, body, p, theme),
        Some(Overlay::Form) => {
            if let Some(form) = &model.form {
                super::form::render(frame, body, form, &model.keymap, theme);
            }
        }
        Some(Overlay::Show(show)) => super::show::render(frame, body, model, show, theme),
        Some(Overlay::Import(import)) => super::import::render(frame, body, model, import, theme),
        Some(Overlay::Find(find)) => super::find::render(frame, body, model, find, theme),
        None => {}
    }
    if !model.which_key.is_empty() {
        which_key(frame, body, model, theme);
    }
}

pub(super) fn boxed<'a>(title: String, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style(Scope::UiBorderFocused))
        .title(super::safe(Line::styled(
            title,
            theme.style(Scope::UiTitle),
        )))
}

/// A rectangle of at most `w`×`h` centred in `area`.
pub(super) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn palette(frame: &mut Frame, body: Rect, p: &Palette, theme: &Theme) {
    // Once a verb is typed, its grammar (from the registry) under the line.
    let usage = crate::palette::complete::usage(&p.input.text);
    let extra =
        p.completions.len() as u16 + u16::from(p.error.is_some()) * 2 + u16::from(usage.is_some());
    let height = (3 + extra).min(body.height);
    let area = Rect::new(body.x, body.y + body.height - height, body.width, height);
    clear(frame, area);
    let block = boxed(
        " : palette — Enter runs, Tab completes, Esc closes ".into(),
        theme,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let cols = usize::from(inner.width);
    let text = &p.input.text;
    let at = p.input.cursor.min(text.len());
    // Scroll sideways so the cursor stays in view on a long line.
    let start = scroll_start(text, at, cols.saturating_sub(1));
    let mut lines = vec![clip(
        Line::from(vec![
            Span::styled(
                text[start..at].to_string(),
                theme.style(Scope::PaletteInput),
            ),
            Span::styled("▏", theme.style(Scope::UiHint)),
            Span::styled(text[at..].to_string(), theme.style(Scope::PaletteInput)),
        ]),
        cols,
    )];
    if let Some(error) = &p.error {
        if let Some(span) = &error.span {
            let from = span.start.clamp(start, text.len());
            let to = span.end.clamp(from, text.len());
            // The cursor glyph takes a column when it is drawn before the span.
            let glyph = usize::from(at <= from && at >= start);
            let before = text.get(start..from).map_or(0, width) + glyph;
            let under = text.get(from..to).map_or(1, width).max(1);
            lines.push(Line::styled(
                format!("{}{}", " ".repeat(before), "^".repeat(under)),
                theme.style(Scope::PaletteError),
            ));
        }
        lines.push(clip(
            Line::styled(
                error.message.lines().next().unwrap_or_default().to_string(),
                theme.style(Scope::PaletteError),
            ),
            cols,
        ));
    }
    if let Some(usage) = usage {
        lines.push(clip(
            Line::styled(format!("  {usage}"), theme.style(Scope::UiHint)),
            cols,
        ));
    }
    // The first is what Tab inserts, so it is marked as selected.
    for (i, c) in p.completions.iter().enumerate() {
        let style =
            super::selection(i == 0, true, theme).unwrap_or(theme.style(Scope::PaletteCompletion));
        lines.push(clip(Line::styled(format!("  {}", c.label), style), cols));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The first byte to show so that `text[..cursor]` fits in `cols` columns.
pub(super) fn scroll_start(text: &str, cursor: usize, cols: usize) -> usize {
    let mut start = 0;
    while width(&text[start..cursor]) > cols.saturating_sub(1) {
        match text[start..].chars().next() {
            Some(c) => start += c.len_utf8(),
            None => break,
        }
    }
    start
}

/// Clear `area` for an overlay. A wide (CJK) character just left of it
/// would spill into its first column on a real terminal and hide the
/// border, so it is blanked too.
pub(super) fn clear(frame: &mut Frame, area: Rect) {
    frame.render_widget(Clear, area);
    if area.x == 0 {
        return;
    }
    let buf = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        if let Some(cell) = buf.cell_mut((area.x - 1, y))
            && width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}

/// Every binding of the active keymap by purpose, the palette's grammar
/// and the row marks — laid out by `tui::help`, generated, never
/// hand-written — over the whole body, in columns.
fn help(frame: &mut Frame, body: Rect, model: &Model, scroll: usize, theme: &Theme) {
    clear(frame, body);
    let block = boxed(crate::tui::help::title(model), theme);
    let inner = block.inner(body);
    frame.render_widget(block, body);
    let rows = crate::tui::help::page(model, usize::from(inner.width));
    let height = usize::from(inner.height);
    let scroll = scroll.min(rows.len().saturating_sub(height));
    let lines: Vec<Line> = rows
        .iter()
        .skip(scroll)
        .take(height)
        .map(|row| help_row(row, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// One row of the help page: its pieces at their columns.
fn help_row<'a>(row: &[crate::tui::help::Placed], theme: &Theme) -> Line<'a> {
    use crate::tui::help::Piece;
    let mut spans = Vec::new();
    let mut at = 0;
    for placed in row {
        if placed.x > at {
            spans.push(Span::raw(" ".repeat(placed.x - at)));
        }
        let key_cols = placed.key_cols;
        let parts: Vec<Span> = match &placed.piece {
            Piece::Title(t) => vec![Span::styled(t.clone(), theme.style(Scope::UiTitle))],
            Piece::Keys { keys, text } => vec![
                Span::styled(
                    crate::text::pad(keys, key_cols.max(crate::text::width(keys))),
                    theme.style(Scope::UiHint),
                ),
                Span::styled(format!("  {text}"), theme.style(Scope::UiText)),
            ],
            Piece::More(t) => vec![Span::styled(
                format!("{}  {t}", " ".repeat(key_cols)),
                theme.style(Scope::UiText),
            )],
            Piece::Text(t) => vec![Span::styled(t.clone(), theme.style(Scope::UiText))],
        };
        let line = clip(Line::from(parts), placed.cols);
        at = placed.x + line.width();
        spans.extend(line.spans);
    }
    Line::from(spans)
}

fn picker(frame: &mut Frame, body: Rect, p: &Picker, theme: &Theme) {
    let widest = p
        .items
        .iter()
        .map(|(label, _)| width(label))
        .max()
        .unwrap_or(0)
        .max(width(&p.title))
        + 4;
    let area = centered(body, widest as u16, p.items.len() as u16 + 2);
    clear(frame, area);
    let block = boxed(format!(" {} ", p.title), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let cols = usize::from(inner.width);
    let lines: Vec<Line> = p
        .items
        .iter()
        .enumerate()
        .map(|(i, (label, _))| {
            let style =
                super::selection(i == p.cursor, true, theme).unwrap_or(theme.style(Scope::UiText));
            // Padded, so the selected row is marked across the whole box.
            let label = crate::text::pad(label, cols.saturating_sub(2));
            clip(Line::styled(format!(" {label} "), style), cols)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn which_key(frame: &mut Frame, body: Rect, model: &Model, theme: &Theme) {
    let lines: Vec<Line> = model
        .which_key
        .iter()
        .map(|(key, desc)| {
            Line::from(vec![
                Span::styled(format!(" {key} "), theme.style(Scope::UiHint)),
                Span::styled(format!("{desc} "), theme.style(Scope::UiText)),
            ])
        })
        .collect();
    let w = lines.iter().map(|l| l.width()).max().unwrap_or(0) as u16 + 2;
    let h = lines.len() as u16 + 2;
    let w = w.min(body.width);
    let h = h.min(body.height);
    let area = Rect::new(body.x + body.width - w, body.y + body.height - h, w, h);
    clear(frame, area);
    let prefix: Vec<String> = model.pending.iter().map(ToString::to_string).collect();
    let block = boxed(format!(" {} … ", prefix.join(" ")), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines), inner);
}
