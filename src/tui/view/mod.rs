//! Drawing: `render(frame, &Model, &Theme)`, read-only. One file per thing
//! the user sees. Every area is clamped to the buffer, so any size renders.

pub mod charts;
mod customers;
mod deals;
mod find;
mod form;
mod import;
mod messages;
mod overlays;
pub mod reports;
mod show;
mod status;
mod tasks;
mod timeline;
mod today;

use super::model::{Model, Pane, Screen};
use crate::config::theme::{Scope, Theme};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Wrap};

/// Below this the panes cannot show anything useful.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

/// Draw the model.
pub fn render(frame: &mut Frame, model: &Model, theme: &Theme) {
    render_with_links(frame, model, theme);
}

/// Draw the model; returns the links to lay over the frame (see [`Link`]).
pub fn render_with_links(frame: &mut Frame, model: &Model, theme: &Theme) -> Vec<Link> {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area, theme);
        return Vec::new();
    }
    let mut links = Vec::new();
    // Themes that set a background (high-contrast) paint the whole frame.
    frame.render_widget(Block::default().style(theme.style(Scope::UiText)), area);
    let [body, status_line] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    match model.view {
        Screen::Today => today::render(frame, body, model, theme),
        Screen::Reports => reports::render(frame, body, model, theme),
        Screen::Deals => deals::render(frame, body, model, theme),
        Screen::Main if !model.names_loaded => loading(frame, body, theme),
        Screen::Main if model.rows.is_empty() => welcome(frame, body, model, theme),
        Screen::Main => {
            let [list, top, bottom] = main_areas(body);
            customers::render(frame, list, model, theme);
            links = timeline::render(frame, top, model, theme);
            tasks::render(frame, bottom, model, theme);
        }
    }
    status::render(frame, status_line, model, theme);
    overlays::render(frame, body, model, theme);
    if model.overlay.is_some() || !model.hyperlinks {
        links.clear();
    }
    scrub(frame);
    links
}

pub use deals::fits as deals_fit;
pub use find::rows as find_rows;

/// The screen minus the status line.
pub fn body_area(area: Rect) -> Rect {
    let [body, _] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    body
}

/// Customers (left), Timeline (right, top), Tasks (right, bottom).
pub fn main_areas(body: Rect) -> [Rect; 3] {
    let left = (body.width * 2 / 5).clamp(30, 56).min(body.width);
    let [list, right] =
        Layout::horizontal([Constraint::Length(left), Constraint::Min(1)]).areas(body);
    let [top, bottom] =
        Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(right);
    [list, top, bottom]
}

/// Rows inside the panes at a terminal size, exactly as `render` lays them
/// out, so `update` pages and scrolls by what is really on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaneRows {
    /// Customers pane, before any filter line.
    pub list: usize,
    /// Timeline pane, card included.
    pub timeline: usize,
    pub tasks: usize,
    /// The Today view and the help overlay.
    pub full: usize,
}

pub fn pane_rows(width: u16, height: u16) -> PaneRows {
    let body = body_area(Rect::new(0, 0, width, height));
    let [list, top, bottom] = main_areas(body);
    let inner = |r: Rect| usize::from(r.height.saturating_sub(2));
    PaneRows {
        list: inner(list),
        timeline: inner(top),
        tasks: inner(bottom),
        full: inner(body),
    }
}

/// Lines the Timeline's card takes above the entries (its separator
/// included) in a pane `rows` high: the card drops lines to fit.
pub fn card_height(model: &Model, rows: usize) -> usize {
    model.detail.as_ref().map_or(0, |d| {
        timeline::card_parts(&d.customer, model.current_sales(), rows).len() + 1
    })
}

pub use tasks::{QueueRow, queue_rows};
pub use timeline::{Entry, entries, hours_text};

/// `line` with every span's text shown by the one rule for text from
/// users or files ([`crate::text::sanitize`]): a customer's name in a title
/// carried its right-to-left override to the terminal.
pub fn safe(line: Line<'_>) -> Line<'_> {
    let (style, alignment) = (line.style, line.alignment);
    let spans: Vec<Span> = line
        .spans
        .into_iter()
        .map(|span| match crate::text::sanitize(&span.content) {
            std::borrow::Cow::Borrowed(_) => span,
            std::borrow::Cow::Owned(text) => Span::styled(text, span.style),
        })
        .collect();
    let mut safe = Line::from(spans).style(style);
    safe.alignment = alignment;
    safe
}

/// The last line of defence: no cell of the frame may hold a character
/// that must not reach a terminal raw ([`crate::text::is_unsafe`]). The
/// views show such text escaped; what a widget draws as typed (a form
/// field, a pasted filter) loses the character here instead of writing
/// it: ratatui drops C0 controls but keeps a zero-width right-to-left
/// override, appended to the cell before it.
fn scrub(frame: &mut Frame) {
    for cell in &mut frame.buffer_mut().content {
        if cell.symbol().chars().any(crate::text::is_unsafe) {
            let kept: String = cell
                .symbol()
                .chars()
                .filter(|&c| !crate::text::is_unsafe(c))
                .collect();
            cell.set_symbol(if kept.is_empty() { " " } else { &kept });
        }
    }
}

/// A bordered block titled `title`, highlighted when focused.
pub fn pane<'a>(title: impl Into<Line<'a>>, focused: bool, theme: &Theme) -> Block<'a> {
    let border = if focused {
        theme.style(Scope::UiBorderFocused)
    } else {
        theme.style(Scope::UiBorder)
    };
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(border)
        .title(safe(title.into()).style(theme.style(Scope::UiTitle)))
}

