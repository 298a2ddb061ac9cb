//! The shell around `update`: workers that run effects against the store
//! and the search index, off the UI thread, and report back as `Msg`s.

use super::msg::{
    CaseRow, Detail, Effect, Failure, ImportEnd, Msg, Outcome, RankedQueue, Row, RowDetail, Sales,
    SaveCustomer, Segment, Sort,
};
use super::update::list::FILTER_LIMIT;
use crate::config::Config;
use crate::domain::Channel;
use crate::domain::money::won_last_year;
use crate::domain::{Case, CustomerId, Deal, DealStatus, Task, Tier};
use crate::exec::import::{self, ImportError, Progress, Stage, Watch};
use crate::exec::{self, Ctx, Done, ExecError, ResolveError};
use crate::interchange::mapping::Kind;
use crate::palette::{ImportKind, ImportLine};
use crate::review::{self, TaskRow};
use crate::search::SearchIndex;
use crate::store::{Store, StoreError, View};
use chrono::{DateTime, FixedOffset};
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How many interactions the Timeline pane loads.
const TIMELINE: usize = 200;
/// Rows per section of the Today view and the Tasks pane.
const QUEUE: usize = 300;
/// How many customers `demo` loads from the welcome screen.
const DEMO_CUSTOMERS: usize = 200;
/// Rows read for the first frame: more than any terminal shows.
const FIRST_PAGE: usize = 120;
/// Directory entries path completion looks at, and how many it offers.
const PATH_SCAN: usize = 5000;
const PATH_COMPLETIONS: usize = 50;
/// The least time between two import progress reports to the UI.
const PROGRESS_EVERY: Duration = Duration::from_millis(50);

/// Sends store work to the store worker and queries to the search worker.
pub struct Runtime {
    store_jobs: Sender<(Effect, DateTime<FixedOffset>)>,
    /// The Reports view's loads, on a worker of their own (see [`report_worker`]).
    report_jobs: Sender<ReportJob>,
    search_jobs: Sender<SearchJob>,
    /// For the full names load, which runs on its own thread.
    store: Store,
    ui: Sender<Msg>,
    /// For the import worker's own store handle.
    lock_timeout: Duration,
    /// The import running on its own thread, if any.
    import: Option<ImportJob>,
}

/// A running import: how to stop it and how to know it stopped.
struct ImportJob {
    watch: Watch,
    thread: JoinHandle<()>,
}

enum SearchJob {
    /// A freshly built index to search from now on.
    Build(Box<SearchIndex>),
    Query {
        seq: u64,
        query: String,
    },
}

impl Runtime {
    pub fn start(store: Store, config: Config, ui: Sender<Msg>) -> Runtime {
        let (store_jobs, store_rx) = channel();
        let (search_jobs, search_rx) = channel();
        let ui_for_store = ui.clone();
        let ui_for_search = ui.clone();
        let worker_store = store.clone();
        let lock_timeout = Duration::from_secs(config.lock_timeout_secs);
        let (report_jobs, report_rx) = channel();
        let (report_store, report_config, report_ui) = (store.clone(), config.clone(), ui.clone());
        std::thread::spawn(move || {
            report_worker(report_store, report_config, report_rx, report_ui)
        });
        std::thread::spawn(move || store_worker(worker_store, config, store_rx, ui_for_store));
        std::thread::spawn(move || search_worker(search_rx, ui_for_search));
        Runtime {
            store_jobs,
            report_jobs,
            search_jobs,
            store,
            ui,
            lock_timeout,
            import: None,
        }
    }

