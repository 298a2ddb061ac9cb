//! The scriptable command line (DESIGN §5): clap definitions and dispatch.
//! Each subcommand lives in its own file; all writes go through `exec`.

mod add;
mod backup;
mod campaign;
mod case;
mod check;
mod deal;
mod demo;
mod docs;
mod erase;
mod error;
mod export;
mod grep;
mod history;
mod import;
mod interaction;
mod log;
mod merge;
mod order;
mod output;
mod report;
mod run_line;
mod search;
mod show;
mod task;
mod team;
mod today;
mod undo;
mod view;

use crate::config::{self, Config};
use crate::domain::Channel;
use crate::exec::Ctx;
use crate::store::Store;
use chrono::{DateTime, FixedOffset};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Parser)]
#[command(
    name = "rolo",
    version,
    about = "A terminal CRM for keyboard-driven salespeople",
    long_about = "A terminal CRM for keyboard-driven salespeople.\n\n\
        Run `rolo` alone to open the full-screen app. Every action is also a command, \
        for scripts and other shells.\n\n\
        Environment: ROLO_DB (database file), ROLO_CONFIG_DIR, ROLO_NOW (RFC 3339 time to \
        use as \"now\"; with ROLO_NOW_RUNS=1 the app's clock runs on from it), NO_COLOR.\n\
        Exit codes: 0 ok, 2 bad input (usage, validation, unknown or ambiguous customer), 1 any other failure.",
    after_help = "Quick start:\n  rolo demo                 fill an empty database with sample data\n  rolo today                the daily review\n  rolo log acme call \"wants pricing\" --next \"send quote\" --due fri\n  rolo do 'call acme: wants pricing -> send quote @fri'"
)]
pub struct Cli {
    /// Database file [default: $XDG_DATA_HOME/rolo/rolo.redb]
    #[arg(long, global = true, env = "ROLO_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Configuration directory [default: $XDG_CONFIG_HOME/rolo]
    #[arg(long, global = true, env = "ROLO_CONFIG_DIR", value_name = "DIR")]
    pub config_dir: Option<PathBuf>,
    /// Print data as JSON (snake_case field names; lists are arrays)
    #[arg(long, global = true)]
    pub json: bool,
    /// A unique id for this write (add, edit, log, interaction, task, deal, case, merge, do): run again with
    /// the same id after an unknown outcome and it is not applied twice
    #[arg(long, global = true, value_name = "ID")]
    pub op_id: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add a customer
    Add(add::AddArgs),
    /// Change a customer's fields
    Edit(add::EditArgs),
    /// A customer's card, timeline (newest first) and open tasks
    Show(show::ShowArgs),
    /// List customers, filtered
    List(search::ListArgs),
    /// Find customers by fuzzy name, company, email or pinyin
    Search(search::SearchArgs),
    /// Search everything written: follow-ups, tasks, notes, deals and cases
    Grep(grep::GrepArgs),
    /// Log a call, email, meeting, visit, message or note, with the next action
    Log(log::LogArgs),
    /// One timeline entry: show it whole, correct it, remove it
    #[command(subcommand)]
    Interaction(interaction::InteractionCommand),
    /// Work the task queue
    #[command(subcommand)]
    Task(task::TaskCommand),
    /// Deals: open, move through the pipeline, win or lose, list with the forecast
    #[command(subcommand)]
    Deal(deal::DealCommand),
    /// Service cases: requests and complaints, timed from opening to resolution
    #[command(subcommand)]
    Case(case::CaseCommand),
    /// Orders: what customers bought, when, for how much and how they paid
    #[command(subcommand)]
    Order(order::OrderCommand),
    /// Marketing campaigns: cost, source, dates, customers who came from them
    #[command(subcommand)]
    Campaign(campaign::CampaignCommand),
    /// Saved customer filters, for `rolo list --view NAME`
    #[command(subcommand)]
    View(view::ViewCommand),
    /// The daily review: overdue, today, the next 7 days, gone quiet
    Today(today::TodayArgs),
    /// Run one palette line, exactly as the TUI would
    #[command(name = "do")]
    RunLine(run_line::RunLineArgs),
    /// Fill an empty database with realistic sample data
    Demo(demo::DemoArgs),
    /// Import customers or follow-up records from a CSV/TSV file (any encoding)
    Import(import::ImportArgs),
    /// Export everything, or one customer: JSONL, JSON, CSV, vCard or ICS
    Export(export::ExportArgs),
    /// Merge OTHER into KEEP: its interactions, tasks, deals and cases move, the cards unite
    Merge(merge::MergeArgs),
    /// Erase a customer and everything about them, for good (GDPR Art. 17)
    Erase(erase::EraseArgs),
    /// Write a backup: a consistent snapshot, 0600, named after the time
    Backup(backup::BackupArgs),
    /// Replace the database with a backup (checked first; the replaced one is kept)
    Restore(backup::RestoreArgs),
    /// Who changed a customer, when and from where (the audit trail)
    History(history::HistoryArgs),
    /// Take back your last change (run again to redo it)
    Undo,
    /// Check the database: redb's integrity check, then references, indexes and id counters
    Check,
    /// Reports: funnel, activity, sources, campaigns, overdue, top
    Report(report::ReportArgs),
    /// Team mode on PostgreSQL: set up, members (see docs/TEAM.md)
    #[command(subcommand)]
    Team(team::TeamCommand),
    /// Give a customer, with their open tasks and deals, to another member (team mode)
    Assign(team::AssignArgs),
    /// Show a customer to one more member (team mode)
    Share(team::ShareArgs),
    /// Copy this book (--db FILE) into a team database, ids and audit trail included
    Migrate(team::MigrateArgs),
    /// Print shell completions
    Completions(docs::CompletionsArgs),
    /// Print the man page
    Man,
}

