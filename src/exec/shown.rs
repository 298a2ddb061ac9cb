//! A timeline entry or a task one field at a time — what `rolo
//! interaction show` / `rolo task show` print and what the app's detail
//! view wraps — so both say the same thing the same way. Pure: the
//! caller reads the records (`show_interaction`, `show_task`).

use crate::dates;
use crate::domain::{Interaction, Order, Task, money};
use chrono::NaiveDateTime;

/// (label, value); a value empty or missing is left out, and a label of
/// `""` continues the field above on a line of its own.
pub type Fields = Vec<(&'static str, String)>;

fn push(out: &mut Fields, label: &'static str, value: String) {
    if !value.is_empty() {
        out.push((label, value));
    }
}

/// An interaction: its time, summary, feedback, outcome, author and the
/// task it created (`task`, when it is still there).
pub fn interaction_fields(i: &Interaction, task: Option<&Task>, now: NaiveDateTime) -> Fields {
    let mut out = Fields::new();
    push(
        &mut out,
        "at",
        i.at.format("%Y-%m-%d %H:%M %:z").to_string(),
    );
    push(&mut out, "summary", i.summary.clone());
    push(&mut out, "feedback", i.feedback.clone());
    push(
        &mut out,
        "outcome",
        i.outcome.map(|o| o.to_string()).unwrap_or_default(),
    );
    push(&mut out, "author", i.author.clone());
    let task = match (task, i.task) {
        (Some(t), _) => {
            let due = t.due.map_or("no due date".into(), |d| {
                format!("due {}", dates::humanize(d, now))
            });
            format!("{} {} · {due} · {}", t.id, t.title, t.status_word())
        }
        (None, Some(id)) => format!("{id} (no longer there)"),
        (None, None) => String::new(),
    };
    push(&mut out, "task", task);
    out
}

/// A task: its customer (`customer`, as a label; `None` for nobody), due
/// date, priority, status, recurrence, every snooze, the interaction it
/// came from (`origin`, when it is still there) and when it was created.
pub fn task_fields(
    t: &Task,
    customer: Option<String>,
    origin: Option<&Interaction>,
    now: NaiveDateTime,
) -> Fields {
    let mut out = Fields::new();
    push(&mut out, "customer", customer.unwrap_or_else(|| "-".into()));
    push(
        &mut out,
        "due",
        t.due
            .map_or("-".into(), |d| format!("{} ({d})", dates::humanize(d, now))),
    );
    push(&mut out, "priority", t.priority.to_string());
    push(&mut out, "status", t.status_word());
    push(
        &mut out,
        "repeats",
        t.recurrence
            .map(|r| format!("every {r}"))
            .unwrap_or_default(),
    );
    for (n, snooze) in t.snoozes.iter().enumerate() {
        let from = snooze.from.map_or("no date".into(), |d| d.to_string());
        push(
            &mut out,
            if n == 0 { "snoozed" } else { "" },
            format!(
                "{} from {from} to {}",
                snooze.at.format("%Y-%m-%d %H:%M"),
                snooze.to
            ),
        );
    }
    push(
        &mut out,
        "from",
        match (origin, t.origin) {
            (Some(i), _) => format!(
                "{} {} on {}: {}",
                i.kind,
                i.id,
                i.at.format("%Y-%m-%d"),
                i.summary
            ),
            (None, Some(id)) => format!("interaction {id} (no longer there)"),
            (None, None) => String::new(),
        },
    );
    push(
        &mut out,
        "created",
        t.created_at.format("%Y-%m-%d %H:%M").to_string(),
    );
    out
}

/// An order: its customer (as a label), amount, when it was placed, items,
/// payment, invoice, the deal it fulfils, owner and when it was recorded
/// (`rolo order show`, the app's record page).
pub fn order_fields(order: &Order, customer: String) -> Fields {
    let stamp = |at: chrono::DateTime<chrono::FixedOffset>| at.format("%Y-%m-%d %H:%M").to_string();
    let mut out = Fields::new();
    push(&mut out, "customer", customer);
    push(
        &mut out,
        "amount",
        money::format_money(order.amount, &order.currency),
    );
    push(&mut out, "placed", stamp(order.at));
    push(&mut out, "items", order.items.clone());
    push(
        &mut out,
        "payment",
        order.payment.map(|p| p.to_string()).unwrap_or_default(),
    );
    push(&mut out, "invoice", order.invoice.clone());
    push(
        &mut out,
        "deal",
        order.deal.map(|d| d.to_string()).unwrap_or_default(),
    );
    push(&mut out, "owner", order.owner.clone());
    push(&mut out, "recorded", stamp(order.created_at));
    out
}