    /// Hand an effect to its worker. `Copy` and `Quit` belong to the loop.
    pub fn dispatch(&mut self, effect: Effect, now: DateTime<FixedOffset>) {
        match effect {
            Effect::Import(line) => self.start_import(line, now),
            Effect::ListPaths { seq, partial } => {
                let ui = self.ui.clone();
                std::thread::spawn(move || {
                    let home = std::env::var("HOME").ok();
                    let paths = list_paths(&partial, home.as_deref());
                    let _ = ui.send(Msg::PathsListed { seq, paths });
                });
            }
            Effect::CancelImport => {
                if let Some(job) = &self.import {
                    job.watch.cancel();
                }
            }
            Effect::LoadReport(name, period) => {
                let _ = self.report_jobs.send((name, period, now));
            }
            Effect::Search { seq, query } => {
                let _ = self.search_jobs.send(SearchJob::Query { seq, query });
            }
            // The full load runs beside the store worker, so small reads
            // (the first page, the selection's timeline) do not wait for it.
            // Off the store worker, so small reads (the first page, the
            // selection's timeline) never wait for it. The index comes first:
            // it is what search waits for, and the first page already shows.
            Effect::LoadNames => {
                let (store, ui) = (self.store.clone(), self.ui.clone());
                let search = self.search_jobs.clone();
                std::thread::spawn(move || {
                    match build_index(&store) {
                        Ok(index) => {
                            let _ = search.send(SearchJob::Build(Box::new(index)));
                        }
                        Err(e) => {
                            let _ = ui.send(Msg::LoadFailed(e.to_string()));
                        }
                    }
                    let msg = load_names(&store).unwrap_or_else(|e| Msg::LoadFailed(e.to_string()));
                    let _ = ui.send(msg);
                });
            }
            // The loop's own: terminal and files.
            Effect::Copy(_)
            | Effect::Quit
            | Effect::LoadDraft(_)
            | Effect::SaveDraft(_)
            | Effect::DiscardDraft(_)
            | Effect::EditExternally(_) => {}
            other => {
                let _ = self.store_jobs.send((other, now));
            }
        }
    }
}

impl Runtime {
    fn start_import(&mut self, line: ImportLine, now: DateTime<FixedOffset>) {
        if self
            .import
            .as_ref()
            .is_some_and(|job| !job.thread.is_finished())
        {
            // The overlay is modal, so this is not reachable from the keys.
            let end = ImportEnd::Failed("an import is already running".into());
            let _ = self.ui.send(Msg::ImportFinished(end));
            return;
        }
        // A handle of its own: the audit trail says "import", and its writes
        // never touch the store worker's journal of the last write (undo).
        let store = Store::new(self.store.path(), Channel::Import)
            .with_actor(self.store.actor())
            .with_lock_timeout(self.lock_timeout);
        let watch = progress_watch(self.ui.clone());
        let (ui, worker_watch) = (self.ui.clone(), watch.clone());
        let thread = std::thread::spawn(move || {
            let end = import_file(&store, &line, worker_watch, now);
            let _ = ui.send(Msg::ImportFinished(end));
        });
        self.import = Some(ImportJob { watch, thread });
    }

