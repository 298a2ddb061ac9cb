//! `rolo erase REF --yes`: the right to erasure (GDPR Art. 17, PIPL Art. 47).
//! The customer, their interactions and tasks go in one transaction, the
//! audit trail forgets whom its entries were about, and the file is
//! rewritten so the deleted values do not linger in free pages.

use super::{App, CliError, Result, UsageError, output};
use crate::domain::Customer;
use crate::exec;
use crate::store::{Erased, Scrubbed, View};
use crate::text::sanitize;
use clap::Args;
use serde::Serialize;
use std::io::{BufRead, IsTerminal, Write};

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
    older_backups: &'a [String],
}

pub fn run(app: &App, args: &EraseArgs) -> Result<()> {
    let erased = match &args.customer {
        Some(reference) => Some(erase(app, reference, args.yes)?),
        None => None,
    };
    let file = app.store.scrub_file().map_err(|e| match &erased {
        Some(done) => CliError::failure(anyhow::anyhow!(
            "customer {} was erased, but the file could not be rewritten ({e}); deleted values \
             may remain in its free pages until `rolo erase --compact` succeeds",
            done.customer
        )),
        None => e.into(),
    })?;
    let older_backups = match &erased {
        Some(_) => older_backups(app),
        None => Vec::new(),
    };
    if app.json {
        return output::print_json(&Report {
            erased: erased.as_ref(),
            file: &file,
            older_backups: &older_backups,
        });
    }
    let mut out = String::new();
    if let Some(e) = &erased {
        out.push_str(&format!(
            "Erased {} {}: {} interaction{}, {} task{}; {} audit entr{} anonymised.\n",
            e.customer,
            sanitize(&e.name),
            e.interactions,
            plural(e.interactions, "", "s"),
            e.tasks,
            plural(e.tasks, "", "s"),
            e.audit_entries_scrubbed,
            plural(e.audit_entries_scrubbed, "y", "ies"),
        ));
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
    if !older_backups.is_empty() {
        eprintln!(
            "Note: {} backup{} in \"{}\" predate{} this and may still hold them; they \
             rotate out after `backup_keep` days, or delete them now.",
            older_backups.len(),
            plural(older_backups.len(), "", "s"),
            plural(older_backups.len(), "s", ""),
            app.store.default_backup_dir().display()
        );
    }
    output::print(&out)
}

/// The database files in the backup directory (none if it cannot be read).
fn older_backups(app: &App) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(app.store.default_backup_dir()) else {
        return Vec::new();
    };
    let mut found: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "redb"))
        .map(|p| p.display().to_string())
        .collect();
    found.sort();
    found
}

/// Resolve, confirm and erase in one write transaction.
fn erase(app: &App, reference: &str, yes: bool) -> Result<Erased> {
    let target = if yes {
        None
    } else {
        let (customer, interactions, tasks) = app.store.read(|r| {
            let c = exec::resolve_exact_in(r, reference)?;
            let interactions = r.interaction_count(c.id)?;
            let tasks = r.customer_tasks(c.id)?.len();
            Ok::<_, exec::ExecError>((c, interactions, tasks))
        })?;
        confirm(&customer, interactions, tasks)?;
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
fn confirm(c: &Customer, interactions: usize, tasks: usize) -> Result<()> {
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
        "This deletes for good {} {name}{}, {interactions} interaction{}, {tasks} task{}, and \
         anonymises the audit entries about them.\nType the name ({name}) or \"yes\" to erase: ",
        c.id,
        if c.company.is_empty() {
            String::new()
        } else {
            format!(" ({})", sanitize(&c.company))
        },
        plural(interactions, "", "s"),
        plural(tasks, "", "s"),
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
