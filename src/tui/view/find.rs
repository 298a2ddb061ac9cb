//! The find overlay (ctrl-f), over the whole body: the line, what the
//! search says ("12 hits", "searching…", "no matches"), then one row per
//! hit, newest first — date, kind, customer, and the matching line cut
//! around the match, the match underlined and bold (so it shows under
//! `NO_COLOR` too, also on the reversed selected row). Columns are
//! measured in display width: CJK text stays aligned.

use super::overlays::{boxed, clear, scroll_start};
use super::{body_area, clip, selection};
use crate::config::keymap::Mode;
use crate::config::theme::{Scope, Theme};
use crate::grep::TextHit;
use crate::text::{pad, truncate, width};
use crate::tui::model::{Find, Model};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Lines above the hits: the line and what the search says.
const HEAD: usize = 2;
/// From this many columns on, dates show their year and columns breathe.
const WIDE: usize = 64;
/// The customer column's widest.
const WHO_MAX: usize = 28;

/// How many hits are on screen at a terminal size (as `render` lays out).
pub fn rows(width: u16, height: u16) -> usize {
    let body = body_area(Rect::new(0, 0, width, height));
    usize::from(body.height.saturating_sub(2)).saturating_sub(HEAD)
}

pub fn render(frame: &mut Frame, body: Rect, model: &Model, find: &Find, theme: &Theme) {
    clear(frame, body);
    let block = boxed(title(model, find), theme);
    let inner = block.inner(body);
    frame.render_widget(block, body);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let cols = usize::from(inner.width);
    let mut lines = vec![line(find, cols, theme), said(find, cols, theme)];
    let room = usize::from(inner.height).saturating_sub(HEAD);
    let shown = window(find, room);
    let hits = &find.hits[shown.clone()];
    let columns = Columns::of(hits, cols);
    for (i, hit) in hits.iter().enumerate() {
        let selected = selection(shown.start + i == find.cursor.index, true, theme);
        lines.push(row(hit, &columns, selected, theme));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// " Find in everything written — enter jumps · tab hits · esc closes ",
/// with the keys the keymap binds (a named key first: `q` and `/` close
/// and move only once the hits have the keyboard).
fn title(model: &Model, find: &Find) -> String {
    let bindings = model.keymap.bindings(Mode::Find);
    let key = |command: &str, what: &str| {
        let keys: Vec<&String> = bindings
            .iter()
            .filter(|(_, c, _)| c == command)
            .map(|(keys, _, _)| keys)
            .collect();
        let named = keys.iter().find(|k| k.chars().count() > 1).or(keys.first());
        named.map(|k| format!("{k} {what}"))
    };
    let focus = if find.browsing { "line" } else { "hits" };
    let how: Vec<String> = [
        key("find jump", "jumps"),
        key("find focus", focus),
        key("find close", "closes"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if how.is_empty() {
        " Find in everything written ".to_string()
    } else {
        format!(" Find in everything written — {} ", how.join(" · "))
    }
}

/// The query, with the cursor while the line has the keyboard, scrolled
/// sideways so the cursor stays in view.
fn line<'a>(find: &Find, cols: usize, theme: &Theme) -> Line<'a> {
    let text = &find.input.text;
    let at = find.input.cursor.min(text.len());
    let prompt = "› ";
    let room = cols.saturating_sub(width(prompt) + 1);
    let start = scroll_start(text, at, room);
    let input = theme.style(Scope::PaletteInput);
    let mut spans = vec![
        Span::styled(prompt, theme.style(Scope::UiHint)),
        Span::styled(text[start..at].to_string(), input),
    ];
    if !find.browsing {
        spans.push(Span::styled("▏", theme.style(Scope::UiHint)));
    }
    spans.push(Span::styled(text[at..].to_string(), input));
    clip(super::safe(Line::from(spans)), cols)
}

/// What the search says under the line.
fn said<'a>(find: &Find, cols: usize, theme: &Theme) -> Line<'a> {
    let muted = theme.style(Scope::Muted);
    let (text, style) = if let Some(problem) = &find.problem {
        (problem.clone(), theme.style(Scope::PaletteError))
    } else if find.input.text.trim().is_empty() {
        (
            "Words to find, all in one entry: a Latin word by its start (price finds pricing), \
             Chinese anywhere (报价 finds 报价单)"
                .to_string(),
            muted,
        )
    } else if !find.answered {
        ("searching…".to_string(), muted)
    } else {
        (count(find), muted)
    };
    clip(Line::styled(text, style), cols)
}

/// "no matches", "1 hit", "12 hits", "3,204 hits · the newest 200 shown".
fn count(find: &Find) -> String {
    let total = find.total.max(find.hits.len());
    let mut text = match total {
        0 => "no matches".to_string(),
        1 => "1 hit".to_string(),
        n => format!("{} hits", crate::text::grouped(n as u64)),
    };
    if total > find.hits.len() {
        text.push_str(&format!(" · the newest {} shown", find.hits.len()));
    }
    text
}

/// The hits on screen: a window of `room` rows holding the selection.
fn window(find: &Find, room: usize) -> std::ops::Range<usize> {
    let len = find.hits.len();
    if room == 0 || len == 0 {
        return 0..0;
    }
    let index = find.cursor.index.min(len - 1);
    let mut start = find.cursor.offset.min(len - 1);
    if index < start {
        start = index;
    } else if index >= start + room {
        start = index + 1 - room;
    }
    start..(start + room).min(len)
}

/// Column widths for the rows on screen.
struct Columns {
    cols: usize,
    gap: &'static str,
    date: &'static str,
    who: usize,
}

impl Columns {
    fn of(hits: &[TextHit], cols: usize) -> Columns {
        let wide = cols >= WIDE;
        let most = (cols / 4).clamp(6, WHO_MAX);
        let who = hits
            .iter()
            .map(|h| width(&truncate(&who(h), most)))
            .max()
            .unwrap_or(0);
        Columns {
            cols,
            gap: if wide { "  " } else { " " },
            date: if wide { "%Y-%m-%d" } else { "%m-%d" },
            who,
        }
    }
}

/// "Ann Lee #1", or "-" for a task of nobody's.
fn who(hit: &TextHit) -> String {
    match hit.customer {
        Some(id) => format!("{} {id}", hit.customer_name),
        None => "-".to_string(),
    }
}

/// One hit: date, kind, customer, then its line with the matches marked.
fn row<'a>(hit: &TextHit, columns: &Columns, selected: Option<Style>, theme: &Theme) -> Line<'a> {
    let or = |scope| selected.unwrap_or(theme.style(scope));
    let base = or(Scope::UiText);
    let marked = base
        .patch(theme.style(Scope::ListMatch))
        .add_modifier(Modifier::BOLD);
    let gap = columns.gap;
    let mut spans = vec![
        Span::styled(
            format!("{}{gap}", hit.at.format(columns.date)),
            or(Scope::TimelineDate),
        ),
        Span::styled(
            format!("{}{gap}", pad(hit.kind.as_str(), 7)),
            or(Scope::TimelineKind),
        ),
        Span::styled(format!("{}{gap}", pad(&who(hit), columns.who)), base),
    ];
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    let room = columns.cols.saturating_sub(used);
    if room > 0 {
        let shown = crate::grep::snippet(&hit.text, &hit.ranges, Some(room));
        let mut at = 0;
        for mark in &shown.marks {
            if let (Some(before), Some(matched)) =
                (shown.text.get(at..mark.start), shown.text.get(mark.clone()))
            {
                spans.push(Span::styled(before.to_string(), base));
                spans.push(Span::styled(matched.to_string(), marked));
                at = mark.end;
            }
        }
        spans.push(Span::styled(
            shown.text.get(at..).unwrap_or_default().to_string(),
            base,
        ));
    }
    // The selection is marked across the whole row.
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    if selected.is_some() && used < columns.cols {
        spans.push(Span::styled(" ".repeat(columns.cols - used), base));
    }
    clip(Line::from(spans), columns.cols)
}
