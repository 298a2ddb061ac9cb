//! The full-screen app (DESIGN §8): Model / Msg / update / Effect, a
//! synchronous loop fed by an input thread, workers for the store and the
//! search index, and views that only read the model.
//!
//! key → `event` → Msg → `update` (pure) → Effects → `runtime` workers →
//! Msgs → one redraw per batch. The loop blocks on its channel, so an idle
//! app sleeps; a 500 ms tick checks for writes by other processes.

mod drafts;
mod event;
mod find;
pub mod form;
pub mod help;
mod model;
mod msg;
pub mod read;
mod route;
mod runtime;
pub mod show;
pub mod symbols;
mod terminal;
pub mod update;
mod view;

pub use model::{Model, Overlay, Pane, Screen};
pub use msg::{Detail, Effect, Msg, Row, RowDetail};
pub use view::render;

use crate::config::Config;
use crate::config::keymap::Keymap;
use crate::config::theme::{ColorSupport, Theme};
use crate::store::Store;
use chrono::{DateTime, FixedOffset};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Sender, channel};
use std::time::Duration;

/// How often the app wakes up when idle: the clock and the write check.
const TICK: Duration = Duration::from_millis(500);
/// How long quitting waits for a cancelled import to roll back.
const IMPORT_PATIENCE: Duration = Duration::from_secs(3);
/// How long quitting waits for a read still running on a worker before it
/// closes a team database's working copy (see `Store::close`).
const CLOSE_PATIENCE: Duration = Duration::from_secs(1);

/// Where "now" comes from: the clock, or `ROLO_NOW` — pinned, or, with
/// `ROLO_NOW_RUNS=1`, running on from there (to watch a due time or
/// midnight pass in a demo or a test without waiting for the real one).
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    pub pinned: Option<DateTime<FixedOffset>>,
    /// With `pinned`: the moment it was pinned, from which it runs on.
    pub runs_from: Option<std::time::Instant>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock {
            pinned: None,
            runs_from: None,
        }
    }

    /// Always `at`.
    pub fn pinned(at: DateTime<FixedOffset>) -> Clock {
        Clock {
            pinned: Some(at),
            runs_from: None,
        }
    }

    /// `at` now, then moving on in real time.
    pub fn running_from(at: DateTime<FixedOffset>) -> Clock {
        Clock {
            pinned: Some(at),
            runs_from: Some(std::time::Instant::now()),
        }
    }

    pub fn now(self) -> DateTime<FixedOffset> {
        match (self.pinned, self.runs_from) {
            (Some(at), Some(start)) => chrono::Duration::from_std(start.elapsed())
                .ok()
                .and_then(|elapsed| at.checked_add_signed(elapsed))
                .unwrap_or(at),
            (Some(at), None) => at,
            (None, _) => chrono::Local::now().fixed_offset(),
        }
    }
}

/// Everything the app needs from the command line.
pub struct Options {
    pub store: Store,
    pub config: Config,
    pub config_dir: PathBuf,
    pub state_dir: PathBuf,
    pub clock: Clock,
}

/// Load the keymap (its commands are checked against the palette grammar now,
/// so a typo fails at start-up, not on a key press) and the theme.
pub fn load_look(
    config_dir: &Path,
    config: &Config,
    clock: Clock,
) -> Result<(Keymap, Theme), RunError> {
    let now = clock.now().naive_local();
    let validate = |command: &str| -> Result<(), String> {
        crate::palette::parse(command, now)
            .map(drop)
            .map_err(|e| e.message)
    };
    let keymap = Keymap::load(config_dir, &config.keymap, &validate)?;
    let support = ColorSupport::detect(&|name| std::env::var(name).ok());
    let theme = Theme::load(config_dir, &config.theme, support)?;
    Ok((keymap, theme))
}

