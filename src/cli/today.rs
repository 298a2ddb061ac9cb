//! `rolo today`: the morning review; `--brief` for a status line.

use super::{App, output, task::task_table};
use crate::review;
use clap::Args;

#[derive(Debug, Args)]
pub struct TodayArgs {
    /// One line: "3 overdue · 5 today · 2 quiet" (for a login message or tmux)
    #[arg(long)]
    pub brief: bool,
    /// Rows per section [default: today_limit from config.toml, 20]
    #[arg(long)]
    pub limit: Option<usize>,
}

pub fn run(app: &App, args: &TodayArgs) -> anyhow::Result<()> {
    let limit = if args.brief {
        0
    } else {
        args.limit.unwrap_or(app.config.today_limit)
    };
    let review = app.store.read(|r| review::gather(r, app.now, limit, app.config.quiet_days))?;
    if app.json {
        return output::print_json(&review);
    }
    if args.brief {
        return output::print(&format!("{}\n", review.brief()));
    }
    output::print(&render(&review, app))
}

fn render(review: &review::Review, app: &App) -> String {
    let now = app.now.naive_local();
    let mut out = format!("{} — {}\n", now.format("%A %Y-%m-%d"), review.brief());
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

fn more(out: &mut String, total: u64, shown: usize) {
    if total > shown as u64 {
        out.push_str(&format!(
            "  … and {} more (--limit N to see them)\n",
            total - shown as u64
        ));
    }
}
