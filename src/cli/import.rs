//! `rolo import FILE`: customers, follow-up records or orders from a spreadsheet export.

use super::{App, CliError, Result, UsageError, output};
use crate::exec::import::{
    self, Format, ImportError, OnDuplicate, Options, Progress, Report, Watch,
};
use crate::interchange::{decode, mapping, table::Delimiter};
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Auto,
    Customers,
    Interactions,
    /// An orders sheet (订单表): one order per row
    Orders,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// A rolo export, vCards, or a sheet, as the file shows
    Auto,
    Csv,
    Tsv,
    Vcard,
    /// A rolo JSON export (restores into an empty database)
    Json,
    /// A rolo JSONL export (restores into an empty database)
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DelimiterArg {
    Auto,
    Comma,
    Tab,
    Semicolon,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DuplicateArg {
    /// Leave the existing customer as it is
    Skip,
    /// Add new emails, phones, tags and fields to the existing customer
    Merge,
    /// Create another customer anyway
    New,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A CSV or tab-separated file (Excel, Salesforce, HubSpot, Google, Outlook, Chinese CRM sheets), vCards, or a rolo export
    pub file: PathBuf,
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    pub format: FormatArg,
    /// Customers, follow-up records (interactions with next actions) or orders [default: as the headers show]
    #[arg(long, value_enum, default_value_t = KindArg::Auto)]
    pub kind: KindArg,
    /// auto, or any WHATWG encoding label: utf-8, utf-16le, gb18030 (gbk), big5, shift_jis, windows-1252 (latin1), iso-8859-15 …
    #[arg(long, default_value = "auto")]
    pub encoding: String,
    #[arg(long, value_enum, default_value_t = DelimiterArg::Auto)]
    pub delimiter: DelimiterArg,
    /// Map a column: 'Header=field' (name, company, email, phone, tags, stage, custom:NAME …); repeatable
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    pub maps: Vec<String>,
    /// Show what would be created, merged and rejected; write nothing
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long, value_enum, default_value_t = DuplicateArg::Merge)]
    pub on_duplicate: DuplicateArg,
    /// Import the valid rows and write the rejected ones to FILE.rejected.csv
    #[arg(long)]
    pub skip_invalid: bool,
    /// Read this file's phone numbers without a country code in this region (CN, US, GB …; default: phone_region in config.toml)
    #[arg(long, value_name = "REGION")]
    pub phone_region: Option<String>,
}

