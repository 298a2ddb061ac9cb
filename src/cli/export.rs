//! `rolo export`: everything (or one customer) as JSONL, JSON, CSV, vCard or ICS.

use super::{App, CliError, Result, UsageError};
use crate::domain::{Campaign, Case, Customer, CustomerId, Deal, Interaction, Order, Task};
use crate::exec::{self, cli_ref};
use crate::interchange::export;
use crate::store::{Reads, StoreError};
use clap::{Args, ValueEnum};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One record per line, full fidelity (what `rolo import` restores)
    Jsonl,
    /// One object with customers, interactions and tasks, full fidelity
    Json,
    /// Customers as a spreadsheet (UTF-8; --excel adds the BOM)
    Csv,
    /// Customers as vCard 3.0 cards, for phones and address books
    Vcard,
    /// Open tasks as VTODOs with due dates, for calendar apps
    Ics,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
    /// Write here (created 0600: it holds personal data) instead of stdout
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// CSV for Excel: a byte-order mark and CRLF line ends
    #[arg(long)]
    pub excel: bool,
    /// Only this customer, with their interactions, tasks, deals and cases
    #[arg(long, value_name = "REF")]
    pub customer: Option<String>,
    /// What a CSV lists: customers, deals or service cases
    #[arg(long, value_enum, default_value_t = What::Customers)]
    pub what: What,
}

/// The records a CSV export lists, one row each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum What {
    Customers,
    /// With customer names, amounts, stage, status and dates
    Deals,
    /// Requests and complaints, with response and resolution times
    Cases,
}

pub fn run(app: &App, args: &ExportArgs) -> Result<()> {
    if args.excel && args.format != Format::Csv {
        return Err(UsageError("--excel applies to --format csv only".into()).into());
    }
    if args.what != What::Customers && args.format != Format::Csv {
        return Err(UsageError(
            "--what applies to --format csv only (JSON and JSONL exports hold every record)".into(),
        )
        .into());
    }
    match &args.out {
        Some(path) => write_private(&app.store, path, |out| export(out, app, args)),
        None => {
            use std::io::IsTerminal;
            let stdout = std::io::stdout();
            // On a terminal, control characters are made visible (JSON
            // escapes them in its own form, so it stays the same JSON); in
            // a file or a pipe every byte is kept.
            if stdout.is_terminal() {
                let escaping = match args.format {
                    Format::Json | Format::Jsonl => super::output::Escaping::json(stdout.lock()),
                    _ => super::output::Escaping::new(stdout.lock()),
                };
                let mut out = BufWriter::with_capacity(BUFFER, escaping);
                export(&mut out, app, args)?;
                out.flush()?;
            } else {
                let mut out = BufWriter::with_capacity(BUFFER, stdout.lock());
                export(&mut out, app, args)?;
                out.flush()?;
            }
            Ok(())
        }
    }
}

/// Output buffer: big enough that writing costs little next to decoding.
const BUFFER: usize = 256 * 1024;

/// Write the export from one read snapshot: one customer's records are
/// collected (they are few); the whole database streams, one record at a
/// time from the store to `out`, so memory stays flat however big it is.
fn export(out: &mut dyn Write, app: &App, args: &ExportArgs) -> Result<()> {
    let db = app.store.path().to_string_lossy();
    if crate::store::pg::is_url(&db) {
        return from_team(out, app, args, &db);
    }
    if args.what != What::Customers {
        return app.store.read(|r| sales_sheet(out, r, args));
    }
    app.store.read(|r| match args.customer.as_deref() {
        Some(reference) => {
            let bundle = one_customer(r, reference)?;
            write_bundle(out, app, args, r.database_id()?, &bundle)
        }
        None => stream(out, r, app, args),
    })
}

/// `--what deals|cases`: every deal or case (or one customer's) as CSV,
/// each row with its customer's name.
fn sales_sheet(out: &mut dyn Write, r: &impl Reads, args: &ExportArgs) -> Result<()> {
    let only = match args.customer.as_deref() {
        Some(reference) => Some(exec::resolve_in(r, &cli_ref(reference))?.id),
        None => None,
    };
    let (deals, cases) = match (args.what, only) {
        (What::Deals, Some(id)) => (r.customer_deals(id)?, Vec::new()),
        (What::Deals, None) => (Reads::deals(r)?, Vec::new()),
        (_, Some(id)) => (Vec::new(), r.customer_cases(id)?),
        (_, None) => (Vec::new(), Reads::cases(r)?),
    };
    let ids = deals
        .iter()
        .map(|d| d.customer)
        .chain(cases.iter().map(|c| c.customer));
    let mut names = std::collections::HashMap::new();
    for id in ids {
        if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(id) {
            slot.insert(r.customer(id)?.map(|c| c.name).unwrap_or_default());
        }
    }
    let name = |id: CustomerId| names.get(&id).cloned().unwrap_or_default();
    match args.what {
        What::Deals => export::write_deals_csv(out, &deals, name, args.excel)?,
        _ => export::write_cases_csv(out, &cases, name, args.excel)?,
    }
    Ok(())
}