pub use error::{CliError, Result};

/// Bad input that is not a parse or validation error (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

impl crate::fault::Blamed for UsageError {
    fn blame(&self) -> crate::fault::Blame {
        crate::fault::Blame::Input
    }
}

/// `--cadence DAYS`: 1 to `validate::MAX_DAYS`.
pub fn parse_cadence(text: &str) -> std::result::Result<u32, String> {
    crate::domain::validate::parse_days("cadence", text, 1).map_err(|e| e.to_string())
}

/// `--quiet-for DAYS`: 0 to `validate::MAX_DAYS`.
pub fn parse_quiet_for(text: &str) -> std::result::Result<u32, String> {
    crate::domain::validate::parse_days("--quiet-for", text, 0).map_err(|e| e.to_string())
}

/// `--limit N`: at most N rows; 0 means no limit (as `today_limit = 0` does).
pub fn parse_limit(text: &str) -> std::result::Result<usize, String> {
    let n: usize = text
        .trim()
        .parse()
        .map_err(|_| format!("\"{text}\" is not a row count (a whole number; 0 = no limit)"))?;
    Ok(no_limit_if_zero(n))
}

/// 0 rows asked for means every row.
pub fn no_limit_if_zero(n: usize) -> usize {
    if n == 0 { usize::MAX } else { n }
}

/// What every subcommand runs with.
pub struct App {
    pub store: Store,
    pub config: Config,
    pub now: DateTime<FixedOffset>,
    pub json: bool,
}

impl App {
    pub fn ctx(&self) -> Ctx<'_> {
        Ctx {
            store: &self.store,
            now: self.now,
            config: &self.config,
        }
    }
}

/// "now" for the whole process: `ROLO_NOW` (RFC 3339) if set, else the clock.
pub fn now_from_env() -> Result<DateTime<FixedOffset>> {
    match std::env::var("ROLO_NOW") {
        Ok(text) if !text.trim().is_empty() => DateTime::parse_from_rfc3339(text.trim())
            .map_err(|e| {
                UsageError(format!(
                    "ROLO_NOW=\"{text}\" is not an RFC 3339 time ({e}); e.g. 2026-11-22T09:00:00+08:00"
                ))
                .into()
            }),
        _ => Ok(chrono::Local::now().fixed_offset()),
    }
}

fn config_dir(cli: &Cli) -> Result<PathBuf> {
    Ok(match &cli.config_dir {
        Some(dir) => dir.clone(),
        None => config::default_config_dir()?,
    })
}

/// Bare `rolo`: the full-screen app on the same database and settings.
pub fn tui(cli: &Cli) -> Result<()> {
    let app = app(cli)?;
    let pinned = std::env::var("ROLO_NOW").is_ok_and(|v| !v.trim().is_empty());
    // `ROLO_NOW_RUNS=1`: the app's clock starts at ROLO_NOW and runs on.
    let runs = std::env::var("ROLO_NOW_RUNS").is_ok_and(|v| v.trim() == "1");
    Ok(crate::tui::run(crate::tui::Options {
        // The app is where a new user starts: it shows an empty book until
        // the first write creates the file (reading creates nothing).
        store: app
            .store
            .with_channel(Channel::Tui)
            .reading_missing_as_empty(),
        config: app.config,
        config_dir: config_dir(cli)?,
        state_dir: config::default_state_dir()?,
        clock: match (pinned, runs) {
            (true, true) => crate::tui::Clock::running_from(app.now),
            (true, false) => crate::tui::Clock::pinned(app.now),
            (false, _) => crate::tui::Clock::system(),
        },
    })?)
}

