//! What the status line said, kept: every toast and palette error goes
//! into a log of the last [`KEPT`]; `:messages` (or its key) shows them in
//! full in an overlay, newest at the bottom, as vim's `:messages` does.
//! An error stays on the status line until the user moves on: the next
//! key that does something clears it (see `keys::key`).

use super::super::model::{Message, Model, Overlay};
use super::super::msg::Effect;

/// How many messages `:messages` keeps.
pub const KEPT: usize = 50;
/// Columns of the time in front of each message (`09:41:07 `).
const STAMP: usize = 9;

/// Keep a message for `:messages`.
pub fn log(model: &mut Model, text: &str, error: bool) {
    model.messages.push(Message {
        at: model.now,
        text: text.to_string(),
        error,
    });
    if model.messages.len() > KEPT {
        let extra = model.messages.len() - KEPT;
        model.messages.drain(..extra);
    }
    model.messages_shown += 1;
}

/// `messages`: open the log at its newest line, or close it.
pub fn toggle(model: &mut Model) -> Vec<Effect> {
    model.overlay = match model.overlay {
        Some(Overlay::Messages { .. }) => None,
        _ => Some(Overlay::Messages { scroll: 0 }),
    };
    vec![]
}

/// j/k in the log: down is newer (towards the bottom), up is older.
pub fn scroll(model: &mut Model, delta: isize) {
    let max = lines(model, model.width.saturating_sub(2).into())
        .len()
        .saturating_sub(model.full_height());
    if let Some(Overlay::Messages { scroll }) = &mut model.overlay {
        *scroll = scroll.saturating_add_signed(-delta).min(max);
    }
}

/// One line of the log as drawn: the time on a message's first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    pub stamp: Option<String>,
    pub text: String,
    pub error: bool,
}

/// The log wrapped to `cols` columns (by display width), oldest first.
pub fn lines(model: &Model, cols: usize) -> Vec<LogLine> {
    let text_cols = cols.saturating_sub(STAMP).max(1);
    let mut out = Vec::new();
    for m in &model.messages {
        for (i, text) in crate::text::wrap(&m.text, text_cols)
            .into_iter()
            .enumerate()
        {
            out.push(LogLine {
                stamp: (i == 0).then(|| m.at.format("%H:%M:%S").to_string()),
                text,
                error: m.error,
            });
        }
    }
    out
}
