//! `rolo import`: a file of customers, follow-up records or orders into the store,
//! in one transaction. The pure layers (`interchange::{decode, table,
//! mapping}`) turn bytes into validated rows; this module de-duplicates and
//! writes them. Nothing is written if any row is bad, unless the caller
//! asks to skip bad rows. A dry run does everything but write: it reads
//! the store and keeps what it would write in memory (`db::DryRun`).

mod check;
mod customers;
mod db;
mod follow_ups;
mod orders;
mod phones;
mod watch;

#[cfg(test)]
mod round_trip;

pub use watch::{Progress, Stage, Watch};

use crate::fault::{Blame, Blamed};
use crate::interchange::decode::{self, Encoding};
use crate::interchange::mapping::{self, CustomerIn, FollowUpIn, Kind, OrderIn};
use crate::interchange::table::{self, Delimiter, Problem};
use crate::interchange::vcard;
use crate::store::{Reads, Store, StoreError};
use chrono::{DateTime, FixedOffset, NaiveDateTime};
use serde::Serialize;

/// What to do with a row that matches a customer already known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OnDuplicate {
    Skip,
    /// Add the new emails, phones, tags and custom fields; fill empty fields.
    #[default]
    Merge,
    New,
}

/// What kind of file an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// A rolo export if it says so, else vCards if the text starts with
    /// `BEGIN:VCARD`, else a sheet with the delimiter detected.
    #[default]
    Auto,
    Csv,
    Tsv,
    Vcard,
    /// A rolo JSON export, restored whole.
    Json,
    /// A rolo JSONL export, restored whole.
    Jsonl,
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub format: Format,
    pub kind: Option<Kind>,
    pub encoding: Option<Encoding>,
    pub delimiter: Option<Delimiter>,
    /// `--map 'Header=field'` overrides.
    pub maps: Vec<(String, String)>,
    pub on_duplicate: OnDuplicate,
    pub skip_invalid: bool,
    pub dry_run: bool,
    /// `--phone-region`: read this file's numbers without a country code
    /// in this region instead of the configured one.
    pub phone_region: Option<crate::domain::phone::Region>,
    /// The currency of an order row whose amount and currency column name
    /// none (`config.toml`'s `currency`); `None`: CNY.
    pub currency: Option<String>,
    /// Progress reports and cancellation, for a progress bar or the TUI's gauge.
    pub watch: Watch,
}

/// A row that was not imported, with why, and its cells to fix and re-import.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rejected {
    pub line: usize,
    pub reasons: Vec<String>,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// `csv`, `tsv`, `semicolon csv`, `vcard` or `rolo export`.
    pub format: String,
    pub encoding: String,
    pub delimiter: String,
    pub kind: String,
    pub headers: Vec<String>,
    /// How each column was read: header → field (`custom:NAME` for
    /// columns kept as custom fields), in file order.
    pub columns: Vec<ColumnUse>,
    pub rows: usize,
    pub created: usize,
    pub merged: usize,
    pub unchanged: usize,
    pub skipped: usize,
    pub interactions: usize,
    pub tasks: usize,
    /// Orders recorded (an orders sheet's rows already in the book count
    /// as `unchanged`).
    pub orders: usize,
    pub rejected: Vec<Rejected>,
    /// File-level notes: ragged rows, NUL bytes, a doubtful encoding,
    /// phones that do not parse.
    pub warnings: Vec<String>,
    /// Phones kept as typed because libphonenumber cannot read them.
    pub unparsed_phones: usize,
    pub dry_run: bool,
}

