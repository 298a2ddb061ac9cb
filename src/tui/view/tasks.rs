//! The Tasks pane: open tasks, overdue first, for everyone or for the
//! selected customer.

use super::{clip, focused, pane};
use crate::config::theme::{Scope, Theme};
use crate::dates;
use crate::review::TaskRow;
use crate::text::pad;
use crate::tui::model::{Model, Pane, Scope as TaskScope};
use chrono::NaiveDateTime;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, area: Rect, model: &Model, theme: &Theme) {
    let whose = match model.scope {
        TaskScope::Everyone => "everyone".to_string(),
        TaskScope::Customer => model
            .detail
            .as_ref()
            .map_or("this customer".into(), |d| d.customer.name.clone()),
    };
    let block = pane(
        format!(" Tasks · {whose} ({}) ", model.tasks.len()),
        focused(model, Pane::Tasks),
        theme,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let now = model.now.naive_local();
    let cols = usize::from(inner.width);
    let mut lines = Vec::new();
    if model.tasks.is_empty() {
        lines.push(Line::styled(
            "nothing due — t adds a task",
            theme.style(Scope::Muted),
        ));
    }
    let start = model.task_cursor.offset;
    for (i, row) in model
        .tasks
        .iter()
        .enumerate()
        .skip(start)
        .take(usize::from(inner.height))
    {
        // Always shown: x and s act on it from any pane.
        let selected = model.overlay.is_none() && i == model.task_cursor.index;
        lines.push(clip(
            task_line(
                row,
                now,
                selected,
                model.scope == TaskScope::Everyone,
                theme,
            ),
            cols,
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// One task: due (styled by urgency), title, customer.
pub fn task_line<'a>(
    row: &TaskRow,
    now: NaiveDateTime,
    selected: bool,
    with_customer: bool,
    theme: &Theme,
) -> Line<'a> {
    let task = &row.task;
    let urgency = match task.due {
        Some(due) if due.is_overdue(now) => Scope::TaskOverdue,
        Some(due) if due.date() == now.date() => Scope::TaskToday,
        _ => Scope::TaskUpcoming,
    };
    let base = if selected {
        theme.style(Scope::UiSelection)
    } else {
        theme.style(Scope::UiText)
    };
    let due = task
        .due
        .map_or("-".to_string(), |d| dates::humanize(d, now));
    let mut spans = vec![
        Span::styled(
            pad(&due, 14),
            if selected { base } else { theme.style(urgency) },
        ),
        Span::styled(" ", base),
    ];
    if task.priority == crate::domain::Priority::High {
        spans.push(Span::styled(
            "! ",
            if selected {
                base
            } else {
                theme.style(Scope::TaskOverdue)
            },
        ));
    }
    spans.push(Span::styled(task.title.clone(), base));
    if with_customer && let Some(name) = &row.customer_name {
        spans.push(Span::styled(
            format!(" · {name}"),
            if selected {
                base
            } else {
                theme.style(Scope::Muted)
            },
        ));
    }
    spans.push(Span::styled(
        format!(" {}", task.id),
        if selected {
            base
        } else {
            theme.style(Scope::Muted)
        },
    ));
    Line::from(spans)
}
