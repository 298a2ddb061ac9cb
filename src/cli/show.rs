//! `rolo show REF`: the card, the timeline (newest first) and open tasks.

use super::{App, output};
use crate::dates;
use crate::domain::{Customer, Interaction, Task};
use crate::exec::{self, cli_ref};
use crate::store::View;
use crate::text::sanitize;
use chrono::{DateTime, FixedOffset};
use clap::Args;
use serde::Serialize;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Customer: #id, name, company, email or phone
    pub customer: String,
    /// How many timeline entries to show
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
}

#[derive(Serialize)]
struct Shown {
    customer: Customer,
    timeline: Vec<Interaction>,
    tasks: Vec<Task>,
}

pub fn run(app: &App, args: &ShowArgs) -> anyhow::Result<()> {
    let shown = app.store.read(|r| {
        let customer = exec::resolve_in(r, &cli_ref(&args.customer))?;
        let timeline = r.timeline(customer.id, args.limit)?;
        let mut tasks: Vec<Task> = r
            .customer_tasks(customer.id)?
            .into_iter()
            .filter(Task::is_open)
            .collect();
        tasks.sort_by_key(|t| t.due.map_or(i64::MAX, |d| d.sort_key()));
        Ok::<_, exec::ExecError>(Shown {
            customer,
            timeline,
            tasks,
        })
    })?;
    if app.json {
        return output::print_json(&shown);
    }
    output::print(&render(&shown, app.now))
}

fn render(s: &Shown, now: DateTime<FixedOffset>) -> String {
    let c = &s.customer;
    let wall = now.naive_local();
    let mut out = format!("{}  {}\n", sanitize(&c.name), c.id);
    let headline: Vec<&str> = [c.company.as_str(), c.title.as_str(), c.stage.as_str()]
        .into_iter()
        .filter(|x| !x.is_empty())
        .collect();
    out.push_str(&format!("  {}\n", sanitize(&headline.join(" · "))));
    let mut line = |label: &str, value: String| {
        if !value.is_empty() {
            out.push_str(&format!("  {label:<13}{}\n", sanitize(&value)));
        }
    };
    line("tags", c.tags.join(", "));
    line("email", c.emails.join(", "));
    line("phone", c.phones.join(", "));
    line("industry", c.industry.clone());
    line("source", c.source.clone());
    line("owner", c.owner.clone());
    line("address", c.address.clone());
    line(
        "last contact",
        match (c.last_contact_at, c.days_since_contact(now)) {
            (Some(at), Some(days)) => format!("{} ({})", at.format("%Y-%m-%d"), days_ago(days)),
            _ => "never".into(),
        },
    );
    if let Some(days) = c.cadence {
        let state = match c.quiet_from() {
            Some(quiet) if quiet < now => " — overdue for contact",
            _ => "",
        };
        line("cadence", format!("every {days} days{state}"));
    }
    for (k, v) in &c.custom {
        line(k, v.clone());
    }
    line("notes", c.notes.clone());

    out.push_str(&format!("\nOpen tasks ({})\n", s.tasks.len()));
    if s.tasks.is_empty() {
        out.push_str("  none\n");
    } else {
        let mut t = output::Table::new(&["  ID", "DUE", "PRIORITY", "TITLE"]);
        for task in &s.tasks {
            t.row(vec![
                format!("  {}", task.id),
                task.due.map_or("-".into(), |d| dates::humanize(d, wall)),
                task.priority.to_string(),
                task.title.clone(),
            ]);
        }
        out.push_str(&t.render());
    }

    out.push_str(&format!("\nTimeline ({} shown)\n", s.timeline.len()));
    if s.timeline.is_empty() {
        out.push_str("  nothing logged yet\n");
    } else {
        let mut t = output::Table::new(&["  WHEN", "KIND", "SUMMARY"]);
        for i in &s.timeline {
            let mut summary = i.summary.clone();
            if let Some(o) = i.outcome {
                summary = format!("[{o}] {summary}").trim_end().to_string();
            }
            if !i.feedback.is_empty() {
                summary.push_str(&format!(" — “{}”", i.feedback));
            }
            if let Some(task) = i.task {
                summary.push_str(&format!(" → task {task}"));
            }
            t.row(vec![
                format!("  {}", i.at.format("%Y-%m-%d %H:%M")),
                i.kind.to_string(),
                summary,
            ]);
        }
        out.push_str(&t.render());
    }
    out
}

fn days_ago(days: i64) -> String {
    match days {
        0 => "today".into(),
        1 => "yesterday".into(),
        d if d < 0 => "in the future".into(),
        d => format!("{d} days ago"),
    }
}