/// One column of a sheet and the field it feeds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnUse {
    pub header: String,
    pub field: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Decode(#[from] decode::DecodeError),
    #[error("cannot read the file as a table: {0}")]
    Table(#[from] table::TableError),
    #[error(transparent)]
    Mapping(#[from] mapping::MappingError),
    /// Bad rows and no `--skip-invalid`: nothing was imported.
    #[error("{} of {} rows are not valid; nothing was imported (fix them, or use --skip-invalid)", .0.rejected.len(), .0.rows)]
    Invalid(Box<Report>),
    #[error("cannot read the vCards: {0}")]
    Vcard(String),
    #[error("not a readable rolo export: {0}")]
    Export(String),
    #[error(
        "restoring a rolo export keeps its ids, so it needs an empty database, and this one has {0} customers; use --db to pick a new file"
    )]
    NotEmpty(u64),
    #[error("the import was cancelled; nothing was written")]
    Cancelled,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Blamed for ImportError {
    fn blame(&self) -> Blame {
        match self {
            ImportError::Decode(e) => e.blame(),
            ImportError::Table(e) => e.blame(),
            ImportError::Mapping(e) => e.blame(),
            ImportError::Invalid(_)
            | ImportError::Vcard(_)
            | ImportError::Export(_)
            | ImportError::NotEmpty(_) => Blame::Input,
            // The user pressed Esc: not a failure, but not success either.
            ImportError::Cancelled => Blame::Input,
            ImportError::Store(e) => e.blame(),
        }
    }
}

/// Whether the bytes are a rolo JSON or JSONL export rather than a sheet.
pub fn is_rolo_export(bytes: &[u8]) -> bool {
    let head: String = String::from_utf8_lossy(&bytes[..bytes.len().min(64)])
        .trim_start_matches('\u{feff}')
        .split_whitespace()
        .collect();
    head.starts_with("{\"type\":\"rolo\"") || head.starts_with("{\"rolo\":")
}

/// Restore a rolo export (JSONL or JSON) into an empty database, ids and
/// all. Refuses a database that already has customers.
pub fn restore(
    store: &Store,
    bytes: &[u8],
    dry_run: bool,
    now: DateTime<FixedOffset>,
) -> Result<Report, ImportError> {
    use crate::interchange::export;
    let text = String::from_utf8_lossy(bytes);
    let bundle = if text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with("{\"type\"")
    {
        export::read_jsonl(&text)
    } else {
        export::read_json(&text)
    }
    .map_err(|e| ImportError::Export(e.to_string()))?;
    bundle.check_ranges().map_err(ImportError::Export)?;
    // A database that does not exist yet is empty (a read would refuse it).
    let existing = match store.exists() {
        true => store.read(|r| r.counts())?.customers,
        false => 0,
    };
    if existing > 0 {
        return Err(ImportError::NotEmpty(existing));
    }
    let report = Report {
        format: "rolo export".into(),
        encoding: "UTF-8".into(),
        delimiter: "-".into(),
        kind: "rolo export".into(),
        rows: bundle.customers.len()
            + bundle.interactions.len()
            + bundle.tasks.len()
            + bundle.deals.len()
            + bundle.cases.len()
            + bundle.campaigns.len(),
        created: bundle.customers.len(),
        interactions: bundle.interactions.len(),
        tasks: bundle.tasks.len(),
        dry_run,
        ..Default::default()
    };
    let result = store.write(now, |w| {
        w.skip_journal();
        w.restore(&bundle)?;
        w.audit(
            "import.restore",
            format!("{} records", report.rows),
            None,
            vec![],
        )?;
        if dry_run {
            return Err(Abort::DryRun(Box::new(report.clone())));
        }
        Ok(report.clone())
    });
    finish(result)
}

/// A write's outcome as the caller sees it: a dry run's rollback is success.
fn finish(result: Result<Report, Abort>) -> Result<Report, ImportError> {
    match result {
        Ok(report) => Ok(report),
        Err(Abort::DryRun(report)) => Ok(*report),
        Err(Abort::Invalid(report)) => Err(ImportError::Invalid(report)),
        Err(Abort::Store(e)) => Err(ImportError::Store(e)),
        Err(Abort::Cancelled) => Err(ImportError::Cancelled),
        Err(Abort::Vcard(e)) => Err(ImportError::Vcard(e)),
    }
}

/// Roll back a dry run's transaction, carrying its report out.
enum Abort {
    DryRun(Box<Report>),
    Invalid(Box<Report>),
    Cancelled,
    /// Not vCards after all (`--format vcard` on something else).
    Vcard(String),
    Store(StoreError),
}

impl From<StoreError> for Abort {
    fn from(e: StoreError) -> Self {
        Abort::Store(e)
    }
}

impl From<watch::Cancelled> for Abort {
    fn from(_: watch::Cancelled) -> Self {
        Abort::Cancelled
    }
}

impl From<watch::Cancelled> for ImportError {
    fn from(_: watch::Cancelled) -> Self {
        ImportError::Cancelled
    }
}

/// Import a file of customers or follow-ups (CSV, TSV, vCard), or restore
/// a rolo export, as `options.format` says or the bytes suggest.
pub fn import(
    store: &Store,
    bytes: &[u8],
    options: &Options,
    now: DateTime<FixedOffset>,
) -> Result<Report, ImportError> {
    let watch = &options.watch;
    let restoring = match options.format {
        Format::Json | Format::Jsonl => true,
        Format::Auto => is_rolo_export(bytes),
        Format::Csv | Format::Tsv | Format::Vcard => false,
    };
    if restoring {
        return restore(store, bytes, options.dry_run, now);
    }
    watch.tick(Stage::Reading, 0, bytes.len())?;
    let (text, encoding, decoded) = decode::decode(bytes, options.encoding)?;
    let mut report = Report {
        encoding: encoding.to_string(),
        dry_run: options.dry_run,
        ..Default::default()
    };
    if !decoded.is_clean() {
        report.warnings.push(format!(
            "{} byte sequences could not be decoded as {encoding} (shown as �), imported anyway because --encoding said so",
            decoded.replacements
        ));
    }
    let vcard = match options.format {
        Format::Vcard => true,
        Format::Auto => vcard::is_vcard(&text),
        _ => false,
    };
    if vcard {
        return import_vcards(store, &text, bytes.len(), options, report, now);
    }
    let delimiter = match options.format {
        Format::Csv => Some(options.delimiter.unwrap_or(Delimiter::Comma)),
        Format::Tsv => Some(options.delimiter.unwrap_or(Delimiter::Tab)),
        _ => options.delimiter,
    };
    let sheet = table::open(&text, delimiter)?;
    watch.tick(Stage::Reading, bytes.len(), bytes.len())?;
    let plan = mapping::plan(&sheet.headers, &options.maps, options.kind)?;
    report.format = match sheet.delimiter {
        Delimiter::Comma => "csv",
        Delimiter::Tab => "tsv",
        Delimiter::Semicolon => "semicolon csv",
    }
    .into();
    report.delimiter = sheet.delimiter.to_string();
    report.kind = plan.kind.as_str().into();
    report.headers = sheet.headers.clone();
    report.columns = plan
        .columns
        .iter()
        .map(|c| ColumnUse {
            header: c.header.clone(),
            field: c.field.to_string(),
        })
        .collect();
    // Progress counts lines: the number of records is known only at the end.
    let lines = text.lines().count();
    let mut problems = Vec::new();
    let orders = plan.kind == Kind::Orders;
    let mut report = write(store, options, report, lines, now, orders, |sink| {
        problems = check::stream(&plan, sheet, now.naive_local(), watch, |record, checked| {
            sink(record.line, record.line, &record.cells, checked)
        })?;
        Ok(())
    })?;
    problems.sort_by_key(|p| p.line);
    report
        .warnings
        .extend(problems.iter().map(Problem::to_string));
    Ok(report)
}

/// vCards are customers, one per card; a rejected card keeps its raw text
/// (the one "cell" of its row) so the rejected ones form a vCard file again.
fn import_vcards(
    store: &Store,
    text: &str,
    size: usize,
    options: &Options,
    mut report: Report,
    now: DateTime<FixedOffset>,
) -> Result<Report, ImportError> {
    if let Some(kind @ (Kind::FollowUps | Kind::Orders)) = options.kind {
        let what = match kind {
            Kind::Orders => "orders",
            _ => "follow-up records",
        };
        return Err(ImportError::Vcard(format!(
            "vCards hold contacts, not {what}; use --kind customers"
        )));
    }
    /// Cards read at a time: memory holds one piece, not the whole file.
    const PIECE: usize = 1024;
    options.watch.tick(Stage::Reading, size, size)?;
    report.format = "vcard".into();
    report.kind = "customers".into();
    // Progress counts lines, like a sheet's.
    let lines = text.lines().count();
    // Properties left out of cards that were kept: notes for the report.
    let mut notes = Vec::new();
    let result = write(store, options, report, lines, now, false, |sink| {
        // Cards are read on a second thread while the writer writes.
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel(2);
            let reader = scope.spawn(move || {
                for (first_line, piece) in vcard::chunks(text, PIECE) {
                    let cards = vcard::read_from(piece, first_line);
                    let failed = cards.is_err();
                    if tx.send(cards).is_err() || failed {
                        break;
                    }
                }
            });
            let written = rx.iter().try_for_each(|cards| {
                for card in cards.map_err(|e| Abort::Vcard(e.to_string()))? {
                    notes.extend(card.notes);
                    let checked = card.parsed.map(|row| {
                        let keys = customers::duplicate_keys(&row.draft);
                        Row::Customer(row, keys)
                    });
                    sink(card.line, card.line, &[card.raw], checked)?;
                }
                Ok(())
            });
            drop(rx);
            if let Err(panic) = reader.join() {
                std::panic::resume_unwind(panic);
            }
            written
        })
    });
    match result {
        Ok(mut report) => {
            report.warnings.extend(notes);
            Ok(report)
        }
        Err(ImportError::Invalid(mut report)) => {
            report.warnings.extend(notes);
            Err(ImportError::Invalid(report))
        }
        Err(e) => Err(e),
    }
}

