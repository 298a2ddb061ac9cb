//! `rolo today`: the morning review; `--brief` for a status line,
//! `--ranked` for the one ordered queue and `--why` for its reasons.

use super::{App, Result, output, task::task_table};
use crate::queue::{self, Item, Ranked};
use crate::review;
use crate::store::{Reads, StoreError, current_user};
use clap::Args;

#[derive(Debug, Args)]
pub struct TodayArgs {
    /// One line: "3 overdue · 5 today · 2 quiet" (for a login message or tmux)
    #[arg(long, conflicts_with_all = ["ranked", "why"])]
    pub brief: bool,
    /// One list ranked by urgency: lateness, priority, deal value, cadence, open cases
    #[arg(long)]
    pub ranked: bool,
    /// With --ranked: say why each item is where it is (implies --ranked)
    #[arg(long)]
    pub why: bool,
    /// Only customers you own (owner = your Unix user)
    #[arg(long)]
    pub mine: bool,
    /// Rows per section, 0 = all [default: today_limit from config.toml, 20]
    #[arg(long, value_parser = super::parse_limit)]
    pub limit: Option<usize>,
}

pub fn run(app: &App, args: &TodayArgs) -> Result<()> {
    let limit = if args.brief {
        0
    } else {
        args.limit
            .unwrap_or(super::no_limit_if_zero(app.config.today_limit))
    };
    if args.ranked || args.why {
        return ranked(app, args, limit);
    }
    // The same gather as the app's Today view, so both list the same.
    let mut review = app.store.read(|r| {
        // `--mine` filters after reading, so read every row first.
        let read_limit = if args.mine { usize::MAX } else { limit };
        review::gather(r, app.now, read_limit, app.config.quiet_days)
    })?;
    if args.mine {
        review = mine_only(app, review, limit)?;
    }
    if app.json {
        return output::print_json(&review);
    }
    if args.brief {
        return output::print(&format!("{}\n", review.brief()));
    }
    output::print(&render(&review, app))
}

/// The review restricted to customers the user owns.
fn mine_only(app: &App, review: review::Review, limit: usize) -> Result<review::Review> {
    let task_owner = |t: &review::TaskRow| t.task.customer;
    Ok(review::Review {
        overdue: keep_mine(app, review.overdue, limit, task_owner)?,
        today: keep_mine(app, review.today, limit, task_owner)?,
        upcoming: keep_mine(app, review.upcoming, limit, task_owner)?,
        cases: keep_mine(app, review.cases, limit, |c| Some(c.case.customer))?,
        quiet: keep_mine(app, review.quiet, limit, |q| Some(q.id))?,
        as_of: review.as_of,
    })
}

fn keep_mine<T>(
    app: &App,
    section: review::Section<T>,
    limit: usize,
    customer: impl Fn(&T) -> Option<crate::domain::CustomerId>,
) -> Result<review::Section<T>> {
    let me = current_user();
    let mut rows = Vec::new();
    app.store.read(|r| {
        for row in section.rows {
            let owner = match customer(&row) {
                Some(id) => r.customer(id)?.map(|c| c.owner),
                None => None,
            };
            if owner.is_some_and(|o| o.trim().eq_ignore_ascii_case(&me)) {
                rows.push(row);
            }
        }
        Ok::<_, StoreError>(())
    })?;
    let total = rows.len() as u64;
    rows.truncate(limit);
    Ok(review::Section { total, rows })
}

fn ranked(app: &App, args: &TodayArgs, limit: usize) -> Result<()> {
    let me = current_user();
    let (mut ranked, mut total) = app.store.read(|r| {
        let read_limit = if args.mine { usize::MAX } else { limit };
        queue::gather(r, &app.config, app.now, read_limit)
    })?;
    if args.mine {
        ranked.retain(|r| {
            r.item
                .customer()
                .is_some_and(|c| c.owner.trim().eq_ignore_ascii_case(&me))
        });
        total = ranked.len();
        ranked.truncate(limit);
        for (i, r) in ranked.iter_mut().enumerate() {
            r.rank = i + 1;
        }
    }
    if app.json {
        return output::print_json(&ranked);
    }
    output::print(&render_ranked(&ranked, total, args.why, app))
}

