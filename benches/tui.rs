//! TUI benchmarks on generated data (DESIGN §9): first frame, search ready,
//! filter keystrokes and memory at 100k customers.
//!
//! `cargo bench --bench tui -- [--customers 100000] [--rounds 20] [--data DIR]`
//!
//! Reuses (or builds once, cached in `--data`) the `rolo demo` database that
//! `benches/cli.rs` uses, copies it to a temporary file so nothing the TUI
//! does can change the cached one, then:
//!
//! - spawns the binary in a 120×40 pseudo-terminal, reads its screen with
//!   vt100, and times spawn → the panes' titles (first frame), then types
//!   `/wang` at once and times spawn → the Customers title showing a match
//!   count (search ready); reads the process's peak RSS (`VmHWM`) at both
//!   moments and after scrolling. Each round also times `rolo --version`
//!   spawn → exit in the same kind of pty (the process start cost), and its
//!   peak RSS, as references;
//! - in-process, builds a `SearchIndex` from the store as the TUI's
//!   `Effect::LoadNames` does and times each keystroke of typed queries the
//!   way the search worker runs them (narrowing the previous matches when
//!   the query extends the previous one), against ranking a screenful and
//!   searching all entries as references;
//! - in-process, times `update` + `render` of a filter keystroke and a frame
//!   draw into a `TestBackend` (needs `tui::msg::Row` public: until then
//!   those rows read n/a);
//! - in-process, times and weighs (with a counting allocator) each step of
//!   the TUI's load, to show where the time and memory go.
//!
//! Prints Markdown tables of medians and p90s.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use rolo::search::SearchIndex;
use rolo::store::{Reads, Store};
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

#[path = "support/mod.rs"]
mod support;
use support::{Args, median, ms, percentile, print_or_exit};

const NOW: &str = "2026-11-22T09:00:00+08:00";
/// The filter query typed right after the first frame.
const QUERY: &str = "wang";
/// How long to wait for anything on screen before giving up.
const WAIT: Duration = Duration::from_secs(30);
/// The screen counts as settled after this long without output.
const QUIET: Duration = Duration::from_millis(300);
/// The TUI's filter shows at most this many hits.
const FILTER_LIMIT: usize = rolo::tui::update::list::FILTER_LIMIT;
/// About a screenful of hits: the limit `examples/search_bench.rs` ranks, for reference.
const SCREENFUL: usize = 50;
/// Typed queries for the keystroke timings: every prefix is one keystroke.
const TYPED: &[&str] = &[
    "wang", "zhang", "ann acme", "li wei", "zw", "acme", "chen", "张伟",
];

pub struct Options {
    pub customers: usize,
    /// Pty sessions (and `--version` references); keystroke sequences are typed this many times too.
    pub rounds: usize,
    pub data: PathBuf,
    pub rolo: PathBuf,
}

#[allow(dead_code)]
fn main() {
    let args = Args::parse("--customers", 100_000, 20);
    let opts = Options {
        customers: args.size,
        rounds: args.rounds,
        data: args.data,
        rolo: PathBuf::from(env!("CARGO_BIN_EXE_rolo")),
    };
    match (args.team, args.book) {
        (Some(url), Some(book)) => print_or_exit(run_team(&opts, &url, &book)),
        (None, None) => print_or_exit(run(&opts)),
        _ => print_or_exit(Err(
            "--team URL needs --book PATH (the file it was migrated from), and the other way round"
                .into(),
        )),
    }
}

/// The app on a team database against the same book in a file: first
/// frame and search ready, spawn to screen, in the same pty rounds. The
/// first team round starts without a kept working copy (cold: it loads
/// everything the login may see); the others catch up on the kept one.
pub fn run_team(opts: &Options, url: &str, book: &Path) -> Result<String, String> {
    let work = tempfile::Builder::new()
        .prefix("tui-team-")
        .tempdir_in(std::env::temp_dir())
        .map_err(|e| e.to_string())?;
    let copy = work.path().join("book.redb");
    std::fs::copy(book, &copy).map_err(|e| format!("cannot copy {}: {e}", book.display()))?;
    let total = Store::new(&copy, rolo::domain::Channel::Tui)
        .read(|r| r.counts())
        .map_err(|e| e.to_string())?
        .customers as usize;
    // What the login may see: the filter's total on the team database.
    let visible = Store::new(url, rolo::domain::Channel::Tui)
        .read(|r| r.counts())
        .map_err(|e| e.to_string())?
        .customers as usize;
    let file_home = work.path().join("file-home");
    let team_home = work.path().join("team-home");
    for home in [&file_home, &team_home] {
        std::fs::create_dir_all(home).map_err(|e| e.to_string())?;
    }
    let mut cold = None;
    let (mut file, mut team) = (Pty::default(), Pty::default());
    for round in 0..opts.rounds.max(2) {
        let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
        for step in order {
            let (db, home, into, total) = if step == 0 {
                (copy.as_path(), &file_home, &mut file, total)
            } else {
                (Path::new(url), &team_home, &mut team, visible)
            };
            let s = tui_session(opts, db, home, total)?;
            if step == 1 && cold.is_none() {
                cold = Some((s.first_frame, s.search_ready, s.rss_search.hwm_kb));
                continue;
            }
            into.first_frame.push(s.first_frame);
            into.search_ready.push(s.search_ready);
            into.hwm_search.push(s.rss_search.hwm_kb);
        }
    }
    let (cold_frame, cold_search, cold_kb) = cold.ok_or("no team round ran")?;
    let row = |name: &str, f: &Samples, t: &Samples| {
        format!(
            "| {name} | {:.1} ms | {:.1} ms | {:.2} |\n",
            ms(f.median()),
            ms(t.median()),
            ms(t.median()) / ms(f.median()).max(0.001)
        )
    };
    let mut out = format!(
        "\nrolo TUI on a team database: {total} customers in the file, {visible} of them \
         visible to the login, {} rounds, pty 120×40, medians\n\n\
         | measurement | file | team database | × file |\n|---|---:|---:|---:|\n",
        opts.rounds.max(2)
    );
    out.push_str(&row(
        "first frame (spawn → panes), working copy kept",
        &file.first_frame,
        &team.first_frame,
    ));
    out.push_str(&row(
        "search ready (spawn → `/wang` counted)",
        &file.search_ready,
        &team.search_ready,
    ));
    out.push_str(&format!(
        "| peak RSS once search is ready | {:.1} MB | {:.1} MB | |\n",
        median(&file.hwm_search) as f64 / 1024.0,
        median(&team.hwm_search) as f64 / 1024.0
    ));
    out.push_str(&format!(
        "\nCold (no kept working copy, first round): first frame {:.0} ms, search ready {:.0} ms, \
         peak RSS {:.1} MB.\n",
        ms(cold_frame),
        ms(cold_search),
        cold_kb as f64 / 1024.0
    ));
    Ok(out)
}

