//! The Deals view: the open pipeline, a column per stage when the terminal
//! is wide enough (else grouped by stage in one list), and what was won and
//! lost this month. Amounts are in the base currency.

use super::{clip, pane};
use crate::config::theme::{Scope, Theme};
use crate::domain::money::{format_amount, format_short};
use crate::text::{pad, sanitize, truncate, width};
use crate::tui::model::Model;
use crate::tui::msg::{DealBoard, DealCard, DealColumn};
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The narrowest a stage column can be and still show a card.
const COLUMN_MIN: usize = 18;

/// Whether `columns` stage columns fit side by side on a terminal `width`
/// wide (inside the view's border, one column between stages).
pub fn fits(width: u16, columns: usize) -> bool {
    let inner = usize::from(width).saturating_sub(2);
    columns > 0 && inner + 1 >= columns * (COLUMN_MIN + 1)
}

pub fn render(frame: &mut Frame, area: Rect, model: &Model, theme: &Theme) {
    let Some(board) = &model.deals.board else {
        frame.render_widget(
            Paragraph::new("Loading…").block(pane(" Deals ", true, theme)),
            area,
        );
        return;
    };
    let open: usize = board.columns.iter().map(|c| c.deals.len()).sum();
    let total = board
        .columns
        .iter()
        .map(|c| c.total)
        .fold(0, i64::saturating_add);
    let weighted = board
        .columns
        .iter()
        .map(|c| c.weighted)
        .fold(0, i64::saturating_add);
    let title = format!(
        " Deals · {open} open · {} {cur} · weighted {} {cur} ",
        format_amount(total),
        format_amount(weighted),
        cur = board.currency
    );
    let block = pane(title, model.overlay.is_none(), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let cols = usize::from(inner.width);
    frame.render_widget(
        Paragraph::new(clip(month_strip(board, theme), cols)),
        Rect::new(inner.x, inner.y, inner.width, 1),
    );
    let rest = Rect::new(
        inner.x,
        inner.y + 1,
        inner.width,
        inner.height.saturating_sub(1),
    );
    let today = model.now.date_naive();
    let selected = (model.deals.column, model.deals.row);
    let active = model.overlay.is_none();
    if open == 0 {
        let hint = Line::styled(
            "No open deals. Add one from the palette:  deal <customer>: <title> ¥<amount>",
            theme.style(Scope::Muted),
        );
        frame.render_widget(Paragraph::new(clip(hint, cols)), rest);
    } else if fits(area.width, board.columns.len()) {
        kanban(frame, rest, board, selected, active, today, theme);
    } else {
        grouped(frame, rest, board, selected, active, today, theme);
    }
}

/// "This month: won 3 · 1.2M   lost 1 · 80k" (and deals left out).
fn month_strip(board: &DealBoard, theme: &Theme) -> Line<'static> {
    let mut spans = vec![
        Span::styled("This month: ", theme.style(Scope::UiTitle)),
        Span::styled(
            format!(
                "won {} · {}",
                board.won.count,
                format_short(board.won.amount)
            ),
            theme.style(Scope::StageCustomer),
        ),
        Span::styled("   ", theme.style(Scope::UiText)),
        Span::styled(
            format!(
                "lost {} · {}",
                board.lost.count,
                format_short(board.lost.amount)
            ),
            theme.style(Scope::StageChurned),
        ),
    ];
    if board.unconverted > 0 {
        spans.push(Span::styled(
            format!(
                "   {} open deal{} not in the sums: no rate to {}",
                board.unconverted,
                if board.unconverted == 1 { "" } else { "s" },
                board.currency
            ),
            theme.style(Scope::Muted),
        ));
    }
    Line::from(spans)
}

/// "45k", or the deal's own amount and currency when it has no rate.
fn amount(card: &DealCard) -> String {
    match card.amount {
        Some(a) => format_short(a),
        None => format!("{} {}", format_short(card.own_amount), card.currency),
    }
}

/// "12-20" this year, "2027-01-15" another, "—" without one.
fn close(date: Option<NaiveDate>, today: NaiveDate) -> String {
    match date {
        None => "—".into(),
        Some(d) if d.format("%Y").to_string() == today.format("%Y").to_string() => {
            d.format("%m-%d").to_string()
        }
        Some(d) => d.to_string(),
    }
}

/// A close date already past is shown as overdue.
fn close_style(date: Option<NaiveDate>, today: NaiveDate, theme: &Theme) -> Style {
    match date {
        Some(d) if d < today => theme.style(Scope::TaskOverdue),
        _ => theme.style(Scope::TimelineDate),
    }
}

/// The two header lines of a stage: name and chance, then count and sums.
fn header(column: &DealColumn, theme: &Theme) -> [Line<'static>; 2] {
    [
        Line::styled(
            format!("{} {}%", sanitize(&column.stage), column.probability),
            theme.style(Scope::UiTitle),
        ),
        Line::styled(
            format!(
                "{} · {} · w {}",
                column.deals.len(),
                format_short(column.total),
                format_short(column.weighted)
            ),
            theme.style(Scope::Muted),
        ),
    ]
}

/// The first card to draw so that `row` is visible among `fit` cards.
fn first_shown(row: usize, fit: usize) -> usize {
    row.saturating_sub(fit.saturating_sub(1))
}

