//! The import overlay: a gauge while the worker runs, then what happened.

use super::clip;
use super::overlays::{boxed, centered, clear};
use crate::config::keymap::Mode;
use crate::config::theme::{Scope, Theme};
use crate::exec::import::{Progress, Report, Stage};
use crate::text::sanitize;
use crate::tui::model::{Import, ImportState, Model};
use crate::tui::msg::ImportEnd;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph};

/// The overlay's width at most; narrower terminals get all of theirs.
const WIDTH: u16 = 64;
/// How many reasons for rejected rows the summary lists.
const REASONS: usize = 4;
/// File-level notes the summary lists.
const WARNINGS: usize = 2;

pub fn render(frame: &mut Frame, body: Rect, model: &Model, import: &Import, theme: &Theme) {
    match &import.state {
        ImportState::Running {
            progress,
            cancelling,
        } => running(frame, body, model, import, *progress, *cancelling, theme),
        ImportState::Finished(end) => finished(frame, body, model, import, end, theme),
    }
}

fn title(import: &Import, verb: &str) -> String {
    let dry = if import.dry_run { " (dry run)" } else { "" };
    format!(" {verb} {}{dry} ", sanitize(&import.path))
}

/// The key that runs `command` in the overlay's table, capitalised (`Esc`).
fn key(model: &Model, command: &str, fallback: &str) -> String {
    let key = model
        .keymap
        .hint(Mode::Picker, command)
        .unwrap_or_else(|| fallback.to_string());
    let mut chars = key.chars();
    chars.next().map_or(key.clone(), |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn running(
    frame: &mut Frame,
    body: Rect,
    model: &Model,
    import: &Import,
    progress: Option<Progress>,
    cancelling: bool,
    theme: &Theme,
) {
    let area = centered(body, WIDTH, 7);
    clear(frame, area);
    let block = boxed(title(import, "Importing"), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let cols = usize::from(inner.width);
    let (stage, ratio, counts) = match progress {
        None => ("Opening the file…".to_string(), 0.0, String::new()),
        Some(p) => {
            let ratio = if p.total == 0 {
                1.0
            } else {
                (p.done as f64 / p.total as f64).clamp(0.0, 1.0)
            };
            let counts = match p.stage {
                Stage::Reading => {
                    format!("{} / {} KB", p.done.div_ceil(1024), p.total.div_ceil(1024))
                }
                // The importer counts lines of the file: records are known
                // only at the end, and a record may span lines.
                _ => format!("{} / {} lines", p.done, p.total),
            };
            (stage_name(p.stage).to_string(), ratio, counts)
        }
    };
    let hint = if cancelling {
        Line::styled("cancelling…", theme.style(Scope::UiStatusError))
    } else {
        Line::from(vec![
            Span::styled(
                key(model, "picker close", "esc"),
                theme.style(Scope::UiHint),
            ),
            Span::styled(" cancels", theme.style(Scope::Muted)),
        ])
    };
    // Padded, so the label stands apart from the bar without colours too.
    let percent = format!("{:.0}%", ratio * 100.0);
    let label = if counts.is_empty() {
        format!(" {percent} ")
    } else {
        format!(" {counts} · {percent} ")
    };
    let lines = [
        clip(Line::styled(stage, theme.style(Scope::UiText)), cols),
        Line::raw(""),
        Line::raw(""),
        Line::raw(""),
        clip(hint, cols),
    ];
    frame.render_widget(Paragraph::new(lines.to_vec()), inner);
    // The gauge on the third line, with a column of air on each side.
    if inner.height >= 3 && inner.width > 2 {
        let gauge_area = Rect::new(inner.x + 1, inner.y + 2, inner.width - 2, 1);
        frame.render_widget(
            Gauge::default()
                .gauge_style(theme.style(Scope::ChartBar))
                .ratio(ratio)
                .label(Span::styled(
                    crate::text::truncate(&label, usize::from(gauge_area.width)),
                    theme.style(Scope::UiText),
                ))
                .use_unicode(true),
            gauge_area,
        );
    }
}

fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::Reading => "Reading the file",
        Stage::Writing => "Checking and writing rows",
    }
}

fn finished(
    frame: &mut Frame,
    body: Rect,
    model: &Model,
    import: &Import,
    end: &ImportEnd,
    theme: &Theme,
) {
    let text = theme.style(Scope::UiText);
    let bad = theme.style(Scope::PaletteError);
    let muted = theme.style(Scope::Muted);
    let (verb, mut lines) = match end {
        ImportEnd::Imported(report) => (
            if report.dry_run {
                "Checked"
            } else {
                "Imported"
            },
            report_lines(report, theme),
        ),
        ImportEnd::Invalid(report) => {
            let mut lines = vec![Line::styled(
                format!(
                    "{} of {} rows are not valid; nothing was imported.",
                    report.rejected.len(),
                    report.rows
                ),
                bad,
            )];
            lines.extend(rejected_lines(report, theme));
            lines.push(Line::styled(
                "Fix them, or import again with --skip-invalid.",
                muted,
            ));
            ("Not imported:", lines)
        }
        ImportEnd::Cancelled => (
            "Cancelled",
            vec![Line::styled("Cancelled — nothing was written.", text)],
        ),
        ImportEnd::Failed(message) => {
            let cols = usize::from(WIDTH.min(body.width).saturating_sub(2)).max(1);
            let lines = wrap(&sanitize(message), cols)
                .into_iter()
                .map(|l| Line::styled(l, bad))
                .collect();
            ("Could not import", lines)
        }
    };
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled(
            format!(
                "{}/{}",
                key(model, "picker choose", "enter"),
                key(model, "picker close", "esc")
            ),
            theme.style(Scope::UiHint),
        ),
        Span::styled(" closes", muted),
    ]));
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let area = centered(body, WIDTH, height);
    clear(frame, area);
    let block = boxed(title(import, verb), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let cols = usize::from(inner.width);
    let lines: Vec<Line> = lines.into_iter().map(|l| clip(l, cols)).collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The counts of a finished import, its rejected rows and notes.
fn report_lines(r: &Report, theme: &Theme) -> Vec<Line<'static>> {
    let text = theme.style(Scope::UiText);
    let muted = theme.style(Scope::Muted);
    let mut lines = vec![
        Line::styled(
            format!(
                "{} rows of {} ({}, {}-separated)",
                r.rows,
                sanitize(&r.kind),
                sanitize(&r.encoding),
                sanitize(&r.delimiter)
            ),
            muted,
        ),
        Line::styled(
            format!(
                "{} created · {} merged · {} unchanged",
                r.created, r.merged, r.unchanged
            ),
            text,
        ),
        Line::styled(
            // An orders sheet records orders, and nothing else.
            if r.orders > 0 {
                format!("{} orders", r.orders)
            } else {
                format!("{} interactions · {} tasks", r.interactions, r.tasks)
            },
            text,
        ),
    ];
    if r.skipped > 0 {
        lines.push(Line::styled(
            format!("{} skipped as duplicates", r.skipped),
            text,
        ));
    }
    if !r.rejected.is_empty() {
        lines.push(Line::styled(
            format!("{} rejected:", r.rejected.len()),
            theme.style(Scope::PaletteError),
        ));
        lines.extend(rejected_lines(r, theme));
    }
    for warning in r.warnings.iter().take(WARNINGS) {
        lines.push(Line::styled(format!("note: {}", sanitize(warning)), muted));
    }
    if r.dry_run {
        lines.push(Line::styled("Dry run: nothing was written.", text));
    }
    lines
}

/// The first reasons (each names its line), then how many more there are.
fn rejected_lines(r: &Report, theme: &Theme) -> Vec<Line<'static>> {
    let style = theme.style(Scope::PaletteError);
    let reasons: Vec<String> = r
        .rejected
        .iter()
        .flat_map(|row| {
            row.reasons.iter().map(|reason| {
                if reason.starts_with("line ") {
                    reason.clone()
                } else {
                    format!("line {}: {reason}", row.line)
                }
            })
        })
        .collect();
    let mut lines: Vec<Line> = reasons
        .iter()
        .take(REASONS)
        .map(|reason| Line::styled(format!("  {}", sanitize(reason)), style))
        .collect();
    if reasons.len() > REASONS {
        lines.push(Line::styled(
            format!("  … and {} more", reasons.len() - REASONS),
            theme.style(Scope::Muted),
        ));
    }
    lines
}

/// Greedy word wrap to `cols` display columns (long words are cut by `clip`).
fn wrap(text: &str, cols: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let needed = crate::text::width(&current) + 1 + crate::text::width(word);
        if !current.is_empty() && needed > cols {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}
