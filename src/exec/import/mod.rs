//! `rolo import`: a file of customers or follow-up records into the store,
//! in one transaction. The pure layers (`interchange::{decode, table,
//! mapping}`) turn bytes into validated rows; this module de-duplicates and
//! writes them. Nothing is written if any row is bad, unless the caller
//! asks to skip bad rows; a dry run does everything and rolls back.

use crate::domain::*;
use crate::interchange::decode::{self, Encoding};
use crate::interchange::mapping::{self, CustomerIn, FollowUpIn, Kind};
use crate::interchange::table::{self, Delimiter, Problem};
use crate::store::{Store, StoreError, View, Writer};
use chrono::{DateTime, FixedOffset, NaiveDateTime};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

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

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub kind: Option<Kind>,
    pub encoding: Option<Encoding>,
    pub delimiter: Option<Delimiter>,
    /// `--map 'Header=field'` overrides.
    pub maps: Vec<(String, String)>,
    pub on_duplicate: OnDuplicate,
    pub skip_invalid: bool,
    pub dry_run: bool,
    /// Progress reports and cancellation, for a progress bar or the TUI's gauge.
    pub watch: Watch,
}

/// Which part of an import is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Decoding the file and splitting it into rows.
    Reading,
    /// Mapping and validating each row.
    Checking,
    /// De-duplicating and writing each row.
    Writing,
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Stage::Reading => "reading",
            Stage::Checking => "checking",
            Stage::Writing => "writing",
        })
    }
}

/// How far an import has got: `done` of `total` rows in `stage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub done: usize,
    pub total: usize,
}

/// Watches an import from another thread: receives progress (every
/// [`Watch::EVERY`] rows and at each stage's end) and can cancel it. A
/// cancelled import writes nothing and ends with [`ImportError::Cancelled`].
#[derive(Clone, Default)]
pub struct Watch {
    on_progress: Option<Arc<dyn Fn(Progress) + Send + Sync>>,
    cancel: Arc<AtomicBool>,
}

impl std::fmt::Debug for Watch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watch")
            .field("on_progress", &self.on_progress.is_some())
            .field("cancelled", &self.is_cancelled())
            .finish()
    }
}

impl Watch {
    /// Rows between two progress reports (and cancellation checks).
    pub const EVERY: usize = 1024;

    pub fn new(on_progress: impl Fn(Progress) + Send + Sync + 'static) -> Watch {
        Watch {
            on_progress: Some(Arc::new(on_progress)),
            cancel: Arc::default(),
        }
    }

