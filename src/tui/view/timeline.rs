//! The Timeline pane: the selected customer's card (tier, deals and
//! campaign included) above their history, newest first: interactions,
//! service cases opened and resolved, deals won and lost, orders.

use super::{clip, focused, pane, selection};
use crate::config::theme::{Scope, Theme};
use crate::domain::money::format_money;
use crate::domain::{Case, CaseKind, Customer, Deal, DealStatus, Interaction, Order};
use crate::tui::model::{EntryKey, Model, Pane};
use crate::tui::msg::{Detail, Sales};
use chrono::{DateTime, FixedOffset};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, area: Rect, model: &Model, theme: &Theme) -> Vec<super::Link> {
    let Some(detail) = &model.detail else {
        let block = pane(" Timeline ", focused(model, Pane::Timeline), theme);
        frame.render_widget(Paragraph::new("").block(block), area);
        return Vec::new();
    };
    let c = &detail.customer;
    let sales = model.current_sales();
    let block = pane(
        format!(" Timeline · {} {} ", c.name, c.id),
        focused(model, Pane::Timeline),
        theme,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let cols = usize::from(inner.width);
    let parts = card_parts(c, sales, usize::from(inner.height));
    let contact_line = parts
        .iter()
        .position(|p| *p == Part::Contact)
        .and_then(|i| u16::try_from(i).ok());
    let mut lines: Vec<Line> = parts
        .iter()
        .map(|&part| clip(card_line(part, c, sales, model, theme), cols))
        .collect();
    lines.push(Line::styled("─".repeat(cols), theme.style(Scope::UiBorder)));
    let room = usize::from(inner.height).saturating_sub(lines.len());
    let all = entries(detail, sales);
    if all.is_empty() {
        lines.push(Line::styled(
            "nothing logged yet — c logs a call",
            theme.style(Scope::Muted),
        ));
    }
    let start = model.timeline.offset.min(all.len());
    for (i, entry) in all.iter().enumerate().skip(start).take(room) {
        let selected = selection(
            i == model.timeline.index,
            focused(model, Pane::Timeline),
            theme,
        );
        let line = match entry {
            Entry::Logged(interaction) => logged_line(interaction, detail, selected, theme),
            other => event_line(other, selected, theme),
        };
        lines.push(clip(line, cols));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    match contact_line {
        Some(line) if inner.height > line => contact_links(inner, inner.y + line, detail),
        _ => Vec::new(),
    }
}

/// One thing in a customer's history: something logged, a service case
/// opened or resolved, a deal won or lost, an order placed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Entry<'a> {
    Logged(&'a Interaction),
    CaseOpened(&'a Case),
    CaseResolved(&'a Case),
    DealClosed(&'a Deal),
    Ordered(&'a Order),
}

impl Entry<'_> {
    /// Which entry this is, as a jump names it.
    pub fn key(&self) -> EntryKey {
        match self {
            Entry::Logged(i) => EntryKey::Logged(i.id),
            Entry::CaseOpened(c) => EntryKey::CaseOpened(c.id),
            Entry::CaseResolved(c) => EntryKey::CaseResolved(c.id),
            Entry::DealClosed(d) => EntryKey::DealClosed(d.id),
            Entry::Ordered(o) => EntryKey::Ordered(o.id),
        }
    }

    pub fn at(&self) -> DateTime<FixedOffset> {
        match self {
            Entry::Logged(i) => i.at,
            Entry::CaseOpened(c) => c.opened_at,
            Entry::CaseResolved(c) => c.resolved_at.unwrap_or(c.opened_at),
            Entry::DealClosed(d) => d.closed_at.unwrap_or(d.created_at),
            Entry::Ordered(o) => o.at,
        }
    }
}

/// The Timeline's entries, newest first: interactions merged in time
/// order with the customer's cases (opened, resolved), closed deals and
/// orders.
/// At the same moment, what was logged comes first.
pub fn entries<'a>(detail: &'a Detail, sales: Option<&'a Sales>) -> Vec<Entry<'a>> {
    let mut all: Vec<Entry> = detail.timeline.iter().map(Entry::Logged).collect();
    if let Some(sales) = sales.filter(|s| s.customer == detail.customer.id) {
        for case in &sales.cases {
            all.push(Entry::CaseOpened(case));
            if case.resolved_at.is_some() {
                all.push(Entry::CaseResolved(case));
            }
        }
        all.extend(
            sales
                .deals
                .iter()
                .filter(|d| !d.is_open() && d.closed_at.is_some())
                .map(Entry::DealClosed),
        );
        all.extend(sales.orders.iter().map(Entry::Ordered));
    }
    // Stable: interactions keep their loaded order among equals.
    all.sort_by_key(|e| std::cmp::Reverse(e.at()));
    all
}

/// An interaction: date, kind, `[outcome]` summary, “feedback”, → next task.
fn logged_line<'a>(
    entry: &Interaction,
    detail: &Detail,
    selected: Option<Style>,
    theme: &Theme,
) -> Line<'a> {
    let base = selected.unwrap_or(theme.style(Scope::UiText));
    let or_base = |scope| selected.unwrap_or(theme.style(scope));
    let mut spans = vec![
        Span::styled(
            entry.at.format("%m-%d %H:%M ").to_string(),
            or_base(Scope::TimelineDate),
        ),
        Span::styled(
            format!("{:<8}", entry.kind.as_str()),
            or_base(Scope::TimelineKind),
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
            or_base(Scope::TimelineFeedback),
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
            or_base(Scope::Muted),
        ));
    }
    Line::from(spans)
}

/// A case or deal event, marked so it stands apart from what was logged:
/// `⚑ complaint #3 invoice wrong · in progress · first response 2.5 h`.
fn event_line<'a>(entry: &Entry, selected: Option<Style>, theme: &Theme) -> Line<'a> {
    let or_base = |scope| selected.unwrap_or(theme.style(scope));
    let date = Span::styled(
        entry.at().format("%m-%d %H:%M ").to_string(),
        or_base(Scope::TimelineDate),
    );
    let (mark, scope, text) = match entry {
        Entry::Logged(_) => return Line::default(),
        Entry::CaseOpened(case) => (
            "⚑",
            case_scope(case),
            format!("{} {} {}", case.kind, case.id, case_text(case)),
        ),
        Entry::CaseResolved(case) => {
            let mut text = format!("{} {} resolved", case.kind, case.id);
            if !case.resolution.is_empty() {
                text.push_str(&format!(" · {}", case.resolution));
            }
            if let Some(hours) = case.resolution_hours() {
                text.push_str(&format!(" · after {}", hours_text(hours)));
            }
            ("✓", Scope::TaskDone, text)
        }
        Entry::DealClosed(deal) => {
            let mut text = format!(
                "{} {} {} · {}",
                deal.status,
                deal.id,
                deal.title,
                format_money(deal.amount, &deal.currency)
            );
            if !deal.reason.is_empty() {
                text.push_str(&format!(" · {}", deal.reason));
            }
            match deal.status {
                DealStatus::Won => ("◆", Scope::StageCustomer, text),
                _ => ("◇", Scope::StageChurned, text),
            }
        }
        Entry::Ordered(order) => ("¤", Scope::StageCustomer, order_text(order)),
    };
    Line::from(vec![
        date,
        Span::styled(format!("{mark} "), or_base(scope)),
        Span::styled(text, or_base(scope)),
    ])
}

/// `order #3 ¥12,000.00 · 50 seats · alipay · invoice 2026-118`.
pub fn order_text(order: &Order) -> String {
    let mut text = format!(
        "order {} {}",
        order.id,
        format_money(order.amount, &order.currency)
    );
    if !order.items.is_empty() {
        text.push_str(&format!(" · {}", order.items));
    }
    if let Some(payment) = order.payment {
        text.push_str(&format!(" · {payment}"));
    }
    if !order.invoice.is_empty() {
        text.push_str(&format!(" · invoice {}", order.invoice));
    }
    text
}

/// `invoice wrong · in progress · first response 2.5 h` (or `waiting 3d`).
pub fn case_text(case: &Case) -> String {
    let mut text = format!("{} · {}", case.title, case.status);
    if let Some(hours) = case.response_hours() {
        text.push_str(&format!(" · first response {}", hours_text(hours)));
    }
    text
}

/// Complaints in the overdue colour, requests in today's.
pub fn case_scope(case: &Case) -> Scope {
    match case.kind {
        CaseKind::Complaint => Scope::TaskOverdue,
        CaseKind::Request => Scope::TaskToday,
    }
}

/// `2.5 h` under two days, else `3.1 d`.
pub fn hours_text(hours: f64) -> String {
    if hours < 48.0 {
        format!("{} h", one_decimal(hours))
    } else {
        format!("{} d", one_decimal(hours / 24.0))
    }
}

/// `2.5`, `3` (no `.0`).
fn one_decimal(value: f64) -> String {
    let text = format!("{value:.1}");
    text.strip_suffix(".0").map_or(text.clone(), str::to_string)
}

/// Where the card's phones and emails are; the offsets mirror how `card`
/// lays the contact line out. Only what fits entirely is linked.
fn contact_links(area: Rect, y: u16, detail: &Detail) -> Vec<super::Link> {
    let (c, phones) = (&detail.customer, &detail.phones);
    let mut x = area.x;
    let mut links = Vec::new();
    let mut push = |x: u16, text: &str, url: String| {
        // Written raw around the frame: never one with a control in it
        // (a stored value from before validation, say).
        if text.is_ascii()
            && !text.chars().any(crate::text::is_unsafe)
            && x + crate::text::width(text) as u16 <= area.right()
        {
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
        for phone in phones {
            push(x, &phone.shown, phone.tel());
            x += crate::text::width(&phone.shown) as u16 + 2;
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

/// A line of the card. Lines are dropped by priority (`Part::priority`)
/// when the pane is short, and shown in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Name, company, title, stage, tags.
    Head,
    /// Phones and emails.
    Contact,
    /// Last contact, cadence, owner.
    Facts,
    /// Tier, won in 12 months, campaign, deal counts.
    Sales,
    /// An open deal (its index in `Sales::deals`).
    Deal(usize),
    /// A line of the customer's notes (its index among the non-blank
    /// ones), and whether more of them follow unseen (drawn as `…`).
    Note(usize, bool),
}

/// Lines of notes the card shows at most; Enter shows them all.
const CARD_NOTES: usize = 3;

/// The notes' lines that are not blank, trimmed.
fn note_lines(c: &Customer) -> Vec<&str> {
    c.notes
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// Open deals listed on the card at most; the Sales line counts them all.
const CARD_DEALS: usize = 3;

impl Part {
    /// Lower is kept longer.
    fn priority(self) -> usize {
        match self {
            Part::Head => 0,
            Part::Facts => 1,
            Part::Sales => 2,
            Part::Contact => 3,
            Part::Note(0, _) => 4,
            Part::Deal(_) => 5,
            Part::Note(..) => 6,
        }
    }
}

/// The card's lines for a Timeline pane `rows` high: at most half of it
/// (at least the head), the most important lines kept, in card order.
pub fn card_parts(c: &Customer, sales: Option<&Sales>, rows: usize) -> Vec<Part> {
    let mut parts = vec![Part::Head];
    if !c.phones.is_empty() || !c.emails.is_empty() {
        parts.push(Part::Contact);
    }
    parts.push(Part::Facts);
    let sales = sales.filter(|s| s.customer == c.id);
    let worth_a_line = sales.is_some_and(|s| {
        !s.deals.is_empty() || s.spend_year != 0 || s.tier != crate::domain::Tier::Regular
    });
    if worth_a_line || !c.campaign.is_empty() {
        parts.push(Part::Sales);
    }
    if let Some(s) = sales {
        let open = s.deals.iter().enumerate().filter(|(_, d)| d.is_open());
        parts.extend(open.take(CARD_DEALS).map(|(i, _)| Part::Deal(i)));
    }
    let notes = note_lines(c).len();
    parts.extend((0..notes.min(CARD_NOTES)).map(|i| Part::Note(i, false)));
    let budget = (rows / 2).max(1);
    if parts.len() > budget {
        // A stable sort: of the deals and notes, the first ones stay.
        let mut ranked = parts.clone();
        ranked.sort_by_key(|p| p.priority());
        ranked.truncate(budget);
        parts.retain(|p| ranked.contains(p));
    }
    // The last note line shown says when there is more.
    let shown = parts.iter().filter(|p| matches!(p, Part::Note(..))).count();
    if let Some(Part::Note(_, more)) = parts.iter_mut().rev().find(|p| matches!(p, Part::Note(..)))
    {
        *more = notes > shown;
    }
    parts
}

fn card_line<'a>(
    part: Part,
    c: &Customer,
    sales: Option<&Sales>,
    model: &Model,
    theme: &Theme,
) -> Line<'a> {
    let label = theme.style(Scope::CardLabel);
    let value = theme.style(Scope::CardValue);
    match part {
        Part::Head => {
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
            Line::from(head)
        }
        Part::Contact => {
            let mut contact = Vec::new();
            if !c.phones.is_empty() {
                contact.push(Span::styled("☎ ", label));
                // National format for the default region, international otherwise.
                let phones = model.detail.as_ref().map_or(&[][..], |d| &d.phones[..]);
                let shown: Vec<&str> = phones.iter().map(|p| p.shown.as_str()).collect();
                contact.push(Span::styled(shown.join(", "), theme.style(Scope::Link)));
                contact.push(Span::raw("  "));
            }
            if !c.emails.is_empty() {
                contact.push(Span::styled("✉ ", label));
                contact.push(Span::styled(c.emails.join(", "), theme.style(Scope::Link)));
            }
            Line::from(contact)
        }
        Part::Facts => facts_line(c, model, theme),
        Part::Sales => sales_line(c, sales, theme),
        Part::Deal(i) => match sales.and_then(|s| s.deals.get(i)) {
            Some(d) => {
                let mut text = format!(
                    "{} · {} {}% · {}",
                    d.title,
                    d.stage,
                    d.probability,
                    format_money(d.amount, &d.currency)
                );
                if let Some(close) = d.expected_close {
                    text.push_str(&format!(" · close {}", close.format("%m-%d")));
                }
                Line::from(vec![
                    Span::styled("◆ ", theme.style(Scope::StageProspect)),
                    Span::styled(text, value),
                    Span::styled(format!(" {}", d.id), theme.style(Scope::Muted)),
                ])
            }
            None => Line::default(),
        },
        Part::Note(i, more) => {
            let muted = theme.style(Scope::Muted);
            let mark = if i == 0 { "✎ " } else { "  " };
            let mut spans = vec![
                Span::styled(mark, muted),
                Span::styled(
                    note_lines(c)
                        .get(i)
                        .copied()
                        .unwrap_or_default()
                        .to_string(),
                    muted,
                ),
            ];
            if more {
                spans.push(Span::styled(" …", muted));
            }
            Line::from(spans)
        }
    }
}

/// `vip  bought 12m 620,000 CNY  campaign Expo  deals 2 open · 3 won · 1 lost`.
fn sales_line<'a>(c: &Customer, sales: Option<&Sales>, theme: &Theme) -> Line<'a> {
    let label = theme.style(Scope::CardLabel);
    let value = theme.style(Scope::CardValue);
    let mut spans = Vec::new();
    if let Some(s) = sales {
        spans.push(Span::styled(
            s.tier.as_str().to_string(),
            theme.style(tier_scope(s.tier)),
        ));
        spans.push(Span::styled("  bought 12m ", label));
        spans.push(Span::styled(format_money(s.spend_year, &s.currency), value));
    }
    if !c.campaign.is_empty() {
        let gap = if spans.is_empty() { "" } else { "  " };
        spans.push(Span::styled(format!("{gap}campaign "), label));
        spans.push(Span::styled(c.campaign.clone(), value));
    }
    if let Some(s) = sales.filter(|s| !s.deals.is_empty()) {
        let count = |status| s.deals.iter().filter(|d| d.status == status).count();
        spans.push(Span::styled("  deals ", label));
        spans.push(Span::styled(
            format!(
                "{} open · {} won · {} lost",
                count(DealStatus::Open),
                count(DealStatus::Won),
                count(DealStatus::Lost)
            ),
            value,
        ));
    }
    Line::from(spans)
}

/// A tier's colour: the stage colours of loyal and customer, muted regular.
pub fn tier_scope(tier: crate::domain::Tier) -> Scope {
    match tier {
        crate::domain::Tier::Vip => Scope::StageLoyal,
        crate::domain::Tier::Key => Scope::StageCustomer,
        crate::domain::Tier::Regular => Scope::Muted,
    }
}

fn facts_line<'a>(c: &Customer, model: &Model, theme: &Theme) -> Line<'a> {
    let label = theme.style(Scope::CardLabel);
    let value = theme.style(Scope::CardValue);
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
    Line::from(facts)
}
