//! The Tasks pane: open tasks and service cases, for everyone or for the
//! selected customer — overdue tasks first, then open cases oldest first,
//! then the other tasks.

use super::{fit, focused, pane, selection};
use crate::config::theme::{Scope, Theme};
use crate::dates;
use crate::review::TaskRow;
use crate::text::pad;
use crate::tui::model::{Model, Pane, Scope as TaskScope};
use crate::tui::msg::CaseRow;
use chrono::{DateTime, FixedOffset, NaiveDateTime};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
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
    let rows = queue_rows(model);
    let count = if model.cases.is_empty() {
        format!("{}", model.tasks.len())
    } else {
        format!("{} + {} cases", model.tasks.len(), model.cases.len())
    };
    let block = pane(
        format!(" Tasks · {whose} ({count}) "),
        focused(model, Pane::Tasks),
        theme,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let now = model.now.naive_local();
    let cols = usize::from(inner.width);
    let mut lines = Vec::new();
    if rows.is_empty() {
        lines.push(Line::styled(
            "nothing due — t adds a task",
            theme.style(Scope::Muted),
        ));
    }
    let start = model.task_cursor.offset;
    let everyone = model.scope == TaskScope::Everyone;
    for (i, row) in rows
        .iter()
        .enumerate()
        .skip(start)
        .take(usize::from(inner.height))
    {
        // Always shown, dimmer when another pane or an overlay has the keys:
        // x and s act on it from the customer's panes too.
        let selected = selection(
            i == model.task_cursor.index,
            focused(model, Pane::Tasks),
            theme,
        );
        lines.push(match row {
            QueueRow::Task(task) => task_line(task, now, selected, everyone, theme, cols),
            QueueRow::Case(case) => case_line(case, model.now, selected, everyone, theme, cols),
        });
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A row of the Tasks pane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum QueueRow<'a> {
    Task(&'a TaskRow),
    Case(&'a CaseRow),
}

/// The Tasks pane's rows in order: overdue tasks, then open cases (oldest
/// first), then the other tasks (as loaded: soonest first).
pub fn queue_rows(model: &Model) -> Vec<QueueRow<'_>> {
    let now = model.now.naive_local();
    let overdue = |r: &&TaskRow| r.task.due.is_some_and(|d| d.is_overdue(now));
    let mut cases: Vec<&CaseRow> = model.cases.iter().filter(|c| c.case.is_open()).collect();
    cases.sort_by_key(|c| (c.case.opened_at, c.case.id));
    model
        .tasks
        .iter()
        .filter(overdue)
        .map(QueueRow::Task)
        .chain(cases.into_iter().map(QueueRow::Case))
        .chain(
            model
                .tasks
                .iter()
                .filter(|r| !overdue(r))
                .map(QueueRow::Task),
        )
        .collect()
}

/// One open case: its age, `⚑ complaint` title · status, customer, id.
pub fn case_line<'a>(
    row: &CaseRow,
    now: DateTime<FixedOffset>,
    selected: Option<Style>,
    with_customer: bool,
    theme: &Theme,
    cols: usize,
) -> Line<'a> {
    let case = &row.case;
    let base = selected.unwrap_or(theme.style(Scope::UiText));
    let or_base = |scope| selected.unwrap_or(theme.style(scope));
    let scope = super::timeline::case_scope(case);
    let age = match case.age_days(now) {
        0 => "opened today".to_string(),
        days => format!("open {days}d"),
    };
    let mut spans = vec![
        Span::styled(pad(&age, 14), or_base(scope)),
        Span::styled(" ", base),
        Span::styled(format!("⚑ {} ", case.kind), or_base(scope)),
    ];
    if case.priority == crate::domain::Priority::High {
        spans.push(Span::styled("! ", or_base(Scope::TaskOverdue)));
    }
    let title = spans.len();
    spans.push(Span::styled(
        format!("{} · {}", case.title, case.status),
        base,
    ));
    if with_customer && let Some(name) = &row.customer_name {
        spans.push(Span::styled(format!(" · {name}"), or_base(Scope::Muted)));
    }
    spans.push(Span::styled(format!(" {}", case.id), or_base(Scope::Muted)));
    fit(Line::from(spans), cols, title)
}

/// One task: due (styled by urgency), title, customer.
pub fn task_line<'a>(
    row: &TaskRow,
    now: NaiveDateTime,
    selected: Option<Style>,
    with_customer: bool,
    theme: &Theme,
    cols: usize,
) -> Line<'a> {
    let task = &row.task;
    let or_base = |scope| selected.unwrap_or(theme.style(scope));
    let urgency = match task.due {
        Some(due) if due.is_overdue(now) => Scope::TaskOverdue,
        Some(due) if due.date() == now.date() => Scope::TaskToday,
        _ => Scope::TaskUpcoming,
    };
    let base = or_base(Scope::UiText);
    let due = task
        .due
        .map_or("-".to_string(), |d| dates::humanize(d, now));
    let mut spans = vec![
        Span::styled(pad(&due, 14), or_base(urgency)),
        Span::styled(" ", base),
    ];
    if task.priority == crate::domain::Priority::High {
        spans.push(Span::styled("! ", or_base(Scope::TaskOverdue)));
    }
    let title = spans.len();
    spans.push(Span::styled(task.title.clone(), base));
    if with_customer && let Some(name) = &row.customer_name {
        spans.push(Span::styled(format!(" · {name}"), or_base(Scope::Muted)));
    }
    spans.push(Span::styled(format!(" {}", task.id), or_base(Scope::Muted)));
    fit(Line::from(spans), cols, title)
}
