//! The Today view: the morning review, full screen — overdue, today, the
//! next 7 days and customers gone quiet, with a progress count — or the
//! same work as one ranked queue (`crate::queue`), with "why is this
//! first?" over the selected row.

use super::{clip, pane, selection, tasks::task_line};
use crate::config::keymap::Mode;
use crate::config::theme::{Scope, Theme};
use crate::queue::{Item, Ranked};
use crate::text::{pad_left, width};
use crate::tui::model::Model;
use chrono::NaiveDateTime;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

pub fn render(frame: &mut Frame, area: Rect, model: &Model, theme: &Theme) {
    if model.today_ranked {
        ranked(frame, area, model, theme);
        return;
    }
    let Some(review) = &model.review else {
        frame.render_widget(
            Paragraph::new("Loading…").block(pane(" Today ", true, theme)),
            area,
        );
        return;
    };
    let due = review.overdue.total + review.today.total;
    let title = format!(
        " Today · {} · {} of {} done · {} ",
        model.now.format("%a %Y-%m-%d"),
        model.done_today,
        model.done_today + due,
        review.brief()
    );
    let block = pane(title, model.overlay.is_none(), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let cols = usize::from(inner.width);
    let now = model.now.naive_local();
    // All lines first, then scroll so the cursor row is visible.
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor_line = 0;
    let mut index = 0;
    for (heading, section, scope) in [
        ("Overdue", &review.overdue, Scope::TaskOverdue),
        ("Today", &review.today, Scope::TaskToday),
        ("Next 7 days", &review.upcoming, Scope::TaskUpcoming),
    ] {
        lines.push(Line::styled(
            format!("{heading} ({})", section.total),
            theme.style(scope),
        ));
        for row in &section.rows {
            let at_cursor = index == model.today.index;
            if at_cursor {
                cursor_line = lines.len();
            }
            let selected = selection(at_cursor, model.overlay.is_none(), theme);
            lines.push(clip(task_line(row, now, selected, true, theme), cols));
            index += 1;
        }
        if section.total as usize > section.rows.len() {
            lines.push(Line::styled(
                format!(
                    "  … and {} more",
                    section.total as usize - section.rows.len()
                ),
                theme.style(Scope::Muted),
            ));
        }
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(
        format!("Gone quiet ({})", review.quiet.total),
        theme.style(Scope::UiTitle),
    ));
    for q in &review.quiet.rows {
        let last = q
            .days_since_contact
            .map_or("never contacted".to_string(), |d| {
                format!("{d}d since contact")
            });
        let cadence = q.cadence.map_or(String::new(), |d| format!(", every {d}d"));
        lines.push(clip(
            Line::styled(
                format!(
                    "  {} · {last}{cadence} {}",
                    [q.name.as_str(), q.company.as_str()]
                        .iter()
                        .filter(|s| !s.is_empty())
                        .copied()
                        .collect::<Vec<_>>()
                        .join(" "),
                    q.id
                ),
                theme.style(Scope::UiText),
            ),
            cols,
        ));
    }
    let height = usize::from(inner.height);
    let scroll = cursor_line.saturating_sub(height.saturating_sub(2));
    let visible: Vec<Line> = lines.into_iter().skip(scroll).take(height).collect();
    frame.render_widget(Paragraph::new(visible), inner);
}

/// The ranked queue: rank, score, what to do, for whom, the main reason.
fn ranked(frame: &mut Frame, area: Rect, model: &Model, theme: &Theme) {
    let Some(queue) = &model.ranked else {
        frame.render_widget(
            Paragraph::new("Loading…").block(pane(" Today · ranked ", true, theme)),
            area,
        );
        return;
    };
    let more = if queue.total > queue.rows.len() {
        format!(" (top {} of {})", queue.rows.len(), queue.total)
    } else {
        String::new()
    };
    // The two keys only this mode has, as bound in the user's keymap.
    let hint = |command: &str, what: &str| {
        model
            .keymap
            .hint(Mode::Today, command)
            .map_or(String::new(), |key| format!(" · {key} {what}"))
    };
    let title = format!(
        " Today · {} · ranked: {} to do{more}{}{} ",
        model.now.format("%a %Y-%m-%d"),
        queue.total,
        hint("why", "why"),
        hint("today ranked", "sections"),
    );
    let block = pane(title, model.overlay.is_none(), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let cols = usize::from(inner.width);
    let height = usize::from(inner.height);
    if queue.rows.is_empty() {
        frame.render_widget(
            Paragraph::new(
                "Nothing to do today: no task due this week, no open case, nobody gone quiet.",
            )
            .style(theme.style(Scope::Muted)),
            inner,
        );
        return;
    }
    let now = model.now.naive_local();
    let index = model.today.index.min(queue.rows.len() - 1);
    let scroll = index.saturating_sub(height.saturating_sub(1));
    let lines: Vec<Line> = queue
        .rows
        .iter()
        .enumerate()
        .skip(scroll)
        .take(height)
        .map(|(i, r)| {
            let selected = selection(i == index, model.overlay.is_none(), theme);
            clip(ranked_line(r, now, selected, theme), cols)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
    if model.why
        && let Some(row) = queue.rows.get(index)
    {
        why(frame, inner, row, theme);
    }
}

/// `  1   95  ⚑ complaint #3: invoice wrong · 王芳 — a complaint`.
fn ranked_line<'a>(
    r: &Ranked,
    now: NaiveDateTime,
    selected: Option<Style>,
    theme: &Theme,
) -> Line<'a> {
    let base = selected.unwrap_or(theme.style(Scope::UiText));
    let or_base = |scope| selected.unwrap_or(theme.style(scope));
    let (mark, scope) = match &r.item {
        Item::Task { task, .. } if task.due.is_some_and(|d| d.is_overdue(now)) => {
            ("•", Scope::TaskOverdue)
        }
        Item::Task { .. } => ("•", Scope::TaskToday),
        Item::Case { case, .. } => ("⚑", super::timeline::case_scope(case)),
        Item::Quiet { .. } => ("☾", Scope::UiTitle),
    };
    let mut spans = vec![
        Span::styled(format!("{:>3} ", r.rank), or_base(Scope::Muted)),
        Span::styled(pad_left(&r.score.to_string(), 4), or_base(scope)),
        Span::styled(format!("  {mark} "), or_base(scope)),
        Span::styled(r.title(), base),
    ];
    if let Some(name) = r.customer_name() {
        spans.push(Span::styled(format!(" · {name}"), or_base(Scope::Muted)));
    }
    if let Item::Task { task, .. } = &r.item {
        spans.push(Span::styled(format!(" {}", task.id), or_base(Scope::Muted)));
    }
    if let Some(first) = r.reasons.first() {
        spans.push(Span::styled(
            format!(" — {}", first.label),
            or_base(Scope::Muted),
        ));
    }
    Line::from(spans)
}

/// "Why is this first?": each reason with its points, then the score.
fn why(frame: &mut Frame, area: Rect, r: &Ranked, theme: &Theme) {
    let mut rows: Vec<(String, String)> = r
        .reasons
        .iter()
        .map(|reason| (format!("{:+}", reason.points), reason.label.clone()))
        .collect();
    rows.push((r.score.to_string(), "score".to_string()));
    let points_w = rows.iter().map(|(p, _)| width(p)).max().unwrap_or(1);
    let heading = format!(" Why #{}: {} ", r.rank, r.title());
    let body_w = rows
        .iter()
        .map(|(_, label)| points_w + 2 + width(label))
        .max()
        .unwrap_or(0);
    let w = (body_w.max(width(&heading)) + 4).min(usize::from(area.width));
    let h = (rows.len() + 2).min(usize::from(area.height));
    let rect = super::overlays::centered(area, w as u16, h as u16);
    frame.render_widget(Clear, rect);
    let block = super::overlays::boxed(heading, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let cols = usize::from(inner.width);
    let last = rows.len() - 1;
    let lines: Vec<Line> = rows
        .into_iter()
        .enumerate()
        .map(|(i, (points, label))| {
            let style = if i == last {
                theme.style(Scope::UiTitle)
            } else {
                theme.style(Scope::UiText)
            };
            clip(
                Line::from(vec![
                    Span::styled(format!(" {} ", pad_left(&points, points_w)), style),
                    Span::styled(label, style),
                ]),
                cols,
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
