//! `rolo task add|done|snooze|list|show|edit|rm`.

use super::{App, Result, UsageError, output};
use crate::dates;
use crate::domain::{NewTask, Priority, Recurrence, TaskId, TaskPatch, ids::parse_id};
use crate::exec::{self, TaskShown, cli_ref};
use crate::review::{self, TaskRow};
use crate::store::Reads;
use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum TaskCommand {
    /// Queue a task, for a customer or (with "-") for nobody in particular
    Add(AddArgs),
    /// Complete tasks by id (a recurring task queues its next occurrence)
    Done {
        /// Task ids, e.g. 12 or #12
        #[arg(required = true, value_parser = parse_task_id)]
        ids: Vec<TaskId>,
    },
    /// Move a task's due date
    Snooze {
        #[arg(value_parser = parse_task_id)]
        id: TaskId,
        /// New due date: tomorrow, mon, +3d, 2026-12-01 2pm, 下周一 …
        #[arg(required = true, num_args = 1..)]
        when: Vec<String>,
    },
    /// Open tasks: overdue and today by default (cancelled and done ones: `task show`)
    List(ListArgs),
    /// One task: its customer, due date, status, repeats, snoozes and the call it came from
    Show {
        #[arg(value_parser = parse_task_id)]
        id: TaskId,
    },
    /// Correct a task (correcting the due date is not a snooze: none is recorded)
    Edit(EditArgs),
    /// Take a task off the queue: it is cancelled and kept in the history
    Rm {
        #[arg(value_parser = parse_task_id)]
        id: TaskId,
    },
}

