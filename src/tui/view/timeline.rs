//! The Timeline pane: the selected customer's card above their
//! interactions, newest first.

use super::{clip, focused, pane};
use crate::config::theme::{Scope, Theme};
use crate::domain::Customer;
use crate::tui::model::{Model, Pane};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, area: Rect, model: &Model, theme: &Theme) -> Vec<super::Link> {
    let Some(detail) = &model.detail else {
        let block = pane(" Timeline ", focused(model, Pane::Timeline), theme);
        frame.render_widget(Paragraph::new("").block(block), area);
        return Vec::new();
    };
    let c = &detail.customer;
    let block = pane(
        format!(" Timeline · {} {} ", c.name, c.id),
        focused(model, Pane::Timeline),
        theme,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let cols = usize::from(inner.width);
    let mut lines = card(c, model, theme, cols);
    let contact_line = (!c.phones.is_empty() || !c.emails.is_empty()).then_some(1u16);
    lines.push(Line::styled("─".repeat(cols), theme.style(Scope::UiBorder)));
    let room = usize::from(inner.height).saturating_sub(lines.len());
    if detail.timeline.is_empty() {
        lines.push(Line::styled(
            "nothing logged yet — c logs a call",
            theme.style(Scope::Muted),
        ));
    }
    let start = model.timeline.offset.min(detail.timeline.len());
    for (i, entry) in detail.timeline.iter().enumerate().skip(start).take(room) {
        let selected = focused(model, Pane::Timeline) && i == model.timeline.index;
        let base = if selected {
            theme.style(Scope::UiSelection)
        } else {
            theme.style(Scope::UiText)
        };
        let mut spans = vec![
            Span::styled(
                entry.at.format("%m-%d %H:%M ").to_string(),
                if selected {
                    base
                } else {
                    theme.style(Scope::TimelineDate)
                },
            ),
            Span::styled(
                format!("{:<8}", entry.kind.as_str()),
                if selected {
                    base
                } else {
                    theme.style(Scope::TimelineKind)
                },
            ),
        ];
        let mut text = entry.summary.clone();
        if let Some(outcome) = entry.outcome {
            text = format!("[{outcome}] {text}");
        }
        spans.push(Span::styled(text, base));
        if !entry.feedback.is_empty() {
            spans.push(Span::styled(
                format!(" “{}”", entry.feedback),
                if selected {
                    base
                } else {
                    theme.style(Scope::TimelineFeedback)
                },
            ));
        }
        if let Some(task) = entry.task {
            let title = detail
                .tasks
                .iter()
                .find(|t| t.id == task)
                .map(|t| t.title.as_str())
                .unwrap_or("");
            spans.push(Span::styled(
                format!(" → {title} {task}"),
                if selected {
                    base
                } else {
                    theme.style(Scope::Muted)
                },
            ));
        }
        lines.push(clip(Line::from(spans), cols));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    match contact_line {
        Some(line) if inner.height > line => contact_links(inner, inner.y + line, c),
        _ => Vec::new(),
    }
}

/// Where the card's phones and emails are; the offsets mirror how `card`
/// lays the contact line out. Only what fits entirely is linked.
fn contact_links(area: Rect, y: u16, c: &Customer) -> Vec<super::Link> {
    let mut x = area.x;
    let mut links = Vec::new();
    let mut push = |x: u16, text: &str, url: String| {
        if text.is_ascii() && x + crate::text::width(text) as u16 <= area.right() {
            links.push(super::Link {
                x,
                y,
                text: text.to_string(),
                url,
            });
        }
    };
    if !c.phones.is_empty() {
        x += crate::text::width("☎ ") as u16;
        for phone in &c.phones {
            let digits: String = phone
                .chars()
                .filter(|ch| ch.is_ascii_digit() || *ch == '+')
                .collect();
            push(x, phone, format!("tel:{digits}"));
            x += crate::text::width(phone) as u16 + 2;
        }
    }
    if !c.emails.is_empty() {
        x += crate::text::width("✉ ") as u16;
        for email in &c.emails {
            push(x, email, format!("mailto:{email}"));
            x += crate::text::width(email) as u16 + 2;
        }
    }
    links
}

fn card<'a>(c: &Customer, model: &Model, theme: &Theme, cols: usize) -> Vec<Line<'a>> {
    let label = theme.style(Scope::CardLabel);
    let value = theme.style(Scope::CardValue);
    let mut head = vec![Span::styled(c.name.clone(), theme.style(Scope::UiTitle))];
    for part in [&c.company, &c.title] {
        if !part.is_empty() {
            head.push(Span::styled(format!(" · {part}"), value));
        }
    }
    let (stage, scope) = super::customers::stage_badge(c.stage);
    head.push(Span::styled(format!("  {stage}"), theme.style(scope)));
    for tag in &c.tags {
        head.push(Span::styled(format!(" #{tag}"), theme.style(Scope::Tag)));
    }
    let mut lines = vec![clip(Line::from(head), cols)];
    let mut contact = Vec::new();
    if !c.phones.is_empty() {
        contact.push(Span::styled("☎ ", label));
        contact.push(Span::styled(c.phones.join(", "), theme.style(Scope::Link)));
        contact.push(Span::raw("  "));
    }
    if !c.emails.is_empty() {
        contact.push(Span::styled("✉ ", label));
        contact.push(Span::styled(c.emails.join(", "), theme.style(Scope::Link)));
    }
    if !contact.is_empty() {
        lines.push(clip(Line::from(contact), cols));
    }
    let last = match (c.last_contact_at, c.days_since_contact(model.now)) {
        (Some(at), Some(days)) => format!("{} ({days}d ago)", at.format("%Y-%m-%d")),
        _ => "never".to_string(),
    };
    let mut facts = vec![
        Span::styled("last contact ", label),
        Span::styled(last, value),
    ];
    if let Some(days) = c.cadence {
        let overdue = c.quiet_from().is_some_and(|q| q < model.now);
        facts.push(Span::styled("  cadence ", label));
        facts.push(Span::styled(
            format!(
                "every {days}d{}",
                if overdue { " — due for contact" } else { "" }
            ),
            if overdue {
                theme.style(Scope::TaskOverdue)
            } else {
                value
            },
        ));
    }
    if !c.owner.is_empty() {
        facts.push(Span::styled("  owner ", label));
        facts.push(Span::styled(c.owner.clone(), value));
    }
    lines.push(clip(Line::from(facts), cols));
    lines
}