/// Why the app could not start or had to stop.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Keymap(#[from] crate::config::keymap::KeymapError),
    #[error(transparent)]
    Theme(#[from] crate::config::theme::ThemeError),
    #[error("the terminal failed: {0}")]
    Terminal(#[from] std::io::Error),
}

impl crate::fault::Blamed for RunError {
    fn blame(&self) -> crate::fault::Blame {
        match self {
            RunError::Keymap(e) => e.blame(),
            RunError::Theme(e) => e.blame(),
            RunError::Terminal(e) => e.blame(),
        }
    }
}

pub fn run(options: Options) -> Result<(), RunError> {
    let (keymap, theme) = load_look(&options.config_dir, &options.config, options.clock)?;
    let history_path = options.state_dir.join("history");
    let history = load_history(&history_path);
    let clock = options.clock;
    let mut model = Model::new(Arc::new(keymap), clock.now(), history);
    model.hyperlinks = terminal::supports_hyperlinks(&|name| std::env::var(name).ok());

    let notifier = terminal::Notifier::new(options.config.notify, &|name| std::env::var(name).ok());
    let (tx, rx) = channel();
    let store = options.store.clone();
    let mut runtime = runtime::Runtime::start(options.store, options.config, tx.clone());
    let mut guard = terminal::Guard::enter()?;
    watch_signals(tx.clone());
    event::spawn(tx.clone());
    tick(tx, clock);

    let mut model_msgs = Vec::new();
    let size = guard.terminal.size()?;
    model.width = size.width;
    model.height = size.height;
    let mut effects = update::start(&mut model);
    let state_dir = options.state_dir.clone();
    loop {
        for effect in effects.drain(..) {
            match route::route(effect) {
                route::Route::Job(job) => runtime.dispatch(job, model.now),
                route::Route::Local(local) => {
                    let reply = run_local(local, &mut guard, &state_dir, &notifier);
                    model_msgs.extend(reply);
                }
            }
        }
        for msg in model_msgs.drain(..) {
            effects.extend(update::update(&mut model, msg));
        }
        if !effects.is_empty() {
            continue;
        }
        if model.quit {
            break;
        }
        let mut links = Vec::new();
        guard
            .terminal
            .draw(|frame| links = view::render_with_links(frame, &model, &theme))?;
        if !links.is_empty() {
            let _ = terminal::write_links(&links);
        }
        // Block until something happens, then take everything queued.
        let Ok(first) = rx.recv() else { break };
        effects.extend(update::update(&mut model, first));
        for msg in rx.try_iter() {
            effects.extend(update::update(&mut model, msg));
        }
    }
    drop(guard);
    runtime.shutdown(IMPORT_PATIENCE);
    store.close(CLOSE_PATIENCE);
    save_history(&history_path, &model.history);
    Ok(())
}

/// The loop's own effects: the terminal and the drafts on disk. What the
/// model should hear back comes out as a Msg.
fn run_local(
    local: route::Local,
    guard: &mut terminal::Guard,
    state_dir: &Path,
    notifier: &terminal::Notifier,
) -> Option<Msg> {
    match local {
        route::Local::Copy(text) => {
            let _ = terminal::copy_osc52(&text);
            None
        }
        route::Local::LoadDraft(database) => {
            drafts::load(state_dir, &database).map(|draft| Msg::DraftFound(Box::new(draft)))
        }
        route::Local::SaveDraft(draft) => {
            drafts::save(state_dir, &draft);
            None
        }
        route::Local::DiscardDraft(database) => {
            drafts::discard(state_dir, &database);
            None
        }
        route::Local::EditExternally(text) => {
            let result = terminal::suspend(guard, || drafts::edit_in_editor(&text));
            Some(Msg::Edited(result))
        }
        route::Local::Notify(text) => {
            let _ = notifier.notify(&text);
            None
        }
        // `update` set `model.quit`; the loop ends after this batch.
        route::Local::Quit => None,
    }
}

fn tick(tx: Sender<Msg>, clock: Clock) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(TICK);
            if tx.send(Msg::Tick(clock.now())).is_err() {
                break;
            }
        }
    });
}

/// SIGHUP (a dropped SSH connection) and SIGTERM end the loop like `quit`,
/// so the terminal is restored and state saved.
fn watch_signals(tx: Sender<Msg>) {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM]) else {
        return;
    };
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            let _ = tx.send(Msg::Shutdown);
        }
    });
}

/// The palette history; a FIFO or device put there is ignored, not waited on.
pub(crate) fn load_history(path: &Path) -> Vec<String> {
    crate::files::read_text(path, Some(crate::files::CONFIG_LIMIT))
        .map(|text| {
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

/// Palette history, one line each, private to the user.
fn save_history(path: &Path, lines: &[String]) {
    let text: String = lines.iter().map(|line| format!("{line}\n")).collect();
    let _ = drafts::write_private(path, text.as_bytes());
}

#[cfg(test)]
mod tests;
