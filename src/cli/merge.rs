//! `rolo merge KEEP OTHER [--yes]`: two cards that are one person become
//! one. Both are named exactly (`#id`, or a name, email or phone), since
//! the other card goes; on a terminal rolo shows what moves and asks, off
//! one it needs `--yes`. `rolo undo` takes the merge back.

use super::{App, Result, UsageError};
use crate::exec::{self, cli_ref};
use crate::store::MergePlan;
use clap::Args;
use std::io::{BufRead, IsTerminal, Write};

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The customer to keep: #id, or an exact name, email or phone
    pub keep: String,
    /// The customer merged into it, whose card goes: #id, or an exact name, email or phone
    pub other: String,
    /// Merge without asking (required when not on a terminal)
    #[arg(long)]
    pub yes: bool,
}

pub fn run(app: &App, args: &MergeArgs) -> Result<()> {
    let ctx = app.ctx();
    let (keep, other) = (cli_ref(&args.keep), cli_ref(&args.other));
    let done = if args.yes {
        exec::merge(&ctx, &keep, &other)?
    } else {
        let plan = exec::plan_merge(&ctx, &keep, &other)?;
        confirm(&plan)?;
        exec::merge_ids(&ctx, plan.keep.id, plan.other.id)?
    };
    super::log::print_done(app, &done)
}

/// On a terminal, show what the merge does and ask; anywhere else refuse:
/// a script must say `--yes`.
fn confirm(plan: &MergePlan) -> Result<()> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() || !std::io::stderr().is_terminal() {
        return Err(UsageError(format!(
            "merging {} into {} removes {}'s card; not on a terminal, so not asking: pass --yes \
             (`rolo undo` takes a merge back)",
            plan.other.id, plan.keep.id, plan.other.id
        ))
        .into());
    }
    let mut err = std::io::stderr().lock();
    write!(
        err,
        "{}Merge? [y/N] ",
        crate::text::sanitize_lines(&describe(plan))
    )?;
    err.flush()?;
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer)?;
    if matches!(answer.trim().to_lowercase().as_str(), "y" | "yes") {
        return Ok(());
    }
    Err(UsageError("not confirmed; nothing was merged".into()).into())
}

/// What a merge will do, for the question (raw text: sanitize to show it).
pub fn describe(plan: &MergePlan) -> String {
    let (k, o) = (&plan.keep, &plan.other);
    let moved = plan.moved();
    let n = |count: usize, what: &str| match count {
        1 => format!("1 {what}"),
        _ => format!("{count} {what}s"),
    };
    let mut out = format!(
        "Merge {} {} into {} {}:\n  moves {}, {}, {}, {}, {} to {}\n",
        o.id,
        o.label(),
        k.id,
        k.label(),
        n(moved.interactions, "interaction"),
        n(moved.tasks, "task"),
        n(moved.deals, "deal"),
        n(moved.cases, "case"),
        n(moved.orders, "order"),
        k.id,
    );
    let added = |before: &[String], after: &[String]| -> Vec<String> {
        after[before.len().min(after.len())..].to_vec()
    };
    for (what, new) in [
        ("emails", added(&k.emails, &plan.merged.emails)),
        ("phones", added(&k.phones, &plan.merged.phones)),
        ("tags", added(&k.tags, &plan.merged.tags)),
    ] {
        if !new.is_empty() {
            out.push_str(&format!("  adds {what}: {}\n", new.join(", ")));
        }
    }
    // What else the kept card takes from the other: its empty fields filled,
    // custom fields it lacks, the other's notes after its own.
    let filled: Vec<&str> = crate::domain::changed_fields(k, &plan.merged)
        .into_iter()
        .filter(|f| !matches!(*f, "emails" | "phones" | "tags"))
        .map(|f| match f {
            "custom" => "custom fields",
            other => other,
        })
        .collect();
    if !filled.is_empty() {
        out.push_str(&format!("  fills in: {}\n", filled.join(", ")));
    }
    if !plan.conflicts.is_empty() {
        out.push_str(&format!("  keeps {}'s value where they differ:\n", k.id));
        for c in &plan.conflicts {
            out.push_str(&format!(
                "    {}: \"{}\" (drops \"{}\")\n",
                c.label(),
                c.kept,
                c.dropped
            ));
        }
    }
    out.push_str(&format!(
        "  {}'s card is removed; `rolo undo` takes the merge back.\n",
        o.id
    ));
    out
}