#[derive(Debug, Args)]
pub struct EditArgs {
    #[arg(value_parser = parse_task_id)]
    pub id: TaskId,
    #[arg(long)]
    pub title: Option<String>,
    /// New due date: fri, tomorrow 2pm, +3d, 2026-12-01, 周五 …
    #[arg(long, value_name = "WHEN", conflicts_with = "no_due")]
    pub due: Option<String>,
    /// No due date
    #[arg(long)]
    pub no_due: bool,
    /// low, normal or high
    #[arg(long, value_parser = |s: &str| Priority::parse(s).map_err(|e| e.to_string()))]
    pub priority: Option<Priority>,
    /// Repeat every N days/weeks/months: 3d, 2w, 1m; a trailing ! counts from completion (2w!)
    #[arg(long, value_name = "N{d,w,m}", conflicts_with = "no_every", value_parser = |s: &str| Recurrence::parse(s).map_err(|e| e.to_string()))]
    pub every: Option<Recurrence>,
    /// Stop repeating
    #[arg(long)]
    pub no_every: bool,
    /// Another customer (#id, name, company, email or phone), or "-" for none
    #[arg(long, value_name = "REF")]
    pub customer: Option<String>,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Customer (#id, name, company, email or phone), or "-" for none
    pub customer: String,
    pub title: String,
    /// Due date: fri, tomorrow 2pm, +3d, 2026-12-01, 周五 …
    #[arg(long, value_name = "WHEN")]
    pub due: Option<String>,
    /// low, normal or high
    #[arg(long, value_parser = |s: &str| Priority::parse(s).map_err(|e| e.to_string()))]
    pub priority: Option<Priority>,
    /// Repeat every N days/weeks/months: 3d, 2w, 1m; a trailing ! counts from completion (2w!)
    #[arg(long, value_name = "N{d,w,m}", value_parser = |s: &str| Recurrence::parse(s).map_err(|e| e.to_string()))]
    pub every: Option<Recurrence>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only overdue tasks
    #[arg(long, group = "window")]
    pub overdue: bool,
    /// Only tasks due today
    #[arg(long, group = "window")]
    pub today: bool,
    /// Overdue, today and the next 7 days
    #[arg(long, group = "window")]
    pub week: bool,
    /// Every open task, however far out or undated
    #[arg(long, group = "window")]
    pub all: bool,
    /// Only tasks for customers you own (your Unix user)
    #[arg(long)]
    pub mine: bool,
    /// At most this many rows (0 = all)
    #[arg(long, default_value = "200", value_parser = super::parse_limit)]
    pub limit: usize,
}

fn parse_task_id(s: &str) -> Result<TaskId, String> {
    parse_id(s).map(TaskId).ok_or_else(|| {
        crate::domain::ids::out_of_range(s, "task id").unwrap_or_else(|| {
            format!("\"{s}\" is not a task id (expected a number like 12 or #12)")
        })
    })
}

pub fn run(app: &App, cmd: &TaskCommand) -> Result<()> {
    let ctx = app.ctx();
    let wall = app.now.naive_local();
    let done = match cmd {
        TaskCommand::Add(args) => {
            let task = NewTask {
                customer: None,
                title: args.title.clone(),
                due: args
                    .due
                    .as_deref()
                    .map(|w| dates::parse_due(w, wall))
                    .transpose()?,
                priority: args.priority.unwrap_or_default(),
                recurrence: args.every,
            };
            if args.every.is_some() && task.due.is_none() {
                return Err(UsageError(
                    "a repeating task needs --due for its first occurrence".into(),
                )
                .into());
            }
            let customer = (args.customer != "-").then(|| cli_ref(&args.customer));
            exec::add_task(&ctx, customer.as_ref(), task)?
        }
        TaskCommand::Done { ids } => exec::complete(&ctx, ids)?,
        TaskCommand::Snooze { id, when } => {
            let until = dates::parse_due(&when.join(" "), wall)?;
            exec::run(&ctx, crate::palette::Command::Snooze { task: *id, until })?
        }
        TaskCommand::List(args) => return list(app, args),
        TaskCommand::Show { id } => {
            let shown = exec::show_task(&ctx, *id)?;
            if app.json {
                return output::print_json(&shown);
            }
            return output::print(&render(&shown, wall));
        }
        TaskCommand::Edit(args) => {
            let (patch, customer) = edit_patch(args, wall)?;
            exec::edit_task(&ctx, args.id, patch, customer.as_ref().map(Option::as_ref))?
        }
        TaskCommand::Rm { id } => exec::cancel_task(&ctx, *id)?,
    };
    super::log::print_done(app, &done)
}

/// The patch `task edit` describes, and its customer in words (`-`: none).
fn edit_patch(
    args: &EditArgs,
    wall: chrono::NaiveDateTime,
) -> Result<(TaskPatch, Option<Option<crate::palette::CustomerRef>>)> {
    let due = match (&args.due, args.no_due) {
        (_, true) => Some(None),
        (Some(w), false) => Some(Some(dates::parse_due(w, wall)?)),
        (None, false) => None,
    };
    let patch = TaskPatch {
        title: args.title.clone(),
        due,
        priority: args.priority,
        recurrence: if args.no_every {
            Some(None)
        } else {
            args.every.map(Some)
        },
        customer: None,
    };
    let customer = args
        .customer
        .as_deref()
        .map(|c| (c.trim() != "-").then(|| cli_ref(c)));
    if patch.is_empty() && customer.is_none() {
        return Err(UsageError(
            "nothing to change: give at least one of --title, --due, --no-due, --priority, \
             --every, --no-every, --customer (see `rolo task edit --help`)"
                .into(),
        )
        .into());
    }
    Ok((patch, customer))
}

/// A task, one field a line.
fn render(s: &TaskShown, now: chrono::NaiveDateTime) -> String {
    let t = &s.task;
    let mut out = format!("task {} · {}\n", t.id, t.title);
    let customer = s
        .customer
        .as_ref()
        .map(|c| format!("{} ({})", c.label(), c.id));
    output::push_fields(
        &mut out,
        &exec::shown::task_fields(t, customer, s.origin.as_ref(), now),
    );
    out
}

fn list(app: &App, args: &ListArgs) -> Result<()> {
    let [overdue, today, week] = review::windows(app.now.naive_local());
    let window = if args.overdue {
        overdue
    } else if args.today {
        today
    } else if args.week {
        overdue.start..week.end
    } else if args.all {
        i64::MIN..i64::MAX
    } else {
        overdue.start..today.end
    };
    let rows = app.store.read(|r| {
        if !args.mine {
            return review::task_rows(r, r.open_tasks(window, args.limit)?);
        }
        // Whose a task is follows its customer's owner; a task for nobody is no one's.
        let me = crate::store::current_user();
        let mut mine = Vec::new();
        for task in r.open_tasks(window, usize::MAX)? {
            if mine.len() >= args.limit {
                break;
            }
            let owner = match task.customer {
                Some(id) => r.customer(id)?.map(|c| c.owner),
                None => None,
            };
            if owner.is_some_and(|o| o.trim().eq_ignore_ascii_case(&me)) {
                mine.push(task);
            }
        }
        review::task_rows(r, mine)
    })?;
    if app.json {
        return output::print_json(&rows);
    }
    if rows.is_empty() {
        return output::print("No open tasks in this window.\n");
    }
    output::print(&task_table(&rows, app.now.naive_local()))
}

/// The task columns shared by `task list` and `today`.
pub fn task_table(rows: &[TaskRow], now: chrono::NaiveDateTime) -> String {
    let mut t = output::Table::new(&["  ID", "DUE", "CUSTOMER", "TITLE"]).cap(2, 24);
    for row in rows {
        let task = &row.task;
        let mut title = task.title.clone();
        if task.priority == Priority::High {
            title = format!("! {title}");
        }
        if let Some(rule) = task.recurrence {
            title.push_str(&format!("  (every {rule})"));
        }
        t.row(vec![
            format!("  {}", task.id),
            task.due.map_or("-".into(), |d| dates::humanize(d, now)),
            row.customer_name.clone().unwrap_or_else(|| "-".into()),
            title,
        ]);
    }
    t.render()
}
