//! The Customers pane: the filter line and one row per visible customer —
//! name (matches highlighted), company, stage, tags, days since contact.
//! Only the rows on screen are built.

use super::{focused, highlighted, pane, selection};
use crate::config::theme::{Scope, Theme};
use crate::domain::Stage;
use crate::search::Field;
use crate::text::{pad, pad_left, truncate, width};
use crate::tui::model::{Model, Pane};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, area: Rect, model: &Model, theme: &Theme) {
    let total = model.customer_total.max(model.rows.len() as u64);
    let title = match (&model.segment, &model.filter.hits) {
        // A saved view counts what it shows: the filter narrows within it.
        (Some(segment), _) => format!(" view: {} · {} ", segment.name, model.visible.len()),
        (None, Some(hits)) => {
            format!(" Customers {}/{total} ", model.filter.total.max(hits.len()))
        }
        (None, None) => format!(" Customers {total} · by {} ", model.sort.label()),
    };
    let block = pane(title, focused(model, Pane::Customers), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let mut lines = Vec::with_capacity(usize::from(inner.height));
    let filter_shown = model.filter.editing || !model.filter.input.text.is_empty();
    if filter_shown {
        let text = theme.style(Scope::PaletteInput);
        let mut spans = vec![
            Span::styled("/", theme.style(Scope::UiHint)),
            Span::styled(model.filter.input.text.clone(), text),
        ];
        if model.filter.editing {
            spans.push(Span::styled("▏", theme.style(Scope::UiHint)));
        }
        if !model.search_ready {
            spans.push(Span::styled("  (indexing…)", theme.style(Scope::Muted)));
        }
        lines.push(Line::from(spans));
    }
    let rows_height = usize::from(inner.height) - usize::from(filter_shown);
    let cols = usize::from(inner.width);
    // name | days | stage  (company and tags share the name column's second half when wide)
    let days_w = 5;
    let stage_w = if cols >= 44 { 9 } else { 0 };
    // name | " stage" | " days", filling the pane exactly.
    let name_w = cols.saturating_sub(days_w + stage_w + 1);
    let start = model.list.offset;
    let active = focused(model, Pane::Customers);
    for (position, &row_index) in model
        .visible
        .iter()
        .enumerate()
        .skip(start)
        .take(rows_height)
    {
        let Some(row) = model.rows.get(row_index as usize) else {
            continue;
        };
        let marked = selection(position == model.list.index, active, theme);
        let selected = marked.is_some();
        let base = marked.unwrap_or(theme.style(Scope::UiText));
        let matched = base.patch(theme.style(Scope::ListMatch));
        let hit = model.hit_at(position);
        let name_pos = hit
            .filter(|h| h.field == Field::Name)
            .map_or(&[][..], |h| &h.positions[..]);
        let company_pos = hit
            .filter(|h| h.field == Field::Company)
            .map_or(&[][..], |h| &h.positions[..]);

        let name = truncate(&row.name, name_w);
        let mut spans = highlighted(&name, name_pos, base, matched);
        let mut used = width(&name);
        if !row.company.is_empty() && used + 3 < name_w {
            let company = truncate(&row.company, name_w - used - 1);
            spans.push(Span::styled(" ", base));
            let muted = if selected {
                base
            } else {
                theme.style(Scope::Muted)
            };
            spans.extend(highlighted(&company, company_pos, muted, matched));
            used += 1 + width(&company);
        }
        let detail = model.row_details.get(&row.id);
        // Tag badges fill what the name and company leave free.
        if let Some(d) = detail {
            for tag in &d.tags {
                let badge = format!(" #{}", crate::text::sanitize(tag));
                if used + crate::text::width(&badge) > name_w {
                    break;
                }
                spans.push(Span::styled(
                    badge.clone(),
                    if selected {
                        base
                    } else {
                        theme.style(Scope::Tag)
                    },
                ));
                used += crate::text::width(&badge);
            }
        }
        spans.push(Span::styled(" ".repeat(name_w.saturating_sub(used)), base));
        if stage_w > 0 {
            let (label, scope) = detail.map_or(("", Scope::Muted), |d| stage_badge(d.stage));
            let style = if selected { base } else { theme.style(scope) };
            spans.push(Span::styled(format!(" {}", pad(label, stage_w - 1)), style));
        }
        let days = detail
            .map(|d| match d.last_contact {
                Some(at) => format!(
                    "{}d",
                    (model.now.date_naive() - at.date_naive()).num_days().max(0)
                ),
                None => "–".to_string(),
            })
            .unwrap_or_default();
        spans.push(Span::styled(
            format!(" {}", pad_left(&days, days_w)),
            if selected {
                base
            } else {
                theme.style(Scope::Muted)
            },
        ));
        lines.push(Line::from(spans));
    }
    if let Some(hits) = &model.filter.hits
        && model.filter.total > hits.len()
        && model.list.offset + rows_height > model.visible.len()
    {
        lines.push(Line::styled(
            format!(
                "  … {} more: type more to narrow",
                model.filter.total - hits.len()
            ),
            theme.style(Scope::Muted),
        ));
    }
    if model.visible.is_empty() && !model.rows.is_empty() {
        let text = match &model.segment {
            Some(s) if model.filter.hits.is_none() => {
                format!("  nobody in view \"{}\" — Esc shows everyone", s.name)
            }
            _ => "  no customer matches".to_string(),
        };
        lines.push(Line::styled(text, theme.style(Scope::Muted)));
        // Typed a word of a call rather than a name? Say where that is found.
        if model.filter.hits.is_some()
            && let Some(key) = model.keymap.hint(crate::config::keymap::Mode::Main, "find")
        {
            lines.push(Line::styled(
                format!("  {key}: find in what was written"),
                theme.style(Scope::Muted),
            ));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Stage label and its colour scope.
pub fn stage_badge(stage: Stage) -> (&'static str, Scope) {
    match stage {
        Stage::Lead => ("lead", Scope::StageLead),
        Stage::Prospect => ("prospect", Scope::StageProspect),
        Stage::Customer => ("customer", Scope::StageCustomer),
        Stage::Loyal => ("loyal", Scope::StageLoyal),
        Stage::Churned => ("churned", Scope::StageChurned),
    }
}
