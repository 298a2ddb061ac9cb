//! The Reports view's charts, one above the other, each in its own box:
//! horizontal bars, stacked bars (a part per key, side by side — never
//! drawn over each other) and a sparkline. Every bar is a row of its own,
//! so nothing overlaps at any size: a chart that has more rows than room
//! shows the rows from the view's scroll on (j/k) and says which it shows
//! in its bottom border.

use crate::config::theme::{Scope, Theme};
use crate::report::Chart;
use crate::text::{grouped, pad, pad_left, sanitize, truncate, width};
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Sparkline};

/// The parts of a stacked bar: a glyph each, so they differ without
/// colour too (NO_COLOR), and a colour each.
const PARTS: [(&str, Scope); 6] = [
    ("█", Scope::ChartBar),
    ("▓", Scope::TimelineKind),
    ("▒", Scope::StageLoyal),
    ("░", Scope::TaskOverdue),
    ("▚", Scope::StageProspect),
    ("▞", Scope::Link),
];

/// Rows a sparkline wants (graph and labels, without its box).
const SPARK_ROWS: usize = 5;

pub fn render(frame: &mut Frame, area: Rect, charts: &[Chart], scroll: usize, theme: &Theme) {
    let heights = heights(charts, usize::from(area.height));
    let constraints: Vec<Constraint> = heights
        .iter()
        .map(|&h| Constraint::Length(u16::try_from(h).unwrap_or(u16::MAX)))
        .chain([Constraint::Min(0)])
        .collect();
    let areas = Layout::vertical(constraints).split(area);
    for ((chart, &area), &h) in charts.iter().zip(areas.iter()).zip(&heights) {
        if h == 0 {
            continue;
        }
        match chart {
            Chart::Bars { title, bars, unit } => {
                bars_chart(frame, area, title, bars, unit, scroll, theme)
            }
            Chart::Stacked { title, keys, rows } => {
                stacked(frame, area, title, keys, rows, scroll, theme)
            }
            Chart::Spark {
                title,
                points,
                from_label,
                to_label,
            } => spark(frame, area, title, points, from_label, to_label, theme),
        }
    }
}

