//! The Reports view: a tab per report, the period, the headline, then the
//! report's charts (bars, a sparkline, lines) or its table (`t`), and its
//! notes. The figures are `report::build`'s, the same as `rolo report`'s.

use super::{clip, pane};
use crate::config::theme::{Scope, Theme};
use crate::report::{Chart, Output, ReportName, Table};
use crate::text::{grouped, pad, pad_left, sanitize, truncate, width};
use crate::tui::model::Model;
use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Axis, Bar, BarChart, BarGroup, Block, Borders, Chart as LineChart, Dataset, GraphType,
    Paragraph, Sparkline, Wrap,
};

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
    // The charts come first: the headline gets at most a third of what is
    // left under the tabs, the notes a sixth; both are cut, not squeezed.
    let left = usize::from(inner.height).saturating_sub(top.len());
    let headline_rows = wrapped_rows(&output.headline, cols).min((left / 3).max(1));
    let notes_rows = wrapped_rows(&output.notes, cols).min(left / 6);
    let [top_area, headline_area, body, notes_area] = Layout::vertical([
        Constraint::Length(top.len() as u16),
        Constraint::Length(to_u16(headline_rows)),
        Constraint::Min(0),
        Constraint::Length(to_u16(notes_rows)),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(top), top_area);
    frame.render_widget(
        Paragraph::new(headline).wrap(Wrap { trim: false }),
        headline_area,
    );
    frame.render_widget(Paragraph::new(notes).wrap(Wrap { trim: false }), notes_area);
    if reports.table || output.charts.is_empty() {
        table(frame, body, &output.table, reports.scroll, theme);
    } else {
        charts(frame, body, output, theme);
    }
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

/// The charts one above the other, each in its own box.
fn charts(frame: &mut Frame, area: Rect, output: &Output, theme: &Theme) {
    let areas = Layout::vertical(vec![Constraint::Fill(1); output.charts.len()]).split(area);
    for (chart, &area) in output.charts.iter().zip(areas.iter()) {
        match chart {
            Chart::Bars { title, bars, unit } => bar_chart(frame, area, title, bars, unit, theme),
            Chart::Spark {
                title,
                points,
                from_label,
                to_label,
            } => spark(frame, area, title, points, from_label, to_label, theme),
            Chart::Lines {
                title,
                x_labels,
                series,
            } => lines(frame, area, title, x_labels, series, theme),
        }
    }
}

fn chart_block<'a>(title: &str, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style(Scope::UiBorder))
        .title(Line::styled(
            format!(" {} ", sanitize(title)),
            theme.style(Scope::UiTitle),
        ))
}

/// Horizontal bars, one a row: the label (cut to its display width, so
/// long Chinese names never spill) and the value, then the bar.
fn bar_chart(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    bars: &[(String, u64)],
    unit: &str,
    theme: &Theme,
) {
    let block = chart_block(title, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let cols = usize::from(inner.width);
    let values: Vec<String> = bars
        .iter()
        .map(|(_, v)| {
            if unit.is_empty() {
                grouped(*v)
            } else {
                format!("{} {}", grouped(*v), sanitize(unit))
            }
        })
        .collect();
    let value_cols = values.iter().map(|v| width(v)).max().unwrap_or(0);
    let widest = bars
        .iter()
        .map(|(l, _)| width(&sanitize(l)))
        .max()
        .unwrap_or(0);
    // The label takes at most a third of the row; the value what it needs.
    let label_cols = widest.min(cols / 3);
    let shown = bars.len().min(usize::from(inner.height));
    let items: Vec<Bar> = bars
        .iter()
        .zip(&values)
        .take(shown)
        .map(|((label, value), text)| {
            let label = format!(
                "{} {}",
                pad(&sanitize(label), label_cols),
                pad_left(text, value_cols)
            );
            Bar::default()
                .value(*value)
                .label(Line::from(truncate(&label, cols.saturating_sub(1))))
                .text_value(String::new())
        })
        .collect();
    let chart = BarChart::default()
        .direction(Direction::Horizontal)
        .data(BarGroup::default().bars(&items))
        .bar_width(1)
        .bar_gap(0)
        .bar_style(theme.style(Scope::ChartBar))
        .label_style(theme.style(Scope::UiText));
    frame.render_widget(chart, inner);
    if bars.len() > shown {
        let more = format!("… {} more (t: table)", bars.len() - shown);
        let y = inner.bottom().saturating_sub(1);
        let x = inner.right().saturating_sub(to_u16(width(&more)));
        frame.render_widget(
            Paragraph::new(Line::styled(more.clone(), theme.style(Scope::Muted))),
            Rect::new(x.max(inner.x), y, inner.width.min(to_u16(width(&more))), 1),
        );
    }
}

/// A sparkline over the period, its first and last labels under the ends.
fn spark(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    points: &[u64],
    from: &str,
    to: &str,
    theme: &Theme,
) {
    let block = chart_block(title, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let [graph, labels] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(inner);
    // The newest points when there are more than columns.
    let skip = points.len().saturating_sub(usize::from(graph.width));
    frame.render_widget(
        Sparkline::default()
            .data(points[skip..].iter().copied())
            .style(theme.style(Scope::ChartBar)),
        graph,
    );
    let cols = usize::from(labels.width);
    let right = truncate(&sanitize(to), cols / 2);
    let left = truncate(&sanitize(from), cols.saturating_sub(width(&right) + 1));
    let gap = cols.saturating_sub(width(&left) + width(&right));
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!("{left}{}{right}", " ".repeat(gap)),
            theme.style(Scope::TimelineDate),
        )),
        labels,
    );
}

