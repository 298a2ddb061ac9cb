//! What a key acts on (DESIGN §12): the visibly selected row of the
//! focused pane, and nothing else. Every command that acts on a row asks
//! here; each answer is a row the screen marks as selected, or a refusal
//! the toast shows.
//!
//! - An overlay has the keys: no row key reaches the rows behind it.
//! - Main view, Tasks focused: the task or case under its cursor, and
//!   that row's customer.
//! - Main view, Customers or Timeline focused: the selected customer. A
//!   task key (done, snooze) acts on the Tasks pane's selected row only
//!   when it is that customer's; otherwise "select a task first", never a
//!   row of someone else (the "everyone" queue's top row was, once).
//! - Today: its selected row — a task, a case or a quiet customer.
//! - Deals: the selected deal, and its customer.
//! - Reports: nothing.
//!
//! The row keys (Enter shows a row whole, `E` edits it, `d` deletes it)
//! act on the selected row of the focused pane as a record ([`record`]):
//! a customer, a timeline entry (an interaction, or a case or deal event)
//! or a task or case of the Tasks pane — and, in the detail view, on the
//! record it shows, which is then the one on screen.

use super::super::model::{Model, Pane, Screen};
use crate::config::keymap::Mode;
use crate::domain::{CaseId, Customer, CustomerId, DealId, TaskId};
use crate::queue::Item;
use crate::tui::show::Shown;
use crate::tui::view::{Entry, QueueRow, entries, queue_rows};

/// Said when a row key arrives while an overlay has the keys.
const BEHIND_OVERLAY: &str = "Close the overlay first";

/// A customer as a message names them.
#[derive(Debug, Clone, PartialEq)]
pub struct Whom {
    pub id: CustomerId,
    pub name: String,
}

/// A selected row, with what a message needs to name it.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    Task {
        id: TaskId,
        title: String,
        customer: Option<Whom>,
    },
    Case {
        id: CaseId,
        title: String,
        customer: Whom,
    },
    Customer(Whom),
    Deal {
        id: DealId,
        title: String,
        customer: Whom,
    },
}

impl Row {
    /// The customer the row is about, if any.
    pub fn customer(&self) -> Option<&Whom> {
        match self {
            Row::Task { customer, .. } => customer.as_ref(),
            Row::Case { customer, .. } | Row::Deal { customer, .. } | Row::Customer(customer) => {
                Some(customer)
            }
        }
    }

    /// `#11 send quote (Ann Lee)`: how toasts and pickers name the row.
    pub fn label(&self) -> String {
        let (id, title) = match self {
            Row::Task { id, title, .. } => (id.to_string(), title),
            Row::Case { id, title, .. } => (id.to_string(), title),
            Row::Deal { id, title, .. } => (id.to_string(), title),
            Row::Customer(whom) => return format!("{} {}", whom.id, whom.name),
        };
        match self.customer() {
            Some(whom) if !whom.name.is_empty() => format!("{id} {title} ({})", whom.name),
            _ => format!("{id} {title}"),
        }
    }
}

/// The visibly selected row of the focused pane (whatever an overlay covers).
pub fn selected(model: &Model) -> Option<Row> {
    match model.view {
        Screen::Main if model.focus == Pane::Tasks => pane_row(model),
        Screen::Main => model.selected_row().map(|r| {
            Row::Customer(Whom {
                id: r.id,
                name: r.name.clone(),
            })
        }),
        Screen::Today => today_row(model),
        Screen::Deals => model.deals.selected().map(|d| Row::Deal {
            id: d.id,
            title: d.title.clone(),
            customer: Whom {
                id: d.customer,
                name: d.customer_name.clone(),
            },
        }),
        Screen::Reports => None,
    }
}

