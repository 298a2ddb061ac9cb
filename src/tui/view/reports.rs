//! The Reports view: a tab per report, the period, the headline, then the
//! report's charts (`charts.rs`) or its table (`t`), and its notes. The
//! figures are `report::build`'s, the same as `rolo report`'s.

use super::{clip, pane};
use crate::config::theme::{Scope, Theme};
use crate::report::{Output, ReportName, Table};
use crate::text::{pad, pad_left, sanitize, width};
use crate::tui::model::Model;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn render(frame: &mut Frame, area: Rect, model: &Model, theme: &Theme) {
    let reports = &model.reports;
    let today = model.now.date_naive();
    let block = pane(" Reports ", model.overlay.is_none(), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let cols = usize::from(inner.width);
    let period = reports.period(today);
    let when = match reports.back {
        0 => format!("{} (current)", period.label()),
        1 => format!("{} (1 period back)", period.label()),
        n => format!("{} ({n} periods back)", period.label()),
    };
    let mode = if reports.table { "table" } else { "charts" };
    let mut top = vec![
        clip(tabs(reports.tab, cols, theme), cols),
        clip(
            Line::from(vec![
                Span::styled(when, theme.style(Scope::TimelineDate)),
                Span::styled(format!("  · {mode}"), theme.style(Scope::Muted)),
            ]),
            cols,
        ),
    ];
    let output = match reports.current(today) {
        None => {
            top.push(Line::styled("Loading…", theme.style(Scope::Muted)));
            frame.render_widget(Paragraph::new(top), inner);
            return;
        }
        Some(Err(message)) => {
            top.push(Line::styled(
                format!("Could not read the report: {message}"),
                theme.style(Scope::UiToastError),
            ));
            frame.render_widget(Paragraph::new(top).wrap(Wrap { trim: false }), inner);
            return;
        }
        Some(Ok(output)) => output,
    };
    top.push(clip(
        Line::styled(
            sanitize(&output.title).into_owned(),
            theme.style(Scope::UiTitle),
        ),
        cols,
    ));
    let headline: Vec<Line> = output
        .headline
        .iter()
        .map(|h| Line::styled(sanitize(h).into_owned(), theme.style(Scope::UiText)))
        .collect();
    let notes: Vec<Line> = output
        .notes
        .iter()
        .map(|n| Line::styled(sanitize(n).into_owned(), theme.style(Scope::Muted)))
        .collect();
    let [top_area, headline_area, body, notes_area] = areas(inner, output);
    frame.render_widget(Paragraph::new(top), top_area);
    frame.render_widget(
        Paragraph::new(headline).wrap(Wrap { trim: false }),
        headline_area,
    );
    frame.render_widget(Paragraph::new(notes).wrap(Wrap { trim: false }), notes_area);
    if reports.table || output.charts.is_empty() {
        table(frame, body, &output.table, reports.scroll, theme);
    } else {
        super::charts::render(frame, body, &output.charts, reports.scroll, theme);
    }
}

/// Where the parts of a loaded report go inside the pane: the tabs, the
/// period and the title; the headline; the charts or the table; the
/// notes. The charts come first: the headline gets at most a third of
/// what is left under the title, the notes a sixth; both are cut, not
/// squeezed.
fn areas(inner: Rect, output: &Output) -> [Rect; 4] {
    let cols = usize::from(inner.width);
    let left = usize::from(inner.height).saturating_sub(TOP_ROWS);
    let headline_rows = wrapped_rows(&output.headline, cols).min((left / 3).max(1));
    let notes_rows = wrapped_rows(&output.notes, cols).min(left / 6);
    Layout::vertical([
        Constraint::Length(to_u16(TOP_ROWS)),
        Constraint::Length(to_u16(headline_rows)),
        Constraint::Min(0),
        Constraint::Length(to_u16(notes_rows)),
    ])
    .areas(inner)
}

/// The tabs, the period and the report's title.
const TOP_ROWS: usize = 3;

/// How far j can scroll the report on screen at the model's size: until
/// the table's last row, or the longest chart's, is at the bottom — not
/// further, so k moves the rows back at once.
pub fn scroll_max(model: &Model) -> usize {
    let Some(Ok(output)) = model.reports.current(model.now.date_naive()) else {
        return 0;
    };
    // The pane's inside: the body above the status line, less its border.
    let inner = super::body_area(Rect::new(0, 0, model.width, model.height))
        .inner(ratatui::layout::Margin::new(1, 1));
    let [_, _, body, _] = areas(inner, output);
    let rows = usize::from(body.height);
    if model.reports.table || output.charts.is_empty() {
        // A row of headers above the rows.
        return output
            .table
            .rows
            .len()
            .saturating_sub(rows.saturating_sub(1).max(1));
    }
    super::charts::scroll_max(&output.charts, rows)
}

/// `1 funnel │ 2 activity …`, the report on screen highlighted; when
/// they do not all fit, just that one between arrows, so it never drops
/// off the edge.
fn tabs(selected: usize, cols: usize, theme: &Theme) -> Line<'static> {
    let all = ReportName::ALL;
    let full: usize = all
        .iter()
        .enumerate()
        .map(|(i, n)| width(&format!("{} {}", i + 1, n.as_str())))
        .sum::<usize>()
        + 3 * (all.len() - 1);
    if full > cols {
        let name = all[selected.min(all.len() - 1)];
        return Line::from(vec![
            Span::styled("‹ ", theme.style(Scope::UiHint)),
            Span::styled(
                format!("{} {}", selected + 1, name.as_str()),
                theme.style(Scope::UiSelection),
            ),
            Span::styled(format!(" › of {}", all.len()), theme.style(Scope::UiHint)),
        ]);
    }
    let mut spans = Vec::new();
    for (i, name) in ReportName::ALL.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" │ ", theme.style(Scope::UiBorder)));
        }
        let style = if i == selected {
            theme.style(Scope::UiSelection)
        } else {
            theme.style(Scope::UiText)
        };
        spans.push(Span::styled(format!("{} {}", i + 1, name.as_str()), style));
    }
    Line::from(spans)
}

