//! The Today view: the morning review, full screen — overdue, today, the
//! next 7 days, open cases and customers gone quiet (what `rolo today`
//! lists), with a progress count — or the same items as one ranked queue
//! (`crate::queue`). "Why is this first?" opens over the selected row in
//! either mode.

use super::tasks::{case_line, task_line};
use super::{clip, pane, selection};
use crate::config::keymap::Mode;
use crate::config::theme::{Scope, Theme};
use crate::queue::{Item, Ranked};
use crate::review::{QuietRow, Review};
use crate::text::{pad, pad_left, width};
use crate::tui::model::Model;
use crate::tui::update::today::{Item as Row, Part};
use chrono::NaiveDateTime;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
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
    let block = pane(title(model, review), model.overlay.is_none(), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let cols = usize::from(inner.width);
    // The counts stay on the first line; the rows scroll under them.
    let [head, inner] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    frame.render_widget(
        Paragraph::new(clip(
            Line::styled(counts(review), theme.style(Scope::UiTitle)),
            cols,
        )),
        head,
    );
    let height = usize::from(inner.height);
    let now = model.now.naive_local();
    if review.is_empty() {
        frame.render_widget(
            Paragraph::new(
                "Nothing due and nobody waiting: no task this week, no open case, nobody gone quiet.",
            )
            .style(theme.style(Scope::Muted)),
            inner,
        );
        return;
    }
    // All lines first (what `rolo today` prints, section by section), then
    // scroll so the cursor's row is on screen.
    let mut lines: Vec<Line> = Vec::new();
    // The line of each row, by row index.
    let mut row_lines: Vec<usize> = Vec::new();
    for part in Part::ALL {
        let total = part.total(review);
        if total == 0 {
            continue;
        }
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(
            format!("{} ({total})", part.heading()),
            theme.style(heading_scope(part)),
        ));
        let items = part.items(review);
        for item in &items {
            let index = row_lines.len();
            row_lines.push(lines.len());
            let selected = selection(index == model.today.index, model.overlay.is_none(), theme);
            lines.push(match item {
                Row::Task(_, row) => task_line(row, now, selected, true, theme, cols),
                Row::Case(row) => case_line(row, model.now, selected, true, theme, cols),
                Row::Quiet(row) => clip(quiet_line(row, selected, theme), cols),
            });
        }
        if total as usize > items.len() {
            lines.push(Line::styled(
                format!(
                    "  … and {} more (rolo today --limit 0 lists them all)",
                    total as usize - items.len()
                ),
                theme.style(Scope::Muted),
            ));
        }
    }
    let scroll = scroll(&row_lines, model, height);
    let visible: Vec<Line> = lines.into_iter().skip(scroll).take(height).collect();
    frame.render_widget(Paragraph::new(visible), inner);
    if model.why
        && let Some(row) = crate::tui::update::today::ranked_for_selection(model)
    {
        why(frame, inner, row, theme);
    }
}

/// ` Today · Sun 2026-11-22 · 2 of 5 done `: the day and the progress.
fn title(model: &Model, review: &Review) -> String {
    let due = review.overdue.total + review.today.total;
    format!(
        " Today · {} · {} of {} done ",
        model.now.format("%a %Y-%m-%d"),
        model.done_today,
        model.done_today + due,
    )
}

/// `1 overdue · 2 today · 4 next 7 days · 0 open cases · 2 quiet`: every
/// section's count, on a line that stays while the rows scroll under it.
pub fn counts(review: &Review) -> String {
    Part::ALL
        .iter()
        .map(|&part| {
            let what = match part {
                Part::Overdue => "overdue",
                Part::Today => "today",
                Part::Upcoming => "next 7 days",
                Part::Cases => "open cases",
                Part::Quiet => "quiet",
            };
            format!("{} {what}", part.total(review))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

fn heading_scope(part: Part) -> Scope {
    match part {
        Part::Overdue => Scope::TaskOverdue,
        Part::Today => Scope::TaskToday,
        Part::Upcoming => Scope::TaskUpcoming,
        Part::Cases | Part::Quiet => Scope::UiTitle,
    }
}

/// The first line to show: the cursor's `offset` (kept by
/// `update::today::clamp`), moved only if the cursor's row would be off
/// screen (a resize not yet seen by `update`).
fn scroll(row_lines: &[usize], model: &Model, height: usize) -> usize {
    let Some(&line) = row_lines.get(model.today.index) else {
        return 0;
    };
    row_scroll(line, model.today.offset, height)
}

/// The first line to show so that `line` is on screen, starting from `offset`.
fn row_scroll(line: usize, offset: usize, height: usize) -> usize {
    let offset = offset.min(line);
    if line >= offset + height.max(1) {
        line + 1 - height.max(1)
    } else {
        offset
    }
}

/// `45d silent     ☾ 李娜 Lina 星辰贸易 · every 30d #4`: a customer gone quiet.
fn quiet_line<'a>(row: &QuietRow, selected: Option<Style>, theme: &Theme) -> Line<'a> {
    let base = selected.unwrap_or(theme.style(Scope::UiText));
    let or_base = |scope| selected.unwrap_or(theme.style(scope));
    let since = row
        .days_since_contact
        .map_or("no contact yet".to_string(), |d| format!("{d}d silent"));
    let who = [row.name.as_str(), row.company.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let mut spans = vec![
        Span::styled(pad(&since, 14), or_base(Scope::Muted)),
        Span::styled(" ", base),
        Span::styled("☾ ", or_base(Scope::UiTitle)),
        Span::styled(who, base),
    ];
    if let Some(days) = row.cadence {
        spans.push(Span::styled(
            format!(" · every {days}d"),
            or_base(Scope::Muted),
        ));
    }
    spans.push(Span::styled(format!(" {}", row.id), or_base(Scope::Muted)));
    Line::from(spans)
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
    // Scroll by the cursor's `offset` (kept by `update::today::clamp`), as
    // the sections do, so moving up does not drag the list along.
    let scroll = row_scroll(index, model.today.offset, height);
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