// ---------------------------------------------------------------------------
// Heap accounting for the in-process steps.

/// The system allocator, counting live bytes and their high-water mark.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

fn shrank(bytes: usize) {
    LIVE.fetch_sub(bytes, Ordering::Relaxed);
}

// SAFETY: every call is forwarded unchanged to `System`; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is `System.alloc`'s.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as for `alloc`.
        unsafe { System.dealloc(ptr, layout) };
        shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                shrank(layout.size() - new_size);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Live heap bytes now; restarts the peak from here.
fn heap_mark() -> usize {
    let live = LIVE.load(Ordering::Relaxed);
    PEAK.store(live, Ordering::Relaxed);
    live
}

/// Bytes retained, and the peak above `mark`, since it was taken.
fn heap_since(mark: usize) -> (isize, usize) {
    let live = LIVE.load(Ordering::Relaxed);
    let peak = PEAK.load(Ordering::Relaxed);
    (live as isize - mark as isize, peak.saturating_sub(mark))
}

// ---------------------------------------------------------------------------
// The run.

/// One customer's list row, as the TUI's `Row` (id, name, company, email):
/// built to weigh it, so not every field is read.
#[allow(dead_code)]
struct Row {
    id: u64,
    name: String,
    company: String,
    email: String,
}

#[derive(Default)]
struct Samples(Vec<Duration>);

impl Samples {
    fn push(&mut self, d: Duration) {
        self.0.push(d);
    }
    fn median(&self) -> Duration {
        percentile(&self.0, 0.5)
    }
    fn p90(&self) -> Duration {
        percentile(&self.0, 0.9)
    }
}

/// A process's peak RSS (`VmHWM`) and its RSS now, split into anonymous
/// memory (the heap, stacks) and file pages (the binary), in kB.
#[derive(Clone, Copy, Default)]
struct Rss {
    hwm_kb: u64,
    now_kb: u64,
    anon_kb: u64,
    file_kb: u64,
}

#[derive(Default)]
struct Pty {
    version: Samples,
    placeholder: Samples,
    first_frame: Samples,
    search_ready: Samples,
    version_hwm: Vec<u64>,
    hwm_first_frame: Vec<u64>,
    hwm_search: Vec<u64>,
    hwm_scrolled: Vec<u64>,
    /// RSS now after scrolling: total, anonymous, file-backed.
    rss_scrolled: Vec<(u64, u64, u64)>,
    /// The match count the last search-ready screen showed.
    matches: Option<(usize, usize)>,
}

