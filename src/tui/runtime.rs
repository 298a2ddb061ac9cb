//! The shell around `update`: workers that run jobs against the store
//! and the search index (and the find worker, `tui::find`), off the UI
//! thread, and report back as `Msg`s.
//! `route::route` decides which job an effect is; reads are answered by
//! `read::answer`, writes here.

use super::msg::{Failure, ImportEnd, Msg, Outcome, SaveCustomer};
use super::route::{Job, Read, Write};
use super::update::list::FILTER_LIMIT;
use crate::config::Config;
use crate::daily_backup;
use crate::domain::Channel;
use crate::exec::import::{self, ImportError, Progress, Stage, Watch};
use crate::exec::{self, Ctx, Done, ExecError, ResolveError};
use crate::interchange::mapping::Kind;
use crate::palette::{ImportKind, ImportLine};
use crate::search::SearchIndex;
use crate::store::Store;
use chrono::{DateTime, FixedOffset};
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How many customers `demo` loads from the welcome screen.
const DEMO_CUSTOMERS: usize = 200;
/// Directory entries path completion looks at, and how many it offers.
const PATH_SCAN: usize = 5000;
const PATH_COMPLETIONS: usize = 50;
/// The least time between two import progress reports to the UI.
const PROGRESS_EVERY: Duration = Duration::from_millis(50);

/// What the store worker does, one at a time, each in its own transaction.
enum StoreJob {
    Write(Write),
    Read(Read),
}

/// Sends store work to the store worker and queries to the search worker.
pub struct Runtime {
    store_jobs: Sender<(StoreJob, DateTime<FixedOffset>)>,
    /// The Reports view's loads, on a worker of their own (see [`report_worker`]).
    report_jobs: Sender<ReportJob>,
    search_jobs: Sender<SearchJob>,
    /// The find overlay's full-text search (`tui::find`).
    finder: super::find::Finder,
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
        let finder = super::find::Finder::start(store.clone(), ui.clone());
        Runtime {
            store_jobs,
            report_jobs,
            search_jobs,
            finder,
            store,
            ui,
            lock_timeout,
            import: None,
        }
    }

    /// Hand a job to its worker (`route::route` made it from an effect).
    pub fn dispatch(&mut self, job: Job, now: DateTime<FixedOffset>) {
        match job {
            Job::Write(write) => {
                let _ = self.store_jobs.send((StoreJob::Write(write), now));
            }
            Job::Read(read) => {
                let _ = self.store_jobs.send((StoreJob::Read(read), now));
            }
            Job::Import(line) => self.start_import(line, now),
            Job::ListPaths { seq, partial } => {
                let ui = self.ui.clone();
                std::thread::spawn(move || {
                    let home = std::env::var("HOME").ok();
                    let paths = list_paths(&partial, home.as_deref());
                    let _ = ui.send(Msg::PathsListed { seq, paths });
                });
            }
            Job::CancelImport => {
                if let Some(job) = &self.import {
                    job.watch.cancel();
                }
            }
            Job::Report(name, period) => {
                let _ = self.report_jobs.send((name, period, now));
            }
            Job::Search { seq, query } => {
                let _ = self.search_jobs.send(SearchJob::Query { seq, query });
            }
            Job::Find { seq, query } => self.finder.find(seq, query),
            Job::StopFind => self.finder.stop(),
            // Off the store worker, so small reads (the first page, the
            // selection's timeline) never wait for it. The index comes first:
            // it is what search waits for, and the first page already shows.
            Job::LoadNames => {
                let (store, ui) = (self.store.clone(), self.ui.clone());
                let search = self.search_jobs.clone();
                std::thread::spawn(move || {
                    match store.read(super::read::search_index) {
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
            ImportKind::Orders => Kind::Orders,
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
    jobs: Receiver<(StoreJob, DateTime<FixedOffset>)>,
    ui: Sender<Msg>,
) {
    let mut backup = daily_backup::Trigger::default();
    while let Ok((job, now)) = jobs.recv() {
        let msgs = match job {
            StoreJob::Write(write) => {
                let msg = write_now(&store, &config, write, now);
                // The day's first write starts the daily backup, off to the side.
                backup.after_write(&store, &config, now);
                vec![msg]
            }
            StoreJob::Read(read) => super::read::answer(&store, &config, read, now),
        };
        for msg in msgs {
            if ui.send(msg).is_err() {
                return;
            }
        }
    }
}

/// One write, through the same executor as `rolo do`.
pub(super) fn write_now(
    store: &Store,
    config: &Config,
    write: Write,
    now: DateTime<FixedOffset>,
) -> Msg {
    let ctx = Ctx { store, now, config };
    match write {
        Write::Run(command) => applied(store, exec::run(&ctx, command)),
        Write::SaveCustomer(SaveCustomer::New(draft)) => {
            applied(store, exec::add_customer(&ctx, *draft))
        }
        Write::SaveCustomer(SaveCustomer::Edit(base, patch)) => {
            applied(store, exec::edit_from(&ctx, &base, *patch))
        }
        Write::Undo(undo) => applied(store, exec::undo(&ctx, &undo)),
        Write::LoadDemo => Msg::DemoLoaded(
            crate::exec::demo::load_with(
                store,
                DEMO_CUSTOMERS,
                1,
                now,
                &crate::store::current_user(),
                &config.pipeline,
            )
            .map_err(|e| e.to_string()),
        ),
    }
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

/// Every customer's list row (in id order) and the name order, sorted here
/// off the UI thread.
fn load_names(store: &Store) -> Result<Msg, crate::store::StoreError> {
    let rows = store.read(super::read::names)?;
    let by_name = super::update::list::by_name(&rows);
    Ok(Msg::NamesSorted { rows, by_name })
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
