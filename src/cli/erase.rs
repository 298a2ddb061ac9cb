//! `rolo erase REF --yes`: the right to erasure (GDPR Art. 17, PIPL Art. 47).
//! The customer, their interactions, tasks, deals and cases go in one
//! transaction (the prompt and the summary name each count), the
//! audit trail forgets whom its entries were about, and the file is
//! rewritten so the deleted values do not linger in free pages.

use super::{App, CliError, Result, UsageError, output};
use crate::domain::Customer;
use crate::exec;
use crate::store::{Erased, OlderCopies, Reads, Scrubbed};
use crate::text::sanitize;
use clap::Args;
use serde::Serialize;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct EraseArgs {
    /// Customer: #id, name, company, email or phone
    #[arg(required_unless_present = "compact")]
    pub customer: Option<String>,
    /// Erase without asking (required when not on a terminal)
    #[arg(long)]
    pub yes: bool,
    /// Only rewrite the file so nothing deleted lingers in it (no customer)
    #[arg(long, conflicts_with = "customer")]
    pub compact: bool,
}

/// What `--json` prints. No name: the output may end up in a log.
#[derive(Serialize)]
struct Report<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    erased: Option<&'a Erased>,
    file: &'a Scrubbed,
    /// Backups beside the database, taken before: they may still hold them.
    older_backups: &'a [PathBuf],
    /// Databases a restore replaced, kept beside this one: the same.
    replaced_databases: &'a [PathBuf],
}

pub fn run(app: &App, args: &EraseArgs) -> Result<()> {
    let erased = match &args.customer {
        Some(reference) => Some(erase(app, reference, args.yes)?),
        None => None,
    };
    if app.store.is_team() {
        return erased_from_team(app, args, erased.as_ref());
    }
    let file = app.store.scrub_file().map_err(|e| match &erased {
        Some(done) => CliError::failure(anyhow::anyhow!(
            "customer {} was erased, but the file could not be rewritten ({e}); deleted values \
             may remain in its free pages until `rolo erase --compact` succeeds",
            done.customer
        )),
        None => e.into(),
    })?;
    let older = match &erased {
        Some(_) => app.store.older_copies(),
        None => OlderCopies::default(),
    };
    if app.json {
        return output::print_json(&Report {
            erased: erased.as_ref(),
            file: &file,
            older_backups: &older.backups,
            replaced_databases: &older.replaced,
        });
    }
    let mut out = String::new();
    if let Some(e) = &erased {
        out.push_str(&erased_line(e));
    }
    out.push_str(&format!(
        "Database rewritten: {} → {}{}.\n",
        size(file.bytes_before),
        size(file.bytes_after),
        if file.old_file_zeroed {
            ", the old file overwritten with zeros"
        } else {
            ""
        }
    ));
    if let Some(note) = note(&older) {
        output::note(&note);
    }
    output::print(&out)
}

fn erased_line(e: &Erased) -> String {
    format!(
        "Erased {} {}: {}; {} audit entr{} anonymised.\n",
        e.customer,
        sanitize(&e.name),
        taken(&Taken {
            interactions: e.interactions,
            tasks: e.tasks,
            deals: e.deals,
            cases: e.cases,
            orders: e.orders,
        }),
        e.audit_entries_scrubbed,
        plural(e.audit_entries_scrubbed, "y", "ies"),
    )
}

/// On a team database there is no file to rewrite: the rows are deleted
/// and the audit trail anonymised by the database itself (`audit_row`);
/// old row versions stay in PostgreSQL's pages until it vacuums them.
fn erased_from_team(app: &App, args: &EraseArgs, erased: Option<&Erased>) -> Result<()> {
    let Some(e) = erased else {
        return Err(super::UsageError(format!(
            "`rolo erase --compact` rewrites a database file; {} is a team database, where \
             PostgreSQL's VACUUM (FULL) reclaims deleted rows",
            crate::store::pg::redact(&app.store.path().to_string_lossy())
        ))
        .into());
    };
    debug_assert!(args.customer.is_some());
    if app.json {
        return output::print_json(e);
    }
    output::note(
        "Note: PostgreSQL keeps old row versions until it vacuums the tables, and its own \
         backups and WAL archives may hold them: those are the database admin's to expire.\n",
    );
    output::print(&erased_line(e))
}