/// One customer with their interactions, tasks, deals and cases, each kind
/// in id order (campaigns are shared, so they are not part of one customer).
fn one_customer(r: &impl Reads, reference: &str) -> Result<export::Bundle, exec::ExecError> {
    let c = exec::resolve_in(r, &cli_ref(reference))?;
    let mut interactions = r.timeline(c.id, usize::MAX)?;
    interactions.sort_by_key(|i| i.id);
    Ok(export::Bundle {
        tasks: r.customer_tasks(c.id)?,
        interactions,
        deals: r.customer_deals(c.id)?,
        cases: r.customer_cases(c.id)?,
        orders: r.customer_orders(c.id)?,
        campaigns: Vec::new(),
        customers: vec![c],
    })
}

fn write_bundle(
    out: &mut dyn Write,
    app: &App,
    args: &ExportArgs,
    database: Option<u64>,
    b: &export::Bundle,
) -> Result<()> {
    match args.format {
        Format::Jsonl => export::write_bundle_jsonl(out, app.now, b)?,
        Format::Json => export::write_bundle_json(out, app.now, b)?,
        Format::Csv => export::write_csv(out, &b.customers, args.excel)?,
        Format::Vcard => export::write_vcard_of(out, database, &b.customers)?,
        Format::Ics => {
            let name = |t: &Task| {
                t.customer.and_then(|id| {
                    b.customers
                        .binary_search_by_key(&id, |c: &Customer| c.id)
                        .ok()
                        .map(|i| b.customers[i].name.clone())
                })
            };
            let tasks: Vec<(Task, Option<String>)> =
                b.tasks.iter().map(|t| (t.clone(), name(t))).collect();
            export::write_ics(out, &tasks, app.now)?;
        }
    }
    Ok(())
}

/// What the caller may see of a team database, from one consistent
/// snapshot, in the same formats as a file's export: a rep's export holds
/// their own book only, because the database shows them nothing else.
fn from_team(out: &mut dyn Write, app: &App, args: &ExportArgs, url: &str) -> Result<()> {
    if args.customer.is_some() || args.what != What::Customers {
        return Err(UsageError(
            "from a team database, `rolo export` writes everything you can see; --customer and              --what work on a database file"
                .into(),
        )
        .into());
    }
    let mut team = crate::store::pg::Team::connect(url, crate::domain::Channel::Cli)?;
    let snapshot = team.snapshot()?;
    stream(out, &snapshot, app, args)
}

impl export::Source for crate::store::pg::Snapshot<'_> {
    type Error = crate::store::pg::TeamError;

    fn customers(&self, f: &mut dyn FnMut(Customer) -> bool) -> Result<(), Self::Error> {
        self.for_each(f)
    }

    fn interactions(&self, f: &mut dyn FnMut(Interaction) -> bool) -> Result<(), Self::Error> {
        self.for_each(f)
    }

    fn tasks(&self, f: &mut dyn FnMut(Task) -> bool) -> Result<(), Self::Error> {
        self.for_each(f)
    }

    fn deals(&self, f: &mut dyn FnMut(Deal) -> bool) -> Result<(), Self::Error> {
        self.for_each(f)
    }

    fn cases(&self, f: &mut dyn FnMut(Case) -> bool) -> Result<(), Self::Error> {
        self.for_each(f)
    }

    fn orders(&self, f: &mut dyn FnMut(Order) -> bool) -> Result<(), Self::Error> {
        self.for_each(f)
    }

    fn campaigns(&self, f: &mut dyn FnMut(Campaign) -> bool) -> Result<(), Self::Error> {
        self.for_each_campaign(f)
    }

    fn customer_name(&self, id: CustomerId) -> Result<Option<String>, Self::Error> {
        crate::store::pg::Snapshot::customer_name(self, id)
    }
}