/// The user's `headers.toml` (import header aliases, docs/IMPORT.md) over
/// the built-in table, if there is one.
fn install_headers(dir: &std::path::Path) -> Result<()> {
    let path = dir.join("headers.toml");
    match crate::files::read_text(&path, Some(crate::files::CONFIG_LIMIT)) {
        Ok(text) => crate::interchange::mapping::aliases::install(&text).map_err(|e| {
            UsageError(format!(
                "{}: {e}",
                crate::text::sanitize(&path.to_string_lossy())
            ))
            .into()
        }),
        Err(e) if e.is_not_found() => Ok(()),
        Err(e) => Err(CliError::failure(anyhow::anyhow!(
            "cannot read {}: {e}",
            path.display()
        ))),
    }
}

pub fn app(cli: &Cli) -> Result<App> {
    let config_dir = config_dir(cli)?;
    let config = Config::load(&config_dir)?;
    install_headers(&config_dir)?;
    // Phone keys are computed deep in the store's index code; the region
    // they read national numbers in is set once for the process.
    crate::domain::phone::set_default_region(config.phone_region);
    let db = match &cli.db {
        Some(path) => path.clone(),
        None => config::default_db_path()?,
    };
    warn_if_others_can_read(&db);
    let store = Store::new(db, Channel::Cli)
        .with_lock_timeout(Duration::from_secs(config.lock_timeout_secs));
    Ok(App {
        store,
        config,
        now: now_from_env()?,
        json: cli.json,
    })
}

/// A database anyone on a shared machine can read is a leak of the
/// customers' personal data. Group access is left alone: a team may share
/// a file on purpose.
fn warn_if_others_can_read(db: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(db)
        && meta.is_file()
        && meta.len() > 0
        && meta.permissions().mode() & 0o004 != 0
        && crate::store::looks_like_a_database(db)
    {
        output::note(&format!(
            "rolo: warning: {} is readable by every user on this machine (mode {:04o}) and holds personal data; chmod o-r it\n",
            db.display(),
            meta.permissions().mode() & 0o7777
        ));
    }
}

/// The longest `--op-id`: every id is kept in the database, so a
/// megabyte pasted by mistake would be too.
pub const MAX_OP_ID_CHARS: usize = 256;

/// Run a parsed command line. `None` (bare `rolo`) is the TUI's, handled by main.
pub fn run(cli: Cli) -> Result<()> {
    let Some(command) = &cli.command else {
        return Err(UsageError("no command given; see `rolo --help`".into()).into());
    };
    match command {
        Command::Completions(args) => return docs::completions(args),
        Command::Man => return docs::man(),
        _ => {}
    }
    let mut app = app(&cli)?;
    refuse_a_team_database(command, &app.store)?;
    if let Some(op) = &cli.op_id {
        let one_write = matches!(
            command,
            Command::Add(_)
                | Command::Edit(_)
                | Command::Log(_)
                | Command::Interaction(_)
                | Command::Task(_)
                | Command::Deal(_)
                | Command::Case(_)
                | Command::Order(_)
                | Command::Merge(_)
                | Command::RunLine(_)
        );
        if !one_write {
            return Err(UsageError(
                "--op-id applies to add, edit, log, interaction, task, deal, case, order, merge and do \
                 (commands that make one write)"
                    .into(),
            )
            .into());
        }
        if op.trim().is_empty() {
            return Err(UsageError(
                "--op-id is empty; give a unique id for this write (e.g. a UUID)".into(),
            )
            .into());
        }
        let chars = op.chars().count();
        if chars > MAX_OP_ID_CHARS {
            return Err(UsageError(format!(
                "--op-id of {chars} characters is too long; an id is at most \
                 {MAX_OP_ID_CHARS} (a UUID is 36)"
            ))
            .into());
        }
        app.store = app.store.with_op(Some(crate::store::Op {
            id: op.clone(),
            command: fingerprint(command),
        }));
    }
    let result = match command {
        Command::Add(args) => add::add(&app, args),
        Command::Edit(args) => add::edit(&app, args),
        Command::Show(args) => show::run(&app, args),
        Command::List(args) => search::list(&app, args),
        Command::Search(args) => search::search(&app, args),
        Command::Grep(args) => grep::run(&app, args),
        Command::Log(args) => log::run(&app, args),
        Command::Interaction(cmd) => interaction::run(&app, cmd),
        Command::Merge(args) => merge::run(&app, args),
        Command::Task(cmd) => task::run(&app, cmd),
        Command::Deal(cmd) => deal::run(&app, cmd),
        Command::Case(cmd) => case::run(&app, cmd),
        Command::Order(cmd) => order::run(&app, cmd),
        Command::Campaign(cmd) => campaign::run(&app, cmd),
        Command::View(cmd) => view::run(&app, cmd),
        Command::Today(args) => today::run(&app, args),
        Command::RunLine(args) => run_line::run(&app, args),
        Command::Demo(args) => demo::run(&app, args),
        Command::Export(args) => export::run(&app, args),
        Command::Erase(args) => erase::run(&app, args),
        Command::Backup(args) => backup::backup(&app, args),
        Command::Restore(args) => backup::restore(&app, args),
        Command::Import(args) => import::run(&app, args),
        Command::History(args) => history::run(&app, args),
        Command::Undo => undo::run(&app),
        Command::Check => check::run(&app),
        Command::Report(args) => report::run(&app, args),
        Command::Team(cmd) => team::run(&app, cmd),
        Command::Assign(args) => team::assign(&app, args),
        Command::Share(args) => team::share(&app, args),
        Command::Migrate(args) => team::migrate(&app, args),
        Command::Completions(_) | Command::Man => Ok(()),
    };
    backup::after_command(&app);
    let result = result.map_err(|e| missing_database_first(e, &app.store));
    already_applied_is_done(result, app.json)
}