/// The task or case a done or snooze key acts on, or why there is none.
pub fn work(model: &Model) -> Result<Row, String> {
    if model.overlay.is_some() {
        return Err(BEHIND_OVERLAY.into());
    }
    match selected(model) {
        Some(row @ (Row::Task { .. } | Row::Case { .. })) => Ok(row),
        // The customer's panes: their task selected in the Tasks pane, only.
        Some(Row::Customer(whom)) if model.view == Screen::Main => match pane_row(model) {
            Some(row) if row.customer().map(|c| c.id) == Some(whom.id) => Ok(row),
            _ => {
                let key = model
                    .keymap
                    .hint(Mode::Main, "focus tasks")
                    .map_or(String::new(), |k| format!(" ({k} focuses Tasks)"));
                Err(format!("Select a task of {} first{key}", whom.name))
            }
        },
        _ => Err("Select a task first".into()),
    }
}

/// The customer a customer key acts on: `Ok(None)` when the focused pane
/// selects no one (a prefill then names no customer).
pub fn customer(model: &Model) -> Result<Option<Whom>, String> {
    if model.overlay.is_some() {
        return Err(BEHIND_OVERLAY.into());
    }
    Ok(match selected(model) {
        Some(row) => row.customer().cloned(),
        // An empty "this customer" Tasks pane is still that customer's.
        None if model.view == Screen::Main
            && model.scope == super::super::model::Scope::Customer =>
        {
            model.selected_row().map(|r| Whom {
                id: r.id,
                name: r.name.clone(),
            })
        }
        None => None,
    })
}

/// The full record of the customer a customer key acts on (edit, notes,
/// copy): only the one whose card is loaded can be, as the card shows it.
pub fn customer_record(model: &Model) -> Result<Customer, String> {
    let Some(whom) = customer(model)? else {
        return Err("Select a customer first".into());
    };
    match &model.detail {
        Some(detail) if detail.customer.id == whom.id => Ok(detail.customer.clone()),
        _ if model.selected_id() == Some(whom.id) => {
            Err(format!("{} is still loading; try again", whom.name))
        }
        _ => Err(format!(
            "Open {} first: their card is not on screen",
            whom.name
        )),
    }
}

/// The record a row key (show, edit, delete) acts on, whole: the detail
/// view's own, else the visibly selected row of the focused pane.
pub fn record(model: &Model) -> Result<Shown, String> {
    match &model.overlay {
        Some(super::super::model::Overlay::Show(show)) => return Ok(show.shown.clone()),
        Some(_) => return Err(BEHIND_OVERLAY.into()),
        None => {}
    }
    match (model.view, model.focus) {
        (Screen::Main, Pane::Customers) => {
            customer_record(model).map(|c| Shown::Customer(Box::new(c)))
        }
        (Screen::Main, Pane::Timeline) => timeline_record(model),
        (Screen::Main, Pane::Tasks) => match queue_rows(model).get(model.task_cursor.index) {
            Some(QueueRow::Task(row)) => {
                Ok(task_record(model, &row.task, row.customer_name.clone()))
            }
            Some(QueueRow::Case(row)) => Ok(Shown::Case {
                case: Box::new(row.case.clone()),
                customer: Whom {
                    id: row.case.customer,
                    name: row.customer_name.clone().unwrap_or_default(),
                },
            }),
            None => Err("No task selected".into()),
        },
        (Screen::Today, _) => match super::today::rows(model).get(model.today.index) {
            Some(super::today::Item::Task(_, row)) if !model.today_ranked => {
                Ok(task_record(model, &row.task, row.customer_name.clone()))
            }
            _ => Err("Select a task first".into()),
        },
        _ => Err("Select a row first".into()),
    }
}