    /// Ask the import to stop; it rolls back at its next check.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Report `done` of `total` at the stage's end and every `EVERY` rows;
    /// fails once cancelled.
    fn tick(&self, stage: Stage, done: usize, total: usize) -> Result<(), ImportError> {
        if done == total || done.is_multiple_of(Self::EVERY) {
            if self.is_cancelled() {
                return Err(ImportError::Cancelled);
            }
            if let Some(f) = &self.on_progress {
                f(Progress { stage, done, total });
            }
        }
        Ok(())
    }
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
    pub encoding: String,
    pub delimiter: String,
    pub kind: String,
    pub headers: Vec<String>,
    pub rows: usize,
    pub created: usize,
    pub merged: usize,
    pub unchanged: usize,
    pub skipped: usize,
    pub interactions: usize,
    pub tasks: usize,
    pub rejected: Vec<Rejected>,
    /// File-level notes: ragged rows, NUL bytes, a doubtful encoding.
    pub warnings: Vec<String>,
    pub dry_run: bool,
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
    let existing = store.read(|r| r.counts())?.customers;
    if existing > 0 {
        return Err(ImportError::NotEmpty(existing));
    }
    let report = Report {
        encoding: "UTF-8".into(),
        delimiter: "-".into(),
        kind: "rolo export".into(),
        rows: bundle.customers.len() + bundle.interactions.len() + bundle.tasks.len(),
        created: bundle.customers.len(),
        interactions: bundle.interactions.len(),
        tasks: bundle.tasks.len(),
        dry_run,
        ..Default::default()
    };
    let result = store.write(now, |w| {
        w.skip_journal();
        w.restore(&bundle.customers, &bundle.interactions, &bundle.tasks)?;
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
    }
}

/// Roll back a dry run's transaction, carrying its report out.
enum Abort {
    DryRun(Box<Report>),
    Invalid(Box<Report>),
    Cancelled,
    Store(StoreError),
}

impl From<StoreError> for Abort {
    fn from(e: StoreError) -> Self {
        Abort::Store(e)
    }
}

pub fn import(
    store: &Store,
    bytes: &[u8],
    options: &Options,
    now: DateTime<FixedOffset>,
) -> Result<Report, ImportError> {
    let watch = &options.watch;
    watch.tick(Stage::Reading, 0, bytes.len())?;
    let (text, encoding, decoded) = decode::decode(bytes, options.encoding)?;
    let table = table::read(&text, options.delimiter)?;
    watch.tick(Stage::Reading, bytes.len(), bytes.len())?;
    let plan = mapping::plan(&table.headers, &options.maps, options.kind)?;
    let mut report = Report {
        encoding: encoding.to_string(),
        delimiter: table.delimiter.to_string(),
        kind: match plan.kind {
            Kind::Customers => "customers".into(),
            Kind::FollowUps => "follow-ups".into(),
        },
        headers: table.headers.clone(),
        rows: table.records.len(),
        dry_run: options.dry_run,
        warnings: table.problems.iter().map(Problem::to_string).collect(),
        ..Default::default()
    };
    if !decoded.is_clean() {
        report.warnings.insert(0, format!("{} byte sequences could not be decoded as {encoding} (shown as �); check --encoding", decoded.replacements));
    }
    let wall = now.naive_local();
    let mut rows = Vec::new();
    let total = table.records.len();
    for (done, record) in table.records.iter().enumerate() {
        watch.tick(Stage::Checking, done + 1, total)?;
        let parsed = match plan.kind {
            Kind::Customers => {
                mapping::customer(&plan, record.line, &record.cells, wall).map(Row::Customer)
            }
            Kind::FollowUps => {
                mapping::follow_up(&plan, record.line, &record.cells, wall).map(Row::FollowUp)
            }
        };
        match parsed {
            Ok(row) => rows.push((record.line, &record.cells, row)),
            Err(errors) => report.rejected.push(Rejected {
                line: record.line,
                reasons: errors.iter().map(ToString::to_string).collect(),
                cells: record.cells.clone(),
            }),
        }
    }
    if !report.rejected.is_empty() && !options.skip_invalid {
        return Err(ImportError::Invalid(Box::new(report)));
    }
    let result = store.write(now, |w| {
        w.skip_journal();
        let mut seen = Seen::default();
        let total = rows.len();
        for (done, (line, cells, row)) in rows.into_iter().enumerate() {
            watch
                .tick(Stage::Writing, done + 1, total)
                .map_err(|_| Abort::Cancelled)?;
            let outcome = match row {
                Row::Customer(c) => customer(w, c, options.on_duplicate, &mut seen, now),
                Row::FollowUp(f) => follow_up(w, f, now),
            };
            match outcome {
                Ok(counts) => counts.add_to(&mut report),
                Err(RowError::Store(e)) => return Err(Abort::Store(e)),
                Err(RowError::Rejected(reason)) => report.rejected.push(Rejected {
                    line,
                    reasons: vec![format!("line {line}: {reason}")],
                    cells: cells.clone(),
                }),
            }
        }
        if !report.rejected.is_empty() && !options.skip_invalid {
            return Err(Abort::Invalid(Box::new(std::mem::take(&mut report))));
        }
        w.audit("import", format!("{} rows", report.rows), None, vec![])?;
        if options.dry_run {
            return Err(Abort::DryRun(Box::new(std::mem::take(&mut report))));
        }
        Ok(std::mem::take(&mut report))
    });
    finish(result)
}

enum Row {
    Customer(CustomerIn),
    FollowUp(FollowUpIn),
}

enum RowError {
    Rejected(String),
    Store(StoreError),
}

impl From<StoreError> for RowError {
    fn from(e: StoreError) -> Self {
        RowError::Store(e)
    }
}

/// What one row did.
#[derive(Default)]
struct Counts {
    created: usize,
    merged: usize,
    unchanged: usize,
    skipped: usize,
    interactions: usize,
    tasks: usize,
}

impl Counts {
    fn add_to(self, r: &mut Report) {
        r.created += self.created;
        r.merged += self.merged;
        r.unchanged += self.unchanged;
        r.skipped += self.skipped;
        r.interactions += self.interactions;
        r.tasks += self.tasks;
    }
}

/// Customers created earlier in this same file, by duplicate key.
#[derive(Default)]
struct Seen {
    by_key: HashMap<String, CustomerId>,
}

/// The keys that make two customer rows the same person: a normalised
/// email, a normalised phone, or name + company (case and spacing folded).
fn duplicate_keys(draft: &CustomerDraft) -> Vec<String> {
    let mut keys: Vec<String> = draft
        .emails
        .iter()
        .map(|e| format!("e:{}", validate::email_key(e)))
        .collect();
    keys.extend(
        draft
            .phones
            .iter()
            .map(|p| format!("p:{}", validate::phone_key(p))),
    );
    keys.push(format!(
        "nc:{}|{}",
        crate::store::fold(&draft.name),
        crate::store::fold(&draft.company)
    ));
    keys
}

fn customer(
    w: &mut Writer,
    row: CustomerIn,
    on_duplicate: OnDuplicate,
    seen: &mut Seen,
    now: DateTime<FixedOffset>,
) -> Result<Counts, RowError> {
    let keys = duplicate_keys(&row.draft);
    let existing = match keys.iter().find_map(|k| seen.by_key.get(k).copied()) {
        Some(id) => Some(id),
        None => w.find_duplicate(&row.draft)?,
    };
    let mut counts = Counts::default();
    let id = match (existing, on_duplicate) {
        (Some(_), OnDuplicate::Skip) => {
            counts.skipped = 1;
            return Ok(counts);
        }
        (Some(id), OnDuplicate::Merge) => {
            let current = w.get_customer(id)?;
            let patch = merge_patch(&current, &row.draft);
            let (_, changed) = w.update_customer(id, &patch)?;
            if changed.is_empty() {
                counts.unchanged = 1;
            } else {
                counts.merged = 1;
            }
            id
        }
        (_, _) => {
            let mut customer = row.draft.clone().into_customer(CustomerId(0), now);
            customer.last_contact_at = row.last_contact.and_then(|at| local(at, now));
            let customer = w.insert_customer(customer)?;
            counts.created = 1;
            if let Some(title) = row.next_action.filter(|t| !t.trim().is_empty()) {
                w.add_task(NewTask {
                    customer: Some(customer.id),
                    title,
                    due: None,
                    priority: Priority::Normal,
                    recurrence: None,
                })?;
                counts.tasks = 1;
            }
            customer.id
        }
    };
    for key in keys {
        seen.by_key.entry(key).or_insert(id);
    }
    Ok(counts)
}

/// New information from an imported row, without overwriting what is there.
fn merge_patch(current: &Customer, new: &CustomerDraft) -> CustomerPatch {
    let fill = |have: &str, offered: &str| {
        (have.trim().is_empty() && !offered.trim().is_empty()).then(|| offered.to_string())
    };
    CustomerPatch {
        company: fill(&current.company, &new.company),
        title: fill(&current.title, &new.title),
        industry: fill(&current.industry, &new.industry),
        source: fill(&current.source, &new.source),
        owner: fill(&current.owner, &new.owner),
        address: fill(&current.address, &new.address),
        notes: fill(&current.notes, &new.notes),
        add_emails: new.emails.clone(),
        add_phones: new.phones.clone(),
        add_tags: new.tags.clone(),
        cadence: (current.cadence.is_none() && new.cadence.is_some()).then_some(new.cadence),
        custom: new
            .custom
            .iter()
            .filter(|(k, _)| !current.custom.contains_key(*k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        ..Default::default()
    }
}

fn follow_up(
    w: &mut Writer,
    f: FollowUpIn,
    now: DateTime<FixedOffset>,
) -> Result<Counts, RowError> {
    let mut found = w.find_exact(&f.customer_words)?;
    if found.is_empty() && !f.company.trim().is_empty() {
        found = w.find_exact(&f.company)?;
    }
    let id = match found.as_slice() {
        [id] => *id,
        [] => {
            return Err(RowError::Rejected(format!(
                "no customer named \"{}\"; import the customer list first, or add them",
                f.customer_words
            )));
        }
        several => {
            let ids: Vec<String> = several.iter().map(ToString::to_string).collect();
            return Err(RowError::Rejected(format!(
                "\"{}\" matches {} customers ({}); name one by its company",
                f.customer_words,
                several.len(),
                ids.join(", ")
            )));
        }
    };
    let at = local(f.at, now).unwrap_or(now);
    // Importing the same file twice creates nothing new.
    if w.timeline(id, usize::MAX)?
        .iter()
        .any(|i| i.at == at && i.summary == f.summary && i.kind == f.kind)
    {
        return Ok(Counts {
            unchanged: 1,
            ..Default::default()
        });
    }
    let next = f
        .next
        .filter(|n| !n.trim().is_empty())
        .map(|title| NewTask {
            customer: Some(id),
            title,
            due: f.due,
            priority: Priority::Normal,
            recurrence: None,
        });
    let tasks = usize::from(next.is_some());
    w.log(
        NewInteraction {
            customer: id,
            kind: f.kind,
            at,
            summary: f.summary,
            feedback: f.feedback,
            outcome: None,
            author: f.author,
        },
        next,
    )?;
    Ok(Counts {
        interactions: 1,
        tasks,
        ..Default::default()
    })
}

/// A wall-clock time from a file, in the offset of `now`.
fn local(at: NaiveDateTime, now: DateTime<FixedOffset>) -> Option<DateTime<FixedOffset>> {
    at.and_local_timezone(*now.offset()).single()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
        for stage in [Stage::Checking, Stage::Writing] {
            let dones: Vec<usize> = seen
                .iter()
                .filter(|p| p.stage == stage)
                .map(|p| p.done)
                .collect();
            assert_eq!(dones, vec![1024, 2048, 3000], "{stage}");
        }

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
        let counts = store.read(|r| r.counts()).expect("readable");
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
                let customers = store.read(|r| r.counts()).expect("readable").customers;
                prop_assert_eq!(customers, 0);
            }
        }
    }
}