/// Each chart's height in `total` rows, boxes included: all they want
/// when it fits; else each its least (one row) and the rest shared out a
/// row at a time in order; a chart that cannot get its least is left out
/// (0), never squeezed over another.
pub fn heights(charts: &[Chart], total: usize) -> Vec<usize> {
    let want: Vec<usize> = charts.iter().map(wanted).collect();
    if want.iter().sum::<usize>() <= total {
        return want;
    }
    let least: Vec<usize> = charts
        .iter()
        .map(|c| match c {
            Chart::Spark { .. } => 4,
            _ => 3,
        })
        .collect();
    let mut out = vec![0; charts.len()];
    let mut left = total;
    for (i, &l) in least.iter().enumerate() {
        if l <= left {
            out[i] = l;
            left -= l;
        }
    }
    while left > 0 {
        let mut grew = false;
        for i in 0..charts.len() {
            if left > 0 && out[i] > 0 && out[i] < want[i] {
                out[i] += 1;
                left -= 1;
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    out
}

/// How far the charts in `total` rows scroll: until the last row of the
/// chart with the most rows off screen is at its bottom.
pub fn scroll_max(charts: &[Chart], total: usize) -> usize {
    charts
        .iter()
        .zip(heights(charts, total))
        .filter(|(chart, h)| *h > 0 && !matches!(chart, Chart::Spark { .. }))
        .map(|(chart, h)| chart.rows().saturating_sub(h.saturating_sub(2)))
        .max()
        .unwrap_or(0)
}

/// What a chart would take to show everything: its rows and its box.
fn wanted(chart: &Chart) -> usize {
    match chart {
        Chart::Spark { .. } => SPARK_ROWS + 2,
        other => other.rows().max(1) + 2,
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

/// The rows on screen, from `scroll` (kept so the last row can be at the
/// bottom), and the border note when some are off screen: `1–12 of 20 · j/k`.
fn window(len: usize, height: usize, scroll: usize) -> (usize, Option<String>) {
    if len <= height {
        return (0, None);
    }
    let start = scroll.min(len - height);
    let note = format!(" {}–{} of {len} · j/k ", start + 1, start + height);
    (start, Some(note))
}

/// The label column: at most a third of the row, as wide as the widest label.
fn label_cols(labels: impl Iterator<Item = usize>, cols: usize) -> usize {
    labels.max().unwrap_or(0).min(cols / 3)
}

/// Horizontal bars, one a row: the label (cut to its display width, so
/// long Chinese names never spill) and the value, then the bar.
fn bars_chart(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    bars: &[(String, u64)],
    unit: &str,
    scroll: usize,
    theme: &Theme,
) {
    let rows: Vec<(String, Vec<u64>, String)> = bars
        .iter()
        .map(|(label, v)| {
            let figure = if unit.is_empty() {
                grouped(*v)
            } else {
                format!("{} {}", grouped(*v), unit)
            };
            (label.clone(), vec![*v], figure)
        })
        .collect();
    stacked(frame, area, title, &[], &rows, scroll, theme);
}

/// Bars split into parts, a row each: label, figure, then the parts side
/// by side, as long as their values against the longest row. The legend
/// (when there are several parts) is in the bottom border.
fn stacked(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    keys: &[String],
    rows: &[(String, Vec<u64>, String)],
    scroll: usize,
    theme: &Theme,
) {
    let mut block = chart_block(title, theme);
    let inner = block.inner(area);
    let height = usize::from(inner.height);
    let (start, note) = window(rows.len(), height, scroll);
    if keys.len() > 1 {
        // Whole keys only, as many as fit beside the scroll note (a key
        // cut in two, "▚ mess", reads as another key).
        let room =
            usize::from(area.width).saturating_sub(2 + note.as_deref().map_or(0, |n| width(n) + 1));
        let mut legend = vec![Span::raw(" ")];
        let mut used = 1;
        for (key, (glyph, scope)) in keys.iter().zip(PARTS.iter().cycle()) {
            let item = format!("{glyph} {} ", sanitize(key));
            used += width(&item);
            if used > room {
                break;
            }
            legend.push(Span::styled(item, theme.style(*scope)));
        }
        block = block.title_bottom(Line::from(legend));
    }
    if let Some(note) = note {
        block = block.title_bottom(
            Line::styled(note, theme.style(Scope::Muted)).alignment(Alignment::Right),
        );
    }
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let cols = usize::from(inner.width);
    let labels = label_cols(rows.iter().map(|(l, _, _)| width(&sanitize(l))), cols);
    let figures = rows
        .iter()
        .map(|(_, _, f)| width(&sanitize(f)))
        .max()
        .unwrap_or(0)
        .min(cols.saturating_sub(labels + 2) / 2);
    let bar_cols = cols.saturating_sub(labels + figures + 2);
    let longest = rows
        .iter()
        .map(|(_, parts, _)| parts.iter().sum::<u64>())
        .max()
        .unwrap_or(0);
    let lines: Vec<Line> = rows
        .iter()
        .skip(start)
        .take(height)
        .map(|(label, parts, figure)| {
            let mut spans = vec![
                Span::styled(pad(&sanitize(label), labels), theme.style(Scope::UiText)),
                Span::raw(" "),
                Span::styled(
                    pad_left(&sanitize(figure), figures),
                    theme.style(Scope::UiText),
                ),
                Span::raw(" "),
            ];
            spans.extend(bar(parts, longest, bar_cols, keys.len() > 1, theme));
            super::clip(Line::from(spans), cols)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// One bar `cols` wide at most, its parts' edges rounded from their running
/// sums so the parts always add up to the whole bar.
fn bar<'a>(parts: &[u64], longest: u64, cols: usize, legend: bool, theme: &Theme) -> Vec<Span<'a>> {
    if longest == 0 {
        return Vec::new();
    }
    let edge = |sum: u64| -> usize {
        let scaled = u128::from(sum) * cols as u128 / u128::from(longest);
        usize::try_from(scaled).unwrap_or(cols).min(cols)
    };
    let mut spans = Vec::new();
    let (mut sum, mut from) = (0u64, 0usize);
    for (value, (glyph, scope)) in parts.iter().zip(PARTS.iter().cycle()) {
        sum = sum.saturating_add(*value);
        let to = edge(sum);
        if to > from {
            // One part alone is a plain bar; parts get their own glyphs.
            let glyph = if legend { glyph } else { PARTS[0].0 };
            let style: Style = theme.style(if legend { *scope } else { Scope::ChartBar });
            spans.push(Span::styled(glyph.repeat(to - from), style));
        }
        from = to;
    }
    spans
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