/// The whole database, record by record, in the same bytes as
/// [`write_bundle`] would write for all of it.
fn stream<S: export::Source>(out: &mut dyn Write, r: &S, app: &App, args: &ExportArgs) -> Result<()>
where
    CliError: From<S::Error>,
{
    match args.format {
        Format::Jsonl => export::stream_jsonl(out, app.now, r),
        Format::Json => export::stream_json(out, app.now, r),
        Format::Csv => export::stream_csv(out, args.excel, r),
        Format::Vcard => export::stream_vcard(out, r),
        Format::Ics => export::stream_ics(out, app.now, r),
    }
}

/// Any read snapshot (or write transaction) is the source of a streamed
/// export.
impl<R: Reads> export::Source for R {
    type Error = StoreError;

    fn customers(&self, f: &mut dyn FnMut(Customer) -> bool) -> Result<(), StoreError> {
        self.for_each_customer(f)
    }

    fn interactions(&self, f: &mut dyn FnMut(Interaction) -> bool) -> Result<(), StoreError> {
        // The store's iteration cannot stop early; `f` ignores the rest.
        self.for_each_interaction(|i| {
            f(i);
        })
    }

    fn tasks(&self, f: &mut dyn FnMut(Task) -> bool) -> Result<(), StoreError> {
        self.for_each_task(|t| {
            f(t);
        })
    }

    // Deals, cases, orders and campaigns are few next to interactions:
    // read whole.
    fn deals(&self, f: &mut dyn FnMut(Deal) -> bool) -> Result<(), StoreError> {
        Reads::deals(self)?
            .into_iter()
            .try_for_each(|d| f(d).then_some(()));
        Ok(())
    }

    fn cases(&self, f: &mut dyn FnMut(Case) -> bool) -> Result<(), StoreError> {
        Reads::cases(self)?
            .into_iter()
            .try_for_each(|c| f(c).then_some(()));
        Ok(())
    }

    fn orders(&self, f: &mut dyn FnMut(Order) -> bool) -> Result<(), StoreError> {
        Reads::orders(self)?
            .into_iter()
            .try_for_each(|o| f(o).then_some(()));
        Ok(())
    }

    fn campaigns(&self, f: &mut dyn FnMut(Campaign) -> bool) -> Result<(), StoreError> {
        Reads::campaigns(self)?
            .into_iter()
            .try_for_each(|c| f(c).then_some(()));
        Ok(())
    }

    fn customer_name(&self, id: CustomerId) -> Result<Option<String>, StoreError> {
        Ok(self.customer(id)?.map(|c| c.name))
    }

    fn database_id(&self) -> Result<Option<u64>, StoreError> {
        Reads::database_id(self)
    }
}

/// Stream into a temp file (mode 0600) beside `path`, fsync, rename: a
/// half-written export never replaces a good one (a failure part-way
/// deletes the temp file), and nobody else can read it. `path` goes
/// through the store's output guard first: never the database, its lock,
/// its backups, a directory, device or FIFO (exit 2, nothing written).
pub(super) fn write_private(
    store: &crate::store::Store,
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    store.check_output(path, crate::store::Output::File)?;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".rolo-export")
        .permissions(std::fs::Permissions::from_mode(0o600))
        .tempfile_in(dir)
        .map_err(|e| {
            // A directory that is not there, not a directory or not
            // writable is the path the user named (exit 2).
            use std::io::ErrorKind::{NotADirectory, NotFound, PermissionDenied};
            let dir = crate::text::sanitize(&dir.display().to_string()).into_owned();
            let path = crate::text::sanitize(&path.display().to_string()).into_owned();
            let why = match e.kind() {
                NotFound => format!("there is no directory \"{dir}\""),
                NotADirectory => format!("\"{dir}\" is not a directory"),
                PermissionDenied => format!("you may not write in \"{dir}\""),
                _ => {
                    return CliError::failure(anyhow::anyhow!(
                        "cannot write in \"{dir}\": {}",
                        std::io::Error::from(e.kind())
                    ));
                }
            };
            UsageError(format!(
                "cannot write \"{path}\": {why}; nothing was written"
            ))
            .into()
        })?;
    {
        let mut out = BufWriter::with_capacity(BUFFER, tmp.as_file_mut());
        fill(&mut out)?;
        out.flush()?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| {
        CliError::failure(anyhow::anyhow!(
            "cannot write \"{}\": {}",
            path.display(),
            e.error
        ))
    })?;
    Ok(())
}
