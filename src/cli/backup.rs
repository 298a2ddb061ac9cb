//! `rolo backup` and `rolo restore`, and the daily automatic backup the
//! command line takes after a command that wrote.

use super::{App, Result, UsageError};
use crate::store::{self, Contents};
use crate::text::sanitize;
use clap::Args;
use serde_json::json;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Write the backup into DIR (created 0700) [default: backups/ beside the database]
    #[arg(long, value_name = "DIR")]
    pub to: Option<PathBuf>,
    /// The daily automatic backup: only if today has none, then rotate
    #[arg(long, hide = true, conflicts_with = "to")]
    pub daily: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A backup (`rolo-YYYYMMDD-HHMMSS.redb`, `rolo-auto-…` for the daily ones) or any
    /// rolo database file
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Replace the database without asking
    #[arg(long)]
    pub yes: bool,
}

pub fn backup(app: &App, args: &BackupArgs) -> Result<()> {
    if args.daily {
        app.store.daily_backup(app.now, app.config.backup_keep)?;
        return Ok(());
    }
    let dir = match &args.to {
        Some(dir) => dir.clone(),
        None => app.store.default_backup_dir(),
    };
    let done = app.store.backup_to(&dir, app.now)?;
    let c = &done.contents;
    if app.json {
        let out = json!({
            "path": done.path,
            "bytes": c.bytes,
            "customers": c.customers,
            "interactions": c.interactions,
            "tasks": c.tasks,
        });
        println!("{out}");
    } else {
        println!("Backed up to {} ({})", done.path.display(), holds(c));
    }
    Ok(())
}

pub fn restore(app: &App, args: &RestoreArgs) -> Result<()> {
    let file = &args.file;
    if app.store.is_the_database(file) {
        return Err(UsageError(format!(
            "\"{}\" is the database itself; name a backup to restore",
            file.display()
        ))
        .into());
    }
    let incoming = store::inspect(file)?;
    if !args.yes {
        // A damaged database is what a restore is for: say so and go on.
        let current = app.store.contents().map_err(|e| e.to_string());
        confirm(app, file, &incoming, current)?;
    }
    let done = app.store.restore_from(file, app.now)?;
    if app.json {
        let out = json!({
            "restored": file,
            "database": app.store.path(),
            "replaced": done.replaced,
            "customers": done.contents.customers,
            "interactions": done.contents.interactions,
            "tasks": done.contents.tasks,
        });
        println!("{out}");
    } else {
        println!(
            "Restored {} into {} ({})",
            file.display(),
            app.store.path().display(),
            holds(&done.contents)
        );
        if let Some(kept) = &done.replaced {
            println!("The database it replaced is kept as {}", kept.display());
        }
    }
    Ok(())
}

/// After a command: the daily automatic backup, if a write committed and
/// the day has none yet. Never fails the command; a problem is one warning.
///
/// At a terminal the backup runs in a detached `rolo backup --daily`, so
/// the prompt comes back at once (on a 100k-customer database a backup
/// takes seconds); in scripts and tests it runs before the command exits,
/// so its result is there when the command is.
pub fn after_command(app: &App) {
    if !app.config.auto_backup || !app.store.backup_due(app.now) {
        return;
    }
    if std::io::stderr().is_terminal()
        && crate::daily_backup::start_detached(app.store.path()).is_ok()
    {
        return;
    }
    if let Err(e) = app.store.auto_backup(app.now, app.config.backup_keep) {
        super::output::note(&format!(
            "rolo: warning: the daily automatic backup failed ({e}); your change was saved\n"
        ));
    }
}

/// Show both sides and ask on the terminal; without one, refuse (exit 2).
fn confirm(
    app: &App,
    file: &Path,
    incoming: &Contents,
    current: Result<Option<Contents>, String>,
) -> Result<()> {
    let db = app.store.path();
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return Err(UsageError(format!(
            "refusing to replace \"{}\" without confirmation (not a terminal); \
             add --yes to restore \"{}\"",
            db.display(),
            file.display()
        ))
        .into());
    }
    let mut err = std::io::stderr().lock();
    let shown = |p: &Path| sanitize(&p.display().to_string()).into_owned();
    writeln!(err, "Backup   {}: {}", shown(file), holds(incoming))?;
    match current {
        Ok(Some(c)) => writeln!(err, "Database {}: {}", shown(db), holds(&c))?,
        Ok(None) => writeln!(err, "Database {}: does not exist yet", shown(db))?,
        Err(e) => writeln!(
            err,
            "Database {}: cannot be read ({})",
            shown(db),
            sanitize(&e)
        )?,
    }
    write!(
        err,
        "Replace the database with the backup? The current one is kept beside it. [y/N] "
    )?;
    err.flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    if matches!(answer.trim().to_lowercase().as_str(), "y" | "yes") {
        Ok(())
    } else {
        Err(UsageError("nothing was restored".into()).into())
    }
}

fn holds(c: &Contents) -> String {
    format!(
        "{} customers, {} interactions, {} tasks, {} audit entries, {}",
        c.customers,
        c.interactions,
        c.tasks,
        c.audit,
        size(c.bytes)
    )
}

fn size(bytes: u64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if (b as f64) < MB => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{:.1} MiB", b as f64 / MB),
    }
}