/// The sink `write` hands its row source: for each row in file order, how
/// far the source has got (of `write`'s `total`), the row's line, its
/// cells (to give back if rejected) and the row or why it is bad.
type Sink<'s> = dyn FnMut(usize, usize, &[String], check::Checked) -> Result<(), Abort> + 's;

/// Write the rows `feed` produces in one transaction, rolling back if any
/// is rejected (without `--skip-invalid`) or when cancelled. Rows after a
/// bad one are still written (into the transaction that rolls back), so a
/// row turned down while writing (a follow-up naming an unknown customer)
/// is found and counted whether or not `--skip-invalid` or `--dry-run` is
/// given: every run reports the same rejected rows.
///
/// A dry run goes through the same steps on a read transaction
/// ([`db::DryRun`]): it opens no write transaction and changes no file
/// (a missing database reads as empty and is not created).
///
/// `orders`: the file holds orders, so the book's orders are read first
/// (in the same transaction) to find the rows already there.
fn write(
    store: &Store,
    options: &Options,
    mut report: Report,
    total: usize,
    now: DateTime<FixedOffset>,
    orders: bool,
    feed: impl FnOnce(&mut Sink) -> Result<(), Abort>,
) -> Result<Report, ImportError> {
    let currency = options.currency.as_deref().unwrap_or("CNY");
    let defaults = orders::Defaults {
        currency,
        owner: store.actor(),
    };
    let known = |r: &dyn Fn() -> Result<Vec<crate::domain::Order>, StoreError>| {
        Ok::<_, StoreError>(match orders {
            true => orders::Known::of(&r()?, now),
            false => orders::Known::default(),
        })
    };
    if options.dry_run {
        let result = store.clone().reading_missing_as_empty().read(|v| {
            let known = known(&|| v.orders())?;
            let mut db = db::DryRun::new(v);
            let sinks = Sinks { known, defaults };
            feed_rows(&mut db, options, &mut report, total, now, sinks, feed)?;
            if !report.rejected.is_empty() && !options.skip_invalid {
                return Err(Abort::Invalid(Box::new(std::mem::take(&mut report))));
            }
            Ok(std::mem::take(&mut report))
        });
        return finish(result);
    }
    let result = store.write(now, |w| {
        w.skip_journal();
        let known = known(&|| w.orders())?;
        let sinks = Sinks { known, defaults };
        w.rows(|r| feed_rows(r, options, &mut report, total, now, sinks, feed))?;
        if !report.rejected.is_empty() && !options.skip_invalid {
            return Err(Abort::Invalid(Box::new(std::mem::take(&mut report))));
        }
        w.audit("import", format!("{} rows", report.rows), None, vec![])?;
        Ok(std::mem::take(&mut report))
    });
    finish(result)
}