/// Rows `texts` take wrapped at `cols` (word wrapping can take a little
/// more; the paragraph clips what does not fit).
fn wrapped_rows(texts: &[String], cols: usize) -> usize {
    let cols = cols.max(1);
    texts.iter().map(|t| width(t).div_ceil(cols).max(1)).sum()
}

fn to_u16(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// The report's table: columns as wide as their widest cell (display
/// width), numbers right-aligned, from row `scroll` on.
fn table(frame: &mut Frame, area: Rect, table: &Table, scroll: usize, theme: &Theme) {
    let cols = usize::from(area.width);
    let widths = column_widths(table);
    let mut lines = vec![clip(
        Line::styled(
            row_text(&table.headers, &widths, &table.numeric),
            theme.style(Scope::UiTitle),
        ),
        cols,
    )];
    let rows = usize::from(area.height).saturating_sub(1);
    let scroll = scroll.min(table.rows.len().saturating_sub(rows.max(1)));
    for row in table.rows.iter().skip(scroll).take(rows) {
        lines.push(clip(
            Line::styled(
                row_text(row, &widths, &table.numeric),
                theme.style(Scope::UiText),
            ),
            cols,
        ));
    }
    if table.rows.is_empty() {
        lines.push(Line::styled(
            "Nothing in this period.",
            theme.style(Scope::Muted),
        ));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// Each column's display width: its header or its widest cell.
pub fn column_widths(table: &Table) -> Vec<usize> {
    let mut widths: Vec<usize> = table.headers.iter().map(|h| width(&sanitize(h))).collect();
    for row in &table.rows {
        for (i, cell) in row.iter().enumerate() {
            let w = width(&sanitize(cell));
            match widths.get_mut(i) {
                Some(known) => *known = (*known).max(w),
                None => widths.push(w),
            }
        }
    }
    widths
}

/// One table line: cells padded to their column, two spaces apart.
pub fn row_text(cells: &[String], widths: &[usize], numeric: &[bool]) -> String {
    cells
        .iter()
        .zip(widths)
        .enumerate()
        .map(|(i, (cell, &w))| {
            let cell = sanitize(cell);
            if numeric.get(i).copied().unwrap_or(false) {
                pad_left(&cell, w)
            } else {
                pad(&cell, w)
            }
        })
        .collect::<Vec<_>>()
        .join("  ")
        .trim_end()
        .to_string()
}