pub fn focused(model: &Model, pane: Pane) -> bool {
    model.overlay.is_none() && model.view == Screen::Main && model.focus == pane
}

fn too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    let text = format!(
        "Terminal too small: {}×{} (rolo needs {MIN_WIDTH}×{MIN_HEIGHT})",
        area.width, area.height
    );
    frame.render_widget(
        Paragraph::new(text)
            .style(theme.style(Scope::UiText))
            .wrap(Wrap { trim: true }),
        area,
    );
}

fn loading(frame: &mut Frame, area: Rect, theme: &Theme) {
    frame.render_widget(
        Paragraph::new("Loading…").style(theme.style(Scope::Muted)),
        area,
    );
}

fn welcome(frame: &mut Frame, area: Rect, model: &Model, theme: &Theme) {
    let hint = |command: &str, fallback: &str| {
        model
            .keymap
            .hint(crate::config::keymap::Mode::Main, command)
            .unwrap_or_else(|| fallback.to_string())
    };
    let key = theme.style(Scope::UiHint);
    let text = theme.style(Scope::UiText);
    let lines = vec![
        Line::styled(
            "Welcome to rolo — your customers are not here yet.",
            theme.style(Scope::UiTitle),
        ),
        Line::raw(""),
        Line::from(vec![
            Span::styled("  Load sample data:   ", text),
            Span::styled(format!("{} then  demo", hint("palette", ":")), key),
        ]),
        Line::from(vec![
            Span::styled("  Add a customer:     ", text),
            Span::styled(
                format!("{} then  add Ann Lee, Acme Corp", hint("palette", ":")),
                key,
            ),
        ]),
        Line::from(vec![
            Span::styled("  Import a file:      ", text),
            Span::styled(
                format!(
                    "{} then  import contacts.csv  (Excel, GBK, vCard)",
                    hint("palette", ":")
                ),
                key,
            ),
        ]),
        Line::from(vec![
            Span::styled("  All keys:           ", text),
            Span::styled(hint("help", "?"), key),
        ]),
    ];
    frame.render_widget(
        Paragraph::new(lines)
            .block(pane(" rolo ", true, theme))
            .wrap(Wrap { trim: false }),
        area,
    );
}

/// Text on screen that should be an OSC 8 hyperlink. ratatui's cells
/// cannot carry one (an escape in a cell symbol counts toward its width), so
/// the loop writes these over the drawn frame: same text, wrapped in a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub x: u16,
    pub y: u16,
    pub text: String,
    pub url: String,
}

/// Text with the characters at `positions` (char indices) in `matched` style.
pub fn highlighted<'a>(
    text: &str,
    positions: &[u32],
    base: Style,
    matched: Style,
) -> Vec<Span<'a>> {
    if positions.is_empty() {
        return vec![Span::styled(crate::text::sanitize(text).into_owned(), base)];
    }
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_matched = false;
    for (i, c) in text.chars().enumerate() {
        let is_match = positions.contains(&(i as u32));
        if is_match != run_matched && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_matched { matched } else { base },
            ));
        }
        run_matched = is_match;
        if crate::text::is_unsafe(c) {
            run.push_str(&crate::text::sanitize(c.encode_utf8(&mut [0; 4])));
        } else {
            run.push(c);
        }
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_matched { matched } else { base }));
    }
    spans
}

/// How a list draws its selected row: `None` for any other row; the full
/// selection style where the list has the keyboard, the inactive (dimmer)
/// one elsewhere. Every list shows its selection, focused or not, so a key
/// never acts on a row the screen does not mark.
pub fn selection(selected: bool, active: bool, theme: &Theme) -> Option<Style> {
    selected.then(|| {
        theme.style(if active {
            Scope::UiSelection
        } else {
            Scope::UiSelectionInactive
        })
    })
}

/// Cut a line to `cols` display columns, keeping the line's own style
/// (a picker row is styled as a whole: dropping it hid the selection).
/// Fit `line` into `cols`: shorten span `flexible` (a title) first, so
/// what follows it — the customer, the `#id` a user types — stays in
/// view; then clip whatever still does not fit.
pub fn fit(mut line: Line<'_>, cols: usize, flexible: usize) -> Line<'_> {
    let total: usize = line
        .spans
        .iter()
        .map(|s| crate::text::width(&s.content))
        .sum();
    if let (Some(over), Some(span)) = (total.checked_sub(cols), line.spans.get_mut(flexible))
        && over > 0
    {
        // At least a few characters of the title stay, with their ellipsis.
        let keep = crate::text::width(&span.content)
            .saturating_sub(over)
            .max(4);
        span.content = crate::text::truncate(&span.content, keep).into();
    }
    clip(line, cols)
}

pub fn clip(line: Line<'_>, cols: usize) -> Line<'_> {
    let mut left = cols;
    let (style, alignment) = (line.style, line.alignment);
    let spans = line
        .spans
        .into_iter()
        .filter_map(|span| {
            if left == 0 {
                return None;
            }
            let text = crate::text::truncate(&span.content, left);
            left = left.saturating_sub(crate::text::width(&text));
            Some(Span::styled(text, span.style))
        })
        .collect::<Vec<_>>();
    let mut clipped = Line::from(spans).style(style);
    clipped.alignment = alignment;
    clipped
}