/// A column per stage, two lines a card: the title, then customer,
/// amount and expected close.
fn kanban(
    frame: &mut Frame,
    area: Rect,
    board: &DealBoard,
    selected: (usize, usize),
    active: bool,
    today: NaiveDate,
    theme: &Theme,
) {
    let n = board.columns.len();
    let total = usize::from(area.width);
    let each = ((total + 1) / n).saturating_sub(1);
    let height = usize::from(area.height);
    for (c, column) in board.columns.iter().enumerate() {
        // Cards under the three header lines; one line kept for "… N more"
        // when they do not all fit.
        let mut fit = height.saturating_sub(3) / 2;
        if column.deals.len() > fit {
            fit = height.saturating_sub(4) / 2;
        }
        let x = area.x + to_u16(c * (each + 1));
        // The last column takes what division left over.
        let w = if c + 1 == n {
            total.saturating_sub(c * (each + 1))
        } else {
            each
        };
        let mut lines: Vec<Line> = header(column, theme)
            .into_iter()
            .map(|l| clip(l, w))
            .collect();
        lines.push(Line::styled("─".repeat(w), theme.style(Scope::UiBorder)));
        let start = if c == selected.0 {
            first_shown(selected.1, fit)
        } else {
            0
        };
        for (r, card) in column.deals.iter().enumerate().skip(start).take(fit) {
            let mark = super::selection((c, r) == selected, active, theme);
            let [first, second] = card_lines(card, w, today, mark, theme);
            lines.push(first);
            lines.push(second);
        }
        if start + fit < column.deals.len() {
            lines.push(Line::styled(
                truncate(&format!("… {} more", column.deals.len() - start - fit), w),
                theme.style(Scope::Muted),
            ));
        }
        let rect = Rect::new(x, area.y, to_u16(w), area.height);
        frame.render_widget(Paragraph::new(lines), rect);
        if c + 1 < n {
            let sep: Vec<Line> = (0..height)
                .map(|_| Line::styled("│", theme.style(Scope::UiBorder)))
                .collect();
            frame.render_widget(
                Paragraph::new(sep),
                Rect::new(x + to_u16(w), area.y, 1, area.height),
            );
        }
    }
}

/// A card in `w` columns: title and amount, then customer and expected
/// close; the amount and date keep their place, the text gives way.
fn card_lines(
    card: &DealCard,
    w: usize,
    today: NaiveDate,
    selected: Option<Style>,
    theme: &Theme,
) -> [Line<'static>; 2] {
    let select = |style: Style| selected.map_or(style, |mark| style.patch(mark));
    let two_ends = |left: String, right: String, left_style: Style, right_style: Style| {
        let right = truncate(&right, w);
        let room = w.saturating_sub(width(&right) + 1);
        let left = pad(&left, room);
        let gap = w.saturating_sub(width(&left) + width(&right));
        clip(
            Line::from(vec![
                Span::styled(left, select(left_style)),
                Span::styled(" ".repeat(gap), select(Style::default())),
                Span::styled(right, select(right_style)),
            ]),
            w,
        )
    };
    [
        two_ends(
            format!("{} {}", card.id, sanitize(&card.title)),
            amount(card),
            theme.style(Scope::UiText),
            theme.style(Scope::CardValue),
        ),
        two_ends(
            sanitize(&card.customer_name).into_owned(),
            close(card.expected_close, today),
            theme.style(Scope::Muted),
            close_style(card.expected_close, today, theme),
        ),
    ]
}

/// Narrow terminals: stages one after another, a line a deal.
fn grouped(
    frame: &mut Frame,
    area: Rect,
    board: &DealBoard,
    selected: (usize, usize),
    active: bool,
    today: NaiveDate,
    theme: &Theme,
) {
    let cols = usize::from(area.width);
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor_line = 0;
    for (c, column) in board.columns.iter().enumerate() {
        let [name, sums] = header(column, theme);
        let mut spans = name.spans;
        spans.push(Span::styled("  ", Style::default()));
        spans.extend(sums.spans);
        lines.push(clip(Line::from(spans), cols));
        for (r, card) in column.deals.iter().enumerate() {
            let mark = super::selection((c, r) == selected, active, theme);
            let is_selected = mark.is_some();
            if is_selected {
                cursor_line = lines.len();
            }
            let style = |scope: Scope| {
                let s = theme.style(scope);
                mark.map_or(s, |mark| s.patch(mark))
            };
            let line = Line::from(vec![
                Span::styled(
                    format!("  {} {}", card.id, sanitize(&card.title)),
                    style(Scope::UiText),
                ),
                Span::styled(" · ", style(Scope::Muted)),
                Span::styled(
                    sanitize(&card.customer_name).into_owned(),
                    style(Scope::CardValue),
                ),
                Span::styled(format!(" · {} · ", amount(card)), style(Scope::UiText)),
                Span::styled(
                    close(card.expected_close, today),
                    if is_selected {
                        style(Scope::TimelineDate)
                    } else {
                        close_style(card.expected_close, today, theme)
                    },
                ),
            ]);
            lines.push(clip(line, cols));
        }
    }
    let height = usize::from(area.height);
    let scroll = cursor_line.saturating_sub(height.saturating_sub(1));
    let visible: Vec<Line> = lines.into_iter().skip(scroll).take(height).collect();
    frame.render_widget(Paragraph::new(visible), area);
}

fn to_u16(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}