/// The files made before the erasure that may still hold the person,
/// each by path; `None` when there are none.
fn note(older: &OlderCopies) -> Option<String> {
    let n = older.backups.len() + older.replaced.len();
    if n == 0 {
        return None;
    }
    let mut out = if n == 1 {
        "Note: this file was made before the erasure and may still hold them:\n".to_string()
    } else {
        format!("Note: these {n} files were made before the erasure and may still hold them:\n")
    };
    for path in &older.backups {
        out.push_str(&format!(
            "  {}  (backup)\n",
            sanitize(&path.display().to_string())
        ));
    }
    for path in &older.replaced {
        out.push_str(&format!(
            "  {}  (the database a restore replaced)\n",
            sanitize(&path.display().to_string())
        ));
    }
    out.push_str(&format!(
        "Delete {} if the erasure must reach {}; automatic backups (rolo-auto-…) also \
         rotate out after `backup_keep` days. Backups written elsewhere with --to are not \
         listed.\n",
        if n == 1 { "it" } else { "them" },
        if n == 1 { "it too" } else { "them too" },
    ));
    Some(out)
}

/// Resolve, confirm and erase in one write transaction.
fn erase(app: &App, reference: &str, yes: bool) -> Result<Erased> {
    let target = if yes {
        None
    } else {
        let (customer, goes) = app.store.read(|r| {
            let c = exec::resolve_exact_in(r, reference)?;
            let goes = Taken {
                interactions: r.interaction_count(c.id)?,
                tasks: r.customer_tasks(c.id)?.len(),
                deals: r.customer_deals(c.id)?.len(),
                cases: r.customer_cases(c.id)?.len(),
                orders: r.customer_orders(c.id)?.len(),
            };
            Ok::<_, exec::ExecError>((c, goes))
        })?;
        confirm(&customer, &goes)?;
        Some(customer.id)
    };
    let erased = app.store.write(app.now, |w| {
        let id = match target {
            Some(id) => id,
            None => exec::resolve_exact_in(&*w, reference)?.id,
        };
        Ok::<_, exec::ExecError>(w.erase_customer(id)?)
    })?;
    Ok(erased)
}

/// On a terminal, show what goes and ask for the name (or "yes"); anywhere
/// else, refuse: a script must say `--yes`.
fn confirm(c: &Customer, goes: &Taken) -> Result<()> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() || !std::io::stderr().is_terminal() {
        return Err(UsageError(format!(
            "erasing {} deletes them for good; not on a terminal, so not asking: pass --yes",
            c.id
        ))
        .into());
    }
    let name = sanitize(&c.name);
    let mut err = std::io::stderr().lock();
    write!(
        err,
        "This deletes for good {} {name}{}, {}, and anonymises the audit entries about \
         them.\nType the name ({name}) or \"yes\" to erase: ",
        c.id,
        if c.company.is_empty() {
            String::new()
        } else {
            format!(" ({})", sanitize(&c.company))
        },
        taken(goes),
    )?;
    err.flush()?;
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer)?;
    let answer = answer.trim();
    if answer == "yes" || (!answer.is_empty() && answer == c.name.trim()) {
        return Ok(());
    }
    Err(UsageError("not confirmed; nothing was erased".into()).into())
}

/// The records that go with an erased customer.
struct Taken {
    interactions: usize,
    tasks: usize,
    deals: usize,
    cases: usize,
    orders: usize,
}

/// The prompt and the summary say the same: "3 interactions, 1 task, 2 deals,
/// 0 cases, 1 order".
fn taken(t: &Taken) -> String {
    [
        (t.interactions, "interaction"),
        (t.tasks, "task"),
        (t.deals, "deal"),
        (t.cases, "case"),
        (t.orders, "order"),
    ]
    .iter()
    .map(|&(n, what)| format!("{n} {what}{}", plural(n, "", "s")))
    .collect::<Vec<_>>()
    .join(", ")
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MiB", b as f64 / f64::from(1 << 20)),
        b if b >= 1 << 10 => format!("{:.1} KiB", b as f64 / f64::from(1 << 10)),
        b => format!("{b} B"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_lists_every_file_in_good_grammar() {
        assert_eq!(note(&OlderCopies::default()), None);
        let one = note(&OlderCopies {
            backups: vec![PathBuf::from("/d/backups/rolo-auto-20261121-090000.redb")],
            replaced: vec![],
        })
        .expect("a note");
        assert!(
            one.starts_with("Note: this file was made before the erasure and may still hold them:\n  /d/backups/rolo-auto-20261121-090000.redb  (backup)\n"),
            "{one}"
        );
        assert!(
            one.contains("Delete it if the erasure must reach it too;"),
            "{one}"
        );
        let two = note(&OlderCopies {
            backups: vec![PathBuf::from("/d/backups/rolo-20261121-090000.redb")],
            replaced: vec![PathBuf::from("/d/rolo.redb.replaced-20261120-090000")],
        })
        .expect("a note");
        assert!(two.starts_with("Note: these 2 files were made"), "{two}");
        assert!(
            two.contains(
                "  /d/rolo.redb.replaced-20261120-090000  (the database a restore replaced)\n"
            ),
            "{two}"
        );
        assert!(
            two.contains("Delete them if the erasure must reach them too;"),
            "{two}"
        );
    }
}