pub fn run(opts: &Options) -> Result<String, String> {
    let db = ensure_db(opts)?;
    let mut notes = Vec::new();
    let work = tempfile::Builder::new()
        .prefix("tui-")
        .tempdir_in(&opts.data)
        .map_err(|e| e.to_string())?;
    let copy = work.path().join("rolo.redb");
    let copied = Instant::now();
    std::fs::copy(&db, &copy).map_err(|e| format!("cannot copy {}: {e}", db.display()))?;
    notes.push(format!(
        "copied the database in {:.1} s (so its pages are in the OS cache: warm start)",
        copied.elapsed().as_secs_f64()
    ));

    let store = Store::new(&copy, rolo::domain::Channel::Tui);
    let counts = store
        .read(|r| r.counts())
        .map_err(|e| format!("cannot read {}: {e}", copy.display()))?;
    let size = std::fs::metadata(&copy).map(|m| m.len()).unwrap_or(0);

    let pty = pty_rounds(opts, &copy, work.path(), counts.customers as usize)?;
    let mut load = load_steps(&store, opts.rounds.clamp(1, 5))?;
    match redb_cache_steps(&copy, load.rounds) {
        Ok(steps) => {
            load.steps.splice(2..2, steps);
        }
        Err(e) => notes.push(format!("redb cache comparison skipped: {e}")),
    }
    let keys = keystrokes(&load.index, opts.rounds.max(1));
    let ui = ui_steps(&store, &load.index, work.path(), opts.rounds.max(1));

    let ms_row = |name: &str, s: &Samples, budget: &str, reference: String| {
        format!(
            "| {name} | {:.2} ms | {:.2} ms | {budget} | {reference} |\n",
            ms(s.median()),
            ms(s.p90())
        )
    };
    let mb_row = |name: &str, kb: &[u64], reference: String| {
        format!(
            "| {name} | {:.1} MB | {:.1} MB | ≤ 60 MB | {reference} |\n",
            median(kb) as f64 / 1024.0,
            percentile(kb, 0.9) as f64 / 1024.0,
        )
    };
    let version = format!(
        "`rolo --version` spawn → exit: {:.2} ms",
        ms(pty.version.median())
    );
    let version_mb = format!(
        "`rolo --version` peak RSS: {:.1} MB",
        median(&pty.version_hwm) as f64 / 1024.0
    );

    let mut out = format!(
        "\nrolo TUI benchmark: {} customers, {} interactions, {} tasks, database {:.0} MB, \
         {} rounds, pty 120×40\n\n",
        counts.customers,
        counts.interactions,
        counts.tasks,
        size as f64 / 1e6,
        opts.rounds
    );
    out.push_str("| measurement | median | p90 | budget | reference |\n|---|---:|---:|---|---|\n");
    out.push_str(&ms_row(
        "TUI first frame (spawn → Customers and Tasks titles)",
        &pty.first_frame,
        "≤ 30 ms",
        version.clone(),
    ));
    out.push_str(&ms_row(
        "  for comparison: spawn → the \"Loading…\" placeholder",
        &pty.placeholder,
        "-",
        version.clone(),
    ));
    out.push_str(&ms_row(
        "TUI search ready (spawn → `/wang` shows N/total)",
        &pty.search_ready,
        "≤ 150 ms",
        version,
    ));
    out.push_str(&ms_row(
        "filter keystroke, 1–2 chars (search worker)",
        &keys.short,
        "≤ 20 ms",
        format!(
            "same keystrokes with limit {SCREENFUL}: {:.2} ms; over all entries: {:.2} ms",
            ms(keys.short_screenful.median()),
            ms(keys.short_all.median())
        ),
    ));
    out.push_str(&ms_row(
        "filter keystroke, 3+ chars (search worker)",
        &keys.long,
        "≤ 8 ms",
        format!(
            "same keystrokes with limit {SCREENFUL}: {:.2} ms; over all entries: {:.2} ms",
            ms(keys.long_screenful.median()),
            ms(keys.long_all.median())
        ),
    ));
    let ui_rows = [
        (
            "filter keystroke, UI thread: `update` + draw, twice (key, then hits)",
            "-",
        ),
        ("frame draw 120×40 (`render`, model loaded)", "≤ 1 ms"),
        ("frame draw 80×24 (`render`, model loaded)", "≤ 1 ms"),
    ];
    match &ui {
        Ok(ui) => {
            let whole = |s: &Samples| {
                format!(
                    "`Terminal::draw` (render + diff) into TestBackend: {:.2} ms",
                    ms(s.median())
                )
            };
            let references = [
                format!(
                    "one `Terminal::draw` 120×40: {:.2} ms",
                    ms(ui.draw_wide.median())
                ),
                whole(&ui.draw_wide),
                whole(&ui.draw_narrow),
            ];
            for (((name, budget), samples), reference) in ui_rows
                .iter()
                .zip([&ui.keystroke, &ui.render_wide, &ui.render_narrow])
                .zip(references)
            {
                out.push_str(&ms_row(name, samples, budget, reference));
            }
        }
        Err(why) => {
            for (name, budget) in ui_rows {
                out.push_str(&format!("| {name} | n/a | n/a | {budget} | {why} |\n"));
            }
        }
    }
    out.push_str(&mb_row(
        "TUI peak RSS after the first frame",
        &pty.hwm_first_frame,
        version_mb.clone(),
    ));
    out.push_str(&mb_row(
        "TUI peak RSS once search is ready",
        &pty.hwm_search,
        version_mb.clone(),
    ));
    out.push_str(&mb_row(
        "TUI peak RSS after scrolling the list",
        &pty.hwm_scrolled,
        version_mb,
    ));

    out.push_str(&format!(
        "\nWhere it goes (in-process, same data, median of {} loads; heap from a counting allocator):\n\n",
        load.rounds
    ));
    out.push_str("| step (as the TUI does it) | median | heap retained | heap peak above start |\n|---|---:|---:|---:|\n");
    for step in &load.steps {
        out.push_str(&format!(
            "| {} | {:.2} ms | {:.1} MB | {:.1} MB |\n",
            step.name,
            ms(step.time.median()),
            step.retained as f64 / 1e6,
            step.peak as f64 / 1e6,
        ));
    }
    let part = |f: fn(&(u64, u64, u64)) -> u64| {
        median(&pty.rss_scrolled.iter().map(f).collect::<Vec<_>>()) as f64 / 1024.0
    };
    notes.push(format!(
        "RSS after scrolling, settled: {:.1} MB, of which anonymous (heap, stacks) {:.1} MB \
         and file pages (the binary) {:.1} MB",
        part(|r| r.0),
        part(|r| r.1),
        part(|r| r.2)
    ));
    if let Some((hits, total)) = pty.matches {
        notes.push(format!(
            "`/{QUERY}` showed {hits}/{total} on the last round"
        ));
    }
    notes.push(format!(
        "keystrokes typed: {} ({} keystrokes per round); slowest query: 1–2 chars {}, 3+ chars {}",
        TYPED
            .iter()
            .map(|t| format!("`{t}`"))
            .collect::<Vec<_>>()
            .join(", "),
        keys.per_round,
        keys.slowest_short,
        keys.slowest_long
    ));
    if !keys.over_budget.is_empty() {
        notes.push(format!(
            "keystrokes over budget (median ms, limit {FILTER_LIMIT}): {}",
            keys.over_budget.join(", ")
        ));
    }
    for note in notes {
        out.push_str(&format!("\nNote: {note}\n"));
    }
    Ok(out)
}