/// What order rows are written with: the orders already in the book and
/// the defaults for what a row leaves out.
struct Sinks<'a> {
    known: orders::Known,
    defaults: orders::Defaults<'a>,
}

/// Every row `feed` produces into `db`: created, merged, logged, recorded
/// or rejected, counted in `report`.
fn feed_rows(
    db: &mut impl db::Db,
    options: &Options,
    report: &mut Report,
    total: usize,
    now: DateTime<FixedOffset>,
    sinks: Sinks<'_>,
    feed: impl FnOnce(&mut Sink) -> Result<(), Abort>,
) -> Result<(), Abort> {
    let watch = &options.watch;
    let mut customers = customers::Import::new(db, options, now)?;
    let mut logged = follow_ups::Logged::default();
    let Sinks {
        mut known,
        defaults,
    } = sinks;
    feed(&mut |done, line, cells, checked| {
        report.rows += 1;
        if report.rows.is_multiple_of(Watch::EVERY) {
            watch.report(Stage::Writing, done, total)?;
        }
        let outcome = match checked {
            Err(reasons) => Err(reasons),
            Ok(Row::Customer(mut row, mut keys)) => {
                if phones::read(&mut row, line, options.phone_region, report) {
                    keys = customers::duplicate_keys(&row.draft);
                }
                customers
                    .row(db, row, keys, report)?
                    .map_err(|reason| turned_down(line, reason))
            }
            Ok(Row::FollowUp(row)) => follow_ups::row(db, &mut logged, row, report, now)?
                .map_err(|reason| turned_down(line, reason)),
            Ok(Row::Order(row)) => orders::row(db, &mut known, row, &defaults, report, now)?
                .map_err(|reason| turned_down(line, reason)),
        };
        if let Err(reasons) = outcome {
            report.rejected.push(Rejected {
                line,
                reasons,
                cells: cells.to_vec(),
            });
        }
        Ok(())
    })?;
    watch.report(Stage::Writing, total, total)?;
    customers.finish(db, report)
}

