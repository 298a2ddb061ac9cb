//! `rolo export`: everything (or one customer) as JSONL, JSON, CSV, vCard or ICS.

use super::{App, UsageError};
use crate::domain::{Customer, Task};
use crate::exec::{self, cli_ref};
use crate::interchange::export;
use crate::store::View;
use clap::{Args, ValueEnum};
use std::io::Write;
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
    /// Only this customer, with their interactions and tasks
    #[arg(long, value_name = "REF")]
    pub customer: Option<String>,
}

pub fn run(app: &App, args: &ExportArgs) -> anyhow::Result<()> {
    if args.excel && args.format != Format::Csv {
        return Err(UsageError("--excel applies to --format csv only".into()).into());
    }
    let bundle = app.store.read(|r| gather(r, args.customer.as_deref()))?;
    let mut bytes = Vec::new();
    write(&mut bytes, app, args, &bundle)?;
    match &args.out {
        Some(path) => write_private(path, &bytes),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)?;
            out.flush()?;
            Ok(())
        }
    }
}

/// The records to export, each kind in id order.
fn gather(r: &impl View, customer: Option<&str>) -> Result<export::Bundle, exec::ExecError> {
    let mut bundle = export::Bundle::default();
    match customer {
        Some(reference) => {
            let c = exec::resolve_in(r, &cli_ref(reference))?;
            let mut interactions = r.timeline(c.id, usize::MAX)?;
            interactions.sort_by_key(|i| i.id);
            bundle.tasks = r.customer_tasks(c.id)?;
            bundle.interactions = interactions;
            bundle.customers = vec![c];
        }
        None => {
            r.for_each_customer(|c| {
                bundle.customers.push(c);
                true
            })?;
            r.for_each_interaction(|i| bundle.interactions.push(i))?;
            r.for_each_task(|t| bundle.tasks.push(t))?;
        }
    }
    Ok(bundle)
}

fn write(
    out: &mut dyn Write,
    app: &App,
    args: &ExportArgs,
    b: &export::Bundle,
) -> anyhow::Result<()> {
    match args.format {
        Format::Jsonl => export::write_bundle_jsonl(out, app.now, b)?,
        Format::Json => export::write_bundle_json(out, app.now, b)?,
        Format::Csv => export::write_csv(out, &b.customers, args.excel)?,
        Format::Vcard => export::write_vcard(out, &b.customers)?,
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

/// Temp file + fsync + rename, mode 0600: a half-written export never
/// replaces a good one, and nobody else can read it.
fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".rolo-export")
        .permissions(std::fs::Permissions::from_mode(0o600))
        .tempfile_in(dir)
        .map_err(|e| anyhow::anyhow!("cannot write in \"{}\": {e}", dir.display()))?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path)
        .map_err(|e| anyhow::anyhow!("cannot write \"{}\": {}", path.display(), e.error))?;
    Ok(())
}