/// The Timeline pane's selected entry, whole, with what it names.
pub fn timeline_record(model: &Model) -> Result<Shown, String> {
    let Some(row) = model.selected_row() else {
        return Err("Select a customer first".into());
    };
    let detail = match &model.detail {
        Some(d) if d.customer.id == row.id => d,
        _ => return Err(format!("{} is still loading; try again", row.name)),
    };
    let customer = Whom {
        id: detail.customer.id,
        name: detail.customer.name.clone(),
    };
    let all = entries(detail, model.current_sales());
    match all.get(model.timeline.index) {
        Some(Entry::Logged(i)) => Ok(Shown::Interaction {
            interaction: Box::new((*i).clone()),
            task: i
                .task
                .and_then(|t| detail.tasks.iter().find(|task| task.id == t))
                .map(|t| Box::new(t.clone())),
            customer,
        }),
        Some(Entry::CaseOpened(case) | Entry::CaseResolved(case)) => Ok(Shown::Case {
            case: Box::new((*case).clone()),
            customer,
        }),
        Some(Entry::DealClosed(deal)) => Ok(Shown::Deal {
            deal: Box::new((*deal).clone()),
            customer,
        }),
        Some(Entry::Ordered(order)) => Ok(Shown::Order {
            order: Box::new((*order).clone()),
            customer,
        }),
        None => Err(format!("Nothing on {}'s timeline yet", customer.name)),
    }
}

/// A task, with what the card on screen says about it (the entry it came
/// from, when it is this customer's; the store fills in the rest).
fn task_record(model: &Model, task: &crate::domain::Task, name: Option<String>) -> Shown {
    let card = model
        .detail
        .as_ref()
        .filter(|d| task.customer == Some(d.customer.id));
    let origin = task.origin.and_then(|id| {
        card.and_then(|d| d.timeline.iter().find(|i| i.id == id))
            .map(|i| Box::new(i.clone()))
    });
    Shown::Task {
        customer: task.customer.map(|id| Whom {
            id,
            name: name.unwrap_or_default(),
        }),
        task: Box::new(task.clone()),
        origin,
    }
}

/// The deal a deal key acts on.
pub fn deal(model: &Model) -> Result<Row, String> {
    if model.overlay.is_some() {
        return Err(BEHIND_OVERLAY.into());
    }
    match selected(model) {
        Some(row @ Row::Deal { .. }) => Ok(row),
        _ => Err("Select a deal first".into()),
    }
}

/// The Tasks pane's row under its cursor.
fn pane_row(model: &Model) -> Option<Row> {
    Some(match queue_rows(model).get(model.task_cursor.index)? {
        QueueRow::Task(row) => Row::Task {
            id: row.task.id,
            title: row.task.title.clone(),
            customer: row.task.customer.map(|id| Whom {
                id,
                name: row.customer_name.clone().unwrap_or_default(),
            }),
        },
        QueueRow::Case(row) => Row::Case {
            id: row.case.id,
            title: row.case.title.clone(),
            customer: Whom {
                id: row.case.customer,
                name: row.customer_name.clone().unwrap_or_default(),
            },
        },
    })
}

/// The Today view's selected row, ranked or by sections: a task, a case
/// or a customer gone quiet.
fn today_row(model: &Model) -> Option<Row> {
    let whom = |w: &crate::queue::Who| Whom {
        id: w.id,
        name: w.name.clone(),
    };
    if model.today_ranked {
        let ranked = model.ranked.as_ref()?.rows.get(model.today.index)?;
        return Some(match &ranked.item {
            Item::Task { task, customer } => Row::Task {
                id: task.id,
                title: task.title.clone(),
                customer: customer.as_ref().map(whom).or(task.customer.map(|id| Whom {
                    id,
                    name: String::new(),
                })),
            },
            Item::Case { case, customer } => Row::Case {
                id: case.id,
                title: case.title.clone(),
                customer: whom(customer),
            },
            Item::Quiet { customer } => Row::Customer(whom(customer)),
        });
    }
    let rows = super::today::rows(model);
    Some(match rows.get(model.today.index)? {
        super::today::Item::Task(_, row) => Row::Task {
            id: row.task.id,
            title: row.task.title.clone(),
            customer: row.task.customer.map(|id| Whom {
                id,
                name: row.customer_name.clone().unwrap_or_default(),
            }),
        },
        super::today::Item::Case(row) => Row::Case {
            id: row.case.id,
            title: row.case.title.clone(),
            customer: Whom {
                id: row.case.customer,
                name: row.customer_name.clone().unwrap_or_default(),
            },
        },
        super::today::Item::Quiet(row) => Row::Customer(Whom {
            id: row.id,
            name: row.name.clone(),
        }),
    })
}