/// Team databases serve the team commands and `export` so far; every
/// other command says so, instead of taking the URL for a file name.
fn refuse_a_team_database(command: &Command, store: &Store) -> Result<()> {
    if !store.is_team() {
        return Ok(());
    }
    let what = match command {
        Command::Backup(_) | Command::Restore(_) => {
            "backs up and restores a database file; a team database is backed up with pg_dump"
        }
        Command::Check => {
            "checks a database file; PostgreSQL keeps a team database's constraints itself"
        }
        Command::Demo(_) => "makes a demo database file to try rolo on",
        Command::Migrate(_) => {
            "copies a database file (--db) into a team database (--to); --db names the file"
        }
        _ => return Ok(()),
    };
    let name = match command {
        Command::Backup(_) => "backup",
        Command::Restore(_) => "restore",
        Command::Check => "check",
        Command::Demo(_) => "demo",
        _ => "migrate",
    };
    Err(UsageError(format!(
        "`rolo {name}` {what}, and {} is a team database (docs/TEAM.md)",
        crate::store::pg::redact(&store.path().to_string_lossy())
    ))
    .into())
}

/// `rolo --db typo.redb log acme …` said `no customer matches "acme"`:
/// true, but the database is what is missing, so say that (the write
/// created nothing).
fn missing_database_first(e: CliError, store: &Store) -> CliError {
    use crate::exec::{ExecError, ResolveError};
    let not_found = e.error().chain().any(|cause| {
        matches!(
            cause.downcast_ref::<ExecError>(),
            Some(ExecError::Resolve {
                error: ResolveError::NotFound { .. },
                ..
            })
        ) || matches!(
            cause.downcast_ref::<ResolveError>(),
            Some(ResolveError::NotFound { .. })
        )
    });
    if not_found && !store.exists() {
        crate::store::StoreError::NoDatabase(store.path().to_path_buf()).into()
    } else {
        e
    }
}

/// What a command line asks for, apart from global flags (`--json` changes
/// only how the answer is printed): FNV-1a over its parsed form, stable
/// for one build of rolo.
fn fingerprint(command: &Command) -> u64 {
    format!("{command:?}")
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        })
}

/// A retried `--op-id` write that was applied before is a success: say so.
fn already_applied_is_done(result: Result<()>, json: bool) -> Result<()> {
    let Err(e) = &result else { return result };
    let e = e.error();
    use crate::exec::ExecError;
    use crate::store::StoreError;
    // `ExecError::Store` is transparent, so look inside it as well.
    let op = e.chain().find_map(|c| {
        let store =
            c.downcast_ref::<StoreError>()
                .or_else(|| match c.downcast_ref::<ExecError>() {
                    Some(ExecError::Store(s)) => Some(s),
                    _ => None,
                });
        match store {
            Some(StoreError::AlreadyApplied(op)) => Some(op.clone()),
            _ => None,
        }
    });
    let Some(op) = op else { return result };
    if json {
        output::print_json(&serde_json::json!({ "already_applied": op }))
    } else {
        output::note(&format!(
            "rolo: operation {op} was already applied; nothing was written again\n"
        ));
        Ok(())
    }
}
