//! The detail view (Enter on a row): one record whole — a timeline
//! entry with the task it created, a task with its snoozes and the entry
//! it came from, a case, a deal, or a customer's card with every note —
//! laid out as plain rows, so `update` scrolls by the page's real height
//! and the view only draws it (as `tui::help` does for the help page).
//! An interaction and a task say what `rolo interaction show` and `rolo
//! task show` say ([`crate::exec::shown`]).

use super::update::target::Whom;
use crate::config::theme::Scope;
use crate::domain::money::format_money;
use crate::domain::{
    Case, CaseId, Customer, CustomerId, Deal, DealId, Interaction, InteractionId, Order, OrderId,
    Task, TaskId,
};
use crate::exec::shown::{Fields, interaction_fields, task_fields};
use crate::exec::{InteractionShown, TaskShown};
use crate::text::wrap;
use chrono::{DateTime, FixedOffset};

/// Which record the detail view shows: what reloading it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Customer(CustomerId),
    Interaction(InteractionId),
    Task(TaskId),
    Case(CaseId),
    Deal(DealId),
    Order(OrderId),
}

/// One record, whole, with what its page names beside it.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    Customer(Box<Customer>),
    /// An entry of the timeline, its customer and the task it created.
    Interaction {
        interaction: Box<Interaction>,
        customer: Whom,
        task: Option<Box<Task>>,
    },
    /// A task, its customer and the entry whose next action it was.
    Task {
        task: Box<Task>,
        customer: Option<Whom>,
        origin: Option<Box<Interaction>>,
    },
    Case {
        case: Box<Case>,
        customer: Whom,
    },
    Deal {
        deal: Box<Deal>,
        customer: Whom,
    },
    Order {
        order: Box<Order>,
        customer: Whom,
    },
}

/// The detail view's state: the record and how far down it is scrolled.
#[derive(Debug, Clone, PartialEq)]
pub struct Show {
    pub shown: Shown,
    pub scroll: usize,
}

fn whom(c: &Customer) -> Whom {
    Whom {
        id: c.id,
        name: c.name.clone(),
    }
}

impl From<InteractionShown> for Shown {
    fn from(s: InteractionShown) -> Shown {
        Shown::Interaction {
            customer: whom(&s.customer),
            interaction: Box::new(s.interaction),
            task: s.task.map(Box::new),
        }
    }
}

impl From<TaskShown> for Shown {
    fn from(s: TaskShown) -> Shown {
        Shown::Task {
            customer: s.customer.as_ref().map(whom),
            task: Box::new(s.task),
            origin: s.origin.map(Box::new),
        }
    }
}

impl Shown {
    pub fn key(&self) -> Key {
        match self {
            Shown::Customer(c) => Key::Customer(c.id),
            Shown::Interaction { interaction, .. } => Key::Interaction(interaction.id),
            Shown::Task { task, .. } => Key::Task(task.id),
            Shown::Case { case, .. } => Key::Case(case.id),
            Shown::Deal { deal, .. } => Key::Deal(deal.id),
            Shown::Order { order, .. } => Key::Order(order.id),
        }
    }

    /// `call #41`, `task #12`, `complaint #3`, `deal #7`, `Ann Lee #1`.
    pub fn title(&self) -> String {
        match self {
            Shown::Customer(c) => format!("{} {}", c.name, c.id),
            Shown::Interaction { interaction: i, .. } => format!("{} {}", i.kind, i.id),
            Shown::Task { task, .. } => format!("task {}", task.id),
            Shown::Case { case, .. } => format!("{} {}", case.kind, case.id),
            Shown::Deal { deal, .. } => format!("deal {}", deal.id),
            Shown::Order { order, .. } => format!("order {}", order.id),
        }
    }

    /// The customer it is about, if any.
    pub fn customer(&self) -> Option<CustomerId> {
        match self {
            Shown::Customer(c) => Some(c.id),
            Shown::Interaction { customer, .. }
            | Shown::Case { customer, .. }
            | Shown::Deal { customer, .. }
            | Shown::Order { customer, .. } => Some(customer.id),
            Shown::Task { task, .. } => task.customer,
        }
    }
}

/// One row of the page: a label (on a field's first row only), its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub label: &'static str,
    pub text: String,
    pub scope: Scope,
}

/// Columns the labels take.
pub const LABEL: usize = 11;

/// The page for a view `width` columns wide (inside its box): a heading,
/// then every field, wrapped whole under its label.
pub fn page(shown: &Shown, width: usize, now: DateTime<FixedOffset>) -> Vec<Row> {
    let width = width.max(LABEL + 8);
    let (heading, fields) = parts(shown, now);
    let mut rows: Vec<Row> = wrap(&heading, width)
        .into_iter()
        .map(|text| Row {
            label: "",
            text,
            scope: Scope::UiTitle,
        })
        .collect();
    rows.push(Row {
        label: "",
        text: String::new(),
        scope: Scope::UiText,
    });
    for (label, value) in fields {
        let scope = match label {
            "summary" | "feedback" | "notes" | "title" | "resolution" => Scope::UiText,
            _ => Scope::CardValue,
        };
        for (n, text) in wrap(&value, width - LABEL).into_iter().enumerate() {
            rows.push(Row {
                label: if n == 0 { label } else { "" },
                text,
                scope,
            });
        }
    }
    rows
}