pub fn run(app: &App, args: &ImportArgs) -> Result<()> {
    let bytes =
        crate::files::read(&args.file, None).map_err(|source| crate::files::Unreadable {
            path: args.file.clone(),
            source,
        })?;
    let options = Options {
        format: match args.format {
            FormatArg::Auto => Format::Auto,
            FormatArg::Csv => Format::Csv,
            FormatArg::Tsv => Format::Tsv,
            FormatArg::Vcard => Format::Vcard,
            FormatArg::Json => Format::Json,
            FormatArg::Jsonl => Format::Jsonl,
        },
        kind: match args.kind {
            KindArg::Auto => None,
            KindArg::Customers => Some(mapping::Kind::Customers),
            KindArg::Interactions => Some(mapping::Kind::FollowUps),
            KindArg::Orders => Some(mapping::Kind::Orders),
        },
        encoding: decode::parse_encoding(&args.encoding)?,
        delimiter: match args.delimiter {
            DelimiterArg::Auto => None,
            DelimiterArg::Comma => Some(Delimiter::Comma),
            DelimiterArg::Tab => Some(Delimiter::Tab),
            DelimiterArg::Semicolon => Some(Delimiter::Semicolon),
        },
        maps: args
            .maps
            .iter()
            .map(|m| mapping::parse_map_arg(m))
            .collect::<Result<_, _>>()?,
        on_duplicate: match args.on_duplicate {
            DuplicateArg::Skip => OnDuplicate::Skip,
            DuplicateArg::Merge => OnDuplicate::Merge,
            DuplicateArg::New => OnDuplicate::New,
        },
        skip_invalid: args.skip_invalid,
        dry_run: args.dry_run,
        phone_region: args
            .phone_region
            .as_deref()
            .map(str::parse)
            .transpose()
            .map_err(UsageError)?,
        currency: Some(app.config.currency.clone()),
        watch: Watch::default(),
    };
    let bar = progress_bar(bytes.len());
    let options = Options {
        watch: match &bar {
            Some(bar) => {
                let bar = bar.clone();
                Watch::new(move |p| show(&bar, p))
            }
            None => Watch::default(),
        },
        ..options
    };
    if args.skip_invalid && !args.dry_run {
        // Where rejected rows would go must pass the output guard before
        // anything is imported (which of the two depends on the format).
        for ext in ["csv", "vcf"] {
            let path = rejected_path_for(&args.file, ext);
            app.store.check_output(&path, crate::store::Output::File)?;
        }
    }
    let imported = import::import(&app.store, &bytes, &options, app.now);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let report = match imported {
        Ok(report) => report,
        Err(ImportError::Invalid(report)) => {
            let reasons: Vec<String> = report
                .rejected
                .iter()
                .flat_map(|row| row.reasons.iter().map(|r| format!("  {r}")))
                .collect();
            return Err(UsageError(format!(
                "{} of {} rows in {} are not valid; nothing was imported (fix them, or use --skip-invalid):\n{}",
                report.rejected.len(),
                report.rows,
                args.file.display(),
                reasons.join("\n")
            ))
            .into());
        }
        Err(
            e @ (ImportError::NotEmpty(_)
            | ImportError::Export(_)
            | ImportError::Vcard(_)
            | ImportError::Decode(_)
            | ImportError::Table(_)
            | ImportError::Mapping(_)),
        ) => {
            return Err(UsageError(e.to_string()).into());
        }
        Err(e) => return Err(e.into()),
    };
    let rejected_file = if args.skip_invalid && !report.rejected.is_empty() && !args.dry_run {
        let path = rejected_path(&args.file, &report);
        if report.format == "vcard" {
            write_rejected_cards(&app.store, &path, &report)?;
        } else {
            write_rejected(&app.store, &path, &report)?;
        }
        Some(path)
    } else {
        None
    };
    if app.json {
        return output::print_json(&report);
    }
    output::print(&render(&args.file, &report, rejected_file.as_deref()))
}

/// A progress bar on stderr for imports big enough to wait for; none when
/// stderr is not a terminal (indicatif draws nothing there anyway, but
/// this also skips the callbacks).
fn progress_bar(bytes: usize) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    const WORTH_A_BAR: usize = 1 << 20;
    if bytes < WORTH_A_BAR || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    let style = indicatif::ProgressStyle::with_template(
        "{msg:9} [{bar:40}] {human_pos}/{human_len} lines, eta {eta}",
    )
    .map(|s| s.progress_chars("=> "));
    if let Ok(style) = style {
        bar.set_style(style);
    }
    Some(bar)
}

fn show(bar: &indicatif::ProgressBar, p: Progress) {
    bar.set_message(p.stage.to_string());
    bar.set_length(p.total as u64);
    bar.set_position(p.done as u64);
}