    /// On the way out: cancel a running import and give it a moment to roll
    /// back (it checks every [`Watch::EVERY`] rows), so no write is cut short.
    pub fn shutdown(&mut self, patience: Duration) {
        let Some(job) = self.import.take() else {
            return;
        };
        job.watch.cancel();
        let start = Instant::now();
        while !job.thread.is_finished() && start.elapsed() < patience {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Progress for the UI, at most one report per [`PROGRESS_EVERY`] (and
/// each stage's first and last), so a fast import cannot flood the loop.
fn progress_watch(ui: Sender<Msg>) -> Watch {
    let last: Mutex<Option<(Stage, Instant)>> = Mutex::new(None);
    Watch::new(move |p: Progress| {
        let Ok(mut last) = last.lock() else {
            return;
        };
        let now = Instant::now();
        let due = match *last {
            None => true,
            Some((stage, at)) => {
                stage != p.stage || p.done >= p.total || now.duration_since(at) >= PROGRESS_EVERY
            }
        };
        if due {
            *last = Some((p.stage, now));
            let _ = ui.send(Msg::ImportProgress(p));
        }
    })
}

/// What `partial` (a path as typed, `~` allowed) could complete to, by
/// name, directories ending in `/`; hidden files only when asked for.
fn list_paths(partial: &str, home: Option<&str>) -> Vec<String> {
    if partial == "~" {
        return vec!["~/".into()];
    }
    let (typed_dir, prefix) = match partial.rfind('/') {
        Some(i) => partial.split_at(i + 1),
        None => ("", partial),
    };
    let dir = if typed_dir.is_empty() {
        std::path::PathBuf::from(".")
    } else {
        crate::palette::import::expand_home(typed_dir, home)
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<String> = entries
        .take(PATH_SCAN)
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            if !name.starts_with(prefix) || (name.starts_with('.') && !prefix.starts_with('.')) {
                return None;
            }
            // Follows symlinks, so a link to a directory is one.
            let is_dir = entry.path().is_dir();
            Some(format!(
                "{typed_dir}{name}{}",
                if is_dir { "/" } else { "" }
            ))
        })
        .collect();
    paths.sort();
    paths.truncate(PATH_COMPLETIONS);
    paths
}

/// Read the file and import it (a rolo export is restored whole).
fn import_file(
    store: &Store,
    line: &ImportLine,
    watch: Watch,
    now: DateTime<FixedOffset>,
) -> ImportEnd {
    let home = std::env::var("HOME").ok();
    let path = crate::palette::import::expand_home(&line.path, home.as_deref());
    let bytes = match crate::files::read(&path, None) {
        Ok(bytes) => bytes,
        Err(e) => return ImportEnd::Failed(format!("cannot read \"{}\": {e}", path.display())),
    };
    if watch.is_cancelled() {
        return ImportEnd::Cancelled;
    }
    // Sheets, vCards and rolo exports alike: `import` tells them apart.
    let options = import::Options {
        kind: line.kind.map(|kind| match kind {
            ImportKind::Customers => Kind::Customers,
            ImportKind::Interactions => Kind::FollowUps,
        }),
        skip_invalid: line.skip_invalid,
        dry_run: line.dry_run,
        watch,
        ..Default::default()
    };
    match import::import(store, &bytes, &options, now) {
        Ok(report) => ImportEnd::Imported(Box::new(report)),
        Err(ImportError::Invalid(report)) => ImportEnd::Invalid(report),
        Err(ImportError::Cancelled) => ImportEnd::Cancelled,
        Err(e) => ImportEnd::Failed(e.to_string()),
    }
}

fn store_worker(
    store: Store,
    config: Config,
    jobs: Receiver<(Effect, DateTime<FixedOffset>)>,
    ui: Sender<Msg>,
) {
    let mut backup_started = false;
    while let Ok((effect, now)) = jobs.recv() {
        let companion = companion(&store, &config, &effect, now);
        let ctx = Ctx {
            store: &store,
            now,
            config: &config,
        };
        let msg = match effect {
            Effect::Run(command) => applied(&store, exec::run(&ctx, command)),
            Effect::SaveCustomer(SaveCustomer::New(draft)) => {
                applied(&store, exec::add_customer(&ctx, *draft))
            }
            Effect::SaveCustomer(SaveCustomer::Edit(base, patch)) => {
                applied(&store, exec::edit_from(&ctx, &base, *patch))
            }
            Effect::Undo(undo) => applied(&store, exec::undo(&ctx, &undo)),
            Effect::LoadDemo => Msg::DemoLoaded(
                crate::exec::demo::load_with(
                    &store,
                    DEMO_CUSTOMERS,
                    1,
                    now,
                    &crate::store::current_user(),
                    &config.pipeline,
                )
                .map_err(|e| e.to_string()),
            ),
            load => match run_load(&store, &config, load, now) {
                Ok(Some(msg)) => msg,
                Ok(None) => continue,
                Err(e) => Msg::LoadFailed(e.to_string()),
            },
        };
        // The day's first write starts the daily backup, off to the side.
        if config.auto_backup && !backup_started && store.backup_due(now) {
            backup_started = crate::cli::start_daily_backup(store.path()).is_ok();
        }
        if ui.send(msg).is_err() {
            break;
        }
        if let Some(msg) = companion
            && ui.send(msg).is_err()
        {
            break;
        }
    }
}

/// What a load brings along: the selected customer's deals, cases and
/// tier with its Detail; the open cases with the Tasks pane's tasks.
pub(super) fn companion(
    store: &Store,
    config: &Config,
    effect: &Effect,
    now: DateTime<FixedOffset>,
) -> Option<Msg> {
    let result = match effect {
        Effect::LoadDetail(id) => store
            .read(|r| sales(r, config, *id, now))
            .map(|s| Msg::SalesLoaded(Box::new(s))),
        Effect::LoadTasks(who) => store.read(|r| open_cases(r, *who)).map(Msg::CasesLoaded),
        _ => return None,
    };
    Some(result.unwrap_or_else(|e| Msg::LoadFailed(e.to_string())))
}

/// A customer's deals and cases, and the tier their wins of the last 12
/// months give them.
pub(super) fn sales(
    r: &impl View,
    config: &Config,
    id: CustomerId,
    now: DateTime<FixedOffset>,
) -> Result<Sales, StoreError> {
    let deals = r.customer_deals(id)?;
    let cases = r.customer_cases(id)?;
    let won_year = won_last_year(&deals, &config.rates(), now);
    Ok(Sales {
        customer: id,
        tier: config.tiers.tier(won_year),
        won_year,
        currency: config.currency.clone(),
        deals,
        cases,
    })
}

/// Open service cases, oldest first: one customer's, or everyone's.
pub(super) fn open_cases(
    r: &impl View,
    who: Option<CustomerId>,
) -> Result<Vec<CaseRow>, StoreError> {
    let cases = match who {
        Some(id) => {
            let mut open: Vec<Case> = r
                .customer_cases(id)?
                .into_iter()
                .filter(Case::is_open)
                .collect();
            open.sort_by_key(|c| (c.opened_at, c.id));
            open
        }
        None => r.open_cases(QUEUE)?.0,
    };
    let mut names: HashMap<CustomerId, Option<String>> = HashMap::new();
    let mut rows = Vec::with_capacity(cases.len());
    for case in cases {
        let name = match names.get(&case.customer) {
            Some(name) => name.clone(),
            None => {
                let name = r.customer(case.customer)?.map(|c| c.name);
                names.insert(case.customer, name.clone());
                name
            }
        };
        rows.push(CaseRow {
            case,
            customer_name: name,
        });
    }
    Ok(rows)
}

/// The customers of the saved view `name`, by its filter; tiers are
/// worked out from the deals only when the filter asks for one.
pub(super) fn segment(
    r: &impl View,
    config: &Config,
    name: &str,
    now: DateTime<FixedOffset>,
) -> Result<Segment, StoreError> {
    let filter = r.view(name)?;
    // The name as saved, for the title (the lookup ignores case).
    let name = r
        .views()?
        .into_iter()
        .map(|(saved, _)| saved)
        .find(|saved| saved.eq_ignore_ascii_case(name.trim()))
        .unwrap_or_else(|| name.trim().to_string());
    let mut won: HashMap<CustomerId, Vec<Deal>> = HashMap::new();
    if filter.needs_tier() {
        for deal in r.deals()? {
            if deal.status == DealStatus::Won {
                won.entry(deal.customer).or_default().push(deal);
            }
        }
    }
    let rates = config.rates();
    let me = crate::store::current_user();
    let mut ids = Vec::new();
    r.for_each_customer(|c| {
        let tier = won.get(&c.id).map_or(Tier::Regular, |deals| {
            config.tiers.tier(won_last_year(deals, &rates, now))
        });
        if filter.matches(&c, tier, &me, now) {
            ids.push(c.id);
        }
        true
    })?;
    Ok(Segment { name, ids })
}

fn run_load(
    store: &Store,
    config: &Config,
    effect: Effect,
    now: DateTime<FixedOffset>,
) -> Result<Option<Msg>, StoreError> {
    Ok(Some(match effect {
        Effect::LoadFirstPage => {
            let (page, total) = store.read(|r| {
                Ok::<_, StoreError>((r.first_by_name(FIRST_PAGE)?, r.counts()?.customers))
            })?;
            let rows = page
                .into_iter()
                .map(|(id, name, company, email)| Row {
                    id,
                    name,
                    company,
                    email,
                })
                .collect();
            Msg::FirstPage { rows, total }
        }
        Effect::LoadOrder(sort) => Msg::OrderLoaded(sort, store.read(|r| order(r, sort))?),
        Effect::LoadRowDetails(ids) => Msg::RowDetails(store.read(|r| {
            let mut out = Vec::with_capacity(ids.len());
            for id in ids {
                if let Some(c) = r.customer(id)? {
                    out.push((
                        id,
                        RowDetail {
                            stage: c.stage,
                            tags: c.tags,
                            last_contact: c.last_contact_at,
                        },
                    ));
                }
            }
            Ok::<_, StoreError>(out)
        })?),
        Effect::LoadDetail(id) => {
            let detail = store.read(|r| {
                let Some(customer) = r.customer(id)? else {
                    return Ok::<_, StoreError>(None);
                };
                let timeline = r.timeline(id, TIMELINE)?;
                let tasks = r.customer_tasks(id)?;
                Ok(Some(Detail {
                    customer,
                    timeline,
                    tasks,
                }))
            })?;
            match detail {
                Some(d) => Msg::DetailLoaded(Box::new(d)),
                None => return Ok(None),
            }
        }
        Effect::LoadTasks(who) => Msg::TasksLoaded(store.read(|r| tasks(r, who, now))?),
        Effect::LoadReview => {
            let (review, done_today) = store.read(|r| {
                let review = review::gather(r, now, QUEUE, config.quiet_days)?;
                let done = review::done_today(r, now)?;
                Ok::<_, StoreError>((review, done))
            })?;
            Msg::ReviewLoaded {
                review: Box::new(review),
                done_today,
            }
        }
        Effect::LoadDeals => {
            let (deals, names) = store.read(|r| {
                let deals = r.deals()?;
                let mut names = std::collections::HashMap::new();
                for deal in &deals {
                    if !names.contains_key(&deal.customer)
                        && let Some(c) = r.customer(deal.customer)?
                    {
                        let name = if c.name.is_empty() { c.company } else { c.name };
                        names.insert(deal.customer, name);
                    }
                }
                Ok::<_, StoreError>((deals, names))
            })?;
            let board = super::update::screens::board(
                &deals,
                &names,
                &config.pipeline,
                &config.rates(),
                now,
            );
            Msg::DealsLoaded(Box::new(board))
        }
        Effect::LoadRanked => {
            let (rows, total) = store.read(|r| crate::queue::gather(r, config, now, QUEUE))?;
            Msg::RankedLoaded(RankedQueue { rows, total })
        }
        // A missing view is the user's mistake: a toast, not a load failure.
        Effect::LoadSegment(name) => Msg::SegmentLoaded(
            store
                .read(|r| segment(r, config, &name, now))
                .map_err(|e| e.to_string()),
        ),
        Effect::LoadViewNames => Msg::ViewNamesLoaded(
            store
                .read(|r| Ok::<_, StoreError>(r.views()?.into_iter().map(|(n, _)| n).collect()))?,
        ),
        Effect::CheckGeneration => {
            let (all, names) =
                store.read(|r| Ok::<_, StoreError>((r.generation()?, r.names_generation()?)))?;
            Msg::Generation { all, names }
        }
        Effect::IdentifyDatabase => {
            let id = store.read(|r| r.database_id())?;
            let path = super::drafts::canonical(store.path());
            Msg::DatabaseIdentified(super::form::DatabaseIdentity {
                path: path.display().to_string(),
                id,
            })
        }
        // Handled by `Runtime::dispatch` or the loop itself.
        Effect::LoadNames
        | Effect::Run(_)
        | Effect::Undo(_)
        | Effect::SaveCustomer(_)
        | Effect::LoadDraft(_)
        | Effect::SaveDraft(_)
        | Effect::DiscardDraft(_)
        | Effect::EditExternally(_)
        | Effect::LoadDemo
        | Effect::Import(_)
        | Effect::CancelImport
        | Effect::ListPaths { .. }
        | Effect::Search { .. }
        | Effect::LoadReport(..)
        | Effect::Copy(_)
        | Effect::Quit => {
            return Ok(None);
        }
    }))
}

/// A report to compute: which, over what, as of when.
type ReportJob = (
    crate::report::ReportName,
    crate::report::Period,
    DateTime<FixedOffset>,
);

/// Computes reports for the Reports view off the store worker (a report
/// reads every customer and the period's interactions: up to a second on
/// a big database, which the selection's loads should not wait behind).
/// Only the newest request is answered; older ones queued behind it are
/// for tabs already left. It runs `report::build`, as `rolo report` does,
/// so both show the same figures.
fn report_worker(store: Store, config: Config, jobs: Receiver<ReportJob>, ui: Sender<Msg>) {
    while let Ok(first) = jobs.recv() {
        let Some((name, period, now)) = std::iter::once(first).chain(jobs.try_iter()).last() else {
            continue;
        };
        let result = store
            .read(|r| crate::report::Dataset::load_for(name, r, &config, now, period))
            .map(|data| Box::new(crate::report::build(name, &data)))
            .map_err(|e| e.to_string());
        let loaded = super::model::LoadedReport {
            name,
            period,
            result,
        };
        if ui.send(Msg::ReportLoaded(Box::new(loaded))).is_err() {
            return;
        }
    }
}

/// Every customer's list row (in id order) and the name order.
fn load_names(store: &Store) -> Result<Msg, StoreError> {
    let rows = store.read(|r| {
        let mut rows = Vec::with_capacity(r.counts()?.customers as usize);
        r.for_each_search_text(|id, name, company, _| {
            rows.push(Row {
                id,
                name: name.to_string(),
                company: company.to_string(),
                email: String::new(),
            });
        })?;
        Ok::<_, StoreError>(rows)
    })?;
    let by_name = super::update::list::by_name(&rows);
    Ok(Msg::NamesSorted { rows, by_name })
}

/// The search index over every customer's name, company and email.
fn build_index(store: &Store) -> Result<SearchIndex, StoreError> {
    let mut index = store.read(|r| {
        let mut index = SearchIndex::with_capacity(r.counts()?.customers as usize);
        r.for_each_search_text(|id, name, company, email| index.push(id.0, name, company, email))?;
        Ok::<_, StoreError>(index)
    })?;
    index.shrink_to_fit();
    Ok(index)
}

/// Customer ids in a sort order that comes from the indexes.
fn order(r: &impl View, sort: Sort) -> Result<Vec<CustomerId>, StoreError> {
    match sort {
        Sort::Name => Ok(Vec::new()),
        Sort::LastContact => r.touched_before(i64::MAX),
        Sort::NextDue => {
            let mut seen = HashSet::new();
            let mut ids = Vec::new();
            for task in r.open_tasks(i64::MIN..i64::MAX, usize::MAX)? {
                if let Some(c) = task.customer
                    && seen.insert(c)
                {
                    ids.push(c);
                }
            }
            Ok(ids)
        }
    }
}

/// Open tasks, soonest first: one customer's, or everyone's up to a week out.
fn tasks(
    r: &impl View,
    who: Option<CustomerId>,
    now: DateTime<FixedOffset>,
) -> Result<Vec<TaskRow>, StoreError> {
    let list: Vec<Task> = match who {
        Some(id) => {
            let mut open: Vec<Task> = r
                .customer_tasks(id)?
                .into_iter()
                .filter(Task::is_open)
                .collect();
            open.sort_by_key(|t| t.due.map_or(i64::MAX, |d| d.sort_key()));
            open
        }
        None => {
            let [overdue, _, week] = review::windows(now.naive_local());
            r.open_tasks(overdue.start..week.end, QUEUE)?
        }
    };
    review::task_rows(r, list)
}

/// A write's result for the UI, with the journal that undoes it.
fn applied(store: &Store, result: Result<Done, ExecError>) -> Msg {
    let undo = store.take_last_undo();
    Msg::Applied(
        result
            .map(|done| Box::new(Outcome { done, undo }))
            .map_err(failure),
    )
}

/// An executor error as the TUI shows it.
fn failure(e: ExecError) -> Failure {
    match e {
        ExecError::Parse(p) => Failure {
            message: p.message,
            span: Some(p.span),
            candidates: vec![],
        },
        ExecError::Resolve { error, span } => Failure {
            candidates: match &error {
                ResolveError::Ambiguous { candidates, .. }
                | ResolveError::NotExact { candidates, .. } => candidates.clone(),
                ResolveError::NotFound { .. }
                | ResolveError::TooLong { .. }
                | ResolveError::NoSuchId { .. } => vec![],
            },
            message: error.to_string(),
            span,
        },
        e @ (ExecError::Store(_) | ExecError::NoneDone { .. }) => Failure {
            message: e.to_string(),
            span: None,
            candidates: vec![],
        },
    }
}

/// Owns the search index. Only the newest query is answered (older ones
/// queued behind it are dropped), and a query that extends the previous one
/// searches only the previous matches.
fn search_worker(jobs: Receiver<SearchJob>, ui: Sender<Msg>) {
    let mut index = SearchIndex::new();
    let mut built = false;
    let mut last: Option<(String, Vec<u32>)> = None;
    // A query that arrived before the first index waits for it, rather
    // than being answered "no matches" from an empty index.
    let mut waiting: Option<(u64, String)> = None;
    while let Ok(first) = jobs.recv() {
        // Catch up: the newest index, then only the newest query.
        for job in std::iter::once(first).chain(jobs.try_iter()) {
            match job {
                SearchJob::Build(new) => {
                    index = *new;
                    built = true;
                    last = None;
                    if ui.send(Msg::SearchReady).is_err() {
                        return;
                    }
                }
                SearchJob::Query { seq, query } => waiting = Some((seq, query)),
            }
        }
        if !built {
            continue;
        }
        let Some((seq, query)) = waiting.take() else {
            continue;
        };
        let narrowed = last.as_ref().filter(|(previous, _)| {
            !previous.is_empty() && query.starts_with(previous.as_str()) && !query.contains('!')
        });
        let (hits, matching) = match narrowed {
            Some((_, among)) => index.search_among(among, &query, FILTER_LIMIT),
            None => {
                let all: Vec<u32> = (0..index.len() as u32).collect();
                index.search_among(&all, &query, FILTER_LIMIT)
            }
        };
        let total = Some(matching.len());
        last = Some((query, matching));
        if ui.send(Msg::Searched { seq, hits, total }).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_complete_by_name_directories_with_a_slash() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir(root.join("my files")).expect("mkdir");
        std::fs::write(root.join("my files/a.csv"), "").expect("write");
        std::fs::write(root.join("my notes.txt"), "").expect("write");
        std::fs::write(root.join(".hidden.csv"), "").expect("write");
        let base = format!("{}/", root.display());
        assert_eq!(
            list_paths(&format!("{base}my"), None),
            vec![format!("{base}my files/"), format!("{base}my notes.txt")]
        );
        assert_eq!(
            list_paths("~/my files/", Some(&root.display().to_string())),
            vec!["~/my files/a.csv".to_string()]
        );
        assert_eq!(list_paths(&base, None).len(), 2, "no hidden files");
        assert_eq!(list_paths(&format!("{base}."), None).len(), 1);
        assert_eq!(list_paths("~", None), vec!["~/".to_string()]);
        assert!(list_paths("/no/such/dir/x", None).is_empty());
    }
}