/// Series against the same x axis (0, 1, 2… under `x_labels`).
fn lines(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    x_labels: &[String],
    series: &[(String, Vec<(f64, f64)>)],
    theme: &Theme,
) {
    let all = || series.iter().flat_map(|(_, points)| points.iter());
    let finite = |v: f64| v.is_finite().then_some(v);
    let x_max = all()
        .filter_map(|p| finite(p.0))
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let x_min = all()
        .filter_map(|p| finite(p.0))
        .fold(x_max, f64::min)
        .min(0.0);
    let y_max = all()
        .filter_map(|p| finite(p.1))
        .fold(0.0_f64, f64::max)
        .max(1.0);
    // Series apart by marker as well as colour, so NO_COLOR still tells them apart.
    // (marker, what the legend shows for it, colour)
    let looks = [
        (Marker::Braille, "⣿", Scope::ChartBar),
        (Marker::Dot, "•", Scope::TimelineKind),
        (Marker::Block, "█", Scope::StageLoyal),
        (Marker::Bar, "▄", Scope::TaskOverdue),
        (Marker::HalfBlock, "▀", Scope::StageProspect),
        (Marker::Quadrant, "▚", Scope::Link),
    ];
    // The legend is one line in the box's bottom edge: ratatui's own box
    // needs a row per series and hides itself in a chart a few rows high.
    let mut legend = vec![Span::raw(" ")];
    for ((name, _), (_, symbol, scope)) in series.iter().zip(looks.iter().cycle()) {
        legend.push(Span::styled(
            format!("{symbol} {} ", sanitize(name)),
            theme.style(*scope),
        ));
    }
    let datasets: Vec<Dataset> = series
        .iter()
        .zip(looks.iter().cycle())
        .map(|((name, points), (marker, _, scope))| {
            Dataset::default()
                .name(sanitize(name).into_owned())
                .marker(*marker)
                .graph_type(GraphType::Line)
                .style(theme.style(*scope))
                .data(points)
        })
        .collect();
    let label = |s: &str| Span::styled(sanitize(s).into_owned(), theme.style(Scope::Muted));
    // First, middle and last x labels: more would collide.
    let x_ticks: Vec<Span> = match x_labels.len() {
        0 => vec![],
        1 => vec![label(&x_labels[0])],
        2 => vec![label(&x_labels[0]), label(&x_labels[1])],
        n => vec![
            label(&x_labels[0]),
            label(&x_labels[n / 2]),
            label(&x_labels[n - 1]),
        ],
    };
    let chart = LineChart::new(datasets)
        .block(chart_block(title, theme).title_bottom(Line::from(legend)))
        .legend_position(None)
        .x_axis(
            Axis::default()
                .bounds([x_min, x_max])
                .labels(x_ticks)
                .style(theme.style(Scope::UiBorder)),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, y_max])
                .labels(vec![label("0"), label(&grouped(y_max.round() as u64))])
                .style(theme.style(Scope::UiBorder)),
        );
    frame.render_widget(chart, area);
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