// Nearly every row of a file is the same variant, so boxing the large one
// would only add an allocation per row on the import's hot path.
#[allow(clippy::large_enum_variant)]
enum Row {
    /// A customer with its duplicate keys.
    Customer(CustomerIn, Vec<customers::Fingerprint>),
    FollowUp(FollowUpIn),
    Order(OrderIn),
}

/// A row turned down while writing (after its checks passed): why, with
/// its line, as `Rejected::reasons` holds it.
fn turned_down(line: usize, reason: String) -> Vec<String> {
    vec![format!("line {line}: {reason}")]
}

/// A wall-clock time from a file, in the offset of `now`.
fn local(at: NaiveDateTime, now: DateTime<FixedOffset>) -> Option<DateTime<FixedOffset>> {
    at.and_local_timezone(*now.offset()).single()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::Arc;

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-22T09:00:00+08:00").expect("valid")
    }

    #[test]
    fn duplicates_within_one_file_merge_into_the_first() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::new(dir.path().join("rolo.redb"), crate::domain::Channel::Import);
        let csv = "Name,Email,Phone,Tags\nAnn Lee,ann@acme.com,,vip\nANN LEE,Ann@Acme.com,13800138000,new\nBob,bob@x.com,+86 138-0013-8000,\n";
        let report = import(&store, csv.as_bytes(), &Options::default(), now()).expect("imports");
        // Row 3 shares Ann's email; row 4 shares the phone row 3 brought in.
        assert_eq!((report.created, report.merged), (1, 2));
        let ann = store
            .read(|r| {
                let id = r.find_exact("ann@acme.com")?[0];
                r.get_customer(id)
            })
            .expect("read");
        assert_eq!(ann.tags, vec!["vip", "new"]);
        assert_eq!(ann.phones, vec!["13800138000"]);
        let skip = Options {
            on_duplicate: OnDuplicate::Skip,
            ..Default::default()
        };
        let again = import(&store, csv.as_bytes(), &skip, now()).expect("imports");
        assert_eq!((again.created, again.skipped), (0, 3));
    }

    #[test]
    fn progress_reaches_every_stage_end_and_cancel_writes_nothing() {
        use std::sync::Mutex;
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::new(dir.path().join("rolo.redb"), crate::domain::Channel::Import);
        let mut csv = String::from("Name,Email\n");
        for i in 0..3000 {
            csv.push_str(&format!("Person {i},p{i}@example.com\n"));
        }
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let options = Options {
            watch: Watch::new(move |p| log.lock().expect("lock").push(p)),
            ..Default::default()
        };
        let report = import(&store, csv.as_bytes(), &options, now()).expect("imports");
        assert_eq!(report.created, 3000);
        let seen = seen.lock().expect("lock").clone();
        let dones: Vec<usize> = seen
            .iter()
            .filter(|p| p.stage == Stage::Writing)
            .map(|p| p.done)
            .collect();
        // Lines of the file: row 1024 is on line 1025, after the header.
        assert_eq!(dones, vec![1025, 2049, 3001]);

        // Cancelled while writing: the transaction rolls back.
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::new(dir.path().join("rolo.redb"), crate::domain::Channel::Import);
        let itself: Arc<std::sync::OnceLock<Watch>> = Arc::default();
        let inner = Arc::clone(&itself);
        let watch = Watch::new(move |p| {
            if p.stage == Stage::Writing
                && p.done >= 2048
                && let Some(w) = inner.get()
            {
                w.cancel();
            }
        });
        itself.set(watch.clone()).expect("set once");
        let options = Options {
            watch,
            ..Default::default()
        };
        let err = import(&store, csv.as_bytes(), &options, now()).expect_err("cancelled");
        assert!(matches!(err, ImportError::Cancelled), "{err}");
        // Nothing written: not even the file (a failed first write creates none).
        let counts = (store.clone().reading_missing_as_empty())
            .read(|r| r.counts())
            .expect("readable");
        assert_eq!(counts.customers, 0);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Whatever the bytes, import answers with a report or an error,
        /// never a panic, and a failed import writes nothing.
        #[test]
        fn import_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let dir = tempfile::tempdir().expect("tempdir");
            let store = Store::new(dir.path().join("rolo.redb"), crate::domain::Channel::Import);
            if import(&store, &bytes, &Options::default(), now()).is_err() {
                let customers = (store.clone().reading_missing_as_empty())
                    .read(|r| r.counts())
                    .expect("readable")
                    .customers;
                prop_assert_eq!(customers, 0);
            }
        }
    }
}