fn render(file: &Path, r: &Report, rejected_file: Option<&Path>) -> String {
    let mut out = match r.format.as_str() {
        "vcard" => format!(
            "Read {} vCards from {} ({})\n",
            r.rows,
            file.display(),
            r.encoding
        ),
        "rolo export" => format!(
            "Read {} records from {} (a rolo export)\n",
            r.rows,
            file.display()
        ),
        _ => format!(
            "Read {} rows of {} from {} ({}, {}-separated)\n",
            r.rows,
            r.kind,
            file.display(),
            r.encoding,
            r.delimiter
        ),
    };
    let mut counts = if r.kind == "rolo export" {
        vec![format!(
            "restored {} customers, {} interactions",
            r.created, r.interactions
        )]
    } else if r.kind == "customers" {
        vec![
            format!("{} new customers", r.created),
            format!("{} merged", r.merged),
            format!("{} unchanged", r.unchanged),
        ]
    } else if r.kind == "orders" {
        vec![
            format!("{} orders recorded", r.orders),
            format!("{} already there", r.unchanged),
        ]
    } else {
        vec![
            format!("{} interactions logged", r.interactions),
            format!("{} already there", r.unchanged),
        ]
    };
    if r.skipped > 0 {
        counts.push(format!("{} skipped as duplicates", r.skipped));
    }
    if r.kind != "orders" {
        counts.push(format!("{} tasks queued", r.tasks));
    }
    out.push_str(&format!("  {}\n", counts.join(", ")));
    if !r.rejected.is_empty() {
        out.push_str(&format!("  {} rejected", r.rejected.len()));
        if let Some(path) = rejected_file {
            out.push_str(&format!(
                " (written to {} — fix and import it again)",
                path.display()
            ));
        }
        out.push_str(":\n");
        for row in &r.rejected {
            for reason in &row.reasons {
                out.push_str(&format!("    {reason}\n"));
            }
        }
    }
    for warning in &r.warnings {
        out.push_str(&format!("  note: {warning}\n"));
    }
    if r.dry_run && !r.columns.is_empty() {
        out.push_str("  columns (change with --map 'Header=field'):\n");
        use crate::text::sanitize;
        let width = r
            .columns
            .iter()
            .map(|c| crate::text::width(&sanitize(&c.header)))
            .max()
            .unwrap_or(0);
        for c in &r.columns {
            let header = sanitize(&c.header);
            let pad = width - crate::text::width(&header);
            out.push_str(&format!(
                "    {header}{} → {}\n",
                " ".repeat(pad),
                sanitize(&c.field)
            ));
        }
    }
    if r.dry_run {
        out.push_str("Dry run: nothing was written.\n");
    }
    out
}

/// `contacts.csv` → `contacts.rejected.csv` (`.vcf` for vCards), beside it.
fn rejected_path(file: &Path, r: &Report) -> PathBuf {
    rejected_path_for(file, if r.format == "vcard" { "vcf" } else { "csv" })
}

fn rejected_path_for(file: &Path, ext: &str) -> PathBuf {
    let stem = file
        .file_stem()
        .map_or("import".into(), |s| s.to_string_lossy().into_owned());
    file.with_file_name(format!("{stem}.rejected.{ext}"))
}

/// The rejected cards exactly as they were in the file, to fix and import
/// again (vCard has no place for the reasons; the report lists them).
fn write_rejected_cards(store: &crate::store::Store, path: &Path, r: &Report) -> Result<()> {
    let text: String = r
        .rejected
        .iter()
        .flat_map(|row| row.cells.iter().map(String::as_str))
        .collect();
    super::export::write_private(store, path, |out| Ok(out.write_all(text.as_bytes())?))
}

/// The rejected rows as UTF-8 CSV with the original headers and a last
/// column saying what is wrong, so they can be fixed and imported again.
fn write_rejected(store: &crate::store::Store, path: &Path, r: &Report) -> Result<()> {
    let mut w = csv::Writer::from_writer(Vec::new());
    // A row wider than the header keeps its extra cells, under `column N`.
    let width = r
        .rejected
        .iter()
        .map(|row| row.cells.len())
        .fold(r.headers.len(), usize::max);
    let mut header = r.headers.clone();
    header.extend((header.len() + 1..=width).map(|i| format!("column {i}")));
    header.push("rolo: why rejected".into());
    w.write_record(&header)?;
    for row in &r.rejected {
        let mut cells = row.cells.clone();
        cells.resize(width, String::new());
        cells.push(row.reasons.join("; "));
        w.write_record(&cells)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| CliError::failure(anyhow::anyhow!("{}", e.error())))?;
    super::export::write_private(store, path, |out| Ok(out.write_all(&bytes)?))
}
