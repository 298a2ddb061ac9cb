//! The messages overlay (`:messages`): the last messages the status line
//! showed, in full and wrapped, newest at the bottom.

use super::overlays::{boxed, clear};
use crate::config::theme::{Scope, Theme};
use crate::tui::model::Model;
use crate::tui::update::messages;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, body: Rect, model: &Model, scroll: usize, theme: &Theme) {
    clear(frame, body);
    let block = boxed(
        format!(
            " Messages — the last {}, newest at the bottom · Esc closes ",
            messages::KEPT
        ),
        theme,
    );
    let inner = block.inner(body);
    frame.render_widget(block, body);
    let lines = messages::lines(model, usize::from(inner.width));
    if lines.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled("No messages yet.", theme.style(Scope::Muted))),
            inner,
        );
        return;
    }
    let height = usize::from(inner.height);
    let scroll = scroll.min(lines.len().saturating_sub(height));
    let end = lines.len() - scroll;
    let start = end.saturating_sub(height);
    let shown: Vec<Line> = lines[start..end]
        .iter()
        .map(|l| {
            let style = if l.error {
                Scope::UiToastError
            } else {
                Scope::UiText
            };
            Line::from(vec![
                Span::styled(
                    format!("{:<9}", l.stamp.as_deref().unwrap_or("")),
                    theme.style(Scope::TimelineDate),
                ),
                Span::styled(l.text.clone(), theme.style(style)),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}