/// The cached `rolo demo` database, shared with `benches/cli.rs`.
fn ensure_db(opts: &Options) -> Result<PathBuf, String> {
    std::fs::create_dir_all(&opts.data).map_err(|e| e.to_string())?;
    let db = opts.data.join(format!("rolo-{}.redb", opts.customers));
    if db.exists() {
        return Ok(db);
    }
    let partial = opts
        .data
        .join(format!("rolo-{}.partial.redb", opts.customers));
    let _ = std::fs::remove_file(&partial);
    let out = Command::new(&opts.rolo)
        .args([
            "demo",
            "--customers",
            &opts.customers.to_string(),
            "--seed",
            "1",
        ])
        .env("ROLO_DB", &partial)
        .env("ROLO_NOW", NOW)
        .env("ROLO_CONFIG_DIR", opts.data.join("config"))
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", opts.rolo.display()))?;
    if !out.status.success() {
        return Err(format!(
            "rolo demo: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    std::fs::rename(&partial, &db).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(
        opts.data
            .join(format!("rolo-{}.partial.redb.lock", opts.customers)),
    );
    Ok(db)
}

// ---------------------------------------------------------------------------
// The real binary in a pty.

/// The app in a pty on `db` (a copy: the TUI may write beside it), `home`
/// its scratch home: medians over `opts.rounds` sessions of spawn → first
/// frame and spawn → search ready, and the highest peak RSS (`VmHWM` after
/// scrolling) of any session, in kB.
/// How many customers `db` holds (a table length, nothing decoded).
pub fn customer_count(db: &Path) -> Result<usize, String> {
    let store = Store::new(db, rolo::domain::Channel::Tui);
    store
        .read(|r| r.counts())
        .map(|c| c.customers as usize)
        .map_err(|e| format!("cannot read {}: {e}", db.display()))
}

pub struct FirstFrames {
    pub first_frame: Duration,
    pub search_ready: Duration,
    pub peak_rss_kb: u64,
}

pub fn first_frames(opts: &Options, db: &Path, home: &Path) -> Result<FirstFrames, String> {
    let total = customer_count(db)?;
    let mut first = Samples::default();
    let mut search = Samples::default();
    let mut peak = 0;
    for _ in 0..opts.rounds.max(1) {
        let s = tui_session(opts, db, home, total)?;
        first.push(s.first_frame);
        search.push(s.search_ready);
        peak = peak.max(s.rss_scrolled.hwm_kb);
    }
    Ok(FirstFrames {
        first_frame: first.median(),
        search_ready: search.median(),
        peak_rss_kb: peak,
    })
}

fn pty_rounds(opts: &Options, db: &Path, home: &Path, total: usize) -> Result<Pty, String> {
    let mut pty = Pty::default();
    for round in 0..opts.rounds.max(1) {
        // Alternate which goes first, so neither always runs on a quieter machine.
        let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
        for step in order {
            if step == 0 {
                pty.version.push(version_in_pty(opts)?);
                pty.version_hwm.push(version_peak_rss(opts)?);
            } else {
                let s = tui_session(opts, db, home, total)?;
                pty.placeholder.push(s.placeholder);
                pty.first_frame.push(s.first_frame);
                pty.search_ready.push(s.search_ready);
                pty.hwm_first_frame.push(s.rss_first_frame.hwm_kb);
                pty.hwm_search.push(s.rss_search.hwm_kb);
                pty.hwm_scrolled.push(s.rss_scrolled.hwm_kb);
                let r = s.rss_scrolled;
                pty.rss_scrolled.push((r.now_kb, r.anon_kb, r.file_kb));
                pty.matches = Some(s.matches);
            }
        }
    }
    Ok(pty)
}

fn open_pty() -> Result<portable_pty::PtyPair, String> {
    native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .map_err(|e| format!("cannot open a pty: {e}"))
}

/// `rolo --version` in a pty, spawn → exit: what starting the process costs.
fn version_in_pty(opts: &Options) -> Result<Duration, String> {
    let pair = open_pty()?;
    let mut cmd = CommandBuilder::new(&opts.rolo);
    cmd.arg("--version");
    let started = Instant::now();
    let mut child = pair
        .slave
        .spawn_command(cmd)
        .map_err(|e| format!("cannot spawn rolo --version: {e}"))?;
    let status = child.wait().map_err(|e| e.to_string())?;
    let took = started.elapsed();
    drop(pair.slave);
    if !status.success() {
        return Err(format!("rolo --version failed: {status:?}"));
    }
    Ok(took)
}

/// Peak RSS of `rolo --version`, in kB, from `wait4`'s rusage.
fn version_peak_rss(opts: &Options) -> Result<u64, String> {
    let child = Command::new(&opts.rolo)
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our child, not yet reaped; both pointers are valid.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if reaped != pid {
        return Err(format!("wait4 failed: {}", std::io::Error::last_os_error()));
    }
    Ok(usage.ru_maxrss.max(0) as u64)
}

fn read_rss(pid: u32) -> Rss {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    Rss {
        hwm_kb: field("VmHWM:"),
        now_kb: field("VmRSS:"),
        anon_kb: field("RssAnon:"),
        file_kb: field("RssFile:"),
    }
}

struct Session {
    placeholder: Duration,
    first_frame: Duration,
    search_ready: Duration,
    rss_first_frame: Rss,
    rss_search: Rss,
    rss_scrolled: Rss,
    matches: (usize, usize),
}

/// What the reader thread saw, with when.
struct Seen {
    parser: vt100::Parser,
    last_output: Instant,
    /// The first frame of any kind (the "Loading…" placeholder).
    placeholder: Option<Instant>,
    first_frame: Option<(Instant, Rss)>,
    search_ready: Option<(Instant, Rss, (usize, usize))>,
    closed: bool,
}

/// Both panes are drawn (not the "Loading…" placeholder).
fn panes_shown(screen: &str) -> bool {
    screen.contains(" Customers ") && screen.contains(" Tasks · ")
}

/// `(hits, total)` once the Customers title shows a filter's match count and
/// the index is built (no "indexing…" note).
fn match_count(screen: &str) -> Option<(usize, usize)> {
    if screen.contains("indexing") {
        return None;
    }
    let at = screen.find(" Customers ")? + " Customers ".len();
    let rest = &screen[at..];
    let (hits, rest) = rest.split_once('/')?;
    let total: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((hits.parse().ok()?, total.parse().ok()?))
}

/// Kills the child on the way out unless it exited.
struct Running(Box<dyn portable_pty::Child + Send + Sync>);

impl Drop for Running {
    fn drop(&mut self) {
        if !matches!(self.0.try_wait(), Ok(Some(_))) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

fn tui_session(opts: &Options, db: &Path, home: &Path, total: usize) -> Result<Session, String> {
    let pair = open_pty()?;
    let mut cmd = CommandBuilder::new(&opts.rolo);
    cmd.env("ROLO_DB", db);
    cmd.env("ROLO_NOW", NOW);
    cmd.env("ROLO_CONFIG_DIR", home.join("config"));
    cmd.env("XDG_STATE_HOME", home.join("state"));
    cmd.env("HOME", home);
    cmd.env("USER", "bench");
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("NO_COLOR");
    cmd.env_remove("COLORTERM");
    let mut reader = pair.master.try_clone_reader().map_err(|e| e.to_string())?;
    let writer = Arc::new(Mutex::new(
        pair.master.take_writer().map_err(|e| e.to_string())?,
    ));

    let spawned = Instant::now();
    let child = Running(
        pair.slave
            .spawn_command(cmd)
            .map_err(|e| format!("cannot spawn the TUI: {e}"))?,
    );
    drop(pair.slave);
    let pid = child.0.process_id().ok_or("no pid for the TUI")?;

    let seen = Arc::new((
        Mutex::new(Seen {
            parser: vt100::Parser::new(
                std::num::NonZeroU16::new(40).ok_or("rows")?,
                std::num::NonZeroU16::new(120).ok_or("cols")?,
                0,
            ),
            last_output: spawned,
            placeholder: None,
            first_frame: None,
            search_ready: None,
            closed: false,
        }),
        Condvar::new(),
    ));
    let feed = Arc::clone(&seen);
    let keys = Arc::clone(&writer);
    let reader_thread = std::thread::spawn(move || {
        let mut buf = [0u8; 16 * 1024];
        loop {
            let n = reader.read(&mut buf).unwrap_or(0);
            let at = Instant::now();
            let (lock, changed) = &*feed;
            let Ok(mut seen) = lock.lock() else { break };
            if n == 0 {
                seen.closed = true;
                changed.notify_all();
                break;
            }
            seen.parser.process(&buf[..n]);
            seen.last_output = at;
            if seen.first_frame.is_none() || seen.search_ready.is_none() {
                let screen = seen.parser.screen().contents();
                if seen.placeholder.is_none()
                    && (screen.contains("Loading") || panes_shown(&screen))
                {
                    seen.placeholder = Some(at);
                }
                if seen.first_frame.is_none() {
                    if panes_shown(&screen) {
                        // Peak RSS first, then type the query at once.
                        seen.first_frame = Some((at, read_rss(pid)));
                        if let Ok(mut w) = keys.lock() {
                            let _ = w.write_all(format!("/{QUERY}").as_bytes());
                            let _ = w.flush();
                        }
                    }
                } else if let Some(count) = match_count(&screen) {
                    seen.search_ready = Some((at, read_rss(pid), count));
                }
            }
            changed.notify_all();
        }
    });

    let (lock, changed) = &*seen;
    let wait_until = |done: &dyn Fn(&Seen) -> bool, what: &str| -> Result<(), String> {
        let deadline = Instant::now() + WAIT;
        let mut guard = lock.lock().map_err(|e| e.to_string())?;
        while !done(&guard) {
            if guard.closed {
                return Err(format!(
                    "the TUI exited before {what}; screen:\n{}",
                    guard.parser.screen().contents()
                ));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(format!(
                    "timed out waiting for {what}; screen:\n{}",
                    guard.parser.screen().contents()
                ));
            }
            guard = changed
                .wait_timeout(guard, left.min(Duration::from_millis(100)))
                .map_err(|e| e.to_string())?
                .0;
        }
        Ok(())
    };
    wait_until(&|s| s.search_ready.is_some(), "the filter's match count")?;
    let send = |keys: &[u8]| -> Result<(), String> {
        let mut w = writer.lock().map_err(|e| e.to_string())?;
        w.write_all(keys).map_err(|e| e.to_string())?;
        w.flush().map_err(|e| e.to_string())
    };
    // Leave the filter, then scroll: bottom, page up, top, page down, line by line.
    send(b"\x1b")?;
    std::thread::sleep(Duration::from_millis(50));
    let mut keys = b"G".to_vec();
    keys.extend(b"\x1b[5~".repeat(20));
    keys.extend(b"gg");
    keys.extend(b"\x1b[6~".repeat(20));
    keys.extend(b"j".repeat(60));
    for chunk in keys.chunks(8) {
        send(chunk)?;
        std::thread::sleep(Duration::from_millis(5));
    }
    wait_until(
        &|s| s.last_output.elapsed() >= QUIET,
        "the screen to settle after scrolling",
    )?;
    let rss_scrolled = read_rss(pid);
    let (placeholder, first, search) = {
        let s = lock.lock().map_err(|e| e.to_string())?;
        let first = s.first_frame.ok_or("no first frame")?;
        let search = s.search_ready.ok_or("no search result")?;
        (s.placeholder.unwrap_or(first.0), first, search)
    };
    send(b"q")?;
    let mut child = child;
    let quit_by = Instant::now() + Duration::from_secs(5);
    while Instant::now() < quit_by {
        if let Ok(Some(_)) = child.0.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    drop(child);
    drop(pair.master);
    let _ = reader_thread.join();
    if search.2.1 != total {
        return Err(format!(
            "the filter counted {}/{} but the database has {total} customers",
            search.2.0, search.2.1
        ));
    }
    Ok(Session {
        placeholder: placeholder - spawned,
        first_frame: first.0 - spawned,
        search_ready: search.0 - spawned,
        rss_first_frame: first.1,
        rss_search: search.1,
        rss_scrolled,
        matches: search.2,
    })
}

// ---------------------------------------------------------------------------
// In-process: the load, step by step.

struct Step {
    name: &'static str,
    time: Samples,
    retained: isize,
    peak: usize,
}

impl Step {
    fn new(name: &'static str) -> Step {
        Step {
            name,
            time: Samples::default(),
            retained: 0,
            peak: 0,
        }
    }
}

struct Load {
    rounds: usize,
    steps: Vec<Step>,
    index: SearchIndex,
}

/// The TUI's start-up work as `runtime.rs` (`Effect::LoadNames`: one read
/// pass feeds the rows and the search index) and `update::list::by_name`
/// (on the UI thread, before the panes are drawn) do it, timed and weighed;
/// and, to split the first, reading the rows alone.
fn load_steps(store: &Store, rounds: usize) -> Result<Load, String> {
    let mut load = Step::new(
        "rows + search index in one read (+ `shrink_to_fit`); the TUI runs the two on separate threads",
    );
    let mut read = Step::new("  of which: reading the rows alone (`for_each_search_text` → rows)");
    let mut sort = Step::new(
        "sort by name (`list::by_name`: lowercase keys + sort), on the rows loader thread",
    );
    let mut index = SearchIndex::new();
    for _ in 0..rounds {
        drop(index);
        let mark = heap_mark();
        let started = Instant::now();
        let (rows, mut built) = store
            .read(|r| {
                let mut rows = Vec::new();
                let mut index = SearchIndex::new();
                r.for_each_search_text(|id, name, company, email| {
                    index.push(id.0, name, company, email);
                    rows.push(Row {
                        id: id.0,
                        name: name.to_string(),
                        company: company.to_string(),
                        email: email.to_string(),
                    });
                })?;
                Ok::<_, rolo::store::StoreError>((rows, index))
            })
            .map_err(|e| format!("cannot read names: {e}"))?;
        built.shrink_to_fit();
        load.time.push(started.elapsed());
        (load.retained, load.peak) = heap_since(mark);
        index = built;

        let mark = heap_mark();
        let started = Instant::now();
        let order = by_name(&rows);
        sort.time.push(started.elapsed());
        (sort.retained, sort.peak) = heap_since(mark);
        drop(order);
        drop(rows);

        let mark = heap_mark();
        let started = Instant::now();
        let rows = read_rows(store)?;
        read.time.push(started.elapsed());
        (read.retained, read.peak) = heap_since(mark);
        drop(rows);
    }
    Ok(Load {
        rounds,
        steps: vec![load, read, sort],
        index,
    })
}

/// `store::tables::SEARCH_TEXT`, to scan it with redb directly.
const SEARCH_TEXT: redb::TableDefinition<u64, (&str, &str, &str)> =
    redb::TableDefinition::new("search_text");

/// What redb's read cache costs in the names scan: the same table scanned
/// through a read-only open as `store::open::for_read` does it (default
/// builder: a 1 GiB cache per open), then with `set_cache_size` small.
fn redb_cache_steps(path: &Path, rounds: usize) -> Result<Vec<Step>, String> {
    use redb::{ReadableDatabase, ReadableTable};
    let scan = |cache: Option<usize>| -> Result<usize, String> {
        let mut builder = redb::Database::builder();
        if let Some(bytes) = cache {
            builder.set_cache_size(bytes);
        }
        let db = builder
            .open_read_only(path)
            .map_err(|e| format!("open: {e}"))?;
        let txn = db.begin_read().map_err(|e| format!("begin_read: {e}"))?;
        let table = txn
            .open_table(SEARCH_TEXT)
            .map_err(|e| format!("open_table: {e}"))?;
        let mut bytes = 0;
        for row in table.iter().map_err(|e| e.to_string())? {
            let (_, text) = row.map_err(|e| e.to_string())?;
            let (name, company, email) = text.value();
            bytes += name.len() + company.len() + email.len();
        }
        Ok(bytes)
    };
    let mut steps = vec![
        (
            None,
            Step::new("  of which: redb scan of `search_text`, default cache (1 GiB)"),
        ),
        (
            Some(4 << 20),
            Step::new("  what if: the same scan with `set_cache_size(4 MiB)`"),
        ),
        (
            Some(0),
            Step::new("  what if: the same scan with `set_cache_size(0)`"),
        ),
    ];
    for _ in 0..rounds {
        for (cache, step) in &mut steps {
            let mark = heap_mark();
            let started = Instant::now();
            std::hint::black_box(scan(*cache)?);
            step.time.push(started.elapsed());
            (step.retained, step.peak) = heap_since(mark);
        }
    }
    Ok(steps.into_iter().map(|(_, s)| s).collect())
}

fn read_rows(store: &Store) -> Result<Vec<Row>, String> {
    store
        .read(|r| {
            let mut rows = Vec::new();
            r.for_each_search_text(|id, name, company, email| {
                rows.push(Row {
                    id: id.0,
                    name: name.to_string(),
                    company: company.to_string(),
                    email: email.to_string(),
                });
            })?;
            Ok::<_, rolo::store::StoreError>(rows)
        })
        .map_err(|e| format!("cannot read names: {e}"))
}

/// `tui::update::list::by_name`: row indices by case-folded name.
fn by_name(rows: &[Row]) -> Vec<u32> {
    let keys: Vec<String> = rows.iter().map(|r| r.name.to_lowercase()).collect();
    let mut order: Vec<u32> = (0..rows.len() as u32).collect();
    order.sort_by(|&a, &b| keys[a as usize].cmp(&keys[b as usize]).then(a.cmp(&b)));
    order
}

// ---------------------------------------------------------------------------
// In-process: filter keystrokes as the search worker runs them.

struct Keystrokes {
    short: Samples,
    long: Samples,
    short_all: Samples,
    long_all: Samples,
    short_screenful: Samples,
    long_screenful: Samples,
    per_round: usize,
    /// Queries whose median is over their budget, with it.
    over_budget: Vec<String>,
    slowest_short: String,
    slowest_long: String,
}

fn keystrokes(index: &SearchIndex, rounds: usize) -> Keystrokes {
    let all: Vec<u32> = (0..index.len() as u32).collect();
    let mut keys = Keystrokes {
        short: Samples::default(),
        long: Samples::default(),
        short_all: Samples::default(),
        long_all: Samples::default(),
        short_screenful: Samples::default(),
        long_screenful: Samples::default(),
        per_round: 0,
        over_budget: Vec::new(),
        slowest_short: String::new(),
        slowest_long: String::new(),
    };
    let mut per_query: Vec<(String, Samples)> = Vec::new();
    for round in 0..rounds {
        // The worker's memory of the previous query survives between filters.
        let mut last: Option<(String, Vec<u32>)> = None;
        // The same narrowing, before this keystroke, for the limit-50 reference.
        let mut last_for_screenful: Option<(String, Vec<u32>)> = None;
        for typed in TYPED {
            let mut line = String::new();
            for c in typed.chars() {
                line.push(c);
                // `update::list::refilter` sends the trimmed line.
                let query = line.trim().to_string();
                if query.is_empty() {
                    continue;
                }
                let started = Instant::now();
                let (hits, matching) = match narrowed_among(&last, &query) {
                    Some(among) => index.search_among(among, &query, FILTER_LIMIT),
                    None => {
                        let all: Vec<u32> = (0..index.len() as u32).collect();
                        index.search_among(&all, &query, FILTER_LIMIT)
                    }
                };
                let took = started.elapsed();
                std::hint::black_box(&hits);
                last = Some((query.clone(), matching));

                let started = Instant::now();
                std::hint::black_box(index.search_among(&all, &query, FILTER_LIMIT));
                let took_all = started.elapsed();

                let started = Instant::now();
                std::hint::black_box(match narrowed_among(&last_for_screenful, &query) {
                    Some(among) => index.search_among(among, &query, SCREENFUL),
                    None => index.search_among(&all, &query, SCREENFUL),
                });
                let took_screenful = started.elapsed();
                last_for_screenful = last.clone();

                let short = query.chars().count() <= 2;
                if short {
                    keys.short.push(took);
                    keys.short_all.push(took_all);
                    keys.short_screenful.push(took_screenful);
                } else {
                    keys.long.push(took);
                    keys.long_all.push(took_all);
                    keys.long_screenful.push(took_screenful);
                }
                if round == 0 {
                    keys.per_round += 1;
                }
                match per_query.iter_mut().find(|(q, _)| *q == query) {
                    Some((_, s)) => s.push(took),
                    None => {
                        let mut s = Samples::default();
                        s.push(took);
                        per_query.push((query, s));
                    }
                }
            }
        }
    }
    let slowest = |short: bool| {
        per_query
            .iter()
            .filter(|(q, _)| (q.chars().count() <= 2) == short)
            .max_by_key(|(_, s)| s.median())
            .map(|(q, s)| format!("`{q}` {:.2} ms", ms(s.median())))
            .unwrap_or_default()
    };
    keys.slowest_short = slowest(true);
    keys.slowest_long = slowest(false);
    keys.over_budget = per_query
        .iter()
        .filter(|(q, s)| {
            let budget = if q.chars().count() <= 2 { 20.0 } else { 8.0 };
            ms(s.median()) > budget
        })
        .map(|(q, s)| format!("`{q}` {:.1}", ms(s.median())))
        .collect();
    keys
}

/// The previous matches to narrow, as `runtime::search_worker` decides.
fn narrowed_among<'a>(last: &'a Option<(String, Vec<u32>)>, query: &str) -> Option<&'a [u32]> {
    last.as_ref()
        .filter(|(previous, _)| {
            !previous.is_empty() && query.starts_with(previous.as_str()) && !query.contains('!')
        })
        .map(|(_, among)| &among[..])
}

// ---------------------------------------------------------------------------
// In-process: the UI thread's share of a keystroke, and drawing a frame.

struct Ui {
    keystroke: Samples,
    /// `render` alone, and `Terminal::draw` (render + diff + backend).
    render_wide: Samples,
    render_narrow: Samples,
    draw_wide: Samples,
    draw_narrow: Samples,
}

/// A `rolo::tui::Model` loaded as the TUI loads it (names, search ready,
/// the row details, detail and tasks the effects ask for), then: the UI
/// thread's cost of one filter keystroke (`update(Key)` + draw, then
/// `update(Searched)` + draw; the search itself is off this thread and not
/// counted) and a frame draw at 120×40 and 80×24.
fn ui_steps(store: &Store, index: &SearchIndex, home: &Path, rounds: usize) -> Result<Ui, String> {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use rolo::config::keymap::Key;
    use rolo::domain::CustomerId;
    use rolo::tui::update::update;
    use rolo::tui::{Clock, Detail, Effect, Model, Msg, Row as TuiRow, RowDetail, render};

    let now = chrono::DateTime::parse_from_rfc3339(NOW).map_err(|e| e.to_string())?;
    let clock = Clock::pinned(now);
    let (keymap, theme) = rolo::tui::load_look(
        &home.join("config"),
        &rolo::config::Config::default(),
        clock,
    )
    .map_err(|e| e.to_string())?;
    let rows: Vec<TuiRow> = read_rows(store)?
        .into_iter()
        .map(|r| TuiRow {
            id: CustomerId(r.id),
            name: r.name,
            company: r.company,
            email: r.email,
        })
        .collect();
    let err = |e: rolo::store::StoreError| e.to_string();
    // The runtime's answers, for the effects that change what is drawn.
    let serve = |effect: Effect| -> Result<Vec<Msg>, String> {
        Ok(match effect {
            Effect::LoadNames => vec![Msg::NamesLoaded(rows.clone()), Msg::SearchReady],
            Effect::LoadRowDetails(ids) => vec![Msg::RowDetails(
                store
                    .read(|r| {
                        let mut out = Vec::new();
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
                        Ok::<_, rolo::store::StoreError>(out)
                    })
                    .map_err(err)?,
            )],
            Effect::LoadDetail(id) => store
                .read(|r| {
                    let Some(customer) = r.customer(id)? else {
                        return Ok::<_, rolo::store::StoreError>(vec![]);
                    };
                    let timeline = r.timeline(id, 200)?;
                    let tasks = r.customer_tasks(id)?;
                    Ok(vec![Msg::DetailLoaded(Box::new(Detail {
                        phones: r.phone_forms(&customer.phones)?,
                        customer,
                        timeline,
                        tasks,
                    }))])
                })
                .map_err(err)?,
            Effect::LoadTasks(None) => vec![Msg::TasksLoaded(
                store
                    .read(|r| {
                        let [overdue, _, week] = rolo::review::windows(now.naive_local());
                        r.open_tasks(overdue.start..week.end, 300)?
                            .into_iter()
                            .map(|task| {
                                let customer_name = match task.customer {
                                    Some(id) => r.customer(id)?.map(|c| c.name),
                                    None => None,
                                };
                                Ok(rolo::review::TaskRow {
                                    task,
                                    customer_name,
                                })
                            })
                            .collect::<Result<Vec<_>, rolo::store::StoreError>>()
                    })
                    .map_err(err)?,
            )],
            Effect::Search { seq, query } => vec![Msg::Searched {
                seq,
                hits: index.search(&query, FILTER_LIMIT),
                total: None,
            }],
            _ => vec![],
        })
    };
    // Run effects until the model has everything it asked for.
    let settle = |model: &mut Model, effects: Vec<Effect>| -> Result<(), String> {
        let mut effects = effects;
        for _ in 0..20 {
            if effects.is_empty() {
                return Ok(());
            }
            let mut next = Vec::new();
            for effect in effects {
                for msg in serve(effect)? {
                    next.extend(update(model, msg));
                }
            }
            effects = next;
        }
        Ok(())
    };

    let mut model = Model::new(Arc::new(keymap), now, Vec::new());
    let mut ui = Ui {
        keystroke: Samples::default(),
        render_wide: Samples::default(),
        render_narrow: Samples::default(),
        draw_wide: Samples::default(),
        draw_narrow: Samples::default(),
    };
    let draws = (rounds * 10).max(20);
    for (width, height) in [(120u16, 40u16), (80, 24)] {
        let mut terminal =
            Terminal::new(TestBackend::new(width, height)).map_err(|e| e.to_string())?;
        let mut draw = |model: &Model, alone: bool| -> Result<(), String> {
            if alone {
                render(&mut terminal.get_frame(), model, &theme);
                return Ok(());
            }
            terminal
                .draw(|frame| render(frame, model, &theme))
                .map(drop)
                .map_err(|e| e.to_string())
        };
        let effects = update(&mut model, Msg::Resized(width, height));
        settle(&mut model, effects)?;
        if !model.names_loaded {
            let effects = rolo::tui::update::start(&mut model);
            settle(&mut model, effects)?;
        }
        if model.rows.len() != index.len() || !model.search_ready {
            return Err(format!("the model has {} rows", model.rows.len()));
        }
        for _ in 0..draws {
            for alone in [true, false] {
                let started = Instant::now();
                draw(&model, alone)?;
                let took = started.elapsed();
                match (width == 120, alone) {
                    (true, true) => ui.render_wide.push(took),
                    (true, false) => ui.draw_wide.push(took),
                    (false, true) => ui.render_narrow.push(took),
                    (false, false) => ui.draw_narrow.push(took),
                }
            }
        }
        if width != 120 {
            continue;
        }
        // Filter keystrokes: `/` then a query, char by char; `esc` clears it.
        for typed in TYPED {
            let effects = update(&mut model, Msg::Key(Key::char('/')));
            settle(&mut model, effects)?;
            draw(&model, false)?;
            for c in typed.chars() {
                let started = Instant::now();
                let effects = update(&mut model, Msg::Key(Key::char(c)));
                draw(&model, false)?;
                let mut took = started.elapsed();
                let mut searched = Vec::new();
                for effect in effects {
                    if matches!(effect, Effect::Search { .. }) {
                        searched.extend(serve(effect)?);
                    }
                }
                let started = Instant::now();
                let mut more = Vec::new();
                for msg in searched {
                    more.extend(update(&mut model, msg));
                }
                draw(&model, false)?;
                took += started.elapsed();
                ui.keystroke.push(took);
                settle(&mut model, more)?;
            }
            let esc = Key::parse("esc").map_err(|e| e.to_string())?;
            let effects = update(&mut model, Msg::Key(esc));
            settle(&mut model, effects)?;
        }
    }
    Ok(ui)
}

// ---------------------------------------------------------------------------
