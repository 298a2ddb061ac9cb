//! The Today view: the morning review, full screen — overdue, today, the
//! next 7 days and customers gone quiet, with a progress count.

use super::{clip, pane, tasks::task_line};
use crate::config::theme::{Scope, Theme};
use crate::tui::model::Model;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, area: Rect, model: &Model, theme: &Theme) {
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
            let selected = index == model.today.index && model.overlay.is_none();
            if selected {
                cursor_line = lines.len();
            }
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