fn render_ranked(ranked: &[Ranked], total: usize, why: bool, app: &App) -> String {
    let now = app.now.naive_local();
    let mut out = format!(
        "{} — {} in the queue, most urgent first\n\n",
        now.format("%A %Y-%m-%d"),
        total
    );
    if ranked.is_empty() {
        out.push_str("Nothing due, no open cases and nobody quiet.\n");
        return out;
    }
    let mut t = output::Table::new(&["  #", "SCORE", "WHAT", "CUSTOMER", "TOP REASON"])
        .right(1)
        .cap(2, 36)
        .cap(3, 24);
    for r in ranked {
        t.row(vec![
            format!("  {}", r.rank),
            r.score.to_string(),
            what(r),
            r.customer_name().unwrap_or("-").to_string(),
            r.reasons.first().map_or("-".into(), |x| x.label.clone()),
        ]);
    }
    if !why {
        out.push_str(&t.render());
        more(&mut out, total as u64, ranked.len());
        out.push_str("  (--why explains each score)\n");
        return out;
    }
    for r in ranked {
        out.push_str(&format!(
            "{:>3}. {} · {}\n",
            r.rank,
            what(r),
            r.customer_name().unwrap_or("-")
        ));
        for line in r.why().lines() {
            out.push_str(&format!("      {line}\n"));
        }
    }
    more(&mut out, total as u64, ranked.len());
    out
}

/// The item as a line: a task with its id, a case, or a quiet customer.
fn what(r: &Ranked) -> String {
    match &r.item {
        Item::Task { task, .. } => format!("task {} {}", task.id, task.title),
        _ => r.title(),
    }
}

fn render(review: &review::Review, app: &App) -> String {
    let now = app.now.naive_local();
    let mut out = format!("{} — {}\n", now.format("%A %Y-%m-%d"), review.brief());
    let cases = &review.cases;
    if review.is_empty() {
        out.push_str("\nNothing due and nobody waiting. Log a call with `rolo log` or add a task with `rolo task add`.\n");
        return out;
    }
    let sections = [
        ("Overdue", &review.overdue),
        ("Today", &review.today),
        ("Next 7 days", &review.upcoming),
    ];
    for (title, section) in sections {
        if section.total == 0 {
            continue;
        }
        out.push_str(&format!("\n{title} ({})\n", section.total));
        out.push_str(&task_table(&section.rows, now));
        more(&mut out, section.total, section.rows.len());
    }
    if cases.total > 0 {
        out.push_str(&format!("\nOpen cases ({})\n", cases.total));
        out.push_str(&case_table(&cases.rows, app));
        more(&mut out, cases.total, cases.rows.len());
    }
    if review.quiet.total > 0 {
        out.push_str(&format!("\nGone quiet ({})\n", review.quiet.total));
        let mut t = output::Table::new(&["  ID", "NAME", "COMPANY", "LAST CONTACT", "CADENCE"])
            .cap(1, 24)
            .cap(2, 30);
        for q in &review.quiet.rows {
            t.row(vec![
                format!("  {}", q.id),
                q.name.clone(),
                q.company.clone(),
                q.days_since_contact
                    .map_or("never".into(), |d| format!("{d}d ago")),
                q.cadence.map_or("-".into(), |d| format!("every {d}d")),
            ]);
        }
        out.push_str(&t.render());
        more(&mut out, review.quiet.total, review.quiet.rows.len());
    }
    out
}

fn case_table(cases: &[review::CaseRow], app: &App) -> String {
    let mut t = output::Table::new(&["  ID", "OPEN", "CUSTOMER", "CASE"])
        .right(1)
        .cap(2, 24);
    for row in cases {
        let c = &row.case;
        let waiting = if c.first_response_at.is_none() {
            " (no answer yet)"
        } else {
            ""
        };
        t.row(vec![
            format!("  {}", c.id),
            format!("{}d", c.age_days(app.now)),
            row.customer_name.clone().unwrap_or_else(|| "-".into()),
            format!("{}: {}{waiting}", c.kind, c.title),
        ]);
    }
    t.render()
}

fn more(out: &mut String, total: u64, shown: usize) {
    if total > shown as u64 {
        out.push_str(&format!(
            "  … and {} more (--limit N to see them)\n",
            total - shown as u64
        ));
    }
}