/// How far the page can scroll in a box `rows` high.
pub fn max_scroll(shown: &Shown, width: usize, rows: usize, now: DateTime<FixedOffset>) -> usize {
    page(shown, width, now).len().saturating_sub(rows)
}

/// The heading and the fields of a record.
fn parts(shown: &Shown, now: DateTime<FixedOffset>) -> (String, Fields) {
    let wall = now.naive_local();
    let label = |w: &Whom| format!("{} ({})", w.name, w.id);
    match shown {
        Shown::Interaction {
            interaction: i,
            customer,
            task,
        } => (
            format!("{} {} with {}", i.kind, i.id, label(customer)),
            interaction_fields(i, task.as_deref(), wall),
        ),
        Shown::Task {
            task,
            customer,
            origin,
        } => (
            format!("task {} · {}", task.id, task.title),
            task_fields(task, customer.as_ref().map(label), origin.as_deref(), wall),
        ),
        Shown::Case { case, customer } => (
            format!("{} {} · {}", case.kind, case.id, case.title),
            case_fields(case, label(customer)),
        ),
        Shown::Deal { deal, customer } => (
            format!("deal {} · {}", deal.id, deal.title),
            deal_fields(deal, label(customer)),
        ),
        Shown::Order { order, customer } => (
            format!(
                "order {} · {}",
                order.id,
                format_money(order.amount, &order.currency)
            ),
            crate::exec::shown::order_fields(order, label(customer)),
        ),
        Shown::Customer(c) => (format!("{} {}", c.label(), c.id), customer_fields(c, now)),
    }
}

fn stamp(at: DateTime<FixedOffset>) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

fn case_fields(case: &Case, customer: String) -> Fields {
    let hours = |h: Option<f64>| {
        h.map(|h| format!(" (after {})", super::view::hours_text(h)))
            .unwrap_or_default()
    };
    let mut out = vec![
        ("customer", customer),
        ("status", case.status.to_string()),
        ("priority", case.priority.to_string()),
        ("owner", case.owner.clone()),
        ("opened", stamp(case.opened_at)),
    ];
    if let Some(at) = case.first_response_at {
        out.push((
            "responded",
            format!("{}{}", stamp(at), hours(case.response_hours())),
        ));
    }
    if let Some(at) = case.resolved_at {
        out.push((
            "resolved",
            format!("{}{}", stamp(at), hours(case.resolution_hours())),
        ));
    }
    out.push(("resolution", case.resolution.clone()));
    out.retain(|(_, v)| !v.is_empty());
    out
}

fn deal_fields(deal: &Deal, customer: String) -> Fields {
    let mut out = vec![
        ("customer", customer),
        ("amount", format_money(deal.amount, &deal.currency)),
        ("stage", format!("{} · {}%", deal.stage, deal.probability)),
        ("status", deal.status.to_string()),
        ("reason", deal.reason.clone()),
        (
            "close",
            deal.expected_close
                .map(|d| format!("expected {}", d.format("%Y-%m-%d")))
                .unwrap_or_default(),
        ),
        ("closed", deal.closed_at.map(stamp).unwrap_or_default()),
        ("owner", deal.owner.clone()),
        ("created", stamp(deal.created_at)),
    ];
    for (n, step) in deal.history.iter().enumerate() {
        out.push((
            if n == 0 { "stages" } else { "" },
            format!("{} {}", step.at.format("%Y-%m-%d"), step.stage),
        ));
    }
    out.retain(|(_, v)| !v.is_empty());
    out
}

fn customer_fields(c: &Customer, now: DateTime<FixedOffset>) -> Fields {
    let last = match (c.last_contact_at, c.days_since_contact(now)) {
        (Some(at), Some(days)) => format!("{} ({days}d ago)", at.format("%Y-%m-%d")),
        _ => "never".to_string(),
    };
    let mut out = vec![
        ("title", c.title.clone()),
        ("stage", c.stage.to_string()),
        (
            "tags",
            c.tags
                .iter()
                .map(|t| format!("#{t}"))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        ("phones", c.phones.join(", ")),
        ("emails", c.emails.join(", ")),
        ("industry", c.industry.clone()),
        ("source", c.source.clone()),
        ("campaign", c.campaign.clone()),
        ("owner", c.owner.clone()),
        ("address", c.address.clone()),
        (
            "cadence",
            c.cadence.map(|d| format!("every {d}d")).unwrap_or_default(),
        ),
        ("timezone", c.timezone.clone().unwrap_or_default()),
        ("contacted", last),
        ("created", c.created_at.format("%Y-%m-%d").to_string()),
    ];
    for (n, (key, value)) in c.custom.iter().enumerate() {
        out.push((
            if n == 0 { "custom" } else { "" },
            format!("{key}: {value}"),
        ));
    }
    out.retain(|(_, v)| !v.is_empty());
    out.push((
        "notes",
        if c.notes.trim().is_empty() {
            "none yet".to_string()
        } else {
            c.notes.trim_end().to_string()
        },
    ));
    out
}
